//! Analytic confidence: how much the verdict's basis supports it, in ICD 203's words.
//!
//! The confidence breakdown ([`super::confidence`]) measures the **robustness of the
//! encoding**: whether the verdict survives changes to one model's numbers, structure, engine
//! and weights. It cannot see that the whole model may encode one author's argument. Analytic
//! confidence, as Intelligence Community Directive 203 (*Analytic Standards*, 2015) asks an
//! assessment to state it, rests on the basis of the judgment: the quality and number of its
//! sources, how much of it is assumption, and whether it was tested against another reading.
//! It is derived here from the evidence of the **load-bearing links**, the links whose removal
//! moves the verdict's net most ([`super::carriers::Carriers::links`]), and is never above the
//! robustness:
//!
//! - **sources**: the distinct authors (a source without an author counts as itself) quoted by
//!   the load-bearing links. One author: at most low (the verdict restates one view); two: at
//!   most moderate;
//! - **grades**: a load-bearing link that is an assumption (no quote) caps it at moderate, and
//!   more than half of them assumptions at low; fewer than half quoted for their number (the
//!   rest estimates or assumptions) caps it at moderate;
//! - **contest**: when no counter-model changes a load-bearing link, the verdict was never
//!   tested against the other side's reading of what carries it: at most moderate.
//!
//! The reasons are stated in one line, each cap with its count.

use schemars::JsonSchema;
use serde::Serialize;

use super::Confidence;
use super::carriers::Carriers;
use crate::model::{Grade, Model};

/// An option's analytic confidence and its basis (see the module docs).
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct Analytic {
    /// The level, never above the robustness.
    pub level: Confidence,
    /// The load-bearing links counted.
    pub load_bearing: usize,
    /// The distinct authors they quote.
    pub authors: Vec<String>,
    /// How many are quoted for their number (graded or not).
    pub quoted: usize,
    /// How many are quoted for their direction only, with the number estimated.
    pub estimates: usize,
    /// How many are assumptions.
    pub assumptions: usize,
    /// Whether some counter-model changes one of them.
    pub contested: bool,
    /// Why, in one line.
    pub reasons: String,
}

impl Analytic {
    /// "Analytic confidence low: …", with its reasons.
    pub fn sentence(&self) -> String {
        format!(
            "Analytic confidence {}: {}.",
            self.level.word(),
            self.reasons
        )
    }
}

/// The analytic confidence when what carries the verdict is unknown: low.
pub fn unassessed(robustness: Confidence) -> Analytic {
    Analytic {
        level: Confidence::Low.lower(robustness),
        load_bearing: 0,
        authors: Vec::new(),
        quoted: 0,
        estimates: 0,
        assumptions: 0,
        contested: false,
        reasons: "what carries the verdict was not computed".into(),
    }
}

/// The analytic confidence of the verdict `carriers` describe, given its robustness and
/// whether some counter-model contests a load-bearing link.
pub fn analytic(
    model: &Model,
    carriers: &Carriers,
    robustness: Confidence,
    contested: bool,
) -> Analytic {
    let mut authors: Vec<String> = Vec::new();
    let (mut quoted, mut estimates, mut assumptions) = (0, 0, 0);
    for c in &carriers.links {
        let Some(link) = model
            .links
            .iter()
            .find(|l| model.factors[l.from].id == c.from && model.factors[l.to].id == c.to)
        else {
            continue;
        };
        match link.evidence.grade() {
            Grade::Quoted | Grade::Ungraded => quoted += 1,
            Grade::Estimate => estimates += 1,
            Grade::Assumption => assumptions += 1,
        }
        for citation in &link.evidence.citations {
            let source = &model.sources[citation.source];
            let author = source.author.clone().unwrap_or_else(|| source.id.clone());
            if !authors.contains(&author) {
                authors.push(author);
            }
        }
    }
    let n = quoted + estimates + assumptions;
    let mut caps: Vec<(Confidence, String)> = Vec::new();
    let mut cap = |c: Confidence, reason: String| caps.push((c, reason));
    if n == 0 {
        cap(
            Confidence::Low,
            "no link carries it, so nothing in the sources bears it out".into(),
        );
    } else {
        match authors.len() {
            0 => {}
            1 => cap(
                Confidence::Low,
                format!(
                    "the links that carry it quote one author only ({})",
                    authors[0]
                ),
            ),
            2 => cap(
                Confidence::Moderate,
                format!(
                    "the links that carry it quote two authors ({})",
                    authors.join(", ")
                ),
            ),
            _ => {}
        }
        let assumed = format!(
            "{assumptions} of the {n} links that carry it {}",
            if assumptions == 1 {
                "is an assumption"
            } else {
                "are assumptions"
            }
        );
        if 2 * assumptions > n {
            cap(Confidence::Low, assumed);
        } else if assumptions > 0 {
            cap(Confidence::Moderate, assumed);
        }
        if 2 * quoted < n && 2 * assumptions <= n {
            cap(
                Confidence::Moderate,
                format!("only {quoted} of the {n} are quoted for their strength"),
            );
        }
        if !contested {
            cap(
                Confidence::Moderate,
                "no counter-model contests the links that carry it".into(),
            );
        }
    }
    let basis = caps
        .iter()
        .fold(Confidence::High, |level, (c, _)| level.lower(*c));
    if basis.lower(robustness) != basis {
        caps.push((
            robustness,
            format!("its robustness is {}", robustness.word()),
        ));
    }
    let level = basis.lower(robustness);
    let why: Vec<&str> = caps.iter().map(|(_, reason)| reason.as_str()).collect();
    let reasons = if why.is_empty() {
        format!(
            "the links that carry it quote {} authors, are quoted for their strength, and a \
             counter-model contests them",
            authors.len()
        )
    } else {
        why.join("; ")
    };
    Analytic {
        level,
        load_bearing: n,
        authors,
        quoted,
        estimates,
        assumptions,
        contested,
        reasons,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::briefing::judge::Judge;

    /// act → good and act → bad, each written with `good` and `bad` as its evidence lines;
    /// sources a (author A), b (author B) and c (no author).
    fn model(good: &str, bad: &str) -> Model {
        let text = format!(
            "[model]\ntitle = \"t\"\nquestion = \"act?\"\n\
             [[model.sources]]\nid = \"a\"\ntitle = \"A's paper\"\nauthor = \"A\"\n\
             [[model.sources]]\nid = \"b\"\ntitle = \"B's paper\"\nauthor = \"B\"\n\
             [[model.sources]]\nid = \"c\"\ntitle = \"Anonymous note\"\n\
             [[factors]]\nid = \"act\"\nlabel = \"Act\"\nrole = \"lever\"\n\
             [[factors]]\nid = \"good\"\nlabel = \"Good\"\nrole = \"outcome\"\ndesired = \"high\"\n\
             [[factors]]\nid = \"bad\"\nlabel = \"Bad\"\nrole = \"outcome\"\ndesired = \"low\"\n\
             [[links]]\nfrom = \"act\"\nto = \"good\"\nweight = 0.3\n{good}\n\
             [[links]]\nfrom = \"act\"\nto = \"bad\"\nweight = 0.6\n{bad}\n\
             [[options]]\nid = \"wait\"\nname = \"Wait\"\nstatus_quo = true\nclamp = {{ act = 0.0 }}\n\
             [[options]]\nid = \"go\"\nname = \"Go\"\nclamp = {{ act = 1.0 }}\n"
        );
        crate::model::from_text(&text).model
    }

    fn of(model: &Model, robustness: Confidence, contested: bool) -> Analytic {
        let judge = Judge::new(model);
        let c = super::super::carriers::carriers(&judge, 0, &crate::fcm::Settings::default());
        assert_eq!(c.links.len(), 2);
        analytic(model, &c, robustness, contested)
    }

    const FROM_A: &str = "source = \"a\"\nquote = \"It helps.\"";
    const FROM_B: &str = "source = \"b\"\nquote = \"It hurts.\"";
    const FROM_C: &str = "source = \"c\"\nquote = \"It hurts.\"";

    #[test]
    fn two_authors_quoted_and_contested_is_moderate_at_most() {
        let m = model(FROM_A, FROM_B);
        let a = of(&m, Confidence::High, true);
        assert_eq!(a.level, Confidence::Moderate);
        assert_eq!(
            (a.load_bearing, a.quoted, a.estimates, a.assumptions),
            (2, 2, 0, 0)
        );
        assert_eq!(a.authors, ["B", "A"]);
        assert_eq!(
            a.reasons,
            "the links that carry it quote two authors (B, A)"
        );
        // Untested against a counter-model: still moderate, with both reasons.
        let a = of(&m, Confidence::High, false);
        assert_eq!(a.level, Confidence::Moderate);
        assert!(
            a.reasons
                .ends_with("; no counter-model contests the links that carry it")
        );
        // Never above the robustness.
        let a = of(&m, Confidence::Low, true);
        assert_eq!(a.level, Confidence::Low);
        assert!(
            a.reasons.ends_with("; its robustness is low"),
            "{}",
            a.reasons
        );
    }

    #[test]
    fn one_author_is_low_and_a_source_without_one_counts_as_itself() {
        let a = of(&model(FROM_A, FROM_A), Confidence::High, true);
        assert_eq!(a.level, Confidence::Low);
        assert_eq!(
            a.reasons,
            "the links that carry it quote one author only (A)"
        );
        let a = of(&model(FROM_A, FROM_C), Confidence::High, true);
        assert_eq!(a.authors, ["c", "A"]);
        assert_eq!(a.level, Confidence::Moderate);
    }

    #[test]
    fn assumptions_and_estimates_cap_it() {
        // One of two an assumption: moderate; both: low (and no author at all).
        let assumed = "assumption = \"Analyst's view.\"";
        let a = of(&model(FROM_A, assumed), Confidence::High, true);
        assert_eq!((a.quoted, a.assumptions), (1, 1));
        assert_eq!(a.level, Confidence::Low, "{}", a.reasons);
        assert_eq!(
            a.reasons,
            "the links that carry it quote one author only (A); 1 of the 2 links that carry it \
             is an assumption"
        );
        let a = of(&model(assumed, assumed), Confidence::High, true);
        assert_eq!(a.level, Confidence::Low);
        assert_eq!(a.reasons, "2 of the 2 links that carry it are assumptions");
        // Both estimates from two authors: quoted for direction only, moderate.
        let estimated = |q: &str| format!("{q}\nestimate = \"The number is mine.\"");
        let a = of(
            &model(&estimated(FROM_A), &estimated(FROM_B)),
            Confidence::High,
            true,
        );
        assert_eq!((a.quoted, a.estimates), (0, 2));
        assert_eq!(a.level, Confidence::Moderate);
        assert!(
            a.reasons
                .ends_with("; only 0 of the 2 are quoted for their strength")
        );
    }
}
