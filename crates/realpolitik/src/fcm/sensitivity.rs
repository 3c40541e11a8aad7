//! Sensitivity: which uncertain links decide an outcome's response to a scenario.
//!
//! The quantity studied is `Y = scenario_o − baseline_o`, the effect of one case (an option,
//! perhaps with a trigger) on one outcome concept `o`, as a function of the uncertain weights
//! (every other weight at its nominal value).
//!
//! **Tornado** (one at a time): each uncertain weight in turn is set to its low and its high
//! end, the others staying nominal; the bar's swing is `|Y(high) − Y(low)|`, and bars are sorted
//! by swing, widest first.
//!
//! **Sobol indices** (variance-based, global): with the k uncertain weights as independent
//! inputs `X_i` drawn from their distributions, the first-order index
//! `S_i = V[E(Y | X_i)] / V(Y)` is the share of the variance due to `X_i` alone and the total
//! index `S_Ti = E[V(Y | X_~i)] / V(Y)` the share in which `X_i` takes any part. They are
//! estimated with Saltelli's scheme (A. Saltelli et al., Computer Physics Communications 181
//! (2010) 259–270): two N × k sample matrices A and B, and for each i the matrix A_B^(i) (A with
//! column i from B), N (k + 2) evaluations in all, and
//!
//! - `S_i ≈ (1/N) Σ_r f(B)_r (f(A_B^(i))_r − f(A)_r) / V` (Saltelli 2010, table 2 (b)),
//! - `S_Ti ≈ (1/2N) Σ_r (f(A)_r − f(A_B^(i))_r)² / V` (Jansen 1999, table 2 (f)),
//!
//! with `V` the variance of all f(A) and f(B) values. f(B) in the first-order sum is centred on
//! the mean of all f(A) and f(B): the expectation is unchanged (E f(A_B^(i)) = E f(A)) but the
//! estimate no longer degrades when |E Y| is large against the spread of Y, as effects often are. Row `r` of A and B is drawn from the
//! stream `random::stream(seed, r)` (2k uniforms, mapped through each weight's inverse CDF),
//! so the estimates do not depend on the thread count. Estimates carry Monte Carlo error of
//! order 1/√N and may fall slightly outside [0, 1].

use rand::RngExt;
use rayon::prelude::*;
use serde::Serialize;

use crate::random::stream;

use super::inference::Settings;
use super::map::FcmMap;
use super::scenario::{Case, Gates, compare};

/// What the sensitivity analysis looks at.
#[derive(Clone, Debug)]
pub struct Target<'a> {
    /// The map with its uncertain weights.
    pub map: &'a FcmMap,
    /// Initial state.
    pub initial: &'a [f64],
    /// The baseline's clamps.
    pub baseline: &'a [(usize, f64)],
    /// The case studied.
    pub case: &'a Case,
    /// Index of the outcome concept.
    pub outcome: usize,
    /// The conditional links.
    pub gates: &'a Gates,
    /// Inference settings.
    pub settings: &'a Settings,
}

impl Target<'_> {
    /// Y for weights set by `value(k, quantity)` (k indexes [`FcmMap::weights`]).
    fn effect(&self, value: impl FnMut(usize, &crate::model::Quantity) -> f64) -> f64 {
        let w = self.map.matrix_with(value);
        let c = compare(
            &w,
            self.initial,
            self.baseline,
            std::slice::from_ref(self.case),
            self.gates,
            self.settings,
        );
        c.effects[0].delta[self.outcome]
    }

    /// Y with every weight nominal.
    pub fn nominal_effect(&self) -> f64 {
        self.effect(|_, q| q.nominal())
    }
}

/// One bar of a tornado diagram.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Bar {
    /// Index into [`FcmMap::weights`].
    pub weight: usize,
    /// Cause concept.
    pub from: usize,
    /// Effect concept.
    pub to: usize,
    /// The weight's low end.
    pub low: f64,
    /// The weight's high end.
    pub high: f64,
    /// Y with the weight at its low end.
    pub effect_at_low: f64,
    /// Y with the weight at its high end.
    pub effect_at_high: f64,
    /// |effect_at_high − effect_at_low|.
    pub swing: f64,
}

/// The tornado diagram of the uncertain weights, widest swing first.
pub fn tornado(t: &Target<'_>) -> Vec<Bar> {
    let mut bars: Vec<Bar> = t
        .map
        .uncertain()
        .into_par_iter()
        .map(|k| {
            let (low, high) = t.map.weights[k].weight.bounds();
            let at = |x: f64| t.effect(|i, q| if i == k { x } else { q.nominal() });
            let (effect_at_low, effect_at_high) = (at(low), at(high));
            Bar {
                weight: k,
                from: t.map.weights[k].from,
                to: t.map.weights[k].to,
                low,
                high,
                effect_at_low,
                effect_at_high,
                swing: (effect_at_high - effect_at_low).abs(),
            }
        })
        .collect();
    bars.sort_by(|a, b| b.swing.total_cmp(&a.swing).then(a.weight.cmp(&b.weight)));
    bars
}

/// Sobol indices of `k` inputs.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Indices {
    /// First-order indices S_i.
    pub first: Vec<f64>,
    /// Total indices S_Ti.
    pub total: Vec<f64>,
    /// The variance of the output.
    pub variance: f64,
    /// Rows N of each sample matrix.
    pub samples: usize,
}

/// One row r of the Saltelli design: f(A_r), f(B_r) and f(A_r with input i from B_r) for each
/// input i. Row r's A and B come from the stream `stream(seed, r)`, so rows split into ranges
/// run apart ([`sobol_rows`]) and put back in order give the indices of the run made at once.
pub type SobolRow = (f64, f64, Vec<f64>);

/// Saltelli estimates of the Sobol indices of `f` over `k` independent inputs, each given to `f`
/// as a probability `u ∈ [0, 1)` (map it through the input's inverse CDF), with `samples` rows.
pub fn sobol<F>(k: usize, samples: usize, seed: u64, f: F) -> Indices
where
    F: Fn(&[f64]) -> f64 + Sync,
{
    indices(k, samples, &sobol_rows(k, 0..samples, seed, f))
}

/// The rows `range` of [`sobol`]'s design.
pub fn sobol_rows<F>(k: usize, range: std::ops::Range<usize>, seed: u64, f: F) -> Vec<SobolRow>
where
    F: Fn(&[f64]) -> f64 + Sync,
{
    range
        .into_par_iter()
        .map(|r| {
            let mut rng = stream(seed, r as u64);
            let a: Vec<f64> = (0..k).map(|_| rng.random::<f64>()).collect();
            let b: Vec<f64> = (0..k).map(|_| rng.random::<f64>()).collect();
            let fa = f(&a);
            let fb = f(&b);
            let fab = (0..k)
                .map(|i| {
                    let mut ab = a.clone();
                    ab[i] = b[i];
                    f(&ab)
                })
                .collect();
            (fa, fb, fab)
        })
        .collect()
}

/// The indices of `k` inputs from all the rows of a design of `samples` rows, in order.
pub fn indices(k: usize, samples: usize, rows: &[SobolRow]) -> Indices {
    let n = rows.len().max(1) as f64;
    let all: Vec<f64> = rows.iter().flat_map(|(a, b, _)| [*a, *b]).collect();
    let mean = all.iter().sum::<f64>() / all.len().max(1) as f64;
    let variance = all.iter().map(|y| (y - mean).powi(2)).sum::<f64>() / all.len().max(1) as f64;
    let (mut first, mut total) = (vec![0.0; k], vec![0.0; k]);
    if variance > 0.0 {
        for i in 0..k {
            first[i] = rows
                .iter()
                .map(|(a, b, ab)| (b - mean) * (ab[i] - a))
                .sum::<f64>()
                / n
                / variance;
            total[i] = rows
                .iter()
                .map(|(a, _, ab)| (a - ab[i]).powi(2))
                .sum::<f64>()
                / (2.0 * n)
                / variance;
        }
    }
    Indices {
        first,
        total,
        variance,
        samples,
    }
}

/// The rows `range` of the Sobol design of the target's uncertain weights (in the order of
/// [`FcmMap::uncertain`]); given all rows, in order, [`indices`] gives [`sobol_of`]'s.
pub fn sobol_rows_of(
    t: &Target<'_>,
    range: std::ops::Range<usize>,
    seed: u64,
) -> (Vec<usize>, Vec<SobolRow>) {
    let uncertain = t.map.uncertain();
    let rows = sobol_rows(uncertain.len(), range, seed, |u| {
        t.effect(|k, q| match uncertain.iter().position(|&x| x == k) {
            Some(i) => q.quantile(u[i]),
            None => q.nominal(),
        })
    });
    (uncertain, rows)
}

/// Sobol indices of the target's uncertain weights, in the order of [`FcmMap::uncertain`].
pub fn sobol_of(t: &Target<'_>, samples: usize, seed: u64) -> (Vec<usize>, Indices) {
    let (uncertain, rows) = sobol_rows_of(t, 0..samples, seed);
    let indices = indices(uncertain.len(), samples, &rows);
    (uncertain, indices)
}

#[cfg(test)]
mod tests {
    use std::f64::consts::PI;

    use super::*;
    use crate::fcm::scenario::cases_of;

    #[test]
    fn sobol_of_a_linear_function() {
        // Y = 2 U1 + U2 with uniform inputs: V1 = 4/12, V2 = 1/12, so S1 = ST1 = 0.8 and
        // S2 = ST2 = 0.2.
        let s = sobol(2, 20_000, 3, |u| 2.0 * u[0] + u[1]);
        assert!((s.first[0] - 0.8).abs() < 0.03, "{s:?}");
        assert!((s.first[1] - 0.2).abs() < 0.03, "{s:?}");
        assert!((s.total[0] - 0.8).abs() < 0.03, "{s:?}");
        assert!((s.total[1] - 0.2).abs() < 0.03, "{s:?}");
        assert!((s.variance - 5.0 / 12.0).abs() < 0.02, "{s:?}");
    }

    #[test]
    fn sobol_of_the_ishigami_function() {
        // The standard benchmark (Ishigami & Homma 1990; Saltelli 2010 uses it): inputs uniform
        // on [−π, π], a = 7, b = 0.1. Analytic values: S = (0.3139, 0.4424, 0),
        // ST = (0.5576, 0.4424, 0.2437).
        let s = sobol(3, 20_000, 11, |u| {
            let x: Vec<f64> = u.iter().map(|u| -PI + 2.0 * PI * u).collect();
            x[0].sin() + 7.0 * x[1].sin().powi(2) + 0.1 * x[2].powi(4) * x[0].sin()
        });
        let want_first = [0.3139, 0.4424, 0.0];
        let want_total = [0.5576, 0.4424, 0.2437];
        for i in 0..3 {
            assert!((s.first[i] - want_first[i]).abs() < 0.04, "{s:?}");
            assert!((s.total[i] - want_total[i]).abs() < 0.04, "{s:?}");
        }
    }

    #[test]
    fn the_examples_emissions_depend_on_the_price_link_only() {
        let model = crate::example_model();
        let map = FcmMap::from_model(&model);
        let (baseline, cases) = cases_of(&model);
        let t = Target {
            map: &map,
            initial: &[1.0; 4],
            baseline: &baseline,
            case: &cases[2],
            outcome: 3,
            gates: &Gates::none(),
            settings: &Settings::default(),
        };
        let bars = tornado(&t);
        assert_eq!(bars.len(), 3);
        // price → emissions [−1, −0.75, −0.5], the gas shock at rest: σ(−0.5) − 0.5 =
        // −0.1224593312018546 and σ(−0.25) − 0.5 = −0.06217650088579807.
        assert_eq!((bars[0].from, bars[0].to), (0, 3));
        assert!((bars[0].effect_at_low + 0.1224593312018546).abs() < 1e-9);
        assert!((bars[0].effect_at_high + 0.06217650088579807).abs() < 1e-9);
        // The price is clamped and jobs do not reach emissions: the other links do nothing.
        assert!(bars[1].swing < 1e-12 && bars[2].swing < 1e-12);

        let (which, s) = sobol_of(&t, 2000, 5);
        assert_eq!(which, [0, 1, 3]);
        assert!((s.first[0] - 1.0).abs() < 0.05, "{s:?}");
        assert!((s.total[0] - 1.0).abs() < 0.05, "{s:?}");
        assert!(s.first[1].abs() < 1e-9 && s.total[2].abs() < 1e-9, "{s:?}");
    }
}
