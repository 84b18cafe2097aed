//! Watching the site's folders (notify, debounced) and sending the changed paths, relative
//! to the site's root, as one batch per burst of saves.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

use notify::event::ModifyKind;
use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, new_debouncer};

use crate::error::{Error, Result};

/// What the rebuild loop receives.
#[derive(Debug)]
pub enum Message {
    /// Paths relative to the site's root.
    Changed(Vec<PathBuf>),
    /// Ctrl-C: stop.
    Stop,
    /// A template edit's background pass is over.
    Finished(Box<super::Finished>),
}

/// How long the watcher waits for a burst of saves (an editor's write, rename and touch) to end.
const QUIET: Duration = Duration::from_millis(15);

/// The folders watched (with everything in them), when they exist.
pub const FOLDERS: [&str; 6] = ["content", "data", "templates", "static", "i18n", "themes"];

/// Keeps watching until dropped.
pub struct Watcher {
    debouncer: notify_debouncer_full::Debouncer<
        notify::RecommendedWatcher,
        notify_debouncer_full::RecommendedCache,
    >,
    base: PathBuf,
}

impl Watcher {
    /// Starts watching one of [`FOLDERS`] made after the server started (`templates`).
    pub fn add(&mut self, rel: &Path) -> Result<()> {
        let path = self.base.join(rel);
        self.debouncer
            .watch(&path, RecursiveMode::Recursive)
            .map_err(|e| watch_error(&path, e))
    }
}

/// Is `rel` one of [`FOLDERS`], made after the server started?
pub fn is_new_folder(root: &Path, rel: &Path) -> bool {
    let mut parts = rel.components();
    matches!(
        (parts.next(), parts.next()),
        (Some(std::path::Component::Normal(name)), None)
            if FOLDERS.iter().any(|f| name == *f)
    ) && root.join(rel).is_dir()
}

/// Starts watching content/, data/, templates/, static/, i18n/, themes/ and placard.yaml.
pub fn start(root: &Path, tx: Sender<Message>) -> Result<Watcher> {
    let base = std::fs::canonicalize(root).map_err(|e| Error::io("open", root, e))?;
    let strip = base.clone();
    let mut debouncer = new_debouncer(QUIET, None, move |result: DebounceEventResult| {
        let Ok(events) = result else { return };
        // Reading files (as every build does) makes access events: only changes count.
        let mut paths: Vec<PathBuf> = events
            .iter()
            .filter(|e| changes(&e.kind))
            .flat_map(|e| e.paths.iter())
            .filter_map(|p| p.strip_prefix(&strip).ok().map(Path::to_path_buf))
            // Folders come as the files in them, except a new top folder to watch.
            .filter(|rel| !strip.join(rel).is_dir() || is_new_folder(&strip, rel))
            .collect();
        paths.sort();
        paths.dedup();
        if !paths.is_empty() {
            let _ = tx.send(Message::Changed(paths));
        }
    })
    .map_err(|e| watch_error(&base, e))?;
    for dir in FOLDERS {
        let path = base.join(dir);
        if path.is_dir() {
            debouncer
                .watch(&path, RecursiveMode::Recursive)
                .map_err(|e| watch_error(&path, e))?;
        }
    }
    // The root itself, not its subfolders (public/ and others are not the site's sources).
    debouncer
        .watch(&base, RecursiveMode::NonRecursive)
        .map_err(|e| watch_error(&base, e))?;
    Ok(Watcher { debouncer, base })
}

fn changes(kind: &EventKind) -> bool {
    match kind {
        EventKind::Create(_) | EventKind::Remove(_) | EventKind::Any => true,
        EventKind::Modify(ModifyKind::Metadata(_)) => false,
        EventKind::Modify(_) => true,
        EventKind::Access(_) | EventKind::Other => false,
    }
}

fn watch_error(path: &Path, e: notify::Error) -> Error {
    Error::io("watch", path, std::io::Error::other(e.to_string()))
}
