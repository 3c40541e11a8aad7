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
//! **Signposts** are the model's `indicators`, each computed by moving what it bears on the way
//! it says, against the status quo: a link to the stronger or weaker end of its stated range; a
//! factor (not a lever, which the options set) moved [`SHIFT`] of the way from its status-quo
//! level to its high or low end in both runs, keeping the option's own effect on it
//! ([`Tweak::shifted`]; holding it instead would cut every path through it, so that both
//! directions would weaken the verdict); a trigger fired. Each is also computed the opposite
//! way: a signpost is **diagnostic** when its two directions move the net score opposite
//! ways (Heuer: evidence consistent with both readings does not discriminate), and a pair
//! that moves it the same way is flagged, as `check`'s review does.

use schemars::JsonSchema;
use serde::Serialize;

use super::Passage;
use super::counterfactual::{ChangeKind, Counterfactual};
use super::flip::Sensitivity;
use super::judge::{Judge, Tweak};
use crate::fcm::Settings;
use crate::model::{Grade, Indicator, Judged, Means, QuoteStance, Role};

/// The most key assumptions listed per option.
pub const KEY_ASSUMPTIONS: usize = 6;
/// A swing smaller than this share of |nominal net| does not make a judgment key.
pub const MIN_SWING_SHARE: f64 = 0.05;
/// How far a factor indicator moves its factor: this share of the way from its status-quo
/// level to the end it points to (halfway: a clear move that stays inside the range).
pub const SHIFT: f64 = 0.5;

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
    /// When it counts as seen, as the model states it.
    pub threshold: Option<String>,
    /// Where things stand now, as the model states it.
    pub baseline: Option<String>,
    /// By when it should be seen.
    pub by: Option<String>,
    /// The net score if it is seen (None when the model cannot say).
    pub net_if_seen: Option<f64>,
    /// The net score if the opposite is seen (the link or factor moved the other way; for a
    /// trigger, not firing).
    pub net_if_opposite: Option<f64>,
    /// What seeing it does to the verdict.
    pub moves: Moves,
    /// Whether it discriminates: it and its opposite move the net score opposite ways.
    pub diagnostic: bool,
    /// Where the indicator's meaning is written in the model file.
    #[serde(skip)]
    pub span: crate::model::Span,
}

impl Signpost {
    fn new(
        indicator: &Indicator,
        bears_on: String,
        nominal: f64,
        nets: (Option<f64>, Option<f64>),
    ) -> Signpost {
        let (seen, opposite) = nets;
        let side = |n: Option<f64>| n.map_or(0.0, |n| n - nominal);
        let (a, b) = (side(seen), side(opposite));
        Signpost {
            watch: indicator.watch.clone(),
            means: indicator.means,
            bears_on,
            threshold: indicator.threshold.clone(),
            baseline: indicator.baseline.clone(),
            by: indicator.by.clone(),
            net_if_seen: seen,
            net_if_opposite: opposite,
            moves: seen.map_or(Moves::Nothing, |n| Moves::of(nominal, n)),
            diagnostic: a.abs() > NO_MOVE && b.abs() > NO_MOVE && (a > 0.0) != (b > 0.0),
            span: indicator.span.clone(),
        }
    }
}

impl Signpost {
    /// Its threshold, baseline and time frame in a few words ("when …; now …; by …"), if the
    /// model gives any.
    pub fn terms(&self) -> Option<String> {
        let parts: Vec<String> = [
            ("when", &self.threshold),
            ("now", &self.baseline),
            ("by", &self.by),
        ]
        .into_iter()
        .filter_map(|(word, v)| v.as_ref().map(|v| format!("{word} {v}")))
        .collect();
        (!parts.is_empty()).then(|| parts.join("; "))
    }
}

/// A net score within this of another has not moved.
const NO_MOVE: f64 = 1e-9;

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
    /// The premises of the argument: what must be true for the verdict to hold, rated by
    /// their evidence, with what would make each fail ([`super::premises`]).
    pub premises: Vec<super::premises::Premise>,
    /// What to watch.
    pub signposts: Vec<Signpost>,
}

/// The key assumptions and signposts of option `o` (see the module docs).
pub fn assumptions(
    judge: &Judge<'_>,
    o: usize,
    sensitivity: &Sensitivity,
    counterfactual: &Counterfactual,
    carriers: &super::carriers::Carriers,
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
    let signposts = signposts(judge, o, s);
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
        premises: super::premises::premises(
            judge,
            o,
            carriers,
            sensitivity,
            counterfactual.band,
            s,
        ),
        signposts,
    }
}

/// The signposts of option `o`: every indicator of the model, computed as the module docs say.
pub fn signposts(judge: &Judge<'_>, o: usize, s: &Settings) -> Vec<Signpost> {
    let model = judge.model;
    let nominal = judge.net(0, o, &Tweak::none(), s);
    let mut signposts = Vec::new();
    for (l, link) in model.links.iter().enumerate() {
        if link.indicators.is_empty() {
            continue;
        }
        let u = &judge.map.weights[l];
        let at = |v: f64| {
            let tweak = Tweak {
                links: vec![(u.from, u.to, v)],
                ..Tweak::none()
            };
            judge.net(0, o, &tweak, s)
        };
        // The end of the stated range with the larger magnitude is "stronger".
        let (low, high) = u.weight.bounds();
        let (stronger, weaker) = if high.abs() >= low.abs() {
            (high, low)
        } else {
            (low, high)
        };
        let (stronger, weaker) = (at(stronger), at(weaker));
        for indicator in &link.indicators {
            let nets = match indicator.means {
                Means::Stronger => (stronger, weaker),
                _ => (weaker, stronger),
            };
            let bears_on = format!("link {}", super::flip::link_name(model, l));
            signposts.push(Signpost::new(
                indicator,
                bears_on,
                nominal,
                (Some(nets.0), Some(nets.1)),
            ));
        }
    }
    for (f, factor) in model.factors.iter().enumerate() {
        for indicator in &factor.indicators {
            let up = indicator.means == Means::Higher;
            let nets = match factor.role {
                Role::Lever => (None, None),
                Role::Trigger => {
                    let fired = fired_arm(judge, f).map(|c| judge.net(c, o, &Tweak::none(), s));
                    if up {
                        (fired, Some(nominal))
                    } else {
                        (Some(nominal), fired)
                    }
                }
                _ => {
                    let shifted = |share: f64| {
                        let tweak = Tweak {
                            shifted: vec![(f, share)],
                            ..Tweak::none()
                        };
                        judge.net(0, o, &tweak, s)
                    };
                    let (seen, opposite) = if up { (SHIFT, -SHIFT) } else { (-SHIFT, SHIFT) };
                    (Some(shifted(seen)), Some(shifted(opposite)))
                }
            };
            signposts.push(Signpost::new(
                indicator,
                format!("factor {}", factor.id),
                nominal,
                nets,
            ));
        }
    }
    // Those that would move the verdict most first.
    let moved = |x: &Signpost| x.net_if_seen.map_or(0.0, |n| (n - nominal).abs());
    signposts.sort_by(|a, b| moved(b).total_cmp(&moved(a)));
    signposts
}

/// The condition under which the trigger that sets factor `f` has fired, if one does.
fn fired_arm(judge: &Judge<'_>, f: usize) -> Option<usize> {
    let model = judge.model;
    judge.arms.iter().position(|a| {
        a.trigger.as_ref().is_some_and(|t| {
            model
                .triggers
                .iter()
                .find(|x| &x.id == t)
                .is_some_and(|x| x.clamps.iter().any(|c| c.factor == f))
        })
    })
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
    fn signposts_move_what_they_bear_on_and_say_whether_they_discriminate() {
        // act → m → good (0.8 each, the second an interval [0.6, 1.0]); see the judge's tests
        // for the nets by hand: 3.591 nominal, 3.395 with m moved halfway up, 3.726 halfway
        // down.
        let text = "[model]\ntitle = \"chain\"\nquestion = \"act?\"\n\
             [[factors]]\nid = \"act\"\nlabel = \"Act\"\nrole = \"lever\"\n\
             [[factors]]\nid = \"m\"\nlabel = \"M\"\nrole = \"mechanism\"\n\
             indicators = [{ watch = \"m rises\", means = \"higher\", threshold = \"two reports\", by = \"June\" }]\n\
             [[factors]]\nid = \"good\"\nlabel = \"Good\"\nrole = \"outcome\"\ndesired = \"high\"\n\
             [[links]]\nfrom = \"act\"\nto = \"m\"\nweight = 0.8\n\
             indicators = [{ watch = \"exact link seen stronger\", means = \"stronger\" }]\n\
             [[links]]\nfrom = \"m\"\nto = \"good\"\nweight = [0.6, 1.0]\n\
             indicators = [{ watch = \"good follows m closely\", means = \"stronger\" }]\n\
             [[options]]\nid = \"wait\"\nname = \"Wait\"\nstatus_quo = true\nclamp = { act = 0.0 }\n\
             [[options]]\nid = \"go\"\nname = \"Go\"\nclamp = { act = 1.0 }\n";
        let model = crate::model::from_text(text).model;
        let judge = Judge::new(&model);
        let s = Settings::default();
        let posts = signposts(&judge, 0, &s);
        let find = |w: &str| posts.iter().find(|p| p.watch == w).unwrap();
        // The factor moved halfway up in both runs: the net falls, and moving it down would
        // raise it, so the indicator discriminates.
        let m = find("m rises");
        assert!((m.net_if_seen.unwrap() - 3.3953581506336317).abs() < 1e-3);
        assert!((m.net_if_opposite.unwrap() - 3.726354333257076).abs() < 1e-3);
        assert_eq!((m.moves, m.diagnostic), (Moves::Weakens, true));
        assert_eq!(m.terms().unwrap(), "when two reports; by June");
        // A link at the strong end of its range: the net rises; at the weak end it falls.
        let link = find("good follows m closely");
        assert_eq!(link.bears_on, "link m → good");
        assert!(link.net_if_seen.unwrap() > 3.6 && link.net_if_opposite.unwrap() < 3.5);
        assert_eq!((link.moves, link.diagnostic), (Moves::Strengthens, true));
        // An exact link has no range to move along: nothing moves, nothing is diagnosed.
        let exact = find("exact link seen stronger");
        assert_eq!((exact.moves, exact.diagnostic), (Moves::Nothing, false));
        // Those that move the verdict most come first.
        assert_eq!(posts[0].watch, "good follows m closely");
    }

    #[test]
    fn the_examples_key_assumption_carries_its_grade_and_signpost() {
        let model = crate::example_model();
        let judge = Judge::new(&model);
        let s = Settings::default();
        let sens = super::super::flip::sensitivity(&judge, 0, 0, &s);
        let cf = super::super::counterfactual::counterfactual(&judge, 0, &s, 0.0);
        let carriers = super::super::carriers::carriers(&judge, 0, &s);
        let a = assumptions(&judge, 0, &sens, &cf, &carriers, &s);
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
