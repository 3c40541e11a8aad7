//! The limits and source folders every load and request of one run is given, from the
//! `--limit` and `--sources-dir` flags, and the check of `--threads` against them.

use realpolitik::limits::Limits;
use realpolitik::model::LoadOptions;

use super::{CliError, GlobalArgs};

/// The load options of this run: the limits from `--limit NAME=VALUE` flags and the folders of
/// `--sources-dir`. Checks `--threads` too (at most `threads-per-core` times the cores: 100,000
/// threads would bring a machine to a halt).
pub fn load_options(global: &GlobalArgs) -> Result<LoadOptions, CliError> {
    let mut l = Limits::default();
    for flag in &global.limits {
        l.set_one(flag).map_err(CliError::Usage)?;
    }
    let threads = global.threads;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get()) as u64;
    let most = cores.saturating_mul(l.threads_per_core);
    if threads as u64 > most {
        return Err(CliError::usage(format!(
            "--threads {threads}: {}",
            Limits::exceeded(
                "threads-per-core",
                format!("{threads} threads on {cores} cores"),
                l.threads_per_core
            )
        )));
    }
    LoadOptions::new(l)
        .allow_source_folders(&global.sources_dirs)
        .map_err(|e| CliError::usage(format!("--sources-dir {e}")))
}
