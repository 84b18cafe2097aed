//! What the bundled site tells a reader at risk (issue 24): district pages leave out the kinds
//! of contact they have none of and say once where to call instead; a service for children
//! speaks to the adults who run the site when it is not confirmed; the safety page exists in
//! every language of the site, so no reader's "staying safe" link opens a page they cannot read.

use crate::util::build_bundled;

/// Builds the bundled site into a temporary folder and returns (folder, a reader of its pages).
fn build() -> (tempfile::TempDir, impl Fn(&str) -> String) {
    let (tmp, out) = build_bundled();
    let read = move |rel: &str| std::fs::read_to_string(out.join(rel)).unwrap();
    (tmp, read)
}

#[test]
fn the_bundled_site_says_what_it_does_not_know_once_and_to_the_right_reader() {
    let (_tmp, read) = build();
    // Bolton: no contact is listed. Each of "children" and "adults" says so once; the kinds
    // with nothing to show ("out of hours", "support") are not there at all.
    let bolton = read("report/bolton/index.html");
    assert_eq!(bolton.matches("class=contact-kind").count(), 2, "{bolton}");
    assert_eq!(
        bolton
            .matches("We do not list adult safeguarding contacts for Bolton Council yet.")
            .count(),
        1
    );
    assert!(!bolton.contains(">Support<"), "{bolton}");
    assert!(!bolton.contains("checked number"), "{bolton}");
    // Salford lists an adult contact: no "not listed" sentence for adults.
    let salford = read("report/salford/index.html");
    assert!(salford.contains("0161 206 0604"));
    assert!(!salford.contains("We do not list adult safeguarding contacts"));

    // The children's page: Childline's note is for the adults who run the site.
    let children = read("crossing-the-lines/for-children/index.html");
    assert!(
        children.contains("For the adults who run this site:"),
        "{children}"
    );
    assert!(!children.contains("Check this number before you rely on it"));

    // The footer's "staying safe" link goes to the page in the reader's language, with no
    // "(in English)"; the health workers' guide, English only, says it.
    for (lang, safe, note) in [
        ("ur", "آن لائن محفوظ رہیں", "(انگریزی میں)"),
        ("pl", "Bezpieczeństwo w internecie", "(po angielsku)"),
    ] {
        let home = read(&format!("{lang}/index.html"));
        let footer = &home[home.find("site-footer__links").unwrap()..];
        assert!(
            footer.contains(&format!("<a href=/{lang}/safety/>{safe}</a>")),
            "{lang}: {footer}"
        );
        assert!(footer.contains(&format!("<span class=link-lang>{note}</span>")));
        let truths = read(&format!("{lang}/home-truths/index.html"));
        assert!(
            truths.contains(&format!("<span class=link-lang>{note}</span>")),
            "{lang}: {truths}"
        );
    }
}
