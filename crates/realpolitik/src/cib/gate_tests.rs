//! Conditional judgments ([`super::matrix::Gate`]): worked by hand on a three-descriptor case,
//! and every algorithm checked against the definition on random gated matrices.

use proptest::prelude::*;

use super::basins::basins;
use super::enumerate;
use super::intervention::Restricted;
use super::matrix::tests::matrix;
use super::matrix::{Gate, Matrix};
use super::score::{balance, scores};
use super::search::search;
use super::search::tests::small_matrix;
use super::solution::Constraints;
use super::succession::{Rule, step};

/// K (offensive: none, major), S (seen: no, yes), R (recruitment: low, high). No base
/// judgment; S = yes pushes R to high by 2 (and away from low by 2) only while K = major.
fn only_if_major() -> Matrix {
    matrix(&[2, 2, 2], vec![0; 36])
        .with_gates(vec![Gate {
            from: 1,
            to: 2,
            on: 0,
            blocks: vec![vec![0, 0, 0, 0], vec![0, 0, -2, 2]],
        }])
        .unwrap()
}

#[test]
fn a_gated_block_acts_only_in_its_context_by_hand() {
    let m = only_if_major();
    // (major, yes): θ_R = (−2, +2); in every other context θ_R = (0, 0).
    assert_eq!(balance(&m, &[1, 1, 0]), vec![0, 0, 0, 0, -2, 2]);
    assert_eq!(balance(&m, &[0, 1, 0]), vec![0; 6]);
    assert_eq!(scores(&m, &[1, 1, 0]).inconsistency, 4);
    // K and S tie everywhere, so they may take any variant; R is free (a tie) except at
    // (major, yes), where only "high" holds: 3 contexts × 2 + 1 = 7 scenarios.
    let found: Vec<Vec<usize>> = search(&m, &Constraints::consistent())
        .into_iter()
        .map(|s| s.variants)
        .collect();
    let mut expected = vec![
        vec![0, 0, 0],
        vec![0, 0, 1],
        vec![0, 1, 0],
        vec![0, 1, 1],
        vec![1, 0, 0],
        vec![1, 0, 1],
        vec![1, 1, 1],
    ];
    let mut sorted = found.clone();
    sorted.sort();
    expected.sort();
    assert_eq!(sorted, expected);
    // The same block written unconditionally would also rule out (none, yes, low).
    let plain = m.in_context(&[1, 0, 0]);
    assert!(plain.gates().is_empty());
    assert_eq!(search(&plain, &Constraints::consistent()).len(), 6);
    // Global succession from (major, yes, low) moves R to high; from (none, yes, low) it stays.
    assert_eq!(step(&m, &[1, 1, 0], Rule::Global), vec![1, 1, 1]);
    assert_eq!(step(&m, &[0, 1, 0], Rule::Global), vec![0, 1, 0]);
    // Every start is its own attractor except (major, yes, low), which goes to high.
    let b = basins(&m).unwrap();
    assert_eq!(b.starts, 8);
    assert_eq!(b.weight_of(&[1, 1, 1]), 2);
    assert_eq!(b.weight_of(&[0, 1, 0]), 1);
}

#[test]
fn fixing_the_gating_descriptor_cuts_its_blocks_down() {
    let m = only_if_major();
    let r = Restricted::new(&m, &[Some(1)]).unwrap();
    assert_eq!(r.matrix.gates()[0].blocks, vec![vec![0, 0, -2, 2]]);
    // Under K = major, S = yes forces R high.
    let found = search(&r.matrix, &Constraints::consistent());
    assert_eq!(found.len(), 3);
    assert!(
        found
            .iter()
            .all(|s| s.variants[1] == 0 || s.variants[2] == 1)
    );
}

/// A small random matrix with one random gate on it.
fn gated_matrix() -> impl Strategy<Value = Matrix> {
    small_matrix().prop_flat_map(|m| {
        let d = m.descriptor_count();
        (Just(m), 0..d, 0..d, 0..d, any::<u64>()).prop_map(|(m, from, to, on, seed)| {
            let size = m.variant_count(from) * m.variant_count(to);
            let blocks = (0..m.variant_count(on))
                .map(|s| {
                    (0..size)
                        .map(|k| ((seed >> ((s * size + k) % 60)) & 3) as i32 - 1)
                        .collect()
                })
                .collect();
            m.with_gates(vec![Gate {
                from,
                to,
                on,
                blocks,
            }])
            .unwrap()
        })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn search_and_enumerator_equal_the_definition_on_gated_matrices(
        m in gated_matrix(),
        t in 0i64..2,
        fix in any::<u64>(),
    ) {
        let n = m.descriptor_count();
        for constraints in [
            Constraints::max_inconsistency(t),
            Constraints {
                max_inconsistency: t,
                fixed: (0..n)
                    .map(|j| (fix >> j & 1 == 1).then(|| (fix >> 8) as usize % m.variant_count(j)))
                    .collect(),
                ..Constraints::default()
            },
        ] {
            let by_search = search(&m, &constraints);
            let by_enumeration = enumerate(&m, &constraints);
            prop_assert_eq!(&by_search, &by_enumeration);
            // The definition: every scenario, scored by `balance`, judged where not fixed.
            let total = m.scenario_count().unwrap() as usize;
            let mut count = 0;
            for index in 0..total {
                let mut z = vec![0; n];
                let mut rest = index;
                for j in (0..n).rev() {
                    z[j] = rest % m.variant_count(j);
                    rest /= m.variant_count(j);
                }
                if (0..n).any(|j| constraints.fixed(j).is_some_and(|v| v != z[j])) {
                    continue;
                }
                let theta = balance(&m, &z);
                let worst = (0..n)
                    .filter(|&j| constraints.fixed(j).is_none())
                    .map(|j| {
                        let s = &theta[m.offset(j)..m.offset(j) + m.variant_count(j)];
                        s.iter().max().unwrap() - s[z[j]]
                    })
                    .max()
                    .unwrap_or(0);
                if worst <= t {
                    count += 1;
                }
            }
            prop_assert_eq!(by_search.len(), count);
        }
    }
}
