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

#[test]
fn the_bundled_materials_have_alternatives_titles_and_a_zip_per_year() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = placard::pipeline::load_config(root, None).unwrap();
    let lib =
        placard::content::load(root, &config, placard::content::LoadOptions::default()).unwrap();
    let downloads = placard::assets::downloads::collect(root, &config, &lib).unwrap();
    assert_eq!(placard::assets::downloads::warnings(&downloads), []);
    for year in ["5", "6"] {
        let d = &downloads[&format!("crossing-the-lines/year-{year}/_index.md")];
        assert_eq!(d.items.len(), 3);
        assert!(
            d.items
                .iter()
                .all(|i| i.format == "PDF" && i.pages.is_some())
        );
        let bundle = d.bundle.as_ref().unwrap();
        assert_eq!(bundle.count, 3);
        assert_eq!(
            bundle.url,
            format!("/crossing-the-lines/year-{year}/crossing-the-lines-year-{year}-all-files.zip")
        );
    }
}
