//! `cms:` in placard.yaml: the editing UI in the browser (`/admin/`, src/cms/, src/serve/cms/).

use serde::{Deserialize, Serialize};

/// `cms:` in placard.yaml.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    /// `placard serve` offers the editor at `/admin/` without `--cms`.
    pub enabled: bool,
    /// Where pictures and files added to a page that is not a bundle are saved (relative to the
    /// site folder); a page bundle's are saved beside its `index.md`.
    pub media_folder: String,
    /// The address those files are published at (`/images` for `static/images`).
    pub public_folder: String,
    /// The editor's backend for a team (a self-hosted Forgejo or GitLab): passed to the editor
    /// as its `backend:` setting. Without it, `placard serve` is the backend (files on this
    /// computer).
    pub backend: Option<serde_json::Value>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            enabled: false,
            media_folder: "static/images".into(),
            public_folder: "/images".into(),
            backend: None,
        }
    }
}

impl Settings {
    /// Problems with the values: `(key, message, hint)`.
    pub fn problems(&self) -> Vec<(&'static str, String, &'static str)> {
        let mut out = Vec::new();
        let folder = self.media_folder.trim_matches('/');
        let inside = !folder.is_empty()
            && !folder.contains('\\')
            && folder
                .split('/')
                .all(|s| !s.is_empty() && s != "." && s != "..");
        if !inside || !(folder.starts_with("static/") || folder.starts_with("content/")) {
            out.push((
                "media_folder",
                format!(
                    "the editor's media folder `{}` is not a folder under static/ or content/",
                    self.media_folder
                ),
                "use a folder such as `static/images`",
            ));
        }
        if !self.public_folder.starts_with('/') {
            out.push((
                "public_folder",
                format!(
                    "the editor's public folder `{}` must start with /",
                    self.public_folder
                ),
                "use the address the media folder is published at, such as `/images`",
            ));
        }
        if let Some(b) = &self.backend
            && b.get("name").and_then(|n| n.as_str()).is_none()
        {
            out.push((
                "backend",
                "the editor's `backend:` has no `name:`".to_string(),
                "give the backend's kind, such as `name: gitlab` or `name: gitea`",
            ));
        }
        out
    }
}
