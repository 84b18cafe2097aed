//! Languages: translated pages beside their originals, `/<code>/` addresses, hreflang, the
//! language switcher, `lang`/`dir`, UI strings with fallback and recorded misses, per-language
//! sections, sitemaps, feeds and generated pages.

use crate::util::{Site, fails_and_keeps_output};

/// The lines of `html` that contain `needle`.
fn lines_with<'a>(html: &'a str, needle: &str) -> Vec<&'a str> {
    html.lines().filter(|l| l.contains(needle)).collect()
}

#[test]
fn translations_live_under_their_language_code() {
    let site = Site::new("i18n/basic");
    site.build_ok();
    for rel in [
        "index.html",
        "about/index.html",
        "news/first/index.html",
        "news/second/index.html",
        "kit/index.html",
        "kit/poster.txt",
        "ur/index.html",
        "ur/about/index.html",
        "ur/news/index.html",
        "ur/news/first/index.html",
        "ur/news/third/index.html",
        // A translation may set its own slug.
        "pl/o-nas/index.html",
        // A translated bundle gets its files too.
        "pl/kit/index.html",
        "pl/kit/poster.txt",
        // `.v2` is not a language code: part of the page's name.
        "notes-v2/index.html",
    ] {
        assert!(site.exists(rel), "{rel} is missing");
    }
    for rel in [
        "news/third/index.html",
        "pl/about/index.html",
        "ur/news/second/index.html",
    ] {
        assert!(!site.exists(rel), "{rel} should not exist");
    }
    assert!(site.read("ur/about/index.html").contains("ہمارے بارے میں"));
}

#[test]
fn html_has_the_language_and_direction() {
    let site = Site::new("i18n/basic");
    site.build_ok();
    for (rel, tag) in [
        ("about/index.html", r#"<html lang="en" dir="ltr">"#),
        ("ur/about/index.html", r#"<html lang="ur" dir="rtl">"#),
        ("ur/news/page/2/index.html", r#"<html lang="ur" dir="rtl">"#),
        ("pl/o-nas/index.html", r#"<html lang="pl" dir="ltr">"#),
    ] {
        assert!(site.read(rel).contains(tag), "{rel} lacks {tag}");
    }
}

#[test]
fn every_version_is_an_hreflang_alternate_with_x_default() {
    let site = Site::new("i18n/basic");
    site.build_ok();
    let expected = [
        r#"<link rel="alternate" hreflang="en" href="https://example.org/about/">"#,
        r#"<link rel="alternate" hreflang="ur" href="https://example.org/ur/about/">"#,
        r#"<link rel="alternate" hreflang="pl" href="https://example.org/pl/o-nas/">"#,
        r#"<link rel="alternate" hreflang="x-default" href="https://example.org/about/">"#,
    ];
    for rel in [
        "about/index.html",
        "ur/about/index.html",
        "pl/o-nas/index.html",
    ] {
        let html = site.read(rel);
        assert_eq!(
            html.matches(r#"<link rel="alternate" hreflang="#).count(),
            4,
            "{rel}"
        );
        for e in expected {
            assert!(html.contains(e), "{rel} lacks {e}");
        }
    }
    assert!(
        site.read("ur/about/index.html")
            .contains(r#"<link rel="canonical" href="https://example.org/ur/about/">"#)
    );
    // A page in one language only has no alternates and no switcher.
    let only = site.read("news/second/index.html");
    assert!(!only.contains("hreflang"), "{only}");
    assert!(!only.contains("class=\"translations\""));
}

#[test]
fn the_switcher_lists_only_the_languages_the_page_exists_in() {
    let site = Site::new("i18n/basic");
    site.build_ok();
    let html = site.read("ur/about/index.html");
    assert!(
        html.contains(r#"<nav class="translations" aria-label="یہ صفحہ دوسری زبانوں میں">"#),
        "{html}"
    );
    let links = lines_with(&html, "translations__link");
    assert_eq!(links.len(), 3, "{links:?}");
    assert!(links[0].contains(r#"href="/about/" hreflang="en" lang="en" dir="ltr">English</a>"#));
    assert!(links[1].contains(
        r#"href="/ur/about/" hreflang="ur" lang="ur" dir="rtl" aria-current="page">اردو</a>"#
    ));
    assert!(links[2].contains(r#"href="/pl/o-nas/" hreflang="pl" lang="pl" dir="ltr">Polski</a>"#));

    // English and Urdu only: no Polish link.
    let first = site.read("news/first/index.html");
    let links = lines_with(&first, "translations__link");
    assert_eq!(links.len(), 2, "{links:?}");
    assert!(links[0].contains("aria-current=\"page\">English</a>"));
    assert!(links[1].contains(r#"lang="ur""#));
    assert!(!first.contains("Polski"));
}

#[test]
fn links_go_to_the_same_language_when_it_exists() {
    let site = Site::new("i18n/basic");
    site.build_ok();
    let ur = site.read("ur/about/index.html");
    assert!(ur.contains(r#"<a href="/ur/news/">"#), "{ur}");
    // The anchor is checked against the Urdu page's headings.
    assert!(ur.contains(r#"<a href="/ur/news/first/#details">"#), "{ur}");
    // No Polish news: the link goes to the English section.
    let pl = site.read("pl/o-nas/index.html");
    assert!(pl.contains(r#"<a href="/news/">"#), "{pl}");
    // The header's home link and breadcrumbs stay in the language.
    assert!(
        ur.contains(r#"<a class="site-header__title" href="/ur/""#),
        "{ur}"
    );
}

#[test]
fn data_in_the_default_language_is_marked_on_translated_pages() {
    let site = Site::new("i18n/basic");
    site.build_ok();
    // Urdu has no translation of helplines.yaml: its texts are marked as English where they
    // are shown, whichever template shows them.
    let ur = site.read("ur/about/index.html");
    let span = r#"<span lang="en" dir="ltr">Test helpline</span>"#;
    assert!(
        ur.contains(&format!(r#"<h3 class="contact__name">{span}</h3>"#)),
        "{ur}"
    );
    assert!(ur.contains(
        r#"<p class="contact__description"><span lang="en" dir="ltr">A test helpline, written in English.</span></p>"#
    ));
    // The "Get help now" block too.
    assert!(
        ur.contains(&format!(r#"<p class="get-help__name">{span}"#)),
        "{ur}"
    );
    // Polish has one: its text, not marked.
    let pl = site.read("pl/o-nas/index.html");
    assert!(pl.contains("Testowa infolinia"), "{pl}");
    assert!(!pl.contains(r#"lang="en" dir="ltr">Test"#), "{pl}");
    // The number stays left to right.
    assert!(ur.contains(r#"<bdi dir="ltr">08000 000 000</bdi>"#));
    let en = site.read("about/index.html");
    assert!(!en.contains(r#"<span lang="en""#), "{en}");
}

#[test]
fn sections_list_and_paginate_their_own_language() {
    let site = Site::new("i18n/basic");
    site.build_ok();
    let page1 = site.read("ur/news/index.html");
    assert!(page1.contains("تیسری خبر"), "{page1}");
    assert!(!page1.contains("Second story") && !page1.contains("First story"));
    assert!(page1.contains("صفحہ 1 از 2"), "{page1}");
    let page2 = site.read("ur/news/page/2/index.html");
    assert!(page2.contains("پہلی خبر") && page2.contains("صفحہ 2 از 2"));
    let en = site.read("news/index.html");
    assert!(en.contains("Page 1 of 2") && !en.contains("تیسری"));
    // Taxonomies too.
    let term = site.read("ur/topics/people/index.html");
    assert!(
        term.contains("ہمارے بارے میں") && !term.contains("About us"),
        "{term}"
    );
    let term = site.read("topics/people/index.html");
    assert!(term.contains("About us") && !term.contains("ہمارے بارے میں"));
}

#[test]
fn pending_translations_say_so_in_both_languages() {
    let site = Site::new("i18n/basic");
    site.build_ok();
    let ur = site.read("ur/about/index.html");
    assert!(
        ur.contains(r#"class="translation-review" role="note""#),
        "{ur}"
    );
    assert!(ur.contains("ترجمے کی ابھی جانچ نہیں ہوئی"));
    assert!(ur.contains(r#"<p lang="en" dir="ltr">This page has been translated from English."#));
    assert!(!site.read("about/index.html").contains("translation-review"));
    assert!(
        !site
            .read("pl/o-nas/index.html")
            .contains("translation-review")
    );
}

#[test]
fn sitemaps_and_feeds_are_per_language() {
    let site = Site::new("i18n/basic");
    site.build_ok();
    let all = site.read("sitemap.xml");
    assert!(all.contains(r#"xmlns:xhtml="http://www.w3.org/1999/xhtml""#));
    assert!(all.contains("<loc>https://example.org/ur/about/</loc>"));
    assert!(all.contains(
        r#"<xhtml:link rel="alternate" hreflang="pl" href="https://example.org/pl/o-nas/"/>"#
    ));
    let ur = site.read("ur/sitemap.xml");
    let locs = lines_with(&ur, "<loc>");
    assert!(
        locs.iter().all(|l| l.contains("https://example.org/ur/")),
        "{ur}"
    );
    assert!(locs.iter().any(|l| l.contains("/ur/news/third/")));
    assert!(site.read("pl/sitemap.xml").contains("/pl/o-nas/"));

    let feed = site.read("ur/atom.xml");
    assert!(feed.contains(r#"xml:lang="ur""#), "{feed}");
    assert!(feed.contains("<title>تیسری خبر</title>") && !feed.contains("Second story"));
    let en = site.read("atom.xml");
    assert!(en.contains(r#"xml:lang="en""#) && en.contains("Second story"));
    assert!(!en.contains("تیسری"));
    // Polish has no dated page: its feed is empty but valid.
    assert!(site.read("pl/atom.xml").contains(r#"xml:lang="pl""#));
}

#[test]
fn missing_strings_fall_back_and_are_recorded() {
    let site = Site::new("i18n/fallback");
    site.build_ok();
    let fr = site.read("fr/index.html");
    assert!(fr.contains(r#"<p id="greeting">Bonjour</p>"#), "{fr}");
    // A word in the default language says so.
    assert!(
        fr.contains(r#"<p id="farewell"><span lang="en" dir="ltr">Goodbye</span></p>"#),
        "{fr}"
    );
    assert!(fr.contains(r#"<p id="pages">Page 2 sur 5</p>"#), "{fr}");
    assert!(fr.contains(r#"<p id="nowhere">nowhere</p>"#), "{fr}");
    assert!(fr.contains(r#"<p id="date">5 mars 2024</p>"#), "{fr}");
    assert!(fr.contains(r#"<p id="home">/fr/</p>"#), "{fr}");
    assert!(
        site.read("index.html")
            .contains(r#"<p id="date">5 March 2024</p>"#)
    );
    // The site's i18n/en.yaml lacks `page_x_of_y`: it is merged over the theme's words, so
    // the theme's stays.
    assert!(
        site.read("index.html")
            .contains(r#"<p id="pages">Page 2 of 5</p>"#),
        "{}",
        site.read("index.html")
    );

    // The build reports every miss for `placard check` (rule i18n-missing).
    let report = placard::build(&placard::BuildOptions {
        root: site.root(),
        output: Some(site.tmp.path().join("lib-out")),
        base_url: Some(crate::util::TEST_BASE_URL.into()),
        ..Default::default()
    })
    .unwrap();
    let misses: Vec<(&str, &str, &str, &str)> = report
        .i18n_misses
        .iter()
        .map(|m| {
            (
                m.lang.as_str(),
                m.key.as_str(),
                m.template.as_str(),
                m.file.as_str(),
            )
        })
        .collect();
    assert_eq!(
        misses,
        [
            ("en", "nowhere", "index.html", "i18n/en.yaml"),
            ("fr", "farewell", "index.html", "i18n/fr.yaml"),
            ("fr", "nowhere", "index.html", "i18n/fr.yaml"),
        ]
    );
}

#[test]
fn the_bundled_theme_strings_are_complete_in_urdu_and_polish() {
    let site = Site::new("i18n/basic");
    let report = placard::build(&placard::BuildOptions {
        root: site.root(),
        output: Some(site.out()),
        ..Default::default()
    })
    .unwrap();
    assert!(report.i18n_misses.is_empty(), "{:?}", report.i18n_misses);
}

#[test]
fn an_undeclared_language_code_is_an_error() {
    let run = fails_and_keeps_output("i18n/basic", |site| {
        site.write("content/about.ru.md", "---\ntitle: О нас\n---\n");
    });
    run.stderr_has(&[
        "content/about.ru.md:1:1",
        "a language placard.yaml does not declare",
        "did you mean `ur` (about.ur.md)?",
    ]);
    let run = fails_and_keeps_output("i18n/basic", |site| {
        site.write("content/news/first.de.md", "---\ntitle: Erste\n---\n");
    });
    run.stderr_has(&[
        "content/news/first.de.md:1:1",
        "add `de` under `languages:` in placard.yaml",
    ]);
}

#[test]
fn translated_sections_generate_pages_from_their_own_data() {
    let site = Site::new("i18n/generated");
    site.build_ok();
    let ur = site.read("ur/report/bury/index.html");
    assert!(ur.contains("<title>بری میں اطلاع دیں"), "{ur}");
    // placard.yaml does not name English: the switcher still does.
    assert!(ur.contains(r#"lang="en" dir="ltr">English</a>"#), "{ur}");
    assert!(ur.contains(r#"<html lang="ur" dir="rtl">"#));
    assert!(ur.contains(
        r#"<link rel="alternate" hreflang="en" href="https://example.org/report/bury/">"#
    ));
    let en = site.read("report/bury/index.html");
    assert!(en.contains("<title>Report in Bury"), "{en}");
    assert!(en.contains(
        r#"<link rel="alternate" hreflang="ur" href="https://example.org/ur/report/bury/">"#
    ));
    let list = site.read("ur/report/index.html");
    assert!(list.contains("بولٹن میں اطلاع دیں") && !list.contains("Report in Bolton"));
}

#[test]
fn builds_with_translations_are_deterministic() {
    let site = Site::new("i18n/basic");
    site.build_ok();
    let first = site.output_files();
    site.build_ok();
    assert!(first == site.output_files(), "two builds differ");
}
