//! The query rules, in Rust: the same steps `search.js` takes, over the same files, so the
//! rules can be tested without a browser (and the script checked against them).
//!
//! 1. The query's words are folded (and stemmed on English pages) as the index's are.
//! 2. A word matches the terms it is, or starts (words of 2 letters or more); the shards
//!    needed are those whose prefix starts with the word, and the longest prefix of the word.
//! 3. A word of 5 or more letters that matches nothing matches the terms (with the same first
//!    letter) one typo away from it or from their start: one letter added, missing, changed, or
//!    two swapped.
//! 4. A page must match every word. It scores, per word, its best term: 8 in the title, 4 in a
//!    heading, 1 in the text, times 1 for the word itself, 0.75 for a longer word, 0.5 for a
//!    typo. Best score first; equal scores in index order.
//! 5. A result links to the heading whose part matches the most words (a match in the heading
//!    counts double), unless its title has every word, and its excerpt is up to 30 words of that part around the first match,
//!    every matching word marked.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::Value;

use super::index::decode_ids;
use super::text;

/// Reads a file of one language's index (`index.json`, `s/x.json`); `None` if there is none.
pub type Load<'a> = &'a dyn Fn(&str) -> Option<Vec<u8>>;

/// One result.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// The address, with `#anchor` when the match is under a heading.
    pub url: String,
    pub title: String,
    /// The excerpt: pieces of text, `true` for a marked one.
    pub excerpt: Vec<(String, bool)>,
    pub score: f64,
}

/// The field weights and match kinds of rule 4.
const FIELD: [f64; 3] = [8.0, 4.0, 1.0];
const EXACT: f64 = 1.0;
const PREFIX: f64 = 0.75;
const TYPO: f64 = 0.5;
/// Words in an excerpt, and words before the first match.
const EXCERPT_WORDS: usize = 30;
const BEFORE: usize = 8;

struct Index<'a> {
    load: Load<'a>,
    meta: Value,
    fetched: BTreeSet<String>,
}

impl Index<'_> {
    fn json(&mut self, path: &str) -> Option<Value> {
        self.fetched.insert(path.to_string());
        serde_json::from_slice(&(self.load)(path)?).ok()
    }

    /// A page's file, inflated.
    fn doc(&mut self, id: u32) -> Option<Value> {
        let path = super::index::doc_path(id as usize);
        self.fetched.insert(path.clone());
        let json = super::index::inflate_doc(&(self.load)(&path)?)?;
        serde_json::from_str(&json).ok()
    }

    fn map(&self, key: &str) -> BTreeMap<String, String> {
        self.meta
            .get(key)
            .and_then(Value::as_object)
            .map(|m| {
                m.iter()
                    .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The shards that can hold terms starting with `word` (all of them when `prefix`), or the
    /// term `word` itself.
    fn shards_for(&self, word: &str, prefix: bool) -> Vec<String> {
        let shards = self.map("shards");
        let mut out: Vec<String> = Vec::new();
        if prefix {
            out.extend(
                shards
                    .iter()
                    .filter(|(p, _)| p.starts_with(word) && p.as_str() != word)
                    .map(|(_, f)| f.clone()),
            );
        }
        let longest = shards
            .iter()
            .filter(|(p, _)| word.starts_with(p.as_str()))
            .max_by_key(|(p, _)| p.len());
        if let Some((_, f)) = longest {
            out.push(f.clone());
        }
        out
    }

    /// The terms of the shards, with their three id lists.
    fn terms(&mut self, files: &[String]) -> HashMap<String, [Vec<u32>; 3]> {
        let mut out = HashMap::new();
        for f in files {
            let Some(Value::Object(shard)) = self.json(f) else {
                continue;
            };
            for (term, lists) in shard {
                let mut ids: [Vec<u32>; 3] = Default::default();
                for (k, l) in lists.as_array().into_iter().flatten().take(3).enumerate() {
                    ids[k] = decode_ids(l.as_str().unwrap_or(""));
                }
                out.insert(term, ids);
            }
        }
        out
    }
}

/// The optimal-string-alignment distance of two words, or 2 when it is more than 1.
pub fn distance(a: &[char], b: &[char]) -> usize {
    if a.len().abs_diff(b.len()) > 1 {
        return 2;
    }
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = d;
        }
    }
    rows[a.len()][b.len()].min(2)
}

/// Rule 3: is `term` one typo away from `word`, or does it start with such a word?
pub fn one_typo(word: &str, term: &str) -> bool {
    let w: Vec<char> = word.chars().collect();
    let t: Vec<char> = term.chars().collect();
    if w.len() < 5 || t.first() != w.first() {
        return false;
    }
    if distance(&w, &t) <= 1 {
        return true;
    }
    (w.len() - 1..=w.len() + 1).any(|k| k < t.len() && distance(&w, &t[..k]) <= 1)
}

/// Rule 1: the query's words, folded and stemmed as the index's.
pub fn query_words(query: &str, stem: bool) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for term in text::terms(query, stem) {
        if !out.contains(&term) {
            out.push(term);
        }
    }
    out
}

/// The terms a word matches, with their weight (rules 2 and 3).
fn matches(index: &mut Index<'_>, word: &str) -> HashMap<String, ([Vec<u32>; 3], f64)> {
    let prefix = word.chars().count() >= 2;
    let files = index.shards_for(word, prefix);
    let terms = index.terms(&files);
    let mut out: HashMap<String, ([Vec<u32>; 3], f64)> = HashMap::new();
    for (t, ids) in terms {
        if t == word {
            out.insert(t, (ids, EXACT));
        } else if prefix && t.starts_with(word) {
            out.insert(t, (ids, PREFIX));
        }
    }
    if !out.is_empty() || word.chars().count() < 5 {
        return out;
    }
    let first: String = word.chars().take(1).collect();
    let Some(file) = index.map("words").get(&first).cloned() else {
        return out;
    };
    let Some(Value::Array(words)) = index.json(&file) else {
        return out;
    };
    let near: Vec<String> = words
        .iter()
        .filter_map(Value::as_str)
        .filter(|t| one_typo(word, t))
        .map(str::to_owned)
        .collect();
    let mut files: Vec<String> = near
        .iter()
        .flat_map(|t| index.shards_for(t, false))
        .collect();
    files.sort();
    files.dedup();
    for (t, ids) in index.terms(&files) {
        if near.contains(&t) {
            out.insert(t, (ids, TYPO));
        }
    }
    out
}

/// Runs `query` over one language's index; returns the best `limit` results and the files
/// read, or `None` when the index has no `index.json`.
pub fn search(load: Load<'_>, query: &str, limit: usize) -> Option<(Vec<Hit>, Vec<String>)> {
    let meta: Value = serde_json::from_slice(&load("index.json")?).ok()?;
    let stem = meta.get("stem").and_then(Value::as_bool).unwrap_or(false);
    let mut index = Index {
        load,
        meta,
        fetched: BTreeSet::from(["index.json".to_string()]),
    };
    let words = query_words(query, stem);
    if words.is_empty() {
        return Some((Vec::new(), index.fetched.into_iter().collect()));
    }
    let mut scores: Option<HashMap<u32, f64>> = None;
    let mut matched: Vec<BTreeSet<String>> = Vec::new();
    for w in &words {
        let terms = matches(&mut index, w);
        let mut best: HashMap<u32, f64> = HashMap::new();
        for (ids, weight) in terms.values() {
            for (field, list) in ids.iter().enumerate() {
                for id in list {
                    let s = FIELD[field] * weight;
                    let e = best.entry(*id).or_insert(0.0);
                    *e = e.max(s);
                }
            }
        }
        matched.push(terms.into_keys().collect());
        scores = Some(match scores {
            None => best,
            Some(prev) => prev
                .into_iter()
                .filter_map(|(id, s)| best.get(&id).map(|b| (id, s + b)))
                .collect(),
        });
    }
    let mut ranked: Vec<(u32, f64)> = scores.unwrap_or_default().into_iter().collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut hits = Vec::new();
    for (id, score) in ranked.into_iter().take(limit) {
        let Some(doc) = index.doc(id) else {
            continue;
        };
        hits.push(hit(&doc, &matched, stem, score));
    }
    Some((hits, index.fetched.into_iter().collect()))
}

/// How many of the words a text matches, and where its first match is.
fn count_matches(text: &str, matched: &[BTreeSet<String>], stem: bool) -> (usize, Option<usize>) {
    let mut found = vec![false; matched.len()];
    let mut first = None;
    for (k, (s, e)) in text::words(text).into_iter().enumerate() {
        let term = term_of(&text[s..e], stem);
        for (i, set) in matched.iter().enumerate() {
            if set.contains(&term) {
                found[i] = true;
                first.get_or_insert(k);
            }
        }
    }
    (found.iter().filter(|f| **f).count(), first)
}

fn term_of(word: &str, stem: bool) -> String {
    let f = text::fold(word);
    if stem { text::stem_en(&f) } else { f }
}

/// Rule 5: the result for a page file `d/<id>.json`.
fn hit(doc: &Value, matched: &[BTreeSet<String>], stem: bool, score: f64) -> Hit {
    let s = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    let url = s(doc, "u");
    let parts: Vec<(String, String, String)> = doc
        .get("p")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|p| {
            let at = |i: usize| p.get(i).and_then(Value::as_str).unwrap_or("").to_string();
            (at(0), at(1), at(2))
        })
        .collect();
    let mut best: Option<(usize, usize)> = None;
    for (i, (_, heading, text)) in parts.iter().enumerate() {
        let n = 2 * count_matches(heading, matched, stem).0 + count_matches(text, matched, stem).0;
        if n > 0 && best.is_none_or(|(_, b)| n > b) {
            best = Some((i, n));
        }
    }
    let (anchor, text) = match best.and_then(|(i, _)| parts.get(i)) {
        Some((a, _, t)) if count_matches(t, matched, stem).0 > 0 => (a.clone(), t.clone()),
        Some((a, _, _)) => (a.clone(), s(doc, "d")),
        None => (String::new(), s(doc, "d")),
    };
    // A page whose title has every word is the result itself, not one of its headings.
    let title = s(doc, "t");
    let anchor = if count_matches(&title, matched, stem).0 == matched.len() {
        String::new()
    } else {
        anchor
    };
    let text = if text.is_empty() {
        parts.first().map(|p| p.2.clone()).unwrap_or_default()
    } else {
        text
    };
    Hit {
        url: if anchor.is_empty() {
            url
        } else {
            format!("{url}#{anchor}")
        },
        title,
        excerpt: excerpt(&text, matched, stem),
        score,
    }
}

/// Up to [`EXCERPT_WORDS`] words of `text` from a little before its first match.
pub fn excerpt(text: &str, matched: &[BTreeSet<String>], stem: bool) -> Vec<(String, bool)> {
    let words = text::words(text);
    let first = count_matches(text, matched, stem).1.unwrap_or(0);
    let start_word = first.saturating_sub(BEFORE);
    let end_word = (start_word + EXCERPT_WORDS).min(words.len());
    let Some(&(from, _)) = words.get(start_word) else {
        return Vec::new();
    };
    let to = words.get(end_word).map_or(text.len(), |w| w.0);
    let mut out: Vec<(String, bool)> = Vec::new();
    if start_word > 0 {
        out.push(("… ".into(), false));
    }
    let mut pos = from;
    for &(s, e) in &words[start_word..end_word] {
        if matched
            .iter()
            .any(|m| m.contains(&term_of(&text[s..e], stem)))
        {
            out.push((text[pos..s].to_string(), false));
            out.push((text[s..e].to_string(), true));
            pos = e;
        }
    }
    out.push((text[pos..to].trim_end().to_string(), false));
    if end_word < words.len() {
        out.push((" …".into(), false));
    }
    out.retain(|(t, _)| !t.is_empty());
    out
}

/// An excerpt as HTML: text escaped, matches in `<mark>`.
pub fn excerpt_html(excerpt: &[(String, bool)]) -> String {
    excerpt
        .iter()
        .map(|(t, marked)| {
            let t = crate::util::html::escape(t);
            if *marked {
                format!("<mark>{t}</mark>")
            } else {
                t
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_typo_away() {
        assert!(one_typo("cukooing", "cuckooing"));
        assert!(one_typo("bolten", "bolton"));
        assert!(one_typo("slavey", "slavery"));
        assert!(one_typo("exploitaton", "exploitation"));
        assert!(one_typo("sigsn", "signs"));
        // Starts with a word one typo away, as when typing.
        assert!(one_typo("exploi", "exploitation") || one_typo("explot", "exploitation"));
        assert!(!one_typo("bolt", "bolton"), "4 letters: no typos");
        assert!(
            !one_typo("xolton", "bolton"),
            "the first letter must be right"
        );
        assert!(!one_typo("boltxx", "bolton"), "two typos");
    }
}
