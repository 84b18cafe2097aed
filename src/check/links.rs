//! `link-broken` (an internal link or asset pointing at nothing) and `anchor-missing`
//! (a `#anchor` that is not an id on its target page).

use std::collections::{BTreeMap, HashSet};

use scraper::Html;

use super::{Audit, Finding, attr, elements};
use crate::util::url::{Target, host_of, resolve};

/// A link or asset address found in a document.
#[derive(Debug, Clone)]
pub struct Link {
    /// As written in the HTML.
    pub url: String,
    /// A link a reader follows (`<a href>`), rather than a file the page loads.
    pub navigates: bool,
    /// The element's text, to find where it was written.
    pub text: String,
}

/// What [`scan`] takes from a document for the site-wide link checks.
#[derive(Debug, Clone, Default)]
pub struct Scan {
    /// Every `id` (and `<a name>`) on the page.
    pub ids: HashSet<String>,
    pub links: Vec<Link>,
}

/// Collects a document's ids and links.
pub fn scan(html: &Html) -> Scan {
    let mut s = Scan::default();
    for el in elements(html) {
        if let Some(id) = el.value().attr("id") {
            s.ids.insert(id.to_string());
        }
        let name = el.value().name();
        if name == "a"
            && let Some(n) = el.value().attr("name")
        {
            s.ids.insert(n.to_string());
        }
        let (attr_name, navigates) = match name {
            "a" | "area" => ("href", true),
            "img" | "script" | "iframe" | "source" | "audio" | "video" | "embed" | "track" => {
                ("src", false)
            }
            "link" => {
                let rel = el.value().attr("rel").unwrap_or("").to_ascii_lowercase();
                if !rel
                    .split_whitespace()
                    .any(|r| ["stylesheet", "icon", "preload", "manifest"].contains(&r))
                {
                    continue;
                }
                ("href", false)
            }
            _ => continue,
        };
        if let Some(url) = attr(&el, attr_name) {
            s.links.push(Link {
                url: url.to_string(),
                navigates,
                text: super::text_of(&el),
            });
        }
    }
    s
}

/// Checks every internal link and asset of every scanned document.
pub fn check(site: &Audit<'_>, scans: &BTreeMap<String, Scan>) -> Vec<Finding> {
    let own = host_of(&site.config.base_url);
    let base_path = site.config.base_path();
    let mut out = Vec::new();
    for (from, scan) in scans {
        let Some(origin) = site.origins.get(from) else {
            continue;
        };
        for link in &scan.links {
            let Target::File(file, fragment) = resolve(&link.url, from, own.as_deref(), base_path)
            else {
                continue;
            };
            let target = if site.files.contains_key(&file) {
                Some(file)
            } else {
                let dir = format!("{file}/index.html");
                site.files.contains_key(&dir).then_some(dir)
            };
            let spot = || site.locate(origin, &[&link.url, &link.text]);
            let Some(target) = target else {
                let what = if link.navigates { "link" } else { "file" };
                out.push(
                    Finding::new(
                        "link-broken",
                        &origin.file,
                        format!(
                            "the {what} `{}` leads to nothing: the site has no page or file there",
                            link.url
                        ),
                    )
                    .at(&spot())
                    .hint("link to pages as @/folder/page.md so placard checks them when it builds, or fix the address"),
                );
                continue;
            };
            let Some(fragment) = fragment else { continue };
            let Some(ids) = scans.get(&target).map(|s| &s.ids) else {
                continue;
            };
            if ids.contains(&fragment) || fragment == "top" {
                continue;
            }
            let known: Vec<&str> = ids.iter().map(String::as_str).collect();
            let hint = match crate::error::suggest(&fragment, known) {
                Some(s) => format!("did you mean `#{s}`?"),
                None => {
                    "link to the id of a heading on that page (headings get ids from their text)"
                        .into()
                }
            };
            out.push(
                Finding::new(
                    "anchor-missing",
                    &origin.file,
                    format!(
                        "the link `{}` points at `#{fragment}`, which is not on {target}",
                        link.url
                    ),
                )
                .at(&spot())
                .hint(hint),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(f: &str, a: Option<&str>) -> Target {
        Target::File(f.into(), a.map(str::to_owned))
    }

    #[test]
    fn resolves() {
        let own = Some("site.org");
        assert_eq!(
            resolve("/x/", "index.html", own, ""),
            file("x/index.html", None)
        );
        assert_eq!(
            resolve("../b/#s", "a/index.html", own, ""),
            file("b/index.html", Some("s"))
        );
        assert_eq!(
            resolve("#top", "a/index.html", own, ""),
            file("a/index.html", Some("top"))
        );
        assert_eq!(
            resolve("img.png", "a/index.html", own, ""),
            file("a/img.png", None)
        );
        assert_eq!(
            resolve("https://site.org/c/x/", "index.html", own, "/c"),
            file("x/index.html", None)
        );
        assert_eq!(
            resolve("/c/", "index.html", own, "/c"),
            file("index.html", None)
        );
        assert_eq!(
            resolve("https://other.org/", "index.html", own, ""),
            Target::Outside
        );
        assert_eq!(
            resolve("mailto:a@b.org", "index.html", own, ""),
            Target::Outside
        );
        assert_eq!(resolve("tel:0800", "index.html", own, ""), Target::Outside);
        assert_eq!(
            resolve("/a%20b.pdf", "index.html", own, ""),
            file("a b.pdf", None)
        );
    }
}
