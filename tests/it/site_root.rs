//! One rule for every reader of site files: placard reads only real files inside the site
//! folder, links resolved at the moment of reading, hidden names included. Each case here was
//! published (or served) before that rule was enforced in one place (`util::fs::read_site_file`).

use std::path::Path;

use crate::serve::start;
use crate::util::{Site, fails_and_keeps_output};

const BASE: &str = "site_root/base";
const SECRET: &str = "TOP SECRET: the refuge is at 1 Example Road";

/// A private folder beside the site (outside it), holding a text file and a PNG.
fn private_folder(site: &Site) -> std::path::PathBuf {
    let private = site.tmp.path().join("private");
    std::fs::create_dir_all(&private).unwrap();
    std::fs::write(private.join("secret.txt"), SECRET).unwrap();
    let png = std::fs::read(site.root().join("content/story/house.png")).unwrap();
    std::fs::write(private.join("private.png"), png).unwrap();
    private
}

fn link(target: &Path, at: &Path) {
    std::os::unix::fs::symlink(target, at).unwrap();
}

/// No output file holds the secret.
fn not_published(site: &Site) {
    for (name, bytes) in site.output_files() {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("TOP SECRET"),
            "{name} holds the secret"
        );
    }
}

#[test]
fn a_hidden_file_linked_out_is_not_offered_as_a_download() {
    let run = fails_and_keeps_output(BASE, |site| {
        let private = private_folder(site);
        link(
            &private.join("secret.txt"),
            &site.root().join("static/.leak.txt"),
        );
        site.write(
            "content/materials.md",
            "---\ntitle: Materials\nbundle: true\ndownloads:\n  - file: /.leak.txt\n    title: Notes\n---\nThe notes.\n",
        );
    });
    run.stderr_has(&[
        "content/materials.md",
        "/.leak.txt",
        "outside the site folder",
        "copy the file into the site",
    ]);
    assert!(!run.stderr.contains("TOP SECRET"));
}

#[test]
fn a_file_in_a_hidden_folder_linked_out_is_not_bundled() {
    let site = Site::new(BASE);
    site.build_ok();
    let private = private_folder(&site);
    link(&private, &site.root().join("static/.d"));
    site.write(
        "content/materials.md",
        "---\ntitle: Materials\nbundle: true\ndownloads:\n  - file: /files/notes.txt\n    title: Notes\n  - file: /.d/secret.txt\n    title: More notes\n---\nThe notes.\n",
    );
    let run = site.build().fails();
    run.stderr_has(&["/.d/secret.txt", "outside the site folder"]);
    not_published(&site);
    // `check` runs the same build and says the same.
    let check = site.check(&[]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert!(
        check.stderr.contains("outside the site folder"),
        "{}",
        check.stderr
    );
}

#[test]
fn a_bundle_image_in_a_hidden_folder_linked_out_is_not_published() {
    let run = fails_and_keeps_output(BASE, |site| {
        let private = private_folder(site);
        link(&private, &site.root().join("content/story/.d"));
        site.write(
            "content/story/index.md",
            "---\ntitle: A story\n---\n![A house on a quiet street](.d/private.png)\n",
        );
    });
    run.stderr_has(&["content/story/.d/private.png", "outside the site folder"]);
}

#[test]
fn a_file_replaced_by_a_link_while_serving_is_taken_off() {
    let site = Site::new(BASE);
    let private = private_folder(&site);
    let mut server = start(&site, &[]);
    let r = server.get("/files/plain.txt");
    assert_eq!(r.status, 200);
    assert!(r.body.contains("color: black"));
    // The static file becomes a link out of the site.
    std::fs::remove_file(site.root().join("static/files/plain.txt")).unwrap();
    link(
        &private.join("secret.txt"),
        &site.root().join("static/files/plain.txt"),
    );
    let r = server.poll("/", |r| r.body.contains("placard-overlay"));
    assert!(r.body.contains("outside the site folder"), "{}", r.body);
    server.wait_line("static/files/plain.txt");
    let r = server.get("/files/plain.txt");
    assert_ne!(r.status, 200, "the old version is still served");
    assert!(!r.body.contains("TOP SECRET"));
}

#[test]
fn a_page_replaced_by_a_link_while_serving_is_taken_off() {
    let site = Site::new(BASE);
    let private = private_folder(&site);
    std::fs::write(
        private.join("secret.md"),
        format!("---\ntitle: Secret\n---\n{SECRET}\n"),
    )
    .unwrap();
    let server = start(&site, &[]);
    assert!(server.get("/materials/").body.contains("The notes."));
    std::fs::remove_file(site.root().join("content/materials.md")).unwrap();
    link(
        &private.join("secret.md"),
        &site.root().join("content/materials.md"),
    );
    let r = server.poll("/", |r| r.body.contains("placard-overlay"));
    assert!(r.body.contains("outside the site folder"), "{}", r.body);
    let r = server.get("/materials/");
    assert_ne!(r.status, 200, "the old page is still served");
    assert!(!r.body.contains("TOP SECRET") && !r.body.contains("The notes."));
}
