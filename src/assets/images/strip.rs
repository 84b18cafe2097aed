//! Removing metadata from image files copied unchanged (page-bundle files, static/): EXIF
//! (with GPS location), XMP, IPTC and comments go; pixels, colour profiles and everything
//! else needed to show the image stay, byte for byte.

use std::borrow::Cow;
use std::path::Path;

use img_parts::{Bytes, ImageEXIF};

use crate::error::Diagnostic;

/// JPEG markers kept: APP0 (JFIF), APP2 (ICC colour profile), APP14 (Adobe colour transform);
/// every other APPn segment (APP1 EXIF/XMP, APP13 IPTC, ...) and comments (COM) go.
fn keep_jpeg_marker(marker: u8) -> bool {
    const APP0: u8 = 0xE0;
    const APP2: u8 = 0xE2;
    const APP14: u8 = 0xEE;
    const COM: u8 = 0xFE;
    match marker {
        APP0 | APP2 | APP14 => true,
        m if (0xE0..=0xEF).contains(&m) => false,
        COM => false,
        _ => true,
    }
}

/// PNG chunks removed: EXIF, text (XMP lives in iTXt) and the modification time.
const PNG_DROP: [&[u8; 4]; 5] = [b"eXIf", b"tEXt", b"zTXt", b"iTXt", b"tIME"];

/// Does `rel` name an image whose metadata is removed when copied?
pub fn applies(rel: &str) -> bool {
    let lower = rel.to_ascii_lowercase();
    [".jpg", ".jpeg", ".png", ".webp"]
        .iter()
        .any(|e| lower.ends_with(e))
}

/// The file without its metadata; other files as they are. `shown` names it in errors.
pub fn strip<'a>(
    rel: &str,
    bytes: Cow<'a, [u8]>,
    shown: &Path,
) -> Result<Cow<'a, [u8]>, Diagnostic> {
    if !applies(rel) {
        return Ok(bytes);
    }
    let lower = rel.to_ascii_lowercase();
    let data = Bytes::copy_from_slice(&bytes);
    let fail = |e: img_parts::Error| {
        Diagnostic::new(
            shown,
            format!("this image is damaged, or is not the kind its name says ({e})"),
        )
        .hint("open it in an image editor and save it again (placard removes location data from every image it copies, so it must be able to read it)")
    };
    let out = if lower.ends_with(".png") {
        let mut png = img_parts::png::Png::from_bytes(data).map_err(fail)?;
        png.chunks_mut()
            .retain(|c| !PNG_DROP.iter().any(|k| **k == c.kind()));
        png.encoder().bytes()
    } else if lower.ends_with(".webp") {
        let mut webp = img_parts::webp::WebP::from_bytes(data).map_err(fail)?;
        webp.remove_chunks_by_id(*b"XMP ");
        // Also recomputes the header's flags.
        webp.set_exif(None);
        webp.encoder().bytes()
    } else {
        let mut jpeg = img_parts::jpeg::Jpeg::from_bytes(data).map_err(fail)?;
        jpeg.segments_mut().retain(|s| keep_jpeg_marker(s.marker()));
        jpeg.encoder().bytes()
    };
    Ok(Cow::Owned(out.to_vec()))
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn png_text_chunks_go() {
        let mut png = Vec::new();
        image::DynamicImage::new_rgb8(2, 2)
            .write_with_encoder(image::codecs::png::PngEncoder::new(&mut png))
            .unwrap();
        let mut p = img_parts::png::Png::from_bytes(Bytes::from(png)).unwrap();
        let chunk = img_parts::png::PngChunk::new(*b"tEXt", Bytes::from_static(b"GPS\0here"));
        p.chunks_mut().insert(1, chunk);
        let with = p.encoder().bytes().to_vec();
        let out = strip("a.png", Cow::Owned(with), Path::new("a.png")).unwrap();
        assert!(!out.windows(4).any(|w| w == b"tEXt"));
        assert!(image::load_from_memory(&out).is_ok());
    }
}
