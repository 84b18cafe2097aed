//! Pages and sections, as loaded from content/ (their Markdown is rendered by the next stage,
//! into `markdown::Documents`).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::front_matter::FrontMatter;
use crate::error::Diagnostic;
use crate::util::text::slugify;

/// A date from front matter or a file name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Date {
    /// As written (normalised): `2024-01-02` or an RFC 3339 date-time.
    pub text: String,
    /// Seconds since 1970 (UTC), for sorting.
    pub timestamp: i64,
}

impl Date {
    /// Parses `YYYY-MM-DD`, `YYYY-MM-DD HH:MM:SS` or RFC 3339.
    pub fn parse(text: &str) -> Option<Date> {
        let text = text.trim();
        if let Ok(ts) = text.parse::<jiff::Timestamp>() {
            return Some(Date {
                text: text.to_string(),
                timestamp: ts.as_second(),
            });
        }
        if let Ok(dt) = text.parse::<jiff::civil::DateTime>() {
            let ts = jiff::tz::TimeZone::UTC.to_timestamp(dt).ok()?;
            let shown = if text.len() == 10 {
                text.to_string()
            } else {
                ts.to_string()
            };
            return Some(Date {
                text: shown,
                timestamp: ts.as_second(),
            });
        }
        None
    }

    /// The date-time in RFC 3339 (for feeds and sitemaps).
    pub fn rfc3339(&self) -> String {
        jiff::Timestamp::from_second(self.timestamp)
            .map_or_else(|_| self.text.clone(), |t| t.to_string())
    }

    /// The date alone, `YYYY-MM-DD`.
    pub fn ymd(&self) -> String {
        self.rfc3339().chars().take(10).collect()
    }
}

/// Where a content file came from.
#[derive(Debug, Clone)]
pub struct Source {
    /// The file, relative to the site root (`content/x/y.md`), for messages.
    pub file: PathBuf,
    /// The whole text of the file, for error snippets.
    pub text: Arc<str>,
    /// The Markdown body's byte offset and first line in `text`.
    pub body_offset: usize,
    pub body_line: usize,
}

impl Source {
    /// The Markdown body.
    pub fn body(&self) -> &str {
        self.text.get(self.body_offset..).unwrap_or("")
    }

    /// A diagnostic at `key:` of the front matter.
    pub fn key_error(&self, key: &str, message: &str, hint: &str) -> Diagnostic {
        super::front_matter::key_error(&self.file, &self.text, key, message, hint)
    }
}

/// A page: `x/y.md`, `x/y/index.md` (a bundle) or one made from a data record.
#[derive(Debug, Clone)]
pub struct Page {
    pub source: Source,
    /// The key other pages link to it by: its path under content/, `x/y.md` or `x/y/index.md`.
    pub key: String,
    pub lang: String,
    pub meta: FrontMatter,
    pub title: String,
    pub slug: String,
    /// The URL path, `/x/y/` (or `/ur/x/y/`).
    pub path: String,
    pub date: Option<Date>,
    pub updated: Option<Date>,
    /// The folder of a page bundle, relative to the site root, and its other files.
    pub bundle_dir: Option<PathBuf>,
    pub assets: Vec<String>,
    /// The key of the section that lists it.
    pub section: Option<String>,
    /// The data record of a generated page.
    pub item: Option<serde_json::Value>,
    /// The template it is rendered with.
    pub template: String,
}

/// A section: `x/_index.md` (or the home page, `_index.md`).
#[derive(Debug, Clone)]
pub struct Section {
    pub source: Source,
    /// `x/_index.md`; the home is `_index.md`.
    pub key: String,
    pub lang: String,
    pub meta: FrontMatter,
    pub title: String,
    /// `/x/`.
    pub path: String,
    /// The folder under content/ (`x`, or empty for the home).
    pub dir: String,
    /// Sections made up by placard for folders without `_index.md` are not rendered.
    pub render: bool,
    pub date: Option<Date>,
    pub updated: Option<Date>,
    /// Keys of its pages, sorted.
    pub pages: Vec<String>,
    /// Keys of its child sections, sorted by path.
    pub subsections: Vec<String>,
    /// The key of the enclosing section.
    pub parent: Option<String>,
    pub template: String,
}

/// Splits a file stem such as `2024-01-02-news` into a date and the rest.
pub fn date_prefix(stem: &str) -> Option<(&str, &str)> {
    let bytes = stem.as_bytes();
    if bytes.len() > 11
        && bytes[..10].iter().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                *b == b'-'
            } else {
                b.is_ascii_digit()
            }
        })
        && (bytes[10] == b'-' || bytes[10] == b'_')
    {
        Some((&stem[..10], &stem[11..]))
    } else {
        None
    }
}

/// The URL path of a folder under content/: `home-truths/signs` -> `/home-truths/signs/`.
pub fn dir_path(lang_prefix: &str, dir: &Path) -> String {
    let mut path = String::from(lang_prefix);
    path.push('/');
    for c in dir.components() {
        let part = slugify(&c.as_os_str().to_string_lossy());
        if !part.is_empty() {
            path.push_str(&part);
            path.push('/');
        }
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(Date::parse("2024-01-02").unwrap().text, "2024-01-02");
        assert_eq!(Date::parse("2024-01-02").unwrap().ymd(), "2024-01-02");
        assert!(Date::parse("2024-01-02T10:00:00Z").is_some());
        assert!(Date::parse("2024-01-02T10:00:00+01:00").is_some());
        assert!(Date::parse("2024-13-02").is_none());
        assert!(Date::parse("yesterday").is_none());
    }

    #[test]
    fn date_prefixes() {
        assert_eq!(date_prefix("2024-01-02-news"), Some(("2024-01-02", "news")));
        assert_eq!(date_prefix("2024-01-02_news"), Some(("2024-01-02", "news")));
        assert_eq!(date_prefix("news"), None);
    }

    #[test]
    fn paths() {
        assert_eq!(
            dir_path("", Path::new("Home Truths/signs")),
            "/home-truths/signs/"
        );
        assert_eq!(dir_path("/ur", Path::new("")), "/ur/");
    }
}
