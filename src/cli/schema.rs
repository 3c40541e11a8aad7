//! `realpolitik schema`: the JSON Schema of the model format.

use std::path::PathBuf;

use super::{CliError, Output};

/// Print the JSON Schema of the model file format, or of the JSON output.
///
/// Editors use the model schema to complete and check model files (e.g. with taplo or VS Code's
/// Even Better TOML); programs use the output schema to read `--format json` documents. Both are
/// committed in schema/.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Which schema.
    #[arg(long, value_enum, default_value_t = Which::Model)]
    pub of: Which,

    /// Write the schema to this file (atomically) instead of standard output.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

/// A schema.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum Which {
    /// The model file format (schema/model.schema.json).
    Model,
    /// The documents of `--format json` (schema/output.schema.json).
    Output,
}

/// Runs the command.
pub fn run(args: &Args, out: &Output) -> Result<(), CliError> {
    out.refuse_csv("schema", "it prints a JSON Schema; drop --format csv")?;
    let schema = match args.of {
        Which::Model => realpolitik::schema::model_schema(),
        Which::Output => realpolitik::output::output_schema(),
    };
    match &args.output {
        Some(path) => super::output::write_file(path, schema.as_bytes()),
        None => out.print(&schema),
    }
}
