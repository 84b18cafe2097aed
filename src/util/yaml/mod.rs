//! YAML parsing with serde-saphyr, turning its errors into [`Diagnostic`]s.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::error::{Diagnostic, suggest};

pub mod positions;

pub use positions::{Pos, Positions, Step};

/// The parser options every YAML file of a site is read with: `no` and `017` stay strings, a
/// duplicate key is an error, and alias expansion is bounded (no "billion laughs").
pub fn options() -> serde_saphyr::Options {
    let mut options = serde_saphyr::Options::default();
    options.strict_booleans = true;
    options.leading_zero_numbers_as_strings = true;
    options.with_snippet = false;
    options
}

/// Parses `text` (which starts at line `first_line` of the file `path`, whose whole text is
/// `file_text`) into `T`.
pub fn parse<T: DeserializeOwned>(
    text: &str,
    path: &Path,
    file_text: &str,
    first_line: usize,
    what: &str,
) -> Result<T, Diagnostic> {
    serde_saphyr::from_str_with_options(text, options())
        .map_err(|e| to_diagnostic(&e, path, file_text, first_line, what))
}

/// Converts a serde-saphyr error into a diagnostic at the right line of the file.
pub fn to_diagnostic(
    err: &serde_saphyr::Error,
    path: &Path,
    file_text: &str,
    first_line: usize,
    what: &str,
) -> Diagnostic {
    let err = err.without_snippet();
    let (line, column) = err
        .location()
        .map(|l| (l.line() as usize, l.column() as usize))
        .unwrap_or((0, 0));
    let mut d = match err {
        serde_saphyr::Error::SerdeUnknownField {
            field, expected, ..
        } => {
            let d = Diagnostic::new(path, format!("unknown field `{field}` in {what}"))
                .len(field.chars().count());
            match suggest(field, expected.iter().copied()) {
                Some(s) => d.hint(format!("did you mean `{s}`?")),
                None => d.hint(format!(
                    "the fields allowed here are: {}{}",
                    expected.join(", "),
                    if what == "front matter" {
                        "; put free-form values under `extra:`"
                    } else {
                        ""
                    }
                )),
            }
        }
        serde_saphyr::Error::SerdeMissingField { field, .. } => {
            Diagnostic::new(path, format!("the field `{field}` is missing from {what}"))
                .hint(format!("add a line `{field}: ...`"))
        }
        other if line > 0 && type_word(&other.to_string()).is_some() => {
            let key = file_text
                .lines()
                .nth(line + first_line - 2)
                .and_then(|l| l.split_once(':'))
                .map(|(k, _)| k.trim().trim_start_matches("- ").to_string())
                .filter(|k| !k.is_empty());
            let wanted = type_word(&other.to_string()).unwrap_or("another kind of value");
            let message = match &key {
                Some(k) => format!("`{k}` must be {wanted} in {what}"),
                None => format!("this value must be {wanted} in {what}"),
            };
            Diagnostic::new(path, message).hint(format!("write {wanted} here"))
        }
        other if other.to_string().contains("budget") => {
            let d = Diagnostic::new(
                path,
                format!("{what} is too big: it would expand to more values than placard reads"),
            );
            if uses_aliases(file_text) {
                d.hint(
                    "this usually means anchors and aliases (`&name` and `*name`) that repeat each other; \
                     write the values out, or split the data into smaller files",
                )
            } else {
                d.hint("split the data into smaller files (placard reads up to about 250,000 values from one file)")
            }
        }
        other => {
            let message = clean_message(&other.to_string());
            Diagnostic::new(path, format!("{what} is not valid: {message}")).hint(
                "check the YAML: `key: value` on each line, quotes around text with `:` or `#`, \
                 and consistent indentation with spaces",
            )
        }
    };
    if line > 0 {
        d = d.at(line + first_line - 1, column).source(file_text);
    }
    d
}

/// Does the YAML text use an alias (`*name` where a value starts)? Only then can the value
/// budget be reached by aliases repeating each other.
fn uses_aliases(text: &str) -> bool {
    text.lines().any(|line| {
        let b = line.as_bytes();
        b.iter().enumerate().any(|(i, c)| {
            *c == b'*'
                && (i == 0 || matches!(b[i - 1], b' ' | b'[' | b',' | b'{' | b'\t'))
                && b.get(i + 1)
                    .is_some_and(|n| n.is_ascii_alphanumeric() || *n == b'_')
        })
    })
}

/// What a serde type error wanted, in plain English.
fn type_word(message: &str) -> Option<&'static str> {
    let m = message.to_ascii_lowercase();
    if !m.starts_with("invalid") {
        return None;
    }
    let kinds: [(&[&str], &str); 6] = [
        (
            &["i64", "u64", "usize", "u32", "i32", "integer"],
            "a whole number",
        ),
        (&["f64", "float"], "a number"),
        (&["bool"], "true or false"),
        (&["a string", "expected string"], "text"),
        (&["sequence", "a list"], "a list (lines starting with `- `)"),
        (
            &["a map", "struct", "mapping"],
            "a map of `name: value` lines",
        ),
    ];
    kinds
        .iter()
        .find(|(words, _)| words.iter().any(|w| m.contains(w)))
        .map(|(_, w)| *w)
}

/// serde-saphyr's messages end with " at line X column Y"; the diagnostic says that already.
fn clean_message(message: &str) -> String {
    let message = message.lines().next().unwrap_or(message);
    match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

#[cfg(test)]
mod alias_tests {
    use super::uses_aliases;

    #[test]
    fn aliases_are_found_where_values_start() {
        assert!(uses_aliases("a: &x [1]\nb: *x\n"));
        assert!(uses_aliases("- [*x, *y]\n"));
        assert!(!uses_aliases("a: \"*not an alias\"\nb: 2 * 3\n- 1\n"));
    }
}
