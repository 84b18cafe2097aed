//! Live reload: a small script, injected only by `serve`, that listens to Server-Sent Events
//! and reloads the page after a rebuild, or swaps the stylesheets when only CSS changed.

/// Where the script, the overlay's stylesheet and the event stream are served.
pub const SCRIPT_PATH: &str = "/_placard/live.js";
pub const OVERLAY_CSS_PATH: &str = "/_placard/overlay.css";
pub const EVENTS_PATH: &str = "/_placard/events";

/// What a rebuild tells open pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    /// Reload the page.
    Reload,
    /// Only stylesheets changed: swap them in place.
    Css,
    /// The server is stopping: close the stream.
    Bye,
}

impl Signal {
    /// The event's data.
    pub fn data(self) -> &'static str {
        match self {
            Signal::Reload => "reload",
            Signal::Css => "css",
            Signal::Bye => "bye",
        }
    }
}

/// The script. It makes no request to any other site.
pub const SCRIPT: &str = r#"(function () {
  "use strict";
  var overlay = document.getElementById("placard-overlay");
  if (overlay) { overlay.focus(); }
  function swapCss() {
    fetch(location.href, { cache: "no-store" }).then(function (r) { return r.text(); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html")
          .querySelectorAll('link[rel~="stylesheet"]');
        var old = document.querySelectorAll('link[rel~="stylesheet"]');
        if (fresh.length !== old.length) { location.reload(); return; }
        for (var i = 0; i < old.length; i++) {
          var href = fresh[i].getAttribute("href") || "";
          var sep = href.indexOf("?") < 0 ? "?" : "&";
          old[i].setAttribute("href", href + sep + "placard-reload=" + Date.now());
        }
      }).catch(function () { location.reload(); });
  }
  var events = new EventSource("/_placard/events?page=" + encodeURIComponent(location.pathname));
  events.onmessage = function (e) {
    if (e.data === "css" && !overlay) { swapCss(); }
    else if (e.data === "bye") { events.close(); }
    else { location.reload(); }
  };
})();
"#;

/// The tag added to every HTML page in `serve`.
pub fn script_tag() -> String {
    format!("<script src=\"{SCRIPT_PATH}\" defer></script>")
}

/// Adds the live-reload script, and the overlay when there is one, before `</body>` (or at the
/// end when a page has none).
pub fn inject(html: &[u8], overlay: Option<&str>) -> Vec<u8> {
    let extra = format!("{}{}", overlay.unwrap_or(""), script_tag());
    let at = find_last(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + extra.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(extra.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn find_last(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len())
        .rposition(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn injects_before_body_end() {
        let out = inject(b"<html><body><p>x</p></body></html>", None);
        let s = String::from_utf8(out).unwrap();
        assert!(
            s.ends_with(&format!("{}</body></html>", script_tag())),
            "{s}"
        );
        let out = inject(b"<p>no body</p>", Some("<div>o</div>"));
        assert!(
            String::from_utf8(out)
                .unwrap()
                .ends_with("</p><div>o</div><script src=\"/_placard/live.js\" defer></script>")
        );
    }
}
