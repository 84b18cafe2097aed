//! The editor's own files (Decap CMS's JavaScript), which placard does not ship: `placard cms
//! install` gets one pinned version from the npm registry (`npm pack`, or a `.tgz` already
//! downloaded), checks it against the SHA-512 pinned here, and unpacks the files the editor
//! loads into `.placard-cache/cms/decap-cms-<version>/` in the site folder. Nothing is fetched
//! by `cargo build`, `cargo test`, `placard build` or `placard serve`, and the browser never
//! loads anything from anywhere but `placard serve` itself.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use sha2::{Digest, Sha512};

/// The npm package.
pub const PACKAGE: &str = "decap-cms";
/// Its pinned version.
pub const VERSION: &str = "3.16.3";
/// The npm registry's integrity value of that version's tarball.
pub const INTEGRITY: &str = "sha512-hf+dPlCh7TJmWl8+6VRzHYOWhri5xgUknrZbDewaWe4s9B7xJ8PQugp2QHeSldMUKzav6+z0oIpwUYhUJDYtYw==";
/// The same SHA-512, in hexadecimal, as placard checks it.
pub const SHA512: &str = "85ff9d3e50a1ed32665a5f3ee954731d839686b8b9c605249eb65b0dec1a59ee2cf41ef127c3d0ba0a7640779295d3142b36afebecf4a08a7051885424362d63";
/// The folder, relative to the site, that holds installed editors.
pub const CACHE_DIR: &str = ".placard-cache/cms";
/// The editor's main file.
pub const MAIN: &str = "decap-cms.js";

/// The largest file taken from the package (its main file is about 5 MB).
const MAX_FILE: u64 = 32 * 1024 * 1024;

/// Why the editor could not be installed.
#[derive(Debug, thiserror::Error)]
pub enum InstallError {
    #[error(
        "npm could not be run ({0}). The editor's files come from the npm registry: install Node.js (it includes npm) and run `placard cms install` again, or download {PACKAGE}-{VERSION}.tgz on another computer with `npm pack {PACKAGE}@{VERSION}` and run `placard cms install --from {PACKAGE}-{VERSION}.tgz`"
    )]
    NoNpm(String),
    #[error(
        "`npm pack {PACKAGE}@{VERSION}` failed: {0}. Check the internet connection and try again"
    )]
    Npm(String),
    #[error(
        "{} is not {PACKAGE} {VERSION} as published: its SHA-512 is {found}, not the one placard expects ({INTEGRITY}). Delete it and download it again",
        .path.display()
    )]
    Integrity { path: PathBuf, found: String },
    #[error("{} is not a package placard can read: {reason}", .path.display())]
    Unreadable { path: PathBuf, reason: String },
    #[error("could not {action} {}: {source}", .path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
}

fn io(action: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> InstallError {
    let path = path.to_path_buf();
    move |source| InstallError::Io {
        action,
        path,
        source,
    }
}

/// The folder the pinned version is installed in.
pub fn dir(root: &Path) -> PathBuf {
    root.join(CACHE_DIR).join(format!("{PACKAGE}-{VERSION}"))
}

/// Is the pinned version installed for the site at `root`?
pub fn installed(root: &Path) -> bool {
    dir(root).join(MAIN).is_file()
}

/// What to do when the editor's files are missing, in plain English.
pub fn missing_message() -> String {
    format!(
        "The editor's files are not installed for this site. In the site's folder, run `placard cms install`: it downloads {PACKAGE} {VERSION} from the npm registry once (it needs Node.js's npm; about 16 MB) into {CACHE_DIR}/. Then reload this page."
    )
}

/// What an install did.
#[derive(Debug)]
pub struct Installed {
    pub dir: PathBuf,
    pub files: usize,
    pub bytes: u64,
}

/// Installs the pinned version: from the `.tgz` at `from`, or with `npm pack`.
pub fn install(root: &Path, from: Option<&Path>) -> Result<Installed, InstallError> {
    let cache = root.join(CACHE_DIR);
    std::fs::create_dir_all(&cache).map_err(io("create the folder", &cache))?;
    let tarball = match from {
        Some(path) => path.to_path_buf(),
        None => npm_pack(&cache)?,
    };
    let bytes = std::fs::read(&tarball).map_err(io("read", &tarball))?;
    let found: String = Sha512::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    if found != SHA512 {
        return Err(InstallError::Integrity {
            path: tarball,
            found,
        });
    }
    let target = dir(root);
    let staging = cache.join(format!(".{PACKAGE}-{VERSION}.partial"));
    if staging.exists() {
        std::fs::remove_dir_all(&staging).map_err(io("remove", &staging))?;
    }
    std::fs::create_dir_all(&staging).map_err(io("create the folder", &staging))?;
    let (files, size) = unpack(&bytes, &tarball, &staging)?;
    if !staging.join(MAIN).is_file() {
        return Err(InstallError::Unreadable {
            path: tarball,
            reason: format!("it has no dist/{MAIN}"),
        });
    }
    if target.exists() {
        std::fs::remove_dir_all(&target).map_err(io("replace", &target))?;
    }
    std::fs::rename(&staging, &target).map_err(io("move into place", &target))?;
    if from.is_none() {
        let _ = std::fs::remove_file(&tarball);
    }
    Ok(Installed {
        dir: target,
        files,
        bytes: size,
    })
}

/// Runs `npm pack` of the pinned version into `cache`; returns the tarball's path.
fn npm_pack(cache: &Path) -> Result<PathBuf, InstallError> {
    let npm = if cfg!(windows) { "npm.cmd" } else { "npm" };
    let output = Command::new(npm)
        .arg("pack")
        .arg(format!("{PACKAGE}@{VERSION}"))
        .arg("--ignore-scripts")
        .arg("--silent")
        .arg("--pack-destination")
        .arg(cache)
        .output()
        .map_err(|e| InstallError::NoNpm(e.to_string()))?;
    if !output.status.success() {
        let err = String::from_utf8_lossy(&output.stderr);
        let last = err
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("");
        return Err(InstallError::Npm(last.trim().to_string()));
    }
    Ok(cache.join(format!("{PACKAGE}-{VERSION}.tgz")))
}

/// Is `name` (a file of the package's `dist/`) one the editor loads: its main file, its
/// chunks, its WebAssembly and its licence?
pub fn is_editor_file(name: &str) -> bool {
    let plain = !name.is_empty()
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
    plain
        && (name == MAIN
            || name.ends_with(".decap-cms.js")
            || name.ends_with(".wasm")
            || name == "decap-cms.js.LICENSE.txt")
}

/// Writes the editor's files of the gzipped tarball `bytes` into `into`.
fn unpack(bytes: &[u8], shown: &Path, into: &Path) -> Result<(usize, u64), InstallError> {
    let unreadable = |e: std::io::Error| InstallError::Unreadable {
        path: shown.to_path_buf(),
        reason: e.to_string(),
    };
    let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(bytes));
    let (mut files, mut total) = (0, 0);
    for entry in archive.entries().map_err(unreadable)? {
        let mut entry = entry.map_err(unreadable)?;
        if !entry.header().entry_type().is_file() {
            continue;
        }
        let path = entry.path().map_err(unreadable)?.into_owned();
        let Some(name) = path
            .to_str()
            .and_then(|p| p.strip_prefix("package/dist/"))
            .filter(|n| is_editor_file(n))
            .map(str::to_string)
        else {
            continue;
        };
        let size = entry.header().size().map_err(unreadable)?;
        if size > MAX_FILE {
            continue;
        }
        let mut data = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
        entry
            .by_ref()
            .take(MAX_FILE)
            .read_to_end(&mut data)
            .map_err(unreadable)?;
        let out = into.join(&name);
        std::fs::write(&out, &data).map_err(io("write", &out))?;
        files += 1;
        total += data.len() as u64;
    }
    Ok((files, total))
}

/// An installed editor file by its name (`decap-cms.js`, `2598.decap-cms.js`), or `None`.
pub fn read(root: &Path, name: &str) -> Option<Vec<u8>> {
    if !is_editor_file(name) {
        return None;
    }
    std::fs::read(dir(root).join(name)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_editors_files_are_taken() {
        for ok in [
            "decap-cms.js",
            "2598.decap-cms.js",
            "dd5d52671a5763720504.wasm",
        ] {
            assert!(is_editor_file(ok), "{ok}");
        }
        for bad in [
            "../decap-cms.js",
            "a/b.decap-cms.js",
            ".decap-cms.js",
            "cms.js",
            "decap-cms.js.map",
            "",
            "x\\.wasm",
        ] {
            assert!(!is_editor_file(bad), "{bad}");
        }
    }
}
