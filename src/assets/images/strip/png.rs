//! A PNG rewritten with only the chunks needed to show it (the image, its palette and
//! transparency, colour space, ICC profile, pixel density and APNG animation); text (where
//! XMP lives), EXIF, times, C2PA manifests, private chunks and anything after `IEND` go.

const SIGNATURE: &[u8; 8] = b"\x89PNG\r\n\x1a\n";

/// The chunks kept; every other one is dropped.
const KEEP: [&[u8; 4]; 17] = [
    b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"sBIT",
    b"bKGD", b"pHYs", b"acTL", b"fcTL", b"fdAT", b"cICP", b"mDCV",
];

/// The PNG without its metadata, or why it cannot be read.
pub fn strip(data: &[u8]) -> Result<Vec<u8>, String> {
    if !data.starts_with(SIGNATURE) {
        return Err("it does not start like a PNG".into());
    }
    let mut out = Vec::with_capacity(data.len());
    out.extend_from_slice(SIGNATURE);
    let mut i = SIGNATURE.len();
    while let Some(head) = data.get(i..i + 8) {
        let len = u32::from_be_bytes([head[0], head[1], head[2], head[3]]) as usize;
        let kind = &head[4..8];
        let end = i
            .checked_add(12)
            .and_then(|n| n.checked_add(len))
            .filter(|n| *n <= data.len())
            .ok_or("it is cut short")?;
        if KEEP.iter().any(|k| &k[..] == kind) {
            out.extend_from_slice(&data[i..end]);
        }
        i = end;
        if kind == b"IEND" {
            return Ok(out);
        }
    }
    Err("it is cut short (it has no IEND chunk)".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let len = u32::try_from(data.len()).unwrap().to_be_bytes();
        [&len[..], kind, data, &[0, 0, 0, 0]].concat()
    }

    #[test]
    fn text_exif_and_trailing_data_go() {
        let mut png = Vec::new();
        image::DynamicImage::new_rgb8(2, 2)
            .write_with_encoder(image::codecs::png::PngEncoder::new(&mut png))
            .unwrap();
        // After IHDR (8 + 25 bytes).
        let mut with = png[..33].to_vec();
        with.extend(chunk(b"eXIf", b"MM\0*GPS"));
        with.extend(chunk(b"iTXt", b"XML:com.adobe.xmp\0\0\0\0\0<x:xmpmeta/>"));
        with.extend(chunk(b"caBX", b"c2pa"));
        with.extend_from_slice(&png[33..]);
        with.extend_from_slice(b"trailing GPS");
        let out = strip(&with).unwrap();
        assert_eq!(out, png);
        assert!(strip(&png[..png.len() - 4]).is_err());
    }
}
