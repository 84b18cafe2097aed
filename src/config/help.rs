//! `help:`, `report:` and `country:` in `placard.yaml`: which helplines the "Get help now"
//! block on every page and the `report()` component show, in which order, with which words.
//! The lines themselves are records of `data/helplines.yaml`; render/help.rs checks the keys
//! against it and resolves the words for each language.

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

/// A text in one language for all pages, or one text per language (`{ en: ..., ur: ... }`).
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, schemars::JsonSchema)]
#[serde(untagged)]
pub enum Text {
    One(String),
    PerLanguage(IndexMap<String, String>),
}

impl Text {
    /// The text for `lang`, and the language it is in (else the default language's, else the
    /// first given).
    pub fn get<'a>(&'a self, lang: &'a str, default: &'a str) -> (&'a str, &'a str) {
        match self {
            Text::One(s) => (s.as_str(), default),
            Text::PerLanguage(m) => m
                .get(lang)
                .map(|t| (t.as_str(), lang))
                .or_else(|| m.get(default).map(|t| (t.as_str(), default)))
                .or_else(|| m.iter().next().map(|(l, t)| (t.as_str(), l.as_str())))
                .unwrap_or(("", default)),
        }
    }

    /// Is it empty (no text, or a map with no entries)?
    pub fn is_empty(&self) -> bool {
        match self {
            Text::One(s) => s.trim().is_empty(),
            Text::PerLanguage(m) => m.values().all(|t| t.trim().is_empty()),
        }
    }
}

/// One line of the "Get help now" block: a key of `data/helplines.yaml`, with its "when to
/// call" words, and (optionally) the sentence that leads it at the top of every report block.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HelpLine {
    /// The helpline's key in `data/helplines.yaml`.
    pub line: String,
    /// When to call it ("If someone is in danger now"). Else the record's own `when:` field.
    #[serde(default)]
    pub when: Option<Text>,
    /// When set, every `report()` block starts with this line, led by these words ("If
    /// someone is in danger now, call 999.").
    #[serde(default)]
    pub report: Option<Text>,
}

/// A `help:` entry: a bare key, or a line with its words.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, schemars::JsonSchema)]
#[serde(untagged)]
pub enum HelpEntry {
    Key(String),
    Line(HelpLine),
}

impl HelpEntry {
    /// As a line (a bare key has no words of its own).
    pub fn line(&self) -> HelpLine {
        match self {
            HelpEntry::Key(k) => HelpLine {
                line: k.clone(),
                when: None,
                report: None,
            },
            HelpEntry::Line(l) => l.clone(),
        }
    }
}

/// What `report(concern="x")` shows after the report lines of `help:`.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, schemars::JsonSchema)]
#[serde(untagged)]
pub enum Concern {
    /// Just the helplines' keys.
    Lines(Vec<String>),
    /// Steps to follow first (such as a school's safeguarding procedure), then the lines.
    Full(ConcernSteps),
}

/// A concern with steps.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ConcernSteps {
    /// Numbered steps shown before the numbers.
    #[serde(default)]
    pub steps: Vec<Text>,
    /// The helplines' keys, in order.
    #[serde(default)]
    pub lines: Vec<String>,
}

impl Concern {
    /// The steps and the lines.
    pub fn parts(&self) -> (&[Text], &[String]) {
        match self {
            Concern::Lines(l) => (&[], l),
            Concern::Full(c) => (&c.steps, &c.lines),
        }
    }
}

/// The concern `report()` shows when it names none.
pub const GENERAL: &str = "general";

/// Countries placard knows the emergency numbers of, for a site with no `help:`:
/// (country codes, [(key, number, textphone)]). The names and words are theme words.
pub fn built_in_lines(country: &str) -> Option<&'static [BuiltIn]> {
    match country.to_ascii_uppercase().as_str() {
        "GB" | "UK" => Some(&UK),
        _ => None,
    }
}

/// A helpline placard knows for a country: its key, number, textphone, and the theme words
/// for its name, its "when to call" line and its report sentence.
#[derive(Debug)]
pub struct BuiltIn {
    pub key: &'static str,
    pub phone: &'static str,
    pub textphone: &'static str,
    pub name_word: &'static str,
    pub when_word: &'static str,
    pub report_word: &'static str,
}

static UK: [BuiltIn; 2] = [
    BuiltIn {
        key: "emergency",
        phone: "999",
        textphone: "18000",
        name_word: "helpline_emergency",
        when_word: "get_help_emergency",
        report_word: "report_emergency",
    },
    BuiltIn {
        key: "police",
        phone: "101",
        textphone: "18001 101",
        name_word: "helpline_police",
        when_word: "get_help_police",
        report_word: "report_police",
    },
];

/// Problems with the settings alone: (key, message, hint).
pub fn problems(
    country: &str,
    help: &[HelpEntry],
    report: &IndexMap<String, Concern>,
) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    let two_letters = country.len() == 2 && country.chars().all(|c| c.is_ascii_alphabetic());
    if !(country.is_empty() || two_letters) {
        out.push((
            "country".into(),
            format!("`country: {country}` is not a two-letter country code"),
            "write the ISO 3166 code, such as `country: GB` for the United Kingdom".into(),
        ));
    }
    let mut seen = std::collections::HashSet::new();
    for entry in help {
        let line = entry.line();
        if line.line.trim().is_empty() {
            out.push((
                "help".into(),
                "a `help:` entry has no helpline key".into(),
                "write the key of a record in data/helplines.yaml, such as `- emergency`".into(),
            ));
        } else if !seen.insert(line.line.clone()) {
            out.push((
                line.line.clone(),
                format!("`{}` is listed twice under `help:`", line.line),
                "list each helpline once".into(),
            ));
        }
    }
    for (name, concern) in report {
        let (_, lines) = concern.parts();
        if lines.is_empty() && concern.parts().0.is_empty() {
            out.push((
                name.clone(),
                format!("the concern `{name}` under `report:` lists no helplines"),
                "list keys of data/helplines.yaml, such as `modern-slavery: [modern-slavery, crimestoppers]`".into(),
            ));
        }
    }
    out
}
