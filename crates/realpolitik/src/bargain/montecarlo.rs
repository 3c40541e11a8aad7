//! Monte Carlo over uncertain inputs: the distribution of the forecast and of each actor's
//! final position.
//!
//! Draw `d` of issue `k` samples every uncertain position, salience and capability (intervals
//! uniformly, triangles by their CDF) from its own stream `random::stream(seed, k·2³² + d)`,
//! solves the sampled issue, and records the forecast and final positions. Draws run in
//! parallel but are collected in draw order, so the result is identical on any thread count.
//! Quantiles are linearly interpolated between order statistics (Hyndman & Fan type 7).

use rayon::prelude::*;
use serde::Serialize;

use super::eum::EumParams;
use super::input::Scenario;
use super::solver::{Solver, solve};
use crate::progress::Progress;
use crate::random::stream;

/// A distribution summarised by its median and central 80% and 90% intervals.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, schemars::JsonSchema)]
#[schemars(rename = "BargainSpread")]
pub struct Spread {
    /// Mean.
    pub mean: f64,
    /// Median.
    pub median: f64,
    /// 10% and 90% quantiles.
    pub interval_80: (f64, f64),
    /// 5% and 95% quantiles.
    pub interval_90: (f64, f64),
}

impl Spread {
    /// Summarises a sample (`NaN`s when it is empty).
    pub fn of(values: &[f64]) -> Spread {
        let mut v = values.to_vec();
        v.sort_by(f64::total_cmp);
        let q = |p: f64| quantile(&v, p);
        Spread {
            mean: v.iter().sum::<f64>() / v.len() as f64,
            median: q(0.5),
            interval_80: (q(0.1), q(0.9)),
            interval_90: (q(0.05), q(0.95)),
        }
    }
}

/// The type-7 quantile `p` of sorted values.
pub fn quantile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let h = (sorted.len() - 1) as f64 * p;
    let (lo, frac) = (h.floor() as usize, h - h.floor());
    let hi = (lo + 1).min(sorted.len() - 1);
    sorted[lo] + frac * (sorted[hi] - sorted[lo])
}

/// The result of a Monte Carlo run on one issue.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
#[schemars(rename = "BargainMonteCarlo")]
pub struct MonteCarlo {
    /// Number of draws.
    pub draws: usize,
    /// The seed.
    pub seed: u64,
    /// The forecast's distribution.
    pub forecast: Spread,
    /// Each player's final position's distribution.
    pub positions: Vec<Spread>,
}

/// Runs `draws` draws of issue `k` with `solver`.
pub fn monte_carlo(
    scenario: &Scenario,
    k: usize,
    solver: Solver,
    params: &EumParams,
    draws: usize,
    seed: u64,
    progress: &dyn Progress,
) -> MonteCarlo {
    progress.start("Monte Carlo draws", draws as u64);
    let results: Vec<(f64, Vec<f64>)> = (0..draws)
        .into_par_iter()
        .map(|d| {
            let mut rng = stream(seed, ((k as u64) << 32) + d as u64);
            let issue = scenario.sampled_issue(k, &mut rng);
            let outcome = solve(&issue, solver, params);
            progress.advance(1);
            (outcome.forecast, outcome.positions)
        })
        .collect();
    progress.finish();
    let forecasts: Vec<f64> = results.iter().map(|r| r.0).collect();
    let players = results.first().map_or(0, |r| r.1.len());
    let positions = (0..players)
        .map(|p| Spread::of(&results.iter().map(|r| r.1[p]).collect::<Vec<_>>()))
        .collect();
    MonteCarlo {
        draws,
        seed,
        forecast: Spread::of(&forecasts),
        positions,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bargain::input::{ActorInput, IssueScale, StanceInput};
    use crate::model::Quantity;
    use crate::progress::NoProgress;

    fn uncertain() -> Scenario {
        let interval = |low, high| Quantity::Interval { low, high };
        let tri = |low, mode, high| Quantity::Triangular { low, mode, high };
        let actors = (0..8)
            .map(|i| {
                let x = 10.0 * i as f64;
                ActorInput {
                    name: format!("a{i}"),
                    stances: vec![Some(StanceInput {
                        position: interval(x, x + 25.0),
                        salience: tri(20.0, 50.0 + 5.0 * i as f64, 100.0),
                        capability: interval(10.0, 100.0),
                    })],
                }
            })
            .collect();
        Scenario {
            name: "test".into(),
            issues: vec![IssueScale {
                id: "x".into(),
                low: 0.0,
                high: 100.0,
                low_label: "0".into(),
                high_label: "100".into(),
            }],
            actors,
        }
    }

    fn on_threads(n: usize, solver: Solver) -> MonteCarlo {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .unwrap();
        pool.install(|| {
            let p = EumParams::default();
            monte_carlo(&uncertain(), 0, solver, &p, 200, 7, &NoProgress)
        })
    }

    #[test]
    fn identical_on_one_and_two_threads() {
        for solver in [Solver::Eum, Solver::Mean, Solver::Smp] {
            let (a, b) = (on_threads(1, solver), on_threads(2, solver));
            assert_eq!(format!("{a:?}"), format!("{b:?}"));
            let f = a.forecast;
            assert!(f.interval_90.0 <= f.interval_80.0 && f.interval_80.0 <= f.median);
            assert!(f.median <= f.interval_80.1 && f.interval_80.1 <= f.interval_90.1);
            // The inputs are uncertain, so the forecast is too.
            assert!(f.interval_90.1 - f.interval_90.0 > 1.0, "{f:?}");
            assert_eq!(a.positions.len(), 8);
        }
        // Another seed gives other draws.
        let p = EumParams::default();
        let c = monte_carlo(&uncertain(), 0, Solver::Mean, &p, 200, 8, &NoProgress);
        assert_ne!(
            c.forecast.median,
            on_threads(1, Solver::Mean).forecast.median
        );
    }

    #[test]
    fn exact_inputs_give_a_point() {
        let mut s = uncertain();
        for a in &mut s.actors {
            let st = a.stances[0].as_mut().unwrap();
            st.position = Quantity::Exact {
                value: st.position.nominal(),
            };
            st.salience = Quantity::Exact { value: 50.0 };
            st.capability = Quantity::Exact { value: 1.0 };
        }
        let p = EumParams::default();
        let mc = monte_carlo(&s, 0, Solver::Mean, &p, 20, 1, &NoProgress);
        // Positions 12.5, 22.5, …, 82.5 with equal weights: mean 47.5.
        assert!((mc.forecast.interval_90.0 - 47.5).abs() < 1e-12);
        assert!((mc.forecast.interval_90.1 - 47.5).abs() < 1e-12);
    }

    #[test]
    fn quantiles_interpolate() {
        let v = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert_eq!(quantile(&v, 0.5), 3.0);
        assert_eq!(quantile(&v, 0.1), 1.4);
        assert_eq!(quantile(&v, 1.0), 5.0);
    }
}
