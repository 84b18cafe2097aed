//! What `check --external` may request. A link in content must not make the checker reach
//! this computer, the local network or a cloud server's metadata service (169.254.169.254):
//! run in CI, that would hand a stranger's page the CI's secrets.
//!
//! Each host is resolved once ([`Guard::admit`]); a host any of whose addresses is loopback,
//! private, link-local, shared (CGNAT), multicast, unspecified, broadcast, reserved or
//! unique-local (IPv4 and IPv6, with IPv4 inside IPv6 looked through) is refused, unless
//! `check.private_hosts` lists it. The request then connects to the address that was checked
//! ([`Pinned`], ureq's resolver hook), so a second DNS answer cannot send it elsewhere.
//! Numeric hosts are read the way browsers and `inet_aton` read them (`2130706433`,
//! `0177.0.0.1`, `0x7f.1`, `127.1` are all 127.0.0.1). Only http and https are requested,
//! and the `user:password@` part of an address is never sent.

use std::collections::{BTreeSet, HashMap};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, ToSocketAddrs};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

/// An http or https address, split and normalised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebUrl {
    /// `http` or `https`.
    pub scheme: &'static str,
    /// Lower case; an IP address in its usual form, without brackets.
    pub host: String,
    pub port: u16,
    /// The path and query, starting with `/` (the `#fragment` is dropped).
    pub rest: String,
}

impl WebUrl {
    /// Splits `url`. The user name and password, if any, are dropped.
    pub fn parse(url: &str) -> Result<WebUrl, String> {
        let (scheme, after) = url
            .split_once("://")
            .ok_or_else(|| format!("{url} is not a web address"))?;
        let scheme = match scheme.to_ascii_lowercase().as_str() {
            "http" => "http",
            "https" => "https",
            other => {
                return Err(format!(
                    "placard only checks http and https links, not {other}:"
                ));
            }
        };
        let end = after.find(['/', '?', '#', '\\']).unwrap_or(after.len());
        let (authority, rest) = after.split_at(end);
        let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
        let (host, port) = split_port(host_port)
            .ok_or_else(|| format!("{url} does not have a valid host and port"))?;
        let host = canonical_host(&host)?;
        let port = port.unwrap_or(if scheme == "https" { 443 } else { 80 });
        let rest = rest.split('#').next().unwrap_or("").replace('\\', "/");
        let rest = if rest.starts_with('/') {
            rest
        } else {
            format!("/{rest}")
        };
        Ok(WebUrl {
            scheme,
            host,
            port,
            rest,
        })
    }

    /// The address to request: no credentials, no fragment, the host in its usual form.
    pub fn request_url(&self) -> String {
        let host = if self.host.contains(':') {
            format!("[{}]", self.host)
        } else {
            self.host.clone()
        };
        format!("{}://{host}:{}{}", self.scheme, self.port, self.rest)
    }

    /// Where a redirect's `Location` leads from this address.
    pub fn join(&self, location: &str) -> Result<WebUrl, String> {
        let location = location.trim();
        if location.contains("://") {
            return WebUrl::parse(location);
        }
        if let Some(rest) = location.strip_prefix("//") {
            return WebUrl::parse(&format!("{}://{rest}", self.scheme));
        }
        if let Some((scheme, _)) = location.split_once(':')
            && !scheme.contains(['/', '?', '#'])
        {
            return Err(format!(
                "it redirects to a {scheme}: address, which placard does not follow"
            ));
        }
        let mut next = self.clone();
        next.rest = if location.starts_with('/') {
            location.to_string()
        } else {
            let path = self.rest.split('?').next().unwrap_or("/");
            let dir = path.rsplit_once('/').map_or("", |(d, _)| d);
            format!("{dir}/{location}")
        };
        Ok(next)
    }
}

/// `host:port`, `[v6]:port`, `host` or `[v6]`.
fn split_port(s: &str) -> Option<(String, Option<u16>)> {
    if let Some(inner) = s.strip_prefix('[') {
        let (host, after) = inner.split_once(']')?;
        let port = match after {
            "" => None,
            p => Some(p.strip_prefix(':')?.parse().ok()?),
        };
        return Some((format!("[{host}]"), port));
    }
    match s.rsplit_once(':') {
        Some((host, port)) => Some((host.to_string(), Some(port.parse().ok()?))),
        None => Some((s.to_string(), None)),
    }
}

/// Lower case, brackets off an IPv6 address, numeric IPv4 spellings in dotted form.
fn canonical_host(host: &str) -> Result<String, String> {
    if let Some(inner) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        return inner
            .parse::<Ipv6Addr>()
            .map(|ip| ip.to_string())
            .map_err(|_| format!("[{inner}] is not a valid IPv6 address"));
    }
    let lower = host.to_ascii_lowercase();
    let valid = !lower.is_empty()
        && lower
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-' || b == b'_');
    if !valid {
        return Err(format!("`{host}` is not a valid host name"));
    }
    match ipv4_loose(&lower) {
        Some(Ok(ip)) => Ok(ip.to_string()),
        Some(Err(())) => Err(format!("`{host}` is not a valid IPv4 address")),
        None => Ok(lower),
    }
}

/// A host written as an IPv4 address in any of the forms browsers accept: one to four parts
/// separated by dots (the last part fills the remaining bytes), each decimal, octal (a leading
/// `0`) or hexadecimal (`0x`). `None` when the host is a name, `Some(Err)` when it is numeric
/// but out of range.
pub fn ipv4_loose(host: &str) -> Option<Result<Ipv4Addr, ()>> {
    let host = host.strip_suffix('.').unwrap_or(host);
    let parts: Vec<&str> = host.split('.').collect();
    let last = parts.last()?;
    // Like the URL standard: a host is numeric when its last part is a number.
    part_value(last)?;
    if parts.len() > 4 {
        return Some(Err(()));
    }
    let mut values = Vec::with_capacity(parts.len());
    for p in &parts {
        match part_value(p) {
            Some(v) => values.push(v),
            None => return Some(Err(())),
        }
    }
    let (head, tail) = values.split_at(values.len() - 1);
    let tail_bytes = 5 - values.len() as u32;
    if head.iter().any(|v| *v > 255) || tail[0] >= 1u64 << (8 * tail_bytes) {
        return Some(Err(()));
    }
    let mut n: u64 = 0;
    for v in head {
        n = (n << 8) | v;
    }
    n = (n << (8 * tail_bytes)) | tail[0];
    Some(u32::try_from(n).map(Ipv4Addr::from).map_err(|_| ()))
}

/// One part of a numeric IPv4 host, if it is a number (at most 2^40, beyond any valid part).
fn part_value(p: &str) -> Option<u64> {
    let (digits, radix) = if let Some(h) = p.strip_prefix("0x").or_else(|| p.strip_prefix("0X")) {
        (h, 16)
    } else if p.len() > 1 && p.starts_with('0') {
        (&p[1..], 8)
    } else {
        (p, 10)
    };
    if digits.is_empty() {
        // `0x` alone is zero, as browsers read it; an empty part is not a number.
        return (radix == 16).then_some(0);
    }
    if digits.len() > 14 {
        return None;
    }
    u64::from_str_radix(digits, radix)
        .ok()
        .filter(|v| *v < 1 << 40)
}

/// Why placard will not request `ip`, or `None` when it is an ordinary public address.
pub fn refusal(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(v4) => refusal_v4(v4),
        IpAddr::V6(v6) => refusal_v6(v6),
    }
}

fn refusal_v4(ip: Ipv4Addr) -> Option<&'static str> {
    let [a, b, c, _] = ip.octets();
    Some(match (a, b, c) {
        _ if ip.is_unspecified() || a == 0 => "an unspecified address (0.x.x.x)",
        (127, _, _) => "a loopback address (this computer)",
        (10, _, _) | (192, 168, _) => "a private network address",
        (172, 16..=31, _) => "a private network address",
        (169, 254, _) => {
            "a link-local address (where cloud servers keep their secrets, 169.254.169.254)"
        }
        (100, 64..=127, _) => "a shared (carrier-grade NAT) address",
        (192, 0, 0) | (198, 18..=19, _) => "a reserved address",
        _ if ip.is_broadcast() => "the broadcast address",
        (224..=239, _, _) => "a multicast address",
        (240..=255, _, _) => "a reserved address",
        _ => return None,
    })
}

fn refusal_v6(ip: Ipv6Addr) -> Option<&'static str> {
    let s = ip.segments();
    if ip.is_loopback() {
        return Some("a loopback address (this computer)");
    }
    if ip.is_unspecified() {
        return Some("an unspecified address (::)");
    }
    // IPv4 inside IPv6: mapped (::ffff:a.b.c.d) and compatible (::a.b.c.d) are refused
    // whatever they hold (nothing public is written that way); NAT64 (64:ff9b::/96) and 6to4
    // (2002::/16) when the IPv4 address inside is refused.
    let embedded = |hi: u16, lo: u16| Ipv4Addr::from((u32::from(hi) << 16) | u32::from(lo));
    match s {
        [0, 0, 0, 0, 0, 0xffff, hi, lo] | [0, 0, 0, 0, 0, 0, hi, lo] => {
            return refusal_v4(embedded(hi, lo)).or(Some("an IPv6 form of an IPv4 address"));
        }
        [0x64, 0xff9b, 0, 0, 0, 0, hi, lo] | [0x2002, hi, lo, ..] => {
            if let Some(why) = refusal_v4(embedded(hi, lo)) {
                return Some(why);
            }
        }
        _ => {}
    }
    Some(match s[0] {
        x if x & 0xfe00 == 0xfc00 => "a unique-local (private) IPv6 address",
        x if x & 0xffc0 == 0xfe80 => "a link-local IPv6 address",
        x if x & 0xffc0 == 0xfec0 => "a site-local (private) IPv6 address",
        x if x & 0xff00 == 0xff00 => "a multicast IPv6 address",
        0x2001 if s[1] == 0x0db8 => "a documentation address",
        _ => return None,
    })
}

/// A host that must not be requested, and why (plain English).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused(pub String);

/// Resolves hosts once each, refuses internal ones, and remembers the addresses checked so
/// the request connects to them and nothing else.
#[derive(Debug)]
pub struct Guard {
    /// Hosts listed in `check.private_hosts`, in the form [`WebUrl`] gives them.
    allowed: BTreeSet<String>,
    timeout: Duration,
    pins: Mutex<HashMap<(String, u16), Arc<Pin>>>,
}

/// The addresses of one host and port, or why it was refused; filled once.
type Pin = OnceLock<Result<Vec<SocketAddr>, Refused>>;

impl Guard {
    /// `private_hosts` may be private on purpose; `timeout` bounds each DNS lookup.
    pub fn new(private_hosts: &[String], timeout: Duration) -> Guard {
        let allowed = private_hosts
            .iter()
            .map(|h| {
                let h = h.trim();
                let bare = h.strip_prefix('[').and_then(|x| x.strip_suffix(']'));
                canonical_host(&bare.map_or_else(|| h.to_string(), |b| format!("[{b}]")))
                    .unwrap_or_else(|_| h.to_ascii_lowercase())
            })
            .collect();
        Guard {
            allowed,
            timeout,
            pins: Mutex::new(HashMap::new()),
        }
    }

    /// Resolves `url`'s host (once per host and port) and says whether it may be requested.
    pub fn admit(&self, url: &WebUrl) -> Result<(), Refused> {
        let key = (url.host.clone(), url.port);
        let cell = match self.pins.lock() {
            Ok(mut pins) => pins.entry(key).or_default().clone(),
            Err(_) => return Err(Refused("internal error: the address table broke".into())),
        };
        cell.get_or_init(|| self.resolve(&url.host, url.port))
            .clone()
            .map(|_| ())
    }

    /// The addresses checked for `host:port`, if [`Guard::admit`] admitted it.
    fn pinned(&self, host: &str, port: u16) -> Option<Vec<SocketAddr>> {
        let pins = self.pins.lock().ok()?;
        let cell = pins.get(&(host.to_string(), port))?;
        cell.get()?.as_ref().ok().cloned()
    }

    fn resolve(&self, host: &str, port: u16) -> Result<Vec<SocketAddr>, Refused> {
        let addrs = if let Ok(ip) = host.parse::<IpAddr>() {
            vec![SocketAddr::new(ip, port)]
        } else if host == "localhost" || host.ends_with(".localhost") {
            vec![SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), port)]
        } else {
            lookup(host, port, self.timeout)?
        };
        if self.allowed.contains(host) {
            return Ok(addrs);
        }
        for a in &addrs {
            if let Some(why) = refusal(a.ip()) {
                let what = if a.ip().to_string() == host {
                    format!("{host} is {why}")
                } else {
                    format!("{host} leads to {}, {why}", a.ip())
                };
                return Err(Refused(format!(
                    "placard did not request it: {what}; if the link is meant to reach a private server, list `{host}` under check.private_hosts in placard.yaml"
                )));
            }
        }
        Ok(addrs)
    }
}

/// A DNS lookup bounded by `timeout`.
fn lookup(host: &str, port: u16, timeout: Duration) -> Result<Vec<SocketAddr>, Refused> {
    let (tx, rx) = std::sync::mpsc::sync_channel(1);
    let name = format!("{host}:{port}");
    std::thread::spawn(move || {
        let _ = tx.send(name.to_socket_addrs().map(Iterator::collect::<Vec<_>>));
    });
    match rx.recv_timeout(timeout) {
        Ok(Ok(addrs)) if !addrs.is_empty() => Ok(addrs),
        Ok(_) => Err(Refused(
            "there is no such website (the name was not found)".into(),
        )),
        Err(_) => Err(Refused(
            "the name of the website was not found in time".into(),
        )),
    }
}

/// ureq's resolver hook: answers only with the addresses [`Guard::admit`] checked.
#[derive(Debug, Clone)]
pub struct Pinned(pub Arc<Guard>);

impl ureq::unversioned::resolver::Resolver for Pinned {
    fn resolve(
        &self,
        uri: &ureq::http::Uri,
        _config: &ureq::config::Config,
        _timeout: ureq::unversioned::transport::NextTimeout,
    ) -> Result<ureq::unversioned::resolver::ResolvedSocketAddrs, ureq::Error> {
        let host = uri.host().unwrap_or("");
        let host = host
            .strip_prefix('[')
            .and_then(|h| h.strip_suffix(']'))
            .unwrap_or(host)
            .to_ascii_lowercase();
        let port = uri
            .port_u16()
            .unwrap_or(if uri.scheme_str() == Some("https") {
                443
            } else {
                80
            });
        let addrs = self
            .0
            .pinned(&host, port)
            .ok_or(ureq::Error::HostNotFound)?;
        let mut out = self.empty();
        for a in addrs.into_iter().take(16) {
            out.push(a);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v4(s: &str) -> Option<Result<Ipv4Addr, ()>> {
        ipv4_loose(s)
    }

    #[test]
    fn numeric_spellings_of_loopback() {
        let lo = Ipv4Addr::LOCALHOST;
        for s in [
            "127.0.0.1",
            "2130706433",
            "0177.0.0.1",
            "0x7f.1",
            "127.1",
            "0x7f000001",
            "017700000001",
            "127.0.1",
            "127.0.0.1.",
        ] {
            assert_eq!(v4(s), Some(Ok(lo)), "{s}");
        }
        assert_eq!(v4("example.org"), None);
        assert_eq!(v4("1.example"), None);
        assert_eq!(v4("256.0.0.1"), Some(Err(())));
        assert_eq!(v4("1.2.3.4.5"), Some(Err(())));
        assert_eq!(v4("08.0.0.1"), Some(Err(())));
    }

    #[test]
    fn internal_addresses_are_refused() {
        for s in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "224.0.0.1",
            "0.0.0.0",
            "255.255.255.255",
            "::1",
            "::",
            "fe80::1",
            "fd00::1",
            "ff02::1",
            "::ffff:127.0.0.1",
            "::ffff:169.254.169.254",
            "::127.0.0.1",
            "64:ff9b::a9fe:a9fe",
            "2002:7f00:1::",
        ] {
            let ip: IpAddr = s.parse().unwrap();
            assert!(refusal(ip).is_some(), "{s}");
        }
        for s in [
            "93.184.215.14",
            "2606:2800:21f:cb07:6820:80da:af6b:8b2c",
            "8.8.8.8",
        ] {
            assert_eq!(refusal(s.parse().unwrap()), None, "{s}");
        }
    }

    #[test]
    fn addresses_lose_their_credentials_and_fragment() {
        let u = WebUrl::parse("HTTP://user:pass@Example.ORG:8080/a/b?q=1#top").unwrap();
        assert_eq!(u.request_url(), "http://example.org:8080/a/b?q=1");
        let u = WebUrl::parse("http://0x7f.1/").unwrap();
        assert_eq!(u.host, "127.0.0.1");
        let u = WebUrl::parse("http://[::FFFF:127.0.0.1]:81").unwrap();
        assert_eq!(u.request_url(), "http://[::ffff:127.0.0.1]:81/");
        assert!(WebUrl::parse("ftp://example.org/").is_err());
        assert!(WebUrl::parse("http://a%2eb/").is_err());
    }

    #[test]
    fn redirects_are_joined() {
        let u = WebUrl::parse("https://example.org/a/b?x").unwrap();
        assert_eq!(u.join("c").unwrap().rest, "/a/c");
        assert_eq!(u.join("/d").unwrap().rest, "/d");
        assert_eq!(u.join("//other.org/e").unwrap().host, "other.org");
        assert_eq!(
            u.join("http://127.1/").unwrap().request_url(),
            "http://127.0.0.1:80/"
        );
        assert!(u.join("javascript:alert(1)").is_err());
        assert!(u.join("file:///etc/passwd").is_err());
    }

    #[test]
    fn the_resolver_answers_only_with_checked_addresses() {
        use ureq::unversioned::resolver::Resolver;
        let guard = Arc::new(Guard::new(&["127.0.0.1".into()], Duration::from_secs(1)));
        let pinned = Pinned(guard.clone());
        let config = ureq::config::Config::default();
        let timeout = ureq::unversioned::transport::NextTimeout {
            after: Duration::from_secs(1).into(),
            reason: ureq::Timeout::Resolve,
            per_read: None,
            per_write: None,
        };
        let uri: ureq::http::Uri = "http://127.0.0.1:9/".parse().unwrap();
        // Not admitted yet: no address, so no connection.
        assert!(pinned.resolve(&uri, &config, timeout).is_err());
        guard
            .admit(&WebUrl::parse("http://127.1:9/").unwrap())
            .unwrap();
        let addrs = pinned.resolve(&uri, &config, timeout).unwrap();
        assert_eq!(addrs.len(), 1);
        assert_eq!(addrs[0], "127.0.0.1:9".parse::<SocketAddr>().unwrap());
        // A name never looked up through the guard gets nothing either.
        let other: ureq::http::Uri = "http://localhost:9/".parse().unwrap();
        assert!(pinned.resolve(&other, &config, timeout).is_err());
    }

    #[test]
    fn private_hosts_may_be_allowed() {
        let g = Guard::new(&["127.0.0.1".into()], Duration::from_secs(1));
        assert!(g.admit(&WebUrl::parse("http://127.1:9/").unwrap()).is_ok());
        assert!(g.pinned("127.0.0.1", 9).is_some());
        let e = g
            .admit(&WebUrl::parse("http://[::1]:9/").unwrap())
            .unwrap_err();
        assert!(e.0.contains("loopback"), "{e:?}");
        assert!(g.pinned("::1", 9).is_none());
    }
}
