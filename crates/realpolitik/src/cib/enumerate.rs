//! The exhaustive enumerator: every scenario visited, kept as the cross-check of
//! [`super::search`].
//!
//! Scenarios are visited in odometer order (the last descriptor changes fastest). The impact
//! balance θ of all variants is kept up to date incrementally: when descriptor i moves from
//! variant a to b, θ += C[(i,b),·] − C[(i,a),·], one row of the matrix instead of a full
//! recomputation. A scenario is accepted when every judged descriptor j has
//! max_b θ_{j,b} − θ_{j,z_j} ≤ t. The first descriptors' variants are split into fixed chunks run
//! in parallel; the result is sorted with [`sort_solutions`], so it does not depend on the
//! thread count. A matrix with conditional judgments has its balance recomputed in full for
//! every scenario ([`super::score::balance`]), since a move of a gating descriptor changes
//! other blocks' contributions.

use rayon::prelude::*;

use super::matrix::Matrix;
use super::score::{add_row, balance};
use super::solution::{Constraints, Solution, sort_solutions};

/// Every scenario meeting `constraints`, by visiting all of them.
///
/// # Panics
/// If `constraints` do not fit the matrix (see [`Constraints::validate`]).
pub fn enumerate(m: &Matrix, constraints: &Constraints) -> Vec<Solution> {
    if let Err(e) = constraints.validate(m) {
        panic!("invalid constraints: {e}");
    }
    let n = m.descriptor_count();
    // Split on leading descriptors until there are at least 64 chunks (or none left).
    let mut split = 0;
    let mut chunks = 1usize;
    while split < n && chunks < 64 {
        chunks *= constraints.domain(m, split).len();
        split += 1;
    }
    let prefixes: Vec<Vec<usize>> = (0..chunks)
        .map(|mut k| {
            let mut prefix = vec![0; split];
            for j in (0..split).rev() {
                let domain = constraints.domain(m, j);
                prefix[j] = domain.start + k % domain.len();
                k /= domain.len();
            }
            prefix
        })
        .collect();
    let mut all: Vec<Solution> = prefixes
        .par_iter()
        .flat_map_iter(|prefix| enumerate_from(m, constraints, prefix))
        .collect();
    sort_solutions(&mut all);
    all
}

/// All scenarios beginning with `prefix`, in odometer order.
fn enumerate_from(m: &Matrix, constraints: &Constraints, prefix: &[usize]) -> Vec<Solution> {
    let n = m.descriptor_count();
    let t = constraints.max_inconsistency;
    let judged: Vec<usize> = (0..n).filter(|&j| constraints.fixed(j).is_none()).collect();
    let domains: Vec<std::ops::Range<usize>> = (0..n).map(|j| constraints.domain(m, j)).collect();
    let mut z: Vec<usize> = (0..n)
        .map(|j| prefix.get(j).copied().unwrap_or(domains[j].start))
        .collect();
    let mut theta = vec![0i64; m.variant_total()];
    for (i, &v) in z.iter().enumerate() {
        add_row(&mut theta, m.row(m.offset(i) + v), 1);
    }
    let mut found = Vec::new();
    let gated = !m.gates().is_empty();
    loop {
        if gated {
            theta = balance(m, &z);
        }
        let ok = judged.iter().all(|&j| {
            let scores = &theta[m.offset(j)..m.offset(j) + m.variant_count(j)];
            let best = scores.iter().copied().max().unwrap_or(0);
            best - scores[z[j]] <= t
        });
        if ok {
            found.push(Solution::new(m, z.clone(), constraints));
        }
        // Advance the odometer over the descriptors after the prefix.
        let mut j = n;
        loop {
            if j == prefix.len() {
                return found;
            }
            j -= 1;
            let old = z[j];
            let new = if old + 1 < domains[j].end {
                old + 1
            } else {
                domains[j].start
            };
            if new != old {
                add_row(&mut theta, m.row(m.offset(j) + old), -1);
                add_row(&mut theta, m.row(m.offset(j) + new), 1);
                z[j] = new;
            }
            if new != domains[j].start {
                break;
            }
        }
    }
}
