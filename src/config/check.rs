//! `check:` in placard.yaml: every rule `placard check` knows, its default severity, and the
//! severities and limits a site sets.

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use crate::error::{Diagnostic, suggest};

/// How much a finding matters.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Deserialize,
    Serialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Must be fixed before publishing: `placard check` exits with 1.
    Error,
    /// Worth fixing; does not fail the check.
    Warning,
    /// The rule is turned off.
    Off,
}

impl Severity {
    /// `error`, `warning` or `off`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Off => "off",
        }
    }
}

/// Every rule `placard check` knows, with its default severity and a one-line summary.
pub const RULES: &[(&str, Severity, &str)] = &[
    (
        "link-broken",
        Severity::Error,
        "an internal link or asset points at nothing",
    ),
    (
        "anchor-missing",
        Severity::Error,
        "a link's #anchor is not an id on its target page",
    ),
    (
        "external-broken",
        Severity::Warning,
        "an external link does not answer (only with --external)",
    ),
    ("img-alt", Severity::Error, "an image has no alt attribute"),
    (
        "img-alt-text",
        Severity::Error,
        "an image's alt text is a file name (photo.jpg, IMG_2041) or only \"image\" or \"photo\"",
    ),
    (
        "heading-order",
        Severity::Warning,
        "a heading skips a level going down (h2 then h4)",
    ),
    ("h1-count", Severity::Error, "a page has not exactly one h1"),
    (
        "link-text",
        Severity::Warning,
        "a link's text is empty, vague (\"click here\") or a bare address",
    ),
    (
        "empty-button",
        Severity::Warning,
        "a button has no text and no aria-label",
    ),
    ("duplicate-id", Severity::Error, "two elements share an id"),
    (
        "table-header",
        Severity::Warning,
        "a data table has no header cells",
    ),
    (
        "html-lang",
        Severity::Error,
        "<html> has no valid lang attribute",
    ),
    ("iframe-title", Severity::Warning, "an iframe has no title"),
    ("form-label", Severity::Warning, "a form field has no label"),
    (
        "third-party",
        Severity::Error,
        "something is loaded from another website",
    ),
    (
        "javascript-url",
        Severity::Error,
        "a link or form goes to a javascript: address",
    ),
    (
        "inline-script",
        Severity::Error,
        "a page has an inline <script> (blocked by the CSP)",
    ),
    (
        "event-handler",
        Severity::Error,
        "an element has an on...= event-handler attribute",
    ),
    (
        "meta-refresh",
        Severity::Error,
        "a <meta http-equiv=refresh> sends readers to another site",
    ),
    (
        "form-action",
        Severity::Error,
        "a form sends what readers type to another site",
    ),
    ("base-tag", Severity::Error, "a page has a <base> element"),
    (
        "target-blank",
        Severity::Warning,
        "a link opens a new tab without rel=noopener",
    ),
    (
        "exit-missing",
        Severity::Error,
        "a campaign, guidance or help page has no quick exit",
    ),
    (
        "reading-age",
        Severity::Warning,
        "a page's estimated reading age is above its limit",
    ),
    (
        "easy-read",
        Severity::Warning,
        "an Easy Read sentence is over 15 words, or a point over 3 sentences",
    ),
    (
        "contact-stale",
        Severity::Warning,
        "a contact was checked too long ago",
    ),
    (
        "contact-unverified",
        Severity::Warning,
        "a contact has not been verified",
    ),
    (
        "todo",
        Severity::Warning,
        "a page still has a gap for the site's team to fill (`todo(text=...)`, or a component's `todo` argument)",
    ),
    (
        "download-alternative",
        Severity::Warning,
        "a download has no accessible alternative",
    ),
    ("pdf-title", Severity::Warning, "a PDF has no title"),
    (
        "i18n-missing",
        Severity::Warning,
        "a translation is missing",
    ),
    (
        "translation-review",
        Severity::Warning,
        "a translation awaits review by a fluent speaker",
    ),
];

/// The default severity of a rule, if the rule exists.
pub fn default_severity(rule: &str) -> Option<Severity> {
    RULES.iter().find(|(id, _, _)| *id == rule).map(|r| r.1)
}
/// The `check:` settings of placard.yaml.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Severity per rule id: `error`, `warning` or `off`.
    #[serde(default)]
    pub rules: IndexMap<String, Severity>,
    /// The highest reading age (in years) of a page without `reading_age` in its front matter.
    #[serde(default = "default_reading_age")]
    pub reading_age: f64,
    /// Folders under content/ whose pages must show the quick exit, besides pages rendered
    /// with a campaign or guidance template.
    #[serde(default)]
    pub exit_sections: Vec<String>,
    /// How long `--external` waits for a website to connect and to answer (seconds).
    #[serde(default = "default_timeout")]
    pub timeout: f64,
    /// Hosts `--external` may request although they are on this computer or a private network
    /// (an intranet checked on purpose); every other such host is refused.
    #[serde(default)]
    pub private_hosts: Vec<String>,
    /// Whether `placard build` fails on a plain internal link or anchor in the Markdown that
    /// leads to nothing (`@/` links are always checked).
    #[serde(default = "yes")]
    pub links_on_build: bool,
}

fn yes() -> bool {
    true
}

fn default_timeout() -> f64 {
    10.0
}

fn default_reading_age() -> f64 {
    12.0
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            rules: IndexMap::new(),
            reading_age: default_reading_age(),
            exit_sections: Vec::new(),
            timeout: default_timeout(),
            private_hosts: Vec::new(),
            links_on_build: true,
        }
    }
}

impl Settings {
    /// The severity of `rule` on this site.
    pub fn severity(&self, rule: &str) -> Severity {
        self.rules
            .get(rule)
            .copied()
            .or_else(|| default_severity(rule))
            .unwrap_or(Severity::Warning)
    }

    /// Unknown rule ids and impossible limits, as config errors (`text` is placard.yaml).
    pub fn problems(&self, text: &str) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        let ids = RULES.iter().map(|r| r.0);
        for rule in self.rules.keys() {
            if default_severity(rule).is_some() {
                continue;
            }
            let hint = match suggest(rule, ids.clone()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!(
                    "the rules are: {}",
                    ids.clone().collect::<Vec<_>>().join(", ")
                ),
            };
            let d = Diagnostic::new(
                crate::config::FILE,
                format!("`{rule}` is not a rule of placard check"),
            )
            .hint(hint);
            problems.push(match crate::config::find_key_line(text, rule) {
                Some(line) => {
                    let column = text
                        .lines()
                        .nth(line - 1)
                        .and_then(|l| l.find(rule.as_str()))
                        .map_or(1, |i| i + 1);
                    d.at(line, column).source(text).len(rule.len())
                }
                None => d,
            });
        }
        if !(self.reading_age > 0.0 && self.reading_age < 100.0) {
            let d = Diagnostic::new(
                crate::config::FILE,
                format!(
                    "check.reading_age must be an age in years, not {}",
                    self.reading_age
                ),
            )
            .hint("write an age such as `reading_age: 12`");
            problems.push(match crate::config::find_key_line(text, "reading_age") {
                Some(line) => d.at(line, 1).source(text),
                None => d,
            });
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique() {
        let mut ids: Vec<&str> = RULES.iter().map(|r| r.0).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), RULES.len());
    }

    #[test]
    fn unknown_rule_suggests() {
        let mut s = Settings::default();
        s.rules.insert("link-txt".into(), Severity::Error);
        let p = s.problems("check:\n  rules:\n    link-txt: error\n");
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].line, 3);
        assert_eq!(p[0].hint.as_deref(), Some("did you mean `link-text`?"));
    }
}
