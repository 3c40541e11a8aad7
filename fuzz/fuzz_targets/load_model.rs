//! Fuzzes the model loader: whatever the bytes, loading returns a model or diagnostics, and
//! never panics. Every error it reports must be locatable in the text it was given.
//!
//! Run with `fuzz/run.sh [SECONDS]` (see the README's section on fuzzing).

#![no_main]

use libfuzzer_sys::fuzz_target;
use realpolitik::model::{LoadError, SourceTexts, load_str};

/// A source text for models that cite `path = "s.txt"`.
const TEXTS: &[(&str, &str)] = &[("s.txt", "The quick brown fox jumps over the lazy dog.")];

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match load_str("fuzz.toml", text, &SourceTexts::Embedded(TEXTS), &realpolitik::model::LoadOptions::default()) {
        Ok(loaded) => {
            // A valid model must also summarise and export without trouble.
            let _ = realpolitik::model::summary::Summary::of(&loaded.model);
            let graph = realpolitik::export::Graph::of(&loaded.model);
            let _ = graph.render(realpolitik::export::GraphFormat::Graphml);
        }
        Err(LoadError::Invalid(diagnostics)) => {
            assert!(diagnostics.iter().any(|d| d.is_error()));
            let _ = realpolitik::diagnostic::render(&diagnostics, false);
        }
        Err(LoadError::Read { .. }) => unreachable!("load_str reads no file"),
    }
});
