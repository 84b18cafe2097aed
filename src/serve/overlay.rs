//! The error overlay: shown on every page while the last rebuild failed, with the same
//! plain-English messages as the terminal. Injected only by `serve`, never into `build` output.

use crate::util::html::escape;

/// The overlay's markup for a failed rebuild's messages (as the terminal shows them).
pub fn markup(messages: &str) -> String {
    format!(
        concat!(
            "<link rel=\"stylesheet\" href=\"{css}\">",
            "<div id=\"placard-overlay\" class=\"placard-overlay\" role=\"alertdialog\" ",
            "aria-modal=\"true\" aria-labelledby=\"placard-overlay-title\" ",
            "aria-describedby=\"placard-overlay-text\" tabindex=\"-1\">",
            "<div class=\"placard-overlay__box\">",
            "<h2 id=\"placard-overlay-title\">The site could not be updated</h2>",
            "<p id=\"placard-overlay-text\">You are seeing the last version that worked. ",
            "Fix the problem below and save the file: this page updates by itself.</p>",
            "<pre class=\"placard-overlay__errors\">{messages}</pre>",
            "</div></div>"
        ),
        css = super::reload::OVERLAY_CSS_PATH,
        messages = escape(messages.trim_end())
    )
}

/// The overlay's stylesheet: high contrast, readable on a 375 px screen.
pub const CSS: &str = "\
.placard-overlay{position:fixed;inset:0;z-index:2147483647;overflow:auto;\
background:rgba(0,0,0,.85);padding:1rem;box-sizing:border-box}\
.placard-overlay__box{max-width:60rem;margin:0 auto;background:#fff;color:#000;\
border:4px solid #b00020;padding:1rem;font:1rem/1.5 system-ui,sans-serif}\
.placard-overlay h2{margin:0 0 .5rem;font-size:1.4rem;color:#000}\
.placard-overlay__errors{white-space:pre-wrap;overflow-wrap:anywhere;margin:0;\
font:.95rem/1.45 ui-monospace,monospace;background:#f3f3f3;color:#000;padding:.75rem}\
.placard-overlay:focus{outline:4px solid #ffbf47}\
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_messages() {
        let m = markup("error: <script> in content/a.md:2:1");
        assert!(m.contains("&lt;script&gt;"));
        assert!(m.contains("role=\"alertdialog\""));
        assert!(!m.contains("<script>"));
    }
}
