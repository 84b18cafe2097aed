//! Finished PDFs in `<root>/.placard-cache/print/<hash>.pdf`, keyed by a hash of everything a
//! document is made from (placard's version, the entry, the page's text, its pictures'
//! bytes, the address), so an unchanged poster is not made again.

use std::collections::BTreeSet;
use std::path::Path;

use crate::util::cache::FileCache;
pub use crate::util::cache::Key;

pub const DIR: &str = ".placard-cache/print";
const CACHE: FileCache = FileCache {
    dir: DIR,
    ext: "pdf",
};

/// A key for a PDF.
pub fn key() -> Key {
    Key::new("placard-print-1")
}

/// The cached PDF, if it is there and still a PDF.
pub fn get(root: &Path, key: &str) -> Option<Vec<u8>> {
    CACHE.get(root, key).filter(|b| b.starts_with(b"%PDF-"))
}

/// Keeps a PDF.
pub fn put(root: &Path, key: &str, bytes: &[u8]) {
    CACHE.put(root, key, bytes);
}

/// Removes cached PDFs this build did not use.
pub fn prune(root: &Path, used: &BTreeSet<String>) {
    CACHE.prune(root, used);
}
