//! The editing UI in the browser: Decap CMS's configuration, made from the same typed front
//! matter as the JSON Schemas (`crate::schema`), so the form asks for what the build reads.
//!
//! - A folder collection per section (`content/x/`) for its pages (`x/y.md`), and one for its
//!   page bundles (`x/y/index.md`, their pictures saved beside them) when it has any.
//! - One files collection, "Sections", with every section's `_index.md` and the home page.
//! - Fields from the page and section schemas (a section's archetype makes its keys
//!   required), the body as Markdown, and `i18n: multiple_files` with the site's languages:
//!   the editor names the default language's file `y.en.md`; `placard serve` keeps it as
//!   `y.md` on disk (src/serve/cms/).
//!
//! The editor's files are installed by `placard cms install` ([`editor`]); components are
//! offered as editor blocks ([`components`]).

pub mod components;
pub mod editor;
mod fields;

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::config::Config;
use crate::content::front_matter::{self, FrontMatter};
use crate::error::Result;
use crate::util::fs::{slash_path, walk_files};

pub use fields::label;

/// Where `placard serve` answers the editor's requests (the local backend).
pub const API_PATH: &str = "/admin/api/v1";

/// A section of the site: its folder under `content/` and what the editor needs of it.
#[derive(Debug, Clone)]
pub struct Section {
    /// Relative to `content/`; empty for the home page.
    pub dir: PathBuf,
    /// Its title, or its folder's name.
    pub title: String,
    /// It has pages of its own (`x/y.md`).
    pub has_pages: bool,
    /// It has page bundles (`x/y/index.md`).
    pub has_bundles: bool,
    /// The languages of its translations (`_index.ur.md`), sorted.
    pub translations: Vec<String>,
}

/// The site's sections (default-language `_index.md` files), sorted by folder.
pub fn sections(root: &Path) -> Result<Vec<Section>> {
    let files = walk_files(&root.join("content"))?;
    let mut out = Vec::new();
    for rel in files
        .iter()
        .filter(|r| r.file_name().is_some_and(|n| n == "_index.md"))
    {
        let file = Path::new("content").join(rel);
        let text = crate::util::fs::read_text(root, &file)?;
        let split = front_matter::split(&text, &file)?;
        let fm = FrontMatter::parse(&split, &file, &text)?;
        let dir = rel.parent().map(Path::to_path_buf).unwrap_or_default();
        let title = fm.title.clone().unwrap_or_else(|| {
            dir.file_name()
                .map(|n| label(&n.to_string_lossy()))
                .unwrap_or_else(|| "Home page".into())
        });
        let in_dir = |r: &&PathBuf| r.parent() == Some(dir.as_path());
        let has_pages = files.iter().filter(in_dir).any(|r| is_page(r));
        let has_bundles = files.iter().any(|r| {
            r.parent().and_then(Path::parent) == Some(dir.as_path())
                && r.file_stem()
                    .is_some_and(|s| s == "index" || s.to_string_lossy().starts_with("index."))
                && r.extension().is_some_and(|e| e == "md")
                && r.parent()
                    .is_some_and(|b| !files.contains(&b.join("_index.md")))
        });
        let mut translations: Vec<String> = files
            .iter()
            .filter(in_dir)
            .filter_map(|r| {
                let name = r.file_name()?.to_str()?;
                let code = name.strip_prefix("_index.")?.strip_suffix(".md")?;
                (!code.is_empty() && !code.contains('.')).then(|| code.to_string())
            })
            .collect();
        translations.sort();
        out.push(Section {
            dir,
            title,
            has_pages,
            has_bundles,
            translations,
        });
    }
    out.sort_by(|a, b| a.dir.cmp(&b.dir));
    Ok(out)
}

/// `y.md` or `y.ur.md`, not a section's `_index` nor a bundle's `index`.
fn is_page(rel: &Path) -> bool {
    let name = rel
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    name.ends_with(".md") && !name.starts_with("_index") && !name.starts_with("index.")
}

/// How the configuration is made.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The local backend's address (`http://127.0.0.1:1111/admin/api/v1`), when `placard
    /// serve` is the backend.
    pub local_api: Option<String>,
}

/// The collection name of a section's folder: `home-truths`, `crossing-the-lines--year-6`,
/// `top` for `content/` itself.
pub fn collection_name(dir: &Path) -> String {
    let s = slash_path(dir);
    if s.is_empty() {
        "top".into()
    } else {
        s.replace('/', "--")
    }
}

/// The editor's configuration (Decap CMS's `config.yml`, as JSON, which is YAML too).
pub fn config(root: &Path, config: &Config, options: &Options) -> Result<Value> {
    let sections = sections(root)?;
    let schemas = crate::schema::schemas(root)?;
    let taxonomies: Vec<String> = config.taxonomies.iter().map(|t| t.name.clone()).collect();
    let i18n = config
        .languages
        .keys()
        .any(|l| *l != config.default_language);
    let page_fields = |dir: &Path| {
        let own = format!("page.{}.schema.json", slash_path(dir).replace('/', "."));
        let schema = schemas
            .iter()
            .find(|s| s.name == own)
            .map(|s| s.schema.clone())
            .unwrap_or_else(crate::schema::page_schema);
        let fields = with_body(fields::fields(&schema, &taxonomies));
        if i18n { fields } else { without_i18n(fields) }
    };
    // The editor allows translations in files of their own only in folder collections.
    let section_fields = without_i18n(with_body(fields::fields(
        &crate::schema::section_schema(),
        &taxonomies,
    )));

    let mut collections = Vec::new();
    collections.push(sections_collection(&sections, &section_fields));
    for s in &sections {
        let folder = format!("content/{}", slash_path(&s.dir));
        let folder = folder.trim_end_matches('/').to_string();
        if s.has_pages || !s.dir.as_os_str().is_empty() {
            collections.push(json!({
                "name": collection_name(&s.dir),
                "label": s.title,
                "label_singular": "page",
                "description": format!("The pages of {folder}/."),
                "folder": folder,
                "extension": "md",
                "format": "frontmatter",
                "create": true,
                "delete": false,
                "slug": "{{slug}}",
                "i18n": i18n,
                "fields": page_fields(&s.dir),
            }));
        }
        if s.has_bundles {
            collections.push(json!({
                "name": format!("{}--bundles", collection_name(&s.dir)),
                "label": format!("{}: pages with their own files", s.title),
                "label_singular": "page",
                "description": format!(
                    "The page bundles of {folder}/: each page is a folder with an index.md, and its pictures are saved beside it."
                ),
                "folder": folder,
                "path": "{{slug}}/index",
                "extension": "md",
                "format": "frontmatter",
                "create": true,
                "delete": false,
                "slug": "{{slug}}",
                "media_folder": "",
                "public_folder": "",
                "i18n": i18n,
                "fields": page_fields(&s.dir),
            }));
        }
    }

    let backend = match (&config.cms.backend, &options.local_api) {
        (Some(b), _) => b.clone(),
        (None, Some(api)) => json!({ "name": "proxy", "proxy_url": api }),
        (None, None) => json!({ "name": "proxy", "proxy_url": API_PATH }),
    };
    let mut out = json!({
        "backend": backend,
        "publish_mode": "simple",
        "media_folder": config.cms.media_folder.trim_matches('/'),
        "public_folder": config.cms.public_folder,
        "site_url": "/",
        "display_url": "/",
        "editor": { "preview": true },
        "collections": collections,
    });
    if let Some(api) = &options.local_api {
        out["local_backend"] = json!({ "url": api });
    }
    if i18n {
        let locales = config.language_codes();
        out["i18n"] = json!({
            "structure": "multiple_files",
            "locales": locales,
            "default_locale": config.default_language,
        });
    }
    Ok(out)
}

/// The files collection of every section's `_index.md` (the home page first) and of each of
/// its translations (`_index.ur.md`): the editor's files collections cannot have translations
/// in files of their own, so each language's file is an entry of its own.
fn sections_collection(sections: &[Section], fields: &[Value]) -> Value {
    let mut files = Vec::new();
    for s in sections {
        let dir = slash_path(&s.dir);
        let prefix = if dir.is_empty() {
            "content/".to_string()
        } else {
            format!("content/{dir}/")
        };
        let label = if dir.is_empty() {
            format!("Home page: {}", s.title)
        } else {
            format!("{} ({dir}/)", s.title)
        };
        files.push(json!({
            "name": collection_name(&s.dir),
            "label": label,
            "file": format!("{prefix}_index.md"),
            "fields": fields,
        }));
        for lang in &s.translations {
            files.push(json!({
                "name": format!("{}--{lang}", collection_name(&s.dir)),
                "label": format!("{label}, {lang}"),
                "file": format!("{prefix}_index.{lang}.md"),
                "fields": fields,
            }));
        }
    }
    json!({
        "name": "sections",
        "label": "Sections and the home page",
        "label_singular": "section",
        "description": "Each section's own page (its _index.md, and each translation's): the text above its list of pages.",
        "files": files,
    })
}

/// The fields without their `i18n` settings (for a collection without translations). The
/// fields are placard's own, a few levels deep.
fn without_i18n(mut fields: Vec<Value>) -> Vec<Value> {
    for f in &mut fields {
        if let Some(obj) = f.as_object_mut() {
            obj.remove("i18n");
            if let Some(Value::Array(inner)) = obj.remove("fields") {
                obj.insert("fields".into(), Value::Array(without_i18n(inner)));
            }
        }
    }
    fields
}

/// The fields and, last, the page's text.
fn with_body(mut fields: Vec<Value>) -> Vec<Value> {
    fields.push(json!({
        "name": "body",
        "label": "Text",
        "widget": "markdown",
        "required": false,
        "i18n": true,
        "hint": "The page's text, in Markdown. Components are in the editor's + menu.",
    }));
    fields
}
