//! Many initial states through one bare weight matrix at once: the sweep a researcher runs
//! from a notebook (`realpolitik.fcm.run(W, states)`), on the batched kernel of
//! [`crate::fcm::batch`]. The request is checked here, before any work starts, as every
//! front end's is.

use crate::fcm::batch::{self, Batch};
use crate::fcm::{FcmMap, Matrix};

use super::{FcmRequest, RequestError};

/// A batch of runs of one map.
#[derive(Clone, Debug)]
pub struct StatesRequest<'a> {
    /// The weights, row by row: `weights[i * n + j]` is the effect of concept `i` on `j`.
    pub weights: &'a [f64],
    /// The concepts' names (`C1`, `C2`, … when the caller has none), for the clamps.
    pub concepts: Vec<String>,
    /// The initial states, one after another, one value per concept each.
    pub initials: &'a [f64],
    /// Rule, transfer, λ, ε, cap and clamps (`CONCEPT=VALUE`), as for one run of a matrix.
    pub fcm: FcmRequest,
    /// Whether to run in `f32` (about twice as fast, activations within about 1e-6 of `f64`).
    pub single_precision: bool,
}

/// Runs every initial state of `request` to its final state; refuses, before any work, a
/// matrix that is not square or has a weight outside [-1, 1], states that are not whole or
/// not finite, more values than the `cells` limit, and settings that cannot run.
pub fn run_states(request: &StatesRequest<'_>) -> Result<Batch, RequestError> {
    let n = request.concepts.len();
    let settings = request.fcm.settings()?;
    request.fcm.check_matrix()?;
    let map = map_of(request.weights, &request.concepts)?;
    if !request.initials.len().is_multiple_of(n) {
        return Err(RequestError(format!(
            "{} initial values are not whole states of {n} concepts",
            request.initials.len()
        )));
    }
    if request.initials.iter().any(|x| !x.is_finite()) {
        return Err(RequestError::new("initial states must be finite numbers"));
    }
    let cells = request.fcm.limits.cells;
    if request.initials.len() as u64 > cells {
        return Err(RequestError(crate::limits::Limits::exceeded(
            "cells",
            format!("{} initial values", request.initials.len()),
            cells,
        )));
    }
    let clamps = request.fcm.clamps_of(&map)?;
    let w = map.nominal();
    Ok(if request.single_precision {
        batch::run_states::<f32>(&w, request.initials, &clamps, &settings)
    } else {
        batch::run_states::<f64>(&w, request.initials, &clamps, &settings)
    })
}

/// The map of a bare weight matrix given row by row (`weights[i * n + j]` the effect of
/// concept `i` on `j`, for the `n` `concepts`); refuses a matrix that is not square or has a
/// weight outside [-1, 1].
pub fn map_of(weights: &[f64], concepts: &[String]) -> Result<FcmMap, RequestError> {
    let n = concepts.len();
    if n == 0 || weights.len() != n * n {
        return Err(RequestError(format!(
            "the weights must be a square matrix with one row per concept: {} concepts, {} weights",
            n,
            weights.len()
        )));
    }
    if let Some(w) = weights
        .iter()
        .find(|w| !(w.is_finite() && (-1.0..=1.0).contains(*w)))
    {
        return Err(RequestError(format!(
            "weight {w}: a link weight lies in [-1, 1]"
        )));
    }
    let rows: Vec<Vec<f64>> = weights.chunks(n).map(<[f64]>::to_vec).collect();
    Ok(FcmMap::from_matrix(
        concepts.to_vec(),
        &Matrix::from_rows(&rows),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(n: usize) -> Vec<String> {
        (1..=n).map(|k| format!("C{k}")).collect()
    }

    #[test]
    fn each_state_runs_to_the_fixed_point_worked_by_hand() {
        // C1 → C2 with weight 0.5, Kosko's rule (A(t+1) = σ(Wᵀ·A(t)), no memory of the
        // state itself): C1 has no cause, so it becomes σ(0) = 0.5 whatever its start, and C2
        // settles at σ(0.5 · 0.5). Both starts reach that one fixed point.
        let weights = [0.0, 0.5, 0.0, 0.0];
        let initials = [1.0, 0.0, 0.0, 1.0];
        let request = StatesRequest {
            weights: &weights,
            concepts: names(2),
            initials: &initials,
            fcm: FcmRequest::default(),
            single_precision: false,
        };
        let b = run_states(&request).unwrap();
        let sigmoid = |x: f64| 1.0 / (1.0 + (-x).exp());
        assert_eq!(b.len(), 2);
        for k in 0..2 {
            let state = b.final_state(k);
            assert_eq!(state[0], 0.5);
            assert!((state[1] - sigmoid(0.25)).abs() < 1e-4, "{state:?}");
            assert!(b.converged[k]);
        }
        // A clamp holds C1 at 0.2 whatever the start.
        let clamped = StatesRequest {
            fcm: FcmRequest {
                clamps: vec!["C1=0.2".into()],
                ..FcmRequest::default()
            },
            ..request.clone()
        };
        let b = run_states(&clamped).unwrap();
        assert!((b.final_state(0)[1] - sigmoid(0.1)).abs() < 1e-4);
        assert_eq!(b.final_state(1)[0], 0.2);
    }

    #[test]
    fn a_request_that_cannot_run_is_refused_saying_why() {
        let ok = [0.0, 0.5, 0.0, 0.0];
        let run = |weights: &[f64], initials: &[f64]| {
            run_states(&StatesRequest {
                weights,
                concepts: names(2),
                initials,
                fcm: FcmRequest::default(),
                single_precision: false,
            })
            .unwrap_err()
            .0
        };
        assert_eq!(
            run(&ok[..3], &[1.0, 1.0]),
            "the weights must be a square matrix with one row per concept: 2 concepts, 3 weights"
        );
        assert_eq!(
            run(&[0.0, 1.5, 0.0, 0.0], &[1.0, 1.0]),
            "weight 1.5: a link weight lies in [-1, 1]"
        );
        assert_eq!(
            run(&ok, &[1.0, 1.0, 1.0]),
            "3 initial values are not whole states of 2 concepts"
        );
        assert_eq!(
            run(&ok, &[1.0, f64::NAN]),
            "initial states must be finite numbers"
        );
    }
}
