//! Units run apart, sent as JSON both ways and merged, give the document of the analysis run at
//! once, bit for bit, whatever the number of units; the merge refuses what does not fit.

use super::*;
use crate::cib::cases::case_matrix;

/// Runs every unit after a JSON round trip each way, as a remote worker would.
fn run_remotely(units: &[Unit]) -> Vec<UnitResult> {
    units
        .iter()
        .map(|u| {
            let sent: Unit = serde_json::from_str(&serde_json::to_string(u).unwrap()).unwrap();
            let result = run_unit(&sent).unwrap();
            serde_json::from_str(&serde_json::to_string(&result).unwrap()).unwrap()
        })
        .collect()
}

fn json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap()
}

fn bare(name: &str) -> CibInput<'static> {
    CibInput {
        name: name.into(),
        matrix: case_matrix(name),
        model: None,
        ensemble: Vec::new(),
    }
}

fn cib_split_equals_whole(input: &CibInput<'_>, request: &CibRequest, pieces: &[usize]) {
    let whole = super::super::cib::analyze(input, request, &NoProgress).unwrap();
    for &p in pieces {
        let units = cib_units(input, request, p).unwrap();
        let merged = cib_merge(input, request, &units, run_remotely(&units), &NoProgress).unwrap();
        assert_eq!(json(&merged.document), json(&whole.document), "{p} pieces");
        assert_eq!(merged.solutions, whole.solutions);
        assert_eq!(merged.basins, whole.basins);
    }
}

#[test]
fn a_cib_search_split_into_units_merges_to_the_whole() {
    let input = bare("cibsa_CIB_nested_simplified_standardized");
    let request = CibRequest {
        max_inconsistency: 1,
        ..CibRequest::default()
    };
    let units = cib_units(&input, &request, 5).unwrap();
    assert_eq!(units.len(), 5);
    assert!(
        units
            .iter()
            .all(|u| matches!(u.work, Work::CibSearch { .. }))
    );
    assert!(
        units
            .iter()
            .enumerate()
            .all(|(k, u)| u.index == k && u.units == 5)
    );
    assert!(units.iter().all(|u| u.job == units[0].job));
    cib_split_equals_whole(&input, &request, &[1, 5, 1000]);
}

#[test]
fn an_intervention_splits_both_of_its_searches() {
    let input = bare("cibsa_CIB_global");
    let request = CibRequest {
        fix: vec!["1=2".into()],
        basins: true,
        ..CibRequest::default()
    };
    let units = cib_units(&input, &request, 3).unwrap();
    let constraints: Vec<&Constraints> = units
        .iter()
        .filter_map(|u| match &u.work {
            Work::CibSearch { constraints, .. } => Some(constraints),
            _ => None,
        })
        .collect();
    let basin_units = units
        .iter()
        .filter(|u| matches!(u.work, Work::CibBasins { .. }))
        .count();
    assert_eq!(basin_units, 3);
    // The search without the intervention first, then the one with it.
    let unfixed = constraints
        .iter()
        .take_while(|c| c.fixed.is_empty())
        .count();
    assert_eq!(unfixed, 3);
    assert!(constraints.len() > unfixed);
    assert!(
        constraints[unfixed..]
            .iter()
            .all(|c| c.fixed.first() == Some(&Some(1)))
    );
    cib_split_equals_whole(&input, &request, &[2, 7]);
}

#[test]
fn a_gated_model_is_split_context_by_context() {
    let loaded = crate::default_model().unwrap();
    let input = CibInput::of_model(&loaded).unwrap();
    assert!(!input.matrix.gates().is_empty());
    let request = CibRequest::default();
    let units = cib_units(&input, &request, 2).unwrap();
    let contexts: usize = input
        .matrix
        .gating_descriptors()
        .iter()
        .map(|&k| input.matrix.variant_count(k))
        .product();
    // A context whose search tree has one open subtree, or none, makes one unit, or none.
    let held: std::collections::BTreeSet<String> = units
        .iter()
        .filter_map(|u| match &u.work {
            Work::CibSearch { held, .. } => Some(format!("{held:?}")),
            _ => None,
        })
        .collect();
    assert!(
        held.len() > 1 && units.len() <= 2 * contexts,
        "{} units",
        units.len()
    );
    cib_split_equals_whole(&input, &request, &[2]);
}

#[test]
fn an_ensemble_splits_each_members_search() {
    let mut input = bare("cibsa_CIB_nested_simplified_standardized");
    let m = &input.matrix;
    // A second expert who halves every judgment of the first descriptor's rows, and a third
    // who agrees with the first: identical members have identical units.
    let rows = m.variant_count(0) * m.variant_total();
    let halved: Vec<i32> = m
        .cells()
        .iter()
        .enumerate()
        .map(|(k, &c)| if k < rows { c / 2 } else { c })
        .collect();
    input.ensemble = vec![m.with_cells(halved).unwrap(), m.clone()];
    let request = CibRequest {
        agree: Some(2),
        ..CibRequest::default()
    };
    let units = cib_units(&input, &request, 3).unwrap();
    let searched: std::collections::BTreeSet<Vec<i32>> = units
        .iter()
        .filter_map(|u| match &u.work {
            Work::CibSearch { matrix, .. } => Some(matrix.cells().to_vec()),
            _ => None,
        })
        .collect();
    assert_eq!(searched.len(), 2, "the first matrix and the halved one");
    cib_split_equals_whole(&input, &request, &[1, 3]);
    // Units that leave part of a search out are not taken for it: it is searched again.
    let mut results = run_remotely(&units);
    let last = results.len() - 1;
    let Output::CibSearch { scenarios } = &mut results[last].output else {
        panic!("search units only")
    };
    scenarios.clear();
    let mut short = units.clone();
    if let Work::CibSearch { subtrees, .. } = &mut short[last].work {
        subtrees.end -= 1;
    }
    let merged = cib_merge(&input, &request, &short, results, &NoProgress).unwrap();
    let whole = super::super::cib::analyze(&input, &request, &NoProgress).unwrap();
    assert_eq!(json(&merged.document), json(&whole.document));
}

#[test]
fn the_merge_ignores_a_duplicate_and_refuses_what_does_not_fit() {
    let input = bare("cibsa_CIB_global");
    let request = CibRequest::default();
    let units = cib_units(&input, &request, 4).unwrap();
    let results = run_remotely(&units);
    let merge = |results: Vec<UnitResult>| {
        cib_merge(&input, &request, &units, results, &NoProgress).map(|r| json(&r.document))
    };
    let whole = json(
        &super::super::cib::analyze(&input, &request, &NoProgress)
            .unwrap()
            .document,
    );
    // A unit retried after its worker was lost answers twice: counted once.
    let mut twice = results.clone();
    twice.push(results[2].clone());
    twice.reverse();
    assert_eq!(merge(twice).unwrap(), whole);
    let message = |r: Result<String, AnalysisError>| match r {
        Err(AnalysisError::Request(e)) => e.0,
        other => panic!("not refused: {other:?}"),
    };
    assert_eq!(
        message(merge(results[1..].to_vec())),
        "1 of the 4 units have no result (the first is unit 0): run them and merge again"
    );
    let mut wrong = results.clone();
    wrong.push(UnitResult {
        output: Output::CibSearch {
            scenarios: vec![vec![0; 6]],
        },
        ..results[0].clone()
    });
    assert!(message(merge(wrong)).starts_with("unit 0 has two different results"));
    // Units planned for another number of pieces belong to another job.
    let other = cib_units(&input, &request, 3).unwrap();
    assert_ne!(other[0].job, units[0].job);
    assert!(message(merge(run_remotely(&other))).starts_with("a result is of job"));
}

#[test]
fn a_unit_that_does_not_hold_together_is_refused() {
    let input = bare("cibsa_CIB_global");
    let mut unit = cib_units(&input, &CibRequest::default(), 1)
        .unwrap()
        .remove(0);
    let Work::CibSearch { subtrees, .. } = &mut unit.work else {
        panic!("a search unit")
    };
    let count = subtrees.end;
    subtrees.end = count + 1;
    let Err(AnalysisError::Request(e)) = run_unit(&unit) else {
        panic!("a range outside the search runs")
    };
    assert_eq!(
        e.0,
        format!(
            "subtrees 0..{} are not a part of the {count} the work splits into",
            count + 1
        )
    );
    // A matrix in a unit is checked as any matrix is.
    let text = serde_json::to_string(&unit)
        .unwrap()
        .replacen("\"cells\":[", "\"cells\":[1,", 1);
    let e = serde_json::from_str::<Unit>(&text).unwrap_err().to_string();
    assert!(e.contains("need 100 cells, but 101 were given"), "{e}");
}

#[test]
fn an_fcm_monte_carlo_split_into_units_merges_to_the_whole() {
    let loaded = crate::default_model().unwrap();
    let texts = SourceTexts::Embedded(crate::embedded::DEFAULT_SOURCES);
    let sent = ModelText::of(&loaded, &texts, &LoadOptions::default()).unwrap();
    let request = FcmRequest {
        draws: 30,
        ..FcmRequest::default()
    };
    let whole = super::super::fcm::model(&loaded, &request, &NoProgress).unwrap();
    for pieces in [1, 4, 64] {
        let units = fcm_units(&sent, &request, pieces).unwrap();
        assert_eq!(units.len(), pieces.min(30));
        let merged =
            fcm_merge(&loaded, &request, &units, run_remotely(&units), &NoProgress).unwrap();
        assert_eq!(
            json(&merged.document),
            json(&whole.document),
            "{pieces} pieces"
        );
    }
    let none = FcmRequest::default();
    assert!(matches!(
        fcm_units(&sent, &none, 4),
        Err(AnalysisError::Request(e)) if e.0.starts_with("--units needs --draws")
    ));
}

#[test]
fn an_fcm_sensitivity_and_its_draws_split_into_units_merge_to_the_whole() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/energy-transition.toml"
    );
    let path = std::path::Path::new(path);
    let loaded = crate::model::load_file(path, &LoadOptions::default()).unwrap();
    let texts = super::super::source_texts(Some(path));
    let sent = ModelText::of(&loaded, &texts, &LoadOptions::default()).unwrap();
    let request = FcmRequest {
        draws: 20,
        sensitivity: Some("emissions".into()),
        case: Some("price_now".into()),
        samples: 150,
        ..FcmRequest::default()
    };
    let whole = super::super::fcm::model(&loaded, &request, &NoProgress).unwrap();
    assert!(whole.document.sensitivity.as_ref().unwrap().sobol.variance > 0.0);
    for pieces in [1, 7] {
        let units = fcm_units(&sent, &request, pieces).unwrap();
        let sobol = units
            .iter()
            .filter(|u| matches!(u.work, Work::FcmSobol { .. }))
            .count();
        assert_eq!((units.len(), sobol), (2 * pieces, pieces));
        let mut results = run_remotely(&units);
        results.reverse();
        let merged = fcm_merge(&loaded, &request, &units, results, &NoProgress).unwrap();
        assert_eq!(
            json(&merged.document),
            json(&whole.document),
            "{pieces} pieces"
        );
    }
}

#[test]
fn ranges_cover_the_count_without_empty_pieces() {
    assert_eq!(ranges(10, 3), vec![0..3, 3..6, 6..10]);
    assert_eq!(ranges(2, 5), vec![0..1, 1..2]);
    assert_eq!(ranges(7, 0), vec![0..7]);
    assert!(ranges(0, 4).is_empty());
    assert!(covers(vec![3..5, 0..3, 0..3], 5));
    assert!(!covers(vec![0..3, 4..5], 5));
    assert!(!covers(vec![0..3, 2..5], 5));
    assert!(!covers(vec![0..2, 2..3], 5));
    assert!(covers(Vec::new(), 0));
}
