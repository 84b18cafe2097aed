//! Accessibility rules on the rendered HTML: `img-alt`, `img-alt-text`, `heading-order`, `h1-count`,
//! `link-text`, `empty-button`, `duplicate-id`, `table-header`, `html-lang`, `iframe-title`,
//! `form-label`.

use std::collections::{HashMap, HashSet};

use scraper::{ElementRef, Html};

use super::{Doc, Finding, accessible_name, attr, elements, text_of};

/// Link texts that say nothing about where the link goes (compared lower-case, without
/// punctuation).
pub const VAGUE_LINK_TEXTS: &[&str] = &[
    "click here",
    "here",
    "read more",
    "more",
    "link",
    "this page",
];

/// Runs every accessibility rule over one document.
pub fn check(html: &Html, doc: &Doc<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    html_lang(html, doc, &mut out);
    headings(html, doc, &mut out);
    duplicate_ids(html, doc, &mut out);
    let labelled: HashSet<&str> = elements(html)
        .filter(|e| e.value().name() == "label")
        .filter_map(|e| attr(&e, "for"))
        .collect();
    for el in elements(html) {
        match el.value().name() {
            "img" => img_alt(&el, doc, &mut out),
            "a" if el.value().attr("href").is_some() => link_text(&el, doc, &mut out),
            "button" => empty_button(&el, doc, &mut out),
            "table" => table_header(&el, doc, &mut out),
            "iframe" => iframe_title(&el, doc, &mut out),
            "input" | "select" | "textarea" => form_label(&el, &labelled, doc, &mut out),
            _ if el.value().attr("role") == Some("button") => empty_button(&el, doc, &mut out),
            _ => {}
        }
    }
    out
}

/// A short description of an element for messages: `<img src="a.png">`.
fn describe(el: &ElementRef<'_>) -> String {
    let name = el.value().name();
    for a in ["src", "href", "id", "name", "class"] {
        if let Some(v) = attr(el, a) {
            let v: String = v.chars().take(60).collect();
            return format!("<{name} {a}=\"{v}\">");
        }
    }
    format!("<{name}>")
}

/// The texts by which an element can be found in its source, best first.
fn needles(el: &ElementRef<'_>) -> Vec<String> {
    let mut n = Vec::new();
    for a in ["src", "href", "id", "name"] {
        if let Some(v) = attr(el, a) {
            n.push(v.to_string());
        }
    }
    let text = text_of(el);
    if !text.is_empty() {
        n.push(text);
    }
    if let Some(c) = attr(el, "class") {
        n.push(format!("class=\"{c}\""));
    }
    n.push(format!("<{}", el.value().name()));
    n
}

fn at(doc: &Doc<'_>, el: &ElementRef<'_>, f: Finding) -> Finding {
    let n = needles(el);
    let refs: Vec<&str> = n.iter().map(String::as_str).collect();
    f.at(&doc.locate(&refs))
}

fn html_lang(html: &Html, doc: &Doc<'_>, out: &mut Vec<Finding>) {
    let root = html.root_element();
    let lang = root.value().attr("lang").unwrap_or("").trim();
    let problem = if root.value().attr("lang").is_none() {
        "the page's <html> element has no lang attribute".to_string()
    } else if lang.is_empty() {
        "the page's <html> element has an empty lang attribute".to_string()
    } else if !is_language_tag(lang) {
        format!("the page's lang attribute `{lang}` is not a language code")
    } else {
        return;
    };
    // An empty or wrong code that is the site's language comes from placard.yaml.
    let config = doc.site.config;
    let from_config = root.value().attr("lang").is_some()
        && (lang == config.default_language || config.languages.contains_key(lang));
    let key = if lang == config.default_language {
        "default_language"
    } else {
        lang
    };
    let text = &doc.site.config_text;
    let spot = match crate::config::find_key_line(text, key).filter(|_| from_config) {
        Some(line) => super::Spot::line(crate::config::FILE, text, line),
        None => doc
            .site
            .in_template(doc.origin, "<html")
            .unwrap_or_else(|| doc.locate(&["<html"])),
    };
    out.push(
        Finding::new("html-lang", &doc.origin.file, problem)
            .at(&spot)
            .hint("write the language's code (`default_language: en` in placard.yaml) and <html lang=\"{{ lang }}\"> in the template, so screen readers use the right voice"),
    );
}

/// `en`, `en-GB`, `ur`, `zh-Hant`: a 2-3 (or 5-8) letter language, then 1-8 letter subtags.
pub fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let first = parts.next().unwrap_or("");
    let first_ok =
        matches!(first.len(), 2 | 3 | 5..=8) && first.chars().all(|c| c.is_ascii_alphabetic());
    first_ok
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

fn headings(html: &Html, doc: &Doc<'_>, out: &mut Vec<Finding>) {
    let mut h1s = Vec::new();
    let mut previous: Option<(u8, String)> = None;
    for el in elements(html) {
        let level = match el.value().name().as_bytes() {
            [b'h', d @ b'1'..=b'6'] => d - b'0',
            _ => continue,
        };
        let text = text_of(&el);
        if level == 1 {
            h1s.push(el);
        }
        if let Some((prev, prev_text)) = &previous
            && level > prev + 1
        {
            out.push(at(
                doc,
                &el,
                Finding::new(
                    "heading-order",
                    &doc.origin.file,
                    format!(
                        "the heading \"{text}\" is a level {level} heading after the level \
                         {prev} heading \"{prev_text}\": a level is skipped"
                    ),
                )
                .hint(format!(
                    "make it a level {} heading (in Markdown, {} followed by a space)",
                    prev + 1,
                    "#".repeat(usize::from(prev + 1))
                )),
            ));
        }
        previous = Some((level, text));
    }
    match h1s.len() {
        1 => {}
        0 => {
            let spot = doc
                .site
                .in_template(doc.origin, "<h1")
                .unwrap_or_else(|| doc.locate(&[]));
            out.push(
                Finding::new(
                    "h1-count",
                    &doc.origin.file,
                    "the page has no level 1 heading",
                )
                .at(&spot)
                .hint(
                    "every page needs one <h1> saying what it is about (usually the page's title)",
                ),
            );
        }
        n => {
            for el in h1s.iter().skip(1) {
                out.push(at(
                    doc,
                    el,
                    Finding::new(
                        "h1-count",
                        &doc.origin.file,
                        format!(
                            "the page has {n} level 1 headings; \"{}\" is one too many",
                            text_of(el)
                        ),
                    )
                    .hint("the template already shows the title as the level 1 heading: start the text's headings at ## (level 2)"),
                ));
            }
        }
    }
}

fn duplicate_ids(html: &Html, doc: &Doc<'_>, out: &mut Vec<Finding>) {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for el in elements(html) {
        let Some(id) = el.value().attr("id") else {
            continue;
        };
        let count = seen.entry(id).or_default();
        *count += 1;
        if *count == 2 {
            let text = text_of(&el);
            let spot = doc.locate(&[&format!("id=\"{id}\""), &format!("{{#{id}}}"), &text, id]);
            out.push(
                Finding::new(
                    "duplicate-id",
                    &doc.origin.file,
                    format!("the id `{id}` is used more than once on the page"),
                )
                .at(&spot)
                .hint("give each element its own id (two headings with the same text get the same id: reword one, or give it {#another-id})"),
            );
        }
    }
}

fn img_alt(el: &ElementRef<'_>, doc: &Doc<'_>, out: &mut Vec<Finding>) {
    // `alt=""` marks a decorative image (in Markdown: `![](divider.jpg "decorative")`).
    if let Some(alt) = el.value().attr("alt") {
        if let Some(why) = crate::util::text::placeholder_alt(alt) {
            let alt = alt.trim();
            let finding = Finding::new(
                "img-alt-text",
                &doc.origin.file,
                format!("the alt text \"{alt}\" of the image {} {why}, so it does not describe the image", describe(el)),
            )
            .hint("say what the image shows for people who cannot see it, such as ![A volunteer handing out leaflets](photo.jpg)");
            // The alt text is what the source has of it (the address is the processed image's).
            out.push(finding.at(&doc.locate(&[alt, "<img"])));
        }
        return;
    }
    out.push(at(
        doc,
        el,
        Finding::new(
            "img-alt",
            &doc.origin.file,
            format!("the image {} has no alt text", describe(el)),
        )
        .hint("describe the image in its alt text (![what it shows](image.jpg)), or mark a decorative image ![](divider.jpg \"decorative\") (alt=\"\" in HTML)"),
    ));
}

/// Is `text` a vague link text or a bare address?
pub fn vague(text: &str) -> bool {
    let t = text.trim().to_lowercase();
    if t.starts_with("http://") || t.starts_with("https://") || t.starts_with("www.") {
        return !t.contains(' ');
    }
    let words: String = t
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let words = super::collapse(&words);
    VAGUE_LINK_TEXTS.contains(&words.as_str())
}

fn link_text(el: &ElementRef<'_>, doc: &Doc<'_>, out: &mut Vec<Finding>) {
    if el.value().attr("aria-hidden") == Some("true") {
        return;
    }
    let name = accessible_name(el);
    let href = el.value().attr("href").unwrap_or("");
    let message = if name.is_empty() {
        format!("the link to `{href}` has no text")
    } else if vague(&name) {
        format!("the link text \"{name}\" does not say where the link goes")
    } else {
        return;
    };
    let n = needles(el);
    let mut refs: Vec<&str> = Vec::new();
    if !name.is_empty() {
        refs.push(&name);
    }
    refs.extend(n.iter().map(String::as_str));
    out.push(
        Finding::new("link-text", &doc.origin.file, message)
            .at(&doc.locate(&refs))
            .hint(
                "write link text that makes sense on its own, such as \"how to report a concern\"",
            ),
    );
}

fn empty_button(el: &ElementRef<'_>, doc: &Doc<'_>, out: &mut Vec<Finding>) {
    if !accessible_name(el).is_empty() {
        return;
    }
    out.push(at(
        doc,
        el,
        Finding::new(
            "empty-button",
            &doc.origin.file,
            format!("the button {} has no text", describe(el)),
        )
        .hint("put words in the button, or give an icon-only button an aria-label"),
    ));
}

fn table_header(el: &ElementRef<'_>, doc: &Doc<'_>, out: &mut Vec<Finding>) {
    if matches!(el.value().attr("role"), Some("presentation" | "none")) {
        return;
    }
    let cells: Vec<ElementRef<'_>> = el.descendent_elements().collect();
    let has = |n: &str| cells.iter().any(|c| c.value().name() == n);
    if !has("td") || has("th") {
        return;
    }
    let first = cells
        .iter()
        .find(|c| c.value().name() == "td")
        .map(text_of)
        .unwrap_or_default();
    out.push(
        Finding::new(
            "table-header",
            &doc.origin.file,
            "this table has no header cells, so screen readers cannot say what each column is",
        )
        .at(&doc.locate(&[&first, "<table"]))
        .hint("give the table a header row (in Markdown, the first row followed by | --- |)"),
    );
}

fn iframe_title(el: &ElementRef<'_>, doc: &Doc<'_>, out: &mut Vec<Finding>) {
    if attr(el, "title").is_some() || attr(el, "aria-label").is_some() {
        return;
    }
    out.push(at(
        doc,
        el,
        Finding::new(
            "iframe-title",
            &doc.origin.file,
            format!("the frame {} has no title", describe(el)),
        )
        .hint("add title=\"...\" saying what the frame shows, such as \"Video: how to spot the signs\""),
    ));
}

fn form_label(
    el: &ElementRef<'_>,
    labelled: &HashSet<&str>,
    doc: &Doc<'_>,
    out: &mut Vec<Finding>,
) {
    let exempt = el.value().name() == "input"
        && matches!(
            el.value()
                .attr("type")
                .unwrap_or("text")
                .to_ascii_lowercase()
                .as_str(),
            "hidden" | "submit" | "button" | "reset" | "image"
        );
    let has_label = attr(el, "aria-label").is_some()
        || attr(el, "aria-labelledby").is_some()
        || attr(el, "id").is_some_and(|id| labelled.contains(id))
        || el
            .ancestors()
            .filter_map(ElementRef::wrap)
            .any(|a| a.value().name() == "label");
    if exempt || has_label {
        return;
    }
    out.push(at(
        doc,
        el,
        Finding::new(
            "form-label",
            &doc.origin.file,
            format!("the form field {} has no label", describe(el)),
        )
        .hint("add <label for=\"the field's id\">what to enter</label>, or an aria-label"),
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vague_texts() {
        for t in [
            "Click here!",
            "here",
            "Read more…",
            " more ",
            "https://x.org/a",
        ] {
            assert!(vague(t), "{t}");
        }
        for t in [
            "How to report",
            "Read more about the signs",
            "Here is how to get help",
        ] {
            assert!(!vague(t), "{t}");
        }
    }

    #[test]
    fn language_tags() {
        for t in ["en", "en-GB", "ur", "zh-Hant", "pt-br"] {
            assert!(is_language_tag(t), "{t}");
        }
        for t in ["", "e", "english!", "en_GB", "en-"] {
            assert!(!is_language_tag(t), "{t}");
        }
    }
}
