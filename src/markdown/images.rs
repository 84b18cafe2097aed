//! Markdown images: alternative text is required (or the decorative mark), local images become
//! placeholders for their `<picture>` (see `assets::images`), external ones stay as written.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::State;

/// The title that marks an image as decorative: `![](photo.jpg "decorative")`.
pub const DECORATIVE: &str = "decorative";

/// An image being read: its tag, where it starts (in the page's Markdown), and
/// its alternative text.
pub(super) struct Image<'a> {
    pub tag: Tag<'a>,
    pub at: usize,
    pub len: usize,
    pub alt: String,
    pub inner: Vec<Event<'a>>,
}

impl<'a> Image<'a> {
    /// Takes an event inside the image; at its end, returns the whole image.
    pub fn take(&mut self, event: Event<'a>) -> Option<Image<'a>> {
        match event {
            Event::End(TagEnd::Image) => {
                return Some(Image {
                    tag: self.tag.clone(),
                    at: self.at,
                    len: self.len,
                    alt: std::mem::take(&mut self.alt),
                    inner: std::mem::take(&mut self.inner),
                });
            }
            Event::Text(t) | Event::Code(t) => {
                self.alt.push_str(&t);
                self.inner.push(Event::Text(t));
            }
            Event::SoftBreak | Event::HardBreak => self.alt.push(' '),
            other => self.inner.push(other),
        }
        None
    }
}

impl State<'_> {
    /// An image: external ones stay as they are; local ones become a placeholder for their
    /// `<picture>`. Alternative text is required unless the title is `decorative`.
    pub(super) fn image<'e>(&mut self, img: Image<'e>) -> Vec<Event<'e>> {
        let Tag::Image {
            dest_url, title, ..
        } = &img.tag
        else {
            return Vec::new();
        };
        let at = self.at(img.at);
        let len = img.len.min(
            self.input
                .text
                .get(at..)
                .and_then(|t| t.find('\n'))
                .unwrap_or(img.len),
        );
        let decorative = title.trim().eq_ignore_ascii_case(DECORATIVE);
        let alt = img.alt.trim().to_string();
        if alt.is_empty() && !decorative {
            let d = self.diagnostic(
                at,
                len,
                format!("the image `{dest_url}` has no alternative text"),
                format!(
                    "describe it for people who cannot see it: ![A volunteer handing out leaflets]({dest_url}); \
                     if it is only decoration, mark it: ![]({dest_url} \"{DECORATIVE}\")"
                ),
            );
            self.problems.push(d);
            return Vec::new();
        }
        if let Some(why) = crate::util::text::placeholder_alt(&alt).filter(|_| !decorative) {
            let d = self.diagnostic(
                at,
                len,
                format!("the alternative text \"{alt}\" of the image `{dest_url}` {why}, so it does not describe the image"),
                format!(
                    "say what the image shows for people who cannot see it: ![A volunteer handing out leaflets]({dest_url})"
                ),
            );
            self.rendered.warnings.push(d);
        }
        if crate::util::url::passes_through(dest_url) {
            let mut out = vec![Event::Start(img.tag.clone())];
            out.extend(img.inner);
            out.push(Event::End(TagEnd::Image));
            return out;
        }
        let (alt, title) = if decorative {
            (None, None)
        } else {
            (Some(alt), (!title.is_empty()).then(|| title.to_string()))
        };
        match self.env.image(dest_url, alt, title) {
            Ok(token) => vec![Event::InlineHtml(CowStr::from(token))],
            Err(why) => {
                let d = self.diagnostic(
                    at,
                    len,
                    format!("the image `{dest_url}` cannot be found: {why}"),
                    "check the file name, or put the image beside the page (or under static/ and \
                     write a path starting with /)"
                        .into(),
                );
                self.problems.push(d);
                Vec::new()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::markdown::tests::go;

    #[test]
    fn images_need_alt_text_or_the_decorative_mark() {
        let r =
            go("![A poster](a.jpg) ![](b.jpg \"decorative\") ![x](https://x.org/c.png)\n").unwrap();
        assert!(r.html.contains("[IMG a.jpg A poster]"), "{}", r.html);
        assert!(r.html.contains("[IMG b.jpg DECORATIVE]"), "{}", r.html);
        assert!(
            r.html
                .contains("<img src=\"https://x.org/c.png\" alt=\"x\""),
            "{}",
            r.html
        );
        let e = go("Text\n\n![](photo.jpg)\n").unwrap_err();
        assert_eq!((e[0].line, e[0].column), (6, 1));
        assert!(
            e[0].message.contains("no alternative text"),
            "{}",
            e[0].message
        );
        let hint = e[0].hint.as_deref().unwrap_or("");
        assert!(
            hint.contains("\"decorative\"") && hint.contains("![A volunteer"),
            "{hint}"
        );
        let e = go("![A](missing.jpg)\n").unwrap_err();
        assert!(e[0].message.contains("cannot be found"), "{}", e[0].message);
    }
}
