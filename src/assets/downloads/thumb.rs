//! The first page of a PDF download, drawn small, so the downloads block shows what the file
//! looks like before anyone opens it (an image download shows the image itself).
//!
//! Drawn with hayro (a PDF renderer in Rust) at twice the width the theme shows, on white,
//! and written as WebP. Text in a font the PDF does not embed is drawn in Noto Sans. A PDF
//! that cannot be drawn (encrypted, damaged, a page of absurd size, or one the renderer
//! fails on) keeps the file icon: a thumbnail is never a reason to stop a build.

use std::io::Cursor;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::Arc;

use hayro::hayro_interpret::InterpreterSettings;
use hayro::hayro_interpret::font::{FontData, FontQuery, StandardFont};
use hayro::hayro_syntax::Pdf;
use hayro::vello_cpu::color::palette::css::WHITE;
use hayro::{RenderCache, RenderSettings, render};
use image::{DynamicImage, ImageFormat, RgbaImage};
use serde::Serialize;

use crate::assets::images::process::{Encoding, encode};
use crate::util::cache::{FileCache, Key};
use crate::util::fonts;

/// The width the theme shows a thumbnail at, in CSS pixels.
pub const SHOWN_WIDTH: u32 = 192;
/// The width it is drawn at: twice that, for sharp phone screens.
const DRAWN_WIDTH: f32 = (SHOWN_WIDTH * 2) as f32;
/// A page taller than this many times its width (a scroll, a banner) gets no thumbnail.
const MAX_ASPECT: f32 = 4.0;

/// A thumbnail as templates see it: `dl.thumb.url`, `.width`, `.height` (CSS pixels).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Thumb {
    pub url: String,
    pub width: u32,
    pub height: u32,
    /// Where it is written, relative to the output root, and its bytes.
    #[serde(skip)]
    pub file: (String, Arc<Vec<u8>>),
    /// Its key in the thumbnail cache.
    #[serde(skip)]
    pub cache_key: String,
}

/// The first page of the PDF `bytes` as a WebP `DRAWN_WIDTH` pixels wide, with its size in
/// CSS pixels, or `None` when it cannot be drawn.
pub fn first_page(bytes: &[u8], quality: u8) -> Option<(Vec<u8>, u32, u32)> {
    let pdf = Pdf::new(bytes.to_vec()).ok()?;
    let pages = pdf.pages();
    let page = pages.first()?;
    let (w, h) = page.render_dimensions();
    if !(w.is_finite() && h.is_finite() && w >= 1.0 && h >= 1.0 && h / w <= MAX_ASPECT) {
        return None;
    }
    let scale = DRAWN_WIDTH / w;
    let interpreter = InterpreterSettings {
        font_resolver: Arc::new(|query: &FontQuery| Some(font_for(query))),
        ..InterpreterSettings::default()
    };
    let settings = RenderSettings {
        x_scale: scale,
        y_scale: scale,
        bg_color: WHITE,
        ..RenderSettings::default()
    };
    // The renderer is young: a PDF it trips on must not take the build down with it.
    let pixmap = catch_unwind(AssertUnwindSafe(|| {
        render(page, &RenderCache::new(), &interpreter, &settings)
    }))
    .ok()?;
    let (pw, ph) = (u32::from(pixmap.width()), u32::from(pixmap.height()));
    let (width, height) = shown_size(pw, ph)?;
    let rgba: Vec<u8> = pixmap
        .take_unpremultiplied()
        .into_iter()
        .flat_map(|p| [p.r, p.g, p.b, p.a])
        .collect();
    let img = DynamicImage::ImageRgba8(RgbaImage::from_raw(pw, ph, rgba)?).to_rgb8();
    let webp = encode(&DynamicImage::ImageRgb8(img), Encoding::WebP, quality).ok()?;
    Some((webp, width, height))
}

/// The CSS size of a thumbnail drawn `pw` x `ph` pixels.
fn shown_size(pw: u32, ph: u32) -> Option<(u32, u32)> {
    if pw == 0 || ph == 0 {
        return None;
    }
    let height = (u64::from(ph) * u64::from(SHOWN_WIDTH) / u64::from(pw)).max(1);
    Some((SHOWN_WIDTH, u32::try_from(height).ok()?))
}

/// Drawn thumbnails, kept by a hash of the PDF and the quality.
pub const CACHE: FileCache = FileCache {
    dir: ".placard-cache/thumbs",
    ext: "webp",
};

/// [`first_page`], kept in the site's [`CACHE`] (an unchanged PDF is drawn once, not on every
/// build); also returns the cache key.
pub fn first_page_cached(
    root: &Path,
    bytes: &[u8],
    quality: u8,
) -> Option<(Vec<u8>, u32, u32, String)> {
    let mut key = Key::new("placard-thumb-1");
    key.add(&[quality]);
    key.add(bytes);
    let key = key.finish();
    let cached = CACHE.get(root, &key).and_then(|webp| {
        let reader = image::ImageReader::with_format(Cursor::new(&webp), ImageFormat::WebP);
        let (pw, ph) = reader.into_dimensions().ok()?;
        let (width, height) = shown_size(pw, ph)?;
        Some((webp, width, height))
    });
    let (webp, width, height) = match cached {
        Some(found) => found,
        None => {
            let made = first_page(bytes, quality)?;
            CACHE.put(root, &key, &made.0);
            made
        }
    };
    Some((webp, width, height, key))
}

/// Noto Sans, bold where the PDF asks for a bold font, for text whose font is not embedded.
fn font_for(query: &FontQuery) -> (FontData, u32) {
    let bold = match query {
        FontQuery::Standard(s) => matches!(
            s,
            StandardFont::HelveticaBold
                | StandardFont::HelveticaBoldOblique
                | StandardFont::CourierBold
                | StandardFont::CourierBoldOblique
                | StandardFont::TimesBold
                | StandardFont::TimesBoldItalic
        ),
        FontQuery::Fallback(f) => f.is_bold,
    };
    let data: FontData = Arc::new(if bold { fonts::SANS_BOLD } else { fonts::SANS });
    (data, 0)
}

/// `materials/session-plan.pdf` -> `materials/session-plan.page-1.1a2b3c4d.webp`: beside the
/// download, named after it, with a hash of its bytes so a new version gets a new name.
pub fn output_path(download: &str, webp: &[u8]) -> String {
    let stem = download
        .rsplit_once('.')
        .filter(|(s, _)| !s.is_empty() && !s.ends_with('/'))
        .map_or(download, |(s, _)| s);
    crate::assets::fingerprinted_name(&format!("{stem}.page-1.webp"), webp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_sit_beside_the_download() {
        let n = output_path("materials/plan.pdf", b"x");
        assert!(n.starts_with("materials/plan.page-1."), "{n}");
        assert!(n.ends_with(".webp"), "{n}");
        assert_ne!(n, output_path("materials/plan.pdf", b"y"));
    }

    #[test]
    fn what_is_not_a_drawable_pdf_gets_none() {
        assert!(first_page(b"not a pdf", 80).is_none());
        assert!(first_page(b"%PDF-1.4\n%%EOF", 80).is_none());
    }
}
