//! What a model contains, in numbers: the summary `realpolitik check` prints.

use schemars::JsonSchema;
use serde::Serialize;

use super::types::{Model, Role};

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
}

/// A judgment that cites no evidence.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Assumption {
    /// What is judged, e.g. "link regime_capacity → is_strength".
    pub judgment: String,
    /// The reason the analyst gave, if any.
    pub reason: Option<String>,
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
        Summary {
            actors: model.actors.len(),
            issues: model.issues.len(),
            stances: model.actors.iter().map(|a| a.stances.len()).sum(),
            factors: model.factors.len(),
            factors_by_role,
            judgment_blocks: model.judgments.len(),
            judgment_cells: model
                .judgments
                .iter()
                .map(|j| j.impacts.iter().map(Vec::len).sum::<usize>())
                .sum(),
            links: model.links.len(),
            options: model.options.len(),
            triggers: model.triggers.len(),
            cited: judgments.len() - assumptions.len(),
            assumed: assumptions.len(),
            quotes_verified,
            quotes_unverified,
            assumptions,
            partly_assumed,
        }
    }
}
