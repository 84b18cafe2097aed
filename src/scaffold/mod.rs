//! Starting and growing a site without a developer: `placard init` (a starter site),
//! `placard new` (a page, a section or a translation, from the section's archetype) and
//! `placard theme list`/`copy` (the theme's files a site can replace).
//!
//! It sits beside `check` and `serve`: it reads the content and theme layers' types and
//! writes only new files, never replacing one that exists.

pub mod init;
pub mod new;
pub mod theme_files;

use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::error::display_path;

/// What can stop `init`, `new` or `theme copy`; each message says what to do instead.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// `init` into a folder that already holds something.
    #[error(
        "{} is not empty, so placard did not write anything into it. Give a new folder's name \
         (placard init my-campaign makes it), or empty this one first.",
        display_path(.0)
    )]
    NotEmpty(PathBuf),
    /// `init` given a path that is a file.
    #[error("{} is a file, not a folder. Give the name of a new folder.", display_path(.0))]
    NotAFolder(PathBuf),
    /// A file placard would write exists already.
    #[error(
        "{} already exists, so placard left it as it is. Choose another name, or delete the \
         file first if you want a new one.",
        display_path(.0)
    )]
    Exists(PathBuf),
    /// A language code that cannot be one.
    #[error("`{0}` is not a language code. Use a short code such as en, cy, ur, pl or pt-br.")]
    BadLanguage(String),
    /// `new` given a path placard cannot make a page of.
    #[error("{path} cannot be a page: {why}")]
    BadPath {
        /// The path as given.
        path: String,
        /// Why, and what to write instead.
        why: String,
    },
    /// `theme copy` of a file the theme does not have.
    #[error("the theme has no file `{name}`.{hint} `placard theme list` shows every file.")]
    NoThemeFile {
        /// The name as given.
        name: String,
        /// " Did you mean `x`?", or empty.
        hint: String,
    },
    /// The site's own input is wrong (an archetype, or an original's front matter).
    #[error(transparent)]
    Site(#[from] crate::Error),
    /// Reading or writing failed.
    #[error("could not {action} {}: {source}", display_path(path))]
    Io {
        /// What placard was doing.
        action: &'static str,
        /// The file or folder.
        path: PathBuf,
        /// The system's error.
        source: std::io::Error,
    },
}

/// Results of this module.
pub type Result<T> = std::result::Result<T, Error>;

fn io(action: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> Error {
    let path = path.to_path_buf();
    move |source| Error::Io {
        action,
        path,
        source,
    }
}

/// Writes a new file (and its folders); an existing file is [`Error::Exists`] and is left as
/// it is (the file is opened with `create_new`, so nothing is replaced even in a race).
/// `shown` is the path to name in messages.
pub fn write_new(path: &Path, shown: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(io("create the folder", parent))?;
    }
    let mut file = match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
    {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(Error::Exists(shown.to_path_buf()));
        }
        Err(e) => return Err(io("create", shown)(e)),
    };
    file.write_all(bytes).map_err(io("write", shown))
}

/// Is `code` a language code (`en`, `pt-br`, `zh-hant`)?
pub fn is_language_code(code: &str) -> bool {
    let mut parts = code.split('-');
    let first = parts.next().unwrap_or("");
    (2..=3).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_lowercase())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// `text` as a YAML double-quoted string.
pub fn yaml_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_codes() {
        for ok in ["en", "cy", "ur", "pt-br", "zh-hant", "haw"] {
            assert!(is_language_code(ok), "{ok}");
        }
        for bad in ["", "e", "EN", "english", "en_GB", "en-", "../x"] {
            assert!(!is_language_code(bad), "{bad}");
        }
    }

    #[test]
    fn yaml_strings_round_trip() {
        for text in ["Safe at Home", "He said \"no\"", "a\\b: #c", "x\ny", "اردو"] {
            let parsed: String = serde_saphyr::from_str(&yaml_string(text)).unwrap();
            assert_eq!(parsed, text);
        }
    }

    #[test]
    fn write_new_refuses_an_existing_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a/b.md");
        write_new(&path, Path::new("a/b.md"), b"one").unwrap();
        let err = write_new(&path, Path::new("a/b.md"), b"two").unwrap_err();
        assert!(matches!(err, Error::Exists(_)), "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), b"one");
    }
}
