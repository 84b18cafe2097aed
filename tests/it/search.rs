//! Site search (issue 22): the index's content, its shards and languages, the query rules
//! (run by the Rust version of the script's rules over the built files), escaping, the
//! search page without JavaScript, settings, and bad settings.

use std::collections::BTreeMap;
use std::path::Path;

use placard::extras::search::query::{self, Hit};
use serde_json::Value;

use crate::util::{Site, fails_and_keeps_output};

/// Runs `q` over the built index of `lang` in `out`.
fn search_in(out: &Path, lang: &str, q: &str) -> Vec<Hit> {
    let dir = out.join("search-index").join(lang);
    let load = |rel: &str| std::fs::read(dir.join(rel)).ok();
    query::search(&load, q, 10)
        .expect("the language has an index")
        .0
}

fn urls(hits: &[Hit]) -> Vec<&str> {
    hits.iter().map(|h| h.url.as_str()).collect()
}

fn built() -> Site {
    let site = Site::new("search/basic");
    site.build_ok();
    site
}

/// A page file's JSON (the files are compressed).
fn inflate(bytes: &[u8]) -> String {
    placard::extras::search::index::inflate_doc(bytes).expect("a page file inflates")
}

fn json(site: &Site, rel: &str) -> Value {
    serde_json::from_str(&site.read(rel)).unwrap()
}

#[test]
fn the_index_holds_the_pages_content_and_not_the_themes() {
    let site = built();
    let out = site.out();
    let hits = search_in(&out, "en", "cuckooing");
    assert_eq!(hits[0].url, "/guide/cuckooing/");
    assert_eq!(hits[0].title, "Cuckooing");
    // Words only in the theme's footer ("does not use cookies"), help block ("ambulance"),
    // skip link and exit button are not indexed.
    for word in ["cookies", "ambulance", "skip", "exit"] {
        assert!(search_in(&out, "en", word).is_empty(), "{word} is indexed");
    }
    // Each page file has the page's text, and none of the theme's.
    let files = site.output_files();
    let docs: Vec<String> = files
        .iter()
        .filter(|(k, _)| k.starts_with("search-index/en/d/"))
        .map(|(_, v)| inflate(v))
        .collect();
    assert_eq!(
        docs.len(),
        5,
        "home, guides, 3 guides, and no hidden or draft page"
    );
    assert!(docs.iter().any(|d| d.contains("Curtains drawn all day.")));
    assert!(
        docs.iter()
            .all(|d| !d.contains("Exit this page") && !d.contains("cookies"))
    );
}

#[test]
fn opted_out_pages_and_drafts_are_never_indexed() {
    let site = Site::new("search/basic");
    site.build_with(&["--drafts"]).ok();
    assert!(site.exists("draft/index.html"), "the draft is built");
    assert!(
        site.exists("hidden/index.html"),
        "the opted-out page is built"
    );
    assert!(search_in(&site.out(), "en", "wombatword").is_empty());
    assert!(search_in(&site.out(), "en", "quokkaword").is_empty());
    assert!(!site.read("search/index.html").contains("Draft page"));
    assert!(!site.read("search/index.html").contains("Hidden page"));
}

#[test]
fn each_language_has_its_own_index() {
    let site = built();
    let out = site.out();
    let en = json(&site, "search-index/en/index.json");
    let ur = json(&site, "search-index/ur/index.json");
    let pl = json(&site, "search-index/pl/index.json");
    assert_eq!(
        (en["docs"].as_u64(), en["dir"].as_str()),
        (Some(5), Some("ltr"))
    );
    assert_eq!(
        (ur["docs"].as_u64(), ur["dir"].as_str()),
        (Some(2), Some("rtl"))
    );
    assert_eq!(pl["docs"].as_u64(), Some(2));
    assert_eq!(
        (en["stem"].as_bool(), pl["stem"].as_bool()),
        (Some(true), Some(false))
    );
    assert!(search_in(&out, "en", "zgłoś").is_empty());
    assert_eq!(urls(&search_in(&out, "pl", "zgłoś")), ["/pl/report/"]);
    // The search pages: one per language, with the language's index and direction.
    let ur_page = site.read("ur/search/index.html");
    assert!(ur_page.contains("<html lang=\"ur\" dir=\"rtl\">"));
    assert!(ur_page.contains("data-index=\"/search-index/ur/index.json\""));
    assert!(
        site.read("pl/search/index.html")
            .contains("/search-index/pl/index.json")
    );
}

#[test]
fn query_rules_prefix_typo_diacritics_stemming() {
    let site = built();
    let out = site.out();
    // Prefix as you type.
    assert_eq!(urls(&search_in(&out, "en", "cuck")), ["/guide/cuckooing/"]);
    assert!(
        search_in(&out, "en", "cuxk").is_empty(),
        "4 letters: no typo allowed"
    );
    // One typo in a word of 5 letters or more, not in the first letter.
    assert_eq!(
        urls(&search_in(&out, "en", "cukooing")),
        ["/guide/cuckooing/"]
    );
    assert_eq!(
        urls(&search_in(&out, "en", "boltno")),
        ["/guide/cuckooing/"]
    );
    assert!(search_in(&out, "en", "xuckooing").is_empty());
    assert!(search_in(&out, "en", "cukoinng").is_empty(), "two typos");
    // Case and diacritics folded both ways.
    assert_eq!(urls(&search_in(&out, "pl", "zglos")), ["/pl/report/"]);
    assert_eq!(urls(&search_in(&out, "pl", "ZGŁOŚ")), ["/pl/report/"]);
    // English plurals: "family" finds "families", "pelicans" finds "pelican".
    let family = search_in(&out, "en", "family");
    assert_eq!(family[0].url, "/guide/cuckooing/#signs-in-a-street");
    assert_eq!(
        urls(&search_in(&out, "en", "pelicans"))[0],
        "/guide/zebra/#more-about-pelicans"
    );
    // Every word must match.
    assert_eq!(
        urls(&search_in(&out, "en", "bolton home")),
        ["/guide/cuckooing/"]
    );
    assert!(search_in(&out, "en", "bolton pelican").is_empty());
}

#[test]
fn urdu_is_matched_by_whole_words_with_vowel_signs_folded() {
    let site = built();
    let out = site.out();
    let hits = search_in(&out, "ur", "غلامی");
    assert_eq!(urls(&hits), ["/ur/domestic/"]);
    assert_eq!(hits[0].title, "گھریلو غلامی");
    // "بِلا" is written with a vowel sign (zer): it is found with or without it.
    assert_eq!(urls(&search_in(&out, "ur", "بلا")), ["/ur/domestic/"]);
    assert_eq!(urls(&search_in(&out, "ur", "بِلا")), ["/ur/domestic/"]);
    // No word is split inside: the end of a word finds nothing.
    assert!(search_in(&out, "ur", "لامی").is_empty());
    // The excerpt marks the whole word.
    let marked: Vec<&str> = hits[0]
        .excerpt
        .iter()
        .filter(|(_, m)| *m)
        .map(|(t, _)| t.as_str())
        .collect();
    assert!(marked.contains(&"غلامی"), "{:?}", hits[0].excerpt);
}

#[test]
fn titles_and_headings_rank_first_and_results_link_to_headings() {
    let site = built();
    let out = site.out();
    // "crossing" is in the zebra page's title and under a heading: the page itself is the
    // result, and it comes before pages with the word in their text only.
    site.write(
        "content/guide/walk.md",
        "---\ntitle: Walking\n---\nUse a crossing. Crossing is safer. Crossing crossing.\n",
    );
    site.build_ok();
    let hits = search_in(&out, "en", "crossing");
    assert_eq!(urls(&hits), ["/guide/zebra/", "/guide/walk/"]);
    let hits = search_in(&out, "en", "registration");
    assert_eq!(hits[0].url, "/guide/cuckooing/#what-you-can-do");
    let html = query::excerpt_html(&hits[0].excerpt);
    assert!(html.contains("<mark>registration</mark>"), "{html}");
    // A match in the text before the first heading links to the page itself.
    assert_eq!(
        urls(&search_in(&out, "en", "vulnerable")),
        ["/guide/cuckooing/"]
    );
}

#[test]
fn excerpts_and_titles_are_escaped() {
    let site = built();
    let hits = search_in(&site.out(), "en", "marmalade");
    assert_eq!(hits[0].title, "Fish & <chips>");
    let html = query::excerpt_html(&hits[0].excerpt);
    assert!(
        html.contains("&lt;script&gt;alert(&quot;<mark>marmalade</mark>&quot;)&lt;/script&gt;"),
        "{html}"
    );
    assert!(!html.contains("<script") && !html.contains("<b>"), "{html}");
    // The page file holds text, not markup: the raw <b> of the Markdown is gone.
    let doc = site.output_files();
    let file = doc
        .iter()
        .find(|(k, v)| k.contains("/d/") && inflate(v).contains("marmalade"))
        .map(|(k, _)| k.clone())
        .unwrap();
    assert!(file.starts_with("search-index/en/d/"));
    let text = inflate(&doc[&file]);
    assert!(text.contains("such as bold is HTML"), "{text}");
    // The search page lists the title escaped.
    assert!(
        site.read("search/index.html")
            .contains("Fish &amp; &lt;chips&gt;")
    );
}

#[test]
fn the_search_page_works_without_javascript() {
    let site = built();
    let page = site.read("search/index.html");
    // A labelled field in a form that submits ?q= to the page itself.
    assert!(page.contains("<form class=\"search-form\" id=\"search-form\" role=\"search\" action=\"/search/\" method=\"get\""));
    assert!(page.contains("<label class=\"search-form__label\" for=\"search-q\">"));
    assert!(page.contains("name=\"q\""));
    assert!(page.contains("role=\"status\" aria-live=\"polite\""));
    // Every section and page, A to Z.
    let order = |list: &[&str]| {
        let at: Vec<usize> = list
            .iter()
            .map(|t| {
                page.find(&format!(">{t}</a>"))
                    .unwrap_or_else(|| panic!("{t} missing"))
            })
            .collect();
        at.windows(2).all(|w| w[0] < w[1])
    };
    assert!(order(&["Guides", "Search test home"]), "sections A to Z");
    assert!(order(&[
        "Cuckooing",
        "Fish &amp; &lt;chips&gt;",
        "Zebra crossings"
    ]));
    assert!(page.contains("<a href=\"/guide/zebra/\">Zebra crossings</a>"));
    assert!(!page.contains("Zgłoś"), "only this language's pages");
    // The script is the theme's own, from this site; the page has no inline script.
    assert!(page.contains("<script src=\"/js/search."));
    assert_eq!(
        page.matches("<script").count(),
        2,
        "exit.js and search.js only"
    );
    // Every other page has the search box, leading to its language's search page; the search
    // page itself has only its own field.
    let home = site.read("index.html");
    assert!(home.contains(
        "<form class=\"site-search\" role=\"search\" action=\"/search/\" method=\"get\">"
    ));
    assert!(
        site.read("ur/index.html")
            .contains("action=\"/ur/search/\"")
    );
    assert!(!page.contains("site-search-q"));
}

#[test]
fn search_can_be_switched_off_or_limited() {
    let site = Site::new("search/basic");
    site.write(
        "placard.yaml",
        "title: T\ncountry: GB\nlanguages: { pl: {} , ur: { direction: rtl } }\nsearch: { enabled: false }\n",
    );
    site.build_ok();
    assert!(!site.exists("search-index") && !site.exists("search/index.html"));
    assert!(!site.read("index.html").contains("site-search"));

    site.write(
        "placard.yaml",
        "title: T\ncountry: GB\nlanguages: { pl: {} , ur: { direction: rtl } }\n\
         search: { text: false, exclude: [guide/zebra.md] }\n",
    );
    site.build_ok();
    let out = site.out();
    assert!(
        search_in(&out, "en", "curtains").is_empty(),
        "text is not indexed"
    );
    assert_eq!(
        urls(&search_in(&out, "en", "cuckooing")),
        ["/guide/cuckooing/"]
    );
    assert!(
        search_in(&out, "en", "pelican").is_empty(),
        "headings of excluded pages"
    );
    assert!(!site.read("search/index.html").contains("Zebra crossings"));
}

#[test]
fn a_content_page_at_the_search_address_wins() {
    let site = Site::new("search/basic");
    site.write(
        "content/search.md",
        "---\ntitle: Our own search page\n---\nHello.\n",
    );
    site.build_ok();
    assert!(
        site.read("search/index.html")
            .contains("Our own search page")
    );
    assert!(site.exists("search-index/en/index.json"));
}

#[test]
fn a_bad_search_path_is_an_error_at_its_line() {
    let run = fails_and_keeps_output("search/basic", |site| {
        site.write("placard.yaml", "title: T\nsearch:\n  path: Find Things\n");
    });
    run.stderr_has(&[
        "placard.yaml:3",
        "the search page's path `Find Things` cannot be used",
        "use lower-case letters, digits and hyphens",
    ]);
}

#[test]
fn an_unknown_search_setting_suggests_the_nearest() {
    let run = fails_and_keeps_output("search/basic", |site| {
        site.write("placard.yaml", "title: T\nsearch:\n  enabeld: false\n");
    });
    run.stderr_has(&["placard.yaml:3", "enabeld", "enabled"]);
}

#[test]
fn big_sites_split_shards_by_longer_prefixes() {
    let site = Site::new("search/basic");
    // 400 pages, each with its own words: many terms start with the same letters.
    for i in 0..400 {
        site.write(
            &format!("content/many/p{i}.md"),
            format!(
                "---\ntitle: Page {i}\n---\nstreet{i} station{i} stamp{i} sample{i} word{i}.\n"
            ),
        );
    }
    site.build_ok();
    let meta = json(&site, "search-index/en/index.json");
    let shards: BTreeMap<String, String> = meta["shards"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string()))
        .collect();
    assert!(shards.keys().any(|k| k.chars().count() >= 3), "{shards:?}");
    for (prefix, file) in &shards {
        let bytes = site.read(&format!("search-index/en/{file}"));
        let shard: serde_json::Map<String, Value> = serde_json::from_str(&bytes).unwrap();
        for term in shard.keys() {
            assert!(
                term.starts_with(prefix.as_str()),
                "{term} in shard {prefix}"
            );
            let longest = shards
                .keys()
                .filter(|p| term.starts_with(p.as_str()))
                .max_by_key(|p| p.len());
            assert_eq!(longest, Some(prefix), "{term} is in the wrong shard");
        }
        assert!(
            bytes.len() <= placard::extras::search::index::SHARD_BYTES || shard.len() == 1,
            "shard {prefix} is {} bytes",
            bytes.len()
        );
    }
    // A query reads the index, a shard or two and the pages shown, not the whole index.
    let dir = site.out().join("search-index/en");
    let load = |rel: &str| std::fs::read(dir.join(rel)).ok();
    let (hits, read) = query::search(&load, "station123", 10).unwrap();
    assert_eq!(urls(&hits), ["/many/p123/"]);
    assert!(read.len() <= 4, "{read:?}");
    let (hits, _) = query::search(&load, "station12", 20).unwrap();
    assert_eq!(hits.len(), 11, "station12 and station120..129 by prefix");
}

#[test]
fn the_script_is_small_and_keeps_the_sites_promises() {
    use std::io::Write as _;
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static/js/search.js");
    let js = std::fs::read_to_string(path).unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(js.as_bytes()).unwrap();
    let size = gz.finish().unwrap().len();
    assert!(size < 6_000, "search.js is {size} bytes compressed");
    // No markup from strings, no code from strings, nothing stored, nothing sent but GETs of
    // the index's own files.
    for banned in [
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "eval(",
        "new Function",
        "localStorage",
        "sessionStorage",
        "document.cookie",
        "indexedDB",
        "sendBeacon",
        "XMLHttpRequest",
        "pushState",
        "WebAssembly",
    ] {
        assert!(!js.contains(banned), "search.js uses {banned}");
    }
    assert_eq!(
        js.matches("fetch(").count(),
        1,
        "one place fetches: the index's files"
    );
}

#[test]
fn serve_keeps_the_index_current_on_edits() {
    use placard::content::LoadOptions;
    use std::path::PathBuf;
    let fx = Site::new("search/basic");
    let mut site = placard::serve::LiveSite::load(&fx.root(), LoadOptions::default()).unwrap();
    let find = |site: &placard::serve::LiveSite, q: &str| {
        let files = site.files();
        let load = |rel: &str| {
            let bytes = files.get(format!("search-index/en/{rel}").as_str())?;
            Some(bytes.to_vec())
        };
        let (hits, _) = query::search(&load, q, 10).unwrap();
        hits.into_iter().map(|h| h.url).collect::<Vec<_>>()
    };
    assert!(find(&site, "okapi").is_empty());
    let rel = "content/guide/zebra.md";
    let text = std::fs::read_to_string(fx.root().join(rel)).unwrap();
    fx.write(
        rel,
        text.replace("Look both ways.", "Look both ways for an okapi."),
    );
    let plan = site.plan(&[PathBuf::from(rel)]).unwrap();
    site.rebuild(&plan).unwrap();
    assert_eq!(find(&site, "okapi"), ["/guide/zebra/"]);
    assert!(find(&site, "look").contains(&"/guide/zebra/".to_string()));
    // The shards of the old index are gone: every index file is one a fresh build writes.
    let fresh = placard::serve::LiveSite::load(&fx.root(), LoadOptions::default()).unwrap();
    let index_files = |s: &placard::serve::LiveSite| {
        let mut k: Vec<String> = s
            .files()
            .keys()
            .filter(|k| k.starts_with("search-index/"))
            .map(|k| k.to_string())
            .collect();
        k.sort();
        k
    };
    assert_eq!(index_files(&site), index_files(&fresh));
}

#[test]
fn a_site_with_its_own_base_template_builds_without_the_themes_search_page() {
    // Its base.html has none of the blocks the theme's search.html fills.
    let site = Site::new("search/basic");
    site.write(
        "templates/base.html",
        "<!DOCTYPE html><html lang=\"{{ lang }}\"><title>x</title><main>{% block main %}{% endblock main %}</main></html>\n",
    );
    for t in ["index.html", "section.html", "page.html", "404.html"] {
        site.write(
            &format!("templates/{t}"),
            "{% extends \"base.html\" %}{% block main %}{% set d = page or section or {} %}{{ d.title or \"\" }}{% endblock main %}\n",
        );
    }
    site.build_ok();
    assert!(!site.exists("search/index.html"));
    assert_eq!(
        urls(&search_in(&site.out(), "en", "cuckooing")),
        ["/guide/cuckooing/"]
    );
    // With a search.html of its own, it gets its search page.
    site.write(
        "templates/search.html",
        "{% extends \"base.html\" %}{% block main %}<form data-index=\"{{ search.index }}\"></form>{% endblock main %}\n",
    );
    site.build_ok();
    assert!(
        site.read("search/index.html")
            .contains("data-index=\"/search-index/en/index.json\"")
    );
}

#[test]
fn each_pages_id_found_alone_is_its_place_in_the_list() {
    use placard::extras::search::{listed_count, source_of, sources};
    let fx = Site::new("search/basic");
    let root = fx.root();
    let config = placard::pipeline::load_config(&root, None).unwrap();
    let lib = placard::content::load(&root, &config, Default::default()).unwrap();
    let mut seen = 0;
    for lang in config.language_codes() {
        let list = sources(&config, &lib, &lang);
        assert_eq!(listed_count(&config, &lib, &lang), list.len());
        for (id, s) in list.iter().enumerate() {
            let (found_lang, found_id, found) = source_of(&config, &lib, s.key).unwrap();
            assert_eq!(
                (found_lang, found_id, &found.url),
                (lang.as_str(), id, &s.url)
            );
            seen += 1;
        }
    }
    assert!(seen > 5, "the fixture has pages in more than one language");
    // Drafts and pages with `search: false` are in no list.
    let unlisted: Vec<&str> = lib
        .pages
        .keys()
        .map(String::as_str)
        .filter(|k| source_of(&config, &lib, k).is_none())
        .collect();
    assert!(!unlisted.is_empty());
}
