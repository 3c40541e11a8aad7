//! Work units on the command line: `--units` prints them, `run-unit` runs them from a file or
//! standard input, and `--merge` prints what the command prints when run at once, byte for byte.

use std::io::Write;
use std::process::Stdio;

use super::util::{command, run};

const MATRIX: &str = "tests/data/cib-cases/cibsa_CIB_global.matrix.csv";

/// Runs `run-unit` with `units` on standard input.
fn run_units(units: &str) -> String {
    let mut child = command(&["run-unit"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(units.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

/// The command's output run at once, and merged from its units run apart (in reverse order,
/// one unit given twice), with the units' count.
fn at_once_and_merged(
    args: &[&str],
    pieces: &str,
    dir: &std::path::Path,
) -> (String, String, usize) {
    let whole = run(&[args, &["--format", "json", "--quiet"]].concat());
    assert_eq!(whole.code, 0, "{}", whole.stderr);
    let units = run(&[args, &["--units", pieces, "--quiet"]].concat());
    assert_eq!(units.code, 0, "{}", units.stderr);
    let count = units.stdout.lines().count();
    let mut results: Vec<String> = units
        .stdout
        .lines()
        .map(|line| run_units(&format!("{line}\n")))
        .collect();
    results.reverse();
    results.push(results[0].clone());
    let file = dir.join("results.jsonl");
    std::fs::write(&file, results.concat()).unwrap();
    let file = file.display().to_string();
    let merge_args = [
        args,
        &[
            "--units", pieces, "--merge", &file, "--format", "json", "--quiet",
        ],
    ]
    .concat();
    let merged = run(&merge_args);
    assert_eq!(merged.code, 0, "{}", merged.stderr);
    (whole.stdout, merged.stdout, count)
}

#[test]
fn a_cib_search_with_basins_under_an_intervention_merges_to_the_run_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let args = [
        "cib",
        MATRIX,
        "--fix",
        "WTRD=Ntl",
        "--basins",
        "--max-inconsistency",
        "1",
    ];
    let (whole, merged, count) = at_once_and_merged(&args, "3", dir.path());
    assert!(count > 3, "two searches and the basins: {count} units");
    assert_eq!(merged, whole);
}

#[test]
fn an_fcm_monte_carlo_merges_to_the_run_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let (whole, merged, count) =
        at_once_and_merged(&["fcm", "--draws", "30", "--seed", "5"], "4", dir.path());
    assert_eq!(count, 4);
    assert_eq!(merged, whole);
    // With a sensitivity, the Sobol design's rows are cut into units too.
    let args = [
        "fcm",
        "examples/energy-transition.toml",
        "--draws",
        "10",
        "--sensitivity",
        "emissions",
        "--samples",
        "100",
    ];
    let (whole, merged, count) = at_once_and_merged(&args, "3", dir.path());
    assert_eq!(count, 6);
    assert_eq!(merged, whole);
}

#[test]
fn units_refuse_what_they_would_ignore_and_results_of_another_job() {
    let refused = run(&["cib", MATRIX, "--units", "2", "--sl", "out.sl"]);
    assert_eq!(refused.code, 2);
    assert!(refused.stderr.contains(
        "--sl needs a result: give it with --merge, not when --units only prints the units"
    ));
    let dir = tempfile::tempdir().unwrap();
    let weights = dir.path().join("W.csv");
    std::fs::write(&weights, ",a,b\na,0,-1\nb,-1,0\n").unwrap();
    let matrix_fcm = run(&["fcm", weights.to_str().unwrap(), "--units"]);
    assert_eq!(matrix_fcm.code, 2, "{}", matrix_fcm.stderr);
    assert!(matrix_fcm.stderr.contains("a matrix run has none"));
    let units = run(&["cib", MATRIX, "--units", "2", "--quiet"]);
    let file = dir.path().join("results.jsonl");
    std::fs::write(&file, run_units(&units.stdout)).unwrap();
    let other = run(&[
        "cib",
        MATRIX,
        "--units",
        "3",
        "--merge",
        file.to_str().unwrap(),
    ]);
    assert_eq!(other.code, 2);
    assert!(other.stderr.contains("not of this job"), "{}", other.stderr);
    std::fs::write(&file, "{\"job\": \n").unwrap();
    let broken = run(&[
        "cib",
        MATRIX,
        "--units",
        "2",
        "--merge",
        file.to_str().unwrap(),
    ]);
    assert_eq!(broken.code, 2);
    assert!(
        broken.stderr.contains("results.jsonl:1:") && broken.stderr.contains("not a unit's result"),
        "{}",
        broken.stderr
    );
}
