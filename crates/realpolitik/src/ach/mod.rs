//! Analysis of Competing Hypotheses (ACH): items of evidence rated against competing
//! hypotheses, scored by how much evidence each hypothesis is inconsistent with.
//!
//! Heuer (*Psychology of Intelligence Analysis*, 1999, ch. 8) ranks hypotheses by the evidence
//! *against* them, because evidence consistent with a hypothesis is usually consistent with
//! others too and so proves little. An item is **diagnostic** when it is rated differently
//! against different hypotheses; one rated alike against all of them cannot change a ranking,
//! and Heuer asks that it be recognised as such.
//!
//! # Scores (lower is better: the least inconsistent hypothesis leads)
//! - [`Scoring::Weighted`] (the default, PARC ACH 2.0's *weighted inconsistency*): each `I`
//!   counts 1 and each `II` counts 2, times the item's weight `w(credibility) · w(relevance)`
//!   with `w` = 1/√2, 1, √2 for low, medium, high, so an item high on both counts double and
//!   one low on both counts half. (Other ACH templates weigh 1, 2, 3; the ranking can differ.)
//! - [`Scoring::Count`]: the same without weights (PARC's plain *inconsistency score*).
//! - [`Scoring::Net`]: consistent ratings count too (`CC` −2, `C` −1, `I` +1, `II` +2, times
//!   the weight), as many spreadsheet templates do. Heuer advises against it: an analyst tends
//!   to list more evidence for the favoured hypothesis. Shown for comparison.
//!
//! `N` and `NA` count 0 under every scoring.
//!
//! [`sensitivity`] finds the items whose discrediting or re-rating changes the leading
//! hypothesis; [`monte_carlo`] draws uncertain ratings; [`cross_check`] checks a hypothesis
//! tied to factor states against the CIB and the FCM.

pub mod cross_check;
pub mod monte_carlo;
pub mod sensitivity;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::{Degree, Model, Rating};

/// How a hypothesis's evidence is turned into a score (see the module docs).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Scoring {
    /// `I` = 1, `II` = 2, times credibility × relevance weights (PARC ACH 2.0).
    #[default]
    Weighted,
    /// `I` = 1, `II` = 2, unweighted.
    Count,
    /// Inconsistent minus consistent ratings, weighted.
    Net,
}

impl Scoring {
    /// The scoring as the command line names it.
    pub fn name(self) -> &'static str {
        match self {
            Scoring::Weighted => "weighted",
            Scoring::Count => "count",
            Scoring::Net => "net",
        }
    }

    /// What the score counts, in words, for a heading or a note.
    pub fn describe(self) -> &'static str {
        match self {
            Scoring::Weighted => {
                "weighted inconsistency (PARC ACH 2.0: I = 1, II = 2, times credibility × \
                 relevance weights 1/√2, 1, √2)"
            }
            Scoring::Count => "inconsistency count (I = 1, II = 2)",
            Scoring::Net => "net inconsistency (II = 2, I = 1, C = −1, CC = −2)",
        }
    }

    /// What a rating adds to a score before the item's weight.
    pub fn points(self, rating: Rating) -> f64 {
        match self {
            Scoring::Weighted | Scoring::Count => rating.inconsistency(),
            Scoring::Net => -rating.consistency(),
        }
    }
}

/// The weight of a credibility or relevance degree: 1/√2, 1, √2.
pub fn degree_weight(d: Degree) -> f64 {
    match d {
        Degree::Low => std::f64::consts::FRAC_1_SQRT_2,
        Degree::Medium => 1.0,
        Degree::High => std::f64::consts::SQRT_2,
    }
}

/// The tolerance within which two scores are a tie.
pub const TIE: f64 = 1e-9;

/// A matrix of ratings, items × hypotheses, with each item's weight: what a score is computed
/// from (the analyst's ratings, or one Monte Carlo draw of them).
#[derive(Clone, Debug, PartialEq)]
pub struct Matrix {
    /// The number of hypotheses (columns).
    pub hypotheses: usize,
    /// One row per item, one rating per hypothesis.
    pub cells: Vec<Vec<Rating>>,
    /// Each item's credibility × relevance weight (1 for every item under [`Scoring::Count`]).
    pub weights: Vec<f64>,
}

impl Matrix {
    /// The model's matrix with the analyst's ratings.
    pub fn of(model: &Model, scoring: Scoring) -> Matrix {
        Matrix {
            hypotheses: model.hypotheses.len(),
            cells: model
                .evidence
                .iter()
                .map(|item| item.ratings.iter().map(|c| c.rating).collect())
                .collect(),
            weights: model
                .evidence
                .iter()
                .map(|item| match scoring {
                    Scoring::Count => 1.0,
                    _ => degree_weight(item.credibility) * degree_weight(item.relevance),
                })
                .collect(),
        }
    }

    /// What item `i` adds to each hypothesis's score.
    pub fn contributions(&self, i: usize, scoring: Scoring) -> Vec<f64> {
        self.cells[i]
            .iter()
            .map(|&r| self.weights[i] * scoring.points(r))
            .collect()
    }

    /// Each hypothesis's score.
    pub fn scores(&self, scoring: Scoring) -> Vec<f64> {
        let mut scores = vec![0.0; self.hypotheses];
        for (row, &w) in self.cells.iter().zip(&self.weights) {
            for (s, &r) in scores.iter_mut().zip(row) {
                *s += w * scoring.points(r);
            }
        }
        scores
    }

    /// How much item `i` separates the hypotheses: the spread (largest minus smallest) of what
    /// it adds to their scores. 0 means it adds the same to every one: it cannot change a
    /// ranking (Heuer's non-diagnostic evidence).
    pub fn diagnosticity(&self, i: usize, scoring: Scoring) -> f64 {
        let c = self.contributions(i, scoring);
        let max = c.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let min = c.iter().copied().fold(f64::INFINITY, f64::min);
        if c.is_empty() { 0.0 } else { max - min }
    }
}

/// The hypotheses with the lowest score (several on a tie), in index order.
pub fn leaders(scores: &[f64]) -> Vec<usize> {
    let best = scores.iter().copied().fold(f64::INFINITY, f64::min);
    (0..scores.len())
        .filter(|&h| scores[h] <= best + TIE)
        .collect()
}

/// Who leads, as a sentence ends: "H leads", or "H and K tie for the lead".
pub fn leaders_phrase(leaders: &[String]) -> String {
    match leaders {
        [one] => format!("{one} leads"),
        tied => format!("{} tie for the lead", tied.join(" and ")),
    }
}

/// Each hypothesis's rank, 1 for the least inconsistent; tied scores share a rank (1, 1, 3).
pub fn ranks(scores: &[f64]) -> Vec<usize> {
    scores
        .iter()
        .map(|&s| 1 + scores.iter().filter(|&&o| o < s - TIE).count())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use Rating::*;

    fn matrix(cells: Vec<Vec<Rating>>, weights: Vec<f64>) -> Matrix {
        Matrix {
            hypotheses: cells[0].len(),
            cells,
            weights,
        }
    }

    #[test]
    fn scores_count_inconsistent_ratings_times_the_weight() {
        // Hand computed: H1 = 1·1 + 2·2 = 5 (I at weight 1, II at weight 2), H2 = 0.5·1 (I at
        // weight 0.5), H3 = 0 (consistent everywhere).
        let m = matrix(
            vec![
                vec![Inconsistent, Consistent, Consistent],
                vec![VeryInconsistent, Neutral, VeryConsistent],
                vec![Neutral, Inconsistent, NotApplicable],
            ],
            vec![1.0, 2.0, 0.5],
        );
        assert_eq!(m.scores(Scoring::Weighted), [5.0, 0.5, 0.0]);
        // Net: H1 = 1 + 4 + 0 = 5; H2 = −1 + 0 + 0.5 = −0.5; H3 = −1 − 4 + 0 = −5.
        assert_eq!(m.scores(Scoring::Net), [5.0, -0.5, -5.0]);
        assert_eq!(leaders(&m.scores(Scoring::Weighted)), [2]);
        assert_eq!(ranks(&[2.0, 0.0, 2.0, 1.0]), [3, 1, 3, 2]);
        assert_eq!(leaders(&[1.0, 1.0, 2.0]), [0, 1]);
    }

    #[test]
    fn parc_weights_make_an_item_high_on_both_count_double() {
        let w = |c, r| degree_weight(c) * degree_weight(r);
        assert!((w(Degree::High, Degree::High) - 2.0).abs() < 1e-12);
        assert!((w(Degree::Low, Degree::Low) - 0.5).abs() < 1e-12);
        assert!((w(Degree::High, Degree::Low) - 1.0).abs() < 1e-12);
    }

    /// Heuer's worked example (*Psychology of Intelligence Analysis*, 1999, ch. 8, the matrix
    /// of Figure 15: will Iraq retaliate for the 1993 US bombing of its intelligence
    /// headquarters?). H1: Iraq will not retaliate; H2: it will sponsor some minor terrorist
    /// actions; H3: it is planning a major terrorist attack. The ratings are our transcription
    /// of the figure's + / − / −− (C / I / II), made from the published description; check
    /// them against the book before citing them. E1, Saddam's public statement that he would
    /// not retaliate, is Heuer's example of evidence consistent with every hypothesis.
    #[test]
    fn heuers_worked_example() {
        let m = matrix(
            vec![
                // E1 Saddam's public statement of intention not to retaliate.
                vec![Consistent, Consistent, Consistent],
                // E2 Absence of a terrorist offensive during the 1991 Gulf War.
                vec![Consistent, Consistent, Inconsistent],
                // E3 Assumption: Iraq would not want to provoke another US attack.
                vec![Consistent, Consistent, Inconsistent],
                // E4 More and longer monitored radio broadcasts to Iraqi agents.
                vec![Inconsistent, Consistent, Consistent],
                // E5 Iraqi embassies told to take increased security precautions.
                vec![Inconsistent, Consistent, Consistent],
                // E6 Assumption: not retaliating would cost Saddam unacceptable face.
                vec![VeryInconsistent, Consistent, Consistent],
            ],
            vec![1.0; 6],
        );
        let scores = m.scores(Scoring::Count);
        assert_eq!(scores, [4.0, 0.0, 2.0]);
        assert_eq!(ranks(&scores), [3, 1, 2]);
        assert_eq!(
            m.diagnosticity(0, Scoring::Count),
            0.0,
            "E1 is not diagnostic"
        );
        assert!((1..6).all(|i| m.diagnosticity(i, Scoring::Count) > 0.0));
        // No single item or one-step re-rating unseats H2; discrediting E2 and E3 together
        // brings H3 level with it.
        let s = sensitivity::sensitivity(&m, Scoring::Count);
        assert!(s.decisive_items.is_empty() && s.decisive_ratings.is_empty());
        assert_eq!(s.decisive_sets, [vec![1, 2]]);
    }

    #[test]
    fn a_non_diagnostic_item_changes_no_ranking_and_discrediting_the_only_inconsistent_item_zeroes_a_score()
     {
        let base = matrix(
            vec![
                vec![Inconsistent, Consistent, Neutral],
                vec![Consistent, VeryInconsistent, Inconsistent],
                vec![Neutral, Inconsistent, VeryConsistent],
            ],
            vec![2.0, 1.0, 0.5],
        );
        for scoring in [Scoring::Weighted, Scoring::Count, Scoring::Net] {
            for flat in [Consistent, Neutral, Inconsistent, VeryInconsistent] {
                let mut more = base.clone();
                more.cells.push(vec![flat; 3]);
                more.weights.push(1.5);
                assert_eq!(more.diagnosticity(3, scoring), 0.0);
                assert_eq!(
                    ranks(&more.scores(scoring)),
                    ranks(&base.scores(scoring)),
                    "{scoring:?} {flat:?}"
                );
            }
        }
        // Item 0 is H0's only inconsistent item: discredited, H0 scores 0.
        let mut without = base.clone();
        without.weights[0] = 0.0;
        assert_eq!(base.scores(Scoring::Weighted)[0], 2.0);
        assert_eq!(without.scores(Scoring::Weighted)[0], 0.0);
    }

    #[test]
    fn an_item_rated_alike_against_every_hypothesis_is_not_diagnostic() {
        let m = matrix(
            vec![
                vec![Consistent, Consistent, Consistent],
                vec![Inconsistent, Inconsistent, Inconsistent],
                vec![Consistent, VeryConsistent, Neutral],
                vec![Inconsistent, Consistent, VeryInconsistent],
            ],
            vec![1.0, 1.0, 1.0, 2.0],
        );
        assert_eq!(m.diagnosticity(0, Scoring::Weighted), 0.0);
        assert_eq!(m.diagnosticity(1, Scoring::Weighted), 0.0);
        // Consistent ratings separate nothing in an inconsistency score, but do in a net one.
        assert_eq!(m.diagnosticity(2, Scoring::Weighted), 0.0);
        assert_eq!(m.diagnosticity(2, Scoring::Net), 2.0);
        assert_eq!(m.diagnosticity(3, Scoring::Weighted), 4.0);
    }
}
