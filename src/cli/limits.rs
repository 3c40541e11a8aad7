//! Setting the process's limits from `--limit` flags, and checking `--threads` against them.

use realpolitik::limits::{self, Limits};

use super::CliError;

/// Sets the process's limits from `--limit NAME=VALUE` flags and checks `--threads`
/// (at most `threads-per-core` times the cores: 100,000 threads would bring a machine to a halt).
pub fn configure(flags: &[String], threads: usize) -> Result<(), CliError> {
    let mut l = Limits::default();
    for flag in flags {
        l.set_one(flag).map_err(CliError::Usage)?;
    }
    limits::set(l);
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
    Ok(())
}
