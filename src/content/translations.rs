//! Translations: which pages and sections are versions of the same content in other languages.
//!
//! A translation lives beside its original with the language code before `.md`:
//! `x/y.ur.md` translates `x/y.md`, `x/_index.ur.md` translates `x/_index.md`, and a bundle's
//! `x/y/index.ur.md` translates `x/y/index.md`. Pages made from data by a translated section
//! get keys the same way (`report/bolton.ur.md`). The library key of a default-language page
//! is unchanged; every version of one content shares its *original key*, the default-language
//! key.

use std::collections::BTreeMap;
use std::path::Path;

use crate::config::Config;
pub use crate::config::languages::endonym;
use crate::error::Diagnostic;

/// `x/y.ur.md` -> `x/y.md`; a default-language key is its own original key.
pub fn original_key(key: &str, lang: &str) -> String {
    match key.strip_suffix(&format!(".{lang}.md")) {
        Some(base) => format!("{base}.md"),
        None => key.to_string(),
    }
}

/// `x/y.md` -> `x/y.ur.md` (the key the `lang` version would have); the same key for the
/// default language.
pub fn translated_key(key: &str, lang: &str, config: &Config) -> String {
    if lang == config.default_language {
        return key.to_string();
    }
    match key.strip_suffix(".md") {
        Some(base) => format!("{base}.{lang}.md"),
        None => key.to_string(),
    }
}

/// The position of a language in the site's order: the default first, then as declared.
pub fn language_rank(lang: &str, config: &Config) -> usize {
    if lang == config.default_language {
        return 0;
    }
    config
        .languages
        .keys()
        .filter(|c| **c != config.default_language)
        .position(|c| c == lang)
        .map_or(usize::MAX, |i| i + 1)
}

/// Groups `(key, lang)` pairs by original key; each group lists its keys in language order.
pub fn group<'a>(
    items: impl IntoIterator<Item = (&'a str, &'a str)>,
    config: &Config,
) -> BTreeMap<String, Vec<String>> {
    let mut groups: BTreeMap<String, Vec<(usize, String)>> = BTreeMap::new();
    for (key, lang) in items {
        groups
            .entry(original_key(key, lang))
            .or_default()
            .push((language_rank(lang, config), key.to_string()));
    }
    groups
        .into_iter()
        .map(|(k, mut v)| {
            v.sort();
            (k, v.into_iter().map(|(_, key)| key).collect())
        })
        .collect()
}

/// Splits `y.ur.md` into (`y`, `ur`).
///
/// The rule: the last dot-separated part of a file name is a language code when placard.yaml
/// declares it (or it is the default language). A part that is not declared but looks like a
/// language code (two lower-case letters, optionally with a region: `ru`, `pt-br`) is an error,
/// so a typo does not silently publish a translation as a page of its own; anything else
/// (`notes.v2.md`, `plan.final.md`) is part of the page's name.
pub fn classify(rel: &Path, config: &Config) -> Result<(String, String), Diagnostic> {
    let stem = rel
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if let Some((base, code)) = stem.rsplit_once('.') {
        if code == config.default_language || config.is_other_language(code) {
            return Ok((base.to_string(), code.to_string()));
        }
        if looks_like_language(code) {
            let declared = std::iter::once(config.default_language.as_str())
                .chain(config.languages.keys().map(String::as_str));
            let hint = match near_code(code, declared) {
                Some(s) => format!(
                    "did you mean `{s}` ({base}.{s}.md)? Otherwise add `{code}` under `languages:` in placard.yaml"
                ),
                None => {
                    format!("add `{code}` under `languages:` in placard.yaml, or rename the file")
                }
            };
            let name = rel
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            return Err(Diagnostic::new(
                Path::new("content").join(rel),
                format!(
                    "the file name `{name}` says this is a translation into `{code}`, a language placard.yaml does not declare"
                ),
            )
            .at(1, 1)
            .hint(hint));
        }
    }
    Ok((stem, config.default_language.clone()))
}

/// A declared code one letter away from `code`, or with its letters swapped (`ru` for `ur`).
fn near_code<'a>(code: &str, declared: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let sorted = |s: &str| {
        let mut c: Vec<char> = s.chars().collect();
        c.sort_unstable();
        c
    };
    declared.into_iter().find(|d| {
        let differing = d.chars().zip(code.chars()).filter(|(a, b)| a != b).count();
        d.len() == code.len() && (differing <= 1 || sorted(d) == sorted(code))
    })
}

/// `ur`, `pl`, `pt-br`: two lower-case letters, optionally `-` and a region.
fn looks_like_language(code: &str) -> bool {
    let (lang, region) = code.split_once('-').unwrap_or((code, "ab"));
    let letters = |s: &str, n: std::ops::RangeInclusive<usize>| {
        n.contains(&s.len()) && s.chars().all(|c| c.is_ascii_lowercase())
    };
    letters(lang, 2..=2) && letters(region, 2..=4)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Language;

    fn config() -> Config {
        let mut c = Config::default();
        for (code, name) in [("ur", "اردو"), ("pl", "Polski")] {
            c.languages.insert(
                code.into(),
                Language {
                    name: name.into(),
                    direction: "ltr".into(),
                },
            );
        }
        c
    }

    #[test]
    fn keys() {
        let c = config();
        assert_eq!(original_key("x/y.ur.md", "ur"), "x/y.md");
        assert_eq!(original_key("x/_index.ur.md", "ur"), "x/_index.md");
        assert_eq!(original_key("x/y/index.pl.md", "pl"), "x/y/index.md");
        assert_eq!(original_key("x/y.md", "en"), "x/y.md");
        assert_eq!(original_key("notes.v2.md", "en"), "notes.v2.md");
        assert_eq!(translated_key("x/y.md", "ur", &c), "x/y.ur.md");
        assert_eq!(translated_key("_index.md", "pl", &c), "_index.pl.md");
        assert_eq!(translated_key("x/y.md", "en", &c), "x/y.md");
    }

    #[test]
    fn file_names() {
        let c = config();
        let split =
            |name: &str| classify(Path::new(name), &c).map_err(|d| d.hint.unwrap_or_default());
        assert_eq!(split("x/y.ur.md"), Ok(("y".into(), "ur".into())));
        assert_eq!(split("x/_index.pl.md"), Ok(("_index".into(), "pl".into())));
        assert_eq!(split("x/y.en.md"), Ok(("y".into(), "en".into())));
        assert_eq!(split("notes.v2.md"), Ok(("notes.v2".into(), "en".into())));
        assert_eq!(
            split("plan.final.md"),
            Ok(("plan.final".into(), "en".into()))
        );
        assert!(split("y.ru.md").unwrap_err().contains("did you mean `ur`"));
        assert!(split("y.pk.md").unwrap_err().contains("did you mean `pl`"));
        assert!(split("y.pt-br.md").unwrap_err().contains("add `pt-br`"));
        assert!(split("y.xy.md").unwrap_err().contains("add `xy`"));
    }

    #[test]
    fn groups_in_language_order() {
        let c = config();
        let g = group(
            [
                ("a.pl.md", "pl"),
                ("a.md", "en"),
                ("a.ur.md", "ur"),
                ("b.ur.md", "ur"),
            ],
            &c,
        );
        assert_eq!(g["a.md"], ["a.md", "a.ur.md", "a.pl.md"]);
        assert_eq!(g["b.md"], ["b.ur.md"]);
    }
}
