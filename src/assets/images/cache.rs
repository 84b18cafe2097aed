//! The image cache: `<root>/.placard-cache/images/<hash>/`, one folder per source and spec,
//! named by a hash of the source bytes and the options, holding the variants and `made.json`.
//! An entry is written to a temporary folder and renamed into place, so it is either whole or
//! absent. Entries a successful build did not use are pruned.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;

use sha2::{Digest, Sha256};

use super::process::{self, Made, Problem, Spec};
use super::{ImageSource, Queue};
use crate::error::{Error, Result};

/// The cache folder, under the site root (never inside content/ or the output).
pub const DIR: &str = ".placard-cache/images";
const META: &str = "made.json";

/// A hash of the source bytes and the spec (32 hex digits).
pub fn hash(bytes: &[u8], spec: &Spec) -> String {
    let mut h = Sha256::new();
    h.update(spec.key().as_bytes());
    h.update([0]);
    h.update(bytes);
    h.finalize()
        .iter()
        .take(16)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The processed image, from the cache when present, else made and stored; with the folder
/// holding its files.
pub fn get_or_make(
    root: &Path,
    source: &ImageSource,
    spec: &Spec,
    queue: &Queue,
) -> Result<(Made, PathBuf), Problem> {
    let bytes = source
        .origin
        .bytes()
        .map_err(|d| Problem::Read(Box::new(d)))?;
    if bytes.is_empty() {
        return Err(Problem::Empty);
    }
    let key = hash(&bytes, spec);
    let dir = root.join(DIR).join(&key);
    queue.mark_used(&key);
    let lock = queue.entry_lock(&key);
    // A poisoned lock only means another worker failed: its entry is absent or whole.
    let _making = lock
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(made) = lookup(&dir) {
        queue.cached.fetch_add(1, Ordering::Relaxed);
        return Ok((made, dir));
    }
    let (mut made, files) = process::make(&bytes, spec)?;
    made.hash = key;
    store(&dir, &made, &files).map_err(|e| Problem::Io(e.to_string()))?;
    queue.processed.fetch_add(1, Ordering::Relaxed);
    Ok((made, dir))
}

/// A whole entry: its description, and every file present with the size recorded.
fn lookup(dir: &Path) -> Option<Made> {
    let text = std::fs::read(dir.join(META)).ok()?;
    let made: Made = serde_json::from_slice(&text).ok()?;
    let whole = made
        .variants
        .iter()
        .all(|v| std::fs::metadata(dir.join(&v.file)).is_ok_and(|m| m.len() == v.bytes));
    whole.then_some(made)
}

fn store(dir: &Path, made: &Made, files: &[Vec<u8>]) -> Result<()> {
    let parent = dir.parent().unwrap_or(Path::new("."));
    let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or("entry");
    let thread = format!("{:?}", std::thread::current().id());
    let digits: String = thread.chars().filter(char::is_ascii_digit).collect();
    let tmp = parent.join(format!("{name}.tmp-{}-{digits}", std::process::id()));
    let io = |action, path: &Path| {
        let path = path.to_path_buf();
        move |e| Error::io(action, path, e)
    };
    std::fs::create_dir_all(&tmp).map_err(io("create the folder", &tmp))?;
    for (v, data) in made.variants.iter().zip(files) {
        let path = tmp.join(&v.file);
        std::fs::write(&path, data).map_err(io("write", &path))?;
    }
    let meta = serde_json::to_vec_pretty(made).unwrap_or_default();
    let path = tmp.join(META);
    std::fs::write(&path, meta).map_err(io("write", &path))?;
    if dir.exists() {
        // Another thread or build made the same entry; keep whichever is whole.
        if lookup(dir).is_some() {
            let _ = std::fs::remove_dir_all(&tmp);
            return Ok(());
        }
        std::fs::remove_dir_all(dir).map_err(io("remove", dir))?;
    }
    match std::fs::rename(&tmp, dir) {
        Ok(()) => Ok(()),
        // Another build made the same entry meanwhile ("Directory not empty"): use it.
        Err(_) if lookup(dir).is_some() => {
            let _ = std::fs::remove_dir_all(&tmp);
            Ok(())
        }
        Err(e) => {
            let _ = std::fs::remove_dir_all(&tmp);
            Err(io("rename", &tmp)(e))
        }
    }
}

/// Removes every entry (and leftover temporary folder) not in `used`; returns how many.
pub fn prune(root: &Path, used: &BTreeSet<String>) -> Result<usize> {
    let base = root.join(DIR);
    let Ok(entries) = std::fs::read_dir(&base) else {
        return Ok(0);
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if used.contains(&name) {
            continue;
        }
        let path = entry.path();
        let result = if path.is_dir() {
            std::fs::remove_dir_all(&path)
        } else {
            std::fs::remove_file(&path)
        };
        result.map_err(|e| Error::io("remove", &path, e))?;
        removed += 1;
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_depends_on_bytes_and_options() {
        let a = Spec::Responsive {
            widths: vec![480],
            quality: 80,
        };
        let b = Spec::Responsive {
            widths: vec![480],
            quality: 70,
        };
        assert_eq!(hash(b"x", &a), hash(b"x", &a));
        assert_ne!(hash(b"x", &a), hash(b"y", &a));
        assert_ne!(hash(b"x", &a), hash(b"x", &b));
        assert_eq!(hash(b"x", &a).len(), 32);
    }

    #[test]
    fn storing_an_entry_another_worker_made_is_not_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let entry = dir.path().join("abc");
        let made = Made {
            hash: "abc".into(),
            width: 1,
            height: 1,
            fallback: process::Encoding::Png,
            variants: Vec::new(),
        };
        store(&entry, &made, &[]).unwrap();
        // The same entry again, as a second worker or build finishing later would.
        store(&entry, &made, &[]).unwrap();
        assert!(lookup(&entry).is_some());
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "no temporary folder is left");
    }

    #[test]
    fn prune_keeps_used_entries() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().join(DIR);
        std::fs::create_dir_all(base.join("keep")).unwrap();
        std::fs::create_dir_all(base.join("old")).unwrap();
        let used: BTreeSet<String> = ["keep".to_string()].into();
        assert_eq!(prune(dir.path(), &used).unwrap(), 1);
        assert!(base.join("keep").exists() && !base.join("old").exists());
    }
}
