//! Matrix CSV files, as in `tests/data/cib-cases/` (layout: [`super::grid`]), and CSV output of
//! scenario lists.

use crate::cib::matrix::Matrix;
use crate::diagnostic::floor_char_boundary;
use crate::limits::Limits;
use crate::model::Span;
use crate::{Diagnostic, SourceFile};

use super::grid::{self, Grid};

struct CsvGrid {
    file: SourceFile,
    rows: Vec<Vec<String>>,
    /// Byte span of every cell in the file text.
    spans: Vec<Vec<Span>>,
}

impl Grid for CsvGrid {
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
        let span = self
            .spans
            .get(row)
            .and_then(|r| r.get(column).or(r.last()))
            .cloned()
            .unwrap_or(0..0);
        Diagnostic::error("cib::matrix", message)
            .at(span, label)
            .help(help)
            .in_file(&self.file)
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

/// Reads a cross-impact matrix from CSV text; `name` is the file name diagnostics show.
/// Every problem is reported with its line and column. On success, returns the matrix and any
/// warnings.
pub fn read_matrix(
    name: &str,
    text: &str,
    limits: &Limits,
) -> Result<(Matrix, Vec<Diagnostic>), Vec<Diagnostic>> {
    let file = SourceFile::new(name, text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut spans = Vec::new();
    for record in reader.byte_records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let offset = e.position().map_or(0, |p| p.byte() as usize);
                return Err(vec![
                    Diagnostic::error("cib::matrix", format!("this is not valid CSV: {e}"))
                        .at(offset..offset, "here")
                        .help("write the matrix as comma-separated values in UTF-8")
                        .in_file(&file),
                ]);
            }
        };
        let start = record.position().map_or(0, |p| p.byte() as usize);
        let mut row = Vec::with_capacity(record.len());
        let mut row_spans = Vec::with_capacity(record.len());
        for (k, field) in record.iter().enumerate() {
            // Exact for unquoted fields; the csv crate reports ranges in the unescaped record.
            let range = record.range(k).unwrap_or(0..0);
            // Quoted fields shift it: keep the span inside the text, on character boundaries.
            let end = floor_char_boundary(text, (start + range.end + k).min(text.len()));
            let from = floor_char_boundary(text, (start + range.start + k).min(end));
            row_spans.push(from..end);
            row.push(String::from_utf8_lossy(field).into_owned());
        }
        rows.push(row);
        spans.push(row_spans);
    }
    grid::read(&CsvGrid { file, rows, spans }, limits)
}

/// A CSV writer into memory (so front ends need no CSV dependency of their own).
pub type Writer = csv::Writer<Vec<u8>>;

/// A new in-memory CSV writer.
pub fn writer() -> Writer {
    csv::Writer::from_writer(Vec::new())
}

/// Writes a matrix as CSV in the same layout (a grid has no place for conditional blocks:
/// they are left out). A label a spreadsheet would run as a formula is neutralised.
pub fn write_matrix(m: &Matrix) -> String {
    let labels: Vec<String> = m
        .descriptors()
        .iter()
        .flat_map(|d| d.variants.iter().map(move |v| format!("{}:{v}", d.name)))
        .collect();
    let mut header = vec!["source\\target".to_owned()];
    header.extend(labels.iter().cloned());
    let rows = labels.iter().enumerate().map(|(r, label)| {
        let mut row = vec![label.clone()];
        row.extend(m.row(r).iter().map(|c| c.to_string()));
        row
    });
    crate::output::csv_table(&header, rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_small_matrix_and_writes_it_back() {
        let text = "x,A:a,A:b,B:a,B:b\nA:a,0,0,1,-1\nA:b,0,0,,2\nB:a,3,0,0,0\nB:b,0,-3,0,0\n";
        let (m, warnings) = read_matrix("m.csv", text, &crate::limits::Limits::default()).unwrap();
        assert!(warnings.is_empty());
        assert_eq!(m.descriptor_count(), 2);
        assert_eq!(m.impact(0, 1, 1, 1), 2);
        assert_eq!(m.impact(0, 1, 1, 0), 0);
        assert_eq!(m.impact(1, 1, 0, 1), -3);
        let (again, _) = read_matrix(
            "again.csv",
            &write_matrix(&m),
            &crate::limits::Limits::default(),
        )
        .unwrap();
        assert_eq!(again, m);
    }

    fn first_error(text: &str) -> (String, (usize, usize), String) {
        let errors = read_matrix("m.csv", text, &crate::limits::Limits::default()).unwrap_err();
        let d = &errors[0];
        (
            d.message.clone(),
            d.line_column().unwrap_or((0, 0)),
            d.help.clone().unwrap_or_default(),
        )
    }

    #[test]
    fn errors_name_line_column_and_a_fix() {
        let (msg, at, help) = first_error(
            "x,A:a,A:b,B:a,B:b\nA:a,0,0,1,-1\nA:b,0,0,x2,2\nB:a,0,0,0,0\nB:b,0,0,0,0\n",
        );
        assert!(msg.contains("\"x2\" is not an integer"), "{msg}");
        assert_eq!(at, (3, 9));
        assert!(help.contains("whole number"));

        let (m, warnings) = read_matrix(
            "m.csv",
            "x,A:a,A:b,B:a\nA:a,0,1,1\nA:b,0,0,0\nB:a,0,0,0\n",
            &crate::limits::Limits::default(),
        )
        .unwrap();
        assert_eq!(m.impact(0, 0, 0, 1), 1, "a self-impact is kept");
        assert_eq!(m.impact(0, 0, 1, 0), 1);
        assert!(warnings[0].message.contains("acts on itself"));
        assert_eq!(warnings[0].line_column(), Some((2, 7)));

        let (msg, at, _) = first_error("x,A:a,Ab\n");
        assert!(msg.contains("\"Ab\" is not DESCRIPTOR:VARIANT"), "{msg}");
        assert_eq!(at, (1, 7));

        let (msg, at, _) = first_error("x,A:a,B:a\nB:a,0,0\nA:a,0,0\n");
        assert!(msg.contains("should be A:a"), "{msg}");
        assert_eq!(at, (2, 1));

        // Not square: the header's first variant without a row, or the first row too many.
        let (msg, at, help) = first_error("x,A:a,B:a\nA:a,0,0\n");
        assert!(msg.contains("needs 2 rows"), "{msg}");
        assert!(help.contains("one row per variant"));
        assert_eq!(at, (1, 7));
        let (msg, at, _) = first_error("x,A:a,B:a\nA:a,0,0\n\nB:a,0,0\nC:a,0,0\n");
        assert!(msg.contains("but it has 3"), "{msg}");
        assert_eq!(at, (5, 1));
        let (msg, at, _) = first_error("");
        assert!(msg.contains("empty"), "{msg}");
        assert_eq!(at, (1, 1));

        let (msg, _, _) = first_error("x,A:a,B:a,A:b\n");
        assert!(msg.contains("not side by side"), "{msg}");
        assert!(read_matrix("m.csv", "", &crate::limits::Limits::default()).is_err());
        assert!(
            read_matrix(
                "m.csv",
                "x,A:a,B:a\nA:a,0\nB:a,0,0\n",
                &crate::limits::Limits::default()
            )
            .is_err()
        );
    }
}
