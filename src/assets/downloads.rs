//! Downloads: files listed under `downloads:` in a page's front matter, read at build time for
//! their format (from their bytes), size, PDF page count and title, date and SHA-256; one ZIP
//! per page that asks for `bundle: true`; and `downloads.json`, the checksums for IT teams.

use std::collections::{BTreeMap, HashMap};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::formats::{self, FileFormat};
use crate::config::Config;
pub use crate::content::downloads::Entry;
use crate::content::page::Source;
use crate::content::{Date, Library};
use crate::error::{Diagnostic, Result, suggest};
use crate::util::text::slugify;

mod generated;
mod lines;
mod publish;
pub mod thumb;

pub use generated::{Generated, GeneratedFiles};
pub use lines::entry_lines;
use lines::field_line;
pub use publish::{Warning, component_args, files, manifest, values, warnings};

/// The accessible alternative of a download.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Alternative {
    pub url: String,
    pub title: String,
}

/// A download, with everything a person needs before clicking. Serialised for templates.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Download {
    pub url: String,
    /// The file's name: `session-plan.pdf`.
    pub name: String,
    /// The name offered when saving: the title as a slug, `session-plan-year-5.pdf`.
    pub download_name: String,
    pub title: String,
    pub audience: Option<String>,
    pub description: Option<String>,
    pub format: &'static str,
    pub format_name: &'static str,
    pub mime: &'static str,
    pub size: u64,
    pub size_human: String,
    pub pages: Option<usize>,
    /// `YYYY-MM-DD`.
    pub updated: String,
    pub sha256: String,
    pub alternative: Option<Alternative>,
    /// An image download's file for `resize_image` (`@/x/poster.png`, `files/poster.png`),
    /// so the downloads block shows the image itself as its thumbnail.
    pub thumbnail: Option<String>,
    /// A PDF download's first page, drawn small (`dl.thumb.url`, `.width`, `.height`).
    pub thumb: Option<thumb::Thumb>,
    /// The PDF's own `/Title`, for the `pdf-title` warning.
    #[serde(skip)]
    pub pdf_title: Option<String>,
    /// The front-matter line of this entry.
    #[serde(skip)]
    pub line: usize,
    /// The file, relative to the site root, for the bundle.
    #[serde(skip)]
    pub source: PathBuf,
    /// A file the build made (a print PDF): its output path and bytes.
    #[serde(skip)]
    pub generated: Option<(String, Arc<Vec<u8>>)>,
}

/// The ZIP of all of a page's downloads.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Bundle {
    pub url: String,
    pub name: String,
    /// `<page title> (all files)`.
    pub title: String,
    pub download_name: String,
    pub format: &'static str,
    pub format_name: &'static str,
    pub mime: &'static str,
    pub size: u64,
    pub size_human: String,
    /// How many files it holds.
    pub count: usize,
    pub updated: String,
    pub sha256: String,
    /// Where it is written, relative to the output root.
    #[serde(skip)]
    pub output: String,
    #[serde(skip)]
    pub bytes: Vec<u8>,
}

/// The downloads of one page or section.
#[derive(Debug, Clone, PartialEq)]
pub struct PageDownloads {
    /// The Markdown file, relative to the site root.
    pub file: PathBuf,
    /// The page's URL.
    pub page: String,
    pub items: Vec<Download>,
    pub bundle: Option<Bundle>,
}

/// Downloads by page or section key (`x/y/index.md`).
pub type Downloads = BTreeMap<String, PageDownloads>;

/// What one page asks for, gathered before the files are read.
struct Request<'a> {
    key: &'a str,
    source: &'a Source,
    path: &'a str,
    entries: &'a [Entry],
    bundle: bool,
    slug: String,
    title: &'a str,
    updated: Option<&'a Date>,
}

/// Reads every page's and section's downloads; every problem (missing file, content that does
/// not match the extension, a bad alternative) is reported at once.
pub fn collect(root: &Path, config: &Config, lib: &Library) -> Result<Downloads> {
    collect_with(root, config, lib, &GeneratedFiles::new())
}

/// [`collect`], with the files the build made for pages (listed first in their downloads).
pub fn collect_with(
    root: &Path,
    config: &Config,
    lib: &Library,
    generated: &GeneratedFiles,
) -> Result<Downloads> {
    let assets: HashMap<&Path, &str> = lib
        .assets
        .iter()
        .map(|(src, out)| (src.as_path(), out.as_str()))
        .collect();
    let pages = lib.pages.values().map(|p| Request {
        key: &p.key,
        source: &p.source,
        path: &p.path,
        entries: &p.meta.downloads,
        bundle: p.meta.bundle,
        slug: p.slug.clone(),
        title: &p.title,
        updated: p.updated.as_ref(),
    });
    let sections = lib.sections.values().filter(|s| s.render).map(|s| Request {
        key: &s.key,
        source: &s.source,
        path: &s.path,
        entries: &s.meta.downloads,
        bundle: s.meta.bundle,
        slug: match slugify(&s.dir.replace('/', "-")) {
            s if s.is_empty() => "site".into(),
            s => s,
        },
        title: &s.title,
        updated: s.updated.as_ref(),
    });
    let requests: Vec<Request> = pages
        .chain(sections)
        .filter(|r| !r.entries.is_empty() || r.bundle || generated.contains_key(r.key))
        .collect();
    let ctx = Ctx {
        root,
        config,
        lib,
        assets,
        generated,
    };
    let results: Vec<(String, std::result::Result<PageDownloads, Vec<Diagnostic>>)> = requests
        .par_iter()
        .map(|r| (r.key.to_string(), ctx.page(r)))
        .collect();
    let downloads: Downloads = crate::error::collect_keyed(results)?;
    let used = downloads
        .values()
        .flat_map(|p| &p.items)
        .filter_map(|d| Some(d.thumb.as_ref()?.cache_key.clone()))
        .collect();
    thumb::CACHE.prune(root, &used);
    Ok(downloads)
}

struct Ctx<'a> {
    root: &'a Path,
    config: &'a Config,
    lib: &'a Library,
    assets: HashMap<&'a Path, &'a str>,
    generated: &'a GeneratedFiles,
}

impl Ctx<'_> {
    fn page(&self, r: &Request<'_>) -> std::result::Result<PageDownloads, Vec<Diagnostic>> {
        let lines = entry_lines(&r.source.text);
        let mut items: Vec<Download> = self
            .generated
            .get(r.key)
            .into_iter()
            .flatten()
            .map(|g| self.generated(r, g))
            .collect();
        let mut problems = Vec::new();
        for (i, entry) in r.entries.iter().enumerate() {
            let line = lines.get(i).copied().unwrap_or(0);
            match self.download(r, entry, line) {
                Ok(d) => items.push(d),
                Err(d) => problems.push(d),
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let bundle = if r.bundle {
            Some(self.bundle(r, &items).map_err(|d| vec![d])?)
        } else {
            None
        };
        Ok(PageDownloads {
            file: r.source.file.clone(),
            page: self.config.url(r.path),
            items,
            bundle,
        })
    }

    fn download(
        &self,
        r: &Request<'_>,
        entry: &Entry,
        line: usize,
    ) -> std::result::Result<Download, Diagnostic> {
        let text = &*r.source.text;
        let at = |field: &str, message: String, hint: String| {
            let d = Diagnostic::new(&r.source.file, message).hint(hint);
            match field_line(text, line, field) {
                Some((l, col, len)) => d.at(l, col).len(len).source(text),
                None if line > 0 => d.at(line, 1).source(text),
                None => d,
            }
        };
        if let Some(link) = entry.file.strip_prefix("@/") {
            let mut d = self
                .made_elsewhere(r, link)
                .map_err(|(msg, hint)| at("file", msg, hint))?;
            d.title = entry.title.clone();
            d.download_name = download_name(&entry.title, "pdf", &d.name);
            d.audience = entry.audience.clone();
            d.description = entry.description.clone();
            d.line = line;
            if let Some(link) = &entry.alternative {
                let alt = self.alternative(link);
                d.alternative = Some(alt.map_err(|(m, h)| at("alternative", m, h))?);
            }
            return Ok(d);
        }
        let (source, output) = self
            .resolve(r, &entry.file)
            .map_err(|(msg, hint)| at("file", msg, hint))?;
        let name = entry
            .file
            .rsplit('/')
            .next()
            .unwrap_or(&entry.file)
            .to_string();
        let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
        let format = formats::by_extension(ext).ok_or_else(|| {
            at(
                "file",
                format!("placard does not know the kind of file `{name}` is"),
                format!(
                    "use a file ending in one of {}",
                    formats::known_extensions()
                ),
            )
        })?;
        let bytes = crate::util::fs::read_site_file(self.root, &source).map_err(|d| {
            at(
                "file",
                format!("the file `{}` could not be read: {}", entry.file, d.message),
                d.hint
                    .unwrap_or_else(|| "check that the file is readable".into()),
            )
        })?;
        formats::check_content(&format, &bytes).map_err(|what| {
            at(
                "file",
                format!(
                    "`{}` is named like a {} file, but its content is {what}",
                    entry.file, format.short
                ),
                format!(
                    "export the file again as {} ({}), or give it the extension of what it really is",
                    format.short, format.name
                ),
            )
        })?;
        // Images lose their metadata (GPS location) when copied: size and hash are the copy's.
        let bytes = super::images::strip::strip(&name, bytes.into(), &source)
            .map_err(|d| at("file", d.message, d.hint.unwrap_or_default()))?
            .into_owned();
        let pdf = if format.short == "PDF" {
            Some(formats::pdf_info(&bytes).map_err(|e| {
                at(
                    "file",
                    format!("the PDF `{}` could not be read: {e}", entry.file),
                    "export it again from the program that made it".into(),
                )
            })?)
        } else {
            None
        };
        let alternative = match &entry.alternative {
            None => None,
            Some(link) => Some(
                self.alternative(link)
                    .map_err(|(m, h)| at("alternative", m, h))?,
            ),
        };
        let updated = match r.updated {
            Some(d) => d.ymd(),
            None => modified(&self.root.join(&source)),
        };
        Ok(Download {
            url: self.config.url(&format!("/{output}")),
            download_name: download_name(&entry.title, ext, &name),
            name,
            title: entry.title.clone(),
            audience: entry.audience.clone(),
            description: entry.description.clone(),
            format: format.short,
            format_name: format.name,
            mime: format.mime,
            size: bytes.len() as u64,
            size_human: formats::human_size(bytes.len() as u64),
            pages: pdf.as_ref().map(|p| p.pages),
            updated,
            sha256: hex_sha256(&bytes),
            alternative,
            thumbnail: thumbnail(&source, format.mime),
            thumb: pdf.as_ref().and_then(|_| self.first_page(&output, &bytes)),
            pdf_title: pdf.and_then(|p| p.title),
            line,
            source,
            generated: None,
        })
    }

    /// The first page of the PDF `bytes`, published at `output`, drawn small.
    fn first_page(&self, output: &str, bytes: &[u8]) -> Option<thumb::Thumb> {
        let (webp, width, height, cache_key) =
            thumb::first_page_cached(self.root, bytes, self.config.images.quality)?;
        let file = thumb::output_path(output, &webp);
        Some(thumb::Thumb {
            url: self.config.url(&format!("/{file}")),
            width,
            height,
            file: (file, Arc::new(webp)),
            cache_key,
        })
    }

    /// The source file (relative to the root) and output path of `file`.
    fn resolve(
        &self,
        r: &Request<'_>,
        file: &str,
    ) -> std::result::Result<(PathBuf, String), (String, String)> {
        let (base, rel, shown) = match file.strip_prefix('/') {
            Some(rel) => (PathBuf::from("static"), rel, "static/".to_string()),
            None => {
                let dir = r.source.file.parent().unwrap_or(Path::new("content"));
                (
                    dir.to_path_buf(),
                    file,
                    format!("{}/", crate::error::display_path(dir)),
                )
            }
        };
        let safe = !rel.is_empty()
            && !rel.contains('\\')
            && Path::new(rel)
                .components()
                .all(|c| matches!(c, Component::Normal(_)));
        if !safe {
            return Err((
                format!("`{file}` is not a file of this site"),
                "write a file name beside the page (`session-plan.pdf`) or a path under static/ (`/materials/session-plan.pdf`)".into(),
            ));
        }
        let source = base.join(rel);
        let abs = self.root.join(&source);
        if !abs.is_file() {
            let siblings = abs
                .parent()
                .and_then(|d| std::fs::read_dir(d).ok())
                .map(|rd| {
                    rd.filter_map(|e| e.ok())
                        .map(|e| e.file_name().to_string_lossy().into_owned())
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default();
            let wanted = rel.rsplit('/').next().unwrap_or(rel);
            let hint = match suggest(wanted, siblings.iter().map(String::as_str)) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("put the file in {shown}, or correct its name"),
            };
            return Err((
                format!(
                    "the file `{file}` does not exist (looked for {})",
                    crate::error::display_path(&source)
                ),
                hint,
            ));
        }
        if base == Path::new("static") {
            return Ok((source, rel.to_string()));
        }
        match self.assets.get(source.as_path()) {
            Some(out) => Ok((source, (*out).to_string())),
            None => Err((
                format!("`{file}` is not published with the site"),
                "only files beside a page (not Markdown files) or under static/ can be downloads"
                    .into(),
            )),
        }
    }

    fn alternative(&self, link: &str) -> std::result::Result<Alternative, (String, String)> {
        let Some(key) = link.strip_prefix("@/") else {
            return Err((
                format!("the alternative `{link}` is not a link to a page of this site"),
                "write it as `@/` and the page's file under content/, such as `@/crossing-the-lines/session-plan.md`".into(),
            ));
        };
        let key = key.split('#').next().unwrap_or(key);
        let found = match self.lib.pages.get(key) {
            Some(p) => Some((p.path.as_str(), p.title.as_str())),
            None => self
                .lib
                .sections
                .get(key)
                .filter(|s| s.render)
                .map(|s| (s.path.as_str(), s.title.as_str())),
        };
        match found {
            Some((path, title)) => Ok(Alternative {
                url: self.config.url(path),
                title: title.to_string(),
            }),
            None => {
                let keys = self.lib.pages.keys().chain(self.lib.sections.keys());
                let hint = match suggest(key, keys.map(String::as_str)) {
                    Some(s) => format!("did you mean `@/{s}`?"),
                    None => "write the path of a Markdown file under content/".into(),
                };
                Err((
                    format!("the alternative `{link}` points at a page that does not exist"),
                    hint,
                ))
            }
        }
    }

    fn bundle(
        &self,
        r: &Request<'_>,
        items: &[Download],
    ) -> std::result::Result<Bundle, Diagnostic> {
        let error = |message: String, hint: &str| r.source.key_error("bundle", &message, hint);
        if items.is_empty() {
            return Err(error(
                "`bundle: true` needs files under `downloads:`".into(),
                "list the files under `downloads:`, or remove `bundle: true`",
            ));
        }
        let mut contents = Vec::new();
        for d in items {
            if contents
                .iter()
                .any(|(n, _): &(String, Vec<u8>)| *n == d.name)
            {
                return Err(error(
                    format!(
                        "two downloads are called `{}`, so they cannot share one ZIP",
                        d.name
                    ),
                    "rename one of the files",
                ));
            }
            if let Some((_, bytes)) = &d.generated {
                contents.push((d.name.clone(), bytes.to_vec()));
                continue;
            }
            let bytes = crate::util::fs::read_site_file(self.root, &d.source).map_err(|e| {
                error(
                    format!("{} could not be read: {}", d.name, e.message),
                    "check the file",
                )
            })?;
            let bytes = super::images::strip::strip(&d.name, bytes.into(), &d.source)
                .map_err(|e| error(e.message, "open it in an image editor and save it again"))?
                .into_owned();
            contents.push((d.name.clone(), bytes));
        }
        let files: Vec<(&str, &[u8])> = contents
            .iter()
            .map(|(n, b)| (n.as_str(), b.as_slice()))
            .collect();
        let bytes = super::bundle::zip(&files)
            .map_err(|e| error(format!("the ZIP could not be made: {e}"), "check the files"))?;
        let name = format!("{}-all-files.zip", r.slug);
        let output = format!("{}{name}", r.path.trim_start_matches('/'));
        let format: FileFormat = formats::zip();
        let updated = items
            .iter()
            .map(|d| d.updated.clone())
            .max()
            .unwrap_or_default();
        Ok(Bundle {
            url: self.config.url(&format!("/{output}")),
            download_name: name.clone(),
            name,
            title: format!("{} (all files)", r.title),
            format: format.short,
            format_name: format.name,
            mime: format.mime,
            size: bytes.len() as u64,
            size_human: formats::human_size(bytes.len() as u64),
            count: items.len(),
            updated,
            sha256: hex_sha256(&bytes),
            output,
            bytes,
        })
    }
}

/// `Session plan (Year 5)` + `pdf` -> `session-plan-year-5.pdf`.
fn download_name(title: &str, ext: &str, fallback: &str) -> String {
    match slugify(title) {
        s if s.is_empty() => fallback.to_string(),
        s => format!("{s}.{}", ext.to_ascii_lowercase()),
    }
}

fn hex_sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The file's modification date, `YYYY-MM-DD` (UTC).
fn modified(path: &Path) -> String {
    std::fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| jiff::Timestamp::try_from(t).ok())
        .map(|t| t.to_string().chars().take(10).collect())
        .unwrap_or_default()
}

/// The `resize_image` path of a PNG, JPEG, GIF or WebP download (relative to the site root).
fn thumbnail(source: &Path, mime: &str) -> Option<String> {
    if !matches!(
        mime,
        "image/png" | "image/jpeg" | "image/gif" | "image/webp"
    ) {
        return None;
    }
    let rel = crate::error::display_path(source);
    if let Some(inner) = rel.strip_prefix("content/") {
        return Some(format!("@/{inner}"));
    }
    rel.strip_prefix("static/").map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn download_names() {
        assert_eq!(
            download_name("Session plan (Year 5)", "PDF", "x.pdf"),
            "session-plan-year-5.pdf"
        );
        assert_eq!(download_name("!!", "pdf", "x.pdf"), "x.pdf");
    }
}
