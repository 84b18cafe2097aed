//! Paths into a data value, and the patterns of translated fields, for [`super`].

use serde_json::Value;

use crate::util::yaml::Step;

/// One step of a path into a value.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Seg {
    Key(String),
    Index(usize),
}

/// One step of a field's pattern: a key, or any record.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum PSeg {
    Key(String),
    Any,
}

/// `path` with one more step.
pub(super) fn child(path: &[Seg], seg: Seg) -> Vec<Seg> {
    let mut p = path.to_vec();
    p.push(seg);
    p
}

/// A scalar as text (`bolton`, `3`).
pub(super) fn plain(v: &Value) -> String {
    v.as_str().map_or_else(|| v.to_string(), str::to_owned)
}

pub(super) fn get<'v>(mut v: &'v Value, path: &[Seg]) -> Option<&'v Value> {
    for seg in path {
        v = match seg {
            Seg::Key(k) => v.get(k)?,
            Seg::Index(i) => v.get(*i)?,
        };
    }
    Some(v)
}

pub(super) fn get_mut<'v>(mut v: &'v mut Value, path: &[Seg]) -> Option<&'v mut Value> {
    for seg in path {
        v = match seg {
            Seg::Key(k) => v.get_mut(k)?,
            Seg::Index(i) => v.get_mut(*i)?,
        };
    }
    Some(v)
}

pub(super) fn steps(path: &[Seg]) -> Vec<Step<'_>> {
    path.iter()
        .map(|s| match s {
            Seg::Key(k) => Step::Key(k),
            Seg::Index(i) => Step::Index(*i),
        })
        .collect()
}

/// `police.description`, `[2].contacts[0].name`.
pub(super) fn shown(path: &[Seg]) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) if out.is_empty() => out.push_str(k),
            Seg::Key(k) => {
                out.push('.');
                out.push_str(k);
            }
            Seg::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// The pattern of a path: list items, and the values of a map whose values are all maps
/// (a map of records), are any record.
pub(super) fn pattern(base: &Value, path: &[Seg]) -> Vec<PSeg> {
    let mut out = Vec::with_capacity(path.len());
    let mut at = Some(base);
    for seg in path {
        let node = at;
        out.push(match seg {
            Seg::Index(_) => PSeg::Any,
            Seg::Key(k) => match node.and_then(Value::as_object) {
                Some(m) if m.values().all(Value::is_object) => PSeg::Any,
                _ => PSeg::Key(k.clone()),
            },
        });
        at = node.and_then(|n| match seg {
            Seg::Key(k) => n.get(k),
            Seg::Index(i) => n.get(*i),
        });
    }
    out
}

/// Every text (string) of a value with its path, read with a stack.
pub(super) fn leaves(value: &Value) -> Vec<(Vec<Seg>, &str)> {
    let mut out = Vec::new();
    let mut stack: Vec<(&Value, Vec<Seg>)> = vec![(value, Vec::new())];
    while let Some((v, path)) = stack.pop() {
        match v {
            Value::String(s) => out.push((path, s.as_str())),
            Value::Object(m) => {
                for (k, child_v) in m.iter().rev() {
                    stack.push((child_v, child(&path, Seg::Key(k.clone()))));
                }
            }
            Value::Array(items) => {
                for (i, child_v) in items.iter().enumerate().rev() {
                    stack.push((child_v, child(&path, Seg::Index(i))));
                }
            }
            _ => {}
        }
    }
    out
}
