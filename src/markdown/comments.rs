//! HTML comments in Markdown: comms teams' notes to each other, never published.

/// Marks the end of a page's summary; the one comment that is kept.
pub(super) const SUMMARY_MARK: &str = "<!-- more -->";

/// Removes HTML comments (comms teams' notes to each other must never be published), keeping
/// the `<!-- more -->` summary mark. A comment may span several raw HTML events.
#[derive(Default)]
pub(super) struct CommentStripper {
    in_comment: bool,
}

impl CommentStripper {
    pub(super) fn strip(&mut self, html: &str) -> String {
        let mut out = String::new();
        let mut rest = html;
        loop {
            if self.in_comment {
                match rest.find("-->") {
                    Some(i) => {
                        rest = &rest[i + 3..];
                        self.in_comment = false;
                    }
                    None => return out,
                }
            } else {
                match rest.find("<!--") {
                    Some(i) => {
                        out.push_str(&rest[..i]);
                        let after = &rest[i..];
                        if let Some(after_mark) = after.strip_prefix(SUMMARY_MARK) {
                            out.push_str(SUMMARY_MARK);
                            rest = after_mark;
                        } else {
                            rest = &after[4..];
                            self.in_comment = true;
                        }
                    }
                    None => {
                        out.push_str(rest);
                        return out;
                    }
                }
            }
        }
    }
}
