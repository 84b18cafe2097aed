//! A page's Markdown as blocks to print: headings, paragraphs, list items, pictures, Easy
//! Read points (a picture beside a short text), and lines to write on. Read straight from
//! pulldown-cmark's events (one pass, no recursion); component calls are left out, and a
//! component's `title` becomes a heading.

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

use super::text::{Style, Styled};

/// One block, in reading order.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Heading(u8, Styled),
    Para(Styled),
    /// A list item: its list (items of one list share it), its label (`•`, `1.`), depth.
    Item {
        list: usize,
        ordered: bool,
        label: String,
        depth: usize,
        text: Styled,
    },
    /// A picture on its own; an empty `alt` is decoration.
    Figure {
        src: String,
        alt: String,
    },
    /// A picture with the text beside it (a paragraph that starts with a picture).
    Point {
        src: String,
        alt: String,
        text: Styled,
    },
    /// Lines to write an answer on.
    AnswerLines(u8),
}

/// What a link or picture address becomes: `@/x.md` the page's absolute address.
pub trait Resolve {
    fn link(&self, href: &str) -> String;
    /// A helpline's name and how to reach it (`{{ helpline(id="x") }}` in print), from data.
    fn helpline(&self, _id: &str) -> Option<(String, String)> {
        None
    }
}

struct Open {
    list: usize,
    ordered: bool,
    next: u64,
}

#[derive(Default)]
struct State {
    blocks: Vec<Block>,
    text: Styled,
    bold: usize,
    link: Option<String>,
    heading: Option<u8>,
    lists: Vec<Open>,
    list_count: usize,
    /// The label of the item whose text is being read.
    item: Option<String>,
    image: Option<(String, String, String)>,
    /// A picture at the start of the paragraph being read: (src, alt).
    lead: Option<(String, String)>,
    answer_lines: u8,
}

/// The blocks of `markdown`; `answer_lines` lines to write on follow each numbered item.
pub fn blocks(markdown: &str, answer_lines: u8, resolve: &dyn Resolve) -> Vec<Block> {
    let mut st = State {
        answer_lines,
        ..State::default()
    };
    for event in Parser::new_ext(markdown, crate::markdown::options()) {
        st.event(event, resolve);
    }
    st.flush();
    st.blocks
}

impl State {
    fn event(&mut self, event: Event<'_>, resolve: &dyn Resolve) {
        if let Some((_, _, alt)) = self.image.as_mut() {
            match event {
                Event::Text(t) | Event::Code(t) => alt.push_str(&t),
                Event::End(TagEnd::Image) => self.end_image(),
                _ => {}
            }
            return;
        }
        match event {
            Event::Start(tag) => self.start(tag, resolve),
            Event::End(end) => self.end(end),
            Event::Text(t) => self.text(&t, resolve),
            Event::Code(t) => self.push(&t),
            Event::SoftBreak | Event::HardBreak => self.push(" "),
            Event::TaskListMarker(done) => self.push(if done { "[x] " } else { "[ ] " }),
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>, resolve: &dyn Resolve) {
        match tag {
            Tag::Heading { level, .. } => {
                self.flush();
                self.heading = Some(heading_level(level));
            }
            Tag::Paragraph | Tag::TableCell => {}
            Tag::List(first) => {
                self.flush();
                self.list_count += 1;
                self.lists.push(Open {
                    list: self.list_count,
                    ordered: first.is_some(),
                    next: first.unwrap_or(1),
                });
            }
            Tag::Item => {
                self.flush();
                if let Some(open) = self.lists.last_mut() {
                    self.item = Some(if open.ordered {
                        let label = format!("{}.", open.next);
                        open.next += 1;
                        label
                    } else {
                        "\u{2022}".into()
                    });
                }
            }
            Tag::Strong => self.bold += 1,
            Tag::Link { dest_url, .. } => self.link = Some(resolve.link(&dest_url)),
            Tag::Image {
                dest_url, title, ..
            } => {
                self.image = Some((dest_url.to_string(), title.to_string(), String::new()));
            }
            _ => {}
        }
    }

    fn end(&mut self, end: TagEnd) {
        match end {
            TagEnd::Heading(_) | TagEnd::Paragraph | TagEnd::BlockQuote(_) => self.flush(),
            TagEnd::TableCell => self.push("  "),
            TagEnd::TableRow | TagEnd::TableHead => self.flush(),
            TagEnd::Item => self.flush(),
            TagEnd::List(_) => {
                self.flush();
                self.lists.pop();
            }
            TagEnd::Strong => self.bold = self.bold.saturating_sub(1),
            TagEnd::Link => self.link = None,
            _ => {}
        }
    }

    /// Text, without component calls; a helpline's name and number stay.
    fn text(&mut self, text: &str, resolve: &dyn Resolve) {
        let mut at = 0;
        let mut i = 0;
        let bytes = text.as_bytes();
        while i + 1 < bytes.len() {
            if bytes[i] == b'{'
                && matches!(bytes[i + 1], b'{' | b'%')
                && let Ok(Some(call)) = crate::markdown::components::read(text, i)
            {
                self.push(&text[at..i]);
                if let Some(title) = call.args.get("title").and_then(|t| t.as_str()) {
                    self.flush();
                    self.blocks.push(Block::Heading(3, Styled::plain(title)));
                }
                let id = call.args.get("id").and_then(|t| t.as_str());
                if call.name == "helpline"
                    && let Some((name, contact)) = id.and_then(|id| resolve.helpline(id))
                {
                    self.flush();
                    let mut p = Styled::default();
                    p.push(
                        &name,
                        Style {
                            bold: true,
                            link: None,
                        },
                    );
                    p.push(
                        ": ",
                        Style {
                            bold: true,
                            link: None,
                        },
                    );
                    p.push(
                        &contact,
                        Style {
                            bold: true,
                            link: None,
                        },
                    );
                    self.blocks.push(Block::Para(p));
                }
                i = call.end;
                at = i;
                continue;
            }
            i += 1;
        }
        self.push(text.get(at..).unwrap_or(""));
    }

    fn push(&mut self, text: &str) {
        let style = Style {
            bold: self.bold > 0 || self.heading.is_some(),
            link: self.link.clone(),
        };
        self.text.push(text, style);
    }

    fn end_image(&mut self) {
        let Some((src, title, alt)) = self.image.take() else {
            return;
        };
        let alt = if title == "decorative" {
            String::new()
        } else {
            alt
        };
        if self.text.text.trim().is_empty() && self.heading.is_none() && self.item.is_none() {
            self.text = Styled::default();
            if let Some((src, alt)) = self.lead.replace((src, alt)) {
                self.blocks.push(Block::Figure { src, alt });
            }
        } else {
            self.blocks.push(Block::Figure { src, alt });
        }
    }

    /// Ends the block being read.
    fn flush(&mut self) {
        let text = std::mem::take(&mut self.text);
        let text = trimmed(text);
        let lead = self.lead.take();
        let empty = text.text.is_empty();
        if let Some(level) = self.heading.take() {
            if !empty {
                self.blocks.push(Block::Heading(level, text));
            }
            return;
        }
        if let Some(label) = self.item.take() {
            let (list, ordered) = self
                .lists
                .last()
                .map_or((0, false), |o| (o.list, o.ordered));
            self.blocks.push(Block::Item {
                list,
                ordered,
                label,
                depth: self.lists.len().saturating_sub(1),
                text,
            });
            if ordered && self.answer_lines > 0 {
                self.blocks.push(Block::AnswerLines(self.answer_lines));
            }
            return;
        }
        match lead {
            Some((src, alt)) if !empty => self.blocks.push(Block::Point { src, alt, text }),
            Some((src, alt)) => self.blocks.push(Block::Figure { src, alt }),
            None if !empty => self.blocks.push(Block::Para(text)),
            None => {}
        }
    }
}

/// `text` without white space at either end, and with runs of white space made one space.
fn trimmed(text: Styled) -> Styled {
    let mut out = Styled::default();
    let mut space = false;
    for (range, style) in &text.styles {
        let mut piece = String::new();
        for c in text.text[range.clone()].chars() {
            if c.is_whitespace() {
                space = true;
            } else {
                if space && !(out.text.is_empty() && piece.is_empty()) {
                    piece.push(' ');
                }
                space = false;
                piece.push(c);
            }
        }
        out.push(&piece, style.clone());
    }
    out
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Splits a paragraph into its sentences (for Easy Read: one sentence a line).
pub fn sentences(text: &Styled) -> Vec<Styled> {
    let mut out = Vec::new();
    let mut current = Styled::default();
    for (range, style) in &text.styles {
        let piece = &text.text[range.clone()];
        let mut at = 0;
        for (i, c) in piece.char_indices() {
            let next = piece[i + c.len_utf8()..].chars().next();
            if matches!(c, '.' | '?' | '!' | '۔' | '؟') && next.is_none_or(char::is_whitespace) {
                let end = i + c.len_utf8();
                current.push(&piece[at..end], style.clone());
                out.push(trimmed(std::mem::take(&mut current)));
                at = end;
            }
        }
        current.push(&piece[at..], style.clone());
    }
    let rest = trimmed(current);
    if !rest.text.is_empty() {
        out.push(rest);
    }
    out.retain(|s| !s.text.is_empty());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Same;
    impl Resolve for Same {
        fn link(&self, href: &str) -> String {
            href.to_string()
        }
        fn helpline(&self, id: &str) -> Option<(String, String)> {
            (id == "x").then(|| ("Helpline".into(), "0000".into()))
        }
    }

    #[test]
    fn blocks_in_order() {
        let md = "## Before\n\nSome **bold** text and a [link](https://x.org/).\n\n1. First?\n2. Second?\n\n- A point\n\n{{ helpline(id=\"x\") }}\n\n![A house](house.svg) A house is a home.\n";
        let b = blocks(md, 2, &Same);
        assert!(matches!(&b[0], Block::Heading(2, t) if t.text == "Before"));
        let Block::Para(p) = &b[1] else {
            panic!("{b:?}")
        };
        assert_eq!(p.text, "Some bold text and a link.");
        assert!(p.styles.iter().any(|(_, s)| s.bold));
        assert!(
            p.styles
                .iter()
                .any(|(_, s)| s.link.as_deref() == Some("https://x.org/"))
        );
        assert!(matches!(&b[2], Block::Item { label, ordered: true, .. } if label == "1."));
        assert_eq!(b[3], Block::AnswerLines(2));
        assert!(matches!(&b[6], Block::Item { label, ordered: false, .. } if label == "\u{2022}"));
        assert!(matches!(&b[7], Block::Para(t) if t.text == "Helpline: 0000"));
        assert!(
            matches!(&b[8], Block::Point { src, alt, text } if src == "house.svg" && alt == "A house" && text.text == "A house is a home.")
        );
        assert_eq!(b.len(), 9, "{b:?}");
    }

    #[test]
    fn sentences_split() {
        let s = sentences(&Styled::plain("One thing. Another? Three 3.5 times! Last"));
        let texts: Vec<&str> = s.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(
            texts,
            ["One thing.", "Another?", "Three 3.5 times!", "Last"]
        );
    }
}
