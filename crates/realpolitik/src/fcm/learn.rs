//! Learning weights from data: the place for it, not an implementation.
//!
//! Weights in realpolitik come from analysts (a model's links, an expert's matrix). Learning
//! them from observed state sequences (Hebbian rules such as NHL/AHL, or population-based
//! searches such as RCGA, as FCMpy offers) is a later step. A learner will implement
//! [`WeightLearner`]; nothing in the crate implements it yet, and no command pretends to learn.

use super::inference::Settings;
use super::map::{FcmMap, Matrix};

/// Learns a weight matrix from observed trajectories.
pub trait WeightLearner {
    /// Weights for `map`'s concepts that make runs under `settings` reproduce `observations`
    /// (each a sequence of states, one value per concept), starting from the map's own weights.
    /// Returns why learning failed, if it did.
    fn learn(
        &self,
        map: &FcmMap,
        observations: &[Vec<Vec<f64>>],
        settings: &Settings,
    ) -> Result<Matrix, String>;
}
