//! Fuzzy cognitive maps (Kosko 1986): inference, policy scenarios, structure, uncertain weights,
//! Monte Carlo and sensitivity.
//!
//! **Orientation.** Everywhere in this module `w[i][j]` is the effect of concept `i` on concept
//! `j`: rows are causes, columns are effects (as in a model's `[[links]]` `from` → `to`, Mental
//! Modeler's and FCMpy's matrices and R `fcm`'s `weight_mat`).
//!
//! - [`map`]: concepts and weights, from a model or an adjacency matrix file ([`csv`],
//!   [`xlsx`]);
//! - [`transfer`]: sigmoid 1/(1+e^(−λx)), tanh(λx), bivalent, trivalent;
//! - [`inference`]: the Kosko, modified Kosko and rescaled rules, clamps, stopping and the
//!   status of a run (converged, cap reached, limit cycle with its period, chaotic);
//! - [`preset`]: settings that reproduce FCMpy, Mental Modeler and R `fcm`;
//! - [`scenario`]: baseline steady state against each option × trigger;
//! - [`structure`]: Özesmi & Özesmi (2004) graph indices and the strongest lever → outcome paths;
//! - [`montecarlo`]: distributions of scenario effects over uncertain weights;
//! - [`sensitivity`]: one-at-a-time tornado and Sobol indices (Saltelli 2010);
//! - [`aggregate`]: several experts' maps into one, with each edge's disagreement;
//! - [`batch`]: many simulations at once, for speed;
//! - [`learn`]: the place for learning weights from data (not implemented yet).
//!
//! References: B. Kosko, "Fuzzy cognitive maps", Int. J. Man-Machine Studies 24 (1986) 65–75;
//! U. Özesmi & S. L. Özesmi, "Ecological models based on people's knowledge: a multi-step fuzzy
//! cognitive mapping approach", Ecological Modelling 176 (2004) 43–64; A. Saltelli et al.,
//! "Variance based sensitivity analysis of model output", Computer Physics Communications 181
//! (2010) 259–270.

pub mod aggregate;
pub mod batch;
pub mod csv;
pub mod inference;
pub mod learn;
pub mod map;
pub mod montecarlo;
pub mod preset;
pub mod scenario;
pub mod sensitivity;
pub mod structure;
pub mod transfer;
pub mod xlsx;

pub use csv::read_matrix;
pub use inference::{Rule, Run, Settings, Status, simulate};
pub use map::{Concept, FcmMap, Matrix, UncertainWeight};
pub use preset::Preset;
pub use transfer::Transfer;
