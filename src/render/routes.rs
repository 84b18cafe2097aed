//! The route table: every HTML file a build renders, made once from the typed
//! [`Library`]. For each output file it says which source file it comes from, which template
//! renders it, in which language, and which pages it lists or shows.
//!
//! [`super::pages`] renders it, `placard check` looks origins up in it, and `serve` decides
//! from it (and from what each file looked up while it rendered) what an edit affects.

use std::collections::HashMap;
use std::path::PathBuf;
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

/// One HTML file of the site.
#[derive(Debug, Clone)]
pub struct Route {
    /// The output file, `x/y/index.html`.
    pub file: String,
    /// Its URL path, `/x/y/`.
    pub path: String,
    /// The source file, relative to the site root, for messages.
    pub source: PathBuf,
    pub template: String,
    pub lang: String,
    pub shows: Shows,
    /// The keys of the pages (and sections) whose values the file is given: its own page, or
    /// every page of the list it shows ([`EVERY_PAGE`] for a taxonomy's list). Shared by the
    /// pagers of one list.
    pub lists: Arc<[String]>,
}

impl Route {
    /// The page or section key of the file, if it shows one.
    pub fn key(&self) -> Option<&str> {
        match &self.shows {
            Shows::Page(key) | Shows::Section { key, .. } => Some(key),
            _ => None,
        }
    }
}

/// Every HTML file the build renders, in a fixed order: pages, sections, taxonomies, 404.
#[derive(Debug, Clone, Default)]
pub struct Routes {
    routes: Vec<Route>,
    by_file: HashMap<String, usize>,
}

impl Routes {
    /// The route table of a library.
    pub fn build(config: &Config, lib: &Library) -> Routes {
        let mut routes = Vec::with_capacity(lib.pages.len() + lib.sections.len() + 1);
        for p in lib.pages.values() {
            routes.push(Route {
                file: output_file(&p.path),
                path: p.path.clone(),
                source: p.source.file.clone(),
                template: p.template.clone(),
                lang: p.lang.clone(),
                shows: Shows::Page(p.key.clone()),
                lists: Arc::from([p.key.clone()]),
            });
        }
        for s in lib.sections.values().filter(|s| s.render) {
            let mut keys = s.pages.clone();
            keys.push(s.key.clone());
            let lists: Arc<[String]> = Arc::from(keys);
            for (path, pager) in pagers(&s.path, s.pages.len(), s.meta.paginate_by) {
                routes.push(Route {
                    file: output_file(&path),
                    path,
                    source: s.source.file.clone(),
                    template: s.template.clone(),
                    lang: s.lang.clone(),
                    shows: Shows::Section {
                        key: s.key.clone(),
                        pager,
                    },
                    lists: lists.clone(),
                });
            }
        }
        let config_file = PathBuf::from(crate::config::FILE);
        for (ti, t) in lib.taxonomies.iter().enumerate() {
            routes.push(Route {
                file: output_file(&t.path),
                path: t.path.clone(),
                source: config_file.clone(),
                template: "taxonomy_list.html".into(),
                lang: t.lang.clone(),
                shows: Shows::Taxonomy(ti),
                lists: Arc::from([EVERY_PAGE.to_string()]),
            });
            let per_page = config.taxonomy(&t.name).and_then(|c| c.paginate_by);
            for (i, term) in t.terms.iter().enumerate() {
                let lists: Arc<[String]> = Arc::from(term.pages.as_slice());
                for (path, pager) in pagers(&term.path, term.pages.len(), per_page) {
                    routes.push(Route {
                        file: output_file(&path),
                        path,
                        source: config_file.clone(),
                        template: "taxonomy_single.html".into(),
                        lang: t.lang.clone(),
                        shows: Shows::Term {
                            taxonomy: ti,
                            term: i,
                            pager,
                        },
                        lists: lists.clone(),
                    });
                }
            }
        }
        routes.push(Route {
            file: "404.html".into(),
            path: "/404.html".into(),
            source: PathBuf::from("templates/404.html"),
            template: "404.html".into(),
            lang: config.default_language.clone(),
            shows: Shows::NotFound,
            lists: Arc::from([]),
        });
        let by_file = routes
            .iter()
            .enumerate()
            .map(|(i, r)| (r.file.clone(), i))
            .collect();
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
        self.by_file.get(file).and_then(|i| self.routes.get(*i))
    }

    pub fn len(&self) -> usize {
        self.routes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.routes.is_empty()
    }
}

/// The URL paths of the pagers of a list of `len` pages at `base` (only `base` itself when
/// the list is not paginated), with which pager each is.
fn pagers(base: &str, len: usize, per_page: Option<usize>) -> Vec<(String, Option<Pager>)> {
    let Some(per_page) = per_page.filter(|n| *n > 0) else {
        return vec![(base.to_string(), None)];
    };
    let count = len.div_ceil(per_page).max(1);
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
