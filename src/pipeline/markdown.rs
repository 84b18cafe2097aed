//! The stage "render markdown": every page's and section's Markdown, in parallel, with the
//! site as the Markdown stage sees it ([`Env`]), then the check of `@/x.md#anchor` links.

use std::path::Path;

use rayon::prelude::*;
use serde_json::{Map, Value};

use crate::assets;
use crate::assets::downloads::Downloads;
use crate::config::Config;
use crate::content::page::Source;
use crate::content::{self, Library};
use crate::error::{Diagnostic, Error, Result, sort_problems, suggest};
use crate::markdown::{self, ComponentError, Documents, Env, Input, Rendered};
use crate::render::Renderer;

/// What the Markdown stage reads of the loaded site.
#[derive(Clone, Copy)]
pub struct View<'a> {
    pub lib: &'a Library,
    pub config: &'a Config,
    pub renderer: &'a Renderer,
    pub downloads: &'a Downloads,
}

/// The Markdown stage's view of the site while it renders one file.
struct MdEnv<'a> {
    view: View<'a>,
    lang: &'a str,
    file: &'a Path,
    key: &'a str,
}

impl Env for MdEnv<'_> {
    fn resolve_key(&self, key: &str) -> String {
        let lib = self.view.lib;
        let translated = content::translations::translated_key(key, self.lang, self.view.config);
        let exists =
            |k: &str| lib.pages.contains_key(k) || lib.sections.get(k).is_some_and(|s| s.render);
        if translated != key && exists(&translated) {
            translated
        } else {
            key.to_string()
        }
    }

    fn url(&self, key: &str) -> Option<String> {
        let key = self.resolve_key(key);
        let key = key.as_str();
        let lib = self.view.lib;
        if lib.unreadable.contains(key) {
            // That file's own problem is reported; nothing is written in this run.
            return Some(String::new());
        }
        let path = match lib.pages.get(key) {
            Some(p) => &p.path,
            None => &lib.sections.get(key).filter(|s| s.render)?.path,
        };
        Some(self.view.config.url(path))
    }

    fn fallback_note(&self, key: &str) -> Option<String> {
        let at = crate::error::display_path(self.file);
        self.view.renderer.shared.fallback_note(key, self.lang, &at)
    }

    fn suggest_key(&self, key: &str) -> Option<String> {
        let lib = self.view.lib;
        let keys = lib
            .pages
            .keys()
            .chain(lib.sections.keys())
            .map(String::as_str);
        suggest(key, keys).map(str::to_owned)
    }

    fn component(
        &self,
        name: &str,
        args: &Map<String, Value>,
        body: Option<&str>,
    ) -> Result<String, ComponentError> {
        let args = assets::downloads::component_args(self.view.downloads, self.key, name, args);
        self.view
            .renderer
            .component(name, &args, body, self.lang, self.file)
    }

    fn image(
        &self,
        src: &str,
        alt: Option<String>,
        title: Option<String>,
    ) -> Result<String, String> {
        let shared = &self.view.renderer.shared;
        let source = assets::images::resolve(&shared.root, &shared.statics, self.file, src)?;
        let at = crate::error::display_path(self.file);
        Ok(shared.images.request(source, alt, title, at))
    }
}

/// One page or section to render.
struct Doc<'a> {
    key: &'a str,
    source: &'a Source,
    path: &'a str,
    lang: &'a str,
    /// Easy Read: each line of the text is a line on the page.
    easy_read: bool,
}

/// Renders every page's and section's Markdown in parallel, then checks anchors; `problems`
/// found by earlier stages are reported with this stage's.
pub fn render_all(view: &View<'_>, mut problems: Vec<Diagnostic>) -> Result<Documents> {
    let lib = view.lib;
    let pages = lib.pages.values().map(|p| Doc {
        key: &p.key,
        source: &p.source,
        path: &p.path,
        lang: &p.lang,
        easy_read: p.meta.format == crate::content::print::Format::EasyRead,
    });
    let sections = lib.sections.values().filter(|s| s.render).map(|s| Doc {
        key: &s.key,
        source: &s.source,
        path: &s.path,
        lang: &s.lang,
        easy_read: s.meta.format == crate::content::print::Format::EasyRead,
    });
    let docs: Vec<Doc> = pages.chain(sections).collect();
    let results: Vec<(String, std::result::Result<Rendered, Vec<Diagnostic>>)> = docs
        .par_iter()
        .map(|d| (d.key.to_string(), render_one(view, d)))
        .collect();
    let mut documents = Documents::default();
    let mut failed = std::collections::HashSet::new();
    for (key, result) in results {
        match result {
            Ok(r) => documents.insert(key, r),
            Err(d) => {
                problems.extend(d);
                failed.insert(key);
            }
        }
    }
    // Anchors are checked in the same run; a link into a file that could not be read or
    // rendered is left alone (that file's own problem is reported).
    let known = |key: &str| !failed.contains(key) && !lib.unreadable.contains(key);
    problems.extend(check_anchors(lib, &|k| documents.get(k), &known));
    if problems.is_empty() {
        Ok(documents)
    } else {
        sort_problems(&mut problems);
        Err(Error::Site(problems))
    }
}

/// Renders one page's or section's Markdown.
fn render_one(view: &View<'_>, doc: &Doc<'_>) -> std::result::Result<Rendered, Vec<Diagnostic>> {
    let env = MdEnv {
        view: *view,
        lang: doc.lang,
        file: &doc.source.file,
        key: doc.key,
    };
    let permalink = view.config.permalink(doc.path);
    let input = Input {
        file: &doc.source.file,
        text: &doc.source.text,
        body_offset: doc.source.body_offset,
        permalink: &permalink,
        line_breaks: doc.easy_read,
    };
    markdown::render(&input, &env)
}

/// The Markdown of the page `key` rendered again (after an edit of its text), once every
/// anchor link of the site with it in place of the page's old `documents` is checked, as the
/// full stage does.
pub fn rerender_page(view: &View<'_>, documents: &Documents, key: &str) -> Result<Rendered> {
    let Some(page) = view.lib.pages.get(key) else {
        return Err(Diagnostic::new(key, "internal error: no such page").into());
    };
    let doc = Doc {
        key,
        source: &page.source,
        path: &page.path,
        lang: &page.lang,
        easy_read: page.meta.format == crate::content::print::Format::EasyRead,
    };
    let rendered = render_one(view, &doc).map_err(Error::Site)?;
    let get = |k: &str| {
        if k == key {
            &rendered
        } else {
            documents.get(k)
        }
    };
    let mut problems = check_anchors(view.lib, &get, &|_| true);
    sort_problems(&mut problems);
    if problems.is_empty() {
        Ok(rendered)
    } else {
        Err(Error::Site(problems))
    }
}

/// Every `@/x.md#anchor` must name a heading (or other id) of its target; `get` gives each
/// key's rendered Markdown.
fn check_anchors<'d>(
    lib: &Library,
    get: &dyn Fn(&str) -> &'d Rendered,
    known: &dyn Fn(&str) -> bool,
) -> Vec<Diagnostic> {
    let ids = |key: &str| -> Option<&'d Vec<String>> {
        let exists = known(key) && (lib.pages.contains_key(key) || lib.sections.contains_key(key));
        exists.then(|| &get(key).ids)
    };
    let sources = lib
        .pages
        .values()
        .map(|p| (&p.source, &p.key))
        .chain(lib.sections.values().map(|s| (&s.source, &s.key)));
    let mut problems = Vec::new();
    for (source, key) in sources {
        for link in &get(key).anchor_links {
            let Some(target_ids) = ids(&link.target) else {
                continue;
            };
            if target_ids.contains(&link.anchor) {
                continue;
            }
            problems.push(
                Diagnostic::new(
                    &source.file,
                    format!(
                        "the link points at `#{}`, which is not a heading of @/{}",
                        link.anchor, link.target
                    ),
                )
                .code(crate::error::Code::AnchorMissing)
                .at(link.line, link.column)
                .len(link.len)
                .hint(anchor_hint(&link.anchor, &link.target, target_ids))
                .source(&source.text),
            );
        }
    }
    problems
}

/// "did you mean ..." for a missing anchor, or the target's headings.
fn anchor_hint(anchor: &str, target: &str, target_ids: &[String]) -> String {
    match suggest(anchor, target_ids.iter().map(String::as_str)) {
        Some(s) => format!("did you mean `#{s}`?"),
        None if target_ids.is_empty() => format!("@/{target} has no headings to link to"),
        None => format!(
            "the headings of @/{target} are: {}",
            target_ids
                .iter()
                .take(8)
                .map(|i| format!("#{i}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}
