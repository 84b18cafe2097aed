//! Errors and diagnostics.
//!
//! Everything a comms team can get wrong becomes a [`Diagnostic`]: a file, a line, a column,
//! a plain-English message and a hint saying how to fix it. A build collects every diagnostic
//! it can find and reports them together as [`Error::Site`].

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};

/// Stable codes of diagnostics that other parts of placard tell apart (`placard check` reports
/// a build stopped only by broken `@/` links as its own findings, by these codes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Code {
    /// An `@/x.md` link to a page or section that does not exist.
    LinkBroken,
    /// An `@/x.md#anchor` link to an id the target does not have.
    AnchorMissing,
    /// A file that is really outside the site folder (a link out of it).
    OutsideSite,
}

impl Code {
    /// The code as text: the id of the `placard check` rule that reports the same problem.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::LinkBroken => "link-broken",
            Code::AnchorMissing => "anchor-missing",
            Code::OutsideSite => "outside-site",
        }
    }
}

/// One problem in the site's input, pointing at the source file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// A stable code for problems other stages tell apart (see [`Code`]), else `None`.
    pub code: Option<Code>,
    /// The file, relative to the site root (`content/x.md`, `placard.yaml`).
    pub path: PathBuf,
    /// 1-based line, or 0 when the problem is about the whole file.
    pub line: usize,
    /// 1-based column (in characters).
    pub column: usize,
    /// How many characters the caret underlines (at least 1).
    pub len: usize,
    /// What is wrong, in plain English.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
    /// The text of the line `line`, for the snippet.
    pub source_line: Option<Box<str>>,
}

impl Diagnostic {
    /// A problem with a whole file.
    pub fn new(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            code: None,
            path: path.into(),
            line: 0,
            column: 0,
            len: 1,
            message: message.into(),
            hint: None,
            source_line: None,
        }
    }

    /// Gives the diagnostic a stable code.
    pub fn code(mut self, code: Code) -> Self {
        self.code = Some(code);
        self
    }

    /// Points the diagnostic at a line and column (both 1-based).
    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = line;
        self.column = column.max(1);
        self
    }

    /// Sets how many characters the caret underlines.
    pub fn len(mut self, len: usize) -> Self {
        self.len = len.max(1);
        self
    }

    /// Adds a hint saying how to fix the problem.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Fills in the source line from the whole text of the file.
    pub fn source(mut self, text: &str) -> Self {
        if self.line > 0 {
            self.source_line = text.lines().nth(self.line - 1).map(Box::from);
        }
        self
    }

    /// Points at a byte offset of `text` (the whole file) and fills in the source line.
    pub fn at_offset(self, text: &str, offset: usize) -> Self {
        let (line, column) = line_col(text, offset);
        self.at(line, column).source(text)
    }

    /// Points at the first occurrence of `needle` in `text` (the whole file), if any.
    pub fn at_text_of(self, needle: &str, text: Option<&str>) -> Self {
        match text.and_then(|t| t.find(needle).map(|i| (t, i))) {
            Some((t, i)) => self.at_offset(t, i).len(needle.len()),
            None => self,
        }
    }

    /// `path:line:column`, or the path alone.
    pub fn location(&self) -> String {
        let path = display_path(&self.path);
        if self.line == 0 {
            path
        } else {
            format!("{path}:{}:{}", self.line, self.column)
        }
    }

    /// Renders the diagnostic in the format of ARCHITECTURE.md, with colour when `color` is set.
    pub fn render(&self, color: bool) -> String {
        self.render_as(color, false)
    }

    /// Renders the diagnostic as a warning (a problem that does not stop the build).
    pub fn render_warning(&self, color: bool) -> String {
        self.render_as(color, true)
    }

    fn render_as(&self, color: bool, warning: bool) -> String {
        let (word, level) = if warning {
            ("warning", Level::WARNING)
        } else {
            ("error", Level::ERROR)
        };
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        let path = display_path(&self.path);
        let Some(source) = self.source_line.as_deref().filter(|_| self.line > 0) else {
            let mut out = format!("{word}: {}\n  --> {}\n", self.message, self.location());
            if let Some(hint) = &self.hint {
                let _ = writeln!(out, "   = help: {hint}");
            }
            return out;
        };
        let start = char_to_byte(source, self.column.saturating_sub(1));
        let end = char_to_byte(source, self.column.saturating_sub(1) + self.len).max(start);
        let annotation = AnnotationKind::Primary.span(start..end);
        let annotation = match &self.hint {
            Some(hint) => annotation.label(hint.as_str()),
            None => annotation,
        };
        let report = &[level.primary_title(self.message.as_str()).element(
            Snippet::source(source)
                .line_start(self.line)
                .path(path.as_str())
                .annotation(annotation),
        )];
        let mut out = renderer.render(report);
        out.push('\n');
        out
    }
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.location(), self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, " ({hint})")?;
        }
        Ok(())
    }
}

/// A path with forward slashes, as users see it in messages on every platform.
pub fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// [`line_col`] for many offsets of one text asked for mostly in increasing order (the links of
/// a page as its Markdown is read): the newlines are counted from the offset asked for last,
/// not from the start, so a page of many links is read once, not once per link.
#[derive(Debug, Default)]
pub struct Lines {
    /// The offset asked for last, the newlines before it, and where its line starts.
    offset: usize,
    newlines: usize,
    line_start: usize,
}

impl Lines {
    /// The 1-based line and column (in characters) of `offset` in `text`, as [`line_col`].
    pub fn at(&mut self, text: &str, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        if offset < self.offset {
            *self = Lines::default();
        }
        let from = self.offset;
        for i in memchr::memchr_iter(b'\n', &text.as_bytes()[from..offset]) {
            self.newlines += 1;
            self.line_start = from + i + 1;
        }
        self.offset = offset;
        let column = text[self.line_start..offset].chars().count() + 1;
        (self.newlines + 1, column)
    }
}

fn char_to_byte(s: &str, chars: usize) -> usize {
    s.char_indices().nth(chars).map_or(s.len(), |(i, _)| i)
}

/// The errors of the library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The site's input has problems; every one found is listed.
    #[error("the site has {} error{}", .0.len(), if .0.len() == 1 { "" } else { "s" })]
    Site(Vec<Diagnostic>),
    /// Reading or writing a file failed for a reason outside the site's content.
    #[error("could not {action} {}: {source}", display_path(path))]
    Io {
        /// What placard was doing ("write", "create the folder", ...).
        action: &'static str,
        /// The file or folder.
        path: PathBuf,
        /// The system's error.
        source: std::io::Error,
    },
    /// The output folder exists, is not empty and was not made by placard.
    #[error(
        "{} already exists and was not made by placard, so placard will not replace it. \
         Move or delete it yourself, or build somewhere else with --output DIR.",
        display_path(.0)
    )]
    ForeignOutput(PathBuf),
    /// The folder given as the site root is not a site.
    #[error(
        "{} is not a placard site: it has no content/ folder. Run placard from your site's folder, \
         or point at it with --root DIR (`placard init DIR` makes a new site in DIR).",
        display_path(.0)
    )]
    NotASite(PathBuf),
}

impl Error {
    /// An I/O error with the path it happened on.
    pub fn io(action: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            action,
            path: path.into(),
            source,
        }
    }

    /// The diagnostics of a [`Error::Site`], or none.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            Error::Site(d) => d,
            _ => &[],
        }
    }
}

impl From<Diagnostic> for Error {
    fn from(d: Diagnostic) -> Self {
        Error::Site(vec![d])
    }
}

impl From<Vec<Diagnostic>> for Error {
    fn from(d: Vec<Diagnostic>) -> Self {
        Error::Site(d)
    }
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Gathers the results of work done per key (often in parallel): the values by key when all
/// succeeded, or every problem of every key in one [`Error::Site`].
pub fn collect_keyed<K: Ord, V, P: IntoIterator<Item = Diagnostic>>(
    results: impl IntoIterator<Item = (K, std::result::Result<V, P>)>,
) -> Result<std::collections::BTreeMap<K, V>> {
    let mut found = std::collections::BTreeMap::new();
    let mut problems = Vec::new();
    for (key, result) in results {
        match result {
            Ok(value) => {
                found.insert(key, value);
            }
            Err(p) => problems.extend(p),
        }
    }
    if problems.is_empty() {
        Ok(found)
    } else {
        Err(Error::Site(problems))
    }
}

/// A stage's result as (value, problems), so later stages can run and report their problems
/// in the same run: the problems of [`Error::Site`] come with the default value; any other
/// error stops the build.
pub fn split_problems<T: Default>(result: Result<T>) -> Result<(T, Vec<Diagnostic>)> {
    match result {
        Ok(value) => Ok((value, Vec::new())),
        Err(Error::Site(problems)) => Ok((T::default(), problems)),
        Err(e) => Err(e),
    }
}

/// Sorts problems by file, line and column, and removes repeats.
pub fn sort_problems(problems: &mut Vec<Diagnostic>) {
    problems.sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
    problems.dedup();
}

/// The nearest of `candidates` to `word`, if it is close enough to be a likely typo.
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(2);
    candidates
        .into_iter()
        .map(|c| (levenshtein(word, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, c)| (*d, *c))
        .map(|(_, c)| c)
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            let next = (row[j + 1] + 1).min(row[j] + 1).min(prev + cost);
            prev = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_give_what_line_col_gives_in_any_order() {
        let text = "first line\nzgłoś → ok\n\n  [a](/x/) [b](/y/)\nlast";
        let mut offsets: Vec<usize> = (0..=text.len() + 2).collect();
        let mut lines = Lines::default();
        for &o in &offsets {
            assert_eq!(lines.at(text, o), line_col(text, o), "offset {o}");
        }
        offsets.reverse();
        offsets.rotate_left(7);
        for &o in &offsets {
            assert_eq!(lines.at(text, o), line_col(text, o), "offset {o}");
        }
    }

    #[test]
    fn suggests_near_keys_only() {
        assert_eq!(suggest("titel", ["title", "date", "slug"]), Some("title"));
        assert_eq!(suggest("colour", ["title", "date"]), None);
    }

    #[test]
    fn renders_the_architecture_format() {
        let d = Diagnostic::new(
            "content/home-truths/_index.md",
            "unknown field `titel` in front matter",
        )
        .at(2, 1)
        .len(5)
        .hint("did you mean `title`?")
        .source("---\ntitel: Home Truths\n---\n");
        let out = d.render(false);
        assert!(
            out.contains("error: unknown field `titel` in front matter"),
            "{out}"
        );
        assert!(
            out.contains("--> content/home-truths/_index.md:2:1"),
            "{out}"
        );
        assert!(out.contains("titel: Home Truths"), "{out}");
        assert!(out.contains("^^^^^ did you mean `title`?"), "{out}");
    }

    #[test]
    fn line_col_counts_characters() {
        assert_eq!(line_col("ab\ncé d", 7), (2, 4));
        assert_eq!(line_col("", 5), (1, 1));
    }
}
