//! Files a build made and can make again, kept under `<root>/.placard-cache/<kind>/<key>.<ext>`
//! and keyed by a hash of everything they are made from (and of the running placard, whose
//! new version may make them differently), so an unchanged one is not made again. Finished
//! PDFs (`print`) and PDF thumbnails (`thumbs`) use it; processed images have their own cache.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use sha2::{Digest, Sha256};

/// One kind of cached file: its folder under the site root and its file extension.
#[derive(Debug, Clone, Copy)]
pub struct FileCache {
    pub dir: &'static str,
    pub ext: &'static str,
}

/// Collects what a file is made from.
pub struct Key(Sha256);

impl Key {
    /// A key for files made by `maker` (a name with a version, changed when what it makes
    /// changes) with this build of placard.
    pub fn new(maker: &str) -> Key {
        let mut h = Sha256::new();
        h.update(maker.as_bytes());
        h.update(concat!(" ", env!("CARGO_PKG_VERSION"), " ").as_bytes());
        h.update(program().as_bytes());
        Key(h)
    }

    pub fn add(&mut self, part: &[u8]) {
        self.0.update((part.len() as u64).to_le_bytes());
        self.0.update(part);
    }

    pub fn finish(self) -> String {
        self.0
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

/// The running program's size and modification time: a new build of placard (which may make
/// files differently) makes every file again.
fn program() -> String {
    std::env::current_exe()
        .and_then(std::fs::metadata)
        .map(|m| {
            let modified = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            format!("{} {modified}", m.len())
        })
        .unwrap_or_default()
}

impl FileCache {
    fn file(&self, root: &Path, key: &str) -> PathBuf {
        root.join(self.dir).join(format!("{key}.{}", self.ext))
    }

    /// The cached file, if it is there.
    pub fn get(&self, root: &Path, key: &str) -> Option<Vec<u8>> {
        std::fs::read(self.file(root, key)).ok()
    }

    /// Keeps a file (a cache that cannot be written only costs time, so failures are
    /// ignored). It is written under another name and renamed, so a reader never sees half.
    pub fn put(&self, root: &Path, key: &str, bytes: &[u8]) {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let path = self.file(root, key);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let tmp = path.with_extension(format!("{}-{n}.tmp", std::process::id()));
        let ok = std::fs::create_dir_all(root.join(self.dir)).is_ok()
            && std::fs::write(&tmp, bytes).is_ok();
        if ok && std::fs::rename(&tmp, &path).is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
    }

    /// Removes the cached files whose keys are not in `used`.
    pub fn prune(&self, root: &Path, used: &BTreeSet<String>) {
        let Ok(entries) = std::fs::read_dir(root.join(self.dir)) else {
            return;
        };
        let suffix = format!(".{}", self.ext);
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            let key = name.strip_suffix(&suffix).unwrap_or(&name);
            if !used.contains(key) {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_finds_and_prunes() {
        let dir = tempfile::tempdir().unwrap();
        let cache = FileCache {
            dir: ".placard-cache/test",
            ext: "bin",
        };
        let key = |part: &[u8]| {
            let mut k = Key::new("test-1");
            k.add(part);
            k.finish()
        };
        let (a, b) = (key(b"a"), key(b"b"));
        assert_ne!(a, b);
        assert_eq!(a, key(b"a"));
        assert_eq!(cache.get(dir.path(), &a), None);
        cache.put(dir.path(), &a, b"made from a");
        cache.put(dir.path(), &b, b"made from b");
        assert_eq!(
            cache.get(dir.path(), &a).as_deref(),
            Some(&b"made from a"[..])
        );
        cache.prune(dir.path(), &BTreeSet::from([b.clone()]));
        assert_eq!(cache.get(dir.path(), &a), None);
        assert_eq!(
            cache.get(dir.path(), &b).as_deref(),
            Some(&b"made from b"[..])
        );
    }
}
