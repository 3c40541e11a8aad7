//! Bargaining inputs: issues with a position scale, actors with position, salience and
//! capability per issue (each possibly uncertain), and the adapter from a resolved [`Model`].
//!
//! Conventions: salience is written 0–100 (as in Bueno de Mesquita 1994, KTAB and DEU) and the
//! solvers use `s / 100`; capability is any non-negative clout, only its ratios matter.

use serde::Serialize;

use crate::Diagnostic;
use crate::model::{Model, Quantity};
use crate::random::Stream;

use crate::limits::{ACTORS_HELP, Limits};
pub use crate::limits::{MAX_CAPABILITY, MAX_SCALE};

/// A bargaining scenario: one or more issues and the actors that take part in them.
#[derive(Clone, Debug, Serialize)]
pub struct Scenario {
    /// Title (the model's title or the file's name).
    pub name: String,
    /// The issues, each a one-dimensional position scale.
    pub issues: Vec<IssueScale>,
    /// The actors.
    pub actors: Vec<ActorInput>,
}

/// The position scale of one issue.
#[derive(Clone, Debug, Serialize)]
pub struct IssueScale {
    /// Identifier.
    pub id: String,
    /// Low end of the scale.
    pub low: f64,
    /// High end of the scale.
    pub high: f64,
    /// Meaning of the low end.
    pub low_label: String,
    /// Meaning of the high end.
    pub high_label: String,
}

/// An actor and its stances, one slot per issue of the scenario.
#[derive(Clone, Debug, Serialize)]
pub struct ActorInput {
    /// Display name.
    pub name: String,
    /// `stances[k]`: the actor's inputs on issue `k`, `None` when it takes no part.
    pub stances: Vec<Option<StanceInput>>,
}

/// An actor's inputs on one issue, each possibly uncertain.
#[derive(Clone, Debug, Serialize)]
pub struct StanceInput {
    /// Advocated position, on the issue's scale.
    pub position: Quantity,
    /// Salience, 0–100.
    pub salience: Quantity,
    /// Capability (clout), non-negative.
    pub capability: Quantity,
}

/// One actor on one issue with exact numbers: what every solver works on.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Player {
    /// Index of the actor in [`Scenario::actors`].
    pub actor: usize,
    /// Position on the issue's scale.
    pub position: f64,
    /// Salience as a fraction, 0–1 (the input's 0–100 divided by 100).
    pub salience: f64,
    /// Capability.
    pub capability: f64,
}

impl Player {
    /// The voting weight `c · s` used by the mean, the median and the Condorcet median.
    pub fn weight(&self) -> f64 {
        self.capability * self.salience
    }
}

/// One issue with exact inputs, ready for a solver.
#[derive(Clone, Debug, Serialize)]
pub struct Issue {
    /// Low end of the scale.
    pub low: f64,
    /// High end of the scale.
    pub high: f64,
    /// The actors taking part.
    pub players: Vec<Player>,
}

impl Issue {
    /// The width of the scale, never zero (1 for a degenerate scale).
    pub fn range(&self) -> f64 {
        let r = self.high - self.low;
        if r > 0.0 { r } else { 1.0 }
    }

    /// Clamps a position onto the scale.
    pub fn clamp(&self, x: f64) -> f64 {
        x.clamp(self.low.min(self.high), self.high.max(self.low))
    }
}

impl Scenario {
    /// Issue `k` with every uncertain input at its nominal value.
    pub fn nominal_issue(&self, k: usize) -> Issue {
        self.issue_with(k, |q| q.nominal())
    }

    /// Issue `k` with every uncertain input drawn from `rng` (actors in order, and for each
    /// its position, salience and capability, so a draw depends only on the stream).
    pub fn sampled_issue(&self, k: usize, rng: &mut Stream) -> Issue {
        self.issue_with(k, |q| q.sample(rng))
    }

    /// Issue `k` with each input evaluated by `value`, clamped to the scale and to salience
    /// 0–100 and capability ≥ 0.
    pub fn issue_with(&self, k: usize, mut value: impl FnMut(&Quantity) -> f64) -> Issue {
        let scale = &self.issues[k];
        let mut issue = Issue {
            low: scale.low,
            high: scale.high,
            players: Vec::new(),
        };
        for (a, actor) in self.actors.iter().enumerate() {
            if let Some(Some(st)) = actor.stances.get(k) {
                let position = issue.clamp(value(&st.position));
                let salience = value(&st.salience).clamp(0.0, 100.0) / 100.0;
                let capability = value(&st.capability).max(0.0);
                issue.players.push(Player {
                    actor: a,
                    position,
                    salience,
                    capability,
                });
            }
        }
        issue
    }

    /// Why the issues cannot be bargained over: more actors than `limits` allow, or one error
    /// per issue: no actor takes part, no
    /// actor has both salience and capability above zero (a weighted mean or median of nothing
    /// is NaN), or the numbers are too large to compute with (the forecast would be infinite).
    /// Readers locate bad cells; this catches what only the whole issue shows.
    pub fn problems(&self, limits: &Limits) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        let most = limits.actors;
        if self.actors.len() as u64 > most {
            problems.push(
                Diagnostic::error(
                    "bargain::too_many_actors",
                    Limits::exceeded("actors", format!("{} actors", self.actors.len()), most),
                )
                .help(ACTORS_HELP),
            );
            return problems;
        }
        for (k, scale) in self.issues.iter().enumerate() {
            let issue = self.nominal_issue(k);
            let total: f64 = issue.players.iter().map(Player::weight).sum();
            let moment: f64 = issue
                .players
                .iter()
                .map(|p| p.weight() * p.position.abs())
                .sum();
            let id = &scale.id;
            let problem = if issue.players.is_empty() {
                Diagnostic::error(
                    "bargain::no_actor",
                    format!("no actor takes part in issue `{id}`: it has no forecast"),
                )
                .help("give at least one actor a position, salience and capability on it")
            } else if total <= 0.0 {
                Diagnostic::error(
                    "bargain::no_weight",
                    format!(
                        "no actor on issue `{id}` has both salience and capability above zero: \
                         nobody's position counts, so it has no forecast"
                    ),
                )
                .help("give at least one actor a positive salience and capability on it")
            } else if !total.is_finite() || !moment.is_finite() {
                Diagnostic::error(
                    "bargain::overflow",
                    format!("the numbers on issue `{id}` are too large to compute a forecast"),
                )
                .help(format!(
                    "capabilities up to {MAX_CAPABILITY:e} and scales within ±{MAX_SCALE:e} are \
                     accepted; only the ratios of capabilities matter, so divide them all"
                ))
            } else {
                continue;
            };
            problems.push(problem);
        }
        problems
    }

    /// Index of the issue with this id.
    pub fn issue_index(&self, id: &str) -> Option<usize> {
        self.issues.iter().position(|i| i.id == id)
    }

    /// The scenario of a resolved model's bargaining issues and actor stances.
    pub fn from_model(model: &Model) -> Scenario {
        let issues = model
            .issues
            .iter()
            .map(|i| IssueScale {
                id: i.id.clone(),
                low: i.low,
                high: i.high,
                low_label: i.low_label.clone(),
                high_label: i.high_label.clone(),
            })
            .collect::<Vec<_>>();
        let actors = model
            .actors
            .iter()
            .filter(|a| !a.stances.is_empty())
            .map(|a| {
                let mut stances = vec![None; issues.len()];
                for st in &a.stances {
                    stances[st.issue] = Some(StanceInput {
                        position: st.position,
                        salience: st.salience,
                        capability: st.capability,
                    });
                }
                ActorInput {
                    name: a.name.clone(),
                    stances,
                }
            })
            .collect();
        Scenario {
            name: model.title.clone(),
            issues,
            actors,
        }
    }
}

/// An exact quantity.
pub fn exact(value: f64) -> Quantity {
    Quantity::Exact { value }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scenario(stances: &[(f64, f64, f64)]) -> Scenario {
        Scenario {
            name: "t".into(),
            issues: vec![IssueScale {
                id: "i".into(),
                low: 0.0,
                high: 100.0,
                low_label: String::new(),
                high_label: String::new(),
            }],
            actors: stances
                .iter()
                .map(|&(x, s, c)| ActorInput {
                    name: "a".into(),
                    stances: vec![Some(StanceInput {
                        position: exact(x),
                        salience: exact(s),
                        capability: exact(c),
                    })],
                })
                .collect(),
        }
    }

    #[test]
    fn issues_that_would_forecast_nan_or_inf_are_refused() {
        let codes = |s: Scenario| {
            s.problems(&crate::limits::Limits::default())
                .iter()
                .map(|d| d.code)
                .collect::<Vec<_>>()
        };
        assert_eq!(codes(scenario(&[])), ["bargain::no_actor"]);
        assert_eq!(
            codes(scenario(&[(10.0, 0.0, 5.0), (90.0, 0.0, 7.0)])),
            ["bargain::no_weight"]
        );
        assert_eq!(
            codes(scenario(&[(10.0, 50.0, 1e308), (90.0, 50.0, 1e308)])),
            ["bargain::overflow"]
        );
        assert!(
            scenario(&[(10.0, 50.0, 1.0), (90.0, 0.0, 7.0)])
                .problems(&crate::limits::Limits::default())
                .is_empty()
        );
    }

    #[test]
    fn the_example_model_becomes_one_issue_with_three_actors() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../examples/energy-transition.toml"
        );
        let loaded = crate::model::load_file(
            std::path::Path::new(path),
            &crate::model::LoadOptions::default(),
        )
        .unwrap();
        let s = Scenario::from_model(&loaded.model);
        assert_eq!(s.issues.len(), 1);
        assert_eq!(s.issues[0].id, "price");
        let issue = s.nominal_issue(0);
        let got: Vec<_> = issue
            .players
            .iter()
            .map(|p| (p.position, p.salience, p.capability))
            .collect();
        // The government's interval [40, 60] at its midpoint; the union's triangle at its centroid.
        assert_eq!(
            got,
            vec![(50.0, 0.7, 100.0), (0.0, 0.9, 40.0), (90.0, 0.9, 30.0)]
        );
    }
}
