//! `realpolitik fcm`: fuzzy cognitive map simulation of a model or of a bare weight matrix.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use realpolitik::SourceFile;
use realpolitik::fcm::aggregate::{self, Method};
use realpolitik::fcm::montecarlo::{self, MonteCarlo, Plan};
use realpolitik::fcm::scenario::{self, Comparison};
use realpolitik::fcm::sensitivity as sens;
use realpolitik::fcm::structure::{self, Structure};
use realpolitik::fcm::{FcmMap, Preset, Rule, Settings, Transfer, simulate};
use realpolitik::model::Role;

use realpolitik::output::{
    FcmEdge, FcmMatrixDocument, FcmPath, FcmSensitivity, FcmSobol, FcmSobolLink, FcmTornadoBar,
    SCHEMA_VERSION,
};

use super::input::load_model;
use super::progress::Bar;
use super::{CliError, Format, GlobalArgs, Output};

mod render;
mod report;

use render::{
    case_name, model_document, model_text, settings_line, structure_text, trajectory_table,
};

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
}

/// Runs the command.
pub fn run(args: &Args, global: &GlobalArgs, out: &Output) -> Result<(), CliError> {
    super::limits::count("--draws", args.draws as u64, 0, "")?;
    super::limits::count("--bootstrap", args.bootstrap as u64, 0, "")?;
    if args.sensitivity.is_some() {
        super::limits::count(
            "--samples",
            args.samples as u64,
            1,
            "Sobol indices are estimated from the sample, so give at least 1 (1000 is usual)",
        )?;
    }
    let mut settings = args.preset.settings(args.rule, args.transfer, args.lambda);
    if let Some(e) = args.epsilon {
        settings.epsilon = e;
    }
    if let Some(cap) = args.cap {
        settings.cap = cap;
    }
    if let Some(defect) = settings.defect() {
        return Err(CliError::usage(defect));
    }
    let matrices = args
        .inputs
        .iter()
        .filter(|p| has_extension(p, MATRIX) || has_extension(p, SPREADSHEET))
        .count();
    match (args.inputs.len(), matrices) {
        (0, _) => run_model(None, args, &settings, global, out),
        (1, 0) => run_model(args.inputs.first(), args, &settings, global, out),
        (n, m) if n == m => run_matrix(&args.inputs, args, &settings, global, out),
        _ => Err(CliError::usage(
            "give one model file, or one or more .csv matrices (experts' maps), not a mix",
        )),
    }
}

fn write_csv(path: &Path, text: &str) -> Result<(), CliError> {
    crate::cli::output::write_file(path, text.as_bytes())
}

/// Extensions of matrix files read as CSV.
const MATRIX: &[&str] = &["csv", "txt"];
/// Extensions of spreadsheets.
const SPREADSHEET: &[&str] = &["xlsx", "xlsm", "xlsb", "xls", "ods"];

fn has_extension(path: &Path, extensions: &[&str]) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| extensions.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

fn initial_state(args: &Args, n: usize) -> Result<Vec<f64>, CliError> {
    if let Some(fixed) = args.preset.initial(n) {
        if args.initial.is_some() {
            return Err(CliError::usage(format!(
                "the {} preset starts from all ones: drop --initial or choose another preset",
                args.preset
            )));
        }
        return Ok(fixed);
    }
    match &args.initial {
        None => Ok(vec![1.0; n]),
        Some(v) if v.len() != n => Err(CliError::usage(format!(
            "--initial has {} values but the map has {n} concepts: give one value per concept, in matrix order",
            v.len()
        ))),
        Some(v) if v.iter().any(|x| !x.is_finite()) => {
            Err(CliError::usage("--initial values must be finite numbers"))
        }
        Some(v) => Ok(v.clone()),
    }
}

fn parse_clamps(args: &Args, map: &FcmMap) -> Result<Vec<(usize, f64)>, CliError> {
    args.clamps
        .iter()
        .map(|c| {
            let (name, value) = c.split_once('=').ok_or_else(|| {
                CliError::usage(format!("--clamp {c:?}: write CONCEPT=VALUE, e.g. C1=1"))
            })?;
            let index = map.index(name.trim()).ok_or_else(|| {
                let names: Vec<_> = map.concepts.iter().map(|c| c.id.as_str()).collect();
                CliError::usage(format!(
                    "--clamp {c:?}: no concept {name:?}; the concepts are {}",
                    names.join(", ")
                ))
            })?;
            let value = value
                .trim()
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .ok_or_else(|| {
                    CliError::usage(format!("--clamp {c:?}: {value:?} is not a number"))
                })?;
            Ok((index, value))
        })
        .collect()
}

fn read_matrices(paths: &[PathBuf], sheet: Option<&str>) -> Result<Vec<FcmMap>, CliError> {
    let mut maps = Vec::new();
    let mut diagnostics = Vec::new();
    for path in paths {
        let read = if has_extension(path, SPREADSHEET) {
            realpolitik::io::check_input(path)
                .map_err(|e| CliError::io("read", path, &e.into()))?;
            realpolitik::fcm::xlsx::read_sheet(path, sheet)
        } else {
            let text = realpolitik::io::read_text(path)
                .map_err(|e| CliError::io("read", path, &e.into()))?;
            realpolitik::fcm::read_matrix(&SourceFile::new(path.display().to_string(), text))
        };
        match read {
            Ok(map) => maps.push(map),
            Err(d) => diagnostics.extend(d),
        }
    }
    if diagnostics.is_empty() {
        Ok(maps)
    } else {
        Err(CliError::Invalid(diagnostics))
    }
}

fn run_matrix(
    paths: &[PathBuf],
    args: &Args,
    settings: &Settings,
    global: &GlobalArgs,
    out: &Output,
) -> Result<(), CliError> {
    if args.draws > 0 || args.sensitivity.is_some() {
        return Err(CliError::usage(
            "--draws and --sensitivity need uncertain weights: run them on a model, whose links may be intervals or fuzzy numbers",
        ));
    }
    let started = std::time::Instant::now();
    let mut maps = read_matrices(paths, args.sheet.as_deref())?;
    let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    let (map, disagreement) = if maps.len() == 1 {
        (maps.remove(0), None)
    } else {
        let a = aggregate::aggregate(&maps, args.aggregate);
        (a.map, Some(a.entropy))
    };
    let initial = initial_state(args, map.n())?;
    let clamps = parse_clamps(args, &map)?;
    let w = map.nominal();
    let run = simulate(&w, &initial, &clamps, settings);
    let ids: Vec<&str> = map.concepts.iter().map(|c| c.id.as_str()).collect();
    if let Some(path) = &args.csv {
        write_csv(path, &render::trajectory_csv(&ids, &run))?;
    }
    let file = names.join(", ");
    if let Some(path) = &args.report {
        report::write_run(path, &map, &run, &file, global.seed, started)?;
    }
    let structure = args.structure.then(|| structure::structure(&w));
    let edges: Vec<FcmEdge> = disagreement
        .as_ref()
        .map(|h| {
            let mut edges = Vec::new();
            for i in 0..map.n() {
                for j in 0..map.n() {
                    if h.get(i, j) > 0.0 || w.get(i, j) != 0.0 {
                        edges.push(FcmEdge {
                            from: ids[i].to_owned(),
                            to: ids[j].to_owned(),
                            weight: w.get(i, j),
                            entropy: h.get(i, j),
                        });
                    }
                }
            }
            edges
        })
        .unwrap_or_default();
    match out.format {
        Format::Csv => out.print(&render::trajectory_csv(&ids, &run)),
        Format::Json => out.print_json(&FcmMatrixDocument {
            schema_version: SCHEMA_VERSION,
            file,
            aggregate: disagreement.as_ref().map(|_| args.aggregate.to_string()),
            edges: disagreement.as_ref().map(|_| edges),
            concepts: ids.iter().map(|&id| id.to_owned()).collect(),
            settings: settings.clone(),
            status: run.status,
            steps: run.steps(),
            final_state: run.final_state().to_vec(),
            trajectory: run.states,
            structure,
        }),
        Format::Text => {
            let mut t = String::new();
            let _ = writeln!(
                t,
                "{file}: {} concepts, {} links; {}",
                map.n(),
                w.links(),
                settings_line(settings)
            );
            if disagreement.is_some() {
                let _ = writeln!(
                    t,
                    "{} experts' maps aggregated by the {} of each edge; disagreement = entropy of the experts' signs (bits)",
                    paths.len(),
                    args.aggregate
                );
                for e in &edges {
                    let _ = writeln!(
                        t,
                        "  {} → {}: {:+.4}  (entropy {:.3})",
                        e.from, e.to, e.weight, e.entropy
                    );
                }
                t.push('\n');
            }
            let _ = writeln!(t, "status: {} after {} steps\n", run.status, run.steps());
            trajectory_table(&mut t, &ids, &run);
            if let Some(s) = &structure {
                structure_text(&mut t, &ids, s);
            }
            out.print(&t)
        }
    }
}

struct ModelRun {
    file: String,
    map: FcmMap,
    comparison: Comparison,
    monte_carlo: Option<MonteCarlo>,
    structure: Option<(Structure, Vec<FcmPath>)>,
    sensitivity: Option<FcmSensitivity>,
}

fn run_model(
    path: Option<&PathBuf>,
    args: &Args,
    settings: &Settings,
    global: &GlobalArgs,
    out: &Output,
) -> Result<(), CliError> {
    if !args.clamps.is_empty() {
        return Err(CliError::usage(
            "--clamp applies to a matrix; a model's clamps come from its options and triggers",
        ));
    }
    let started = std::time::Instant::now();
    let loaded = load_model(path, out)?;
    let model = &loaded.model;
    let map = FcmMap::from_model(model);
    let initial = initial_state(args, map.n())?;
    let (baseline, cases) = scenario::cases_of(model);
    let gates = scenario::Gates::of(model);
    let w = map.nominal();
    let comparison = scenario::compare(&w, &initial, &baseline, &cases, &gates, settings);
    let plan = Plan {
        map: &map,
        initial: &initial,
        baseline: &baseline,
        cases: &cases,
        gates: &gates,
        settings,
    };
    let monte_carlo = (args.draws > 0).then(|| {
        montecarlo::monte_carlo(
            &plan,
            args.draws,
            global.seed,
            args.bootstrap,
            &Bar::new(out.quiet),
        )
    });
    let paths = if args.structure || args.report.is_some() {
        strongest_paths(&map, &w, args.paths)
    } else {
        Vec::new()
    };
    let structure = args.structure.then(|| {
        let json = paths
            .iter()
            .map(|p| {
                let names: Vec<&str> = p
                    .concepts
                    .iter()
                    .map(|&c| map.concepts[c].id.as_str())
                    .collect();
                FcmPath {
                    lever: names.first().map(|&n| n.to_owned()),
                    outcome: names.last().map(|&n| n.to_owned()),
                    path: names.iter().map(|&n| n.to_owned()).collect(),
                    weight: p.weight,
                }
            })
            .collect();
        (structure::structure(&w), json)
    });
    let (sensitivity, sobol) = match &args.sensitivity {
        Some(outcome) => {
            let (json, sobol) = sensitivity(
                args, &map, &initial, &baseline, &cases, model, outcome, settings, global,
            )?;
            (Some(json), Some(sobol))
        }
        None => (None, None),
    };
    if let Some(path) = &args.csv {
        let ids: Vec<&str> = map.concepts.iter().map(|c| c.id.as_str()).collect();
        write_csv(path, &render::effects_csv(&ids, &comparison))?;
    }
    if let Some(path) = &args.report {
        let case = if cases.is_empty() {
            None
        } else {
            Some(studied_case(args, model, &cases)?)
        };
        let run = report::Run {
            file: loaded.file.name(),
            model,
            plan: &plan,
            comparison: &comparison,
            monte_carlo: monte_carlo.as_ref(),
            case,
            paths: &paths,
            sobol: sobol.as_ref(),
        };
        report::write(path, &run, global.seed, started)?;
    }
    let result = ModelRun {
        file: loaded.file.name().to_owned(),
        map,
        comparison,
        monte_carlo,
        structure,
        sensitivity,
    };
    match out.format {
        Format::Csv => {
            let ids: Vec<&str> = result.map.concepts.iter().map(|c| c.id.as_str()).collect();
            out.print(&render::effects_csv(&ids, &result.comparison))
        }
        Format::Json => out.print_json(&model_document(&result, settings)),
        Format::Text => out.print(&model_text(&result, settings)),
    }
}

#[expect(clippy::too_many_arguments, reason = "the pieces of one model run")]
fn sensitivity(
    args: &Args,
    map: &FcmMap,
    initial: &[f64],
    baseline: &[(usize, f64)],
    cases: &[scenario::Case],
    model: &realpolitik::Model,
    outcome: &str,
    settings: &Settings,
    global: &GlobalArgs,
) -> Result<(FcmSensitivity, report::Sobol), CliError> {
    let ids: Vec<&str> = map.concepts.iter().map(|c| c.id.as_str()).collect();
    let o = map.index(outcome).ok_or_else(|| {
        CliError::usage(format!(
            "--sensitivity {outcome:?}: no such concept; the concepts are {}",
            ids.join(", ")
        ))
    })?;
    let case = studied_case(args, model, cases)?;
    let gates = scenario::Gates::of(model);
    let target = sens::Target {
        map,
        initial,
        baseline,
        case,
        outcome: o,
        gates: &gates,
        settings,
    };
    let bars = sens::tornado(&target);
    let (which, indices) = sens::sobol_of(&target, args.samples, global.seed);
    let link = |k: usize| {
        let uw = &map.weights[k];
        format!("{} → {}", ids[uw.from], ids[uw.to])
    };
    let json = FcmSensitivity {
        outcome: outcome.to_owned(),
        case: case_name(&case.option, case.trigger.as_deref()),
        nominal_effect: target.nominal_effect(),
        tornado: bars
            .iter()
            .map(|b| FcmTornadoBar {
                link: link(b.weight),
                low: b.low,
                high: b.high,
                effect_at_low: b.effect_at_low,
                effect_at_high: b.effect_at_high,
                swing: b.swing,
            })
            .collect(),
        sobol: FcmSobol {
            samples: indices.samples,
            variance: indices.variance,
            links: which
                .iter()
                .enumerate()
                .map(|(i, &k)| FcmSobolLink {
                    link: link(k),
                    first_order: indices.first[i],
                    total: indices.total[i],
                })
                .collect(),
        },
    };
    let sobol = report::Sobol {
        outcome: o,
        case: case_name(&case.option, case.trigger.as_deref()),
        links: which,
        indices,
    };
    Ok((json, sobol))
}

/// The case that sensitivity analyses study: --case, or the first option that is not the
/// status quo.
fn studied_case<'a>(
    args: &Args,
    model: &realpolitik::Model,
    cases: &'a [scenario::Case],
) -> Result<&'a scenario::Case, CliError> {
    let wanted = match &args.case {
        Some(c) => c.clone(),
        None => model
            .options
            .iter()
            .find(|o| !o.status_quo)
            .or(model.options.first())
            .map(|o| o.id.clone())
            .ok_or_else(|| CliError::usage("the model has no options to study"))?,
    };
    cases
        .iter()
        .find(|c| case_name(&c.option, c.trigger.as_deref()).replace(' ', "") == wanted)
        .ok_or_else(|| {
            let all: Vec<String> = cases
                .iter()
                .map(|c| case_name(&c.option, c.trigger.as_deref()).replace(' ', ""))
                .collect();
            CliError::usage(format!(
                "--case {wanted:?}: no such case; the cases are {}",
                all.join(", ")
            ))
        })
}

/// The `k` strongest paths from each lever to each outcome (at most six links each).
fn strongest_paths(map: &FcmMap, w: &realpolitik::fcm::Matrix, k: usize) -> Vec<structure::Path> {
    let mut paths = Vec::new();
    for lever in map.with_role(Role::Lever) {
        for outcome in map.with_role(Role::Outcome) {
            paths.extend(structure::strongest_paths(w, lever, outcome, k, 6));
        }
    }
    paths
}
