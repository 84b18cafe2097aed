//! `data/`: YAML, JSON and CSV files, exposed to templates as `data.<name>`.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::data_i18n::{self, Base, Overlay, Translations};
use crate::config::Config;
use crate::error::{Diagnostic, Result};
use crate::util::fs as fsutil;
use crate::util::url;
use crate::util::yaml::Positions;

/// The data files of a site, by name (a file `data/districts.yaml` is `districts`; a file in a
/// sub-folder `data/a/b.yaml` is `a.b`), plus where each came from.
#[derive(Debug, Clone, Default)]
pub struct Data {
    /// `{name: value}` for templates.
    pub value: Value,
    /// The file of each top-level name, relative to the site root, and its text.
    pub files: Vec<(String, PathBuf, String)>,
    /// The other languages' versions, from `data/<name>.<lang>.yaml` overlays.
    pub translations: Translations,
    /// The names of the data files that could not be read or parsed (their problems are
    /// reported once, by [`load`]; nothing else need say they are missing).
    pub failed: Vec<String>,
}

impl Data {
    /// The whole data value in `lang` without marks (for pages made from data): the base
    /// with `lang`'s overlays laid over it.
    pub fn plain_in(&self, lang: &str) -> &Value {
        self.translations.plain.get(lang).unwrap_or(&self.value)
    }

    /// The whole data value in `lang` for templates, texts that fell back to the default
    /// language marked ([`crate::util::langmark`]); `None` when it is the base data.
    pub fn marked_in(&self, lang: &str) -> Option<&Value> {
        self.translations.marked.get(lang)
    }

    /// The file a top-level name was loaded from, and its text.
    pub fn file(&self, name: &str) -> Option<(&Path, &str)> {
        self.files
            .iter()
            .find(|(n, _, _)| n == name)
            .map(|(_, p, t)| (p.as_path(), t.as_str()))
    }
}

/// Loads every data file under `root/data`: the files that load, and the problems of the
/// others (an error only when the folder cannot be read). `<name>.<lang>.yaml`, for a language
/// of the site other than the default, translates `<name>.yaml` (see [`data_i18n`]); overlays
/// are laid only when every file loaded.
pub fn load(root: &Path, config: &Config) -> Result<(Data, Vec<Diagnostic>)> {
    let dir = root.join("data");
    let mut map = Map::new();
    let mut files = Vec::new();
    let mut overlays = Vec::new();
    let mut problems = Vec::new();
    let mut failed = Vec::new();
    for rel in fsutil::walk_files(&dir)? {
        let Some(ext) = rel.extension().and_then(|e| e.to_str()) else {
            continue;
        };
        let ext = ext.to_ascii_lowercase();
        if !matches!(ext.as_str(), "yaml" | "yml" | "json" | "csv") {
            continue;
        }
        let file = Path::new("data").join(&rel);
        let value = fsutil::read_text(root, &file).and_then(|text| {
            let v = parse(&text, &file, &ext)?;
            Ok((v, text))
        });
        if let Ok((value, text)) = &value {
            problems.extend(url::address_errors(value, &file, text, || {
                (ext != "csv").then(|| Positions::parse(text, 1))
            }));
        }
        match value {
            Ok((value, text)) if overlay_of(&rel, config).is_some() => {
                if let Some((name, lang)) = overlay_of(&rel, config) {
                    overlays.push(Overlay {
                        name,
                        lang,
                        file,
                        text,
                        value,
                    });
                }
            }
            Ok((value, text)) => {
                problems.extend(super::contacts::unreachable(&value, &file, &text));
                let parts: Vec<String> = rel
                    .with_extension("")
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                if !insert_at(&mut map, &parts, value) {
                    problems.push(
                        Diagnostic::new(&file, "two data files have the same name")
                            .hint("rename one of them: data files are named by file name without its extension"),
                    );
                }
                let name = fsutil::slash_path(&rel.with_extension("")).replace('/', ".");
                files.push((name, file, text));
            }
            Err(d) => {
                problems.push(d);
                failed.push(fsutil::slash_path(&rel.with_extension("")).replace('/', "."));
            }
        }
    }
    let value = Value::Object(map);
    let mut data = Data {
        value,
        files,
        translations: Translations::default(),
        failed,
    };
    if !problems.is_empty() {
        return Ok((data, problems));
    }
    let langs: Vec<String> = config
        .languages
        .keys()
        .filter(|l| config.is_other_language(l))
        .cloned()
        .collect();
    let base_of = |name: &str| {
        let (file, text) = data.file(name)?;
        let value = name
            .split('.')
            .try_fold(&data.value, |v, part| v.get(part))?;
        Some(Base { file, text, value })
    };
    let names: Vec<&str> = data.files.iter().map(|(n, _, _)| n.as_str()).collect();
    let translations = data_i18n::translate(
        &data.value,
        (&names, &overlays),
        &base_of,
        &langs,
        &config.default_language,
    )?;
    data.translations = translations;
    Ok((data, problems))
}

/// The data name and language of an overlay file (`sub/x.ur.yaml` is `sub.x` in `ur`), when
/// `rel` is one.
fn overlay_of(rel: &Path, config: &Config) -> Option<(String, String)> {
    let stem = rel.with_extension("");
    let (name, lang) = stem.file_name()?.to_str()?.rsplit_once('.')?;
    if name.is_empty() || !config.is_other_language(lang) {
        return None;
    }
    let base = fsutil::slash_path(&stem.with_file_name(name)).replace('/', ".");
    Some((base, lang.to_string()))
}

/// Inserts `value` at the path `parts` (`["a", "b"]` is `a.b`); false if something is there.
fn insert_at(map: &mut Map<String, Value>, parts: &[String], value: Value) -> bool {
    match parts {
        [] => false,
        [last] => map.insert(last.clone(), value).is_none(),
        [first, rest @ ..] => {
            let entry = map
                .entry(first.clone())
                .or_insert_with(|| Value::Object(Map::new()));
            match entry {
                Value::Object(inner) => insert_at(inner, rest, value),
                _ => false,
            }
        }
    }
}

/// Parses a data file's text by its extension.
pub fn parse(text: &str, file: &Path, ext: &str) -> Result<Value, Diagnostic> {
    match ext {
        "json" => serde_json::from_str(text).map_err(|e| {
            Diagnostic::new(file, format!("this JSON file is not valid: {e}"))
                .at(e.line(), e.column())
                .source(text)
                .hint("check for a missing comma or quote near this point")
        }),
        "csv" => parse_csv(text, file),
        _ => {
            if text.trim().is_empty() {
                return Ok(Value::Null);
            }
            crate::util::yaml::parse(text, file, text, 1, "this data file")
        }
    }
}

fn parse_csv(text: &str, file: &Path) -> Result<Value, Diagnostic> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.as_bytes());
    let csv_error = |e: csv::Error| {
        let line = e.position().map_or(0, |p| p.line() as usize);
        Diagnostic::new(file, format!("this CSV file is not valid: {e}"))
            .at(line, 1)
            .source(text)
            .hint("every row needs as many columns as the header row")
    };
    let headers = reader.headers().map_err(csv_error)?.clone();
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(csv_error)?;
        let row: Map<String, Value> = headers
            .iter()
            .zip(record.iter())
            .map(|(h, v)| (h.to_string(), Value::String(v.to_string())))
            .collect();
        rows.push(Value::Object(row));
    }
    Ok(Value::Array(rows))
}

/// The 1-based line on which each record of a YAML (or JSON) list starts (the top-level list,
/// or else the first list in the file), for pointing errors at a record.
pub fn record_lines(text: &str) -> Vec<usize> {
    crate::util::yaml::Positions::parse(text, 1)
        .records()
        .iter()
        .map(|p| p.line)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_rows_are_maps() {
        let v = parse("name,phone\nBury,0161\n", Path::new("d.csv"), "csv").unwrap();
        assert_eq!(v[0]["name"], "Bury");
    }

    #[test]
    fn bad_json_is_located() {
        let e = parse("{\n \"a\": 1,,\n}", Path::new("d.json"), "json").unwrap_err();
        assert_eq!(e.line, 2);
    }

    #[test]
    fn record_lines_follow_top_level_items() {
        let text = "# x\n- name: A\n  list:\n    - 1\n- name: B\n";
        assert_eq!(record_lines(text), vec![2, 5]);
    }

    #[test]
    fn yaml_keeps_no_and_leading_zeros_as_strings() {
        let v = parse("a: no\nb: 0161\n", Path::new("d.yaml"), "yaml").unwrap();
        assert_eq!(v["a"], "no");
        assert_eq!(v["b"], "0161");
    }
}
