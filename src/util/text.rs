//! Text helpers.

/// Slugifies text for URLs: lower case ASCII letters, digits and hyphens.
pub fn slugify(text: &str) -> String {
    slug::slugify(text)
}

/// The longest slug placard writes, in bytes: a slug is a folder name, and file systems refuse
/// names over 255 bytes.
pub const MAX_SLUG_BYTES: usize = 200;

/// Is `slug` too long to be a folder name (see [`MAX_SLUG_BYTES`])?
pub fn slug_too_long(slug: &str) -> bool {
    slug.len() > MAX_SLUG_BYTES
}
