//! `placard schema`: the schemas validate every file of the bundled site and of the starter
//! site, and refuse a typo with the path to it (checked with the `jsonschema` crate).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::util::run_in;

/// Runs `placard schema --root <root> --out <tmp>` and reads every schema it wrote.
fn schemas_of(root: &Path) -> (tempfile::TempDir, BTreeMap<String, Value>) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("schemas");
    let run = run_in(
        tmp.path(),
        &[
            "schema",
            "--root",
            root.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
        &[],
    )
    .ok();
    assert!(run.stdout.contains("draft 2020-12"), "{}", run.stdout);
    let mut schemas = BTreeMap::new();
    for entry in std::fs::read_dir(&out).unwrap() {
        let path = entry.unwrap().path();
        let value: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        assert_eq!(
            value["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
        schemas.insert(
            path.file_name().unwrap().to_string_lossy().into_owned(),
            value,
        );
    }
    (tmp, schemas)
}

/// The errors of `instance` against `schema` (with the `boon` validator): (instance path,
/// message) of each innermost error.
fn errors(schema: &Value, instance: &Value) -> Vec<(String, String)> {
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler
        .add_resource("urn:placard:schema", schema.clone())
        .unwrap();
    let index = compiler
        .compile("urn:placard:schema", &mut schemas)
        .unwrap();
    let Err(error) = schemas.validate(instance, index) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut stack = vec![&error];
    while let Some(e) = stack.pop() {
        if e.causes.is_empty() {
            out.push((e.instance_location.to_string(), e.kind.to_string()));
        }
        stack.extend(e.causes.iter());
    }
    out
}

fn yaml(text: &str) -> Value {
    if text.trim().is_empty() {
        return Value::Object(Default::default());
    }
    serde_saphyr::from_str(text).unwrap()
}

fn front_matter(text: &str) -> Value {
    let rest = text.strip_prefix("---\n").unwrap_or("");
    let end = rest.find("\n---").map_or(0, |i| i + 1);
    yaml(&rest[..end])
}

fn markdown_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            markdown_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
}

/// Every page's and section's front matter, placard.yaml and the data files with a schema
/// are valid.
fn assert_site_valid(root: &Path, schemas: &BTreeMap<String, Value>) -> usize {
    let mut checked = 0;
    let config = yaml(&std::fs::read_to_string(root.join("placard.yaml")).unwrap());
    assert_eq!(
        errors(&schemas["placard.schema.json"], &config),
        [],
        "placard.yaml"
    );
    let mut files = Vec::new();
    markdown_files(&root.join("content"), &mut files);
    for file in &files {
        let name = file.file_name().unwrap().to_string_lossy();
        let schema = if name.starts_with("_index") {
            &schemas["section.schema.json"]
        } else {
            &schemas["page.schema.json"]
        };
        let fm = front_matter(&std::fs::read_to_string(file).unwrap());
        assert_eq!(errors(schema, &fm), [], "{}", file.display());
        checked += 1;
    }
    for (name, schema) in schemas {
        let Some(data) = name
            .strip_prefix("data.")
            .and_then(|n| n.strip_suffix(".schema.json"))
        else {
            continue;
        };
        let value = yaml(&std::fs::read_to_string(root.join(format!("data/{data}.yaml"))).unwrap());
        assert_eq!(errors(schema, &value), [], "data/{data}.yaml");
        checked += 1;
    }
    checked
}

#[test]
fn the_bundled_site_is_valid() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (_tmp, schemas) = schemas_of(root);
    assert!(
        schemas.contains_key("data.districts.schema.json"),
        "{:?}",
        schemas.keys()
    );
    let checked = assert_site_valid(root, &schemas);
    assert!(checked > 30, "{checked}");
}

#[test]
fn the_starter_site_is_valid_and_wired_for_vs_code() {
    let tmp = tempfile::tempdir().unwrap();
    run_in(tmp.path(), &["init", "site"], &[]).ok();
    let root = tmp.path().join("site");
    let (_out, schemas) = schemas_of(&root);
    assert_site_valid(&root, &schemas);
    let settings: Value =
        serde_json::from_str(&std::fs::read_to_string(root.join(".vscode/settings.json")).unwrap())
            .unwrap();
    let map = settings["yaml.schemas"].as_object().unwrap();
    assert_eq!(
        map["./schemas/placard.schema.json"],
        serde_json::json!(["placard.yaml"])
    );
    for schema in map.keys() {
        assert!(root.join(schema).is_file(), "{schema}");
    }
}

#[test]
fn a_typo_is_invalid_with_its_path() {
    let (_tmp, schemas) = schemas_of(Path::new(env!("CARGO_MANIFEST_DIR")));
    let page = &schemas["page.schema.json"];
    let fm = front_matter("---\ntitel: Signs\n---\n");
    let errs = errors(page, &fm);
    assert!(errs.iter().any(|(_, m)| m.contains("titel")), "{errs:?}");
    assert!(
        errs.iter().any(|(_, m)| m.contains("title")),
        "title is required: {errs:?}"
    );

    let fm = front_matter(
        "---\ntitle: Files\ndownloads:\n  - file: a.pdf\n    title: A\n  - file: b.pdf\n    titel: B\n---\n",
    );
    let errs = errors(page, &fm);
    assert!(!errs.is_empty());
    assert!(
        errs.iter().all(|(p, _)| p.starts_with("/downloads/1")),
        "{errs:?}"
    );
    assert!(errs.iter().any(|(_, m)| m.contains("titel")), "{errs:?}");

    // A section-only key in a page is refused, as the build refuses it.
    let errs = errors(page, &front_matter("---\ntitle: A\nsort_by: date\n---\n"));
    assert!(errs.iter().any(|(_, m)| m.contains("sort_by")), "{errs:?}");
    assert_eq!(
        errors(
            &schemas["section.schema.json"],
            &front_matter("---\ntitle: A\nsort_by: date\n---\n")
        ),
        []
    );

    let errs = errors(
        &schemas["placard.schema.json"],
        &yaml("title: T\nminfy: false\n"),
    );
    assert!(errs.iter().any(|(_, m)| m.contains("minfy")), "{errs:?}");
    let errs = errors(
        &schemas["placard.schema.json"],
        &yaml("brand:\n  colours:\n    primay: \"#000\"\n"),
    );
    assert!(errs.iter().any(|(p, _)| p == "/brand/colours"), "{errs:?}");
}

#[test]
fn an_archetype_and_generate_say_more() {
    let site = crate::util::Site::new("scaffold/site");
    site.write(
        "content/areas/_index.md",
        "---\ntitle: Areas\ngenerate:\n  from: areas\n  slug: code\n  title: \"{{ item.name }}\"\n---\n",
    );
    site.write("data/areas.yaml", "- code: a\n  name: A\n");
    let (_tmp, schemas) = schemas_of(&site.root());
    let news = &schemas["page.news.schema.json"];
    let required = news["required"].as_array().unwrap();
    for key in ["title", "description", "date", "extra"] {
        assert!(required.iter().any(|k| k == key), "{key}: {required:?}");
    }
    let errs = errors(news, &front_matter("---\ntitle: Launch\n---\n"));
    assert!(errs.iter().any(|(_, m)| m.contains("date")), "{errs:?}");
    let areas = &schemas["data.areas.schema.json"];
    assert_eq!(errors(areas, &yaml("- code: a\n  name: A\n")), []);
    let errs = errors(areas, &yaml("- code: a\n  name: A\n- cod: b\n  name: B\n"));
    assert!(
        errs.iter().any(|(p, m)| p == "/1" && m.contains("code")),
        "{errs:?}"
    );
}
