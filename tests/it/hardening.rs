//! Hostile input: every case is either built correctly or refused with a clear error, and
//! nothing is ever written outside the output folder. The big inputs are generated here rather
//! than committed; the fixture is a two-page site.

use crate::util::{Site, fails_and_keeps_output};

const BASE: &str = "hardening/base";

/// A "billion laughs" document: nine levels of aliases, each repeating the one before nine times.
fn alias_bomb(indent: &str) -> String {
    let mut yaml = format!(
        "{indent}a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
    );
    let names: Vec<char> = "abcdefghi".chars().collect();
    for pair in names.windows(2) {
        let refs = vec![format!("*{}", pair[0]); 9].join(",");
        yaml += &format!("{indent}{}: &{} [{refs}]\n", pair[1], pair[1]);
    }
    yaml
}

/// Every file under `dir` stays inside it: no `..`, and no file outside appeared.
fn nothing_outside(site: &Site) {
    for rel in site.output_files().keys() {
        assert!(!rel.split('/').any(|part| part == ".."), "{rel}");
    }
    let top: Vec<String> = std::fs::read_dir(site.tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let mut top = top;
    top.sort();
    assert_eq!(
        top,
        ["out", "site"],
        "something was written beside the output"
    );
}

#[test]
fn yaml_alias_bomb_in_front_matter_is_refused() {
    let run = fails_and_keeps_output(BASE, |site| {
        site.write(
            "content/bomb.md",
            format!("---\ntitle: Bomb\nextra:\n{}---\nText.\n", alias_bomb("  ")),
        );
    });
    run.stderr_has(&["front matter is too big", "content/bomb.md:", "aliases"]);
}

#[test]
fn yaml_alias_bomb_in_a_data_file_is_refused() {
    let run = fails_and_keeps_output(BASE, |site| {
        site.write("data/bomb.yaml", alias_bomb(""));
    });
    run.stderr_has(&["too big", "data/bomb.yaml:"]);
}

#[test]
fn a_ten_megabyte_line_is_built() {
    let site = Site::new(BASE);
    let line = "word ".repeat(2_000_000);
    site.write(
        "content/long.md",
        format!("---\ntitle: Long\n---\n{line}END\n"),
    );
    site.build_ok();
    let html = site.read("long/index.html");
    assert!(html.len() > 10_000_000 && html.contains("word word END"));
}

#[test]
fn a_hundred_thousand_equal_headings_get_unique_ids() {
    let site = Site::new(BASE);
    site.write(
        "content/headings.md",
        format!(
            "---\ntitle: Headings\n---\n{}",
            "## Same\n\n".repeat(100_000)
        ),
    );
    site.build_ok();
    let html = site.read("headings/index.html");
    assert!(html.contains("id=same-99999") || html.contains("id=\"same-99999\""));
}

#[test]
fn ten_thousand_nested_lists_and_quotes_are_built() {
    let site = Site::new(BASE);
    site.write(
        "content/lists.md",
        format!("---\ntitle: Lists\n---\n{}deep list\n", "- ".repeat(10_000)),
    );
    site.write(
        "content/quotes.md",
        format!(
            "---\ntitle: Quotes\n---\n{} deep quote\n",
            ">".repeat(10_000)
        ),
    );
    site.build_ok();
    let lists = site.read("lists/index.html");
    assert!(lists.matches("<ul>").count() >= 10_000 && lists.contains("deep list"));
    let quotes = site.read("quotes/index.html");
    assert!(quotes.matches("<blockquote>").count() >= 10_000 && quotes.contains("deep quote"));
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_is_refused() {
    let run = fails_and_keeps_output(BASE, |site| {
        std::os::unix::fs::symlink(".", site.root().join("content/loop")).unwrap();
    });
    run.stderr_has(&[
        "content/loop",
        "a folder that contains it",
        "delete the link",
    ]);
}

#[cfg(unix)]
#[test]
fn a_symlink_out_of_the_site_is_refused() {
    let run = fails_and_keeps_output(BASE, |site| {
        let outside = site.tmp.path().join("private");
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(
            outside.join("secret.md"),
            "---\ntitle: Secret\n---\nsecret\n",
        )
        .unwrap();
        std::os::unix::fs::symlink(&outside, site.root().join("content/private")).unwrap();
        std::os::unix::fs::symlink("/etc/hostname", site.root().join("content/host.md")).unwrap();
        std::os::unix::fs::symlink("../private", site.root().join("static")).unwrap();
    });
    run.stderr_has(&[
        "static",
        "content/private",
        "content/host.md",
        "outside the site folder",
        "copy the file into the site",
    ]);
    assert!(!run.stderr.contains("secret"));
}

#[cfg(unix)]
#[test]
fn a_symlink_inside_the_site_is_followed() {
    let site = Site::new(BASE);
    std::fs::create_dir_all(site.root().join("shared")).unwrap();
    site.write(
        "shared/linked.md",
        "---\ntitle: Linked\n---\nShared text.\n",
    );
    std::os::unix::fs::symlink("../shared/linked.md", site.root().join("content/linked.md"))
        .unwrap();
    site.build_ok();
    assert!(site.read("linked/index.html").contains("Shared text."));
}

#[test]
fn odd_file_names_stay_inside_the_output() {
    let site = Site::new(BASE);
    site.write(
        "content/a file with spaces.md",
        "---\ntitle: Spaces\n---\nx\n",
    );
    site.write(
        "content/ünïcödé-страница.md",
        "---\ntitle: Unicode\n---\nx\n",
    );
    site.write("content/dots..md", "---\ntitle: Dots\n---\nx\n");
    site.write("content/..hidden.md", "---\ntitle: Hidden\n---\nx\n");
    site.write("static/a file ünï.txt", "static text");
    site.build_ok();
    assert!(site.exists("a-file-with-spaces/index.html"));
    assert!(site.exists("static/a file ünï.txt") || site.exists("a file ünï.txt"));
    assert!(site.output_files().keys().any(|k| k.starts_with("unicode")));
    nothing_outside(&site);
}

#[test]
fn a_slug_cannot_escape_the_output_folder() {
    let site = Site::new(BASE);
    site.write(
        "content/escape.md",
        "---\ntitle: Escape\nslug: ../../../../escaped\n---\nx\n",
    );
    site.build_ok();
    assert!(site.exists("escaped/index.html"));
    nothing_outside(&site);
}

#[test]
fn a_slug_of_dots_is_refused() {
    let run = fails_and_keeps_output(BASE, |site| {
        site.write(
            "content/dots.md",
            "---\ntitle: Dots\nslug: \"..\"\n---\nx\n",
        );
    });
    run.stderr_has(&["content/dots.md:3:", "slug"]);
}

#[test]
fn a_script_address_in_a_data_file_is_refused_at_its_line() {
    let run = fails_and_keeps_output(BASE, |site| {
        site.write(
            "data/helplines.yaml",
            "police:\n  name: Police\n  phone: \"101\"\n  url: \"javascript:alert(document.domain)\"\n",
        );
    });
    run.stderr_has(&[
        "data/helplines.yaml:4:",
        "`url`",
        "javascript:",
        "https://www.example.org/page",
    ]);
}

#[test]
fn an_address_key_takes_only_published_schemes() {
    for (file, text, at) in [
        (
            "data/links.json",
            "{\"links\": [{\"title\": \"A\", \"url\": \"data:text/html,<script>alert(1)</script>\"}]}",
            "data/links.json:1:",
        ),
        (
            "content/ok.md",
            "---\ntitle: A good page\nextra:\n  more:\n    web_url: \"file:///etc/passwd\"\n---\nSome text.\n",
            "content/ok.md:5:",
        ),
        (
            "data/contacts.csv",
            "name,url\nPolice,https://www.example.org\nOther,ftp://example.org/x\n",
            "data/contacts.csv:3:",
        ),
    ] {
        let run = fails_and_keeps_output(BASE, |site| site.write(file, text));
        run.stderr_has(&[at, "is not one placard publishes"]);
    }
}

#[test]
fn good_addresses_in_data_are_built() {
    let site = Site::new(BASE);
    site.write(
        "data/helplines.yaml",
        "police:\n  url: \"https://www.example.org/report\"\n  phone_url: \"tel:+441234567890\"\n  email_link: \"mailto:a@example.org\"\n  page_url: \"/report/\"\n  note: \"JavaScript: the site works without it\"\n",
    );
    site.build_ok();
}

#[test]
fn a_heading_level_argument_cannot_add_attributes() {
    let run = fails_and_keeps_output(BASE, |site| {
        site.write(
            "content/ok.md",
            "---\ntitle: A good page\n---\nSome text.\n\n{{ signs(level=\"2 hidden onfocus=alert(1)\") }}\n",
        );
    });
    run.stderr_has(&[
        "content/ok.md:6:",
        "`level` must be a heading level",
        "from 2 to 6",
    ]);
    assert!(!run.stderr.contains("could not be rendered"));
}
