//! What downloads give the rest of placard: template values, the `downloads` component's
//! arguments, the files to publish (bundles and `downloads.json`) and `placard check`'s
//! warnings.

use std::path::PathBuf;

use serde::Serialize;

use super::Downloads;

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
pub fn values(downloads: &Downloads, key: &str) -> (serde_json::Value, serde_json::Value) {
    match downloads.get(key) {
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
    downloads: &Downloads,
    key: &str,
    name: &str,
    args: &'a serde_json::Map<String, serde_json::Value>,
) -> std::borrow::Cow<'a, serde_json::Map<String, serde_json::Value>> {
    if name != "downloads" {
        return std::borrow::Cow::Borrowed(args);
    }
    let (items, bundle) = values(downloads, key);
    let mut args = args.clone();
    args.entry("downloads").or_insert(items);
    args.entry("bundle").or_insert(bundle);
    std::borrow::Cow::Owned(args)
}

/// The files to publish: every bundle and `downloads.json` (none without downloads), as
/// (output path, bytes).
pub fn files(downloads: &Downloads) -> Vec<(&str, std::borrow::Cow<'_, [u8]>)> {
    if downloads.is_empty() {
        return Vec::new();
    }
    let mut files: Vec<(&str, std::borrow::Cow<'_, [u8]>)> = downloads
        .values()
        .filter_map(|d| d.bundle.as_ref())
        .map(|b| {
            (
                b.output.as_str(),
                std::borrow::Cow::Borrowed(b.bytes.as_slice()),
            )
        })
        .collect();
    let made = downloads
        .values()
        .flat_map(|d| &d.items)
        .filter_map(|d| d.generated.as_ref())
        .map(|(out, bytes)| (out.as_str(), std::borrow::Cow::Borrowed(bytes.as_slice())));
    files.extend(made);
    let thumbs = downloads
        .values()
        .flat_map(|d| &d.items)
        .filter_map(|d| d.thumb.as_ref())
        .map(|t| {
            (
                t.file.0.as_str(),
                std::borrow::Cow::Borrowed(t.file.1.as_slice()),
            )
        });
    files.extend(thumbs);
    files.push((
        "downloads.json",
        std::borrow::Cow::Owned(manifest(downloads).into_bytes()),
    ));
    files
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
pub fn manifest(downloads: &Downloads) -> String {
    let mut files = Vec::new();
    for d in downloads.values() {
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
pub fn warnings(downloads: &Downloads) -> Vec<Warning> {
    let mut out = Vec::new();
    for d in downloads.values() {
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
