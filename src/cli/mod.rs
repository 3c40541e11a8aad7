//! Command-line parsing and dispatch. Each subcommand lives in its own file with an `Args`
//! struct (whose doc comments are its help text) and a `run` function.

mod analyze;
mod bargain;
mod check;
mod cib;
mod error;
mod export;
mod fcm;
mod input;
mod output;
mod progress;
mod report;
mod schema;
mod show;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

pub use error::CliError;
pub use output::{Format, Output};

/// Structured strategic analysis from one model file.
///
/// realpolitik reads a model of a strategic system (actors, factors that push on each other,
/// policy options and triggers, and the evidence behind every judgment) and analyses it. Run
/// with no arguments to analyse the built-in model of the anti-IS coalition's choice about the
/// Assad regime (2014).
///
/// Exit codes: 0 success; 1 the input is invalid (every problem is reported); 2 the command
/// line is wrong; 3 a file could not be read or written.
#[derive(Debug, Parser)]
#[command(
    name = "realpolitik",
    version,
    about,
    long_about,
    max_term_width = 100,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,

    /// With no command, `analyze` runs with these arguments.
    #[command(flatten)]
    analyze: analyze::Args,

    #[command(flatten)]
    global: GlobalArgs,
}

/// Flags every subcommand accepts.
#[derive(Debug, clap::Args)]
pub struct GlobalArgs {
    /// Seed of every random draw; the same seed gives the same numbers on any thread count.
    #[arg(long, global = true, default_value_t = 2014)]
    pub seed: u64,

    /// Worker threads (0: one per core).
    #[arg(long, global = true, default_value_t = 0)]
    pub threads: usize,

    /// Output format: text for people, json for programs, csv for spreadsheets (cib, fcm,
    /// bargain and analyze, whose results are tables; other commands refuse it).
    #[arg(long, global = true, value_enum, default_value_t = Format::Text)]
    pub format: Format,

    /// Print only results and errors: no warnings, no progress bars.
    #[arg(short, long, global = true)]
    pub quiet: bool,
}

#[derive(Debug, Subcommand)]
enum Command {
    Analyze(analyze::Args),
    Bargain(bargain::Args),
    Check(check::Args),
    Cib(cib::Args),
    Show(show::Args),
    Export(export::Args),
    Fcm(fcm::Args),
    Schema(schema::Args),
}

/// Parses the command line, runs the command and maps the outcome to an exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let out = Output::new(cli.global.format, cli.global.quiet);
    if let Err(e) = configure_threads(cli.global.threads) {
        return out.fail(&e);
    }
    let result = match cli.command {
        None => analyze::run(&cli.analyze, &cli.global, &out),
        Some(Command::Analyze(args)) => analyze::run(&args, &cli.global, &out),
        Some(Command::Bargain(args)) => bargain::run(&args, &cli.global, &out),
        Some(Command::Check(args)) => check::run(&args, &out),
        Some(Command::Cib(args)) => cib::run(&args, &cli.global, &out),
        Some(Command::Show(args)) => show::run(&args, &out),
        Some(Command::Export(args)) => export::run(&args, &out),
        Some(Command::Fcm(args)) => fcm::run(&args, &cli.global, &out),
        Some(Command::Schema(args)) => schema::run(&args, &out),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => out.fail(&e),
    }
}

fn configure_threads(threads: usize) -> Result<(), CliError> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build_global()
        .map_err(|e| CliError::usage(format!("cannot start {threads} worker threads: {e}")))
}
