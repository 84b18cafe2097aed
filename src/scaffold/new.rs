//! `placard new PATH`: a new page (`x/y.md`, or a bundle `x/y/index.md`), a new section
//! (`x/_index.md`, or `x/`), or a translation (`x/y.ur.md` beside `x/y.md`), never replacing
//! a file.
//!
//! **Archetypes.** What a new page starts with comes from the nearest archetype of its
//! section: `archetypes/<section>.md` for pages of `content/<section>/` (a nested section is
//! `archetypes/<a>/<b>.md`; a page takes its own section's, else its parent section's, and so
//! on), else `archetypes/default.md`, else placard's own. An archetype is a page: front
//! matter and text, in which `{{ title }}` and `{{ date }}` (today, `2026-12-02`) are filled
//! in (the title as a quoted YAML string in the front matter). A new section's `_index.md`
//! comes from `archetypes/<section>/_index.md`, else `archetypes/_index.md`, else placard's
//! own. Without an archetype, a page of a section sorted by weight gets the next weight, and
//! one of a section sorted by date gets today's date.

use std::path::{Component, Path, PathBuf};

use super::{Error, Result, write_new, yaml_string};
use crate::config::Config;
use crate::content::front_matter::{self, FrontMatter, SortBy};

/// The folder of archetypes, at the site root.
pub const ARCHETYPES: &str = "archetypes";

/// What was made.
#[derive(Debug)]
pub struct Made {
    /// The new file, relative to the site folder (`content/x/y.md`).
    pub file: PathBuf,
    /// What it is.
    pub kind: Kind,
    /// The archetype it came from (relative to the site folder), if any.
    pub archetype: Option<PathBuf>,
}

/// The kinds of file `new` makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A page (or a page bundle's `index.md`).
    Page,
    /// A section's `_index.md`.
    Section,
    /// A translation of an existing page or section.
    Translation,
}

/// Makes the file `path` (relative to `content/`, or starting with `content/`) in the site
/// at `root`, titled `title` (else a title made from its name).
pub fn new(root: &Path, path: &str, title: Option<&str>) -> Result<Made> {
    let config = Config::load(root)?;
    let rel = content_path(path)?;
    let file = Path::new("content").join(&rel);
    if root.join(&file).exists() {
        return Err(Error::Exists(file));
    }
    let name = rel.file_name().map(|n| n.to_string_lossy().into_owned());
    let name = name.unwrap_or_default();
    let stem = name.trim_end_matches(".md");
    if let Some((original, lang)) = translation_of(&config, stem) {
        let original_file = file.with_file_name(format!("{original}.md"));
        let text = translate(root, &original_file, lang, title, path)?;
        write_new(&root.join(&file), &file, text.as_bytes())?;
        return Ok(Made {
            file,
            kind: Kind::Translation,
            archetype: None,
        });
    }
    if let Some(code) = undeclared_language(&config, stem) {
        return Err(Error::BadPath {
            path: path.into(),
            why: format!(
                "`{code}` looks like a language code, but placard.yaml does not declare it. \
                 Add it under `languages:` (such as `languages: {{ {code}: {{}} }}`) first."
            ),
        });
    }
    let section = stem == "_index";
    let title = match title {
        Some(t) if !t.trim().is_empty() => t.trim().to_string(),
        _ => title_from(&rel, section),
    };
    let (text, archetype) = if section {
        section_text(root, &rel, &title)?
    } else {
        page_text(root, &rel, &title)?
    };
    write_new(&root.join(&file), &file, text.as_bytes())?;
    Ok(Made {
        file,
        kind: if section { Kind::Section } else { Kind::Page },
        archetype,
    })
}

/// The path under `content/`: `x/` and `x` (no `.md`) are the section `x/_index.md`.
fn content_path(path: &str) -> Result<PathBuf> {
    let bad = |why: &str| Error::BadPath {
        path: path.into(),
        why: why.into(),
    };
    let trimmed = path.trim().replace('\\', "/");
    let trimmed = trimmed.strip_prefix("./").unwrap_or(&trimmed);
    let trimmed = trimmed.strip_prefix("content/").unwrap_or(trimmed);
    let mut rel = PathBuf::from(trimmed);
    if trimmed.is_empty() || trimmed == "/" {
        return Err(bad("give a file under content/, such as campaign/signs.md"));
    }
    if trimmed.ends_with('/') || !trimmed.ends_with(".md") {
        rel = rel.join("_index.md");
    }
    for c in rel.components() {
        match c {
            Component::Normal(part) if !part.to_string_lossy().starts_with('.') => {}
            _ => {
                return Err(bad(
                    "write a path inside content/ with no `..`, no leading `/` and no hidden names, such as campaign/signs.md",
                ));
            }
        }
    }
    Ok(rel)
}

/// `signs.ur` with `ur` declared: `("signs", "ur")`.
fn translation_of<'a>(config: &Config, stem: &'a str) -> Option<(&'a str, &'a str)> {
    let (original, lang) = stem.rsplit_once('.')?;
    (config.is_other_language(lang) && !original.is_empty()).then_some((original, lang))
}

/// `signs.ru` where `ru` looks like a language code but is not declared.
fn undeclared_language<'a>(config: &Config, stem: &'a str) -> Option<&'a str> {
    let (_, lang) = stem.rsplit_once('.')?;
    let looks = lang.len() == 2 && lang.chars().all(|c| c.is_ascii_lowercase());
    (looks && lang != config.default_language && !config.languages.contains_key(lang))
        .then_some(lang)
}

/// The translation's text: the original's front matter with `translation_review: pending`
/// (and the new title, if given), and a marked gap for the translated text.
fn translate(
    root: &Path,
    original: &Path,
    lang: &str,
    title: Option<&str>,
    path: &str,
) -> Result<String> {
    if !root.join(original).is_file() {
        return Err(Error::BadPath {
            path: path.into(),
            why: format!(
                "it would translate {}, which does not exist. Make the original first.",
                crate::error::display_path(original)
            ),
        });
    }
    let text = crate::util::fs::read_text(root, original).map_err(crate::Error::from)?;
    let split = front_matter::split(&text, original).map_err(crate::Error::from)?;
    let mut yaml = String::new();
    let mut skipping = false;
    for line in split.yaml.lines() {
        let continued = line.starts_with([' ', '\t']) || line.trim().is_empty();
        if !(skipping && continued) {
            let key = line.split(':').next().unwrap_or("");
            skipping = (key == "title" && title.is_some()) || key == "translation_review";
        }
        if !skipping {
            yaml.push_str(line);
            yaml.push('\n');
        }
    }
    if let Some(t) = title {
        yaml = format!("title: {}\n{yaml}", yaml_string(t));
    }
    yaml.push_str("translation_review: pending\n");
    Ok(format!(
        "---\n{yaml}---\n[TODO: the text of {} in `{lang}`. Keep the translation_review line until a fluent speaker has checked it.]\n",
        crate::error::display_path(original)
    ))
}

/// A new page's text and the archetype it came from.
fn page_text(root: &Path, rel: &Path, title: &str) -> Result<(String, Option<PathBuf>)> {
    let section_dir = page_section(rel);
    if let Some((archetype, text)) = find_archetype(root, &section_dir, ".md", "default.md")? {
        return Ok((fill(&text, title), Some(archetype)));
    }
    let mut yaml = format!(
        "title: {}\ndescription: \"[TODO: one sentence on what this page is for.]\"\n",
        yaml_string(title)
    );
    match section_order(root, &section_dir) {
        Some(SortBy::Date) => yaml.push_str(&format!("date: {}\n", today())),
        Some(SortBy::Weight) => {
            let next = max_weight(root, &section_dir).map_or(10, |w| w + 10);
            yaml.push_str(&format!("weight: {next}\n"));
        }
        _ => {}
    }
    Ok((format!("---\n{yaml}---\n[TODO: write the page.]\n"), None))
}

/// A new section's text and the archetype it came from.
fn section_text(root: &Path, rel: &Path, title: &str) -> Result<(String, Option<PathBuf>)> {
    let dir = rel.parent().unwrap_or(Path::new(""));
    let own = Path::new(ARCHETYPES).join(dir).join("_index.md");
    for archetype in [own, Path::new(ARCHETYPES).join("_index.md")] {
        if root.join(&archetype).is_file() {
            let text = read(root, &archetype)?;
            return Ok((fill(&text, title), Some(archetype)));
        }
    }
    let yaml = format!(
        "title: {}\ndescription: \"[TODO: one sentence on what this section is about.]\"\nsort_by: weight\n",
        yaml_string(title)
    );
    Ok((
        format!("---\n{yaml}---\n[TODO: a few sentences introducing the section.]\n"),
        None,
    ))
}

/// The section folder (under `content/`) a page belongs to: a bundle's `x/y/index.md` is in
/// `x`, a page `x/y.md` in `x`.
fn page_section(rel: &Path) -> PathBuf {
    let parent = rel.parent().unwrap_or(Path::new(""));
    let bundle = rel.file_name().is_some_and(|n| n == "index.md");
    let dir = if bundle {
        parent.parent().unwrap_or(Path::new(""))
    } else {
        parent
    };
    dir.to_path_buf()
}

/// The nearest `archetypes/<dir><suffix>` going up from `section_dir`, else
/// `archetypes/<fallback>`: (its path, its text).
pub fn find_archetype(
    root: &Path,
    section_dir: &Path,
    suffix: &str,
    fallback: &str,
) -> Result<Option<(PathBuf, String)>> {
    let mut dir = Some(section_dir);
    while let Some(d) = dir.filter(|d| !d.as_os_str().is_empty()) {
        let candidate = PathBuf::from(format!(
            "{}/{}{suffix}",
            ARCHETYPES,
            crate::util::fs::slash_path(d)
        ));
        if root.join(&candidate).is_file() {
            let text = read(root, &candidate)?;
            return Ok(Some((candidate, text)));
        }
        dir = d.parent();
    }
    let candidate = Path::new(ARCHETYPES).join(fallback);
    if root.join(&candidate).is_file() {
        let text = read(root, &candidate)?;
        return Ok(Some((candidate, text)));
    }
    Ok(None)
}

fn read(root: &Path, rel: &Path) -> Result<String> {
    Ok(crate::util::fs::read_text(root, rel).map_err(crate::Error::from)?)
}

/// Fills `{{ title }}` and `{{ date }}`: quoted in the front matter, as written after it.
fn fill(text: &str, title: &str) -> String {
    let date = today();
    let quoted = yaml_string(title);
    let fill_part = |part: &str, t: &str| {
        part.replace("{{ title }}", t)
            .replace("{{title}}", t)
            .replace("{{ date }}", &date)
            .replace("{{date}}", &date)
    };
    match front_matter::split(text, Path::new("archetype")) {
        Ok(split) => {
            let yaml_at = text.find(split.yaml).unwrap_or(0);
            let (head, rest) = text.split_at(yaml_at);
            let (yaml, _) = rest.split_at(split.yaml.len());
            let body_start = split.body_offset.min(text.len());
            let middle = &text[yaml_at + yaml.len()..body_start];
            format!(
                "{head}{}{middle}{}",
                fill_part(yaml, &quoted),
                fill_part(split.body, title)
            )
        }
        Err(_) => fill_part(text, title),
    }
}

/// How the section in `dir` (under `content/`) sorts its pages, if it has an `_index.md`.
fn section_order(root: &Path, dir: &Path) -> Option<SortBy> {
    let file = Path::new("content").join(dir).join("_index.md");
    let text = crate::util::fs::read_text(root, &file).ok()?;
    let split = front_matter::split(&text, &file).ok()?;
    let fm = FrontMatter::parse(&split, &file, &text).ok()?;
    Some(fm.sort_by.unwrap_or_default())
}

/// The largest `weight:` of the pages in `dir` (under `content/`).
fn max_weight(root: &Path, dir: &Path) -> Option<i64> {
    let folder = root.join("content").join(dir);
    let mut max = None;
    for entry in std::fs::read_dir(&folder).ok()?.flatten() {
        let path = entry.path();
        let page = if path.is_dir() {
            path.join("index.md")
        } else {
            path
        };
        let is_page = page.extension().is_some_and(|e| e == "md")
            && page.file_name().is_some_and(|n| n != "_index.md");
        let Some(text) = is_page
            .then(|| std::fs::read_to_string(&page).ok())
            .flatten()
        else {
            continue;
        };
        let Ok(split) = front_matter::split(&text, &page) else {
            continue;
        };
        if let Ok(fm) = FrontMatter::parse(&split, &page, &text) {
            max = max.max(fm.weight);
        }
    }
    max
}

/// A title from a file's name: `what-to-do.md` is "What to do"; a section's is its folder's.
fn title_from(rel: &Path, section: bool) -> String {
    let bundle = rel.file_name().is_some_and(|n| n == "index.md");
    let named = if section || bundle {
        rel.parent()
    } else {
        Some(rel)
    };
    let stem = named
        .and_then(|p| p.file_name())
        .map(|n| n.to_string_lossy().trim_end_matches(".md").to_string())
        .unwrap_or_default();
    let stem = crate::content::page::date_prefix(&stem).map_or(stem.as_str(), |(_, rest)| rest);
    let words: Vec<&str> = stem
        .split(['-', '_', ' '])
        .filter(|w| !w.is_empty())
        .collect();
    let text = words.join(" ");
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => "Home".into(),
    }
}

/// Today's date (UTC), `2026-12-02`.
fn today() -> String {
    jiff::tz::TimeZone::UTC
        .to_datetime(jiff::Timestamp::now())
        .date()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        assert_eq!(content_path("a/b.md").unwrap(), Path::new("a/b.md"));
        assert_eq!(content_path("content/a/b.md").unwrap(), Path::new("a/b.md"));
        assert_eq!(content_path("news/").unwrap(), Path::new("news/_index.md"));
        assert_eq!(content_path("news").unwrap(), Path::new("news/_index.md"));
        for bad in ["../x.md", "/etc/x.md", "a/../../x.md", ".hidden/x.md", ""] {
            assert!(content_path(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn titles() {
        assert_eq!(
            title_from(Path::new("a/what-to-do.md"), false),
            "What to do"
        );
        assert_eq!(title_from(Path::new("news/_index.md"), true), "News");
        assert_eq!(title_from(Path::new("n/visit/index.md"), false), "Visit");
        assert_eq!(
            title_from(Path::new("n/2024-01-02-launch.md"), false),
            "Launch"
        );
    }

    #[test]
    fn archetype_marks_are_filled() {
        let text = "---\ntitle: {{ title }}\ndate: {{ date }}\n---\n# {{ title }}\n";
        let out = fill(text, "A \"b\"");
        assert!(out.contains("title: \"A \\\"b\\\"\"\n"), "{out}");
        assert!(out.contains("# A \"b\"\n"), "{out}");
        assert!(!out.contains("{{ date }}"));
    }
}
