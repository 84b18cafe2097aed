//! The build's own link check: every plain internal link written in the Markdown
//! (`/about/`, `../report/`, `#what-to-do`, `/about/#contact`) must lead to a file the build
//! wrote, and its `#anchor` to an `id` on that page. (`@/` links are checked as the Markdown
//! renders.) `check.links_on_build: false` in placard.yaml turns it off.

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;

use super::Site;
use crate::error::{Code, Diagnostic, Result};
use crate::output::Output;
use crate::util::url::output_file;
use crate::util::url::{Target, resolve};

/// Passes files on to the output, noting every file written and (when a link has an anchor)
/// the ids of each HTML file.
pub struct Written<'a> {
    inner: &'a dyn Output,
    files: Mutex<HashMap<String, Vec<String>>>,
    ids: bool,
}

impl<'a> Written<'a> {
    /// `None` when no page has a plain internal link, so there is nothing to check.
    pub fn for_site(site: &Site, inner: &'a dyn Output) -> Option<Written<'a>> {
        let links = site.documents.iter().flat_map(|(_, r)| &r.plain_links);
        let mut any = false;
        let mut anchors = false;
        for link in links {
            any = true;
            anchors |= link.url.contains('#');
            if anchors {
                break;
            }
        }
        any.then(|| Written {
            inner,
            files: Mutex::new(HashMap::new()),
            ids: anchors,
        })
    }
}

impl Output for Written<'_> {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        self.inner.write(rel, bytes)?;
        let ids = if self.ids && rel.ends_with(".html") {
            ids_of(bytes)
        } else {
            Vec::new()
        };
        if let Ok(mut files) = self.files.lock() {
            files.insert(rel.to_string(), ids);
        }
        Ok(())
    }
}

/// The values of the `id` (and `<a name>`) attributes in `html`, found without parsing it
/// (what placard writes always quotes attribute values).
fn ids_of(html: &[u8]) -> Vec<String> {
    let mut ids = Vec::new();
    for marker in [&b" id=\""[..], b"<a name=\""] {
        for at in memchr::memmem::find_iter(html, marker) {
            let value = html.get(at + marker.len()..).unwrap_or_default();
            if let Some(end) = memchr::memchr(b'"', value) {
                ids.push(
                    String::from_utf8_lossy(value.get(..end).unwrap_or_default()).into_owned(),
                );
            }
        }
    }
    ids
}

/// Every broken plain internal link and anchor of the site's Markdown, at its line.
pub fn check(site: &Site, written: &Written<'_>) -> Vec<Diagnostic> {
    let Ok(files) = written.files.lock() else {
        return Vec::new();
    };
    let own = crate::util::url::host_of(&site.config.base_url);
    let base_path = site.config.base_path();
    let sources = site
        .library
        .pages
        .values()
        .map(|p| (&p.key, &p.source, &p.path))
        .chain(
            site.library
                .sections
                .values()
                .map(|s| (&s.key, &s.source, &s.path)),
        );
    let mut problems = Vec::new();
    for (key, source, path) in sources {
        let links = &site.documents.get(key).plain_links;
        if links.is_empty() {
            continue;
        }
        let from = output_file(path);
        let mut text: Option<String> = None;
        for link in links {
            let Target::File(file, fragment) = resolve(&link.url, &from, own.as_deref(), base_path)
            else {
                continue;
            };
            let target = [file.clone(), format!("{file}/index.html")]
                .into_iter()
                .find(|f| files.contains_key(f));
            let message = match (&target, &fragment) {
                (None, _) => format!(
                    "the link `{}` leads to nothing: the site has no page or file there",
                    link.url
                ),
                (Some(t), Some(anchor)) if anchor != "top" && !has_id(&files[t], anchor) => {
                    format!(
                        "the link `{}` points at `#{anchor}`, which is not on {}",
                        link.url,
                        page_address(t)
                    )
                }
                _ => continue,
            };
            let (code, hint) = match &target {
                None => (
                    Code::LinkBroken,
                    "link to pages as @/folder/page.md, which placard checks as it builds, or fix \
                     the address"
                        .to_string(),
                ),
                Some(t) => (
                    Code::AnchorMissing,
                    anchor_hint(fragment.as_deref(), &files[t]),
                ),
            };
            let text = text.get_or_insert_with(|| {
                crate::util::fs::read_text(&site.root, &source.file).unwrap_or_default()
            });
            let mut d = Diagnostic::new(&source.file, message)
                .code(code)
                .at(link.line, link.column)
                .len(link.len)
                .hint(hint);
            if !text.is_empty() {
                d = d.source(text);
            }
            problems.push(d);
        }
    }
    problems
}

fn has_id(ids: &[String], anchor: &str) -> bool {
    ids.iter().any(|i| i == anchor)
}

/// `/about/` for `about/index.html`.
fn page_address(file: &str) -> String {
    format!("/{}", file.strip_suffix("index.html").unwrap_or(file))
}

fn anchor_hint(anchor: Option<&str>, ids: &[String]) -> String {
    let unique: HashSet<&str> = ids.iter().map(String::as_str).collect();
    match anchor.and_then(|a| crate::error::suggest(a, unique.iter().copied())) {
        Some(s) => format!("did you mean `#{s}`?"),
        None => {
            "link to the id of a heading on that page (headings get ids from their text)".into()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_ids_and_names() {
        let html =
            r#"<h2 id="a">A</h2><a name="b"></a><div data-id="x" id="c"></div><meta name="d">"#;
        assert_eq!(ids_of(html.as_bytes()), ["a", "c", "b"]);
    }

    #[test]
    fn addresses_of_pages() {
        assert_eq!(page_address("about/index.html"), "/about/");
        assert_eq!(page_address("index.html"), "/");
        assert_eq!(page_address("a/file.html"), "/a/file.html");
    }
}
