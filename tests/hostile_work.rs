//! Hostile and huge input (issue 13), continued: workloads refused or bounded before they run
//! (actors, kept scenarios), source folders named on the command line, and a write killed by a
//! signal. Each test names the finding it guards.

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::util;

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    fs::write(&path, text).unwrap();
    path.display().to_string()
}

/// Finding 6: 2,000 bargaining actors ran for minutes without a word. The default limit is 500
/// actors (the rounds take time cubic in the actors: 200 take seconds, 500 under a minute), so
/// the table is refused at once, at the row of actor 501.
#[test]
fn a_2000_actor_table_is_refused_at_once_at_the_first_actor_past_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let rows: String = (0..2000)
        .map(|a| format!("A{a},{},{},{}\n", 1 + a % 97, a % 101, 10 + a % 91))
        .collect();
    let path = write(
        dir.path(),
        "many.csv",
        &format!("actor,capability,position,salience\n{rows}"),
    );
    let started = Instant::now();
    let r = util::run(&["bargain", &path]);
    assert!(started.elapsed() < Duration::from_secs(10), "refused late");
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("many.csv:502:1"), "{}", r.stderr);
    assert!(r.stderr.contains("2000 actors"), "{}", r.stderr);
    assert!(r.stderr.contains("--limit actors=N"), "{}", r.stderr);
}

/// Two descriptors whose one consistent scenario (a1, b1) wins only by a point: perturbed by ±1,
/// most draws admit more scenarios than one.
const NARROW: &str =
    "x,A:a1,A:a2,B:b1,B:b2\nA:a1,0,0,1,0\nA:a2,0,0,1,0\nB:b1,1,0,0,0\nB:b2,1,0,0,0\n";

/// Finding 2 (an all-zero matrix grows without bound), for the searches beyond the main one:
/// robustness counted on a draw's truncated list would be wrong, so it is not computed.
#[test]
fn robustness_over_a_draw_past_the_solutions_limit_is_not_computed() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "narrow.csv", NARROW);
    let args = ["cib", &path, "--perturb", "1", "--draws", "20", "--limit"];
    let r = util::run(&[&args[..], &["solutions=1"]].concat());
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("robustness not computed"), "{}", r.stderr);
    assert!(r.stderr.contains("draw 1 leaves"), "{}", r.stderr);
    assert!(r.stderr.contains("--limit solutions=N"), "{}", r.stderr);
    // With room for all four scenarios the shares are counted: (a1, b1) in 15 of 20 draws.
    let r = util::run(&[&args[..], &["solutions=4"]].concat());
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("75.0%  A:a1 B:b1\n"), "{}", r.stdout);
}

#[test]
fn an_ensemble_with_an_all_zero_member_past_the_solutions_limit_is_not_computed() {
    // cibsa_CIB_global has 4 consistent scenarios of 36; with every judgment 0, all 36 are.
    let global = "tests/data/cib-cases/cibsa_CIB_global.matrix.csv";
    let text = fs::read_to_string(util::path(global)).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let width = header.split(',').count() - 1;
    let zero: String = lines
        .map(|l| format!("{}{}\n", l.split(',').next().unwrap(), ",0".repeat(width)))
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let zero = write(dir.path(), "zero.csv", &format!("{header}\n{zero}"));
    let r = util::run(&[
        "cib",
        global,
        "--ensemble",
        &zero,
        "--limit",
        "solutions=10",
    ]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("the ensemble not computed: the number of scenarios member 2 leaves"),
        "{}",
        r.stderr
    );
    let r = util::run(&[
        "cib",
        global,
        "--ensemble",
        &zero,
        "--limit",
        "solutions=36",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("member 2: 36 scenario(s)"),
        "{}",
        r.stdout
    );
}

#[test]
fn the_briefing_says_why_it_counted_no_scenarios() {
    let r = util::run(&[
        "analyze",
        "examples/energy-transition.toml",
        "--draws",
        "50",
        "--limit",
        "solutions=1",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains(
            "No scenarios: more than 1 are consistent (the cross-impact judgments barely \
             constrain them); raise --limit solutions=N to count them."
        ),
        "{}",
        r.stdout
    );
}

/// Finding 4 allows sources in "folders named on the command line": `--sources-dir` widens
/// where a model's source path may lead, and nothing else.
#[test]
fn a_source_is_read_from_a_folder_named_on_the_command_line_and_nowhere_else() {
    let dir = tempfile::tempdir().unwrap();
    for folder in ["model", "briefs", "other"] {
        fs::create_dir(dir.path().join(folder)).unwrap();
    }
    write(dir.path(), "briefs/brief.txt", "The quick brown fox.");
    write(dir.path(), "other/other.txt", "The quick brown fox.");
    let model = |path: &str| {
        write(
            dir.path(),
            "model/m.toml",
            &format!(
                "[model]\ntitle = \"t\"\n[[model.sources]]\nid = \"s\"\ntitle = \"s\"\n\
                 path = \"{path}\"\n[[factors]]\nid = \"a\"\nlabel = \"A\"\nrole = \"lever\"\n\
                 [[factors]]\nid = \"b\"\nlabel = \"B\"\nrole = \"outcome\"\n[[links]]\n\
                 from = \"a\"\nto = \"b\"\nweight = 0.5\nsource = \"s\"\nquote = \"quick brown\"\n"
            ),
        )
    };
    let briefs = dir.path().join("briefs").display().to_string();
    let m = model("../briefs/brief.txt");
    let r = util::run(&["check", &m]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("must be a file inside"), "{}", r.stderr);
    // Named, the folder is read: the quote is verified in it.
    let r = util::run(&["check", &m, "--sources-dir", &briefs]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("1 verified"), "{}", r.stdout);
    // An absolute path into it is read too.
    let m = model(&format!("{briefs}/brief.txt"));
    let r = util::run(&["check", &m, "--sources-dir", &briefs]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // Another folder beside it is still refused, and says nothing of what it holds.
    let m = model("../other/other.txt");
    let r = util::run(&["check", &m, "--sources-dir", &briefs]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("--sources-dir"), "{}", r.stderr);
    assert!(!r.stderr.contains("quick brown fox"), "{}", r.stderr);
    // A folder that does not exist is a usage error.
    let missing = dir.path().join("missing").display().to_string();
    let r = util::run(&["check", &m, "--sources-dir", &missing]);
    assert_eq!(r.code, 2, "{}", r.stderr);
}

/// Finding 1: a killed write left a temporary of several MB beside the target. SIGTERM at
/// several moments of a long `analyze --report` leaves no `.NAME.realpolitik-tmp-*`, and the
/// report is its old content (never a partial one).
#[cfg(unix)]
#[test]
fn sigterm_during_a_report_leaves_no_temporary_and_the_old_report() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.html");
    // SIGHUP (the terminal closed) and SIGQUIT too (issue 31, finding 7).
    let runs = [
        ("TERM", 143, 300),
        ("TERM", 143, 1000),
        ("TERM", 143, 2500),
        ("HUP", 129, 500),
        ("QUIT", 131, 500),
    ];
    for (signal, code, delay_ms) in runs {
        fs::write(&report, "OLD").unwrap();
        // A million draws take minutes: the signal comes while the run is under way.
        let mut child = util::command(&[
            "analyze",
            "--quiet",
            "--draws",
            "1000000",
            "--report",
            report.to_str().unwrap(),
        ])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let sent = std::process::Command::new("kill")
            .args([&format!("-{signal}"), &child.id().to_string()])
            .status()
            .unwrap();
        assert!(sent.success());
        let deadline = Instant::now() + Duration::from_secs(30);
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if Instant::now() > deadline {
                child.kill().unwrap();
                panic!("still running 30 s after SIG{signal}");
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        // The handler exits as a shell reports a process the signal killed: 128 + its number.
        assert_eq!(status.code(), Some(code), "SIG{signal} after {delay_ms} ms");
        let names: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["report.html"], "after {delay_ms} ms");
        assert_eq!(fs::read_to_string(&report).unwrap(), "OLD");
    }
}
