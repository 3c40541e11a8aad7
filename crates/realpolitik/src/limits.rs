//! Limits on the size of inputs and workloads, checked before anything is allocated.
//!
//! A small hostile file must not make the program ask for gigabytes (an XLSX cell at XFD1048576
//! declares a 17-billion-cell sheet; a 440 kB header declares a 50,000-concept map), and a
//! careless flag must not start a run that cannot finish (`--draws 1000000000`). Every reader
//! and command checks its sizes against these limits first and refuses beyond them with an
//! error that names the limit and how to raise it (`--limit NAME=VALUE` on the command line).
//!
//! The limits are passed with each load and each request (a [`Limits`] value, copied where it
//! is needed), not set for the whole process: one process (the workbench, a notebook) may hold
//! two models read under different limits.

use crate::Diagnostic;

/// The limits in force. Defaults fit comfortably in a few GB of memory and minutes of work.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest input file, in bytes (model, matrix, table, source text).
    pub file_size: u64,
    /// Most cells of a table or sheet (rows × columns, as declared or as read).
    pub cells: u64,
    /// Most concepts of an FCM map, descriptors' variants of a CIB matrix in total, or columns
    /// of a header.
    pub columns: u64,
    /// Most Monte Carlo draws.
    pub draws: u64,
    /// Most rows of a Saltelli sample matrix (`fcm --samples`).
    pub samples: u64,
    /// Most actors in a bargaining scenario.
    pub actors: u64,
    /// Most rounds of a bargaining run (`bargain --rounds`).
    pub rounds: u64,
    /// Most scenarios in a CIB search space (product of the descriptors' variant counts) for
    /// exhaustive work such as `--basins`.
    pub search_space: u64,
    /// Most worker threads, as a multiple of the available cores.
    pub threads_per_core: u64,
    /// Most scenarios a CIB search keeps: a matrix that barely constrains (all zeros, say)
    /// makes nearly every scenario consistent, and the list would grow without bound.
    pub solutions: u64,
    /// Most bytes the scenarios a CIB search keeps may take: a wide matrix (hundreds of
    /// descriptors) makes each scenario kilobytes, so a count alone does not bound memory.
    pub memory: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            file_size: 256 << 20,
            cells: 10_000_000,
            columns: 2_000,
            draws: 1_000_000,
            samples: 100_000,
            actors: 500,
            rounds: 10_000,
            search_space: 100_000_000,
            threads_per_core: 4,
            solutions: 1_000_000,
            memory: 1 << 30,
        }
    }
}

/// The names `--limit NAME=VALUE` accepts, with what each bounds.
pub const NAMES: &[(&str, &str)] = &[
    ("file-size", "bytes of an input file"),
    ("cells", "cells of a table or sheet"),
    (
        "columns",
        "columns of a header, concepts of a map, variants of a matrix",
    ),
    ("draws", "Monte Carlo draws"),
    ("samples", "rows of a Saltelli sample (fcm --samples)"),
    ("actors", "actors in a bargaining scenario"),
    ("rounds", "rounds of a bargaining run (bargain --rounds)"),
    (
        "search-space",
        "scenarios counted exhaustively (cib --basins)",
    ),
    ("threads-per-core", "worker threads per available core"),
    ("solutions", "scenarios a CIB search keeps"),
    ("memory", "bytes of the scenarios a CIB search keeps"),
];

impl Limits {
    /// Sets one limit from `NAME=VALUE` (the value may end in k, M or G for 10³, 10⁶, 10⁹).
    pub fn set_one(&mut self, text: &str) -> Result<(), String> {
        let names: Vec<_> = NAMES.iter().map(|(n, _)| *n).collect();
        let (name, value) = text.split_once('=').ok_or_else(|| {
            format!(
                "--limit {text:?}: write NAME=VALUE, e.g. draws=5000000; names: {}",
                names.join(", ")
            )
        })?;
        let value = parse_count(value.trim())
            .ok_or_else(|| format!("--limit {text:?}: {value:?} is not a count such as 5M"))?;
        let slot = match name.trim() {
            "file-size" => &mut self.file_size,
            "cells" => &mut self.cells,
            "columns" => &mut self.columns,
            "draws" => &mut self.draws,
            "samples" => &mut self.samples,
            "actors" => &mut self.actors,
            "rounds" => &mut self.rounds,
            "search-space" => &mut self.search_space,
            "threads-per-core" => &mut self.threads_per_core,
            "solutions" => &mut self.solutions,
            "memory" => &mut self.memory,
            other => {
                return Err(format!(
                    "--limit: no limit named {other:?}; names: {}",
                    names.join(", ")
                ));
            }
        };
        *slot = value;
        Ok(())
    }

    /// An error message for `what` (e.g. "1,000,000,000 draws") over the limit `name`.
    pub fn exceeded(
        name: &str,
        what: impl std::fmt::Display,
        limit: impl std::fmt::Display,
    ) -> String {
        format!(
            "{what} is over the limit of {limit} ({name}); raise it with --limit {name}=N if \
             you mean it"
        )
    }
}

impl Limits {
    /// Why a count of work `n` (draws, samples) cannot run, if it cannot: under `min` (with the
    /// reason `why_min`) or over the limit `name` (`draws` or `samples`).
    pub fn count_defect(&self, name: &str, n: u64, min: u64, why_min: &str) -> Option<String> {
        let limit = if name == "samples" {
            self.samples
        } else {
            self.draws
        };
        if n < min {
            Some(why_min.to_owned())
        } else if n > limit {
            Some(Limits::exceeded(name, format!("{n} {name}"), limit))
        } else {
            None
        }
    }

    /// The most actors a scenario may have ([`Limits::actors`]).
    pub(crate) fn most_actors(&self) -> usize {
        usize::try_from(self.actors).unwrap_or(usize::MAX)
    }

    /// The error of a reader that met more actors than [`Limits::most_actors`], at `span` (the
    /// first actor past the limit, or the count that announces them): `actors` says how many
    /// ("2000 actors", "more than 500 actors"). Readers check before they read the actors in,
    /// so a huge file is refused at once instead of running silently for minutes.
    pub(crate) fn too_many_actors(
        &self,
        file: &crate::diagnostic::SourceFile,
        span: std::ops::Range<usize>,
        actors: &str,
    ) -> Diagnostic {
        Diagnostic::error(
            "bargain::too_many_actors",
            Limits::exceeded("actors", actors, self.actors),
        )
        .at(span, "past the limit")
        .help(ACTORS_HELP)
        .in_file(file)
    }
}

fn parse_count(text: &str) -> Option<u64> {
    let (digits, scale) = match text.chars().last()? {
        'k' | 'K' => (&text[..text.len() - 1], 1_000),
        'M' => (&text[..text.len() - 1], 1_000_000),
        'G' => (&text[..text.len() - 1], 1_000_000_000),
        _ => (text, 1),
    };
    digits
        .replace('_', "")
        .parse::<u64>()
        .ok()?
        .checked_mul(scale)
}

// Bounds that every reader of bargaining inputs (a model's actors, the bargaining tables)
// shares: they live here rather than in the bargaining engine, which the model does not use.

/// The largest capability any reader accepts: only ratios matter, and products of capabilities,
/// saliences and positions must stay far from overflowing `f64`.
pub const MAX_CAPABILITY: f64 = 1e12;
/// The largest magnitude of a position scale's ends, for the same reason.
pub const MAX_SCALE: f64 = 1e12;

/// Why the `actors` limit exists, for its errors: the expected-utility model weighs every
/// actor's challenge to every other with every third party's support each round.
pub(crate) const ACTORS_HELP: &str = "the expected-utility model's rounds take time cubic in the actors \
     (each pair of actors, weighed by every third party), so a few thousand would run for hours";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_parse_with_suffixes_and_reject_unknown_names() {
        let mut l = Limits::default();
        l.set_one("draws=5M").unwrap();
        l.set_one("file-size = 2G").unwrap();
        assert_eq!(l.draws, 5_000_000);
        assert_eq!(l.file_size, 2_000_000_000);
        assert!(l.set_one("speed=3").unwrap_err().contains("no limit named"));
        assert!(l.set_one("draws").is_err());
        assert!(l.set_one("draws=-1").is_err());
        assert!(l.set_one("draws=99999999999999G").is_err());
    }
}
