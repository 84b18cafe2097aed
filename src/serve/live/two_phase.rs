//! A template edit in two steps (see `serve::pending`): [`LiveSite::begin_templates`] loads the
//! new templates and renders the pages readers look at; [`LiveSite::finish_templates`], on a
//! background thread, renders everything (exactly as [`LiveSite::rebuild`] would) while it
//! answers requests for pages not rendered yet.

use std::collections::HashSet;
use std::sync::{Arc, mpsc};
use std::time::Instant;

use super::{LiveSite, Recorder, into_files};
use crate::error::{Error, Result};
use crate::output::Memory;
use crate::pipeline::{self, Site};
use crate::render::pages::{self, Render};
use crate::render::{Build, Renderer, Templates};
use crate::serve::pending::{self, Msg, One, Pending, Tee};

/// A template edit whose first pages are rendered, ready for its background pass.
pub struct Begun {
    /// The new templates, with the page values set.
    renderer: Renderer,
    pub pending: Arc<Pending>,
    asks: mpsc::Receiver<Msg>,
    /// How many pages were rendered first.
    pub first: usize,
    /// Where the first step's time went, in plain words.
    pub laps: String,
    started: Instant,
}

/// The render job for `site` with its own renderer's values.
fn job(site: &Site) -> Result<Render<'_>> {
    let Some(values) = site.renderer.shared.values.get() else {
        return Err(Error::Site(vec![crate::Diagnostic::new(
            "content",
            "internal error: no page values",
        )]));
    };
    Ok(pipeline::render_job(site, values))
}

/// Renders the route files `wanted` with `job`, noting each in `pending`.
fn render_files(job: &Render<'_>, wanted: &HashSet<&str>, pending: &Pending) -> Result<usize> {
    pages::render(job, &|r| wanted.contains(r.file.as_str()), &|d| {
        let one = One::default();
        pipeline::write_page(job.config, &one, &d.route.file, &d.html)?;
        if let Some(bytes) = one.take() {
            pending.rendered(&d.route.file, bytes);
        }
        Ok(())
    })
}

impl Begun {
    /// The time since the edit began.
    pub fn elapsed_ms(&self) -> f64 {
        self.started.elapsed().as_secs_f64() * 1000.0
    }
}

impl LiveSite {
    /// The site's templates loaded again, checked, recording lookups, with the page values
    /// (the content has not changed) set.
    pub(super) fn new_renderer(&self) -> Result<Renderer> {
        let site = &self.site;
        let build = Build {
            config: &site.config,
            root: &site.root,
            lib: &site.library,
            now: pipeline::now(),
        };
        let renderer = Renderer::new(Arc::new(Templates::load(build)?), build);
        renderer.shared.record_lookups();
        let problems = pages::check_templates(&renderer, &site.library);
        if !problems.is_empty() {
            return Err(Error::Site(problems));
        }
        if let Some(values) = site.renderer.shared.values.get() {
            renderer.shared.values.get_or_init(|| values.clone());
        }
        Ok(renderer)
    }

    /// The first step of a template edit: loads the templates and renders the route files
    /// `first` (the pages readers look at) from them. On failure nothing changes.
    pub fn begin_templates(&mut self, first: &[String]) -> Result<Begun> {
        let started = Instant::now();
        let renderer = self.new_renderer()?;
        let templates_ms = started.elapsed().as_secs_f64() * 1000.0;
        let routes: HashSet<String> = self.site.routes.iter().map(|r| r.file.clone()).collect();
        let (pending, asks) = Pending::new(routes);
        let wanted: HashSet<&str> = first
            .iter()
            .map(String::as_str)
            .filter(|f| pending.is_route(f))
            .collect();
        let old = std::mem::replace(&mut self.site.renderer, renderer);
        let rendered = job(&self.site).and_then(|job| render_files(&job, &wanted, &pending));
        let renderer = std::mem::replace(&mut self.site.renderer, old);
        let render_ms = started.elapsed().as_secs_f64() * 1000.0 - templates_ms;
        Ok(Begun {
            renderer,
            pending: Arc::new(pending),
            asks,
            first: rendered?,
            laps: format!(
                "templates and page values {templates_ms:.1} ms, rendering {render_ms:.1} ms"
            ),
            started,
        })
    }

    /// The second step, on a background thread: renders every file with the new templates
    /// (the route files straight into the pending state, so they are served as they finish)
    /// and answers requests for route files not rendered yet. Then `publish` is given the
    /// finished files (or, on failure, the last good ones and the error, nothing else having
    /// changed), and only then are the requests still waiting let go. Returns the HTML files
    /// rendered and the time since the edit began.
    pub fn finish_templates(
        &mut self,
        begun: Begun,
        publish: &dyn Fn(Arc<super::Files>, Option<&Error>),
    ) -> Result<(usize, f64)> {
        let Begun {
            renderer,
            pending,
            asks,
            started,
            ..
        } = begun;
        let old = std::mem::replace(&mut self.site.renderer, renderer);
        let recorder = Recorder::default();
        let memory = Memory::default();
        let stop = pending.stopper();
        let site = &self.site;
        let (written, (asks, waiting)) = std::thread::scope(|s| {
            let answering = s.spawn(|| {
                // A pool of its own: the pass keeps the global pool's threads busy, and a job
                // sent to it from outside would wait until the pass's pages are all rendered.
                let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build().ok();
                let render = |file: &str| {
                    let job = job(site).ok()?;
                    let one = One::default();
                    let rendered = || {
                        pages::render(&job, &|r| r.file == file, &|d| {
                            recorder.observe(&d);
                            pipeline::write_page(job.config, &one, &d.route.file, &d.html)
                        })
                    };
                    match &pool {
                        Some(pool) => pool.install(rendered),
                        None => rendered(),
                    }
                    .ok()?;
                    one.take()
                };
                pending::answer(&pending, asks, &render)
            });
            let tee = Tee {
                pending: &pending,
                rest: &memory,
            };
            let written = pipeline::write_site(site, None, &tee, Some(&|d| recorder.observe(d)));
            let _ = stop.send(Msg::Stop);
            (
                written,
                answering
                    .join()
                    .unwrap_or_else(|_| (mpsc::channel().1, Vec::new())),
            )
        });
        let outcome = match written {
            Ok(report) => {
                let mut deps = super::Deps::default();
                recorder.into_deps(&mut deps, &self.site.renderer);
                let mut files = into_files(memory);
                files.extend(pending.all_fresh());
                self.deps = deps;
                self.files = Arc::new(files);
                publish(self.files.clone(), None);
                Ok((report.rendered, started.elapsed().as_secs_f64() * 1000.0))
            }
            Err(e) => {
                self.site.renderer = old;
                publish(self.withdraw_outside(), Some(&e));
                Err(e)
            }
        };
        // The finished site (or the error) is served: the waiting requests look again.
        drop((asks, waiting));
        outcome
    }
}
