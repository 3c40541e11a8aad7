//! The built-in default model: the anti-IS coalition's choice about the Assad regime (late
//! 2014), after Heiko Wimmen's analysis for Carnegie's *Sada*. Its source text is built in too,
//! so every quote in the model is verified on every load.

use crate::model::{LoadError, LoadOptions, Loaded, SourceTexts, load_str};

/// The default model's file name, as diagnostics show it.
pub const DEFAULT_MODEL_NAME: &str = "models/assad-is-2014.toml";

/// The default model's text.
pub const DEFAULT_MODEL: &str = include_str!("../../../models/assad-is-2014.toml");

/// The files the default model reads, by the path it gives them: the source text it cites and
/// its alternative encoding (the advocates' counter-model).
pub const DEFAULT_SOURCES: &[(&str, &str)] = &[
    (
        "sources/wimmen-2014.txt",
        include_str!("../../../models/sources/wimmen-2014.txt"),
    ),
    (
        "assad-is-2014-advocates.toml",
        include_str!("../../../models/assad-is-2014-advocates.toml"),
    ),
];

/// Loads and checks the default model.
pub fn default_model() -> Result<Loaded, LoadError> {
    load_str(
        DEFAULT_MODEL_NAME,
        DEFAULT_MODEL,
        &SourceTexts::Embedded(DEFAULT_SOURCES),
        &LoadOptions::default(),
    )
}
