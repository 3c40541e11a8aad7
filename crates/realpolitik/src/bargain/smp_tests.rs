//! Tests of the SMP against KTAB's reference runs in tests/data/bargaining-cases/ktab-smp (see
//! its README: KTAB's shipped 2017 references, 1 decimal, and runs of KTAB's latest `smpc`,
//! 2 decimals).

use super::*;
use crate::bargain::loaders::{load_ktab_csv, tests::test_data};

fn case(name: &str) -> (SmpInput, SmpRun) {
    let s = load_ktab_csv(
        &test_data(&format!("ktab-smp/{name}.csv")),
        &crate::limits::Limits::default(),
    )
    .unwrap();
    let input = SmpInput::from_scenario(&s).unwrap();
    let run = run(&input, &SmpParams::default());
    (input, run)
}

/// Reference positions as (actor, dimension, turn) → position, and the number of turns.
fn reference(path: &str) -> (Vec<(String, String, usize, f64)>, usize) {
    let file = test_data(path);
    let mut rows = Vec::new();
    let mut turns = 0;
    for line in file.text().lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let turn: usize = f[2].parse().unwrap();
        turns = turns.max(turn + 1);
        rows.push((f[0].into(), f[1].into(), turn, f[3].parse().unwrap()));
    }
    (rows, turns)
}

/// Compares every reference position of the turns `< upto` within `tol` on the 0–100 scale;
/// returns the first turn with a mismatch, if any.
fn first_mismatch(name: &str, file: &str, tol: f64, upto: usize) -> Option<usize> {
    let (input, run) = case(name);
    let (rows, _) = reference(&format!("ktab-smp/{name}.{file}"));
    let mut first: Option<usize> = None;
    for (actor, dim, turn, x) in rows {
        if turn >= upto || turn >= run.turns.len() {
            continue;
        }
        let i = input.names.iter().position(|n| *n == actor).unwrap();
        let k = input.issues.iter().position(|d| *d == dim).unwrap();
        let ours = input.to_scale(k, run.turns[turn].positions[i][k]);
        if (ours - x).abs() > tol {
            eprintln!("{name} {file}: {actor} {dim} turn {turn}: ours {ours:.4}, KTAB {x}");
            first = Some(first.map_or(turn, |f: usize| f.min(turn)));
        }
    }
    first
}

#[test]
fn utility_and_distance_follow_ktab() {
    assert_eq!(utility(0.0, 0.7), 1.0);
    assert!((utility(0.5, 1.0) - 0.75).abs() < 1e-12);
    assert!((utility(0.5, -0.5) - 0.375).abs() < 1e-12);
    // Only the first issue matters to an actor with all salience there.
    assert!((distance(&[0.2, 0.0], &[0.6, 1.0], &[0.5, 0.0]) - 0.4).abs() < 1e-12);
    assert_eq!(distance(&[0.2], &[0.6], &[0.0]), 0.0);
}

#[test]
fn risk_attitudes_span_mid_range() {
    let (_, run) = case("dummyData_3Dim");
    let r = &run.turns[0].risk;
    let max = r.iter().copied().fold(f64::MIN, f64::max);
    let min = r.iter().copied().fold(f64::MAX, f64::min);
    assert!((max - 1.0).abs() < 1e-12 && (min + 0.5).abs() < 1e-12);
}

/// The stopping ratios of a reference run, as printed (4 decimals).
fn reference_ratios(name: &str) -> Vec<f64> {
    let file = test_data(&format!("ktab-smp/{name}.ref2017_stopping.csv"));
    let mut ratios = Vec::new();
    for (t, line) in file.text().lines().skip(1).enumerate() {
        let f: Vec<&str> = line.split(',').collect();
        assert_eq!(f[0].parse::<usize>().unwrap(), t + 1);
        ratios.push(f[1].parse().unwrap());
    }
    ratios
}

/// Every position of every turn within the published rounding (plus float noise), the same
/// number of turns, and the same stopping ratios to the 4 printed decimals.
fn reproduces(name: &str) {
    let (_, run) = case(name);
    let (_, turns_2017) = reference(&format!("ktab-smp/{name}.ref2017_positions.csv"));
    let (_, turns_2026) = reference(&format!("ktab-smp/{name}.run2026_positions_db.csv"));
    assert_eq!(run.turns.len(), turns_2017);
    assert_eq!(run.turns.len(), turns_2026);
    let all = run.turns.len();
    assert_eq!(
        first_mismatch(name, "ref2017_positions.csv", 0.05 + 1e-9, all),
        None
    );
    assert_eq!(
        first_mismatch(name, "run2026_positions_db.csv", 0.005 + 1e-9, all),
        None
    );
    let ratios = reference_ratios(name);
    assert_eq!(run.ratios.len(), ratios.len());
    for (t, (ours, theirs)) in run.ratios.iter().zip(&ratios).enumerate() {
        assert!(
            (ours - theirs).abs() <= 0.00005 + 1e-9,
            "{name} iteration {}: ours {ours:.6}, KTAB {theirs}",
            t + 1
        );
    }
    assert!(*run.ratios.last().unwrap() < 0.02);
    assert!(
        run.ratios[1..run.ratios.len() - 1]
            .iter()
            .all(|&r| r >= 0.02)
    );
}

#[test]
fn dummy_data_3dim_reproduces_ktab() {
    reproduces("dummyData_3Dim");
}

#[test]
fn soe_pol_comp_reproduces_ktab() {
    reproduces("SOE-Pol-Comp");
}

#[test]
fn first_turn_of_dummy_data_matches_exact_values() {
    // SActor-00 on Pstn2 moves from 6.37 to 44.71 in turn 1 (run2026, 2 decimals).
    let (input, run) = case("dummyData_3Dim");
    let x = input.to_scale(1, run.turns[1].positions[0][1]);
    assert!((x - 44.71).abs() < 0.005 + 1e-9, "{x}");
    assert!(!run.turns[0].challenges.is_empty());
}

#[test]
fn outcome_probabilities_match_ktab() {
    for name in ["dummyData_3Dim", "SOE-Pol-Comp"] {
        let (input, run) = case(name);
        let file = test_data(&format!("ktab-smp/{name}.ref2017_prob.csv"));
        let mut rows = 0;
        for line in file.text().lines().skip(1) {
            let f: Vec<&str> = line.split(',').collect();
            let i = input.names.iter().position(|n| n == f[0]).unwrap();
            let t: usize = f[1].parse().unwrap();
            let p: f64 = f[2].parse().unwrap();
            let ours = run.turns[t].outcome[i];
            assert!(
                (ours - p).abs() <= 0.00005 + 1e-9,
                "{name} {} turn {t}: ours {ours:.6}, KTAB {p}",
                f[0]
            );
            rows += 1;
        }
        assert_eq!(rows, input.len() * run.turns.len());
    }
}

/// A random scenario of `n` actors on `d` issues (positions on a 0–1 grid of 0.01, saliences
/// summing to at most 1).
fn random_input(n: usize, d: usize, seed: u64) -> SmpInput {
    use rand::RngExt;
    let mut rng = crate::random::stream(seed, 0);
    let sal = |rng: &mut crate::random::Stream| {
        let raw: Vec<f64> = (0..d).map(|_| 0.1 + rng.random::<f64>()).collect();
        let total: f64 = raw.iter().sum::<f64>() / (0.5 + 0.5 * rng.random::<f64>());
        raw.iter().map(|s| s / total).collect::<Vec<f64>>()
    };
    SmpInput {
        names: (0..n).map(|i| format!("A{i}")).collect(),
        issues: (0..d).map(|k| format!("D{k}")).collect(),
        scales: vec![(0.0, 100.0); d],
        capability: (0..n).map(|_| 10.0 + 190.0 * rng.random::<f64>()).collect(),
        position: (0..n)
            .map(|_| {
                (0..d)
                    .map(|_| (rng.random::<f64>() * 100.0).round() / 100.0)
                    .collect()
            })
            .collect(),
        salience: (0..n).map(|_| sal(&mut rng)).collect(),
    }
}

#[test]
fn positions_stay_on_the_scale_and_the_run_stops() {
    for seed in 0..5 {
        let input = random_input(12, 3, seed);
        let run = run(&input, &SmpParams::default());
        assert!(run.turns.len() <= 101);
        assert_eq!(run.ratios.len() + 1, run.turns.len());
        for t in &run.turns {
            for x in t.positions.iter().flatten() {
                assert!((0.0..=1.0).contains(x), "seed {seed}: {x}");
            }
            let total: f64 = t.outcome.iter().sum();
            assert!(total > 0.0 && t.outcome.iter().all(|p| (0.0..=1.0).contains(p)));
        }
    }
}

#[test]
fn an_actor_with_zero_salience_challenges_no_one_and_yields() {
    let mut input = random_input(8, 2, 7);
    input.salience[3] = vec![0.0, 0.0];
    let run = run(&input, &SmpParams::default());
    for t in &run.turns {
        for c in &t.challenges {
            assert_ne!(c.initiator, 3);
            if c.receiver == 3 {
                // The bargain is the challenger's position, but for KTAB's 10⁻⁶ weight on the
                // target's side and the rounding to 4 decimals.
                let (xi, xj) = (&t.positions[c.initiator], &t.positions[3]);
                let si = &input.salience[c.initiator];
                for k in 0..2 {
                    let wi = si[k] * si[k] * c.probability * c.probability;
                    let slack = 1e-6 / (wi + 1e-6) * (xj[k] - xi[k]).abs() + 5e-5 + 1e-12;
                    let b = c.receiver_position[k];
                    assert!((b - xi[k]).abs() <= slack, "{b} vs {}", xi[k]);
                }
            }
        }
    }
}

#[test]
fn one_issue_alone_and_degenerate_issues() {
    use crate::bargain::{EumParams, Issue, Player, Solver, solve};
    let player = |actor, position, salience, capability| Player {
        actor,
        position,
        salience,
        capability,
    };
    let empty = Issue {
        low: 0.0,
        high: 10.0,
        players: vec![],
    };
    assert!(
        solve(&empty, Solver::Smp, &EumParams::default())
            .forecast
            .is_nan()
    );
    let alone = Issue {
        players: vec![player(0, 7.0, 0.5, 1.0)],
        ..empty.clone()
    };
    assert_eq!(
        solve(&alone, Solver::Smp, &EumParams::default()).forecast,
        7.0
    );
    // Two actors who care equally: the stronger pulls the weaker to (about) its position.
    let pair = Issue {
        players: vec![player(0, 2.0, 0.8, 10.0), player(1, 8.0, 0.8, 1.0)],
        ..empty
    };
    let o = solve(&pair, Solver::Smp, &EumParams::default());
    assert!(o.positions.iter().all(|x| (0.0..=10.0).contains(x)));
    assert!(o.positions[1] < 8.0, "{:?}", o.positions);
}
