//! Writes the PDFs of the bundled Crossing the Lines materials from their Markdown pages:
//! `cargo run --example pdf_materials` in the repository. The PDFs are committed, so a normal
//! build needs no PDF writer; the test `materials::committed_pdfs_are_current` fails when a
//! page changed and its PDF was not written again.

mod pdf;

fn main() -> Result<(), String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for page in pdf::MATERIALS {
        let (path, bytes) = pdf::material(root, page)?;
        std::fs::write(&path, &bytes).map_err(|e| format!("{}: {e}", path.display()))?;
        println!("wrote {} ({} bytes)", path.display(), bytes.len());
    }
    Ok(())
}
