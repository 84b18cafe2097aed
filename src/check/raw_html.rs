//! Raw HTML in content that undoes the theme's safety. The theme loads no inline code (its
//! Content-Security-Policy forbids it) and every link stays on the page's terms; HTML pasted
//! into a Markdown page can break that:
//!
//! - `javascript-url`: a `javascript:` address in a link, form, frame or image;
//! - `inline-script`: a `<script>` with code in the page (the CSP blocks it, so it also does
//!   not work);
//! - `event-handler`: an `on...=` attribute (`onclick`, `onerror`), which is inline code too;
//! - `meta-refresh`: a `<meta http-equiv="refresh">` sending the reader to another site;
//! - `form-action`: a form that sends what the reader types to another site;
//! - `base-tag`: a `<base>`, which changes where every relative link of the page goes;
//! - `target-blank`: a link opening a new tab (`target="_blank"`) without `rel="noopener"`,
//!   which lets the new page replace this one (for instance with a fake copy).

use scraper::{ElementRef, Html};

use super::privacy::is_third_party;
use super::{Doc, Finding, attr, elements};
use crate::util::url::host_of;

/// Attributes whose value is an address the browser may open or run.
const URL_ATTRS: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "poster",
    "xlink:href",
    "background",
    "cite",
];

/// `<script type>` values that are data, not code (never run, so never blocked).
const DATA_SCRIPTS: &[&str] = &["application/ld+json", "application/json", "text/template"];

/// The rules of this module over one document.
pub fn check(html: &Html, doc: &Doc<'_>) -> Vec<Finding> {
    let own = host_of(&doc.site.config.base_url);
    let mut out = Vec::new();
    for el in elements(html) {
        let mut add = |rule: &'static str, needle: &str, message: String, hint: &str| {
            out.push(
                Finding::new(rule, &doc.origin.file, message)
                    .at(&doc.locate(&[needle]))
                    .hint(hint),
            );
        };
        let name = el.value().name();
        for (attr_name, value) in el.value().attrs() {
            let lower = attr_name.to_ascii_lowercase();
            if lower.starts_with("on") && lower.len() > 2 {
                add(
                    "event-handler",
                    attr_name,
                    format!(
                        "`<{name} {attr_name}=...>` runs code in the page, which the site's security policy blocks"
                    ),
                    "remove the attribute; for a button that does something, ask the theme's developer for a script file",
                );
            }
            if URL_ATTRS.contains(&lower.as_str()) && is_script_url(value) {
                add(
                    "javascript-url",
                    value,
                    format!(
                        "`<{name} {attr_name}>` is a `javascript:` address, which runs code instead of opening a page"
                    ),
                    "link to a page (https://... or /page/) instead",
                );
            }
        }
        match name {
            "script" => inline_script(&el, &mut add),
            "meta" => meta_refresh(&el, own.as_deref(), &mut add),
            "form" | "button" | "input" => form_action(&el, own.as_deref(), &mut add),
            "base" => add(
                "base-tag",
                "<base",
                "a `<base>` element changes where every relative link and image of the page points"
                    .into(),
                "remove it and write the links in full (/page/ or https://...)",
            ),
            _ => {}
        }
        if matches!(name, "a" | "area" | "form") {
            target_blank(&el, &mut add);
        }
    }
    out
}

type Add<'a> = dyn FnMut(&'static str, &str, String, &str) + 'a;

/// A `javascript:` (or `vbscript:`) address, however it is spaced or cased.
fn is_script_url(value: &str) -> bool {
    let squeezed: String = value
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .take(11)
        .flat_map(char::to_lowercase)
        .collect();
    squeezed.starts_with("javascript:") || squeezed.starts_with("vbscript:")
}

fn inline_script(el: &ElementRef<'_>, add: &mut Add<'_>) {
    if attr(el, "src").is_some() {
        return;
    }
    let kind = attr(el, "type").unwrap_or("").to_ascii_lowercase();
    if DATA_SCRIPTS.contains(&kind.as_str()) {
        return;
    }
    add(
        "inline-script",
        "<script",
        "an inline `<script>` in the page: the site's security policy blocks it, so it does not run".into(),
        "remove it; a script the site needs goes in a file under static/ loaded with <script src=\"/js/...\">, added to the theme",
    );
}

fn meta_refresh(el: &ElementRef<'_>, own: Option<&str>, add: &mut Add<'_>) {
    let refresh = attr(el, "http-equiv").is_some_and(|v| v.eq_ignore_ascii_case("refresh"));
    let Some(content) = attr(el, "content").filter(|_| refresh) else {
        return;
    };
    let target = content
        .split_once([';', ','])
        .map(|(_, t)| t.trim())
        .map(|t| {
            let lower = t.to_ascii_lowercase();
            if lower.starts_with("url") {
                t[3..].trim_start().trim_start_matches('=').trim()
            } else {
                t
            }
        })
        .unwrap_or("")
        .trim_matches(['"', '\'']);
    if is_third_party(target, own) || is_script_url(target) {
        add(
            "meta-refresh",
            content,
            format!("the page sends every reader on to {target} by itself"),
            "link to the other site with a plain link the reader chooses to follow",
        );
    }
}

fn form_action(el: &ElementRef<'_>, own: Option<&str>, add: &mut Add<'_>) {
    let which = if el.value().name() == "form" {
        "action"
    } else {
        "formaction"
    };
    let Some(action) = attr(el, which) else {
        return;
    };
    if is_third_party(action, own) {
        let host = host_of(action).unwrap_or_default();
        add(
            "form-action",
            action,
            format!("this form sends what the reader types to {host}"),
            "link to the other organisation's own form instead, or send the form to this site",
        );
    }
}

fn target_blank(el: &ElementRef<'_>, add: &mut Add<'_>) {
    let blank = attr(el, "target").is_some_and(|t| t.eq_ignore_ascii_case("_blank"));
    let rel = attr(el, "rel").unwrap_or("").to_ascii_lowercase();
    let safe = rel
        .split_ascii_whitespace()
        .any(|r| r == "noopener" || r == "noreferrer");
    if blank && !safe {
        add(
            "target-blank",
            "_blank",
            "a link opens a new tab (`target=\"_blank\"`) without `rel=\"noopener\"`: the new page can replace this one".into(),
            "add rel=\"noopener noreferrer\", or better, remove target=\"_blank\" so the quick exit and Back keep working",
        );
    }
}
