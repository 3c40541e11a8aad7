//! The command line's own traps: what comes before the command, misspelt commands, help that
//! names commands which must run, and commands that say what they wrote.

use crate::util;

const EXAMPLE: &str = "examples/energy-transition.toml";

#[test]
fn global_flags_may_come_before_the_command() {
    let run = util::run(&["-q", "check", EXAMPLE]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("valid"), "{}", run.stdout);
    let run = util::run(&["--format", "json", "--seed", "3", "check", EXAMPLE]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["valid"], true);
}

#[test]
fn analyze_options_before_another_command_are_refused_not_ignored() {
    let run = util::run(&["--draws", "10", "cib", EXAMPLE]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stderr
            .contains("--draws comes before the command `cib`"),
        "{}",
        run.stderr
    );
    let run = util::run(&[EXAMPLE, "check"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("the model file comes before the command `check`"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_british_spelling_runs_analyze() {
    let british = util::run(&["analyse", EXAMPLE, "--draws", "20", "--format", "json"]);
    let american = util::run(&["analyze", EXAMPLE, "--draws", "20", "--format", "json"]);
    assert_eq!(british.code, 0, "{}", british.stderr);
    assert_eq!(british.stdout, american.stdout);
}

#[test]
fn a_misspelt_command_is_named_not_read_as_a_file() {
    let run = util::run(&["chek"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains(
            "\"chek\" is neither a command nor a file: did you mean the command `check`?"
        ),
        "{}",
        run.stderr
    );
    // A name that looks like a file is a file that cannot be read.
    let run = util::run(&["chek.toml"]);
    assert_eq!(run.code, 3);
    assert!(
        run.stderr.contains("cannot read chek.toml"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_schema_command_the_help_names_runs() {
    let help = util::run(&["--help"]).stdout;
    // Help is wrapped to the terminal: read it as one line.
    let help = help.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(help.contains("`realpolitik schema --of output`"), "{help}");
    assert!(!help.contains("schema output`"), "{help}");
    let run = util::run(&["schema", "--of", "output"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("\"$schema\""));
}

#[test]
fn serve_help_lists_only_what_serve_reads() {
    let help = util::run(&["serve", "--help"]).stdout;
    for flag in ["--port", "--open", "--seed", "--limit", "--sources-dir"] {
        assert!(help.contains(flag), "{flag} missing from\n{help}");
    }
    for flag in ["--format", "--max-diagnostics", "--quiet"] {
        assert!(
            !help.contains(flag),
            "{flag} means nothing to serve\n{help}"
        );
    }
    let run = util::run(&["serve", "--format", "json", "--port", "1"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
}

#[test]
fn a_report_says_where_it_was_written() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("briefing.html");
    let page_arg = page.to_str().unwrap();
    let run = util::run(&["analyze", EXAMPLE, "--draws", "20", "--report", page_arg]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains(&format!("report written to {page_arg}")),
        "{}",
        run.stderr
    );
    let quiet = util::run(&[
        "analyze", EXAMPLE, "--draws", "20", "-q", "--report", page_arg,
    ]);
    assert_eq!(quiet.stderr, "");
}

#[test]
fn prose_given_as_a_model_is_one_error_not_a_screenful() {
    let dir = tempfile::tempdir().unwrap();
    let notes = dir.path().join("notes.txt");
    std::fs::write(
        &notes,
        "Notes on the coalition.\nThe regime may join the fight.\nOr it may not.\nAsk Ankara.\n",
    )
    .unwrap();
    let run = util::run(&["check", notes.to_str().unwrap(), "--format", "json"]);
    assert_eq!(run.code, 1);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let diagnostics = json["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    assert_eq!(diagnostics[0]["code"], "model::not_toml");
    assert!(
        diagnostics[0]["message"]
            .as_str()
            .unwrap()
            .contains("is not a model file: most of its lines are not TOML (4 syntax errors)")
    );
}

#[test]
fn new_writes_a_template_that_checks_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    for template in ["blank", "fcm", "cib", "bargaining"] {
        let file = dir.path().join(format!("{template}.toml"));
        let file = file.to_str().unwrap();
        let run = util::run(&["new", file, "--template", template]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(run.stdout.contains(&format!("realpolitik serve {file}")));
        let check = util::run(&["check", file, "--format", "json"]);
        assert_eq!(check.code, 0, "{template}: {}", check.stdout);
    }
    let fcm = dir.path().join("fcm.toml");
    let written = std::fs::read_to_string(&fcm).unwrap();
    let again = util::run(&["new", fcm.to_str().unwrap()]);
    assert_eq!(again.code, 3);
    assert!(
        again.stderr.contains("never writes over a file"),
        "{}",
        again.stderr
    );
    assert_eq!(std::fs::read_to_string(&fcm).unwrap(), written);
    let unknown = util::run(&["new", "x.toml", "--template", "sem"]);
    assert_eq!(unknown.code, 2);
    assert!(
        unknown
            .stderr
            .contains("[possible values: blank, fcm, cib, bargaining]")
    );
}
