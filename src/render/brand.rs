//! The brand in templates: the generated stylesheet (`css/brand.css`: the brand colours and
//! each campaign's accent as CSS custom properties, a file so the pages' strict
//! Content-Security-Policy needs no inline style), a page's campaign identity (inherited from
//! its sections), and the build check of the footer's links.

use serde_json::{Value as Json, json};
use tera::Value;

use crate::config::{self, Config};
use crate::content::front_matter::FrontMatter;
use crate::content::translations::original_key;
use crate::content::{Library, identity::Picture};
use crate::error::Diagnostic;
use crate::util::colour::Rgb;

/// The generated stylesheet's path among the static files.
pub const STYLESHEET: &str = "css/brand.css";

/// The CSS class of a section's accent (`accent-home-truths`; the home is `accent-home`).
fn accent_class(dir: &str) -> String {
    let slug = crate::util::text::slugify(&dir.replace('/', "-"));
    format!("accent-{}", if slug.is_empty() { "home" } else { &slug })
}

/// The brand stylesheet, or `None` when the site sets no colour.
pub fn stylesheet(config: &Config, lib: &Library) -> Option<String> {
    let mut css = String::new();
    let props = config.brand.properties();
    if !props.is_empty() {
        css.push_str(":root{");
        for (name, value) in props {
            css.push_str(&format!("{name}:{value};"));
        }
        css.push_str("}\n");
    }
    let mut accents: Vec<(String, String)> = lib
        .sections
        .values()
        .filter_map(|s| {
            let c = Rgb::parse(s.meta.accent.as_deref()?)?;
            Some((accent_class(&s.dir), c.hex()))
        })
        .collect();
    accents.sort();
    accents.dedup_by(|a, b| a.0 == b.0);
    for (class, hex) in accents {
        css.push_str(&format!(".{class}{{--accent:{hex}}}\n"));
    }
    (!css.is_empty()).then_some(css)
}

/// The page or section whose identity is asked for.
#[derive(Clone, Copy)]
pub struct Own<'a> {
    pub key: &'a str,
    pub lang: &'a str,
    pub meta: &'a FrontMatter,
    /// The folder of its file under content/.
    pub dir: &'a str,
}

/// The section `key` of the `lang` version, else its original's, for inheriting.
fn meta_chain<'a>(
    lib: &'a Library,
    own: Own<'a>,
    parent: Option<&'a String>,
) -> Vec<(&'a FrontMatter, &'a str, &'a str)> {
    let mut chain = vec![(own.meta, "", own.lang)];
    let original = original_key(own.key, own.lang);
    if original != own.key {
        let meta = lib
            .pages
            .get(&original)
            .map(|p| (&p.meta, own.dir, p.lang.as_str()));
        let meta = meta.or_else(|| {
            lib.sections
                .get(&original)
                .map(|s| (&s.meta, s.dir.as_str(), s.lang.as_str()))
        });
        chain.extend(meta);
    }
    let mut next = parent;
    while let Some(s) = next.and_then(|k| lib.sections.get(k)) {
        chain.push((&s.meta, s.dir.as_str(), s.lang.as_str()));
        let original = original_key(&s.key, &s.lang);
        if original != s.key
            && let Some(o) = lib.sections.get(&original)
        {
            chain.push((&o.meta, o.dir.as_str(), o.lang.as_str()));
        }
        next = s.parent.as_ref();
    }
    chain
}

/// An image for `resize_image`: beside the front matter's file (`@/dir/x.jpg`) or a static file.
fn picture(p: &Picture, dir: &str, lang: &str) -> Json {
    let file = match p.file.strip_prefix('/') {
        Some(stat) => stat.to_string(),
        None if dir.is_empty() => format!("@/{}", p.file),
        None => format!("@/{dir}/{}", p.file),
    };
    json!({ "file": file, "alt": p.alt, "lang": lang })
}

/// `{accent, accent_class, hero: {file, alt, lang}, strapline, strapline_lang, share_image:
/// {file, alt, lang}}` (each `lang` the language of the file it came from) of a page or
/// section: its own keys, else its nearest section's (and that section's original's) that sets
/// them. `own_dir` is the folder of its own file.
pub fn identity(lib: &Library, own: Own<'_>, parent: Option<&String>) -> Value {
    let own_dir = own.dir;
    let chain = meta_chain(lib, own, parent);
    let dir_of = |d: &'_ str| {
        if d.is_empty() {
            own_dir.to_string()
        } else {
            d.to_string()
        }
    };
    let first = |f: &dyn Fn(&FrontMatter) -> bool| chain.iter().find(|(m, _, _)| f(m));
    let accent = first(&|m| m.accent.is_some());
    let hero = first(&|m| m.hero.is_some());
    let share = first(&|m| m.share_image.is_some());
    let strap = first(&|m| m.strapline.is_some());
    // The own page's accent class is its own folder's only if it is a section.
    let accent_dir = accent.map(|(_, d, _)| dir_of(d));
    Value::from_serializable(&json!({
        "accent": accent.and_then(|(m, _, _)| m.accent.clone()),
        "accent_class": accent_dir.map(|d| accent_class(&d)),
        "hero": hero.and_then(|(m, d, l)| Some(picture(m.hero.as_ref()?, &dir_of(d), l))),
        "share_image": share.and_then(|(m, d, l)| Some(picture(m.share_image.as_ref()?, &dir_of(d), l))),
        "strapline": strap.and_then(|(m, _, _)| m.strapline.clone()),
        "strapline_lang": strap.map(|(_, _, l)| *l),
    }))
}

/// Every `@/` link of the footer must be a page or section of the site.
pub fn check(config: &Config, lib: &Library, config_text: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let links = config
        .brand
        .footer
        .links
        .iter()
        .map(|l| ("links", l.url.as_str()));
    let pages = config
        .help_page
        .iter()
        .map(|u| ("help_page", u.as_str()))
        .chain(
            config
                .after_report_page
                .iter()
                .map(|u| ("after_report_page", u.as_str())),
        );
    for (setting, url) in links.chain(pages) {
        let Some(key) = url.strip_prefix("@/") else {
            continue;
        };
        let key = key.split('#').next().unwrap_or(key);
        if !lib.pages.contains_key(key) && !lib.sections.contains_key(key) {
            let d = Diagnostic::new(
                config::FILE,
                format!("`{setting}` links to `{url}`, which is not a page of the site"),
            )
            .hint("write the page's file under content/, such as @/privacy/_index.md");
            out.push(match config::find_key_line(config_text, setting) {
                Some(line) => d.at(line, 1).source(config_text),
                None => d,
            });
        }
    }
    out
}

/// Registers `brand_stylesheet()`: the generated stylesheet's address, or "" when the site
/// sets no colour.
pub fn register(tera: &mut tera::Tera, shared: &std::sync::Arc<super::Shared>) {
    let s = shared.clone();
    tera.register_function(
        "og_locale",
        move |kw: tera::Kwargs, _: &tera::State| -> tera::TeraResult<String> {
            let lang: &str = kw.must_get("lang")?;
            Ok(og_locale(lang, &s.config))
        },
    );
    let s = shared.clone();
    tera.register_function(
        "local_text",
        move |kw: tera::Kwargs, _: &tera::State| -> tera::TeraResult<Value> {
            let value: Value = kw.must_get("value")?;
            let lang: &str = kw.must_get("lang")?;
            let t: crate::config::help::Text = serde_json::to_value(&value)
                .and_then(serde_json::from_value)
                .map_err(|e| tera::Error::message(format!("local_text: {e}")))?;
            let (text, in_lang) = t.get(lang, &s.config.default_language);
            Ok(Value::from_serializable(
                &json!({ "text": text, "lang": in_lang }),
            ))
        },
    );
    let s = shared.clone();
    tera.register_function(
        "brand_stylesheet",
        move |_: tera::Kwargs, _: &tera::State| -> tera::TeraResult<String> {
            Ok(s.fingerprint(STYLESHEET)
                .map(|name| s.config.url(&format!("/{name}")))
                .unwrap_or_default())
        },
    );
}

/// The Open Graph locale of a language (`en_GB`): the language with the site's country when
/// it is the default language, else the country the language is most spoken in.
pub fn og_locale(lang: &str, config: &Config) -> String {
    let base = lang.split('-').next().unwrap_or(lang).to_ascii_lowercase();
    let country = config.country.to_ascii_uppercase();
    let territory = match base.as_str() {
        _ if lang == config.default_language && !country.is_empty() => country.as_str(),
        "en" => "GB",
        "cy" => "GB",
        "ur" => "PK",
        "ar" => "AR",
        "sq" => "AL",
        "pa" => "IN",
        "bn" => "IN",
        "fa" => "IR",
        "uk" => "UA",
        "cs" => "CZ",
        "el" => "GR",
        "da" => "DK",
        "sv" => "SE",
        "ja" => "JP",
        "zh" => "CN",
        other => return format!("{other}_{}", other.to_ascii_uppercase()),
    };
    format!("{base}_{territory}")
}
