//! ScenarioWizard files: `.scw` models (read) and `.sl` solution lists (written and read).
//!
//! A `.scw` file (ScenarioWizard 4) is line-based: a `$ ScenarioWizard` header line and the file
//! name; then one `&NAME` line per descriptor, each followed by its ` -VARIANT` lines, up to a
//! line `#`; then sections of descriptions and colours separated by `#` lines; then the matrix,
//! one line per source variant with comma-separated integers (`-2 , 1 , 0`), in the descriptors'
//! order; then free-text sections. The matrix is recognised as the first line after the
//! descriptor list made of comma-separated integers, followed by as many such lines as there are
//! variants.
//!
//! A `.sl` solution list (ScenarioWizard 3) is a header `$ ScenarioWizard 3.0`, `Solution set`,
//! the count, a blank line, then one line per scenario: `" i1 i2 … iN",weight,CV,0,TIS,""` with
//! 1-based variant indices; the weight is the scenario's global-succession basin weight.

use std::fmt::Write as _;

use crate::cib::matrix::{Descriptor, MAX_JUDGMENT, Matrix};
use crate::cib::solution::Solution;
use crate::limits::Limits;
use crate::{Diagnostic, SourceFile};

const CODE: &str = "cib::scw";

/// Line `index` (0-based) of `text`, with its byte span.
fn lines(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        out.push((start, line.trim_end_matches(['\n', '\r'])));
        start += line.len();
    }
    out
}

/// Reads the descriptors and matrix of a ScenarioWizard `.scw` file; `name` is the file name
/// diagnostics show. Returns the matrix and warnings (filled self blocks).
pub fn read_scw(
    name: &str,
    text: &str,
    limits: &Limits,
) -> Result<(Matrix, Vec<Diagnostic>), Vec<Diagnostic>> {
    let file = SourceFile::new(name, text);
    let err = |span: std::ops::Range<usize>, message: String, label: &str, help: &str| {
        Diagnostic::error(CODE, message)
            .at(span, label)
            .help(help)
            .in_file(&file)
    };
    let lines = lines(text);
    let Some(&(_, first)) = lines.first() else {
        return Err(vec![err(
            0..0,
            "the ScenarioWizard file is empty".into(),
            "nothing here",
            "save the model from ScenarioWizard as a .scw file",
        )]);
    };
    if !first.starts_with("$ ScenarioWizard") {
        return Err(vec![err(
            0..first.len(),
            "this is not a ScenarioWizard .scw file".into(),
            "expected `$ ScenarioWizard 4.0`",
            "a .scw file begins with the line `$ ScenarioWizard 4.0`",
        )]);
    }
    let mut descriptors: Vec<Descriptor> = Vec::new();
    // The span of each descriptor's `&NAME` line, for errors about the descriptor.
    let mut declared: Vec<std::ops::Range<usize>> = Vec::new();
    let mut k = 2;
    while k < lines.len() && !lines[k].1.starts_with('#') {
        let (start, line) = lines[k];
        if let Some(d) = line.strip_prefix('&') {
            descriptors.push(Descriptor {
                name: d.trim().to_owned(),
                variants: Vec::new(),
            });
            declared.push(start..start + line.len());
        } else if let Some(v) = line.trim_start().strip_prefix('-') {
            let total: usize = descriptors.iter().map(|d| d.variants.len()).sum();
            let most = limits.columns;
            if total as u64 >= most {
                // The matrix is (variants)² cells: refuse before it is allocated.
                return Err(vec![err(
                    start..start + line.len(),
                    Limits::exceeded("columns", format!("{} variants", total + 1), most),
                    "one variant too many",
                    "a cross-impact matrix of this size cannot be analysed exhaustively anyway",
                )]);
            }
            match descriptors.last_mut() {
                Some(d) => d.variants.push(v.trim().to_owned()),
                None => {
                    return Err(vec![err(
                        start..start + line.len(),
                        "a variant comes before any descriptor".into(),
                        "variant",
                        "each descriptor is a line `&NAME` followed by its lines ` -VARIANT`",
                    )]);
                }
            }
        } else if !line.trim().is_empty() {
            return Err(vec![err(
                start..start + line.len(),
                format!("unexpected line {line:?} in the descriptor list"),
                "neither `&NAME` nor ` -VARIANT`",
                "each descriptor is a line `&NAME` followed by its lines ` -VARIANT`",
            )]);
        }
        k += 1;
    }
    // Where the descriptor list ends: its closing `#` line, or the end of the file.
    let list_end = lines
        .get(k)
        .map_or(text.len()..text.len(), |&(start, line)| {
            start..start + line.len()
        });
    if let Some(j) = descriptors.iter().position(|d| d.variants.is_empty()) {
        return Err(vec![err(
            declared[j].clone(),
            format!("descriptor {} has no variant", descriptors[j].name),
            "no ` -VARIANT` line follows",
            "give every descriptor at least one ` -VARIANT` line",
        )]);
    }
    if descriptors.is_empty() {
        return Err(vec![err(
            list_end,
            "the file lists no descriptor".into(),
            "the descriptor list ends here",
            "descriptors are lines `&NAME` after the file name",
        )]);
    }
    let n: usize = descriptors.iter().map(|d| d.variants.len()).sum();
    let is_row = |line: &str| {
        line.contains(',') || n == 1 && line.trim().parse::<i32>().is_ok()
    } && line.split(',').all(|f| f.trim().parse::<i32>().is_ok());
    let Some(top) = (k..lines.len()).find(|&r| is_row(lines[r].1)) else {
        return Err(vec![err(
            list_end,
            "no cross-impact matrix found".into(),
            "no line of integers after the descriptor list",
            &format!(
                "after the descriptor list, the matrix is {n} lines of {n} comma-separated integers"
            ),
        )]);
    };
    let mut cells = Vec::with_capacity(n * n);
    let mut errors = Vec::new();
    for r in 0..n {
        let Some(&(start, line)) = lines.get(top + r) else {
            errors.push(err(
                text.len()..text.len(),
                format!("the matrix has {r} rows, but the descriptors have {n} variants"),
                "the file ends here",
                "give the matrix one row per variant",
            ));
            break;
        };
        let mut offset = start;
        let fields: Vec<&str> = line.split(',').collect();
        if fields.len() != n {
            errors.push(err(
                start..start + line.len(),
                format!(
                    "matrix row {} has {} cells, expected {n}",
                    r + 1,
                    fields.len()
                ),
                "row",
                "give every matrix row one cell per variant",
            ));
            continue;
        }
        for field in fields {
            match field.trim().parse::<i32>() {
                Ok(v) if v.abs() <= MAX_JUDGMENT => cells.push(v),
                _ => errors.push(err(
                    offset..offset + field.len(),
                    format!("cell {:?} is not an integer judgment", field.trim()),
                    "expected an integer",
                    "write each impact as a whole number, e.g. -2 or 3",
                )),
            }
            offset += field.len() + 1;
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    // The checks above leave the matrix's own invariants to guard; point at its first row.
    let m = Matrix::new(descriptors, cells).map_err(|e| {
        let (start, line) = lines[top];
        vec![err(
            start..start + line.len(),
            e.to_string(),
            "the matrix",
            "check the descriptors and the matrix",
        )]
    })?;
    let mut warnings = Vec::new();
    for j in 0..m.descriptor_count() {
        let k = m.variant_count(j);
        if (0..k).any(|a| (0..k).any(|b| m.impact(j, a, j, b) != 0)) {
            let (start, line) = lines[top + m.offset(j)];
            warnings.push(
                Diagnostic::warning(
                    CODE,
                    format!(
                        "descriptor {} acts on itself; its block on itself is added to its \
                         scores, as ScenarioWizard does",
                        m.descriptors()[j].name
                    ),
                )
                .at(start..start + line.len(), "row of a filled self block")
                .help("CIB usually leaves these blocks empty: set them to 0 unless you mean it")
                .in_file(&file),
            );
        }
    }
    Ok((m, warnings))
}

/// Writes a ScenarioWizard `.sl` solution list. `weights[k]` is the basin weight of
/// `solutions[k]` (0 where unknown).
pub fn write_sl(solutions: &[Solution], weights: &[u128]) -> String {
    let mut out = format!(
        "$ ScenarioWizard 3.0\nSolution set\n {} \n\n",
        solutions.len()
    );
    for (k, s) in solutions.iter().enumerate() {
        let indices: String = s.variants.iter().map(|v| format!(" {}", v + 1)).collect();
        let weight = weights.get(k).copied().unwrap_or(0);
        let _ = writeln!(
            out,
            "\"{indices}\",{weight},{},0,{},\"\"",
            s.scores.consistency, s.scores.tis
        );
    }
    out
}

/// One line of a `.sl` file: 0-based variants, weight (as written), consistency value, TIS.
#[derive(Clone, Debug, PartialEq)]
pub struct SlEntry {
    /// The chosen variant of each descriptor (0-based).
    pub variants: Vec<usize>,
    /// The weight field as ScenarioWizard wrote it (it saturates at 2^24 = 1.677722E+07).
    pub weight: f64,
    /// Consistency value.
    pub consistency: i64,
    /// Total impact score.
    pub tis: i64,
}

/// Reads a `.sl` solution list.
pub fn read_sl(name: &str, text: &str) -> Result<Vec<SlEntry>, Diagnostic> {
    let file = SourceFile::new(name, text);
    let mut out = Vec::new();
    for (start, line) in lines(text) {
        if !line.starts_with('"') {
            continue;
        }
        let bad = || {
            Diagnostic::error(
                CODE,
                "this solution line is not `\" i1 … iN\",weight,CV,0,TIS,\"\"`",
            )
            .at(start..start + line.len(), "solution line")
            .help("write solution lines as ScenarioWizard does")
            .in_file(&file)
        };
        let mut parts = line.splitn(3, '"');
        let (_, indices, rest) = (parts.next(), parts.next().ok_or_else(bad)?, parts.next());
        let fields: Vec<&str> = rest.ok_or_else(bad)?.split(',').collect();
        if fields.len() < 5 {
            return Err(bad());
        }
        let variants = indices
            .split_whitespace()
            .map(|v| v.parse::<usize>().ok().and_then(|v| v.checked_sub(1)))
            .collect::<Option<Vec<_>>>()
            .ok_or_else(bad)?;
        out.push(SlEntry {
            variants,
            weight: fields[1].trim().parse().map_err(|_| bad())?,
            consistency: fields[2].trim().parse().map_err(|_| bad())?,
            tis: fields[4].trim().parse().map_err(|_| bad())?,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cib::cases::{case_matrix, case_path};
    use crate::cib::{Constraints, search};

    fn scw(file: &str) -> (Matrix, Vec<Diagnostic>) {
        let path = case_path(&format!("scenariowizard/{file}"));
        let text = std::fs::read_to_string(&path).unwrap();
        read_scw(&path, &text, &crate::limits::Limits::default())
            .unwrap_or_else(|e| panic!("{path}: {e:?}"))
    }

    #[test]
    fn every_scw_file_gives_its_csv_matrix() {
        for (file, case) in [
            ("CIB_global.scw", "cibsa_CIB_global"),
            ("CIB_natl_regional.scw", "cibsa_CIB_natl_regional"),
            ("CIB_nested.scw", "cibsa_CIB_nested"),
            (
                "CIB_nested_simplified_standardized.scw",
                "cibsa_CIB_nested_simplified_standardized",
            ),
        ] {
            let (m, warnings) = scw(file);
            assert_eq!(m, case_matrix(case), "{file}");
            // A warning for each filled self block, as the CSV reader gives.
            let path = case_path(&format!("{case}.matrix.csv"));
            let csv_text = std::fs::read_to_string(&path).unwrap();
            let (_, csv_warnings) = crate::cib::io::csv::read_matrix(
                &path,
                &csv_text,
                &crate::limits::Limits::default(),
            )
            .unwrap();
            assert_eq!(warnings.len(), csv_warnings.len(), "{file}");
        }
        // The non-standard variant has no CSV: same descriptors as the standardized one.
        let (m, _) = scw("CIB_nested_simplified_nonstandard.scw");
        let standard = case_matrix("cibsa_CIB_nested_simplified_standardized");
        assert_eq!(m.descriptors(), standard.descriptors());
        // natl_regional fills the self block of WSCEN: the reader says so.
        let (_, warnings) = scw("CIB_natl_regional.scw");
        assert!(warnings.iter().any(|w| w.message.contains("WSCEN")));
    }

    #[test]
    fn sl_files_list_the_search_results_and_round_trip() {
        for (file, case) in [
            ("CIB_global.sl", "cibsa_CIB_global"),
            ("CIB_natl_regional.sl", "cibsa_CIB_natl_regional"),
            (
                "CIB_nested_simplified_standardized.sl",
                "cibsa_CIB_nested_simplified_standardized",
            ),
        ] {
            let path = case_path(&format!("scenariowizard/{file}"));
            let mut published = read_sl(&path, &std::fs::read_to_string(&path).unwrap()).unwrap();
            let found = search(&case_matrix(case), &Constraints::consistent());
            let weights: Vec<u128> = found
                .iter()
                .map(|s| {
                    let e = published.iter().find(|e| e.variants == s.variants).unwrap();
                    e.weight as u128
                })
                .collect();
            let mut again = read_sl("again.sl", &write_sl(&found, &weights)).unwrap();
            published.sort_by(|x, y| x.variants.cmp(&y.variants));
            again.sort_by(|x, y| x.variants.cmp(&y.variants));
            assert_eq!(again, published, "{file}");
        }
    }

    #[test]
    fn bad_files_get_located_errors() {
        let text =
            "$ ScenarioWizard 4.0\nx.scw\n&A\n -a\n -b\n&B\n -c\n#\n#\n0,0,1\n0,0,zz\n1,2,0\n#\n";
        let errors = read_scw("x.scw", text, &crate::limits::Limits::default()).unwrap_err();
        assert!(
            errors[0].message.contains("\"zz\""),
            "{}",
            errors[0].message
        );
        assert_eq!(errors[0].line_column(), Some((11, 5)));
        let errors = read_scw("x.scw", "hello\n", &crate::limits::Limits::default()).unwrap_err();
        assert!(errors[0].message.contains("not a ScenarioWizard"));
        let errors = read_scw(
            "x.scw",
            "$ ScenarioWizard 4.0\nx\n -a\n",
            &crate::limits::Limits::default(),
        )
        .unwrap_err();
        assert!(errors[0].message.contains("before any descriptor"));
        assert_eq!(errors[0].line_column(), Some((3, 1)));
        let errors = read_scw(
            "x.scw",
            "$ ScenarioWizard 4.0\nx\n&A\n -a\n&B\n -b\n#\n0,1\n",
            &crate::limits::Limits::default(),
        )
        .unwrap_err();
        assert!(
            errors[0].message.contains("1 rows"),
            "{}",
            errors[0].message
        );
        assert!(read_sl("x.sl", "\"1 x\",1,0,0,3,\"\"\n").is_err());
    }

    #[test]
    fn errors_about_the_whole_file_point_at_a_line() {
        let at = |text: &str| {
            let errors = read_scw("x.scw", text, &crate::limits::Limits::default()).unwrap_err();
            assert_eq!(errors.len(), 1, "{errors:?}");
            (errors[0].message.clone(), errors[0].line_column())
        };
        // A descriptor without variants: its `&NAME` line.
        let (message, place) = at("$ ScenarioWizard 4.0\nx\n&A\n -a\n&B\n&C\n -c\n#\n0,1\n1,0\n");
        assert_eq!(message, "descriptor B has no variant");
        assert_eq!(place, Some((5, 1)));
        // Too few matrix rows: the end of the file.
        let (message, place) = at("$ ScenarioWizard 4.0\nx\n&A\n -a\n&B\n -b\n#\n0,1\n");
        assert!(message.contains("1 rows"), "{message}");
        assert_eq!(place, Some((9, 1)));
        // No descriptor, no matrix: the `#` line that closes the list.
        let (message, place) = at("$ ScenarioWizard 4.0\nx\n#\n");
        assert_eq!(message, "the file lists no descriptor");
        assert_eq!(place, Some((3, 1)));
        let (message, place) = at("$ ScenarioWizard 4.0\nx\n&A\n -a\n -b\n#\ntext\n");
        assert_eq!(message, "no cross-impact matrix found");
        assert_eq!(place, Some((6, 1)));
        assert_eq!(at("").1, Some((1, 1)));
    }
}
