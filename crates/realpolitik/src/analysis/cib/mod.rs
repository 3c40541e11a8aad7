//! Cross-impact balance: every scenario of a matrix consistent enough, under an intervention
//! when descriptors are fixed, with the optional analyses asked for (basins, ensemble,
//! robustness, families, succession, sampled basins).
//!
//! [`analyze`] takes a [`CibInput`] (the matrix, from a model or a file, with any ensemble
//! members) and a [`CibRequest`] (what to compute), and returns a [`CibResult`]: the
//! [`CibDocument`] `cib --format json` prints, and the pieces the tableau, the CSV and the
//! HTML report draw.

mod extra;
#[cfg(test)]
mod tests;

use std::path::Path;
use std::time::{Duration, Instant};

use crate::cib::basins::Basins;
use crate::cib::impact;
use crate::cib::intervention::{
    Intervention, Restricted, fixed_from_names, intervene_with, intervention_searches,
};
use crate::cib::io::{MatrixFileError, read_matrix_file};
use crate::cib::landscape::Family;
use crate::cib::rule_basins::basins_by_rule;
use crate::cib::search::{self, search_with_progress};
use crate::cib::succession::Rule;
use crate::cib::uncertainty::{Perturbation, Robustness};
use crate::cib::{Constraints, Matrix, Solution};
use crate::limits::Limits;
use crate::output::{
    CibAttractor, CibBasins, CibCheck, CibDocument, CibIntervention, CibLeastInconsistent,
    CibScenario, attractor_states,
};
use crate::progress::Progress;
use crate::report::{CibFamilies, CibResults, CibRobustness, Report};
use crate::{Diagnostic, Loaded, Model};

use super::{AnalysisError, RequestError};

/// What a CIB analysis is asked for. The defaults are the command line's.
#[derive(Clone, Debug)]
pub struct CibRequest {
    /// Also accept scenarios whose inconsistency is at most this (0: consistent only).
    pub max_inconsistency: i64,
    /// Descriptors fixed to a variant, each `DESCRIPTOR=VARIANT` (names or 1-based indices).
    pub fix: Vec<String>,
    /// Ids of the model's options or triggers whose clamped descriptors are fixed too.
    pub scenarios: Vec<String>,
    /// Whether to count every scenario's basin weight exactly.
    pub basins: bool,
    /// Estimate basin shares from this many seeded random starts.
    pub sample_basins: Option<u64>,
    /// With ensemble members: the scenarios acceptable in at least this many (default: all).
    pub agree: Option<usize>,
    /// Judgment uncertainty: a width such as `1` (each judgment ±1), or `intervals`.
    pub perturb: Option<String>,
    /// With `perturb`: the number of draws (none: [`DEFAULT_DRAWS`]).
    pub draws: Option<u64>,
    /// Group the scenarios into families linked at at most this many differing descriptors.
    pub families: Option<usize>,
    /// Follow succession from this start: one variant per descriptor, by name or 1-based
    /// index, e.g. `1 3 2` or `high low 2`. Fixed descriptors start at their fixed variant.
    pub from: Option<String>,
    /// The succession rule of `from`, `basins` and `sample_basins` (none: global).
    pub rule: Option<Rule>,
    /// Explain one scenario: one variant per descriptor, by name or 1-based index, as for
    /// `from`. Fixed descriptors are shown but not judged.
    pub check: Option<String>,
    /// Seed of every random draw.
    pub seed: u64,
    /// The limits on the inputs this request reads and the work it may start.
    pub limits: Limits,
}

/// Perturbed draws when the request names none.
pub const DEFAULT_DRAWS: u64 = 200;

impl Default for CibRequest {
    fn default() -> Self {
        CibRequest {
            max_inconsistency: 0,
            fix: Vec::new(),
            scenarios: Vec::new(),
            basins: false,
            sample_basins: None,
            agree: None,
            perturb: None,
            draws: None,
            families: None,
            from: None,
            rule: None,
            check: None,
            seed: 2014,
            limits: Limits::default(),
        }
    }
}

impl CibRequest {
    /// Refuses what cannot run on any matrix: a negative inconsistency, robustness over no
    /// draws (or over the limit), and a setting that nothing asked for would use (it would be
    /// ignored silently).
    pub fn check(&self) -> Result<(), RequestError> {
        if self.max_inconsistency < 0 {
            return Err(RequestError::new("--max-inconsistency cannot be negative"));
        }
        if self.perturb.is_some() {
            super::count(
                &self.limits,
                "--draws",
                self.draws(),
                1,
                "robustness is the share of draws a scenario survives, so give at least 1",
            )?;
        } else if self.draws.is_some() {
            return Err(RequestError::new(
                "--draws needs --perturb: it is the number of perturbed matrices drawn",
            ));
        }
        if let Some(n) = self.sample_basins {
            // Each random start is a draw, bounded like every Monte Carlo's.
            super::count(
                &self.limits,
                "--sample-basins",
                n,
                1,
                "give at least one start",
            )?;
        }
        if self.rule.is_some()
            && self.from.is_none()
            && !self.basins
            && self.sample_basins.is_none()
        {
            return Err(RequestError::new(
                "--rule needs --from, --basins or --sample-basins: it is the succession rule they follow",
            ));
        }
        Ok(())
    }

    /// The number of perturbed draws.
    pub fn draws(&self) -> u64 {
        self.draws.unwrap_or(DEFAULT_DRAWS)
    }

    /// The succession rule.
    pub fn rule(&self) -> Rule {
        self.rule.unwrap_or(Rule::Global)
    }

    fn constraints(&self, m: &Matrix) -> Constraints {
        Constraints::max_inconsistency(self.max_inconsistency).under(&self.limits, m)
    }
}

/// The matrix analysed, and where it came from.
#[derive(Clone, Debug)]
pub struct CibInput<'a> {
    /// The input's name (the model's file, or the matrix file's path).
    pub name: String,
    /// The matrix.
    pub matrix: Matrix,
    /// The model, when the input is one (needed for `scenarios` and drawn by the report).
    pub model: Option<&'a Model>,
    /// Other matrices with the same descriptors, an ensemble with `matrix` as its first
    /// member (none: no ensemble).
    pub ensemble: Vec<Matrix>,
}

impl<'a> CibInput<'a> {
    /// A model's CIB part: its factors with states and their judgment blocks. A model without
    /// any, or whose blocks do not form a matrix, is invalid input.
    pub fn of_model(loaded: &'a Loaded) -> Result<Self, AnalysisError> {
        let name = loaded.file.name().to_owned();
        let matrix = match Matrix::from_model(&loaded.model) {
            Some(Ok(m)) => m,
            Some(Err(e)) => {
                return Err(AnalysisError::Invalid(vec![
                    Diagnostic::error("cib::model", format!("{name}: {e}"))
                        .help("check the model's factors and judgment blocks"),
                ]));
            }
            None => {
                return Err(AnalysisError::Invalid(vec![
                    Diagnostic::error("cib::model", format!("{name} has no CIB descriptor")).help(
                        "give factors `states = [...]` and add [[judgments]] blocks between them",
                    ),
                ]));
            }
        };
        Ok(CibInput {
            name,
            matrix,
            model: Some(&loaded.model),
            ensemble: Vec::new(),
        })
    }
}

/// Reads a bare matrix file (CSV grid, spreadsheet, ScenarioWizard `.scw`), with the warnings
/// its reader raised.
pub fn read_matrix(
    path: &Path,
    limits: &Limits,
) -> Result<(Matrix, Vec<Diagnostic>), AnalysisError> {
    read_matrix_file(path, limits).map_err(|e| match e {
        MatrixFileError::Read(source) => AnalysisError::Read {
            path: path.to_owned(),
            source,
        },
        MatrixFileError::Invalid(d) => AnalysisError::Invalid(d),
    })
}

/// A CIB analysis: the document, and what the tableau, the CSV and the report draw.
#[derive(Clone, Debug)]
pub struct CibResult {
    /// The document.
    pub document: CibDocument,
    /// The matrix analysed.
    pub matrix: Matrix,
    /// The scenarios found (under the intervention, when there is one), best first.
    pub solutions: Vec<Solution>,
    /// Each scenario's exact basin weight, given `basins` (else empty).
    pub weights: Vec<u128>,
    /// The variant each descriptor is fixed to, if any.
    pub fixed: Vec<Option<usize>>,
    /// What fixing descriptors changed, when any is fixed.
    pub intervention: Option<Intervention>,
    /// Exact basins, given `basins`.
    pub basins: Option<Basins>,
    /// When no scenario is acceptable: those with the least inconsistency any reaches.
    pub least_inconsistent: Vec<Solution>,
    /// How long the exact search took.
    pub search_time: Duration,
    families: Option<(usize, Vec<Family>)>,
    robustness: Option<(Perturbation, Vec<Robustness>)>,
}

/// Runs the analysis: the exact search (under the intervention the fixed descriptors make),
/// the basins, then the optional analyses, in that order, each refusing a bad request before
/// it starts. Progress reports the search and the basin count.
pub fn analyze(
    input: &CibInput<'_>,
    request: &CibRequest,
    progress: &dyn Progress,
) -> Result<CibResult, AnalysisError> {
    analyze_made(input, request, Made::default(), progress)
}

/// The heavy parts of a CIB analysis done beforehand (by [`super::units`], on other
/// processes or machines): exact searches, each with the matrix and constraints it ran on, and
/// the exact basins of the matrix the dynamics run on. [`analyze_made`] uses them where
/// [`analyze`] would compute the same thing, and computes the rest.
#[derive(Clone, Debug, Default)]
pub struct Made {
    /// Searches: the matrix (the input's, or an ensemble member's), the constraints and every
    /// scenario found, sorted.
    pub searches: Vec<(Matrix, Constraints, Vec<Solution>)>,
    /// The basins of global succession on the matrix the dynamics run on (before
    /// [`Restricted::expand_basins`]).
    pub basins: Option<Basins>,
}

impl Made {
    pub(super) fn search(
        &self,
        m: &Matrix,
        constraints: &Constraints,
        progress: &dyn Progress,
    ) -> Vec<Solution> {
        let done = self
            .searches
            .iter()
            .find(|(matrix, c, _)| matrix == m && c == constraints);
        match done {
            Some((_, _, found)) => found.clone(),
            None => search_with_progress(m, constraints, progress),
        }
    }
}

/// What every CIB analysis settles before it searches: the request is sound, the fixed
/// descriptors, and the matrix the dynamics run on (the basins' space within the limits).
pub(super) fn prepare(
    input: &CibInput<'_>,
    request: &CibRequest,
) -> Result<(Vec<Option<usize>>, Restricted), AnalysisError> {
    request.check()?;
    let m = &input.matrix;
    if request.agree.is_some() && input.ensemble.is_empty() {
        return Err(RequestError::new(
            "--agree needs --ensemble: it is how many members of an ensemble must accept a scenario",
        )
        .into());
    }
    let fixed = fixed(request, m, input.model)?;
    let dynamics = Restricted::new(m, &fixed).map_err(|e| RequestError(e.to_string()))?;
    if request.basins {
        search_space("--basins", &dynamics.matrix, &request.limits)?;
    }
    Ok((fixed, dynamics))
}

/// The exact searches [`analyze`] runs before its optional analyses: of the input's matrix
/// (once, or twice under an intervention: without and with the fixed descriptors), then of
/// each other member of an ensemble.
pub(super) fn exact_searches(
    input: &CibInput<'_>,
    request: &CibRequest,
    fixed: &[Option<usize>],
) -> Vec<(Matrix, Constraints)> {
    let m = &input.matrix;
    let mut searches: Vec<(Matrix, Constraints)> = if fixed.iter().any(Option::is_some) {
        intervention_searches(fixed, &request.constraints(m))
            .into_iter()
            .map(|c| (m.clone(), c))
            .collect()
    } else {
        vec![(m.clone(), request.constraints(m))]
    };
    for member in &input.ensemble {
        searches.push((member.clone(), request.constraints(member)));
    }
    searches
}

/// [`analyze`], with the parts in `made` already done.
pub fn analyze_made(
    input: &CibInput<'_>,
    request: &CibRequest,
    mut made: Made,
    progress: &dyn Progress,
) -> Result<CibResult, AnalysisError> {
    let m = &input.matrix;
    let (fixed, dynamics) = prepare(input, request)?;
    let start = Instant::now();
    let intervention = fixed.iter().any(Option::is_some).then(|| {
        intervene_with(fixed.clone(), &request.constraints(m), |c| {
            made.search(m, c, progress)
        })
    });
    let solutions = match &intervention {
        Some(i) => i.result.clone(),
        None => made.search(m, &request.constraints(m), progress),
    };
    let search_time = start.elapsed();
    let constraints = request.constraints(m);
    let cut = intervention
        .as_ref()
        .is_some_and(|i| constraints.cut(&i.baseline));
    if cut || constraints.cut(&solutions) {
        return Err(too_many_scenarios(&constraints).into());
    }
    let basins = if request.basins {
        let b = match made.basins.take() {
            Some(b) => b,
            None => basins_by_rule(&dynamics.matrix, request.rule(), progress)
                .ok_or_else(|| RequestError::new("--basins needs a scenario space below 2^64"))?,
        };
        Some(dynamics.expand_basins(b))
    } else {
        None
    };
    let weights: Vec<u128> = match &basins {
        Some(b) => solutions.iter().map(|s| b.weight_of(&s.variants)).collect(),
        None => Vec::new(),
    };
    let mut document = document(input, request, &fixed, &solutions, &weights);
    document.basins = basins
        .as_ref()
        .map(|b| basins_document(m, b, request.rule()));
    document.intervention = intervention.as_ref().map(|i| {
        let named = |list: &[usize], from: &[Solution]| -> Vec<CibScenario> {
            list.iter().map(|&k| CibScenario::of(m, &from[k])).collect()
        };
        CibIntervention {
            kept: named(&i.kept, &i.result),
            lost: named(&i.lost, &i.baseline),
            new: named(&i.new, &i.result),
        }
    });
    let mut least = Vec::new();
    if solutions.is_empty() {
        let constraints = Constraints {
            fixed: fixed.clone(),
            ..request.constraints(m)
        };
        if let Some((t, found)) = least_inconsistent(m, &constraints)? {
            document.least_inconsistent = Some(CibLeastInconsistent {
                inconsistency: t,
                scenarios: found.iter().map(|s| CibScenario::of(m, s)).collect(),
            });
            least = found;
        }
    }
    if let Some(text) = &request.check {
        let z = dynamics.expand(&dynamics.shrink(&extra::scenario(m, "--check", text)?));
        let constraints = Constraints {
            fixed: fixed.clone(),
            ..request.constraints(m)
        };
        document.check = Some(CibCheck::of(m, &impact::check(m, &z, &constraints)));
    }
    let extras = extra::extras(
        input,
        request,
        &dynamics,
        &solutions,
        &made,
        &mut document,
        progress,
    )?;
    Ok(CibResult {
        document,
        matrix: m.clone(),
        solutions,
        weights,
        fixed,
        intervention,
        basins,
        least_inconsistent: least,
        search_time,
        families: extras.families,
        robustness: extras.robustness,
    })
}

impl CibResult {
    /// The linking distance of the families, when they were computed (`families`).
    pub fn families_threshold(&self) -> Option<usize> {
        self.families.as_ref().map(|(h, _)| *h)
    }

    /// The HTML report: the scenario tableau, and the families, robustness and basin weights
    /// when they were computed. `model` is the input's model, if it was one.
    pub fn report<'a>(&'a self, model: Option<&'a Model>) -> Report<'a> {
        let results = CibResults {
            max_inconsistency: self.document.max_inconsistency,
            fixed: &self.fixed,
            families: self
                .families
                .as_ref()
                .map(|(threshold, families)| CibFamilies {
                    threshold: *threshold,
                    families,
                }),
            robustness: self
                .robustness
                .as_ref()
                .zip(self.document.robustness.as_ref())
                .map(|((perturbation, scenarios), doc)| CibRobustness {
                    perturbation: *perturbation,
                    draws: doc.draws,
                    seed: doc.seed,
                    scenarios,
                }),
            basins: self.basins.as_ref(),
            ..CibResults::new(&self.matrix, &self.solutions)
        };
        super::report_on(model, &self.document.file).with_cib(&results)
    }
}

/// The error of a search cut at the `solutions` limit, `most` scenarios.
fn too_many_scenarios(constraints: &Constraints) -> RequestError {
    RequestError(
        constraints.too_many("this matrix")
            + " (a matrix that barely constrains its scenarios, all zeros say, makes nearly every one consistent)",
    )
}

/// When no scenario meets `constraints`: the smallest inconsistency t any scenario reaches
/// (with the same fixed descriptors), and every scenario with inconsistency t. The threshold
/// doubles until a search finds one, then a bisection finds the least; each step is an exact
/// search. `None` when every descriptor is fixed (nothing is judged).
fn least_inconsistent(
    m: &Matrix,
    constraints: &Constraints,
) -> Result<Option<(i64, Vec<Solution>)>, RequestError> {
    let at = |t: i64| {
        let found = search::search(
            m,
            &Constraints {
                max_inconsistency: t,
                ..constraints.clone()
            },
        );
        if constraints.cut(&found) {
            Err(too_many_scenarios(constraints))
        } else {
            Ok(found)
        }
    };
    // No scenario's inconsistency exceeds the largest spread of a descriptor's scores.
    let gated = m.gates().iter().flat_map(|g| g.blocks.iter().flatten());
    let most: i64 = m
        .cells()
        .iter()
        .chain(gated)
        .map(|&c| 2 * i64::from(c).abs())
        .sum();
    let (mut low, mut high) = (
        constraints.max_inconsistency,
        constraints.max_inconsistency.max(0) + 1,
    );
    let mut found = at(high)?;
    while found.is_empty() {
        if high > most {
            return Ok(None);
        }
        low = high;
        high = high.saturating_mul(2);
        found = at(high)?;
    }
    while high - low > 1 {
        let mid = low + (high - low) / 2;
        let at_mid = at(mid)?;
        if at_mid.is_empty() {
            low = mid;
        } else {
            (high, found) = (mid, at_mid);
        }
    }
    Ok(Some((high, found)))
}

/// The document's scenarios and settings; the optional parts are filled in by the caller.
fn document(
    input: &CibInput<'_>,
    request: &CibRequest,
    fixed: &[Option<usize>],
    solutions: &[Solution],
    weights: &[u128],
) -> CibDocument {
    let m = &input.matrix;
    let mut scenarios: Vec<CibScenario> = solutions.iter().map(|s| CibScenario::of(m, s)).collect();
    for (s, w) in scenarios.iter_mut().zip(weights) {
        s.basin_weight = Some(w.to_string());
    }
    CibDocument {
        schema_version: crate::output::SCHEMA_VERSION,
        file: input.name.clone(),
        descriptors: m.descriptors().to_vec(),
        scenario_count: m.scenario_count().map(|c| c.to_string()),
        max_inconsistency: request.max_inconsistency,
        fixed: named_fixed(m, fixed),
        scenarios,
        basins: None,
        intervention: None,
        ensemble: None,
        robustness: None,
        families: None,
        succession: None,
        sampled_basins: None,
        least_inconsistent: None,
        check: None,
    }
}

/// Checks that exhaustive work over the scenario space (`--basins` follows succession from
/// every scenario: 12 descriptors of 4 variants are 16.8 million starts) is within the
/// search-space limit, before it starts.
fn search_space(flag: &str, m: &Matrix, limits: &Limits) -> Result<(), RequestError> {
    let space = m
        .descriptors()
        .iter()
        .try_fold(1u64, |n, d| n.checked_mul(d.variants.len() as u64));
    let most = limits.search_space;
    if space.is_none_or(|n| n > most) {
        let what = space.map_or_else(|| "more than 2^64".to_owned(), |n| n.to_string());
        return Err(RequestError(format!(
            "{flag}: {}; --sample-basins N estimates the shares from N random starts",
            Limits::exceeded("search-space", format!("a space of {what} scenarios"), most)
        )));
    }
    Ok(())
}

/// The descriptors fixed by `fix` and by the clamps of the `scenarios` named.
fn fixed(
    request: &CibRequest,
    m: &Matrix,
    model: Option<&Model>,
) -> Result<Vec<Option<usize>>, RequestError> {
    let mut pairs = request
        .fix
        .iter()
        .map(|text| {
            text.split_once('=')
                .map(|(d, v)| (d.trim().to_owned(), v.trim().to_owned()))
                .ok_or_else(|| RequestError(format!("--fix {text:?}: write DESCRIPTOR=VARIANT")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    for id in &request.scenarios {
        let model = model
            .ok_or_else(|| RequestError::new("--scenario needs a model file, not a bare matrix"))?;
        let s = model
            .options
            .iter()
            .chain(&model.triggers)
            .find(|s| &s.id == id)
            .ok_or_else(|| RequestError(format!("the model has no option or trigger {id:?}")))?;
        for clamp in &s.clamps {
            if let Some(state) = clamp.state {
                let f = &model.factors[clamp.factor];
                pairs.push((f.id.clone(), f.states[state].clone()));
            }
        }
    }
    fixed_from_names(m, &pairs).map_err(RequestError)
}

/// The fixed descriptors as `DESCRIPTOR=VARIANT`.
fn named_fixed(m: &Matrix, fixed: &[Option<usize>]) -> Vec<String> {
    fixed
        .iter()
        .enumerate()
        .filter_map(|(j, v)| {
            v.map(|v| {
                format!(
                    "{}={}",
                    m.descriptors()[j].name,
                    m.descriptors()[j].variants[v]
                )
            })
        })
        .collect()
}

fn basins_document(m: &Matrix, b: &Basins, rule: Rule) -> CibBasins {
    CibBasins {
        rule,
        starts: b.starts.to_string(),
        successors: b.successors,
        in_cycles: b.in_cycles().to_string(),
        attractors: b
            .basins
            .iter()
            .map(|x| {
                let (states, indices) = attractor_states(m, &x.attractor);
                CibAttractor {
                    period: x.attractor.period(),
                    weight: x.weight.to_string(),
                    states,
                    indices,
                }
            })
            .collect(),
    }
}
