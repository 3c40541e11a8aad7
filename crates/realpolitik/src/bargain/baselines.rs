//! Baselines every forecast is compared against: the weighted mean ("compromise model",
//! Achen 2006) and the weighted median, plus the Condorcet median the EUM reports.
//!
//! With weights `w_i = c_i · s_i` (capability times salience):
//!
//! - weighted mean `Σ w_i x_i / Σ w_i`;
//! - weighted median: the smallest position `x` at which the weight at or below `x` reaches
//!   half the total; when it equals exactly half, the midpoint between `x` and the next
//!   position (so equal weights give the ordinary median);
//! - Condorcet median (Bueno de Mesquita 1994; Scholz et al. 2011): among the actors' positions,
//!   the one whose worst pairwise vote `Σ_k w_k (|x_k − q| − |x_k − p|)` against every other
//!   position `q` is largest (with linear utilities this is a weighted median position; ties go
//!   to the lower position). Only positions of actors with weight are candidates (all
//!   positions when no actor has any).
//!
//! When every weight is zero the mean and median fall back to equal weights.

use super::input::Player;

fn weights(players: &[Player]) -> Vec<f64> {
    let w: Vec<f64> = players.iter().map(Player::weight).collect();
    if w.iter().sum::<f64>() > 0.0 {
        w
    } else {
        vec![1.0; players.len()]
    }
}

/// The `c · s`-weighted mean position (`NaN` with no players).
pub fn weighted_mean(players: &[Player]) -> f64 {
    let w = weights(players);
    let total: f64 = w.iter().sum();
    players
        .iter()
        .zip(&w)
        .map(|(p, w)| p.position * w)
        .sum::<f64>()
        / total
}

/// The `c · s`-weighted median position (`NaN` with no players).
pub fn weighted_median(players: &[Player]) -> f64 {
    let w = weights(players);
    let mut order: Vec<(f64, f64)> = players.iter().map(|p| p.position).zip(w).collect();
    order.sort_by(|a, b| a.0.total_cmp(&b.0));
    let total: f64 = order.iter().map(|o| o.1).sum();
    let mut below = 0.0;
    for (i, &(x, w)) in order.iter().enumerate() {
        below += w;
        let half = total / 2.0;
        if (below - half).abs() <= 1e-12 * total {
            let next = order[i + 1..].iter().find(|o| o.1 > 0.0).map_or(x, |o| o.0);
            return (x + next) / 2.0;
        }
        if below > half {
            return x;
        }
    }
    f64::NAN
}

/// The pairwise vote of every player between positions `p` and `q`: positive when `p` wins.
pub fn vote(players: &[Player], p: f64, q: f64) -> f64 {
    players
        .iter()
        .map(|k| k.weight() * ((k.position - q).abs() - (k.position - p).abs()))
        .sum()
}

/// The Condorcet median of the players' positions under linear utilities.
pub fn condorcet_median(players: &[Player]) -> f64 {
    let weighted = players.iter().any(|p| p.weight() > 0.0);
    let mut candidates: Vec<f64> = players
        .iter()
        .filter(|p| !weighted || p.weight() > 0.0)
        .map(|p| p.position)
        .collect();
    candidates.sort_by(f64::total_cmp);
    candidates.dedup();
    let mut best = (f64::NEG_INFINITY, f64::NAN);
    for &p in &candidates {
        let worst = candidates
            .iter()
            .filter(|&&q| q != p)
            .map(|&q| vote(players, p, q))
            .fold(f64::INFINITY, f64::min);
        if worst > best.0 {
            best = (worst, p);
        }
    }
    best.1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bargain::loaders::{load_csv, load_outcomes, tests::test_data};

    fn players(xs: &[(f64, f64)]) -> Vec<Player> {
        xs.iter()
            .enumerate()
            .map(|(i, &(x, w))| Player {
                actor: i,
                position: x,
                salience: 1.0,
                capability: w,
            })
            .collect()
    }

    #[test]
    fn small_cases() {
        let p = players(&[(0.0, 1.0), (10.0, 1.0), (4.0, 2.0)]);
        assert_eq!(weighted_mean(&p), 4.5);
        assert_eq!(weighted_median(&p), 4.0);
        assert_eq!(condorcet_median(&p), 4.0);
        let even = players(&[(0.0, 1.0), (10.0, 1.0), (4.0, 1.0), (6.0, 1.0)]);
        assert_eq!(weighted_median(&even), 5.0);
        let zero = players(&[(2.0, 0.0), (4.0, 0.0)]);
        assert_eq!(weighted_mean(&zero), 3.0);
    }

    #[test]
    fn bdm_emission_case_initial_median_and_mean() {
        // Scholz et al. (2011) Table 2: initial median 7, c·s-weighted mean 7.38996.
        let s = load_csv(
            &test_data("bdm1994/bdm1994_emission_standards.csv"),
            &crate::limits::Limits::default(),
        )
        .unwrap();
        let issue = s.nominal_issue(0);
        assert_eq!(condorcet_median(&issue.players), 7.0);
        assert_eq!(weighted_median(&issue.players), 7.0);
        assert!((weighted_mean(&issue.players) - 7.389_955_686_853_767).abs() < 1e-12);
        assert_eq!(format!("{:.3}", weighted_mean(&issue.players)), "7.390");
    }

    #[test]
    fn deu_baselines_reproduce_the_published_errors() {
        // DEU III (Arregui & Perarnaud 2021, CC BY 4.0) via blksv/predictioneers_game.
        let s = load_csv(
            &test_data("deu3/deu3_positions_long.csv"),
            &crate::limits::Limits::default(),
        )
        .unwrap();
        let outcomes = load_outcomes(&test_data("deu3/deu3_issues.csv")).unwrap();
        let (mut mean_err, mut median_err, mut n) = (0.0, 0.0, 0);
        for (id, outcome) in &outcomes {
            let (Some(k), Some(y)) = (s.issue_index(id), outcome) else {
                continue;
            };
            let issue = s.nominal_issue(k);
            if issue.players.len() < 3 {
                continue;
            }
            mean_err += (weighted_mean(&issue.players) - y).abs();
            let unweighted: Vec<Player> = issue
                .players
                .iter()
                .map(|p| Player {
                    salience: 1.0,
                    ..*p
                })
                .collect();
            median_err += (weighted_median(&unweighted) - y).abs();
            n += 1;
        }
        assert_eq!(n, 351);
        assert_eq!(format!("{:.2}", mean_err / n as f64), "23.64");
        assert_eq!(format!("{:.2}", median_err / n as f64), "28.54");
    }
}
