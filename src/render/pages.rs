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
    let mut jobs = Vec::new();
    for p in lib.pages.values() {
        let Some(value) = v.pages.get(&p.key) else {
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
            .unwrap_or(&[])
            .to_vec();
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
        });
        let per_page = config.taxonomy(&t.name).and_then(|c| c.paginate_by);
        for (term, tval) in t.terms.iter().zip(terms.as_array().unwrap_or(&[])) {
            let list = tval
                .as_map()
                .and_then(|m| m.get(&tera::value::Key::from("pages")))
                .and_then(|p| p.as_array())
                .unwrap_or(&[])
                .to_vec();
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
    });

    let results: Vec<crate::Result<()>> = jobs
        .par_iter()
        .map(|job| {
            let mut ctx = Context::new();
            ctx.insert("lang", &job.lang);
            ctx.insert(super::functions::TEMPLATE_VAR, &job.template);
            ctx.insert("current_path", &config.url(&job.path));
            ctx.insert("current_url", &config.permalink(&job.path));
            for (k, v) in &job.vars {
                ctx.insert_value(*k, v.clone());
            }
            let html = r.render(&job.template, &ctx, Path::new(&job.file))?;
            sink(&output_file(&job.path), html)
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
