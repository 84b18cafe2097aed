//! `images:` in placard.yaml: the widths, quality and `sizes` of the variants placard makes.

use serde::{Deserialize, Serialize};

/// `images:` in placard.yaml.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ImageOptions {
    /// The widths (in pixels) of the variants in `srcset`; never wider than the original.
    pub widths: Vec<u32>,
    /// Quality of lossy encodings (JPEG, WebP), 1 to 100.
    pub quality: u8,
    /// The `sizes` attribute: how wide the image is shown, for the browser's choice.
    pub sizes: String,
    /// Publish the originals of processed page-bundle images beside their variants (by default
    /// only an original a page links to is published).
    pub publish_originals: bool,
}

impl Default for ImageOptions {
    fn default() -> Self {
        ImageOptions {
            widths: vec![480, 960, 1440],
            quality: 80,
            sizes: "(min-width: 46rem) 46rem, 100vw".into(),
            publish_originals: false,
        }
    }
}

/// The widest image placard will decode, in pixels (either side).
pub const MAX_SIDE: u32 = 16_383;

impl ImageOptions {
    /// Problems with the options: (key, message, hint).
    pub fn problems(&self) -> Vec<(&'static str, String, &'static str)> {
        let mut out = Vec::new();
        if self.widths.is_empty() || self.widths.iter().any(|w| *w == 0 || *w > MAX_SIDE) {
            out.push((
                "widths",
                format!("`images.widths` must list widths from 1 to {MAX_SIDE} pixels"),
                "write a list such as `widths: [480, 960, 1440]`",
            ));
        }
        if !(1..=100).contains(&self.quality) {
            out.push((
                "quality",
                format!("`images.quality` is {}, not 1 to 100", self.quality),
                "80 is a good balance of size and sharpness",
            ));
        }
        out
    }
}
