//! Keeping a built index current while `placard serve` runs: when pages' text changes, only
//! the files the edit touches are made again: the edited pages' own files, the shards that hold
//! a term they gained, lost or moved to another field, the word lists of terms that appeared
//! or vanished, and `index.json`. Everything else is read back from the files being served,
//! so nothing is kept between edits.
//!
//! The shards keep their prefixes until the next full build (a shard may grow past
//! [`index::SHARD_BYTES`] meanwhile); a term with no shard gets one for its first letter.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::{INDEX_DIR, doc, index, listed_count, scope, source_of};
use crate::config::Config;
use crate::content::Library;
use crate::markdown::Documents;

/// Reads a file being served (a path in the output, such as `search-index/en/index.json`).
pub type Served<'a> = &'a dyn Fn(&str) -> Option<Vec<u8>>;

/// The index terms of the edited pages before the edit: `(key, terms with their field)`.
#[derive(Debug, Default)]
pub struct Before {
    pages: Vec<(String, Vec<(String, u8)>)>,
}

/// A change of the index: a term, a page id, and the page's new field for it (none: gone).
type Change = (String, u32, Option<u8>);

/// What an update writes and takes away (paths in the output).
#[derive(Debug, Default)]
pub struct Update {
    pub write: Vec<(String, Vec<u8>)>,
    pub remove: Vec<String>,
}

/// Notes the terms of the pages `keys` as they are now (call it before they are rendered again).
pub fn before(config: &Config, lib: &Library, documents: &Documents, keys: &[&str]) -> Before {
    let mut pages = Vec::new();
    if !config.search.enabled {
        return Before { pages };
    }
    for key in keys {
        if let Some((lang, _, s)) = source_of(config, lib, key) {
            let terms = index::page_terms(&doc(&s, documents), scope(config, lang));
            pages.push((s.key.to_string(), terms));
        }
    }
    Before { pages }
}

/// The files to write and remove so the served index matches the pages' new text.
pub fn update(
    config: &Config,
    lib: &Library,
    documents: &Documents,
    before: Before,
    served: Served<'_>,
) -> Update {
    let mut out = Update::default();
    if before.pages.is_empty() {
        return out;
    }
    for lang in config.language_codes() {
        let scope = scope(config, &lang);
        let mut changes: Vec<Change> = Vec::new();
        let mut docs: Vec<(usize, Vec<u8>)> = Vec::new();
        for (key, old) in &before.pages {
            let Some((_, id, source)) = source_of(config, lib, key).filter(|s| s.0 == lang) else {
                continue;
            };
            let d = doc(&source, documents);
            let new: BTreeMap<String, u8> = index::page_terms(&d, scope).into_iter().collect();
            let old: BTreeMap<&str, u8> = old.iter().map(|(t, f)| (t.as_str(), *f)).collect();
            let id32 = u32::try_from(id).unwrap_or(u32::MAX);
            for (t, f) in &new {
                if old.get(t.as_str()) != Some(f) {
                    changes.push((t.clone(), id32, Some(*f)));
                }
            }
            for t in old.keys().filter(|t| !new.contains_key(**t)) {
                changes.push((t.to_string(), id32, None));
            }
            docs.push((id, index::doc_bytes(&d)));
        }
        if docs.is_empty() {
            continue;
        }
        let base = format!("{INDEX_DIR}/{lang}/");
        let dir = config.language_direction(&lang);
        if let Some(files) = language(
            (&lang, dir, &base),
            scope,
            listed_count(config, lib, &lang),
            (&changes, &docs),
            served,
        ) {
            out.write.extend(files.write);
            out.remove.extend(files.remove);
        }
    }
    out
}

/// Reads a JSON file of the served index.
fn json(served: Served<'_>, path: &str) -> Option<Value> {
    serde_json::from_slice(&served(path)?).ok()
}

/// A map of names in `index.json` (`shards` or `words`).
fn names(meta: &Value, key: &str) -> BTreeMap<String, String> {
    meta.get(key)
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
        .collect()
}

/// The update of one language: `changes` are `(term, page id, its new field or none)`, `docs`
/// the edited pages' new files. `None` when the language's index is not served.
fn language(
    (lang, dir, base): (&str, &str, &str),
    scope: index::Scope,
    count: usize,
    (changes, docs): (&[Change], &[(usize, Vec<u8>)]),
    served: Served<'_>,
) -> Option<Update> {
    let meta = json(served, &format!("{base}index.json"))?;
    let mut shards = names(&meta, "shards");
    let mut words = names(&meta, "words");
    let mut out = Update::default();
    // The changes by the shard that holds (or will hold) each term.
    let mut by_shard: BTreeMap<String, Vec<&Change>> = BTreeMap::new();
    for c in changes {
        let p = shards
            .keys()
            .filter(|p| c.0.starts_with(p.as_str()))
            .max_by_key(|p| p.len())
            .cloned()
            .unwrap_or_else(|| c.0.chars().take(1).collect());
        by_shard.entry(p).or_default().push(c);
    }
    let (mut added, mut gone): (BTreeSet<String>, BTreeSet<String>) = Default::default();
    for (p, list) in by_shard {
        let old_file = shards.get(&p).cloned();
        let mut terms = old_file
            .as_deref()
            .and_then(|f| json(served, &format!("{base}{f}")))
            .map(|v| read_shard(&v))
            .unwrap_or_default();
        for (term, id, field) in list {
            let had = terms.contains_key(term);
            let lists = terms.entry(term.clone()).or_default();
            for l in lists.iter_mut() {
                l.retain(|x| x != id);
            }
            if let Some(f) = field {
                let l = &mut lists[usize::from((*f).min(2))];
                let at = l.partition_point(|x| x < id);
                l.insert(at, *id);
            }
            let empty = lists.iter().all(Vec::is_empty);
            if empty {
                terms.remove(term);
            }
            match (had, empty) {
                (false, false) => added.insert(term.clone()),
                (true, true) => gone.insert(term.clone()),
                _ => false,
            };
        }
        let entries: Vec<String> = terms
            .iter()
            .map(|(t, l)| index::shard_entry(t, l))
            .collect();
        let bytes = index::shard_json(entries.iter().map(String::as_str));
        let name = index::content_name("s", &bytes);
        replace(
            &mut out,
            base,
            old_file.as_deref(),
            (&name, bytes),
            terms.is_empty(),
        );
        if terms.is_empty() {
            shards.remove(&p);
        } else {
            shards.insert(p, name);
        }
    }
    update_words(&mut out, base, &mut words, (&added, &gone), served);
    for (id, bytes) in docs {
        out.write
            .push((format!("{base}{}", index::doc_path(*id)), bytes.clone()));
    }
    // The page files' version, as a full build would make it.
    let mut sum = index::version_sum(meta.get("dv").and_then(Value::as_str).unwrap_or(""));
    for (id, bytes) in docs {
        let old = served(&format!("{base}{}", index::doc_path(*id))).unwrap_or_default();
        sum = sum
            .wrapping_sub(index::doc_hash(*id, &old))
            .wrapping_add(index::doc_hash(*id, bytes));
    }
    let meta = index::meta_json(
        (lang, dir),
        scope,
        count,
        &index::doc_version(sum),
        (&shards, &words),
    );
    out.write.push((format!("{base}index.json"), meta));
    Some(out)
}

/// Puts a shard or word list's new file in place of its old one (or takes it away when empty).
fn replace(out: &mut Update, base: &str, old: Option<&str>, new: (&str, Vec<u8>), empty: bool) {
    if let Some(old) = old.filter(|o| empty || *o != new.0) {
        out.remove.push(format!("{base}{old}"));
    }
    if !empty {
        out.write.push((format!("{base}{}", new.0), new.1));
    }
}

/// A shard's terms with their three id lists.
fn read_shard(v: &Value) -> BTreeMap<String, [Vec<u32>; 3]> {
    let mut out = BTreeMap::new();
    for (term, lists) in v.as_object().into_iter().flatten() {
        let mut ids: [Vec<u32>; 3] = Default::default();
        for (k, l) in lists.as_array().into_iter().flatten().take(3).enumerate() {
            ids[k] = index::decode_ids(l.as_str().unwrap_or(""));
        }
        out.insert(term.clone(), ids);
    }
    out
}

/// Adds the terms that appeared to the word lists and takes away those that vanished.
fn update_words(
    out: &mut Update,
    base: &str,
    words: &mut BTreeMap<String, String>,
    (added, gone): (&BTreeSet<String>, &BTreeSet<String>),
    served: Served<'_>,
) {
    let mut letters: BTreeSet<String> = BTreeSet::new();
    for t in added.iter().chain(gone) {
        letters.insert(t.chars().take(1).collect());
    }
    for first in letters {
        let old_file = words.get(&first).cloned();
        let mut list: BTreeSet<String> = old_file
            .as_deref()
            .and_then(|f| json(served, &format!("{base}{f}")))
            .and_then(|v| serde_json::from_value::<Vec<String>>(v).ok())
            .unwrap_or_default()
            .into_iter()
            .collect();
        let starts = |t: &&String| t.starts_with(first.as_str());
        list.extend(added.iter().filter(starts).cloned());
        list.retain(|t| !gone.contains(t));
        let bytes = serde_json::json!(list).to_string().into_bytes();
        let name = index::content_name("w", &bytes);
        replace(
            out,
            base,
            old_file.as_deref(),
            (&name, bytes),
            list.is_empty(),
        );
        if list.is_empty() {
            words.remove(&first);
        } else {
            words.insert(first, name);
        }
    }
}
