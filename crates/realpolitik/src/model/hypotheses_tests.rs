//! Tests of `[[hypotheses]]` and `[[evidence]]`: what is read, and every located error.

use super::load::{LoadError, Loaded, SourceTexts, load_str};
use super::types::{CellRating, Degree, ItemKind, Rating};
use crate::diagnostic::Diagnostic;

const TEXT: &str = "The regime cannot hold ground. Turkey will not join.";

/// Two factors, a relation, a status quo and an option; `extra` is appended.
fn model(extra: &str) -> String {
    format!(
        r#"
[model]
title = "t"
[[model.sources]]
id = "s"
title = "S"
path = "s.txt"
[[factors]]
id = "support"
label = "Support"
role = "lever"
states = ["none", "some"]
[[factors]]
id = "offensive"
label = "Offensive"
role = "outcome"
states = ["none", "limited", "major"]
desired = "high"
[[relations]]
from = "support"
to = "offensive"
weight = 0.4
quote = "The regime cannot hold ground."
[[options]]
id = "wait"
name = "Wait"
status_quo = true
[[options]]
id = "help"
name = "Help"
clamp = {{ support = "some" }}
[[hypotheses]]
id = "can"
statement = "With support the regime can roll IS back"
option = "help"
states = {{ offensive = "major" }}
[[hypotheses]]
id = "cannot"
statement = "It cannot"
{extra}"#
    )
}

fn load(text: &str) -> Result<Loaded, Vec<Diagnostic>> {
    load_str(
        "m/t.toml",
        text,
        &SourceTexts::Embedded(&[("s.txt", TEXT)]),
        &crate::model::LoadOptions::default(),
    )
    .map_err(|e| match e {
        LoadError::Invalid(d) => d.into_iter().filter(Diagnostic::is_error).collect(),
        other => panic!("{other}"),
    })
}

fn errors(text: &str) -> Vec<(&'static str, usize)> {
    load(text)
        .expect_err("an invalid model")
        .iter()
        .map(|d| (d.code, d.line_column().map_or(0, |(line, _)| line)))
        .collect()
}

#[test]
fn hypotheses_and_rated_evidence_are_read() {
    let loaded = load(&model(
        r#"
[[evidence]]
id = "cannot_hold"
credibility = "high"
relevance = "high"
quote = "The regime cannot hold ground."
ratings = { can = "II", cannot = "c" }
[[evidence]]
id = "via_relation"
relation = { from = "support", to = "offensive" }
ratings = { can = ["C", "N"], cannot = "N/A" }
[[evidence]]
id = "premise"
type = "assumption"
credibility = "low"
ratings = { can = "I" }
"#,
    ))
    .expect("valid");
    let m = &loaded.model;
    assert_eq!(m.hypotheses.len(), 2);
    assert_eq!(m.hypotheses[0].option, Some(1));
    assert_eq!(m.hypotheses[0].states, [(1, 2)]);
    let [first, second, third] = &m.evidence[..] else {
        panic!("three items")
    };
    assert_eq!(first.kind, ItemKind::Fact);
    assert_eq!(
        (first.credibility, first.relevance),
        (Degree::High, Degree::High)
    );
    assert_eq!(
        first.ratings,
        [
            CellRating::certain(Rating::VeryInconsistent),
            CellRating::certain(Rating::Consistent)
        ]
    );
    assert!(first.evidence.citations[0].verified);
    // An item naming a relation cites the relation's quotes.
    assert_eq!(second.relation, Some((0, 1)));
    assert_eq!(
        second.evidence.citations[0].quote,
        "The regime cannot hold ground."
    );
    assert_eq!(
        second.ratings[0],
        CellRating {
            rating: Rating::Consistent,
            or: vec![Rating::Neutral]
        }
    );
    assert_eq!(second.ratings[1].rating, Rating::NotApplicable);
    // An unrated cell counts as not applicable, with a warning.
    assert_eq!(third.kind, ItemKind::Assumption);
    assert_eq!(third.ratings[1].rating, Rating::NotApplicable);
    let unrated: Vec<&Diagnostic> = loaded
        .warnings
        .iter()
        .filter(|d| d.code == "model::unrated")
        .collect();
    assert_eq!(unrated.len(), 1);
    assert!(
        unrated[0].message.contains("`cannot`"),
        "{}",
        unrated[0].message
    );
}

#[test]
fn every_ach_error_is_located() {
    // `line(n)`: the file's line of line n (counting from 0) of the text appended.
    let base = model("").lines().count();
    let text = model(
        r#"[[evidence]]
id = "a"
ratings = { can = "X", cannot = ["I", "I"], maybe = "C" }
[[evidence]]
id = "b"
type = "assumption"
relation = { from = "offensive", to = "support" }
ratings = { can = "C", cannot = [] }
[[evidence]]
id = "c"
relation = { from = "support", to = "offensive" }
quote = "The regime cannot hold ground."
ratings = { can = "C", cannot = "C" }
"#,
    );
    let line = |n: usize| base + n + 1;
    let mut found = errors(&text);
    found.sort();
    let mut expected = vec![
        ("model::fact_without_source", line(1)),
        ("model::unknown_rating", line(2)),
        ("model::repeated_rating", line(2)),
        ("model::unknown_id", line(2)),
        ("model::unknown_relation", line(6)),
        ("model::unknown_rating", line(7)),
        ("model::quote_and_relation", line(11)),
    ];
    expected.sort();
    assert_eq!(found, expected);
}

#[test]
fn hypotheses_name_real_options_and_states_and_compete() {
    let text = model("")
        .replace("option = \"help\"", "option = \"hlep\"")
        .replace("offensive = \"major\"", "offensive = \"majr\"");
    let codes: Vec<&str> = errors(&text).into_iter().map(|(c, _)| c).collect();
    assert_eq!(codes, ["model::unknown_id", "model::unknown_state"]);
    let lone = model("").replace(
        "[[hypotheses]]\nid = \"cannot\"\nstatement = \"It cannot\"\n",
        "[[evidence]]\nid = \"x\"\ntype = \"assumption\"\nratings = { can = \"C\" }\n",
    );
    let codes: Vec<&str> = errors(&lone).into_iter().map(|(c, _)| c).collect();
    assert_eq!(codes, ["model::one_hypothesis"]);
}
