//! What every copied file goes through (page-bundle files, `static/`, downloads and the files
//! inside download ZIPs): images lose their metadata and SVGs that run code are refused.
//!
//! JPEG, PNG, WebP and GIF keep only pixels and what is needed to show them (the ICC colour
//! profile, transparency, animation); EXIF (with GPS location), XMP, IPTC, MPF, text chunks,
//! comments, thumbnails and anything after the image's end (where phones keep a second image,
//! a motion-photo video or an HDR gain map, each with its own EXIF) are dropped: see
//! [`jpeg`], [`png`], [`riff`] (WebP) and [`gif`]. A photo whose EXIF turns it (a phone held
//! sideways) is turned upright and encoded again ([`ORIENTED_QUALITY`]), since without its
//! EXIF it would show on its side. SVGs are checked by [`svg`].

mod gif;
mod jpeg;
mod png;
mod riff;
pub mod svg;

use std::borrow::Cow;
use std::io::Cursor;
use std::path::Path;

use image::ImageDecoder;
use image::metadata::Orientation;

use super::process::{self, Encoding};
use crate::error::Diagnostic;

/// The JPEG and WebP quality of a photo turned upright from its EXIF orientation.
pub const ORIENTED_QUALITY: u8 = 90;

/// The kinds of copied file this module rewrites or checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Jpeg,
    Png,
    WebP,
    Gif,
    Svg,
}

fn kind(rel: &str) -> Option<Kind> {
    let lower = rel.to_ascii_lowercase();
    let ext = lower.rsplit_once('.').map(|(_, e)| e)?;
    Some(match ext {
        "jpg" | "jpeg" => Kind::Jpeg,
        "png" => Kind::Png,
        "webp" => Kind::WebP,
        "gif" => Kind::Gif,
        "svg" => Kind::Svg,
        _ => return None,
    })
}

/// Is the file whole, by the structure of its format: a JPEG reaches its end marker, a PNG its
/// IEND chunk, a GIF its trailer, a WebP the size its header gives? Decoders fill what is
/// missing of a cut-short file with grey, so processed images are checked this way too.
pub fn check_whole(format: image::ImageFormat, bytes: &[u8]) -> Result<(), String> {
    use image::ImageFormat as F;
    match format {
        F::Jpeg => jpeg::strip(bytes).map(drop),
        F::Png => png::strip(bytes).map(drop),
        F::WebP => riff::strip(bytes).map(drop),
        F::Gif => gif::strip(bytes).map(drop),
        _ => Ok(()),
    }
}

/// Does `rel` name a file this module rewrites or checks when it is copied?
pub fn applies(rel: &str) -> bool {
    kind(rel).is_some()
}

/// The file as it is published: an image without its metadata, a checked SVG, other files as
/// they are. `shown` names it in errors.
pub fn strip<'a>(
    rel: &str,
    bytes: Cow<'a, [u8]>,
    shown: &Path,
) -> Result<Cow<'a, [u8]>, Diagnostic> {
    let Some(kind) = kind(rel) else {
        return Ok(bytes);
    };
    if kind == Kind::Svg {
        check_svg(&bytes, shown)?;
        return Ok(bytes);
    }
    let fail = |why: String| {
        Diagnostic::new(
            shown,
            format!(
                "the image {} is damaged, or is not the kind its name says ({why})",
                crate::error::display_path(shown)
            ),
        )
        .hint("open it in an image editor and save it again (placard removes location data from every image it copies, so it must be able to read it)")
    };
    let clean = |data: &[u8]| match kind {
        Kind::Jpeg => jpeg::strip(data),
        Kind::Png => png::strip(data),
        Kind::WebP => riff::strip(data),
        Kind::Gif => gif::strip(data),
        Kind::Svg => Ok(data.to_vec()),
    };
    let out = clean(&bytes).map_err(fail)?;
    // Only a file that had metadata can have an EXIF orientation.
    if out.len() == bytes.len() {
        return Ok(Cow::Owned(out));
    }
    match turn_upright(&bytes, kind).map_err(fail)? {
        Some(upright) => Ok(Cow::Owned(clean(&upright).map_err(fail)?)),
        None => Ok(Cow::Owned(out)),
    }
}

/// The image turned upright and encoded again, when its EXIF says it is turned; `None` when
/// it is upright already (or has no orientation).
fn turn_upright(bytes: &[u8], kind: Kind) -> Result<Option<Vec<u8>>, String> {
    let format = match kind {
        Kind::Jpeg => Encoding::Jpeg,
        Kind::Png => Encoding::Png,
        Kind::WebP => Encoding::WebP,
        Kind::Gif | Kind::Svg => return Ok(None),
    };
    let mut decoder = image::ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .ok()
        .and_then(|r| r.into_decoder().ok());
    let turned = decoder
        .as_mut()
        .and_then(|d| d.orientation().ok())
        .is_some_and(|o| o != Orientation::NoTransforms);
    if !turned {
        return Ok(None);
    }
    // The colour profile is what the pixels mean: it stays (only metadata goes).
    let icc = decoder.and_then(|mut d| d.icc_profile().ok().flatten());
    let (img, _, _share) = process::decode(bytes).map_err(|p| format!("{p:?}"))?;
    process::encode_with_profile(&img, format, ORIENTED_QUALITY, icc)
        .map(Some)
        .map_err(|p| format!("{p:?}"))
}

/// Refuses an SVG that runs code or loads from another site, naming the place.
fn check_svg(bytes: &[u8], shown: &Path) -> Result<(), Diagnostic> {
    let text = String::from_utf8_lossy(bytes);
    let Err(problem) = svg::check(&text) else {
        return Ok(());
    };
    Err(Diagnostic::new(
        shown,
        format!(
            "the SVG {} is not safe to publish: {}",
            crate::error::display_path(shown),
            problem.what
        ),
    )
    .at_offset(&text, problem.offset)
    .hint("an SVG opened at its own address runs its scripts on the campaign's site: remove the script, event handler or outside reference (in Inkscape: Save As > Optimized or Plain SVG, with scripts removed), or publish a PNG instead"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segment(marker: u8, contents: &[u8]) -> Vec<u8> {
        let len = u16::try_from(contents.len() + 2).unwrap().to_be_bytes();
        [&[0xFF, marker][..], &len, contents].concat()
    }

    #[test]
    fn a_turned_photo_is_upright_and_keeps_its_colour_profile() {
        let img = image::DynamicImage::ImageRgb8(image::RgbImage::from_fn(8, 4, |x, _| {
            image::Rgb([(x * 30) as u8, 0, 0])
        }));
        let plain = process::encode(&img, Encoding::Jpeg, 90).unwrap();
        // EXIF with orientation 6 (turned 90 degrees), then an ICC profile.
        let exif = b"Exif\0\0II*\0\x08\0\0\0\x01\0\x12\x01\x03\0\x01\0\0\0\x06\0\0\0\0\0\0\0";
        let icc = b"ICC_PROFILE\0\x01\x01my colour profile";
        let photo = [
            &plain[..2],
            &segment(0xE1, exif),
            &segment(0xE2, icc),
            &plain[2..],
        ]
        .concat();
        let out = strip("photo.jpg", Cow::Owned(photo), Path::new("photo.jpg")).unwrap();
        let found = |needle: &[u8]| out.windows(needle.len()).any(|w| w == needle);
        assert!(!found(b"Exif"), "the EXIF stayed");
        assert!(found(b"my colour profile"), "the colour profile went");
        let upright = image::load_from_memory(&out).unwrap();
        assert_eq!((upright.width(), upright.height()), (4, 8));
    }

    #[test]
    fn other_files_are_untouched() {
        let b = strip("css/site.css", Cow::Borrowed(b"body{}"), Path::new("x")).unwrap();
        assert_eq!(&*b, b"body{}");
    }

    #[test]
    fn a_damaged_jpeg_is_an_error_naming_it() {
        let e = strip(
            "x.jpg",
            Cow::Borrowed(b"not a jpeg"),
            Path::new("static/x.jpg"),
        )
        .unwrap_err();
        assert_eq!(e.path, Path::new("static/x.jpg"));
    }
}
