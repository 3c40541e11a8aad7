//! KTAB's Spatial Model of Politics (SMP), after KAPSARC's KTAB (github.com/KAPSARC/KTAB; the
//! SMP tutorial, `examples/smp/libsrc/smp.cpp` and `smpbcn.cpp`, and
//! `kmodel/doc/markov-incentives.tex`), with KTAB's default settings: victory probability
//! Linear, voting rule Prop, Conditional PCE, deterministic state transitions, big-R range Mid,
//! big-R adjustment one-third, third-party commitment SemiCommit, interpolated bargains S2P2,
//! bargain model InitOnlyInterp.
//!
//! Positions are vectors over the issues (KTAB's dimensions), normalised to `[0, 1]` per issue;
//! saliences `s_ik` are the 0–100 inputs over 100 (KTAB requires `Σ_k s_ik ≤ 1`); `c_i` is the
//! capability and `σ_i = Σ_k s_ik` the overall salience. Each turn, from positions `x_i`:
//!
//! 1. **Distance** `d_ij = √(Σ_k s_ik² (x_ik − x_jk)² / Σ_k s_ik²)`, by `i`'s saliences (its
//!    ideal point is its position: KTAB's accommodation matrix is the identity).
//! 2. **Utility** with risk attitude `r ∈ [−1, 1]`: `u(d, r) = (1 − d)(1 + d r)` (for `d > 1`,
//!    `(1 − d)(1 + r)`).
//! 3. **Risk attitudes.** With risk-neutral utilities `u⁰_ki = 1 − d_ki`, coalitions
//!    `C_ij = 10⁻⁸ + Σ_k max(0, c_k (u⁰_ki − u⁰_kj))` (Prop voting, weight `c_k` only), victory probabilities
//!    `P_ij = C_ij / (C_ij + C_ji)` (Linear, `P_ii = ½`), and the Conditional PCE `p_i ∝ Π_j P_ij`;
//!    then `r_i = (3 p_i − p_max − 2 p_min) / (2 (p_max − p_min))` (Mid: the likeliest actor is
//!    risk-averse at `+1`, the least likely risk-seeking at `−½`).
//! 4. **Perceived utilities.** `h` estimates `i`'s attitude as `r_hi = (2 r_h + r_i) / 3`
//!    (one-third adjustment) and `U^h_ij = u(d_ij, r_hi)`.
//! 5. **Challenges** (`probEduChlg`). As `h` sees a challenge of `i` to `j`: the principals' votes
//!    `v_i = c_i σ_i (U^h_ii − U^h_ij)`, `v_j = c_j σ_j (U^h_ji − U^h_jj)` start the coalitions
//!    `C_i, C_j` (each from `10⁻¹⁰`); each third party `n` first weighs the little contest
//!    (`p_n = C'_i / (C'_i + C'_j)` after adding its own Prop vote `c_n σ_n (U^h_ni − U^h_nj)` to
//!    its side), then votes (SemiCommit) `c_n σ_n [(p_n(2U_ni + U_nn) + (1 − p_n) 3U_nj) −
//!    (p_n 3U_ni + (1 − p_n)(2U_nj + U_nn))]`, added to `C_i` or `C_j` by sign. Then `P = C_i /
//!    (C_i + C_j)`, and for the affected `k` the gain over the status quo is
//!    `ΔU = (1 − σ_j) 2U_ki + σ_j (P 2U_ki + (1 − P) 2U_kj) − (U_ki + U_kj)`, all `U = U^h`.
//! 6. **Bargains.** Each `i` challenges the `j ≠ i` with the largest own-view gain (`h = k = i`)
//!    above `10⁻⁵` (ties: the lowest `j`). The proposed bargain (S2P2, from `i`'s view `P`) has, per
//!    issue, weights `w_i = s_ik² P²`, `w_j = s_jk² (1 − P)²` and positions `b_i = ((w_i + 10⁻⁶)
//!    x_ik + w_j x_jk) / (w_i + 10⁻⁶ + w_j)`, `b_j = (w_i x_ik + (w_j + 10⁻⁶) x_jk) / (w_i + 10⁻⁶ +
//!    w_j)`, each rounded to 4 decimals of the normalised scale (InitOnlyInterp: only the
//!    initiator's view is used).
//! 7. **Choice.** Every actor `k` holds its status quo and the bargains it made or received, in
//!    KTAB's order (actors in turn, each adding its status quo, then its own bargain to both
//!    parties' lists). The value to `a` of bargain `m` is the mean over actors of `a`'s utility
//!    of their positions with the bargain applied (`a`'s own `r_a` for the two bargained
//!    positions, `U^a_an` for the rest); the Prop/Linear/Conditional PCE over `k`'s options,
//!    voters weighted `c`, gives a probability per option, and `k` takes the likeliest (first on
//!    ties): its new position is its side of that bargain.
//!
//! **Stopping** (KTAB's `smpStopFn`): with `D(s, s') = Σ_i ‖x_i − x'_i‖₂` on the normalised
//! scale, after turn `t` the ratio `D(s_t, s_{t−1}) / (D(s_0, s_1) + 10⁻⁴)` is recorded, and
//! the run stops when `t ≥ 100`, or `t ≥ 2` and the ratio is below `0.02`.
//!
//! # Conventions where KTAB is silent or fails
//!
//! | case | here | KTAB |
//! |---|---|---|
//! | all actors equally likely (`p_max = p_min`) | every `r_i = 0` | divides by zero |
//! | an actor with zero saliences | distance 0 to everyone: indifferent | asserts |
//! | zero capability or overall salience | votes with weight 0 and challenges no one (it can still be challenged) | throws on non-positive vote weight |
//! | overall salience `σ_i > 1` | used as given | the CSV reader rejects it |
//! | an actor without a stance on some issue | no joint run ([`SmpInput::from_scenario`] fails); the command plays each issue alone | has no missing stances |
//! | issue scale | `(x − low) / (high − low)`, mapped back for output | CSV positions over 100 |
//!
//! Cost per turn is `O(n³)` in the number of actors (KTAB also records every perspective's view
//! of every challenge, `O(n⁴)`).

use serde::Serialize;

#[path = "smp_input.rs"]
mod input;
pub use input::SmpInput;
pub use input::{SmpReport, SmpTurnReport};

/// Smallest own-view gain that makes a challenge worth making (KTAB's `minSigEDU`).
const MIN_GAIN: f64 = 1e-5;
/// Initial coalition strength in a challenge (KTAB's `minCltn`).
const MIN_COALITION: f64 = 1e-10;
/// Initial coalition strength between options in a PCE (KTAB's `minC`).
const MIN_OPTION_COALITION: f64 = 1e-8;
/// Positions closer than this (normalised, Euclidean) count as one (KTAB's `posTol`).
const SAME_POSITION: f64 = 1e-3;
/// Weight added to the side of the interpolated bargain that keeps it (KTAB's `minW`).
const MIN_BARGAIN_WEIGHT: f64 = 1e-6;

/// The stopping rule's parameters (KTAB's defaults in [`Default`]).
#[derive(Clone, Copy, Debug, Serialize, schemars::JsonSchema)]
pub struct SmpParams {
    /// Stop after this many turns at the latest (KTAB: 100).
    pub max_turns: usize,
    /// Never stop on quiet before this turn (KTAB: 2).
    pub min_turns: usize,
    /// Stop when the change relative to the first step falls below this (KTAB: 0.02).
    pub min_ratio: f64,
    /// Added to the first step's change (KTAB: 10⁻⁴).
    pub min_first_step: f64,
}

impl Default for SmpParams {
    fn default() -> Self {
        SmpParams {
            max_turns: 100,
            min_turns: 2,
            min_ratio: 0.02,
            min_first_step: 1e-4,
        }
    }
}

/// A challenge made in a turn, as the challenger saw it.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct SmpChallenge {
    /// The challenger.
    pub initiator: usize,
    /// The target.
    pub receiver: usize,
    /// The challenger's estimate that it prevails.
    pub probability: f64,
    /// The challenger's expected gain over the status quo.
    pub gain: f64,
    /// The bargained position proposed to the challenger (normalised).
    pub initiator_position: Vec<f64>,
    /// The bargained position proposed to the target (normalised).
    pub receiver_position: Vec<f64>,
}

/// One state of the run: positions and what was decided from them.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct SmpTurn {
    /// `positions[i][k]`, normalised to `[0, 1]`.
    pub positions: Vec<Vec<f64>>,
    /// Risk attitudes `r_i` inferred in this state.
    pub risk: Vec<f64>,
    /// `outcome[i]`: the probability that actor `i`'s position is the outcome (shared by actors
    /// at the same position).
    pub outcome: Vec<f64>,
    /// The challenges made from this state.
    pub challenges: Vec<SmpChallenge>,
    /// `accepted[k]`: the index into `challenges` of the bargain actor `k` adopted, `None` for
    /// its status quo. Empty in the last state.
    pub accepted: Vec<Option<usize>>,
}

/// A full SMP run.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct SmpRun {
    /// The states `s_0, s_1, …`; the last has no challenges.
    pub turns: Vec<SmpTurn>,
    /// `ratios[t − 1]`: the change of turn `t` relative to the first step.
    pub ratios: Vec<f64>,
}

impl SmpRun {
    /// The final positions (normalised).
    pub fn final_positions(&self) -> &[Vec<f64>] {
        &self.turns[self.turns.len() - 1].positions
    }

    /// The forecast: the final position most likely to be the outcome (the first actor's on
    /// ties), normalised; `None` without actors.
    pub fn forecast(&self) -> Option<&[f64]> {
        let last = &self.turns[self.turns.len() - 1];
        (!last.positions.is_empty()).then(|| last.positions[first_max(&last.outcome)].as_slice())
    }
}

/// Utility of a normalised distance `d` under risk attitude `r` (KTAB's `bsUtil`).
pub fn utility(d: f64, r: f64) -> f64 {
    if d <= 1.0 {
        (1.0 - d) * (1.0 + d * r)
    } else {
        (1.0 - d) * (1.0 + r)
    }
}

/// Salience-weighted distance of `y` from `x`, by saliences `s` (KTAB's `bvDiff`); 0 when every
/// salience is 0.
pub fn distance(x: &[f64], y: &[f64], s: &[f64]) -> f64 {
    let (mut ds, mut ss) = (0.0, 0.0);
    for k in 0..x.len() {
        let a = (x[k] - y[k]) * s[k];
        ds += a * a;
        ss += s[k] * s[k];
    }
    if ss > 0.0 { (ds / ss).sqrt() } else { 0.0 }
}

/// Prop vote of weight `w` between utilities `a` and `b`.
fn vote(w: f64, a: f64, b: f64) -> f64 {
    w * (a - b)
}

/// Conditional PCE over `m` options: `u(a, o)` is voter `a`'s utility of option `o`, voters
/// weighted `w`. Returns each option's probability.
pub fn conditional_pce(w: &[f64], m: usize, u: impl Fn(usize, usize) -> f64) -> Vec<f64> {
    let n = w.len();
    let mut c = vec![MIN_OPTION_COALITION; m * m];
    for i in 0..m {
        for j in 0..i {
            let (mut cij, mut cji) = (MIN_OPTION_COALITION, MIN_OPTION_COALITION);
            for (a, &wa) in w.iter().enumerate().take(n) {
                let v = vote(wa, u(a, i), u(a, j));
                if v > 0.0 {
                    cij += v;
                }
                if v < 0.0 {
                    cji -= v;
                }
            }
            c[i * m + j] = cij;
            c[j * m + i] = cji;
        }
    }
    let mut p: Vec<f64> = (0..m)
        .map(|i| {
            (0..m)
                .map(|j| {
                    if i == j {
                        0.5
                    } else {
                        let (a, b) = (c[i * m + j], c[j * m + i]);
                        a / (a + b)
                    }
                })
                .product()
        })
        .collect();
    let total: f64 = p.iter().sum();
    for x in &mut p {
        *x /= total;
    }
    p
}

/// Index of the first largest value.
fn first_max(p: &[f64]) -> usize {
    let mut best = 0;
    for (i, &x) in p.iter().enumerate() {
        if x > p[best] {
            best = i;
        }
    }
    best
}

/// Rounds a normalised coordinate to 4 decimals, halves up (KTAB's `round4`).
fn round4(x: f64) -> f64 {
    (0.5 + x * 1e4).floor() / 1e4
}

/// One state with everything the turn needs computed.
struct State<'a> {
    input: &'a SmpInput,
    pos: Vec<Vec<f64>>,
    risk: Vec<f64>,
    /// `u[(h * n + i) * n + j]`: `U^h_ij`.
    u: Vec<f64>,
    /// `c_i σ_i`.
    weight: Vec<f64>,
}

impl<'a> State<'a> {
    fn new(input: &'a SmpInput, pos: Vec<Vec<f64>>) -> Self {
        let n = input.len();
        let mut d = vec![0.0; n * n];
        for i in 0..n {
            for j in 0..n {
                d[i * n + j] = distance(&pos[i], &pos[j], &input.salience[i]);
            }
        }
        let neutral = conditional_pce(&input.capability, n, |k, i| 1.0 - d[k * n + i]);
        let (lo, hi) = neutral
            .iter()
            .fold((1.0f64, 0.0f64), |(lo, hi), &p| (lo.min(p), hi.max(p)));
        let risk: Vec<f64> = neutral
            .iter()
            .map(|&p| {
                if hi > lo {
                    (3.0 * p - (hi + 2.0 * lo)) / (2.0 * (hi - lo))
                } else {
                    0.0
                }
            })
            .collect();
        let mut u = vec![0.0; n * n * n];
        for h in 0..n {
            for i in 0..n {
                let rhi = (2.0 * risk[h] + risk[i]) / 3.0;
                for j in 0..n {
                    u[(h * n + i) * n + j] = utility(d[i * n + j], rhi);
                }
            }
        }
        let weight = (0..n)
            .map(|i| input.capability[i] * input.salience[i].iter().sum::<f64>())
            .collect();
        State {
            input,
            pos,
            risk,
            u,
            weight,
        }
    }

    fn n(&self) -> usize {
        self.input.len()
    }

    /// `U^h_ij`.
    fn uh(&self, h: usize, i: usize, j: usize) -> f64 {
        let n = self.n();
        self.u[(h * n + i) * n + j]
    }

    /// As `h` sees `i` challenging `j`: the probability that `i` prevails and the expected gain
    /// to `k` over the status quo (KTAB's `probEduChlg`).
    fn challenge(&self, h: usize, k: usize, i: usize, j: usize) -> (f64, f64) {
        let u = |a: usize, b: usize| self.uh(h, a, b);
        let (mut ci, mut cj) = (MIN_COALITION, MIN_COALITION);
        let vi = vote(self.weight[i], u(i, i), u(i, j));
        let vj = vote(self.weight[j], u(j, i), u(j, j));
        for v in [vi, vj] {
            if v > 0.0 {
                ci += v;
            }
            if v < 0.0 {
                cj -= v;
            }
        }
        let (base_i, base_j) = (ci, cj);
        for m in 0..self.n() {
            if m == i || m == j {
                continue;
            }
            let (umi, umj, umm) = (u(m, i), u(m, j), u(m, m));
            let wm = self.weight[m];
            let own = vote(wm, umi, umj);
            let li = if own > 0.0 { base_i + own } else { base_i };
            let lj = if own < 0.0 { base_j - own } else { base_j };
            let pm = li / (li + lj);
            let qm = 1.0 - pm;
            let with_i = pm * (umi + umi + umm) + qm * (umj + umj + umj);
            let with_j = pm * (umi + umi + umi) + qm * (umj + umj + umm);
            let v = vote(wm, with_i, with_j);
            if v > 0.0 {
                ci += v;
            }
            if v < 0.0 {
                cj -= v;
            }
        }
        let p = ci / (ci + cj);
        let q = cj / (ci + cj);
        let sj: f64 = self.input.salience[j].iter().sum();
        let (uki, ukj) = (u(k, i), u(k, j));
        let victory = uki + uki;
        let contest = p * victory + q * (ukj + ukj);
        let gain = (1.0 - sj) * victory + sj * contest - (uki + ukj);
        (p, gain)
    }

    /// Utility to `a` of position `x` with `a`'s own risk attitude (KTAB's `posUtil`).
    fn own_utility(&self, a: usize, x: &[f64]) -> f64 {
        let d = distance(&self.pos[a], x, &self.input.salience[a]);
        utility(d, self.risk[a])
    }

    /// The probability that each actor's position is the outcome (KTAB's `pDist(-1)`): the
    /// Conditional PCE over the distinct positions (closer than `10⁻³` count as one, the first
    /// actor's standing for them), each actor valuing them with its own `U^i_ij`, voters
    /// weighted `c`.
    fn outcome_probabilities(&self) -> Vec<f64> {
        let n = self.n();
        let same =
            |a: usize, b: usize| state_distance(&self.pos[a..=a], &self.pos[b..=b]) < SAME_POSITION;
        let mut unique: Vec<usize> = Vec::new();
        for i in 0..n {
            if !unique.iter().any(|&u| same(i, u)) {
                unique.push(i);
            }
        }
        let p = conditional_pce(&self.input.capability, unique.len(), |a, o| {
            self.uh(a, a, unique[o])
        });
        (0..n)
            .map(|i| {
                let k = unique.iter().rposition(|&u| same(i, u)).unwrap_or(0);
                p[k]
            })
            .collect()
    }

    /// Plays one turn: the challenges, the bargains each actor chooses from, and the next
    /// positions.
    fn step(&self) -> (Vec<SmpChallenge>, Vec<Option<usize>>, Vec<Vec<f64>>) {
        let n = self.n();
        let mut challenges = Vec::new();
        // options[k]: None for the status quo, Some(c) for challenges[c].
        let mut options: Vec<Vec<Option<usize>>> = vec![Vec::new(); n];
        for i in 0..n {
            options[i].push(None);
            if self.weight[i] <= 0.0 {
                continue;
            }
            let mut best: Option<(usize, f64, f64)> = None;
            for j in (0..n).filter(|&j| j != i) {
                let (p, gain) = self.challenge(i, i, i, j);
                if gain > MIN_GAIN && best.is_none_or(|(_, _, g)| g < gain) {
                    best = Some((j, p, gain));
                }
            }
            let Some((j, p, gain)) = best else { continue };
            let (xi, xj) = (&self.pos[i], &self.pos[j]);
            let (si, sj) = (&self.input.salience[i], &self.input.salience[j]);
            let q = 1.0 - p;
            let mut bi = Vec::with_capacity(xi.len());
            let mut bj = Vec::with_capacity(xi.len());
            for k in 0..xi.len() {
                let wi = si[k] * si[k] * p * p;
                let wj = sj[k] * sj[k] * q * q;
                let total = wi + MIN_BARGAIN_WEIGHT + wj;
                bi.push(round4(
                    ((wi + MIN_BARGAIN_WEIGHT) * xi[k] + wj * xj[k]) / total,
                ));
                bj.push(round4(
                    (wi * xi[k] + (MIN_BARGAIN_WEIGHT + wj) * xj[k]) / total,
                ));
            }
            options[i].push(Some(challenges.len()));
            options[j].push(Some(challenges.len()));
            challenges.push(SmpChallenge {
                initiator: i,
                receiver: j,
                probability: p,
                gain,
                initiator_position: bi,
                receiver_position: bj,
            });
        }
        let mut accepted = Vec::with_capacity(n);
        let mut next = Vec::with_capacity(n);
        for (k, opts) in options.iter().enumerate() {
            let value = |a: usize, m: usize| -> f64 {
                let total = match opts[m] {
                    None => (0..n).map(|b| self.uh(a, a, b)).sum::<f64>(),
                    Some(c) => {
                        let ch = &challenges[c];
                        let mut t = self.own_utility(a, &ch.initiator_position)
                            + self.own_utility(a, &ch.receiver_position);
                        for b in 0..n {
                            if b != ch.initiator && b != ch.receiver {
                                t += self.uh(a, a, b);
                            }
                        }
                        t
                    }
                };
                total / n as f64
            };
            let p = conditional_pce(&self.input.capability, opts.len(), value);
            let m = first_max(&p);
            accepted.push(opts[m]);
            next.push(match opts[m] {
                None => self.pos[k].clone(),
                Some(c) if challenges[c].initiator == k => challenges[c].initiator_position.clone(),
                Some(c) => challenges[c].receiver_position.clone(),
            });
        }
        (challenges, accepted, next)
    }
}

/// `D(s, s') = Σ_i ‖x_i − x'_i‖₂` (KTAB's `stateDist`).
fn state_distance(a: &[Vec<f64>], b: &[Vec<f64>]) -> f64 {
    a.iter()
        .zip(b)
        .map(|(x, y)| {
            x.iter()
                .zip(y)
                .map(|(p, q)| (p - q) * (p - q))
                .sum::<f64>()
                .sqrt()
        })
        .sum()
}

/// Runs the SMP from the input positions until KTAB's stopping rule holds.
pub fn run(input: &SmpInput, params: &SmpParams) -> SmpRun {
    let mut turns = Vec::new();
    let mut ratios = Vec::new();
    let mut state = State::new(input, input.position.clone());
    if input.len() < 2 {
        turns.push(SmpTurn {
            outcome: state.outcome_probabilities(),
            positions: state.pos,
            risk: state.risk,
            challenges: Vec::new(),
            accepted: Vec::new(),
        });
        return SmpRun { turns, ratios };
    }
    let mut first_step = 0.0;
    for t in 1.. {
        let (challenges, accepted, next) = state.step();
        let change = state_distance(&next, &state.pos);
        if t == 1 {
            first_step = change + params.min_first_step;
        }
        let ratio = change / first_step;
        ratios.push(ratio);
        let next_state = State::new(input, next);
        turns.push(SmpTurn {
            outcome: state.outcome_probabilities(),
            positions: std::mem::take(&mut state.pos),
            risk: std::mem::take(&mut state.risk),
            challenges,
            accepted,
        });
        state = next_state;
        if t >= params.max_turns || (t >= params.min_turns && ratio < params.min_ratio) {
            break;
        }
    }
    turns.push(SmpTurn {
        outcome: state.outcome_probabilities(),
        positions: state.pos,
        risk: state.risk,
        challenges: Vec::new(),
        accepted: Vec::new(),
    });
    SmpRun { turns, ratios }
}

#[cfg(test)]
#[path = "smp_tests.rs"]
mod tests;
