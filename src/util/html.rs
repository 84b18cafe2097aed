//! Escaping text for HTML and XML.

/// Escapes text for XML and HTML attribute values.
pub fn escape(text: &str) -> String {
    escape_with(text, true)
}

/// Escapes text as pulldown-cmark does in the HTML it writes: `&`, `<`, `>` and `"`, but not
/// `'` (for HTML placard writes beside the parser's own, such as footnote labels).
pub fn escape_markdown(text: &str) -> String {
    escape_with(text, false)
}

fn escape_with(text: &str, apostrophe: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' if apostrophe => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(escape("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
        assert_eq!(escape("it's"), "it&#39;s");
        assert_eq!(escape_markdown("it's <b>"), "it's &lt;b&gt;");
    }
}
