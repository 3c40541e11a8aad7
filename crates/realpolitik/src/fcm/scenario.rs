//! Policy scenarios: the baseline steady state against each option × trigger.
//!
//! The **baseline** is the steady state of the map with the status-quo option's clamps (no
//! clamps when the model marks no status quo). Each **case** is an option, alone or with one
//! trigger, whose clamps are held together (a trigger's clamp wins where both fix the same
//! factor); its **effect** on concept `j` is `scenario_j − baseline_j`, reported also in
//! percentage points, `100 · (scenario_j − baseline_j)` (activations read as shares of the
//! concept's full strength). The status-quo option with a trigger is the trigger's effect under
//! current policy.
//!
//! **Triggers at rest.** A factor that some trigger clamps is an event that may or may not
//! happen; where the case's trigger is not the one that fires it, it is clamped to 0 (its first
//! state: "has not happened"). Left free, a factor with no causes would settle at f(0), which is
//! 0.5 for the sigmoid: half-happened, which no analyst means.
//!
//! **Clamp values.** A clamp's `value` is used as written. A clamp that names only a CIB state
//! is read as that state's position on [0, 1]: state `k` of `m` ordered states (from 0) is
//! `k / (m − 1)`, so the first state is 0 and the last 1 ("no"/"yes" becomes 0/1). A factor
//! without states clamped by state is set to 1.
//!
//! **Conditional links.** A model's link with `when = "TRIGGER"` acts only in runs where that
//! trigger has fired, i.e. where every factor the trigger clamps is held at the trigger's
//! value ([`Gates`]); in every other run its weight is 0. A link with `requires` acts only at
//! steps where another factor's activation lies in the given range, and one with `scaled_by`
//! is multiplied by another factor's activation (an extended FCM's conditional weights: see
//! [`Conditional`]). Additive FCM inference cannot express "this matters only if Aleppo falls"
//! or "only if the regime invades" otherwise.
//!
//! **Resting levels.** A factor with `rests_at` gets a constant external input b = f⁻¹(level)
//! (less the rule's memory of the concept itself) in every run ([`crate::model::Rest`],
//! [`Settings::resting_input`]): with
//! nothing acting on it, it settles at the level the text gives it rather than at f(0) (0.5
//! for the sigmoid, "half an offensive" for a regime the text says keeps losing). Its causes
//! move it from there, in the status quo and under every option alike, so the level sets the
//! baseline without fixing the factor (a clamp would freeze it for every option).
//!
//! Both runs start from the same initial state (all ones unless given, as Mental Modeler and
//! fcmconfr's clamped simulations do) and are read by [`Run::steady_state`].

use serde::Serialize;

use crate::model::{Clamp, Condition, Model, Scenario};

use super::inference::{Conditional, Run, Settings, Status, simulate, simulate_conditional};
use super::map::Matrix;

/// The activation a model's clamp fixes (see the module docs).
pub fn clamp_value(model: &Model, clamp: &Clamp) -> f64 {
    if let Some(v) = clamp.value {
        return v;
    }
    let states = model.factors[clamp.factor].states.len();
    match clamp.state {
        Some(k) if states >= 2 => k as f64 / (states - 1) as f64,
        _ => 1.0,
    }
}

/// The conditional links of a model (see the module docs).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Gates {
    gates: Vec<Gate>,
    /// (factor, resting level) of every factor the model gives one ([`crate::model::Rest`]).
    rests: Vec<(usize, f64)>,
}

#[derive(Clone, Debug, PartialEq)]
struct Gate {
    from: usize,
    to: usize,
    /// The clamps of the trigger that opens it, if it has a `when`.
    fired: Option<Vec<(usize, f64)>>,
    /// The range another factor must be in, step by step.
    requires: Option<Condition>,
    /// The factor whose activation scales it, step by step.
    scaled_by: Option<usize>,
}

impl Gates {
    /// No conditional links (a bare matrix).
    pub fn none() -> Gates {
        Gates::default()
    }

    /// The model's conditional links.
    pub fn of(model: &Model) -> Gates {
        let gates = model
            .links
            .iter()
            .filter(|l| l.is_conditional())
            .map(|l| Gate {
                from: l.from,
                to: l.to,
                fired: l.when.map(|t| Clamps::of(model, &model.triggers[t]).clamps),
                requires: l.requires.clone(),
                scaled_by: l.scaled_by,
            })
            .collect();
        let rests = model
            .factors
            .iter()
            .enumerate()
            .filter_map(|(f, factor)| factor.rests_at.as_ref().map(|r| (f, r.level)))
            .collect();
        Gates { gates, rests }
    }

    /// Whether the model has no conditional link and no resting level: its runs are plain.
    pub fn is_empty(&self) -> bool {
        self.gates.is_empty() && self.rests.is_empty()
    }

    /// Runs the weights `w` from `initial` with `clamps` held: a link whose trigger has not
    /// fired in the run weighs 0; one with a condition on the state acts step by step as a
    /// [`Conditional`].
    pub fn run(&self, w: &Matrix, initial: &[f64], clamps: &[(usize, f64)], s: &Settings) -> Run {
        if self.is_empty() {
            return simulate(w, initial, clamps, s);
        }
        let mut inputs = Vec::new();
        if !self.rests.is_empty() {
            inputs = vec![0.0; w.n()];
            for &(f, level) in &self.rests {
                inputs[f] = s.resting_input(level);
            }
        }
        let fired = |g: &Gate| {
            g.fired
                .as_ref()
                .is_none_or(|f| f.iter().all(|c| clamps.contains(c)))
        };
        let mut gated = w.clone();
        let mut conditional = Vec::new();
        for g in &self.gates {
            let weight = w.get(g.from, g.to);
            gated.set(g.from, g.to, 0.0);
            if !fired(g) {
                continue;
            }
            if g.requires.is_none() && g.scaled_by.is_none() {
                gated.set(g.from, g.to, weight);
            } else {
                conditional.push(Conditional {
                    from: g.from,
                    to: g.to,
                    weight,
                    requires: g.requires.clone(),
                    scaled_by: g.scaled_by,
                });
            }
        }
        simulate_conditional(&gated, &conditional, &inputs, initial, clamps, s)
    }
}

/// A named set of clamps.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Clamps {
    /// Identifier of the option or trigger.
    pub id: String,
    /// Its display name.
    pub name: String,
    /// (concept, value) pairs.
    pub clamps: Vec<(usize, f64)>,
}

impl Clamps {
    /// The clamps of a model's option or trigger.
    pub fn of(model: &Model, scenario: &Scenario) -> Self {
        Clamps {
            id: scenario.id.clone(),
            name: scenario.name.clone(),
            clamps: scenario
                .clamps
                .iter()
                .map(|c| (c.factor, clamp_value(model, c)))
                .collect(),
        }
    }
}

/// One option, alone or with a trigger.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Case {
    /// The option's id.
    pub option: String,
    /// The trigger's id, if any.
    pub trigger: Option<String>,
    /// The clamps held together.
    pub clamps: Vec<(usize, f64)>,
}

/// The baseline clamps and every case of a model: each option alone, then with each trigger.
/// Triggers that have not fired rest at 0 (see the module docs).
pub fn cases_of(model: &Model) -> (Vec<(usize, f64)>, Vec<Case>) {
    let triggers: Vec<Clamps> = model
        .triggers
        .iter()
        .map(|t| Clamps::of(model, t))
        .collect();
    let at_rest = resting_triggers(&triggers);
    let mut baseline = model
        .status_quo()
        .map(|s| Clamps::of(model, s).clamps)
        .unwrap_or_default();
    add_missing(&mut baseline, &at_rest);
    let options: Vec<Clamps> = model.options.iter().map(|o| Clamps::of(model, o)).collect();
    let mut all = cases(&options, &triggers);
    for case in &mut all {
        add_missing(&mut case.clamps, &at_rest);
    }
    (baseline, all)
}

/// Every factor some trigger clamps, held at 0: the trigger has not happened.
pub fn resting_triggers(triggers: &[Clamps]) -> Vec<(usize, f64)> {
    let mut at_rest: Vec<(usize, f64)> = triggers
        .iter()
        .flat_map(|t| t.clamps.iter().map(|&(c, _)| (c, 0.0)))
        .collect();
    at_rest.sort_by_key(|&(c, _)| c);
    at_rest.dedup_by_key(|&mut (c, _)| c);
    at_rest
}

/// Appends the clamps of `extra` whose concept `clamps` does not fix yet.
pub fn add_missing(clamps: &mut Vec<(usize, f64)>, extra: &[(usize, f64)]) {
    for &(c, v) in extra {
        if !clamps.iter().any(|&(k, _)| k == c) {
            clamps.push((c, v));
        }
    }
}

/// Every option alone, then with each trigger.
pub fn cases(options: &[Clamps], triggers: &[Clamps]) -> Vec<Case> {
    let mut all = Vec::new();
    for o in options {
        all.push(Case {
            option: o.id.clone(),
            trigger: None,
            clamps: o.clamps.clone(),
        });
        for t in triggers {
            let mut clamps: Vec<(usize, f64)> = o
                .clamps
                .iter()
                .filter(|(c, _)| !t.clamps.iter().any(|(tc, _)| tc == c))
                .copied()
                .collect();
            clamps.extend_from_slice(&t.clamps);
            all.push(Case {
                option: o.id.clone(),
                trigger: Some(t.id.clone()),
                clamps,
            });
        }
    }
    all
}

/// A case's outcome.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Effect {
    /// The option's id.
    pub option: String,
    /// The trigger's id, if any.
    pub trigger: Option<String>,
    /// How the scenario's run ended.
    pub status: Status,
    /// Its steady state.
    pub steady: Vec<f64>,
    /// scenario − baseline, per concept.
    pub delta: Vec<f64>,
}

/// The baseline and every case's effect.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Comparison {
    /// How the baseline run ended.
    pub baseline_status: Status,
    /// The baseline steady state.
    pub baseline: Vec<f64>,
    /// One per case, in order.
    pub effects: Vec<Effect>,
}

impl Comparison {
    /// Whether every run converged.
    pub fn all_converged(&self) -> bool {
        self.baseline_status.is_converged() && self.effects.iter().all(|e| e.status.is_converged())
    }
}

/// Runs the baseline and every case on the weights `w`, each with the conditional links its
/// clamps open.
pub fn compare(
    w: &Matrix,
    initial: &[f64],
    baseline: &[(usize, f64)],
    cases: &[Case],
    gates: &Gates,
    s: &Settings,
) -> Comparison {
    let base: Run = gates.run(w, initial, baseline, s);
    let base_steady = base.steady_state();
    let effects = cases
        .iter()
        .map(|case| {
            let run = gates.run(w, initial, &case.clamps, s);
            let steady = run.steady_state();
            let delta = steady
                .iter()
                .zip(&base_steady)
                .map(|(a, b)| a - b)
                .collect();
            Effect {
                option: case.option.clone(),
                trigger: case.trigger.clone(),
                status: run.status,
                steady,
                delta,
            }
        })
        .collect();
    Comparison {
        baseline_status: base.status,
        baseline: base_steady,
        effects,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fcm::FcmMap;

    #[test]
    fn the_examples_scenarios_by_hand() {
        let model = crate::example_model();
        let map = FcmMap::from_model(&model);
        let (baseline, cases) = cases_of(&model);
        // Status quo "wait" clamps carbon_price to 0; the gas shock rests at 0.
        assert_eq!(baseline, [(0, 0.0), (1, 0.0)]);
        let ids: Vec<_> = cases
            .iter()
            .map(|c| format!("{}+{}", c.option, c.trigger.as_deref().unwrap_or("-")))
            .collect();
        assert_eq!(
            ids,
            [
                "wait+-",
                "wait+gas_crisis",
                "price_now+-",
                "price_now+gas_crisis"
            ]
        );
        // gas_shock = "yes", the second of two states: position 1; without the trigger it
        // rests at 0.
        assert_eq!(cases[1].clamps, [(0, 0.0), (1, 1.0)]);
        assert_eq!(cases[2].clamps, [(0, 0.5), (1, 0.0)]);

        let c = compare(
            &map.nominal(),
            &[1.0; 4],
            &baseline,
            &cases,
            &Gates::none(),
            &Settings::default(),
        );
        assert!(c.all_converged());
        // Concepts: carbon_price, gas_shock, coal_jobs, emissions. Weights (centroids):
        // price→emissions −0.75, price→jobs −0.4, gas→emissions 0.3, jobs→price 0.4.
        // Baseline: price 0; gas at rest 0; jobs σ(0) = 0.5; emissions σ(0.3 · 0) = 0.5.
        let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
        assert!(close(c.baseline[1], 0.0));
        assert!(close(c.baseline[3], 0.5));
        assert!(close(c.baseline[2], 0.5));
        // wait alone is the baseline itself.
        assert!(c.effects[0].delta.iter().all(|d| d.abs() < 1e-9));
        // wait + gas crisis: emissions σ(0.3) − 0.5 = 0.07444251681165903.
        assert!(close(c.effects[1].delta[3], 0.07444251681165903));
        // price_now clamps the price to 0.5: jobs σ(−0.2) − 0.5 = −0.04983399731247784,
        // emissions σ(−0.375) − 0.5 = −0.09266659995406973.
        assert!(close(c.effects[2].delta[2], -0.04983399731247784));
        assert!(close(c.effects[2].delta[3], -0.09266659995406973));
        // price_now + gas crisis: σ(−0.375 + 0.3) − 0.5 = −0.018741215878535222.
        assert!(close(c.effects[3].delta[3], -0.018741215878535222));
        // The clamped price itself moves by exactly its clamp.
        assert!(close(c.effects[2].delta[0], 0.5));
    }

    #[test]
    fn a_conditional_link_acts_only_when_its_trigger_has_fired() {
        let text = r#"
[model]
title = "t"
[[factors]]
id = "lever"
label = "Lever"
role = "lever"
[[factors]]
id = "shock"
label = "Shock"
role = "trigger"
[[factors]]
id = "gain"
label = "Gain"
role = "outcome"
[[links]]
from = "lever"
to = "gain"
weight = 0.5
when = "shock_hits"
assumption = "a"
[[options]]
id = "sq"
name = "Status quo"
status_quo = true
clamp = { lever = 0.0 }
[[options]]
id = "act"
name = "Act"
clamp = { lever = 1.0 }
[[triggers]]
id = "shock_hits"
name = "The shock hits"
clamp = { shock = 1.0 }
"#;
        let model = crate::model::from_text(text).model;
        let map = FcmMap::from_model(&model);
        let (baseline, cases) = cases_of(&model);
        let gates = Gates::of(&model);
        let c = compare(
            &map.nominal(),
            &[1.0; 3],
            &baseline,
            &cases,
            &gates,
            &Settings::default(),
        );
        let gain = |case: usize| c.effects[case].delta[2];
        // Cases: sq, sq + shock, act, act + shock. Without the shock the link is closed.
        assert!(gain(2).abs() < 1e-12);
        // With it: σ(0.5) − σ(0) against the unshocked baseline.
        let s = |x: f64| 1.0 / (1.0 + (-x).exp());
        assert!((gain(3) - (s(0.5) - 0.5)).abs() < 1e-12);
        // The status quo under the shock has the lever at 0: the open link adds nothing.
        assert!(gain(1).abs() < 1e-12);
        // Without gates the link would act in every run.
        let open = compare(
            &map.nominal(),
            &[1.0; 3],
            &baseline,
            &cases,
            &Gates::none(),
            &Settings::default(),
        );
        assert!((open.effects[2].delta[2] - (s(0.5) - 0.5)).abs() < 1e-12);
    }

    /// A lever, an offensive with three states and a harm the lever causes only through a
    /// conditional relation; options clamp the offensive to each state.
    const CONDITIONAL: &str = r#"
[model]
title = "t"
[[factors]]
id = "lever"
label = "Lever"
role = "lever"
[[factors]]
id = "offensive"
label = "Offensive"
role = "mechanism"
states = ["none", "limited", "major"]
[[factors]]
id = "harm"
label = "Harm"
role = "outcome"
[[relations]]
from = "lever"
to = "harm"
weight = 0.5
requires = { factor = "offensive", at_least = "limited" }
assumption = "a"
[[relations]]
from = "lever"
to = "offensive"
weight = 0.0
assumption = "a"
[[options]]
id = "sq"
name = "Status quo"
status_quo = true
clamp = { lever = 0.0, offensive = "none" }
[[options]]
id = "act_none"
name = "Act, no offensive"
clamp = { lever = 1.0, offensive = "none" }
[[options]]
id = "act_limited"
name = "Act, limited offensive"
clamp = { lever = 1.0, offensive = "limited" }
[[options]]
id = "act_major"
name = "Act, major offensive"
clamp = { lever = 1.0, offensive = "major" }
"#;

    fn harm_effects(text: &str) -> Vec<f64> {
        let model = crate::model::from_text(text).model;
        let map = FcmMap::from_model(&model);
        let (baseline, cases) = cases_of(&model);
        let c = compare(
            &map.nominal(),
            &[1.0; 3],
            &baseline,
            &cases,
            &Gates::of(&model),
            &Settings::default(),
        );
        assert!(c.all_converged());
        c.effects.iter().map(|e| e.delta[2]).collect()
    }

    #[test]
    fn a_required_state_opens_the_relation_only_at_or_above_it() {
        let s = |x: f64| 1.0 / (1.0 + (-x).exp());
        // Cases: sq, act with the offensive at none (0), limited (0.5), major (1). The harm is
        // σ(0.5 · lever) where the offensive is at least "limited" (0.5), else σ(0) = 0.5.
        let effects = harm_effects(CONDITIONAL);
        let expected = [0.0, 0.0, s(0.5) - 0.5, s(0.5) - 0.5];
        for (e, x) in effects.iter().zip(expected) {
            assert!((e - x).abs() < 1e-12, "{effects:?}");
        }
        // At most "limited": open at none and limited, closed at major.
        let at_most = CONDITIONAL.replace("at_least = \"limited\"", "at_most = \"limited\"");
        let effects = harm_effects(&at_most);
        let expected = [0.0, s(0.5) - 0.5, s(0.5) - 0.5, 0.0];
        for (e, x) in effects.iter().zip(expected) {
            assert!((e - x).abs() < 1e-12, "{effects:?}");
        }
    }

    #[test]
    fn a_scaled_relation_is_multiplied_by_its_factors_activation() {
        let s = |x: f64| 1.0 / (1.0 + (-x).exp());
        let scaled = CONDITIONAL.replace(
            "requires = { factor = \"offensive\", at_least = \"limited\" }",
            "scaled_by = \"offensive\"",
        );
        // σ(0.5 · 1 · A_offensive) − σ(0), with A_offensive = 0, 0.5, 1.
        let effects = harm_effects(&scaled);
        let expected = [0.0, 0.0, s(0.25) - 0.5, s(0.5) - 0.5];
        for (e, x) in effects.iter().zip(expected) {
            assert!((e - x).abs() < 1e-12, "{effects:?}");
        }
    }

    #[test]
    fn a_condition_is_read_step_by_step_on_a_free_factor() {
        // The offensive is free: σ(w · lever). With w = −0.5 it settles at σ(−0.5) ≈ 0.378,
        // below "limited", so the harm's relation closes once the offensive has fallen (it is
        // open at the first step, from the all-ones start) and the harm returns to σ(0).
        let free = CONDITIONAL
            .replace("weight = 0.0", "weight = -0.5")
            .replace("lever = 1.0, offensive = \"none\"", "lever = 1.0")
            .replace("lever = 0.0, offensive = \"none\"", "lever = 0.0");
        let effects = harm_effects(&free);
        assert!(effects[1].abs() < 1e-9, "{effects:?}");
        // With w = +0.5 it settles at σ(0.5) ≈ 0.622, above: the harm is σ(0.5).
        let s = |x: f64| 1.0 / (1.0 + (-x).exp());
        let effects = harm_effects(&free.replace("weight = -0.5", "weight = 0.5"));
        assert!((effects[1] - (s(0.5) - 0.5)).abs() < 1e-9, "{effects:?}");
    }

    #[test]
    fn a_resting_level_sets_where_a_factor_settles_and_its_causes_move_it_from_there() {
        let s = |x: f64| 1.0 / (1.0 + (-x).exp());
        // The offensive is free, rests at 0.2 (input ln(0.2 / 0.8) = ln 0.25) and the lever
        // pushes it by 0.5; the harm is scaled by it. Status quo (lever 0): the offensive
        // settles at σ(ln 0.25) = 0.2 exactly, the harm at σ(0). Acting: the offensive at
        // σ(ln 0.25 + 0.5), the harm at σ(0.5 · that).
        let rested = CONDITIONAL
            .replace(
                "requires = { factor = \"offensive\", at_least = \"limited\" }",
                "scaled_by = \"offensive\"",
            )
            .replace("weight = 0.0", "weight = 0.5")
            .replace("lever = 1.0, offensive = \"none\"", "lever = 1.0")
            .replace("lever = 0.0, offensive = \"none\"", "lever = 0.0")
            .replace(
                "states = [\"none\", \"limited\", \"major\"]",
                "states = [\"none\", \"limited\", \"major\"]\n\
                 rests_at = { level = 0.2, assumption = \"the text: it mostly loses\" }",
            );
        let model = crate::model::from_text(&rested).model;
        let map = FcmMap::from_model(&model);
        let (baseline, cases) = cases_of(&model);
        let gates = Gates::of(&model);
        let s0 = Settings::default();
        let base = gates.run(&map.nominal(), &[1.0; 3], &baseline, &s0);
        assert!((base.steady_state()[1] - 0.2).abs() < 1e-9);
        let c = compare(&map.nominal(), &[1.0; 3], &baseline, &cases, &gates, &s0);
        let offensive = s(0.25f64.ln() + 0.5);
        assert!((c.effects[1].delta[1] - (offensive - 0.2)).abs() < 1e-9);
        assert!((c.effects[1].delta[2] - (s(0.5 * offensive) - 0.5)).abs() < 1e-9);
        // Without the resting level the offensive would settle at σ(0) = 0.5 and σ(0.5).
        let unrested = crate::model::from_text(&rested.replace(
            "\nrests_at = { level = 0.2, assumption = \"the text: it mostly loses\" }",
            "",
        ))
        .model;
        let c = compare(
            &map.nominal(),
            &[1.0; 3],
            &baseline,
            &cases,
            &Gates::of(&unrested),
            &s0,
        );
        assert!((c.effects[1].delta[1] - (s(0.5) - 0.5)).abs() < 1e-9);
    }

    #[test]
    fn a_triggers_clamp_wins_over_the_options() {
        let o = Clamps {
            id: "o".into(),
            name: "O".into(),
            clamps: vec![(0, 0.2), (1, 0.3)],
        };
        let t = Clamps {
            id: "t".into(),
            name: "T".into(),
            clamps: vec![(1, 0.9)],
        };
        let all = cases(&[o], &[t]);
        assert_eq!(all[1].clamps, [(0, 0.2), (1, 0.9)]);
    }
}
