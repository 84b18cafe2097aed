//! `placard serve` after a template edit: the pages readers look at are rendered first, the
//! rest in a background pass, and no request gets a page of the old templates once the new
//! ones are loaded. No timing is checked: each test holds whatever the timing.

use crate::serve::{Server, start};
use crate::util::Site;

/// Printed when the first pages of a template edit are served.
const FIRST: &str = "rendered first";
/// Printed when the background pass is over.
const REST: &str = "rendered in the background";

/// The serve fixture with `n` more pages in its news section, so the background pass has
/// work to do.
fn site_with_pages(n: usize) -> Site {
    let site = Site::new("serve/site");
    for i in 0..n {
        site.write(
            &format!("content/news/extra-{i:03}.md"),
            format!(
                "---\ntitle: Extra {i}\nweight: {}\n---\nExtra text {i}.\n",
                100 + i
            ),
        );
    }
    site
}

fn edit(site: &Site, rel: &str, from: &str, to: &str) {
    let text = std::fs::read_to_string(site.root().join(rel)).unwrap();
    assert!(text.contains(from), "{rel} has no {from:?}");
    site.write(rel, text.replacen(from, to, 1));
}

const H1: &str = "<h1>{{ page.title }}</h1>";

fn heading(version: &str) -> String {
    format!("<h1 class=\"{version}\">{{{{ page.title }}}}</h1>")
}

#[test]
fn a_template_edit_reaches_the_page_read_then_every_page() {
    let site = site_with_pages(300);
    let mut server = start(&site, &[]);
    let before = server.get("/news/one/");
    assert!(
        before.body.contains("<h1>Story one</h1>"),
        "{}",
        before.body
    );

    edit(&site, "templates/page.html", H1, &heading("v2"));
    server.poll("/news/one/", |r| r.body.contains("<h1 class=\"v2\">"));
    server.wait_line(FIRST);
    // From now on every page comes from the new template, whether the background pass has
    // rendered it yet or not: no polling.
    for n in [299, 150, 7] {
        let r = server.get(&format!("/news/extra-{n:03}/"));
        assert_eq!(r.status, 200);
        assert!(
            r.body.contains(&format!("<h1 class=\"v2\">Extra {n}</h1>")),
            "extra-{n:03} is not from the new template:\n{}",
            r.body
        );
    }
    server.wait_line(REST);
    // Pages nobody asked for changed too.
    for path in ["/about/", "/news/two/", "/news/extra-042/"] {
        let r = server.get(path);
        assert!(r.body.contains("<h1 class=\"v2\">"), "{path}:\n{}", r.body);
    }
    // Lists still show the pages, and the 404 page is served as before.
    assert!(server.get("/news/").body.contains("Story one"));
    assert_eq!(server.get("/nothing-here/").status, 404);
}

#[test]
fn edits_during_the_background_pass_are_not_lost() {
    let site = site_with_pages(300);
    let mut server = start(&site, &[]);
    server.get("/news/one/");
    edit(&site, "templates/page.html", H1, &heading("v2"));
    server.wait_line(FIRST);
    // Saved while the pass may still run: a page's text, then the template again.
    edit(
        &site,
        "content/news/one.md",
        "starts here",
        "was edited meanwhile",
    );
    edit(&site, "templates/page.html", &heading("v2"), &heading("v3"));
    server.poll("/news/one/", |r| {
        r.body.contains("was edited meanwhile") && r.body.contains("<h1 class=\"v3\">")
    });
    // The batch saved during the pass is built after it: with everything built again (the
    // page and the template in one batch) or as a page edit, then another template edit.
    server.wait_until(|seen| {
        seen.iter().any(|l| l.contains("everything rebuilt"))
            || seen.iter().filter(|l| l.contains(REST)).count() == 2
    });
    // The older pass did not overtake the newer edits.
    let one = server.get("/news/one/");
    assert!(one.body.contains("was edited meanwhile"), "{}", one.body);
    assert!(one.body.contains("<h1 class=\"v3\">"), "{}", one.body);
    let other = server.get("/news/extra-200/");
    assert!(other.body.contains("<h1 class=\"v3\">"), "{}", other.body);
    // The list shows the edited text's page with the new template's pages.
    assert!(server.get("/").body.contains("was edited meanwhile"));
}

/// Waits for the overlay on `path` and checks it is shown over the last good page.
#[track_caller]
fn overlay_over_last_good(server: &Server, path: &str, good: &str, bad: &str, file: &str) {
    let r = server.poll(path, |r| r.body.contains("placard-overlay"));
    assert!(r.body.contains(file), "no file in the overlay:\n{}", r.body);
    assert!(r.body.contains(good), "not the last good page:\n{}", r.body);
    assert!(
        !r.body.contains(bad),
        "a page of the broken template:\n{}",
        r.body
    );
}

#[test]
fn a_broken_template_keeps_the_last_good_pages() {
    let site = site_with_pages(50);
    let mut server = start(&site, &[]);
    server.get("/news/one/");
    // A syntax error: no page renders.
    edit(
        &site,
        "templates/page.html",
        H1,
        "<h1 class=\"v2\">{% if %}</h1>",
    );
    overlay_over_last_good(
        &server,
        "/news/one/",
        "<h1>Story one</h1>",
        "<h1 class=\"v2\">",
        "templates/page.html",
    );
    // Fixed.
    edit(
        &site,
        "templates/page.html",
        "<h1 class=\"v2\">{% if %}</h1>",
        H1,
    );
    server.poll("/news/one/", |r| !r.body.contains("placard-overlay"));

    // An error in one page only, not the one being read: the first pages render, the
    // background pass fails, and the last good pages come back with the error.
    let failing = format!(
        "{}{{% if page.title == \"Extra 33\" %}}{{{{ page.no_such_field.x }}}}{{% endif %}}",
        heading("v4")
    );
    edit(&site, "templates/page.html", H1, &failing);
    overlay_over_last_good(
        &server,
        "/news/one/",
        "<h1>Story one</h1>",
        "<h1 class=\"v4\">",
        "templates/page.html",
    );
    server.wait_line("extra-033");
    let other = server.get("/news/extra-012/");
    assert!(other.body.contains("<h1>Extra 12</h1>"), "{}", other.body);
    assert!(other.body.contains("placard-overlay"));
    // Fixed: every page shows the new template.
    edit(
        &site,
        "templates/page.html",
        "{% if page.title == \"Extra 33\" %}{{ page.no_such_field.x }}{% endif %}",
        "",
    );
    let r = server.poll("/news/extra-033/", |r| {
        !r.body.contains("placard-overlay") && r.body.contains("<h1 class=\"v4\">")
    });
    assert!(r.body.contains("Extra 33"));
}

#[test]
fn the_page_a_live_reload_stream_is_open_on_is_rendered_first() {
    use std::io::{BufRead, BufReader, Write};
    let site = site_with_pages(20);
    let mut server = start(&site, &[]);
    // The live-reload script's stream, as a browser showing /news/two/ opens it (the path
    // encoded as encodeURIComponent does), and one page asked for over HTTP.
    let mut s = std::net::TcpStream::connect(&server.addr).unwrap();
    s.set_read_timeout(Some(std::time::Duration::from_secs(30)))
        .unwrap();
    write!(
        s,
        "GET /_placard/events?page=%2Fnews%2Ftwo%2F HTTP/1.1\r\nHost: {}\r\n\r\n",
        server.addr
    )
    .unwrap();
    let mut status = String::new();
    BufReader::new(&s).read_line(&mut status).unwrap();
    assert!(status.contains("200"), "{status}");
    server.get("/news/one/");
    edit(&site, "templates/page.html", H1, &heading("v2"));
    let first = server.wait_line(FIRST);
    assert!(
        first.contains("2 page(s) readers look at rendered first"),
        "{first}"
    );
    let two = server.get("/news/two/");
    assert!(
        two.body.contains("<h1 class=\"v2\">Story two</h1>"),
        "{}",
        two.body
    );
    drop(s);
}
