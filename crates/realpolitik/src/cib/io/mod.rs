//! Reading and writing matrices and scenario lists: CSV and XLSX grids, ScenarioWizard files.

pub mod csv;
pub(crate) mod grid;
pub mod scw;
pub mod xlsx;

use std::path::Path;

use crate::Diagnostic;
use crate::cib::matrix::Matrix;
use crate::limits::Limits;

/// Why a matrix file could not be read.
#[derive(Debug)]
#[non_exhaustive]
pub enum MatrixFileError {
    /// The file could not be read.
    Read(std::io::Error),
    /// The file was read but is invalid: every problem found.
    Invalid(Vec<Diagnostic>),
}

/// Whether a path names a bare matrix file this module reads (`.csv`, `.scw`, `.xlsx`, `.xls`,
/// `.ods`), by its extension.
pub fn is_matrix_file(path: &Path) -> bool {
    matches!(
        extension(path).as_deref(),
        Some("csv" | "scw" | "xlsx" | "xlsm" | "xls" | "ods")
    )
}

fn extension(path: &Path) -> Option<String> {
    path.extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
}

/// Reads a bare matrix file, chosen by extension: `.scw` (ScenarioWizard), a spreadsheet, or
/// otherwise CSV. Returns the matrix and warnings.
pub fn read_matrix_file(
    path: &Path,
    limits: &Limits,
) -> Result<(Matrix, Vec<Diagnostic>), MatrixFileError> {
    let name = path.display().to_string();
    match extension(path).as_deref() {
        Some("xlsx" | "xlsm" | "xls" | "ods") => {
            crate::io::check_input(path, limits).map_err(|e| MatrixFileError::Read(e.into()))?;
            xlsx::read_xlsx(path, limits).map_err(MatrixFileError::Invalid)
        }
        ext => {
            let text =
                crate::io::read_text(path, limits).map_err(|e| MatrixFileError::Read(e.into()))?;
            if ext == Some("scw") {
                scw::read_scw(&name, &text, limits).map_err(MatrixFileError::Invalid)
            } else {
                csv::read_matrix(&name, &text, limits).map_err(MatrixFileError::Invalid)
            }
        }
    }
}
