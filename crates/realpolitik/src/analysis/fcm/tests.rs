//! The FCM requests give the numbers the command line's tests check, and refuse what the
//! command line refuses, with the same words.

use std::path::PathBuf;

use super::*;
use crate::analysis::AnalysisError;
use crate::fcm::{Status, read_matrix};
use crate::progress::NoProgress;
use crate::{Loaded, SourceFile};

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

fn map(name: &str, csv: &str) -> FcmMap {
    read_matrix(
        &SourceFile::new(name, csv.to_owned()),
        &crate::limits::Limits::default(),
    )
    .expect("a valid matrix")
}

fn request_error(e: AnalysisError) -> String {
    match e {
        AnalysisError::Request(r) => r.0,
        other => panic!("not a request error: {other:?}"),
    }
}

#[test]
fn a_model_compares_each_option_and_trigger_with_the_baseline() {
    let request = FcmRequest {
        structure: true,
        ..FcmRequest::default()
    };
    let r = model(&example(), &request, &NoProgress).unwrap();
    let cases = &r.document.cases;
    assert_eq!(cases.len(), 4);
    assert_eq!(cases[2].option, "price_now");
    assert_eq!(cases[2].trigger, None);
    // emissions, the gas shock at rest: σ(−0.375) − 0.5, −9.27 points.
    assert!((cases[2].change_pp[3] + 9.266659995406973).abs() < 1e-7);
    assert_eq!(cases[3].trigger.as_deref(), Some("gas_crisis"));
    let paths = r.document.paths.as_ref().unwrap();
    assert_eq!(paths[0].path[0], "carbon_price");
    assert_eq!(paths[0].weight, -0.75);
    assert!(r.document.structure.is_some());
    assert!(r.document.monte_carlo.is_none() && r.document.sensitivity.is_none());
    // No report asked for, so none is drawn.
    assert!(r.report(&example().model).is_none());
}

#[test]
fn kept_draws_are_the_ones_the_summaries_describe() {
    let request = FcmRequest {
        draws: 41,
        bootstrap: 0,
        keep_draws: true,
        ..FcmRequest::default()
    };
    let r = model(&example(), &request, &NoProgress).unwrap();
    let draws = r.draws.as_ref().expect("kept");
    let (cases, n) = (r.document.cases.len(), r.document.concepts.len());
    assert_eq!((draws.draws, draws.cases, draws.concepts), (41, cases, n));
    assert_eq!(draws.effects.len(), 41 * cases * n);
    let mc = r.document.monte_carlo.as_ref().unwrap();
    for c in 0..cases {
        for j in 0..n {
            let mut values: Vec<f64> = (0..41)
                .map(|d| draws.effects[(d * cases + c) * n + j])
                .collect();
            values.sort_by(f64::total_cmp);
            // 41 draws: the median is the 21st value, exactly.
            assert_eq!(values[20], mc.cases[c].effects[j].median);
        }
    }
    // Not asked for, not kept; the summaries are the same.
    let plain = model(
        &example(),
        &FcmRequest {
            keep_draws: false,
            ..request
        },
        &NoProgress,
    )
    .unwrap();
    assert!(plain.draws.is_none());
    let json = |d: &crate::output::FcmModelDocument| serde_json::to_string(d).unwrap();
    assert_eq!(json(&plain.document), json(&r.document));
}

#[test]
fn a_monte_carlo_split_into_units_merges_to_the_run_made_at_once() {
    let request = FcmRequest {
        draws: 50,
        keep_draws: true,
        ..FcmRequest::default()
    };
    let loaded = example();
    let whole = model(&loaded, &request, &NoProgress).unwrap();
    // Units of uneven size, each sent as JSON and read back, merged out of order.
    let units: Vec<crate::fcm::montecarlo::Draws> = [30..50, 0..13, 13..30]
        .into_iter()
        .map(|r| {
            let d = draw_unit(&loaded, &request, r, &NoProgress).unwrap();
            serde_json::from_str(&serde_json::to_string(&d).unwrap()).unwrap()
        })
        .collect();
    let merged = crate::fcm::montecarlo::Draws::merge(units).unwrap();
    let split = model_made(
        &loaded,
        &request,
        FcmMade {
            draws: Some(merged),
            sobol: None,
        },
        &NoProgress,
    )
    .unwrap();
    let json = |d: &crate::output::FcmModelDocument| serde_json::to_string(d).unwrap();
    assert_eq!(json(&split.document), json(&whole.document));
    assert_eq!(split.draws, whole.draws);
    // A unit outside the run, or draws that are not the whole run, are refused.
    let outside = draw_unit(&loaded, &request, 40..60, &NoProgress).unwrap_err();
    assert_eq!(
        request_error(outside),
        "draws 40..60 are not a part of the run's 50 draws"
    );
    let part = draw_unit(&loaded, &request, 0..10, &NoProgress).unwrap();
    let short = model_made(
        &loaded,
        &request,
        FcmMade {
            draws: Some(part),
            sobol: None,
        },
        &NoProgress,
    )
    .unwrap_err();
    assert!(request_error(short).starts_with("the draws given are 0..10 of 4 cases"));
}

#[test]
fn sensitivity_names_the_link_that_decides_the_outcome() {
    let request = FcmRequest {
        sensitivity: Some("emissions".into()),
        case: Some("price_now".into()),
        samples: 400,
        ..FcmRequest::default()
    };
    let r = model(&example(), &request, &NoProgress).unwrap();
    let s = r.document.sensitivity.as_ref().unwrap();
    assert_eq!(s.case, "price_now");
    assert_eq!(s.tornado[0].link, "carbon_price → emissions");
    // σ(−0.5) − 0.5, the gas shock at rest.
    assert!((s.tornado[0].effect_at_low + 0.1224593312018546).abs() < 1e-9);
    assert_eq!(s.tornado[1].swing, 0.0);
    assert_eq!(s.sobol.links[0].link, "carbon_price → emissions");
    assert!(s.sobol.links[0].total > 0.9);
    assert_eq!(s.sobol.links[1].total, 0.0);

    let wrong = FcmRequest {
        case: Some("tax".into()),
        ..request
    };
    let message = request_error(model(&example(), &wrong, &NoProgress).unwrap_err());
    assert!(
        message.starts_with("--case \"tax\": no such case; the cases are wait,"),
        "{message}"
    );
}

#[test]
fn the_report_studies_the_first_option_that_is_not_the_status_quo() {
    let loaded = example();
    let request = FcmRequest {
        report: true,
        draws: 50,
        ..FcmRequest::default()
    };
    let r = model(&loaded, &request, &NoProgress).unwrap();
    let pieces = r.pieces.as_ref().unwrap();
    assert_eq!(pieces.case, "price_now");
    // One tornado per outcome concept, and the paths even without --structure.
    let outcomes = r.map.with_role(crate::model::Role::Outcome);
    assert_eq!(pieces.tornadoes.len(), outcomes.len());
    assert_eq!(pieces.tornadoes[0].0, outcomes[0]);
    assert!(!pieces.paths.is_empty());
    assert!(r.document.paths.is_none());
    assert_eq!(r.document.monte_carlo.as_ref().unwrap().draws, 50);
    assert!(r.report(&loaded.model).is_some());
}

#[test]
fn a_model_refuses_clamps_and_a_wrong_start() {
    let clamped = FcmRequest {
        clamps: vec!["x=1".into()],
        ..FcmRequest::default()
    };
    let message = request_error(model(&example(), &clamped, &NoProgress).unwrap_err());
    assert!(
        message.starts_with("--clamp applies to a matrix"),
        "{message}"
    );
    let short = FcmRequest {
        initial: Some(vec![1.0]),
        ..FcmRequest::default()
    };
    let message = request_error(model(&example(), &short, &NoProgress).unwrap_err());
    assert!(
        message.starts_with("--initial has 1 values but the map has"),
        "{message}"
    );
}

#[test]
fn an_oscillating_map_reports_its_cycle() {
    // Two concepts that inhibit each other under the trivalent function flip forever.
    let request = FcmRequest {
        initial: Some(vec![1.0, 1.0]),
        transfer: Transfer::Trivalent,
        ..FcmRequest::default()
    };
    let flip = map("flip.csv", ",a,b\na,0,-1\nb,-1,0\n");
    let r = matrices("flip.csv", vec![flip], &request).unwrap();
    assert!(matches!(
        r.document.status,
        Status::LimitCycle { period: 2 }
    ));
    assert_eq!(r.document.trajectory[1], [-1.0, -1.0]);
    assert_eq!((r.experts, r.links), (1, 2));
    assert!(r.document.edges.is_none() && r.document.aggregate.is_none());
}

#[test]
fn a_clamped_concept_stays_put_and_a_bad_clamp_names_the_concepts() {
    let chain = ",a,b,c\na,0,1,0\nb,0,0,1\nc,0,0,0\n";
    let request = FcmRequest {
        clamps: vec!["b=0.25".into()],
        ..FcmRequest::default()
    };
    let r = matrices("chain.csv", vec![map("chain.csv", chain)], &request).unwrap();
    assert!(r.document.trajectory.iter().all(|s| s[1] == 0.25));
    let bad = FcmRequest {
        clamps: vec!["d=1".into()],
        ..FcmRequest::default()
    };
    let message = request_error(matrices("chain.csv", vec![map("c", chain)], &bad).unwrap_err());
    assert_eq!(
        message,
        "--clamp \"d=1\": no concept \"d\"; the concepts are a, b, c"
    );
    let draws = FcmRequest {
        draws: 10,
        ..FcmRequest::default()
    };
    let message = request_error(matrices("c", vec![map("c", chain)], &draws).unwrap_err());
    assert!(message.starts_with("--draws and --sensitivity need uncertain weights"));
}

#[test]
fn several_matrices_are_aggregated_with_their_disagreement() {
    let one = map("one.csv", ",x,y\nx,0,0.5\ny,0,0\n");
    let two = map("two.csv", ",y,x\ny,0,0.2\nx,-0.3,0\n");
    let r = matrices("one.csv, two.csv", vec![one, two], &FcmRequest::default()).unwrap();
    assert_eq!(r.experts, 2);
    assert_eq!(r.document.aggregate.as_deref(), Some("mean"));
    let edges = r.document.edges.as_ref().unwrap();
    // x → y: (0.5 − 0.3) / 2 = 0.1, signs + and −: entropy 1 bit.
    let xy = edges.iter().find(|e| e.from == "x" && e.to == "y").unwrap();
    assert!((xy.weight - 0.1).abs() < 1e-12);
    assert_eq!(xy.entropy, 1.0);
}

#[test]
fn inputs_are_told_apart_by_extension() {
    let p = |s: &str| PathBuf::from(s);
    assert_eq!(FcmInput::of_paths(&[]), Ok(FcmInput::Model(None)));
    assert_eq!(
        FcmInput::of_paths(&[p("m.toml")]),
        Ok(FcmInput::Model(Some(p("m.toml"))))
    );
    assert_eq!(
        FcmInput::of_paths(&[p("a.CSV"), p("b.xlsx")]),
        Ok(FcmInput::Matrices(vec![p("a.CSV"), p("b.xlsx")]))
    );
    let mix = FcmInput::of_paths(&[p("m.toml"), p("a.csv")]).unwrap_err();
    assert!(mix.0.ends_with("not a mix"));
}

#[test]
fn settings_refuse_what_cannot_run() {
    let r = FcmRequest {
        lambda: 0.0,
        ..FcmRequest::default()
    };
    assert_eq!(
        r.settings().unwrap_err().0,
        "λ must be a positive number, not 0"
    );
    let r = FcmRequest {
        sensitivity: Some("x".into()),
        samples: 0,
        ..FcmRequest::default()
    };
    assert!(
        r.settings()
            .unwrap_err()
            .0
            .starts_with("--samples 0: Sobol indices")
    );
    let r = FcmRequest {
        preset: Preset::MentalModeler,
        initial: Some(vec![0.0]),
        ..FcmRequest::default()
    };
    assert!(
        r.initial_state(1)
            .unwrap_err()
            .0
            .starts_with("the mental-modeler preset")
    );
}
