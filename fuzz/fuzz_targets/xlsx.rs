//! Fuzzes the spreadsheet readers (CIB matrix and FCM map from an .xlsx): whatever the bytes,
//! each returns a result or diagnostics and never panics or allocates what a sheet declares.
//!
//! Run with `fuzz/run.sh xlsx [SECONDS]`.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(dir) = tempfile::tempdir() else { return };
    let path = dir.path().join("fuzz.xlsx");
    if std::fs::write(&path, data).is_err() {
        return;
    }
    if let Err(d) = realpolitik::cib::io::xlsx::read_xlsx(&path) {
        let _ = realpolitik::diagnostic::render(&d, false);
    }
    if let Err(d) = realpolitik::fcm::xlsx::read_sheet(&path, None) {
        let _ = realpolitik::diagnostic::render(&d, false);
    }
});
