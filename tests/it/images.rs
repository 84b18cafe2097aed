//! Responsive images: `<picture>` markup, variants, EXIF orientation and metadata stripping,
//! the cache, `resize_image`, and every kind of bad image.

use std::io::Cursor;

use crate::util::{Site, fails_and_keeps_output};

const PAGE: &str = "content/news/launch/index.md";

/// The `src` and `srcset` URLs of the output HTML, and the attributes of each `<img>`.
fn imgs(html: &str) -> Vec<String> {
    html.split("<img ")
        .skip(1)
        .map(|s| s.split('>').next().unwrap_or("").to_string())
        .collect()
}

#[test]
fn images_become_pictures_with_widths_formats_and_dimensions() {
    let site = Site::new("images/basic");
    site.build_ok();
    let html = site.read("news/launch/index.html");
    let imgs = imgs(&html);
    assert_eq!(imgs.len(), 4, "{html}");
    // Widths 16 and 32 from placard.yaml, and the photo's own 48 instead of 100 (never
    // upscaled); the 64x48 photo is turned upright (EXIF orientation 6), so 48x64.
    let first = &imgs[0];
    for needle in [
        r#"alt="A volunteer handing out leaflets""#,
        r#"title="At the launch""#,
        r#"width="48" height="64""#,
        r#"loading="eager""#,
        r#"decoding="async""#,
        "16x21.jpg 16w",
        "32x43.jpg 32w",
        "48x64.jpg 48w",
        r#"sizes="(min-width: 46rem) 46rem, 100vw""#,
    ] {
        assert!(first.contains(needle), "{needle} missing: {first}");
    }
    assert!(!first.contains("100w"), "{first}");
    assert!(
        html.contains(r#"<picture><source type="image/webp" srcset="/processed-images/gps."#),
        "{html}"
    );
    assert!(html.contains("48x64.webp 48w"), "{html}");
    // Later images are lazy; the decorative one has an empty alt and no title.
    let banner = &imgs[1];
    assert!(
        banner.contains(r#"alt="""#)
            && !banner.contains("title=")
            && banner.contains(r#"loading="lazy""#)
            && banner.contains(r#"width="40" height="20""#),
        "{banner}"
    );
    // The figure component uses the same machinery.
    let figure = html.split("<figure").nth(1).unwrap_or("");
    assert!(figure.contains("<picture>"), "{figure}");
    assert!(
        imgs[2].contains(r#"alt="The launch, again""#) && imgs[2].contains(r#"loading="lazy""#),
        "{}",
        imgs[2]
    );
    // External images are left alone.
    assert!(imgs[3].contains(r#"src="https://example.org/logo.png""#));

    // Every file in srcset exists, in the format its name says, at the size it says.
    let files = site.output_files();
    let made: Vec<_> = files
        .keys()
        .filter(|k| k.starts_with("processed-images/"))
        .collect();
    assert_eq!(made.len(), 12, "{made:?}");
    for name in &made {
        assert!(html.contains(name.as_str()), "{name} not used");
        let bytes = &files[name.as_str()];
        let format = image::guess_format(bytes).unwrap();
        let expected = match name.rsplit('.').next() {
            Some("webp") => image::ImageFormat::WebP,
            Some("jpg") => image::ImageFormat::Jpeg,
            _ => image::ImageFormat::Png,
        };
        assert_eq!(format, expected, "{name}");
        let img = image::load_from_memory(bytes).unwrap();
        let size = format!(".{}x{}.", img.width(), img.height());
        assert!(name.contains(&size), "{name} is {size}");
    }
}

#[test]
fn exif_orientation_is_applied() {
    let site = Site::new("images/basic");
    site.build_ok();
    let files = site.output_files();
    let (_, bytes) = files
        .iter()
        .find(|(k, _)| k.ends_with(".48x64.jpg"))
        .expect("the full-size JPEG");
    let img = image::load_from_memory(bytes).unwrap().to_rgb8();
    // The source is red on the left, blue on the right; turned clockwise, red is on top.
    let top = img.get_pixel(24, 4);
    let bottom = img.get_pixel(24, 60);
    assert!(top[0] > 150 && top[2] < 100, "top is {top:?}");
    assert!(bottom[2] > 150 && bottom[0] < 100, "bottom is {bottom:?}");
}

/// Does the file have any GPS tag? (Partial results count: the fixtures' EXIF, as written by
/// piexif, has a next-IFD pointer kamadak-exif calls unexpected.)
fn has_gps(bytes: &[u8]) -> bool {
    let read = exif::Reader::new()
        .continue_on_error(true)
        .read_from_container(&mut Cursor::new(bytes));
    let exif = match read {
        Ok(e) => e,
        Err(exif::Error::PartialResult(p)) => p.into_inner().0,
        Err(_) => return false,
    };
    exif.fields().any(|f| f.tag.context() == exif::Context::Gps)
}

#[test]
fn gps_and_other_metadata_never_reach_the_output() {
    let site = Site::new("images/basic");
    // The fixtures do have GPS tags (made by make_fixtures.py).
    let source = std::fs::read(site.root().join("content/news/launch/gps.jpg")).unwrap();
    assert!(has_gps(&source));
    let banner = std::fs::read(site.root().join("static/images/banner.png")).unwrap();
    assert!(has_gps(&banner));
    // The bundle's original is published only when asked for (or linked): ask, to see it
    // copied without its metadata.
    let config = std::fs::read_to_string(site.root().join("placard.yaml")).unwrap();
    site.write(
        "placard.yaml",
        config.replace("images:\n", "images:\n  publish_originals: true\n"),
    );
    site.build_ok();
    let files = site.output_files();
    let images: Vec<_> = files
        .iter()
        .filter(|(k, _)| [".jpg", ".png", ".webp"].iter().any(|e| k.ends_with(e)))
        .collect();
    // 12 variants, the bundle's photo and the static banner (both copied as they are).
    assert_eq!(images.len(), 14);
    assert!(files.contains_key("news/launch/gps.jpg"));
    assert!(files.contains_key("images/banner.png"));
    for (name, bytes) in images {
        assert!(!has_gps(bytes), "{name} has GPS tags");
        let text = String::from_utf8_lossy(bytes);
        assert!(
            !text.contains("PlacardTestCam") && !text.contains("safe house"),
            "{name} has metadata"
        );
        assert!(image::load_from_memory(bytes).is_ok(), "{name} is broken");
    }
}

fn cache_entries(site: &Site) -> usize {
    std::fs::read_dir(site.root().join(".placard-cache/images"))
        .map(|d| d.count())
        .unwrap_or(0)
}

#[test]
fn a_second_build_takes_images_from_the_cache_and_unused_entries_are_pruned() {
    let site = Site::new("images/basic");
    let first = site.build_ok();
    assert!(
        first
            .stdout
            .contains("Images: 2 processed, 0 from the cache."),
        "{}",
        first.stdout
    );
    let before = site.output_files();
    assert_eq!(cache_entries(&site), 2);
    let second = site.build_ok();
    assert!(
        second
            .stdout
            .contains("Images: 0 processed, 2 from the cache."),
        "{}",
        second.stdout
    );
    assert!(before == site.output_files(), "the output changed");
    // Without the banner, its entry goes; a deleted cache is rebuilt byte for byte.
    site.write(PAGE, "---\ntitle: Launch\n---\n![A volunteer](gps.jpg)\n");
    let third = site.build_ok();
    assert!(
        third
            .stdout
            .contains("Images: 0 processed, 1 from the cache."),
        "{}",
        third.stdout
    );
    assert_eq!(cache_entries(&site), 1);
    std::fs::remove_dir_all(site.root().join(".placard-cache")).unwrap();
    let again = site.build_ok();
    assert!(
        again
            .stdout
            .contains("Images: 1 processed, 0 from the cache.")
    );
    let cache = site.root().join(".placard-cache/images");
    assert!(cache.is_dir() && !site.out().join(".placard-cache").exists());
}

#[test]
fn an_image_without_alt_text_is_an_error_with_file_and_line() {
    let run = fails_and_keeps_output("images/basic", |site| {
        site.write(PAGE, "---\ntitle: Launch\n---\nIntro.\n\n![](gps.jpg)\n");
    });
    run.stderr_has(&[
        "the image `gps.jpg` has no alternative text",
        "content/news/launch/index.md:6:1",
        "![A volunteer handing out leaflets](gps.jpg)",
        "![](gps.jpg \"decorative\")",
    ]);
}

#[test]
fn a_figure_without_alt_is_an_error() {
    let run = fails_and_keeps_output("images/basic", |site| {
        site.write(
            PAGE,
            "---\ntitle: Launch\n---\n{{ figure(src=\"gps.jpg\") }}\n",
        );
    });
    run.stderr_has(&["content/news/launch/index.md:4:1", "needs alt="]);
}

#[test]
fn a_missing_image_is_an_error_with_file_and_line() {
    let run = fails_and_keeps_output("images/basic", |site| {
        site.write(
            PAGE,
            "---\ntitle: Launch\n---\n![A photo](gone.jpg)\n\n![B](/images/gone.png)\n",
        );
    });
    run.stderr_has(&[
        "content/news/launch/index.md:4:1",
        "there is no file content/news/launch/gone.jpg",
        "content/news/launch/index.md:6:1",
        "there is no file static/images/gone.png",
    ]);
}

/// Replaces the page with one showing `name`, written with `bytes`; the build must fail
/// naming the image and saying `says`.
fn bad_image(name: &str, bytes: &[u8], says: &str) {
    let run = fails_and_keeps_output("images/basic", |site| {
        site.write(&format!("content/news/launch/{name}"), bytes);
        site.write(
            PAGE,
            format!("---\ntitle: Launch\n---\n![A photo]({name})\n"),
        );
    });
    run.stderr_has(&[&format!("content/news/launch/{name}"), says]);
}

fn small_jpeg() -> Vec<u8> {
    let mut out = Vec::new();
    image::DynamicImage::new_rgb8(40, 30)
        .write_to(&mut Cursor::new(&mut out), image::ImageFormat::Jpeg)
        .unwrap();
    out
}

#[test]
fn a_corrupt_image_is_an_error_naming_it() {
    bad_image(
        "corrupt.jpg",
        b"\xff\xd8\xff\xe0 this is not a photo",
        "damaged",
    );
}

#[test]
fn a_truncated_image_is_an_error_naming_it() {
    let jpeg = small_jpeg();
    bad_image("cut.jpg", &jpeg[..jpeg.len() / 2], "damaged or cut short");
}

#[test]
fn an_unsupported_image_is_an_error_naming_it() {
    bad_image(
        "notes.heic",
        b"just some text",
        "cannot read this kind of image",
    );
}

#[test]
fn an_empty_image_is_an_error_naming_it() {
    bad_image("empty.png", b"", "this image file is empty");
}

#[test]
fn a_decompression_bomb_is_an_error_naming_it() {
    // A JPEG whose header claims 60000 x 60000 pixels.
    let mut jpeg = small_jpeg();
    let sof = jpeg
        .windows(2)
        .position(|w| w == [0xFF, 0xC0])
        .expect("a baseline JPEG");
    jpeg[sof + 5..sof + 9].copy_from_slice(&[0xEA, 0x60, 0xEA, 0x60]);
    bad_image("huge.jpg", &jpeg, "too large");
}

#[test]
fn an_image_over_the_pixel_budget_is_an_error_naming_it() {
    // 10000 x 6000 is within the widest side placard decodes, but 60 million pixels: over
    // the budget of 50 million one image may have.
    let mut jpeg = small_jpeg();
    let sof = jpeg
        .windows(2)
        .position(|w| w == [0xFF, 0xC0])
        .expect("a baseline JPEG");
    jpeg[sof + 5..sof + 9].copy_from_slice(&[0x17, 0x70, 0x27, 0x10]);
    bad_image(
        "wide.jpg",
        &jpeg,
        "10000 x 6000 is 60 million pixels, over the limit of 50 million",
    );
}

#[test]
fn a_damaged_image_copied_as_it_is_is_an_error_naming_it() {
    let run = fails_and_keeps_output("images/basic", |site| {
        site.write("static/images/broken.jpg", b"not a jpeg at all");
    });
    run.stderr_has(&["static/images/broken.jpg", "damaged"]);
}

#[test]
fn resize_image_makes_one_image_per_call() {
    let site = Site::new("images/resize");
    site.build_ok();
    let html = site.read("index.html");
    for (line, size, format) in [
        ("a=", "20x10", "png"),
        ("b=", "10x10", "webp"),
        ("c=", "10x5", "png"),
        ("d=", "24x32", "jpg"),
        ("e=", "7x9", "png"),
    ] {
        let l = html
            .lines()
            .find(|l| l.starts_with(line))
            .unwrap_or_else(|| panic!("{line} missing:\n{html}"));
        let url = l[2..].split(' ').next().unwrap();
        assert!(l.ends_with(&format!(" {size} {format}")), "{l}");
        assert!(
            url.starts_with("/processed-images/") && url.ends_with(&format!(".{size}.{format}"))
        );
        let bytes = std::fs::read(site.out().join(&url[1..])).unwrap();
        let img = image::load_from_memory(&bytes).unwrap();
        assert_eq!(format!("{}x{}", img.width(), img.height()), size);
    }
}

#[test]
fn resize_image_errors_name_the_template() {
    let run = fails_and_keeps_output("images/resize", |site| {
        site.write(
            "templates/index.html",
            "{% set r = resize_image(path=\"images/banner.png\", width=5, op=\"squash\") %}{{ r.url }}\n",
        );
    });
    run.stderr_has(&["templates/index.html", "op `squash` is not one of"]);
    let run = fails_and_keeps_output("images/resize", |site| {
        site.write(
            "templates/index.html",
            "{% set r = resize_image(path=\"images/nope.png\", width=5) %}{{ r.url }}\n",
        );
    });
    run.stderr_has(&[
        "templates/index.html",
        "there is no image `images/nope.png`",
    ]);
}

#[test]
fn image_options_are_checked() {
    let run = fails_and_keeps_output("images/basic", |site| {
        site.write(
            "placard.yaml",
            "title: Images\nimages:\n  widths: []\n  quality: 0\n",
        );
    });
    run.stderr_has(&[
        "placard.yaml:3:",
        "images.widths",
        "placard.yaml:4:",
        "not 1 to 100",
    ]);
    let run = fails_and_keeps_output("images/basic", |site| {
        site.write("placard.yaml", "title: Images\nimages:\n  with: [1]\n");
    });
    run.stderr_has(&["unknown field `with`"]);
}

#[test]
fn a_downloadable_image_loses_its_metadata_and_the_manifest_describes_the_copy() {
    use sha2::{Digest, Sha256};
    let site = Site::new("downloads/base");
    let banner = crate::util::fixtures().join("images/basic/static/images/banner.png");
    let with_gps = std::fs::read(banner).unwrap();
    assert!(has_gps(&with_gps));
    site.write("static/files/poster.png", &with_gps);
    site.build_ok();
    let published = std::fs::read(site.out().join("files/poster.png")).unwrap();
    assert!(!has_gps(&published));
    let manifest: serde_json::Value = serde_json::from_str(&site.read("downloads.json")).unwrap();
    let poster = manifest["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["url"] == "/files/poster.png")
        .unwrap();
    let hash: String = Sha256::digest(&published)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(poster["sha256"], hash.as_str());
    assert_eq!(poster["size"], published.len());
}
