//! Which futures hang together (CIB), and which of them each option leaves possible.
//!
//! The consistent scenarios of the model's cross-impact matrix are found exactly and grouped
//! into families (scenarios differing in at most [`FAMILY_DISTANCE`] descriptors are linked;
//! see [`crate::cib::landscape`]). A family "contains" an option when one of its scenarios has
//! every state the option fixes. Each option is then imposed as an intervention (its states
//! fixed, under no trigger and under each trigger; a trigger that has not fired is fixed to its
//! first state, "has not happened", as in the FCM part), and the outcome states of the
//! scenarios that remain are counted.

use schemars::JsonSchema;
use serde::Serialize;

use crate::cib::{self, Constraints};
use crate::model::{Model, Role, Scenario};

/// Scenarios differing in at most this many descriptors belong to one family.
pub const FAMILY_DISTANCE: usize = 3;

/// How often each state of an outcome occurs in a set of scenarios.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct StateCounts {
    /// The outcome factor's id.
    pub factor: String,
    /// (state, number of scenarios), for the states that occur, in state order.
    pub states: Vec<(String, usize)>,
}

/// A family of consistent scenarios.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct FamilySummary {
    /// Number of scenarios.
    pub size: usize,
    /// The options it contains.
    pub options: Vec<String>,
    /// The states of the levers in it, with counts.
    pub levers: Vec<StateCounts>,
    /// The states of the outcomes in it, with counts.
    pub outcomes: Vec<StateCounts>,
}

/// An option imposed on the matrix under one condition.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct Imposed {
    /// The option's id.
    pub option: String,
    /// The trigger that has fired, if any.
    pub trigger: Option<String>,
    /// Consistent scenarios under it.
    pub consistent: usize,
    /// The outcome states of those scenarios.
    pub outcomes: Vec<StateCounts>,
    /// The passages of the judgments by which the option's factors act on the outcomes.
    pub passages: Vec<super::Passage>,
}

/// The CIB part of the briefing.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct ScenarioPart {
    /// Number of descriptors.
    pub descriptors: usize,
    /// Number of scenarios in the space.
    pub space: f64,
    /// Number of consistent scenarios.
    pub consistent: usize,
    /// Their families, largest first.
    pub families: Vec<FamilySummary>,
    /// Each option imposed, under no trigger then each trigger.
    pub imposed: Vec<Imposed>,
}

/// The CIB part, or None when the model has no usable matrix.
pub fn scenario_part(model: &Model) -> Option<ScenarioPart> {
    let m = cib::Matrix::from_model(model)?.ok()?;
    let descriptor_of = |factor: usize| m.descriptor_index(&model.factors[factor].id);
    let found = cib::search(&m, &Constraints::consistent());
    let variants: Vec<Vec<usize>> = found.iter().map(|s| s.variants.clone()).collect();
    let counts = |members: &[&Vec<usize>], role: Role| -> Vec<StateCounts> {
        model
            .factors
            .iter()
            .filter(|f| f.role == role)
            .filter_map(|f| {
                let d = m.descriptor_index(&f.id)?;
                let states = f
                    .states
                    .iter()
                    .enumerate()
                    .map(|(k, name)| (name.clone(), members.iter().filter(|s| s[d] == k).count()))
                    .filter(|(_, n)| *n > 0)
                    .collect();
                Some(StateCounts {
                    factor: f.id.clone(),
                    states,
                })
            })
            .collect()
    };
    let fixes = |s: &Scenario| -> Vec<(usize, usize)> {
        s.clamps
            .iter()
            .filter_map(|c| Some((descriptor_of(c.factor)?, c.state?)))
            .collect()
    };
    let mut families: Vec<FamilySummary> = cib::landscape::families(&variants, FAMILY_DISTANCE)
        .iter()
        .map(|f| {
            let members: Vec<&Vec<usize>> = f.members.iter().map(|&k| &variants[k]).collect();
            let options = model
                .options
                .iter()
                .filter(|o| {
                    let fixed = fixes(o);
                    !fixed.is_empty()
                        && members
                            .iter()
                            .any(|s| fixed.iter().all(|&(d, k)| s[d] == k))
                })
                .map(|o| o.id.clone())
                .collect();
            FamilySummary {
                size: members.len(),
                options,
                levers: counts(&members, Role::Lever),
                outcomes: counts(&members, Role::Outcome),
            }
        })
        .collect();
    families.sort_by_key(|f| std::cmp::Reverse(f.size));

    let at_rest: Vec<(usize, usize)> = model
        .triggers
        .iter()
        .flat_map(fixes)
        .map(|(d, _)| (d, 0))
        .collect();
    let mut imposed = Vec::new();
    for option in &model.options {
        for trigger in std::iter::once(None).chain(model.triggers.iter().map(Some)) {
            let mut fixed = vec![None; m.descriptor_count()];
            for (d, k) in at_rest
                .iter()
                .copied()
                .chain(fixes(option))
                .chain(trigger.map(fixes).unwrap_or_default())
            {
                fixed[d] = Some(k);
            }
            let result = cib::search(
                &m,
                &Constraints {
                    max_inconsistency: 0,
                    fixed,
                },
            );
            let members: Vec<&Vec<usize>> = result.iter().map(|s| &s.variants).collect();
            let passages = model
                .judgments
                .iter()
                .filter(|j| option.clamps.iter().any(|c| c.factor == j.from))
                .filter(|j| model.factors[j.to].role == Role::Outcome)
                .flat_map(|j| super::passages(model, &j.evidence))
                .collect();
            imposed.push(Imposed {
                option: option.id.clone(),
                trigger: trigger.map(|t| t.id.clone()),
                consistent: result.len(),
                outcomes: counts(&members, Role::Outcome),
                passages,
            });
        }
    }
    Some(ScenarioPart {
        descriptors: m.descriptor_count(),
        space: m.scenario_count().map_or(f64::INFINITY, |n| n as f64),
        consistent: found.len(),
        families,
        imposed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_examples_scenarios_and_interventions() {
        let model = crate::example_model();
        let part = scenario_part(&model).unwrap();
        assert_eq!(part.descriptors, 4);
        assert_eq!(part.space, 36.0);
        // One consistent scenario (moderate price, emissions falling), its own family.
        assert_eq!(part.consistent, 1);
        assert_eq!(part.families.len(), 1);
        assert_eq!(part.families[0].options, ["price_now"]);
        let emissions = |i: &Imposed| i.outcomes[0].states.clone();
        let s = |v: &[(&str, usize)]| -> Vec<(String, usize)> {
            v.iter().map(|&(n, k)| (n.to_owned(), k)).collect()
        };
        // Imposed: waiting (no price, gas shock at rest) leaves flat or rising emissions;
        // the price with the gas shock, flat ones.
        let wait = &part.imposed[0];
        assert_eq!(
            (wait.option.as_str(), wait.trigger.as_deref()),
            ("wait", None)
        );
        assert_eq!(wait.consistent, 2);
        assert_eq!(emissions(wait), s(&[("flat", 1), ("rising", 1)]));
        let price_gas = &part.imposed[3];
        assert_eq!(price_gas.trigger.as_deref(), Some("gas_crisis"));
        assert_eq!(price_gas.consistent, 1);
        assert_eq!(emissions(price_gas), s(&[("flat", 1)]));
    }
}
