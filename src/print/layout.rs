//! Placing blocks on pages: a display list per page (text runs, pictures, the QR code,
//! rules) and the structure each item belongs to, in reading order. Nothing here knows PDF;
//! `pdf.rs` draws the list and tags it.

use std::sync::Arc;

use super::qr::Qr;
use super::svg;
use super::text::{self, Line, Run, Styled};

/// Millimetres to points.
pub fn mm(v: f32) -> f32 {
    v * 72.0 / 25.4
}

/// What a block is in the structure tree.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// A heading: its level and text (for the PDF's outline).
    Heading(u8, String),
    Para,
    /// A list item of list `list`.
    Item {
        list: usize,
        ordered: bool,
    },
    /// A picture, with its alternative text.
    Figure(String),
}

/// A picture to draw.
#[derive(Debug, Clone)]
pub enum Art {
    /// RGBA pixels.
    Bitmap(Arc<krilla::image::Image>),
    Vector(Arc<svg::Picture>),
}

/// One thing drawn on a page.
#[derive(Debug, Clone)]
pub enum Item {
    /// A run of text on its baseline; `label` for a list item's bullet or number.
    Text {
        x: f32,
        y: f32,
        size: f32,
        colour: [u8; 3],
        run: Run,
        block: usize,
        label: bool,
    },
    Art {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        art: Art,
        block: Option<usize>,
    },
    Qr {
        x: f32,
        y: f32,
        module: f32,
        qr: Arc<Qr>,
        block: usize,
    },
    /// A filled rectangle, not part of the text (a band of colour, a line to write on).
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        colour: [u8; 3],
    },
}

/// The pages being laid out.
pub struct Layout {
    pub width: f32,
    pub height: f32,
    pub left: f32,
    pub right: f32,
    pub top: f32,
    pub bottom: f32,
    pub rtl: bool,
    /// Where the next block goes (from the top, in points).
    pub y: f32,
    pub pages: Vec<Vec<Item>>,
    pub blocks: Vec<Kind>,
}

/// How a paragraph looks.
#[derive(Debug, Clone, Copy)]
pub struct Look {
    pub size: f32,
    pub leading: f32,
    pub colour: [u8; 3],
    /// Space after the block, in points.
    pub after: f32,
    /// Space before the text on the start side (left, or right in RTL), in points.
    pub indent: f32,
    /// Left-to-right text (a web address) even on a right-to-left page; still aligned to the
    /// page's start side.
    pub ltr: bool,
}

impl Look {
    pub fn new(size: f32) -> Look {
        Look {
            size,
            leading: 1.4,
            colour: [0x1d, 0x1d, 0x1b],
            after: size * 0.6,
            indent: 0.0,
            ltr: false,
        }
    }
}

impl Layout {
    pub fn new(width: f32, height: f32, margin: f32, rtl: bool) -> Layout {
        Layout {
            width,
            height,
            left: margin,
            right: width - margin,
            top: margin,
            bottom: height - margin,
            rtl,
            y: margin,
            pages: vec![Vec::new()],
            blocks: Vec::new(),
        }
    }

    pub fn text_width(&self) -> f32 {
        self.right - self.left
    }

    fn push(&mut self, item: Item) {
        if let Some(page) = self.pages.last_mut() {
            page.push(item);
        }
    }

    pub fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = self.top;
    }

    /// Starts a new page unless `h` points fit on this one (or the page is still empty).
    pub fn room(&mut self, h: f32) {
        if self.y + h > self.bottom + 0.01 && self.y > self.top {
            self.new_page();
        }
    }

    pub fn block(&mut self, kind: Kind) -> usize {
        self.blocks.push(kind);
        self.blocks.len() - 1
    }

    /// The x of a line `w` wide, `indent` in from the start side.
    fn line_x(&self, w: f32, indent: f32) -> f32 {
        if self.rtl {
            self.right - indent - w
        } else {
            self.left + indent
        }
    }

    /// A paragraph of `text` as block `block`; its lines break across pages.
    pub fn text(&mut self, text: &Styled, look: Look, block: usize) {
        let rtl = self.rtl && !look.ltr;
        let lines = text::lines(text, look.size, self.text_width() - look.indent, rtl);
        self.lines(&lines, look, block);
        self.y += look.after;
    }

    /// Laid-out lines, each starting a page if it does not fit.
    pub fn lines(&mut self, lines: &[Line], look: Look, block: usize) {
        let step = look.size * look.leading;
        for line in lines {
            self.room(step);
            let baseline = self.y + look.size * text::ASCENT;
            let x = self.line_x(line.width, look.indent);
            for run in &line.runs {
                self.push(Item::Text {
                    x: x + run.x,
                    y: baseline,
                    size: look.size,
                    colour: look.colour,
                    run: run.clone(),
                    block,
                    label: false,
                });
            }
            self.y += step;
        }
    }

    /// A list item's label (`•`, `3.`) in the space before its text, on the current line.
    pub fn label(&mut self, label: &str, look: Look, block: usize) {
        let lines = text::lines(&Styled::plain(label), look.size, look.indent, self.rtl);
        let Some(line) = lines.first() else { return };
        self.room(look.size * look.leading);
        let gap = look.size * 0.4;
        let x = if self.rtl {
            self.right - look.indent + gap
        } else {
            self.left + look.indent - gap - line.width
        };
        let y = self.y + look.size * text::ASCENT;
        for run in &line.runs {
            self.push(Item::Text {
                x: x + run.x,
                y,
                size: look.size,
                colour: look.colour,
                run: run.clone(),
                block,
                label: true,
            });
        }
    }

    /// A picture `w` by `h` points at the start side, `indent` in; `block` None for
    /// decoration. Moves `y` past it unless `beside` (text goes next to it).
    pub fn art(
        &mut self,
        art: Art,
        w: f32,
        h: f32,
        indent: f32,
        block: Option<usize>,
        beside: bool,
    ) {
        self.room(h);
        let x = self.line_x(w, indent);
        let y = self.y;
        self.push(Item::Art {
            x,
            y,
            w,
            h,
            art,
            block,
        });
        if !beside {
            self.y += h;
        }
    }

    /// The QR code, `side` points square with its quiet zone, at the start side.
    pub fn qr(&mut self, qr: Arc<Qr>, side: f32, block: usize) {
        self.room(side);
        let modules = (qr.width + 2 * super::qr::QUIET) as f32;
        let module = side / modules;
        let x = self.line_x(side, 0.0);
        let y = self.y;
        self.push(Item::Rect {
            x,
            y,
            w: side,
            h: side,
            colour: [255, 255, 255],
        });
        self.push(Item::Qr {
            x,
            y,
            module,
            qr,
            block,
        });
        self.y += side;
    }

    /// `n` lines to write on, each `gap` points apart.
    pub fn answer_lines(&mut self, n: u8, gap: f32, indent: f32) {
        for _ in 0..n {
            self.room(gap);
            self.y += gap;
            let x = self.line_x(self.text_width() - indent, indent);
            let w = self.text_width() - indent;
            let y = self.y - 0.5;
            self.push(Item::Rect {
                x,
                y,
                w,
                h: 0.75,
                colour: [0x70, 0x70, 0x70],
            });
        }
        self.y += gap * 0.5;
    }

    /// A band of colour across the top of the current page.
    pub fn band(&mut self, h: f32, colour: [u8; 3]) {
        let w = self.width;
        self.push(Item::Rect {
            x: 0.0,
            y: 0.0,
            w,
            h,
            colour,
        });
    }
}
