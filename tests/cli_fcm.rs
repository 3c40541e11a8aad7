//! `realpolitik fcm` end to end: matrices, models, errors.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

struct Ran {
    code: i32,
    stdout: String,
    stderr: String,
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn fcm(args: &[&str]) -> Ran {
    let out = Command::new(env!("CARGO_BIN_EXE_realpolitik"))
        .arg("fcm")
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .expect("the binary runs");
    Ran {
        code: out.status.code().expect("not killed by a signal"),
        stdout: String::from_utf8(out.stdout).expect("UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("UTF-8"),
    }
}

fn json(run: &Ran) -> Value {
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&run.stdout).expect("valid JSON")
}

/// Writes `text` to a fresh file named `name`; the directory lives as long as the guard.
fn file(name: &str, text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = dir.path().join(name);
    std::fs::write(&path, text).expect("written");
    (dir, path)
}

/// The weight matrix of the R `fcm` package's vignette, laid out as Mental Modeler exports it.
const R_VIGNETTE: &str = ",C1,C2,C3,C4,C5,C6
C1,0,0,0.6,0.9,0,0
C2,0.1,0,0,0,0,0
C3,0,0.7,0,0,0.9,0
C4,0,0,0,0,0,0.9
C5,0,0,0,0,0,-0.9
C6,-0.3,0,0,0,0,0
";

fn floats(v: &Value) -> Vec<f64> {
    v.as_array()
        .expect("an array")
        .iter()
        .map(|x| x.as_f64().expect("a number"))
        .collect()
}

#[test]
fn a_bare_matrix_reproduces_the_r_fcm_vignette() {
    let (_dir, path) = file("W.csv", R_VIGNETTE);
    let p = path.to_str().unwrap();
    let doc = json(&fcm(&[
        p,
        "--initial",
        "1,1,1,0,0,0",
        "--rule",
        "kosko",
        "--transfer",
        "sigmoid",
        "--lambda",
        "1",
        "--preset",
        "r-fcm",
        "--format",
        "json",
    ]));
    assert_eq!(doc["status"]["status"], "converged");
    assert_eq!(doc["steps"], 5);
    assert_eq!(doc["trajectory"].as_array().unwrap().len(), 6);
    // Printed in the vignette: "converged in the 6th state".
    let printed = [
        0.4778365, 0.5986462, 0.5712033, 0.6059079, 0.6257586, 0.4955168,
    ];
    for (got, want) in floats(&doc["final"]).iter().zip(printed) {
        assert!((got - want).abs() < 5e-8, "{got} vs {want}");
    }
    let text = fcm(&[p, "--initial", "1,1,1,0,0,0", "--preset", "r-fcm"]);
    assert_eq!(text.code, 0, "{}", text.stderr);
    assert!(
        text.stdout.contains("status: converged after 5 steps"),
        "{}",
        text.stdout
    );
    assert!(text.stdout.contains("0.4778"), "{}", text.stdout);
}

#[test]
fn an_oscillating_map_reports_its_cycle_instead_of_looping() {
    // Two concepts that inhibit each other under the trivalent function flip forever.
    let (_dir, path) = file("flip.csv", ",a,b\na,0,-1\nb,-1,0\n");
    let doc = json(&fcm(&[
        path.to_str().unwrap(),
        "--initial",
        "1,1",
        "--transfer",
        "trivalent",
        "--format",
        "json",
    ]));
    assert_eq!(doc["status"]["status"], "limit-cycle");
    assert_eq!(doc["status"]["period"], 2);
    // (1, 1) → (−1, −1) → (1, 1) …
    assert_eq!(floats(&doc["trajectory"][1]), [-1.0, -1.0]);
}

#[test]
fn a_clamped_concept_stays_put() {
    let (_dir, path) = file("W.csv", R_VIGNETTE);
    let doc = json(&fcm(&[
        path.to_str().unwrap(),
        "--clamp",
        "C4=0.25",
        "--format",
        "json",
    ]));
    for state in doc["trajectory"].as_array().unwrap() {
        assert_eq!(state[3], 0.25);
    }
}

#[test]
fn a_model_compares_each_option_and_trigger_with_the_baseline() {
    let doc = json(&fcm(&[
        "examples/energy-transition.toml",
        "--format",
        "json",
        "--structure",
    ]));
    let cases = doc["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 4);
    assert_eq!(cases[2]["option"], "price_now");
    assert_eq!(cases[2]["trigger"], Value::Null);
    // emissions, the gas shock at rest: σ(−0.375) − 0.5 = −0.09266659995406973, −9.27 points.
    let pp = floats(&cases[2]["change_pp"])[3];
    assert!((pp + 9.266659995406973).abs() < 1e-7, "{pp}");
    assert_eq!(cases[3]["trigger"], "gas_crisis");
    let paths = doc["paths"].as_array().unwrap();
    assert_eq!(paths[0]["path"][0], "carbon_price");
    assert_eq!(paths[0]["weight"], -0.75);
}

#[test]
fn monte_carlo_is_the_same_on_one_and_two_threads() {
    let run = |threads: &str| {
        fcm(&[
            "examples/energy-transition.toml",
            "--draws",
            "100",
            "--bootstrap",
            "100",
            "--threads",
            threads,
            "--format",
            "json",
        ])
    };
    let one = json(&run("1"));
    let two = json(&run("2"));
    assert_eq!(one["monte_carlo"], two["monte_carlo"]);
    assert_eq!(one["monte_carlo"]["draws"], 100);
    assert_eq!(
        one["monte_carlo"]["cases"][2]["effects"][3]["p_positive"],
        0.0
    );
}

#[test]
fn a_bad_cell_is_reported_with_file_line_column_and_a_fix() {
    let (_dir, path) = file("bad.csv", ",a,b\na,0,strong\nb,0,0\n");
    let run = fcm(&[path.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("bad.csv:2:5"), "{}", run.stderr);
    assert!(
        run.stderr.contains("\"strong\" is not a number"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("between -1 and 1"), "{}", run.stderr);
    // JSON output gives programs the same location.
    let run = fcm(&[path.to_str().unwrap(), "--format", "json"]);
    assert_eq!(run.code, 1);
    let doc: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["diagnostics"][0]["line"], 2);
    assert_eq!(doc["diagnostics"][0]["column"], 5);
}

#[test]
fn usage_errors_say_how_to_fix_them() {
    let (_dir, path) = file("W.csv", R_VIGNETTE);
    let p = path.to_str().unwrap();
    let run = fcm(&[p, "--initial", "1,0"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("2 values but the map has 6 concepts"),
        "{}",
        run.stderr
    );
    let run = fcm(&[p, "--clamp", "C9=1"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("the concepts are C1, C2"),
        "{}",
        run.stderr
    );
    let run = fcm(&[p, "--rule", "fast"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("kosko, modified-kosko or rescaled"),
        "{}",
        run.stderr
    );
    let run = fcm(&[p, "--lambda", "0"]);
    assert_eq!(run.code, 2);
    let run = fcm(&["no/such/map.xlsx"]);
    assert_eq!(run.code, 3);
    assert!(run.stderr.contains("no/such/map.xlsx"), "{}", run.stderr);
    let run = fcm(&["examples/energy-transition.toml", p]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("not a mix"), "{}", run.stderr);
    let run = fcm(&["no/such/file.csv"]);
    assert_eq!(run.code, 3);
}

#[test]
fn sensitivity_names_the_link_that_decides_the_outcome() {
    let doc = json(&fcm(&[
        "examples/energy-transition.toml",
        "--sensitivity",
        "emissions",
        "--case",
        "price_now",
        "--samples",
        "400",
        "--format",
        "json",
    ]));
    let s = &doc["sensitivity"];
    assert_eq!(s["case"], "price_now");
    assert_eq!(s["tornado"][0]["link"], "carbon_price → emissions");
    // σ(−0.5) − 0.5, the gas shock at rest.
    let low = s["tornado"][0]["effect_at_low"].as_f64().unwrap();
    assert!((low + 0.1224593312018546).abs() < 1e-9, "{low}");
    assert_eq!(s["tornado"][1]["swing"], 0.0);
    let links = s["sobol"]["links"].as_array().unwrap();
    assert_eq!(links[0]["link"], "carbon_price → emissions");
    assert!(links[0]["total"].as_f64().unwrap() > 0.9);
    assert_eq!(links[1]["total"], 0.0);
    let run = fcm(&[
        "examples/energy-transition.toml",
        "--sensitivity",
        "emissions",
        "--case",
        "tax",
    ]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("the cases are wait,"), "{}", run.stderr);
}

#[test]
fn several_matrices_are_aggregated_with_their_disagreement() {
    let (_a, one) = file("one.csv", ",x,y\nx,0,0.5\ny,0,0\n");
    let (_b, two) = file("two.csv", ",y,x\ny,0,0.2\nx,-0.3,0\n");
    let doc = json(&fcm(&[
        one.to_str().unwrap(),
        two.to_str().unwrap(),
        "--format",
        "json",
    ]));
    assert_eq!(doc["aggregate"], "mean");
    let edges = doc["edges"].as_array().unwrap();
    // x → y: (0.5 − 0.3) / 2 = 0.1, signs + and −: entropy 1 bit.
    let xy = edges
        .iter()
        .find(|e| e["from"] == "x" && e["to"] == "y")
        .unwrap();
    assert!((xy["weight"].as_f64().unwrap() - 0.1).abs() < 1e-12);
    assert_eq!(xy["entropy"], 1.0);
    let yx = edges
        .iter()
        .find(|e| e["from"] == "y" && e["to"] == "x")
        .unwrap();
    assert!((yx["weight"].as_f64().unwrap() - 0.1).abs() < 1e-12);
}

#[test]
fn a_spreadsheet_is_read_like_a_csv_file() {
    let book = "crates/realpolitik/src/fcm/testdata/experts.xlsx";
    let doc = json(&fcm(&[
        book,
        "--initial",
        "1,1,1,0,0,0",
        "--preset",
        "r-fcm",
        "--format",
        "json",
    ]));
    assert_eq!(doc["steps"], 5);
    let last = floats(&doc["final"])[5];
    assert!((last - 0.4955168).abs() < 5e-8, "{last}");
    let run = fcm(&[book, "--sheet", "bad"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("[sheet bad]:7:"), "{}", run.stderr);
    assert!(run.stderr.contains("cell G7"), "{}", run.stderr);
}

#[test]
fn csv_output_for_programs() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("effects.csv");
    let run = fcm(&[
        "examples/energy-transition.toml",
        "--csv",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(&out).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "option,trigger,status,concept,baseline,state,change,change_pp"
    );
    // 4 cases × 4 concepts.
    assert_eq!(lines.len(), 1 + 16);
    let row: Vec<&str> = lines[12].split(',').collect();
    assert_eq!(&row[..4], ["price_now", "", "converged", "emissions"]);
    let change: f64 = row[6].parse().unwrap();
    assert!((change + 0.09266659995406973).abs() < 1e-12, "{change}");

    let (_d, w) = file("flip.csv", ",a,b\na,0,-1\nb,-1,0\n");
    let traj = dir.path().join("trajectory.csv");
    let run = fcm(&[
        w.to_str().unwrap(),
        "--initial",
        "1,1",
        "--transfer",
        "trivalent",
        "--csv",
        traj.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(&traj).unwrap();
    assert_eq!(
        text.lines().take(3).collect::<Vec<_>>(),
        ["step,a,b", "0,1,1", "1,-1,-1"]
    );
}

#[test]
fn report_writes_effects_tornadoes_and_paths() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("fcm.html");
    let run = crate::util::run(&[
        "fcm",
        "examples/energy-transition.toml",
        "--quiet",
        "--draws",
        "20",
        "--bootstrap",
        "10",
        "--report",
        report.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = std::fs::read_to_string(&report).unwrap();
    assert!(html.contains("<section id=\"fcm\">"));
    assert!(html.contains("<svg class=\"plot fcm-effects\""));
    assert!(html.contains("class=\"median\""));
    assert!(html.contains("<h3>Main causal paths</h3>"));
    assert!(html.contains("<td>Monte Carlo draws</td><td>20</td>"));
    // No Sobol table without --sensitivity.
    assert!(!html.contains("(Sobol indices)"));
}

#[test]
fn report_with_sensitivity_has_the_sobol_table() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("fcm.html");
    let run = crate::util::run(&[
        "fcm",
        "examples/energy-transition.toml",
        "--quiet",
        "--sensitivity",
        "emissions",
        "--samples",
        "32",
        "--report",
        report.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = std::fs::read_to_string(&report).unwrap();
    assert!(html.contains("(Sobol indices)</h3>"), "{html}");
    assert!(html.contains("Saltelli sampling with N = 32"));
}

#[test]
fn report_draws_a_bare_matrix_run_step_by_step() {
    let dir = tempfile::tempdir().unwrap();
    let matrix = dir.path().join("w.csv");
    std::fs::write(&matrix, "0,1\n0,0\n").unwrap();
    let report = dir.path().join("fcm.html");
    let run = crate::util::run(&[
        "fcm",
        matrix.to_str().unwrap(),
        "--report",
        report.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = std::fs::read_to_string(&report).unwrap();
    assert!(html.contains("<svg class=\"plot fcm-trajectory\""));
    // Two concepts, two lines.
    assert_eq!(html.matches("<polyline ").count(), 2);
    assert!(!html.contains("<section id=\"model\">"));
}
