//! Competing hypotheses and the evidence items rated against them (ACH).

use super::*;
use crate::model::hypotheses::{
    CellRating, EvidenceItem, EvidenceItemSpec, Hypothesis, ItemKind, Rating, RatingSpec,
};

/// The help of a rating that is not on Heuer's scale.
const RATING_HELP: &str = "rate with CC (very consistent), C (consistent), N (neutral), \
                           I (inconsistent), II (very inconsistent) or NA (not applicable); a \
                           list such as [\"I\", \"N\"] marks an uncertain rating";

/// What the resolver needs of the rest of the model to resolve the ACH sections.
pub(super) struct AchContext<'a> {
    pub factor_ids: &'a HashMap<String, usize>,
    pub factors: &'a [Factor],
    pub option_ids: &'a HashMap<String, usize>,
    pub links: &'a [Link],
    pub judgments: &'a [Judgment],
}

impl Resolver<'_> {
    /// Resolves `[[hypotheses]]` and `[[evidence]]`.
    pub(super) fn hypotheses(
        &mut self,
        spec: &ModelFile,
        cx: &AchContext<'_>,
    ) -> (Vec<Hypothesis>, Vec<EvidenceItem>) {
        let hypothesis_ids = self.ids("hypothesis", spec.hypotheses.iter().map(|h| &h.id));
        self.ids("evidence item", spec.evidence.iter().map(|e| &e.id));
        let hypotheses: Vec<Hypothesis> = spec
            .hypotheses
            .iter()
            .map(|h| {
                let option = h
                    .option
                    .as_ref()
                    .and_then(|o| self.lookup("option", cx.option_ids, o));
                let states = h
                    .states
                    .iter()
                    .filter_map(|(factor, state)| self.factor_state(factor, state, cx))
                    .collect();
                Hypothesis {
                    id: h.id.value.clone(),
                    statement: h.statement.clone(),
                    description: h.description.clone(),
                    option,
                    states,
                    span: h.id.span.clone(),
                }
            })
            .collect();
        if spec.hypotheses.len() == 1 {
            self.error(
                "model::one_hypothesis",
                "ACH weighs competing hypotheses, and the model has only one".into(),
                &spec.hypotheses[0].id.span,
                "the only hypothesis",
                "add the hypotheses it competes with (its negation at least), so that each \
                 item of evidence is rated against every answer"
                    .into(),
            );
        }
        let items = spec
            .evidence
            .iter()
            .filter_map(|item| self.evidence_item(item, &hypothesis_ids, hypotheses.len(), cx))
            .collect();
        (hypotheses, items)
    }

    /// Resolves `factor = "state"`.
    fn factor_state(
        &mut self,
        factor: &Located<String>,
        state: &Located<String>,
        cx: &AchContext<'_>,
    ) -> Option<(usize, usize)> {
        let f = self.lookup("factor", cx.factor_ids, factor)?;
        let states = &cx.factors[f].states;
        if let Some(s) = states.iter().position(|s| *s == state.value) {
            return Some((f, s));
        }
        let help = if states.is_empty() {
            format!(
                "factor `{}` has no states; give it states, or leave it out",
                factor.value
            )
        } else {
            let suggestion = closest(&state.value, states.iter().map(String::as_str))
                .map(|s| format!("did you mean `{s}`? "))
                .unwrap_or_default();
            format!(
                "{suggestion}the states of `{}` are: {}",
                factor.value,
                states.join(", ")
            )
        };
        self.error(
            "model::unknown_state",
            format!("factor `{}` has no state `{}`", factor.value, state.value),
            &state.span,
            "no such state",
            help,
        );
        None
    }

    fn evidence_item(
        &mut self,
        item: &EvidenceItemSpec,
        hypothesis_ids: &HashMap<String, usize>,
        n_hypotheses: usize,
        cx: &AchContext<'_>,
    ) -> Option<EvidenceItem> {
        if n_hypotheses == 0 {
            self.error(
                "model::evidence_without_hypotheses",
                format!(
                    "evidence item `{}` has no hypotheses to be rated against",
                    item.id.value
                ),
                &item.id.span,
                "rated against what?",
                "add [[hypotheses]] (at least two), or remove the [[evidence]] items".into(),
            );
            return None;
        }
        let mut ratings: Vec<Option<CellRating>> = vec![None; n_hypotheses];
        for (id, rating) in &item.ratings.value {
            let Some(h) = self.lookup("hypothesis", hypothesis_ids, id) else {
                continue;
            };
            ratings[h] = self.cell_rating(rating);
        }
        let unrated: Vec<&str> = hypothesis_ids
            .iter()
            .filter(|&(_, &h)| ratings[h].is_none())
            .map(|(id, _)| id.as_str())
            .collect();
        if !unrated.is_empty() && !self.diagnostics.iter().any(Diagnostic::is_error) {
            let mut unrated = unrated;
            unrated.sort_unstable();
            self.warning(
                "model::unrated",
                format!(
                    "evidence item `{}` does not rate {}",
                    item.id.value,
                    unrated
                        .iter()
                        .map(|id| format!("`{id}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                &item.ratings.span,
                "missing ratings",
                "rate every hypothesis (NA when the item says nothing about it); an unrated \
                 cell counts as NA"
                    .into(),
            );
        }
        let relation = item
            .relation
            .as_ref()
            .and_then(|r| self.relation_ref(r, cx));
        let mut evidence = match relation {
            Some((_, evidence)) => {
                if let Some(quote) = &item.quote {
                    self.error(
                        "model::quote_and_relation",
                        format!(
                            "evidence item `{}` gives both a quote and a relation",
                            item.id.value
                        ),
                        &quote.span,
                        "second source of evidence",
                        "an item cites a relation's quotes or its own: make it two items, or \
                         drop one"
                            .into(),
                    );
                }
                evidence.clone()
            }
            None => self.evidence(
                EvidenceFields {
                    source: &item.source,
                    quote: &item.quote,
                    stance: &item.stance,
                    justification: &item.justification,
                    assumption: &None,
                    estimate: &None,
                },
                &item.id.span,
            ),
        };
        if item.justification.is_some() {
            evidence.justification = item.justification.clone();
        }
        let cites = item.quote.is_some() || item.relation.is_some();
        if item.kind.value == ItemKind::Fact && !cites {
            self.error(
                "model::fact_without_source",
                format!("evidence item `{}` is a fact with no source", item.id.value),
                &item.id.span,
                "no quote, no relation",
                "quote the passage it rests on (source, quote), name the relation whose quotes \
                 it uses (relation = { from = \"…\", to = \"…\" }), or mark it type = \
                 \"assumption\""
                    .into(),
            );
        }
        Some(EvidenceItem {
            id: item.id.value.clone(),
            summary: item.summary.clone(),
            kind: item.kind.value,
            credibility: item.credibility,
            relevance: item.relevance,
            ratings: ratings
                .into_iter()
                .map(|r| r.unwrap_or(CellRating::certain(Rating::NotApplicable)))
                .collect(),
            relation: relation.map(|(pair, _)| pair),
            evidence,
        })
    }

    /// Reads one cell: a code, or a list of plausible codes without repeats.
    fn cell_rating(&mut self, rating: &Located<RatingSpec>) -> Option<CellRating> {
        let codes: Vec<&str> = match &rating.value {
            RatingSpec::One(code) => vec![code.as_str()],
            RatingSpec::Several(codes) => codes.iter().map(String::as_str).collect(),
        };
        let mut plausible: Vec<Rating> = Vec::new();
        for code in &codes {
            let Some(r) = Rating::parse(code) else {
                self.error(
                    "model::unknown_rating",
                    format!("`{code}` is not a rating on Heuer's scale"),
                    &rating.span,
                    "unknown rating",
                    RATING_HELP.into(),
                );
                return None;
            };
            if plausible.contains(&r) {
                self.error(
                    "model::repeated_rating",
                    format!("rating `{}` is listed twice", r.code()),
                    &rating.span,
                    "listed twice",
                    "list each plausible rating once, the most likely first".into(),
                );
                return None;
            }
            plausible.push(r);
        }
        let Some((&first, rest)) = plausible.split_first() else {
            self.error(
                "model::unknown_rating",
                "an empty list of ratings".into(),
                &rating.span,
                "no rating",
                RATING_HELP.into(),
            );
            return None;
        };
        Some(CellRating {
            rating: first,
            or: rest.to_vec(),
        })
    }

    /// The pair and evidence of the relation an item names: its link, else its judgment block.
    fn relation_ref<'c>(
        &mut self,
        r: &Located<crate::model::hypotheses::RelationRef>,
        cx: &AchContext<'c>,
    ) -> Option<((usize, usize), &'c Evidence)> {
        let from = Located::new(r.value.from.clone(), r.span.clone());
        let to = Located::new(r.value.to.clone(), r.span.clone());
        let f = self.lookup("factor", cx.factor_ids, &from);
        let t = self.lookup("factor", cx.factor_ids, &to);
        let (f, t) = (f?, t?);
        let evidence = cx
            .links
            .iter()
            .find(|l| (l.from, l.to) == (f, t))
            .map(|l| &l.evidence)
            .or_else(|| {
                cx.judgments
                    .iter()
                    .find(|j| (j.from, j.to) == (f, t))
                    .map(|j| &j.evidence)
            });
        if evidence.is_none() {
            self.error(
                "model::unknown_relation",
                format!(
                    "the model has no relation from `{}` to `{}`",
                    from.value, to.value
                ),
                &r.span,
                "no such relation",
                "name a [[relations]] entry (or a link or judgment block) by its from and to, \
                 or quote the passage itself"
                    .into(),
            );
        }
        Some(((f, t), evidence?))
    }
}
