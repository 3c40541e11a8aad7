//! The resolved model: what the engines work on.
//!
//! A [`Model`] is only ever built by [`crate::model::resolve`] from a file that passed every check,
//! so its invariants hold: ids are unique, every reference is an index into the right list, every
//! judgment block has the shape of its factors' states, every weight lies in [-1, 1].

use schemars::JsonSchema;
use serde::Serialize;

pub use super::file::{Desired, Judged, Means, Role};
pub use super::hypotheses::{CellRating, Degree, EvidenceItem, Hypothesis, ItemKind, Rating};
use super::located::Span;
pub use super::values::QuoteStance;
use super::values::{ImpactCell, Quantity};

/// A checked strategic-system model.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Model {
    /// Short title.
    pub title: String,
    /// The question the model answers.
    pub question: Option<String>,
    /// What the model covers.
    pub description: Option<String>,
    /// When the situation was assessed.
    pub date: Option<String>,
    /// Cited documents.
    pub sources: Vec<Source>,
    /// Actors.
    pub actors: Vec<Actor>,
    /// Bargaining issues.
    pub issues: Vec<Issue>,
    /// Factors (CIB descriptors, FCM concepts).
    pub factors: Vec<Factor>,
    /// Cross-impact judgment blocks.
    pub judgments: Vec<Judgment>,
    /// FCM causal links.
    pub links: Vec<Link>,
    /// Policy options.
    pub options: Vec<Scenario>,
    /// Triggers.
    pub triggers: Vec<Scenario>,
    /// The linguistic terms in force (defaults plus the model's own).
    pub terms: Vec<Term>,
    /// Stakeholders' weightings of the outcomes.
    pub stakeholders: Vec<Stakeholder>,
    /// Alternative encodings (counter-models) of the same system.
    pub alternatives: Vec<Alternative>,
    /// Competing hypotheses (ACH).
    pub hypotheses: Vec<Hypothesis>,
    /// Evidence items rated against the hypotheses (ACH).
    pub evidence: Vec<EvidenceItem>,
}

/// A stakeholder's weighting of the outcomes.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Stakeholder {
    /// Identifier.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Description.
    pub description: Option<String>,
    /// Index of the actor they are.
    pub actor: Option<usize>,
    /// (outcome factor index, weight ≥ 0), in file order; unlisted outcomes weigh 0.
    pub weights: Vec<(usize, f64)>,
    /// What the weights rest on.
    pub evidence: Evidence,
}

/// An alternative encoding of the model: links and judgment blocks that replace or add to the
/// base model's (see [`crate::model::file::AlternativeFile`]).
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Alternative {
    /// Identifier.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Its file's title.
    pub title: String,
    /// Whose view it encodes.
    pub description: Option<String>,
    /// Its path as the model gives it.
    pub path: String,
    /// Links replacing (same `from` → `to`) or adding to the base model's.
    pub links: Vec<Link>,
    /// Judgment blocks replacing or adding to the base model's.
    pub judgments: Vec<Judgment>,
}

/// An observable event that would show a judgment or a factor moving: a signpost.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct Indicator {
    /// What to watch for.
    pub watch: String,
    /// What seeing it would mean.
    pub means: Means,
    /// When it counts as seen.
    pub threshold: Option<String>,
    /// Where things stand now.
    pub baseline: Option<String>,
    /// By when it should be seen.
    pub by: Option<String>,
    /// Where its meaning is written in the model file.
    #[serde(skip)]
    pub span: Span,
}

/// A cited document.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Source {
    /// Identifier.
    pub id: String,
    /// Title.
    pub title: String,
    /// Author(s).
    pub author: Option<String>,
    /// Publication date.
    pub date: Option<String>,
    /// Where it was published.
    pub published: Option<String>,
    /// Path of its text as written in the model (relative to the model file).
    pub path: Option<String>,
    /// Whether its text was available, so that quotes citing it were verified.
    pub text_available: bool,
}

/// An actor.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Actor {
    /// Identifier.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Description.
    pub description: Option<String>,
    /// Index of the actor this one is part of.
    pub part_of: Option<usize>,
    /// Bargaining inputs, one per issue the actor takes part in.
    pub stances: Vec<Stance>,
}

/// An actor's bargaining inputs on one issue.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Stance {
    /// Index into [`Model::issues`].
    pub issue: usize,
    /// Advocated position, on the issue's scale.
    pub position: Quantity,
    /// Salience, 0–100.
    pub salience: Quantity,
    /// Capability (clout), non-negative.
    pub capability: Quantity,
    /// What the numbers rest on.
    pub evidence: Evidence,
}

/// A bargaining issue.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Issue {
    /// Identifier.
    pub id: String,
    /// The question at stake.
    pub question: String,
    /// Low end of the position scale.
    pub low: f64,
    /// High end of the position scale.
    pub high: f64,
    /// Meaning of the low end.
    pub low_label: String,
    /// Meaning of the high end.
    pub high_label: String,
}

/// A factor.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Factor {
    /// Identifier.
    pub id: String,
    /// Display label.
    pub label: String,
    /// Description.
    pub description: Option<String>,
    /// The part it plays.
    pub role: Role,
    /// Ordered states (empty when the factor is not a CIB descriptor).
    pub states: Vec<String>,
    /// Which end the decision maker wants, when the model says.
    pub desired: Option<Desired>,
    /// Weight in the net score (outcomes with a desired end; 1 unless the model says).
    pub weight: f64,
    /// Signposts of the factor moving.
    pub indicators: Vec<Indicator>,
    /// The level it rests at when nothing acts on it (FCM), when the model sets one.
    pub rests_at: Option<Rest>,
}

/// A factor's resting level: the FCM gives the factor a constant external input b = f⁻¹(level)
/// (f the transfer), so that with nothing acting on it the factor settles at `level` instead
/// of at f(0) (0.5 for the sigmoid); its causes then move it from there.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Rest {
    /// The activation, strictly between 0 and 1.
    pub level: f64,
    /// What the level rests on.
    pub evidence: Evidence,
}

/// A cross-impact judgment block.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Judgment {
    /// Index of the acting factor.
    pub from: usize,
    /// Index of the factor acted upon.
    pub to: usize,
    /// `impacts[a][b]`: impact of `from` in state `a` on `to` being in state `b`.
    pub impacts: Vec<Vec<ImpactCell>>,
    /// What the block rests on.
    pub evidence: Evidence,
    /// What it claims, in words.
    pub claim: Option<String>,
    /// Signposts of it being stronger or weaker.
    pub indicators: Vec<Indicator>,
    /// The state another factor must be in for the block to act (None: always); the block
    /// acts in the scenarios whose state of that factor, at its position k / (K − 1),
    /// satisfies it ([`crate::cib::matrix::Gate`]).
    pub requires: Option<Condition>,
    /// The factor whose state scales the block (None: unscaled): in a scenario where it is in
    /// state k of K, each cell is multiplied by k / (K − 1) and rounded to the nearest integer,
    /// halves away from zero. A block given both acts under `requires` alone (one gate reads
    /// one descriptor).
    pub scaled_by: Option<usize>,
}

impl Judgment {
    /// The largest absolute nominal impact of the block: how strongly `from` acts on `to`.
    pub fn strongest(&self) -> u32 {
        self.impacts
            .iter()
            .flatten()
            .map(|c| c.nominal.unsigned_abs())
            .max()
            .unwrap_or(0)
    }

    /// Which way the block points: `Σ_a Σ_b C[a][b] · x_a · y_b`, with `x_a` and `y_b` the
    /// positions of the states centred on the middle of each scale. Positive when the higher
    /// states of `from` promote the higher states of `to`, negative when they restrict them.
    pub fn direction(&self) -> f64 {
        let centred = |k: usize, n: usize| k as f64 - (n as f64 - 1.0) / 2.0;
        let rows = self.impacts.len();
        let mut sum = 0.0;
        for (a, row) in self.impacts.iter().enumerate() {
            for (b, cell) in row.iter().enumerate() {
                sum += f64::from(cell.nominal) * centred(a, rows) * centred(b, row.len());
            }
        }
        sum
    }
}

/// An FCM causal link.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Link {
    /// Index of the cause.
    pub from: usize,
    /// Index of the effect.
    pub to: usize,
    /// The weight, with its uncertainty (a term is resolved to its fuzzy number).
    pub weight: Quantity,
    /// The linguistic term it was written as, if any.
    pub term: Option<String>,
    /// Index of the trigger under which alone the link acts (None: always).
    pub when: Option<usize>,
    /// The state another factor must be in for the link to act (None: always).
    pub requires: Option<Condition>,
    /// The factor whose activation scales the link (None: unscaled).
    pub scaled_by: Option<usize>,
    /// What the link rests on.
    pub evidence: Evidence,
    /// What it claims, in words.
    pub claim: Option<String>,
    /// Signposts of it being stronger or weaker.
    pub indicators: Vec<Indicator>,
}

impl Link {
    /// Whether the link acts only under a condition on the state of the system (a trigger
    /// fired, another factor's state or level).
    pub fn is_conditional(&self) -> bool {
        self.when.is_some() || self.requires.is_some() || self.scaled_by.is_some()
    }
}

/// The range of another factor's activation within which a conditional effect acts.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct Condition {
    /// Index of the factor read.
    pub factor: usize,
    /// The effect acts only while the activation is at least this.
    pub at_least: Option<f64>,
    /// The effect acts only while the activation is at most this.
    pub at_most: Option<f64>,
    /// The condition as written, e.g. "regime_offensive at least limited".
    pub written: String,
}

impl Condition {
    /// Whether an activation of the factor satisfies the condition.
    pub fn holds(&self, activation: f64) -> bool {
        self.at_least.is_none_or(|low| activation >= low)
            && self.at_most.is_none_or(|high| activation <= high)
    }
}

/// An option or trigger.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Scenario {
    /// Identifier.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Description.
    pub description: Option<String>,
    /// Whether this option is current policy.
    pub status_quo: bool,
    /// The factors it fixes.
    pub clamps: Vec<Clamp>,
    /// How the source judges this option against the status quo, if the model says.
    pub source_verdict: Option<SourceVerdict>,
    /// Where its id is written in the model file.
    #[serde(skip)]
    pub span: Span,
}

/// A source's judgment of an option against the status quo.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct SourceVerdict {
    /// Better or worse than the status quo.
    pub verdict: Judged,
    /// The passage stating it.
    pub evidence: Evidence,
}

/// One factor fixed by a scenario.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct Clamp {
    /// Index of the factor.
    pub factor: usize,
    /// Index of the state it is fixed to (CIB).
    pub state: Option<usize>,
    /// The activation it is clamped to (FCM).
    pub value: Option<f64>,
}

impl Clamp {
    /// What the clamp fixes, e.g. `open (1)`: the state, the value, or both.
    pub fn describe(&self, factor: &Factor) -> String {
        let state = self.state.map(|i| factor.states[i].clone());
        match (state, self.value) {
            (Some(s), Some(v)) => format!("{s} ({v})"),
            (Some(s), None) => s,
            (None, Some(v)) => v.to_string(),
            (None, None) => String::new(),
        }
    }
}

/// A linguistic weight term.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Term {
    /// The term as written in links, e.g. `+strong`.
    pub name: String,
    /// Its triangular fuzzy number.
    pub fuzzy: Quantity,
}

/// What a judgment rests on: quoted passages, a justification, or an analyst's assumption.
#[derive(Clone, Debug, Default, Serialize, JsonSchema)]
pub struct Evidence {
    /// Quoted passages (each verified against its source's text where available).
    pub citations: Vec<Citation>,
    /// The analyst's reasoning.
    pub justification: Option<String>,
    /// Set when the judgment is declared an analyst assumption: the reason given.
    pub assumption: Option<String>,
    /// Set when the judgment's number goes beyond its quotes: the reason given.
    pub estimate: Option<String>,
    /// Where the judgment is written in the model file.
    #[serde(skip)]
    pub span: Span,
}

impl Evidence {
    /// Whether the judgment cites at least one passage.
    pub fn is_cited(&self) -> bool {
        !self.citations.is_empty()
    }

    /// Whether two judgments' evidence is that of one written element (a `[[relations]]` entry
    /// resolved into a link and a block): same place, same text.
    pub fn same_element(&self, other: &Evidence) -> bool {
        self.span == other.span
            && self.justification == other.justification
            && self.citations.len() == other.citations.len()
    }

    /// How well the judgment is grounded (see [`Grade`]).
    pub fn grade(&self) -> Grade {
        if self.citations.is_empty() {
            Grade::Assumption
        } else if self.estimate.is_some() {
            Grade::Estimate
        } else if self.citations.iter().all(|c| c.stance.is_some()) {
            Grade::Quoted
        } else {
            Grade::Ungraded
        }
    }

    /// The grades of its quotes that support it most directly: the author's own judgment
    /// first, then reported facts, what-ifs and opposing views.
    pub fn strongest_stance(&self) -> Option<QuoteStance> {
        QuoteStance::ALL
            .into_iter()
            .find(|s| self.citations.iter().any(|c| c.stance == Some(*s)))
    }
}

/// How well a judgment is grounded in its sources.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema, Hash, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Grade {
    /// Quoted, every quote graded (author, reported, opposing, hypothetical), the number as
    /// written is what the quotes support.
    Quoted,
    /// Quoted, but the quotes are not graded.
    Ungraded,
    /// Quoted for its direction; its number is the analyst's estimate.
    Estimate,
    /// No quote: an analyst's assumption.
    Assumption,
}

impl Grade {
    /// The grade in words.
    pub fn name(self) -> &'static str {
        match self {
            Grade::Quoted => "quoted",
            Grade::Ungraded => "quoted (ungraded)",
            Grade::Estimate => "estimate",
            Grade::Assumption => "assumption",
        }
    }
}

/// A quoted passage of a source.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Citation {
    /// Index into [`Model::sources`].
    pub source: usize,
    /// The passage as quoted.
    pub quote: String,
    /// What kind of support it gives, when graded.
    pub stance: Option<QuoteStance>,
    /// Whether the passage was found in the source's text (false when no text was available).
    pub verified: bool,
}

impl Model {
    /// Index of the factor with this id.
    pub fn factor_index(&self, id: &str) -> Option<usize> {
        self.factors.iter().position(|f| f.id == id)
    }

    /// Index of the actor with this id.
    pub fn actor_index(&self, id: &str) -> Option<usize> {
        self.actors.iter().position(|a| a.id == id)
    }

    /// The display name of the option or trigger `id` (the id itself when there is none).
    pub fn scenario_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.options
            .iter()
            .chain(&self.triggers)
            .find(|s| s.id == id)
            .map_or(id, |s| s.name.as_str())
    }

    /// The status-quo option, if one is marked.
    pub fn status_quo(&self) -> Option<&Scenario> {
        self.options.iter().find(|o| o.status_quo)
    }

    /// The causal relations: every ordered pair of factors joined by a link, a judgment block
    /// or both, in order of first appearance (blocks first). Whether written as one
    /// `[[relations]]` element or as a separate block and link, a pair is one relation.
    pub fn relations(&self) -> Vec<(usize, usize)> {
        let mut pairs: Vec<(usize, usize)> = Vec::new();
        let all = self.judgments.iter().map(|j| (j.from, j.to));
        for pair in all.chain(self.links.iter().map(|l| (l.from, l.to))) {
            if !pairs.contains(&pair) {
                pairs.push(pair);
            }
        }
        pairs
    }

    /// Every judgment of the model (actor stances, resting levels, causal relations,
    /// stakeholders' weights) with a short description of what it judges, in file order within each kind. A relation
    /// written once for both engines counts once; a block and a link written apart count as
    /// two judgments.
    pub fn judgments_with_evidence(&self) -> Vec<(String, &Evidence)> {
        let mut all = Vec::new();
        for actor in &self.actors {
            for stance in &actor.stances {
                let issue = &self.issues[stance.issue].id;
                all.push((
                    format!("stance of {} on {issue}", actor.id),
                    &stance.evidence,
                ));
            }
        }
        for f in &self.factors {
            if let Some(rest) = &f.rests_at {
                all.push((format!("resting level of {}", f.id), &rest.evidence));
            }
        }
        for j in &self.judgments {
            let (from, to) = (&self.factors[j.from].id, &self.factors[j.to].id);
            let shared = self
                .links
                .iter()
                .any(|l| (l.from, l.to) == (j.from, j.to) && l.evidence.same_element(&j.evidence));
            let what = if shared { "relation" } else { "cross-impact" };
            all.push((format!("{what} {from} → {to}"), &j.evidence));
        }
        for l in &self.links {
            let shared = self
                .judgments
                .iter()
                .any(|j| (l.from, l.to) == (j.from, j.to) && l.evidence.same_element(&j.evidence));
            if !shared {
                let (from, to) = (&self.factors[l.from].id, &self.factors[l.to].id);
                all.push((format!("link {from} → {to}"), &l.evidence));
            }
        }
        for s in &self.stakeholders {
            all.push((format!("weights of stakeholder {}", s.id), &s.evidence));
        }
        all
    }

    /// The model as alternative `index` encodes it: its links and judgment blocks (its
    /// relations resolve into both) replace the base model's with the same `from` → `to`, or
    /// are added; a link of weight 0 removes the base's. The result has no alternatives of its
    /// own.
    pub fn with_alternative(&self, index: usize) -> Model {
        let alternative = &self.alternatives[index];
        let mut model = self.clone();
        model.alternatives.clear();
        for link in &alternative.links {
            model
                .links
                .retain(|l| (l.from, l.to) != (link.from, link.to));
            if link.weight.bounds() != (0.0, 0.0) {
                model.links.push(link.clone());
            }
        }
        for block in &alternative.judgments {
            match model
                .judgments
                .iter_mut()
                .find(|j| (j.from, j.to) == (block.from, block.to))
            {
                Some(j) => *j = block.clone(),
                None => model.judgments.push(block.clone()),
            }
        }
        model.title = format!("{} — {}", self.title, alternative.name);
        model
    }
}
