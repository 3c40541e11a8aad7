//! The structured views besides the graph: the cross-impact matrix in ScenarioWizard's layout
//! (descriptor × descriptor blocks), the actors' bargaining table, and the evidence: each
//! source's text with the passages the model cites marked, so that what it leaves out shows.

use realpolitik::Model;
use realpolitik::model::{Evidence, LoadOptions, SourceTexts};
use serde::Serialize;

use crate::edit::Judgment;

/// A CIB descriptor: a factor with states.
#[derive(Clone, Debug, Serialize)]
pub struct Descriptor {
    /// The factor's id.
    pub id: String,
    /// Its label.
    pub label: String,
    /// Its states, low to high.
    pub states: Vec<String>,
}

/// One judgment block: rows are states of `from`, columns states of `to`.
#[derive(Clone, Debug, Serialize)]
pub struct Block {
    /// Row descriptor.
    pub from: String,
    /// Column descriptor.
    pub to: String,
    /// Nominal impacts.
    pub impacts: Vec<Vec<i32>>,
    /// Cells written as an interval (an edit replaces it by a number).
    pub uncertain: Vec<Vec<bool>>,
    /// Line of the block in the file.
    pub line: usize,
}

/// The cross-impact matrix.
#[derive(Clone, Debug, Serialize)]
pub struct Matrix {
    /// Descriptors, in file order.
    pub descriptors: Vec<Descriptor>,
    /// The blocks the file has.
    pub blocks: Vec<Block>,
}

/// An actor's stance on an issue.
#[derive(Clone, Debug, Serialize)]
pub struct StanceRow {
    /// The actor's id.
    pub actor: String,
    /// The actor's name.
    pub name: String,
    /// The issue's id.
    pub issue: String,
    /// Nominal position on the issue's scale.
    pub position: f64,
    /// Nominal salience (0–100).
    pub salience: f64,
    /// Nominal capability.
    pub capability: f64,
    /// Whether any of the three is written with its uncertainty (an edit makes it a number).
    pub uncertain: bool,
    /// Line of the stance in the file.
    pub line: usize,
}

/// An issue's scale.
#[derive(Clone, Debug, Serialize)]
pub struct IssueScale {
    /// Id.
    pub id: String,
    /// The question.
    pub question: String,
    /// Low end.
    pub low: f64,
    /// High end.
    pub high: f64,
}

/// A passage a judgment cites.
#[derive(Clone, Debug, Serialize)]
pub struct Cited {
    /// Start, in characters of the source text.
    pub start: usize,
    /// End (exclusive).
    pub end: usize,
    /// The judgment, in words ("link a → b", "block a → b", "gov on price").
    pub judgment: String,
    /// The judgment's identity, as a cite edit names it.
    pub of: Judgment,
    /// Its line in the model file.
    pub line: usize,
}

/// A source's text with what the model cites of it.
#[derive(Clone, Debug, Serialize)]
pub struct SourceView {
    /// The source's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its text, where the model's folder has it.
    pub text: Option<String>,
    /// The cited passages, in text order.
    pub cited: Vec<Cited>,
    /// Share of the text's characters no judgment cites.
    pub uncited_share: f64,
}

/// All the structured views.
#[derive(Clone, Debug, Serialize)]
pub struct Views {
    /// The cross-impact matrix.
    pub matrix: Matrix,
    /// The issues' scales.
    pub issues: Vec<IssueScale>,
    /// Every actor's stance on every issue it takes one on.
    pub stances: Vec<StanceRow>,
    /// The sources with their cited passages.
    pub sources: Vec<SourceView>,
    /// Every actor, with or without a stance (the actors' table adds and removes them).
    pub actors: Vec<ActorRow>,
    /// The options, then the triggers, with what each clamps.
    pub scenarios: Vec<ScenarioRow>,
}

/// An actor, as the actors' table lists it.
#[derive(Clone, Debug, Serialize)]
pub struct ActorRow {
    /// The actor's id.
    pub id: String,
    /// Its name.
    pub name: String,
}

/// An option or a trigger, as the options' table edits it.
#[derive(Clone, Debug, Serialize)]
pub struct ScenarioRow {
    /// `option` or `trigger`.
    pub kind: &'static str,
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Whether it is the status quo.
    pub status_quo: bool,
    /// The factors it clamps, each with the state it holds it at (`None` for a clamp by
    /// activation alone).
    pub clamps: Vec<(String, Option<String>)>,
}

/// The views of `model`, written in `file`, whose source texts are read from `texts` under
/// `options`.
pub fn of(
    model: &Model,
    file: &realpolitik::SourceFile,
    texts: &SourceTexts,
    options: &LoadOptions,
) -> Views {
    let line = |e: &Evidence| file.line_column(e.span.start).0;
    let id = |i: usize| model.factors[i].id.clone();
    let matrix = Matrix {
        descriptors: model
            .factors
            .iter()
            .filter(|f| !f.states.is_empty())
            .map(|f| Descriptor {
                id: f.id.clone(),
                label: f.label.clone(),
                states: f.states.clone(),
            })
            .collect(),
        blocks: model
            .judgments
            .iter()
            .map(|j| Block {
                from: id(j.from),
                to: id(j.to),
                impacts: j
                    .impacts
                    .iter()
                    .map(|r| r.iter().map(|c| c.nominal).collect())
                    .collect(),
                uncertain: j
                    .impacts
                    .iter()
                    .map(|r| r.iter().map(|c| c.low != c.high).collect())
                    .collect(),
                line: line(&j.evidence),
            })
            .collect(),
    };
    let uncertain = |q: &realpolitik::model::Quantity| {
        let (low, high) = q.bounds();
        low != high
    };
    let stances = model
        .actors
        .iter()
        .flat_map(|a| {
            a.stances.iter().map(|s| StanceRow {
                actor: a.id.clone(),
                name: a.name.clone(),
                issue: model.issues[s.issue].id.clone(),
                position: s.position.nominal(),
                salience: s.salience.nominal(),
                capability: s.capability.nominal(),
                uncertain: uncertain(&s.position)
                    || uncertain(&s.salience)
                    || uncertain(&s.capability),
                line: line(&s.evidence),
            })
        })
        .collect();
    let issues = model
        .issues
        .iter()
        .map(|i| IssueScale {
            id: i.id.clone(),
            question: i.question.clone(),
            low: i.low,
            high: i.high,
        })
        .collect();
    let scenario = |kind: &'static str| {
        move |s: &realpolitik::model::Scenario| ScenarioRow {
            kind,
            id: s.id.clone(),
            name: s.name.clone(),
            status_quo: s.status_quo,
            clamps: s
                .clamps
                .iter()
                .map(|c| {
                    let factor = &model.factors[c.factor];
                    (factor.id.clone(), c.state.map(|k| factor.states[k].clone()))
                })
                .collect(),
        }
    };
    Views {
        matrix,
        issues,
        stances,
        actors: model
            .actors
            .iter()
            .map(|a| ActorRow {
                id: a.id.clone(),
                name: a.name.clone(),
            })
            .collect(),
        scenarios: model
            .options
            .iter()
            .map(scenario("option"))
            .chain(model.triggers.iter().map(scenario("trigger")))
            .collect(),
        sources: sources(model, file, texts, options),
    }
}

/// Every judgment of the model with its evidence, named in words and by its identity.
fn judgments(model: &Model) -> Vec<(String, Judgment, &Evidence)> {
    let id = |i: usize| model.factors[i].id.clone();
    let links = model.links.iter().map(|l| {
        let (from, to) = (id(l.from), id(l.to));
        (
            format!("link {from} → {to}"),
            Judgment::Link { from, to },
            &l.evidence,
        )
    });
    let blocks = model.judgments.iter().map(|j| {
        let (from, to) = (id(j.from), id(j.to));
        (
            format!("block {from} → {to}"),
            Judgment::Block { from, to },
            &j.evidence,
        )
    });
    let stances = model.actors.iter().flat_map(|a| {
        a.stances.iter().map(|s| {
            let issue = model.issues[s.issue].id.clone();
            (
                format!("{} on {issue}", a.id),
                Judgment::Stance {
                    actor: a.id.clone(),
                    issue,
                },
                &s.evidence,
            )
        })
    });
    links.chain(blocks).chain(stances).collect()
}

fn sources(
    model: &Model,
    file: &realpolitik::SourceFile,
    texts: &SourceTexts,
    options: &LoadOptions,
) -> Vec<SourceView> {
    let all = judgments(model);
    model
        .sources
        .iter()
        .enumerate()
        .map(|(s, source)| {
            let text = source
                .path
                .as_deref()
                .and_then(|p| texts.read(p, options).ok());
            let mut cited = Vec::new();
            if let Some(text) = &text {
                for (judgment, of, evidence) in &all {
                    for c in evidence.citations.iter().filter(|c| c.source == s) {
                        if let Some(at) = text.find(c.quote.as_str()) {
                            let start = text[..at].chars().count();
                            cited.push(Cited {
                                start,
                                end: start + c.quote.chars().count(),
                                judgment: judgment.clone(),
                                of: of.clone(),
                                line: file.line_column(evidence.span.start).0,
                            });
                        }
                    }
                }
            }
            cited.sort_by_key(|c| (c.start, c.end));
            let uncited_share = text.as_ref().map_or(1.0, |t| {
                let n = t.chars().count();
                let mut covered = vec![false; n];
                for c in &cited {
                    covered[c.start.min(n)..c.end.min(n)].fill(true);
                }
                let blank = t.chars().filter(|ch| ch.is_whitespace()).count();
                let uncited = t
                    .chars()
                    .zip(&covered)
                    .filter(|(ch, c)| !**c && !ch.is_whitespace())
                    .count();
                uncited as f64 / (n - blank).max(1) as f64
            });
            SourceView {
                id: source.id.clone(),
                title: source.title.clone(),
                text,
                cited,
                uncited_share,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_built_in_models_views_hold_its_matrix_stances_and_cited_passages() {
        let loaded = realpolitik::default_model().unwrap();
        let m = &loaded.model;
        let texts =
            realpolitik::model::SourceTexts::Embedded(realpolitik::embedded::DEFAULT_SOURCES);
        let v = super::of(m, &loaded.file, &texts, &Default::default());
        assert_eq!(v.matrix.blocks.len(), m.judgments.len());
        let block = &v.matrix.blocks[0];
        let from = v
            .matrix
            .descriptors
            .iter()
            .find(|d| d.id == block.from)
            .unwrap();
        let to = v
            .matrix
            .descriptors
            .iter()
            .find(|d| d.id == block.to)
            .unwrap();
        assert_eq!(block.impacts.len(), from.states.len());
        assert!(block.impacts.iter().all(|r| r.len() == to.states.len()));
        let stances: usize = m.actors.iter().map(|a| a.stances.len()).sum();
        assert_eq!(v.stances.len(), stances);
        // Every verified quote of the built-in model is found and marked in its source text.
        let source = &v.sources[0];
        let text: Vec<char> = source.text.as_ref().unwrap().chars().collect();
        let verified: usize = super::judgments(m)
            .iter()
            .map(|(_, _, e)| e.citations.iter().filter(|c| c.verified).count())
            .sum();
        assert_eq!(source.cited.len(), verified);
        for c in &source.cited {
            assert!(c.end <= text.len() && c.start < c.end);
            assert!(loaded.file.text().lines().nth(c.line - 1).is_some());
        }
        assert!(source.uncited_share > 0.0 && source.uncited_share < 1.0);
    }
}
