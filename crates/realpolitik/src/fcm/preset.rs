//! Compatibility presets: settings that give the numbers of the tools users come from.
//!
//! | preset | rule | start | stopping | other |
//! |---|---|---|---|---|
//! | `default` | as chosen (Kosko) | as given, else all ones | ε = 1e-5 (≤), cap 100 | — |
//! | `fcmpy` | as chosen | as given | ε = 0.001 (≤), cap 50 | sources held; tanh ignores λ; no stop at a cycle |
//! | `mental-modeler` | Kosko | all ones | ε = 1e-5 (≤), cap 100 | report scenario − steady state |
//! | `r-fcm` | as chosen | as given | ε = 0.001 (strict <), cap 19 | — |
//!
//! Where the tools differ:
//! - **FCMpy** (checked against FCMpy 0.0.21, the PyPI release, `FcmSimulator.simulate`):
//!   - its rules `kosko`, `mKosko` and `rescaled` are [`Rule::Kosko`], [`Rule::ModifiedKosko`]
//!     and [`Rule::Rescaled`] with the same orientation (it computes Wᵀ·A), and its transfers
//!     `sigmoid`, `tanh`, `bivalent`, `trivalent` are [`Transfer`]'s, bivalent mapping 0 to 0;
//!   - its sigmoid takes λ as the keyword `l`, which has no default (pass the same `--lambda`);
//!     its `tanh` has no λ (it is tanh(x)), so the preset sets λ = 1 for tanh;
//!   - a concept with no incoming edge (an all-zero column of W; a self-loop counts as an
//!     incoming edge) is reset to its initial value after every step: sources are held;
//!   - `thresh = 0.001` and `iterations = 50` are its defaults: it stops after the first step
//!     whose largest absolute change is `<= thresh`, and computes at most 50 steps;
//!   - it has no cycle detection: a cycling map runs on to the 50th step and its result is
//!     that step's state. The preset therefore does not stop at a cycle
//!     ([`Settings::stop_at_cycle`] off), so its final state is FCMpy's; the cycle is still
//!     reported at the cap.
//!
//!   With these settings the step count and final state equal FCMpy's, to within
//!   1e-14 on the maps of the test `fcm::preset::tests::fcmpy_reference_runs`. One difference
//!   is left on purpose: with `bivalent` or `trivalent`, FCMpy's state after a step is an integer
//!   array, so a held source whose initial value is not an integer is truncated toward zero
//!   (0.5 becomes 0) from the first step on; realpolitik keeps the initial value. Give sources
//!   integer values with the threshold functions and the two agree.
//! - **Mental Modeler** runs scenarios with Kosko's rule from a state of all ones, reads the
//!   steady state with and without the scenario's clamps and reports the difference; the
//!   scenario engine does exactly that ([`super::scenario`]).
//! - **R `fcm`** (`fcm.infer`) computes `iter` states including the initial one (default 20,
//!   hence a cap of 19 steps) and calls the first state whose every change is strictly below
//!   `e` (default 0.001) converged. It has no cycle detection: on a cycling map it runs on to its
//!   cap, while realpolitik stops once the cycle is seen.
//!
//! All presets keep `w[i][j]` as the effect of i on j, the orientation of all three tools.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use super::inference::{Rule, Settings};
use super::transfer::Transfer;

/// A compatibility preset.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Preset {
    /// realpolitik's own conventions.
    Default,
    /// FCMpy (Python).
    Fcmpy,
    /// Mental Modeler (web).
    MentalModeler,
    /// The R package `fcm`.
    RFcm,
}

impl Preset {
    /// All presets.
    pub const ALL: [Preset; 4] = [
        Preset::Default,
        Preset::Fcmpy,
        Preset::MentalModeler,
        Preset::RFcm,
    ];

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Preset::Default => "default",
            Preset::Fcmpy => "fcmpy",
            Preset::MentalModeler => "mental-modeler",
            Preset::RFcm => "r-fcm",
        }
    }

    /// The settings of this preset for a rule, transfer function and λ chosen by the user
    /// (the preset overrides what its tool fixes).
    pub fn settings(self, rule: Rule, transfer: Transfer, lambda: f64) -> Settings {
        let base = Settings {
            rule,
            transfer,
            lambda,
            ..Settings::default()
        };
        match self {
            Preset::Default => base,
            Preset::Fcmpy => Settings {
                hold_sources: true,
                lambda: if transfer == Transfer::Tanh {
                    1.0
                } else {
                    lambda
                },
                epsilon: 0.001,
                cap: 50,
                stop_at_cycle: false,
                ..base
            },
            Preset::MentalModeler => Settings {
                rule: Rule::Kosko,
                ..base
            },
            Preset::RFcm => Settings {
                epsilon: 0.001,
                cap: 19,
                strict: true,
                ..base
            },
        }
    }

    /// The initial state this preset imposes, if any (Mental Modeler: all ones).
    pub fn initial(self, n: usize) -> Option<Vec<f64>> {
        (self == Preset::MentalModeler).then(|| vec![1.0; n])
    }
}

impl fmt::Display for Preset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Preset {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        Preset::ALL
            .into_iter()
            .find(|p| p.name() == s)
            .ok_or_else(|| {
                format!("unknown preset {s:?}: use default, fcmpy, mental-modeler or r-fcm")
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_fix_what_their_tools_fix() {
        let s = Preset::Fcmpy.settings(Rule::ModifiedKosko, Transfer::Tanh, 3.0);
        assert!(s.hold_sources);
        assert!(!s.stop_at_cycle);
        assert_eq!((s.epsilon, s.cap), (0.001, 50));
        assert_eq!(s.lambda, 1.0);
        assert_eq!(s.rule, Rule::ModifiedKosko);
        assert_eq!(
            Preset::Fcmpy
                .settings(Rule::Kosko, Transfer::Sigmoid, 3.0)
                .lambda,
            3.0
        );
        let s = Preset::MentalModeler.settings(Rule::Rescaled, Transfer::Sigmoid, 1.0);
        assert_eq!(s.rule, Rule::Kosko);
        assert_eq!(Preset::MentalModeler.initial(2), Some(vec![1.0, 1.0]));
        let s = Preset::RFcm.settings(Rule::Kosko, Transfer::Sigmoid, 1.0);
        assert!(s.strict);
        assert_eq!((s.epsilon, s.cap), (0.001, 19));
        for p in Preset::ALL {
            assert_eq!(p.name().parse::<Preset>(), Ok(p));
        }
    }

    /// Runs `FcmSimulator.simulate` of FCMpy 0.0.21 (PyPI) with its defaults, printed by Python
    /// to full precision: `(map rows, initial state, rule, transfer, λ, steps, final state)`.
    /// The four-concept map has a source (concept 0) that FCMpy holds; the one-concept map
    /// cycles, so FCMpy runs all 50 steps. The first map is the R `fcm` vignette's.
    #[test]
    fn fcmpy_reference_runs() {
        use super::super::inference::simulate;
        use super::super::map::Matrix;
        let vignette = super::super::inference::tests::r_vignette_map().rows();
        let source = [
            vec![0.0, 0.8, -0.5, 0.0],
            vec![0.0, 0.0, 0.6, -0.4],
            vec![0.0, -0.7, 0.0, 0.9],
            vec![0.0, 0.3, 0.0, 0.0],
        ];
        let cycle = [vec![-1.0]];
        let a = [1.0, 1.0, 1.0, 0.0, 0.0, 0.0];
        let b = [0.8, 0.2, 0.4, 0.1];
        type Case<'a> = (
            &'a [Vec<f64>],
            &'a [f64],
            Rule,
            Transfer,
            f64,
            usize,
            &'a [f64],
        );
        let cases: [Case; 5] = [
            (
                &vignette,
                &a,
                Rule::Kosko,
                Transfer::Sigmoid,
                1.0,
                5,
                &[
                    0.47783649250593185,
                    0.598646191883664,
                    0.57120332493878,
                    0.6059079497785878,
                    0.6257586416731838,
                    0.49551677447808246,
                ],
            ),
            (
                &vignette,
                &a,
                Rule::ModifiedKosko,
                Transfer::Tanh,
                1.0,
                28,
                &[
                    0.7287000609057489,
                    0.906874068061691,
                    0.861231345866354,
                    0.9174783090957084,
                    0.936875749752548,
                    -0.35756997664083634,
                ],
            ),
            (
                &source,
                &b,
                Rule::Rescaled,
                Transfer::Sigmoid,
                2.0,
                24,
                &[
                    0.8,
                    0.8814845142862392,
                    0.844513104657586,
                    0.9037887312849052,
                ],
            ),
            (
                &source,
                &b,
                Rule::Kosko,
                Transfer::Tanh,
                1.0,
                17,
                &[
                    0.8,
                    0.5435319902065533,
                    -0.07370083785261701,
                    -0.2769395523464558,
                ],
            ),
            (
                &cycle,
                &[0.5],
                Rule::Kosko,
                Transfer::Sigmoid,
                30.0,
                50,
                &[0.49999770557537204],
            ),
        ];
        for (rows, initial, rule, transfer, lambda, steps, fcmpy) in cases {
            let s = Preset::Fcmpy.settings(rule, transfer, lambda);
            let run = simulate(&Matrix::from_rows(rows), initial, &[], &s);
            assert_eq!(run.steps(), steps, "{rule:?} {transfer:?}");
            for (got, want) in run.final_state().iter().zip(fcmpy) {
                assert!(
                    (got - want).abs() < 1e-14,
                    "{rule:?} {transfer:?}: {got} vs {want}"
                );
            }
        }
    }
}
