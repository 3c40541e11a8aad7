//! realpolitik: structured strategic analysis from one model file.
//!
//! A model ([`model`]) describes a strategic system: actors with bargaining positions, factors
//! with states that push on each other (cross-impact judgments and causal links), policy options
//! and triggers, and the evidence behind every judgment. The engines analyse it; the command line
//! (`realpolitik`) and other front ends are thin layers over this crate.
//!
//! ```
//! let loaded = realpolitik::default_model().expect("the built-in model is valid");
//! assert!(!loaded.model.actors.is_empty());
//! ```

pub mod ach;
pub mod analysis;
pub mod bargain;
pub mod briefing;
pub mod cib;
pub mod diagnostic;
pub mod embedded;
pub mod export;
pub mod fcm;
pub mod io;
pub mod limits;
pub mod model;
pub mod output;
pub mod progress;
pub mod random;
pub mod report;
pub mod review;
pub mod schema;
pub mod sheet;
pub mod suggest;
pub mod templates;

#[cfg(test)]
mod hostile_tests;

pub use diagnostic::{Diagnostic, Severity, SourceFile};
pub use embedded::default_model;
pub use model::{Loaded, Model};

/// The small example model of `examples/`, for tests.
#[cfg(test)]
pub(crate) fn example_model() -> Model {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/energy-transition.toml"
    );
    model::load_file(
        std::path::Path::new(path),
        &crate::model::LoadOptions::default(),
    )
    .expect("the example model is valid")
    .model
}

/// The version of this crate, printed in reports and JSON output.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
