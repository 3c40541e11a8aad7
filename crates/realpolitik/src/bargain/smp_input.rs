//! The SMP's inputs (from a scenario, jointly over its issues, or from one issue) and its run
//! reported on the issues' scales with actor names.

use serde::Serialize;

use super::{SmpRun, first_max};
use crate::bargain::input::{Issue, Scenario};

/// The SMP's inputs: actors with capability, and position and salience per issue.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct SmpInput {
    /// Actor names.
    pub names: Vec<String>,
    /// Issue identifiers (KTAB's dimensions).
    pub issues: Vec<String>,
    /// `(low, high)` of each issue's scale.
    pub scales: Vec<(f64, f64)>,
    /// Capability `c_i`.
    pub capability: Vec<f64>,
    /// `position[i][k]`: actor `i`'s position on issue `k`, normalised to `[0, 1]`.
    pub position: Vec<Vec<f64>>,
    /// `salience[i][k]`: actor `i`'s salience of issue `k`, as a fraction (0–1).
    pub salience: Vec<Vec<f64>>,
}

impl SmpInput {
    /// The nominal inputs of a scenario. Every actor must take part in every issue (KTAB has no
    /// missing stances); an error names the first that does not. An actor's capability is its
    /// capability on the first issue.
    pub fn from_scenario(s: &Scenario) -> Result<SmpInput, String> {
        let mut input = SmpInput {
            names: s.actors.iter().map(|a| a.name.clone()).collect(),
            issues: s.issues.iter().map(|i| i.id.clone()).collect(),
            scales: s.issues.iter().map(|i| (i.low, i.high)).collect(),
            capability: Vec::new(),
            position: Vec::new(),
            salience: Vec::new(),
        };
        for a in &s.actors {
            let mut pos = Vec::new();
            let mut sal = Vec::new();
            let mut cap = 0.0;
            for (k, (stance, scale)) in a.stances.iter().zip(&s.issues).enumerate() {
                let Some(st) = stance else {
                    return Err(format!(
                        "the SMP needs every actor on every issue; {} has no stance on {}",
                        a.name, scale.id
                    ));
                };
                let width = scale.high - scale.low;
                let x = if width > 0.0 {
                    (st.position.nominal() - scale.low) / width
                } else {
                    0.0
                };
                pos.push(x.clamp(0.0, 1.0));
                sal.push(st.salience.nominal().max(0.0) / 100.0);
                if k == 0 {
                    cap = st.capability.nominal().max(0.0);
                }
            }
            input.capability.push(cap);
            input.position.push(pos);
            input.salience.push(sal);
        }
        Ok(input)
    }

    /// Number of actors.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// Whether there are no actors.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// A normalised position mapped back to issue `k`'s scale.
    pub fn to_scale(&self, k: usize, x: f64) -> f64 {
        let (low, high) = self.scales[k];
        low + x * (high - low)
    }

    /// One issue alone, as a one-dimensional SMP; actors are named by their index among the
    /// issue's players.
    pub fn from_issue(issue: &Issue) -> SmpInput {
        let width = issue.high - issue.low;
        let norm = |x: f64| {
            if width > 0.0 {
                ((x - issue.low) / width).clamp(0.0, 1.0)
            } else {
                0.0
            }
        };
        SmpInput {
            names: (0..issue.players.len()).map(|p| p.to_string()).collect(),
            issues: vec!["issue".into()],
            scales: vec![(issue.low, issue.high)],
            capability: issue
                .players
                .iter()
                .map(|p| p.capability.max(0.0))
                .collect(),
            position: issue
                .players
                .iter()
                .map(|p| vec![norm(p.position)])
                .collect(),
            salience: issue
                .players
                .iter()
                .map(|p| vec![p.salience.max(0.0)])
                .collect(),
        }
    }
}

/// An SMP run on the issues' scales, with names: what the command prints.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct SmpReport {
    /// The issues (KTAB's dimensions).
    pub issues: Vec<String>,
    /// The actors.
    pub actors: Vec<String>,
    /// The states `s_0, s_1, …`.
    pub turns: Vec<SmpTurnReport>,
    /// `stopping_ratios[t − 1]`: the change of turn `t` relative to the first step.
    pub stopping_ratios: Vec<f64>,
    /// The final position most likely to be the outcome, per issue (NaN without actors).
    pub forecast: Vec<f64>,
}

/// One state of an [`SmpReport`].
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct SmpTurnReport {
    /// The turn (0: the inputs).
    pub turn: usize,
    /// `positions[i][k]`, on issue `k`'s scale.
    pub positions: Vec<Vec<f64>>,
    /// The probability that each actor's position is the outcome.
    pub outcome_probability: Vec<f64>,
    /// The position most likely to be the outcome, per issue.
    pub likeliest: Vec<f64>,
    /// Risk attitudes.
    pub risk: Vec<f64>,
    /// Challenges made from this state: initiator, receiver, the initiator's estimate that it
    /// prevails, its expected gain, and the bargained positions proposed to each.
    pub challenges: Vec<SmpChallengeReport>,
    /// `adopted[i]`: the bargain actor `i` took (index into `challenges`), `None` for its status
    /// quo; empty in the last state.
    pub adopted: Vec<Option<usize>>,
}

/// A challenge and its bargain, named and on the issues' scales.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct SmpChallengeReport {
    /// The challenger.
    pub initiator: String,
    /// The target.
    pub receiver: String,
    /// The challenger's estimate that it prevails.
    pub probability: f64,
    /// The challenger's expected gain over the status quo.
    pub gain: f64,
    /// The position proposed to the challenger.
    pub initiator_position: Vec<f64>,
    /// The position proposed to the target.
    pub receiver_position: Vec<f64>,
}

impl SmpRun {
    /// The run on the issues' scales, with names.
    pub fn report(&self, input: &SmpInput) -> SmpReport {
        let scale = |x: &[f64]| -> Vec<f64> {
            x.iter()
                .enumerate()
                .map(|(k, &v)| input.to_scale(k, v))
                .collect()
        };
        let turns = self
            .turns
            .iter()
            .enumerate()
            .map(|(t, s)| SmpTurnReport {
                turn: t,
                positions: s.positions.iter().map(|x| scale(x)).collect(),
                outcome_probability: s.outcome.clone(),
                likeliest: if s.positions.is_empty() {
                    vec![f64::NAN; input.issues.len()]
                } else {
                    scale(&s.positions[first_max(&s.outcome)])
                },
                risk: s.risk.clone(),
                challenges: s
                    .challenges
                    .iter()
                    .map(|c| SmpChallengeReport {
                        initiator: input.names[c.initiator].clone(),
                        receiver: input.names[c.receiver].clone(),
                        probability: c.probability,
                        gain: c.gain,
                        initiator_position: scale(&c.initiator_position),
                        receiver_position: scale(&c.receiver_position),
                    })
                    .collect(),
                adopted: s.accepted.clone(),
            })
            .collect();
        SmpReport {
            issues: input.issues.clone(),
            actors: input.names.clone(),
            turns,
            stopping_ratios: self.ratios.clone(),
            forecast: self
                .forecast()
                .map_or_else(|| vec![f64::NAN; input.issues.len()], scale),
        }
    }
}
