//! `sitemap.xml`, and one per language other than the default.

use crate::config::Config;
use crate::content::{Date, Library};
use crate::util::html::escape;

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
