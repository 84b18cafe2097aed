//! Helpers: copy a fixture site into a temporary folder, run `placard build`, read the output.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

/// The address fixtures without a `base_url` of their own are built at.
pub const TEST_BASE_URL: &str = "https://example.org";

/// The folder of the committed fixtures.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// A fixture site copied into a temporary folder: the site is `<tmp>/site`, and builds go to
/// `<tmp>/out` unless a test says otherwise.
pub struct Site {
    pub tmp: TempDir,
}

/// The result of one run of the binary.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Asserts exit code 0 and returns self.
    #[track_caller]
    pub fn ok(self) -> Self {
        assert_eq!(
            self.code, 0,
            "expected success\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    /// Asserts exit code 1 (the site has errors), no panic, and returns self.
    #[track_caller]
    pub fn fails(self) -> Self {
        assert_eq!(
            self.code, 1,
            "expected exit code 1\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self.no_panic()
    }

    /// Asserts that the binary did not panic.
    #[track_caller]
    pub fn no_panic(self) -> Self {
        assert!(
            !self.stderr.contains("panicked") && self.code != 101,
            "placard panicked:\n{}",
            self.stderr
        );
        self
    }

    /// Asserts that stderr contains every one of `needles`.
    #[track_caller]
    pub fn stderr_has(&self, needles: &[&str]) -> &Self {
        for n in needles {
            assert!(
                self.stderr.contains(n),
                "stderr does not contain {n:?}:\n{}",
                self.stderr
            );
        }
        self
    }
}

/// Runs the placard binary with `args` in `cwd` (NO_COLOR set, SOURCE_DATE_EPOCH unset).
pub fn run_in(cwd: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::cargo_bin("placard").unwrap();
    cmd.current_dir(cwd)
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("SOURCE_DATE_EPOCH")
        .env_remove("PLACARD_LOG");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The findings of a `placard check --format json` run.
#[track_caller]
pub fn json_findings(run: &Run) -> Vec<serde_json::Value> {
    let v: serde_json::Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\n{}", run.stdout, run.stderr));
    v["findings"].as_array().cloned().unwrap_or_default()
}

/// Runs the placard binary with `args` in a scratch folder.
pub fn run(args: &[&str]) -> Run {
    let tmp = tempfile::tempdir().unwrap();
    run_in(tmp.path(), args, &[])
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Copies the bundled site (the repository's own content, data, static files, templates,
/// i18n, themes and `placard.yaml`, not its caches) to `to`. A test that builds it in its own
/// process works on a copy: its caches are keyed by the running program, and on the
/// repository's they would replace the placard binary's entries.
pub fn copy_bundled(to: &Path) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for dir in ["content", "data", "static", "templates", "i18n", "themes"] {
        if repo.join(dir).is_dir() {
            copy_dir(&repo.join(dir), &to.join(dir));
        }
    }
    std::fs::copy(repo.join("placard.yaml"), to.join("placard.yaml")).unwrap();
}

/// Every file under `dir` (hidden ones too) by slash path, with its bytes.
pub fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let path = entry.path();
            if entry.file_type().unwrap().is_dir() {
                walk(base, &path, out);
            } else {
                let rel = path.strip_prefix(base).unwrap();
                let rel = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/");
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

impl Site {
    /// Copies `tests/fixtures/<name>` into a fresh temporary folder.
    pub fn new(name: &str) -> Site {
        let tmp = tempfile::tempdir().unwrap();
        let src = fixtures().join(name);
        assert!(src.is_dir(), "no fixture {}", src.display());
        copy_dir(&src, &tmp.path().join("site"));
        Site { tmp }
    }

    /// The site's root folder.
    pub fn root(&self) -> PathBuf {
        self.tmp.path().join("site")
    }

    /// The default output folder of [`Site::build`].
    pub fn out(&self) -> PathBuf {
        self.tmp.path().join("out")
    }

    /// Writes a file of the site (creating its folder).
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
    }

    /// Removes a file of the site.
    pub fn remove(&self, rel: &str) {
        std::fs::remove_file(self.root().join(rel)).unwrap();
    }

    /// `placard build --root <site> --output <out> <extra...>`.
    pub fn build_with(&self, extra: &[&str]) -> Run {
        self.build_env(extra, &[])
    }

    /// Like [`Site::build_with`], with environment variables.
    pub fn build_env(&self, extra: &[&str], env: &[(&str, &str)]) -> Run {
        let root = self.root();
        let out = self.out();
        let mut args = vec![
            "build",
            "--root",
            root.to_str().unwrap(),
            "--output",
            out.to_str().unwrap(),
        ];
        if self.needs_base_url(extra) {
            args.extend_from_slice(&["--base-url", TEST_BASE_URL]);
        }
        args.extend_from_slice(extra);
        run_in(self.tmp.path(), &args, env)
    }

    /// `placard build` needs a `base_url`: a fixture without one in its placard.yaml (and not
    /// given `--base-url`) is built at [`TEST_BASE_URL`], as `--base-url` would.
    fn needs_base_url(&self, extra: &[&str]) -> bool {
        let config = std::fs::read_to_string(self.root().join("placard.yaml")).unwrap_or_default();
        !extra.contains(&"--base-url") && !config.lines().any(|l| l.starts_with("base_url:"))
    }

    /// `placard build --root <site> --output <out>`.
    pub fn build(&self) -> Run {
        self.build_with(&[])
    }

    /// Runs `placard check` on the site with `extra` arguments (no panic asserted).
    pub fn check(&self, extra: &[&str]) -> Run {
        let root = self.root();
        let mut args = vec!["check", "--root", root.to_str().unwrap()];
        args.extend_from_slice(extra);
        run_in(self.tmp.path(), &args, &[]).no_panic()
    }

    /// Runs `placard check` from outside the site, as a user would, and asserts it finds
    /// no error (warnings may remain).
    #[track_caller]
    pub fn check_clean(&self) {
        let root = self.root();
        let run = run_in(
            self.tmp.path(),
            &["check", "--root", root.to_str().unwrap_or_default()],
            &[],
        );
        assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
        assert!(run.stdout.contains("0 errors"), "{}", run.stdout);
    }

    /// Builds and asserts success.
    #[track_caller]
    pub fn build_ok(&self) -> Run {
        self.build().ok()
    }

    /// The text of an output file.
    #[track_caller]
    pub fn read(&self, rel: &str) -> String {
        let path = self.out().join(rel);
        std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    }

    /// The text of an output file, without trailing whitespace (templates end with a newline).
    #[track_caller]
    pub fn page(&self, rel: &str) -> String {
        self.read(rel).trim_end().to_string()
    }

    /// Does the output have this file?
    pub fn exists(&self, rel: &str) -> bool {
        self.out().join(rel).exists()
    }

    /// Every output file with its bytes.
    pub fn output_files(&self) -> BTreeMap<String, Vec<u8>> {
        files(&self.out())
    }
}

/// The heart of every bad-input test: copy `fixture`, build it successfully, let `breakit`
/// damage the copy, build again, and check that the build failed with exit code 1, did not
/// panic, and left the previous output byte for byte as it was (and no staging folder behind).
/// Returns the failing run for assertions on the message.
#[track_caller]
pub fn fails_and_keeps_output(fixture: &str, breakit: impl FnOnce(&Site)) -> Run {
    let site = Site::new(fixture);
    site.build_ok();
    let before = site.output_files();
    assert!(before.contains_key(".placard-output"));
    breakit(&site);
    let run = site.build().fails();
    let after = site.output_files();
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        "the failed build changed the list of output files"
    );
    assert!(before == after, "the failed build changed an output file");
    let leftovers: Vec<String> = std::fs::read_dir(site.tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("placard-"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "the failed build left folders behind: {leftovers:?}"
    );
    assert!(
        run.stderr.contains("error:"),
        "no error message:\n{}",
        run.stderr
    );
    run
}

/// Builds the bundled site (the repository's own content) into a temporary folder, asserting
/// success; returns the folder and the output path inside it.
pub fn build_bundled() -> (tempfile::TempDir, PathBuf) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let run = run_in(
        tmp.path(),
        &[
            "build",
            "--root",
            repo.to_str().unwrap(),
            "--output",
            out.to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    (tmp, out)
}
