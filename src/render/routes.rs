//! The route table: every HTML file a build renders, made once from the typed
//! [`Library`]. For each output file it says which source file it comes from, which template
//! renders it, in which language, and which pages it lists or shows.
//!
//! [`super::pages`] renders it, `placard check` looks origins up in it, and `serve` decides
//! from it (and from what each file looked up while it rendered) what an edit affects.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use crate::config::Config;
use crate::content::Library;
use crate::util::url::{output_file, pager_path};

/// Listed by files that can show any page (taxonomy lists, `get_taxonomy`).
pub const EVERY_PAGE: &str = "*";

/// Which pager of a paginated list a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pager {
    /// 1-based.
    pub index: usize,
    pub count: usize,
    pub per_page: usize,
}

/// What a file shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shows {
    /// A page, by key.
    Page(String),
    /// A section (one pager of it, when it is paginated), by key.
    Section { key: String, pager: Option<Pager> },
    /// The list of a taxonomy's terms: an index into `Library::taxonomies`.
    Taxonomy(usize),
    /// One term of a taxonomy (one pager of it, when paginated).
    Term {
        taxonomy: usize,
        term: usize,
        pager: Option<Pager>,
    },
    /// The 404 page.
    NotFound,
}

/// One HTML file of the site. The table holds one per output file, so its texts are shared
/// where they repeat: one template name, language and source path for every file that has
/// the same, and no copy of a page's own key for the list of a page.
#[derive(Debug, Clone)]
pub struct Route {
    /// The output file, `x/y/index.html`.
    pub file: String,
    /// Its URL path, `/x/y/`.
    pub path: String,
    /// The source file, relative to the site root, for messages.
    pub source: Arc<Path>,
    pub template: Arc<str>,
    pub lang: Arc<str>,
    pub shows: Shows,
    /// See [`Route::lists`]; `None` for a page, which is given only its own values.
    lists: Option<Arc<[String]>>,
}

impl Route {
    /// The page or section key of the file, if it shows one.
    pub fn key(&self) -> Option<&str> {
        match &self.shows {
            Shows::Page(key) | Shows::Section { key, .. } => Some(key),
            _ => None,
        }
    }

    /// The keys of the pages (and sections) whose values the file is given: its own page, or
    /// every page of the list it shows ([`EVERY_PAGE`] for a taxonomy's list). Shared by the
    /// pagers of one list.
    pub fn lists(&self) -> &[String] {
        match (&self.lists, &self.shows) {
            (Some(keys), _) => keys,
            (None, Shows::Page(key)) => std::slice::from_ref(key),
            (None, _) => &[],
        }
    }
}

/// Every HTML file the build renders, in a fixed order: pages, sections, taxonomies, 404.
#[derive(Debug, Clone, Default)]
pub struct Routes {
    routes: Vec<Route>,
    /// Indexes into `routes`, sorted by output file (equal files in table order).
    by_file: Vec<u32>,
}

/// One shared copy of each distinct text (template names, languages).
#[derive(Default)]
struct Shared(HashMap<String, Arc<str>>);

impl Shared {
    fn get(&mut self, text: &str) -> Arc<str> {
        if let Some(shared) = self.0.get(text) {
            return shared.clone();
        }
        let shared: Arc<str> = Arc::from(text);
        self.0.insert(text.to_string(), shared.clone());
        shared
    }
}

impl Routes {
    /// The route table of a library.
    pub fn build(config: &Config, lib: &Library) -> Routes {
        let mut routes = Vec::with_capacity(count(config, lib));
        let mut texts = Shared::default();
        for p in lib.pages.values() {
            routes.push(Route {
                file: output_file(&p.path),
                path: p.path.clone(),
                source: Arc::from(p.source.file.as_path()),
                template: texts.get(&p.template),
                lang: texts.get(&p.lang),
                shows: Shows::Page(p.key.clone()),
                lists: None,
            });
        }
        for s in lib.sections.values().filter(|s| s.render) {
            let mut keys = s.pages.clone();
            keys.push(s.key.clone());
            let lists: Arc<[String]> = Arc::from(keys);
            let source: Arc<Path> = Arc::from(s.source.file.as_path());
            for (path, pager) in pagers(&s.path, s.pages.len(), s.meta.paginate_by) {
                routes.push(Route {
                    file: output_file(&path),
                    path,
                    source: source.clone(),
                    template: texts.get(&s.template),
                    lang: texts.get(&s.lang),
                    shows: Shows::Section {
                        key: s.key.clone(),
                        pager,
                    },
                    lists: Some(lists.clone()),
                });
            }
        }
        let config_file: Arc<Path> = Arc::from(Path::new(crate::config::FILE));
        let every_page: Arc<[String]> = Arc::from([EVERY_PAGE.to_string()]);
        for (ti, t) in lib.taxonomies.iter().enumerate() {
            routes.push(Route {
                file: output_file(&t.path),
                path: t.path.clone(),
                source: config_file.clone(),
                template: texts.get("taxonomy_list.html"),
                lang: texts.get(&t.lang),
                shows: Shows::Taxonomy(ti),
                lists: Some(every_page.clone()),
            });
            let per_page = config.taxonomy(&t.name).and_then(|c| c.paginate_by);
            for (i, term) in t.terms.iter().enumerate() {
                let lists: Arc<[String]> = Arc::from(term.pages.as_slice());
                for (path, pager) in pagers(&term.path, term.pages.len(), per_page) {
                    routes.push(Route {
                        file: output_file(&path),
                        path,
                        source: config_file.clone(),
                        template: texts.get("taxonomy_single.html"),
                        lang: texts.get(&t.lang),
                        shows: Shows::Term {
                            taxonomy: ti,
                            term: i,
                            pager,
                        },
                        lists: Some(lists.clone()),
                    });
                }
            }
        }
        routes.push(Route {
            file: "404.html".into(),
            path: "/404.html".into(),
            source: Arc::from(Path::new("templates/404.html")),
            template: texts.get("404.html"),
            lang: texts.get(&config.default_language),
            shows: Shows::NotFound,
            lists: Some(Arc::from([])),
        });
        Routes::from_list(routes)
    }

    /// The table of routes in this order.
    fn from_list(routes: Vec<Route>) -> Routes {
        let mut by_file: Vec<u32> = (0..routes.len())
            .map(|i| u32::try_from(i).unwrap_or(u32::MAX))
            .collect();
        // Stable: routes writing the same file stay in table order.
        by_file.sort_by(|a, b| {
            let file = |i: &u32| routes.get(*i as usize).map(|r| r.file.as_str());
            file(a).cmp(&file(b))
        });
        Routes { routes, by_file }
    }

    /// Every route, in the table's order.
    pub fn iter(&self) -> impl Iterator<Item = &Route> {
        self.routes.iter()
    }

    /// The route at an index of the table's order.
    pub fn at(&self, index: usize) -> Option<&Route> {
        self.routes.get(index)
    }

    /// The route that writes `file` (`x/y/index.html`). When two routes write the same file
    /// (a build refuses that), the later one.
    pub fn get(&self, file: &str) -> Option<&Route> {
        let of = |i: u32| self.routes.get(i as usize);
        let end = self
            .by_file
            .partition_point(|i| of(*i).is_some_and(|r| r.file.as_str() <= file));
        let last = of(*self.by_file.get(end.checked_sub(1)?)?)?;
        (last.file == file).then_some(last)
    }

    pub fn len(&self) -> usize {
        self.routes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.routes.is_empty()
    }
}

/// How many routes [`Routes::build`] makes (so the table is allocated once, at its size).
fn count(config: &Config, lib: &Library) -> usize {
    let sections: usize = lib
        .sections
        .values()
        .filter(|s| s.render)
        .map(|s| pager_count(s.pages.len(), s.meta.paginate_by))
        .sum();
    let taxonomies: usize = lib
        .taxonomies
        .iter()
        .map(|t| {
            let per_page = config.taxonomy(&t.name).and_then(|c| c.paginate_by);
            1 + t
                .terms
                .iter()
                .map(|term| pager_count(term.pages.len(), per_page))
                .sum::<usize>()
        })
        .sum();
    lib.pages.len() + sections + taxonomies + 1
}

/// How many pagers a list of `len` pages has (one when it is not paginated).
fn pager_count(len: usize, per_page: Option<usize>) -> usize {
    match per_page.filter(|n| *n > 0) {
        Some(n) => len.div_ceil(n).max(1),
        None => 1,
    }
}

/// The URL paths of the pagers of a list of `len` pages at `base` (only `base` itself when
/// the list is not paginated), with which pager each is.
fn pagers(base: &str, len: usize, per_page: Option<usize>) -> Vec<(String, Option<Pager>)> {
    let Some(per_page) = per_page.filter(|n| *n > 0) else {
        return vec![(base.to_string(), None)];
    };
    let count = pager_count(len, Some(per_page));
    (1..=count)
        .map(|index| {
            let pager = Pager {
                index,
                count,
                per_page,
            };
            (pager_path(base, index), Some(pager))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_route_is_found_by_its_file() {
        let route = |file: &str, lang: &str| Route {
            file: file.into(),
            path: format!("/{file}"),
            source: Arc::from(Path::new("content/x.md")),
            template: Arc::from("page.html"),
            lang: Arc::from(lang),
            shows: Shows::Page(file.into()),
            lists: None,
        };
        let routes = Routes::from_list(vec![
            route("b/index.html", "en"),
            route("a/index.html", "en"),
            route("c/index.html", "en"),
            route("a/index.html", "ur"),
        ]);
        assert_eq!(routes.get("b/index.html").map(|r| &*r.lang), Some("en"));
        assert_eq!(
            routes.get("c/index.html").map(|r| r.path.as_str()),
            Some("/c/index.html")
        );
        // Two routes for one file: the later one.
        assert_eq!(routes.get("a/index.html").map(|r| &*r.lang), Some("ur"));
        assert!(routes.get("d/index.html").is_none() && routes.get("").is_none());
        assert_eq!(
            routes.at(0).map(Route::lists),
            Some(&["b/index.html".to_string()][..])
        );
    }

    #[test]
    fn pagers_of_a_list() {
        assert_eq!(pagers("/news/", 45, None), vec![("/news/".into(), None)]);
        let p = pagers("/news/", 45, Some(20));
        let paths: Vec<&str> = p.iter().map(|(path, _)| path.as_str()).collect();
        assert_eq!(paths, ["/news/", "/news/page/2/", "/news/page/3/"]);
        assert_eq!(
            p[2].1,
            Some(Pager {
                index: 3,
                count: 3,
                per_page: 20
            })
        );
        // An empty paginated list still has its first pager.
        assert_eq!(pagers("/news/", 0, Some(20)).len(), 1);
    }
}
