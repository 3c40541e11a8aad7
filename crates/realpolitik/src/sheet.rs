//! Reading one worksheet of a spreadsheet without trusting its declared size.
//!
//! calamine's `worksheet_range` reserves room for every cell the sheet *declares*
//! (`<dimension ref="A1:XFD1048576"/>` is 17 billion cells, 512 GiB) and then fills a dense grid
//! spanning the cells it finds (one cell at A1 and one at XFD1048576 make the same grid). For
//! `.xlsx` files this streams the cells instead, checking the declared and the actual extent
//! against the cells limit before building the grid. Other formats (`.xls`, `.xlsb`, `.ods`)
//! are read by calamine as before, after the file-size check.

use std::path::Path;

use calamine::{Cell, Data, Range, Reader, Sheets, open_workbook_auto};

use crate::limits::Limits;

/// The column letters of a 0-based column index: 0 → A, 25 → Z, 26 → AA.
pub fn column_name(mut col: u32) -> String {
    let mut name = Vec::new();
    loop {
        name.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    name.reverse();
    String::from_utf8(name).expect("ASCII letters")
}

/// The sheet's names and a way to read one: opened after checking the file itself.
pub struct Workbook {
    book: Sheets<std::io::BufReader<std::fs::File>>,
    /// The cells limit its sheets are read under.
    cells: u64,
    /// The columns limit: a matrix has a row per variant or concept (and one of labels), so
    /// a sheet spanning more rows is refused before its cells are stored.
    columns: u64,
}

impl Workbook {
    /// Opens a spreadsheet that is a regular file under the file-size limit; its sheets are
    /// read under the cells limit.
    pub fn open(path: &Path, limits: &Limits) -> Result<Workbook, String> {
        crate::io::check_input(path, limits).map_err(|e| e.to_string())?;
        if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
        {
            check_package(path, limits)?;
        }
        let book = open_workbook_auto(path).map_err(|e| e.to_string())?;
        Ok(Workbook {
            book,
            cells: limits.cells,
            columns: limits.columns,
        })
    }

    /// The names of its sheets, in order.
    pub fn sheet_names(&self) -> Vec<String> {
        self.book.sheet_names()
    }

    /// The cells of sheet `name`, refused when it declares or holds more than the cells limit.
    ///
    /// A malformed file can make calamine itself panic (a cell reference whose column overflows
    /// its arithmetic, found by fuzzing): that is caught here and reported as an error.
    pub fn range(&mut self, name: &str) -> Result<Range<Data>, String> {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.read_range(name)))
            .unwrap_or_else(|_| {
                Err(format!(
                    "sheet {name:?} is malformed (the spreadsheet reader failed on it, e.g. on a \
                     cell reference out of range): save it again from a spreadsheet program"
                ))
            })
    }

    fn read_range(&mut self, name: &str) -> Result<Range<Data>, String> {
        let (limit, columns) = (self.cells, self.columns);
        let Sheets::Xlsx(xlsx) = &mut self.book else {
            return self.book.worksheet_range(name).map_err(|e| e.to_string());
        };
        let mut reader = xlsx
            .worksheet_cells_reader(name)
            .map_err(|e| e.to_string())?;
        let declared = reader.dimensions();
        if let Some(n) = extent(declared.start, declared.end)
            && n > limit
        {
            return Err(too_many(declared.start, declared.end, n, limit));
        }
        check_rows(columns, declared.start, declared.end)?;
        let mut cells = Vec::new();
        let (mut low, mut high) = ((u32::MAX, u32::MAX), (0u32, 0u32));
        while let Some(cell) = reader.next_cell().map_err(|e| e.to_string())? {
            let (r, c) = cell.get_position();
            low = (low.0.min(r), low.1.min(c));
            high = (high.0.max(r), high.1.max(c));
            let n = extent(low, high).unwrap_or(u64::MAX);
            if n > limit {
                return Err(too_many(low, high, n, limit));
            }
            check_rows(columns, low, high)?;
            cells.push(Cell::new((r, c), Data::from(cell.get_value().clone())));
        }
        Ok(Range::from_sparse(cells))
    }
}

/// Checks an `.xlsx` package before the spreadsheet reader parses it: its parts inflate to at
/// most the file-size limit in all (a 410 kB file inflating to 400 MB was read whole), and no
/// XML part declares a document type or entities (a DTD's entities can expand without bound,
/// or refer to files; an undefined entity was read as 0, so a sheet of them was a matrix of
/// zeros). Spreadsheet programs never write either. The parts are inflated as a stream that
/// stops at the limit, whatever sizes the archive declares.
fn check_package(path: &Path, limits: &Limits) -> Result<(), String> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let mut archive = zip::ZipArchive::new(std::io::BufReader::new(file))
        .map_err(|e| format!("not a spreadsheet (.xlsx is a zip archive): {e}"))?;
    let mut left = limits.file_size;
    let mut chunk = vec![0u8; 64 << 10];
    for i in 0..archive.len() {
        let mut part = archive.by_index(i).map_err(|e| e.to_string())?;
        let name = part
            .name()
            .map_or_else(|_| format!("#{i}"), |n| n.into_owned());
        let xml = name.ends_with(".xml") || name.ends_with(".rels");
        // The tail of the previous chunk, so that a marker split across two is still seen.
        let mut carry: Vec<u8> = Vec::new();
        loop {
            let n = part.read(&mut chunk).map_err(|e| {
                format!(
                    "part {name} is malformed ({e}): save the sheet again from a spreadsheet \
                     program"
                )
            })?;
            if n == 0 {
                break;
            }
            left = left.checked_sub(n as u64).ok_or_else(|| {
                Limits::exceeded(
                    "file-size",
                    "the spreadsheet's parts, inflated,",
                    format!("{} bytes", limits.file_size),
                )
            })?;
            if xml {
                carry.extend_from_slice(&chunk[..n]);
                if let Some(marker) = [&b"<!DOCTYPE"[..], b"<!ENTITY"]
                    .into_iter()
                    .find(|m| carry.windows(m.len()).any(|w| w.eq_ignore_ascii_case(m)))
                {
                    return Err(format!(
                        "part {name} declares {}: spreadsheets do not, and its entities could \
                         expand without bound or read other files; save the sheet again from a \
                         spreadsheet program",
                        if marker.starts_with(b"<!D") {
                            "a document type"
                        } else {
                            "an entity"
                        }
                    ));
                }
                let keep = carry.len().saturating_sub(16);
                carry.drain(..keep);
            }
        }
    }
    Ok(())
}

/// Refuses a sheet spanning more rows than a matrix under the `columns` limit has.
fn check_rows(columns: u64, start: (u32, u32), end: (u32, u32)) -> Result<(), String> {
    let rows = u64::from(end.0.saturating_sub(start.0)) + 1;
    if rows <= columns + 1 {
        return Ok(());
    }
    let name = |(r, c): (u32, u32)| format!("{}{}", column_name(c), u64::from(r) + 1);
    Err(Limits::exceeded(
        "columns",
        format!(
            "the sheet spans {}:{}, {rows} rows (a matrix has a row per concept or variant, and \
             one of labels)",
            name(start),
            name(end)
        ),
        columns,
    ))
}

/// The number of cells from `start` to `end` (inclusive), or `None` when `end` is before `start`.
fn extent(start: (u32, u32), end: (u32, u32)) -> Option<u64> {
    let rows = u64::from(end.0.checked_sub(start.0)?) + 1;
    let cols = u64::from(end.1.checked_sub(start.1)?) + 1;
    Some(rows * cols)
}

fn too_many(start: (u32, u32), end: (u32, u32), n: u64, limit: u64) -> String {
    let name = |(r, c): (u32, u32)| format!("{}{}", column_name(c), u64::from(r) + 1);
    Limits::exceeded(
        "cells",
        format!(
            "the sheet spans {}:{} ({n} cells, most of them empty?)",
            name(start),
            name(end)
        ),
        limit,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extents_never_overflow_or_underflow() {
        assert_eq!(extent((0, 0), (0, 0)), Some(1));
        assert_eq!(extent((0, 0), (1_048_575, 16_383)), Some(17_179_869_184));
        assert_eq!(extent((5, 5), (1, 1)), None);
        assert_eq!(column_name(16_383), "XFD");
    }

    #[test]
    fn column_names_follow_spreadsheet_letters() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(27), "AB");
        assert_eq!(column_name(701), "ZZ");
        assert_eq!(column_name(702), "AAA");
        assert_eq!(column_name(27 * 26), "AAA");
    }
}
