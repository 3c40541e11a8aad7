//! Tests of the structural review.

use super::*;
use crate::model::{SourceTexts, load_str};

const SOURCE: &str = "Cooperation helps the regime. The regime's offensives kill civilians. \
                      Cooperation kills civilians. Pressure builds.";

/// A lever every option clamps, a mechanism, an outcome, and a pressure feeding the lever.
fn model(links: &str) -> (Model, SourceFile) {
    let text = format!(
        r#"
[model]
title = "t"
[[model.sources]]
id = "s"
title = "S"
path = "s.txt"
[[factors]]
id = "pressure"
label = "Pressure"
role = "mechanism"
[[factors]]
id = "stance"
label = "Stance"
role = "lever"
[[factors]]
id = "offensive"
label = "Offensive"
role = "mechanism"
[[factors]]
id = "civilians_killed"
label = "Civilians killed"
role = "outcome"
desired = "low"
[[options]]
id = "sq"
name = "Status quo"
status_quo = true
clamp = {{ stance = 0.0 }}
[[options]]
id = "cooperate"
name = "Cooperate"
clamp = {{ stance = 1.0 }}
{links}"#
    );
    let loaded = load_str(
        "t.toml",
        &text,
        &SourceTexts::Embedded(&[("s.txt", SOURCE)]),
        &crate::model::LoadOptions::default(),
    )
    .unwrap_or_else(|e| panic!("{e:?}"));
    (loaded.model, loaded.file)
}

fn link(from: &str, to: &str, weight: f64, quote: &str) -> String {
    format!("[[links]]\nfrom = \"{from}\"\nto = \"{to}\"\nweight = {weight}\nquote = \"{quote}\"\n")
}

fn codes(r: &Review) -> Vec<&'static str> {
    r.warnings.iter().map(|d| d.code).collect()
}

#[test]
fn a_link_into_a_lever_every_option_fixes_is_inert() {
    let links = [
        link("pressure", "stance", 0.5, "Pressure builds."),
        link("stance", "offensive", 0.5, "Cooperation helps the regime."),
        link(
            "offensive",
            "civilians_killed",
            0.75,
            "The regime's offensives kill civilians.",
        ),
    ]
    .concat();
    let (m, file) = model(&links);
    let r = review(&m, &file);
    // Pressure → stance cannot matter: every option fixes the stance.
    assert_eq!(codes(&r), ["review::inert", "review::one_sided"]);
    assert!(r.warnings[0].message.contains("pressure → stance"));
    // One path, stance → offensive → civilians killed: 0.5 · 0.75, harmful (more killed).
    assert_eq!(
        r.paths,
        [PathBalance {
            option: "cooperate".into(),
            beneficial: 0,
            beneficial_weight: 0.0,
            harmful: 1,
            harmful_weight: 0.375,
        }]
    );
}

#[test]
fn paths_are_counted_on_both_sides_with_their_weights() {
    let links = [
        link("stance", "offensive", 0.5, "Cooperation helps the regime."),
        link(
            "offensive",
            "civilians_killed",
            -0.25,
            "The regime's offensives kill civilians.",
        ),
        link(
            "stance",
            "civilians_killed",
            0.5,
            "Cooperation kills civilians.",
        ),
    ]
    .concat();
    let (m, file) = model(&links);
    let r = review(&m, &file);
    let b = &r.paths[0];
    // stance → offensive → civilians: 0.5 · −0.25 fewer killed: beneficial, 0.125;
    // stance → civilians: 0.5, harmful.
    assert_eq!((b.beneficial, b.harmful), (1, 1));
    assert!((b.beneficial_weight - 0.125).abs() < 1e-12);
    assert!((b.harmful_weight - 0.5).abs() < 1e-12);
    assert!(codes(&r).is_empty(), "{:?}", codes(&r));
}

#[test]
fn a_passage_grounding_a_path_and_its_shortcut_is_counted_twice() {
    let links = [
        link("stance", "offensive", 0.5, "Cooperation helps the regime."),
        link(
            "offensive",
            "civilians_killed",
            0.5,
            "Cooperation helps the regime.",
        ),
        link(
            "stance",
            "civilians_killed",
            0.5,
            "Cooperation helps the regime.",
        ),
    ]
    .concat();
    let (m, file) = model(&links);
    let found = codes(&review(&m, &file));
    assert_eq!(
        found,
        [
            "review::one_sided",
            "review::reused_quote",
            "review::reused_quote",
            "review::double_count"
        ]
    );
}

#[test]
fn an_option_that_sets_nothing_an_outcome_feels_is_flagged() {
    let (m, file) = model(&link(
        "offensive",
        "civilians_killed",
        0.5,
        "Pressure builds.",
    ));
    let r = review(&m, &file);
    assert_eq!(codes(&r), ["review::no_effect"]);
    assert_eq!(r.paths[0].beneficial + r.paths[0].harmful, 0);
}

#[test]
fn a_weight_and_a_block_pointing_different_ways_are_flagged() {
    // Stance has no states here, so give the block to a pair with states.
    let text = |weight: f64| {
        format!(
            "[model]\ntitle = \"t\"\n[[factors]]\nid = \"a\"\nlabel = \"A\"\nrole = \"lever\"\n\
             states = [\"low\", \"mid\", \"high\"]\n[[factors]]\nid = \"b\"\nlabel = \"B\"\n\
             role = \"outcome\"\nstates = [\"low\", \"high\"]\n[[relations]]\nfrom = \"a\"\n\
             to = \"b\"\nweight = {weight}\nimpacts = [[2, -2], [0, 0], [-1, 1]]\n\
             assumption = \"x\"\n"
        )
    };
    let load = |t: &str| crate::model::from_text(t);
    let loaded = load(&text(0.5));
    // Positions −1, 0, 1 and −½, ½: 2·(−1)(−½) − 2·(−1)(½) − 1·(1)(−½) + 1·(1)(½) = 3.
    assert_eq!(loaded.model.judgments[0].direction(), 3.0);
    assert!(!codes(&review(&loaded.model, &loaded.file)).contains(&"review::sign_disagreement"));
    let loaded = load(&text(-0.5));
    let r = review(&loaded.model, &loaded.file);
    assert!(
        codes(&r).contains(&"review::sign_disagreement"),
        "{:?}",
        codes(&r)
    );
    let d = r
        .warnings
        .iter()
        .find(|d| d.code == "review::sign_disagreement")
        .unwrap();
    assert_eq!(
        d.message,
        "the FCM weight says `a` lowers `b`, its CIB block that it raises it"
    );
}

#[test]
fn a_factor_that_only_scales_a_relation_is_not_inert() {
    // pressure reaches the outcome only by scaling offensive → civilians killed: the link
    // stance → pressure moves the outcome through the scale, so it is not inert.
    let links = [
        link("stance", "pressure", 0.5, "Pressure builds."),
        link("stance", "offensive", 0.5, "Cooperation helps the regime."),
        link(
            "offensive",
            "civilians_killed",
            0.75,
            "The regime's offensives kill civilians.",
        )
        .replace("quote =", "scaled_by = \"pressure\"\nquote ="),
    ]
    .concat();
    let (m, file) = model(&links);
    assert_eq!(m.links[2].scaled_by, Some(0));
    let r = review(&m, &file);
    assert!(!codes(&r).contains(&"review::inert"), "{:?}", codes(&r));
}

#[test]
fn a_relation_inert_in_both_engines_is_reported_once() {
    // `dead` reaches nothing, so harm → dead changes nothing in either engine: one warning.
    // Every option fixes the lever: the FCM link harm → lever is inert, but its CIB block is
    // not, since the balance on the lever is what the briefing reads as push-back.
    let text = "[model]\ntitle = \"t\"\n\
        [[factors]]\nid = \"lever\"\nlabel = \"L\"\nrole = \"lever\"\nstates = [\"off\", \"on\"]\n\
        [[factors]]\nid = \"harm\"\nlabel = \"H\"\nrole = \"outcome\"\ndesired = \"low\"\n\
        states = [\"low\", \"high\"]\n\
        [[factors]]\nid = \"dead\"\nlabel = \"D\"\nrole = \"mechanism\"\n\
        states = [\"low\", \"high\"]\n\
        [[relations]]\nfrom = \"lever\"\nto = \"harm\"\nweight = 0.5\n\
        impacts = [[1, -1], [-1, 1]]\nassumption = \"x\"\n\
        [[relations]]\nfrom = \"harm\"\nto = \"lever\"\nweight = 0.5\n\
        impacts = [[1, -1], [-1, 1]]\nassumption = \"y\"\n\
        [[relations]]\nfrom = \"harm\"\nto = \"dead\"\nweight = 0.5\n\
        impacts = [[1, -1], [-1, 1]]\nassumption = \"z\"\n\
        [[options]]\nid = \"sq\"\nname = \"S\"\nstatus_quo = true\nclamp = { lever = \"off\" }\n\
        [[options]]\nid = \"act\"\nname = \"A\"\nclamp = { lever = \"on\" }\n";
    let loaded = crate::model::from_text(text);
    let r = review(&loaded.model, &loaded.file);
    let inert: Vec<&str> = r
        .warnings
        .iter()
        .filter(|d| d.code == "review::inert")
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(
        inert,
        [
            "link harm → lever cannot change what the briefing compares",
            "relation harm → dead cannot change what the options are compared on, in either engine"
        ]
    );
}

#[test]
fn a_signpost_whose_opposite_points_the_same_way_is_reported() {
    // act → good acts only while m stays in [0.4, 0.6]; m rests at σ(0) = 0.5. Moving m
    // halfway up (0.75) or halfway down (0.25) closes the gate either way: seeing "m rises" and
    // seeing m fall both weaken the option, so the indicator cannot tell the readings apart.
    let text = "[model]\ntitle = \"gate\"\nquestion = \"act?\"\n\
         [[factors]]\nid = \"act\"\nlabel = \"Act\"\nrole = \"lever\"\n\
         [[factors]]\nid = \"m\"\nlabel = \"M\"\nrole = \"mechanism\"\n\
         indicators = [{ watch = \"m rises\", means = \"higher\" }]\n\
         [[factors]]\nid = \"good\"\nlabel = \"Good\"\nrole = \"outcome\"\ndesired = \"high\"\n\
         [[links]]\nfrom = \"act\"\nto = \"good\"\nweight = 0.8\n\
         requires = { factor = \"m\", at_least = 0.4, at_most = 0.6 }\n\
         [[options]]\nid = \"wait\"\nname = \"Wait\"\nstatus_quo = true\nclamp = { act = 0.0 }\n\
         [[options]]\nid = \"go\"\nname = \"Go\"\nclamp = { act = 1.0 }\n";
    let loaded = crate::model::from_text(text);
    let r = review(&loaded.model, &loaded.file);
    let found: Vec<_> = r
        .warnings
        .iter()
        .filter(|d| d.code == "review::undiagnostic_signpost")
        .collect();
    assert_eq!(found.len(), 1, "{:?}", codes(&r));
    assert!(
        found[0]
            .message
            .contains("\"m rises\" does not discriminate: for option go")
    );
    // Located at the indicator's meaning, line 12.
    assert_eq!(found[0].to_record().line, Some(12));
}
