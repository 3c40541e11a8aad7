//! `realpolitik ach`: the matrix, scores, diagnosticity and sensitivity as people, programs and
//! spreadsheets read them, on a small hand-checked matrix.

use crate::util;

const TOY: &str = "tests/data/ach/toy.toml";

#[test]
fn the_matrix_as_csv_has_a_row_per_item_and_a_score_row() {
    let run = util::run(&["ach", TOY, "--format", "csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Weights: high × medium = √2, medium × medium = 1, medium × low = 1/√2. Scores: `can`
    // has one II at √2 (2√2), `cannot` one I at 1, `stalemate` none.
    assert_eq!(
        run.stdout,
        "item,type,credibility,relevance,weight,can,cannot,stalemate,diagnosticity\n\
         cannot_hold,fact,high,medium,1.4142135623730951,II,C,C,2.8284271247461903\n\
         retook,fact,medium,medium,1,C,I|N,N,1\n\
         turkey,fact,medium,low,0.7071067811865476,C,C,C,0\n\
         score,,,,,2.8284271247461903,1,0,\n"
    );
}

#[test]
fn the_text_ranks_flags_and_says_what_would_change_the_leader() {
    let run = util::run(&["ach", TOY, "--seed", "3"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = &run.stdout;
    let first = out
        .lines()
        .find(|l| l.trim_start().starts_with("1  "))
        .unwrap();
    assert!(
        first.contains("stalemate") && first.contains("0.00"),
        "{out}"
    );
    assert!(
        out.contains("turkey") && out.contains("0 (non-diagnostic)"),
        "{out}"
    );
    assert!(
        out.contains("discrediting cannot_hold: can and stalemate tie for the lead"),
        "{out}"
    );
    assert!(
        out.contains("re-rating retook against cannot from I to N: cannot and stalemate tie"),
        "{out}"
    );
    // `retook` is I or N against `cannot`: the Monte Carlo splits the lead 3:1 (stalemate leads
    // outright when it is I, and shares the lead when it is N).
    assert!(
        out.contains("(2000 draws of the 1 uncertain rating(s), seed 3)"),
        "{out}"
    );
    let json = util::run(&["ach", TOY, "--seed", "3", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let p = doc["hypotheses"][2]["p_leading"].as_f64().unwrap();
    assert!((p - 0.75).abs() < 0.03, "{p}");
    assert_eq!(
        doc["sensitivity"]["leaders"],
        serde_json::json!(["stalemate"])
    );
    // Unweighted, the ranking is the same but `can` counts 2.
    let count = util::run(&["ach", TOY, "--scoring", "count", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&count.stdout).unwrap();
    assert_eq!(doc["hypotheses"][0]["score"], 2.0);
}

#[test]
fn a_model_without_hypotheses_is_refused_with_what_to_add() {
    let run = util::run(&["ach", "examples/energy-transition.toml"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("the model has 0 hypotheses and 0 evidence items"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_built_in_model_has_a_matrix_a_report_and_a_check_against_the_engines() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("ach.html");
    let run = util::run(&["ach", "--report", page.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("1  costs_without_gain"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("What the model's engines say of the hypotheses' states"),
        "{}",
        run.stdout
    );
    assert!(run.stderr.contains("report written to"), "{}", run.stderr);
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("<table class=\"ach\">"));
    assert!(html.contains("class=\"plot ach-scores\""));
    assert!(html.contains("<span class=\"tag\">non-diagnostic</span>"));
}
