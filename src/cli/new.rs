//! `realpolitik new`: a model file to start from ([`realpolitik::templates`]).

use std::path::PathBuf;

use realpolitik::templates::Template;

use super::{CliError, Output};

/// Start a new model from a template.
///
/// Writes FILE from a template (never over an existing file): `blank` has the [model] table
/// with every other section sketched in comments; `fcm`, `cib` and `bargaining` hold a small
/// model for that engine, every judgment marked as an assumption for you to replace with your
/// evidence. Then open it in the workbench (`realpolitik serve FILE`) or edit it and run
/// `realpolitik check FILE`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The model file to write (it must not exist yet).
    pub file: PathBuf,

    /// The model to start from.
    #[arg(long, default_value = "blank", value_parser = templates())]
    pub template: String,
}

/// The templates' names, each with its summary in `--help`.
fn templates() -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(
        Template::ALL.map(|t| clap::builder::PossibleValue::new(t.name()).help(t.summary())),
    )
}

/// Runs the command.
pub fn run(args: &Args, out: &Output) -> Result<(), CliError> {
    let template = Template::named(&args.template).expect("clap admits only templates' names");
    let path = &args.file;
    realpolitik::io::create_new(path, template.text().as_bytes()).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            CliError::Io(format!(
                "{} exists: `new` never writes over a file; give another name",
                path.display()
            ))
        } else {
            CliError::io("write", path, &e)
        }
    })?;
    let file = path.display();
    out.print(&format!(
        "wrote {file} (template {}: {})\n\
         next: realpolitik serve {file}   edit it in the browser, with every engine's answer live\n\
         \x20     realpolitik check {file}   after editing it by hand\n",
        template.name(),
        template.summary()
    ))
}
