//! A campaign's identity in a section's (or page's) front matter: `accent` (a colour,
//! contrast-checked), `hero` (an image with alternative text), `strapline` and
//! `share_image`. Pages and sub-sections inherit what they do not set (render/brand.rs).

use serde::Deserialize;

/// An image named in front matter: beside the file (`hero.jpg`) or under static/
/// (`/images/hero.jpg`), with its alternative text.
#[derive(Debug, Clone, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Picture {
    pub file: String,
    #[serde(default)]
    pub alt: String,
}

/// The problems of a front matter's identity keys: (key, message, hint).
pub fn problems(fm: &super::front_matter::FrontMatter) -> Vec<(&'static str, String, String)> {
    let mut out = Vec::new();
    if let Some(accent) = &fm.accent
        && let Err((message, hint)) = crate::config::brand::check_colour("accent", "accent", accent)
    {
        out.push(("accent", message, hint));
    }
    for (key, pic) in [("hero", &fm.hero), ("share_image", &fm.share_image)] {
        if let Some(pic) = pic
            && pic.alt.trim().is_empty()
        {
            out.push((
                key,
                format!("`{key}` has no alternative text"),
                format!("add `alt:` under `{key}:` saying what the picture shows"),
            ));
        }
    }
    out
}
