//! DNS rebinding: a web page open in the editor's browser points its own name
//! (`evil.example`) at 127.0.0.1 and reads the preview. `placard serve` answers only requests
//! whose Host is its own address, so that page gets 421 for pages and live reload alike.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use crate::serve::start;
use crate::util::Site;

/// The status line, body and head of a GET for `path` sent with `Host: host`.
fn get_as(addr: &str, host: &str, path: &str) -> (String, String, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nAccept: text/event-stream, */*\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    let mut buf = [0u8; 4096];
    // The live-reload stream never ends; the first chunk is enough to see its status.
    while let Ok(n) = s.read(&mut buf) {
        if n == 0 {
            break;
        }
        raw.extend_from_slice(&buf[..n]);
        if path.contains("events") {
            break;
        }
    }
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    (
        head.lines().next().unwrap_or("").to_string(),
        body.to_string(),
        head.to_string(),
    )
}

#[test]
fn a_request_for_another_host_is_refused() {
    let site = Site::new("serve/site");
    let server = start(&site, &[]);
    let port = server.addr.rsplit_once(':').unwrap().1.to_string();
    let (status, body, _) = get_as(&server.addr, &server.addr, "/");
    assert!(status.contains(" 200 "), "{status}");
    assert!(body.contains("<h1>Home</h1>"), "{body}");
    // No other site may frame the preview or embed its files.
    let head = get_as(&server.addr, &server.addr, "/")
        .2
        .to_ascii_lowercase();
    for line in [
        "x-frame-options: deny",
        "content-security-policy: frame-ancestors 'none'",
        "cross-origin-resource-policy: same-origin",
    ] {
        assert!(head.contains(line), "{line} missing from\n{head}");
    }
    for host in [format!("localhost:{port}"), format!("[::1]:{port}")] {
        let (status, _, _) = get_as(&server.addr, &host, "/");
        assert!(status.contains(" 200 "), "{host}: {status}");
    }
    for host in [
        format!("evil.example:{port}"),
        "evil.example".to_string(),
        format!("127.0.0.1.evil.example:{port}"),
        "127.0.0.1:1".to_string(),
        String::new(),
    ] {
        for path in ["/", "/_placard/events", "/_placard/live.js"] {
            let (status, body, _) = get_as(&server.addr, &host, path);
            assert!(status.contains(" 421 "), "Host {host:?}, {path}: {status}");
            assert!(!body.contains("Home"), "{body}");
            assert!(body.contains("answers only at its own address"), "{body}");
        }
    }
}
