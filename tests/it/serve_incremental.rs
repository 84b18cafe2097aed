//! `serve`'s incremental rebuilds must give exactly what a fresh build of the same files gives.

use std::path::PathBuf;

use placard::content::LoadOptions;
use placard::serve::LiveSite;
use placard::serve::plan::{Plan, plan};

use crate::util::Site as Fixture;

/// Rebuilds `site` for a change of `rel` the way the server does, and checks the result
/// against a fresh build byte for byte. Returns the plan and how many HTML files were rendered.
#[track_caller]
fn step(fx: &Fixture, site: &mut LiveSite, rel: &str) -> (Plan, usize) {
    let plan = site
        .plan(&[PathBuf::from(rel)])
        .expect("a change the site uses");
    let done = site.rebuild(&plan).expect("the rebuild succeeds");
    if !site.probed() {
        site.probe().unwrap();
    }
    same_as_fresh(fx, site);
    (plan, done.rendered)
}

#[track_caller]
fn same_as_fresh(fx: &Fixture, site: &LiveSite) {
    let fresh = LiveSite::load(&fx.root(), LoadOptions::default()).unwrap();
    let (a, b) = (site.files(), fresh.files());
    let mut ka: Vec<_> = a.keys().collect();
    let mut kb: Vec<_> = b.keys().collect();
    ka.sort();
    kb.sort();
    assert_eq!(ka, kb, "the incremental rebuild has different files");
    for k in ka {
        assert!(
            a[k] == b[k],
            "{k} differs:\nincremental:\n{}\nfresh:\n{}",
            String::from_utf8_lossy(&a[k]),
            String::from_utf8_lossy(&b[k])
        );
    }
}

fn edit(fx: &Fixture, rel: &str, from: &str, to: &str) {
    let path = fx.root().join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} has no {from:?}");
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn incremental_rebuilds_equal_a_fresh_build() {
    let fx = Fixture::new("serve/site");
    let mut site = LiveSite::load(&fx.root(), LoadOptions::default()).unwrap();
    site.probe().unwrap();
    same_as_fresh(&fx, &site);

    // Body-only edits: the page, the home page (shows summaries), its section's pager (shows
    // word counts), not the other pages.
    edit(&fx, "content/news/one.md", "starts here", "begins now");
    let (plan, rendered) = step(&fx, &mut site, "content/news/one.md");
    assert!(matches!(plan, Plan::Pages(_)));
    assert!(rendered < 8, "a body edit rendered {rendered} files");
    edit(
        &fx,
        "content/news/two.md",
        "Body of story two.",
        "Body of story two, longer now.",
    );
    step(&fx, &mut site, "content/news/two.md");
    edit(&fx, "content/about.md", "About us.", "About all of us.");
    let (_, rendered) = step(&fx, &mut site, "content/about.md");
    // The about page, and the home page, which lists the home section (about's section) and
    // shows other pages' summaries: conservative, but not every page.
    assert!(
        rendered <= 2,
        "a body edit of about.md rendered {rendered} files"
    );

    // Front matter (order changes), a new page, a deleted page.
    edit(&fx, "content/news/three.md", "weight: 3", "weight: 0");
    step(&fx, &mut site, "content/news/three.md");
    fx.write(
        "content/news/four.md",
        "---\ntitle: Story four\nweight: 4\n---\nThe fourth.\n",
    );
    step(&fx, &mut site, "content/news/four.md");
    fx.remove("content/news/two.md");
    step(&fx, &mut site, "content/news/two.md");
    edit(
        &fx,
        "content/news/_index.md",
        "All the news.",
        "Every story.",
    );
    step(&fx, &mut site, "content/news/_index.md");

    // Templates, data, static files, configuration.
    edit(&fx, "templates/page.html", "Lead:", "Our lead:");
    let (plan, _) = step(&fx, &mut site, "templates/page.html");
    assert_eq!(plan, Plan::Templates);
    edit(&fx, "data/team.yaml", "Sam", "Alex");
    step(&fx, &mut site, "data/team.yaml");
    edit(&fx, "static/img/dot.txt", "a dot", "a bigger dot");
    let (_, rendered) = step(&fx, &mut site, "static/img/dot.txt");
    assert_eq!(rendered, 0, "a static file is copied alone");
    edit(&fx, "static/style.css", "black", "navy");
    step(&fx, &mut site, "static/style.css");
    fx.write("static/new.txt", "new");
    step(&fx, &mut site, "static/new.txt");
    edit(&fx, "placard.yaml", "Serve test", "Serve test site");
    step(&fx, &mut site, "placard.yaml");

    // An image in a page's text: made by the image stage, so the page takes the full path.
    let png = fx.root().join("static/img/dot.png");
    image::RgbImage::from_pixel(40, 30, image::Rgb([200, 30, 30]))
        .save(&png)
        .unwrap();
    step(&fx, &mut site, "static/img/dot.png");
    edit(
        &fx,
        "content/about.md",
        "About all of us.",
        "About all of us.\n\n![A red dot](/img/dot.png)",
    );
    step(&fx, &mut site, "content/about.md");
    assert!(
        String::from_utf8_lossy(&site.files()["about/index.html"]).contains("<picture"),
        "the image was not made"
    );
    // A new version of the image: its variants are made again.
    image::RgbImage::from_pixel(48, 30, image::Rgb([30, 30, 200]))
        .save(&png)
        .unwrap();
    let (plan, _) = step(&fx, &mut site, "static/img/dot.png");
    assert_eq!(plan, Plan::Full);
    edit(
        &fx,
        "content/about.md",
        "About all of us.",
        "About every one of us.",
    );
    step(&fx, &mut site, "content/about.md");

    // A body edit after all that is still exact.
    edit(
        &fx,
        "content/news/one.md",
        "Body of story one.",
        "Body of story one, edited.",
    );
    step(&fx, &mut site, "content/news/one.md");
}

#[test]
fn a_failed_rebuild_changes_nothing() {
    let fx = Fixture::new("serve/site");
    let mut site = LiveSite::load(&fx.root(), LoadOptions::default()).unwrap();
    site.probe().unwrap();
    let before = site.files();
    // about.md links to #details-of-one: renaming the heading breaks the link.
    edit(
        &fx,
        "content/news/one.md",
        "## Details of one",
        "## More of one",
    );
    let plan = plan(&[PathBuf::from("content/news/one.md")], "default").unwrap();
    let err = site.rebuild(&plan).unwrap_err();
    assert!(err.to_string().contains("problem") || matches!(err, placard::Error::Site(_)));
    assert!(site.files() == before, "a failed rebuild changed the files");
    // Fixed: the next rebuild works and matches a fresh build.
    edit(
        &fx,
        "content/news/one.md",
        "## More of one",
        "## Details of one",
    );
    site.rebuild(&plan).unwrap();
    same_as_fresh(&fx, &site);
}

#[test]
fn the_bundled_site_after_edits_equals_a_fresh_build() {
    let tmp = tempfile::tempdir().unwrap();
    crate::util::copy_bundled(&tmp.path().join("site"));
    let fx = Fixture { tmp };
    let mut site = LiveSite::load(&fx.root(), LoadOptions::default()).unwrap();
    site.probe().unwrap();
    for (rel, from, to) in [
        (
            "content/home-truths/signs.md",
            "You do not need",
            "You really do not need",
        ),
        (
            "content/_index.md",
            "Programme Challenger",
            "Programme  Challenger",
        ),
        (
            "content/trapped/signs-in-a-young-person.md",
            "\n## ",
            "\nA new paragraph.\n\n## ",
        ),
        (
            "content/_index.ur.md",
            "\n## ",
            "\nایک نیا پیراگراف۔\n\n## ",
        ),
        (
            "content/crossing-the-lines/year-5/session-plan.md",
            "## Before the lesson",
            "A new line.\n\n## Before the lesson",
        ),
    ] {
        edit(&fx, rel, from, to);
        step(&fx, &mut site, rel);
    }
}

#[test]
fn a_section_accent_edit_reaches_the_brand_stylesheet() {
    let fx = Fixture::new("theme/other-campaign");
    let mut site = LiveSite::load(&fx.root(), LoadOptions::default()).unwrap();
    let brand = |site: &LiveSite| -> String {
        let files = site.files();
        let (_, css) = files
            .iter()
            .find(|(k, _)| k.starts_with("css/brand.") && k.ends_with(".css"))
            .expect("a brand stylesheet");
        String::from_utf8_lossy(css).into_owned()
    };
    assert!(brand(&site).contains("#7a2e8c"));
    edit(
        &fx,
        "content/safe-at-home/_index.md",
        "accent: \"#7a2e8c\"",
        "accent: \"#1f5c3a\"",
    );
    step(&fx, &mut site, "content/safe-at-home/_index.md");
    let css = brand(&site);
    assert!(css.contains("#1f5c3a"), "{css}");
    assert!(!css.contains("#7a2e8c"), "{css}");
    // A colour too light for white text is refused, and the last site that worked stays.
    edit(
        &fx,
        "content/safe-at-home/_index.md",
        "accent: \"#1f5c3a\"",
        "accent: \"#f0f0f0\"",
    );
    let plan = site
        .plan(&[PathBuf::from("content/safe-at-home/_index.md")])
        .unwrap();
    assert!(site.rebuild(&plan).is_err());
    assert!(brand(&site).contains("#1f5c3a"));
}

#[test]
fn a_template_edit_in_two_steps_equals_a_fresh_build() {
    let fx = Fixture::new("serve/site");
    let mut site = LiveSite::load(&fx.root(), LoadOptions::default()).unwrap();
    site.probe().unwrap();
    let before = site.files();
    edit(&fx, "templates/page.html", "Lead:", "Our lead:");
    let begun = site
        .begin_templates(&["news/one/index.html".to_string()])
        .unwrap();
    assert_eq!(begun.first, 1, "the page read is rendered first");
    // Until the second step, the site's own files are the last build's.
    assert!(site.files() == before);
    let published = std::sync::Mutex::new(None);
    let (rendered, _) = site
        .finish_templates(begun, &|files, e| {
            assert!(e.is_none(), "{e:?}");
            *published.lock().unwrap() = Some(files);
        })
        .unwrap();
    assert!(rendered > 5, "{rendered} files rendered");
    let published = published.into_inner().unwrap().expect("published");
    assert!(
        published == site.files(),
        "published files are not the site's"
    );
    same_as_fresh(&fx, &site);
    // The pass noted what each file depends on: later edits still rebuild exactly.
    site.probe().unwrap();
    edit(&fx, "content/news/one.md", "starts here", "begins now");
    let (plan, _) = step(&fx, &mut site, "content/news/one.md");
    assert!(matches!(plan, Plan::Pages(_)));
    edit(&fx, "content/about.md", "About us.", "About all of us.");
    step(&fx, &mut site, "content/about.md");
}

#[test]
fn a_failed_second_step_changes_nothing() {
    let fx = Fixture::new("serve/site");
    let mut site = LiveSite::load(&fx.root(), LoadOptions::default()).unwrap();
    let before = site.files();
    edit(
        &fx,
        "templates/page.html",
        "Lead:",
        "{% if page.title == \"Story two\" %}{{ page.no_such_field.x }}{% endif %}Lead:",
    );
    let begun = site
        .begin_templates(&["news/one/index.html".to_string()])
        .unwrap();
    let published = std::sync::Mutex::new(None);
    let result = site.finish_templates(begun, &|files, e| {
        *published.lock().unwrap() = Some((files, e.map(|e| format!("{e:?}"))));
    });
    assert!(result.is_err(), "the pass should fail on story two");
    let (files, error) = published.into_inner().unwrap().expect("published");
    assert!(files == before, "the last good files are not served");
    let error = error.expect("the error is published");
    assert!(error.contains("page.html"), "{error}");
    assert!(site.files() == before);
    // The site still rebuilds from where it was.
    edit(
        &fx,
        "templates/page.html",
        "{% if page.title == \"Story two\" %}{{ page.no_such_field.x }}{% endif %}",
        "",
    );
    step(&fx, &mut site, "templates/page.html");
}

/// Only the feeds that list an edited page are made again: on a site with more dated pages than
/// a feed lists, an edit of a page the feeds leave out and of one they list both give what a
/// fresh build gives, and the tag feed of pages with one date lists them by address.
#[test]
fn feeds_after_edits_of_listed_and_unlisted_pages_equal_a_fresh_build() {
    let fx = Fixture::new("serve/site");
    fx.write(
        "placard.yaml",
        "title: Serve test\nbase_url: https://example.org\nminify: false\ncountry: GB\n\
         taxonomies:\n  - name: tags\n    feed: true\n",
    );
    let n = placard::extras::FEED_LIMIT + 12;
    for i in 0..n {
        // Days 1 to 28 repeat, so some pages share a date and are ordered by address.
        let day = 1 + i % 28;
        fx.write(
            &format!("content/news/dated-{i:03}.md"),
            format!(
                "---\ntitle: Dated {i}\ndate: 2024-0{}-{day:02}\ntaxonomies:\n  tags: [dated]\n---\nStory {i} text.\n",
                1 + i / 28
            ),
        );
    }
    let mut site = LiveSite::load(&fx.root(), LoadOptions::default()).unwrap();
    site.probe().unwrap();
    let feed = String::from_utf8(site.files()["tags/dated/atom.xml"].to_vec()).unwrap();
    assert_eq!(feed.matches("<entry>").count(), placard::extras::FEED_LIMIT);
    // The oldest page (2024-01-01) is not listed; the newest is.
    assert!(!feed.contains("Dated 0<"), "{feed}");
    assert!(feed.contains(&format!("Dated {}<", n - 1)), "{feed}");
    // Newest first; pages of one date by address.
    let mut expected: Vec<usize> = (0..n).collect();
    expected.sort_by_key(|i| (std::cmp::Reverse((1 + i / 28, 1 + i % 28)), *i));
    let titles: Vec<String> = expected[..placard::extras::FEED_LIMIT]
        .iter()
        .map(|i| format!("<title>Dated {i}</title>"))
        .collect();
    let shown: Vec<&str> = feed.matches("<title>Dated ").collect();
    assert_eq!(shown.len(), titles.len());
    let mut at = 0;
    for t in &titles {
        let found = feed[at..]
            .find(t.as_str())
            .unwrap_or_else(|| panic!("{t} out of order"));
        at += found + t.len();
    }
    edit(
        &fx,
        "content/news/dated-000.md",
        "Story 0 text.",
        "Story 0 edited.",
    );
    step(&fx, &mut site, "content/news/dated-000.md");
    let last = format!("content/news/dated-{:03}.md", n - 1);
    edit(&fx, &last, "text.", "edited in the feed.");
    step(&fx, &mut site, &last);
    let feed = String::from_utf8(site.files()["tags/dated/atom.xml"].to_vec()).unwrap();
    assert!(feed.contains("edited in the feed."), "{feed}");
}
