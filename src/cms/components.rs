//! The site's components as editor blocks: each component template's leading comment shows a
//! call (`{{ helpline(id="modern-slavery") }}` or `{% signs(title="...") %} ... {% end %}`) and
//! may list `Optional:` arguments; that is what the editor's block asks for. A component
//! whose template has no such comment is still offered, with no fields of its own.

use std::path::Path;

use serde::Serialize;

use crate::config::Config;
use crate::error::Result;

/// A component as the editor's + menu offers it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Component {
    /// `helpline`.
    pub name: String,
    /// `Helpline: a contact card from data/helplines.yaml`.
    pub label: String,
    /// Written `{% name(...) %}` ... `{% end %}` around Markdown.
    pub block: bool,
    /// Its arguments, those of the example first.
    pub args: Vec<Arg>,
}

/// One argument of a component.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Arg {
    pub name: String,
    /// The example's value, shown as the field's hint.
    pub example: String,
    /// Written without quotes (a number or `true`/`false` in the example).
    pub bare: bool,
}

/// The components of the site (the theme's, replaced or added to by the site's own
/// `templates/components/`), sorted by name.
pub fn list(root: &Path, config: &Config) -> Result<Vec<Component>> {
    let mut out = Vec::new();
    for (rel, origin) in crate::assets::layered(root, config, "templates")? {
        let Some(name) = rel
            .strip_prefix("components/")
            .and_then(|n| n.strip_suffix(".html"))
        else {
            continue;
        };
        if name.contains('/') {
            continue;
        }
        let bytes = origin.bytes().map_err(crate::error::Error::from)?;
        out.push(describe(name, &String::from_utf8_lossy(&bytes)));
    }
    Ok(out)
}

/// What a component's template says of it in its leading comment.
pub fn describe(name: &str, template: &str) -> Component {
    let comment = leading_comment(template).unwrap_or("");
    let inline = format!("{{{{ {name}(");
    let block = format!("{{% {name}(");
    let (is_block, start) = match (comment.find(&inline), comment.find(&block)) {
        (Some(i), Some(b)) if b < i => (true, b + block.len()),
        (Some(i), _) => (false, i + inline.len()),
        (None, Some(b)) => (true, b + block.len()),
        (None, None) => (false, 0),
    };
    let mut args = if start > 0 {
        parse_args(&comment[start..])
    } else {
        Vec::new()
    };
    for opt in optional_args(comment) {
        if !args.iter().any(|a| a.name == opt) {
            args.push(Arg {
                name: opt,
                example: String::new(),
                bare: false,
            });
        }
    }
    let about = summary(comment);
    let title = super::label(name);
    Component {
        name: name.to_string(),
        label: if about.is_empty() {
            title
        } else {
            format!("{title}: {about}")
        },
        block: is_block,
        args,
    }
}

/// The text of the template's first `{# ... #}` comment, when the template starts with it.
fn leading_comment(template: &str) -> Option<&str> {
    let t = template.trim_start();
    let rest = t.strip_prefix("{#")?;
    let end = rest.find("#}")?;
    Some(rest[..end].trim_matches(|c: char| c == '-' || c.is_whitespace()))
}

/// `id="x", level=3) }}...` -> the arguments up to the closing parenthesis.
fn parse_args(s: &str) -> Vec<Arg> {
    let mut out = Vec::new();
    let mut chars = s.char_indices().peekable();
    loop {
        while chars
            .next_if(|(_, c)| c.is_whitespace() || *c == ',')
            .is_some()
        {}
        let Some(&(i, c)) = chars.peek() else { break };
        if c == ')' || !(c.is_alphabetic() || c == '_') {
            break;
        }
        let mut end = i;
        while let Some((j, c)) = chars.next_if(|(_, c)| c.is_alphanumeric() || *c == '_') {
            end = j + c.len_utf8();
        }
        let name = s[i..end].to_string();
        while chars.next_if(|(_, c)| c.is_whitespace()).is_some() {}
        if chars.next_if(|(_, c)| *c == '=').is_none() {
            break;
        }
        while chars.next_if(|(_, c)| c.is_whitespace()).is_some() {}
        let (example, bare) = match chars.peek() {
            Some(&(_, q)) if q == '"' || q == '\'' => {
                chars.next();
                let mut v = String::new();
                while let Some((_, c)) = chars.next() {
                    match c {
                        '\\' => {
                            if let Some((_, n)) = chars.next() {
                                v.push(n);
                            }
                        }
                        c if c == q => break,
                        c => v.push(c),
                    }
                }
                (v, false)
            }
            _ => {
                let mut v = String::new();
                while let Some((_, c)) =
                    chars.next_if(|(_, c)| !matches!(c, ',' | ')') && !c.is_whitespace())
                {
                    v.push(c);
                }
                (v, true)
            }
        };
        out.push(Arg {
            name,
            example,
            bare,
        });
    }
    out
}

/// The names after `Optional:` up to the first `(` or `.`: `text, src and alt`.
fn optional_args(comment: &str) -> Vec<String> {
    let Some(i) = comment.find("Optional:") else {
        return Vec::new();
    };
    let rest = &comment[i + "Optional:".len()..];
    let end = rest.find(['(', '.', ';']).unwrap_or(rest.len());
    rest[..end]
        .replace(" and ", ",")
        .split(',')
        .map(str::trim)
        .filter(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        .map(str::to_string)
        .collect()
}

/// The first sentence after the example call (`}}:` or `{% end %}:`).
fn summary(comment: &str) -> String {
    let after = ["{% end %}:", "}}:", "%}:"]
        .iter()
        .filter_map(|m| comment.find(m).map(|i| i + m.len()))
        .min();
    let Some(start) = after else {
        return String::new();
    };
    let text: String = comment[start..]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let end = text
        .match_indices(". ")
        .map(|(i, _)| i)
        .next()
        .unwrap_or(text.len());
    text[..end].trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_leading_comment() {
        let c = describe(
            "helpline",
            "{#- {{ helpline(id=\"modern-slavery\") }}: a contact card from data/helplines.yaml.\n    Optional: level (heading level, default 3). -#}\n<p>",
        );
        assert!(!c.block);
        assert_eq!(c.label, "Helpline: a contact card from data/helplines.yaml");
        let names: Vec<&str> = c.args.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["id", "level"]);
        assert_eq!(c.args[0].example, "modern-slavery");

        let s = describe(
            "signs",
            "{#- {% signs(title=\"Signs to look for\", level=3) %} - a list {% end %}: a list of signs. -#}",
        );
        assert!(s.block);
        assert_eq!(s.args[1].example, "3");
        assert!(s.args[1].bare);
        assert_eq!(s.label, "Signs: a list of signs");
    }

    #[test]
    fn a_template_without_a_comment_is_still_offered() {
        let c = describe("quote", "<blockquote>{{ body | safe }}</blockquote>");
        assert_eq!(c.label, "Quote");
        assert!(c.args.is_empty());
    }
}
