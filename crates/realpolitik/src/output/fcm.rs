//! The `fcm` documents: a model's options compared at their steady states, or a bare matrix's
//! run step by step.

use schemars::JsonSchema;
use serde::Serialize;

use crate::fcm::montecarlo::MonteCarlo;
use crate::fcm::scenario::Comparison;
use crate::fcm::structure::Structure;
use crate::fcm::{Settings, Status};

/// `fcm MODEL`: the baseline steady state and every case's change from it.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct FcmModelDocument {
    /// Layout version, [`super::SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The model file.
    pub file: String,
    /// Concept ids, in the order of every state vector below.
    pub concepts: Vec<String>,
    /// How the map was run.
    pub settings: Settings,
    /// The status quo's steady state.
    pub baseline: FcmBaseline,
    /// Each option, alone and with each trigger.
    pub cases: Vec<FcmCase>,
    /// Distributions of the changes over uncertain weights (`--draws`), else null.
    pub monte_carlo: Option<MonteCarlo>,
    /// The map's structure (`--structure`), else null.
    pub structure: Option<Structure>,
    /// The strongest lever → outcome paths (`--structure`), else null.
    pub paths: Option<Vec<FcmPath>>,
    /// Which uncertain links decide an outcome (`--sensitivity`), else null.
    pub sensitivity: Option<FcmSensitivity>,
}

/// The steady state under the status quo's clamps.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct FcmBaseline {
    /// How the run ended.
    pub status: Status,
    /// Each concept's activation.
    pub state: Vec<f64>,
}

/// One case: an option, alone or with a trigger.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct FcmCase {
    /// The option's id.
    pub option: String,
    /// The trigger's id, or null for the option alone.
    pub trigger: Option<String>,
    /// How the run ended.
    pub status: Status,
    /// Each concept's steady activation.
    pub state: Vec<f64>,
    /// `state − baseline`, per concept.
    pub change: Vec<f64>,
    /// The change in percentage points (× 100).
    pub change_pp: Vec<f64>,
}

impl FcmBaseline {
    /// The baseline of a comparison.
    pub fn of(c: &Comparison) -> Self {
        FcmBaseline {
            status: c.baseline_status,
            state: c.baseline.clone(),
        }
    }
}

impl FcmCase {
    /// Every case of a comparison, in order.
    pub fn all(c: &Comparison) -> Vec<Self> {
        c.effects
            .iter()
            .map(|e| FcmCase {
                option: e.option.clone(),
                trigger: e.trigger.clone(),
                status: e.status,
                state: e.steady.clone(),
                change: e.delta.clone(),
                change_pp: e.delta.iter().map(|d| 100.0 * d).collect(),
            })
            .collect()
    }
}

/// A causal path from a lever to an outcome.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct FcmPath {
    /// The first concept.
    pub lever: Option<String>,
    /// The last concept.
    pub outcome: Option<String>,
    /// Every concept on the path, in order.
    pub path: Vec<String>,
    /// The product of its links' weights.
    pub weight: f64,
}

/// The sensitivity of one outcome under one case.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct FcmSensitivity {
    /// The outcome concept.
    pub outcome: String,
    /// The case, `OPTION` or `OPTION + TRIGGER`.
    pub case: String,
    /// The outcome's change with every weight nominal.
    pub nominal_effect: f64,
    /// Each uncertain link at its ends, largest swing first.
    pub tornado: Vec<FcmTornadoBar>,
    /// Sobol indices of the uncertain links.
    pub sobol: FcmSobol,
}

/// One bar of the tornado diagram.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct FcmTornadoBar {
    /// The link, `FROM → TO`.
    pub link: String,
    /// The link's lowest weight.
    pub low: f64,
    /// Its highest weight.
    pub high: f64,
    /// The outcome's change with the link at `low`.
    pub effect_at_low: f64,
    /// The outcome's change with the link at `high`.
    pub effect_at_high: f64,
    /// `|effect_at_high − effect_at_low|`.
    pub swing: f64,
}

/// Sobol indices by Saltelli sampling.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct FcmSobol {
    /// Rows of each sample matrix.
    pub samples: usize,
    /// The outcome's variance over the samples.
    pub variance: f64,
    /// Each uncertain link's indices.
    pub links: Vec<FcmSobolLink>,
}

/// One link's Sobol indices.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct FcmSobolLink {
    /// The link, `FROM → TO`.
    pub link: String,
    /// First-order index: the share of variance it explains alone.
    pub first_order: f64,
    /// Total index: its share with all its interactions.
    pub total: f64,
}

/// `fcm MATRIX...`: one run of a bare map from an initial state.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct FcmMatrixDocument {
    /// Layout version, [`super::SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The matrix file(s), comma-separated.
    pub file: String,
    /// How several experts' maps were combined (`mean` or `median`); null for one map.
    pub aggregate: Option<String>,
    /// The aggregated edges with the experts' disagreement; null for one map.
    pub edges: Option<Vec<FcmEdge>>,
    /// Concept ids, in the order of every state vector below.
    pub concepts: Vec<String>,
    /// How the map was run.
    pub settings: Settings,
    /// How the run ended.
    pub status: Status,
    /// Steps computed.
    pub steps: usize,
    /// Every state, the initial one first.
    pub trajectory: Vec<Vec<f64>>,
    /// The last state.
    #[serde(rename = "final")]
    pub final_state: Vec<f64>,
    /// The map's structure (`--structure`), else null.
    pub structure: Option<Structure>,
}

/// An aggregated edge.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct FcmEdge {
    /// The cause.
    pub from: String,
    /// The effect.
    pub to: String,
    /// The aggregated weight.
    pub weight: f64,
    /// The entropy of the experts' signs, in bits (0: all agree).
    pub entropy: f64,
}
