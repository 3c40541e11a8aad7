//! The main job: `realpolitik` with no arguments briefs on the built-in model of Wimmen's 2014
//! analysis. These tests assert its main findings with the numbers they rest on, and that
//! applying the judgments the briefing says would flip the verdict does flip it.

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

#[test]
fn the_briefing_answers_the_seeds_question_as_the_text_does() {
    let text = util::run(&["--quiet"]);
    assert_eq!(text.code, 0, "{}", text.stderr);
    for expected in [
        "Should the U.S.-led coalition against the Islamic State cooperate with the Assad regime",
        "Gradual rehabilitation of / cooperation with Assad: WORSE than the status quo",
        "high confidence",
        "Worse on all 7 outcomes it is judged by: no weighting of the outcomes changes the verdict.",
        "This agrees with the source, which judges it worse",
        "far outweigh the purported benefits",
        "It is difficult to imagine a more effective recruiting tool for the Islamic State.",
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
    assert_eq!(doc["summary"]["quotes_verified"], 131);
    let b = &doc["briefing"];
    assert_eq!(b["draws"], 2000);

    // The verdict: rehabilitation is worse than the status quo in every draw, by about 11
    // points of net score, and stays worse if IS takes Aleppo or marches on Salamiyya.
    let v = &b["verdicts"][0];
    assert_eq!(v["option"], "rehabilitate_assad");
    assert_eq!(v["judged"], "worse");
    assert_eq!(v["confidence"], "high");
    assert_eq!(f(&v["probability"]), 1.0);
    let net = f(&v["net"]["median"]);
    assert!((-12.5..-9.5).contains(&net), "{net}");
    assert_eq!(v["source_verdict"], "worse");
    // Worse on all seven outcomes: no weighting of them rescues it.
    assert_eq!(
        (v["outcomes_worse"].as_u64(), v["outcomes_better"].as_u64()),
        (Some(7), Some(0))
    );
    for (trigger, judged, p) in v["under_triggers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (&t[0], &t[1], f(&t[2])))
    {
        assert_eq!(judged, "worse", "{trigger}");
        assert_eq!(p, 1.0, "{trigger}");
    }

    // Why: cooperation does not roll back IS (the regime is too weak, and cooperating is a
    // recruiting tool); it costs Turkey's help, the coalition's cohesion, and hands Iran a
    // success. Medians in points of each factor's range.
    let none = &b["effects"][0];
    assert_eq!(none["trigger"], Value::Null);
    let is_strength = outcome(none, "is_strength");
    assert!((7.0..11.0).contains(&f(&is_strength["effect"]["median"])));
    assert_eq!(f(&is_strength["p_better"]), 0.0);
    let recruitment = f(&outcome(none, "is_recruitment")["effect"]["median"]);
    assert!((9.0..14.0).contains(&recruitment), "{recruitment}");
    let turkey = f(&outcome(none, "turkey_border")["effect"]["median"]);
    assert!((-21.0..-15.0).contains(&turkey), "{turkey}");
    let iran = f(&outcome(none, "iran_reach")["effect"]["median"]);
    assert!((15.0..21.0).contains(&iran), "{iran}");
    let cohesion = f(&outcome(none, "coalition_cohesion")["effect"]["median"]);
    assert!((-19.0..-11.0).contains(&cohesion), "{cohesion}");
    // Aleppo's fall is the strongest case for cooperation: it narrows IS's gain from it, but
    // does not reverse it.
    let aleppo = b["effects"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["trigger"] == "aleppo_falls")
        .unwrap();
    let under_aleppo = f(&outcome(aleppo, "is_strength")["effect"]["median"]);
    assert!(under_aleppo > 0.0 && under_aleppo < f(&is_strength["effect"]["median"]));

    // Each claim carries its passages: the recruiting-tool link is the direct path.
    let path = b["paths"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["outcome"] == "is_recruitment")
        .unwrap();
    assert_eq!(
        path["path"],
        serde_json::json!(["coalition_stance", "is_recruitment"])
    );
    assert!(
        path["passages"][0]["quote"]
            .as_str()
            .unwrap()
            .contains("more effective recruiting tool")
    );

    // CIB: 101 consistent futures, none with open cooperation; imposing it leaves one, in
    // which the coalition collapses, Turkey refuses and the Gulf withdraws.
    let s = &b["scenarios"];
    assert_eq!(s["consistent"], 101);
    assert!(s["families"].as_array().unwrap().iter().all(|f| {
        !f["options"]
            .as_array()
            .unwrap()
            .contains(&"rehabilitate_assad".into())
    }));
    let imposed = s["imposed"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["option"] == "rehabilitate_assad" && i["trigger"].is_null())
        .unwrap();
    assert_eq!(imposed["consistent"], 1);
    let states = |factor: &str| {
        imposed["outcomes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["factor"] == factor)
            .unwrap()["states"]
            .clone()
    };
    assert_eq!(
        states("coalition_cohesion"),
        serde_json::json!([["collapse", 1]])
    );
    assert_eq!(states("turkey_border"), serde_json::json!([["refuses", 1]]));
    assert_eq!(
        states("gulf_participation"),
        serde_json::json!([["withdrawn", 1]])
    );

    // Bargaining: the advocates of a deal are pulled to the governments' position near "no
    // cooperation"; the forecast stays at the weighted median 8.33 on the 0–100 scale.
    let n = &b["negotiation"][0];
    assert_eq!(n["issue"], "cooperation");
    assert!(
        (f(&n["forecast"]) - 25.0 / 3.0).abs() < 1e-3,
        "{}",
        n["forecast"]
    );
    let rifkind = n["movers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["actor"] == "rifkind")
        .unwrap();
    assert_eq!(f(&rifkind["from"]), 60.0);
    assert!(f(&rifkind["to"]) < 10.0);
}

/// Replaces the weight of the link `from → to` in a model's text.
fn set_weight(model: &str, name: &str, weight: f64) -> String {
    let (from, to) = name.split_once(" → ").unwrap();
    let head = format!("[[links]]\nfrom = \"{from}\"\nto = \"{to}\"\nweight = ");
    let at = model
        .find(&head)
        .unwrap_or_else(|| panic!("no link {name}"))
        + head.len();
    let end = at + model[at..].find('\n').unwrap();
    format!("{}{weight}{}", &model[..at], &model[end..])
}

#[test]
fn applying_the_reported_flip_set_flips_the_verdict() {
    let doc = json_of(&["--format", "json", "--draws", "400"]);
    let s = &doc["briefing"]["sensitivity"][0];
    assert_eq!(s["option"], "rehabilitate_assad");
    assert!(f(&s["nominal_net"]) < 0.0);
    let changes = s["flip_set"].as_array().unwrap();
    assert!(!changes.is_empty(), "the briefing names what would flip it");
    assert!(f(&s["net_after_flip_set"]) > 0.0);

    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("sources")).unwrap();
    std::fs::copy(
        util::path("models/sources/wimmen-2014.txt"),
        dir.path().join("sources/wimmen-2014.txt"),
    )
    .unwrap();
    let mut model = std::fs::read_to_string(util::path("models/assad-is-2014.toml")).unwrap();
    for c in changes {
        model = set_weight(&model, c["name"].as_str().unwrap(), f(&c["weight"]));
    }
    let edited = dir.path().join("flipped.toml");
    std::fs::write(&edited, model).unwrap();

    let flipped = json_of(&[
        "--format",
        "json",
        "--draws",
        "400",
        edited.to_str().unwrap(),
    ]);
    let v = &flipped["briefing"]["verdicts"][0];
    assert_eq!(v["judged"], "better", "{v}");
    assert!(f(&v["net"]["median"]) > 0.0);
    // The model now departs from the source, and the text says so.
    let text = util::run(&["--quiet", "--draws", "400", edited.to_str().unwrap()]);
    assert!(
        text.stdout.contains("THIS DEPARTS FROM THE SOURCE"),
        "{}",
        text.stdout
    );
}

#[test]
fn the_built_in_models_source_text_is_the_seed() {
    // Every quote of the built-in model is verified against models/sources/wimmen-2014.txt on
    // each load (see above); that file must be the seed document itself.
    let seed = util::path("../shared/seed/000_153fe862e5c2800c.txt");
    let Ok(seed) = std::fs::read(&seed) else {
        eprintln!("skipped: ../shared/seed is not beside the repository");
        return;
    };
    let ours = std::fs::read(util::path("models/sources/wimmen-2014.txt")).unwrap();
    assert!(
        ours == seed,
        "models/sources/wimmen-2014.txt differs from the seed"
    );
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
    for id in [
        "model",
        "cib",
        "bargain",
        "verdict",
        "sensitivity",
        "evidence",
    ] {
        assert!(
            html.contains(&format!("<section id=\"{id}\">")),
            "no section {id}"
        );
    }
    // The forest plot: seven outcomes under three conditions; the tornado: ten links.
    let forest = &html[html.find("<svg class=\"plot forest\"").unwrap()..];
    let forest = &forest[..forest.find("</svg>").unwrap()];
    assert_eq!(forest.matches("stroke-width=\"3\"").count(), 21);
    assert!(html.contains("<svg class=\"plot tornado\""));
    assert!(html.len() < 2_000_000, "{} bytes", html.len());
}
