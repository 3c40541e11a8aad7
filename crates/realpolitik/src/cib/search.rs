//! Exact search by branch-and-bound with bound propagation: every scenario whose inconsistency
//! is at most t, without visiting the whole scenario space.
//!
//! Descriptors are assigned one at a time. With the assigned descriptors A and the rest U, the partial balance is P_{j,b} = Σ_{i∈A}
//! C[(i,z_i),(j,b)], and the most any completion can add to the lead of variant a over b is
//!
//! R_{j,a,b} = Σ_{i∈U} max_v (C[(i,v),(j,a)] − C[(i,v),(j,b)]).
//!
//! A final scenario needs θ_{j,z_j} − θ_{j,b} ≥ −t for every descriptor j and rival b, so a node
//! is pruned when
//! - an assigned descriptor j has a rival b with P_{j,z_j} − P_{j,b} + R_{j,z_j,b} < −t (its
//!   chosen variant loses even under the most favourable completion), or
//! - an unassigned descriptor j has no variant a left with P_{j,a} − P_{j,b} + R_{j,a,b} ≥ −t for
//!   every b (its domain is empty).
//!
//! Propagation: the variants of an unassigned descriptor that fail the test cannot appear in
//! any acceptable completion, so they are dropped from its live domain and R is recomputed
//! with the maximum over live variants only (tables for every subset of variants are
//! precomputed for descriptors with up to six variants); this repeats until no domain shrinks.
//!
//! Descriptor order is dynamic, "fewest variants left first": each node branches on the
//! unassigned descriptor with the fewest variants passing the test above (ties go to the
//! earlier in a static order that follows the strongest connections, [`descriptor_order`]), trying only those variants; a descriptor with one variant left is thus assigned at
//! once. R is kept up to date as descriptors are assigned (each descriptor's gains are
//! precomputed). The tree is cut into at least 256 subtrees (a number fixed by the matrix, not
//! by the thread count) searched in parallel with rayon; results are sorted with
//! [`sort_solutions`], so they are identical on any number of threads and equal to
//! [`super::enumerate`]'s. Fixed descriptors (interventions) have a one-variant domain and are
//! not judged.

use rayon::prelude::*;

use super::matrix::Matrix;
use super::score::add_row;
use super::solution::{Constraints, Solution, sort_solutions};
use crate::progress::{NoProgress, Progress};

/// Every scenario meeting `constraints`, found by branch-and-bound.
///
/// # Panics
/// If `constraints` do not fit the matrix (see [`Constraints::validate`]).
pub fn search(m: &Matrix, constraints: &Constraints) -> Vec<Solution> {
    search_with_progress(m, constraints, &NoProgress)
}

/// [`search`], reporting the subtrees done to `progress`.
pub fn search_with_progress(
    m: &Matrix,
    constraints: &Constraints,
    progress: &dyn Progress,
) -> Vec<Solution> {
    if let Err(e) = constraints.validate(m) {
        panic!("invalid constraints: {e}");
    }
    let plan = Plan::new(m, constraints);
    let mut root = Node::new(&plan);
    let mut prefixes = Vec::new();
    root.prefixes(&plan, &mut Vec::new(), 1, &mut prefixes);
    progress.start("searching consistent scenarios", prefixes.len() as u64);
    let mut all: Vec<Solution> = prefixes
        .par_iter()
        .flat_map_iter(|prefix| {
            let mut node = Node::new(&plan);
            node.replay(&plan, prefix);
            let mut found = Vec::new();
            node.descend(&plan, &mut found);
            progress.advance(1);
            found
                .into_iter()
                .map(|z| Solution::new(m, z, constraints))
                .collect::<Vec<_>>()
        })
        .collect();
    progress.finish();
    sort_solutions(&mut all);
    all
}

/// A static order of the descriptors: greedily the descriptor most strongly connected (Σ|C|
/// over both directions) to those already placed, starting from the one with the largest total
/// |C|; ties go to the lower index. The search uses it to break ties between descriptors with
/// equally many variants left.
pub fn descriptor_order(m: &Matrix) -> Vec<usize> {
    let n = m.descriptor_count();
    let weight = |i: usize, j: usize| -> i64 {
        let mut w = 0i64;
        for a in 0..m.variant_count(i) {
            for b in 0..m.variant_count(j) {
                w += i64::from(m.impact(i, a, j, b).unsigned_abs())
                    + i64::from(m.impact(j, b, i, a).unsigned_abs());
            }
        }
        w
    };
    let w: Vec<Vec<i64>> = (0..n)
        .map(|i| (0..n).map(|j| weight(i, j)).collect())
        .collect();
    let mut order: Vec<usize> = Vec::with_capacity(n);
    let mut placed = vec![false; n];
    while order.len() < n {
        let key = |j: usize| -> (i64, i64) {
            let linked: i64 = order.iter().map(|&i| w[i][j]).sum();
            (linked, w[j].iter().sum())
        };
        let next = (0..n)
            .filter(|&j| !placed[j])
            .max_by(|&x, &y| key(x).cmp(&key(y)).then(y.cmp(&x)))
            .unwrap_or(0);
        placed[next] = true;
        order.push(next);
    }
    order
}

/// The number of subtrees the search is cut into, at least: fixed, so that the work split (and
/// everything else) does not depend on the thread count.
const SUBTREES: usize = 256;

/// Descriptors with at most this many variants get their gains precomputed for every subset
/// of variants (their live domain); larger ones use their whole domain.
const MASKED_VARIANTS: usize = 6;

/// Everything precomputed for one search.
struct Plan<'a> {
    m: &'a Matrix,
    t: i64,
    /// Variants each descriptor may take.
    domains: Vec<std::ops::Range<usize>>,
    /// Whether each descriptor's consistency is required.
    judged: Vec<bool>,
    /// Offset of descriptor j's k_j × k_j pair table.
    pair_offset: Vec<usize>,
    /// Each descriptor's place in [`descriptor_order`].
    rank: Vec<usize>,
    /// `gain[i][mask][pair_offset[j] + a·k_j + b]` = max over the variants v of i in `mask` of
    /// C[(i,v),(j,a)] − C[(i,v),(j,b)]: the most descriptor i can add to the lead of j's
    /// variant a over b. Descriptors with more than [`MASKED_VARIANTS`] variants have one
    /// table, at index 0, over their whole domain.
    gain: Vec<Vec<Vec<i64>>>,
}

impl<'a> Plan<'a> {
    fn new(m: &'a Matrix, constraints: &Constraints) -> Self {
        let n = m.descriptor_count();
        let domains: Vec<_> = (0..n).map(|j| constraints.domain(m, j)).collect();
        let judged = (0..n).map(|j| constraints.fixed(j).is_none()).collect();
        let mut pair_offset = vec![0; n + 1];
        for j in 0..n {
            pair_offset[j + 1] = pair_offset[j] + m.variant_count(j) * m.variant_count(j);
        }
        let table = |i: usize, variants: &[usize]| -> Vec<i64> {
            let mut g = vec![0i64; pair_offset[n]];
            // Self blocks count too (see the matrix module), so j = i is included.
            for j in 0..n {
                let k = m.variant_count(j);
                for a in 0..k {
                    for b in 0..k {
                        g[pair_offset[j] + a * k + b] = variants
                            .iter()
                            .map(|&v| {
                                i64::from(m.impact(i, v, j, a)) - i64::from(m.impact(i, v, j, b))
                            })
                            .max()
                            .unwrap_or(0);
                    }
                }
            }
            g
        };
        let gain = (0..n)
            .map(|i| {
                let k = m.variant_count(i);
                if k > MASKED_VARIANTS {
                    let all: Vec<usize> = domains[i].clone().collect();
                    vec![table(i, &all)]
                } else {
                    (0..1usize << k)
                        .map(|mask| {
                            let vs: Vec<usize> = (0..k).filter(|v| mask >> v & 1 == 1).collect();
                            table(i, &vs)
                        })
                        .collect()
                }
            })
            .collect();
        let mut rank = vec![0; n];
        for (r, j) in descriptor_order(m).into_iter().enumerate() {
            rank[j] = r;
        }
        Plan {
            m,
            t: constraints.max_inconsistency,
            domains,
            judged,
            pair_offset,
            rank,
            gain,
        }
    }

    /// Whether descriptor i's domain is tracked as a mask.
    fn masked(&self, i: usize) -> bool {
        self.m.variant_count(i) <= MASKED_VARIANTS
    }

    /// The mask of descriptor i's whole domain (0 when not tracked).
    fn domain_mask(&self, i: usize) -> usize {
        if self.masked(i) {
            self.domains[i].clone().map(|v| 1 << v).sum()
        } else {
            0
        }
    }

    /// Descriptor i's gains with live domain `mask`.
    fn table(&self, i: usize, mask: usize) -> &[i64] {
        if self.masked(i) {
            &self.gain[i][mask]
        } else {
            &self.gain[i][0]
        }
    }
}

/// The state of a partial scenario.
struct Node {
    /// Partial balance P.
    theta: Vec<i64>,
    /// R: the sum of the unassigned descriptors' gains over their live domains.
    rest: Vec<i64>,
    /// The live domain of each unassigned descriptor (see [`Plan::domain_mask`]).
    mask: Vec<usize>,
    /// Chosen variant of each descriptor (meaningful for assigned ones).
    z: Vec<usize>,
    assigned: Vec<bool>,
}

/// What a node's check found: the partial scenario cannot be completed, it is complete, or
/// the next descriptor to branch on with its variants still possible.
enum Check {
    Dead,
    Complete,
    Branch(usize, Vec<usize>),
}

fn add(rest: &mut [i64], table: &[i64], sign: i64) {
    for (r, g) in rest.iter_mut().zip(table) {
        *r += sign * g;
    }
}

impl Node {
    fn new(plan: &Plan) -> Self {
        let n = plan.m.descriptor_count();
        let mask: Vec<usize> = (0..n).map(|i| plan.domain_mask(i)).collect();
        let mut rest = vec![0i64; plan.pair_offset[n]];
        for (i, &mk) in mask.iter().enumerate() {
            add(&mut rest, plan.table(i, mk), 1);
        }
        Node {
            theta: vec![0; plan.m.variant_total()],
            rest,
            mask,
            z: vec![0; n],
            assigned: vec![false; n],
        }
    }

    fn assign(&mut self, plan: &Plan, j: usize, v: usize) {
        self.z[j] = v;
        self.assigned[j] = true;
        add_row(&mut self.theta, plan.m.row(plan.m.offset(j) + v), 1);
        add(&mut self.rest, plan.table(j, self.mask[j]), -1);
    }

    fn unassign(&mut self, plan: &Plan, j: usize) {
        self.assigned[j] = false;
        add_row(
            &mut self.theta,
            plan.m.row(plan.m.offset(j) + self.z[j]),
            -1,
        );
        add(&mut self.rest, plan.table(j, self.mask[j]), 1);
    }

    /// Whether variant `a` of descriptor `j` can still win (within t) against every rival under
    /// the most favourable completion.
    fn can_hold(&self, plan: &Plan, j: usize, a: usize) -> bool {
        let m = plan.m;
        let k = m.variant_count(j);
        let base = m.offset(j);
        let at = plan.pair_offset[j] + a * k;
        let rest = &self.rest[at..at + k];
        let own = self.theta[base + a];
        (0..k).all(|b| b == a || own - self.theta[base + b] + rest[b] >= -plan.t)
    }

    /// The variants of unassigned descriptor j that can still hold.
    fn live(&self, plan: &Plan, j: usize) -> Vec<usize> {
        plan.domains[j]
            .clone()
            .filter(|&a| {
                (!plan.masked(j) || self.mask[j] >> a & 1 == 1)
                    && (!plan.judged[j] || self.can_hold(plan, j, a))
            })
            .collect()
    }

    /// Propagates (shrinks the live domains of unassigned descriptors, and with them R, until
    /// nothing changes), then prunes, or picks the unassigned descriptor with the fewest
    /// variants left (fixed descriptors have one; ties go to the earlier in
    /// [`descriptor_order`]). Changes `rest` and `mask`: callers restore them.
    fn check(&mut self, plan: &Plan) -> Check {
        let n = plan.m.descriptor_count();
        loop {
            let mut changed = false;
            for j in 0..n {
                if self.assigned[j] || !plan.judged[j] || !plan.masked(j) {
                    continue;
                }
                let live: usize = plan.domains[j]
                    .clone()
                    .filter(|&a| self.mask[j] >> a & 1 == 1 && self.can_hold(plan, j, a))
                    .map(|a| 1 << a)
                    .sum();
                if live == 0 {
                    return Check::Dead;
                }
                if live != self.mask[j] {
                    add(&mut self.rest, plan.table(j, self.mask[j]), -1);
                    add(&mut self.rest, plan.table(j, live), 1);
                    self.mask[j] = live;
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        let mut pick: Option<(usize, usize)> = None; // (variants left, descriptor)
        for j in 0..n {
            if self.assigned[j] {
                if plan.judged[j] && !self.can_hold(plan, j, self.z[j]) {
                    return Check::Dead;
                }
                continue;
            }
            // After propagation a tracked mask is exactly the live domain.
            let left = if plan.masked(j) {
                self.mask[j].count_ones() as usize
            } else {
                self.live(plan, j).len()
            };
            if left == 0 {
                return Check::Dead;
            }
            let better = pick.is_none_or(|(l, p)| (left, plan.rank[j]) < (l, plan.rank[p]));
            if better {
                pick = Some((left, j));
            }
        }
        match pick {
            Some((_, j)) => Check::Branch(j, self.live(plan, j)),
            None => Check::Complete,
        }
    }

    /// Replays a prefix from the root exactly as the search reached it.
    fn replay(&mut self, plan: &Plan, prefix: &[(usize, usize)]) {
        for &(j, v) in prefix {
            let _ = self.check(plan);
            self.assign(plan, j, v);
        }
    }

    /// Collects the open subtrees in search order: nodes reached once `width` (the product of
    /// the branching factors above) reaches [`SUBTREES`], or complete leaves.
    fn prefixes(
        &mut self,
        plan: &Plan,
        prefix: &mut Vec<(usize, usize)>,
        width: usize,
        out: &mut Vec<Vec<(usize, usize)>>,
    ) {
        let saved = (self.rest.clone(), self.mask.clone());
        match self.check(plan) {
            Check::Dead => {}
            Check::Complete => out.push(prefix.clone()),
            Check::Branch(..) if width >= SUBTREES => out.push(prefix.clone()),
            Check::Branch(j, left) => {
                let width = width * left.len();
                for v in left {
                    self.assign(plan, j, v);
                    prefix.push((j, v));
                    self.prefixes(plan, prefix, width, out);
                    prefix.pop();
                    self.unassign(plan, j);
                }
            }
        }
        (self.rest, self.mask) = saved;
    }

    /// Searches below this node.
    fn descend(&mut self, plan: &Plan, found: &mut Vec<Vec<usize>>) {
        let saved = (self.rest.clone(), self.mask.clone());
        match self.check(plan) {
            Check::Dead => {}
            Check::Complete => found.push(self.z.clone()),
            Check::Branch(j, left) => {
                for v in left {
                    self.assign(plan, j, v);
                    self.descend(plan, found);
                    self.unassign(plan, j);
                }
            }
        }
        (self.rest, self.mask) = saved;
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use proptest::prelude::*;

    use super::super::enumerate;
    use super::super::matrix::Matrix;
    use super::super::matrix::tests::matrix;
    use super::super::score::scores;
    use super::*;

    /// Random matrices of 1–5 descriptors with 1–4 variants, judgments in −2..=2 (many ties),
    /// about a third of the blocks zero, self blocks sometimes filled.
    pub(crate) fn small_matrix() -> impl Strategy<Value = Matrix> {
        prop::collection::vec(1usize..=4, 1..=5).prop_flat_map(|sizes| {
            let n: usize = sizes.iter().sum();
            let d = sizes.len();
            (
                Just(sizes),
                prop::collection::vec(-2i32..=2, n * n),
                prop::collection::vec(0u8..3, d * d),
            )
                .prop_map(|(sizes, mut cells, zero)| {
                    let n: usize = sizes.iter().sum();
                    let owner: Vec<usize> = sizes
                        .iter()
                        .enumerate()
                        .flat_map(|(j, &k)| std::iter::repeat_n(j, k))
                        .collect();
                    let d = sizes.len();
                    for r in 0..n {
                        for c in 0..n {
                            let (i, j) = (owner[r], owner[c]);
                            let self_block = i == j && zero[i * d + j] != 2;
                            if zero[i * d + j] == 0 || self_block {
                                cells[r * n + c] = 0;
                            }
                        }
                    }
                    matrix(&sizes, cells)
                })
        })
    }

    proptest! {
        #[test]
        fn branch_and_bound_equals_the_enumerator(m in small_matrix(), t in 0i64..3, fix in any::<u64>()) {
            for constraints in [
                Constraints::max_inconsistency(t),
                Constraints {
                    max_inconsistency: t,
                    fixed: (0..m.descriptor_count())
                        .map(|j| (fix >> j & 1 == 1).then(|| (fix >> 8) as usize % m.variant_count(j)))
                        .collect(),
                },
            ] {
                let by_search = search(&m, &constraints);
                prop_assert_eq!(&by_search, &enumerate(&m, &constraints));
                for s in &by_search {
                    // Every reported scenario meets the definition, recomputed from scratch.
                    if constraints.fixed.iter().all(Option::is_none) {
                        prop_assert_eq!(scores(&m, &s.variants), s.scores);
                    }
                    prop_assert!(s.scores.inconsistency <= t);
                    for (j, v) in constraints.fixed.iter().enumerate() {
                        if let Some(v) = v {
                            prop_assert_eq!(s.variants[j], *v);
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn reported_consistent_scenarios_have_maximal_chosen_scores() {
        let m = crate::cib::cases::case_matrix("cibsa_CIB_nested_simplified_standardized");
        for s in search(&m, &Constraints::consistent()) {
            let theta = crate::cib::balance(&m, &s.variants);
            for (j, &z) in s.variants.iter().enumerate() {
                let scores = &theta[m.offset(j)..m.offset(j) + m.variant_count(j)];
                assert!(scores.iter().all(|&x| x <= scores[z]), "{:?}", s.variants);
            }
        }
    }

    #[test]
    fn results_are_identical_on_one_and_two_threads() {
        let m = crate::cib::cases::case_matrix("cibsa_CIB_nested");
        let run = |threads: usize| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| search(&m, &Constraints::max_inconsistency(1)))
        };
        let one = run(1);
        assert!(
            one.len() > 20,
            "t = 1 admits more than the 20 consistent ones"
        );
        assert_eq!(one, run(2));
    }
}
