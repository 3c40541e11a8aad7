//! Exact basin weights under any succession rule: for every attractor, how many of the
//! Π_j k_j start scenarios end in it.
//!
//! Global succession has the grouped count of [`super::basins`], which never visits most starts.
//! Adiabatic and local succession move one descriptor per step, chosen by comparing every
//! descriptor's inconsistency, so a start's successor depends on its whole balance and starts
//! cannot be grouped the same way. Here every start is visited once instead: succession is a
//! function on a finite space (each scenario has one successor), so following each unvisited
//! start until it meets a scenario already assigned, or closes a cycle on its own path, assigns
//! every scenario to its attractor with one step computed per scenario. The walk is sequential
//! and in index order, so the result does not depend on the thread count. Memory is one `u32`
//! per scenario (and one bit for the successor count): callers bound the space first.

use super::basins::{Basins, basins_with_progress, ranked};
use super::matrix::Matrix;
use super::succession::{Attractor, Rule, cycle_attractor, step};
use crate::progress::Progress;

/// Not visited yet.
const UNSEEN: u32 = u32::MAX;
/// On the path being followed.
const ON_PATH: u32 = u32::MAX - 1;

/// Exact basins of `rule` over every start scenario, heaviest first (then by attractor).
/// Global succession uses the grouped count, except on a matrix with conditional judgments
/// (whose grouping by blocks does not hold); the other rules visit every start.
///
/// Returns `None` when the number of scenarios does not fit in memory's index range.
pub fn basins_by_rule(m: &Matrix, rule: Rule, progress: &dyn Progress) -> Option<Basins> {
    match rule {
        Rule::Global if m.gates().is_empty() => basins_with_progress(m, progress),
        _ => walk(m, rule, progress),
    }
}

/// Visits every start once, as described above.
fn walk(m: &Matrix, rule: Rule, progress: &dyn Progress) -> Option<Basins> {
    let total = usize::try_from(m.scenario_count()?).ok()?;
    let radix: Vec<usize> = (0..m.descriptor_count())
        .map(|j| m.variant_count(j))
        .collect();
    let mut state = vec![UNSEEN; total];
    let mut successors = vec![0u64; total.div_ceil(64)];
    let mut found: Vec<Attractor> = Vec::new();
    let mut weights: Vec<u128> = Vec::new();
    let mut path: Vec<usize> = Vec::new();
    const CHUNK: usize = 1 << 12;
    progress.start("Basin weights", total.div_ceil(CHUNK) as u64);
    for start in 0..total {
        if start % CHUNK == CHUNK - 1 {
            progress.advance(1);
        }
        if state[start] != UNSEEN {
            continue;
        }
        let mut x = start;
        let attractor = loop {
            match state[x] {
                UNSEEN => {
                    state[x] = ON_PATH;
                    path.push(x);
                    let next = encode(&radix, &step(m, &decode(&radix, x), rule));
                    successors[next / 64] |= 1 << (next % 64);
                    x = next;
                }
                ON_PATH => {
                    let first = path.iter().position(|&p| p == x).unwrap_or(0);
                    let cycle: Vec<Vec<usize>> =
                        path[first..].iter().map(|&p| decode(&radix, p)).collect();
                    found.push(match <[_; 1]>::try_from(cycle) {
                        Ok([scenario]) => Attractor::Fixed { scenario },
                        Err(states) => cycle_attractor(states),
                    });
                    weights.push(0);
                    break found.len() - 1;
                }
                known => break known as usize,
            }
        };
        weights[attractor] += path.len() as u128;
        for p in path.drain(..) {
            state[p] = attractor as u32;
        }
    }
    progress.finish();
    let basins = ranked(found, weights);
    Some(Basins {
        basins,
        starts: total as u128,
        successors: successors.iter().map(|w| w.count_ones() as usize).sum(),
    })
}

/// A scenario's index in the space: mixed radix, the first descriptor most significant.
fn encode(radix: &[usize], z: &[usize]) -> usize {
    z.iter().zip(radix).fold(0, |index, (&v, &k)| index * k + v)
}

fn decode(radix: &[usize], mut index: usize) -> Vec<usize> {
    let mut z = vec![0; radix.len()];
    for (v, &k) in z.iter_mut().zip(radix).rev() {
        *v = index % k;
        index /= k;
    }
    z
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use proptest::prelude::*;

    use super::*;
    use crate::cib::basins::basins;
    use crate::cib::cases::case_matrix;
    use crate::cib::search::tests::small_matrix;
    use crate::cib::succession::succession;
    use crate::progress::NoProgress;

    /// Every start followed on its own: the definition the walk must reproduce.
    fn by_definition(m: &Matrix, rule: Rule) -> BTreeMap<Attractor, u128> {
        let radix: Vec<usize> = (0..m.descriptor_count())
            .map(|j| m.variant_count(j))
            .collect();
        let total: usize = radix.iter().product();
        let mut counts = BTreeMap::<Attractor, u128>::new();
        for index in 0..total {
            let path = succession(m, &decode(&radix, index), rule);
            *counts.entry(path.attractor).or_default() += 1;
        }
        counts
    }

    fn check_every_rule(m: &Matrix) {
        for rule in [Rule::Global, Rule::Adiabatic, Rule::Local] {
            let b = basins_by_rule(m, rule, &NoProgress).unwrap();
            let counted: BTreeMap<Attractor, u128> = b
                .basins
                .iter()
                .map(|x| (x.attractor.clone(), x.weight))
                .collect();
            assert_eq!(counted, by_definition(m, rule), "{rule:?}");
            assert_eq!(b.starts, m.scenario_count().unwrap());
            assert!(b.basins.windows(2).all(|w| w[0].weight >= w[1].weight));
        }
    }

    #[test]
    fn every_rule_matches_succession_from_every_start_of_the_published_small_cases() {
        for case in ["cibsa_CIB_global", "lloyd_schweizer_2014_example"] {
            check_every_rule(&case_matrix(case));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        #[test]
        fn every_rule_matches_succession_from_every_start(m in small_matrix()) {
            check_every_rule(&m);
        }

        /// Two independent counts of the same thing: the walk on global succession and the
        /// grouped count must give the same basins, in the same order.
        #[test]
        fn the_walk_agrees_with_the_grouped_global_count(m in small_matrix()) {
            let walked = walk(&m, Rule::Global, &NoProgress).unwrap();
            let grouped = basins(&m).unwrap();
            prop_assert_eq!(walked.basins, grouped.basins);
            prop_assert_eq!(walked.starts, grouped.starts);
        }
    }

    #[test]
    fn indices_round_trip_first_descriptor_most_significant() {
        let radix = [3, 2, 4];
        // (1, 0, 3) is 1·(2·4) + 0·4 + 3.
        assert_eq!(encode(&radix, &[1, 0, 3]), 11);
        assert_eq!(encode(&radix, &[2, 1, 0]), 20);
        for index in 0..24 {
            assert_eq!(encode(&radix, &decode(&radix, index)), index);
        }
    }
}
