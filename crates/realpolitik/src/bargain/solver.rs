//! One entry point for every solver: the forecast and final positions of one issue.
//!
//! The baselines are static (positions do not move; the forecast is the weighted mean or
//! median); the EUM plays rounds ([`super::eum`]) and forecasts the final Condorcet median;
//! the SMP ([`super::smp`]) here plays the issue alone, one-dimensionally, and forecasts the
//! final position most likely to be the outcome.

use serde::Serialize;

use super::baselines::{weighted_mean, weighted_median};
use super::eum::{self, EumParams, EumRun, EumVariant};
use super::input::Issue;
use super::smp::{self, SmpInput, SmpParams, SmpReport};

/// A bargaining solver.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Solver {
    /// The `c · s`-weighted mean (the "compromise model").
    Mean,
    /// The `c · s`-weighted median.
    Median,
    /// The EUM as Scholz's code ran it.
    Eum,
    /// The EUM as printed in Scholz et al. (2011).
    EumPrinted,
    /// KTAB's Spatial Model of Politics with KTAB's defaults.
    Smp,
}

impl Solver {
    /// Every solver, baselines first.
    pub const ALL: [Solver; 5] = [
        Solver::Mean,
        Solver::Median,
        Solver::Eum,
        Solver::EumPrinted,
        Solver::Smp,
    ];

    /// The name used on the command line and in output.
    pub fn name(self) -> &'static str {
        match self {
            Solver::Mean => "mean",
            Solver::Median => "median",
            Solver::Eum => "eum",
            Solver::EumPrinted => "eum-printed",
            Solver::Smp => "smp",
        }
    }
}

/// What a solver says about one issue.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Outcome {
    /// The forecast position.
    pub forecast: f64,
    /// Every player's final position (the initial ones for the static baselines).
    pub positions: Vec<f64>,
    /// The full EUM run, for the EUM solvers.
    pub eum: Option<EumRun>,
    /// The full SMP run, for the SMP.
    pub smp: Option<SmpReport>,
}

/// Solves one issue. `params` sets the EUM's Q, T, round limit and tolerance (its variant is
/// taken from `solver`); the SMP uses KTAB's defaults.
pub fn solve(issue: &Issue, solver: Solver, params: &EumParams) -> Outcome {
    let initial = || issue.players.iter().map(|p| p.position).collect();
    match solver {
        Solver::Mean => Outcome {
            forecast: weighted_mean(&issue.players),
            positions: initial(),
            eum: None,
            smp: None,
        },
        Solver::Median => Outcome {
            forecast: weighted_median(&issue.players),
            positions: initial(),
            eum: None,
            smp: None,
        },
        Solver::Eum | Solver::EumPrinted => {
            let variant = if solver == Solver::Eum {
                EumVariant::ScholzCode
            } else {
                EumVariant::Printed
            };
            let run = eum::run(issue, &EumParams { variant, ..*params });
            Outcome {
                forecast: run.forecast(),
                positions: run.final_positions().to_vec(),
                eum: Some(run),
                smp: None,
            }
        }
        Solver::Smp => {
            let input = SmpInput::from_issue(issue);
            let run = smp::run(&input, &SmpParams::default());
            let report = run.report(&input);
            Outcome {
                forecast: report.forecast[0],
                positions: report.turns[report.turns.len() - 1]
                    .positions
                    .iter()
                    .map(|x| x[0])
                    .collect(),
                eum: None,
                smp: Some(report),
            }
        }
    }
}

/// Groups of players that end at the same position (within a millionth of the scale), lowest
/// position first: the coalitions a forecast leaves behind.
pub fn coalitions(issue: &Issue, positions: &[f64]) -> Vec<(f64, Vec<usize>)> {
    let eps = 1e-6 * issue.range();
    let mut order: Vec<usize> = (0..positions.len()).collect();
    order.sort_by(|&a, &b| positions[a].total_cmp(&positions[b]));
    let mut groups: Vec<(f64, Vec<usize>)> = Vec::new();
    for i in order {
        match groups.last_mut() {
            Some((x, members)) if (positions[i] - *x).abs() <= eps => members.push(i),
            _ => groups.push((positions[i], vec![i])),
        }
    }
    groups
}
