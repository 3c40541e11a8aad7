//! Every malformed model in tests/malformed/ gets its exact rendered diagnostics snapshotted, so
//! a regression in any error message shows up in review.

use crate::util;

#[test]
fn every_malformed_model_gets_located_diagnostics() {
    insta::glob!("malformed/*.toml", |path| {
        let relative = path.strip_prefix(util::root()).unwrap();
        let relative = relative.to_str().unwrap();
        let run = util::run(&["check", relative]);
        assert_eq!(run.code, 1, "{relative} must be rejected:\n{}", run.stderr);
        assert!(run.stdout.is_empty(), "nothing on stdout for {relative}");
        assert!(
            run.stderr.contains(&format!("[{relative}:")),
            "{relative}: the diagnostic names file, line and column:\n{}",
            run.stderr
        );
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
        insta::assert_snapshot!(run.stderr);
    });
}

#[test]
fn malformed_models_report_json_diagnostics_with_line_and_column() {
    let run = util::run(&[
        "check",
        "tests/malformed/many-errors.toml",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 1);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["valid"], false);
    let diagnostics = doc["diagnostics"].as_array().unwrap();
    let found: Vec<(String, u64, u64)> = diagnostics
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_owned(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            )
        })
        .collect();
    // One per mistake in the file, in file order: the unknown key, the unknown factor, the
    // weight out of range and the unknown state.
    assert_eq!(
        found,
        vec![
            ("model::unknown_key".to_owned(), 15, 1),
            ("model::unknown_id".to_owned(), 19, 6),
            ("model::out_of_range".to_owned(), 25, 10),
            ("model::unknown_state".to_owned(), 30, 15),
        ]
    );
}
