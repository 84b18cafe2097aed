//! The fonts built into placard (Noto Sans and Noto Naskh Arabic, regular and bold, under the
//! SIL Open Font License in `OFL.txt` beside them): print sets its text in them, and the PDF
//! thumbnails draw with them the text of a PDF whose fonts are not embedded.

pub static SANS: &[u8] = include_bytes!("NotoSans-Regular.ttf");
pub static SANS_BOLD: &[u8] = include_bytes!("NotoSans-Bold.ttf");
pub static NASKH: &[u8] = include_bytes!("NotoNaskhArabic-Regular.ttf");
pub static NASKH_BOLD: &[u8] = include_bytes!("NotoNaskhArabic-Bold.ttf");
