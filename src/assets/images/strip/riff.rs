//! A WebP rewritten with only the chunks needed to show it (the image, alpha, animation and
//! ICC profile); EXIF, XMP, unknown chunks and anything after the RIFF container go, and the
//! header's EXIF and XMP flags are cleared.

/// The chunks kept; every other one is dropped.
const KEEP: [&[u8; 4]; 7] = [
    b"VP8 ", b"VP8L", b"VP8X", b"ALPH", b"ANIM", b"ANMF", b"ICCP",
];

/// VP8X flags: EXIF and XMP present.
const EXIF_FLAG: u8 = 0x08;
const XMP_FLAG: u8 = 0x04;

/// The WebP without its metadata, or why it cannot be read.
pub fn strip(data: &[u8]) -> Result<Vec<u8>, String> {
    if data.len() < 12 || &data[..4] != b"RIFF" || &data[8..12] != b"WEBP" {
        return Err("it does not start like a WebP image".into());
    }
    let size = u32::from_le_bytes([data[4], data[5], data[6], data[7]]) as usize;
    let end = size
        .checked_add(8)
        .filter(|e| *e <= data.len())
        .ok_or("it is cut short")?;
    let mut body = Vec::with_capacity(end);
    let mut i = 12;
    while i < end {
        let head = data.get(i..i + 8).ok_or("it is cut short")?;
        let len = u32::from_le_bytes([head[4], head[5], head[6], head[7]]) as usize;
        let padded = len + (len & 1);
        let next = i
            .checked_add(8 + padded)
            .filter(|n| *n <= end || (len & 1 == 1 && *n == end + 1))
            .ok_or("it is cut short")?;
        let kind = &head[..4];
        if KEEP.iter().any(|k| &k[..] == kind) {
            let start = body.len();
            body.extend_from_slice(&data[i..(i + 8 + len)]);
            if len & 1 == 1 {
                body.push(0);
            }
            if kind == b"VP8X"
                && let Some(flags) = body.get_mut(start + 8)
            {
                *flags &= !(EXIF_FLAG | XMP_FLAG);
            }
        }
        i = next;
    }
    let total = u32::try_from(body.len() + 4).map_err(|_| "it is too big".to_string())?;
    let mut out = Vec::with_capacity(body.len() + 12);
    out.extend_from_slice(b"RIFF");
    out.extend_from_slice(&total.to_le_bytes());
    out.extend_from_slice(b"WEBP");
    out.extend(body);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let len = u32::try_from(data.len()).unwrap().to_le_bytes();
        let pad: &[u8] = if data.len() % 2 == 1 { &[0] } else { &[] };
        [kind, &len[..], data, pad].concat()
    }

    fn riff(chunks: &[Vec<u8>]) -> Vec<u8> {
        let body = chunks.concat();
        let len = u32::try_from(body.len() + 4).unwrap().to_le_bytes();
        [b"RIFF", &len[..], b"WEBP", &body].concat()
    }

    #[test]
    fn exif_xmp_and_trailing_data_go() {
        let vp8x = chunk(
            b"VP8X",
            &[EXIF_FLAG | XMP_FLAG | 0x10, 0, 0, 0, 1, 0, 0, 1, 0, 0],
        );
        let image = chunk(b"VP8L", b"pixels!");
        let mut with = riff(&[
            vp8x.clone(),
            image.clone(),
            chunk(b"EXIF", b"GPS"),
            chunk(b"XMP ", b"<x:xmpmeta/>"),
        ]);
        with.extend_from_slice(b"after GPS");
        let out = strip(&with).unwrap();
        let mut clean = vp8x;
        clean[8] = 0x10;
        assert_eq!(out, riff(&[clean, image]));
        assert!(strip(&with[..20]).is_err());
    }
}
