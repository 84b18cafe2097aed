//! Files made from the whole site: sitemap.xml, robots.txt, Atom feeds and alias redirects.

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

/// `sitemap.xml`: every rendered page, section and taxonomy page, sorted by URL.
pub fn sitemap(config: &Config, lib: &Library) -> String {
    let mut entries: Vec<(String, Option<String>)> = Vec::new();
    let last = |d: Option<&Date>, u: Option<&Date>| u.or(d).map(Date::ymd);
    for s in lib.sections.values().filter(|s| s.render) {
        entries.push((
            config.permalink(&s.path),
            last(s.date.as_ref(), s.updated.as_ref()),
        ));
    }
    for p in lib.pages.values() {
        entries.push((
            config.permalink(&p.path),
            last(p.date.as_ref(), p.updated.as_ref()),
        ));
    }
    for t in &lib.taxonomies {
        entries.push((config.permalink(&t.path), None));
        for term in &t.terms {
            entries.push((config.permalink(&term.path), None));
        }
    }
    entries.sort();
    entries.dedup();
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (loc, lastmod) in entries {
        xml.push_str("  <url>\n    <loc>");
        xml.push_str(&escape(&loc));
        xml.push_str("</loc>\n");
        if let Some(d) = lastmod {
            xml.push_str(&format!("    <lastmod>{d}</lastmod>\n"));
        }
        xml.push_str("  </url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
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

/// An Atom feed of `pages` (newest first; pages without a date are left out).
pub fn atom(
    config: &Config,
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
        escape(&config.default_language)
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
    let default_pages: Vec<&Page> = lib
        .pages
        .values()
        .filter(|p| p.lang == config.default_language)
        .collect();
    out.push((
        "atom.xml".into(),
        atom(config, &config.title, "/atom.xml", "/", &default_pages),
    ));
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
            atom(config, &title, &path, &s.path, &pages),
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
                atom(config, &title, &path, &term.path, &pages),
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
