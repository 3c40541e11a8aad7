//! Writing results to standard output and problems to standard error.

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use realpolitik::output::{InvalidDocument, SCHEMA_VERSION};
use realpolitik::{Diagnostic, diagnostic};
use serde::Serialize;

use super::CliError;

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Readable text.
    Text,
    /// JSON: a documented document with a `schema_version` (see `realpolitik schema output`).
    Json,
    /// CSV, where the results are a table: `cib` its scenarios, `fcm` a model's effects or a
    /// matrix's trajectory, `bargain` the positions per issue and actor, `analyze` the
    /// briefing's effects. Commands whose output is no table refuse it.
    Csv,
}

/// Where a command writes: results to stdout, diagnostics and progress to stderr.
#[derive(Debug)]
pub struct Output {
    /// The format asked for.
    pub format: Format,
    /// Whether warnings and progress are suppressed.
    pub quiet: bool,
}

impl Output {
    /// An output with the global flags.
    pub fn new(format: Format, quiet: bool) -> Self {
        Output { format, quiet }
    }

    /// Writes text to stdout. A closed pipe becomes [`CliError::BrokenPipe`].
    pub fn print(&self, text: &str) -> Result<(), CliError> {
        let mut stdout = io::stdout().lock();
        stdout
            .write_all(text.as_bytes())
            .and_then(|()| stdout.flush())
            .map_err(|e| match e.kind() {
                io::ErrorKind::BrokenPipe => CliError::BrokenPipe,
                _ => CliError::Io(format!("cannot write to standard output: {e}")),
            })
    }

    /// Writes a document of `realpolitik::output` as pretty JSON to stdout. Each carries its
    /// own `schema_version`, and its layout is in `schema/output.schema.json`.
    pub fn print_json<T: Serialize>(&self, document: &T) -> Result<(), CliError> {
        let mut text = serde_json::to_string_pretty(document)
            .map_err(|e| CliError::Io(format!("cannot serialise the output: {e}")))?;
        text.push('\n');
        self.print(&text)
    }

    /// Refuses `--format csv` for a command whose output is no table, naming what it supports
    /// (a usage error, exit code 2), before any work is done.
    pub fn refuse_csv(&self, command: &str, supported: &str) -> Result<(), CliError> {
        if self.format == Format::Csv {
            return Err(CliError::usage(format!(
                "`{command}` has no tabular output, so no --format csv: {supported}"
            )));
        }
        Ok(())
    }

    /// Shows warnings on stderr, unless quiet.
    pub fn warn(&self, warnings: &[Diagnostic]) {
        if !self.quiet && !warnings.is_empty() {
            eprint!("{}", diagnostic::render(warnings, use_color()));
        }
    }

    /// Reports a failed command and returns its exit code. With `--format json`, invalid input
    /// is reported on stdout as `{ "valid": false, "diagnostics": [...] }` for programs.
    pub fn fail(&self, error: &CliError) -> ExitCode {
        match error {
            CliError::BrokenPipe => {}
            CliError::Invalid(diagnostics) if self.format == Format::Json => {
                let doc = InvalidDocument {
                    schema_version: SCHEMA_VERSION,
                    valid: false,
                    diagnostics: diagnostics.iter().map(Diagnostic::to_record).collect(),
                };
                // If stdout is gone there is nobody left to tell.
                let _ = self.print_json(&doc);
            }
            CliError::Invalid(diagnostics) => {
                let errors = diagnostics.iter().filter(|d| d.is_error()).count();
                eprint!("{}", diagnostic::render(diagnostics, use_color()));
                let plural = if errors == 1 { "" } else { "s" };
                eprintln!("error: {errors} error{plural} found; nothing was analysed");
            }
            CliError::Usage(message) | CliError::Io(message) => eprintln!("error: {message}"),
        }
        ExitCode::from(error.exit_code())
    }
}

/// Colours on stderr only when it is a terminal and `NO_COLOR` is not set.
fn use_color() -> bool {
    std::env::var_os("NO_COLOR").is_none() && io::stderr().is_terminal()
}

/// A CSV table: a header row, then the rows (fields quoted where needed).
pub fn csv_table(header: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> String {
    let mut w = realpolitik::cib::io::csv::writer();
    // Writing to memory cannot fail.
    let _ = w.write_record(header);
    for row in rows {
        let _ = w.write_record(&row);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}
