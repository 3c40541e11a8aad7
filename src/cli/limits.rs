//! Checks of workload flags against the limits, before any work starts.

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

/// Checks a count flag such as `--draws`: at least `min`, at most the limit (`samples` for
/// `--samples`, `draws` for the others).
pub fn count(flag: &str, n: u64, min: u64, why_min: &str) -> Result<(), CliError> {
    let name = if flag == "--samples" {
        "samples"
    } else {
        "draws"
    };
    match limits::count_defect(name, n, min, why_min) {
        Some(why) => Err(CliError::usage(format!("{flag} {n}: {why}"))),
        None => Ok(()),
    }
}

/// Checks that exhaustive work over a CIB matrix's scenario space (`--basins` follows
/// succession from every scenario: 12 descriptors of 4 variants are 16.8 million starts) is
/// within the search-space limit, before it starts.
pub fn search_space(flag: &str, m: &realpolitik::cib::Matrix) -> Result<(), CliError> {
    let space = m
        .descriptors()
        .iter()
        .try_fold(1u64, |n, d| n.checked_mul(d.variants.len() as u64));
    let most = limits::get().search_space;
    if space.is_none_or(|n| n > most) {
        let what = space.map_or_else(|| "more than 2^64".to_owned(), |n| n.to_string());
        return Err(CliError::usage(format!(
            "{flag}: {}; --sample-basins N estimates the shares from N random starts",
            Limits::exceeded("search-space", format!("a space of {what} scenarios"), most)
        )));
    }
    Ok(())
}
