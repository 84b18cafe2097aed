//! Where each `downloads:` entry and its fields are written in the front matter, for
//! messages that point at the right line (positions from [`crate::util::yaml::Positions`]).

use crate::content::front_matter::front_matter_positions;
use crate::util::yaml::Step;

/// The line of each `- ` item under the front matter's `downloads:` key (the key's own line
/// when its items cannot be told apart).
pub fn entry_lines(text: &str) -> Vec<usize> {
    let positions = front_matter_positions(text);
    let lines: Vec<usize> = positions
        .items(&[Step::Key("downloads")])
        .iter()
        .map(|p| p.line)
        .collect();
    if lines.is_empty() {
        return positions
            .key(&[Step::Key("downloads")])
            .map(|p| vec![p.line])
            .unwrap_or_default();
    }
    lines
}

/// The line, column and length of the value of `field:` within the entry that starts at
/// `line`.
pub fn field_line(text: &str, line: usize, field: &str) -> Option<(usize, usize, usize)> {
    let positions = front_matter_positions(text);
    let downloads = [Step::Key("downloads")];
    let index = positions
        .items(&downloads)
        .iter()
        .position(|p| p.line == line)?;
    let at = positions.value(&[Step::Key("downloads"), Step::Index(index), Step::Key(field)])?;
    let written = text.lines().nth(at.line.checked_sub(1)?)?;
    let len = written
        .chars()
        .skip(at.column.saturating_sub(1))
        .collect::<String>()
        .trim_end()
        .chars()
        .count();
    Some((at.line, at.column, len.max(1)))
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
