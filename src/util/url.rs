//! Addresses: which ones placard processes, and the output file of a URL path.

/// Is `src` left as written: an address on another site, a data URL, or an SVG (already
/// sharp at every size, so it is not processed)?
pub fn passes_through(src: &str) -> bool {
    let path = src.split(['?', '#']).next().unwrap_or(src);
    src.contains("://")
        || src.starts_with("//")
        || src.starts_with("data:")
        || path.to_ascii_lowercase().ends_with(".svg")
}

/// The output file of a URL path: `/x/y/` -> `x/y/index.html`.
pub fn output_file(path: &str) -> String {
    let p = path.trim_start_matches('/');
    if p.is_empty() || p.ends_with('/') {
        format!("{p}index.html")
    } else {
        p.to_string()
    }
}

/// The URL path of pager `n` (1-based) of a list at `base`.
pub fn pager_path(base: &str, n: usize) -> String {
    if n <= 1 {
        base.to_string()
    } else {
        format!("{base}page/{n}/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_files() {
        assert_eq!(output_file("/"), "index.html");
        assert_eq!(output_file("/x/y/"), "x/y/index.html");
        assert_eq!(output_file("/404.html"), "404.html");
    }

    #[test]
    fn pager_paths() {
        assert_eq!(pager_path("/news/", 1), "/news/");
        assert_eq!(pager_path("/news/", 3), "/news/page/3/");
    }

    #[test]
    fn external_addresses_and_svg_pass_through() {
        assert!(passes_through("https://x.org/a.jpg"));
        assert!(passes_through("//x.org/a.jpg"));
        assert!(passes_through("/images/logo.SVG"));
        assert!(!passes_through("photo.jpg"));
        assert!(!passes_through("/images/a.jpg"));
    }
}
