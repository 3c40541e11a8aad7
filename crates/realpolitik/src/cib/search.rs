//! Exact search by branch-and-bound with bound propagation: every scenario whose inconsistency
//! is at most t, without visiting the whole scenario space.
//!
//! Descriptors are assigned one at a time in a fixed order (see [`descriptor_order`]). With the
//! assigned descriptors A and the rest U, the partial balance is P_{j,b} = Σ_{i∈A}
//! C[(i,z_i),(j,b)], and the most any completion can add to the lead of variant a over b is
//!
//! R_{j,a,b} = Σ_{i∈U} max_v (C[(i,v),(j,a)] − C[(i,v),(j,b)]).
//!
//! A final scenario needs θ_{j,z_j} − θ_{j,b} ≥ −t for every descriptor j and rival b, so a node
//! is pruned when
//! - an assigned descriptor j has a rival b with P_{j,z_j} − P_{j,b} + R_{j,z_j,b} < −t (its
//!   chosen variant loses even under the most favourable completion), or
//! - an unassigned descriptor j has no variant a left with P_{j,a} − P_{j,b} + R_{j,a,b} ≥ −t for
//!   every b (propagation: its domain is empty); the next descriptor only tries the variants
//!   that pass this test.
//!
//! R is precomputed for every depth. The tree is cut at a depth fixed by the matrix (not by the
//! thread count) into subtrees searched in parallel with rayon; results are sorted with
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
    let split = plan.split_depth();
    root.collect_prefixes(&plan, split, &mut prefixes);
    progress.start("searching consistent scenarios", prefixes.len() as u64);
    let mut all: Vec<Solution> = prefixes
        .par_iter()
        .flat_map_iter(|prefix| {
            let mut node = Node::new(&plan);
            for (d, &v) in prefix.iter().enumerate() {
                node.assign(&plan, d, v);
            }
            let mut found = Vec::new();
            node.descend(&plan, prefix.len(), &mut found);
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

/// A search order of the descriptors: fixed descriptors first, then greedily the descriptor most
/// strongly connected (Σ|C| over both directions) to those already placed, starting from the
/// one with the largest total |C|; ties go to the lower index.
pub fn descriptor_order(m: &Matrix, constraints: &Constraints) -> Vec<usize> {
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
    let mut order: Vec<usize> = (0..n).filter(|&j| constraints.fixed(j).is_some()).collect();
    let mut placed = vec![false; n];
    for &j in &order {
        placed[j] = true;
    }
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

/// Everything precomputed for one search.
struct Plan<'a> {
    m: &'a Matrix,
    t: i64,
    /// Descriptor at each depth.
    order: Vec<usize>,
    /// Variants each descriptor may take.
    domains: Vec<std::ops::Range<usize>>,
    /// Whether each descriptor's consistency is required.
    judged: Vec<bool>,
    /// Offset of descriptor j's k_j × k_j pair table.
    pair_offset: Vec<usize>,
    /// `rest[d][pair_offset[j] + a·k_j + b]` = R_{j,a,b} over the descriptors at depths ≥ d.
    rest: Vec<Vec<i64>>,
}

impl<'a> Plan<'a> {
    fn new(m: &'a Matrix, constraints: &Constraints) -> Self {
        let n = m.descriptor_count();
        let order = descriptor_order(m, constraints);
        let domains: Vec<_> = (0..n).map(|j| constraints.domain(m, j)).collect();
        let judged = (0..n).map(|j| constraints.fixed(j).is_none()).collect();
        let mut pair_offset = vec![0; n + 1];
        for j in 0..n {
            pair_offset[j + 1] = pair_offset[j] + m.variant_count(j) * m.variant_count(j);
        }
        let pairs = pair_offset[n];
        let mut rest = vec![vec![0i64; pairs]; n + 1];
        for d in (0..n).rev() {
            let i = order[d];
            let mut r = rest[d + 1].clone();
            // Self blocks count too (see the matrix module), so j = i is included.
            for j in 0..n {
                let k = m.variant_count(j);
                for a in 0..k {
                    for b in 0..k {
                        let gain = domains[i]
                            .clone()
                            .map(|v| {
                                i64::from(m.impact(i, v, j, a)) - i64::from(m.impact(i, v, j, b))
                            })
                            .max()
                            .unwrap_or(0);
                        r[pair_offset[j] + a * k + b] += gain;
                    }
                }
            }
            rest[d] = r;
        }
        Plan {
            m,
            t: constraints.max_inconsistency,
            order,
            domains,
            judged,
            pair_offset,
            rest,
        }
    }

    /// The depth at which the tree is cut into parallel subtrees: the first depth whose full
    /// product of domain sizes reaches 256. It depends on the matrix only.
    fn split_depth(&self) -> usize {
        let mut product = 1usize;
        for (d, &j) in self.order.iter().enumerate() {
            if product >= 256 {
                return d;
            }
            product = product.saturating_mul(self.domains[j].len());
        }
        self.order.len()
    }
}

/// The state of a partial scenario.
struct Node {
    /// Partial balance P.
    theta: Vec<i64>,
    /// Chosen variant of each descriptor (meaningful for assigned ones).
    z: Vec<usize>,
    assigned: Vec<bool>,
}

impl Node {
    fn new(plan: &Plan) -> Self {
        let n = plan.m.descriptor_count();
        Node {
            theta: vec![0; plan.m.variant_total()],
            z: vec![0; n],
            assigned: vec![false; n],
        }
    }

    fn assign(&mut self, plan: &Plan, depth: usize, v: usize) {
        let j = plan.order[depth];
        self.z[j] = v;
        self.assigned[j] = true;
        add_row(&mut self.theta, plan.m.row(plan.m.offset(j) + v), 1);
    }

    fn unassign(&mut self, plan: &Plan, depth: usize) {
        let j = plan.order[depth];
        self.assigned[j] = false;
        add_row(
            &mut self.theta,
            plan.m.row(plan.m.offset(j) + self.z[j]),
            -1,
        );
    }

    /// Whether variant `a` of descriptor `j` can still win (within t) against every rival,
    /// with the descriptors at depths ≥ `depth` free.
    fn can_hold(&self, plan: &Plan, depth: usize, j: usize, a: usize) -> bool {
        let m = plan.m;
        let k = m.variant_count(j);
        let base = m.offset(j);
        let rest =
            &plan.rest[depth][plan.pair_offset[j] + a * k..plan.pair_offset[j] + (a + 1) * k];
        let own = self.theta[base + a];
        (0..k).all(|b| b == a || own - self.theta[base + b] + rest[b] >= -plan.t)
    }

    /// Whether the partial scenario with depths < `depth` assigned can still be completed.
    fn feasible(&self, plan: &Plan, depth: usize) -> bool {
        (0..plan.m.descriptor_count()).all(|j| {
            !plan.judged[j]
                || if self.assigned[j] {
                    self.can_hold(plan, depth, j, self.z[j])
                } else {
                    plan.domains[j]
                        .clone()
                        .any(|a| self.can_hold(plan, depth, j, a))
                }
        })
    }

    /// The variants the descriptor at `depth` may still take.
    fn candidates(&self, plan: &Plan, depth: usize) -> Vec<usize> {
        let j = plan.order[depth];
        plan.domains[j]
            .clone()
            .filter(|&a| !plan.judged[j] || self.can_hold(plan, depth, j, a))
            .collect()
    }

    /// Collects the feasible prefixes of length `split`, in order.
    fn collect_prefixes(&mut self, plan: &Plan, split: usize, out: &mut Vec<Vec<usize>>) {
        let mut prefix = Vec::with_capacity(split);
        self.prefixes_from(plan, 0, split, &mut prefix, out);
    }

    fn prefixes_from(
        &mut self,
        plan: &Plan,
        depth: usize,
        split: usize,
        prefix: &mut Vec<usize>,
        out: &mut Vec<Vec<usize>>,
    ) {
        if !self.feasible(plan, depth) {
            return;
        }
        if depth == split {
            out.push(prefix.clone());
            return;
        }
        for v in self.candidates(plan, depth) {
            self.assign(plan, depth, v);
            prefix.push(v);
            self.prefixes_from(plan, depth + 1, split, prefix, out);
            prefix.pop();
            self.unassign(plan, depth);
        }
    }

    /// Searches below a node whose depths < `depth` are assigned.
    fn descend(&mut self, plan: &Plan, depth: usize, found: &mut Vec<Vec<usize>>) {
        if !self.feasible(plan, depth) {
            return;
        }
        if depth == plan.order.len() {
            found.push(self.z.clone());
            return;
        }
        for v in self.candidates(plan, depth) {
            self.assign(plan, depth, v);
            self.descend(plan, depth + 1, found);
            self.unassign(plan, depth);
        }
    }
}

#[cfg(test)]
mod tests {
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

    #[test]
    fn the_order_starts_with_fixed_descriptors_and_covers_all() {
        let m = crate::cib::cases::case_matrix("cibsa_CIB_global");
        let c = Constraints {
            max_inconsistency: 0,
            fixed: vec![None, None, Some(1)],
        };
        let order = descriptor_order(&m, &c);
        assert_eq!(order[0], 2);
        let mut sorted = order.clone();
        sorted.sort();
        assert_eq!(sorted, [0, 1, 2]);
    }
}
