//! Mistakes that used to build without a word and publish a wrong site (issue 21): each is an
//! error at its file and line, with the fix, and leaves the previous output as it was.

use crate::util::{Site, fails_and_keeps_output, run_in};

const FIXTURE: &str = "silent/base";

/// Replaces `from` with `to` in a file of the site (which must contain it).
fn edit(site: &Site, rel: &str, from: &str, to: &str) {
    let text = std::fs::read_to_string(site.root().join(rel)).unwrap();
    assert!(text.contains(from), "{rel} has no {from:?}");
    site.write(rel, text.replacen(from, to, 1));
}

#[test]
fn the_fixture_builds_with_its_menu() {
    let site = Site::new(FIXTURE);
    site.build_ok();
    let home = site.read("index.html");
    assert!(home.contains(">About us</a>"), "{home}");
    assert!(site.exists("report/bury/index.html"));
    assert!(!site.exists("plans/index.html"));
}

#[test]
fn a_quick_exit_url_without_https_is_an_error_at_its_line() {
    let run = fails_and_keeps_output(FIXTURE, |s| {
        edit(
            s,
            "placard.yaml",
            "minify: false\n",
            "minify: false\nquick_exit_url: www.google.co.uk\n",
        );
    });
    run.stderr_has(&[
        "quick_exit_url `www.google.co.uk` is not a full web address",
        "--> placard.yaml:4:1",
        "starting with https://",
    ]);
}

#[test]
fn build_needs_a_base_url_but_check_does_not() {
    let site = Site::new(FIXTURE);
    site.build_ok();
    let before = site.output_files();
    edit(&site, "placard.yaml", "base_url: https://example.org\n", "");
    let (root, out) = (site.root(), site.out());
    let (root, out) = (root.to_str().unwrap(), out.to_str().unwrap());
    // Not through `Site::build`, which gives fixtures without a base_url one.
    let build = ["build", "--root", root, "--output", out];
    let run = run_in(site.tmp.path(), &build, &[]).fails();
    run.stderr_has(&["placard.yaml has no `base_url`", "--base-url"]);
    assert!(
        before == site.output_files(),
        "the failed build changed the output"
    );
    let check = run_in(site.tmp.path(), &["check", "--root", root], &[]);
    assert!(
        !check.stderr.contains("base_url") && !check.stdout.contains("base_url"),
        "{check:?}"
    );
    // `--base-url` is enough.
    let preview = [&build[..], &["--base-url", "https://preview.example.org"]].concat();
    run_in(site.tmp.path(), &preview, &[]).ok();
    assert!(
        site.read("sitemap.xml")
            .contains("<loc>https://preview.example.org/</loc>")
    );
}

#[test]
fn a_misspelt_menu_key_is_an_error_that_suggests_the_right_one() {
    let run = fails_and_keeps_output(FIXTURE, |s| {
        edit(
            s,
            "placard.yaml",
            "    - title: About us",
            "    - titel: About us",
        );
    });
    run.stderr_has(&[
        "unknown field `titel` in item 1 of the menu `extra.nav`",
        "--> placard.yaml:6:7",
        "did you mean `title`?",
    ]);
}

#[test]
fn a_menu_link_to_a_missing_or_draft_page_is_an_error() {
    for to in ["/abuot/", "/plans/", "report/"] {
        let run = fails_and_keeps_output(FIXTURE, |s| {
            edit(s, "placard.yaml", "url: /report/", &format!("url: {to}"));
        });
        run.stderr_has(&[
            &format!("item 2 of the menu `extra.nav` links to `{to}`"),
            "--> placard.yaml:9:7",
        ]);
    }
    // With --drafts the draft page is there.
    let site = Site::new(FIXTURE);
    edit(&site, "placard.yaml", "url: /report/", "url: /plans/");
    site.build_with(&["--drafts"]).ok();
}

#[test]
fn a_contact_with_no_way_to_contact_is_an_error_at_its_line() {
    let run = fails_and_keeps_output(FIXTURE, |s| {
        s.write(
            "data/helplines.yaml",
            "police:\n  name: Police non-emergency number\n  phone: \"101\"\n  verified: true\nhub:\n  name: The hub\n  verified: false\n",
        );
    });
    run.stderr_has(&[
        "the contact \"The hub\" has no phone number, web address or e-mail address",
        "--> data/helplines.yaml:5:1",
    ]);
    // No misleading second error about the data file the section generates pages from.
    assert!(!run.stderr.contains("no data file"), "{}", run.stderr);
}

#[test]
fn an_alias_may_not_replace_a_file_the_build_writes() {
    for alias in [
        "/index.html",
        "/404.html",
        "/about/index.html",
        "/about/",
        "/news/",
        "/search/",
    ] {
        let run = fails_and_keeps_output(FIXTURE, |s| {
            edit(
                s,
                "content/news/launch.md",
                "\"/old-launch/\"",
                &format!("\"{alias}\""),
            );
        });
        // Addresses of pages were refused before (as two things at one address); the files
        // under other names, the 404 page and the search page were replaced.
        let message = if alias.ends_with('/') && alias != "/search/" {
            format!("the alias {alias} would be written at {alias}")
        } else {
            format!("the alias `{alias}` would replace")
        };
        run.stderr_has(&[&message, "--> content/news/launch.md:3:1"]);
    }
}

#[test]
fn a_generated_slug_without_letters_is_an_error_at_its_record() {
    let run = fails_and_keeps_output(FIXTURE, |s| {
        edit(s, "data/places.yaml", "slug: wigan", "slug: \"!!!\"");
    });
    run.stderr_has(&[
        "record 2",
        "has a slug with no letters or digits",
        "--> data/places.yaml:3:1",
    ]);
}

#[test]
fn a_slug_over_the_limit_names_the_markdown_file_and_the_limit() {
    let long = "a".repeat(256);
    let run = fails_and_keeps_output(FIXTURE, |s| {
        edit(
            s,
            "content/about.md",
            "title: About us\n",
            &format!("title: About us\nslug: {long}\n"),
        );
    });
    run.stderr_has(&[
        "--> content/about.md:3:1",
        "folder name of 256 bytes, over the limit of 200 bytes",
    ]);
    assert!(!run.stderr.contains("File name too long"), "{}", run.stderr);
    let run = fails_and_keeps_output(FIXTURE, |s| {
        edit(
            s,
            "data/places.yaml",
            "slug: wigan",
            &format!("slug: {long}"),
        );
    });
    run.stderr_has(&[
        "data/places.yaml:3:1",
        "slug of 256 bytes, over the limit of 200 bytes",
    ]);
}

#[test]
fn a_data_file_that_is_not_utf8_is_one_error_naming_it() {
    let run = fails_and_keeps_output(FIXTURE, |s| {
        s.write(
            "data/places.yaml",
            b"- name: Bury\n  slug: bury\n- name: W\xe9gan\n  slug: wigan\n",
        );
    });
    run.stderr_has(&["data/places.yaml"]);
    assert!(!run.stderr.contains("no data file"), "{}", run.stderr);
    assert_eq!(run.stderr.matches("error:").count(), 2, "{}", run.stderr);
}

/// The page of `images/basic` that shows images.
const PHOTO_PAGE: &str = "content/news/launch/index.md";

#[test]
fn alt_text_that_is_a_file_name_builds_with_a_warning_at_its_line() {
    let site = Site::new("images/basic");
    site.write(
        PHOTO_PAGE,
        "---\ntitle: Launch\n---\nIntro.\n\n![IMG_2041](gps.jpg)\n\n![photo](gps.jpg)\n",
    );
    let run = site.build_ok();
    run.stderr_has(&[
        "warning: the alternative text \"IMG_2041\" of the image `gps.jpg` is a file name",
        "content/news/launch/index.md:6:1",
        "warning: the alternative text \"photo\" of the image `gps.jpg` only says that it is an image",
        "content/news/launch/index.md:8:1",
    ]);
    // A description is not warned about.
    site.write(
        PHOTO_PAGE,
        "---\ntitle: Launch\n---\n![A crowd at the launch](gps.jpg)\n",
    );
    let run = site.build_ok();
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
}

/// A noisy picture, so its JPEG is over 100 KB.
fn noise(width: u32, height: u32) -> image::RgbImage {
    let mut seed = 12345u32;
    image::RgbImage::from_fn(width, height, |_, _| {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        let [a, b, c, _] = seed.to_le_bytes();
        image::Rgb([a, b, c])
    })
}

fn encoded(img: &image::RgbImage, format: image::ImageFormat) -> Vec<u8> {
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(img.clone())
        .write_to(&mut std::io::Cursor::new(&mut out), format)
        .unwrap();
    out
}

#[test]
fn cut_short_images_of_every_format_are_errors_naming_them() {
    let jpeg = encoded(&noise(600, 400), image::ImageFormat::Jpeg);
    assert!(jpeg.len() > 150_000, "{}", jpeg.len());
    let small = noise(60, 40);
    let mut cases: Vec<(String, Vec<u8>)> = [10_000, 20_000, 100_000, jpeg.len() / 2]
        .iter()
        .map(|n| (format!("cut-{n}.jpg"), jpeg[..*n].to_vec()))
        .collect();
    for (ext, format) in [
        ("png", image::ImageFormat::Png),
        ("gif", image::ImageFormat::Gif),
        ("webp", image::ImageFormat::WebP),
    ] {
        let whole = encoded(&small, format);
        cases.push((format!("cut.{ext}"), whole[..whole.len() * 2 / 3].to_vec()));
    }
    for (name, bytes) in cases {
        eprintln!("case {name}");
        let run = fails_and_keeps_output("images/basic", |s| {
            s.write(&format!("content/news/launch/{name}"), &bytes);
            s.write(
                PHOTO_PAGE,
                format!("---\ntitle: Launch\n---\n![A poster]({name})\n"),
            );
        });
        run.stderr_has(&[&format!("content/news/launch/{name}"), "cut short"]);
    }
}

#[test]
fn byte_identical_images_in_many_bundles_never_race_in_an_empty_cache() {
    // A small site, so 50 builds are quick: its own plain templates, no search, feeds or sitemap.
    let site = Site::new(FIXTURE);
    site.write(
        "placard.yaml",
        "title: Race\nbase_url: https://example.org\nminify: false\nfeeds: false\nsitemap: false\nsearch: { enabled: false }\ncountry: GB\n",
    );
    let plain = "<!DOCTYPE html><title>x</title>";
    for t in ["index.html", "section.html", "404.html", "district.html"] {
        site.write(&format!("templates/{t}"), plain);
    }
    site.write(
        "templates/page.html",
        format!("{plain}{{{{ page.content | safe }}}}"),
    );
    let photo = encoded(&noise(24, 16), image::ImageFormat::Png);
    for i in 0..100 {
        site.write(&format!("content/news/b{i}/photo.png"), &photo);
        site.write(
            &format!("content/news/b{i}/index.md"),
            format!("---\ntitle: Bundle {i}\n---\n![A poster on a wall](photo.png)\n"),
        );
    }
    let cache = site.root().join(".placard-cache");
    let config = placard::config::Config::load(&site.root()).unwrap();
    for run in 0..50 {
        let _ = std::fs::remove_dir_all(&cache);
        // Into memory: the race is in the cache, and 50 output folders would only take time.
        let out = placard::output::Memory::default();
        let load = placard::content::LoadOptions::default();
        if let Err(e) = placard::pipeline::build_into(&site.root(), &config, load, &out, 0) {
            panic!("cold build {run} failed: {e:?}");
        }
    }
    let entries = std::fs::read_dir(cache.join("images")).unwrap().count();
    assert_eq!(
        entries, 1,
        "one cache entry for one image, no temporary folders"
    );
}

#[test]
fn declared_downloads_appear_on_a_page_of_any_default_template() {
    let site = Site::new("downloads/base");
    let page = "content/materials/index.md";
    let text = std::fs::read_to_string(site.root().join(page)).unwrap();
    // No `template: downloads.html`: the page template shows them too.
    site.write(page, text.replace("template: downloads.html\n", ""));
    site.build_ok();
    let html = site.read("materials/index.html");
    assert_eq!(html.matches("data-downloads").count(), 1, "{html}");
    assert!(
        html.contains("Session plan (Year 5)") && html.contains("Letter to parents"),
        "{html}"
    );
    // A page that places them itself shows them once, where it says.
    let placed = text.replace("template: downloads.html\n", "").replace(
        "Everything for the session.",
        "Everything.\n\n{{ downloads() }}\n\nThe end.",
    );
    site.write(page, placed);
    site.build_ok();
    let html = site.read("materials/index.html");
    assert_eq!(html.matches("data-downloads").count(), 1, "{html}");
    let (list, end) = (
        html.find("data-downloads").unwrap(),
        html.find("The end.").unwrap(),
    );
    assert!(list < end, "the list is where the page put it");
}

#[test]
fn originals_of_processed_bundle_images_are_published_only_when_linked_or_asked_for() {
    let site = Site::new("images/basic");
    site.build_ok();
    assert!(
        !site.exists("news/launch/gps.jpg"),
        "the full-size original is not published"
    );
    assert!(
        site.output_files()
            .keys()
            .any(|k| k.starts_with("processed-images/gps."))
    );
    // A page that links the original publishes it.
    let text = std::fs::read_to_string(site.root().join(PHOTO_PAGE)).unwrap();
    site.write(PHOTO_PAGE, format!("{text}\n[The full photo](gps.jpg)\n"));
    site.build_ok();
    assert!(site.exists("news/launch/gps.jpg"));
    // So does the setting.
    site.write(PHOTO_PAGE, &text);
    edit(
        &site,
        "placard.yaml",
        "images:\n",
        "images:\n  publish_originals: true\n",
    );
    site.build_ok();
    assert!(site.exists("news/launch/gps.jpg"));
}

#[test]
fn a_data_file_over_the_value_limit_without_aliases_gets_no_hint_about_aliases() {
    let run = fails_and_keeps_output(FIXTURE, |s| {
        s.write("data/big.yaml", "- 1\n".repeat(300_000));
    });
    run.stderr_has(&[
        "data/big.yaml",
        "too big",
        "split the data into smaller files",
    ]);
    assert!(!run.stderr.contains("aliases"), "{}", run.stderr);
}

#[test]
fn a_loop_inside_a_loop_in_a_generate_template_stops_with_an_error() {
    // Without a limit this would count to 10^10 for each record; it stops at the first
    // record, at the section's file, within a second or so.
    let nested = "{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% endfor %}{% endfor %}{{ item.name }}";
    let run = fails_and_keeps_output(FIXTURE, |s| {
        edit(
            s,
            "content/report/_index.md",
            "title: \"Report a concern in {{ item.name }}\"",
            &format!("title: \"{nested}\""),
        );
    });
    run.stderr_has(&[
        "content/report/_index.md",
        "range() was asked for more than 100000 numbers in one template",
    ]);
}

#[test]
fn a_loop_inside_a_loop_in_a_theme_template_stops_with_an_error() {
    let run = fails_and_keeps_output(FIXTURE, |s| {
        let path = s.root().join("templates/district.html");
        let text = std::fs::read_to_string(&path).unwrap();
        let nested = "{% for i in range(end=50000) %}{% for j in range(end=50000) %}{% endfor %}{% endfor %}";
        std::fs::write(&path, format!("{text}\n{nested}\n")).unwrap();
    });
    run.stderr_has(&[
        "templates/district.html",
        "range() was asked for more than 100000 numbers in one template",
    ]);
}

const ABOUT: &str = "content/about.md";

/// about.md with `body` as its text (the front matter is three lines).
fn about_says(site: &Site, body: &str) {
    site.write(ABOUT, format!("---\ntitle: About us\n---\n{body}\n"));
}

#[test]
fn a_plain_link_to_nothing_fails_the_build_at_its_line() {
    let run = fails_and_keeps_output(FIXTURE, |s| {
        about_says(
            s,
            "Who we are.\n\nSee [our news](/newz/) and [Bury](../report/bury/).",
        );
    });
    run.stderr_has(&[
        "--> content/about.md:6:16",
        "the link `/newz/` leads to nothing: the site has no page or file there",
        "@/folder/page.md",
    ]);
    assert!(!run.stderr.contains("`../report/bury/`"), "{}", run.stderr);
}

#[test]
fn a_plain_link_to_a_missing_anchor_fails_the_build() {
    let run = fails_and_keeps_output(FIXTURE, |s| {
        about_says(
            s,
            "## Who we are\n\nRead [who we are](#who-we-ar) or [the news](/news/#nothing).",
        );
    });
    run.stderr_has(&[
        "--> content/about.md:6:19",
        "the link `#who-we-ar` points at `#who-we-ar`, which is not on /about/",
        "did you mean `#who-we-are`?",
        "the link `/news/#nothing` points at `#nothing`, which is not on /news/",
    ]);
}

#[test]
fn plain_links_that_lead_somewhere_build() {
    let site = Site::new(FIXTURE);
    about_says(
        &site,
        "## Who we are\n\n[Top](#who-we-are), [news](/news/), [launch](../news/launch/), \
         [Wigan](../report/wigan/#top), [old](/old-launch/), [feed](/sitemap.xml), \
         [main](/news/#main-content), [mail](mailto:a@example.org), [web](https://example.com/x/)",
    );
    site.build_ok();
}

#[test]
fn the_build_link_check_can_be_turned_off() {
    let site = Site::new(FIXTURE);
    about_says(&site, "See [our news](/newz/).");
    site.build().fails();
    let config = std::fs::read_to_string(site.root().join("placard.yaml")).unwrap();
    site.write(
        "placard.yaml",
        format!("{config}check:\n  links_on_build: false\n"),
    );
    site.build_ok();
    // `placard check` still reports it.
    let run = site.check(&[]);
    let said = format!("{}{}", run.stdout, run.stderr);
    assert!(
        said.contains("link-broken") && said.contains("/newz/"),
        "{said}"
    );
}

#[test]
fn a_key_typo_a_bad_date_a_missing_image_and_a_missing_anchor_come_in_one_run() {
    let run = fails_and_keeps_output(FIXTURE, |s| {
        s.write(ABOUT, "---\ntitel: About us\n---\nWho we are.\n");
        s.write(
            "content/news/launch.md",
            "---\ntitle: Launch\ndate: 2026-13-45\n---\nWe launched.\n",
        );
        s.write(
            "content/plans.md",
            "---\ntitle: Plans\n---\n![A house](missing.jpg)\n",
        );
        s.write(
            "content/_index.md",
            "---\ntitle: Home\n---\nSee [news](@/news/_index.md#nope) and [about](@/about.md#who).\n",
        );
    });
    run.stderr_has(&[
        "--> content/about.md:2:1",
        "unknown field `titel`",
        "--> content/news/launch.md:3:1",
        "is not a date",
        "--> content/plans.md:4:",
        "missing.jpg",
        "--> content/_index.md:4:",
        "`#nope`",
        "4 problems found",
    ]);
    // The link into the page that could not be read is not a second report of its problem.
    assert!(!run.stderr.contains("`#who`"), "{}", run.stderr);
    // Sorted by file, then line.
    let at = |s: &str| run.stderr.find(s).unwrap();
    assert!(at("content/_index.md:4") < at("content/about.md:2"));
    assert!(at("content/about.md:2") < at("content/news/launch.md:3"));
    assert!(at("content/news/launch.md:3") < at("content/plans.md:4"));
}
