//! Writing results to standard output and problems to standard error.

use std::io::{self, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use realpolitik::output::safe::{has_control, printable};
use realpolitik::output::{InvalidDocument, SCHEMA_VERSION};
use realpolitik::{Diagnostic, diagnostic};
use serde::Serialize;

use super::CliError;

pub use realpolitik::output::csv_table;

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Readable text.
    Text,
    /// JSON: a documented document with a `schema_version` (see `realpolitik schema --of output`).
    Json,
    /// CSV, where the results are a table: `cib` its scenarios, `fcm` a model's effects or a
    /// matrix's trajectory, `bargain` the positions per issue and actor, `analyze` the
    /// briefing's effects. Commands whose output is no table refuse it.
    Csv,
}

/// The widest a padded text column gets: longer names overflow it rather than pad every row
/// (and a format width past 65,535 would panic).
pub const MAX_COLUMN: usize = 60;

/// Where a command writes: results to stdout, diagnostics and progress to stderr.
#[derive(Debug)]
pub struct Output {
    /// The format asked for.
    pub format: Format,
    /// Whether warnings and progress are suppressed.
    pub quiet: bool,
    /// At most this many diagnostics are rendered as text (`--max-diagnostics`); JSON lists all.
    pub max_diagnostics: usize,
}

impl Output {
    /// An output with the global flags.
    pub fn new(format: Format, quiet: bool, max_diagnostics: usize) -> Self {
        Output {
            format,
            quiet,
            max_diagnostics,
        }
    }

    /// Writes text (or CSV) to stdout, every control character a terminal would act on shown
    /// instead ([`printable`]: a model's labels are untrusted). A closed pipe becomes
    /// [`CliError::BrokenPipe`].
    pub fn print(&self, text: &str) -> Result<(), CliError> {
        self.write_stdout(&printable(text))
    }

    fn write_stdout(&self, text: &str) -> Result<(), CliError> {
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
        self.write_stdout(&json_escaped(&text))
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
            eprint_quietly(&self.render(warnings));
        }
    }

    /// The first `max_diagnostics` diagnostics as text, and a line saying how many were left out.
    fn render(&self, diagnostics: &[Diagnostic]) -> String {
        let shown = &diagnostics[..diagnostics.len().min(self.max_diagnostics)];
        // A model's text may hold control characters: then the colours (themselves escape
        // sequences) go, and every control character is shown instead of acting.
        let mut text = if shown.iter().any(has_control_text) {
            printable(&diagnostic::render(shown, false)).into_owned()
        } else {
            diagnostic::render(shown, use_color())
        };
        let left_out = diagnostics.len() - shown.len();
        if left_out > 0 {
            text.push_str(&format!(
                "… and {left_out} more not shown (--max-diagnostics {} shows more; \
                 --format json lists all)\n",
                diagnostics.len()
            ));
        }
        text
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
                let plural = if errors == 1 { "" } else { "s" };
                let mut text = self.render(diagnostics);
                text.push_str(&format!(
                    "error: {errors} error{plural} found; nothing was analysed\n"
                ));
                eprint_quietly(&text);
            }
            CliError::Usage(message) | CliError::Io(message) => {
                eprint_quietly(&format!("error: {}\n", printable(message)));
            }
        }
        ExitCode::from(error.exit_code())
    }
}

/// Whether a diagnostic's text or its file holds a control character a terminal would act on.
fn has_control_text(d: &Diagnostic) -> bool {
    has_control(&d.message)
        || d.help.as_deref().is_some_and(has_control)
        || d.location
            .as_ref()
            .is_some_and(|(_, label)| has_control(label))
        || d.file.as_ref().is_some_and(|f| has_control(f.text()))
}

/// JSON with DEL and the C1 controls, which serde_json leaves raw (a terminal may act on them),
/// written as `\u` escapes: the same document, safe to print.
fn json_escaped(json: &str) -> std::borrow::Cow<'_, str> {
    let risky = |c: char| c == '\u{7f}' || ('\u{80}'..='\u{9f}').contains(&c);
    if !json.chars().any(risky) {
        return std::borrow::Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if risky(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Writes an output file given with `-o`, `--report`, `--csv` or `--sl`: `-` is standard output;
/// anything else is written safely (see [`realpolitik::io::write_atomic`]: atomically, through a
/// symlink to its target, through to an existing device or FIFO).
pub fn write_file(path: &Path, contents: &[u8]) -> Result<(), CliError> {
    if path.as_os_str() == "-" {
        let mut stdout = io::stdout().lock();
        return stdout
            .write_all(contents)
            .and_then(|()| stdout.flush())
            .map_err(|e| match e.kind() {
                io::ErrorKind::BrokenPipe => CliError::BrokenPipe,
                _ => CliError::Io(format!("cannot write to standard output: {e}")),
            });
    }
    if realpolitik::io::is_input(path) {
        let why = io::Error::new(
            io::ErrorKind::AlreadyExists,
            "it is an input of this command; write the output elsewhere",
        );
        return Err(CliError::io("write", path, &why));
    }
    rewrite(path, contents)
}

/// Replaces a file the command read, on purpose (`migrate` rewrites the model it reads).
pub fn rewrite(path: &Path, contents: &[u8]) -> Result<(), CliError> {
    realpolitik::io::write_atomic(path, contents).map_err(|e| CliError::io("write", path, &e))
}

/// Writes to stderr, ignoring failure: when stderr is closed or full (`2>&1 | head`,
/// `2>/dev/full`) there is nobody to tell, and the exit code still says what happened.
/// (`eprint!` would panic instead.)
pub fn eprint_quietly(text: &str) {
    let mut stderr = io::stderr().lock();
    let _ = stderr
        .write_all(text.as_bytes())
        .and_then(|()| stderr.flush());
}

/// Colours on stderr only when it is a terminal and `NO_COLOR` is not set.
fn use_color() -> bool {
    std::env::var_os("NO_COLOR").is_none() && io::stderr().is_terminal()
}
