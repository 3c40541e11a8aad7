//! Scores of one scenario: impact balances, consistency, inconsistency, consistency value and
//! total impact score (Weimer-Jehle 2006).
//!
//! For a scenario z (one variant z_j per descriptor j):
//! - impact score θ_{j,b}(z) = Σ_{i≠j} C[(i,z_i),(j,b)]; the vector θ_{j,·} is j's impact balance
//!   (a filled self block i = j is added too, as ScenarioWizard does: see [`super::matrix`]);
//! - inconsistency of j = max_b θ_{j,b} − θ_{j,z_j}; of z, the maximum over descriptors;
//! - z is consistent when its inconsistency is 0: every chosen variant has the maximum score
//!   (a tie for the maximum counts as consistent);
//! - consistency value = min over descriptors of (θ_{j,z_j} − max_{b≠z_j} θ_{j,b}): 0 on a tie,
//!   negative for an inconsistent scenario (descriptors with one variant have no rival and are
//!   left out; with no rival anywhere it is 0);
//! - total impact score TIS = Σ_j θ_{j,z_j}.
//!
//! A matrix with conditional judgments adds each gate's block for the scenario's context
//! ([`super::matrix::Gate`]) to θ; every score above is then read from that θ.

use serde::Serialize;

use super::matrix::Matrix;

/// The scores of a scenario.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Scores {
    /// Total impact score, Σ_j θ_{j,z_j}.
    pub tis: i64,
    /// Consistency value: min over descriptors of the chosen score minus the best rival's.
    pub consistency: i64,
    /// Inconsistency: max over descriptors of the best score minus the chosen one.
    pub inconsistency: i64,
}

/// The impact scores θ of every variant under `scenario`, as a flat vector (descriptor `j`'s
/// balance is `θ[m.offset(j) .. m.offset(j) + m.variant_count(j)]`).
pub fn balance(m: &Matrix, scenario: &[usize]) -> Vec<i64> {
    let mut theta = vec![0i64; m.variant_total()];
    for (i, &v) in scenario.iter().enumerate() {
        add_row(&mut theta, m.row(m.offset(i) + v), 1);
    }
    for g in m.gates() {
        let k_to = m.variant_count(g.to);
        let row = &g.blocks[scenario[g.on]][scenario[g.from] * k_to..][..k_to];
        add_row(&mut theta[m.offset(g.to)..], row, 1);
    }
    theta
}

/// `theta += sign · row`.
pub(crate) fn add_row(theta: &mut [i64], row: &[i32], sign: i64) {
    for (t, &c) in theta.iter_mut().zip(row) {
        *t += sign * i64::from(c);
    }
}

/// The scores of a scenario given its balance `theta` (from [`balance`]).
pub fn scores_from_balance(m: &Matrix, scenario: &[usize], theta: &[i64]) -> Scores {
    scores_judged(m, scenario, theta, |_| true)
}

/// The scores of a scenario.
pub fn scores(m: &Matrix, scenario: &[usize]) -> Scores {
    scores_from_balance(m, scenario, &balance(m, scenario))
}

/// Scores over the descriptors `judged` selects (TIS over all of them).
pub(crate) fn scores_judged(
    m: &Matrix,
    scenario: &[usize],
    theta: &[i64],
    judged: impl Fn(usize) -> bool,
) -> Scores {
    let mut tis = 0;
    let mut consistency: Option<i64> = None;
    let mut inconsistency = 0;
    for (j, &z) in scenario.iter().enumerate() {
        let scores = &theta[m.offset(j)..m.offset(j) + m.variant_count(j)];
        tis += scores[z];
        if !judged(j) {
            continue;
        }
        let rival = scores
            .iter()
            .enumerate()
            .filter(|&(b, _)| b != z)
            .map(|(_, &s)| s)
            .max();
        if let Some(rival) = rival {
            let margin = scores[z] - rival;
            consistency = Some(consistency.map_or(margin, |c| c.min(margin)));
            inconsistency = inconsistency.max(-margin);
        }
    }
    Scores {
        tis,
        consistency: consistency.unwrap_or(0),
        inconsistency,
    }
}

/// The inconsistency of each descriptor: max_b θ_{j,b} − θ_{j,z_j}.
pub fn descriptor_inconsistency(m: &Matrix, scenario: &[usize], theta: &[i64]) -> Vec<i64> {
    scenario
        .iter()
        .enumerate()
        .map(|(j, &z)| {
            let scores = &theta[m.offset(j)..m.offset(j) + m.variant_count(j)];
            scores.iter().max().copied().unwrap_or(0) - scores[z]
        })
        .collect()
}

/// Whether every descriptor's chosen variant has the maximum impact score.
pub fn is_consistent(m: &Matrix, scenario: &[usize]) -> bool {
    scores(m, scenario).inconsistency == 0
}

#[cfg(test)]
mod tests {
    use super::super::matrix::tests::matrix;
    use super::*;

    #[test]
    fn scores_follow_the_definitions_by_hand() {
        // Two descriptors with two variants; D0:v0 promotes D1:v0 (+2), D1:v0 promotes D0:v1 (+1).
        let m = matrix(
            &[2, 2],
            vec![
                0, 0, 2, -1, //
                0, 0, 0, 0, //
                0, 1, 0, 0, //
                0, 0, 0, 0, //
            ],
        );
        // z = (v0, v0): θ_0 = (0, 1), θ_1 = (2, −1).
        assert_eq!(balance(&m, &[0, 0]), vec![0, 1, 2, -1]);
        let s = scores(&m, &[0, 0]);
        assert_eq!(
            s,
            Scores {
                tis: 2,
                consistency: -1,
                inconsistency: 1
            }
        );
        // z = (v1, v0): θ_0 = (0, 1), θ_1 = (0, 0): a tie on D1 is consistent with value 0.
        let s = scores(&m, &[1, 0]);
        assert_eq!(
            s,
            Scores {
                tis: 1,
                consistency: 0,
                inconsistency: 0
            }
        );
        assert!(is_consistent(&m, &[1, 1]));
        assert_eq!(
            descriptor_inconsistency(&m, &[0, 0], &balance(&m, &[0, 0])),
            vec![1, 0]
        );
    }
}
