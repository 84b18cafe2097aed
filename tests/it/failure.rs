//! Failure during a build: a full disk, a file deleted while building, and Ctrl-C. Each time the
//! previous output stays exactly as it was, and the next build succeeds.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use placard::content::LoadOptions;
use placard::output::{Disk, Output};

use crate::util::{Site, files};

const BASE: &str = "failure/base";

/// Passes writes to a [`Disk`] until `budget` bytes were written, then fails like a full disk;
/// `on_first_write` runs once, before the first write.
struct Flaky<'a> {
    disk: &'a Disk,
    budget: usize,
    written: AtomicUsize,
    first: std::sync::Once,
    on_first_write: &'a (dyn Fn() + Sync),
}

impl Output for Flaky<'_> {
    fn write(&self, rel: &str, bytes: &[u8]) -> placard::Result<()> {
        self.first.call_once(self.on_first_write);
        let total = self.written.fetch_add(bytes.len(), Ordering::SeqCst) + bytes.len();
        if total > self.budget {
            return Err(placard::Error::io(
                "write",
                rel,
                std::io::Error::from_raw_os_error(28), // ENOSPC: no space left on device
            ));
        }
        self.disk.write(rel, bytes)
    }
}

/// Builds `root` into `out` through a [`Flaky`] output; returns the error text, if any.
fn flaky_build(
    root: &Path,
    out: &Path,
    budget: usize,
    on_first_write: &(dyn Fn() + Sync),
) -> Option<String> {
    let config = placard::pipeline::load_config(root, None).unwrap();
    let disk = Disk::begin(out).unwrap();
    let flaky = Flaky {
        disk: &disk,
        budget,
        written: AtomicUsize::new(0),
        first: std::sync::Once::new(),
        on_first_write,
    };
    match placard::pipeline::build_into(root, &config, LoadOptions::default(), &flaky, 0) {
        Ok(_) => {
            disk.commit().unwrap();
            None
        }
        // Dropping the Disk without commit throws the staging folder away.
        Err(placard::Error::Site(problems)) => Some(
            problems
                .iter()
                .map(|d| format!("{}: {}", d.path.display(), d.message))
                .collect::<Vec<_>>()
                .join("\n"),
        ),
        Err(e) => Some(e.to_string()),
    }
}

/// No staging or old folder is left beside the output.
fn no_leftovers(site: &Site) {
    let names: Vec<String> = std::fs::read_dir(site.tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("placard-"))
        .collect();
    assert!(names.is_empty(), "left behind: {names:?}");
}

#[test]
fn a_full_disk_keeps_the_previous_output() {
    let site = Site::new(BASE);
    site.build_ok();
    let before = site.output_files();
    site.write("content/new.md", "---\ntitle: New\n---\nNew text.\n");
    for budget in [0, 100, 5_000, 20_000] {
        let err = flaky_build(&site.root(), &site.out(), budget, &|| {})
            .unwrap_or_else(|| panic!("a build with {budget} bytes of space succeeded"));
        assert!(err.contains("No space left on device"), "{err}");
        assert!(
            site.output_files() == before,
            "budget {budget} changed the output"
        );
        no_leftovers(&site);
    }
    // With space again, the next build succeeds.
    site.build_ok();
    assert!(site.read("new/index.html").contains("New text."));
}

#[test]
fn a_file_deleted_while_building_keeps_the_previous_output() {
    let site = Site::new(BASE);
    site.build_ok();
    let before = site.output_files();
    let second = site.root().join("content/bundle/b.txt");
    let err = flaky_build(&site.root(), &site.out(), usize::MAX, &|| {
        // The bundle's files were listed; one disappears before it is copied.
        let _ = std::fs::remove_file(&second);
    })
    .expect("the build should fail when a file it listed has gone");
    assert!(err.contains("b.txt"), "{err}");
    assert!(site.output_files() == before);
    no_leftovers(&site);
    site.build_ok();
    assert!(!site.exists("bundle/b.txt") && site.exists("bundle/a.txt"));
}

/// Ctrl-C at many moments of a build: whenever it lands, the output folder holds either the
/// previous build or the new one, complete, and the next build succeeds.
#[cfg(unix)]
#[test]
fn ctrl_c_never_leaves_a_half_built_site() {
    let site = Site::new(BASE);
    for i in 0..400 {
        site.write(
            &format!("content/many/page-{i}.md"),
            format!("---\ntitle: Page {i}\n---\n{}\n", "Some text. ".repeat(200)),
        );
    }
    site.write("content/many/_index.md", "---\ntitle: Many\n---\n");
    site.build_ok();
    let old = site.output_files();
    site.write(
        "content/ok.md",
        "---\ntitle: A good page\n---\nChanged text.\n",
    );
    let out = site.out();
    let root = site.root();
    let mut new = None;
    for delay_ms in [0u64, 10, 40, 160, 320, 640, 1280, 2560, 5120] {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("placard"))
            .args(["build", "--root"])
            .arg(&root)
            .arg("--output")
            .arg(&out)
            .env("NO_COLOR", "1")
            .stderr(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = std::process::Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status();
        let _ = child.wait();
        let now = files(&out);
        eprintln!(
            "Ctrl-C after {delay_ms} ms: {}",
            if now == old {
                "previous output kept"
            } else {
                "new output complete"
            }
        );
        if now != old {
            // The new build landed whole: the changed page and every other page are there. The
            // search index's shards are named by their content, so only their index is compared.
            let pages = |files: &BTreeMap<String, Vec<u8>>| -> Vec<String> {
                files
                    .keys()
                    .filter(|k| !k.starts_with("search-index/") || k.ends_with("/index.json"))
                    .cloned()
                    .collect()
            };
            assert_eq!(pages(&now), pages(&old));
            assert!(String::from_utf8_lossy(&now["ok/index.html"]).contains("Changed text."));
            new = Some(now);
            break;
        }
    }
    site.build_ok();
    no_leftovers(&site);
    if let Some(new) = new {
        assert!(site.output_files() == new);
    }
}
