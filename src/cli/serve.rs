//! `realpolitik serve`: the web workbench ([`realpolitik_serve`]).

use realpolitik::model::LoadOptions;
use std::path::PathBuf;

use super::{CliError, GlobalArgs, Output};

/// Open a model in the web workbench: edit it and see every engine's answer live.
///
/// Starts a server on 127.0.0.1 and prints the page's address, with a token that only this
/// launch accepts; open it in a browser (or pass --open). The page edits the model's TOML (with
/// its problems shown where they are), draws its causal graph (drag the factors, change a
/// link's weight), re-runs the briefing after every valid edit and shows how the edit moved
/// each option's net score, and saves the file back with its comments intact. With no MODEL it
/// opens the built-in model, read-only; a MODEL that does not exist yet is made in the page,
/// from a template, and its first save creates the file. Stop it with Ctrl-C.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The model file to open, or to make if it does not exist (default: the built-in model,
    /// read-only).
    pub model: Option<PathBuf>,

    /// The port on 127.0.0.1 (0: any free port).
    #[arg(long, default_value_t = 7414)]
    pub port: u16,

    /// Also open the page in the default browser.
    #[arg(long)]
    pub open: bool,
}

/// Runs the command.
pub fn run(
    args: &Args,
    global: &GlobalArgs,
    options: &LoadOptions,
    out: &Output,
) -> Result<(), CliError> {
    let workbench = realpolitik_serve::Workbench::open(args.model.clone(), options.clone())
        .map_err(|e| CliError::Io(format!("cannot open the model: {e}")))?
        .with_seed(global.seed);
    if !workbench.opened().exists {
        super::output::eprint_quietly(&format!(
            "{} does not exist yet: the page offers models to start from, and Save creates it\n",
            workbench.opened().name()
        ));
    }
    let open = args.open;
    let mut printed = Ok(());
    realpolitik_serve::run(workbench, args.port, |url| {
        printed = out.print(&format!(
            "realpolitik workbench: {url}\n(Ctrl-C stops it)\n"
        ));
        if open && let Err(e) = realpolitik_serve::open_in_browser(url) {
            eprintln!("cannot open a browser ({e}): open the address above yourself");
        }
    })
    .map_err(|e| CliError::Io(format!("cannot serve on 127.0.0.1:{}: {e}", args.port)))?;
    printed
}
