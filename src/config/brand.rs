//! `brand:` in `placard.yaml`: the organisation's name, logo, colours, footer, favicon and
//! share image. Colours are checked for contrast against the theme colours they sit on, and
//! given to the theme's CSS as custom properties (render/brand.rs writes the stylesheet).

use serde::{Deserialize, Serialize};

use super::help::Text;
use crate::util::colour::{Rgb, contrast, ratio_text};

/// The `brand:` block.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Brand {
    /// The organisation behind the site, shown in the footer and named in share tags.
    #[serde(default)]
    pub organisation: String,
    /// The logo, shown in the header beside the site's title.
    #[serde(default)]
    pub logo: Option<Image>,
    /// The brand colours.
    #[serde(default)]
    pub colours: Colours,
    /// The footer's contents.
    #[serde(default)]
    pub footer: Footer,
    /// A square PNG or JPEG under static/ (at least 512 pixels): placard makes the icon sizes.
    #[serde(default)]
    pub favicon: Option<String>,
    /// The picture a shared link shows (Open Graph, Twitter card), unless a section gives its own.
    #[serde(default)]
    pub share_image: Option<Image>,
}

/// An image file under static/ and its alternative text.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Image {
    /// The file, relative to static/ (`images/logo.png`).
    pub file: String,
    /// What the image shows, for people who cannot see it (required).
    #[serde(default)]
    pub alt: String,
}

/// Colours as `#rrggbb`; each is optional (the theme's own is used).
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Colours {
    /// The header and exit bar (white text on it), and strong borders.
    #[serde(default)]
    pub primary: Option<String>,
    /// Accent borders and bands (campaign landing pages, cards); sections may set their own.
    #[serde(default)]
    pub accent: Option<String>,
    /// Links on the page and on panels.
    #[serde(default)]
    pub link: Option<String>,
}

/// The footer.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Footer {
    /// The organisation's name in the footer (else `brand.organisation`).
    #[serde(default)]
    pub organisation: Option<Text>,
    /// Address lines.
    #[serde(default)]
    pub address: Vec<String>,
    /// Links: `@/privacy/_index.md` (a page of the site), `/path/` or `https://...`.
    #[serde(default)]
    pub links: Vec<Link>,
    /// Legal lines (charity or company number, copyright).
    #[serde(default)]
    pub legal: Vec<Text>,
}

/// A footer link.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Link {
    /// The link's words (one text, or per language).
    pub title: Text,
    /// Where it goes.
    pub url: String,
}

/// The theme colours brand colours sit on or carry.
pub const PAPER: Rgb = Rgb(0xff, 0xff, 0xff);
/// Panels (`--tint`).
pub const TINT: Rgb = Rgb(0xf3, 0xef, 0xf9);
/// Light text on the primary colour (`--brand-soft`).
pub const ON_PRIMARY_SOFT: Rgb = Rgb(0xe9, 0xe3, 0xf3);
/// The focus outline (`--focus`), which must stand out on the primary colour.
pub const FOCUS: Rgb = Rgb(0xff, 0xd4, 0x3b);

/// Text needs 4.5:1; large text and parts of the interface 3:1 (WCAG 2.2 1.4.3, 1.4.11).
pub const TEXT: f64 = 4.5;
pub const UI: f64 = 3.0;

/// What a colour must contrast with: (the other colour's name, the colour, the least ratio,
/// what it is).
pub type Pairing = (&'static str, Rgb, f64, &'static str);

/// The pairings of each brand colour setting.
pub fn pairings(setting: &str) -> &'static [Pairing] {
    match setting {
        "primary" => &[
            ("white", PAPER, TEXT, "white text on it"),
            ("#e9e3f3", ON_PRIMARY_SOFT, TEXT, "light text on it"),
            ("#ffd43b", FOCUS, UI, "the yellow focus outline on it"),
        ],
        "link" => &[
            ("white", PAPER, TEXT, "on the page"),
            ("#f3eff9", TINT, TEXT, "on panels"),
        ],
        // accent: borders and bands beside text, on the page and on panels.
        _ => &[
            ("white", PAPER, UI, "as a border on the page"),
            ("#f3eff9", TINT, UI, "as a border on panels"),
        ],
    }
}

/// Checks a colour setting (`brand.colours.link`, a section's `accent`): `Err((message,
/// hint))` when it is not a colour or does not contrast enough.
pub fn check_colour(setting: &str, kind: &str, value: &str) -> Result<Rgb, (String, String)> {
    let Some(rgb) = Rgb::parse(value) else {
        return Err((
            format!("`{setting}: {value}` is not a colour"),
            "write it as # and six hexadecimal digits, such as #1f4e9c".into(),
        ));
    };
    for (name, other, least, what) in pairings(kind) {
        let ratio = contrast(rgb, *other);
        if ratio < *least {
            let need = if *least >= TEXT {
                "4.5:1 for text"
            } else {
                "3:1 for large text and parts of the interface"
            };
            return Err((
                format!(
                    "`{setting}` {} has a contrast of {} with {name} ({what}); it needs at least {need}",
                    rgb.hex(),
                    ratio_text(ratio),
                ),
                format!(
                    "choose a {} colour (WebAIM's contrast checker shows the ratio of two colours)",
                    if rgb.luminance() > other.luminance() {
                        "lighter"
                    } else {
                        "darker"
                    }
                ),
            ));
        }
    }
    Ok(rgb)
}

impl Brand {
    /// Problems with the settings: (the key to point at, message, hint).
    pub fn problems(&self) -> Vec<(String, String, String)> {
        let mut out = Vec::new();
        let colours = [
            ("primary", &self.colours.primary),
            ("accent", &self.colours.accent),
            ("link", &self.colours.link),
        ];
        for (kind, value) in colours {
            if let Some(v) = value
                && let Err((message, hint)) =
                    check_colour(&format!("brand.colours.{kind}"), kind, v)
            {
                out.push((kind.to_string(), message, hint));
            }
        }
        let images = [("logo", &self.logo), ("share_image", &self.share_image)];
        for (key, image) in images {
            if let Some(image) = image {
                if image.alt.trim().is_empty() {
                    out.push((
                        key.to_string(),
                        format!("`brand.{key}` has no alternative text"),
                        format!(
                            "add `alt:` under `{key}:` saying what the image shows, such as the organisation's name for a logo"
                        ),
                    ));
                }
                if let Some(p) = not_static_image(&image.file) {
                    out.push((
                        key.to_string(),
                        format!("`brand.{key}.file`: {p}"),
                        HINT.into(),
                    ));
                }
            }
        }
        if let Some(file) = &self.favicon
            && let Some(p) = not_static_image(file)
        {
            out.push((
                "favicon".into(),
                format!("`brand.favicon`: {p}"),
                HINT.into(),
            ));
        }
        out
    }

    /// The colours the theme's CSS is given: (custom property, value), only those set, with
    /// the link's hover colour made darker than the link.
    pub fn properties(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        let get = |v: &Option<String>| v.as_deref().and_then(Rgb::parse);
        if let Some(c) = get(&self.colours.primary) {
            out.push(("--brand", c.hex()));
        }
        if let Some(c) = get(&self.colours.accent) {
            out.push(("--accent", c.hex()));
        }
        if let Some(c) = get(&self.colours.link) {
            out.push(("--link", c.hex()));
            out.push(("--link-hover", c.scaled(0.75).hex()));
        }
        out
    }
}

const HINT: &str = "give the path of a PNG or JPEG file under static/, such as images/logo.png";

fn not_static_image(file: &str) -> Option<String> {
    let lower = file.to_ascii_lowercase();
    if file.contains("://") || file.split('/').any(|p| p == "..") {
        return Some(format!("`{file}` is not a file under static/"));
    }
    let ok = [".png", ".jpg", ".jpeg", ".webp", ".gif"];
    if !ok.iter().any(|e| lower.ends_with(e)) {
        return Some(format!("`{file}` is not a PNG, JPEG, WebP or GIF image"));
    }
    None
}
