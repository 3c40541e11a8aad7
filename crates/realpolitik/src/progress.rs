//! Progress reporting from long computations, without tying the library to a terminal.
//!
//! Engines take a `&dyn Progress` and report units of work done; the command line shows them as
//! a progress bar, tests and libraries pass [`NoProgress`].

/// Receives progress from a long computation. Implementations must be cheap and thread-safe:
/// engines call them from worker threads.
pub trait Progress: Sync {
    /// Announces a new phase of work with `total` units (0 when unknown).
    fn start(&self, message: &str, total: u64);
    /// Announces a phase whose `total` units stand for a whole divided into shares (the share
    /// of a search space settled, say) rather than a count of items, so a front end may show a
    /// percentage instead of the raw units. By default the same as [`Progress::start`].
    fn start_share(&self, message: &str, total: u64) {
        self.start(message, total);
    }
    /// Reports `units` more units done.
    fn advance(&self, units: u64);
    /// The phase is over.
    fn finish(&self);
}

/// Discards all progress.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoProgress;

impl Progress for NoProgress {
    fn start(&self, _: &str, _: u64) {}
    fn advance(&self, _: u64) {}
    fn finish(&self) {}
}

/// Records each phase a computation reports, for tests: its message, its total and the units
/// reported done.
#[cfg(test)]
#[derive(Debug, Default)]
pub(crate) struct Tally {
    phases: std::sync::Mutex<Vec<(String, u64, u64)>>,
}

#[cfg(test)]
impl Tally {
    /// Every phase as (message, total, units done).
    pub(crate) fn phases(&self) -> Vec<(String, u64, u64)> {
        self.phases.lock().unwrap().clone()
    }
}

#[cfg(test)]
impl Progress for Tally {
    fn start(&self, message: &str, total: u64) {
        self.phases
            .lock()
            .unwrap()
            .push((message.to_owned(), total, 0));
    }
    fn advance(&self, units: u64) {
        let mut phases = self.phases.lock().unwrap();
        phases.last_mut().expect("a phase started").2 += units;
    }
    fn finish(&self) {}
}
