//! The template functions: `resize_image(path, width, height, op, format, quality)` and
//! `picture(src, alt, title)` (for components such as `figure`).

use std::path::{Path, PathBuf};

use tera::{Kwargs, State, TeraResult, Value};

use super::Shared;
use crate::assets::Origin;
use crate::assets::images::process::{Encoding, Op, Spec};
use crate::assets::images::{ImageSource, cache, output_path, resolve};
use crate::error::display_path;

fn err(msg: impl std::fmt::Display) -> tera::Error {
    tera::Error::message(msg.to_string())
}

/// The image at `path`: `@/x/photo.jpg` under content/, else a static file (`images/x.jpg`).
fn find(shared: &Shared, path: &str) -> TeraResult<ImageSource> {
    if let Some(inner) = path.strip_prefix("@/") {
        let rel = Path::new("content").join(inner);
        if inner.split('/').any(|p| p == "..") || !shared.root.join(&rel).is_file() {
            return Err(err(format!(
                "there is no image {} (a path starting with @/ is looked for under content/)",
                display_path(&rel)
            )));
        }
        return Ok(ImageSource {
            origin: Origin::Disk(shared.root.join(&rel), rel.clone()),
            shown: rel,
        });
    }
    let rel = path.trim_start_matches('/');
    match shared.statics.get(rel) {
        Some(origin) => Ok(ImageSource {
            shown: origin.display(&format!("static/{rel}")),
            origin: origin.clone(),
        }),
        None => Err(err(format!(
            "there is no image `{path}` under static/ (write @/section/page/photo.jpg for an \
             image beside a page)"
        ))),
    }
}

/// `resize_image(path, width, height, op, format, quality)` -> `{url, width, height, format}`.
pub fn resize_image(shared: &Shared, kw: &Kwargs) -> TeraResult<Value> {
    let path: &str = kw.must_get("path")?;
    let width: Option<u32> = kw.get("width")?;
    let height: Option<u32> = kw.get("height")?;
    let op_name: Option<&str> = kw.get("op")?;
    let op = match op_name {
        Some(name) => Op::parse(name).ok_or_else(|| {
            err(format!(
                "resize_image: op `{name}` is not one of scale, fit_width, fit_height, fit, fill"
            ))
        })?,
        None if height.is_none() => Op::FitWidth,
        None if width.is_none() => Op::FitHeight,
        None => Op::Fill,
    };
    let format = match kw.get::<&str>("format")? {
        None | Some("auto") => None,
        Some(name) => Some(Encoding::parse(name).ok_or_else(|| {
            err(format!(
                "resize_image: format `{name}` is not one of auto, jpeg, png, webp"
            ))
        })?),
    };
    let quality: u8 = kw.get("quality")?.unwrap_or(shared.config.images.quality);
    if !(1..=100).contains(&quality) {
        return Err(err(format!(
            "resize_image: quality is {quality}, not 1 to 100"
        )));
    }
    let source = find(shared, path)?;
    let spec = Spec::Resize {
        width,
        height,
        op,
        format,
        quality,
    };
    let (made, dir) = cache::get_or_make(&shared.root, &source, &spec, &shared.images)
        .map_err(|p| err(p.diagnostic(&source.shown, "a template")))?;
    let Some(v) = made.variants.first() else {
        return Err(err(format!("resize_image made nothing of {path}")));
    };
    let out = output_path(&source, &made.hash, v);
    shared.images.add_extra(out.clone(), dir.join(&v.file));
    Ok(Value::from_serializable(&serde_json::json!({
        "url": shared.config.url(&format!("/{out}")),
        "width": v.width,
        "height": v.height,
        "format": v.format.ext(),
    })))
}

/// `picture(src, alt, title)`, for components: records the image like a Markdown image and
/// returns its placeholder. `alt=""` marks it decorative. Relative paths are looked for
/// beside the page the component is in.
pub fn picture(shared: &Shared, kw: &Kwargs, st: &State) -> TeraResult<Value> {
    let src: &str = kw.must_get("src")?;
    let alt: Option<String> = kw.get("alt")?;
    let Some(alt) = alt else {
        return Err(err(format!(
            "picture(src=\"{src}\") needs alt=\"...\": describe the image, or write alt=\"\" \
             if it is only decoration"
        )));
    };
    let title: Option<String> = kw.get("title")?;
    let file: PathBuf = st
        .get::<String>("page_file")
        .ok()
        .flatten()
        .map(PathBuf::from)
        .ok_or_else(|| {
            err("picture() works in components used in Markdown; in other templates use resize_image()")
        })?;
    if crate::util::url::passes_through(src) {
        return Ok(Value::from(format!(
            "<img src=\"{}\" alt=\"{}\" loading=\"lazy\" decoding=\"async\">",
            crate::util::html::escape(src),
            crate::util::html::escape(&alt)
        ))
        .mark_safe());
    }
    let source = resolve(&shared.root, &shared.statics, &file, src).map_err(err)?;
    let alt = (!alt.trim().is_empty()).then_some(alt);
    let token = shared
        .images
        .request(source, alt, title, display_path(&file));
    Ok(Value::from(token).mark_safe())
}
