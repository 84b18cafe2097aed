//! placard.yaml: every key, its defaults, and its errors.

use crate::util::{Site, fails_and_keeps_output};

#[test]
fn every_key_reaches_the_templates() {
    let site = Site::new("config/full");
    site.build_ok();
    assert_eq!(
        site.page("index.html"),
        "Full Config|Every key set|https://example.org/campaign|en|default|tags:5:false|false|false|false|teal|one+two|en|/campaign/"
    );
}

#[test]
fn feeds_and_sitemap_can_be_turned_off() {
    let site = Site::new("config/full");
    site.build_ok();
    assert!(!site.exists("atom.xml"));
    assert!(!site.exists("sitemap.xml"));
    assert_eq!(site.page("robots.txt"), "User-agent: *\nAllow: /");
}

#[test]
fn minify_is_on_by_default() {
    let site = Site::new("config/minify");
    site.build_ok();
    let html = site.read("about/index.html");
    assert!(html.contains("<title>About</title>"), "{html}");
    assert!(
        html.contains(r#"<html lang="en">"#) || html.contains("<html lang=en>"),
        "{html}"
    );
    assert!(html.contains("</p>"), "closing tags are kept: {html}");
    assert!(!html.contains("\n    "), "indentation is removed: {html}");
    assert!(!html.contains("   Some"), "{html}");

    site.write(
        "placard.yaml",
        "title: Minified\nminify: false\ncountry: GB\n",
    );
    site.build_ok();
    assert!(
        site.read("about/index.html")
            .contains("        <p>   Some   text   </p>")
    );
}

#[test]
fn an_unknown_key_is_an_error_suggesting_the_nearest() {
    let run = fails_and_keeps_output("build_cli/basic", |s| {
        s.write(
            "placard.yaml",
            "title: Basic\nbase_url: https://example.org\nminfy: false\n",
        );
    });
    run.stderr_has(&[
        "placard.yaml:3:1",
        "unknown field `minfy`",
        "did you mean `minify`?",
    ]);
}

#[test]
fn a_yaml_syntax_error_in_the_config_is_located() {
    let run = fails_and_keeps_output("build_cli/basic", |s| {
        s.write(
            "placard.yaml",
            "title: Basic\nbase_url: [https://example.org\n",
        );
    });
    run.stderr_has(&["placard.yaml:", "placard.yaml is not valid"]);
}

#[test]
fn a_wrong_type_in_the_config_is_located() {
    let run = fails_and_keeps_output("build_cli/basic", |s| {
        s.write("placard.yaml", "title: Basic\nminify: sometimes\n");
    });
    run.stderr_has(&[
        "placard.yaml:2:",
        "`minify` must be true or false in placard.yaml",
    ]);
}

#[test]
fn a_bad_base_url_in_the_config_is_located() {
    let run = fails_and_keeps_output("build_cli/basic", |s| {
        s.write("placard.yaml", "title: Basic\nbase_url: example.org\n");
    });
    run.stderr_has(&[
        "placard.yaml:2:1",
        "base_url `example.org` is not a web address",
        "https://",
    ]);
}

#[test]
fn a_taxonomy_name_that_cannot_be_a_url_is_an_error() {
    let run = fails_and_keeps_output("content/taxonomies", |s| {
        s.write(
            "placard.yaml",
            "taxonomies:\n  - name: tags\n  - name: topics\n  - name: Big Topics\n",
        );
    });
    run.stderr_has(&[
        "placard.yaml:4:",
        "taxonomy name `Big Topics` cannot be used in a URL",
    ]);
}
