//! Fuzzes the KTAB scenario CSV reader: whatever the bytes (decoded as the command decodes files), it returns a result
//! or located diagnostics that render, and never panics.
//!
//! Run with `fuzz/run.sh ktab_csv [SECONDS]`.

#![no_main]

use libfuzzer_sys::fuzz_target;
use realpolitik::SourceFile;

#[path = "common.rs"]
mod common;
use common::check;

fuzz_target!(|data: &[u8]| {
    let text = realpolitik::io::decode(data);
    let file = SourceFile::new("fuzz", text.as_str());
    match realpolitik::bargain::load_ktab_csv(&file, &realpolitik::limits::Limits::default()) {
        Ok(s) => drop(s.problems(&realpolitik::limits::Limits::default())),
        Err(d) => check(&d),
    }
});
