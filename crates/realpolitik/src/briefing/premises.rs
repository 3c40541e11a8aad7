//! The premises a verdict rests on, at the level of the argument: what must be true for it to
//! hold, each rated by its evidence, with what would make it fail (Heuer & Pherson's key
//! assumptions check: state the premise, say how well supported it is, say what would
//! falsify it).
//!
//! Two kinds, for one option's verdict (no trigger, nominal weights):
//!
//! - **judgments**: the links that carry the verdict ([`super::carriers::Carriers::links`]),
//!   those whose removal moves the net by more than the indifference band, at most
//!   [`JUDGMENT_PREMISES`]. Rated **supported** when quoted as the author's judgment or a
//!   reported fact, **with caveats** when its strength is an estimate, its quotes are
//!   ungraded, or they are only what-ifs or views the text rejects, **unsupported** when it is an
//!   analyst's assumption with no passage. It fails at the weight where the net changes sign
//!   ([`super::flip::LinkSwing::flips_at`]), or, if none in [−1, 1] does, it cannot fail alone.
//! - **values**: the outcomes that carry the verdict, each weighed as the model weighs it
//!   (share of the gross movement at least [`VALUE_SHARE`], at most [`VALUE_PREMISES`]). A
//!   weighting is a value judgment: **with caveats** when some stakeholder's weights are
//!   quoted, **unsupported** otherwise. It fails if the verdict changes sign with the outcome
//!   not weighed at all.
//!
//! Entries that move nothing beyond the band are left out: a premise must carry the verdict.

use schemars::JsonSchema;
use serde::Serialize;

use super::carriers::Carriers;
use super::flip::Sensitivity;
use super::judge::{Judge, Tweak};
use crate::fcm::Settings;
use crate::model::{Grade, QuoteStance};

/// Judgment premises kept per option.
pub const JUDGMENT_PREMISES: usize = 3;
/// Value premises kept per option.
pub const VALUE_PREMISES: usize = 2;
/// The least share of the gross movement an outcome carries to be a value premise.
pub const VALUE_SHARE: f64 = 0.2;

/// How well a premise is supported by the model's evidence.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Support {
    /// Quoted as the author's judgment or a reported fact.
    Supported,
    /// Quoted, but its strength or its reading is the analyst's.
    WithCaveats,
    /// The analyst's, with no passage.
    Unsupported,
}

impl Support {
    /// The rating in words.
    pub fn words(self) -> &'static str {
        match self {
            Support::Supported => "supported",
            Support::WithCaveats => "supported with caveats",
            Support::Unsupported => "unsupported",
        }
    }
}

/// What a premise is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PremiseKind {
    /// A causal judgment: a link of the model.
    Judgment,
    /// A value judgment: how much an outcome counts.
    Value,
}

/// One premise of a verdict.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct Premise {
    /// What the verdict takes to be true, in words.
    pub premise: String,
    /// A causal or a value judgment.
    pub kind: PremiseKind,
    /// How well the evidence supports it.
    pub rating: Support,
    /// Why it is rated so.
    pub because: String,
    /// What would make it fail, and the verdict with it ("fails if …"), or that it cannot
    /// fail alone ("cannot make the verdict fail alone: …"), in words.
    pub fails_if: String,
}

/// The premises of option `o`'s verdict (see the module docs); `band` is its indifference
/// band's half-width.
pub fn premises(
    judge: &Judge<'_>,
    o: usize,
    carriers: &Carriers,
    sensitivity: &Sensitivity,
    band: f64,
    s: &Settings,
) -> Vec<Premise> {
    let model = judge.model;
    let net = carriers.net;
    let mut all = Vec::new();
    for carrier in &carriers.links {
        if all.len() == JUDGMENT_PREMISES || (carrier.net_without - net).abs() <= band {
            continue;
        }
        let Some(l) = model.links.iter().position(|l| {
            model.factors[l.from].id == carrier.from && model.factors[l.to].id == carrier.to
        }) else {
            continue;
        };
        let link = &model.links[l];
        let from = super::in_sentence(model, &model.factors[link.from].label);
        let to = super::in_sentence(model, &model.factors[link.to].label);
        let premise = first_up(&link.claim.clone().unwrap_or_else(|| {
            let verb = if carrier.weight >= 0.0 {
                "raises"
            } else {
                "lowers"
            };
            format!("{from} {verb} {to}")
        }));
        let (rating, because) =
            judgment_support(link.evidence.grade(), link.evidence.strongest_stance());
        let fails_if = match sensitivity
            .links
            .iter()
            .find(|x| x.link == l)
            .and_then(|x| x.flips_at)
        {
            Some(at) => format!(
                "fails if its weight were {at:+.2} rather than {:+.2} (the verdict changes sign \
                 there)",
                carrier.weight
            ),
            None => format!(
                "cannot make the verdict fail alone: it holds at any weight in [−1, 1] (net {} \
                 without the link)",
                super::net_points(carrier.net_without)
            ),
        };
        all.push(Premise {
            premise,
            kind: PremiseKind::Judgment,
            rating,
            because,
            fails_if,
        });
    }
    let weights_quoted = model.stakeholders.iter().any(|st| st.evidence.is_cited());
    let mut values = 0;
    for outcome in &carriers.outcomes {
        if values == VALUE_PREMISES || outcome.share < VALUE_SHARE {
            continue;
        }
        let Some(j) = model.factors.iter().position(|f| f.id == outcome.factor) else {
            continue;
        };
        let signs: Vec<(usize, f64)> = judge
            .signs
            .iter()
            .map(|&(k, w)| (k, if k == j { 0.0 } else { w }))
            .collect();
        let without = judge.net(
            0,
            o,
            &Tweak {
                signs: Some(signs),
                ..Tweak::none()
            },
            s,
        );
        let label = super::in_sentence(model, &model.factors[j].label);
        let way = if outcome.contribution < 0.0 {
            "against"
        } else {
            "for"
        };
        let flips = (without > 0.0) != (net > 0.0) && without.abs() > band;
        all.push(Premise {
            premise: first_up(&format!(
                "{label} counts as much as the model weighs it: it carries {:.0}% of what moves, \
                 {way} the option",
                100.0 * outcome.share
            )),
            kind: PremiseKind::Value,
            rating: if weights_quoted {
                Support::WithCaveats
            } else {
                Support::Unsupported
            },
            because: if weights_quoted {
                "a weighting of the outcomes is a value judgment; some stakeholders' weights are \
                 quoted"
                    .to_owned()
            } else {
                "the outcomes' weights are the analyst's: no passage says how much each counts"
                    .to_owned()
            },
            fails_if: if flips {
                format!(
                    "fails if {label} is not weighed at all (net {} then)",
                    super::net_points(without)
                )
            } else {
                format!(
                    "cannot make the verdict fail alone: not weighed at all, the net is {}",
                    super::net_points(without)
                )
            },
        });
        values += 1;
    }
    all
}

/// `text` with its first letter upper-case: a premise is a sentence of its own.
pub(super) fn first_up(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// How a link's evidence supports it, and why.
fn judgment_support(grade: Grade, stance: Option<QuoteStance>) -> (Support, String) {
    match (grade, stance) {
        (Grade::Assumption, _) => (
            Support::Unsupported,
            "an analyst's assumption, with no passage".to_owned(),
        ),
        (Grade::Estimate, _) => (
            Support::WithCaveats,
            "quoted, but its strength is the analyst's estimate".to_owned(),
        ),
        (Grade::Ungraded, _) => (
            Support::WithCaveats,
            "quoted, but its quotes are not graded".to_owned(),
        ),
        (_, Some(QuoteStance::Author)) => (
            Support::Supported,
            "quoted as the author's own judgment".to_owned(),
        ),
        (_, Some(QuoteStance::Reported)) => {
            (Support::Supported, "quoted as a reported fact".to_owned())
        }
        (_, Some(QuoteStance::Hypothetical)) => (
            Support::WithCaveats,
            "quoted, but only as a what-if of the text".to_owned(),
        ),
        (_, Some(QuoteStance::Opposing)) => (
            Support::WithCaveats,
            "quoted, but from a view the text rejects".to_owned(),
        ),
        (_, None) => (
            Support::WithCaveats,
            "quoted, but its quotes are not graded".to_owned(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chains_premises_are_its_links_and_its_one_outcome() {
        // act → m → good (0.8 each, no passages): both links carry the verdict (without either
        // the net is 0), neither can make it fail alone within [−1, 1] except by crossing 0;
        // the one outcome carries everything, and without it nothing is weighed (net 0).
        let model = super::super::confidence::tests::chain(false);
        let judge = Judge::new(&model);
        let s = Settings::default();
        let carriers = super::super::carriers::carriers(&judge, 0, &s);
        let sensitivity = super::super::flip::sensitivity(&judge, 0, 0, &s);
        let p = premises(&judge, 0, &carriers, &sensitivity, 0.0, &s);
        let kinds: Vec<PremiseKind> = p.iter().map(|x| x.kind).collect();
        assert_eq!(
            kinds,
            [
                PremiseKind::Judgment,
                PremiseKind::Judgment,
                PremiseKind::Value
            ]
        );
        assert_eq!(p[0].premise, "Act raises M");
        assert_eq!(p[0].rating, Support::Unsupported);
        // The net changes sign where the link does: at 0.
        assert!(
            p[0].fails_if
                .starts_with("fails if its weight were +0.00 rather than +0.80"),
            "{}",
            p[0].fails_if
        );
        assert_eq!(
            p[2].premise,
            "Good counts as much as the model weighs it: it carries 100% of what moves, for the option"
        );
        assert_eq!(p[2].rating, Support::Unsupported);
        assert_eq!(
            p[2].fails_if,
            "cannot make the verdict fail alone: not weighed at all, the net is +0.0"
        );
    }
}
