//! Source mapping: which source file each output file came from, and where in it (or in the
//! templates, placard.yaml or the data files) a problem found in the rendered HTML was written.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::rules::Spot;
use crate::assets::Origin;
use crate::assets::downloads::Downloads;
use crate::config::Config;
use crate::content::Library;
use crate::content::data::record_lines;
use crate::error::Result;
use crate::markdown::Documents;
use crate::render::routes::{Route, Shows};

/// Where one output HTML file came from.
#[derive(Debug, Clone)]
pub struct Provenance<'a> {
    /// The source file (Markdown, data file, placard.yaml, a static file or a template).
    pub file: PathBuf,
    /// Its whole text, when it is a text the page's content was written in.
    pub text: Option<Arc<str>>,
    /// The part of `text` the page's content comes from (the Markdown body, a data record).
    pub body: Range<usize>,
    /// The HTML made from `body` (a page's rendered Markdown), to tell content from the
    /// template's chrome; `None` when everything in the page may come from `body`.
    pub body_html: Option<&'a str>,
    /// The template the page was rendered with.
    pub template: Option<String>,
    /// Must the page show the quick exit?
    pub needs_exit: bool,
    /// The key of the page or section in the library.
    pub key: Option<String>,
}

/// The built site with everything the rules need.
pub struct Audit<'a> {
    pub root: &'a Path,
    pub config: &'a Config,
    pub lib: &'a Library,
    pub documents: &'a Documents,
    pub downloads: &'a Downloads,
    site: &'a crate::pipeline::Site,
    /// Every output file by path.
    pub files: &'a BTreeMap<String, Vec<u8>>,
    /// The build's time (seconds since 1970).
    pub now: i64,
    /// Output HTML files to check, with where they came from.
    pub origins: BTreeMap<String, Provenance<'a>>,
    /// The templates: name, path shown, text; the ones searched first come first.
    pub templates: &'a [(String, PathBuf, String)],
    /// Static files by output path: path shown, origin.
    pub statics: BTreeMap<String, (PathBuf, Origin)>,
    /// placard.yaml's text.
    pub config_text: String,
}

/// Templates that mark a page as a campaign, guidance or help page.
pub fn is_sensitive_template(name: &str) -> bool {
    ["campaign", "guidance", "help"]
        .iter()
        .any(|p| name.starts_with(p))
}

impl<'a> Audit<'a> {
    /// Maps the output of a build (`files`) back to its sources.
    pub fn new(
        site: &'a crate::pipeline::Site,
        files: &'a BTreeMap<String, Vec<u8>>,
        now: i64,
    ) -> Result<Audit<'a>> {
        let templates = site.renderer.templates.all_sources();
        let statics = site
            .renderer
            .templates
            .statics
            .iter()
            .map(|(rel, o)| {
                let shown = o.display(&format!("static/{rel}"));
                (rel.clone(), (shown, o.clone()))
            })
            .collect();
        let config_text =
            std::fs::read_to_string(site.root.join(crate::config::FILE)).unwrap_or_default();
        let mut audit = Audit {
            root: &site.root,
            config: &site.config,
            lib: &site.library,
            documents: &site.documents,
            downloads: &site.downloads,
            site,
            files,
            now,
            origins: BTreeMap::new(),
            templates,
            statics,
            config_text,
        };
        audit.origins = audit.map_origins();
        Ok(audit)
    }

    /// The languages whose theme words await review, with their i18n file.
    pub fn theme_review_pending(&self) -> impl Iterator<Item = (&'a str, &'a PathBuf)> {
        let templates: &'a crate::render::Templates = &self.site.renderer.templates;
        templates
            .review_pending
            .iter()
            .map(|(l, f)| (l.as_str(), f))
    }

    fn exit_section(&self, key: &str) -> bool {
        let top = key.split('/').next().unwrap_or("");
        key.contains('/')
            && self
                .config
                .check
                .exit_sections
                .iter()
                .any(|s| s.trim_matches('/') == top)
    }

    /// Where each HTML file of the output came from: the route table's files, then static
    /// HTML files no route replaces.
    fn map_origins(&self) -> BTreeMap<String, Provenance<'a>> {
        let mut out = BTreeMap::new();
        for route in self.site.routes.iter() {
            if let Some(origin) = self.route_origin(route) {
                out.insert(route.file.clone(), origin);
            }
        }
        for (rel, (shown, origin)) in &self.statics {
            if !(rel.ends_with(".html") || rel.ends_with(".htm")) || out.contains_key(rel) {
                continue;
            }
            let text: Arc<str> = origin
                .bytes()
                .map(|b| Arc::from(String::from_utf8_lossy(&b).as_ref()))
                .unwrap_or_else(|_| Arc::from(""));
            out.insert(
                rel.clone(),
                Provenance {
                    file: shown.clone(),
                    body: 0..text.len(),
                    text: Some(text),
                    body_html: None,
                    template: None,
                    needs_exit: false,
                    key: None,
                },
            );
        }
        out.retain(|rel, _| self.files.contains_key(rel));
        out
    }

    /// Where one file of the route table came from.
    fn route_origin(&self, route: &Route) -> Option<Provenance<'a>> {
        let lib: &'a Library = self.lib;
        match &route.shows {
            Shows::Page(key) => {
                let p = lib.pages.get(key)?;
                let text = p.source.text.clone();
                let (body, body_html) = match &p.item {
                    Some(_) => {
                        let lines = record_lines(&text);
                        let start = offset_of_line(&text, p.source.body_line);
                        let end = lines
                            .iter()
                            .find(|l| **l > p.source.body_line)
                            .map_or(text.len(), |l| offset_of_line(&text, *l));
                        (start..end, None)
                    }
                    None => (
                        p.source.body_offset..text.len(),
                        Some(self.documents.get(key).html.as_str()),
                    ),
                };
                Some(Provenance {
                    file: p.source.file.clone(),
                    text: Some(text),
                    body,
                    body_html,
                    template: Some(p.template.clone()),
                    needs_exit: is_sensitive_template(&p.template) || self.exit_section(&p.key),
                    key: Some(p.key.clone()),
                })
            }
            Shows::Section { key, .. } => {
                let s = lib.sections.get(key)?;
                let text = s.source.text.clone();
                Some(Provenance {
                    file: s.source.file.clone(),
                    body: s.source.body_offset..text.len(),
                    text: Some(text),
                    body_html: Some(self.documents.get(key).html.as_str()),
                    template: Some(s.template.clone()),
                    needs_exit: is_sensitive_template(&s.template) || self.exit_section(&s.key),
                    key: Some(s.key.clone()),
                })
            }
            Shows::Taxonomy(_) | Shows::Term { .. } | Shows::NotFound => {
                Some(self.template_origin(&route.template))
            }
        }
    }

    fn template_origin(&self, name: &str) -> Provenance<'a> {
        let file = self
            .templates
            .iter()
            .find(|(n, _, _)| n == name)
            .map_or_else(|| PathBuf::from("templates").join(name), |t| t.1.clone());
        Provenance {
            file,
            text: None,
            body: 0..0,
            body_html: None,
            template: Some(name.to_string()),
            needs_exit: false,
            key: None,
        }
    }

    /// Where the first of `needles` (texts taken from the rendered HTML: an attribute value,
    /// an element's text) was written: in the page's own text if the page's content has it,
    /// else in its template or another template, else (for addresses) in placard.yaml or a
    /// data file; else the page's template or source file as a whole.
    pub fn locate(&self, origin: &Provenance<'_>, needles: &[&str]) -> Spot {
        let needles: Vec<&str> = needles
            .iter()
            .map(|n| n.trim())
            .filter(|n| !n.is_empty())
            .collect();
        // The first needle tells whether the element is part of the page's own content.
        let in_body = match (&origin.body_html, needles.first()) {
            (Some(html), Some(n)) => html.contains(n) || html.contains(&escape(n)),
            (Some(_), None) => false,
            (None, _) => true,
        };
        if let Some(text) = origin.text.as_ref().filter(|_| in_body) {
            let body = text.get(origin.body.clone()).unwrap_or("");
            for n in &needles {
                if let Some(i) = find_text(body, n) {
                    return Spot::offset(&origin.file, text, origin.body.start + i);
                }
            }
            if origin.body_html.is_some() {
                return Spot::first_text(&origin.file, text, origin.body.start);
            }
        }
        let first = origin.template.as_deref().unwrap_or("");
        let ordered = self
            .templates
            .iter()
            .filter(|t| t.0 == first)
            .chain(self.templates.iter().filter(|t| t.0 != first));
        let shorter: Vec<String> = needles.iter().flat_map(|n| path_prefixes(n)).collect();
        let in_templates = needles
            .iter()
            .copied()
            .chain(shorter.iter().map(String::as_str));
        for n in in_templates {
            for (_, shown, text) in ordered.clone() {
                if let Some(i) = text.find(n) {
                    return Spot::offset(shown, text, i);
                }
            }
        }
        for n in needles.iter().filter(|n| is_address(n)) {
            if let Some(i) = self.config_text.find(n) {
                return Spot::offset(crate::config::FILE, &self.config_text, i);
            }
            for (_, file, text) in &self.lib.data.files {
                if let Some(i) = text.find(n) {
                    return Spot::offset(file, text, i);
                }
            }
        }
        match (
            &origin.text,
            origin.body_html.is_none() && origin.text.is_some(),
        ) {
            (Some(text), true) => Spot::first_text(&origin.file, text, origin.body.start),
            _ => match self.templates.iter().find(|t| t.0 == first) {
                Some((_, shown, _)) => Spot::file(shown),
                None => Spot::file(&origin.file),
            },
        }
    }

    /// The template file a page was rendered with, at the first line containing `needle`.
    pub fn in_template(&self, origin: &Provenance<'_>, needle: &str) -> Option<Spot> {
        let name = origin.template.as_deref()?;
        let (_, shown, text) = self.templates.iter().find(|t| t.0 == name)?;
        Some(match text.find(needle) {
            Some(i) => Spot::offset(shown, text, i),
            None => Spot::file(shown),
        })
    }
}

/// Finds `needle` in Markdown text, also when the text's spaces are line breaks there.
fn find_text(body: &str, needle: &str) -> Option<usize> {
    if let Some(i) = body.find(needle) {
        return Some(i);
    }
    let first_words: String = needle
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ");
    if first_words.len() >= 4 && first_words != needle {
        return body.find(&first_words);
    }
    None
}

/// For an address, its path and then its first folder (`https://x.org/a/b/` -> `/a/b/`,
/// `/a/`), to find a link that a template builds from variables.
fn path_prefixes(address: &str) -> Vec<String> {
    if !is_address(address) {
        return Vec::new();
    }
    let path = match address.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("", |i| &rest[i..]),
        None => address,
    };
    let mut out = Vec::new();
    if path != address && path.len() > 1 {
        out.push(path.to_string());
    }
    if let Some(first) = path.strip_prefix('/').and_then(|p| p.split_once('/'))
        && !first.0.is_empty()
    {
        out.push(format!("/{}/", first.0));
    }
    out
}

/// Does this look like a URL or a file path rather than words?
fn is_address(s: &str) -> bool {
    !s.contains(char::is_whitespace) && (s.contains('/') || s.contains('.') || s.contains(':'))
}

/// HTML-escapes `&`, `<`, `>` and `"` as the Markdown renderer does.
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The byte offset of the start of line `line` (1-based).
fn offset_of_line(text: &str, line: usize) -> usize {
    if line <= 1 {
        return 0;
    }
    text.match_indices('\n')
        .nth(line - 2)
        .map_or(text.len(), |(i, _)| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_offsets() {
        let t = "a\nbb\nccc\n";
        assert_eq!(offset_of_line(t, 1), 0);
        assert_eq!(offset_of_line(t, 2), 2);
        assert_eq!(offset_of_line(t, 3), 5);
    }

    #[test]
    fn prefixes() {
        assert_eq!(
            path_prefixes("https://x.org/districts/Bury/"),
            vec!["/districts/Bury/".to_string(), "/districts/".to_string()]
        );
        assert_eq!(path_prefixes("/a/b.png"), vec!["/a/".to_string()]);
        assert!(path_prefixes("click here").is_empty());
    }

    #[test]
    fn addresses() {
        assert!(is_address("/x/y/"));
        assert!(is_address("https://a.org"));
        assert!(!is_address("read more"));
    }
}
