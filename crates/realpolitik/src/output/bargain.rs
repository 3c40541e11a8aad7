//! The `bargain` documents: each issue's forecast and final positions, and the backtest's
//! scores.

use schemars::JsonSchema;
use serde::Serialize;

use crate::bargain::sensitivity::Input;
use crate::bargain::{EumRun, MonteCarlo, Score, SmpReport, Solver};

/// `bargain`: where each issue's positions land.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct BargainDocument {
    /// Layout version, [`super::SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The model, CSV or XML file.
    pub input: String,
    /// The solver used.
    pub solver: Solver,
    /// The seed of the Monte Carlo draws.
    pub seed: u64,
    /// The SMP's run over all issues at once, when it played them jointly; else null.
    pub smp: Option<SmpReport>,
    /// Each issue, in the input's order.
    pub issues: Vec<BargainIssueDocument>,
}

/// One issue's forecast.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct BargainIssueDocument {
    /// The issue's id.
    pub id: String,
    /// The ends of its position scale.
    pub scale: BargainScale,
    /// The actors that take part, in the order of every position list below.
    pub actors: Vec<String>,
    /// Their positions before bargaining.
    pub initial_positions: Vec<f64>,
    /// The forecast position.
    pub forecast: f64,
    /// Their positions after bargaining.
    pub final_positions: Vec<f64>,
    /// Actors that end at the same position, lowest position first.
    pub coalitions: Vec<BargainCoalition>,
    /// The EUM's rounds, for the EUM solvers; else null.
    pub eum: Option<EumRun>,
    /// The SMP's run on this issue, for the SMP; else null.
    pub smp: Option<SmpReport>,
    /// The forecast's distribution over uncertain inputs (`--draws`), else null.
    pub monte_carlo: Option<MonteCarlo>,
    /// How the forecast moves with each actor's inputs (`--sensitivity`), else null.
    pub sensitivity: Option<Vec<BargainSwing>>,
}

/// The ends of an issue's position scale.
#[derive(Clone, Copy, Debug, Serialize, JsonSchema)]
pub struct BargainScale {
    /// The lowest position.
    pub low: f64,
    /// The highest position.
    pub high: f64,
}

/// Actors that end together.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct BargainCoalition {
    /// Their common position.
    pub position: f64,
    /// The actors.
    pub actors: Vec<String>,
}

/// The forecast with one input of one actor moved down and up.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct BargainSwing {
    /// The actor.
    pub actor: String,
    /// The input moved.
    pub input: Input,
    /// The forecast with the input moved down.
    pub down: f64,
    /// The forecast with the input moved up.
    pub up: f64,
    /// `up − down`.
    pub swing: f64,
    /// `swing` per unit the input moved.
    pub per_unit: f64,
}

/// `bargain backtest`: each solver's error against the recorded outcomes.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct BacktestDocument {
    /// Layout version, [`super::SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The folder of the DEU data.
    pub data: String,
    /// The fewest actors an issue needs to be scored.
    pub min_actors: usize,
    /// Each solver's score.
    pub scores: Vec<Score>,
}
