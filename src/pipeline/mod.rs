//! The pipeline: every stage of a build in order, one line each, each timed.
//!
//! [`load_site`] reads the site into a [`Site`] (configuration, the immutable content
//! library, downloads, rendered Markdown, images, templates and the route table);
//! [`write_site`] writes it to an [`Output`]. `build`, `check` and `serve` all run these two.

mod guards;
mod links;
mod markdown;
mod write;
pub use write::render_job;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use crate::assets::downloads::Downloads;
use crate::assets::images::Processed;
use crate::config::Config;
use crate::content::{self, Library, LoadOptions};
use crate::error::{Error, Result};
use crate::markdown::Documents;
use crate::output::{self, Output};
use crate::render::context::{self, SiteValues};
use crate::render::pages::Done;
use crate::render::routes::Routes;
use crate::render::{self as templates, Renderer, Templates};
use crate::util::progress::{Progress, Silent};

pub use crate::output::write_page;
pub use markdown::{View as MarkdownView, rerender_page};

/// A loaded site: what every stage made, ready to write.
pub struct Site {
    pub root: PathBuf,
    pub config: Config,
    /// Pages, sections, taxonomies, data: never changed once `content::load` returns.
    pub library: Library,
    /// The files offered for download, read and checked.
    pub downloads: Downloads,
    /// Every page's and section's rendered Markdown, images in place.
    pub documents: Documents,
    /// The images the Markdown shows, made or found in the cache.
    pub images: Processed,
    /// The templates, bound to this build's state.
    pub renderer: Renderer,
    /// Every HTML file the site renders.
    pub routes: Routes,
}

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
    /// Problems that do not stop the build (`placard build` prints them as warnings).
    pub warnings: Vec<crate::Diagnostic>,
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

/// A build to publish needs the site's address: without it canonical links, `sitemap.xml` and
/// feeds would hold addresses without the site's name (`<loc>/</loc>`). `serve` and `check`
/// do not need it.
fn require_base_url(config: &Config) -> Result<()> {
    if !config.base_url.is_empty() {
        return Ok(());
    }
    Err(crate::Diagnostic::new(
        crate::config::FILE,
        "placard.yaml has no `base_url`, so canonical links, the sitemap and the feeds would not say where the site is",
    )
    .hint("add the address the site is published at, such as `base_url: https://campaigns.example.org`, or build with `--base-url https://...`")
    .into())
}

/// Times the stages, in order.
#[derive(Debug)]
pub struct Clock {
    started: Instant,
    pub timings: Vec<(&'static str, Duration)>,
}

impl Clock {
    pub fn start() -> Clock {
        Clock {
            started: Instant::now(),
            timings: Vec::new(),
        }
    }

    /// Runs one stage and notes its time.
    pub fn stage<T>(&mut self, name: &'static str, stage: impl FnOnce() -> T) -> T {
        let out = stage();
        self.timings.push((name, self.started.elapsed()));
        self.started = Instant::now();
        out
    }
}

/// How a build runs, besides what it reads and where it writes.
pub struct Run<'a> {
    pub load: LoadOptions,
    /// The build's time, in seconds.
    pub now: i64,
    pub progress: &'a dyn Progress,
    /// Keep the content files' text after the stages that quote it (for `placard check`);
    /// else it is freed then (a 10,000-page build peaks about 40 MB lower).
    pub keep_sources: bool,
    /// Fail on a plain internal link or anchor in the Markdown that leads to nothing (unless
    /// placard.yaml's `check.links_on_build` is false). `placard check` reports them itself.
    pub check_links: bool,
}

/// Builds the site into its output folder, replacing it only when everything succeeded.
pub fn build(options: &BuildOptions) -> Result<Report> {
    build_with(options, &Silent)
}

/// [`build`], telling `progress` how long stages go.
pub fn build_with(options: &BuildOptions, progress: &dyn Progress) -> Result<Report> {
    let root = &options.root;
    if !root.join("content").is_dir() {
        return Err(Error::NotASite(root.clone()));
    }
    let config = load_config(root, options.base_url.as_deref())?;
    require_base_url(&config)?;
    let target = options
        .output
        .clone()
        .unwrap_or_else(|| root.join("public"));
    let disk = output::Disk::begin(&target)?;
    let how = Run {
        load: LoadOptions {
            drafts: options.drafts,
        },
        now: now(),
        progress,
        keep_sources: false,
        check_links: true,
    };
    let (mut report, site) = run(root, config, &how, &disk)?;
    // Freeing every page's text, rendered Markdown and values takes a few hundred milliseconds
    // at 10,000 pages on one thread: it is done on a thread of its own, so the build is done
    // without waiting for it (and a process that exits at once does not wait at all).
    // (If no thread can be made, the closure and the site are dropped here instead.)
    let _ = std::thread::Builder::new().spawn(move || drop(site));
    let mut clock = Clock::start();
    clock.stage("swap into place", || disk.commit())?;
    report.timings.extend(clock.timings);
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
    let how = Run {
        load,
        now,
        progress: &Silent,
        keep_sources: false,
        check_links: true,
    };
    run(root, config.clone(), &how, out).map(|(report, _)| report)
}

/// Like [`build_into`], and also returns the [`Site`] with its content files' text (for
/// `placard check`).
pub fn build_site(
    root: &Path,
    config: &Config,
    load: LoadOptions,
    out: &dyn Output,
    now: i64,
) -> Result<(Report, Site)> {
    let how = Run {
        load,
        now,
        progress: &Silent,
        keep_sources: true,
        check_links: false,
    };
    run(root, config.clone(), &how, out)
}

/// Every stage in order: load, write, then prune the image cache of what this build did not
/// use.
pub fn run(root: &Path, config: Config, how: &Run<'_>, out: &dyn Output) -> Result<(Report, Site)> {
    let (mut site, clock) = load_site(root, config, how)?;
    let warnings = crate::render::pages::unread_items(&site.renderer, &site.library);
    if !how.keep_sources {
        site.library = std::mem::take(&mut site.library).without_sources();
    }
    let written = (how.check_links && site.config.check.links_on_build)
        .then(|| links::Written::for_site(&site, out))
        .flatten();
    let mut report = if let Some(written) = written {
        let mut report = write_site(&site, None, &written, None)?;
        let mut clock = Clock::start();
        let mut problems = clock.stage("check links", || links::check(&site, &written));
        report.timings.extend(clock.timings);
        if !problems.is_empty() {
            crate::error::sort_problems(&mut problems);
            return Err(Error::Site(problems));
        }
        report
    } else {
        write_site(&site, None, out, None)?
    };
    report.timings.splice(0..0, clock.timings);
    report.warnings.extend(warnings);
    crate::assets::images::prune(root, &site.renderer.shared.images)?;
    Ok((report, site))
}

/// The stages that read the site: content, downloads, templates, the route table, every
/// page's Markdown, and the images it shows. Every problem of a stage that can run is
/// reported together.
pub fn load_site(root: &Path, config: Config, how: &Run<'_>) -> Result<(Site, Clock)> {
    let (load, now, progress) = (how.load, how.now, how.progress);
    let mut clock = Clock::start();
    let (library, mut problems) =
        match clock.stage("load content", || content::load_all(root, &config, load)) {
            Ok(loaded) => loaded,
            // The content folder could not even be listed: the templates' and static files'
            // problems are still reported with its own.
            Err(Error::Site(found)) => {
                return Err(with_template_problems(root, &config, now, found));
            }
            Err(e) => return Err(e),
        };
    let (made, _, found) = clock.stage("print files", || {
        crate::print::make_all(root, &config, &library)
    });
    problems.extend(found);
    let (downloads, more) = clock.stage("read downloads", || {
        crate::error::split_problems(crate::assets::downloads::collect_with(
            root, &config, &library, &made,
        ))
    })?;
    problems.extend(more);
    let build = templates::Build {
        config: &config,
        root,
        lib: &library,
        now,
    };
    let renderer = match clock.stage("load templates", || load_templates(build, &mut problems)) {
        Ok(renderer) => renderer,
        Err(Error::Site(more)) => return Err(all_problems(problems, more)),
        Err(e) => return Err(e),
    };
    let routes = clock.stage("route table", || Routes::build(&config, &library));
    problems.extend(guards::check(root, &config, &library, &routes));
    problems.extend(guards::statics_outside(root, &renderer.shared.statics));
    let view = markdown::View {
        lib: &library,
        config: &config,
        renderer: &renderer,
        downloads: &downloads,
    };
    let documents = clock.stage("render markdown", || markdown::render_all(&view, problems))?;
    let queue = &renderer.shared.images;
    let images = clock.stage("process images", || {
        crate::assets::images::process_all(root, &config, queue, progress)
    })?;
    let documents = images.apply(documents, &config);
    let site = Site {
        root: root.to_path_buf(),
        config,
        library,
        downloads,
        documents,
        images,
        renderer,
        routes,
    };
    Ok((site, clock))
}

/// `found`, with the problems of the templates and static files (read for an empty site).
fn with_template_problems(
    root: &Path,
    config: &Config,
    now: i64,
    found: Vec<crate::Diagnostic>,
) -> Error {
    let empty = Library::default();
    let build = templates::Build {
        config,
        root,
        lib: &empty,
        now,
    };
    match Templates::load(build) {
        Err(Error::Site(more)) => all_problems(found, more),
        _ => all_problems(found, Vec::new()),
    }
}

/// `found` and `more` as one error, sorted by file and line, without repeats.
fn all_problems(mut found: Vec<crate::Diagnostic>, more: Vec<crate::Diagnostic>) -> Error {
    found.extend(more);
    crate::error::sort_problems(&mut found);
    Error::Site(found)
}

/// Loads and binds the templates, adding every template a page asks for but the site lacks
/// to `problems` (reported with the Markdown stage's).
fn load_templates(
    build: templates::Build<'_>,
    problems: &mut Vec<crate::Diagnostic>,
) -> Result<Renderer> {
    let renderer = Renderer::new(Arc::new(Templates::load(build)?), build);
    problems.extend(crate::render::pages::check_templates(&renderer, build.lib));
    let shown = renderer.templates.calls("help_lines");
    problems.extend(crate::render::help::check_site(build, shown));
    Ok(renderer)
}

/// Sees each rendered HTML file before it is written (`serve` notes what it depends on).
pub type Observer<'a> = &'a (dyn Fn(&Done<'_>) + Sync);

/// The stages that write the site: the templates' values (`values`, or made from the site),
/// static files and downloads, every file of the route table with its template, the images,
/// then feeds, sitemap, aliases and robots.txt.
pub fn write_site(
    site: &Site,
    values: Option<SiteValues>,
    out: &dyn Output,
    observe: Option<Observer<'_>>,
) -> Result<Report> {
    let mut clock = Clock::start();
    // Notes the pages' CSP and the fingerprinted files for the security headers.
    let watch = crate::extras::headers::Watch::new(out);
    let out: &dyn Output = &watch;
    let shared = &site.renderer.shared;
    let values = clock.stage("prepare templates", || {
        shared
            .values
            .get_or_init(|| values.unwrap_or_else(|| context::build(&site.view())))
    });
    let statics = clock.stage("copy static files", || write::statics(site, out))?;
    let rendered = clock.stage("render pages", || write::pages(site, values, out, observe))?;
    let images = clock.stage("write images", || write::images(site, out))?;
    let extras = clock.stage("feeds, sitemap, aliases", || write::extras(site, out))?;
    let search = clock.stage("search index", || write::search(site, out))?;
    let headers = clock.stage("security headers", || {
        crate::extras::headers::write(&site.config, &watch)
    })?;
    Ok(Report {
        pages: site.library.pages.len(),
        sections: site.library.sections.values().filter(|s| s.render).count(),
        rendered,
        files: statics + rendered + images + extras + search + headers,
        output: PathBuf::new(),
        timings: clock.timings,
        images_processed: shared.images.processed.load(Ordering::Relaxed),
        images_cached: shared.images.cached.load(Ordering::Relaxed),
        i18n_misses: shared.i18n.misses(),
        warnings: site.documents.warnings(),
    })
}

impl Site {
    /// What templates' values are made from.
    pub fn view(&self) -> context::View<'_> {
        context::View {
            config: &self.config,
            lib: &self.library,
            documents: &self.documents,
            downloads: &self.downloads,
        }
    }
}
