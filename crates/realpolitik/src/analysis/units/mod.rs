//! Work units: the heavy part of an analysis cut into independent pieces that any executor can
//! run (another process, a Ray task, a batch job), and the merge that puts the pieces back.
//!
//! A [`Unit`] is self-contained JSON: what to compute and everything it reads (the matrix, or
//! the model with its sources' texts), so a worker needs no file. [`run_unit`] turns it into a
//! [`UnitResult`], also JSON. The front end that planned the units merges the results
//! ([`cib_merge`], [`fcm_merge`]): it runs the same analysis as a single machine, with the
//! heavy parts taken from the results, so the merged document equals the local one bit for bit
//! whatever the number of units. The pieces:
//!
//! - a CIB search: the open subtrees its branch-and-bound already splits into for threads
//!   ([`search::subtree_count`]), in ranges, for each context of a gated matrix and for both
//!   searches of an intervention;
//! - exact basins of global succession: ranges of the subtrees of starts its grouped count
//!   splits into ([`basins::subtree_count`]); each unit returns how many starts have each
//!   successor, and the merge follows the successors to their attractors. Basins under other
//!   rules, or of a gated matrix, visit every start in one sequential walk and are not split:
//!   the merge computes them;
//! - an exact search of each other member of a CIB ensemble, cut the same way;
//! - an FCM model's Monte Carlo: ranges of draw indices (each draw has its own seeded stream);
//! - an FCM sensitivity's Sobol indices: ranges of the rows of the Saltelli design (each row
//!   has its own seeded stream); the merge computes the indices from all rows in order.
//!
//! Every unit carries the job's fingerprint (a hash of all the units' work): a result of
//! another job, or of the same job cut differently, is refused at the merge. A unit run twice
//! (a worker lost, its task retried) gives the same result, and the duplicate is ignored; two
//! different results for one unit are refused. What the analysis computes besides (families,
//! robustness, the least inconsistent scenarios, the tornado) runs at the merge, as locally.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::cib::{CibInput, CibRequest, CibResult, Made, analyze_made, exact_searches, prepare};
use super::fcm::{FcmMade, FcmModelResult, FcmRequest, draw_unit, model_made, sobol_unit};
use super::{AnalysisError, RequestError};
use crate::Loaded;
use crate::cib::search::{self, contexts, search_subtrees};
use crate::cib::solution::sort_solutions;
use crate::cib::succession::Rule;
use crate::cib::{Constraints, Matrix, Solution, basins};
use crate::fcm::montecarlo::Draws;
use crate::fcm::preset::Preset;
use crate::fcm::sensitivity::SobolRow;
use crate::fcm::{inference, transfer};
use crate::model::{LoadOptions, SourceTexts, load_str};
use crate::progress::{NoProgress, Progress};

/// Units a job is cut into when the caller does not say: enough for a few dozen workers to
/// share the load when subtrees differ in size.
pub const DEFAULT_UNITS: usize = 64;

/// One independent piece of a job.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unit {
    /// The job's fingerprint: the same for all its units, different for any other job.
    pub job: String,
    /// This unit's place among the job's units, from 0.
    pub index: usize,
    /// How many units the job has.
    pub units: usize,
    /// What to compute.
    pub work: Work,
}

/// What a unit computes, with everything it reads.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Work {
    /// Open subtrees of one ordinary CIB search ([`search::search_subtrees`]).
    CibSearch {
        /// The matrix searched (a gated matrix's context matrix).
        matrix: Matrix,
        /// What the search accepts.
        constraints: Constraints,
        /// Descriptors held to one variant but still judged (a context's gating descriptors).
        held: Vec<Option<usize>>,
        /// The subtrees, in search order.
        subtrees: Range<usize>,
    },
    /// Subtrees of starts of the exact basins of global succession
    /// ([`basins::successor_counts`]).
    CibBasins {
        /// The matrix the dynamics run on.
        matrix: Matrix,
        /// The subtrees of starts.
        subtrees: Range<usize>,
    },
    /// A range of an FCM model's Monte Carlo draws ([`draw_unit`]).
    FcmDraws {
        /// The model, with its sources.
        model: ModelText,
        /// The run's settings.
        run: FcmRun,
        /// The draw indices.
        draws: Range<usize>,
    },
    /// A range of the rows of an FCM sensitivity's Sobol design ([`sobol_unit`]).
    FcmSobol {
        /// The model, with its sources.
        model: ModelText,
        /// The run's settings.
        run: FcmRun,
        /// The rows.
        rows: Range<usize>,
    },
}

/// A unit's result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitResult {
    /// The job's fingerprint, as on the unit.
    pub job: String,
    /// The unit's index.
    pub index: usize,
    /// What it computed.
    pub output: Output,
}

/// What a unit computed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Output {
    /// The scenarios found, as variant indices (0-based), in no particular order.
    CibSearch {
        /// Each scenario's variant per descriptor.
        scenarios: Vec<Vec<usize>>,
    },
    /// How many starts have each successor: (successor's index in the scenario space, count),
    /// by increasing index. Both fit 64 bits: basins are counted on spaces below 2^64.
    CibBasins {
        /// The counts.
        successors: Vec<(u64, u64)>,
    },
    /// The draws made.
    FcmDraws {
        /// The draws' effects.
        draws: Draws,
    },
    /// The rows of the Sobol design, in order: f(A), f(B) and f(A with input i from B).
    FcmSobol {
        /// The rows.
        rows: Vec<SobolRow>,
    },
}

/// A model as a worker loads it: its text and the texts of the files it reads (the sources it
/// cites, its alternative encodings), so that the worker reads no file (quotes are verified
/// against the texts sent).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelText {
    /// How diagnostics name the file.
    pub name: String,
    /// The model's TOML.
    pub text: String,
    /// (path as the model gives it, text) of each source with a path and each alternative.
    pub sources: Vec<(String, String)>,
}

impl ModelText {
    /// The model `loaded`, with the texts of its sources read through `texts` under `options`
    /// (as it was loaded: its folder, or the built-in texts; the folders it may read).
    pub fn of(
        loaded: &Loaded,
        texts: &SourceTexts,
        options: &LoadOptions,
    ) -> Result<Self, AnalysisError> {
        let mut sources = Vec::new();
        let model = &loaded.model;
        let cited = model.sources.iter().filter_map(|s| s.path.as_ref());
        let alternatives = model.alternatives.iter().map(|a| &a.path);
        for path in cited.chain(alternatives) {
            let text = texts
                .read(path, options)
                .map_err(|why| RequestError(format!("cannot send the text of {path}: {why}")))?;
            sources.push((path.clone(), text));
        }
        Ok(ModelText {
            name: loaded.file.name().to_owned(),
            text: loaded.file.text().to_owned(),
            sources,
        })
    }

    fn load(&self) -> Result<Loaded, AnalysisError> {
        load_str(
            &self.name,
            &self.text,
            &SourceTexts::Given(self.sources.clone()),
            &LoadOptions::default(),
        )
        .map_err(|e| match e {
            crate::model::LoadError::Invalid(d) => AnalysisError::Invalid(d),
            other => RequestError(other.to_string()).into(),
        })
    }
}

/// The settings of an FCM run that its draws and Sobol rows depend on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FcmRun {
    preset: Preset,
    rule: inference::Rule,
    transfer: transfer::Transfer,
    lambda: f64,
    epsilon: Option<f64>,
    cap: Option<usize>,
    initial: Option<Vec<f64>>,
    draws: usize,
    seed: u64,
    sensitivity: Option<String>,
    case: Option<String>,
    samples: usize,
}

impl FcmRun {
    fn of(r: &FcmRequest) -> Self {
        FcmRun {
            preset: r.preset,
            rule: r.rule,
            transfer: r.transfer,
            lambda: r.lambda,
            epsilon: r.epsilon,
            cap: r.cap,
            initial: r.initial.clone(),
            draws: r.draws,
            seed: r.seed,
            sensitivity: r.sensitivity.clone(),
            case: r.case.clone(),
            samples: r.samples,
        }
    }

    fn request(&self) -> FcmRequest {
        FcmRequest {
            preset: self.preset,
            rule: self.rule,
            transfer: self.transfer,
            lambda: self.lambda,
            epsilon: self.epsilon,
            cap: self.cap,
            initial: self.initial.clone(),
            draws: self.draws,
            seed: self.seed,
            sensitivity: self.sensitivity.clone(),
            case: self.case.clone(),
            samples: self.samples,
            ..FcmRequest::default()
        }
    }
}

/// Runs one unit. A unit that does not hold together (a range outside its search, constraints
/// that do not fit its matrix, an invalid model) is refused with the reason.
pub fn run_unit(unit: &Unit) -> Result<UnitResult, AnalysisError> {
    let output = match &unit.work {
        Work::CibSearch {
            matrix,
            constraints,
            held,
            subtrees,
        } => {
            constraints.validate(matrix).map_err(RequestError)?;
            let held_fits = held.len() <= matrix.descriptor_count()
                && held
                    .iter()
                    .enumerate()
                    .all(|(j, v)| v.is_none_or(|v| v < matrix.variant_count(j)));
            if !held_fits {
                return Err(
                    RequestError::new("the unit's held descriptors do not fit its matrix").into(),
                );
            }
            within(subtrees, search::subtree_count(matrix, constraints, held))?;
            Output::CibSearch {
                scenarios: search_subtrees(matrix, constraints, held, subtrees.clone()),
            }
        }
        Work::CibBasins { matrix, subtrees } => {
            let count = basins::subtree_count(matrix).ok_or_else(|| {
                RequestError::new("the unit's matrix is not counted by groups of starts")
            })?;
            within(subtrees, count)?;
            let wide = |x: u128| {
                u64::try_from(x).map_err(|_| {
                    RequestError::new("basins are counted on scenario spaces below 2^64")
                })
            };
            let successors = basins::successor_counts(matrix, subtrees.clone())
                .into_iter()
                .map(|(key, count)| Ok((wide(key)?, wide(count)?)))
                .collect::<Result<_, RequestError>>()?;
            Output::CibBasins { successors }
        }
        Work::FcmDraws { model, run, draws } => {
            let loaded = model.load()?;
            Output::FcmDraws {
                draws: draw_unit(&loaded, &run.request(), draws.clone(), &NoProgress)?,
            }
        }
        Work::FcmSobol { model, run, rows } => {
            let loaded = model.load()?;
            Output::FcmSobol {
                rows: sobol_unit(&loaded, &run.request(), rows.clone())?,
            }
        }
    };
    Ok(UnitResult {
        job: unit.job.clone(),
        index: unit.index,
        output,
    })
}

fn within(range: &Range<usize>, count: usize) -> Result<(), RequestError> {
    if range.start < range.end && range.end <= count {
        Ok(())
    } else {
        Err(RequestError(format!(
            "subtrees {}..{} are not a part of the {count} the work splits into",
            range.start, range.end
        )))
    }
}

/// `0..count` cut into at most `pieces` contiguous, non-empty ranges of nearly equal length.
fn ranges(count: usize, pieces: usize) -> Vec<Range<usize>> {
    let pieces = pieces.clamp(1, count.max(1));
    (0..pieces)
        .map(|k| count * k / pieces..count * (k + 1) / pieces)
        .filter(|r| !r.is_empty())
        .collect()
}

/// Numbers the works of one job and stamps them with its fingerprint: FNV-1a (64 bits) of
/// their JSON, which depends on nothing but the works.
fn stamp(works: Vec<Work>) -> Vec<Unit> {
    let json = serde_json::to_string(&works).expect("a work serialises");
    let hash = json.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    let job = format!("{hash:016x}");
    let units = works.len();
    works
        .into_iter()
        .enumerate()
        .map(|(index, work)| Unit {
            job: job.clone(),
            index,
            units,
            work,
        })
        .collect()
}

/// Each unit's output, in unit order: every unit answered once (a duplicate equal to the first
/// answer is ignored), by a result of this job of the unit's kind.
fn outputs(units: &[Unit], results: Vec<UnitResult>) -> Result<Vec<Output>, RequestError> {
    let Some(job) = units.first().map(|u| &u.job) else {
        return Ok(Vec::new());
    };
    let mut answers: Vec<Option<Output>> = vec![None; units.len()];
    for r in results {
        if &r.job != job || r.index >= units.len() {
            return Err(RequestError(format!(
                "a result is of job {} unit {}, not of this job ({job}, {} units): it was \
                 planned on other input, other settings or another number of units",
                r.job,
                r.index,
                units.len()
            )));
        }
        let kind_matches = matches!(
            (&units[r.index].work, &r.output),
            (Work::CibSearch { .. }, Output::CibSearch { .. })
                | (Work::CibBasins { .. }, Output::CibBasins { .. })
                | (Work::FcmDraws { .. }, Output::FcmDraws { .. })
                | (Work::FcmSobol { .. }, Output::FcmSobol { .. })
        );
        if !kind_matches {
            return Err(RequestError(format!(
                "the result of unit {} is not of the unit's kind",
                r.index
            )));
        }
        match &answers[r.index] {
            Some(first) if *first != r.output => {
                return Err(RequestError(format!(
                    "unit {} has two different results: a worker computed it wrongly",
                    r.index
                )));
            }
            Some(_) => {}
            None => answers[r.index] = Some(r.output),
        }
    }
    let missing: Vec<usize> = (0..units.len()).filter(|&k| answers[k].is_none()).collect();
    if let Some(&first) = missing.first() {
        return Err(RequestError(format!(
            "{} of the {} units have no result (the first is unit {first}): run them and merge again",
            missing.len(),
            units.len()
        )));
    }
    Ok(answers.into_iter().flatten().collect())
}

/// The units of a CIB analysis: its exact searches (one; two under an intervention; one more
/// per other member of an ensemble) by ranges of subtrees in each context, and, when basins are
/// asked for under global succession on a matrix without conditional judgments, the basin
/// count by ranges of subtrees of starts. Each search (and the count) is cut into at most
/// `pieces` units. The request is checked as [`super::cib::analyze`] checks it.
pub fn cib_units(
    input: &CibInput<'_>,
    request: &CibRequest,
    pieces: usize,
) -> Result<Vec<Unit>, AnalysisError> {
    let (fixed, dynamics) = prepare(input, request)?;
    let mut works = Vec::new();
    for (m, constraints) in exact_searches(input, request, &fixed) {
        for (matrix, held) in contexts(&m, &constraints) {
            let count = search::subtree_count(&matrix, &constraints, &held);
            for subtrees in ranges(count, pieces) {
                works.push(Work::CibSearch {
                    matrix: matrix.clone().into_owned(),
                    constraints: constraints.clone(),
                    held: held.clone(),
                    subtrees,
                });
            }
        }
    }
    if request.basins
        && request.rule() == Rule::Global
        && let Some(count) = basins::subtree_count(&dynamics.matrix)
    {
        for subtrees in ranges(count, pieces) {
            works.push(Work::CibBasins {
                matrix: dynamics.matrix.clone(),
                subtrees,
            });
        }
    }
    Ok(stamp(works))
}

/// The CIB analysis [`super::cib::analyze`] gives, with its searches and basins taken from
/// the `results` of the `units` [`cib_units`] planned for this input and request. A search
/// (or the basin count) is taken from the units only when their ranges cover all of it;
/// otherwise it is computed here, so units of other work never change the answer.
pub fn cib_merge(
    input: &CibInput<'_>,
    request: &CibRequest,
    units: &[Unit],
    results: Vec<UnitResult>,
    progress: &dyn Progress,
) -> Result<CibResult, AnalysisError> {
    let outputs = outputs(units, results)?;
    let done: Vec<(&Work, &Output)> = units.iter().map(|u| &u.work).zip(&outputs).collect();
    let (fixed, dynamics) = prepare(input, request)?;
    let mut made = Made::default();
    for (m, constraints) in exact_searches(input, request, &fixed) {
        let mut found: Vec<Vec<usize>> = Vec::new();
        let mut whole = true;
        for (context, held) in contexts(&m, &constraints) {
            let mut covered = Vec::new();
            for (work, output) in &done {
                if let (
                    Work::CibSearch {
                        matrix,
                        constraints: c,
                        held: h,
                        subtrees,
                    },
                    Output::CibSearch { scenarios },
                ) = (work, output)
                    && (matrix, c, h) == (context.as_ref(), &constraints, &held)
                {
                    covered.push(subtrees.clone());
                    found.extend(scenarios.iter().cloned());
                }
            }
            whole &= covers(
                covered,
                search::subtree_count(&context, &constraints, &held),
            );
        }
        if whole {
            // Identical ensemble members have identical units: a scenario is found once.
            found.sort_unstable();
            found.dedup();
            let mut solutions: Vec<Solution> = found
                .into_iter()
                .map(|z| Solution::new(&m, z, &constraints))
                .collect();
            sort_solutions(&mut solutions);
            made.searches.push((m, constraints, solutions));
        }
    }
    let mut covered = Vec::new();
    let mut successors = Vec::new();
    for (work, output) in &done {
        if let (Work::CibBasins { matrix, subtrees }, Output::CibBasins { successors: s }) =
            (work, output)
            && *matrix == dynamics.matrix
        {
            covered.push(subtrees.clone());
            successors.push(s);
        }
    }
    if !covered.is_empty()
        && basins::subtree_count(&dynamics.matrix).is_some_and(|count| covers(covered, count))
    {
        let counts = successors
            .into_iter()
            .flatten()
            .map(|&(k, c)| (u128::from(k), u128::from(c)));
        made.basins = Some(basins::basins_of_successors(&dynamics.matrix, counts));
    }
    analyze_made(input, request, made, progress)
}

/// Whether `ranges` (identical ones counted once) cover `0..count` exactly, without overlap.
fn covers(mut ranges: Vec<Range<usize>>, count: usize) -> bool {
    ranges.sort_by_key(|r| (r.start, r.end));
    ranges.dedup();
    let mut next = 0;
    for r in ranges {
        if r.start != next {
            return false;
        }
        next = r.end;
    }
    next == count
}

/// The units of an FCM model's run: its Monte Carlo draws, and the rows of its sensitivity's
/// Sobol design, each in at most `pieces` ranges; every unit carries `model`, the model as a
/// worker loads it ([`ModelText::of`]).
pub fn fcm_units(
    model: &ModelText,
    request: &FcmRequest,
    pieces: usize,
) -> Result<Vec<Unit>, AnalysisError> {
    request.settings()?;
    request.check_model()?;
    if request.draws == 0 && request.sensitivity.is_none() {
        return Err(RequestError::new(
            "--units needs --draws or --sensitivity: the Monte Carlo draws and the Sobol \
             design's rows are what is cut into units",
        )
        .into());
    }
    let run = FcmRun::of(request);
    let mut works: Vec<Work> = ranges(request.draws, pieces)
        .into_iter()
        .map(|draws| Work::FcmDraws {
            model: model.clone(),
            run: run.clone(),
            draws,
        })
        .collect();
    if request.sensitivity.is_some() {
        works.extend(
            ranges(request.samples, pieces)
                .into_iter()
                .map(|rows| Work::FcmSobol {
                    model: model.clone(),
                    run: run.clone(),
                    rows,
                }),
        );
    }
    Ok(stamp(works))
}

/// The FCM run [`super::fcm::model`] gives, with its Monte Carlo draws and Sobol rows taken
/// from the `results` of the `units` [`fcm_units`] planned for this model and request.
pub fn fcm_merge(
    loaded: &Loaded,
    request: &FcmRequest,
    units: &[Unit],
    results: Vec<UnitResult>,
    progress: &dyn Progress,
) -> Result<FcmModelResult, AnalysisError> {
    let mut parts = Vec::new();
    let mut rows = Vec::new();
    for (unit, output) in units.iter().zip(outputs(units, results)?) {
        match (&unit.work, output) {
            (Work::FcmDraws { .. }, Output::FcmDraws { draws }) => parts.push(draws),
            (Work::FcmSobol { rows: range, .. }, Output::FcmSobol { rows: r }) => {
                rows.push((range.clone(), r));
            }
            _ => return Err(RequestError::new("these units are not an FCM run's").into()),
        }
    }
    let draws = if parts.is_empty() {
        None
    } else {
        Some(Draws::merge(parts).map_err(RequestError)?)
    };
    let sobol = if rows.is_empty() {
        None
    } else {
        rows.sort_by_key(|(range, _)| range.start);
        if !covers(
            rows.iter().map(|(range, _)| range.clone()).collect(),
            request.samples,
        ) {
            return Err(RequestError::new(
                "the Sobol units do not cover the design's rows once each",
            )
            .into());
        }
        Some(rows.into_iter().flat_map(|(_, r)| r).collect())
    };
    model_made(loaded, request, FcmMade { draws, sobol }, progress)
}

#[cfg(test)]
mod tests;
