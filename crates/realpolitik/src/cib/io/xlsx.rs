//! Spreadsheet matrices (XLSX, also XLS and ODS), read with calamine: the first worksheet holds
//! the grid of [`super::grid`], starting at its first used cell. Diagnostics name the sheet and
//! the cell (e.g. `Sheet1!C4`).

use std::path::Path;

use calamine::Data;

use super::grid::{self, Grid};
use crate::Diagnostic;
use crate::cib::matrix::Matrix;
use crate::limits::Limits;
use crate::sheet::column_name;

struct SheetGrid {
    file: String,
    sheet: String,
    /// Absolute position (row, column) of the grid's top-left cell.
    origin: (u32, u32),
    rows: Vec<Vec<String>>,
}

impl SheetGrid {
    fn cell(&self, row: usize, column: usize) -> String {
        format!(
            "{}!{}{}",
            self.sheet,
            column_name(self.origin.1 + column as u32),
            self.origin.0 as usize + row + 1
        )
    }
}

impl Grid for SheetGrid {
    fn rows(&self) -> &[Vec<String>] {
        &self.rows
    }

    fn error_at(
        &self,
        row: usize,
        column: usize,
        message: String,
        label: &str,
        help: &str,
    ) -> Diagnostic {
        Diagnostic::error(
            "cib::matrix",
            format!(
                "{}, cell {}: {message} ({label})",
                self.file,
                self.cell(row, column)
            ),
        )
        .help(help)
    }

    fn warning_at(
        &self,
        row: usize,
        column: usize,
        message: String,
        label: &str,
        help: &str,
    ) -> Diagnostic {
        let mut d = self.error_at(row, column, message, label, help);
        d.severity = crate::Severity::Warning;
        d
    }
}

fn text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        other => other.to_string(),
    }
}

/// Reads a matrix from the first worksheet of a spreadsheet file.
pub fn read_xlsx(
    path: &Path,
    limits: &Limits,
) -> Result<(Matrix, Vec<Diagnostic>), Vec<Diagnostic>> {
    let file = path.display().to_string();
    let fail = |message: String| {
        vec![
            Diagnostic::error("cib::matrix", format!("{file}: {message}"))
                .help("save the matrix as .xlsx with the labelled grid on the first sheet"),
        ]
    };
    let mut workbook = crate::sheet::Workbook::open(path, limits).map_err(fail)?;
    let sheet = workbook
        .sheet_names()
        .first()
        .cloned()
        .ok_or_else(|| fail("the workbook has no worksheet".into()))?;
    let range = workbook.range(&sheet).map_err(fail)?;
    let origin = range.start().unwrap_or((0, 0));
    let rows = range.rows().map(|r| r.iter().map(text).collect()).collect();
    grid::read(
        &SheetGrid {
            file,
            sheet,
            origin,
            rows,
        },
        limits,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cib::cases::case_matrix;

    /// The fixture is `cibsa_CIB_global.matrix.csv` (MIT, © 2018 Stockholm Environment
    /// Institute) saved as a one-sheet workbook, with judgments stored as numbers.
    #[test]
    fn the_workbook_fixture_gives_the_csv_matrix() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/cib_global.xlsx");
        let (m, warnings) = read_xlsx(Path::new(path), &crate::limits::Limits::default()).unwrap();
        assert!(warnings.is_empty());
        assert_eq!(m, case_matrix("cibsa_CIB_global"));
    }

    #[test]
    fn a_missing_or_broken_workbook_is_an_error_not_a_panic() {
        let errors = read_xlsx(
            Path::new("/nonexistent/m.xlsx"),
            &crate::limits::Limits::default(),
        )
        .unwrap_err();
        assert!(errors[0].message.contains("/nonexistent/m.xlsx"));
        let dir = tempfile::tempdir().unwrap();
        let broken = dir.path().join("broken.xlsx");
        std::fs::write(&broken, "not a zip").unwrap();
        assert!(read_xlsx(&broken, &crate::limits::Limits::default()).is_err());
    }
}
