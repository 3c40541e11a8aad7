//! Benchmark of the CIB search: branch-and-bound against the exhaustive enumerator, in the same
//! run, on the reference case matrices (tests/data/cib-cases) and on random matrices.
//!
//! Run with `nice cargo bench -p realpolitik --bench cib` (add `-- basins` for the basin table
//! only, `-- nested-basins` to include the 408M-start case, `-- random-only` to skip the case
//! matrices and basins, `-- random=30,40` to choose the random sizes). Times are the best of a
//! few runs (one when it takes over a second). The enumerator runs on the case matrices and on
//! random 15×3 (14M scenarios); past that it cannot finish (30×3 has 2·10^14 scenarios), so its
//! time there is extrapolated from its rate per scenario on 15×3 in the same run and labelled
//! as such. Random sizes grow until the next one is predicted (from the growth per descriptor
//! measured so far) to exceed a time budget; those are listed as not run.

use std::time::{Duration, Instant};

use rand::RngExt;
use realpolitik::cib::basins::basins;
use realpolitik::cib::{Constraints, Descriptor, Matrix, enumerate, io::csv::read_matrix, search};

fn case(name: &str) -> Matrix {
    let path = format!(
        "{}/../../tests/data/cib-cases/{name}.matrix.csv",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).expect("the reference cases are in tests/data");
    read_matrix(&path, &text, &realpolitik::limits::Limits::default())
        .expect("a valid case")
        .0
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

/// The longest a random size may be predicted to take before the benchmark stops growing.
const BUDGET: Duration = Duration::from_secs(60);

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let has = |flag: &str| args.iter().any(|a| a == flag);
    if !has("random-only") {
        basins_table();
    }
    if has("basins") {
        return;
    }
    let threads = rayon::current_num_threads();
    println!("CIB search benchmark ({threads} threads)");
    println!(
        "{:<44} {:>20} {:>6} {:>12} {:>14} {:>9}",
        "matrix", "scenarios", "found", "b&b ms", "enumerate ms", "ratio"
    );
    let consistent = Constraints::consistent();
    // The enumerator's seconds per scenario, measured on random 15×3 in this run.
    let mut rate: Option<f64> = None;
    let mut rows: Vec<(String, Matrix, bool)> = Vec::new();
    if !has("random-only") {
        for c in [
            "cibsa_CIB_global",
            "lloyd_schweizer_2014_example",
            "cibsa_CIB_natl_regional",
            "cibsa_CIB_nested_simplified_standardized",
            "cibsa_CIB_nested",
        ] {
            rows.push((c.to_string(), case(c), true));
        }
    }
    // The enumerator runs on 15×3 (14M scenarios) so that every run has a measured ratio on
    // a random matrix and a rate to extrapolate from.
    rows.push((
        "random 15×3, density 0.5".into(),
        random(15, 3, 0.5, 1),
        true,
    ));
    let sizes: Vec<usize> = args
        .iter()
        .find_map(|a| a.strip_prefix("random="))
        .map(|s| s.split(',').map(|d| d.parse().expect("sizes")).collect())
        .unwrap_or_else(|| vec![20, 25, 30, 35, 40, 45, 50]);
    for d in sizes {
        rows.push((
            format!("random {d}×3, density 0.5"),
            random(d, 3, 0.5, 1),
            false,
        ));
    }
    // (descriptors, seconds) of the last random row searched, to predict the next.
    let mut last: Option<(usize, f64)> = None;
    let mut growth: Option<f64> = None;
    for (name, m, run_enumerator) in rows {
        let d = m.descriptor_count();
        let random_row = name.starts_with("random");
        if let (true, Some((d0, t0)), Some(g)) = (random_row, last, growth) {
            let predicted = t0 * g.powf((d - d0) as f64);
            if predicted > BUDGET.as_secs_f64() {
                println!(
                    "{name:<44} not run: predicted {predicted:.0} s from the growth so far \
                     (×{g:.2} per descriptor), over the {} s budget",
                    BUDGET.as_secs()
                );
                continue;
            }
        }
        let space = m.scenario_count().unwrap_or(u128::MAX);
        let (first, found) = best_of(1, || search(&m, &consistent));
        let t_search = if first.as_secs_f64() < 1.0 {
            first.min(best_of(2, || search(&m, &consistent)).0)
        } else {
            first
        };
        if random_row {
            if let Some((d0, t0)) = last
                && d > d0
                && t0 > 0.05
            {
                growth = Some((t_search.as_secs_f64() / t0).powf(1.0 / (d - d0) as f64));
            }
            last = Some((d, t_search.as_secs_f64()));
        }
        let enumerated = if run_enumerator {
            let (t, all) = best_of(1, || enumerate(&m, &consistent));
            assert_eq!(all, found, "{name}: the two searches disagree");
            if random_row {
                rate = Some(t.as_secs_f64() / space as f64);
            }
            Some((t.as_secs_f64(), ""))
        } else {
            rate.map(|r| (r * space as f64, " (enumerator not run: extrapolated)"))
        };
        let (t_enum, ratio, label) = match enumerated {
            Some((t, label)) => (
                format!("{:.1}", t * 1e3),
                format!("{:.0}", t / t_search.as_secs_f64()),
                label,
            ),
            None => ("-".into(), "-".into(), " (enumerator not run)"),
        };
        println!(
            "{:<44} {:>20} {:>6} {:>12.3} {:>14} {:>9}{label}",
            name,
            space,
            found.len(),
            ms(t_search),
            t_enum,
            ratio
        );
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
