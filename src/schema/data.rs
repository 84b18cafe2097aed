//! The data files placard itself reads: `data/helplines.yaml` (the theme's contact cards, the
//! "Get help now" block, `helpline()` and `report()`), and the records a section's
//! `generate:` makes pages of.

use indexmap::IndexMap;
use serde_json::{Value, json};

use crate::content::front_matter::Generate;

/// A contact as the theme's contact card (`partials/contact.html`) and `placard check` read
/// it. Other fields are allowed (the site's own templates may read them).
#[derive(Debug, Clone, serde::Deserialize, schemars::JsonSchema)]
#[allow(dead_code)]
pub struct Contact {
    /// The service's name.
    pub name: String,
    /// The phone number, written for reading (`0800 555 111`).
    pub phone: Option<String>,
    /// The textphone number.
    pub textphone: Option<String>,
    /// The service's web address (`https://...`).
    pub url: Option<String>,
    /// The service's e-mail address.
    pub email: Option<String>,
    /// What it is for, in a sentence.
    pub description: Option<String>,
    /// When it is open.
    pub hours: Option<String>,
    /// When to call it (in the "Get help now" block, when `help:` gives no `when:`).
    pub when: Option<crate::config::help::Text>,
    /// Free to call.
    pub free: Option<bool>,
    /// The service promises callers can stay anonymous.
    pub anonymous: Option<bool>,
    /// Where the details were read.
    pub source: Option<String>,
    /// `false` until checked; then the date checked (`2026-12-01`).
    pub verified: Option<Verified>,
    /// The date last checked, with `verified: true`.
    pub checked: Option<String>,
    /// A number set nationally for every caller (999, 101 and their textphones): the theme
    /// never shows "Check this number" beside it; `placard check` still lists it until dated.
    pub statutory: Option<bool>,
}

/// `verified:`: `false`, `true` (with `checked:`), or the date checked.
#[derive(Debug, Clone, serde::Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
pub enum Verified {
    /// Checked or not.
    Flag(bool),
    /// The date checked, `2026-12-01`.
    Date(String),
}

/// `data/helplines.yaml`: contacts by key.
pub fn helplines_schema() -> Value {
    let generator = schemars::generate::SchemaSettings::draft2020_12().into_generator();
    let mut schema = generator
        .into_root_schema_for::<IndexMap<String, Contact>>()
        .to_value();
    if let Some(obj) = schema.as_object_mut() {
        obj.insert(
            "title".into(),
            json!("data/helplines.yaml: the contacts, by key"),
        );
        // A translation-review mark may stand at the top of a translated file.
        obj.insert(
            "properties".into(),
            json!({ "translation_review": { "enum": ["pending", "done"] } }),
        );
    }
    schema
}

/// The records `generate:` makes pages of: a list of maps, each with the fields its
/// `slug:`, `title:` and `description:` name.
pub fn generated_records_schema(generate: &Generate) -> Value {
    let mut fields: Vec<String> = Vec::new();
    for spec in [
        Some(&generate.slug),
        Some(&generate.title),
        generate.description.as_ref(),
    ]
    .into_iter()
    .flatten()
    {
        for f in fields_used(spec) {
            if !fields.contains(&f) {
                fields.push(f);
            }
        }
    }
    json!({
        "$schema": super::DRAFT,
        "title": format!("data/{}.yaml: the records generate: makes pages of", generate.from),
        "type": "array",
        "items": {
            "type": "object",
            "required": fields,
        }
    })
}

/// The record fields a `generate:` value uses: `{{ item.name }}` names `name`; a value with
/// no `{{` is itself a field name.
fn fields_used(spec: &str) -> Vec<String> {
    if !spec.contains("{{") {
        return vec![spec.trim().to_string()];
    }
    spec.match_indices("item.")
        .filter_map(|(i, _)| {
            let rest = &spec[i + 5..];
            let end = rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            (end > 0).then(|| rest[..end].to_string())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_of_generate() {
        assert_eq!(fields_used("slug"), ["slug"]);
        assert_eq!(fields_used("Report a concern in {{ item.name }}"), ["name"]);
        assert_eq!(fields_used("{{ item.a }}-{{item.b_c}}"), ["a", "b_c"]);
    }

    #[test]
    fn contacts_know_every_way_to_contact() {
        let schema = helplines_schema();
        let props = &schema["$defs"]["Contact"]["properties"];
        for way in crate::content::contacts::WAYS {
            assert!(props.get(way).is_some(), "{way}");
        }
    }
}
