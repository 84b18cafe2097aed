//! The `reading-age` rule: the Flesch-Kincaid grade of each English page's text, plus 5.

use scraper::{ElementRef, Html, Node};

use super::{Audit, Finding, Spot};
use crate::content::front_matter::{FrontMatter, front_matter_key_line};
use crate::content::page::Source;

/// Texts shorter than this many words are not scored: the formula means little on them.
pub const MIN_WORDS: usize = 30;

/// Words, sentences and syllables of a text.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Counts {
    pub words: usize,
    pub sentences: usize,
    pub syllables: usize,
}

impl Counts {
    /// The Flesch-Kincaid grade level:
    /// 0.39 × (words / sentences) + 11.8 × (syllables / words) − 15.59.
    pub fn grade(&self) -> f64 {
        let words = self.words.max(1) as f64;
        0.39 * (words / self.sentences.max(1) as f64) + 11.8 * (self.syllables as f64 / words)
            - 15.59
    }

    /// The reading age in years: the US school grade plus 5, never below 5.
    pub fn reading_age(&self) -> f64 {
        (self.grade() + 5.0).max(5.0)
    }
}

/// Syllables of an English word, by a simple rule: count groups of vowels (a e i o u y),
/// less a silent final `e` (but not `-le`), at least one per word.
pub fn syllables(word: &str) -> usize {
    let w: Vec<char> = word
        .chars()
        .filter(char::is_ascii_alphabetic)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let vowel = |c: char| "aeiouy".contains(c);
    let mut count: usize = 0;
    let mut previous = false;
    for c in &w {
        let v = vowel(*c);
        if v && !previous {
            count += 1;
        }
        previous = v;
    }
    let n = w.len();
    let silent_e = n > 2 && w[n - 1] == 'e' && !vowel(w[n - 2]);
    let consonant_le = n > 2 && w[n - 2] == 'l' && !vowel(w[n - 3]);
    if silent_e && !consonant_le {
        count = count.saturating_sub(1);
    }
    count.max(1)
}

/// Counts the words, sentences and syllables of a page's rendered text. Every paragraph,
/// list item, heading or table cell ends a sentence, as do `.`, `!` and `?`; code is left out.
pub fn count(html: &str) -> Counts {
    let doc = Html::parse_fragment(html);
    let mut text = String::new();
    collect(doc.root_element(), &mut text);
    let mut c = Counts::default();
    for sentence in text.split(['.', '!', '?', '\n']) {
        let words: Vec<&str> = sentence
            .split_whitespace()
            .map(|w| w.trim_matches(|ch: char| !ch.is_alphanumeric()))
            .filter(|w| w.chars().any(char::is_alphabetic))
            .collect();
        if words.is_empty() {
            continue;
        }
        c.sentences += 1;
        c.words += words.len();
        c.syllables += words.iter().map(|w| syllables(w)).sum::<usize>();
    }
    c
}

fn collect(node: ElementRef<'_>, out: &mut String) {
    for child in node.children() {
        match child.value() {
            Node::Text(t) => out.push_str(&t.text),
            Node::Element(e) => {
                let Some(child) = ElementRef::wrap(child) else {
                    continue;
                };
                let name = e.name();
                if matches!(name, "script" | "style" | "pre" | "code" | "svg") {
                    out.push(' ');
                    continue;
                }
                collect(child, out);
                if matches!(
                    name,
                    "p" | "li"
                        | "h1"
                        | "h2"
                        | "h3"
                        | "h4"
                        | "h5"
                        | "h6"
                        | "td"
                        | "th"
                        | "dt"
                        | "dd"
                        | "blockquote"
                        | "figcaption"
                        | "br"
                        | "div"
                ) {
                    out.push('\n');
                } else {
                    out.push(' ');
                }
            }
            _ => {}
        }
    }
}

/// `reading-age`: English pages (not made from data) whose text reads above the limit of
/// their front matter, section or `check.reading_age`.
pub fn reading_age<'a>(site: &Audit<'a>) -> Vec<Finding> {
    let lib: &'a crate::content::Library = site.lib;
    let section_limit = |mut key: Option<&'a String>| -> Option<(f64, &'a Source)> {
        while let Some(k) = key {
            let s = lib.sections.get(k)?;
            if let Some(limit) = s.meta.reading_age {
                return Some((limit, &s.source));
            }
            key = s.parent.as_ref();
        }
        None
    };
    let docs_of = |key: &str| site.documents.get(key);
    let docs = lib
        .pages
        .values()
        .filter(|p| p.item.is_none() && is_english(&p.lang))
        .map(|p| {
            (
                &p.source,
                &p.meta,
                &docs_of(&p.key).html,
                p.section.as_ref(),
            )
        })
        .chain(
            lib.sections
                .values()
                .filter(|s| s.render && is_english(&s.lang))
                .map(|s| (&s.source, &s.meta, &docs_of(&s.key).html, s.parent.as_ref())),
        );
    let mut out = Vec::new();
    for (source, meta, html, parent) in docs {
        let (limit, from) = match (meta.reading_age, section_limit(parent)) {
            (Some(l), _) => (l, "its front matter"),
            (None, Some((l, _))) => (l, "its section's front matter"),
            (None, None) => (
                site.config.check.reading_age,
                "check.reading_age in placard.yaml",
            ),
        };
        let counts = count(html);
        if counts.words < MIN_WORDS {
            continue;
        }
        let age = counts.reading_age();
        if age <= limit {
            continue;
        }
        out.push(
            Finding::new(
                "reading-age",
                &source.file,
                format!(
                    "the estimated reading age of this page is {age:.1} years, above the limit of \
                     {limit} set by {from} ({} words in {} sentences, {:.2} syllables a word)",
                    counts.words,
                    counts.sentences,
                    counts.syllables as f64 / counts.words as f64
                ),
            )
            .at(&spot_for(source, meta))
            .hint("use shorter sentences and everyday words; or, for a page meant for professionals, raise `reading_age` in its front matter"),
        );
    }
    out
}

/// The formula and the syllable rule are for English: other languages are not scored.
fn is_english(lang: &str) -> bool {
    lang == "en" || lang.starts_with("en-")
}

fn spot_for(source: &Source, meta: &FrontMatter) -> Spot {
    let line = if meta.reading_age.is_some() {
        front_matter_key_line(&source.text, "reading_age")
    } else {
        None
    };
    match line {
        Some(line) => Spot::line(&source.file, &source.text, line),
        None => Spot::first_text(&source.file, &source.text, source.body_offset),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syllable_heuristic() {
        assert_eq!(syllables("cat"), 1);
        assert_eq!(syllables("table"), 2);
        assert_eq!(syllables("make"), 1);
        assert_eq!(syllables("exploitation"), 4);
        assert_eq!(syllables("helpline"), 2);
        assert_eq!(syllables("the"), 1);
    }

    #[test]
    fn counts_sentences_by_blocks() {
        let c = count(
            "<h2>Get help</h2><p>Call us. We listen!</p><ul><li>Free</li></ul><pre>code here</pre>",
        );
        assert_eq!(c.sentences, 4);
        assert_eq!(c.words, 7);
    }

    #[test]
    fn simple_text_reads_young() {
        let c = count("<p>The cat sat on the mat. The dog ran to the cat.</p>");
        assert!(c.reading_age() < 8.0, "{}", c.reading_age());
        let hard = count(
            "<p>Multi-agency safeguarding arrangements necessitate comprehensive interdisciplinary communication between organisations responsible for identification.</p>",
        );
        assert!(hard.reading_age() > 18.0, "{}", hard.reading_age());
    }
}
