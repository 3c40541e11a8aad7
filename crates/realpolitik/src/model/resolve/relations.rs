//! Causal relations: `[[relations]]` (one element carrying its evidence once and an encoding
//! for each engine), and the older `[[judgments]]` blocks and `[[links]]` written apart.
//!
//! A relation resolves into a [`Link`] (its `weight`) and a [`Judgment`] (its `impacts`) that
//! share one [`Evidence`], so that quotes are checked once and counted once. Whatever the form,
//! a model has at most one link and one block per ordered pair of factors.

use super::*;
use crate::model::file::{Block, ConditionSpec, JudgmentSpec, Level, LinkSpec, RelationSpec};
use crate::model::values::ImpactCell;

/// The pairs already given a block or a link, with where.
#[derive(Default)]
pub(super) struct Pairs {
    blocks: HashMap<(usize, usize), Span>,
    links: HashMap<(usize, usize), Span>,
}

/// What a link's conditions resolve to.
#[derive(Default)]
struct Gating {
    when: Option<usize>,
    requires: Option<Condition>,
    scaled_by: Option<usize>,
}

/// A resolved link from its parts.
fn link(
    (from, to): (usize, usize),
    (weight, term): (Quantity, Option<String>),
    gating: Gating,
    evidence: Evidence,
    claim: &Option<String>,
    indicators: Vec<Indicator>,
) -> Link {
    Link {
        from,
        to,
        weight,
        term,
        when: gating.when,
        requires: gating.requires,
        scaled_by: gating.scaled_by,
        evidence,
        claim: claim.clone(),
        indicators,
    }
}

/// The ids a relation's references resolve against.
pub(super) struct Names<'n> {
    pub(super) factor_ids: &'n HashMap<String, usize>,
    pub(super) factors: &'n [Factor],
    pub(super) terms: &'n [Term],
    pub(super) trigger_ids: &'n HashMap<String, usize>,
}

/// Which activations a level may take.
#[derive(Clone, Copy)]
pub(super) enum Inside {
    /// [-1, 1], ends included (conditions).
    Closed,
    /// Strictly between 0 and 1 (resting levels).
    Open,
}

/// The links and blocks of one file, whatever form they were written in.
#[derive(Default)]
pub(super) struct Encodings {
    pub(super) links: Vec<Link>,
    pub(super) judgments: Vec<Judgment>,
}

impl Resolver<'_> {
    /// Resolves the `[[relations]]`, `[[judgments]]` and `[[links]]` of one file.
    pub(super) fn encodings(
        &mut self,
        relations: &[RelationSpec],
        judgments: &[JudgmentSpec],
        links: &[LinkSpec],
        names: &Names<'_>,
    ) -> Encodings {
        let mut pairs = Pairs::default();
        let mut out = Encodings::default();
        for r in relations {
            self.relation(r, names, &mut pairs, &mut out);
        }
        for j in judgments {
            let pair = self.pair("judgment block", &j.from, &j.to, names.factor_ids);
            let evidence = self.evidence(evidence_fields!(j), &j.from.span);
            let indicators = self.indicators(&j.indicators, false);
            let Some(pair) = pair else { continue };
            self.duplicate_pair("judgment block", &mut pairs.blocks, pair, &j.from, &j.to);
            if let Some(impacts) = self.block((&j.from, &j.to), pair, &j.impacts, names.factors) {
                out.judgments.push(Judgment {
                    from: pair.0,
                    to: pair.1,
                    impacts,
                    evidence,
                    claim: j.claim.clone(),
                    indicators,
                    requires: None,
                    scaled_by: None,
                });
            }
        }
        for l in links {
            let pair = self.pair("link", &l.from, &l.to, names.factor_ids);
            if let Some(pair) = pair {
                self.duplicate_pair("link", &mut pairs.links, pair, &l.from, &l.to);
            }
            let weight = self.weight(&l.weight, names.terms);
            let evidence = self.evidence(evidence_fields!(l), &l.from.span);
            let indicators = self.indicators(&l.indicators, false);
            let gating = self.gating(&l.when, &l.requires, &l.scaled_by, names);
            if let (Some(pair), Some(weight)) = (pair, weight) {
                out.links
                    .push(link(pair, weight, gating, evidence, &l.claim, indicators));
            }
        }
        out
    }

    fn relation(
        &mut self,
        r: &RelationSpec,
        names: &Names<'_>,
        pairs: &mut Pairs,
        out: &mut Encodings,
    ) {
        let pair = self.pair("relation", &r.from, &r.to, names.factor_ids);
        let evidence = self.evidence(evidence_fields!(r), &r.from.span);
        let indicators = self.indicators(&r.indicators, false);
        let gating = self.gating(&r.when, &r.requires, &r.scaled_by, names);
        if r.weight.is_none() && r.impacts.is_none() {
            self.error(
                "model::empty_relation",
                format!(
                    "the relation from `{}` to `{}` has neither a weight nor impacts",
                    r.from.value, r.to.value
                ),
                &r.from.span,
                "no encoding",
                "give it an FCM `weight` (e.g. weight = \"+moderately\"), a CIB `impacts` block \
                 (one row per state of `from`), or both"
                    .into(),
            );
        }
        if let (None, Some(when)) = (&r.weight, &r.when) {
            self.error(
                "model::condition_without_weight",
                "a trigger condition on a relation without an FCM weight".into(),
                &when.span,
                "nothing to condition",
                "`when` acts on the FCM weight (the CIB fixes triggers as states instead): give \
                 the relation a `weight`, or remove the condition"
                    .into(),
            );
        }
        let gate_factor = gating
            .requires
            .as_ref()
            .map(|c| c.factor)
            .or(gating.scaled_by);
        let gate_span = r
            .requires
            .as_ref()
            .map(|c| &c.span)
            .or(r.scaled_by.as_ref().map(|f| &f.span));
        if let (Some(factor), Some(span), Some(_)) = (gate_factor, gate_span, &r.impacts)
            && names.factors[factor].states.len() < 2
        {
            self.warning(
                "model::unconditional_block",
                "the CIB block of this relation acts whatever its condition".into(),
                span,
                "read by the FCM only",
                format!(
                    "`{}` has no CIB states, so the cross-impact balance adds this block in every \
                     scenario: give the factor states, say in a comment how the block was \
                     judged, or give the block a relation of its own",
                    names.factors[factor].id
                ),
            );
        }
        let Some(pair) = pair else { return };
        if r.impacts.is_some() {
            self.duplicate_pair("relation", &mut pairs.blocks, pair, &r.from, &r.to);
        }
        if r.weight.is_some() {
            self.duplicate_pair("relation", &mut pairs.links, pair, &r.from, &r.to);
        }
        let impacts = r
            .impacts
            .as_ref()
            .and_then(|impacts| self.block((&r.from, &r.to), pair, impacts, names.factors));
        if let Some(impacts) = impacts {
            let conditional = gate_factor.is_some_and(|f| names.factors[f].states.len() >= 2);
            out.judgments.push(Judgment {
                from: pair.0,
                to: pair.1,
                impacts,
                evidence: evidence.clone(),
                claim: r.claim.clone(),
                indicators: indicators.clone(),
                requires: gating.requires.clone().filter(|_| conditional),
                scaled_by: gating.scaled_by.filter(|_| conditional),
            });
        }
        let weight = r.weight.as_ref().and_then(|w| self.weight(w, names.terms));
        if let Some(weight) = weight {
            out.links
                .push(link(pair, weight, gating, evidence, &r.claim, indicators));
        }
    }

    /// Checks a block's shape against its factors' states.
    fn block(
        &mut self,
        (from_id, to_id): (&Located<String>, &Located<String>),
        (from, to): (usize, usize),
        impacts: &Located<Block>,
        factors: &[Factor],
    ) -> Option<Vec<Vec<ImpactCell>>> {
        let (rows, cols) = (factors[from].states.len(), factors[to].states.len());
        for (id, n) in [(from_id, rows), (to_id, cols)] {
            if n == 0 {
                self.error(
                    "model::no_states",
                    format!(
                        "factor `{}` has no states, so it cannot take part in cross-impact judgments",
                        id.value
                    ),
                    &id.span,
                    "no states",
                    format!("give factor `{}` its states = [\"…\", \"…\"]", id.value),
                );
            }
        }
        let mut ok = rows > 0 && cols > 0;
        if ok && impacts.value.len() != rows {
            self.error(
                "model::block_shape",
                format!(
                    "the block has {} rows but `{}` has {rows} states",
                    impacts.value.len(),
                    from_id.value
                ),
                &impacts.span,
                "wrong number of rows",
                format!(
                    "write one row per state of `{}` ({}), each with one impact per state of `{}` ({})",
                    from_id.value,
                    factors[from].states.join(", "),
                    to_id.value,
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
                        to_id.value
                    ),
                    &row.span,
                    "wrong number of columns",
                    format!(
                        "write one impact per state of `{}`: {}",
                        to_id.value,
                        factors[to].states.join(", ")
                    ),
                );
                ok = false;
            }
        }
        ok.then(|| {
            impacts
                .value
                .iter()
                .map(|row| row.value.iter().map(|c| c.value).collect())
                .collect()
        })
    }

    /// Resolves a weight: a quantity in [-1, 1] or a defined term.
    fn weight(
        &mut self,
        weight: &Located<WeightSpec>,
        terms: &[Term],
    ) -> Option<(Quantity, Option<String>)> {
        match &weight.value {
            WeightSpec::Quantity(q) => {
                let located = Located::new(*q, weight.span.clone());
                Some((self.quantity(&located, "weight", (-1.0, 1.0)), None))
            }
            WeightSpec::Term(name) => {
                if let Some(t) = terms.iter().find(|t| &t.name == name) {
                    return Some((t.fuzzy, Some(name.clone())));
                }
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
                    &weight.span,
                    "not a defined term",
                    help,
                );
                None
            }
        }
    }

    /// Resolves `when`, `requires` and `scaled_by`.
    fn gating(
        &mut self,
        when: &Option<Located<String>>,
        requires: &Option<Located<ConditionSpec>>,
        scaled_by: &Option<Located<String>>,
        names: &Names<'_>,
    ) -> Gating {
        Gating {
            when: when
                .as_ref()
                .and_then(|t| self.lookup("trigger", names.trigger_ids, t)),
            requires: requires.as_ref().and_then(|c| self.condition(c, names)),
            scaled_by: scaled_by
                .as_ref()
                .and_then(|f| self.lookup("factor", names.factor_ids, f)),
        }
    }

    /// Resolves a level of `factor` (with `states`): a state by name at its position
    /// k / (K − 1), or an activation, within [-1, 1] ([`Inside::Closed`]) or strictly between 0
    /// and 1 ([`Inside::Open`], a resting level a continuous transfer can reach).
    pub(super) fn level(
        &mut self,
        level: &Located<Level>,
        factor: &str,
        states: &[String],
        inside: Inside,
    ) -> Result<f64, ()> {
        let fits = |v: f64| match inside {
            Inside::Closed => (-1.0..=1.0).contains(&v),
            Inside::Open => v > 0.0 && v < 1.0,
        };
        let range = match inside {
            Inside::Closed => "an activation in [-1, 1]",
            Inside::Open => "an activation strictly between 0 and 1",
        };
        match &level.value {
            Level::Value(v) if v.is_finite() && fits(*v) => Ok(*v),
            Level::Value(v) => {
                self.error(
                    "model::out_of_range",
                    format!("activation {v} is outside the range it may take"),
                    &level.span,
                    "out of range",
                    format!("give a state of `{factor}` by name, or {range}"),
                );
                Err(())
            }
            Level::State(name) => {
                let position = states
                    .iter()
                    .position(|s| s == name)
                    .filter(|_| states.len() >= 2)
                    .map(|k| k as f64 / (states.len() - 1) as f64);
                match position {
                    Some(v) if fits(v) => Ok(v),
                    Some(v) => {
                        self.error(
                            "model::out_of_range",
                            format!(
                                "state `{name}` of `{factor}` sits at {v}, an end of its range"
                            ),
                            &level.span,
                            "an end",
                            format!(
                                "a continuous transfer never reaches an end: give an inner state, \
                                 or {range}"
                            ),
                        );
                        Err(())
                    }
                    None => {
                        let help = if states.is_empty() {
                            format!("`{factor}` has no states: give {range} instead")
                        } else {
                            format!("the states of `{factor}` are: {}", states.join(", "))
                        };
                        self.error(
                            "model::unknown_state",
                            format!("`{factor}` has no state `{name}`"),
                            &level.span,
                            "no such state",
                            help,
                        );
                        Err(())
                    }
                }
            }
        }
    }

    /// Resolves a condition: a factor and a range of its activation, each end a state
    /// (at its clamp position `k / (m − 1)`) or a number in [-1, 1].
    fn condition(&mut self, c: &Located<ConditionSpec>, names: &Names<'_>) -> Option<Condition> {
        let spec = &c.value;
        let factor = self.lookup("factor", names.factor_ids, &spec.factor)?;
        let states = &names.factors[factor].states;
        let level = |r: &mut Self, level: &Option<Located<Level>>| -> Result<Option<f64>, ()> {
            let Some(level) = level else { return Ok(None) };
            r.level(level, &spec.factor.value, states, Inside::Closed)
                .map(Some)
        };
        let at_least = level(self, &spec.at_least);
        let at_most = level(self, &spec.at_most);
        let (Ok(at_least), Ok(at_most)) = (at_least, at_most) else {
            return None;
        };
        let written = |l: &Option<Located<Level>>| {
            l.as_ref().map(|l| match &l.value {
                Level::Value(v) => v.to_string(),
                Level::State(s) => s.clone(),
            })
        };
        let mut parts = Vec::new();
        if let Some(low) = written(&spec.at_least) {
            parts.push(format!("at least {low}"));
        }
        if let Some(high) = written(&spec.at_most) {
            parts.push(format!("at most {high}"));
        }
        match (at_least, at_most) {
            (None, None) => {
                self.error(
                    "model::empty_condition",
                    format!("the condition on `{}` sets no bound", spec.factor.value),
                    &c.span,
                    "acts always",
                    "give `at_least`, `at_most` or both".into(),
                );
                return None;
            }
            (Some(low), Some(high)) if low > high => {
                self.error(
                    "model::empty_condition",
                    format!(
                        "the condition on `{}` can never hold: at least {low} but at most {high}",
                        spec.factor.value
                    ),
                    &c.span,
                    "empty range",
                    "swap the bounds, or widen them".into(),
                );
                return None;
            }
            _ => {}
        }
        Some(Condition {
            factor,
            at_least,
            at_most,
            written: format!("{} {}", spec.factor.value, parts.join(" and ")),
        })
    }
}
