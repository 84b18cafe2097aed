//! Text for print: the four embedded fonts (Noto Sans and Noto Naskh Arabic, regular and
//! bold), choosing a font by script, shaping with rustybuzz, measuring, breaking paragraphs
//! into lines, and putting each line's runs in visual order (unicode-bidi), so Urdu and
//! Arabic are joined and read right to left.

use std::ops::Range;
use std::sync::LazyLock;

use krilla::text::{Font, GlyphId, KrillaGlyph};
use unicode_bidi::{BidiInfo, Level};

use crate::util::fonts::{NASKH, NASKH_BOLD, SANS, SANS_BOLD};

/// One of the embedded fonts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FontId {
    Sans,
    SansBold,
    Naskh,
    NaskhBold,
}

impl FontId {
    fn index(self) -> usize {
        self as usize
    }

    fn pick(arabic: bool, bold: bool) -> FontId {
        match (arabic, bold) {
            (false, false) => FontId::Sans,
            (false, true) => FontId::SansBold,
            (true, false) => FontId::Naskh,
            (true, true) => FontId::NaskhBold,
        }
    }
}

struct Fonts {
    faces: Vec<rustybuzz::Face<'static>>,
    fonts: Vec<Font>,
}

/// The fonts, parsed once per process (they are part of the binary and never change).
static FONTS: LazyLock<Option<Fonts>> = LazyLock::new(|| {
    let data = [SANS, SANS_BOLD, NASKH, NASKH_BOLD];
    let faces = data
        .iter()
        .map(|d| rustybuzz::Face::from_slice(d, 0))
        .collect::<Option<Vec<_>>>()?;
    let fonts = data
        .iter()
        .map(|d| Font::new(krilla::Data::from(*d), 0))
        .collect::<Option<Vec<_>>>()?;
    Some(Fonts { faces, fonts })
});

/// Whether the embedded fonts could be read (they always can: a test checks).
pub fn ready() -> bool {
    FONTS.is_some()
}

/// The krilla font for drawing.
pub fn font(id: FontId) -> Option<Font> {
    FONTS.as_ref().map(|f| f.fonts[id.index()].clone())
}

/// The ascender of the fonts, as a fraction of the size (for link boxes and line heights).
pub const ASCENT: f32 = 1.069;

/// Whether `c` is written in the Arabic script (Urdu, Arabic, Persian).
fn is_arabic(c: char) -> bool {
    matches!(c as u32,
        0x0600..=0x06FF | 0x0750..=0x077F | 0x08A0..=0x08FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF)
}

/// Whether `c` takes the script of the text around it (spaces, digits, punctuation).
fn is_neutral(c: char) -> bool {
    !c.is_alphabetic()
}

/// Splits `text` into ranges of one font: Arabic letters in Naskh, the rest in Noto Sans;
/// spaces, digits and punctuation stay with the letters before them.
pub fn font_runs(text: &str, bold: bool) -> Vec<(Range<usize>, FontId)> {
    let mut runs: Vec<(Range<usize>, FontId)> = Vec::new();
    let mut arabic = text
        .chars()
        .find(|c| !is_neutral(*c))
        .is_some_and(is_arabic);
    for (i, c) in text.char_indices() {
        if !is_neutral(c) {
            arabic = is_arabic(c);
        }
        let mut id = FontId::pick(arabic, bold);
        if !covers(id, c) && covers(FontId::pick(!arabic, bold), c) {
            id = FontId::pick(!arabic, bold);
        }
        let end = i + c.len_utf8();
        match runs.last_mut() {
            Some((r, f)) if *f == id => r.end = end,
            _ => runs.push((i..end, id)),
        }
    }
    runs
}

/// Whether the font has a glyph for `c`.
fn covers(id: FontId, c: char) -> bool {
    FONTS
        .as_ref()
        .is_some_and(|f| f.faces[id.index()].glyph_index(c).is_some())
}

/// Shapes `text` in one font; the glyphs come in visual order (right to left reversed), each
/// with the range of `text` it shows.
pub fn shape(id: FontId, text: &str, rtl: bool) -> Vec<KrillaGlyph> {
    let Some(fonts) = FONTS.as_ref() else {
        return Vec::new();
    };
    let face = &fonts.faces[id.index()];
    let per_em = f32::from(face.units_per_em().max(1) as u16);
    let mut buffer = rustybuzz::UnicodeBuffer::new();
    buffer.push_str(text);
    buffer.guess_segment_properties();
    buffer.set_direction(if rtl {
        rustybuzz::Direction::RightToLeft
    } else {
        rustybuzz::Direction::LeftToRight
    });
    let out = rustybuzz::shape(face, &[], buffer);
    let mut starts: Vec<usize> = out
        .glyph_infos()
        .iter()
        .map(|g| g.cluster as usize)
        .collect();
    starts.sort_unstable();
    starts.dedup();
    out.glyph_infos()
        .iter()
        .zip(out.glyph_positions())
        .map(|(info, pos)| {
            let start = info.cluster as usize;
            let end = starts
                .iter()
                .find(|s| **s > start)
                .copied()
                .unwrap_or(text.len());
            KrillaGlyph::new(
                GlyphId::new(info.glyph_id),
                pos.x_advance as f32 / per_em,
                pos.x_offset as f32 / per_em,
                pos.y_offset as f32 / per_em,
                pos.y_advance as f32 / per_em,
                start..end,
                None,
            )
        })
        .collect()
}

/// The width of `text` at `size` points.
pub fn width(text: &str, bold: bool, size: f32) -> f32 {
    font_runs(text, bold)
        .into_iter()
        .map(|(r, id)| {
            shape(id, &text[r.clone()], false)
                .iter()
                .map(|g| krilla::text::Glyph::x_advance(g, size))
                .sum::<f32>()
        })
        .sum()
}

/// How a stretch of text looks and where it goes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Style {
    pub bold: bool,
    /// A link's address.
    pub link: Option<String>,
}

/// Text with styles: `text`, and the style of each byte range (in order, covering it all).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Styled {
    pub text: String,
    pub styles: Vec<(Range<usize>, Style)>,
}

impl Styled {
    pub fn plain(text: &str) -> Styled {
        let mut s = Styled::default();
        s.push(text, Style::default());
        s
    }

    pub fn push(&mut self, text: &str, style: Style) {
        let start = self.text.len();
        self.text.push_str(text);
        let end = self.text.len();
        match self.styles.last_mut() {
            Some((r, s)) if *s == style => r.end = end,
            _ if start == end => {}
            _ => self.styles.push((start..end, style)),
        }
    }

    /// The style at byte `at`.
    fn style_at(&self, at: usize) -> Style {
        self.styles
            .iter()
            .find(|(r, _)| r.contains(&at))
            .map(|(_, s)| s.clone())
            .unwrap_or_default()
    }

    fn style_breaks(&self) -> impl Iterator<Item = usize> + '_ {
        self.styles.iter().map(|(r, _)| r.start)
    }
}

/// A run of one font and style, shaped, placed on its line.
#[derive(Debug, Clone)]
pub struct Run {
    /// From the line's start edge, in points.
    pub x: f32,
    pub width: f32,
    pub font: FontId,
    pub glyphs: Vec<KrillaGlyph>,
    pub text: String,
    pub style: Style,
    /// Where the run starts in the paragraph's text: the reading order.
    pub logical: usize,
}

/// One line: its runs in visual order, left to right, and its width.
#[derive(Debug, Clone)]
pub struct Line {
    pub runs: Vec<Run>,
    pub width: f32,
}

/// Breaks `para` into lines no wider than `max` points at `size` points (a word longer than
/// the line gets a line of its own), each laid out in visual order for a paragraph of the
/// given direction.
pub fn lines(para: &Styled, size: f32, max: f32, rtl: bool) -> Vec<Line> {
    let text = para.text.as_str();
    let mut out = Vec::new();
    let mut start = None::<usize>;
    let mut end = 0;
    let mut line_width = 0.0;
    let space = width(" ", false, size);
    for (word_start, word) in words(text) {
        let bold = para.style_at(word_start).bold;
        let w = width(word, bold, size);
        match start {
            None => {
                start = Some(word_start);
                line_width = w;
            }
            Some(s) if line_width + space + w > max => {
                out.push(layout_line(para, s..end, size, rtl));
                start = Some(word_start);
                line_width = w;
            }
            Some(_) => line_width += space + w,
        }
        end = word_start + word.len();
    }
    if let Some(s) = start {
        out.push(layout_line(para, s..end, size, rtl));
    }
    out
}

/// The words of `text` (split at white space), with their byte offsets.
fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split_inclusive(char::is_whitespace)
        .scan(0, |at, piece| {
            let start = *at;
            *at += piece.len();
            Some((start, piece.trim_end()))
        })
        .filter(|(_, w)| !w.is_empty())
}

/// One line, `range` of the paragraph, in visual order.
fn layout_line(para: &Styled, range: Range<usize>, size: f32, rtl: bool) -> Line {
    let text = &para.text[range.clone()];
    let level = if rtl { Level::rtl() } else { Level::ltr() };
    let bidi = BidiInfo::new(text, Some(level));
    let mut runs = Vec::new();
    let mut x = 0.0;
    for p in &bidi.paragraphs {
        let (levels, visual) = bidi.visual_runs(p, p.range.clone());
        for run in visual {
            let run_rtl = levels[run.start].is_rtl();
            let mut pieces = split_run(para, range.start, run.clone());
            if run_rtl {
                pieces.reverse();
            }
            for (piece, style) in pieces {
                let logical = range.start + piece.start;
                for (fr, font) in ordered(font_runs(&text[piece.clone()], style.bold), run_rtl) {
                    let part = &text[piece.start + fr.start..piece.start + fr.end];
                    let glyphs = shape(font, part, run_rtl);
                    let width: f32 = glyphs
                        .iter()
                        .map(|g| krilla::text::Glyph::x_advance(g, size))
                        .sum();
                    runs.push(Run {
                        x,
                        width,
                        font,
                        glyphs,
                        text: part.to_string(),
                        style: style.clone(),
                        logical: logical + fr.start,
                    });
                    x += width;
                }
            }
        }
    }
    Line { runs, width: x }
}

fn ordered<T>(mut v: Vec<T>, rtl: bool) -> Vec<T> {
    if rtl {
        v.reverse();
    }
    v
}

/// `run` (relative to the line starting at `line_start`) split where the style changes.
fn split_run(para: &Styled, line_start: usize, run: Range<usize>) -> Vec<(Range<usize>, Style)> {
    let mut cuts: Vec<usize> = para
        .style_breaks()
        .filter_map(|b| b.checked_sub(line_start))
        .filter(|b| *b > run.start && *b < run.end)
        .collect();
    cuts.push(run.end);
    let mut out = Vec::new();
    let mut at = run.start;
    for cut in cuts {
        out.push((at..cut, para.style_at(line_start + at)));
        at = cut;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use krilla::text::Glyph;

    #[test]
    fn the_fonts_load() {
        assert!(ready());
    }

    #[test]
    fn urdu_is_joined_and_right_to_left() {
        // "Home Truths" in Urdu: shaping joins the letters, so there are glyphs for the
        // joined forms and the first letter's glyph comes last.
        let text = "گھر کی سچائیاں";
        let glyphs = shape(FontId::Naskh, text, true);
        assert!(!glyphs.is_empty());
        assert_eq!(glyphs.last().map(|g| g.text_range().start), Some(0));
        assert!(
            glyphs.iter().all(|g| g.glyph_id().to_u32() != 0),
            "no missing glyphs"
        );
        assert_eq!(font_runs(text, false), [(0..text.len(), FontId::Naskh)]);
    }

    #[test]
    fn mixed_lines_keep_the_latin_in_its_own_order() {
        let para = Styled::plain("فون 0800 555 111 کریں");
        let lines = lines(&para, 12.0, 1000.0, true);
        assert_eq!(lines.len(), 1);
        let digits: Vec<&str> = lines[0]
            .runs
            .iter()
            .map(|r| r.text.as_str())
            .filter(|t| t.trim().chars().all(|c| c.is_ascii_digit() || c == ' '))
            .collect();
        assert!(!digits.is_empty());
    }

    #[test]
    fn lines_wrap_at_the_width() {
        let para = Styled::plain("one two three four five six seven eight nine ten");
        let lines = lines(&para, 12.0, 60.0, false);
        assert!(lines.len() > 3);
        assert!(lines.iter().all(|l| l.width <= 60.0 || l.runs.len() == 1));
    }
}
