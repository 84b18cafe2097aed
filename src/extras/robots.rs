//! `robots.txt`.

use crate::config::Config;

/// `robots.txt`: everything may be indexed; says where the sitemap is.
pub fn robots(config: &Config) -> String {
    let mut out = String::from("User-agent: *\nAllow: /\n");
    if config.sitemap {
        out.push_str(&format!("Sitemap: {}\n", config.permalink("/sitemap.xml")));
    }
    out
}
