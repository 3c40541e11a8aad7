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
//!
//! **Conditional judgments** ([`Gate`]). Standard CIB sums pairwise impacts only, so it cannot
//! say "i pushes j only while k is in state c" (the usual workaround is an auxiliary
//! descriptor standing for the combination, which then shows in every scenario). A gate is a context-dependent judgment group:
//! the block of i on j that acts depends on k's variant, G_s[(i,a),(j,b)] for z_k = s, so the
//! impact score gains a term that reads three descriptors,
//!
//! θ_{j,b}(z) = Σ_i C[(i,z_i),(j,b)] + Σ_gates G_{z_k}[(i,z_i),(j,b)].
//!
//! With the context variants of every gating descriptor fixed, this is an ordinary matrix
//! ([`Matrix::in_context`]), which is how the search and the impact diagram use it. A matrix
//! without gates is the usual CIB.

use std::fmt;

use crate::model::Model;

/// A descriptor (a CIB factor) and its ordered variants.
#[derive(
    Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
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

/// A cross-impact matrix. As JSON (a work unit carries one, [`crate::analysis::units`]) it is
/// its descriptors, cells row-major, intervals and gates, checked as [`Matrix::new`] checks
/// them when read.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(into = "MatrixData", try_from = "MatrixData")]
pub struct Matrix {
    descriptors: Vec<Descriptor>,
    offsets: Vec<usize>,
    owner: Vec<usize>,
    cells: Vec<i32>,
    intervals: Option<Vec<(i32, i32)>>,
    gates: Vec<Gate>,
}

/// A conditional judgment's block for each of the `states` variants of the descriptor its
/// condition reads: the block where `requires` holds (at the variant's position s / (K − 1))
/// and zeros elsewhere; under `scaled_by`, each nominal cell times s / (K − 1), rounded to the
/// nearest integer with halves away from zero (CIB judgments are integers; the rounding keeps
/// the block whole at the top variant and absent at the bottom).
fn context_blocks(judgment: &crate::model::Judgment, states: usize) -> Vec<Vec<i32>> {
    let position = |s: usize| s as f64 / (states.max(2) - 1) as f64;
    (0..states)
        .map(|s| {
            let scale = match &judgment.requires {
                Some(c) if !c.holds(position(s)) => 0.0,
                Some(_) => 1.0,
                None => position(s),
            };
            judgment
                .impacts
                .iter()
                .flatten()
                .map(|cell| (f64::from(cell.nominal) * scale).round() as i32)
                .collect()
        })
        .collect()
}

/// A context-dependent judgment group: the block of descriptor `from` on `to` that acts while
/// descriptor `on` is in each of its variants (see the module's account of gates).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Gate {
    /// The acting descriptor i.
    pub from: usize,
    /// The descriptor acted upon j.
    pub to: usize,
    /// The descriptor whose variant decides which block acts, k.
    pub on: usize,
    /// `blocks[s]`: the block acting while `on` is in variant s, row-major (one row per
    /// variant of `from`, one column per variant of `to`); all zeros where it does not act.
    pub blocks: Vec<Vec<i32>>,
}

/// A [`Matrix`] as data, for serde: what [`Matrix::new`], [`Matrix::with_intervals`] and
/// [`Matrix::with_gates`] take.
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct MatrixData {
    descriptors: Vec<Descriptor>,
    cells: Vec<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    intervals: Option<Vec<(i32, i32)>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    gates: Vec<Gate>,
}

impl From<Matrix> for MatrixData {
    fn from(m: Matrix) -> Self {
        MatrixData {
            descriptors: m.descriptors,
            cells: m.cells,
            intervals: m.intervals,
            gates: m.gates,
        }
    }
}

impl TryFrom<MatrixData> for Matrix {
    type Error = MatrixError;

    fn try_from(d: MatrixData) -> Result<Self, MatrixError> {
        let mut m = Matrix::new(d.descriptors, d.cells)?.with_gates(d.gates)?;
        if let Some(intervals) = d.intervals {
            m = m.with_intervals(intervals)?;
        }
        Ok(m)
    }
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
            gates: Vec::new(),
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

    /// Adds context-dependent judgment groups ([`Gate`]).
    pub fn with_gates(mut self, gates: Vec<Gate>) -> Result<Matrix, MatrixError> {
        let d = self.descriptor_count();
        for g in &gates {
            let fits = g.from < d
                && g.to < d
                && g.on < d
                && g.blocks.len() == self.variant_count(g.on)
                && g.blocks
                    .iter()
                    .all(|b| b.len() == self.variant_count(g.from) * self.variant_count(g.to));
            if !fits {
                return Err(MatrixError::Empty(format!(
                    "a conditional block of descriptor {} on {} does not fit the matrix",
                    g.from, g.to
                )));
            }
            if let Some(&v) = g
                .blocks
                .iter()
                .flatten()
                .find(|v| v.unsigned_abs() > MAX_JUDGMENT as u32)
            {
                return Err(MatrixError::TooLarge(v));
            }
        }
        self.gates = gates;
        Ok(self)
    }

    /// The context-dependent judgment groups (none in a usual CIB matrix).
    pub fn gates(&self) -> &[Gate] {
        &self.gates
    }

    /// The descriptors some gate reads, in order, each once.
    pub fn gating_descriptors(&self) -> Vec<usize> {
        let mut on: Vec<usize> = self.gates.iter().map(|g| g.on).collect();
        on.sort_unstable();
        on.dedup();
        on
    }

    /// The ordinary matrix that holds while every gating descriptor k is in variant `z[k]`
    /// (other entries of `z` are not read): each gate's block for that variant added to its
    /// cells (and to their intervals). A scenario whose gating descriptors are in those
    /// variants has the same impact scores in it as in `self`.
    pub fn in_context(&self, z: &[usize]) -> Matrix {
        let n = self.variant_total();
        let mut cells = self.cells.clone();
        let mut intervals = self.intervals.clone();
        for g in &self.gates {
            let k_to = self.variant_count(g.to);
            for (k, &c) in g.blocks[z[g.on]].iter().enumerate() {
                let cell = (self.offsets[g.from] + k / k_to) * n + self.offsets[g.to] + k % k_to;
                cells[cell] += c;
                if let Some(iv) = intervals.as_mut() {
                    iv[cell] = (iv[cell].0 + c, iv[cell].1 + c);
                }
            }
        }
        Matrix {
            descriptors: self.descriptors.clone(),
            offsets: self.offsets.clone(),
            owner: self.owner.clone(),
            cells,
            intervals,
            gates: Vec::new(),
        }
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
        let mut gates = Vec::new();
        for judgment in &model.judgments {
            let (Some(i), Some(j)) = (
                factor_to_descriptor[judgment.from],
                factor_to_descriptor[judgment.to],
            ) else {
                continue;
            };
            let on = judgment
                .requires
                .as_ref()
                .map(|c| c.factor)
                .or(judgment.scaled_by)
                .and_then(|f| factor_to_descriptor[f]);
            if let Some(k) = on {
                gates.push(Gate {
                    from: i,
                    to: j,
                    on: k,
                    blocks: context_blocks(judgment, descriptors[k].variants.len()),
                });
                continue;
            }
            for (a, row) in judgment.impacts.iter().enumerate() {
                for (b, cell) in row.iter().enumerate() {
                    let k = (offsets[i] + a) * n + offsets[j] + b;
                    cells[k] = cell.nominal;
                    intervals[k] = (cell.low, cell.high);
                }
            }
        }
        Some(
            Matrix::new(descriptors, cells)
                .and_then(|m| m.with_intervals(intervals))
                .and_then(|m| m.with_gates(gates)),
        )
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

    /// The same descriptors and gates with other cells (same shape).
    pub fn with_cells(&self, cells: Vec<i32>) -> Result<Matrix, MatrixError> {
        Matrix::new(self.descriptors.clone(), cells)?.with_gates(self.gates.clone())
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
