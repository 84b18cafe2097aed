//! What the Markdown stage makes of each page and section, kept apart from the
//! [`crate::content::Library`] (which no stage changes once it is loaded).

use rustc_hash::FxHashMap;
use std::sync::LazyLock;

/// A page's rendered HTML, held once and shared: the template value `page.content` is this
/// very string (Tera values are reference-counted), not a copy of it.
#[derive(Clone)]
pub struct Html(tera::Value);

impl Html {
    pub fn as_str(&self) -> &str {
        self.0.as_str().unwrap_or_default()
    }

    /// The HTML as a template value, already safe (it is not escaped again).
    pub fn value(&self) -> tera::Value {
        self.0.clone()
    }
}

impl Default for Html {
    fn default() -> Self {
        Html::from(String::new())
    }
}

impl From<String> for Html {
    fn from(html: String) -> Self {
        Html(tera::Value::safe_string(&html))
    }
}

impl From<&str> for Html {
    fn from(html: &str) -> Self {
        Html(tera::Value::safe_string(html))
    }
}

impl std::ops::Deref for Html {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl std::fmt::Debug for Html {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl std::fmt::Display for Html {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<&str> for Html {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<str> for Html {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq for Html {
    fn eq(&self, other: &Html) -> bool {
        self.as_str() == other.as_str()
    }
}

/// A heading of a page's table of contents.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub title: String,
    pub permalink: String,
    pub children: Vec<Heading>,
}

/// A link to another page (`@/x.md#anchor`), checked once every page is rendered.
#[derive(Debug, Clone, PartialEq)]
pub struct AnchorLink {
    /// The target's key in the library.
    pub target: String,
    pub anchor: String,
    /// Where the link is written.
    pub line: usize,
    pub column: usize,
    pub len: usize,
}

/// A plain internal link written in the Markdown (`/about/`, `../x/#y`, `#y`), for the
/// build's link check.
#[derive(Debug, Clone, PartialEq)]
pub struct PlainLink {
    pub url: String,
    /// Where the address is written.
    pub line: usize,
    pub column: usize,
    pub len: usize,
}

/// A gap the site's team must fill, written in the page as `{{ todo(text="...") }}` or as a
/// `todo="..."` argument of any component (`{{ video(title="...", todo="...") }}`):
/// `placard check` reports each one (`todo`) until it is gone.
#[derive(Debug, Clone, PartialEq)]
pub struct Todo {
    /// What is missing, as the call says it.
    pub text: String,
    /// The component (`todo`, `video`...).
    pub component: String,
    pub line: usize,
    pub column: usize,
}

/// What the Markdown stage produces for a page or section.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rendered {
    pub html: Html,
    pub summary: Option<String>,
    pub toc: Vec<Heading>,
    /// Every `id` on the page's headings (and footnotes), for anchor checks.
    pub ids: Vec<String>,
    pub anchor_links: Vec<AnchorLink>,
    /// Plain internal links, checked once the site is written.
    pub plain_links: Vec<PlainLink>,
    pub word_count: usize,
    /// What is allowed but probably wrong, for `placard build` to warn about (alternative text
    /// that is a file name).
    pub warnings: Vec<crate::error::Diagnostic>,
    /// The page's placeholders, in order.
    pub todos: Vec<Todo>,
}

/// Nothing rendered: what [`Documents::get`] gives for a key it does not hold.
static EMPTY: LazyLock<Rendered> = LazyLock::new(Rendered::default);

/// The rendered Markdown of every page and section, by key (`x/y.md`, `x/_index.md`).
#[derive(Debug, Clone, Default)]
pub struct Documents {
    by_key: FxHashMap<String, Rendered>,
}

impl Documents {
    /// Every rendered page's and section's HTML.
    pub fn html(&self) -> impl Iterator<Item = &str> {
        self.by_key.values().map(|r| r.html.as_str())
    }

    /// Every page's warnings, sorted by file and line.
    pub fn warnings(&self) -> Vec<crate::error::Diagnostic> {
        let mut all: Vec<_> = self
            .by_key
            .values()
            .flat_map(|r| r.warnings.iter().cloned())
            .collect();
        crate::error::sort_problems(&mut all);
        all
    }

    /// The rendered Markdown of `key` (empty when the key was not rendered).
    pub fn get(&self, key: &str) -> &Rendered {
        self.by_key.get(key).unwrap_or(&EMPTY)
    }

    /// Every key and its rendered Markdown, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Rendered)> {
        self.by_key.iter()
    }

    /// Replaces (or adds) the rendered Markdown of `key`.
    pub fn insert(&mut self, key: String, rendered: Rendered) {
        self.by_key.insert(key, rendered);
    }

    /// Changes every document's HTML and summary with `f` (the image stage puts its
    /// `<picture>` markup in this way), returning the new documents.
    pub fn map_html(mut self, f: impl Fn(&str) -> Option<String> + Sync) -> Documents {
        use rayon::prelude::*;
        // In place: the map is not built a second time.
        self.by_key.par_iter_mut().for_each(|(_, r)| {
            if let Some(html) = f(&r.html) {
                r.html = Html::from(html);
            }
            if let Some(summary) = r.summary.as_deref().and_then(&f) {
                r.summary = Some(summary);
            }
        });
        self
    }
}

impl FromIterator<(String, Rendered)> for Documents {
    fn from_iter<I: IntoIterator<Item = (String, Rendered)>>(iter: I) -> Self {
        Documents {
            by_key: iter.into_iter().collect(),
        }
    }
}
