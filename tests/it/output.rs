//! The output folder: sitemap, robots, 404, feeds, the staged swap, the marker, determinism.

use crate::util::{Site, files, run_in};

#[test]
fn sitemap_lists_every_page_with_its_last_change() {
    let site = Site::new("output/extras");
    site.build_ok();
    assert_eq!(
        site.read("sitemap.xml"),
        r#"<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url>
    <loc>https://example.org/</loc>
  </url>
  <url>
    <loc>https://example.org/about/</loc>
  </url>
  <url>
    <loc>https://example.org/about/team/</loc>
    <lastmod>2023-05-06</lastmod>
  </url>
  <url>
    <loc>https://example.org/news/</loc>
  </url>
  <url>
    <loc>https://example.org/news/first/</loc>
    <lastmod>2024-01-02</lastmod>
  </url>
  <url>
    <loc>https://example.org/news/second/</loc>
    <lastmod>2024-02-04</lastmod>
  </url>
  <url>
    <loc>https://example.org/news/undated/</loc>
  </url>
</urlset>
"#
    );
}

#[test]
fn robots_txt_points_at_the_sitemap() {
    let site = Site::new("output/extras");
    site.build_ok();
    assert_eq!(
        site.read("robots.txt"),
        "User-agent: *\nAllow: /\nSitemap: https://example.org/sitemap.xml\n"
    );
}

#[test]
fn the_404_page_is_rendered_with_its_template() {
    let site = Site::new("output/extras");
    site.build_ok();
    assert_eq!(site.page("404.html"), "not found|/404.html|Extras &amp; Co");
}

#[test]
fn the_site_feed_lists_dated_pages_newest_first() {
    let site = Site::new("output/extras");
    site.build_ok();
    let feed = site.read("atom.xml");
    assert!(feed.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"en\">"), "{feed}");
    assert!(feed.contains("<title>Extras &amp; Co</title>"), "{feed}");
    assert!(
        feed.contains("<subtitle>Feeds and maps</subtitle>"),
        "{feed}"
    );
    assert!(
        feed.contains(
            r#"<link rel="self" type="application/atom+xml" href="https://example.org/atom.xml"/>"#
        ),
        "{feed}"
    );
    assert!(
        feed.contains("<updated>2024-02-04T00:00:00Z</updated>"),
        "{feed}"
    );
    let titles: Vec<&str> = feed
        .split("<entry>")
        .skip(1)
        .map(|e| {
            e.split("<title>")
                .nth(1)
                .unwrap()
                .split("</title>")
                .next()
                .unwrap()
        })
        .collect();
    assert_eq!(titles, ["Second", "First &lt;news&gt;", "Team"]);
    assert!(!feed.contains("Undated"), "{feed}");
    assert!(
        feed.contains("<published>2024-02-03T09:00:00Z</published>"),
        "{feed}"
    );
    assert!(
        feed.contains(r#"<summary type="text">The second story</summary>"#),
        "{feed}"
    );
    assert!(
        feed.contains("<content type=\"html\">&lt;p&gt;First story.&lt;/p&gt;"),
        "{feed}"
    );
}

#[test]
fn a_section_with_feed_true_gets_its_own_feed() {
    let site = Site::new("output/extras");
    site.build_ok();
    let feed = site.read("news/atom.xml");
    assert!(
        feed.contains("<title>News - Extras &amp; Co</title>"),
        "{feed}"
    );
    assert!(
        feed.contains(r#"<link rel="self" type="application/atom+xml" href="https://example.org/news/atom.xml"/>"#),
        "{feed}"
    );
    assert!(
        feed.contains(
            r#"<link rel="alternate" type="text/html" href="https://example.org/news/"/>"#
        ),
        "{feed}"
    );
    assert_eq!(feed.matches("<entry>").count(), 2, "{feed}");
    assert!(!feed.contains("Team"), "{feed}");
    assert!(!site.exists("about/atom.xml"), "about has no feed: true");
}

#[test]
fn a_rebuild_replaces_the_previous_output() {
    let site = Site::new("output/extras");
    site.build_ok();
    assert!(site.exists("about/team/index.html"));
    site.remove("content/about/team.md");
    site.build_ok();
    assert!(
        !site.exists("about/team/index.html"),
        "stale files are gone"
    );
    assert!(site.exists(".placard-output"));
    let names: Vec<String> = std::fs::read_dir(site.tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "only site/ and out/ remain: {names:?}");
}

#[test]
fn build_refuses_to_replace_a_folder_it_did_not_create() {
    let site = Site::new("build_cli/basic");
    std::fs::create_dir_all(site.out().join("docs")).unwrap();
    std::fs::write(site.out().join("thesis.txt"), "years of work").unwrap();
    std::fs::write(site.out().join("docs/notes.md"), "notes").unwrap();
    let before = site.output_files();
    let run = site.build().fails();
    run.stderr_has(&[
        "already exists and was not made by placard, so placard will not replace it",
        "Move or delete it yourself, or build somewhere else with --output DIR.",
    ]);
    assert!(
        run.stderr.contains(site.out().to_str().unwrap()),
        "{}",
        run.stderr
    );
    assert!(before == site.output_files(), "the folder's files changed");
}

#[test]
fn build_refuses_to_replace_public_it_did_not_create() {
    let site = Site::new("build_cli/basic");
    let public = site.root().join("public");
    std::fs::create_dir_all(&public).unwrap();
    std::fs::write(public.join("index.html"), "hand-made").unwrap();
    let run = run_in(&site.root(), &["build"], &[]).fails();
    run.stderr_has(&["public already exists and was not made by placard"]);
    assert_eq!(
        std::fs::read_to_string(public.join("index.html")).unwrap(),
        "hand-made"
    );
    assert_eq!(files(&public).len(), 1);
}

#[test]
fn build_refuses_to_replace_a_file() {
    let site = Site::new("build_cli/basic");
    std::fs::write(site.out(), "a file where the output would go").unwrap();
    let run = site.build().fails();
    run.stderr_has(&["was not made by placard"]);
    assert_eq!(
        std::fs::read_to_string(site.out()).unwrap(),
        "a file where the output would go"
    );
}

#[test]
fn build_uses_an_empty_existing_folder() {
    let site = Site::new("build_cli/basic");
    std::fs::create_dir_all(site.out()).unwrap();
    site.build_ok();
    assert!(site.exists("about/index.html") && site.exists(".placard-output"));
}

#[test]
fn two_builds_are_byte_identical() {
    let site = Site::new("output/rich");
    let root = site.root();
    let a = site.tmp.path().join("a");
    let b = site.tmp.path().join("b");
    for out in [&a, &b] {
        run_in(
            site.tmp.path(),
            &[
                "build",
                "--root",
                root.to_str().unwrap(),
                "--output",
                out.to_str().unwrap(),
            ],
            &[],
        )
        .ok();
    }
    let (fa, fb) = (files(&a), files(&b));
    assert!(
        fa.len() > 20,
        "the rich fixture builds many files: {:?}",
        fa.keys()
    );
    assert_eq!(fa.keys().collect::<Vec<_>>(), fb.keys().collect::<Vec<_>>());
    for (name, bytes) in &fa {
        assert!(bytes == &fb[name], "{name} differs between two builds");
    }
    for expected in [
        "news/page/2/index.html",
        "news/atom.xml",
        "tags/news/atom.xml",
        "old-story-1/index.html",
        "news/bundle/leaflet.txt",
        "robots-note.txt",
    ] {
        assert!(
            fa.contains_key(expected),
            "{expected} missing: {:?}",
            fa.keys()
        );
    }
}

#[test]
fn static_files_are_copied_with_fingerprinted_css() {
    let site = Site::new("templates/functions");
    site.build_ok();
    assert_eq!(site.page("css/extra.css"), "body { color: black; }");
    let names: Vec<String> = site
        .output_files()
        .into_keys()
        .filter(|k| k.starts_with("css/extra.") && k != "css/extra.css")
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
    assert_eq!(names[0].len(), "css/extra.12345678.css".len(), "{names:?}");
}
