//! The analysis API that every front end calls: a typed request in, a typed document
//! ([`crate::output`]) out. The command line, the web workbench and the Python package only
//! parse their input into a request, call the function here, and render the document it
//! returns, so each decision about *what* to compute (which cases, which sensitivity, which
//! settings) is made once, here, and every front end gives the same numbers.
//!
//! A request that cannot run is refused with a [`RequestError`] before any work starts (the
//! command line prints its message as a usage error). The messages name the command line's
//! flags (`--draws`, `--case`), because the command line is the reference front end and its
//! messages are tested word for word; another front end shows them as they are or maps the flag
//! to its own field.

pub mod ach;
mod analyze;
pub mod bargain;
mod check;
pub mod cib;
pub mod fcm;
pub mod units;

use std::path::{Path, PathBuf};

use crate::limits::Limits;
use crate::model::{LoadError, LoadOptions};
use crate::{Diagnostic, Loaded};

pub use analyze::{AnalyzeRequest, analyze, effects_csv};
pub use check::{CheckResult, check, show};

/// Loads the model at `path`, or the built-in model (the anti-IS coalition's choice about the
/// Assad regime, 2014) when none is given: what every command analyses without an argument.
/// The warnings are on [`Loaded::warnings`], for the front end to show.
pub fn load(path: Option<&Path>, options: &LoadOptions) -> Result<Loaded, LoadError> {
    match path {
        Some(path) => crate::model::load_file(path, options),
        None => crate::default_model(),
    }
}

/// Where [`load`] reads the texts of a model's sources from: the model's folder, or the
/// built-in texts for the built-in model (what [`units::ModelText`] sends along).
pub fn source_texts(path: Option<&Path>) -> crate::model::SourceTexts {
    match path {
        Some(path) => crate::model::SourceTexts::Directory(
            path.parent().map(Path::to_owned).unwrap_or_default(),
        ),
        None => crate::model::SourceTexts::Embedded(crate::embedded::DEFAULT_SOURCES),
    }
}

/// Why a request cannot run: a value out of range, an id the input does not have, a
/// combination that makes no sense. The message says what to give instead.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct RequestError(pub String);

impl RequestError {
    /// A request error with this message.
    pub fn new(message: impl Into<String>) -> Self {
        RequestError(message.into())
    }
}

/// Why an analysis failed: the request, the input, or a file the request names.
#[derive(Debug, thiserror::Error)]
pub enum AnalysisError {
    /// The request cannot run on this input.
    #[error(transparent)]
    Request(#[from] RequestError),
    /// The input is invalid: every problem found.
    #[error("the input has {} problem(s)", .0.len())]
    Invalid(Vec<Diagnostic>),
    /// A file could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The path as given.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
}

/// Checks a count of work such as `--draws`: at least `min` (else `why_min`), at most the limit
/// in `limits` (`samples` for `--samples`, `draws` for the others); the message starts with the
/// flag and the count.
pub fn count(
    limits: &Limits,
    flag: &str,
    n: u64,
    min: u64,
    why_min: &str,
) -> Result<(), RequestError> {
    let name = if flag == "--samples" {
        "samples"
    } else {
        "draws"
    };
    match limits.count_defect(name, n, min, why_min) {
        Some(why) => Err(RequestError(format!("{flag} {n}: {why}"))),
        None => Ok(()),
    }
}

/// A report on the input's model, or, for a bare matrix or table, one titled by its name.
fn report_on<'a>(model: Option<&'a crate::Model>, name: &str) -> crate::report::Report<'a> {
    match model {
        Some(m) => crate::report::Report::new(m),
        None => crate::report::Report::without_model(name),
    }
}

/// The name of an FCM case: the option, and the trigger after a plus (`act + shock`).
pub fn case_name(option: &str, trigger: Option<&str>) -> String {
    match trigger {
        Some(t) => format!("{option} + {t}"),
        None => option.to_owned(),
    }
}
