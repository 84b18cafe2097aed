//! Translated data: `data/<name>.<lang>.yaml` holds only the translated fields of
//! `data/<name>.yaml`, keyed like it. A page in that language sees the base data with the
//! translation laid over it.
//!
//! - Maps are matched by key; lists by the records' `id`, `slug`, `key` or `kind` (the first
//!   field every record of the base list has, each with its own value), else by position.
//! - A key the base file lacks is an error at its line (a typo would otherwise be silent).
//! - A field is text to translate once any language's overlay gives it for one record (the
//!   records of a list, or of a map whose values are all maps, count as one pattern): every
//!   other record's same field, in every language, is then expected. One that is missing
//!   falls back to the default language, marked so the page says so (`lang="en"`), and is
//!   reported by `placard check` (`i18n-missing`).
//! - `translation_review: pending` in any map of an overlay marks the translation as not yet
//!   checked by a fluent speaker (`placard check` says so, once per language).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::error::{Diagnostic, display_path, suggest};
use crate::util::langmark;
use crate::util::yaml::Positions;

mod paths;
mod untranslated;
use paths::{PSeg, Seg, child, get, get_mut, leaves, pattern, plain, shown, steps};

/// The key that marks a translation as awaiting review.
pub const REVIEW_KEY: &str = "translation_review";

/// Fields that say which record of a list an overlay item translates.
const ID_FIELDS: [&str; 4] = ["id", "slug", "key", "kind"];

/// One overlay file, read.
#[derive(Debug, Clone)]
pub struct Overlay {
    /// The name of the data it translates (`helplines`, `a.b`).
    pub name: String,
    pub lang: String,
    /// Relative to the site root.
    pub file: PathBuf,
    pub text: String,
    pub value: Value,
}

/// A text field an overlay lacks.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct DataMiss {
    pub lang: String,
    /// The base file and where the field is written in it.
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
    /// `police.description`, `[2].contacts[0].name`.
    pub field: String,
    /// The overlay file that should have it.
    pub overlay: PathBuf,
}

/// The data of every language with translations.
#[derive(Debug, Clone, Default)]
pub struct Translations {
    /// Language -> the whole `data` value in it, fallback texts marked (for templates).
    pub marked: BTreeMap<String, Value>,
    /// Language -> the whole `data` value in it, without marks (for pages made from data).
    pub plain: BTreeMap<String, Value>,
    /// Every text field a language lacks, sorted.
    pub missing: Vec<DataMiss>,
    /// Language -> the overlay files marked `translation_review: pending`.
    pub pending: BTreeMap<String, Vec<PathBuf>>,
    /// Every overlay file (relative to the site root), for `serve` and messages.
    pub files: Vec<PathBuf>,
    /// The data files no overlay translates, with texts to translate: each language, the
    /// base file and the overlay file it lacks, sorted.
    pub untranslated: Vec<Untranslated>,
}

/// A data file with texts and no translation into a language.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Untranslated {
    pub lang: String,
    pub file: PathBuf,
    pub overlay: PathBuf,
}

/// What one overlay gives: the fields it sets (paths into the base) and whether it awaits
/// review.
struct Applied {
    value: Value,
    set: BTreeSet<Vec<Seg>>,
    pending: bool,
}

/// A base data file: its name, file, text and value.
pub struct Base<'a> {
    pub file: &'a Path,
    pub text: &'a str,
    pub value: &'a Value,
}

/// Lays each overlay over its base. `data` is the whole data value, `names` the names of its
/// files, `base_of` finds a base file by name, `langs` are the site's languages other than the
/// default.
pub fn translate<'a>(
    data: &Value,
    (names, overlays): (&[&str], &[Overlay]),
    base_of: &dyn Fn(&str) -> Option<Base<'a>>,
    langs: &[String],
    default_lang: &str,
) -> Result<Translations, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let mut out = Translations {
        files: overlays.iter().map(|o| o.file.clone()).collect(),
        ..Translations::default()
    };
    // name -> lang -> what its overlay set.
    let mut applied: BTreeMap<&str, BTreeMap<&str, Applied>> = BTreeMap::new();
    for o in overlays {
        let Some(base) = base_of(&o.name) else {
            problems.push(Diagnostic::new(&o.file, format!(
                "{} translates data/{}, which does not exist",
                display_path(&o.file),
                o.name.replace('.', "/")
            ))
            .hint("name a translation after its data file and language, such as data/helplines.ur.yaml beside data/helplines.yaml"));
            continue;
        };
        match apply(&base, o) {
            Ok(a) => {
                if a.pending {
                    out.pending
                        .entry(o.lang.clone())
                        .or_default()
                        .push(o.file.clone());
                }
                applied
                    .entry(o.name.as_str())
                    .or_default()
                    .insert(o.lang.as_str(), a);
            }
            Err(mut d) => problems.append(&mut d),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    for (name, by_lang) in &applied {
        let Some(base) = base_of(name) else { continue };
        let patterns: BTreeSet<Vec<PSeg>> = by_lang
            .values()
            .flat_map(|a| a.set.iter().map(|p| pattern(base.value, p)))
            .collect();
        let texts: Vec<(Vec<Seg>, &str)> = leaves(base.value)
            .into_iter()
            .filter(|(p, _)| patterns.contains(&pattern(base.value, p)))
            .collect();
        let positions = Positions::parse(base.text, 1);
        for lang in langs {
            let own = by_lang.get(lang.as_str());
            let plain = own.map_or_else(|| base.value.clone(), |a| a.value.clone());
            let mut marked = plain.clone();
            for (path, text) in &texts {
                if own.is_some_and(|a| a.set.contains(path)) {
                    continue;
                }
                if let Some(slot) = get_mut(&mut marked, path) {
                    *slot = Value::String(langmark::mark(default_lang, text));
                }
                let at = positions.key(&steps(path));
                out.missing.push(DataMiss {
                    lang: lang.clone(),
                    file: base.file.to_path_buf(),
                    line: at.map_or(0, |p| p.line),
                    column: at.map_or(0, |p| p.column),
                    field: shown(path),
                    overlay: overlay_file(base.file, lang),
                });
            }
            for (whole, value) in [(&mut out.plain, plain), (&mut out.marked, marked)] {
                let all = whole.entry(lang.clone()).or_insert_with(|| data.clone());
                put(all, name, value);
            }
        }
    }
    let keys = untranslated::text_keys(
        applied
            .values()
            .flat_map(|l| l.values())
            .flat_map(|a| a.set.iter()),
    );
    for name in names.iter().filter(|n| !applied.contains_key(**n)) {
        let Some(base) = base_of(name) else { continue };
        let Some(marked) = untranslated::marked(base.value, &keys, default_lang) else {
            continue;
        };
        for lang in langs {
            let all = out
                .marked
                .entry(lang.clone())
                .or_insert_with(|| data.clone());
            put(all, name, marked.clone());
            out.untranslated.push(Untranslated {
                lang: lang.clone(),
                file: base.file.to_path_buf(),
                overlay: overlay_file(base.file, lang),
            });
        }
    }
    out.missing.sort();
    out.untranslated.sort();
    Ok(out)
}

/// `data/helplines.ur.yaml` for `data/helplines.yaml` and `ur`.
fn overlay_file(base: &Path, lang: &str) -> PathBuf {
    let stem = base
        .file_stem()
        .map(|s| s.to_string_lossy())
        .unwrap_or_default();
    base.with_file_name(format!("{stem}.{lang}.yaml"))
}

/// Puts `value` at the data name `name` (`a.b` is `a` then `b`) of `all`.
fn put(all: &mut Value, name: &str, value: Value) {
    let mut at = all;
    for part in name.split('.') {
        let Some(next) = at.get_mut(part) else { return };
        at = next;
    }
    *at = value;
}

/// An overlay node still to read: the node, its path in the base, its path in the overlay,
/// and the id field its list item was matched by.
type Todo<'o> = (&'o Value, Vec<Seg>, Vec<Seg>, Option<&'static str>);

/// Laying one overlay over a copy of its base.
struct Walk<'o> {
    o: &'o Overlay,
    base: &'o Value,
    /// `data/x.yaml`, for messages.
    base_name: String,
    positions: Positions,
    applied: Applied,
    problems: Vec<Diagnostic>,
}

/// An overlay laid over a copy of its base, read with a stack (no recursion).
fn apply(base: &Base<'_>, o: &Overlay) -> Result<Applied, Vec<Diagnostic>> {
    let mut w = Walk {
        o,
        base: base.value,
        base_name: display_path(base.file),
        positions: Positions::parse(&o.text, 1),
        applied: Applied {
            value: base.value.clone(),
            set: BTreeSet::new(),
            pending: false,
        },
        problems: Vec::new(),
    };
    let mut stack: Vec<Todo<'_>> = vec![(&o.value, Vec::new(), Vec::new(), None)];
    while let Some((node, bpath, opath, matched_by)) = stack.pop() {
        let Some(bnode) = get(w.base, &bpath) else {
            continue;
        };
        match (node, bnode) {
            (Value::Null, _) if bpath.is_empty() => {}
            (Value::Object(map), Value::Object(bmap)) => {
                w.map(map, bmap, (&bpath, &opath), matched_by, &mut stack);
            }
            (Value::Array(items), Value::Array(bitems)) => {
                w.list(items, bitems, (&bpath, &opath), &mut stack);
            }
            _ => w.shape(&opath),
        }
    }
    if w.problems.is_empty() {
        Ok(w.applied)
    } else {
        Err(w.problems)
    }
}

impl<'o> Walk<'o> {
    /// A problem at the key (or value) at `at` of the overlay.
    fn error(&mut self, at: &[Seg], msg: String, hint: String) {
        let mut d = Diagnostic::new(&self.o.file, msg).hint(hint);
        let here = steps(at);
        if let Some(p) = self
            .positions
            .key(&here)
            .or_else(|| self.positions.value(&here))
        {
            d = d.at(p.line, p.column).source(&self.o.text);
            if let Some(Seg::Key(k)) = at.last() {
                d = d.len(k.chars().count());
            }
        }
        self.problems.push(d);
    }

    fn shape(&mut self, at: &[Seg]) {
        let b = self.base_name.clone();
        self.error(
            at,
            format!("this has another shape in {b} (a list, a map or a text)"),
            format!("write it as {b} does, with only its text translated"),
        );
    }

    /// The fields of a map of the overlay, over the map `bmap` of the base.
    fn map(
        &mut self,
        map: &'o serde_json::Map<String, Value>,
        bmap: &serde_json::Map<String, Value>,
        (bpath, opath): (&[Seg], &[Seg]),
        matched_by: Option<&str>,
        stack: &mut Vec<Todo<'o>>,
    ) {
        let b = self.base_name.clone();
        for (k, v) in map {
            let bp = child(bpath, Seg::Key(k.clone()));
            let op = child(opath, Seg::Key(k.clone()));
            if k == REVIEW_KEY {
                match v.as_str() {
                    Some("pending") => self.applied.pending = true,
                    Some("done") => {}
                    _ => self.error(
                        &op,
                        format!("`{REVIEW_KEY}` must be `pending` or `done`"),
                        "write `translation_review: pending` until a fluent speaker has checked this translation, then remove it".into(),
                    ),
                }
                continue;
            }
            if matched_by == Some(k.as_str()) {
                continue;
            }
            let Some(bv) = bmap.get(k) else {
                let hint = match suggest(k, bmap.keys().map(String::as_str)) {
                    Some(s) => {
                        format!("did you mean `{s}`? A translation only gives fields that {b} has")
                    }
                    None => format!(
                        "a translation only gives fields that {b} has; remove this one, or add it to {b} first"
                    ),
                };
                self.error(&op, format!("`{k}` is not in {b}"), hint);
                continue;
            };
            let nested = |x: &Value| x.is_object() || x.is_array();
            match (nested(v), nested(bv)) {
                (false, false) => {
                    if let Some(slot) = get_mut(&mut self.applied.value, &bp) {
                        *slot = v.clone();
                    }
                    self.applied.set.insert(bp);
                }
                (true, true) => stack.push((v, bp, op, None)),
                _ => self.shape(&op),
            }
        }
    }

    /// The items of a list of the overlay, matched to the items of `bitems` by their id
    /// field, else by position.
    fn list(
        &mut self,
        items: &'o [Value],
        bitems: &[Value],
        (bpath, opath): (&[Seg], &[Seg]),
        stack: &mut Vec<Todo<'o>>,
    ) {
        let b = self.base_name.clone();
        let id = ID_FIELDS.into_iter().find(|f| names_records(bitems, f));
        for (j, item) in items.iter().enumerate() {
            let op = child(opath, Seg::Index(j));
            let target = match id {
                Some(f) => self.find_record(item, bitems, f, &op),
                None if j < bitems.len() => Some(j),
                None => {
                    self.error(
                        &op,
                        format!("this list has more items than in {b} ({})", bitems.len()),
                        format!(
                            "items of this list are matched by position: keep them in the order of {b}"
                        ),
                    );
                    None
                }
            };
            if let Some(i) = target {
                stack.push((item, child(bpath, Seg::Index(i)), op, id));
            }
        }
    }

    /// The index of the record of `bitems` whose field `f` is the overlay item's.
    fn find_record(
        &mut self,
        item: &Value,
        bitems: &[Value],
        f: &str,
        op: &[Seg],
    ) -> Option<usize> {
        let b = self.base_name.clone();
        let Some(want) = item.get(f) else {
            self.error(
                op,
                format!("this item does not say which record of {b} it translates"),
                format!("give it the record's `{f}`, as in {b}"),
            );
            return None;
        };
        if let Some(i) = bitems.iter().position(|r| r.get(f) == Some(want)) {
            return Some(i);
        }
        let ids: Vec<String> = bitems.iter().filter_map(|r| r.get(f)).map(plain).collect();
        let hint = match suggest(&plain(want), ids.iter().map(String::as_str)) {
            Some(s) => format!("did you mean `{f}: {s}`?"),
            None => format!("use the `{f}` of a record of {b}"),
        };
        self.error(
            &child(op, Seg::Key(f.into())),
            format!("{b} has no record with `{f}: {}`", plain(want)),
            hint,
        );
        None
    }
}

/// Whether field `f` tells the records of a base list apart: every record gives it as a text
/// or number, each its own.
fn names_records(bitems: &[Value], f: &str) -> bool {
    let mut seen = BTreeSet::new();
    !bitems.is_empty()
        && bitems.iter().all(|r| {
            r.get(f)
                .is_some_and(|v| !v.is_object() && !v.is_array() && seen.insert(plain(v)))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(text: &str) -> Value {
        crate::util::yaml::parse(text, Path::new("t.yaml"), text, 1, "test").unwrap()
    }

    fn run(base: &str, overlay: &str) -> Result<Translations, Vec<Diagnostic>> {
        let data = serde_json::json!({ "lines": yaml(base) });
        let o = Overlay {
            name: "lines".into(),
            lang: "ur".into(),
            file: "data/lines.ur.yaml".into(),
            text: overlay.into(),
            value: yaml(overlay),
        };
        let base_of = |n: &str| {
            (n == "lines").then(|| Base {
                file: Path::new("data/lines.yaml"),
                text: base,
                value: &data["lines"],
            })
        };
        translate(
            &data,
            (&["lines"], &[o]),
            &base_of,
            &["ur".into(), "pl".into()],
            "en",
        )
    }

    #[test]
    fn overlays_translate_fall_back_and_report() {
        let base = "a:\n  name: A\n  phone: '1'\nb:\n  name: B\n  phone: '2'\n";
        let t = run(base, "translation_review: pending\na:\n  name: اے\n").unwrap();
        assert_eq!(t.plain["ur"]["lines"]["a"]["name"], "اے");
        assert_eq!(t.plain["ur"]["lines"]["b"]["name"], "B");
        assert_eq!(
            t.marked["ur"]["lines"]["b"]["name"],
            langmark::mark("en", "B").as_str()
        );
        // Phones are not translated anywhere: not marked, not missing.
        assert_eq!(t.marked["ur"]["lines"]["b"]["phone"], "2");
        let missing: Vec<(&str, &str, usize)> = t
            .missing
            .iter()
            .map(|m| (m.lang.as_str(), m.field.as_str(), m.line))
            .collect();
        assert_eq!(
            missing,
            [
                ("pl", "a.name", 2),
                ("pl", "b.name", 5),
                ("ur", "b.name", 5)
            ]
        );
        assert_eq!(t.pending["ur"], [PathBuf::from("data/lines.ur.yaml")]);
    }

    #[test]
    fn lists_match_by_slug_else_by_position() {
        let base =
            "- slug: x\n  name: X\n  list:\n    - n: one\n    - n: two\n- slug: y\n  name: Y\n";
        let t = run(
            base,
            "- slug: y\n  name: ی\n- slug: x\n  list:\n    - n: ایک\n",
        )
        .unwrap();
        let ur = &t.plain["ur"]["lines"];
        assert_eq!(ur[1]["name"], "ی");
        assert_eq!(ur[0]["slug"], "x");
        assert_eq!(ur[0]["list"][0]["n"], "ایک");
        assert_eq!(ur[0]["list"][1]["n"], "two");
    }

    #[test]
    fn contacts_match_by_kind_so_an_inserted_contact_shifts_nothing() {
        // The base gained a contact at the top after the translation was written.
        let base = "- slug: x\n  contacts:\n    - kind: adults\n      name: Adults\n    - kind: children\n      name: Children\n    - kind: out-of-hours\n      name: Night\n";
        let overlay = "- slug: x\n  contacts:\n    - kind: children\n      name: بچے\n    - kind: out-of-hours\n      name: رات\n";
        let t = run(base, overlay).unwrap();
        let c = &t.plain["ur"]["lines"][0]["contacts"];
        assert_eq!(c[0]["name"], "Adults");
        assert_eq!(c[1]["name"], "بچے");
        assert_eq!(c[2]["name"], "رات");
        assert!(
            t.missing
                .iter()
                .any(|m| m.field.contains("contacts[0].name"))
        );
        // A kind that names no contact of the base is an error at its line.
        let bad = "- slug: x\n  contacts:\n    - kind: childen\n      name: بچے\n";
        let problems = run(base, bad).unwrap_err();
        assert!(
            problems[0]
                .to_string()
                .contains("no record with `kind: childen`")
        );
        assert!(
            problems[0]
                .to_string()
                .contains("did you mean `kind: children`?")
        );
        // Two contacts of one kind cannot be told apart by it: matched by position.
        let same = "- slug: x\n  contacts:\n    - kind: a\n      name: One\n    - kind: a\n      name: Two\n";
        let t = run(same, "- slug: x\n  contacts:\n    - name: ایک\n").unwrap();
        assert_eq!(t.plain["ur"]["lines"][0]["contacts"][0]["name"], "ایک");
        assert_eq!(t.plain["ur"]["lines"][0]["contacts"][1]["name"], "Two");
    }

    #[test]
    fn keys_and_records_the_base_lacks_are_errors_at_their_line() {
        let base = "a:\n  name: A\n";
        let e = run(base, "a:\n  nmae: x\n").unwrap_err();
        assert_eq!((e[0].line, e[0].column), (2, 3));
        assert!(
            e[0].message.contains("`nmae` is not in data/lines.yaml"),
            "{}",
            e[0].message
        );
        assert!(
            e[0].hint
                .as_deref()
                .unwrap_or("")
                .contains("did you mean `name`?")
        );
        let e = run("- slug: x\n  name: X\n", "- slug: z\n  name: y\n").unwrap_err();
        assert_eq!(e[0].line, 1);
        assert!(e[0].message.contains("no record with `slug: z`"));
    }
}
