//! A hypothesis tied to factor states, checked against the model's other engines.
//!
//! - **CIB**: is the hypothesis part of any consistent future? Among the consistent scenarios of
//!   the briefing's search (triggers that have not fired and the facts every option shares held
//!   fixed, [`crate::briefing::scenarios::counted_search`]), those with every state the
//!   hypothesis names; and, when it names an option, those under that option imposed as an
//!   intervention.
//! - **FCM**: does its option move each factor towards the state? The state's position on the
//!   factor's scale (state k of K at k / (K − 1)) is compared with the factor's steady level
//!   under the status quo and under the option (nominal weights, the briefing's inference
//!   settings, no trigger fired): the option moves it *towards* the state when it ends closer.
//!
//! Neither check rates the hypothesis: the ratings are the analyst's. They say whether the
//! model's encoding of the system agrees with what a hypothesis claims, which is where an ACH
//! and a model most usefully disagree.

use schemars::JsonSchema;
use serde::Serialize;

use crate::briefing::effects::arms_of;
use crate::briefing::scenarios::{CountedSearch, counted_search};
use crate::cib::{self, Constraints};
use crate::fcm::FcmMap;
use crate::fcm::scenario::compare;
use crate::limits::Limits;
use crate::model::{Hypothesis, Model};

/// A change of level smaller than this (on the 0–1 activation scale) is no move.
const UNMOVED: f64 = 0.005;

/// How the CIB bears on a hypothesis.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct CibCheck {
    /// Consistent scenarios in the search.
    pub scenarios: usize,
    /// Those with every state the hypothesis names.
    pub with_states: usize,
    /// With its option imposed: (consistent scenarios, those with every state); absent when
    /// the hypothesis names no option or the option fixes no CIB state.
    pub under_option: Option<(usize, usize)>,
}

/// How the FCM bears on one state a hypothesis names.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct FcmCheck {
    /// The factor.
    pub factor: String,
    /// The state the hypothesis names.
    pub state: String,
    /// Its position on the factor's scale, k / (K − 1).
    pub position: f64,
    /// The factor's steady level under the status quo.
    pub status_quo: f64,
    /// Its steady level under the hypothesis's option.
    pub option: f64,
    /// `towards`, `away` or `unmoved`.
    pub moves: Move,
}

/// Whether an option moves a factor towards a state.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Move {
    /// It ends closer to the state than under the status quo.
    Towards,
    /// It ends further from it.
    Away,
    /// It ends where the status quo leaves it.
    Unmoved,
}

impl Move {
    /// The move as "moves X … S" says it: "towards", "away from", "no nearer to".
    pub fn words(self) -> &'static str {
        match self {
            Move::Towards => "towards",
            Move::Away => "away from",
            Move::Unmoved => "no nearer to",
        }
    }
}

/// What the checks need, computed once for every hypothesis: the CIB search and the FCM's
/// steady levels under the status quo and each option.
pub struct CrossCheck<'m> {
    model: &'m Model,
    limits: Limits,
    search: Option<CountedSearch>,
    /// Steady levels under the status quo, then each option's (the status quo's own are the
    /// baseline's), or None without a status quo.
    levels: Option<(Vec<f64>, Vec<Vec<f64>>)>,
}

impl<'m> CrossCheck<'m> {
    /// Runs the CIB search and the FCM runs, when some hypothesis names states.
    pub fn new(model: &'m Model, settings: &crate::fcm::Settings, limits: &Limits) -> Self {
        let needed = model.hypotheses.iter().any(|h| !h.states.is_empty());
        CrossCheck {
            model,
            limits: *limits,
            search: needed.then(|| counted_search(model, limits)).flatten(),
            levels: needed.then(|| fcm_levels(model, settings)).flatten(),
        }
    }

    /// The CIB check of `hypothesis`, or None when it names no state, one of its factors is
    /// no CIB descriptor, or the model's matrix cannot be searched within the limits.
    pub fn cib(&self, hypothesis: &Hypothesis) -> Option<CibCheck> {
        let (model, search) = (self.model, self.search.as_ref()?);
        if hypothesis.states.is_empty() {
            return None;
        }
        let m = &search.matrix;
        let descriptor = |factor: usize| m.descriptor_index(&model.factors[factor].id);
        let states: Vec<(usize, usize)> = hypothesis
            .states
            .iter()
            .map(|&(f, k)| Some((descriptor(f)?, k)))
            .collect::<Option<_>>()?;
        let count = |solutions: &[cib::Solution]| {
            solutions
                .iter()
                .filter(|s| states.iter().all(|&(d, k)| s.variants[d] == k))
                .count()
        };
        let under_option = hypothesis.option.and_then(|o| {
            let mut fixed = search.fixed.clone();
            let mut fixes_any = false;
            for c in &model.options[o].clamps {
                if let (Some(d), Some(k)) = (descriptor(c.factor), c.state) {
                    fixed[d] = Some(k);
                    fixes_any = true;
                }
            }
            if !fixes_any {
                return None;
            }
            let constraints = Constraints {
                fixed,
                ..Constraints::consistent().under(&self.limits, m)
            };
            let found = cib::search(m, &constraints);
            (!constraints.cut(&found)).then(|| (found.len(), count(&found)))
        });
        Some(CibCheck {
            scenarios: search.solutions.len(),
            with_states: count(&search.solutions),
            under_option,
        })
    }

    /// The FCM check of every state `hypothesis` names, when it names an option; empty
    /// otherwise or when the model has no status quo.
    pub fn fcm(&self, hypothesis: &Hypothesis) -> Vec<FcmCheck> {
        let (Some(option), Some((baseline, options))) = (hypothesis.option, &self.levels) else {
            return Vec::new();
        };
        let levels = &options[option];
        hypothesis
            .states
            .iter()
            .map(|&(f, k)| {
                let factor = &self.model.factors[f];
                let position = k as f64 / (factor.states.len() - 1) as f64;
                let (sq, opt) = (baseline[f], levels[f]);
                let gap = (opt - position).abs() - (sq - position).abs();
                let moves = if gap < -UNMOVED {
                    Move::Towards
                } else if gap > UNMOVED {
                    Move::Away
                } else {
                    Move::Unmoved
                };
                FcmCheck {
                    factor: factor.id.clone(),
                    state: factor.states[k].clone(),
                    position,
                    status_quo: sq,
                    option: opt,
                    moves,
                }
            })
            .collect()
    }
}

/// The steady levels under the status quo and under each option (in the model's order; the
/// status quo's are the baseline's), nominal weights, no trigger fired.
fn fcm_levels(model: &Model, settings: &crate::fcm::Settings) -> Option<(Vec<f64>, Vec<Vec<f64>>)> {
    let arms = arms_of(model);
    let arm = arms.first()?;
    let w = FcmMap::from_model(model).nominal();
    let run = compare(
        &w,
        &vec![1.0; w.n()],
        &arm.baseline,
        &arm.options,
        &arm.gates,
        settings,
    );
    let levels = model
        .options
        .iter()
        .map(|o| {
            run.effects
                .iter()
                .find(|e| e.option == o.id)
                .map_or_else(|| run.baseline.clone(), |e| e.steady.clone())
        })
        .collect();
    Some((run.baseline, levels))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A lever `a` that pushes `b` up in both engines; hypotheses that the push brings `b`
    /// high, or low.
    const MODEL: &str = r#"
[model]
title = "t"
[[factors]]
id = "a"
label = "A"
role = "lever"
states = ["off", "on"]
[[factors]]
id = "b"
label = "B"
role = "outcome"
states = ["low", "high"]
desired = "high"
[[relations]]
from = "a"
to = "b"
weight = 0.8
impacts = [[2, -2], [-2, 2]]
assumption = "a test"
[[options]]
id = "sq"
name = "SQ"
status_quo = true
clamp = { a = { state = "off", value = 0.0 } }
[[options]]
id = "push"
name = "Push"
clamp = { a = { state = "on", value = 1.0 } }
[[hypotheses]]
id = "high"
statement = "b goes high"
option = "push"
states = { b = "high" }
[[hypotheses]]
id = "low"
statement = "b stays low"
option = "push"
states = { b = "low" }
"#;

    #[test]
    fn the_engines_say_whether_the_states_are_consistent_and_which_way_the_option_moves_them() {
        let model = crate::model::from_text(MODEL).model;
        let check = CrossCheck::new(&model, &crate::fcm::Settings::default(), &Limits::default());
        // The lever has no causes, so both its states are consistent, each with `b` following
        // it: (off, low) and (on, high). Imposing `push` leaves (on, high).
        let high = check.cib(&model.hypotheses[0]).unwrap();
        assert_eq!(
            (high.scenarios, high.with_states, high.under_option),
            (2, 1, Some((1, 1)))
        );
        let low = check.cib(&model.hypotheses[1]).unwrap();
        assert_eq!((low.with_states, low.under_option), (1, Some((1, 0))));
        // Kosko's rule with the sigmoid: b = σ(0) = 0.5 under the status quo, σ(0.8) under push.
        let [f] = &check.fcm(&model.hypotheses[0])[..] else {
            panic!("one state")
        };
        assert!((f.status_quo - 0.5).abs() < 1e-4, "{f:?}");
        assert!(
            (f.option - 1.0 / (1.0 + (-0.8f64).exp())).abs() < 1e-4,
            "{f:?}"
        );
        assert_eq!((f.position, f.moves), (1.0, Move::Towards));
        assert_eq!(check.fcm(&model.hypotheses[1])[0].moves, Move::Away);
    }
}
