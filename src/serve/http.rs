//! The HTTP side: serves only the files of the built site, from memory. A request path never
//! touches the filesystem, and anything that could name a file outside the site is refused.
//! Only requests for this server's own address are answered ([`own_host`]): a web page open
//! in the editor's browser cannot use DNS rebinding (its own name pointed at 127.0.0.1) to
//! read the preview, its drafts or the error box.

use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, RwLock};

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use tokio::sync::broadcast;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::BroadcastStream;

use super::live::Files;
use super::reload::{self, Signal};

/// What is being served: a whole, consistent build, swapped in only after a rebuild finished.
#[derive(Debug, Default)]
pub struct Snapshot {
    pub files: Arc<Files>,
    /// The error overlay's markup while the last rebuild failed.
    pub overlay: Option<String>,
    /// While a template edit's background pass runs: the pages rendered from the new
    /// templates so far, and how to ask for the others (`files` are the last build's).
    pub pending: Option<Arc<super::pending::Pending>>,
}

/// Shown, with the error box, while the site has never built.
const EMPTY_PAGE: &str = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>The site could not be built</title></head><body></body></html>";

/// Shared by every request.
#[derive(Clone)]
pub struct AppState {
    pub snapshot: Arc<RwLock<Arc<Snapshot>>>,
    pub signals: broadcast::Sender<Signal>,
    /// The address the server listens on: the only one a request's Host may name.
    pub addr: SocketAddr,
    /// The editor at `/admin/`, when it is on (src/serve/cms/).
    pub cms: Option<Arc<super::cms::Cms>>,
    /// The pages readers look at, rendered first after a template edit.
    pub readers: Arc<super::pending::Readers>,
}

impl AppState {
    pub(super) fn current(&self) -> Arc<Snapshot> {
        match self.snapshot.read() {
            Ok(s) => s.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }
}

/// The router: every path goes to [`handle`].
pub fn router(state: AppState) -> axum::Router {
    let router = axum::Router::new();
    let router = if state.cms.is_some() {
        router.route(
            crate::cms::API_PATH,
            axum::routing::post(cms_post)
                .layer(axum::extract::DefaultBodyLimit::max(super::cms::MAX_BODY)),
        )
    } else {
        router
    };
    router.fallback(handle).with_state(state)
}

/// The editor's backend (src/serve/cms/api.rs), for this server's own address only.
async fn cms_post(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("")
        .to_string();
    let Some(cms) = state.cms.clone().filter(|_| own_host(&host, state.addr)) else {
        return text(
            StatusCode::MISDIRECTED_REQUEST,
            "this preview answers only at its own address",
            false,
        );
    };
    let reply = tokio::task::spawn_blocking(move || cms.post(&host, &headers, &body)).await;
    match reply {
        Ok(r) => cms_response(r, false),
        Err(_) => text(
            StatusCode::INTERNAL_SERVER_ERROR,
            "the editor's backend failed",
            false,
        ),
    }
}

fn cms_response(r: super::cms::Reply, head: bool) -> Response {
    let mut response = respond(r.status, r.content_type, r.body, head);
    super::cms::headers(response.headers_mut());
    response
}

/// A request path as a file of the site: `(file, asked for a folder)`, or `None` when the path
/// is refused (`..`, `.`, empty segments, backslashes, NUL, encoded `.`, `/`, `\` or NUL, or
/// bytes that are not UTF-8).
pub fn site_file(raw: &str) -> Option<(String, bool)> {
    let rest = raw.strip_prefix('/')?;
    let lower = rest.to_ascii_lowercase();
    if rest.contains(['\\', '\0'])
        || ["%2e", "%2f", "%5c", "%00"]
            .iter()
            .any(|bad| lower.contains(bad))
    {
        return None;
    }
    let decoded = percent_decode(rest)?;
    if decoded.contains(['\\', '\0']) {
        return None;
    }
    let segments: Vec<&str> = decoded.split('/').collect();
    let last = segments.len() - 1;
    for (i, s) in segments.iter().enumerate() {
        if *s == "." || *s == ".." || (s.is_empty() && i != last) {
            return None;
        }
    }
    if decoded.is_empty() || decoded.ends_with('/') {
        Some((format!("{decoded}index.html"), true))
    } else {
        Some((decoded, false))
    }
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The content type of a file of the site.
pub fn content_type(file: &str) -> String {
    let mime = mime_guess::from_path(file).first_or_octet_stream();
    let text = mime.type_() == mime_guess::mime::TEXT
        || matches!(
            mime.subtype().as_str(),
            "javascript" | "json" | "xml" | "atom+xml"
        );
    if text {
        format!("{mime}; charset=utf-8")
    } else {
        mime.to_string()
    }
}

fn respond(status: StatusCode, ctype: &str, body: Vec<u8>, head: bool) -> Response {
    let mut r = if head {
        Response::new(Body::empty())
    } else {
        Response::new(Body::from(body))
    };
    *r.status_mut() = status;
    let h = r.headers_mut();
    if let Ok(v) = HeaderValue::from_str(ctype) {
        h.insert(header::CONTENT_TYPE, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    // No other site may frame the preview, embed its files, or learn its addresses.
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("frame-ancestors 'none'"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(
        header::HeaderName::from_static("cross-origin-resource-policy"),
        HeaderValue::from_static("same-origin"),
    );
    r
}

fn text(status: StatusCode, message: &str, head: bool) -> Response {
    respond(
        status,
        "text/plain; charset=utf-8",
        message.as_bytes().to_vec(),
        head,
    )
}

/// A file of the site, with the live-reload script (and the overlay) in HTML pages.
async fn file_response(
    state: &AppState,
    file: &str,
    status: StatusCode,
    head: bool,
) -> (Arc<Snapshot>, Option<Response>) {
    let (snap, bytes) = super::pending::find(state, file).await;
    let Some(bytes) = bytes else {
        return (snap, None);
    };
    let ctype = content_type(file);
    let body = if ctype.starts_with("text/html") {
        if status == StatusCode::OK {
            state.readers.asked(file);
        }
        reload::inject(&bytes, snap.overlay.as_deref())
    } else {
        bytes.to_vec()
    };
    (snap, Some(respond(status, &ctype, body, head)))
}

/// Does a request's Host header (`host[:port]`) name this server, listening on `addr`? The
/// port must be the server's; the name 127.0.0.1 (any loopback address), `localhost`, `[::1]`
/// or the address bound (any IP address when bound to all of them, `0.0.0.0` or `::`). A
/// name that is not an IP address (`evil.example`) is refused: DNS can point it anywhere.
pub fn own_host(host: &str, addr: SocketAddr) -> bool {
    let host = host.trim();
    let (name, port) = if let Some(rest) = host.strip_prefix('[') {
        let Some((inner, after)) = rest.split_once(']') else {
            return false;
        };
        (inner, after.strip_prefix(':'))
    } else {
        match host.rsplit_once(':') {
            Some((n, p)) => (n, Some(p)),
            None => (host, None),
        }
    };
    let port = match port {
        Some(p) => p.parse::<u16>().ok(),
        None => Some(80),
    };
    if port != Some(addr.port()) {
        return false;
    }
    let name = name.strip_suffix('.').unwrap_or(name).to_ascii_lowercase();
    if name == "localhost" {
        return true;
    }
    match name.parse::<IpAddr>() {
        Ok(ip) => ip.is_loopback() || ip == addr.ip() || addr.ip().is_unspecified(),
        Err(_) => false,
    }
}

async fn handle(
    State(state): State<AppState>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let head = method == Method::HEAD;
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    if !own_host(host, state.addr) {
        let shown = if state.addr.ip().is_unspecified() {
            format!("127.0.0.1:{}", state.addr.port())
        } else {
            state.addr.to_string()
        };
        return text(
            StatusCode::MISDIRECTED_REQUEST,
            &format!(
                "this preview answers only at its own address, http://{shown}/ (the request was for another host)"
            ),
            head,
        );
    }
    if method != Method::GET && !head {
        return text(
            StatusCode::METHOD_NOT_ALLOWED,
            "only GET and HEAD are served",
            head,
        );
    }
    let raw = uri.path();
    if let Some(cms) = &state.cms
        && (raw == "/admin" || raw.starts_with("/admin/"))
    {
        if site_file(raw).is_none() {
            return text(StatusCode::BAD_REQUEST, "this address is not allowed", head);
        }
        let css: Vec<String> = {
            let snap = state.current();
            let mut css: Vec<String> = snap
                .files
                .keys()
                .filter(|f| f.starts_with("css/") && f.ends_with(".css"))
                .map(|f| format!("/{f}"))
                .collect();
            css.sort();
            css
        };
        let (cms, raw, host) = (cms.clone(), raw.to_string(), host.to_string());
        return match tokio::task::spawn_blocking(move || cms.get(&raw, &host, css)).await {
            Ok(r) => cms_response(r, head),
            Err(_) => text(StatusCode::INTERNAL_SERVER_ERROR, "the editor failed", head),
        };
    }
    match raw {
        reload::EVENTS_PATH => return events(&state, uri.query()).into_response(),
        reload::SCRIPT_PATH => {
            return respond(
                StatusCode::OK,
                "text/javascript; charset=utf-8",
                reload::SCRIPT.as_bytes().to_vec(),
                head,
            );
        }
        reload::OVERLAY_CSS_PATH => {
            return respond(
                StatusCode::OK,
                "text/css; charset=utf-8",
                super::overlay::CSS.as_bytes().to_vec(),
                head,
            );
        }
        _ => {}
    }
    let Some((file, folder)) = site_file(raw) else {
        return text(StatusCode::BAD_REQUEST, "this address is not allowed", head);
    };
    let (snap, found) = file_response(&state, &file, StatusCode::OK, head).await;
    if let Some(r) = found {
        return r;
    }
    if !folder
        && snap
            .files
            .contains_key(format!("{file}/index.html").as_str())
    {
        let mut r = text(StatusCode::MOVED_PERMANENTLY, "", head);
        if let Ok(v) = HeaderValue::from_str(&format!("{raw}/")) {
            r.headers_mut().insert(header::LOCATION, v);
        }
        return r;
    }
    let (snap, found) = file_response(&state, "404.html", StatusCode::NOT_FOUND, head).await;
    if let Some(r) = found {
        return r;
    }
    match &snap.overlay {
        // The site has not built yet: a bare page with the error box.
        Some(overlay) => respond(
            StatusCode::SERVICE_UNAVAILABLE,
            "text/html; charset=utf-8",
            reload::inject(EMPTY_PAGE.as_bytes(), Some(overlay)),
            head,
        ),
        None => text(StatusCode::NOT_FOUND, "page not found", head),
    }
}

/// The live-reload stream of the page `?page=/x/y/` (counted as open while the stream is).
fn events(
    state: &AppState,
    query: Option<&str>,
) -> Sse<impl tokio_stream::Stream<Item = Result<Event, Infallible>> + use<>> {
    let page = query
        .and_then(|q| q.split('&').find_map(|kv| kv.strip_prefix("page=")))
        .and_then(percent_decode)
        .and_then(|path| site_file(&path))
        .map(|(file, _)| state.readers.open(file));
    let stream = BroadcastStream::new(state.signals.subscribe())
        .filter_map(Result::ok)
        .take_while(|s| *s != Signal::Bye)
        .map(move |s| {
            let _reading = &page;
            Ok(Event::default().data(s.data()))
        });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_paths_to_files() {
        assert_eq!(site_file("/"), Some(("index.html".into(), true)));
        assert_eq!(site_file("/a/b/"), Some(("a/b/index.html".into(), true)));
        assert_eq!(site_file("/a/b"), Some(("a/b".into(), false)));
        assert_eq!(
            site_file("/my%20file.pdf"),
            Some(("my file.pdf".into(), false))
        );
    }

    #[test]
    fn refuses_escapes() {
        for bad in [
            "/../etc/passwd",
            "/a/../../b",
            "/%2e%2e/etc/passwd",
            "/%2E%2E/x",
            "/a%2fb",
            "/a%5c..%5cb",
            "/a\\b",
            "//etc/passwd",
            "/./a",
            "/a%00b",
            "etc/passwd",
            "/%ff",
            "/%zz",
        ] {
            assert_eq!(site_file(bad), None, "{bad}");
        }
    }

    #[test]
    fn only_the_own_address_is_served() {
        let local: SocketAddr = "127.0.0.1:1111".parse().unwrap();
        for ok in [
            "127.0.0.1:1111",
            "localhost:1111",
            "LOCALHOST.:1111",
            "[::1]:1111",
        ] {
            assert!(own_host(ok, local), "{ok}");
        }
        for bad in [
            "evil.example:1111",
            "evil.example",
            "127.0.0.1",
            "127.0.0.1:2222",
            "localhost.evil.example:1111",
            "",
            "[::1",
            "192.168.1.5:1111",
        ] {
            assert!(!own_host(bad, local), "{bad}");
        }
        let lan: SocketAddr = "192.168.1.5:1111".parse().unwrap();
        assert!(own_host("192.168.1.5:1111", lan));
        assert!(!own_host("evil.example:1111", lan));
        let all: SocketAddr = "0.0.0.0:80".parse().unwrap();
        assert!(own_host("10.0.0.7", all));
        assert!(!own_host("evil.example", all));
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("css/site.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("img/a.png"), "image/png");
        assert_eq!(content_type("noext"), "application/octet-stream");
    }
}
