//! Bargaining: where each issue's positions settle under a solver, with Monte Carlo over the
//! uncertain inputs and one-at-a-time sensitivity when asked; and the backtest of every
//! solver against recorded outcomes.
//!
//! [`bargain`] takes a [`BargainInput`] (a model's actors and issues, or a bargaining table)
//! and a [`BargainRequest`], decides which issues to play and whether KTAB's SMP plays them
//! all at once, and returns a [`BargainResult`] holding the [`BargainDocument`].

use std::path::Path;

use crate::bargain::{
    self, EumParams, Issue, MonteCarlo, Outcome, Scenario, SmpInput, SmpParams, SmpReport, Solver,
    Swing,
};
use crate::limits::Limits;
use crate::output::{
    BacktestDocument, BargainCoalition, BargainDocument, BargainIssueDocument, BargainScale,
    BargainSwing, SCHEMA_VERSION,
};
use crate::progress::Progress;
use crate::report::{BargainIssue, BargainResults, Report};
use crate::{Diagnostic, Loaded, Model, SourceFile};

use super::{AnalysisError, RequestError};

/// What a bargaining forecast is asked for. The defaults are the command line's.
#[derive(Clone, Debug)]
pub struct BargainRequest {
    /// The solver.
    pub solver: Solver,
    /// Only this issue (its id; default: every issue).
    pub issue: Option<String>,
    /// EUM: the most rounds to play.
    pub rounds: usize,
    /// EUM: probability Q that the status quo persists when the other side does not resist.
    pub q: f64,
    /// EUM: probability T that a changed status quo turns out better.
    pub t: f64,
    /// Monte Carlo draws over the uncertain inputs (0: none).
    pub draws: usize,
    /// Whether to move each actor's inputs one at a time and report the forecast's swings.
    pub sensitivity: bool,
    /// Seed of every random draw.
    pub seed: u64,
    /// The limits on the inputs this request reads and the work it may start.
    pub limits: Limits,
}

impl Default for BargainRequest {
    fn default() -> Self {
        BargainRequest {
            solver: Solver::Eum,
            issue: None,
            rounds: 8,
            q: 1.0,
            t: 1.0,
            draws: 0,
            sensitivity: false,
            seed: 2014,
            limits: Limits::default(),
        }
    }
}

impl BargainRequest {
    /// Refuses what cannot run on any input: probabilities outside [0, 1], draws over the
    /// limit.
    pub fn check(&self) -> Result<(), RequestError> {
        if !(0.0..=1.0).contains(&self.q) || !(0.0..=1.0).contains(&self.t) {
            return Err(RequestError::new(
                "--q and --t are probabilities: give values in [0, 1]",
            ));
        }
        if self.rounds == 0 {
            return Err(RequestError::new("--rounds: give at least one round"));
        }
        if self.rounds as u64 > self.limits.rounds {
            return Err(RequestError::new(format!(
                "--rounds {}: {}",
                self.rounds,
                Limits::exceeded(
                    "rounds",
                    format!("{} rounds", self.rounds),
                    self.limits.rounds
                )
            )));
        }
        super::count(&self.limits, "--draws", self.draws as u64, 0, "")
    }

    fn params(&self) -> EumParams {
        EumParams {
            q: self.q,
            t: self.t,
            max_rounds: self.rounds,
            ..EumParams::default()
        }
    }
}

/// The actors and issues bargained over, and where they came from.
#[derive(Clone, Debug)]
pub struct BargainInput<'a> {
    /// The input's name (the model's file, or the table's path).
    pub name: String,
    /// The actors and issues (uncertain inputs at their nominal values unless drawn).
    pub scenario: Scenario,
    /// The model, when the input is one (drawn by the report).
    pub model: Option<&'a Model>,
    /// The table's file, when the input is one: what a problem of a whole issue (no actor
    /// takes part, no actor's position counts) is located in.
    pub file: Option<SourceFile>,
}

impl<'a> BargainInput<'a> {
    /// A model's actors, issues and stances.
    pub fn of_model(loaded: &'a Loaded) -> Self {
        BargainInput {
            name: loaded.file.name().to_owned(),
            scenario: Scenario::from_model(&loaded.model),
            model: Some(&loaded.model),
            file: None,
        }
    }

    /// Bargaining data without a model, by extension: a CSV table (Bueno de Mesquita's, KTAB's
    /// or DEU's long layout, told apart by the header) or KTAB's XML scenario. `None` when
    /// the path is neither (a model, then). Read under `limits`.
    pub fn read_table(
        path: &Path,
        limits: &Limits,
    ) -> Result<Option<BargainInput<'static>>, AnalysisError> {
        let load = match path.extension().and_then(|e| e.to_str()) {
            Some("csv") => bargain::load_csv,
            Some("xml") => bargain::load_ktab_xml,
            _ => return Ok(None),
        };
        let file = read_source(path, limits)?;
        let scenario = load(&file, limits).map_err(AnalysisError::Invalid)?;
        Ok(Some(BargainInput {
            name: file.name().to_owned(),
            scenario,
            model: None,
            file: Some(file),
        }))
    }
}

fn read_source(path: &Path, limits: &Limits) -> Result<SourceFile, AnalysisError> {
    let text = crate::io::read_text(path, limits).map_err(|e| AnalysisError::Read {
        path: path.to_owned(),
        source: e.into(),
    })?;
    Ok(SourceFile::new(path.display().to_string(), text))
}

/// One issue's results.
#[derive(Clone, Debug)]
pub struct SolvedIssue {
    /// The issue's index in the scenario.
    pub index: usize,
    /// The issue at nominal inputs, as solved.
    pub issue: Issue,
    /// Where the positions settle.
    pub outcome: Outcome,
    /// The forecast's spread over the uncertain inputs, given draws.
    pub monte_carlo: Option<MonteCarlo>,
    /// The forecast's swing per moved input, given sensitivity.
    pub swings: Option<Vec<Swing>>,
}

/// A bargaining forecast: the document, and what the text and the report draw.
#[derive(Clone, Debug)]
pub struct BargainResult {
    /// The document.
    pub document: BargainDocument,
    /// Each issue played, in the scenario's order.
    pub issues: Vec<SolvedIssue>,
}

/// Plays the issues asked for (one, or every one) under the request's solver. KTAB's SMP
/// plays every issue at once, as KTAB's dimensions, when every actor takes part in every
/// issue; Monte Carlo and sensitivity play each issue alone. An input without issues, or with
/// problems in an issue played, is invalid. Progress reports the Monte Carlo draws.
pub fn bargain(
    input: &BargainInput<'_>,
    request: &BargainRequest,
    progress: &dyn Progress,
) -> Result<BargainResult, AnalysisError> {
    request.check()?;
    let (name, scenario) = (&input.name, &input.scenario);
    let issues: Vec<usize> = match &request.issue {
        Some(id) => vec![scenario.issue_index(id).ok_or_else(|| {
            let known: Vec<_> = scenario.issues.iter().map(|i| i.id.as_str()).collect();
            RequestError(format!(
                "no issue `{id}` in {name}; its issues are: {}",
                known.join(", ")
            ))
        })?],
        None => (0..scenario.issues.len()).collect(),
    };
    if issues.is_empty() {
        // The input is at fault, not the request.
        return Err(AnalysisError::Invalid(vec![
            Diagnostic::error(
                "bargain::no_issue",
                format!("{name} has no bargaining issues"),
            )
            .help("add [[issues]] and actor stances to the model, or an issue to the table"),
        ]));
    }
    let problems: Vec<_> = scenario
        .problems(&request.limits)
        .into_iter()
        .enumerate()
        .filter(|(k, _)| issues.contains(k))
        .map(|(_, d)| match &input.file {
            // A whole issue's problem has no one cell: it is the table's.
            Some(file) if d.location.is_none() => d.at(0..0, "in this table").in_file(file),
            _ => d,
        })
        .collect();
    if !problems.is_empty() {
        return Err(AnalysisError::Invalid(problems));
    }
    let params = request.params();
    let solver = request.solver;
    let joint = (solver == Solver::Smp)
        .then(|| SmpInput::from_scenario(scenario).ok())
        .flatten()
        .map(|input| bargain::smp::run(&input, &SmpParams::default()).report(&input));
    let solved: Vec<SolvedIssue> = issues
        .iter()
        .map(|&k| {
            let issue = scenario.nominal_issue(k);
            let outcome = match &joint {
                Some(report) => joint_outcome(report, &issue, k),
                None => bargain::solve(&issue, solver, &params),
            };
            let monte_carlo = (request.draws > 0).then(|| {
                bargain::monte_carlo(
                    scenario,
                    k,
                    solver,
                    &params,
                    request.draws,
                    request.seed,
                    progress,
                )
            });
            let swings = request
                .sensitivity
                .then(|| bargain::sensitivity(&issue, solver, &params));
            SolvedIssue {
                index: k,
                issue,
                outcome,
                monte_carlo,
                swings,
            }
        })
        .collect();
    let document = BargainDocument {
        schema_version: SCHEMA_VERSION,
        input: name.clone(),
        solver,
        seed: request.seed,
        issues: solved.iter().map(|r| issue_document(scenario, r)).collect(),
        smp: joint,
    };
    Ok(BargainResult {
        document,
        issues: solved,
    })
}

impl BargainResult {
    /// The HTML report: per issue, each actor's position round by round with the forecast
    /// (and its Monte Carlo interval), who moved towards whom, and the final coalitions.
    pub fn report<'a>(&'a self, input: &'a BargainInput<'a>) -> Report<'a> {
        let results = BargainResults {
            scenario: &input.scenario,
            solver: self.document.solver,
            joint: self.document.smp.as_ref(),
            issues: self
                .issues
                .iter()
                .map(|r| BargainIssue {
                    index: r.index,
                    issue: &r.issue,
                    outcome: &r.outcome,
                    monte_carlo: r.monte_carlo.as_ref(),
                })
                .collect(),
        };
        super::report_on(input.model, &input.name).with_bargain(&results)
    }
}

/// Issue `k`'s share of a joint SMP run over all issues.
fn joint_outcome(report: &SmpReport, issue: &Issue, k: usize) -> Outcome {
    let last = &report.turns[report.turns.len() - 1];
    Outcome {
        forecast: report.forecast[k],
        positions: issue
            .players
            .iter()
            .map(|p| last.positions[p.actor][k])
            .collect(),
        eum: None,
        smp: None,
    }
}

/// The name of the actor playing `player` in `issue`.
pub fn actor_name(s: &Scenario, issue: &Issue, player: usize) -> String {
    s.actors[issue.players[player].actor].name.clone()
}

fn issue_document(s: &Scenario, r: &SolvedIssue) -> BargainIssueDocument {
    let (issue, o) = (&r.issue, &r.outcome);
    let names: Vec<String> = (0..issue.players.len())
        .map(|p| actor_name(s, issue, p))
        .collect();
    let coalitions = bargain::coalitions(issue, &o.positions)
        .into_iter()
        .map(|(position, m)| BargainCoalition {
            position,
            actors: m.iter().map(|&i| names[i].clone()).collect(),
        })
        .collect();
    BargainIssueDocument {
        id: s.issues[r.index].id.clone(),
        scale: BargainScale {
            low: issue.low,
            high: issue.high,
        },
        initial_positions: issue.players.iter().map(|p| p.position).collect(),
        forecast: o.forecast,
        final_positions: o.positions.clone(),
        coalitions,
        eum: o.eum.clone(),
        smp: o.smp.clone(),
        monte_carlo: r.monte_carlo.clone(),
        sensitivity: r.swings.as_ref().map(|sw| {
            sw.iter()
                .map(|w| BargainSwing {
                    actor: names[w.player].clone(),
                    input: w.input,
                    down: w.down,
                    up: w.up,
                    swing: w.swing,
                    per_unit: w.per_unit,
                })
                .collect()
        }),
        actors: names,
    }
}

/// Scores every solver against the recorded outcomes of the DEU III data in `data`
/// (`deu3_positions_long.csv` and `deu3_issues.csv`), on the issues with an outcome and at
/// least `min_actors` actors, the EUM playing at most `rounds` rounds; the files are read
/// under `limits`.
pub fn backtest(
    data: &Path,
    min_actors: usize,
    rounds: usize,
    limits: &Limits,
) -> Result<BacktestDocument, AnalysisError> {
    let positions = read_source(&data.join("deu3_positions_long.csv"), limits)?;
    let issues = read_source(&data.join("deu3_issues.csv"), limits)?;
    let scenario =
        bargain::load_deu_long_csv(&positions, limits).map_err(AnalysisError::Invalid)?;
    let outcomes = bargain::load_outcomes(&issues).map_err(AnalysisError::Invalid)?;
    let params = EumParams {
        max_rounds: rounds,
        ..EumParams::default()
    };
    Ok(BacktestDocument {
        schema_version: SCHEMA_VERSION,
        data: data.display().to_string(),
        min_actors,
        scores: bargain::backtest(&scenario, &outcomes, min_actors, &Solver::ALL, &params),
    })
}

#[cfg(test)]
#[path = "bargain_tests.rs"]
mod tests;
