//! The edits on small texts: each changes what it says and keeps every comment.

use super::*;

const TEXT: &str = "# a model\n[[factors]]\nid = \"a\" # first\nlabel = \"A\"\n\n\
    [[links]]\nfrom = \"a\"\nto = \"b\"\nweight = 0.5   # judged from the memo\n\
    assumption = \"x\"\n\n[[judgments]]\nfrom = \"a\"\nto = \"b\"\n\
    impacts = [[ 1, -1],   # low\n           [-2,  2]]   # high\n\n\
    [[actors]]\nid = \"gov\"\n[actors.bargaining.price]\nposition = 40 # reported\nsalience = 70\n";

#[test]
fn a_weight_edit_changes_only_that_value_and_keeps_its_comment() {
    let edit = Edit::LinkWeight {
        from: "a".into(),
        to: "b".into(),
        weight: WeightValue::Number(-0.25),
    };
    let out = apply(TEXT, &edit).unwrap();
    assert_eq!(
        out,
        TEXT.replace("weight = 0.5   #", "weight = -0.25   #"),
        "{out}"
    );
    let term = Edit::LinkWeight {
        from: "a".into(),
        to: "b".into(),
        weight: WeightValue::Term("+strong".into()),
    };
    assert!(
        apply(TEXT, &term)
            .unwrap()
            .contains("weight = \"+strong\"   # judged")
    );
}

#[test]
fn an_edit_that_does_not_match_the_file_is_refused() {
    let wrong = Edit::LinkWeight {
        from: "b".into(),
        to: "a".into(),
        weight: WeightValue::Number(0.1),
    };
    assert!(
        apply(TEXT, &wrong)
            .unwrap_err()
            .contains("no link from b to a")
    );
    let out_of_range = Edit::LinkWeight {
        from: "a".into(),
        to: "b".into(),
        weight: WeightValue::Number(1.5),
    };
    assert!(apply(TEXT, &out_of_range).unwrap_err().contains("[-1, 1]"));
    assert!(
        apply("[[x", &out_of_range)
            .unwrap_err()
            .contains("not valid TOML")
    );
}

#[test]
fn a_relation_is_edited_in_place_for_either_engine() {
    let text = "[[relations]]\nfrom = \"a\"\nto = \"b\"\nweight = 0.5 # w\n\
                impacts = [[1, -1], [-1, 1]]\nassumption = \"x\"\n";
    let weight = Edit::LinkWeight {
        from: "a".into(),
        to: "b".into(),
        weight: WeightValue::Number(0.2),
    };
    let out = apply(text, &weight).unwrap();
    assert_eq!(out, text.replace("weight = 0.5 #", "weight = 0.2 #"));
    let impact = Edit::Impact {
        from: "a".into(),
        to: "b".into(),
        row: 0,
        column: 1,
        value: 2,
    };
    let out = apply(&out, &impact).unwrap();
    assert!(out.contains("impacts = [[1, 2], [-1, 1]]"), "{out}");
    // A new relation goes where the file keeps its relations.
    let add = Edit::AddLink {
        from: "b".into(),
        to: "a".into(),
        weight: WeightValue::Number(0.1),
        assumption: "y".into(),
    };
    let out = apply(&out, &add).unwrap();
    assert_eq!(out.matches("[[relations]]").count(), 2, "{out}");
}

#[test]
fn layout_impact_and_bargaining_edits_keep_every_comment() {
    let out = apply(
        TEXT,
        &Edit::Layout {
            factor: "a".into(),
            x: 120.04,
            y: 33.0,
        },
    )
    .unwrap();
    assert!(
        out.contains("label = \"A\"\nlayout = [120.04, 33.0]\n"),
        "{out}"
    );
    let out = apply(
        &out,
        &Edit::Impact {
            from: "a".into(),
            to: "b".into(),
            row: 1,
            column: 0,
            value: 3,
        },
    )
    .unwrap();
    assert!(
        out.contains("[ 1, -1],   # low\n           [3,  2]]   # high"),
        "{out}"
    );
    let out = apply(
        &out,
        &Edit::Bargaining {
            actor: "gov".into(),
            issue: "price".into(),
            field: "position".into(),
            value: 55.5,
        },
    )
    .unwrap();
    assert!(
        out.contains("position = 55.5 # reported\nsalience = 70"),
        "{out}"
    );
    for comment in ["# a model", "# first", "# judged from the memo"] {
        assert!(out.contains(comment), "{comment} lost: {out}");
    }
}

/// Loads `text` as a model with no source texts, panicking with its problems if it is invalid.
fn valid(text: &str) -> realpolitik::Model {
    realpolitik::model::load_str(
        "t.toml",
        text,
        &realpolitik::model::SourceTexts::Given(Vec::new()),
        &Default::default(),
    )
    .unwrap_or_else(|e| panic!("{e:?}\n{text}"))
    .model
}

fn edit(text: &str, json: serde_json::Value) -> Result<String, String> {
    let edit: Edit = serde_json::from_value(json).expect("the page's JSON");
    apply(text, &edit)
}

#[test]
fn a_model_is_built_from_the_blank_template_by_edits_alone() {
    let mut text = realpolitik::templates::Template::Blank.text().to_owned();
    for json in [
        serde_json::json!({"kind": "add_factor", "id": "policy", "label": "Policy",
            "role": "lever", "states": ["off", "on"]}),
        serde_json::json!({"kind": "add_factor", "id": "cost", "label": "Cost",
            "role": "outcome", "states": ["low", "high"]}),
        serde_json::json!({"kind": "add_link", "from": "policy", "to": "cost",
            "weight": "+strong", "assumption": "It costs."}),
        // A block typed into an empty cell joins the link's relation.
        serde_json::json!({"kind": "impact", "from": "policy", "to": "cost", "row": 1,
            "column": 1, "value": 2}),
        serde_json::json!({"kind": "add_scenario", "scenario": "option", "id": "wait",
            "name": "Wait", "status_quo": true,
            "clamp": [{"factor": "policy", "state": "off"}]}),
        serde_json::json!({"kind": "add_scenario", "scenario": "option", "id": "act",
            "name": "Act", "clamp": [{"factor": "policy", "state": "on"}]}),
    ] {
        text = edit(&text, json).unwrap();
    }
    let model = valid(&text);
    assert_eq!(model.factors.len(), 2);
    assert_eq!(model.options.len(), 2);
    assert_eq!(
        text.matches("[[relations]]").count(),
        2,
        "one in a comment:\n{text}"
    );
    assert!(
        text.contains(
            "weight = \"+strong\"\nassumption = \"It costs.\"\nimpacts = [[0, 0], [0, 2]]"
        ),
        "{text}"
    );
    assert!(text.contains("clamp = { policy = \"off\" }"), "{text}");
    // The template's comments are all still there.
    for line in realpolitik::templates::Template::Blank
        .text()
        .lines()
        .filter(|l| l.starts_with('#'))
    {
        assert!(text.contains(line), "{line} lost");
    }
}

#[test]
fn deleting_a_factor_takes_its_relations_and_clamps_with_it() {
    let text = realpolitik::templates::Template::Fcm.text();
    let out = edit(
        text,
        serde_json::json!({"kind": "delete_factor", "id": "fuel_shock"}),
    )
    .unwrap();
    assert!(!out.contains("fuel_shock = "), "{out}");
    assert!(!out.contains("from = \"fuel_shock\""), "{out}");
    let before = valid(text);
    let after = valid(&out);
    assert_eq!(after.factors.len(), before.factors.len() - 1);
    // Its two relations are gone; the trigger stays, clamping nothing.
    assert_eq!(
        out.matches("[[relations]]").count(),
        text.matches("[[relations]]").count() - 2
    );
    assert!(out.contains("id = \"fuel_crisis\""));
    assert!(
        edit(
            text,
            serde_json::json!({"kind": "delete_factor", "id": "nothing"})
        )
        .unwrap_err()
        .contains("no factor")
    );
}

#[test]
fn links_are_added_once_and_deleted_without_their_block() {
    let text = "[[relations]]\nfrom = \"a\"\nto = \"b\"\nweight = 0.5\nimpacts = [[1, -1], [-1, 1]]\n\
                assumption = \"x\"\n\n[[relations]]\nfrom = \"b\"\nto = \"a\"\nweight = 0.2\n\
                assumption = \"y\"\n";
    let again = serde_json::json!({"kind": "add_link", "from": "a", "to": "b", "weight": 0.1,
        "assumption": "z"});
    assert!(edit(text, again).unwrap_err().contains("already a link"));
    let out = edit(
        text,
        serde_json::json!({"kind": "delete_link", "from": "a", "to": "b"}),
    )
    .unwrap();
    assert!(out.contains("from = \"a\"\nto = \"b\"\nimpacts"), "{out}");
    let out = edit(
        &out,
        serde_json::json!({"kind": "delete_link", "from": "b", "to": "a"}),
    )
    .unwrap();
    assert_eq!(out.matches("[[relations]]").count(), 1, "{out}");
    assert!(
        edit(
            &out,
            serde_json::json!({"kind": "delete_link", "from": "a", "to": "b"})
        )
        .unwrap_err()
        .contains("no link")
    );
}

#[test]
fn factors_are_renamed_and_re_roled_and_ids_are_checked() {
    let text = realpolitik::templates::Template::Fcm.text();
    let out = edit(
        text,
        serde_json::json!({"kind": "update_factor", "id": "car_trips",
            "label": "Trips by car", "role": "outcome"}),
    )
    .unwrap();
    let model = valid(&out);
    let trips = model.factors.iter().find(|f| f.id == "car_trips").unwrap();
    assert_eq!(trips.label, "Trips by car");
    assert!(
        out.contains(
            "role = \"outcome\"\nstates = [\"fewer\", \"as_now\", \"more\"]\ndesired = \"high\""
        ),
        "{out}"
    );
    for (id, why) in [("Oil", "lower-case"), ("fuel_shock", "already a factor")] {
        let e = edit(
            text,
            serde_json::json!({"kind": "add_factor", "id": id, "label": "x",
                "role": "mechanism", "states": ["a", "b"]}),
        )
        .unwrap_err();
        assert!(e.contains(why), "{e}");
    }
    let one_state = serde_json::json!({"kind": "add_factor", "id": "x", "label": "x",
        "role": "mechanism", "states": ["only"]});
    assert!(edit(text, one_state).unwrap_err().contains("two states"));
}

#[test]
fn actors_and_scenarios_are_added_and_removed() {
    let text = realpolitik::templates::Template::Bargaining.text();
    let out = edit(
        text,
        serde_json::json!({"kind": "add_actor", "id": "business", "name": "Business lobby",
            "stances": [{"issue": "budget", "position": 30, "salience": 60, "capability": 50}]}),
    )
    .unwrap();
    assert!(
        out.contains(
            "[[actors]]\nid = \"business\"\nname = \"Business lobby\"\n\
             \n[actors.bargaining.budget]\nposition = 30\nsalience = 60\ncapability = 50\n"
        ),
        "{out}"
    );
    assert_eq!(valid(&out).actors.len(), 4);
    let out = edit(
        &out,
        serde_json::json!({"kind": "delete_actor", "id": "unions"}),
    )
    .unwrap();
    assert_eq!(valid(&out).actors.len(), 3);

    let text = realpolitik::templates::Template::Fcm.text();
    let out = edit(
        text,
        serde_json::json!({"kind": "set_clamp", "scenario": "trigger", "id": "fuel_crisis",
            "factor": "car_trips", "state": "fewer"}),
    )
    .unwrap();
    assert!(
        out.contains("clamp = { fuel_shock = \"yes\", car_trips = \"fewer\" }"),
        "{out}"
    );
    let out = edit(
        &out,
        serde_json::json!({"kind": "set_clamp", "scenario": "trigger", "id": "fuel_crisis",
            "factor": "fuel_shock"}),
    )
    .unwrap();
    assert!(out.contains("clamp = { car_trips = \"fewer\" }"), "{out}");
    let out = edit(
        &out,
        serde_json::json!({"kind": "delete_scenario", "scenario": "option", "id": "charge_now"}),
    )
    .unwrap();
    assert_eq!(valid(&out).options.len(), 1);
    let trigger_quo = serde_json::json!({"kind": "add_scenario", "scenario": "trigger",
        "id": "t", "name": "T", "status_quo": true});
    assert!(
        edit(text, trigger_quo)
            .unwrap_err()
            .contains("only an option")
    );
}
