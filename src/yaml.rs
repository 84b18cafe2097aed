//! YAML parsing with serde-saphyr, turning its errors into [`Diagnostic`]s.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::error::{Diagnostic, suggest};

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

/// serde-saphyr's messages end with " at line X column Y"; the diagnostic says that already.
fn clean_message(message: &str) -> String {
    let message = message.lines().next().unwrap_or(message);
    match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}
