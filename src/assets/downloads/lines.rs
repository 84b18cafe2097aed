//! Where each `downloads:` entry and its fields are written in the front matter, for
//! messages that point at the right line.

/// The line of each `- ` item under the front matter's `downloads:` key.
pub fn entry_lines(text: &str) -> Vec<usize> {
    let Some(key_line) = crate::content::front_matter::front_matter_key_line(text, "downloads")
    else {
        return Vec::new();
    };
    let mut lines = Vec::new();
    let mut item_indent = None;
    for (i, l) in text.lines().enumerate().skip(key_line) {
        let trimmed = l.trim_start();
        if l.trim_end() == "---" {
            break;
        }
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indent = l.len() - trimmed.len();
        let is_item = trimmed == "-" || trimmed.starts_with("- ");
        if indent == 0 && !is_item {
            break;
        }
        if is_item && item_indent.is_none_or(|n| n == indent) {
            item_indent = Some(indent);
            lines.push(i + 1);
        }
    }
    if lines.is_empty() {
        lines.push(key_line);
    }
    lines
}

/// The line, column and length of the value of `field:` within the entry that starts at
/// `line`.
pub fn field_line(text: &str, line: usize, field: &str) -> Option<(usize, usize, usize)> {
    if line == 0 {
        return None;
    }
    let mut all = text.lines().enumerate().skip(line - 1);
    let (_, first) = all.next()?;
    let indent = first.len() - first.trim_start().len();
    let value_at = |l: &str| -> Option<(usize, usize)> {
        let t = l.trim_start().trim_start_matches("- ").trim_start();
        let rest = t.strip_prefix(field)?.trim_start().strip_prefix(':')?;
        let value = rest.trim();
        let start = l.len() - rest.trim_start().len();
        Some((l[..start].chars().count() + 1, value.chars().count().max(1)))
    };
    if let Some((col, len)) = value_at(first) {
        return Some((line, col, len));
    }
    for (i, l) in all {
        let t = l.trim_start();
        if l.trim_end() == "---" || (!t.is_empty() && l.len() - t.len() <= indent) {
            return None;
        }
        if let Some((col, len)) = value_at(l) {
            return Some((i + 1, col, len));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "---\ntitle: A\ndownloads:\n  - file: a.pdf\n    title: A\n    alternative: \"@/a.md\"\n  - title: B\n    file: b.pdf\nbundle: true\n---\nBody\n";

    #[test]
    fn finds_each_entry_and_field_line() {
        assert_eq!(entry_lines(TEXT), vec![4, 7]);
        assert_eq!(field_line(TEXT, 4, "file"), Some((4, 11, 5)));
        assert_eq!(field_line(TEXT, 4, "alternative"), Some((6, 18, 8)));
        assert_eq!(field_line(TEXT, 7, "file"), Some((8, 11, 5)));
        assert_eq!(field_line(TEXT, 7, "alternative"), None);
        let flat = "---\ndownloads:\n- file: a.pdf\n- file: b.pdf\n---\n";
        assert_eq!(entry_lines(flat), vec![3, 4]);
    }
}
