//! The progress bar of long operations (sync, import) and their Ctrl-C handling. The bar
//! is drawn on stderr, and only on a terminal without --json.

use std::io::IsTerminal;
use std::sync::Arc;
use std::time::Duration;

use desk_core::{CancelToken, Progress, ProgressFn};
use indicatif::{ProgressBar, ProgressStyle};

use crate::output::Output;

/// A bar (possibly hidden) and the callback desk-core reports to.
#[derive(Debug)]
pub struct Bar {
    bar: ProgressBar,
}

impl Bar {
    pub fn new(out: &Output, label: &str) -> Self {
        let visible = !out.is_json() && std::io::stderr().is_terminal();
        let bar = if visible {
            let bar = ProgressBar::new(0);
            let style =
                ProgressStyle::with_template("{prefix} [{bar:30}] {pos}/{len} {msg} ({elapsed})")
                    .map(|s| s.progress_chars("=> "))
                    .unwrap_or_else(|_| ProgressStyle::default_bar());
            bar.set_style(style);
            bar.set_prefix(label.to_owned());
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        } else {
            ProgressBar::hidden()
        };
        Bar { bar }
    }

    /// The callback for desk-core: moves the bar, names the current item and the failures.
    pub fn callback(&self) -> ProgressFn {
        let bar = self.bar.clone();
        Arc::new(move |p: Progress| {
            bar.set_length(p.total as u64);
            bar.set_position(p.done as u64);
            let mut msg = p.current.unwrap_or_default();
            if p.failed > 0 {
                msg = format!("{msg} ({} failed)", p.failed);
            }
            bar.set_message(msg);
        })
    }

    /// Names what the bar counts (a profile and mode during `sync --all`).
    pub fn label(&self, text: &str) {
        self.bar.set_prefix(text.to_owned());
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

/// A token that Ctrl-C cancels; the operation stops at the next item and reports what
/// it did.
pub fn cancel_on_ctrl_c() -> CancelToken {
    let token = CancelToken::new();
    let t = token.clone();
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            t.cancel();
        }
    });
    token
}
