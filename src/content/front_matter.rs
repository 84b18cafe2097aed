//! Splitting a Markdown file into YAML front matter and body, and the front matter's types.

use std::path::Path;

use indexmap::IndexMap;
use serde::Deserialize;

use crate::error::Diagnostic;
use crate::util::url;
use crate::util::yaml::{Positions, Step};

/// A Markdown file split at its front matter.
#[derive(Debug)]
pub struct Split<'a> {
    /// The YAML between the `---` lines.
    pub yaml: &'a str,
    /// The Markdown after the closing `---`.
    pub body: &'a str,
    /// The 1-based line on which the body starts.
    pub body_line: usize,
    /// Byte offset of the body in the file.
    pub body_offset: usize,
}

/// Splits `text`; a file without a complete front matter is an error.
pub fn split<'a>(text: &'a str, path: &Path) -> Result<Split<'a>, Diagnostic> {
    let hint =
        "start the file with a line `---`, then `title: Your title`, then another line `---`";
    if text.trim().is_empty() {
        return Err(Diagnostic::new(path, "this file is empty")
            .at(1, 1)
            .hint(hint));
    }
    let text_no_bom = text.strip_prefix('\u{feff}').unwrap_or(text);
    let bom = text.len() - text_no_bom.len();
    let first_line_end = text_no_bom.find('\n').unwrap_or(text_no_bom.len());
    if text_no_bom[..first_line_end].trim_end() != "---" {
        return Err(Diagnostic::new(path, "this file has no front matter")
            .at(1, 1)
            .source(text)
            .hint(hint));
    }
    let yaml_start = (first_line_end + 1).min(text_no_bom.len());
    let mut pos = yaml_start;
    let mut line = 2;
    while pos < text_no_bom.len() {
        let end = text_no_bom[pos..]
            .find('\n')
            .map_or(text_no_bom.len(), |i| pos + i);
        if text_no_bom[pos..end].trim_end() == "---" {
            let body_start = (end + 1).min(text_no_bom.len());
            return Ok(Split {
                yaml: &text_no_bom[yaml_start..pos],
                body: &text_no_bom[body_start..],
                body_line: line + 1,
                body_offset: bom + body_start,
            });
        }
        pos = end + 1;
        line += 1;
    }
    Err(Diagnostic::new(path, "the front matter is not closed")
        .at(1, 1)
        .len(3)
        .source(text)
        .hint("add a line `---` after the last front-matter line, before the page's text"))
}

/// Pages from a data file (a section's `generate:`).
#[derive(Debug, Clone, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Generate {
    /// The data file's name under `data/` (without extension), such as `districts`.
    pub from: String,
    /// The template each generated page is rendered with.
    #[serde(default)]
    pub template: Option<String>,
    /// The slug: a field name, or a template such as `{{ item.slug }}`.
    pub slug: String,
    /// The title: a field name, or a template such as `Report a concern in {{ item.name }}`.
    pub title: String,
    /// The description: a field name or a template.
    #[serde(default)]
    pub description: Option<String>,
}

/// The front matter of a page or a section: the keys of ARCHITECTURE.md.
///
/// Sections and pages share one type so that a key in the wrong kind of file gets a precise
/// message ("`sort_by` only works in a section's _index.md") rather than "unknown field".
#[derive(Debug, Clone, Deserialize, Default, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// The page's title (required for pages): the heading, the browser tab, links to it.
    pub title: Option<String>,
    /// One or two sentences: under the title, in lists, search results and shared links.
    pub description: Option<String>,
    /// `2024-01-02` or `2024-01-02T10:00:00Z` (a `2024-01-02-` file-name prefix works too).
    pub date: Option<String>,
    /// When the page was last changed, like `date`.
    pub updated: Option<String>,
    /// `true`: left out unless `placard build --drafts`.
    #[serde(default)]
    pub draft: bool,
    /// The last part of the page's address, instead of one made from the file name.
    pub slug: Option<String>,
    /// The order in the section (lightest first, with `sort_by: weight`).
    pub weight: Option<i64>,
    /// The template to show it with: `campaign.html`, `guidance.html`, `downloads.html`...
    pub template: Option<String>,
    /// Old addresses that redirect here (`/old-address/`).
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Terms by taxonomy: `{ topics: ["modern slavery"] }`.
    #[serde(default)]
    pub taxonomies: IndexMap<String, Vec<String>>,
    /// Free-form values for templates.
    #[serde(default = "empty_map")]
    pub extra: serde_json::Value,
    /// `pending` shows a note that a fluent speaker has not yet checked the translation.
    pub translation_review: Option<TranslationReview>,
    /// The highest estimated reading age (years) `placard check` accepts for this page (or
    /// for a section's own text and its pages).
    pub reading_age: Option<f64>,
    /// `false` leaves the page out of the site's search index.
    pub search: Option<bool>,
    // Sections only.
    /// Sections only: how the section orders its pages (`date`, `weight` or `title`).
    pub sort_by: Option<SortBy>,
    /// Sections only: this many pages per page of the list.
    pub paginate_by: Option<usize>,
    /// Sections only: the template of the section's pages.
    pub page_template: Option<String>,
    /// Sections only: `true` writes an Atom feed at `/<section>/atom.xml`.
    pub feed: Option<bool>,
    /// Sections only: one page per record of a data file.
    pub generate: Option<Generate>,
    // Files to download (src/assets/downloads.rs), and one ZIP of them all.
    /// Files to download, shown after the text (or where `{{ downloads() }}` is).
    #[serde(default)]
    pub downloads: Vec<super::downloads::Entry>,
    /// `true`: also one ZIP of all the downloads, listed first.
    #[serde(default)]
    pub bundle: bool,
    // Posters, leaflets and handouts made as PDFs (content/print.rs, src/print/).
    #[serde(default)]
    pub print: Vec<super::print::Entry>,
    /// `easy-read` lays the page out as Easy Read.
    #[serde(default)]
    pub format: super::print::Format,
    // A campaign's identity (content/identity.rs), inherited by pages and sub-sections.
    /// Sections only: the campaign's colour (`#a13a2c`), contrast-checked.
    pub accent: Option<String>,
    /// The campaign's picture, with its alternative text.
    pub hero: Option<super::identity::Picture>,
    /// A short line under the campaign's title.
    pub strapline: Option<String>,
    /// The picture shown when someone shares a link to the page.
    pub share_image: Option<super::identity::Picture>,
}

fn empty_map() -> serde_json::Value {
    serde_json::Value::Object(serde_json::Map::new())
}

/// Whether a fluent speaker has checked a translation.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum TranslationReview {
    /// Not yet checked: the page says so, in its language and the default one.
    Pending,
    /// Checked.
    Done,
}

impl TranslationReview {
    /// The value as written in front matter.
    pub fn as_str(self) -> &'static str {
        match self {
            TranslationReview::Pending => "pending",
            TranslationReview::Done => "done",
        }
    }
}

/// How a section orders its pages.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, Default, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum SortBy {
    /// Newest first; pages without a date last.
    Date,
    /// Lightest first.
    #[default]
    Weight,
    /// Alphabetical.
    Title,
}

impl FrontMatter {
    /// Parses the front matter of the file `path` whose whole text is `file_text`.
    pub fn parse(split: &Split<'_>, path: &Path, file_text: &str) -> Result<Self, Diagnostic> {
        if split.yaml.trim().is_empty() {
            return Ok(FrontMatter {
                extra: empty_map(),
                ..FrontMatter::default()
            });
        }
        let fm: FrontMatter =
            crate::util::yaml::parse(split.yaml, path, file_text, 2, "front matter")?;
        if !fm.extra.is_object() {
            return Err(key_error(
                path,
                file_text,
                "extra",
                "`extra` must be a map of names to values",
                "indent the values under `extra:` as `name: value` lines",
            ));
        }
        let alternatives: Vec<&str> = fm
            .downloads
            .iter()
            .filter_map(|d| d.alternative.as_deref())
            .collect();
        let alternatives = serde_json::json!({ "alternative": alternatives });
        for value in [&fm.extra, &alternatives] {
            let positions = || Some(front_matter_positions(file_text));
            if let Some(first) = url::address_errors(value, path, file_text, positions)
                .into_iter()
                .next()
            {
                return Err(first);
            }
        }
        if let Some((key, message, hint)) = super::identity::problems(&fm).into_iter().next() {
            return Err(key_error(path, file_text, key, &message, &hint));
        }
        Ok(fm)
    }

    /// The keys set in this front matter that only a section may use.
    pub fn section_only_keys(&self) -> Vec<&'static str> {
        let mut keys = Vec::new();
        if self.sort_by.is_some() {
            keys.push("sort_by");
        }
        if self.paginate_by.is_some() {
            keys.push("paginate_by");
        }
        if self.page_template.is_some() {
            keys.push("page_template");
        }
        if self.feed.is_some() {
            keys.push("feed");
        }
        if self.generate.is_some() {
            keys.push("generate");
        }
        if self.accent.is_some() {
            keys.push("accent");
        }
        keys
    }
}

/// A diagnostic pointing at the line of `key:` in the front matter.
pub fn key_error(path: &Path, file_text: &str, key: &str, message: &str, hint: &str) -> Diagnostic {
    let d = Diagnostic::new(path, message).hint(hint);
    match front_matter_key_line(file_text, key) {
        Some(line) => d.at(line, 1).len(key.chars().count()).source(file_text),
        None => d,
    }
}

/// The positions of the front matter of a file's whole text (none without front matter).
pub fn front_matter_positions(file_text: &str) -> Positions {
    let mut lines = file_text.split_inclusive('\n');
    if lines.next().is_none_or(|l| l.trim_end() != "---") {
        return Positions::parse("", 2);
    }
    let start = file_text.find('\n').map_or(file_text.len(), |i| i + 1);
    let mut end = start;
    for l in lines.take_while(|l| l.trim_end() != "---") {
        end += l.len();
    }
    Positions::parse(&file_text[start..end], 2)
}

/// The line of a top-level `key:` inside the front matter.
pub fn front_matter_key_line(file_text: &str, key: &str) -> Option<usize> {
    front_matter_positions(file_text)
        .key(&[Step::Key(key)])
        .map(|p| p.line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter() {
        let text = "---\ntitle: A\n---\nBody\n";
        let s = split(text, Path::new("a.md")).unwrap();
        assert_eq!(s.yaml, "title: A\n");
        assert_eq!(s.body, "Body\n");
        assert_eq!(s.body_line, 4);
        assert_eq!(&text[s.body_offset..], "Body\n");
    }

    #[test]
    fn crlf_and_bom() {
        let text = "\u{feff}---\r\ntitle: A\r\n---\r\nBody";
        let s = split(text, Path::new("a.md")).unwrap();
        assert_eq!(s.yaml.trim(), "title: A");
        assert_eq!(s.body, "Body");
    }

    #[test]
    fn bad_files() {
        for (text, msg) in [
            ("", "empty"),
            ("---", "not closed"),
            ("---\ntitle: x\n", "not closed"),
            ("# Hello", "no front matter"),
        ] {
            let e = split(text, Path::new("a.md")).unwrap_err();
            assert!(e.message.contains(msg), "{text:?}: {e:?}");
        }
    }

    #[test]
    fn unknown_key_is_located() {
        let text = "---\ntitle: A\ntitel: B\n---\n";
        let s = split(text, Path::new("a.md")).unwrap();
        let e = FrontMatter::parse(&s, Path::new("a.md"), text).unwrap_err();
        assert_eq!(e.line, 3);
        assert_eq!(e.hint.as_deref(), Some("did you mean `title`?"));
    }

    #[test]
    fn wrong_type_is_located() {
        let text = "---\ntitle: A\nweight: heavy\n---\n";
        let s = split(text, Path::new("a.md")).unwrap();
        let e = FrontMatter::parse(&s, Path::new("a.md"), text).unwrap_err();
        assert_eq!(e.line, 3, "{e:?}");
    }
}
