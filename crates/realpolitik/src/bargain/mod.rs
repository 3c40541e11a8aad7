//! Actor bargaining: where will the actors' positions on an issue land, and who moves whom?
//!
//! - [`input`]: issues, actors and their (possibly uncertain) positions, saliences and
//!   capabilities, and the adapter from a resolved [`crate::Model`];
//! - [`loaders`]: the BDM 1994 table, KTAB's scenario CSV and DEU-style long CSV;
//!   [`ktab_xml`]: KTAB's XML scenarios;
//! - [`baselines`]: weighted mean and weighted median (the "compromise model", Achen 2006);
//! - [`eum`]: Bueno de Mesquita's expected-utility model (Bueno de Mesquita 1994, "Political
//!   Forecasting: An Expected Utility Method"; formalised by Scholz, Calbert & Smith 2011,
//!   "Unravelling Bueno de Mesquita's group decision model"), as printed and as Scholz's code
//!   ran it;
//! - [`solver`]: one entry point for every solver; [`backtest`]: mean absolute error against
//!   recorded outcomes (DEU III, Arregui & Perarnaud 2021);
//! - [`montecarlo`]: the forecast's distribution over uncertain inputs; [`sensitivity`]:
//!   one-at-a-time sensitivity and "whom to persuade";
//! - [`smp`]: KTAB's Spatial Model of Politics (KAPSARC), multi-dimensional, with KTAB's
//!   default settings; it reproduces KTAB's reference runs turn by turn.
//!
//! # Conventions
//!
//! | | here | where sources differ |
//! |---|---|---|
//! | salience | written 0–100, used as `s/100` | Scholz prints 0–100 and computes with 0–1 |
//! | weight of a voter | `c · s`; the SMP as KTAB: `c` in its PCEs, `c · Σ_k s_k` in challenges | |
//! | scale width `R` | the issue's scale (BDM CSV: lowest to highest position) | jmckib: range of the positions; dmasad: given bounds (equal in the 1994 case) |
//! | median | Condorcet winner among positions of weighted actors, linear utilities, ties low | dmasad: first maximum of the pairwise table |
//! | EUM probability, perspective, offers | two variants, see [`eum`] | printed vs code |
//! | zero-weight actors | passive: never move anyone (the SMP: challenge no one, can be challenged; see [`smp`]) | not addressed by the sources; KTAB rejects them |
//! | stopping | round limit (default 8, as Scholz's Table 2) or no move above `1e-9 · R`; the SMP: KTAB's rule (see [`smp`]) | Scholz: fixed rounds |
//! | uncertain inputs | nominal value (mean) for single runs; drawn per Monte Carlo draw | |

pub mod backtest;
pub mod baselines;
pub mod eum;
pub mod input;
pub mod ktab_xml;
pub mod loaders;
pub mod montecarlo;
pub mod sensitivity;
pub mod smp;
pub mod solver;

pub use backtest::{Score, backtest};
pub use baselines::{condorcet_median, weighted_mean, weighted_median};
pub use eum::{EumParams, EumRun, EumVariant};
pub use input::{ActorInput, Issue, IssueScale, Player, Scenario, StanceInput};
pub use ktab_xml::load_ktab_xml;
pub use loaders::{load_bdm_csv, load_csv, load_deu_long_csv, load_ktab_csv, load_outcomes};
pub use montecarlo::{MonteCarlo, Spread, monte_carlo};
pub use sensitivity::{Swing, persuasion, sensitivity};
pub use smp::{SmpInput, SmpParams, SmpReport, SmpRun};
pub use solver::{Outcome, Solver, coalitions, solve};
