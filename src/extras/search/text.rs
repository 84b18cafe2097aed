//! The text rules search shares with `search.js`: what a word is, case and diacritic folding,
//! and English plural stemming. The script implements the same rules; keep them in step.

use unicode_normalization::UnicodeNormalization;

/// The longest word indexed, in characters (longer ones are cut).
pub const MAX_WORD: usize = 40;

/// Is `c` part of a word? Letters, digits and combining marks (Arabic vowel signs are marks, so
/// Urdu and Arabic words are never split at them), and the zero-width joiner and non-joiner
/// used inside Urdu and Persian words.
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    c.is_alphanumeric() || is_mark(c) || c == '\u{200c}' || c == '\u{200d}'
}

/// An apostrophe joins two word characters into one word (`don't`, `people's`).
fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{02bc}')
}

/// The combining marks folding removes: Latin, Greek and Cyrillic accents, and Arabic
/// vowel signs, hamza and madda above, superscript alef, and the tatweel.
fn is_removed_mark(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036f}'
        | '\u{1ab0}'..='\u{1aff}'
        | '\u{1dc0}'..='\u{1dff}'
        | '\u{20d0}'..='\u{20ff}'
        | '\u{fe20}'..='\u{fe2f}'
        | '\u{064b}'..='\u{065f}'
        | '\u{0670}'
        | '\u{0640}')
}

fn is_mark(c: char) -> bool {
    unicode_normalization::char::is_combining_mark(c) || c == '\u{0640}'
}

/// The words of `text` with their byte ranges in it, in order.
pub fn words(text: &str) -> Vec<(usize, usize)> {
    Words::new(text).collect()
}

/// The words of a text with their byte ranges, one at a time (nothing is allocated).
pub struct Words<'a> {
    text: &'a str,
    chars: std::iter::Peekable<std::str::CharIndices<'a>>,
}

impl<'a> Words<'a> {
    pub fn new(text: &'a str) -> Self {
        Words {
            text,
            chars: text.char_indices().peekable(),
        }
    }
}

impl Iterator for Words<'_> {
    type Item = (usize, usize);

    fn next(&mut self) -> Option<(usize, usize)> {
        let mut start: Option<usize> = None;
        while let Some((i, c)) = self.chars.next() {
            let joins = start.is_some()
                && is_apostrophe(c)
                && self.chars.peek().is_some_and(|(_, n)| is_word_char(*n));
            if is_word_char(c) || joins {
                start.get_or_insert(i);
            } else if let Some(s) = start {
                return Some((s, i));
            }
        }
        start.map(|s| (s, self.text.len()))
    }
}

/// Folds a word for comparison: lower case, accents and Arabic vowel signs removed, letters
/// without a decomposition mapped (`ł` -> `l`, `ß` -> `ss`), Arabic `ي ى ك` written as the
/// Urdu `ی ک`, apostrophes and joiners dropped. Cut at [`MAX_WORD`] characters.
pub fn fold(word: &str) -> String {
    let mut out = String::new();
    fold_into(word, &mut out);
    out
}

/// [`fold`], appending to `out` (which a caller reuses from word to word).
pub fn fold_into(word: &str, out: &mut String) {
    if word.is_ascii() {
        // The common case, without normalising: the same result, faster.
        out.extend(
            word.bytes()
                .filter(|b| *b != b'\'')
                .take(MAX_WORD)
                .map(|b| char::from(b.to_ascii_lowercase())),
        );
        return;
    }
    let lower = word.to_lowercase();
    let mut folded = String::with_capacity(lower.len());
    for c in lower.nfd() {
        if is_removed_mark(c) || is_apostrophe(c) || c == '\u{200c}' || c == '\u{200d}' {
            continue;
        }
        match c {
            'ł' => folded.push('l'),
            'ø' => folded.push('o'),
            'đ' | 'ð' => folded.push('d'),
            'ħ' => folded.push('h'),
            'ı' => folded.push('i'),
            'ŧ' => folded.push('t'),
            'þ' => folded.push_str("th"),
            'ß' => folded.push_str("ss"),
            'æ' => folded.push_str("ae"),
            'œ' => folded.push_str("oe"),
            '\u{064a}' | '\u{0649}' => folded.push('\u{06cc}'),
            '\u{0643}' => folded.push('\u{06a9}'),
            c => folded.push(c),
        }
    }
    out.extend(folded.nfc().take(MAX_WORD));
}

/// English plural stemming of a folded word: `signs` -> `sign`, `families` -> `family`,
/// `churches` -> `church`; `address`, `bus`, `this` and words under 4 letters are kept.
pub fn stem_en(word: &str) -> String {
    let mut out = word.to_string();
    stem_in_place(&mut out);
    out
}

/// [`stem_en`] in place.
pub fn stem_in_place(word: &mut String) {
    if word.len() < 4 || !word.ends_with('s') || word.chars().nth(3).is_none() {
        return;
    }
    if word.ends_with("ies") && word.chars().nth(4).is_some() {
        word.truncate(word.len() - 3);
        word.push('y');
    } else if word.ends_with("sses")
        || ["ches", "shes", "xes", "zzes"]
            .iter()
            .any(|e| word.ends_with(e))
    {
        word.truncate(word.len() - 2);
    } else if !["ss", "us", "is"].iter().any(|e| word.ends_with(e)) {
        word.truncate(word.len() - 1);
    }
}

/// Does the language get English stemming?
pub fn stems(lang: &str) -> bool {
    lang == "en" || lang.starts_with("en-")
}

/// The index terms of `text`: each word folded (and stemmed for English).
pub fn terms(text: &str, stem: bool) -> impl Iterator<Item = String> + '_ {
    Words::new(text).filter_map(move |(s, e)| {
        let mut t = String::new();
        term_into(&text[s..e], stem, &mut t);
        (!t.is_empty()).then_some(t)
    })
}

/// The index term of one word, written into `out` (cleared first).
pub fn term_into(word: &str, stem: bool, out: &mut String) {
    out.clear();
    fold_into(word, out);
    if stem {
        stem_in_place(out);
    }
}

/// Calls `f` with each index term of `text`, reusing one buffer: the build's fast path. The
/// same terms as [`terms`]: a word of ASCII letters and digits is read byte by byte; a word with
/// (or next to) any other character is read again by [`Words`] from its start.
pub fn each_term(text: &str, stem: bool, buf: &mut String, mut f: impl FnMut(&str)) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii() && !b.is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        let end = if b.is_ascii() {
            ascii_word(bytes, i)
        } else {
            None
        };
        let end = match end {
            Some(end) => {
                // The word is ASCII (letters, digits, apostrophes): copied whole, then lowered
                // in place, without a character at a time.
                buf.clear();
                buf.push_str(text.get(i..end).unwrap_or_default());
                if buf.contains('\'') {
                    buf.retain(|c| c != '\'');
                }
                buf.truncate(MAX_WORD);
                buf.make_ascii_lowercase();
                if stem {
                    stem_in_place(buf);
                }
                end
            }
            None => {
                // `i` is a word boundary (the start of the text, or a character no word
                // takes), so reading from it finds what reading from the start would.
                let Some((s, e)) = Words::new(&text[i..]).next() else {
                    break;
                };
                term_into(&text[i + s..i + e], stem, buf);
                i + e
            }
        };
        if !buf.is_empty() {
            f(buf);
        }
        i = end;
    }
}

/// The end of the word of ASCII letters and digits that starts at `bytes[start]`, or `None`
/// when a character that is not ASCII is in it or right after it (the general rules decide).
fn ascii_word(bytes: &[u8], start: usize) -> Option<usize> {
    let mut j = start;
    while j < bytes.len() {
        let c = bytes[j];
        if c.is_ascii_alphanumeric() {
            j += 1;
        } else if c == b'\'' {
            match bytes.get(j + 1) {
                Some(n) if n.is_ascii_alphanumeric() => j += 1,
                Some(n) if !n.is_ascii() => return None,
                _ => return Some(j),
            }
        } else if c.is_ascii() {
            return Some(j);
        } else {
            return None;
        }
    }
    Some(j)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str, stem: bool) -> Vec<String> {
        terms(text, stem).collect()
    }

    #[test]
    fn folds_case_and_diacritics() {
        assert_eq!(fold("Zgłoś"), "zglos");
        assert_eq!(fold("ZAŻÓŁĆ"), "zazolc");
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("Café"), "cafe");
        assert_eq!(fold("Don't"), "dont");
        assert_eq!(fold(&"a".repeat(50)), "a".repeat(MAX_WORD));
    }

    #[test]
    fn stems_plurals_only() {
        for (word, stem) in [
            ("signs", "sign"),
            ("families", "family"),
            ("churches", "church"),
            ("boxes", "box"),
            ("addresses", "address"),
            ("address", "address"),
            ("bus", "bus"),
            ("this", "this"),
            ("gas", "gas"),
            ("cuckooing", "cuckooing"),
        ] {
            assert_eq!(stem_en(word), stem, "{word}");
        }
    }

    #[test]
    fn urdu_words_stay_whole() {
        // Vowel signs (zer, pesh) and the zero-width non-joiner are inside words.
        let text = "گھریلو غلامی، مدد\u{200c}گار: بِلا";
        assert_eq!(all(text, false), ["گھریلو", "غلامی", "مددگار", "بلا"]);
        // Arabic letter forms are written as their Urdu forms.
        assert_eq!(fold("كيف"), "کیف");
    }

    #[test]
    fn the_fast_path_finds_the_same_terms() {
        let texts = [
            "County-lines: don't 'wait'! Zgłoś to; naïve café",
            "word’s end, it's' x'y 'z ab'ł ok'\u{a0}go a\u{a0}b",
            "گھریلو غلامی، مدد\u{200c}گار: بِلا and ASCII after",
            "Families' SIGNS... 42nd 2026-12-02 ł",
            "",
            "'",
            "a'",
            "ł'a",
        ];
        let long = "x".repeat(60) + "'s " + &"Ab'".repeat(30);
        for text in texts.iter().copied().chain([long.as_str()]) {
            for stem in [false, true] {
                let mut fast = Vec::new();
                each_term(text, stem, &mut String::new(), |t| fast.push(t.to_string()));
                assert_eq!(fast, all(text, stem), "{text:?}");
            }
        }
    }

    #[test]
    fn splits_at_punctuation_and_keeps_apostrophes() {
        assert_eq!(
            all("County-lines: don't 'wait'!", true),
            ["county", "line", "dont", "wait"]
        );
        assert_eq!(words("a’b ’c"), [(0, 5), (9, 10)]);
    }
}
