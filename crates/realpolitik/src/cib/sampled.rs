//! Sampled basin weights of a succession rule, for spaces too large for the exact count of
//! [`super::basins`] or [`super::rule_basins`]: an estimate, always labelled "sampled" with its confidence interval,
//! never presented as exact.
//!
//! N start scenarios are drawn uniformly (start i from `crate::random::stream(seed, i)`, each
//! variant uniform over its descriptor's), each is followed by the rule's succession to its
//! attractor, and each attractor's share of the N starts is reported with a 95% Wilson score
//! interval. The Wilson interval (rather than p ± 1.96·√(p(1−p)/N)) stays inside [0, 1] and
//! is not degenerate for attractors hit rarely or never. Start i's draw depends only on the
//! seed and i, and hits are summed, so the result does not depend on the thread count.

use std::collections::BTreeMap;

use rand::RngExt;
use rayon::prelude::*;
use serde::Serialize;

use super::matrix::Matrix;
use super::succession::{Attractor, Rule, succession};
use crate::progress::Progress;

/// The normal quantile of a two-sided 95% interval.
const Z95: f64 = 1.959_963_984_540_054;

/// An attractor reached from sampled starts.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SampledBasin {
    /// The consistent scenario or cycle.
    pub attractor: Attractor,
    /// The number of sampled starts whose succession ends in it.
    pub hits: u64,
    /// hits / starts: the estimated share of all start scenarios.
    pub share: f64,
    /// The 95% Wilson score interval of the share, (low, high).
    pub interval: (f64, f64),
}

/// Sampled basins, heaviest first (then by attractor).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SampledBasins {
    /// Always "sampled": these are estimates, not exact weights.
    pub method: &'static str,
    /// The seed of the draws.
    pub seed: u64,
    /// The number of sampled starts (the sum of the hits).
    pub starts: u64,
    /// Each attractor reached, with its estimated share.
    pub basins: Vec<SampledBasin>,
}

/// The 95% Wilson score interval for `hits` successes in `n` trials.
pub fn wilson(hits: u64, n: u64) -> (f64, f64) {
    if n == 0 {
        return (0.0, 1.0);
    }
    let n = n as f64;
    let p = hits as f64 / n;
    let z2 = Z95 * Z95;
    let denominator = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denominator;
    let half = Z95 * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt() / denominator;
    // At 0 hits (all hits) the bound is exactly 0 (1); rounding would leave ~1e-18.
    let low = if hits == 0 {
        0.0
    } else {
        (centre - half).max(0.0)
    };
    let high = if hits as f64 == n {
        1.0
    } else {
        (centre + half).min(1.0)
    };
    (low, high)
}

/// Basin shares of `rule` estimated from `starts` uniformly drawn start scenarios.
pub fn sampled_basins(
    m: &Matrix,
    starts: u64,
    seed: u64,
    rule: Rule,
    progress: &dyn Progress,
) -> SampledBasins {
    progress.start("Sampled starts followed", starts);
    let counts = (0..starts)
        .into_par_iter()
        .fold(BTreeMap::<Attractor, u64>::new, |mut counts, i| {
            let mut rng = crate::random::stream(seed, i);
            let start: Vec<usize> = (0..m.descriptor_count())
                .map(|j| rng.random_range(0..m.variant_count(j)))
                .collect();
            *counts
                .entry(succession(m, &start, rule).attractor)
                .or_default() += 1;
            progress.advance(1);
            counts
        })
        .reduce(BTreeMap::new, |mut a, b| {
            for (attractor, hits) in b {
                *a.entry(attractor).or_default() += hits;
            }
            a
        });
    progress.finish();
    let mut basins: Vec<SampledBasin> = counts
        .into_iter()
        .map(|(attractor, hits)| SampledBasin {
            attractor,
            hits,
            share: hits as f64 / starts as f64,
            interval: wilson(hits, starts),
        })
        .collect();
    basins.sort_by(|x, y| {
        y.hits
            .cmp(&x.hits)
            .then_with(|| x.attractor.cmp(&y.attractor))
    });
    SampledBasins {
        method: "sampled",
        seed,
        starts,
        basins,
    }
}

#[cfg(test)]
mod tests {
    use super::super::basins::basins;
    use super::*;
    use crate::progress::NoProgress;

    #[test]
    fn wilson_matches_the_formula_by_hand() {
        // p = 0.5, n = 100: centre 0.5, half-width 1.96·√(0.0025 + 0.000096)/1.0384 ≈ 0.0962.
        let (low, high) = wilson(50, 100);
        assert!((low - 0.403_83).abs() < 1e-4, "{low}");
        assert!((high - 0.596_17).abs() < 1e-4, "{high}");
        // No hits: the interval starts at 0 and is not empty (1.96²/(100 + 1.96²) ≈ 0.037).
        let (low, high) = wilson(0, 100);
        assert_eq!(low, 0.0);
        assert!((high - 0.036_99).abs() < 1e-4, "{high}");
    }

    #[test]
    fn sampled_shares_bracket_the_exact_weights_and_ignore_threads() {
        let m = crate::cib::cases::case_matrix("cibsa_CIB_nested_simplified_standardized");
        let exact = basins(&m).expect("a small space");
        let run = |threads: usize| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| sampled_basins(&m, 4000, 7, Rule::Global, &NoProgress))
        };
        let sampled = run(2);
        assert_eq!(sampled, run(1));
        assert_eq!(sampled.method, "sampled");
        assert_eq!(sampled.basins.iter().map(|b| b.hits).sum::<u64>(), 4000);
        // Each 95% interval misses the true share one time in twenty: 0.8 misses expected over
        // 16 attractors (this seed gives 2; 4 or more would happen under 1% of the time). Every
        // estimate must also be within 4 standard errors of the exact share.
        let mut misses = 0;
        for b in &sampled.basins {
            let weight = exact
                .basins
                .iter()
                .find(|e| e.attractor == b.attractor)
                .expect("every sampled attractor is an exact one")
                .weight;
            let share = weight as f64 / exact.starts as f64;
            let error = (share * (1.0 - share) / 4000.0).sqrt();
            assert!(
                (b.share - share).abs() <= 4.0 * error,
                "{} vs {share}",
                b.share
            );
            let (low, high) = b.interval;
            assert!(low < b.share && b.share < high);
            misses += usize::from(share < low || share > high);
        }
        assert_eq!(sampled.basins.len(), 16);
        assert!(misses <= 3, "{misses} of 16 intervals miss");
    }

    #[test]
    fn sampling_reports_each_start_followed() {
        let m = crate::cib::cases::case_matrix("cibsa_CIB_global");
        let tally = crate::progress::Tally::default();
        sampled_basins(&m, 300, 7, Rule::Global, &tally);
        assert_eq!(
            tally.phases(),
            [("Sampled starts followed".to_owned(), 300, 300)]
        );
    }
}
