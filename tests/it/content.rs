//! Content conventions: sections, pages, bundles, dates, slugs, sorting, pagination,
//! summaries, aliases, taxonomies, data files.

use crate::util::{Site, fails_and_keeps_output};

#[test]
fn home_sections_and_pages_have_their_addresses() {
    let site = Site::new("content/sections");
    site.build_ok();
    let home = site.page("index.html");
    assert!(home.starts_with("Home|guides/_index.md"), "{home}");
    assert!(home.contains("|Guides;"), "{home}");
    assert_eq!(
        site.page("guides/index.html"),
        "Guides|/guides/|First guide;|guides/deeper/_index.md|_index.md"
    );
    assert_eq!(
        site.page("guides/deeper/index.html"),
        "Deeper|/guides/deeper/|Leaf;||_index.md,guides/_index.md"
    );
    assert_eq!(
        site.page("guides/first/index.html"),
        "First guide|/guides/first/|guides/first.md|_index.md,guides/_index.md"
    );
    assert_eq!(
        site.page("guides/deeper/leaf/index.html"),
        "Leaf|/guides/deeper/leaf/|guides/deeper/leaf.md|_index.md,guides/_index.md,guides/deeper/_index.md"
    );
}

#[test]
fn a_folder_without_index_gets_no_section_page() {
    let site = Site::new("content/sections");
    site.build_ok();
    assert!(
        site.page("loose/orphan/index.html")
            .starts_with("Orphan|/loose/orphan/")
    );
    assert!(!site.exists("loose/index.html"));
}

#[test]
fn a_folder_without_index_is_not_a_subsection() {
    let site = Site::new("content/sections");
    site.build_ok();
    assert_eq!(site.page("index.html"), "Home|guides/_index.md|Guides;");
}

#[test]
fn a_page_bundle_copies_its_files_beside_the_page() {
    let site = Site::new("content/bundle");
    site.build_ok();
    let html = site.page("news/launch/index.html");
    assert!(
        html.starts_with("Launch|/news/launch/|docs/notes.txt,leaflet.png|"),
        "{html}"
    );
    // The image is also made responsive (see tests/it/images.rs).
    assert!(
        html.contains(r#"<picture>"#) && html.contains(r#"alt="A leaflet""#),
        "{html}"
    );
    // Its full-size original is not published, as no page links it (issue 21; see
    // tests/it/silent.rs for when it is).
    assert!(!site.exists("news/launch/leaflet.png"));
    assert_eq!(site.page("news/launch/docs/notes.txt"), "Speaker notes.");
    assert!(
        !site.exists("news/launch/index.md"),
        "the Markdown itself is not copied"
    );
    assert_eq!(site.page("news/index.html"), "News|Launch;");
}

#[test]
fn dates_from_front_matter_and_file_names() {
    let site = Site::new("content/dates");
    site.build_ok();
    assert_eq!(
        site.page("blog/new-year/index.html"),
        "New Year|2024-01-02||new-year|/blog/new-year/"
    );
    assert!(!site.exists("blog/2024-01-02-new-year/index.html"));
    assert_eq!(
        site.page("blog/timed/index.html"),
        "Timed|2024-03-04T10:30:00+01:00||timed|/blog/timed/"
    );
    assert_eq!(
        site.page("blog/plain/index.html"),
        "Plain|2023-12-25|2024-01-10|plain|/blog/plain/"
    );
    // The front matter's date wins over the file name's; the prefix still leaves the slug.
    assert_eq!(
        site.page("blog/override/index.html"),
        "Override|2024-07-08||override|/blog/override/"
    );
    assert_eq!(
        site.page("blog/index.html"),
        "Override;Timed;New Year;Plain;"
    );
}

#[test]
fn slugs_come_from_slug_or_the_file_name() {
    let site = Site::new("content/slugs");
    site.build_ok();
    assert_eq!(
        site.page("hello-world/index.html"),
        "Hi|hello-world|/hello-world/"
    );
    assert_eq!(
        site.page("my-custom-slug/index.html"),
        "Custom|my-custom-slug|/my-custom-slug/"
    );
    assert!(!site.exists("custom/index.html"));
    assert_eq!(
        site.page("unicode-cafe/index.html"),
        "Unicode|unicode-cafe|/unicode-cafe/"
    );
}

#[test]
fn sections_sort_by_weight_title_or_date() {
    let site = Site::new("content/sorting");
    site.build_ok();
    assert_eq!(site.page("by-weight/index.html"), "Wb,Wc,Wa,Wd,");
    assert_eq!(site.page("by-title/index.html"), "Apple,mango,zebra,");
    assert_eq!(site.page("by-date/index.html"), "new,mid,old,undated,");
}

#[test]
fn an_unknown_sort_by_is_an_error() {
    let run = fails_and_keeps_output("content/sorting", |s| {
        s.write(
            "content/by-title/_index.md",
            "---\ntitle: By title\nsort_by: colour\n---\n",
        );
    });
    run.stderr_has(&["content/by-title/_index.md:3:"]);
    run.stderr_has(&["colour"]);
}

#[test]
fn pagination_writes_numbered_pagers() {
    let site = Site::new("content/pagination");
    site.build_ok();
    assert_eq!(
        site.page("blog/index.html"),
        "1/3|A,B,|-|/blog/page/2/|/blog/|/blog/page/3/|5|2|/blog/"
    );
    assert_eq!(
        site.page("blog/page/2/index.html"),
        "2/3|C,D,|/blog/|/blog/page/3/|/blog/|/blog/page/3/|5|2|/blog/page/2/"
    );
    assert_eq!(
        site.page("blog/page/3/index.html"),
        "3/3|E,|/blog/page/2/|-|/blog/|/blog/page/3/|5|2|/blog/page/3/"
    );
    assert!(!site.exists("blog/page/4/index.html"));
    // /blog/page/1/ sends visitors to /blog/.
    let first = site.read("blog/page/1/index.html");
    assert!(first.contains(r#"content="0; url=/blog/""#), "{first}");
    // Every page is still rendered on its own.
    assert_eq!(site.page("blog/e/index.html"), "E");
}

#[test]
fn summaries_end_at_the_more_marker() {
    let site = Site::new("content/summary");
    site.build_ok();
    assert_eq!(site.page("post/index.html"), "[<p>Intro paragraph.</p>]");
    assert_eq!(site.page("nosummary/index.html"), "[NONE]");
}

#[test]
fn aliases_redirect_without_javascript() {
    let site = Site::new("content/aliases");
    site.build_ok();
    assert_eq!(site.page("new/index.html"), "New");
    for file in [
        "old/index.html",
        "older-page.html",
        "legacy/path/index.html",
    ] {
        let html = site.read(file);
        assert!(
            html.contains(r#"<meta http-equiv="refresh" content="0; url=/new/">"#),
            "{file}: {html}"
        );
        assert!(html.contains(r#"<a href="/new/">"#), "{file}: {html}");
        assert!(
            html.contains(r#"<link rel="canonical" href="https://example.org/new/">"#),
            "{file}: {html}"
        );
        assert!(!html.contains("<script"), "{file}: {html}");
    }
}

#[test]
fn an_alias_that_leaves_the_site_is_an_error() {
    let run = fails_and_keeps_output("content/aliases", |s| {
        s.write(
            "content/new.md",
            "---\ntitle: New\naliases: [\"../../etc/x/\"]\n---\n",
        );
    });
    run.stderr_has(&[
        "content/new.md:3:1",
        "the alias `../../etc/x/` is not an address on this site",
    ]);
}

#[test]
fn taxonomies_have_list_and_term_pages() {
    // b.md names `News` twice (`[News, news]`): it is listed once.
    let site = Site::new("content/taxonomies");
    site.build_ok();
    assert_eq!(
        site.page("tags/index.html"),
        "tags|/tags/|News=news:2:/tags/news/;Safety=safety:1:/tags/safety/;"
    );
    assert_eq!(
        site.page("tags/news/index.html"),
        "tags|News|/tags/news/|B,A,"
    );
    assert_eq!(
        site.page("tags/safety/index.html"),
        "tags|Safety|/tags/safety/|A,"
    );
    assert_eq!(site.page("a/index.html"), "A|Safety,News|Scams");
    assert_eq!(site.page("index.html"), "tags:News(2),Safety(1),");
}

#[test]
fn taxonomy_terms_paginate_and_get_feeds_when_configured() {
    let site = Site::new("content/taxonomies");
    site.build_ok();
    assert_eq!(
        site.page("topics/scams/index.html"),
        "topics|Scams|/topics/scams/|B,A,|pager 1/2:B"
    );
    assert_eq!(
        site.page("topics/scams/page/2/index.html"),
        "topics|Scams|/topics/scams/|B,A,|pager 2/2:A"
    );
    let feed = site.read("topics/scams/atom.xml");
    assert!(
        feed.contains(r#"<link rel="self" type="application/atom+xml" href="https://example.org/topics/scams/atom.xml"/>"#),
        "{feed}"
    );
    assert_eq!(feed.matches("<entry>").count(), 2, "{feed}");
    assert!(!site.exists("tags/news/atom.xml"), "tags has no feed: true");
    let sitemap = site.read("sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://example.org/tags/news/</loc>"),
        "{sitemap}"
    );
}

#[test]
fn an_undeclared_taxonomy_is_an_error_with_a_suggestion() {
    let run = fails_and_keeps_output("content/taxonomies", |s| {
        s.write(
            "content/b.md",
            "---\ntitle: B\ntaxonomies:\n  tag: [News]\n---\n",
        );
    });
    run.stderr_has(&[
        "content/b.md:3:1",
        "the taxonomy `tag` is not declared in placard.yaml",
        "did you mean `tags`?",
    ]);
}

#[test]
fn data_files_are_available_to_templates() {
    let site = Site::new("content/data");
    site.build_ok();
    assert_eq!(
        site.page("index.html"),
        "Ana=0161;Ben=0113;|Be safe|Leeds=0113;York=01904;|no,017|York|2024|York"
    );
}

#[test]
fn a_broken_data_file_is_an_error_at_its_line() {
    let run = fails_and_keeps_output("content/data", |s| {
        s.write(
            "data/site.json",
            "{\n  \"motto\": \"Be safe\",,\n  \"year\": 2024\n}\n",
        );
    });
    run.stderr_has(&["data/site.json:2:", "this JSON file is not valid"]);
}

#[test]
fn a_broken_yaml_data_file_is_an_error_at_its_line() {
    let run = fails_and_keeps_output("content/data", |s| {
        s.write(
            "data/team.yaml",
            "- name: Ana\n  phone: [0161\n- name: Ben\n",
        );
    });
    run.stderr_has(&["data/team.yaml:", "this data file is not valid"]);
}

#[test]
fn two_pages_at_one_address_are_an_error_naming_both() {
    let site = Site::new("content/duplicate_url");
    let run = site.build().fails();
    run.stderr_has(&[
        "content/b.md",
        "content/a.md",
        "this page would be written at /b/, where content/a.md is already written",
    ]);
    assert!(!site.out().exists());
}

#[test]
fn a_page_and_a_bundle_at_one_address_are_an_error() {
    let run = fails_and_keeps_output("content/bundle", |s| {
        s.write("content/news/launch.md", "---\ntitle: Launch again\n---\n");
    });
    run.stderr_has(&[
        "content/news/launch.md",
        "content/news/launch/index.md",
        "would be written at /news/launch/",
    ]);
}

#[test]
fn the_home_page_can_be_paginated() {
    let site = Site::new("content/pagination");
    site.write(
        "content/_index.md",
        "---\ntitle: Home\npaginate_by: 1\n---\n",
    );
    site.write("content/x.md", "---\ntitle: X\n---\n");
    site.write("content/y.md", "---\ntitle: Y\n---\n");
    site.write(
        "templates/index.html",
        "{{ paginator.current_index }}/{{ paginator.number_pagers }}|{% for p in paginator.pages %}{{ p.title }}{% endfor %}|{{ current_path }}",
    );
    site.build_ok();
    assert_eq!(site.page("index.html"), "1/2|X|/");
    assert_eq!(site.page("page/2/index.html"), "2/2|Y|/page/2/");
}

#[test]
fn an_alias_over_an_existing_page_is_an_error_naming_both() {
    let run = fails_and_keeps_output("content/aliases", |s| {
        s.write("content/other.md", "---\ntitle: Other\n---\n");
        s.write(
            "content/new.md",
            "---\ntitle: New\naliases: [/other/]\n---\n",
        );
    });
    run.stderr_has(&[
        "content/new.md",
        "the alias /other/ would be written at /other/, where content/other.md is already written",
    ]);
}

#[test]
fn two_pages_at_one_address_error_points_at_a_line() {
    let site = Site::new("content/duplicate_url");
    let run = site.build().fails();
    run.stderr_has(&["content/b.md:1:1"]);
}
