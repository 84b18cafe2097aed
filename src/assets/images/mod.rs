//! Responsive images.
//!
//! The Markdown stage (and the `figure` component, through the `picture` template function)
//! only *records* each image it meets in a [`Queue`] and leaves a placeholder in the HTML.
//! After Markdown, [`process_all`] turns every distinct image into its variants once, in
//! parallel, through the cache ([`cache`]); [`Processed::finish`] then replaces each
//! placeholder with its `<picture>` markup. Templates resize images with `resize_image`
//! (in `render::images`). Every image file copied unchanged has its metadata removed ([`strip`]).

pub mod budget;
pub mod cache;
pub mod problem;
pub mod process;
pub mod strip;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::AtomicUsize;

use rayon::prelude::*;

use crate::assets::Origin;
use crate::config::Config;
pub use crate::config::images::{ImageOptions, MAX_SIDE};
use crate::error::{Diagnostic, Result, display_path};
use crate::markdown::Documents;
use crate::util::html::escape;
use crate::util::progress::{Event, Progress};
pub use process::{Encoding, Made, Op, Variant};

/// An image file to process: where it is, and how it is shown in messages.
#[derive(Debug, Clone)]
pub struct ImageSource {
    /// The path shown in messages (`content/news/photo.jpg`, `static/images/x.jpg`).
    pub shown: PathBuf,
    pub origin: Origin,
}

impl ImageSource {
    /// The file name without its extension, for output names.
    fn stem(&self) -> String {
        let stem = self
            .shown
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("image");
        let slug = crate::util::text::slugify(stem);
        if slug.is_empty() {
            "image".into()
        } else {
            slug
        }
    }
}

/// Finds the image `src` written in `file` (a Markdown file relative to the site root):
/// relative to the file's folder, or from the site's root (`/images/x.jpg` under static/).
pub fn resolve(
    root: &Path,
    statics: &std::collections::HashMap<String, Origin>,
    file: &Path,
    src: &str,
) -> std::result::Result<ImageSource, String> {
    let src = src.split(['?', '#']).next().unwrap_or(src);
    if let Some(abs) = src.strip_prefix('/') {
        return match statics.get(abs) {
            Some(origin) => Ok(ImageSource {
                shown: origin.display(&format!("static/{abs}")),
                origin: origin.clone(),
            }),
            None => Err(format!(
                "there is no file static/{abs} (a path starting with / is looked for under static/)"
            )),
        };
    }
    let dir = file.parent().unwrap_or(Path::new(""));
    let mut rel = PathBuf::new();
    for part in dir.join(src).components() {
        match part {
            std::path::Component::Normal(p) => rel.push(p),
            std::path::Component::ParentDir => {
                rel.pop();
            }
            _ => {}
        }
    }
    let abs = root.join(&rel);
    if rel.starts_with("content") && abs.is_file() {
        Ok(ImageSource {
            shown: rel.clone(),
            origin: Origin::Disk(abs, rel),
        })
    } else {
        Err(format!(
            "there is no file {} (a relative path is looked for beside the page)",
            display_path(&rel)
        ))
    }
}

/// One image in a page: which job, and its attributes.
#[derive(Debug, Clone)]
struct Use {
    job: String,
    /// Where it is used (the page's file, as shown in messages).
    at: String,
    /// `None` for a decorative image (`alt=""`).
    alt: Option<String>,
    title: Option<String>,
}

/// The images met while rendering, shared by the Markdown stage and template functions.
#[derive(Debug, Default)]
pub struct Queue {
    inner: Mutex<QueueInner>,
    /// Images processed in this build (not found in the cache).
    pub processed: AtomicUsize,
    /// Images taken from the cache.
    pub cached: AtomicUsize,
    /// One lock per cache entry being made: workers with byte-identical images (the same
    /// photo in two bundles) make the entry once, the others then find it in the cache.
    making: Mutex<BTreeMap<String, std::sync::Arc<Mutex<()>>>>,
}

#[derive(Debug, Default)]
struct QueueInner {
    /// Job key -> (source, first use shown in messages).
    jobs: BTreeMap<String, (ImageSource, String)>,
    uses: Vec<Use>,
    /// Files made by `resize_image`: output path -> cache file.
    extra: BTreeMap<String, PathBuf>,
    /// Cache entries used by this build.
    used: std::collections::BTreeSet<String>,
}

const TOKEN: &str = "<!--placard-image:";

impl Queue {
    /// Records an image for a page; returns the placeholder to put in the HTML.
    /// `alt: None` marks a decorative image. `at` says where it is used.
    pub fn request(
        &self,
        source: ImageSource,
        alt: Option<String>,
        title: Option<String>,
        at: String,
    ) -> String {
        let job = display_path(&source.shown);
        let Ok(mut q) = self.inner.lock() else {
            return String::new();
        };
        q.jobs.entry(job.clone()).or_insert((source, at.clone()));
        q.uses.push(Use {
            job,
            at,
            alt,
            title,
        });
        format!("{TOKEN}{}-->", q.uses.len() - 1)
    }

    /// The images processed for pages, as shown in messages (`content/news/launch/photo.jpg`).
    pub fn sources(&self) -> std::collections::BTreeSet<String> {
        self.inner
            .lock()
            .map(|q| q.jobs.keys().cloned().collect())
            .unwrap_or_default()
    }

    /// Has anything asked for an image (a Markdown image, `picture` or `resize_image`)?
    pub fn has_requests(&self) -> bool {
        self.inner
            .lock()
            .map_or(true, |q| !q.uses.is_empty() || !q.extra.is_empty())
    }

    /// The files (as shown in messages) whose Markdown shows an image.
    pub fn requested_by(&self) -> std::collections::BTreeSet<String> {
        self.inner
            .lock()
            .map(|q| q.uses.iter().map(|u| u.at.clone()).collect())
            .unwrap_or_default()
    }

    /// The lock of the cache entry `key` (see [`Queue::making`]).
    pub(super) fn entry_lock(&self, key: &str) -> std::sync::Arc<Mutex<()>> {
        match self.making.lock() {
            Ok(mut m) => m.entry(key.to_string()).or_default().clone(),
            // A worker panicked holding the map: go on without sharing the lock.
            Err(_) => std::sync::Arc::default(),
        }
    }

    pub fn mark_used(&self, key: &str) {
        if let Ok(mut q) = self.inner.lock() {
            q.used.insert(key.to_string());
        }
    }

    pub fn add_extra(&self, out: String, file: PathBuf) {
        if let Ok(mut q) = self.inner.lock() {
            q.extra.insert(out, file);
        }
    }
}

/// What processing made of every queued image.
#[derive(Debug, Default)]
pub struct Processed {
    /// Job key -> the variants, with output paths.
    made: BTreeMap<String, Placed>,
    uses: Vec<Use>,
    sizes: String,
}

#[derive(Debug)]
struct Placed {
    made: Made,
    /// Output path (under the site) of each variant, in the order of `made.variants`.
    paths: Vec<String>,
    cache_dir: PathBuf,
}

/// The stage "process images": makes the variants of every queued image, in parallel, using
/// the cache, reporting a step to `progress` for each image.
pub fn process_all(
    root: &Path,
    config: &Config,
    queue: &Queue,
    progress: &dyn Progress,
) -> Result<Processed> {
    let (jobs, uses) = match queue.inner.lock() {
        Ok(q) => (q.jobs.clone(), q.uses.clone()),
        Err(_) => return Err(Diagnostic::new("content", "internal error: image queue").into()),
    };
    let opts = &config.images;
    progress.event(Event::Start {
        stage: "processing images",
        total: jobs.len() as u64,
    });
    let results: Vec<(String, std::result::Result<Placed, Diagnostic>)> = jobs
        .par_iter()
        .map(|(key, (source, at))| {
            let spec = process::Spec::Responsive {
                widths: opts.widths.clone(),
                quality: opts.quality,
            };
            let result = cache::get_or_make(root, source, &spec, queue)
                .map(|(made, cache_dir)| {
                    let paths = made
                        .variants
                        .iter()
                        .map(|v| output_path(source, &made.hash, v))
                        .collect();
                    Placed {
                        made,
                        paths,
                        cache_dir,
                    }
                })
                .map_err(|e| e.diagnostic(&source.shown, at));
            progress.event(Event::Step);
            (key.clone(), result)
        })
        .collect();
    progress.event(Event::Finish);
    let made =
        crate::error::collect_keyed(results.into_iter().map(|(k, r)| (k, r.map_err(|d| [d]))))?;
    Ok(Processed {
        made,
        uses,
        sizes: opts.sizes.clone(),
    })
}

/// `processed-images/<stem>.<hash>.<width>.<ext>`: the hash is of the source and options,
/// so the files can be cached for ever.
pub fn output_path(source: &ImageSource, hash: &str, v: &Variant) -> String {
    format!(
        "processed-images/{}.{}.{}",
        source.stem(),
        &hash[..16.min(hash.len())],
        v.file
    )
}

impl Processed {
    /// Replaces the image placeholders in a page's HTML with `<picture>` markup: the first
    /// image of the page loads at once, later ones lazily.
    pub fn finish(&self, html: &str, config: &Config) -> String {
        let mut out = String::with_capacity(html.len());
        let mut rest = html;
        let mut first = true;
        while let Some(i) = rest.find(TOKEN) {
            out.push_str(&rest[..i]);
            let after = &rest[i + TOKEN.len()..];
            let Some(end) = after.find("-->") else {
                out.push_str(&rest[i..]);
                return out;
            };
            let picture = after[..end]
                .parse::<usize>()
                .ok()
                .and_then(|n| self.uses.get(n))
                .and_then(|u| Some((u, self.made.get(&u.job)?)))
                .map(|(u, p)| markup(u, p, &self.sizes, first, config));
            if let Some(p) = picture {
                out.push_str(&p);
                first = false;
            }
            rest = &after[end + 3..];
        }
        out.push_str(rest);
        out
    }

    /// The documents with the `<picture>` markup in every page's and section's HTML and
    /// summary.
    pub fn apply(&self, documents: Documents, config: &Config) -> Documents {
        documents.map_html(|html| html.contains(TOKEN).then(|| self.finish(html, config)))
    }

    /// Every variant (and every `resize_image` result) to publish: output path -> the cache
    /// file holding it.
    pub fn files(&self, queue: &Queue) -> BTreeMap<String, PathBuf> {
        let mut files: BTreeMap<String, PathBuf> = BTreeMap::new();
        for placed in self.made.values() {
            for (v, path) in placed.made.variants.iter().zip(&placed.paths) {
                files.insert(path.clone(), placed.cache_dir.join(&v.file));
            }
        }
        if let Ok(q) = queue.inner.lock() {
            files.extend(q.extra.clone());
        }
        files
    }
}

/// The `<picture>` of one use. Only the variants processing kept appear (see
/// [`process::keep_smaller`]).
fn markup(u: &Use, p: &Placed, sizes: &str, first: bool, config: &Config) -> String {
    let url = |path: &str| escape(&config.url(&format!("/{path}")));
    let srcset = |format: Encoding| -> Vec<String> {
        p.made
            .variants
            .iter()
            .zip(&p.paths)
            .filter(|(v, _)| v.format == format)
            .map(|(v, path)| format!("{} {}w", url(path), v.width))
            .collect()
    };
    let fallback_format = p.made.fallback;
    let fallback = srcset(fallback_format);
    let webp = if fallback_format == Encoding::WebP {
        Vec::new()
    } else {
        srcset(Encoding::WebP)
    };
    let largest = p
        .made
        .variants
        .iter()
        .zip(&p.paths)
        .filter(|(v, _)| v.format == fallback_format)
        .max_by_key(|(v, _)| v.width);
    let (src, width, height) = match largest {
        Some((v, path)) => (url(path), v.width, v.height),
        None => (String::new(), p.made.width, p.made.height),
    };
    let sizes = escape(sizes);
    let mut html = String::from("<picture>");
    if !webp.is_empty() {
        html.push_str(&format!(
            "<source type=\"image/webp\" srcset=\"{}\" sizes=\"{sizes}\">",
            webp.join(", ")
        ));
    }
    let alt = u.alt.as_deref().map(escape).unwrap_or_default();
    html.push_str(&format!(
        "<img src=\"{src}\" srcset=\"{}\" sizes=\"{sizes}\" width=\"{width}\" height=\"{height}\" alt=\"{alt}\"",
        fallback.join(", ")
    ));
    if let (Some(title), Some(_)) = (&u.title, &u.alt) {
        html.push_str(&format!(" title=\"{}\"", escape(title)));
    }
    if first {
        html.push_str(" loading=\"eager\" fetchpriority=\"high\"");
    } else {
        html.push_str(" loading=\"lazy\"");
    }
    html.push_str(" decoding=\"async\"></picture>");
    html
}

/// Removes the cache entries this build did not use (call after a successful build).
pub fn prune(root: &Path, queue: &Queue) -> Result<usize> {
    let used = match queue.inner.lock() {
        Ok(q) => q.used.clone(),
        Err(_) => return Ok(0),
    };
    cache::prune(root, &used)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_are_checked() {
        assert!(ImageOptions::default().problems().is_empty());
        let bad = ImageOptions {
            widths: vec![],
            quality: 0,
            ..ImageOptions::default()
        };
        assert_eq!(bad.problems().len(), 2);
    }

    #[test]
    fn resolves_beside_the_page_and_under_static() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content/news/launch")).unwrap();
        std::fs::write(root.join("content/news/launch/photo.jpg"), b"x").unwrap();
        let statics = std::collections::HashMap::new();
        let page = Path::new("content/news/launch/index.md");
        let s = resolve(root, &statics, page, "photo.jpg").unwrap();
        assert_eq!(s.shown, Path::new("content/news/launch/photo.jpg"));
        let s = resolve(
            root,
            &statics,
            Path::new("content/news/x.md"),
            "launch/photo.jpg",
        );
        assert!(s.is_ok());
        let e = resolve(root, &statics, page, "nope.jpg").unwrap_err();
        assert!(e.contains("content/news/launch/nope.jpg"), "{e}");
        assert!(resolve(root, &statics, page, "/images/a.jpg").is_err());
    }
}
