//! File-system helpers that attach the path to every error.

use std::path::{Path, PathBuf};

use crate::error::{Diagnostic, Error, Result};

/// Reads a site file as UTF-8 text; a problem becomes a diagnostic naming the file.
pub fn read_text(root: &Path, rel: &Path) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(root.join(rel)).map_err(|e| {
        Diagnostic::new(rel, format!("could not read this file: {e}"))
            .hint("check that the file exists and that you can open it")
    })?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
        Diagnostic::new(rel, "this file is not valid UTF-8 text")
            .at_offset(&text, valid)
            .hint("save the file with the UTF-8 encoding (most editors offer it under \"Save as\")")
    })
}

/// Creates a folder and its parents.
pub fn create_dir_all(path: &Path) -> Result<()> {
    std::fs::create_dir_all(path).map_err(|e| Error::io("create the folder", path, e))
}

/// Writes a file, creating its folder.
pub fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(parent) = path.parent() {
        create_dir_all(parent)?;
    }
    std::fs::write(path, bytes).map_err(|e| Error::io("write", path, e))
}

/// The files under `dir` (recursively, sorted), as paths relative to `dir`. Hidden files and
/// editors' temporary files are left out. Symbolic links are followed only when they stay inside
/// the site (the folder that holds `dir`); a link out of it, a link loop or a broken link is an
/// error naming the link, so nothing outside the site is ever published by accident.
pub fn walk_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    let site = dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let site_real = site
        .canonicalize()
        .map_err(|e| Error::io("read the folder", site, e))?;
    let shown = |path: &Path| path.strip_prefix(site).unwrap_or(path).to_path_buf();
    let mut problems = Vec::new();
    let mut entries = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored(e.file_name()));
    while let Some(entry) = entries.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let path = e.path().unwrap_or(dir).to_path_buf();
                if e.loop_ancestor().is_some() {
                    problems.push(
                        Diagnostic::new(
                            shown(&path),
                            "this is a link to a folder that contains it, so it would go on for ever",
                        )
                        .hint("delete the link, or make it point somewhere else"),
                    );
                    continue;
                }
                if path.is_symlink() && !path.exists() {
                    problems.push(
                        Diagnostic::new(
                            shown(&path),
                            "this is a link to a file that does not exist",
                        )
                        .hint("delete the link, or put the file it points to back"),
                    );
                    continue;
                }
                return Err(Error::io("read the folder", path, e.into()));
            }
        };
        if entry.path_is_symlink() {
            let inside = entry
                .path()
                .canonicalize()
                .is_ok_and(|real| real.starts_with(&site_real));
            if !inside {
                problems.push(
                    Diagnostic::new(
                        shown(entry.path()),
                        "this is a link to something outside the site folder",
                    )
                    .hint(
                        "placard only reads files inside the site, so that nothing private is \
                         published by accident: copy the file into the site instead of linking to it",
                    ),
                );
                if entry.file_type().is_dir() {
                    entries.skip_current_dir();
                }
                continue;
            }
        }
        if entry.file_type().is_file()
            && let Ok(rel) = entry.path().strip_prefix(dir)
        {
            out.push(rel.to_path_buf());
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(Error::Site(problems))
    }
}

/// Hidden files, and the temporary and swap files that editors leave beside the ones they edit.
pub fn is_ignored(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
}

/// `a/b/c` as a string with forward slashes.
pub fn slash_path(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
