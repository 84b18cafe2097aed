//! Rendering every file of the route table (pages, sections and their pagers, taxonomies, the
//! 404 page) with its template.

use rayon::prelude::*;
use tera::{Context, Value};

use super::Renderer;
use super::context::{self, Pager, SiteValues};
use super::routes::{Pager as Slot, Route, Routes, Shows};
use crate::config::Config;
use crate::content::Library;
use crate::error::Diagnostic;

/// One rendered file, as handed to the sink of [`render`].
pub struct Done<'a> {
    pub route: &'a Route,
    pub html: String,
    /// The keys of the pages and sections the file looked up with `get_page`, `get_section`
    /// or `get_taxonomy` while it rendered (only when the renderer records lookups).
    pub looked_up: Vec<String>,
}

/// Checks that every template pages and sections ask for exists.
pub fn check_templates(r: &Renderer, lib: &Library) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut missing = |template: &str, source: &crate::content::page::Source, key: &str| {
        if !r.has_template(template) {
            let msg = format!("the template `{template}` does not exist");
            problems.push(source.key_error(key, &msg, &r.template_hint(template)));
        }
    };
    for s in lib.sections.values().filter(|s| s.render) {
        missing(&s.template, &s.source, "template");
    }
    for p in lib.pages.values() {
        let key = if p.meta.template.is_some() {
            "template"
        } else if p.item.is_some() {
            "generate"
        } else {
            "page_template"
        };
        let source = match (&p.item, &p.section) {
            (_, Some(s)) if p.meta.template.is_none() => {
                lib.sections.get(s).map_or(&p.source, |s| &s.source)
            }
            _ => &p.source,
        };
        missing(&p.template, source, key);
    }
    for name in ["404.html"] {
        if !r.has_template(name) {
            problems.push(
                Diagnostic::new("templates", format!("the template `{name}` does not exist"))
                    .hint(r.template_hint(name)),
            );
        }
    }
    if !lib.taxonomies.is_empty() {
        for name in ["taxonomy_list.html", "taxonomy_single.html"] {
            if !r.has_template(name) {
                problems.push(
                    Diagnostic::new(
                        "placard.yaml",
                        format!("taxonomies need the template `{name}`, which does not exist"),
                    )
                    .hint(r.template_hint(name)),
                );
            }
        }
    }
    problems.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
    problems.dedup();
    problems
}

/// Warnings: a section whose pages are made from data (`generate:`) with a template that never
/// reads `item`, so every record's fields would be dropped without a word.
pub fn unread_items(r: &Renderer, lib: &Library) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for s in lib.sections.values() {
        let Some(spec) = &s.meta.generate else {
            continue;
        };
        let Some(template) = lib
            .pages
            .values()
            .find(|p| p.item.is_some() && p.section.as_deref() == Some(s.key.as_str()))
            .map(|p| p.template.as_str())
        else {
            continue;
        };
        if !r.has_template(template) || r.templates.uses_variable(template, "item") {
            continue;
        }
        out.push(s.source.key_error(
            "generate",
            &format!(
                "the pages made from {} use the template `{template}`, which never reads `item`: the records' fields are not shown",
                lib.data.file(&spec.from).map_or_else(
                    || format!("data/{}", spec.from),
                    |(f, _)| crate::error::display_path(f)
                )
            ),
            "leave out `template:` to use the theme's data_page.html, which shows every field, or show `item.name` (and the other fields) in your template",
        ));
    }
    out.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
    out
}

/// What [`render`] renders: the site, its route table, and the values templates get.
pub struct Render<'a> {
    pub renderer: &'a Renderer,
    pub config: &'a Config,
    pub lib: &'a Library,
    pub routes: &'a Routes,
    /// Each page's own value.
    pub own: &'a SiteValues,
    /// The values of the lists (sections, taxonomies): the same as `own`, except when `serve`
    /// probes which files show other pages' text.
    pub listed: &'a SiteValues,
}

/// Receives each rendered file.
pub type Sink<'a> = &'a (dyn Fn(Done<'_>) -> crate::Result<()> + Sync);

/// Renders the files of the route table for which `select` is true, in parallel, and hands
/// each to `sink`; returns how many. Every template error of every file is reported at once.
pub fn render(
    job: &Render<'_>,
    select: &(dyn Fn(&Route) -> bool + Sync),
    sink: Sink<'_>,
) -> crate::Result<usize> {
    let selected: Vec<(usize, &Route)> = job
        .routes
        .iter()
        .enumerate()
        .filter(|(_, r)| select(r))
        .collect();
    let results: Vec<crate::Result<bool>> = selected
        .par_iter()
        .map(|(index, route)| {
            let Some(vars) = vars(job, route) else {
                return Ok(false);
            };
            let mut ctx = Context::new();
            ctx.insert("lang", &*route.lang);
            job.renderer.localise(&mut ctx, &route.lang);
            ctx.insert(super::functions::TEMPLATE_VAR, &*route.template);
            let pass = job.renderer.shared.ranges.pass();
            ctx.insert(crate::util::template_range::VAR, &pass.id);
            ctx.insert("current_path", &job.config.url(&route.path));
            ctx.insert("current_url", &job.config.permalink(&route.path));
            if job.renderer.shared.records_lookups() {
                ctx.insert(super::functions::ROUTE_VAR, index);
            }
            for (k, v) in vars {
                ctx.insert_value(k, v);
            }
            let html = job.renderer.render(&route.template, &ctx, &route.source);
            let looked_up = job.renderer.shared.take_lookups(*index);
            sink(Done {
                route,
                html: html?,
                looked_up,
            })?;
            Ok(true)
        })
        .collect();
    let mut problems = Vec::new();
    let mut rendered = 0;
    for r in results {
        match r {
            Ok(done) => rendered += usize::from(done),
            Err(crate::Error::Site(d)) => problems.extend(d),
            Err(e) => return Err(e),
        }
    }
    if !problems.is_empty() {
        problems.sort_by(|a, b| (&a.path, a.line, &a.message).cmp(&(&b.path, b.line, &b.message)));
        problems.dedup_by(|a, b| a.path == b.path && a.line == b.line && a.message == b.message);
        return Err(problems.into());
    }
    Ok(rendered)
}

/// The variables of a route's template, or `None` when its values are missing.
fn vars(job: &Render<'_>, route: &Route) -> Option<Vec<(&'static str, Value)>> {
    let (lib, config) = (job.lib, job.config);
    Some(match &route.shows {
        Shows::Page(key) => {
            let mut vars = vec![("page", job.own.pages.get(key)?.clone())];
            if let Some(item) = lib.pages.get(key).and_then(|p| p.item.as_ref()) {
                vars.push(("item", Value::from_serializable(item)));
            }
            vars
        }
        Shows::Section { key, pager } => {
            let value = job.listed.sections.get(key)?;
            let mut vars = vec![("section", value.clone())];
            if let Some(slot) = pager {
                let base = &lib.sections.get(key)?.path;
                vars.push((
                    "paginator",
                    paginator(config, field(value, "pages"), base, slot),
                ));
            }
            vars
        }
        Shows::Taxonomy(ti) => {
            let tv = taxonomy_value(job, *ti)?;
            vec![
                ("taxonomy", field(tv, "taxonomy")),
                ("terms", field(tv, "terms")),
            ]
        }
        Shows::Term {
            taxonomy,
            term,
            pager,
        } => {
            let tv = taxonomy_value(job, *taxonomy)?;
            let terms = field(tv, "terms");
            let tval = terms.as_array()?.get(*term)?.clone();
            let mut vars = vec![("taxonomy", field(tv, "taxonomy")), ("term", tval.clone())];
            if let Some(slot) = pager {
                let base = &lib.taxonomies.get(*taxonomy)?.terms.get(*term)?.path;
                vars.push((
                    "paginator",
                    paginator(config, field(&tval, "pages"), base, slot),
                ));
            }
            vars
        }
        Shows::NotFound => Vec::new(),
    })
}

/// The `{taxonomy, terms}` value of the taxonomy at `index` of the library.
fn taxonomy_value<'v>(job: &'v Render<'_>, index: usize) -> Option<&'v Value> {
    let t = job.lib.taxonomies.get(index)?;
    job.listed.taxonomies.get(&(t.lang.clone(), t.name.clone()))
}

/// A field of a map value (none when absent).
fn field(value: &Value, name: &str) -> Value {
    value
        .as_map()
        .and_then(|m| m.get(&tera::value::Key::from(name.to_string())))
        .cloned()
        .unwrap_or_else(Value::none)
}

/// The `paginator` of one pager of the list `pages` at `base`.
fn paginator(config: &Config, pages: Value, base: &str, slot: &Slot) -> Value {
    let list = pages.as_array().unwrap_or(&[]);
    let start = (slot.index - 1) * slot.per_page;
    let pager = Pager {
        base_path: base,
        index: slot.index,
        count: slot.count,
        per_page: slot.per_page,
        pages: list
            .iter()
            .skip(start)
            .take(slot.per_page)
            .cloned()
            .collect(),
        total: list.len(),
    };
    context::paginator(config, pager)
}
