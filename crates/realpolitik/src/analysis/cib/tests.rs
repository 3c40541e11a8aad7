//! The CIB requests return what the engine's functions return, and refuse what the command
//! line refuses, with the same words.

use super::*;
use crate::cib::search::search;
use crate::progress::NoProgress;

fn example() -> Loaded {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/energy-transition.toml"
    );
    crate::model::load_file(std::path::Path::new(path)).expect("the example model is valid")
}

/// A two-descriptor matrix in which each descriptor's variant pulls the other's the same way:
/// "a1 b1" and "a2 b2" are consistent.
fn mirror() -> Matrix {
    let csv = ",A:a1,A:a2,B:b1,B:b2\nA:a1,0,0,2,-2\nA:a2,0,0,-2,2\nB:b1,2,-2,0,0\nB:b2,-2,2,0,0\n";
    crate::cib::io::csv::read_matrix("mirror.csv", csv)
        .expect("a valid matrix")
        .0
}

fn bare(matrix: Matrix) -> CibInput<'static> {
    CibInput {
        name: "mirror.csv".into(),
        matrix,
        model: None,
        ensemble: Vec::new(),
    }
}

fn refused(input: &CibInput<'_>, request: CibRequest) -> String {
    match analyze(input, &request, &NoProgress) {
        Err(AnalysisError::Request(e)) => e.0,
        other => panic!("not refused: {other:?}"),
    }
}

#[test]
fn a_model_gives_the_scenarios_of_the_exact_search() {
    let loaded = example();
    let input = CibInput::of_model(&loaded).unwrap();
    let r = analyze(&input, &CibRequest::default(), &NoProgress).unwrap();
    let direct = search(&input.matrix, &Constraints::max_inconsistency(0));
    assert_eq!(r.solutions, direct);
    let doc = &r.document;
    assert_eq!(doc.scenario_count.as_deref(), Some("36"));
    assert_eq!(doc.scenarios.len(), 1);
    assert_eq!(
        doc.scenarios[0].variants,
        ["moderate", "no", "falling", "falling"]
    );
    assert_eq!(doc.scenarios[0].tis, 3);
    assert!(doc.basins.is_none() && doc.intervention.is_none());
}

#[test]
fn fixing_a_descriptor_reports_what_the_intervention_changes() {
    let input = bare(mirror());
    let free = analyze(&input, &CibRequest::default(), &NoProgress).unwrap();
    assert_eq!(free.solutions.len(), 2);
    let request = CibRequest {
        fix: vec!["A=a2".into()],
        ..CibRequest::default()
    };
    let r = analyze(&input, &request, &NoProgress).unwrap();
    assert_eq!(r.document.fixed, ["A=a2"]);
    assert_eq!(r.fixed, [Some(1), None]);
    let i = r.document.intervention.as_ref().unwrap();
    assert_eq!((i.kept.len(), i.lost.len(), i.new.len()), (1, 1, 0));
    assert_eq!(i.kept[0].variants, ["a2", "b2"]);
    assert_eq!(i.lost[0].variants, ["a1", "b1"]);
}

#[test]
fn basins_and_the_optional_analyses_fill_their_parts() {
    let input = bare(mirror());
    let request = CibRequest {
        basins: true,
        families: Some(2),
        perturb: Some("1".into()),
        draws: 20,
        from: Some("1 2".into()),
        sample_basins: Some(100),
        ..CibRequest::default()
    };
    let r = analyze(&input, &request, &NoProgress).unwrap();
    // Four starts in all; each scenario's weight counts the starts that reach it.
    let b = r.basins.as_ref().unwrap();
    assert_eq!(b.starts, 4);
    assert_eq!(r.weights.iter().sum::<u128>(), 4 - b.in_cycles());
    let doc = &r.document;
    assert_eq!(
        doc.scenarios[0].basin_weight,
        Some(r.weights[0].to_string())
    );
    // The two scenarios differ in both descriptors: one family at distance 2.
    assert_eq!(doc.families.as_ref().unwrap().len(), 1);
    assert_eq!(r.families_threshold(), Some(2));
    assert_eq!(doc.robustness.as_ref().unwrap().draws, 20);
    let s = doc.succession.as_ref().unwrap();
    assert_eq!(s.steps[0], input.matrix.label(&[0, 1]));
    assert_eq!(doc.sampled_basins.as_ref().unwrap().starts, 100);
    let provenance = crate::report::Provenance {
        model_name: "mirror.csv".into(),
        seed: 1,
        draws: Some(20),
        elapsed: std::time::Duration::ZERO,
    };
    let html = r.report(None).to_html(&provenance);
    assert!(html.contains("mirror.csv"));
}

#[test]
fn an_ensemble_keeps_the_scenarios_enough_members_accept() {
    let mut input = bare(mirror());
    input.ensemble.push(mirror());
    let r = analyze(&input, &CibRequest::default(), &NoProgress).unwrap();
    let e = r.document.ensemble.as_ref().unwrap();
    assert_eq!((e.members, e.k), (2, 2));
    assert_eq!(e.member_counts, [2, 2]);
    assert_eq!(e.agreed.len(), 2);
    let too_many = CibRequest {
        agree: Some(3),
        ..CibRequest::default()
    };
    assert_eq!(
        refused(&input, too_many),
        "--agree 3: give a number from 1 to 2"
    );
}

#[test]
fn bad_requests_are_refused_with_the_command_lines_words() {
    let input = bare(mirror());
    let cases = [
        (
            CibRequest {
                max_inconsistency: -1,
                ..CibRequest::default()
            },
            "--max-inconsistency cannot be negative",
        ),
        (
            CibRequest {
                fix: vec!["A".into()],
                ..CibRequest::default()
            },
            "--fix \"A\": write DESCRIPTOR=VARIANT",
        ),
        (
            CibRequest {
                scenarios: vec!["act".into()],
                ..CibRequest::default()
            },
            "--scenario needs a model file, not a bare matrix",
        ),
        (
            CibRequest {
                perturb: Some("wide".into()),
                ..CibRequest::default()
            },
            "--perturb \"wide\": give a positive width such as 1 (each judgment ±1), or `intervals`",
        ),
        (
            CibRequest {
                from: Some("1".into()),
                ..CibRequest::default()
            },
            "--from \"1\": give one 1-based variant index per descriptor (2 of them), e.g. \"1 1\"",
        ),
        (
            CibRequest {
                sample_basins: Some(0),
                ..CibRequest::default()
            },
            "--sample-basins: give at least one start",
        ),
    ];
    for (request, message) in cases {
        assert_eq!(refused(&input, request), message);
    }
    // Only the scenarios wanted: the optional analyses are neither run nor checked.
    let csv = CibRequest {
        perturb: Some("wide".into()),
        scenarios_only: true,
        ..CibRequest::default()
    };
    let r = analyze(&input, &csv, &NoProgress).unwrap();
    assert!(r.document.robustness.is_none());
    let loaded = example();
    let model = CibInput::of_model(&loaded).unwrap();
    let unknown = CibRequest {
        scenarios: vec!["nope".into()],
        ..CibRequest::default()
    };
    assert_eq!(
        refused(&model, unknown),
        "the model has no option or trigger \"nope\""
    );
}
