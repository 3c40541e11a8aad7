//! Exact basin weights of global succession: for every attractor (consistent scenario or
//! cycle), how many of the Π_j k_j start scenarios end in it. Counts are `u128`, so they cannot
//! saturate (ScenarioWizard's stop at 2^24).
//!
//! Visiting every start is too slow for large spaces (408 million for `cibsa_CIB_nested`), so
//! starts are grouped by what determines their successor. The successor z' of a start z has
//! z'_j = the best variant of j under θ_{j,·}(z) (tie rule of [`super::succession`]). Starts are
//! assigned descriptor by descriptor (most influential first); with the partial balance P and
//! the rest U unassigned, the lead of j's variant a over b lies between
//! P_{j,a} − P_{j,b} − R_{j,b,a} and P_{j,a} − P_{j,b} + R_{j,a,b} (R as in [`super::search`]).
//! z'_j is settled when
//! - j is assigned and its variant z_j leads every rival by ≥ 0 under every completion (kept), or
//! - some variant a leads every rival by > 0 under every completion (it is the unique best), or
//! - j is assigned and no unassigned descriptor acts on j (θ_j is known exactly).
//!
//! Once every z'_j is settled, all Π_{i∈U} k_i completions share the successor z': they are
//! counted at once. Each distinct successor is then followed to its attractor (memoised), and
//! the counts are summed. Subtrees are searched in parallel; counts are exact integers added
//! in any order, so the result does not depend on the thread count.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use rayon::prelude::*;
use serde::Serialize;

use super::matrix::Matrix;
use super::score::add_row;
use super::succession::{Attractor, Rule, step, succession};
use crate::progress::{NoProgress, Progress};

/// An attractor and how many start scenarios reach it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Basin {
    /// The consistent scenario or cycle.
    pub attractor: Attractor,
    /// The number of start scenarios whose global succession ends in it.
    pub weight: u128,
}

/// All basins of global succession, heaviest first (then by attractor).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Basins {
    /// Each attractor with its weight.
    pub basins: Vec<Basin>,
    /// The number of start scenarios (the sum of the weights).
    pub starts: u128,
    /// The number of distinct successors the starts were grouped into.
    pub successors: usize,
}

impl Basins {
    /// The weight of the basin of a consistent scenario (0 if it is not an attractor).
    pub fn weight_of(&self, scenario: &[usize]) -> u128 {
        self.basins
            .iter()
            .find(|b| matches!(&b.attractor, Attractor::Fixed { scenario: s } if s == scenario))
            .map_or(0, |b| b.weight)
    }

    /// The total weight of the cycles.
    pub fn in_cycles(&self) -> u128 {
        self.basins
            .iter()
            .filter(|b| matches!(b.attractor, Attractor::Cycle { .. }))
            .map(|b| b.weight)
            .sum()
    }
}

/// A fast deterministic hasher for successor keys (scenario indices): a multiply-xorshift
/// mix, enough for integers that are already spread.
#[derive(Default)]
struct IndexHasher(u64);

impl Hasher for IndexHasher {
    fn finish(&self) -> u64 {
        let x = self.0.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        x ^ (x >> 29)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x100_0000_01B3);
        }
    }

    fn write_u128(&mut self, i: u128) {
        self.0 = (self.0 ^ (i as u64) ^ ((i >> 64) as u64).rotate_left(17))
            .wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    }
}

/// Successor counts keyed by the successor's index in the scenario space (mixed radix, the
/// first descriptor most significant).
type Counts = HashMap<u128, u128, BuildHasherDefault<IndexHasher>>;

/// Exact basin weights of global succession over every start scenario, grouped as above.
///
/// Returns `None` when the number of scenarios does not fit in a `u128`.
pub fn basins(m: &Matrix) -> Option<Basins> {
    basins_with_progress(m, &NoProgress)
}

/// [`basins`], reporting each of the (at most a few hundred) subtrees of starts as it is done.
/// A matrix with conditional judgments visits every start instead
/// ([`super::rule_basins`]): the grouping by blocks assumes additive impacts.
pub fn basins_with_progress(m: &Matrix, progress: &dyn Progress) -> Option<Basins> {
    if !m.gates().is_empty() {
        return super::rule_basins::basins_by_rule(m, super::succession::Rule::Global, progress);
    }
    m.scenario_count()?;
    let counter = Counter::new(m);
    let (split, subtrees) = counter.split();
    progress.start("Basin weights", subtrees as u64);
    let successors: Counts = (0..subtrees)
        .into_par_iter()
        .map(|k| {
            let counts = counter.count_subtree(split, k);
            progress.advance(1);
            counts
        })
        .reduce(Counts::default, merge);
    progress.finish();
    Some(attractors(m, successors))
}

/// The number of subtrees of starts the grouped count of global succession splits into
/// (a few hundred, fixed by the matrix): the pieces [`successor_counts`] runs apart. `None` as
/// for [`basins`], and for a matrix with conditional judgments (not counted by groups).
pub fn subtree_count(m: &Matrix) -> Option<usize> {
    m.scenario_count()?;
    m.gates().is_empty().then(|| Counter::new(m).split().1)
}

/// How many starts in the subtrees `range` have each successor, keyed by the successor's
/// index in the scenario space (mixed radix, the first descriptor most significant), in
/// increasing order of the key: one unit of a basin count split over processes or machines.
/// Added up over every subtree and given to [`basins_of_successors`], they give [`basins`].
///
/// # Panics
/// If the matrix has conditional judgments, or `range` is not within [`subtree_count`].
pub fn successor_counts(m: &Matrix, range: std::ops::Range<usize>) -> Vec<(u128, u128)> {
    assert!(
        m.gates().is_empty(),
        "a gated matrix is not counted by groups"
    );
    let counter = Counter::new(m);
    let (split, subtrees) = counter.split();
    assert!(range.end <= subtrees, "subtrees {range:?} of {subtrees}");
    let counts = range
        .into_par_iter()
        .map(|k| counter.count_subtree(split, k))
        .reduce(Counts::default, merge);
    let mut counts: Vec<(u128, u128)> = counts.into_iter().collect();
    counts.sort_unstable();
    counts
}

/// The basins of global succession from the number of starts with each successor (keys as
/// [`successor_counts`] gives them; a key given twice adds up).
pub fn basins_of_successors(m: &Matrix, counts: impl IntoIterator<Item = (u128, u128)>) -> Basins {
    let mut successors = Counts::default();
    for (key, weight) in counts {
        *successors.entry(key).or_insert(0) += weight;
    }
    attractors(m, successors)
}

fn merge(mut a: Counts, b: Counts) -> Counts {
    if a.len() < b.len() {
        return merge(b, a);
    }
    for (k, v) in b {
        *a.entry(k).or_insert(0) += v;
    }
    a
}

/// Follows every distinct successor to its attractor and sums the weights.
fn attractors(m: &Matrix, successors: Counts) -> Basins {
    let starts = successors.values().sum();
    let count = successors.len();
    let mut memo: HashMap<Vec<usize>, usize> = HashMap::new();
    let mut found: Vec<Attractor> = Vec::new();
    let mut weights: Vec<u128> = Vec::new();
    let mut keys: Vec<(u128, u128)> = successors.into_iter().collect();
    keys.sort();
    for (mut key, weight) in keys {
        let mut start = vec![0; m.descriptor_count()];
        for j in (0..m.descriptor_count()).rev() {
            let k = m.variant_count(j) as u128;
            start[j] = (key % k) as usize;
            key /= k;
        }
        let mut path = Vec::new();
        let mut z = start;
        let index = loop {
            if let Some(&a) = memo.get(&z) {
                break a;
            }
            let next = step(m, &z, Rule::Global);
            if next == z || path.contains(&next) {
                let attractor = succession(m, &z, Rule::Global).attractor;
                let a = found
                    .iter()
                    .position(|x| *x == attractor)
                    .unwrap_or_else(|| {
                        found.push(attractor);
                        weights.push(0);
                        found.len() - 1
                    });
                path.push(z);
                break a;
            }
            path.push(std::mem::replace(&mut z, next));
        };
        for z in path {
            memo.insert(z, index);
        }
        weights[index] += weight;
    }
    let basins = ranked(found, weights);
    Basins {
        basins,
        starts,
        successors: count,
    }
}

/// Precomputed tables for grouping starts.
struct Counter<'a> {
    m: &'a Matrix,
    /// Descriptors in assignment order: the most influential (Σ|C| of its rows on others) first.
    order: Vec<usize>,
    pair_offset: Vec<usize>,
    /// `gain[i][pair_offset[j] + a·k_j + b]` = max_v (C[(i,v),(j,a)] − C[(i,v),(j,b)]).
    gain: Vec<Vec<i64>>,
    /// `acts[i][j]`: whether descriptor i has a non-zero judgment on j.
    acts: Vec<Vec<bool>>,
}

impl<'a> Counter<'a> {
    /// The first descriptors of [`Counter::order`] assigned before the search splits (until
    /// there are 256 subtrees), and the number of subtrees.
    fn split(&self) -> (usize, usize) {
        let n = self.m.descriptor_count();
        let mut split = 0;
        let mut subtrees = 1usize;
        while split < n && subtrees < 256 {
            subtrees *= self.m.variant_count(self.order[split]);
            split += 1;
        }
        (split, subtrees)
    }

    /// The successor counts of subtree `k`: the `split` first descriptors assigned as the
    /// mixed-radix digits of `k`.
    fn count_subtree(&self, split: usize, mut k: usize) -> Counts {
        let n = self.m.descriptor_count();
        let mut state = State::new(self);
        let mut settled = vec![None; n];
        let mut prefix = Vec::with_capacity(split);
        for d in (0..split).rev() {
            let size = self.m.variant_count(self.order[d]);
            prefix.push((d, k % size));
            k /= size;
        }
        for &(d, v) in prefix.iter().rev() {
            state.assign(self, self.order[d], v);
        }
        let mut counts = Counts::default();
        state.count(self, split, &mut settled, &mut counts);
        counts
    }

    fn new(m: &'a Matrix) -> Self {
        let n = m.descriptor_count();
        let mut pair_offset = vec![0; n + 1];
        for j in 0..n {
            pair_offset[j + 1] = pair_offset[j] + m.variant_count(j) * m.variant_count(j);
        }
        let acts: Vec<Vec<bool>> = (0..n)
            .map(|i| {
                (0..n)
                    .map(|j| {
                        (0..m.variant_count(i))
                            .any(|a| (0..m.variant_count(j)).any(|b| m.impact(i, a, j, b) != 0))
                    })
                    .collect()
            })
            .collect();
        let gain = (0..n)
            .map(|i| {
                let mut g = vec![0i64; pair_offset[n]];
                for j in 0..n {
                    let k = m.variant_count(j);
                    for a in 0..k {
                        for b in 0..k {
                            g[pair_offset[j] + a * k + b] = (0..m.variant_count(i))
                                .map(|v| {
                                    i64::from(m.impact(i, v, j, a))
                                        - i64::from(m.impact(i, v, j, b))
                                })
                                .max()
                                .unwrap_or(0);
                        }
                    }
                }
                g
            })
            .collect();
        let influence = |i: usize| -> u64 {
            (0..m.variant_count(i))
                .flat_map(|a| m.row(m.offset(i) + a).iter())
                .map(|c| u64::from(c.unsigned_abs()))
                .sum()
        };
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by_key(|&i| (std::cmp::Reverse(influence(i)), i));
        Counter {
            m,
            order,
            pair_offset,
            gain,
            acts,
        }
    }
}

struct State {
    theta: Vec<i64>,
    rest: Vec<i64>,
    z: Vec<usize>,
    assigned: Vec<bool>,
    /// How many unassigned descriptors act on each descriptor.
    open_inputs: Vec<usize>,
}

impl State {
    fn new(c: &Counter) -> Self {
        let n = c.m.descriptor_count();
        let mut rest = vec![0i64; c.pair_offset[n]];
        for g in &c.gain {
            for (r, x) in rest.iter_mut().zip(g) {
                *r += x;
            }
        }
        let open_inputs = (0..n)
            .map(|j| (0..n).filter(|&i| c.acts[i][j]).count())
            .collect();
        State {
            theta: vec![0; c.m.variant_total()],
            rest,
            z: vec![0; n],
            assigned: vec![false; n],
            open_inputs,
        }
    }

    fn assign(&mut self, c: &Counter, i: usize, v: usize) {
        self.z[i] = v;
        self.assigned[i] = true;
        add_row(&mut self.theta, c.m.row(c.m.offset(i) + v), 1);
        for (r, g) in self.rest.iter_mut().zip(&c.gain[i]) {
            *r -= g;
        }
        for (j, open) in self.open_inputs.iter_mut().enumerate() {
            *open -= usize::from(c.acts[i][j]);
        }
    }

    fn unassign(&mut self, c: &Counter, i: usize) {
        self.assigned[i] = false;
        add_row(&mut self.theta, c.m.row(c.m.offset(i) + self.z[i]), -1);
        for (r, g) in self.rest.iter_mut().zip(&c.gain[i]) {
            *r += g;
        }
        for (j, open) in self.open_inputs.iter_mut().enumerate() {
            *open += usize::from(c.acts[i][j]);
        }
    }

    /// The successor variant of j if every completion gives the same one.
    fn settled(&self, c: &Counter, j: usize) -> Option<usize> {
        let m = c.m;
        let k = m.variant_count(j);
        let scores = &self.theta[m.offset(j)..m.offset(j) + k];
        let rest = &self.rest[c.pair_offset[j]..c.pair_offset[j] + k * k];
        // The least lead of a over b under any completion.
        let low = |a: usize, b: usize| scores[a] - scores[b] - rest[b * k + a];
        if self.assigned[j] {
            let z = self.z[j];
            if self.open_inputs[j] == 0 {
                let max = scores.iter().copied().max().unwrap_or(0);
                return Some(if scores[z] == max {
                    z
                } else {
                    scores.iter().position(|&s| s == max).unwrap_or(0)
                });
            }
            if (0..k).all(|b| b == z || low(z, b) >= 0) {
                return Some(z);
            }
        }
        (0..k).find(|&a| (0..k).all(|b| b == a || low(a, b) > 0))
    }

    /// Counts the successors of every completion of the descriptors at depths ≥ `depth`.
    fn count(
        &mut self,
        c: &Counter,
        depth: usize,
        settled: &mut [Option<usize>],
        counts: &mut Counts,
    ) {
        let mut newly: Vec<usize> = Vec::new();
        let mut all = true;
        for (j, s) in settled.iter_mut().enumerate() {
            if s.is_none() {
                *s = self.settled(c, j);
                match s {
                    Some(_) => newly.push(j),
                    None => all = false,
                }
            }
        }
        if all {
            let free: u128 = c.order[depth..]
                .iter()
                .map(|&i| c.m.variant_count(i) as u128)
                .product();
            let key = settled.iter().enumerate().fold(0u128, |acc, (j, v)| {
                acc * c.m.variant_count(j) as u128 + v.unwrap_or(0) as u128
            });
            *counts.entry(key).or_insert(0) += free;
        } else {
            let i = c.order[depth];
            for v in 0..c.m.variant_count(i) {
                self.assign(c, i, v);
                self.count(c, depth + 1, settled, counts);
                self.unassign(c, i);
            }
        }
        for j in newly {
            settled[j] = None;
        }
    }
}

/// Each attractor with its weight, heaviest first (then by attractor): the order every basin
/// count reports.
pub(super) fn ranked(found: Vec<Attractor>, weights: Vec<u128>) -> Vec<Basin> {
    let mut basins: Vec<Basin> = found
        .into_iter()
        .zip(weights)
        .map(|(attractor, weight)| Basin { attractor, weight })
        .collect();
    basins.sort_by(|x, y| {
        y.weight
            .cmp(&x.weight)
            .then_with(|| x.attractor.cmp(&y.attractor))
    });
    basins
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::cib::cases::{case_matrix, case_path};
    use crate::cib::search::tests::small_matrix;

    /// Basins by following every start on its own.
    fn by_every_start(m: &Matrix) -> Vec<(Attractor, u128)> {
        let n = m.descriptor_count();
        let mut counts: HashMap<Attractor, u128> = HashMap::new();
        let mut z = vec![0; n];
        loop {
            *counts
                .entry(succession(m, &z, Rule::Global).attractor)
                .or_insert(0) += 1;
            let mut j = n;
            loop {
                if j == 0 {
                    let mut v: Vec<_> = counts.into_iter().collect();
                    v.sort_by(|x, y| y.1.cmp(&x.1).then_with(|| x.0.cmp(&y.0)));
                    return v;
                }
                j -= 1;
                z[j] = (z[j] + 1) % m.variant_count(j);
                if z[j] != 0 {
                    break;
                }
            }
        }
    }

    proptest! {
        #[test]
        fn grouped_counts_equal_following_every_start(m in small_matrix()) {
            let b = basins(&m).unwrap();
            let got: Vec<(Attractor, u128)> =
                b.basins.iter().map(|x| (x.attractor.clone(), x.weight)).collect();
            prop_assert_eq!(got, by_every_start(&m));
            prop_assert_eq!(Some(b.starts), m.scenario_count());
        }
    }

    #[test]
    fn scenariowizard_weights_of_the_small_global_case() {
        // CIB_global.sl: weights 4, 12, 1, 2 for (2 3 2), (3 1 3), (2 2 2), (1 2 3).
        let b = basins(&case_matrix("cibsa_CIB_global")).unwrap();
        assert_eq!(b.weight_of(&[1, 2, 1]), 4);
        assert_eq!(b.weight_of(&[2, 0, 2]), 12);
        assert_eq!(b.weight_of(&[1, 1, 1]), 1);
        assert_eq!(b.weight_of(&[0, 1, 2]), 2);
        assert_eq!(b.starts, 36);
        assert_eq!(b.in_cycles(), 36 - 19);
    }

    /// `CIB_nested_simplified_standardized.sl` counts all 22,674,816 starts (its weights sum to
    /// 22,627,890, the rest end in cycles), every weight below ScenarioWizard's 2^24 ceiling.
    /// (`CIB_natl_regional.sl` is no test: its weights sum to 100,000, a sample.)
    #[test]
    fn nested_simplified_weights_equal_scenariowizards() {
        let m = case_matrix("cibsa_CIB_nested_simplified_standardized");
        let path = case_path("scenariowizard/CIB_nested_simplified_standardized.sl");
        let text = std::fs::read_to_string(&path).unwrap();
        let published = crate::cib::io::scw::read_sl(&path, &text).unwrap();
        let b = basins(&m).unwrap();
        assert_eq!(b.starts, 22_674_816);
        assert_eq!(published.len(), 15);
        for e in &published {
            assert!(e.weight < f64::from(1 << 24));
            assert_eq!(
                b.weight_of(&e.variants),
                e.weight as u128,
                "{:?}",
                e.variants
            );
        }
        assert_eq!(b.in_cycles(), 22_674_816 - 22_627_890);
    }

    #[test]
    fn basins_are_identical_on_one_and_two_threads() {
        let m = case_matrix("lloyd_schweizer_2014_example");
        // And a random 10 × 3 matrix (59,049 starts, more than the 256 parallel subtrees).
        let mut rng = crate::random::stream(3, 0);
        let cells = (0..900)
            .map(|k| {
                let (r, c) = (k / 30, k % 30);
                if r / 3 == c / 3 {
                    0
                } else {
                    rand::RngExt::random_range(&mut rng, -3..=3)
                }
            })
            .collect();
        let big = crate::cib::matrix::tests::matrix(&[3; 10], cells);
        for m in [m, big] {
            let run = |threads: usize| {
                rayon::ThreadPoolBuilder::new()
                    .num_threads(threads)
                    .build()
                    .unwrap()
                    .install(|| basins(&m).unwrap())
            };
            let one = run(1);
            assert_eq!(Some(one.starts), m.scenario_count());
            assert_eq!(one, run(2));
        }
    }

    fn nested_expected() -> (Vec<(Vec<usize>, u128)>, u128) {
        let path = case_path("cibsa_CIB_nested.basins.csv");
        let mut reader = csv::Reader::from_path(&path).unwrap();
        let mut fixed = Vec::new();
        let mut cycles = 0;
        for r in reader.records() {
            let r = r.unwrap();
            let weight: u128 = r[1].parse().unwrap();
            if &r[0] == "(cycles)" {
                cycles = weight;
            } else {
                let z = r[0]
                    .split_whitespace()
                    .map(|v| v.parse::<usize>().unwrap() - 1);
                fixed.push((z.collect(), weight));
            }
        }
        (fixed, cycles)
    }

    /// All 408,146,688 starts of `cibsa_CIB_nested`, against the exhaustive counts in
    /// `cibsa_CIB_nested.basins.csv`.
    #[test]
    #[ignore = "minutes: .ci/run runs it as a step of its own (or run with --ignored)"]
    fn nested_case_basin_weights_are_exact() {
        let m = case_matrix("cibsa_CIB_nested");
        let b = basins(&m).unwrap();
        let (fixed, cycles) = nested_expected();
        assert_eq!(b.starts, 408_146_688);
        for (z, w) in &fixed {
            assert_eq!(b.weight_of(z), *w, "{z:?}");
        }
        assert_eq!(b.in_cycles(), cycles);
    }
}
