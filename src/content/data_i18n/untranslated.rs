//! Data files that no language translates. Their texts are in the default language on every
//! page, so on a page in another language they are marked as such (`<span lang="en">`), and
//! `placard check` says once per file and language that the translation is missing.
//!
//! With no translation to learn from, a field is read as text when its key is one that some
//! translation of the site translates, or a usual key for words ([`TEXT_KEYS`]), and its value
//! has a letter and is not an address (`https://`, `mailto:`, `/path`, an e-mail address).

use std::collections::BTreeSet;

use serde_json::Value;

use super::paths::{Seg, get_mut, leaves};
use crate::util::langmark;

/// Keys whose values are words, in any data file.
pub(super) const TEXT_KEYS: [&str; 18] = [
    "name",
    "title",
    "description",
    "summary",
    "text",
    "body",
    "label",
    "heading",
    "intro",
    "hours",
    "note",
    "notes",
    "strapline",
    "alt",
    "caption",
    "when",
    "council",
    "organisation",
];

/// The keys read as text: [`TEXT_KEYS`] and the last key of every field a translation gives.
pub(super) fn text_keys<'a>(translated: impl Iterator<Item = &'a Vec<Seg>>) -> BTreeSet<String> {
    let mut keys: BTreeSet<String> = TEXT_KEYS.iter().map(|k| (*k).to_string()).collect();
    for path in translated {
        if let Some(Seg::Key(k)) = path.iter().rev().find(|s| matches!(s, Seg::Key(_))) {
            keys.insert(k.clone());
        }
    }
    keys
}

/// `value` with each of its texts marked as being in `default_lang`, or `None` when it has no
/// text to mark.
pub(super) fn marked(value: &Value, keys: &BTreeSet<String>, default_lang: &str) -> Option<Value> {
    let texts: Vec<(Vec<Seg>, String)> = leaves(value)
        .into_iter()
        .filter(|(path, text)| is_text(path, text, keys))
        .map(|(path, text)| (path, langmark::mark(default_lang, text)))
        .collect();
    if texts.is_empty() {
        return None;
    }
    let mut out = value.clone();
    for (path, text) in texts {
        if let Some(slot) = get_mut(&mut out, &path) {
            *slot = Value::String(text);
        }
    }
    Some(out)
}

fn is_text(path: &[Seg], text: &str, keys: &BTreeSet<String>) -> bool {
    let key = path.iter().rev().find_map(|s| match s {
        Seg::Key(k) => Some(k.as_str()),
        Seg::Index(_) => None,
    });
    let t = text.trim();
    key.is_some_and(|k| keys.contains(k)) && t.chars().any(char::is_alphabetic) && !is_address(t)
}

fn is_address(t: &str) -> bool {
    let lower = t.to_ascii_lowercase();
    ["http://", "https://", "mailto:", "tel:", "/", "#", "@/"]
        .iter()
        .any(|p| lower.starts_with(p))
        || (!t.contains(char::is_whitespace) && t.contains('@'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_marked_and_addresses_ids_and_numbers_are_not() {
        let v = serde_json::json!([
            { "slug": "a", "name": "Leeds", "url": "https://x.example", "phone": "0113 000",
              "notes": ["Open late", "https://y.example"], "email": "a@b.example",
              "count": 3, "kind": "children" },
        ]);
        let keys = text_keys(std::iter::empty());
        let m = marked(&v, &keys, "en").unwrap();
        assert_eq!(m[0]["name"], langmark::mark("en", "Leeds"));
        assert_eq!(m[0]["notes"][0], langmark::mark("en", "Open late"));
        assert_eq!(m[0]["notes"][1], "https://y.example");
        for k in ["slug", "url", "phone", "email", "kind"] {
            assert_eq!(m[0][k], v[0][k], "{k}");
        }
        assert_eq!(m[0]["count"], 3);
    }

    #[test]
    fn keys_translated_elsewhere_count_as_text() {
        let v = serde_json::json!({ "tagline": "Hello", "code": "AB" });
        assert!(marked(&v, &text_keys(std::iter::empty()), "en").is_none());
        let path = vec![
            Seg::Key("x".into()),
            Seg::Index(0),
            Seg::Key("tagline".into()),
        ];
        let m = marked(&v, &text_keys([path].iter()), "en").unwrap();
        assert_eq!(m["tagline"], langmark::mark("en", "Hello"));
        assert_eq!(m["code"], "AB");
    }
}
