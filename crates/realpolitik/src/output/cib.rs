//! The `cib` document: the scenarios of a cross-impact balance matrix and the optional
//! analyses asked for (basins, intervention, ensemble, robustness, families, succession).
//!
//! Counts that can exceed 2^53 (the scenario space, basin weights) are decimal strings, so
//! that every JSON reader gets them exactly.

use schemars::JsonSchema;
use serde::Serialize;

use crate::cib::succession::{Attractor, Rule};
use crate::cib::uncertainty::Perturbation;
use crate::cib::{Descriptor, Matrix, Solution};

/// `cib`: the scenarios found, best total impact score first.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct CibDocument {
    /// Layout version, [`super::SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The model or matrix file.
    pub file: String,
    /// The descriptors and their variants, in matrix order.
    pub descriptors: Vec<Descriptor>,
    /// How many scenarios the matrix spans (a decimal string; null beyond 2^128).
    pub scenario_count: Option<String>,
    /// The largest inconsistency accepted (0: consistent scenarios only).
    pub max_inconsistency: i64,
    /// The fixed descriptors, as `DESCRIPTOR=VARIANT`.
    pub fixed: Vec<String>,
    /// The scenarios found (under the intervention, when there is one).
    pub scenarios: Vec<CibScenario>,
    /// Basin weights of global succession (`--basins`), else null.
    pub basins: Option<CibBasins>,
    /// What fixing descriptors changed against no intervention, else null.
    pub intervention: Option<CibIntervention>,
    /// Scenarios agreed by an ensemble of matrices (`--ensemble`); absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ensemble: Option<CibEnsemble>,
    /// How often each scenario survives perturbed judgments (`--perturb`); absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub robustness: Option<CibRobustnessDocument>,
    /// Families of similar scenarios (`--families`); absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub families: Option<Vec<CibFamily>>,
    /// The succession path from a start (`--from`); absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub succession: Option<CibSuccession>,
    /// Basin shares estimated from sampled starts (`--sample-basins`); absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sampled_basins: Option<CibSampledBasins>,
}

/// Basin shares of global succession estimated from random starts: estimates, not exact
/// weights.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct CibSampledBasins {
    /// Always "sampled".
    pub method: String,
    /// The seed of the draws.
    pub seed: u64,
    /// The number of sampled starts.
    pub starts: u64,
    /// Each attractor reached, heaviest first.
    pub attractors: Vec<CibSampledAttractor>,
}

/// An attractor and the estimated share of the starts that reach it.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct CibSampledAttractor {
    /// 1 for a consistent scenario, the cycle's length otherwise.
    pub period: usize,
    /// Sampled starts that end here.
    pub hits: u64,
    /// hits / starts.
    pub share: f64,
    /// The 95% Wilson score interval of the share.
    pub interval: (f64, f64),
    /// Its scenarios, labelled.
    pub states: Vec<String>,
}

/// One scenario and its scores.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct CibScenario {
    /// Each descriptor's variant, by name.
    pub variants: Vec<String>,
    /// Each descriptor's variant, 1-based.
    pub indices: Vec<usize>,
    /// Total impact score.
    pub tis: i64,
    /// The consistency value (the smallest margin of a chosen variant over its rivals).
    pub consistency_value: i64,
    /// The inconsistency (0 for a consistent scenario).
    pub inconsistency: i64,
    /// How many start scenarios reach it by global succession (a decimal string); present
    /// only with `--basins`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub basin_weight: Option<String>,
}

impl CibScenario {
    /// A solution of `m`, named.
    pub fn of(m: &Matrix, s: &Solution) -> Self {
        CibScenario {
            variants: s
                .variants
                .iter()
                .enumerate()
                .map(|(j, &v)| m.descriptors()[j].variants[v].clone())
                .collect(),
            indices: one_based(&s.variants),
            tis: s.scores.tis,
            consistency_value: s.scores.consistency,
            inconsistency: s.scores.inconsistency,
            basin_weight: None,
        }
    }
}

/// Indices counted from 1, as people and ScenarioWizard count them.
pub fn one_based(indices: &[usize]) -> Vec<usize> {
    indices.iter().map(|v| v + 1).collect()
}

/// The basins of global succession over every start scenario.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct CibBasins {
    /// Start scenarios (all of them; a decimal string).
    pub starts: String,
    /// Distinct successors.
    pub successors: usize,
    /// Starts that end in a cycle (a decimal string).
    pub in_cycles: String,
    /// Every attractor and its basin.
    pub attractors: Vec<CibAttractor>,
}

/// An attractor of succession and the weight of its basin.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct CibAttractor {
    /// 1 for a consistent scenario, the cycle's length otherwise.
    pub period: usize,
    /// Start scenarios that end here (a decimal string).
    pub weight: String,
    /// Its scenarios, labelled.
    pub states: Vec<String>,
}

/// What an intervention did to the scenarios.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct CibIntervention {
    /// Scenarios found with and without it.
    pub kept: Vec<CibScenario>,
    /// Scenarios found only without it.
    pub lost: Vec<CibScenario>,
    /// Scenarios found only with it.
    pub new: Vec<CibScenario>,
}

/// An ensemble of matrices and the scenarios enough of them accept.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct CibEnsemble {
    /// How many matrices (the main input first).
    pub members: usize,
    /// How many must accept a scenario.
    pub k: usize,
    /// Each member's own scenario count.
    pub member_counts: Vec<usize>,
    /// The scenarios accepted by at least `k` members.
    pub agreed: Vec<CibAgreed>,
}

/// A scenario accepted by several members of an ensemble.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct CibAgreed {
    /// The scenario, labelled.
    pub scenario: String,
    /// Its variants, 1-based.
    pub indices: Vec<usize>,
    /// How many members accept it.
    pub members: usize,
}

/// Scenario robustness over perturbed judgments.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct CibRobustnessDocument {
    /// Perturbed matrices drawn.
    pub draws: u64,
    /// The seed of the draws.
    pub seed: u64,
    /// How the judgments were perturbed.
    pub perturbation: Perturbation,
    /// Every scenario acceptable in some draw.
    pub scenarios: Vec<CibRobustScenario>,
}

/// How often one scenario stays acceptable.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct CibRobustScenario {
    /// The scenario, labelled.
    pub scenario: String,
    /// Its variants, 1-based.
    pub indices: Vec<usize>,
    /// Share of the draws that accept it.
    pub share: f64,
    /// Draws that accept it.
    pub draws: usize,
    /// Whether the unperturbed matrix accepts it.
    pub nominal: bool,
}

/// A family of scenarios linked by small differences.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct CibFamily {
    /// Its scenarios, as 1-based positions in `scenarios`.
    pub members: Vec<usize>,
    /// The member closest to the others (1-based).
    pub representative: usize,
    /// The most descriptors two members differ in.
    pub diameter: usize,
    /// The variants every member shares.
    pub shared: Vec<CibShared>,
}

/// A variant shared by a whole family.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct CibShared {
    /// The descriptor.
    pub descriptor: String,
    /// Its variant.
    pub variant: String,
}

/// A succession path.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct CibSuccession {
    /// The rule followed.
    pub rule: Rule,
    /// Every scenario visited, labelled, from the start.
    pub steps: Vec<String>,
    /// Where it ends, as 0-based variant indices.
    pub attractor: Attractor,
    /// 1 for a consistent scenario, the cycle's length otherwise.
    pub period: usize,
}
