//! Bueno de Mesquita's expected-utility model (EUM), as formalised by Scholz, Calbert & Smith
//! (2011, "Unravelling Bueno de Mesquita's group decision model"), after Bueno de Mesquita (1994,
//! "Political Forecasting: An Expected Utility Method").
//!
//! Actor `i` has position `x_i`, salience `s_i ∈ [0, 1]`, capability `c_i` and a risk exponent
//! `r_i`; `R` is the width of the issue's scale and `d_ij = |x_i − x_j| / R`. Each round:
//!
//! 1. **Risk exponents.** With every `r = 1`, the security of `i` is `S_i = Σ_{j≠i} E(U_ji)`, the
//!    others' expected utilities of challenging `i`; `R_i = (2 S_i − S_max − S_min) / (S_max −
//!    S_min)` over all actors, and `r_i = (1 − R_i/3) / (1 + R_i/3)`, in `[0.5, 2]`.
//! 2. **Utilities** (with exponent `r`): success `U^s = 2 − 4(0.5 − 0.5 d_ij)^r`, failure
//!    `U^f = 2 − 4(0.5 + 0.5 d_ij)^r`, status quo `U^sq = 2 − 4·0.5^r`, and for `Q < 1` better
//!    and worse `U^b, U^w = 2 − 4(0.5 ∓ 0.25(|x_i − μ| + |x_i − x_j|)/R)^r` with μ the median.
//! 3. **Probability of success** `P_ij` of `i` against `j` (variant-specific, below).
//! 4. **Expected utility of challenging** `E(U_ij) = s_j(P_ij U^s + (1 − P_ij) U^f) + (1 − s_j)
//!    U^s − Q U^sq − (1 − Q)(T U^b + (1 − T) U^w)`.
//! 5. **Offers** and position updates (variant-specific, below), all actors moving at once.
//!
//! The forecast after each round is the Condorcet median of the positions under linear
//! utilities weighted `c · s` ([`condorcet_median`]); the run stops after `max_rounds` or when
//! no position moves by more than `tolerance · R`.
//!
//! # Variants
//!
//! [`EumVariant::Printed`] follows the equations as printed (as read by the public replication
//! github.com/dmasad/BDM_DecisionModel_Replication):
//! - `P_ij = max(0, Σ_k c_k s_k (|x_k − x_j| − |x_k − x_i|)) / Σ_k c_k s_k ||x_k − x_j| − |x_k −
//!   x_i||` over all voters `k`, linear utilities (0 when `x_i = x_j`);
//! - the utilities in `E(U_ij)` use the challenger's own `r_i`;
//! - offers: `i` challenges every `j` with `E(U_ij) > 0`; `j` considers the challenge with the
//!   largest `E(U_ij)` (ties: the nearest position) and, with `U_j = E(U_ji)`: loses a conflict
//!   and moves to `x_i` if `0 < U_j < E(U_ij)`; compromises to `x_j + (x_i − x_j)|U_j / E(U_ij)|`
//!   if `U_j < 0` and `|U_j| < E(U_ij)`; capitulates to `x_i` if `U_j < 0` and `|U_j| > E(U_ij)`.
//!
//! [`EumVariant::ScholzCode`] follows the code that produced Scholz et al.'s figures (as ported
//! by github.com/jmckib/bdm-scholz-expected-utility-model):
//! - `P_ij = Σ_k max(0, c_k s_k[(d_kj)^{r_k} − (d_ki)^{r_k}]) / Σ_k Σ_a Σ_b |c_k s_k[(d_kb)^{r_k}
//!   − (d_ka)^{r_k}]|`: the denominator sums over every voter and every ordered pair of actors,
//!   so `P` is small and `P_ij + P_ji ≠ 1`;
//! - every utility in a dyad seen by `i` uses `i`'s `r_i` (both `E(U_ij)` and `E(U_ji)`);
//! - actor `i` compares, for each `j` at another position, `E(U_ij)` and `E(U_ji)` from its own
//!   perspective: a confrontation it loses (move to `x_j`) if `E(U_ji) > E(U_ij) > 0`; a compromise
//!   (to `x_i + (x_j − x_i)|E(U_ij)/E(U_ji)|`) if `E(U_ji) > 0 > E(U_ij)` and `E(U_ji) > |E(U_ij)|`;
//!   capitulation never fires (the code's condition cannot hold). It accepts the nearest
//!   confrontation if any; otherwise the compromise with the smallest `(|E(U_ij)| x_i +
//!   |E(U_ji)| x_j) / (|E(U_ij)| + |E(U_ji)|)` (ties: the first actor).
//!
//! Both variants compute security with `r = 1` and normalise it by the extremes over all actors;
//! a zero spread of security gives every actor `r = 1`. Positions stay on the scale: every
//! move goes to another actor's position or between two positions.
//!
//! # Passive actors
//!
//! An actor with no weight (`c · s = 0`: it does not care, or has no clout) is *passive* in
//! both variants: it votes with weight 0, makes no challenges or offers (nor counts among the
//! challengers in anyone's security), is left out of the
//! Scholz-code denominator's pairs and of the security extremes, and is no candidate for the
//! median; it can still be moved by others. So it never moves anyone. Neither source says what
//! to do with such actors (the 1994 case has none), so this changes no reference figure.

use serde::Serialize;

use super::baselines::{condorcet_median, weighted_mean};
use super::input::{Issue, Player};

/// Which reading of the model to run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum EumVariant {
    /// The equations as printed in Scholz et al. (2011).
    Printed,
    /// The code that produced Scholz et al.'s figures.
    ScholzCode,
}

/// Parameters of an EUM run.
#[derive(Clone, Copy, Debug, Serialize, schemars::JsonSchema)]
pub struct EumParams {
    /// Which variant.
    pub variant: EumVariant,
    /// Probability `Q` that the status quo persists when `j` does not resist (1 in the 1994 runs).
    pub q: f64,
    /// Probability `T` that the status quo improves for `i` when it changes (used when `Q < 1`).
    pub t: f64,
    /// The most rounds to run.
    pub max_rounds: usize,
    /// Stop when no position moves by more than this fraction of the scale.
    pub tolerance: f64,
}

impl Default for EumParams {
    fn default() -> Self {
        EumParams {
            variant: EumVariant::ScholzCode,
            q: 1.0,
            t: 1.0,
            max_rounds: 8,
            tolerance: 1e-9,
        }
    }
}

/// How an actor came to move.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum OfferKind {
    /// It lost a confrontation and takes the winner's position.
    Confrontation,
    /// It meets the other part way.
    Compromise,
    /// It gives in and takes the other's position.
    Capitulation,
}

/// An offer accepted in a round: `mover` moves from `from` to `to` because of `partner`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Exchange {
    /// Index (into the issue's players) of the actor that moves.
    pub mover: usize,
    /// Index of the actor whose offer it accepts.
    pub partner: usize,
    /// The kind of offer.
    pub kind: OfferKind,
    /// Position before.
    pub from: f64,
    /// Position after.
    pub to: f64,
    /// The mover's expected utility of challenging the partner.
    pub eu_mover: f64,
    /// The partner's expected utility of challenging the mover (as the variant sees it).
    pub eu_partner: f64,
}

/// One round of an EUM run.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct EumRound {
    /// Round number, from 1.
    pub round: usize,
    /// The risk exponents used in this round.
    pub risk_exponents: Vec<f64>,
    /// `(i, j)`: actor `i` would challenge `j` (its own `E(U_ij) > 0`).
    pub challenges: Vec<(usize, usize)>,
    /// The offers accepted.
    pub exchanges: Vec<Exchange>,
    /// Every actor's position after the round.
    pub positions: Vec<f64>,
    /// The Condorcet median after the round (the forecast).
    pub median: f64,
    /// The `c · s`-weighted mean after the round.
    pub mean: f64,
}

/// A complete EUM run.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct EumRun {
    /// The parameters.
    pub params: EumParams,
    /// Positions before the first round.
    pub initial_positions: Vec<f64>,
    /// The initial Condorcet median.
    pub initial_median: f64,
    /// The initial weighted mean.
    pub initial_mean: f64,
    /// The rounds played.
    pub rounds: Vec<EumRound>,
    /// Whether the run stopped because positions settled (not at the round limit).
    pub converged: bool,
}

impl EumRun {
    /// The forecast: the median after the last round (the initial median when none was played).
    pub fn forecast(&self) -> f64 {
        self.rounds.last().map_or(self.initial_median, |r| r.median)
    }

    /// Final positions.
    pub fn final_positions(&self) -> &[f64] {
        self.rounds
            .last()
            .map_or(&self.initial_positions, |r| &r.positions)
    }
}

/// The state the formulas read: positions, weights, saliences and risk exponents.
#[derive(Clone, Debug)]
pub struct EumState {
    /// Whether each actor takes part actively (`c · s > 0`); see the module docs.
    pub active: Vec<bool>,
    /// Positions.
    pub x: Vec<f64>,
    /// Saliences, 0–1.
    pub s: Vec<f64>,
    /// `c · s`.
    pub w: Vec<f64>,
    /// Risk exponents.
    pub r: Vec<f64>,
    /// Width of the scale.
    pub range: f64,
    /// Median μ for the `Q < 1` utilities.
    pub mu: f64,
    variant: EumVariant,
    q: f64,
    t: f64,
    /// The Scholz-code denominator `Σ_k Σ_a Σ_b |…|`, cached for the current `x` and `r`.
    denominator: f64,
    /// Scholz code: `pow[k·n + a] = (|x_k − x_a| / R)^{r_k}`, cached for the current `x` and `r`.
    pow: Vec<f64>,
}

impl EumState {
    /// The state of an issue's players with every `r = 1`.
    pub fn new(issue: &Issue, params: &EumParams) -> Self {
        let players: &[Player] = &issue.players;
        let mut state = EumState {
            active: players.iter().map(|p| p.weight() > 0.0).collect(),
            x: players.iter().map(|p| p.position).collect(),
            s: players.iter().map(|p| p.salience).collect(),
            w: players.iter().map(Player::weight).collect(),
            r: vec![1.0; players.len()],
            range: issue.range(),
            mu: condorcet_median(players),
            variant: params.variant,
            q: params.q,
            t: params.t,
            denominator: 0.0,
            pow: Vec::new(),
        };
        state.refresh();
        state
    }

    /// Recomputes what depends on positions and risk exponents: for the Scholz code, every
    /// voter's distance powers (`n²` powers) and the denominator. For each voter `k` the double
    /// sum `Σ_a Σ_b |u_b − u_a|` over the active actors is `2 Σ_m u_(m) (2m − n + 1)` over
    /// its sorted values, so the denominator costs `O(n² log n)` instead of `O(n³)`.
    fn refresh(&mut self) {
        if self.variant != EumVariant::ScholzCode {
            return;
        }
        let n = self.x.len();
        self.pow.clear();
        for k in 0..n {
            for a in 0..n {
                self.pow.push(self.dist(k, self.x[a], self.r[k]));
            }
        }
        let mut total = 0.0;
        let mut u = Vec::with_capacity(n);
        for k in 0..n {
            u.clear();
            u.extend(
                (0..n)
                    .filter(|&a| self.active[a])
                    .map(|a| self.pow[k * n + a]),
            );
            u.sort_by(f64::total_cmp);
            let m = u.len() as f64;
            let pairs: f64 = u
                .iter()
                .enumerate()
                .map(|(rank, v)| v * (2.0 * rank as f64 - m + 1.0))
                .sum();
            total += self.w[k] * 2.0 * pairs;
        }
        self.denominator = total;
    }

    fn dist(&self, k: usize, p: f64, r: f64) -> f64 {
        ((self.x[k] - p).abs() / self.range).powf(r)
    }

    /// The probability that `i` prevails over `j` under this variant.
    pub fn probability(&self, i: usize, j: usize) -> f64 {
        let (xi, xj) = (self.x[i], self.x[j]);
        if xi == xj {
            return 0.0;
        }
        match self.variant {
            EumVariant::Printed => {
                let (mut net, mut total) = (0.0, 0.0);
                for k in 0..self.x.len() {
                    let d = (self.x[k] - xj).abs() - (self.x[k] - xi).abs();
                    net += self.w[k] * d;
                    total += self.w[k] * d.abs();
                }
                if total > 0.0 {
                    net.max(0.0) / total
                } else {
                    0.0
                }
            }
            EumVariant::ScholzCode => {
                if self.denominator <= 0.0 {
                    return 0.0;
                }
                let n = self.x.len();
                let support: f64 = (0..n)
                    .map(|k| (self.w[k] * (self.pow[k * n + j] - self.pow[k * n + i])).max(0.0))
                    .sum();
                support / self.denominator
            }
        }
    }

    /// `E(U_ij)`, `i`'s expected utility of challenging `j`, with utilities of exponent `r`.
    pub fn expected_utility(&self, i: usize, j: usize, r: f64) -> f64 {
        let d = (self.x[i] - self.x[j]).abs() / self.range;
        let u = |v: f64| 2.0 - 4.0 * v.powf(r);
        let (us, uf, usq) = (u(0.5 - 0.5 * d), u(0.5 + 0.5 * d), u(0.5));
        let p = self.probability(i, j);
        let sj = self.s[j];
        let mut eu = sj * (p * us + (1.0 - p) * uf) + (1.0 - sj) * us - self.q * usq;
        if self.q < 1.0 {
            let m =
                0.25 * ((self.x[i] - self.mu).abs() + (self.x[i] - self.x[j]).abs()) / self.range;
            let (ub, uw) = (u(0.5 - m), u(0.5 + m));
            eu -= (1.0 - self.q) * (self.t * ub + (1.0 - self.t) * uw);
        }
        eu
    }

    /// Sets every risk exponent from the actors' security (computed with `r = 1`).
    pub fn update_risk_exponents(&mut self) {
        let n = self.x.len();
        self.r = vec![1.0; n];
        self.refresh();
        let security: Vec<f64> = (0..n)
            .map(|i| {
                (0..n)
                    .filter(|&j| j != i && self.active[j])
                    .map(|j| self.expected_utility(j, i, 1.0))
                    .sum()
            })
            .collect();
        let extremes = security.iter().zip(&self.active).filter(|(_, a)| **a);
        let max = extremes
            .clone()
            .map(|(s, _)| *s)
            .fold(f64::NEG_INFINITY, f64::max);
        let min = extremes.map(|(s, _)| *s).fold(f64::INFINITY, f64::min);
        if max > min {
            self.r = security
                .iter()
                .map(|&si| {
                    let big_r = (2.0 * si - max - min) / (max - min);
                    ((1.0 - big_r / 3.0) / (1.0 + big_r / 3.0)).clamp(0.5, 2.0)
                })
                .collect();
        }
        self.refresh();
    }

    /// The pair (`E(U_ij)`, `E(U_ji)`) as `i` sees it in this variant.
    pub fn dyad(&self, i: usize, j: usize) -> (f64, f64) {
        match self.variant {
            EumVariant::Printed => (
                self.expected_utility(i, j, self.r[i]),
                self.expected_utility(j, i, self.r[j]),
            ),
            EumVariant::ScholzCode => (
                self.expected_utility(i, j, self.r[i]),
                self.expected_utility(j, i, self.r[i]),
            ),
        }
    }

    /// The offers each actor accepts this round (at most one per actor).
    fn accepted_offers(&self) -> Vec<Exchange> {
        let n = self.x.len();
        let mut out = Vec::new();
        for i in 0..n {
            let best = match self.variant {
                EumVariant::ScholzCode => self.scholz_offer(i),
                EumVariant::Printed => self.printed_offer(i),
            };
            out.extend(best);
        }
        out
    }

    fn scholz_offer(&self, i: usize) -> Option<Exchange> {
        let xi = self.x[i];
        let mut confrontation: Option<(f64, Exchange)> = None;
        let mut compromise: Option<(f64, Exchange)> = None;
        for j in (0..self.x.len()).filter(|&j| self.active[j] && self.x[j] != xi) {
            let (eu_ij, eu_ji) = self.dyad(i, j);
            let xj = self.x[j];
            let make = |kind, to| Exchange {
                mover: i,
                partner: j,
                kind,
                from: xi,
                to,
                eu_mover: eu_ij,
                eu_partner: eu_ji,
            };
            if eu_ji > eu_ij && eu_ij > 0.0 {
                let key = (xi - xj).abs();
                if confrontation.as_ref().is_none_or(|(k, _)| key < *k) {
                    confrontation = Some((key, make(OfferKind::Confrontation, xj)));
                }
            } else if eu_ji > 0.0 && 0.0 > eu_ij && eu_ji > eu_ij.abs() {
                let to = xi + (xj - xi) * (eu_ij / eu_ji).abs();
                let (a, b) = (eu_ij.abs(), eu_ji.abs());
                let key = (a * xi + b * xj) / (a + b);
                if compromise.as_ref().is_none_or(|(k, _)| key < *k) {
                    compromise = Some((key, make(OfferKind::Compromise, to)));
                }
            }
        }
        confrontation.or(compromise).map(|(_, e)| e)
    }

    fn printed_offer(&self, j: usize) -> Option<Exchange> {
        let xj = self.x[j];
        // The challenge j receives with the largest expected utility for its sender.
        let mut best: Option<(usize, f64)> = None;
        for i in (0..self.x.len()).filter(|&i| i != j && self.active[i]) {
            let eu = self.expected_utility(i, j, self.r[i]);
            if eu <= 0.0 {
                continue;
            }
            let better = best.is_none_or(|(b, beu)| {
                eu > beu || (eu == beu && (self.x[i] - xj).abs() < (self.x[b] - xj).abs())
            });
            if better {
                best = Some((i, eu));
            }
        }
        let (i, eu_i) = best?;
        let eu_j = self.expected_utility(j, i, self.r[j]);
        let xi = self.x[i];
        let (kind, to) = if eu_j > 0.0 && eu_j < eu_i {
            (OfferKind::Confrontation, xi)
        } else if eu_j < 0.0 && eu_j.abs() < eu_i {
            (OfferKind::Compromise, xj + (xi - xj) * (eu_j / eu_i).abs())
        } else if eu_j < 0.0 && eu_j.abs() > eu_i {
            (OfferKind::Capitulation, xi)
        } else {
            return None;
        };
        Some(Exchange {
            mover: j,
            partner: i,
            kind,
            from: xj,
            to,
            eu_mover: eu_j,
            eu_partner: eu_i,
        })
    }

    fn challenges(&self) -> Vec<(usize, usize)> {
        let n = self.x.len();
        let mut out = Vec::new();
        for i in (0..n).filter(|&i| self.active[i]) {
            for j in (0..n).filter(|&j| j != i) {
                if self.expected_utility(i, j, self.r[i]) > 0.0 {
                    out.push((i, j));
                }
            }
        }
        out
    }
}

/// Runs the EUM on one issue.
pub fn run(issue: &Issue, params: &EumParams) -> EumRun {
    let mut players = issue.players.clone();
    let mut state = EumState::new(issue, params);
    let initial_positions = state.x.clone();
    let mut rounds = Vec::new();
    let mut converged = false;
    for round in 1..=params.max_rounds {
        state.mu = condorcet_median(&players);
        state.update_risk_exponents();
        let challenges = state.challenges();
        let exchanges = state.accepted_offers();
        let before = state.x.clone();
        for e in &exchanges {
            state.x[e.mover] = e.to;
        }
        state.refresh();
        for (p, &x) in players.iter_mut().zip(&state.x) {
            p.position = x;
        }
        let moved = before
            .iter()
            .zip(&state.x)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f64::max);
        rounds.push(EumRound {
            round,
            risk_exponents: state.r.clone(),
            challenges,
            exchanges,
            positions: state.x.clone(),
            median: condorcet_median(&players),
            mean: weighted_mean(&players),
        });
        if moved <= params.tolerance * issue.range() {
            converged = true;
            break;
        }
    }
    EumRun {
        params: *params,
        initial_positions,
        initial_median: condorcet_median(&issue.players),
        initial_mean: weighted_mean(&issue.players),
        rounds,
        converged,
    }
}

#[cfg(test)]
#[path = "eum_tests.rs"]
mod tests;
