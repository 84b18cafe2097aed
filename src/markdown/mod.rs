//! The Markdown stage: pulldown-cmark events to HTML, with heading ids, a table of contents,
//! internal links (`@/x.md#anchor`) and components.
//!
//! Two passes over the page, both linear: `scan` finds the component calls in the text events
//! of the page as written and masks them; `events` parses the masked page and renders it,
//! putting each component's HTML where its mask comes back. A block component's body is part
//! of the same document, so reference links, footnotes and heading ids work inside it.

mod comments;
pub mod components;
mod events;
mod headings;
mod images;
mod rendered;
mod scan;

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::path::Path;

use pulldown_cmark::{Options, Parser, html};
use serde_json::{Map, Value};

use crate::error::{Diagnostic, line_col};
use crate::util::text::slugify;
use comments::SUMMARY_MARK;
pub use images::DECORATIVE;
pub use rendered::{AnchorLink, Documents, Heading, PlainLink, Rendered, Todo};

/// Why a component could not be rendered.
#[derive(Debug, Clone)]
pub enum ComponentError {
    /// There is no template `components/<name>.html`; the nearest name, if any.
    Unknown(Option<String>),
    /// The template failed (a missing argument, a wrong type...).
    Failed(String),
}

/// What the Markdown stage needs from the rest of the site.
pub trait Env: Sync {
    /// The URL of the page or section with this key (`x/y.md`), if there is one.
    fn url(&self, key: &str) -> Option<String>;
    /// The key a link to `key` goes to: the same language's translation when there is one.
    fn resolve_key(&self, key: &str) -> String {
        key.to_string()
    }
    /// The HTML to write at the end of a link to `key` when the page it goes to is in another
    /// language than this page (` <span class="link-lang">(in English)</span>` in this page's
    /// language), else `None`.
    fn fallback_note(&self, _key: &str) -> Option<String> {
        None
    }
    /// The nearest existing key, for a hint.
    fn suggest_key(&self, key: &str) -> Option<String>;
    /// Renders a component with its arguments and body (HTML).
    fn component(
        &self,
        name: &str,
        args: &Map<String, Value>,
        body: Option<&str>,
    ) -> Result<String, ComponentError>;
    /// Records a local image `src` written in the page (`alt: None` for a decorative one)
    /// and returns the HTML placeholder for its `<picture>`, or says why it cannot be found.
    fn image(
        &self,
        src: &str,
        alt: Option<String>,
        title: Option<String>,
    ) -> Result<String, String>;
}

/// The file being rendered.
pub struct Input<'a> {
    /// The file, relative to the site root, for messages.
    pub file: &'a Path,
    /// The whole file.
    pub text: &'a str,
    /// Where the Markdown starts in `text`.
    pub body_offset: usize,
    /// The page's permalink, for the table of contents.
    pub permalink: &'a str,
    /// Keep the text's line breaks (Easy Read: one sentence a line).
    pub line_breaks: bool,
}

/// The pulldown-cmark extensions placard turns on. Heading attributes are placard's own
/// (`headings.rs`): only `{#id .class}`.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
}

/// Renders a page's or section's Markdown.
pub fn render(input: &Input<'_>, env: &dyn Env) -> Result<Rendered, Vec<Diagnostic>> {
    let md = input.text.get(input.body_offset..).unwrap_or("");
    let scan = if scan::needed(md) {
        scan::scan(md)
    } else {
        scan::Scan::default()
    };
    let mut state = State {
        input,
        env,
        ids: scan.footnotes.iter().cloned().collect(),
        suffixes: HashMap::new(),
        rendered: Rendered::default(),
        headings: Vec::new(),
        problems: Vec::new(),
        footnotes: HashMap::new(),
        lines: Default::default(),
    };
    for e in &scan.errors {
        let d = state.diagnostic(state.at(e.offset), e.len, e.message.clone(), e.hint.clone());
        state.problems.push(d);
    }
    let masked = if scan.found.is_empty() {
        Cow::Borrowed(md)
    } else {
        Cow::Owned(scan::mask(md, &scan.found))
    };
    let html = state.pass(&masked, &scan.found, !scan.errors.is_empty());
    if !state.problems.is_empty() {
        return Err(state.problems);
    }
    let mut rendered = state.rendered;
    rendered.toc = build_toc(&state.headings, input.permalink);
    rendered.summary = memchr::memmem::find(html.as_bytes(), SUMMARY_MARK.as_bytes())
        .and_then(|i| html.get(..i))
        .map(|before| before.trim_end().to_string());
    // Held until the site is written, as one exactly sized copy shared with `page.content`.
    rendered.html = html.into();
    Ok(rendered)
}

/// Renders Markdown from a template (the `markdown` filter): no components, no link checks.
pub fn render_plain(text: &str, inline: bool) -> String {
    let mut out = String::new();
    html::push_html(&mut out, Parser::new_ext(text, options()));
    if inline {
        let t = out.trim();
        if let Some(inner) = t.strip_prefix("<p>").and_then(|t| t.strip_suffix("</p>"))
            && !inner.contains("<p>")
        {
            return inner.to_string();
        }
    }
    out
}

struct State<'a> {
    input: &'a Input<'a>,
    env: &'a dyn Env,
    ids: HashSet<String>,
    /// The next number to try after each id base, so many equal headings stay linear.
    suffixes: HashMap<String, usize>,
    rendered: Rendered,
    headings: Vec<(u8, String, String)>,
    problems: Vec<Diagnostic>,
    /// Footnote numbers by label, for the whole page (bodies included).
    footnotes: HashMap<String, usize>,
    /// Lines and columns of the places noted for the link check (links come in order).
    lines: crate::error::Lines,
}

impl State<'_> {
    fn diagnostic(&self, offset: usize, len: usize, message: String, hint: String) -> Diagnostic {
        let text = self.input.text;
        let (line, column) = line_col(text, offset);
        let len = text
            .get(offset..)
            .map_or(1, |t| t.chars().take(len).count());
        Diagnostic::new(self.input.file, message)
            .at(line, column)
            .len(len)
            .hint(hint)
            .source(text)
    }

    /// The offset in the file of an offset in the Markdown.
    fn at(&self, offset: usize) -> usize {
        self.input.body_offset + offset
    }

    fn unique_id(&mut self, base: String) -> String {
        let base = if base.is_empty() {
            "section".to_string()
        } else {
            base
        };
        let mut id = base.clone();
        let n = self.suffixes.entry(base.clone()).or_insert(1);
        while self.ids.contains(&id) {
            id = format!("{base}-{n}");
            *n += 1;
        }
        self.ids.insert(id.clone());
        self.rendered.ids.push(id.clone());
        id
    }

    /// Where `dest` is written, searching from `at` (the start of its link): first inside the
    /// link's own source (`at..end`, where an inline link has it; a short window, searched
    /// without setting up a searcher), then in the rest of the file (a reference's definition).
    fn offset_of(&self, dest: &str, at: usize, end: usize) -> usize {
        let text = self.input.text.as_bytes();
        let needle = dest.as_bytes();
        if needle.is_empty() {
            return at;
        }
        let window = text.get(at..end.min(text.len())).unwrap_or_default();
        // A long window (a link around pages of text) takes the searcher below instead.
        let found = (window.len() <= 1024)
            .then(|| window.windows(needle.len()).position(|w| w == needle))
            .flatten();
        if let Some(i) = found {
            return at + i;
        }
        text.get(at..)
            .and_then(|t| memchr::memmem::find(t, needle))
            .map_or(at, |i| at + i)
    }

    /// Notes a link to another page of the site written as a plain address (`/about/`,
    /// `../x/`, `#anchor`), which the build checks once every file is written. `@/` links
    /// are checked here; addresses with a scheme or a host are other websites.
    fn plain_link(&mut self, dest: &str, (at, end): (usize, usize)) {
        let dest = dest.trim();
        if dest.is_empty()
            || dest.starts_with("@/")
            || dest.starts_with("//")
            || crate::util::url::scheme(dest).is_some()
        {
            return;
        }
        let offset = self.offset_of(dest, at, end);
        let (line, column) = self.lines.at(self.input.text, offset);
        self.rendered.plain_links.push(rendered::PlainLink {
            url: dest.to_string(),
            line,
            column,
            len: dest.len(),
        });
    }

    fn internal_link(&mut self, dest: &str, at: usize) -> String {
        let target = &dest[2..];
        let (key, anchor) = match target.split_once('#') {
            Some((k, a)) => (k, Some(a)),
            None => (target, None),
        };
        match self.env.url(key) {
            Some(url) => {
                if let Some(anchor) = anchor {
                    let (line, column) = self.lines.at(self.input.text, at);
                    self.rendered.anchor_links.push(AnchorLink {
                        target: self.env.resolve_key(key),
                        anchor: anchor.to_string(),
                        line,
                        column,
                        len: dest.len(),
                    });
                    format!("{url}#{anchor}")
                } else {
                    url
                }
            }
            None => {
                let hint = match self.env.suggest_key(key) {
                    Some(s) => format!("did you mean `@/{s}`?"),
                    None => "write the path of a Markdown file under content/, such as @/report/_index.md".into(),
                };
                let offset = self.offset_of(dest, at, at);
                let d = self
                    .diagnostic(
                        offset,
                        dest.len(),
                        format!("the link `{dest}` points at no page"),
                        hint,
                    )
                    .code(crate::error::Code::LinkBroken);
                self.problems.push(d);
                String::from("#")
            }
        }
    }
}

/// Nests a flat list of headings into a tree.
fn build_toc(headings: &[(u8, String, String)], permalink: &str) -> Vec<Heading> {
    fn insert(list: &mut Vec<Heading>, h: Heading) {
        if let Some(last) = list.last_mut()
            && h.level > last.level
        {
            insert(&mut last.children, h);
            return;
        }
        list.push(h);
    }
    let mut toc = Vec::new();
    for (level, id, title) in headings {
        insert(
            &mut toc,
            Heading {
                level: *level,
                id: id.clone(),
                title: title.clone(),
                permalink: format!("{permalink}#{id}"),
                children: Vec::new(),
            },
        );
    }
    toc
}

#[cfg(test)]
mod tests {
    use super::*;

    struct TestEnv;
    impl Env for TestEnv {
        fn url(&self, key: &str) -> Option<String> {
            (key == "a.md").then(|| "/a/".to_string())
        }
        fn suggest_key(&self, _: &str) -> Option<String> {
            Some("a.md".into())
        }
        fn component(
            &self,
            name: &str,
            args: &Map<String, Value>,
            body: Option<&str>,
        ) -> Result<String, ComponentError> {
            match name {
                "box" => Ok(format!(
                    "<div class=\"box\" data-t=\"{}\">{}</div>",
                    args.get("t").and_then(Value::as_str).unwrap_or(""),
                    body.unwrap_or("")
                )),
                _ => Err(ComponentError::Unknown(Some("box".into()))),
            }
        }
        fn image(
            &self,
            src: &str,
            alt: Option<String>,
            _: Option<String>,
        ) -> Result<String, String> {
            match src {
                "missing.jpg" => Err("no such file".into()),
                _ => Ok(format!(
                    "[IMG {src} {}]",
                    alt.unwrap_or("DECORATIVE".into())
                )),
            }
        }
    }

    pub(super) fn go(body: &str) -> Result<Rendered, Vec<Diagnostic>> {
        let text = format!("---\ntitle: x\n---\n{body}");
        render(
            &Input {
                file: Path::new("content/p.md"),
                text: &text,
                body_offset: 16,
                permalink: "https://x.org/p/",
                line_breaks: false,
            },
            &TestEnv,
        )
    }

    #[test]
    fn headings_get_unique_ids_and_a_toc() {
        let r = go("# One\n## Two\n## Two\n# Three {#custom}\n").unwrap();
        assert!(r.html.contains("<h1 id=\"one\">One</h1>"), "{}", r.html);
        assert!(r.html.contains("<h2 id=\"two-1\">Two</h2>"), "{}", r.html);
        assert!(r.html.contains("id=\"custom\""), "{}", r.html);
        assert_eq!(r.toc.len(), 2);
        assert_eq!(r.toc[0].children.len(), 2);
        assert_eq!(r.toc[0].children[1].permalink, "https://x.org/p/#two-1");
    }

    #[test]
    fn internal_links_resolve_or_fail_with_line() {
        let r = go("See [a](@/a.md#top).\n").unwrap();
        assert!(r.html.contains("href=\"/a/#top\""), "{}", r.html);
        assert_eq!(r.anchor_links[0].anchor, "top");
        assert_eq!(r.anchor_links[0].line, 4);
        let e = go("\n\nSee [b](@/b.md).\n").unwrap_err();
        assert_eq!(e[0].line, 6);
        assert_eq!(e[0].column, 9);
        assert_eq!(e[0].hint.as_deref(), Some("did you mean `@/a.md`?"));
    }

    #[test]
    fn components_render_as_blocks_and_inline() {
        let r = go("{% box(t=\"T\") %}\n**bold**\n{% end %}\n\nText {{ box(t=\"i\") }} more\n")
            .unwrap();
        assert!(
            r.html
                .contains("<div class=\"box\" data-t=\"T\"><p><strong>bold</strong></p>\n</div>"),
            "{}",
            r.html
        );
        assert!(!r.html.contains("<p><div"), "{}", r.html);
        assert!(
            r.html
                .contains("<p>Text <div class=\"box\" data-t=\"i\"></div> more</p>"),
            "{}",
            r.html
        );
    }

    #[test]
    fn bodies_nest_and_calls_span_lines() {
        let r = go("{% box(t=\"a\") %}\n{% box(t=\"b\") %}\n> Say {{ box(t=\"c\",\n> n=1) }} now\n{% end %}\n{% end %}\n").unwrap();
        assert_eq!(
            r.html,
            "<div class=\"box\" data-t=\"a\"><div class=\"box\" data-t=\"b\"><blockquote>\n<p>Say <div class=\"box\" data-t=\"c\"></div> now</p>\n</blockquote>\n</div>\n</div>\n"
        );
    }

    #[test]
    fn a_body_may_be_a_table_without_blank_lines() {
        let r = go("{% box() %}\n| a |\n|---|\n| 1 |\n{% end %}\nAfter.\n").unwrap();
        assert!(
            r.html.starts_with("<div class=\"box\" data-t=\"\"><table>"),
            "{}",
            r.html
        );
        assert!(
            r.html.ends_with("</table>\n</div>\n<p>After.</p>\n"),
            "{}",
            r.html
        );
    }

    #[test]
    fn an_inline_call_alone_replaces_its_paragraph() {
        let r = go("{{ box(t=\"x\") }}\n\n- {{ box(t=\"y\") }}\n").unwrap();
        assert!(
            r.html
                .starts_with("<div class=\"box\" data-t=\"x\"></div>\n<ul>"),
            "{}",
            r.html
        );
        assert!(
            r.html
                .contains("<li><div class=\"box\" data-t=\"y\"></div></li>"),
            "{}",
            r.html
        );
    }

    #[test]
    fn component_errors_have_lines() {
        let e = go("para\n\n{{ nope(a=1) }}\n").unwrap_err();
        assert_eq!(e[0].line, 6);
        assert!(e[0].message.contains("nope"));
        let e = go("{% box() %}\nnever closed\n").unwrap_err();
        assert_eq!(e[0].line, 4);
    }

    #[test]
    fn comments_are_never_published() {
        let r = go("Text <!-- inline note --> here\n\n<!-- comms team:\nsecret\n-->\n\n<div>kept<!-- x --></div>\n").unwrap();
        assert!(
            !r.html.contains("note") && !r.html.contains("secret") && !r.html.contains("<!--"),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("Text  here") && r.html.contains("<div>kept</div>"),
            "{}",
            r.html
        );
    }

    #[test]
    fn summary_and_extensions() {
        let r = go("Intro\n\n<!-- more -->\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n~~x~~ [^1]\n\n[^1]: note\n\n- [x] done\n").unwrap();
        assert_eq!(r.summary.as_deref(), Some("<p>Intro</p>"));
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("<del>x</del>"));
        assert!(r.html.contains("footnote"));
        assert!(r.html.contains("checkbox"));
    }
}
