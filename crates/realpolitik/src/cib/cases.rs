//! The CIB reference cases: real matrices with ScenarioWizard's own solutions.
//!
//! Data: `tests/data/cib-cases/` (see its README). The `cibsa_*` matrices and the ScenarioWizard
//! files come from `sample_files/` of github.com/sei-international/cibsa (MIT licence, © 2018
//! Stockholm Environment Institute, commit bb18325), and their expected solution sets are the
//! ScenarioWizard solution files shipped there; `lloyd_schweizer_2014_example` comes from
//! github.com/alastair-JL/StochasticCIB (MIT), after Lloyd & Schweizer (2014). The files are
//! read at test time and never built into the library.

use std::collections::BTreeMap;

use super::io::csv::read_matrix;
use super::matrix::Matrix;
use super::solution::Constraints;
use super::{enumerate, search};

/// A path in the case folder, tests/data/cib-cases.
pub(crate) fn case_path(file: &str) -> String {
    format!(
        "{}/../../tests/data/cib-cases/{file}",
        env!("CARGO_MANIFEST_DIR")
    )
}

/// The matrix of a case.
pub(crate) fn case_matrix(case: &str) -> Matrix {
    let path = case_path(&format!("{case}.matrix.csv"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    read_matrix(&path, &text, &crate::limits::Limits::default())
        .unwrap_or_else(|e| panic!("{path}: {e:?}"))
        .0
}

/// One expected solution: 0-based variants, TIS, consistency value.
pub(crate) type Expected = (Vec<usize>, i64, i64);

/// Every case's expected solutions, sorted by variants.
pub(crate) fn expected() -> BTreeMap<String, Vec<Expected>> {
    let path = case_path("expected_consistent_scenarios.csv");
    let mut reader = csv::Reader::from_path(&path).unwrap();
    let mut all: BTreeMap<String, Vec<Expected>> = BTreeMap::new();
    for record in reader.records() {
        let r = record.unwrap();
        let variants = r[2]
            .split_whitespace()
            .map(|v| v.parse::<usize>().unwrap() - 1)
            .collect();
        assert_eq!(&r[6], "0", "only consistent scenarios are listed");
        all.entry(r[0].to_owned()).or_default().push((
            variants,
            r[4].parse().unwrap(),
            r[5].parse().unwrap(),
        ));
    }
    for list in all.values_mut() {
        list.sort();
    }
    all
}

pub(crate) const CASES: [(&str, usize); 5] = [
    ("cibsa_CIB_global", 4),
    ("cibsa_CIB_natl_regional", 16),
    ("cibsa_CIB_nested", 20),
    ("cibsa_CIB_nested_simplified_standardized", 15),
    ("lloyd_schweizer_2014_example", 3),
];

fn found(m: &Matrix, by_search: bool) -> Vec<Expected> {
    let solutions = if by_search {
        search(m, &Constraints::consistent())
    } else {
        enumerate(m, &Constraints::consistent())
    };
    let mut got: Vec<Expected> = solutions
        .into_iter()
        .map(|s| {
            assert_eq!(s.scores.inconsistency, 0);
            (s.variants, s.scores.tis, s.scores.consistency)
        })
        .collect();
    got.sort();
    got
}

#[test]
fn search_reproduces_every_case_exactly() {
    let expected = expected();
    assert_eq!(expected.len(), CASES.len());
    for (case, count) in CASES {
        let m = case_matrix(case);
        let got = found(&m, true);
        assert_eq!(got.len(), count, "{case}");
        assert_eq!(got, expected[case], "{case}");
    }
}

#[test]
fn the_enumerator_agrees_on_three_cases() {
    let expected = expected();
    // natl_regional (22.7M scenarios) fills a self block, which both must count.
    for case in [
        "cibsa_CIB_global",
        "lloyd_schweizer_2014_example",
        "cibsa_CIB_natl_regional",
    ] {
        assert_eq!(found(&case_matrix(case), false), expected[case], "{case}");
    }
}

#[test]
fn scenario_spaces_have_the_published_sizes() {
    let sizes = [36, 22_674_816, 408_146_688, 22_674_816, 27];
    for ((case, _), size) in CASES.iter().zip(sizes) {
        assert_eq!(case_matrix(case).scenario_count(), Some(size), "{case}");
    }
}

/// The evidence that ScenarioWizard adds a filled self block to the scores (see
/// [`super::matrix`]): natl_regional fills the block of WSCEN on itself, and its published
/// solution list (`CIB_natl_regional.sl`) is reproduced with the block counted and not with it
/// emptied (the standard Σ_{i≠j}).
#[test]
fn scenariowizard_counts_the_filled_self_block_of_natl_regional() {
    let m = case_matrix("cibsa_CIB_natl_regional");
    let expected = &expected()["cibsa_CIB_natl_regional"];
    assert_eq!(&found(&m, true), expected);
    let mut cells = m.cells().to_vec();
    let n = m.variant_total();
    let mut emptied = 0;
    for r in 0..n {
        for c in 0..n {
            if m.owner(r) == m.owner(c) && cells[r * n + c] != 0 {
                cells[r * n + c] = 0;
                emptied += 1;
            }
        }
    }
    assert!(emptied > 0, "the case fills a self block");
    let standard = found(&m.with_cells(cells).unwrap(), true);
    assert_ne!(&standard, expected);
}
