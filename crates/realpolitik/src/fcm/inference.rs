//! Inference: iterating a map from an initial state until it settles.
//!
//! With `w[i][j]` the effect of concept `i` on concept `j` (row = cause, column = effect) and
//! `f` a [`Transfer`] function, one step computes, for every concept `j`:
//!
//! | rule | A_j(t+1) |
//! |---|---|
//! | Kosko (1986) | `f( Σ_i w[i][j] · A_i(t) )`, i.e. A(t+1) = f(Wᵀ·A(t)) |
//! | modified Kosko | `f( A_j(t) + Σ_i w[i][j] · A_i(t) )`, i.e. f(Wᵀ·A + A) |
//! | rescaled | `f( (2A_j(t) − 1) + Σ_i w[i][j] · (2A_i(t) − 1) )` |
//!
//! (the modified and rescaled rules are those of Stylios & Groumpos 1999 and Papageorgiou 2011,
//! as in the R `fcm` package). A self-loop `w[j][j]` takes part in the sum like any link.
//!
//! **Clamps.** A clamped concept is reset to its clamp value before the first step and after
//! every step, so it never moves. **Sources held** (the FCMpy convention, off by default): a
//! concept with no incoming link keeps its initial value instead of decaying to f(0).
//!
//! **Stopping.** After each step `t` the run stops with
//! - [`Status::Converged`] when max_j |A_j(t) − A_j(t−1)| ≤ ε (default 1e-5; with
//!   [`Settings::strict`] the test is `< ε`, as in R `fcm`);
//! - [`Status::LimitCycle`] with period `p` (2 ≤ p ≤ [`Settings::max_period`], the smallest
//!   such) when each of the last `p` states repeats the state `p` steps before it within ε:
//!   max_j |A_j(t−k) − A_j(t−k−p)| ≤ ε for k = 0 … p−1. With [`Settings::stop_at_cycle`] off
//!   (the FCMpy convention) a cycle does not stop the run: it runs on to the cap, as tools
//!   without cycle detection do, so its last state is theirs, and is then reported as a limit
//!   cycle if the last states repeat;
//! - at the iteration cap (default 100 steps): [`Status::CapReached`] when the step sizes of the
//!   last min(10, cap/2) steps strictly shrink (the map is still settling: raise the cap), else
//!   [`Status::Chaotic`] (no fixed point, no cycle of period ≤ `max_period`, steps not
//!   shrinking). This split is a heuristic, not a proof of chaos.
//!
//! The state a scenario reads, [`Run::steady_state`], is the last state, or for a limit cycle
//! the mean activation over one period.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use super::map::Matrix;
use super::transfer::Transfer;

/// The largest iteration cap accepted (a run keeps every state).
pub const MAX_CAP: usize = 1_000_000;

/// An inference rule (see the module docs).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
#[schemars(rename = "FcmRule")]
pub enum Rule {
    /// A(t+1) = f(Wᵀ·A(t)).
    Kosko,
    /// A(t+1) = f(Wᵀ·A(t) + A(t)).
    ModifiedKosko,
    /// A(t+1) = f(Wᵀ·(2A(t) − 1) + (2A(t) − 1)).
    Rescaled,
}

impl Rule {
    /// All rules.
    pub const ALL: [Rule; 3] = [Rule::Kosko, Rule::ModifiedKosko, Rule::Rescaled];

    /// The name used on the command line and in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Rule::Kosko => "kosko",
            Rule::ModifiedKosko => "modified-kosko",
            Rule::Rescaled => "rescaled",
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Rule {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "kosko" | "k" => Ok(Rule::Kosko),
            "modified-kosko" | "modified" | "mk" => Ok(Rule::ModifiedKosko),
            "rescaled" | "rescale" | "r" => Ok(Rule::Rescaled),
            _ => Err(format!(
                "unknown inference rule {s:?}: use kosko, modified-kosko or rescaled"
            )),
        }
    }
}

/// How a run is computed and when it stops.
#[derive(Clone, Debug, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Settings {
    /// The inference rule.
    pub rule: Rule,
    /// The transfer function.
    pub transfer: Transfer,
    /// Steepness λ of sigmoid and tanh.
    pub lambda: f64,
    /// Convergence threshold ε on the largest change of one step.
    pub epsilon: f64,
    /// Most steps computed.
    pub cap: usize,
    /// Longest limit-cycle period looked for.
    pub max_period: usize,
    /// Concepts without incoming links keep their initial value (FCMpy).
    pub hold_sources: bool,
    /// Converged means every change `< ε` rather than `≤ ε` (R `fcm`).
    pub strict: bool,
    /// Stop as soon as a limit cycle is seen; when false, run on to the cap and classify the
    /// cycle there (FCMpy, which has no cycle detection).
    pub stop_at_cycle: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            rule: Rule::Kosko,
            transfer: Transfer::Sigmoid,
            lambda: 1.0,
            epsilon: 1e-5,
            cap: 100,
            max_period: 16,
            hold_sources: false,
            strict: false,
            stop_at_cycle: true,
        }
    }
}

impl Settings {
    /// What is wrong with these settings, if anything.
    pub fn defect(&self) -> Option<String> {
        if !(self.lambda.is_finite() && self.lambda > 0.0) {
            return Some(format!("λ must be a positive number, not {}", self.lambda));
        }
        if !(self.epsilon.is_finite() && self.epsilon >= 0.0) {
            return Some(format!("ε must be zero or positive, not {}", self.epsilon));
        }
        if self.cap == 0 || self.cap > MAX_CAP {
            return Some(format!(
                "the iteration cap must be between 1 and {MAX_CAP}, not {}",
                self.cap
            ));
        }
        None
    }

    /// The constant external input that makes a concept with nothing else acting on it settle
    /// at `level` (strictly inside the transfer's range): the fixed point of
    /// A = f(self(A) + b) is `level` when b = f⁻¹(level) − self(level), with self(A) the rule's
    /// memory of the concept's own activation (0 for Kosko, A for modified Kosko, 2A − 1 for
    /// the rescaled rule). A threshold transfer reads only the sign, so it gets `level`. The
    /// concept settles there from any start when the step is a contraction (always under
    /// Kosko's rule; under the rules with memory, when λ times the transfer's slope, doubled
    /// for the rescaled rule, stays below 1, as for the sigmoid at λ = 1); a steeper step can
    /// have other fixed points as well.
    pub fn resting_input(&self, level: f64) -> f64 {
        if matches!(self.transfer, Transfer::Bivalent | Transfer::Trivalent) {
            return level;
        }
        let memory = match self.rule {
            Rule::Kosko => 0.0,
            Rule::ModifiedKosko => level,
            Rule::Rescaled => 2.0 * level - 1.0,
        };
        self.transfer.input_for(level, self.lambda) - memory
    }
}

/// How a run ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum Status {
    /// The largest change of the last step was within ε.
    Converged,
    /// The cap was reached while the steps were still shrinking.
    CapReached,
    /// The states repeat with this period (within ε).
    LimitCycle {
        /// Steps per cycle (≥ 2).
        period: usize,
    },
    /// The cap was reached with no fixed point, no short cycle and steps not shrinking.
    Chaotic,
}

impl Status {
    /// Whether the run reached a fixed point.
    pub fn is_converged(self) -> bool {
        self == Status::Converged
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Status::Converged => f.write_str("converged"),
            Status::CapReached => f.write_str("cap reached"),
            Status::LimitCycle { period } => write!(f, "limit cycle (period {period})"),
            Status::Chaotic => f.write_str("chaotic"),
        }
    }
}

/// One simulation: every state from the initial one, and how it ended.
#[derive(Clone, Debug, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Run {
    /// `states[0]` is the initial state (with clamps applied); one state per step after it.
    pub states: Vec<Vec<f64>>,
    /// How the run ended.
    pub status: Status,
}

impl Run {
    /// Steps computed.
    pub fn steps(&self) -> usize {
        self.states.len() - 1
    }

    /// The last state.
    pub fn final_state(&self) -> &[f64] {
        self.states.last().expect("a run has its initial state")
    }

    /// The last state, or for a limit cycle the mean state over one period.
    pub fn steady_state(&self) -> Vec<f64> {
        match self.status {
            Status::LimitCycle { period } => {
                let last = &self.states[self.states.len() - period..];
                let n = last[0].len();
                (0..n)
                    .map(|j| last.iter().map(|s| s[j]).sum::<f64>() / period as f64)
                    .collect()
            }
            _ => self.final_state().to_vec(),
        }
    }
}

/// Which concepts have at least one incoming non-zero link.
pub fn has_incoming(w: &Matrix) -> Vec<bool> {
    let n = w.n();
    (0..n).map(|j| (0..n).any(|i| w.get(i, j) != 0.0)).collect()
}

/// [`has_incoming`], counting conditional weights too.
fn has_incoming_conditional(w: &Matrix, conditional: &[Conditional], inputs: &[f64]) -> Vec<bool> {
    let mut incoming = has_incoming(w);
    for c in conditional.iter().filter(|c| c.weight != 0.0) {
        incoming[c.to] = true;
    }
    for (j, &b) in inputs.iter().enumerate() {
        incoming[j] |= b != 0.0;
    }
    incoming
}

/// A weight whose effect depends on the state of the map at each step (an extended FCM's
/// conditional weight, Hagiwara 1992, "Extended fuzzy cognitive maps", *IEEE International
/// Conference on Fuzzy Systems*, 795–801). Its contribution to `to`'s sum at step `t` is
///
/// `weight · g(A_from(t)) · [A_c(t) in range] · A_s(t)`
///
/// with `g` the rule's reading of an activation (identity, or `2A − 1` for the rescaled rule),
/// `[A_c(t) in range]` 1 while the `requires` concept's activation lies in its range and 0
/// otherwise (a crisp AND), and `A_s(t)` the activation of the `scaled_by` concept (the
/// product t-norm: a soft AND); a factor not given is 1.
#[derive(Clone, Debug, PartialEq)]
pub struct Conditional {
    /// The cause.
    pub from: usize,
    /// The effect.
    pub to: usize,
    /// The weight when the condition fully holds.
    pub weight: f64,
    /// The range a concept's activation must be in.
    pub requires: Option<crate::model::Condition>,
    /// The concept whose activation scales the weight.
    pub scaled_by: Option<usize>,
}

impl Conditional {
    /// How much of the weight acts in state `a`: 0 or 1 for the range, times the scale.
    pub fn factor(&self, a: &[f64]) -> f64 {
        let open = self.requires.as_ref().is_none_or(|c| c.holds(a[c.factor]));
        if !open {
            return 0.0;
        }
        self.scaled_by.map_or(1.0, |k| a[k])
    }
}

/// One inference step from `a` into `out` (clamps not applied). `incoming` is
/// [`has_incoming`] when sources are held.
pub fn step(w: &Matrix, a: &[f64], s: &Settings, incoming: Option<&[bool]>, out: &mut [f64]) {
    step_conditional(w, &[], &[], a, s, incoming, out);
}

/// [`step`] with conditional weights added to the sums (see [`Conditional`]) and constant
/// external inputs `inputs[j]` (empty: none) added to each concept's sum before the transfer,
/// A_j(t+1) = f(Σ_i w_ij g(A_i(t)) + conditional terms + b_j): the input a model's resting
/// levels give ([`crate::model::Rest`]).
pub fn step_conditional(
    w: &Matrix,
    conditional: &[Conditional],
    inputs: &[f64],
    a: &[f64],
    s: &Settings,
    incoming: Option<&[bool]>,
    out: &mut [f64],
) {
    let n = w.n();
    let g = |x: f64| match s.rule {
        Rule::Rescaled => 2.0 * x - 1.0,
        Rule::Kosko | Rule::ModifiedKosko => x,
    };
    for j in 0..n {
        out[j] = match s.rule {
            Rule::Kosko => 0.0,
            Rule::ModifiedKosko | Rule::Rescaled => g(a[j]),
        };
    }
    let weights = w.as_slice();
    for i in 0..n {
        let gi = g(a[i]);
        if gi == 0.0 {
            continue;
        }
        let row = &weights[i * n..(i + 1) * n];
        for (o, wij) in out.iter_mut().zip(row) {
            *o += gi * wij;
        }
    }
    for c in conditional {
        out[c.to] += c.weight * g(a[c.from]) * c.factor(a);
    }
    for (o, b) in out.iter_mut().zip(inputs) {
        *o += b;
    }
    for j in 0..n {
        out[j] = match incoming {
            Some(inc) if !inc[j] => a[j],
            _ => s.transfer.apply(out[j], s.lambda),
        };
    }
}

fn max_change(a: &[f64], b: &[f64]) -> f64 {
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - y).abs())
        .fold(0.0, f64::max)
}

fn within(change: f64, s: &Settings) -> bool {
    if s.strict {
        change < s.epsilon
    } else {
        change <= s.epsilon
    }
}

/// The smallest period `p` in 2..=max_period with which the last `p` states repeat.
fn cycle_period(states: &[Vec<f64>], s: &Settings) -> Option<usize> {
    let t = states.len() - 1;
    (2..=s.max_period).find(|&p| {
        t + 1 >= 2 * p && (0..p).all(|k| within(max_change(&states[t - k], &states[t - k - p]), s))
    })
}

/// Runs the map `w` from `initial`, with `clamps` (concept index, value) held at every step.
///
/// Panics if `initial` does not have one value per concept or a clamp names no concept; callers
/// check user input before.
pub fn simulate(w: &Matrix, initial: &[f64], clamps: &[(usize, f64)], s: &Settings) -> Run {
    simulate_conditional(w, &[], &[], initial, clamps, s)
}

/// [`simulate`] with conditional weights acting beside `w` (see [`Conditional`]) and constant
/// external inputs (see [`step_conditional`]).
pub fn simulate_conditional(
    w: &Matrix,
    conditional: &[Conditional],
    inputs: &[f64],
    initial: &[f64],
    clamps: &[(usize, f64)],
    s: &Settings,
) -> Run {
    assert_eq!(initial.len(), w.n(), "one initial value per concept");
    let incoming = s
        .hold_sources
        .then(|| has_incoming_conditional(w, conditional, inputs));
    let mut first = initial.to_vec();
    for &(c, v) in clamps {
        first[c] = v;
    }
    let mut states = vec![first];
    let mut changes = Vec::with_capacity(s.cap);
    loop {
        let prev = states.last().expect("at least the initial state");
        let mut next = vec![0.0; w.n()];
        step_conditional(
            w,
            conditional,
            inputs,
            prev,
            s,
            incoming.as_deref(),
            &mut next,
        );
        for &(c, v) in clamps {
            next[c] = v;
        }
        let change = max_change(&next, prev);
        changes.push(change);
        states.push(next);
        if within(change, s) {
            return Run {
                states,
                status: Status::Converged,
            };
        }
        let at_cap = changes.len() >= s.cap;
        if (s.stop_at_cycle || at_cap)
            && let Some(period) = cycle_period(&states, s)
        {
            return Run {
                states,
                status: Status::LimitCycle { period },
            };
        }
        if at_cap {
            let window = (s.cap / 2).clamp(1, 10);
            let tail = &changes[changes.len() - window..];
            let shrinking = tail.windows(2).all(|p| p[1] < p[0]);
            let status = if shrinking {
                Status::CapReached
            } else {
                Status::Chaotic
            };
            return Run { states, status };
        }
    }
}

#[cfg(test)]
#[path = "inference_tests.rs"]
pub(crate) mod tests;
