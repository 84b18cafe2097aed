//! `todo`: the gaps a page still has for the site's team to fill. A page marks one with
//! `{{ todo(text="The name of the person who answers accessibility complaints") }}`, or gives
//! any component a `todo` argument (`{{ video(title="County Lines", todo="the film, its
//! captions and a transcript") }}`); each is reported at its line until it is removed.
//! A gap can also be written as plain text, `[TODO: what is missing]`, where a component
//! cannot go (front matter, placard.yaml, data files): those are reported the same way.

use std::path::Path;

use super::{Audit, Finding, Spot};

/// Every placeholder of every page and section, at its call.
pub fn check(site: &Audit<'_>) -> Vec<Finding> {
    let sources = site
        .lib
        .pages
        .iter()
        .map(|(k, p)| (k, &p.source))
        .chain(site.lib.sections.iter().map(|(k, s)| (k, &s.source)));
    let mut out = Vec::new();
    for (key, source) in sources {
        out.extend(text_markers(&source.file, &source.text));
        for todo in &site.documents.get(key).todos {
            let mut spot = Spot::line(&source.file, &source.text, todo.line);
            spot.column = todo.column;
            let what = if todo.component == "todo" {
                String::new()
            } else {
                format!(" (in its `{}` component)", todo.component)
            };
            let hint = if todo.component == "todo" {
                "write the missing text in the page, then delete the `todo(...)` call".to_string()
            } else {
                format!(
                    "supply what is missing, give the `{}` call its real arguments, and delete its `todo` argument",
                    todo.component
                )
            };
            out.push(
                Finding::new(
                    "todo",
                    &source.file,
                    format!("this page still has a gap to fill{what}: {}", todo.text),
                )
                .at(&spot)
                .hint(hint),
            );
        }
    }
    out
}

/// The marker that starts a gap written as text.
const MARKER: &str = "[TODO";

/// Every `[TODO: ...]` in `text` (the file `file`), in placard.yaml and data files too.
pub fn text_markers(file: &Path, text: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let mut from = 0;
        while let Some(at) = line[from..].find(MARKER).map(|a| a + from) {
            let rest = &line[at + MARKER.len()..];
            let inner = rest.split(']').next().unwrap_or(rest);
            let what = inner.trim_start_matches(':').trim();
            let mut spot = Spot::line(file, text, i + 1);
            spot.column = line[..at].chars().count() + 1;
            out.push(
                Finding::new(
                    "todo",
                    file,
                    format!("this file still has a gap to fill: {what}"),
                )
                .at(&spot)
                .hint("write the missing text in place of the `[TODO: ...]` marker"),
            );
            from = at + MARKER.len();
        }
    }
    out
}

/// The `[TODO: ...]` markers of placard.yaml and the data files.
pub fn settings_and_data(site: &Audit<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut files = vec![std::path::PathBuf::from(crate::config::FILE)];
    if let Ok(entries) = std::fs::read_dir(site.root.join("data")) {
        let mut names: Vec<_> = entries.flatten().map(|e| e.file_name()).collect();
        names.sort();
        files.extend(names.into_iter().map(|n| Path::new("data").join(n)));
    }
    for rel in files {
        if let Ok(text) = crate::util::fs::read_text(site.root, &rel) {
            out.extend(text_markers(&rel, &text));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_each_text_marker_at_its_column() {
        let text = "title: x\ndescription: \"[TODO: one sentence]\" and [TODO: more]\n";
        let found = text_markers(Path::new("a.md"), text);
        assert_eq!(found.len(), 2);
        assert!(
            found[0].message.ends_with("gap to fill: one sentence"),
            "{}",
            found[0].message
        );
        assert!(found[1].message.ends_with("gap to fill: more"));
    }
}
