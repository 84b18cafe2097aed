//! A JPEG rewritten with only what is needed to show it: the frame, its tables and scans,
//! the JFIF header (without its thumbnail), the ICC colour profile and Adobe's colour
//! transform. EXIF (with GPS), XMP, IPTC, MPF (APP2), every other APPn, comments and
//! everything after the end marker (where phones keep a second image, a motion-photo video or
//! an HDR gain map, each with its own EXIF) are dropped.

const SOI: u8 = 0xD8;
const EOI: u8 = 0xD9;
const SOS: u8 = 0xDA;
const APP0: u8 = 0xE0;
const APP2: u8 = 0xE2;
const APP14: u8 = 0xEE;
const COM: u8 = 0xFE;

/// What to do with one marker segment.
enum Keep {
    All,
    /// The JFIF header, with its thumbnail size set to 0x0 and the thumbnail dropped.
    JfifWithoutThumbnail,
    Drop,
}

fn keep(marker: u8, contents: &[u8]) -> Keep {
    match marker {
        APP0 if contents.starts_with(b"JFIF\0") && contents.len() >= 14 => {
            Keep::JfifWithoutThumbnail
        }
        APP2 if contents.starts_with(b"ICC_PROFILE\0") => Keep::All,
        APP14 if contents.starts_with(b"Adobe") => Keep::All,
        0xE0..=0xEF | COM => Keep::Drop,
        _ => Keep::All,
    }
}

/// Markers that stand alone, without a length: TEM and the restart markers.
fn standalone(marker: u8) -> bool {
    marker == 0x01 || (0xD0..=0xD7).contains(&marker)
}

/// The JPEG without its metadata, or why it cannot be read.
pub fn strip(data: &[u8]) -> Result<Vec<u8>, String> {
    if data.len() < 4 || data[0] != 0xFF || data[1] != SOI {
        return Err("it does not start like a JPEG".into());
    }
    let mut out = Vec::with_capacity(data.len());
    out.extend_from_slice(&[0xFF, SOI]);
    let mut i = 2;
    let mut frame = false;
    loop {
        // Skip to the next marker (decoders skip stray bytes between segments the same way).
        while i < data.len() && data[i] != 0xFF {
            i += 1;
        }
        while i < data.len() && data[i] == 0xFF {
            i += 1;
        }
        let Some(&marker) = data.get(i) else {
            // Decoders show the missing rows of a cut-short JPEG as grey: refuse it.
            if !frame {
                return Err("it has no image data".into());
            }
            return Err("it is cut short (its image data stops before the end marker)".into());
        };
        i += 1;
        if marker == EOI {
            out.extend_from_slice(&[0xFF, EOI]);
            // Whatever follows (a second image, a video) is not part of this image.
            return Ok(out);
        }
        if marker == SOI || marker == 0 {
            return Err("it is damaged (a marker where image data was expected)".into());
        }
        if standalone(marker) {
            out.extend_from_slice(&[0xFF, marker]);
            continue;
        }
        let len = match data.get(i..i + 2) {
            Some(b) => usize::from(u16::from_be_bytes([b[0], b[1]])),
            None => return Err("it is cut short".into()),
        };
        let Some(contents) = data.get(i + 2..i + len).filter(|_| len >= 2) else {
            return Err("it is cut short".into());
        };
        match keep(marker, contents) {
            Keep::All => {
                out.extend_from_slice(&[0xFF, marker]);
                out.extend_from_slice(&data[i..i + len]);
            }
            Keep::JfifWithoutThumbnail => {
                out.extend_from_slice(&[0xFF, APP0, 0, 16]);
                out.extend_from_slice(&contents[..12]);
                out.extend_from_slice(&[0, 0]);
            }
            Keep::Drop => {}
        }
        i += len;
        if (0xC0..=0xCF).contains(&marker) && !matches!(marker, 0xC4 | 0xC8 | 0xCC) {
            frame = true;
        }
        if marker == SOS {
            let end = entropy_end(data, i);
            out.extend_from_slice(&data[i..end]);
            i = end;
        }
    }
}

/// Where the entropy-coded data starting at `from` ends: at the first marker that is not a
/// stuffed zero (`FF 00`) or a restart marker.
fn entropy_end(data: &[u8], from: usize) -> usize {
    let mut i = from;
    while let Some(step) = data
        .get(i..)
        .and_then(|d| d.iter().position(|b| *b == 0xFF))
    {
        i += step;
        match data.get(i + 1) {
            Some(0) | Some(0xD0..=0xD7) => i += 2,
            Some(_) => return i,
            None => break,
        }
    }
    data.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segment(marker: u8, contents: &[u8]) -> Vec<u8> {
        let len = u16::try_from(contents.len() + 2).unwrap().to_be_bytes();
        [&[0xFF, marker], &len[..], contents].concat()
    }

    fn tiny_jpeg() -> Vec<u8> {
        let mut buf = Vec::new();
        image::DynamicImage::new_rgb8(8, 8)
            .write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(
                &mut buf, 80,
            ))
            .unwrap();
        buf
    }

    #[test]
    fn metadata_and_trailing_data_go_pixels_stay() {
        let base = tiny_jpeg();
        let mut with = vec![0xFF, SOI];
        with.extend(segment(APP0, b"JFIF\0\x01\x02\0\0\x01\0\x01\x01\x01RGB"));
        with.extend(segment(0xE1, b"Exif\0\0GPS here"));
        with.extend(segment(0xE1, b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta/>"));
        with.extend(segment(APP2, b"MPF\0II*\0"));
        with.extend(segment(APP2, b"ICC_PROFILE\0\x01\x01colour"));
        with.extend(segment(0xED, b"Photoshop 3.0\0IPTC"));
        with.extend(segment(COM, b"taken at the refuge"));
        with.extend_from_slice(&base[2..]);
        with.extend_from_slice(&base);
        with.extend_from_slice(b"Exif GPS motion photo");
        let out = strip(&with).unwrap();
        for needle in [
            &b"Exif"[..],
            b"GPS",
            b"xmpmeta",
            b"MPF",
            b"IPTC",
            b"refuge",
            b"RGB",
        ] {
            assert!(
                !out.windows(needle.len()).any(|w| w == needle),
                "{needle:?}"
            );
        }
        assert!(
            out.windows(6).any(|w| w == b"colour"),
            "the ICC profile stays"
        );
        assert!(out.ends_with(&[0xFF, EOI]));
        let a = image::load_from_memory(&base).unwrap().to_rgb8();
        let b = image::load_from_memory(&out).unwrap().to_rgb8();
        assert_eq!(a, b);
    }

    #[test]
    fn damaged_files_are_errors() {
        assert!(strip(b"not a jpeg").is_err());
        assert!(strip(&[0xFF, SOI, 0xFF, 0xE1, 0x40, 0x00, 1, 2]).is_err());
        assert!(strip(&[0xFF, SOI, 0xFF, 0xE1]).is_err());
        // Cut inside the image data, with no end marker.
        let whole = tiny_jpeg();
        let cut = strip(&whole[..whole.len() - 3]).unwrap_err();
        assert!(cut.contains("cut short"), "{cut}");
    }
}
