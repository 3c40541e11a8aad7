//! Tests of loading as a whole: the example model, specific checks, and properties (the loader
//! never panics, whatever it is given).

use proptest::prelude::*;

use super::load::{LoadError, SourceTexts, load_file, load_str};
use super::values::Quantity;
use crate::diagnostic::Diagnostic;

const EXAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../examples/energy-transition.toml"
);

fn errors(text: &str) -> Vec<Diagnostic> {
    match load_str(
        "t.toml",
        text,
        &SourceTexts::Embedded(&[("s.txt", "The quick brown fox.")]),
        &crate::model::LoadOptions::default(),
    ) {
        Ok(_) => Vec::new(),
        Err(LoadError::Invalid(d)) => d.into_iter().filter(Diagnostic::is_error).collect(),
        Err(e) => panic!("{e}"),
    }
}

fn codes(text: &str) -> Vec<&'static str> {
    errors(text).iter().map(|d| d.code).collect()
}

#[test]
fn the_example_model_loads_with_its_values() {
    let loaded = load_file(
        std::path::Path::new(EXAMPLE),
        &crate::model::LoadOptions::default(),
    )
    .unwrap();
    let m = &loaded.model;
    assert_eq!(m.actors.len(), 3);
    assert_eq!(
        m.actors[0].stances[0].position,
        Quantity::Interval {
            low: 40.0,
            high: 60.0
        }
    );
    assert_eq!(
        m.actors[1].stances[0].salience,
        Quantity::Triangular {
            low: 80.0,
            mode: 90.0,
            high: 100.0
        }
    );
    // "+moderately" is defined in the file's [terms].
    let link = &m.links[3];
    assert_eq!(link.term.as_deref(), Some("+moderately"));
    assert!((link.weight.nominal() - 0.4).abs() < 1e-12);
    // Every quote is verified against examples/sources/carbon-brief.txt.
    let citations: Vec<_> = m
        .judgments_with_evidence()
        .into_iter()
        .flat_map(|(_, e)| e.citations.clone())
        .collect();
    assert_eq!(citations.len(), 6);
    assert!(citations.iter().all(|c| c.verified));
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
}

const TWO_FACTORS: &str = r#"
[model]
title = "t"
[[model.sources]]
id = "s"
title = "S"
path = "s.txt"
[[factors]]
id = "a"
label = "A"
role = "lever"
states = ["off", "on"]
[[factors]]
id = "b"
label = "B"
role = "outcome"
states = ["low", "high"]
"#;

#[test]
fn an_outcome_weight_is_a_number_from_0_to_a_million() {
    let with_weight = |w: &str| {
        let text = TWO_FACTORS.replace(
            "role = \"outcome\"\n",
            &format!("role = \"outcome\"\ndesired = \"high\"\nweight = {w}\n"),
        );
        errors(&text)
            .iter()
            .map(|d| d.message.clone())
            .collect::<Vec<_>>()
    };
    assert!(with_weight("1000000").is_empty());
    assert!(with_weight("0").is_empty());
    assert_eq!(
        with_weight("nan"),
        ["weight NaN of factor `b` is not a number"]
    );
    assert_eq!(with_weight("-1"), ["weight -1 of factor `b` is negative"]);
    assert_eq!(
        with_weight("1e308"),
        ["weight 1e308 of factor `b` is above 1,000,000, the largest accepted"]
    );
    assert_eq!(
        with_weight("inf"),
        ["weight inf of factor `b` is above 1,000,000, the largest accepted"]
    );
}

#[test]
fn actors_part_of_each_other_are_refused_once_per_cycle() {
    let actor = |id: &str, part_of: Option<&str>| {
        let within = part_of.map_or(String::new(), |p| format!("part_of = \"{p}\"\n"));
        format!("[[actors]]\nid = \"{id}\"\nname = \"{id}\"\n{within}")
    };
    let model = |actors: &[String]| format!("{TWO_FACTORS}{}", actors.concat());
    let messages = |text: &str| {
        errors(text)
            .iter()
            .map(|d| d.message.clone())
            .collect::<Vec<_>>()
    };
    let tree = model(&[
        actor("us", None),
        actor("cia", Some("us")),
        actor("sof", Some("cia")),
    ]);
    assert!(messages(&tree).is_empty());
    let cycle = model(&[
        actor("x", None),
        actor("a", Some("b")),
        actor("b", Some("c")),
        actor("c", Some("a")),
        actor("d", Some("a")),
    ]);
    assert_eq!(
        messages(&cycle),
        ["actor `a` is part of itself: `a` ⊂ `b` ⊂ `c` ⊂ `a`"]
    );
}

#[test]
fn a_factor_is_drawn_at_a_point() {
    let at = |layout: &str| {
        let text = TWO_FACTORS.replace(
            "role = \"outcome\"\n",
            &format!("role = \"outcome\"\nlayout = {layout}\n"),
        );
        errors(&text)
            .iter()
            .map(|d| d.message.clone())
            .collect::<Vec<_>>()
    };
    assert!(at("[120.5, -3]").is_empty());
    assert_eq!(
        at("[nan, inf]"),
        ["factor `b` is drawn at [NaN, inf], not a point"]
    );
    assert_eq!(
        at("[1, -inf]"),
        ["factor `b` is drawn at [1, -inf], not a point"]
    );
}

#[test]
fn a_single_source_is_implied_and_quotes_are_verified() {
    let ok = format!(
        "{TWO_FACTORS}[[links]]\nfrom = \"a\"\nto = \"b\"\nweight = 0.5\nquote = \"quick  brown\"\n"
    );
    assert!(codes(&ok).is_empty(), "{:?}", errors(&ok));
    let bad = format!(
        "{TWO_FACTORS}[[links]]\nfrom = \"a\"\nto = \"b\"\nweight = 0.5\nquote = \"quick red\"\n"
    );
    assert_eq!(codes(&bad), ["model::quote_not_found"]);
}

#[test]
fn every_problem_is_reported_in_one_pass() {
    let text = format!(
        "{TWO_FACTORS}
[[links]]
from = \"a\"
to = \"zz\"
weight = 0.5
[[links]]
from = \"b\"
to = \"b\"
weight = 0.5
[[judgments]]
from = \"a\"
to = \"b\"
impacts = [[1, 2]]
[[judgments]]
from = \"b\"
to = \"a\"
impacts = [[1, 2], [3, 4]]
wrong = 1
"
    );
    assert_eq!(
        codes(&text),
        [
            "model::unknown_id",
            "model::self_link",
            "model::block_shape",
            "model::unknown_key"
        ]
    );
}

#[test]
fn references_to_a_broken_element_are_not_reported_twice() {
    let text = "[model]\ntitle = \"t\"\n[[factors]]\nid = \"a\"\nlabel = \"A\"\nrole = \"x\"\n\
                [[factors]]\nid = \"b\"\nlabel = \"B\"\nrole = \"outcome\"\n\
                [[links]]\nfrom = \"a\"\nto = \"b\"\nweight = 0.1\n";
    assert_eq!(codes(text), ["model::unknown_variant"]);
}

#[test]
fn duplicate_links_and_blocks_are_errors() {
    let link = "[[links]]\nfrom = \"a\"\nto = \"b\"\nweight = 0.5\nassumption = \"x\"\n";
    let block = "[[judgments]]\nfrom = \"a\"\nto = \"b\"\nimpacts = [[1, -1], [-1, 1]]\n";
    let text = format!("{TWO_FACTORS}{link}{link}{block}{block}");
    assert_eq!(
        codes(&text),
        ["model::duplicate_pair", "model::duplicate_pair"]
    );
}

#[test]
fn model_terms_replace_defaults_by_name() {
    let text = format!(
        "{TWO_FACTORS}[terms]\n\"+strong\" = [0.6, 0.8, 1.0]\n[[links]]\nfrom = \"a\"\nto = \"b\"\nweight = \"+strong\"\n"
    );
    let loaded = load_str(
        "t.toml",
        &text,
        &SourceTexts::Embedded(&[("s.txt", "")]),
        &crate::model::LoadOptions::default(),
    )
    .unwrap();
    assert!((loaded.model.links[0].weight.nominal() - 0.8).abs() < 1e-12);
    let out_of_range = format!("{TWO_FACTORS}[terms]\n\"+huge\" = [0.5, 1.0, 1.5]\n");
    assert_eq!(codes(&out_of_range), ["model::out_of_range"]);
}

#[test]
fn unverifiable_quotes_are_a_warning() {
    let text = "[model]\ntitle = \"t\"\n[[model.sources]]\nid = \"s\"\ntitle = \"S\"\n\
                [[factors]]\nid = \"a\"\nlabel = \"A\"\nrole = \"lever\"\n\
                [[factors]]\nid = \"b\"\nlabel = \"B\"\nrole = \"outcome\"\n\
                [[links]]\nfrom = \"a\"\nto = \"b\"\nweight = 0.1\nquote = \"anything\"\n";
    let loaded = crate::model::from_text(text);
    assert_eq!(loaded.warnings.len(), 1);
    assert_eq!(loaded.warnings[0].code, "model::unverified_quotes");
    assert!(!loaded.model.links[0].evidence.citations[0].verified);
}

/// Valid lines to splice into mutated models.
const FRAGMENTS: &[&str] = &[
    "[[links]]",
    "[[factors]]",
    "[model]",
    "weight = [1, 2, 3, 4]",
    "impacts = [[1], [2, [3]]]",
    "states = []",
    "clamp = { x = { state = 1 } }",
    "id = \"\"",
    "quote = []",
    "position = [nan, inf]",
    "scale = { low = 5, high = 5, low_label = \"\", high_label = \"\" }",
    "x.y.z = 1",
    "\"\\u00e9\" = '''",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,400}") {
        // Arbitrary text is almost never a model: it loads, or every problem is located in the
        // text itself, on character boundaries, and there is at least one error.
        match load_str("t.toml", &text, &SourceTexts::Embedded(&[]), &crate::model::LoadOptions::default()) {
            Ok(_) => {}
            Err(LoadError::Invalid(d)) => {
                prop_assert!(d.iter().any(Diagnostic::is_error));
                for x in &d {
                    if let Some((span, _)) = &x.location {
                        prop_assert!(span.start <= span.end && span.end <= text.len(), "{x:?}");
                        prop_assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
                    }
                }
            }
            Err(e) => prop_assert!(false, "a text is never read from disk: {e}"),
        }
    }

    #[test]
    fn mutated_models_never_panic(
        edits in prop::collection::vec((0usize..200, 0usize..4, 0usize..FRAGMENTS.len(), any::<char>()), 1..6)
    ) {
        let mut lines: Vec<String> = std::fs::read_to_string(EXAMPLE)
            .unwrap()
            .lines()
            .map(str::to_owned)
            .collect();
        for (at, kind, fragment, c) in edits {
            let i = at % lines.len();
            match kind {
                0 => { lines.remove(i); }
                1 => lines.insert(i, FRAGMENTS[fragment].to_owned()),
                2 => {
                    let line = &mut lines[i];
                    let cut = line.char_indices().nth(at % (line.chars().count() + 1)).map_or(line.len(), |(b, _)| b);
                    line.insert(cut, c);
                }
                _ => { let j = (i + fragment) % lines.len(); lines.swap(i, j); }
            }
            if lines.is_empty() { lines.push(String::new()); }
        }
        let text = lines.join("\n");
        let texts = SourceTexts::Directory(std::path::Path::new(EXAMPLE).parent().unwrap().to_owned());
        match load_str("t.toml", &text, &texts, &crate::model::LoadOptions::default()) {
            Ok(_) => {}
            Err(LoadError::Invalid(diagnostics)) => {
                // Every error of a mutated file is located in it.
                for d in diagnostics.iter().filter(|d| d.is_error()) {
                    prop_assert!(d.line_column().is_some(), "{:?}", d);
                }
            }
            Err(e) => prop_assert!(false, "{e}"),
        }
    }
}

#[test]
fn the_format_guides_example_is_a_valid_model() {
    let guide = include_str!("../../../../docs/model-format.md");
    let start = guide
        .find("```toml\n")
        .expect("the format guide has a TOML example")
        + 8;
    let end = start + guide[start..].find("```").unwrap();
    let examples = std::path::Path::new(EXAMPLE).parent().unwrap().to_owned();
    let loaded = load_str(
        "docs/model-format.md",
        &guide[start..end],
        &SourceTexts::Directory(examples),
        &crate::model::LoadOptions::default(),
    )
    .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(loaded.model.factors.len(), 2);
    assert_eq!(loaded.model.judgments[0].impacts[2][0].nominal, 3);
    assert!(loaded.model.links[0].evidence.citations[0].verified);
}

#[test]
fn a_broken_header_does_not_hide_the_rest_of_the_file() {
    let text = "[model]\ntitle = 1\n[[factors]]\nid = \"a\"\nlabel = \"A\"\nrole = \"lever\"\n\
                [[links]]\nfrom = \"a\"\nto = \"b\"\nweight = 0.1\nquote = \"x\"\n";
    assert_eq!(codes(text), ["model::wrong_type", "model::unknown_id"]);
}

#[test]
fn summary_separates_assumptions_from_cited_judgments_with_notes() {
    let text = format!(
        "{TWO_FACTORS}[[links]]\nfrom = \"a\"\nto = \"b\"\nweight = 0.5\nquote = \"quick\"\nassumption = \"only partly\"\n\
         [[links]]\nfrom = \"b\"\nto = \"a\"\nweight = 0.5\njustification = \"because\"\n"
    );
    let loaded = load_str(
        "t.toml",
        &text,
        &SourceTexts::Embedded(&[("s.txt", "quick")]),
        &crate::model::LoadOptions::default(),
    )
    .unwrap();
    let s = super::summary::Summary::of(&loaded.model);
    assert_eq!((s.cited, s.assumed), (1, 1));
    assert_eq!(s.assumptions[0].judgment, "link b → a");
    assert_eq!(s.assumptions[0].reason.as_deref(), Some("because"));
    assert_eq!(s.partly_assumed.len(), 1);
    assert_eq!(s.partly_assumed[0].reason.as_deref(), Some("only partly"));
}

#[test]
fn actors_past_the_limit_are_refused_at_the_first_one_too_many() {
    // The default limit is 500 actors; actor 501's table starts on line 3 + 3·500.
    let actors: String = (0..=500)
        .map(|a| format!("[[actors]]\nid = \"a{a}\"\nname = \"A{a}\"\n"))
        .collect();
    let errors = errors(&format!("[model]\ntitle = \"t\"\n{actors}"));
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].code, "bargain::too_many_actors");
    assert!(
        errors[0].message.contains("501 actors"),
        "{}",
        errors[0].message
    );
    assert_eq!(errors[0].line_column().map(|(line, _)| line), Some(1503));
}

#[test]
fn a_relation_carries_its_evidence_once_for_both_engines() {
    let text = format!(
        "{TWO_FACTORS}[[relations]]\nfrom = \"a\"\nto = \"b\"\nweight = 0.5\n\
         impacts = [[1, -1], [-1, 1]]\nquote = \"quick brown\"\nstance = \"author\"\n"
    );
    let loaded = load_str(
        "t.toml",
        &text,
        &SourceTexts::Embedded(&[("s.txt", "The quick brown fox.")]),
        &crate::model::LoadOptions::default(),
    )
    .unwrap();
    let m = &loaded.model;
    assert_eq!((m.links.len(), m.judgments.len()), (1, 1));
    assert_eq!(m.links[0].weight, Quantity::Exact { value: 0.5 });
    assert_eq!(m.judgments[0].impacts[1][1].nominal, 1);
    assert_eq!(m.relations(), [(0, 1)]);
    let judged = m.judgments_with_evidence();
    assert_eq!(judged.len(), 1);
    assert_eq!(judged[0].0, "relation a → b");
    let summary = super::summary::Summary::of(m);
    assert_eq!((summary.relations, summary.quotes_verified), (1, 1));
    // The same pair written as a block and a link apart is one relation, two judgments.
    let apart = format!(
        "{TWO_FACTORS}[[judgments]]\nfrom = \"a\"\nto = \"b\"\nimpacts = [[1, -1], [-1, 1]]\n\
         assumption = \"x\"\n[[links]]\nfrom = \"a\"\nto = \"b\"\nweight = 0.5\nassumption = \"x\"\n"
    );
    let m = load_str(
        "t.toml",
        &apart,
        &SourceTexts::Embedded(&[("s.txt", "The quick brown fox.")]),
        &crate::model::LoadOptions::default(),
    )
    .unwrap()
    .model;
    assert_eq!(m.relations().len(), 1);
    assert_eq!(m.judgments_with_evidence().len(), 2);
}

#[test]
fn relations_are_checked_like_the_blocks_and_links_they_stand_for() {
    let relation = |body: &str| {
        format!(
            "{TWO_FACTORS}[[relations]]\nfrom = \"a\"\nto = \"b\"\n{body}\nassumption = \"x\"\n"
        )
    };
    assert_eq!(codes(&relation("")), ["model::empty_relation"]);
    assert_eq!(
        codes(&relation("impacts = [[1, -1]]")),
        ["model::block_shape"]
    );
    // A block may be conditional without a weight; a trigger acts on the FCM weight only.
    assert!(codes(&relation("impacts = [[1, -1], [-1, 1]]\nscaled_by = \"a\"")).is_empty());
    assert_eq!(
        codes(&relation("impacts = [[1, -1], [-1, 1]]\nwhen = \"t\"")),
        ["model::unknown_id", "model::condition_without_weight"]
    );
    assert_eq!(
        codes(&relation(
            "weight = 0.5\nrequires = { factor = \"a\", at_least = \"half\" }"
        )),
        ["model::unknown_state"]
    );
    assert_eq!(
        codes(&relation("weight = 0.5\nrequires = { factor = \"a\" }")),
        ["model::empty_condition"]
    );
    assert_eq!(
        codes(&relation(
            "weight = 0.5\nrequires = { factor = \"a\", at_least = 0.8, at_most = 0.2 }"
        )),
        ["model::empty_condition"]
    );
    // A relation's weight and a separate link on the same pair are two links.
    let twice = format!(
        "{}[[links]]\nfrom = \"a\"\nto = \"b\"\nweight = 0.5\nassumption = \"x\"\n",
        relation("weight = 0.5")
    );
    assert_eq!(codes(&twice), ["model::duplicate_pair"]);
    // A block beside a relation with a weight only is fine: each engine has one encoding.
    let beside = format!(
        "{}[[judgments]]\nfrom = \"a\"\nto = \"b\"\nimpacts = [[1, -1], [-1, 1]]\nassumption = \"x\"\n",
        relation("weight = 0.5")
    );
    assert!(codes(&beside).is_empty());
    // A condition resolves to its state's position: "on" is the second of two states, 1.
    let text = relation("weight = 0.5\nrequires = { factor = \"a\", at_least = \"on\" }");
    let loaded = load_str(
        "t.toml",
        &text,
        &SourceTexts::Embedded(&[("s.txt", "The quick brown fox.")]),
        &crate::model::LoadOptions::default(),
    )
    .unwrap();
    let condition = loaded.model.links[0].requires.clone().unwrap();
    assert_eq!(
        (condition.factor, condition.at_least, condition.at_most),
        (0, Some(1.0), None)
    );
    assert_eq!(condition.written, "a at least on");
    assert!(condition.holds(1.0) && !condition.holds(0.99));
    // A conditional relation's CIB block becomes a gate on the condition's factor: it acts
    // where `a` is "on" (position 1) and not where it is "off" (position 0).
    let load = |text: &str| {
        load_str(
            "t.toml",
            text,
            &SourceTexts::Embedded(&[("s.txt", "The quick brown fox.")]),
            &crate::model::LoadOptions::default(),
        )
        .unwrap()
    };
    let text = relation(
        "weight = 0.5\nimpacts = [[1, -1], [-1, 1]]\nrequires = { factor = \"a\", at_least = \"on\" }",
    );
    let loaded = load(&text);
    assert!(loaded.warnings.is_empty());
    let m = crate::cib::Matrix::from_model(&loaded.model)
        .unwrap()
        .unwrap();
    assert!(m.cells().iter().all(|&c| c == 0));
    assert_eq!(
        m.gates(),
        [crate::cib::Gate {
            from: 0,
            to: 1,
            on: 0,
            blocks: vec![vec![0, 0, 0, 0], vec![1, -1, -1, 1]],
        }]
    );
    // Scaled by a three-state factor: × 0, × 1/2 (halves rounded away from zero), × 1.
    let text = format!(
        "{TWO_FACTORS}[[factors]]\nid = \"k\"\nlabel = \"K\"\nrole = \"mechanism\"\n\
         states = [\"none\", \"some\", \"all\"]\n\
         [[relations]]\nfrom = \"a\"\nto = \"b\"\nimpacts = [[3, -1], [2, 0]]\n\
         scaled_by = \"k\"\nassumption = \"x\"\n"
    );
    let m = crate::cib::Matrix::from_model(&load(&text).model)
        .unwrap()
        .unwrap();
    assert_eq!(
        m.gates()[0].blocks,
        vec![vec![0, 0, 0, 0], vec![2, -1, 1, 0], vec![3, -1, 2, 0]]
    );
    // A condition on a factor without states cannot gate a block: it warns that the block
    // acts in every scenario (`c` is otherwise unused).
    let text = format!(
        "{TWO_FACTORS}[[factors]]\nid = \"c\"\nlabel = \"C\"\nrole = \"mechanism\"\n\
         [[relations]]\nfrom = \"a\"\nto = \"b\"\nweight = 0.5\nimpacts = [[1, -1], [-1, 1]]\n\
         scaled_by = \"c\"\nassumption = \"x\"\n"
    );
    let warnings: Vec<_> = load(&text).warnings.iter().map(|d| d.code).collect();
    assert_eq!(
        warnings,
        ["model::unconditional_block", "model::unused_factor"]
    );
}

#[test]
fn a_resting_level_is_an_inner_state_or_an_activation_inside_0_1_with_its_evidence() {
    let with_rest = |rest: &str| {
        format!(
            "{TWO_FACTORS}[[factors]]\nid = \"k\"\nlabel = \"K\"\nrole = \"mechanism\"\n\
             states = [\"none\", \"some\", \"all\"]\nrests_at = {rest}\n\
             [[relations]]\nfrom = \"a\"\nto = \"k\"\nweight = 0.5\nassumption = \"x\"\n\
             [[relations]]\nfrom = \"k\"\nto = \"b\"\nweight = 0.5\nassumption = \"x\"\n"
        )
    };
    let loaded = load_str(
        "t.toml",
        &with_rest("{ level = \"some\", quote = \"The quick brown fox.\", stance = \"author\" }"),
        &SourceTexts::Embedded(&[("s.txt", "The quick brown fox.")]),
        &crate::model::LoadOptions::default(),
    )
    .unwrap();
    let rest = loaded.model.factors[2].rests_at.as_ref().unwrap();
    assert_eq!(rest.level, 0.5);
    assert!(rest.evidence.citations[0].verified);
    assert!(
        loaded
            .model
            .judgments_with_evidence()
            .iter()
            .any(|(what, _)| what == "resting level of k")
    );
    // An end state (a continuous transfer never reaches it), a number outside (0, 1), an
    // unknown state.
    for (rest, code) in [
        (
            "{ level = \"none\", assumption = \"x\" }",
            "model::out_of_range",
        ),
        ("{ level = 1.0, assumption = \"x\" }", "model::out_of_range"),
        (
            "{ level = \"half\", assumption = \"x\" }",
            "model::unknown_state",
        ),
    ] {
        assert_eq!(codes(&with_rest(rest)), [code], "{rest}");
    }
}

/// Settings travel with each load (issue 32): one process loads two models under different
/// limits and source folders, in turn, and each load obeys its own options only.
#[test]
fn two_models_load_in_one_process_under_their_own_limits_and_folders() {
    use super::load::LoadOptions;
    use crate::limits::Limits;
    let dir = tempfile::tempdir().unwrap();
    for folder in ["quoting", "bargaining", "briefs"] {
        std::fs::create_dir(dir.path().join(folder)).unwrap();
    }
    std::fs::write(dir.path().join("briefs/brief.txt"), "The quick brown fox.").unwrap();
    // One model quotes a brief outside its own folder.
    let quoting = dir.path().join("quoting/m.toml");
    std::fs::write(
        &quoting,
        "[model]\ntitle = \"q\"\n[[model.sources]]\nid = \"s\"\ntitle = \"s\"\n\
         path = \"../briefs/brief.txt\"\n[[factors]]\nid = \"a\"\nlabel = \"A\"\nrole = \"lever\"\n\
         [[factors]]\nid = \"b\"\nlabel = \"B\"\nrole = \"outcome\"\n[[links]]\nfrom = \"a\"\n\
         to = \"b\"\nweight = 0.5\nsource = \"s\"\nquote = \"quick brown\"\n",
    )
    .unwrap();
    // The other has three actors.
    let bargaining = dir.path().join("bargaining/m.toml");
    let actor = |id: &str| format!("[[actors]]\nid = \"{id}\"\nname = \"{id}\"\n");
    std::fs::write(
        &bargaining,
        format!(
            "[model]\ntitle = \"b\"\n{}{}{}",
            actor("x"),
            actor("y"),
            actor("z")
        ),
    )
    .unwrap();
    let briefs_allowed = LoadOptions::default()
        .allow_source_folders(&[dir.path().join("briefs")])
        .unwrap();
    let two_actors = LoadOptions::new(Limits {
        actors: 2,
        ..Limits::default()
    });
    let refused = |path: &std::path::Path, options: &LoadOptions| match load_file(path, options) {
        Err(LoadError::Invalid(d)) => d
            .iter()
            .filter(|d| d.is_error())
            .map(|d| (d.code, d.line_column().map(|(line, _)| line)))
            .collect::<Vec<_>>(),
        Ok(_) => Vec::new(),
        Err(e) => panic!("{e}"),
    };
    // Interleaved: each load sees its own options, whatever the one before was given.
    let quotes = load_file(&quoting, &briefs_allowed).unwrap();
    assert_eq!(quotes.model.links[0].evidence.citations.len(), 1);
    assert_eq!(
        refused(&bargaining, &two_actors),
        // The third actor (its `[[actors]]` header is line 9) is one past the limit of 2.
        vec![("bargain::too_many_actors", Some(9))]
    );
    assert_eq!(
        refused(&quoting, &two_actors),
        // Line 6 holds the source's path, which leads outside the folders these options allow.
        vec![("model::source_unreadable", Some(6))]
    );
    assert_eq!(refused(&bargaining, &briefs_allowed), vec![]);
    assert_eq!(
        load_file(&bargaining, &briefs_allowed)
            .unwrap()
            .model
            .actors
            .len(),
        3
    );
}
