//! Bargaining issues and actors' stances on them.

use super::*;
use crate::limits::MAX_SCALE;

impl Resolver<'_> {
    pub(super) fn issues(&mut self, spec: &ModelFile) -> Vec<Issue> {
        spec.issues
            .iter()
            .map(|i| {
                let scale = &i.scale.value;
                if scale.low >= scale.high || scale.low.is_nan() || scale.high.is_nan() {
                    self.error(
                        "model::bad_scale",
                        format!(
                            "the scale of issue `{}` runs from {} to {}: its low end must be below its high end",
                            i.id.value, scale.low, scale.high
                        ),
                        &i.scale.span,
                        "empty scale",
                        "e.g. scale = { low = 0, high = 100, low_label = \"…\", high_label = \"…\" }".into(),
                    );
                } else if scale.low.abs().max(scale.high.abs()) > MAX_SCALE {
                    self.error(
                        "model::out_of_range",
                        format!(
                            "the scale of issue `{}` runs from {} to {}: too large to compute with",
                            i.id.value, scale.low, scale.high
                        ),
                        &i.scale.span,
                        "too large",
                        format!("keep both ends within ±{MAX_SCALE:e}, e.g. 0 to 100"),
                    );
                }
                Issue {
                    id: i.id.value.clone(),
                    question: i.question.clone(),
                    low: scale.low,
                    high: scale.high,
                    low_label: scale.low_label.clone(),
                    high_label: scale.high_label.clone(),
                }
            })
            .collect()
    }

    pub(super) fn actors(
        &mut self,
        spec: &ModelFile,
        issue_ids: &HashMap<String, usize>,
        issues: &[Issue],
    ) -> Vec<Actor> {
        let actor_ids = self.ids("actor", spec.actors.iter().map(|a| &a.id));
        let mut actors = Vec::new();
        for a in &spec.actors {
            let part_of = a.part_of.as_ref().and_then(|p| {
                if p.value == a.id.value {
                    self.error(
                        "model::self_reference",
                        format!("actor `{}` cannot be part of itself", a.id.value),
                        &p.span,
                        "itself",
                        "name the larger actor it belongs to, or remove `part_of`".into(),
                    );
                    return None;
                }
                self.lookup("actor", &actor_ids, p)
            });
            let mut stances = Vec::new();
            for (issue_id, s) in &a.bargaining {
                let issue = self.lookup("issue", issue_ids, issue_id);
                let scale = issue.map_or((f64::NEG_INFINITY, f64::INFINITY), |i| {
                    (issues[i].low, issues[i].high)
                });
                let position = self.quantity(&s.position, "position", scale);
                let salience = self.quantity(&s.salience, "salience", (0.0, 100.0));
                let capability = self.quantity(
                    &s.capability,
                    "capability",
                    (0.0, crate::limits::MAX_CAPABILITY),
                );
                let mut evidence = self.evidence(evidence_fields!(s), &issue_id.span);
                if evidence.is_cited() && evidence.estimate.is_none() {
                    // A stance's quote grounds a position; how much the issue matters to the
                    // actor and how much clout it has are the analyst's numbers.
                    evidence.estimate = Some(STANCE_ESTIMATE.to_owned());
                }
                if let Some(issue) = issue {
                    stances.push(Stance {
                        issue,
                        position,
                        salience,
                        capability,
                        evidence,
                    });
                }
            }
            actors.push(Actor {
                id: a.id.value.clone(),
                name: a.name.clone(),
                description: a.description.clone(),
                part_of,
                stances,
            });
        }
        // `part_of` makes a tree: a cycle (a within b within a) has no larger whole. Each cycle
        // is reported once, at its first actor in the file.
        for (k, a) in spec.actors.iter().enumerate() {
            let mut chain = vec![k];
            let mut at = actors.get(k).and_then(|x| x.part_of);
            while let Some(next) = at {
                if next == k {
                    if chain.iter().min() == Some(&k)
                        && let Some(p) = &a.part_of
                    {
                        let names: Vec<String> = chain
                            .iter()
                            .chain([&k])
                            .map(|&i| format!("`{}`", spec.actors[i].id.value))
                            .collect();
                        self.error(
                            "model::part_of_cycle",
                            format!(
                                "actor `{}` is part of itself: {}",
                                a.id.value,
                                names.join(" ⊂ ")
                            ),
                            &p.span,
                            "a cycle",
                            "`part_of` names a larger actor; remove it from one actor of the cycle"
                                .into(),
                        );
                    }
                    break;
                }
                if chain.contains(&next) {
                    break;
                }
                chain.push(next);
                at = actors.get(next).and_then(|x| x.part_of);
            }
        }
        // An issue nobody weighs in on has no forecast (a weighted mean of nothing is NaN).
        // Checked only when every stance was well-formed: a malformed one is the real error.
        let malformed = self.diagnostics.iter().any(Diagnostic::is_error);
        for (k, i) in spec.issues.iter().enumerate().filter(|_| !malformed) {
            let counts = actors.iter().flat_map(|a| &a.stances).any(|s| {
                s.issue == k && s.salience.nominal() > 0.0 && s.capability.nominal() > 0.0
            });
            if !counts {
                self.error(
                    "model::unusable_issue",
                    format!(
                        "no actor has both salience and capability above zero on issue `{}`: \
                         it has no forecast",
                        i.id.value
                    ),
                    &i.id.span,
                    "nobody's position counts",
                    "give at least one actor `[actors.bargaining.ISSUE]` with a positive \
                     salience and capability, or remove the issue"
                        .into(),
                );
            }
        }
        actors
    }
}

/// The estimate note of a quoted stance that gives none: its salience and capability are the
/// analyst's numbers unless the model says otherwise.
pub const STANCE_ESTIMATE: &str =
    "the quotes ground the position; salience and capability are the analyst's estimates";
