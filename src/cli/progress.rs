//! Progress bars on standard error for the library's long computations.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use realpolitik::progress::Progress;

/// How long a phase runs before its bar appears: work done sooner needs no bar, and a bar that
/// flashes for a few milliseconds only distracts.
const SHOW_AFTER: Duration = Duration::from_millis(300);

/// An indicatif progress bar behind the library's [`Progress`] trait. It draws only when
/// standard error is a terminal and `--quiet` is off, so pipes and logs stay clean, and only
/// once a phase has run for [`SHOW_AFTER`].
pub struct Bar {
    bar: ProgressBar,
    /// Whether the bar may draw at all (a terminal, not quiet).
    drawable: bool,
    /// Whether the current phase's bar is on screen.
    shown: AtomicBool,
    /// When the current phase began, in nanoseconds after `epoch`.
    phase_began: AtomicU64,
    epoch: Instant,
}

impl Bar {
    /// A bar that is hidden when `quiet` or when stderr is not a terminal.
    pub fn new(quiet: bool) -> Self {
        Bar {
            bar: ProgressBar::hidden(),
            drawable: !quiet && std::io::stderr().is_terminal(),
            shown: AtomicBool::new(false),
            phase_began: AtomicU64::new(0),
            epoch: Instant::now(),
        }
    }

    fn now(&self) -> u64 {
        u64::try_from(self.epoch.elapsed().as_nanos()).unwrap_or(u64::MAX)
    }

    /// Starts a phase of `total` units drawn with `template`, hidden until it has run for
    /// [`SHOW_AFTER`].
    fn begin(&self, template: &str, message: &str, total: u64) {
        self.bar.set_draw_target(ProgressDrawTarget::hidden());
        self.shown.store(false, Ordering::Relaxed);
        self.phase_began.store(self.now(), Ordering::Relaxed);
        self.bar.reset();
        self.bar.set_length(total);
        self.bar.set_message(message.to_owned());
        self.bar.set_style(
            ProgressStyle::with_template(template)
                .expect("the template is valid")
                .progress_chars("=> "),
        );
    }

    /// Puts the bar on screen once the phase has run long enough.
    fn show_when_due(&self) {
        if !self.drawable || self.shown.load(Ordering::Relaxed) {
            return;
        }
        let began = self.phase_began.load(Ordering::Relaxed);
        let due = self.now().saturating_sub(began) >= SHOW_AFTER.as_nanos() as u64;
        if due && !self.shown.swap(true, Ordering::Relaxed) {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
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
        self.show_when_due();
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
