//! Addresses: which ones placard processes, which ones it publishes, and the output file of a
//! URL path.

use std::path::Path;

use serde_json::Value;

use crate::error::Diagnostic;
use crate::util::yaml::{Pos, Positions};

/// The schemes an address in data or front matter may have (none: an address on this site).
pub const PUBLISHED_SCHEMES: [&str; 4] = ["https", "http", "tel", "mailto"];

/// Does a key of data or front matter hold an address that templates put in a link?
pub fn is_address_key(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    matches!(
        key.as_str(),
        "url" | "href" | "link" | "links" | "web" | "website" | "alternative" | "permalink"
    ) || key.ends_with("_url")
        || key.ends_with("_link")
        || key.ends_with("_href")
}

/// The scheme of an address as a browser reads it (leading spaces and control characters
/// dropped, tabs and line breaks inside removed), in lower case; `None` for an address without
/// one (`/page/`, `page/`, `#part`, `//host/x`).
pub fn scheme(address: &str) -> Option<String> {
    let cleaned: String = address
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .take(64)
        .collect();
    let name = &cleaned[..cleaned.find(':')?];
    let mut chars = name.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then(|| name.to_ascii_lowercase())
}

/// What is wrong with `value`, written under `key` in data or front matter, as something a page
/// may publish: a `javascript:` or `vbscript:` address anywhere (it runs code when clicked), and
/// under an address key anything but http(s), tel, mailto or an address on this site.
pub fn unsafe_address(key: &str, value: &str) -> Option<String> {
    let scheme = scheme(value)?;
    let after = value.split_once(':').map_or("", |(_, rest)| rest);
    if matches!(scheme.as_str(), "javascript" | "vbscript")
        && !after.starts_with(char::is_whitespace)
    {
        return Some(format!(
            "`{key}` holds a `{scheme}:` address, which runs code in the reader's browser when \
             it is opened, so placard never publishes one"
        ));
    }
    (is_address_key(key) && !PUBLISHED_SCHEMES.contains(&scheme.as_str())).then(|| {
        format!(
            "`{key}` is an address, and a `{scheme}:` address is not one placard publishes: \
             it must start with https://, http://, tel: or mailto:, or with / for a page of \
             this site"
        )
    })
}

/// The hint for [`unsafe_address`]'s problems.
pub const UNSAFE_ADDRESS_HINT: &str = "write the full web address (https://www.example.org/page), \
    a phone number as tel:+441234567890, an email as mailto:name@example.org, or a page of this \
    site as /its/address/";

/// Every string in `value` that [`unsafe_address`] refuses, as (key, text, problem), in the
/// value's order. A list's items count as written under the list's key. Read with a stack of its
/// own (no recursion, whatever the nesting).
pub fn unsafe_addresses(value: &Value) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    let mut stack: Vec<(&str, &Value)> = vec![("", value)];
    while let Some((key, value)) = stack.pop() {
        match value {
            Value::Object(map) => stack.extend(map.iter().rev().map(|(k, v)| (k.as_str(), v))),
            Value::Array(items) => stack.extend(items.iter().rev().map(|v| (key, v))),
            Value::String(text) => {
                if let Some(problem) = unsafe_address(key, text) {
                    out.push((key.to_string(), text.clone(), problem));
                }
            }
            _ => {}
        }
    }
    out
}

/// Is `src` left as written: an address on another site, a data URL, or an SVG (already
/// sharp at every size, so it is not processed)?
pub fn passes_through(src: &str) -> bool {
    let path = src.split(['?', '#']).next().unwrap_or(src);
    src.contains("://")
        || src.starts_with("//")
        || src.starts_with("data:")
        || path.to_ascii_lowercase().ends_with(".svg")
}

/// [`unsafe_addresses`] of a value read from `text` (the file `file`), as errors at the lines
/// where they are written: `positions` is asked only when there is one.
pub fn address_errors(
    value: &Value,
    file: &Path,
    text: &str,
    positions: impl FnOnce() -> Option<Positions>,
) -> Vec<Diagnostic> {
    let found = unsafe_addresses(value);
    if found.is_empty() {
        return Vec::new();
    }
    let positions = positions();
    found
        .into_iter()
        .map(|(key, address, problem)| {
            let d = Diagnostic::new(file, problem).hint(UNSAFE_ADDRESS_HINT);
            let pos = positions
                .as_ref()
                .and_then(|p| p.scalar_under(&key, &address))
                .or_else(|| first_place(text, &address));
            match pos {
                Some(p) => d
                    .at(p.line, p.column)
                    .len(address.chars().count())
                    .source(text),
                None => d,
            }
        })
        .collect()
}

/// Where `needle` first appears in `text`.
fn first_place(text: &str, needle: &str) -> Option<Pos> {
    text.lines().enumerate().find_map(|(i, line)| {
        let at = line.find(needle)?;
        Some(Pos {
            line: i + 1,
            column: line[..at].chars().count() + 1,
        })
    })
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

/// The host (with port) of an absolute or protocol-relative URL, lower-case.
pub fn host_of(url: &str) -> Option<String> {
    let url = url.trim();
    let rest = if let Some(r) = url.strip_prefix("//") {
        r
    } else {
        let (scheme, r) = url.split_once("://")?;
        if !scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        {
            return None;
        }
        r
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

/// Where an internal address leads: the output file and the fragment.
#[derive(Debug, PartialEq, Eq)]
pub enum Target {
    /// Another website, or a `mailto:`, `tel:` or `data:` address: not checked here.
    Outside,
    /// A file of the built site (`x/y/index.html`) and an anchor, if any.
    File(String, Option<String>),
}

/// Resolves `url` as written on the page `from` (an output path such as `x/index.html`).
pub fn resolve(url: &str, from: &str, own_host: Option<&str>, base_path: &str) -> Target {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    let (without_fragment, fragment) = match url.split_once('#') {
        Some((u, f)) => (u, Some(percent_decode(f))),
        None => (url, None),
    };
    let without_query = without_fragment.split('?').next().unwrap_or("");
    let path = if let Some(host) = host_of(url) {
        if own_host != Some(host.as_str()) {
            return Target::Outside;
        }
        let after = without_query.split_once("//").map_or("", |(_, r)| r);
        let p = after.find('/').map_or("/", |i| &after[i..]);
        match p.strip_prefix(base_path) {
            Some(rest) if base_path.is_empty() || rest.is_empty() || rest.starts_with('/') => {
                rest.to_string()
            }
            _ => return Target::Outside,
        }
    } else if lower.contains(':')
        && !lower.starts_with('/')
        && lower.split(':').next().is_some_and(|s| !s.contains('/'))
    {
        // mailto:, tel:, data:, javascript: ...
        return Target::Outside;
    } else if without_query.is_empty() {
        format!("/{from}")
    } else if let Some(abs) = without_query.strip_prefix('/') {
        let abs = format!("/{abs}");
        match abs.strip_prefix(base_path) {
            Some(rest) if base_path.is_empty() || rest.is_empty() || rest.starts_with('/') => {
                rest.to_string()
            }
            _ => return Target::Outside,
        }
    } else {
        let dir = from.rsplit_once('/').map_or("", |(d, _)| d);
        format!("/{dir}/{without_query}")
    };
    let mut parts: Vec<String> = Vec::new();
    for seg in percent_decode(&path).split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s.to_string()),
        }
    }
    let mut file = parts.join("/");
    if path.ends_with('/') || file.is_empty() {
        if !file.is_empty() {
            file.push('/');
        }
        file.push_str("index.html");
    }
    Target::File(file, fragment.filter(|f| !f.is_empty()))
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(h) = s.get(i + 1..i + 3)
            && let Ok(b) = u8::from_str_radix(h, 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_placard_publishes() {
        for ok in [
            ("url", "https://www.example.org/x"),
            ("url", "http://example.org"),
            ("url", "tel:+441234567890"),
            ("web_url", "mailto:a@example.org"),
            ("url", "/report/"),
            ("url", "report/"),
            ("url", "#part"),
            ("url", "//example.org/x"),
            ("alternative", "@/plan-text.md"),
            ("description", "JavaScript: the site works without it"),
            ("note", "Time: 9am to 5pm"),
        ] {
            assert_eq!(unsafe_address(ok.0, ok.1), None, "{ok:?}");
        }
        for bad in [
            ("url", "javascript:alert(1)"),
            ("url", " JaVa\tScRiPt:alert(1)"),
            ("description", "javascript:alert(document.cookie)"),
            ("name", "vbscript:msgbox(1)"),
            ("url", "data:text/html,<script>alert(1)</script>"),
            ("website", "file:///etc/passwd"),
            ("url", "www.example.org:8080/x"),
            ("links", "ftp://example.org"),
        ] {
            assert!(unsafe_address(bad.0, bad.1).is_some(), "{bad:?}");
        }
        let value =
            serde_json::json!({"a": [{"url": "javascript:x()"}], "links": ["/ok/", "data:x"]});
        let found: Vec<String> = unsafe_addresses(&value).into_iter().map(|f| f.1).collect();
        assert_eq!(found, ["javascript:x()", "data:x"]);
    }

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
