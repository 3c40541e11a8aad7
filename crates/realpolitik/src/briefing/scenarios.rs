//! Which futures hang together (CIB), and which of them each option leaves possible.
//!
//! The consistent scenarios of the model's cross-impact matrix are found exactly, with the
//! **givens** fixed first: every trigger at its first state ("has not happened", as in the FCM
//! part) and every factor that all options fix to the same state (a fact of the situation, not
//! a choice). They are grouped into families (scenarios differing in at most
//! [`FAMILY_DISTANCE`] descriptors are linked; see [`crate::cib::landscape`]), largest first;
//! the numbering F1, F2, … is this order wherever families are shown. A family "contains" an
//! option when one of its scenarios has every state the option fixes.
//!
//! Read honestly, a list of consistent scenarios needs two more facts: the **consistency
//! values** (a scenario at value 0 holds only by a tie; ties are fragile), and each family's
//! **survival** under judgment perturbation: the share of [`SURVIVAL_DRAWS`] draws, each cell
//! of every judged block moved uniformly within ±1 ([`crate::cib::uncertainty`]), in which at
//! least one of its scenarios is still consistent.
//!
//! Each option is then imposed as an intervention (its states fixed, under no trigger and under
//! each trigger), and the outcome states of the scenarios that remain are counted. An imposed
//! option **pushes back** when, in every scenario that remains, the impact balance on one of the
//! factors it fixes favours another state: the system's own drivers (pressure, lobbying) work
//! against the choice, which the intervention overrides.

use schemars::JsonSchema;
use serde::Serialize;

use rayon::prelude::*;

use crate::cib::uncertainty::{Perturbation, perturbed};
use crate::cib::{self, Constraints};
use crate::limits::Limits;
use crate::model::{Model, Role, Scenario};

/// Scenarios differing in at most this many descriptors belong to one family.
pub const FAMILY_DISTANCE: usize = 3;
/// Perturbed matrices drawn for the families' survival.
pub const SURVIVAL_DRAWS: u64 = 200;

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
    /// The share of perturbed draws (±1 on every judged cell) in which at least one of its
    /// scenarios stays consistent.
    pub survival: f64,
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
    /// The factors the option fixes whose impact balance favours another state in every
    /// scenario that remains: the system pushes back against the choice.
    pub pushes_back: Vec<String>,
}

/// The CIB part of the briefing.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct ScenarioPart {
    /// Number of descriptors.
    pub descriptors: usize,
    /// Number of scenarios in the space.
    pub space: f64,
    /// The givens fixed before counting: (factor, state).
    pub givens: Vec<(String, String)>,
    /// Number of consistent scenarios (with the givens fixed).
    pub consistent: usize,
    /// How many of them have each consistency value (the smallest margin by which a
    /// descriptor's state beats its rivals; 0 is a tie), lowest value first.
    pub consistency_values: Vec<(i64, usize)>,
    /// Their families, largest first.
    pub families: Vec<FamilySummary>,
    /// Each option imposed, under no trigger then each trigger.
    pub imposed: Vec<Imposed>,
}

/// The search the briefing counts: the model's matrix with the givens fixed (triggers that have
/// not fired, facts every option shares), the consistent scenarios found, and their families,
/// largest first. The report's tableau shows the same search, so families are numbered alike.
pub struct CountedSearch {
    /// The cross-impact matrix.
    pub matrix: cib::Matrix,
    /// `fixed[d]`: the variant descriptor `d` was held at before counting.
    pub fixed: Vec<Option<usize>>,
    /// The consistent scenarios, highest total impact score first.
    pub solutions: Vec<cib::Solution>,
    /// Their families (at [`FAMILY_DISTANCE`]), largest first.
    pub families: Vec<cib::landscape::Family>,
}

/// The counted search, or None when the model has no usable matrix or more scenarios are
/// consistent than a search keeps under `limits` ([`Constraints::cut`]).
pub fn counted_search(model: &Model, limits: &Limits) -> Option<CountedSearch> {
    let m = cib::Matrix::from_model(model)?.ok()?;
    let (fixed, _) = fixed_before_counting(model, &m);
    let constraints = Constraints {
        fixed: fixed.clone(),
        ..Constraints::consistent().under(limits, &m)
    };
    let solutions = cib::search(&m, &constraints);
    if constraints.cut(&solutions) {
        return None;
    }
    let variants: Vec<Vec<usize>> = solutions.iter().map(|s| s.variants.clone()).collect();
    let mut families = cib::landscape::families(&variants, FAMILY_DISTANCE);
    families.sort_by_key(|f| std::cmp::Reverse(f.members.len()));
    Some(CountedSearch {
        matrix: m,
        fixed,
        solutions,
        families,
    })
}

/// What is fixed before counting, per descriptor, and the triggers at rest.
fn fixed_before_counting(
    model: &Model,
    m: &cib::Matrix,
) -> (Vec<Option<usize>>, Vec<(usize, usize)>) {
    let descriptor_of = |factor: usize| m.descriptor_index(&model.factors[factor].id);
    let fixes = |s: &Scenario| -> Vec<(usize, usize)> {
        s.clamps
            .iter()
            .filter_map(|c| Some((descriptor_of(c.factor)?, c.state?)))
            .collect()
    };
    let at_rest: Vec<(usize, usize)> = model
        .triggers
        .iter()
        .flat_map(fixes)
        .map(|(d, _)| (d, 0))
        .collect();
    let mut fixed = vec![None; m.descriptor_count()];
    for (d, k) in givens(model, m, &at_rest, &fixes) {
        fixed[d] = Some(k);
    }
    (fixed, at_rest)
}

/// The CIB part, or None when the model has no usable matrix.
pub fn scenario_part(model: &Model, limits: &Limits) -> Option<ScenarioPart> {
    let CountedSearch {
        matrix: m,
        fixed,
        solutions: found,
        families: found_families,
    } = counted_search(model, limits)?;
    let (_, at_rest) = fixed_before_counting(model, &m);
    let descriptor_of = |factor: usize| m.descriptor_index(&model.factors[factor].id);
    let fixes = |s: &Scenario| -> Vec<(usize, usize)> {
        s.clamps
            .iter()
            .filter_map(|c| Some((descriptor_of(c.factor)?, c.state?)))
            .collect()
    };
    let given_constraints = Constraints {
        fixed,
        ..Constraints::consistent().under(limits, &m)
    };
    let mut consistency_values: Vec<(i64, usize)> = Vec::new();
    for s in &found {
        match consistency_values
            .iter_mut()
            .find(|(v, _)| *v == s.scores.consistency)
        {
            Some(entry) => entry.1 += 1,
            None => consistency_values.push((s.scores.consistency, 1)),
        }
    }
    consistency_values.sort_unstable();
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
    let perturbed: Vec<cib::Matrix> = (0..SURVIVAL_DRAWS)
        .into_par_iter()
        .map(|d| perturbed(&m, Perturbation::PlusMinus(1), SURVIVAL_SEED, d))
        .collect();
    let survives = |members: &[&Vec<usize>]| -> f64 {
        let kept = perturbed
            .iter()
            .filter(|p| {
                members.iter().any(|z| {
                    cib::Solution::new(p, (*z).clone(), &given_constraints)
                        .scores
                        .consistency
                        >= 0
                })
            })
            .count();
        kept as f64 / SURVIVAL_DRAWS as f64
    };
    let families: Vec<FamilySummary> = found_families
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
                survival: survives(&members),
            }
        })
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
            let constraints = Constraints {
                fixed,
                ..given_constraints.clone()
            };
            let result = cib::search(&m, &constraints);
            if constraints.cut(&result) {
                return None;
            }
            let members: Vec<&Vec<usize>> = result.iter().map(|s| &s.variants).collect();
            let pushes_back = fixes(option)
                .into_iter()
                .filter(|&(d, k)| {
                    !members.is_empty()
                        && members.iter().all(|z| {
                            let theta = cib::score::balance(&m, z);
                            let own = &theta[m.offset(d)..m.offset(d) + m.variant_count(d)];
                            own.iter().enumerate().any(|(b, &v)| b != k && v > own[k])
                        })
                })
                .map(|(d, _)| m.descriptors()[d].name.clone())
                .collect();
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
                pushes_back,
            });
        }
    }
    Some(ScenarioPart {
        descriptors: m.descriptor_count(),
        space: m.scenario_count().map_or(f64::INFINITY, |n| n as f64),
        givens: given_constraints
            .fixed
            .iter()
            .enumerate()
            .filter_map(|(d, k)| Some((d, (*k)?)))
            .map(|(d, k)| {
                let name = &m.descriptors()[d].name;
                let f = model
                    .factor_index(name)
                    .expect("descriptors are the model's factors");
                (name.clone(), model.factors[f].states[k].clone())
            })
            .collect(),
        consistent: found.len(),
        consistency_values,
        families,
        imposed,
    })
}

/// Separates the survival draws' streams from every other computation's.
const SURVIVAL_SEED: u64 = 0x0C1B_5EED;

/// The descriptors fixed before counting: triggers at rest, and every factor all options fix to
/// the same state.
fn givens(
    model: &Model,
    m: &cib::Matrix,
    at_rest: &[(usize, usize)],
    fixes: &dyn Fn(&Scenario) -> Vec<(usize, usize)>,
) -> Vec<(usize, usize)> {
    let mut all: Vec<(usize, usize)> = at_rest.to_vec();
    if let Some(first) = model.options.first() {
        for (d, k) in fixes(first) {
            let everywhere = model.options.iter().all(|o| fixes(o).contains(&(d, k)));
            if everywhere && !all.iter().any(|&(e, _)| e == d) {
                all.push((d, k));
            }
        }
    }
    all.retain(|&(d, _)| d < m.descriptor_count());
    all.sort_unstable();
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_examples_scenarios_and_interventions() {
        let model = crate::example_model();
        let part = scenario_part(&model, &Limits::default()).unwrap();
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
