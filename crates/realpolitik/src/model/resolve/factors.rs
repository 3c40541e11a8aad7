//! Factors, linguistic terms, cross-impact judgment blocks and causal links.

use super::*;
use crate::model::file::{JudgmentSpec, LinkSpec};

impl Resolver<'_> {
    pub(super) fn factors(&mut self, spec: &ModelFile) -> Vec<Factor> {
        let mut factors = Vec::new();
        for f in &spec.factors {
            let states = &f.states.value;
            if states.len() == 1 {
                self.error(
                    "model::too_few_states",
                    format!("factor `{}` has a single state", f.id.value),
                    &f.states.span,
                    "one state",
                    "give at least two states, or none if the factor is not a CIB descriptor"
                        .into(),
                );
            }
            for (k, state) in states.iter().enumerate() {
                if state.value.trim().is_empty() {
                    self.error(
                        "model::invalid_state",
                        format!("factor `{}` has an empty state name", f.id.value),
                        &state.span,
                        "empty",
                        "name every state".into(),
                    );
                } else if let Some(first) = states[..k].iter().find(|s| s.value == state.value) {
                    let line = self.line_of(&first.span);
                    self.error(
                        "model::duplicate_state",
                        format!(
                            "factor `{}` has the state `{}` twice",
                            f.id.value, state.value
                        ),
                        &state.span,
                        "again",
                        format!("state names within a factor are unique (first on line {line})"),
                    );
                }
            }
            let weight = match &f.weight {
                Some(w) if f.desired.is_none() => {
                    self.error(
                        "model::weight_without_desired",
                        format!("factor `{}` has a weight but no desired end", f.id.value),
                        &w.span,
                        "weight of what?",
                        "a weight says how much an outcome counts in the net score: give the \
                         factor desired = \"low\" or \"high\", or remove the weight"
                            .into(),
                    );
                    w.value
                }
                Some(w) if !(w.value.is_finite() && w.value >= 0.0) => {
                    self.error(
                        "model::out_of_range",
                        format!("weight {} of factor `{}` is negative", w.value, f.id.value),
                        &w.span,
                        "out of range",
                        "an outcome's weight is ≥ 0 (0: it does not count)".into(),
                    );
                    w.value
                }
                Some(w) => w.value,
                None => 1.0,
            };
            let indicators = self.indicators(&f.indicators, true);
            factors.push(Factor {
                id: f.id.value.clone(),
                label: f.label.clone(),
                description: f.description.clone(),
                role: f.role.value,
                states: states.iter().map(|s| s.value.clone()).collect(),
                desired: f.desired,
                weight,
                indicators,
            });
        }
        factors
    }

    pub(super) fn terms(&mut self, spec: &ModelFile) -> Vec<Term> {
        let mut terms: Vec<Term> = default_terms()
            .into_iter()
            .map(|(name, fuzzy)| Term { name, fuzzy })
            .collect();
        for (name, q) in &spec.terms {
            let fuzzy = self.quantity(q, &format!("term `{name}`"), (-1.0, 1.0));
            match terms.iter_mut().find(|t| &t.name == name) {
                Some(t) => t.fuzzy = fuzzy,
                None => terms.push(Term {
                    name: name.clone(),
                    fuzzy,
                }),
            }
        }
        terms
    }

    pub(super) fn judgments(
        &mut self,
        specs: &[JudgmentSpec],
        factor_ids: &HashMap<String, usize>,
        factors: &[Factor],
    ) -> Vec<Judgment> {
        let mut seen = HashMap::new();
        let mut judgments = Vec::new();
        for j in specs {
            let Some((from, to)) = self.pair("judgment block", &j.from, &j.to, factor_ids) else {
                continue;
            };
            self.duplicate_pair("judgment block", &mut seen, (from, to), &j.from, &j.to);
            let (rows, cols) = (factors[from].states.len(), factors[to].states.len());
            for (id, n, span) in [(&j.from, rows, &j.from.span), (&j.to, cols, &j.to.span)] {
                if n == 0 {
                    self.error(
                        "model::no_states",
                        format!("factor `{}` has no states, so it cannot take part in cross-impact judgments", id.value),
                        span,
                        "no states",
                        format!("give factor `{}` its states = [\"…\", \"…\"]", id.value),
                    );
                }
            }
            let impacts = &j.impacts;
            let mut ok = rows > 0 && cols > 0;
            if ok && impacts.value.len() != rows {
                self.error(
                    "model::block_shape",
                    format!(
                        "the block has {} rows but `{}` has {rows} states",
                        impacts.value.len(),
                        j.from.value
                    ),
                    &impacts.span,
                    "wrong number of rows",
                    format!(
                        "write one row per state of `{}` ({}), each with one impact per state of `{}` ({})",
                        j.from.value,
                        factors[from].states.join(", "),
                        j.to.value,
                        factors[to].states.join(", ")
                    ),
                );
                ok = false;
            }
            for (a, row) in impacts.value.iter().enumerate() {
                if cols > 0 && row.value.len() != cols {
                    self.error(
                        "model::block_shape",
                        format!(
                            "row {} has {} impacts but `{}` has {cols} states",
                            a + 1,
                            row.value.len(),
                            j.to.value
                        ),
                        &row.span,
                        "wrong number of columns",
                        format!(
                            "write one impact per state of `{}`: {}",
                            j.to.value,
                            factors[to].states.join(", ")
                        ),
                    );
                    ok = false;
                }
            }
            let evidence = self.evidence(evidence_fields!(j), &j.from.span);
            let indicators = self.indicators(&j.indicators, false);
            if ok {
                judgments.push(Judgment {
                    from,
                    to,
                    impacts: impacts
                        .value
                        .iter()
                        .map(|row| row.value.iter().map(|c| c.value).collect())
                        .collect(),
                    evidence,
                    claim: j.claim.clone(),
                    indicators,
                });
            }
        }
        judgments
    }

    pub(super) fn links(
        &mut self,
        specs: &[LinkSpec],
        factor_ids: &HashMap<String, usize>,
        terms: &[Term],
        trigger_ids: &HashMap<String, usize>,
    ) -> Vec<Link> {
        let mut seen = HashMap::new();
        let mut links = Vec::new();
        for l in specs {
            let pair = self.pair("link", &l.from, &l.to, factor_ids);
            if let Some(pair) = pair {
                self.duplicate_pair("link", &mut seen, pair, &l.from, &l.to);
            }
            let (weight, term) = match &l.weight.value {
                WeightSpec::Quantity(q) => {
                    let located = Located::new(*q, l.weight.span.clone());
                    (Some(self.quantity(&located, "weight", (-1.0, 1.0))), None)
                }
                WeightSpec::Term(name) => match terms.iter().find(|t| &t.name == name) {
                    Some(t) => (Some(t.fuzzy), Some(name.clone())),
                    None => {
                        let help = match closest(name, terms.iter().map(|t| t.name.as_str())) {
                            Some(s) => format!("did you mean \"{s}\"?"),
                            None => format!(
                                "the terms are {}; define others in [terms]",
                                terms
                                    .iter()
                                    .map(|t| format!("\"{}\"", t.name))
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                        };
                        self.error(
                            "model::unknown_term",
                            format!("unknown weight term \"{name}\""),
                            &l.weight.span,
                            "not a defined term",
                            help,
                        );
                        (None, None)
                    }
                },
            };
            let evidence = self.evidence(evidence_fields!(l), &l.from.span);
            let indicators = self.indicators(&l.indicators, false);
            let when = l
                .when
                .as_ref()
                .and_then(|t| self.lookup("trigger", trigger_ids, t));
            if let (Some((from, to)), Some(weight)) = (pair, weight) {
                links.push(Link {
                    from,
                    to,
                    weight,
                    term,
                    when,
                    evidence,
                    claim: l.claim.clone(),
                    indicators,
                });
            }
        }
        links
    }
}
