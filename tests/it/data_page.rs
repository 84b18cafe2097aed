//! The theme's `data_page.html`, the template of `generate:` when it names none: a record's
//! fields as headings, texts, lists, nested maps, links and contact cards, escaped; and the
//! warning for a `generate:` whose template never reads `item`.

use crate::util::Site;

#[test]
fn a_record_is_shown_field_by_field() {
    let site = Site::new("data_page/generic");
    let run = site.build_ok();
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    let html = site.read("places/north/index.html");
    assert!(
        html.contains(r#"<h1 class="page-title">North Town</h1>"#),
        "{html}"
    );
    // The name repeats the title, and the slug says which record it is: neither is shown.
    assert!(
        !html.contains("field-name") && !html.contains("field-slug"),
        "{html}"
    );
    for expected in [
        r#"<h2 id="field-summary">Summary</h2>"#,
        // Escaped: the record's text cannot add markup.
        "<p>A town &lt;b&gt;not&lt;/b&gt; bold</p>",
        r#"<a href="https://example.org/north?a=1&amp;b=2" rel="noreferrer">"#,
        r#"<a class="tel" href="tel:0100000001"><bdi dir="ltr">0100 000 001</bdi></a>"#,
        r#"<h2 id="field-opening-hours">Opening hours</h2>"#,
        r#"<ul class="data-list"><li>Monday to Friday</li><li>Saturday morning</li></ul>"#,
        r#"<dt>Email</dt><dd><a href="mailto:office@example.org">office@example.org</a></dd>"#,
        r#"<dt>Floors</dt><dd><ul class="data-list"><li>1</li><li>2</li></ul></dd>"#,
        // A list of contacts is shown as contact cards.
        r#"<h2 id="field-contacts">Contacts</h2>"#,
        r#"<h3 class="contact__name">Children&#39;s team</h3>"#,
        r#"<a href="https://example.org/adults" rel="noreferrer">Go to the Adults&#39; team website</a>"#,
    ] {
        assert!(html.contains(expected), "lacks {expected}:\n{html}");
    }
    // An unverified contact says so.
    assert!(html.contains("Check these details before you rely on them."));
    // A record with nothing but its name and slug still builds, with no empty headings.
    let south = site.read("places/south/index.html");
    assert!(!south.contains("<h2 id=\"field-"), "{south}");
}

#[test]
fn a_generate_template_that_never_reads_item_is_a_warning() {
    let site = Site::new("data_page/unread");
    let run = site.build_ok();
    for needle in [
        "warning: the pages made from data/places.yaml use the template `page.html`, which never reads `item`",
        "content/places/_index.md:3:1",
        "leave out `template:` to use the theme's data_page.html",
    ] {
        assert!(
            run.stderr.contains(needle),
            "lacks {needle}:\n{}",
            run.stderr
        );
    }
    // A warning: the pages are built.
    assert!(site.exists("places/north/index.html"));
}
