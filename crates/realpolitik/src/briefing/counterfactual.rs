//! What would have to be true for the verdict to flip: the smallest plausible set of changes.
//!
//! "Plausible" is bounded by what the model itself admits. The candidate changes are:
//! - a **link** at either end of its stated uncertainty, or at the next linguistic term of the
//!   same sign on either side of its own (`+medium` → `+weak` or `+strong`), never across 0
//!   unless its own range crosses it; a link that rests on an analyst's assumption (no
//!   passage) may also be **absent**: nothing in the text rules that out, whatever interval
//!   the analyst gave it;
//! - a **mechanism** held at its lowest or highest state in both runs;
//! - one **judgment of an alternative encoding** adopted (its link replacing the base's);
//! - the outcomes **weighed as a stakeholder** would weigh them.
//!
//! A beam search ([`BEAM`] sets kept per size, at most [`MAX_CHANGES`] changes) looks for the
//! smallest set whose net score (nominal weights, no trigger) leaves the option's indifference
//! band ([`super::band`]) on the side opposite to the verdict's, preferring at each size the sets that move the net score furthest towards it.
//! Sets found this way are small, not provably smallest. When none flips the verdict, the set
//! that comes closest is reported with its net score. Each change is phrased in words (the
//! judgment's `claim` where the model gives one) with the passages it contradicts.

use rayon::prelude::*;
use schemars::JsonSchema;
use serde::Serialize;

use super::Passage;
use super::effects::stakeholder_signs;
use super::judge::{Judge, Tweak};
use crate::fcm::Settings;
use crate::model::{Grade, Judged, Model, Role};

/// Sets kept per size in the search.
pub const BEAM: usize = 3;
/// The largest set searched.
pub const MAX_CHANGES: usize = 4;
/// Single changes listed as the nearest.
pub const NEAREST: usize = 5;

/// The kind of a change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// A link's weight within its stated uncertainty or one term away.
    Link,
    /// A mechanism held at one of its ends.
    Mechanism,
    /// A judgment of an alternative encoding adopted.
    Alternative,
    /// Another weighting of the outcomes.
    Weights,
}

/// One plausible change.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct Change {
    /// Its kind.
    pub kind: ChangeKind,
    /// What would have to be true, in words.
    pub words: String,
    /// The judgment changed, e.g. "link coalition_stance → regime_capacity".
    pub judgment: Option<String>,
    /// The passages of the model that the change contradicts.
    pub contradicts: Vec<Passage>,
    /// For a link: its weight in the model and the weight it would have to have.
    pub weight: Option<(f64, f64)>,
    /// Its effect on the computation.
    #[serde(skip)]
    pub tweak: Tweak,
    /// What it touches, so that a set never changes one thing twice.
    #[serde(skip)]
    key: String,
}

/// A change and the net score with it alone.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct Nearest {
    /// The change.
    pub change: Change,
    /// The net score with it.
    pub net: f64,
}

/// What would have to be true for one option's verdict to flip.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct Counterfactual {
    /// The option.
    pub option: String,
    /// The verdict (no trigger).
    pub verdict: Judged,
    /// Its nominal net score.
    pub nominal_net: f64,
    /// Whether the set found flips the verdict: its net leaves the indifference band on the
    /// other side.
    pub flips: bool,
    /// The band's half-width (points) a flip must clear.
    pub band: f64,
    /// The set: the smallest found that flips it, or the one that comes closest.
    pub changes: Vec<Change>,
    /// The net score with the set.
    pub net_after: f64,
    /// The single changes that move the net score furthest towards a flip.
    pub nearest: Vec<Nearest>,
    /// Candidate changes searched.
    pub candidates: usize,
}

/// Searches what would flip option `o`'s verdict out past the band's half-width `band` (see
/// the module docs).
pub fn counterfactual(judge: &Judge<'_>, o: usize, s: &Settings, band: f64) -> Counterfactual {
    let nominal_net = judge.net(0, o, &Tweak::none(), s);
    let verdict = if nominal_net > 0.0 {
        Judged::Better
    } else {
        Judged::Worse
    };
    // Towards a flip is up for a "worse" verdict, down for a "better" one.
    let toward = |net: f64| if verdict == Judged::Better { -net } else { net };
    let candidates = candidates(judge);
    let score = |set: &[usize]| {
        let tweak = set
            .iter()
            .fold(Tweak::none(), |t, &k| t.and(&candidates[k].tweak));
        judge.net(0, o, &tweak, s)
    };
    let mut singles: Vec<(usize, f64)> = (0..candidates.len())
        .into_par_iter()
        .map(|k| (k, score(&[k])))
        .collect();
    singles.sort_by(|a, b| toward(b.1).total_cmp(&toward(a.1)).then(a.0.cmp(&b.0)));
    let nearest = singles
        .iter()
        .take(NEAREST)
        .map(|&(k, net)| Nearest {
            change: candidates[k].clone(),
            net,
        })
        .collect();

    let mut beam: Vec<(Vec<usize>, f64)> = singles
        .iter()
        .take(BEAM)
        .map(|&(k, net)| (vec![k], net))
        .collect();
    let mut best = beam.first().cloned().unwrap_or((Vec::new(), nominal_net));
    for size in 1..=MAX_CHANGES {
        if let Some(flip) = beam.iter().find(|(_, net)| toward(*net) > band) {
            best = flip.clone();
            break;
        }
        if let Some(top) = beam.first()
            && toward(top.1) > toward(best.1)
        {
            best = top.clone();
        }
        if size == MAX_CHANGES {
            break;
        }
        let mut next: Vec<(Vec<usize>, f64)> = beam
            .par_iter()
            .flat_map_iter(|(set, _)| {
                (0..candidates.len())
                    .filter(|&k| {
                        !set.contains(&k)
                            && set.iter().all(|&j| candidates[j].key != candidates[k].key)
                    })
                    .map(|k| {
                        let mut bigger = set.clone();
                        bigger.push(k);
                        bigger.sort_unstable();
                        bigger
                    })
                    .collect::<Vec<_>>()
            })
            .collect::<Vec<_>>()
            .into_par_iter()
            .map(|set| {
                let net = score(&set);
                (set, net)
            })
            .collect();
        next.sort_by(|a, b| toward(b.1).total_cmp(&toward(a.1)).then(a.0.cmp(&b.0)));
        next.dedup_by(|a, b| a.0 == b.0);
        next.truncate(BEAM);
        if next.is_empty() {
            break;
        }
        beam = next;
    }
    Counterfactual {
        option: judge.arms[0].options[o].option.clone(),
        verdict,
        nominal_net,
        flips: toward(best.1) > band,
        band,
        changes: best.0.iter().map(|&k| candidates[k].clone()).collect(),
        net_after: best.1,
        nearest,
        candidates: candidates.len(),
    }
}

/// Every plausible change of the model (see the module docs).
pub fn candidates(judge: &Judge<'_>) -> Vec<Change> {
    let model = judge.model;
    let mut all = Vec::new();
    for (l, link) in model.links.iter().enumerate() {
        for (value, name) in link_values(model, l) {
            let stronger = value.abs() > link.weight.nominal().abs();
            let old = link
                .term
                .clone()
                .unwrap_or_else(|| format!("{:+.2}", link.weight.nominal()));
            let words = if value == 0.0 && name == ABSENT {
                format!(
                    "{} does not act on {} at all (the model assumes it does, with no passage)",
                    super::in_sentence(model, &model.factors[link.from].label),
                    super::in_sentence(model, &model.factors[link.to].label)
                )
            } else {
                link_words(model, l, stronger, &name, &old)
            };
            all.push(Change {
                kind: ChangeKind::Link,
                words,
                judgment: Some(format!("link {}", pair(model, link.from, link.to))),
                contradicts: super::passages(model, &link.evidence),
                weight: Some((link.weight.nominal(), value)),
                tweak: Tweak {
                    links: vec![(link.from, link.to, value)],
                    ..Tweak::none()
                },
                key: format!("link {} {}", link.from, link.to),
            });
        }
    }
    for (f, factor) in model.factors.iter().enumerate() {
        if factor.role != Role::Mechanism {
            continue;
        }
        let into: Vec<Passage> = model
            .links
            .iter()
            .filter(|l| l.to == f)
            .flat_map(|l| super::passages(model, &l.evidence))
            .collect();
        for (value, state) in [
            (
                0.0,
                factor
                    .states
                    .first()
                    .map_or("at its lowest", String::as_str),
            ),
            (
                1.0,
                factor
                    .states
                    .last()
                    .map_or("at its highest", String::as_str),
            ),
        ] {
            all.push(Change {
                kind: ChangeKind::Mechanism,
                words: format!(
                    "{} stays {state}, whatever is chosen",
                    super::in_sentence(model, &factor.label)
                ),
                judgment: Some(format!("factor {}", factor.id)),
                contradicts: into.clone(),
                weight: None,
                tweak: Tweak {
                    held: vec![(f, value)],
                    ..Tweak::none()
                },
                key: format!("factor {f}"),
            });
        }
    }
    for alternative in &model.alternatives {
        for link in &alternative.links {
            let base = model
                .links
                .iter()
                .find(|l| (l.from, l.to) == (link.from, link.to));
            if link.when != base.and_then(|b| b.when) {
                // A condition the base link does not have cannot be adopted alone.
                continue;
            }
            let claim = link.claim.clone().unwrap_or_else(|| {
                format!(
                    "{} acts on {} at {}",
                    super::in_sentence(model, &model.factors[link.from].label),
                    super::in_sentence(model, &model.factors[link.to].label),
                    link.term
                        .clone()
                        .unwrap_or_else(|| format!("{:+.2}", link.weight.nominal()))
                )
            });
            all.push(Change {
                kind: ChangeKind::Alternative,
                words: format!(
                    "{claim} (as the counter-model “{}” has it)",
                    alternative.name
                ),
                judgment: Some(format!("link {}", pair(model, link.from, link.to))),
                contradicts: base.map_or_else(Vec::new, |b| super::passages(model, &b.evidence)),
                weight: Some((
                    base.map_or(0.0, |b| b.weight.nominal()),
                    link.weight.nominal(),
                )),
                tweak: Tweak {
                    links: vec![(link.from, link.to, link.weight.nominal())],
                    ..Tweak::none()
                },
                key: format!("link {} {}", link.from, link.to),
            });
        }
    }
    for st in &model.stakeholders {
        all.push(Change {
            kind: ChangeKind::Weights,
            words: format!(
                "the outcomes are weighed as {} would weigh them",
                super::as_clause(&st.name)
            ),
            judgment: Some(format!("weights of {}", st.id)),
            contradicts: Vec::new(),
            weight: None,
            tweak: Tweak {
                signs: Some(stakeholder_signs(model, &st.weights)),
                ..Tweak::none()
            },
            key: "weights".to_owned(),
        });
    }
    all
}

fn pair(model: &Model, from: usize, to: usize) -> String {
    format!("{} → {}", model.factors[from].id, model.factors[to].id)
}

/// The name of a link's plausible value 0 when it rests on an assumption: absent.
const ABSENT: &str = "absent";

/// The plausible other weights of link `l`, each with its name (a term, a number, or
/// [`ABSENT`]).
fn link_values(model: &Model, l: usize) -> Vec<(f64, String)> {
    let link = &model.links[l];
    let nominal = link.weight.nominal();
    let (low, high) = link.weight.bounds();
    let mut values: Vec<(f64, String)> = [low, high]
        .into_iter()
        .map(|v| (v, format!("{v:+.2}")))
        .collect();
    if let Some(term) = &link.term {
        // The terms of the same sign, weakest first: one step either side.
        let same_sign = same_sign_terms(model, nominal);
        if let Some(i) = same_sign.iter().position(|(_, n)| n == term) {
            for j in [i.wrapping_sub(1), i + 1] {
                if let Some(&(v, name)) = same_sign.get(j) {
                    values.push((v, name.to_owned()));
                }
            }
        }
    }
    if link.evidence.grade() == Grade::Assumption {
        // An absent link first, so that it is the one kept where a range end is also 0.
        values.insert(0, (0.0, ABSENT.to_owned()));
    }
    values.retain(|(v, _)| (v - nominal).abs() > 1e-9);
    values.sort_by(|a, b| a.0.total_cmp(&b.0));
    values.dedup_by(|a, b| (a.0 - b.0).abs() < 1e-9);
    values
}

/// The model's terms with the sign of `weight` (none for 0), weakest first: the scale a
/// judgment moves along one step at a time.
pub(super) fn same_sign_terms(model: &Model, weight: f64) -> Vec<(f64, &str)> {
    let mut terms: Vec<(f64, &str)> = model
        .terms
        .iter()
        .map(|t| (t.fuzzy.nominal(), t.name.as_str()))
        .filter(|(v, _)| *v != 0.0 && v.signum() == weight.signum())
        .collect();
    terms.sort_by(|a, b| a.0.abs().total_cmp(&b.0.abs()));
    terms
}

fn link_words(model: &Model, l: usize, stronger: bool, new: &str, old: &str) -> String {
    let link = &model.links[l];
    let degree = if stronger { "more" } else { "less" };
    match &link.claim {
        Some(claim) => format!("{claim}, {degree} strongly than the model says ({new}, not {old})"),
        None => {
            let push = if link.weight.nominal() >= 0.0 {
                "raises"
            } else {
                "lowers"
            };
            format!(
                "{} {push} {} {degree} than the model says ({new}, not {old})",
                super::in_sentence(model, &model.factors[link.from].label),
                super::in_sentence(model, &model.factors[link.to].label)
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_terms_plausible_values_are_its_range_and_its_neighbours() {
        let model = crate::example_model();
        // carbon_price → emissions is "-strong": the triangle [-1, -0.75, -0.5], so its range
        // ends are -1 and -0.5, and its neighbours -medium (-0.5) and -very_strong.
        let values = link_values(&model, 0);
        let crisp: Vec<f64> = values.iter().map(|v| v.0).collect();
        let very_strong = model
            .terms
            .iter()
            .find(|t| t.name == "-very_strong")
            .unwrap()
            .fuzzy
            .nominal();
        let mut expected = vec![-1.0, very_strong, -0.5];
        expected.sort_by(f64::total_cmp);
        assert_eq!(crisp, expected);
    }

    #[test]
    fn a_link_that_rests_on_an_assumption_may_be_absent() {
        let model = crate::example_model();
        // gas_shock → emissions (0.3, exact) is an assumption with no passage: besides its
        // own value, the only plausible one is no link at all.
        assert_eq!(link_values(&model, 2), [(0.0, ABSENT.to_owned())]);
        let judge = Judge::new(&model);
        let absent = candidates(&judge)
            .into_iter()
            .find(|c| c.weight == Some((0.3, 0.0)))
            .expect("the absent link is a candidate");
        assert_eq!(
            absent.words,
            "Gas price shock does not act on Emissions at all (the model assumes it does, with \
             no passage)"
        );
        // The quoted carbon_price → emissions is never absent.
        assert!(link_values(&model, 0).iter().all(|(v, _)| *v != 0.0));
    }

    #[test]
    fn the_examples_verdict_flips_only_by_weakening_its_one_link_beyond_reason() {
        let model = crate::example_model();
        let judge = Judge::new(&model);
        let c = counterfactual(&judge, 0, &Settings::default(), 0.0);
        assert_eq!(c.verdict, Judged::Better);
        // Within plausible bounds the price still lowers emissions: nothing flips it. The
        // change that comes closest weakens the price's effect on emissions to -0.5.
        assert!(!c.flips);
        assert!(c.net_after > 0.0);
        let first = &c.nearest[0];
        assert_eq!(first.change.kind, ChangeKind::Link);
        assert!(
            first
                .change
                .words
                .contains("carbon price lowers Emissions less"),
            "{}",
            first.change.words
        );
        assert_eq!(first.change.contradicts.len(), 1);
        assert!(first.net < c.nominal_net);
    }

    #[test]
    fn a_flip_must_clear_the_indifference_band() {
        // act → good "+weak", act → bad "+medium", each outcome weighing 1: worse. Each link
        // moved alone to its nearest plausible value ties the two at net 0, which flips
        // nothing; both together (good at +0.5, bad at +0.25) give
        // 100 · (σ(0.5) − σ(0.25)) / 2 = +3.014 points, the most any set reaches. Both are
        // quoted, so neither may be absent.
        let text = "[model]\ntitle = \"t\"\nquestion = \"act?\"\n\
            [[model.sources]]\nid = \"a\"\ntitle = \"A's paper\"\n\
            [[factors]]\nid = \"act\"\nlabel = \"Act\"\nrole = \"lever\"\n\
            [[factors]]\nid = \"good\"\nlabel = \"Good\"\nrole = \"outcome\"\ndesired = \"high\"\n\
            [[factors]]\nid = \"bad\"\nlabel = \"Bad\"\nrole = \"outcome\"\ndesired = \"low\"\n\
            [[links]]\nfrom = \"act\"\nto = \"good\"\nweight = \"+weak\"\n\
            source = \"a\"\nquote = \"Acting does some good.\"\nstance = \"author\"\n\
            [[links]]\nfrom = \"act\"\nto = \"bad\"\nweight = \"+medium\"\n\
            source = \"a\"\nquote = \"Acting does more harm.\"\nstance = \"author\"\n\
            [[options]]\nid = \"wait\"\nname = \"Wait\"\nstatus_quo = true\nclamp = { act = 0.0 }\n\
            [[options]]\nid = \"go\"\nname = \"Go\"\nclamp = { act = 1.0 }\n";
        let model = crate::model::from_text(text).model;
        let judge = Judge::new(&model);
        let s = Settings::default();
        let at_zero = counterfactual(&judge, 0, &s, 0.0);
        assert_eq!(at_zero.verdict, Judged::Worse);
        assert!(at_zero.flips, "{at_zero:?}");
        assert_eq!(at_zero.changes.len(), 2);
        assert!(
            (at_zero.net_after - 3.0140).abs() < 1e-3,
            "{}",
            at_zero.net_after
        );
        // A band of 3.1 points: nothing plausible clears it.
        let wider = counterfactual(&judge, 0, &s, 3.1);
        assert_eq!(wider.band, 3.1);
        assert!(!wider.flips);
        assert!((wider.net_after - at_zero.net_after).abs() < 1e-12);
    }
}
