//! Sorting changed files into the least work that rebuilds the site correctly.

use std::path::{Component, Path, PathBuf};

/// What a batch of changes needs, from least to most work.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Plan {
    /// Only static files changed: copy them (or re-render, if their addresses change).
    Static(Vec<PathBuf>),
    /// Markdown under content/: re-render those pages if only their text changed.
    Pages(Vec<PathBuf>),
    /// Templates, translations or static files whose addresses pages use: render every page
    /// again, keeping the content as it is.
    Templates,
    /// Configuration, data, bundles, components, or anything else: build everything again.
    Full,
}

/// What one changed file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Static,
    Page,
    Templates,
    Full,
}

/// Is this the name of an editor's temporary, backup or swap file?
pub fn is_scratch(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return true;
    };
    name.starts_with('.')
        || name.starts_with('#')
        || name.starts_with(".#")
        || name.ends_with('~')
        || name == "4913"
        || [
            ".swp",
            ".swx",
            ".swo",
            ".tmp",
            ".temp",
            ".bak",
            ".orig",
            ".part",
            ".crdownload",
            ".kate-swp",
            "___jb_tmp___",
            "___jb_old___",
        ]
        .iter()
        .any(|s| name.ends_with(s))
}

/// The kind of a path relative to the site's root, or `None` if the site does not use it.
fn kind(rel: &Path, theme: &str) -> Option<Kind> {
    if is_scratch(rel) {
        return None;
    }
    let parts: Vec<&str> = rel
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => s.to_str(),
            _ => None,
        })
        .collect();
    // Hidden folders (.git, editors' own) are never part of the site.
    if parts.iter().any(|p| p.starts_with('.')) {
        return None;
    }
    let in_theme = |kind: &str| {
        parts.len() > 3 && parts[0] == "themes" && parts[1] == theme && parts[2] == kind
    };
    match parts.as_slice() {
        ["placard.yaml"] => Some(Kind::Full),
        ["data", ..] => Some(Kind::Full),
        ["content", .., last] if last.ends_with(".md") => Some(Kind::Page),
        ["content", ..] => Some(Kind::Full),
        ["templates", "components", ..] => Some(Kind::Full),
        ["templates", ..] | ["i18n", ..] => Some(Kind::Templates),
        ["static", ..] => Some(Kind::Static),
        _ if in_theme("templates") && parts[3] == "components" => Some(Kind::Full),
        _ if in_theme("templates") || in_theme("i18n") => Some(Kind::Templates),
        _ if in_theme("static") => Some(Kind::Static),
        _ => None,
    }
}

/// The plan for paths relative to the site's root (`None`: nothing the site uses changed).
pub fn plan(changed: &[PathBuf], theme: &str) -> Option<Plan> {
    let mut worst: Option<Kind> = None;
    let mut statics = Vec::new();
    let mut pages = Vec::new();
    for rel in changed {
        let Some(k) = kind(rel, theme) else { continue };
        match k {
            Kind::Static => statics.push(rel.clone()),
            Kind::Page => pages.push(rel.clone()),
            _ => {}
        }
        worst = Some(match (worst, k) {
            (None, k) => k,
            (Some(Kind::Full), _) | (_, Kind::Full) => Kind::Full,
            // A page's text with templates or static files: rendering again with new templates
            // keeps the content as it was, so the page's edit needs everything built again.
            (Some(Kind::Page), b) | (Some(b), Kind::Page) if b != Kind::Page => Kind::Full,
            (Some(Kind::Templates), _) | (_, Kind::Templates) => Kind::Templates,
            (Some(a), _) => a,
        });
    }
    Some(match worst? {
        Kind::Static => Plan::Static(statics),
        Kind::Page => Plan::Pages(pages),
        Kind::Templates => Plan::Templates,
        Kind::Full => Plan::Full,
    })
}

/// Are the changes only templates and translations (so no static file or page changed)?
pub fn only_templates(changed: &[PathBuf], theme: &str) -> bool {
    let kinds: Vec<Kind> = changed.iter().filter_map(|p| kind(p, theme)).collect();
    !kinds.is_empty() && kinds.iter().all(|k| *k == Kind::Templates)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(paths: &[&str]) -> Option<Plan> {
        let v: Vec<PathBuf> = paths.iter().map(PathBuf::from).collect();
        plan(&v, "default")
    }

    #[test]
    fn sorts_changes() {
        assert_eq!(
            p(&["content/a.md"]),
            Some(Plan::Pages(vec!["content/a.md".into()]))
        );
        assert_eq!(p(&["templates/page.html"]), Some(Plan::Templates));
        assert_eq!(
            p(&["themes/default/templates/base.html"]),
            Some(Plan::Templates)
        );
        assert_eq!(p(&["themes/other/templates/base.html"]), None);
        assert_eq!(p(&["templates/components/signs.html"]), Some(Plan::Full));
        assert_eq!(
            p(&["static/a.png"]),
            Some(Plan::Static(vec!["static/a.png".into()]))
        );
        assert_eq!(p(&["placard.yaml", "content/a.md"]), Some(Plan::Full));
        assert_eq!(p(&["data/districts.yaml"]), Some(Plan::Full));
        assert_eq!(p(&["content/a/photo.jpg"]), Some(Plan::Full));
        assert_eq!(p(&["content/a.md", "static/x.css"]), Some(Plan::Full));
        assert_eq!(
            p(&["templates/page.html", "content/a.md"]),
            Some(Plan::Full)
        );
        assert_eq!(
            p(&["templates/page.html", "static/x.css"]),
            Some(Plan::Templates)
        );
        assert_eq!(p(&["public/index.html", "README.md"]), None);
    }

    #[test]
    fn only_templates_means_no_page_or_static_file() {
        let v = |paths: &[&str]| paths.iter().map(PathBuf::from).collect::<Vec<_>>();
        assert!(only_templates(&v(&["templates/page.html"]), "default"));
        assert!(only_templates(
            &v(&["i18n/en.yaml", "templates/page.html~"]),
            "default"
        ));
        assert!(!only_templates(
            &v(&["templates/page.html", "static/x.css"]),
            "default"
        ));
        assert!(!only_templates(&v(&["content/a.md"]), "default"));
        assert!(!only_templates(&v(&["README.md"]), "default"));
    }

    #[test]
    fn ignores_editor_files() {
        for f in [
            "content/.a.md.swp",
            "content/a.md~",
            "content/#a.md#",
            "content/.#a.md",
            "content/4913",
            "templates/page.html.tmp",
            "content/.git/x.md",
        ] {
            assert_eq!(p(&[f]), None, "{f}");
        }
    }
}
