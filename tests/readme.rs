//! The README's first model, written in TOML, runs as written: every command of the walk-through,
//! in order, in a fresh folder, with each block the README says to append appended to the file
//! it names. (Its workbench half is the browser test `crates/realpolitik-serve/tests/
//! walkthrough.rs`, which builds the same model by clicks and keys.)

use crate::util;

/// The README's section `heading`, up to the next heading of its level or above (outside code
/// blocks, where `#` starts a comment).
fn section<'a>(readme: &'a str, heading: &str) -> &'a str {
    let start = readme
        .find(heading)
        .unwrap_or_else(|| panic!("no {heading}"))
        + heading.len();
    let level = heading.split(' ').next().unwrap().len();
    let rest = &readme[start..];
    let mut in_code = false;
    let mut at = 0;
    for line in rest.split_inclusive('\n') {
        if line.starts_with("```") {
            in_code = !in_code;
        }
        let hashes = line.chars().take_while(|&c| c == '#').count();
        let is_heading = hashes > 0 && hashes <= level && line[hashes..].starts_with(' ');
        if !in_code && is_heading {
            break;
        }
        at += line.len();
    }
    &rest[..at]
}

/// The steps of a walk-through: each command of a `sh` block, and each `toml` block marked
/// `<!-- append to FILE -->`, in order.
enum Step {
    Run(Vec<String>),
    Append(String, String),
}

fn steps(text: &str) -> Vec<Step> {
    let mut steps = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find("```") {
        let kind_end = open + rest[open..].find('\n').unwrap();
        let kind = &rest[open + 3..kind_end];
        let close = kind_end + rest[kind_end..].find("\n```").unwrap();
        let body = &rest[kind_end + 1..close];
        match kind {
            "sh" => {
                for line in body.lines().filter(|l| !l.trim().is_empty()) {
                    let command = line.split('#').next().unwrap();
                    steps.push(Step::Run(
                        command.split_whitespace().map(str::to_owned).collect(),
                    ));
                }
            }
            "toml" => {
                let marker = rest[..open]
                    .rfind("<!-- append to ")
                    .map(|m| &rest[m + "<!-- append to ".len()..open])
                    .and_then(|m| m.split_once(" -->"))
                    .map(|(file, between)| (file, between.trim().is_empty()))
                    .filter(|(_, adjacent)| *adjacent)
                    .map(|(file, _)| file.to_owned())
                    .expect("a TOML block of the walk-through says which file it extends");
                steps.push(Step::Append(marker, body.to_owned() + "\n"));
            }
            other => panic!("a {other:?} block in the walk-through"),
        }
        rest = &rest[close + 4..];
    }
    steps
}

#[test]
fn the_readmes_first_model_in_toml_runs_as_written() {
    let readme = std::fs::read_to_string(util::path("README.md")).unwrap();
    let walk = section(&readme, "### In TOML");
    let dir = tempfile::tempdir().unwrap();
    let mut ran = Vec::new();
    for step in steps(walk) {
        match step {
            Step::Run(words) => {
                assert_eq!(words[0], "realpolitik", "{words:?}");
                let args: Vec<&str> = words[1..].iter().map(String::as_str).collect();
                let run = util::command(&args)
                    .current_dir(dir.path())
                    .output()
                    .unwrap();
                let stderr = String::from_utf8_lossy(&run.stderr);
                assert!(run.status.success(), "{words:?} failed:\n{stderr}");
                assert!(!stderr.contains("error"), "{words:?}:\n{stderr}");
                ran.push(args.first().copied().unwrap_or("").to_owned());
            }
            Step::Append(file, toml) => {
                let path = dir.path().join(file);
                let mut text = std::fs::read_to_string(&path).unwrap();
                text.push('\n');
                text.push_str(&toml);
                std::fs::write(&path, text).unwrap();
            }
        }
    }
    assert_eq!(
        ran,
        [
            "new",
            "check",
            "congestion.toml",
            "check",
            "cib",
            "bargain",
            "congestion.toml"
        ]
    );
    // The briefing of the finished model has all three engines, and its report was written.
    let doc = util::command(&["congestion.toml", "--format", "json", "--draws", "200"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&doc.stdout).unwrap();
    let b = &doc["briefing"];
    assert_eq!(b["verdicts"][0]["option"], "charge_now");
    assert!(b["scenarios"].is_object(), "{}", b["not_computed"]);
    assert_eq!(
        b["negotiation"].as_array().unwrap().len(),
        1,
        "{}",
        b["not_computed"]
    );
    assert!(dir.path().join("congestion.html").is_file());
}

#[test]
fn the_workbench_walk_through_starts_with_a_command_that_runs() {
    let readme = std::fs::read_to_string(util::path("README.md")).unwrap();
    let walk = section(&readme, "### In the workbench");
    let commands: Vec<Vec<String>> = steps(walk)
        .into_iter()
        .map(|s| match s {
            Step::Run(words) => words,
            Step::Append(..) => panic!("the workbench walk-through appends nothing"),
        })
        .collect();
    // Serving is the browser test's part; here: the command names a file that may not exist.
    assert_eq!(
        commands,
        [["realpolitik", "serve", "congestion.toml", "--open"]]
    );
    let help = util::run(&["serve", "--help"]).stdout;
    assert!(help.contains("--open"), "{help}");
}
