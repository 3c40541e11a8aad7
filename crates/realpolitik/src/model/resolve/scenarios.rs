//! Options and triggers: the factors they clamp, and the status quo.

use super::*;

impl Resolver<'_> {
    pub(super) fn scenarios(
        &mut self,
        specs: &[ScenarioSpec],
        are_options: bool,
        factor_ids: &HashMap<String, usize>,
        factors: &[Factor],
    ) -> Vec<Scenario> {
        let mut status_quo: Option<Span> = None;
        let mut scenarios = Vec::new();
        for s in specs {
            if s.status_quo.value {
                if !are_options {
                    self.error(
                        "model::status_quo_trigger",
                        format!("trigger `{}` is marked as the status quo", s.id.value),
                        &s.status_quo.span,
                        "only for options",
                        "the status quo is a policy option: move `status_quo` to an [[options]] entry".into(),
                    );
                } else if let Some(first) = &status_quo {
                    let line = self.line_of(first);
                    self.error(
                        "model::two_status_quos",
                        format!("option `{}` is a second status quo", s.id.value),
                        &s.status_quo.span,
                        "second status quo",
                        format!(
                            "only one option can be the status quo (the first is on line {line})"
                        ),
                    );
                } else {
                    status_quo = Some(s.status_quo.span.clone());
                }
            }
            let mut clamps = Vec::new();
            for (factor_id, clamp) in &s.clamp {
                let Some(factor) = self.lookup("factor", factor_ids, factor_id) else {
                    continue;
                };
                let states = &factors[factor].states;
                let state = clamp.value.state.as_ref().and_then(|name| {
                    let found = states.iter().position(|s| s == name);
                    if found.is_none() {
                        let help = if states.is_empty() {
                            format!(
                                "factor `{}` has no states; clamp it with a value instead",
                                factor_id.value
                            )
                        } else if let Some(s) = closest(name, states.iter().map(String::as_str)) {
                            format!(
                                "did you mean `{s}`? The states of `{}` are: {}",
                                factor_id.value,
                                states.join(", ")
                            )
                        } else {
                            format!(
                                "the states of `{}` are: {}",
                                factor_id.value,
                                states.join(", ")
                            )
                        };
                        self.error(
                            "model::unknown_state",
                            format!("factor `{}` has no state `{name}`", factor_id.value),
                            &clamp.span,
                            "unknown state",
                            help,
                        );
                    }
                    found
                });
                if let Some(value) = clamp.value.value
                    && !(-1.0..=1.0).contains(&value)
                {
                    {
                        self.error(
                            "model::out_of_range",
                            format!("clamp value {value} is outside [-1, 1]"),
                            &clamp.span,
                            "out of range",
                            "FCM activations lie in [0, 1] (or [-1, 1] with tanh)".into(),
                        );
                    }
                }
                clamps.push(Clamp {
                    factor,
                    state,
                    value: clamp.value.value,
                });
            }
            let source_verdict = s.source_verdict.as_ref().map(|v| {
                if !are_options {
                    self.error(
                        "model::verdict_on_trigger",
                        format!("trigger `{}` has a source verdict", s.id.value),
                        &v.span,
                        "only for options",
                        "a source verdict judges a policy option against the status quo: \
                         remove it here"
                            .into(),
                    );
                }
                SourceVerdict {
                    verdict: v.value.verdict,
                    evidence: self.evidence(
                        EvidenceFields {
                            source: &v.value.source,
                            quote: &v.value.quote,
                            stance: &v.value.stance,
                            justification: &None,
                            assumption: &None,
                            estimate: &None,
                        },
                        &v.span,
                    ),
                }
            });
            scenarios.push(Scenario {
                id: s.id.value.clone(),
                name: s.name.clone(),
                description: s.description.clone(),
                status_quo: s.status_quo.value,
                clamps,
                source_verdict,
                span: s.id.span.clone(),
            });
        }
        scenarios
    }
}
