//! Where the actors' bargaining lands (the expected-utility model), and who moves.
//!
//! Each bargaining issue is solved with the EUM as Scholz's code ran it
//! ([`crate::bargain::Solver::Eum`]) on the nominal inputs, and over seeded Monte Carlo draws of
//! the uncertain positions, saliences and capabilities for the forecast's spread. An actor
//! "moves" when its final position differs from its initial one by more than 1 % of the scale.

use schemars::JsonSchema;
use serde::Serialize;

use crate::bargain::{self, EumParams, Scenario, Solver};
use crate::progress::Progress;

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
    /// The passages its stance rests on.
    pub passages: Vec<super::Passage>,
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
    /// Actors that moved, largest move first.
    pub movers: Vec<Mover>,
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
            let mut movers: Vec<Mover> = issue
                .players
                .iter()
                .zip(&outcome.positions)
                .filter(|(p, to)| (*to - p.position).abs() > 0.01 * issue.range())
                .map(|(p, &to)| {
                    let actor = actors[p.actor];
                    Mover {
                        actor: actor.id.clone(),
                        name: actor.name.clone(),
                        from: p.position,
                        to,
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
                movers,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::NoProgress;

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
