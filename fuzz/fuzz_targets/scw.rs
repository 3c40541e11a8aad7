//! Fuzzes the ScenarioWizard .scw reader: whatever the bytes (decoded as the command decodes files), it returns a result
//! or located diagnostics that render, and never panics.
//!
//! Run with `fuzz/run.sh scw [SECONDS]`.

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;
use common::check;

fuzz_target!(|data: &[u8]| {
    let text = realpolitik::io::decode(data);
    if let Err(d) = realpolitik::cib::io::scw::read_scw("fuzz.scw", &text, &realpolitik::limits::Limits::default()) {
        check(&d);
    }
});
