//! Monte Carlo over uncertain weights: distributions of scenario effects.
//!
//! Draw `d` (0 ≤ d < N) takes every weight of the map from its distribution (uniform on an
//! interval, triangular for a fuzzy number or linguistic term, the value itself when exact)
//! using the stream `random::stream(seed, d)`, then runs the baseline and every case
//! ([`super::scenario::compare`]). For each case and concept the N effects
//! `scenario − baseline` are summarised by their mean, median, 5 % and 95 % quantiles (linear
//! interpolation between order statistics, R's type 7), the share of draws with an effect > 0,
//! and a 95 % percentile bootstrap confidence interval of the mean (B resamples; the resampling
//! of case `c`, concept `j` uses the stream `stream(seed + BOOTSTRAP_KEY, c · n + j)`). A draw
//! counts as not converged when its baseline or any case did not converge.
//!
//! Every draw and every bootstrap has its own stream, and results are collected in draw order,
//! so the numbers are the same on any number of threads.

use rayon::prelude::*;
use serde::Serialize;

use crate::progress::Progress;
use crate::random::{Stream, stream};

use super::inference::Settings;
use super::map::FcmMap;
use super::scenario::{Case, Gates, compare};

/// Added to the seed to key the bootstrap streams apart from the draws'.
pub const BOOTSTRAP_KEY: u64 = 0x9E37_79B9_7F4A_7C15;

/// A distribution's summary.
#[derive(Clone, Debug, PartialEq, Serialize, schemars::JsonSchema)]
#[schemars(rename = "FcmSummary")]
pub struct Summary {
    /// Mean.
    pub mean: f64,
    /// Median.
    pub median: f64,
    /// 5 % quantile.
    pub q05: f64,
    /// 95 % quantile.
    pub q95: f64,
    /// Share of values > 0.
    pub p_positive: f64,
    /// Lower end of the 95 % bootstrap CI of the mean.
    pub mean_ci_low: f64,
    /// Upper end of the 95 % bootstrap CI of the mean.
    pub mean_ci_high: f64,
}

/// The `p` quantile of sorted values (R type 7).
pub fn quantile_sorted(sorted: &[f64], p: f64) -> f64 {
    let h = (sorted.len() - 1) as f64 * p;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

/// Summarises `values` (not empty), with `resamples` bootstrap means drawn from `rng`.
pub fn summarize(values: &[f64], rng: &mut Stream, resamples: usize) -> Summary {
    use rand::RngExt;
    let n = values.len();
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let mean = values.iter().sum::<f64>() / n as f64;
    let mut means: Vec<f64> = (0..resamples)
        .map(|_| (0..n).map(|_| values[rng.random_range(0..n)]).sum::<f64>() / n as f64)
        .collect();
    means.sort_by(f64::total_cmp);
    let (mean_ci_low, mean_ci_high) = if means.is_empty() {
        (mean, mean)
    } else {
        (
            quantile_sorted(&means, 0.025),
            quantile_sorted(&means, 0.975),
        )
    };
    Summary {
        mean,
        median: quantile_sorted(&sorted, 0.5),
        q05: quantile_sorted(&sorted, 0.05),
        q95: quantile_sorted(&sorted, 0.95),
        p_positive: values.iter().filter(|&&x| x > 0.0).count() as f64 / n as f64,
        mean_ci_low,
        mean_ci_high,
    }
}

/// One case's distributions, one per concept.
#[derive(Clone, Debug, PartialEq, Serialize, schemars::JsonSchema)]
pub struct CaseSummary {
    /// The option's id.
    pub option: String,
    /// The trigger's id, if any.
    pub trigger: Option<String>,
    /// Per concept: the distribution of scenario − baseline.
    pub effects: Vec<Summary>,
}

/// The result of a Monte Carlo run.
#[derive(Clone, Debug, PartialEq, Serialize, schemars::JsonSchema)]
#[schemars(rename = "FcmMonteCarlo")]
pub struct MonteCarlo {
    /// Number of draws.
    pub draws: usize,
    /// Draws in which some run did not converge.
    pub not_converged: usize,
    /// not_converged / draws.
    pub share_not_converged: f64,
    /// One per case, in order.
    pub cases: Vec<CaseSummary>,
}

/// What a Monte Carlo run does.
#[derive(Clone, Debug)]
pub struct Plan<'a> {
    /// The map with its uncertain weights.
    pub map: &'a FcmMap,
    /// The initial state.
    pub initial: &'a [f64],
    /// The baseline's clamps.
    pub baseline: &'a [(usize, f64)],
    /// The cases.
    pub cases: &'a [Case],
    /// The conditional links.
    pub gates: &'a Gates,
    /// Inference settings.
    pub settings: &'a Settings,
}

/// Every draw's effects: `effects[(d · cases + c) · n + j]` is concept `j`'s effect
/// (scenario − baseline) under case `c` in draw `first + d`, a draws × cases × concepts array in
/// row-major order.
///
/// Draws are independent (draw `d` uses the stream `stream(seed, d)` whoever runs it), so a run
/// splits into ranges of draw indices run apart ([`draw_range`], on other threads, processes
/// or machines) and [`Draws::merge`]d: the merge equals the draws run at once, bit for bit.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Draws {
    /// The index of the first draw.
    pub first: usize,
    /// Number of draws.
    pub draws: usize,
    /// Number of cases.
    pub cases: usize,
    /// Number of concepts.
    pub concepts: usize,
    /// The effects, draw by draw.
    pub effects: Vec<f64>,
    /// Whether the baseline and every case converged, per draw.
    pub converged: Vec<bool>,
}

/// Runs `draws` (≥ 1) draws seeded with `seed`, keeping every effect.
pub fn draw(plan: &Plan<'_>, draws: usize, seed: u64, progress: &dyn Progress) -> Draws {
    draw_range(plan, 0..draws.max(1), seed, progress)
}

/// Runs the draws with indices in `range`, seeded with `seed`, keeping every effect: one unit
/// of a run split apart (see [`Draws`]).
pub fn draw_range(
    plan: &Plan<'_>,
    range: std::ops::Range<usize>,
    seed: u64,
    progress: &dyn Progress,
) -> Draws {
    let (first, draws) = (range.start, range.len());
    let (cases, n) = (plan.cases.len(), plan.map.n());
    let mut effects = vec![0.0; draws * cases * n];
    let mut converged = vec![false; draws];
    progress.start("Monte Carlo draws", draws as u64);
    let run = |d: usize| {
        let mut rng = stream(seed, (first + d) as u64);
        let w = plan.map.sample(&mut rng);
        let c = compare(
            &w,
            plan.initial,
            plan.baseline,
            plan.cases,
            plan.gates,
            plan.settings,
        );
        progress.advance(1);
        c
    };
    if cases * n == 0 {
        // Nothing to keep but whether the baseline converged.
        converged
            .par_iter_mut()
            .enumerate()
            .for_each(|(d, ok)| *ok = run(d).all_converged());
    } else {
        effects
            .par_chunks_mut(cases * n)
            .zip(converged.par_iter_mut())
            .enumerate()
            .for_each(|(d, (effects, ok))| {
                let c = run(d);
                *ok = c.all_converged();
                for (row, effect) in effects.chunks_mut(n).zip(&c.effects) {
                    row.copy_from_slice(&effect.delta);
                }
            });
    }
    progress.finish();
    Draws {
        first,
        draws,
        cases,
        concepts: n,
        effects,
        converged,
    }
}

impl Draws {
    /// The ranges of draws in `parts` put back in order: the draws of one run, whatever the
    /// split. A part given twice (a unit re-run after a worker was lost) counts once; parts of
    /// other shapes, overlapping parts and gaps are refused, naming the first.
    pub fn merge(mut parts: Vec<Draws>) -> Result<Draws, String> {
        parts.sort_by_key(|p| (p.first, p.draws));
        parts.dedup();
        let Some(head) = parts.first() else {
            return Err("no draws to merge".to_owned());
        };
        let (cases, concepts) = (head.cases, head.concepts);
        let mut merged = Draws {
            first: head.first,
            draws: 0,
            cases,
            concepts,
            effects: Vec::new(),
            converged: Vec::new(),
        };
        for p in parts {
            if (p.cases, p.concepts) != (cases, concepts) {
                return Err(format!(
                    "draws {}..{} have {} cases × {} concepts, not {cases} × {concepts}",
                    p.first,
                    p.first + p.draws,
                    p.cases,
                    p.concepts
                ));
            }
            let next = merged.first + merged.draws;
            if p.first != next {
                return Err(format!(
                    "draws {}..{} do not follow draw {next}: a part is missing or overlaps",
                    p.first,
                    p.first + p.draws
                ));
            }
            merged.draws += p.draws;
            merged.effects.extend(p.effects);
            merged.converged.extend(p.converged);
        }
        Ok(merged)
    }
}

/// Summarises the draws of `plan`'s cases, with `resamples` bootstrap resamples per summary
/// keyed by `seed`.
pub fn summarize_draws(plan: &Plan<'_>, draws: &Draws, seed: u64, resamples: usize) -> MonteCarlo {
    let (cases, n) = (draws.cases, draws.concepts);
    let not_converged = draws.converged.iter().filter(|ok| !**ok).count();
    let summaries: Vec<Summary> = (0..cases * n)
        .into_par_iter()
        .map(|unit| {
            let values: Vec<f64> = (0..draws.draws)
                .map(|d| draws.effects[d * cases * n + unit])
                .collect();
            let mut rng = stream(seed.wrapping_add(BOOTSTRAP_KEY), unit as u64);
            summarize(&values, &mut rng, resamples)
        })
        .collect();
    let mut summaries = summaries.into_iter();
    let cases = plan
        .cases
        .iter()
        .map(|case| CaseSummary {
            option: case.option.clone(),
            trigger: case.trigger.clone(),
            effects: summaries.by_ref().take(n).collect(),
        })
        .collect();
    MonteCarlo {
        draws: draws.draws,
        not_converged,
        share_not_converged: not_converged as f64 / draws.draws as f64,
        cases,
    }
}

/// Runs `draws` (≥ 1) draws seeded with `seed`, with `resamples` bootstrap resamples per
/// summary.
pub fn monte_carlo(
    plan: &Plan<'_>,
    draws: usize,
    seed: u64,
    resamples: usize,
    progress: &dyn Progress,
) -> MonteCarlo {
    summarize_draws(plan, &draw(plan, draws, seed, progress), seed, resamples)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fcm::scenario::cases_of;
    use crate::progress::NoProgress;

    #[test]
    fn summaries_of_known_values() {
        let values: Vec<f64> = (1..=100).map(f64::from).collect();
        let s = summarize(&values, &mut stream(1, 0), 2000);
        assert_eq!(s.mean, 50.5);
        assert_eq!(s.median, 50.5);
        // Type 7: h = 99 · 0.05 = 4.95 → 5 + 0.95 · (6 − 5) = 5.95.
        assert!((s.q05 - 5.95).abs() < 1e-12);
        assert!((s.q95 - 95.05).abs() < 1e-12);
        assert_eq!(s.p_positive, 1.0);
        // The mean's standard error is 29.01 / √100 ≈ 2.9: the 95 % CI is about ±5.7.
        assert!(
            s.mean_ci_low > 43.0 && s.mean_ci_low < 47.5,
            "{}",
            s.mean_ci_low
        );
        assert!(
            s.mean_ci_high > 53.5 && s.mean_ci_high < 58.0,
            "{}",
            s.mean_ci_high
        );
    }

    /// `f` of the example model's plan (from all ones, default settings).
    fn with_example_plan<R>(f: impl FnOnce(&Plan<'_>) -> R) -> R {
        let model = crate::example_model();
        let map = FcmMap::from_model(&model);
        let (baseline, cases) = cases_of(&model);
        f(&Plan {
            map: &map,
            initial: &[1.0; 4],
            baseline: &baseline,
            cases: &cases,
            gates: &Gates::none(),
            settings: &Settings::default(),
        })
    }

    fn example_mc(draws: usize) -> MonteCarlo {
        with_example_plan(|plan| monte_carlo(plan, draws, 7, 200, &NoProgress))
    }

    #[test]
    fn draws_run_in_parts_and_merged_are_the_draws_run_at_once() {
        with_example_plan(parts_merge_to_the_whole);
    }

    fn parts_merge_to_the_whole(plan: &Plan<'_>) {
        let whole = draw(plan, 41, 7, &NoProgress);
        // Three parts, each sent as JSON to wherever it runs and back, arriving out of order,
        // one of them twice (a unit re-run after its worker was lost).
        let part = |r: std::ops::Range<usize>| {
            let d = draw_range(plan, r, 7, &NoProgress);
            let text = serde_json::to_string(&d).unwrap();
            serde_json::from_str::<Draws>(&text).unwrap()
        };
        let (a, b, c) = (part(0..7), part(7..20), part(20..41));
        let merged = Draws::merge(vec![c.clone(), a.clone(), b.clone(), c.clone()]).unwrap();
        assert_eq!(merged, whole);
        assert_eq!(
            summarize_draws(plan, &merged, 7, 50),
            summarize_draws(plan, &whole, 7, 50)
        );
        // A gap or an overlap is refused, saying where.
        assert_eq!(
            Draws::merge(vec![a.clone(), c.clone()]).unwrap_err(),
            "draws 20..41 do not follow draw 7: a part is missing or overlaps"
        );
        let overlapping = part(5..20);
        assert!(Draws::merge(vec![a, overlapping, c]).is_err());
    }

    #[test]
    fn effects_of_the_example_have_the_right_signs_and_spread() {
        let mc = example_mc(400);
        assert_eq!(mc.not_converged, 0);
        let price_now = &mc.cases[2];
        assert_eq!(price_now.option, "price_now");
        // The price is clamped: its effect is exactly 0.5 in every draw.
        assert_eq!(price_now.effects[0].q05, 0.5);
        assert_eq!(price_now.effects[0].q95, 0.5);
        // Emissions (the gas shock at rest): σ(0.5·w) − 0.5 with w ∈ [−1, −0.5] always falls,
        // between σ(−0.5) − 0.5 = −0.1225 and σ(−0.25) − 0.5 = −0.0622; at the centroid −0.75
        // it is −0.0927.
        let e = &price_now.effects[3];
        assert_eq!(e.p_positive, 0.0);
        assert!(e.q05 > -0.1225 && e.q95 < -0.0621, "{e:?}");
        assert!((e.mean + 0.0927).abs() < 0.005, "{e:?}");
        assert!(e.mean_ci_low <= e.mean && e.mean <= e.mean_ci_high);
    }

    #[test]
    fn identical_on_one_and_two_threads() {
        let on = |threads| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| example_mc(64))
        };
        assert_eq!(on(1), on(2));
    }
}
