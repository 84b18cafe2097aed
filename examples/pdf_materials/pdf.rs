//! A small Markdown-to-PDF writer for the bundled session materials: headings, paragraphs,
//! lists and (for worksheets) lines to write on, in Helvetica on A4, with the document's
//! title and language in its metadata. Shared by `cargo run --example pdf_materials` and the
//! test that checks the committed PDFs are current.

use lopdf::content::{Content, Operation};
use lopdf::{Document, Object, Stream, dictionary};
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// One block of the document.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Heading(u8, String),
    Paragraph(String),
    /// A list item: its marker (`•` or `3.`) and text.
    Item(String, String),
    /// Lines to write an answer on.
    AnswerLines(usize),
}

/// The blocks of a Markdown body. With `worksheet`, each numbered item is followed by
/// lines to write on.
pub fn blocks(markdown: &str, worksheet: bool) -> Vec<Block> {
    let mut out = Vec::new();
    let mut text = String::new();
    let mut lists: Vec<Option<u64>> = Vec::new();
    let mut marker = String::new();
    let mut in_item = false;
    let options = Options::ENABLE_HEADING_ATTRIBUTES;
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Start(Tag::List(start)) => {
                if in_item && !text.trim().is_empty() {
                    out.push(Block::Item(marker.clone(), clean(&text)));
                    text.clear();
                }
                lists.push(start);
            }
            Event::End(TagEnd::List(_)) => {
                lists.pop();
            }
            Event::Start(Tag::Item) => {
                in_item = true;
                text.clear();
                marker = match lists.last_mut() {
                    Some(Some(n)) => {
                        *n += 1;
                        format!("{}.", *n - 1)
                    }
                    _ => "\u{2022}".into(),
                };
            }
            Event::End(TagEnd::Item) => {
                if !text.trim().is_empty() {
                    out.push(Block::Item(marker.clone(), clean(&text)));
                }
                if worksheet && marker.ends_with('.') {
                    out.push(Block::AnswerLines(2));
                }
                text.clear();
                in_item = false;
            }
            Event::Start(Tag::Heading { .. }) | Event::Start(Tag::Paragraph) if !in_item => {
                text.clear();
            }
            Event::End(TagEnd::Heading(level)) => {
                let n = match level {
                    HeadingLevel::H1 => 1,
                    HeadingLevel::H2 => 2,
                    _ => 3,
                };
                out.push(Block::Heading(n, clean(&text)));
                text.clear();
            }
            Event::End(TagEnd::Paragraph) if !in_item => {
                out.push(Block::Paragraph(clean(&text)));
                text.clear();
            }
            Event::End(TagEnd::Paragraph) => text.push(' '),
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    out
}

fn clean(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

const PAGE_W: f32 = 595.0;
const PAGE_H: f32 = 842.0;
const MARGIN: f32 = 56.0;
const BODY: f32 = 12.0;

/// Helvetica's advance width of a character, in thousandths of the font size (close enough
/// to wrap lines safely; bold text gets a margin on top).
fn width(c: char) -> f32 {
    match c {
        'i' | 'j' | 'l' | '\'' | '|' | '\u{2019}' | '\u{2018}' => 222.0,
        ' ' | ',' | '.' | ':' | ';' | '!' | 'f' | 't' | 'I' | '/' => 278.0,
        'r' | '-' | '(' | ')' | '"' | '\u{201c}' | '\u{201d}' => 333.0,
        'm' | 'M' => 833.0,
        'W' => 944.0,
        'w' | '\u{2014}' => 1000.0,
        c if c.is_ascii_uppercase() => 722.0,
        _ => 556.0,
    }
}

fn text_width(text: &str, size: f32, bold: bool) -> f32 {
    let w: f32 = text.chars().map(width).sum();
    w * size / 1000.0 * if bold { 1.08 } else { 1.0 }
}

/// Breaks `text` into lines no wider than `max`.
fn wrap(text: &str, size: f32, bold: bool, max: f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if !line.is_empty() && text_width(&candidate, size, bold) > max {
            lines.push(std::mem::take(&mut line));
            line = word.to_string();
        } else {
            line = candidate;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Text in the fonts' WinAnsiEncoding.
fn win_ansi(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            '\u{2018}' => 0x91,
            '\u{2019}' => 0x92,
            '\u{201c}' => 0x93,
            '\u{201d}' => 0x94,
            '\u{2022}' => 0x95,
            '\u{2013}' => 0x96,
            '\u{2014}' => 0x97,
            c if (c as u32) < 0x80 || (0xa0..=0xff).contains(&(c as u32)) => c as u32 as u8,
            _ => b'?',
        })
        .collect()
}

struct Layout {
    pages: Vec<Vec<Operation>>,
    y: f32,
}

impl Layout {
    fn ensure(&mut self, height: f32) {
        if self.y - height < MARGIN + 24.0 || self.pages.is_empty() {
            self.pages.push(Vec::new());
            self.y = PAGE_H - MARGIN;
        }
    }

    fn text(&mut self, x: f32, text: &str, size: f32, bold: bool) {
        let font = if bold { "F2" } else { "F1" };
        if let Some(page) = self.pages.last_mut() {
            page.extend([
                Operation::new("BT", vec![]),
                Operation::new("Tf", vec![font.into(), size.into()]),
                Operation::new("Td", vec![x.into(), self.y.into()]),
                Operation::new("Tj", vec![Object::string_literal(win_ansi(text))]),
                Operation::new("ET", vec![]),
            ]);
        }
    }

    fn rule(&mut self, x1: f32, x2: f32) {
        if let Some(page) = self.pages.last_mut() {
            page.extend([
                Operation::new("w", vec![0.75.into()]),
                Operation::new("m", vec![x1.into(), self.y.into()]),
                Operation::new("l", vec![x2.into(), self.y.into()]),
                Operation::new("S", vec![]),
            ]);
        }
    }
}

/// The PDF of `blocks`, titled `title`, in the language `lang` (such as `en-GB`).
pub fn pdf(title: &str, lang: &str, footer: &str, blocks: &[Block]) -> Result<Vec<u8>, String> {
    let right = PAGE_W - MARGIN;
    let mut layout = Layout {
        pages: Vec::new(),
        y: 0.0,
    };
    for block in blocks {
        match block {
            Block::Heading(level, text) => {
                let size = match level {
                    1 => 22.0,
                    2 => 16.0,
                    _ => 13.5,
                };
                let lead = size * 1.25;
                let lines = wrap(text, size, true, right - MARGIN);
                // Keep a heading with at least two lines of what follows.
                layout.ensure(lead * lines.len() as f32 + size * 0.8 + BODY * 3.0);
                layout.y -= if layout.y < PAGE_H - MARGIN {
                    size * 0.8
                } else {
                    0.0
                };
                for line in lines {
                    layout.y -= lead;
                    layout.text(MARGIN, &line, size, true);
                }
                layout.y -= size * 0.4;
            }
            Block::Paragraph(text) => {
                for line in wrap(text, BODY, false, right - MARGIN) {
                    layout.ensure(BODY * 1.45);
                    layout.y -= BODY * 1.45;
                    layout.text(MARGIN, &line, BODY, false);
                }
                layout.y -= BODY * 0.6;
            }
            Block::Item(marker, text) => {
                let indent = MARGIN + 22.0;
                for (i, line) in wrap(text, BODY, false, right - indent).iter().enumerate() {
                    layout.ensure(BODY * 1.45);
                    layout.y -= BODY * 1.45;
                    if i == 0 {
                        layout.text(MARGIN + 6.0, marker, BODY, false);
                    }
                    layout.text(indent, line, BODY, false);
                }
                layout.y -= BODY * 0.35;
            }
            Block::AnswerLines(n) => {
                for _ in 0..*n {
                    layout.ensure(BODY * 2.4);
                    layout.y -= BODY * 2.4;
                    layout.rule(MARGIN + 22.0, right);
                }
                layout.y -= BODY * 0.6;
            }
        }
    }
    if layout.pages.is_empty() {
        layout.ensure(0.0);
    }
    let count = layout.pages.len();
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let font = |name: &str| {
        dictionary! {
            "Type" => "Font",
            "Subtype" => "Type1",
            "BaseFont" => Object::Name(name.as_bytes().to_vec()),
            "Encoding" => "WinAnsiEncoding",
        }
    };
    let regular = doc.add_object(font("Helvetica"));
    let bold = doc.add_object(font("Helvetica-Bold"));
    let resources = doc.add_object(dictionary! {
        "Font" => dictionary! { "F1" => regular, "F2" => bold },
    });
    let mut kids = Vec::new();
    for (n, mut ops) in layout.pages.into_iter().enumerate() {
        let label = format!("{footer} \u{2013} page {} of {count}", n + 1);
        let mut footer_layout = Layout {
            pages: vec![Vec::new()],
            y: MARGIN - 10.0,
        };
        footer_layout.text(MARGIN, &label, 9.0, false);
        ops.extend(footer_layout.pages.into_iter().flatten());
        let content = Content { operations: ops };
        let bytes = content.encode().map_err(|e| e.to_string())?;
        let mut stream = Stream::new(dictionary! {}, bytes);
        stream.compress().map_err(|e| e.to_string())?;
        let content_id = doc.add_object(stream);
        let page = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "Contents" => content_id,
            "Resources" => resources,
            "MediaBox" => vec![0.into(), 0.into(), PAGE_W.into(), PAGE_H.into()],
        });
        kids.push(Object::Reference(page));
    }
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => kids,
            "Count" => count as i64,
        }),
    );
    let catalog = doc.add_object(dictionary! {
        "Type" => "Catalog",
        "Pages" => pages_id,
        "Lang" => Object::string_literal(lang),
        "ViewerPreferences" => dictionary! { "DisplayDocTitle" => true },
    });
    let info = doc.add_object(dictionary! {
        "Title" => lopdf::text_string(title),
        "Author" => Object::string_literal("Programme Challenger"),
        "Creator" => Object::string_literal("placard: cargo run --example pdf_materials"),
    });
    doc.trailer.set("Root", catalog);
    doc.trailer.set("Info", info);
    let mut out = Vec::new();
    doc.save_to(&mut out).map_err(|e| e.to_string())?;
    Ok(out)
}

/// The materials: `(Markdown page, PDF beside it)` for each year's three documents.
pub const MATERIALS: &[&str] = &[
    "content/crossing-the-lines/year-5/session-plan.md",
    "content/crossing-the-lines/year-5/pupil-worksheet.md",
    "content/crossing-the-lines/year-5/letter-to-parents.md",
    "content/crossing-the-lines/year-6/session-plan.md",
    "content/crossing-the-lines/year-6/pupil-worksheet.md",
    "content/crossing-the-lines/year-6/letter-to-parents.md",
];

/// The PDF of one Markdown page of `MATERIALS` (its title from the front matter's `title:`,
/// its text from the body), and the path to write it to.
pub fn material(
    root: &std::path::Path,
    page: &str,
) -> Result<(std::path::PathBuf, Vec<u8>), String> {
    let text = std::fs::read_to_string(root.join(page)).map_err(|e| format!("{page}: {e}"))?;
    let mut parts = text.splitn(3, "---\n");
    let (Some(""), Some(front), Some(body)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(format!("{page}: no front matter"));
    };
    let title = front
        .lines()
        .find_map(|l| l.strip_prefix("title:"))
        .map(|t| t.trim().trim_matches('"').to_string())
        .ok_or_else(|| format!("{page}: no title"))?;
    let worksheet = page.ends_with("worksheet.md");
    let mut content = vec![Block::Heading(1, title.clone())];
    content.extend(blocks(body, worksheet));
    let bytes = pdf(&title, "en-GB", &title, &content)?;
    Ok((root.join(page.replace(".md", ".pdf")), bytes))
}
