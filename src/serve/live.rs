//! The site as `serve` keeps it between rebuilds: the pipeline's [`Site`] and the built files
//! in memory, and what each rendered file depends on (from the route table and what each file
//! looked up while it rendered), so an edit re-renders only what it changes.
//!
//! Every rebuild either succeeds and replaces the state, or fails and leaves it exactly as it
//! was (the last good site keeps being served).

use std::collections::{BTreeSet, HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use tera::Value;

use super::plan::Plan;
use crate::config::Config;
use crate::content::LoadOptions;
use crate::error::{Error, Result};
use crate::extras::search;
use crate::output::{Memory, Output};
use crate::pipeline::{self, Run, Site};
use crate::render::Renderer;
use crate::render::context::{self, SiteValues};
use crate::render::pages::{self, Done, Render};
use crate::render::routes::{EVERY_PAGE, Route};
use crate::util::progress::Silent;

mod two_phase;
pub use two_phase::Begun;

/// The built files, by output path (`x/y/index.html`).
/// Keys and bytes are shared, so a copy (every edit makes one) copies no text.
pub type Files = HashMap<Arc<str>, Arc<[u8]>>;

/// What each rendered HTML file depends on.
#[derive(Debug, Default)]
struct Deps {
    /// Output file -> the keys of the pages and sections it was given or looked up.
    reach: HashMap<String, Vec<String>>,
    /// Keys looked up where the file was not known (inside Tera components): every file
    /// counts as reaching them.
    everywhere: Vec<String>,
    /// Output file -> a hash of its HTML before minifying (for the probe).
    hashes: HashMap<String, u64>,
    /// The files that show other pages' text (content, summary, table of contents, counts);
    /// `None` until [`LiveSite::probe`] has run.
    listeners: Option<HashSet<String>>,
}

/// What a successful rebuild did.
#[derive(Debug, Clone)]
pub struct Rebuilt {
    /// In plain words: "1 page re-rendered", "everything rebuilt".
    pub what: String,
    /// HTML files rendered.
    pub rendered: usize,
    pub ms: f64,
}

/// The site's state between rebuilds.
pub struct LiveSite {
    load: LoadOptions,
    /// With this build's page values set in its renderer.
    site: Site,
    /// The files (as shown in messages) whose Markdown shows images, which the image stage
    /// makes: an edit of one takes the full rebuild.
    show_images: BTreeSet<String>,
    files: Arc<Files>,
    deps: Deps,
}

fn hash(html: &str) -> u64 {
    let mut h = DefaultHasher::new();
    html.hash(&mut h);
    h.finish()
}

/// Collects what a [`Done`] file depends on while the files render in parallel.
#[derive(Default)]
struct Recorder {
    reach: Mutex<Vec<(String, Vec<String>, u64)>>,
}

impl Recorder {
    fn observe(&self, done: &Done<'_>) {
        let mut keys = done.route.lists().to_vec();
        keys.extend(done.looked_up.iter().cloned());
        if let Ok(mut r) = self.reach.lock() {
            r.push((done.route.file.clone(), keys, hash(&done.html)));
        }
    }

    /// Replaces the deps of the files rendered. A file rendered twice (on demand during a
    /// template edit's background pass, and by the pass) reaches what either render looked up.
    fn into_deps(self, deps: &mut Deps, renderer: &Renderer) {
        let mut seen: HashMap<String, Vec<String>> = HashMap::new();
        for (file, keys, h) in self.reach.into_inner().unwrap_or_default() {
            seen.entry(file.clone()).or_default().extend(keys);
            deps.hashes.insert(file, h);
        }
        for (file, mut keys) in seen {
            keys.sort_unstable();
            keys.dedup();
            deps.reach.insert(file, keys);
        }
        deps.everywhere.extend(renderer.shared.take_unattributed());
        deps.everywhere.sort_unstable();
        deps.everywhere.dedup();
    }
}

fn into_files(memory: Memory) -> Files {
    memory
        .into_files()
        .into_iter()
        .map(|(k, v)| (Arc::from(k), Arc::from(v)))
        .collect()
}

/// A renderer for the same templates with a fresh state that records lookups.
fn fresh(renderer: &Renderer) -> Renderer {
    let fork = renderer.fork();
    fork.shared.record_lookups();
    fork
}

impl LiveSite {
    /// Builds the whole site into memory.
    pub fn load(root: &Path, load: LoadOptions) -> Result<LiveSite> {
        if !root.join("content").is_dir() {
            return Err(Error::NotASite(root.to_path_buf()));
        }
        let config = pipeline::load_config(root, None)?;
        let how = Run {
            load,
            now: pipeline::now(),
            progress: &Silent,
            keep_sources: true,
            check_links: false,
        };
        let (site, _) = pipeline::load_site(root, config, &how)?;
        let show_images = site.renderer.shared.images.requested_by();
        let renderer = fresh(&site.renderer);
        let mut live = LiveSite {
            load,
            site,
            show_images,
            files: Arc::default(),
            deps: Deps::default(),
        };
        live.write_all(renderer, None)?;
        Ok(live)
    }

    /// The built files.
    pub fn files(&self) -> Arc<Files> {
        self.files.clone()
    }

    /// The files to serve after a failed rebuild: the last version that worked, without the
    /// files whose source is now a link out of the site folder (they are taken off for good).
    pub fn withdraw_outside(&mut self) -> Arc<Files> {
        if let Some(kept) = super::withdraw::withdrawn(&self.site, &self.files) {
            self.files = Arc::new(kept);
        }
        self.files.clone()
    }

    /// The site's configuration.
    pub fn config(&self) -> &Config {
        &self.site.config
    }

    /// Renders every file with `renderer` (values not yet set: `values`, or made from the
    /// site) and replaces files and deps; on failure nothing changes.
    fn write_all(&mut self, renderer: Renderer, values: Option<SiteValues>) -> Result<usize> {
        let out = Memory::default();
        let recorder = Recorder::default();
        let old = std::mem::replace(&mut self.site.renderer, renderer);
        let observe = |d: &Done<'_>| recorder.observe(d);
        let report = match pipeline::write_site(&self.site, values, &out, Some(&observe)) {
            Ok(report) => report,
            Err(e) => {
                self.site.renderer = old;
                return Err(e);
            }
        };
        let mut deps = Deps::default();
        recorder.into_deps(&mut deps, &self.site.renderer);
        self.deps = deps;
        self.files = Arc::new(into_files(out));
        Ok(report.rendered)
    }

    /// The plan for changed paths (relative to the root): [`super::plan::plan`], except that a
    /// change to a file offered as a download (pages show its size, pages and date) or to an
    /// image (pages show variants made from it) rebuilds everything.
    pub fn plan(&self, changed: &[PathBuf]) -> Option<Plan> {
        let plan = super::plan::plan(changed, &self.site.config.theme)?;
        let download = self
            .site
            .downloads
            .values()
            .flat_map(|d| &d.items)
            .any(|item| changed.contains(&item.source));
        // Pages show images through variants the image stage makes from them.
        let image = changed.iter().any(|p| {
            p.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| IMAGE_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
        });
        Some(if download || image { Plan::Full } else { plan })
    }

    /// Applies a plan; on failure nothing changes.
    pub fn rebuild(&mut self, plan: &Plan) -> Result<Rebuilt> {
        let started = Instant::now();
        let (what, rendered) = match plan {
            Plan::Full => self.full()?,
            Plan::Templates => self.templates()?,
            Plan::Static(paths) => match self.statics(paths)? {
                Some(done) => done,
                None => self.templates()?,
            },
            Plan::Pages(paths) => match self.pages(paths)? {
                Some(done) => done,
                None => self.full()?,
            },
        };
        Ok(Rebuilt {
            what,
            rendered,
            ms: started.elapsed().as_secs_f64() * 1000.0,
        })
    }

    fn full(&mut self) -> Result<(String, usize)> {
        *self = LiveSite::load(&self.site.root, self.load)?;
        Ok(("everything rebuilt".into(), self.deps.hashes.len()))
    }

    /// Templates, translations or static files changed: the same content with new templates.
    fn templates(&mut self) -> Result<(String, usize)> {
        let renderer = self.new_renderer()?;
        let n = self.write_all(renderer, None)?;
        Ok((format!("templates changed: {n} pages rendered"), n))
    }

    /// Copies changed static files alone, when each still exists, replaces a file of the same
    /// address, and is not fingerprinted (pages name fingerprinted files by their content).
    /// `None`: the pages must be rendered again.
    fn statics(&mut self, paths: &[PathBuf]) -> Result<Option<(String, usize)>> {
        let statics = &self.site.renderer.templates.statics;
        let root = &self.site.root;
        let mut copies = Vec::new();
        for rel in paths {
            let found = statics.iter().find(|(_, origin)| {
                matches!(origin, crate::assets::Origin::Disk(_, shown) if shown == rel)
            });
            let Some((out_rel, _)) = found else {
                return Ok(None);
            };
            if crate::assets::is_fingerprinted(out_rel)
                || self.deps.hashes.contains_key(out_rel)
                || !root.join(rel).is_file()
            {
                return Ok(None);
            }
            let bytes = crate::util::fs::read_site_file(root, rel)?;
            copies.push((Arc::<str>::from(out_rel.as_str()), Arc::<[u8]>::from(bytes)));
        }
        let mut files = (*self.files).clone();
        let n = copies.len();
        files.extend(copies);
        self.files = Arc::new(files);
        Ok(Some((format!("{n} static file(s) copied"), 0)))
    }

    /// Pages whose front matter is unchanged: render their Markdown and the files that show
    /// them. `None`: something else changed (a file is new or gone, or the page shows images):
    /// rebuild everything.
    fn pages(&mut self, paths: &[PathBuf]) -> Result<Option<(String, usize)>> {
        let lib = &self.site.library;
        let mut edits = Vec::new();
        for rel in paths {
            let Some(page) = lib
                .pages
                .values()
                .find(|p| p.source.file == *rel && p.item.is_none())
            else {
                return Ok(None);
            };
            if !self.site.root.join(rel).is_file() {
                return Ok(None);
            }
            let text = crate::util::fs::read_text(&self.site.root, rel)?;
            let head = &page.source.text[..page.source.body_offset];
            // Images are made by a stage of their own (with its cache): a page that showed one
            // takes the full rebuild (and so does one that now does, below).
            let shown = crate::error::display_path(&page.source.file);
            if !text.starts_with(head) || self.show_images.contains(&shown) {
                return Ok(None);
            }
            edits.push((page.key.clone(), Arc::<str>::from(text)));
        }
        let saved: Vec<_> = edits
            .iter()
            .filter_map(|(k, _)| lib.pages.get(k))
            .map(|p| {
                let rendered = self.site.documents.get(&p.key).clone();
                (p.key.clone(), p.source.text.clone(), rendered)
            })
            .collect();
        let result = self.apply_edits(&edits);
        if !matches!(result, Ok(Some(_))) {
            for (key, text, rendered) in saved {
                self.site.library =
                    std::mem::take(&mut self.site.library).with_page_text(&key, text);
                self.site.documents.insert(key, rendered);
            }
        }
        result
    }

    /// Renders the edited pages' Markdown and the files that show them; `None` when an edited
    /// page now shows an image (the caller puts everything back and rebuilds it all).
    fn apply_edits(&mut self, edits: &[(String, Arc<str>)]) -> Result<Option<(String, usize)>> {
        for (key, text) in edits {
            self.site.library =
                std::mem::take(&mut self.site.library).with_page_text(key, text.clone());
        }
        let mut clock = Instant::now();
        let mut lap = || {
            let ms = clock.elapsed().as_secs_f64() * 1000.0;
            clock = Instant::now();
            ms
        };
        let renderer = fresh(&self.site.renderer);
        let edited: Vec<&str> = edits.iter().map(|(k, _)| k.as_str()).collect();
        let site = &self.site;
        let search = search::live::before(&site.config, &site.library, &site.documents, &edited);
        for (key, _) in edits {
            let view = pipeline::MarkdownView {
                lib: &self.site.library,
                config: &self.site.config,
                renderer: &renderer,
                downloads: &self.site.downloads,
            };
            let rendered = pipeline::rerender_page(&view, &self.site.documents, key)?;
            self.site.documents.insert(key.clone(), rendered);
        }
        if renderer.shared.images.has_requests() {
            return Ok(None);
        }
        let Some(old) = self.site.renderer.shared.values.get() else {
            return Err(Error::Site(vec![crate::Diagnostic::new(
                "content",
                "internal error: no page values",
            )]));
        };
        let markdown_ms = lap();
        let site_values = self.edited_values(old, edits);
        let keys: HashSet<&str> = edits.iter().map(|(k, _)| k.as_str()).collect();
        let selected = self.affected(&keys);
        let site_values = renderer.shared.values.get_or_init(|| site_values);
        let values_ms = lap();
        let out = Memory::default();
        let recorder = Recorder::default();
        let job = Render {
            renderer: &renderer,
            config: &self.site.config,
            lib: &self.site.library,
            routes: &self.site.routes,
            own: site_values,
            listed: site_values,
        };
        let n = pages::render(&job, &|r: &Route| selected.contains(&r.file), &|d| {
            recorder.observe(&d);
            pipeline::write_page(&self.site.config, &out, &d.route.file, &d.html)
        })?;
        let render_ms = lap();
        // Feeds carry pages' text (only those listing an edited page change); the sitemap,
        // aliases and robots.txt do not change.
        let site = &self.site;
        let listing = crate::extras::feeds::feeds_listing;
        for (rel, xml) in listing(&site.config, &site.library, &site.documents, &edited) {
            out.write(&rel, xml.as_bytes())?;
        }
        let feeds_ms = lap();
        // The search index: only the files the edited pages touch.
        let served = |k: &str| self.files.get(k).map(|v| v.to_vec());
        let index = search::live::update(
            &site.config,
            &site.library,
            &site.documents,
            search,
            &served,
        );
        for (rel, bytes) in &index.write {
            out.write(rel, bytes)?;
        }
        let search_ms = lap();
        recorder.into_deps(&mut self.deps, &renderer);
        let mut files = (*self.files).clone();
        for rel in &index.remove {
            files.remove(rel.as_str());
        }
        files.extend(into_files(out));
        self.files = Arc::new(files);
        // The previous state holds what every file looked up (after a full build, all of
        // them): it is freed on a thread of its own, off the edit's path.
        let previous = std::mem::replace(&mut self.site.renderer, renderer);
        let _ = std::thread::Builder::new().spawn(move || drop(previous));
        let mut names: Vec<&str> = keys.iter().copied().collect();
        names.sort_unstable();
        let what = format!(
            "{} edited: markdown {markdown_ms:.1} ms, values {values_ms:.1} ms, \
             {n} page(s) rendered {render_ms:.1} ms, feeds {feeds_ms:.1} ms, \
             search {search_ms:.1} ms, swap {:.1} ms",
            names.join(", "),
            lap()
        );
        Ok(Some((what, n)))
    }

    /// The values after a text edit of `edits`: the same as [`context::build`] would give, made
    /// from the previous values by rebuilding only the edited pages' values and the sections
    /// and taxonomies that list them.
    fn edited_values(&self, old: &SiteValues, edits: &[(String, Arc<str>)]) -> SiteValues {
        let view = self.site.view();
        let lib = view.lib;
        let mut v = old.clone();
        for (key, _) in edits {
            if let Some(p) = lib.pages.get(key) {
                v.pages.insert(key.clone(), context::page(&view, p));
            }
        }
        let edited = |k: &String| edits.iter().any(|(e, _)| e == k);
        for s in lib.sections.values() {
            if s.render && s.pages.iter().any(edited) {
                let value = context::section(&view, s, &v.pages);
                v.sections.insert(s.key.clone(), value);
            }
        }
        for t in &lib.taxonomies {
            let lists = |term: &crate::content::taxonomy::Term| term.pages.iter().any(edited);
            if t.terms.iter().any(lists) {
                let key = (t.lang.clone(), t.name.clone());
                let old = v.taxonomies.get(&key);
                let value =
                    context::taxonomy_terms_after_edit(view.config, t, &v.pages, old, lists);
                v.taxonomies.insert(key, value);
            }
        }
        v
    }

    /// The HTML files that can change when the text of the pages `keys` changes: their own,
    /// and those that show other pages' text and were given or looked up one of them (or the
    /// section that lists it). Before the probe has run, every file that reached them.
    fn affected(&self, keys: &HashSet<&str>) -> HashSet<String> {
        let lib = &self.site.library;
        let mut out: HashSet<String> = keys
            .iter()
            .filter_map(|k| lib.pages.get(*k))
            .map(|p| crate::util::url::output_file(&p.path))
            .collect();
        // The sections that list an edited page: looking one up reaches the page.
        let listing: HashSet<&str> = lib
            .sections
            .values()
            .filter(|s| s.pages.iter().any(|p| keys.contains(p.as_str())))
            .map(|s| s.key.as_str())
            .collect();
        let reaches = |reached: &[String]| {
            reached.iter().any(|k| {
                k == EVERY_PAGE || keys.contains(k.as_str()) || listing.contains(k.as_str())
            })
        };
        let everywhere = reaches(&self.deps.everywhere);
        for (file, reached) in &self.deps.reach {
            let listens = self
                .deps
                .listeners
                .as_ref()
                .is_none_or(|l| l.contains(file));
            if listens && (everywhere || reaches(reached)) {
                out.insert(file.clone());
            }
        }
        out
    }

    /// Has the probe run since the templates last changed?
    pub fn probed(&self) -> bool {
        self.deps.listeners.is_some()
    }

    /// Finds the files that show other pages' text: renders every file once more with every
    /// page's text changed (but each page's own value as it is) and notes which come out
    /// different. Run after a full or template rebuild, while the site is already served.
    pub fn probe(&mut self) -> Result<usize> {
        let Some(own) = self.site.renderer.shared.values.get() else {
            return Ok(0);
        };
        let altered: HashMap<String, Value> = own
            .pages
            .iter()
            .map(|(k, v)| (k.clone(), alter(v)))
            .collect();
        let altered = context::with_pages(&self.site.view(), altered);
        let renderer = self.site.renderer.fork();
        let listed = renderer.shared.values.get_or_init(|| altered);
        let same = Mutex::new(HashSet::new());
        let job = Render {
            renderer: &renderer,
            config: &self.site.config,
            lib: &self.site.library,
            routes: &self.site.routes,
            own,
            listed,
        };
        // Files that fail with the changed values count as listeners: ignore the error.
        let _ = pages::render(&job, &|_| true, &|d| {
            if self.deps.hashes.get(&d.route.file) == Some(&hash(&d.html))
                && let Ok(mut s) = same.lock()
            {
                s.insert(d.route.file.clone());
            }
            Ok(())
        });
        let same = same.into_inner().unwrap_or_default();
        let listeners: HashSet<String> = self
            .deps
            .hashes
            .keys()
            .filter(|f| !same.contains(*f))
            .cloned()
            .collect();
        let n = listeners.len();
        self.deps.listeners = Some(listeners);
        Ok(n)
    }
}

/// Files the image stage may make variants of.
const IMAGE_EXTENSIONS: [&str; 7] = ["jpg", "jpeg", "png", "webp", "gif", "avif", "tif"];

/// A page's value with its text fields changed, for the probe.
fn alter(v: &Value) -> Value {
    let Some(m) = v.as_map() else {
        return v.clone();
    };
    let mut m = m.clone();
    let text = |k: &str| {
        m.get(&tera::value::Key::from(k.to_string()))
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    };
    let num = |k: &str| {
        m.get(&tera::value::Key::from(k.to_string()))
            .and_then(Value::as_i128)
            .unwrap_or(0)
    };
    let content = format!("\u{1}probe{}probe\u{1}", text("content"));
    let summary = format!("\u{1}probe{}probe\u{1}", text("summary"));
    let words = num("word_count") + 100_003;
    let minutes = num("reading_time") + 1_009;
    let mut toc = m
        .get(&tera::value::Key::from("toc"))
        .and_then(|t| t.as_array().map(<[Value]>::to_vec))
        .unwrap_or_default();
    let mut probe_heading = tera::Map::new();
    for (k, val) in [("id", "probe"), ("title", "probe"), ("permalink", "#probe")] {
        probe_heading.insert(k.into(), Value::from(val));
    }
    probe_heading.insert("level".into(), Value::from(2));
    probe_heading.insert("children".into(), Value::from(Vec::<Value>::new()));
    toc.push(Value::from(probe_heading));
    m.insert("content".into(), Value::from(content).mark_safe());
    m.insert("summary".into(), Value::from(summary).mark_safe());
    m.insert("word_count".into(), Value::from(words as i64));
    m.insert("reading_time".into(), Value::from(minutes as i64));
    m.insert("toc".into(), Value::from(toc));
    Value::from(m)
}
