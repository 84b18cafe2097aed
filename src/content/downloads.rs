//! `downloads:` in front matter, as written. The files are read by the assets layer
//! (`assets::downloads`).

use serde::Deserialize;

/// One entry of `downloads:` as written in front matter.
#[derive(Debug, Clone, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// Relative to the page's folder (`session-plan.pdf`), or from the site's `static/`
    /// folder (`/materials/session-plan.pdf`).
    pub file: String,
    pub title: String,
    pub audience: Option<String>,
    /// An accessible version: `@/x/y.md`.
    pub alternative: Option<String>,
    pub description: Option<String>,
}
