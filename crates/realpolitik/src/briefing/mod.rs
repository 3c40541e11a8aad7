//! The main job: a briefing that answers a model's question with all three engines.
//!
//! [`brief`] runs, on one model:
//! 1. [`effects`]: each option against the status quo, under no trigger and under each trigger,
//!    on every outcome (FCM, paired Monte Carlo over the uncertain link weights), and the net
//!    score over the outcomes whose desired end the model states;
//! 2. [`scenarios`]: the consistent CIB scenarios in families, and what each option leaves
//!    possible when imposed;
//! 3. [`negotiation`]: where the bargaining over each issue lands (EUM) and who moves;
//! 4. the **verdict** on each option: better or worse than the status quo by the median net
//!    score with no trigger, with its probability over the draws, whether it holds under every
//!    trigger, and whether it agrees with the source's own judgment when the model records it;
//! 5. [`confidence`]: the verdict tested across the stated uncertainty of the judgments, the
//!    model's alternative encodings, structural variants, engine settings, the other engine
//!    (the CIB's scenarios under each option, [`scenario_verdict`]) and the weighting of the
//!    outcomes, each line saying what it varies: their lowest is the robustness of the
//!    encoding; [`analytic`]: the analytic confidence its basis supports; [`band`]: the
//!    indifference band a net must clear;
//! 6. [`carriers`]: what carries each verdict, split by outcome (exact), with each outcome's
//!    distance in links from the levers, and the links whose removal moves the net most;
//!    [`neutral`]: the same option read without path-length damping (Kosko's fuzzy causal
//!    algebra), counted in the engine line of the confidence;
//!    [`flip`]: the judgments that drive the verdict; [`counterfactual`]: what would have to be
//!    true for it to flip, within plausible bounds, in words; [`assumptions`]: the key
//!    assumptions with their evidence grades, and the signposts to watch;
//! 7. the **bottom line** ([`bottom_line`]): the question, the verdict per option and how close
//!    the call is, in one paragraph;
//! 8. for each claim, the passages it rests on: the quotes of the links along the strongest
//!    causal path from the option's levers to each outcome, of the links that drive or would
//!    flip the verdict, and of the source's verdict. The comparison with the source's own
//!    verdict is a consistency check of the encoding, not corroboration: the model was built
//!    from that source.
//!
//! Confidence words: **high** when at least 95 % of the runs of a line agree with the verdict's
//! direction, **moderate** from 80 %, **low** below; a verdict's confidence is the lowest of its
//! lines ([`confidence::overall`]), so "high" means every line agrees.

pub mod analytic;
pub mod assumptions;
pub mod band;
pub mod baseline;
pub mod bottom_line;
pub mod carriers;
pub mod confidence;
pub mod counterfactual;
pub mod effects;
pub mod flip;
pub mod judge;
pub mod negotiation;
pub mod neutral;
pub mod premises;
pub mod scenario_verdict;
pub mod scenarios;
pub mod shared_error;
pub mod unoffered;

use schemars::JsonSchema;
use serde::Serialize;

use crate::fcm::{FcmMap, structure::strongest_paths};
use crate::model::{Evidence, Judged, Model};
use crate::progress::Progress;

pub use effects::{OptionEffects, OutcomeEffect, Spread};
pub use flip::Sensitivity;
pub use negotiation::IssueForecast;
pub use scenarios::ScenarioPart;

/// How the briefing is computed.
#[derive(Clone, Debug)]
pub struct Settings {
    /// FCM Monte Carlo draws.
    pub draws: usize,
    /// Bargaining Monte Carlo draws per issue.
    pub bargaining_draws: usize,
    /// Seed of every random draw.
    pub seed: u64,
    /// FCM inference settings (Kosko, sigmoid λ = 1, ε = 1e-5, cap 100 by default).
    pub fcm: crate::fcm::Settings,
    /// The limits on the work (the scenarios a CIB search keeps).
    pub limits: crate::limits::Limits,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            draws: 2000,
            bargaining_draws: 200,
            seed: 2014,
            fcm: crate::fcm::Settings::default(),
            limits: crate::limits::Limits::default(),
        }
    }
}

/// A quoted passage.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct Passage {
    /// The source's id.
    pub source: String,
    /// The passage.
    pub quote: String,
}

/// How sure the verdict is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    /// At least 95 % of draws agree.
    High,
    /// At least 80 %.
    Moderate,
    /// Fewer.
    Low,
}

impl Confidence {
    /// "high", "moderate" or "low".
    pub fn word(self) -> &'static str {
        match self {
            Confidence::High => "high",
            Confidence::Moderate => "moderate",
            Confidence::Low => "low",
        }
    }

    /// The lower of two levels.
    pub fn lower(self, other: Confidence) -> Confidence {
        let rank = |c: Confidence| match c {
            Confidence::High => 0,
            Confidence::Moderate => 1,
            Confidence::Low => 2,
        };
        if rank(self) >= rank(other) {
            self
        } else {
            other
        }
    }

    /// The confidence of a verdict that a share `p` of the draws agree with.
    pub fn of(p: f64) -> Confidence {
        if p >= 0.95 {
            Confidence::High
        } else if p >= 0.8 {
            Confidence::Moderate
        } else {
            Confidence::Low
        }
    }
}

/// The verdict on one option.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Verdict {
    /// The option.
    pub option: String,
    /// Its display name.
    pub name: String,
    /// Better or worse than the status quo (median net score with no trigger).
    pub judged: Judged,
    /// The net score with no trigger.
    pub net: Spread,
    /// The indifference band: a median net inside it is too close to call.
    pub band: band::Band,
    /// Whether the median net is inside the band: the verdict only leans one way.
    pub too_close_to_call: bool,
    /// The share of Monte Carlo draws that agree with the verdict.
    pub probability: f64,
    /// The cross-impact engine's reading of the option, judged by the same outcomes.
    pub scenarios: scenario_verdict::ScenarioVerdict,
    /// The robustness of the encoding: the lowest confidence of the lines of its breakdown
    /// (not the draws alone). The analytic confidence is in [`confidence::Breakdown`].
    pub robustness: Confidence,
    /// Per trigger: the verdict under it and its probability.
    pub under_triggers: Vec<(String, Judged, f64)>,
    /// Judged outcomes on which the option does better by the median effect (no trigger).
    pub outcomes_better: usize,
    /// Judged outcomes on which it does worse.
    pub outcomes_worse: usize,
    /// The source's own judgment, if the model records it.
    pub source_verdict: Option<Judged>,
    /// The passages of the source's judgment.
    pub passages: Vec<Passage>,
}

impl Verdict {
    /// Where the net stands against the indifference band, in one sentence.
    pub fn band_sentence(&self) -> String {
        if self.too_close_to_call {
            format!(
                "Too close to call: inside the indifference band ({}), though it leans {}.",
                self.band.words(),
                self.judged.word()
            )
        } else {
            format!("Outside the indifference band ({}).", self.band.words())
        }
    }

    /// Whether the verdict agrees with the source's judgment (None when none is recorded).
    pub fn agrees_with_source(&self) -> Option<bool> {
        self.source_verdict.map(|s| s == self.judged)
    }
}

/// The strongest causal path from an option's levers to an outcome, with its passages.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct PathEvidence {
    /// The option.
    pub option: String,
    /// The outcome factor.
    pub outcome: String,
    /// The factors along the path, by id.
    pub path: Vec<String>,
    /// The product of the nominal weights.
    pub weight: f64,
    /// The quotes of the links along it.
    pub passages: Vec<Passage>,
}

/// An option's verdict under an alternative encoding of the model.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct AlternativeVerdict {
    /// The alternative's id.
    pub alternative: String,
    /// Its name.
    pub name: String,
    /// The option.
    pub option: String,
    /// Better or worse than the status quo under it (median net score, no trigger).
    pub judged: Judged,
    /// Its net score over the alternative's own Monte Carlo draws.
    pub net: Spread,
    /// Its net score with nominal weights.
    pub nominal_net: f64,
}

/// Everything the briefing says.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Briefing {
    /// FCM Monte Carlo draws.
    pub draws: usize,
    /// The seed.
    pub seed: u64,
    /// The answer in one paragraph.
    pub bottom_line: bottom_line::BottomLine,
    /// Each option against the status quo, per condition (no trigger first).
    pub effects: Vec<OptionEffects>,
    /// Why each option moves each outcome.
    pub paths: Vec<PathEvidence>,
    /// Per option, what carries its verdict: the net split by outcome, each outcome's distance
    /// from the levers, and the links whose removal moves the net most.
    pub carriers: Vec<carriers::Carriers>,
    /// The CIB part, when the model has factors with states.
    pub scenarios: Option<ScenarioPart>,
    /// The bargaining forecast per issue.
    pub negotiation: Vec<IssueForecast>,
    /// The analysis of competing hypotheses, when the model has hypotheses and evidence
    /// items (see [`crate::ach`]).
    pub hypotheses: Option<crate::output::AchAnalysis>,
    /// One verdict per option other than the status quo.
    pub verdicts: Vec<Verdict>,
    /// Each option's verdict under each alternative encoding.
    pub alternatives: Vec<AlternativeVerdict>,
    /// Per option, the verdict's confidence broken down by what it varies.
    pub confidence: Vec<confidence::Breakdown>,
    /// Per option, what would have to be true for its verdict to flip.
    pub counterfactuals: Vec<counterfactual::Counterfactual>,
    /// The combinations of the levers no option sets, judged against the status quo, best
    /// first.
    pub unoffered: Vec<unoffered::Unoffered>,
    /// Per option, the key assumptions and the signposts to watch.
    pub assumptions: Vec<assumptions::Assumptions>,
    /// What each verdict depends on (no trigger).
    pub sensitivity: Vec<Sensitivity>,
    /// The parts that could not be computed, each with the reason in one line.
    pub not_computed: Vec<String>,
}

/// A net score as people read it: signed, one decimal, or two where one would round a
/// non-zero score to ±0.0 (a verdict that flips to +0.02 must not read "+0.0").
pub fn net_points(net: f64) -> String {
    if net != 0.0 && net.abs() < 0.05 {
        format!("{net:+.2}")
    } else {
        format!("{net:+.1}")
    }
}

/// Words that start a sentence with a capital only because they start it.
const FUNCTION_WORDS: [&str; 20] = [
    "The", "A", "An", "Its", "Their", "His", "Her", "Our", "No", "Any", "Some", "Other", "Another",
    "More", "Fewer", "Less", "Each", "Every", "All", "Both",
];

/// The first word of a label (up to a space or an apostrophe).
fn first_word(name: &str) -> &str {
    name.split([' ', '\'', '’']).next().unwrap_or("")
}

fn lower_first(name: &str) -> String {
    let mut chars = name.chars();
    chars
        .next()
        .map(|c| c.to_lowercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A trigger's or stakeholder's name as written inside a sentence ("The airstrikes fail" →
/// "the airstrikes fail"): the first word is lowered only when it is a function word
/// ([`FUNCTION_WORDS`]), so names and acronyms keep their capitals ("Aleppo falls", "IS
/// captures Aleppo").
pub fn as_clause(name: &str) -> String {
    if FUNCTION_WORDS.contains(&first_word(name)) {
        lower_first(name)
    } else {
        name.to_owned()
    }
}

/// A factor's label as written inside a sentence: as [`as_clause`], and also lowered when the
/// model's own texts (its question, descriptions, claims and the other words of its labels)
/// write the first word in lower case, so "Coalition seen with Assad" reads "coalition seen
/// with Assad" in a model that speaks of "the coalition", while "Iran's reach" keeps its
/// capital.
pub fn in_sentence(model: &Model, label: &str) -> String {
    let first = first_word(label);
    let lowered = lower_first(first);
    if lowered == first {
        return label.to_owned();
    }
    let texts = model
        .question
        .iter()
        .chain(model.factors.iter().flat_map(|f| f.description.iter()))
        .chain(model.links.iter().flat_map(|l| l.claim.iter()))
        .map(String::as_str)
        .chain(model.factors.iter().map(|f| {
            let first = first_word(&f.label);
            f.label[first.len()..].trim_start_matches(['\'', '’', 's'])
        }));
    let lower_elsewhere = texts
        .flat_map(|t| t.split(|c: char| !c.is_alphanumeric() && c != '-'))
        .any(|w| w == lowered);
    if lower_elsewhere {
        lower_first(label)
    } else {
        as_clause(label)
    }
}

/// The quotes of a judgment's evidence.
pub fn passages(model: &Model, evidence: &Evidence) -> Vec<Passage> {
    evidence
        .citations
        .iter()
        .map(|c| Passage {
            source: model.sources[c.source].id.clone(),
            quote: c.quote.clone(),
        })
        .collect()
}

/// Briefs on `model` (see the module docs). Parts the model cannot support (no status quo, no
/// states, no bargaining issue) are left empty and named in [`Briefing::not_computed`].
pub fn brief(model: &Model, settings: &Settings, progress: &dyn Progress) -> Briefing {
    let effects = effects::option_effects(
        model,
        &settings.fcm,
        settings.draws,
        settings.seed,
        progress,
    );
    let judge = judge::Judge::new(model);
    let fcm = &settings.fcm;
    let options = judge.options().len();
    let sensitivity: Vec<Sensitivity> = (0..options)
        .map(|o| flip::sensitivity(&judge, 0, o, fcm))
        .collect();
    let bands: Vec<band::Band> = (0..options).map(|o| band::band(&judge, o, fcm)).collect();
    let counterfactuals: Vec<_> = (0..options)
        .map(|o| counterfactual::counterfactual(&judge, o, fcm, bands[o].half_width))
        .collect();
    let carriers: Vec<carriers::Carriers> = (0..options)
        .map(|o| carriers::carriers(&judge, o, fcm))
        .collect();
    let assumptions: Vec<assumptions::Assumptions> = (0..options)
        .map(|o| {
            let (sens, cf) = (&sensitivity[o], &counterfactuals[o]);
            assumptions::assumptions(&judge, o, sens, cf, &carriers[o], fcm)
        })
        .collect();
    let alternatives = alternative_verdicts(model, settings);
    let scenarios = scenarios::scenario_part(model, &settings.limits);
    let mut verdicts = verdicts(model, &effects, bands, scenarios.as_ref(), &judge.signs);
    let confidence: Vec<confidence::Breakdown> = verdicts
        .iter()
        .enumerate()
        .map(|(o, v)| breakdown(&judge, o, v, &effects, &alternatives, &carriers, settings))
        .collect();
    for (v, c) in verdicts.iter_mut().zip(&confidence) {
        v.robustness = c.robustness;
    }
    let unoffered = unoffered::unoffered(model, fcm);
    let negotiation =
        negotiation::negotiation_part(model, settings.bargaining_draws, settings.seed, progress);
    let hypotheses = hypotheses(model, settings);
    let not_computed = not_computed(model, &scenarios, &negotiation, &settings.limits);
    let bottom_line = bottom_line::bottom_line(
        model,
        &verdicts,
        &confidence,
        &counterfactuals,
        &alternatives,
        &assumptions,
        &unoffered,
    );
    Briefing {
        draws: settings.draws,
        seed: settings.seed,
        bottom_line,
        paths: paths(model),
        carriers,
        scenarios,
        negotiation,
        hypotheses,
        verdicts,
        alternatives,
        confidence,
        counterfactuals,
        unoffered,
        assumptions,
        effects,
        sensitivity,
        not_computed,
    }
}

/// The ACH part: the default scoring, the briefing's seed and draws over the uncertain
/// ratings, and its FCM settings for the hypotheses' cross-check.
fn hypotheses(model: &Model, settings: &Settings) -> Option<crate::output::AchAnalysis> {
    use crate::analysis::ach::{AchRequest, analyse, check};
    let request = AchRequest {
        draws: settings.draws.max(1),
        seed: settings.seed,
        fcm: settings.fcm.clone(),
        limits: settings.limits,
        ..AchRequest::default()
    };
    check(model, &request).ok()?;
    Some(analyse(model, &request))
}

/// Every option's verdict under every alternative encoding, on the alternative's own draws.
fn alternative_verdicts(model: &Model, settings: &Settings) -> Vec<AlternativeVerdict> {
    let mut all = Vec::new();
    for (a, alternative) in model.alternatives.iter().enumerate() {
        let variant = model.with_alternative(a);
        let judge = judge::Judge::new(&variant);
        let draws = effects::option_effects(
            &variant,
            &settings.fcm,
            settings.draws,
            settings.seed,
            &crate::progress::NoProgress,
        );
        for (o, e) in draws.iter().filter(|e| e.trigger.is_none()).enumerate() {
            all.push(AlternativeVerdict {
                alternative: alternative.id.clone(),
                name: alternative.name.clone(),
                option: e.option.clone(),
                judged: judged(&e.net).0,
                net: e.net.clone(),
                nominal_net: judge.net(0, o, &judge::Tweak::none(), &settings.fcm),
            });
        }
    }
    all
}

/// The confidence breakdown of verdict `v` on option `o`.
fn breakdown(
    judge: &judge::Judge<'_>,
    o: usize,
    v: &Verdict,
    effects: &[OptionEffects],
    alternatives: &[AlternativeVerdict],
    carriers: &[carriers::Carriers],
    settings: &Settings,
) -> confidence::Breakdown {
    let fcm = &settings.fcm;
    let net = &effects
        .iter()
        .find(|e| e.option == v.option && e.trigger.is_none())
        .expect("every verdict has its effects")
        .net;
    let agree = (v.probability * settings.draws as f64).round() as usize;
    let carrying = carriers.iter().find(|c| c.option == v.option);
    let counter: Vec<(String, f64, bool)> = alternatives
        .iter()
        .filter(|a| a.option == v.option)
        .map(|a| {
            let contests = carrying.is_none_or(|c| contests(judge.model, &a.alternative, c));
            (a.name.clone(), a.nominal_net, contests)
        })
        .collect();
    let contested = counter.iter().any(|c| c.2);
    let lines = vec![
        confidence::judgments_line(settings.draws, agree, (net.q05, net.q95)),
        shared_error::shared_error_line(judge, o, v.judged, fcm),
        confidence::counter_models_line(v.judged, counter),
        confidence::structure_line(judge, o, v.judged, fcm),
        baseline::baseline_line(judge, o, v.judged, fcm),
        confidence::settings_line(judge, o, v.judged, fcm),
        confidence::scenarios_line(v.judged, &v.scenarios),
        confidence::values_line(judge, o, v.judged, fcm, settings.seed).0,
    ];
    let robustness = confidence::overall(&lines);
    let analytic = match carrying {
        Some(c) => analytic::analytic(judge.model, c, robustness, contested),
        None => analytic::unassessed(robustness),
    };
    confidence::Breakdown {
        option: v.option.clone(),
        verdict: v.judged,
        robustness,
        analytic,
        lines,
    }
}

/// Whether alternative `id` changes a link or block on a pair whose link carries the verdict
/// (one of [`carriers::Carriers::links`]).
fn contests(model: &Model, id: &str, carriers: &carriers::Carriers) -> bool {
    let Some(alternative) = model.alternatives.iter().find(|a| a.id == id) else {
        return true;
    };
    let ids = |from: usize, to: usize| (&model.factors[from].id, &model.factors[to].id);
    let changed: Vec<_> = alternative
        .links
        .iter()
        .map(|l| ids(l.from, l.to))
        .chain(alternative.judgments.iter().map(|j| ids(j.from, j.to)))
        .collect();
    carriers
        .links
        .iter()
        .any(|c| changed.contains(&(&c.from, &c.to)))
}

/// Why each part the model cannot support is missing, in one line each.
fn not_computed(
    model: &Model,
    scenarios: &Option<ScenarioPart>,
    negotiation: &[IssueForecast],
    limits: &crate::limits::Limits,
) -> Vec<String> {
    let mut why = Vec::new();
    if model.status_quo().is_none() {
        why.push(
            "No verdict: the model marks no option as the status quo (status_quo = true) to \
             judge the others against."
                .to_owned(),
        );
    } else if model.options.len() < 2 {
        why.push("No verdict: the model has no option besides the status quo.".to_owned());
    }
    if !model.factors.iter().any(|f| f.desired.is_some()) {
        why.push(
            "No net score: no outcome says which end is desired (desired = \"low\" or \"high\")."
                .to_owned(),
        );
    }
    if scenarios.is_none() {
        why.push(match crate::cib::Matrix::from_model(model) {
            Some(Ok(_)) => format!(
                "No scenarios: more than {} are consistent (the cross-impact judgments barely \
                 constrain them); raise --limit solutions=N to count them.",
                limits.solutions
            ),
            _ => "No scenarios: the model has no cross-impact judgments between factors with \
                  states."
                .to_owned(),
        });
    }
    if negotiation.is_empty() {
        why.push(if model.issues.is_empty() {
            "No bargaining forecast: the model has no bargaining issue.".to_owned()
        } else {
            "No bargaining forecast: no issue has two or more actors with stances.".to_owned()
        });
    }
    why
}

/// The verdict a net-score distribution gives, and the share of draws that agree.
pub fn judged(net: &Spread) -> (Judged, f64) {
    if net.median > 0.0 {
        (Judged::Better, net.p_positive)
    } else {
        (Judged::Worse, 1.0 - net.p_positive)
    }
}

fn verdicts(
    model: &Model,
    effects: &[OptionEffects],
    bands: Vec<band::Band>,
    scenarios: Option<&ScenarioPart>,
    signs: &[(usize, f64)],
) -> Vec<Verdict> {
    effects
        .iter()
        .filter(|e| e.trigger.is_none())
        .zip(bands)
        .map(|(e, band)| {
            let (judged, probability) = judged(&e.net);
            let option = model.options.iter().find(|o| o.id == e.option);
            let source = option.and_then(|o| o.source_verdict.as_ref());
            let signed: Vec<f64> = e
                .outcomes
                .iter()
                .filter_map(|o| o.desired.map(|d| d.sign() * o.effect.median))
                .collect();
            Verdict {
                outcomes_better: signed.iter().filter(|&&x| x > 0.0).count(),
                outcomes_worse: signed.iter().filter(|&&x| x < 0.0).count(),
                option: e.option.clone(),
                name: option.map_or_else(|| e.option.clone(), |o| o.name.clone()),
                judged,
                net: e.net.clone(),
                too_close_to_call: band.contains(e.net.median),
                band,
                probability,
                scenarios: scenario_verdict::scenario_verdict(model, scenarios, &e.option, signs),
                robustness: Confidence::of(probability),
                under_triggers: effects
                    .iter()
                    .filter(|t| t.option == e.option)
                    .filter_map(|t| {
                        let (j, p) = self::judged(&t.net);
                        Some((t.trigger.clone()?, j, p))
                    })
                    .collect(),
                source_verdict: source.map(|s| s.verdict),
                passages: source.map_or_else(Vec::new, |s| passages(model, &s.evidence)),
            }
        })
        .collect()
}

/// The strongest path (at most 6 links) from each option's levers to each outcome.
fn paths(model: &Model) -> Vec<PathEvidence> {
    let map = FcmMap::from_model(model);
    let w = map.nominal();
    let Some(status_quo) = model.status_quo() else {
        return Vec::new();
    };
    let sq_value = |factor: usize| {
        status_quo
            .clamps
            .iter()
            .find(|c| c.factor == factor)
            .map(|c| crate::fcm::scenario::clamp_value(model, c))
    };
    let outcomes = effects::outcome_signs(model);
    let mut all = Vec::new();
    for option in model.options.iter().filter(|o| !o.status_quo) {
        // The levers: what the option sets differently from the status quo.
        let levers: Vec<usize> = option
            .clamps
            .iter()
            .filter(|c| sq_value(c.factor) != Some(crate::fcm::scenario::clamp_value(model, c)))
            .map(|c| c.factor)
            .collect();
        for &(outcome, _) in &outcomes {
            let best = levers
                .iter()
                .flat_map(|&l| strongest_paths(&w, l, outcome, 1, 6))
                .max_by(|a, b| a.weight.abs().total_cmp(&b.weight.abs()));
            let Some(best) = best else { continue };
            let passages = best
                .concepts
                .windows(2)
                .filter_map(|p| model.links.iter().find(|l| l.from == p[0] && l.to == p[1]))
                .flat_map(|l| passages(model, &l.evidence))
                .collect();
            all.push(PathEvidence {
                option: option.id.clone(),
                outcome: model.factors[outcome].id.clone(),
                path: best
                    .concepts
                    .iter()
                    .map(|&c| model.factors[c].id.clone())
                    .collect(),
                weight: best.weight,
                passages,
            });
        }
    }
    all
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_net_score_near_zero_keeps_its_sign_and_size() {
        use super::net_points;
        assert_eq!(net_points(-3.94), "-3.9");
        assert_eq!(as_clause("The airstrikes fail"), "the airstrikes fail");
        assert_eq!(as_clause("IS captures Aleppo"), "IS captures Aleppo");
        assert_eq!(as_clause("Aleppo falls"), "Aleppo falls");
        assert_eq!(as_clause("Iran's reach"), "Iran's reach");
        assert_eq!(
            as_clause("The advocates (Rifkind)"),
            "the advocates (Rifkind)"
        );
        // A label's first word is lowered when the model writes it in lower case elsewhere.
        let model = crate::example_model();
        // Its question speaks of "a carbon price"; nothing in it writes "emissions" in lower
        // case, so that label keeps its capital.
        assert_eq!(in_sentence(&model, "Carbon price"), "carbon price");
        assert_eq!(in_sentence(&model, "Emissions"), "Emissions");
        assert_eq!(in_sentence(&model, "Brussels decides"), "Brussels decides");
        assert_eq!(as_clause(""), "");
        assert_eq!(net_points(0.004), "+0.00");
        assert_eq!(net_points(0.023), "+0.02");
        assert_eq!(net_points(-0.049), "-0.05");
        assert_eq!(net_points(0.0), "+0.0");
    }

    use super::*;

    #[test]
    fn a_counter_model_contests_a_verdict_only_through_the_links_that_carry_it() {
        // Two paths from the lever: a one-link harm and a three-link gain (carriers' tests).
        let mut model = carriers::tests::two_paths();
        let judge = judge::Judge::new(&model);
        let c = carriers::carriers(&judge, 0, &crate::fcm::Settings::default());
        let link = |from: &str, to: &str| crate::model::Link {
            from: model.factor_index(from).unwrap(),
            to: model.factor_index(to).unwrap(),
            weight: crate::model::Quantity::Exact { value: 0.1 },
            term: None,
            when: None,
            requires: None,
            scaled_by: None,
            evidence: Evidence::default(),
            claim: None,
            indicators: Vec::new(),
        };
        let alternative = |id: &str, links| crate::model::Alternative {
            id: id.into(),
            name: id.into(),
            title: id.into(),
            description: None,
            path: String::new(),
            links,
            judgments: Vec::new(),
        };
        let weaker_harm = alternative("weaker_harm", vec![link("act", "harm")]);
        let new_pair = alternative("new_pair", vec![link("harm", "m2")]);
        model.alternatives = vec![weaker_harm, new_pair];
        assert!(
            c.links
                .iter()
                .any(|l| (l.from.as_str(), l.to.as_str()) == ("act", "harm"))
        );
        assert!(contests(&model, "weaker_harm", &c));
        assert!(!contests(&model, "new_pair", &c));
    }

    #[test]
    fn confidence_words() {
        assert_eq!(Confidence::of(1.0), Confidence::High);
        assert_eq!(Confidence::of(0.95), Confidence::High);
        assert_eq!(Confidence::of(0.9), Confidence::Moderate);
        assert_eq!(Confidence::of(0.6), Confidence::Low);
        assert_eq!(
            Confidence::High.lower(Confidence::Moderate),
            Confidence::Moderate
        );
        assert_eq!(Confidence::Low.lower(Confidence::High), Confidence::Low);
        assert_eq!(
            Confidence::Moderate.lower(Confidence::Moderate),
            Confidence::Moderate
        );
    }
}
