//! `realpolitik fcm`: fuzzy cognitive map simulation of a model or of a bare weight matrix.

use std::path::{Path, PathBuf};
use std::time::Instant;

use realpolitik::analysis::fcm::{self, FcmInput, FcmRequest};
use realpolitik::analysis::units::{ModelText, fcm_merge, fcm_units};
use realpolitik::fcm::aggregate::Method;
use realpolitik::fcm::{Preset, Rule, Transfer};
use realpolitik::model::LoadOptions;

use super::input::load_model;
use super::progress::Bar;
use super::units::{UnitArgs, print_units, read_results};
use super::{CliError, Format, GlobalArgs, Output, report};

mod render;

/// Simulate a fuzzy cognitive map (Kosko 1986).
///
/// Given a model, compares the baseline steady state (the status-quo option's clamps) with
/// every option, alone and with each trigger, and prints each concept's change (also in
/// percentage points). Given an adjacency matrix (.csv or a spreadsheet: Mental Modeler's
/// export, FCMpy's layout or a bare square of numbers; rows are causes, columns effects), runs it from --initial and
/// prints the trajectory, the final state and how the run ended (converged, cap reached, limit
/// cycle with its period, chaotic).
///
/// Example: realpolitik fcm W.csv --initial 1,1,1,0,0,0 --rule kosko --transfer sigmoid
/// --lambda 1 --format json
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A model (.toml), or one or more weight matrices (.csv, or a spreadsheet: .xlsx, .xls,
    /// .ods): several matrices are experts' maps, aggregated edge by edge (default: the
    /// built-in model).
    pub inputs: Vec<PathBuf>,

    /// The sheet of a spreadsheet input (.xlsx, .xls, .ods) that holds the matrix (default: the
    /// first).
    #[arg(long)]
    pub sheet: Option<String>,

    /// How several experts' matrices combine: mean or median per edge.
    #[arg(long, default_value = "mean")]
    pub aggregate: Method,

    /// Initial activations, one per concept, comma-separated (default: all ones).
    #[arg(long, value_delimiter = ',', allow_hyphen_values = true)]
    pub initial: Option<Vec<f64>>,

    /// Inference rule: kosko, modified-kosko or rescaled.
    #[arg(long, default_value = "kosko")]
    pub rule: Rule,

    /// Transfer function: sigmoid, tanh, bivalent or trivalent.
    #[arg(long, default_value = "sigmoid")]
    pub transfer: Transfer,

    /// Steepness λ of sigmoid and tanh.
    #[arg(long, default_value_t = 1.0)]
    pub lambda: f64,

    /// Convergence threshold ε on the largest change of a step (default: the preset's).
    #[arg(long)]
    pub epsilon: Option<f64>,

    /// Most steps computed (default: the preset's).
    #[arg(long)]
    pub cap: Option<usize>,

    /// Conventions of another tool: default, fcmpy, mental-modeler or r-fcm.
    #[arg(long, default_value = "default")]
    pub preset: Preset,

    /// Hold a concept at a value at every step, as CONCEPT=VALUE (matrix input; repeatable).
    #[arg(long = "clamp", value_name = "CONCEPT=VALUE")]
    pub clamps: Vec<String>,

    /// Monte Carlo draws over the uncertain weights (model input; 0: none).
    #[arg(long, default_value_t = 0)]
    pub draws: usize,

    /// Bootstrap resamples for the confidence interval of each Monte Carlo mean.
    #[arg(long, default_value_t = 1000)]
    pub bootstrap: usize,

    /// Also print the structure: degrees, centrality, density, complexity, hierarchy, and the
    /// strongest paths from each lever to each outcome.
    #[arg(long)]
    pub structure: bool,

    /// Also write the results as CSV to this file, for programs and spreadsheets: a matrix's
    /// trajectory (step, then one column per concept), or a model's effects (one row per case
    /// and concept: baseline, state, change, change in points). `--format csv` prints the same
    /// table to standard output.
    #[arg(long, value_name = "FILE")]
    pub csv: Option<PathBuf>,

    /// Paths shown per lever and outcome.
    #[arg(long, default_value_t = 3)]
    pub paths: usize,

    /// Which uncertain links decide this outcome concept (model input): a tornado diagram and
    /// Sobol first-order and total indices (Saltelli sampling).
    #[arg(long, value_name = "CONCEPT")]
    pub sensitivity: Option<String>,

    /// The case the sensitivity analysis studies: OPTION or OPTION+TRIGGER (default: the first
    /// option that is not the status quo).
    #[arg(long = "case", value_name = "OPTION[+TRIGGER]")]
    pub case: Option<String>,

    /// Rows N of each Saltelli sample matrix (N·(k+2) runs for k uncertain links).
    #[arg(long, default_value_t = 1000)]
    pub samples: usize,

    /// Also write a self-contained HTML report to this file. A model's: each outcome's change
    /// per case (with its 90 % interval given --draws), a tornado chart per outcome for the
    /// --case studied, and the strongest lever → outcome paths; a matrix's: each concept's
    /// activation step by step.
    #[arg(long, value_name = "FILE.html")]
    pub report: Option<PathBuf>,

    #[command(flatten)]
    pub work: UnitArgs,
}

/// Runs the command: the flags become an [`FcmRequest`], the library runs it, and the result
/// is rendered.
pub fn run(
    args: &Args,
    global: &GlobalArgs,
    options: &LoadOptions,
    out: &Output,
) -> Result<(), CliError> {
    let request = FcmRequest {
        preset: args.preset,
        rule: args.rule,
        transfer: args.transfer,
        lambda: args.lambda,
        epsilon: args.epsilon,
        cap: args.cap,
        initial: args.initial.clone(),
        clamps: args.clamps.clone(),
        aggregate: args.aggregate,
        draws: args.draws,
        bootstrap: args.bootstrap,
        seed: global.seed,
        structure: args.structure,
        paths: args.paths,
        sensitivity: args.sensitivity.clone(),
        case: args.case.clone(),
        samples: args.samples,
        report: args.report.is_some(),
        keep_draws: false,
        limits: options.limits,
    };
    request.settings()?;
    args.work.check(&[
        ("--csv", args.csv.is_some()),
        ("--report", args.report.is_some()),
    ])?;
    match FcmInput::of_paths(&args.inputs)? {
        FcmInput::Model(path) => run_model(path.as_ref(), args, &request, global, options, out),
        FcmInput::Matrices(paths) => run_matrix(&paths, args, &request, global, out),
    }
}

fn write_csv(path: &Path, text: &str) -> Result<(), CliError> {
    crate::cli::output::write_file(path, text.as_bytes())
}

fn run_matrix(
    paths: &[PathBuf],
    args: &Args,
    request: &FcmRequest,
    global: &GlobalArgs,
    out: &Output,
) -> Result<(), CliError> {
    request.check_matrix()?;
    if args.work.units.is_some() || args.work.merge.is_some() {
        return Err(CliError::usage(
            "--units and --merge split a model's Monte Carlo draws; a matrix run has none",
        ));
    }
    let started = Instant::now();
    let maps = fcm::read_matrices(paths, args.sheet.as_deref(), &request.limits)?;
    let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    let result = fcm::matrices(&names.join(", "), maps, request)?;
    let doc = &result.document;
    if let Some(path) = &args.csv {
        write_csv(
            path,
            &render::trajectory_csv(&doc.concepts, &doc.trajectory),
        )?;
    }
    if let Some(path) = &args.report {
        report::write(
            path,
            &result.report(),
            &doc.file,
            global.seed,
            None,
            started,
            out,
        )?;
    }
    match out.format {
        Format::Csv => out.print(&render::trajectory_csv(&doc.concepts, &doc.trajectory)),
        Format::Json => out.print_json(doc),
        Format::Text => out.print(&render::matrix_text(&result)),
    }
}

fn run_model(
    path: Option<&PathBuf>,
    args: &Args,
    request: &FcmRequest,
    global: &GlobalArgs,
    options: &LoadOptions,
    out: &Output,
) -> Result<(), CliError> {
    request.check_model()?;
    let started = Instant::now();
    let loaded = load_model(path, options, out)?;
    let progress = Bar::new(out.quiet);
    let result = if args.work.units.is_some() || args.work.merge.is_some() {
        let texts = realpolitik::analysis::source_texts(path.map(PathBuf::as_path));
        let sent = ModelText::of(&loaded, &texts, options)?;
        let units = fcm_units(&sent, request, args.work.pieces())?;
        let Some(results) = &args.work.merge else {
            return print_units(&units, out);
        };
        let results = read_results(results, &options.limits)?;
        fcm_merge(&loaded, request, &units, results, &progress)?
    } else {
        fcm::model(&loaded, request, &progress)?
    };
    let doc = &result.document;
    if let Some(path) = &args.csv {
        write_csv(path, &render::effects_csv(doc))?;
    }
    if let (Some(path), Some(page)) = (&args.report, result.report(&loaded.model)) {
        let draws = doc.monte_carlo.as_ref().map(|mc| mc.draws);
        report::write(path, &page, &doc.file, global.seed, draws, started, out)?;
    }
    match out.format {
        Format::Csv => out.print(&render::effects_csv(doc)),
        Format::Json => out.print_json(doc),
        Format::Text => out.print(&render::model_text(&result)),
    }
}
