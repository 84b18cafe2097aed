//! The second Markdown pass: the masked page's events to HTML, with components in place.
//!
//! Every mask that `scan.rs` made must come back where it was put: an inline call as text
//! (outside code and images), a `{% ... %}` line as an HTML block of its own. A mask that comes
//! back anywhere else (a line that became code because of its indentation) is an error at the
//! call, so a mask can never reach the output. Bodies of block components are collected on an
//! explicit stack of frames (at most [`MAX_DEPTH`] deep): a body is the events between its
//! `{% name() %}` and `{% end %}` lines, which must be in the same container.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Parser, Tag, TagEnd, html};

use super::comments::{self, HtmlBlock};
use super::components::{Kind, MAX_DEPTH};
use super::headings;
use super::images::Image;
use super::scan::Found;
use super::{ComponentError, State, slugify};
use crate::util::html::escape_markdown;

struct Frame<'m> {
    /// The index of the opening call in the found calls.
    call: usize,
    /// Its name and offset, for messages.
    name: String,
    at: usize,
    events: Vec<Event<'m>>,
    /// How many tags were open at the opening line.
    depth: usize,
}

struct Walk<'m> {
    masked: &'m str,
    /// The next call to meet.
    next: usize,
    /// Inside an inline call's mask, until this offset.
    skip_to: Option<usize>,
    frames: Vec<Frame<'m>>,
    root: Vec<Event<'m>>,
    heading: Option<(Tag<'m>, Vec<Event<'m>>)>,
    image: Option<Image<'m>>,
    html_block: HtmlBlock,
    depth: usize,
    code: usize,
    /// A structural error was reported: components are no longer rendered.
    broken: bool,
    /// What to write before the open link's end: "(in English)" for a link to a page not
    /// translated into this page's language (links do not nest).
    link_note: Option<String>,
}

impl State<'_> {
    /// Renders the masked page to HTML.
    pub(super) fn pass(&mut self, masked: &str, found: &[Found], broken: bool) -> String {
        let mut w = Walk {
            masked,
            next: 0,
            skip_to: None,
            frames: Vec::new(),
            root: Vec::new(),
            heading: None,
            image: None,
            html_block: HtmlBlock::default(),
            depth: 0,
            code: 0,
            broken,
            link_note: None,
        };
        for (event, range) in Parser::new_ext(masked, super::options()).into_offset_iter() {
            let event = match event {
                Event::SoftBreak if self.input.line_breaks => Event::HardBreak,
                e => e,
            };
            self.step(&mut w, found, event, range);
        }
        while let Some(f) = found.get(w.next) {
            self.misread(f);
            w.next += 1;
        }
        if !w.broken {
            for frame in std::mem::take(&mut w.frames) {
                if let Some(f) = found.get(frame.call) {
                    let d = self.diagnostic(
                        self.at(f.call.start),
                        f.call.name.len() + 3,
                        format!("the component `{}` is not closed", f.call.name),
                        "add a line `{% end %}` after the component's text".into(),
                    );
                    self.problems.push(d);
                }
            }
        }
        let mut out = String::with_capacity(masked.len() * 3 / 2);
        html::push_html(&mut out, w.root.into_iter());
        out
    }

    fn step<'m>(&mut self, w: &mut Walk<'m>, found: &[Found], event: Event<'m>, r: Range<usize>) {
        if !matches!(event, Event::Start(_) | Event::End(_)) {
            if let Some(end) = w.skip_to {
                if r.start < end {
                    if matches!(event, Event::Text(_)) && r.end > end {
                        w.skip_to = None;
                        self.text(w, found, end, r.end);
                    }
                    return;
                }
                w.skip_to = None;
            }
            while let Some(f) = found.get(w.next).filter(|f| f.call.end <= r.start) {
                self.misread(f);
                w.next += 1;
            }
            if let Some(f) = found.get(w.next).filter(|f| f.call.start < r.end) {
                let source = w.masked.get(r.clone());
                match (&event, f.call.kind) {
                    (Event::Text(t), Kind::Inline)
                        if w.code == 0 && w.image.is_none() && Some(&**t) == source =>
                    {
                        self.text(w, found, r.start, r.end);
                        return;
                    }
                    (Event::Html(t), Kind::Open | Kind::End)
                        if Some(t.trim()) == w.masked.get(f.call.start..f.call.end) =>
                    {
                        w.next += 1;
                        self.block_line(w, found, w.next - 1);
                        return;
                    }
                    _ => {
                        self.misread(f);
                        w.next += 1;
                    }
                }
            }
        }
        self.event(w, event, r);
    }

    /// The text from `start` to `end` of the masked page, its inline calls rendered.
    fn text<'m>(&mut self, w: &mut Walk<'m>, found: &[Found], mut start: usize, end: usize) {
        let masked = w.masked;
        while start < end {
            let Some(f) = found
                .get(w.next)
                .filter(|f| f.call.kind == Kind::Inline && (start..end).contains(&f.call.start))
            else {
                break;
            };
            if f.call.start > start {
                let t = &masked[start..f.call.start];
                self.event(w, Event::Text(CowStr::Borrowed(t)), start..f.call.start);
            }
            w.next += 1;
            let html = self.component(f, None);
            if !w.broken {
                let ev = if f.alone {
                    Event::Html(CowStr::from(format!("{html}\n")))
                } else {
                    Event::InlineHtml(CowStr::from(html))
                };
                push(w, ev);
            }
            if f.call.end > end {
                w.skip_to = Some(f.call.end);
                return;
            }
            start = f.call.end;
        }
        if start < end {
            let t = &masked[start..end];
            self.event(w, Event::Text(CowStr::Borrowed(t)), start..end);
        }
    }

    /// A `{% name() %}` or `{% end %}` line.
    fn block_line(&mut self, w: &mut Walk<'_>, found: &[Found], index: usize) {
        let Some(f) = found.get(index) else {
            return;
        };
        if w.broken {
            return;
        }
        let problem = match f.call.kind {
            Kind::Open if w.frames.len() >= MAX_DEPTH => Some((
                format!("components are nested more than {MAX_DEPTH} deep"),
                "close some components with `{% end %}` before opening more",
            )),
            Kind::Open => {
                w.frames.push(Frame {
                    call: index,
                    name: f.call.name.clone(),
                    at: f.call.start,
                    events: Vec::new(),
                    depth: w.depth,
                });
                None
            }
            _ => match w.frames.pop() {
                None => Some((
                    "`{% end %}` without a component to close".to_string(),
                    "remove it, or open the component above with `{% name(...) %}`",
                )),
                Some(frame) if frame.depth != w.depth => Some((
                    "this `{% end %}` is not in the same list item or quote as the line that opened its component".to_string(),
                    "indent the `{% end %}` line like the `{% name(...) %}` line",
                )),
                Some(frame) => {
                    let mut body = String::new();
                    html::push_html(&mut body, frame.events.into_iter());
                    let html = match found.get(frame.call) {
                        Some(open) => self.component(open, Some(&body)),
                        None => String::new(),
                    };
                    push(w, Event::Html(CowStr::from(format!("{html}\n"))));
                    None
                }
            },
        };
        if let Some((message, hint)) = problem {
            let d = self.diagnostic(self.at(f.call.start), 2, message, hint.into());
            self.problems.push(d);
            w.broken = true;
        }
    }

    /// A mask that Markdown read as something other than text or a line of its own.
    fn misread(&mut self, f: &Found) {
        let what = match f.call.kind {
            Kind::End => "`{% end %}`".to_string(),
            _ => format!("the component `{}`", f.call.name),
        };
        let d = self.diagnostic(
            self.at(f.call.start),
            2,
            format!("{what} is read by Markdown as code here, not as a component"),
            "a line indented by 4 spaces or more after a component line is code: indent it \
             less; in a list or quote, line it up with the item's text"
                .into(),
        );
        self.problems.push(d);
    }

    /// Records a placeholder: a `todo(text=...)` call, or any call with a `todo` argument.
    fn note_todo(&mut self, f: &Found) {
        let args = &f.call.args;
        let text = match (f.call.name.as_str(), args.get("todo")) {
            (_, Some(t)) => t,
            ("todo", None) => match args.get("text") {
                Some(t) => t,
                None => return,
            },
            _ => return,
        };
        let text = text
            .as_str()
            .map_or_else(|| text.to_string(), str::to_string);
        let at = self.at(f.call.start);
        let (line, column) = self.lines.at(self.input.text, at);
        self.rendered.todos.push(super::rendered::Todo {
            text,
            component: f.call.name.clone(),
            line,
            column,
        });
    }

    /// Renders a call (its body's HTML given), or records why it cannot be.
    fn component(&mut self, f: &Found, body: Option<&str>) -> String {
        let name = &f.call.name;
        if let Err((message, hint)) = super::components::check_args(&f.call.args) {
            let message = format!("the component `{name}` has a wrong argument: {message}");
            let d = self.diagnostic(self.at(f.call.start), name.len() + 3, message, hint);
            self.problems.push(d);
            return String::new();
        }
        self.note_todo(f);
        let err = match self.env.component(name, &f.call.args, body) {
            Ok(h) => return h,
            Err(e) => e,
        };
        let (message, hint) = match err {
            ComponentError::Unknown(Some(s)) => (
                format!("there is no component `{name}`"),
                format!("did you mean `{s}`?"),
            ),
            ComponentError::Unknown(None) => (
                format!("there is no component `{name}`"),
                format!("add a template templates/components/{name}.html, or check the name"),
            ),
            ComponentError::Failed(m) => (
                format!("the component `{name}` could not be rendered: {m}"),
                "check the component's arguments: names, quotes and values".into(),
            ),
        };
        let d = self.diagnostic(self.at(f.call.start), name.len() + 3, message, hint);
        self.problems.push(d);
        String::new()
    }

    /// One event of the page (masks already handled).
    fn event<'m>(&mut self, w: &mut Walk<'m>, event: Event<'m>, r: Range<usize>) {
        match &event {
            Event::Start(Tag::HtmlBlock) => {
                w.html_block.reset();
                return;
            }
            Event::End(TagEnd::HtmlBlock) => return,
            Event::Start(Tag::CodeBlock(_)) => w.code += 1,
            Event::End(TagEnd::CodeBlock) => w.code = w.code.saturating_sub(1),
            _ => {}
        }
        match &event {
            Event::Start(_) => w.depth += 1,
            Event::End(_) => {
                w.depth = w.depth.saturating_sub(1);
                self.check_container(w);
            }
            _ => {}
        }
        if let Some(img) = w.image.as_mut() {
            if let Some(done) = img.take(event) {
                w.image = None;
                for ev in self.image(done) {
                    push(w, ev);
                }
            }
            return;
        }
        match event {
            Event::Start(tag @ Tag::Image { .. }) => {
                w.image = Some(Image {
                    tag,
                    at: r.start,
                    len: r.len(),
                    alt: String::new(),
                    inner: Vec::new(),
                });
            }
            Event::Start(tag @ Tag::Heading { .. }) => w.heading = Some((tag, Vec::new())),
            Event::End(TagEnd::Heading(level)) => self.heading_end(w, level),
            Event::End(TagEnd::Paragraph) if ends_with_block(target(w)) => {
                // An inline call alone in its paragraph: its HTML stands for the paragraph.
                let t = target(w);
                let at = t.len() - 2;
                t.remove(at);
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) if dest_url.starts_with("@/") => {
                let url = self.internal_link(&dest_url, self.at(r.start));
                let key = dest_url[2..].split('#').next().unwrap_or_default();
                w.link_note = self.env.fallback_note(key);
                let ev = Event::Start(Tag::Link {
                    link_type,
                    dest_url: CowStr::from(url),
                    title,
                    id,
                });
                push(w, ev);
            }
            Event::Start(Tag::Link { ref dest_url, .. }) => {
                self.plain_link(dest_url, (self.at(r.start), self.at(r.end)));
                push(w, event);
            }
            Event::End(TagEnd::Link) => {
                if let Some(note) = w.link_note.take() {
                    push(w, Event::InlineHtml(CowStr::from(note)));
                }
                push(w, event);
            }
            Event::Text(ref t) | Event::Code(ref t) => {
                self.rendered.word_count += crate::util::text::word_count(t);
                push(w, event);
            }
            Event::Html(h) => {
                let kept = w.html_block.strip(&h, w.frames.is_empty());
                if !kept.is_empty() {
                    push(w, Event::Html(CowStr::from(kept)));
                }
            }
            Event::InlineHtml(h) if comments::is_comment(&h) => {
                // Read as an HTML block of its own: what follows a bogus comment's first `>`
                // (`<![CDATA[>&<]]>`) is text to a browser, and stays.
                let kept = HtmlBlock::default().strip(&h, w.frames.is_empty());
                if !kept.is_empty() {
                    push(w, Event::InlineHtml(CowStr::from(kept)));
                }
            }
            Event::FootnoteReference(name) => {
                let n = self.footnote(&name);
                let label = escape_markdown(&name);
                let html =
                    format!("<sup class=\"footnote-reference\"><a href=\"#{label}\">{n}</a></sup>");
                push(w, Event::InlineHtml(CowStr::from(html)));
            }
            Event::Start(Tag::FootnoteDefinition(name)) => {
                let n = self.footnote(&name);
                let html = format!(
                    "<div class=\"footnote-definition\" id=\"{}\"><sup class=\"footnote-definition-label\">{n}</sup>",
                    escape_markdown(&name)
                );
                push(w, Event::Html(CowStr::from(html)));
            }
            Event::End(TagEnd::FootnoteDefinition) => push(w, Event::Html("</div>\n".into())),
            other => push(w, other),
        }
    }

    /// A container closed: it must not close while a component opened inside it is open.
    fn check_container(&mut self, w: &mut Walk<'_>) {
        let Some(frame) = w.frames.last().filter(|f| w.depth < f.depth && !w.broken) else {
            return;
        };
        let (at, name) = (self.at(frame.at), frame.name.clone());
        let d = self.diagnostic(
            at,
            name.len() + 3,
            format!("the component `{name}` is not closed inside its list item or quote"),
            "put its `{% end %}` line in the same list item or quote, indented like the line that opens it".into(),
        );
        self.problems.push(d);
        w.broken = true;
    }

    fn heading_end<'m>(&mut self, w: &mut Walk<'m>, level: HeadingLevel) {
        let Some((_, mut inner)) = w.heading.take() else {
            return;
        };
        let (id, classes) = headings::take_attributes(&mut inner);
        let title = headings::title(&inner);
        let id = self.unique_id(id.unwrap_or_else(|| slugify(&title)));
        self.headings.push((level as u8, id.clone(), title));
        let t = target(w);
        t.push(Event::Start(Tag::Heading {
            level,
            id: Some(CowStr::from(id)),
            classes: classes.into_iter().map(CowStr::from).collect(),
            attrs: Vec::new(),
        }));
        t.extend(inner);
        t.push(Event::End(TagEnd::Heading(level)));
    }

    /// The footnote number of `label`: the order in which labels are first met on the page.
    fn footnote(&mut self, label: &str) -> usize {
        let next = self.footnotes.len() + 1;
        *self.footnotes.entry(label.to_string()).or_insert(next)
    }
}

fn ends_with_block(events: &[Event<'_>]) -> bool {
    matches!(events, [.., Event::Start(Tag::Paragraph), Event::Html(_)])
}

/// Where events go now: the heading being read, the innermost body, or the page.
fn target<'w, 'm>(w: &'w mut Walk<'m>) -> &'w mut Vec<Event<'m>> {
    match w.frames.last_mut() {
        Some(frame) => &mut frame.events,
        None => &mut w.root,
    }
}

fn push<'m>(w: &mut Walk<'m>, ev: Event<'m>) {
    match w.heading.as_mut() {
        Some((_, inner)) => inner.push(ev),
        None => target(w).push(ev),
    }
}
