//! One-at-a-time sensitivity and "whom to persuade".
//!
//! On the nominal issue, each actor's position, salience and capability is moved down and up
//! by a step, one at a time, and the issue solved again:
//!
//! - position: ±5% of the scale (clamped to it);
//! - salience: ±10 points of 0–100 (clamped);
//! - capability: ±10% of its value.
//!
//! The *swing* of an input is `forecast(up) − forecast(down)`; inputs are ranked by `|swing|`.
//! The *persuasion* value of an actor is the position swing divided by the distance actually
//! moved: the change in the forecast per unit move of that actor (for the weighted mean it is
//! the actor's weight share `w_i / Σ w`). The EUM's forecast is a step function of the inputs,
//! so its swings are finite differences, not derivatives.

use rayon::prelude::*;
use serde::Serialize;

use super::eum::EumParams;
use super::input::Issue;
use super::solver::{Solver, solve};

/// Which input was moved.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Input {
    /// The actor's position.
    Position,
    /// Its salience.
    Salience,
    /// Its capability.
    Capability,
}

/// The effect of moving one input of one actor.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Swing {
    /// Index of the player.
    pub player: usize,
    /// The input moved.
    pub input: Input,
    /// Forecast with the input moved down.
    pub down: f64,
    /// Forecast with the input moved up.
    pub up: f64,
    /// `up − down`.
    pub swing: f64,
    /// `swing` divided by the distance the input moved (in its own units: position units,
    /// salience points, capability units).
    pub per_unit: f64,
}

/// Every input's swing, largest `|swing|` first (ties: player order, then input order).
pub fn sensitivity(issue: &Issue, solver: Solver, params: &EumParams) -> Vec<Swing> {
    let jobs: Vec<(usize, Input)> = (0..issue.players.len())
        .flat_map(|p| [Input::Position, Input::Salience, Input::Capability].map(|i| (p, i)))
        .collect();
    let mut swings: Vec<Swing> = jobs
        .par_iter()
        .map(|&(p, input)| swing(issue, p, input, solver, params))
        .collect();
    swings.sort_by(|a, b| b.swing.abs().total_cmp(&a.swing.abs()));
    swings
}

/// The change in the forecast per unit move of each player's position ("whom to persuade"),
/// in player order.
pub fn persuasion(issue: &Issue, solver: Solver, params: &EumParams) -> Vec<f64> {
    (0..issue.players.len())
        .into_par_iter()
        .map(|p| swing(issue, p, Input::Position, solver, params).per_unit)
        .collect()
}

fn swing(issue: &Issue, p: usize, input: Input, solver: Solver, params: &EumParams) -> Swing {
    let base = issue.players[p];
    let (lo, hi, scale) = match input {
        Input::Position => {
            let h = 0.05 * issue.range();
            (
                issue.clamp(base.position - h),
                issue.clamp(base.position + h),
                1.0,
            )
        }
        Input::Salience => (
            (base.salience - 0.1).max(0.0),
            (base.salience + 0.1).min(1.0),
            100.0,
        ),
        Input::Capability => (base.capability * 0.9, base.capability * 1.1, 1.0),
    };
    let at = |v: f64| {
        let mut moved = issue.clone();
        let player = &mut moved.players[p];
        match input {
            Input::Position => player.position = v,
            Input::Salience => player.salience = v,
            Input::Capability => player.capability = v,
        }
        solve(&moved, solver, params).forecast
    };
    let (down, up) = (at(lo), at(hi));
    let distance = (hi - lo) * scale;
    Swing {
        player: p,
        input,
        down,
        up,
        swing: up - down,
        per_unit: if distance > 0.0 {
            (up - down) / distance
        } else {
            0.0
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bargain::input::Player;

    fn issue() -> Issue {
        let players = [
            (10.0, 0.5, 1.0),
            (40.0, 1.0, 2.0),
            (70.0, 0.8, 1.0),
            (95.0, 0.2, 4.0),
        ]
        .iter()
        .enumerate()
        .map(|(i, &(position, salience, capability))| Player {
            actor: i,
            position,
            salience,
            capability,
        })
        .collect();
        Issue {
            low: 0.0,
            high: 100.0,
            players,
        }
    }

    #[test]
    fn persuading_moves_the_mean_by_the_weight_share() {
        let issue = issue();
        let total: f64 = issue.players.iter().map(Player::weight).sum();
        let got = persuasion(&issue, Solver::Mean, &EumParams::default());
        for (p, g) in issue.players.iter().zip(got) {
            assert!((g - p.weight() / total).abs() < 1e-12, "{g}");
        }
    }

    #[test]
    fn only_the_median_actor_moves_the_median() {
        // Weights 0.5, 2, 0.8, 0.8 (total 4.1): the median is the actor at 40.
        let issue = issue();
        let got = persuasion(&issue, Solver::Median, &EumParams::default());
        assert_eq!(got, vec![0.0, 1.0, 0.0, 0.0]);
        let swings = sensitivity(&issue, Solver::Median, &EumParams::default());
        assert_eq!((swings[0].player, swings[0].input), (1, Input::Position));
        assert_eq!(swings[0].swing, 10.0);
        assert_eq!(swings.len(), 12);
    }
}
