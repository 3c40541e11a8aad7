//! The verdict's arithmetic on nominal weights, and the changes the briefing tries on it.
//!
//! A [`Judge`] holds one model's map, its conditions ([`Arms`]: no trigger, then each trigger)
//! and its signed outcome weights, and computes an option's net score against the status quo
//! (see [`super::effects`]) with every link at its nominal weight, after a [`Tweak`]: links set
//! to other weights (0 removes one; a new pair adds one), factors held at a value in both runs,
//! other outcome weights. Everything that asks "does the verdict survive this?" (the confidence
//! breakdown, what would have to be true, the key assumptions) asks it here.

use super::effects::{Arms, arms_of, net_score, outcome_signs, paired_effects};
use crate::fcm::scenario::compare;
use crate::fcm::{FcmMap, Matrix, Settings};
use crate::model::Model;

/// A change to how the verdict is computed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tweak {
    /// (from, to, weight): links set to a weight (0 removes; a pair without a link adds one).
    pub links: Vec<(usize, usize, f64)>,
    /// (factor, activation) held in both runs (a clamp of the option itself wins).
    pub held: Vec<(usize, f64)>,
    /// (factor, share): the factor moved in both runs by the same amount, `share` of the way
    /// from its status-quo level to 1 (share > 0) or to 0 (share < 0), and held there; the
    /// option's own effect on it is kept (a clamp of the option itself wins).
    pub shifted: Vec<(usize, f64)>,
    /// Signed outcome weights replacing the model's (see [`outcome_signs`]).
    pub signs: Option<Vec<(usize, f64)>>,
}

impl Tweak {
    /// No change.
    pub fn none() -> Tweak {
        Tweak::default()
    }

    /// Both changes at once (`other`'s win where they touch the same link, factor or weights).
    pub fn and(&self, other: &Tweak) -> Tweak {
        let mut t = self.clone();
        for &(a, b, w) in &other.links {
            t.links.retain(|&(x, y, _)| (x, y) != (a, b));
            t.links.push((a, b, w));
        }
        for &(f, v) in &other.held {
            t.held.retain(|&(g, _)| g != f);
            t.held.push((f, v));
        }
        for &(f, v) in &other.shifted {
            t.shifted.retain(|&(g, _)| g != f);
            t.shifted.push((f, v));
        }
        if other.signs.is_some() {
            t.signs.clone_from(&other.signs);
        }
        t
    }
}

/// Sets factor `f`'s clamp to `v`, adding one if there is none.
fn set(clamps: &mut Vec<(usize, f64)>, f: usize, v: f64) {
    match clamps.iter_mut().find(|(g, _)| *g == f) {
        Some(c) => c.1 = v,
        None => clamps.push((f, v)),
    }
}

/// One model's verdict arithmetic (see the module docs).
#[derive(Clone, Debug)]
pub struct Judge<'m> {
    /// The model.
    pub model: &'m Model,
    /// Its map.
    pub map: FcmMap,
    /// Its conditions: no trigger, then each trigger. Empty without a status quo.
    pub arms: Vec<Arms>,
    /// Its signed outcome weights.
    pub signs: Vec<(usize, f64)>,
}

impl<'m> Judge<'m> {
    /// The judge of `model`.
    pub fn new(model: &'m Model) -> Judge<'m> {
        Judge {
            model,
            map: FcmMap::from_model(model),
            arms: arms_of(model),
            signs: outcome_signs(model),
        }
    }

    /// The nominal weights after `tweak`'s link changes.
    pub fn matrix(&self, tweak: &Tweak) -> Matrix {
        let mut w = self.map.nominal();
        for &(a, b, v) in &tweak.links {
            w.set(a, b, v);
        }
        w
    }

    /// Option `o`'s effect on every concept (points) under condition `c`, after `tweak`.
    pub fn effects(&self, c: usize, o: usize, tweak: &Tweak, s: &Settings) -> Vec<f64> {
        self.effects_on(&self.matrix(tweak), c, o, tweak, s)
    }

    /// [`Judge::effects`] on given weights `w` (`tweak`'s links are not applied again).
    pub fn effects_on(
        &self,
        w: &Matrix,
        c: usize,
        o: usize,
        tweak: &Tweak,
        s: &Settings,
    ) -> Vec<f64> {
        let arm = &self.arms[c];
        // The option's own levers are what is compared: holding never overrides them.
        let held: Vec<(usize, f64)> = tweak
            .held
            .iter()
            .filter(|(f, _)| !self.is_lever_of(c, o, *f))
            .copied()
            .collect();
        let hold = |clamps: &[(usize, f64)]| {
            let mut clamps = clamps.to_vec();
            for &(f, v) in &held {
                set(&mut clamps, f, v);
            }
            clamps
        };
        let mut option = arm.options[o].clone();
        option.clamps = hold(&option.clamps);
        let mut one = Arms {
            trigger: arm.trigger.clone(),
            baseline: hold(&arm.baseline),
            options: vec![option],
            gates: arm.gates.clone(),
        };
        let shifted: Vec<(usize, f64)> = tweak
            .shifted
            .iter()
            .filter(|(f, _)| !self.is_lever_of(c, o, *f))
            .copied()
            .collect();
        if !shifted.is_empty() {
            // Where each shifted factor settles without the shift, in both runs; then both
            // move by the same amount and are held there.
            let initial = vec![1.0; w.n()];
            let before = compare(w, &initial, &one.baseline, &one.options, &one.gates, s);
            for &(f, share) in &shifted {
                let base = before.baseline[f];
                let moved = if share >= 0.0 {
                    share * (1.0 - base)
                } else {
                    share * base
                };
                let option = base + before.effects[0].delta[f];
                set(&mut one.baseline, f, (base + moved).clamp(0.0, 1.0));
                set(
                    &mut one.options[0].clamps,
                    f,
                    (option + moved).clamp(0.0, 1.0),
                );
            }
        }
        paired_effects(w, std::slice::from_ref(&one), s)
            .swap_remove(0)
            .swap_remove(0)
            .1
    }

    /// The status quo's steady state under condition `c`, on nominal weights.
    pub fn baseline(&self, c: usize, s: &Settings) -> Vec<f64> {
        let arm = &self.arms[c];
        let w = self.map.nominal();
        arm.gates
            .run(&w, &vec![1.0; w.n()], &arm.baseline, s)
            .steady_state()
    }

    /// Whether factor `f` is set differently by option `o` than by the status quo (condition
    /// `c`): one of the levers the verdict compares.
    pub fn is_lever_of(&self, c: usize, o: usize, f: usize) -> bool {
        let arm = &self.arms[c];
        let value = |clamps: &[(usize, f64)]| clamps.iter().find(|(g, _)| *g == f).map(|x| x.1);
        let own = value(&arm.options[o].clamps);
        own.is_some() && own != value(&arm.baseline)
    }

    /// Option `o`'s net score under condition `c`, after `tweak`.
    pub fn net(&self, c: usize, o: usize, tweak: &Tweak, s: &Settings) -> f64 {
        let signs = tweak.signs.as_ref().unwrap_or(&self.signs);
        net_score(&self.effects(c, o, tweak, s), signs)
    }

    /// The options compared (every option but the status quo), by id, in model order.
    pub fn options(&self) -> Vec<&str> {
        self.arms
            .first()
            .map(|a| a.options.iter().map(|c| c.option.as_str()).collect())
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_examples_net_score_and_what_changes_it() {
        let model = crate::example_model();
        let judge = Judge::new(&model);
        let s = Settings::default();
        // Emissions (desired low) fall by 9.27 points: net +9.27 (see the effects tests).
        let nominal = judge.net(0, 0, &Tweak::none(), &s);
        assert!((nominal - 9.266659995406973).abs() < 1e-9, "{nominal}");
        // carbon_price (0) → emissions (3) removed: the price does nothing.
        let removed = Tweak {
            links: vec![(0, 3, 0.0)],
            ..Tweak::none()
        };
        assert!(judge.net(0, 0, &removed, &s).abs() < 1e-12);
        // Holding emissions fixed in both runs leaves nothing to compare.
        let held = Tweak {
            held: vec![(3, 0.5)],
            ..Tweak::none()
        };
        assert!(judge.net(0, 0, &held, &s).abs() < 1e-12);
        // Holding the lever itself cannot override the option: the verdict stands.
        let lever = Tweak {
            held: vec![(0, 0.0)],
            ..Tweak::none()
        };
        assert!((judge.net(0, 0, &lever, &s) - nominal).abs() < 1e-12);
        // Weights that count nothing give 0.
        let nothing = Tweak {
            signs: Some(vec![(3, 0.0)]),
            ..Tweak::none()
        };
        assert_eq!(judge.net(0, 0, &nothing, &s), 0.0);
        assert_eq!(judge.options(), ["price_now"]);
    }

    #[test]
    fn a_shifted_factor_moves_in_both_runs_and_keeps_the_options_effect_on_it() {
        // act → m → good, 0.8 each (Kosko, sigmoid λ = 1). m settles at σ(0) = 0.5 under the
        // status quo and σ(0.8) under the option; good at σ(0.8 m). Moving m halfway to 1
        // (+0.25 in both runs) flattens the sigmoid at good: the net falls from 3.591 to 3.395
        // points; halfway to 0 (−0.25) steepens it: 3.726. Holding m instead would cut the path.
        let model = super::super::confidence::tests::chain(false);
        let judge = Judge::new(&model);
        let s = Settings::default();
        let net = |tweak: &Tweak| judge.net(0, 0, tweak, &s);
        let shifted = |share| Tweak {
            shifted: vec![(1, share)],
            ..Tweak::none()
        };
        assert!((net(&Tweak::none()) - 3.5907087654926118).abs() < 1e-3);
        assert!((net(&shifted(0.5)) - 3.3953581506336317).abs() < 1e-3);
        assert!((net(&shifted(-0.5)) - 3.726354333257076).abs() < 1e-3);
        let held = Tweak {
            held: vec![(1, 0.75)],
            ..Tweak::none()
        };
        assert!(net(&held).abs() < 1e-12);
        // The lever itself is never shifted: the option sets it.
        let lever = Tweak {
            shifted: vec![(0, 0.5)],
            ..Tweak::none()
        };
        assert_eq!(net(&lever), net(&Tweak::none()));
    }

    #[test]
    fn later_changes_win() {
        let a = Tweak {
            links: vec![(0, 1, 0.5)],
            held: vec![(2, 1.0)],
            shifted: vec![(1, 0.5)],
            signs: None,
        };
        let b = Tweak {
            links: vec![(0, 1, -0.5), (1, 2, 0.1)],
            held: vec![(2, 0.0)],
            shifted: vec![(1, -0.5)],
            signs: Some(vec![(3, 1.0)]),
        };
        let both = a.and(&b);
        assert_eq!(both.links, [(0, 1, -0.5), (1, 2, 0.1)]);
        assert_eq!(both.held, [(2, 0.0)]);
        assert_eq!(both.shifted, [(1, -0.5)]);
        assert_eq!(both.signs, Some(vec![(3, 1.0)]));
    }
}
