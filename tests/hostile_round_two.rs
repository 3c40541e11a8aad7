//! Hostile input, round two (issue 31): one regression test per finding fixed, each named after
//! it.

use std::fs;
use std::path::Path;

use crate::util;

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    fs::write(&path, text).unwrap();
    path.display().to_string()
}

/// A model whose factor label and option name carry terminal escapes (clear screen, a window
/// title) and a spreadsheet formula.
const ESCAPES: &str = "[model]\ntitle = \"t\"\n\
[[factors]]\nid = \"a\"\nlabel = \"=HYPERLINK(\\\"http://x\\\")\"\nrole = \"lever\"\nstates = [\"off\", \"on\"]\n\
[[factors]]\nid = \"b\"\nlabel = \"B\\u001b[2J\\u001b]0;owned\\u0007\"\nrole = \"outcome\"\ndesired = \"high\"\nstates = [\"low\", \"high\"]\n\
[[relations]]\nfrom = \"a\"\nto = \"b\"\nweight = 0.5\nassumption = \"test\"\n\
[[options]]\nid = \"sq\"\nname = \"SQ\\u007F\"\nstatus_quo = true\nclamp = { a = { state = \"off\", value = 0.0 } }\n\
[[options]]\nid = \"go\"\nname = \"Go\"\nclamp = { a = { state = \"on\", value = 1.0 } }\n";

fn assert_no_control(out: &str) {
    assert!(
        !out.chars()
            .any(|c| (c.is_control() && c != '\n' && c != '\t') || c == '\u{7f}'),
        "a control character reached the terminal: {out:?}"
    );
}

/// Finding 8: labels with terminal escapes reached the terminal raw in `show`, `analyze`, `fcm`
/// and `cib`; now each shows as its control picture.
#[test]
fn terminal_escapes_in_labels_show_instead_of_acting() {
    let dir = tempfile::tempdir().unwrap();
    let model = write(dir.path(), "m.toml", ESCAPES);
    for args in [
        vec!["show", &model],
        vec!["analyze", &model, "--draws", "20"],
        vec!["fcm", &model],
        vec!["cib", &model],
        vec!["check", &model],
    ] {
        let r = util::run(&args);
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
        assert_no_control(&r.stdout);
        assert_no_control(&r.stderr);
    }
    let shown = util::run(&["show", &model]);
    assert!(
        shown
            .stdout
            .contains("B\u{241b}[2J\u{241b}]0;owned\u{2407}"),
        "{}",
        shown.stdout
    );
    // JSON keeps the text, escaped.
    let json = util::run(&["show", &model, "--format", "json"]);
    assert_no_control(&json.stdout);
    let doc: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(
        doc["model"]["factors"][1]["label"],
        "B\u{1b}[2J\u{1b}]0;owned\u{7}"
    );
    assert_eq!(doc["model"]["options"][0]["name"], "SQ\u{7f}");
}

/// Finding 8: an error in a file holding escapes printed the offending line raw.
#[test]
fn a_diagnostic_on_a_line_with_escapes_shows_them() {
    let dir = tempfile::tempdir().unwrap();
    let model = write(
        dir.path(),
        "m.toml",
        "[model]\ntitle = \"t\u{1b}[2J\"\nunknown = 1\n",
    );
    let r = util::run(&["check", &model]);
    assert_eq!(r.code, 1);
    assert_no_control(&r.stderr);
    assert!(r.stderr.contains("\u{241b}[2J"), "{}", r.stderr);
}

/// Finding 8: text cells starting with `=`, `+`, `-` or `@` went into CSV unescaped, where a
/// spreadsheet runs them as formulas; numbers keep their sign.
#[test]
fn csv_cells_a_spreadsheet_would_run_are_neutralised() {
    let dir = tempfile::tempdir().unwrap();
    let model = write(dir.path(), "m.toml", ESCAPES);
    let r = util::run(&["cib", &model, "--format", "csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let matrix = dir.path().join("w.csv");
    fs::write(
        &matrix,
        ",=cmd,-2+3,@x\n=cmd,0,0.5,0\n-2+3,0,0,-0.4\n@x,0,0,0\n",
    )
    .unwrap();
    let r = util::run(&[
        "fcm",
        matrix.to_str().unwrap(),
        "--initial",
        "1,0,0",
        "--format",
        "csv",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let header = r.stdout.lines().next().unwrap();
    assert!(
        header.contains("'=cmd") && header.contains("'-2+3") && header.contains("'@x"),
        "{header}"
    );
    assert!(!header.contains(",=cmd"), "{header}");
    // Negative numbers are numbers.
    assert!(
        r.stdout.contains(",-0.") || !r.stdout.contains("'-0."),
        "{}",
        r.stdout
    );
}

/// Finding 7: `-o`, `--report` and `--csv` replaced a read-only file, since a rename needs only
/// the folder's permission.
#[cfg(unix)]
#[test]
fn a_read_only_destination_is_refused_and_left_as_it_was() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let out = write(dir.path(), "graph.dot", "OLD");
    fs::set_permissions(&out, fs::Permissions::from_mode(0o444)).unwrap();
    for args in [
        vec![
            "export",
            "examples/energy-transition.toml",
            "--to",
            "dot",
            "-o",
            &out,
        ],
        vec!["ach", "tests/data/ach/toy.toml", "--report", &out],
    ] {
        let r = util::run(&args);
        assert_eq!(r.code, 3, "{args:?}");
        assert!(r.stderr.contains("read-only"), "{}", r.stderr);
        assert_eq!(fs::read_to_string(&out).unwrap(), "OLD");
    }
}

/// Finding 7: `export -o M.toml M.toml` overwrote the model it read.
#[test]
fn a_command_never_writes_over_its_input() {
    let dir = tempfile::tempdir().unwrap();
    let text = fs::read_to_string(util::path("tests/data/ach/toy.toml")).unwrap();
    let source = fs::read_to_string(util::path("tests/data/ach/toy.txt")).unwrap();
    write(dir.path(), "toy.txt", &source);
    let model = write(dir.path(), "m.toml", &text);
    let r = util::run(&["export", &model, "--to", "json", "-o", &model]);
    assert_eq!(r.code, 3);
    assert!(
        r.stderr.contains("it is an input of this command"),
        "{}",
        r.stderr
    );
    assert_eq!(fs::read_to_string(&model).unwrap(), text);
}

/// Finding 7: `-o /dev/stdout` failed when standard output is a pipe (as here, where the test
/// reads it), though the docs say it is written through.
#[cfg(target_os = "linux")]
#[test]
fn dev_stdout_on_a_pipe_is_written_through() {
    let r = util::run(&[
        "export",
        "examples/energy-transition.toml",
        "--to",
        "dot",
        "-o",
        "/dev/stdout",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with("digraph"), "{}", r.stdout);
}

/// Finding 1: the CIB search bounded the scenarios it keeps by count, not bytes: the example
/// plus hundreds of unconnected factors (every scenario kilobytes wide, nearly all consistent)
/// took gigabytes before the count limit. The bytes are bounded now, and the refusal names
/// them; here with a 1 MB limit, so that the test is quick.
#[test]
fn the_scenarios_a_search_keeps_are_bounded_in_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = fs::read_to_string(util::path("tests/data/ach/toy.toml")).unwrap();
    for i in 0..60 {
        text.push_str(&format!(
            "\n[[factors]]\nid = \"u{i}\"\nlabel = \"U{i}\"\nrole = \"mechanism\"\nstates = [\"a\", \"b\"]\n"
        ));
    }
    write(
        dir.path(),
        "toy.txt",
        &fs::read_to_string(util::path("tests/data/ach/toy.txt")).unwrap(),
    );
    let model = write(dir.path(), "wide.toml", &text);
    let r = util::run(&["cib", &model, "--limit", "memory=1M"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    // 62 descriptors: 48 bytes of a scenario's record and 8 per descriptor.
    assert!(r.stderr.contains("at 544 bytes each"), "{}", r.stderr);
    assert!(r.stderr.contains("--limit memory=N"), "{}", r.stderr);
}

/// Finding 4: `bargain --rounds 1000000` ran for 34 s and 2 GB; `cib --sample-basins
/// 1000000000` ran unbounded. Both are refused up front now, naming the limit to raise.
#[test]
fn rounds_and_random_starts_are_bounded_up_front() {
    let bdm = "tests/data/bargaining-cases/bdm1994/bdm1994_emission_standards.csv";
    let r = util::run(&["bargain", bdm, "--rounds", "1000000"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("1000000 rounds is over the limit of 10000 (rounds)"),
        "{}",
        r.stderr
    );
    let r = util::run(&[
        "bargain",
        bdm,
        "--rounds",
        "20000",
        "--limit",
        "rounds=20000",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = util::run(&[
        "cib",
        "examples/energy-transition.toml",
        "--sample-basins",
        "1000000000",
    ]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("(draws)"), "{}", r.stderr);
}

/// Finding 6: a 1.6 kB sheet with one cell at A1048576 (a million rows, one column: under the
/// cells limit) was stored whole, hundreds of MB, before the matrix reader refused it. A
/// matrix has a row per concept or variant, so the rows are bounded by the columns limit, and
/// the sheet is refused before its cells are stored.
#[test]
fn a_sheet_a_million_rows_tall_is_refused_before_it_is_stored() {
    for command in ["cib", "fcm"] {
        let r = util::run(&[command, "tests/hostile/a1048576.xlsx"]);
        assert_eq!(r.code, 1, "{command}: {}", r.stderr);
        assert!(r.stderr.contains("1048576 rows"), "{command}: {}", r.stderr);
        assert!(
            r.stderr.contains("--limit columns="),
            "{command}: {}",
            r.stderr
        );
    }
}

/// Finding 6: a header of 100,000 names took 11 s before the columns limit refused it (each
/// name was compared with all before it); the limit is checked first now.
#[test]
fn a_100000_name_header_is_refused_by_the_columns_limit() {
    let dir = tempfile::tempdir().unwrap();
    let names: Vec<String> = (0..100_000).map(|i| format!("c{i}")).collect();
    let path = write(dir.path(), "wide.csv", &format!(",{}\n", names.join(",")));
    let r = util::run(&["fcm", &path]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("100000 concepts"), "{}", r.stderr);
}

/// Findings 5 and 6: a sheet declaring a DTD, whose entity references were read as 0 (a sheet
/// of them was an all-zero matrix), is refused; so is a package whose parts inflate past the
/// file-size limit (here 100 kB, for a 1.9 kB file inflating to 300 kB).
#[test]
fn a_spreadsheet_with_a_dtd_or_inflating_past_the_limit_is_refused() {
    for command in ["cib", "fcm"] {
        let r = util::run(&[command, "tests/hostile/entities.xlsx"]);
        assert_eq!(r.code, 1, "{command}: {}", r.stderr);
        assert!(
            r.stderr.contains("declares a document type"),
            "{}",
            r.stderr
        );
        let r = util::run(&[
            command,
            "tests/hostile/inflates.xlsx",
            "--limit",
            "file-size=100k",
        ]);
        assert_eq!(r.code, 1, "{command}: {}", r.stderr);
        assert!(r.stderr.contains("inflated"), "{}", r.stderr);
        assert!(r.stderr.contains("--limit file-size=N"), "{}", r.stderr);
    }
}

/// Finding 9: a 50,000-deep dotted key (or as deep an array) gave "recursion limit" with no
/// place; the deepest line is named now.
#[test]
fn a_key_nested_too_deeply_is_located() {
    let dir = tempfile::tempdir().unwrap();
    let key = vec!["a"; 50_000].join(".");
    let model = write(
        dir.path(),
        "deep.toml",
        &format!("[model]\ntitle = \"t\"\n{key} = 1\n"),
    );
    let r = util::run(&["check", &model]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("nested too deeply"), "{}", r.stderr);
    assert!(r.stderr.contains("deep.toml:3:1"), "{}", r.stderr);
    let array = format!("x = {}1{}\n", "[".repeat(50_000), "]".repeat(50_000));
    let model = write(
        dir.path(),
        "array.toml",
        &format!("[model]\ntitle = \"t\"\n{array}"),
    );
    let r = util::run(&["check", &model]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("array.toml:3:"), "{}", r.stderr);
}
