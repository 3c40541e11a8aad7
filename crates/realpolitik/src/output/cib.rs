//! The `cib` document: the scenarios of a cross-impact balance matrix and the optional
//! analyses asked for (basins, intervention, ensemble, robustness, families, succession).
//!
//! Counts that can exceed 2^53 (the scenario space, basin weights) are decimal strings, so
//! that every JSON reader gets them exactly.

use schemars::JsonSchema;
use serde::Serialize;

use crate::cib::impact::{ImpactCheck, Verdict};
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
    /// Basin weights of succession (`--basins`), else null.
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
    /// When no scenario is acceptable: the smallest inconsistency any scenario reaches, and
    /// the scenarios that reach it; absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub least_inconsistent: Option<CibLeastInconsistent>,
    /// One scenario's impact balances and verdict (`--check`); absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub check: Option<CibCheck>,
}

/// Why one scenario is, or is not, consistent: every descriptor's impact balance, its gap to
/// the best rival, and the judgments that decide it (see [`crate::cib::impact`]).
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct CibCheck {
    /// Each descriptor's variant, by name.
    pub variants: Vec<String>,
    /// Each descriptor's variant, 1-based.
    pub indices: Vec<usize>,
    /// Consistent, marginal (inconsistent within the accepted inconsistency) or inconsistent.
    pub verdict: Verdict,
    /// Total impact score (over every descriptor, fixed ones included).
    pub tis: i64,
    /// The consistency value (over the descriptors not fixed).
    pub consistency_value: i64,
    /// The inconsistency (over the descriptors not fixed).
    pub inconsistency: i64,
    /// Every descriptor's balance, in matrix order.
    pub descriptors: Vec<CibBalance>,
}

/// One descriptor's impact balance under a checked scenario.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct CibBalance {
    /// The descriptor.
    pub descriptor: String,
    /// Its chosen variant.
    pub chosen: String,
    /// Whether it is fixed (so not judged).
    pub fixed: bool,
    /// The impact score of each variant, in order.
    pub scores: Vec<CibVariantScore>,
    /// The best rival of the chosen variant (null with one variant).
    pub rival: Option<String>,
    /// The chosen variant's score minus the rival's (null with one variant); negative when
    /// the descriptor would rather change.
    pub gap: Option<i64>,
    /// The source descriptors whose judgments make up the gap, the largest term first.
    pub pushes: Vec<CibPush>,
}

/// A variant's impact score.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct CibVariantScore {
    /// The variant.
    pub variant: String,
    /// Its impact score.
    pub score: i64,
}

/// What one source descriptor, in its chosen variant, adds to a gap.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct CibPush {
    /// The source descriptor.
    pub source: String,
    /// Its chosen variant.
    pub variant: String,
    /// Its judgment on the chosen variant.
    pub for_chosen: i32,
    /// Its judgment on the rival.
    pub for_rival: i32,
    /// for_chosen − for_rival: positive holds the chosen variant, negative pushes to the rival.
    pub net: i64,
}

impl CibCheck {
    /// The document of a check.
    pub fn of(m: &Matrix, c: &ImpactCheck) -> Self {
        let name = |j: usize, v: usize| m.descriptors()[j].variants[v].clone();
        CibCheck {
            variants: c
                .scenario
                .iter()
                .enumerate()
                .map(|(j, &v)| name(j, v))
                .collect(),
            indices: one_based(&c.scenario),
            verdict: c.verdict,
            tis: c.scores.tis,
            consistency_value: c.scores.consistency,
            inconsistency: c.scores.inconsistency,
            descriptors: c
                .descriptors
                .iter()
                .map(|d| CibBalance {
                    descriptor: m.descriptors()[d.descriptor].name.clone(),
                    chosen: name(d.descriptor, d.chosen),
                    fixed: d.fixed,
                    scores: d
                        .scores
                        .iter()
                        .enumerate()
                        .map(|(b, &score)| CibVariantScore {
                            variant: name(d.descriptor, b),
                            score,
                        })
                        .collect(),
                    rival: d.rival.map(|r| name(d.descriptor, r)),
                    gap: d.gap,
                    pushes: d
                        .pushes
                        .iter()
                        .map(|p| CibPush {
                            source: m.descriptors()[p.source].name.clone(),
                            variant: name(p.source, c.scenario[p.source]),
                            for_chosen: p.for_chosen,
                            for_rival: p.for_rival,
                            net: p.net(),
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}

/// The scenarios closest to consistency, when none is acceptable.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct CibLeastInconsistent {
    /// The smallest inconsistency a scenario reaches (under the intervention, if any).
    pub inconsistency: i64,
    /// Every scenario with that inconsistency, best total impact score first.
    pub scenarios: Vec<CibScenario>,
}

/// Basin shares of succession estimated from random starts: estimates, not exact weights.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct CibSampledBasins {
    /// Always "sampled".
    pub method: String,
    /// The succession rule followed.
    pub rule: Rule,
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
    /// Its scenarios' variants, 1-based.
    pub indices: Vec<Vec<usize>>,
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
    /// How many start scenarios reach it by succession (a decimal string); present only with
    /// `--basins`.
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

/// The basins of succession over every start scenario.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct CibBasins {
    /// The succession rule followed.
    pub rule: Rule,
    /// Start scenarios: all of them, or under an intervention all with the fixed descriptors
    /// at their fixed variants (a decimal string).
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
    /// Its scenarios' variants, 1-based.
    pub indices: Vec<Vec<usize>>,
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
    /// The fixed descriptors whose variant in the start given was replaced by the fixed one,
    /// as `DESCRIPTOR=VARIANT` (the variant fixed).
    pub start_changed: Vec<String>,
    /// Every scenario visited, labelled, from the start.
    pub steps: Vec<String>,
    /// Every scenario visited, 1-based variant indices.
    pub step_indices: Vec<Vec<usize>>,
    /// 1 for a consistent scenario, the cycle's length otherwise.
    pub period: usize,
    /// Where it ends: the consistent scenario, or the cycle's states from the smallest,
    /// labelled.
    pub attractor: Vec<String>,
    /// The same, 1-based variant indices.
    pub attractor_indices: Vec<Vec<usize>>,
}

/// The states of an attractor (the consistent scenario, or the cycle's states), labelled and
/// as 1-based variant indices.
pub fn attractor_states(m: &Matrix, a: &Attractor) -> (Vec<String>, Vec<Vec<usize>>) {
    let states: Vec<&Vec<usize>> = match a {
        Attractor::Fixed { scenario } => vec![scenario],
        Attractor::Cycle { states } => states.iter().collect(),
    };
    (
        states.iter().map(|z| m.label(z)).collect(),
        states.iter().map(|z| one_based(z)).collect(),
    )
}
