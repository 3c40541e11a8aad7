//! Factors and linguistic terms.

use super::*;

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
            if let Some(layout) = f.layout
                && !layout.iter().all(|v| v.is_finite())
            {
                self.error(
                    "model::out_of_range",
                    format!(
                        "factor `{}` is drawn at [{}, {}], not a point",
                        f.id.value, layout[0], layout[1]
                    ),
                    &f.id.span,
                    "this factor's layout",
                    "layout is [x, y] on the workbench's canvas, two finite numbers: fix them, \
                     or remove layout and the workbench places the factor"
                        .into(),
                );
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
                Some(w) if let Some(why) = weight_defect(w.value) => {
                    self.error(
                        "model::out_of_range",
                        format!(
                            "weight {} of factor `{}` {why}",
                            weight_shown(w.value),
                            f.id.value
                        ),
                        &w.span,
                        "out of range",
                        WEIGHT_HELP.into(),
                    );
                    w.value
                }
                Some(w) => w.value,
                None => 1.0,
            };
            let indicators = self.indicators(&f.indicators, true);
            let states_named: Vec<String> = states.iter().map(|s| s.value.clone()).collect();
            let rests_at = f.rests_at.as_ref().and_then(|rest| {
                let spec = &rest.value;
                let evidence = self.evidence(evidence_fields!(spec), &rest.span);
                let level = self.level(&spec.level, &f.id.value, &states_named, Inside::Open);
                level.ok().map(|level| Rest { level, evidence })
            });
            factors.push(Factor {
                id: f.id.value.clone(),
                label: f.label.clone(),
                description: f.description.clone(),
                role: f.role.value,
                states: states.iter().map(|s| s.value.clone()).collect(),
                desired: f.desired,
                weight,
                indicators,
                rests_at,
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
}
