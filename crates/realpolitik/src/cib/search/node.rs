//! The search's precomputed tables ([`Plan`]) and the state of a partial scenario ([`Node`])
//! with its propagation; the module docs of [`super`] describe the bounds.

use super::super::matrix::Matrix;
use super::super::score::add_row;
use super::super::solution::Constraints;

/// Descriptors with at most this many variants have their live domain tracked as a bit mask,
/// with gains precomputed for every subset of variants; larger ones keep their whole domain.
const MASKED_VARIANTS: usize = 6;

/// Everything precomputed for one search.
pub(super) struct Plan<'a> {
    pub(super) m: &'a Matrix,
    t: i64,
    /// Whether each descriptor's consistency is required (fixed descriptors are not judged).
    pub(super) judged: Vec<bool>,
    /// Variants each descriptor may take.
    domains: Vec<std::ops::Range<usize>>,
    /// Offset of descriptor j's k_j × k_j pair table in the lead, gain and R vectors.
    pair_offset: Vec<usize>,
    /// Each descriptor's place in [`super::descriptor_order`] (breaks ties when branching).
    rank: Vec<usize>,
    /// `lead[i][v][pair_offset[j] + a·k_j + b]` = C[(i,v),(j,a)] − C[(i,v),(j,b)] for b ≠ a:
    /// what "i is v" adds to the lead of j's variant a over b. The diagonal entry (b = a) holds
    /// the sum over all rivals, Σ_{b≠a} (C[(i,v),(j,a)] − C[(i,v),(j,b)]).
    lead: Vec<Vec<Vec<i64>>>,
    /// `gain[i][mask]` = the elementwise maximum of `lead[i][v]` over the variants v in `mask`:
    /// the most i can still add. Descriptors with more than [`MASKED_VARIANTS`] variants have
    /// one table, at index 0, over their whole domain.
    gain: Vec<Vec<Vec<i64>>>,
    /// The descriptors j whose block (i, j) is not all zero, for each i (j = i included when
    /// the self block is filled): only their part of R changes when i's gains change.
    targets: Vec<Vec<usize>>,
    /// The descriptors i ≠ j whose block (i, j) is not all zero, for each j: j's influencers.
    sources: Vec<Vec<usize>>,
    /// For each j, the largest spread (max − min over one influencer's variants) of any entry
    /// of j's pair table: when every slack of j is at least this, no influencer can lose a
    /// variant to j's constraint, and the scan is skipped.
    spread: Vec<i64>,
    /// `loss[loss_start[i] + mask·V + offset(j) + a]` (V the number of variants) = the most
    /// that narrowing influencer i (live domain `mask`) to one variant can cost any slack
    /// s_{j,a,·}: max over v in `mask` and b of gain − lead. An influencer whose loss is within
    /// j's least slack cannot lose a variant, and is skipped without looking at its variants.
    loss: Vec<i64>,
    loss_start: Vec<usize>,
    /// `pulled[i]` = the descriptors j ≠ i that influence i (block (j, i) not all zero), each
    /// with the block's weight Σ|C|: assigning i adds the weight to j's pull.
    pulled: Vec<Vec<(usize, i64)>>,
}

impl<'a> Plan<'a> {
    pub(super) fn new(m: &'a Matrix, constraints: &Constraints, held: &[Option<usize>]) -> Self {
        let n = m.descriptor_count();
        let domains: Vec<_> = (0..n)
            .map(|j| match held.get(j).copied().flatten() {
                Some(v) => v..v + 1,
                None => constraints.domain(m, j),
            })
            .collect();
        let judged = (0..n).map(|j| constraints.fixed(j).is_none()).collect();
        let mut pair_offset = vec![0; n + 1];
        for j in 0..n {
            pair_offset[j + 1] = pair_offset[j] + m.variant_count(j) * m.variant_count(j);
        }
        let lead: Vec<Vec<Vec<i64>>> = (0..n)
            .map(|i| {
                (0..m.variant_count(i))
                    .map(|v| {
                        let mut d = vec![0i64; pair_offset[n]];
                        for j in 0..n {
                            let k = m.variant_count(j);
                            let c = |a| i64::from(m.impact(i, v, j, a));
                            for a in 0..k {
                                let mut sum = 0;
                                for b in (0..k).filter(|&b| b != a) {
                                    d[pair_offset[j] + a * k + b] = c(a) - c(b);
                                    sum += c(a) - c(b);
                                }
                                d[pair_offset[j] + a * k + a] = sum;
                            }
                        }
                        d
                    })
                    .collect()
            })
            .collect();
        let table = |i: usize, variants: &mut dyn Iterator<Item = usize>| -> Vec<i64> {
            let mut g: Option<Vec<i64>> = None;
            for v in variants {
                match &mut g {
                    None => g = Some(lead[i][v].clone()),
                    Some(g) => g.iter_mut().zip(&lead[i][v]).for_each(|(x, &y)| {
                        *x = (*x).max(y);
                    }),
                }
            }
            g.unwrap_or_else(|| vec![0; pair_offset[n]])
        };
        let gain: Vec<Vec<Vec<i64>>> = (0..n)
            .map(|i| {
                let k = m.variant_count(i);
                if k > MASKED_VARIANTS {
                    vec![table(i, &mut domains[i].clone())]
                } else {
                    (0..1usize << k)
                        .map(|mask| table(i, &mut (0..k).filter(|v| mask >> v & 1 == 1)))
                        .collect()
                }
            })
            .collect();
        let nonzero = |i: usize, j: usize| {
            (0..m.variant_count(i))
                .any(|a| (0..m.variant_count(j)).any(|b| m.impact(i, a, j, b) != 0))
        };
        let targets = (0..n)
            .map(|i| (0..n).filter(|&j| nonzero(i, j)).collect())
            .collect();
        let sources: Vec<Vec<usize>> = (0..n)
            .map(|j| (0..n).filter(|&i| i != j && nonzero(i, j)).collect())
            .collect();
        let spread = (0..n)
            .map(|j| {
                let range = pair_offset[j]..pair_offset[j + 1];
                sources[j]
                    .iter()
                    .flat_map(|&i| {
                        let lead = &lead[i];
                        range.clone().map(move |x| {
                            let hi = lead.iter().map(|d| d[x]).max().unwrap_or(0);
                            let lo = lead.iter().map(|d| d[x]).min().unwrap_or(0);
                            hi - lo
                        })
                    })
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let mut loss_start = vec![0; n];
        let mut loss = Vec::new();
        for i in 0..n {
            loss_start[i] = loss.len();
            let k = m.variant_count(i);
            if k > MASKED_VARIANTS {
                continue;
            }
            for (mask, g) in gain[i].iter().enumerate() {
                for (j, &start) in pair_offset[..n].iter().enumerate() {
                    let kj = m.variant_count(j);
                    for a in 0..kj {
                        let at = start + a * kj;
                        let worst = (0..k)
                            .filter(|v| mask >> v & 1 == 1)
                            .flat_map(|v| (0..kj).map(move |b| (v, b)))
                            .map(|(v, b)| g[at + b] - lead[i][v][at + b])
                            .max()
                            .unwrap_or(0);
                        loss.push(worst);
                    }
                }
            }
        }
        let weight = |j: usize, i: usize| -> i64 {
            let mut w = 0;
            for a in 0..m.variant_count(j) {
                for b in 0..m.variant_count(i) {
                    w += i64::from(m.impact(j, a, i, b).unsigned_abs());
                }
            }
            w
        };
        let pulled = (0..n)
            .map(|i| sources[i].iter().map(|&j| (j, weight(j, i))).collect())
            .collect();
        let mut rank = vec![0; n];
        for (r, j) in super::descriptor_order(m).into_iter().enumerate() {
            rank[j] = r;
        }
        Plan {
            m,
            t: constraints.max_inconsistency,
            judged,
            domains,
            pair_offset,
            rank,
            lead,
            gain,
            targets,
            sources,
            spread,
            loss,
            loss_start,
            pulled,
        }
    }

    /// Whether descriptor i's live domain is tracked as a mask.
    #[inline]
    fn masked(&self, i: usize) -> bool {
        self.m.variant_count(i) <= MASKED_VARIANTS
    }

    /// Descriptor i's gains with live domain `mask`.
    #[inline]
    fn table(&self, i: usize, mask: u32) -> &[i64] {
        if self.masked(i) {
            &self.gain[i][mask as usize]
        } else {
            &self.gain[i][0]
        }
    }
}

/// What a node's check found: the partial scenario cannot be completed, it is complete, or the
/// descriptor to branch on next.
pub(super) enum Check {
    Dead,
    Complete,
    Branch(usize),
}

/// The state of a partial scenario.
#[derive(Debug)]
pub(super) struct Node {
    /// Partial balance P.
    theta: Vec<i64>,
    /// R: the sum of the unassigned descriptors' gains over their live domains.
    rest: Vec<i64>,
    /// The live domain of each unassigned descriptor as a bit mask (0 for descriptors whose
    /// domain is not tracked, see [`Plan::masked`]); an assigned descriptor's is its variant.
    mask: Vec<u32>,
    /// Chosen variant of each descriptor (meaningful for assigned ones).
    pub(super) z: Vec<usize>,
    assigned: Vec<bool>,
    /// The pull of each descriptor j: Σ|C| of its blocks on assigned descriptors. Branching
    /// prefers the strongest pull (see [`Node::check`]).
    pull: Vec<i64>,
    /// The descriptors whose constraint must be propagated again: their P, R or live domain
    /// changed since the last fixpoint (all false between checks).
    dirty: Vec<bool>,
    /// Scratch: the slacks of the descriptor being propagated.
    slack: Vec<i64>,
}

impl Clone for Node {
    fn clone(&self) -> Self {
        Node {
            theta: self.theta.clone(),
            rest: self.rest.clone(),
            mask: self.mask.clone(),
            z: self.z.clone(),
            assigned: self.assigned.clone(),
            pull: self.pull.clone(),
            dirty: self.dirty.clone(),
            slack: self.slack.clone(),
        }
    }

    /// Reuses the allocations: the search copies a node into its child's slot at every branch.
    fn clone_from(&mut self, source: &Self) {
        self.theta.clone_from(&source.theta);
        self.rest.clone_from(&source.rest);
        self.mask.clone_from(&source.mask);
        self.z.clone_from(&source.z);
        self.assigned.clone_from(&source.assigned);
        self.pull.clone_from(&source.pull);
        self.dirty.clone_from(&source.dirty);
    }
}

impl Node {
    /// The root: nothing assigned, every domain whole.
    pub(super) fn new(plan: &Plan) -> Self {
        let n = plan.m.descriptor_count();
        let mask: Vec<u32> = (0..n)
            .map(|i| {
                if plan.masked(i) {
                    plan.domains[i].clone().map(|v| 1u32 << v).sum()
                } else {
                    0
                }
            })
            .collect();
        let mut rest = vec![0i64; plan.pair_offset[n]];
        for (i, &mk) in mask.iter().enumerate() {
            for (r, g) in rest.iter_mut().zip(plan.table(i, mk)) {
                *r += g;
            }
        }
        let widest = (0..n).map(|j| plan.m.variant_count(j)).max().unwrap_or(0);
        Node {
            theta: vec![0; plan.m.variant_total()],
            rest,
            mask,
            z: vec![0; n],
            assigned: vec![false; n],
            pull: vec![0; n],
            dirty: vec![true; n],
            slack: vec![0; widest],
        }
    }

    /// R −= i's gains over `old`, += over `new` (only the parts of i's targets change).
    #[inline]
    fn regain(&mut self, plan: &Plan, i: usize, old: Option<u32>, new: Option<u32>) {
        let old = old.map(|mk| plan.table(i, mk));
        let new = new.map(|mk| plan.table(i, mk));
        for &j in &plan.targets[i] {
            let range = plan.pair_offset[j]..plan.pair_offset[j + 1];
            let rest = &mut self.rest[range.clone()];
            if let Some(old) = old {
                rest.iter_mut()
                    .zip(&old[range.clone()])
                    .for_each(|(r, g)| *r -= g);
            }
            if let Some(new) = new {
                rest.iter_mut().zip(&new[range]).for_each(|(r, g)| *r += g);
            }
        }
    }

    /// Marks descriptor i and those it influences dirty: their P, R or domain changed with i's.
    #[inline]
    fn touch(&mut self, plan: &Plan, i: usize) {
        self.dirty[i] = true;
        for &j in &plan.targets[i] {
            self.dirty[j] = true;
        }
    }

    /// Assigns variant v to descriptor j.
    pub(super) fn assign(&mut self, plan: &Plan, j: usize, v: usize) {
        self.z[j] = v;
        self.assigned[j] = true;
        add_row(&mut self.theta, plan.m.row(plan.m.offset(j) + v), 1);
        self.regain(plan, j, Some(self.mask[j]), None);
        if plan.masked(j) {
            self.mask[j] = 1 << v;
        }
        for &(i, w) in &plan.pulled[j] {
            self.pull[i] += w;
        }
        self.touch(plan, j);
    }

    /// Narrows unassigned descriptor i's live domain to `live`.
    #[inline]
    fn narrow(&mut self, plan: &Plan, i: usize, live: u32) {
        self.regain(plan, i, Some(self.mask[i]), Some(live));
        self.mask[i] = live;
        self.touch(plan, i);
    }

    /// Whether variant `a` of descriptor `j` can still win (within t) against every rival, and
    /// against the sum of its rivals, under the most favourable completion.
    #[inline]
    fn can_hold(&self, plan: &Plan, j: usize, a: usize) -> bool {
        let k = plan.m.variant_count(j);
        let base = plan.m.offset(j);
        let at = plan.pair_offset[j] + a * k;
        let rest = &self.rest[at..at + k];
        let own = self.theta[base + a];
        let mut sum = 0;
        for b in (0..k).filter(|&b| b != a) {
            let lead = own - self.theta[base + b];
            if lead + rest[b] + plan.t < 0 {
                return false;
            }
            sum += lead;
        }
        sum + rest[a] + (k as i64 - 1) * plan.t >= 0
    }

    /// The variants of unassigned descriptor j that can still hold.
    pub(super) fn live(&self, plan: &Plan, j: usize) -> Vec<usize> {
        plan.domains[j]
            .clone()
            .filter(|&a| {
                (!plan.masked(j) || self.mask[j] >> a & 1 == 1)
                    && (!plan.judged[j] || self.can_hold(plan, j, a))
            })
            .collect()
    }

    /// The variant judged descriptor j is held to, if any: its assigned one, or the last one
    /// left in its live domain.
    fn held(&self, plan: &Plan, j: usize) -> Option<usize> {
        if self.assigned[j] {
            Some(self.z[j])
        } else if plan.masked(j) && self.mask[j].count_ones() == 1 {
            Some(self.mask[j].trailing_zeros() as usize)
        } else {
            None
        }
    }

    /// Propagates the constraint of descriptor j held to variant a onto its unassigned
    /// influencers: a variant v of influencer i goes when choosing it would cost more than a
    /// slack of j (the most favourable completion's margin). False when j itself cannot hold.
    fn support(&mut self, plan: &Plan, j: usize, a: usize) -> bool {
        let k = plan.m.variant_count(j);
        let base = plan.m.offset(j);
        let at = plan.pair_offset[j] + a * k;
        let own = self.theta[base + a];
        let mut sum = 0;
        let mut least = i64::MAX;
        for b in (0..k).filter(|&b| b != a) {
            let lead = own - self.theta[base + b];
            sum += lead;
            self.slack[b] = lead + self.rest[at + b] + plan.t;
            least = least.min(self.slack[b]);
        }
        self.slack[a] = sum + self.rest[at + a] + (k as i64 - 1) * plan.t;
        least = least.min(self.slack[a]);
        if least < 0 {
            return false;
        }
        if least >= plan.spread[j] {
            return true;
        }
        for &i in &plan.sources[j] {
            let mask = self.mask[i];
            if self.assigned[i] || !plan.masked(i) || mask.count_ones() < 2 {
                continue;
            }
            let total = plan.m.variant_total();
            if least >= plan.loss[plan.loss_start[i] + mask as usize * total + base + a] {
                continue;
            }
            let gain = &plan.table(i, mask)[at..at + k];
            let mut keep = mask;
            let mut left = mask;
            while left != 0 {
                let v = left.trailing_zeros() as usize;
                left &= left - 1;
                let lead = &plan.lead[i][v][at..at + k];
                if (0..k).any(|b| gain[b] - lead[b] > self.slack[b]) {
                    keep &= !(1 << v);
                }
            }
            if keep == 0 {
                return false;
            }
            if keep != mask {
                self.narrow(plan, i, keep);
            }
        }
        true
    }

    /// Propagates the dirty descriptors to a fixpoint (drops the variants of unassigned
    /// descriptors that cannot hold, and the variants of influencers that a held descriptor
    /// cannot afford; each narrowing dirties the descriptors it influences), then prunes, or
    /// picks the unassigned descriptor with the fewest variants left; ties go to the strongest
    /// pull (its blocks on assigned descriptors weigh most: their slacks depend on it, so
    /// fixing it exposes failures soonest), then to the earlier in [`super::descriptor_order`].
    pub(super) fn check(&mut self, plan: &Plan) -> Check {
        let n = plan.m.descriptor_count();
        loop {
            let mut visited = false;
            for j in 0..n {
                if !std::mem::take(&mut self.dirty[j]) {
                    continue;
                }
                visited = true;
                if !plan.judged[j] {
                    continue;
                }
                if !self.assigned[j] && plan.masked(j) {
                    let mut live = 0;
                    let mut left = self.mask[j];
                    while left != 0 {
                        let a = left.trailing_zeros() as usize;
                        left &= left - 1;
                        if self.can_hold(plan, j, a) {
                            live |= 1 << a;
                        }
                    }
                    if live == 0 {
                        self.dirty.fill(false);
                        return Check::Dead;
                    }
                    if live != self.mask[j] {
                        self.narrow(plan, j, live);
                    }
                }
                if let Some(a) = self.held(plan, j)
                    && !self.support(plan, j, a)
                {
                    self.dirty.fill(false);
                    return Check::Dead;
                }
            }
            if !visited {
                break;
            }
        }
        let mut pick: Option<(usize, usize)> = None; // (variants left, descriptor)
        for j in (0..n).filter(|&j| !self.assigned[j]) {
            // After propagation a tracked mask is exactly the live domain.
            let left = if plan.masked(j) {
                self.mask[j].count_ones() as usize
            } else {
                self.live(plan, j).len()
            };
            if left == 0 {
                return Check::Dead;
            }
            // Fewest variants left, then the strongest pull on assigned descriptors.
            let key = |j: usize| (-self.pull[j], plan.rank[j]);
            if pick.is_none_or(|(l, p)| (left, key(j)) < (l, key(p))) {
                pick = Some((left, j));
            }
        }
        match pick {
            Some((_, j)) => Check::Branch(j),
            None => Check::Complete,
        }
    }

    /// The variants to try for descriptor j (after [`Node::check`] picked it).
    pub(super) fn choices(&self, plan: &Plan, j: usize) -> Vec<usize> {
        if plan.masked(j) {
            (0..plan.m.variant_count(j))
                .filter(|&v| self.mask[j] >> v & 1 == 1)
                .collect()
        } else {
            self.live(plan, j)
        }
    }
}
