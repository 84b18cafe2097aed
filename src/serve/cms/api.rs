//! The editor's local backend: the actions Decap CMS's proxy backend sends as `POST
//! /admin/api/v1` with `{"action": ..., "params": {...}}` (the protocol of its `decap-server`
//! package, written here again), answered from the site folder within [`Places`]. A saved
//! page is seen by serve's watcher, which rebuilds the preview.

use std::path::{Path, PathBuf};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::paths::{Places, Refused, Use};
use crate::util::fs::slash_path;

/// The answer: an HTTP status and a JSON body (`{"error": "..."}` for a refusal).
pub type Answer = (u16, Value);

fn refused(e: Refused) -> Answer {
    (422, json!({ "error": e.0 }))
}

fn failed(what: &str, path: &Path, e: impl std::fmt::Display) -> Answer {
    (
        500,
        json!({ "error": format!("could not {what} {}: {e}", slash_path(path)) }),
    )
}

/// Answers one request of the editor.
pub fn answer(places: &Places, langs: &[String], body: &Value) -> Answer {
    let params = body.get("params").cloned().unwrap_or(Value::Null);
    let text = |key: &str| params.get(key).and_then(Value::as_str).unwrap_or("");
    let result = match body.get("action").and_then(Value::as_str).unwrap_or("") {
        "info" => Ok(json!({
            "repo": places.root.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "site".into()),
            "publish_modes": ["simple"],
            "type": "local_fs",
        })),
        "entriesByFolder" => entries_by_folder(
            places,
            langs,
            text("folder"),
            params.get("depth").and_then(Value::as_u64).unwrap_or(1),
        ),
        "entriesByFiles" => {
            let files = params
                .get("files")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            Ok(Value::Array(
                files
                    .iter()
                    .map(|f| {
                        let path = f.get("path").and_then(Value::as_str).unwrap_or("");
                        entry(places, path, f.get("label"))
                    })
                    .collect(),
            ))
        }
        "getEntry" => Ok(entry(places, text("path"), None)),
        "persistEntry" => persist_entry(places, &params),
        "getMedia" => get_media(places, text("mediaFolder")),
        "getMediaFile" => media_file(places, text("path")),
        "persistMedia" => params
            .get("asset")
            .ok_or_else(|| Refused("the request has no asset".into()))
            .map_err(refused)
            .and_then(|a| save_asset(places, a))
            .and_then(|path| media_file(places, &path)),
        "deleteFile" => delete(places, &[text("path").to_string()]),
        "deleteFiles" => {
            let paths: Vec<String> = params
                .get("paths")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default();
            delete(places, &paths)
        }
        "getDeployPreview" => Ok(Value::Null),
        other => Err((
            422,
            json!({ "error": format!("placard's editor backend does not do `{other}` (only simple publishing: a save writes the file)") }),
        )),
    };
    match result {
        Ok(v) => (200, v),
        Err(e) => e,
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The pages of a section folder: its own pages (depth 1), or its page bundles' `index.md`
/// files (depth 2, a collection with `path: "{{slug}}/index"`). A section's `_index.md` is
/// edited in the "Sections" collection, so it is not listed here.
fn entries_by_folder(
    places: &Places,
    langs: &[String],
    folder: &str,
    depth: u64,
) -> Result<Value, Answer> {
    let dir = places.disk(folder, Use::Folder).map_err(refused)?;
    let abs = places.root.join(&dir);
    let mut found: Vec<PathBuf> = Vec::new();
    for (name, is_dir) in read_dir(&abs) {
        if depth <= 1 {
            if !is_dir
                && name.ends_with(".md")
                && !name.starts_with("_index")
                && !name.starts_with("index.")
            {
                found.push(dir.join(&name));
            }
            continue;
        }
        if !is_dir || abs.join(&name).join("_index.md").exists() {
            continue;
        }
        for (inner, inner_dir) in read_dir(&abs.join(&name)) {
            if !inner_dir
                && (inner == "index.md" || (inner.starts_with("index.") && inner.ends_with(".md")))
            {
                found.push(dir.join(&name).join(inner));
            }
        }
    }
    found.sort();
    let is_lang = |c: &str| langs.iter().any(|l| l == c);
    Ok(Value::Array(
        found
            .iter()
            .map(|rel| {
                let shown = places.editor_name(&slash_path(rel), is_lang);
                entry(places, &shown, None)
            })
            .collect(),
    ))
}

/// A folder's entries (name, is a folder), hidden ones and links left out, sorted.
fn read_dir(dir: &Path) -> Vec<(String, bool)> {
    let mut out: Vec<(String, bool)> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_str()?.to_string();
            let kind = e.file_type().ok()?;
            (!crate::util::fs::is_ignored(e.file_name().as_os_str()) && !kind.is_symlink())
                .then_some((name, kind.is_dir()))
        })
        .collect();
    out.sort();
    out
}

/// A page's text as the editor reads it: `{data, file: {path, label, id}}`, `data: null`
/// when there is no such file (a translation not yet made).
fn entry(places: &Places, shown: &str, label: Option<&Value>) -> Value {
    let text = places
        .disk(shown, Use::Entry)
        .ok()
        .and_then(|rel| crate::util::fs::read_text(&places.root, &rel).ok());
    let id = text.as_ref().map(|t| sha256_hex(t.as_bytes()));
    json!({
        "data": text,
        "file": { "path": shown, "label": label, "id": id },
    })
}

/// Writes a page's files (one per language) and its new pictures; moves them when the
/// editor gives a new path.
fn persist_entry(places: &Places, params: &Value) -> Result<Value, Answer> {
    let files: Vec<Value> = match params.get("dataFiles").and_then(Value::as_array) {
        Some(list) => list.clone(),
        None => params.get("entry").cloned().into_iter().collect(),
    };
    if files.is_empty() {
        return Err((422, json!({ "error": "the request has no page to save" })));
    }
    // Every path is checked before anything is written.
    let mut writes = Vec::new();
    for f in &files {
        let path = f.get("path").and_then(Value::as_str).unwrap_or("");
        let rel = places.disk(path, Use::Entry).map_err(refused)?;
        let raw = without_nulls(f.get("raw").and_then(Value::as_str).unwrap_or(""));
        let new = match f.get("newPath").and_then(Value::as_str) {
            Some(n) => Some(places.disk(n, Use::Entry).map_err(refused)?),
            None => None,
        };
        writes.push((rel, raw, new));
    }
    let assets = params
        .get("assets")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    for a in &assets {
        let path = a.get("path").and_then(Value::as_str).unwrap_or("");
        places.disk(path, Use::Media).map_err(refused)?;
    }
    for (rel, raw, new) in &writes {
        write(places, rel, raw.as_bytes())?;
        if let Some(new) = new.as_ref().filter(|n| *n != rel) {
            if places.root.join(new).exists() {
                return Err((
                    422,
                    json!({ "error": format!("{} already exists: choose another name", slash_path(new)) }),
                ));
            }
            let (from, to) = (places.root.join(rel), places.root.join(new));
            if let Some(parent) = to.parent() {
                std::fs::create_dir_all(parent).map_err(|e| failed("create the folder", new, e))?;
            }
            std::fs::rename(&from, &to).map_err(|e| failed("move", rel, e))?;
        }
    }
    for a in &assets {
        save_asset(places, a)?;
    }
    Ok(json!({ "message": "entry persisted" }))
}

/// The page's text without the front-matter keys the editor wrote as `null` (it writes a
/// translation's unset values that way): in placard's front matter a key not set is left out.
fn without_nulls(raw: &str) -> String {
    let Some(rest) = raw.strip_prefix("---\n") else {
        return raw.to_string();
    };
    let Some(end) = rest
        .find("\n---\n")
        .or_else(|| rest.strip_suffix("\n---").map(str::len))
    else {
        return raw.to_string();
    };
    let (yaml, after) = rest.split_at(end);
    let kept: Vec<&str> = yaml
        .lines()
        .filter(|line| {
            let Some((key, value)) = line.split_once(':') else {
                return true;
            };
            let top = !key.starts_with([' ', '\t', '-', '#'])
                && key.chars().all(|c| c.is_alphanumeric() || c == '_');
            !(top && matches!(value.trim(), "null" | "~"))
        })
        .collect();
    format!("---\n{}{after}", kept.join("\n"))
}

/// Writes a file of the site (its folder made as needed): to a temporary file beside it,
/// then renamed into place, so the watcher never sees half a page.
fn write(places: &Places, rel: &Path, bytes: &[u8]) -> Result<(), Answer> {
    let path = places.root.join(rel);
    let dir = path.parent().unwrap_or(&places.root);
    std::fs::create_dir_all(dir).map_err(|e| failed("create the folder", rel, e))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.placard-cms.tmp"));
    std::fs::write(&tmp, bytes).map_err(|e| failed("write", rel, e))?;
    std::fs::rename(&tmp, &path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        failed("write", rel, e)
    })
}

/// Saves a picture or file `{path, content, encoding: "base64"}`; returns its path.
fn save_asset(places: &Places, asset: &Value) -> Result<String, Answer> {
    let path = asset.get("path").and_then(Value::as_str).unwrap_or("");
    let rel = places.disk(path, Use::Media).map_err(refused)?;
    if asset.get("encoding").and_then(Value::as_str) != Some("base64") {
        return Err((422, json!({ "error": "files must be sent as base64" })));
    }
    let content = asset.get("content").and_then(Value::as_str).unwrap_or("");
    let bytes = STANDARD.decode(content).map_err(|e| {
        (
            422,
            json!({ "error": format!("the file {path} is not valid base64: {e}") }),
        )
    })?;
    write(places, &rel, &bytes)?;
    Ok(slash_path(&rel))
}

/// A picture or file as the editor reads it (base64).
fn media_file(places: &Places, path: &str) -> Result<Value, Answer> {
    let rel = places.disk(path, Use::Media).map_err(refused)?;
    let bytes = crate::util::fs::read_site_file(&places.root, &rel)
        .map_err(|d| (404, json!({ "error": d.message })))?;
    Ok(json!({
        "id": sha256_hex(&bytes),
        "content": STANDARD.encode(&bytes),
        "encoding": "base64",
        "path": slash_path(&rel),
        "name": rel.file_name().map(|n| n.to_string_lossy().into_owned()),
    }))
}

/// The pictures and files directly in a media folder.
fn get_media(places: &Places, folder: &str) -> Result<Value, Answer> {
    let dir = places.disk(folder, Use::Folder).map_err(refused)?;
    let files: Vec<Value> = read_dir(&places.root.join(&dir))
        .into_iter()
        .filter(|(_, is_dir)| !is_dir)
        .filter_map(|(name, _)| media_file(places, &slash_path(&dir.join(name))).ok())
        .collect();
    Ok(Value::Array(files))
}

/// Deletes pictures and files (pages are not deleted from the editor).
fn delete(places: &Places, paths: &[String]) -> Result<Value, Answer> {
    let mut rels = Vec::new();
    for p in paths {
        rels.push(places.disk(p, Use::Media).map_err(refused)?);
    }
    for rel in &rels {
        match std::fs::remove_file(places.root.join(rel)) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(failed("delete", rel, e)),
        }
    }
    Ok(json!({ "message": format!("deleted {}", paths.join(", ")) }))
}

#[cfg(test)]
mod tests {
    #[test]
    fn nulls_are_left_out_of_front_matter() {
        let raw = "---\ntitle: A\ndraft: null\nhero:\n  alt: null\nweight: ~\n---\ntext: null\n";
        assert_eq!(
            super::without_nulls(raw),
            "---\ntitle: A\nhero:\n  alt: null\n---\ntext: null\n"
        );
        assert_eq!(super::without_nulls("no front matter"), "no front matter");
    }
}
