//! Benchmark of the bargaining engine against a straightforward implementation, in one run.
//!
//! Run with `nice cargo bench -p realpolitik --bench bargain`. Prints the time per run of:
//! the EUM (Scholz's-code variant, 8 rounds) with 10, 40, 80 and 200 actors, next to a
//! straightforward implementation that recomputes the probability denominator on every call,
//! as the published ports do (only where it finishes in reasonable time); and 10,000 Monte
//! Carlo draws of the 40-actor case, in parallel and in a plain sequential loop; and KTAB's SMP
//! (3 dimensions, KTAB's defaults, run to KTAB's stopping rule) with 10, 40, 80 and 200 actors,
//! next to a straightforward implementation of the same formulas that recomputes every utility
//! where it is needed (up to 80 actors), and to set beside KTAB's own times in
//! tests/data/bargaining-cases/README.md (40 actors 24 s, 80 actors 427 s on a 2-core machine).

use std::hint::black_box;
use std::time::{Duration, Instant};

use rand::RngExt;
use realpolitik::bargain::{
    ActorInput, EumParams, Issue, IssueScale, Player, Scenario, SmpInput, SmpParams, Solver,
    StanceInput, monte_carlo, smp, solve,
};
use realpolitik::model::Quantity;
use realpolitik::progress::NoProgress;
use realpolitik::random::stream;

fn random_issue(n: usize, seed: u64) -> Issue {
    let mut rng = stream(seed, n as u64);
    let players = (0..n)
        .map(|i| Player {
            actor: i,
            position: rng.random::<f64>() * 100.0,
            salience: 0.1 + 0.9 * rng.random::<f64>(),
            capability: 1.0 + 99.0 * rng.random::<f64>(),
        })
        .collect();
    Issue {
        low: 0.0,
        high: 100.0,
        players,
    }
}

/// A straightforward Scholz-code EUM: the same formulas, with every probability recomputing
/// the sum over all voters and all pairs of actors (O(n³) per probability).
mod naive {
    use realpolitik::bargain::Issue;

    struct S<'a> {
        x: Vec<f64>,
        r: Vec<f64>,
        issue: &'a Issue,
    }

    impl S<'_> {
        fn cmp(&self, k: usize, a: f64, b: f64) -> f64 {
            let p = &self.issue.players[k];
            let range = self.issue.high - self.issue.low;
            let d = |y: f64| ((self.x[k] - y).abs() / range).powf(self.r[k]);
            p.capability * p.salience * (d(b) - d(a))
        }
        fn prob(&self, i: usize, j: usize) -> f64 {
            if self.x[i] == self.x[j] {
                return 0.0;
            }
            let n = self.x.len();
            let mut all = 0.0;
            for k in 0..n {
                for a in 0..n {
                    for b in 0..n {
                        all += self.cmp(k, self.x[a], self.x[b]).abs();
                    }
                }
            }
            let top: f64 = (0..n)
                .map(|k| self.cmp(k, self.x[i], self.x[j]).max(0.0))
                .sum();
            top / all
        }
        fn eu(&self, i: usize, j: usize, r: f64) -> f64 {
            let range = self.issue.high - self.issue.low;
            let d = (self.x[i] - self.x[j]).abs() / range;
            let u = |v: f64| 2.0 - 4.0 * v.powf(r);
            let (us, uf, usq) = (u(0.5 - 0.5 * d), u(0.5 + 0.5 * d), u(0.5));
            let p = self.prob(i, j);
            let sj = self.issue.players[j].salience;
            sj * (p * us + (1.0 - p) * uf) + (1.0 - sj) * us - usq
        }
    }

    /// Final positions after `rounds` rounds.
    pub fn run(issue: &Issue, rounds: usize) -> Vec<f64> {
        let n = issue.players.len();
        let mut s = S {
            x: issue.players.iter().map(|p| p.position).collect(),
            r: vec![1.0; n],
            issue,
        };
        for _ in 0..rounds {
            s.r = vec![1.0; n];
            let sec: Vec<f64> = (0..n)
                .map(|i| (0..n).filter(|&j| j != i).map(|j| s.eu(j, i, 1.0)).sum())
                .collect();
            let (mx, mn) = sec
                .iter()
                .fold((f64::MIN, f64::MAX), |(a, b), &v| (a.max(v), b.min(v)));
            s.r = sec
                .iter()
                .map(|&v| {
                    let big = if mx > mn {
                        (2.0 * v - mx - mn) / (mx - mn)
                    } else {
                        0.0
                    };
                    ((1.0 - big / 3.0) / (1.0 + big / 3.0)).clamp(0.5, 2.0)
                })
                .collect();
            let mut next = s.x.clone();
            for (i, slot) in next.iter_mut().enumerate() {
                let mut conf: Option<(f64, f64)> = None;
                let mut comp: Option<(f64, f64)> = None;
                for j in (0..n).filter(|&j| s.x[j] != s.x[i]) {
                    let (eij, eji) = (s.eu(i, j, s.r[i]), s.eu(j, i, s.r[i]));
                    if eji > eij && eij > 0.0 {
                        let key = (s.x[i] - s.x[j]).abs();
                        if conf.is_none_or(|(k, _)| key < k) {
                            conf = Some((key, s.x[j]));
                        }
                    } else if eji > 0.0 && 0.0 > eij && eji > eij.abs() {
                        let to = s.x[i] + (s.x[j] - s.x[i]) * (eij / eji).abs();
                        let key =
                            (eij.abs() * s.x[i] + eji.abs() * s.x[j]) / (eij.abs() + eji.abs());
                        if comp.is_none_or(|(k, _)| key < k) {
                            comp = Some((key, to));
                        }
                    }
                }
                if let Some((_, to)) = conf.or(comp) {
                    *slot = to;
                }
            }
            s.x = next;
        }
        s.x
    }
}

/// A straightforward SMP: the same formulas, every utility recomputed from the positions where
/// it is needed (no cached distance or utility tables), nested vectors, one turn at a time.
mod naive_smp {
    use realpolitik::bargain::SmpInput;
    use realpolitik::bargain::smp::{conditional_pce, distance, utility};

    fn risk(inp: &SmpInput, pos: &[Vec<f64>]) -> Vec<f64> {
        let n = pos.len();
        let d = |i: usize, j: usize| distance(&pos[i], &pos[j], &inp.salience[i]);
        let p = conditional_pce(&inp.capability, n, |k, i| 1.0 - d(k, i));
        let lo = p.iter().copied().fold(1.0, f64::min);
        let hi = p.iter().copied().fold(0.0, f64::max);
        p.iter()
            .map(|&x| {
                if hi > lo {
                    (3.0 * x - (hi + 2.0 * lo)) / (2.0 * (hi - lo))
                } else {
                    0.0
                }
            })
            .collect()
    }

    fn turn(inp: &SmpInput, pos: &[Vec<f64>]) -> Vec<Vec<f64>> {
        let n = pos.len();
        let r = risk(inp, pos);
        let u = |h: usize, i: usize, j: usize| {
            utility(
                distance(&pos[i], &pos[j], &inp.salience[i]),
                (2.0 * r[h] + r[i]) / 3.0,
            )
        };
        let w = |i: usize| inp.capability[i] * inp.salience[i].iter().sum::<f64>();
        let add = |v: f64, ci: &mut f64, cj: &mut f64| {
            if v > 0.0 {
                *ci += v;
            }
            if v < 0.0 {
                *cj -= v;
            }
        };
        let challenge = |i: usize, j: usize| {
            let (mut ci, mut cj) = (1e-10, 1e-10);
            add(w(i) * (u(i, i, i) - u(i, i, j)), &mut ci, &mut cj);
            add(w(j) * (u(i, j, i) - u(i, j, j)), &mut ci, &mut cj);
            let (bi, bj) = (ci, cj);
            for m in (0..n).filter(|&m| m != i && m != j) {
                let (umi, umj, umm) = (u(i, m, i), u(i, m, j), u(i, m, m));
                let own = w(m) * (umi - umj);
                let li = if own > 0.0 { bi + own } else { bi };
                let lj = if own < 0.0 { bj - own } else { bj };
                let pm = li / (li + lj);
                let qm = 1.0 - pm;
                let a = pm * (umi + umi + umm) + qm * (umj + umj + umj);
                let b = pm * (umi + umi + umi) + qm * (umj + umj + umm);
                add(w(m) * (a - b), &mut ci, &mut cj);
            }
            let (p, q) = (ci / (ci + cj), cj / (ci + cj));
            let sj: f64 = inp.salience[j].iter().sum();
            let (uki, ukj) = (u(i, i, i), u(i, i, j));
            let gain =
                (1.0 - sj) * (uki + uki) + sj * (p * (uki + uki) + q * (ukj + ukj)) - (uki + ukj);
            (p, gain)
        };
        // (initiator, receiver, initiator's position, receiver's position)
        let mut bargains: Vec<(usize, usize, Vec<f64>, Vec<f64>)> = Vec::new();
        let mut options: Vec<Vec<Option<usize>>> = vec![Vec::new(); n];
        for i in 0..n {
            options[i].push(None);
            if w(i) <= 0.0 {
                continue;
            }
            let mut best: Option<(usize, f64, f64)> = None;
            for j in (0..n).filter(|&j| j != i) {
                let (p, g) = challenge(i, j);
                if g > 1e-5 && best.is_none_or(|b| b.2 < g) {
                    best = Some((j, p, g));
                }
            }
            let Some((j, p, _)) = best else { continue };
            let round4 = |x: f64| (0.5 + x * 1e4).floor() / 1e4;
            let (mut bi, mut bj) = (Vec::new(), Vec::new());
            for (k, (&xi, &xj)) in pos[i].iter().zip(&pos[j]).enumerate() {
                let (si, sj) = (inp.salience[i][k], inp.salience[j][k]);
                let wi = si * si * p * p;
                let wj = sj * sj * (1.0 - p) * (1.0 - p);
                let t = wi + 1e-6 + wj;
                bi.push(round4(((wi + 1e-6) * xi + wj * xj) / t));
                bj.push(round4((wi * xi + (1e-6 + wj) * xj) / t));
            }
            options[i].push(Some(bargains.len()));
            options[j].push(Some(bargains.len()));
            bargains.push((i, j, bi, bj));
        }
        (0..n)
            .map(|k| {
                let opts = &options[k];
                let value = |a: usize, m: usize| {
                    let own = |x: &[f64]| utility(distance(&pos[a], x, &inp.salience[a]), r[a]);
                    let t = match opts[m] {
                        None => (0..n).map(|b| u(a, a, b)).sum::<f64>(),
                        Some(c) => {
                            let (bi, bj, xi, xj) = &bargains[c];
                            let mut t = own(xi) + own(xj);
                            for b in (0..n).filter(|b| b != bi && b != bj) {
                                t += u(a, a, b);
                            }
                            t
                        }
                    };
                    t / n as f64
                };
                let p = conditional_pce(&inp.capability, opts.len(), value);
                let mut m = 0;
                for (x, &v) in p.iter().enumerate() {
                    if v > p[m] {
                        m = x;
                    }
                }
                match opts[m] {
                    None => pos[k].clone(),
                    Some(c) if bargains[c].0 == k => bargains[c].2.clone(),
                    Some(c) => bargains[c].3.clone(),
                }
            })
            .collect()
    }

    /// Plays `turns` turns and returns the final positions.
    pub fn run(inp: &SmpInput, turns: usize) -> Vec<Vec<f64>> {
        let mut pos = inp.position.clone();
        for _ in 0..turns {
            pos = turn(inp, &pos);
        }
        pos
    }
}

/// Runs `f` until at least `budget` has passed (at least once) and returns the time per run.
fn time<T>(budget: Duration, mut f: impl FnMut() -> T) -> Duration {
    let start = Instant::now();
    let mut runs = 0u32;
    while runs == 0 || start.elapsed() < budget {
        black_box(f());
        runs += 1;
    }
    start.elapsed() / runs
}

fn scenario_of(issue: &Issue) -> Scenario {
    let q = |v: f64, w: f64| Quantity::Interval {
        low: v - w,
        high: v + w,
    };
    Scenario {
        name: "bench".into(),
        issues: vec![IssueScale {
            id: "x".into(),
            low: 0.0,
            high: 100.0,
            low_label: "0".into(),
            high_label: "100".into(),
        }],
        actors: issue
            .players
            .iter()
            .map(|p| ActorInput {
                name: format!("a{}", p.actor),
                stances: vec![Some(StanceInput {
                    position: q(p.position, 5.0),
                    salience: q(p.salience * 100.0, 5.0),
                    capability: q(p.capability, 1.0),
                })],
            })
            .collect(),
    }
}

/// `n` actors on 3 dimensions, drawn as KTAB's random SMP actors are (capability 10–200,
/// overall salience 0.75–0.99 split at random over the dimensions).
fn random_smp(n: usize, seed: u64) -> SmpInput {
    let mut rng = stream(seed, 1000 + n as u64);
    let d = 3;
    let mut salience = Vec::new();
    for _ in 0..n {
        let total = 0.75 + 0.24 * rng.random::<f64>();
        let raw: Vec<f64> = (0..d).map(|_| 0.1 + 0.9 * rng.random::<f64>()).collect();
        let sum: f64 = raw.iter().sum();
        salience.push(raw.iter().map(|s| total * s / sum).collect());
    }
    SmpInput {
        names: (0..n).map(|i| format!("a{i}")).collect(),
        issues: (0..d).map(|k| format!("d{k}")).collect(),
        scales: vec![(0.0, 100.0); d],
        capability: (0..n).map(|_| 10.0 + 190.0 * rng.random::<f64>()).collect(),
        position: (0..n)
            .map(|_| (0..d).map(|_| rng.random::<f64>()).collect())
            .collect(),
        salience,
    }
}

fn main() {
    let params = EumParams {
        max_rounds: 8,
        tolerance: 0.0,
        ..EumParams::default()
    };
    let budget = Duration::from_millis(500);
    println!("EUM (Scholz's code), 8 rounds: time per run");
    println!(
        "{:>8}  {:>14}  {:>18}  {:>8}",
        "actors", "realpolitik", "straightforward", "speed-up"
    );
    for n in [10, 40, 80, 200] {
        let issue = random_issue(n, 1);
        let fast = time(budget, || solve(&issue, Solver::Eum, &params));
        if n <= 40 {
            // Same answer, so the comparison is fair.
            let a = solve(&issue, Solver::Eum, &params).positions;
            let b = naive::run(&issue, 8);
            assert!(
                a.iter().zip(&b).all(|(x, y)| (x - y).abs() < 1e-9),
                "{a:?} {b:?}"
            );
            let slow = time(budget, || naive::run(&issue, 8));
            println!(
                "{n:>8}  {:>14.3?}  {:>18.3?}  {:>7.0}x",
                fast,
                slow,
                slow.as_secs_f64() / fast.as_secs_f64()
            );
        } else {
            println!("{n:>8}  {fast:>14.3?}  {:>18}", "(too slow to run)");
        }
    }
    let issue = random_issue(40, 2);
    let scenario = scenario_of(&issue);
    let draws = 10_000;
    println!(
        "\nMonte Carlo, {draws} draws of 40 actors (EUM, 8 rounds), {} threads",
        rayon::current_num_threads()
    );
    let par = time(Duration::ZERO, || {
        monte_carlo(&scenario, 0, Solver::Eum, &params, draws, 9, &NoProgress)
    });
    let seq = time(Duration::ZERO, || {
        (0..draws)
            .map(|d| {
                let mut rng = stream(9, d as u64);
                solve(&scenario.sampled_issue(0, &mut rng), Solver::Eum, &params).forecast
            })
            .sum::<f64>()
    });
    println!("  parallel (library)   {par:.3?}");
    println!("  sequential loop      {seq:.3?}");
    println!("\nSMP (KTAB's defaults), 3 dimensions, to KTAB's stopping rule: time per run");
    println!(
        "{:>8}  {:>6}  {:>14}  {:>12}  {:>18}  {:>8}",
        "actors", "turns", "realpolitik", "per turn", "straightforward", "speed-up"
    );
    for n in [10, 40, 80, 200] {
        let input = random_smp(n, 3);
        let run = smp::run(&input, &SmpParams::default());
        let turns = run.turns.len() - 1;
        let fast = time(budget, || smp::run(&input, &SmpParams::default()));
        let per_turn = fast / turns.max(1) as u32;
        if n <= 80 {
            // Same answer, so the comparison is fair.
            assert_eq!(naive_smp::run(&input, turns), run.final_positions());
            let slow = time(budget, || naive_smp::run(&input, turns));
            println!(
                "{n:>8}  {turns:>6}  {fast:>14.3?}  {per_turn:>12.3?}  {slow:>18.3?}  {:>7.1}x",
                slow.as_secs_f64() / fast.as_secs_f64()
            );
        } else {
            println!(
                "{n:>8}  {turns:>6}  {fast:>14.3?}  {per_turn:>12.3?}  {:>18}",
                "(too slow to run)"
            );
        }
    }
}
