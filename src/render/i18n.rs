//! UI strings: looking them up, filling their placeholders, and recording the ones a language
//! lacks (reported by `placard check` as `i18n-missing`).

use std::collections::{BTreeSet, HashMap};
use std::sync::Mutex;

/// A UI string a template asked for in a language whose i18n file lacks it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct I18nMiss {
    /// The language asked for (`ur`).
    pub lang: String,
    /// The missing key (`skip_link`).
    pub key: String,
    /// The template rendered when the string was asked for (`page.html`, `components/x.html`).
    pub template: String,
    /// The i18n file that should have the key, relative to the theme (`i18n/ur.yaml`).
    pub file: String,
    /// The language whose text readers see instead (`None`: none has it, they see the key).
    pub shown: Option<String>,
}

/// The language the theme's own words are written in: the last one looked in.
pub const THEME_LANG: &str = "en";

/// The loaded i18n files and the misses of one build.
#[derive(Debug, Default)]
pub struct Strings {
    /// lang -> key -> text.
    pub map: HashMap<String, HashMap<String, String>>,
    default_lang: String,
    misses: Mutex<BTreeSet<I18nMiss>>,
}

impl Strings {
    pub fn new(map: HashMap<String, HashMap<String, String>>, default_lang: &str) -> Self {
        Strings {
            map,
            default_lang: default_lang.to_string(),
            misses: Mutex::new(BTreeSet::new()),
        }
    }

    /// The text of `key` in `lang`, else in the default language, else in the theme's own
    /// [`THEME_LANG`] (marked as being in that language, so the page says so with `lang`: see
    /// [`crate::util::langmark`]), else the key itself; a miss in `lang` is recorded with the
    /// template that asked and what readers see instead.
    pub fn get(&self, key: &str, lang: &str, template: &str) -> String {
        if let Some(text) = self.lookup(key, lang) {
            return text.to_string();
        }
        let instead = [self.default_lang.as_str(), THEME_LANG]
            .into_iter()
            .find_map(|l| Some((l, self.lookup(key, l)?)));
        if let Ok(mut misses) = self.misses.lock() {
            misses.insert(I18nMiss {
                lang: lang.to_string(),
                key: key.to_string(),
                template: template.to_string(),
                file: format!("i18n/{lang}.yaml"),
                shown: instead.map(|(l, _)| l.to_string()),
            });
        }
        instead.map_or_else(
            || key.to_string(),
            |(l, text)| crate::util::langmark::mark(l, text),
        )
    }

    /// The text of `key` in `lang` only, without recording a miss.
    pub fn lookup(&self, key: &str, lang: &str) -> Option<&str> {
        self.map.get(lang)?.get(key).map(String::as_str)
    }

    /// Every miss so far, sorted.
    pub fn misses(&self) -> Vec<I18nMiss> {
        self.misses
            .lock()
            .map(|m| m.iter().cloned().collect())
            .unwrap_or_default()
    }
}

/// Fills `{name}` placeholders: `fill("Page {current} of {total}", [("current", "2"), ...])`.
pub fn fill<'a>(text: &str, values: impl IntoIterator<Item = (&'a str, String)>) -> String {
    let mut out = text.to_string();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), &value);
    }
    out
}

/// Replaces `%B` (full month name) and `%b` (short name) in a date format with the names of
/// `month` (1-12) from the `month_<n>` and `month_short_<n>` strings of `lang`, when it has
/// them; otherwise the format is left for the English names.
pub fn localise_months(format: &str, month: i8, lang: &str, strings: &Strings) -> String {
    let escape = |s: &str| s.replace('%', "%%");
    let mut out = format.to_string();
    if let Some(name) = strings.lookup(&format!("month_{month}"), lang) {
        out = out.replace("%B", &escape(name));
    }
    if let Some(name) = strings.lookup(&format!("month_short_{month}"), lang) {
        out = out.replace("%b", &escape(name));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings() -> Strings {
        let mut map = HashMap::new();
        map.insert(
            "en".to_string(),
            HashMap::from([
                ("hello".to_string(), "Hello".to_string()),
                ("only_en".to_string(), "English".to_string()),
            ]),
        );
        map.insert(
            "pl".to_string(),
            HashMap::from([
                ("hello".to_string(), "Cześć".to_string()),
                ("month_3".to_string(), "marca".to_string()),
            ]),
        );
        Strings::new(map, "en")
    }

    #[test]
    fn falls_back_and_records_misses() {
        let s = strings();
        assert_eq!(s.get("hello", "pl", "a.html"), "Cześć");
        let marked = crate::util::langmark::mark("en", "English");
        assert_eq!(s.get("only_en", "pl", "a.html"), marked);
        assert_eq!(s.get("nowhere", "en", "b.html"), "nowhere");
        assert_eq!(s.get("only_en", "pl", "a.html"), marked);
        assert_eq!(s.get("only_en", "en", "a.html"), "English");
        let misses = s.misses();
        assert_eq!(misses.len(), 2, "{misses:?}");
        assert_eq!(misses[0].lang, "en");
        assert_eq!(misses[0].key, "nowhere");
        assert_eq!(misses[1].lang, "pl");
        assert_eq!(misses[1].key, "only_en");
        assert_eq!(misses[1].template, "a.html");
        assert_eq!(misses[1].file, "i18n/pl.yaml");
        assert_eq!(misses[0].shown, None);
        assert_eq!(misses[1].shown.as_deref(), Some("en"));
    }

    #[test]
    fn a_default_language_without_a_word_falls_back_to_the_themes_english() {
        let mut s = strings();
        s.default_lang = "pl".into();
        let marked = crate::util::langmark::mark("en", "English");
        assert_eq!(s.get("only_en", "pl", "a.html"), marked);
        assert_eq!(
            s.get("hello", "cy", "a.html"),
            crate::util::langmark::mark("pl", "Cześć")
        );
        let misses = s.misses();
        assert_eq!(misses[0].lang, "cy");
        assert_eq!(misses[0].shown.as_deref(), Some("pl"));
        assert_eq!(misses[1].lang, "pl");
        assert_eq!(misses[1].shown.as_deref(), Some("en"));
    }

    #[test]
    fn fills_placeholders_and_months() {
        assert_eq!(
            fill(
                "Page {current} of {total}",
                [("current", "2".into()), ("total", "5".into())]
            ),
            "Page 2 of 5"
        );
        let s = strings();
        assert_eq!(localise_months("%-d %B %Y", 3, "pl", &s), "%-d marca %Y");
        assert_eq!(localise_months("%-d %B %Y", 4, "pl", &s), "%-d %B %Y");
    }
}
