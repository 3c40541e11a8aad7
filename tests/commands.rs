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

/// Each JSON document of the example, validated against the committed output schema
/// ([`crate::output_schema::conforms`]), with values checked by hand rather than by a snapshot
/// that would be refreshed wholesale when the model changes.
fn json_document(args: &[&str], definition: &str) -> serde_json::Value {
    crate::output_schema::conforms(definition, args, 0)
}

fn close(value: &serde_json::Value, expected: f64) -> bool {
    (value.as_f64().unwrap() - expected).abs() < 1e-9
}

/// The logistic function of the FCM runs (sigmoid, λ = 1).
fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

#[test]
fn json_documents_of_the_example_hold_hand_checked_values() {
    // check: the counts of examples/energy-transition.toml, read off the file. Five blocks
    // (carbon_price → emissions 3×3, carbon_price → coal_jobs 3×2, coal_jobs → carbon_price
    // 2×3, gas_shock → emissions 2×3, emissions → carbon_price 3×3) make 9+6+6+6+9 = 36 cells;
    // the two stances, two blocks and two links with quotes are cited, the other six assumed.
    let check = json_document(&["check", EXAMPLE], "CheckDocument");
    let s = &check["summary"];
    let counts = [
        ("actors", 3),
        ("factors", 4),
        ("relations", 5),
        ("judgment_blocks", 5),
        ("judgment_cells", 36),
        ("links", 4),
        ("options", 2),
        ("triggers", 1),
        ("cited", 6),
        ("assumed", 6),
        ("quotes_verified", 6),
        ("quotes_unverified", 0),
    ];
    for (field, n) in counts {
        assert_eq!(s[field], n, "{field}");
    }

    // show: the values as written, uncertainty kept (an interval, a triangle).
    let show = json_document(&["show", EXAMPLE], "ShowDocument");
    let stance = |actor: usize| &show["model"]["actors"][actor]["stances"][0];
    assert_eq!(stance(0)["position"], serde_json::json!([40.0, 60.0]));
    assert_eq!(stance(0)["salience"], 70.0);
    assert_eq!(
        stance(1)["salience"],
        serde_json::json!([80.0, 90.0, 100.0])
    );
    assert_eq!(stance(2)["capability"], 30.0);
    // export: the factors in file order.
    let export = json_document(&["export", EXAMPLE, "--to", "json"], "GraphDocument");
    let ids: Vec<&str> = export["graph"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["carbon_price", "gas_shock", "coal_jobs", "emissions"]);

    // cib: exactly one consistent scenario, by hand. coal_jobs follows the price (none →
    // stable, moderate or high → falling); emissions follow price and gas shock; the price
    // balance is coal_jobs' row plus emissions' row. No price never balances (stable jobs and
    // flat or rising emissions give none −1 or −2 against 1 or 3), a high price never does
    // (−2 against 1), and a moderate one only with falling emissions (1 + 0 = 1, the maximum,
    // tied with none), which need no gas shock. Total impact score 1 + 0 + 1 + 1 = 3.
    let cib = json_document(&["cib", EXAMPLE], "CibDocument");
    let scenarios = cib["scenarios"].as_array().unwrap();
    assert_eq!(scenarios.len(), 1, "{scenarios:#?}");
    assert_eq!(
        scenarios[0]["variants"],
        serde_json::json!(["moderate", "no", "falling", "falling"])
    );
    assert_eq!(scenarios[0]["tis"], 3);
    assert_eq!(scenarios[0]["consistency_value"], 0);

    // fcm: Kosko's rule with the sigmoid; the trigger is held at 0 unless it fires. Waiting,
    // the price is 0, so coal_jobs = emissions = σ(0) = 0.5. A moderate price of 0.5 gives
    // coal_jobs σ(−0.4·0.5) and emissions σ(−0.75·0.5) (the nominal weights: the interval's
    // middle −0.4 and −strong's mode −0.75); with the gas shock, emissions σ(−0.375 + 0.3).
    let fcm = json_document(&["fcm", EXAMPLE, "--draws", "50"], "FcmModelDocument");
    let case = |option: &str, trigger: Option<&str>| {
        fcm["cases"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["option"] == option && c["trigger"].as_str() == trigger)
            .unwrap()["state"]
            .clone()
    };
    let states = [
        (case("wait", None), [0.0, 0.0, 0.5, 0.5]),
        (
            case("wait", Some("gas_crisis")),
            [0.0, 1.0, 0.5, sigmoid(0.3)],
        ),
        (
            case("price_now", None),
            [0.5, 0.0, sigmoid(-0.2), sigmoid(-0.375)],
        ),
        (
            case("price_now", Some("gas_crisis")),
            [0.5, 1.0, sigmoid(-0.2), sigmoid(-0.075)],
        ),
    ];
    for (state, expected) in states {
        for (value, e) in state.as_array().unwrap().iter().zip(expected) {
            assert!(close(value, e), "{state} vs {expected:?}");
        }
    }

    // analyze: the briefing judges the price on emissions (desired low): the nominal effect
    // is 100·(σ(−0.375) − 0.5) = −9.27 points, and every one of the 200 draws of −strong's
    // triangle [−1, −0.5] keeps it between 100·(σ(−0.5) − 0.5) = −12.2 and
    // 100·(σ(−0.25) − 0.5) = −6.2, so the net (emissions falling is good) is positive in all.
    let analyze = json_document(&["analyze", EXAMPLE, "--draws", "200"], "AnalyzeDocument");
    assert_eq!(analyze["options"], serde_json::json!(["wait", "price_now"]));
    let verdict = &analyze["briefing"]["verdicts"][0];
    assert_eq!(verdict["option"], "price_now");
    assert_eq!(verdict["judged"], "better");
    let net = &verdict["net"];
    let (low, high) = (
        -100.0 * (sigmoid(-0.25) - 0.5),
        -100.0 * (sigmoid(-0.5) - 0.5),
    );
    for q in ["q05", "median", "q95"] {
        let v = net[q].as_f64().unwrap();
        assert!(low < v && v < high, "{q} {v} outside ({low}, {high})");
    }
    assert_eq!(net["p_positive"], 1.0);

    // bargain: positions at their nominal values (the government's [40, 60] at 50), weights
    // salience × capability: 70·100 = 7000, 90·40 = 3600, 90·30 = 2700 (the union's triangle
    // at its mode 90). Weighted mean (7000·50 + 0 + 2700·90) / 13300 = 593000 / 13300; the
    // weighted median is 50 (the union's 3600 is under half of 13300, with the government's
    // 7000 over it). Nobody challenges, so the forecast is the median.
    let bargain = json_document(&["bargain", EXAMPLE], "BargainDocument");
    let issue = &bargain["issues"][0];
    assert_eq!(
        issue["initial_positions"],
        serde_json::json!([50.0, 0.0, 90.0])
    );
    assert!(close(&issue["eum"]["initial_mean"], 593_000.0 / 13_300.0));
    assert_eq!(issue["eum"]["initial_median"], 50.0);
    assert_eq!(issue["forecast"], 50.0);
}
