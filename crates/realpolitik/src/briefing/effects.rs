//! What each option does to the outcomes, against the status quo, under each trigger (FCM).
//!
//! For every **condition** (no trigger, then each trigger in turn) and every option other than
//! the status quo, the option's runs and the status quo's runs are **paired**: draw `d` takes
//! every uncertain link weight from `random::stream(seed, d)` once, and both runs use the same
//! weights, so the difference measures the option, not the luck of the draw. Both runs hold the
//! condition's trigger and leave the other triggers at rest (see [`crate::fcm::scenario`]).
//!
//! The effect of the option on outcome `j` in draw `d` is `100 · (option_j − status quo_j)` in
//! percentage points of the concept's range. Each outcome that says which end is desired
//! ([`crate::model::Desired`]) contributes `sign · effect` to the option's **net score**: the
//! weighted mean `Σ w_j · sign_j · effect_j / Σ w_j` of these signed effects, with the outcomes'
//! `weight`s (1 unless the model says), in points; positive means the option does better than
//! the status quo. The share of draws with a positive net score is the probability that the
//! option is better, given the model and the spread of its judgments.

use rayon::prelude::*;
use schemars::JsonSchema;
use serde::Serialize;

use crate::fcm::scenario::{Case, Clamps, Gates, add_missing, compare, resting_triggers};
use crate::fcm::{FcmMap, Matrix, Settings};
use crate::model::{Desired, Model, Role};
use crate::progress::Progress;
use crate::random::stream;

/// A distribution summarised for the briefing.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct Spread {
    /// Median.
    pub median: f64,
    /// 5 % quantile.
    pub q05: f64,
    /// 95 % quantile.
    pub q95: f64,
    /// Share of values > 0.
    pub p_positive: f64,
    /// Share of values < 0.
    pub p_negative: f64,
}

impl Spread {
    /// Summarises a sample (not empty): type-7 quantiles.
    pub fn of(values: &[f64]) -> Spread {
        let mut sorted = values.to_vec();
        sorted.sort_by(f64::total_cmp);
        let q = |p| crate::fcm::montecarlo::quantile_sorted(&sorted, p);
        let share = |keep: fn(f64) -> bool| {
            values.iter().filter(|&&v| keep(v)).count() as f64 / values.len() as f64
        };
        Spread {
            median: q(0.5),
            q05: q(0.05),
            q95: q(0.95),
            p_positive: share(|v| v > 0.0),
            p_negative: share(|v| v < 0.0),
        }
    }
}

/// One outcome's response to an option.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct OutcomeEffect {
    /// The outcome factor's id.
    pub factor: String,
    /// Its label.
    pub label: String,
    /// Which end is desired, if the model says.
    pub desired: Option<Desired>,
    /// option − status quo, in points.
    pub effect: Spread,
    /// Share of draws in which the option does better on this outcome (None when no end is
    /// desired).
    pub p_better: Option<f64>,
}

/// An option against the status quo under one condition.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct OptionEffects {
    /// The option's id.
    pub option: String,
    /// The trigger that has fired, if any.
    pub trigger: Option<String>,
    /// Every outcome factor, in model order.
    pub outcomes: Vec<OutcomeEffect>,
    /// The net score (points; > 0: better than the status quo).
    pub net: Spread,
    /// Draws in which some run did not converge.
    pub not_converged: usize,
}

/// The paired runs of one condition: the status quo's clamps and each option's.
#[derive(Clone, Debug)]
pub struct Arms {
    /// The trigger that has fired, if any.
    pub trigger: Option<String>,
    /// The status quo under this condition.
    pub baseline: Vec<(usize, f64)>,
    /// Each other option under this condition.
    pub options: Vec<Case>,
    /// The model's conditional links.
    pub gates: Gates,
}

/// Every condition of a model: no trigger, then each trigger. Empty without a status quo.
pub fn arms_of(model: &Model) -> Vec<Arms> {
    let Some(status_quo) = model.status_quo() else {
        return Vec::new();
    };
    let triggers: Vec<Clamps> = model
        .triggers
        .iter()
        .map(|t| Clamps::of(model, t))
        .collect();
    let at_rest = resting_triggers(&triggers);
    let others: Vec<Clamps> = model
        .options
        .iter()
        .filter(|o| !o.status_quo)
        .map(|o| Clamps::of(model, o))
        .collect();
    let with = |base: &[(usize, f64)], trigger: Option<&Clamps>| {
        let mut clamps: Vec<(usize, f64)> = trigger.map(|t| t.clamps.clone()).unwrap_or_default();
        add_missing(&mut clamps, base);
        add_missing(&mut clamps, &at_rest);
        clamps
    };
    let sq = Clamps::of(model, status_quo);
    let gates = Gates::of(model);
    std::iter::once(None)
        .chain(triggers.iter().map(Some))
        .map(|t| Arms {
            trigger: t.map(|t| t.id.clone()),
            baseline: with(&sq.clamps, t),
            options: others
                .iter()
                .map(|o| Case {
                    option: o.id.clone(),
                    trigger: t.map(|t| t.id.clone()),
                    clamps: with(&o.clamps, t),
                })
                .collect(),
            gates: gates.clone(),
        })
        .collect()
}

/// The outcome factors, each with its signed weight: the model's `weight` times the sign of
/// its desired end (0 when none is desired).
pub fn outcome_signs(model: &Model) -> Vec<(usize, f64)> {
    model
        .factors
        .iter()
        .enumerate()
        .filter(|(_, f)| f.role == Role::Outcome)
        .map(|(i, f)| (i, f.desired.map_or(0.0, |d| d.sign() * f.weight)))
        .collect()
}

/// The outcome factors signed by their desired end and weighted by a stakeholder's `weights`
/// ((factor, weight) pairs; outcomes not listed weigh 0).
pub fn stakeholder_signs(model: &Model, weights: &[(usize, f64)]) -> Vec<(usize, f64)> {
    outcome_signs(model)
        .into_iter()
        .map(|(j, s)| {
            let w = weights
                .iter()
                .find(|(f, _)| *f == j)
                .map_or(0.0, |&(_, w)| w);
            (j, s.signum() * w)
        })
        .collect()
}

/// The net score of per-concept effects (points): the weighted mean signed effect
/// `Σ s_j · e_j / Σ |s_j|` over the outcomes with signed weights `s_j`; 0 when all are 0.
pub fn net_score(effects_pp: &[f64], signs: &[(usize, f64)]) -> f64 {
    let total: f64 = signs.iter().map(|(_, s)| s.abs()).sum();
    if total == 0.0 {
        return 0.0;
    }
    signs.iter().map(|&(j, s)| s * effects_pp[j]).sum::<f64>() / total
}

/// One paired run: whether both runs converged, and option − status quo per concept (points).
pub type Paired = (bool, Vec<f64>);

/// Per condition and option, the paired run on the weights `w`.
pub fn paired_effects(w: &Matrix, arms: &[Arms], settings: &Settings) -> Vec<Vec<Paired>> {
    let initial = vec![1.0; w.n()];
    arms.iter()
        .map(|a| {
            let c = compare(w, &initial, &a.baseline, &a.options, &a.gates, settings);
            let base_ok = c.baseline_status.is_converged();
            c.effects
                .into_iter()
                .map(|e| {
                    let ok = base_ok && e.status.is_converged();
                    (ok, e.delta.iter().map(|d| 100.0 * d).collect())
                })
                .collect()
        })
        .collect()
}

/// Runs `draws` paired draws seeded with `seed` and summarises them per condition and option.
pub fn option_effects(
    model: &Model,
    settings: &Settings,
    draws: usize,
    seed: u64,
    progress: &dyn Progress,
) -> Vec<OptionEffects> {
    let map = FcmMap::from_model(model);
    let arms = arms_of(model);
    let signs = outcome_signs(model);
    let draws = draws.max(1);
    progress.start("FCM Monte Carlo draws", draws as u64);
    let results: Vec<Vec<Vec<Paired>>> = (0..draws)
        .into_par_iter()
        .map(|d| {
            let w = map.sample(&mut stream(seed, d as u64));
            let r = paired_effects(&w, &arms, settings);
            progress.advance(1);
            r
        })
        .collect();
    progress.finish();
    let mut all = Vec::new();
    for (a, arm) in arms.iter().enumerate() {
        for (o, case) in arm.options.iter().enumerate() {
            let runs: Vec<&Paired> = results.iter().map(|r| &r[a][o]).collect();
            let nets: Vec<f64> = runs.iter().map(|(_, e)| net_score(e, &signs)).collect();
            let outcomes = signs
                .iter()
                .map(|&(j, sign)| {
                    let values: Vec<f64> = runs.iter().map(|(_, e)| e[j]).collect();
                    let effect = Spread::of(&values);
                    let factor = &model.factors[j];
                    OutcomeEffect {
                        factor: factor.id.clone(),
                        label: factor.label.clone(),
                        desired: factor.desired,
                        p_better: (sign != 0.0).then_some(if sign > 0.0 {
                            effect.p_positive
                        } else {
                            effect.p_negative
                        }),
                        effect,
                    }
                })
                .collect();
            all.push(OptionEffects {
                option: case.option.clone(),
                trigger: arm.trigger.clone(),
                outcomes,
                net: Spread::of(&nets),
                not_converged: runs.iter().filter(|(ok, _)| !ok).count(),
            });
        }
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::NoProgress;

    #[test]
    fn spreads_of_known_values() {
        let values: Vec<f64> = (-10..=10).map(f64::from).collect();
        let s = Spread::of(&values);
        assert_eq!(s.median, 0.0);
        // Type 7: h = 20 · 0.05 = 1 → −9.
        assert_eq!((s.q05, s.q95), (-9.0, 9.0));
        assert_eq!((s.p_positive, s.p_negative), (10.0 / 21.0, 10.0 / 21.0));
    }

    #[test]
    fn net_score_is_the_mean_signed_effect_of_judged_outcomes() {
        // Concept 1 desired high, concept 2 desired low, concept 3 not judged.
        let signs = [(1, 1.0), (2, -1.0), (3, 0.0)];
        assert_eq!(
            net_score(&[5.0, 4.0, 2.0, 100.0], &signs),
            (4.0 - 2.0) / 2.0
        );
        assert_eq!(net_score(&[0.0; 4], &[(3, 0.0)]), 0.0);
        // Weighted: concept 1 counts three times as much as concept 2.
        let weighted = [(1, 3.0), (2, -1.0)];
        assert_eq!(net_score(&[0.0, 4.0, 2.0], &weighted), (12.0 - 2.0) / 4.0);
    }

    #[test]
    fn the_examples_option_against_its_status_quo_by_hand() {
        let model = crate::example_model();
        let arms = arms_of(&model);
        // No trigger, then the gas crisis; one option besides the status quo.
        assert_eq!(arms.len(), 2);
        assert_eq!(arms[1].trigger.as_deref(), Some("gas_crisis"));
        assert_eq!(arms[0].baseline, [(0, 0.0), (1, 0.0)]);
        assert_eq!(arms[1].options[0].clamps, [(1, 1.0), (0, 0.5)]);
        let map = FcmMap::from_model(&model);
        let effects = paired_effects(&map.nominal(), &arms, &Settings::default());
        // Emissions: price 0.5 against 0, weight −0.75: σ(−0.375) − σ(0) = −0.0926665999540697
        // without the crisis, σ(−0.075) − σ(0.3) = −0.0931837 with it (gas → emissions 0.3).
        let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
        assert!(close(effects[0][0].1[3], -9.266659995406973));
        let s = |x: f64| 1.0 / (1.0 + (-x).exp());
        assert!(close(effects[1][0].1[3], 100.0 * (s(-0.075) - s(0.3))));
    }

    #[test]
    fn paired_draws_do_not_depend_on_threads() {
        let model = crate::example_model();
        let on = |threads| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| {
                    let e = option_effects(&model, &Settings::default(), 64, 3, &NoProgress);
                    serde_json::to_string(&e).unwrap()
                })
        };
        assert_eq!(on(1), on(2));
    }
}
