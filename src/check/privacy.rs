//! Safety and privacy: `third-party` (anything a page loads from another website, which tells
//! that website who is reading about exploitation) and `exit-missing` (a campaign, guidance
//! or help page without the quick exit).

use scraper::{ElementRef, Html};

use super::{Audit, Doc, Finding, Spot, attr, elements};

/// `<link rel>` values that make the browser fetch the address.
const LOADING_RELS: &[&str] = &[
    "stylesheet",
    "preload",
    "modulepreload",
    "prefetch",
    "preconnect",
    "dns-prefetch",
    "icon",
    "apple-touch-icon",
    "mask-icon",
    "manifest",
];

use crate::util::url::host_of;

/// Does loading `url` contact a website other than the site's own (`base_url`)?
pub fn is_third_party(url: &str, own_host: Option<&str>) -> bool {
    match host_of(url) {
        Some(h) => own_host != Some(h.as_str()),
        None => false,
    }
}

/// The addresses a piece of CSS loads: `url(...)` and `@import "..."`.
pub fn css_urls(css: &str) -> Vec<String> {
    let mut out = Vec::new();
    let lower = css.to_ascii_lowercase();
    for (i, _) in lower.match_indices("url(") {
        let rest = &css[i + 4..];
        let end = rest.find(')').unwrap_or(rest.len());
        out.push(rest[..end].trim().trim_matches(['"', '\'']).to_string());
    }
    for (i, _) in lower.match_indices("@import") {
        let rest = css[i + 7..].trim_start();
        if let Some(q) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') {
            let inner = &rest[1..];
            let end = inner.find(q).unwrap_or(inner.len());
            out.push(inner[..end].to_string());
        }
    }
    out
}

/// The addresses an element makes the browser load.
fn loaded(el: &ElementRef<'_>) -> Vec<String> {
    let v = el.value();
    let mut urls = Vec::new();
    let mut take = |a: &str| {
        if let Some(u) = attr(el, a) {
            urls.push(u.to_string());
        }
    };
    match v.name() {
        "script" | "iframe" | "frame" | "embed" | "audio" | "track" => take("src"),
        "img" | "source" => {
            take("src");
            for a in ["srcset", "imagesrcset"] {
                if let Some(set) = attr(el, a) {
                    for candidate in set.split(',') {
                        if let Some(u) = candidate.split_whitespace().next() {
                            urls.push(u.to_string());
                        }
                    }
                }
            }
        }
        "video" => {
            take("src");
            take("poster");
        }
        "object" => take("data"),
        "input"
            if v.attr("type")
                .is_some_and(|t| t.eq_ignore_ascii_case("image")) =>
        {
            take("src");
        }
        "link" => {
            let rel = v.attr("rel").unwrap_or("").to_ascii_lowercase();
            if rel.split_whitespace().any(|r| LOADING_RELS.contains(&r)) {
                take("href");
            }
        }
        "style" => urls.extend(css_urls(&el.text().collect::<String>())),
        _ => {}
    }
    if let Some(style) = v.attr("style") {
        urls.extend(css_urls(style));
    }
    urls
}

/// `third-party` and `exit-missing` over one document.
pub fn check(html: &Html, doc: &Doc<'_>) -> Vec<Finding> {
    let own = host_of(&doc.site.config.base_url);
    let mut out = Vec::new();
    let mut has_exit = false;
    for el in elements(html) {
        if el.value().name() == "a"
            && el.value().attr("data-exit").is_some()
            && attr(&el, "href").is_some()
        {
            has_exit = true;
        }
        for url in loaded(&el) {
            if !is_third_party(&url, own.as_deref()) {
                continue;
            }
            let host = host_of(&url).unwrap_or_default();
            out.push(
                Finding::new(
                    "third-party",
                    &doc.origin.file,
                    format!(
                        "the page loads {url} from {host}: {host} learns who reads this page"
                    ),
                )
                .at(&doc.locate(&[&url]))
                .hint("copy the file into static/ and link to it there, or link to the other site with a plain link instead of embedding it"),
            );
        }
    }
    if doc.origin.needs_exit && !has_exit {
        out.push(
            Finding::new(
                "exit-missing",
                &doc.origin.file,
                "this page is a campaign, guidance or help page but has no quick exit",
            )
            .at(&exit_spot(doc))
            .hint("remove `quick_exit: false` from the front matter, or make sure the template includes partials/exit.html (a link with data-exit)"),
        );
    }
    out
}

/// Where to point for a missing quick exit: `quick_exit:` in the front matter, else the
/// template, else the page's first line.
fn exit_spot(doc: &Doc<'_>) -> Spot {
    let o = doc.origin;
    if let Some(text) = &o.text {
        let front = text.get(..o.body.start).unwrap_or("");
        if let Some(i) = front.find("quick_exit") {
            return Spot::offset(&o.file, text, i);
        }
    }
    if let Some(spot) = doc.site.in_template(o, "{% block content") {
        return spot;
    }
    match &o.text {
        Some(text) => Spot::line(&o.file, text, 1),
        None => Spot::file(&o.file),
    }
}

/// `third-party` in the site's and theme's CSS files (fonts, background images, @import).
pub fn check_css(site: &Audit<'_>) -> Vec<Finding> {
    let own = host_of(&site.config.base_url);
    let mut out = Vec::new();
    for (rel, (shown, origin)) in &site.statics {
        if !rel.ends_with(".css") {
            continue;
        }
        let Ok(bytes) = origin.bytes() else { continue };
        let css = String::from_utf8_lossy(&bytes);
        for url in css_urls(&css) {
            if !is_third_party(&url, own.as_deref()) {
                continue;
            }
            let host = host_of(&url).unwrap_or_default();
            let spot = match css.find(&url) {
                Some(i) => Spot::offset(shown, &css, i),
                None => Spot::file(shown),
            };
            out.push(
                Finding::new(
                    "third-party",
                    shown,
                    format!(
                        "the style sheet loads {url} from {host}: {host} learns who reads the site"
                    ),
                )
                .at(&spot)
                .hint("copy the font or image into static/ and point url(...) at it there"),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts() {
        assert_eq!(
            host_of("https://Fonts.example.com/a.css").as_deref(),
            Some("fonts.example.com")
        );
        assert_eq!(host_of("//cdn.x.org/a.js").as_deref(), Some("cdn.x.org"));
        assert_eq!(host_of("/css/a.css"), None);
        assert_eq!(host_of("data:image/png;base64,AAA"), None);
        assert!(!is_third_party("https://site.org/x.png", Some("site.org")));
        assert!(is_third_party("https://cdn.org/x.png", Some("site.org")));
    }

    #[test]
    fn css() {
        let urls = css_urls("@import 'https://a.org/x.css'; body{background:url(\"/i.png\")}");
        assert_eq!(
            urls,
            vec!["/i.png".to_string(), "https://a.org/x.css".to_string()]
        );
    }
}
