//! Redirect pages for old addresses (`aliases:`), and for page 1 of paginated lists.

use crate::config::Config;
use crate::content::Library;
use crate::util::html::escape;
use crate::util::url::output_file;

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
            out.push((output_file(a), redirect(config, path, lang)));
        }
    }
    // A paginated list's page 1 lives at the list's own address.
    for s in lib
        .sections
        .values()
        .filter(|s| s.render && s.meta.paginate_by.is_some())
    {
        out.push((
            output_file(&format!("{}page/1/", s.path)),
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
