//! `placard serve` keeps the search index current per edit (issue 22): the real server, its
//! index files fetched over HTTP. A text edit rewrites only the files it touches; a page
//! given `search: false` leaves the index.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use placard::extras::search::{index, query};
use serde_json::Value;

use crate::serve::{Server, start};
use crate::util::Site;

/// GETs `path` from the server: `(status, body bytes)`.
fn get(server: &Server, path: &str) -> (u16, Vec<u8>) {
    let mut s = TcpStream::connect(&server.addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
        server.addr
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&raw[..end]).into_owned();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, raw[end + 4..].to_vec())
}

const EN: &str = "/search-index/en/";

fn meta(server: &Server) -> Value {
    serde_json::from_slice(&get(server, &format!("{EN}index.json")).1).unwrap()
}

/// The shard a term is in (the longest prefix it starts with), as served.
fn shard_of(server: &Server, meta: &Value, term: &str) -> (String, serde_json::Map<String, Value>) {
    let shards = meta["shards"].as_object().unwrap();
    let file = shards
        .iter()
        .filter(|(p, _)| term.starts_with(p.as_str()))
        .max_by_key(|(p, _)| p.len())
        .map(|(_, f)| f.as_str().unwrap().to_string())
        .unwrap();
    let (status, body) = get(server, &format!("{EN}{file}"));
    assert_eq!(status, 200, "{file} is named in index.json but not served");
    (file, serde_json::from_slice(&body).unwrap())
}

/// The text of page file `id`, as served.
fn doc_text(server: &Server, id: usize) -> String {
    let (status, body) = get(server, &format!("{EN}{}", index::doc_path(id)));
    assert_eq!(status, 200);
    index::inflate_doc(&body).expect("a page file inflates")
}

/// Runs a query over the served index, as the script does: the pages found (without anchors).
fn find(server: &Server, q: &str) -> Vec<String> {
    let load = |rel: &str| {
        let (status, body) = get(server, &format!("{EN}{rel}"));
        (status == 200).then_some(body)
    };
    let (hits, _) = query::search(&load, q, 10).unwrap();
    hits.into_iter()
        .map(|h| h.url.split('#').next().unwrap_or("").to_string())
        .collect()
}

/// Polls `index.json` until it differs from `before` (bounded).
fn changed(server: &Server, before: &Value) -> Value {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let now = meta(server);
        if now != *before {
            return now;
        }
        assert!(Instant::now() < deadline, "index.json never changed");
        std::thread::sleep(Duration::from_millis(25));
    }
}

#[test]
fn serve_rewrites_the_shards_and_page_file_an_edit_touches() {
    let site = Site::new("search/basic");
    let mut server = start(&site, &[]);
    let before = meta(&server);
    let docs = before["docs"].as_u64().unwrap() as usize;
    let id = (0..docs)
        .find(|&i| doc_text(&server, i).contains("\"u\":\"/guide/zebra/\""))
        .unwrap();
    let (old_p, shard) = shard_of(&server, &before, "pelican");
    assert!(shard.contains_key("pelican"));
    assert!(!shard_of(&server, &before, "okapi").1.contains_key("okapi"));
    assert_eq!(find(&server, "pelican"), ["/guide/zebra/"]);

    // A text edit: "pelican" goes, "okapi" comes.
    let rel = "content/guide/zebra.md";
    let text = std::fs::read_to_string(site.root().join(rel)).unwrap();
    let (head, _) = text.rsplit_once("---\n").unwrap();
    site.write(
        rel,
        format!("{head}---\nLook both ways for an okapi.\n\n## More about crossings\n\nCrossings have lights.\n"),
    );
    let after = changed(&server, &before);
    // The server took the per-edit path (not a full rebuild), and timed the index.
    let line = server.wait_line("zebra.md edited");
    assert!(line.contains("search "), "{line}");
    let (_, shard) = shard_of(&server, &after, "okapi");
    let lists = shard["okapi"].as_array().unwrap();
    assert_eq!(index::decode_ids(lists[2].as_str().unwrap()), [id as u32]);
    let (new_p, shard) = shard_of(&server, &after, "pelican");
    assert!(!shard.contains_key("pelican"), "the removed word is gone");
    assert_ne!(old_p, new_p, "the shard's file changed name");
    assert_eq!(
        get(&server, &format!("{EN}{old_p}")).0,
        404,
        "the old shard is gone"
    );
    let doc = doc_text(&server, id);
    assert!(doc.contains("okapi") && !doc.contains("elican"), "{doc}");
    assert_eq!(find(&server, "okapi"), ["/guide/zebra/"]);
    assert!(find(&server, "pelican").is_empty());
    // The page files' version changed, so browsers fetch the edited one again.
    assert_ne!(after["dv"], before["dv"]);

    // Opting the page out takes it out of the index.
    site.write(
        rel,
        std::fs::read_to_string(site.root().join(rel))
            .unwrap()
            .replacen("---\n", "---\nsearch: false\n", 1),
    );
    let out = changed(&server, &after);
    assert_eq!(out["docs"].as_u64(), Some(docs as u64 - 1));
    assert!(find(&server, "okapi").is_empty());
    assert!(!shard_of(&server, &out, "okapi").1.contains_key("okapi"));
}
