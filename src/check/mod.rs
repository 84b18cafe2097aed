//! `placard check`: builds the site in memory and audits it for accessibility, safety and
//! privacy, broken links and stale content. Findings are data, not errors: the command
//! decides what they mean for its exit code.
//!
//! Each rendered HTML file is parsed once; the per-document rules of [`a11y`], [`privacy`]
//! and [`links`] run over it, then the site-wide rules ([`links`] across pages, [`content`],
//! and [`external`] when asked). [`finish`] applies the severities of placard.yaml and sorts.

pub mod a11y;
pub mod contacts;
pub mod content;
pub mod easy_read;
pub mod external;
pub mod links;
pub mod privacy;
pub mod raw_html;
pub mod readability;
pub mod report;
mod rules;
pub mod source;
pub mod ssrf;
pub mod todo;
pub mod translations;

use std::collections::BTreeMap;
use std::path::PathBuf;

use rayon::prelude::*;
use scraper::{ElementRef, Html};

pub use rules::{Finding, RULES, Settings, Severity, Spot, default_severity};
pub use source::{Audit, Provenance};

use crate::content::LoadOptions;
use crate::error::{Code, Diagnostic, Error, Result};
use crate::output::Memory;

/// Rules over the whole site rather than one page. Another module's rules join
/// `placard check` by adding their function here.
const SITE_RULES: &[fn(&Audit<'_>) -> Vec<Finding>] = &[
    privacy::check_css,
    content::check,
    content::downloads,
    easy_read::check,
    translations::data_missing,
    translations::review,
    todo::check,
    todo::settings_and_data,
];

/// What to check.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The site's folder.
    pub root: PathBuf,
    /// Check external links over HTTP.
    pub external: bool,
    /// Replaces `base_url` from placard.yaml.
    pub base_url: Option<String>,
}

/// What a check found.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    /// Sorted by file, line, column and rule.
    pub findings: Vec<Finding>,
    /// How many HTML files were checked.
    pub documents: usize,
}

impl Outcome {
    /// How many findings have this severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }
}

/// One rendered HTML file being checked.
pub struct Doc<'s> {
    pub origin: &'s Provenance<'s>,
    pub site: &'s Audit<'s>,
}

impl Doc<'_> {
    /// Where `needles` were written (see [`Audit::locate`]).
    pub fn locate(&self, needles: &[&str]) -> Spot {
        self.site.locate(self.origin, needles)
    }
}

/// Builds the site in memory (nothing is written) and runs every rule.
pub fn run(options: &Options) -> Result<Outcome> {
    let root = &options.root;
    if !root.join("content").is_dir() {
        return Err(Error::NotASite(root.clone()));
    }
    let config = crate::pipeline::load_config(root, options.base_url.as_deref())?;
    let memory = Memory::default();
    let now = crate::pipeline::now();
    let (report, built) =
        match crate::pipeline::build_site(root, &config, LoadOptions::default(), &memory, now) {
            Ok(built) => built,
            Err(Error::Site(problems)) => {
                // A build stopped only by `@/` links to missing pages or anchors: report those
                // as findings, like the same links written as plain addresses.
                let findings = from_link_errors(&problems).ok_or(Error::Site(problems))?;
                return Ok(Outcome {
                    findings: finish(findings, &config.check),
                    documents: 0,
                });
            }
            Err(e) => return Err(e),
        };
    let files = memory.into_files();
    let site = Audit::new(&built, &files, now)?;

    let per_doc: Vec<(String, Vec<Finding>, links::Scan)> = site
        .origins
        .par_iter()
        .map(|(rel, origin)| {
            let doc = Doc {
                origin,
                site: &site,
            };
            let text = files
                .get(rel.as_str())
                .map(|b| String::from_utf8_lossy(b))
                .unwrap_or_default();
            let html = Html::parse_document(&text);
            let mut findings = a11y::check(&html, &doc);
            findings.extend(privacy::check(&html, &doc));
            findings.extend(raw_html::check(&html, &doc));
            (rel.clone(), findings, links::scan(&html))
        })
        .collect();
    let mut findings = Vec::new();
    let mut scans = BTreeMap::new();
    for (rel, f, scan) in per_doc {
        findings.extend(f);
        scans.insert(rel, scan);
    }
    findings.extend(links::check(&site, &scans));
    if options.external && config.check.severity("external-broken") != Severity::Off {
        findings.extend(external::check(&site, &scans));
    }
    for rule in SITE_RULES {
        findings.extend(rule(&site));
    }
    findings.extend(content::i18n_missing(&report.i18n_misses));
    Ok(Outcome {
        findings: finish(findings, &config.check),
        documents: scans.len(),
    })
}

/// The build's errors as findings, if every one is about an `@/` link (by their codes, which
/// are the rules' ids).
fn from_link_errors(problems: &[Diagnostic]) -> Option<Vec<Finding>> {
    problems
        .iter()
        .map(|d| {
            let code = d
                .code
                .filter(|c| matches!(c, Code::LinkBroken | Code::AnchorMissing))?;
            let rule = code.as_str();
            let mut f = Finding::new(rule, &d.path, &d.message);
            f.line = d.line;
            f.column = d.column;
            f.hint = d.hint.clone();
            f.source_line = d.source_line.as_deref().map(str::to_owned);
            Some(f)
        })
        .collect()
}

/// Applies the site's severities (dropping rules turned off), sorts, and removes repeats.
pub fn finish(findings: Vec<Finding>, settings: &Settings) -> Vec<Finding> {
    let mut out: Vec<Finding> = findings
        .into_iter()
        .filter_map(|mut f| {
            f.severity = settings.severity(f.rule);
            (f.severity != Severity::Off).then_some(f)
        })
        .collect();
    out.sort_by(|a, b| {
        (&a.path, a.line, a.column, a.rule, &a.message)
            .cmp(&(&b.path, b.line, b.column, b.rule, &b.message))
    });
    out.dedup();
    out
}

/// Every element of a document, in document order.
pub fn elements(html: &Html) -> impl Iterator<Item = ElementRef<'_>> {
    html.root_element()
        .descendants()
        .filter_map(ElementRef::wrap)
}

/// An element's text with its white space collapsed.
pub fn text_of(el: &ElementRef<'_>) -> String {
    collapse(&el.text().collect::<String>())
}

/// Collapses runs of white space to one space and trims.
pub fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A non-empty attribute value, trimmed.
pub fn attr<'a>(el: &ElementRef<'a>, name: &str) -> Option<&'a str> {
    el.value()
        .attr(name)
        .map(str::trim)
        .filter(|v| !v.is_empty())
}

/// What a screen reader announces for a link or button: `aria-label`, `aria-labelledby`,
/// else its text with the alt text of its images, else its `title`.
pub fn accessible_name(el: &ElementRef<'_>) -> String {
    if let Some(label) = attr(el, "aria-label") {
        return collapse(label);
    }
    if attr(el, "aria-labelledby").is_some() {
        return "(labelled)".into();
    }
    let mut parts = Vec::new();
    for node in el.descendants() {
        if let Some(t) = node.value().as_text() {
            parts.push(t.to_string());
        } else if let Some(child) = ElementRef::wrap(node)
            && child.value().name() == "img"
            && let Some(alt) = attr(&child, "alt")
        {
            parts.push(format!(" {alt} "));
        }
    }
    let name = collapse(&parts.concat());
    if name.is_empty() {
        attr(el, "title").map(collapse).unwrap_or_default()
    } else {
        name
    }
}
