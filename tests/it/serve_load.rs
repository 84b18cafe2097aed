//! `placard serve` under load (issue 12): 50 client threads send 10,000 keep-alive GET requests
//! over loopback while a page is edited half-way, so a rebuild runs during the load. Every
//! response must be whole and from one consistent build (the old one or the new one, never a
//! mix, never a truncated page), and the server's memory must stay flat. Speed is only printed.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::serve::{Server, start};
use crate::util::Site;

const CLIENTS: usize = 50;
const PER_CLIENT: usize = 200;
const OLD: &str = "OLDMARK";
const NEW: &str = "NEWMARK";
/// Socket timeouts: a stuck request fails the test instead of hanging it.
const IO_TIMEOUT: Duration = Duration::from_secs(10);
/// No client keeps going past this, whatever happens.
const CLIENT_DEADLINE: Duration = Duration::from_secs(40);
/// The edited page's file.
const EDITED: &str = "content/news/one.md";
/// How much the server's resident memory may grow over the bursts.
const RSS_BOUND_KB: u64 = 64 * 1024;

/// What a path must give.
#[derive(Clone, Copy, PartialEq)]
enum Expect {
    /// A whole HTML page, status 200.
    Html,
    /// A whole HTML page, status 200, showing the edited page's title: exactly one marker.
    Marked,
    /// The stylesheet, byte for byte.
    Css,
    /// The site's 404 page, status 404.
    NotFound,
}

const PATHS: &[(&str, Expect)] = &[
    ("/", Expect::Marked),
    ("/about/", Expect::Html),
    ("/news/", Expect::Marked),
    ("/news/one/", Expect::Marked),
    ("/news/two/", Expect::Html),
    ("/news/three/", Expect::Html),
    ("/tags/local/", Expect::Marked),
    ("/style.css", Expect::Css),
    ("/no/such/page/", Expect::NotFound),
];

/// Which build a response came from (for the marked pages).
#[derive(Clone, Copy, PartialEq, Debug)]
enum Mark {
    Old,
    New,
    Unmarked,
}

/// One answered request.
struct Sample {
    start: Instant,
    end: Instant,
    mark: Mark,
}

/// What one burst gave.
#[derive(Default)]
struct Outcome {
    samples: Vec<Sample>,
    transport_errors: Vec<String>,
    bad_responses: Vec<String>,
}

/// A raw HTTP/1.1 response read off a keep-alive connection.
struct Raw {
    status: u16,
    body: Vec<u8>,
    close: bool,
}

/// A keep-alive connection to the server, reconnected after an error or a `Connection: close`.
struct Client {
    addr: SocketAddr,
    conn: Option<BufReader<TcpStream>>,
}

impl Client {
    fn new(addr: &str) -> Client {
        Client {
            addr: addr.parse().expect("the server's address"),
            conn: None,
        }
    }

    fn get(&mut self, path: &str) -> Result<Raw, String> {
        let result = self.try_get(path);
        match &result {
            Ok(r) if !r.close => {}
            _ => self.conn = None,
        }
        result
    }

    fn try_get(&mut self, path: &str) -> Result<Raw, String> {
        if self.conn.is_none() {
            let s = TcpStream::connect_timeout(&self.addr, IO_TIMEOUT)
                .map_err(|e| format!("connect: {e}"))?;
            s.set_read_timeout(Some(IO_TIMEOUT))
                .map_err(|e| e.to_string())?;
            s.set_write_timeout(Some(IO_TIMEOUT))
                .map_err(|e| e.to_string())?;
            s.set_nodelay(true).map_err(|e| e.to_string())?;
            self.conn = Some(BufReader::new(s));
        }
        let conn = self.conn.as_mut().unwrap();
        write!(
            conn.get_mut(),
            "GET {path} HTTP/1.1\r\nHost: {}\r\n\r\n",
            self.addr
        )
        .map_err(|e| format!("write: {e}"))?;
        read_response(conn)
    }
}

fn read_line(conn: &mut BufReader<TcpStream>) -> Result<String, String> {
    let mut line = String::new();
    let n = conn
        .read_line(&mut line)
        .map_err(|e| format!("read: {e}"))?;
    if n == 0 {
        return Err("the connection closed mid-response".into());
    }
    Ok(line.trim_end_matches(['\r', '\n']).to_string())
}

fn read_response(conn: &mut BufReader<TcpStream>) -> Result<Raw, String> {
    let status_line = read_line(conn)?;
    let status = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .ok_or_else(|| format!("bad status line {status_line:?}"))?;
    let (mut length, mut chunked, mut close) = (None, false, false);
    loop {
        let line = read_line(conn)?;
        if line.is_empty() {
            break;
        }
        let Some((k, v)) = line.split_once(':') else {
            return Err(format!("bad header {line:?}"));
        };
        let (k, v) = (k.trim().to_ascii_lowercase(), v.trim().to_ascii_lowercase());
        match k.as_str() {
            "content-length" => length = Some(v.parse::<usize>().map_err(|e| e.to_string())?),
            "transfer-encoding" => chunked = v.contains("chunked"),
            "connection" => close = v.contains("close"),
            _ => {}
        }
    }
    let mut body = Vec::new();
    if chunked {
        loop {
            let size_line = read_line(conn)?;
            let size = usize::from_str_radix(size_line.split(';').next().unwrap().trim(), 16)
                .map_err(|e| format!("bad chunk size {size_line:?}: {e}"))?;
            let mut chunk = vec![0; size + 2];
            conn.read_exact(&mut chunk)
                .map_err(|e| format!("read chunk: {e}"))?;
            if size == 0 {
                break;
            }
            body.extend_from_slice(&chunk[..size]);
        }
    } else if let Some(n) = length {
        body.resize(n, 0);
        conn.read_exact(&mut body)
            .map_err(|e| format!("read body ({n} bytes): {e}"))?;
    } else {
        conn.read_to_end(&mut body)
            .map_err(|e| format!("read body: {e}"))?;
        close = true;
    }
    Ok(Raw {
        status,
        body,
        close,
    })
}

/// Checks one response; returns which build a marked page came from.
fn check(path: &str, expect: Expect, r: &Raw, css: &[u8]) -> Result<Mark, String> {
    let want = if expect == Expect::NotFound { 404 } else { 200 };
    if r.status != want {
        return Err(format!("{path}: status {} (want {want})", r.status));
    }
    if expect == Expect::Css {
        return if r.body == css {
            Ok(Mark::Unmarked)
        } else {
            Err(format!(
                "{path}: the stylesheet differs: {:?}",
                String::from_utf8_lossy(&r.body)
            ))
        };
    }
    let text = std::str::from_utf8(&r.body).map_err(|e| format!("{path}: not UTF-8: {e}"))?;
    let trimmed = text.trim();
    if !trimmed.starts_with("<!doctype html>") || !trimmed.ends_with("</html>") {
        return Err(format!("{path}: an incomplete page:\n{text}"));
    }
    if !text.contains("/_placard/live.js") {
        return Err(format!("{path}: no live-reload script:\n{text}"));
    }
    match expect {
        Expect::NotFound if !text.contains("Not found here") => {
            Err(format!("{path}: not the site's 404 page:\n{text}"))
        }
        Expect::Marked => match (text.contains(OLD), text.contains(NEW)) {
            (true, false) => Ok(Mark::Old),
            (false, true) => Ok(Mark::New),
            (old, new) => Err(format!(
                "{path}: a half-built site (OLDMARK {old}, NEWMARK {new}):\n{text}"
            )),
        },
        _ => Ok(Mark::Unmarked),
    }
}

/// `clients` threads each send `per_client` requests, cycling through [`PATHS`]; `done` counts
/// the answered requests as they come.
fn burst(
    addr: &str,
    clients: usize,
    per_client: usize,
    css: &Arc<Vec<u8>>,
    done: &Arc<AtomicUsize>,
) -> Vec<std::thread::JoinHandle<Outcome>> {
    (0..clients)
        .map(|c| {
            let (addr, css, done) = (addr.to_string(), Arc::clone(css), Arc::clone(done));
            std::thread::spawn(move || {
                let began = Instant::now();
                let mut client = Client::new(&addr);
                let mut out = Outcome::default();
                for i in 0..per_client {
                    if began.elapsed() > CLIENT_DEADLINE {
                        out.transport_errors
                            .push(format!("client {c} ran out of time at request {i}"));
                        break;
                    }
                    let (path, expect) = PATHS[(c + i) % PATHS.len()];
                    let start = Instant::now();
                    let r = client.get(path);
                    let end = Instant::now();
                    done.fetch_add(1, Ordering::Relaxed);
                    match r {
                        Err(e) => out.transport_errors.push(format!("{path}: {e}")),
                        Ok(r) => match check(path, expect, &r, &css) {
                            Ok(mark) => out.samples.push(Sample { start, end, mark }),
                            Err(e) => out.bad_responses.push(e),
                        },
                    }
                }
                out
            })
        })
        .collect()
}

fn join(handles: Vec<std::thread::JoinHandle<Outcome>>) -> Outcome {
    let mut all = Outcome::default();
    for h in handles {
        let o = h.join().expect("a client thread panicked");
        all.samples.extend(o.samples);
        all.transport_errors.extend(o.transport_errors);
        all.bad_responses.extend(o.bad_responses);
    }
    all
}

#[track_caller]
fn assert_clean(what: &str, o: &Outcome, total: usize) {
    assert!(
        o.transport_errors.is_empty(),
        "{what}: {} transport error(s), the first: {:?}",
        o.transport_errors.len(),
        &o.transport_errors[..o.transport_errors.len().min(5)]
    );
    assert!(
        o.bad_responses.is_empty(),
        "{what}: {} bad response(s), the first:\n{}",
        o.bad_responses.len(),
        o.bad_responses[..o.bad_responses.len().min(3)].join("\n---\n")
    );
    assert_eq!(o.samples.len(), total, "{what}: requests went missing");
}

/// The server's resident memory in KiB (Linux only).
fn rss_kb(server: &Server) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{}/status", server.child.id())).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

#[test]
fn serves_whole_consistent_pages_under_load_while_rebuilding() {
    let site = Site::new("serve/site");
    let page = std::fs::read_to_string(site.root().join(EDITED)).unwrap();
    let marked = page
        .replacen("title: Story one", &format!("title: Story one {OLD}"), 1)
        .replacen(
            "The one story starts",
            &format!("The one story {OLD} starts"),
            1,
        );
    assert_eq!(
        marked.matches(OLD).count(),
        2,
        "the fixture changed:\n{page}"
    );
    site.write(EDITED, &marked);
    let mut server = start(&site, &[]);

    // Warm up, and check the starting point.
    let r = server.poll("/news/one/", |r| r.status == 200);
    assert!(r.body.contains(OLD), "{}", r.body);
    let css = Arc::new(server.get("/style.css").body.into_bytes());
    assert!(
        String::from_utf8_lossy(&css).contains("color: black"),
        "{css:?}"
    );
    let rss_before = rss_kb(&server);

    // The load, with the page edited once half of it was answered.
    let total = CLIENTS * PER_CLIENT;
    let done = Arc::new(AtomicUsize::new(0));
    let began = Instant::now();
    let handles = burst(&server.addr, CLIENTS, PER_CLIENT, &css, &done);
    let halfway = began + CLIENT_DEADLINE;
    while done.load(Ordering::Relaxed) < total / 2 && Instant::now() < halfway {
        std::thread::sleep(Duration::from_millis(1));
    }
    let answered_at_edit = done.load(Ordering::Relaxed);
    site.write(EDITED, marked.replace(OLD, NEW));
    let load = join(handles);
    let elapsed = began.elapsed();
    assert_clean("the load", &load, total);

    // The edit is served in the end, and the terminal says it was rebuilt.
    let r = server.poll("/news/one/", |r| r.body.contains(NEW));
    assert!(!r.body.contains(OLD), "{}", r.body);
    let rebuilt = server.wait_line("Rebuilt in");
    let rss_after = rss_kb(&server);

    // Once any client was served the new build, no request started later got the old one.
    let first_new = load
        .samples
        .iter()
        .filter(|s| s.mark == Mark::New)
        .map(|s| s.end)
        .min();
    let (olds, news) = load.samples.iter().fold((0, 0), |(o, n), s| match s.mark {
        Mark::Old => (o + 1, n),
        Mark::New => (o, n + 1),
        Mark::Unmarked => (o, n),
    });
    if let Some(first_new) = first_new {
        let late_old = load
            .samples
            .iter()
            .filter(|s| s.mark == Mark::Old && s.start > first_new)
            .count();
        assert_eq!(
            late_old, 0,
            "{late_old} request(s) got the old build after the new one was served"
        );
    }
    assert!(olds > 0, "no response came from the first build");

    // A second, smaller burst: every marked page is the new build now.
    let done2 = Arc::new(AtomicUsize::new(0));
    let second = join(burst(&server.addr, 10, 100, &css, &done2));
    assert_clean("the second burst", &second, 1000);
    assert!(
        second.samples.iter().all(|s| s.mark != Mark::Old),
        "the old build came back"
    );
    let rss_after_second = rss_kb(&server);

    let mut latencies: Vec<Duration> = load.samples.iter().map(|s| s.end - s.start).collect();
    latencies.sort();
    eprintln!(
        "serve under load: {total} requests from {CLIENTS} keep-alive clients in {:.2} s = {:.0} requests/s; \
latency p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        elapsed.as_secs_f64(),
        total as f64 / elapsed.as_secs_f64(),
        percentile(&latencies, 0.50).as_secs_f64() * 1000.0,
        percentile(&latencies, 0.99).as_secs_f64() * 1000.0,
        latencies.last().unwrap().as_secs_f64() * 1000.0,
    );
    eprintln!(
        "serve under load: edited after {answered_at_edit} answers; marked pages: {olds} old build, \
{news} new build during the load; server: {rebuilt:?}"
    );
    match (rss_before, rss_after, rss_after_second) {
        (Some(before), Some(after), Some(after_second)) => {
            eprintln!(
                "serve under load: VmRSS {before} kB before, {after} kB after the load, \
{after_second} kB after a second burst of 1000"
            );
            for (what, kb) in [("the load", after), ("the second burst", after_second)] {
                assert!(
                    kb <= before + RSS_BOUND_KB,
                    "the server's memory grew from {before} kB to {kb} kB after {what}"
                );
            }
        }
        _ => {
            if cfg!(target_os = "linux") {
                panic!("cannot read VmRSS from /proc on Linux");
            }
            eprintln!("serve under load: no /proc, memory not checked");
        }
    }
}
