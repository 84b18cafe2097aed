//! `search:` in placard.yaml: whether the site has search, where its page is, what is indexed.

use serde::{Deserialize, Serialize};

/// `search:` in placard.yaml.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    /// Write the index and the search pages, and show the search box.
    pub enabled: bool,
    /// The search page's folder: `/search/`, `/ur/search/`.
    pub path: String,
    /// Index the pages' text; `false`: only titles, headings and descriptions.
    pub text: bool,
    /// Content folders or files left out, such as `news` or `report/bolton.md`.
    pub exclude: Vec<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            enabled: true,
            path: "search".into(),
            text: true,
            exclude: Vec::new(),
        }
    }
}

impl Settings {
    /// Is `search.html` rendered? When search is on and the template comes from the same place as
    /// the `base.html` it extends, or from the site's own `templates/`: a site (or theme) with a
    /// `base.html` of its own need not have the blocks the default theme's search page fills.
    /// `shown(name)`: where a template comes from (`templates/x.html`,
    /// `themes/default/templates/x.html (built in)`), `None` if there is none.
    pub fn renders_page(&self, shown: impl Fn(&str) -> Option<std::path::PathBuf>) -> bool {
        let layer = |name: &str| {
            let path = shown(name)?;
            let path = path.to_string_lossy();
            let path = path.strip_suffix(" (built in)").unwrap_or(&path);
            Some(path.strip_suffix(name)?.to_string())
        };
        let (search, base) = (layer("search.html"), layer("base.html"));
        self.enabled
            && search.is_some()
            && (search == base || search.as_deref() == Some("templates/"))
    }

    /// Problems with the values: `(key, message, hint)`.
    pub fn problems(&self) -> Vec<(&'static str, String, &'static str)> {
        let mut out = Vec::new();
        let ok = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-';
        if self.path.is_empty() || !self.path.chars().all(ok) {
            out.push((
                "path",
                format!("the search page's path `{}` cannot be used", self.path),
                "use lower-case letters, digits and hyphens, such as `search`",
            ));
        }
        out
    }

    /// Is the page or section with this key (`news/first.md`) left out by `exclude`?
    pub fn excludes(&self, key: &str) -> bool {
        self.exclude.iter().any(|e| {
            let e = e.trim_matches('/');
            key == e
                || key
                    .strip_prefix(e)
                    .is_some_and(|rest| rest.starts_with('/'))
        })
    }
}
