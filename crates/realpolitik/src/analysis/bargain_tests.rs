//! The bargaining requests give the numbers the command line's tests check (Scholz's EUM on
//! Bueno de Mesquita's 1994 case, KTAB's SMP reference run, the DEU III backtest), and refuse
//! what the command line refuses, with the same words.

use std::path::{Path, PathBuf};

use super::*;
use crate::progress::NoProgress;

fn test_data(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/data/bargaining-cases")
        .join(path)
}

fn table(path: &str) -> BargainInput<'static> {
    BargainInput::read_table(&test_data(path), &crate::limits::Limits::default())
        .expect("readable")
        .expect("a table")
}

fn example() -> Loaded {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/energy-transition.toml"
    );
    crate::model::load_file(Path::new(path), &crate::model::LoadOptions::default())
        .expect("the example model is valid")
}

#[test]
fn the_baselines_on_the_example_model() {
    let loaded = example();
    let input = BargainInput::of_model(&loaded);
    let mean = BargainRequest {
        solver: Solver::Mean,
        ..BargainRequest::default()
    };
    let r = bargain(&input, &mean, &NoProgress).unwrap();
    // (50·0.7·100 + 0·0.9·40 + 90·0.9·30) / (70 + 36 + 27) = 5930 / 133.
    assert!((r.document.issues[0].forecast - 5930.0 / 133.0).abs() < 1e-9);
    let median = BargainRequest {
        solver: Solver::Median,
        ..BargainRequest::default()
    };
    let r = bargain(&input, &median, &NoProgress).unwrap();
    assert_eq!(r.document.issues[0].forecast, 50.0);
    assert_eq!(r.document.input, loaded.file.name());
}

#[test]
fn the_eum_replays_the_1994_case() {
    let input = table("bdm1994/bdm1994_emission_standards.csv");
    let r = bargain(&input, &BargainRequest::default(), &NoProgress).unwrap();
    let issue = &r.document.issues[0];
    let run = issue.eum.as_ref().unwrap();
    assert_eq!(run.initial_median, 7.0);
    assert!((run.rounds[0].median - 8.416).abs() < 5e-4);
    assert_eq!(run.rounds.len(), 8);
    assert!((issue.forecast - 9.671).abs() < 5e-4);
    assert_eq!(issue.actors[6], "UK");
    assert!(r.document.smp.is_none());
}

#[test]
fn the_smp_plays_ktab_dimensions_jointly() {
    let input = table("ktab-smp/SOE-Pol-Comp.csv");
    let request = BargainRequest {
        solver: Solver::Smp,
        ..BargainRequest::default()
    };
    let r = bargain(&input, &request, &NoProgress).unwrap();
    let smp = r.document.smp.as_ref().unwrap();
    assert_eq!(smp.issues.len(), 2);
    // KTAB's reference run: 27 iterations, the last change ratio 0.0083.
    assert_eq!(smp.stopping_ratios.len(), 27);
    assert!((smp.stopping_ratios[26] - 0.0083).abs() < 0.00005);
    let last = &smp.turns[smp.turns.len() - 1].positions;
    for (k, issue) in r.document.issues.iter().enumerate() {
        assert_eq!(issue.final_positions[0], last[0][k]);
        assert_eq!(issue.forecast, smp.forecast[k]);
    }
}

#[test]
fn draws_and_sensitivity_are_filled_when_asked() {
    let loaded = example();
    let input = BargainInput::of_model(&loaded);
    let request = BargainRequest {
        draws: 40,
        sensitivity: true,
        ..BargainRequest::default()
    };
    let r = bargain(&input, &request, &NoProgress).unwrap();
    let (solved, doc) = (&r.issues[0], &r.document.issues[0]);
    assert_eq!(solved.monte_carlo.as_ref().unwrap().draws, 40);
    let swings = doc.sensitivity.as_ref().unwrap();
    // Position, salience and capability of each actor.
    assert_eq!(swings.len(), 3 * doc.actors.len());
}

#[test]
fn bad_requests_are_refused_with_the_command_lines_words() {
    let loaded = example();
    let input = BargainInput::of_model(&loaded);
    let refused = |request: BargainRequest| match bargain(&input, &request, &NoProgress) {
        Err(AnalysisError::Request(e)) => e.0,
        other => panic!("not refused: {other:?}"),
    };
    let q = BargainRequest {
        q: 1.5,
        ..BargainRequest::default()
    };
    assert_eq!(
        refused(q),
        "--q and --t are probabilities: give values in [0, 1]"
    );
    let issue = BargainRequest {
        issue: Some("nope".into()),
        ..BargainRequest::default()
    };
    let message = refused(issue);
    assert!(
        message.starts_with("no issue `nope` in ") && message.contains("; its issues are: "),
        "{message}"
    );
    assert!(
        BargainInput::read_table(Path::new("model.toml"), &crate::limits::Limits::default())
            .unwrap()
            .is_none()
    );
}

#[test]
fn the_backtest_scores_every_solver() {
    let doc = backtest(&test_data("deu3"), 3, 8, &crate::limits::Limits::default()).unwrap();
    let names: Vec<&str> = doc.scores.iter().map(|s| s.solver.name()).collect();
    assert_eq!(names, ["mean", "median", "eum", "eum-printed", "smp"]);
    assert!(doc.scores.iter().all(|s| s.issues == 351));
    assert_eq!(format!("{:.2}", doc.scores[0].mae), "23.64");
}
