//! Analysis of Competing Hypotheses on a model: scores, diagnosticity, sensitivity and a
//! Monte Carlo over uncertain ratings (see [`crate::ach`]).

use crate::ach::cross_check::CrossCheck;
use crate::ach::monte_carlo::monte_carlo;
use crate::ach::sensitivity::sensitivity;
use crate::ach::{Matrix, Scoring, leaders_phrase, ranks};
use crate::limits::Limits;
use crate::model::Rating;
use crate::output::{
    AchAnalysis, AchChange, AchDocument, AchHypothesis, AchItem, AchMonteCarlo, AchRerating,
    AchSensitivity, SCHEMA_VERSION,
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
    /// The FCM inference settings of the hypotheses' cross-check (the briefing's by default).
    pub fcm: crate::fcm::Settings,
    /// The limits on the work it may start (the CIB search of the cross-check).
    pub limits: Limits,
}

impl Default for AchRequest {
    fn default() -> Self {
        AchRequest {
            scoring: Scoring::Weighted,
            draws: 2000,
            seed: 2014,
            fcm: crate::fcm::Settings::default(),
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
    check(&loaded.model, request)?;
    Ok(AchDocument {
        schema_version: SCHEMA_VERSION,
        file: loaded.file.name().to_owned(),
        title: loaded.model.title.clone(),
        analysis: analyse(&loaded.model, request),
    })
}

/// The analysis of a model that has hypotheses and evidence items (see [`check`]).
pub fn analyse(model: &Model, request: &AchRequest) -> AchAnalysis {
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
    let cross = CrossCheck::new(model, &request.fcm, &request.limits);
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
            bearing_items: matrix
                .cells
                .iter()
                .filter(|row| !matches!(row[h], Rating::Neutral | Rating::NotApplicable))
                .count(),
            cib: cross.cib(hypothesis),
            fcm: cross.fcm(hypothesis),
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
    AchAnalysis {
        scoring,
        hypotheses,
        items,
        sensitivity,
        monte_carlo: mc.map(|mc| AchMonteCarlo {
            draws: mc.draws,
            seed: mc.seed,
            uncertain_cells: mc.uncertain_cells,
        }),
    }
}

/// The matrix as CSV: one row per item (type, credibility, relevance, weight, a rating per
/// hypothesis, diagnosticity), then a `score` row. An uncertain rating is written with its
/// alternatives, `I|N`.
pub fn matrix_csv(doc: &AchAnalysis) -> String {
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

/// What would change the lead, one phrase per change: each decisive item ("discrediting X:
/// H leads"), each decisive re-rating, then each smallest decisive set. Empty when nothing
/// searched changes it.
pub fn lead_changes(s: &AchSensitivity) -> Vec<String> {
    let mut changes: Vec<String> = s
        .decisive_items
        .iter()
        .map(|c| format!("discrediting {}: {}", c.item, leaders_phrase(&c.leaders)))
        .collect();
    changes.extend(s.decisive_ratings.iter().map(|r| {
        format!(
            "re-rating {} against {} from {} to {}: {}",
            r.item,
            r.hypothesis,
            r.from.code(),
            r.to.code(),
            leaders_phrase(&r.leaders)
        )
    }));
    changes.extend(
        s.decisive_sets
            .iter()
            .map(|set| format!("discrediting {} together", set.join(", "))),
    );
    changes
}

/// The analysis in one paragraph, as the briefing states it: the leader and the runner-up with
/// their scores, how much evidence bears on the leader, the non-diagnostic items, what would
/// change the lead, how often it leads over the uncertain ratings, and what the model's engines
/// say of the leader's states.
pub fn paragraph(a: &AchAnalysis) -> String {
    let mut order: Vec<&AchHypothesis> = a.hypotheses.iter().collect();
    order.sort_by_key(|h| h.rank);
    let describe = |h: &AchHypothesis| {
        format!(
            "“{}” ({}, score {:.2}: {} of the {} items that bear on it against it)",
            h.statement, h.id, h.score, h.inconsistent_items, h.bearing_items
        )
    };
    let tied: Vec<&AchHypothesis> = order.iter().copied().filter(|h| h.rank == 1).collect();
    let mut p = if let [leader] = tied[..] {
        let mut p = format!(
            "The evidence is least inconsistent with {}",
            describe(leader)
        );
        if let Some(next) = order.get(1) {
            p.push_str(&format!(", then {}", describe(next)));
        }
        p.push('.');
        p
    } else {
        let all: Vec<String> = tied.iter().map(|h| describe(h)).collect();
        format!(
            "The evidence is equally inconsistent with {}.",
            all.join(" and ")
        )
    };
    let leader = tied[0];
    let most_bearing = a
        .hypotheses
        .iter()
        .map(|h| h.bearing_items)
        .max()
        .unwrap_or(0);
    if 2 * leader.bearing_items < most_bearing {
        p.push_str(&format!(
            " Few items bear on {} ({} of {}): its low score reflects little evidence either \
             way, not much evidence for it.",
            leader.id,
            leader.bearing_items,
            a.items.len()
        ));
    }
    let flat = a.items.iter().filter(|i| i.non_diagnostic).count();
    if flat > 0 {
        p.push_str(&format!(
            " {flat} of the {} items are non-diagnostic: they add the same to every \
             hypothesis's score, so they cannot change the ranking.",
            a.items.len()
        ));
    }
    let s = &a.sensitivity;
    let items: Vec<&str> = s.decisive_items.iter().map(|c| c.item.as_str()).collect();
    p.push_str(&match (&items[..], s.decisive_sets.first()) {
        ([], None) => format!(
            " No set of up to {} discredited items changes the lead.",
            s.searched_up_to
        ),
        ([], Some(set)) => format!(
            " No single item changes the lead; discrediting {} together would.",
            set.join(", ")
        ),
        (items, _) => format!(
            " Discrediting {} alone would change the lead.",
            items.join(" or ")
        ),
    });
    if let (Some(mc), Some(share)) = (&a.monte_carlo, leader.p_leading) {
        p.push_str(&format!(
            " Over {} draws of the {} ratings marked uncertain it leads in {:.0}%.",
            mc.draws,
            mc.uncertain_cells,
            100.0 * share
        ));
    }
    if let Some(c) = &leader.cib {
        p.push_str(&format!(
            " In the CIB its states occur in {} of the {} consistent futures",
            c.with_states, c.scenarios
        ));
        if let Some((n, with)) = c.under_option {
            p.push_str(&format!(" ({with} of {n} with its option imposed)"));
        }
        p.push('.');
    }
    for f in &leader.fcm {
        let way = f.moves.words();
        p.push_str(&format!(
            " In the FCM its option moves {} {way} {} ({:.2} → {:.2}; {} at {:.2}).",
            f.factor, f.state, f.status_quo, f.option, f.state, f.position
        ));
    }
    p
}
