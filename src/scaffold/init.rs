//! `placard init DIR`: a complete starter campaign site, from the files of `starter/`
//! embedded in the binary (build.rs), with the site's name and language filled in.

use std::path::{Path, PathBuf};

use super::{Error, Result, io, is_language_code, write_new, yaml_string};

/// The starter site, embedded at compile time by build.rs.
mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_starter.rs"));
}

/// What `init` is asked for.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The campaign's name (the site's title); else made from the folder's name.
    pub name: Option<String>,
    /// The language of the pages; `en` when not given.
    pub language: Option<String>,
}

/// What `init` wrote.
#[derive(Debug)]
pub struct Written {
    /// The site's title.
    pub name: String,
    /// The default language.
    pub language: String,
    /// The files written, relative to the site folder, sorted.
    pub files: Vec<PathBuf>,
}

/// Languages written right to left, which need `direction: rtl` in `languages:`.
const RTL: &[&str] = &["ar", "ckb", "dv", "fa", "he", "ps", "sd", "ug", "ur", "yi"];

/// Files written beside the starter's own (hidden names, which build.rs does not embed).
const GITIGNORE: &str =
    "# What placard makes: the built site and its image cache.\npublic/\n.placard-cache/\n";

/// Writes a starter site into `dir`, which must not exist or be empty. Nothing is written
/// into a folder that holds anything (hidden files too).
pub fn init(dir: &Path, options: &Options) -> Result<Written> {
    let language = options.language.clone().unwrap_or_else(|| "en".into());
    if !is_language_code(&language) {
        return Err(Error::BadLanguage(language));
    }
    let name = match &options.name {
        Some(n) if !n.trim().is_empty() => n.trim().to_string(),
        _ => name_from_folder(dir),
    };
    if dir.is_file() {
        return Err(Error::NotAFolder(dir.to_path_buf()));
    }
    if dir.is_dir() {
        let mut entries = std::fs::read_dir(dir).map_err(io("read the folder", dir))?;
        if entries.next().is_some() {
            return Err(Error::NotEmpty(dir.to_path_buf()));
        }
    }
    let mut files = Vec::new();
    for (rel, bytes) in starter_files(&name, &language) {
        write_new(&dir.join(&rel), &rel, &bytes)?;
        files.push(rel);
    }
    files.extend(editor_files(dir)?);
    for empty in ["static", "templates"] {
        let path = dir.join(empty);
        std::fs::create_dir_all(&path).map_err(io("create the folder", &path))?;
    }
    files.sort();
    Ok(Written {
        name,
        language,
        files,
    })
}

/// Every file of the starter site with its text filled in: (path, bytes).
pub fn starter_files(name: &str, language: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out: Vec<(PathBuf, Vec<u8>)> = embedded::FILES
        .iter()
        .map(|(rel, bytes)| {
            let bytes = match std::str::from_utf8(bytes) {
                Ok(text) => fill(text, name, language).into_bytes(),
                Err(_) => bytes.to_vec(),
            };
            (PathBuf::from(rel), bytes)
        })
        .collect();
    out.push((PathBuf::from(".gitignore"), GITIGNORE.as_bytes().to_vec()));
    out
}

/// The schemas of the new site (`schemas/`) and the `.vscode/settings.json` that points VS
/// Code's YAML extension at them, so a typo in placard.yaml or a data file is underlined
/// while typing.
fn editor_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let schema_dir = crate::schema::DEFAULT_DIR;
    let mut files = Vec::new();
    for path in crate::schema::write(dir, &dir.join(schema_dir))? {
        files.push(
            path.strip_prefix(dir)
                .map(Path::to_path_buf)
                .unwrap_or(path),
        );
    }
    let settings = crate::schema::vscode_settings(&crate::schema::schemas(dir)?, schema_dir);
    let rel = PathBuf::from(".vscode/settings.json");
    write_new(&dir.join(&rel), &rel, settings.as_bytes())?;
    files.push(rel);
    Ok(files)
}

/// Fills the starter's `@@...@@` marks.
fn fill(text: &str, name: &str, language: &str) -> String {
    let comment_name: String = name.chars().filter(|c| !c.is_control()).collect();
    text.replace("@@NAME_YAML@@", &yaml_string(name))
        .replace("@@NAME_COMMENT@@", &comment_name)
        .replace("@@LANG@@", language)
        .replace("@@LANGUAGES@@", &languages_block(language))
}

/// The `languages:` lines of placard.yaml for a site in `language`.
fn languages_block(language: &str) -> String {
    let mut out = String::new();
    if language != "en" {
        out.push_str(&format!(
            "# The starter pages are written in English: write them in `{language}`.\n"
        ));
    }
    if RTL.contains(&language) {
        out.push_str(&format!(
            "# Other languages, by code. `{language}` is written right to left.\nlanguages:\n  {language}: {{ direction: rtl }}\n"
        ));
    } else {
        out.push_str(
            "# Other languages, by code, such as:\n# languages:\n#   ur: { name: اردو, direction: rtl }   # its name in its own script; rtl for Urdu, Arabic\n#   pl: {}                               # placard knows the names of common languages\n",
        );
    }
    out
}

/// A readable name from the folder's name: `safe-at-home` is "Safe at home".
fn name_from_folder(dir: &Path) -> String {
    let base = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let words: Vec<&str> = base
        .split(|c: char| c == '-' || c == '_' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect();
    let text = words.join(" ");
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "My campaign".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_folders() {
        assert_eq!(
            name_from_folder(Path::new("x/safe-at-home")),
            "Safe at home"
        );
        assert_eq!(name_from_folder(Path::new(".")), "My campaign");
        assert_eq!(name_from_folder(Path::new("/")), "My campaign");
    }

    #[test]
    fn no_mark_is_left_unfilled() {
        for (rel, bytes) in starter_files("A \"quoted\" name", "ur") {
            let text = String::from_utf8_lossy(&bytes);
            assert!(!text.contains("@@"), "{}", rel.display());
        }
    }

    #[test]
    fn right_to_left_languages_are_declared() {
        assert!(languages_block("ur").contains("ur: { direction: rtl }"));
        assert!(!languages_block("cy").contains("\nlanguages:"));
    }
}
