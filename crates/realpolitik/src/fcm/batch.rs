//! Many simulations at once: the fast path for sweeps and Monte Carlo.
//!
//! [`run_states`] runs one map from many initial states; [`run_draws`] runs many Monte Carlo
//! draws of a map's uncertain weights from one initial state. Both compute exactly the update of
//! [`super::inference`] (same rules, transfer functions, λ, clamps, held sources, ε and cap) but
//! only report each simulation's final state, its number of steps and whether it converged: no
//! trajectory and no limit-cycle search (use [`super::inference::simulate`] to classify a run).
//!
//! **How.** Simulations run in groups of [`LANES`] side by side, stored concept-major
//! (`state[j][lane]`), so one step is, for each non-zero weight `w[i][j]`,
//! `next[j][·] += w[i][j][·] · g(state[i][·])` over all lanes: a batched sparse matrix product
//! whose inner loop is a fixed-width vector operation the compiler turns into SIMD code (the
//! weights are kept column by column, so each concept's sum is accumulated in registers). Each
//! lane has its own copy of the weights (all equal in [`run_states`], one draw each in
//! [`run_draws`]), a few kilobytes that stay in the L1 cache. A lane whose simulation stops is
//! refilled at once with the next one, so no lane idles while others finish. Groups of
//! [`CHUNK`] simulations are spread over threads; since every simulation's arithmetic is the
//! same whichever lane or thread runs it, results do not depend on the thread count.
//!
//! **Precision.** `f64` gives the same numbers as [`super::inference::simulate`] (the sums run
//! in the same order). `f32` is about twice as fast and uses a polynomial `exp` accurate to a few
//! units in the last place (relative error < 1e-6); activations then differ from `f64` by about
//! 1e-6, far below the usual ε = 1e-3, though a run whose last change is within rounding of ε
//! may stop one step earlier or later.

use rayon::prelude::*;

use crate::random::stream;

use super::inference::{Rule, Settings, has_incoming};
use super::map::{FcmMap, Matrix};
use super::transfer::Transfer;

/// Simulations run side by side in one group.
pub const LANES: usize = 16;

/// Simulations per parallel work unit.
pub const CHUNK: usize = 2048;

/// A floating-point type the batched kernel runs in: `f32` or `f64`.
pub trait Real:
    Copy
    + Send
    + Sync
    + PartialOrd
    + std::ops::Add<Output = Self>
    + std::ops::Sub<Output = Self>
    + std::ops::Mul<Output = Self>
    + std::ops::AddAssign
    + 'static
{
    /// Zero.
    const ZERO: Self;
    /// One.
    const ONE: Self;
    /// Converts from `f64`.
    fn from_f64(x: f64) -> Self;
    /// Converts to `f64`.
    fn to_f64(self) -> f64;
    /// The absolute value.
    fn abs(self) -> Self;
    /// 1 / (1 + e^(−λx)).
    fn sigmoid(lambda: Self, x: Self) -> Self;
    /// tanh(λx).
    fn tanh(lambda: Self, x: Self) -> Self;
}

impl Real for f64 {
    const ZERO: Self = 0.0;
    const ONE: Self = 1.0;
    fn from_f64(x: f64) -> Self {
        x
    }
    fn to_f64(self) -> f64 {
        self
    }
    fn abs(self) -> Self {
        f64::abs(self)
    }
    #[inline]
    fn sigmoid(lambda: Self, x: Self) -> Self {
        Transfer::Sigmoid.apply(x, lambda)
    }
    #[inline]
    fn tanh(lambda: Self, x: Self) -> Self {
        Transfer::Tanh.apply(x, lambda)
    }
}

/// e^x in `f32` without a library call, so that loops over lanes vectorise: x = n ln 2 + r with
/// |r| ≤ ln 2 / 2, e^r by its degree-6 Taylor polynomial (error < 1.3e-7 relative), 2^n built
/// in the exponent bits. Inputs are clamped to [−87, 88], where e^x is a normal `f32`.
#[inline]
pub fn exp_f32(x: f32) -> f32 {
    const MAGIC: f32 = 12_582_912.0; // 1.5 · 2^23: adding it rounds to an integer.
    const LN2_HI: f32 = 0.693_145_75;
    const LN2_LO: f32 = 1.428_606_8e-6;
    let x = x.clamp(-87.0, 88.0);
    let t = x * std::f32::consts::LOG2_E + MAGIC;
    let n = t - MAGIC;
    let r = x - n * LN2_HI - n * LN2_LO;
    let p = 1.0
        + r * (1.0
            + r * (0.5
                + r * (1.0 / 6.0 + r * (1.0 / 24.0 + r * (1.0 / 120.0 + r * (1.0 / 720.0))))));
    // The low bits of t hold n; 2^n has exponent field n + 127.
    let n_bits = t.to_bits().wrapping_sub(MAGIC.to_bits());
    let scale = f32::from_bits(n_bits.wrapping_add(127) << 23);
    p * scale
}

impl Real for f32 {
    const ZERO: Self = 0.0;
    const ONE: Self = 1.0;
    fn from_f64(x: f64) -> Self {
        x as f32
    }
    fn to_f64(self) -> f64 {
        f64::from(self)
    }
    fn abs(self) -> Self {
        f32::abs(self)
    }
    #[inline]
    fn sigmoid(lambda: Self, x: Self) -> Self {
        1.0 / (1.0 + exp_f32(-lambda * x))
    }
    #[inline]
    fn tanh(lambda: Self, x: Self) -> Self {
        1.0 - 2.0 / (exp_f32(2.0 * lambda * x) + 1.0)
    }
}

/// Final states, steps and convergence of a batch of simulations.
#[derive(Clone, Debug, PartialEq)]
pub struct Batch {
    /// Concepts per state.
    pub n: usize,
    /// Final states, one after another (`n` values each).
    pub finals: Vec<f64>,
    /// Steps each simulation took.
    pub steps: Vec<u32>,
    /// Whether each converged (else it reached the cap).
    pub converged: Vec<bool>,
}

impl Batch {
    /// Final state of simulation `k`.
    pub fn final_state(&self, k: usize) -> &[f64] {
        &self.finals[k * self.n..(k + 1) * self.n]
    }

    /// Number of simulations.
    pub fn len(&self) -> usize {
        self.steps.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }
}

type Lane<T> = [T; LANES];

/// Writes simulation `sim`'s initial state (and its own weights, if any) into lane `lane`.
type Loader<'a, T> = dyn Fn(usize, usize, &mut [Lane<T>], &mut [Lane<T>]) + Sync + 'a;

/// The fixed parts of a batch: the sparsity pattern, settings and clamps.
struct Kernel<'a, T> {
    n: usize,
    /// Non-zero positions (i, j), sorted by j then i.
    pattern: &'a [(usize, usize)],
    settings: &'a Settings,
    lambda: T,
    epsilon: T,
    clamps: Vec<(usize, T)>,
    /// Per concept: whether it keeps its value (held source).
    held: Vec<bool>,
}

/// Runs simulations `range` of a batch; `load(sim, lane, state, weights)` writes a
/// simulation's initial state (clamps are applied after) and, if it has its own, its weights.
fn run_chunk<T: Real>(
    k: &Kernel<'_, T>,
    weights: &mut [Lane<T>],
    range: std::ops::Range<usize>,
    load: &Loader<'_, T>,
) -> (Vec<f64>, Vec<u32>, Vec<bool>) {
    let n = k.n;
    let count = range.len();
    let mut finals = vec![0.0; count * n];
    let mut steps_out = vec![0u32; count];
    let mut converged = vec![false; count];
    let mut state: Vec<Lane<T>> = vec![[T::ZERO; LANES]; n];
    let mut next: Vec<Lane<T>> = vec![[T::ZERO; LANES]; n];
    let mut g: Vec<Lane<T>> = vec![[T::ZERO; LANES]; n];
    let mut sim = [usize::MAX; LANES];
    let mut steps = [0u32; LANES];
    let mut pending = range.start;
    let fill = |lane: usize,
                pending: &mut usize,
                sim: &mut [usize; LANES],
                state: &mut [Lane<T>],
                weights: &mut [Lane<T>]| {
        if *pending < range.end {
            load(*pending, lane, state, weights);
            for &(c, v) in &k.clamps {
                state[c][lane] = v;
            }
            sim[lane] = *pending;
            *pending += 1;
        } else {
            sim[lane] = usize::MAX;
            for s in state.iter_mut() {
                s[lane] = T::ZERO;
            }
        }
    };
    for lane in 0..LANES {
        fill(lane, &mut pending, &mut sim, &mut state, weights);
    }
    let two = T::from_f64(2.0);
    let one = T::ONE;
    while sim.iter().any(|&s| s != usize::MAX) {
        // g(A) and the self term, then the weighted sums.
        match k.settings.rule {
            Rule::Kosko => {
                g.copy_from_slice(&state);
                next.fill([T::ZERO; LANES]);
            }
            Rule::ModifiedKosko => {
                g.copy_from_slice(&state);
                next.copy_from_slice(&state);
            }
            Rule::Rescaled => {
                for (gj, sj) in g.iter_mut().zip(&state) {
                    for b in 0..LANES {
                        gj[b] = two * sj[b] - one;
                    }
                }
                next.copy_from_slice(&g);
            }
        }
        // Column by column, so each concept's sum stays in registers; within a column the
        // causes come in increasing order, the order in which `inference::step` adds them.
        let mut at = 0;
        for (j, out) in next.iter_mut().enumerate() {
            let mut acc = *out;
            while at < k.pattern.len() && k.pattern[at].1 == j {
                axpy(&mut acc, &weights[at], &g[k.pattern[at].0]);
                at += 1;
            }
            *out = acc;
        }
        let lambda = k.lambda;
        match k.settings.transfer {
            Transfer::Sigmoid => squash(&mut next, &state, &k.held, |x| T::sigmoid(lambda, x)),
            Transfer::Tanh => squash(&mut next, &state, &k.held, |x| T::tanh(lambda, x)),
            Transfer::Bivalent => squash(&mut next, &state, &k.held, |x| {
                if x > T::ZERO { T::ONE } else { T::ZERO }
            }),
            Transfer::Trivalent => squash(&mut next, &state, &k.held, |x| {
                if x > T::ZERO {
                    T::ONE
                } else if x < T::ZERO {
                    T::ZERO - T::ONE
                } else {
                    T::ZERO
                }
            }),
        }
        for &(c, v) in &k.clamps {
            next[c] = [v; LANES];
        }
        let mut change = [T::ZERO; LANES];
        for j in 0..n {
            for b in 0..LANES {
                let d = (next[j][b] - state[j][b]).abs();
                if d > change[b] {
                    change[b] = d;
                }
            }
        }
        std::mem::swap(&mut state, &mut next);
        for b in 0..LANES {
            if sim[b] == usize::MAX {
                continue;
            }
            steps[b] += 1;
            let done = if k.settings.strict {
                change[b] < k.epsilon
            } else {
                change[b] <= k.epsilon
            };
            if done || steps[b] as usize >= k.settings.cap {
                let at = sim[b] - range.start;
                for j in 0..n {
                    finals[at * n + j] = state[j][b].to_f64();
                }
                steps_out[at] = steps[b];
                converged[at] = done;
                steps[b] = 0;
                fill(b, &mut pending, &mut sim, &mut state, weights);
            }
        }
    }
    (finals, steps_out, converged)
}

/// `out += w · g`, lane by lane.
#[inline(always)]
fn axpy<T: Real>(out: &mut Lane<T>, w: &Lane<T>, g: &Lane<T>) {
    // Work on copies: the compiler then knows nothing aliases and emits SIMD code.
    let (mut o, w, g) = (*out, *w, *g);
    for b in 0..LANES {
        o[b] += w[b] * g[b];
    }
    *out = o;
}

/// Applies `f` to every lane of every concept that is not held (held ones keep their state).
#[inline(always)]
fn squash<T: Real>(next: &mut [Lane<T>], state: &[Lane<T>], held: &[bool], f: impl Fn(T) -> T) {
    for ((nj, sj), &h) in next.iter_mut().zip(state).zip(held) {
        if h {
            *nj = *sj;
        } else {
            for x in nj.iter_mut() {
                *x = f(*x);
            }
        }
    }
}

fn kernel<'a, T: Real>(
    w: &Matrix,
    pattern: &'a [(usize, usize)],
    clamps: &[(usize, f64)],
    s: &'a Settings,
) -> Kernel<'a, T> {
    let held = if s.hold_sources {
        has_incoming(w).into_iter().map(|x| !x).collect()
    } else {
        vec![false; w.n()]
    };
    Kernel {
        n: w.n(),
        pattern,
        settings: s,
        lambda: T::from_f64(s.lambda),
        epsilon: T::from_f64(s.epsilon),
        clamps: clamps.iter().map(|&(c, v)| (c, T::from_f64(v))).collect(),
        held,
    }
}

fn gather(n: usize, parts: Vec<(Vec<f64>, Vec<u32>, Vec<bool>)>) -> Batch {
    let mut batch = Batch {
        n,
        finals: Vec::new(),
        steps: Vec::new(),
        converged: Vec::new(),
    };
    for (f, s, c) in parts {
        batch.finals.extend(f);
        batch.steps.extend(s);
        batch.converged.extend(c);
    }
    batch
}

/// Runs the map `w` from each initial state (`initials` holds them one after another, `n`
/// values each), with `clamps` held, in precision `T`.
pub fn run_states<T: Real>(
    w: &Matrix,
    initials: &[f64],
    clamps: &[(usize, f64)],
    s: &Settings,
) -> Batch {
    let n = w.n();
    assert_eq!(initials.len() % n.max(1), 0, "whole states");
    let sims = initials.len() / n.max(1);
    let pattern: Vec<(usize, usize)> = (0..n)
        .flat_map(|j| (0..n).map(move |i| (i, j)))
        .filter(|&(i, j)| w.get(i, j) != 0.0)
        .collect();
    let shared: Vec<Lane<T>> = pattern
        .iter()
        .map(|&(i, j)| [T::from_f64(w.get(i, j)); LANES])
        .collect();
    let k = kernel::<T>(w, &pattern, clamps, s);
    let load = |sim: usize, lane: usize, state: &mut [Lane<T>], _: &mut [Lane<T>]| {
        for j in 0..n {
            state[j][lane] = T::from_f64(initials[sim * n + j]);
        }
    };
    let chunks: Vec<usize> = (0..sims.div_ceil(CHUNK)).collect();
    let parts = chunks
        .into_par_iter()
        .map(|c| {
            let mut weights = shared.clone();
            run_chunk(
                &k,
                &mut weights,
                c * CHUNK..((c + 1) * CHUNK).min(sims),
                &load,
            )
        })
        .collect();
    gather(n, parts)
}

/// Runs `draws` Monte Carlo draws of `map`'s weights from `initial`, with `clamps` held, in
/// precision `T`. Draw `d` samples the weights exactly as [`FcmMap::sample`] does with
/// `random::stream(seed, d)`, so it is the same map as draw `d` of [`super::montecarlo`].
pub fn run_draws<T: Real>(
    map: &FcmMap,
    initial: &[f64],
    clamps: &[(usize, f64)],
    s: &Settings,
    draws: usize,
    seed: u64,
) -> Batch {
    let n = map.n();
    let mut pattern: Vec<(usize, usize)> = map.weights.iter().map(|w| (w.from, w.to)).collect();
    pattern.sort_unstable_by_key(|&(i, j)| (j, i));
    pattern.dedup();
    let slot: Vec<usize> = map
        .weights
        .iter()
        .map(|w| {
            pattern
                .binary_search_by_key(&(w.to, w.from), |&(i, j)| (j, i))
                .expect("in the pattern")
        })
        .collect();
    let nominal = map.nominal();
    let k = kernel::<T>(&nominal, &pattern, clamps, s);
    let load = |sim: usize, lane: usize, state: &mut [Lane<T>], weights: &mut [Lane<T>]| {
        for j in 0..n {
            state[j][lane] = T::from_f64(initial[j]);
        }
        for w in weights.iter_mut() {
            w[lane] = T::ZERO;
        }
        let mut rng = stream(seed, sim as u64);
        for (uw, &p) in map.weights.iter().zip(&slot) {
            weights[p][lane] += T::from_f64(uw.weight.sample(&mut rng));
        }
    };
    let chunks: Vec<usize> = (0..draws.div_ceil(CHUNK)).collect();
    let parts = chunks
        .into_par_iter()
        .map(|c| {
            let mut weights = vec![[T::ZERO; LANES]; pattern.len()];
            run_chunk(
                &k,
                &mut weights,
                c * CHUNK..((c + 1) * CHUNK).min(draws),
                &load,
            )
        })
        .collect();
    gather(n, parts)
}

#[cfg(test)]
#[path = "batch_tests.rs"]
mod tests;
