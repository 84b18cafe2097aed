//! Translations: which pages and sections are versions of the same content in other languages.
//!
//! A translation lives beside its original with the language code before `.md`:
//! `x/y.ur.md` translates `x/y.md`, `x/_index.ur.md` translates `x/_index.md`, and a bundle's
//! `x/y/index.ur.md` translates `x/y/index.md`. Pages made from data by a translated section
//! get keys the same way (`report/bolton.ur.md`). The library key of a default-language page
//! is unchanged; every version of one content shares its *original key*, the default-language
//! key.

use std::collections::BTreeMap;

use crate::config::Config;

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
