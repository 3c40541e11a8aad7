//! Adjacency matrices from CSV files, with located errors.
//!
//! Two layouts are read, both with rows as causes and columns as effects (`w[i][j]` is the
//! effect of row concept `i` on column concept `j`):
//!
//! - **labelled** (Mental Modeler's "Export CSV", and FCMpy's `DataFrame.to_csv()` of a weight
//!   matrix): the first row holds the concept names after one corner cell (empty or any
//!   non-numeric text); each following row starts with its concept's name, which must be the
//!   same name in the same position as in the header;
//! - **bare**: a square block of numbers; the concepts are named `C1`, `C2`, … .
//!
//! Cells are separated by commas (or semicolons when a line has no comma at all, as spreadsheet
//! programs write in some locales); a cell may be quoted with `"`; an empty cell is no link (0).
//! Weights must be finite numbers in [−1, 1]. Every problem is reported with its line, column,
//! what was found and how to fix it; nothing panics on malformed input.

use crate::diagnostic::{Diagnostic, SourceFile};
use crate::limits::Limits;
use crate::model::Span;

use super::map::{FcmMap, Matrix};

const CODE: &str = "fcm::matrix";

struct Cell {
    text: String,
    span: Span,
}

/// Splits one line (starting at byte `offset` of the file) into cells.
fn split(line: &str, offset: usize, delimiter: char) -> Result<Vec<Cell>, (Span, String)> {
    let mut cells = Vec::new();
    let mut chars = line.char_indices().peekable();
    let mut start = 0;
    loop {
        // Skip leading blanks.
        while let Some(&(i, c)) = chars.peek() {
            if c == ' ' || c == '\t' {
                chars.next();
                start = i + c.len_utf8();
            } else {
                break;
            }
        }
        let mut text = String::new();
        let mut end = start;
        if let Some(&(_, '"')) = chars.peek() {
            chars.next();
            let mut closed = false;
            while let Some((i, c)) = chars.next() {
                if c == '"' {
                    if let Some(&(_, '"')) = chars.peek() {
                        chars.next();
                        text.push('"');
                        continue;
                    }
                    closed = true;
                    end = i + 1;
                    break;
                }
                text.push(c);
            }
            if !closed {
                return Err((
                    offset + start..offset + line.len(),
                    "this quoted cell is not closed on its line".into(),
                ));
            }
            // Anything up to the delimiter after the closing quote must be blank.
            while let Some(&(_, c)) = chars.peek() {
                if c == delimiter {
                    break;
                }
                chars.next();
            }
        } else {
            while let Some(&(_, c)) = chars.peek() {
                if c == delimiter {
                    break;
                }
                text.push(c);
                chars.next();
            }
            text = text.trim_end().to_owned();
            end = start + text.len();
        }
        cells.push(Cell {
            text,
            span: offset + start..offset + end.max(start),
        });
        match chars.next() {
            Some((i, _)) => start = i + 1,
            None => return Ok(cells),
        }
    }
}

fn parse_weight(cell: &Cell, file: &SourceFile) -> Result<f64, Diagnostic> {
    if cell.text.is_empty() {
        return Ok(0.0);
    }
    let error = |message: String, label: &str| {
        Diagnostic::error(CODE, message)
            .at(cell.span.clone(), label)
            .in_file(file)
    };
    match cell.text.parse::<f64>() {
        Ok(x) if !x.is_finite() => Err(error(
            format!("the weight {:?} is not a finite number", cell.text),
            "not finite",
        )
        .help("write a number between -1 and 1, or leave the cell empty for no link")),
        Ok(x) if !(-1.0..=1.0).contains(&x) => Err(error(
            format!("the weight {x} lies outside [-1, 1]"),
            "out of range",
        )
        .help("FCM weights lie in [-1, 1]; divide the matrix by its largest absolute weight")),
        Ok(x) => Ok(x),
        Err(_) => Err(error(
            format!("{:?} is not a number", cell.text),
            "expected a weight",
        )
        .help("write a number between -1 and 1 (with a dot as decimal mark), or leave the cell empty for no link")),
    }
}

/// Reads an adjacency matrix file (see the module docs), of at most `limits.columns` concepts.
pub fn read_matrix(file: &SourceFile, limits: &Limits) -> Result<FcmMap, Vec<Diagnostic>> {
    let text = file.text();
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let mut diagnostics = Vec::new();
    let mut offset = 0;
    for raw in text.split_inclusive('\n') {
        let line = raw.trim_end_matches(['\n', '\r']);
        // One byte-order mark is skipped (a file joined from UTF-8 exports may have one per
        // line); a second is text, and the spans count it.
        let (line, start) = match line.strip_prefix('\u{feff}') {
            Some(rest) => (rest, offset + '\u{feff}'.len_utf8()),
            None => (line, offset),
        };
        offset += raw.len();
        if line.trim().is_empty() {
            continue;
        }
        let delimiter = if !line.contains(',') && line.contains(';') {
            ';'
        } else {
            ','
        };
        match split(line, start, delimiter) {
            Ok(cells) => rows.push(cells),
            Err((span, message)) => diagnostics.push(
                Diagnostic::error(CODE, message)
                    .at(span, "unclosed quote")
                    .help("close the quote with \" before the end of the line")
                    .in_file(file),
            ),
        }
    }
    if !diagnostics.is_empty() {
        return Err(diagnostics);
    }
    let Some(first) = rows.first() else {
        return Err(vec![
            Diagnostic::error(CODE, "the matrix file is empty")
                .at(0..0, "no rows")
                .help("write one row per concept: its name, then its effect on every concept")
                .in_file(file),
        ]);
    };
    let labelled = first[0].text.parse::<f64>().is_err();
    // Spreadsheets may leave empty cells after the last name of the header.
    let mut header_len = first.len();
    while header_len > 1 && first[header_len - 1].text.is_empty() {
        header_len -= 1;
    }
    let first = &first[..header_len];
    let n = header_len - usize::from(labelled);
    let most = limits.columns;
    if n as u64 > most {
        // The map is n² weights: refuse before it is allocated, and before the names are
        // compared with each other.
        let end = first.last().map_or(0, |c| c.span.end);
        return Err(vec![
            Diagnostic::error(
                CODE,
                Limits::exceeded("columns", format!("{n} concepts"), most),
            )
            .at(first[0].span.start..end, "the header")
            .help("a map this large is no longer a cognitive map; raise the limit if it is")
            .in_file(file),
        ]);
    }
    let (names, body, first_column): (Vec<String>, &[Vec<Cell>], usize) = if labelled {
        let names: Vec<String> = first[1..].iter().map(|c| c.text.clone()).collect();
        let mut seen = std::collections::HashSet::new();
        for (k, cell) in first[1..].iter().enumerate() {
            if cell.text.is_empty() {
                diagnostics.push(
                    Diagnostic::error(CODE, format!("column {} has no concept name", k + 2))
                        .at(cell.span.clone(), "empty name")
                        .help("name every concept in the first row")
                        .in_file(file),
                );
            } else if !seen.insert(cell.text.as_str()) {
                diagnostics.push(
                    Diagnostic::error(CODE, format!("the concept {:?} is named twice", cell.text))
                        .at(cell.span.clone(), "second time")
                        .help("give every concept its own name")
                        .in_file(file),
                );
            }
        }
        (names, &rows[1..], 1)
    } else {
        let n = first.len();
        ((1..=n).map(|k| format!("C{k}")).collect(), &rows[..], 0)
    };
    let n = names.len();
    if n == 0 {
        return Err(vec![
            Diagnostic::error(CODE, "the matrix names no concepts")
                .at(first[0].span.clone(), "only a corner cell")
                .help("write the concept names after the corner cell of the first row, separated by commas")
                .in_file(file),
        ]);
    }
    let mut m = Matrix::zeros(n);
    for (r, row) in body.iter().enumerate() {
        let line_span = row[0].span.start..row.last().map_or(row[0].span.end, |c| c.span.end);
        if r >= n {
            diagnostics.push(
                Diagnostic::error(
                    CODE,
                    format!("the matrix has more rows than its {n} concepts"),
                )
                .at(line_span, "extra row")
                .help("a weight matrix is square: one row per concept, in the header's order")
                .in_file(file),
            );
            break;
        }
        if labelled && row[0].text != names[r] {
            diagnostics.push(
                Diagnostic::error(
                    CODE,
                    format!(
                        "row {} is labelled {:?} but column {} is {:?}",
                        r + 1,
                        row[0].text,
                        r + 1,
                        names[r]
                    ),
                )
                .at(row[0].span.clone(), "row label")
                .help("list the rows in the same order as the columns, one per concept")
                .in_file(file),
            );
        }
        let mut cells = &row[first_column.min(row.len())..];
        while cells.len() > n && cells.last().is_some_and(|c| c.text.is_empty()) {
            cells = &cells[..cells.len() - 1];
        }
        if cells.len() != n {
            diagnostics.push(
                Diagnostic::error(
                    CODE,
                    format!(
                        "this row has {} weights, but there are {n} concepts",
                        cells.len()
                    ),
                )
                .at(line_span, "wrong number of cells")
                .help("give every row one cell per concept (empty for no link)")
                .in_file(file),
            );
            continue;
        }
        for (j, cell) in cells.iter().enumerate() {
            match parse_weight(cell, file) {
                Ok(x) => m.set(r, j, x),
                Err(d) => diagnostics.push(d),
            }
        }
    }
    if diagnostics.is_empty() && body.len() < n {
        let end = text.len();
        diagnostics.push(
            Diagnostic::error(
                CODE,
                format!("the matrix has {} rows for its {n} concepts", body.len()),
            )
            .at(end..end, "end of file")
            .help("a weight matrix is square: add a row for every concept")
            .in_file(file),
        );
    }
    if diagnostics.is_empty() {
        Ok(FcmMap::from_matrix(names, &m))
    } else {
        Err(diagnostics)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<FcmMap, Vec<Diagnostic>> {
        read_matrix(
            &SourceFile::new("w.csv", text),
            &crate::limits::Limits::default(),
        )
    }

    fn only_error(text: &str) -> (String, (usize, usize), String) {
        let errors = read(text).expect_err("invalid");
        assert_eq!(errors.len(), 1, "{errors:?}");
        let d = &errors[0];
        (
            d.message.clone(),
            d.line_column().expect("located"),
            d.help.clone().unwrap_or_default(),
        )
    }

    #[test]
    fn reads_the_labelled_layout_with_rows_as_causes() {
        let map = read(",a,b,\"c, d\"\na,0,0.5,\nb,-0.25,,1\n\"c, d\",0,0,0\n").unwrap();
        let names: Vec<_> = map.concepts.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(names, ["a", "b", "c, d"]);
        let w = map.nominal();
        assert_eq!(w.get(0, 1), 0.5);
        assert_eq!(w.get(1, 0), -0.25);
        assert_eq!(w.get(1, 2), 1.0);
        assert_eq!(w.links(), 3);
    }

    #[test]
    fn reads_bare_matrices_semicolons_crlf_and_a_bom() {
        let map = read("\u{feff}0;0.3\r\n-0.7;0\r\n").unwrap();
        assert_eq!(map.concepts[1].id, "C2");
        assert_eq!(map.nominal().get(1, 0), -0.7);
    }

    #[test]
    fn a_bad_cell_is_located_and_explained() {
        let (msg, at, help) = only_error(",a,b\na,0,x1\nb,0,0\n");
        assert!(msg.contains("\"x1\" is not a number"), "{msg}");
        assert_eq!(at, (2, 5));
        assert!(help.contains("between -1 and 1"), "{help}");

        let (msg, at, _) = only_error(",a,b\na,0,1.5\nb,0,0\n");
        assert!(msg.contains("outside [-1, 1]"), "{msg}");
        assert_eq!(at, (2, 5));
    }

    #[test]
    fn shape_errors_name_the_row() {
        let (msg, at, _) = only_error(",a,b\na,0,0,0.2\nb,0,0\n");
        assert!(msg.contains("3 weights, but there are 2"), "{msg}");
        assert_eq!(at, (2, 1));

        let (msg, at, help) = only_error(",a,b\na,0,0\nc,0,0\n");
        assert!(
            msg.contains("row 2 is labelled \"c\" but column 2 is \"b\""),
            "{msg}"
        );
        assert_eq!(at, (3, 1));
        assert!(help.contains("same order"), "{help}");

        let (msg, _, _) = only_error(",a,b\na,0,0\n");
        assert!(msg.contains("1 rows for its 2 concepts"), "{msg}");
        let (msg, at, _) = only_error(",a,a\na,0,0\na,0,0\n");
        assert!(msg.contains("named twice"), "{msg}");
        assert_eq!(at, (1, 4));
        let (msg, at, _) = only_error(",a,\"b\na,0,0\n");
        assert!(msg.contains("not closed"), "{msg}");
        assert_eq!(at, (1, 4));
        let (msg, _, _) = only_error("\n\n");
        assert!(msg.contains("empty"), "{msg}");
        let (msg, at, _) = only_error("corner\n");
        assert!(msg.contains("names no concepts"), "{msg}");
        assert_eq!(at, (1, 1));
    }
}
