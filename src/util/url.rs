//! Telling the addresses placard processes from those it leaves alone.

/// Is `src` left as written: an address on another site, a data URL, or an SVG (already
/// sharp at every size, so it is not processed)?
pub fn passes_through(src: &str) -> bool {
    let path = src.split(['?', '#']).next().unwrap_or(src);
    src.contains("://")
        || src.starts_with("//")
        || src.starts_with("data:")
        || path.to_ascii_lowercase().ends_with(".svg")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn external_addresses_and_svg_pass_through() {
        assert!(passes_through("https://x.org/a.jpg"));
        assert!(passes_through("//x.org/a.jpg"));
        assert!(passes_through("/images/logo.SVG"));
        assert!(!passes_through("photo.jpg"));
        assert!(!passes_through("/images/a.jpg"));
    }
}
