//! Benchmark of the CIB search: branch-and-bound against the exhaustive enumerator, in the same
//! run, on the shared case matrices and on random matrices.
//!
//! Run with `nice cargo bench -p realpolitik --bench cib` (add `-- basins` for the basin table
//! only, `-- nested-basins` to include the 408M-start case). Times are the best of a few runs;
//! where the enumerator cannot finish (random matrices past 15 descriptors), its time is
//! extrapolated from its measured rate per scenario and labelled as such.

use std::time::{Duration, Instant};

use rand::RngExt;
use realpolitik::cib::basins::basins;
use realpolitik::cib::{Constraints, Descriptor, Matrix, enumerate, io::csv::read_matrix, search};

fn case(name: &str) -> Matrix {
    let path = format!(
        "{}/../../../shared/cib-cases/{name}.matrix.csv",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).expect("the shared cases are present");
    read_matrix(&path, &text).expect("a valid case").0
}

/// A random matrix: `d` descriptors of `k` variants, each off-diagonal block non-zero with
/// probability `density`, judgments uniform in −3..=3; seeded.
fn random(d: usize, k: usize, density: f64, seed: u64) -> Matrix {
    let mut rng = realpolitik::random::stream(seed, d as u64);
    let n = d * k;
    let mut cells = vec![0; n * n];
    for i in 0..d {
        for j in (0..d).filter(|&j| j != i) {
            if rng.random::<f64>() < density {
                for a in 0..k {
                    for b in 0..k {
                        cells[(i * k + a) * n + j * k + b] = rng.random_range(-3..=3);
                    }
                }
            }
        }
    }
    let descriptors = (0..d)
        .map(|j| Descriptor {
            name: format!("D{j}"),
            variants: (0..k).map(|v| format!("v{v}")).collect(),
        })
        .collect();
    Matrix::new(descriptors, cells).expect("a valid matrix")
}

fn best_of<T>(runs: usize, f: impl Fn() -> T) -> (Duration, T) {
    let mut best = Duration::MAX;
    let mut out = None;
    for _ in 0..runs {
        let start = Instant::now();
        let r = f();
        best = best.min(start.elapsed());
        out = Some(r);
    }
    (best, out.expect("at least one run"))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() {
    let only_basins = std::env::args().any(|a| a == "basins");
    if std::env::args().all(|a| a != "random-only") {
        basins_table();
    }
    if only_basins {
        return;
    }
    let threads = rayon::current_num_threads();
    println!("CIB search benchmark ({threads} threads)");
    println!(
        "{:<44} {:>14} {:>6} {:>12} {:>14} {:>9}",
        "matrix", "scenarios", "found", "b&b ms", "enumerate ms", "ratio"
    );
    let consistent = Constraints::consistent();
    // Enumerator seconds per scenario, from the last matrix it ran on (random 15×3).
    let mut rate: f64 = 0.0;
    let mut rows: Vec<(String, Matrix, bool)> = [
        "cibsa_CIB_global",
        "lloyd_schweizer_2014_example",
        "cibsa_CIB_natl_regional",
        "cibsa_CIB_nested_simplified_standardized",
        "cibsa_CIB_nested",
    ]
    .iter()
    .map(|c| (c.to_string(), case(c), true))
    .collect();
    rows.push((
        "random 15×3, density 0.5".into(),
        random(15, 3, 0.5, 1),
        true,
    ));
    let sizes: Vec<usize> = std::env::args()
        .find_map(|a| a.strip_prefix("random=").map(str::to_owned))
        .map(|s| s.split(',').map(|d| d.parse().expect("sizes")).collect())
        .unwrap_or_else(|| vec![20, 25, 30, 40, 50]);
    if std::env::args().any(|a| a == "random-only") {
        rows.clear();
    }
    for d in sizes {
        rows.push((
            format!("random {d}×3, density 0.5"),
            random(d, 3, 0.5, 1),
            false,
        ));
    }
    for (name, m, run_enumerator) in rows {
        let space = m.scenario_count().unwrap_or(u128::MAX);
        let (first, found) = best_of(1, || search(&m, &consistent));
        let t_search = if first.as_secs_f64() < 1.0 {
            first.min(best_of(2, || search(&m, &consistent)).0)
        } else {
            first
        };
        let (t_enum, label) = if run_enumerator {
            let (t, all) = best_of(1, || enumerate(&m, &consistent));
            assert_eq!(all, found, "{name}: the two searches disagree");
            rate = t.as_secs_f64() / space as f64;
            (t, String::new())
        } else {
            (
                Duration::from_secs_f64(rate * space as f64),
                " (extrapolated)".into(),
            )
        };
        println!(
            "{:<44} {:>14} {:>6} {:>12.3} {:>14.1} {:>9.0}{label}",
            name,
            space,
            found.len(),
            ms(t_search),
            ms(t_enum),
            t_enum.as_secs_f64() / t_search.as_secs_f64()
        );
        if t_search.as_secs_f64() > 30.0 {
            println!("(stopping: the next sizes would take longer)");
            break;
        }
    }
}

/// Exact basin weights of global succession: time, starts, distinct successors, weight in
/// cycles.
fn basins_table() {
    println!(
        "Exact global-succession basins ({} threads)",
        rayon::current_num_threads()
    );
    println!(
        "{:<44} {:>12} {:>12} {:>12} {:>10}",
        "matrix", "starts", "successors", "in cycles", "ms"
    );
    for name in [
        "cibsa_CIB_global",
        "cibsa_CIB_natl_regional",
        "cibsa_CIB_nested_simplified_standardized",
        "cibsa_CIB_nested",
    ] {
        if name == "cibsa_CIB_nested" && std::env::args().all(|a| a != "nested-basins") {
            println!("{name:<44} (408M starts: pass `nested-basins` to include)");
            continue;
        }
        let m = case(name);
        let (t, b) = best_of(1, || basins(&m).expect("a small enough space"));
        println!(
            "{:<44} {:>12} {:>12} {:>12} {:>10.1}",
            name,
            b.starts,
            b.successors,
            b.in_cycles(),
            ms(t)
        );
    }
    println!();
}
