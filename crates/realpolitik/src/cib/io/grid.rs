//! A matrix written as a labelled grid, the layout shared by CSV and XLSX files: the first row
//! and the first column hold labels `DESCRIPTOR:VARIANT` in descriptor order (the top-left cell
//! is free text), and cell (row r, column c) is the integer impact of source variant r on target
//! variant c. Blocks of a descriptor on itself are kept but warned about (see
//! [`crate::cib::matrix`]); an empty cell reads as 0.

use crate::Diagnostic;
use crate::cib::matrix::{Descriptor, MAX_JUDGMENT, Matrix};
use crate::limits::Limits;

/// A grid of text cells, and a way to point a diagnostic at one of them.
pub(crate) trait Grid {
    /// The rows, each a list of cell texts.
    fn rows(&self) -> &[Vec<String>];
    /// A diagnostic pointing at cell (row, column), both 0-based.
    fn error_at(
        &self,
        row: usize,
        column: usize,
        message: String,
        label: &str,
        help: &str,
    ) -> Diagnostic;
    /// A warning pointing at cell (row, column), both 0-based.
    fn warning_at(
        &self,
        row: usize,
        column: usize,
        message: String,
        label: &str,
        help: &str,
    ) -> Diagnostic;
}

fn split_label(label: &str) -> Option<(&str, &str)> {
    let (d, v) = label.trim().split_once(':')?;
    (!d.trim().is_empty() && !v.trim().is_empty()).then(|| (d.trim(), v.trim()))
}

/// Reads a matrix from a grid, reporting every problem found; on success also returns
/// warnings (ignored self-impacts).
pub(crate) fn read(
    grid: &dyn Grid,
    limits: &Limits,
) -> Result<(Matrix, Vec<Diagnostic>), Vec<Diagnostic>> {
    let rows = grid.rows();
    let label_help = "label every row and column DESCRIPTOR:VARIANT, e.g. Economy:Growth";
    let Some(header) = rows.first() else {
        return Err(vec![grid.error_at(
            0,
            0,
            "the matrix file is empty".into(),
            "nothing here",
            "write a header row of labels DESCRIPTOR:VARIANT, then one row per variant",
        )]);
    };
    let most = limits.columns;
    if header.len() as u64 > most + 1 {
        // The matrix is (variants)² cells: refuse before it is allocated.
        return Err(vec![grid.error_at(
            0,
            most as usize + 1,
            Limits::exceeded(
                "columns",
                format!("a header of {} variants", header.len() - 1),
                most,
            ),
            "past the limit",
            "a cross-impact matrix of this size cannot be analysed exhaustively anyway",
        )]);
    }
    let mut errors = Vec::new();
    // Descriptors from the header, in order; variants must be contiguous.
    let mut descriptors: Vec<Descriptor> = Vec::new();
    let mut labels: Vec<(String, String)> = Vec::new();
    for (c, label) in header.iter().enumerate().skip(1) {
        let Some((d, v)) = split_label(label) else {
            errors.push(grid.error_at(
                0,
                c,
                format!("column label {label:?} is not DESCRIPTOR:VARIANT"),
                "no descriptor or no variant",
                label_help,
            ));
            continue;
        };
        match descriptors.last_mut() {
            Some(last) if last.name == d => {
                if last.variants.iter().any(|x| x == v) {
                    errors.push(grid.error_at(
                        0,
                        c,
                        format!("variant {v} of descriptor {d} appears twice"),
                        "repeated",
                        "give every variant of a descriptor its own name",
                    ));
                }
                last.variants.push(v.to_owned());
            }
            _ => {
                if descriptors.iter().any(|x| x.name == d) {
                    errors.push(grid.error_at(
                        0,
                        c,
                        format!("the variants of descriptor {d} are not side by side"),
                        "separated from the descriptor's other variants",
                        "list all variants of a descriptor in consecutive columns",
                    ));
                }
                descriptors.push(Descriptor {
                    name: d.to_owned(),
                    variants: vec![v.to_owned()],
                });
            }
        }
        labels.push((d.to_owned(), v.to_owned()));
    }
    if labels.is_empty() && errors.is_empty() {
        errors.push(grid.error_at(
            0,
            0,
            "the header row has no variant labels".into(),
            "header",
            label_help,
        ));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let n = labels.len();
    // The rows of the matrix (not blank), by their index in the grid.
    let body: Vec<usize> = (1..rows.len())
        .filter(|&r| rows[r].iter().any(|c| !c.trim().is_empty()))
        .collect();
    if body.len() != n {
        let message = format!(
            "the header names {n} variants, so the matrix needs {n} rows below it, but it has {}",
            body.len()
        );
        let help = "give one row per variant, in the header's order";
        // Point at the first row too many, or at the header's first variant without a row.
        return Err(vec![match body.get(n) {
            Some(&extra) => grid.error_at(extra, 0, message, "a row past the last variant", help),
            None => grid.error_at(0, body.len() + 1, message, "no row for this variant", help),
        }]);
    }
    let owner: Vec<usize> = descriptors
        .iter()
        .enumerate()
        .flat_map(|(j, d)| std::iter::repeat_n(j, d.variants.len()))
        .collect();
    let mut cells = vec![0i32; n * n];
    let mut warnings = Vec::new();
    let mut warned = vec![false; descriptors.len()];
    for (r_flat, &r_file) in body.iter().enumerate() {
        let row = &rows[r_file];
        let label = row.first().map(String::as_str).unwrap_or("");
        match split_label(label) {
            Some((d, v)) if (d, v) == (labels[r_flat].0.as_str(), labels[r_flat].1.as_str()) => {}
            _ => errors.push(grid.error_at(
                r_file,
                0,
                format!(
                    "row label {label:?} should be {}:{}, the header's variant {}",
                    labels[r_flat].0,
                    labels[r_flat].1,
                    r_flat + 1
                ),
                "does not match the header",
                "rows and columns list the same variants in the same order",
            )),
        }
        if row.len() != n + 1 {
            errors.push(grid.error_at(
                r_file,
                row.len().saturating_sub(1),
                format!(
                    "row {} has {} cells after its label, the header has {n}",
                    r_file + 1,
                    row.len() - 1
                ),
                "row length",
                "give every row one cell per header column",
            ));
            continue;
        }
        for (c, text) in row.iter().enumerate().skip(1) {
            let text = text.trim();
            let value = if text.is_empty() {
                0
            } else {
                match text.parse::<i32>() {
                    Ok(v) if v.abs() <= MAX_JUDGMENT => v,
                    _ => {
                        errors.push(grid.error_at(
                            r_file,
                            c,
                            format!("cell {text:?} is not an integer judgment"),
                            "expected an integer",
                            "write each impact as a whole number, e.g. -2 or 3 (empty means 0)",
                        ));
                        continue;
                    }
                }
            };
            let d = owner[r_flat];
            if value != 0 && d == owner[c - 1] && !warned[d] {
                warned[d] = true;
                warnings.push(grid.warning_at(
                    r_file,
                    c,
                    format!(
                        "descriptor {} acts on itself here ({value}); its block on itself is \
                         added to its scores, as ScenarioWizard does",
                        descriptors[d].name
                    ),
                    "inside the descriptor's own block",
                    "CIB usually leaves these blocks empty: set them to 0 unless you mean it",
                ));
            }
            cells[r_flat * n + c - 1] = value;
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    // The header has made every descriptor a variant and the cells fit: this only guards the
    // matrix's own invariants, and points at the header that declared the shape.
    Matrix::new(descriptors, cells)
        .map(|m| (m, warnings))
        .map_err(|e| {
            vec![grid.error_at(
                0,
                0,
                e.to_string(),
                "the header",
                "check the matrix's labels and cells",
            )]
        })
}
