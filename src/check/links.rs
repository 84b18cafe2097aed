//! `link-broken` (an internal link or asset pointing at nothing) and `anchor-missing`
//! (a `#anchor` that is not an id on its target page).

use std::collections::{BTreeMap, HashSet};

use scraper::Html;

use super::privacy::host_of;
use super::{Audit, Finding, attr, elements};

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

/// Where an internal address leads: the output file and the fragment.
#[derive(Debug, PartialEq, Eq)]
pub enum Target {
    /// Another website, or a `mailto:`, `tel:` or `data:` address: not checked here.
    Outside,
    /// A file of the built site (`x/y/index.html`) and an anchor, if any.
    File(String, Option<String>),
}

/// Resolves `url` as written on the page `from` (an output path such as `x/index.html`).
pub fn resolve(url: &str, from: &str, own_host: Option<&str>, base_path: &str) -> Target {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    let (without_fragment, fragment) = match url.split_once('#') {
        Some((u, f)) => (u, Some(percent_decode(f))),
        None => (url, None),
    };
    let without_query = without_fragment.split('?').next().unwrap_or("");
    let path = if let Some(host) = host_of(url) {
        if own_host != Some(host.as_str()) {
            return Target::Outside;
        }
        let after = without_query.split_once("//").map_or("", |(_, r)| r);
        let p = after.find('/').map_or("/", |i| &after[i..]);
        match p.strip_prefix(base_path) {
            Some(rest) if base_path.is_empty() || rest.is_empty() || rest.starts_with('/') => {
                rest.to_string()
            }
            _ => return Target::Outside,
        }
    } else if lower.contains(':')
        && !lower.starts_with('/')
        && lower.split(':').next().is_some_and(|s| !s.contains('/'))
    {
        // mailto:, tel:, data:, javascript: ...
        return Target::Outside;
    } else if without_query.is_empty() {
        format!("/{from}")
    } else if let Some(abs) = without_query.strip_prefix('/') {
        let abs = format!("/{abs}");
        match abs.strip_prefix(base_path) {
            Some(rest) if base_path.is_empty() || rest.is_empty() || rest.starts_with('/') => {
                rest.to_string()
            }
            _ => return Target::Outside,
        }
    } else {
        let dir = from.rsplit_once('/').map_or("", |(d, _)| d);
        format!("/{dir}/{without_query}")
    };
    let mut parts: Vec<String> = Vec::new();
    for seg in percent_decode(&path).split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s.to_string()),
        }
    }
    let mut file = parts.join("/");
    if path.ends_with('/') || file.is_empty() {
        if !file.is_empty() {
            file.push('/');
        }
        file.push_str("index.html");
    }
    Target::File(file, fragment.filter(|f| !f.is_empty()))
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(h) = s.get(i + 1..i + 3)
            && let Ok(b) = u8::from_str_radix(h, 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
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
