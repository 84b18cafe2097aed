//! The bundled Crossing the Lines materials: the committed PDFs are what
//! `cargo run --example pdf_materials` writes from the current Markdown pages, and each has
//! a title and a language in its metadata.

#[path = "../../examples/pdf_materials/pdf.rs"]
mod pdf;

use std::path::Path;

#[test]
fn committed_pdfs_are_current() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for page in pdf::MATERIALS {
        let (path, bytes) = pdf::material(root, page).unwrap();
        let committed = std::fs::read(&path).unwrap();
        assert!(
            committed == bytes,
            "{} is out of date: run `cargo run --example pdf_materials`",
            path.display()
        );
        let doc = lopdf::Document::load_mem(&committed).unwrap();
        let catalog = doc.catalog().unwrap();
        assert_eq!(catalog.get(b"Lang").unwrap().as_str().unwrap(), b"en-GB");
        let info = placard::assets::formats::pdf_info(&committed).unwrap();
        assert!(info.pages >= 1);
        assert!(
            info.title.as_deref().is_some_and(|t| t.contains("Year")),
            "{info:?}"
        );
    }
}

#[test]
fn worksheets_get_lines_to_write_on() {
    let blocks = pdf::blocks("1. First?\n2. Second?\n\n- A point\n", true);
    assert_eq!(
        blocks,
        [
            pdf::Block::Item("1.".into(), "First?".into()),
            pdf::Block::AnswerLines(2),
            pdf::Block::Item("2.".into(), "Second?".into()),
            pdf::Block::AnswerLines(2),
            pdf::Block::Item("\u{2022}".into(), "A point".into()),
        ]
    );
}
