//! Writing the HTML report of an engine's command (`--report FILE.html` on `cib`, `fcm` and
//! `bargain`, and `analyze`): the page with the sections the command computed.

use std::path::Path;
use std::time::Instant;

use realpolitik::report::{Provenance, Report};

use super::{CliError, Output};

/// Writes the report atomically (a reader never sees half a page) and, unless quiet, says where
/// on standard error.
pub fn write(
    path: &Path,
    report: &Report<'_>,
    input: &str,
    seed: u64,
    draws: Option<usize>,
    started: Instant,
    out: &Output,
) -> Result<(), CliError> {
    let provenance = Provenance {
        model_name: input.to_owned(),
        seed,
        draws,
        elapsed: started.elapsed(),
    };
    super::output::write_file(path, report.to_html(&provenance).as_bytes())?;
    if !out.quiet && path.as_os_str() != "-" {
        super::output::eprint_quietly(&format!(
            "report written to {} (open it in a browser)\n",
            path.display()
        ));
    }
    Ok(())
}
