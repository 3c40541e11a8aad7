//! The cross-impact matrix: descriptors, their variants, and integer judgments.
//!
//! Variants of all descriptors are numbered consecutively ("flat" indices): descriptor `j`'s
//! variants occupy `offset(j) .. offset(j) + variant_count(j)`. The cell at row `(i, a)` and
//! column `(j, b)` is the judgment C[(i,a),(j,b)]: the impact of "descriptor i is in variant a" on
//! "descriptor j is in variant b". Blocks of a descriptor on itself are empty by convention, so
//! the impact score is usually written Σ_{i≠j}. Some real files fill them (the WSCEN descriptor
//! of `cibsa_CIB_natl_regional`), and ScenarioWizard then adds them to the score like any other
//! block; so do we, to reproduce its results: θ_{j,b} = Σ_i C[(i,z_i),(j,b)], which is the usual
//! formula whenever the self blocks are empty. Readers warn about filled self blocks. Judgments are integers on any scale; a cell may also carry an interval
//! `[low, high]` of plausible judgments around its nominal value (used by
//! [`super::uncertainty`]).

use std::fmt;

use crate::model::Model;

/// A descriptor (a CIB factor) and its ordered variants.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
pub struct Descriptor {
    /// Its name (a factor id, or the label in a matrix file).
    pub name: String,
    /// Its variants, in order.
    pub variants: Vec<String>,
}

/// Why a matrix could not be built.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum MatrixError {
    /// There is no descriptor, or a descriptor has no variant.
    Empty(String),
    /// The number of cells is not the square of the number of variants.
    Shape {
        /// Variants counted over all descriptors.
        variants: usize,
        /// Cells given.
        cells: usize,
    },
    /// An interval does not contain its nominal value.
    Interval {
        /// Flat row index.
        row: usize,
        /// Flat column index.
        column: usize,
    },
    /// A judgment is too large to sum safely.
    TooLarge(i32),
}

impl fmt::Display for MatrixError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MatrixError::Empty(what) => write!(f, "{what}"),
            MatrixError::Shape { variants, cells } => write!(
                f,
                "{variants} variants need {} cells, but {cells} were given",
                variants * variants
            ),
            MatrixError::Interval { row, column } => write!(
                f,
                "the interval of cell ({row}, {column}) does not contain its nominal judgment"
            ),
            MatrixError::TooLarge(v) => write!(
                f,
                "judgment {v} is outside ±{MAX_JUDGMENT}, the largest a matrix accepts"
            ),
        }
    }
}

impl std::error::Error for MatrixError {}

/// The largest absolute judgment accepted, so that every sum of judgments fits comfortably in
/// an `i64` and every sum over a scenario fits in an `i32`-sized range per descriptor.
pub const MAX_JUDGMENT: i32 = 1 << 20;

/// A cross-impact matrix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Matrix {
    descriptors: Vec<Descriptor>,
    offsets: Vec<usize>,
    owner: Vec<usize>,
    cells: Vec<i32>,
    intervals: Option<Vec<(i32, i32)>>,
}

impl Matrix {
    /// A matrix from descriptors and row-major cells (`cells[row * n + column]`, `n` the total
    /// number of variants).
    pub fn new(descriptors: Vec<Descriptor>, cells: Vec<i32>) -> Result<Matrix, MatrixError> {
        if descriptors.is_empty() {
            return Err(MatrixError::Empty("the matrix has no descriptor".into()));
        }
        let mut offsets = Vec::with_capacity(descriptors.len() + 1);
        let mut owner = Vec::new();
        offsets.push(0);
        for (j, d) in descriptors.iter().enumerate() {
            if d.variants.is_empty() {
                return Err(MatrixError::Empty(format!(
                    "descriptor {} has no variant",
                    d.name
                )));
            }
            owner.extend(std::iter::repeat_n(j, d.variants.len()));
            offsets.push(owner.len());
        }
        let n = owner.len();
        if cells.len() != n * n {
            return Err(MatrixError::Shape {
                variants: n,
                cells: cells.len(),
            });
        }
        if let Some(&v) = cells
            .iter()
            .find(|v| v.unsigned_abs() > MAX_JUDGMENT as u32)
        {
            return Err(MatrixError::TooLarge(v));
        }
        Ok(Matrix {
            descriptors,
            offsets,
            owner,
            cells,
            intervals: None,
        })
    }

    /// Adds per-cell intervals `(low, high)` of plausible judgments, row-major like the cells.
    pub fn with_intervals(mut self, intervals: Vec<(i32, i32)>) -> Result<Matrix, MatrixError> {
        let n = self.variant_total();
        if intervals.len() != n * n {
            return Err(MatrixError::Shape {
                variants: n,
                cells: intervals.len(),
            });
        }
        for (k, &(low, high)) in intervals.iter().enumerate() {
            let nominal = self.cells[k];
            if !(low <= nominal && nominal <= high) {
                return Err(MatrixError::Interval {
                    row: k / n,
                    column: k % n,
                });
            }
            if low.unsigned_abs().max(high.unsigned_abs()) > MAX_JUDGMENT as u32 {
                return Err(MatrixError::TooLarge(if low.abs() > high.abs() {
                    low
                } else {
                    high
                }));
            }
        }
        self.intervals = Some(intervals);
        Ok(self)
    }

    /// The CIB part of a model: every factor with states is a descriptor (in model order), every
    /// judgment block between two of them fills its cells; missing blocks are zero. Intervals
    /// written in the model become the cells' intervals. `None` when the model has no factor
    /// with states.
    pub fn from_model(model: &Model) -> Option<Result<Matrix, MatrixError>> {
        let factor_to_descriptor: Vec<Option<usize>> = {
            let mut next = 0;
            model
                .factors
                .iter()
                .map(|f| {
                    (!f.states.is_empty()).then(|| {
                        next += 1;
                        next - 1
                    })
                })
                .collect()
        };
        let descriptors: Vec<Descriptor> = model
            .factors
            .iter()
            .filter(|f| !f.states.is_empty())
            .map(|f| Descriptor {
                name: f.id.clone(),
                variants: f.states.clone(),
            })
            .collect();
        if descriptors.is_empty() {
            return None;
        }
        let mut offsets = vec![0];
        for d in &descriptors {
            offsets.push(offsets.last().unwrap_or(&0) + d.variants.len());
        }
        let n = offsets[descriptors.len()];
        let mut cells = vec![0; n * n];
        let mut intervals = vec![(0, 0); n * n];
        for judgment in &model.judgments {
            let (Some(i), Some(j)) = (
                factor_to_descriptor[judgment.from],
                factor_to_descriptor[judgment.to],
            ) else {
                continue;
            };
            for (a, row) in judgment.impacts.iter().enumerate() {
                for (b, cell) in row.iter().enumerate() {
                    let k = (offsets[i] + a) * n + offsets[j] + b;
                    cells[k] = cell.nominal;
                    intervals[k] = (cell.low, cell.high);
                }
            }
        }
        Some(Matrix::new(descriptors, cells).and_then(|m| m.with_intervals(intervals)))
    }

    /// The descriptors, in order.
    pub fn descriptors(&self) -> &[Descriptor] {
        &self.descriptors
    }

    /// The number of descriptors.
    pub fn descriptor_count(&self) -> usize {
        self.descriptors.len()
    }

    /// The number of variants of descriptor `j`.
    pub fn variant_count(&self, j: usize) -> usize {
        self.offsets[j + 1] - self.offsets[j]
    }

    /// The flat index of descriptor `j`'s first variant.
    pub fn offset(&self, j: usize) -> usize {
        self.offsets[j]
    }

    /// The total number of variants (the matrix is this many rows and columns).
    pub fn variant_total(&self) -> usize {
        self.owner.len()
    }

    /// The descriptor a flat variant index belongs to.
    pub fn owner(&self, flat: usize) -> usize {
        self.owner[flat]
    }

    /// The number of scenarios (the product of the variant counts), or `None` past `u128`.
    pub fn scenario_count(&self) -> Option<u128> {
        (0..self.descriptor_count()).try_fold(1u128, |acc, j| {
            acc.checked_mul(self.variant_count(j) as u128)
        })
    }

    /// C[(i,a),(j,b)].
    pub fn impact(&self, i: usize, a: usize, j: usize, b: usize) -> i32 {
        self.cells[(self.offsets[i] + a) * self.variant_total() + self.offsets[j] + b]
    }

    /// The row of flat variant `row`: its impacts on every flat variant.
    pub fn row(&self, row: usize) -> &[i32] {
        let n = self.variant_total();
        &self.cells[row * n..(row + 1) * n]
    }

    /// All cells, row-major.
    pub fn cells(&self) -> &[i32] {
        &self.cells
    }

    /// The per-cell intervals `(low, high)`, row-major, when the matrix has them.
    pub fn intervals(&self) -> Option<&[(i32, i32)]> {
        self.intervals.as_deref()
    }

    /// The same descriptors with other cells (same shape).
    pub fn with_cells(&self, cells: Vec<i32>) -> Result<Matrix, MatrixError> {
        Matrix::new(self.descriptors.clone(), cells)
    }

    /// Index of the descriptor with this name.
    pub fn descriptor_index(&self, name: &str) -> Option<usize> {
        self.descriptors.iter().position(|d| d.name == name)
    }

    /// A scenario's label, e.g. `WTRD:Ntl WSEC:Alrt WECO:Stag`.
    pub fn label(&self, scenario: &[usize]) -> String {
        let parts: Vec<String> = scenario
            .iter()
            .enumerate()
            .map(|(j, &v)| {
                format!(
                    "{}:{}",
                    self.descriptors[j].name, self.descriptors[j].variants[v]
                )
            })
            .collect();
        parts.join(" ")
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A matrix from descriptor sizes and row-major cells, with generated names.
    pub(crate) fn matrix(sizes: &[usize], cells: Vec<i32>) -> Matrix {
        let descriptors = sizes
            .iter()
            .enumerate()
            .map(|(j, &k)| Descriptor {
                name: format!("D{j}"),
                variants: (0..k).map(|v| format!("v{v}")).collect(),
            })
            .collect();
        Matrix::new(descriptors, cells).expect("a valid test matrix")
    }

    #[test]
    fn shape_and_intervals_are_checked() {
        let d = |k: usize| Descriptor {
            name: format!("D{k}"),
            variants: vec!["a".into(), "b".into()],
        };
        assert_eq!(
            Matrix::new(vec![d(0), d(1)], vec![0; 15]),
            Err(MatrixError::Shape {
                variants: 4,
                cells: 15
            })
        );
        let mut cells = vec![0; 16];
        cells[1] = 2;
        cells[2] = 3;
        let m = Matrix::new(vec![d(0), d(1)], cells).unwrap();
        // A self block is kept (ScenarioWizard counts it).
        assert_eq!(m.impact(0, 0, 0, 1), 2);
        assert_eq!(m.impact(0, 0, 1, 0), 3);
        assert_eq!(m.scenario_count(), Some(4));
        let mut iv: Vec<(i32, i32)> = m.cells().iter().map(|&c| (c, c)).collect();
        iv[2] = (4, 5);
        assert_eq!(
            m.clone().with_intervals(iv.clone()),
            Err(MatrixError::Interval { row: 0, column: 2 })
        );
        iv[2] = (2, 5);
        assert!(m.with_intervals(iv).is_ok());
    }

    #[test]
    fn the_example_model_gives_its_four_descriptors_and_blocks() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../examples/energy-transition.toml"
        );
        let loaded = crate::model::load_file(
            std::path::Path::new(path),
            &crate::model::LoadOptions::default(),
        )
        .unwrap();
        let m = Matrix::from_model(&loaded.model).unwrap().unwrap();
        let names: Vec<&str> = m.descriptors().iter().map(|d| d.name.as_str()).collect();
        assert_eq!(
            names,
            ["carbon_price", "gas_shock", "coal_jobs", "emissions"]
        );
        assert_eq!(m.variant_total(), 10);
        // carbon_price:high on emissions:falling is +3; coal_jobs:falling on carbon_price:high −2.
        assert_eq!(m.impact(0, 2, 3, 0), 3);
        assert_eq!(m.impact(2, 0, 0, 2), -2);
        // The uncertain judgment [1, 3] of carbon_price:high on coal_jobs:falling, nominal 2.
        let n = m.variant_total();
        let k = (m.offset(0) + 2) * n + m.offset(2);
        assert_eq!(m.intervals().unwrap()[k], (1, 3));
        assert_eq!(m.cells()[k], 2);
        // No block gas_shock → coal_jobs: zero.
        assert_eq!(m.impact(1, 1, 2, 0), 0);
    }
}
