//! `placard init` (the starter site), `placard new` and `placard theme list`/`copy`.

use std::path::Path;

use crate::util::{files, json_findings, run_in};

fn placard(cwd: &Path, args: &[&str]) -> crate::util::Run {
    run_in(cwd, args, &[]).no_panic()
}

#[test]
fn init_then_build_then_check_is_clean() {
    let tmp = tempfile::tempdir().unwrap();
    let made = placard(tmp.path(), &["init", "site"]).ok();
    assert!(
        made.stdout.contains("Made the site \"Site\""),
        "{}",
        made.stdout
    );
    for file in [
        "placard.yaml",
        "content/_index.md",
        "content/campaign/_index.md",
        "content/campaign/signs.md",
        "content/campaign/what-to-do.md",
        "content/report/_index.md",
        "data/areas.yaml",
        "data/helplines.yaml",
        "content/safety/_index.md",
        "content/privacy/_index.md",
        "content/accessibility/_index.md",
        "content/downloads/index.md",
        ".gitignore",
        ".vscode/settings.json",
        "schemas/placard.schema.json",
        "schemas/page.schema.json",
    ] {
        assert!(tmp.path().join("site").join(file).is_file(), "{file}");
    }
    placard(tmp.path(), &["build", "--root", "site", "--output", "out"]).ok();
    for page in [
        "index.html",
        "campaign/index.html",
        "campaign/signs/index.html",
        "campaign/what-to-do/index.html",
        "report/index.html",
        "report/first-area/index.html",
        "report/second-area/index.html",
        "safety/index.html",
        "privacy/index.html",
        "accessibility/index.html",
        "downloads/index.html",
        "downloads/poster-text.txt",
    ] {
        assert!(tmp.path().join("out").join(page).is_file(), "{page}");
    }
    let check = placard(tmp.path(), &["check", "--root", "site", "--format", "json"]).ok();
    let findings = json_findings(&check);
    let errors: Vec<_> = findings
        .iter()
        .filter(|f| f["severity"] == "error")
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // The only warnings are the national numbers, each unverified until the team checks it,
    // and the gaps the team must fill (`[TODO: ...]`), each at its line.
    let count = |rule: &str| findings.iter().filter(|f| f["rule"] == rule).count();
    assert_eq!(count("contact-unverified"), 4, "{findings:#?}");
    assert!(count("todo") >= 10, "{findings:#?}");
    assert_eq!(
        count("contact-unverified") + count("todo"),
        findings.len(),
        "{findings:#?}"
    );
    assert!(findings.iter().any(|f| f["rule"] == "todo"
        && f["path"] == "content/privacy/_index.md"
        && f["line"].as_u64().is_some_and(|l| l > 0)));
    assert!(
        findings
            .iter()
            .any(|f| f["rule"] == "todo" && f["path"] == "placard.yaml")
    );
}

#[test]
fn the_starter_invents_no_contact() {
    let tmp = tempfile::tempdir().unwrap();
    placard(tmp.path(), &["init", "site"]).ok();
    let helplines = std::fs::read_to_string(tmp.path().join("site/data/helplines.yaml")).unwrap();
    let facts = [
        "999",
        "18000",
        "101",
        "18001 101",
        "0800 555 111",
        "0808 800 5000",
    ];
    for line in helplines.lines().filter(|l| l.contains("phone:")) {
        let number = line.split_once(':').unwrap().1.trim().trim_matches('"');
        assert!(facts.contains(&number), "{number} is not a national number");
    }
    let unverified = helplines.lines().filter(|l| l.trim() == "verified: false");
    assert_eq!(unverified.count(), 4);
    let areas = std::fs::read_to_string(tmp.path().join("site/data/areas.yaml")).unwrap();
    assert!(
        !areas
            .lines()
            .any(|l| !l.trim_start().starts_with('#') && l.contains("phone"))
    );
}

#[test]
fn init_refuses_a_folder_that_is_not_empty_and_leaves_it_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("mine");
    std::fs::create_dir_all(dir.join("content")).unwrap();
    std::fs::write(dir.join("placard.yaml"), "title: Mine\n").unwrap();
    std::fs::write(dir.join("content/_index.md"), "---\ntitle: Mine\n---\n").unwrap();
    let before = files(&dir);
    let run = placard(tmp.path(), &["init", "mine"]).fails();
    run.stderr_has(&["mine is not empty", "did not write anything"]);
    assert_eq!(files(&dir), before);

    // A hidden file alone makes a folder not empty too.
    let hidden = tmp.path().join("hidden");
    std::fs::create_dir_all(&hidden).unwrap();
    std::fs::write(hidden.join(".git"), "x").unwrap();
    placard(tmp.path(), &["init", "hidden"]).fails();
    assert_eq!(files(&hidden).len(), 1);
}

#[test]
fn init_into_an_empty_folder_works() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(tmp.path().join("empty")).unwrap();
    placard(tmp.path(), &["init", "empty"]).ok();
    assert!(tmp.path().join("empty/placard.yaml").is_file());
}

#[test]
fn init_honours_name_and_language() {
    let tmp = tempfile::tempdir().unwrap();
    let name = "Safe \"at\" Home: Eastmoor";
    placard(
        tmp.path(),
        &["init", "site", "--name", name, "--language", "cy"],
    )
    .ok();
    let config = std::fs::read_to_string(tmp.path().join("site/placard.yaml")).unwrap();
    assert!(config.contains("default_language: cy"), "{config}");
    placard(tmp.path(), &["build", "--root", "site", "--output", "out"]).ok();
    let home = std::fs::read_to_string(tmp.path().join("out/index.html")).unwrap();
    assert!(
        home.contains("lang=cy") || home.contains("lang=\"cy\""),
        "{home}"
    );
    assert!(
        home.contains("Safe &quot;at&quot; Home: Eastmoor")
            || home.contains("Safe \"at\" Home: Eastmoor")
    );

    placard(tmp.path(), &["init", "urdu", "--language", "ur"]).ok();
    placard(
        tmp.path(),
        &["build", "--root", "urdu", "--output", "out-ur"],
    )
    .ok();
    let home = std::fs::read_to_string(tmp.path().join("out-ur/index.html")).unwrap();
    assert!(
        home.contains("dir=rtl") || home.contains("dir=\"rtl\""),
        "{home}"
    );
}

#[test]
fn init_refuses_a_bad_language_code_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let run = placard(tmp.path(), &["init", "site", "--language", "English"]).fails();
    run.stderr_has(&["`English` is not a language code"]);
    assert!(!tmp.path().join("site").exists());
}

#[test]
fn the_not_a_site_message_names_a_command_that_works() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(tmp.path().join("empty")).unwrap();
    let run = placard(tmp.path(), &["build", "--root", "empty"]);
    assert_ne!(run.code, 0);
    run.stderr_has(&["`placard init DIR` makes a new site"]);
    placard(tmp.path(), &["init", "empty"]).ok();
    placard(tmp.path(), &["build", "--root", "empty", "--output", "out"]).ok();
}

fn new_in(site: &crate::util::Site, args: &[&str]) -> crate::util::Run {
    let root = site.root();
    let mut all = vec!["new", "--root", root.to_str().unwrap()];
    all.extend_from_slice(args);
    placard(site.tmp.path(), &all)
}

#[test]
fn new_page_gets_the_next_weight_of_its_section() {
    let site = crate::util::Site::new("scaffold/site");
    let run = new_in(&site, &["guides/second-guide.md"]).ok();
    assert!(
        run.stdout
            .contains("Made the page content/guides/second-guide.md"),
        "{}",
        run.stdout
    );
    let text = std::fs::read_to_string(site.root().join("content/guides/second-guide.md")).unwrap();
    assert!(text.starts_with("---\ntitle: \"Second guide\"\n"), "{text}");
    assert!(text.contains("\nweight: 50\n"), "{text}");
    site.build_ok();
    assert!(
        site.read("guides/second-guide/index.html")
            .contains("Second guide")
    );
}

#[test]
fn new_page_from_its_sections_archetype() {
    let site = crate::util::Site::new("scaffold/site");
    let run = new_in(
        &site,
        &["content/news/launch.md", "--title", "We \"launched\""],
    )
    .ok();
    assert!(
        run.stdout.contains("from archetypes/news.md"),
        "{}",
        run.stdout
    );
    let text = std::fs::read_to_string(site.root().join("content/news/launch.md")).unwrap();
    assert!(text.contains("title: \"We \\\"launched\\\"\"\n"), "{text}");
    assert!(
        text.contains("[TODO: the news about We \"launched\".]"),
        "{text}"
    );
    let date = text.lines().find_map(|l| l.strip_prefix("date: ")).unwrap();
    assert_eq!(date.len(), 10, "{date}");
    assert!(text.contains("extra: { kind: news }"));
    site.build_ok();
    assert!(
        site.read("news/launch/index.html")
            .contains("We &quot;launched&quot;")
            || site
                .read("news/launch/index.html")
                .contains("We \"launched\"")
    );
}

#[test]
fn new_section() {
    let site = crate::util::Site::new("scaffold/site");
    new_in(&site, &["stories/"]).ok();
    let text = std::fs::read_to_string(site.root().join("content/stories/_index.md")).unwrap();
    assert!(text.starts_with("---\ntitle: \"Stories\"\n"), "{text}");
    site.build_ok();
    assert!(site.exists("stories/index.html"));
}

#[test]
fn new_translation_copies_the_original_front_matter() {
    let site = crate::util::Site::new("scaffold/site");
    let run = new_in(&site, &["guides/first.ur.md"]).ok();
    assert!(run.stdout.contains("translation"), "{}", run.stdout);
    let text = std::fs::read_to_string(site.root().join("content/guides/first.ur.md")).unwrap();
    assert!(text.contains("title: >-\n  The first\n  guide\n"), "{text}");
    assert!(text.contains("weight: 40\n"), "{text}");
    assert!(text.contains("translation_review: pending\n"), "{text}");
    assert!(!text.contains("translation_review: done"), "{text}");
    site.build_ok();
    assert!(site.exists("ur/guides/first/index.html"));

    // With a title of its own, the original's (on several lines) is replaced.
    let run = new_in(&site, &["news/_index.ur.md", "--title", "خبریں"]).ok();
    assert!(run.stdout.contains("content/news/_index.ur.md"));
    let text = std::fs::read_to_string(site.root().join("content/news/_index.ur.md")).unwrap();
    assert!(
        text.starts_with("---\ntitle: \"خبریں\"\nsort_by: date\n"),
        "{text}"
    );
}

#[test]
fn new_translation_needs_the_original_and_a_declared_language() {
    let site = crate::util::Site::new("scaffold/site");
    let run = new_in(&site, &["guides/missing.ur.md"]).fails();
    run.stderr_has(&["content/guides/missing.md, which does not exist"]);
    let run = new_in(&site, &["guides/first.pl.md"]).fails();
    run.stderr_has(&["`pl` looks like a language code", "languages:"]);
    assert!(!site.root().join("content/guides/missing.ur.md").exists());
    assert!(!site.root().join("content/guides/first.pl.md").exists());
}

#[test]
fn new_refuses_an_existing_file_and_leaves_it_untouched() {
    let site = crate::util::Site::new("scaffold/site");
    let before = files(&site.root());
    let run = new_in(&site, &["guides/first.md", "--title", "Other"]).fails();
    run.stderr_has(&["content/guides/first.md already exists", "left it as it is"]);
    let run = new_in(&site, &["../outside.md"]).fails();
    run.stderr_has(&["cannot be a page"]);
    assert_eq!(files(&site.root()), before);
    assert!(!site.tmp.path().join("outside.md").exists());
}

fn theme_in(site: &crate::util::Site, args: &[&str]) -> crate::util::Run {
    let root = site.root();
    let mut all = vec!["theme"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--root", root.to_str().unwrap()]);
    placard(site.tmp.path(), &all)
}

#[test]
fn theme_list_shows_every_theme_file_with_what_it_holds() {
    let site = crate::util::Site::new("scaffold/site");
    let run = theme_in(&site, &["list"]).ok();
    let theme = files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default"));
    let lines: Vec<&str> = run.stdout.lines().filter(|l| l.contains("  ")).collect();
    assert_eq!(lines.len(), theme.len(), "{}", run.stdout);
    for path in theme.keys() {
        let line = lines
            .iter()
            .find(|l| l.split_whitespace().next() == Some(path.as_str()))
            .unwrap_or_else(|| panic!("{path} is not listed"));
        let about = line[path.len()..].trim();
        assert!(about.split_whitespace().count() >= 3, "{line}");
    }
    assert!(!run.stdout.contains("your site replaces it"));
}

#[test]
fn theme_copy_copies_a_file_the_build_then_uses() {
    let site = crate::util::Site::new("scaffold/site");
    let run = theme_in(&site, &["copy", "partials/footer.html"]).ok();
    assert!(
        run.stdout.contains("templates/partials/footer.html"),
        "{}",
        run.stdout
    );
    let copied = site.root().join("templates/partials/footer.html");
    let theme =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/partials/footer.html");
    assert_eq!(
        std::fs::read(&copied).unwrap(),
        std::fs::read(&theme).unwrap()
    );
    let list = theme_in(&site, &["list"]).ok();
    let line = list
        .stdout
        .lines()
        .find(|l| l.starts_with("templates/partials/footer.html"))
        .unwrap();
    assert!(line.ends_with("(your site replaces it)"), "{line}");

    std::fs::write(&copied, "<footer>Our own footer</footer>\n").unwrap();
    site.build_ok();
    assert!(site.read("index.html").contains("Our own footer"));

    // Copying again leaves the site's own version as it is.
    let run = theme_in(&site, &["copy", "footer.html"]).fails();
    run.stderr_has(&["templates/partials/footer.html already exists"]);
    assert_eq!(
        std::fs::read_to_string(&copied).unwrap(),
        "<footer>Our own footer</footer>\n"
    );

    theme_in(&site, &["copy", "css/placard.css"]).ok();
    assert!(site.root().join("static/css/placard.css").is_file());
}

#[test]
fn theme_copy_of_a_file_the_theme_lacks_suggests_the_nearest() {
    let site = crate::util::Site::new("scaffold/site");
    let before = files(&site.root());
    let run = theme_in(&site, &["copy", "partials/fotter.html"]).fails();
    run.stderr_has(&[
        "no file `partials/fotter.html`",
        "templates/partials/footer.html",
        "theme list",
    ]);
    assert_eq!(files(&site.root()), before);
}
