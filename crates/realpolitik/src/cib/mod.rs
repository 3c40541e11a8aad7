//! Cross-impact balance analysis (CIB; Weimer-Jehle 2006, "Cross-impact balances: a
//! system-theoretical approach to cross-impact analysis", *Technological Forecasting & Social
//! Change* 73(4), 334–361).
//!
//! Descriptor j has variants b = 1..k_j; C[(i,a),(j,b)] is the judgment of "i is a" on "j is b",
//! an integer on any scale (blocks of a descriptor on itself are empty). A scenario z picks one
//! variant z_j of every descriptor. For a scenario:
//! - impact score θ_{j,b}(z) = Σ_{i≠j} C[(i,z_i),(j,b)]; θ_{j,·} is j's impact balance;
//! - z is consistent when every descriptor's chosen variant has the maximum score (ties count as
//!   consistent);
//! - inconsistency of j = max_b θ_{j,b} − θ_{j,z_j}; of z, the maximum over descriptors;
//! - consistency value = min_j (θ_{j,z_j} − max_{b≠z_j} θ_{j,b}), 0 on a tie;
//! - total impact score TIS = Σ_j θ_{j,z_j}.
//!
//! Modules, one per concept:
//! - [`matrix`]: the matrix (from a model, a CSV/XLSX grid or a ScenarioWizard file), with
//!   conditional (context-dependent) judgments where a model has them;
//! - [`score`]: the scores above;
//! - [`enumerate`]: the exhaustive enumerator (the cross-check);
//! - [`search`]: exact branch-and-bound search with bound propagation;
//! - [`solution`]: search constraints (inconsistency threshold, fixed descriptors) and results;
//! - [`succession`]: global, adiabatic and local succession, with cycles;
//! - [`basins`]: exact basin weights of global succession;
//! - [`rule_basins`]: exact basin weights of any rule (adiabatic and local visit every start);
//! - [`sampled`]: basin shares estimated from seeded random starts, with confidence intervals
//!   (for spaces too large for exact basins; always labelled "sampled");
//! - [`impact`]: one scenario's impact balances, gaps to the best rival and the judgments
//!   that decide them (ScenarioWizard's impact diagram);
//! - [`intervention`]: fixing descriptors, comparing with no intervention, and the cut-down
//!   matrix that carries the intervention to succession and basins;
//! - [`ensemble`]: several matrices for one structure, scenarios consistent in k of m;
//! - [`uncertainty`]: robustness of scenarios to perturbed judgments (seeded draws);
//! - [`landscape`]: families of similar scenarios (Hamming distance);
//! - [`io`]: file formats (CSV, XLSX, ScenarioWizard `.scw` and `.sl`).

pub mod basins;
pub mod ensemble;
pub mod enumerate;
pub mod impact;
pub mod intervention;
pub mod io;
pub mod landscape;
pub mod matrix;
pub mod rule_basins;
pub mod sampled;
pub mod score;
pub mod search;
pub mod solution;
pub mod succession;
pub mod uncertainty;

#[cfg(test)]
pub(crate) mod cases;
#[cfg(test)]
mod gate_tests;

pub use enumerate::enumerate;
pub use matrix::{Descriptor, Gate, Matrix, MatrixError};
pub use score::{Scores, balance, is_consistent, scores};
pub use search::search;
pub use solution::{Constraints, Solution};
