//! Work units for `realpolitik.distributed`: a job planned from a model or a matrix and a
//! request ([`Job`]), its units as JSON texts for any executor (Ray tasks run [`run_unit`]),
//! and the merge of their results into the result the analysis gives when run at once
//! (`realpolitik::analysis::units`).

use std::path::PathBuf;
use std::time::Instant;

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use realpolitik::analysis::AnalysisError;
use realpolitik::analysis::cib::{CibInput, CibRequest};
use realpolitik::analysis::fcm::FcmRequest;
use realpolitik::analysis::units::{self, Unit, UnitResult};
use realpolitik::cib::Matrix;
use realpolitik::progress::NoProgress;

use crate::computed::{Computed, Outcome};
use crate::{Diagnostic, Model, analysis_error, bare_matrix, load_options, to_python};

/// What a job analyses, and how.
enum Plan {
    /// A CIB analysis of a model's matrix, or of a bare matrix (`model` none).
    Cib {
        model: Option<Py<Model>>,
        name: String,
        matrix: Matrix,
        request: CibRequest,
    },
    /// A model's FCM run with Monte Carlo.
    Fcm {
        model: Py<Model>,
        request: FcmRequest,
    },
}

/// An analysis cut into units: run each unit anywhere (`run_unit`), then `merge` the results.
#[pyclass(module = "realpolitik._native", frozen)]
pub(crate) struct Job {
    plan: Plan,
    units: Vec<Unit>,
}

#[pymethods]
impl Job {
    /// The units, each a JSON text that carries all it reads.
    fn units(&self) -> Vec<String> {
        self.units
            .iter()
            .map(|u| serde_json::to_string(u).expect("a unit serialises"))
            .collect()
    }

    /// The analysis's result from its units' results (JSON texts as `run_unit` returns them,
    /// in any order; a duplicate counts once): the result the analysis gives when run at once.
    fn merge(&self, py: Python<'_>, results: Vec<String>) -> PyResult<Computed> {
        let started = Instant::now();
        let results = results
            .iter()
            .map(|text| serde_json::from_str::<UnitResult>(text))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| PyValueError::new_err(format!("not a unit's result: {e}")))?;
        match &self.plan {
            Plan::Cib {
                model,
                name,
                matrix,
                request,
            } => {
                let result = py.detach(|| {
                    let input = CibInput {
                        name: name.clone(),
                        matrix: matrix.clone(),
                        model: model.as_ref().map(|m| &m.get().loaded.model),
                        ensemble: Vec::new(),
                    };
                    units::cib_merge(&input, request, &self.units, results, &NoProgress)
                });
                let result = result.map_err(|e| analysis_error(py, e))?;
                let model = model.as_ref().map(|m| m.clone_ref(py));
                let outcome = Outcome::Cib(model, Box::new(result));
                Ok(Computed::new(outcome, request.seed, started))
            }
            Plan::Fcm { model, request } => {
                let loaded = &model.get().loaded;
                let result = py.detach(|| {
                    units::fcm_merge(loaded, request, &self.units, results, &NoProgress)
                });
                let result = result.map_err(|e| analysis_error(py, e))?;
                Ok(Computed::of_fcm(
                    model.clone_ref(py),
                    result,
                    request.seed,
                    started,
                ))
            }
        }
    }

    fn __len__(&self) -> usize {
        self.units.len()
    }
}

/// Runs one unit (its JSON text) with the GIL released; returns its result as JSON text.
#[pyfunction]
fn run_unit(py: Python<'_>, unit: &str) -> PyResult<String> {
    let unit: Unit = serde_json::from_str(unit)
        .map_err(|e| PyValueError::new_err(format!("not a work unit: {e}")))?;
    let result = py.detach(|| units::run_unit(&unit));
    let result = result.map_err(|e| analysis_error(py, e))?;
    Ok(serde_json::to_string(&result).expect("a result serialises"))
}

/// A CIB analysis as a job of at most `pieces` units per search: of `model`'s matrix, or of a
/// bare matrix (the file `path` or CSV `text` named `name`), with the request
/// `realpolitik.cib.solve` and `Model.cib` take. Returns the job and the matrix reader's
/// warnings.
#[pyfunction]
#[pyo3(signature = (*, model=None, path=None, text=None, name="matrix.csv", max_inconsistency=0,
    fix=Vec::new(), scenarios=Vec::new(), basins=false, seed=2014, limits=None, pieces=64))]
#[allow(clippy::too_many_arguments)]
fn cib_job(
    py: Python<'_>,
    model: Option<Py<Model>>,
    path: Option<PathBuf>,
    text: Option<String>,
    name: &str,
    max_inconsistency: i64,
    fix: Vec<String>,
    scenarios: Vec<String>,
    basins: bool,
    seed: u64,
    limits: Option<&Bound<'_, PyDict>>,
    pieces: usize,
) -> PyResult<(Job, Py<PyAny>)> {
    at_least_one(pieces)?;
    let limits = match &model {
        Some(m) => m.get().options.limits,
        None => load_options(limits, Vec::new())?.limits,
    };
    let request = CibRequest {
        max_inconsistency,
        fix,
        scenarios,
        basins,
        seed,
        limits,
        ..CibRequest::default()
    };
    let planned = py.detach(|| {
        let (name, matrix, warnings) = match &model {
            Some(m) => {
                let loaded = &m.get().loaded;
                let input = CibInput::of_model(loaded)?;
                (input.name, input.matrix, Vec::new())
            }
            None => {
                let (matrix, warnings, name) =
                    bare_matrix(path.as_deref(), text.as_deref(), name, &limits)?;
                (name, matrix, warnings)
            }
        };
        let input = CibInput {
            name: name.clone(),
            matrix: matrix.clone(),
            model: model.as_ref().map(|m| &m.get().loaded.model),
            ensemble: Vec::new(),
        };
        let units = units::cib_units(&input, &request, pieces)?;
        Ok::<_, AnalysisError>((name, matrix, warnings, units))
    });
    let (name, matrix, warnings, units) = planned.map_err(|e| analysis_error(py, e))?;
    let warnings: Vec<_> = warnings.iter().map(Diagnostic::to_record).collect();
    let plan = Plan::Cib {
        model,
        name,
        matrix,
        request,
    };
    Ok((Job { plan, units }, to_python(py, &warnings)?))
}

/// A model's FCM run with `draws` Monte Carlo draws (as `Model.fcm` runs it) as a job of at
/// most `pieces` units.
#[pyfunction]
#[pyo3(signature = (model, *, draws, seed=2014, pieces=64))]
fn fcm_job(
    py: Python<'_>,
    model: Py<Model>,
    draws: usize,
    seed: u64,
    pieces: usize,
) -> PyResult<Job> {
    at_least_one(pieces)?;
    let this = model.get();
    let request = this.fcm_request(draws, seed);
    let units = py
        .detach(|| {
            let sent = units::ModelText::of(&this.loaded, &this.texts, &this.options)?;
            units::fcm_units(&sent, &request, pieces)
        })
        .map_err(|e| analysis_error(py, e))?;
    Ok(Job {
        plan: Plan::Fcm { model, request },
        units,
    })
}

/// Adds the job's class and functions to the native module.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Job>()?;
    m.add_function(wrap_pyfunction!(run_unit, m)?)?;
    m.add_function(wrap_pyfunction!(cib_job, m)?)?;
    m.add_function(wrap_pyfunction!(fcm_job, m)?)?;
    Ok(())
}

fn at_least_one(pieces: usize) -> PyResult<()> {
    if pieces == 0 {
        return Err(PyValueError::new_err(
            "units: give at least 1 unit per search",
        ));
    }
    Ok(())
}
