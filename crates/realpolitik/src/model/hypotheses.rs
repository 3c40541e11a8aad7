//! Analysis of Competing Hypotheses (Heuer 1999, ch. 8) in the model file: `[[hypotheses]]`,
//! `[[evidence]]` items and each item's rating against each hypothesis.
//!
//! The file types (`…Spec`) mirror what an analyst writes; the resolved types are what
//! [`crate::ach`] scores. An item rests on quoted passages like any judgment, or on the quotes of
//! a causal relation of the model (`relation = { from, to }`), so the evidence of the other
//! engines is not written twice.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::located::{Located, Span};
use super::types::Evidence;
use super::values::{QuoteStance, Quotes};

/// A hypothesis: one of the mutually exclusive answers to the question the matrix weighs.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HypothesisSpec {
    /// Identifier, used as the key of each evidence item's `ratings`.
    pub id: Located<String>,
    /// The hypothesis in one sentence, e.g. "With coalition support the regime can roll IS back".
    pub statement: String,
    /// More on what it claims.
    #[serde(default)]
    pub description: Option<String>,
    /// The option the hypothesis is about, by id: the FCM checks whether that option moves
    /// each factor of `states` the way the hypothesis says.
    #[serde(default)]
    pub option: Option<Located<String>>,
    /// Factor states the hypothesis amounts to, e.g. `{ regime_offensive = "major" }`: checked
    /// against the CIB's consistent scenarios (is it part of any consistent future?).
    #[serde(default)]
    pub states: BTreeMap<Located<String>, Located<String>>,
}

/// An item of evidence or argument, rated against every hypothesis.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EvidenceItemSpec {
    /// Identifier.
    pub id: Located<String>,
    /// What the item says, in a few words (the quote is shown beside it).
    #[serde(default)]
    pub summary: Option<String>,
    /// `"fact"` (the default: it must quote a source or name a relation), `"assumption"` (an
    /// analyst's premise or deduction) or `"absence"` (something expected that was not seen).
    #[serde(rename = "type", default)]
    pub kind: Located<ItemKind>,
    /// How far the item can be believed: `"low"`, `"medium"` (default) or `"high"`.
    #[serde(default)]
    pub credibility: Degree,
    /// How much it bears on the question: `"low"`, `"medium"` (default) or `"high"`.
    #[serde(default)]
    pub relevance: Degree,
    /// Hypothesis id → rating on Heuer's scale: `"CC"`, `"C"`, `"N"`, `"I"`, `"II"` or
    /// `"NA"` (not applicable). A list (`["I", "N"]`) marks the rating uncertain: the first is
    /// the analyst's reading, and the Monte Carlo draws among all of them.
    pub ratings: Located<BTreeMap<Located<String>, Located<RatingSpec>>>,
    /// A causal relation of the model whose quotes are this item's evidence.
    #[serde(default)]
    pub relation: Option<Located<RelationRef>>,
    /// Why the ratings.
    #[serde(default)]
    pub justification: Option<String>,
    /// Id of the cited source (may be left out when the model has exactly one source).
    #[serde(default)]
    pub source: Option<Located<String>>,
    /// Verbatim passage(s) of the source.
    #[serde(default)]
    pub quote: Option<Located<Quotes>>,
    /// What kind of support the quotes give (see the judgments' `stance`).
    #[serde(default)]
    pub stance: Option<QuoteStance>,
}

/// A rating as written: one code, or the plausible codes of an uncertain rating.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum RatingSpec {
    /// One rating.
    One(String),
    /// An uncertain rating: the analyst's reading first, then the other plausible ones.
    Several(Vec<String>),
}

/// A reference to a causal relation: `{ from = "a", to = "b" }`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RelationRef {
    /// The factor that acts.
    pub from: String,
    /// The factor acted upon.
    pub to: String,
}

/// What kind of item a piece of evidence is (Heuer counts arguments and the absence of
/// evidence as evidence too).
#[derive(Clone, Copy, Debug, Default, Deserialize, JsonSchema, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    /// Something reported or observed.
    #[default]
    Fact,
    /// An analyst's premise or deduction.
    Assumption,
    /// Something expected under some hypothesis that was not seen.
    Absence,
}

impl ItemKind {
    /// The kind as written.
    pub fn name(self) -> &'static str {
        match self {
            ItemKind::Fact => "fact",
            ItemKind::Assumption => "assumption",
            ItemKind::Absence => "absence",
        }
    }
}

/// A three-step judgment of an item's credibility or relevance.
#[derive(Clone, Copy, Debug, Default, Deserialize, JsonSchema, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Degree {
    /// Low.
    Low,
    /// Medium.
    #[default]
    Medium,
    /// High.
    High,
}

impl Degree {
    /// The degree as written.
    pub fn name(self) -> &'static str {
        match self {
            Degree::Low => "low",
            Degree::Medium => "medium",
            Degree::High => "high",
        }
    }
}

/// A rating on Heuer's scale: how consistent an item is with a hypothesis.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, JsonSchema)]
pub enum Rating {
    /// Very consistent (`CC`).
    #[serde(rename = "CC")]
    VeryConsistent,
    /// Consistent (`C`).
    #[serde(rename = "C")]
    Consistent,
    /// Neutral (`N`).
    #[serde(rename = "N")]
    Neutral,
    /// Inconsistent (`I`).
    #[serde(rename = "I")]
    Inconsistent,
    /// Very inconsistent (`II`).
    #[serde(rename = "II")]
    VeryInconsistent,
    /// Not applicable (`NA`): the item says nothing about the hypothesis.
    #[serde(rename = "NA")]
    NotApplicable,
}

impl Rating {
    /// Every rating, from very consistent to not applicable.
    pub const ALL: [Rating; 6] = [
        Rating::VeryConsistent,
        Rating::Consistent,
        Rating::Neutral,
        Rating::Inconsistent,
        Rating::VeryInconsistent,
        Rating::NotApplicable,
    ];

    /// The code as written: `CC`, `C`, `N`, `I`, `II` or `NA`.
    pub fn code(self) -> &'static str {
        match self {
            Rating::VeryConsistent => "CC",
            Rating::Consistent => "C",
            Rating::Neutral => "N",
            Rating::Inconsistent => "I",
            Rating::VeryInconsistent => "II",
            Rating::NotApplicable => "NA",
        }
    }

    /// Reads a code, in any case (`N/A` is `NA`).
    pub fn parse(code: &str) -> Option<Rating> {
        let code = code.trim().to_ascii_uppercase();
        let code = if code == "N/A" { "NA" } else { code.as_str() };
        Rating::ALL.into_iter().find(|r| r.code() == code)
    }

    /// Its place on the scale from very consistent (+2) to very inconsistent (−2); not
    /// applicable is 0.
    pub fn consistency(self) -> f64 {
        match self {
            Rating::VeryConsistent => 2.0,
            Rating::Consistent => 1.0,
            Rating::Inconsistent => -1.0,
            Rating::VeryInconsistent => -2.0,
            Rating::Neutral | Rating::NotApplicable => 0.0,
        }
    }

    /// What it adds to an inconsistency count: 1 for `I`, 2 for `II`, 0 otherwise.
    pub fn inconsistency(self) -> f64 {
        match self {
            Rating::Inconsistent => 1.0,
            Rating::VeryInconsistent => 2.0,
            _ => 0.0,
        }
    }
}

/// A resolved hypothesis.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Hypothesis {
    /// Identifier.
    pub id: String,
    /// The hypothesis in one sentence.
    pub statement: String,
    /// More on what it claims.
    pub description: Option<String>,
    /// Index of the option it is about, in [`crate::Model::options`].
    pub option: Option<usize>,
    /// (factor index, state index) pairs the hypothesis amounts to.
    pub states: Vec<(usize, usize)>,
    /// Where it is written.
    #[serde(skip)]
    pub span: Span,
}

/// A resolved evidence item.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct EvidenceItem {
    /// Identifier.
    pub id: String,
    /// What the item says, in a few words.
    pub summary: Option<String>,
    /// Fact, assumption or absence of evidence.
    pub kind: ItemKind,
    /// How far it can be believed.
    pub credibility: Degree,
    /// How much it bears on the question.
    pub relevance: Degree,
    /// Its rating against each hypothesis, in the order of [`crate::Model::hypotheses`].
    pub ratings: Vec<CellRating>,
    /// The causal relation (from, to factor indices) whose quotes it cites, if any.
    pub relation: Option<(usize, usize)>,
    /// Its quotes (the relation's, when it names one) and justification.
    pub evidence: Evidence,
}

/// One cell of the matrix: the analyst's rating and, when uncertain, the other plausible ones.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
pub struct CellRating {
    /// The analyst's reading.
    pub rating: Rating,
    /// The other plausible ratings (empty when the rating is certain).
    pub or: Vec<Rating>,
}

impl CellRating {
    /// A certain rating.
    pub fn certain(rating: Rating) -> Self {
        CellRating {
            rating,
            or: Vec::new(),
        }
    }

    /// Every plausible rating, the analyst's first.
    pub fn plausible(&self) -> impl Iterator<Item = Rating> + '_ {
        std::iter::once(self.rating).chain(self.or.iter().copied())
    }
}
