//! Print: posters, leaflets and handouts as accessible PDFs (tagged, PDF/UA-1), made from a
//! page's front matter (`print:`) and Markdown, with a QR code to the page's address. A
//! pipeline stage between loading content and reading downloads: each PDF becomes one of the
//! page's downloads (`assets::downloads::Generated`), so it is listed, sized, counted,
//! checksummed and zipped like any other.
//!
//! `text.rs` shapes and breaks text (Noto fonts, rustybuzz, unicode-bidi), `blocks.rs` reads
//! the Markdown, `compose.rs` lays out each kind of document, `layout.rs` places things on
//! pages, `pdf.rs` writes them with krilla, `qr.rs` and `svg.rs` draw the QR code and simple
//! line pictures. Finished PDFs are cached in `.placard-cache/print/` by a hash of all they
//! are made from.

pub mod blocks;
mod cache;
mod compose;
pub mod layout;
pub mod pdf;
pub mod qr;
pub mod svg;
pub mod text;

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::assets::downloads::{Generated, GeneratedFiles};
use crate::config::Config;
use crate::content::Library;
use crate::content::front_matter::front_matter_positions;
use crate::content::page::Source;
use crate::content::print::{Entry, Format};
use crate::error::Diagnostic;
use crate::util::yaml::Step;

/// What one page or section asks to print, with what the documents are made from.
pub struct Request<'a> {
    pub key: &'a str,
    pub source: &'a Source,
    pub path: &'a str,
    pub slug: String,
    pub lang: &'a str,
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub format: Format,
    pub entries: &'a [Entry],
    /// The section's (or its parents') accent colour.
    pub accent: Option<&'a str>,
}

/// One page's print files (each with whether it came from the cache), or its problems.
type Made = Result<Vec<(Generated, bool)>, Vec<Diagnostic>>;

/// How many PDFs a build made, and how many it took from the cache.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub made: usize,
    pub cached: usize,
}

/// Makes every page's and section's print files. Every problem is returned (and the files
/// that could be made, so the downloads stage does not report them missing as well).
pub fn make_all(
    root: &Path,
    config: &Config,
    lib: &Library,
) -> (GeneratedFiles, Counts, Vec<Diagnostic>) {
    let requests = requests(lib);
    let mut counts = Counts::default();
    let mut out = GeneratedFiles::new();
    let mut problems = Vec::new();
    if requests.is_empty() {
        return (out, counts, problems);
    }
    let ctx = Ctx { root, config, lib };
    let results: Vec<(String, Made)> = requests
        .par_iter()
        .map(|r| (r.key.to_string(), ctx.request(r)))
        .collect();
    let mut used = std::collections::BTreeSet::new();
    for (key, result) in results {
        match result {
            Ok(files) => {
                let mut list = Vec::new();
                for (g, cached) in files {
                    if cached {
                        counts.cached += 1;
                    } else {
                        counts.made += 1;
                    }
                    used.insert(g.cache_key.clone());
                    list.push(g);
                }
                out.insert(key, list);
            }
            Err(more) => problems.extend(more),
        }
    }
    if problems.is_empty() {
        cache::prune(root, &used);
    }
    (out, counts, problems)
}

/// Every page and section with `print:` entries.
fn requests(lib: &Library) -> Vec<Request<'_>> {
    let pages = lib.pages.values().map(|p| Request {
        key: &p.key,
        source: &p.source,
        path: &p.path,
        slug: p.slug.clone(),
        lang: &p.lang,
        title: &p.title,
        description: p.meta.description.as_deref(),
        format: p.meta.format,
        entries: &p.meta.print,
        accent: p
            .meta
            .accent
            .as_deref()
            .or_else(|| accent(lib, p.section.as_ref()))
            .or_else(|| original_accent(lib, &p.key, &p.lang)),
    });
    let sections = lib.sections.values().filter(|s| s.render).map(|s| Request {
        key: &s.key,
        source: &s.source,
        path: &s.path,
        slug: crate::util::text::slugify(&s.dir.replace('/', "-")),
        lang: &s.lang,
        title: &s.title,
        description: s.meta.description.as_deref(),
        format: s.meta.format,
        entries: &s.meta.print,
        accent: s
            .meta
            .accent
            .as_deref()
            .or_else(|| accent(lib, s.parent.as_ref()))
            .or_else(|| original_accent(lib, &s.key, &s.lang)),
    });
    pages
        .chain(sections)
        .filter(|r| !r.entries.is_empty())
        .collect()
}

/// The accent colour of a section or the nearest section above it that has one.
fn accent<'a>(lib: &'a Library, mut section: Option<&'a String>) -> Option<&'a str> {
    while let Some(s) = section.and_then(|k| lib.sections.get(k.as_str())) {
        if let Some(a) = &s.meta.accent {
            return Some(a.as_str());
        }
        section = s.parent.as_ref();
    }
    None
}

/// A translation's accent: its original's (`x/_index.ur.md` takes `x/_index.md`'s).
fn original_accent<'a>(lib: &'a Library, key: &str, lang: &str) -> Option<&'a str> {
    let original = key.strip_suffix(&format!(".{lang}.md"))?;
    let original = format!("{original}.md");
    match lib.sections.get(&original) {
        Some(s) => s
            .meta
            .accent
            .as_deref()
            .or_else(|| accent(lib, s.parent.as_ref())),
        None => lib.pages.get(&original).and_then(|p| {
            p.meta
                .accent
                .as_deref()
                .or_else(|| accent(lib, p.section.as_ref()))
        }),
    }
}

pub(crate) struct Ctx<'a> {
    pub root: &'a Path,
    pub config: &'a Config,
    pub lib: &'a Library,
}

impl Ctx<'_> {
    fn request(&self, r: &Request<'_>) -> Made {
        let positions = front_matter_positions(&r.source.text);
        let lines: Vec<usize> = positions
            .items(&[Step::Key("print")])
            .iter()
            .map(|p| p.line)
            .collect();
        let mut out = Vec::new();
        let mut problems = Vec::new();
        let mut names = std::collections::BTreeSet::new();
        for (i, entry) in r.entries.iter().enumerate() {
            let line = lines.get(i).copied().unwrap_or(0);
            let at = |message: String, hint: &str| {
                let d = Diagnostic::new(&r.source.file, message).hint(hint);
                if line > 0 {
                    d.at(line, 1).source(&r.source.text)
                } else {
                    d
                }
            };
            let name = entry.file_name(&r.slug);
            if !safe_name(&name) {
                problems.push(at(
                    format!("the print file name `{name}` is not a plain file name ending in .pdf"),
                    "write a name such as `poster.pdf`, without folders",
                ));
                continue;
            }
            if !names.insert(name.clone()) {
                problems.push(at(
                    format!("two print entries make `{name}`"),
                    "give one of them its own `file:` name",
                ));
                continue;
            }
            match compose::document(self, r, entry) {
                Ok((bytes, cache_key, cached)) => out.push((
                    Generated {
                        output: format!("{}{name}", r.path.trim_start_matches('/')),
                        title: entry.display_title(),
                        description: entry.description.clone(),
                        audience: entry.audience.clone(),
                        line,
                        bytes: Arc::new(bytes),
                        cache_key,
                        page: (r.path.to_string(), r.title.to_string()),
                        name,
                    },
                    cached,
                )),
                Err((message, hint)) => problems.push(at(message, &hint)),
            }
        }
        if problems.is_empty() {
            Ok(out)
        } else {
            Err(problems)
        }
    }

    /// A link's address in print: `@/x.md` and `/x/` become absolute addresses.
    pub fn absolute(&self, href: &str) -> String {
        if let Some(key) = href.strip_prefix("@/") {
            let (key, anchor) = key.split_once('#').map_or((key, ""), |(k, a)| (k, a));
            let path = self
                .lib
                .pages
                .get(key)
                .map(|p| p.path.as_str())
                .or_else(|| self.lib.sections.get(key).map(|s| s.path.as_str()));
            return match path {
                Some(p) if anchor.is_empty() => self.config.permalink(p),
                Some(p) => format!("{}#{anchor}", self.config.permalink(p)),
                None => href.to_string(),
            };
        }
        if href.starts_with('/') && !href.starts_with("//") {
            return self.config.permalink(href);
        }
        href.to_string()
    }

    /// A picture's file relative to the site root: beside the page, or `/x` under static/.
    pub fn picture_path(&self, source: &Source, src: &str) -> Option<PathBuf> {
        let (base, rel) = match src.strip_prefix('/') {
            Some(rel) => (PathBuf::from("static"), rel),
            None => (
                source
                    .file
                    .parent()
                    .map(Path::to_path_buf)
                    .unwrap_or_default(),
                src,
            ),
        };
        let ok = !rel.is_empty()
            && !rel.contains("://")
            && Path::new(rel)
                .components()
                .all(|c| matches!(c, Component::Normal(_)));
        ok.then(|| base.join(rel))
    }
}

fn safe_name(name: &str) -> bool {
    name.ends_with(".pdf")
        && name.len() > 4
        && !name.contains(['/', '\\'])
        && !name.starts_with('.')
}
