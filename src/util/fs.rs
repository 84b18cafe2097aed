//! File-system helpers that attach the path to every error.

use std::path::{Path, PathBuf};

use crate::error::{Code, Diagnostic, Error, Result};

/// Reads a file of the site, `rel` being its path relative to the site folder `root`.
///
/// This is the one door every reader of site files goes through (content, data, static files,
/// the theme, images, downloads, bundles, `serve`). The file is opened first and then where it
/// really is, every link resolved, hidden or not, is checked on the open file: a file that is not
/// inside the site folder is refused, so a link cannot publish something private, however it is
/// named and even when it was put in place after the site was scanned. A file under
/// `themes/NAME/` may also be inside that theme's own folder when the theme folder itself is a
/// link (a theme shared between sites); links inside the theme are held to the same rule.
pub fn read_site_file(root: &Path, rel: &Path) -> Result<Vec<u8>, Diagnostic> {
    use std::io::Read;
    let unreadable = |e: std::io::Error| {
        Diagnostic::new(rel, format!("could not read this file: {e}"))
            .hint("check that the file exists and that you can open it")
    };
    let path = root.join(rel);
    let mut file = open_no_wait(&path).map_err(unreadable)?;
    let real = real_path(&file, &path).map_err(unreadable)?;
    if !allowed_places(root, rel)
        .iter()
        .any(|base| real.starts_with(base))
    {
        return Err(outside_the_site(rel));
    }
    let meta = file.metadata().map_err(unreadable)?;
    if !meta.is_file() {
        return Err(Diagnostic::new(rel, "this is not an ordinary file").hint(
            "placard reads only ordinary files: delete it, or put the file it stands for here",
        ));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.read_to_end(&mut bytes).map_err(unreadable)?;
    Ok(bytes)
}

/// The error for a file that is really somewhere outside the site folder.
pub fn outside_the_site(rel: &Path) -> Diagnostic {
    Diagnostic::new(rel, "this is a link to something outside the site folder")
        .hint(
            "placard only reads files inside the site, so that nothing private is published by \
             accident: copy the file into the site instead of linking to it",
        )
        .code(Code::OutsideSite)
}

/// Whether the file at `rel` is now, links resolved, outside the places [`read_site_file`]
/// reads from. A file that is gone or a broken link is not outside.
pub fn is_outside_the_site(root: &Path, rel: &Path) -> bool {
    root.join(rel).canonicalize().is_ok_and(|real| {
        !allowed_places(root, rel)
            .iter()
            .any(|base| real.starts_with(base))
    })
}

/// The real folders a file at `rel` may be in: the site folder, and the theme's folder for a
/// theme file.
fn allowed_places(root: &Path, rel: &Path) -> Vec<PathBuf> {
    let root = if root.as_os_str().is_empty() {
        Path::new(".")
    } else {
        root
    };
    let mut places = Vec::with_capacity(2);
    if let Ok(site) = root.canonicalize() {
        places.push(site);
    }
    let mut parts = rel.components();
    if let (Some(first), Some(name)) = (parts.next(), parts.next())
        && first.as_os_str() == "themes"
        && let Ok(theme) = root.join("themes").join(name).canonicalize()
    {
        places.push(theme);
    }
    places
}

/// Opens a file for reading without waiting on it: a named pipe in the site folder would
/// otherwise stop the build until something writes to it.
fn open_no_wait(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32);
    }
    options.open(path)
}

/// Where an open file really is. On Linux that is asked of the open file itself, so a link
/// swapped in between opening and checking changes nothing.
fn real_path(file: &std::fs::File, path: &Path) -> std::io::Result<PathBuf> {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        if let Ok(real) = std::fs::read_link(format!("/proc/self/fd/{}", file.as_raw_fd())) {
            return Ok(real);
        }
    }
    let _ = file;
    path.canonicalize()
}

/// Reads a site file as UTF-8 text; a problem becomes a diagnostic naming the file.
pub fn read_text(root: &Path, rel: &Path) -> Result<String, Diagnostic> {
    let bytes = read_site_file(root, rel)?;
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

/// Writes a file, creating its folder. The folder is made only when the first try finds it
/// missing: a file written into a folder that is there already (a search index's page files,
/// images, static files) is spared the two system calls of making it, and a file in a new
/// folder (a page's `index.html`) costs one more.
pub fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    match std::fs::write(path, bytes) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if let Some(parent) = path.parent() {
                create_dir_all(parent)?;
            }
            std::fs::write(path, bytes).map_err(|e| Error::io("write", path, e))
        }
        done => done.map_err(|e| Error::io("write", path, e)),
    }
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
                problems.push(outside_the_site(&shown(entry.path())));
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
