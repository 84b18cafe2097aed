//! `external-broken` (only with `--external`): every link to another website is requested
//! over HTTP (HEAD, then GET when HEAD is refused), with timeouts, at most
//! [`PER_HOST`] requests at a time to one host and [`WORKERS`] in all. Answers are cached in
//! `.placard-cache/links.json` under the site root: working links for [`OK_TTL`] seconds,
//! failures for [`FAIL_TTL`], so a second run soon after does not fetch them again.

use std::collections::{BTreeMap, VecDeque};
use std::sync::Mutex;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::links::Scan;
use super::privacy::host_of;
use super::{Audit, Finding};

/// At most this many requests at a time to one host.
pub const PER_HOST: usize = 2;
/// At most this many requests at a time in all.
pub const WORKERS: usize = 8;
/// How long a working link's answer is reused (seconds).
pub const OK_TTL: i64 = 24 * 3600;
/// How long a failure is reused (seconds).
pub const FAIL_TTL: i64 = 3600;
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
    for (url, answer) in fetch_all(todo, timeout, now) {
        cache.insert(url, answer);
    }
    cache.retain(|_, a| a.fresh(now));
    if let Ok(json) = serde_json::to_string_pretty(&cache) {
        let _ = crate::util::fs::write(&cache_path, json.as_bytes());
    }
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
fn fetch_all(urls: Vec<String>, timeout: Duration, now: i64) -> Vec<(String, Answer)> {
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
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_connect(Some(timeout))
        .timeout_recv_response(Some(timeout))
        .timeout_global(Some(timeout * 2))
        .http_status_as_error(false)
        .max_redirects(5)
        .user_agent("placard-link-check")
        .build()
        .into();
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
                        let answer = fetch(&agent, &url, now);
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

fn fetch(agent: &ureq::Agent, url: &str, now: i64) -> Answer {
    let answer = |status: u16, error: Option<String>| Answer {
        status,
        error,
        checked: now,
    };
    let head = agent.head(url).call();
    let status = match head {
        Ok(r) => r.status().as_u16(),
        Err(e) => return answer(0, Some(plain_error(&e))),
    };
    if !matches!(status, 403 | 405 | 501) {
        return answer(status, None);
    }
    match agent.get(url).call() {
        Ok(r) => answer(r.status().as_u16(), None),
        Err(e) => answer(0, Some(plain_error(&e))),
    }
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
