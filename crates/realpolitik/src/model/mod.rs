//! The model: one file describing a strategic system, read, checked and resolved.
//!
//! - [`file`]: the format as written (TOML), and the source of its JSON Schema;
//! - [`load`]: parsing with located diagnostics, element by element;
//! - [`resolve`](mod@resolve): the semantic checks that turn a file into a [`Model`];
//! - [`types`]: the resolved model the engines work on;
//! - [`hypotheses`]: competing hypotheses and the evidence rated against them (ACH);
//! - [`evidence`]: quote verification; [`terms`]: linguistic weights;
//! - [`summary`]: the counts `realpolitik check` prints;
//! - [`migrate`]: rewriting blocks and links written apart into `[[relations]]`.

pub mod evidence;
pub mod file;
pub mod hypotheses;
pub mod load;
mod located;
pub mod migrate;
mod resolve;
pub mod summary;
pub mod terms;
pub mod types;
pub mod values;

pub use load::{LoadError, LoadOptions, Loaded, SourceTexts, load_file, load_str};

/// The model written in `text` (as `t.toml`), which quotes no source file, with its warnings:
/// for tests.
///
/// # Panics
/// If the text is not a valid model.
#[cfg(test)]
pub(crate) fn from_text(text: &str) -> Loaded {
    load_str(
        "t.toml",
        text,
        &SourceTexts::Embedded(&[]),
        &LoadOptions::default(),
    )
    .expect("a valid model")
}
pub use located::{Located, Span};
pub use types::*;
pub use values::{ImpactCell, Quantity};

#[cfg(test)]
mod evidence_tests;
#[cfg(test)]
mod hypotheses_tests;
#[cfg(test)]
mod tests;
