//! A GIF rewritten with only what is needed to show it: the screen, colour tables, frames,
//! their timing and transparency, looping (NETSCAPE2.0, ANIMEXTS1.0) and an ICC profile.
//! Comments, XMP and other application blocks, and anything after the trailer go.

const EXTENSION: u8 = 0x21;
const IMAGE: u8 = 0x2C;
const TRAILER: u8 = 0x3B;
const GRAPHIC_CONTROL: u8 = 0xF9;
const PLAIN_TEXT: u8 = 0x01;
const APPLICATION: u8 = 0xFF;

/// Application blocks kept, by their 11-byte identifier.
const KEEP_APPS: [&[u8; 11]; 3] = [b"NETSCAPE2.0", b"ANIMEXTS1.0", b"ICCRGBG1012"];

/// The size of a colour table announced by a `packed` flags byte, in bytes.
fn table_len(packed: u8) -> usize {
    if packed & 0x80 == 0 {
        0
    } else {
        3 << ((packed & 7) + 1)
    }
}

/// Where the data sub-blocks starting at `from` end (after their zero terminator).
fn sub_blocks_end(data: &[u8], from: usize) -> Result<usize, String> {
    let mut i = from;
    loop {
        let len = usize::from(*data.get(i).ok_or("it is cut short")?);
        i += 1 + len;
        if len == 0 {
            return Ok(i);
        }
        if i > data.len() {
            return Err("it is cut short".into());
        }
    }
}

/// The GIF without its metadata, or why it cannot be read.
pub fn strip(data: &[u8]) -> Result<Vec<u8>, String> {
    if data.len() < 13 || !(data.starts_with(b"GIF87a") || data.starts_with(b"GIF89a")) {
        return Err("it does not start like a GIF".into());
    }
    let header = 13 + table_len(data[10]);
    let mut out = Vec::with_capacity(data.len());
    out.extend_from_slice(data.get(..header).ok_or("it is cut short")?);
    let mut i = header;
    loop {
        match data.get(i).copied() {
            Some(TRAILER) => {
                out.push(TRAILER);
                return Ok(out);
            }
            // Frames after the cut would be lost without a word.
            None => return Err("it is cut short (it has no trailer)".into()),
            Some(IMAGE) => {
                let packed = *data.get(i + 9).ok_or("it is cut short")?;
                // Descriptor, local colour table, LZW code size, then the data.
                let data_start = i + 10 + table_len(packed) + 1;
                let end = sub_blocks_end(data, data_start)?;
                out.extend_from_slice(&data[i..end]);
                i = end;
            }
            Some(EXTENSION) => {
                let label = *data.get(i + 1).ok_or("it is cut short")?;
                let end = sub_blocks_end(data, i + 2)?;
                let keep = match label {
                    GRAPHIC_CONTROL | PLAIN_TEXT => true,
                    APPLICATION => data.get(i + 2..i + 14).is_some_and(|id| {
                        id[0] == 11 && KEEP_APPS.iter().any(|k| k[..] == id[1..])
                    }),
                    _ => false,
                };
                if keep {
                    out.extend_from_slice(&data[i..end]);
                }
                i = end;
            }
            Some(_) => return Err("it is damaged (an unknown block)".into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_and_xmp_go_frames_stay() {
        let mut gif = Vec::new();
        {
            let mut enc = image::codecs::gif::GifEncoder::new(&mut gif);
            let frame = image::Frame::new(image::RgbaImage::new(2, 2));
            enc.encode_frames([frame]).unwrap();
        }
        let trailer = gif.len() - 1;
        let mut with = gif[..trailer].to_vec();
        with.extend_from_slice(&[EXTENSION, 0xFE, 6]);
        with.extend_from_slice(b"refuge");
        with.push(0);
        with.extend_from_slice(&[EXTENSION, APPLICATION, 11]);
        with.extend_from_slice(b"XMP DataXMP");
        with.extend_from_slice(&[4, b'<', b'x', b':', b'x', 0]);
        with.push(TRAILER);
        with.extend_from_slice(b"GPS after the end");
        let out = strip(&with).unwrap();
        assert_eq!(out, gif);
        assert!(strip(b"GIF89a").is_err());
    }
}
