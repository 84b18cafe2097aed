//! `placard check`: every rule on a fixture that triggers it and one that does not, the
//! output formats, exit codes, severity settings, `--external`, and the bundled site.
//!
//! Each case is the site `check/base` with the files of `check/<rule>/bad` (or `good`) laid
//! over it.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::Value;

use crate::util::{Run, Site, copy_dir, fixtures, json_findings, run_in};

/// 2026-11-27, so contact dates in fixtures are judged against a fixed day.
const NOW: &str = "1795737600";

fn site(rule: &str, variant: &str) -> Site {
    let site = Site::new("check/base");
    copy_dir(
        &fixtures().join("check").join(rule).join(variant),
        &site.root(),
    );
    site
}

fn check(site: &Site, extra: &[&str]) -> Run {
    let root = site.root();
    let mut args = vec!["check", "--root", root.to_str().unwrap()];
    args.extend_from_slice(extra);
    run_in(site.tmp.path(), &args, &[("SOURCE_DATE_EPOCH", NOW)]).no_panic()
}

/// The findings of `--format json` as (rule, severity, path, line).
fn findings(run: &Run) -> Vec<(String, String, String, u64)> {
    json_findings(run)
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
                f["path"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// Asserts that `rule` is found at `path:line` in the bad fixture and not in the good one.
#[track_caller]
fn rule_case(rule: &str, path: &str, line: u64) {
    rule_case_in(rule, rule, path, line);
}

/// Like [`rule_case`], with the fixtures `check/<fixture>/{bad,good}`.
#[track_caller]
fn rule_case_in(fixture: &str, rule: &str, path: &str, line: u64) {
    let bad = check(&site(fixture, "bad"), &["--format", "json"]);
    let found = findings(&bad);
    assert!(
        found
            .iter()
            .any(|(r, _, p, l)| r == rule && p == path && *l == line),
        "{rule} not found at {path}:{line}: {found:?}\n{}",
        bad.stderr
    );
    let good = check(&site(fixture, "good"), &["--format", "json"]);
    let found = findings(&good);
    assert!(
        found.iter().all(|(r, _, _, _)| r != rule),
        "{rule} found in the good fixture: {found:?}"
    );
    assert!(found.is_empty(), "the good fixture has findings: {found:?}");
    assert_eq!(good.code, 0, "{}", good.stdout);
}

#[test]
fn link_broken() {
    rule_case("link-broken", "content/help.md", 6);
}

#[test]
fn anchor_missing() {
    rule_case("anchor-missing", "content/help.md", 6);
}

#[test]
fn javascript_url() {
    rule_case("javascript-url", "content/help.md", 6);
}

#[test]
fn inline_script() {
    rule_case("inline-script", "content/help.md", 6);
}

#[test]
fn event_handler() {
    rule_case("event-handler", "content/help.md", 6);
}

#[test]
fn meta_refresh() {
    rule_case("meta-refresh", "content/help.md", 6);
}

#[test]
fn form_action() {
    rule_case("form-action", "content/help.md", 6);
}

#[test]
fn base_tag() {
    rule_case("base-tag", "content/help.md", 6);
}

#[test]
fn target_blank() {
    rule_case("target-blank", "content/help.md", 6);
}

#[test]
fn img_alt() {
    rule_case("img-alt", "content/help.md", 6);
}

#[test]
fn heading_order() {
    rule_case("heading-order", "content/help.md", 10);
}

#[test]
fn h1_count() {
    rule_case("h1-count", "content/help.md", 6);
}

#[test]
fn link_text() {
    rule_case("link-text", "content/help.md", 6);
}

#[test]
fn empty_button() {
    rule_case("empty-button", "content/help.md", 6);
}

#[test]
fn duplicate_id() {
    rule_case("duplicate-id", "content/help.md", 6);
}

#[test]
fn table_header() {
    rule_case("table-header", "content/help.md", 7);
}

#[test]
fn html_lang() {
    rule_case("html-lang", "templates/page.html", 2);
}

#[test]
fn iframe_title() {
    rule_case("iframe-title", "content/help.md", 6);
}

#[test]
fn form_label() {
    rule_case("form-label", "content/help.md", 7);
}

#[test]
fn third_party() {
    rule_case("third-party", "content/help.md", 6);
}

#[test]
fn exit_missing() {
    rule_case("exit-missing", "content/help.md", 5);
}

#[test]
fn reading_age() {
    rule_case("reading-age", "content/help.md", 4);
}

#[test]
fn contact_unverified() {
    rule_case("contact-unverified", "data/contacts.yaml", 6);
}

#[test]
fn contact_stale() {
    rule_case("contact-stale", "data/contacts.yaml", 7);
}

#[test]
fn text_format_groups_by_file_with_a_caret_and_counts() {
    let run = check(&site("link-text", "bad"), &[]);
    assert_eq!(
        run.code, 0,
        "a warning alone does not fail:\n{}",
        run.stdout
    );
    let out = &run.stdout;
    assert!(
        out.starts_with("content/help.md\nwarning[link-text]: "),
        "{out}"
    );
    assert!(out.contains("  --> content/help.md:6:21\n"), "{out}");
    assert!(
        out.contains("\n   |\n 6 | To learn about us, [click here](/about/).\n   | "),
        "{out}"
    );
    assert!(out.contains("\n   |                     ^\n"), "{out}");
    assert!(out.contains("= help: "), "{out}");
    assert!(
        out.trim_end()
            .ends_with("0 errors, 1 warning in 4 pages checked."),
        "{out}"
    );
}

#[test]
fn errors_exit_1_and_clean_sites_exit_0() {
    let run = check(&site("img-alt", "bad"), &[]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(run.stdout.contains("error[img-alt]"), "{}", run.stdout);
    let clean = check(&Site::new("check/base"), &[]);
    assert_eq!(clean.code, 0, "{}", clean.stdout);
    assert!(
        clean.stdout.contains("0 errors, 0 warnings"),
        "{}",
        clean.stdout
    );
}

#[test]
fn json_is_the_documented_shape() {
    let run = check(&site("img-alt", "bad"), &["--format", "json"]);
    assert_eq!(run.code, 1);
    let v: Value = serde_json::from_str(&run.stdout).unwrap();
    let f = &v["findings"][0];
    for key in ["rule", "severity", "path", "line", "message"] {
        assert!(!f[key].is_null(), "no {key}: {f}");
    }
    assert_eq!(f["rule"], "img-alt");
    assert_eq!(f["severity"], "error");
    assert_eq!(f["path"], "content/help.md");
}

#[test]
fn usage_errors_exit_2() {
    let site = Site::new("check/base");
    let root = site.root();
    let r = root.to_str().unwrap();
    assert_eq!(check(&site, &["--format", "xml"]).code, 2);
    assert_eq!(check(&site, &["--colour"]).code, 2);
    let missing = run_in(site.tmp.path(), &["check", "--root", "no-such-folder"], &[]);
    assert_eq!(missing.code, 2, "{}", missing.stderr);
    assert!(
        missing.stderr.contains("does not exist"),
        "{}",
        missing.stderr
    );
    // Nothing is written: the site is built in memory.
    run_in(site.tmp.path(), &["check", "--root", r], &[]).ok();
    assert!(!root.join("public").exists());
}

#[test]
fn severities_can_be_changed_or_turned_off() {
    let site = site("link-text", "bad");
    site.write(
        "placard.yaml",
        "title: Check fixture\ncountry: GB\nbase_url: \"https://site.example.org\"\ncheck:\n  rules:\n    link-text: error\n",
    );
    let run = check(&site, &["--format", "json"]);
    assert_eq!(run.code, 1);
    assert_eq!(findings(&run)[0].1, "error");
    site.write(
        "placard.yaml",
        "title: Check fixture\ncountry: GB\nbase_url: \"https://site.example.org\"\ncheck:\n  rules:\n    link-text: off\n",
    );
    let run = check(&site, &["--format", "json"]);
    assert_eq!(run.code, 0);
    assert!(findings(&run).is_empty(), "{}", run.stdout);
}

#[test]
fn an_unknown_rule_is_a_config_error_with_a_suggestion() {
    let site = Site::new("check/base");
    site.write(
        "placard.yaml",
        "title: Check fixture\ncheck:\n  rules:\n    link-txt: error\n",
    );
    let run = check(&site, &[]).fails();
    run.stderr_has(&[
        "`link-txt` is not a rule of placard check",
        "placard.yaml:4:5",
        "did you mean `link-text`?",
    ]);
}

#[test]
fn a_site_that_does_not_build_prints_the_build_errors_and_exits_1() {
    let site = Site::new("check/base");
    site.write("content/help.md", "---\ntitel: Help\n---\nText.\n");
    let run = check(&site, &[]).fails();
    run.stderr_has(&["content/help.md:2:1", "did you mean `title`?"]);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
}

#[test]
fn reading_age_limit_comes_from_front_matter_or_config() {
    let site = site("reading-age", "bad");
    let text = std::fs::read_to_string(site.root().join("content/help.md")).unwrap();
    site.write(
        "content/help.md",
        text.replacen(
            "title: Getting help\n",
            "title: Getting help\nreading_age: 99\n",
            1,
        ),
    );
    let run = check(&site, &["--format", "json"]);
    assert!(findings(&run).is_empty(), "{}", run.stdout);
    // The message gives the measured age and the limit.
    let site = self::site("reading-age", "bad");
    site.write(
        "placard.yaml",
        "title: Check fixture\ncountry: GB\nbase_url: \"https://site.example.org\"\ncheck:\n  reading_age: 10\n",
    );
    let run = check(&site, &[]);
    assert!(
        run.stdout
            .contains("above the limit of 10 set by check.reading_age"),
        "{}",
        run.stdout
    );
}

#[test]
fn the_bundled_site_has_no_errors() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let run = run_in(
        tmp.path(),
        &[
            "check",
            "--root",
            root.to_str().unwrap(),
            "--format",
            "json",
        ],
        &[],
    );
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let found = findings(&run);
    let errors: Vec<_> = found.iter().filter(|f| f.1 == "error").collect();
    assert!(errors.is_empty(), "{errors:?}");
    // The district contacts are unverified on purpose (FACTS.md).
    assert!(found.iter().any(|f| f.0 == "contact-unverified"));
    // Its downloads have alternatives and PDF titles.
    assert!(
        !found
            .iter()
            .any(|f| f.0 == "download-alternative" || f.0 == "pdf-title"),
        "{found:?}"
    );
    // Its helplines and districts are translated into Urdu and Polish, every text of them;
    // the translations await review, said once per language.
    assert!(!found.iter().any(|f| f.0 == "i18n-missing"), "{found:?}");
    let review: Vec<_> = found
        .iter()
        .filter(|f| f.0 == "translation-review")
        .collect();
    assert_eq!(review.len(), 2, "{review:?}");
}

/// A local web server: `/ok` answers 200, `/missing` 404, `/hang` never answers.
fn server() -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = hits.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            counter.fetch_add(1, Ordering::SeqCst);
            std::thread::spawn(move || {
                let mut buf = [0u8; 2048];
                let n = stream.read(&mut buf).unwrap_or(0);
                let request = String::from_utf8_lossy(&buf[..n]).into_owned();
                let status = if request.contains(" /ok ") {
                    "200 OK"
                } else if request.contains(" /missing ") {
                    "404 Not Found"
                } else {
                    std::thread::sleep(std::time::Duration::from_secs(5));
                    return;
                };
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                );
            });
        }
    });
    (address, hits)
}

#[test]
fn external_links_are_checked_only_when_asked_and_cached() {
    let (address, hits) = server();
    let site = Site::new("check/base");
    site.write(
        "placard.yaml",
        "title: Check fixture\ncountry: GB\nbase_url: \"https://site.example.org\"\ncheck:\n  timeout: 2\n  private_hosts: [\"127.0.0.1\"]\n",
    );
    site.write(
        "content/help.md",
        format!(
            "---\ntitle: Help\n---\nSee [the working page]({address}/ok).\n\nAnd [the missing page]({address}/missing).\n\nAnd [the slow page]({address}/hang).\n"
        ),
    );
    // Without --external, no request is made.
    let run = check(&site, &["--format", "json"]);
    assert!(findings(&run).is_empty(), "{}", run.stdout);
    assert_eq!(hits.load(Ordering::SeqCst), 0);

    let run = check(&site, &["--format", "json", "--external"]);
    let found = findings(&run);
    let broken: Vec<u64> = found
        .iter()
        .filter(|f| f.0 == "external-broken" && f.2 == "content/help.md")
        .map(|f| f.3)
        .collect();
    assert_eq!(broken, vec![6, 8], "{}", run.stdout);
    assert!(run.stdout.contains("404"), "{}", run.stdout);
    assert!(
        run.stdout.contains("did not answer in time"),
        "{}",
        run.stdout
    );
    assert_eq!(run.code, 0, "external-broken is a warning by default");
    assert!(site.root().join(".placard-cache/links.json").is_file());

    // A second run uses the cache: no new requests, the same findings.
    let before = hits.load(Ordering::SeqCst);
    let again = check(&site, &["--format", "json", "--external"]);
    assert_eq!(hits.load(Ordering::SeqCst), before);
    assert_eq!(findings(&again), found);
}

#[test]
fn pages_made_from_data_point_at_the_record() {
    rule_case_in("data-page", "link-broken", "data/places.yaml", 7);
}

#[test]
fn exit_sections_in_the_config_need_the_quick_exit() {
    rule_case_in(
        "exit-section",
        "exit-missing",
        "content/report/online.md",
        4,
    );
}

#[test]
fn a_problem_in_the_template_points_at_the_template() {
    rule_case_in("template-link", "link-broken", "templates/page.html", 6);
}

#[test]
fn internal_links_written_with_at_slash_are_findings_too() {
    rule_case_in("link-broken-at", "link-broken", "content/help.md", 6);
    rule_case_in("anchor-missing-at", "anchor-missing", "content/help.md", 6);
    let run = check(&site("anchor-missing-at", "bad"), &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stdout.contains("error[anchor-missing]"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("#who-we-are"), "{}", run.stdout);
    assert!(
        run.stdout.contains("fix these links first"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_wrong_site_language_points_at_placard_yaml() {
    rule_case_in("html-lang-config", "html-lang", "placard.yaml", 3);
}

#[test]
fn third_party_fonts_in_style_sheets() {
    rule_case_in("third-party-css", "third-party", "static/css/fonts.css", 3);
}

#[test]
fn download_warnings_are_findings() {
    let site = Site::new("downloads/base");
    let run = check(&site, &["--format", "json"]);
    let found = findings(&run);
    let downloads: Vec<_> = found
        .iter()
        .filter(|f| f.0 == "download-alternative" || f.0 == "pdf-title")
        .map(|f| (f.0.as_str(), f.1.as_str(), f.2.as_str(), f.3))
        .collect();
    assert_eq!(
        downloads,
        [
            (
                "download-alternative",
                "warning",
                "content/materials/index.md",
                11
            ),
            ("pdf-title", "warning", "content/materials/index.md", 17),
        ],
        "{}",
        run.stdout
    );
}

#[test]
fn missing_ui_strings_are_findings() {
    let run = check(&Site::new("i18n/fallback"), &["--format", "json"]);
    let found = findings(&run);
    let misses: Vec<_> = found
        .iter()
        .filter(|f| f.0 == "i18n-missing")
        .map(|f| (f.1.as_str(), f.2.as_str()))
        .collect();
    assert_eq!(
        misses,
        [
            ("warning", "i18n/en.yaml"),
            ("warning", "i18n/fr.yaml"),
            ("warning", "i18n/fr.yaml"),
        ],
        "{}",
        run.stdout
    );
    // Each says what readers see instead: the English text, or (a word no language has) the
    // bare key, never a language that does not have it either.
    let mut said: Vec<String> = json_findings(&run)
        .iter()
        .filter(|f| f["rule"] == "i18n-missing")
        .map(|f| f["message"].as_str().unwrap_or_default().to_string())
        .collect();
    said.sort();
    assert_eq!(
        said,
        [
            "the `en` text `nowhere` (used by the template index.html) is missing, so readers see the bare key `nowhere`",
            "the `fr` text `farewell` (used by the template index.html) is missing, so readers see the `en` text instead",
            "the `fr` text `nowhere` (used by the template index.html) is missing, so readers see the bare key `nowhere`",
        ]
    );
    // The bundled theme has every string in every language of the bundled site (that site's
    // data lacks Urdu texts, reported at data/helplines.yaml).
    let good = check(&Site::new("i18n/basic"), &["--format", "json"]);
    let misses: Vec<_> = findings(&good)
        .into_iter()
        .filter(|f| f.0 == "i18n-missing")
        .collect();
    assert!(
        misses.iter().all(|f| f.2 == "data/helplines.yaml"),
        "{misses:?}"
    );
}

#[test]
fn img_alt_text() {
    rule_case("img-alt-text", "content/help/index.md", 6);
}

#[test]
fn todo() {
    rule_case("todo", "content/about.md", 8);
    // Each gap is reported at its call with what is missing; a component's `todo`
    // argument too; a call shown as code is not one.
    let run = check(&site("todo", "bad"), &["--format", "json"]);
    let todos: Vec<_> = json_findings(&run)
        .into_iter()
        .filter(|f| f["rule"] == "todo")
        .map(|f| {
            (
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap_or(0),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(todos.len(), 2, "{todos:?}");
    assert_eq!((todos[0].0, todos[0].1), (8, 37), "{todos:?}");
    assert!(
        todos[0].2.ends_with(": the team's email address"),
        "{todos:?}"
    );
    assert_eq!(todos[1].0, 12);
    assert!(
        todos[1].2.contains("`video`")
            && todos[1]
                .2
                .ends_with("the film, its captions and a transcript"),
        "{todos:?}"
    );
    // Readers see the gap marked, and the film's placeholder instead of a player.
    let site = site("todo", "bad");
    site.build_ok();
    let html = site.read("about/index.html");
    assert!(
        html.contains("<strong>To be added:</strong> the team's email address</span>"),
        "{html}"
    );
    assert!(html.contains("This film is not on the site yet."), "{html}");
    assert!(!html.contains("<video"), "{html}");
}
