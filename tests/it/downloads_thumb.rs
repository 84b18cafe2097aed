//! A PDF download shows its first page, drawn at build time, in the downloads block.

use lopdf::{Document, Object, Stream, dictionary};

use crate::util::Site;

const FIXTURE: &str = "downloads/thumb";

/// A one-page PDF `width` x `height` points: a black bar across the top quarter and a line of
/// text in Helvetica, not embedded.
fn pdf(width: i64, height: i64) -> Vec<u8> {
    let mut doc = Document::with_version("1.4");
    let pages_id = doc.new_object_id();
    let font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    let content = format!(
        "0 0 0 rg 0 {} {} {} re f BT /F1 40 Tf 10 {} Td (Report it) Tj ET",
        height * 3 / 4,
        width,
        height / 4,
        height / 3
    );
    let content = doc.add_object(Stream::new(dictionary! {}, content.into_bytes()));
    let page = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "MediaBox" => vec![0.into(), 0.into(), width.into(), height.into()],
        "Contents" => content,
        "Resources" => dictionary! { "Font" => dictionary! { "F1" => font } },
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1,
        }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("the test PDF is written");
    out
}

fn site() -> Site {
    let site = Site::new(FIXTURE);
    site.write("content/leaflets/leaflet.pdf", pdf(200, 300));
    site.write("content/leaflets/broken.pdf", pdf(100, 500));
    site
}

#[test]
fn a_pdf_shows_its_first_page_drawn_small() {
    let site = site();
    site.build_ok();
    let html = site.read("leaflets/index.html");
    let start = html
        .find(r#"<img class="download__thumb" src="/leaflets/leaflet.page-1."#)
        .unwrap_or_else(|| panic!("no thumbnail of the leaflet: {html}"));
    let tag = &html[start..start + html[start..].find('>').unwrap_or(0)];
    // Shown 192 CSS pixels wide, the page's height in proportion (300/200).
    assert!(tag.contains(r#"width="192" height="288""#), "{tag}");
    assert!(
        tag.contains(r#"alt="""#),
        "decorative: the link says what it is: {tag}"
    );
    let src = tag.split('"').nth(3).unwrap_or_default();
    assert!(src.ends_with(".webp"), "{src}");
    let bytes = std::fs::read(site.out().join(src.trim_start_matches('/'))).unwrap();
    let img = image::load_from_memory(&bytes)
        .expect("a WebP image")
        .to_luma8();
    assert_eq!(
        (img.width(), img.height()),
        (384, 576),
        "drawn at twice the width"
    );
    // The bar across the top quarter is black, the middle of the page white.
    assert!(img.get_pixel(192, 40)[0] < 40, "the bar");
    assert!(img.get_pixel(192, 250)[0] > 215, "the paper");
    // The text, in a font the PDF does not embed, is drawn (in Noto Sans): dark pixels in its row.
    let text_row = 576 - 576 / 3 - 10;
    let dark = (0..384)
        .filter(|&x| img.get_pixel(x, text_row)[0] < 128)
        .count();
    assert!(
        dark > 10,
        "no text drawn in row {text_row} ({dark} dark pixels)"
    );
    // A page four times taller than wide gets the file icon, and the build goes on.
    let broken_at = html.find("A PDF the renderer cannot draw").unwrap();
    let before = &html[..broken_at];
    let item = &before[before.rfind("attachment__thumbnail").unwrap_or(0)..];
    assert!(!item.contains("<img"), "{item}");
    assert!(item.contains("<svg"), "the file icon: {item}");
}

#[test]
fn thumbnails_are_the_same_bytes_every_build() {
    let site = site();
    site.build_ok();
    let first = site.output_files();
    site.build_ok();
    let second = site.output_files();
    let thumbs: Vec<_> = first.keys().filter(|k| k.ends_with(".webp")).collect();
    assert_eq!(thumbs.len(), 1, "{thumbs:?}");
    assert_eq!(first, second);
}

/// The files in the site's thumbnail cache.
fn cached(site: &Site) -> Vec<std::path::PathBuf> {
    let dir = site.root().join(".placard-cache/thumbs");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    files
}

#[test]
fn a_thumbnail_is_drawn_once_kept_in_the_cache_and_pruned_when_its_pdf_changes() {
    let site = site();
    site.build_ok();
    let first = cached(&site);
    assert_eq!(
        first.len(),
        1,
        "one drawable PDF, one cached thumbnail: {first:?}"
    );
    // A build with the PDF unchanged takes the cached picture and does not draw it again: a
    // wide stand-in put in its place shows up with its own height (384 x 100 -> 192 x 50).
    let wide = image::DynamicImage::new_rgb8(384, 100);
    let mut bytes = Vec::new();
    wide.write_to(
        &mut std::io::Cursor::new(&mut bytes),
        image::ImageFormat::WebP,
    )
    .unwrap();
    std::fs::write(&first[0], &bytes).unwrap();
    site.build_ok();
    let html = site.read("leaflets/index.html");
    assert!(
        html.contains(r#"width="192" height="50""#),
        "the cached thumbnail was not used: {html}"
    );
    // A new version of the PDF is drawn again, and the old picture leaves the cache.
    site.write("content/leaflets/leaflet.pdf", pdf(300, 300));
    site.build_ok();
    let second = cached(&site);
    assert_eq!(second.len(), 1, "{second:?}");
    assert_ne!(second, first);
    let html = site.read("leaflets/index.html");
    assert!(html.contains(r#"width="192" height="192""#), "{html}");
}
