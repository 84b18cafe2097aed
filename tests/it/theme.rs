//! A theme for any campaign: help lines, report blocks, brand and share tags from settings
//! (`tests/fixtures/theme/other-campaign/`, a fictional campaign with no template or CSS of
//! its own).

use crate::util::{Site, fails_and_keeps_output};

const OTHER: &str = "theme/other-campaign";

/// The text of `html` from `from` to the next `to`.
fn between<'a>(html: &'a str, from: &str, to: &str) -> &'a str {
    let start = html
        .find(from)
        .unwrap_or_else(|| panic!("no {from:?} in {html}"));
    let rest = &html[start..];
    &rest[..rest.find(to).unwrap_or(rest.len())]
}

/// The positions of `needles` in `hay`, which must all be there.
fn positions(hay: &str, needles: &[&str]) -> Vec<usize> {
    needles
        .iter()
        .map(|n| hay.find(n).unwrap_or_else(|| panic!("no {n:?} in {hay}")))
        .collect()
}

#[test]
fn the_help_block_shows_the_sites_lines_in_its_order_with_its_words() {
    let site = Site::new(OTHER);
    site.build_ok();
    for page in [
        "index.html",
        "safe-at-home/index.html",
        "privacy/index.html",
        "404.html",
    ] {
        let html = site.read(page);
        let block = between(&html, "get-help-heading", "</aside>");
        let at = positions(
            block,
            &[
                "If you or someone else is in danger now",
                "999",
                "To talk to someone about abuse at home, day or night",
                "01632 960 111",
                "To report abuse that has already happened",
                "101",
            ],
        );
        assert!(
            at.windows(2).all(|w| w[0] < w[1]),
            "{page}: out of order: {block}"
        );
        assert!(
            block.contains("/get-support/"),
            "{page}: the help_page link: {block}"
        );
    }
}

#[test]
fn report_takes_the_concerns_the_site_defines() {
    let site = Site::new(OTHER);
    site.build_ok();
    let html = site.read("safe-at-home/stalking/index.html");
    let report = between(&html, "report__title", "get-help-heading");
    let at = positions(
        report,
        &[
            "Write down each time it happens",
            "If you are in danger now, call 999 and ask for the police.",
            "Eastmoor Stalking Advice",
            "01632 960 333",
            "Eastmoor Safe at Home Line",
        ],
    );
    assert!(at.windows(2).all(|w| w[0] < w[1]), "out of order: {report}");
    // report() with no concern is `general`.
    let home = site.read("index.html");
    let general = between(&home, "report__title", "get-help-heading");
    positions(
        general,
        &["Eastmoor Safe at Home Line", "Eastmoor Men's Support Line"],
    );
    assert!(!general.contains("Stalking"), "{general}");
}

#[test]
fn an_unknown_concern_is_an_error_naming_the_concerns() {
    let run = fails_and_keeps_output(OTHER, |s| {
        s.write(
            "content/safe-at-home/stalking.md",
            "---\ntitle: Stalking\n---\n{{ report(concern=\"modern-slavery\") }}\n",
        );
    });
    run.stderr_has(&[
        "content/safe-at-home/stalking.md",
        "report(concern=\"modern-slavery\")",
        "the concerns are general, stalking",
    ]);
}

#[test]
fn a_help_line_that_is_not_in_the_data_is_an_error_at_its_line() {
    let run = fails_and_keeps_output(OTHER, |s| {
        let config = std::fs::read_to_string(s.root().join("placard.yaml")).unwrap();
        s.write(
            "placard.yaml",
            config.replace("line: safe-at-home", "line: safe-at-hom"),
        );
    });
    run.stderr_has(&[
        "placard.yaml:13",
        "`help:` names `safe-at-hom`, which is not a record of data/helplines.yaml",
        "did you mean `safe-at-home`?",
    ]);
}

#[test]
fn a_site_with_no_help_and_no_country_is_told_what_to_add() {
    let run = fails_and_keeps_output(OTHER, |s| {
        let config = std::fs::read_to_string(s.root().join("placard.yaml")).unwrap();
        let start = config.find("country: GB").unwrap();
        let end = config.find("\nreport:").unwrap() + 1;
        s.write(
            "placard.yaml",
            format!("{}{}", &config[..start], &config[end..]),
        );
    });
    run.stderr_has(&[
        "placard.yaml",
        "the \"Get help now\" block on every page has no helplines to show",
        "help: [emergency, police, domestic-abuse]",
        "country: GB",
    ]);
}

#[test]
fn a_uk_site_with_no_help_shows_999_and_101_and_no_other_number() {
    let site = Site::new(OTHER);
    let config = std::fs::read_to_string(site.root().join("placard.yaml")).unwrap();
    let start = config.find("help:\n").unwrap();
    site.write("placard.yaml", &config[..start]);
    site.remove("data/helplines.yaml");
    site.write("content/_index.md", "---\ntitle: Home\n---\nHello.\n");
    site.write(
        "content/safe-at-home/stalking.md",
        "---\ntitle: Stalking\n---\nText.\n",
    );
    site.write(
        "content/get-support/_index.md",
        "---\ntitle: Support\n---\nText.\n",
    );
    site.build_ok();
    let html = site.read("index.html");
    let block = between(&html, "get-help-heading", "</aside>");
    let at = positions(
        block,
        &[
            "If someone is in danger now",
            "999",
            "18000",
            "101",
            "18001 101",
        ],
    );
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{block}");
    assert_eq!(block.matches("get-help__item").count(), 2, "{block}");
    assert!(
        !block.contains("08000"),
        "no helpline is built into the theme: {block}"
    );
}
