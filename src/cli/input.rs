//! Loading the model a command works on: a file, or the built-in default.

use std::path::PathBuf;

use realpolitik::Loaded;
use realpolitik::model::LoadOptions;

use super::{CliError, Output};

/// Loads the model at `path` under `options`, or the built-in default model when none is
/// given. Warnings are shown on stderr.
pub fn load_model(
    path: Option<&PathBuf>,
    options: &LoadOptions,
    out: &Output,
) -> Result<Loaded, CliError> {
    let loaded = realpolitik::analysis::load(path.map(PathBuf::as_path), options)?;
    out.warn(&loaded.warnings);
    Ok(loaded)
}
