//! What a model contains, in numbers: the summary `realpolitik check` prints.

use schemars::JsonSchema;
use serde::Serialize;

use super::types::{Grade, Model, QuoteStance, Role};

/// Counts of a model's parts, and how many of its judgments cite evidence.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Summary {
    /// Actors.
    pub actors: usize,
    /// Bargaining issues.
    pub issues: usize,
    /// Actor stances (actor × issue inputs).
    pub stances: usize,
    /// Factors, and of them levers, triggers, mechanisms and outcomes.
    pub factors: usize,
    /// Factors by role: lever, trigger, mechanism, outcome.
    pub factors_by_role: [usize; 4],
    /// Causal relations: ordered pairs of factors joined by a block, a link or both.
    pub relations: usize,
    /// Cross-impact judgment blocks.
    pub judgment_blocks: usize,
    /// Cross-impact judgments (cells of the blocks).
    pub judgment_cells: usize,
    /// FCM causal links.
    pub links: usize,
    /// Policy options.
    pub options: usize,
    /// Triggers.
    pub triggers: usize,
    /// Competing hypotheses (ACH).
    pub hypotheses: usize,
    /// Evidence items rated against them (ACH).
    pub evidence_items: usize,
    /// Judgments (stances, blocks, links) citing at least one passage.
    pub cited: usize,
    /// Judgments citing nothing: analyst assumptions.
    pub assumed: usize,
    /// Quotes checked against their source's text and found.
    pub quotes_verified: usize,
    /// Quotes that could not be checked (no source text).
    pub quotes_unverified: usize,
    /// The assumptions: what is judged, and the reason given (if any).
    pub assumptions: Vec<Assumption>,
    /// Judgments that cite a source but also carry an `assumption` note: partly assumed.
    pub partly_assumed: Vec<Assumption>,
    /// Judgments (stances, blocks, links, stakeholders' weights) by how well they are
    /// grounded; an actor's salience and capability count as estimates unless quoted.
    pub grades: GradeCounts,
    /// Quotes by the kind of support they give.
    pub quote_stances: StanceCounts,
    /// The estimates: what is judged, and why its number goes beyond its quotes.
    pub estimates: Vec<Assumption>,
}

/// Judgments by [`Grade`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, JsonSchema)]
pub struct GradeCounts {
    /// Quoted, every quote graded.
    pub quoted: usize,
    /// Quoted, quotes not graded.
    pub ungraded: usize,
    /// Quoted for direction; the number is an estimate.
    pub estimate: usize,
    /// No quote.
    pub assumption: usize,
}

/// Quotes by the kind of support they give.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, JsonSchema)]
pub struct StanceCounts {
    /// The author's own judgment.
    pub author: usize,
    /// A fact or claim the text reports.
    pub reported: usize,
    /// A view the text states to reject it.
    pub opposing: usize,
    /// A what-if.
    pub hypothetical: usize,
    /// Not graded.
    pub ungraded: usize,
}

/// A judgment that cites no evidence.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Assumption {
    /// What is judged, e.g. "link regime_capacity → is_strength".
    pub judgment: String,
    /// The reason the analyst gave, if any.
    pub reason: Option<String>,
}

impl GradeCounts {
    /// The judgments counted.
    pub fn total(&self) -> usize {
        self.quoted + self.ungraded + self.estimate + self.assumption
    }

    /// The counts in words, e.g. "12 quoted and graded, 3 estimates, 2 assumptions" (kinds
    /// with none left out).
    pub fn describe(&self) -> String {
        let parts: Vec<String> = [
            (self.quoted, "quoted and graded"),
            (self.ungraded, "quoted but ungraded"),
            (self.estimate, "estimates"),
            (self.assumption, "assumptions"),
        ]
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{n} {what}"))
        .collect();
        if parts.is_empty() {
            "none".to_owned()
        } else {
            parts.join(", ")
        }
    }
}

impl Summary {
    /// Counts the parts of a model.
    pub fn of(model: &Model) -> Summary {
        let role_index = |r: Role| match r {
            Role::Lever => 0,
            Role::Trigger => 1,
            Role::Mechanism => 2,
            Role::Outcome => 3,
        };
        let mut factors_by_role = [0; 4];
        for f in &model.factors {
            factors_by_role[role_index(f.role)] += 1;
        }
        let judgments = model.judgments_with_evidence();
        let citations = judgments.iter().flat_map(|(_, e)| &e.citations);
        let quotes_verified = citations.clone().filter(|c| c.verified).count();
        let quotes_unverified = citations.count() - quotes_verified;
        let assumptions: Vec<Assumption> = judgments
            .iter()
            .filter(|(_, e)| !e.is_cited())
            .map(|(what, e)| Assumption {
                judgment: what.clone(),
                reason: e.assumption.clone().or_else(|| e.justification.clone()),
            })
            .collect();
        let partly_assumed = judgments
            .iter()
            .filter(|(_, e)| e.is_cited())
            .filter_map(|(what, e)| {
                e.assumption.as_ref().map(|reason| Assumption {
                    judgment: what.clone(),
                    reason: Some(reason.clone()),
                })
            })
            .collect();
        let mut grades = GradeCounts::default();
        for (_, e) in &judgments {
            *match e.grade() {
                Grade::Quoted => &mut grades.quoted,
                Grade::Ungraded => &mut grades.ungraded,
                Grade::Estimate => &mut grades.estimate,
                Grade::Assumption => &mut grades.assumption,
            } += 1;
        }
        let mut quote_stances = StanceCounts::default();
        for c in judgments.iter().flat_map(|(_, e)| &e.citations) {
            *match c.stance {
                Some(QuoteStance::Author) => &mut quote_stances.author,
                Some(QuoteStance::Reported) => &mut quote_stances.reported,
                Some(QuoteStance::Opposing) => &mut quote_stances.opposing,
                Some(QuoteStance::Hypothetical) => &mut quote_stances.hypothetical,
                None => &mut quote_stances.ungraded,
            } += 1;
        }
        let estimates = judgments
            .iter()
            .filter(|(_, e)| e.grade() == Grade::Estimate)
            .map(|(what, e)| Assumption {
                judgment: what.clone(),
                reason: e.estimate.clone(),
            })
            .collect();
        Summary {
            estimates,
            grades,
            quote_stances,
            actors: model.actors.len(),
            issues: model.issues.len(),
            stances: model.actors.iter().map(|a| a.stances.len()).sum(),
            factors: model.factors.len(),
            factors_by_role,
            relations: model.relations().len(),
            judgment_blocks: model.judgments.len(),
            judgment_cells: model
                .judgments
                .iter()
                .map(|j| j.impacts.iter().map(Vec::len).sum::<usize>())
                .sum(),
            links: model.links.len(),
            options: model.options.len(),
            triggers: model.triggers.len(),
            hypotheses: model.hypotheses.len(),
            evidence_items: model.evidence.len(),
            cited: judgments.len() - assumptions.len(),
            assumed: assumptions.len(),
            quotes_verified,
            quotes_unverified,
            assumptions,
            partly_assumed,
        }
    }
}
