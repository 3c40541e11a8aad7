//! Succession: from a start scenario, let inconsistent descriptors move until a consistent
//! scenario (a fixed point) or a cycle is reached (Weimer-Jehle 2006, section on succession).
//!
//! The best variant of descriptor j under z is a variant with the maximum impact score
//! θ_{j,·}(z). Tie rule (as ScenarioWizard's basin weights imply): keep the current variant if it
//! is among the maxima, else take the lowest index among them. The rules:
//! - [`Rule::Global`]: every descriptor jumps to its best variant at once;
//! - [`Rule::Adiabatic`]: only the most inconsistent descriptor (largest max_b θ_{j,b} −
//!   θ_{j,z_j}; the lowest index on ties) jumps to its best variant;
//! - [`Rule::Local`]: the most inconsistent descriptor (same tie rule) moves one variant
//!   towards its best (its index up or down by one).
//!
//! Under every rule the fixed points are exactly the consistent scenarios. Each rule is
//! deterministic on a finite space, so every path ends in a fixed point or a cycle; a cycle is
//! reported with its period and its states in the order visited, starting from the smallest.

use std::collections::HashMap;

use serde::Serialize;

use super::matrix::Matrix;
use super::score::balance;

/// A succession rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
#[schemars(rename = "SuccessionRule")]
pub enum Rule {
    /// All descriptors jump to their best variants at once.
    Global,
    /// Only the most inconsistent descriptor jumps to its best variant.
    Adiabatic,
    /// The most inconsistent descriptor moves one variant towards its best.
    Local,
}

/// Where a succession ends.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, schemars::JsonSchema)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Attractor {
    /// A consistent scenario.
    Fixed {
        /// The scenario.
        scenario: Vec<usize>,
    },
    /// A cycle of inconsistent scenarios.
    Cycle {
        /// Its states in the order visited, starting from the smallest; the period is the
        /// number of states.
        states: Vec<Vec<usize>>,
    },
}

impl Attractor {
    /// The number of steps after which the attractor repeats (1 for a fixed point).
    pub fn period(&self) -> usize {
        match self {
            Attractor::Fixed { .. } => 1,
            Attractor::Cycle { states } => states.len(),
        }
    }
}

/// A succession path.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Path {
    /// The scenarios visited from the start (included) until the attractor is first entered
    /// (its first state included).
    pub steps: Vec<Vec<usize>>,
    /// Where it ends.
    pub attractor: Attractor,
}

/// The best variant of each descriptor under balance `theta`, with the tie rule above, and
/// each descriptor's inconsistency.
fn best(m: &Matrix, z: &[usize], theta: &[i64]) -> Vec<(usize, i64)> {
    (0..m.descriptor_count())
        .map(|j| {
            let scores = &theta[m.offset(j)..m.offset(j) + m.variant_count(j)];
            let max = scores.iter().copied().max().unwrap_or(0);
            let b = if scores[z[j]] == max {
                z[j]
            } else {
                scores.iter().position(|&s| s == max).unwrap_or(0)
            };
            (b, max - scores[z[j]])
        })
        .collect()
}

/// One succession step from `z`.
pub fn step(m: &Matrix, z: &[usize], rule: Rule) -> Vec<usize> {
    let theta = balance(m, z);
    let best = best(m, z, &theta);
    let mut next = z.to_vec();
    match rule {
        Rule::Global => {
            for (j, &(b, _)) in best.iter().enumerate() {
                next[j] = b;
            }
        }
        Rule::Adiabatic | Rule::Local => {
            // The most inconsistent descriptor, lowest index on ties.
            let (j, &(b, gap)) = best
                .iter()
                .enumerate()
                .max_by(|(x, a), (y, b)| a.1.cmp(&b.1).then(y.cmp(x)))
                .unwrap_or((0, &(z[0], 0)));
            if gap > 0 {
                next[j] = match rule {
                    Rule::Local if b > z[j] => z[j] + 1,
                    Rule::Local => z[j] - 1,
                    _ => b,
                };
            }
        }
    }
    next
}

/// Follows succession from `start` until it reaches a fixed point or closes a cycle.
pub fn succession(m: &Matrix, start: &[usize], rule: Rule) -> Path {
    let mut seen: HashMap<Vec<usize>, usize> = HashMap::new();
    let mut steps = vec![start.to_vec()];
    seen.insert(start.to_vec(), 0);
    loop {
        let current = steps.last().cloned().unwrap_or_default();
        let next = step(m, &current, rule);
        if next == current {
            return Path {
                steps,
                attractor: Attractor::Fixed { scenario: next },
            };
        }
        if let Some(&first) = seen.get(&next) {
            let cycle = steps.split_off(first);
            steps.push(cycle[0].clone());
            return Path {
                steps,
                attractor: cycle_attractor(cycle),
            };
        }
        seen.insert(next.clone(), steps.len());
        steps.push(next);
    }
}

/// A cycle's canonical form: rotated to start from its smallest state.
pub(crate) fn cycle_attractor(mut states: Vec<Vec<usize>>) -> Attractor {
    let smallest = (0..states.len())
        .min_by(|&a, &b| states[a].cmp(&states[b]))
        .unwrap_or(0);
    states.rotate_left(smallest);
    Attractor::Cycle { states }
}

#[cfg(test)]
mod tests {
    use super::super::matrix::tests::matrix;
    use super::*;
    use crate::cib::cases::case_matrix;
    use crate::cib::is_consistent;

    #[test]
    fn global_succession_ends_in_a_consistent_scenario_of_the_case() {
        let m = case_matrix("cibsa_CIB_global");
        for start in [[0, 0, 0], [1, 2, 3], [2, 1, 0]] {
            for rule in [Rule::Global, Rule::Adiabatic, Rule::Local] {
                let path = succession(&m, &start, rule);
                assert_eq!(path.steps[0], start);
                if let Attractor::Fixed { scenario } = &path.attractor {
                    assert!(is_consistent(&m, scenario));
                    assert_eq!(path.steps.last(), Some(scenario));
                }
            }
        }
    }

    #[test]
    fn the_tie_rule_keeps_the_current_variant_else_takes_the_lowest() {
        // D0 (3 variants) receives from D1:v0 the scores (1, 1, 0) and from D1:v1 (0, 2, 2).
        let m = matrix(
            &[3, 2],
            vec![
                0, 0, 0, 0, 0, //
                0, 0, 0, 0, 0, //
                0, 0, 0, 0, 0, //
                1, 1, 0, 0, 0, //
                0, 2, 2, 0, 0, //
            ],
        );
        assert_eq!(step(&m, &[1, 0], Rule::Global), [1, 0]); // kept: among the maxima
        assert_eq!(step(&m, &[2, 0], Rule::Global), [0, 0]); // lowest index of the maxima
        assert_eq!(step(&m, &[0, 1], Rule::Global), [1, 1]);
        assert_eq!(step(&m, &[0, 1], Rule::Local), [1, 1]);
    }

    #[test]
    fn a_two_cycle_is_detected_with_its_period() {
        // Two binary descriptors that each want to differ from the other: global succession
        // from (0, 0) flips both at once forever; adiabatic moves only D0 and stops.
        let m = matrix(
            &[2, 2],
            vec![
                0, 0, 0, 1, //
                0, 0, 1, 0, //
                0, 1, 0, 0, //
                1, 0, 0, 0, //
            ],
        );
        let path = succession(&m, &[0, 0], Rule::Global);
        assert_eq!(path.attractor.period(), 2);
        assert_eq!(
            path.attractor,
            Attractor::Cycle {
                states: vec![vec![0, 0], vec![1, 1]]
            }
        );
        assert_eq!(path.steps, [vec![0, 0]]);
        let path = succession(&m, &[0, 0], Rule::Adiabatic);
        assert_eq!(
            path.attractor,
            Attractor::Fixed {
                scenario: vec![1, 0]
            }
        );
        assert_eq!(path.steps, [vec![0, 0], vec![1, 0]]);
    }
}
