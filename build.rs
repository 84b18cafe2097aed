//! Embeds the default theme (themes/default) in the binary, so any folder with content/ builds,
//! and the starter site (starter/) that `placard init` writes.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    embed(
        &manifest,
        "themes/default",
        "embedded_theme.rs",
        "The default theme's files: (path under themes/default/, bytes).",
    );
    embed(
        &manifest,
        "starter",
        "embedded_starter.rs",
        "The starter site `placard init` writes: (path under starter/, bytes).",
    );
}

/// Writes `OUT_DIR/<out>` with a `FILES` table of every file under `dir` (hidden files and
/// editors' backups left out), sorted by path.
fn embed(manifest: &Path, dir: &str, out: &str, doc: &str) {
    let base = manifest.join(dir);
    println!("cargo:rerun-if-changed={dir}");
    let mut files = Vec::new();
    collect(&base, &base, &mut files);
    files.sort();
    let mut code = format!("/// {doc}\npub static FILES: &[(&str, &[u8])] = &[\n");
    for (rel, abs) in &files {
        let _ = writeln!(code, "    ({rel:?}, include_bytes!({abs:?})),");
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default()).join(out);
    if let Err(e) = std::fs::write(&out, code) {
        println!("cargo:warning=could not write {}: {e}", out.display());
    }
}

fn collect(base: &Path, dir: &Path, out: &mut Vec<(String, String)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") {
            continue;
        }
        if path.is_dir() {
            collect(base, &path, out);
        } else if let Ok(rel) = path.strip_prefix(base) {
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            out.push((rel, path.to_string_lossy().into_owned()));
        }
    }
}
