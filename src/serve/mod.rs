//! `placard serve`: builds the site into memory, serves it over HTTP (loopback by default),
//! watches its files, rebuilds only what a change needs, and reloads open pages.
//!
//! ```text
//! watch (notify, debounced) -> plan (by change kind) -> LiveSite::rebuild -> snapshot swap -> reload
//! ```

pub mod cms;
pub mod http;
pub mod live;
pub mod overlay;
pub mod pending;
pub mod plan;
pub mod reload;
pub mod watch;
mod withdraw;

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use crate::content::LoadOptions;
use crate::error::{Error, Result};
use http::{AppState, Snapshot};
pub use live::{LiveSite, Rebuilt};
use plan::Plan;
use reload::Signal;
use watch::Message;

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    /// 0: any free port.
    pub port: u16,
    pub bind: IpAddr,
    pub drafts: bool,
    /// Offer the editor at `/admin/` (also on with `cms: { enabled: true }` in placard.yaml).
    pub cms: bool,
}

/// What the server tells the terminal.
#[derive(Debug)]
pub enum Event<'a> {
    /// The first build is done and the server listens.
    Listening {
        url: String,
        /// The port asked for, when it was taken and another was used.
        taken: Option<u16>,
        /// Listening on an address other machines can reach.
        exposed: bool,
        ms: f64,
    },
    Rebuilt(&'a Rebuilt),
    /// A rebuild failed; the last good site is still served.
    Failed(&'a Error),
    /// The files that show other pages' text were found.
    Probed {
        listeners: usize,
        ms: f64,
    },
    Stopped,
}

/// How many ports after the asked one are tried.
const PORT_TRIES: u16 = 50;

fn bind(ip: IpAddr, port: u16) -> Result<TcpListener> {
    let mut last = None;
    let tries = if port == 0 { 1 } else { PORT_TRIES };
    for p in (0..tries).filter_map(|i| port.checked_add(i)) {
        match TcpListener::bind(SocketAddr::new(ip, p)) {
            Ok(l) => return Ok(l),
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => last = Some(e),
            Err(e) => return Err(Error::io("listen on", format!("{ip}:{p}"), e)),
        }
    }
    Err(Error::io(
        "listen on",
        format!("{ip}:{port}"),
        last.unwrap_or_else(|| std::io::Error::other("no free port")),
    ))
}

/// The error overlay for a failed rebuild, with the terminal's messages.
pub fn overlay_for(e: &Error) -> String {
    let messages = match e {
        Error::Site(ds) => ds
            .iter()
            .map(|d| d.render(false))
            .collect::<Vec<_>>()
            .join("\n\n"),
        other => format!("error: {other}"),
    };
    overlay::markup(&messages)
}

/// The editor, when `--cms` or placard.yaml asks for it; refused on an address other
/// computers can reach, since it writes the site's files.
fn cms_for(options: &ServeOptions) -> Result<Option<Arc<cms::Cms>>> {
    let wanted = options.cms
        || crate::pipeline::load_config(&options.root, None).is_ok_and(|c| c.cms.enabled);
    if !wanted {
        return Ok(None);
    }
    if !options.bind.is_loopback() {
        return Err(Error::Site(vec![crate::error::Diagnostic::new(
            crate::config::FILE,
            format!(
                "the editor cannot be offered on {}, an address other computers can reach: it saves the site's files",
                options.bind
            ),
        )
        .hint("serve with --bind 127.0.0.1 (the default) to edit, or without --cms and `cms: { enabled: true }` to show the preview on the network")]));
    }
    Ok(Some(Arc::new(cms::Cms {
        root: options.root.clone(),
    })))
}

/// What the terminal says of the editor when it is on (`{url}` stands for the site's address).
pub fn cms_note(options: &ServeOptions) -> Option<String> {
    let on = options.cms
        || crate::pipeline::load_config(&options.root, None).is_ok_and(|c| c.cms.enabled);
    if !on {
        return None;
    }
    Some(if crate::cms::editor::installed(&options.root) {
        "Edit the site in the browser at {url}admin/".to_string()
    } else {
        format!(
            "The editor at {{url}}admin/ is not installed yet. {}",
            crate::cms::editor::missing_message()
        )
    })
}

/// Serves until Ctrl-C.
pub fn serve(options: &ServeOptions, on: &mut dyn FnMut(Event<'_>)) -> Result<()> {
    let started = std::time::Instant::now();
    let root = &options.root;
    let load = LoadOptions {
        drafts: options.drafts,
    };
    // A site with errors is served as the error box alone until a save fixes it.
    let (mut site, first_error) = match LiveSite::load(root, load) {
        Ok(site) => (Some(site), None),
        Err(e @ Error::Site(_)) => (None, Some(e)),
        Err(e) => return Err(e),
    };
    let cms = cms_for(options)?;
    let listener = bind(options.bind, options.port)?;
    let addr = listener
        .local_addr()
        .map_err(|e| Error::io("listen on", root, e))?;
    listener
        .set_nonblocking(true)
        .map_err(|e| Error::io("listen on", root, e))?;

    let (signals, _) = tokio::sync::broadcast::channel(16);
    let state = AppState {
        snapshot: Arc::new(RwLock::new(Arc::new(Snapshot {
            files: site.as_ref().map(LiveSite::files).unwrap_or_default(),
            overlay: first_error.as_ref().map(overlay_for),
            pending: None,
        }))),
        signals: signals.clone(),
        addr,
        cms,
        readers: Arc::default(),
    };
    let (tx, rx) = mpsc::channel();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Error::io("start the server for", root, e))?;
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let server = {
        let app = http::router(state.clone());
        let listener = runtime
            .block_on(async { tokio::net::TcpListener::from_std(listener) })
            .map_err(|e| Error::io("listen on", root, e))?;
        runtime.spawn(async move {
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = stop_rx.await;
                })
                .await;
        })
    };
    let ctrl_c = tx.clone();
    runtime.spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            let _ = ctrl_c.send(Message::Stop);
        }
    });
    let mut watcher = watch::start(root, tx.clone())?;

    if let Some(e) = &first_error {
        on(Event::Failed(e));
    }
    on(Event::Listening {
        url: format!("http://{addr}/"),
        taken: (options.port != 0 && addr.port() != options.port).then_some(options.port),
        exposed: !options.bind.is_loopback(),
        ms: started.elapsed().as_secs_f64() * 1000.0,
    });
    if let Some(site) = &mut site {
        probe(site, on);
    }
    let failed = if first_error.is_some() {
        vec![PathBuf::from("placard.yaml")]
    } else {
        Vec::new()
    };
    let mut live = Live {
        site,
        failed,
        root,
        load,
    };
    run_loop(&mut live, (&rx, &tx, &mut watcher), &state, on);

    let _ = signals.send(Signal::Bye);
    let _ = stop_tx.send(());
    runtime.block_on(async {
        let _ = tokio::time::timeout(Duration::from_secs(2), server).await;
    });
    runtime.shutdown_timeout(Duration::from_millis(200));
    on(Event::Stopped);
    Ok(())
}

fn probe(site: &mut LiveSite, on: &mut dyn FnMut(Event<'_>)) {
    let t = std::time::Instant::now();
    if let Ok(listeners) = site.probe() {
        on(Event::Probed {
            listeners,
            ms: t.elapsed().as_secs_f64() * 1000.0,
        });
    }
}

/// The site being served and how to build it again.
struct Live<'a> {
    /// `None` while the site has never built.
    site: Option<LiveSite>,
    /// The files of a failed rebuild, looked at again next time.
    failed: Vec<PathBuf>,
    root: &'a Path,
    load: LoadOptions,
}

/// A template edit's background pass, over: the site back, and what the pass did (the HTML
/// files rendered and the time since the edit, or the error).
pub struct Finished {
    site: LiveSite,
    result: Result<(usize, f64)>,
}

impl std::fmt::Debug for Finished {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Finished")
            .field("result", &self.result)
            .finish_non_exhaustive()
    }
}

/// Rebuilds after each batch of changes until told to stop. While a template edit's
/// background pass runs, later changes wait for it (in order), so none is lost or overtaken.
fn run_loop(
    live: &mut Live<'_>,
    (rx, tx, watcher): Channels<'_>,
    state: &AppState,
    on: &mut dyn FnMut(Event<'_>),
) {
    // The changes whose background pass runs, and the changes saved since.
    let mut busy: Option<Vec<PathBuf>> = None;
    let mut queued: Vec<PathBuf> = Vec::new();
    while let Ok(first) = rx.recv() {
        let mut changed = Vec::new();
        for message in std::iter::once(first).chain(rx.try_iter()) {
            match message {
                Message::Stop => return,
                Message::Changed(paths) => changed.extend(paths),
                Message::Finished(done) => land(live, *done, busy.take(), on),
            }
        }
        for rel in &changed {
            if watch::is_new_folder(live.root, rel) {
                let _ = watcher.add(rel);
            }
        }
        queued.extend(changed);
        if busy.is_some() || queued.is_empty() {
            continue;
        }
        busy = rebuild(live, std::mem::take(&mut queued), (state, tx), on);
    }
}

type Channels<'a> = (
    &'a mpsc::Receiver<Message>,
    &'a mpsc::Sender<Message>,
    &'a mut watch::Watcher,
);

/// Rebuilds for one batch of changes; `Some(changed)` when a background pass now runs.
fn rebuild(
    live: &mut Live<'_>,
    mut changed: Vec<PathBuf>,
    (state, tx): (&AppState, &mpsc::Sender<Message>),
    on: &mut dyn FnMut(Event<'_>),
) -> Option<Vec<PathBuf>> {
    let css_only = changed.iter().all(|p| has_ext(p, "css"));
    changed.extend(live.failed.iter().cloned());
    changed.sort();
    changed.dedup();
    let plan = match &live.site {
        Some(site) => site.plan(&changed),
        None => plan::plan(&changed, "default"),
    }?;
    let had_overlay = state
        .snapshot
        .read()
        .map(|s| s.overlay.is_some())
        .unwrap_or(true);
    if let Some(site) = live.site.as_mut()
        && plan == Plan::Templates
        && plan::only_templates(&changed, &site.config().theme)
    {
        return match site.begin_templates(&state.readers.first()) {
            Ok(begun) => {
                let site = live.site.take()?;
                background(site, begun, (state, tx), on);
                Some(changed)
            }
            Err(e) => {
                failed(live, changed, &e, state, on);
                None
            }
        };
    }
    let result = match &mut live.site {
        Some(site) => site.rebuild(&plan),
        None => {
            let started = std::time::Instant::now();
            LiveSite::load(live.root, live.load).map(|s| {
                live.site = Some(s);
                Rebuilt {
                    what: "everything built".into(),
                    rendered: 0,
                    ms: started.elapsed().as_secs_f64() * 1000.0,
                }
            })
        }
    };
    match (result, live.site.as_mut()) {
        (Ok(done), Some(site)) => {
            live.failed.clear();
            publish(state, site.files(), None);
            let signal = if css_only && !had_overlay {
                Signal::Css
            } else {
                Signal::Reload
            };
            let _ = state.signals.send(signal);
            on(Event::Rebuilt(&done));
            if !site.probed() {
                probe(site, on);
            }
        }
        (Err(e), _) => failed(live, changed, &e, state, on),
        (Ok(_), None) => {}
    }
    None
}

/// A failed rebuild: the last good files (if any) with the error box.
fn failed(
    live: &mut Live<'_>,
    changed: Vec<PathBuf>,
    e: &Error,
    state: &AppState,
    on: &mut dyn FnMut(Event<'_>),
) {
    live.failed = changed;
    let files = live
        .site
        .as_mut()
        .map(|s| s.withdraw_outside())
        .unwrap_or_default();
    publish(state, files, Some(overlay_for(e)));
    let _ = state.signals.send(Signal::Reload);
    on(Event::Failed(e));
}

/// Serves the pages rendered first and the pending state, tells open pages to reload, and
/// starts the background pass on its own thread (it sends [`Message::Finished`]).
fn background(
    mut site: LiveSite,
    begun: live::Begun,
    (state, tx): (&AppState, &mpsc::Sender<Message>),
    on: &mut dyn FnMut(Event<'_>),
) {
    let first = Rebuilt {
        what: format!(
            "templates changed: {} page(s) readers look at rendered first ({}), the rest in the background",
            begun.first, begun.laps
        ),
        rendered: begun.first,
        ms: begun.elapsed_ms(),
    };
    let snap = Arc::new(Snapshot {
        files: site.files(),
        overlay: None,
        pending: Some(begun.pending.clone()),
    });
    swap(state, snap);
    let _ = state.signals.send(Signal::Reload);
    on(Event::Rebuilt(&first));
    let (state, tx) = (state.clone(), tx.clone());
    std::thread::spawn(move || {
        let done = |files, e: Option<&Error>| {
            publish(&state, files, e.map(overlay_for));
            if e.is_some() {
                let _ = state.signals.send(Signal::Reload);
            }
        };
        let result = site.finish_templates(begun, &done);
        let _ = tx.send(Message::Finished(Box::new(Finished { site, result })));
    });
}

/// A background pass is over: the site comes back (and is probed), or its error is shown.
fn land(
    live: &mut Live<'_>,
    done: Finished,
    changed: Option<Vec<PathBuf>>,
    on: &mut dyn FnMut(Event<'_>),
) {
    let Finished { site, result } = done;
    let site = live.site.insert(site);
    match result {
        Ok((rendered, ms)) => {
            live.failed.clear();
            let done = Rebuilt {
                what: format!("templates changed: {rendered} pages rendered in the background"),
                rendered,
                ms,
            };
            on(Event::Rebuilt(&done));
            if !site.probed() {
                probe(site, on);
            }
        }
        Err(e) => {
            live.failed = changed.unwrap_or_default();
            on(Event::Failed(&e));
        }
    }
}

fn has_ext(p: &Path, ext: &str) -> bool {
    p.extension().is_some_and(|e| e == ext)
}

fn publish(state: &AppState, files: Arc<live::Files>, overlay: Option<String>) {
    let snap = Arc::new(Snapshot {
        files,
        overlay,
        pending: None,
    });
    swap(state, snap);
}

/// Serves `snap` from now on. The snapshot it replaces (at 10,000 pages, tens of thousands of
/// files to free when it was the last holder) is dropped after the lock is released, so no
/// request waits for that.
fn swap(state: &AppState, snap: Arc<Snapshot>) {
    let old = match state.snapshot.write() {
        Ok(mut s) => std::mem::replace(&mut *s, snap),
        Err(poisoned) => std::mem::replace(&mut *poisoned.into_inner(), snap),
    };
    drop(old);
}
