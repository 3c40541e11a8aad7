//! `ach --format json`: the matrix of competing hypotheses, their scores, each item's
//! diagnosticity and what would change the leader.

use schemars::JsonSchema;
use serde::Serialize;

use crate::ach::Scoring;
use crate::ach::cross_check::{CibCheck, FcmCheck};
use crate::model::{CellRating, Degree, ItemKind, Rating};

/// Analysis of Competing Hypotheses on a model.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct AchDocument {
    /// Layout version.
    pub schema_version: u32,
    /// The model file.
    pub file: String,
    /// The model's title.
    pub title: String,
    /// The analysis.
    #[serde(flatten)]
    pub analysis: AchAnalysis,
}

/// The analysis of competing hypotheses: what `ach` prints, and the briefing's ACH part.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct AchAnalysis {
    /// How the scores are computed.
    pub scoring: Scoring,
    /// The hypotheses in the model's order, each with its score and rank.
    pub hypotheses: Vec<AchHypothesis>,
    /// The evidence items in the model's order: the matrix's rows.
    pub items: Vec<AchItem>,
    /// What would change the leading hypothesis.
    pub sensitivity: AchSensitivity,
    /// The Monte Carlo over uncertain ratings; absent when no rating is marked uncertain.
    pub monte_carlo: Option<AchMonteCarlo>,
}

/// A hypothesis and how it fares.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct AchHypothesis {
    /// Identifier.
    pub id: String,
    /// The hypothesis.
    pub statement: String,
    /// Its score: lower is less inconsistent with the evidence.
    pub score: f64,
    /// Its rank, 1 for the least inconsistent (tied scores share a rank).
    pub rank: usize,
    /// Items rated `I` or `II` against it.
    pub inconsistent_items: usize,
    /// Items that bear on it at all (rated other than `N` or `NA`): a hypothesis few items
    /// bear on scores low for want of evidence, not for its strength.
    pub bearing_items: usize,
    /// Whether the consistent futures of the model's CIB include its states; absent when it
    /// names none or the matrix cannot be searched.
    pub cib: Option<CibCheck>,
    /// Whether its option moves each factor it names towards the state (FCM); empty when it
    /// names no option.
    pub fcm: Vec<FcmCheck>,
    /// The share of Monte Carlo draws in which it leads (ties shared); absent without a Monte
    /// Carlo.
    pub p_leading: Option<f64>,
    /// Its score's 5 %, 50 % and 95 % quantiles over the draws; absent without a Monte Carlo.
    pub score_quantiles: Option<[f64; 3]>,
}

/// A row of the matrix.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct AchItem {
    /// Identifier.
    pub id: String,
    /// What it says, in a few words.
    pub summary: Option<String>,
    /// Fact, assumption or absence of evidence.
    pub kind: ItemKind,
    /// Credibility.
    pub credibility: Degree,
    /// Relevance.
    pub relevance: Degree,
    /// The weight its credibility and relevance give it under the scoring.
    pub weight: f64,
    /// Its rating against each hypothesis, in the order of `hypotheses`.
    pub ratings: Vec<CellRating>,
    /// The spread of what it adds to the hypotheses' scores; 0: non-diagnostic.
    pub diagnosticity: f64,
    /// Whether it is rated alike against every hypothesis, so it cannot change the ranking.
    pub non_diagnostic: bool,
    /// The passages it cites (a relation's, when it names one).
    pub quotes: Vec<String>,
    /// The relation it cites, as `from → to`.
    pub relation: Option<String>,
}

/// What would change the leading hypothesis, by ids.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct AchSensitivity {
    /// The leading hypotheses (several on a tie).
    pub leaders: Vec<String>,
    /// Items whose discrediting alone changes the leader.
    pub decisive_items: Vec<AchChange>,
    /// Ratings whose move by one step along CC–C–N–I–II changes the leader.
    pub decisive_ratings: Vec<AchRerating>,
    /// When no single item is decisive: the smallest sets of items whose joint discrediting
    /// changes the leader.
    pub decisive_sets: Vec<Vec<String>>,
    /// The largest set size searched.
    pub searched_up_to: usize,
}

/// A decisive item.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct AchChange {
    /// The item.
    pub item: String,
    /// The leaders without it.
    pub leaders: Vec<String>,
}

/// A decisive re-rating.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct AchRerating {
    /// The item.
    pub item: String,
    /// The hypothesis.
    pub hypothesis: String,
    /// The rating as written.
    pub from: Rating,
    /// The rating one step away.
    pub to: Rating,
    /// The leaders after.
    pub leaders: Vec<String>,
}

/// The Monte Carlo's settings (its results are on each hypothesis).
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct AchMonteCarlo {
    /// Draws.
    pub draws: usize,
    /// Seed.
    pub seed: u64,
    /// How many cells are uncertain.
    pub uncertain_cells: usize,
}
