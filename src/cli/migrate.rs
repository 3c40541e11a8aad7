//! `realpolitik migrate`: rewrite a model's blocks and links into relations.

use std::fmt::Write as _;
use std::path::PathBuf;

use realpolitik::model::LoadOptions;
use realpolitik::model::migrate::{MigrateDocument, ModelMigrationError, migrate_model};

use super::{CliError, Format, Output};

/// Rewrite a model written with separate `[[judgments]]` blocks and `[[links]]` into
/// `[[relations]]`, one per causal relation, carrying its evidence once for both engines.
///
/// A block and a link on the same pair merge when their evidence agrees (every evidence field
/// the same or absent from both); where it differs they are kept as two relations and listed,
/// for an analyst to reconcile. Comments, formatting and key order are kept. The model's
/// alternative encodings are rewritten with it. Before anything is written, the rewritten files
/// are loaded and checked to give the same model; each file is then replaced atomically.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The model file.
    pub model: PathBuf,

    /// Report what would change without writing anything.
    #[arg(long)]
    pub dry_run: bool,
}

/// Runs the command.
pub fn run(args: &Args, options: &LoadOptions, out: &Output) -> Result<(), CliError> {
    out.refuse_csv("migrate", "use --format text or --format json")?;
    let files = migrate_model(&args.model, options).map_err(|e| match e {
        ModelMigrationError::Load(e) => e.into(),
        other => CliError::Usage(other.to_string()),
    })?;
    if !args.dry_run {
        for f in &files {
            super::output::rewrite(&f.path, f.migration.text.as_bytes())?;
        }
    }
    let document = MigrateDocument {
        files,
        written: !args.dry_run,
    };
    match out.format {
        Format::Json => out.print_json(&document),
        Format::Text | Format::Csv => out.print(&render(&document)),
    }
}

fn render(d: &MigrateDocument) -> String {
    let mut t = String::new();
    for f in &d.files {
        let m = &f.migration;
        let verb = if d.written {
            "rewritten"
        } else {
            "would be rewritten"
        };
        let _ = writeln!(
            t,
            "{}: {verb}: {} block and link pair(s) merged into one relation each, {} block(s) or \
             link(s) on their own made relations, {} pair(s) kept apart",
            f.path.display(),
            m.merged,
            m.single,
            m.kept_apart.len()
        );
        for k in &m.kept_apart {
            let _ = writeln!(
                t,
                "  {} → {}: the block and the link differ in {}",
                k.from,
                k.to,
                k.fields.join(", ")
            );
        }
    }
    if d.files.iter().any(|f| !f.migration.kept_apart.is_empty()) {
        t.push_str(
            "A pair kept apart is two relations, one per engine, each with its own evidence: \
             reconcile them into one where the same passage grounds both.\n",
        );
    }
    t
}
