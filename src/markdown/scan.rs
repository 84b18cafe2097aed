//! The first of the two Markdown passes: where the component calls are.
//!
//! The page is parsed once as written. A call can only open in a text event (never in code,
//! raw HTML, comments, link destinations or image descriptions); it is then read from the
//! paragraph's own text, line prefixes (`>`, list indentation) left out, so it may span lines
//! and hold any characters. A `\` before `{{` or `{%` (a Markdown escape) keeps it as text.
//!
//! Each call is then masked in a copy of the page of the same length: an inline call becomes
//! `{aaaa}` (ordinary text to Markdown, with the same first and last character, so emphasis
//! around it is read the same), and a `{% ... %}` line becomes an HTML comment `<!--aaaa-->`,
//! a block of its own that ends the paragraph or list before it. The second pass
//! (`events.rs`) parses the masked copy; offsets are the same in both.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::components::{self, Call, Kind, SyntaxError};

/// A call found in the page.
#[derive(Debug)]
pub(super) struct Found {
    /// Offsets are into the Markdown given to [`scan`].
    pub call: Call,
    /// An inline call that is the whole of its paragraph: its HTML replaces the paragraph.
    pub alone: bool,
    /// The bytes of the call that are text (not line prefixes or line ends).
    pub parts: Vec<(usize, usize)>,
}

/// What the first pass learnt.
#[derive(Debug, Default)]
pub(super) struct Scan {
    pub found: Vec<Found>,
    pub errors: Vec<SyntaxError>,
    /// Footnote labels: headings must not take them as ids.
    pub footnotes: Vec<String>,
}

/// Whether a page needs the first pass at all.
pub(super) fn needed(md: &str) -> bool {
    let bytes = md.as_bytes();
    memchr::memchr2_iter(b'{', b'[', bytes).any(|i| {
        matches!(
            (bytes.get(i), bytes.get(i + 1)),
            (Some(b'{'), Some(b'{' | b'%')) | (Some(b'['), Some(b'^'))
        )
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RunKind {
    Paragraph,
    /// Text straight in a list item (a tight list) or another container.
    Item,
    Heading,
    Cell,
}

/// The inline content of one paragraph, heading or cell, as lines of source.
struct Run {
    kind: RunKind,
    /// One (start, end) a line: from the line's first event to its end.
    lines: Vec<(usize, usize)>,
    line_open: bool,
    /// Offsets of `{{` and `{%` in text events.
    candidates: Vec<usize>,
}

/// Finds the calls in `md` (the Markdown of a page, from after its front matter).
pub(super) fn scan(md: &str) -> Scan {
    let mut out = Scan::default();
    let mut containers: Vec<RunKind> = Vec::new();
    let mut verbatim = 0usize;
    let mut image = 0usize;
    let mut run: Option<Run> = None;
    let mut leaf_end = 0usize;
    for (event, range) in Parser::new_ext(md, super::options()).into_offset_iter() {
        match &event {
            Event::Start(tag) if !is_inline(tag) => {
                finish(md, run.take(), range.start, &mut out);
                match tag {
                    Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::MetadataBlock(_) => verbatim += 1,
                    Tag::FootnoteDefinition(label) => out.footnotes.push(label.to_string()),
                    _ => {}
                }
                containers.push(match tag {
                    Tag::Paragraph => RunKind::Paragraph,
                    Tag::Heading { .. } => RunKind::Heading,
                    Tag::TableCell => RunKind::Cell,
                    _ => RunKind::Item,
                });
                continue;
            }
            Event::End(tag) if !is_inline_end(tag) => {
                finish(md, run.take(), range.end, &mut out);
                if matches!(
                    tag,
                    TagEnd::CodeBlock | TagEnd::HtmlBlock | TagEnd::MetadataBlock(_)
                ) {
                    verbatim = verbatim.saturating_sub(1);
                }
                containers.pop();
                continue;
            }
            _ if verbatim > 0 => continue,
            _ => {}
        }
        let r = run.get_or_insert_with(|| Run {
            kind: containers.last().copied().unwrap_or(RunKind::Item),
            lines: Vec::new(),
            line_open: false,
            candidates: Vec::new(),
        });
        match event {
            Event::SoftBreak | Event::HardBreak => {
                if let Some(line) = r.lines.last_mut().filter(|_| r.line_open) {
                    line.1 = range.start;
                }
                r.line_open = false;
                leaf_end = range.end;
                continue;
            }
            // An end's range starts with its whole span, not on this line.
            Event::End(TagEnd::Image) => image = image.saturating_sub(1),
            Event::End(_) => {}
            _ => {
                if !r.line_open {
                    r.lines.push((range.start, range.start));
                    r.line_open = true;
                }
            }
        }
        match event {
            Event::Start(Tag::Image { .. }) => image += 1,
            Event::Text(_) if image == 0 => {
                candidates(md, range.clone(), leaf_end, &mut r.candidates);
                leaf_end = range.end;
            }
            Event::Start(_) | Event::End(_) => {}
            _ => leaf_end = range.end,
        }
    }
    finish(md, run.take(), md.len(), &mut out);
    out
}

fn is_inline(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
    )
}

fn is_inline_end(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}

/// Adds the offsets of `{{` and `{%` in the text event at `range`, except escaped ones: a text
/// event that starts just after a `\` that no earlier event covers starts with an escaped
/// character.
fn candidates(md: &str, range: std::ops::Range<usize>, leaf_end: usize, out: &mut Vec<usize>) {
    let bytes = md.as_bytes();
    let Some(text) = bytes.get(range.clone()) else {
        return;
    };
    for (i, pair) in text.windows(2).enumerate() {
        if pair[0] != b'{' || !matches!(pair[1], b'{' | b'%') {
            continue;
        }
        let at = range.start + i;
        let escaped = i == 0 && at > 0 && bytes.get(at - 1) == Some(&b'\\') && leaf_end < at;
        if !escaped {
            out.push(at);
        }
    }
}

/// Reads the calls of a finished run.
fn finish(md: &str, run: Option<Run>, limit: usize, out: &mut Scan) {
    let Some(mut run) = run else {
        return;
    };
    if run.candidates.is_empty() {
        return;
    }
    if let Some(last) = run.lines.last_mut().filter(|_| run.line_open) {
        let rest = md.get(last.0..limit.min(md.len())).unwrap_or("");
        last.1 = last.0 + rest.find(['\n', '\r']).unwrap_or(rest.len());
    }
    // The run's text, lines joined by `\n`, and where each line starts in it.
    let mut text = String::new();
    let mut starts: Vec<usize> = Vec::with_capacity(run.lines.len());
    for (i, (s, e)) in run.lines.iter().enumerate() {
        if i > 0 {
            text.push('\n');
        }
        starts.push(text.len());
        text.push_str(md.get(*s..*e).unwrap_or(""));
    }
    let map = LineMap {
        lines: &run.lines,
        starts: &starts,
    };
    let mut pos = 0;
    for &cand in &run.candidates {
        let Some(at) = map.to_run(cand) else {
            continue;
        };
        if at < pos {
            continue;
        }
        match components::read(&text, at) {
            Ok(None) => {}
            Ok(Some(mut call)) => {
                pos = call.end;
                let (start, end) = (map.to_source(call.start), map.to_source(call.end));
                call.start = start;
                call.end = end;
                match place(md, &run, call) {
                    Ok(found) => out.found.push(found),
                    Err(e) => {
                        out.errors.push(e);
                        return;
                    }
                }
            }
            Err(mut e) => {
                e.offset = map.to_source(e.offset);
                out.errors.push(e);
                return;
            }
        }
    }
}

/// Offsets between the page and a run's joined text.
struct LineMap<'a> {
    lines: &'a [(usize, usize)],
    starts: &'a [usize],
}

impl LineMap<'_> {
    fn to_run(&self, offset: usize) -> Option<usize> {
        let i = self
            .lines
            .partition_point(|(s, _)| *s <= offset)
            .checked_sub(1)?;
        let (s, e) = self.lines.get(i)?;
        (offset < *e).then(|| self.starts[i] + (offset - s))
    }

    /// The page offset of a run offset (a line end maps to the end of that line).
    fn to_source(&self, at: usize) -> usize {
        let i = self.starts.partition_point(|s| *s <= at).saturating_sub(1);
        match (self.lines.get(i), self.starts.get(i)) {
            (Some((s, e)), Some(st)) => (s + (at - st)).min(*e),
            _ => at,
        }
    }
}

/// Checks that a call stands where its kind may, and finds the bytes to mask.
fn place(md: &str, run: &Run, call: Call) -> Result<Found, SyntaxError> {
    // The lines the call is on, found by binary search (a run may have many lines and calls).
    let first = run
        .lines
        .partition_point(|(_, e)| *e <= call.start)
        .min(run.lines.len());
    let last = run.lines.partition_point(|(s, _)| *s < call.end);
    let on = run.lines.get(first..last.max(first)).unwrap_or(&[]);
    let parts: Vec<(usize, usize)> = on
        .iter()
        .map(|(s, e)| ((*s).max(call.start), (*e).min(call.end)))
        .filter(|(s, e)| s < e)
        .collect();
    let rest_of_line = |end: usize| {
        on.last()
            .filter(|(s, e)| *s <= end && end <= *e)
            .and_then(|(_, e)| md.get(end..*e))
            .unwrap_or("")
    };
    let error = |message: String, hint: &str| SyntaxError {
        offset: call.start,
        len: call.name.len() + 3,
        message,
        hint: hint.into(),
    };
    if call.kind == Kind::Inline {
        let last_line = run.lines.last().map_or(0, |l| l.1);
        let alone = run.kind == RunKind::Paragraph
            && run.lines.first().is_some_and(|l| l.0 == call.start)
            && md
                .get(call.end..last_line)
                .is_some_and(|t| t.trim().is_empty());
        return Ok(Found { call, alone, parts });
    }
    let what = match call.kind {
        Kind::End => "`{% end %}`".to_string(),
        _ => format!("`{{% {}(...) %}}`", call.name),
    };
    // After a table, a line without `|` is a row of one cell to Markdown; a `{% ... %}` line
    // there still stands on its own (the masked line ends the table).
    let whole_line = || {
        let start = md[..call.start].rfind('\n').map_or(0, |i| i + 1);
        let end = md[call.end..].find('\n').map_or(md.len(), |i| call.end + i);
        md[start..call.start]
            .chars()
            .all(|c| matches!(c, ' ' | '\t' | '>'))
            && md[call.end..end].trim().is_empty()
    };
    if run.kind == RunKind::Heading || (run.kind == RunKind::Cell && !whole_line()) {
        return Err(error(
            format!("{what} cannot be inside a heading or a table cell"),
            "use an inline component `{{ name(...) }}` there, or put the component on lines of its own",
        ));
    }
    if parts.len() != 1 {
        return Err(error(
            format!("{what} must be written on one line"),
            "put the whole `{% ... %}` on one line; its body goes on the lines after it",
        ));
    }
    let starts_line = on.first().is_some_and(|(s, _)| *s == call.start);
    if !starts_line || !rest_of_line(call.end).trim().is_empty() {
        return Err(error(
            format!("{what} must be on a line of its own"),
            "start a new line before it and after it; for a component inside a sentence, use `{{ name(...) }}`",
        ));
    }
    Ok(Found {
        call,
        alone: false,
        parts,
    })
}

/// The page with every call masked (same length, same line structure).
pub(super) fn mask(md: &str, found: &[Found]) -> String {
    let mut bytes = md.as_bytes().to_vec();
    for f in found {
        for (s, e) in &f.parts {
            if let Some(b) = bytes.get_mut(*s..*e) {
                b.fill(b'a');
            }
        }
        let (s, e) = (f.call.start, f.call.end);
        let (head, tail): (&[u8], &[u8]) = match f.call.kind {
            Kind::Inline => (b"{", b"}"),
            Kind::Open | Kind::End => (b"<!--", b"-->"),
        };
        if e >= s + head.len() + tail.len() {
            if let Some(b) = bytes.get_mut(s..s + head.len()) {
                b.copy_from_slice(head);
            }
            if let Some(b) = bytes.get_mut(e - tail.len()..e) {
                b.copy_from_slice(tail);
            }
        }
    }
    // Whole characters were replaced by ASCII, so this cannot fail.
    String::from_utf8(bytes).unwrap_or_else(|_| md.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_pass_is_needed_for_calls_and_footnotes_only() {
        for md in ["a {{ b() }}", "{% x %}", "note[^1]", "x{{", "ends with [^"] {
            assert!(needed(md), "{md}");
        }
        for md in [
            "",
            "{ x }",
            "[link](/x/)",
            "a { {",
            "[ ^",
            "ends with {",
            "ends with [",
        ] {
            assert!(!needed(md), "{md}");
        }
    }

    fn names(md: &str) -> Vec<(Kind, String)> {
        let s = scan(md);
        assert!(s.errors.is_empty(), "{:?}", s.errors);
        s.found
            .into_iter()
            .map(|f| (f.call.kind, f.call.name))
            .collect()
    }

    #[test]
    fn calls_only_in_text() {
        let md = "a {{ x() }}\n\n    {{ code() }}\n\n> ```\n> {{ fence() }}\n> ```\n\n`{{ span() }}` <b title=\"{{ html() }}\"></b>\n\n<!-- {{ comment() }} -->\n\n![{{ alt() }}](i.png) [{{ link() }}](u) \\{{ escaped() }}\n";
        let found = names(md);
        let found: Vec<&str> = found.iter().map(|(_, n)| n.as_str()).collect();
        assert_eq!(found, ["x", "link"]);
    }

    #[test]
    fn calls_span_lines_inside_quotes() {
        let md = "> Say {{ x(a=1,\n> b=\"*two*\") }} now\n";
        let s = scan(md);
        assert_eq!(s.found.len(), 1, "{s:?}");
        assert_eq!(s.found[0].call.args["b"], "*two*");
        let m = mask(md, &s.found);
        assert_eq!(m, "> Say {aaaaaaaa\n> aaaaaaaaaaaa} now\n");
    }

    #[test]
    fn block_lines() {
        let md = "- a\n{% end %}\n\n{% box() %}\ntext\n";
        let s = scan(md);
        assert_eq!(s.found.len(), 2, "{s:?}");
        assert_eq!(mask(md, &s.found), "- a\n<!--aa-->\n\n<!--aaaa-->\ntext\n");
        for (md, msg) in [
            ("Text {% box() %}\n", "line of its own"),
            ("# {% box() %}\n", "heading"),
            ("{% box(a=1,\nb=2) %}\n", "one line"),
        ] {
            let s = scan(md);
            assert!(s.errors[0].message.contains(msg), "{md}: {:?}", s.errors);
        }
    }
}
