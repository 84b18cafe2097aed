//! Text helpers.

/// Slugifies text for URLs: lower case ASCII letters, digits and hyphens.
pub fn slugify(text: &str) -> String {
    slug::slugify(text)
}
