//! Monte Carlo over uncertain ratings: each draw picks every uncertain cell uniformly among its
//! plausible ratings (the analyst's reading and the others listed), scores the matrix and notes
//! which hypothesis leads. Draw `d` uses the seeded stream `(seed, d)`, so the result does not
//! depend on the thread count.

use rand::RngExt;
use rayon::prelude::*;
use schemars::JsonSchema;
use serde::Serialize;

use super::{Matrix, Scoring, leaders};
use crate::fcm::montecarlo::quantile_sorted;
use crate::model::CellRating;
use crate::random::stream;

/// How the ranking varies with the uncertain ratings.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct MonteCarlo {
    /// Number of draws.
    pub draws: usize,
    /// The seed.
    pub seed: u64,
    /// How many cells are uncertain (0: every draw is the analyst's matrix).
    pub uncertain_cells: usize,
    /// Per hypothesis, the share of draws in which it leads (a tie of k shares 1/k).
    pub p_leading: Vec<f64>,
    /// Per hypothesis, its score's 5 %, 50 % and 95 % quantiles over the draws.
    pub scores: Vec<[f64; 3]>,
}

/// Runs `draws` draws of the uncertain cells of `ratings` (items × hypotheses) on `base`, whose
/// weights are kept.
pub fn monte_carlo(
    base: &Matrix,
    ratings: &[Vec<CellRating>],
    scoring: Scoring,
    draws: usize,
    seed: u64,
) -> MonteCarlo {
    let hypotheses = base.hypotheses;
    let uncertain_cells = ratings
        .iter()
        .flatten()
        .filter(|c| !c.or.is_empty())
        .count();
    let per_draw: Vec<Vec<f64>> = (0..draws as u64)
        .into_par_iter()
        .map(|d| {
            let mut rng = stream(seed, d);
            let mut m = base.clone();
            for (row, cells) in m.cells.iter_mut().zip(ratings) {
                for (r, cell) in row.iter_mut().zip(cells) {
                    if !cell.or.is_empty() {
                        let k = rng.random_range(0..=cell.or.len());
                        *r = cell.plausible().nth(k).unwrap_or(cell.rating);
                    }
                }
            }
            m.scores(scoring)
        })
        .collect();
    let mut p_leading = vec![0.0; hypotheses];
    for scores in &per_draw {
        let lead = leaders(scores);
        for &h in &lead {
            p_leading[h] += 1.0 / lead.len() as f64;
        }
    }
    for p in &mut p_leading {
        *p /= draws.max(1) as f64;
    }
    let scores = (0..hypotheses)
        .map(|h| {
            let mut v: Vec<f64> = per_draw.iter().map(|s| s[h]).collect();
            v.sort_by(f64::total_cmp);
            if v.is_empty() {
                return [f64::NAN; 3];
            }
            [0.05, 0.5, 0.95].map(|p| quantile_sorted(&v, p))
        })
        .collect();
    MonteCarlo {
        draws,
        seed,
        uncertain_cells,
        p_leading,
        scores,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Rating::*;

    #[test]
    fn certain_ratings_give_the_analysts_ranking_in_every_draw() {
        let ratings = vec![vec![
            CellRating::certain(Inconsistent),
            CellRating::certain(Consistent),
        ]];
        let base = Matrix {
            hypotheses: 2,
            cells: vec![vec![Inconsistent, Consistent]],
            weights: vec![1.0],
        };
        let mc = monte_carlo(&base, &ratings, Scoring::Count, 100, 7);
        assert_eq!(mc.uncertain_cells, 0);
        assert_eq!(mc.p_leading, [0.0, 1.0]);
        assert_eq!(mc.scores[0], [1.0, 1.0, 1.0]);
    }

    #[test]
    fn an_even_uncertain_rating_splits_the_lead_near_its_odds_and_repeats_with_the_seed() {
        // H0 is I or N with equal odds; H1 is always I: H0 leads when N (half the draws) and
        // ties when I (the other half, sharing the lead): P(H0 leads) = 0.5 + 0.25 = 0.75.
        let ratings = vec![vec![
            CellRating {
                rating: Inconsistent,
                or: vec![Neutral],
            },
            CellRating::certain(Inconsistent),
        ]];
        let base = Matrix {
            hypotheses: 2,
            cells: vec![vec![Inconsistent, Inconsistent]],
            weights: vec![1.0],
        };
        let mc = monte_carlo(&base, &ratings, Scoring::Count, 4000, 11);
        assert_eq!(mc.uncertain_cells, 1);
        assert!((mc.p_leading[0] - 0.75).abs() < 0.02, "{:?}", mc.p_leading);
        assert!((mc.p_leading.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        assert_eq!(mc.scores[0][0], 0.0);
        assert_eq!(mc.scores[0][2], 1.0);
        let again = monte_carlo(&base, &ratings, Scoring::Count, 4000, 11);
        assert_eq!(again, mc);
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        let one_thread = pool.install(|| monte_carlo(&base, &ratings, Scoring::Count, 4000, 11));
        assert_eq!(one_thread, mc);
    }
}
