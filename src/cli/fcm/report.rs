//! `realpolitik fcm --report`: the model's FCM results as an HTML report.

use std::path::Path;
use std::time::Instant;

use realpolitik::Model;
use realpolitik::fcm::montecarlo::{MonteCarlo, Plan};
use realpolitik::fcm::scenario::{Case, Comparison};
use realpolitik::fcm::sensitivity::{self as sens, Indices, Target};
use realpolitik::fcm::structure::Path as CausalPath;
use realpolitik::fcm::{FcmMap, Run as Simulation};
use realpolitik::model::Role;
use realpolitik::report::{FcmResults, FcmSobol, FcmTornado};

use super::render::case_name;
use crate::cli::{CliError, report};

/// The Sobol indices `--sensitivity` computed, kept for the report.
pub struct Sobol {
    /// The outcome concept.
    pub outcome: usize,
    /// The case studied.
    pub case: String,
    /// The uncertain links (indices into the map's weights).
    pub links: Vec<usize>,
    /// Their indices.
    pub indices: Indices,
}

/// What one model run computed, for the report.
pub struct Run<'a> {
    /// The model's file name.
    pub file: &'a str,
    /// The model.
    pub model: &'a Model,
    /// The map, start, clamps and settings of the run.
    pub plan: &'a Plan<'a>,
    /// Nominal steady states.
    pub comparison: &'a Comparison,
    /// Monte Carlo summary, when draws were made.
    pub monte_carlo: Option<&'a MonteCarlo>,
    /// The case whose tornado charts are drawn (none when the model has no options).
    pub case: Option<&'a Case>,
    /// The strongest lever → outcome paths.
    pub paths: &'a [CausalPath],
    /// Sobol indices, given --sensitivity.
    pub sobol: Option<&'a Sobol>,
}

/// Computes a tornado per outcome for the studied case (two runs per uncertain link and
/// outcome, cheap next to Monte Carlo) and writes the report.
pub fn write(path: &Path, run: &Run<'_>, seed: u64, started: Instant) -> Result<(), CliError> {
    let plan = run.plan;
    let outcomes = plan.map.with_role(Role::Outcome);
    let studied: Vec<(usize, f64, Vec<sens::Bar>)> = match run.case {
        Some(case) => outcomes
            .iter()
            .map(|&outcome| {
                let target = Target {
                    map: plan.map,
                    initial: plan.initial,
                    baseline: plan.baseline,
                    case,
                    outcome,
                    gates: plan.gates,
                    settings: plan.settings,
                };
                (outcome, target.nominal_effect(), sens::tornado(&target))
            })
            .collect(),
        None => Vec::new(),
    };
    let case = run
        .case
        .map(|c| case_name(&c.option, c.trigger.as_deref()))
        .unwrap_or_default();
    let results = FcmResults {
        map: plan.map,
        comparison: Some(run.comparison),
        trajectory: None,
        monte_carlo: run.monte_carlo,
        tornadoes: studied
            .iter()
            .map(|(outcome, nominal_effect, bars)| FcmTornado {
                outcome: *outcome,
                case: case.clone(),
                nominal_effect: *nominal_effect,
                bars,
            })
            .collect(),
        paths: run.paths,
        sobol: run.sobol.map(|s| FcmSobol {
            outcome: s.outcome,
            case: s.case.clone(),
            links: &s.links,
            indices: &s.indices,
        }),
    };
    let html = report::start(Some(run.model), run.file).with_fcm(&results);
    let draws = run.monte_carlo.map(|mc| mc.draws);
    report::write(path, &html, run.file, seed, draws, started)
}

/// Writes the report of a bare matrix's run: its trajectory.
pub fn write_run(
    path: &Path,
    map: &FcmMap,
    run: &Simulation,
    file: &str,
    seed: u64,
    started: Instant,
) -> Result<(), CliError> {
    let results = FcmResults {
        map,
        comparison: None,
        trajectory: Some(run),
        monte_carlo: None,
        tornadoes: Vec::new(),
        paths: &[],
        sobol: None,
    };
    let page = report::start(None, file).with_fcm(&results);
    report::write(path, &page, file, seed, None, started)
}
