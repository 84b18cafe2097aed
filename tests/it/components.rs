//! Components found from the Markdown's own structure (issue 17): never inside code, HTML or
//! comments; an escape; bodies in the same document; no placeholder anywhere; HTML comments
//! removed as HTML; `{#id .class}` heading attributes only; linear time; bounded nesting.

use std::time::Duration;

use crate::util::{Run, Site, fails_and_keeps_output};

/// Builds the page `body` and returns the page's output (`TOC:...\nCONTENT:...`).
fn page(body: &str) -> String {
    let site = Site::new("components/base");
    site.write("content/page.md", format!("---\ntitle: Page\n---\n{body}"));
    site.build_ok();
    site.read("page/index.html")
}

/// Builds a page `body` that must fail, leaving the previous output as it was.
fn fails(body: &str) -> Run {
    fails_and_keeps_output("components/base", |s| {
        s.write("content/page.md", format!("---\ntitle: Page\n---\n{body}"));
    })
}

const NOTE: &str = "<span class=\"note\">";

#[test]
fn a_call_in_an_indented_code_block_stays_code() {
    let html = page("Text.\n\n    {{ note(text=\"x\") }}\n");
    assert!(
        html.contains("<pre><code>{{ note(text=\"x\") }}\n</code></pre>"),
        "{html}"
    );
    assert!(!html.contains(NOTE), "{html}");
}

#[test]
fn a_call_in_a_fence_inside_a_quote_or_a_list_stays_code() {
    let html = page(
        "> ```\n> {{ note(text=\"q\") }}\n> ```\n\n- item\n\n  ```\n  {{ note(text=\"l\") }}\n  ```\n",
    );
    assert!(html.contains("{{ note(text=\"q\") }}"), "{html}");
    assert!(html.contains("{{ note(text=\"l\") }}"), "{html}");
    assert!(!html.contains(NOTE), "{html}");
}

#[test]
fn a_call_in_a_code_span_over_a_line_break_stays_code() {
    let html = page("See `the call\n{{ note(text=\"x\") }}` here.\n");
    assert!(
        html.contains("<code>the call {{ note(text=\"x\") }}</code>"),
        "{html}"
    );
    assert!(!html.contains(NOTE), "{html}");
}

#[test]
fn text_that_looks_like_a_call_in_code_or_a_comment_builds() {
    let html = page(
        "Intro.\n\n    {% end %}\n\n<!-- {{ old() }} -->\n\nText <!-- {% box() %} --> more.\n",
    );
    assert!(
        html.contains("<pre><code>{% end %}\n</code></pre>"),
        "{html}"
    );
    assert!(!html.contains("old()") && !html.contains("box()"), "{html}");
    assert!(html.contains("<p>Text  more.</p>"), "{html}");
}

#[test]
fn a_tab_and_backticks_are_an_indented_code_block_not_a_fence() {
    let html = page("\t```\n\nAfter {{ note(text=\"found\") }}.\n");
    assert!(html.contains("<pre><code>```\n</code></pre>"), "{html}");
    assert!(
        html.contains("<p>After <span class=\"note\">found</span>.</p>"),
        "{html}"
    );
}

#[test]
fn a_backslash_shows_a_call_as_text() {
    let html = page(
        "Write \\{{ note(text=\"x\") }} inline.\n\n\\{% box() %}\n\nor \\\\{{ note(text=\"real\") }}\n",
    );
    assert!(
        html.contains("<p>Write {{ note(text=\"x\") }} inline.</p>"),
        "{html}"
    );
    assert!(html.contains("<p>{% box() %}</p>"), "{html}");
    assert!(
        html.contains("<p>or \\<span class=\"note\">real</span></p>"),
        "{html}"
    );
}

#[test]
fn no_placeholder_reaches_ids_the_toc_or_the_text() {
    let html =
        page("## Call {{ note(text=\"x\") }}\n\nPLACARDCOMPONENT0X and {{ note(text=\"y\") }}\n");
    assert!(html.starts_with("TOC:call=Call;\n"), "{html}");
    assert!(
        html.contains("<h2 id=\"call\">Call <span class=\"note\">x</span></h2>"),
        "{html}"
    );
    assert!(
        html.contains("<p>PLACARDCOMPONENT0X and <span class=\"note\">y</span></p>"),
        "{html}"
    );
}

#[test]
fn no_placeholder_reaches_feeds_or_summaries() {
    let site = Site::new("components/base");
    site.write(
        "content/page.md",
        "---\ntitle: Page\ndate: 2024-01-02\n---\n## Call {{ note(text=\"x\") }}\n\nPLACARDCOMPONENT1X {{ note(text=\"y\") }}\n\n<!-- more -->\n\nRest.\n",
    );
    site.build_ok();
    let feed = site.read("atom.xml");
    assert!(feed.contains("PLACARDCOMPONENT1X"), "{feed}");
    assert!(!feed.to_lowercase().contains("placardcomponent0"), "{feed}");
    assert!(feed.contains("id=&quot;call&quot;"), "{feed}");
}

#[test]
fn a_body_is_part_of_the_document() {
    let html = page(
        "{% box() %}\n## Inside\n\nSee [the guide][guide] and a note.[^1]\n{% end %}\n\n[guide]: https://example.org/guide\n\n[^1]: The source.\n",
    );
    assert!(html.starts_with("TOC:inside=Inside;\n"), "{html}");
    assert!(html.contains("<h2 id=\"inside\">Inside</h2>"), "{html}");
    assert!(
        html.contains("<a href=\"https://example.org/guide\">the guide</a>"),
        "{html}"
    );
    assert!(
        html.contains("<sup class=\"footnote-reference\"><a href=\"#1\">1</a></sup>"),
        "{html}"
    );
    assert!(html.contains("<section class=\"box\"><h2"), "{html}");
}

#[test]
fn footnotes_are_numbered_once_for_the_whole_page() {
    let html = page("First.[^a]\n\n{% box() %}\nSecond.[^b]\n{% end %}\n\n[^a]: A.\n[^b]: B.\n");
    assert!(html.contains("<a href=\"#a\">1</a>"), "{html}");
    assert!(html.contains("<a href=\"#b\">2</a>"), "{html}");
    assert!(
        html.contains("id=\"b\"><sup class=\"footnote-definition-label\">2</sup>"),
        "{html}"
    );
}

#[test]
fn a_comment_marker_in_an_attribute_is_not_a_comment() {
    let html =
        page("<a title=\"<!--\">x</a> <b>y</b>\n\n<div title=\"<!--\">kept</div>\n\nAfter.\n");
    assert!(
        html.contains("<p><a title=\"<!--\">x</a> <b>y</b></p>"),
        "{html}"
    );
    assert!(html.contains("<div title=\"<!--\">kept</div>"), "{html}");
    assert!(html.contains("<p>After.</p>"), "{html}");
}

#[test]
fn a_comment_marker_in_a_script_is_not_a_comment() {
    let html = page("<script>\nvar a = \"<!--\";\n</script>\n\n<b>after</b> text\n");
    assert!(
        html.contains("<script>\nvar a = \"<!--\";\n</script>"),
        "{html}"
    );
    assert!(html.contains("<b>after</b> text"), "{html}");
}

#[test]
fn heading_attributes_are_only_ids_and_classes() {
    let html = page("# Sale {50% off}\n\n## Contact {#contact .big}\n\n## Odd {#a onclick=x}\n");
    assert!(
        html.contains("<h1 id=\"sale-50-off\">Sale {50% off}</h1>"),
        "{html}"
    );
    assert!(
        html.contains("<h2 id=\"contact\" class=\"big\">Contact</h2>"),
        "{html}"
    );
    assert!(html.contains(">Odd {#a onclick=x}</h2>"), "{html}");
    assert!(!html.contains("onclick=\""), "{html}");
}

#[test]
fn calls_in_list_items_quotes_and_table_cells() {
    let html = page(
        "- a {{ note(text=\"li\") }}\n\n> {{ note(text=\"q\") }}\n\n| A |\n|---|\n| {{ note(text=\"td\") }} |\n\n- item\n\n  {% box() %}\n  in the item\n  {% end %}\n",
    );
    for text in ["li", "q", "td"] {
        assert!(
            html.contains(&format!("{NOTE}{text}</span>")),
            "{text}: {html}"
        );
    }
    assert!(
        html.contains("<section class=\"box\"><p>in the item</p>\n</section>"),
        "{html}"
    );
}

#[test]
fn a_page_of_near_calls_builds_in_linear_time() {
    // 100,000 lines of `{{ y` (600 KB) took 47 s with the old scanner; a watchdog, not a
    // measurement: the build must finish at all in a minute.
    let site = Site::new("components/base");
    site.write(
        "content/page.md",
        format!("---\ntitle: Page\n---\n{}", "{{ y\n".repeat(100_000)),
    );
    let out = site.tmp.path().join("out");
    let mut cmd = assert_cmd::Command::cargo_bin("placard").unwrap();
    cmd.current_dir(site.root())
        .args(["build", "--output"])
        .arg(&out)
        .env("NO_COLOR", "1")
        .timeout(Duration::from_secs(60));
    let result = cmd.output().unwrap();
    assert!(result.status.success(), "{result:?}");
    let html = site.read("page/index.html");
    assert_eq!(html.matches("{{ y").count(), 100_000);
}

#[test]
fn deeply_nested_arguments_are_an_error_at_the_line() {
    let run = fails(&format!(
        "Text.\n\n{{{{ note(text=\"x\", l={}) }}}}\n",
        "[".repeat(30_000)
    ));
    run.stderr_has(&[
        "content/page.md:6:",
        "the argument `l` of `note` nests lists more than 64 deep",
    ]);
}

#[test]
fn deeply_nested_components_are_an_error_at_the_line() {
    let body = format!(
        "Text.\n\n{}{}",
        "{% box() %}\n".repeat(10_000),
        "{% end %}\n".repeat(10_000)
    );
    let run = fails(&body);
    run.stderr_has(&[
        "content/page.md:70:1",
        "components are nested more than 64 deep",
    ]);
}

#[test]
fn sixty_four_levels_of_components_build() {
    let body = format!(
        "{}core\n{}",
        "{% box() %}\n".repeat(64),
        "{% end %}\n".repeat(64)
    );
    let html = page(&body);
    assert_eq!(
        html.matches("<section class=\"box\">").count(),
        64,
        "{html}"
    );
}

#[test]
fn an_end_outside_the_list_item_of_its_component_is_an_error() {
    let run = fails("- item\n\n  {% box() %}\n  text\n\n{% end %}\n");
    run.stderr_has(&[
        "content/page.md:6:3",
        "the component `box` is not closed inside its list item or quote",
    ]);
}

#[test]
fn a_block_call_inside_a_sentence_is_an_error() {
    let run = fails("Text {% box() %} more\n");
    run.stderr_has(&[
        "content/page.md:4:6",
        "`{% box(...) %}` must be on a line of its own",
    ]);
}

#[test]
fn an_indented_end_line_that_markdown_reads_as_code_is_an_error() {
    let run = fails("{% box() %}\n    {% end %}\n");
    run.stderr_has(&[
        "content/page.md:5:5",
        "`{% end %}` is read by Markdown as code here",
    ]);
}

#[test]
fn check_reports_deep_nesting_without_crashing() {
    let site = Site::new("components/base");
    site.write(
        "content/page.md",
        format!(
            "---\ntitle: Page\n---\n{}",
            "{% box() %}\n".repeat(10_000) + &"{% end %}\n".repeat(10_000)
        ),
    );
    let root = site.root();
    let run = crate::util::run_in(
        site.tmp.path(),
        &["check", "--root", root.to_str().unwrap()],
        &[],
    )
    .fails();
    run.stderr_has(&[
        "content/page.md:68:1",
        "components are nested more than 64 deep",
    ]);
}
