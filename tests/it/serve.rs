//! `placard serve`: the real binary on a free port, fetched with a raw HTTP/1.1 client (so
//! traversal paths go out exactly as written). Waits are bounded polls, never timing checks.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::util::Site;

/// A running server, killed when dropped so no test leaks one.
pub(crate) struct Server {
    pub(crate) child: Child,
    pub(crate) addr: String,
    lines: mpsc::Receiver<String>,
    /// Everything printed so far.
    seen: Vec<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A response: status, headers (lower-case names), body.
pub(crate) struct Response {
    pub(crate) status: u16,
    headers: Vec<(String, String)>,
    pub(crate) body: String,
}

impl Response {
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

const WAIT: Duration = Duration::from_secs(30);

pub(crate) fn start(site: &Site, extra: &[&str]) -> Server {
    let root = site.root();
    let mut child = Command::new(env!("CARGO_BIN_EXE_placard"))
        .args(["serve", "--root", root.to_str().unwrap()])
        .args(if extra.contains(&"--port") {
            &[][..]
        } else {
            &["--port", "0"][..]
        })
        .args(extra)
        .env("NO_COLOR", "1")
        .env_remove("PLACARD_LOG")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (tx, lines) = mpsc::channel();
    for stream in [
        Box::new(child.stdout.take().unwrap()) as Box<dyn Read + Send>,
        Box::new(child.stderr.take().unwrap()),
    ] {
        let tx = tx.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
    }
    let mut server = Server {
        child,
        addr: String::new(),
        lines,
        seen: Vec::new(),
    };
    let line = server.wait_line("Serving the site at http://");
    let url = line.split("http://").nth(1).unwrap().trim_end_matches('/');
    server.addr = url.to_string();
    server
}

impl Server {
    /// Waits for a printed line containing `needle`.
    #[track_caller]
    pub(crate) fn wait_line(&mut self, needle: &str) -> String {
        if let Some(l) = self.seen.iter().find(|l| l.contains(needle)) {
            return l.clone();
        }
        let deadline = Instant::now() + WAIT;
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    self.seen.push(line.clone());
                    if line.contains(needle) {
                        return line;
                    }
                }
                Err(_) => break,
            }
        }
        panic!(
            "the server never printed {needle:?}; it printed:\n{}",
            self.seen.join("\n")
        );
    }

    /// Waits until what the server printed so far satisfies `done`.
    #[track_caller]
    pub(crate) fn wait_until(&mut self, done: impl Fn(&[String]) -> bool) {
        let deadline = Instant::now() + WAIT;
        while !done(&self.seen) {
            let left = deadline.checked_duration_since(Instant::now());
            match left.map(|left| self.lines.recv_timeout(left)) {
                Some(Ok(line)) => self.seen.push(line),
                _ => panic!(
                    "the server never printed what was waited for:\n{}",
                    self.seen.join("\n")
                ),
            }
        }
    }

    /// Sends a raw request for `target` (written exactly as given).
    fn request(&self, method: &str, target: &str) -> Response {
        let mut s = TcpStream::connect(&self.addr).unwrap();
        s.set_read_timeout(Some(WAIT)).unwrap();
        write!(
            s,
            "{method} {target} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.addr
        )
        .unwrap();
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).unwrap();
        let text = String::from_utf8_lossy(&raw).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let mut lines = head.lines();
        let status = lines
            .next()
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        Response {
            status,
            headers,
            body: body.to_string(),
        }
    }

    pub(crate) fn get(&self, target: &str) -> Response {
        self.request("GET", target)
    }

    /// Polls `target` until `check` holds (bounded).
    #[track_caller]
    pub(crate) fn poll(&self, target: &str, check: impl Fn(&Response) -> bool) -> Response {
        let deadline = Instant::now() + WAIT;
        loop {
            let r = self.get(target);
            if check(&r) {
                return r;
            }
            assert!(
                Instant::now() < deadline,
                "{target} never matched; last response {}:\n{}",
                r.status,
                r.body
            );
            std::thread::sleep(Duration::from_millis(25));
        }
    }
}

#[test]
fn serves_the_site_and_shows_edits() {
    let site = Site::new("serve/site");
    let server = start(&site, &[]);
    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(home.header("cache-control"), Some("no-store"));
    assert!(home.body.contains("<h1>Home</h1>"), "{}", home.body);
    assert!(
        home.body.contains("/_placard/live.js"),
        "no live reload script"
    );
    let page = server.get("/news/one/");
    assert!(page.body.contains("The one story starts here."));

    site.write(
        "content/news/one.md",
        std::fs::read_to_string(site.root().join("content/news/one.md"))
            .unwrap()
            .replace("starts here", "was edited"),
    );
    server.poll("/news/one/", |r| {
        r.body.contains("The one story was edited.")
    });
    // The home page lists the summary: it changed too.
    server.poll("/", |r| r.body.contains("The one story was edited."));
    // A new page appears.
    site.write(
        "content/news/new.md",
        "---\ntitle: Brand new\n---\nFresh text.\n",
    );
    server.poll("/news/new/", |r| {
        r.status == 200 && r.body.contains("Fresh text.")
    });
    // No file was written into the site's folder.
    assert!(!site.root().join("public").exists(), "serve wrote public/");
}

#[test]
fn a_broken_file_shows_the_overlay_and_keeps_the_last_good_site() {
    let site = Site::new("serve/site");
    let mut server = start(&site, &[]);
    let good = std::fs::read_to_string(site.root().join("content/about.md")).unwrap();
    site.write("content/about.md", "---\ntitel: About\n---\nNew text.\n");
    let r = server.poll("/about/", |r| r.body.contains("placard-overlay"));
    assert!(r.body.contains("role=\"alertdialog\""), "{}", r.body);
    assert!(
        r.body.contains("content/about.md:2:1"),
        "no file and line: {}",
        r.body
    );
    assert!(
        r.body.contains("did you mean `title`?"),
        "no hint: {}",
        r.body
    );
    assert!(
        r.body.contains("About us."),
        "the last good page is not served"
    );
    assert!(!r.body.contains("New text."));
    // Every page shows it, and the terminal says the same.
    assert!(server.get("/news/one/").body.contains("placard-overlay"));
    server.wait_line("content/about.md:2:1");
    // Fixed: the overlay goes.
    site.write(
        "content/about.md",
        good.replace("About us.", "About us, fixed."),
    );
    let r = server.poll("/about/", |r| !r.body.contains("placard-overlay"));
    assert!(r.body.contains("About us, fixed."), "{}", r.body);
}

#[test]
fn refuses_paths_out_of_the_site() {
    let site = Site::new("serve/site");
    // A file beside the site that no request may reach.
    std::fs::write(site.tmp.path().join("secret.txt"), "TOP SECRET").unwrap();
    let server = start(&site, &[]);
    for target in [
        "/../secret.txt",
        "/../../etc/passwd",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/..%2fsecret.txt",
        "/news%2f..%2f..%2fsecret.txt",
        "/..%5csecret.txt",
        "/..\\secret.txt",
        "//etc/passwd",
        "/%00",
        "/./index.html",
        "/static/../../secret.txt",
        "/etc/passwd",
        "/placard.yaml",
        "/content/about.md",
        "/templates/page.html",
    ] {
        let r = server.get(target);
        assert!(
            r.status == 400 || r.status == 404,
            "{target}: status {}",
            r.status
        );
        assert!(!r.body.contains("TOP SECRET"), "{target} leaked a file");
        assert!(!r.body.contains("root:"), "{target} leaked /etc/passwd");
        assert!(!r.body.contains("base_url"), "{target} leaked the config");
    }
    // An absolute URL as the request target is still only the site's path.
    let r = server.get("http://example.org/../secret.txt");
    assert!(!r.body.contains("TOP SECRET"));
}

#[cfg(unix)]
#[test]
fn a_symlink_out_of_the_site_is_never_served() {
    let site = Site::new("serve/site");
    std::fs::write(site.tmp.path().join("secret.txt"), "TOP SECRET").unwrap();
    std::os::unix::fs::symlink(
        site.tmp.path().join("secret.txt"),
        site.root().join("static/link.txt"),
    )
    .unwrap();
    let server = start(&site, &[]);
    // The build refuses a link out of the site, and a request never reads the disk.
    for target in ["/link.txt", "/", "/static/link.txt"] {
        let r = server.get(target);
        assert_ne!(r.status, 200, "{target}");
        assert!(!r.body.contains("TOP SECRET"), "{target} leaked the file");
    }
}

#[test]
fn not_found_folders_and_content_types() {
    let site = Site::new("serve/site");
    let server = start(&site, &[]);
    let r = server.get("/no/such/page/");
    assert_eq!(r.status, 404);
    assert!(r.body.contains("Not found here"), "not the site's 404 page");
    let r = server.get("/news");
    assert_eq!(r.status, 301);
    assert_eq!(r.header("location"), Some("/news/"));
    let r = server.get("/news/");
    assert_eq!(r.status, 200);
    let css = server.get("/style.css");
    assert_eq!(css.header("content-type"), Some("text/css; charset=utf-8"));
    assert!(
        !css.body.contains("live.js"),
        "the script is only in HTML pages"
    );
    let txt = server.get("/img/dot.txt");
    assert_eq!(
        txt.header("content-type"),
        Some("text/plain; charset=utf-8")
    );
    let xml = server.get("/sitemap.xml");
    assert_eq!(xml.status, 200);
    assert!(xml.header("content-type").unwrap().contains("xml"));
    let js = server.get("/_placard/live.js");
    assert!(js.body.contains("EventSource"));
    let head = server.request("HEAD", "/");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(server.request("POST", "/").status, 405);
}

#[test]
fn tells_open_pages_to_reload() {
    let site = Site::new("serve/site");
    let server = start(&site, &[]);
    let mut s = TcpStream::connect(&server.addr).unwrap();
    s.set_read_timeout(Some(WAIT)).unwrap();
    write!(
        s,
        "GET /_placard/events HTTP/1.1\r\nHost: {}\r\nAccept: text/event-stream\r\n\r\n",
        server.addr
    )
    .unwrap();
    let mut reader = BufReader::new(s);
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    assert!(line.contains("200"), "{line}");
    // Keep editing until the event arrives (the watcher may start a moment after the server).
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        while reader.read_line(&mut line).is_ok_and(|n| n > 0) {
            if line.starts_with("data:") {
                let _ = tx.send(line.clone());
            }
            line.clear();
        }
    });
    let deadline = Instant::now() + WAIT;
    let mut n = 0;
    let event = loop {
        n += 1;
        site.write("static/style.css", format!("body {{ color: #{n:06}; }}\n"));
        if let Ok(e) = rx.recv_timeout(Duration::from_millis(500)) {
            break e;
        }
        assert!(Instant::now() < deadline, "no reload event");
    };
    assert_eq!(
        event.trim(),
        "data: css",
        "a CSS-only change swaps the stylesheet"
    );
    site.write("content/about.md", "---\ntitle: About\n---\nChanged.\n");
    // The loop above may have written the stylesheet more than once: skip its later events.
    let e = loop {
        let e = rx.recv_timeout(WAIT).unwrap();
        if e.trim() != "data: css" {
            break e;
        }
    };
    assert_eq!(e.trim(), "data: reload");
}

#[test]
fn warns_when_other_computers_can_connect() {
    let site = Site::new("serve/site");
    let mut server = start(&site, &["--bind", "0.0.0.0"]);
    server.wait_line("warning: listening on 0.0.0.0");
}

#[test]
fn the_build_has_no_live_reload_script() {
    let site = Site::new("serve/site");
    site.build_ok();
    for (name, bytes) in site.output_files() {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("_placard"), "{name} has serve's script");
    }
}

#[test]
fn a_site_that_never_built_shows_the_error_until_fixed() {
    let site = Site::new("serve/site");
    let good = std::fs::read_to_string(site.root().join("content/about.md")).unwrap();
    site.write("content/about.md", "---\ntitel: About\n---\n");
    let mut server = start(&site, &[]);
    server.wait_line("content/about.md:2:1");
    let r = server.get("/");
    assert_eq!(r.status, 503);
    assert!(r.body.contains("placard-overlay"), "{}", r.body);
    assert!(r.body.contains("did you mean `title`?"), "{}", r.body);
    site.write("content/about.md", good);
    let r = server.poll("/", |r| r.status == 200);
    assert!(r.body.contains("<h1>Home</h1>"));
    assert!(!r.body.contains("placard-overlay"));
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_cleanly() {
    let site = Site::new("serve/site");
    let mut server = start(&site, &[]);
    // An open live-reload stream must not keep the server from stopping.
    let mut s = TcpStream::connect(&server.addr).unwrap();
    write!(
        s,
        "GET /_placard/events HTTP/1.1\r\nHost: {}\r\n\r\n",
        server.addr
    )
    .unwrap();
    let status = Command::new("kill")
        .args(["-INT", &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let deadline = Instant::now() + WAIT;
    let code = loop {
        if let Some(st) = server.child.try_wait().unwrap() {
            break st.code();
        }
        assert!(Instant::now() < deadline, "the server did not stop");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(code, Some(0));
    server.wait_line("Stopped.");
}

#[test]
fn takes_the_next_free_port() {
    let site = Site::new("serve/site");
    let busy = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = busy.local_addr().unwrap().port();
    let mut server = start(&site, &["--port", &port.to_string()]);
    server.wait_line(&format!("Port {port} is in use"));
    assert_ne!(server.addr, format!("127.0.0.1:{port}"));
    assert_eq!(server.get("/").status, 200);
}

#[test]
fn watches_folders_made_after_it_started() {
    let site = Site::new("serve/site");
    assert!(!site.root().join("themes").exists());
    let server = start(&site, &[]);
    std::fs::create_dir_all(site.root().join("themes/default/static")).unwrap();
    // Files saved before the new folder is watched may be missed: save again until served.
    let deadline = Instant::now() + WAIT;
    let mut n = 0;
    loop {
        n += 1;
        site.write("themes/default/static/extra.txt", format!("extra {n}"));
        std::thread::sleep(Duration::from_millis(200));
        let r = server.get("/extra.txt");
        if r.status == 200 && r.body.starts_with("extra") {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the new folder was never watched"
        );
    }
}
