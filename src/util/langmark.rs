//! Text in another language than the page's, marked where it is made and turned into
//! `<span lang dir>` once the page's HTML is whole.
//!
//! A UI string or a data value that falls back to the default language is wrapped in
//! [`mark`]: three Unicode noncharacters (kept for a program's internal use, never in real
//! text) around the language code and the text. Templates handle the marked text like any
//! other (join it, escape it, put it in a sentence); [`resolve_html`] then writes a
//! `<span lang="en" dir="ltr">` around it in the page's text, and drops the marks where an
//! element cannot be put (attribute values, `<title>`, `<script>`, `<style>`, `<textarea>`,
//! `<option>`). [`strip`] drops them from text that is not HTML.

use std::borrow::Cow;

/// Opens a mark: the language code follows, up to [`SEP`].
const OPEN: char = '\u{FDD0}';
/// Ends the language code; the marked text follows, up to [`CLOSE`].
const SEP: char = '\u{FDD1}';
/// Ends the marked text.
const CLOSE: char = '\u{FDD2}';

/// Elements whose content is text only: marks inside them are dropped.
const TEXT_ONLY: &[&str] = &["title", "script", "style", "textarea", "option"];

/// `text`, marked as being in `lang`.
pub fn mark(lang: &str, text: &str) -> String {
    let mut out = String::with_capacity(text.len() + lang.len() + 9);
    out.push(OPEN);
    out.push_str(lang);
    out.push(SEP);
    out.push_str(text);
    out.push(CLOSE);
    out
}

/// Does `text` hold a mark?
pub fn has_marks(text: &str) -> bool {
    // The three marks are EF B7 90, EF B7 91 and EF B7 92 in UTF-8: look for their first byte
    // (rare in most text) with memchr instead of decoding every character.
    let bytes = text.as_bytes();
    memchr::memchr_iter(0xef, bytes)
        .any(|i| matches!(bytes.get(i + 1..i + 3), Some([0xb7, 0x90..=0x92])))
}

/// `text` without its marks (the marked text stays, the language codes go).
pub fn strip(text: &str) -> Cow<'_, str> {
    if !has_marks(text) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut in_code = false;
    for c in text.chars() {
        match c {
            OPEN => in_code = true,
            SEP => in_code = false,
            CLOSE => {}
            _ if in_code => {}
            _ => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A language code as a `lang` attribute may hold it (letters, digits and `-`).
fn valid_code(code: &str) -> bool {
    !code.is_empty()
        && code.len() <= 35
        && code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// Where the scanner is in the HTML.
#[derive(PartialEq)]
enum In {
    Text,
    /// Inside `<...>`, with the quote of the attribute value being read.
    Tag(Option<char>),
    /// Inside `<!-- ... -->`.
    Comment,
}

/// `html` with each marked text in the page's text wrapped in `<span lang dir>` (the
/// direction from `dir_of`), and the marks dropped everywhere else. A marked text that runs
/// over tags gets a span in each run of text, so elements stay well nested.
pub fn resolve_html(html: &str, dir_of: &dyn Fn(&str) -> &'static str) -> String {
    if !has_marks(html) {
        return html.to_string();
    }
    let mut s = Spans {
        out: String::with_capacity(html.len() + 64),
        open: Vec::new(),
        written: 0,
        dir_of,
    };
    let mut code: Option<String> = None;
    let mut state = In::Text;
    let mut text_only = false;
    for (i, c) in html.char_indices() {
        if let Some(code_text) = code.as_mut() {
            if c == SEP {
                let lang = code.take().filter(|l| valid_code(l));
                s.open
                    .push(lang.filter(|_| state == In::Text && !text_only));
            } else if c != OPEN && c != CLOSE {
                code_text.push(c);
            }
            continue;
        }
        match c {
            OPEN => code = Some(String::new()),
            SEP => {}
            CLOSE => s.close_one(),
            '<' if state == In::Text => {
                s.close_written();
                let tag = &html[i + 1..];
                if tag.starts_with("!--") {
                    state = In::Comment;
                } else {
                    state = In::Tag(None);
                    text_only = opens_text_only(tag).unwrap_or(text_only);
                }
                s.out.push(c);
            }
            '>' if state == In::Tag(None) => {
                state = In::Text;
                s.out.push(c);
            }
            '>' if state == In::Comment && s.out.ends_with("--") => {
                state = In::Text;
                s.out.push(c);
            }
            '"' | '\'' if matches!(state, In::Tag(_)) => {
                state = match state {
                    In::Tag(None) => In::Tag(Some(c)),
                    In::Tag(Some(q)) if q == c => In::Tag(None),
                    other => other,
                };
                s.out.push(c);
            }
            _ => {
                if state == In::Text && !text_only {
                    s.write_open();
                }
                s.out.push(c);
            }
        }
    }
    s.close_written();
    s.out
}

/// The output, and the marks open at this point of it.
struct Spans<'a> {
    out: String,
    /// The language of each open mark (`None` for one not written as a span), innermost last.
    open: Vec<Option<String>>,
    /// How many of the spans of `open` are written (open) in `out` now.
    written: usize,
    dir_of: &'a dyn Fn(&str) -> &'static str,
}

impl Spans<'_> {
    /// Writes the spans of the open marks not written yet (before text).
    fn write_open(&mut self) {
        let spans: Vec<&String> = self.open.iter().flatten().collect();
        for lang in spans.iter().skip(self.written) {
            self.out.push_str("<span lang=\"");
            self.out.push_str(lang);
            self.out.push_str("\" dir=\"");
            self.out.push_str((self.dir_of)(lang));
            self.out.push_str("\">");
        }
        self.written = spans.len();
    }

    /// Ends the written spans (before a tag); their marks stay open, to be written again
    /// before the next text.
    fn close_written(&mut self) {
        for _ in 0..self.written {
            self.out.push_str("</span>");
        }
        self.written = 0;
    }

    /// Ends the innermost mark.
    fn close_one(&mut self) {
        if let Some(Some(_)) = self.open.pop() {
            let spans = self.open.iter().flatten().count() + 1;
            if self.written == spans {
                self.out.push_str("</span>");
                self.written -= 1;
            }
        }
    }
}

/// For a tag's text after `<`: `Some(true)` when it opens a text-only element, `Some(false)`
/// when it closes one, `None` for any other tag.
fn opens_text_only(tag: &str) -> Option<bool> {
    let (closing, name) = match tag.strip_prefix('/') {
        Some(n) => (true, n),
        None => (false, tag),
    };
    let name: String = name
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    TEXT_ONLY.contains(&name.as_str()).then_some(!closing)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ltr(_: &str) -> &'static str {
        "ltr"
    }

    #[test]
    fn text_gets_a_span_and_attributes_lose_the_marks() {
        let m = mark("en", "Call us");
        let html = format!(r#"<p title="{m}">{m} now</p><title>{m}</title>"#);
        assert_eq!(
            resolve_html(&html, &ltr),
            r#"<p title="Call us"><span lang="en" dir="ltr">Call us</span> now</p><title>Call us</title>"#
        );
    }

    #[test]
    fn marks_over_tags_and_nested_marks_stay_well_nested() {
        let inner = mark("en", "B");
        let html = mark("en", &format!("<em>A</em> {inner}"));
        let out = resolve_html(&html, &ltr);
        assert_eq!(
            out,
            r#"<em><span lang="en" dir="ltr">A</span></em><span lang="en" dir="ltr"> <span lang="en" dir="ltr">B</span></span>"#
        );
        assert_eq!(strip(&html), "<em>A</em> B");
    }

    #[test]
    fn marks_are_found_by_their_bytes_and_nothing_else() {
        for m in [OPEN, SEP, CLOSE] {
            assert!(has_marks(&format!("text {m} more")));
        }
        // Other characters whose UTF-8 starts with EF, or with EF B7.
        for c in ['\u{FDCF}', '\u{FDD3}', '\u{F000}', '\u{FFFD}', 'ｷ'] {
            assert!(!has_marks(&format!("text {c} more")), "{c:?}");
        }
        assert!(!has_marks(""));
    }

    #[test]
    fn a_bad_code_or_stray_marks_write_nothing() {
        let html = format!("{OPEN}e\"n{SEP}x{CLOSE}{CLOSE}{SEP}y");
        assert_eq!(resolve_html(&html, &ltr), "xy");
        assert_eq!(resolve_html("<p>plain</p>", &ltr), "<p>plain</p>");
    }
}
