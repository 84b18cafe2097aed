//! Checks that need the whole route table: an alias may not replace a file the build writes,
//! and the menus of `placard.yaml` (`extra.nav`, `extra.nav_<code>`) are typed and link to
//! pages that exist.

use std::collections::HashMap;
use std::path::Path;

use serde_json::Value;

use crate::config::{self, Config};
use crate::content::Library;
use crate::content::front_matter::front_matter_key_line;
use crate::error::{Diagnostic, suggest};
use crate::render::routes::Routes;
use crate::util::url::{output_file, pager_path};
use crate::util::yaml::{Positions, Step};

/// Every problem these checks find.
pub fn check(root: &Path, config: &Config, lib: &Library, routes: &Routes) -> Vec<Diagnostic> {
    let others = other_files(config, lib);
    let mut problems = aliases(lib, routes, &others);
    let published = |file: &str| routes.get(file).is_some() || others.contains_key(file);
    if lib.unreadable.is_empty() {
        // A menu link to a file that could not be read would be a second report of its problem.
        problems.extend(menus(root, config, &published));
    }
    problems
}

/// The HTML files the build writes besides the route table's: the search pages and page 1 of
/// paginated lists (a redirect), with what writes them.
fn other_files(config: &Config, lib: &Library) -> HashMap<String, String> {
    let mut files = HashMap::new();
    if config.search.enabled {
        let langs = std::iter::once(&config.default_language).chain(config.languages.keys());
        for lang in langs {
            let path = crate::extras::search::page_path(config, lang);
            files.insert(output_file(&path), "the search page".to_string());
        }
    }
    for s in lib.sections.values().filter(|s| s.render) {
        if s.meta.paginate_by.is_some() {
            let path = format!("{}page/1/", pager_path(&s.path, 1));
            let what = format!("the redirect of {} to its first page", s.path);
            files.insert(output_file(&path), what);
        }
    }
    files
}

/// An alias whose redirect would replace a page, a section, the 404 page, a pager or a search
/// page is an error at the page's `aliases:` line.
fn aliases(lib: &Library, routes: &Routes, others: &HashMap<String, String>) -> Vec<Diagnostic> {
    let owners = lib
        .pages
        .values()
        .map(|p| (&p.meta.aliases, &p.source))
        .chain(lib.sections.values().map(|s| (&s.meta.aliases, &s.source)));
    let mut problems = Vec::new();
    for (list, source) in owners {
        for alias in list {
            let file = output_file(alias);
            let taken = match routes.get(&file) {
                Some(route) => Some(format!(
                    "the page of {}",
                    crate::error::display_path(&route.source)
                )),
                None => others.get(&file).cloned(),
            };
            let Some(taken) = taken else { continue };
            let line = front_matter_key_line(&source.text, "aliases").unwrap_or(1);
            problems.push(
                Diagnostic::new(
                    &source.file,
                    format!(
                        "the alias `{alias}` would replace {file}, which the build writes for {taken}"
                    ),
                )
                .at(line, 1)
                .len("aliases".len())
                .source(&source.text)
                .hint("an alias is an old address that no longer has a page: remove this one, or write the old address it replaces"),
            );
        }
    }
    problems
}

/// The keys a menu item may have.
const ITEM_KEYS: [&str; 2] = ["title", "url"];

/// Each menu of `extra` (`nav`, and `nav_<code>` for each declared language): a list of
/// `{title, url}`, each internal `url` a page of the site (not a draft, not missing).
fn menus(root: &Path, config: &Config, published: &Published<'_>) -> Vec<Diagnostic> {
    let names = std::iter::once("nav".to_string())
        .chain(config.languages.keys().map(|code| format!("nav_{code}")));
    let menus: Vec<(String, &Value)> = names
        .filter_map(|name| config.extra.get(&name).map(|v| (name, v)))
        .collect();
    if menus.is_empty() {
        return Vec::new();
    }
    let text = crate::util::fs::read_text(root, Path::new(config::FILE)).unwrap_or_default();
    let positions = Positions::parse(&text, 1);
    let mut problems = Vec::new();
    for (name, menu) in menus {
        let at = |path: &[Step<'_>], message: String, hint: &str| {
            let d = Diagnostic::new(config::FILE, message).hint(hint);
            match positions.key(path).or_else(|| positions.value(path)) {
                Some(p) => d.at(p.line, p.column).source(&text),
                None => d,
            }
        };
        let base = [Step::Key("extra"), Step::Key(&name)];
        let Some(items) = menu.as_array() else {
            problems.push(at(
                &base,
                format!("the menu `extra.{name}` is not a list"),
                "write each menu item as `- title: ...` with `url: ...` under it",
            ));
            continue;
        };
        for (i, item) in items.iter().enumerate() {
            let here = [base[0], base[1], Step::Index(i)];
            problems.extend(menu_item(
                &name,
                i,
                item,
                published,
                &|key, message, hint| {
                    let mut path = here.to_vec();
                    if let Some(key) = key {
                        path.push(Step::Key(key));
                    }
                    at(&path, message, hint)
                },
            ));
        }
    }
    problems
}

/// Is this output file written by the build?
type Published<'a> = dyn Fn(&str) -> bool + 'a;

type At<'a> = dyn Fn(Option<&str>, String, &str) -> Diagnostic + 'a;

/// The problems of one menu item.
fn menu_item(
    name: &str,
    i: usize,
    item: &Value,
    published: &Published<'_>,
    at: &At<'_>,
) -> Vec<Diagnostic> {
    let label = format!("item {} of the menu `extra.{name}`", i + 1);
    let Some(map) = item.as_object() else {
        return vec![at(
            None,
            format!("{label} is not a map of `title` and `url`"),
            "write it as `- title: ...` with `url: ...` on the next line",
        )];
    };
    let mut problems = Vec::new();
    for key in map.keys().filter(|k| !ITEM_KEYS.contains(&k.as_str())) {
        let hint = match suggest(key, ITEM_KEYS) {
            Some(s) => format!("did you mean `{s}`?"),
            None => "a menu item has only `title` and `url`".to_string(),
        };
        problems.push(at(
            Some(key),
            format!("unknown field `{key}` in {label}"),
            &hint,
        ));
    }
    for key in ITEM_KEYS {
        match map.get(key) {
            Some(Value::String(s)) if !s.trim().is_empty() => {}
            Some(_) => problems.push(at(
                Some(key),
                format!("the `{key}` of {label} is not a text"),
                "write it as text, such as `title: Home Truths` or `url: /home-truths/`",
            )),
            None if map.keys().all(|k| ITEM_KEYS.contains(&k.as_str())) => problems.push(at(
                None,
                format!("{label} has no `{key}`"),
                "give every menu item a `title` (the words shown) and a `url` (where it goes)",
            )),
            None => {}
        }
    }
    if let Some(Value::String(url)) = map.get("url")
        && let Some(message) = broken_url(url, published)
    {
        let hint = "link to a page of the site by its address, such as /home-truths/, or to another site with https://";
        problems.push(at(Some("url"), format!("{label} {message}"), hint));
    }
    problems
}

/// Why a menu link goes nowhere, if it does: an internal address that is no page (a missing
/// page, or a draft), or an address that is neither internal nor a web address.
fn broken_url(url: &str, published: &Published<'_>) -> Option<String> {
    let url = url.trim();
    let web = ["https://", "http://", "mailto:", "tel:"];
    if web.iter().any(|w| url.starts_with(w)) || url.starts_with('#') {
        return None;
    }
    if !url.starts_with('/') || url.starts_with("//") {
        return Some(format!(
            "links to `{url}`, which is neither an address on this site (starting with /) nor a web address (starting with https://)"
        ));
    }
    let path = url.split(['#', '?']).next().unwrap_or(url);
    let last = path.rsplit('/').next().unwrap_or("");
    // A file such as /leaflets/a.pdf is not a page: the link check of `placard check` sees it.
    if last.contains('.') && !last.ends_with(".html") {
        return None;
    }
    let page = if path.ends_with('/') || last.ends_with(".html") {
        path.to_string()
    } else {
        format!("{path}/")
    };
    if published(&output_file(&page)) {
        return None;
    }
    Some(format!(
        "links to `{url}`, but no page is published there (it is missing, or a draft)"
    ))
}

/// Static files that are links out of the site folder, found while the site is read so they
/// are reported with every other problem (writing would refuse them too, but only once every
/// earlier problem is fixed).
pub fn statics_outside(
    root: &Path,
    statics: &HashMap<String, crate::assets::Origin>,
) -> Vec<Diagnostic> {
    let mut found: Vec<Diagnostic> = statics
        .values()
        .filter_map(|origin| match origin {
            crate::assets::Origin::Disk(_, rel) => Some(rel),
            _ => None,
        })
        .filter(|rel| crate::util::fs::is_outside_the_site(root, rel))
        .map(|rel| crate::util::fs::outside_the_site(rel))
        .collect();
    crate::error::sort_problems(&mut found);
    found
}
