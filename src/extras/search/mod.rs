//! Site search: an index of every page per language, split in shards so a query downloads
//! little, read by the theme's own small script (`js/search.js`), and a search page per
//! language that lists every section and page A to Z for visitors without JavaScript.
//!
//! The index is made from what the Markdown stage rendered of each page (its title,
//! description, headings and text), never from the finished HTML, so the theme's menus,
//! footer and help block are not in it. Drafts and pages with `search: false` are left out.

pub mod collect;
pub mod index;
pub mod query;
pub mod text;

use serde::Serialize;
use tera::Context;

use crate::config::Config;
pub use crate::config::search::Settings;
use crate::content::Library;
use crate::error::Result;
use crate::markdown::Documents;
use crate::output::Output;
use crate::render::Renderer;
use collect::Doc;

/// The folder of the index files: `search-index/<lang>/index.json`.
pub const INDEX_DIR: &str = "search-index";

/// Is this output file part of the index (which `serve` replaces as a whole)?
pub fn is_index_file(rel: &str) -> bool {
    rel.strip_prefix(INDEX_DIR)
        .is_some_and(|rest| rest.starts_with('/'))
}

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

/// The languages that have pages, default first.
fn languages(config: &Config) -> Vec<String> {
    let mut out = vec![config.default_language.clone()];
    out.extend(
        config
            .languages
            .keys()
            .filter(|k| **k != config.default_language)
            .cloned(),
    );
    out
}

/// One language's searchable documents, sections first, each group in address order:
/// `(docs, sections for the list, pages for the list)`.
pub fn docs(
    config: &Config,
    lib: &Library,
    documents: &Documents,
    lang: &str,
) -> (Vec<Doc>, Vec<Entry>, Vec<Entry>) {
    let s = &config.search;
    let description = |d: &Option<String>| d.clone().unwrap_or_default();
    let mut sections: Vec<(Doc, Entry)> = lib
        .sections
        .values()
        .filter(|x| x.render && x.lang == lang && !x.meta.draft && x.meta.search != Some(false))
        .filter(|x| !s.excludes(&x.key))
        .map(|x| {
            doc(
                config,
                &x.title,
                &x.path,
                description(&x.meta.description),
                &documents.get(&x.key).html,
            )
        })
        .collect();
    let mut pages: Vec<(Doc, Entry)> = lib
        .pages
        .values()
        .filter(|p| p.lang == lang && !p.meta.draft && p.meta.search != Some(false))
        .filter(|p| !s.excludes(&p.key))
        .map(|p| {
            doc(
                config,
                &p.title,
                &p.path,
                description(&p.meta.description),
                &documents.get(&p.key).html,
            )
        })
        .collect();
    sections.sort_by(|a, b| a.0.url.cmp(&b.0.url));
    pages.sort_by(|a, b| a.0.url.cmp(&b.0.url));
    let mut docs = Vec::with_capacity(sections.len() + pages.len());
    let (mut s_list, mut p_list) = (Vec::new(), Vec::new());
    for (d, e) in sections {
        docs.push(d);
        s_list.push(e);
    }
    for (d, e) in pages {
        docs.push(d);
        p_list.push(e);
    }
    let az = |list: &mut Vec<Entry>| {
        list.sort_by_cached_key(|e| (text::fold(&e.title), e.url.clone()));
    };
    az(&mut s_list);
    az(&mut p_list);
    (docs, s_list, p_list)
}

fn doc(config: &Config, title: &str, path: &str, description: String, html: &str) -> (Doc, Entry) {
    let url = config.url(path);
    let d = Doc {
        url: url.clone(),
        title: title.to_string(),
        description,
        parts: collect::parts(html),
    };
    let e = Entry {
        title: title.to_string(),
        url,
    };
    (d, e)
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
    for lang in languages(config) {
        let (docs, sections, pages) = docs(config, lib, documents, &lang);
        if docs.is_empty() {
            continue;
        }
        let scope = index::Scope {
            text: config.search.text,
            stem: text::stems(&lang),
        };
        let dir = config.language_direction(&lang).to_string();
        for (rel, bytes) in index::files(&lang, &dir, &docs, scope) {
            out.write(&format!("{INDEX_DIR}/{lang}/{rel}"), &bytes)?;
            files += 1;
        }
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
