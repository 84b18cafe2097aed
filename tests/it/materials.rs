//! The bundled Crossing the Lines materials: each session plan, worksheet and letter is made
//! at build time from its Markdown page as a tagged A4 handout, and listed (with a ZIP) on
//! its year's materials page.

#[test]
fn the_bundled_materials_are_handouts_with_alternatives_titles_and_a_zip_per_year() {
    let tmp = tempfile::tempdir().unwrap();
    crate::util::copy_bundled(tmp.path());
    let root = tmp.path();
    let config = placard::pipeline::load_config(root, None).unwrap();
    let lib =
        placard::content::load(root, &config, placard::content::LoadOptions::default()).unwrap();
    let (made, _, problems) = placard::print::make_all(root, &config, &lib);
    assert!(problems.is_empty(), "{problems:?}");
    let downloads = placard::assets::downloads::collect_with(root, &config, &lib, &made).unwrap();
    assert_eq!(placard::assets::downloads::warnings(&downloads), []);
    for year in ["5", "6"] {
        let d = &downloads[&format!("crossing-the-lines/year-{year}/_index.md")];
        assert_eq!(d.items.len(), 3);
        for item in &d.items {
            assert_eq!(item.format, "PDF");
            assert!(item.pages.is_some_and(|p| p >= 1), "{item:?}");
            assert!(item.alternative.is_some(), "{item:?}");
            assert!(
                item.pdf_title
                    .as_deref()
                    .is_some_and(|t| t.contains(&format!("Year {year}"))),
                "{item:?}"
            );
            let page = item.alternative.as_ref().unwrap().url.clone();
            assert!(item.url.starts_with(&page), "{} is not in {page}", item.url);
        }
        let bundle = d.bundle.as_ref().unwrap();
        assert_eq!(bundle.count, 3);
        assert_eq!(
            bundle.url,
            format!("/crossing-the-lines/year-{year}/crossing-the-lines-year-{year}-all-files.zip")
        );
    }
}
