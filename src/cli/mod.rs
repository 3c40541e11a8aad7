//! Command-line parsing and dispatch. Each subcommand lives in its own file with an `Args`
//! struct (whose doc comments are its help text) and a `run` function.

mod ach;
mod analyze;
mod bargain;
mod check;
mod cib;
mod error;
mod export;
mod fcm;
mod input;
mod limits;
mod migrate;
mod new;
mod output;
mod progress;
mod report;
mod schema;
mod serve;
mod show;
mod units;

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
#[command(name = "realpolitik", version, about, long_about, max_term_width = 100)]
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

    /// Worker threads (0: one per core; at most 4 per core).
    #[arg(long, global = true, default_value_t = 0)]
    pub threads: usize,

    /// Output format: text for people, json for programs, csv for spreadsheets (cib, fcm,
    /// bargain and analyze, whose results are tables; other commands refuse it).
    #[arg(long, global = true, value_enum, default_value_t = Format::Text)]
    pub format: Format,

    /// Print only results and errors: no warnings, no progress bars.
    #[arg(short, long, global = true)]
    pub quiet: bool,

    /// Render at most this many problems as text (the rest are counted; `--format json` lists
    /// every one).
    #[arg(long, global = true, default_value_t = 20, value_name = "N")]
    pub max_diagnostics: usize,

    /// Raise (or lower) a limit on input and work, as NAME=VALUE (repeatable), e.g.
    /// `--limit draws=5M`. Names: file-size, cells, columns, draws, samples, actors,
    /// search-space, threads-per-core, solutions (docs/command-line.md gives the defaults).
    #[arg(long = "limit", global = true, value_name = "NAME=VALUE")]
    pub limits: Vec<String>,

    /// A folder a model's `[[sources]] path` may also lead into, besides the model's own
    /// folder (repeatable). Paths are still written relative to the model, or absolute.
    #[arg(long = "sources-dir", global = true, value_name = "DIR")]
    pub sources_dirs: Vec<std::path::PathBuf>,
}

#[derive(Debug, Subcommand)]
enum Command {
    Ach(ach::Args),
    #[command(alias = "analyse")]
    Analyze(analyze::Args),
    Bargain(bargain::Args),
    Check(check::Args),
    Cib(cib::Args),
    Show(show::Args),
    Export(export::Args),
    Fcm(fcm::Args),
    Migrate(migrate::Args),
    New(new::Args),
    RunUnit(units::RunArgs),
    Schema(schema::Args),
    Serve(serve::Args),
}

/// Parses the command line, runs the command and maps the outcome to an exit code.
pub fn main() -> ExitCode {
    remove_temporaries_on_signals();
    quiet_handled_panics();
    // A command never writes an output over what it read (`output::write_file`).
    realpolitik::io::protect_inputs();
    let cli = parse();
    let out = Output::new(
        cli.global.format,
        cli.global.quiet,
        cli.global.max_diagnostics,
    );
    let options = match limits::load_options(&cli.global)
        .and_then(|options| configure_threads(cli.global.threads).map(|()| options))
    {
        Ok(options) => options,
        Err(e) => return out.fail(&e),
    };
    let (global, o) = (&cli.global, &options);
    let result = match cli.command {
        None => not_a_command(cli.analyze.model.as_deref())
            .and_then(|()| analyze::run(&cli.analyze, global, o, &out)),
        Some(Command::Analyze(args)) => analyze::run(&args, global, o, &out),
        Some(Command::Ach(args)) => ach::run(&args, global, o, &out),
        Some(Command::Bargain(args)) => bargain::run(&args, global, o, &out),
        Some(Command::Check(args)) => check::run(&args, o, &out),
        Some(Command::Cib(args)) => cib::run(&args, global, o, &out),
        Some(Command::Show(args)) => show::run(&args, o, &out),
        Some(Command::Export(args)) => export::run(&args, o, &out),
        Some(Command::Fcm(args)) => fcm::run(&args, global, o, &out),
        Some(Command::Migrate(args)) => migrate::run(&args, o, &out),
        Some(Command::New(args)) => new::run(&args, &out),
        Some(Command::RunUnit(args)) => units::run(&args, &o.limits, &out),
        Some(Command::Schema(args)) => schema::run(&args, &out),
        Some(Command::Serve(args)) => serve::run(&args, global, o, &out),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => out.fail(&e),
    }
}

/// The global flags that mean nothing to a command: hidden from its `--help`, and refused
/// when given, rather than silently ignored.
const MEANINGLESS: &[(&str, &[&str])] = &[
    ("serve", &["format", "quiet", "max_diagnostics"]),
    (
        "schema",
        &[
            "seed",
            "threads",
            "quiet",
            "max_diagnostics",
            "limits",
            "sources_dirs",
        ],
    ),
    (
        "new",
        &[
            "seed",
            "threads",
            "format",
            "max_diagnostics",
            "limits",
            "sources_dirs",
        ],
    ),
];

/// Parses the command line. The global flags may come before the command (`realpolitik -q
/// check`); the options of the default command (`analyze`) may not, since they would then be
/// ignored: `realpolitik --draws 10 cib` is refused, saying where the option belongs.
fn parse() -> Cli {
    use clap::{CommandFactory, FromArgMatches};
    let mut command = Cli::command();
    for (name, ids) in MEANINGLESS {
        // A subcommand that has an argument of a global's id keeps its own: a hidden copy.
        let hidden: Vec<clap::Arg> = command
            .get_arguments()
            .filter(|a| ids.contains(&a.get_id().as_str()))
            .map(|a| a.clone().hide(true))
            .collect();
        command = command.mut_subcommand(name, |sub| sub.args(hidden));
    }
    let matches = command.get_matches_mut();
    if let Some(message) = misplaced(&matches) {
        command
            .error(clap::error::ErrorKind::ArgumentConflict, message)
            .exit();
    }
    Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.format(&mut command).exit())
}

/// What is wrong with where the arguments stand: an option of `analyze` before another
/// command, or a global flag that means nothing to the command.
fn misplaced(matches: &clap::ArgMatches) -> Option<String> {
    let given = |id: &str| {
        matches
            .try_get_raw(id)
            .is_ok_and(|_| matches.value_source(id) == Some(clap::parser::ValueSource::CommandLine))
    };
    let (name, _) = matches.subcommand()?;
    if let Some(id) = ["model", "draws", "report"]
        .into_iter()
        .find(|id| given(id))
    {
        let what = match id {
            "model" => "the model file".to_owned(),
            other => format!("--{other}"),
        };
        return Some(format!(
            "{what} comes before the command `{name}`: give it after the command, \
             `realpolitik {name} …` (before a command, only the global flags are read)"
        ));
    }
    let (_, ids) = MEANINGLESS.iter().find(|(n, _)| *n == name)?;
    let id = ids.iter().find(|id| given(id))?;
    Some(format!(
        "--{} means nothing to `{name}`: drop it",
        id.replace('_', "-")
    ))
}

/// With no command, a first argument that is no file but is close to a command's name is a
/// misspelt command (`realpolitik chek`), not a model that cannot be read.
fn not_a_command(model: Option<&std::path::Path>) -> Result<(), CliError> {
    use clap::CommandFactory;
    let Some(word) = model.and_then(|m| m.to_str()) else {
        return Ok(());
    };
    if std::path::Path::new(word).exists() || word.contains(['.', '/', '\\']) {
        return Ok(());
    }
    let command = Cli::command();
    let names = command.get_subcommands().map(|c| c.get_name());
    match realpolitik::suggest::closest(word, names) {
        Some(name) => Err(CliError::usage(format!(
            "{word:?} is neither a command nor a file: did you mean the command `{name}`? \
             (`realpolitik --help` lists the commands)"
        ))),
        None => Ok(()),
    }
}

/// On SIGINT, SIGTERM, SIGHUP (the terminal closed) or SIGQUIT, removes the temporary files of writes in progress (so no
/// `.NAME.realpolitik-tmp-XXXXXX` is left behind) and exits with 128 + the signal's number, as a
/// shell reports a process the signal killed.
fn remove_temporaries_on_signals() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP, SIGQUIT])
    else {
        return;
    };
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            realpolitik::io::remove_temporaries();
            std::process::exit(128 + signal);
        }
    });
}

/// Keeps quiet the panics the library catches and reports as errors: calamine's, on a malformed
/// spreadsheet (`realpolitik::sheet`). The default hook would print "thread 'main' panicked"
/// and a backtrace before the located error; any other panic is printed as usual.
fn quiet_handled_panics() {
    let print = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let in_calamine = info
            .location()
            .is_some_and(|l| l.file().contains("calamine"));
        if !in_calamine {
            print(info);
        }
    }));
}

fn configure_threads(threads: usize) -> Result<(), CliError> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build_global()
        .map_err(|e| CliError::usage(format!("cannot start {threads} worker threads: {e}")))
}
