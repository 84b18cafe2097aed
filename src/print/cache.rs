//! Finished PDFs in `<root>/.placard-cache/print/<hash>.pdf`, keyed by a hash of everything a
//! document is made from (placard's version, the entry, the page's text, its pictures'
//! bytes, the address), so an unchanged poster is not made again.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

pub const DIR: &str = ".placard-cache/print";

/// Collects what a document is made from.
pub struct Key(Sha256);

impl Key {
    pub fn new() -> Key {
        let mut h = Sha256::new();
        h.update(concat!("placard-print-1 ", env!("CARGO_PKG_VERSION")).as_bytes());
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

/// The running program's size and modification time: a new build of placard (which may lay
/// pages out differently) makes every PDF again.
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

fn file(root: &Path, key: &str) -> PathBuf {
    root.join(DIR).join(format!("{key}.pdf"))
}

/// The cached PDF, if it is there and still a PDF.
pub fn get(root: &Path, key: &str) -> Option<Vec<u8>> {
    std::fs::read(file(root, key))
        .ok()
        .filter(|b| b.starts_with(b"%PDF-"))
}

/// Keeps a PDF (a cache that cannot be written only costs time, so failures are ignored).
pub fn put(root: &Path, key: &str, bytes: &[u8]) {
    let path = file(root, key);
    let tmp = path.with_extension("tmp");
    let ok = std::fs::create_dir_all(root.join(DIR)).is_ok() && std::fs::write(&tmp, bytes).is_ok();
    if ok && std::fs::rename(&tmp, &path).is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
}

/// Removes cached PDFs this build did not use.
pub fn prune(root: &Path, used: &BTreeSet<String>) {
    let Ok(entries) = std::fs::read_dir(root.join(DIR)) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let key = name.strip_suffix(".pdf").unwrap_or(&name);
        if !used.contains(key) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}
