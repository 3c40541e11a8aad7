//! The bottom line: the question, the verdict per option and how close the call is, in one
//! paragraph a policymaker can read alone.
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

use super::counterfactual::Counterfactual;
use super::{AlternativeVerdict, Confidence, Verdict, confidence::Breakdown};
use crate::model::{Judged, Model};

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
    /// All of it in one paragraph.
    pub text: String,
}

/// The bottom line of a briefing's parts.
pub fn bottom_line(
    model: &Model,
    verdicts: &[Verdict],
    breakdowns: &[Breakdown],
    counterfactuals: &[Counterfactual],
    alternatives: &[AlternativeVerdict],
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
    let text = paragraph(model, &options, counterfactuals);
    BottomLine {
        question: model.question.clone(),
        options,
        text,
    }
}

fn paragraph(model: &Model, options: &[OptionLine], counterfactuals: &[Counterfactual]) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(q) = &model.question {
        parts.push(q.trim().to_owned());
    }
    if options.is_empty() {
        parts.push(
            "The model gives no verdict: it needs a status-quo option and at least one other."
                .to_owned(),
        );
        return parts.join(" ");
    }
    for line in options {
        let judged = line.judged.word();
        let close = match line.closeness {
            Closeness::Clear => "a clear call",
            Closeness::Contested => "a contested call",
            Closeness::Close => "a close call",
            Closeness::TooCloseToCall => "too close to call",
        };
        if line.closeness == Closeness::TooCloseToCall {
            parts.push(format!(
                "{}: too close to call (net {} points, inside the indifference band of {}; it \
                 leans {judged}).",
                line.name,
                super::net_points(line.net),
                line.band.words(),
            ));
            continue;
        }
        let mut why: Vec<String> = Vec::new();
        if !line.reversed_by.is_empty() {
            why.push(format!("{} reverse(s) it", line.reversed_by.join(" and ")));
        }
        let cf = counterfactuals.iter().find(|c| c.option == line.option);
        match (line.flip_changes, cf) {
            (Some(n), Some(cf)) => why.push(format!(
                "it flips if {}{}",
                cf.changes
                    .iter()
                    .map(|c| c.words.as_str())
                    .collect::<Vec<_>>()
                    .join("; and "),
                if n > 1 { " (all together)" } else { "" }
            )),
            (None, Some(cf)) => why.push(format!(
                "no plausible set of up to {} changes flips it (the closest leaves the net score at \
                 {})",
                super::counterfactual::MAX_CHANGES,
                super::net_points(cf.net_after)
            )),
            _ => {}
        }
        parts.push(format!(
            "{}: {judged} than the status quo (net {} points; {:.0}% of draws agree; robustness \
             {}; analytic confidence {}), {close}{}.",
            line.name,
            super::net_points(line.net),
            100.0 * line.probability,
            line.robustness.word(),
            line.analytic.word(),
            if why.is_empty() {
                String::new()
            } else {
                format!(": {}", why.join("; "))
            }
        ));
    }
    parts.push(
        "(Robustness is the weakest of the encoding's lines: judgments, encodings, structure, \
         engine settings, the cross-impact scenarios and outcome weights. Analytic confidence rests on the sources and \
         grades of the links that carry the verdict, and is never above robustness.)"
            .to_owned(),
    );
    parts.join(" ")
}
