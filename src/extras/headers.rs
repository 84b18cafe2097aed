//! Security headers for hosts. A `<meta>` Content-Security-Policy cannot say
//! `frame-ancestors` (so any site could frame the campaign and hide the exit button), and
//! hosts send no security headers of their own, so `placard build` writes them in the forms
//! hosts read: `_headers` (Netlify, Cloudflare Pages) and `.htaccess` (Apache, with
//! mod_headers), and [`nginx`] gives the same for an nginx `server` block (in
//! docs/hosting.md, checked against this code by a test so the two cannot drift).
//!
//! The policy is the one the built pages carry in their `<meta>` (read from the pages as they
//! are written, by [`Watch`]) plus `frame-ancestors 'none'`; then `nosniff`, no referrer, and
//! a Permissions-Policy switching off camera, microphone, location and the rest. HTML is
//! cached briefly ([`HTML_CACHE`]); fingerprinted files (`css/site.<hash>.css`,
//! `processed-images/`) for a year, immutable.

use std::collections::BTreeSet;
use std::sync::Mutex;

use crate::config::Config;
use crate::error::Result;
use crate::output::Output;

/// Cache-Control for HTML pages: revalidated after five minutes, so a corrected helpline
/// number reaches readers quickly.
pub const HTML_CACHE: &str = "public, max-age=300, must-revalidate";
/// Cache-Control for files whose name changes with their content.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// Browser features no campaign page uses, switched off.
const PERMISSIONS: &str = "camera=(), microphone=(), geolocation=(), interest-cohort=(), browsing-topics=(), payment=(), usb=(), serial=(), bluetooth=(), hid=(), midi=(), display-capture=(), accelerometer=(), gyroscope=(), magnetometer=()";

/// The headers of every response, in order.
pub fn common(csp: Option<&str>) -> Vec<(&'static str, String)> {
    let policy = match csp.map(str::trim).filter(|c| !c.is_empty()) {
        Some(c) if c.contains("frame-ancestors") => c.to_string(),
        Some(c) => format!("{}; frame-ancestors 'none'", c.trim_end_matches(';')),
        None => "frame-ancestors 'none'".to_string(),
    };
    vec![
        ("Content-Security-Policy", policy),
        ("X-Content-Type-Options", "nosniff".into()),
        ("Referrer-Policy", "no-referrer".into()),
        ("Permissions-Policy", PERMISSIONS.into()),
        ("X-Frame-Options", "DENY".into()),
        ("Cross-Origin-Opener-Policy", "same-origin".into()),
    ]
}

/// Passes every write through to `inner`, noting the CSP of each HTML page and the
/// fingerprinted files.
pub struct Watch<'a> {
    inner: &'a dyn Output,
    policies: Mutex<BTreeSet<String>>,
    fingerprinted: Mutex<BTreeSet<String>>,
}

impl<'a> Watch<'a> {
    pub fn new(inner: &'a dyn Output) -> Watch<'a> {
        Watch {
            inner,
            policies: Mutex::new(BTreeSet::new()),
            fingerprinted: Mutex::new(BTreeSet::new()),
        }
    }

    /// The policy every page carries; `None` when none does, or when pages differ (each
    /// page's own `<meta>` then applies, and the header adds only `frame-ancestors`).
    fn policy(&self) -> Option<String> {
        let policies = self.policies.lock().ok()?;
        if policies.len() > 1 {
            tracing::warn!(
                "pages carry {} different Content-Security-Policies: the headers add only frame-ancestors",
                policies.len()
            );
            return None;
        }
        policies.first().cloned()
    }
}

impl Output for Watch<'_> {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        if rel.ends_with(".html")
            && let Some(csp) = meta_csp(bytes)
            && let Ok(mut p) = self.policies.lock()
        {
            p.insert(csp);
        }
        if is_fingerprint(rel, bytes)
            && let Ok(mut f) = self.fingerprinted.lock()
        {
            f.insert(rel.to_string());
        }
        self.inner.write(rel, bytes)
    }
}

/// Is `rel` the fingerprinted copy of a CSS or JavaScript file (`x.<8 hex>.css`)?
fn is_fingerprint(rel: &str, bytes: &[u8]) -> bool {
    if !crate::assets::is_fingerprinted(rel) {
        return false;
    }
    let Some((stem, ext)) = rel.rsplit_once('.') else {
        return false;
    };
    let Some((base, hash)) = stem.rsplit_once('.') else {
        return false;
    };
    hash.len() == 8
        && hash.bytes().all(|b| b.is_ascii_hexdigit())
        && crate::assets::fingerprinted_name(&format!("{base}.{ext}"), bytes) == rel
}

/// The `content` of a page's `<meta http-equiv="Content-Security-Policy">`, if any: looked
/// for in the page's head (browsers ignore the element elsewhere), within its first 16 KB.
/// Tags are found by their `<` with memchr; only `<meta>` tags are decoded.
pub fn meta_csp(html: &[u8]) -> Option<String> {
    let head = html.get(..html.len().min(16 * 1024))?;
    let mut from = 0;
    while let Some(i) = memchr::memchr(b'<', head.get(from..)?) {
        let start = from + i;
        let rest = head.get(start + 1..)?;
        if tag_is(rest, b"/head") || tag_is(rest, b"body") {
            return None;
        }
        let end = memchr::memchr(b'>', rest).map_or(head.len(), |e| start + 1 + e);
        if tag_is(rest, b"meta") {
            let tag = String::from_utf8_lossy(head.get(start..end)?);
            if attr(&tag, "http-equiv")
                .is_some_and(|v| v.eq_ignore_ascii_case("content-security-policy"))
            {
                return attr(&tag, "content").map(|c| unescape(&c));
            }
        }
        from = end;
    }
    None
}

/// Does the tag text after `<` start with the name `name` (in any case)?
fn tag_is(rest: &[u8], name: &[u8]) -> bool {
    rest.get(..name.len())
        .is_some_and(|n| n.eq_ignore_ascii_case(name))
        && rest
            .get(name.len())
            .is_none_or(|b| b.is_ascii_whitespace() || matches!(b, b'>' | b'/'))
}

/// The value of attribute `name` in a start tag's text (quoted or not).
fn attr(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find(name) {
        let at = from + i;
        from = at + name.len();
        let before = lower[..at].chars().next_back();
        if !before.is_some_and(|c| c.is_ascii_whitespace()) {
            continue;
        }
        let rest = tag[from..].trim_start();
        let Some(rest) = rest.strip_prefix('=') else {
            continue;
        };
        let rest = rest.trim_start();
        return Some(match rest.chars().next() {
            Some(q @ ('"' | '\'')) => rest[1..].split(q).next().unwrap_or("").to_string(),
            _ => rest
                .split(|c: char| c.is_ascii_whitespace() || c == '/')
                .next()
                .unwrap_or("")
                .to_string(),
        });
    }
    None
}

fn unescape(s: &str) -> String {
    s.replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&apos;", "'")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

/// `_headers` for Netlify and Cloudflare Pages. No Cache-Control on `/*`: both hosts join the
/// values of every rule matching a path, so a second Cache-Control would make an invalid
/// header; their default for other files (`max-age=0, must-revalidate`) is already short.
pub fn netlify(base_path: &str, csp: Option<&str>, fingerprinted: &[String]) -> String {
    let mut out =
        String::from("# Security headers, written by placard build (see docs/hosting.md).\n");
    out.push_str(&format!("{base_path}/*\n"));
    for (name, value) in common(csp) {
        out.push_str(&format!("  {name}: {value}\n"));
    }
    let immutable = std::iter::once(format!("{base_path}/processed-images/*"))
        .chain(fingerprinted.iter().map(|f| format!("{base_path}/{f}")));
    for path in immutable {
        out.push_str(&format!("{path}\n  Cache-Control: {IMMUTABLE}\n"));
    }
    out
}

/// `.htaccess` for Apache (needs mod_headers; without it the file does nothing).
pub fn apache(csp: Option<&str>) -> String {
    let mut out = String::from(
        "# Security headers, written by placard build (see docs/hosting.md).\n<IfModule mod_headers.c>\n",
    );
    for (name, value) in common(csp) {
        out.push_str(&format!("  Header always set {name} \"{value}\"\n"));
    }
    out.push_str(&format!(
        "  <FilesMatch \"\\.html$\">\n    Header set Cache-Control \"{HTML_CACHE}\"\n  </FilesMatch>\n"
    ));
    out.push_str(&format!(
        "  <If \"%{{REQUEST_URI}} =~ m#/processed-images/|\\.[0-9a-f]{{8}}\\.(css|js)$#\">\n    Header set Cache-Control \"{IMMUTABLE}\"\n  </If>\n</IfModule>\n"
    ));
    out
}

/// The same for the `server` block of an nginx site (`root` at the built site). nginx drops
/// the headers of the `server` block in a `location` that adds its own, so each `location`
/// repeats them.
pub fn nginx(csp: Option<&str>) -> String {
    let headers = |indent: &str, cache: &str| {
        let mut s = String::new();
        for (name, value) in common(csp) {
            s.push_str(&format!("{indent}add_header {name} \"{value}\" always;\n"));
        }
        s.push_str(&format!(
            "{indent}add_header Cache-Control \"{cache}\" always;\n"
        ));
        s
    };
    let mut out = String::from("# Security headers for placard sites (inside `server { ... }`).\n");
    out.push_str("location / {\n");
    out.push_str(&headers("    ", HTML_CACHE));
    out.push_str("}\n");
    out.push_str("location ~ \"(/processed-images/|\\.[0-9a-f]{8}\\.(css|js)$)\" {\n");
    out.push_str(&headers("    ", IMMUTABLE));
    out.push_str("}\n");
    out
}

/// Writes `_headers` and `.htaccess` from what `watch` saw; returns how many files.
pub fn write(config: &Config, watch: &Watch<'_>) -> Result<usize> {
    let csp = watch.policy();
    let fingerprinted: Vec<String> = watch
        .fingerprinted
        .lock()
        .map(|f| f.iter().cloned().collect())
        .unwrap_or_default();
    let base = config.base_path().trim_end_matches('/');
    watch.inner.write(
        "_headers",
        netlify(base, csp.as_deref(), &fingerprinted).as_bytes(),
    )?;
    watch
        .inner
        .write(".htaccess", apache(csp.as_deref()).as_bytes())?;
    Ok(2)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The policy of the default theme's pages.
    fn theme_csp() -> String {
        let base = crate::assets::embedded::FILES
            .iter()
            .find(|(rel, _)| *rel == "templates/base.html")
            .map(|(_, b)| *b)
            .unwrap();
        meta_csp(base).unwrap()
    }

    #[test]
    fn the_meta_policy_is_read_in_any_spelling() {
        let html = b"<head><META HTTP-EQUIV=Content-Security-Policy content='default-src &#39;self&#39;'></head>";
        assert_eq!(meta_csp(html).as_deref(), Some("default-src 'self'"));
        assert_eq!(meta_csp(b"<meta name=x content=y>"), None);
        assert!(theme_csp().contains("default-src 'self'"));
    }

    #[test]
    fn frame_ancestors_is_added_once() {
        let c = common(Some("default-src 'self';"));
        assert_eq!(c[0].1, "default-src 'self'; frame-ancestors 'none'");
        let c = common(Some("frame-ancestors 'self'"));
        assert_eq!(c[0].1, "frame-ancestors 'self'");
    }

    #[test]
    fn the_hosting_guide_shows_what_the_code_writes() {
        let guide = include_str!("../../docs/hosting.md");
        let csp = theme_csp();
        for (what, text) in [("nginx", nginx(Some(&csp))), ("Apache", apache(Some(&csp)))] {
            assert!(
                guide.contains(&text),
                "docs/hosting.md does not have the {what} snippet the code makes; put this in it:\n{text}"
            );
        }
    }
}
