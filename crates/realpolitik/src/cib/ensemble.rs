//! Ensembles: several matrices for one descriptor structure (for example one per expert group).
//! Each member is searched on its own; a scenario is reported with the members in which it is
//! acceptable, and kept when that holds in at least k of the m members.

use serde::Serialize;

use super::matrix::Matrix;
use super::search::search;
use super::solution::{Constraints, Solution};

/// A scenario and the members in which it is acceptable.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Agreement {
    /// The chosen variant of each descriptor.
    pub variants: Vec<usize>,
    /// For each member, its result for this scenario (None where it is not acceptable).
    pub members: Vec<Option<Solution>>,
    /// In how many members it is acceptable.
    pub count: usize,
}

/// The outcome of an ensemble search.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Ensemble {
    /// Each member's own solutions.
    pub solutions: Vec<Vec<Solution>>,
    /// The scenarios acceptable in at least k members: most members first, then by variants.
    pub agreed: Vec<Agreement>,
}

/// Searches every member and keeps the scenarios acceptable in at least `k` of them. Fails
/// when the members do not share one structure (same descriptors and variants, in order), or
/// when a member leaves more scenarios than a search keeps ([`super::search::cut`]): agreement
/// counted on a truncated list would be wrong.
pub fn ensemble(
    members: &[Matrix],
    k: usize,
    constraints: &Constraints,
) -> Result<Ensemble, String> {
    ensemble_with(members, k, constraints, search)
}

/// [`ensemble`], with each member searched by `search` (e.g. made beforehand, in units).
pub fn ensemble_with(
    members: &[Matrix],
    k: usize,
    constraints: &Constraints,
    mut search: impl FnMut(&Matrix, &Constraints) -> Vec<Solution>,
) -> Result<Ensemble, String> {
    let Some(first) = members.first() else {
        return Err("an ensemble needs at least one matrix".into());
    };
    if let Some((i, _)) = members
        .iter()
        .enumerate()
        .find(|(_, m)| m.descriptors() != first.descriptors())
    {
        return Err(format!(
            "member {} has other descriptors or variants than member 1; an ensemble shares one structure",
            i + 1
        ));
    }
    let solutions: Vec<Vec<Solution>> = members.iter().map(|m| search(m, constraints)).collect();
    if let Some(i) = solutions.iter().position(|s| constraints.cut(s)) {
        return Err(super::search::not_computed(
            "the ensemble",
            &format!("member {}", i + 1),
            constraints,
        ));
    }
    let mut all: Vec<Vec<usize>> = solutions
        .iter()
        .flatten()
        .map(|s| s.variants.clone())
        .collect();
    all.sort();
    all.dedup();
    let mut agreed: Vec<Agreement> = all
        .into_iter()
        .map(|variants| {
            let members: Vec<Option<Solution>> = solutions
                .iter()
                .map(|list| list.iter().find(|s| s.variants == variants).cloned())
                .collect();
            let count = members.iter().filter(|s| s.is_some()).count();
            Agreement {
                variants,
                members,
                count,
            }
        })
        .filter(|a| a.count >= k)
        .collect();
    agreed.sort_by(|x, y| {
        y.count
            .cmp(&x.count)
            .then_with(|| x.variants.cmp(&y.variants))
    });
    Ok(Ensemble { solutions, agreed })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cib::cases::case_matrix;

    #[test]
    fn k_of_m_counts_members_and_checks_structure() {
        let a = case_matrix("cibsa_CIB_global");
        // A second "expert" who reverses one judgment block: WTRD on WSEC.
        let mut cells = a.cells().to_vec();
        let n = a.variant_total();
        for r in 0..3 {
            for c in 3..6 {
                cells[r * n + c] = -cells[r * n + c];
            }
        }
        let b = a.with_cells(cells).unwrap();
        let own_a = search(&a, &Constraints::consistent());
        let own_b = search(&b, &Constraints::consistent());
        let mut both: Vec<&Vec<usize>> = own_a
            .iter()
            .map(|s| &s.variants)
            .filter(|v| own_b.iter().any(|s| &s.variants == *v))
            .collect();
        both.sort();
        assert!(!both.is_empty());
        let e = ensemble(&[a.clone(), b.clone()], 2, &Constraints::consistent()).unwrap();
        let agreed: Vec<&Vec<usize>> = e.agreed.iter().map(|x| &x.variants).collect();
        assert_eq!(agreed, both);
        let e1 = ensemble(&[a.clone(), b], 1, &Constraints::consistent()).unwrap();
        let mut union: Vec<Vec<usize>> = own_a
            .iter()
            .chain(&own_b)
            .map(|s| s.variants.clone())
            .collect();
        union.sort();
        union.dedup();
        assert_eq!(e1.agreed.len(), union.len());
        assert!(e1.agreed.windows(2).all(|w| w[0].count >= w[1].count));
        let other = case_matrix("lloyd_schweizer_2014_example");
        assert!(ensemble(&[a, other], 1, &Constraints::consistent()).is_err());
    }
}
