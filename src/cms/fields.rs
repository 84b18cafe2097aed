//! The editor's form fields, made from a front matter's JSON Schema (src/schema), which is made
//! from the types the build deserialises: a key the build reads is a field, a required key is a
//! required field, an enum is a select, a list a list widget, a typed object an object widget.
//!
//! Values that have no form (free-form maps such as `extra`, values of several shapes) are left
//! out of the form; the editor keeps them in the file as they were.

use serde_json::{Map, Value, json};

/// Keys holding dates (`2024-01-02`): a date picker that writes the date as text.
const DATES: [&str; 2] = ["date", "updated"];

/// Keys holding a sentence or two: a box of several lines.
const LONG_TEXT: [&str; 1] = ["description"];

/// How deep objects inside objects are made into fields (the front matter's own types go three
/// deep: a download's picture's text).
const MAX_DEPTH: usize = 4;

/// The fields of the object `schema` (a root schema with `$defs`), in the schema's order;
/// `taxonomies` are the site's taxonomy names (a list of terms each).
pub fn fields(schema: &Value, taxonomies: &[String]) -> Vec<Value> {
    let ctx = Ctx { root: schema };
    ctx.object_fields(schema, true, taxonomies, 0)
}

struct Ctx<'a> {
    root: &'a Value,
}

impl Ctx<'_> {
    /// `schema` with `$ref`s to `$defs` followed (a bounded number of times) and an optional
    /// value's `null` alternative dropped.
    fn resolve<'s>(&'s self, mut schema: &'s Value) -> &'s Value {
        for _ in 0..8 {
            if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
                match r
                    .strip_prefix("#/$defs/")
                    .and_then(|name| self.root.get("$defs")?.get(name))
                {
                    Some(def) => schema = def,
                    None => return schema,
                }
                continue;
            }
            let alternatives = schema
                .get("anyOf")
                .or_else(|| schema.get("oneOf"))
                .and_then(Value::as_array);
            if let Some(alts) = alternatives {
                let not_null: Vec<&Value> = alts
                    .iter()
                    .filter(|a| a.get("type").and_then(Value::as_str) != Some("null"))
                    .collect();
                if let [one] = not_null.as_slice() {
                    schema = one;
                    continue;
                }
            }
            return schema;
        }
        schema
    }

    /// The fields of an object's properties; `required_here`: whether its required keys are
    /// required in the form (not inside an optional object, which the form would otherwise
    /// refuse to save empty).
    fn object_fields(
        &self,
        schema: &Value,
        required_here: bool,
        taxonomies: &[String],
        depth: usize,
    ) -> Vec<Value> {
        let schema = self.resolve(schema);
        let Some(props) = schema.get("properties").and_then(Value::as_object) else {
            return Vec::new();
        };
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        props
            .iter()
            .filter_map(|(name, prop)| {
                let needed = required_here && required.contains(&name.as_str());
                if depth == 0 && name == "taxonomies" {
                    return taxonomy_field(taxonomies);
                }
                self.field(name, prop, needed, depth)
            })
            .collect()
    }

    /// One field, or `None` for a value with no form.
    fn field(&self, name: &str, prop: &Value, required: bool, depth: usize) -> Option<Value> {
        let resolved = self.resolve(prop);
        let mut f = Map::new();
        f.insert("name".into(), json!(name));
        f.insert("label".into(), json!(label(name)));
        f.insert("required".into(), json!(required));
        if let Some(hint) = prop
            .get("description")
            .or_else(|| resolved.get("description"))
            .and_then(Value::as_str)
        {
            f.insert("hint".into(), json!(hint));
        }
        let translate = self.widget(name, resolved, required, depth, &mut f)?;
        f.insert(
            "i18n".into(),
            if translate {
                json!(true)
            } else {
                json!("duplicate")
            },
        );
        Some(Value::Object(f))
    }

    /// Fills in the widget of a field; returns whether its value is translated (text) or
    /// the same in every language, or `None` for a value with no form.
    fn widget(
        &self,
        name: &str,
        s: &Value,
        required: bool,
        depth: usize,
        f: &mut Map<String, Value>,
    ) -> Option<bool> {
        // A choice may differ between languages (`translation_review` is a translation's own).
        if let Some(options) = s.get("enum").and_then(Value::as_array) {
            f.insert("widget".into(), json!("select"));
            f.insert("options".into(), json!(options));
            return Some(true);
        }
        if let Some(options) = one_of_constants(self, s) {
            f.insert("widget".into(), json!("select"));
            f.insert("options".into(), json!(options));
            return Some(true);
        }
        let kind = value_type(s)?;
        match kind {
            "string" if DATES.contains(&name) => {
                f.insert("widget".into(), json!("datetime"));
                f.insert("format".into(), json!("YYYY-MM-DD"));
                f.insert("date_format".into(), json!("YYYY-MM-DD"));
                f.insert("time_format".into(), json!(false));
                f.insert("picker_utc".into(), json!(true));
                Some(false)
            }
            "string" => {
                let widget = if LONG_TEXT.contains(&name) {
                    "text"
                } else {
                    "string"
                };
                f.insert("widget".into(), json!(widget));
                Some(true)
            }
            "boolean" => {
                f.insert("widget".into(), json!("boolean"));
                if let Some(d) = s.get("default") {
                    f.insert("default".into(), d.clone());
                }
                Some(false)
            }
            "integer" | "number" => {
                f.insert("widget".into(), json!("number"));
                let vt = if kind == "integer" { "int" } else { "float" };
                f.insert("value_type".into(), json!(vt));
                Some(false)
            }
            "array" => self.list(s, depth, f),
            "object" if depth < MAX_DEPTH => {
                let fields = self.object_fields(s, required, &[], depth + 1);
                if fields.is_empty() {
                    return None;
                }
                f.insert("widget".into(), json!("object"));
                f.insert("collapsed".into(), json!(!required));
                f.insert("fields".into(), json!(fields));
                Some(true)
            }
            _ => None,
        }
    }

    /// A list: of text (one line each), or of objects with their fields.
    fn list(&self, s: &Value, depth: usize, f: &mut Map<String, Value>) -> Option<bool> {
        let items = self.resolve(s.get("items")?);
        f.insert("widget".into(), json!("list"));
        match value_type(items)? {
            "string" if items.get("enum").is_none() => Some(true),
            "object" if depth < MAX_DEPTH => {
                let fields = self.object_fields(items, true, &[], depth + 1);
                if fields.is_empty() {
                    return None;
                }
                f.insert("fields".into(), json!(fields));
                f.insert("collapsed".into(), json!(true));
                Some(true)
            }
            _ => None,
        }
    }
}

/// The options of a `oneOf` of constants (a documented enum: schemars writes one `const` per
/// variant with its doc comment).
fn one_of_constants(ctx: &Ctx<'_>, s: &Value) -> Option<Vec<Value>> {
    let alts = s.get("oneOf").or_else(|| s.get("anyOf"))?.as_array()?;
    alts.iter()
        .map(|a| {
            let a = ctx.resolve(a);
            a.get("const")
                .cloned()
                .or_else(|| match a.get("enum").and_then(Value::as_array) {
                    Some(one) if one.len() == 1 => one.first().cloned(),
                    _ => None,
                })
        })
        .collect()
}

/// The schema's one type (`["string", "null"]` is `string`).
fn value_type(s: &Value) -> Option<&str> {
    match s.get("type")? {
        Value::String(t) => Some(t.as_str()),
        Value::Array(types) => {
            let not_null: Vec<&str> = types
                .iter()
                .filter_map(Value::as_str)
                .filter(|t| *t != "null")
                .collect();
            match not_null.as_slice() {
                [one] => Some(one),
                _ => None,
            }
        }
        _ => None,
    }
}

/// `taxonomies:`: a list of terms for each of the site's taxonomies.
fn taxonomy_field(taxonomies: &[String]) -> Option<Value> {
    if taxonomies.is_empty() {
        return None;
    }
    let fields: Vec<Value> = taxonomies
        .iter()
        .map(|t| {
            json!({
                "name": t,
                "label": label(t),
                "widget": "list",
                "required": false,
                "i18n": true,
            })
        })
        .collect();
    Some(json!({
        "name": "taxonomies",
        "label": "Taxonomies",
        "widget": "object",
        "required": false,
        "collapsed": true,
        "i18n": true,
        "hint": "Terms by taxonomy (placard.yaml's `taxonomies:`).",
        "fields": fields,
    }))
}

/// `share_image` -> `Share image`.
pub fn label(name: &str) -> String {
    let spaced = name.replace(['_', '-'], " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
