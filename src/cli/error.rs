//! The command line's errors and their exit codes.

use std::io;
use std::path::Path;

use realpolitik::Diagnostic;

/// Why a command failed.
#[derive(Debug)]
pub enum CliError {
    /// The input is invalid: every diagnostic found (exit code 1).
    Invalid(Vec<Diagnostic>),
    /// The command line is wrong (exit code 2).
    Usage(String),
    /// A file could not be read or written (exit code 3).
    Io(String),
    /// Standard output was closed by its reader (e.g. `| head`): stop quietly (exit code 0).
    BrokenPipe,
}

impl CliError {
    /// A command-line error.
    pub fn usage(message: impl Into<String>) -> Self {
        CliError::Usage(message.into())
    }

    /// A file error, naming the file.
    pub fn io(action: &str, path: &Path, error: &io::Error) -> Self {
        CliError::Io(format!("cannot {action} {}: {error}", path.display()))
    }

    /// The process exit code of this error.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::BrokenPipe => 0,
            CliError::Invalid(_) => 1,
            CliError::Usage(_) => 2,
            CliError::Io(_) => 3,
        }
    }
}

impl From<realpolitik::model::LoadError> for CliError {
    fn from(e: realpolitik::model::LoadError) -> Self {
        match e {
            realpolitik::model::LoadError::Read { path, source } => {
                CliError::io("read", &path, &source)
            }
            realpolitik::model::LoadError::Invalid(diagnostics) => CliError::Invalid(diagnostics),
        }
    }
}

impl From<realpolitik::analysis::RequestError> for CliError {
    fn from(e: realpolitik::analysis::RequestError) -> Self {
        CliError::Usage(e.0)
    }
}

impl From<realpolitik::analysis::AnalysisError> for CliError {
    fn from(e: realpolitik::analysis::AnalysisError) -> Self {
        use realpolitik::analysis::AnalysisError;
        match e {
            AnalysisError::Request(r) => r.into(),
            AnalysisError::Invalid(diagnostics) => CliError::Invalid(diagnostics),
            AnalysisError::Read { path, source } => CliError::io("read", &path, &source),
        }
    }
}
