//! The search index of one language, as the files `search.js` downloads:
//!
//! - `search-index/<lang>/index.json`: what the other files are called (a few hundred bytes);
//! - `s/<hash>.json`, shards by term prefix: `{"term": ["title ids", "heading ids", "text ids"]}`,
//!   each list the ids of the pages with the term in that field (and not in a better one),
//!   delta-coded (see [`encode_ids`]). A shard is split by one more letter while it is over
//!   [`SHARD_BYTES`], so a query downloads about the same amount on a small and a large site;
//! - `w/<hash>.json`, the terms starting with each letter, for one-typo matches;
//! - `d/<id>.json`, a page's address, title, description and text by heading, for the results
//!   and their excerpts: only the pages shown are downloaded.

use std::collections::{BTreeMap, HashMap};
use std::hash::Hasher;

use rayon::prelude::*;
use serde_json::{Value, json};

use super::collect::Doc;
use super::text;

/// The size a shard is split at (JSON bytes before compression).
pub const SHARD_BYTES: usize = 12_000;
/// The longest shard prefix, in characters.
const MAX_PREFIX: usize = 6;

/// The fields of a page, best first: a term is listed under the best one it is in.
pub const TITLE: usize = 0;
pub const HEADING: usize = 1;
pub const BODY: usize = 2;

/// What is indexed.
#[derive(Debug, Clone, Copy)]
pub struct Scope {
    /// The pages' text (else titles, headings and descriptions only).
    pub text: bool,
    /// English plural stemming.
    pub stem: bool,
}

/// The digits of [`encode_ids`]: the first 32 end a number, the last 32 continue it.
const DIGITS: &[u8; 64] = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_-";

/// Sorted ids as the differences between neighbours (the first from -1), each written
/// big-endian in base 32: continuation digits `w`..`-`, a final digit `0`..`v`. The ids
/// 0, 1, 2, 3 take "0000"; 0, 40 take "0x7".
pub fn encode_ids(ids: &[u32]) -> String {
    let mut out = String::with_capacity(ids.len());
    let mut prev: i64 = -1;
    for &id in ids {
        let mut delta = (i64::from(id) - prev - 1).max(0) as u64;
        prev = i64::from(id);
        let mut digits = [0u8; 13];
        let mut n = 0;
        loop {
            digits[n] = (delta % 32) as u8;
            n += 1;
            delta /= 32;
            if delta == 0 {
                break;
            }
        }
        for k in (0..n).rev() {
            let d = usize::from(digits[k]) + if k > 0 { 32 } else { 0 };
            out.push(char::from(DIGITS[d]));
        }
    }
    out
}

/// The ids of [`encode_ids`].
pub fn decode_ids(s: &str) -> Vec<u32> {
    let mut out = Vec::new();
    let mut prev: i64 = -1;
    let mut acc: i64 = 0;
    for b in s.bytes() {
        let Some(d) = DIGITS.iter().position(|x| *x == b) else {
            continue;
        };
        acc = acc * 32 + (d % 32) as i64;
        if d < 32 {
            prev += acc + 1;
            out.push(u32::try_from(prev).unwrap_or(u32::MAX));
            acc = 0;
        }
    }
    out
}

/// Each term of one page with the best field it is in.
fn page_terms(doc: &Doc, scope: Scope) -> HashMap<String, u8> {
    let mut terms: HashMap<String, u8> = HashMap::new();
    let mut add = |text: &str, field: usize| {
        for term in text::terms(text, scope.stem) {
            let f = field as u8;
            match terms.get_mut(term.as_str()) {
                Some(best) => *best = (*best).min(f),
                None => {
                    terms.insert(term, f);
                }
            }
        }
    };
    add(&doc.title, TITLE);
    for part in &doc.parts {
        add(&part.heading, HEADING);
    }
    add(&doc.description, BODY);
    if scope.text {
        for part in &doc.parts {
            add(&part.text, BODY);
        }
    }
    terms
}

/// Every term with its pages by field, in term order.
pub fn postings(docs: &[Doc], scope: Scope) -> BTreeMap<String, [Vec<u32>; 3]> {
    let per_page: Vec<HashMap<String, u8>> =
        docs.par_iter().map(|d| page_terms(d, scope)).collect();
    let mut all: HashMap<String, [Vec<u32>; 3]> = HashMap::new();
    for (id, terms) in per_page.into_iter().enumerate() {
        let id = u32::try_from(id).unwrap_or(u32::MAX);
        for (term, field) in terms {
            all.entry(term).or_default()[usize::from(field)].push(id);
        }
    }
    all.into_iter().collect()
}

/// The first `n` characters of `s`.
fn prefix(s: &str, n: usize) -> &str {
    s.char_indices().nth(n).map_or(s, |(i, _)| &s[..i])
}

/// Groups the terms (with the size of each one's JSON entry) into shards by prefix: one shard
/// per first letter, split by the next letter while over [`SHARD_BYTES`]. A term belongs to the
/// shard with the longest prefix it starts with.
pub fn shard_prefixes<'a>(terms: &[(&'a str, usize)]) -> BTreeMap<String, Vec<&'a str>> {
    let mut done: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    let mut first: BTreeMap<String, Vec<(&str, usize)>> = BTreeMap::new();
    for &(t, size) in terms {
        first
            .entry(prefix(t, 1).to_string())
            .or_default()
            .push((t, size));
    }
    let mut todo: Vec<(String, Vec<(&str, usize)>)> = first.into_iter().collect();
    while let Some((p, group)) = todo.pop() {
        let size: usize = group.iter().map(|(_, s)| s).sum();
        let len = p.chars().count();
        if size <= SHARD_BYTES || len >= MAX_PREFIX {
            done.insert(p, group.into_iter().map(|(t, _)| t).collect());
            continue;
        }
        let mut own = Vec::new();
        let mut longer: BTreeMap<String, Vec<(&str, usize)>> = BTreeMap::new();
        for (t, s) in group {
            if t.chars().count() <= len {
                own.push(t);
            } else {
                longer
                    .entry(prefix(t, len + 1).to_string())
                    .or_default()
                    .push((t, s));
            }
        }
        if !own.is_empty() {
            done.insert(p, own);
        }
        todo.extend(longer);
    }
    done
}

fn short_hash(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .take(5)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The JSON of one page's file `d/<id>.json`.
pub fn doc_json(doc: &Doc) -> Value {
    let parts: Vec<Value> = doc
        .parts
        .iter()
        .map(|p| json!([p.anchor, p.heading, p.text]))
        .collect();
    json!({"u": doc.url, "t": doc.title, "d": doc.description, "p": parts})
}

/// Every file of one language's index: `(path under search-index/<lang>/, bytes)`.
pub fn files(lang: &str, dir: &str, docs: &[Doc], scope: Scope) -> Vec<(String, Vec<u8>)> {
    let postings = postings(docs, scope);
    let entries: Vec<(&str, Value, usize)> = postings
        .iter()
        .map(|(t, lists)| {
            let v = json!(lists.iter().map(|l| encode_ids(l)).collect::<Vec<_>>());
            let size = t.len() + v.to_string().len() + 4;
            (t.as_str(), v, size)
        })
        .collect();
    let sizes: Vec<(&str, usize)> = entries.iter().map(|(t, _, s)| (*t, *s)).collect();
    let by_term: HashMap<&str, &Value> = entries.iter().map(|(t, v, _)| (*t, v)).collect();
    let mut out = Vec::new();
    let mut shards = serde_json::Map::new();
    for (p, terms) in shard_prefixes(&sizes) {
        let mut shard = serde_json::Map::new();
        for t in terms {
            if let Some(v) = by_term.get(t) {
                shard.insert(t.to_string(), (*v).clone());
            }
        }
        let bytes = Value::Object(shard).to_string().into_bytes();
        let name = format!("s/{}.json", short_hash(&bytes));
        shards.insert(p, Value::from(name.clone()));
        out.push((name, bytes));
    }
    let mut words: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (t, _) in &sizes {
        words.entry(prefix(t, 1)).or_default().push(t);
    }
    let mut word_files = serde_json::Map::new();
    for (first, list) in words {
        let bytes = json!(list).to_string().into_bytes();
        let name = format!("w/{}.json", short_hash(&bytes));
        word_files.insert(first.to_string(), Value::from(name.clone()));
        out.push((name, bytes));
    }
    let doc_files: Vec<(String, Vec<u8>)> = docs
        .par_iter()
        .enumerate()
        .map(|(id, d)| (format!("d/{id}.json"), doc_json(d).to_string().into_bytes()))
        .collect();
    let mut hasher = std::hash::DefaultHasher::new();
    for (_, bytes) in &doc_files {
        hasher.write(bytes);
    }
    let meta = json!({
        "v": 1,
        "lang": lang,
        "dir": dir,
        "stem": scope.stem,
        "docs": docs.len(),
        "dv": format!("{:x}", hasher.finish() & 0xffff_ffff_ffff),
        "shards": shards,
        "words": word_files,
    });
    out.extend(doc_files);
    out.push(("index.json".into(), meta.to_string().into_bytes()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip() {
        let ids = [0, 1, 2, 9, 40, 41, 1000, 1_000_000];
        let s = encode_ids(&ids);
        assert_eq!(&s[..4], "0006");
        assert_eq!(decode_ids(&s), ids);
        assert_eq!(encode_ids(&[0, 1, 2, 3]), "0000");
        assert_eq!(encode_ids(&[0, 40]), "0x7");
    }

    #[test]
    fn big_shards_split_by_the_next_letter() {
        let terms = [
            ("ca", 5000),
            ("cab", 5000),
            ("cat", 5000),
            ("cub", 5000),
            ("d", 10),
        ];
        let shards = shard_prefixes(&terms);
        let keys: Vec<&str> = shards.keys().map(String::as_str).collect();
        assert_eq!(keys, ["ca", "cab", "cat", "cu", "d"]);
        assert_eq!(shards["ca"], ["ca"]);
    }
}
