//! What carries each verdict: the nominal net score split by outcome, how many links each
//! outcome lies from the option's levers, and the links whose removal moves the net most.
//!
//! **By outcome (exact).** The net score is linear in the outcome effects
//! ([`super::effects::net_score`]): net = Σ_j s_j e_j / Σ_j |s_j|, with s_j the signed weight of
//! outcome j and e_j its effect in points. So outcome j contributes c_j = s_j e_j / Σ|s| points,
//! the c_j sum to the net, and its **share** is |c_j| / Σ_k |c_k|: its part of the gross
//! movement, so that harms and benefits that cancel out both stay visible.
//!
//! **Distance.** The fewest links from any lever of the option to the outcome (breadth-first
//! over the non-zero nominal weights). In a sigmoid map each link passes on at most λ/4 of a
//! change (the transfer's steepest slope), so an outcome k links away is damped at least
//! (λ/4)^k-fold: when the outcomes that carry a verdict are those nearest a lever, the verdict
//! may answer the graph's layout rather than the evidence, and the briefing says so.
//!
//! **Links (not shares).** Every link on some path from a lever to a judged outcome, removed
//! alone (weight 0, as in the structure line of the confidence): the net without it. Removals
//! do not add up (the map is nonlinear and links share paths), so these are reported as "the
//! net without this link", never as parts of the net.

use std::collections::VecDeque;

use schemars::JsonSchema;
use serde::Serialize;

use super::judge::{Judge, Tweak};
use crate::fcm::Settings;

/// How many links [`carriers`] reports, the most consequential first.
const LINKS_SHOWN: usize = 5;

/// What carries one option's verdict (no trigger, nominal weights).
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Carriers {
    /// The option.
    pub option: String,
    /// Its nominal net score (points), the sum of the outcomes' contributions.
    pub net: f64,
    /// Every judged outcome (non-zero weight), the largest contribution first.
    pub outcomes: Vec<OutcomeCarrier>,
    /// The links whose removal alone moves the net most, most first (at most five).
    pub links: Vec<LinkCarrier>,
    /// The share of the gross movement carried by outcomes one link from a lever.
    pub one_link_share: f64,
    /// The same option read without path-length damping ([`super::neutral`]).
    pub neutral: super::neutral::NeutralReading,
}

/// One outcome's part in a net score.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct OutcomeCarrier {
    /// The outcome factor's id.
    pub factor: String,
    /// Its label.
    pub label: String,
    /// Its contribution to the net (points): signed weight × effect / total weight.
    pub contribution: f64,
    /// |contribution| over the sum of every outcome's |contribution| (0 when nothing moves).
    pub share: f64,
    /// The fewest links from a lever of the option to it (none: no path).
    pub links_from_lever: Option<usize>,
}

/// One link and the net score without it.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct LinkCarrier {
    /// The cause's id.
    pub from: String,
    /// The effect's id.
    pub to: String,
    /// Its nominal weight.
    pub weight: f64,
    /// The option's net score with this link removed (points).
    pub net_without: f64,
}

impl Carriers {
    /// Whether the path-length-neutral reading points the same way as the simulation, in
    /// words.
    pub fn neutral_agreement(&self) -> &'static str {
        if self.neutral.net == 0.0 || self.net == 0.0 {
            "neither way"
        } else if (self.neutral.net > 0.0) == (self.net > 0.0) {
            "the same way"
        } else {
            "the other way: path length decides this verdict"
        }
    }
}

/// What carries option `o`'s verdict (see the module docs).
pub fn carriers(judge: &Judge<'_>, o: usize, s: &Settings) -> Carriers {
    let model = judge.model;
    let effects = judge.effects(0, o, &Tweak::none(), s);
    let total: f64 = judge.signs.iter().map(|(_, w)| w.abs()).sum();
    let contributions: Vec<(usize, f64)> = judge
        .signs
        .iter()
        .filter(|(_, w)| *w != 0.0)
        .map(|&(j, w)| (j, w * effects[j] / total))
        .collect();
    let gross: f64 = contributions.iter().map(|(_, c)| c.abs()).sum();
    let nominal = judge.map.nominal();
    let w = &nominal;
    let n = w.n();
    let levers: Vec<usize> = (0..n).filter(|&f| judge.is_lever_of(0, o, f)).collect();
    let edges =
        |from: usize| -> Vec<usize> { (0..n).filter(|&to| w.get(from, to) != 0.0).collect() };
    let distance = breadth_first(n, &levers, edges);
    let mut outcomes: Vec<OutcomeCarrier> = contributions
        .iter()
        .map(|&(j, c)| OutcomeCarrier {
            factor: model.factors[j].id.clone(),
            label: model.factors[j].label.clone(),
            contribution: c,
            share: if gross > 0.0 { c.abs() / gross } else { 0.0 },
            links_from_lever: distance[j],
        })
        .collect();
    outcomes.sort_by(|a, b| b.share.total_cmp(&a.share));
    let one_link_share = outcomes
        .iter()
        .filter(|x| x.links_from_lever == Some(1))
        .map(|x| x.share)
        .sum();
    // Links on a path from a lever to a judged outcome: from a factor the levers reach, into
    // one that reaches a judged outcome without passing through a lever (a lever is held, so
    // nothing flows through it).
    let judged: Vec<usize> = contributions.iter().map(|&(j, _)| j).collect();
    let reaches = breadth_first(n, &judged, |f| {
        if levers.contains(&f) {
            return Vec::new();
        }
        (0..n).filter(|&from| w.get(from, f) != 0.0).collect()
    });
    let net = contributions.iter().map(|(_, c)| c).sum::<f64>();
    let mut links: Vec<LinkCarrier> = (0..n)
        .filter(|&a| distance[a].is_some())
        .flat_map(|a| edges(a).into_iter().map(move |b| (a, b)))
        .filter(|&(_, b)| reaches[b].is_some() && !levers.contains(&b))
        .map(|(a, b)| LinkCarrier {
            from: model.factors[a].id.clone(),
            to: model.factors[b].id.clone(),
            weight: w.get(a, b),
            // (+ 0.0 turns a removal that leaves nothing, −0.0, into 0.)
            net_without: 0.0
                + judge.net(
                    0,
                    o,
                    &Tweak {
                        links: vec![(a, b, 0.0)],
                        ..Tweak::none()
                    },
                    s,
                ),
        })
        .collect();
    links.sort_by(|x, y| {
        (y.net_without - net)
            .abs()
            .total_cmp(&(x.net_without - net).abs())
    });
    links.truncate(LINKS_SHOWN);
    Carriers {
        option: judge.options()[o].to_owned(),
        net,
        outcomes,
        links,
        one_link_share,
        neutral: super::neutral::reading(judge, o),
    }
}

/// The fewest steps from any of `starts` to every factor, following `next`.
pub(super) fn breadth_first(
    n: usize,
    starts: &[usize],
    next: impl Fn(usize) -> Vec<usize>,
) -> Vec<Option<usize>> {
    let mut distance = vec![None; n];
    let mut queue: VecDeque<usize> = starts.iter().copied().collect();
    for &s in starts {
        distance[s] = Some(0);
    }
    while let Some(f) = queue.pop_front() {
        let d = distance[f].expect("queued factors have a distance");
        for g in next(f) {
            if distance[g].is_none() {
                distance[g] = Some(d + 1);
                queue.push_back(g);
            }
        }
    }
    distance
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::model::{SourceTexts, load_str};

    /// A lever with a one-link harm and a three-link benefit of equal weights (every link
    /// 0.8, both outcomes weighted 1): path length alone decides, and the split shows it.
    const TWO_PATHS: &str = r#"
[model]
title = "two paths"
question = "act?"

[[factors]]
id = "act"
label = "Act"
role = "lever"

[[factors]]
id = "harm"
label = "Harm"
role = "outcome"
desired = "low"

[[factors]]
id = "m1"
label = "M1"
role = "mechanism"

[[factors]]
id = "m2"
label = "M2"
role = "mechanism"

[[factors]]
id = "gain"
label = "Gain"
role = "outcome"
desired = "high"

[[links]]
from = "act"
to = "harm"
weight = 0.8

[[links]]
from = "act"
to = "m1"
weight = 0.8

[[links]]
from = "m1"
to = "m2"
weight = 0.8

[[links]]
from = "m2"
to = "gain"
weight = 0.8

[[options]]
id = "wait"
name = "Wait"
status_quo = true
clamp = { act = 0.0 }

[[options]]
id = "go"
name = "Go"
clamp = { act = 1.0 }
"#;

    pub(in crate::briefing) fn two_paths() -> crate::model::Model {
        load_str(
            "two.toml",
            TWO_PATHS,
            &SourceTexts::Embedded(&[]),
            &crate::model::LoadOptions::default(),
        )
        .expect("a valid model")
        .model
    }

    #[test]
    fn the_split_by_outcome_adds_up_and_shows_path_length_deciding() {
        let model = two_paths();
        let judge = Judge::new(&model);
        let s = Settings::default();
        let c = carriers(&judge, 0, &s);
        // The contributions add up to the judge's net score.
        let net = judge.net(0, 0, &Tweak::none(), &s);
        assert!((c.net - net).abs() < 1e-12, "{} {net}", c.net);
        let sum: f64 = c.outcomes.iter().map(|x| x.contribution).sum();
        assert!((sum - net).abs() < 1e-12);
        // Equal evidence, but the one-link harm outweighs the three-link gain.
        assert_eq!(c.outcomes[0].factor, "harm");
        assert_eq!(c.outcomes[0].links_from_lever, Some(1));
        assert_eq!(c.outcomes[1].links_from_lever, Some(3));
        assert!(c.outcomes[0].contribution < 0.0 && c.outcomes[1].contribution > 0.0);
        assert!(net < 0.0);
        assert!((c.one_link_share - c.outcomes[0].share).abs() < 1e-12);
        assert!((c.outcomes.iter().map(|x| x.share).sum::<f64>() - 1.0).abs() < 1e-12);
        // By hand (Kosko's rule, sigmoid λ = 1; each outcome weighs 1 of 2): the harm moves by
        // σ(0.8) − σ(0) = 0.68997 − 0.5 = 0.18997, 19.0 points. The gain's chain: m1 moves by
        // the same 0.18997, and each further link passes on at most 0.8 · σ' ≤ 0.8 / 4 of it,
        // so the gain moves by at most 0.2² · 0.18997 = 0.0076, 0.76 points; step by step,
        // m2: σ(0.8 · 0.5) = 0.59869 → σ(0.8 · 0.68997) = 0.63459; gain: σ(0.8 · 0.59869) =
        // 0.61750 → σ(0.8 · 0.63459) = 0.62426, 0.68 points.
        let harm = -c.outcomes[0].contribution * 2.0;
        assert!((harm - 18.997).abs() < 0.01, "{harm}");
        let gain = c.outcomes[1].contribution * 2.0;
        assert!((gain - 0.676).abs() < 0.01, "{gain}");
        // Removing the harm's only link leaves the gain alone: the net turns positive.
        assert_eq!(
            (c.links[0].from.as_str(), c.links[0].to.as_str()),
            ("act", "harm")
        );
        assert!(c.links[0].net_without > 0.0);
        assert_eq!(c.links.len(), 4);
    }

    #[test]
    fn distances_follow_the_fewest_links() {
        // 0 → 1 → 2, 0 → 2 directly, 3 unreachable.
        let next = |f: usize| match f {
            0 => vec![1, 2],
            1 => vec![2],
            _ => vec![],
        };
        assert_eq!(
            breadth_first(4, &[0], next),
            [Some(0), Some(1), Some(1), None]
        );
    }
}
