//! The section tree: implicit sections for folders without `_index.md`, drafts, parents,
//! page templates and sort order.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use indexmap::IndexMap;

use super::front_matter::{FrontMatter, SortBy};
use super::load::{default_title, lang_prefix};
use super::page::{Page, Section, Source, dir_path};
use crate::config::Config;

fn section_key(dir: &str, lang: &str, config: &Config) -> String {
    let name = if lang == config.default_language {
        "_index.md".to_string()
    } else {
        format!("_index.{lang}.md")
    };
    if dir.is_empty() {
        name
    } else {
        format!("{dir}/{name}")
    }
}

/// Every folder that holds content gets a section (not rendered unless it has `_index.md`,
/// except the home page of each language).
pub(super) fn add_implicit_sections(
    sections: &mut IndexMap<String, Section>,
    pages: &IndexMap<String, Page>,
    config: &Config,
) {
    let mut needed: Vec<(String, String)> = vec![(String::new(), config.default_language.clone())];
    let dirs = pages
        .values()
        .map(|p| (page_dir(p), p.lang.clone()))
        .chain(sections.values().map(|s| (s.dir.clone(), s.lang.clone())));
    for (dir, lang) in dirs {
        let mut d = dir.as_str();
        loop {
            needed.push((d.to_string(), lang.clone()));
            match d.rsplit_once('/') {
                Some((parent, _)) => d = parent,
                None if !d.is_empty() => d = "",
                None => break,
            }
        }
    }
    needed.sort();
    needed.dedup();
    for (dir, lang) in needed {
        let key = section_key(&dir, &lang, config);
        if sections.contains_key(&key) {
            continue;
        }
        let text: Arc<str> = Arc::from("");
        sections.insert(
            key.clone(),
            Section {
                source: Source {
                    file: Path::new("content").join(&key),
                    text,
                    body_offset: 0,
                    body_line: 1,
                },
                title: default_title(Path::new(&dir), config),
                path: dir_path(&lang_prefix(config, &lang), Path::new(&dir)),
                render: dir.is_empty(),
                key,
                lang,
                meta: FrontMatter {
                    extra: serde_json::json!({}),
                    ..FrontMatter::default()
                },
                dir,
                date: None,
                updated: None,
                pages: Vec::new(),
                subsections: Vec::new(),
                parent: None,
                template: String::new(),
            },
        );
    }
    sections.sort_keys();
}

/// The folder under content/ whose section lists the page.
fn page_dir(p: &Page) -> String {
    let key = match &p.bundle_dir {
        Some(_) => p.key.rsplit_once('/').map_or("", |(d, _)| d),
        None => p.key.as_str(),
    };
    key.rsplit_once('/')
        .map_or(String::new(), |(d, _)| d.to_string())
}

pub(super) fn remove_drafts(
    sections: &mut IndexMap<String, Section>,
    pages: &mut IndexMap<String, Page>,
) {
    let draft_dirs: Vec<(String, String)> = sections
        .values()
        .filter(|s| s.meta.draft)
        .map(|s| (s.dir.clone(), s.lang.clone()))
        .collect();
    let under = |dir: &str, lang: &str| {
        draft_dirs.iter().any(|(d, l)| {
            l == lang && (d.is_empty() || dir == d || dir.starts_with(&format!("{d}/")))
        })
    };
    pages.retain(|_, p| !p.meta.draft && !under(&page_dir(p), &p.lang));
    sections.retain(|_, s| !under(&s.dir, &s.lang) || s.dir.is_empty() && !s.meta.draft);
}

pub(super) fn link_parents(
    sections: &mut IndexMap<String, Section>,
    pages: &mut IndexMap<String, Page>,
) {
    let by_dir: HashMap<(String, String), String> = sections
        .values()
        .map(|s| ((s.dir.clone(), s.lang.clone()), s.key.clone()))
        .collect();
    let parent_of = |dir: &str| {
        dir.rsplit_once('/')
            .map_or(String::new(), |(p, _)| p.to_string())
    };
    let mut children: Vec<(String, String)> = Vec::new();
    for s in sections.values_mut() {
        if s.dir.is_empty() {
            continue;
        }
        s.parent = by_dir.get(&(parent_of(&s.dir), s.lang.clone())).cloned();
        if let (Some(p), true) = (&s.parent, s.render) {
            children.push((p.clone(), s.key.clone()));
        }
    }
    for (parent, child) in children {
        if let Some(p) = sections.get_mut(&parent) {
            p.subsections.push(child);
        }
    }
    for p in pages.values_mut() {
        p.section = by_dir.get(&(page_dir(p), p.lang.clone())).cloned();
    }
}

pub(super) fn assign_templates(
    sections: &IndexMap<String, Section>,
    pages: &mut IndexMap<String, Page>,
) {
    for p in pages.values_mut() {
        if !p.template.is_empty() {
            continue;
        }
        let mut section = p.section.as_ref().and_then(|k| sections.get(k));
        let mut chosen = None;
        while let Some(s) = section {
            if let Some(t) = &s.meta.page_template {
                chosen = Some(t.clone());
                break;
            }
            section = s.parent.as_ref().and_then(|k| sections.get(k));
        }
        p.template = chosen.unwrap_or_else(|| "page.html".into());
    }
}

pub(super) fn sort_sections(
    sections: &mut IndexMap<String, Section>,
    pages: &IndexMap<String, Page>,
) {
    let mut lists: HashMap<String, Vec<String>> = HashMap::new();
    for p in pages.values() {
        if let Some(s) = &p.section {
            lists.entry(s.clone()).or_default().push(p.key.clone());
        }
    }
    let weights: HashMap<String, (Option<i64>, String)> = sections
        .values()
        .map(|s| (s.key.clone(), (s.meta.weight, s.path.clone())))
        .collect();
    for s in sections.values_mut() {
        if s.template.is_empty() {
            s.template = if s.dir.is_empty() {
                "index.html".into()
            } else {
                "section.html".into()
            };
        }
        let mut list = lists.remove(&s.key).unwrap_or_default();
        let sort_by = s.meta.sort_by.unwrap_or_default();
        list.sort_by(|a, b| {
            let (pa, pb) = (&pages[a], &pages[b]);
            let title = || {
                pa.title
                    .to_lowercase()
                    .cmp(&pb.title.to_lowercase())
                    .then_with(|| a.cmp(b))
            };
            match sort_by {
                SortBy::Date => {
                    let da = pa.date.as_ref().map(|d| d.timestamp);
                    let db = pb.date.as_ref().map(|d| d.timestamp);
                    (da.is_none(), std::cmp::Reverse(da))
                        .cmp(&(db.is_none(), std::cmp::Reverse(db)))
                        .then_with(title)
                }
                SortBy::Weight => (pa.meta.weight.is_none(), pa.meta.weight)
                    .cmp(&(pb.meta.weight.is_none(), pb.meta.weight))
                    .then_with(title),
                SortBy::Title => title(),
            }
        });
        s.pages = list;
        s.subsections.sort_by(|a, b| {
            let (wa, wb) = (&weights[a], &weights[b]);
            (wa.0.is_none(), wa.0, &wa.1).cmp(&(wb.0.is_none(), wb.0, &wb.1))
        });
    }
}
