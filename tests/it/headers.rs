//! `placard build` writes the security headers hosts read (`_headers` for Netlify and
//! Cloudflare Pages, `.htaccess` for Apache): the pages' own CSP plus `frame-ancestors
//! 'none'`, so no site can frame a campaign page, and long caching for fingerprinted files.

use crate::util::Site;

/// The `content` of the page's CSP `<meta>`.
fn meta_csp(html: &str) -> String {
    let at = html
        .find("http-equiv=\"Content-Security-Policy\"")
        .unwrap_or_else(|| panic!("no CSP meta in {html}"));
    let rest = &html[at..];
    let start = rest.find("content=\"").unwrap() + 9;
    let end = start + rest[start..].find('"').unwrap();
    rest[start..end].to_string()
}

#[test]
fn the_build_writes_the_pages_policy_and_forbids_framing() {
    let site = Site::new("downloads/base");
    site.build_ok();
    let csp = meta_csp(&site.read("index.html"));
    assert!(csp.contains("default-src 'self'"), "{csp}");
    let headers = site.read("_headers");
    let policy = format!("  Content-Security-Policy: {csp}; frame-ancestors 'none'\n");
    assert!(headers.starts_with("# "), "{headers}");
    assert!(headers.contains(&format!("\n/*\n{policy}")), "{headers}");
    for needle in [
        "  X-Content-Type-Options: nosniff\n",
        "  Referrer-Policy: no-referrer\n",
        "  X-Frame-Options: DENY\n",
        "camera=()",
        "microphone=()",
        "geolocation=()",
        "interest-cohort=()",
        "/processed-images/*\n  Cache-Control: public, max-age=31536000, immutable\n",
    ] {
        assert!(headers.contains(needle), "{needle} missing from\n{headers}");
    }
    // Each fingerprinted file is listed, and exists; the plain copies are not.
    let files = site.output_files();
    let listed: Vec<&str> = headers
        .lines()
        .filter(|l| l.ends_with(".css") || l.ends_with(".js"))
        .collect();
    assert!(!listed.is_empty(), "{headers}");
    for path in &listed {
        let rel = path.trim_start_matches('/');
        assert!(files.contains_key(rel), "{rel} is not in the output");
        assert!(
            rel.split('.').any(|p| p.len() == 8),
            "{rel} is not fingerprinted"
        );
    }
    assert!(!headers.contains("/css/placard.css\n"), "{headers}");
    // Apache gets the same policy.
    let htaccess = site.read(".htaccess");
    assert!(
        htaccess.contains(&format!(
            "Header always set Content-Security-Policy \"{csp}; frame-ancestors 'none'\""
        )),
        "{htaccess}"
    );
    // The same site gives the same files.
    let first = (headers, htaccess);
    site.build_ok();
    assert_eq!((site.read("_headers"), site.read(".htaccess")), first);
}

#[test]
fn a_site_under_a_path_gets_its_paths_and_its_own_policy() {
    let site = Site::new("downloads/base");
    site.write(
        "placard.yaml",
        "title: Downloads\nbase_url: https://example.org/campaigns\nminify: true\ncountry: GB\n",
    );
    let theme = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/base.html"),
    )
    .unwrap();
    let at = theme
        .find("http-equiv=\"Content-Security-Policy\"")
        .unwrap();
    let start = at + theme[at..].find("content=\"").unwrap() + 9;
    let end = start + theme[start..].find('"').unwrap();
    let ours = format!(
        "{}default-src 'none'; img-src 'self'{}",
        &theme[..start],
        &theme[end..]
    );
    site.write("templates/base.html", ours);
    site.build_ok();
    let headers = site.read("_headers");
    assert!(
        headers.contains(
            "/campaigns/*\n  Content-Security-Policy: default-src 'none'; img-src 'self'; frame-ancestors 'none'\n"
        ),
        "{headers}"
    );
    assert!(
        headers.contains("/campaigns/processed-images/*\n"),
        "{headers}"
    );
}
