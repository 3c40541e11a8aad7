//! A model's FCM run: the baseline steady state and every case's change from it, with Monte
//! Carlo, structure and sensitivity when asked.

use crate::fcm::montecarlo::{self, Draws, Plan};
use crate::fcm::scenario::{self, Case, Comparison, Gates};
use crate::fcm::sensitivity::{self as sens, Indices, SobolRow, Target};
use crate::fcm::structure::{self, Path as CausalPath};
use crate::fcm::{FcmMap, Matrix};
use crate::model::Role;
use crate::output::{
    FcmBaseline, FcmCase, FcmModelDocument, FcmPath, FcmSensitivity, FcmSobol, FcmSobolLink,
    FcmTornadoBar, SCHEMA_VERSION,
};
use crate::progress::Progress;
use crate::report::{self, FcmResults, Report};
use crate::{Loaded, Model};

use super::FcmRequest;
use crate::analysis::{AnalysisError, RequestError, case_name};

/// A model's run: the document `fcm MODEL --format json` prints, and what the text, the CSV
/// and the HTML report need beyond it.
#[derive(Clone, Debug)]
pub struct FcmModelResult {
    /// The document.
    pub document: FcmModelDocument,
    /// The map the model's factors and links make.
    pub map: FcmMap,
    /// The nominal steady states: baseline and each case.
    pub comparison: Comparison,
    /// Every Monte Carlo draw's effects, when the request asked to keep them.
    pub draws: Option<Draws>,
    /// The report's pieces, when the request asked for them.
    pub(super) pieces: Option<ReportPieces>,
}

/// What the HTML report draws beyond the document.
#[derive(Clone, Debug)]
pub(super) struct ReportPieces {
    /// The case the tornadoes study ("" when the model has no options).
    pub(super) case: String,
    /// Per outcome concept: its nominal change and its tornado bars under the studied case.
    pub(super) tornadoes: Vec<(usize, f64, Vec<sens::Bar>)>,
    /// The strongest lever → outcome paths.
    pub(super) paths: Vec<CausalPath>,
    /// Sobol indices, given a sensitivity outcome.
    sobol: Option<Sobol>,
}

/// Sobol indices kept for the report.
#[derive(Clone, Debug)]
struct Sobol {
    outcome: usize,
    case: String,
    links: Vec<usize>,
    indices: Indices,
}

/// Runs a model's map: the baseline (status-quo clamps) and every option alone and with each
/// trigger, at nominal weights; then Monte Carlo over the uncertain weights (`draws`), the
/// structure and strongest paths (`structure`), and the sensitivity of one outcome
/// (`sensitivity`), as the request asks. Progress reports the Monte Carlo draws.
pub fn model(
    loaded: &Loaded,
    request: &FcmRequest,
    progress: &dyn Progress,
) -> Result<FcmModelResult, AnalysisError> {
    model_made(loaded, request, FcmMade::default(), progress)
}

/// The heavy parts of a model's run done beforehand (by [`crate::analysis::units`], on other
/// processes or machines): all the Monte Carlo draws ([`draw_unit`]s, [`Draws::merge`]d), and
/// all the rows of the Sobol design, in order ([`sobol_unit`]s, concatenated).
#[derive(Clone, Debug, Default)]
pub struct FcmMade {
    /// The draws, when made.
    pub draws: Option<Draws>,
    /// The Sobol design's rows, when made.
    pub sobol: Option<Vec<SobolRow>>,
}

/// The rows `range` of the Sobol design of the sensitivity `request` asks for on a model: one
/// unit of a run split over processes or machines (see [`FcmMade`]).
pub fn sobol_unit(
    loaded: &Loaded,
    request: &FcmRequest,
    range: std::ops::Range<usize>,
) -> Result<Vec<SobolRow>, AnalysisError> {
    if range.end > request.samples || range.is_empty() {
        return Err(RequestError(format!(
            "rows {}..{} are not a part of the {} rows of the Sobol design",
            range.start, range.end, request.samples
        ))
        .into());
    }
    let Some(outcome) = &request.sensitivity else {
        return Err(RequestError::new("a Sobol unit needs --sensitivity").into());
    };
    let run = Runs::of(loaded, request)?;
    let plan = run.plan();
    let case = studied_case(request.case.as_deref(), &loaded.model, plan.cases)?;
    let target = target(&plan, case, outcome_index(plan.map, outcome)?);
    Ok(sens::sobol_rows_of(&target, range, request.seed).1)
}

/// The Monte Carlo draws with indices in `range` of the run `request` asks for on a model: one
/// unit of a run split over processes or machines. The parts, [`Draws::merge`]d and given to
/// [`model_with_draws`], give the result [`model`] gives, bit for bit.
pub fn draw_unit(
    loaded: &Loaded,
    request: &FcmRequest,
    range: std::ops::Range<usize>,
    progress: &dyn Progress,
) -> Result<Draws, AnalysisError> {
    if range.end > request.draws || range.is_empty() {
        return Err(RequestError(format!(
            "draws {}..{} are not a part of the run's {} draws",
            range.start, range.end, request.draws
        ))
        .into());
    }
    let run = Runs::of(loaded, request)?;
    Ok(montecarlo::draw_range(
        &run.plan(),
        range,
        request.seed,
        progress,
    ))
}

/// What every run of a model's map needs, owned: the map, the start, the baseline and the
/// cases, the conditional links and the settings.
struct Runs {
    map: FcmMap,
    initial: Vec<f64>,
    baseline: Vec<(usize, f64)>,
    cases: Vec<scenario::Case>,
    gates: Gates,
    settings: crate::fcm::Settings,
}

impl Runs {
    /// The runs `request` asks for on `loaded`'s map, after checking the request.
    fn of(loaded: &Loaded, request: &FcmRequest) -> Result<Runs, AnalysisError> {
        let settings = request.settings()?;
        request.check_model()?;
        let map = FcmMap::from_model(&loaded.model);
        let initial = request.initial_state(map.n())?;
        let (baseline, cases) = scenario::cases_of(&loaded.model);
        Ok(Runs {
            gates: Gates::of(&loaded.model),
            map,
            initial,
            baseline,
            cases,
            settings,
        })
    }

    fn plan(&self) -> Plan<'_> {
        Plan {
            map: &self.map,
            initial: &self.initial,
            baseline: &self.baseline,
            cases: &self.cases,
            gates: &self.gates,
            settings: &self.settings,
        }
    }
}

/// [`model`], with the parts in `made` already done; they must be all of the request's draws
/// and all of its Sobol rows.
pub fn model_made(
    loaded: &Loaded,
    request: &FcmRequest,
    made: FcmMade,
    progress: &dyn Progress,
) -> Result<FcmModelResult, AnalysisError> {
    let FcmMade { draws: made, sobol } = made;
    let run = Runs::of(loaded, request)?;
    let Runs {
        map,
        initial,
        baseline,
        cases,
        gates,
        settings,
    } = &run;
    let model = &loaded.model;
    let w = map.nominal();
    let comparison = scenario::compare(&w, initial, baseline, cases, gates, settings);
    let plan = run.plan();
    if let Some(d) = &made
        && (d.first, d.draws, d.cases, d.concepts) != (0, request.draws, cases.len(), map.n())
    {
        return Err(RequestError(format!(
            "the draws given are {}..{} of {} cases × {} concepts, not the run's 0..{} of {} × {}",
            d.first,
            d.first + d.draws,
            d.cases,
            d.concepts,
            request.draws,
            cases.len(),
            map.n()
        ))
        .into());
    }
    let mut draws = match made {
        Some(d) => Some(d),
        None => (request.draws > 0)
            .then(|| montecarlo::draw(&plan, request.draws, request.seed, progress)),
    };
    let monte_carlo = draws
        .as_ref()
        .map(|d| montecarlo::summarize_draws(&plan, d, request.seed, request.bootstrap));
    if !request.keep_draws {
        draws = None;
    }
    let paths = if request.structure || request.report {
        strongest_paths(map, &w, request.paths)
    } else {
        Vec::new()
    };
    let structure = request
        .structure
        .then(|| (structure::structure(&w), named_paths(map, &paths)));
    let (sensitivity, sobol) = match &request.sensitivity {
        Some(outcome) => {
            let (json, sobol) = sensitivity(request, &plan, model, outcome, sobol)?;
            (Some(json), Some(sobol))
        }
        None => (None, None),
    };
    let pieces = if request.report {
        let case = if cases.is_empty() {
            None
        } else {
            Some(studied_case(request.case.as_deref(), model, cases)?)
        };
        Some(ReportPieces {
            case: case
                .map(|c| case_name(&c.option, c.trigger.as_deref()))
                .unwrap_or_default(),
            tornadoes: case.map(|c| tornadoes(&plan, c)).unwrap_or_default(),
            paths,
            sobol,
        })
    } else {
        None
    };
    let (structure, paths) = structure.unzip();
    let document = FcmModelDocument {
        schema_version: SCHEMA_VERSION,
        file: loaded.file.name().to_owned(),
        concepts: map.concepts.iter().map(|c| c.id.clone()).collect(),
        settings: settings.clone(),
        baseline: FcmBaseline::of(&comparison),
        cases: FcmCase::all(&comparison),
        monte_carlo,
        structure,
        paths,
        sensitivity,
    };
    Ok(FcmModelResult {
        document,
        map: run.map,
        comparison,
        draws,
        pieces,
    })
}

impl FcmModelResult {
    /// The HTML report of this run on `model`: each outcome's change per case, the tornado
    /// charts of the studied case and the strongest paths. `None` unless the request asked for
    /// the report.
    pub fn report<'a>(&'a self, model: &'a Model) -> Option<Report<'a>> {
        let pieces = self.pieces.as_ref()?;
        let results = FcmResults {
            map: &self.map,
            comparison: Some(&self.comparison),
            trajectory: None,
            monte_carlo: self.document.monte_carlo.as_ref(),
            tornadoes: pieces
                .tornadoes
                .iter()
                .map(|(outcome, nominal_effect, bars)| report::FcmTornado {
                    outcome: *outcome,
                    case: pieces.case.clone(),
                    nominal_effect: *nominal_effect,
                    bars,
                })
                .collect(),
            paths: &pieces.paths,
            sobol: pieces.sobol.as_ref().map(|s| report::FcmSobol {
                outcome: s.outcome,
                case: s.case.clone(),
                links: &s.links,
                indices: &s.indices,
            }),
        };
        Some(Report::new(model).with_fcm(&results))
    }
}

/// A tornado per outcome concept for one case: two runs per uncertain link and outcome,
/// cheap next to Monte Carlo, so the report always has them.
fn tornadoes(plan: &Plan<'_>, case: &Case) -> Vec<(usize, f64, Vec<sens::Bar>)> {
    plan.map
        .with_role(Role::Outcome)
        .into_iter()
        .map(|outcome| {
            let target = target(plan, case, outcome);
            (outcome, target.nominal_effect(), sens::tornado(&target))
        })
        .collect()
}

fn target<'a>(plan: &Plan<'a>, case: &'a Case, outcome: usize) -> Target<'a> {
    Target {
        map: plan.map,
        initial: plan.initial,
        baseline: plan.baseline,
        case,
        outcome,
        gates: plan.gates,
        settings: plan.settings,
    }
}

/// The sensitivity of `outcome` under the studied case: a tornado over the uncertain links
/// and their Sobol indices; also the indices for the report.
fn sensitivity(
    request: &FcmRequest,
    plan: &Plan<'_>,
    model: &Model,
    outcome: &str,
    made: Option<Vec<SobolRow>>,
) -> Result<(FcmSensitivity, Sobol), RequestError> {
    let map = plan.map;
    let ids: Vec<&str> = map.concepts.iter().map(|c| c.id.as_str()).collect();
    let o = outcome_index(map, outcome)?;
    let case = studied_case(request.case.as_deref(), model, plan.cases)?;
    let target = target(plan, case, o);
    let bars = sens::tornado(&target);
    let (which, indices) = match made {
        Some(rows) if rows.len() != request.samples => {
            return Err(RequestError(format!(
                "{} rows of the Sobol design are given, not the run's {}",
                rows.len(),
                request.samples
            )));
        }
        Some(rows) => {
            let which = map.uncertain();
            let indices = sens::indices(which.len(), request.samples, &rows);
            (which, indices)
        }
        None => sens::sobol_of(&target, request.samples, request.seed),
    };
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
    let sobol = Sobol {
        outcome: o,
        case: case_name(&case.option, case.trigger.as_deref()),
        links: which,
        indices,
    };
    Ok((json, sobol))
}

/// The index of the concept `outcome` names, or the error `--sensitivity` gives.
fn outcome_index(map: &FcmMap, outcome: &str) -> Result<usize, RequestError> {
    map.index(outcome).ok_or_else(|| {
        let ids: Vec<&str> = map.concepts.iter().map(|c| c.id.as_str()).collect();
        RequestError(format!(
            "--sensitivity {outcome:?}: no such concept; the concepts are {}",
            ids.join(", ")
        ))
    })
}

/// The case that sensitivity analyses study: `wanted` (`OPTION` or `OPTION+TRIGGER`), or the
/// first option that is not the status quo.
pub(super) fn studied_case<'a>(
    wanted: Option<&str>,
    model: &Model,
    cases: &'a [Case],
) -> Result<&'a Case, RequestError> {
    let wanted = match wanted {
        Some(c) => c.to_owned(),
        None => model
            .options
            .iter()
            .find(|o| !o.status_quo)
            .or(model.options.first())
            .map(|o| o.id.clone())
            .ok_or_else(|| RequestError::new("the model has no options to study"))?,
    };
    let compact = |c: &Case| case_name(&c.option, c.trigger.as_deref()).replace(' ', "");
    cases.iter().find(|c| compact(c) == wanted).ok_or_else(|| {
        let all: Vec<String> = cases.iter().map(compact).collect();
        RequestError(format!(
            "--case {wanted:?}: no such case; the cases are {}",
            all.join(", ")
        ))
    })
}

/// The `k` strongest paths from each lever to each outcome (at most six links each).
fn strongest_paths(map: &FcmMap, w: &Matrix, k: usize) -> Vec<CausalPath> {
    let mut paths = Vec::new();
    for lever in map.with_role(Role::Lever) {
        for outcome in map.with_role(Role::Outcome) {
            paths.extend(structure::strongest_paths(w, lever, outcome, k, 6));
        }
    }
    paths
}

/// The paths with their concepts named, as the document lists them.
fn named_paths(map: &FcmMap, paths: &[CausalPath]) -> Vec<FcmPath> {
    paths
        .iter()
        .map(|p| {
            let names: Vec<String> = p
                .concepts
                .iter()
                .map(|&c| map.concepts[c].id.clone())
                .collect();
            FcmPath {
                lever: names.first().cloned(),
                outcome: names.last().cloned(),
                weight: p.weight,
                path: names,
            }
        })
        .collect()
}
