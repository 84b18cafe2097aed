//! Where a build writes: a staging folder swapped into place at the end ([`Disk`]), or memory
//! ([`Memory`], for `serve`). A failed build leaves the previous output exactly as it was.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use crate::config::Config;
use crate::error::{Error, Result};
use crate::util::fs as fsutil;

/// The file placard leaves in every folder it builds, so it never replaces one it did not make.
pub const MARKER: &str = ".placard-output";
const MARKER_TEXT: &str =
    "This folder was written by placard. `placard build` replaces it as a whole.\n";

/// A place to write the built site.
pub trait Output: Sync {
    /// Writes one file at `rel` (a slash path inside the output, such as `x/y/index.html`).
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<()>;
}

/// Writes one rendered HTML file, minified when the site asks for it.
pub fn write_page(config: &Config, out: &dyn Output, rel: &str, html: &str) -> Result<()> {
    if config.minify {
        out.write(rel, &minify_html(html))
    } else {
        out.write(rel, html.as_bytes())
    }
}

/// Refuses paths that could leave the output folder.
pub fn check_rel(rel: &str) -> Result<&Path> {
    let path = Path::new(rel);
    let safe = !rel.is_empty()
        && !rel.contains('\\')
        && path.components().all(|c| matches!(c, Component::Normal(_)));
    if safe {
        Ok(path)
    } else {
        Err(Error::io(
            "write",
            rel,
            std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "the path would leave the output folder",
            ),
        ))
    }
}

/// Writes into `<parent>/.<name>.placard-staging`, then swaps it into `<target>`.
#[derive(Debug)]
pub struct Disk {
    target: PathBuf,
    staging: PathBuf,
    done: bool,
}

impl Disk {
    /// Checks that `target` is absent, empty, or made by placard, and makes a fresh staging folder.
    pub fn begin(target: &Path) -> Result<Disk> {
        if target.exists() {
            let ours = target.join(MARKER).is_file();
            let empty = std::fs::read_dir(target)
                .map(|mut d| d.next().is_none())
                .unwrap_or(false);
            if !target.is_dir() || !(ours || empty) {
                return Err(Error::ForeignOutput(target.to_path_buf()));
            }
        }
        // A build stopped between the two renames of a non-atomic swap: put the previous
        // build back before anything else.
        let old = sibling(target, "old");
        if !target.exists() && old.join(MARKER).is_file() {
            std::fs::rename(&old, target)
                .map_err(|e| Error::io("restore the previous build from", &old, e))?;
        }
        let staging = sibling(target, "staging");
        if staging.exists() {
            std::fs::remove_dir_all(&staging)
                .map_err(|e| Error::io("remove the unfinished build in", &staging, e))?;
        }
        fsutil::create_dir_all(&staging)?;
        Ok(Disk {
            target: target.to_path_buf(),
            staging,
            done: false,
        })
    }

    /// The folder being written.
    pub fn staging(&self) -> &Path {
        &self.staging
    }

    /// Marks the staging folder as placard's and moves it into place. On Linux the two folders
    /// are exchanged in one atomic step, so even a crash or Ctrl-C at this moment leaves either
    /// the previous build or the new one in place, never neither.
    pub fn commit(mut self) -> Result<()> {
        fsutil::write(&self.staging.join(MARKER), MARKER_TEXT.as_bytes())?;
        let old = sibling(&self.target, "old");
        if old.exists() {
            std::fs::remove_dir_all(&old).map_err(|e| Error::io("remove", &old, e))?;
        }
        if self.target.exists() && exchange(&self.staging, &self.target).is_ok() {
            // The staging folder's name now holds the previous build.
            self.done = true;
            if let Err(e) = std::fs::remove_dir_all(&self.staging) {
                // The new build is in place; the next build removes what is left.
                tracing::warn!(
                    "could not remove the previous build in {}: {e}",
                    self.staging.display()
                );
            }
            return Ok(());
        }
        if self.target.exists() {
            std::fs::rename(&self.target, &old)
                .map_err(|e| Error::io("move aside the previous build in", &self.target, e))?;
        }
        if let Err(e) = std::fs::rename(&self.staging, &self.target) {
            // Put the previous build back where it was.
            let _ = std::fs::rename(&old, &self.target);
            return Err(Error::io("move the new build into", &self.target, e));
        }
        self.done = true;
        if old.exists() {
            std::fs::remove_dir_all(&old)
                .map_err(|e| Error::io("remove the previous build in", &old, e))?;
        }
        Ok(())
    }
}

/// Swaps two folders atomically (Linux `renameat2` with `RENAME_EXCHANGE`).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    rustix::fs::renameat_with(
        rustix::fs::CWD,
        a,
        rustix::fs::CWD,
        b,
        rustix::fs::RenameFlags::EXCHANGE,
    )
    .map_err(std::io::Error::from)
}

/// Elsewhere the two-step rename in [`Disk::commit`] is used.
#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
}

impl Drop for Disk {
    fn drop(&mut self) {
        if !self.done {
            let _ = std::fs::remove_dir_all(&self.staging);
        }
    }
}

impl Output for Disk {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        let path = check_rel(rel)?;
        fsutil::write(&self.staging.join(path), bytes)
    }
}

fn sibling(target: &Path, what: &str) -> PathBuf {
    let name = target
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    let parent = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    parent.join(format!(".{name}.placard-{what}"))
}

/// The built site in memory.
#[derive(Debug, Default)]
pub struct Memory {
    files: Mutex<BTreeMap<String, Vec<u8>>>,
}

impl Memory {
    /// The files written, by path.
    pub fn into_files(self) -> BTreeMap<String, Vec<u8>> {
        self.files.into_inner().unwrap_or_default()
    }
}

impl Output for Memory {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        check_rel(rel)?;
        if let Ok(mut files) = self.files.lock() {
            files.insert(rel.to_string(), bytes.to_vec());
        }
        Ok(())
    }
}

/// Minifies HTML with its inline CSS and JS, keeping what validators and screen readers need:
/// closing tags, the `<html>` and `<head>` tags (and so `lang` and `dir`), and quoted attributes.
pub fn minify_html(html: &str) -> Vec<u8> {
    // The minifier recurses once per nested element; a page nested deeper than this (which
    // only hostile or broken input produces) is published as it is rather than overflow the stack.
    if nesting_depth(html) > MAX_MINIFY_DEPTH {
        tracing::warn!("a page nests elements more than {MAX_MINIFY_DEPTH} deep: not minified");
        return html.as_bytes().to_vec();
    }
    let mut cfg = minify_html::Cfg::new();
    cfg.minify_css = true;
    cfg.minify_js = true;
    cfg.keep_closing_tags = true;
    cfg.keep_html_and_head_opening_tags = true;
    cfg.allow_noncompliant_unquoted_attribute_values = false;
    cfg.allow_removing_spaces_between_attributes = false;
    cfg.allow_optimal_entities = false;
    cfg.keep_input_type_text_attr = true;
    minify_html::minify(html.as_bytes(), &cfg)
}

/// How deep [`minify_html`] lets elements nest (measured safe at 1,000 on a 2 MB thread stack).
const MAX_MINIFY_DEPTH: usize = 400;

/// An upper bound of how deeply the elements of `html` nest: every start tag that is not a void
/// element opens a level, every end tag closes one.
fn nesting_depth(html: &str) -> usize {
    const VOID: [&str; 14] = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr", "!doctype",
    ];
    let bytes = html.as_bytes();
    let (mut depth, mut max) = (0usize, 0usize);
    let mut i = 0;
    while let Some(at) = bytes[i..].iter().position(|&b| b == b'<') {
        i += at + 1;
        let rest = &html[i..];
        if rest.starts_with('/') {
            depth = depth.saturating_sub(1);
        } else if rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
            let name_len = rest
                .find(|c: char| !c.is_ascii_alphanumeric())
                .unwrap_or(rest.len());
            let name = rest[..name_len].to_ascii_lowercase();
            if !VOID.contains(&name.as_str()) {
                depth += 1;
                max = max.max(depth);
            }
        }
    }
    max
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_nesting_is_measured_and_not_minified() {
        assert_eq!(
            nesting_depth("<p>a<br>b<img src=x></p><div><ul><li>x</li></ul></div>"),
            3
        );
        let deep = format!(
            "{}x{}",
            "<blockquote>".repeat(5000),
            "</blockquote>".repeat(5000)
        );
        assert_eq!(nesting_depth(&deep), 5000);
        // Returned unchanged instead of overflowing the minifier's stack.
        assert_eq!(minify_html(&deep), deep.as_bytes());
    }

    #[test]
    fn rejects_escaping_paths() {
        for bad in ["../x", "/etc/passwd", "a/../../b", "", "a\\..\\b"] {
            assert!(check_rel(bad).is_err(), "{bad}");
        }
        assert!(check_rel("a/b/index.html").is_ok());
    }

    #[test]
    fn swap_replaces_only_our_folder() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        let d = Disk::begin(&target).unwrap();
        d.write("index.html", b"one").unwrap();
        d.commit().unwrap();
        assert_eq!(std::fs::read(target.join("index.html")).unwrap(), b"one");
        // A failed build (dropped without commit) leaves it alone.
        let d = Disk::begin(&target).unwrap();
        d.write("index.html", b"two").unwrap();
        drop(d);
        assert_eq!(std::fs::read(target.join("index.html")).unwrap(), b"one");
        // A folder placard did not make is refused.
        let foreign = dir.path().join("mine");
        std::fs::create_dir(&foreign).unwrap();
        std::fs::write(foreign.join("a.txt"), "keep").unwrap();
        assert!(matches!(
            Disk::begin(&foreign),
            Err(Error::ForeignOutput(_))
        ));
    }

    #[test]
    fn minify_keeps_lang_and_closing_tags() {
        let out = String::from_utf8(minify_html("<!doctype html>\n<html lang=\"en\">\n<head><title>x</title></head>\n<body>\n<p>a</p>\n</body>\n</html>")).unwrap();
        assert!(
            out.contains("<html lang=en>") || out.contains("<html lang=\"en\">"),
            "{out}"
        );
        assert!(out.contains("</p>"), "{out}");
    }
}
