//! Confidence, broken down by what it varies.
//!
//! "100 % of draws agree" measures only the arithmetic inside one structure, one transfer
//! function and one weighting of the outcomes. The breakdown asks the verdict on an option (its
//! direction with no trigger) to survive each of these in turn, and says for each line what it
//! varies, how many of its runs agree, and which depart:
//!
//! 1. **judgments**: the paired Monte Carlo over the stated uncertainty of the link weights
//!    ([`super::effects`]);
//! 2. **shared error**: the links that quote one source, one passage or one claim moved
//!    together one step weaker and one step stronger ([`super::shared_error`]): errors that
//!    share a cause do not average out;
//! 3. **counter-models**: each alternative encoding the model declares
//!    ([`crate::model::Alternative`]), on its nominal weights. One that changes none of the links
//!    that carry the verdict ([`super::carriers::Carriers::links`]) agrees by construction: it is
//!    listed as not contesting the verdict, not counted as agreeing;
//! 4. **structure**: variants the engine derives itself: each direct link out of the option's
//!    levers removed in turn, each mechanism held fixed at its status-quo value (it no longer
//!    responds to the option), and structure added: each link a counter-model has on a pair the
//!    model leaves empty, added alone;
//! 5. **baseline**: the status quo the option is compared with: each mechanism's level and
//!    each factor the status quo sets (and the option leaves alone) moved either way
//!    ([`super::baseline`]);
//! 6. **engine settings**: the FCM rules (Kosko, modified Kosko, rescaled) × transfer functions
//!    (sigmoid with λ ∈ [`LAMBDAS`], tanh with λ ∈ [`TANH_LAMBDAS`]);
//! 7. **scenarios**: the other engine: the cross-impact scenarios consistent with the option
//!    imposed against those with the status quo imposed, judged by the same outcomes
//!    ([`super::scenario_verdict`]); one reading, its sign compared;
//! 8. **values**: the weighting of the outcomes: each stakeholder's weights, and
//!    [`WEIGHT_DRAWS`] weightings drawn uniformly from the simplex (seeded).
//!
//! Lines 2–6 and 8 use nominal weights. A line's confidence is [`Confidence::of`] its share of
//! agreeing runs; the breakdown's is the lowest of its lines, so "high" is said only when every
//! line agrees.

use rand::RngExt;
use schemars::JsonSchema;
use serde::Serialize;

use super::Confidence;
use super::effects::stakeholder_signs;
use super::judge::{Judge, Tweak};
use crate::fcm::{Rule, Settings, Transfer};
use crate::model::{Judged, Role};
use crate::random::stream;

/// Sigmoid steepnesses tried.
pub const LAMBDAS: [f64; 5] = [0.5, 1.0, 2.0, 3.0, 5.0];
/// Tanh steepnesses tried.
pub const TANH_LAMBDAS: [f64; 3] = [0.5, 1.0, 2.0];
/// Outcome weightings drawn from the simplex.
pub const WEIGHT_DRAWS: usize = 1000;
/// Separates the weight draws' streams from the Monte Carlo draws'.
const WEIGHT_STREAM: u64 = 0x005E_ED0F_7A1E;

/// What a line of the breakdown varies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Varies {
    /// The link weights within their stated uncertainty.
    Judgments,
    /// Links that share a source, a passage or a claim, moved together.
    SharedError,
    /// The model against its alternative encodings.
    CounterModels,
    /// Structural variants the engine derives.
    Structure,
    /// The status quo's levels.
    Baseline,
    /// FCM rules, transfer functions and steepness.
    Settings,
    /// The other engine: the CIB's scenarios under the option.
    Scenarios,
    /// The weighting of the outcomes.
    Values,
}

impl Varies {
    /// A short label for the line.
    pub fn label(self) -> &'static str {
        match self {
            Varies::Judgments => "judgments",
            Varies::SharedError => "shared error",
            Varies::CounterModels => "counter-models",
            Varies::Structure => "structure",
            Varies::Baseline => "baseline",
            Varies::Settings => "engine",
            Varies::Scenarios => "scenarios",
            Varies::Values => "values",
        }
    }
}

/// A run whose verdict departs from the line's majority, or from the verdict.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct Departure {
    /// What the run changed, in words.
    pub variant: String,
    /// Its net score.
    pub net: f64,
}

/// One line of the breakdown.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct Line {
    /// What it varies.
    pub varies: Varies,
    /// The same, in words, with the number of runs.
    pub what: String,
    /// Runs made (0: nothing to vary, e.g. no alternative encoding).
    pub runs: usize,
    /// Runs whose verdict agrees.
    pub agree: usize,
    /// `agree / runs` (1 when there are no runs).
    pub share: f64,
    /// The lowest and highest net score over the runs.
    pub net_range: (f64, f64),
    /// The runs that do not agree, largest departure first (at most [`MAX_DEPARTURES`]).
    pub departures: Vec<Departure>,
    /// Variants left out of the count because they cut every path from the option's levers
    /// to the judged outcomes (the structure line only): the verdict rests on each of them
    /// alone. Removing a chain's only link leaves nothing to compare; it does not disagree.
    pub rests_on: Vec<String>,
    /// Counter-models left out of the count because they change none of the links that carry
    /// the verdict (the counter-models line only): their agreement is built in.
    pub not_contesting: Vec<String>,
}

/// Departures listed per line.
pub const MAX_DEPARTURES: usize = 8;

/// The breakdown for one option.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct Breakdown {
    /// The option.
    pub option: String,
    /// The verdict tested (with no trigger).
    pub verdict: Judged,
    /// One line per kind of variation, in the order of the module docs; lines with no runs are
    /// kept, so a reader sees what could not be varied.
    pub lines: Vec<Line>,
    /// The robustness of the encoding: the lowest confidence of the lines with runs.
    pub robustness: Confidence,
    /// The analytic confidence: what the evidence of the links that carry the verdict
    /// supports, never above the robustness ([`super::analytic`]).
    pub analytic: super::analytic::Analytic,
}

/// A run: what it changed and its net score.
pub(super) type Run = (String, f64);

/// Whether a run's net score agrees with `verdict`: strictly on its side (a net of exactly 0
/// says neither).
fn agrees_with(verdict: Judged, net: f64) -> bool {
    match verdict {
        Judged::Better => net > 0.0,
        Judged::Worse => net < 0.0,
    }
}

pub(super) fn line(varies: Varies, what: String, verdict: Judged, runs: Vec<Run>) -> Line {
    let agrees = |net: f64| agrees_with(verdict, net);
    let agree = runs.iter().filter(|(_, n)| agrees(*n)).count();
    let net_range = runs
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), r| {
            (lo.min(r.1), hi.max(r.1))
        });
    let mut departures: Vec<Departure> = runs
        .iter()
        .filter(|(_, n)| !agrees(*n))
        .map(|(v, n)| Departure {
            variant: v.clone(),
            net: *n,
        })
        .collect();
    departures.sort_by(|a, b| b.net.abs().total_cmp(&a.net.abs()));
    departures.truncate(MAX_DEPARTURES);
    Line {
        varies,
        what,
        share: if runs.is_empty() {
            1.0
        } else {
            agree as f64 / runs.len() as f64
        },
        runs: runs.len(),
        agree,
        net_range: if runs.is_empty() {
            (0.0, 0.0)
        } else {
            net_range
        },
        departures,
        rests_on: Vec::new(),
        not_contesting: Vec::new(),
    }
}

/// The Monte Carlo line: `agree` of `draws` paired draws agree, nets from `low` to `high`.
pub fn judgments_line(draws: usize, agree: usize, net_range: (f64, f64)) -> Line {
    Line {
        varies: Varies::Judgments,
        what: format!("the link weights within their stated uncertainty ({draws} paired draws)"),
        runs: draws,
        agree,
        share: agree as f64 / draws.max(1) as f64,
        net_range,
        departures: Vec::new(),
        rests_on: Vec::new(),
        not_contesting: Vec::new(),
    }
}

/// The counter-models line from each alternative's (name, nominal net score, whether it
/// changes a link that carries the verdict) for this option. One that changes none of them and
/// agrees is listed in [`Line::not_contesting`], not counted: its agreement is built in (one
/// that reverses the verdict through structure of its own is counted).
pub fn counter_models_line(verdict: Judged, alternatives: Vec<(String, f64, bool)>) -> Line {
    let n = alternatives.len();
    let what = match n {
        0 => "the model against alternative encodings (the model declares none)".to_owned(),
        _ => format!("the model against its {n} alternative encoding(s)"),
    };
    let agrees = |net: f64| agrees_with(verdict, net);
    let (contesting, not): (Vec<_>, Vec<_>) =
        alternatives.into_iter().partition(|a| a.2 || !agrees(a.1));
    let runs = contesting
        .into_iter()
        .map(|(name, net, _)| (name, net))
        .collect();
    let mut l = line(Varies::CounterModels, what, verdict, runs);
    l.not_contesting = not.into_iter().map(|(name, _, _)| name).collect();
    l
}

/// The structure line: each direct link out of the option's levers removed, each mechanism
/// held at its status-quo value. A variant that leaves no path from the levers to a judged
/// outcome is not a run: the verdict rests on it alone ([`Line::rests_on`]).
pub fn structure_line(judge: &Judge<'_>, o: usize, verdict: Judged, s: &Settings) -> Line {
    let model = judge.model;
    let mut runs = Vec::new();
    let mut rests_on = Vec::new();
    for l in &model.links {
        if judge.is_lever_of(0, o, l.from) {
            let name = format!(
                "the link {} → {}",
                model.factors[l.from].label, model.factors[l.to].label
            );
            if !reaches_an_outcome(judge, o, Some((l.from, l.to)), None) {
                rests_on.push(name);
                continue;
            }
            let tweak = Tweak {
                links: vec![(l.from, l.to, 0.0)],
                ..Tweak::none()
            };
            runs.push((format!("without {name}"), judge.net(0, o, &tweak, s)));
        }
    }
    let baseline = judge.baseline(0, s);
    for (f, factor) in model.factors.iter().enumerate() {
        if factor.role == Role::Mechanism {
            if !reaches_an_outcome(judge, o, None, Some(f)) {
                rests_on.push(format!("{} responding to the option", factor.label));
                continue;
            }
            let tweak = Tweak {
                held: vec![(f, baseline[f])],
                ..Tweak::none()
            };
            let name = format!("{} not responding to the option", factor.label);
            runs.push((name, judge.net(0, o, &tweak, s)));
        }
    }
    // Structure added, not only removed: each link a counter-model has on a pair the model
    // leaves empty, added alone (a conditional one cannot be added as a plain weight).
    for alternative in &model.alternatives {
        for link in &alternative.links {
            let base = model
                .links
                .iter()
                .any(|l| (l.from, l.to) == (link.from, link.to));
            if base || link.is_conditional() || link.when.is_some() || link.weight.nominal() == 0.0
            {
                continue;
            }
            let tweak = Tweak {
                links: vec![(link.from, link.to, link.weight.nominal())],
                ..Tweak::none()
            };
            let name = format!(
                "with the link {} → {} of the counter-model “{}” added",
                model.factors[link.from].label, model.factors[link.to].label, alternative.name
            );
            runs.push((name, judge.net(0, o, &tweak, s)));
        }
    }
    let what = format!(
        "the structure: each direct link out of the option's levers removed, each mechanism held \
         at its status-quo value, each counter-model link the model lacks added ({} variants{})",
        runs.len(),
        match rests_on.len() {
            0 => String::new(),
            k => format!("; {k} more cut every path to the outcomes and are not counted"),
        }
    );
    Line {
        rests_on,
        ..line(Varies::Structure, what, verdict, runs)
    }
}

/// Whether some judged outcome of option `o` is still reachable from its levers over the
/// non-zero nominal links, without the link `removed` and without passing through `held`.
fn reaches_an_outcome(
    judge: &Judge<'_>,
    o: usize,
    removed: Option<(usize, usize)>,
    held: Option<usize>,
) -> bool {
    let w = judge.map.nominal();
    let n = w.n();
    let levers: Vec<usize> = (0..n).filter(|&f| judge.is_lever_of(0, o, f)).collect();
    let reached = super::carriers::breadth_first(n, &levers, |from| {
        if Some(from) == held {
            return Vec::new();
        }
        (0..n)
            .filter(|&to| w.get(from, to) != 0.0 && Some((from, to)) != removed && Some(to) != held)
            .collect()
    });
    judge
        .signs
        .iter()
        .any(|&(j, sign)| sign != 0.0 && reached[j].is_some() && !levers.contains(&j))
}

/// The FCM settings tried: every rule × sigmoid λ ∈ [`LAMBDAS`] and tanh λ ∈ [`TANH_LAMBDAS`].
pub fn engine_settings(base: &Settings) -> Vec<(String, Settings)> {
    let mut all = Vec::new();
    for rule in Rule::ALL {
        let transfers = LAMBDAS
            .iter()
            .map(|&l| (Transfer::Sigmoid, l))
            .chain(TANH_LAMBDAS.iter().map(|&l| (Transfer::Tanh, l)));
        for (transfer, lambda) in transfers {
            let name = format!("{} rule, {} λ = {lambda}", rule.name(), transfer.name());
            all.push((
                name,
                Settings {
                    rule,
                    transfer,
                    lambda,
                    ..base.clone()
                },
            ));
        }
    }
    all
}

/// The settings line.
pub fn settings_line(judge: &Judge<'_>, o: usize, verdict: Judged, base: &Settings) -> Line {
    let mut runs: Vec<Run> = engine_settings(base)
        .into_iter()
        .map(|(name, s)| {
            let net = judge.net(0, o, &Tweak::none(), &s);
            (name, net)
        })
        .collect();
    runs.push((
        "a path-length-neutral reading (Kosko's fuzzy causal algebra)".into(),
        super::neutral::reading(judge, o).net,
    ));
    let what = format!(
        "the FCM engine: {} rules × sigmoid λ {} and tanh λ {}, and a reading without \
         path-length damping ({} readings)",
        Rule::ALL.len(),
        join(&LAMBDAS),
        join(&TANH_LAMBDAS),
        runs.len()
    );
    line(Varies::Settings, what, verdict, runs)
}

fn join(xs: &[f64]) -> String {
    xs.iter().map(f64::to_string).collect::<Vec<_>>().join("/")
}

/// The scenarios line: the CIB's verdict on the option, one reading when it has a net.
pub fn scenarios_line(verdict: Judged, cib: &super::scenario_verdict::ScenarioVerdict) -> Line {
    let what = match (cib.net, &cib.why_not) {
        (Some(_), _) => format!(
            "the method: the cross-impact scenarios consistent with the option imposed ({}) \
             against those with the status quo imposed ({}), each judged outcome read at its \
             state's place in its range (1 reading)",
            cib.scenarios, cib.status_quo_scenarios
        ),
        (None, why) => format!(
            "the method: no cross-impact reading ({})",
            why.as_deref().unwrap_or("none")
        ),
    };
    let runs = cib
        .net
        .map(|net| vec![("the cross-impact scenarios".to_owned(), net)])
        .unwrap_or_default();
    line(Varies::Scenarios, what, verdict, runs)
}

/// The values line: each stakeholder's weights, and [`WEIGHT_DRAWS`] weightings drawn from the
/// simplex over the judged outcomes. Returns the line and the share of the simplex that agrees.
pub fn values_line(
    judge: &Judge<'_>,
    o: usize,
    verdict: Judged,
    s: &Settings,
    seed: u64,
) -> (Line, f64) {
    let effects = judge.effects(0, o, &Tweak::none(), s);
    let model = judge.model;
    let net_with = |signs: &[(usize, f64)]| super::effects::net_score(&effects, signs);
    let mut runs: Vec<Run> = model
        .stakeholders
        .iter()
        .map(|st| {
            let signs = stakeholder_signs(model, &st.weights);
            (
                format!("as {} weighs the outcomes", st.name),
                net_with(&signs),
            )
        })
        .collect();
    let judged: Vec<(usize, f64)> = judge
        .signs
        .iter()
        .filter(|(_, s)| *s != 0.0)
        .map(|&(j, s)| (j, s.signum()))
        .collect();
    let simplex_agree = (0..WEIGHT_DRAWS)
        .filter(|&k| {
            let mut rng = stream(seed ^ WEIGHT_STREAM, k as u64);
            // Uniform on the simplex: normalised exponential draws (the normalisation cancels
            // in the net score).
            let signs: Vec<(usize, f64)> = judged
                .iter()
                .map(|&(j, sign)| (j, sign * -(1.0 - rng.random::<f64>()).ln()))
                .collect();
            agrees_with(verdict, net_with(&signs))
        })
        .count();
    let simplex_share = simplex_agree as f64 / WEIGHT_DRAWS as f64;
    let stakeholders = runs.len();
    runs.push(("the model's own weights".to_owned(), net_with(&judge.signs)));
    let what = format!(
        "the weighting of the outcomes: the model's, {stakeholders} stakeholder(s)' (the verdict \
         holds on {:.0}% of {WEIGHT_DRAWS} random weightings)",
        100.0 * simplex_share
    );
    (line(Varies::Values, what, verdict, runs), simplex_share)
}

/// The breakdown's confidence: the lowest of its lines that have runs.
pub fn overall(lines: &[Line]) -> Confidence {
    lines
        .iter()
        .filter(|l| l.runs > 0)
        .map(|l| Confidence::of(l.share))
        .reduce(Confidence::lower)
        .unwrap_or(Confidence::Low)
}

#[cfg(test)]
pub(in crate::briefing) mod tests {
    use super::*;

    #[test]
    fn a_line_counts_agreeing_runs_and_lists_departures_largest_first() {
        let runs = vec![
            ("a".to_owned(), -2.0),
            ("b".to_owned(), 1.0),
            ("c".to_owned(), -0.5),
            ("d".to_owned(), 3.0),
        ];
        let l = line(Varies::Structure, "x".into(), Judged::Worse, runs.clone());
        assert_eq!((l.runs, l.agree, l.share), (4, 2, 0.5));
        assert_eq!(l.net_range, (-2.0, 3.0));
        let names: Vec<&str> = l.departures.iter().map(|d| d.variant.as_str()).collect();
        assert_eq!(names, ["d", "b"]);
        // A net of exactly 0 agrees with neither verdict.
        let mut runs = runs;
        runs.push(("e".to_owned(), 0.0));
        let worse = line(Varies::Structure, "x".into(), Judged::Worse, runs.clone());
        let better = line(Varies::Structure, "x".into(), Judged::Better, runs);
        assert_eq!((worse.agree, better.agree), (2, 2));
    }

    #[test]
    fn a_counter_model_that_leaves_the_carrying_links_alone_is_not_counted() {
        let l = counter_models_line(
            Judged::Worse,
            vec![
                ("contests".into(), 0.5, true),
                ("agrees by construction".into(), -1.0, false),
                ("reverses through its own links".into(), 0.2, false),
            ],
        );
        assert_eq!((l.runs, l.agree), (2, 0));
        assert_eq!(l.net_range, (0.2, 0.5));
        assert_eq!(l.not_contesting, ["agrees by construction"]);
        // With none contesting there is nothing to count: the line has no runs.
        let l = counter_models_line(Judged::Worse, vec![("a".into(), -1.0, false)]);
        assert_eq!((l.runs, l.share), (0, 1.0));
    }

    #[test]
    fn the_scenarios_line_compares_the_cibs_sign_or_says_why_it_has_none() {
        let mut cib = super::super::scenario_verdict::ScenarioVerdict {
            option: "go".into(),
            net: Some(-13.0),
            scenarios: 6,
            status_quo_scenarios: 8,
            why_not: None,
        };
        let l = scenarios_line(Judged::Worse, &cib);
        assert_eq!((l.runs, l.agree, l.net_range), (1, 1, (-13.0, -13.0)));
        assert!(
            l.what
                .contains("imposed (6) against those with the status quo imposed (8)")
        );
        let l = scenarios_line(Judged::Better, &cib);
        assert_eq!((l.runs, l.agree, l.departures.len()), (1, 0, 1));
        cib.net = None;
        cib.why_not = Some("no scenario is consistent with the option imposed".into());
        let l = scenarios_line(Judged::Better, &cib);
        assert_eq!((l.runs, l.share), (0, 1.0));
        assert!(
            l.what
                .ends_with("(no scenario is consistent with the option imposed)")
        );
    }

    #[test]
    fn high_confidence_needs_every_line() {
        let with = |share: f64| Line {
            varies: Varies::Values,
            what: String::new(),
            runs: 10,
            agree: (share * 10.0) as usize,
            share,
            net_range: (0.0, 0.0),
            departures: Vec::new(),
            rests_on: Vec::new(),
            not_contesting: Vec::new(),
        };
        assert_eq!(overall(&[with(1.0), with(1.0)]), Confidence::High);
        assert_eq!(overall(&[with(1.0), with(0.9)]), Confidence::Moderate);
        assert_eq!(overall(&[with(1.0), with(0.0)]), Confidence::Low);
        let mut none = with(0.0);
        none.runs = 0;
        assert_eq!(overall(&[with(1.0), none]), Confidence::High);
    }

    #[test]
    fn the_example_under_every_setting_structure_and_weighting() {
        let model = crate::example_model();
        let judge = Judge::new(&model);
        let s = Settings::default();
        // The price lowers emissions under every rule and transfer function.
        let l = settings_line(&judge, 0, Judged::Better, &s);
        // The path-length-neutral reading agrees too: one link, −0.75 · Δ0.5 on emissions.
        assert_eq!((l.runs, l.agree), (25, 25));
        // Removing the price's link to emissions cuts its only path to the one judged outcome:
        // the verdict rests on it, and it is not counted against it (issue 28: a chain's only
        // link is not disagreement). Removing its link to coal jobs, or holding coal jobs,
        // changes nothing.
        let l = structure_line(&judge, 0, Judged::Better, &s);
        assert_eq!((l.runs, l.agree), (2, 2));
        assert_eq!(l.rests_on, ["the link Carbon price → Emissions"]);
        assert!(l.departures.is_empty());
        // One judged outcome: every weighting agrees.
        let (l, share) = values_line(&judge, 0, Judged::Better, &s, 1);
        assert_eq!((l.runs, l.agree, share), (1, 1, 1.0));
    }

    /// A chain lever → m → outcome, and a second route lever → outcome directly when `direct`.
    pub(in crate::briefing) fn chain(direct: bool) -> crate::model::Model {
        let mut text = String::from(
            "[model]\ntitle = \"chain\"\nquestion = \"act?\"\n\
             [[factors]]\nid = \"act\"\nlabel = \"Act\"\nrole = \"lever\"\n\
             [[factors]]\nid = \"m\"\nlabel = \"M\"\nrole = \"mechanism\"\n\
             [[factors]]\nid = \"good\"\nlabel = \"Good\"\nrole = \"outcome\"\ndesired = \"high\"\n\
             [[links]]\nfrom = \"act\"\nto = \"m\"\nweight = 0.8\n\
             [[links]]\nfrom = \"m\"\nto = \"good\"\nweight = 0.8\n\
             [[options]]\nid = \"wait\"\nname = \"Wait\"\nstatus_quo = true\nclamp = { act = 0.0 }\n\
             [[options]]\nid = \"go\"\nname = \"Go\"\nclamp = { act = 1.0 }\n",
        );
        if direct {
            text.push_str("[[links]]\nfrom = \"act\"\nto = \"good\"\nweight = 0.2\n");
        }
        crate::model::from_text(&text).model
    }

    #[test]
    fn cutting_a_chains_only_path_is_not_disagreement() {
        let s = Settings::default();
        // One path: removing its first link or holding its mechanism leaves nothing to
        // compare (net 0), which is not a vote against "better"; the verdict rests on both.
        let model = chain(false);
        let judge = Judge::new(&model);
        let l = structure_line(&judge, 0, Judged::Better, &s);
        assert_eq!((l.runs, l.agree), (0, 0));
        assert_eq!(
            l.rests_on,
            ["the link Act → M", "M responding to the option"]
        );
        assert!(l.departures.is_empty());
        // A counter-model's link on a pair the model leaves empty is added alone: act → good
        // at −0.9 turns the chain around. By hand (Kosko's rule, sigmoid λ = 1): with act = 1,
        // m = σ(0.8) = 0.68997 and good = σ(0.8 · 0.68997 − 0.9) = 0.41386; with act = 0,
        // m = 0.5 and good = σ(0.4) = 0.59869: net −18.48 points, a departure.
        let mut with_alternative = model.clone();
        with_alternative.alternatives = vec![crate::model::Alternative {
            id: "against".into(),
            name: "Against".into(),
            title: "Against".into(),
            description: None,
            path: String::new(),
            links: vec![crate::model::Link {
                from: 0,
                to: 2,
                weight: crate::model::Quantity::Exact { value: -0.9 },
                term: None,
                when: None,
                requires: None,
                scaled_by: None,
                evidence: crate::model::Evidence::default(),
                claim: None,
                indicators: Vec::new(),
            }],
            judgments: Vec::new(),
        }];
        let judge = Judge::new(&with_alternative);
        let l = structure_line(&judge, 0, Judged::Better, &s);
        assert_eq!((l.runs, l.agree), (1, 0));
        assert_eq!(
            l.departures[0].variant,
            "with the link Act → Good of the counter-model “Against” added"
        );
        assert!(
            (l.departures[0].net + 18.4825).abs() < 1e-3,
            "{}",
            l.departures[0].net
        );
        // With a direct link too, each cut leaves the other route: both are runs, and both
        // still say better.
        let model = chain(true);
        let judge = Judge::new(&model);
        let l = structure_line(&judge, 0, Judged::Better, &s);
        assert!(l.rests_on.is_empty());
        assert_eq!((l.runs, l.agree), (3, 3));
    }
}
