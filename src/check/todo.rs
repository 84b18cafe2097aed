//! `todo`: the gaps a page still has for the site's team to fill. A page marks one with
//! `{{ todo(text="The name of the person who answers accessibility complaints") }}`, or gives
//! any component a `todo` argument (`{{ video(title="County Lines", todo="the film, its
//! captions and a transcript") }}`); each is reported at its line until it is removed.

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
