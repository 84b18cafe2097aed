//! The bundled campaign site (issue 3: theme promises on every page; issue 4: the ten district
//! pages) and pages generated from data (issue 4), each with its own fixture.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use scraper::{Html, Selector};

fn placard() -> Command {
    Command::cargo_bin("placard").expect("the placard binary is built")
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Copies a fixture site into a temporary folder.
fn fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("tests/fixtures").join(name), dir.path());
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

fn read(path: impl AsRef<Path>) -> String {
    std::fs::read_to_string(path.as_ref())
        .unwrap_or_else(|e| panic!("{}: {e}", path.as_ref().display()))
}

/// Every file under `dir`, relative, with its bytes.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

// ---------------------------------------------------------------- pages from data (issue 4)

#[test]
fn generates_one_page_per_record() {
    let site = fixture("data_pages/ok");
    placard()
        .args(["build", "--root"])
        .arg(site.path())
        .assert()
        .success();
    let out = site.path().join("public");
    assert_eq!(
        read(out.join("report/bury/index.html")).trim(),
        "Report a concern in Bury|/report/bury/|Bury Council|"
    );
    assert_eq!(
        read(out.join("report/wigan/index.html")).trim(),
        "Report a concern in Wigan|/report/wigan/|Wigan Council|"
    );
    // Generated pages sort like any other (sort_by: title) and are linkable with @/.
    assert_eq!(
        read(out.join("report/index.html")).trim(),
        "Report a concern in Bolton;Report a concern in Bury;Report a concern in Wigan;"
    );
    let sitemap = read(out.join("sitemap.xml"));
    assert!(
        sitemap.contains("https://example.org/report/bolton/"),
        "{sitemap}"
    );
}

#[test]
fn generate_takes_field_names_as_well_as_templates() {
    let site = fixture("data_pages/field_name");
    placard()
        .args(["build", "--root"])
        .arg(site.path())
        .assert()
        .success();
    let html = read(site.path().join("public/report/bury/index.html"));
    assert_eq!(
        html.trim(),
        "Bury|/report/bury/|Bury Council|Bury's contacts"
    );
}

/// Builds the good fixture, swaps in a broken data file, and checks exit code 1, the message,
/// and that the previous output is untouched.
fn broken_data(case: &str, expected: &[&str]) {
    let site = fixture("data_pages/ok");
    placard()
        .args(["build", "--root"])
        .arg(site.path())
        .assert()
        .success();
    let before = snapshot(&site.path().join("public"));
    let broken = repo().join("tests/fixtures/data_pages").join(case);
    std::fs::remove_dir_all(site.path().join("data")).unwrap();
    copy_dir(&broken.join("data"), &site.path().join("data"));
    copy_dir(&broken.join("content"), &site.path().join("content"));
    let out = placard()
        .args(["build", "--root"])
        .arg(site.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{case}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    for e in expected {
        assert!(stderr.contains(e), "{case}: `{e}` not in:\n{stderr}");
    }
    assert_eq!(
        snapshot(&site.path().join("public")),
        before,
        "{case}: the previous output changed"
    );
}

#[test]
fn a_record_without_the_field_is_an_error_naming_file_record_and_field() {
    broken_data(
        "missing_field",
        &["data/places.yaml:4:1", "record 2 (Wigan)", "slug"],
    );
}

#[test]
fn a_duplicate_slug_is_an_error() {
    broken_data(
        "duplicate_slug",
        &[
            "data/places.yaml:4:1",
            "record 2 (Bury again)",
            "`bury`",
            "record 1 (Bury)",
        ],
    );
}

#[test]
fn a_record_that_is_not_a_map_is_an_error() {
    broken_data(
        "not_a_map",
        &["data/places.yaml:4:1", "record 2", "not a map"],
    );
}

#[test]
fn a_missing_data_file_is_an_error_at_generate() {
    broken_data(
        "no_data_file",
        &[
            "content/report/_index.md:4:1",
            "no data file `places`",
            "districts",
        ],
    );
}

// ---------------------------------------------------------------- the bundled site (issues 3, 4)

/// The bundled site, built once into a temporary folder shared by the tests below.
fn bundled() -> &'static Path {
    static OUT: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    OUT.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        placard()
            .args(["build", "--root"])
            .arg(repo())
            .arg("--output")
            .arg(&out)
            .assert()
            .success();
        dir
    })
    .path()
    .join("public")
    .leak()
}

fn html_pages(out: &Path) -> Vec<(String, Html)> {
    let mut pages: Vec<_> = walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            (
                e.path().strip_prefix(out).unwrap().display().to_string(),
                Html::parse_document(&read(e.path())),
            )
        })
        .filter(|(_, doc)| {
            doc.select(&sel("meta[http-equiv=refresh]"))
                .next()
                .is_none()
        })
        .collect();
    pages.sort_by(|a, b| a.0.cmp(&b.0));
    pages
}

#[test]
fn every_page_keeps_the_themes_promises() {
    let pages = html_pages(bundled());
    assert!(pages.len() >= 20, "only {} pages", pages.len());
    let exit_url = "https://www.bbc.co.uk/weather";
    for (name, doc) in &pages {
        let html = doc.select(&sel("html")).next().unwrap();
        assert!(
            html.value().attr("lang").is_some_and(|l| !l.is_empty()),
            "{name}: no lang"
        );
        assert_eq!(
            doc.select(&sel("h1")).count(),
            1,
            "{name}: not exactly one h1"
        );

        // The first link in the body is a skip link to an element that exists.
        let first = doc
            .select(&sel("body a[href]"))
            .next()
            .unwrap_or_else(|| panic!("{name}: no links"));
        let target = first.value().attr("href").unwrap();
        assert!(
            target.starts_with('#'),
            "{name}: first link is {target}, not a skip link"
        );
        assert!(
            doc.select(&sel(&format!("[id=\"{}\"]", &target[1..])))
                .next()
                .is_some(),
            "{name}: skip link target {target} missing"
        );

        // A strict CSP.
        let csp = doc
            .select(&sel("meta[http-equiv=Content-Security-Policy]"))
            .next()
            .unwrap_or_else(|| panic!("{name}: no CSP"));
        let policy = csp.value().attr("content").unwrap();
        assert!(
            policy.contains("default-src 'self'") && policy.contains("script-src 'self'"),
            "{name}: {policy}"
        );

        // Nothing loads from another origin.
        for (selector, attr) in [
            ("script[src]", "src"),
            ("link[href]", "href"),
            ("img[src]", "src"),
            ("iframe[src]", "src"),
            ("video[src]", "src"),
            ("audio[src]", "src"),
            ("source[src]", "src"),
            ("track[src]", "src"),
            ("embed[src]", "src"),
            ("object[data]", "data"),
            ("img[srcset]", "srcset"),
            ("source[srcset]", "srcset"),
        ] {
            for el in doc.select(&sel(selector)) {
                let rel = el.value().attr("rel").unwrap_or("");
                if selector.starts_with("link")
                    && (rel.contains("canonical") || rel.contains("alternate"))
                {
                    continue; // addresses, not loads
                }
                let url = el.value().attr(attr).unwrap();
                assert!(
                    !(url.contains("://") || url.starts_with("//")),
                    "{name}: {selector} loads {url}"
                );
            }
        }
        assert!(
            doc.select(&sel("[style]")).next().is_none(),
            "{name}: inline style (blocked by the CSP)"
        );
        assert!(
            doc.select(&sel("script:not([src])")).next().is_none(),
            "{name}: inline script (blocked by the CSP)"
        );

        // The quick exit degrades to plain links: at the top, and again after the skip link.
        let exits: Vec<_> = doc
            .select(&sel("a[href]"))
            .filter(|a| a.value().attr("href") == Some(exit_url))
            .collect();
        assert!(exits.len() >= 2, "{name}: {} exit links", exits.len());
        // In English "Exit this page"; a translated page says it in its own language.
        let exit_text = match html.value().attr("lang") {
            Some("ur") => "یہ صفحہ چھوڑ دیں",
            Some("pl") => "Opuść tę stronę",
            _ => "Exit this page",
        };
        assert!(
            exits
                .iter()
                .any(|a| a.text().collect::<String>().contains(exit_text)),
            "{name}: no '{exit_text}' link"
        );
        let links: Vec<_> = doc.select(&sel("body a[href]")).collect();
        assert_eq!(
            links[1].value().attr("href"),
            Some(exit_url),
            "{name}: the second link is not the exit"
        );
        // No feature needs JavaScript to work.
        assert!(
            doc.select(&sel("[onclick], a[href^='javascript:']"))
                .next()
                .is_none(),
            "{name}: JavaScript-only control"
        );
        for b in doc.select(&sel("button")) {
            assert!(
                b.value().attr("type") == Some("submit")
                    || b.ancestors()
                        .any(|a| a.value().as_element().is_some_and(|e| e.name() == "form")),
                "{name}: a button that needs JavaScript"
            );
        }
    }
}

#[test]
fn no_cookies_or_trackers_in_scripts() {
    for entry in walkdir::WalkDir::new(bundled())
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.path().extension().is_some_and(|x| x == "js") {
            let js = read(entry.path());
            assert!(
                !js.contains("document.cookie") && !js.contains("localStorage"),
                "{}",
                entry.path().display()
            );
            // The search page's script fetches this site's own index files, nothing else
            // (tests/it/search.rs checks it has one fetch and no storage).
            let search = entry
                .path()
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("search."));
            assert!(
                !js.contains("http://") && (search || !js.contains("fetch(")),
                "{}",
                entry.path().display()
            );
        }
    }
}

#[test]
fn the_ten_district_pages_have_the_national_routes_and_their_council() {
    let data: serde_json::Value =
        serde_saphyr::from_str(&read(repo().join("data/districts.yaml"))).unwrap();
    let districts = data.as_array().unwrap();
    assert_eq!(districts.len(), 10);
    let names: Vec<&str> = districts
        .iter()
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "Bolton",
            "Bury",
            "Manchester",
            "Oldham",
            "Rochdale",
            "Salford",
            "Stockport",
            "Tameside",
            "Trafford",
            "Wigan"
        ]
    );
    let index = read(bundled().join("report/index.html"));
    for d in districts {
        let slug = d["slug"].as_str().unwrap();
        let html = read(bundled().join(format!("report/{slug}/index.html")));
        let doc = Html::parse_document(&html);
        let text: String = doc.select(&sel("main")).flat_map(|m| m.text()).collect();
        for number in ["999", "101", "08000 121 700"] {
            assert!(text.contains(number), "{slug}: no {number}");
        }
        for href in ["tel:999", "tel:101", "tel:08000121700"] {
            assert!(
                doc.select(&sel(&format!("a[href='{href}']")))
                    .next()
                    .is_some(),
                "{slug}: no {href} link"
            );
        }
        let council = d["council"].as_str().unwrap();
        assert!(text.contains(council), "{slug}: no {council}");
        // Unverified contacts carry a visible note.
        for c in d["contacts"].as_array().into_iter().flatten() {
            if let Some(phone) = c["phone"].as_str() {
                assert!(text.contains(phone), "{slug}: {phone} missing");
                let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
                assert!(
                    html.contains(&format!("tel:{digits}")),
                    "{slug}: tel:{digits} missing"
                );
            }
        }
        // Listed on the report section in a plain list.
        assert!(
            index.contains(&format!("/report/{slug}/")),
            "{slug} not listed on /report/"
        );
    }
}

#[test]
fn the_bundled_site_builds_the_same_bytes_twice() {
    let dir = tempfile::tempdir().unwrap();
    let second = dir.path().join("again");
    placard()
        .args(["build", "--root"])
        .arg(repo())
        .arg("--output")
        .arg(&second)
        .assert()
        .success();
    assert_eq!(snapshot(bundled()), snapshot(&second));
}

// ---------------------------------------------------------------- the default theme on any site

/// Every root-relative link and resource of every built page names a file that was written.
fn broken_internal_links(out: &Path, base_path: &str) -> Vec<String> {
    let mut broken = Vec::new();
    for (name, doc) in html_pages(out) {
        for (selector, attr) in [
            ("a[href]", "href"),
            ("link[href]", "href"),
            ("script[src]", "src"),
            ("img[src]", "src"),
        ] {
            for el in doc.select(&sel(selector)) {
                let url = el.value().attr(attr).unwrap();
                if !url.starts_with('/') {
                    continue;
                }
                let Some(path) = url.strip_prefix(base_path) else {
                    broken.push(format!("{name}: {url} (outside {base_path})"));
                    continue;
                };
                let path = path.split(['#', '?']).next().unwrap_or("");
                let file = if path.ends_with('/') {
                    format!("{path}index.html")
                } else {
                    path.to_string()
                };
                if !out.join(file.trim_start_matches('/')).is_file() {
                    broken.push(format!("{name}: {url}"));
                }
            }
        }
    }
    broken
}

#[test]
fn the_default_theme_links_only_to_pages_a_site_has() {
    // A site with none of the bundled site's sections, published under a sub-path.
    let site = fixture("theme/minimal");
    placard()
        .args(["build", "--root"])
        .arg(site.path())
        .assert()
        .success();
    let out = site.path().join("public");
    let broken = broken_internal_links(&out, "/campaign");
    assert!(
        broken.is_empty(),
        "links to pages that were not written:\n{}",
        broken.join("\n")
    );
    // The navigation lists the home page's own sections.
    let home = Html::parse_document(&read(out.join("index.html")));
    let nav: Vec<_> = home
        .select(&sel("header nav a"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(
        nav,
        ["/campaign/news/"],
        "the home's sections, and no folder without _index.md"
    );
}

#[test]
fn the_bundled_site_has_no_broken_internal_links() {
    let broken = broken_internal_links(bundled(), "");
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

#[test]
fn the_bundled_translations_have_every_ui_string() {
    // Built in this process, so on a copy: the print and thumbnail caches are keyed by the
    // running program, and this one's entries would replace the placard binary's in the
    // repository's cache (tests/it/util.rs `copy_bundled` does the same for the other tests).
    let site = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(repo()).unwrap() {
        let name = entry.unwrap().file_name();
        let name = name.to_string_lossy();
        if ["content", "data", "static", "templates", "i18n", "themes"].contains(&&*name) {
            copy_dir(&repo().join(&*name), &site.path().join(&*name));
        }
    }
    std::fs::copy(
        repo().join("placard.yaml"),
        site.path().join("placard.yaml"),
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let report = placard::build(&placard::BuildOptions {
        root: site.path().to_path_buf(),
        output: Some(out.path().join("public")),
        ..Default::default()
    })
    .unwrap();
    assert!(report.i18n_misses.is_empty(), "{:?}", report.i18n_misses);
}

/// Issue 22: what someone types on a phone finds the right page of the bundled site (the
/// query rules in Rust, over the index the build wrote; the browser suite runs the script).
#[test]
fn bundled_search_finds_typical_queries() {
    use placard::extras::search::query;
    let search = |lang: &str, q: &str| -> Vec<String> {
        let dir = bundled().join("search-index").join(lang);
        let load = |rel: &str| std::fs::read(dir.join(rel)).ok();
        let (hits, _) = query::search(&load, q, 10).expect("an index");
        hits.into_iter().map(|h| h.url).collect()
    };
    assert_eq!(search("en", "Bolton")[0], "/report/bolton/");
    let cuckooing = search("en", "cuckooing");
    assert!(
        cuckooing.iter().any(|u| u.starts_with("/trapped/")),
        "{cuckooing:?}"
    );
    assert_eq!(
        search("en", "cuck"),
        cuckooing,
        "a prefix finds the same pages"
    );
    let urdu = search("ur", "گھریلو غلامی");
    assert!(
        !urdu.is_empty() && urdu.iter().all(|u| u.starts_with("/ur/")),
        "{urdu:?}"
    );
    let polish = search("pl", "zglos");
    assert!(
        !polish.is_empty() && polish.iter().all(|u| u.starts_with("/pl/")),
        "{polish:?}"
    );
    // The search page lists every page of its language without JavaScript.
    let page = read(bundled().join("search/index.html"));
    assert!(
        page.contains("/report/bolton/"),
        "the search page lists the district pages"
    );
}
