//! Which assumptions decide the verdict, and what it would take to flip it.
//!
//! Everything here uses the nominal weights (each link at its central value) and the net score
//! of [`super::effects`] for one option under one condition:
//! - **Swing** of a link: the net score with the link at the low and at the high end of its
//!   stated uncertainty (a term's fuzzy number, an interval), others nominal: a tornado of the
//!   verdict's drivers, ranked by `|net_high − net_low|`.
//! - **Break-even** of a link: the weight in [−1, 1] nearest to its nominal value at which the
//!   net score changes sign, found on a grid of step 0.05 and refined by bisection; none when no
//!   weight of that link alone flips the verdict.
//! - **What-ifs**: each mechanism factor held at its lowest and at its highest state in both
//!   runs (e.g. a regime able to take the offensive), others free.
//! - **Flip set**: when no single link flips the verdict, a greedy search for a small set of
//!   links that does: at each step, the link and end (−1 or +1) that most raises the net score in
//!   the verdict's opposite direction, until its sign changes (at most [`MAX_FLIP_SET`] links).
//!   Greedy sets are small, not provably smallest.

use rayon::prelude::*;
use schemars::JsonSchema;
use serde::Serialize;

use super::effects::{Arms, net_score, outcome_signs, paired_effects};
use crate::fcm::{FcmMap, Matrix, Settings};
use crate::model::{Model, Role};

/// The largest flip set searched for.
pub const MAX_FLIP_SET: usize = 8;

/// One link's hold on the verdict.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct LinkSwing {
    /// Index into the model's links.
    pub link: usize,
    /// `from → to`, by factor id.
    pub name: String,
    /// Nominal weight.
    pub nominal: f64,
    /// The ends of its stated uncertainty.
    pub bounds: (f64, f64),
    /// Net score with the link at the low end.
    pub net_at_low: f64,
    /// Net score with the link at the high end.
    pub net_at_high: f64,
    /// The weight nearest to the nominal one at which the net score changes sign.
    pub flips_at: Option<f64>,
    /// Whether the link rests on a quoted passage (otherwise an analyst's judgment).
    pub cited: bool,
}

impl LinkSwing {
    /// `|net_at_high − net_at_low|`.
    pub fn swing(&self) -> f64 {
        (self.net_at_high - self.net_at_low).abs()
    }
}

/// A factor held at one of its ends.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct WhatIf {
    /// The factor's id.
    pub factor: String,
    /// The state it is held in (or "low"/"high" for a factor without states).
    pub state: String,
    /// The activation it is held at.
    pub value: f64,
    /// The net score then.
    pub net: f64,
    /// Whether the verdict flips.
    pub flips: bool,
}

/// A link set to a new weight.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct Change {
    /// Index into the model's links.
    pub link: usize,
    /// `from → to`, by factor id.
    pub name: String,
    /// Its nominal weight.
    pub nominal: f64,
    /// The weight it is set to.
    pub weight: f64,
}

/// What the verdict for one option under one condition depends on.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Sensitivity {
    /// The option.
    pub option: String,
    /// The trigger, if any.
    pub trigger: Option<String>,
    /// The net score with nominal weights.
    pub nominal_net: f64,
    /// Every link, largest swing first.
    pub links: Vec<LinkSwing>,
    /// Each mechanism held low and high.
    pub what_ifs: Vec<WhatIf>,
    /// A set of link changes that flips the verdict (one change when a single link does);
    /// empty when none of at most [`MAX_FLIP_SET`] links was found.
    pub flip_set: Vec<Change>,
    /// The net score after the flip set.
    pub net_after_flip_set: f64,
}

/// The net score of option `o` of `arms` on weights `w`.
fn net_on(w: &Matrix, arms: &Arms, o: usize, signs: &[(usize, f64)], s: &Settings) -> f64 {
    let only = Arms {
        trigger: arms.trigger.clone(),
        baseline: arms.baseline.clone(),
        options: vec![arms.options[o].clone()],
        gates: arms.gates.clone(),
    };
    let effects = paired_effects(w, std::slice::from_ref(&only), s);
    net_score(&effects[0][0].1, signs)
}

/// The weights of the map with link `l` set to `v` (links in model order).
fn with_link(map: &FcmMap, changes: &[(usize, f64)]) -> Matrix {
    let mut w = map.nominal();
    for &(l, v) in changes {
        let u = &map.weights[l];
        w.set(u.from, u.to, v);
    }
    w
}

/// The weight in [−1, 1] nearest to `nominal` at which `net` has the sign opposite to
/// `net(nominal)`'s, at the boundary where it changes (bisection to 1e-6).
fn break_even(nominal: f64, net: impl Fn(f64) -> f64) -> Option<f64> {
    let at_nominal = net(nominal);
    let flipped = |v: f64| (net(v) > 0.0) != (at_nominal > 0.0);
    let mut grid: Vec<f64> = (0..=40).map(|k| -1.0 + 0.05 * f64::from(k)).collect();
    grid.sort_by(|a, b| (a - nominal).abs().total_cmp(&(b - nominal).abs()));
    let far = grid.into_iter().find(|&v| flipped(v))?;
    let (mut inside, mut outside) = (nominal, far);
    for _ in 0..40 {
        let mid = (inside + outside) / 2.0;
        if flipped(mid) {
            outside = mid;
        } else {
            inside = mid;
        }
    }
    Some(outside)
}

/// The sensitivity of option `o` of `arms` (see the module docs).
pub fn sensitivity(model: &Model, arms: &Arms, o: usize, s: &Settings) -> Sensitivity {
    let map = FcmMap::from_model(model);
    let signs = outcome_signs(model);
    let net = |changes: &[(usize, f64)]| net_on(&with_link(&map, changes), arms, o, &signs, s);
    let nominal_net = net(&[]);
    let better = nominal_net > 0.0;
    let mut links: Vec<LinkSwing> = (0..map.weights.len())
        .into_par_iter()
        .map(|l| {
            let q = map.weights[l].weight;
            let (low, high) = q.bounds();
            let link = &model.links[l];
            LinkSwing {
                link: l,
                name: link_name(model, l),
                nominal: q.nominal(),
                bounds: (low, high),
                net_at_low: net(&[(l, low)]),
                net_at_high: net(&[(l, high)]),
                flips_at: break_even(q.nominal(), |v| net(&[(l, v)])),
                cited: link.evidence.is_cited(),
            }
        })
        .collect();
    links.sort_by(|a, b| b.swing().total_cmp(&a.swing()).then(a.link.cmp(&b.link)));

    let what_ifs = what_ifs(model, arms, o, &map.nominal(), &signs, s, better);

    let flip_set: Vec<Change> = match links
        .iter()
        .filter_map(|l| l.flips_at.map(|v| (l, v)))
        .min_by(|a, b| {
            (a.1 - a.0.nominal)
                .abs()
                .total_cmp(&(b.1 - b.0.nominal).abs())
        }) {
        Some((l, v)) => vec![Change {
            link: l.link,
            name: l.name.clone(),
            nominal: l.nominal,
            weight: v,
        }],
        None => greedy_flip_set(model, &map, better, &net),
    };
    let changes: Vec<(usize, f64)> = flip_set.iter().map(|c| (c.link, c.weight)).collect();
    let net_after_flip_set = net(&changes);
    Sensitivity {
        option: arms.options[o].option.clone(),
        trigger: arms.trigger.clone(),
        nominal_net,
        links,
        what_ifs,
        flip_set,
        net_after_flip_set,
    }
}

/// `from → to` of link `l`, by factor id.
pub fn link_name(model: &Model, l: usize) -> String {
    let link = &model.links[l];
    format!(
        "{} → {}",
        model.factors[link.from].id, model.factors[link.to].id
    )
}

fn what_ifs(
    model: &Model,
    arms: &Arms,
    o: usize,
    w: &Matrix,
    signs: &[(usize, f64)],
    s: &Settings,
    better: bool,
) -> Vec<WhatIf> {
    let mut all = Vec::new();
    for (j, f) in model.factors.iter().enumerate() {
        if f.role != Role::Mechanism {
            continue;
        }
        for (value, state) in [
            (0.0, f.states.first().map_or("low", String::as_str)),
            (1.0, f.states.last().map_or("high", String::as_str)),
        ] {
            let mut held = arms.clone();
            held.baseline.push((j, value));
            held.options[o].clamps.push((j, value));
            let net = net_on(w, &held, o, signs, s);
            all.push(WhatIf {
                factor: f.id.clone(),
                state: state.to_owned(),
                value,
                net,
                flips: (net > 0.0) != better,
            });
        }
    }
    all
}

/// The net score with some links set to new weights.
type NetWith<'a> = dyn Fn(&[(usize, f64)]) -> f64 + Sync + 'a;

fn greedy_flip_set(model: &Model, map: &FcmMap, better: bool, net: &NetWith<'_>) -> Vec<Change> {
    // Towards a flip: raise the net score when the option is worse, lower it when better.
    let toward = |v: f64| if better { -v } else { v };
    let mut chosen: Vec<(usize, f64)> = Vec::new();
    while chosen.len() < MAX_FLIP_SET {
        let best = (0..map.weights.len())
            .into_par_iter()
            .filter(|l| chosen.iter().all(|(c, _)| c != l))
            .flat_map_iter(|l| [(l, -1.0), (l, 1.0)])
            .map(|(l, v)| {
                let mut trial = chosen.clone();
                trial.push((l, v));
                (l, v, toward(net(&trial)))
            })
            .max_by(|a, b| a.2.total_cmp(&b.2).then(b.0.cmp(&a.0)));
        let Some((l, v, score)) = best else { break };
        chosen.push((l, v));
        if score > 0.0 {
            return chosen
                .into_iter()
                .map(|(l, v)| Change {
                    link: l,
                    name: link_name(model, l),
                    nominal: map.weights[l].weight.nominal(),
                    weight: v,
                })
                .collect();
        }
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn break_even_finds_the_nearest_sign_change() {
        // net(v) = v − 0.3 is negative at 0; it turns positive just above 0.3.
        let v = break_even(0.0, |v| v - 0.3).unwrap();
        assert!((v - 0.3).abs() < 1e-6, "{v}");
        // Two crossings, at −0.5 and 0.6: the nearer to 0.2 is 0.6.
        let v = break_even(0.2, |v| (v + 0.5) * (v - 0.6)).unwrap();
        assert!((v - 0.6).abs() < 1e-6, "{v}");
        // No crossing in [−1, 1].
        assert_eq!(break_even(0.0, |v| v - 2.0), None);
    }

    #[test]
    fn the_examples_price_decides_by_its_one_link() {
        let model = crate::example_model();
        let arms = super::super::effects::arms_of(&model);
        let s = sensitivity(&model, &arms[0], 0, &Settings::default());
        // Emissions (desired low) fall by 9.27 points: the net score is +9.27.
        assert!((s.nominal_net - 9.266659995406973).abs() < 1e-9);
        // price → emissions decides it; it flips where the weight crosses 0.
        let top = &s.links[0];
        assert_eq!(top.name, "carbon_price → emissions");
        let at = top.flips_at.unwrap();
        assert!(at.abs() < 1e-6, "{at}");
        assert_eq!(s.flip_set.len(), 1);
        assert!(s.net_after_flip_set <= 0.0);
        // Holding coal jobs (a mechanism) fixed does not change emissions here.
        assert!(s.what_ifs.iter().all(|w| !w.flips));
    }
}
