//! Static files: the theme's and the site's `static/`, content files beside pages, and
//! fingerprinted copies of CSS and JavaScript.

pub mod images;

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::config::Config;
use crate::error::Result;
use crate::util::fs as fsutil;

pub mod bundle;
pub mod downloads;
pub mod formats;

/// The default theme, embedded at compile time by build.rs.
pub mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_theme.rs"));
}

/// Where a theme or static file comes from.
#[derive(Debug, Clone)]
pub enum Origin {
    /// Built into the binary.
    Embedded(&'static [u8]),
    /// A file on disk: its absolute path (the site folder joined with the second), and its path
    /// relative to the site folder.
    Disk(PathBuf, PathBuf),
    /// Made by placard from the site's settings (the brand stylesheet), shown as that file.
    Generated(std::sync::Arc<[u8]>, &'static str),
}

impl Origin {
    /// The file's bytes.
    pub fn bytes(&self) -> Result<Cow<'static, [u8]>, crate::error::Diagnostic> {
        match self {
            Origin::Embedded(b) => Ok(Cow::Borrowed(b)),
            Origin::Generated(b, _) => Ok(Cow::Owned(b.to_vec())),
            Origin::Disk(abs, rel) => {
                let root = abs
                    .ancestors()
                    .nth(rel.components().count())
                    .unwrap_or(Path::new(""));
                Ok(Cow::Owned(fsutil::read_site_file(root, rel)?))
            }
        }
    }

    /// The path to show in messages.
    pub fn display(&self, theme_rel: &str) -> PathBuf {
        match self {
            Origin::Embedded(_) => PathBuf::from(format!("themes/default/{theme_rel} (built in)")),
            Origin::Disk(_, rel) => rel.clone(),
            Origin::Generated(_, shown) => PathBuf::from(shown),
        }
    }
}

/// The files of one kind (`templates`, `static`, `i18n`) from the embedded default theme,
/// then the site's theme folder, then the site's own folder: later ones replace earlier ones
/// with the same relative path. Sorted by path.
pub fn layered(root: &Path, config: &Config, kind: &str) -> Result<Vec<(String, Origin)>> {
    let files: std::collections::BTreeMap<String, Origin> =
        layers(root, config, kind)?.into_iter().collect();
    Ok(files.into_iter().collect())
}

/// Every file of folder `kind` in every layer, lowest first: built into placard, the theme's,
/// the site's (a name can come more than once; [`layered`] keeps the top one).
pub fn layers(root: &Path, config: &Config, kind: &str) -> Result<Vec<(String, Origin)>> {
    let prefix = format!("{kind}/");
    let mut files: Vec<(String, Origin)> = embedded::FILES
        .iter()
        .filter_map(|(rel, bytes)| {
            let inner = rel.strip_prefix(&prefix)?;
            Some((inner.to_string(), Origin::Embedded(bytes)))
        })
        .collect();
    let theme_dir = Path::new("themes").join(&config.theme).join(kind);
    let site_dir = PathBuf::from(kind);
    for dir in [theme_dir, site_dir] {
        for rel in fsutil::walk_files(&root.join(&dir))? {
            let rel_root = dir.join(&rel);
            files.push((
                fsutil::slash_path(&rel),
                Origin::Disk(root.join(&rel_root), rel_root),
            ));
        }
    }
    Ok(files)
}

/// Files that get a fingerprinted copy: CSS and JavaScript.
pub fn is_fingerprinted(rel: &str) -> bool {
    rel.ends_with(".css") || rel.ends_with(".js")
}

/// `css/site.css` with these bytes -> `css/site.3fa8c01d.css`.
pub fn fingerprinted_name(rel: &str, bytes: &[u8]) -> String {
    let hash = Sha256::digest(bytes);
    let short: String = hash.iter().take(4).map(|b| format!("{b:02x}")).collect();
    match rel.rsplit_once('.') {
        Some((stem, ext)) if !stem.ends_with('/') && !stem.is_empty() => {
            format!("{stem}.{short}.{ext}")
        }
        _ => format!("{rel}.{short}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_keep_the_extension() {
        let n = fingerprinted_name("css/site.css", b"body{}");
        assert!(
            n.starts_with("css/site.")
                && n.ends_with(".css")
                && n.len() == "css/site.12345678.css".len(),
            "{n}"
        );
        assert_ne!(n, fingerprinted_name("css/site.css", b"body{ }"));
    }
}
