//! The build: every stage in order, each timed.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde_json::{Map, Value};

use crate::assets;
use crate::config::Config;
use crate::content::{self, Library, LoadOptions, Rendered};
use crate::error::{Diagnostic, Error, Result, suggest};
use crate::markdown::{self, ComponentError, Env, Input};
use crate::output::{self, Output};
use crate::render::{Renderer, pages, values};

/// What to build.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site's folder.
    pub root: PathBuf,
    /// Where to write; `public/` under the root by default.
    pub output: Option<PathBuf>,
    /// Include drafts.
    pub drafts: bool,
    /// Replaces `base_url` from placard.yaml.
    pub base_url: Option<String>,
}

/// What a build did.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub pages: usize,
    pub sections: usize,
    /// HTML files rendered with templates.
    pub rendered: usize,
    /// All files written.
    pub files: usize,
    pub output: PathBuf,
    /// Each stage's name and time.
    pub timings: Vec<(&'static str, Duration)>,
    /// Images processed, and images taken from the cache.
    pub images_processed: usize,
    pub images_cached: usize,
    /// UI strings that templates asked for in a language lacking them (`i18n-missing`).
    pub i18n_misses: Vec<crate::render::i18n::I18nMiss>,
}

/// The build's time: `SOURCE_DATE_EPOCH` when set (for reproducible builds), else now.
pub fn now() -> i64 {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or_else(|| jiff::Timestamp::now().as_second())
}

/// Loads the configuration, applying `--base-url`.
pub fn load_config(root: &Path, base_url: Option<&str>) -> Result<Config> {
    let mut config = Config::load(root)?;
    if let Some(url) = base_url {
        config.set_base_url(url)?;
    }
    Ok(config)
}

/// Builds the site into its output folder, replacing it only when everything succeeded.
pub fn build(options: &BuildOptions) -> Result<Report> {
    let root = &options.root;
    if !root.join("content").is_dir() {
        return Err(Error::NotASite(root.clone()));
    }
    let config = load_config(root, options.base_url.as_deref())?;
    let target = options
        .output
        .clone()
        .unwrap_or_else(|| root.join("public"));
    let disk = output::Disk::begin(&target)?;
    let mut report = build_into(
        root,
        &config,
        LoadOptions {
            drafts: options.drafts,
        },
        &disk,
        now(),
    )?;
    let started = Instant::now();
    disk.commit()?;
    report.timings.push(("swap into place", started.elapsed()));
    report.output = target;
    Ok(report)
}

/// Runs every stage, writing to `out`.
pub fn build_into(
    root: &Path,
    config: &Config,
    load: LoadOptions,
    out: &dyn Output,
    now: i64,
) -> Result<Report> {
    run_stages(root, config, load, out, now, false).map(|(report, _)| report)
}

/// Like [`build_into`], and also returns the rendered [`Library`] (for `placard check`).
pub fn build_site(
    root: &Path,
    config: &Config,
    load: LoadOptions,
    out: &dyn Output,
    now: i64,
) -> Result<(Report, Library)> {
    run_stages(root, config, load, out, now, true)
}

/// Every stage in order. Without `keep_sources`, the content files' text is freed once the
/// stages that quote it in messages have run (a 10,000-page build peaks about 40 MB lower).
fn run_stages(
    root: &Path,
    config: &Config,
    load: LoadOptions,
    out: &dyn Output,
    now: i64,
    keep_sources: bool,
) -> Result<(Report, Library)> {
    let mut report = Report::default();
    let mut clock = Instant::now();
    let (mut lib, renderer, processed) =
        load_site(root, config, load, now, &mut report, &mut clock)?;
    if !keep_sources {
        lib.release_sources();
    }
    let site_values = values::build(config, &lib);
    lap(&mut report, &mut clock, "prepare templates");
    write_site(
        root,
        config,
        (&lib, &renderer, &processed),
        site_values,
        out,
        None,
        &mut report,
    )?;
    assets::images::prune(root, &renderer.shared.images)?;
    Ok((report, lib))
}

/// Notes a stage's time.
fn lap(report: &mut Report, clock: &mut Instant, name: &'static str) {
    report.timings.push((name, clock.elapsed()));
    *clock = Instant::now();
}

/// The stages that read the site: content, downloads, templates, every page's Markdown, and
/// the images it shows.
pub fn load_site(
    root: &Path,
    config: &Config,
    load: LoadOptions,
    now: i64,
    report: &mut Report,
    clock: &mut Instant,
) -> Result<(Library, Renderer, assets::images::Processed)> {
    let mut lib = match content::load(root, config, load) {
        Ok(lib) => lib,
        Err(Error::Site(mut problems)) => {
            // Report the templates' own errors in the same run.
            if let Err(Error::Site(more)) = Renderer::new(root, config, &Library::default(), now) {
                problems.extend(more);
            }
            return Err(Error::Site(problems));
        }
        Err(e) => return Err(e),
    };
    lap(report, clock, "load content");
    // Problems with downloads are reported with those of templates and Markdown.
    let download_problems = match assets::downloads::collect(root, config, &mut lib) {
        Err(Error::Site(problems)) => problems,
        other => other.map(|()| Vec::new())?,
    };
    lap(report, clock, "read downloads");
    let renderer = Renderer::new(root, config, &lib, now)?;
    let mut template_problems = pages::check_templates(&renderer, &lib);
    template_problems.extend(download_problems);
    lap(report, clock, "load templates");
    render_markdown(&mut lib, &renderer, config, template_problems)?;
    lap(report, clock, "render markdown");
    let processed = assets::images::process_all(root, config, &renderer.shared.images)?;
    processed.apply(&mut lib, config);
    lap(report, clock, "process images");
    Ok((lib, renderer, processed))
}

/// Sees each rendered HTML file before it is written (`serve` notes what it depends on).
pub type Observer<'a> = &'a (dyn Fn(&pages::Done<'_>) + Sync);

/// The stages that write the site from the loaded library: static files and downloads, every
/// page with its template, the images, then feeds, sitemap, aliases and robots.txt.
#[allow(clippy::too_many_arguments)]
pub fn write_site(
    root: &Path,
    config: &Config,
    (lib, renderer, processed): (&Library, &Renderer, &assets::images::Processed),
    site_values: values::SiteValues,
    out: &dyn Output,
    observe: Option<Observer<'_>>,
    report: &mut Report,
) -> Result<()> {
    let mut clock = Instant::now();
    let _ = renderer.shared.values.set(site_values);
    let Some(site_values) = renderer.shared.values.get() else {
        return Err(
            Diagnostic::new("content", "internal error: page values were not stored").into(),
        );
    };

    // Static files first, so a page at the same address replaces a static file.
    let mut files = write_static(root, &renderer.shared.statics, lib, out)?;
    files += assets::downloads::write(lib, out)?;
    lap(report, &mut clock, "copy static files");

    let write_html = |done: pages::Done<'_>| -> Result<()> {
        if let Some(observe) = observe {
            observe(&done);
        }
        write_page(config, out, done.file, &done.html)
    };
    report.rendered = pages::render_jobs(
        renderer,
        config,
        lib,
        site_values,
        site_values,
        &|_| true,
        &write_html,
    )?;
    files += report.rendered;
    lap(report, &mut clock, "render pages");
    files += processed.write(&renderer.shared.images, out)?;
    lap(report, &mut clock, "write images");

    files += write_extras(config, lib, out)?;
    lap(report, &mut clock, "feeds, sitemap, aliases");
    files += crate::extras::search::write(config, lib, Some(renderer), out)?;
    lap(report, &mut clock, "search index");

    report.i18n_misses = renderer.shared.i18n.misses();
    report.images_processed = renderer.shared.images.processed.load(Ordering::Relaxed);
    report.images_cached = renderer.shared.images.cached.load(Ordering::Relaxed);
    report.pages = lib.pages.len();
    report.sections = lib.sections.values().filter(|s| s.render).count();
    report.files = files;
    Ok(())
}

/// Writes one rendered HTML file, minified when the site asks for it.
pub fn write_page(config: &Config, out: &dyn Output, rel: &str, html: &str) -> Result<()> {
    if config.minify {
        out.write(rel, &output::minify_html(html))
    } else {
        out.write(rel, html.as_bytes())
    }
}

/// Aliases, feeds, the sitemap and robots.txt; returns how many files were written.
pub fn write_extras(config: &Config, lib: &Library, out: &dyn Output) -> Result<usize> {
    let mut files = 0;
    for (rel, html) in crate::extras::aliases(config, lib) {
        write_page(config, out, &rel, &html)?;
        files += 1;
    }
    for (rel, xml) in crate::extras::feeds(config, lib) {
        out.write(&rel, xml.as_bytes())?;
        files += 1;
    }
    if config.sitemap {
        for (rel, xml) in crate::extras::sitemaps(config, lib) {
            out.write(&rel, xml.as_bytes())?;
            files += 1;
        }
    }
    out.write("robots.txt", crate::extras::robots(config).as_bytes())?;
    Ok(files + 1)
}

/// The Markdown stage's view of the site.
struct MdEnv<'a> {
    lib: &'a Library,
    config: &'a Config,
    renderer: &'a Renderer,
    lang: &'a str,
    file: &'a Path,
    key: &'a str,
}

impl Env for MdEnv<'_> {
    fn resolve_key(&self, key: &str) -> String {
        let translated = content::translations::translated_key(key, self.lang, self.config);
        let exists = |k: &str| {
            self.lib.pages.contains_key(k) || self.lib.sections.get(k).is_some_and(|s| s.render)
        };
        if translated != key && exists(&translated) {
            translated
        } else {
            key.to_string()
        }
    }

    fn url(&self, key: &str) -> Option<String> {
        let key = self.resolve_key(key);
        let key = key.as_str();
        let path = match self.lib.pages.get(key) {
            Some(p) => &p.path,
            None => &self.lib.sections.get(key).filter(|s| s.render)?.path,
        };
        Some(self.config.url(path))
    }

    fn suggest_key(&self, key: &str) -> Option<String> {
        let keys = self
            .lib
            .pages
            .keys()
            .chain(self.lib.sections.keys())
            .map(String::as_str);
        suggest(key, keys).map(str::to_owned)
    }

    fn component(
        &self,
        name: &str,
        args: &Map<String, Value>,
        body: Option<&str>,
    ) -> Result<String, ComponentError> {
        let args = assets::downloads::component_args(self.lib, self.key, name, args);
        self.renderer
            .component(name, &args, body, self.lang, self.file)
    }

    fn image(
        &self,
        src: &str,
        alt: Option<String>,
        title: Option<String>,
    ) -> Result<String, String> {
        let shared = &self.renderer.shared;
        let source = assets::images::resolve(&shared.root, &shared.statics, self.file, src)?;
        let at = crate::error::display_path(self.file);
        Ok(shared.images.request(source, alt, title, at))
    }
}

/// Renders every page's and section's Markdown in parallel, then checks anchors.
fn render_markdown(
    lib: &mut Library,
    renderer: &Renderer,
    config: &Config,
    mut problems: Vec<Diagnostic>,
) -> Result<()> {
    let render_one = |source: &content::page::Source, path: &str, lang: &str, key: &str| {
        markdown_of(lib, renderer, config, source, path, lang, key)
    };
    let page_results: Vec<(String, Result<Rendered, Vec<Diagnostic>>)> = lib
        .pages
        .par_iter()
        .map(|(k, p)| (k.clone(), render_one(&p.source, &p.path, &p.lang, k)))
        .collect();
    let section_results: Vec<(String, Result<Rendered, Vec<Diagnostic>>)> = lib
        .sections
        .par_iter()
        .filter(|(_, s)| s.render)
        .map(|(k, s)| (k.clone(), render_one(&s.source, &s.path, &s.lang, k)))
        .collect();
    for (key, result) in page_results {
        match result {
            Ok(r) => {
                if let Some(p) = lib.pages.get_mut(&key) {
                    p.rendered = r;
                }
            }
            Err(d) => problems.extend(d),
        }
    }
    for (key, result) in section_results {
        match result {
            Ok(r) => {
                if let Some(s) = lib.sections.get_mut(&key) {
                    s.rendered = r;
                }
            }
            Err(d) => problems.extend(d),
        }
    }
    if problems.is_empty() {
        problems.extend(check_anchors(lib));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        problems.sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
        problems.dedup();
        Err(Error::Site(problems))
    }
}

/// Renders one page's or section's Markdown.
fn markdown_of(
    lib: &Library,
    renderer: &Renderer,
    config: &Config,
    source: &content::page::Source,
    path: &str,
    lang: &str,
    key: &str,
) -> Result<Rendered, Vec<Diagnostic>> {
    let env = MdEnv {
        lib,
        config,
        renderer,
        lang,
        file: &source.file,
        key,
    };
    let permalink = config.permalink(path);
    let input = Input {
        file: &source.file,
        text: &source.text,
        body_offset: source.body_offset,
        permalink: &permalink,
    };
    markdown::render(&input, &env)
}

/// Renders the Markdown of the page `key` again (after an edit of its text) and checks every
/// anchor link, as the full stage does.
pub fn rerender_page_markdown(
    lib: &mut Library,
    renderer: &Renderer,
    config: &Config,
    key: &str,
) -> Result<()> {
    let Some(page) = lib.pages.get(key) else {
        return Err(Diagnostic::new(key, "internal error: no such page").into());
    };
    let rendered = markdown_of(
        lib,
        renderer,
        config,
        &page.source,
        &page.path,
        &page.lang,
        key,
    )
    .map_err(Error::Site)?;
    if let Some(page) = lib.pages.get_mut(key) {
        page.rendered = rendered;
    }
    let mut problems = check_anchors(lib);
    problems.sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
    problems.dedup();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::Site(problems))
    }
}

/// Every `@/x.md#anchor` must name a heading (or other id) of its target.
fn check_anchors(lib: &Library) -> Vec<Diagnostic> {
    let ids = |key: &str| -> Option<&Vec<String>> {
        lib.pages
            .get(key)
            .map(|p| &p.rendered.ids)
            .or_else(|| lib.sections.get(key).map(|s| &s.rendered.ids))
    };
    let sources = lib
        .pages
        .values()
        .map(|p| (&p.source, &p.rendered))
        .chain(lib.sections.values().map(|s| (&s.source, &s.rendered)));
    let mut problems = Vec::new();
    for (source, rendered) in sources {
        for link in &rendered.anchor_links {
            let Some(target_ids) = ids(&link.target) else {
                continue;
            };
            if target_ids.contains(&link.anchor) {
                continue;
            }
            let hint = match suggest(&link.anchor, target_ids.iter().map(String::as_str)) {
                Some(s) => format!("did you mean `#{s}`?"),
                None if target_ids.is_empty() => {
                    format!("@/{} has no headings to link to", link.target)
                }
                None => format!(
                    "the headings of @/{} are: {}",
                    link.target,
                    target_ids
                        .iter()
                        .take(8)
                        .map(|i| format!("#{i}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            problems.push(
                Diagnostic::new(
                    &source.file,
                    format!(
                        "the link points at `#{}`, which is not a heading of @/{}",
                        link.anchor, link.target
                    ),
                )
                .at(link.line, link.column)
                .len(link.len)
                .hint(hint)
                .source(&source.text),
            );
        }
    }
    problems
}

/// Copies the theme's and site's static files (with fingerprinted copies of CSS and JS) and
/// the files beside pages; returns how many files were written.
fn write_static(
    root: &Path,
    statics: &HashMap<String, assets::Origin>,
    lib: &Library,
    out: &dyn Output,
) -> Result<usize> {
    let written: Vec<Result<usize>> = statics
        .par_iter()
        .map(|(rel, origin)| {
            let bytes = assets::images::strip::strip(rel, origin.bytes()?, &origin.display(rel))?;
            out.write(rel, &bytes)?;
            if assets::is_fingerprinted(rel) {
                out.write(&assets::fingerprinted_name(rel, &bytes), &bytes)?;
                return Ok(2);
            }
            Ok(1)
        })
        .collect();
    let copied: Vec<Result<usize>> = lib
        .assets
        .par_iter()
        .map(|(src, dest)| {
            let bytes = std::fs::read(root.join(src)).map_err(|e| Error::io("read", src, e))?;
            let bytes = assets::images::strip::strip(dest, bytes.into(), src)?;
            out.write(dest, &bytes)?;
            Ok(1)
        })
        .collect();
    written.into_iter().chain(copied).sum()
}
