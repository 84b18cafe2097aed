//! Site search: an index of every page per language, split in shards so a query downloads
//! little, read by the theme's own small script (`js/search.js`), and a search page per
//! language that lists every section and page A to Z for visitors without JavaScript.
//!
//! The index is made from what the Markdown stage rendered of each page (its title,
//! description, headings and text), never from the finished HTML, so the theme's menus,
//! footer and help block are not in it. Drafts and pages with `search: false` are left out.

pub mod collect;
pub mod index;
pub mod live;
pub mod query;
pub mod terms;
pub mod text;

use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use crate::config::Config;
pub use crate::config::search::Settings;
use crate::content::{Library, Page, Section};
use crate::error::Result;
use crate::markdown::Documents;
use crate::output::Output;
use crate::render::Renderer;
use collect::Doc;

/// The folder of the index files: `search-index/<lang>/index.json`.
pub const INDEX_DIR: &str = "search-index";

/// A page's or section's place in the search page's list.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Entry {
    pub title: String,
    pub url: String,
}

/// The search page's URL path for a language: `/search/`, `/ur/search/`.
pub fn page_path(config: &Config, lang: &str) -> String {
    if lang == config.default_language {
        format!("/{}/", config.search.path)
    } else {
        format!("/{lang}/{}/", config.search.path)
    }
}

/// A page or section to index: its id is its place in the language's list.
pub struct Source<'a> {
    pub key: &'a str,
    pub title: &'a str,
    /// The address to link to (root-relative, with the base path).
    pub url: String,
    pub description: &'a str,
    pub section: bool,
}

/// Is this section searchable (in its language's list)?
fn section_listed(config: &Config, x: &Section) -> bool {
    x.render && !x.meta.draft && x.meta.search != Some(false) && !config.search.excludes(&x.key)
}

/// Is this page searchable (in its language's list)?
fn page_listed(config: &Config, p: &Page) -> bool {
    !p.meta.draft && p.meta.search != Some(false) && !config.search.excludes(&p.key)
}

fn section_source<'a>(config: &Config, x: &'a Section) -> Source<'a> {
    source(
        config,
        (&x.key, &x.title, &x.path),
        &x.meta.description,
        true,
    )
}

fn page_source<'a>(config: &Config, p: &'a Page) -> Source<'a> {
    source(
        config,
        (&p.key, &p.title, &p.path),
        &p.meta.description,
        false,
    )
}

fn source<'a>(
    config: &Config,
    (key, title, path): (&'a str, &'a str, &str),
    description: &'a Option<String>,
    section: bool,
) -> Source<'a> {
    Source {
        key,
        title,
        url: config.url(path),
        description: description.as_deref().unwrap_or_default(),
        section,
    }
}

/// One language's searchable pages and sections, sections first, each group in address order
/// (the index's ids). Drafts, `search: false` and excluded pages are left out.
pub fn sources<'a>(config: &Config, lib: &'a Library, lang: &str) -> Vec<Source<'a>> {
    let mut sections: Vec<&Section> = lib
        .sections
        .values()
        .filter(|x| x.lang == lang && section_listed(config, x))
        .collect();
    let mut pages: Vec<&Page> = lib
        .pages
        .values()
        .filter(|p| p.lang == lang && page_listed(config, p))
        .collect();
    // Every address is the base path and the path: the paths' order is the addresses'.
    sections.sort_by(|a, b| (&a.path, &a.key).cmp(&(&b.path, &b.key)));
    pages.sort_by(|a, b| (&a.path, &a.key).cmp(&(&b.path, &b.key)));
    let sections = sections.into_iter().map(|x| section_source(config, x));
    sections
        .chain(pages.into_iter().map(|p| page_source(config, p)))
        .collect()
}

/// How many pages and sections are in a language's list ([`sources`]'s length).
pub fn listed_count(config: &Config, lib: &Library, lang: &str) -> usize {
    let sections = lib.sections.values();
    let sections = sections.filter(|x| x.lang == lang && section_listed(config, x));
    let pages = lib.pages.values();
    let pages = pages.filter(|p| p.lang == lang && page_listed(config, p));
    sections.count() + pages.count()
}

/// The page or section `key` in its language's list: its language, its id there (its place in
/// [`sources`]) and its source, found without listing every page (`serve` asks on every edit).
pub fn source_of<'a>(
    config: &Config,
    lib: &'a Library,
    key: &str,
) -> Option<(&'a str, usize, Source<'a>)> {
    if let Some(x) = lib.sections.get(key).filter(|x| section_listed(config, x)) {
        let before = lib
            .sections
            .values()
            .filter(|o| o.lang == x.lang && (&o.path, &o.key) < (&x.path, &x.key))
            .filter(|o| section_listed(config, o))
            .count();
        return Some((&x.lang, before, section_source(config, x)));
    }
    let p = lib.pages.get(key).filter(|p| page_listed(config, p))?;
    let sections = lib
        .sections
        .values()
        .filter(|o| o.lang == p.lang && section_listed(config, o))
        .count();
    let before = lib
        .pages
        .values()
        .filter(|o| o.lang == p.lang && (&o.path, &o.key) < (&p.path, &p.key))
        .filter(|o| page_listed(config, o))
        .count();
    Some((&p.lang, sections + before, page_source(config, p)))
}

/// What search indexes of one page or section.
pub fn doc(source: &Source<'_>, documents: &Documents) -> Doc {
    Doc {
        url: source.url.clone(),
        title: source.title.to_string(),
        description: source.description.to_string(),
        parts: collect::parts(&documents.get(source.key).html),
    }
}

/// The search page's lists: `(sections, pages)`, each A to Z.
fn lists(sources: &[Source<'_>]) -> (Vec<Entry>, Vec<Entry>) {
    let (mut s_list, mut p_list) = (Vec::new(), Vec::new());
    for x in sources {
        let e = Entry {
            title: x.title.to_string(),
            url: x.url.clone(),
        };
        if x.section {
            s_list.push(e);
        } else {
            p_list.push(e);
        }
    }
    let az = |list: &mut Vec<Entry>| {
        list.par_sort_by_cached_key(|e| (text::fold(&e.title), e.url.clone()));
    };
    az(&mut s_list);
    az(&mut p_list);
    (s_list, p_list)
}

/// The scope of a language's index.
pub fn scope(config: &Config, lang: &str) -> index::Scope {
    index::Scope {
        text: config.search.text,
        stem: text::stems(lang),
    }
}

/// Is a content page or section already at this path (it then wins over the search page)?
fn taken(lib: &Library, path: &str) -> bool {
    lib.pages.values().any(|p| p.path == path)
        || lib.sections.values().any(|s| s.render && s.path == path)
}

/// Writes every language's index (and, with a renderer, its search page); returns how many
/// files were written. Nothing when search is off.
pub fn write(
    config: &Config,
    lib: &Library,
    documents: &Documents,
    renderer: Option<&Renderer>,
    out: &dyn Output,
) -> Result<usize> {
    if !config.search.enabled {
        return Ok(0);
    }
    let mut files = 0;
    for lang in config.language_codes() {
        let sources = sources(config, lib, &lang);
        if sources.is_empty() {
            continue;
        }
        let dir = config.language_direction(&lang);
        let make = |id: usize| doc(&sources[id], documents);
        let put = |rel: &str, bytes: &[u8]| out.write(&format!("{INDEX_DIR}/{lang}/{rel}"), bytes);
        files += index::write_language(
            (&lang, dir),
            sources.len(),
            &make,
            scope(config, &lang),
            &put,
        )?;
        let (sections, pages) = lists(&sources);
        let path = page_path(config, &lang);
        if let Some(r) = renderer.filter(|r| r.has_template("search.html") && !taken(lib, &path)) {
            let html = search_page(r, config, (&lang, &path), (&sections, &pages))?;
            crate::output::write_page(config, out, &crate::util::url::output_file(&path), &html)?;
            files += 1;
        }
    }
    Ok(files)
}

/// Renders `search.html` for one language at its path, listing `(sections, pages)`.
fn search_page(
    r: &Renderer,
    config: &Config,
    (lang, path): (&str, &str),
    (sections, pages): (&[Entry], &[Entry]),
) -> Result<String> {
    let mut ctx = Context::new();
    ctx.insert("lang", lang);
    ctx.insert(crate::render::functions::TEMPLATE_VAR, "search.html");
    ctx.insert(
        crate::render::functions::ROUTE_VAR,
        &crate::render::functions::UNRECORDED,
    );
    ctx.insert("current_path", &config.url(path));
    ctx.insert("current_url", &config.permalink(path));
    r.localise(&mut ctx, lang);
    ctx.insert(
        "search",
        &serde_json::json!({
            "index": config.url(&format!("/{INDEX_DIR}/{lang}/index.json")),
            "sections": sections,
            "pages": pages,
        }),
    );
    Ok(r.render(
        "search.html",
        &ctx,
        std::path::Path::new("templates/search.html"),
    )?)
}
