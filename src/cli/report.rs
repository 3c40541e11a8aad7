//! Writing the HTML report of an engine's command (`--report FILE.html` on `cib`, `fcm` and
//! `bargain`, and `analyze`): the page with the sections the command computed.

use std::path::Path;
use std::time::Instant;

use realpolitik::report::{Provenance, Report};

use super::CliError;

/// Writes the report atomically: a reader never sees half a page.
pub fn write(
    path: &Path,
    report: &Report<'_>,
    input: &str,
    seed: u64,
    draws: Option<usize>,
    started: Instant,
) -> Result<(), CliError> {
    let provenance = Provenance {
        model_name: input.to_owned(),
        seed,
        draws,
        elapsed: started.elapsed(),
    };
    super::output::write_file(path, report.to_html(&provenance).as_bytes())
}
