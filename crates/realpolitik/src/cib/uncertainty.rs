//! Judgment uncertainty: how robust each scenario is to the judgments being somewhat different.
//!
//! Each of N draws perturbs the matrix and searches it exactly. In a draw every cell of a judged
//! block (a block with at least one non-zero cell; empty blocks stay empty) is drawn uniformly
//! among the integers of
//! - [`Perturbation::PlusMinus`]`(w)`: nominal − w ..= nominal + w, or
//! - [`Perturbation::Intervals`]: the cell's own interval low ..= high (from the model).
//!
//! Conditional blocks ([`super::matrix::Gate`]) keep their nominal judgments in every draw.
//!
//! Draw d uses the random stream `stream(seed, d)` alone, so results do not depend on the
//! thread count. A scenario's robustness is the share of draws in which it is acceptable;
//! scenarios acceptable only under perturbation (not with the nominal judgments) are flagged.

use rand::RngExt;
use rayon::prelude::*;
use serde::Serialize;

use super::matrix::Matrix;
use super::search;
use super::solution::{Constraints, Solution};
use crate::progress::Progress;
use crate::random::stream;

/// How judgments are perturbed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(tag = "kind", content = "width", rename_all = "snake_case")]
pub enum Perturbation {
    /// Every judgment uniformly within ± this many points.
    PlusMinus(i32),
    /// Every judgment uniformly within its interval (cells without one stay fixed).
    Intervals,
}

/// A scenario's robustness.
#[derive(Clone, Debug, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Robustness {
    /// The chosen variant of each descriptor.
    pub variants: Vec<usize>,
    /// In how many draws it is acceptable.
    pub draws: usize,
    /// `draws` / N.
    pub share: f64,
    /// Whether it is acceptable with the nominal judgments.
    pub nominal: bool,
}

/// One perturbed matrix: draw `d` of a computation seeded with `seed`.
pub fn perturbed(m: &Matrix, perturbation: Perturbation, seed: u64, draw: u64) -> Matrix {
    let mut rng = stream(seed, draw);
    let n = m.variant_total();
    let judged: Vec<bool> = {
        let d = m.descriptor_count();
        let mut judged = vec![false; d * d];
        for (k, &c) in m.cells().iter().enumerate() {
            if c != 0 {
                judged[m.owner(k / n) * d + m.owner(k % n)] = true;
            }
        }
        judged
    };
    let d = m.descriptor_count();
    let cells = m
        .cells()
        .iter()
        .enumerate()
        .map(|(k, &c)| {
            let (low, high) = match perturbation {
                Perturbation::PlusMinus(w) => (c - w, c + w),
                Perturbation::Intervals => m.intervals().map_or((c, c), |iv| iv[k]),
            };
            if judged[m.owner(k / n) * d + m.owner(k % n)] && low < high {
                rng.random_range(low..=high)
            } else {
                c
            }
        })
        .collect();
    m.with_cells(cells).unwrap_or_else(|_| m.clone())
}

/// The robustness of every scenario acceptable in the nominal matrix or in any of `draws`
/// perturbed ones: most robust first, then by variants. Fails, saying why
/// ([`search::not_computed`]), when the nominal search or a draw's leaves more scenarios than a
/// search keeps: the counts would be of a truncated list.
pub fn robustness(
    m: &Matrix,
    perturbation: Perturbation,
    draws: u64,
    seed: u64,
    constraints: &Constraints,
    progress: &dyn Progress,
) -> Result<Vec<Robustness>, String> {
    let variants = |found: Vec<Solution>, which: &dyn Fn() -> String| {
        if constraints.cut(&found) {
            return Err(search::not_computed("robustness", &which(), constraints));
        }
        Ok(found.into_iter().map(|s| s.variants).collect::<Vec<_>>())
    };
    let nominal = variants(search::search(m, constraints), &|| {
        "the nominal matrix".to_owned()
    })?;
    progress.start("Perturbed matrices searched", draws);
    // Every draw's result first, then the first failure in draw order: a parallel collect
    // into a Result would report whichever failing draw finished first, so the message would
    // depend on the threads.
    let results: Vec<Result<Vec<Vec<usize>>, String>> = (0..draws)
        .into_par_iter()
        .map(|d| {
            let found = search::search(&perturbed(m, perturbation, seed, d), constraints);
            progress.advance(1);
            variants(found, &|| format!("draw {}", d + 1))
        })
        .collect();
    let per_draw: Vec<Vec<Vec<usize>>> = results.into_iter().collect::<Result<_, _>>()?;
    progress.finish();
    let mut counts: std::collections::BTreeMap<Vec<usize>, usize> =
        nominal.iter().map(|z| (z.clone(), 0)).collect();
    for z in per_draw.into_iter().flatten() {
        *counts.entry(z).or_insert(0) += 1;
    }
    let mut out: Vec<Robustness> = counts
        .into_iter()
        .map(|(variants, n)| Robustness {
            nominal: nominal.contains(&variants),
            share: if draws == 0 {
                0.0
            } else {
                n as f64 / draws as f64
            },
            draws: n,
            variants,
        })
        .collect();
    out.sort_by(|x, y| {
        y.draws
            .cmp(&x.draws)
            .then_with(|| x.variants.cmp(&y.variants))
    });
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cib::cases::case_matrix;
    use crate::cib::search::search;
    use crate::progress::NoProgress;

    #[test]
    fn perturbations_stay_within_bounds_and_keep_empty_blocks() {
        let m = case_matrix("cibsa_CIB_global");
        let p = perturbed(&m, Perturbation::PlusMinus(1), 7, 3);
        let mut changed = 0;
        for (k, (&a, &b)) in m.cells().iter().zip(p.cells()).enumerate() {
            assert!((a - b).abs() <= 1);
            let n = m.variant_total();
            if m.owner(k / n) == m.owner(k % n) {
                assert_eq!(b, 0, "the empty self blocks stay empty");
            }
            changed += usize::from(a != b);
        }
        assert!(
            changed > 20,
            "about two thirds of 72 judged cells move: {changed}"
        );
        assert_eq!(p, perturbed(&m, Perturbation::PlusMinus(1), 7, 3));
        assert_ne!(p, perturbed(&m, Perturbation::PlusMinus(1), 7, 4));
        // Without intervals, interval perturbation changes nothing.
        assert_eq!(perturbed(&m, Perturbation::Intervals, 7, 3), m);
    }

    #[test]
    fn robustness_counts_draws_and_flags_new_scenarios() {
        let m = case_matrix("cibsa_CIB_global");
        let c = Constraints::consistent();
        let r = robustness(&m, Perturbation::PlusMinus(1), 40, 2014, &c, &NoProgress).unwrap();
        // Every nominal scenario is listed; counts match a direct recount of the draws.
        for z in search(&m, &c) {
            assert!(r.iter().any(|x| x.variants == z.variants && x.nominal));
        }
        for x in &r {
            let direct = (0..40)
                .filter(|&d| {
                    search(&perturbed(&m, Perturbation::PlusMinus(1), 2014, d), &c)
                        .iter()
                        .any(|s| s.variants == x.variants)
                })
                .count();
            assert_eq!(x.draws, direct, "{:?}", x.variants);
            assert!((x.share - direct as f64 / 40.0).abs() < 1e-12);
        }
        assert!(
            r.iter().any(|x| !x.nominal),
            "±1 creates new scenarios here"
        );
        let one = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap()
            .install(|| robustness(&m, Perturbation::PlusMinus(1), 40, 2014, &c, &NoProgress))
            .unwrap();
        assert_eq!(one, r);
    }

    #[test]
    fn robustness_reports_each_draw_searched() {
        let m = case_matrix("cibsa_CIB_global");
        let tally = crate::progress::Tally::default();
        robustness(
            &m,
            Perturbation::PlusMinus(1),
            25,
            1,
            &Constraints::consistent(),
            &tally,
        )
        .unwrap();
        assert_eq!(
            tally.phases(),
            [("Perturbed matrices searched".to_owned(), 25, 25)]
        );
    }

    #[test]
    fn model_intervals_are_drawn_within_their_bounds() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../examples/energy-transition.toml"
        );
        let loaded = crate::model::load_file(
            std::path::Path::new(path),
            &crate::model::LoadOptions::default(),
        )
        .unwrap();
        let m = Matrix::from_model(&loaded.model).unwrap().unwrap();
        let iv = m.intervals().unwrap().to_vec();
        let mut seen = std::collections::BTreeSet::new();
        for d in 0..50 {
            let p = perturbed(&m, Perturbation::Intervals, 1, d);
            for (k, &c) in p.cells().iter().enumerate() {
                assert!(iv[k].0 <= c && c <= iv[k].1);
                if iv[k].0 < iv[k].1 {
                    seen.insert(c);
                }
            }
        }
        assert_eq!(seen.into_iter().collect::<Vec<_>>(), [1, 2, 3]);
    }
}
