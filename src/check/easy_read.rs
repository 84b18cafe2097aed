//! The `easy-read` rule: in pages marked `format: easy-read`, a sentence over 15 words or a
//! paragraph (a point) over 3 sentences. Read from the Markdown, line by line, so each
//! finding points at its line; a line break ends a sentence (Easy Read puts one on a line).

use super::{Audit, Finding, Spot};
use crate::content::page::Source;
use crate::content::print::Format;

/// The most words in an Easy Read sentence.
pub const MAX_WORDS: usize = 15;
/// The most sentences in an Easy Read paragraph.
pub const MAX_SENTENCES: usize = 3;

/// Every Easy Read page's and section's long sentences and long paragraphs.
pub fn check(site: &Audit<'_>) -> Vec<Finding> {
    let lib = site.lib;
    let pages = lib
        .pages
        .values()
        .filter(|p| p.meta.format == Format::EasyRead)
        .map(|p| &p.source);
    let sections = lib
        .sections
        .values()
        .filter(|s| s.render && s.meta.format == Format::EasyRead)
        .map(|s| &s.source);
    pages.chain(sections).flat_map(findings).collect()
}

/// A paragraph: its first line and its sentences with their lines and word counts.
struct Para {
    line: usize,
    sentences: Vec<(usize, usize)>,
}

fn findings(source: &Source) -> Vec<Finding> {
    let mut out = Vec::new();
    for para in paragraphs(source.body(), source.body_line) {
        for &(line, words) in &para.sentences {
            if words > MAX_WORDS {
                out.push(
                    Finding::new(
                        "easy-read",
                        &source.file,
                        format!("this Easy Read sentence has {words} words; Easy Read sentences have {MAX_WORDS} at most"),
                    )
                    .at(&Spot::line(&source.file, &source.text, line))
                    .hint("split it into two short sentences, each on its own line"),
                );
            }
        }
        let n = para.sentences.len();
        if n > MAX_SENTENCES {
            out.push(
                Finding::new(
                    "easy-read",
                    &source.file,
                    format!("this Easy Read point has {n} sentences; Easy Read points have {MAX_SENTENCES} at most"),
                )
                .at(&Spot::line(&source.file, &source.text, para.line))
                .hint("make it two points (leave a blank line), each with its own picture"),
            );
        }
    }
    out
}

/// The paragraphs of `body` (which starts on line `first`): runs of text lines, leaving out
/// headings, code, component lines and HTML; each list item is a paragraph of its own.
fn paragraphs(body: &str, first: usize) -> Vec<Para> {
    let mut out: Vec<Para> = Vec::new();
    let mut open = false;
    let mut fence = false;
    for (i, raw) in body.lines().enumerate() {
        let line = first + i;
        let t = raw.trim();
        if t.starts_with("```") || t.starts_with("~~~") {
            fence = !fence;
            open = false;
            continue;
        }
        let skip = fence
            || t.is_empty()
            || t.starts_with('#')
            || t.starts_with("{%")
            || (t.starts_with("{{") && t.ends_with("}}"))
            || t.starts_with('<')
            || raw.starts_with("    ");
        if skip {
            open = false;
            continue;
        }
        let item = t
            .strip_prefix("- ")
            .or_else(|| t.strip_prefix("* "))
            .or_else(|| {
                let digits = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(0);
                (digits > 0)
                    .then(|| t[digits..].strip_prefix(". "))
                    .flatten()
            });
        let text = item.unwrap_or(t);
        if item.is_some() || !open {
            out.push(Para {
                line,
                sentences: Vec::new(),
            });
            open = true;
        }
        if let Some(p) = out.last_mut() {
            p.sentences
                .extend(sentences(&plain(text)).into_iter().map(|w| (line, w)));
        }
    }
    out
}

/// The text of a Markdown line without pictures, link addresses and emphasis marks.
fn plain(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find(['!', '[']) {
        out.push_str(&rest[..i]);
        let from = if rest[i..].starts_with("![") {
            i + 2
        } else if rest[i..].starts_with('[') {
            i + 1
        } else {
            out.push('!');
            rest = &rest[i + 1..];
            continue;
        };
        let image = rest[i..].starts_with('!');
        let Some(close) = rest[from..].find("](") else {
            out.push_str(&rest[i..from]);
            rest = &rest[from..];
            continue;
        };
        let label = &rest[from..from + close];
        let after = &rest[from + close + 2..];
        let end = after.find(')').map_or(after.len(), |e| e + 1);
        if !image {
            out.push_str(label);
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out.replace(['*', '_', '`'], "")
}

/// The word count of each sentence of `text` (one line).
fn sentences(text: &str) -> Vec<usize> {
    text.split_inclusive(['.', '?', '!', '۔', '؟'])
        .map(|s| {
            s.split_whitespace()
                .filter(|w| w.chars().any(char::is_alphanumeric))
                .count()
        })
        .filter(|n| *n > 0)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_sentences_and_words_by_line() {
        let body = "![A house.](house.svg) One two three.\nFour five.\n\n- An item. Two.\n\n{{ helpline(id=\"x\") }}\n\n## Heading\n\nA [link text](@/x.md) here.\n";
        let paras = paragraphs(body, 5);
        let got: Vec<(usize, Vec<(usize, usize)>)> =
            paras.into_iter().map(|p| (p.line, p.sentences)).collect();
        assert_eq!(
            got,
            [
                (5, vec![(5, 3), (6, 2)]),
                (8, vec![(8, 2), (8, 1)]),
                (14, vec![(14, 4)]),
            ]
        );
    }
}
