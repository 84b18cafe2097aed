//! The `contact-unverified` and `contact-stale` rules, over the records of the data files.

use std::path::Path;

use serde_json::Value;

use super::{Audit, Finding, Spot};
use crate::render::functions::contact_status;
use crate::util::yaml::Positions;

/// A contact is any record of a data file with a `verified` or `checked` field:
/// `verified: false` is unverified, and so is a `checked` or `verified` value that is not a
/// date; a `checked` (or else `verified`) date older than `contact_max_age_days` is stale.
pub fn contacts(site: &Audit<'_>, file: &Path, text: &str) -> Vec<Finding> {
    let Some(value) = site
        .lib
        .data
        .files
        .iter()
        .find(|(_, f, _)| f == file)
        .and_then(|(name, _, _)| {
            site.lib
                .data
                .value
                .pointer(&format!("/{}", name.replace('.', "/")))
        })
    else {
        return Vec::new();
    };
    let mut found = Vec::new();
    walk(value, &mut found);
    let csv = file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let positions = Positions::parse(text, 1);
    let mut seen_verified = 0;
    let mut seen_checked = 0;
    let mut out = Vec::new();
    for (index, record) in found {
        let Dates {
            verified,
            checked,
            key,
        } = Dates::of(record);
        let nth = if verified.is_some() {
            seen_verified += 1;
            seen_verified
        } else {
            0
        };
        let nth_checked = if checked.is_some() {
            seen_checked += 1;
            seen_checked
        } else {
            0
        };
        let line = if csv {
            index + 2
        } else {
            let (k, n) = if key == "checked" {
                ("checked", nth_checked)
            } else {
                ("verified", nth)
            };
            nth_key_line(&positions, k, n).unwrap_or(0)
        };
        let spot = if line > 0 {
            Spot::line(file, text, line)
        } else {
            Spot::file(file)
        };
        out.extend(finding(site, record, file, &spot));
    }
    out
}

/// A contact record's `verified` and `checked` values, and which of the two dates it.
struct Dates<'r> {
    verified: Option<&'r Value>,
    checked: Option<&'r Value>,
    /// `checked` when there is one, else `verified`.
    key: &'static str,
}

impl<'r> Dates<'r> {
    fn of(record: &'r serde_json::Map<String, Value>) -> Dates<'r> {
        let checked = record.get("checked");
        Dates {
            verified: record.get("verified"),
            checked,
            key: if checked.is_some() {
                "checked"
            } else {
                "verified"
            },
        }
    }
}

/// The finding for one contact record at `spot`, if it is unverified or stale.
fn finding(
    site: &Audit<'_>,
    record: &serde_json::Map<String, Value>,
    file: &Path,
    spot: &Spot,
) -> Option<Finding> {
    let name = ["name", "title", "phone", "email", "url"]
        .iter()
        .find_map(|k| record.get(*k).and_then(Value::as_str))
        .unwrap_or("a contact");
    let Dates {
        verified,
        checked,
        key,
    } = Dates::of(record);
    let status = if matches!(verified, Some(Value::Bool(false) | Value::Null)) {
        "unverified"
    } else if verified == Some(&Value::Bool(true)) && checked.is_none() {
        // Verified, without a date to judge its age by.
        "ok"
    } else {
        contact_status(
            checked
                .or(verified)
                .map(tera::Value::from_serializable)
                .as_ref(),
            site.now,
            site.config.contact_max_age_days,
        )
    };
    match status {
        "unverified" => Some(
            Finding::new(
                "contact-unverified",
                file,
                format!("the contact \"{name}\" has not been verified"),
            )
            .at(spot)
            .hint("check the contact on the organisation's own website, then write the date: `verified: 2026-01-31`"),
        ),
        "stale" => Some(
            Finding::new(
                "contact-stale",
                file,
                format!(
                    "the contact \"{name}\" was last checked more than {} days ago",
                    site.config.contact_max_age_days
                ),
            )
            .at(spot)
            .hint(format!("check it again and update the date in `{key}:`")),
        ),
        _ => None,
    }
}

/// Every object with a `verified` or `checked` field, in document order, with its index in
/// the top-level list (for CSV rows). Walks with its own stack, so no nesting of the data can
/// exhaust the thread's.
fn walk<'v>(value: &'v Value, out: &mut Vec<(usize, &'v serde_json::Map<String, Value>)>) {
    let mut stack: Vec<(usize, &'v Value)> = match value {
        Value::Array(items) => items.iter().enumerate().rev().collect(),
        v => vec![(0, v)],
    };
    while let Some((top, value)) = stack.pop() {
        match value {
            Value::Object(m) => {
                if m.contains_key("verified") || m.contains_key("checked") {
                    out.push((top, m));
                }
                stack.extend(m.values().rev().map(|v| (top, v)));
            }
            Value::Array(items) => stack.extend(items.iter().rev().map(|v| (top, v))),
            _ => {}
        }
    }
}

/// The line of the `n`th (1-based) `key:` (YAML) or `"key":` (JSON) of a file.
fn nth_key_line(positions: &Positions, key: &str, n: usize) -> Option<usize> {
    let found = positions.keys_named(key).nth(n.checked_sub(1)?);
    found.map(|p| p.line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_lines() {
        let t =
            "- name: A\n  verified: false\n- name: B\n  contacts:\n    - verified: 2020-01-01\n";
        let p = Positions::parse(t, 1);
        assert_eq!(nth_key_line(&p, "verified", 1), Some(2));
        assert_eq!(nth_key_line(&p, "verified", 2), Some(5));
        let json = Positions::parse("[{\"verified\": false}]", 1);
        assert_eq!(nth_key_line(&json, "verified", 1), Some(1));
    }

    #[test]
    fn walks_records_in_document_order_at_any_depth() {
        let v: Value = serde_json::json!([
            {"name": "A", "verified": false, "more": [{"checked": "2020-01-01"}]},
            {"name": "B", "verified": true}
        ]);
        let mut found = Vec::new();
        walk(&v, &mut found);
        let tops: Vec<usize> = found.iter().map(|(t, _)| *t).collect();
        assert_eq!(tops, [0, 0, 1]);
        assert!(found[1].1.contains_key("checked"));
        // Deeper than any thread's stack could recurse.
        let mut deep = serde_json::json!({"verified": false});
        for _ in 0..100_000 {
            deep = Value::Array(vec![deep]);
        }
        let mut found = Vec::new();
        walk(&deep, &mut found);
        assert_eq!(found.len(), 1);
        // serde_json's own Drop recurses: take the value apart by hand.
        let mut v = deep;
        while let Value::Array(mut items) = v {
            v = items.pop().unwrap_or(Value::Null);
        }
    }
}
