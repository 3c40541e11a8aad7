//! Work units on the command line, for a cluster or a batch system without Python: `cib` and
//! `fcm` print their heavy work as units with `--units`, `realpolitik run-unit` runs them
//! anywhere, and the same command with `--merge` puts the results back and prints what it
//! prints when run at once (see `realpolitik::analysis::units`).
//!
//! ```text
//! realpolitik cib M.csv --basins --units 64 > units.jsonl
//! parallel --pipe -N1 realpolitik run-unit < units.jsonl > results.jsonl
//! realpolitik cib M.csv --basins --units 64 --merge results.jsonl
//! ```

use std::io::Read;
use std::path::{Path, PathBuf};

use realpolitik::analysis::units::{DEFAULT_UNITS, Unit, UnitResult, run_unit};
use realpolitik::limits::Limits;

use super::{CliError, Output};

/// The flags `cib` and `fcm` share to split their work.
#[derive(Debug, clap::Args)]
pub struct UnitArgs {
    /// Print the heavy work as independent units, one JSON object per line, instead of running
    /// it: each exact search (and an ensemble member's) and the basin count, or a model's Monte
    /// Carlo draws and its Sobol design's rows, cut into at most N units each. Run them with
    /// `realpolitik run-unit` anywhere, then give the results to --merge.
    #[arg(long, value_name = "N", num_args = 0..=1, default_missing_value = "64")]
    pub units: Option<usize>,

    /// Put back the results of the units (JSON lines as `run-unit` prints them, in any order;
    /// `-` reads standard input) and print what the command prints when run at once. Give the
    /// input and flags the units were made with, and their --units N (default 64).
    #[arg(long, value_name = "FILE")]
    pub merge: Option<PathBuf>,
}

impl UnitArgs {
    /// The number of pieces each search is cut into.
    pub fn pieces(&self) -> usize {
        self.units.unwrap_or(DEFAULT_UNITS)
    }

    /// Whether only the units are to be printed.
    pub fn print_only(&self) -> bool {
        self.units.is_some() && self.merge.is_none()
    }

    /// Refuses `--units 0`, and flags that would be ignored while units are printed.
    pub fn check(&self, writes: &[(&str, bool)]) -> Result<(), CliError> {
        if self.units == Some(0) {
            return Err(CliError::usage(
                "--units 0: give at least 1 unit per search",
            ));
        }
        if self.print_only()
            && let Some((flag, _)) = writes.iter().find(|(_, given)| *given)
        {
            return Err(CliError::usage(format!(
                "{flag} needs a result: give it with --merge, not when --units only prints the units"
            )));
        }
        Ok(())
    }
}

/// Prints each unit as one line of JSON.
pub fn print_units(units: &[Unit], out: &Output) -> Result<(), CliError> {
    let mut text = String::new();
    for unit in units {
        text.push_str(&serde_json::to_string(unit).expect("a unit serialises"));
        text.push('\n');
    }
    out.print(&text)
}

/// Reads JSON lines from `path` (`-`: standard input), at most the file-size limit in all.
fn read_lines(path: &Path, limits: &Limits) -> Result<String, CliError> {
    if path != Path::new("-") {
        return realpolitik::io::read_text(path, limits)
            .map_err(|e| CliError::Io(format!("cannot read {}: {e}", path.display())));
    }
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(limits.file_size.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| CliError::Io(format!("cannot read standard input: {e}")))?;
    if bytes.len() as u64 > limits.file_size {
        return Err(CliError::usage(Limits::exceeded(
            "file-size",
            "standard input",
            limits.file_size,
        )));
    }
    String::from_utf8(bytes).map_err(|_| CliError::usage("standard input is not UTF-8 text"))
}

/// Each non-blank line of `text` parsed as a `T`; a line that is not names the file, its line
/// and column.
fn parse_lines<T: serde::de::DeserializeOwned>(
    name: &str,
    text: &str,
    what: &str,
) -> Result<Vec<T>, CliError> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(k, line)| {
            serde_json::from_str(line).map_err(|e| {
                CliError::usage(format!("{name}:{}:{}: not {what}: {e}", k + 1, e.column()))
            })
        })
        .collect()
}

/// The unit results in the file `--merge` names.
pub fn read_results(path: &Path, limits: &Limits) -> Result<Vec<UnitResult>, CliError> {
    let text = read_lines(path, limits)?;
    parse_lines(
        &path.display().to_string(),
        &text,
        "a unit's result (as `realpolitik run-unit` prints it)",
    )
}

/// Run work units: read units (one JSON object per line, as `cib --units` and `fcm --units`
/// print them) and print each one's result on a line of its own as soon as it is done, in the
/// same order.
///
/// Each unit carries everything it reads (the matrix, or the model with its sources), so this
/// runs on any machine with realpolitik installed and no files. Give the results, from every
/// machine, to the command that made the units, with `--merge`.
#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// The units' file (default: standard input).
    pub units: Option<PathBuf>,
}

/// Runs `run-unit`.
pub fn run(args: &RunArgs, limits: &Limits, out: &Output) -> Result<(), CliError> {
    let path = args.units.clone().unwrap_or_else(|| PathBuf::from("-"));
    let name = if path == Path::new("-") {
        "standard input".to_owned()
    } else {
        path.display().to_string()
    };
    let text = read_lines(&path, limits)?;
    let units: Vec<Unit> = parse_lines(&name, &text, "a work unit")?;
    if units.is_empty() {
        return Err(CliError::usage(format!(
            "{name} has no unit: give the lines `cib --units` or `fcm --units` print"
        )));
    }
    for unit in &units {
        let result = run_unit(unit)?;
        let mut line = serde_json::to_string(&result).expect("a result serialises");
        line.push('\n');
        out.print(&line)?;
    }
    Ok(())
}
