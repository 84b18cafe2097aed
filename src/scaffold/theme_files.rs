//! `placard theme list` and `placard theme copy FILE`: the built-in theme's files a site can
//! replace, each with one line saying what it holds (the first sentence of the file's own
//! leading comment, so the list cannot fall behind the theme), and copying one into the site.

use std::path::{Path, PathBuf};

use super::{Error, Result, write_new};
use crate::assets::embedded::FILES;

/// One file of the theme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThemeFile {
    /// Its path in the theme and in the site: `templates/base.html`, `static/css/placard.css`,
    /// `i18n/ur.yaml`.
    pub path: &'static str,
    /// What it holds, in one line.
    pub about: String,
}

/// Every file of the built-in theme, sorted by path.
pub fn list() -> Vec<ThemeFile> {
    let mut out: Vec<ThemeFile> = FILES
        .iter()
        .map(|(path, bytes)| ThemeFile {
            path,
            about: describe(path, &String::from_utf8_lossy(bytes)),
        })
        .collect();
    out.sort_by(|a, b| a.path.cmp(b.path));
    out
}

/// The theme file `name` names: its whole path, or the path without `templates/`, `static/`
/// or `i18n/`, or (when only one file has it) its file name.
pub fn find(name: &str) -> Result<&'static str> {
    let name = name.trim().trim_start_matches("./").replace('\\', "/");
    let name = name
        .strip_prefix("themes/default/")
        .unwrap_or(&name)
        .to_string();
    let paths: Vec<&'static str> = FILES.iter().map(|(p, _)| *p).collect();
    if let Some(p) = paths.iter().find(|p| **p == name) {
        return Ok(p);
    }
    let by_inner: Vec<&&str> = paths
        .iter()
        .filter(|p| p.split_once('/').map(|(_, rest)| rest) == Some(name.as_str()))
        .collect();
    if let [one] = by_inner.as_slice() {
        return Ok(one);
    }
    let by_name: Vec<&&str> = paths
        .iter()
        .filter(|p| p.rsplit('/').next() == Some(name.as_str()))
        .collect();
    if let [one] = by_name.as_slice() {
        return Ok(one);
    }
    let hint = match by_name.as_slice() {
        [] => nearest(&name, &paths)
            .map(|s| format!(" Did you mean `{s}`?"))
            .unwrap_or_default(),
        many => format!(
            " Several files are called that: {}.",
            many.iter()
                .map(|p| format!("`{p}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    Err(Error::NoThemeFile { name, hint })
}

/// The theme file nearest to a misspelt `name`, compared in the form it was written in
/// (a whole path, a path under `templates/`, or a file name).
fn nearest(name: &str, paths: &[&'static str]) -> Option<&'static str> {
    let forms = |p: &'static str| {
        let inner = p.split_once('/').map_or(p, |(_, rest)| rest);
        let file = p.rsplit('/').next().unwrap_or(p);
        [(p, p), (inner, p), (file, p)]
    };
    let all: Vec<(&str, &str)> = paths.iter().flat_map(|p| forms(p)).collect();
    let best = crate::error::suggest(name, all.iter().map(|(form, _)| *form))?;
    all.iter().find(|(form, _)| *form == best).map(|(_, p)| *p)
}

/// Copies the theme file `name` into the site at `root` (at the same path, which the build
/// then uses instead of the theme's); an existing file is left as it is. Returns the path
/// written, relative to the site.
pub fn copy(root: &Path, name: &str) -> Result<PathBuf> {
    let path = find(name)?;
    let bytes = FILES
        .iter()
        .find(|(p, _)| *p == path)
        .map(|(_, b)| *b)
        .unwrap_or_default();
    let rel = PathBuf::from(path);
    write_new(&root.join(&rel), &rel, bytes)?;
    Ok(rel)
}

/// One line on what a theme file holds, from its leading comment.
fn describe(path: &str, text: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    if let Some(code) = path
        .strip_prefix("i18n/")
        .and_then(|n| n.strip_suffix(".yaml"))
    {
        let language = crate::config::languages::endonym(code).unwrap_or(code);
        return format!("The theme's words in {language} ({code}): buttons, headings, notes");
    }
    if name.starts_with("icon_") {
        return format!(
            "An icon ({}), drawn in SVG",
            name.trim_start_matches("icon_")
                .trim_end_matches(".html")
                .replace('_', " ")
        );
    }
    let comment = if let Some(rest) = text.split_once("{#").map(|(_, r)| r) {
        rest.split("#}").next().unwrap_or("")
    } else if let Some(rest) = text.strip_prefix("/*") {
        rest.split("*/").next().unwrap_or("")
    } else {
        ""
    };
    let comment = comment.trim_matches(|c: char| c == '-' || c.is_whitespace());
    // A component's comment starts with how to call it: what follows `}: ` says what it is.
    let comment = match comment.split_once("}: ") {
        Some((call, rest)) if call.starts_with("{{") || call.starts_with("{%") => rest,
        _ => comment,
    };
    let words: Vec<&str> = comment.split_whitespace().collect();
    let flat = words.join(" ");
    let sentence = first_sentence(&flat);
    if sentence.is_empty() {
        return "(no description)".into();
    }
    let mut chars = sentence.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Up to the first `. ` (or the end), without the full stop; a first sentence of fewer than
/// four words ("placard quick exit.") takes the next one too.
fn first_sentence(text: &str) -> &str {
    let mut ends = text.match_indices(". ").map(|(i, _)| i);
    let mut end = ends.next().unwrap_or(text.len());
    if text[..end].split_whitespace().count() < 4 {
        end = ends.next().unwrap_or(text.len());
    }
    text[..end].trim_end_matches('.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_says_what_it_holds() {
        let files = list();
        assert!(files.len() > 40);
        for f in &files {
            assert!(f.about != "(no description)", "{}", f.path);
            assert!(!f.about.contains('\n'), "{}", f.path);
        }
        let about = |p: &str| files.iter().find(|f| f.path == p).unwrap().about.clone();
        assert_eq!(
            about("templates/base.html"),
            "The skeleton of every page in the default theme"
        );
        assert!(about("templates/components/cards.html").starts_with("A grid of cards"));
        assert!(about("i18n/ur.yaml").contains("اردو"));
    }

    #[test]
    fn names_are_found_in_short_forms() {
        assert_eq!(find("base.html").unwrap(), "templates/base.html");
        assert_eq!(
            find("partials/footer.html").unwrap(),
            "templates/partials/footer.html"
        );
        assert_eq!(find("css/placard.css").unwrap(), "static/css/placard.css");
        assert_eq!(find("static/js/exit.js").unwrap(), "static/js/exit.js");
        let err = find("bse.html").unwrap_err().to_string();
        assert!(err.contains("templates/base.html"), "{err}");
    }
}
