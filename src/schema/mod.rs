//! `placard schema`: JSON Schemas (draft 2020-12) for what a comms team writes, made from the
//! same Rust types the build deserialises (`Config`, `FrontMatter` and the types inside
//! them, which derive `schemars::JsonSchema` beside `serde::Deserialize`), so a schema cannot
//! say something the build does not: a key the build refuses is refused here too.
//!
//! - `placard.schema.json`: `placard.yaml`.
//! - `section.schema.json`: a section's `_index.md` front matter; `page.schema.json`: a
//!   page's, which must have a `title` and cannot have the keys only a section may.
//! - `page.<section>.schema.json` for a section with an archetype (`archetypes/<section>.md`):
//!   a page of it must also have every key its archetype has.
//! - `data.helplines.schema.json` (`data/helplines.yaml`, what the theme's contact cards read,
//!   from [`data::Contact`]) and `data.<name>.schema.json` for each data file a section's
//!   `generate:` reads: a list of records with the fields its `slug:`, `title:` and
//!   `description:` use.

pub mod data;

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::config::Config;
use crate::content::front_matter::{self, FrontMatter, Generate};
use crate::error::Result;

/// The draft every schema is written in.
pub const DRAFT: &str = "https://json-schema.org/draft/2020-12/schema";

/// The folder `placard schema` writes to by default, at the site root.
pub const DEFAULT_DIR: &str = "schemas";

/// One schema: its file name and the files it is for (glob patterns relative to the site).
#[derive(Debug, Clone)]
pub struct SchemaFile {
    /// `page.schema.json`.
    pub name: String,
    /// The files it describes: `placard.yaml`, `content/**/_index.md`, `data/areas.yaml`.
    pub applies_to: Vec<String>,
    /// The schema.
    pub schema: Value,
}

/// The schema of `T`, draft 2020-12, titled.
fn root_schema<T: schemars::JsonSchema>(title: &str) -> Value {
    let generator = schemars::generate::SchemaSettings::draft2020_12().into_generator();
    let mut value = generator.into_root_schema_for::<T>().to_value();
    if let Some(obj) = value.as_object_mut() {
        obj.insert("title".into(), json!(title));
    }
    value
}

/// The schema of `placard.yaml`.
pub fn config_schema() -> Value {
    root_schema::<Config>("placard.yaml: the site's settings")
}

/// The schema of a section's front matter.
pub fn section_schema() -> Value {
    root_schema::<FrontMatter>("The front matter of a section (_index.md)")
}

/// The keys only a section may have, as the build tells them (`section_only_keys`).
pub fn section_only_keys() -> Vec<&'static str> {
    let all = FrontMatter {
        sort_by: Some(Default::default()),
        paginate_by: Some(1),
        page_template: Some(String::new()),
        feed: Some(true),
        generate: Some(Generate {
            from: String::new(),
            template: None,
            slug: String::new(),
            title: String::new(),
            description: None,
        }),
        accent: Some(String::new()),
        ..FrontMatter::default()
    };
    all.section_only_keys()
}

/// The schema of a page's front matter: a section's, without the section-only keys, and
/// with a `title` (the build refuses a page without one).
pub fn page_schema() -> Value {
    let mut schema = root_schema::<FrontMatter>("The front matter of a page");
    if let Some(props) = schema.get_mut("properties").and_then(Value::as_object_mut) {
        for key in section_only_keys() {
            props.remove(key);
        }
    }
    require(&mut schema, &["title"]);
    schema
}

/// Adds `keys` to the schema's `required` list.
fn require(schema: &mut Value, keys: &[&str]) {
    let Some(obj) = schema.as_object_mut() else {
        return;
    };
    let list = obj.entry("required").or_insert_with(|| json!([]));
    if let Some(list) = list.as_array_mut() {
        for key in keys {
            if !list.iter().any(|k| k == key) {
                list.push(json!(key));
            }
        }
    }
}

/// Every schema for the site at `root` (its sections' archetypes and `generate:` included).
pub fn schemas(root: &Path) -> Result<Vec<SchemaFile>> {
    let mut out = vec![
        SchemaFile {
            name: "placard.schema.json".into(),
            applies_to: vec![crate::config::FILE.into()],
            schema: config_schema(),
        },
        SchemaFile {
            name: "section.schema.json".into(),
            applies_to: vec!["content/**/_index*.md".into()],
            schema: section_schema(),
        },
        SchemaFile {
            name: "page.schema.json".into(),
            applies_to: vec!["content/**/*.md".into()],
            schema: page_schema(),
        },
        SchemaFile {
            name: "data.helplines.schema.json".into(),
            applies_to: vec!["data/helplines.yaml".into()],
            schema: data::helplines_schema(),
        },
    ];
    for section in sections(root)? {
        if let Some(schema) = archetype_schema(root, &section.dir)? {
            let dotted = crate::util::fs::slash_path(&section.dir).replace('/', ".");
            out.push(SchemaFile {
                name: format!("page.{dotted}.schema.json"),
                applies_to: vec![format!(
                    "content/{}/*.md",
                    crate::util::fs::slash_path(&section.dir)
                )],
                schema,
            });
        }
        if let Some(generate) = &section.generate
            && !out
                .iter()
                .any(|s| s.name == format!("data.{}.schema.json", generate.from))
        {
            out.push(SchemaFile {
                name: format!("data.{}.schema.json", generate.from),
                applies_to: vec![format!("data/{}.yaml", generate.from)],
                schema: data::generated_records_schema(generate),
            });
        }
    }
    Ok(out)
}

/// Writes every schema into `dir` (replacing earlier ones there); returns the files written.
pub fn write(root: &Path, dir: &Path) -> Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    for file in schemas(root)? {
        let path = dir.join(&file.name);
        let mut text = serde_json::to_string_pretty(&file.schema).unwrap_or_default();
        text.push('\n');
        crate::util::fs::write(&path, text.as_bytes())?;
        written.push(path);
    }
    Ok(written)
}

/// The `.vscode/settings.json` that points the YAML extension at the schemas in `dir`
/// (relative to the site): `placard.yaml` and the data files (the extension reads YAML files
/// only, not the front matter of Markdown files).
pub fn vscode_settings(files: &[SchemaFile], dir: &str) -> String {
    let mut map = serde_json::Map::new();
    for f in files.iter().filter(|f| {
        f.applies_to
            .iter()
            .all(|a| a.ends_with(".yaml") || a.ends_with(".yml"))
    }) {
        let path = if Path::new(dir).is_absolute() {
            format!("{dir}/{}", f.name)
        } else {
            format!("./{dir}/{}", f.name)
        };
        map.insert(path, json!(f.applies_to));
    }
    let settings = json!({ "yaml.schemas": Value::Object(map) });
    let mut text = serde_json::to_string_pretty(&settings).unwrap_or_default();
    text.push('\n');
    text
}

/// A section of the site's default language: its folder under `content/` and its
/// `generate:`.
struct SectionInfo {
    dir: PathBuf,
    generate: Option<Generate>,
}

/// The site's sections (their `_index.md` files, default language), sorted by folder.
fn sections(root: &Path) -> Result<Vec<SectionInfo>> {
    let content = root.join("content");
    let mut out = Vec::new();
    for rel in crate::util::fs::walk_files(&content)? {
        if rel.file_name().is_none_or(|n| n != "_index.md") {
            continue;
        }
        let file = Path::new("content").join(&rel);
        let text = crate::util::fs::read_text(root, &file)?;
        let split = front_matter::split(&text, &file)?;
        let fm = FrontMatter::parse(&split, &file, &text)?;
        out.push(SectionInfo {
            dir: rel.parent().map(Path::to_path_buf).unwrap_or_default(),
            generate: fm.generate,
        });
    }
    out.sort_by(|a, b| a.dir.cmp(&b.dir));
    Ok(out)
}

/// The page schema of a section with an archetype of its own: every key of the archetype's
/// front matter is required.
fn archetype_schema(root: &Path, dir: &Path) -> Result<Option<Value>> {
    if dir.as_os_str().is_empty() {
        return Ok(None);
    }
    let rel = PathBuf::from(format!(
        "archetypes/{}.md",
        crate::util::fs::slash_path(dir)
    ));
    if !root.join(&rel).is_file() {
        return Ok(None);
    }
    let text = crate::util::fs::read_text(root, &rel)?;
    let split = front_matter::split(&text, &rel)?;
    let keys: Vec<&str> = split
        .yaml
        .lines()
        .filter(|l| !l.starts_with([' ', '\t', '#', '-']) && !l.trim().is_empty())
        .filter_map(|l| l.split_once(':').map(|(k, _)| k.trim()))
        .collect();
    let mut schema = page_schema();
    if let Some(obj) = schema.as_object_mut() {
        obj.insert(
            "title".into(),
            json!(format!(
                "The front matter of a page of content/{}/ (archetype {})",
                crate::util::fs::slash_path(dir),
                crate::util::fs::slash_path(&rel)
            )),
        );
    }
    require(&mut schema, &keys);
    Ok(Some(schema))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemas_are_draft_2020_12_and_closed() {
        for schema in [config_schema(), page_schema(), section_schema()] {
            assert_eq!(schema["$schema"], DRAFT);
            assert_eq!(schema["additionalProperties"], false, "{schema:#}");
        }
    }

    #[test]
    fn pages_have_no_section_keys() {
        let page = page_schema();
        assert!(page["properties"].get("generate").is_none());
        assert!(page["properties"].get("sort_by").is_none());
        assert!(section_schema()["properties"].get("generate").is_some());
        assert_eq!(page["required"], json!(["title"]));
    }
}
