//! Which files under content/ are pages, bundles and sections, and which are files to copy
//! (beside a page bundle, or anywhere else).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use indexmap::IndexMap;

use super::page::{Page, dir_path};
use super::translations;
use crate::config::Config;
use crate::error::{Diagnostic, Result};
use crate::util::fs::{self as fsutil, slash_path};

/// What a Markdown file is.
pub enum Kind {
    Page,
    Bundle,
    Section,
}

/// A Markdown file under content/.
pub struct File {
    /// Relative to content/.
    pub rel: PathBuf,
    pub kind: Kind,
    pub lang: String,
    /// The file name without its language and extension.
    pub stem: String,
}

/// The files under content/.
pub struct Found {
    /// Pages and sections.
    pub files: Vec<File>,
    /// Files inside a page bundle: (the bundle's folder, the file), relative to content/.
    pub bundle_assets: Vec<(PathBuf, PathBuf)>,
    /// Other files to copy as they are, relative to content/.
    pub plain_assets: Vec<PathBuf>,
}

/// Sorts the files under `content` (the folder); a Markdown file whose language is not
/// declared is a problem.
pub fn find(content: &Path, config: &Config, problems: &mut Vec<Diagnostic>) -> Result<Found> {
    let all = fsutil::walk_files(content)?;
    let mut md = Vec::new();
    let mut other = Vec::new();
    for rel in all {
        if rel.extension().is_some_and(|e| e == "md") {
            md.push(rel);
        } else {
            other.push(rel);
        }
    }
    let mut bundle_dirs = HashSet::new();
    let mut files = Vec::new();
    for rel in &md {
        match translations::classify(rel, config) {
            Ok((stem, lang)) if stem == "index" => {
                if let Some(parent) = rel.parent().filter(|p| !p.as_os_str().is_empty()) {
                    bundle_dirs.insert(parent.to_path_buf());
                }
                files.push(File {
                    rel: rel.clone(),
                    kind: Kind::Bundle,
                    lang,
                    stem,
                });
            }
            Ok((stem, lang)) => {
                let kind = if stem == "_index" {
                    Kind::Section
                } else {
                    Kind::Page
                };
                files.push(File {
                    rel: rel.clone(),
                    kind,
                    lang,
                    stem,
                });
            }
            Err(d) => problems.push(d),
        }
    }
    // Markdown files inside a bundle (other than its index) are its assets.
    let in_bundle = |rel: &Path| {
        rel.ancestors()
            .skip(1)
            .find(|a| bundle_dirs.contains(*a))
            .map(Path::to_path_buf)
    };
    let mut bundle_assets: Vec<(PathBuf, PathBuf)> = Vec::new();
    files.retain(|f| {
        if matches!(f.kind, Kind::Bundle) {
            return f.rel.parent().is_some_and(|p| !p.as_os_str().is_empty());
        }
        match in_bundle(&f.rel) {
            Some(dir) => {
                bundle_assets.push((dir, f.rel.clone()));
                false
            }
            None => true,
        }
    });
    let mut plain_assets = Vec::new();
    for rel in other {
        match in_bundle(&rel) {
            Some(dir) => bundle_assets.push((dir, rel)),
            None => plain_assets.push(rel),
        }
    }
    Ok(Found {
        files,
        bundle_assets,
        plain_assets,
    })
}

/// Where every file to copy goes (source relative to the site root, output path), noting each
/// bundle's files in its pages; every language version of a bundle gets its files, beside its
/// own address.
pub fn place(
    pages: &mut IndexMap<String, Page>,
    bundle_assets: Vec<(PathBuf, PathBuf)>,
    plain_assets: Vec<PathBuf>,
) -> Vec<(PathBuf, String)> {
    let mut assets = Vec::new();
    let mut bundle_pages: HashMap<PathBuf, Vec<String>> = HashMap::new();
    for p in pages.values() {
        if let Some(dir) = &p.bundle_dir
            && p.item.is_none()
        {
            bundle_pages
                .entry(dir.clone())
                .or_default()
                .push(p.key.clone());
        }
    }
    for (dir, rel) in bundle_assets {
        let keys = bundle_pages
            .get(&Path::new("content").join(&dir))
            .cloned()
            .unwrap_or_default();
        let inner = slash_path(rel.strip_prefix(&dir).unwrap_or(&rel));
        for key in keys {
            let Some(page) = pages.get_mut(&key) else {
                continue;
            };
            assets.push((
                Path::new("content").join(&rel),
                format!("{}{inner}", page.path.trim_start_matches('/')),
            ));
            page.assets.push(inner.clone());
        }
    }
    for rel in plain_assets {
        let dir = rel.parent().unwrap_or(Path::new(""));
        let name = rel
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let out = format!("{}{name}", dir_path("", dir).trim_start_matches('/'));
        assets.push((Path::new("content").join(&rel), out));
    }

    assets
}
