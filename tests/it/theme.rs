//! A theme for any campaign: help lines, report blocks, brand and share tags from settings
//! (`tests/fixtures/theme/other-campaign/`, a fictional campaign with no template or CSS of
//! its own).

use crate::util::{Site, fails_and_keeps_output};

const OTHER: &str = "theme/other-campaign";
const MINIMAL: &str = "theme/minimal";

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
fn a_site_whose_own_templates_show_no_help_block_needs_no_help_settings() {
    // A site with its own base.html that never calls `help_lines` (as the benchmark's
    // generated sites have) builds without `help:` or `country:`.
    let site = Site::new(MINIMAL);
    let config = std::fs::read_to_string(site.root().join("placard.yaml")).unwrap();
    site.write("placard.yaml", config.replace("country: GB\n", ""));
    site.write(
        "templates/base.html",
        "<!doctype html><html lang=\"en\"><head><title>{% block title %}{% endblock %}</title>\
         {% block head %}{% endblock %}</head><body>{% block breadcrumbs %}{% endblock %}\
         {% block content %}{% endblock %}</body></html>\n",
    );
    site.build_ok();
    assert!(!site.read("index.html").contains("get-help"));
    // The same site with the theme's own base.html is told what to add.
    site.remove("templates/base.html");
    site.build()
        .fails()
        .stderr_has(&["has no helplines to show", "country: GB"]);
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

/// The fixture's placard.yaml with `from` replaced by `to`.
#[test]
fn the_404_page_links_the_sites_help_page_and_writes_no_number_of_its_own() {
    let site = Site::new(OTHER);
    site.build_ok();
    let html = site.read("404.html");
    let main = between(&html, "<main", "</main>");
    assert!(main.contains("/get-support/"), "no help_page link: {main}");
    assert!(
        !main.contains("999"),
        "a number written by the 404 template: {main}"
    );
    assert!(
        !main.contains("/report/"),
        "a report/ link the site does not have: {main}"
    );
}

fn edit_config(site: &Site, from: &str, to: &str) {
    let config = std::fs::read_to_string(site.root().join("placard.yaml")).unwrap();
    assert!(config.contains(from), "no {from:?} in placard.yaml");
    site.write("placard.yaml", config.replacen(from, to, 1));
}

#[test]
fn a_brand_colour_without_enough_contrast_is_an_error_naming_it_and_the_ratio() {
    // #6f9fd8 on white is 2.8:1: too pale for link text.
    let run = fails_and_keeps_output(OTHER, |s| {
        edit_config(s, "link: \"#0a5c8a\"", "link: \"#6f9fd8\"");
    });
    run.stderr_has(&[
        "placard.yaml:32",
        "`brand.colours.link` #6f9fd8 has a contrast of 2.75:1 with white (on the page)",
        "at least 4.5:1 for text",
    ]);
    // Light text sits on the primary colour: a pale primary fails against white text.
    let run = fails_and_keeps_output(OTHER, |s| {
        edit_config(s, "primary: \"#0b4f4a\"", "primary: \"#ff8c00\"");
    });
    run.stderr_has(&[
        "`brand.colours.primary` #ff8c00",
        "with white (white text on it)",
    ]);
    // An accent is a border: 3:1 is enough, less is not.
    let run = fails_and_keeps_output(OTHER, |s| {
        edit_config(s, "accent: \"#c24e00\"", "accent: \"#f0a0a0\"");
    });
    run.stderr_has(&[
        "`brand.colours.accent` #f0a0a0",
        "3:1 for large text and parts of the interface",
    ]);
}

#[test]
fn a_campaign_accent_without_enough_contrast_is_an_error_at_its_line() {
    let run = fails_and_keeps_output(OTHER, |s| {
        let page =
            std::fs::read_to_string(s.root().join("content/safe-at-home/_index.md")).unwrap();
        s.write(
            "content/safe-at-home/_index.md",
            page.replace("#7a2e8c", "#ffee00"),
        );
    });
    run.stderr_has(&[
        "content/safe-at-home/_index.md:5",
        "`accent` #ffee00 has a contrast of 1.",
        "choose a darker colour",
    ]);
}

#[test]
fn a_logo_or_hero_without_alt_text_is_an_error() {
    let run = fails_and_keeps_output(OTHER, |s| {
        edit_config(s, "    alt: \"Eastmoor Safer Homes Partnership\"\n", "");
    });
    run.stderr_has(&[
        "`brand.logo` has no alternative text",
        "add `alt:` under `logo:`",
    ]);
    let run = fails_and_keeps_output(OTHER, |s| {
        let page =
            std::fs::read_to_string(s.root().join("content/safe-at-home/_index.md")).unwrap();
        let at = page.find("  alt:").unwrap();
        let end = at + page[at..].find('\n').unwrap() + 1;
        s.write(
            "content/safe-at-home/_index.md",
            format!("{}{}", &page[..at], &page[end..]),
        );
    });
    run.stderr_has(&[
        "content/safe-at-home/_index.md",
        "`hero` has no alternative text",
    ]);
}

#[test]
fn the_brand_reaches_the_css_the_header_and_the_footer_without_inline_style() {
    let site = Site::new(OTHER);
    site.build_ok();
    let css_name = std::fs::read_dir(site.out().join("css"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .find(|n| n.starts_with("brand.") && n != "brand.css")
        .expect("a fingerprinted brand stylesheet");
    let css = site.read(&format!("css/{css_name}"));
    assert!(
        css.contains("--brand:#0b4f4a") && css.contains("--link:#0a5c8a"),
        "{css}"
    );
    assert!(
        css.contains(".accent-safe-at-home{--accent:#7a2e8c}"),
        "{css}"
    );
    let home = site.read("index.html");
    assert!(home.contains(&format!("/css/{css_name}")), "{home}");
    assert!(
        !home.contains("style=") && !home.contains("<style"),
        "the CSP allows no inline style"
    );
    assert!(
        home.contains("alt=\"Eastmoor Safer Homes Partnership\""),
        "the logo: {home}"
    );
    let footer = between(&home, "<footer", "</footer>");
    positions(
        footer,
        &[
            "Our privacy notice",
            "Get support",
            "Eastmoor Safer Homes Partnership",
            "Eastmoor Civic Centre",
            "A fictional partnership",
        ],
    );
    assert!(!footer.contains("Accessibility statement"), "{footer}");
    // A campaign's pages carry its accent.
    assert!(
        site.read("safe-at-home/stalking/index.html")
            .contains("accent-safe-at-home")
    );
    assert!(
        home.contains("name=\"theme-color\" content=\"#0b4f4a\"")
            || home.contains("content=#0b4f4a name=theme-color"),
        "{home}"
    );
    assert!(
        home.contains("rel=\"apple-touch-icon\"") || home.contains("rel=apple-touch-icon"),
        "{home}"
    );
}

/// The value of `<meta property|name="key" content="...">` in unminified or minified HTML.
fn meta(html: &str, key: &str) -> Option<String> {
    for tag in html.split("<meta ").skip(1) {
        let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
        let named = [
            format!("property=\"{key}\""),
            format!("name=\"{key}\""),
            format!("property={key} "),
            format!("name={key} "),
        ];
        if !named
            .iter()
            .any(|n| tag.contains(n.as_str()) || tag.ends_with(n.trim_end()))
        {
            continue;
        }
        let rest = tag.split_once("content=")?.1;
        return Some(match rest.strip_prefix('"') {
            Some(q) => q[..q.find('"')?].to_string(),
            None => rest.split(' ').next()?.to_string(),
        });
    }
    None
}

#[test]
fn every_page_has_share_tags_with_an_absolute_image_its_size_and_alt() {
    let site = Site::new(OTHER);
    site.build_ok();
    for page in [
        "index.html",
        "safe-at-home/index.html",
        "safe-at-home/stalking/index.html",
        "privacy/index.html",
    ] {
        let html = site.read(page);
        let image = meta(&html, "og:image").unwrap_or_else(|| panic!("{page}: no og:image"));
        assert!(
            image.starts_with("https://safe.eastmoor.example.org/"),
            "{page}: {image}"
        );
        let file = image.trim_start_matches("https://safe.eastmoor.example.org/");
        assert!(
            site.exists(file),
            "{page}: the share image {file} is written"
        );
        assert_eq!(
            meta(&html, "og:image:width").as_deref(),
            Some("1200"),
            "{page}"
        );
        assert_eq!(
            meta(&html, "og:image:height").as_deref(),
            Some("630"),
            "{page}"
        );
        assert!(
            meta(&html, "og:image:alt").is_some_and(|a| a.contains("brick houses")),
            "{page}"
        );
        assert_eq!(meta(&html, "og:locale").as_deref(), Some("en_GB"), "{page}");
        assert_eq!(
            meta(&html, "twitter:card").as_deref(),
            Some("summary_large_image"),
            "{page}"
        );
        assert!(
            meta(&html, "og:title").is_some() && meta(&html, "og:url").is_some(),
            "{page}"
        );
    }
    let html = site.read("safe-at-home/stalking/index.html");
    assert_eq!(meta(&html, "og:title").as_deref(), Some("Stalking"));
    assert_eq!(
        meta(&html, "og:url").as_deref(),
        Some("https://safe.eastmoor.example.org/safe-at-home/stalking/")
    );
}

/// Names and numbers of the bundled site that no other site's pages may carry.
pub const BUNDLED_NAMES: [&str; 16] = [
    "Modern Slavery",
    "08000 121 700",
    "08000121700",
    "Crimestoppers",
    "0800 555 111",
    "Fearless",
    "NSPCC",
    "0808 800 5000",
    "Childline",
    "0800 1111",
    "Unseen",
    "Programme Challenger",
    "Greater Manchester",
    "Home Truths",
    "Trapped",
    "Crossing the Lines",
];

#[test]
fn the_other_campaign_never_mentions_the_bundled_sites_helplines_or_organisations() {
    let site = Site::new(OTHER);
    site.build_ok();
    let pages = assert_nowhere(&site, &BUNDLED_NAMES);
    assert!(pages >= 6, "only {pages} files looked at");
}

/// Asserts that no HTML, XML or JSON file the build wrote carries any of `banned`; returns
/// how many files it looked at.
#[track_caller]
pub fn assert_nowhere(site: &Site, banned: &[&str]) -> usize {
    let mut pages = 0;
    for (name, bytes) in site.output_files() {
        if !name.ends_with(".html") && !name.ends_with(".xml") && !name.ends_with(".json") {
            continue;
        }
        pages += 1;
        let text = String::from_utf8_lossy(&bytes);
        for b in banned {
            assert!(!text.contains(b), "{name} carries {b:?}");
        }
    }
    pages
}

#[test]
fn the_other_campaign_passes_placard_check() {
    Site::new(OTHER).check_clean();
}

#[test]
fn a_statutory_number_is_never_shown_as_one_to_doubt() {
    // Both unverified; only the line that is not set nationally gets "Check this number".
    let site = Site::new(OTHER);
    let path = "data/helplines.yaml";
    let text = std::fs::read_to_string(site.root().join(path)).unwrap();
    let text = text.replacen(
        "  description: \"Police, ambulance or fire service, when someone is in danger now.\"\n  verified: \"2026-11-27\"",
        "  description: \"Police, ambulance or fire service, when someone is in danger now.\"\n  statutory: true\n  verified: false",
        1,
    );
    let text = text.replacen(
        "  hours: \"Every day, all day\"\n  verified: \"2026-11-27\"",
        "  hours: \"Every day, all day\"\n  verified: false",
        1,
    );
    site.write(path, text);
    site.build_ok();
    let html = site.read("index.html");
    let block = between(&html, "get-help-heading", "</aside>");
    let items: Vec<&str> = block.split("get-help__item").skip(1).collect();
    let emergency = items.iter().find(|i| i.contains(">999<")).unwrap();
    let line = items.iter().find(|i| i.contains("01632 960 111")).unwrap();
    assert!(!emergency.contains("check-note"), "{emergency}");
    assert!(line.contains("check-note"), "{line}");
}
