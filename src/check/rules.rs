//! The findings rules produce, and the places in source files they point at. The rule registry
//! and the `check:` settings are in [`crate::config::check`].

use std::path::PathBuf;

use serde::Serialize;

pub use crate::config::check::{RULES, Settings, Severity, default_severity};

/// One problem `placard check` found: data, not an error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The rule id, such as `img-alt`.
    pub rule: &'static str,
    pub severity: Severity,
    /// The source file, relative to the site root.
    pub path: PathBuf,
    /// 1-based line, or 0 when the finding is about the whole file.
    pub line: usize,
    /// 1-based column, or 0 when not known.
    #[serde(skip_serializing_if = "is_zero")]
    pub column: usize,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// The text of line `line`, for the caret display.
    #[serde(skip)]
    pub source_line: Option<String>,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl Finding {
    /// A finding with the rule's default severity, about a whole file.
    pub fn new(rule: &'static str, path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Finding {
            rule,
            severity: default_severity(rule).unwrap_or(Severity::Warning),
            path: path.into(),
            line: 0,
            column: 0,
            message: message.into(),
            hint: None,
            source_line: None,
        }
    }

    /// Adds a hint saying how to fix it.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Points at a place: line and column (1-based), with the file's text for the snippet.
    pub fn at(mut self, spot: &Spot) -> Self {
        self.path = spot.path.clone();
        self.line = spot.line;
        self.column = spot.column;
        self.source_line = spot.source_line.clone();
        self
    }
}

/// A place in a source file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Spot {
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
    pub source_line: Option<String>,
}

impl Spot {
    /// A whole file.
    pub fn file(path: impl Into<PathBuf>) -> Self {
        Spot {
            path: path.into(),
            ..Spot::default()
        }
    }

    /// The place of byte `offset` in `text`, the whole text of `path`.
    pub fn offset(path: impl Into<PathBuf>, text: &str, offset: usize) -> Self {
        let (line, column) = crate::error::line_col(text, offset);
        Spot {
            path: path.into(),
            line,
            column,
            source_line: text.lines().nth(line - 1).map(str::to_owned),
        }
    }

    /// The first line with text at or after byte `offset` of `text` (the start of a page's
    /// Markdown, which often begins with a blank line).
    pub fn first_text(path: impl Into<PathBuf>, text: &str, offset: usize) -> Self {
        let (mut line, _) = crate::error::line_col(text, offset);
        let total = text.lines().count();
        while line < total
            && text
                .lines()
                .nth(line - 1)
                .is_some_and(|l| l.trim().is_empty())
        {
            line += 1;
        }
        Spot::line(path, text, line)
    }

    /// Line `line` (1-based) of `text`, the whole text of `path`, at its first non-blank.
    pub fn line(path: impl Into<PathBuf>, text: &str, line: usize) -> Self {
        let source_line = text.lines().nth(line.saturating_sub(1)).map(str::to_owned);
        let column = source_line.as_deref().map_or(1, |l| {
            l.chars().take_while(|c| c.is_whitespace()).count() + 1
        });
        Spot {
            path: path.into(),
            line,
            column,
            source_line,
        }
    }
}
