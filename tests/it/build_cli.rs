//! The command line: flags, defaults, exit codes.

use crate::util::{Site, run, run_in};

#[test]
fn builds_into_the_given_output_folder() {
    let site = Site::new("build_cli/basic");
    let run = site.build_ok();
    assert!(
        run.stdout.contains("Built 1 page and 1 section"),
        "{}",
        run.stdout
    );
    assert_eq!(
        site.page("about/index.html"),
        "About|https://example.org/about/|/about/|https://example.org/about/"
    );
    assert_eq!(site.page("index.html"), "home:Home|/");
    assert!(site.exists(".placard-output"));
}

#[test]
fn root_and_output_default_to_the_current_folder_and_public() {
    let site = Site::new("build_cli/basic");
    let run = run_in(&site.root(), &["build"], &[]).ok();
    assert!(run.stdout.contains("public"), "{}", run.stdout);
    let public = site.root().join("public");
    assert_eq!(
        std::fs::read_to_string(public.join("about/index.html"))
            .unwrap()
            .trim_end(),
        "About|https://example.org/about/|/about/|https://example.org/about/"
    );
    assert!(public.join(".placard-output").is_file());
    // Building again replaces its own folder.
    run_in(&site.root(), &["build"], &[]).ok();
}

#[test]
fn output_defaults_to_public_under_the_root() {
    let site = Site::new("build_cli/basic");
    let root = site.root();
    run_in(
        site.tmp.path(),
        &["build", "--root", root.to_str().unwrap()],
        &[],
    )
    .ok();
    assert!(root.join("public/about/index.html").is_file());
    assert!(!site.out().exists());
}

#[test]
fn version_prints_the_version() {
    let run = run(&["--version"]).ok();
    assert_eq!(
        run.stdout.trim(),
        format!("placard {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn help_lists_the_build_command_and_its_flags() {
    let top = run(&["--help"]).ok();
    assert!(top.stdout.contains("build"), "{}", top.stdout);
    let build = run(&["build", "--help"]).ok();
    for flag in ["--root", "--output", "--drafts", "--base-url"] {
        assert!(
            build.stdout.contains(flag),
            "{flag} missing:\n{}",
            build.stdout
        );
    }
}

#[test]
fn an_unknown_flag_is_a_usage_error() {
    let site = Site::new("build_cli/basic");
    let run = site.build_with(&["--bogus"]).no_panic();
    assert_eq!(run.code, 2, "{}", run.stderr);
    run.stderr_has(&["--bogus"]);
    assert!(!site.out().exists(), "nothing should be built");
}

#[test]
fn a_missing_subcommand_or_flag_value_is_a_usage_error() {
    assert_eq!(run(&[]).no_panic().code, 2);
    assert_eq!(run(&["frobnicate"]).no_panic().code, 2);
    assert_eq!(run(&["build", "--root"]).no_panic().code, 2);
}

#[test]
fn a_root_that_does_not_exist_is_reported() {
    let run = run(&["build", "--root", "no/such/folder"]).no_panic();
    assert_eq!(run.code, 2, "{}", run.stderr);
    run.stderr_has(&["no/such/folder", "does not exist"]);
}

#[test]
fn a_root_without_content_is_not_a_site() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("notes.txt"), "hi").unwrap();
    let run = run_in(tmp.path(), &["build"], &[]).fails();
    run.stderr_has(&["is not a placard site", "content/", "--root"]);
    assert!(!tmp.path().join("public").exists());
}

#[test]
fn base_url_flag_replaces_the_configured_one() {
    let site = Site::new("build_cli/basic");
    site.build_with(&["--base-url", "https://preview.example.net/sub/"])
        .ok();
    assert_eq!(
        site.page("about/index.html"),
        "About|https://preview.example.net/sub/about/|/sub/about/|https://preview.example.net/sub/about/"
    );
    assert!(
        site.read("sitemap.xml")
            .contains("<loc>https://preview.example.net/sub/about/</loc>")
    );
    assert!(!site.read("sitemap.xml").contains("example.org"));
    assert!(
        site.read("robots.txt")
            .contains("Sitemap: https://preview.example.net/sub/sitemap.xml")
    );
}

#[test]
fn a_bad_base_url_flag_is_an_error() {
    let site = Site::new("build_cli/basic");
    let run = site
        .build_with(&["--base-url", "preview.example.net"])
        .fails();
    run.stderr_has(&["base_url `preview.example.net` is not a web address"]);
    assert!(!site.out().exists());
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = Site::new("content/drafts");
    site.build_ok();
    assert_eq!(site.page("ready/index.html"), "Ready|false");
    assert!(!site.exists("wip/index.html"));
    assert!(
        !site.exists("secret/index.html"),
        "a draft section is left out"
    );
    assert!(
        !site.exists("secret/inner/index.html"),
        "pages of a draft section too"
    );
    assert_eq!(site.page("index.html"), "Ready;");
    let sitemap = site.read("sitemap.xml");
    assert!(
        !sitemap.contains("/wip/") && !sitemap.contains("/secret/"),
        "{sitemap}"
    );

    site.build_with(&["--drafts"]).ok();
    assert_eq!(site.page("wip/index.html"), "Work in progress|true");
    assert_eq!(site.page("secret/index.html"), "Secret");
    assert_eq!(site.page("secret/inner/index.html"), "Inner|false");
    assert_eq!(site.page("index.html"), "Ready;Work in progress;");
    assert!(
        site.read("sitemap.xml")
            .contains("https://example.org/wip/")
    );
}
