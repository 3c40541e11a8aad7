//! Fuzzy cognitive map runs: a model's options compared at their steady states
//! ([`model`]), a bare matrix run from an initial state ([`matrices`]), or from many at once
//! ([`run_states`]).
//!
//! Both take one [`FcmRequest`], the settings a front end collects (the command line's `fcm`
//! flags), and decide here everything that is not rendering: which preset's start, which
//! clamps, which case the sensitivity studies, which paths the structure lists, and what the
//! HTML report needs.

mod matrix;
mod model;
mod states;
#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};

use crate::fcm::aggregate::Method;
use crate::fcm::{FcmMap, Preset, Rule, Settings, Transfer};
use crate::limits::Limits;

use super::RequestError;

pub use matrix::{FcmMatrixResult, matrices, read_matrices};
pub use model::{FcmMade, FcmModelResult, draw_unit, model, model_made, sobol_unit};
pub use states::{StatesRequest, map_of, run_states};

/// What an FCM run is asked for. The defaults are the command line's.
#[derive(Clone, Debug)]
pub struct FcmRequest {
    /// Conventions of another tool (its start, its steepness, whether sources are held).
    pub preset: Preset,
    /// Inference rule.
    pub rule: Rule,
    /// Transfer function.
    pub transfer: Transfer,
    /// Steepness λ of sigmoid and tanh.
    pub lambda: f64,
    /// Convergence threshold ε (default: the preset's).
    pub epsilon: Option<f64>,
    /// Most steps computed (default: the preset's).
    pub cap: Option<usize>,
    /// Initial activations, one per concept (default: all ones).
    pub initial: Option<Vec<f64>>,
    /// Concepts held at a value at every step, each as `CONCEPT=VALUE` (a bare matrix only: a
    /// model's clamps come from its options and triggers).
    pub clamps: Vec<String>,
    /// How several experts' matrices combine, edge by edge.
    pub aggregate: Method,
    /// Monte Carlo draws over a model's uncertain weights (0: none).
    pub draws: usize,
    /// Bootstrap resamples for the confidence interval of each Monte Carlo mean.
    pub bootstrap: usize,
    /// Seed of every random draw.
    pub seed: u64,
    /// Whether to compute the map's structure and the strongest lever → outcome paths.
    pub structure: bool,
    /// Paths kept per lever and outcome.
    pub paths: usize,
    /// The outcome concept whose sensitivity to the uncertain links is wanted.
    pub sensitivity: Option<String>,
    /// The case the sensitivity studies, `OPTION` or `OPTION+TRIGGER` (default: the first
    /// option that is not the status quo).
    pub case: Option<String>,
    /// Rows of each Saltelli sample matrix.
    pub samples: usize,
    /// Whether the HTML report's pieces are wanted (a tornado per outcome, the paths).
    pub report: bool,
    /// Whether to keep every Monte Carlo draw's effects (`FcmModelResult::draws`), not only
    /// their summaries.
    pub keep_draws: bool,
    /// The limits on the inputs this request reads and the work it may start.
    pub limits: Limits,
}

impl Default for FcmRequest {
    fn default() -> Self {
        FcmRequest {
            preset: Preset::Default,
            rule: Rule::Kosko,
            transfer: Transfer::Sigmoid,
            lambda: 1.0,
            epsilon: None,
            cap: None,
            initial: None,
            clamps: Vec::new(),
            aggregate: Method::Mean,
            draws: 0,
            bootstrap: 1000,
            seed: 2014,
            structure: false,
            paths: 3,
            sensitivity: None,
            case: None,
            samples: 1000,
            report: false,
            keep_draws: false,
            limits: Limits::default(),
        }
    }
}

impl FcmRequest {
    /// The run's settings: the preset's, with λ, ε and the cap asked for. Refuses counts out
    /// of their limits and settings that cannot run (λ ≤ 0, a zero cap).
    pub fn settings(&self) -> Result<Settings, RequestError> {
        super::count(&self.limits, "--draws", self.draws as u64, 0, "")?;
        super::count(&self.limits, "--bootstrap", self.bootstrap as u64, 0, "")?;
        if self.sensitivity.is_some() {
            super::count(
                &self.limits,
                "--samples",
                self.samples as u64,
                1,
                "Sobol indices are estimated from the sample, so give at least 1 (1000 is usual)",
            )?;
        }
        let mut settings = self.preset.settings(self.rule, self.transfer, self.lambda);
        if let Some(e) = self.epsilon {
            settings.epsilon = e;
        }
        if let Some(cap) = self.cap {
            settings.cap = cap;
        }
        match settings.defect() {
            Some(defect) => Err(RequestError(defect)),
            None => Ok(settings),
        }
    }

    /// Refuses what a model cannot take: clamps (its clamps are its options' and triggers').
    pub fn check_model(&self) -> Result<(), RequestError> {
        if !self.clamps.is_empty() {
            return Err(RequestError::new(
                "--clamp applies to a matrix; a model's clamps come from its options and triggers",
            ));
        }
        Ok(())
    }

    /// Refuses what a bare matrix cannot take: Monte Carlo and sensitivity, which need
    /// uncertain weights.
    pub fn check_matrix(&self) -> Result<(), RequestError> {
        if self.draws > 0 || self.sensitivity.is_some() {
            return Err(RequestError::new(
                "--draws and --sensitivity need uncertain weights: run them on a model, whose links may be intervals or fuzzy numbers",
            ));
        }
        Ok(())
    }

    /// The initial state of a map of `n` concepts: the preset's fixed start, the one asked
    /// for, or all ones.
    pub fn initial_state(&self, n: usize) -> Result<Vec<f64>, RequestError> {
        if let Some(fixed) = self.preset.initial(n) {
            if self.initial.is_some() {
                return Err(RequestError(format!(
                    "the {} preset starts from all ones: drop --initial or choose another preset",
                    self.preset
                )));
            }
            return Ok(fixed);
        }
        match &self.initial {
            None => Ok(vec![1.0; n]),
            Some(v) if v.len() != n => Err(RequestError(format!(
                "--initial has {} values but the map has {n} concepts: give one value per concept, in matrix order",
                v.len()
            ))),
            Some(v) if v.iter().any(|x| !x.is_finite()) => {
                Err(RequestError::new("--initial values must be finite numbers"))
            }
            Some(v) => Ok(v.clone()),
        }
    }

    /// The clamps as (concept index, value), each `CONCEPT=VALUE` checked against the map.
    pub fn clamps_of(&self, map: &FcmMap) -> Result<Vec<(usize, f64)>, RequestError> {
        self.clamps
            .iter()
            .map(|c| {
                let (name, value) = c.split_once('=').ok_or_else(|| {
                    RequestError(format!("--clamp {c:?}: write CONCEPT=VALUE, e.g. C1=1"))
                })?;
                let index = map.index(name.trim()).ok_or_else(|| {
                    let names: Vec<_> = map.concepts.iter().map(|c| c.id.as_str()).collect();
                    RequestError(format!(
                        "--clamp {c:?}: no concept {name:?}; the concepts are {}",
                        names.join(", ")
                    ))
                })?;
                let value = value
                    .trim()
                    .parse::<f64>()
                    .ok()
                    .filter(|v| v.is_finite())
                    .ok_or_else(|| {
                        RequestError(format!("--clamp {c:?}: {value:?} is not a number"))
                    })?;
                Ok((index, value))
            })
            .collect()
    }
}

/// What the files given to `fcm` are: one model (or none: the built-in one), or one or more
/// weight matrices (experts' maps).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FcmInput {
    /// A model file, or `None` for the built-in model.
    Model(Option<PathBuf>),
    /// Matrix files (.csv, .txt, or spreadsheets).
    Matrices(Vec<PathBuf>),
}

/// Extensions of matrix files read as CSV.
const MATRIX: &[&str] = &["csv", "txt"];
/// Extensions of spreadsheets.
const SPREADSHEET: &[&str] = &["xlsx", "xlsm", "xlsb", "xls", "ods"];

fn has_extension(path: &Path, extensions: &[&str]) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| extensions.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

impl FcmInput {
    /// Tells the inputs apart by their extensions; refuses a mix of a model and matrices.
    pub fn of_paths(paths: &[PathBuf]) -> Result<FcmInput, RequestError> {
        let matrices = paths
            .iter()
            .filter(|p| has_extension(p, MATRIX) || has_extension(p, SPREADSHEET))
            .count();
        match (paths.len(), matrices) {
            (0, _) => Ok(FcmInput::Model(None)),
            (1, 0) => Ok(FcmInput::Model(paths.first().cloned())),
            (n, m) if n == m => Ok(FcmInput::Matrices(paths.to_vec())),
            _ => Err(RequestError::new(
                "give one model file, or one or more .csv matrices (experts' maps), not a mix",
            )),
        }
    }
}
