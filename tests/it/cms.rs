//! The editing UI: its settings made from the site (`placard cms config`), its page at
//! /admin/ (opt-in, its own CSP), and the local backend it saves through, against a running
//! `placard serve --cms`.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use serde_json::{Value, json};

use crate::serve::{Server, start};
use crate::util::{Site, run};

const EDITOR_DIR: &str = ".placard-cache/cms/decap-cms-3.16.3";

fn config(site: &Site) -> Value {
    let out = run(&["cms", "config", "--root", site.root().to_str().unwrap()]).ok();
    serde_json::from_str(&out.stdout).unwrap()
}

fn collection<'a>(config: &'a Value, name: &str) -> &'a Value {
    config["collections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no collection {name} in {config:#}"))
}

fn field<'a>(fields: &'a Value, name: &str) -> &'a Value {
    fields
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == name)
        .unwrap_or_else(|| panic!("no field {name} in {fields:#}"))
}

#[test]
fn settings_have_a_collection_per_section_with_typed_fields() {
    let site = Site::new("cms/site");
    let c = config(&site);
    let names: Vec<&str> = c["collections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["sections", "guides", "news", "news--bundles"]);

    let news = collection(&c, "news");
    assert_eq!(news["folder"], "content/news");
    assert_eq!(news["extension"], "md");
    let fields = &news["fields"];
    // Required as the build requires it, and as the section's archetype adds.
    assert_eq!(field(fields, "title")["required"], true);
    assert_eq!(field(fields, "description")["required"], true);
    assert_eq!(field(fields, "weight")["required"], false);
    assert_eq!(field(fields, "date")["widget"], "datetime");
    assert_eq!(field(fields, "date")["format"], "YYYY-MM-DD");
    assert_eq!(field(fields, "draft")["widget"], "boolean");
    assert_eq!(field(fields, "aliases")["widget"], "list");
    assert_eq!(field(fields, "translation_review")["widget"], "select");
    assert_eq!(
        field(fields, "translation_review")["options"],
        json!(["pending", "done"])
    );
    let topics = field(&field(fields, "taxonomies")["fields"], "topics");
    assert_eq!(topics["widget"], "list");
    // Downloads are a list of objects with their own required fields.
    let downloads = field(fields, "downloads");
    assert_eq!(downloads["widget"], "list");
    assert!(
        downloads["fields"]
            .as_array()
            .is_some_and(|f| !f.is_empty())
    );
    // Section-only keys are not offered on pages; free-form `extra` has no form.
    assert!(
        fields
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["name"] != "sort_by" && f["name"] != "extra")
    );
    assert_eq!(
        fields.as_array().unwrap().last().unwrap()["widget"],
        "markdown"
    );

    // Pages of a section without an archetype need only a title.
    let guides = collection(&c, "guides");
    assert_eq!(field(&guides["fields"], "description")["required"], false);

    // Sections: every _index.md, the home page first, with the section-only keys.
    let sections = collection(&c, "sections");
    let files = sections["files"].as_array().unwrap();
    let paths: Vec<&str> = files.iter().map(|f| f["file"].as_str().unwrap()).collect();
    assert_eq!(
        paths,
        [
            "content/_index.md",
            "content/_index.ur.md",
            "content/guides/_index.md",
            "content/news/_index.md"
        ]
    );
    // The editor allows translations in files of their own only in folder collections: each
    // language's _index is an entry of its own.
    assert!(sections.get("i18n").is_none());
    assert!(
        files[0]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f.get("i18n").is_none())
    );
    let sort = field(&files[0]["fields"], "sort_by");
    assert_eq!(sort["widget"], "select");
    assert_eq!(sort["options"], json!(["date", "weight", "title"]));

    // Page bundles keep their files beside them.
    let bundles = collection(&c, "news--bundles");
    assert_eq!(bundles["path"], "{{slug}}/index");
    assert_eq!(bundles["media_folder"], "");
    assert_eq!(bundles["public_folder"], "");
    assert_eq!(c["media_folder"], "static/images");
    assert_eq!(c["public_folder"], "/images");

    // The site's languages, default first, in multiple files (`y.ur.md`).
    assert_eq!(
        c["i18n"],
        json!({ "structure": "multiple_files", "locales": ["en", "ur"], "default_locale": "en" })
    );
    assert_eq!(news["i18n"], true);
    assert_eq!(field(fields, "title")["i18n"], true);
    assert_eq!(field(fields, "date")["i18n"], "duplicate");
    assert_eq!(c["backend"]["name"], "proxy");
}

#[test]
fn a_one_language_site_has_no_i18n_and_a_team_backend_is_passed_on() {
    let site = Site::new("cms/site");
    site.write(
        "placard.yaml",
        "title: One\nbase_url: https://example.org\ncms:\n  backend:\n    name: gitlab\n    repo: team/site\n    branch: main\n",
    );
    site.remove("content/_index.ur.md");
    site.remove("content/news/first.ur.md");
    let c = config(&site);
    assert!(c.get("i18n").is_none());
    assert_eq!(collection(&c, "news")["i18n"], false);
    assert_eq!(
        c["backend"],
        json!({ "name": "gitlab", "repo": "team/site", "branch": "main" })
    );
    assert!(c.get("local_backend").is_none());
}

#[test]
fn a_bad_cms_setting_is_an_error_at_its_line() {
    let site = Site::new("cms/site");
    site.write(
        "placard.yaml",
        "title: CMS test\nbase_url: https://example.org\ncms:\n  media_folder: ../private\n",
    );
    let before = site.build_with(&[]);
    before.fails().stderr_has(&[
        "placard.yaml",
        "the editor's media folder `../private` is not a folder under static/ or content/",
        "static/images",
    ]);
}

/// A POST of JSON to the editor's backend, from the editor's own page unless `origin` says
/// otherwise: (status, JSON body).
fn post(server: &Server, body: &Value, origin: Option<&str>, ctype: &str) -> (u16, Value) {
    let mut s = TcpStream::connect(&server.addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let body = body.to_string();
    let own = format!("http://{}", server.addr);
    let origin = origin.unwrap_or(&own);
    let origin_line = if origin.is_empty() {
        String::new()
    } else {
        format!("Origin: {origin}\r\n")
    };
    write!(
        s,
        "POST /admin/api/v1 HTTP/1.1\r\nHost: {}\r\n{origin_line}Content-Type: {ctype}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        server.addr,
        body.len()
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, serde_json::from_str(body).unwrap_or(Value::Null))
}

fn api(server: &Server, action: &str, params: Value) -> (u16, Value) {
    post(
        server,
        &json!({ "action": action, "params": params }),
        None,
        "application/json; charset=utf-8",
    )
}

#[test]
fn the_backend_lists_reads_and_saves_pages_and_the_preview_rebuilds() {
    let site = Site::new("cms/site");
    let server = start(&site, &["--cms"]);
    let (status, info) = api(&server, "info", json!({}));
    assert_eq!(status, 200);
    assert_eq!(info["publish_modes"], json!(["simple"]));

    // A section's pages, the default language named as the editor names it.
    let (_, list) = api(
        &server,
        "entriesByFolder",
        json!({ "folder": "content/news", "extension": "md", "depth": 1 }),
    );
    let paths: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["file"]["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        ["content/news/first.en.md", "content/news/first.ur.md"]
    );
    assert!(
        list[0]["data"]
            .as_str()
            .unwrap()
            .contains("title: First story")
    );
    let (_, bundles) = api(
        &server,
        "entriesByFolder",
        json!({ "folder": "content/news", "extension": "md", "depth": 2 }),
    );
    assert_eq!(
        bundles[0]["file"]["path"],
        "content/news/photo-story/index.en.md"
    );
    // A translation not yet made reads as no data.
    let (_, missing) = api(
        &server,
        "getEntry",
        json!({ "path": "content/news/photo-story/index.ur.md" }),
    );
    assert_eq!(missing["data"], Value::Null);

    let (status, saved) = api(
        &server,
        "persistEntry",
        json!({
            "dataFiles": [{
                "slug": "first",
                "path": "content/news/first.en.md",
                "raw": "---\ntitle: First story, edited\ndescription: The first story of the site.\ndate: 2026-01-02\naliases:\n  - /old-first/\n  - /older-first/\n---\nThe first story was edited.\n",
            }],
            "assets": [],
            "options": { "commitMessage": "Update", "useWorkflow": false },
        }),
    );
    assert_eq!(status, 200, "{saved}");
    let on_disk = std::fs::read_to_string(site.root().join("content/news/first.md")).unwrap();
    assert!(on_disk.contains("title: First story, edited"));
    assert!(!site.root().join("content/news/first.en.md").exists());
    server.poll("/news/first/", |r| {
        r.body.contains("The first story was edited.")
    });
    server.poll("/older-first/", |r| r.status == 200);

    // A picture, saved in the media folder, read back.
    let (status, media) = api(
        &server,
        "persistMedia",
        json!({ "asset": { "path": "static/images/dot.png", "content": "iVBORw0KGgo=", "encoding": "base64" }, "options": {} }),
    );
    assert_eq!(status, 200, "{media}");
    assert_eq!(
        std::fs::read(site.root().join("static/images/dot.png")).unwrap(),
        b"\x89PNG\r\n\x1a\n"
    );
    let (_, listed) = api(
        &server,
        "getMedia",
        json!({ "mediaFolder": "static/images" }),
    );
    assert_eq!(listed[0]["path"], "static/images/dot.png");
    assert_eq!(listed[0]["content"], "iVBORw0KGgo=");
}

#[test]
fn the_backend_refuses_paths_outside_the_site_and_links_out() {
    let site = Site::new("cms/site");
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("secret.md"),
        "---\ntitle: secret\n---\n",
    )
    .unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(outside.path(), site.root().join("content/linked")).unwrap();
    let server = start(&site, &["--cms"]);
    let yaml_before = std::fs::read(site.root().join("placard.yaml")).unwrap();
    for path in [
        "../outside.md",
        "content/../placard.yaml",
        "content/../../outside.md",
        "/tmp/placard-cms-outside.md",
        "placard.yaml",
        "templates/page.md",
        "content/news/page.html",
        "content/.hidden.md",
        "content/linked/secret.md",
        "content\\..\\x.md",
    ] {
        let (status, answer) = api(
            &server,
            "persistEntry",
            json!({ "dataFiles": [{ "path": path, "raw": "---\ntitle: x\n---\n" }], "assets": [] }),
        );
        assert_eq!(status, 422, "{path}: {answer}");
        assert!(
            answer["error"].as_str().is_some_and(|e| !e.is_empty()),
            "{path}"
        );
    }
    for path in [
        "../x.png",
        "data/x.png",
        "static/x.png",
        "content/linked/x.png",
        "/tmp/x.png",
    ] {
        let (status, _) = api(
            &server,
            "persistMedia",
            json!({ "asset": { "path": path, "content": "AA==", "encoding": "base64" } }),
        );
        assert_eq!(status, 422, "{path}");
    }
    let (status, _) = api(
        &server,
        "getEntry",
        json!({ "path": "content/linked/secret.md" }),
    );
    assert_eq!(status, 200);
    let (_, read) = api(
        &server,
        "getEntry",
        json!({ "path": "content/linked/secret.md" }),
    );
    assert_eq!(
        read["data"],
        Value::Null,
        "a file through a link out was read"
    );
    let (status, _) = api(
        &server,
        "entriesByFolder",
        json!({ "folder": "content/linked", "depth": 1 }),
    );
    assert_eq!(status, 422);
    let (status, _) = api(
        &server,
        "getMediaFile",
        json!({ "path": "../placard.yaml" }),
    );
    assert_eq!(status, 422);
    let (status, _) = api(&server, "deleteFile", json!({ "path": "placard.yaml" }));
    assert_eq!(status, 422);
    assert_eq!(
        std::fs::read(site.root().join("placard.yaml")).unwrap(),
        yaml_before
    );
    assert!(!site.root().parent().unwrap().join("outside.md").exists());
    assert!(!std::path::Path::new("/tmp/placard-cms-outside.md").exists());
    assert_eq!(
        std::fs::read_dir(outside.path()).unwrap().count(),
        1,
        "something was written through the link"
    );
}

#[test]
fn the_backend_answers_only_its_own_page() {
    let site = Site::new("cms/site");
    let server = start(&site, &["--cms"]);
    let before = std::fs::read(site.root().join("content/news/first.md")).unwrap();
    let save = json!({
        "action": "persistEntry",
        "params": { "dataFiles": [{ "path": "content/news/first.en.md", "raw": "---\ntitle: Hacked\n---\n" }], "assets": [] },
    });
    // Another web site open in the same browser (a cross-site form or fetch).
    let (status, answer) = post(
        &server,
        &save,
        Some("http://evil.example"),
        "application/json",
    );
    assert_eq!(status, 403, "{answer}");
    assert!(answer["error"].as_str().unwrap().contains("another origin"));
    // No Origin at all (not a browser page of this server).
    let (status, _) = post(&server, &save, Some(""), "application/json");
    assert_eq!(status, 403);
    // A form post (`text/plain`, which needs no preflight).
    let (status, _) = post(&server, &save, None, "text/plain");
    assert_eq!(status, 415);
    assert_eq!(
        std::fs::read(site.root().join("content/news/first.md")).unwrap(),
        before
    );
}

#[test]
fn admin_is_opt_in_says_how_to_install_and_has_its_own_csp() {
    let site = Site::new("cms/site");
    {
        let server = start(&site, &[]);
        assert_eq!(server.get("/admin/").status, 404);
        let (status, _) = api(&server, "info", json!({}));
        assert_ne!(status, 200);
    }
    let mut server = start(&site, &["--cms"]);
    server.wait_line("placard cms install");
    let page = server.get("/admin/");
    assert_eq!(page.status, 503);
    assert!(page.body.contains("placard cms install"), "{}", page.body);

    std::fs::create_dir_all(site.root().join(EDITOR_DIR)).unwrap();
    std::fs::write(
        site.root().join(EDITOR_DIR).join("decap-cms.js"),
        "/* editor */",
    )
    .unwrap();
    let page = server.get("/admin/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("/admin/editor/decap-cms.js"));
    let csp = page.header("content-security-policy").unwrap();
    assert!(csp.starts_with("default-src 'self'"), "{csp}");
    assert!(!csp.contains("http"), "another origin in {csp}");
    assert_eq!(
        server.get("/admin/editor/decap-cms.js").body,
        "/* editor */"
    );
    assert_eq!(server.get("/admin/editor/../placard.yaml").status, 400);
    assert_eq!(server.get("/admin/editor/placard.yaml").status, 404);
    // The editor's settings name this server as the backend.
    let yml = server.get("/admin/config.yml");
    assert!(yml.header("content-type").unwrap().starts_with("text/yaml"));
    let c: Value = serde_json::from_str(&yml.body).unwrap();
    assert_eq!(
        c["local_backend"]["url"],
        format!("http://{}/admin/api/v1", server.addr)
    );
    let extras: Value = serde_json::from_str(&server.get("/admin/placard.json").body).unwrap();
    assert!(
        extras["components"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["name"] == "helpline")
    );
    assert!(
        extras["styles"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s == "/css/placard.css")
    );
    // The rest of the site keeps serve's own headers.
    assert_eq!(
        server.get("/").header("content-security-policy"),
        Some("frame-ancestors 'none'")
    );
}

#[test]
fn the_editor_is_not_offered_to_other_computers() {
    let site = Site::new("cms/site");
    let r = run(&[
        "serve",
        "--root",
        site.root().to_str().unwrap(),
        "--cms",
        "--bind",
        "0.0.0.0",
        "--port",
        "0",
    ]);
    r.fails().stderr_has(&[
        "the editor cannot be offered on 0.0.0.0",
        "--bind 127.0.0.1",
    ]);
}

#[test]
fn install_checks_the_package_and_build_never_publishes_the_editor() {
    let site = Site::new("cms/site");
    let fake = site.root().join("fake.tgz");
    std::fs::write(&fake, b"not the package").unwrap();
    let r = run(&[
        "cms",
        "install",
        "--root",
        site.root().to_str().unwrap(),
        "--from",
        fake.to_str().unwrap(),
    ]);
    r.fails()
        .stderr_has(&["is not decap-cms 3.16.3 as published", "sha512-"]);
    assert!(!site.root().join(EDITOR_DIR).exists());

    std::fs::create_dir_all(site.root().join(EDITOR_DIR)).unwrap();
    std::fs::write(
        site.root().join(EDITOR_DIR).join("decap-cms.js"),
        "/* editor */",
    )
    .unwrap();
    site.build_with(&[]).ok();
    assert!(!site.out().join("admin").exists());
    assert!(!site.out().join(".placard-cache").exists());
}
