//! `data_fields(value=item)`: a data record as HTML, for the theme's `data_page.html`.
//!
//! Each field of the record gets a heading (its `field_<name>` word from `i18n/`, else its
//! name made readable: `out-of-hours` is "Out of hours"), then its value: a text as a
//! paragraph, a list as a list, a map as a description list, nested to any depth (read with a
//! stack, not recursion). Web addresses become links, `phone`-like fields `tel:` links and
//! `email` fields `mailto:` links. Everything is escaped.

use serde_json::Value;

use super::i18n::Strings;
use crate::util::html::escape;
use crate::util::langmark;

/// Fields that say which record this is, not what it holds: never shown.
const HIDDEN: &[&str] = &["id", "slug", "key", crate::content::data_i18n::REVIEW_KEY];

/// Field names whose texts are phone numbers.
const PHONES: &[&str] = &["phone", "textphone", "tel", "mobile", "telephone", "fax"];

/// What the heading of a field says, and in which language.
pub struct Words<'a> {
    pub strings: &'a Strings,
    pub lang: &'a str,
    pub default_lang: &'a str,
}

impl Words<'_> {
    /// The label of a field: `field_<name>` in the page's language, else in the default one
    /// (marked as such), else the name made readable (marked as the default language's).
    pub fn label(&self, name: &str) -> String {
        let key = format!("field_{}", name.replace('-', "_"));
        if let Some(text) = self.strings.lookup(&key, self.lang) {
            return text.to_string();
        }
        let text = self
            .strings
            .lookup(&key, self.default_lang)
            .map_or_else(|| readable(name), str::to_string);
        if self.lang == self.default_lang {
            text
        } else {
            langmark::mark(self.default_lang, &text)
        }
    }
}

/// The fields of a record that are lists of contacts (each a map with a `name` and a
/// `phone`, `textphone` or `url`), for contact cards.
pub fn contact_fields(value: &Value) -> Vec<String> {
    let Value::Object(map) = value else {
        return Vec::new();
    };
    let is_contact = |c: &Value| {
        c.get("name").is_some_and(|n| !is_empty(n))
            && ["phone", "textphone", "url"]
                .iter()
                .any(|k| c.get(*k).is_some_and(|v| !is_empty(v)))
    };
    map.iter()
        .filter(|(_, v)| {
            v.as_array()
                .is_some_and(|a| !a.is_empty() && a.iter().all(is_contact))
        })
        .map(|(k, _)| k.clone())
        .collect()
}

/// `out-of-hours` and `when_to_call` as "Out of hours" and "When to call".
fn readable(name: &str) -> String {
    let spaced = name.replace(['-', '_'], " ");
    let mut chars = spaced.trim().chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// What is left to write.
enum Todo<'v> {
    /// A value, under the field `field` (for links), at heading level `level`.
    Value {
        value: &'v Value,
        field: &'v str,
        top: bool,
    },
    /// Closing markup.
    Text(&'static str),
    /// A field of a nested map: `<dt>label</dt><dd>`.
    Term(&'v str),
}

/// The record `value` as HTML; headings of the top-level fields at `level` (2 to 6), with ids
/// `field-<name>`; `skip` are fields not to show (the template shows them itself), and so is a
/// text field that only repeats `title` (the page's heading).
pub fn fields(
    value: &Value,
    level: usize,
    (skip, title): (&[String], &str),
    words: &Words<'_>,
) -> String {
    let level = level.clamp(2, 6);
    let mut out = String::new();
    let Value::Object(map) = value else {
        return render(value, "", words);
    };
    for (name, v) in map {
        let repeats_title = v
            .as_str()
            .is_some_and(|t| langmark::strip(t).trim() == title.trim());
        if HIDDEN.contains(&name.as_str())
            || skip.iter().any(|s| s == name)
            || is_empty(v)
            || repeats_title
        {
            continue;
        }
        out.push_str(&format!(
            "<h{level} id=\"field-{}\">{}</h{level}>\n",
            escape(&crate::util::text::slugify(name)),
            escape(&words.label(name))
        ));
        out.push_str(&render(v, name, words));
        out.push('\n');
    }
    out
}

fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(m) => m.is_empty(),
        _ => false,
    }
}

/// One field's value as HTML, nested lists and maps included.
fn render(value: &Value, field: &str, words: &Words<'_>) -> String {
    let mut out = String::new();
    let mut stack = vec![Todo::Value {
        value,
        field,
        top: true,
    }];
    while let Some(todo) = stack.pop() {
        match todo {
            Todo::Text(t) => out.push_str(t),
            Todo::Term(name) => {
                out.push_str("<dt>");
                out.push_str(&escape(&words.label(name)));
                out.push_str("</dt><dd>");
            }
            Todo::Value { value, field, top } => match value {
                Value::Array(items) => {
                    out.push_str("<ul class=\"data-list\">");
                    stack.push(Todo::Text("</ul>"));
                    for item in items.iter().rev() {
                        stack.push(Todo::Text("</li>"));
                        stack.push(Todo::Value {
                            value: item,
                            field,
                            top: false,
                        });
                        stack.push(Todo::Text("<li>"));
                    }
                }
                Value::Object(map) => {
                    out.push_str("<dl class=\"data-fields\">");
                    stack.push(Todo::Text("</dl>"));
                    let shown = map
                        .iter()
                        .filter(|(k, v)| !HIDDEN.contains(&k.as_str()) && !is_empty(v));
                    let shown: Vec<_> = shown.collect();
                    for (k, v) in shown.into_iter().rev() {
                        stack.push(Todo::Text("</dd>"));
                        stack.push(Todo::Value {
                            value: v,
                            field: k,
                            top: false,
                        });
                        stack.push(Todo::Term(k));
                    }
                }
                scalar => {
                    let text = match scalar {
                        Value::String(s) => s.clone(),
                        Value::Bool(true) => words_yes_no(words, true),
                        Value::Bool(false) => words_yes_no(words, false),
                        Value::Null => String::new(),
                        other => other.to_string(),
                    };
                    let html = scalar_html(&text, field);
                    if top {
                        out.push_str("<p>");
                        out.push_str(&html);
                        out.push_str("</p>");
                    } else {
                        out.push_str(&html);
                    }
                }
            },
        }
    }
    out
}

/// "Yes" or "No" (`data_yes`, `data_no`) in the page's language.
fn words_yes_no(words: &Words<'_>, yes: bool) -> String {
    let key = if yes { "data_yes" } else { "data_no" };
    words
        .strings
        .lookup(key, words.lang)
        .map(str::to_string)
        .or_else(|| {
            words
                .strings
                .lookup(key, words.default_lang)
                .map(|t| langmark::mark(words.default_lang, t))
        })
        .unwrap_or_else(|| if yes { "yes".into() } else { "no".into() })
}

/// A text as HTML: a link when it is a web address, a phone number or an e-mail address.
fn scalar_html(text: &str, field: &str) -> String {
    let plain = langmark::strip(text);
    let plain = plain.trim();
    let field = field.to_ascii_lowercase();
    if (plain.starts_with("https://") || plain.starts_with("http://"))
        && !plain.contains(char::is_whitespace)
    {
        return format!(
            "<a href=\"{}\" rel=\"noreferrer\">{}</a>",
            escape(plain),
            escape(text)
        );
    }
    if PHONES.contains(&field.as_str()) && plain.chars().any(|c| c.is_ascii_digit()) {
        return format!(
            "<a class=\"tel\" href=\"tel:{}\"><bdi dir=\"ltr\">{}</bdi></a>",
            escape(&super::functions::tel(plain)),
            escape(text)
        );
    }
    if (field == "email" || field == "e-mail")
        && plain.contains('@')
        && !plain.contains(char::is_whitespace)
    {
        return format!("<a href=\"mailto:{}\">{}</a>", escape(plain), escape(text));
    }
    escape(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn strings() -> Strings {
        let mut map = HashMap::new();
        map.insert(
            "en".to_string(),
            HashMap::from([("field_phone".to_string(), "Phone number".to_string())]),
        );
        Strings::new(map, "en")
    }

    #[test]
    fn a_record_becomes_headings_lists_links_and_nested_fields() {
        let s = strings();
        let words = Words {
            strings: &s,
            lang: "en",
            default_lang: "en",
        };
        let record = serde_json::json!({
            "slug": "x",
            "phone": "0800 000",
            "website": "https://example.org/a?b=1&c=2",
            "out-of-hours": ["<script>", "Weekends"],
            "team": {"lead": "Ann", "email": "a@example.org", "deep": [[1, true]]},
            "empty": [],
        });
        let html = fields(&record, 2, (&[], "A title"), &words);
        assert!(!html.contains("slug") && !html.contains("Empty"), "{html}");
        assert!(
            html.contains(r#"<h2 id="field-phone">Phone number</h2>"#),
            "{html}"
        );
        assert!(
            html.contains(r#"<a class="tel" href="tel:0800000"><bdi dir="ltr">0800 000</bdi></a>"#)
        );
        assert!(html.contains(r#"<a href="https://example.org/a?b=1&amp;c=2" rel="noreferrer">"#));
        assert!(html.contains(r#"<h2 id="field-out-of-hours">Out of hours</h2>"#));
        assert!(html.contains("<li>&lt;script&gt;</li>"), "{html}");
        assert!(html.contains(r#"<dt>Lead</dt><dd>Ann</dd>"#), "{html}");
        assert!(html.contains(r#"<a href="mailto:a@example.org">"#));
        assert!(html.contains("<ul class=\"data-list\"><li><ul class=\"data-list\"><li>1</li><li>yes</li></ul></li></ul>"), "{html}");
    }

    #[test]
    fn deep_nesting_does_not_recurse() {
        let mut v = Value::String("end".into());
        for _ in 0..10_000 {
            v = Value::Array(vec![v]);
        }
        let s = strings();
        let words = Words {
            strings: &s,
            lang: "en",
            default_lang: "en",
        };
        let html = render(&v, "", &words);
        assert!(html.contains("end"));
        // serde_json drops nested values by recursion: take it apart first.
        let mut v = v;
        while let Value::Array(mut a) = v {
            v = a.pop().unwrap_or(Value::Null);
        }
    }
}
