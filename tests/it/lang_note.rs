//! Links to a page that has no version in the reader's language say so in that language:
//! "(po angielsku)" on a Polish page, "(انگریزی میں)" on an Urdu one, inside the link (so a
//! screen reader's list of links says it too), in Markdown and in the footer.

use crate::util::Site;

/// The `<a ...>...</a>` elements of `html` whose address is `href`.
fn links_to<'h>(html: &'h str, href: &str) -> Vec<&'h str> {
    let needle = format!("href=\"{href}\"");
    html.match_indices(&needle)
        .filter_map(|(i, _)| {
            let start = html[..i].rfind("<a ")?;
            let end = i + html[i..].find("</a>")? + 4;
            Some(&html[start..end])
        })
        .collect()
}

#[test]
fn a_link_to_an_untranslated_page_says_in_english_in_the_readers_language() {
    let site = Site::new("lang_note/site");
    site.build_ok();
    let pl = site.read("pl/index.html");
    let about = links_to(&pl, "/about/#who");
    assert_eq!(about.len(), 1, "{pl}");
    assert!(
        about[0].ends_with("o nas <span class=\"link-lang\">(po angielsku)</span></a>"),
        "{about:?}"
    );
    // The report section is translated: its link goes to the Polish page and says nothing.
    let report = links_to(&pl, "/pl/report/");
    assert!(report.len() >= 2, "{pl}");
    assert!(
        report.iter().all(|l| !l.contains("link-lang")),
        "{report:?}"
    );
    // The footer's link to the English-only page says it too; its link to Report does not.
    let footer = &pl[pl.find("site-footer").unwrap()..];
    let about = links_to(footer, "/about/");
    assert_eq!(about.len(), 1, "{footer}");
    assert!(about[0].contains("O nas <span class=\"link-lang\">(po angielsku)</span>"));

    let ur = site.read("ur/index.html");
    let about = links_to(&ur, "/about/");
    assert!(
        about[0].contains("<span class=\"link-lang\">(انگریزی میں)</span>"),
        "{about:?}"
    );
    // English pages link to English pages: no note anywhere.
    let en = site.read("index.html");
    assert!(!en.contains("link-lang"), "{en}");
}
