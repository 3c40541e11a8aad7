//! A path-length-neutral reading of an option's effect: Kosko's fuzzy causal algebra.
//!
//! In a sigmoid map every link passes on at most λ/4 of a change, so a three-link benefit
//! weighs at most 1/64 of a one-link harm of the same strength, whatever the evidence for it.
//! Kosko's fuzzy causal algebra (B. Kosko, "Fuzzy cognitive maps", *Int. J. Man-Machine
//! Studies* 24(1), 1986, pp. 65–75) reads a map without that damping:
//! - the **indirect effect** of a path is its weakest link: min |w| along it, signed by the
//!   product of its links' signs;
//! - the **total effect** of a cause on an effect is its strongest path (the largest indirect
//!   effect in magnitude, keeping that path's sign; on a tie in magnitude the fewer links win,
//!   then the first found).
//!
//! Option o's reading: every lever l (a factor the option sets differently from the status
//! quo) changes by Δ_l (the option's value minus the status quo's); paths start at a lever and
//! never pass through another factor the option holds (a held factor does not respond); outcome
//! j moves by 100 · Σ_l Δ_l T(l, j) points, and the net is Σ_j s_j · move_j / Σ_j |s_j| as for
//! the map ([`super::effects::net_score`]). The scale is not the simulation's (no transfer
//! function, no feedback), so only the sign and the order of the outcomes are compared with it:
//! when the sign differs from the simulation's, path length is deciding the verdict, and the
//! engine line of the confidence counts it as a departure.
//!
//! Paths are simple (no factor twice) and at most [`MAX_LINKS`] links long.

use schemars::JsonSchema;
use serde::Serialize;

use super::judge::Judge;
use crate::fcm::Matrix;

/// The longest path followed.
pub const MAX_LINKS: usize = 8;

/// What the option does under Kosko's fuzzy causal algebra.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct NeutralReading {
    /// The method, in words with its reference.
    pub method: String,
    /// The net score under it (points of the same weighting; not the simulation's scale).
    pub net: f64,
    /// Each judged outcome's move under it (points), in model order.
    pub outcomes: Vec<(String, f64)>,
}

/// Option `o`'s path-length-neutral reading (condition: no trigger).
pub fn reading(judge: &Judge<'_>, o: usize) -> NeutralReading {
    let arm = &judge.arms[0];
    let option = &arm.options[o].clamps;
    let value = |clamps: &[(usize, f64)], f: usize| {
        clamps
            .iter()
            .find(|(g, _)| *g == f)
            .map_or(0.0, |&(_, v)| v)
    };
    let w = judge.map.nominal();
    let n = w.n();
    let held: Vec<bool> = (0..n)
        .map(|f| option.iter().any(|(g, _)| *g == f))
        .collect();
    let mut moves = vec![0.0; n];
    for l in (0..n).filter(|&f| judge.is_lever_of(0, o, f)) {
        let delta = value(option, l) - value(&arm.baseline, l);
        for (j, effect) in total_effects(&w, l, &held).into_iter().enumerate() {
            moves[j] += 100.0 * delta * effect;
        }
    }
    let total: f64 = judge.signs.iter().map(|(_, s)| s.abs()).sum();
    let net = if total == 0.0 {
        0.0
    } else {
        judge.signs.iter().map(|&(j, s)| s * moves[j]).sum::<f64>() / total
    };
    NeutralReading {
        method: "Kosko's fuzzy causal algebra (1986): a path counts as its weakest link, a \
                 cause's effect as its strongest path, whatever the path's length"
            .into(),
        net: 0.0 + net,
        outcomes: judge
            .signs
            .iter()
            .filter(|(_, s)| *s != 0.0)
            .map(|&(j, _)| (judge.model.factors[j].id.clone(), 0.0 + moves[j]))
            .collect(),
    }
}

/// T(from, j) for every factor j: the signed strongest weakest-link over simple paths from
/// `from` that pass through no `held` factor (j itself may be held only if it is not `from`;
/// a held j is reached but not passed through). 0 where no path exists.
pub fn total_effects(w: &Matrix, from: usize, held: &[bool]) -> Vec<f64> {
    let n = w.n();
    // (magnitude, links, signed value) of the best path found to each factor.
    let mut best: Vec<Option<(f64, usize, f64)>> = vec![None; n];
    let mut on_path = vec![false; n];
    on_path[from] = true;
    walk(
        w,
        held,
        from,
        f64::INFINITY,
        1.0,
        0,
        &mut on_path,
        &mut best,
    );
    best.iter()
        .map(|b| b.map_or(0.0, |(_, _, value)| value))
        .collect()
}

#[expect(clippy::too_many_arguments, reason = "a private recursive helper")]
fn walk(
    w: &Matrix,
    held: &[bool],
    here: usize,
    weakest: f64,
    sign: f64,
    links: usize,
    on_path: &mut [bool],
    best: &mut [Option<(f64, usize, f64)>],
) {
    if links == MAX_LINKS {
        return;
    }
    for next in 0..w.n() {
        let wij = w.get(here, next);
        if wij == 0.0 || on_path[next] {
            continue;
        }
        let m = weakest.min(wij.abs());
        let s = sign * wij.signum();
        let better = match best[next] {
            None => true,
            Some((bm, bl, _)) => m > bm || (m == bm && links + 1 < bl),
        };
        if better {
            best[next] = Some((m, links + 1, s * m));
        }
        if !held[next] {
            on_path[next] = true;
            walk(w, held, next, m, s, links + 1, on_path, best);
            on_path[next] = false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_counts_as_its_weakest_link_and_an_effect_as_its_strongest_path() {
        // 0 → 1 (0.9) → 2 (−0.4): the path to 2 is −0.4. 0 → 3 (0.3) → 2 (0.8): +0.3.
        // The strongest to 2 is the first, −0.4; 1 gets 0.9, 3 gets 0.3.
        let mut w = Matrix::zeros(5);
        w.set(0, 1, 0.9);
        w.set(1, 2, -0.4);
        w.set(0, 3, 0.3);
        w.set(3, 2, 0.8);
        w.set(2, 4, 0.5);
        let free = [false; 5];
        let t = total_effects(&w, 0, &free);
        assert_eq!(t, [0.0, 0.9, -0.4, 0.3, -0.4]);
        // Holding 1 blocks the strong path: 2 is reached through 3 only, at +0.3.
        let held = [false, true, false, false, false];
        let t = total_effects(&w, 0, &held);
        assert_eq!(t, [0.0, 0.9, 0.3, 0.3, 0.3]);
    }

    #[test]
    fn path_length_does_not_decide_the_neutral_reading() {
        // The two-path model of the carriers' tests: a one-link harm of 0.8 and a three-link
        // gain of 0.8 at every link cancel exactly (the lever moves by 1: both outcomes move
        // 80 points, one desired low, one high), where the sigmoid map judges the option worse.
        let model = super::super::carriers::tests::two_paths();
        let judge = Judge::new(&model);
        let r = reading(&judge, 0);
        assert_eq!(
            r.outcomes,
            [("harm".to_owned(), 80.0), ("gain".to_owned(), 80.0)]
        );
        assert_eq!(r.net, 0.0);
    }
}
