//! Exact search by branch-and-bound with bound propagation: every scenario whose inconsistency
//! is at most t, without visiting the whole scenario space.
//!
//! Descriptors are assigned one at a time. With the assigned descriptors A and the rest U, the
//! partial balance is P_{j,b} = Σ_{i∈A} C[(i,z_i),(j,b)]. Each unassigned descriptor i keeps a
//! live domain L_i (the variants it may still take), and the most any completion can add to the
//! lead of j's variant a over b is
//!
//! R_{j,a,b} = Σ_{i∈U} max_{v∈L_i} (C[(i,v),(j,a)] − C[(i,v),(j,b)]),
//!
//! and over all of a's rivals at once, R_{j,a,a} = Σ_{i∈U} max_{v∈L_i} Σ_{b≠a} (C[(i,v),(j,a)] −
//! C[(i,v),(j,b)]) (stored on the diagonal of j's pair table, which is otherwise unused).
//!
//! A final scenario needs θ_{j,z_j} − θ_{j,b} ≥ −t for every judged descriptor j and rival b,
//! hence also Σ_{b≠z_j} (θ_{j,z_j} − θ_{j,b}) ≥ −(k_j − 1)·t. Variant a of j can hold when both
//! survive the most favourable completion, i.e. every slack
//!
//! s_{j,a,b} = P_{j,a} − P_{j,b} + R_{j,a,b} + t  (b ≠ a),
//! s_{j,a,a} = Σ_{b≠a} (P_{j,a} − P_{j,b}) + R_{j,a,a} + (k_j − 1)·t
//!
//! is ≥ 0. The sum test is implied by the pairwise ones only for two variants: with three or
//! more it prunes nodes where each rival alone could be beaten, but not all of them at once.
//!
//! Propagation, repeated until nothing changes (a fixpoint), at every node:
//! - a node dies when an assigned descriptor's variant cannot hold;
//! - a variant of an unassigned descriptor that cannot hold is dropped from its live domain
//!   (the domain going empty kills the node);
//! - when descriptor j is held to one variant a (assigned, or one variant left), its slacks
//!   also constrain its influencers: if an unassigned influencer i took variant v, the most i
//!   could add would fall from max_{L_i} to its value at v, so v is dropped from L_i when that
//!   loss exceeds some slack s_{j,a,·}. This is bounds propagation on j's linear constraints
//!   (arc consistency with respect to each constraint taken alone). The largest possible loss
//!   is precomputed per descriptor j and per influencer i and live domain, so j's scan, or
//!   i's part of it, is skipped while j's least slack covers it.
//!
//! Whenever a live domain shrinks, R is updated incrementally: the descriptor's gains for every
//! subset of its variants are precomputed (descriptors with up to six variants; larger ones
//! keep their whole domain), and only the pair tables of the descriptors it actually
//! influences (non-zero blocks) change.
//!
//! Propagation only revisits "dirty" descriptors: those whose P, R or live domain changed
//! (assigning or narrowing i dirties i and the descriptors it influences).
//!
//! Descriptor order is dynamic, "fewest variants left first": each node branches on the
//! unassigned descriptor with the smallest live domain. Ties go to the strongest pull: the
//! largest Σ|C| of its blocks on descriptors already assigned. Their slacks depend on it, so
//! fixing it exposes failures soonest (on the benchmark's random 30×3 it cuts the nodes from
//! 1.17M to 0.43M against the static tie-break alone); then to the earlier in a static order that follows the strongest connections
//! ([`descriptor_order`]). A descriptor with one variant left is assigned in place, without
//! branching. Nodes live in one preallocated slot per depth, so the search does not allocate
//! while it branches. The tree is cut into at least 256 subtrees (a number fixed by the
//! matrix, not by the thread count) searched in parallel with rayon; results are sorted with
//! [`sort_solutions`], so they are identical on any number of threads and equal to
//! [`super::enumerate`]'s. Fixed descriptors (interventions) have a
//! one-variant domain and are not judged.
//!
//! The search keeps at most [`crate::limits::Limits::solutions`] scenarios: once more are
//! found it stops and returns what it has (more than the limit), so a matrix that barely
//! constrains cannot exhaust memory. Callers that count say "more than" ([`cut`]).

use std::borrow::Cow;
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

mod node;
mod share;

pub use share::space_text;

use super::matrix::Matrix;
use super::solution::{Constraints, Solution, sort_solutions};
use crate::progress::{NoProgress, Progress};
use node::{Check, Node, Plan};
use share::{Tally, WHOLE, part};

/// Every scenario meeting `constraints`, found by branch-and-bound.
///
/// # Panics
/// If `constraints` do not fit the matrix (see [`Constraints::validate`]).
pub fn search(m: &Matrix, constraints: &Constraints) -> Vec<Solution> {
    search_with_progress(m, constraints, &NoProgress)
}

/// [`search`], reporting to `progress` the share of the search tree settled so far
/// ([`share`]): the phase's message gives the size of the scenario space and says it is
/// searched by branch-and-bound (a huge space can still be quick, so it is not refused), and
/// the units settled grow to the phase's total as subtrees at any depth are pruned or searched.
///
/// A matrix with conditional judgments ([`crate::cib::matrix::Gate`]) is searched context by
/// context: for each combination of variants of the gating descriptors (those the
/// constraints allow), the ordinary matrix of that context ([`Matrix::in_context`]) is
/// searched with the gating descriptors held to it but still judged. A scenario's scores are
/// the same in its own context's matrix as in the gated one, so the union is exact.
pub fn search_with_progress(
    m: &Matrix,
    constraints: &Constraints,
    progress: &dyn Progress,
) -> Vec<Solution> {
    if let Err(e) = constraints.validate(m) {
        panic!("invalid constraints: {e}");
    }
    let mut all = Vec::new();
    for (matrix, held) in contexts(m, constraints) {
        all.extend(search_held(&matrix, constraints, &held, progress));
        if constraints.cut(&all) {
            break;
        }
    }
    sort_solutions(&mut all);
    all
}

/// The ordinary searches a search under `constraints` runs as: for each combination of
/// variants of the gating descriptors that the constraints allow (the last gating descriptor
/// fastest), the matrix of that context ([`Matrix::in_context`]) and the gating descriptors
/// held to it. A matrix without gates is one context: itself, nothing held. The contexts are
/// made one at a time, so their number does not cost memory.
pub fn contexts<'a>(
    m: &'a Matrix,
    constraints: &'a Constraints,
) -> impl Iterator<Item = (Cow<'a, Matrix>, Vec<Option<usize>>)> + 'a {
    let gating = m.gating_descriptors();
    let domains: Vec<std::ops::Range<usize>> =
        gating.iter().map(|&k| constraints.domain(m, k)).collect();
    let mut next: Option<Vec<usize>> = Some(domains.iter().map(|d| d.start).collect());
    std::iter::from_fn(move || {
        let current = next.take()?;
        // The following context: an odometer over the domains.
        let mut following = current.clone();
        for (k, d) in domains.iter().enumerate().rev() {
            following[k] += 1;
            if following[k] < d.end {
                next = Some(following);
                break;
            }
            following[k] = d.start;
        }
        if gating.is_empty() {
            return Some((Cow::Borrowed(m), Vec::new()));
        }
        let mut context = vec![0; m.descriptor_count()];
        let mut held = vec![None; m.descriptor_count()];
        for (&k, &v) in gating.iter().zip(&current) {
            context[k] = v;
            held[k] = Some(v);
        }
        Some((Cow::Owned(m.in_context(&context)), held))
    })
}

/// The search proper, with descriptors `held[j] = Some(v)` held to one variant but still
/// judged (unlike fixed ones).
fn search_held(
    m: &Matrix,
    constraints: &Constraints,
    held: &[Option<usize>],
    progress: &dyn Progress,
) -> Vec<Solution> {
    let plan = Plan::new(m, constraints, held);
    let (subtrees, settled) = open_subtrees(&plan);
    progress.start_share(
        &format!(
            "searching {} scenarios by branch-and-bound",
            share::space_text(m, constraints)
        ),
        WHOLE,
    );
    if settled > 0 {
        progress.advance(settled);
    }
    let mut all: Vec<Solution> = search_below(&plan, subtrees, constraints.keep_at_most, progress)
        .into_iter()
        .map(|z| Solution::new(m, z, constraints))
        .collect();
    progress.finish();
    sort_solutions(&mut all);
    all
}

/// The open subtrees of the search (in search order, each with its share of the tree) and the
/// share settled on the way to them. Their number depends on the matrix and the constraints
/// only, never on the thread count.
fn open_subtrees(plan: &Plan) -> (Vec<(Node, u64)>, u64) {
    let mut subtrees = Vec::new();
    let mut settled = 0;
    frontier(plan, Node::new(plan), 1, WHOLE, &mut subtrees, &mut settled);
    (subtrees, settled)
}

/// Searches `subtrees` in parallel, returning the scenarios found (unsorted) and stopping once
/// more than `most` are found.
fn search_below(
    plan: &Plan,
    subtrees: Vec<(Node, u64)>,
    most: usize,
    progress: &dyn Progress,
) -> Vec<Vec<usize>> {
    let depth = plan.m.descriptor_count() + 1;
    let budget = Budget {
        found: AtomicUsize::new(0),
        most,
    };
    subtrees
        .into_par_iter()
        .flat_map_iter(|(node, units)| {
            let mut pool = vec![node.clone(); depth];
            pool[0] = node;
            let mut found = Vec::new();
            let mut tally = Tally::new(progress);
            descend(plan, &mut pool, units, &mut tally, &mut found, &budget);
            found
        })
        .collect()
}

/// The number of open subtrees of the ordinary search of `m` under `constraints` with
/// `held` descriptors held (one of [`contexts`]): the pieces a search splits into, to be run
/// apart by [`search_subtrees`].
pub fn subtree_count(m: &Matrix, constraints: &Constraints, held: &[Option<usize>]) -> usize {
    open_subtrees(&Plan::new(m, constraints, held)).0.len()
}

/// The scenarios (variant indices) found in the open subtrees `range` of the ordinary search
/// of `m` under `constraints` with `held` descriptors held: one unit of a search split over
/// processes or machines. Over all ranges of all [`contexts`], the scenarios are those
/// [`search`] finds; each range stops once it finds more than the constraints keep.
///
/// # Panics
/// If `constraints` or `held` do not fit the matrix, or `range` is not within
/// [`subtree_count`].
pub fn search_subtrees(
    m: &Matrix,
    constraints: &Constraints,
    held: &[Option<usize>],
    range: Range<usize>,
) -> Vec<Vec<usize>> {
    let plan = Plan::new(m, constraints, held);
    let mut subtrees = open_subtrees(&plan).0;
    subtrees.truncate(range.end);
    let mine = subtrees.split_off(range.start);
    search_below(&plan, mine, constraints.keep_at_most, &NoProgress)
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

/// The scenarios found so far by all subtrees, and the most to keep.
struct Budget {
    found: AtomicUsize,
    most: usize,
}

impl Budget {
    fn spent(&self) -> bool {
        self.found.load(Ordering::Relaxed) > self.most
    }
}

/// Why a result built on searches is not computed when one of them was cut
/// ([`Constraints::cut`]): `what` names the result ("robustness"), `search` the search that was
/// cut ("draw 17"). The message says how to raise the limit, so a caller can pass it on as it
/// is instead of using a truncated list.
pub fn not_computed(what: &str, search: &str, constraints: &Constraints) -> String {
    format!("{what} not computed: {}", constraints.too_many(search))
}

/// Searches below `pool[0]`, a subtree worth `units` ([`share`]), collecting complete
/// scenarios into `found` and settling the units of every subtree it is done with into `tally`;
/// `pool[1..]` are the slots of the nodes below (one per depth, reused, so that branching does
/// not allocate). Descriptors with one variant left are assigned in place, without a new slot.
fn descend(
    plan: &Plan,
    pool: &mut [Node],
    units: u64,
    tally: &mut Tally,
    found: &mut Vec<Vec<usize>>,
    budget: &Budget,
) {
    let (node, below) = pool.split_first_mut().expect("a slot per depth");
    loop {
        if budget.spent() {
            return;
        }
        match node.check(plan) {
            Check::Dead => return tally.settle(units),
            Check::Complete => {
                found.push(node.z.clone());
                budget.found.fetch_add(1, Ordering::Relaxed);
                return tally.settle(units);
            }
            Check::Branch(j) => {
                let choices = node.choices(plan, j);
                if let [v] = choices[..] {
                    node.assign(plan, j, v);
                    continue;
                }
                let k = choices.len();
                for (i, v) in choices.into_iter().enumerate() {
                    below[0].clone_from(node);
                    below[0].assign(plan, j, v);
                    descend(plan, below, part(units, i, k), tally, found, budget);
                }
                return;
            }
        }
    }
}

/// Collects the open subtrees below `node` (worth `units`) in search order, each with
/// its units: nodes reached once `width` (the product of the branching factors above) reaches
/// [`SUBTREES`], and complete scenarios. The units of nodes found dead on the way are added to
/// `settled`.
fn frontier(
    plan: &Plan,
    mut node: Node,
    width: usize,
    units: u64,
    out: &mut Vec<(Node, u64)>,
    settled: &mut u64,
) {
    loop {
        match node.check(plan) {
            Check::Dead => {
                *settled += units;
                return;
            }
            Check::Complete => {
                out.push((node, units));
                return;
            }
            Check::Branch(_) if width >= SUBTREES => {
                out.push((node, units));
                return;
            }
            Check::Branch(j) => {
                let choices = node.choices(plan, j);
                if let [v] = choices[..] {
                    node.assign(plan, j, v);
                    continue;
                }
                let k = choices.len();
                for (i, v) in choices.into_iter().enumerate() {
                    let mut child = node.clone();
                    child.assign(plan, j, v);
                    frontier(plan, child, width * k, part(units, i, k), out, settled);
                }
                return;
            }
        }
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

    /// Records a search's progress: the phase's total and every advance.
    #[derive(Default)]
    pub(crate) struct Recorder {
        total: std::sync::Mutex<Option<u64>>,
        advances: std::sync::Mutex<Vec<u64>>,
    }

    impl Progress for Recorder {
        fn start(&self, _: &str, _: u64) {
            panic!("the search reports shares of its space");
        }
        fn start_share(&self, _: &str, total: u64) {
            *self.total.lock().unwrap() = Some(total);
        }
        fn advance(&self, units: u64) {
            self.advances.lock().unwrap().push(units);
        }
        fn finish(&self) {}
    }

    impl Recorder {
        /// Checks that the units reported only grow and end at the total; returns how many
        /// times they were reported.
        pub(crate) fn reached_the_total(&self) -> usize {
            let total = self.total.lock().unwrap().expect("the phase started");
            let advances = self.advances.lock().unwrap();
            let mut done = 0u64;
            for &units in advances.iter() {
                assert!(units > 0, "an advance of nothing");
                done += units;
                assert!(done <= total, "{done} of {total}");
            }
            assert_eq!(done, total);
            advances.len()
        }
    }

    proptest! {
        // More cases than the default: every pruning rule must meet ties, zero blocks,
        // thresholds and fixed descriptors.
        #![proptest_config(ProptestConfig::with_cases(1024))]

        #[test]
        fn branch_and_bound_equals_the_enumerator(m in small_matrix(), t in 0i64..3, fix in any::<u64>()) {
            for constraints in [
                Constraints::max_inconsistency(t),
                Constraints {
                    max_inconsistency: t,
                    fixed: (0..m.descriptor_count())
                        .map(|j| (fix >> j & 1 == 1).then(|| (fix >> 8) as usize % m.variant_count(j)))
                        .collect(),
                    ..Constraints::default()
                },
            ] {
                let recorder = Recorder::default();
                let by_search = search_with_progress(&m, &constraints, &recorder);
                recorder.reached_the_total();
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
    fn progress_grows_in_many_steps_to_the_whole_space() {
        // 17 descriptors of 3 or 4 variants, 4.1e8 scenarios: the bar must move many times.
        let m = crate::cib::cases::case_matrix("cibsa_CIB_nested");
        let recorder = Recorder::default();
        let found = search_with_progress(&m, &Constraints::consistent(), &recorder);
        assert!(!found.is_empty());
        let steps = recorder.reached_the_total();
        assert!(steps > 10, "{steps} steps");
        assert_eq!(*recorder.total.lock().unwrap(), Some(share::WHOLE));
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
