//! Templates: which template renders what, overrides, the theme layers, the embedded default
//! theme, the context, functions and filters.

use crate::util::{Site, fails_and_keeps_output};

#[test]
fn template_and_page_template_choose_the_template() {
    let site = Site::new("templates/overrides");
    site.build_ok();
    assert_eq!(site.page("plain/index.html"), "page:Plain");
    assert_eq!(site.page("special/index.html"), "special:Special");
    assert_eq!(site.page("docs/index.html"), "docs_list:Docs");
    assert_eq!(
        site.page("docs/one/index.html"),
        "doc:One",
        "the section's page_template"
    );
    assert_eq!(
        site.page("docs/own/index.html"),
        "special:Own",
        "the page's own template wins"
    );
    assert_eq!(site.page("404.html"), "custom 404|/404.html");
}

#[test]
fn site_templates_override_the_theme_file_by_file_and_inherit_across_layers() {
    let site = Site::new("templates/theme_layers");
    site.build_ok();
    // The site's page.html (which replaces the theme's) extends the theme's brand_base.html,
    // which extends the embedded base.html.
    let page = site.read("news/story/index.html");
    assert!(
        page.contains(r#"<div class="brand">site-page:Story</div>"#),
        "{page}"
    );
    assert!(page.contains(r#"<html lang="en" dir="ltr">"#), "{page}");
    assert!(page.contains("<title>Story – Layers</title>"), "{page}");
    assert!(!page.contains("theme page should be overridden"), "{page}");
    // The theme's partials/footer.html replaces the embedded one inside the embedded base.html.
    assert!(
        page.contains(r#"<footer class="brand-footer">Brand footer</footer>"#),
        "{page}"
    );
    assert!(!page.contains("site-footer"), "{page}");
    // The theme's section.html replaces the embedded one.
    let section = site.read("news/index.html");
    assert!(
        section.contains(r#"<div class="brand">theme-section:News</div>"#),
        "{section}"
    );
    // Files nobody overrides come from the embedded theme.
    assert!(site.read("404.html").contains("Brand footer"));
}

#[test]
fn overriding_only_base_html_keeps_the_embedded_templates_working() {
    let site = Site::new("templates/theme_layers");
    site.write(
        "themes/brand/templates/base.html",
        "<brand>{% block title %}{% endblock title %}{% block breadcrumbs %}{% endblock breadcrumbs %}{% block content %}{% endblock content %}</brand>\n",
    );
    site.build_ok();
    assert!(site.page("404.html").starts_with("<brand>"));
    assert!(site.page("index.html").starts_with("<brand>"));
}

#[test]
fn the_embedded_default_theme_renders_a_site_without_templates() {
    let site = Site::new("templates/default_theme");
    assert!(!site.root().join("templates").exists() && !site.root().join("themes").exists());
    site.build_ok();
    let page = site.read("guide/index.html");
    assert!(page.starts_with("<!DOCTYPE html>"), "{page}");
    assert!(page.contains(r#"<html lang="en" dir="ltr">"#), "{page}");
    assert!(
        page.contains("<title>A guide – Default Theme Site</title>"),
        "{page}"
    );
    assert!(
        page.contains(r#"<h2 id="first-step">First step</h2>"#),
        "{page}"
    );
    assert!(site.exists("css/placard.css"));
    insta::assert_snapshot!("default_theme_page", page);
    let home = site.read("index.html");
    assert!(home.contains("Welcome to the site."), "{home}");
    assert!(site.read("404.html").contains(r#"<html lang="en""#));
}

#[test]
fn a_folder_with_only_content_builds_once_it_says_what_help_to_show() {
    let site = Site::new("templates/no_config");
    assert!(!site.root().join("placard.yaml").exists());
    // No `help:` and no country: placard does not guess which numbers to show.
    let run = site.build().fails();
    run.stderr_has(&["\"Get help now\" block", "help:", "country: GB"]);
    assert!(!site.out().exists());
    site.write("placard.yaml", "country: GB\n");
    site.build_ok();
    let html = site.read("hello/index.html");
    assert!(html.contains("Hello there."), "{html}");
    assert!(site.exists("index.html") && site.exists("404.html"));
}

#[test]
fn templates_get_config_lang_current_path_and_the_page() {
    let site = Site::new("templates/context");
    site.build_ok();
    assert_eq!(
        site.page("info/page/index.html"),
        "Context|en|/info/page/|https://example.org/info/page/|5|1|A description|calm|7|info/page.md|en"
    );
    assert_eq!(site.page("info/index.html"), "Info|/info/|info/_index.md|1");
}

#[test]
fn functions_and_filters() {
    let site = Site::new("templates/functions");
    site.build_env(&[], &[("SOURCE_DATE_EPOCH", "1700000000")])
        .ok();
    let expected = "\
get_page=Guide
get_section=Docs:1
get_url_page=/sub/docs/guide/
get_url_anchor=/sub/docs/guide/#step-one
get_url_static=/sub/css/extra.css
get_taxonomy=tags:Help:Guide
load_data=0800 555 111
now=2023-11-14T22:13:20Z
markdown=<p><em>hi</em> there</p>

markdown_inline=<em>hi</em> there
slugify=report-a-concern
date_default=2 January 2024
date_format=02/01/2024
date_rfc3339=2024-03-04 10:30";
    assert_eq!(site.page("index.html"), expected);
}

#[test]
fn a_missing_template_is_an_error_at_the_template_key() {
    let run = fails_and_keeps_output("errors/base", |s| {
        s.write(
            "content/ok.md",
            "---\ntitle: OK\ntemplate: fancy.html\n---\n",
        );
    });
    run.stderr_has(&[
        "content/ok.md:3:1",
        "the template `fancy.html` does not exist",
    ]);
}

#[test]
fn a_tera_syntax_error_names_the_template_and_line() {
    let run = fails_and_keeps_output("errors/base", |s| {
        s.write("templates/page.html", "<h1>\n{{ page.title }\n</h1>\n");
    });
    run.stderr_has(&["templates/page.html:2:15", "expected }}"]);
}

#[test]
fn an_undefined_variable_names_the_template_line_and_the_page() {
    let run = fails_and_keeps_output("errors/base", |s| {
        s.write(
            "templates/page.html",
            "<h1>{{ page.title }}</h1>\n{{ page.subtitle }}\n",
        );
    });
    run.stderr_has(&[
        "templates/page.html:2:9",
        "Field `subtitle` is not defined",
        "this happened while rendering content/ok.md",
    ]);
}

#[test]
fn a_template_that_extends_itself_is_an_error() {
    let run = fails_and_keeps_output("errors/base", |s| {
        s.write("templates/page.html", "{% extends \"page.html\" %}\n");
    });
    run.stderr_has(&[
        "templates/page.html",
        "the template `page.html` extends itself",
    ]);
}

#[test]
fn a_template_that_extends_itself_points_at_the_extends_line() {
    let run = fails_and_keeps_output("errors/base", |s| {
        s.write(
            "templates/page.html",
            "{# a comment #}\n{% extends \"page.html\" %}\n",
        );
    });
    run.stderr_has(&["templates/page.html:2:1"]);
}

#[test]
fn a_template_extending_a_missing_parent_is_an_error() {
    let run = fails_and_keeps_output("errors/base", |s| {
        s.write("templates/page.html", "{% extends \"bsae.html\" %}\n");
    });
    run.stderr_has(&[
        "templates/page.html",
        "`page.html` extends `bsae.html`, which does not exist",
        "did you mean `base.html`?",
    ]);
}

#[test]
fn a_failing_function_names_the_template_and_line() {
    let run = fails_and_keeps_output("errors/base", |s| {
        s.write(
            "templates/page.html",
            "{{ page.title }}\n{% set p = get_page(path=\"nope.md\") %}{{ p.title }}\n",
        );
    });
    run.stderr_has(&["templates/page.html:2:", "there is no page `nope.md`"]);
}
