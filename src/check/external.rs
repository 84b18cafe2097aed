//! `external-broken` (only with `--external`): every link to another website is requested
//! over HTTP (HEAD, then GET when HEAD is refused), with timeouts, at most
//! [`PER_HOST`] requests at a time to one host and [`WORKERS`] in all. Answers are cached in
//! `.placard-cache/links.json` under the site root: working links for [`OK_TTL`] seconds,
//! failures for [`FAIL_TTL`], so a second run soon after does not fetch them again.

use std::collections::{BTreeMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::links::Scan;
use super::ssrf::{Guard, Pinned, Refused, WebUrl};
use super::{Audit, Finding};
use crate::util::url::host_of;

/// At most this many requests at a time to one host.
pub const PER_HOST: usize = 2;
/// At most this many requests at a time in all.
pub const WORKERS: usize = 8;
/// How long a working link's answer is reused (seconds).
pub const OK_TTL: i64 = 24 * 3600;
/// How long a failure is reused (seconds).
pub const FAIL_TTL: i64 = 3600;
/// At most this many redirects are followed from one link.
pub const MAX_REDIRECTS: usize = 5;
/// The cache file, under the site root.
pub const CACHE: &str = ".placard-cache/links.json";

/// The answer for one address.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Answer {
    /// The HTTP status, or 0 when there was none.
    pub status: u16,
    /// Why the request failed, when it did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// When it was asked (seconds since 1970).
    pub checked: i64,
    /// placard would not request it (see [`super::ssrf`]); never cached.
    #[serde(skip)]
    pub refused: bool,
}

impl Answer {
    fn ok(&self) -> bool {
        self.error.is_none() && (200..400).contains(&self.status)
    }

    fn fresh(&self, now: i64) -> bool {
        let ttl = if self.ok() { OK_TTL } else { FAIL_TTL };
        now - self.checked < ttl && now >= self.checked
    }

    fn describe(&self) -> String {
        match (&self.error, self.status) {
            (Some(e), _) => e.clone(),
            (None, s) => format!("the server answered {s}"),
        }
    }
}

/// Checks every external link of the scanned documents.
pub fn check(site: &Audit<'_>, scans: &BTreeMap<String, Scan>) -> Vec<Finding> {
    let own = host_of(&site.config.base_url);
    // Address -> the pages linking to it, with the link's text.
    let mut uses: BTreeMap<&str, Vec<(&str, &str)>> = BTreeMap::new();
    for (rel, scan) in scans {
        for link in scan.links.iter().filter(|l| l.navigates) {
            let lower = link.url.to_ascii_lowercase();
            let web = lower.starts_with("http://") || lower.starts_with("https://");
            if web && host_of(&link.url) != own {
                uses.entry(link.url.as_str())
                    .or_default()
                    .push((rel.as_str(), link.text.as_str()));
            }
        }
    }
    let cache_path = site.root.join(CACHE);
    let mut cache: BTreeMap<String, Answer> = std::fs::read_to_string(&cache_path)
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default();
    let now = jiff::Timestamp::now().as_second();
    let todo: Vec<String> = uses
        .keys()
        .filter(|u| !cache.get(**u).is_some_and(|a| a.fresh(now)))
        .map(|u| (*u).to_string())
        .collect();
    let timeout = Duration::from_secs_f64(site.config.check.timeout.max(0.1));
    let mut refused = BTreeMap::new();
    for (url, answer) in fetch_all(todo, &site.config.check, timeout, now) {
        if answer.refused {
            refused.insert(url, answer);
        } else {
            cache.insert(url, answer);
        }
    }
    cache.retain(|_, a| a.fresh(now));
    if let Ok(json) = serde_json::to_string_pretty(&cache) {
        let _ = crate::util::fs::write(&cache_path, json.as_bytes());
    }
    cache.extend(refused);
    let mut out = Vec::new();
    for (url, pages) in uses {
        let Some(answer) = cache.get(url).filter(|a| !a.ok()) else {
            continue;
        };
        for (rel, text) in pages {
            let Some(origin) = site.origins.get(rel) else {
                continue;
            };
            out.push(
                Finding::new(
                    "external-broken",
                    &origin.file,
                    format!("the link to {url} does not work: {}", answer.describe()),
                )
                .at(&site.locate(origin, &[url, text]))
                .hint("check the address in a browser; link to the organisation's current page, or remove the link"),
            );
        }
    }
    out
}

/// Requests every address, [`PER_HOST`] lanes per host shared by [`WORKERS`] threads.
fn fetch_all(
    urls: Vec<String>,
    settings: &crate::check::Settings,
    timeout: Duration,
    now: i64,
) -> Vec<(String, Answer)> {
    let mut by_host: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for u in urls {
        by_host
            .entry(host_of(&u).unwrap_or_default())
            .or_default()
            .push(u);
    }
    let mut lanes: VecDeque<Vec<String>> = VecDeque::new();
    for (_, list) in by_host {
        let mut split: Vec<Vec<String>> = vec![Vec::new(); PER_HOST.min(list.len())];
        for (i, u) in list.into_iter().enumerate() {
            split[i % PER_HOST].push(u);
        }
        lanes.extend(split);
    }
    let workers = WORKERS.min(lanes.len());
    let queue = Mutex::new(lanes);
    let results = Mutex::new(Vec::new());
    let guard = Arc::new(Guard::new(&settings.private_hosts, timeout));
    let config = ureq::Agent::config_builder()
        .timeout_connect(Some(timeout))
        .timeout_recv_response(Some(timeout))
        .timeout_global(Some(timeout * 2))
        .http_status_as_error(false)
        // Redirects are followed by hand, each one checked (see `fetch`).
        .max_redirects(0)
        // A proxy would make its own DNS lookup and reach what the guard refused.
        .proxy(None)
        .user_agent("placard-link-check")
        .build();
    let agent = ureq::Agent::with_parts(
        config,
        ureq::unversioned::transport::DefaultConnector::new(),
        Pinned(guard.clone()),
    );
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let lane = match queue.lock() {
                        Ok(mut q) => q.pop_front(),
                        Err(_) => None,
                    };
                    let Some(lane) = lane else { break };
                    for url in lane {
                        let answer = fetch(&agent, &guard, &url, now);
                        if let Ok(mut r) = results.lock() {
                            r.push((url, answer));
                        }
                    }
                }
            });
        }
    });
    let mut results = results.into_inner().unwrap_or_default();
    results.sort_by(|a, b| a.0.cmp(&b.0));
    results
}

fn fetch(agent: &ureq::Agent, guard: &Guard, url: &str, now: i64) -> Answer {
    let answer = |status: u16, error: Option<String>, refused: bool| Answer {
        status,
        error,
        checked: now,
        refused,
    };
    let outcome = follow(agent, guard, url, true).and_then(|status| {
        if matches!(status, 403 | 405 | 501) {
            follow(agent, guard, url, false)
        } else {
            Ok(status)
        }
    });
    match outcome {
        Ok(status) => answer(status, None, false),
        Err(Failure::Refused(why)) => answer(0, Some(why), true),
        Err(Failure::Failed(why)) => answer(0, Some(why), false),
    }
}

/// Why a link got no status.
enum Failure {
    /// placard would not request it (an internal address, another scheme): not cached, so
    /// a change to `check.private_hosts` takes effect at once.
    Refused(String),
    /// The request failed.
    Failed(String),
}

/// Requests `url` (HEAD or GET), following up to [`MAX_REDIRECTS`] redirects by hand, each
/// new address admitted by the guard before it is requested. Returns the last status.
fn follow(agent: &ureq::Agent, guard: &Guard, url: &str, head: bool) -> Result<u16, Failure> {
    let mut current = WebUrl::parse(url).map_err(Failure::Refused)?;
    for _ in 0..=MAX_REDIRECTS {
        guard
            .admit(&current)
            .map_err(|Refused(why)| Failure::Refused(why))?;
        let target = current.request_url();
        let response = if head {
            agent.head(&target).call()
        } else {
            agent.get(&target).call()
        };
        let response = response.map_err(|e| Failure::Failed(plain_error(&e)))?;
        let status = response.status().as_u16();
        let location = response
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok());
        match location {
            Some(loc) if (300..400).contains(&status) && status != 304 => {
                current = current
                    .join(loc)
                    .map_err(|why| Failure::Refused(format!("{why} ({loc})")))?;
            }
            _ => return Ok(status),
        }
    }
    Err(Failure::Failed(format!(
        "it redirects more than {MAX_REDIRECTS} times"
    )))
}

fn plain_error(e: &ureq::Error) -> String {
    match e {
        ureq::Error::Timeout(_) => "the server did not answer in time".into(),
        ureq::Error::HostNotFound => "there is no such website (the name was not found)".into(),
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => {
            "the server refused the connection".into()
        }
        other => format!("the request failed: {other}"),
    }
}
