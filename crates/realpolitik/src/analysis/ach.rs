//! Analysis of Competing Hypotheses on a model: scores, diagnosticity, sensitivity and a
//! Monte Carlo over uncertain ratings (see [`crate::ach`]).

use crate::ach::monte_carlo::monte_carlo;
use crate::ach::sensitivity::sensitivity;
use crate::ach::{Matrix, Scoring, ranks};
use crate::limits::Limits;
use crate::model::Rating;
use crate::output::{
    AchChange, AchDocument, AchHypothesis, AchItem, AchMonteCarlo, AchRerating, AchSensitivity,
    SCHEMA_VERSION,
};
use crate::{Loaded, Model};

use super::RequestError;

/// What an ACH run is asked for. The defaults are the command line's.
#[derive(Clone, Debug)]
pub struct AchRequest {
    /// How the scores are computed.
    pub scoring: Scoring,
    /// Monte Carlo draws over uncertain ratings (run only when some rating is uncertain).
    pub draws: usize,
    /// Seed of every random draw.
    pub seed: u64,
    /// The limits on the work it may start.
    pub limits: Limits,
}

impl Default for AchRequest {
    fn default() -> Self {
        AchRequest {
            scoring: Scoring::Weighted,
            draws: 2000,
            seed: 2014,
            limits: Limits::default(),
        }
    }
}

/// Refuses a model without a matrix and draws over the limit.
pub fn check(model: &Model, request: &AchRequest) -> Result<(), RequestError> {
    if model.hypotheses.is_empty() || model.evidence.is_empty() {
        return Err(RequestError::new(format!(
            "the model has {} hypotheses and {} evidence items: ACH needs [[hypotheses]] (at \
             least two) and [[evidence]] items rated against them (see docs/model-format.md, \
             \"Competing hypotheses\")",
            model.hypotheses.len(),
            model.evidence.len()
        )));
    }
    super::count(
        &request.limits,
        "--draws",
        request.draws as u64,
        1,
        "the Monte Carlo needs at least one draw",
    )
}

/// Runs ACH on a loaded model.
pub fn ach(loaded: &Loaded, request: &AchRequest) -> Result<AchDocument, RequestError> {
    let model = &loaded.model;
    check(model, request)?;
    let scoring = request.scoring;
    let matrix = Matrix::of(model, scoring);
    let scores = matrix.scores(scoring);
    let rank = ranks(&scores);
    let ratings: Vec<_> = model.evidence.iter().map(|i| i.ratings.clone()).collect();
    let uncertain = ratings.iter().flatten().any(|c| !c.or.is_empty());
    let mc =
        uncertain.then(|| monte_carlo(&matrix, &ratings, scoring, request.draws, request.seed));
    let hypothesis_ids = |hs: &[usize]| -> Vec<String> {
        hs.iter().map(|&h| model.hypotheses[h].id.clone()).collect()
    };
    let hypotheses = model
        .hypotheses
        .iter()
        .enumerate()
        .map(|(h, hypothesis)| AchHypothesis {
            id: hypothesis.id.clone(),
            statement: hypothesis.statement.clone(),
            score: scores[h],
            rank: rank[h],
            inconsistent_items: matrix
                .cells
                .iter()
                .filter(|row| matches!(row[h], Rating::Inconsistent | Rating::VeryInconsistent))
                .count(),
            p_leading: mc.as_ref().map(|mc| mc.p_leading[h]),
            score_quantiles: mc.as_ref().map(|mc| mc.scores[h]),
        })
        .collect();
    let items = model
        .evidence
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let diagnosticity = matrix.diagnosticity(i, scoring);
            AchItem {
                id: item.id.clone(),
                summary: item.summary.clone(),
                kind: item.kind,
                credibility: item.credibility,
                relevance: item.relevance,
                weight: matrix.weights[i],
                ratings: item.ratings.clone(),
                diagnosticity,
                non_diagnostic: diagnosticity <= crate::ach::TIE,
                quotes: item
                    .evidence
                    .citations
                    .iter()
                    .map(|c| c.quote.clone())
                    .collect(),
                relation: item
                    .relation
                    .map(|(f, t)| format!("{} → {}", model.factors[f].id, model.factors[t].id)),
            }
        })
        .collect();
    let s = sensitivity(&matrix, scoring);
    let item_id = |i: usize| model.evidence[i].id.clone();
    let sensitivity = AchSensitivity {
        leaders: hypothesis_ids(&s.leaders),
        decisive_items: s
            .decisive_items
            .iter()
            .map(|c| AchChange {
                item: item_id(c.item),
                leaders: hypothesis_ids(&c.leaders),
            })
            .collect(),
        decisive_ratings: s
            .decisive_ratings
            .iter()
            .map(|r| AchRerating {
                item: item_id(r.item),
                hypothesis: model.hypotheses[r.hypothesis].id.clone(),
                from: r.from,
                to: r.to,
                leaders: hypothesis_ids(&r.leaders),
            })
            .collect(),
        decisive_sets: s
            .decisive_sets
            .iter()
            .map(|set| set.iter().map(|&i| item_id(i)).collect())
            .collect(),
        searched_up_to: s.searched_up_to,
    };
    Ok(AchDocument {
        schema_version: SCHEMA_VERSION,
        file: loaded.file.name().to_owned(),
        title: model.title.clone(),
        scoring,
        hypotheses,
        items,
        sensitivity,
        monte_carlo: mc.map(|mc| AchMonteCarlo {
            draws: mc.draws,
            seed: mc.seed,
            uncertain_cells: mc.uncertain_cells,
        }),
    })
}

/// The matrix as CSV: one row per item (type, credibility, relevance, weight, a rating per
/// hypothesis, diagnosticity), then a `score` row. An uncertain rating is written with its
/// alternatives, `I|N`.
pub fn matrix_csv(doc: &AchDocument) -> String {
    let mut header = vec!["item", "type", "credibility", "relevance", "weight"];
    header.extend(doc.hypotheses.iter().map(|h| h.id.as_str()));
    header.push("diagnosticity");
    let rows = doc.items.iter().map(|item| {
        let mut row = vec![
            item.id.clone(),
            item.kind.name().to_owned(),
            item.credibility.name().to_owned(),
            item.relevance.name().to_owned(),
            item.weight.to_string(),
        ];
        row.extend(item.ratings.iter().map(|c| {
            c.plausible()
                .map(Rating::code)
                .collect::<Vec<_>>()
                .join("|")
        }));
        row.push(item.diagnosticity.to_string());
        row
    });
    let mut score = vec![
        "score".to_owned(),
        String::new(),
        String::new(),
        String::new(),
    ];
    score.push(String::new());
    score.extend(doc.hypotheses.iter().map(|h| h.score.to_string()));
    score.push(String::new());
    crate::output::csv_table(&header, rows.chain(std::iter::once(score)))
}
