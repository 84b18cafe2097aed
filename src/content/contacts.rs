//! A contact (a record of a data file with a `verified` or `checked` field, as `placard check`
//! reads them) must give a way to contact: a card with neither a phone number nor a web or
//! e-mail address helps no one.

use std::path::Path;

use serde_json::Value;

use crate::error::Diagnostic;
use crate::util::yaml::{Positions, Step};

/// The fields that are a way to contact.
pub const WAYS: [&str; 4] = ["phone", "textphone", "url", "email"];

/// Every contact of one data file's `value` without a way to contact, at its line.
pub fn unreachable(value: &Value, file: &Path, text: &str) -> Vec<Diagnostic> {
    let csv = file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let mut positions: Option<Positions> = None;
    let mut problems = Vec::new();
    // Its own stack: no nesting of the data can exhaust the thread's.
    let mut stack: Vec<(Vec<Step<'_>>, &Value)> = vec![(Vec::new(), value)];
    while let Some((path, value)) = stack.pop() {
        match value {
            Value::Object(map) => {
                let contact = map.contains_key("verified") || map.contains_key("checked");
                if contact && !WAYS.iter().any(|w| map.get(*w).is_some_and(is_given)) {
                    let positions = positions.get_or_insert_with(|| Positions::parse(text, 1));
                    problems.push(problem(map, &path, file, text, csv, positions));
                }
                for (k, v) in map.iter().rev() {
                    let mut p = path.clone();
                    p.push(Step::Key(k));
                    stack.push((p, v));
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate().rev() {
                    let mut p = path.clone();
                    p.push(Step::Index(i));
                    stack.push((p, v));
                }
            }
            _ => {}
        }
    }
    problems
}

fn is_given(v: &Value) -> bool {
    match v {
        Value::String(s) => !s.trim().is_empty(),
        Value::Number(_) => true,
        _ => false,
    }
}

fn problem(
    map: &serde_json::Map<String, Value>,
    path: &[Step<'_>],
    file: &Path,
    text: &str,
    csv: bool,
    positions: &Positions,
) -> Diagnostic {
    let name = ["name", "title"]
        .iter()
        .find_map(|k| map.get(*k).and_then(Value::as_str))
        .unwrap_or("a contact");
    let line = match path.first() {
        Some(Step::Index(i)) if csv => Some(i + 2),
        _ => positions
            .key(path)
            .or_else(|| positions.value(path))
            .map(|p| p.line),
    };
    let d = Diagnostic::new(
        file,
        format!("the contact \"{name}\" has no phone number, web address or e-mail address, so its card would give no way to contact it"),
    )
    .hint("add `phone: ...`, `url: https://...` or `email: ...` from the organisation's own website, or remove the contact");
    match line {
        Some(line) if line > 0 => d.at(line, 1).source(text),
        _ => d,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str) -> Vec<Diagnostic> {
        let file = Path::new("data/x.yaml");
        let value = super::super::data::parse(text, file, "yaml").unwrap();
        unreachable(&value, file, text)
    }

    #[test]
    fn a_contact_needs_a_way_to_contact() {
        let text = "a:\n  name: A\n  phone: 101\n  verified: true\nb:\n  name: B\n  verified: 2026-01-01\nc:\n  name: C\n  url: https://c.org\n  checked: 2026-01-01\n";
        let found = check(text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].message.contains("\"B\""), "{:?}", found[0]);
        assert_eq!(found[0].line, 5);
    }

    #[test]
    fn records_without_dates_are_not_contacts() {
        assert!(check("- name: Bolton\n  slug: bolton\n").is_empty());
        let list = "- name: A\n  email: a@b.org\n  verified: false\n- name: B\n  verified: false\n";
        let found = check(list);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, 4);
    }
}
