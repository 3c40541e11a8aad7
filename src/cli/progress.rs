//! Progress bars on standard error for the library's long computations.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use realpolitik::progress::Progress;

/// An indicatif progress bar behind the library's [`Progress`] trait. It draws only when
/// standard error is a terminal and `--quiet` is off, so pipes and logs stay clean.
pub struct Bar {
    bar: ProgressBar,
}

impl Bar {
    /// A bar that is hidden when `quiet` or when stderr is not a terminal.
    pub fn new(quiet: bool) -> Self {
        let bar = ProgressBar::hidden();
        if !quiet && std::io::stderr().is_terminal() {
            bar.set_draw_target(ProgressDrawTarget::stderr());
        }
        Bar { bar }
    }

    /// Starts a phase of `total` units drawn with `template`.
    fn begin(&self, template: &str, message: &str, total: u64) {
        self.bar.set_style(
            ProgressStyle::with_template(template)
                .expect("the template is valid")
                .progress_chars("=> "),
        );
        self.bar.set_message(message.to_owned());
        self.bar.set_length(total);
        self.bar.set_position(0);
        self.bar.reset_eta();
    }
}

impl Progress for Bar {
    fn start(&self, message: &str, total: u64) {
        let template = if total > 0 {
            "{msg:30} [{bar:40}] {pos}/{len} ({eta} left)"
        } else {
            "{spinner} {msg} {pos}"
        };
        self.begin(template, message, total);
    }

    /// Shares of a whole: a percentage, since the units themselves mean nothing to a reader.
    fn start_share(&self, message: &str, total: u64) {
        self.begin(
            "{msg:30} [{bar:40}] {percent_precise}% ({eta} left)",
            message,
            total,
        );
    }

    fn advance(&self, units: u64) {
        self.bar.inc(units);
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
