//! `check --external` must not be a way into this computer or its network: links to
//! loopback, private and link-local addresses (in every numeric spelling, and reached
//! through a redirect) are refused without a request, credentials in a link are never sent,
//! and only hosts listed in `check.private_hosts` may be private.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use crate::util::{Run, Site, json_findings};

/// A server on 127.0.0.1 that records each request's first line and Authorization header.
/// `/redirect` sends the client to `/secret` written as `0x7f.1`; everything else is 200.
fn server() -> (u16, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut buf = [0u8; 4096];
            let n = stream.read(&mut buf).unwrap_or(0);
            let request = String::from_utf8_lossy(&buf[..n]).into_owned();
            let first = request.lines().next().unwrap_or("").to_string();
            let auth = request
                .lines()
                .find(|l| l.to_ascii_lowercase().starts_with("authorization:"))
                .map(|l| format!(" [{l}]"))
                .unwrap_or_default();
            log.lock().unwrap().push(format!("{first}{auth}"));
            let reply = if first.contains(" /redirect ") {
                format!(
                    "HTTP/1.1 302 Found\r\nLocation: http://0x7f.1:{port}/secret\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                )
            } else {
                "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_string()
            };
            let _ = stream.write_all(reply.as_bytes());
        }
    });
    (port, seen)
}

fn site_with(links: &[String], check_block: &str) -> Site {
    let site = Site::new("check/base");
    site.write(
        "placard.yaml",
        format!(
            "title: Check fixture\ncountry: GB\nbase_url: \"https://site.example.org\"\ncheck:\n  timeout: 2\n{check_block}"
        ),
    );
    let body: String = links
        .iter()
        .enumerate()
        .map(|(i, l)| format!("<p>See <a href=\"{l}\">the page number {i}</a>.</p>\n\n"))
        .collect();
    site.write("content/help.md", format!("---\ntitle: Help\n---\n{body}"));
    site
}

fn check_external(site: &Site) -> Run {
    site.check(&["--external", "--format", "json"])
}

/// The message of every external-broken finding about the test page.
fn broken(run: &Run) -> Vec<String> {
    json_findings(run)
        .iter()
        .filter(|f| f["rule"] == "external-broken" && f["path"] == "content/help.md")
        .map(|f| f["message"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn every_spelling_of_this_computer_is_refused_without_a_request() {
    let (port, seen) = server();
    let hosts = [
        "127.0.0.1",
        "2130706433",
        "0177.0.0.1",
        "0x7f.1",
        "127.1",
        "0x7f000001",
        "[::ffff:127.0.0.1]",
        "[::1]",
        "localhost",
        "user:password@127.0.0.1",
    ];
    let mut links: Vec<String> = hosts
        .iter()
        .map(|h| format!("http://{h}:{port}/secret"))
        .collect();
    // The cloud metadata service and a private network: refused before any connection.
    links.push("http://169.254.169.254/latest/meta-data/".into());
    links.push("http://10.0.0.1/".into());
    links.push("http://100.64.0.1/".into());
    let site = site_with(&links, "");
    let run = check_external(&site);
    assert_eq!(run.code, 0, "external-broken is a warning: {}", run.stderr);
    let found = broken(&run);
    assert_eq!(found.len(), links.len(), "{found:#?}");
    for message in &found {
        assert!(message.contains("placard did not request it"), "{message}");
        assert!(message.contains("check.private_hosts"), "{message}");
    }
    assert!(found.iter().any(|m| m.contains("link-local")), "{found:#?}");
    assert!(
        found.iter().any(|m| m.contains("carrier-grade")),
        "{found:#?}"
    );
    assert!(found.iter().any(|m| m.contains("loopback")), "{found:#?}");
    assert!(
        seen.lock().unwrap().is_empty(),
        "the server was reached: {:?}",
        seen.lock().unwrap()
    );
    // Refusals are not cached: allowing the host takes effect on the next run.
    let cache = std::fs::read_to_string(site.root().join(".placard-cache/links.json")).unwrap();
    assert!(!cache.contains("127.0.0.1"), "{cache}");
}

#[test]
fn a_redirect_to_this_computer_is_refused_and_credentials_are_never_sent() {
    let (port, seen) = server();
    let links = vec![
        format!("http://localhost:{port}/redirect"),
        format!("http://editor:hunter2@localhost:{port}/ok"),
    ];
    // localhost is allowed on purpose; the redirect goes to 127.0.0.1, which is not.
    let site = site_with(&links, "  private_hosts: [localhost]\n");
    let run = check_external(&site);
    let found = broken(&run);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0].contains("/redirect"), "{}", found[0]);
    assert!(
        found[0].contains("127.0.0.1 is a loopback address"),
        "{}",
        found[0]
    );
    let seen = seen.lock().unwrap().clone();
    assert!(
        seen.iter().any(|l| l.starts_with("HEAD /redirect ")),
        "{seen:?}"
    );
    assert!(seen.iter().any(|l| l.starts_with("HEAD /ok ")), "{seen:?}");
    assert!(!seen.iter().any(|l| l.contains("/secret")), "{seen:?}");
    assert!(
        !seen.iter().any(|l| l.contains("[")),
        "credentials sent: {seen:?}"
    );
}

#[test]
fn a_host_listed_in_private_hosts_is_checked() {
    let (port, seen) = server();
    let links = vec![
        format!("http://127.0.0.1:{port}/ok"),
        format!("http://0x7f.1:{port}/ok2"),
    ];
    let site = site_with(&links, "  private_hosts: [\"127.0.0.1\"]\n");
    let run = check_external(&site);
    assert!(broken(&run).is_empty(), "{}", run.stdout);
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 2, "{seen:?}");
}
