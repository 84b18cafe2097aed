//! Progress bars, drawn from the progress events the library reports.

use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget};
use placard::util::progress::{Event, Progress};

/// A bar on standard error for a stage that takes over a second, on a terminal only.
#[derive(Default)]
pub struct Bar {
    state: Mutex<Option<(ProgressBar, Instant, bool)>>,
}

impl Progress for Bar {
    fn event(&self, event: Event<'_>) {
        let Ok(mut state) = self.state.lock() else {
            return;
        };
        match event {
            Event::Start { stage, total } => {
                let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::hidden());
                bar.set_message(stage.to_string());
                *state = Some((bar, Instant::now(), false));
            }
            Event::Step => {
                if let Some((bar, started, shown)) = state.as_mut() {
                    bar.inc(1);
                    if !*shown
                        && started.elapsed() > Duration::from_secs(1)
                        && std::io::stderr().is_terminal()
                    {
                        bar.set_draw_target(ProgressDrawTarget::stderr());
                        *shown = true;
                    }
                }
            }
            Event::Finish => {
                if let Some((bar, _, _)) = state.take() {
                    bar.finish_and_clear();
                }
            }
        }
    }
}
