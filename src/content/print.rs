//! `print:` and `format:` in front matter, as written: the posters, leaflets and handouts a
//! page asks for (made by the `print` layer), and the page's format (`easy-read`).

use serde::Deserialize;

use super::identity::Picture;

/// What kind of print file.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, Hash, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// One page: the headline, a picture, the description and a QR code to the page.
    Poster,
    /// One page, more text: the headline, a picture, the page's summary and a QR code.
    Leaflet,
    /// The page's whole text, print-ready, on as many pages as it needs.
    Handout,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Poster => "poster",
            Kind::Leaflet => "leaflet",
            Kind::Handout => "handout",
        }
    }
}

/// A paper size (ISO 216).
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, Hash, Default, schemars::JsonSchema)]
pub enum Size {
    A3,
    #[default]
    A4,
    A5,
}

impl Size {
    pub fn name(self) -> &'static str {
        match self {
            Size::A3 => "A3",
            Size::A4 => "A4",
            Size::A5 => "A5",
        }
    }

    /// Width and height in millimetres (portrait).
    pub fn mm(self) -> (f32, f32) {
        match self {
            Size::A3 => (297.0, 420.0),
            Size::A4 => (210.0, 297.0),
            Size::A5 => (148.0, 210.0),
        }
    }
}

/// One entry of `print:`.
#[derive(Debug, Clone, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub kind: Kind,
    /// A4 unless given.
    #[serde(default)]
    pub size: Size,
    /// The big words at the top; the page's title unless given.
    pub headline: Option<String>,
    /// A picture (JPEG, PNG, WebP or GIF) with its alternative text.
    pub image: Option<Picture>,
    /// A QR code to the page's address, with the address printed under it. Posters and
    /// leaflets have one unless `qr: false`; handouts only with `qr: true`.
    pub qr: Option<bool>,
    /// The title in the page's downloads list; made from the kind and size unless given.
    pub title: Option<String>,
    pub description: Option<String>,
    pub audience: Option<String>,
    /// The PDF's file name; `<slug>-<kind>-<size>.pdf` (an A4 handout: `<slug>.pdf`) unless
    /// given.
    pub file: Option<String>,
    /// Lines to write on after each numbered item (worksheets), in handouts and leaflets.
    pub answer_lines: Option<u8>,
}

impl Entry {
    /// Whether the output has a QR code.
    pub fn has_qr(&self) -> bool {
        self.qr.unwrap_or(self.kind != Kind::Handout)
    }

    /// The PDF's file name for a page with `slug`.
    pub fn file_name(&self, slug: &str) -> String {
        if let Some(f) = &self.file {
            return f.clone();
        }
        let slug = if slug.is_empty() { "site" } else { slug };
        match self.kind {
            Kind::Handout if self.size == Size::A4 => format!("{slug}.pdf"),
            k => format!(
                "{slug}-{}-{}.pdf",
                k.name(),
                self.size.name().to_ascii_lowercase()
            ),
        }
    }

    /// The title in the downloads list.
    pub fn display_title(&self) -> String {
        if let Some(t) = &self.title {
            return t.clone();
        }
        let kind = match self.kind {
            Kind::Poster => "Poster",
            Kind::Leaflet => "Leaflet",
            Kind::Handout => "Handout to print",
        };
        format!("{kind} ({})", self.size.name())
    }
}

/// A page's format: `format: easy-read` lays it out as Easy Read (one short sentence a line,
/// a picture beside each point, large text), on screen and in its handout.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, Default, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    #[default]
    Standard,
    EasyRead,
}
