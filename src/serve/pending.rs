//! A template edit in two steps. The pages readers have open (and a few they asked for last)
//! are rendered from the new templates first and served at once; every other page is rendered
//! by a background pass. Until that pass is done, the server serves a [`Pending`] snapshot: a
//! page of the route table comes from the new templates (rendered already, or rendered on
//! demand for the request), a file the templates cannot change is the last build's, and any
//! other file (the search page, `_headers`, a file the last build did not have) waits for the
//! pass. No request gets a page of the old templates once the new ones are loaded.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, PoisonError};

use tokio::sync::oneshot;

use super::http::{AppState, Snapshot};
use super::live::Files;
use crate::error::Result;
use crate::output::{Memory, Output};

/// A request for a file that the new templates may change, sent to the background pass.
pub struct Ask {
    file: String,
    /// The file, or nothing: look at the served snapshot again (the pass is over).
    reply: oneshot::Sender<Option<Arc<[u8]>>>,
}

/// What the background pass's answering thread receives.
pub enum Msg {
    Ask(Ask),
    /// The pages are all rendered: stop answering (waiting requests are let go once the
    /// finished site is served).
    Stop,
}

/// The served state of a template edit whose background pass is not finished.
pub struct Pending {
    /// The route table's files: each comes from the new templates.
    routes: HashSet<String>,
    /// Route files rendered from the new templates so far.
    fresh: Mutex<Files>,
    asks: mpsc::Sender<Msg>,
}

impl std::fmt::Debug for Pending {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pending")
            .field("routes", &self.routes.len())
            .finish_non_exhaustive()
    }
}

impl Pending {
    /// A pending state for the route files `routes`, and the receiver of its requests.
    pub fn new(routes: HashSet<String>) -> (Pending, mpsc::Receiver<Msg>) {
        let (asks, rx) = mpsc::channel();
        let p = Pending {
            routes,
            fresh: Mutex::default(),
            asks,
        };
        (p, rx)
    }

    /// Is `file` rendered by the route table?
    pub fn is_route(&self, file: &str) -> bool {
        self.routes.contains(file)
    }

    /// Notes a route file rendered from the new templates.
    pub fn rendered(&self, file: &str, bytes: Arc<[u8]>) {
        let mut fresh = self.fresh.lock().unwrap_or_else(PoisonError::into_inner);
        fresh.insert(Arc::from(file), bytes);
    }

    fn fresh(&self, file: &str) -> Option<Arc<[u8]>> {
        let fresh = self.fresh.lock().unwrap_or_else(PoisonError::into_inner);
        fresh.get(file).cloned()
    }

    /// Every route file rendered so far.
    pub fn all_fresh(&self) -> Files {
        self.fresh
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// The sender the background pass stops its answering thread with.
    pub fn stopper(&self) -> mpsc::Sender<Msg> {
        self.asks.clone()
    }
}

/// Could the new templates change this file, which is not a route file? HTML (the search
/// page) and the security headers made from the pages' policy can.
fn template_made(file: &str) -> bool {
    file.ends_with(".html") || file == "_headers" || file == ".htaccess"
}

/// How many times a request looks again while snapshots change under it.
const LOOKS: usize = 8;

/// The file to serve for `file` and the snapshot it belongs to (for the overlay).
pub async fn find(state: &AppState, file: &str) -> (Arc<Snapshot>, Option<Arc<[u8]>>) {
    for _ in 0..LOOKS {
        let snap = state.current();
        let Some(pending) = snap.pending.clone() else {
            let bytes = snap.files.get(file).cloned();
            return (snap, bytes);
        };
        if let Some(bytes) = pending.fresh(file) {
            return (snap, Some(bytes));
        }
        if !pending.is_route(file) && !template_made(file) && snap.files.contains_key(file) {
            let bytes = snap.files.get(file).cloned();
            return (snap, bytes);
        }
        let (reply, answer) = oneshot::channel();
        let asked = pending.asks.send(Msg::Ask(Ask {
            file: file.to_string(),
            reply,
        }));
        if asked.is_ok()
            && let Ok(Some(bytes)) = answer.await
        {
            return (snap, Some(bytes));
        }
        // The pass is over (or failed): the next look sees what it served.
        if asked.is_err() {
            tokio::task::yield_now().await;
        }
    }
    let snap = state.current();
    let bytes = snap.files.get(file).cloned();
    (snap, bytes)
}

/// Answers requests while the background pass renders: a route file is rendered on demand with
/// `render` (`None`: it failed, and the request waits for the pass's outcome); any other file
/// waits. Returns, after [`Msg::Stop`], the receiver and the requests still waiting: dropping
/// them (once the finished site is served) sends those requests to look again.
pub fn answer(
    pending: &Pending,
    rx: mpsc::Receiver<Msg>,
    render: &dyn Fn(&str) -> Option<Arc<[u8]>>,
) -> (mpsc::Receiver<Msg>, Vec<Ask>) {
    let mut waiting = Vec::new();
    while let Ok(Msg::Ask(ask)) = rx.recv() {
        let bytes = match pending.fresh(&ask.file) {
            Some(b) => Some(b),
            None if pending.is_route(&ask.file) => render(&ask.file),
            None => None,
        };
        match bytes {
            Some(b) => {
                pending.rendered(&ask.file, b.clone());
                let _ = ask.reply.send(Some(b));
            }
            None => waiting.push(ask),
        }
    }
    while let Ok(msg) = rx.try_recv() {
        if let Msg::Ask(ask) = msg {
            waiting.push(ask);
        }
    }
    (rx, waiting)
}

/// The background pass's output: route files go to the pending state (served at once), the
/// rest to memory.
pub struct Tee<'a> {
    pub pending: &'a Pending,
    pub rest: &'a Memory,
}

impl Output for Tee<'_> {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        crate::output::check_rel(rel)?;
        if self.pending.is_route(rel) {
            self.pending.rendered(rel, Arc::from(bytes));
            Ok(())
        } else {
            self.rest.write(rel, bytes)
        }
    }
}

/// The one file a render writes, for an on-demand page.
#[derive(Default)]
pub struct One(Mutex<Option<Arc<[u8]>>>);

impl One {
    pub fn take(self) -> Option<Arc<[u8]>> {
        self.0.into_inner().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Output for One {
    fn write(&self, _rel: &str, bytes: &[u8]) -> Result<()> {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner) = Some(Arc::from(bytes));
        Ok(())
    }
}

/// The pages readers are looking at: those with the live-reload stream open, then the HTML
/// files asked for last. A template edit renders these first.
#[derive(Debug, Default)]
pub struct Readers {
    inner: Mutex<ReadersInner>,
}

#[derive(Debug, Default)]
struct ReadersInner {
    /// File -> how many live-reload streams are open on it.
    open: HashMap<String, usize>,
    /// The HTML files asked for last, newest first, each once.
    recent: VecDeque<String>,
}

/// How many recently asked-for files are kept.
const RECENT: usize = 8;
/// At most this many files are rendered first.
const FIRST: usize = 16;

/// Keeps a live-reload stream's page counted while it is open.
pub struct Reading {
    readers: Arc<Readers>,
    file: String,
}

impl Drop for Reading {
    fn drop(&mut self) {
        let mut r = self.readers.lock();
        if let Some(n) = r.open.get_mut(&self.file) {
            *n -= 1;
            if *n == 0 {
                r.open.remove(&self.file);
            }
        }
    }
}

impl Readers {
    fn lock(&self) -> std::sync::MutexGuard<'_, ReadersInner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A live-reload stream opened on the page `file`, counted until the guard drops.
    pub fn open(self: &Arc<Self>, file: String) -> Reading {
        *self.lock().open.entry(file.clone()).or_default() += 1;
        Reading {
            readers: self.clone(),
            file,
        }
    }

    /// An HTML file was asked for.
    pub fn asked(&self, file: &str) {
        let mut r = self.lock();
        if r.recent.front().is_some_and(|f| f == file) {
            return;
        }
        r.recent.retain(|f| f != file);
        r.recent.push_front(file.to_string());
        r.recent.truncate(RECENT);
    }

    /// The files to render first (open pages in name order, then the recent ones).
    pub fn first(&self) -> Vec<String> {
        let r = self.lock();
        let mut open: Vec<&String> = r.open.keys().collect();
        open.sort();
        let mut out: Vec<String> = Vec::new();
        for f in open.into_iter().chain(&r.recent) {
            if out.len() < FIRST && !out.contains(f) {
                out.push(f.clone());
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_pages_come_first_and_leave_when_closed() {
        let readers = Arc::new(Readers::default());
        readers.asked("b/index.html");
        readers.asked("a/index.html");
        readers.asked("a/index.html");
        let reading = readers.open("z/index.html".into());
        assert_eq!(
            readers.first(),
            ["z/index.html", "a/index.html", "b/index.html"]
        );
        drop(reading);
        assert_eq!(readers.first(), ["a/index.html", "b/index.html"]);
        for i in 0..20 {
            readers.asked(&format!("{i}/index.html"));
        }
        assert_eq!(readers.first().len(), RECENT);
        assert_eq!(readers.first()[0], "19/index.html");
    }

    #[test]
    fn answers_route_files_and_holds_the_rest() {
        let routes: HashSet<String> = ["a/index.html".to_string()].into();
        let (pending, rx) = Pending::new(routes);
        let (a, mut got_a) = oneshot::channel();
        let (b, mut got_b) = oneshot::channel();
        for (file, reply) in [("a/index.html", a), ("_headers", b)] {
            let ask = Ask {
                file: file.into(),
                reply,
            };
            pending.asks.send(Msg::Ask(ask)).unwrap();
        }
        pending.stopper().send(Msg::Stop).unwrap();
        let (_rx, waiting) = answer(&pending, rx, &|f| Some(Arc::from(f.as_bytes())));
        assert_eq!(
            got_a.try_recv().unwrap().as_deref(),
            Some(&b"a/index.html"[..])
        );
        assert_eq!(
            pending.fresh("a/index.html").as_deref(),
            Some(&b"a/index.html"[..])
        );
        use tokio::sync::oneshot::error::TryRecvError;
        assert_eq!(got_b.try_recv(), Err(TryRecvError::Empty), "_headers waits");
        drop(waiting);
        assert_eq!(
            got_b.try_recv(),
            Err(TryRecvError::Closed),
            "then looks again"
        );
    }
}
