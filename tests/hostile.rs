//! Hostile and huge input (issue 13): one regression test per finding. No panic (exit code 101),
//! no runaway allocation, no file clobbered, nothing read outside the model's folder, no NaN.

use std::fs;
use std::path::Path;
use std::process::Stdio;

use crate::util;

const EXAMPLE: &str = "examples/energy-transition.toml";

/// Runs the binary on arguments that name files in `dir` (given as full paths).
fn run(args: &[&str]) -> util::Run {
    util::run(args)
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    fs::write(&path, text).unwrap();
    path.display().to_string()
}

// 1. Writes replace what is at the destination.

#[test]
fn dash_output_means_standard_output() {
    let r = run(&["export", EXAMPLE, "--to", "dot", "-o", "-"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with("digraph"), "{}", r.stdout);
    assert!(!util::path("-").exists());
}

#[cfg(unix)]
#[test]
fn a_symlinked_output_stays_a_link_and_its_target_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let target = write(dir.path(), "target.txt", "old");
    let link = dir.path().join("link.dot");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let r = run(&[
        "export",
        EXAMPLE,
        "--to",
        "dot",
        "-o",
        link.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(fs::read_to_string(&target).unwrap().starts_with("digraph"));
    // No temporary file is left beside it.
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 2);
}

#[cfg(unix)]
#[test]
fn a_full_device_is_an_error_and_stays_a_device() {
    use std::os::unix::fs::FileTypeExt;
    if !Path::new("/dev/full").exists() {
        return;
    }
    let r = run(&["schema", "-o", "/dev/full"]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stderr.contains("/dev/full"), "{}", r.stderr);
    let kind = fs::metadata("/dev/full").unwrap().file_type();
    assert!(kind.is_char_device());
}

// 2. Small files, huge allocations.

#[test]
fn a_sheet_declaring_17_billion_cells_is_refused_before_allocating() {
    for command in ["cib", "fcm"] {
        let r = run(&[command, "tests/hostile/xfd1048576.xlsx"]);
        assert_eq!(r.code, 1, "{command}: {}", r.stderr);
        assert!(
            r.stderr.contains("A1:XFD1048576"),
            "{command}: {}",
            r.stderr
        );
        assert!(
            r.stderr.contains("--limit cells="),
            "{command}: {}",
            r.stderr
        );
    }
}

#[test]
fn a_50000_concept_header_is_refused_with_its_location() {
    let dir = tempfile::tempdir().unwrap();
    let header: String = (0..50_000).map(|i| format!(",c{i}")).collect();
    let path = write(dir.path(), "wide.csv", &format!("from{header}\n"));
    let r = run(&["fcm", &path]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("50000 concepts"), "{}", r.stderr);
    assert!(r.stderr.contains("wide.csv:1:1"), "{}", r.stderr);
}

#[test]
fn a_scw_with_50000_variants_is_refused_at_the_line_past_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let variants: String = (0..50_000).map(|i| format!(" -v{i}\n")).collect();
    let path = write(
        dir.path(),
        "many.scw",
        &format!("$ ScenarioWizard 4.0\n\n&D\n{variants}#\n"),
    );
    let r = run(&["cib", &path]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("many.scw:2004:"), "{}", r.stderr);
}

#[test]
fn huge_draw_counts_and_thread_counts_are_refused_up_front() {
    for args in [
        &["analyze", "--draws", "1000000000"][..],
        &["analyze", "--draws", "0"],
        &[
            "fcm",
            EXAMPLE,
            "--sensitivity",
            "emissions",
            "--samples",
            "0",
        ],
        &["check", EXAMPLE, "--threads", "100000"],
        &["check", EXAMPLE, "--limit", "nonsense=1"],
    ] {
        let r = run(args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
    }
    let r = run(&["analyze", "--draws", "0"]);
    assert!(r.stderr.contains("at least 1"), "{}", r.stderr);
    let r = run(&["analyze", "--draws", "1000000000"]);
    assert!(r.stderr.contains("--limit draws="), "{}", r.stderr);
}

#[cfg(unix)]
#[test]
fn a_source_that_is_a_device_or_outside_the_folder_is_never_read() {
    let dir = tempfile::tempdir().unwrap();
    for path in [
        "/dev/zero",
        "../../../../../../../etc/passwd",
        "/etc/passwd",
    ] {
        let model = write(
            dir.path(),
            "m.toml",
            &format!(
                "[model]\ntitle = \"t\"\n[[model.sources]]\nid = \"s\"\ntitle = \"s\"\npath = \"{path}\"\n"
            ),
        );
        let r = run(&["check", &model]);
        assert_eq!(r.code, 1, "{path}: {}", r.stderr);
        assert!(!r.stderr.contains("root:"), "{path}: {}", r.stderr);
        if !path.starts_with("/dev") {
            assert!(r.stderr.contains("inside the model"), "{}", r.stderr);
        }
    }
}

// 3. Panics.

#[test]
fn an_error_past_column_65535_is_shown_as_an_excerpt() {
    let dir = tempfile::tempdir().unwrap();
    let long = "x".repeat(70_000);
    let model = write(
        dir.path(),
        "long.toml",
        &format!("[model]\ntitle = \"{long}\" oops\n"),
    );
    let r = run(&["check", &model]);
    assert_eq!(r.code, 1, "{}", &r.stderr[..r.stderr.len().min(2000)]);
    assert!(r.stderr.contains("long.toml:2:"), "{}", r.stderr);
    assert!(r.stderr.contains('…'), "{}", r.stderr);
    assert!(r.stderr.len() < 4_000, "{} bytes", r.stderr.len());
}

#[test]
fn a_name_of_70000_characters_prints_without_panicking() {
    let dir = tempfile::tempdir().unwrap();
    let name = "N".repeat(70_000);
    let matrix = write(
        dir.path(),
        "long.csv",
        &format!(
            "x,{name}:a,{name}:b,B:a,B:b\n{name}:a,0,0,1,-1\n{name}:b,0,0,-1,1\nB:a,1,-1,0,0\nB:b,-1,1,0,0\n"
        ),
    );
    let r = run(&["cib", &matrix]);
    assert_eq!(r.code, 0, "{}", &r.stderr[..r.stderr.len().min(2000)]);
    assert!(r.stdout.contains(&name));
}

#[test]
fn a_full_stderr_exits_with_the_code_of_the_error_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let bad = write(dir.path(), "bad.csv", "x,A:a\nA:a,notanumber\n");
    if !Path::new("/dev/full").exists() {
        return;
    }
    let full = fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let status = util::command(&["cib", &bad])
        .stdout(Stdio::null())
        .stderr(Stdio::from(full))
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(1));
}

#[test]
fn a_closed_stderr_pipe_exits_with_the_code_of_the_error_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let bad = bad_matrix(dir.path());
    let mut child = util::command(&["cib", &bad, "--max-diagnostics", "5000"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stderr.take());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(1));
}

// 5. NaN / inf with exit 0.

#[test]
fn bargaining_inputs_without_a_forecast_are_located_errors() {
    let dir = tempfile::tempdir().unwrap();
    let zero = write(
        dir.path(),
        "zero.csv",
        "actor,capability,position,salience_pct\nA,1,10,0\nB,2,90,0\n",
    );
    let r = run(&["bargain", &zero]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("bargain::no_weight"), "{}", r.stderr);
    // Issue 31, finding 9: the whole table's problem names the table.
    assert!(r.stderr.contains("zero.csv:1:1"), "{}", r.stderr);
    let huge = write(
        dir.path(),
        "huge.csv",
        "actor,capability,position,salience_pct\nA,1e308,10,50\nB,1e308,90,50\n",
    );
    let r = run(&["bargain", &huge]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("huge.csv:2:"), "{}", r.stderr);
    let none = write(
        dir.path(),
        "none.toml",
        "[model]\ntitle = \"t\"\n[[issues]]\nid = \"i\"\nquestion = \"q\"\nscale = { low = 0, high = 1, low_label = \"a\", high_label = \"b\" }\n",
    );
    let r = run(&["bargain", &none]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("none.toml:4:"), "{}", r.stderr);
    assert!(r.stderr.contains("model::unusable_issue"), "{}", r.stderr);
    let empty = write(dir.path(), "empty.toml", "[model]\ntitle = \"t\"\n");
    let r = run(&["bargain", &empty]);
    assert_eq!(r.code, 1, "{}", r.stderr);
}

// 7. Errors.

#[test]
fn a_windows_1252_matrix_is_decoded() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.csv");
    fs::write(
        &path,
        b"x,\xc9co:a,\xc9co:b,B:a,B:b\n\xc9co:a,0,0,1,-1\n\xc9co:b,0,0,-1,1\nB:a,1,-1,0,0\nB:b,-1,1,0,0\n",
    )
    .unwrap();
    let r = run(&["cib", path.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("Éco"), "{}", r.stdout);
}

/// A matrix of 2 descriptors × 20 variants whose 1,600 cells are all not numbers.
fn bad_matrix(dir: &Path) -> String {
    let labels: Vec<String> = ["A", "B"]
        .iter()
        .flat_map(|d| (0..20).map(move |v| format!("{d}:v{v}")))
        .collect();
    let mut text = format!("x,{}\n", labels.join(","));
    for label in &labels {
        text.push_str(&format!("{label}{}\n", ",z".repeat(labels.len())));
    }
    write(dir, "bad.csv", &text)
}

#[test]
fn only_the_first_diagnostics_are_rendered_and_the_rest_counted() {
    let dir = tempfile::tempdir().unwrap();
    let bad = bad_matrix(dir.path());
    let r = run(&["cib", &bad, "--max-diagnostics", "3"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("and 1597 more not shown"), "{}", r.stderr);
    assert_eq!(r.stderr.matches("bad.csv:").count(), 3, "{}", r.stderr);
    let r = run(&["cib", &bad, "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(doc["diagnostics"].as_array().unwrap().len(), 1600);
}

#[test]
fn an_all_zero_matrix_stops_at_the_solutions_limit_instead_of_growing_without_bound() {
    // 15 descriptors × 10 variants, every cell 0: all 10^15 scenarios are consistent.
    let dir = tempfile::tempdir().unwrap();
    let labels: Vec<String> = (0..15)
        .flat_map(|d| (0..10).map(move |v| format!("D{d}:v{v}")))
        .collect();
    let mut text = format!("x,{}\n", labels.join(","));
    for label in &labels {
        text.push_str(&format!("{label}{}\n", ",0".repeat(labels.len())));
    }
    let path = write(dir.path(), "zero.csv", &text);
    let r = run(&["cib", &path, "--limit", "solutions=2000"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("--limit solutions="), "{}", r.stderr);
    assert!(r.stderr.contains("over the limit of 2000"), "{}", r.stderr);
    // Under the limit the search answers as before.
    let r = run(&[
        "cib",
        "tests/data/cib-cases/cibsa_CIB_global.matrix.csv",
        "--limit",
        "solutions=2000",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

/// Found by fuzzing (`fuzz/run.sh xlsx`): a cell reference whose column overflows calamine's
/// arithmetic made the spreadsheet reader panic.
#[test]
fn a_cell_reference_that_overflows_the_spreadsheet_reader_is_an_error() {
    for command in ["cib", "fcm"] {
        let r = run(&[command, "tests/hostile/overflowing-cell-reference.xlsx"]);
        assert_eq!(r.code, 1, "{command}: {}", r.stderr);
        assert!(r.stderr.contains("malformed"), "{command}: {}", r.stderr);
        // The library catches calamine's panic; it is not printed as one either.
        assert!(!r.stderr.contains("panicked"), "{command}: {}", r.stderr);
    }
}
