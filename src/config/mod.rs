//! `placard.yaml`: parsed, checked, and given its defaults.

pub mod brand;
pub mod check;
pub mod cms;
pub mod help;
pub mod images;
pub mod languages;
pub mod search;

use std::path::Path;

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use crate::error::{Diagnostic, Result};

/// The configuration file's name, at the site root.
pub const FILE: &str = "placard.yaml";

/// A declared language.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Language {
    /// The language's name in its own script (`اردو`, `Polski`).
    #[serde(default)]
    pub name: String,
    /// `ltr` (default) or `rtl`.
    #[serde(default = "ltr")]
    pub direction: String,
}

fn ltr() -> String {
    "ltr".into()
}

/// A taxonomy, such as `topics`.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Taxonomy {
    /// The name used in front matter and URLs.
    pub name: String,
    /// Terms' pages are paginated by this many pages.
    #[serde(default)]
    pub paginate_by: Option<usize>,
    /// Each term gets an Atom feed.
    #[serde(default)]
    pub feed: bool,
}

/// The site's configuration.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The site's title.
    #[serde(default)]
    pub title: String,
    /// The site's description.
    #[serde(default)]
    pub description: String,
    /// The absolute URL the site is published at, without a trailing slash.
    #[serde(default)]
    pub base_url: String,
    /// The language of pages without a language suffix.
    #[serde(default = "default_language")]
    pub default_language: String,
    /// Other languages, by code.
    #[serde(default)]
    pub languages: IndexMap<String, Language>,
    /// The theme under `themes/`; `default` is built in.
    #[serde(default = "default_theme")]
    pub theme: String,
    /// Taxonomies pages can be classified in.
    #[serde(default)]
    pub taxonomies: Vec<Taxonomy>,
    /// Minify HTML (with its CSS and JS).
    #[serde(default = "yes")]
    pub minify: bool,
    /// Write Atom feeds (`/atom.xml`, and sections with `feed: true`).
    #[serde(default = "yes")]
    pub feeds: bool,
    /// Write `sitemap.xml`.
    #[serde(default = "yes")]
    pub sitemap: bool,
    /// Where the quick exit takes a visitor: a neutral site.
    #[serde(default = "default_exit")]
    pub quick_exit_url: String,
    /// A contact checked longer ago than this is shown as needing a check.
    #[serde(default = "default_max_age")]
    pub contact_max_age_days: u32,
    /// Responsive images: widths, quality, `sizes`.
    #[serde(default)]
    pub images: images::ImageOptions,
    /// `placard check`: severities per rule, the default reading age, pages needing the exit.
    #[serde(default)]
    pub check: check::Settings,
    /// Site search: the index, the search page and box (config/search.rs; the index is made by extras/search).
    #[serde(default)]
    pub search: search::Settings,
    /// The editing UI in the browser at `/admin/` (config/cms.rs).
    #[serde(default)]
    pub cms: cms::Settings,
    /// The country the site serves (ISO 3166, `GB`): with no `help:`, a UK site shows 999 and 101.
    #[serde(default)]
    pub country: String,
    /// The "Get help now" block: keys of data/helplines.yaml, in order (config/help.rs).
    #[serde(default)]
    pub help: Vec<help::HelpEntry>,
    /// The page "Get help now" links to for all the ways to get help (`@/report/_index.md`).
    #[serde(default)]
    pub help_page: Option<String>,
    /// The page every `report()` block links to last, saying what happens after a report
    /// (`@/report/after-you-report.md`).
    #[serde(default)]
    pub after_report_page: Option<String>,
    /// What `report(concern="x")` lists, by concern (config/help.rs).
    #[serde(default)]
    pub report: IndexMap<String, help::Concern>,
    /// The organisation's look: name, logo, colours, footer, favicon, share image (config/brand.rs).
    #[serde(default)]
    pub brand: brand::Brand,
    /// Free-form values for templates.
    #[serde(default = "empty_map")]
    pub extra: serde_json::Value,
}

fn default_language() -> String {
    "en".into()
}
fn default_theme() -> String {
    "default".into()
}
fn default_exit() -> String {
    "https://www.bbc.co.uk/weather".into()
}
fn default_max_age() -> u32 {
    365
}
fn yes() -> bool {
    true
}
fn empty_map() -> serde_json::Value {
    serde_json::Value::Object(serde_json::Map::new())
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: String::new(),
            description: String::new(),
            base_url: String::new(),
            default_language: default_language(),
            languages: IndexMap::new(),
            theme: default_theme(),
            taxonomies: Vec::new(),
            minify: true,
            feeds: true,
            sitemap: true,
            quick_exit_url: default_exit(),
            contact_max_age_days: default_max_age(),
            images: Default::default(),
            check: check::Settings::default(),
            search: Default::default(),
            cms: Default::default(),
            country: String::new(),
            help: Vec::new(),
            help_page: None,
            after_report_page: None,
            report: IndexMap::new(),
            brand: Default::default(),
            extra: empty_map(),
        }
    }
}

impl Config {
    /// Loads `placard.yaml` from the site root; a site without one gets the defaults.
    pub fn load(root: &Path) -> Result<Config> {
        let rel = Path::new(FILE);
        if !root.join(rel).exists() {
            return Ok(Config::default());
        }
        let text = crate::util::fs::read_text(root, rel)?;
        let mut config: Config = if text.trim().is_empty() {
            Config::default()
        } else {
            crate::util::yaml::parse(&text, rel, &text, 1, FILE)?
        };
        config.check(&text)?;
        Ok(config)
    }

    /// Replaces the base URL (from `--base-url`).
    pub fn set_base_url(&mut self, url: &str) -> Result<()> {
        self.base_url = url.to_string();
        self.check("")
    }

    fn check(&mut self, text: &str) -> Result<()> {
        let mut problems = Vec::new();
        let at_key = |key: &str, message: String, hint: &str| {
            let d = Diagnostic::new(FILE, message).hint(hint);
            match find_key_line(text, key) {
                Some(line) => d.at(line, 1).len(key.len()).source(text),
                None => d,
            }
        };
        self.base_url = self.base_url.trim().trim_end_matches('/').to_string();
        let web = |u: &str| u.starts_with("https://") || u.starts_with("http://");
        if !(self.base_url.is_empty() || web(&self.base_url)) {
            problems.push(at_key(
                "base_url",
                format!("base_url `{}` is not a web address", self.base_url),
                "write the full address the site is published at, such as https://campaigns.example.org",
            ));
        }
        let exit = self.quick_exit_url.trim();
        if !(web(exit)
            && exit
                .split_once("://")
                .is_some_and(|(_, host)| !host.is_empty()))
        {
            problems.push(at_key(
                "quick_exit_url",
                format!("quick_exit_url `{exit}` is not a full web address, so the exit button would lead nowhere"),
                "write the whole address, starting with https://, such as https://www.bbc.co.uk/weather",
            ));
        }
        if !self.extra.is_object() {
            problems.push(at_key(
                "extra",
                "`extra` must be a map of names to values".into(),
                "indent the values under `extra:` as `name: value` lines",
            ));
        }
        problems.extend(crate::util::url::address_errors(
            &self.extra,
            Path::new(FILE),
            text,
            || Some(crate::util::yaml::Positions::parse(text, 1)),
        ));
        for (code, lang) in &self.languages {
            if lang.direction != "ltr" && lang.direction != "rtl" {
                problems.push(at_key(
                    code,
                    format!("language `{code}` has direction `{}`", lang.direction),
                    "use `direction: rtl` for right-to-left scripts (Urdu, Arabic) or leave it out",
                ));
            }
            if !is_language_code(code) {
                problems.push(at_key(
                    code,
                    format!("`{code}` is not a language code"),
                    "use a short code such as `ur`, `pl` or `pt-br`",
                ));
            }
        }
        problems.extend(self.check.problems(text));
        let mut seen = std::collections::HashSet::new();
        for t in &self.taxonomies {
            if crate::util::text::slugify(&t.name) != t.name || t.name.is_empty() {
                problems.push(at_key(
                    &t.name,
                    format!("taxonomy name `{}` cannot be used in a URL", t.name),
                    "use lower-case letters, digits and hyphens, such as `topics`",
                ));
            }
            if !seen.insert(&t.name) {
                problems.push(at_key(
                    &t.name,
                    format!("the taxonomy `{}` is declared twice", t.name),
                    "remove one of the two",
                ));
            }
        }
        for (key, message, hint) in self.search.problems() {
            problems.push(at_key(key, message, hint));
        }
        for (key, message, hint) in self.images.problems() {
            problems.push(at_key(key, message, hint));
        }
        for (key, message, hint) in self.cms.problems() {
            problems.push(at_key(key, message, hint));
        }
        for (key, message, hint) in help::problems(&self.country, &self.help, &self.report)
            .into_iter()
            .chain(self.brand.problems())
        {
            problems.push(at_key(&key, message, &hint));
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems.into())
        }
    }

    /// Every language's code, the default first, then the others in code order.
    pub fn language_codes(&self) -> Vec<String> {
        let mut out = vec![self.default_language.clone()];
        out.extend(
            self.languages
                .keys()
                .filter(|k| **k != self.default_language)
                .cloned(),
        );
        out
    }

    /// Is `code` a declared language other than the default?
    pub fn is_other_language(&self, code: &str) -> bool {
        code != self.default_language && self.languages.contains_key(code)
    }

    /// A language's name in its own script: from `languages:`, else a known name, else its code.
    pub fn language_name<'a>(&'a self, code: &'a str) -> &'a str {
        self.languages
            .get(code)
            .map(|l| l.name.as_str())
            .filter(|n| !n.is_empty())
            .or_else(|| languages::endonym(code))
            .unwrap_or(code)
    }

    /// `rtl` or `ltr`.
    pub fn language_direction(&self, code: &str) -> &str {
        self.languages
            .get(code)
            .map_or("ltr", |l| l.direction.as_str())
    }

    /// The absolute URL of a site path such as `/x/y/`.
    pub fn permalink(&self, path: &str) -> String {
        if self.base_url.is_empty() {
            return path.to_string();
        }
        format!("{}{}", self.base_url, path)
    }

    /// The path part of `base_url` (`/campaigns` for `https://x.org/campaigns`), or empty.
    pub fn base_path(&self) -> &str {
        let rest = self.base_url.split_once("://").map_or("", |(_, r)| r);
        rest.find('/').map_or("", |i| &rest[i..])
    }

    /// The URL to link to a site path from within the site: root-relative, with the base
    /// URL's path (`/campaigns/x/y/`), so a local preview works too.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base_path(), path)
    }

    /// The taxonomy named `name`.
    pub fn taxonomy(&self, name: &str) -> Option<&Taxonomy> {
        self.taxonomies.iter().find(|t| t.name == name)
    }
}

fn is_language_code(code: &str) -> bool {
    !code.is_empty()
        && code.len() <= 12
        && code
            .split('-')
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// The 1-based line on which `key:` appears (the first time; else a list item naming it), for
/// pointing at a config value.
pub fn find_key_line(text: &str, key: &str) -> Option<usize> {
    crate::util::yaml::Positions::parse(text, 1)
        .first(key)
        .map(|p| p.line)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config> {
        let dir = tempfile::tempdir().map_err(|e| crate::Error::io("make", "tmp", e))?;
        std::fs::write(dir.path().join(FILE), text).map_err(|e| crate::Error::io("w", "f", e))?;
        Config::load(dir.path())
    }

    #[test]
    fn defaults_and_trailing_slash() {
        let c = parse("title: T\nbase_url: https://x.org/\n").unwrap();
        assert_eq!(c.base_url, "https://x.org");
        assert!(c.minify);
        assert_eq!(c.theme, "default");
        assert_eq!(c.permalink("/a/"), "https://x.org/a/");
    }

    #[test]
    fn unknown_key_suggests() {
        let err = parse("title: T\nminfy: false\n").unwrap_err();
        let d = &err.diagnostics()[0];
        assert_eq!(d.line, 2);
        assert!(d.message.contains("minfy"), "{d:?}");
        assert_eq!(d.hint.as_deref(), Some("did you mean `minify`?"));
    }

    #[test]
    fn exit_url_must_be_absolute() {
        for bad in [
            "www.google.co.uk",
            "/weather/",
            "https://",
            "ftp://x.org",
            "",
        ] {
            let err = parse(&format!("title: T\nquick_exit_url: \"{bad}\"\n")).unwrap_err();
            let d = &err.diagnostics()[0];
            assert_eq!(d.line, 2, "{bad}");
            assert!(d.message.contains("quick_exit_url"), "{d:?}");
        }
        assert!(parse("quick_exit_url: http://x.org/a\n").is_ok());
    }

    #[test]
    fn bad_base_url_points_at_its_line() {
        let err = parse("title: T\nbase_url: campaigns.org\n").unwrap_err();
        assert_eq!(err.diagnostics()[0].line, 2);
    }
}
