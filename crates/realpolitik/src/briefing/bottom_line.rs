//! The bottom line: the question, the verdict per option and how close the call is, in one
//! paragraph a policymaker can read alone, in plain words: an answer sentence first ("No: none
//! of the 3 options beats the status quo"), one sentence per option with points defined on
//! first use, up to [`KEY_JUDGMENTS`] judgments the verdicts rest on most, and the basis (how
//! many sources the model encodes, and how many of its judgments are the analyst's own). For
//! the report's one-page summary it also keeps those parts apart, with up to [`WATCH`]
//! signposts to watch: the diagnostic ones that would move a verdict most, flips first.
//!
//! How close a call is, in four words:
//! - **too close to call** when the median net is inside the option's indifference band
//!   ([`super::band`]): it only leans one way;
//! - **close** when an alternative encoding reverses the verdict, when at most
//!   [`CLOSE_CHANGES`] plausible changes flip it, or when fewer than 80 % of the draws agree;
//! - **contested** when a larger plausible set flips it, or its robustness is not high;
//! - **clear** otherwise: nothing plausible flips it and every line of its robustness agrees.

use schemars::JsonSchema;
use serde::Serialize;

use super::assumptions::Assumptions;
use super::counterfactual::Counterfactual;
use super::unoffered::Unoffered;
use super::{AlternativeVerdict, Confidence, Verdict, confidence::Breakdown};
use crate::model::{Grade, Judged, Model};

/// Judgments named in the bottom line.
pub const KEY_JUDGMENTS: usize = 3;
/// Signposts named in the summary.
pub const WATCH: usize = 3;

/// A flip set of at most this many changes makes a call close.
pub const CLOSE_CHANGES: usize = 2;

/// How close a call is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Closeness {
    /// Nothing plausible flips it and every line of its confidence agrees.
    Clear,
    /// A larger set of plausible changes flips it, or some line of its confidence departs.
    Contested,
    /// An alternative encoding or one or two plausible changes flip it.
    Close,
    /// The median net is inside the indifference band.
    TooCloseToCall,
}

/// One option's line of the bottom line.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct OptionLine {
    /// The option.
    pub option: String,
    /// Its name.
    pub name: String,
    /// Better or worse than the status quo.
    pub judged: Judged,
    /// The median net score (points).
    pub net: f64,
    /// The indifference band.
    pub band: super::band::Band,
    /// The share of draws that agree.
    pub probability: f64,
    /// The robustness of the encoding: the lowest confidence of the breakdown's lines.
    pub robustness: Confidence,
    /// The analytic confidence (the basis of the judgment), never above the robustness.
    pub analytic: Confidence,
    /// The alternative encodings that reverse it, by name.
    pub reversed_by: Vec<String>,
    /// The size of the plausible set of changes that flips it (None: none found).
    pub flip_changes: Option<usize>,
    /// How close the call is.
    pub closeness: Closeness,
}

/// The bottom line.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct BottomLine {
    /// The model's question.
    pub question: Option<String>,
    /// One line per option other than the status quo.
    pub options: Vec<OptionLine>,
    /// The answer to the question in one sentence.
    pub answer: String,
    /// The judgments the verdicts rest on most, each in words with its evidence grade.
    pub rests_on: Vec<String>,
    /// What to watch: the diagnostic signposts that would move a verdict most, in words.
    pub watch: Vec<String>,
    /// The basis: how many sources the model encodes, how many judgments are the analyst's.
    pub basis: String,
    /// All of it in one paragraph (without the signposts).
    pub text: String,
}

/// The bottom line of a briefing's parts.
pub fn bottom_line(
    model: &Model,
    verdicts: &[Verdict],
    breakdowns: &[Breakdown],
    counterfactuals: &[Counterfactual],
    alternatives: &[AlternativeVerdict],
    assumptions: &[Assumptions],
    unoffered: &[Unoffered],
) -> BottomLine {
    let options: Vec<OptionLine> = verdicts
        .iter()
        .enumerate()
        .map(|(o, v)| {
            let reversed_by: Vec<String> = alternatives
                .iter()
                .filter(|a| a.option == v.option && a.judged != v.judged)
                .map(|a| a.name.clone())
                .collect();
            let cf = counterfactuals.iter().find(|c| c.option == v.option);
            let flip_changes = cf.filter(|c| c.flips).map(|c| c.changes.len());
            let robustness = breakdowns.get(o).map_or(v.robustness, |b| b.robustness);
            let analytic = breakdowns
                .get(o)
                .map_or(Confidence::Low, |b| b.analytic.level);
            let closeness = if v.too_close_to_call {
                Closeness::TooCloseToCall
            } else if !reversed_by.is_empty()
                || flip_changes.is_some_and(|n| n <= CLOSE_CHANGES)
                || v.probability < 0.8
            {
                Closeness::Close
            } else if flip_changes.is_some() || robustness != Confidence::High {
                Closeness::Contested
            } else {
                Closeness::Clear
            };
            OptionLine {
                option: v.option.clone(),
                name: v.name.clone(),
                judged: v.judged,
                net: v.net.median,
                band: v.band.clone(),
                probability: v.probability,
                robustness,
                analytic,
                reversed_by,
                flip_changes,
                closeness,
            }
        })
        .collect();
    let answer = answer(&options);
    let rests_on = rests_on(assumptions);
    let basis = basis(model);
    let text = paragraph(
        model,
        &[answer.clone(), unoffered_sentence(unoffered)].join(" "),
        &options,
        counterfactuals,
        &rests_on,
        &basis,
    );
    BottomLine {
        question: model.question.clone(),
        watch: watch(&options, assumptions),
        options,
        answer,
        rests_on,
        basis,
        text,
    }
}

/// The judgments the verdicts rest on most: each option's first key assumption, at most
/// [`KEY_JUDGMENTS`], in words with their grade.
fn rests_on(assumptions: &[Assumptions]) -> Vec<String> {
    let mut key: Vec<&super::assumptions::KeyAssumption> = Vec::new();
    for a in assumptions {
        if let Some(k) = a.key.first()
            && !key.iter().any(|x| x.judgment == k.judgment)
            && key.len() < KEY_JUDGMENTS
        {
            key.push(k);
        }
    }
    key.iter()
        .map(|k| super::premises::first_up(&format!("{} ({})", k.words, k.grade.name())))
        .collect()
}

/// The signposts to watch: diagnostic ones that move a verdict, those that flip one first,
/// then by how far they move it (each option's are in that order), at most [`WATCH`].
fn watch(options: &[OptionLine], assumptions: &[Assumptions]) -> Vec<String> {
    use super::assumptions::Moves;
    let mut seen: Vec<(bool, usize, String, String)> = Vec::new();
    for a in assumptions {
        let name = options
            .iter()
            .find(|o| o.option == a.option)
            .map_or(a.option.as_str(), |o| o.name.as_str());
        for (rank, post) in a.signposts.iter().enumerate() {
            if !post.diagnostic || post.moves == Moves::Nothing {
                continue;
            }
            if seen.iter().any(|x| x.2 == post.watch) {
                continue;
            }
            let terms = post.terms().map_or_else(String::new, |t| format!(" ({t})"));
            let words = format!(
                "{}{terms}: {} on {}",
                post.watch,
                post.moves.words(),
                super::as_clause(name)
            );
            seen.push((post.moves != Moves::Flips, rank, post.watch.clone(), words));
        }
    }
    seen.sort_by_key(|a| (a.0, a.1));
    seen.into_iter().take(WATCH).map(|x| x.3).collect()
}

/// The answer sentence: whether any option beats the status quo.
fn answer(options: &[OptionLine]) -> String {
    if options.is_empty() {
        return "The model gives no verdict: it needs a status-quo option and at least one other."
            .to_owned();
    }
    let names = |pick: &dyn Fn(&OptionLine) -> bool| -> Vec<String> {
        options
            .iter()
            .filter(|o| pick(o))
            .map(|o| super::as_clause(&o.name))
            .collect()
    };
    let close = |o: &OptionLine| o.closeness == Closeness::TooCloseToCall;
    let better = names(&|o| !close(o) && o.judged == Judged::Better);
    let too_close = names(&|o| close(o));
    let n = options.len();
    let verb = |k: usize| if k == 1 { "is" } else { "are" };
    match (better.len(), too_close.len()) {
        (0, 0) if n == 1 => "No: it does not beat the status quo.".to_owned(),
        (0, 0) => format!("No: none of the {n} options beats the status quo."),
        (0, k) => format!(
            "No option clearly beats the status quo: {} {} too close to call{}.",
            too_close.join(" and "),
            verb(k),
            if k < n {
                ", and the rest are worse"
            } else {
                ""
            }
        ),
        (1, _) if n == 1 => "Yes: it beats the status quo.".to_owned(),
        (b, _) if b == n => "Yes: every option beats the status quo.".to_owned(),
        (b, _) => format!(
            "Only in part: {} {} the status quo; the other options do not.",
            better.join(" and "),
            if b == 1 { "beats" } else { "beat" }
        ),
    }
}

/// What the best combination of the levers the model does not offer would do (empty when
/// every combination is offered).
fn unoffered_sentence(unoffered: &[Unoffered]) -> String {
    let Some(best) = unoffered.first() else {
        return String::new();
    };
    let others = match unoffered.len() {
        1 => "The one combination of the levers the model does not offer".to_owned(),
        n => format!("Of the {n} combinations of the levers the model does not offer, the best"),
    };
    let by = super::net_points(best.net.abs());
    format!(
        "{others} ({}) would be {} than the status quo by {} points.",
        best.words,
        if best.net > 0.0 { "better" } else { "worse" },
        by.trim_start_matches('+')
    )
}

fn paragraph(
    model: &Model,
    answer: &str,
    options: &[OptionLine],
    counterfactuals: &[Counterfactual],
    rests_on: &[String],
    basis: &str,
) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(q) = &model.question {
        parts.push(q.trim().to_owned());
    }
    parts.push(answer.to_owned());
    if options.is_empty() {
        return parts.join(" ");
    }
    let mut points = " points (a point is 1% of an outcome's range, averaged over the outcomes \
                      as the model weighs them)";
    for line in options {
        let net = super::net_points(line.net);
        let by = super::net_points(line.net.abs());
        let by = by.trim_start_matches('+');
        let confidence = format!(
            "robustness {}, analytic confidence {}",
            line.robustness.word(),
            line.analytic.word()
        );
        if line.closeness == Closeness::TooCloseToCall {
            parts.push(format!(
                "{}: too close to call; it leans {} ({net}{points}, inside its indifference band \
                 of ±{}); {confidence}.",
                line.name,
                line.judged.word(),
                super::net_points(line.band.half_width).trim_start_matches('+'),
            ));
            points = " points";
            continue;
        }
        let call = match line.closeness {
            Closeness::Clear => "a clear call",
            Closeness::Contested => "a contested call",
            _ => "a close call",
        };
        let mut why: Vec<String> = Vec::new();
        if !line.reversed_by.is_empty() {
            why.push(format!(
                "the counter-model {} reverses it",
                line.reversed_by.join(" and ")
            ));
        }
        let cf = counterfactuals.iter().find(|c| c.option == line.option);
        match (line.flip_changes, cf) {
            (Some(1), Some(cf)) => why.push(format!("it flips if {}", cf.changes[0].words)),
            (Some(n), Some(_)) => why.push(format!(
                "it flips only if {n} changes hold together (see what would have to be true)"
            )),
            (None, Some(_)) => why.push("nothing plausible flips it".to_owned()),
            _ => {}
        }
        parts.push(format!(
            "{}: {} than the status quo by {by}{points}; {call}, {confidence}{}.",
            line.name,
            line.judged.word(),
            if why.is_empty() {
                String::new()
            } else {
                format!("; {}", why.join("; "))
            }
        ));
        points = " points";
    }
    if !rests_on.is_empty() {
        parts.push(format!(
            "The verdicts rest most on: {}.",
            rests_on.join("; ")
        ));
    }
    parts.push(basis.to_owned());
    parts.push(
        "(Robustness: whether the verdict survives changes to the model's numbers, shared \
         errors, counter-models, structure, engines and weights. Analytic confidence: what the \
         sources of the links that carry it support, never above robustness.)"
            .to_owned(),
    );
    parts.join(" ")
}

/// How many sources the model encodes and how many of its judgments are the analyst's own.
fn basis(model: &Model) -> String {
    let judgments = model.judgments_with_evidence();
    let own = judgments
        .iter()
        .filter(|(_, e)| matches!(e.grade(), Grade::Estimate | Grade::Assumption))
        .count();
    let sources: Vec<String> = model
        .sources
        .iter()
        .map(|s| match (&s.author, &s.date) {
            (Some(a), Some(d)) => format!("{a}, {d}"),
            (Some(a), None) => a.clone(),
            _ => s.title.clone(),
        })
        .collect();
    let encoded = match sources.len() {
        0 => "The model cites no source".to_owned(),
        1 => format!("The model encodes one source ({})", sources[0]),
        n => format!("The model encodes {n} sources ({})", sources.join("; ")),
    };
    format!(
        "{encoded}; {own} of its {} judgments are the analyst's estimates or assumptions.",
        judgments.len()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn option(name: &str, judged: Judged, closeness: Closeness) -> OptionLine {
        OptionLine {
            option: name.to_lowercase(),
            name: name.into(),
            judged,
            net: if judged == Judged::Better { 1.0 } else { -1.0 },
            band: super::super::band::Band {
                half_width: 0.1,
                term: "+very_weak".into(),
                lever: None,
                outcome: None,
            },
            probability: 1.0,
            robustness: Confidence::High,
            analytic: Confidence::Low,
            reversed_by: Vec::new(),
            flip_changes: None,
            closeness,
        }
    }

    #[test]
    fn the_answer_sentence_says_whether_any_option_beats_the_status_quo() {
        use Closeness::{Clear, TooCloseToCall};
        use Judged::{Better, Worse};
        let a = option("Act", Worse, Clear);
        let b = option("Bargain", Worse, Clear);
        assert_eq!(
            answer(std::slice::from_ref(&a)),
            "No: it does not beat the status quo."
        );
        assert_eq!(
            answer(&[a.clone(), b.clone()]),
            "No: none of the 2 options beats the status quo."
        );
        let close = option("The wait", Worse, TooCloseToCall);
        assert_eq!(
            answer(&[a.clone(), close.clone()]),
            "No option clearly beats the status quo: the wait is too close to call, and the \
             rest are worse."
        );
        let good = option("Bargain", Better, Clear);
        assert_eq!(
            answer(&[a.clone(), good.clone()]),
            "Only in part: Bargain beats the status quo; the other options do not."
        );
        assert_eq!(
            answer(std::slice::from_ref(&good)),
            "Yes: it beats the status quo."
        );
        assert_eq!(
            answer(&[good.clone(), option("Act", Better, Clear)]),
            "Yes: every option beats the status quo."
        );
    }

    #[test]
    fn the_best_unoffered_combination_is_said_with_its_direction() {
        let u = |net: f64| Unoffered {
            levers: Vec::new(),
            words: "a at 1".into(),
            net,
        };
        assert_eq!(unoffered_sentence(&[]), "");
        assert_eq!(
            unoffered_sentence(&[u(-3.42)]),
            "The one combination of the levers the model does not offer (a at 1) would be worse \
             than the status quo by 3.4 points."
        );
        assert_eq!(
            unoffered_sentence(&[u(0.02), u(-1.0)]),
            "Of the 2 combinations of the levers the model does not offer, the best (a at 1) \
             would be better than the status quo by 0.02 points."
        );
    }

    #[test]
    fn the_basis_counts_sources_and_the_analysts_own_judgments() {
        // The example cites one source; of its 12 judgments 3 are quoted and graded, 3
        // estimates and 6 assumptions (as `check` counts them).
        let model = crate::example_model();
        assert_eq!(
            basis(&model),
            "The model encodes one source (Example ministry, 2026); 9 of its 12 judgments are \
             the analyst's estimates or assumptions."
        );
    }
}
