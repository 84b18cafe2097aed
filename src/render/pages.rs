//! Rendering every page, section, pager, taxonomy and the 404 page with its template.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use tera::{Context, Value};

use super::Renderer;
use super::values::{self, Pager, SiteValues, pager_path};
use crate::config::Config;
use crate::content::Library;
use crate::error::Diagnostic;

/// One HTML file to render.
struct Job {
    /// The URL path (`/x/y/`, `/404.html`).
    path: String,
    template: String,
    lang: String,
    /// The source file, for messages.
    file: PathBuf,
    vars: Vec<(&'static str, Value)>,
    /// The keys of the pages whose values the file gets in `vars`.
    lists: Vec<String>,
}

/// One rendered file, as handed to the sink of [`render_jobs`].
pub struct Done<'a> {
    /// The output file (`x/y/index.html`).
    pub file: &'a str,
    pub html: String,
    /// The keys of the pages (and sections) whose values the file was given directly.
    pub lists: &'a [String],
}

/// The output file of a URL path: `/x/y/` -> `x/y/index.html`.
pub fn output_file(path: &str) -> String {
    let p = path.trim_start_matches('/');
    if p.is_empty() || p.ends_with('/') {
        format!("{p}index.html")
    } else {
        p.to_string()
    }
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

fn paginate(
    config: &Config,
    list: &[Value],
    per_page: Option<usize>,
    base: &str,
) -> Vec<(String, Option<Value>)> {
    let Some(per) = per_page.filter(|n| *n > 0) else {
        return vec![(base.to_string(), None)];
    };
    let count = list.len().div_ceil(per).max(1);
    (1..=count)
        .map(|n| {
            let pages = list.iter().skip((n - 1) * per).take(per).cloned().collect();
            let pager = Pager {
                base_path: base,
                index: n,
                count,
                per_page: per,
                pages,
                total: list.len(),
            };
            (pager_path(base, n), Some(values::paginator(config, pager)))
        })
        .collect()
}

/// Is any pager of a list of `len` pages at `base` selected?
fn any_pager(
    select: &(dyn Fn(&str) -> bool + Sync),
    len: usize,
    per_page: Option<usize>,
    base: &str,
) -> bool {
    let count = per_page
        .filter(|n| *n > 0)
        .map_or(1, |per| len.div_ceil(per).max(1));
    (1..=count).any(|n| select(&output_file(&pager_path(base, n))))
}

/// Receives each rendered page: `(output file, html)`.
pub type Sink<'a> = &'a (dyn Fn(&str, String) -> crate::Result<()> + Sync);

/// Renders every HTML page of the site and hands each to `sink`; returns how many.
pub fn render_all(
    r: &Renderer,
    config: &Config,
    lib: &Library,
    v: &SiteValues,
    sink: Sink<'_>,
) -> crate::Result<usize> {
    render_jobs(r, config, lib, v, v, &|_| true, &|d| sink(d.file, d.html))
}

/// The keys in a list of page values (their `relative_path`).
fn keys_of(list: &[Value]) -> Vec<String> {
    list.iter()
        .filter_map(|v| {
            v.as_map()?
                .get(&tera::value::Key::from("relative_path"))?
                .as_str()
                .map(str::to_owned)
        })
        .collect()
}

/// Renders the HTML files for which `select(output file)` is true, each page with its own
/// value from `own` and every list from `listed` (the same values, except when `serve` probes
/// which files show other pages' text); hands each to `sink`; returns how many.
pub fn render_jobs(
    r: &Renderer,
    config: &Config,
    lib: &Library,
    own: &SiteValues,
    v: &SiteValues,
    select: &(dyn Fn(&str) -> bool + Sync),
    sink: &(dyn Fn(Done<'_>) -> crate::Result<()> + Sync),
) -> crate::Result<usize> {
    let mut jobs = Vec::new();
    for p in lib.pages.values() {
        if !select(&output_file(&p.path)) {
            continue;
        }
        let Some(value) = own.pages.get(&p.key) else {
            continue;
        };
        let mut vars = vec![("page", value.clone())];
        if let Some(item) = &p.item {
            vars.push(("item", Value::from_serializable(item)));
        }
        jobs.push(Job {
            path: p.path.clone(),
            template: p.template.clone(),
            lang: p.lang.clone(),
            file: p.source.file.clone(),
            vars,
            lists: vec![p.key.clone()],
        });
    }
    for s in lib.sections.values().filter(|s| s.render) {
        let Some(value) = v.sections.get(&s.key) else {
            continue;
        };
        let list = value
            .as_map()
            .and_then(|m| m.get(&tera::value::Key::from("pages")))
            .and_then(|p| p.as_array())
            .unwrap_or(&[]);
        if !any_pager(select, list.len(), s.meta.paginate_by, &s.path) {
            continue;
        }
        let list = list.to_vec();
        let mut lists = keys_of(&list);
        lists.push(s.key.clone());
        for (path, paginator) in paginate(config, &list, s.meta.paginate_by, &s.path) {
            let mut vars = vec![("section", value.clone())];
            if let Some(p) = paginator {
                vars.push(("paginator", p));
            }
            jobs.push(Job {
                path,
                template: s.template.clone(),
                lang: s.lang.clone(),
                file: s.source.file.clone(),
                vars,
                lists: lists.clone(),
            });
        }
    }
    for t in &lib.taxonomies {
        let Some(tv) = v.taxonomies.get(&(t.lang.clone(), t.name.clone())) else {
            continue;
        };
        let get = |k: &str| {
            tv.as_map()
                .and_then(|m| m.get(&tera::value::Key::from(k.to_string())))
                .cloned()
                .unwrap_or_else(Value::none)
        };
        let taxonomy = get("taxonomy");
        let terms = get("terms");
        let file = PathBuf::from("placard.yaml");
        jobs.push(Job {
            path: t.path.clone(),
            template: "taxonomy_list.html".into(),
            lang: t.lang.clone(),
            file: file.clone(),
            vars: vec![("taxonomy", taxonomy.clone()), ("terms", terms.clone())],
            lists: vec![super::deps::EVERY_PAGE.to_string()],
        });
        let per_page = config.taxonomy(&t.name).and_then(|c| c.paginate_by);
        for (term, tval) in t.terms.iter().zip(terms.as_array().unwrap_or(&[])) {
            let list = tval
                .as_map()
                .and_then(|m| m.get(&tera::value::Key::from("pages")))
                .and_then(|p| p.as_array())
                .unwrap_or(&[]);
            if !any_pager(select, list.len(), per_page, &term.path) {
                continue;
            }
            let list = list.to_vec();
            let lists = keys_of(&list);
            for (path, paginator) in paginate(config, &list, per_page, &term.path) {
                let mut vars = vec![("taxonomy", taxonomy.clone()), ("term", tval.clone())];
                if let Some(p) = paginator {
                    vars.push(("paginator", p));
                }
                jobs.push(Job {
                    path,
                    template: "taxonomy_single.html".into(),
                    lang: t.lang.clone(),
                    file: file.clone(),
                    vars,
                    lists: lists.clone(),
                });
            }
        }
    }
    jobs.push(Job {
        path: "/404.html".into(),
        template: "404.html".into(),
        lang: config.default_language.clone(),
        file: PathBuf::from("templates/404.html"),
        vars: Vec::new(),
        lists: Vec::new(),
    });
    jobs.retain(|job| select(&output_file(&job.path)));

    let results: Vec<crate::Result<()>> = jobs
        .par_iter()
        .map(|job| {
            // Only this file's lookups are noted for `serve`.
            super::deps::take();
            let mut ctx = Context::new();
            ctx.insert("lang", &job.lang);
            ctx.insert(super::functions::TEMPLATE_VAR, &job.template);
            ctx.insert("current_path", &config.url(&job.path));
            ctx.insert("current_url", &config.permalink(&job.path));
            for (k, v) in &job.vars {
                ctx.insert_value(*k, v.clone());
            }
            let html = r.render(&job.template, &ctx, Path::new(&job.file))?;
            sink(Done {
                file: &output_file(&job.path),
                html,
                lists: &job.lists,
            })
        })
        .collect();
    let mut problems = Vec::new();
    for r in results {
        match r {
            Ok(()) => {}
            Err(crate::Error::Site(d)) => problems.extend(d),
            Err(e) => return Err(e),
        }
    }
    if !problems.is_empty() {
        problems.sort_by(|a, b| (&a.path, a.line, &a.message).cmp(&(&b.path, b.line, &b.message)));
        problems.dedup_by(|a, b| a.path == b.path && a.line == b.line && a.message == b.message);
        return Err(problems.into());
    }
    Ok(jobs.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_files() {
        assert_eq!(output_file("/"), "index.html");
        assert_eq!(output_file("/x/y/"), "x/y/index.html");
        assert_eq!(output_file("/404.html"), "404.html");
    }
}
