//! What downloads give the rest of placard: template values, the `downloads` component's
//! arguments, the files to write (bundles and `downloads.json`) and `placard check`'s warnings.

use std::path::PathBuf;

use serde::Serialize;

use crate::content::Library;
use crate::error::Result;
use crate::output::Output;

/// A warning for `placard check`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// `download-alternative` or `pdf-title`.
    pub rule: &'static str,
    /// The Markdown file, relative to the site root.
    pub path: PathBuf,
    /// The front-matter line of the download's entry.
    pub line: usize,
    pub message: String,
}

/// Template values of a page's downloads: `(downloads, bundle)`.
pub fn values(lib: &Library, key: &str) -> (serde_json::Value, serde_json::Value) {
    match lib.downloads.get(key) {
        Some(d) => (
            serde_json::to_value(&d.items).unwrap_or_default(),
            serde_json::to_value(&d.bundle).unwrap_or_default(),
        ),
        None => (
            serde_json::Value::Array(Vec::new()),
            serde_json::Value::Null,
        ),
    }
}

/// The arguments of the `downloads` component, with the page's `downloads` and `bundle`
/// added unless given.
pub fn component_args<'a>(
    lib: &Library,
    key: &str,
    name: &str,
    args: &'a serde_json::Map<String, serde_json::Value>,
) -> std::borrow::Cow<'a, serde_json::Map<String, serde_json::Value>> {
    if name != "downloads" {
        return std::borrow::Cow::Borrowed(args);
    }
    let (items, bundle) = values(lib, key);
    let mut args = args.clone();
    args.entry("downloads").or_insert(items);
    args.entry("bundle").or_insert(bundle);
    std::borrow::Cow::Owned(args)
}

/// Writes the bundles and `downloads.json`; returns how many files were written.
pub fn write(lib: &Library, out: &dyn Output) -> Result<usize> {
    if lib.downloads.is_empty() {
        return Ok(0);
    }
    let mut written = 0;
    for d in lib.downloads.values() {
        if let Some(b) = &d.bundle {
            out.write(&b.output, &b.bytes)?;
            written += 1;
        }
    }
    out.write("downloads.json", manifest(lib).as_bytes())?;
    Ok(written + 1)
}

/// One file of `downloads.json`.
#[derive(Debug, Serialize, PartialEq, Eq, PartialOrd, Ord)]
struct ManifestFile<'a> {
    url: &'a str,
    page: &'a str,
    title: &'a str,
    format: &'a str,
    mime: &'a str,
    size: u64,
    sha256: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pages: Option<usize>,
    updated: &'a str,
}

/// `downloads.json`: every download and bundle, sorted by URL then page.
pub fn manifest(lib: &Library) -> String {
    let mut files = Vec::new();
    for d in lib.downloads.values() {
        for i in &d.items {
            files.push(ManifestFile {
                url: &i.url,
                page: &d.page,
                title: &i.title,
                format: i.format,
                mime: i.mime,
                size: i.size,
                sha256: &i.sha256,
                pages: i.pages,
                updated: &i.updated,
            });
        }
        if let Some(b) = &d.bundle {
            files.push(ManifestFile {
                url: &b.url,
                page: &d.page,
                title: &b.title,
                format: b.format,
                mime: b.mime,
                size: b.size,
                sha256: &b.sha256,
                pages: None,
                updated: &b.updated,
            });
        }
    }
    files.sort();
    files.dedup();
    let value = serde_json::json!({ "algorithm": "sha256", "files": files });
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

/// `download-alternative` (no accessible alternative) and `pdf-title` (a PDF without a title
/// in its metadata), for `placard check`; sorted by file and line.
pub fn warnings(lib: &Library) -> Vec<Warning> {
    let mut out = Vec::new();
    for d in lib.downloads.values() {
        for i in &d.items {
            if i.alternative.is_none() {
                out.push(Warning {
                    rule: "download-alternative",
                    path: d.file.clone(),
                    line: i.line,
                    message: format!(
                        "the download \"{}\" ({}) has no accessible alternative: add `alternative: \"@/...\"` pointing at a page with the same content, for people who cannot use a {} file",
                        i.title, i.name, i.format
                    ),
                });
            }
            if i.format == "PDF" && i.pdf_title.is_none() {
                out.push(Warning {
                    rule: "pdf-title",
                    path: d.file.clone(),
                    line: i.line,
                    message: format!(
                        "the PDF {} has no title in its metadata, so screen readers announce its file name: set the document title in the program that made it, then export it again",
                        i.name
                    ),
                });
            }
        }
    }
    out.sort_by(|a, b| (&a.path, a.line, a.rule).cmp(&(&b.path, b.line, b.rule)));
    out
}
