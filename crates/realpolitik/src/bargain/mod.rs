//! Actor bargaining: where will the actors' positions on an issue land, and who moves whom?
//!
//! - [`input`]: issues, actors and their (possibly uncertain) positions, saliences and
//!   capabilities, and the adapter from a resolved [`crate::Model`];
//! - [`loaders`]: the BDM 1994 table, KTAB's scenario CSV and DEU-style long CSV;
//!   [`ktab_xml`]: KTAB's XML scenarios;
//! - [`baselines`]: weighted mean and weighted median (the "compromise model");
//! - [`eum`]: Bueno de Mesquita's expected-utility model after Scholz et al. (2011), as printed
//!   and as Scholz's code ran it;
//! - [`solver`]: one entry point for every solver; [`backtest`]: mean absolute error against
//!   recorded outcomes;
//! - [`montecarlo`]: the forecast's distribution over uncertain inputs; [`sensitivity`]:
//!   one-at-a-time sensitivity and "whom to persuade".

pub mod backtest;
pub mod baselines;
pub mod eum;
pub mod input;
pub mod ktab_xml;
pub mod loaders;
pub mod montecarlo;
pub mod sensitivity;
pub mod solver;

pub use backtest::{Score, backtest};
pub use baselines::{condorcet_median, weighted_mean, weighted_median};
pub use eum::{EumParams, EumRun, EumVariant};
pub use input::{ActorInput, Issue, IssueScale, Player, Scenario, StanceInput};
pub use ktab_xml::load_ktab_xml;
pub use loaders::{load_bdm_csv, load_csv, load_deu_long_csv, load_ktab_csv, load_outcomes};
pub use montecarlo::{MonteCarlo, Spread, monte_carlo};
pub use sensitivity::{Swing, persuasion, sensitivity};
pub use solver::{Outcome, Solver, solve};
