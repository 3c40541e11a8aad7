//! The main job: `realpolitik` with no arguments briefs on the built-in model of Wimmen's 2014
//! analysis. These tests assert its main findings by what the model's judgments imply (checked
//! by hand where they can be), and that applying the judgments the briefing says would flip a
//! verdict does flip it. The model's content itself is tested through the library in
//! `built_in_model.rs`.

use serde_json::Value;

use crate::util;

fn json_of(args: &[&str]) -> Value {
    let run = util::run(args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&run.stdout).expect("the output is JSON")
}

fn outcome<'a>(effects: &'a Value, factor: &str) -> &'a Value {
    effects["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["factor"] == factor)
        .unwrap_or_else(|| panic!("no outcome {factor}"))
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("{v} is not a number"))
}

fn effects<'a>(b: &'a Value, option: &str, trigger: Option<&str>) -> &'a Value {
    b["effects"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["option"] == option && e["trigger"].as_str() == trigger)
        .unwrap_or_else(|| panic!("no effects of {option} under {trigger:?}"))
}

fn median(effects: &Value, factor: &str) -> f64 {
    f(&outcome(effects, factor)["effect"]["median"])
}

#[test]
fn the_briefing_answers_the_seeds_question_for_both_ways_of_cooperating() {
    let text = util::run(&["--quiet"]);
    assert_eq!(text.code, 0, "{}", text.stderr);
    for expected in [
        "Should the U.S.-led coalition against the Islamic State cooperate with the Assad regime",
        "Tacit coordination with the regime (deconfliction, never acknowledged):",
        "Open cooperation with Assad, up to his gradual rehabilitation:",
        "far outweigh the purported benefits",
        "major strategic success for Tehran",
    ] {
        assert!(
            text.stdout.contains(expected),
            "{expected}:\n{}",
            text.stdout
        );
    }

    let doc = json_of(&["--format", "json"]);
    // Every quote of the model is found in the seed.
    assert_eq!(doc["summary"]["quotes_unverified"], 0);
    // 85 passages, each relation's quotes counted once for both engines (a block and a link
    // written apart on one pair count theirs twice).
    assert_eq!(doc["summary"]["quotes_verified"], 85);
    let b = &doc["briefing"];
    assert_eq!(b["draws"], 2000);

    // Three ways of cooperating against the status quo (the advocates' ground force without
    // rehabilitation among them); the text judges all worse ("any possible cooperation").
    let verdicts = b["verdicts"].as_array().unwrap();
    let ids: Vec<&str> = verdicts
        .iter()
        .map(|v| v["option"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        ["tacit_coordination", "ground_force", "rehabilitate_assad"]
    );
    assert!(verdicts.iter().all(|v| v["source_verdict"] == "worse"));

    // Open cooperation: its largest effect is Iran's gain, through the one direct link the text
    // states of rehabilitation (+strong), and it does worse there in every draw.
    let open = effects(b, "rehabilitate_assad", None);
    let iran = median(open, "iran_reach");
    assert!(iran > 0.0);
    assert_eq!(f(&outcome(open, "iran_reach")["p_better"]), 0.0);
    for o in open["outcomes"].as_array().unwrap() {
        assert!(f(&o["effect"]["median"]).abs() <= iran, "{}", o["factor"]);
    }
    // Tacit coordination moves half the military lever and none of the political one: its net
    // effect is smaller than open cooperation's.
    let net = |id: &str| f(&verdicts.iter().find(|v| v["option"] == id).unwrap()["net"]["median"]);
    assert!(net("tacit_coordination").abs() < net("rehabilitate_assad").abs());
    // Open military cooperation without rehabilitation keeps the military lever and drops the
    // political one: Iran's gain falls away, and with it most of the cost.
    let ground = effects(b, "ground_force", None);
    assert!(median(ground, "iran_reach") < iran / 4.0);
    assert!(net("tacit_coordination").abs() < net("ground_force").abs());
    assert!(net("ground_force").abs() < net("rehabilitate_assad").abs() / 3.0);

    // The case for cooperation is not inert: if IS marches on Salamiyya, the conditional
    // defence of the town opens and both options lower IS's massacres, which they barely touch
    // without the trigger.
    for option in ["tacit_coordination", "ground_force", "rehabilitate_assad"] {
        let calm = median(effects(b, option, None), "minority_massacres");
        let threat = median(
            effects(b, option, Some("salamiyya_threatened")),
            "minority_massacres",
        );
        assert!(
            threat < 0.0 && threat < calm - 0.2,
            "{option}: {calm} then {threat}"
        );
    }

    // The author's what-if: if the limited airstrikes fail, every verdict holds (worse in every
    // draw): in the model the principled positions survive their own test.
    for v in verdicts {
        let under = v["under_triggers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u[0] == "airstrikes_fail")
            .expect("a verdict under the failure of the airstrikes");
        assert_eq!(under[1], "worse", "{}", v["option"]);
        assert!(f(&under[2]) >= 0.95, "{}", v["option"]);
    }

    // Each claim carries its passages: Iran's gain is the direct path.
    let path = b["paths"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["option"] == "rehabilitate_assad" && p["outcome"] == "iran_reach")
        .unwrap();
    assert_eq!(
        path["path"],
        serde_json::json!(["rehabilitation", "iran_reach"])
    );
    assert!(
        path["passages"][0]["quote"]
            .as_str()
            .unwrap()
            .contains("major strategic success for Tehran")
    );

    // CIB: imposing open cooperation leaves consistent futures, all with Iran's reach
    // consolidated (the rehabilitation's ±3 outweighs the regime's capacity, ±1).
    let s = &b["scenarios"];
    assert!(s["consistent"].as_u64().unwrap() > 0);
    let imposed = s["imposed"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["option"] == "rehabilitate_assad" && i["trigger"].is_null())
        .unwrap();
    assert!(imposed["consistent"].as_u64().unwrap() > 0);
    let iran_states = &imposed["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["factor"] == "iran_reach")
        .unwrap()["states"];
    assert_eq!(iran_states.as_array().unwrap().len(), 1);
    assert_eq!(iran_states[0][0], "consolidated");

    // Bargaining: the governments that decide reject a deal out of hand, and the advocates
    // (Rifkind starts at 60) are pulled towards them. The EUM does not settle: it is reported
    // as a two-round cycle, with the advocates swinging inside it, not as a point forecast.
    let n = &b["negotiation"][0];
    assert_eq!(n["issue"], "cooperation");
    assert!(
        (0.0..20.0).contains(&f(&n["forecast"])),
        "{}",
        n["forecast"]
    );
    assert_eq!(n["converged"], false);
    assert_eq!(n["cycle"]["period"], 2);
    let rifkind = n["cycle"]["oscillating"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m[0] == "Sir Malcolm Rifkind")
        .unwrap();
    assert!(
        f(&rifkind[1]) < f(&rifkind[2]) && f(&rifkind[2]) < 20.0,
        "{rifkind}"
    );
}

/// Replaces the weight of the link `from → to` in a model's text.
fn set_weight(model: &str, name: &str, weight: f64) -> String {
    let (from, to) = name.split_once(" → ").unwrap();
    let head = format!("[[relations]]\nfrom = \"{from}\"\nto = \"{to}\"\nweight = ");
    let at = model
        .find(&head)
        .unwrap_or_else(|| panic!("no link {name}"))
        + head.len();
    let end = at + model[at..].find('\n').unwrap();
    format!("{}{weight}{}", &model[..at], &model[end..])
}

/// Writes `model` beside a copy of the built-in model's source text; returns its path.
fn write_model(dir: &tempfile::TempDir, model: &str) -> std::path::PathBuf {
    std::fs::create_dir_all(dir.path().join("sources")).unwrap();
    std::fs::copy(
        util::path("models/sources/wimmen-2014.txt"),
        dir.path().join("sources/wimmen-2014.txt"),
    )
    .unwrap();
    let alternative = "assad-is-2014-advocates.toml";
    let from = util::path(&format!("models/{alternative}"));
    if from.exists() {
        std::fs::copy(from, dir.path().join(alternative)).unwrap();
    }
    let edited = dir.path().join("edited.toml");
    std::fs::write(&edited, model).unwrap();
    edited
}

#[test]
fn what_would_have_to_be_true_is_plausible_phrased_and_reproducible() {
    let doc = json_of(&["--format", "json", "--draws", "400"]);
    let c = &doc["briefing"]["counterfactuals"][0];
    let nominal = f(&c["nominal_net"]);
    let original = std::fs::read_to_string(util::path("models/assad-is-2014.toml")).unwrap();
    let mut changes: Vec<&Value> = c["changes"].as_array().unwrap().iter().collect();
    changes.extend(
        c["nearest"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| &n["change"]),
    );
    assert!(!changes.is_empty());
    for change in &changes {
        // Phrased in words, and within plausible bounds: a link keeps its sign and moves at most
        // one linguistic term (a quarter of the range, a third for a term's own support), or,
        // when it rests on an assumption with no passage, is absent.
        let words = change["words"].as_str().unwrap();
        assert!(words.len() > 20 && words.contains(' '), "{words}");
        if words.ends_with("at all (the model assumes it does, with no passage)") {
            assert_eq!(f(&change["weight"][1]), 0.0, "{words}");
        } else if change["kind"] == "link" {
            let (old, new) = (f(&change["weight"][0]), f(&change["weight"][1]));
            assert!(old * new >= 0.0, "{words}: {old} → {new}");
            assert!((old - new).abs() <= 0.34, "{words}: {old} → {new}");
        }
    }
    // The nearest single link change, written into the model, gives the net score reported.
    let nearest = c["nearest"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["change"]["kind"] == "link")
        .expect("some link comes close");
    let name = nearest["change"]["judgment"]
        .as_str()
        .unwrap()
        .trim_start_matches("link ");
    let edited = set_weight(&original, name, f(&nearest["change"]["weight"][1]));
    let dir = tempfile::tempdir().unwrap();
    let path = write_model(&dir, &edited);
    let changed = json_of(&["--format", "json", "--draws", "400", path.to_str().unwrap()]);
    let now = f(&changed["briefing"]["counterfactuals"][0]["nominal_net"]);
    assert!(
        (now - f(&nearest["net"])).abs() < 1e-9,
        "{now} vs {}",
        nearest["net"]
    );
    assert!(now != nominal);
    // When the set found flips the verdict and changes only links, writing it in flips it.
    let links_only = c["changes"]
        .as_array()
        .unwrap()
        .iter()
        .all(|x| x["kind"] == "link");
    if c["flips"] == true && links_only {
        let mut model = original.clone();
        for x in c["changes"].as_array().unwrap() {
            let name = x["judgment"].as_str().unwrap().trim_start_matches("link ");
            model = set_weight(&model, name, f(&x["weight"][1]));
        }
        let path = write_model(&dir, &model);
        let flipped = json_of(&["--format", "json", "--draws", "400", path.to_str().unwrap()]);
        let v = &flipped["briefing"]["verdicts"][0];
        assert_ne!(v["judged"], doc["briefing"]["verdicts"][0]["judged"], "{v}");
    }
}

#[test]
fn the_built_in_models_source_text_is_the_seed() {
    // Every quote of the built-in model is verified against models/sources/wimmen-2014.txt on
    // each load (see above); that file must be the seed document itself, byte for byte: 7,976
    // bytes with this SHA-256 (of the seed as the project received it).
    use sha2::{Digest, Sha256};
    let ours = std::fs::read(util::path("models/sources/wimmen-2014.txt")).unwrap();
    assert_eq!(ours.len(), 7976);
    let digest: String = Sha256::digest(&ours)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(
        digest,
        "2536d5f79acefbf4d183dedcb58dbc2be2a0d75d55dd3f0964999e80cd70e767"
    );
}

#[test]
fn the_repository_stands_alone() {
    // No file of the project reads or names the folder of test cases beside the repository: a
    // clone has only its own files (the cases the tests use are in tests/data). Build output,
    // git's own files and fuzzing corpora are not the project's.
    let beside = concat!("..", "/shared");
    let skipped = ["target", ".git", "corpus", "artifacts"];
    let mut naming = Vec::new();
    let mut folders = vec![util::root().to_path_buf()];
    let mut seen = 0;
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let entry = entry.unwrap();
            let (path, kind) = (entry.path(), entry.file_type().unwrap());
            if kind.is_dir() && !skipped.iter().any(|s| entry.file_name() == *s) {
                folders.push(path);
            } else if kind.is_file() {
                seen += 1;
                let bytes = std::fs::read(&path).unwrap();
                if bytes.windows(beside.len()).any(|w| w == beside.as_bytes()) {
                    naming.push(path);
                }
            }
        }
    }
    assert!(
        seen > 100,
        "only {seen} files found under {:?}",
        util::root()
    );
    assert!(naming.is_empty(), "these files name {beside}: {naming:?}");
}

#[test]
fn the_report_of_the_main_job_holds_every_part() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("briefing.html");
    let run = util::run(&[
        "--quiet",
        "--draws",
        "200",
        "--report",
        page.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = std::fs::read_to_string(&page).unwrap();
    // The answer first, then the model and the engines' details, in this order.
    let mut last = 0;
    for id in [
        "bottom-line",
        "confidence",
        "what-would-have-to-be-true",
        "assumptions",
        "model",
        "cib",
        "bargain",
        "effects",
        "sensitivity",
        "evidence",
    ] {
        let at = html
            .find(&format!("<section id=\"{id}\">"))
            .unwrap_or_else(|| panic!("no section {id}"));
        assert!(at > last, "section {id} is out of order");
        last = at;
    }
    // No absolute local path anywhere in the report.
    let root = util::path("");
    assert!(!html.contains(root.to_str().unwrap()));
    assert!(!html.contains(dir.path().to_str().unwrap()));
    // One forest plot per option (three): seven outcomes under four conditions (no trigger and
    // each of three); the tornado:
    // ten links.
    assert_eq!(html.matches("<svg class=\"plot forest\"").count(), 3);
    let forest = &html[html.find("<svg class=\"plot forest\"").unwrap()..];
    let forest = &forest[..forest.find("</svg>").unwrap()];
    assert_eq!(forest.matches("stroke-width=\"3\"").count(), 4 * 7);
    assert!(html.contains("<svg class=\"plot tornado\""));
    assert!(html.len() < 2_000_000, "{} bytes", html.len());
}

#[test]
fn the_format_guides_teaching_model_gives_a_verdict() {
    // Saved beside the example, as the guide says, it finds the example's source text.
    let guide = std::fs::read_to_string(util::path("docs/model-format.md")).unwrap();
    let after = &guide[guide.find("A small complete model").unwrap()..];
    let start = after.find("```toml\n").unwrap() + "```toml\n".len();
    let model = &after[start..start + after[start..].find("```").unwrap()];
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("sources")).unwrap();
    std::fs::copy(
        util::path("examples/sources/carbon-brief.txt"),
        dir.path().join("sources/carbon-brief.txt"),
    )
    .unwrap();
    let path = dir.path().join("carbon.toml");
    std::fs::write(&path, model).unwrap();
    let doc = json_of(&["analyze", path.to_str().unwrap(), "--format", "json"]);
    let verdicts = doc["briefing"]["verdicts"].as_array().unwrap();
    assert_eq!(verdicts.len(), 1, "{}", doc["briefing"]["not_computed"]);
    assert_eq!(verdicts[0]["option"], "price_now");
    assert_eq!(verdicts[0]["judged"], "better");
    assert_eq!(doc["summary"]["quotes_unverified"], 0);
}

#[test]
fn the_built_in_briefing_breaks_its_confidence_down_and_grades_its_key_assumptions() {
    let doc = json_of(&["--format", "json", "--draws", "200"]);
    let b = &doc["briefing"];
    let rank = |c: &Value| match c.as_str().unwrap() {
        "high" => 0,
        "moderate" => 1,
        _ => 2,
    };
    for breakdown in b["confidence"].as_array().unwrap() {
        let lines = breakdown["lines"].as_array().unwrap();
        let varies: Vec<&str> = lines
            .iter()
            .map(|l| l["varies"].as_str().unwrap())
            .collect();
        assert_eq!(
            varies,
            [
                "judgments",
                "shared_error",
                "counter_models",
                "structure",
                "baseline",
                "settings",
                "scenarios",
                "values"
            ]
        );
        let runs = |k: usize| lines[k]["runs"].as_u64().unwrap();
        assert_eq!(runs(0), 200);
        // The advocates' counter-model is run.
        assert_eq!(runs(2), 1);
        // The baseline: at least every mechanism moved up and down.
        let mechanisms = doc["summary"]["factors_by_role"][2].as_u64().unwrap();
        assert!(runs(4) >= 2 * mechanisms, "{} runs", runs(4));
        // 24 engine settings and the reading without path-length damping.
        assert_eq!(runs(5), 25);
        // The overall confidence is the lowest line's.
        let lowest = lines
            .iter()
            .map(|l| {
                let share = f(&l["share"]);
                if share >= 0.95 {
                    0
                } else if share >= 0.8 {
                    1
                } else {
                    2
                }
            })
            .max()
            .unwrap();
        assert_eq!(rank(&breakdown["robustness"]), lowest);
        // Analytic confidence is never above the robustness.
        assert!(rank(&breakdown["analytic"]["level"]) >= lowest);
    }
    // Tacit coordination: 2 of the 24 engine settings reverse it (the reading without
    // path-length damping agrees), so confidence is moderate although every Monte Carlo draw
    // agrees.
    let settings = &b["confidence"][0]["lines"][5];
    assert_eq!(
        (&settings["varies"], &settings["agree"]),
        (&serde_json::json!("settings"), &serde_json::json!(23))
    );
    // The advocates' counter-model changes links that carry each verdict (being seen with
    // Assad, Iran's gain), so it is counted for every option, not set aside as built-in
    // agreement.
    for c in b["confidence"].as_array().unwrap() {
        let counter = &c["lines"][2];
        assert_eq!(counter["varies"], "counter_models");
        assert_eq!(counter["runs"], 1, "{}", c["option"]);
        assert_eq!(counter["not_contesting"], serde_json::json!([]));
    }
    assert_eq!(b["confidence"][0]["robustness"], "moderate");
    assert_eq!(b["confidence"][0]["lines"][0]["agree"], 200);
    // Every option's verdict rests on links quoting one author, Wimmen's op-ed: analytic
    // confidence is low, whatever the robustness, and the reason
    // is said.
    for c in b["confidence"].as_array().unwrap() {
        let analytic = &c["analytic"];
        assert_eq!(analytic["level"], "low", "{}", c["option"]);
        assert_eq!(analytic["authors"], serde_json::json!(["Heiko Wimmen"]));
        assert_eq!(analytic["contested"], true);
        assert!(
            analytic["reasons"]
                .as_str()
                .unwrap()
                .starts_with("the links that carry it quote one author only (Heiko Wimmen)")
        );
    }
    // Open cooperation up to rehabilitation: every draw agrees, but 2 engine readings (the
    // rules with memory at a steep transfer) reverse it, so robustness is moderate too.
    assert_eq!(b["confidence"][2]["robustness"], "moderate");
    assert_eq!(b["confidence"][2]["lines"][5]["agree"], 23);
    // The levers allow two combinations the model does not ship (rehabilitation without
    // military cooperation, and with tacit coordination): both are judged, and both are worse.
    let unoffered = b["unoffered"].as_array().unwrap();
    assert_eq!(unoffered.len(), 2);
    assert!(unoffered.iter().all(|u| f(&u["net"]) < 0.0));
    assert!(
        unoffered
            .iter()
            .all(|u| u["levers"][1][1] == "rehabilitating (1)")
    );
    let answer = b["bottom_line"]["answer"].as_str().unwrap();
    assert_eq!(answer, "No: none of the 3 options beats the status quo.");
    // The cross-impact engine reads every option worse too, by the same outcomes: its
    // scenarios with the option imposed against the 4 with the status quo imposed.
    // (The double standards being seen with Assad spreads are scaled by the regime's offensive
    // in the CIB as in the FCM, so the two options that make the coalition seen leave 8 and 12
    // futures, where an unconditional block left 4 and 8.)
    for (v, with) in b["verdicts"].as_array().unwrap().iter().zip([3, 8, 12]) {
        let cib = &v["scenarios"];
        assert_eq!(
            (
                cib["scenarios"].as_u64(),
                cib["status_quo_scenarios"].as_u64()
            ),
            (Some(with), Some(4))
        );
        assert!(f(&cib["net"]) < 0.0, "{}", v["option"]);
    }
    // The census with no trigger fired: a vicious circle of open cooperation up to
    // rehabilitation (6 scenarios) and the status quo (4). The author's question, read off the levers'
    // balance: once Aleppo has fallen the status quo pushes back on both, if the airstrikes
    // merely fail it does not.
    let census = &b["scenarios"];
    let families: Vec<(u64, &str)> = census["families"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["size"].as_u64().unwrap(),
                f["options"][0].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(families, [(6, "rehabilitate_assad"), (4, "status_quo")]);
    let status_quo_pushes_back = |trigger: serde_json::Value| -> &serde_json::Value {
        let imposed = census["imposed"].as_array().unwrap();
        let i = imposed
            .iter()
            .find(|i| i["option"] == "status_quo" && i["trigger"] == trigger)
            .unwrap();
        &i["pushes_back"]
    };
    assert_eq!(
        status_quo_pushes_back("aleppo_falls".into()),
        &serde_json::json!(["coalition_stance", "rehabilitation"])
    );
    assert_eq!(
        status_quo_pushes_back("airstrikes_fail".into()),
        &serde_json::json!([])
    );
    for c in b["confidence"].as_array().unwrap() {
        assert_eq!(c["lines"][6]["varies"], "scenarios");
        assert_eq!(
            (
                c["lines"][6]["runs"].as_u64(),
                c["lines"][6]["agree"].as_u64()
            ),
            (Some(1), Some(1))
        );
    }

    for a in b["assumptions"].as_array().unwrap() {
        let key = a["key"].as_array().unwrap();
        assert!(!key.is_empty());
        for k in key {
            let grade = k["grade"].as_str().unwrap();
            assert!(["quoted", "ungraded", "estimate", "assumption"].contains(&grade));
            // A load-bearing estimate or assumption is flagged in plain words.
            assert_eq!(
                k["flag"].is_string(),
                grade == "estimate" || grade == "assumption",
                "{k}"
            );
        }
        // Each signpost names the judgment it bears on and what seeing it would do.
        let signposts = a["signposts"].as_array().unwrap();
        assert!(signposts.len() >= 5, "{}", a["option"]);
        assert!(signposts.iter().all(|s| s["bears_on"].is_string()));
        assert!(signposts.iter().any(|s| s["moves"] != "nothing"));
    }
    // The flagged assumption behind tacit coordination: deniable coordination is partly seen.
    let first = &b["assumptions"][0]["key"][0];
    assert_eq!(first["judgment"], "link coalition_stance → seen_with_assad");
    assert_eq!(first["grade"], "assumption");
}

#[test]
fn what_carries_open_cooperation_is_one_link_to_irans_reach() {
    // The methodologist's finding (issue 28): Iran's reach, one link from rehabilitation,
    // carries most of the harm (71% since the regime's offensive rests where the text puts
    // it, which shrinks the costs scaled by it), and the briefing must show it and warn that
    // path length favours the near outcomes.
    let doc = json_of(&["--format", "json", "--draws", "50"]);
    let carriers = doc["briefing"]["carriers"].as_array().unwrap();
    let open = carriers
        .iter()
        .find(|c| c["option"] == "rehabilitate_assad")
        .expect("the option is judged");
    let top = &open["outcomes"][0];
    assert_eq!(top["factor"], "iran_reach");
    assert_eq!(top["links_from_lever"], 1);
    let share = top["share"].as_f64().unwrap();
    assert!((0.65..0.75).contains(&share), "{share}");
    let sum: f64 = open["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["contribution"].as_f64().unwrap())
        .sum();
    assert!((sum - open["net"].as_f64().unwrap()).abs() < 1e-9);
    // Removing rehabilitation → iran_reach moves the net most.
    assert_eq!(open["links"][0]["from"], "rehabilitation");
    assert_eq!(open["links"][0]["to"], "iran_reach");
    let text = util::run(&["--draws", "50"]).stdout;
    assert!(
        text.contains("of the movement is on outcomes one link from a lever"),
        "{text}"
    );
}
