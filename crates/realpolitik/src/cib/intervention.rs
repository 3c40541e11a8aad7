//! Intervention: fix chosen descriptors to chosen variants (a policy, a trigger) and see which
//! consistent scenarios remain.
//!
//! A fixed descriptor keeps its variant whatever its impact balance says: its own consistency is
//! not required, but its impacts on the others count. The result is compared with the search
//! without intervention: scenarios kept (consistent in both), lost (consistent only without
//! the intervention) and new (consistent only under it, typically because a fixed descriptor's
//! own consistency no longer has to hold).

use serde::Serialize;

use super::matrix::Matrix;
use super::search::search;
use super::solution::{Constraints, Solution};

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

/// Searches with and without the intervention and compares.
///
/// # Panics
/// If a fixed variant does not exist (see [`Constraints::validate`]).
pub fn intervene(m: &Matrix, fixed: Vec<Option<usize>>, max_inconsistency: i64) -> Intervention {
    let baseline = search(m, &Constraints::max_inconsistency(max_inconsistency));
    let result = search(
        m,
        &Constraints {
            max_inconsistency,
            fixed: fixed.clone(),
        },
    );
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
        let r = intervene(&m, fixed.clone(), 0);
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
        let r = intervene(&m, fixed, 0);
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
}
