//! `realpolitik export`: the causal graph for Graphviz, Gephi or yEd.

use std::path::PathBuf;

use realpolitik::export::{Graph, GraphFormat};
use realpolitik::model::LoadOptions;

use super::input::load_model;
use super::{CliError, Output};

/// Export the model's causal graph.
///
/// Nodes are factors; edges are causal links (with weights) and cross-impact blocks.
/// `dot` is for Graphviz (`realpolitik export --to dot | dot -Tsvg > graph.svg`), `graphml` for
/// Gephi and yEd, `json` for programs.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The model file (default: the built-in model).
    pub model: Option<PathBuf>,

    /// The graph format.
    #[arg(long, value_enum)]
    pub to: ExportFormat,

    /// Write to this file (atomically) instead of standard output.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

/// A graph format.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum ExportFormat {
    /// Graphviz DOT.
    Dot,
    /// GraphML (Gephi, yEd).
    Graphml,
    /// JSON: nodes and edges.
    Json,
}

/// Runs the command.
pub fn run(args: &Args, options: &LoadOptions, out: &Output) -> Result<(), CliError> {
    out.refuse_csv(
        "export",
        "choose the graph format with --to dot, --to graphml or --to json",
    )?;
    let loaded = load_model(args.model.as_ref(), options, out)?;
    let format = match args.to {
        ExportFormat::Dot => GraphFormat::Dot,
        ExportFormat::Graphml => GraphFormat::Graphml,
        ExportFormat::Json => GraphFormat::Json,
    };
    let text = Graph::of(&loaded.model).render(format);
    match &args.output {
        Some(path) => super::output::write_file(path, text.as_bytes()),
        None => out.print(&text),
    }
}
