//! FCM throughput: batched evaluation against one simulation at a time, in the same run.
//!
//! Run with `nice cargo bench -p realpolitik --bench fcm`. Cases (issue 4): a random 30-concept
//! map (density 0.2, weights uniform in [−1, 1]), sigmoid with λ = 1, modified Kosko, ε = 1e-3,
//! cap 100;
//! (a) 100,000 initial states (uniform in [0, 1]) on the one map;
//! (b) 100,000 Monte Carlo draws of interval weights (±0.2 around each weight) from the state
//!     with every concept at 0.5.
//! The one-at-a-time reference is `fcm::simulate` (the general path: trajectory kept, cycle
//! search) called per simulation, on the same threads; it runs on 20,000 simulations and is
//! reported per second. The machine's peak is measured with a dense 30 × 30 batched
//! multiply-add loop in the same kernel style, without the transfer function.

use std::hint::black_box;
use std::time::Instant;

use rand::RngExt;
use rayon::prelude::*;
use realpolitik::fcm::batch::{self, LANES};
use realpolitik::fcm::{FcmMap, Matrix, Rule, Settings, Transfer, simulate};
use realpolitik::model::Quantity;
use realpolitik::random::stream;

const N: usize = 30;
const SIMS: usize = 100_000;
const REFERENCE: usize = 20_000;

fn random_map() -> Matrix {
    let mut rng = stream(2026, 0);
    let mut m = Matrix::zeros(N);
    for i in 0..N {
        for j in 0..N {
            if rng.random::<f64>() < 0.2 {
                m.set(i, j, rng.random_range(-1.0..=1.0));
            }
        }
    }
    m
}

/// Best of `reps` timings of `f`, in seconds.
fn time<T>(reps: usize, mut f: impl FnMut() -> T) -> f64 {
    (0..reps)
        .map(|_| {
            let start = Instant::now();
            black_box(f());
            start.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min)
}

/// Dense batched multiply-add throughput (flop/s) over all threads.
fn peak_flops() -> f64 {
    let threads = rayon::current_num_threads();
    let reps = 20_000;
    let secs = time(3, || {
        (0..threads)
            .into_par_iter()
            .map(|t| {
                let w: Vec<f32> = (0..N * N)
                    .map(|k| ((k * 7 + t) % 13) as f32 / 400.0)
                    .collect();
                let mut s = vec![[0.5f32; LANES]; N];
                let mut out = vec![[0.0f32; LANES]; N];
                for _ in 0..reps {
                    for o in out.iter_mut() {
                        *o = [0.0; LANES];
                    }
                    for i in 0..N {
                        let si = s[i];
                        for j in 0..N {
                            let wij = w[i * N + j];
                            // A copy, so that the compiler sees no aliasing and vectorises.
                            let mut o = out[j];
                            for b in 0..LANES {
                                o[b] += wij * si[b];
                            }
                            out[j] = o;
                        }
                    }
                    std::mem::swap(&mut s, &mut out);
                }
                s[0][0]
            })
            .sum::<f32>()
    });
    (threads * reps * 2 * N * N * LANES) as f64 / secs
}

fn main() {
    let threads = rayon::current_num_threads();
    let w = random_map();
    let s = Settings {
        rule: Rule::ModifiedKosko,
        transfer: Transfer::Sigmoid,
        lambda: 1.0,
        epsilon: 1e-3,
        cap: 100,
        ..Settings::default()
    };
    println!(
        "FCM benchmark: {N} concepts, {} links, {threads} threads, {LANES} lanes",
        w.links()
    );

    // (a) many initial states on one map.
    let mut rng = stream(2026, 1);
    let initials: Vec<f64> = (0..N * SIMS).map(|_| rng.random::<f64>()).collect();
    let one = time(1, || {
        (0..REFERENCE)
            .into_par_iter()
            .map(|k| simulate(&w, &initials[k * N..(k + 1) * N], &[], &s).steps())
            .sum::<usize>()
    });
    let one_rate = REFERENCE as f64 / one;
    let b64 = time(3, || batch::run_states::<f64>(&w, &initials, &[], &s));
    let b32 = time(3, || batch::run_states::<f32>(&w, &initials, &[], &s));
    let steps: u64 = batch::run_states::<f32>(&w, &initials, &[], &s)
        .steps
        .iter()
        .map(|&x| u64::from(x))
        .sum();
    println!("(a) {SIMS} initial states, one map");
    println!("    one at a time (simulate)   {one_rate:>12.0} simulations/s");
    for (name, secs) in [("batched f64", b64), ("batched f32", b32)] {
        let rate = SIMS as f64 / secs;
        println!(
            "    {name:<26} {rate:>12.0} simulations/s  ({:.1}× one at a time)",
            rate / one_rate
        );
    }
    let useful = steps as f64 * 2.0 * w.links() as f64 / b32;
    let peak = peak_flops();
    println!(
        "    mean steps {:.1}; f32 batch does {:.2} Gflop/s of multiply-adds on the {} links, {:.0} % of the measured peak",
        steps as f64 / SIMS as f64,
        useful / 1e9,
        w.links(),
        100.0 * useful / peak
    );
    println!(
        "    (measured peak: a dense {N} × {N} batched multiply-add loop, {:.2} Gflop/s on {threads} threads)",
        peak / 1e9
    );

    // (b) Monte Carlo draws of interval weights.
    let mut map = FcmMap::from_matrix((0..N).map(|i| format!("c{i}")).collect(), &w);
    for uw in &mut map.weights {
        let v = uw.weight.nominal();
        uw.weight = Quantity::Interval {
            low: v - 0.2,
            high: v + 0.2,
        };
    }
    let initial = vec![0.5; N];
    let one = time(1, || {
        (0..REFERENCE)
            .into_par_iter()
            .map(|d| {
                let wd = map.sample(&mut stream(7, d as u64));
                simulate(&wd, &initial, &[], &s).steps()
            })
            .sum::<usize>()
    });
    let one_rate = REFERENCE as f64 / one;
    let b64 = time(3, || {
        batch::run_draws::<f64>(&map, &initial, &[], &s, SIMS, 7)
    });
    let b32 = time(3, || {
        batch::run_draws::<f32>(&map, &initial, &[], &s, SIMS, 7)
    });
    println!("(b) {SIMS} Monte Carlo draws of interval weights (±0.2)");
    println!("    one at a time (simulate)   {one_rate:>12.0} simulations/s");
    for (name, secs) in [("batched f64", b64), ("batched f32", b32)] {
        let rate = SIMS as f64 / secs;
        println!(
            "    {name:<26} {rate:>12.0} simulations/s  ({:.1}× one at a time)",
            rate / one_rate
        );
    }
}
