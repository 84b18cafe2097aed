//! What search indexes of a page: its title, description, and the text of the HTML the
//! Markdown stage made of its body (never the theme's menus, footer or help block), cut into
//! parts at each heading that has an id, so a result can link to the heading's anchor.

use std::borrow::Cow;

/// One page or section, as search sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct Doc {
    /// The address to link to (root-relative, with the base path).
    pub url: String,
    pub title: String,
    pub description: String,
    /// The text before the first heading comes first, with an empty anchor.
    pub parts: Vec<Part>,
}

/// The text under one heading.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Part {
    /// The heading's id (empty for the text before the first heading).
    pub anchor: String,
    pub heading: String,
    pub text: String,
}

/// The most text kept of one page for excerpts, in bytes (all of it is indexed).
pub const MAX_TEXT: usize = 200_000;

/// Elements whose content is not text a reader sees as the page's words.
fn is_skipped(name: &str) -> bool {
    matches!(
        name,
        "script" | "style" | "svg" | "template" | "noscript" | "math"
    )
}

/// Elements inside which words run on (no space is added at their tags).
fn is_inline(name: &str) -> bool {
    matches!(
        name,
        "a" | "abbr"
            | "b"
            | "bdi"
            | "bdo"
            | "cite"
            | "code"
            | "del"
            | "dfn"
            | "em"
            | "i"
            | "ins"
            | "kbd"
            | "mark"
            | "q"
            | "s"
            | "small"
            | "span"
            | "strong"
            | "u"
    )
}

/// A tag: its lower-case name, whether it closes, and its attributes' source text.
struct Tag<'a> {
    name: Cow<'a, str>,
    closing: bool,
    attrs: &'a str,
}

/// Reads the tag starting at `html[at]` (`<`); returns it and the byte after its `>`.
fn read_tag(html: &str, at: usize) -> Option<(Tag<'_>, usize)> {
    let rest = &html[at + 1..];
    let end = rest.find('>')?;
    let inner = &rest[..end];
    let (closing, inner) = match inner.strip_prefix('/') {
        Some(i) => (true, i),
        None => (false, inner),
    };
    let name_end = inner
        .find(|c: char| c.is_ascii_whitespace() || c == '/')
        .unwrap_or(inner.len());
    let raw = &inner[..name_end];
    let name = if raw.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(raw.to_ascii_lowercase())
    } else {
        Cow::Borrowed(raw)
    };
    if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    Some((
        Tag {
            name,
            closing,
            attrs: &inner[name_end..],
        },
        at + 1 + end + 1,
    ))
}

/// The value of `id="..."` in a tag's attributes.
fn id_of(attrs: &str) -> Option<String> {
    let mut rest = attrs;
    while let Some(i) = rest.find("id=") {
        let before = rest[..i].chars().last();
        let after = &rest[i + 3..];
        if before.is_none_or(|c| c.is_ascii_whitespace()) {
            let quote = after.chars().next()?;
            if quote == '"' || quote == '\'' {
                let value = &after[1..];
                let end = value.find(quote)?;
                return Some(decode(&value[..end]).into_owned());
            }
        }
        rest = after;
    }
    None
}

/// Decodes the character references pulldown-cmark and Tera write.
pub fn decode(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let end = after.find(';').filter(|e| *e <= 10);
        let decoded = end.and_then(|e| entity(&after[..e]));
        match (end, decoded) {
            (Some(e), Some(c)) => {
                out.push(c);
                rest = &after[e + 1..];
            }
            _ => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

fn entity(name: &str) -> Option<char> {
    let named = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        "rsquo" => '’',
        "lsquo" => '‘',
        "ldquo" => '“',
        "rdquo" => '”',
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            return char::from_u32(code);
        }
    };
    Some(named)
}

/// Appends text to `out`, collapsing white space (as `char::is_whitespace` counts it) to
/// single spaces. ASCII is read byte by byte; only other characters are decoded.
fn push_text(out: &mut String, text: &str) {
    let text = decode(text);
    let mut run = 0;
    let mut i = 0;
    while i < text.len() {
        let (is_space, width) = crate::util::text::space_at(&text, i);
        i += width;
        if is_space {
            out.push_str(text.get(run..i - width).unwrap_or_default());
            space(out);
            run = i;
        }
    }
    out.push_str(text.get(run..).unwrap_or_default());
}

fn space(out: &mut String) {
    if !out.is_empty() && !out.ends_with(' ') {
        out.push(' ');
    }
}

/// Cuts the rendered HTML of a page's body into parts at its headings with ids.
pub fn parts(html: &str) -> Vec<Part> {
    let mut parts = vec![Part::default()];
    // Inside a heading: its level; its text goes to the current part's heading.
    let mut heading: Option<String> = None;
    let mut skipping: Option<(String, usize)> = None;
    let mut pos = 0;
    let mut kept = 0;
    while pos < html.len() {
        let Some(lt) = html[pos..].find('<').map(|i| pos + i) else {
            break;
        };
        let text = &html[pos..lt];
        let Some(part) = parts.last_mut() else { break };
        if skipping.is_none() && !text.is_empty() {
            let into = if heading.is_some() {
                &mut part.heading
            } else {
                &mut part.text
            };
            if kept < MAX_TEXT || heading.is_some() {
                let before = into.len();
                push_text(into, text);
                kept += into.len() - before;
            }
        }
        if html[lt..].starts_with("<!--") {
            pos = html[lt..].find("-->").map_or(html.len(), |e| lt + e + 3);
            continue;
        }
        let Some((tag, next)) = read_tag(html, lt) else {
            if skipping.is_none() {
                part.text.push('<');
            }
            pos = lt + 1;
            continue;
        };
        pos = next;
        if let Some((name, depth)) = &mut skipping {
            if *name == tag.name {
                if tag.closing {
                    *depth -= 1;
                } else if !tag.attrs.trim_end().ends_with('/') {
                    *depth += 1;
                }
                if *depth == 0 {
                    skipping = None;
                }
            }
            continue;
        }
        if !tag.closing && is_skipped(&tag.name) {
            if !tag.attrs.trim_end().ends_with('/') {
                skipping = Some((tag.name.into_owned(), 1));
            }
            continue;
        }
        let opens_heading = !tag.closing && heading_level(&tag.name).is_some();
        if let Some(id) = opens_heading.then(|| id_of(tag.attrs)).flatten() {
            parts.push(Part {
                anchor: id,
                ..Part::default()
            });
            heading = Some(tag.name.into_owned());
            continue;
        }
        if tag.closing && heading.as_deref() == Some(&*tag.name) {
            heading = None;
            continue;
        }
        if let (false, Some(part)) = (is_inline(&tag.name), parts.last_mut()) {
            space(if heading.is_some() {
                &mut part.heading
            } else {
                &mut part.text
            });
        }
    }
    if let (Some(part), None, true) = (parts.last_mut(), &skipping, pos < html.len()) {
        push_text(&mut part.text, &html[pos..]);
    }
    for p in &mut parts {
        p.text.truncate(p.text.trim_end().len());
        p.heading.truncate(p.heading.trim_end().len());
    }
    parts
}

fn heading_level(name: &str) -> Option<u8> {
    match name {
        "h1" => Some(1),
        "h2" => Some(2),
        "h3" => Some(3),
        "h4" => Some(4),
        "h5" => Some(5),
        "h6" => Some(6),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_at_headings_with_ids() {
        let html = "<p>Intro &amp; more.</p>\n<h2 id=\"signs\">Signs <em>to</em> see</h2>\n\
                    <ul><li>One</li><li>Two</li></ul><h3>No id</h3><p>Three</p>";
        let parts = parts(html);
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].text, "Intro & more.");
        assert_eq!(parts[1].anchor, "signs");
        assert_eq!(parts[1].heading, "Signs to see");
        assert_eq!(parts[1].text, "One Two No id Three");
    }

    #[test]
    fn leaves_out_scripts_styles_and_icons() {
        let html = "<p>A</p><svg><title>icon</title><svg></svg></svg><script>var x = '<p>';</script>\
                    <style>p{}</style><!-- note --><p>B &lt;b&gt; &#x41;</p>";
        let parts = parts(html);
        assert_eq!(parts[0].text, "A B <b> A");
    }

    /// The rule `push_text` implements, written the plain way.
    fn collapsed(text: &str) -> String {
        decode(text)
            .split(char::is_whitespace)
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn white_space_collapses_as_the_plain_rule_says() {
        let texts = [
            "  two  words ",
            "tab\tnew\nline\r\x0bvertical\x0cfeed",
            "no-break\u{a0}space and\u{2009}thin, ideographic\u{3000}space",
            "zgłoś   گھریلو غلامی",
            "&amp;&nbsp;&nbsp;x &#x20; y",
            "",
            "   ",
        ];
        for t in texts {
            let mut out = String::new();
            push_text(&mut out, t);
            assert_eq!(out.trim_end(), collapsed(t), "{t:?}");
        }
    }

    #[test]
    fn keeps_a_stray_less_than_sign() {
        assert_eq!(parts("<p>1 < 2</p>")[0].text, "1 < 2");
    }
}
