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
//!
//! What plausible changes together would flip the verdict is [`super::counterfactual`]'s.

use rayon::prelude::*;
use schemars::JsonSchema;
use serde::Serialize;

use super::judge::{Judge, Tweak};
use crate::fcm::Settings;
use crate::model::{Model, Role};

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

/// The sensitivity of option `o` under condition `c` (see the module docs).
pub fn sensitivity(judge: &Judge<'_>, c: usize, o: usize, s: &Settings) -> Sensitivity {
    let model = judge.model;
    let map = &judge.map;
    let net = |l: usize, v: f64| {
        let u = &map.weights[l];
        let tweak = Tweak {
            links: vec![(u.from, u.to, v)],
            ..Tweak::none()
        };
        judge.net(c, o, &tweak, s)
    };
    let nominal_net = judge.net(c, o, &Tweak::none(), s);
    let mut links: Vec<LinkSwing> = (0..map.weights.len())
        .into_par_iter()
        .map(|l| {
            let q = map.weights[l].weight;
            let (low, high) = q.bounds();
            LinkSwing {
                link: l,
                name: link_name(model, l),
                nominal: q.nominal(),
                bounds: (low, high),
                net_at_low: net(l, low),
                net_at_high: net(l, high),
                flips_at: break_even(q.nominal(), |v| net(l, v)),
                cited: model.links[l].evidence.is_cited(),
            }
        })
        .collect();
    links.sort_by(|a, b| b.swing().total_cmp(&a.swing()).then(a.link.cmp(&b.link)));
    Sensitivity {
        option: judge.arms[c].options[o].option.clone(),
        trigger: judge.arms[c].trigger.clone(),
        nominal_net,
        links,
        what_ifs: what_ifs(judge, c, o, s, nominal_net > 0.0),
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

fn what_ifs(judge: &Judge<'_>, c: usize, o: usize, s: &Settings, better: bool) -> Vec<WhatIf> {
    let mut all = Vec::new();
    for (j, f) in judge.model.factors.iter().enumerate() {
        if f.role != Role::Mechanism {
            continue;
        }
        for (value, state) in [
            (0.0, f.states.first().map_or("low", String::as_str)),
            (1.0, f.states.last().map_or("high", String::as_str)),
        ] {
            let held = Tweak {
                held: vec![(j, value)],
                ..Tweak::none()
            };
            let net = judge.net(c, o, &held, s);
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
        let judge = Judge::new(&model);
        let s = sensitivity(&judge, 0, 0, &Settings::default());
        // Emissions (desired low) fall by 9.27 points: the net score is +9.27.
        assert!((s.nominal_net - 9.266659995406973).abs() < 1e-9);
        // price → emissions decides it; it flips where the weight crosses 0.
        let top = &s.links[0];
        assert_eq!(top.name, "carbon_price → emissions");
        let at = top.flips_at.unwrap();
        assert!(at.abs() < 1e-6, "{at}");
        // Holding coal jobs (a mechanism) fixed does not change emissions here.
        assert!(s.what_ifs.iter().all(|w| !w.flips));
    }
}
