//! Headings: `{#id .class}` attributes, ids and titles.
//!
//! pulldown-cmark's own heading attributes take any `{...}` at the end of a heading, so
//! `# Sale {50% off}` would get the attributes `50%` and `off`. placard reads only ids and
//! classes: the last text of a heading may end with `{#id .class .other}` (after a space);
//! anything else in braces stays text.

use pulldown_cmark::{CowStr, Event};

/// The id and classes at the end of `text`, and how much of `text` comes before them.
pub(super) fn attributes(text: &str) -> Option<(usize, Option<String>, Vec<String>)> {
    let inner = text.trim_end().strip_suffix('}')?;
    let open = inner.rfind('{')?;
    let before = &inner[..open];
    if !(before.is_empty() || before.ends_with([' ', '\t'])) {
        return None;
    }
    let mut id = None;
    let mut classes = Vec::new();
    for token in inner[open + 1..].split_whitespace() {
        let (kind, name) = match (token.strip_prefix('#'), token.strip_prefix('.')) {
            (Some(name), _) => ("#", name),
            (_, Some(name)) => (".", name),
            _ => return None,
        };
        let valid = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '_');
        match kind {
            "#" if valid && id.is_none() => id = Some(name.to_string()),
            "." if valid => classes.push(name.to_string()),
            _ => return None,
        }
    }
    if id.is_none() && classes.is_empty() {
        return None;
    }
    Some((before.trim_end().len(), id, classes))
}

/// Takes `{#id .class}` off the end of a heading's events.
pub(super) fn take_attributes(inner: &mut Vec<Event<'_>>) -> (Option<String>, Vec<String>) {
    let Some(Event::Text(last)) = inner.last() else {
        return (None, Vec::new());
    };
    // A text that starts with `{` after other events follows an escape or markup: not ours.
    if last.starts_with('{') && inner.len() > 1 {
        return (None, Vec::new());
    }
    let Some((keep, id, classes)) = attributes(last) else {
        return (None, Vec::new());
    };
    let kept = last[..keep].to_string();
    inner.pop();
    if !kept.is_empty() {
        inner.push(Event::Text(CowStr::from(kept)));
    }
    (id, classes)
}

/// A heading's title: its text and code, without markup, components or images.
pub(super) fn title(inner: &[Event<'_>]) -> String {
    let mut title = String::new();
    for ev in inner {
        match ev {
            Event::Text(t) | Event::Code(t) => title.push_str(t),
            Event::SoftBreak | Event::HardBreak => title.push(' '),
            _ => {}
        }
    }
    title.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_ids_and_classes() {
        assert_eq!(
            attributes("Contact us {#contact .big}"),
            Some((10, Some("contact".into()), vec!["big".into()]))
        );
        assert_eq!(
            attributes("{.a .b}"),
            Some((0, None, vec!["a".into(), "b".into()]))
        );
        for text in [
            "Sale {50% off}",
            "Sale {#a #b}",
            "Sale {}",
            "Sale {# }",
            "Sale{#x}",
            "Sale {#x} more",
            "Sale {key=value}",
            "Sale {#x onclick=y}",
            "Sale {é}",
        ] {
            assert_eq!(attributes(text), None, "{text}");
        }
    }
}
