//! `realpolitik migrate` on copies of the shipped models: every model in `models/` and
//! `examples/` is rewritten into relations that load into the same model, and a second run
//! changes nothing.

use std::path::Path;

use crate::util;

/// Copies a folder (one level of subfolders, as `models/` and `examples/` have) into `to`.
fn copy_folder(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_folder(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn the_shipped_models_migrate_into_relations_and_stay_the_same_model() {
    let tmp = tempfile::tempdir().unwrap();
    for (folder, model, alternatives) in [
        ("models", "assad-is-2014.toml", 1),
        ("examples", "energy-transition.toml", 0),
    ] {
        let copy = tmp.path().join(folder);
        copy_folder(&util::path(folder), &copy);
        let file = copy.join(model);
        let file = file.to_str().unwrap();
        let before = util::run(&["check", "--format", "json", file]);
        assert_eq!(before.code, 0, "{}", before.stderr);

        let run = util::run(&["migrate", "--format", "json", file]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        assert_eq!(doc["written"], true);
        assert_eq!(doc["files"].as_array().unwrap().len(), 1 + alternatives);
        let text = std::fs::read_to_string(file).unwrap();
        assert!(text.contains("[[relations]]"));
        assert!(!text.contains("[[links]]") && !text.contains("[[judgments]]"));

        // The same model: the same relations, links and blocks; each merged pair is now one
        // judgment of the evidence count instead of two.
        let after = util::run(&["check", "--format", "json", file]);
        assert_eq!(after.code, 0, "{}", after.stderr);
        let summary = |r: &util::Run| -> serde_json::Value {
            serde_json::from_str::<serde_json::Value>(&r.stdout).unwrap()["summary"].clone()
        };
        let (b, a) = (summary(&before), summary(&after));
        for key in ["relations", "links", "judgment_blocks", "judgment_cells"] {
            assert_eq!(a[key], b[key], "{key}");
        }
        let merged: u64 = doc["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["migration"]["merged"].as_u64().unwrap())
            .sum();
        let total = |s: &serde_json::Value| {
            ["quoted", "ungraded", "estimate", "assumption"]
                .iter()
                .map(|k| s["grades"][k].as_u64().unwrap())
                .sum::<u64>()
        };
        let base_merged = doc["files"][0]["migration"]["merged"].as_u64().unwrap();
        assert_eq!(total(&b) - total(&a), base_merged, "merged: {merged}");

        // A second run has nothing left to merge.
        let again = util::run(&["migrate", "--dry-run", file]);
        assert_eq!(again.code, 0, "{}", again.stderr);
        assert!(
            again
                .stdout
                .contains("0 block and link pair(s) merged into one relation each, 0 block(s)"),
            "{}",
            again.stdout
        );
    }
}

#[test]
fn an_invalid_model_is_not_migrated() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("bad.toml");
    let text = "[model]\ntitle = \"t\"\n[[links]]\nfrom = \"a\"\nto = \"b\"\nweight = 0.5\n";
    std::fs::write(&file, text).unwrap();
    let run = util::run(&["migrate", file.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("unknown factor `a`"), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), text);
}
