//! The CommonMark 0.31.2 spec examples and the GFM table, task list and strikethrough examples,
//! each a page built by `placard build`, compared with the spec's HTML after normalising both.
//!
//! placard changes some examples on purpose; each is listed in [`deliberate`] with the reason,
//! and checked for exactly that change.

use crate::util::Site;

const SPEC: &str = include_str!("../fixtures/markdown/commonmark/spec-0.31.2.txt");
const GFM: &str = include_str!("../fixtures/markdown/commonmark/gfm-0.29-extensions.txt");

struct Example {
    number: usize,
    source: &'static str,
    markdown: String,
    html: String,
}

/// The examples of a spec file: blocks between a line of 32 backticks plus ` example` and a
/// line of 32 backticks, Markdown and HTML split by a line `.`; `→` stands for a tab.
fn examples(text: &'static str, source: &'static str) -> Vec<Example> {
    let fence = "`".repeat(32);
    let mut out = Vec::new();
    let mut current: Option<(Vec<&str>, Vec<&str>, bool)> = None;
    for line in text.split('\n') {
        match current.as_mut() {
            None if line.starts_with(&format!("{fence} example")) => {
                current = Some((Vec::new(), Vec::new(), false));
            }
            None => {}
            Some(_) if line == fence => {
                if let Some((md, html, _)) = current.take() {
                    let join = |l: Vec<&str>| {
                        l.iter()
                            .map(|l| format!("{l}\n"))
                            .collect::<String>()
                            .replace('→', "\t")
                    };
                    out.push(Example {
                        number: out.len() + 1,
                        source,
                        markdown: join(md),
                        html: join(html),
                    });
                }
            }
            Some((_, _, in_html)) if line == "." && !*in_html => *in_html = true,
            Some((_, html, true)) => html.push(line),
            Some((md, _, false)) => md.push(line),
        }
    }
    out
}

/// How placard's output differs from the spec on purpose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Deliberate {
    /// HTML comments are comms teams' notes and are never published.
    CommentsRemoved,
    /// An image must have alternative text (or be marked decorative), and a local image must
    /// exist: it becomes a `<picture>` with resized variants.
    ImageChecked,
    /// Not placard's choice but pulldown-cmark's: a table without body rows gets an empty
    /// `<tbody></tbody>` (the same table to a browser).
    EmptyTableBody,
}

fn deliberate(ex: &Example) -> Option<Deliberate> {
    if ex.html.contains("<img") {
        Some(Deliberate::ImageChecked)
    } else if without_comments(&ex.html) != ex.html {
        Some(Deliberate::CommentsRemoved)
    } else if ex.html.contains("</thead>\n</table>") {
        Some(Deliberate::EmptyTableBody)
    } else {
        None
    }
}

/// Both sides are compared after: `&quot;` in text read as `"`, heading ids dropped (placard gives every heading an id),
/// `style="text-align: x"` read as `align="x"`, attributes sorted, `/>` read as `>`, and
/// whitespace next to a tag dropped.
fn normalise(html: &str, drop_heading_ids: bool) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i].replace("&quot;", "\""));
        let Some(end) = tag_end(&rest[i..]) else {
            out.push_str(&rest[i..]);
            rest = "";
            break;
        };
        out.push_str(&normalise_tag(&rest[i..i + end], drop_heading_ids));
        rest = &rest[i + end..];
    }
    out.push_str(&rest.replace("&quot;", "\""));
    // Whitespace beside tags.
    let mut squeezed = String::with_capacity(out.len());
    let chars: Vec<char> = out.chars().collect();
    for (k, c) in chars.iter().enumerate() {
        if c.is_whitespace() {
            let before = chars[..k].iter().rev().find(|c| !c.is_whitespace());
            let after = chars[k + 1..].iter().find(|c| !c.is_whitespace());
            if before == Some(&'>') || after == Some(&'<') || before.is_none() || after.is_none() {
                continue;
            }
        }
        squeezed.push(*c);
    }
    squeezed
}

/// The length of the tag at the start of `s` (quotes respected), if it is one.
fn tag_end(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    if !b
        .get(1)
        .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'/')
    {
        return Some(1);
    }
    let mut quote = None;
    for (i, c) in b.iter().enumerate().skip(1) {
        match (quote, c) {
            (Some(q), c) if *c == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(*c),
            (None, b'>') => return Some(i + 1),
            (None, b'<') => return Some(1),
            _ => {}
        }
    }
    None
}

fn normalise_tag(tag: &str, drop_heading_ids: bool) -> String {
    if tag.len() < 3 || tag.starts_with("</") {
        return tag.to_string();
    }
    let inner = tag[1..tag.len() - 1].trim_end_matches('/').trim_end();
    let name_len = inner
        .find(|c: char| c.is_whitespace())
        .unwrap_or(inner.len());
    let name = &inner[..name_len];
    let heading = matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6");
    let mut attrs: Vec<String> = Vec::new();
    let mut rest = inner[name_len..].trim_start();
    while !rest.is_empty() {
        let key_len = rest
            .find(|c: char| c == '=' || c.is_whitespace())
            .unwrap_or(rest.len());
        let key = &rest[..key_len];
        rest = &rest[key_len..];
        let mut value = String::new();
        if let Some(r) = rest.strip_prefix('=') {
            let (v, after) = match r.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let close = r[1..].find(q).map_or(r.len(), |i| i + 1);
                    (&r[1..close], r.get(close + 1..).unwrap_or(""))
                }
                _ => {
                    let end = r.find(char::is_whitespace).unwrap_or(r.len());
                    (&r[..end], &r[end..])
                }
            };
            value = v.to_string();
            rest = after;
        }
        rest = rest.trim_start();
        if heading && drop_heading_ids && key == "id" {
            continue;
        }
        match (key, value.strip_prefix("text-align: ")) {
            ("style", Some(align)) => attrs.push(format!("align=\"{align}\"")),
            _ => attrs.push(format!("{key}=\"{value}\"")),
        }
    }
    attrs.sort();
    let mut out = format!("<{name}");
    for a in attrs {
        out.push(' ');
        out.push_str(&a);
    }
    out.push('>');
    out
}

/// Removes HTML comments from the spec's expected HTML, as placard does.
/// `html` without what a browser reads as comments: `<!-- -->`, and the "bogus comments" up to
/// the next `>` that `<?`, `<!x` (not a doctype) and `</` before a non-letter start.
fn without_comments(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        if let Some(inner) = after.strip_prefix("!--") {
            let end = if inner.starts_with('>') {
                1
            } else if inner.starts_with("->") {
                2
            } else {
                inner.find("-->").map_or(inner.len(), |e| e + 3)
            };
            rest = &inner[end..];
        } else if starts_bogus_comment(after) {
            rest = after.find('>').map_or("", |e| &after[e + 1..]);
        } else {
            out.push('<');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

fn starts_bogus_comment(after: &str) -> bool {
    let b = after.as_bytes();
    match b {
        [b'?', ..] => true,
        [b'!', rest @ ..] => {
            !rest.starts_with(b"--")
                && !rest
                    .get(..7)
                    .is_some_and(|d| d.eq_ignore_ascii_case(b"doctype"))
        }
        [b'/', c, ..] => !c.is_ascii_alphabetic() && *c != b'>',
        _ => false,
    }
}

fn page_text(ex: &Example) -> String {
    format!("---\ntitle: Example {}\n---\n{}", ex.number, ex.markdown)
}

#[test]
fn commonmark_and_gfm_examples_through_the_whole_pipeline() {
    let mut all = examples(SPEC, "CommonMark 0.31.2");
    assert_eq!(all.len(), 652, "the CommonMark spec has 652 examples");
    let gfm = examples(GFM, "GFM 0.29");
    assert_eq!(gfm.len(), 12, "8 tables, 2 task lists, 2 strikethrough");
    all.extend(gfm);

    let site = Site::new("markdown/commonmark/site");
    let page = |ex: &Example| {
        format!(
            "{}-{}",
            ex.source.split(' ').next().unwrap_or("x"),
            ex.number
        )
    };
    let mut images = Vec::new();
    for ex in &all {
        if deliberate(ex) == Some(Deliberate::ImageChecked) {
            images.push(ex);
            continue;
        }
        site.write(
            &format!("content/{}.md", page(ex).to_lowercase()),
            page_text(ex),
        );
    }
    site.build_ok();
    let mut failures = Vec::new();
    let mut passed = 0;
    for ex in &all {
        if deliberate(ex) == Some(Deliberate::ImageChecked) {
            continue;
        }
        let out = site.read(&format!("{}/index.html", page(ex).to_lowercase()));
        let expected = match deliberate(ex) {
            Some(Deliberate::CommentsRemoved) => without_comments(&ex.html),
            Some(Deliberate::EmptyTableBody) => {
                ex.html.replace("</thead>", "</thead><tbody></tbody>")
            }
            _ => ex.html.clone(),
        };
        if normalise(&out, true) == normalise(&expected, false) {
            passed += usize::from(deliberate(ex).is_none());
        } else {
            failures.push(format!(
                "{} example {}:\n--- markdown\n{}--- expected\n{}--- placard\n{}",
                ex.source, ex.number, ex.markdown, expected, out
            ));
        }
    }
    let listed: Vec<String> = all
        .iter()
        .filter_map(|ex| deliberate(ex).map(|d| format!("{} {}: {d:?}", ex.source, ex.number)))
        .collect();
    eprintln!(
        "{passed} examples pass as written; {} as listed:\n{}",
        listed.len(),
        listed.join("\n")
    );
    assert!(
        failures.is_empty(),
        "{} examples differ ({passed} pass):\n\n{}",
        failures.len(),
        failures.join("\n")
    );
    images_are_checked(&images);
}

/// Examples with images: an image without alternative text, or a local image that does not
/// exist, stops the build with that message; any other image is as the spec says.
fn images_are_checked(images: &[&Example]) {
    assert!(images.len() > 20, "{}", images.len());
    let mut failures = Vec::new();
    for ex in images {
        let site = Site::new("markdown/commonmark/site");
        site.write("content/ex.md", page_text(ex));
        let run = site.build();
        if run.code == 0 {
            let out = site.read("ex/index.html");
            if normalise(&out, true) != normalise(&ex.html, false) {
                failures.push(format!("{} {}: {out}", ex.source, ex.number));
            }
            continue;
        }
        let run = run.fails();
        let deliberate = run.stderr.contains("has no alternative text")
            || run.stderr.contains("cannot be found");
        if !deliberate {
            failures.push(format!("{} {}: {}", ex.source, ex.number, run.stderr));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
