//! Downloads: metadata read from real files (a small PDF, DOCX and PNG in the fixture), the
//! attachment block, the deterministic ZIP bundle, downloads.json, the errors, and the
//! warnings for `placard check`.

use std::io::Read;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::util::{Site, fails_and_keeps_output};

const BASE: &str = "downloads/base";

fn manifest(site: &Site) -> serde_json::Value {
    serde_json::from_str(&site.read("downloads.json")).unwrap()
}

fn entry<'a>(m: &'a serde_json::Value, url: &str) -> &'a serde_json::Value {
    m["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["url"] == url)
        .unwrap_or_else(|| panic!("no {url} in {m:#}"))
}

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn metadata_comes_from_the_files_themselves() {
    let site = Site::new(BASE);
    site.build_ok();
    let m = manifest(&site);
    let pdf = entry(&m, "/materials/plan.pdf");
    assert_eq!(pdf["format"], "PDF");
    assert_eq!(pdf["mime"], "application/pdf");
    assert_eq!(pdf["pages"], 3);
    assert_eq!(pdf["title"], "Session plan (Year 5)");
    assert_eq!(pdf["page"], "/materials/");
    assert_eq!(pdf["updated"], "2026-03-02", "from the page's `updated`");
    let source = std::fs::read(site.root().join("content/materials/plan.pdf")).unwrap();
    assert_eq!(pdf["size"], source.len());
    assert_eq!(pdf["sha256"], sha256(&source));

    let docx = entry(&m, "/materials/letter.docx");
    assert_eq!(docx["format"], "DOCX");
    assert!(docx.get("pages").is_none());
    let png = entry(&m, "/files/poster.png");
    assert_eq!(png["format"], "PNG");
    assert_eq!(png["mime"], "image/png");
    // Every published file's bytes match its checksum.
    for f in m["files"].as_array().unwrap() {
        let url = f["url"].as_str().unwrap().trim_start_matches('/');
        let bytes = std::fs::read(site.out().join(url)).unwrap();
        assert_eq!(f["sha256"], sha256(&bytes), "{url}");
        assert_eq!(f["size"], bytes.len(), "{url}");
    }
}

#[test]
fn the_manifest_is_sorted_and_lists_the_bundle() {
    let site = Site::new(BASE);
    site.build_ok();
    let m = manifest(&site);
    let urls: Vec<&str> = m["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["url"].as_str().unwrap())
        .collect();
    let mut sorted = urls.clone();
    sorted.sort();
    assert_eq!(urls, sorted);
    let zip = entry(&m, "/materials/materials-all-files.zip");
    assert_eq!(zip["format"], "ZIP");
    assert_eq!(zip["title"], "Session materials (all files)");
}

#[test]
fn the_block_shows_format_size_pages_and_the_download_attribute() {
    let site = Site::new(BASE);
    site.build_ok();
    let html = site.read("materials/index.html");
    assert_eq!(html.matches("data-downloads").count(), 1);
    assert!(
        html.contains(r#"href="/materials/plan.pdf" download="session-plan-year-5.pdf">Session plan (Year 5)<span class="visually-hidden"> (PDF, 612 bytes, 3 pages)</span></a>"#),
        "{html}"
    );
    assert!(
        html.contains(r#"<abbr title="Portable Document Format">PDF</abbr>, 612 bytes, 3 pages"#)
    );
    assert!(html.contains(r#"download="letter-to-parents.docx""#));
    assert!(html.contains(r#"<abbr title="Microsoft Word document">DOCX</abbr>"#));
    assert!(html.contains("For: Teachers"));
    assert!(html.contains(r#"<time datetime="2026-03-02">2 March 2026</time>"#));
    assert!(html.contains(r#"<a href="/plan-text/">Read it as a web page<span class="visually-hidden">: Session plan (web page)</span></a>"#));
    assert!(html.contains(r#"aria-hidden="true" focusable="false""#));
    // The bundle is listed first.
    let zip_at = html.find("materials-all-files.zip").unwrap();
    assert!(zip_at < html.find("plan.pdf").unwrap());
    assert!(html.contains("ZIP</abbr>, 2 KB, 4 files"), "{html}");
}

#[test]
fn the_component_places_the_block_in_the_text() {
    let site = Site::new(BASE);
    site.build_ok();
    let html = site.read("guide/index.html");
    assert_eq!(html.matches("data-downloads").count(), 1);
    let block = html.find("data-downloads").unwrap();
    assert!(html.find("Print the poster.").unwrap() < block);
    assert!(block < html.find("Thank you.").unwrap());
    assert!(html.contains(r#"id="downloads">Poster</h2>"#), "{html}");
    assert!(html.contains(r#"href="/files/poster.png" download="poster-for-the-staff-room.png""#));
}

#[test]
fn the_zip_is_the_same_bytes_every_build_and_holds_every_file() {
    let one = Site::new(BASE);
    one.build_ok();
    let two = Site::new(BASE);
    // Different modification times must not change the ZIP.
    let plan = two.root().join("content/materials/plan.pdf");
    let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000_000);
    std::fs::File::options()
        .write(true)
        .open(&plan)
        .unwrap()
        .set_modified(old)
        .unwrap();
    two.build_ok();
    let rel = "materials/materials-all-files.zip";
    let a = std::fs::read(one.out().join(rel)).unwrap();
    let b = std::fs::read(two.out().join(rel)).unwrap();
    assert_eq!(sha256(&a), sha256(&b));
    assert_eq!(
        entry(&manifest(&one), "/materials/materials-all-files.zip")["sha256"],
        sha256(&a)
    );

    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(a)).unwrap();
    let names: Vec<String> = (0..archive.len())
        .map(|i| String::from_utf8_lossy(archive.by_index(i).unwrap().name_raw()).into_owned())
        .collect();
    assert_eq!(
        names,
        ["letter.docx", "plan.pdf", "poster.png", "untitled.pdf"]
    );
    for (name, source) in [
        ("plan.pdf", "content/materials/plan.pdf"),
        ("poster.png", "static/files/poster.png"),
    ] {
        let mut f = archive.by_name(name).unwrap();
        let mut got = Vec::new();
        f.read_to_end(&mut got).unwrap();
        assert_eq!(
            got,
            std::fs::read(one.root().join(source)).unwrap(),
            "{name}"
        );
    }
}

#[test]
fn a_missing_file_is_an_error_at_its_line() {
    let run = fails_and_keeps_output(BASE, |s| s.remove("content/materials/letter.docx"));
    run.stderr_has(&[
        "content/materials/index.md:11:11",
        "the file `letter.docx` does not exist",
    ]);
}

#[test]
fn a_misspelt_file_name_gets_a_suggestion() {
    let run = fails_and_keeps_output(BASE, |s| {
        let text = std::fs::read_to_string(s.root().join("content/materials/index.md")).unwrap();
        s.write(
            "content/materials/index.md",
            text.replace("file: plan.pdf", "file: plan.pfd"),
        );
    });
    run.stderr_has(&[
        "content/materials/index.md:7:11",
        "did you mean `plan.pdf`?",
    ]);
}

#[test]
fn content_that_does_not_match_the_extension_is_an_error() {
    let run = fails_and_keeps_output(BASE, |s| {
        let png = std::fs::read(s.root().join("static/files/poster.png")).unwrap();
        s.write("content/materials/plan.pdf", png);
    });
    run.stderr_has(&[
        "content/materials/index.md:7:11",
        "`plan.pdf` is named like a PDF file, but its content is a PNG",
    ]);
}

#[test]
fn a_plain_zip_named_docx_is_an_error() {
    let run = fails_and_keeps_output(BASE, |s| {
        let zip = std::fs::read(s.out().join("materials/materials-all-files.zip")).unwrap();
        s.write("content/materials/letter.docx", zip);
    });
    run.stderr_has(&[
        "content/materials/index.md:11:11",
        "is named like a DOCX file, but its content is a ZIP",
    ]);
}

#[test]
fn an_alternative_to_a_missing_page_is_an_error() {
    let run = fails_and_keeps_output(BASE, |s| {
        let text = std::fs::read_to_string(s.root().join("content/materials/index.md")).unwrap();
        s.write(
            "content/materials/index.md",
            text.replacen("\"@/plan-text.md\"", "\"@/plan-txt.md\"", 1),
        );
    });
    run.stderr_has(&[
        "content/materials/index.md:10:18",
        "the alternative `@/plan-txt.md` points at a page that does not exist",
        "did you mean `@/plan-text.md`?",
    ]);
}

#[test]
fn an_unknown_key_in_an_entry_is_an_error_with_a_suggestion() {
    let run = fails_and_keeps_output(BASE, |s| {
        let text = std::fs::read_to_string(s.root().join("content/materials/index.md")).unwrap();
        s.write(
            "content/materials/index.md",
            text.replace("    audience: Teachers", "    audiense: Teachers"),
        );
    });
    run.stderr_has(&[
        "content/materials/index.md:9:",
        "unknown field `audiense`",
        "did you mean `audience`?",
    ]);
}

#[test]
fn a_file_outside_the_site_is_an_error() {
    let run = fails_and_keeps_output(BASE, |s| {
        let text = std::fs::read_to_string(s.root().join("content/materials/index.md")).unwrap();
        s.write(
            "content/materials/index.md",
            text.replace("file: untitled.pdf", "file: ../../placard.yaml"),
        );
    });
    run.stderr_has(&[
        "content/materials/index.md:17:11",
        "is not a file of this site",
    ]);
}

#[test]
fn warnings_name_the_rule_file_and_line() {
    let site = Site::new(BASE);
    let root = site.root();
    let config = placard::pipeline::load_config(&root, None).unwrap();
    let lib =
        placard::content::load(&root, &config, placard::content::LoadOptions::default()).unwrap();
    let downloads = placard::assets::downloads::collect(&root, &config, &lib).unwrap();
    let warnings = placard::assets::downloads::warnings(&downloads);
    let found: Vec<(&str, String, usize)> = warnings
        .iter()
        .map(|w| (w.rule, w.path.to_string_lossy().replace('\\', "/"), w.line))
        .collect();
    assert_eq!(
        found,
        [
            (
                "download-alternative",
                "content/materials/index.md".into(),
                11
            ),
            ("pdf-title", "content/materials/index.md".into(), 17),
        ]
    );
    assert!(warnings[0].message.contains("Letter to parents"));
    assert!(warnings[1].message.contains("untitled.pdf"));
    assert!(Path::new(&found[0].1).is_relative());
}

#[test]
fn download_errors_come_with_the_other_errors_of_the_site() {
    let run = fails_and_keeps_output(BASE, |s| {
        s.remove("content/materials/letter.docx");
        s.write("content/x.md", "---\ntitle: X\n---\n[a link](@/nope.md)\n");
    });
    run.stderr_has(&[
        "content/materials/index.md:11:11",
        "content/x.md:4:",
        "2 problems found",
    ]);
}

#[test]
fn a_bundle_without_downloads_is_an_error() {
    let run = fails_and_keeps_output(BASE, |s| {
        s.write(
            "content/empty.md",
            "---\ntitle: Empty\nbundle: true\n---\nNothing.\n",
        );
    });
    run.stderr_has(&[
        "content/empty.md:3:1",
        "`bundle: true` needs files under `downloads:`",
    ]);
}

#[test]
fn a_pdf_the_reader_has_to_repair_builds_without_the_libraries_log_lines() {
    // A stream whose /Length is wrong and an xref table that no longer matches: the PDF
    // library repairs both and logs WARN lines, which must not reach a successful build's
    // output (they say nothing a comms officer can act on).
    let site = Site::new(BASE);
    let pdf = site.root().join("content/materials/plan.pdf");
    let bytes = std::fs::read(&pdf).unwrap();
    let at = bytes.windows(4).position(|w| w == b"xref").unwrap();
    let mut broken = bytes[..at].to_vec();
    broken.extend_from_slice(b"7 0 obj\n<< /Length 3 >>\nstream\nHELLO WORLD\nendstream\nendobj\n");
    broken.extend_from_slice(&bytes[at..]);
    std::fs::write(&pdf, broken).unwrap();
    let run = site.build_ok();
    for noise in ["WARN", "ERROR", "cross-reference", "\u{1b}["] {
        assert!(!run.stderr.contains(noise), "{noise:?} in {}", run.stderr);
    }
    // Asked for, the libraries' lines are still there to see.
    let run = site.build_env(&[], &[("PLACARD_LOG", "warn")]);
    assert!(run.stderr.contains("cross-reference"), "{}", run.stderr);
}
