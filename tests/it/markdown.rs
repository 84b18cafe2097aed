//! Markdown: extensions, heading ids and the table of contents, internal links, components.

use crate::util::{Site, fails_and_keeps_output};

#[test]
fn tables_strikethrough_task_lists_footnotes_and_heading_attributes() {
    let site = Site::new("markdown/extensions");
    site.build_ok();
    let html = site.read("ext/index.html");
    for needle in [
        "<table>",
        "<th>Name</th>",
        "<td>Ana</td>",
        "<td>0161</td>",
        "<del>gone</del>",
        r#"<input disabled="" type="checkbox" checked=""/>"#,
        r#"<input disabled="" type="checkbox"/>"#,
        r##"<sup class="footnote-reference"><a href="#src">1</a></sup>"##,
        r#"<div class="footnote-definition" id="src">"#,
        "The source.",
        r#"<h2 id="contact" class="big">Contact us</h2>"#,
    ] {
        assert!(html.contains(needle), "{needle} missing:\n{html}");
    }
}

#[test]
fn heading_ids_are_unique_and_make_a_toc() {
    let site = Site::new("markdown/headings");
    site.build_ok();
    let html = site.read("doc/index.html");
    let (toc, content) = html.split_once('\n').unwrap();
    assert_eq!(
        toc,
        "2:intro:Intro:https://example.org/doc/#intro[3:details,];\
         2:intro-1:Intro:https://example.org/doc/#intro-1[3:details-1,];\
         2:intro-2:Intro:https://example.org/doc/#intro-2[];"
    );
    for id in ["intro", "details", "intro-1", "details-1", "intro-2"] {
        assert!(
            content.contains(&format!(r#"id="{id}""#)),
            "{id}: {content}"
        );
    }
}

#[test]
fn internal_links_resolve_to_urls() {
    let site = Site::new("markdown/links");
    site.build_ok();
    let html = site.read("a/index.html");
    assert!(
        html.contains(r##"<a href="/docs/setup/#before-you-start">the setup</a>"##),
        "{html}"
    );
    assert!(html.contains(r#"<a href="/docs/">docs</a>"#), "{html}");
    assert!(html.contains(r#"<a href="/">home</a>"#), "{html}");
}

#[test]
fn a_link_to_a_missing_page_is_an_error_at_its_line() {
    let run = fails_and_keeps_output("markdown/links", |s| {
        s.write(
            "content/a.md",
            "---\ntitle: A\n---\nIntro.\n\nSee [setup](@/docs/setpu.md) now.\n",
        );
    });
    run.stderr_has(&[
        "content/a.md:6:13",
        "the link `@/docs/setpu.md` points at no page",
        "did you mean `@/docs/setup.md`?",
    ]);
}

#[test]
fn a_link_to_a_missing_anchor_is_an_error_at_its_line() {
    let run = fails_and_keeps_output("markdown/links", |s| {
        s.write(
            "content/a.md",
            "---\ntitle: A\n---\nIntro.\n\nSee [setup](@/docs/setup.md#before-you-strat).\n",
        );
    });
    run.stderr_has(&[
        "content/a.md:6:",
        "the link points at `#before-you-strat`, which is not a heading of @/docs/setup.md",
        "did you mean `#before-you-start`?",
    ]);
}

#[test]
fn components_inline_and_with_a_body() {
    let site = Site::new("markdown/components");
    site.build_ok();
    let html = site.read("page/index.html");
    assert!(
        html.contains(r#"Call <span class="note" data-kind="tip">Hello</span> inline."#),
        "{html}"
    );
    assert!(
        html.contains("<section class=\"box\"><h2>Signs</h2><ul>\n<li><em>one</em></li>\n<li>two</li>\n</ul>\n</section>"),
        "{html}"
    );
    assert!(
        !html.contains("<p><section"),
        "a block component is not wrapped in <p>: {html}"
    );
}

#[test]
fn components_come_from_the_site_first_then_the_theme() {
    let site = Site::new("markdown/components");
    site.build_ok();
    let html = site.read("page/index.html");
    assert!(
        !html.contains("THEME NOTE"),
        "the site's note.html wins: {html}"
    );
    assert!(
        html.contains("<b>New:3:true:2:a</b>"),
        "numbers, booleans, lists: {html}"
    );
}

#[test]
fn component_calls_in_code_are_left_alone() {
    let site = Site::new("markdown/components");
    site.build_ok();
    let html = site.read("page/index.html");
    assert!(
        html.contains(r#"<pre><code>{{ note(kind="raw", text="in code") }}"#),
        "{html}"
    );
}

#[test]
fn an_unknown_component_is_an_error_at_its_line() {
    let run = fails_and_keeps_output("errors/base", |s| {
        s.write(
            "content/ok.md",
            "---\ntitle: OK\n---\nText.\n\n{{ nite(text=\"x\") }}\n",
        );
    });
    run.stderr_has(&[
        "content/ok.md:6:1",
        "there is no component `nite`",
        "did you mean `note`?",
    ]);
}

#[test]
fn an_unclosed_component_body_is_an_error_at_its_line() {
    let run = fails_and_keeps_output("errors/base", |s| {
        s.write(
            "content/ok.md",
            "---\ntitle: OK\n---\nText.\n{% box() %}\n- a\n",
        );
    });
    run.stderr_has(&[
        "content/ok.md:5:1",
        "the component `box` is not closed",
        "{% end %}",
    ]);
}

#[test]
fn a_component_argument_without_quotes_is_an_error_at_its_line() {
    let run = fails_and_keeps_output("errors/base", |s| {
        s.write(
            "content/ok.md",
            "---\ntitle: OK\n---\nText.\n\n{{ note(text=hello there) }}\n",
        );
    });
    run.stderr_has(&[
        "content/ok.md:6:",
        "the argument `text` of `note` has the value `hello`, which is not text, a number, true or false",
    ]);
}

#[test]
fn a_missing_component_argument_is_an_error_at_the_call() {
    let run = fails_and_keeps_output("errors/base", |s| {
        s.write(
            "content/ok.md",
            "---\ntitle: OK\n---\n{{ note(txt=\"x\") }}\n",
        );
    });
    run.stderr_has(&[
        "content/ok.md:4:1",
        "the component `note` could not be rendered",
        "templates/components/note.html",
    ]);
}

#[test]
fn internal_links_follow_the_base_url_path() {
    let site = Site::new("markdown/links");
    site.build_with(&["--base-url", "https://example.org/sub"])
        .ok();
    let html = site.read("a/index.html");
    assert!(
        html.contains(r##"<a href="/sub/docs/setup/#before-you-start">the setup</a>"##),
        "{html}"
    );
    assert!(html.contains(r#"<a href="/sub/">home</a>"#), "{html}");
}

#[test]
fn heading_ids_do_not_collide_with_footnote_ids() {
    let site = Site::new("markdown/extensions");
    site.write(
        "content/ext.md",
        "---\ntitle: Ids\n---\n## Notes\n\nClaim.[^notes]\n\n[^notes]: Source.\n",
    );
    site.build_ok();
    let html = site.read("ext/index.html");
    assert_eq!(html.matches(r#"id="notes""#).count(), 1, "{html}");
}
