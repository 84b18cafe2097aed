//! Atom feeds: the site's in each language, and those of sections and taxonomy terms that ask.

use crate::config::Config;
use crate::content::{Date, Library, Page};
use crate::markdown::Documents;
use crate::util::html::escape;

/// The most entries a feed lists.
pub const FEED_LIMIT: usize = 50;

/// One feed: its language, title, own address and the address of the page it follows.
pub struct Feed<'a> {
    pub lang: &'a str,
    pub title: &'a str,
    pub self_path: &'a str,
    pub home_path: &'a str,
}

/// The pages a feed of `pages` lists: the [`FEED_LIMIT`] newest with a date, newest first
/// (by address when two have the same date).
pub fn newest<'a>(pages: &[&'a Page]) -> Vec<&'a Page> {
    let order = |a: &&Page, b: &&Page| {
        let (da, db) = (
            a.date.as_ref().map(|d| d.timestamp),
            b.date.as_ref().map(|d| d.timestamp),
        );
        db.cmp(&da).then_with(|| a.path.cmp(&b.path))
    };
    let mut dated: Vec<&Page> = pages.iter().copied().filter(|p| p.date.is_some()).collect();
    if dated.len() > FEED_LIMIT {
        dated.select_nth_unstable_by(FEED_LIMIT - 1, order);
        dated.truncate(FEED_LIMIT);
    }
    dated.sort_by(order);
    dated
}

/// An Atom feed of `pages` (newest first; pages without a date are left out), with each
/// page's rendered Markdown from `docs`.
pub fn atom(config: &Config, feed: &Feed<'_>, pages: &[&Page], docs: &Documents) -> String {
    entries(config, feed, &newest(pages), docs)
}

/// The Atom feed of the pages [`newest`] chose, in that order.
fn entries(config: &Config, feed: &Feed<'_>, dated: &[&Page], docs: &Documents) -> String {
    let Feed {
        lang,
        title,
        self_path,
        home_path,
    } = *feed;
    let updated_of = |p: &Page| {
        p.updated
            .as_ref()
            .or(p.date.as_ref())
            .map(Date::rfc3339)
            .unwrap_or_default()
    };
    let feed_updated = dated
        .iter()
        .map(|p| updated_of(p))
        .max()
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".into());
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    xml.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        escape(lang)
    ));
    xml.push_str(&format!("  <title>{}</title>\n", escape(title)));
    if !config.description.is_empty() {
        xml.push_str(&format!(
            "  <subtitle>{}</subtitle>\n",
            escape(&config.description)
        ));
    }
    xml.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        escape(&config.permalink(self_path))
    ));
    xml.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        escape(&config.permalink(home_path))
    ));
    xml.push_str(&format!(
        "  <id>{}</id>\n  <updated>{feed_updated}</updated>\n",
        escape(&config.permalink(self_path))
    ));
    xml.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        escape(if config.title.is_empty() {
            "placard"
        } else {
            &config.title
        })
    ));
    for p in dated.iter().copied() {
        let link = config.permalink(&p.path);
        xml.push_str("  <entry>\n");
        xml.push_str(&format!("    <title>{}</title>\n", escape(&p.title)));
        xml.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            escape(&link)
        ));
        xml.push_str(&format!("    <id>{}</id>\n", escape(&link)));
        if let Some(d) = &p.date {
            xml.push_str(&format!("    <published>{}</published>\n", d.rfc3339()));
        }
        xml.push_str(&format!("    <updated>{}</updated>\n", updated_of(p)));
        let summary = p
            .meta
            .description
            .clone()
            .map(|d| escape(&d))
            .or_else(|| docs.get(&p.key).summary.as_deref().map(escape));
        if let Some(s) = summary {
            let kind = if p.meta.description.is_some() {
                "text"
            } else {
                "html"
            };
            xml.push_str(&format!("    <summary type=\"{kind}\">{s}</summary>\n"));
        }
        xml.push_str(&format!(
            "    <content type=\"html\">{}</content>\n",
            escape(&docs.get(&p.key).html)
        ));
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
    xml
}

/// Every feed of the site: `(output file, xml)`.
pub fn feeds(config: &Config, lib: &Library, docs: &Documents) -> Vec<(String, String)> {
    feeds_where(config, lib, docs, &|_| true)
}

/// The feeds that list one of the pages `keys`: after an edit of those pages' text (their
/// dates unchanged), the only feeds that change.
pub fn feeds_listing(
    config: &Config,
    lib: &Library,
    docs: &Documents,
    keys: &[&str],
) -> Vec<(String, String)> {
    feeds_where(config, lib, docs, &|listed| {
        listed.iter().any(|p| keys.contains(&p.key.as_str()))
    })
}

/// The feeds whose listed pages (see [`newest`]) `keep` accepts.
fn feeds_where(
    config: &Config,
    lib: &Library,
    docs: &Documents,
    keep: &dyn Fn(&[&Page]) -> bool,
) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if !config.feeds {
        return out;
    }
    let mut add = |feed: Feed<'_>, pages: &[&Page]| {
        let listed = newest(pages);
        if keep(&listed) {
            let rel = feed.self_path.trim_start_matches('/').to_string();
            out.push((rel, entries(config, &feed, &listed, docs)));
        }
    };
    // The site's feed in each language: `/atom.xml`, `/ur/atom.xml`...
    let mut langs: Vec<&str> = vec![config.default_language.as_str()];
    langs.extend(
        config
            .languages
            .keys()
            .map(String::as_str)
            .filter(|c| *c != config.default_language),
    );
    for lang in langs {
        let pages: Vec<&Page> = lib.pages.values().filter(|p| p.lang == lang).collect();
        if pages.is_empty() && lang != config.default_language {
            continue;
        }
        let home = crate::content::lang_prefix(config, lang) + "/";
        let path = format!("{home}atom.xml");
        let feed = Feed {
            lang,
            title: &config.title,
            self_path: &path,
            home_path: &home,
        };
        add(feed, &pages);
    }
    // A section's or a term's feed: `<its address>atom.xml`, titled "<its name> - <site>".
    let mut add_listing = |name: &str, lang: &str, home: &str, keys: &[String]| {
        let pages: Vec<&Page> = keys.iter().filter_map(|k| lib.pages.get(k)).collect();
        let path = format!("{home}atom.xml");
        let title = format!("{name} - {}", config.title);
        let feed = Feed {
            lang,
            title: &title,
            self_path: &path,
            home_path: home,
        };
        add(feed, &pages);
    };
    for s in lib
        .sections
        .values()
        .filter(|s| s.render && s.meta.feed == Some(true))
    {
        add_listing(&s.title, &s.lang, &s.path, &s.pages);
    }
    for t in &lib.taxonomies {
        if !config.taxonomy(&t.name).is_some_and(|c| c.feed) {
            continue;
        }
        for term in &t.terms {
            add_listing(&term.name, &t.lang, &term.path, &term.pages);
        }
    }
    out
}
