//! The template context: the values of pages, sections and taxonomies, built once per build.
//!
//! A page's value is made once and shared (Tera values are reference-counted), so a section
//! listing 10,000 pages copies pointers, not pages.

use std::collections::HashMap;

use tera::Value;

use crate::assets::downloads::Downloads;
use crate::config::Config;
use crate::content::{Library, Page, Section};
use crate::markdown::{Documents, Rendered};
use crate::util::url::pager_path;

/// What templates' values are made from: the content, its rendered Markdown and downloads.
#[derive(Clone, Copy)]
pub struct View<'a> {
    pub config: &'a Config,
    pub lib: &'a Library,
    pub documents: &'a Documents,
    pub downloads: &'a Downloads,
}

/// Every page's and section's value, by key.
#[derive(Debug, Default, Clone)]
pub struct SiteValues {
    pub pages: HashMap<String, Value>,
    pub sections: HashMap<String, Value>,
    /// `{taxonomy, terms}` by `(lang, name)`.
    pub taxonomies: HashMap<(String, String), Value>,
}

fn map(entries: Vec<(&'static str, Value)>) -> Value {
    let mut m = tera::Map::new();
    for (k, v) in entries {
        m.insert(k.into(), v);
    }
    Value::from(m)
}

fn opt_str(s: Option<&str>) -> Value {
    s.map_or_else(Value::none, Value::from)
}

fn json(v: &serde_json::Value) -> Value {
    Value::from_serializable(v)
}

/// Minutes to read, at 200 words a minute.
pub fn reading_time(words: usize) -> usize {
    words.div_ceil(200).max(1)
}

/// Which page or section a value is for.
struct Of<'a> {
    key: &'a str,
    path: &'a str,
    lang: &'a str,
}

/// The fields pages and sections share.
fn common(
    config: &Config,
    r: &Rendered,
    of: Of<'_>,
    ancestors: Vec<Value>,
) -> Vec<(&'static str, Value)> {
    let Of { key, path, lang } = of;
    vec![
        ("content", r.html.value()),
        (
            "summary",
            r.summary
                .as_deref()
                .map_or_else(Value::none, |s| Value::from(s).mark_safe()),
        ),
        ("path", Value::from(config.url(path))),
        ("permalink", Value::from(config.permalink(path))),
        ("relative_path", Value::from(key)),
        ("toc", toc(&r.toc)),
        ("word_count", Value::from(r.word_count)),
        ("reading_time", Value::from(reading_time(r.word_count))),
        ("lang", Value::from(lang)),
        ("ancestors", Value::from(ancestors)),
    ]
}

/// A table of contents as a template value: what serde makes of the headings, made directly
/// (a page's headings nest at most six deep, one level per heading level).
fn toc(headings: &[crate::markdown::Heading]) -> Value {
    let list: Vec<Value> = headings
        .iter()
        .map(|h| {
            map(vec![
                ("level", Value::from(h.level)),
                ("id", Value::from(h.id.as_str())),
                ("title", Value::from(h.title.as_str())),
                ("permalink", Value::from(h.permalink.as_str())),
                ("children", toc(&h.children)),
            ])
        })
        .collect();
    Value::from(list)
}

fn ancestors<'a>(lib: &'a Library, mut parent: Option<&'a String>) -> Vec<Value> {
    let mut out = Vec::new();
    while let Some(section) = parent.and_then(|key| lib.sections.get(key)) {
        if section.render {
            out.push(Value::from(section.key.as_str()));
        }
        parent = section.parent.as_ref();
    }
    out.reverse();
    out
}

/// `downloads` and `downloads_bundle` (src/assets/downloads.rs).
fn downloads(downloads: &Downloads, key: &str) -> [(&'static str, Value); 2] {
    let (items, bundle) = crate::assets::downloads::values(downloads, key);
    [
        ("downloads", json(&items)),
        ("downloads_bundle", json(&bundle)),
    ]
}

/// `[{lang, name, dir, title, path, permalink, current}]`: every language version of a page or
/// section, itself included (`current: true`), the default language first.
fn translations(config: &Config, lib: &Library, key: &str, lang: &str) -> Value {
    let list: Vec<Value> = lib
        .translations_of(key, lang)
        .iter()
        .filter_map(|k| {
            let (t_lang, title, path) = match lib.pages.get(k) {
                Some(p) => (&p.lang, &p.title, &p.path),
                None => {
                    let s = lib.sections.get(k)?;
                    (&s.lang, &s.title, &s.path)
                }
            };
            Some(map(vec![
                ("lang", Value::from(t_lang.as_str())),
                ("name", Value::from(config.language_name(t_lang))),
                ("dir", Value::from(config.language_direction(t_lang))),
                ("title", Value::from(title.as_str())),
                ("path", Value::from(config.url(path))),
                ("permalink", Value::from(config.permalink(path))),
                ("current", Value::from(k == key)),
            ]))
        })
        .collect();
    Value::from(list)
}

/// The value of a page.
pub fn page(view: &View<'_>, p: &Page) -> Value {
    let (config, lib) = (view.config, view.lib);
    let anc = ancestors(lib, p.section.as_ref());
    let mut entries = vec![
        ("title", Value::from(p.title.as_str())),
        ("description", opt_str(p.meta.description.as_deref())),
        ("date", opt_str(p.date.as_ref().map(|d| d.text.as_str()))),
        (
            "updated",
            opt_str(p.updated.as_ref().map(|d| d.text.as_str())),
        ),
        ("slug", Value::from(p.slug.as_str())),
        ("draft", Value::from(p.meta.draft)),
        (
            "weight",
            p.meta.weight.map_or_else(Value::none, Value::from),
        ),
        ("template", Value::from(p.template.as_str())),
        ("taxonomies", Value::from_serializable(&p.meta.taxonomies)),
        ("extra", json(&p.meta.extra)),
        (
            "assets",
            Value::from(
                p.assets
                    .iter()
                    .map(|a| Value::from(a.as_str()))
                    .collect::<Vec<_>>(),
            ),
        ),
        ("translations", translations(config, lib, &p.key, &p.lang)),
        ("format", Value::from(format_name(p.meta.format))),
        (
            "translation_review",
            opt_str(p.meta.translation_review.map(|t| t.as_str())),
        ),
        ("item", p.item.as_ref().map_or_else(Value::none, json)),
    ];
    entries.extend(downloads(view.downloads, &p.key));
    let own_dir = p.key.rsplit_once('/').map_or("", |(d, _)| d);
    let own = super::brand::Own {
        key: &p.key,
        lang: &p.lang,
        meta: &p.meta,
        dir: own_dir,
    };
    let identity = super::brand::identity(lib, own, p.section.as_ref());
    entries.push(("identity", identity));
    let rendered = view.documents.get(&p.key);
    let of = Of {
        key: &p.key,
        path: &p.path,
        lang: &p.lang,
    };
    entries.extend(common(config, rendered, of, anc));
    map(entries)
}

/// The value of a section, with its pages' values.
pub fn section(view: &View<'_>, s: &Section, pages: &HashMap<String, Value>) -> Value {
    let (config, lib) = (view.config, view.lib);
    let list: Vec<Value> = s
        .pages
        .iter()
        .filter_map(|k| pages.get(k).cloned())
        .collect();
    let mut entries = vec![
        ("title", Value::from(s.title.as_str())),
        ("description", opt_str(s.meta.description.as_deref())),
        ("date", opt_str(s.date.as_ref().map(|d| d.text.as_str()))),
        (
            "updated",
            opt_str(s.updated.as_ref().map(|d| d.text.as_str())),
        ),
        ("extra", json(&s.meta.extra)),
        ("template", Value::from(s.template.as_str())),
        ("pages", Value::from(list)),
        (
            "subsections",
            Value::from(
                s.subsections
                    .iter()
                    .map(|k| Value::from(k.as_str()))
                    .collect::<Vec<_>>(),
            ),
        ),
        (
            "paginate_by",
            s.meta.paginate_by.map_or_else(Value::none, Value::from),
        ),
        (
            "weight",
            s.meta.weight.map_or_else(Value::none, Value::from),
        ),
        ("translations", translations(config, lib, &s.key, &s.lang)),
        ("format", Value::from(format_name(s.meta.format))),
        (
            "translation_review",
            opt_str(s.meta.translation_review.map(|t| t.as_str())),
        ),
    ];
    entries.extend(downloads(view.downloads, &s.key));
    let own = super::brand::Own {
        key: &s.key,
        lang: &s.lang,
        meta: &s.meta,
        dir: &s.dir,
    };
    let identity = super::brand::identity(lib, own, s.parent.as_ref());
    entries.push(("identity", identity));
    let of = Of {
        key: &s.key,
        path: &s.path,
        lang: &s.lang,
    };
    let rendered = view.documents.get(&s.key);
    entries.extend(common(
        config,
        rendered,
        of,
        ancestors(lib, s.parent.as_ref()),
    ));
    map(entries)
}

/// `{name, slug, path, permalink, pages, page_count}` for a term.
pub fn term(
    config: &Config,
    t: &crate::content::taxonomy::Term,
    pages: &HashMap<String, Value>,
) -> Value {
    let list: Vec<Value> = t
        .pages
        .iter()
        .filter_map(|k| pages.get(k).cloned())
        .collect();
    map(vec![
        ("name", Value::from(t.name.as_str())),
        ("slug", Value::from(t.slug.as_str())),
        ("path", Value::from(config.url(&t.path))),
        ("permalink", Value::from(config.permalink(&t.path))),
        ("page_count", Value::from(list.len())),
        ("pages", Value::from(list)),
    ])
}

/// `{name, slug, path, permalink, lang}` for a taxonomy.
pub fn taxonomy(config: &Config, t: &crate::content::taxonomy::Taxonomy) -> Value {
    map(vec![
        ("name", Value::from(t.name.as_str())),
        ("slug", Value::from(t.name.as_str())),
        ("lang", Value::from(t.lang.as_str())),
        ("path", Value::from(config.url(&t.path))),
        ("permalink", Value::from(config.permalink(&t.path))),
    ])
}

/// Builds every value of the site.
pub fn build(view: &View<'_>) -> SiteValues {
    use rayon::prelude::*;
    let pages: HashMap<String, Value> = view
        .lib
        .pages
        .par_iter()
        .map(|(k, p)| (k.clone(), page(view, p)))
        .collect();
    with_pages(view, pages)
}

/// The section and taxonomy values around already-built page values (cheap: page values are
/// shared, not copied), so `serve` can rebuild one page's value and keep the others.
pub fn with_pages(view: &View<'_>, pages: HashMap<String, Value>) -> SiteValues {
    use rayon::prelude::*;
    let (config, lib) = (view.config, view.lib);
    let sections = lib
        .sections
        .par_iter()
        .filter(|(_, s)| s.render)
        .map(|(k, s)| (k.clone(), section(view, s, &pages)))
        .collect();
    let taxonomies = lib
        .taxonomies
        .iter()
        .map(|t| {
            (
                (t.lang.clone(), t.name.clone()),
                taxonomy_terms(config, t, &pages),
            )
        })
        .collect();
    SiteValues {
        pages,
        sections,
        taxonomies,
    }
}

/// `{taxonomy, terms}` for a taxonomy, with its terms' pages.
pub fn taxonomy_terms(
    config: &Config,
    t: &crate::content::taxonomy::Taxonomy,
    pages: &HashMap<String, Value>,
) -> Value {
    let terms: Vec<Value> = t
        .terms
        .iter()
        .map(|term| self::term(config, term, pages))
        .collect();
    map(vec![
        ("taxonomy", taxonomy(config, t)),
        ("terms", Value::from(terms)),
    ])
}

/// [`taxonomy_terms`] after an edit of some pages' text: the terms `changed` says list an
/// edited page are made again, the others taken from `old` (the value before the edit), so an
/// edit does not look up every page of the taxonomy again. Without a usable `old`, all are made.
pub fn taxonomy_terms_after_edit(
    config: &Config,
    t: &crate::content::taxonomy::Taxonomy,
    pages: &HashMap<String, Value>,
    old: Option<&Value>,
    changed: impl Fn(&crate::content::taxonomy::Term) -> bool,
) -> Value {
    let field = |v: &Value, k: &str| {
        v.as_map()
            .and_then(|m| m.get(&tera::value::Key::from(k.to_string())).cloned())
    };
    let old_terms = old.and_then(|v| field(v, "terms"));
    let old_terms = old_terms
        .as_ref()
        .and_then(Value::as_array)
        .filter(|list| list.len() == t.terms.len());
    let Some(old_terms) = old_terms else {
        return taxonomy_terms(config, t, pages);
    };
    let terms: Vec<Value> = t
        .terms
        .iter()
        .zip(old_terms.iter())
        .map(|(term, before)| {
            if changed(term) {
                self::term(config, term, pages)
            } else {
                before.clone()
            }
        })
        .collect();
    map(vec![
        ("taxonomy", taxonomy(config, t)),
        ("terms", Value::from(terms)),
    ])
}

/// A pager's value.
pub struct Pager<'a> {
    pub base_path: &'a str,
    pub index: usize,
    pub count: usize,
    pub per_page: usize,
    pub pages: Vec<Value>,
    pub total: usize,
}

/// The `paginator` value.
pub fn paginator(config: &Config, p: Pager<'_>) -> Value {
    let url = |n: usize| Value::from(config.url(&pager_path(p.base_path, n)));
    map(vec![
        ("paginate_by", Value::from(p.per_page)),
        ("pages", Value::from(p.pages)),
        ("current_index", Value::from(p.index)),
        ("number_pagers", Value::from(p.count)),
        ("total_pages", Value::from(p.total)),
        ("first", url(1)),
        ("last", url(p.count)),
        (
            "previous",
            if p.index > 1 {
                url(p.index - 1)
            } else {
                Value::none()
            },
        ),
        (
            "next",
            if p.index < p.count {
                url(p.index + 1)
            } else {
                Value::none()
            },
        ),
        ("base_url", Value::from(config.url(p.base_path))),
    ])
}

/// `easy-read` or `standard`: the page's `format:`.
fn format_name(format: crate::content::print::Format) -> &'static str {
    match format {
        crate::content::print::Format::EasyRead => "easy-read",
        crate::content::print::Format::Standard => "standard",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::Heading;

    #[test]
    fn the_toc_value_is_what_serde_makes_of_the_headings() {
        let h = |level: u8, id: &str, children: Vec<Heading>| Heading {
            level,
            id: id.into(),
            title: format!("Title of {id}, long enough not to be inline"),
            permalink: format!("https://x.org/p/#{id}"),
            children,
        };
        let headings = vec![
            h(
                2,
                "a",
                vec![h(3, "b", vec![h(4, "c", vec![])]), h(3, "d", vec![])],
            ),
            h(2, "e", vec![]),
        ];
        assert_eq!(toc(&headings), Value::from_serializable(&headings));
        assert_eq!(toc(&[]), Value::from_serializable(&Vec::<Heading>::new()));
    }
}
