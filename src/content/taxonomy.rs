//! Taxonomies: terms collected from pages' front matter.

use indexmap::IndexMap;

use super::page::Page;
use crate::util::text::slugify;

/// One term of a taxonomy, such as `county lines` in `topics`.
#[derive(Debug, Clone)]
pub struct Term {
    pub name: String,
    pub slug: String,
    /// `/topics/county-lines/`.
    pub path: String,
    /// Keys of its pages, newest first, then by title.
    pub pages: Vec<String>,
}

/// A taxonomy in one language, with its terms sorted by slug.
#[derive(Debug, Clone)]
pub struct Taxonomy {
    pub name: String,
    pub lang: String,
    /// `/topics/` (or `/ur/topics/`).
    pub path: String,
    pub terms: Vec<Term>,
}

/// Collects the taxonomies of `pages` (already sorted as they should be listed).
pub fn collect(
    config: &crate::config::Config,
    pages: &IndexMap<String, Page>,
    lang_prefix: impl Fn(&str) -> String,
) -> Vec<Taxonomy> {
    let mut out = Vec::new();
    let mut langs: Vec<&str> = pages.values().map(|p| p.lang.as_str()).collect();
    langs.sort_unstable();
    langs.dedup();
    for t in &config.taxonomies {
        for lang in &langs {
            let path = format!("{}/{}/", lang_prefix(lang), t.name);
            let mut terms: IndexMap<String, Term> = IndexMap::new();
            for page in pages.values().filter(|p| p.lang == *lang) {
                for name in page.meta.taxonomies.get(&t.name).into_iter().flatten() {
                    let slug = slugify(name);
                    let term = terms.entry(slug.clone()).or_insert_with(|| Term {
                        name: name.clone(),
                        path: format!("{path}{slug}/"),
                        slug,
                        pages: Vec::new(),
                    });
                    // Pages come one at a time, so a page naming a term twice (`[Bury, bury]`)
                    // is the last one pushed: a constant-time check, not a scan of the list.
                    if term.pages.last() != Some(&page.key) {
                        term.pages.push(page.key.clone());
                    }
                }
            }
            if terms.is_empty() && *lang != config.default_language {
                continue;
            }
            let mut terms: Vec<Term> = terms.into_values().collect();
            terms.sort_by(|a, b| a.slug.cmp(&b.slug));
            for term in &mut terms {
                // Each page is looked up once, not at every comparison.
                let mut listed: Vec<(&Page, String)> = std::mem::take(&mut term.pages)
                    .into_iter()
                    .filter_map(|k| Some((pages.get(&k)?, k)))
                    .collect();
                listed.sort_by(|(pa, a), (pb, b)| {
                    let da = pa.date.as_ref().map(|d| d.timestamp);
                    let db = pb.date.as_ref().map(|d| d.timestamp);
                    db.cmp(&da)
                        .then_with(|| pa.title.cmp(&pb.title))
                        .then_with(|| a.cmp(b))
                });
                term.pages = listed.into_iter().map(|(_, k)| k).collect();
            }
            out.push(Taxonomy {
                name: t.name.clone(),
                lang: lang.to_string(),
                path,
                terms,
            });
        }
    }
    out
}
