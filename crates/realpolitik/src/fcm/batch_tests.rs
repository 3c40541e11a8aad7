//! Tests of [`super`]: the batched kernel against the one-at-a-time [`simulate`].

use rand::RngExt;

use super::*;
use crate::fcm::inference::{Status, simulate};
use crate::model::Quantity;

/// A random map: each ordered pair linked with probability `density`, weights uniform in
/// [−1, 1].
fn random_matrix(n: usize, density: f64, seed: u64) -> Matrix {
    let mut rng = stream(seed, 0);
    let mut m = Matrix::zeros(n);
    for i in 0..n {
        for j in 0..n {
            if rng.random::<f64>() < density {
                m.set(i, j, rng.random_range(-1.0..=1.0));
            }
        }
    }
    m
}

fn random_states(n: usize, count: usize, seed: u64) -> Vec<f64> {
    let mut rng = stream(seed, 1);
    (0..n * count).map(|_| rng.random::<f64>()).collect()
}

#[test]
fn exp_f32_is_accurate() {
    let mut worst = 0.0f64;
    for k in -8000..=8000 {
        let x = k as f64 / 100.0;
        let got = f64::from(exp_f32(x as f32));
        let want = (x as f32 as f64).exp();
        worst = worst.max(((got - want) / want).abs());
    }
    assert!(worst < 1e-6, "relative error {worst}");
}

#[test]
fn f64_batches_equal_one_at_a_time_runs() {
    let n = 12;
    let sims = CHUNK + 37; // two chunks, many lane refills
    for (seed, rule, transfer) in [
        (1, Rule::ModifiedKosko, Transfer::Sigmoid),
        (2, Rule::Kosko, Transfer::Tanh),
        (3, Rule::Rescaled, Transfer::Sigmoid),
        (4, Rule::Kosko, Transfer::Bivalent),
    ] {
        let w = random_matrix(n, 0.3, seed);
        let initials = random_states(n, sims, seed);
        let s = Settings {
            rule,
            transfer,
            epsilon: 1e-3,
            hold_sources: seed == 3,
            ..Settings::default()
        };
        let clamps = [(2, 0.7)];
        let batch = run_states::<f64>(&w, &initials, &clamps, &s);
        assert_eq!(batch.len(), sims);
        let mut compared = 0;
        for k in 0..sims {
            let run = simulate(&w, &initials[k * n..(k + 1) * n], &clamps, &s);
            // simulate stops early on a detected cycle; the batch runs on to the cap.
            if matches!(run.status, Status::LimitCycle { .. }) {
                continue;
            }
            compared += 1;
            assert_eq!(batch.final_state(k), run.final_state(), "simulation {k}");
            assert_eq!(batch.steps[k] as usize, run.steps());
            assert_eq!(batch.converged[k], run.status == Status::Converged);
        }
        assert!(compared > sims / 2, "{compared}");
    }
}

#[test]
fn f32_batches_agree_with_f64_within_epsilon() {
    let n = 30;
    let w = random_matrix(n, 0.2, 9);
    let initials = random_states(n, 3000, 9);
    let s = Settings {
        rule: Rule::ModifiedKosko,
        epsilon: 1e-3,
        ..Settings::default()
    };
    let a = run_states::<f64>(&w, &initials, &[], &s);
    let b = run_states::<f32>(&w, &initials, &[], &s);
    let worst = a
        .finals
        .iter()
        .zip(&b.finals)
        .map(|(x, y)| (x - y).abs())
        .fold(0.0, f64::max);
    assert!(worst < 2e-3, "{worst}");
    let same_steps = a.steps.iter().zip(&b.steps).filter(|(x, y)| x == y).count();
    assert!(same_steps * 100 >= 99 * a.len(), "{same_steps}");
}

#[test]
fn monte_carlo_draws_equal_one_at_a_time_runs_and_ignore_threads() {
    let n = 10;
    let w = random_matrix(n, 0.3, 5);
    let mut map = FcmMap::from_matrix((0..n).map(|i| format!("c{i}")).collect(), &w);
    for uw in &mut map.weights {
        let v = uw.weight.nominal();
        uw.weight = Quantity::Interval {
            low: v - 0.2,
            high: v + 0.2,
        };
    }
    let initial = vec![0.5; n];
    let s = Settings {
        rule: Rule::ModifiedKosko,
        epsilon: 1e-3,
        ..Settings::default()
    };
    let draws = 300;
    let batch = run_draws::<f64>(&map, &initial, &[(0, 1.0)], &s, draws, 17);
    for d in 0..draws {
        let wd = map.sample(&mut stream(17, d as u64));
        let run = simulate(&wd, &initial, &[(0, 1.0)], &s);
        if matches!(run.status, Status::LimitCycle { .. }) {
            continue;
        }
        assert_eq!(batch.final_state(d), run.final_state(), "draw {d}");
        assert_eq!(batch.steps[d] as usize, run.steps());
    }
    let on = |threads| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| run_draws::<f32>(&map, &initial, &[], &s, CHUNK + 5, 3))
    };
    assert_eq!(on(1), on(2));
}
