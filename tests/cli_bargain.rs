//! `realpolitik bargain` end to end, on the example model and the shared reference cases
//! (tests/data/bargaining-cases: see its README for provenance and licences).

use crate::util;

const BDM: &str = "tests/data/bargaining-cases/bdm1994/bdm1994_emission_standards.csv";
const DEU3: &str = "tests/data/bargaining-cases/deu3";

#[test]
fn eum_on_the_1994_case_prints_rounds_exchanges_and_forecast() {
    let run = util::run(&["bargain", BDM]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let t = &run.stdout;
    assert!(t.contains("start    median 7.000  mean 7.390"), "{t}");
    assert!(t.contains("round 1  median 8.416"), "{t}");
    assert!(
        t.contains("Belgium compromises with France: 7.000 → 8.416"),
        "{t}"
    );
    assert!(t.contains("Luxembourg loses a confrontation to Belgium: 4.000 → 7.000"));
    assert!(
        t.contains("forecast 9.671 after 8 rounds (round limit)"),
        "{t}"
    );
}

#[test]
fn json_has_every_round_of_the_reference_run() {
    let run = util::run(&["bargain", BDM, "--format", "json", "--rounds", "10"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let issue = &doc["issues"][0];
    assert_eq!(issue["eum"]["initial_median"], 7.0);
    let medians: Vec<f64> = issue["eum"]["rounds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["median"].as_f64().unwrap())
        .collect();
    // github.com/jmckib/bdm-scholz-expected-utility-model, run unmodified.
    let want = [
        8.416, 9.611, 9.962, 9.962, 9.962, 7.472, 8.825, 9.671, 9.671, 7.0,
    ];
    assert_eq!(medians.len(), want.len());
    for (g, w) in medians.iter().zip(want) {
        assert!((g - w).abs() < 5e-4, "{medians:?}");
    }
    assert_eq!(issue["actors"][6], "UK");
    assert!(issue["coalitions"].as_array().unwrap().len() >= 2);
}

#[test]
fn baselines_and_the_example_model() {
    let run = util::run(&[
        "bargain",
        "examples/energy-transition.toml",
        "--solver",
        "mean",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // (50·0.7·100 + 0·0.9·40 + 90·0.9·30) / (70 + 36 + 27) = 5930 / 133.
    assert!(run.stdout.contains("forecast 44.586"), "{}", run.stdout);
    let run = util::run(&[
        "bargain",
        "examples/energy-transition.toml",
        "--solver",
        "median",
    ]);
    assert!(run.stdout.contains("forecast 50.000"), "{}", run.stdout);
}

#[test]
fn backtest_reports_every_solver_next_to_the_baselines() {
    let run = util::run(&["bargain", "backtest", DEU3, "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let scores = doc["scores"].as_array().unwrap();
    let names: Vec<&str> = scores
        .iter()
        .map(|s| s["solver"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["mean", "median", "eum", "eum-printed", "smp"]);
    assert!(scores.iter().all(|s| s["issues"] == 351));
    let mean = scores[0]["mae"].as_f64().unwrap();
    assert_eq!(format!("{mean:.2}"), "23.64");
}

#[test]
fn bad_csv_is_reported_with_file_line_column_and_a_fix() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.csv");
    std::fs::write(
        &path,
        "actor,capability,position,salience\nA,1,4,50\nB,lots,7,50\n",
    )
    .unwrap();
    let p = path.to_str().unwrap();
    let run = util::run(&["bargain", p]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("bad.csv:3:3"), "{}", run.stderr);
    assert!(
        run.stderr.contains("`lots` is not a number"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("decimal number"), "{}", run.stderr);
    let run = util::run(&["bargain", p, "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["diagnostics"][0]["line"], 3);
    assert_eq!(doc["diagnostics"][0]["column"], 3);
}

#[test]
fn usage_errors_exit_2() {
    let run = util::run(&["bargain", BDM, "--issue", "nope"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("its issues are: issue"),
        "{}",
        run.stderr
    );
    let run = util::run(&["bargain", BDM, "--q", "2"]);
    assert_eq!(run.code, 2);
    let run = util::run(&["bargain", "missing.csv"]);
    assert_eq!(run.code, 3);
}

#[test]
fn monte_carlo_and_sensitivity_are_seeded_and_thread_independent() {
    let args = |threads| {
        let mut a = vec![
            "bargain",
            "examples/energy-transition.toml",
            "--format",
            "json",
        ];
        a.extend([
            "--draws",
            "300",
            "--sensitivity",
            "--seed",
            "5",
            "--threads",
            threads,
        ]);
        util::run(&a)
    };
    let (one, two) = (args("1"), args("2"));
    assert_eq!(one.code, 0, "{}", one.stderr);
    assert_eq!(one.stdout, two.stdout);
    let doc: serde_json::Value = serde_json::from_str(&one.stdout).unwrap();
    let issue = &doc["issues"][0];
    let mc = &issue["monte_carlo"];
    assert_eq!(mc["draws"], 300);
    let (lo, hi) = (
        &mc["forecast"]["interval_90"][0],
        &mc["forecast"]["interval_90"][1],
    );
    // The government's position is uncertain in [40, 60] and decides the outcome.
    assert!(
        lo.as_f64().unwrap() >= 40.0 && hi.as_f64().unwrap() <= 60.0,
        "{mc}"
    );
    assert!(hi.as_f64().unwrap() - lo.as_f64().unwrap() > 10.0, "{mc}");
    assert_eq!(issue["sensitivity"][0]["actor"], "Government");
    assert_eq!(issue["sensitivity"][0]["input"], "position");
}

#[test]
fn ktab_xml_runs_every_dimension() {
    let xml = "tests/data/bargaining-cases/ktab-smp/smpExample.xml";
    let run = util::run(&["bargain", xml, "--solver", "median", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let ids: Vec<&str> = doc["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["FirstDim", "SecondDim", "YADN"]);
}

#[test]
fn smp_plays_ktab_dimensions_jointly_and_reproduces_ktab() {
    let csv = "tests/data/bargaining-cases/ktab-smp/SOE-Pol-Comp.csv";
    let run = util::run(&["bargain", csv, "--solver", "smp", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let smp = &doc["smp"];
    assert_eq!(smp["issues"].as_array().unwrap().len(), 2);
    // KTAB's reference run: 27 iterations, the last change ratio 0.0083 (ref2017_stopping).
    let ratios = smp["stopping_ratios"].as_array().unwrap();
    assert_eq!(ratios.len(), 27);
    assert!((ratios[26].as_f64().unwrap() - 0.0083).abs() < 0.00005);
    // XJ's Policy Position in turn 2 is 30.9 (ref2017_positions).
    let xj = smp["turns"][2]["positions"][0][0].as_f64().unwrap();
    assert!((xj - 30.9).abs() < 0.05 + 1e-9, "{xj}");
    // Each issue's final positions are the joint run's coordinates.
    let last = &smp["turns"][27]["positions"];
    for (k, issue) in doc["issues"].as_array().unwrap().iter().enumerate() {
        assert_eq!(issue["final_positions"][0], last[0][k]);
        assert_eq!(issue["forecast"], smp["forecast"][k]);
    }
    let text = util::run(&["bargain", csv, "--solver", "smp"]);
    assert_eq!(text.code, 0, "{}", text.stderr);
    assert!(
        text.stdout
            .contains("XJ takes the bargain of XJ challenging SHX (p = 0.896): [30.00, 20.00] → [30.90, 20.40]"),
        "{}",
        text.stdout
    );
}

#[test]
fn smp_plays_each_issue_alone_when_actors_differ() {
    let deu = "tests/data/bargaining-cases/deu3/deu3_positions_long.csv";
    let run = util::run(&[
        "bargain", deu, "--solver", "smp", "--issue", "d00032i1", "--format", "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert!(doc["smp"].is_null());
    let issue = &doc["issues"][0];
    let f = issue["forecast"].as_f64().unwrap();
    assert!((0.0..=100.0).contains(&f), "{f}");
    assert!(issue["smp"]["turns"].as_array().unwrap().len() >= 2);
    for x in issue["final_positions"].as_array().unwrap() {
        assert!((0.0..=100.0).contains(&x.as_f64().unwrap()));
    }
    let bdm = util::run(&["bargain", BDM, "--solver", "smp"]);
    assert_eq!(bdm.code, 0, "{}", bdm.stderr);
    assert!(bdm.stdout.contains("SMP over 1 issue(s)"), "{}", bdm.stdout);
}

#[test]
fn report_writes_a_position_chart_per_issue_and_the_coalitions() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("bargain.html");
    let run = util::run(&[
        "bargain",
        "tests/data/bargaining-cases/bdm1994/bdm1994_emission_standards.csv",
        "--quiet",
        "--report",
        report.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = std::fs::read_to_string(&report).unwrap();
    assert!(html.contains("<section id=\"bargain\">"));
    assert_eq!(
        html.matches("<svg class=\"plot bargain-positions\"")
            .count(),
        1
    );
    // The 1994 case has ten actors: one line each, and the forecast marked.
    assert_eq!(html.matches("<polyline ").count(), 10);
    assert!(html.contains("class=\"forecast\""));
    assert!(html.contains("<th>coalition</th>"));
    // A table has no model: no overview or evidence.
    assert!(!html.contains("<section id=\"model\">"));
}

#[test]
fn report_on_a_model_with_draws_shows_the_forecast_band() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("bargain.html");
    let run = util::run(&[
        "bargain",
        "--quiet",
        "--draws",
        "10",
        "--report",
        report.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = std::fs::read_to_string(&report).unwrap();
    assert!(html.contains("<section id=\"model\">"));
    assert!(html.contains("class=\"forecast-band\""));
    assert!(html.contains("<td>Monte Carlo draws</td><td>10</td>"));
}
