//! Files made from the whole site: sitemap.xml, robots.txt, Atom feeds and alias redirects.

pub mod search;

use crate::config::Config;
use crate::content::{Date, Library, Page};

/// Escapes text for XML and HTML attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// One `<url>` of a sitemap: its address, last change and language versions.
struct SitemapEntry {
    loc: String,
    lastmod: Option<String>,
    lang: String,
    /// `(hreflang, permalink)` of every language version, `x-default` last; empty when the
    /// page has no translation.
    alternates: Vec<(String, String)>,
}

fn sitemap_entries(config: &Config, lib: &Library) -> Vec<SitemapEntry> {
    let mut entries = Vec::new();
    let last = |d: Option<&Date>, u: Option<&Date>| u.or(d).map(Date::ymd);
    let alternates = |key: &str, lang: &str| {
        let versions = lib.translations_of(key, lang);
        if versions.len() < 2 {
            return Vec::new();
        }
        let mut out: Vec<(String, String)> = versions
            .iter()
            .filter_map(|k| {
                let (l, path) = match lib.pages.get(k) {
                    Some(p) => (&p.lang, &p.path),
                    None => lib.sections.get(k).map(|s| (&s.lang, &s.path))?,
                };
                Some((l.clone(), config.permalink(path)))
            })
            .collect();
        if let Some((_, href)) = out.iter().find(|(l, _)| *l == config.default_language) {
            out.push(("x-default".into(), href.clone()));
        }
        out
    };
    for s in lib.sections.values().filter(|s| s.render) {
        entries.push(SitemapEntry {
            loc: config.permalink(&s.path),
            lastmod: last(s.date.as_ref(), s.updated.as_ref()),
            lang: s.lang.clone(),
            alternates: alternates(&s.key, &s.lang),
        });
    }
    for p in lib.pages.values() {
        entries.push(SitemapEntry {
            loc: config.permalink(&p.path),
            lastmod: last(p.date.as_ref(), p.updated.as_ref()),
            lang: p.lang.clone(),
            alternates: alternates(&p.key, &p.lang),
        });
    }
    for t in &lib.taxonomies {
        let plain = |path: &str| SitemapEntry {
            loc: config.permalink(path),
            lastmod: None,
            lang: t.lang.clone(),
            alternates: Vec::new(),
        };
        entries.push(plain(&t.path));
        for term in &t.terms {
            entries.push(plain(&term.path));
        }
    }
    entries.sort_by(|a, b| a.loc.cmp(&b.loc));
    entries.dedup_by(|a, b| a.loc == b.loc);
    entries
}

fn sitemap_xml<'a>(entries: impl Iterator<Item = &'a SitemapEntry> + Clone) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"",
    );
    if entries.clone().any(|e| !e.alternates.is_empty()) {
        xml.push_str(" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\"");
    }
    xml.push_str(">\n");
    for e in entries {
        xml.push_str("  <url>\n    <loc>");
        xml.push_str(&escape(&e.loc));
        xml.push_str("</loc>\n");
        if let Some(d) = &e.lastmod {
            xml.push_str(&format!("    <lastmod>{d}</lastmod>\n"));
        }
        for (lang, href) in &e.alternates {
            xml.push_str(&format!(
                "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>\n",
                escape(lang),
                escape(href)
            ));
        }
        xml.push_str("  </url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

/// `sitemap.xml`: every rendered page, section and taxonomy page of every language, sorted by
/// URL; a page with translations lists them all (and `x-default`) as `xhtml:link` alternates.
pub fn sitemap(config: &Config, lib: &Library) -> String {
    sitemap_xml(sitemap_entries(config, lib).iter())
}

/// The sitemaps to write: `sitemap.xml` for the whole site, and `<code>/sitemap.xml` with only
/// the pages of each other language that has any: `(output file, xml)`.
pub fn sitemaps(config: &Config, lib: &Library) -> Vec<(String, String)> {
    let entries = sitemap_entries(config, lib);
    let mut out = vec![("sitemap.xml".to_string(), sitemap_xml(entries.iter()))];
    for code in config.languages.keys() {
        if *code == config.default_language || !entries.iter().any(|e| e.lang == *code) {
            continue;
        }
        out.push((
            format!("{code}/sitemap.xml"),
            sitemap_xml(entries.iter().filter(|e| e.lang == *code)),
        ));
    }
    out
}

/// `robots.txt`: everything may be indexed; says where the sitemap is.
pub fn robots(config: &Config) -> String {
    let mut out = String::from("User-agent: *\nAllow: /\n");
    if config.sitemap {
        out.push_str(&format!("Sitemap: {}\n", config.permalink("/sitemap.xml")));
    }
    out
}

/// The most entries a feed lists.
pub const FEED_LIMIT: usize = 50;

/// An Atom feed of `pages` in `lang` (newest first; pages without a date are left out).
pub fn atom(
    config: &Config,
    lang: &str,
    title: &str,
    self_path: &str,
    home_path: &str,
    pages: &[&Page],
) -> String {
    let mut dated: Vec<&&Page> = pages.iter().filter(|p| p.date.is_some()).collect();
    dated.sort_by(|a, b| {
        let (da, db) = (
            a.date.as_ref().map(|d| d.timestamp),
            b.date.as_ref().map(|d| d.timestamp),
        );
        db.cmp(&da).then_with(|| a.path.cmp(&b.path))
    });
    dated.truncate(FEED_LIMIT);
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
    for p in dated {
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
            .or_else(|| p.rendered.summary.as_deref().map(escape));
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
            escape(&p.rendered.html)
        ));
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
    xml
}

/// Every feed of the site: `(output file, xml)`.
pub fn feeds(config: &Config, lib: &Library) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if !config.feeds {
        return out;
    }
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
        out.push((
            path.trim_start_matches('/').to_string(),
            atom(config, lang, &config.title, &path, &home, &pages),
        ));
    }
    for s in lib
        .sections
        .values()
        .filter(|s| s.render && s.meta.feed == Some(true))
    {
        let pages: Vec<&Page> = s.pages.iter().filter_map(|k| lib.pages.get(k)).collect();
        let path = format!("{}atom.xml", s.path);
        let title = format!("{} - {}", s.title, config.title);
        out.push((
            path.trim_start_matches('/').to_string(),
            atom(config, &s.lang, &title, &path, &s.path, &pages),
        ));
    }
    for t in &lib.taxonomies {
        if !config.taxonomy(&t.name).is_some_and(|c| c.feed) {
            continue;
        }
        for term in &t.terms {
            let pages: Vec<&Page> = term.pages.iter().filter_map(|k| lib.pages.get(k)).collect();
            let path = format!("{}atom.xml", term.path);
            let title = format!("{} - {}", term.name, config.title);
            out.push((
                path.trim_start_matches('/').to_string(),
                atom(config, &t.lang, &title, &path, &term.path, &pages),
            ));
        }
    }
    out
}

/// A redirect page for an alias: a meta refresh and a plain link, so it works without JavaScript.
pub fn redirect(config: &Config, to_path: &str, lang: &str) -> String {
    let url = escape(&config.url(to_path));
    let canonical = escape(&config.permalink(to_path));
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>This page has moved</title>\n\
         <meta name=\"robots\" content=\"noindex\">\n<link rel=\"canonical\" href=\"{canonical}\">\n\
         <meta http-equiv=\"refresh\" content=\"0; url={url}\">\n</head>\n<body>\n<main>\n<h1>This page has moved</h1>\n\
         <p>Go to <a href=\"{url}\">the new page</a>.</p>\n</main>\n</body>\n</html>\n",
        lang = escape(lang)
    )
}

/// Alias redirect pages: `(output file, html)`.
pub fn aliases(config: &Config, lib: &Library) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let pages = lib
        .pages
        .values()
        .map(|p| (&p.meta.aliases, &p.path, &p.lang));
    let sections = lib
        .sections
        .values()
        .filter(|s| s.render)
        .map(|s| (&s.meta.aliases, &s.path, &s.lang));
    for (aliases, path, lang) in pages.chain(sections) {
        for a in aliases {
            out.push((
                crate::render::pages::output_file(a),
                redirect(config, path, lang),
            ));
        }
    }
    // A paginated list's page 1 lives at the list's own address.
    for s in lib
        .sections
        .values()
        .filter(|s| s.render && s.meta.paginate_by.is_some())
    {
        out.push((
            crate::render::pages::output_file(&format!("{}page/1/", s.path)),
            redirect(config, &s.path, &s.lang),
        ));
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(escape("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
    }

    #[test]
    fn redirect_works_without_javascript() {
        let c = Config {
            base_url: "https://x.org".into(),
            ..Config::default()
        };
        let html = redirect(&c, "/new/", "en");
        assert!(html.contains("http-equiv=\"refresh\" content=\"0; url=/new/\""));
        assert!(html.contains("<a href=\"/new/\">"));
        assert!(html.contains("https://x.org/new/"));
        assert!(!html.contains("<script"));
    }
}
