//! Intervention: fix chosen descriptors to chosen variants (a policy, a trigger) and see which
//! consistent scenarios remain.
//!
//! A fixed descriptor keeps its variant whatever its impact balance says: its own consistency is
//! not required, but its impacts on the others count. The result is compared with the search
//! without intervention: scenarios kept (consistent in both), lost (consistent only without
//! the intervention) and new (consistent only under it, typically because a fixed descriptor's
//! own consistency no longer has to hold).
//!
//! [`Restricted`] carries the intervention to the dynamics: cutting each fixed descriptor down
//! to its fixed variant gives a matrix whose one-variant descriptors have no rival, so they are
//! never judged and never move. Succession (every rule), basins and sampled basins on it are
//! exactly those under the intervention, with no special case in any of them.

use serde::Serialize;

use super::basins::{Basin, Basins};
use super::matrix::{Descriptor, Gate, Matrix, MatrixError};
use super::search::search;
use super::solution::{Constraints, Solution};
use super::succession::{Attractor, Path};

/// The outcome of an intervention.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Intervention {
    /// The variant each descriptor is fixed to, if any.
    pub fixed: Vec<Option<usize>>,
    /// The scenarios found without intervention.
    pub baseline: Vec<Solution>,
    /// The scenarios found under the intervention.
    pub result: Vec<Solution>,
    /// Indices into `result` of the scenarios also in `baseline`.
    pub kept: Vec<usize>,
    /// Indices into `baseline` of the scenarios the intervention removes.
    pub lost: Vec<usize>,
    /// Indices into `result` of the scenarios that only the intervention makes acceptable.
    pub new: Vec<usize>,
}

/// Resolves `DESCRIPTOR=VARIANT` pairs (names, or 1-based indices) to fixed variants.
pub fn fixed_from_names(
    m: &Matrix,
    pairs: &[(String, String)],
) -> Result<Vec<Option<usize>>, String> {
    let mut fixed = vec![None; m.descriptor_count()];
    for (d, v) in pairs {
        let j = m
            .descriptor_index(d)
            .or_else(|| {
                d.parse::<usize>()
                    .ok()
                    .and_then(|k| k.checked_sub(1))
                    .filter(|&k| k < m.descriptor_count())
            })
            .ok_or_else(|| {
                let names: Vec<&str> = m.descriptors().iter().map(|x| x.name.as_str()).collect();
                format!(
                    "there is no descriptor {d:?}; the descriptors are {}",
                    names.join(", ")
                )
            })?;
        let variants = &m.descriptors()[j].variants;
        let a = variants
            .iter()
            .position(|x| x == v)
            .or_else(|| {
                v.parse::<usize>()
                    .ok()
                    .and_then(|k| k.checked_sub(1))
                    .filter(|&k| k < variants.len())
            })
            .ok_or_else(|| {
                format!(
                    "descriptor {} has no variant {v:?}; its variants are {}",
                    m.descriptors()[j].name,
                    variants.join(", ")
                )
            })?;
        if fixed[j].is_some_and(|b| b != a) {
            return Err(format!(
                "descriptor {} is fixed twice",
                m.descriptors()[j].name
            ));
        }
        fixed[j] = Some(a);
    }
    Ok(fixed)
}

/// Searches under `base` (its inconsistency and its cap; its fixed descriptors are ignored)
/// with and without the intervention `fixed`, and compares.
///
/// # Panics
/// If a fixed variant does not exist (see [`Constraints::validate`]).
pub fn intervene(m: &Matrix, fixed: Vec<Option<usize>>, base: &Constraints) -> Intervention {
    intervene_with(fixed, base, |c| search(m, c))
}

/// The two searches [`intervene`] runs on a matrix: without and with the fixed descriptors.
pub fn intervention_searches(fixed: &[Option<usize>], base: &Constraints) -> [Constraints; 2] {
    let unfixed = Constraints {
        fixed: Vec::new(),
        ..base.clone()
    };
    let with = Constraints {
        fixed: fixed.to_vec(),
        ..unfixed.clone()
    };
    [unfixed, with]
}

/// [`intervene`], with the searches run by `search` (e.g. made beforehand, in units).
pub fn intervene_with(
    fixed: Vec<Option<usize>>,
    base: &Constraints,
    mut search: impl FnMut(&Constraints) -> Vec<Solution>,
) -> Intervention {
    let [unfixed, with] = intervention_searches(&fixed, base);
    let baseline = search(&unfixed);
    let result = search(&with);
    let in_baseline = |s: &Solution| baseline.iter().any(|b| b.variants == s.variants);
    let kept = (0..result.len())
        .filter(|&k| in_baseline(&result[k]))
        .collect();
    let new = (0..result.len())
        .filter(|&k| !in_baseline(&result[k]))
        .collect();
    let lost = (0..baseline.len())
        .filter(|&k| !result.iter().any(|r| r.variants == baseline[k].variants))
        .collect();
    Intervention {
        fixed,
        baseline,
        result,
        kept,
        lost,
        new,
    }
}

/// A matrix with every fixed descriptor cut down to its fixed variant, and the map between
/// its scenarios and the full matrix's (a fixed descriptor's only variant is index 0).
#[derive(Clone, Debug)]
pub struct Restricted {
    /// The cut-down matrix (the full one when nothing is fixed).
    pub matrix: Matrix,
    fixed: Vec<Option<usize>>,
}

impl Restricted {
    /// Cuts `m` down to the `fixed` variants (`fixed[j] = Some(v)`; shorter than the
    /// descriptors, or empty, leaves the rest free).
    pub fn new(m: &Matrix, fixed: &[Option<usize>]) -> Result<Restricted, MatrixError> {
        let fixed: Vec<Option<usize>> = (0..m.descriptor_count())
            .map(|j| fixed.get(j).copied().flatten())
            .collect();
        let mut kept = Vec::new();
        let mut descriptors = Vec::new();
        let mut kept_variants = Vec::new();
        for (j, d) in m.descriptors().iter().enumerate() {
            let variants: Vec<usize> = match fixed[j] {
                Some(v) => vec![v],
                None => (0..d.variants.len()).collect(),
            };
            kept.extend(variants.iter().map(|&v| m.offset(j) + v));
            kept_variants.push(variants.clone());
            descriptors.push(Descriptor {
                name: d.name.clone(),
                variants: variants.iter().map(|&v| d.variants[v].clone()).collect(),
            });
        }
        let n = m.variant_total();
        let cells: Vec<usize> = kept
            .iter()
            .flat_map(|&r| kept.iter().map(move |&c| r * n + c))
            .collect();
        let mut matrix = Matrix::new(descriptors, cells.iter().map(|&k| m.cells()[k]).collect())?;
        if let Some(intervals) = m.intervals() {
            matrix = matrix.with_intervals(cells.iter().map(|&k| intervals[k]).collect())?;
        }
        let gates = m
            .gates()
            .iter()
            .map(|g| Gate {
                blocks: kept_variants[g.on]
                    .iter()
                    .map(|&s| {
                        let k_to = m.variant_count(g.to);
                        kept_variants[g.from]
                            .iter()
                            .flat_map(|&a| {
                                kept_variants[g.to]
                                    .iter()
                                    .map(move |&b| g.blocks[s][a * k_to + b])
                            })
                            .collect()
                    })
                    .collect(),
                ..g.clone()
            })
            .collect();
        let matrix = matrix.with_gates(gates)?;
        Ok(Restricted { matrix, fixed })
    }

    /// A scenario of the cut-down matrix as a scenario of the full one.
    pub fn expand(&self, z: &[usize]) -> Vec<usize> {
        z.iter()
            .zip(&self.fixed)
            .map(|(&v, f)| f.unwrap_or(v))
            .collect()
    }

    /// A scenario of the full matrix as one of the cut-down matrix: its fixed descriptors take
    /// their fixed variant, whatever `z` says.
    pub fn shrink(&self, z: &[usize]) -> Vec<usize> {
        z.iter()
            .zip(&self.fixed)
            .map(|(&v, f)| if f.is_some() { 0 } else { v })
            .collect()
    }

    /// An attractor of the cut-down matrix in the full one's scenarios. The order of states is
    /// kept: fixed descriptors are the same in every state, so the smallest state stays first.
    pub fn expand_attractor(&self, a: &Attractor) -> Attractor {
        match a {
            Attractor::Fixed { scenario } => Attractor::Fixed {
                scenario: self.expand(scenario),
            },
            Attractor::Cycle { states } => Attractor::Cycle {
                states: states.iter().map(|z| self.expand(z)).collect(),
            },
        }
    }

    /// A succession path of the cut-down matrix in the full one's scenarios.
    pub fn expand_path(&self, p: &Path) -> Path {
        Path {
            steps: p.steps.iter().map(|z| self.expand(z)).collect(),
            attractor: self.expand_attractor(&p.attractor),
        }
    }

    /// Basins of the cut-down matrix in the full one's scenarios (the order is kept, as for
    /// attractors).
    pub fn expand_basins(&self, b: Basins) -> Basins {
        Basins {
            basins: b
                .basins
                .iter()
                .map(|x| Basin {
                    attractor: self.expand_attractor(&x.attractor),
                    weight: x.weight,
                })
                .collect(),
            ..b
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cib::cases::case_matrix;
    use crate::cib::score::balance;

    #[test]
    fn fixing_a_descriptor_keeps_only_matching_scenarios_and_frees_its_consistency() {
        let m = case_matrix("cibsa_CIB_global");
        // WECO fixed to Decl, a variant no consistent scenario has.
        let fixed = fixed_from_names(&m, &[("WECO".into(), "Decl".into())]).unwrap();
        let r = intervene(&m, fixed.clone(), &Constraints::consistent());
        assert_eq!(r.baseline.len(), 4);
        assert!(r.kept.is_empty());
        assert_eq!(r.lost.len(), 4);
        assert!(!r.result.is_empty());
        for s in &r.result {
            assert_eq!(s.variants[2], 0);
            // The other two descriptors are consistent; WECO itself need not be.
            let theta = balance(&m, &s.variants);
            for j in 0..2 {
                let scores = &theta[m.offset(j)..m.offset(j) + m.variant_count(j)];
                assert_eq!(scores.iter().max(), Some(&scores[s.variants[j]]));
            }
        }
        // Fixing a descriptor to a variant of a consistent scenario keeps that scenario.
        let fixed = fixed_from_names(&m, &[("WTRD".into(), "Mix".into())]).unwrap();
        let r = intervene(&m, fixed, &Constraints::consistent());
        let kept: Vec<&Vec<usize>> = r.kept.iter().map(|&k| &r.result[k].variants).collect();
        assert_eq!(kept, [&vec![2, 0, 2]]);
    }

    #[test]
    fn names_and_indices_resolve_and_mistakes_are_explained() {
        let m = case_matrix("cibsa_CIB_global");
        assert_eq!(
            fixed_from_names(&m, &[("2".into(), "3".into())]).unwrap(),
            [None, Some(2), None]
        );
        let e = fixed_from_names(&m, &[("WXX".into(), "a".into())]).unwrap_err();
        assert!(e.contains("WTRD, WSEC, WECO"), "{e}");
        let e = fixed_from_names(&m, &[("WSEC".into(), "Calm".into())]).unwrap_err();
        assert!(e.contains("Rlx, Mod, Alrt"), "{e}");
    }

    #[test]
    fn the_cut_down_matrix_finds_exactly_the_intervention_s_scenarios() {
        // Searching the cut-down matrix is the intervention's search: same scenarios, same
        // scores (fixed descriptors are not judged, but count in the total impact score).
        let m = case_matrix("cibsa_CIB_nested_simplified_standardized");
        for pairs in [vec![("1", "2")], vec![("2", "1"), ("4", "3")]] {
            let pairs: Vec<(String, String)> = pairs
                .iter()
                .map(|(d, v)| (d.to_string(), v.to_string()))
                .collect();
            let fixed = fixed_from_names(&m, &pairs).unwrap();
            let r = Restricted::new(&m, &fixed).unwrap();
            for t in [0, 2] {
                let direct =
                    intervene(&m, fixed.clone(), &Constraints::max_inconsistency(t)).result;
                let cut: Vec<Solution> = search(&r.matrix, &Constraints::max_inconsistency(t))
                    .into_iter()
                    .map(|s| Solution {
                        variants: r.expand(&s.variants),
                        scores: s.scores,
                    })
                    .collect();
                assert_eq!(cut, direct, "{pairs:?} t={t}");
            }
            let z: Vec<usize> = (0..m.descriptor_count())
                .map(|j| m.variant_count(j) - 1)
                .collect();
            let round = r.expand(&r.shrink(&z));
            for (j, v) in round.iter().enumerate() {
                assert_eq!(*v, fixed[j].unwrap_or(z[j]));
            }
        }
    }
}
