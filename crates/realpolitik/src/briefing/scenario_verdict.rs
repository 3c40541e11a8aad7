//! The cross-impact engine's verdict on an option, judged by the same outcomes as the map's.
//!
//! The FCM verdict compares two steady states; the CIB reads the same relations as a matrix of
//! cross-impacts and asks which futures hang together. Its verdict on an option compares the
//! scenarios that stay consistent with the option imposed against those with the status quo
//! imposed ([`super::scenarios::Imposed`], no trigger): each judged outcome `j` is read at its
//! state's place in its range, `100 · k / (K − 1)` points for state `k` of `K` (states are
//! ordered low to high, as the map's clamps read them), averaged over the scenarios, and the
//! net is `Σ_j s_j · (mean_j(option) − mean_j(status quo)) / Σ_j |s_j|` over the judged outcomes
//! that are descriptors of the matrix, with the model's signed weights `s_j`
//! ([`super::effects::net_score`]). Every consistent scenario counts alike: the CIB says what is
//! possible, not how likely.
//!
//! The scale is not the simulation's (a state is a whole step of an outcome's range), so the
//! confidence breakdown compares the sign only ([`super::confidence::scenarios_line`]).

use schemars::JsonSchema;
use serde::Serialize;

use super::scenarios::{Imposed, ScenarioPart, StateCounts};
use crate::model::Model;

/// The CIB's reading of one option.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct ScenarioVerdict {
    /// The option.
    pub option: String,
    /// The net score (points of each outcome's range, the map's weighting); None when it cannot
    /// be read (see `why_not`).
    pub net: Option<f64>,
    /// Consistent scenarios with the option imposed.
    pub scenarios: usize,
    /// Consistent scenarios with the status quo imposed.
    pub status_quo_scenarios: usize,
    /// Why there is no net, when there is none.
    pub why_not: Option<String>,
}

/// The mean place (points) of a factor's state over a set of scenarios' counts.
fn mean_place(states: &[String], counts: &StateCounts) -> Option<f64> {
    let top = states.len().checked_sub(1).filter(|&t| t > 0)? as f64;
    let (mut sum, mut n) = (0.0, 0usize);
    for (name, count) in &counts.states {
        let k = states.iter().position(|s| s == name)? as f64;
        sum += 100.0 * k / top * *count as f64;
        n += count;
    }
    (n > 0).then(|| sum / n as f64)
}

/// Option `option`'s CIB verdict from the briefing's scenario part, with the model's signed
/// outcome weights `signs` (see the module docs).
pub fn scenario_verdict(
    model: &Model,
    part: Option<&ScenarioPart>,
    option: &str,
    signs: &[(usize, f64)],
) -> ScenarioVerdict {
    let mut verdict = ScenarioVerdict {
        option: option.to_owned(),
        net: None,
        scenarios: 0,
        status_quo_scenarios: 0,
        why_not: None,
    };
    let imposed = |id: &str| -> Option<&Imposed> {
        part?
            .imposed
            .iter()
            .find(|i| i.option == id && i.trigger.is_none())
    };
    let (Some(status_quo), Some(with)) = (
        model.status_quo().and_then(|sq| imposed(&sq.id)),
        imposed(option),
    ) else {
        verdict.why_not =
            Some("the model has no cross-impact scenarios to compare the option in".into());
        return verdict;
    };
    verdict.scenarios = with.consistent;
    verdict.status_quo_scenarios = status_quo.consistent;
    if with.consistent == 0 || status_quo.consistent == 0 {
        verdict.why_not = Some(format!(
            "no scenario is consistent with the {} imposed",
            if with.consistent == 0 {
                "option"
            } else {
                "status quo"
            }
        ));
        return verdict;
    }
    let (mut sum, mut total) = (0.0, 0.0);
    for &(j, s) in signs.iter().filter(|(_, s)| *s != 0.0) {
        let factor = &model.factors[j];
        let counts = |i: &Imposed| {
            i.outcomes
                .iter()
                .find(|c| c.factor == factor.id)
                .and_then(|c| mean_place(&factor.states, c))
        };
        if let (Some(a), Some(b)) = (counts(with), counts(status_quo)) {
            sum += s * (a - b);
            total += s.abs();
        }
    }
    if total == 0.0 {
        verdict.why_not = Some("no judged outcome is a descriptor of the matrix".into());
    } else {
        verdict.net = Some(0.0 + sum / total);
    }
    verdict
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(factor: &str, states: &[(&str, usize)]) -> StateCounts {
        StateCounts {
            factor: factor.into(),
            states: states.iter().map(|&(s, n)| (s.into(), n)).collect(),
        }
    }

    #[test]
    fn a_mean_place_is_the_states_place_in_the_range() {
        let states: Vec<String> = ["low", "mid", "high"].map(String::from).into();
        // Two scenarios at mid (50) and one at high (100): 200 / 3.
        let c = counts("x", &[("mid", 2), ("high", 1)]);
        assert_eq!(mean_place(&states, &c), Some(200.0 / 3.0));
        assert_eq!(mean_place(&states, &counts("x", &[])), None);
        assert_eq!(mean_place(&states[..1], &c), None);
    }

    #[test]
    fn the_examples_scenarios_under_the_price_against_the_status_quo() {
        let model = crate::example_model();
        let part =
            super::super::scenarios::scenario_part(&model, &crate::limits::Limits::default());
        let judge = super::super::judge::Judge::new(&model);
        let v = scenario_verdict(&model, part.as_ref(), "price_now", &judge.signs);
        // Emissions (falling, flat, rising; desired low) is the one judged outcome. Waiting
        // leaves two consistent scenarios, emissions flat (50) and rising (100): mean 75. The
        // price leaves two, falling (0) and flat (50): mean 25. The move is −50 points on an
        // outcome desired low: net +50.
        assert_eq!((v.scenarios, v.status_quo_scenarios), (2, 2));
        assert_eq!(v.net, Some(50.0));
        assert_eq!(v.why_not, None);
        // Without a matrix there is nothing to read, and the reason is said.
        let none = scenario_verdict(&model, None, "price_now", &judge.signs);
        assert_eq!(none.net, None);
        assert!(none.why_not.is_some());
    }
}
