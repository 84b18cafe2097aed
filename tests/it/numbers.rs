//! Every phone number a reader of the bundled site can call comes from `data/`, with the
//! `source` it was read in: each `tel:` link of every built page is a number of a data record
//! that names its source, and no Markdown page or template writes a number of its own (pages
//! write `{{ number(line="emergency") }}`, templates read `data.helplines`).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Only the digits of a number: `0800 555 111` is `0800555111`.
fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

/// Every file under `dir` whose name ends with `ext`, sorted.
fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.is_file() && p.to_string_lossy().ends_with(ext))
        .collect();
    out.sort();
    out
}

/// The numbers (`phone`, `textphone`, `mobile`) of the records of the base data files (not
/// the `<name>.<lang>.yaml` overlays, which hold no numbers): (digits, file, has a source).
fn data_numbers() -> Vec<(String, String, bool)> {
    let mut out = Vec::new();
    for path in files(&repo().join("data"), ".yaml") {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if name.matches('.').count() > 1 {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let value = placard::content::data::parse(&text, &path, "yaml").unwrap();
        // No recursion: a list of values still to look at.
        let mut todo = vec![&value];
        while let Some(v) = todo.pop() {
            match v {
                serde_json::Value::Object(m) => {
                    let sourced = m
                        .get("source")
                        .and_then(|s| s.as_str())
                        .is_some_and(|s| !s.trim().is_empty());
                    for key in ["phone", "textphone", "mobile"] {
                        if let Some(n) = m.get(key).and_then(|n| n.as_str()) {
                            out.push((digits(n), name.clone(), sourced));
                        }
                    }
                    todo.extend(m.values());
                }
                serde_json::Value::Array(a) => todo.extend(a),
                _ => {}
            }
        }
    }
    out
}

/// The runs of digits (with single spaces inside: `0808 800 5000`) of a text, as digits.
fn digit_runs(text: &str) -> Vec<String> {
    let mut runs = Vec::new();
    let mut run = String::new();
    let chars: Vec<char> = text.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        let joins =
            *c == ' ' && !run.is_empty() && chars.get(i + 1).is_some_and(char::is_ascii_digit);
        if c.is_ascii_digit() {
            run.push(*c);
        } else if !joins && !run.is_empty() {
            runs.push(std::mem::take(&mut run));
        }
    }
    if !run.is_empty() {
        runs.push(run);
    }
    runs
}

/// A text without its Tera comments (`{# ... #}`), which may name numbers to explain.
fn without_comments(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("{#") {
        out.push_str(&rest[..start]);
        rest = rest[start..]
            .find("#}")
            .map_or("", |end| &rest[start + end + 2..]);
    }
    out.push_str(rest);
    out
}

#[test]
fn every_number_a_reader_can_call_is_in_data_with_its_source() {
    let numbers = data_numbers();
    assert!(numbers.len() > 10, "{numbers:?}");
    let unsourced: Vec<_> = numbers.iter().filter(|n| !n.2).collect();
    assert!(
        unsourced.is_empty(),
        "numbers without a source: {unsourced:?}"
    );
    let known: BTreeSet<&str> = numbers.iter().map(|n| n.0.as_str()).collect();

    let (_tmp, out) = crate::util::build_bundled();
    let mut links = 0;
    let mut strangers = Vec::new();
    for page in files(&out, ".html") {
        let html = std::fs::read_to_string(&page).unwrap();
        for (i, _) in html.match_indices("href=") {
            let value = html[i + 5..].trim_start_matches('"');
            let Some(number) = value.strip_prefix("tel:") else {
                continue;
            };
            let number: String = number
                .chars()
                .take_while(|c| !matches!(c, '"' | '>' | ' '))
                .collect();
            links += 1;
            if !known.contains(digits(&number).as_str()) {
                strangers.push(format!("{}: tel:{number}", page.display()));
            }
        }
    }
    assert!(links > 100, "only {links} tel: links");
    assert!(strangers.is_empty(), "numbers not in data/: {strangers:?}");
}

#[test]
fn no_page_or_template_writes_a_number_of_its_own() {
    let numbers = data_numbers();
    let known: BTreeSet<&str> = numbers.iter().map(|n| n.0.as_str()).collect();
    let mut found = Vec::new();
    for page in files(&repo().join("content"), ".md") {
        let text = std::fs::read_to_string(&page).unwrap();
        let shown = page.strip_prefix(repo()).unwrap().display().to_string();
        if text.contains("tel:") {
            found.push(format!("{shown}: a tel: link"));
        }
        // A page printed as a PDF from its own Markdown (`print:` in its front matter: a
        // handout or an Easy Read page) writes its numbers as text, since the PDF writer has
        // no `number()` component: they must be numbers of data/ all the same.
        let printed = text
            .split("\n---")
            .next()
            .is_some_and(|front| front.lines().any(|l| l.starts_with("print:")));
        for run in digit_runs(&text) {
            let phone_like = run.starts_with('0') && run.len() >= 10;
            if (known.contains(run.as_str()) && !printed)
                || (phone_like && !known.contains(run.as_str()))
            {
                found.push(format!("{shown}: {run}"));
            }
        }
    }
    for dir in ["templates", "themes/default/templates"] {
        for template in files(&repo().join(dir), ".html") {
            let text = without_comments(&std::fs::read_to_string(&template).unwrap());
            let shown = template.strip_prefix(repo()).unwrap().display().to_string();
            let tel_links = text.matches("tel:").count();
            let from_data = text.matches("tel:{{").count();
            if tel_links != from_data {
                found.push(format!("{shown}: a tel: link to a written number"));
            }
            for run in digit_runs(&text) {
                if known.contains(run.as_str()) || (run.starts_with('0') && run.len() >= 10) {
                    found.push(format!("{shown}: {run}"));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "numbers written in pages or templates: {found:#?}"
    );
}
