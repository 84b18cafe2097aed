//! The search index of one language, as the files `search.js` downloads:
//!
//! - `search-index/<lang>/index.json`: what the other files are called (a few hundred bytes);
//! - `s/<hash>.json`, shards by term prefix: `{"term": ["title ids", "heading ids", "text ids"]}`,
//!   each list the ids of the pages with the term in that field (and not in a better one),
//!   delta-coded (see [`encode_ids`]). A shard is split by one more letter while it is over
//!   [`SHARD_BYTES`], so a query downloads about the same amount on a small and a large site;
//! - `w/<hash>.json`, the terms starting with each letter, for one-typo matches;
//! - `d/<id>.bin`, a page's address, title, description and text by heading, for the results
//!   and their excerpts, as JSON compressed with raw DEFLATE (RFC 1951; the script inflates
//!   it): only the pages shown are downloaded.
//!
//! A page's terms and the postings they are added to are in [`super::terms`].
//!
//! The pages are read in chunks: each chunk's pages are cut into parts, tokenised and their
//! files written in parallel, then their terms are added to the postings and the text is
//! dropped, so memory holds the postings and one chunk's text, not every page's.

use std::collections::{BTreeMap, HashMap};
use std::hash::Hasher;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde::Serialize;
use serde_json::json;

use super::collect::Doc;
pub use super::terms::{PageTerms, Postings, page_terms, postings, terms_of};
use crate::error::Result;

/// The size a shard is split at (JSON bytes before compression).
pub const SHARD_BYTES: usize = 12_000;
/// The longest shard prefix, in characters.
const MAX_PREFIX: usize = 6;
/// Pages read at a time (their text is in memory together).
const CHUNK: usize = 512;

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

/// A term's entry in its shard: `"term":["title ids","heading ids","text ids"]`.
pub fn shard_entry(term: &str, lists: &[Vec<u32>; 3]) -> String {
    let mut out = json_string(term);
    out.push_str(":[\"");
    for (k, l) in lists.iter().enumerate() {
        if k > 0 {
            out.push_str("\",\"");
        }
        out.push_str(&encode_ids(l));
    }
    out.push_str("\"]");
    out
}

/// A string as JSON.
fn json_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// A shard file from its entries (in term order).
pub fn shard_json<'a>(entries: impl Iterator<Item = &'a str>) -> Vec<u8> {
    let mut out = Vec::new();
    out.push(b'{');
    for (k, e) in entries.enumerate() {
        if k > 0 {
            out.push(b',');
        }
        out.extend_from_slice(e.as_bytes());
    }
    out.push(b'}');
    out
}

/// The file name of a shard or word list: named by its content, so browsers may cache it.
pub fn content_name(dir: &str, bytes: &[u8]) -> String {
    format!("{dir}/{}.json", short_hash(bytes))
}

/// The JSON of one page's file, before compression.
#[derive(Serialize)]
struct DocFile<'a> {
    u: &'a str,
    t: &'a str,
    d: &'a str,
    p: Vec<(&'a str, &'a str, &'a str)>,
}

/// The path of page `id`'s file.
pub fn doc_path(id: usize) -> String {
    format!("d/{id}.bin")
}

/// Makes page files, compressed with libdeflate's fastest level: on these pages' JSON it
/// gives 35 % of the input (miniz_oxide's fastest level gave 41 %) in about half the time.
/// One writer per thread, so its buffers are made once, not once per page.
pub struct DocWriter {
    json: Vec<u8>,
    z: libdeflater::Compressor,
    out: Vec<u8>,
}

impl Default for DocWriter {
    fn default() -> Self {
        DocWriter {
            json: Vec::new(),
            z: libdeflater::Compressor::new(libdeflater::CompressionLvl::fastest()),
            out: Vec::new(),
        }
    }
}

impl DocWriter {
    /// One page's file `d/<id>.bin`: its JSON, compressed with raw DEFLATE.
    pub fn bytes(&mut self, doc: &Doc) -> Vec<u8> {
        let file = DocFile {
            u: &doc.url,
            t: &doc.title,
            d: &doc.description,
            p: doc
                .parts
                .iter()
                .map(|p| (p.anchor.as_str(), p.heading.as_str(), p.text.as_str()))
                .collect(),
        };
        self.json.clear();
        if serde_json::to_writer(&mut self.json, &file).is_err() {
            return Vec::new();
        }
        let bound = self.z.deflate_compress_bound(self.json.len());
        if self.out.len() < bound {
            self.out.resize(bound, 0);
        }
        match self.z.deflate_compress(&self.json, &mut self.out) {
            Ok(n) => self.out.get(..n).unwrap_or_default().to_vec(),
            Err(_) => Vec::new(),
        }
    }
}

/// One page's file `d/<id>.bin` (see [`DocWriter`]).
pub fn doc_bytes(doc: &Doc) -> Vec<u8> {
    DocWriter::default().bytes(doc)
}

/// The JSON of one page's file (what [`doc_bytes`] compresses), for readers.
pub fn inflate_doc(bytes: &[u8]) -> Option<String> {
    use std::io::Read as _;
    let mut out = String::new();
    flate2::read::DeflateDecoder::new(bytes)
        .read_to_string(&mut out)
        .ok()?;
    Some(out)
}

/// The version of the page files, added to their addresses so browsers fetch them again when
/// they change: the sum of [`doc_hash`] over the pages, in 48 bits (so an edit can update it
/// without reading the other pages).
pub fn doc_version(sum: u64) -> String {
    format!("{:x}", sum & VERSION_MASK)
}

const VERSION_MASK: u64 = 0xffff_ffff_ffff;

/// The sum a [`doc_version`] shows.
pub fn version_sum(version: &str) -> u64 {
    u64::from_str_radix(version, 16).unwrap_or(0)
}

/// One page file's share of the version.
pub fn doc_hash(id: usize, bytes: &[u8]) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    hasher.write_usize(id);
    hasher.write(bytes);
    hasher.finish() & VERSION_MASK
}

/// Writes one file of a language's index at its path under `search-index/<lang>/`.
pub type Write<'a> = &'a (dyn Fn(&str, &[u8]) -> Result<()> + Sync);

/// The shard files and word lists of a language.
pub struct Shards {
    /// `(path, bytes)` of each shard and word list.
    pub files: Vec<(String, Vec<u8>)>,
    /// The shards' files by prefix.
    pub shards: BTreeMap<String, String>,
    /// The word lists' files by first letter.
    pub words: BTreeMap<String, String>,
}

/// The shard files and word lists of the postings.
pub fn shard_files(postings: &[(Box<str>, [Vec<u32>; 3])]) -> Shards {
    let entries: Vec<String> = postings
        .par_iter()
        .map(|(t, lists)| shard_entry(t, lists))
        .collect();
    let sizes: Vec<(&str, usize)> = postings
        .iter()
        .zip(&entries)
        .map(|((t, _), e)| (&**t, e.len() + 1))
        .collect();
    let by_term: HashMap<&str, &str> = postings
        .iter()
        .zip(&entries)
        .map(|((t, _), e)| (&**t, e.as_str()))
        .collect();
    let mut out = Vec::new();
    let mut shards = BTreeMap::new();
    for (p, terms) in shard_prefixes(&sizes) {
        let bytes = shard_json(terms.iter().filter_map(|t| by_term.get(t).copied()));
        let name = content_name("s", &bytes);
        shards.insert(p, name.clone());
        out.push((name, bytes));
    }
    let mut words: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (t, _) in &sizes {
        words.entry(prefix(t, 1)).or_default().push(t);
    }
    let mut word_files = BTreeMap::new();
    for (first, list) in words {
        let bytes = json!(list).to_string().into_bytes();
        let name = content_name("w", &bytes);
        word_files.insert(first.to_string(), name.clone());
        out.push((name, bytes));
    }
    Shards {
        files: out,
        shards,
        words: word_files,
    }
}

/// The language's `index.json`.
pub fn meta_json(
    (lang, dir): (&str, &str),
    scope: Scope,
    docs: usize,
    dv: &str,
    (shards, words): (&BTreeMap<String, String>, &BTreeMap<String, String>),
) -> Vec<u8> {
    json!({
        "v": 2,
        "lang": lang,
        "dir": dir,
        "stem": scope.stem,
        "docs": docs,
        "dv": dv,
        "shards": shards,
        "words": words,
    })
    .to_string()
    .into_bytes()
}

/// What reading one page gives: its terms with their best fields, and its file's share of the
/// version.
type Read = (PageTerms, u64);

/// Builds and writes one language's index from `count` pages, page `id` made by `doc(id)`;
/// returns how many files were written.
pub fn write_language(
    (lang, dir): (&str, &str),
    count: usize,
    doc: &(dyn Fn(usize) -> Doc + Sync),
    scope: Scope,
    write: Write<'_>,
) -> Result<usize> {
    let mut postings = Postings::default();
    let mut sum: u64 = 0;
    let ids: Vec<usize> = (0..count).collect();
    // Time spent per step, summed over threads (in microseconds), for PLACARD_LOG=debug.
    let spent: [AtomicU64; 4] = Default::default();
    let timed = |k: usize, start: Instant| {
        let us = u64::try_from(start.elapsed().as_micros()).unwrap_or(u64::MAX);
        spent[k].fetch_add(us, Ordering::Relaxed);
    };
    let start = Instant::now();
    let mut merging = Duration::ZERO;
    let read = |chunk: &[usize]| -> Result<Vec<Read>> {
        chunk
            .par_iter()
            .map_init(DocWriter::default, |writer, &id| {
                let t = Instant::now();
                let d = doc(id);
                timed(0, t);
                let t = Instant::now();
                let bytes = writer.bytes(&d);
                timed(1, t);
                let t = Instant::now();
                write(&doc_path(id), &bytes)?;
                timed(2, t);
                let t = Instant::now();
                let terms = terms_of(&d, scope);
                timed(3, t);
                Ok((terms, doc_hash(id, &bytes)))
            })
            .collect()
    };
    // A chunk's terms are added to the postings (one thread) while the next chunk is read (the
    // others): the adding, which cannot be split, costs no time of its own.
    let mut merge = |chunk: &[usize], done: Vec<Read>| {
        let t = Instant::now();
        for (&id, (terms, hash)) in chunk.iter().zip(done) {
            postings.add(u32::try_from(id).unwrap_or(u32::MAX), &terms);
            sum = sum.wrapping_add(hash);
        }
        merging += t.elapsed();
    };
    let mut pending: Option<(&[usize], Vec<Read>)> = None;
    for chunk in ids.chunks(CHUNK) {
        let (done, ()) = rayon::join(
            || read(chunk),
            || {
                if let Some((c, d)) = pending.take() {
                    merge(c, d);
                }
            },
        );
        pending = Some((chunk, done?));
    }
    if let Some((c, d)) = pending.take() {
        merge(c, d);
    }
    let pages = start.elapsed();
    let sorted = postings.into_sorted();
    let Shards {
        files,
        shards,
        words,
    } = shard_files(&sorted);
    drop(sorted);
    files
        .par_iter()
        .try_for_each(|(rel, bytes)| write(rel, bytes))?;
    let ms = |k: usize| spent[k].load(Ordering::Relaxed) as f64 / 1000.0;
    tracing::debug!(
        "search index {lang}: {count} pages {:.1} ms (per thread: text {:.1} ms, \
         compress {:.1} ms, write {:.1} ms, terms {:.1} ms; postings {:.1} ms), \
         shards {:.1} ms",
        pages.as_secs_f64() * 1000.0,
        ms(0),
        ms(1),
        ms(2),
        ms(3),
        merging.as_secs_f64() * 1000.0,
        (start.elapsed() - pages).as_secs_f64() * 1000.0
    );
    let meta = meta_json(
        (lang, dir),
        scope,
        count,
        &doc_version(sum),
        (&shards, &words),
    );
    write("index.json", &meta)?;
    Ok(count + files.len() + 1)
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
