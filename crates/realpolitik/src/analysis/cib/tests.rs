//! The CIB requests return what the engine's functions return, and refuse what the command
//! line refuses, with the same words.

use super::*;
use crate::cib::search::search;
use crate::cib::succession::Attractor;
use crate::progress::NoProgress;

fn example() -> Loaded {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/energy-transition.toml"
    );
    crate::model::load_file(
        std::path::Path::new(path),
        &crate::model::LoadOptions::default(),
    )
    .expect("the example model is valid")
}

/// A two-descriptor matrix in which each descriptor's variant pulls the other's the same way:
/// "a1 b1" and "a2 b2" are consistent.
fn mirror() -> Matrix {
    let csv = ",A:a1,A:a2,B:b1,B:b2\nA:a1,0,0,2,-2\nA:a2,0,0,-2,2\nB:b1,2,-2,0,0\nB:b2,-2,2,0,0\n";
    crate::cib::io::csv::read_matrix("mirror.csv", csv, &crate::limits::Limits::default())
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
        draws: Some(20),
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
            "--from \"1\": give one variant per descriptor (2 of them), by name or 1-based index, e.g. \"1 1\"",
        ),
        (
            CibRequest {
                sample_basins: Some(0),
                ..CibRequest::default()
            },
            "--sample-basins 0: give at least one start",
        ),
    ];
    for (request, message) in cases {
        assert_eq!(refused(&input, request), message);
    }
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

/// A matrix with no consistent scenario: A follows B (b1 pushes a1 by 2, b2 pushes a2 by 1),
/// B opposes A (a1 pushes b2 by 1, a2 pushes b1 by 3). Inconsistencies by hand: a1 b1 → 1
/// (B wants b2), a1 b2 → 1 (A wants a2), a2 b1 → 2, a2 b2 → 3.
fn chase() -> Matrix {
    let csv = ",A:a1,A:a2,B:b1,B:b2\nA:a1,0,0,0,1\nA:a2,0,0,3,0\nB:b1,2,0,0,0\nB:b2,0,1,0,0\n";
    crate::cib::io::csv::read_matrix("chase.csv", csv, &crate::limits::Limits::default())
        .expect("a valid matrix")
        .0
}

#[test]
fn from_starts_with_the_fixed_descriptors_set_and_keeps_them() {
    // a1 b1 is consistent, so without the lever succession stays there; with A fixed to a2 the
    // start becomes a2 b1 and B follows to b2.
    let input = bare(mirror());
    let free = CibRequest {
        from: Some("a1 b1".into()),
        ..CibRequest::default()
    };
    let s = analyze(&input, &free, &NoProgress).unwrap();
    let s = s.document.succession.unwrap();
    assert_eq!(s.attractor, ["A:a1 B:b1"]);
    assert!(s.start_changed.is_empty());
    for rule in [Rule::Global, Rule::Adiabatic, Rule::Local] {
        let fixed = CibRequest {
            fix: vec!["A=a2".into()],
            from: Some("1 1".into()),
            rule: Some(rule),
            ..CibRequest::default()
        };
        let r = analyze(&input, &fixed, &NoProgress).unwrap();
        let s = r.document.succession.unwrap();
        assert_eq!(s.start_changed, ["A=a2"]);
        assert_eq!(s.steps, ["A:a2 B:b1", "A:a2 B:b2"], "{rule:?}");
        assert_eq!(s.step_indices, [vec![2, 1], vec![2, 2]]);
        assert_eq!(
            (s.period, s.attractor_indices.clone()),
            (1, vec![vec![2, 2]])
        );
    }
}

#[test]
fn basins_under_an_intervention_count_only_starts_with_the_lever_set() {
    // CIB_global: WTRD fixed to its first variant. Every attractor keeps it, and the starts are
    // the scenarios of the other two descriptors (4 × 3 = 12), under every rule.
    let m = crate::cib::cases::case_matrix("cibsa_CIB_global");
    let input = bare(m.clone());
    for rule in [Rule::Global, Rule::Adiabatic, Rule::Local] {
        let request = CibRequest {
            fix: vec!["WTRD=1".into()],
            basins: true,
            rule: Some(rule),
            ..CibRequest::default()
        };
        let r = analyze(&input, &request, &NoProgress).unwrap();
        let b = r.basins.as_ref().unwrap();
        let others: u128 = (1..3).map(|j| m.variant_count(j) as u128).product();
        assert_eq!(b.starts, others, "{rule:?}");
        assert_eq!(b.basins.iter().map(|x| x.weight).sum::<u128>(), others);
        for basin in &b.basins {
            match &basin.attractor {
                Attractor::Fixed { scenario } => assert_eq!(scenario[0], 0, "{rule:?}"),
                Attractor::Cycle { states } => assert!(states.iter().all(|z| z[0] == 0)),
            }
        }
        // Each scenario found under the intervention has its basin's weight.
        for (s, w) in r.solutions.iter().zip(&r.weights) {
            assert_eq!(*w, b.weight_of(&s.variants));
        }
        let doc = r.document.basins.as_ref().unwrap();
        assert_eq!(doc.rule, rule);
        assert!(
            doc.attractors
                .iter()
                .all(|a| a.indices.iter().all(|z| z[0] == 1))
        );
        // Sampled basins follow the same rule and the same lever.
        let sampled = analyze(
            &input,
            &CibRequest {
                basins: false,
                sample_basins: Some(300),
                ..request
            },
            &NoProgress,
        )
        .unwrap();
        let sampled = sampled.document.sampled_basins.unwrap();
        assert_eq!(sampled.rule, rule);
        assert!(
            sampled
                .attractors
                .iter()
                .all(|a| a.indices.iter().all(|z| z[0] == 1))
        );
    }
}

#[test]
fn with_nothing_consistent_the_least_inconsistent_scenarios_are_given() {
    let input = bare(chase());
    let r = analyze(&input, &CibRequest::default(), &NoProgress).unwrap();
    assert!(r.solutions.is_empty());
    let least = r.document.least_inconsistent.as_ref().unwrap();
    assert_eq!(least.inconsistency, 1);
    let mut found: Vec<&[usize]> = least.scenarios.iter().map(|s| &s.indices[..]).collect();
    found.sort();
    assert_eq!(found, [&[1, 1][..], &[1, 2][..]]);
    assert_eq!(r.least_inconsistent.len(), 2);
    // Fixing A to a2 leaves only a2 b1 (2) and a2 b2 (3); A's own inconsistency is not
    // judged, so a2 b1 is consistent for B (a2 pushes b1) and nothing is missing.
    let fixed = CibRequest {
        fix: vec!["A=a2".into()],
        ..CibRequest::default()
    };
    let r = analyze(&input, &fixed, &NoProgress).unwrap();
    assert_eq!(r.solutions.len(), 1);
    assert!(r.document.least_inconsistent.is_none());
    // With B fixed to b2: a1 b2 has A inconsistent by 1, a2 b2 is consistent for A.
    let fixed = CibRequest {
        fix: vec!["B=b2".into()],
        max_inconsistency: 0,
        ..CibRequest::default()
    };
    let r = analyze(&input, &fixed, &NoProgress).unwrap();
    assert_eq!(r.document.scenarios[0].indices, [2, 2]);
    // A threshold below the least is searched upwards from the threshold.
    let high = bare(chase());
    let mut m = high.matrix.clone();
    m = m
        .with_cells(m.cells().iter().map(|c| c * 5).collect())
        .unwrap();
    let r = analyze(
        &bare(m),
        &CibRequest {
            max_inconsistency: 2,
            ..CibRequest::default()
        },
        &NoProgress,
    )
    .unwrap();
    assert_eq!(
        r.document
            .least_inconsistent
            .as_ref()
            .unwrap()
            .inconsistency,
        5
    );
}

#[test]
fn settings_nothing_would_use_are_refused_not_ignored() {
    let input = bare(mirror());
    let cases = [
        (
            CibRequest {
                draws: Some(50),
                ..CibRequest::default()
            },
            "--draws needs --perturb: it is the number of perturbed matrices drawn",
        ),
        (
            CibRequest {
                rule: Some(Rule::Local),
                ..CibRequest::default()
            },
            "--rule needs --from, --basins or --sample-basins: it is the succession rule they follow",
        ),
        (
            CibRequest {
                agree: Some(1),
                ..CibRequest::default()
            },
            "--agree needs --ensemble: it is how many members of an ensemble must accept a scenario",
        ),
        (
            CibRequest {
                from: Some("a1 b3".into()),
                ..CibRequest::default()
            },
            "--from \"a1 b3\": descriptor B has no variant \"b3\"; its variants are b1, b2 (or 1 to 2)",
        ),
    ];
    for (request, message) in cases {
        assert_eq!(refused(&input, request), message);
    }
    let intervals = CibRequest {
        perturb: Some("intervals".into()),
        ..CibRequest::default()
    };
    assert!(
        refused(&input, intervals)
            .starts_with("--perturb intervals: no judgment of this matrix has an interval")
    );
    // With --rule, each of its users is enough.
    for request in [
        CibRequest {
            from: Some("1 1".into()),
            ..CibRequest::default()
        },
        CibRequest {
            basins: true,
            ..CibRequest::default()
        },
        CibRequest {
            sample_basins: Some(10),
            ..CibRequest::default()
        },
    ] {
        let request = CibRequest {
            rule: Some(Rule::Adiabatic),
            ..request
        };
        assert!(analyze(&input, &request, &NoProgress).is_ok());
    }
}
