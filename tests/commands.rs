//! The commands on valid input: check, show, export, schema; exit codes; pipes (analyze is in
//! `analyze.rs`).

use std::io::Read;
use std::process::Stdio;

use crate::util;

const EXAMPLE: &str = "examples/energy-transition.toml";

#[test]
fn check_reviews_the_structure_of_the_example() {
    let run = util::run(&["check", EXAMPLE]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The price acts on emissions only: one beneficial path, none harmful; the coal-jobs loop
    // cannot reach the outcome the briefing compares.
    assert!(
        run.stdout
            .contains("  price_now: 1 beneficial (0.75) vs 0 harmful (0.00)"),
        "{}",
        run.stdout
    );
    assert!(run.stderr.contains("review::one_sided"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("link coal_jobs → carbon_price cannot change what the briefing compares"),
        "{}",
        run.stderr
    );
    let json = util::run(&["check", EXAMPLE, "--format", "json"]);
    assert_eq!(json.code, 0, "{}", json.stderr);
    let doc: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(doc["paths"][0]["beneficial"], 1);
    let codes: Vec<&str> = doc["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"review::inert"), "{codes:?}");
}

#[test]
fn check_summarises_the_example() {
    let run = util::run(&["check", EXAMPLE, "--assumptions"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .starts_with("examples/energy-transition.toml: valid\n")
    );
    assert!(
        run.stdout
            .contains("actors        3  (3 stances on 1 issue(s))"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(
            "relations     5  (5 encoded as cross-impact blocks with 36 cells, 4 as FCM links)"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(
            "evidence     12  judgments: 3 quoted and graded, 3 estimates, 6 assumptions"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("quotes        6  (4 the author's, 2 reported, 0 opposing, 0 hypothetical, 0 ungraded; 6 verified, 0 unverifiable)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("  - link gas_shock → emissions: Fuel switching back to coal.")
    );
}

#[test]
fn check_json_has_the_counts() {
    let run = util::run(&["check", EXAMPLE, "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["schema_version"], 1);
    assert_eq!(doc["valid"], true);
    let s = &doc["summary"];
    assert_eq!(s["actors"], 3);
    assert_eq!(s["factors"], 4);
    assert_eq!(s["factors_by_role"], serde_json::json!([1, 1, 1, 1]));
    assert_eq!(s["links"], 4);
    assert_eq!(s["cited"], 6);
    assert_eq!(s["assumed"], 6);
}

#[test]
fn show_json_resolves_terms_and_ids() {
    let run = util::run(&["show", EXAMPLE, "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["schema_version"], 1);
    let model = &doc["model"];
    let link = &model["links"][0];
    assert_eq!(link["from"], 0);
    assert_eq!(link["to"], 3);
    assert_eq!(link["term"], "-strong");
    // Uncertain values are written as in the model file: [low, mode, high].
    assert_eq!(link["weight"], serde_json::json!([-1.0, -0.75, -0.5]));
    assert_eq!(
        model["actors"][0]["stances"][0]["position"],
        serde_json::json!([40.0, 60.0])
    );
    // The uncertain cell [1, 3] of carbon_price → coal_jobs has nominal value 2.
    assert_eq!(
        model["judgments"][1]["impacts"][2],
        serde_json::json!([[1, 2, 3], -2])
    );
    assert_eq!(model["options"][0]["status_quo"], true);
    assert_eq!(model["actors"][2]["part_of"], 0);
}

#[test]
fn show_text_prints_blocks_with_state_names() {
    let run = util::run(&["show", EXAMPLE]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("  carbon_price → emissions\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("      high            3    -1      -3\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn export_writes_dot_atomically_to_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("graph.dot");
    let run = util::run(&[
        "export",
        EXAMPLE,
        "--to",
        "dot",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let dot = std::fs::read_to_string(&out).unwrap();
    assert!(dot.starts_with("digraph realpolitik {"));
    assert_eq!(dot.matches(" -> ").count(), 9, "4 links and 5 blocks");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temporary left"
    );
}

#[test]
fn export_graphml_and_json() {
    let xml = util::run(&["export", EXAMPLE, "--to", "graphml"]);
    assert_eq!(xml.code, 0);
    assert_eq!(xml.stdout.matches("<node ").count(), 4);
    let json = util::run(&["export", EXAMPLE, "--to", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(doc["schema_version"], 1);
    assert_eq!(doc["graph"]["edges"].as_array().unwrap().len(), 9);
}

#[test]
fn schemas_match_the_committed_files() {
    for (which, file) in [
        ("model", "schema/model.schema.json"),
        ("output", "schema/output.schema.json"),
    ] {
        let run = util::run(&["schema", "--of", which]);
        assert_eq!(run.code, 0);
        let committed = std::fs::read_to_string(util::path(file)).unwrap();
        assert_eq!(run.stdout, committed, "{file}");
    }
}

#[test]
fn exit_codes_are_documented_ones() {
    assert_eq!(
        util::run(&["check", "tests/malformed/self-link.toml"]).code,
        1
    );
    assert_eq!(util::run(&["check", "--no-such-flag"]).code, 2);
    let missing = util::run(&["check", "no/such/model.toml"]);
    assert_eq!(missing.code, 3);
    assert!(
        missing.stderr.contains("cannot read no/such/model.toml"),
        "{}",
        missing.stderr
    );
    let dir = tempfile::tempdir().unwrap();
    let unwritable = dir.path().join("missing-dir/schema.json");
    assert_eq!(
        util::run(&["schema", "-o", unwritable.to_str().unwrap()]).code,
        3
    );
}

#[test]
fn a_closed_pipe_ends_the_command_quietly() {
    let mut child = util::command(&["schema"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read nothing and close stdout at once: the writer gets EPIPE.
    drop(child.stdout.take());
    let status = child.wait().unwrap();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert_eq!(status.code(), Some(0), "{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
}

#[test]
fn json_documents_of_the_example_are_stable() {
    for (name, args) in [
        ("check", &["check", EXAMPLE, "--format", "json"][..]),
        ("show", &["show", EXAMPLE, "--format", "json"][..]),
        ("export", &["export", EXAMPLE, "--to", "json"][..]),
        (
            "analyze",
            &["analyze", EXAMPLE, "--format", "json", "--draws", "200"][..],
        ),
        ("cib", &["cib", EXAMPLE, "--format", "json"][..]),
        (
            "fcm",
            &["fcm", EXAMPLE, "--format", "json", "--draws", "50"][..],
        ),
        ("bargain", &["bargain", EXAMPLE, "--format", "json"][..]),
    ] {
        let run = util::run(args);
        assert_eq!(run.code, 0, "{}", run.stderr);
        insta::assert_snapshot!(format!("example_{name}_json"), run.stdout);
    }
}
