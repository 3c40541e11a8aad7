//! `realpolitik analyze`: the main job — a briefing on a model.
//!
//! Until it combines the engines it checks the model and summarises what the analysis will rest
//! on; it prints no results it has not computed.

use std::fmt::Write as _;
use std::path::PathBuf;

use std::time::Instant;

use realpolitik::model::summary::Summary;
use realpolitik::output::{AnalyzeDocument, SCHEMA_VERSION};
use realpolitik::report::{Provenance, Report};

use super::input::load_model;
use super::{CliError, Format, GlobalArgs, Output};

/// Analyse a model and print a briefing (the default command).
///
/// With no MODEL, analyses the built-in model of the anti-IS coalition's choice about the Assad
/// regime (2014).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The model file (default: the built-in model).
    pub model: Option<PathBuf>,

    /// Also write a self-contained HTML report (plots included) to this file.
    #[arg(long, value_name = "FILE.html")]
    pub report: Option<PathBuf>,
}

/// Runs the command.
pub fn run(args: &Args, global: &GlobalArgs, out: &Output) -> Result<(), CliError> {
    let started = Instant::now();
    let loaded = load_model(args.model.as_ref(), out)?;
    if let Some(path) = &args.report {
        let report = Report::new(&loaded.model);
        let provenance = Provenance {
            model_name: loaded.file.name().to_owned(),
            seed: global.seed,
            draws: None,
            elapsed: started.elapsed(),
        };
        realpolitik::io::write_atomic(path, report.to_html(&provenance).as_bytes())
            .map_err(|e| CliError::io("write", path, &e))?;
    }
    let model = &loaded.model;
    let summary = Summary::of(model);
    let engines_note = "This briefing does not combine the engines yet, so it describes the model \
                        only. Each method's results: `realpolitik cib` (consistent scenarios), \
                        `realpolitik fcm` (policy effects) and `realpolitik bargain` (the actors' \
                        bargaining), on this model by default.";
    if out.format == Format::Json {
        return out.print_json(&AnalyzeDocument {
            schema_version: SCHEMA_VERSION,
            version: realpolitik::VERSION.to_owned(),
            seed: global.seed,
            file: loaded.file.name().to_owned(),
            title: model.title.clone(),
            question: model.question.clone(),
            options: model.options.iter().map(|o| o.id.clone()).collect(),
            triggers: model.triggers.iter().map(|o| o.id.clone()).collect(),
            summary,
            note: engines_note.to_owned(),
        });
    }
    let mut t = String::new();
    let _ = writeln!(t, "{}", model.title);
    let _ = writeln!(t, "{}", "=".repeat(model.title.chars().count()));
    if let Some(q) = &model.question {
        let _ = writeln!(t, "\nQuestion: {q}");
    }
    for (title, list) in [("Options", &model.options), ("Triggers", &model.triggers)] {
        if !list.is_empty() {
            let _ = writeln!(t, "\n{title}:");
            for s in list {
                let sq = if s.status_quo { " (status quo)" } else { "" };
                let _ = writeln!(t, "  - {}{sq}", s.name);
            }
        }
    }
    let _ = writeln!(t, "\nModel");
    t.push_str(&super::check::render(loaded.file.name(), &summary, false));
    let _ = writeln!(t, "\n{engines_note}");
    out.print(&t)
}
