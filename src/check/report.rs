//! The two output formats of `placard check`: text for people, JSON for tools.

use std::fmt::Write as _;

use serde::Serialize;

use super::{Finding, Outcome, Severity};
use crate::error::display_path;

/// `{"findings":[{"rule","severity","path","line","message", "column"?, "hint"?}]}`.
pub fn json(outcome: &Outcome) -> String {
    #[derive(Serialize)]
    struct Out<'a> {
        findings: Vec<Item<'a>>,
    }
    #[derive(Serialize)]
    struct Item<'a> {
        rule: &'a str,
        severity: &'a str,
        path: String,
        line: usize,
        message: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        column: Option<usize>,
        #[serde(skip_serializing_if = "Option::is_none")]
        hint: Option<&'a str>,
    }
    let out = Out {
        findings: outcome
            .findings
            .iter()
            .map(|f| Item {
                rule: f.rule,
                severity: f.severity.as_str(),
                path: display_path(&f.path),
                line: f.line,
                message: &f.message,
                column: (f.column > 0).then_some(f.column),
                hint: f.hint.as_deref(),
            })
            .collect(),
    };
    serde_json::to_string_pretty(&out).unwrap_or_else(|_| "{\"findings\":[]}".into())
}

/// Findings grouped by file, each like a build error with the source line and a caret,
/// then a count per severity.
pub fn text(outcome: &Outcome) -> String {
    let mut out = String::new();
    let mut current = None;
    for f in &outcome.findings {
        if current != Some(&f.path) {
            let _ = writeln!(out, "{}", display_path(&f.path));
            current = Some(&f.path);
        }
        out.push_str(&finding(f));
    }
    let errors = outcome.count(Severity::Error);
    let warnings = outcome.count(Severity::Warning);
    let counts = format!(
        "{errors} error{}, {warnings} warning{}",
        plural(errors),
        plural(warnings)
    );
    if outcome.documents == 0 {
        let _ = writeln!(
            out,
            "{counts}. The pages could not be built to check the rest: fix these links first."
        );
    } else {
        let _ = writeln!(
            out,
            "{counts} in {} page{} checked.",
            outcome.documents,
            plural(outcome.documents)
        );
    }
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// One finding in the build-error format.
pub fn finding(f: &Finding) -> String {
    let mut out = format!("{}[{}]: {}\n", f.severity.as_str(), f.rule, f.message);
    let path = display_path(&f.path);
    let location = match (f.line, f.column) {
        (0, _) => path,
        (l, 0) => format!("{path}:{l}"),
        (l, c) => format!("{path}:{l}:{c}"),
    };
    let width = if f.line > 0 && f.source_line.is_some() {
        f.line.to_string().len()
    } else {
        1
    };
    let pad = " ".repeat(width + 1);
    let _ = writeln!(out, "{pad}--> {location}");
    if let Some(source) = f.source_line.as_deref().filter(|_| f.line > 0) {
        let caret_at: String = source
            .chars()
            .take(f.column.saturating_sub(1))
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        let _ = writeln!(out, "{pad} |");
        let _ = writeln!(out, " {} | {source}", f.line);
        let _ = writeln!(out, "{pad} | {caret_at}^");
    }
    if let Some(hint) = &f.hint {
        let _ = writeln!(out, "{pad} = help: {hint}");
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Spot;

    #[test]
    fn text_has_caret_and_counts() {
        let f = Finding::new("img-alt", "content/a.md", "the image has no alt text")
            .at(&Spot::offset(
                "content/a.md",
                "---\ntitle: A\n---\nSee ![](c.png)\n",
                21,
            ))
            .hint("describe it");
        let outcome = Outcome {
            findings: vec![f],
            documents: 3,
        };
        let t = text(&outcome);
        assert!(
            t.starts_with("content/a.md\nerror[img-alt]: the image has no alt text\n"),
            "{t}"
        );
        assert!(t.contains("  --> content/a.md:4:5\n"), "{t}");
        assert!(
            t.contains("\n   |\n 4 | See ![](c.png)\n   |     ^\n"),
            "{t}"
        );
        assert!(t.contains("= help: describe it"), "{t}");
        assert!(
            t.ends_with("1 error, 0 warnings in 3 pages checked.\n"),
            "{t}"
        );
        let j: serde_json::Value = serde_json::from_str(&json(&outcome)).unwrap();
        assert_eq!(j["findings"][0]["rule"], "img-alt");
        assert_eq!(j["findings"][0]["line"], 4);
        assert_eq!(j["findings"][0]["path"], "content/a.md");
    }
}
