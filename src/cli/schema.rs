//! `realpolitik schema`: the JSON Schema of the model format.

use std::path::PathBuf;

use super::{CliError, Output};

/// Print the JSON Schema of the model file format.
///
/// Editors use it to complete and check model files (e.g. with taplo or VS Code's Even Better
/// TOML). The same schema is committed as schema/model.schema.json.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Write the schema to this file (atomically) instead of standard output.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

/// Runs the command.
pub fn run(args: &Args, out: &Output) -> Result<(), CliError> {
    let schema = realpolitik::schema::model_schema();
    match &args.output {
        Some(path) => realpolitik::io::write_atomic(path, schema.as_bytes())
            .map_err(|e| CliError::io("write", path, &e)),
        None => out.print(&schema),
    }
}
