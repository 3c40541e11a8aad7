//! The key assumptions check, and the signposts to watch.
//!
//! **Key assumptions** are the judgments that carry the verdict: the links whose stated
//! uncertainty moves the net score most ([`super::flip`]'s swings, at most [`KEY_ASSUMPTIONS`]
//! with a swing of at least [`MIN_SWING_SHARE`] of the nominal net score and at least the
//! indifference band's half-width, [`super::band`]: a judgment that moves the net less over
//! its whole range moves nothing the model can resolve), and every link the
//! search for what would flip the verdict changes. Each carries its evidence grade
//! ([`crate::model::Grade`]) and the strongest kind of support among its quotes; a flag says
//! plainly when a load-bearing judgment rests on an estimate, an assumption, ungraded quotes, or
//! only hypothetical or opposing passages.
//!
//! **Signposts** are the model's `indicators`: for a key assumption's link, what seeing the
//! indicator would mean for the verdict (the net score with the link at the stronger or weaker
//! end of its stated range); for a mechanism, the net score with it held at the end the
//! indicator points to; for a trigger, the verdict once it has fired.

use schemars::JsonSchema;
use serde::Serialize;

use super::Passage;
use super::counterfactual::{ChangeKind, Counterfactual};
use super::flip::Sensitivity;
use super::judge::{Judge, Tweak};
use crate::fcm::Settings;
use crate::model::{Grade, Judged, Means, QuoteStance, Role};

/// The most key assumptions listed per option.
pub const KEY_ASSUMPTIONS: usize = 6;
/// A swing smaller than this share of |nominal net| does not make a judgment key.
pub const MIN_SWING_SHARE: f64 = 0.05;

/// What seeing a signpost would do to the verdict.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Moves {
    /// The net score moves away from 0: the verdict is firmer.
    Strengthens,
    /// It moves towards 0.
    Weakens,
    /// It crosses 0.
    Flips,
    /// It does not move (or the model cannot say).
    Nothing,
}

impl Moves {
    /// What seeing the signpost does to the verdict, in words.
    pub fn words(self) -> &'static str {
        match self {
            Moves::Strengthens => "firms up the verdict",
            Moves::Weakens => "weakens the verdict",
            Moves::Flips => "flips the verdict",
            Moves::Nothing => "does not move the verdict",
        }
    }

    /// How a net score of `after` compares with `before`.
    pub fn of(before: f64, after: f64) -> Moves {
        if (after > 0.0) != (before > 0.0) {
            Moves::Flips
        } else if (after - before).abs() < 1e-9 {
            Moves::Nothing
        } else if after.abs() > before.abs() {
            Moves::Strengthens
        } else {
            Moves::Weakens
        }
    }
}

/// An indicator to watch and what it would do.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct Signpost {
    /// What to watch for.
    pub watch: String,
    /// What seeing it would mean for the judgment or factor.
    pub means: Means,
    /// The judgment or factor it bears on, e.g. "link a → b" or "factor x".
    pub bears_on: String,
    /// The net score if it is seen (None when the model cannot say).
    pub net_if_seen: Option<f64>,
    /// What that does to the verdict.
    pub moves: Moves,
}

/// One judgment the verdict rests on.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct KeyAssumption {
    /// The judgment, e.g. "link coalition_stance → regime_capacity".
    pub judgment: String,
    /// What it says, in words.
    pub words: String,
    /// Its nominal weight.
    pub weight: f64,
    /// The term it was written as.
    pub term: Option<String>,
    /// The net score at the ends of its stated uncertainty.
    pub net_range: (f64, f64),
    /// Whether the search for what would flip the verdict changes it.
    pub in_flip_set: bool,
    /// Its evidence grade.
    pub grade: Grade,
    /// The strongest kind of support among its quotes.
    pub support: Option<QuoteStance>,
    /// A plain flag when it rests on less than the text's own judgment or a reported fact.
    pub flag: Option<String>,
    /// Its passages.
    pub passages: Vec<Passage>,
}

/// The key assumptions and signposts for one option.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct Assumptions {
    /// The option.
    pub option: String,
    /// The judgments the verdict rests on, most load-bearing first.
    pub key: Vec<KeyAssumption>,
    /// How the outcomes are weighed, when that is itself an assumption (no stakeholder
    /// weighting and no outcome weight is quoted in the model).
    pub weighting: Option<String>,
    /// What to watch.
    pub signposts: Vec<Signpost>,
}

/// The key assumptions and signposts of option `o` (see the module docs).
pub fn assumptions(
    judge: &Judge<'_>,
    o: usize,
    sensitivity: &Sensitivity,
    counterfactual: &Counterfactual,
    s: &Settings,
) -> Assumptions {
    let model = judge.model;
    let nominal = sensitivity.nominal_net;
    let flip_links: Vec<String> = counterfactual
        .changes
        .iter()
        .filter(|c| matches!(c.kind, ChangeKind::Link | ChangeKind::Alternative))
        .filter_map(|c| c.judgment.clone())
        .collect();
    let mut signposts = Vec::new();
    let mut key = Vec::new();
    for (rank, swing) in sensitivity.links.iter().enumerate() {
        let link = &model.links[swing.link];
        let judgment = format!("link {}", swing.name);
        let in_flip_set = flip_links.contains(&judgment);
        // A swing inside the indifference band moves nothing the model can resolve.
        let floor = (MIN_SWING_SHARE * nominal.abs()).max(counterfactual.band);
        let large = rank < KEY_ASSUMPTIONS && swing.swing() >= floor;
        if !(large || in_flip_set) {
            continue;
        }
        let grade = link.evidence.grade();
        let support = link.evidence.strongest_stance();
        // The end of the stated range with the larger magnitude is "stronger".
        let (low, high) = swing.bounds;
        let (net_stronger, net_weaker) = if high.abs() >= low.abs() {
            (swing.net_at_high, swing.net_at_low)
        } else {
            (swing.net_at_low, swing.net_at_high)
        };
        for indicator in &link.indicators {
            let net_if = match indicator.means {
                Means::Stronger => net_stronger,
                _ => net_weaker,
            };
            signposts.push(Signpost {
                watch: indicator.watch.clone(),
                means: indicator.means,
                bears_on: judgment.clone(),
                net_if_seen: Some(net_if),
                moves: Moves::of(nominal, net_if),
            });
        }
        key.push(KeyAssumption {
            words: link.claim.clone().unwrap_or_else(|| {
                format!(
                    "{} {} {}",
                    super::in_sentence(model, &model.factors[link.from].label),
                    if swing.nominal >= 0.0 {
                        "raises"
                    } else {
                        "lowers"
                    },
                    super::in_sentence(model, &model.factors[link.to].label)
                )
            }),
            judgment,
            weight: swing.nominal,
            term: link.term.clone(),
            net_range: (swing.net_at_low, swing.net_at_high),
            in_flip_set,
            flag: flag(grade, support),
            grade,
            support,
            passages: super::passages(model, &link.evidence),
        });
    }
    for (f, factor) in model.factors.iter().enumerate() {
        for indicator in &factor.indicators {
            let net_if = match factor.role {
                Role::Mechanism => {
                    let value = if indicator.means == Means::Higher {
                        1.0
                    } else {
                        0.0
                    };
                    let held = Tweak {
                        held: vec![(f, value)],
                        ..Tweak::none()
                    };
                    Some(judge.net(0, o, &held, s))
                }
                Role::Trigger if indicator.means == Means::Higher => judge
                    .arms
                    .iter()
                    .position(|a| {
                        a.trigger.as_ref().is_some_and(|t| {
                            model
                                .triggers
                                .iter()
                                .find(|x| &x.id == t)
                                .is_some_and(|x| x.clamps.iter().any(|c| c.factor == f))
                        })
                    })
                    .map(|c| judge.net(c, o, &Tweak::none(), s)),
                _ => None,
            };
            signposts.push(Signpost {
                watch: indicator.watch.clone(),
                means: indicator.means,
                bears_on: format!("factor {}", factor.id),
                net_if_seen: net_if,
                moves: net_if.map_or(Moves::Nothing, |n| Moves::of(nominal, n)),
            });
        }
    }
    let weights_quoted = model.stakeholders.iter().any(|st| st.evidence.is_cited());
    let weighting = (!weights_quoted).then(|| {
        let explicit = model
            .factors
            .iter()
            .any(|f| f.desired.is_some() && f.weight != 1.0);
        if explicit {
            "the outcomes' weights are the analyst's, not quoted".to_owned()
        } else {
            "the outcomes are weighed equally: an assumption, not a finding".to_owned()
        }
    });
    Assumptions {
        option: sensitivity.option.clone(),
        key,
        weighting,
        signposts,
    }
}

fn flag(grade: Grade, support: Option<QuoteStance>) -> Option<String> {
    let flag = match (grade, support) {
        (Grade::Assumption, _) => "rests on an analyst's assumption, no passage",
        (Grade::Estimate, _) => "its strength is an estimate beyond the text",
        (Grade::Ungraded, _) => "its quotes are not graded",
        (_, Some(QuoteStance::Hypothetical)) => "rests on a what-if of the text",
        (_, Some(QuoteStance::Opposing)) => "rests on a view the text rejects",
        _ => return None,
    };
    Some(flag.to_owned())
}

/// The verdict a net score gives.
pub fn judged(net: f64) -> Judged {
    if net > 0.0 {
        Judged::Better
    } else {
        Judged::Worse
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_say_what_a_net_score_does() {
        assert_eq!(Moves::of(-5.0, -7.0), Moves::Strengthens);
        assert_eq!(Moves::of(-5.0, -2.0), Moves::Weakens);
        assert_eq!(Moves::of(-5.0, 1.0), Moves::Flips);
        assert_eq!(Moves::of(3.0, 3.0), Moves::Nothing);
    }

    #[test]
    fn the_examples_key_assumption_carries_its_grade_and_signpost() {
        let model = crate::example_model();
        let judge = Judge::new(&model);
        let s = Settings::default();
        let sens = super::super::flip::sensitivity(&judge, 0, 0, &s);
        let cf = super::super::counterfactual::counterfactual(&judge, 0, &s, 0.0);
        let a = assumptions(&judge, 0, &sens, &cf, &s);
        // The price's link to emissions carries the verdict; it is quoted from the brief.
        let top = &a.key[0];
        assert_eq!(top.judgment, "link carbon_price → emissions");
        assert_eq!(
            (top.grade, top.support),
            (Grade::Quoted, Some(QuoteStance::Author))
        );
        assert_eq!(top.flag, None);
        // Seeing plants close would show the link stronger: the verdict firmer.
        let sign = &a.signposts[0];
        assert_eq!(sign.bears_on, "link carbon_price → emissions");
        assert_eq!(sign.moves, Moves::Strengthens);
        // One judged outcome, no stakeholders: the weighting is an assumption.
        assert!(a.weighting.unwrap().contains("weighed equally"));
        assert_eq!(
            flag(Grade::Estimate, Some(QuoteStance::Author)).unwrap(),
            "its strength is an estimate beyond the text"
        );
    }
}
