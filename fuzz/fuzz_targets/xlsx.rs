//! Fuzzes the spreadsheet readers (CIB matrix and FCM map from an .xlsx): whatever the bytes,
//! each returns a result or diagnostics and never panics or allocates what a sheet declares.
//!
//! Run with `fuzz/run.sh xlsx [SECONDS]`.

#![no_main]

use std::sync::Once;

use libfuzzer_sys::fuzz_target;

/// libfuzzer-sys aborts on every panic, even one that is caught. realpolitik::sheet catches
/// calamine's own panics (a cell reference that overflows its arithmetic, tests/hostile/
/// overflowing-cell-reference.xlsx) and reports them as errors, so those are not findings:
/// without this, that seed alone stops the run before it fuzzes anything. A panic anywhere
/// else still aborts.
static HANDLED_IN_CALAMINE: Once = Once::new();

fuzz_target!(|data: &[u8]| {
    HANDLED_IN_CALAMINE.call_once(|| {
        let abort = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let in_calamine = info
                .location()
                .is_some_and(|l| l.file().contains("/calamine-"));
            if !in_calamine {
                abort(info);
            }
        }));
    });
    let Ok(dir) = tempfile::tempdir() else { return };
    let path = dir.path().join("fuzz.xlsx");
    if std::fs::write(&path, data).is_err() {
        return;
    }
    if let Err(d) = realpolitik::cib::io::xlsx::read_xlsx(&path, &realpolitik::limits::Limits::default()) {
        let _ = realpolitik::diagnostic::render(&d, false);
    }
    if let Err(d) = realpolitik::fcm::xlsx::read_sheet(&path, None, &realpolitik::limits::Limits::default()) {
        let _ = realpolitik::diagnostic::render(&d, false);
    }
});
