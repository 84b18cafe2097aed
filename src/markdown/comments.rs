//! HTML comments in Markdown: comms teams' notes to each other, never published.
//!
//! Comments are removed as the Markdown parser reports them, never by searching the text: an
//! inline HTML event that is a comment is dropped whole, and an HTML block is read with HTML's
//! own rules (quoted attribute values, and the raw text of `script`, `style`, `textarea`,
//! `title` and `xmp`, hold no comments) so that only real comments go.

/// Marks the end of a page's summary; the one comment that is kept.
pub(super) const SUMMARY_MARK: &str = "<!-- more -->";

/// Whether an inline HTML event is a comment as a browser reads it (CommonMark gives each its
/// own event): `<!-- -->`, and the processing instructions (`<?x?>`), declarations and CDATA
/// sections that HTML turns into comments.
pub(super) fn is_comment(inline_html: &str) -> bool {
    let b = inline_html.as_bytes();
    b.starts_with(b"<?") || (b.starts_with(b"<!") && !is_doctype(&b[2..]))
}

/// Whether the text after `<!` is a doctype (the one `<!` that does not make a comment).
fn is_doctype(after: &[u8]) -> bool {
    after.len() >= 7 && after[..7].eq_ignore_ascii_case(b"doctype")
}

/// Whether `<` followed by `after` starts what HTML reads as a "bogus comment", up to the next
/// `>`: `<?`, `<!` that is not `<!--` or a doctype, and `</` followed by anything but a letter
/// or `>`.
fn starts_bogus_comment(after: &[u8]) -> bool {
    match after {
        [b'?', ..] => true,
        [b'!', rest @ ..] => !rest.starts_with(b"--") && !is_doctype(rest),
        [b'/', c, ..] => !c.is_ascii_alphabetic() && *c != b'>',
        _ => false,
    }
}

const RAW_TEXT: [&str; 5] = ["script", "style", "textarea", "title", "xmp"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum State {
    #[default]
    Data,
    Comment,
    /// Inside a "bogus comment" (see [`starts_bogus_comment`]), until `>`.
    Bogus,
    /// Inside `<name ...>`; `quote` is the open attribute quote, if any.
    Tag {
        quote: Option<u8>,
        raw: Option<&'static str>,
    },
    /// Inside the text of a raw text element, until its end tag.
    Raw(&'static str),
}

/// Reads one HTML block, event by event (a comment may span several lines).
#[derive(Debug, Default)]
pub(super) struct HtmlBlock {
    state: State,
    /// The first bytes of the comment being read, to know the summary mark.
    comment: String,
}

impl HtmlBlock {
    /// Starts a new HTML block.
    pub(super) fn reset(&mut self) {
        self.state = State::Data;
        self.comment.clear();
    }

    /// The part of `html` (one event of the block) outside comments. The summary mark is kept
    /// when `keep_mark`.
    pub(super) fn strip(&mut self, html: &str, keep_mark: bool) -> String {
        let b = html.as_bytes();
        let mut out = String::new();
        let mut kept_from = 0;
        let mut i = 0;
        while i < b.len() {
            match self.state {
                State::Data => {
                    let Some(j) = b[i..].iter().position(|c| *c == b'<').map(|j| i + j) else {
                        break;
                    };
                    let after = &b[j + 1..];
                    if after.starts_with(b"!--") {
                        out.push_str(&html[kept_from..j]);
                        self.state = State::Comment;
                        self.comment.clear();
                        self.comment.push_str("<!--");
                        i = j + 4;
                        // `<!-->` and `<!--->` are whole (empty) comments.
                        for short in ["->", ">"] {
                            if html[i..].starts_with(short) {
                                i += short.len();
                                self.state = State::Data;
                                kept_from = i;
                                break;
                            }
                        }
                        continue;
                    }
                    if starts_bogus_comment(after) {
                        out.push_str(&html[kept_from..j]);
                        self.state = State::Bogus;
                        i = j + 2;
                        continue;
                    }
                    let name_at = usize::from(after.first() == Some(&b'/'));
                    if after.get(name_at).is_some_and(u8::is_ascii_alphabetic) {
                        let name: Vec<u8> = after[name_at..]
                            .iter()
                            .take_while(|c| c.is_ascii_alphanumeric())
                            .map(u8::to_ascii_lowercase)
                            .collect();
                        let raw = RAW_TEXT
                            .into_iter()
                            .find(|r| name_at == 0 && r.as_bytes() == name.as_slice());
                        self.state = State::Tag { quote: None, raw };
                        i = j + 1 + name_at + name.len();
                    } else {
                        i = j + 1;
                    }
                }
                State::Comment => match html[i..].find("-->") {
                    Some(k) => {
                        let end = i + k + 3;
                        if self.comment.len() < 16 {
                            self.comment.push_str(&html[i..end]);
                        }
                        if keep_mark && self.comment == SUMMARY_MARK {
                            out.push_str(SUMMARY_MARK);
                        }
                        self.state = State::Data;
                        kept_from = end;
                        i = end;
                    }
                    None => {
                        if self.comment.len() < 16 {
                            self.comment.push_str(&html[i..]);
                        }
                        i = b.len();
                    }
                },
                State::Bogus => match b[i..].iter().position(|c| *c == b'>') {
                    Some(k) => {
                        self.state = State::Data;
                        kept_from = i + k + 1;
                        i = kept_from;
                    }
                    None => i = b.len(),
                },
                State::Tag { quote, raw } => {
                    let c = b[i];
                    self.state = match quote {
                        Some(q) if c == q => State::Tag { quote: None, raw },
                        Some(_) => self.state,
                        None if c == b'"' || c == b'\'' => State::Tag {
                            quote: Some(c),
                            raw,
                        },
                        None if c == b'>' => raw.map_or(State::Data, State::Raw),
                        None => self.state,
                    };
                    i += 1;
                }
                State::Raw(name) => {
                    let end = find_end_tag(&b[i..], name.as_bytes());
                    match end {
                        Some(k) => {
                            self.state = State::Data;
                            i += k;
                        }
                        None => i = b.len(),
                    }
                }
            }
        }
        if !matches!(self.state, State::Comment | State::Bogus) {
            out.push_str(&html[kept_from.min(html.len())..]);
        }
        out
    }
}

/// Where `</name` starts in `b` (any case).
fn find_end_tag(b: &[u8], name: &[u8]) -> Option<usize> {
    let n = name.len() + 2;
    (0..b.len().saturating_sub(n - 1))
        .find(|&k| b[k] == b'<' && b[k + 1] == b'/' && b[k + 2..k + n].eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strip(lines: &[&str]) -> String {
        let mut block = HtmlBlock::default();
        lines.iter().map(|l| block.strip(l, true)).collect()
    }

    #[test]
    fn what_browsers_read_as_comments_goes_too() {
        assert_eq!(strip(&["<div></\u{c2a}---\n"]), "<div>");
        assert_eq!(
            strip(&["<div>a<?php echo 1 ?>b</div>\n"]),
            "<div>ab</div>\n"
        );
        assert_eq!(
            strip(&["<div>a<!x>b<![CDATA[c]]>d</div>\n"]),
            "<div>abd</div>\n"
        );
        assert_eq!(strip(&["<div>a</ x>b</>c</div>\n"]), "<div>ab</>c</div>\n");
        assert_eq!(
            strip(&["<div>a<?", "x\n", "y>b</div>\n"]),
            "<div>ab</div>\n"
        );
        assert_eq!(
            strip(&["<!DOCTYPE html><div>a</div>\n"]),
            "<!DOCTYPE html><div>a</div>\n"
        );
        assert!(is_comment("<?x?>") && is_comment("<!X y>") && is_comment("<!-- z -->"));
        assert!(!is_comment("<!doctype html>") && !is_comment("<b>"));
    }

    #[test]
    fn comments_go_and_nothing_else() {
        assert_eq!(strip(&["<div>kept<!-- x --></div>\n"]), "<div>kept</div>\n");
        assert_eq!(strip(&["<!-- a\n", "b -->after\n"]), "after\n");
        assert_eq!(strip(&["<!-- more -->\n"]), "<!-- more -->\n");
        assert_eq!(strip(&["<p><!--> <!---> x</p>"]), "<p>  x</p>");
        let attr = "<div title=\"<!--\"><b>y</b></div>\n";
        assert_eq!(strip(&[attr]), attr);
        let script = "<script>\n var a = \"<!--\";\n</script>\n<p>after</p><!--x-->\n";
        let lines: Vec<&str> = script.split_inclusive('\n').collect();
        assert_eq!(strip(&lines), script.replace("<!--x-->", ""));
    }
}
