//! Why one scenario is, or is not, consistent: ScenarioWizard's impact diagram, with the
//! judgments that decide each descriptor.
//!
//! For a scenario z and each descriptor j, the impact balance θ_{j,b}(z) of every variant b is
//! given in [`super::score`]. The best rival is r_j = argmax_{b≠z_j} θ_{j,b} (the lowest index
//! on a tie), and the gap is g_j = θ_{j,z_j} − θ_{j,r_j}. Fixed descriptors are shown but not
//! judged, as in the search.
//!
//! The verdict:
//! - z is consistent when no judged gap is negative;
//! - marginal when some gap is negative but the inconsistency max_j(−g_j) is within the
//!   accepted threshold t;
//! - inconsistent beyond t.
//!
//! A gap is a sum over the source descriptors i: g_j = Σ_i (C[(i,z_i),(j,z_j)] − C[(i,z_i),(j,r_j)]).
//! So the judgments that decide descriptor j are the pairs of cells with the largest terms, of
//! either sign. These are the cells an analyst would revisit.

use super::matrix::Matrix;
use super::score::{Scores, balance};
use super::solution::{Constraints, Solution};

/// How a scenario fares against the accepted inconsistency.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Every judged descriptor's chosen variant has the highest score (ties included).
    Consistent,
    /// Inconsistent, but within the accepted inconsistency.
    Marginal,
    /// Inconsistent beyond the accepted inconsistency.
    Inconsistent,
}

/// What one source descriptor, in its chosen variant, contributes to a descriptor's gap.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Push {
    /// The source descriptor i.
    pub source: usize,
    /// C[(i,z_i),(j,z_j)]: its judgment on the chosen variant.
    pub for_chosen: i32,
    /// C[(i,z_i),(j,r_j)]: its judgment on the best rival.
    pub for_rival: i32,
}

impl Push {
    /// Its term of the gap: positive holds the chosen variant, negative pushes to the rival.
    pub fn net(&self) -> i64 {
        i64::from(self.for_chosen) - i64::from(self.for_rival)
    }
}

/// One descriptor's impact balance under the scenario.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DescriptorBalance {
    /// The descriptor j.
    pub descriptor: usize,
    /// Its chosen variant z_j.
    pub chosen: usize,
    /// θ_{j,b} for every variant b.
    pub scores: Vec<i64>,
    /// The best rival r_j (none with a single variant).
    pub rival: Option<usize>,
    /// g_j = θ_{j,z_j} − θ_{j,r_j} (none with a single variant).
    pub gap: Option<i64>,
    /// Whether the descriptor is fixed, so not judged.
    pub fixed: bool,
    /// The source descriptors whose term of the gap is not zero, the largest first (by
    /// magnitude, then by source). Empty without a rival.
    pub pushes: Vec<Push>,
}

/// A checked scenario.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImpactCheck {
    /// The scenario z (0-based variants).
    pub scenario: Vec<usize>,
    /// Its scores (fixed descriptors not judged; TIS over all).
    pub scores: Scores,
    /// Consistent, marginal or inconsistent under the constraints' threshold.
    pub verdict: Verdict,
    /// Every descriptor's balance, in order.
    pub descriptors: Vec<DescriptorBalance>,
}

/// Checks `scenario` under `constraints`: its balances, gaps, deciding judgments and verdict.
/// The scenario must have one valid variant per descriptor.
///
/// With conditional judgments, the pushes are read from the matrix of the scenario's own
/// context ([`Matrix::in_context`]), so a gated block counts in its source's push.
pub fn check(m: &Matrix, scenario: &[usize], constraints: &Constraints) -> ImpactCheck {
    let in_context;
    let m = if m.gates().is_empty() {
        m
    } else {
        in_context = m.in_context(scenario);
        &in_context
    };
    let theta = balance(m, scenario);
    let scores = Solution::new(m, scenario.to_vec(), constraints).scores;
    let verdict = if scores.inconsistency == 0 {
        Verdict::Consistent
    } else if scores.inconsistency <= constraints.max_inconsistency {
        Verdict::Marginal
    } else {
        Verdict::Inconsistent
    };
    let descriptors = (0..m.descriptor_count())
        .map(|j| {
            let chosen = scenario[j];
            let scores = theta[m.offset(j)..m.offset(j) + m.variant_count(j)].to_vec();
            let rival = (0..scores.len())
                .filter(|&b| b != chosen)
                .max_by(|&a, &b| scores[a].cmp(&scores[b]).then(b.cmp(&a)));
            let mut pushes: Vec<Push> = match rival {
                Some(r) => (0..m.descriptor_count())
                    .map(|i| Push {
                        source: i,
                        for_chosen: m.impact(i, scenario[i], j, chosen),
                        for_rival: m.impact(i, scenario[i], j, r),
                    })
                    .filter(|p| p.net() != 0)
                    .collect(),
                None => Vec::new(),
            };
            pushes.sort_by(|a, b| {
                b.net()
                    .abs()
                    .cmp(&a.net().abs())
                    .then(a.source.cmp(&b.source))
            });
            DescriptorBalance {
                descriptor: j,
                chosen,
                gap: rival.map(|r| scores[chosen] - scores[r]),
                rival,
                scores,
                fixed: constraints.fixed(j).is_some(),
                pushes,
            }
        })
        .collect();
    ImpactCheck {
        scenario: scenario.to_vec(),
        scores,
        verdict,
        descriptors,
    }
}

#[cfg(test)]
mod tests {
    use super::super::cases::case_matrix;
    use super::super::matrix::tests::matrix;
    use super::super::search::search;
    use super::*;

    /// The hand-computed matrix of [`super::super::score`]'s test: D0:v0 promotes D1:v0 (+2)
    /// and demotes D1:v1 (−1); D1:v0 promotes D0:v1 (+1).
    fn hand() -> Matrix {
        matrix(
            &[2, 2],
            vec![
                0, 0, 2, -1, //
                0, 0, 0, 0, //
                0, 1, 0, 0, //
                0, 0, 0, 0, //
            ],
        )
    }

    #[test]
    fn balances_gaps_and_pushes_by_hand() {
        let m = hand();
        // z = (v0, v0): θ_0 = (0, 1), θ_1 = (2, −1).
        let c = check(&m, &[0, 0], &Constraints::consistent());
        assert_eq!(c.verdict, Verdict::Inconsistent);
        assert_eq!(c.scores.inconsistency, 1);
        let d0 = &c.descriptors[0];
        assert_eq!(
            (d0.scores.clone(), d0.rival, d0.gap),
            (vec![0, 1], Some(1), Some(-1))
        );
        // D1 = v0 pushes D0 to its rival v1: term 0 − 1.
        assert_eq!(
            d0.pushes,
            vec![Push {
                source: 1,
                for_chosen: 0,
                for_rival: 1
            }]
        );
        let d1 = &c.descriptors[1];
        assert_eq!(
            (d1.scores.clone(), d1.rival, d1.gap),
            (vec![2, -1], Some(1), Some(3))
        );
        assert_eq!(d1.pushes[0].net(), 3);
        // Within a threshold of 1 the same scenario is marginal; fixing D0 leaves D1 judged
        // alone, and D1 holds.
        let t1 = Constraints::max_inconsistency(1);
        assert_eq!(check(&m, &[0, 0], &t1).verdict, Verdict::Marginal);
        let fixed = Constraints {
            fixed: vec![Some(0), None],
            ..Constraints::consistent()
        };
        let c = check(&m, &[0, 0], &fixed);
        assert_eq!(c.verdict, Verdict::Consistent);
        assert!(c.descriptors[0].fixed && !c.descriptors[1].fixed);
    }

    #[test]
    fn a_tie_for_the_best_is_consistent_with_gap_zero() {
        // z = (v1, v0): θ_1 = (0, 0), a tie; the rival is the other variant.
        let c = check(&hand(), &[1, 0], &Constraints::consistent());
        assert_eq!(c.verdict, Verdict::Consistent);
        assert_eq!(
            (c.descriptors[1].rival, c.descriptors[1].gap),
            (Some(1), Some(0))
        );
    }

    #[test]
    fn every_gap_is_the_sum_of_its_pushes_and_the_verdict_matches_the_search() {
        let m = case_matrix("cibsa_CIB_global");
        let consistent = search(&m, &Constraints::consistent());
        let radix: Vec<usize> = (0..3).map(|j| m.variant_count(j)).collect();
        assert_eq!(radix.iter().product::<usize>(), 36);
        for index in 0..36 {
            let z = vec![
                index / (radix[1] * radix[2]),
                index / radix[2] % radix[1],
                index % radix[2],
            ];
            let c = check(&m, &z, &Constraints::consistent());
            for d in &c.descriptors {
                let sum: i64 = d.pushes.iter().map(Push::net).sum();
                assert_eq!(Some(sum), d.gap, "{z:?}");
                assert!(
                    d.pushes
                        .windows(2)
                        .all(|w| w[0].net().abs() >= w[1].net().abs())
                );
            }
            let found = consistent.iter().any(|s| s.variants == z);
            assert_eq!(c.verdict == Verdict::Consistent, found, "{z:?}");
        }
    }
}
