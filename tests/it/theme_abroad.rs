//! A site outside the UK (`tests/fixtures/theme/abroad/`, `country: CA`, a fictional town):
//! built from settings alone, it shows its own lines and never the UK's 999 and 101, nor any
//! name or number of the bundled site.

use crate::theme::{BUNDLED_NAMES, assert_nowhere};
use crate::util::Site;

const ABROAD: &str = "theme/abroad";

/// The UK numbers placard knows, as a page would write them.
const UK_NUMBERS: [&str; 6] = ["tel:999", ">999<", "tel:101", ">101<", "18000", "call 999"];

#[test]
fn a_site_outside_the_uk_never_shows_uk_numbers_or_the_bundled_sites_names() {
    let site = Site::new(ABROAD);
    site.build_ok();
    let banned: Vec<&str> = BUNDLED_NAMES.iter().chain(&UK_NUMBERS).copied().collect();
    let pages = assert_nowhere(&site, &banned);
    assert!(pages >= 5, "only {pages} files looked at");
    // Its own lines, in its order, with its words, in the help block of every page.
    for page in [
        "index.html",
        "smoke/index.html",
        "privacy/index.html",
        "404.html",
    ] {
        let html = site.read(page);
        let start = html.find("get-help-heading").expect("a help block");
        let block = &html[start..start + html[start..].find("</aside>").unwrap_or(0)];
        let smoke = block.find("555-0134").expect("the smoke line");
        let info = block.find("555-0178").expect("the information line");
        assert!(smoke < info, "{page}: out of order: {block}");
        assert!(block.contains("If smoke is making you or someone you look after unwell"));
        assert!(block.contains("/get-help/"), "{page}: the help page link");
    }
    // The guidance page's urgent line is the site's own first report sentence.
    let guidance = site.read("get-help/index.html");
    assert!(
        guidance.contains(
            r#"<div class="inset inset--urgent">
<p><strong>If smoke is making someone unwell, call the Smoke Health Line on 555-0134.</strong></p>"#
        ),
        "{guidance}"
    );
    let home = site.read("index.html");
    assert!(
        home.contains("Pine Hollow Town Office"),
        "the footer's organisation"
    );
    assert!(home.contains("12 Lakeshore Road, Pine Hollow"));
}

#[test]
fn a_site_outside_the_uk_passes_placard_check() {
    Site::new(ABROAD).check_clean();
}

#[test]
fn a_site_outside_the_uk_with_no_help_lines_is_told_what_to_add() {
    let site = Site::new(ABROAD);
    let yaml = std::fs::read_to_string(site.root().join("placard.yaml")).unwrap();
    let start = yaml.find("help:\n").unwrap();
    let end = yaml.find("report:\n").unwrap();
    site.write(
        "placard.yaml",
        format!("{}{}", &yaml[..start], &yaml[end..]),
    );
    let run = site.build().fails();
    run.stderr_has(&[
        "has no helplines to show",
        "add `help:`",
        "no built-in numbers for `country: CA`",
    ]);
    assert!(!run.stderr.contains("999"), "{}", run.stderr);
}
