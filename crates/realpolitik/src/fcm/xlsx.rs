//! Adjacency matrices from spreadsheets (.xlsx, .xlsm, .xlsb, .xls, .ods), read with calamine.
//!
//! A sheet is read exactly like a CSV file ([`super::csv`]): first row the concept names after
//! a corner cell, then one row per concept, rows causes and columns effects; or a bare square
//! of numbers. The sheet's used range is rendered as CSV text, one line per spreadsheet row
//! (so line numbers in errors are the sheet's row numbers), and every error also names the
//! spreadsheet cell, e.g. "cell G7".

use std::path::Path;

use calamine::Data;

use crate::diagnostic::{Diagnostic, SourceFile};
use crate::limits::Limits;
use crate::sheet::column_name;

use super::csv::read_matrix;
use super::map::FcmMap;

const CODE: &str = "fcm::spreadsheet";

fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => f.to_string(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
        Data::DateTime(dt) => format!("date {dt}"),
        Data::Error(e) => format!("{e:?}"),
    }
}

/// Reads the sheet `sheet` (default: the first) of the spreadsheet at `path`.
pub fn read_sheet(
    path: &Path,
    sheet: Option<&str>,
    limits: &Limits,
) -> Result<FcmMap, Vec<Diagnostic>> {
    let shown = path.display().to_string();
    let fail = |message: String, help: &str| vec![Diagnostic::error(CODE, message).help(help)];
    let mut book = crate::sheet::Workbook::open(path, limits).map_err(|e| {
        fail(
            format!("cannot read {shown} as a spreadsheet: {e}"),
            "save the sheet as .xlsx or .csv and try again",
        )
    })?;
    let names = book.sheet_names();
    let name = match sheet {
        Some(s) if names.iter().any(|n| n == s) => s.to_owned(),
        Some(s) => {
            return Err(fail(
                format!(
                    "{shown} has no sheet {s:?}; its sheets are {}",
                    names.join(", ")
                ),
                "name one of the sheets with --sheet",
            ));
        }
        None => names.first().cloned().ok_or_else(|| {
            fail(
                format!("{shown} has no sheets"),
                "put the matrix on a sheet",
            )
        })?,
    };
    let range = book.range(&name).map_err(|e| {
        fail(
            format!("cannot read sheet {name:?} of {shown}: {e}"),
            "save the sheet as .csv and try again",
        )
    })?;
    let (row0, col0) = range.start().unwrap_or((0, 0));
    // The rendering and, for each cell, its byte span and spreadsheet reference.
    let mut text = "\n".repeat(row0 as usize);
    let mut cells: Vec<(usize, usize, String)> = Vec::new();
    for (r, row) in range.rows().enumerate() {
        for (c, d) in row.iter().enumerate() {
            if c > 0 {
                text.push(',');
            }
            let start = text.len();
            text.push('"');
            text.push_str(&cell_text(d).replace('"', "\"\""));
            text.push('"');
            let reference = format!("{}{}", column_name(col0 + c as u32), row0 as usize + r + 1);
            cells.push((start, text.len(), reference));
        }
        text.push('\n');
    }
    let file = SourceFile::new(format!("{shown} [sheet {name}]"), text);
    read_matrix(&file, limits).map_err(|diagnostics| {
        diagnostics
            .into_iter()
            .map(|mut d| {
                if let Some((span, label)) = &mut d.location
                    && let Some((_, _, reference)) = cells
                        .iter()
                        .find(|(s, e, _)| *s <= span.start && span.start < (*e).max(*s + 1))
                {
                    d.message = format!("cell {reference}: {}", d.message);
                    *label = format!("{label} (cell {reference})");
                }
                d
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture() -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("src/fcm/testdata/experts.xlsx")
    }

    #[test]
    fn reads_a_sheet_in_mental_modelers_layout() {
        let map = read_sheet(&fixture(), None, &crate::limits::Limits::default()).unwrap();
        assert_eq!(map.n(), 6);
        let w = map.nominal();
        assert_eq!(w.get(0, 3), 0.9);
        assert_eq!(w.get(4, 5), -0.9);
        assert_eq!(w.get(5, 0), -0.3);
        assert_eq!(w.links(), 8);
    }

    #[test]
    fn a_bad_cell_names_the_sheet_row_and_cell() {
        let errors =
            read_sheet(&fixture(), Some("bad"), &crate::limits::Limits::default()).unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:?}");
        let d = &errors[0];
        assert!(
            d.message.starts_with("cell G7: \"strong\" is not a number"),
            "{}",
            d.message
        );
        assert_eq!(d.line_column().map(|(line, _)| line), Some(7));
        let errors = read_sheet(
            &fixture(),
            Some("Sheet9"),
            &crate::limits::Limits::default(),
        )
        .unwrap_err();
        assert!(
            errors[0].message.contains("its sheets are good, bad"),
            "{:?}",
            errors[0]
        );
        let errors = read_sheet(
            Path::new("no/such.xlsx"),
            None,
            &crate::limits::Limits::default(),
        )
        .unwrap_err();
        assert!(errors[0].message.contains("cannot read"), "{:?}", errors[0]);
    }
}
