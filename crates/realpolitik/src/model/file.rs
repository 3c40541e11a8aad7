//! The model file format, as written by analysts (TOML).
//!
//! These types mirror the file one to one; every value a later check may need to point at is a
//! [`Located`] value. The JSON Schema of the format (`realpolitik schema`) is generated from
//! them, so their doc comments are the format's documentation. [`crate::model::load`] reads a
//! file into them section element by section element (so that one bad actor does not hide the
//! errors of the next) and [`crate::model::resolve`] checks them and builds a [`crate::Model`].

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;

use super::hypotheses::{EvidenceItemSpec, HypothesisSpec};
use super::located::Located;
use super::values::{ClampSpec, ImpactCell, Quantity, QuoteStance, Quotes, WeightSpec};

/// A strategic system: its actors, the factors that push on each other, and the options and
/// triggers an analyst weighs. One file per system.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "realpolitik model")]
pub struct ModelFile {
    /// What the model is about, and the documents it rests on.
    pub model: ModelHeader,
    /// The actors whose interests and bargaining positions matter.
    #[serde(default)]
    pub actors: Vec<ActorSpec>,
    /// Bargaining issues: questions with a position scale on which actors take positions.
    #[serde(default)]
    pub issues: Vec<IssueSpec>,
    /// Factors: the descriptors of the system, with their states.
    #[serde(default)]
    pub factors: Vec<FactorSpec>,
    /// Causal relations: one per ordered pair of factors, carrying its evidence once and its
    /// encoding for each engine (an FCM `weight`, a CIB `impacts` block, or both).
    #[serde(default)]
    pub relations: Vec<RelationSpec>,
    /// Cross-impact judgments (CIB) written on their own, one block per ordered pair of
    /// factors (the older form; `realpolitik migrate` merges them into `[[relations]]`).
    #[serde(default)]
    pub judgments: Vec<JudgmentSpec>,
    /// Causal links (FCM) written on their own (the older form; see `judgments`).
    #[serde(default)]
    pub links: Vec<LinkSpec>,
    /// Policy options: scenarios that clamp factors. One may be the status quo.
    #[serde(default)]
    pub options: Vec<ScenarioSpec>,
    /// Triggers: external events that clamp factors.
    #[serde(default)]
    pub triggers: Vec<ScenarioSpec>,
    /// Stakeholders who weigh the outcomes differently (e.g. Washington, Ankara, Riyadh): the
    /// briefing gives the verdict under each one's weights.
    #[serde(default)]
    pub stakeholders: Vec<StakeholderSpec>,
    /// Competing hypotheses (Analysis of Competing Hypotheses): the answers the evidence items
    /// are rated against.
    #[serde(default)]
    pub hypotheses: Vec<HypothesisSpec>,
    /// Items of evidence and argument, each rated against every hypothesis.
    #[serde(default)]
    pub evidence: Vec<EvidenceItemSpec>,
    /// Linguistic weight terms, as triangular fuzzy numbers `[low, mode, high]` in [-1, 1]. They
    /// add to (or replace, by name) the default terms.
    #[serde(default)]
    pub terms: BTreeMap<String, Located<Quantity>>,
}

/// The `[model]` table.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ModelHeader {
    /// A short title.
    pub title: String,
    /// The question the model is built to answer.
    #[serde(default)]
    pub question: Option<String>,
    /// What the model covers and how its numbers are to be read (scales, conventions).
    #[serde(default)]
    pub description: Option<String>,
    /// When the situation was assessed (free text, e.g. "2014-11").
    #[serde(default)]
    pub date: Option<String>,
    /// The documents the model's judgments cite.
    #[serde(default)]
    pub sources: Vec<SourceSpec>,
    /// Alternative encodings of the same system (counter-models): files that replace named
    /// links and judgment blocks of this model, e.g. the case its advocates make. The briefing
    /// runs each and reports whether the verdict survives it.
    #[serde(default)]
    pub alternatives: Vec<AlternativeRef>,
}

/// An alternative encoding of the model, declared in `[[model.alternatives]]`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AlternativeRef {
    /// Identifier.
    pub id: Located<String>,
    /// Display name, e.g. "The advocates' case".
    pub name: String,
    /// Path of the alternative's file, relative to the model file (see [`AlternativeFile`]).
    pub path: Located<String>,
}

/// The file of an alternative encoding: a title and the relations, links and judgment blocks it
/// replaces.
///
/// A relation, link or block with the same `from` and `to` as one of the base model replaces
/// it (a relation replaces the encodings it gives); one with a new pair is added; a weight of
/// `0` removes the base's link. Everything else
/// (factors, actors, options, triggers, sources) is the base model's. Its quotes are checked
/// against the base model's sources.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "realpolitik alternative encoding")]
pub struct AlternativeFile {
    /// What the alternative encodes and whose view it is.
    pub alternative: AlternativeHeader,
    /// Relations that replace or add to the base model's.
    #[serde(default)]
    pub relations: Vec<RelationSpec>,
    /// Links that replace or add to the base model's.
    #[serde(default)]
    pub links: Vec<LinkSpec>,
    /// Judgment blocks that replace or add to the base model's.
    #[serde(default)]
    pub judgments: Vec<JudgmentSpec>,
}

/// The `[alternative]` table.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AlternativeHeader {
    /// A short title.
    pub title: String,
    /// Whose view it encodes and how it differs from the base model.
    #[serde(default)]
    pub description: Option<String>,
}

/// A document cited as evidence.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SourceSpec {
    /// Identifier used by judgments' `source`.
    pub id: Located<String>,
    /// Title of the document.
    pub title: String,
    /// Author(s).
    #[serde(default)]
    pub author: Option<String>,
    /// Publication date (free text).
    #[serde(default)]
    pub date: Option<String>,
    /// Where it was published (a URL or a citation).
    #[serde(default)]
    pub published: Option<String>,
    /// Path of the document's plain text, relative to the model file. When given, every quote
    /// citing this source is checked against it.
    #[serde(default)]
    pub path: Option<Located<String>>,
}

/// An actor: a state, an organisation, a group or a person.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ActorSpec {
    /// Identifier (letters, digits, `_` and `-`).
    pub id: Located<String>,
    /// Display name.
    pub name: String,
    /// Who the actor is and what it wants.
    #[serde(default)]
    pub description: Option<String>,
    /// The actor this one is part of (e.g. a faction of a government), by id.
    #[serde(default)]
    pub part_of: Option<Located<String>>,
    /// Bargaining inputs per issue id: `[actors.bargaining.ISSUE]`.
    #[serde(default)]
    pub bargaining: BTreeMap<Located<String>, StanceSpec>,
}

/// An actor's bargaining inputs on one issue. Each number may be uncertain.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StanceSpec {
    /// The position the actor advocates, on the issue's scale.
    pub position: Located<Quantity>,
    /// How much the issue matters to the actor, 0 (not at all) to 100 (above all else).
    pub salience: Located<Quantity>,
    /// The actor's capability (clout) to influence the issue, on any non-negative scale shared
    /// by all actors.
    pub capability: Located<Quantity>,
    /// Why these numbers.
    #[serde(default)]
    pub justification: Option<String>,
    /// Id of the cited source (may be left out when the model has exactly one source).
    #[serde(default)]
    pub source: Option<Located<String>>,
    /// Verbatim passage(s) of the source supporting the judgment.
    #[serde(default)]
    pub quote: Option<Located<Quotes>>,
    /// Marks the judgment as an analyst assumption, with the reason it is made.
    #[serde(default)]
    pub assumption: Option<String>,
    /// What kind of support the quotes give (each quote may override it): `"author"`,
    /// `"reported"`, `"opposing"` or `"hypothetical"`.
    #[serde(default)]
    pub stance: Option<QuoteStance>,
    /// Marks the judgment's number as going beyond its quotes (which ground only its
    /// direction, or a level rather than an effect), with the reason for the value chosen.
    #[serde(default)]
    pub estimate: Option<String>,
}

/// A bargaining issue.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IssueSpec {
    /// Identifier.
    pub id: Located<String>,
    /// The question at stake.
    pub question: String,
    /// The position scale.
    pub scale: Located<ScaleSpec>,
}

/// A position scale with labelled ends.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScaleSpec {
    /// The low end of the scale (default 0).
    #[serde(default)]
    pub low: f64,
    /// The high end of the scale (default 100).
    #[serde(default = "default_scale_high")]
    pub high: f64,
    /// What a position at the low end means.
    pub low_label: String,
    /// What a position at the high end means.
    pub high_label: String,
}

fn default_scale_high() -> f64 {
    100.0
}

/// The part a factor plays in the system.
#[derive(Clone, Copy, Debug, Deserialize, JsonSchema, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Something a decision maker chooses.
    Lever,
    /// An external event that may or may not happen.
    Trigger,
    /// A process through which effects travel.
    Mechanism,
    /// Something the analysis is about.
    Outcome,
}

impl Role {
    /// The role as the file writes it: `lever`, `trigger`, `mechanism` or `outcome`.
    pub fn name(self) -> &'static str {
        match self {
            Role::Lever => "lever",
            Role::Trigger => "trigger",
            Role::Mechanism => "mechanism",
            Role::Outcome => "outcome",
        }
    }
}

/// Which end of a factor's scale the question's decision maker wants.
#[derive(Clone, Copy, Debug, Deserialize, JsonSchema, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Desired {
    /// Lower is better (e.g. the adversary's strength).
    Low,
    /// Higher is better (e.g. the coalition's cohesion).
    High,
}

impl Desired {
    /// +1 when higher is better, −1 when lower is.
    pub fn sign(self) -> f64 {
        match self {
            Desired::Low => -1.0,
            Desired::High => 1.0,
        }
    }
}

/// A factor (a CIB descriptor, an FCM concept).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FactorSpec {
    /// Identifier.
    pub id: Located<String>,
    /// Display label.
    pub label: String,
    /// What the factor measures.
    #[serde(default)]
    pub description: Option<String>,
    /// The part it plays.
    pub role: Located<Role>,
    /// Ordered states, from low to high (CIB descriptor variants); at least two when given.
    #[serde(default)]
    pub states: Located<Vec<Located<String>>>,
    /// For an outcome: which end the decision maker wants (`"low"` or `"high"`). The briefing
    /// judges options by the outcomes that say so.
    #[serde(default)]
    pub desired: Option<Desired>,
    /// For an outcome with a desired end: its weight in the net score (default 1; ≥ 0).
    #[serde(default)]
    pub weight: Option<Located<f64>>,
    /// Observable events that would show the factor moving up or down.
    #[serde(default)]
    pub indicators: Vec<IndicatorSpec>,
    /// The level the factor rests at when nothing acts on it (FCM), with its evidence; without
    /// it a factor with no input rests where the transfer puts 0 (0.5 for the sigmoid).
    #[serde(default)]
    pub rests_at: Option<Located<RestSpec>>,
    /// Where the workbench's causal-graph editor draws the factor, as `[x, y]` on its
    /// 1000 × 640 canvas (written by `realpolitik serve` when a node is dragged; no engine
    /// reads it).
    #[serde(default)]
    pub layout: Option<[f64; 2]>,
}

/// A factor's resting level, set from the text: `rests_at = { level = "limited", quote = "…" }`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RestSpec {
    /// One of the factor's inner states, by name (at its position k / (K − 1)), or an
    /// activation strictly between 0 and 1.
    pub level: Located<Level>,
    /// Id of the cited source (may be left out when the model has exactly one source).
    #[serde(default)]
    pub source: Option<Located<String>>,
    /// Verbatim passage(s) of the source supporting the level.
    #[serde(default)]
    pub quote: Option<Located<Quotes>>,
    /// What kind of support the quotes give (see the judgments' `stance`).
    #[serde(default)]
    pub stance: Option<QuoteStance>,
    /// Why this level.
    #[serde(default)]
    pub justification: Option<String>,
    /// Marks the level as an analyst assumption, with the reason.
    #[serde(default)]
    pub assumption: Option<String>,
    /// Marks the level as going beyond its quotes, with the reason.
    #[serde(default)]
    pub estimate: Option<String>,
}

/// An observable event to watch: a signpost.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IndicatorSpec {
    /// What to watch for, e.g. "the regime retakes and holds an IS-held town".
    pub watch: String,
    /// What seeing it would mean: `"stronger"` or `"weaker"` for a link or judgment block,
    /// `"higher"` or `"lower"` for a factor.
    pub means: Located<Means>,
    /// When it counts as seen, e.g. "two towns held for a month".
    #[serde(default)]
    pub threshold: Option<String>,
    /// Where things stand now, to compare with, e.g. "no town retaken since 2013".
    #[serde(default)]
    pub baseline: Option<String>,
    /// By when it should be seen, if the judgment is right, e.g. "mid-2015".
    #[serde(default)]
    pub by: Option<String>,
}

/// What an indicator would show.
#[derive(Clone, Copy, Debug, Deserialize, JsonSchema, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Means {
    /// The judgment is stronger than written (links and blocks).
    Stronger,
    /// The judgment is weaker than written (links and blocks).
    Weaker,
    /// The factor is moving to its high end (factors).
    Higher,
    /// The factor is moving to its low end (factors).
    Lower,
}

impl Means {
    /// The word as written in a model file.
    pub fn word(self) -> &'static str {
        match self {
            Means::Stronger => "stronger",
            Means::Weaker => "weaker",
            Means::Higher => "higher",
            Means::Lower => "lower",
        }
    }
}

/// A stakeholder's weighting of the outcomes.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StakeholderSpec {
    /// Identifier.
    pub id: Located<String>,
    /// Display name, e.g. "Ankara".
    pub name: String,
    /// Who they are and what they care about.
    #[serde(default)]
    pub description: Option<String>,
    /// The actor they are, if the model has one.
    #[serde(default)]
    pub actor: Option<Located<String>>,
    /// Outcome id → weight (≥ 0); outcomes not listed weigh 0. Each outcome keeps the desired
    /// end the model gives it.
    pub weights: Located<BTreeMap<Located<String>, Located<f64>>>,
    /// Why these weights.
    #[serde(default)]
    pub justification: Option<String>,
    /// Id of the cited source (may be left out when the model has exactly one source).
    #[serde(default)]
    pub source: Option<Located<String>>,
    /// Verbatim passage(s) of the source supporting the weights.
    #[serde(default)]
    pub quote: Option<Located<Quotes>>,
    /// Marks the weights as an analyst assumption, with the reason.
    #[serde(default)]
    pub assumption: Option<String>,
    /// What kind of support the quotes give (see the judgments' `stance`).
    #[serde(default)]
    pub stance: Option<QuoteStance>,
    /// Marks the weights as going beyond their quotes, with the reason.
    #[serde(default)]
    pub estimate: Option<String>,
}

/// A CIB judgment section: how each state of `from` promotes (+) or restricts (−) each state of
/// `to`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct JudgmentSpec {
    /// The factor whose state acts.
    pub from: Located<String>,
    /// The factor acted upon.
    pub to: Located<String>,
    /// One row per state of `from`, one column per state of `to`; integers on any scale.
    pub impacts: Located<Block>,
    /// What the block claims, in words (used to phrase what would have to be true).
    #[serde(default)]
    pub claim: Option<String>,
    /// Observable events that would show the judgment to be stronger or weaker than written.
    #[serde(default)]
    pub indicators: Vec<IndicatorSpec>,
    /// Why these numbers.
    #[serde(default)]
    pub justification: Option<String>,
    /// Id of the cited source (may be left out when the model has exactly one source).
    #[serde(default)]
    pub source: Option<Located<String>>,
    /// Verbatim passage(s) of the source supporting the judgment.
    #[serde(default)]
    pub quote: Option<Located<Quotes>>,
    /// Marks the judgment as an analyst assumption, with the reason it is made.
    #[serde(default)]
    pub assumption: Option<String>,
    /// What kind of support the quotes give (each quote may override it): `"author"`,
    /// `"reported"`, `"opposing"` or `"hypothetical"`.
    #[serde(default)]
    pub stance: Option<QuoteStance>,
    /// Marks the judgment's number as going beyond its quotes (which ground only its
    /// direction, or a level rather than an effect), with the reason for the value chosen.
    #[serde(default)]
    pub estimate: Option<String>,
}

/// An FCM causal link: `from` pushes `to` up (positive weight) or down (negative).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LinkSpec {
    /// The cause.
    pub from: Located<String>,
    /// The effect.
    pub to: Located<String>,
    /// Strength in [-1, 1]: a number, interval, triangular fuzzy number or linguistic term.
    pub weight: Located<WeightSpec>,
    /// A trigger's id: the link acts only in runs where that trigger has fired (a conditional
    /// judgment, "if Aleppo falls, …"). FCM only.
    #[serde(default)]
    pub when: Option<Located<String>>,
    /// A state another factor must be in for the link to act (an AND: "only while the
    /// offensive is at least limited"). FCM: the weight counts at a step only while the
    /// factor's activation lies in the range.
    #[serde(default)]
    pub requires: Option<Located<ConditionSpec>>,
    /// A factor whose activation scales the link (a soft AND: the effect is
    /// `weight · A_from · A_scaled_by`). FCM only.
    #[serde(default)]
    pub scaled_by: Option<Located<String>>,
    /// What the link claims, in words (used to phrase what would have to be true).
    #[serde(default)]
    pub claim: Option<String>,
    /// Observable events that would show the link to be stronger or weaker than written.
    #[serde(default)]
    pub indicators: Vec<IndicatorSpec>,
    /// Why this link.
    #[serde(default)]
    pub justification: Option<String>,
    /// Id of the cited source (may be left out when the model has exactly one source).
    #[serde(default)]
    pub source: Option<Located<String>>,
    /// Verbatim passage(s) of the source supporting the judgment.
    #[serde(default)]
    pub quote: Option<Located<Quotes>>,
    /// Marks the judgment as an analyst assumption, with the reason it is made.
    #[serde(default)]
    pub assumption: Option<String>,
    /// What kind of support the quotes give (each quote may override it): `"author"`,
    /// `"reported"`, `"opposing"` or `"hypothetical"`.
    #[serde(default)]
    pub stance: Option<QuoteStance>,
    /// Marks the judgment's number as going beyond its quotes (which ground only its
    /// direction, or a level rather than an effect), with the reason for the value chosen.
    #[serde(default)]
    pub estimate: Option<String>,
}

/// A CIB block as written: rows of located impacts.
pub type Block = Vec<Located<Vec<Located<ImpactCell>>>>;

/// A causal relation: how `from` acts on `to`, with its evidence written once and its encoding
/// for each engine. Give `weight` (FCM), `impacts` (CIB) or both; both engines then rest on the
/// same quotes, and a sign disagreement between the two encodings is warned about.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RelationSpec {
    /// The factor that acts.
    pub from: Located<String>,
    /// The factor acted upon.
    pub to: Located<String>,
    /// FCM strength in [-1, 1]: a number, interval, triangular fuzzy number or linguistic term.
    #[serde(default)]
    pub weight: Option<Located<WeightSpec>>,
    /// CIB block: one row per state of `from`, one column per state of `to`; integers.
    #[serde(default)]
    pub impacts: Option<Located<Block>>,
    /// A trigger's id: the FCM weight acts only in runs where that trigger has fired.
    #[serde(default)]
    pub when: Option<Located<String>>,
    /// A state another factor must be in for the relation to act (see the links' `requires`).
    /// Read by the FCM; the CIB block, if any, still acts whatever that factor's state.
    #[serde(default)]
    pub requires: Option<Located<ConditionSpec>>,
    /// A factor whose activation scales the FCM weight (see the links' `scaled_by`).
    #[serde(default)]
    pub scaled_by: Option<Located<String>>,
    /// What the relation claims, in words (used to phrase what would have to be true).
    #[serde(default)]
    pub claim: Option<String>,
    /// Observable events that would show the relation to be stronger or weaker than written.
    #[serde(default)]
    pub indicators: Vec<IndicatorSpec>,
    /// Why this relation.
    #[serde(default)]
    pub justification: Option<String>,
    /// Id of the cited source (may be left out when the model has exactly one source).
    #[serde(default)]
    pub source: Option<Located<String>>,
    /// Verbatim passage(s) of the source supporting the judgment.
    #[serde(default)]
    pub quote: Option<Located<Quotes>>,
    /// Marks the judgment as an analyst assumption, with the reason it is made.
    #[serde(default)]
    pub assumption: Option<String>,
    /// What kind of support the quotes give (each quote may override it): `"author"`,
    /// `"reported"`, `"opposing"` or `"hypothetical"`.
    #[serde(default)]
    pub stance: Option<QuoteStance>,
    /// Marks the judgment's numbers as going beyond its quotes (which ground only its
    /// direction, or a level rather than an effect), with the reason for the values chosen.
    #[serde(default)]
    pub estimate: Option<String>,
}

/// The state a factor must be in for a conditional effect to act: `at_least`, `at_most` or
/// both, each a state name of the factor or an activation in [0, 1].
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ConditionSpec {
    /// The factor the condition reads.
    pub factor: Located<String>,
    /// The lowest state (or activation) at which the effect acts.
    #[serde(default)]
    pub at_least: Option<Located<Level>>,
    /// The highest state (or activation) at which the effect acts.
    #[serde(default)]
    pub at_most: Option<Located<Level>>,
}

/// A level of a factor: one of its states, by name, or an activation.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Level {
    /// An activation in [0, 1].
    Value(f64),
    /// A state name; state `k` of `m` sits at `k / (m − 1)`, as a clamp by state does.
    State(String),
}

/// A policy option or a trigger: a named scenario that clamps factors.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScenarioSpec {
    /// Identifier.
    pub id: Located<String>,
    /// Display name.
    pub name: String,
    /// What the scenario means.
    #[serde(default)]
    pub description: Option<String>,
    /// Marks the option that describes current policy (options only; at most one).
    #[serde(default)]
    pub status_quo: Located<bool>,
    /// Factor id → state (CIB), activation value (FCM), or both.
    #[serde(default)]
    pub clamp: BTreeMap<Located<String>, Located<ClampSpec>>,
    /// For an option: how the source itself judges it against the status quo, so the briefing
    /// can say where the model's result departs from the source's conclusion.
    #[serde(default)]
    pub source_verdict: Option<Located<SourceVerdictSpec>>,
}

/// How a source judges an option against the status quo, with the passage that says so.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SourceVerdictSpec {
    /// `"better"` or `"worse"` than the status quo.
    pub verdict: Judged,
    /// Id of the cited source (may be left out when the model has exactly one source).
    #[serde(default)]
    pub source: Option<Located<String>>,
    /// Verbatim passage(s) stating the judgment.
    #[serde(default)]
    pub quote: Option<Located<Quotes>>,
    /// What kind of support the quotes give (see the judgments' `stance`).
    #[serde(default)]
    pub stance: Option<QuoteStance>,
}

/// An option judged against the status quo.
#[derive(Clone, Copy, Debug, Deserialize, JsonSchema, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Judged {
    /// Better than the status quo.
    Better,
    /// Worse than the status quo.
    Worse,
}

impl Judged {
    /// "better" or "worse", as a sentence says it.
    pub fn word(self) -> &'static str {
        match self {
            Judged::Better => "better",
            Judged::Worse => "worse",
        }
    }

    /// The other verdict.
    pub fn opposite(self) -> Judged {
        match self {
            Judged::Better => Judged::Worse,
            Judged::Worse => Judged::Better,
        }
    }
}
