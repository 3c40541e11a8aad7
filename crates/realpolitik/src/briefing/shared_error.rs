//! Correlated error: judgments that share a source, or a passage, are wrong together.
//!
//! The Monte Carlo draws each link's weight independently, so errors that share a cause average
//! out: an author who overstates one effect of the coalition's visibility likely overstates the
//! others, and a passage quoted for three links carries one judgment, not three. This line of
//! the confidence breakdown moves such a **group** of links together, one step of the
//! linguistic scale weaker and one step stronger, and asks whether the verdict survives:
//!
//! - every group of links quoting one **source**;
//! - every group of two or more links out of one **factor** quoting one source (one author's
//!   view of what that factor does, e.g. every effect of the coalition's visibility);
//! - every group of two or more links quoting one **passage** (the same quote);
//! - every group of two or more links with the same **claim**.
//!
//! One step: a link written as a term moves to the neighbouring term of the same sign (the
//! weakest goes to 0, the strongest stays); a link written as a number moves by a quarter, the
//! default scale's spacing, in magnitude, within [0, 1] and never across 0.

use super::confidence::{Line, Varies, line};
use super::judge::{Judge, Tweak};
use crate::fcm::Settings;
use crate::model::{Judged, Model};

/// The spacing of the default scale's terms, the step of a link written as a number.
pub const NUMBER_STEP: f64 = 0.25;

/// Link `l`'s weight one step weaker or stronger (see the module docs).
pub fn one_step(model: &Model, l: usize, stronger: bool) -> f64 {
    let link = &model.links[l];
    let nominal = link.weight.nominal();
    let sign = nominal.signum();
    if let Some(term) = &link.term {
        let same_sign = super::counterfactual::same_sign_terms(model, nominal);
        if let Some(i) = same_sign.iter().position(|(_, n)| n == term) {
            return match (stronger, i) {
                (false, 0) => 0.0,
                (false, i) => same_sign[i - 1].0,
                (true, i) => same_sign.get(i + 1).map_or(nominal, |t| t.0),
            };
        }
    }
    let step = if stronger { NUMBER_STEP } else { -NUMBER_STEP };
    sign * (nominal.abs() + step).clamp(0.0, 1.0)
}

/// The groups of links that share a source, a passage or a claim: (what they share, links).
pub fn groups(model: &Model) -> Vec<(String, Vec<usize>)> {
    let mut all: Vec<(String, Vec<usize>)> = Vec::new();
    let mut add = |name: String, l: usize| match all.iter_mut().find(|g| g.0 == name) {
        Some(g) if !g.1.contains(&l) => g.1.push(l),
        Some(_) => {}
        None => all.push((name, vec![l])),
    };
    for (l, link) in model.links.iter().enumerate() {
        for c in &link.evidence.citations {
            add(format!("source {}", model.sources[c.source].id), l);
        }
    }
    for (l, link) in model.links.iter().enumerate() {
        for c in &link.evidence.citations {
            add(
                format!(
                    "source {} on what {} does",
                    model.sources[c.source].id, model.factors[link.from].id
                ),
                l,
            );
        }
    }
    for (l, link) in model.links.iter().enumerate() {
        for c in &link.evidence.citations {
            add(format!("the passage “{}”", c.quote), l);
        }
        if let Some(claim) = &link.claim {
            add(format!("the claim “{claim}”"), l);
        }
    }
    let one_source = |name: &str| name.starts_with("source ") && !name.contains(" on what ");
    all.retain(|(name, links)| one_source(name) || links.len() > 1);
    all
}

/// The shared-error line for option `o`'s verdict.
pub fn shared_error_line(judge: &Judge<'_>, o: usize, verdict: Judged, s: &Settings) -> Line {
    let model = judge.model;
    let groups = groups(model);
    let mut runs = Vec::new();
    for (shared, links) in &groups {
        for stronger in [false, true] {
            let tweak = Tweak {
                links: links
                    .iter()
                    .map(|&l| {
                        let link = &model.links[l];
                        (link.from, link.to, one_step(model, l, stronger))
                    })
                    .collect(),
                ..Tweak::none()
            };
            let name = format!(
                "the {} links quoting {shared} one step {}",
                links.len(),
                if stronger { "stronger" } else { "weaker" }
            );
            runs.push((name, judge.net(0, o, &tweak, s)));
        }
    }
    let what = format!(
        "errors the judgments share: the links quoting one source, one passage or one claim \
         moved together one step weaker and one step stronger ({} group(s), {} runs)",
        groups.len(),
        runs.len()
    );
    line(Varies::SharedError, what, verdict, runs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_step_along_the_scale_or_by_a_quarter() {
        // The example: carbon_price → emissions "-strong" (−0.75), → coal_jobs the interval
        // [−0.6, −0.2] (nominal −0.4), gas_shock → emissions 0.3, coal_jobs → carbon_price
        // "+moderately" (the model's own term).
        let model = crate::example_model();
        let weight = |l: usize| model.links[l].weight.nominal();
        assert_eq!(weight(0), -0.75);
        assert_eq!(one_step(&model, 0, false), -0.5);
        assert!((one_step(&model, 0, true) + 11.0 / 12.0).abs() < 1e-12);
        assert!((one_step(&model, 1, false) - (weight(1) + 0.25)).abs() < 1e-12);
        assert!((one_step(&model, 1, true) - (weight(1) - 0.25)).abs() < 1e-12);
        assert!((one_step(&model, 2, true) - 0.55).abs() < 1e-12);
        assert!((one_step(&model, 2, false) - 0.05).abs() < 1e-12);
    }

    #[test]
    fn the_weakest_term_goes_to_zero_and_the_strongest_stays() {
        let text = "[model]\ntitle = \"t\"\n\
            [[factors]]\nid = \"a\"\nlabel = \"A\"\nrole = \"mechanism\"\n[[factors]]\nid = \"b\"\nlabel = \"B\"\nrole = \"mechanism\"\n\
            [[links]]\nfrom = \"a\"\nto = \"b\"\nweight = \"-very_weak\"\n\
            [[links]]\nfrom = \"b\"\nto = \"a\"\nweight = \"+very_strong\"\n";
        let model = crate::model::from_text(text).model;
        assert_eq!(one_step(&model, 0, false), 0.0);
        assert_eq!(one_step(&model, 0, true), -0.25);
        assert_eq!(one_step(&model, 1, true), model.links[1].weight.nominal());
        assert_eq!(one_step(&model, 1, false), 0.75);
    }

    #[test]
    fn groups_by_source_passage_and_claim() {
        // The example quotes one source, "brief", from two links out of the carbon price with
        // two passages: the source's group and the price's.
        let model = crate::example_model();
        let g = groups(&model);
        assert_eq!(
            g,
            [
                ("source brief".to_owned(), vec![0, 1]),
                (
                    "source brief on what carbon_price does".to_owned(),
                    vec![0, 1]
                )
            ]
        );
        // Moving both quoted links together, weaker then stronger: two runs; the price still
        // lowers emissions in both.
        let judge = Judge::new(&model);
        let l = shared_error_line(&judge, 0, Judged::Better, &Settings::default());
        assert_eq!((l.runs, l.agree), (4, 4));
    }
}
