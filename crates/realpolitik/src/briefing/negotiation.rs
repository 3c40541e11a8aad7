//! Where the actors' bargaining lands (the expected-utility model), and who moves.
//!
//! Bargaining answers "where will the actors' positions land", not "what should be done": it is
//! a forecast of the politics of the choice, not a verdict on it.
//!
//! Each bargaining issue is solved with the EUM as Scholz's code ran it
//! ([`crate::bargain::Solver::Eum`]) on the nominal inputs, and over seeded Monte Carlo draws of
//! the uncertain positions, saliences and capabilities for the forecast's spread. Beside it, the
//! other solvers' forecasts on the same inputs: the weighted mean, the weighted median and KTAB's
//! SMP, so a reader sees how much the answer depends on the model of bargaining.
//!
//! Read honestly:
//! - a run that hits the round limit while the positions repeat (within [`CYCLE_TOLERANCE`] of
//!   the scale) with a period of at most [`MAX_PERIOD`] rounds is a **cycle**: its forecast is given as the range of the median over
//!   the cycle, and the actors that keep moving within it are listed as oscillating, never as
//!   movers (their "final" position is only where the round limit cut the cycle);
//! - an actor **moves** when its position at the end differs from its initial one by more than
//!   1 % of the scale and does not change within the cycle; each move is explained by the
//!   exchange that last moved it (whose offer it accepted, and how);
//! - when the forecast is the initial position of the actor with the largest weight
//!   (capability × salience), the forecast is that **dominant** actor's position, and is said to
//!   be.

use schemars::JsonSchema;
use serde::Serialize;

use crate::bargain::eum::{EumRun, OfferKind};
use crate::bargain::{self, EumParams, Scenario, Solver};
use crate::progress::Progress;

/// The longest cycle looked for at the round limit.
pub const MAX_PERIOD: usize = 4;
/// Positions within this share of the scale count as repeated (the EUM's arithmetic drifts by
/// less than that from one repetition to the next).
pub const CYCLE_TOLERANCE: f64 = 1e-3;

/// What bargaining answers, for every reader.
pub const ANSWERS: &str = "where the actors' positions on the issue will land: a forecast of the \
    politics of the choice, not a judgment of what should be done";

/// An actor whose position moved.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct Mover {
    /// The model's actor id.
    pub actor: String,
    /// Its name.
    pub name: String,
    /// Its initial position.
    pub from: f64,
    /// Its final position.
    pub to: f64,
    /// Why it moved: the exchange that last moved it, in words.
    pub because: Option<String>,
    /// The passages its stance rests on.
    pub passages: Vec<super::Passage>,
}

/// Positions that repeat at the round limit.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct Cycle {
    /// Rounds per repetition.
    pub period: usize,
    /// The lowest and highest median over the cycle.
    pub forecast_range: (f64, f64),
    /// The actors whose position changes within the cycle: (name, lowest, highest).
    pub oscillating: Vec<(String, f64, f64)>,
}

/// The actor whose position the forecast is.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct Dominant {
    /// Its name.
    pub name: String,
    /// Its share of the total weight (capability × salience).
    pub share: f64,
}

/// One issue's forecast.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct IssueForecast {
    /// The issue's id.
    pub issue: String,
    /// What it asks.
    pub question: String,
    /// The scale's ends and their meanings.
    pub low: f64,
    /// High end.
    pub high: f64,
    /// Meaning of the low end.
    pub low_label: String,
    /// Meaning of the high end.
    pub high_label: String,
    /// The capability × salience weighted median of the initial positions.
    pub start_median: f64,
    /// The forecast with nominal inputs.
    pub forecast: f64,
    /// The forecast's 5 %, 50 % and 95 % quantiles over the draws.
    pub forecast_spread: (f64, f64, f64),
    /// Rounds played.
    pub rounds: usize,
    /// Whether the positions settled before the round limit.
    pub converged: bool,
    /// The repetition the positions fell into at the round limit, if any.
    pub cycle: Option<Cycle>,
    /// The actor whose initial position the forecast is, if one dominates.
    pub dominant: Option<Dominant>,
    /// Every solver's forecast on the nominal inputs: (solver, forecast).
    pub solvers: Vec<(String, f64)>,
    /// Actors that moved, largest move first (not the oscillating ones).
    pub movers: Vec<Mover>,
    /// What the forecast answers.
    pub answers: String,
}

/// Every bargaining issue of the model, `draws` seeded draws each.
pub fn negotiation_part(
    model: &crate::Model,
    draws: usize,
    seed: u64,
    progress: &dyn Progress,
) -> Vec<IssueForecast> {
    let scenario = Scenario::from_model(model);
    // The scenario keeps the model's actors that have stances, in order.
    let actors: Vec<&crate::model::Actor> = model
        .actors
        .iter()
        .filter(|a| !a.stances.is_empty())
        .collect();
    let params = EumParams::default();
    (0..scenario.issues.len())
        .filter_map(|k| {
            let issue = scenario.nominal_issue(k);
            if issue.players.len() < 2 {
                return None;
            }
            let outcome = bargain::solve(&issue, Solver::Eum, &params);
            let run = outcome.eum.as_ref()?;
            let mc = bargain::monte_carlo(
                &scenario,
                k,
                Solver::Eum,
                &params,
                draws.max(1),
                seed,
                progress,
            );
            let cycle = cycle_of(run, issue.range());
            let oscillates = |i: usize| {
                cycle.as_ref().is_some_and(|(period, _)| {
                    let last = &run.rounds[run.rounds.len() - period..];
                    last.iter().any(|r| {
                        (r.positions[i] - last[0].positions[i]).abs()
                            > CYCLE_TOLERANCE * issue.range()
                    })
                })
            };
            let name_of = |i: usize| actors[issue.players[i].actor].name.clone();
            let mut movers: Vec<Mover> = issue
                .players
                .iter()
                .zip(&outcome.positions)
                .enumerate()
                .filter(|(i, (p, to))| {
                    (*to - p.position).abs() > 0.01 * issue.range() && !oscillates(*i)
                })
                .map(|(i, (p, &to))| {
                    let actor = actors[p.actor];
                    Mover {
                        actor: actor.id.clone(),
                        name: actor.name.clone(),
                        from: p.position,
                        to,
                        because: because(run, i, &name_of),
                        passages: actor
                            .stances
                            .iter()
                            .filter(|st| st.issue == k)
                            .flat_map(|st| super::passages(model, &st.evidence))
                            .collect(),
                    }
                })
                .collect();
            movers.sort_by(|a, b| (b.to - b.from).abs().total_cmp(&(a.to - a.from).abs()));
            let cycle = cycle.map(|(period, forecast_range)| {
                let last = &run.rounds[run.rounds.len() - period..];
                Cycle {
                    period,
                    forecast_range,
                    oscillating: (0..issue.players.len())
                        .filter(|&i| oscillates(i))
                        .map(|i| {
                            let (lo, hi) = last
                                .iter()
                                .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), r| {
                                    (lo.min(r.positions[i]), hi.max(r.positions[i]))
                                });
                            (name_of(i), lo, hi)
                        })
                        .collect(),
                }
            });
            let total: f64 = issue.players.iter().map(|p| p.weight()).sum();
            let dominant = issue
                .players
                .iter()
                .max_by(|a, b| a.weight().total_cmp(&b.weight()))
                .filter(|p| {
                    total > 0.0 && (p.position - outcome.forecast).abs() <= 0.01 * issue.range()
                })
                .map(|p| Dominant {
                    name: actors[p.actor].name.clone(),
                    share: p.weight() / total,
                });
            let solvers = [Solver::Mean, Solver::Median, Solver::Eum, Solver::Smp]
                .into_iter()
                .map(|solver| {
                    let forecast = if solver == Solver::Eum {
                        outcome.forecast
                    } else {
                        bargain::solve(&issue, solver, &params).forecast
                    };
                    (solver.name().to_owned(), forecast)
                })
                .collect();
            let scale = &scenario.issues[k];
            Some(IssueForecast {
                issue: scale.id.clone(),
                question: model.issues[k].question.clone(),
                low: scale.low,
                high: scale.high,
                low_label: scale.low_label.clone(),
                high_label: scale.high_label.clone(),
                start_median: run.initial_median,
                forecast: outcome.forecast,
                forecast_spread: (
                    mc.forecast.interval_90.0,
                    mc.forecast.median,
                    mc.forecast.interval_90.1,
                ),
                rounds: run.rounds.len(),
                converged: run.converged,
                cycle,
                dominant,
                solvers,
                movers,
                answers: ANSWERS.to_owned(),
            })
        })
        .collect()
}

/// The smallest period (≤ [`MAX_PERIOD`]) with which the positions repeat over the last two
/// periods of a run that hit the round limit, and the range of the median over one period.
pub fn cycle_of(run: &EumRun, range: f64) -> Option<(usize, (f64, f64))> {
    if run.converged {
        return None;
    }
    let rounds = &run.rounds;
    let tolerance = CYCLE_TOLERANCE * range;
    (1..=MAX_PERIOD)
        .filter(|&p| rounds.len() >= 2 * p)
        .find(|&p| {
            let n = rounds.len();
            (n - p..n).all(|r| {
                rounds[r]
                    .positions
                    .iter()
                    .zip(&rounds[r - p].positions)
                    .all(|(a, b)| (a - b).abs() <= tolerance)
            })
        })
        .map(|p| {
            let last = &rounds[rounds.len() - p..];
            let range = last
                .iter()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), r| {
                    (lo.min(r.median), hi.max(r.median))
                });
            (p, range)
        })
}

/// The exchange that last moved player `i`, in words.
fn because(run: &EumRun, i: usize, name: &dyn Fn(usize) -> String) -> Option<String> {
    let exchange = run
        .rounds
        .iter()
        .rev()
        .flat_map(|r| r.exchanges.iter().map(move |e| (r.round, e)))
        .find(|(_, e)| e.mover == i)?;
    let (round, e) = exchange;
    let how = match e.kind {
        OfferKind::Confrontation => "lost a confrontation with",
        OfferKind::Compromise => "met part way",
        OfferKind::Capitulation => "gave in to",
    };
    Some(format!(
        "{how} {} in round {round} ({:.1} → {:.1})",
        name(e.partner),
        e.from,
        e.to
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bargain::eum::{EumRound, EumRun};
    use crate::progress::NoProgress;

    fn run_of(positions: &[[f64; 2]], medians: &[f64], converged: bool) -> EumRun {
        EumRun {
            params: EumParams::default(),
            initial_positions: vec![0.0, 10.0],
            initial_median: 0.0,
            initial_mean: 5.0,
            rounds: positions
                .iter()
                .zip(medians)
                .enumerate()
                .map(|(k, (p, &median))| EumRound {
                    round: k + 1,
                    risk_exponents: vec![1.0, 1.0],
                    challenges: Vec::new(),
                    exchanges: Vec::new(),
                    positions: p.to_vec(),
                    median,
                    mean: 0.0,
                })
                .collect(),
            converged,
        }
    }

    #[test]
    fn a_run_that_repeats_at_the_round_limit_is_a_cycle_with_its_range() {
        // The second actor swings 5 ↔ 8 (with drift below the tolerance); the median 4 ↔ 6.
        let swinging = [
            [0.0, 10.0],
            [0.0, 5.0],
            [0.0, 8.0],
            [0.0, 5.0],
            [0.0, 8.00001],
        ];
        let run = run_of(&swinging, &[5.0, 4.0, 6.0, 4.0, 6.0], false);
        assert_eq!(cycle_of(&run, 100.0), Some((2, (4.0, 6.0))));
        // Settled positions repeat with period 1: a fixed point is not a cycle when converged.
        let settled = [[0.0, 5.0], [0.0, 5.0]];
        assert_eq!(cycle_of(&run_of(&settled, &[4.0, 4.0], true), 100.0), None);
        // Positions still drifting are neither.
        let drifting = [[0.0, 10.0], [0.0, 9.0], [0.0, 8.0], [0.0, 7.0]];
        assert_eq!(cycle_of(&run_of(&drifting, &[5.0; 4], false), 100.0), None);
    }

    #[test]
    fn the_examples_issue_by_hand() {
        let model = crate::example_model();
        let part = negotiation_part(&model, 50, 1, &NoProgress);
        assert_eq!(part.len(), model.issues.len());
        let f = &part[0];
        // The example's actors settle at once on the weighted median, 50 on the 0–100 scale:
        // one round, nobody moves.
        assert_eq!(f.issue, "price");
        assert_eq!(f.start_median, 50.0);
        assert_eq!(f.forecast, 50.0);
        assert_eq!(f.rounds, 1);
        assert!(f.movers.is_empty());
        // Over the uncertain inputs the forecast spreads around it.
        let (low, mid, high) = f.forecast_spread;
        assert!(
            low < 50.0 && high > 50.0 && low <= mid && mid <= high,
            "{low} {mid} {high}"
        );
    }
}
