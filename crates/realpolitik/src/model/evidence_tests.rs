//! Tests of the parts of the format that say how far to trust a model: graded quotes,
//! estimates, signposts, outcome weights and stakeholders, conditional links and alternative
//! encodings.

use super::load::{LoadError, Loaded, SourceTexts, load_str};
use super::types::{Grade, Means, QuoteStance};
use crate::diagnostic::Diagnostic;

/// A source, a lever, a trigger and two outcomes; `extra` is appended.
fn model(extra: &str) -> String {
    model_with("", extra)
}

/// [`model`] with `header` at the end of the `[model]` table.
fn model_with(header: &str, extra: &str) -> String {
    format!(
        r#"
[model]
title = "t"
[[model.sources]]
id = "s"
title = "S"
path = "s.txt"
{header}
[[factors]]
id = "lever"
label = "Lever"
role = "lever"
states = ["off", "on"]
[[factors]]
id = "shock"
label = "Shock"
role = "trigger"
states = ["no", "yes"]
[[factors]]
id = "harm"
label = "Harm"
role = "outcome"
states = ["low", "high"]
desired = "low"
[[factors]]
id = "gain"
label = "Gain"
role = "outcome"
desired = "high"
weight = 2
[[triggers]]
id = "shock_hits"
name = "The shock hits"
clamp = {{ shock = "yes" }}
{extra}"#
    )
}

const TEXTS: &[(&str, &str)] = &[
    (
        "s.txt",
        "The author says the lever causes harm. Critics claim it brings gain, which is wrong. \
         If the shock hits, the lever helps.",
    ),
    (
        "alt.toml",
        r#"
[alternative]
title = "The critics' case"
[[links]]
from = "lever"
to = "gain"
weight = "+strong"
claim = "the lever brings gain"
quote = "Critics claim it brings gain"
stance = "opposing"
[[links]]
from = "lever"
to = "harm"
weight = "0"
assumption = "the critics see no harm"
"#,
    ),
    (
        "broken.toml",
        "[alternative]\ntitle = \"x\"\n[[links]]\nfrom = \"lever\"\nto = \"nowhere\"\nweight = 0.5\n",
    ),
];

fn load(text: &str) -> Result<Loaded, Vec<Diagnostic>> {
    load_str(
        "m/t.toml",
        text,
        &SourceTexts::Embedded(TEXTS),
        &crate::model::LoadOptions::default(),
    )
    .map_err(|e| match e {
        LoadError::Invalid(d) => d.into_iter().filter(Diagnostic::is_error).collect(),
        other => panic!("{other}"),
    })
}

fn codes(text: &str) -> Vec<&'static str> {
    load(text)
        .err()
        .unwrap_or_default()
        .iter()
        .map(|d| d.code)
        .collect()
}

const HARM_LINK: &str = r#"
[[links]]
from = "lever"
to = "harm"
weight = 0.5
quote = "The author says the lever causes harm."
stance = "author"
indicators = [{ watch = "harm reported near the lever", means = "stronger" }]
"#;

#[test]
fn quotes_carry_their_grade_and_a_quote_may_override_it() {
    let text = model(&format!(
        "{HARM_LINK}
[[links]]
from = \"shock\"
to = \"gain\"
weight = 0.3
stance = \"reported\"
quote = [\"The author says\", {{ text = \"If the shock hits\", stance = \"hypothetical\" }}]
estimate = \"the text gives no strength\"
"
    ));
    let m = load(&text).unwrap().model;
    assert_eq!(
        m.links[0].evidence.citations[0].stance,
        Some(QuoteStance::Author)
    );
    assert_eq!(m.links[0].evidence.grade(), Grade::Quoted);
    let second: Vec<_> = m.links[1]
        .evidence
        .citations
        .iter()
        .map(|c| c.stance)
        .collect();
    assert_eq!(
        second,
        [Some(QuoteStance::Reported), Some(QuoteStance::Hypothetical)]
    );
    assert_eq!(m.links[1].evidence.grade(), Grade::Estimate);
    assert_eq!(m.links[0].indicators[0].means, Means::Stronger);
}

#[test]
fn an_ungraded_quote_and_a_missing_quote_are_graded_as_such() {
    let text = model(
        "[[links]]\nfrom = \"lever\"\nto = \"harm\"\nweight = 0.5\nquote = \"the lever\"\n\
         [[links]]\nfrom = \"lever\"\nto = \"gain\"\nweight = 0.5\nassumption = \"why not\"\n",
    );
    let m = load(&text).unwrap().model;
    assert_eq!(m.links[0].evidence.grade(), Grade::Ungraded);
    assert_eq!(m.links[1].evidence.grade(), Grade::Assumption);
    let s = super::summary::Summary::of(&m);
    assert_eq!(
        (s.grades.ungraded, s.grades.assumption, s.grades.total()),
        (1, 1, 2)
    );
    assert_eq!(s.grades.describe(), "1 quoted but ungraded, 1 assumptions");
}

#[test]
fn a_judgment_resting_only_on_a_rejected_view_is_an_error() {
    let text = model(
        "[[links]]\nfrom = \"lever\"\nto = \"gain\"\nweight = 0.5\n\
         quote = \"Critics claim it brings gain\"\nstance = \"opposing\"\n",
    );
    assert_eq!(codes(&text), ["model::opposing_sole_support"]);
    // Beside the author's own passage, a rejected view may be quoted for context.
    let with_author = model(
        "[[links]]\nfrom = \"lever\"\nto = \"gain\"\nweight = -0.5\nstance = \"opposing\"\n\
         quote = [\"Critics claim it brings gain\", \
         { text = \"The author says\", stance = \"author\" }]\n",
    );
    assert!(codes(&with_author).is_empty());
}

#[test]
fn a_quoted_stance_counts_as_an_estimate() {
    let text = model(
        "[[issues]]\nid = \"i\"\nquestion = \"?\"\nscale = { low_label = \"l\", high_label = \"h\" }\n\
         [[actors]]\nid = \"a\"\nname = \"A\"\n[actors.bargaining.i]\nposition = 10\nsalience = 50\n\
         capability = 1\nquote = \"The author says\"\nstance = \"author\"\n",
    );
    let m = load(&text).unwrap().model;
    assert_eq!(m.actors[0].stances[0].evidence.grade(), Grade::Estimate);
}

#[test]
fn outcome_weights_and_stakeholders_are_checked() {
    let m = load(&model(&format!(
        "{HARM_LINK}
[[stakeholders]]
id = \"capital\"
name = \"The capital\"
weights = {{ harm = 3, gain = 0 }}
assumption = \"the capital fears harm\"
"
    )))
    .unwrap()
    .model;
    assert_eq!(m.factors[3].weight, 2.0);
    assert_eq!(m.factors[2].weight, 1.0);
    assert_eq!(m.stakeholders[0].weights, [(3, 0.0), (2, 3.0)]);

    let bad =
        model("[[stakeholders]]\nid = \"x\"\nname = \"X\"\nweights = { shock = 1, harm = -1 }\n");
    assert_eq!(
        codes(&bad),
        ["model::weight_without_desired", "model::out_of_range"]
    );
    let nothing = model("[[stakeholders]]\nid = \"x\"\nname = \"X\"\nweights = { harm = 0 }\n");
    assert_eq!(codes(&nothing), ["model::no_weight"]);
    let misplaced = model(
        "[[factors]]\nid = \"m\"\nlabel = \"M\"\nrole = \"mechanism\"\nweight = 1\n\
         indicators = [{ watch = \"w\", means = \"stronger\" }]\n\
         [[links]]\nfrom = \"m\"\nto = \"harm\"\nweight = 0.1\nassumption = \"a\"\n",
    );
    assert_eq!(
        codes(&misplaced),
        ["model::weight_without_desired", "model::indicator_meaning"]
    );
}

#[test]
fn a_link_may_act_only_under_a_trigger() {
    let text = model(
        "[[links]]\nfrom = \"lever\"\nto = \"gain\"\nweight = 0.5\nwhen = \"shock_hits\"\n\
         quote = \"If the shock hits, the lever helps.\"\nstance = \"hypothetical\"\n",
    );
    let m = load(&text).unwrap().model;
    assert_eq!(m.links[0].when, Some(0));
    let typo = text.replace("when = \"shock_hits\"", "when = \"shock_hit\"");
    assert_eq!(codes(&typo), ["model::unknown_id"]);
}

#[test]
fn an_alternative_replaces_adds_and_removes_links() {
    let header =
        "[[model.alternatives]]\nid = \"critics\"\nname = \"The critics\"\npath = \"alt.toml\"";
    let m = load(&model_with(header, HARM_LINK)).unwrap().model;
    let alt = &m.alternatives[0];
    assert_eq!(
        (alt.id.as_str(), alt.title.as_str()),
        ("critics", "The critics' case")
    );
    assert_eq!(alt.links[0].claim.as_deref(), Some("the lever brings gain"));
    // The alternative may rest on the view the text rejects.
    assert_eq!(
        alt.links[0].evidence.citations[0].stance,
        Some(QuoteStance::Opposing)
    );
    let critics = m.with_alternative(0);
    let pairs: Vec<(usize, usize, f64)> = critics
        .links
        .iter()
        .map(|l| (l.from, l.to, l.weight.nominal()))
        .collect();
    // lever → harm removed (weight 0), lever → gain added at +strong's centroid.
    assert_eq!(pairs.len(), 1);
    assert_eq!((pairs[0].0, pairs[0].1), (0, 3));
    assert!((pairs[0].2 - 0.75).abs() < 1e-12);
    assert!(critics.alternatives.is_empty());
}

#[test]
fn an_alternatives_errors_point_into_its_own_file() {
    let header = "[[model.alternatives]]\nid = \"b\"\nname = \"B\"\npath = \"broken.toml\"";
    let text = model_with(header, "");
    let errors = load(&text).unwrap_err();
    assert_eq!(errors.len(), 1);
    let record = errors[0].to_record();
    assert_eq!(errors[0].code, "model::unknown_id");
    assert_eq!(record.file.as_deref(), Some("m/broken.toml"));
    assert_eq!((record.line, record.column), (Some(5), Some(6)));
    let missing = text.replace("broken.toml", "nowhere.toml");
    assert_eq!(codes(&missing), ["model::alternative_unreadable"]);
}
