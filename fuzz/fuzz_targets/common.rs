//! What every text reader's fuzz target checks: an error comes as located diagnostics, at
//! least one of them an error, that render without panicking.

use realpolitik::Diagnostic;

/// Asserts that a reader's failure is reported, and renders it.
pub fn check(diagnostics: &[Diagnostic]) {
    assert!(diagnostics.iter().any(Diagnostic::is_error));
    let _ = realpolitik::diagnostic::render(diagnostics, false);
}
