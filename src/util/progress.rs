//! Progress of long stages, reported as events: the library never draws, the CLI does.

/// What a long stage reports while it runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event<'a> {
    /// The stage starts with `total` steps (`stage` names it in plain words).
    Start { stage: &'a str, total: u64 },
    /// One more step is done.
    Step,
    /// The stage is over.
    Finish,
}

/// Receives progress events, from many threads at once.
pub trait Progress: Sync {
    fn event(&self, event: Event<'_>);
}

/// Ignores every event (tests, `serve`, `check`).
#[derive(Debug, Clone, Copy, Default)]
pub struct Silent;

impl Progress for Silent {
    fn event(&self, _: Event<'_>) {}
}
