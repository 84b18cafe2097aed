//! Tera functions and filters placard adds for templates (see docs/templates.md).

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

use tera::{Kwargs, State, TeraResult, Value};

use super::context::SiteValues;
use super::i18n::{Strings, fill, localise_months};
use crate::assets::{self, Origin};
use crate::config::Config;
use crate::content::Date;
use crate::content::translations::translated_key;
use crate::util::text::slugify;

/// The context variable that names the template being rendered, for i18n misses.
pub const TEMPLATE_VAR: &str = "_template";

/// The context variable that holds the index of the route being rendered, when lookups are
/// recorded.
pub const ROUTE_VAR: &str = "_route";

/// The [`ROUTE_VAR`] of a file outside the route table (the search pages): its lookups are
/// not recorded, since `serve` makes such files again only when it rebuilds everything.
pub const UNRECORDED: usize = usize::MAX;

/// The state of one build, which placard's template functions read and note things in.
pub struct Shared {
    pub config: Config,
    pub root: PathBuf,
    /// Key (`x/y.md`) -> URL path, known before rendering (shared with [`Shared::fresh`]
    /// states: `serve` makes one for every edit).
    pub urls: Arc<HashMap<String, String>>,
    /// Filled in once every page's Markdown is rendered.
    pub values: OnceLock<SiteValues>,
    /// Static files by output path.
    pub statics: HashMap<String, Origin>,
    fingerprints: Mutex<HashMap<String, String>>,
    /// The UI strings, and the ones templates asked for but a language lacks.
    pub i18n: Strings,
    /// The build's time, in seconds (SOURCE_DATE_EPOCH when set).
    pub now: i64,
    /// Images met while rendering, processed after the Markdown stage.
    pub images: assets::images::Queue,
    /// What each route looked up, by route index, once [`Shared::record_lookups`] is called
    /// (`serve` does; a build does not).
    lookups: OnceLock<Mutex<Lookups>>,
    /// What each render in progress has taken from `range()` (at most
    /// [`crate::util::template_range::LIMIT`] numbers each).
    pub ranges: Arc<crate::util::template_range::Budget>,
}

/// The keys files looked up while they rendered.
#[derive(Debug, Default)]
struct Lookups {
    by_route: HashMap<usize, Vec<String>>,
    /// Lookups made where the route is not known (inside a Tera component, which has a
    /// context of its own): `serve` counts them for every file.
    unattributed: Vec<String>,
}

impl Shared {
    /// The state of a new build.
    pub fn new(templates: &super::Templates, build: super::Build<'_>) -> Self {
        let lib = build.lib;
        let urls: HashMap<String, String> = lib
            .pages
            .values()
            .map(|p| (p.key.clone(), p.path.clone()))
            .chain(
                lib.sections
                    .values()
                    .filter(|s| s.render)
                    .map(|s| (s.key.clone(), s.path.clone())),
            )
            .collect();
        let mut statics = templates.statics.clone();
        if let Some(css) = super::brand::stylesheet(build.config, lib) {
            let bytes: Arc<[u8]> = css.into_bytes().into();
            statics.insert(
                super::brand::STYLESHEET.into(),
                assets::Origin::Generated(bytes, "placard.yaml (brand) and sections' accent"),
            );
        }
        Shared {
            config: build.config.clone(),
            root: build.root.to_path_buf(),
            urls: Arc::new(urls),
            values: OnceLock::new(),
            statics,
            fingerprints: Mutex::new(HashMap::new()),
            i18n: Strings::new(templates.i18n.clone(), &build.config.default_language),
            now: build.now,
            images: Default::default(),
            lookups: OnceLock::new(),
            ranges: Default::default(),
        }
    }

    /// A fresh state for the same site (values not set, nothing noted).
    pub fn fresh(&self, templates: &super::Templates) -> Self {
        let mut statics = templates.statics.clone();
        if let Some(css) = self.statics.get(super::brand::STYLESHEET) {
            statics.insert(super::brand::STYLESHEET.into(), css.clone());
        }
        Shared {
            config: self.config.clone(),
            root: self.root.clone(),
            urls: self.urls.clone(),
            values: OnceLock::new(),
            statics,
            fingerprints: Mutex::new(HashMap::new()),
            i18n: Strings::new(templates.i18n.clone(), &self.config.default_language),
            now: self.now,
            images: Default::default(),
            lookups: OnceLock::new(),
            ranges: Default::default(),
        }
    }

    /// From now on, notes what each route looks up.
    pub fn record_lookups(&self) {
        let _ = self.lookups.set(Mutex::default());
    }

    /// Are lookups being noted?
    pub fn records_lookups(&self) -> bool {
        self.lookups.get().is_some()
    }

    /// Notes that the file being rendered (`st`) looked up `key`.
    fn note(&self, st: &State, key: &str) {
        let Some(lookups) = self.lookups.get() else {
            return;
        };
        let route = st.get::<usize>(ROUTE_VAR).ok().flatten();
        if route == Some(UNRECORDED) {
            return;
        }
        if let Ok(mut l) = lookups.lock() {
            match route {
                Some(i) => l.by_route.entry(i).or_default().push(key.to_string()),
                None => l.unattributed.push(key.to_string()),
            }
        }
    }

    /// Takes the keys the route at `index` looked up, sorted, each once.
    pub fn take_lookups(&self, index: usize) -> Vec<String> {
        let mut keys = self
            .lookups
            .get()
            .and_then(|l| l.lock().ok()?.by_route.remove(&index))
            .unwrap_or_default();
        keys.sort_unstable();
        keys.dedup();
        keys
    }

    /// Takes the keys looked up where the route was not known, sorted, each once.
    pub fn take_unattributed(&self) -> Vec<String> {
        let mut keys = self
            .lookups
            .get()
            .and_then(|l| {
                l.lock()
                    .ok()
                    .map(|mut l| std::mem::take(&mut l.unattributed))
            })
            .unwrap_or_default();
        keys.sort_unstable();
        keys.dedup();
        keys
    }

    /// The fingerprinted output path of a static file.
    pub fn fingerprint(&self, rel: &str) -> Option<String> {
        if let Ok(cache) = self.fingerprints.lock()
            && let Some(f) = cache.get(rel)
        {
            return Some(f.clone());
        }
        let bytes = self.statics.get(rel)?.bytes().ok()?;
        let name = assets::fingerprinted_name(rel, &bytes);
        if let Ok(mut cache) = self.fingerprints.lock() {
            cache.insert(rel.to_string(), name.clone());
        }
        Some(name)
    }

    /// A UI string, falling back to the default language, then to the key; a miss is recorded
    /// with the template that asked.
    pub fn trans(&self, key: &str, lang: &str, template: &str) -> String {
        self.i18n.get(key, lang, template)
    }

    /// The language a function was asked for: its `lang` argument, else the template's `lang`,
    /// else the default language.
    fn lang_of(&self, kw: &Kwargs, st: &State) -> TeraResult<String> {
        Ok(kw
            .get::<String>("lang")?
            .or_else(|| st.get::<String>("lang").ok().flatten())
            .unwrap_or_else(|| self.config.default_language.clone()))
    }

    fn values(&self) -> TeraResult<&SiteValues> {
        self.values.get().ok_or_else(|| {
            tera::Error::message(
                "pages are not available while Markdown is being rendered (in a component)",
            )
        })
    }
}

fn err(msg: impl std::fmt::Display) -> tera::Error {
    tera::Error::message(msg.to_string())
}

/// Registers every function and filter on `tera`.
pub fn register(tera: &mut tera::Tera, shared: &Arc<Shared>) {
    register_lookups(tera, shared);
    register_data(tera, shared);
    register_images(tera, shared);
    register_filters(tera, shared);
    super::help::register(tera, shared);
    super::brand::register(tera, shared);
    super::lang_note::register(tera, shared);
    crate::util::template_range::register(tera, shared.ranges.clone());
}

/// `get_page`, `get_section`, `get_url`, `asset_url` and `get_taxonomy`.
fn register_lookups(tera: &mut tera::Tera, shared: &Arc<Shared>) {
    let s = shared.clone();
    tera.register_function(
        "get_page",
        move |kw: Kwargs, st: &State| -> TeraResult<Value> {
            lookup(&s, &s.values()?.pages, (&kw, st), &PAGE)
        },
    );
    let s = shared.clone();
    tera.register_function(
        "get_section",
        move |kw: Kwargs, st: &State| -> TeraResult<Value> {
            lookup(&s, &s.values()?.sections, (&kw, st), &SECTION)
        },
    );
    let s = shared.clone();
    tera.register_function(
        "get_url",
        move |kw: Kwargs, st: &State| -> TeraResult<String> {
            let path: &str = kw.must_get("path")?;
            if let Some(key) = path.strip_prefix("@/") {
                let (key, anchor) = key
                    .split_once('#')
                    .map_or((key, None), |(k, a)| (k, Some(a)));
                // The same language's version when there is one.
                let translated = translated_key(key, &s.lang_of(&kw, st)?, &s.config);
                let url = s
                    .urls
                    .get(&translated)
                    .or_else(|| s.urls.get(key))
                    .ok_or_else(|| err(format!("there is no page `{path}`")))?;
                return Ok(match anchor {
                    Some(a) => format!("{}#{a}", s.config.url(url)),
                    None => s.config.url(url),
                });
            }
            if path.contains("://") {
                return Ok(path.to_string());
            }
            Ok(s.config.url(&format!("/{}", path.trim_start_matches('/'))))
        },
    );
    let s = shared.clone();
    tera.register_function(
        "asset_url",
        move |kw: Kwargs, _: &State| -> TeraResult<String> {
            let path: &str = kw.must_get("path")?;
            let rel = path.trim_start_matches('/');
            let name = s.fingerprint(rel).ok_or_else(|| {
                err(format!(
                    "there is no static file `{rel}` (look under static/ or the theme's static/)"
                ))
            })?;
            Ok(s.config.url(&format!("/{name}")))
        },
    );
    let s = shared.clone();
    tera.register_function(
        "get_taxonomy",
        move |kw: Kwargs, st: &State| -> TeraResult<Value> {
            let kind: &str = kw.must_get("kind")?;
            let lang: String = kw
                .get("lang")?
                .or_else(|| st.get::<String>("lang").ok().flatten())
                .unwrap_or_else(|| s.config.default_language.clone());
            s.note(st, super::routes::EVERY_PAGE);
            s.values()?
                .taxonomies
                .get(&(lang, kind.to_string()))
                .cloned()
                .ok_or_else(|| {
                    err(format!(
                        "there is no taxonomy `{kind}` (declare it in placard.yaml)"
                    ))
                })
        },
    );
}

/// `load_data`, `now`, `trans`, `data_fields`, `contact_fields`, `field_label` and `contact_status`.
fn register_data(tera: &mut tera::Tera, shared: &Arc<Shared>) {
    let s = shared.clone();
    tera.register_function(
        "load_data",
        move |kw: Kwargs, _: &State| -> TeraResult<Value> {
            let path: &str = kw.must_get("path")?;
            let rel = PathBuf::from(path.trim_start_matches('/'));
            if rel
                .components()
                .any(|c| !matches!(c, std::path::Component::Normal(_)))
            {
                return Err(err(format!("`{path}` must be a path inside the site")));
            }
            let ext = rel
                .extension()
                .and_then(|e| e.to_str())
                .unwrap_or("")
                .to_ascii_lowercase();
            let text = crate::util::fs::read_text(&s.root, &rel).map_err(|d| err(d.message))?;
            let value =
                crate::content::data::parse(&text, &rel, &ext).map_err(|d| err(d.to_string()))?;
            Ok(Value::from_serializable(&value))
        },
    );
    let s = shared.clone();
    tera.register_function("now", move |_: Kwargs, _: &State| -> TeraResult<String> {
        Ok(jiff::Timestamp::from_second(s.now)
            .map(|t| t.to_string())
            .unwrap_or_default())
    });
    let s = shared.clone();
    tera.register_function(
        "trans",
        move |kw: Kwargs, st: &State| -> TeraResult<String> {
            let key: &str = kw.must_get("key")?;
            let lang = s.lang_of(&kw, st)?;
            let template: String = st
                .get::<String>(TEMPLATE_VAR)
                .ok()
                .flatten()
                .unwrap_or_default();
            let text = s.trans(key, &lang, &template);
            // Any other argument fills a `{name}` placeholder.
            let values = kw
                .iter()
                .filter(|(k, _)| !matches!(k.as_str(), Some("key" | "lang")))
                .filter_map(|(k, v)| {
                    Some((
                        k.as_str()?,
                        v.as_str().map_or_else(|| v.to_string(), str::to_string),
                    ))
                });
            Ok(fill(&text, values))
        },
    );
    let s = shared.clone();
    tera.register_function(
        "data_fields",
        move |kw: Kwargs, st: &State| -> TeraResult<Value> {
            let value: Value = kw.must_get("value")?;
            let level: usize = kw.get("level")?.unwrap_or(2);
            let skip: Vec<String> = kw.get("skip")?.unwrap_or_default();
            let title: String = kw.get("title")?.unwrap_or_default();
            let lang = s.lang_of(&kw, st)?;
            let json: serde_json::Value = serde_json::to_value(&value).map_err(err)?;
            let words = super::record::Words {
                strings: &s.i18n,
                lang: &lang,
                default_lang: &s.config.default_language,
            };
            let html = super::record::fields(&json, level, (&skip, &title), &words);
            Ok(Value::from(html).mark_safe())
        },
    );
    tera.register_function(
        "contact_fields",
        |kw: Kwargs, _: &State| -> TeraResult<Vec<String>> {
            let value: Value = kw.must_get("value")?;
            let json: serde_json::Value = serde_json::to_value(&value).map_err(err)?;
            Ok(super::record::contact_fields(&json))
        },
    );
    let s = shared.clone();
    tera.register_function(
        "field_label",
        move |kw: Kwargs, st: &State| -> TeraResult<String> {
            let name: &str = kw.must_get("name")?;
            let lang = s.lang_of(&kw, st)?;
            let words = super::record::Words {
                strings: &s.i18n,
                lang: &lang,
                default_lang: &s.config.default_language,
            };
            Ok(words.label(name))
        },
    );
    let s = shared.clone();
    tera.register_function(
        "contact_status",
        move |kw: Kwargs, _: &State| -> TeraResult<&'static str> {
            let v: Option<Value> = kw.get("verified")?;
            Ok(contact_status(
                v.as_ref(),
                s.now,
                s.config.contact_max_age_days,
            ))
        },
    );
}

/// `resize_image` and `picture` (see [`super::images`]).
fn register_images(tera: &mut tera::Tera, shared: &Arc<Shared>) {
    let s = shared.clone();
    tera.register_function(
        "resize_image",
        move |kw: Kwargs, _: &State| -> TeraResult<Value> { super::images::resize_image(&s, &kw) },
    );
    let s = shared.clone();
    tera.register_function("picture", move |kw: Kwargs, st: &State| {
        super::images::picture(&s, &kw, st)
    });
}

/// The filters: `markdown`, `slugify`, `tel`, `date` and `json_encode`.
fn register_filters(tera: &mut tera::Tera, shared: &Arc<Shared>) {
    tera.register_filter(
        "markdown",
        |text: &str, kw: Kwargs, _: &State| -> TeraResult<Value> {
            let inline: bool = kw.get("inline")?.unwrap_or(false);
            Ok(Value::from(crate::markdown::render_plain(text, inline)).mark_safe())
        },
    );
    tera.register_filter(
        "slugify",
        |text: &str, _: Kwargs, _: &State| -> TeraResult<String> { Ok(slugify(text)) },
    );
    tera.register_filter(
        "tel",
        |text: &str, _: Kwargs, _: &State| -> TeraResult<String> { Ok(tel(text)) },
    );
    let s = shared.clone();
    tera.register_filter(
        "date",
        move |value: &Value, kw: Kwargs, st: &State| -> TeraResult<String> {
            let format: &str = kw.get("format")?.unwrap_or("%-d %B %Y");
            let lang = s.lang_of(&kw, st)?;
            let text = value
                .as_str()
                .map(str::to_owned)
                .or_else(|| value.as_i64().map(|n| n.to_string()))
                .unwrap_or_default();
            let date = Date::parse(&text).ok_or_else(|| {
                err(format!(
                    "`{text}` is not a date (write 2024-01-02 or an RFC 3339 date-time)"
                ))
            })?;
            let ts = jiff::Timestamp::from_second(date.timestamp).map_err(err)?;
            let zoned = ts.to_zoned_datetime(jiff::tz::TimeZone::UTC);
            let format = localise_months(format, zoned.month(), &lang, &s.i18n);
            jiff::fmt::strtime::format(&format, &zoned)
                .map_err(|e| err(format!("the date format `{format}` is not valid: {e}")))
        },
    );
    tera.register_filter("json_encode", tera_contrib::json::json_encode);
}

/// What `get_page` and `get_section` look up, for their messages.
struct Lookup {
    what: &'static str,
    /// What to give as `path`.
    give: &'static str,
}

const PAGE: Lookup = Lookup {
    what: "page",
    give: "the path under content/, such as `x/y.md`",
};

const SECTION: Lookup = Lookup {
    what: "section",
    give: "the path of an _index.md under content/, such as `x/_index.md`",
};

/// `get_page` and `get_section`: the value at `path`, in the template's language (or `lang=`)
/// when that translation exists; with `optional=true`, none when there is no such page, so a
/// theme can link to a section only where the site has it.
fn lookup(
    shared: &Shared,
    values: &HashMap<String, Value>,
    (kw, st): (&Kwargs, &State),
    of: &Lookup,
) -> TeraResult<Value> {
    let Lookup { what, give } = *of;
    let path: &str = kw.must_get("path")?;
    let optional: bool = kw.get("optional")?.unwrap_or(false);
    let key = path.trim_start_matches("@/");
    let lang = shared.lang_of(kw, st)?;
    let translated = translated_key(key, &lang, &shared.config);
    shared.note(st, key);
    if translated != key {
        shared.note(st, &translated);
    }
    match values.get(&translated).or_else(|| values.get(key)) {
        Some(v) => Ok(v.clone()),
        None if optional => Ok(Value::none()),
        None => Err(err(format!(
            "there is no {what} `{path}` (give {give}, or add optional=true)"
        ))),
    }
}

/// `"0800 555 111"` -> `08005551111`: the digits, and a leading `+`, for a `tel:` link.
pub fn tel(text: &str) -> String {
    let t = text.trim();
    let mut out = String::new();
    if t.starts_with('+') {
        out.push('+');
    }
    out.extend(t.chars().filter(char::is_ascii_digit));
    out
}

/// `unverified` (false, missing or not a date), `stale` (checked longer ago than `max_days`)
/// or `ok`.
pub fn contact_status(verified: Option<&Value>, now: i64, max_days: u32) -> &'static str {
    let Some(text) = verified.and_then(|v| v.as_str()) else {
        return "unverified";
    };
    match Date::parse(text) {
        Some(d) if (now - d.timestamp) / 86_400 > i64::from(max_days) => "stale",
        Some(_) => "ok",
        None => "unverified",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tel_keeps_digits() {
        assert_eq!(tel("0800 555 111"), "0800555111");
        assert_eq!(tel("+44 (0)161 234 5001"), "+4401612345001");
        assert_eq!(tel("18001 101"), "18001101");
    }

    #[test]
    fn contact_statuses() {
        let now = Date::parse("2026-11-27").unwrap().timestamp;
        assert_eq!(contact_status(None, now, 365), "unverified");
        assert_eq!(
            contact_status(Some(&Value::from(false)), now, 365),
            "unverified"
        );
        assert_eq!(
            contact_status(Some(&Value::from("2026-01-01")), now, 365),
            "ok"
        );
        assert_eq!(
            contact_status(Some(&Value::from("2024-01-01")), now, 365),
            "stale"
        );
    }
}
