//! QR codes for print: error correction level M, drawn as rectangles (one per run of dark
//! modules in a row) with a four-module quiet zone.

use qrcode::{Color, EcLevel, QrCode};

/// A QR code: `width` modules a side, and the dark runs as (row, first column, length).
#[derive(Debug, Clone, PartialEq)]
pub struct Qr {
    pub width: usize,
    pub runs: Vec<(usize, usize, usize)>,
}

/// The quiet zone around the code, in modules (ISO/IEC 18004 asks for four).
pub const QUIET: usize = 4;

/// The QR code of `data` at error correction level M; `None` if it is too long for a QR
/// code (over about 2,300 characters).
pub fn encode(data: &str) -> Option<Qr> {
    let code = QrCode::with_error_correction_level(data.as_bytes(), EcLevel::M).ok()?;
    let width = code.width();
    let colors = code.to_colors();
    let mut runs = Vec::new();
    for row in 0..width {
        let mut col = 0;
        while col < width {
            if colors[row * width + col] == Color::Dark {
                let start = col;
                while col < width && colors[row * width + col] == Color::Dark {
                    col += 1;
                }
                runs.push((row, start, col - start));
            } else {
                col += 1;
            }
        }
    }
    Some(Qr { width, runs })
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_page_address_encodes() {
        let qr = super::encode("https://campaigns.example.org/home-truths/").unwrap();
        assert!(qr.width >= 21);
        assert!(!qr.runs.is_empty());
        assert!(
            qr.runs
                .iter()
                .all(|(r, c, n)| *r < qr.width && c + n <= qr.width)
        );
    }
}
