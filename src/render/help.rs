//! The "Get help now" block and the `report()` component from the site's settings
//! (`help:`, `report:`, `country:` in placard.yaml, config/help.rs) and data/helplines.yaml:
//! the template functions `help_lines(lang)` and `report_lines(concern, lang)`, and the build
//! check that every key they name exists.

use std::sync::Arc;

use serde_json::{Value as Json, json};
use tera::{Kwargs, State, TeraResult, Value};

use super::Shared;
use crate::config::help::{self, BuiltIn, Text};
use crate::config::{self, Config};
use crate::content::Library;
use crate::error::Diagnostic;

/// The data file the lines are records of, and its name for templates.
const DATA: &str = "helplines";

/// Registers `help_lines` and `report_lines`.
pub fn register(tera: &mut tera::Tera, shared: &Arc<Shared>) {
    let s = shared.clone();
    tera.register_function(
        "help_lines",
        move |kw: Kwargs, st: &State| -> TeraResult<Value> {
            let lang = lang_of(&s, &kw, st)?;
            Ok(Value::from_serializable(&help_lines(
                &s,
                &lang,
                template(st),
            )))
        },
    );
    let s = shared.clone();
    tera.register_function(
        "report_lines",
        move |kw: Kwargs, st: &State| -> TeraResult<Value> {
            let lang = lang_of(&s, &kw, st)?;
            let concern: Option<String> = kw.get::<String>("concern")?.filter(|c| !c.is_empty());
            report_lines(&s, concern.as_deref(), &lang, template(st))
                .map(|v| Value::from_serializable(&v))
        },
    );
}

fn lang_of(s: &Shared, kw: &Kwargs, st: &State) -> TeraResult<String> {
    Ok(kw
        .get::<String>("lang")?
        .or_else(|| st.get::<String>("lang").ok().flatten())
        .unwrap_or_else(|| s.config.default_language.clone()))
}

fn template(st: &State) -> String {
    st.get::<String>(super::functions::TEMPLATE_VAR)
        .ok()
        .flatten()
        .unwrap_or_default()
}

/// A text in `lang`: `{text, lang}` (the language it is really in).
fn text(t: &Text, lang: &str, default: &str) -> Json {
    let (text, in_lang) = t.get(lang, default);
    json!({ "text": text, "lang": in_lang })
}

/// A built-in line (a UK site with no `help:`), as a contact record.
fn built_in(s: &Shared, b: &BuiltIn, lang: &str, tpl: &str) -> Json {
    json!({
        "name": s.trans(b.name_word, lang, tpl),
        "phone": b.phone,
        "textphone": b.textphone,
        "fallback": true,
    })
}

fn built_ins(config: &Config) -> &'static [BuiltIn] {
    if config.help.is_empty() {
        help::built_in_lines(&config.country).unwrap_or(&[])
    } else {
        &[]
    }
}

/// `[{id, when: {text, lang} | null, contact: record | null}]`: `contact` is set only for a
/// built-in line; else the template takes `data.helplines[id]` (and its `when` when the
/// entry has none).
fn help_lines(s: &Shared, lang: &str, tpl: String) -> Vec<Json> {
    let config = &s.config;
    let default = config.default_language.as_str();
    let mut out: Vec<Json> = config
        .help
        .iter()
        .map(|e| {
            let l = e.line();
            json!({
                "id": l.line,
                "when": l.when.as_ref().map(|t| text(t, lang, default)),
                "contact": null,
            })
        })
        .collect();
    for b in built_ins(config) {
        out.push(json!({
            "id": b.key,
            "when": { "text": s.trans(b.when_word, lang, &tpl), "lang": lang },
            "contact": built_in(s, b, lang, &tpl),
        }));
    }
    out
}

/// `{steps: [{text, lang}], first: [{id, lead: {text, lang}, contact}], lines: [id]}`.
fn report_lines(s: &Shared, concern: Option<&str>, lang: &str, tpl: String) -> TeraResult<Json> {
    let config = &s.config;
    let default = config.default_language.as_str();
    let name = concern.unwrap_or(help::GENERAL);
    let found = config.report.get(name);
    if found.is_none() && concern.is_some() {
        let names: Vec<&str> = config.report.keys().map(String::as_str).collect();
        let known = if names.is_empty() {
            "this site defines no concerns: list them under `report:` in placard.yaml".to_string()
        } else {
            format!(
                "the concerns are {} (under `report:` in placard.yaml), or leave concern out",
                names.join(", ")
            )
        };
        return Err(tera::Error::message(format!(
            "report(concern=\"{name}\"): there is no such concern; {known}"
        )));
    }
    let mut first = Vec::new();
    for e in &config.help {
        let l = e.line();
        if let Some(lead) = &l.report {
            first.push(json!({ "id": l.line, "lead": text(lead, lang, default), "contact": null }));
        }
    }
    for b in built_ins(config) {
        first.push(json!({
            "id": b.key,
            "lead": { "text": s.trans(b.report_word, lang, &tpl), "lang": lang },
            "contact": built_in(s, b, lang, &tpl),
        }));
    }
    let (steps, lines) = found.map_or((&[][..], &[][..]), |c| c.parts());
    let shown: Vec<&str> = first.iter().filter_map(|f| f["id"].as_str()).collect();
    let lines: Vec<&String> = lines
        .iter()
        .filter(|l| !shown.contains(&l.as_str()))
        .collect();
    Ok(json!({
        "steps": steps.iter().map(|t| text(t, lang, default)).collect::<Vec<_>>(),
        "first": first,
        "lines": lines,
    }))
}

/// [`check`], with placard.yaml's text read for the line numbers; `shown` says whether the
/// site's templates show the "Get help now" block at all.
pub fn check_site(build: super::Build<'_>, shown: bool) -> Vec<Diagnostic> {
    let rel = std::path::Path::new(config::FILE);
    let text = if build.root.join(rel).is_file() {
        crate::util::fs::read_text(build.root, rel).unwrap_or_default()
    } else {
        String::new()
    };
    let mut out = check(build.config, build.lib, &text, shown);
    out.extend(super::brand::check(build.config, build.lib, &text));
    out
}

/// What to add when the help block has nothing to show: a site that names a country placard
/// knows no numbers for is not told about the UK's.
fn no_help_hint(country: &str) -> String {
    let add = "add `help:` to placard.yaml listing keys of data/helplines.yaml in order, such as \
               `help: [emergency, police, domestic-abuse]`";
    if country.is_empty() {
        format!("{add}; a site in the UK can instead say `country: GB` to show 999 and 101")
    } else {
        format!("{add} (placard has no built-in numbers for `country: {country}`)")
    }
}

/// Every key `help:` and `report:` name must be a record of data/helplines.yaml, each line
/// must say when to call it, and a site must say what its "Get help now" block shows.
pub fn check(config: &Config, lib: &Library, config_text: &str, shown: bool) -> Vec<Diagnostic> {
    let at = |key: &str, message: String, hint: &str| {
        let d = Diagnostic::new(config::FILE, message).hint(hint);
        match config::find_key_line(config_text, key) {
            Some(line) => d.at(line, 1).source(config_text),
            None => d,
        }
    };
    let records = lib.data.value.get(DATA).and_then(Json::as_object);
    let mut out = Vec::new();
    if shown && config.help.is_empty() && help::built_in_lines(&config.country).is_none() {
        out.push(
            Diagnostic::new(
                config::FILE,
                "the \"Get help now\" block on every page has no helplines to show",
            )
            .hint(no_help_hint(&config.country)),
        );
    }
    let keys = |name: &str| {
        let known: Vec<&str> =
            records.map_or(Vec::new(), |r| r.keys().map(String::as_str).collect());
        match crate::error::suggest(name, known.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None if known.is_empty() => {
                "add data/helplines.yaml with a record for each helpline".into()
            }
            None => format!(
                "the helplines in data/helplines.yaml are {}",
                known.join(", ")
            ),
        }
    };
    for e in &config.help {
        let l = e.line();
        match records.and_then(|r| r.get(&l.line)) {
            None => out.push(at(
                &l.line,
                format!("`help:` names `{}`, which is not a record of data/helplines.yaml", l.line),
                &keys(&l.line),
            )),
            Some(record) if l.when.is_none() && record.get("when").is_none() => out.push(at(
                &l.line,
                format!("the helpline `{}` under `help:` does not say when to call it", l.line),
                "add `when: \"If someone is in danger now\"` to the entry, or a `when:` field to its record in data/helplines.yaml",
            )),
            Some(_) => {}
        }
        if l.when.as_ref().is_some_and(Text::is_empty) {
            out.push(at(
                &l.line,
                format!("the `when:` of `{}` is empty", l.line),
                "write when to call it",
            ));
        }
    }
    for (name, concern) in &config.report {
        for id in concern.parts().1 {
            if records.and_then(|r| r.get(id)).is_none() {
                out.push(at(
                    name,
                    format!("the concern `{name}` under `report:` names `{id}`, which is not a record of data/helplines.yaml"),
                    &keys(id),
                ));
            }
        }
    }
    out
}
