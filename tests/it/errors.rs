//! Bad input: every error names the file, line and column, says what is wrong, exits with 1,
//! leaves the previous output untouched, and never panics.

use crate::util::{Site, fails_and_keeps_output};

#[test]
fn invalid_utf8_is_an_error_at_the_first_bad_byte() {
    let run = fails_and_keeps_output("errors/base", |s| {
        s.write("content/bad.md", b"---\ntitle: Caf\xe9\n---\n".as_slice());
    });
    run.stderr_has(&[
        "content/bad.md:2:11",
        "this file is not valid UTF-8 text",
        "UTF-8",
    ]);
}

#[test]
fn invalid_utf8_in_a_template_is_an_error() {
    let run = fails_and_keeps_output("errors/base", |s| {
        s.write("templates/page.html", b"<h1>\xff\xfe</h1>".as_slice());
    });
    run.stderr_has(&[
        "templates/page.html",
        "this template is not valid UTF-8 text",
    ]);
}

#[test]
fn an_empty_file_is_an_error() {
    let run = fails_and_keeps_output("errors/base", |s| s.write("content/empty.md", ""));
    run.stderr_has(&[
        "content/empty.md",
        "this file is empty",
        "title: Your title",
    ]);
}

#[test]
fn an_empty_file_error_has_a_line_and_column() {
    let run = fails_and_keeps_output("errors/base", |s| s.write("content/empty.md", ""));
    run.stderr_has(&["content/empty.md:1:1"]);
}

#[test]
fn a_file_of_only_dashes_is_an_error() {
    let run = fails_and_keeps_output("errors/base", |s| s.write("content/dash.md", "---"));
    run.stderr_has(&["content/dash.md:1:1", "the front matter is not closed"]);
}

#[test]
fn a_file_without_front_matter_is_an_error() {
    let run = fails_and_keeps_output("errors/base", |s| {
        s.write("content/plain.md", "# Just a heading\n")
    });
    run.stderr_has(&["content/plain.md:1:1", "this file has no front matter"]);
}

#[test]
fn a_value_of_the_wrong_type_is_an_error_at_its_line() {
    let run = fails_and_keeps_output("errors/base", |s| {
        s.write("content/ok.md", "---\ntitle: OK\nweight: heavy\n---\n")
    });
    run.stderr_has(&[
        "content/ok.md:3:9",
        "`weight` must be a whole number in front matter",
    ]);
}

#[test]
fn a_value_of_the_wrong_type_is_explained_in_plain_english() {
    let run = fails_and_keeps_output("errors/base", |s| {
        s.write("content/ok.md", "---\ntitle: OK\nweight: heavy\n---\n")
    });
    let message = run
        .stderr
        .lines()
        .find(|l| l.starts_with("error:"))
        .unwrap();
    assert!(
        message.contains("weight") && message.contains("number") && !message.contains("i64"),
        "{message}"
    );
}

#[test]
fn a_list_where_text_belongs_is_an_error() {
    let run = fails_and_keeps_output("errors/base", |s| {
        s.write("content/ok.md", "---\ntitle: [a, b]\n---\n")
    });
    run.stderr_has(&["content/ok.md:2:", "front matter is not valid"]);
}

#[test]
fn a_bad_date_is_an_error_at_its_line() {
    let run = fails_and_keeps_output("errors/base", |s| {
        s.write("content/ok.md", "---\ntitle: OK\ndate: yesterday\n---\n")
    });
    run.stderr_has(&[
        "content/ok.md:3:1",
        "`yesterday` is not a date",
        "2024-01-02",
    ]);
}

#[test]
fn a_yaml_syntax_error_is_located() {
    let run = fails_and_keeps_output("errors/base", |s| {
        s.write(
            "content/ok.md",
            "---\ntitle: OK\ndescription: \"unclosed\n---\nBody\n",
        )
    });
    run.stderr_has(&["content/ok.md:3:", "front matter is not valid"]);
}

#[test]
fn a_yaml_mapping_error_is_located() {
    let run = fails_and_keeps_output("errors/base", |s| {
        s.write("content/ok.md", "---\ntitle: [\n---\n")
    });
    run.stderr_has(&["content/ok.md:2:8", "front matter is not valid"]);
}

#[test]
fn an_unknown_front_matter_key_suggests_the_nearest() {
    let run = fails_and_keeps_output("errors/base", |s| {
        s.write("content/ok.md", "---\ntitle: OK\ndesciption: typo\n---\n")
    });
    run.stderr_has(&[
        "content/ok.md:3:1",
        "unknown field `desciption` in front matter",
        "did you mean `description`?",
    ]);
}

#[test]
fn a_section_only_key_in_a_page_is_an_error() {
    let run = fails_and_keeps_output("errors/base", |s| {
        s.write("content/ok.md", "---\ntitle: OK\nsort_by: date\n---\n")
    });
    run.stderr_has(&[
        "content/ok.md:3:1",
        "`sort_by` only works in a section's _index.md, not in a page",
    ]);
}

#[test]
fn a_page_without_a_title_is_an_error() {
    let run = fails_and_keeps_output("errors/base", |s| {
        s.write("content/ok.md", "---\ndescription: no title\n---\n")
    });
    run.stderr_has(&[
        "content/ok.md:1:1",
        "this page has no title",
        "title: Your page title",
    ]);
}

#[test]
fn the_error_format_has_a_snippet_and_a_caret_with_the_hint() {
    let run = fails_and_keeps_output("errors/base", |s| {
        s.write("content/ok.md", "---\ntitel: OK\n---\n")
    });
    let expected = "\
error: unknown field `titel` in front matter
 --> content/ok.md:2:1
  |
2 | titel: OK
  | ^^^^^ did you mean `title`?";
    assert!(run.stderr.contains(expected), "{}", run.stderr);
    run.stderr_has(&["error: 1 problem found; nothing was written"]);
}

#[test]
fn all_errors_of_a_run_are_reported_together() {
    let site = Site::new("errors/two_broken");
    let run = site.build().fails();
    run.stderr_has(&[
        "content/one.md:3:1",
        "unknown field `titel`",
        "content/two.md:3:9",
        "error: 2 problems found",
    ]);
    assert!(!site.out().exists());
}

#[test]
fn broken_links_and_components_in_several_pages_are_reported_together() {
    let run = fails_and_keeps_output("errors/base", |s| {
        s.write(
            "content/one.md",
            "---\ntitle: One\n---\n[x](@/nowhere.md)\n",
        );
        s.write("content/two.md", "---\ntitle: Two\n---\n{{ nothing() }}\n");
        s.write(
            "content/three.md",
            "---\ntitle: Three\ntemplate: nope.html\n---\n",
        );
    });
    run.stderr_has(&[
        "content/one.md:4:",
        "content/two.md:4:1",
        "content/three.md:3:1",
        "error: 3 problems found",
    ]);
}

#[test]
fn content_and_template_errors_are_reported_together() {
    let run = fails_and_keeps_output("errors/base", |s| {
        s.write("content/one.md", "---\ntitel: One\n---\n");
        s.write("templates/page.html", "{{ page.title }\n");
    });
    run.stderr_has(&["content/one.md:2:1", "templates/page.html:1:"]);
}

#[test]
fn odd_inputs_never_panic() {
    let cases: &[(&str, &[u8])] = &[
        ("content/nul.md", b"---\ntitle: \0\n---\n\0\0"),
        ("content/list.md", b"---\n- a\n- b\n---\n"),
        ("content/scalar.md", b"---\njust text\n---\n"),
        (
            "content/deep.md",
            b"---\ntitle: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n---\n",
        ),
        ("content/dup.md", b"---\ntitle: a\ntitle: b\n---\n"),
        ("content/extra.md", b"---\ntitle: a\nextra: 3\n---\n"),
        ("content/comp.md", b"---\ntitle: a\n---\n{{ note(\n"),
        ("content/end.md", b"---\ntitle: a\n---\n{% end %}\n"),
        (
            "content/link.md",
            b"---\ntitle: a\n---\n[x](@/)\n[y](@/#)\n",
        ),
        (
            "content/slugless.md",
            b"---\ntitle: a\nslug: \"!!!\"\n---\n",
        ),
        ("content/lang.xx.md", b"---\ntitle: a\n---\n"),
        ("data/bad.csv", b"a,b\n1,2,3\n"),
    ];
    for (file, bytes) in cases {
        let site = Site::new("errors/base");
        site.write(file, bytes);
        let run = site.build().no_panic();
        assert_eq!(run.code, 1, "{file}: {}", run.stderr);
        assert!(
            run.stderr.contains(file),
            "{file} is not named:\n{}",
            run.stderr
        );
    }
}

#[test]
fn harmless_odd_inputs_build() {
    let site = Site::new("errors/base");
    site.write(
        "content/bom.md",
        "\u{feff}---\r\ntitle: BOM\r\n---\r\nText\r\n",
    );
    site.write("content/empty-fm.md", "---\n---\n");
    site.write(
        "content/braces.md",
        "---\ntitle: Braces\n---\n{{ not a call }} and {% nor this %}\n",
    );
    let run = site.build().no_panic();
    // A page with an empty front matter has no title, which is an error; the others are fine.
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.stderr_has(&["content/empty-fm.md", "this page has no title"]);
    assert!(
        !run.stderr.contains("content/bom.md") && !run.stderr.contains("content/braces.md"),
        "{}",
        run.stderr
    );
    site.remove("content/empty-fm.md");
    site.build_ok();
    assert_eq!(site.page("bom/index.html"), "BOM");
    assert_eq!(site.page("braces/index.html"), "Braces");
}
