//! Translated data (`data/<name>.<lang>.yaml` over `data/<name>.yaml`): per-language values,
//! fallback marked `lang="en"`, `i18n-missing` and `translation-review` in `placard check`,
//! and the errors of an overlay that does not match its base.

use crate::util::{Site, fails_and_keeps_output, json_findings};

/// `placard check --format json` findings as (rule, path, line, message).
fn check(site: &Site) -> Vec<(String, String, u64, String)> {
    json_findings(&site.check(&["--format", "json"]))
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["path"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap_or(0),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn a_page_sees_its_language_and_falls_back_marked() {
    let site = Site::new("translations/data");
    site.build_ok();
    let ur = site.read("ur/index.html");
    assert!(
        ur.contains(r#"<h3 class="contact__name">مشورہ لائن</h3>"#),
        "{ur}"
    );
    assert!(ur.contains("مشورے کے لیے کال کریں۔"));
    assert!(ur.contains(r#"<h3 class="contact__name">رات کی لائن</h3>"#));
    // `night.description` has no Urdu: the English, marked.
    assert!(
        ur.contains(
            r#"<p class="contact__description"><span lang="en" dir="ltr">Call at night.</span></p>"#
        ),
        "{ur}"
    );
    // Numbers are never translated, and never marked.
    assert!(ur.contains(r#"<bdi dir="ltr">0800 000 002</bdi>"#));
    // Polish has no translation at all: every text that Urdu translates is marked.
    let pl = site.read("pl/index.html");
    assert!(
        pl.contains(
            r#"<h3 class="contact__name"><span lang="en" dir="ltr">Advice line</span></h3>"#
        ),
        "{pl}"
    );
    // English pages: the base data, no marks.
    let en = site.read("index.html");
    assert!(en.contains(r#"<h3 class="contact__name">Advice line</h3>"#));
    assert!(!en.contains(r#"<span lang="en""#));
}

#[test]
fn pages_from_data_use_the_translation_matched_by_slug() {
    let site = Site::new("translations/data");
    site.build_ok();
    let north = site.read("ur/report/north/index.html");
    assert!(north.contains("<title>شمالی قصبہ میں اطلاع دیں"), "{north}");
    assert!(
        site.read("ur/report/south/index.html")
            .contains("جنوبی قصبہ")
    );
    assert!(
        site.read("report/north/index.html")
            .contains("Report in North Town")
    );
}

#[test]
fn check_reports_missing_texts_at_their_line_and_reviews_once_per_language() {
    let site = Site::new("translations/data");
    let findings = check(&site);
    let missing: Vec<(&str, u64, &str)> = findings
        .iter()
        .filter(|f| f.0 == "i18n-missing")
        .map(|f| (f.1.as_str(), f.2, f.3.as_str()))
        .collect();
    assert!(
        missing.contains(&(
            "data/helplines.yaml",
            9,
            "the اردو (ur) text of `night.description` is missing, so pages in that language show the `en` text"
        )),
        "{missing:#?}"
    );
    // The second contact of North Town, matched by position.
    assert!(
        missing.iter().any(|m| m.0 == "data/places.yaml"
            && m.1 == 8
            && m.2.contains("`[0].contacts[1].name`")),
        "{missing:#?}"
    );
    // `kind` and `phone` are never expected.
    assert!(
        !missing
            .iter()
            .any(|m| m.2.contains("kind") || m.2.contains("phone"))
    );
    // Polish lacks every text Urdu translates: 5 in helplines (night has no hours), 4 names
    // in places.
    assert_eq!(
        missing.iter().filter(|m| m.2.contains("(pl)")).count(),
        9,
        "{missing:#?}"
    );
    let review: Vec<&(String, String, u64, String)> = findings
        .iter()
        .filter(|f| f.0 == "translation-review")
        .collect();
    // One per language: Polish for the theme's words, Urdu for them and its data.
    assert_eq!(review.len(), 2, "{review:#?}");
    let ur = review.iter().find(|f| f.3.contains("(ur)")).unwrap();
    assert!(
        ur.3.starts_with(
            "the اردو (ur) translation awaits review by a fluent speaker: the theme's words ("
        ) && ur
            .3
            .ends_with("data/helplines.ur.yaml, data/places.ur.yaml"),
        "{ur:?}"
    );
    let pl = review.iter().find(|f| f.3.contains("(pl)")).unwrap();
    assert!(!pl.3.contains("data/"), "{pl:?}");
}

#[test]
fn an_overlay_key_the_base_lacks_is_an_error_at_its_line() {
    let run = fails_and_keeps_output("translations/data", |site| {
        site.write("data/helplines.ur.yaml", "advice:\n  nmae: \"مشورہ لائن\"\n");
    });
    run.stderr_has(&[
        "data/helplines.ur.yaml:2:3",
        "`nmae` is not in data/helplines.yaml",
        "did you mean `name`?",
    ]);
    let run = fails_and_keeps_output("translations/data", |site| {
        site.write("data/places.ur.yaml", "- slug: nort\n  name: x\n");
    });
    run.stderr_has(&[
        "data/places.ur.yaml:1:3",
        "data/places.yaml has no record with `slug: nort`",
        "did you mean `slug: north`?",
    ]);
    let run = fails_and_keeps_output("translations/data", |site| {
        site.write("data/nothing.ur.yaml", "a: b\n");
    });
    run.stderr_has(&["data/nothing.ur.yaml translates data/nothing, which does not exist"]);
}

#[test]
fn the_theme_speaks_welsh_arabic_romanian_and_albanian() {
    let site = Site::new("translations/languages");
    let report = placard::build(&placard::BuildOptions {
        root: site.root(),
        output: Some(site.out()),
        ..Default::default()
    })
    .unwrap();
    // Every word the theme asks for exists in the four languages.
    assert!(report.i18n_misses.is_empty(), "{:?}", report.i18n_misses);
    for (lang, dir, skip, exit) in [
        (
            "cy",
            "ltr",
            "Neidio i'r prif gynnwys",
            "Gadael y dudalen hon",
        ),
        (
            "ar",
            "rtl",
            "انتقل إلى المحتوى الرئيسي",
            "اخرج من هذه الصفحة",
        ),
        (
            "ro",
            "ltr",
            "Treceți la conținutul principal",
            "Ieșiți de pe această pagină",
        ),
        (
            "sq",
            "ltr",
            "Kalo te përmbajtja kryesore",
            "Dil nga kjo faqe",
        ),
    ] {
        let html = site.read(&format!("{lang}/index.html"));
        assert!(
            html.contains(&format!(r#"<html lang="{lang}" dir="{dir}">"#)),
            "{lang}: {html}"
        );
        // Tera escapes the apostrophe.
        assert!(
            html.contains(&skip.replace('\'', "&#39;")),
            "{lang}: {html}"
        );
        assert!(html.contains(exit), "{lang}");
        // No English fallback anywhere in the theme's words.
        assert!(!html.contains(r#"<span lang="en""#), "{lang}: {html}");
    }
}

#[test]
fn check_says_once_per_language_that_the_theme_words_await_review() {
    let site = Site::new("translations/languages");
    let review: Vec<(String, String, u64, String)> = check(&site)
        .into_iter()
        .filter(|f| f.0 == "translation-review")
        .collect();
    let langs: Vec<&str> = review
        .iter()
        .map(|f| f.3.split(" translation").next().unwrap_or(""))
        .collect();
    assert_eq!(
        langs,
        [
            "the العربية (ar)",
            "the Cymraeg (cy)",
            "the Română (ro)",
            "the Shqip (sq)"
        ],
        "{review:#?}"
    );
    for f in &review {
        assert!(f.3.ends_with(".yaml (built in)), 1 page"), "{f:?}");
        assert!(f.1.starts_with("themes/default/i18n/"), "{f:?}");
    }
}

#[test]
fn a_data_file_no_language_translates_is_marked_and_reported_once_per_language() {
    let site = Site::new("translations/untranslated");
    site.build_ok();
    let ur = site.read("ur/index.html");
    assert!(
        ur.contains(
            r#"<h3 class="contact__name"><span lang="en" dir="ltr">Advice line</span></h3>"#
        ),
        "{ur}"
    );
    assert!(ur.contains(r#"<span lang="en" dir="ltr">Call for advice.</span>"#));
    // Numbers and addresses are not words: never marked.
    assert!(ur.contains(r#"<bdi dir="ltr">0800 000 001</bdi>"#), "{ur}");
    assert!(!ur.contains(r#"<span lang="en" dir="ltr">https://"#));
    let en = site.read("index.html");
    assert!(!en.contains(r#"<span lang="en""#), "{en}");
    let missing: Vec<_> = check(&site)
        .into_iter()
        .filter(|f| f.0 == "i18n-missing")
        .collect();
    assert_eq!(missing.len(), 1, "{missing:?}");
    assert_eq!(missing[0].1, "data/helplines.yaml");
    assert!(
        missing[0].3.contains("has no اردو (ur) translation"),
        "{missing:?}"
    );
}
