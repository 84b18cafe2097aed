//! The terms of each page and the postings built from them: which pages have each term, in
//! which of their fields (see [`super::index`] for the files written from them).

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::collect::Doc;
use super::index::{BODY, HEADING, Scope, TITLE};
use super::text;

/// One page's terms, each once with the best field it is in: their texts one after another
/// in `text`, and the end and field of each (a term starts where the one before it ends).
#[derive(Debug, Default)]
pub struct PageTerms {
    text: String,
    ends: Vec<(u32, u8)>,
}

impl PageTerms {
    /// Each term with its best field, in the order the page first has them.
    pub fn iter(&self) -> impl Iterator<Item = (&str, u8)> {
        let mut start = 0;
        self.ends.iter().map(move |&(end, field)| {
            let term = self.text.get(start..end as usize).unwrap_or_default();
            start = end as usize;
            (term, field)
        })
    }
}

/// The end of `text` as a [`PageTerms`] offset.
fn end_of(text: &str) -> u32 {
    u32::try_from(text.len()).unwrap_or(u32::MAX)
}

/// The terms of one page (see [`PageTerms`]). Every word is first written into one buffer,
/// then each distinct one is found with a map that borrows from it: a page of 600 words makes a
/// few allocations, not one per term.
pub fn terms_of(doc: &Doc, scope: Scope) -> PageTerms {
    let mut all = String::new();
    let mut found: Vec<(u32, u8)> = Vec::new();
    let mut buf = String::new();
    let mut add = |text: &str, field: usize| {
        text::each_term(text, scope.stem, &mut buf, |term| {
            all.push_str(term);
            found.push((end_of(&all), field as u8));
        });
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
    let mut place: FxHashMap<&str, usize> =
        FxHashMap::with_capacity_and_hasher(found.len() / 2, Default::default());
    let mut unique: Vec<(&str, u8)> = Vec::new();
    let mut start = 0;
    for &(end, field) in &found {
        let term = all.get(start..end as usize).unwrap_or_default();
        start = end as usize;
        match place.entry(term) {
            std::collections::hash_map::Entry::Occupied(e) => {
                if let Some(u) = unique.get_mut(*e.get()) {
                    u.1 = u.1.min(field);
                }
            }
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(unique.len());
                unique.push((term, field));
            }
        }
    }
    let mut out = PageTerms {
        text: String::with_capacity(unique.iter().map(|(t, _)| t.len()).sum()),
        ends: Vec::with_capacity(unique.len()),
    };
    for (term, field) in unique {
        out.text.push_str(term);
        out.ends.push((end_of(&out.text), field));
    }
    out
}

/// Each term of one page with the best field it is in (see [`terms_of`]).
pub fn page_terms(doc: &Doc, scope: Scope) -> Vec<(String, u8)> {
    terms_of(doc, scope)
        .iter()
        .map(|(t, f)| (t.to_string(), f))
        .collect()
}

/// The pages of each term by field, built page by page in id order: terms are interned, so
/// each is kept once however many pages have it.
#[derive(Default)]
pub struct Postings {
    ids: FxHashMap<Box<str>, u32>,
    lists: Vec<[Vec<u32>; 3]>,
}

impl Postings {
    /// Adds page `id`'s terms (pages must come in increasing id order).
    pub fn add(&mut self, id: u32, terms: &PageTerms) {
        for (term, field) in terms.iter() {
            let k = match self.ids.get(term) {
                Some(k) => *k,
                None => {
                    let k = u32::try_from(self.lists.len()).unwrap_or(u32::MAX);
                    self.ids.insert(term.into(), k);
                    self.lists.push(Default::default());
                    k
                }
            };
            if let Some(lists) = self.lists.get_mut(k as usize) {
                lists[usize::from(field.min(2))].push(id);
            }
        }
    }

    /// Every term with its lists, in term order.
    pub fn into_sorted(self) -> Vec<(Box<str>, [Vec<u32>; 3])> {
        let mut lists: Vec<Option<[Vec<u32>; 3]>> = self.lists.into_iter().map(Some).collect();
        let mut out: Vec<(Box<str>, [Vec<u32>; 3])> = self
            .ids
            .into_iter()
            .filter_map(|(t, k)| Some((t, lists.get_mut(k as usize)?.take()?)))
            .collect();
        out.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
        out
    }
}

/// Every term with its pages by field, in term order.
pub fn postings(docs: &[Doc], scope: Scope) -> Vec<(Box<str>, [Vec<u32>; 3])> {
    let per_page: Vec<PageTerms> = docs.par_iter().map(|d| terms_of(d, scope)).collect();
    let mut all = Postings::default();
    for (id, terms) in per_page.iter().enumerate() {
        all.add(u32::try_from(id).unwrap_or(u32::MAX), terms);
    }
    all.into_sorted()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_term_of_a_page_is_listed_once_with_its_best_field() {
        let doc = Doc {
            url: "/x/".into(),
            title: "Report cuckooing".into(),
            description: "How to report".into(),
            parts: vec![
                super::super::collect::Part {
                    anchor: String::new(),
                    heading: String::new(),
                    text: "Signs of cuckooing, signs and more signs".into(),
                },
                super::super::collect::Part {
                    anchor: "signs".into(),
                    heading: "The signs".into(),
                    text: "Report it".into(),
                },
            ],
        };
        let scope = Scope {
            text: true,
            stem: true,
        };
        let page = terms_of(&doc, scope);
        let terms: Vec<(&str, u8)> = page.iter().collect();
        let mut sorted = terms.clone();
        sorted.sort_unstable();
        sorted.dedup_by_key(|t| t.0);
        assert_eq!(sorted.len(), terms.len(), "each term once: {terms:?}");
        let field = |t: &str| terms.iter().find(|x| x.0 == t).map(|x| x.1);
        assert_eq!(field("report"), Some(TITLE as u8));
        assert_eq!(field("cuckooing"), Some(TITLE as u8));
        assert_eq!(field("sign"), Some(HEADING as u8));
        assert_eq!(field("more"), Some(BODY as u8));
        assert_eq!(field("nothing"), None);
        assert_eq!(page_terms(&doc, scope).len(), terms.len());
    }
}
