//! `realpolitik._native`, the compiled half of `import realpolitik`: the library's analysis
//! API for Python, a thin layer that parses Python arguments into the library's typed requests,
//! runs them with the GIL released, and returns their documents as Python dicts with exactly
//! the fields of the command line's `--format json` (the committed `schema/output.schema.json`
//! describes them). The Python half (`python/realpolitik/__init__.py`) wraps them in result
//! classes with pandas views.
//!
//! Settings travel with each load, as in the library: `load(path, limits=..., sources_dirs=...)`
//! reads the model under those limits, and every analysis of that model runs under them, so a
//! notebook can hold models loaded under different limits side by side.

use std::borrow::Cow;
use std::path::PathBuf;

use std::time::Instant;

use numpy::{PyArray1, PyArrayMethods, PyReadonlyArray1, PyReadonlyArray2, PyUntypedArrayMethods};
use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyOSError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use realpolitik::analysis::ach::AchRequest;
use realpolitik::analysis::bargain::{BargainInput, BargainRequest};
use realpolitik::analysis::cib::{CibInput, CibRequest};
use realpolitik::analysis::fcm::{FcmRequest, StatesRequest};
use realpolitik::analysis::{self, AnalysisError, AnalyzeRequest};
use realpolitik::bargain::Solver;
use realpolitik::limits::Limits;
use realpolitik::model::{LoadError, LoadOptions, SourceTexts};
use realpolitik::progress::NoProgress;

mod computed;
mod units;
use computed::{Computed, Outcome};
use realpolitik::{Diagnostic, Loaded};
use serde::Serialize;

create_exception!(
    realpolitik,
    ModelError,
    PyException,
    "The input is invalid. `str(error)` is the report the command line prints; \
     `error.diagnostics` lists every problem as a dict with severity, code, message, help, \
     file, line and column."
);

/// A model that loaded and passed every check, with the options it was loaded under.
#[pyclass(module = "realpolitik._native", frozen)]
struct Model {
    loaded: Loaded,
    options: LoadOptions,
    /// Where its sources' texts were read from (a work unit sends them along).
    texts: SourceTexts,
}

/// A Rust value as the Python value its JSON makes (dicts, lists, numbers, strings, None).
fn to_python<T: Serialize>(py: Python<'_>, value: &T) -> PyResult<Py<PyAny>> {
    let text = serde_json::to_string(value).map_err(|e| PyValueError::new_err(e.to_string()))?;
    Ok(py.import("json")?.call_method1("loads", (text,))?.unbind())
}

/// The `ModelError` of these diagnostics, carrying them as dicts.
fn model_error(py: Python<'_>, diagnostics: &[Diagnostic]) -> PyErr {
    let err = ModelError::new_err(realpolitik::diagnostic::render(diagnostics, false));
    let records: Vec<_> = diagnostics.iter().map(Diagnostic::to_record).collect();
    match to_python(py, &records).and_then(|d| err.value(py).setattr("diagnostics", d)) {
        Ok(()) => err,
        Err(e) => e,
    }
}

fn load_error(py: Python<'_>, e: LoadError) -> PyErr {
    match e {
        LoadError::Invalid(diagnostics) => model_error(py, &diagnostics),
        read @ LoadError::Read { .. } => PyOSError::new_err(read.to_string()),
    }
}

fn analysis_error(py: Python<'_>, e: AnalysisError) -> PyErr {
    match e {
        AnalysisError::Invalid(diagnostics) => model_error(py, &diagnostics),
        AnalysisError::Request(why) => PyValueError::new_err(why.to_string()),
        read @ AnalysisError::Read { .. } => PyOSError::new_err(read.to_string()),
    }
}

/// Load options from Python: `limits` maps a limit's name to a count (`{"draws": 5_000_000}`
/// or `{"draws": "5M"}`, the names of `--limit`), `sources_dirs` are folders a model's
/// sources may also be read from.
fn load_options(
    limits: Option<&Bound<'_, PyDict>>,
    sources_dirs: Vec<PathBuf>,
) -> PyResult<LoadOptions> {
    let mut l = Limits::default();
    for (name, value) in limits.into_iter().flat_map(|d| d.iter()) {
        l.set_one(&format!("{}={}", name.str()?, value.str()?))
            .map_err(|e| PyValueError::new_err(e.replace("--limit", "limits")))?;
    }
    LoadOptions::new(l)
        .allow_source_folders(&sources_dirs)
        .map_err(|e| PyValueError::new_err(format!("sources_dirs: {e}")))
}

/// Reads and checks the model file at `path`. Raises `ModelError` (with every problem) when it
/// is invalid, `OSError` when it cannot be read. `limits` (e.g. `{"draws": "5M"}`) and
/// `sources_dirs` hold for this model and every analysis of it.
#[pyfunction]
#[pyo3(signature = (path, *, limits=None, sources_dirs=Vec::new()))]
fn load(
    py: Python<'_>,
    path: PathBuf,
    limits: Option<&Bound<'_, PyDict>>,
    sources_dirs: Vec<PathBuf>,
) -> PyResult<Model> {
    let options = load_options(limits, sources_dirs)?;
    let loaded = py
        .detach(|| realpolitik::model::load_file(&path, &options))
        .map_err(|e| load_error(py, e))?;
    let texts = analysis::source_texts(Some(&path));
    Ok(Model {
        loaded,
        options,
        texts,
    })
}

/// Reads and checks a model given as TOML text; `name` is how its problems name the file.
/// Its sources are looked up in the current folder.
#[pyfunction]
#[pyo3(signature = (text, *, name="model.toml", limits=None, sources_dirs=Vec::new()))]
fn loads(
    py: Python<'_>,
    text: &str,
    name: &str,
    limits: Option<&Bound<'_, PyDict>>,
    sources_dirs: Vec<PathBuf>,
) -> PyResult<Model> {
    let options = load_options(limits, sources_dirs)?;
    let texts = SourceTexts::Directory(PathBuf::from("."));
    let loaded = realpolitik::model::load_str(name, text, &texts, &options)
        .map_err(|e| load_error(py, e))?;
    Ok(Model {
        loaded,
        options,
        texts,
    })
}

/// Final states, steps and convergence of a batch of runs, as numpy arrays.
type Runs<'py> = (
    Bound<'py, numpy::PyArray2<f64>>,
    Bound<'py, PyArray1<u32>>,
    Bound<'py, PyArray1<bool>>,
);

/// `realpolitik.fcm.run`: runs the map `weights` (n × n, `weights[i, j]` the effect of concept
/// i on j) from every row of `states` (k × n) with the GIL released; returns the final states
/// (k × n), the steps each run took and whether it converged. The arithmetic is that of one
/// run of the same matrix on the command line (`realpolitik fcm`), whatever the thread count.
#[pyfunction]
#[pyo3(signature = (weights, states, *, concepts=None, clamps=Vec::new(), preset="default",
    rule="kosko", transfer="sigmoid", lam=1.0, epsilon=None, cap=None, single_precision=false,
    limits=None))]
#[allow(clippy::too_many_arguments)]
fn fcm_run<'py>(
    py: Python<'py>,
    weights: PyReadonlyArray2<'py, f64>,
    states: PyReadonlyArray2<'py, f64>,
    concepts: Option<Vec<String>>,
    clamps: Vec<String>,
    preset: &str,
    rule: &str,
    transfer: &str,
    lam: f64,
    epsilon: Option<f64>,
    cap: Option<usize>,
    single_precision: bool,
    limits: Option<&Bound<'py, PyDict>>,
) -> PyResult<Runs<'py>> {
    let concepts = concepts_or_numbered(concepts, weights.shape()[1]);
    let fcm = fcm_request(preset, rule, transfer, lam, epsilon, cap, clamps, limits)?;
    if states.shape()[1] != concepts.len() {
        return Err(PyValueError::new_err(format!(
            "states have {} values each but the map has {} concepts",
            states.shape()[1],
            concepts.len()
        )));
    }
    let (weights, states) = (in_order(&weights), in_order(&states));
    let request = StatesRequest {
        weights: &weights,
        concepts,
        initials: &states,
        fcm,
        single_precision,
    };
    let batch = py
        .detach(|| analysis::fcm::run_states(&request))
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
    let k = batch.len();
    let finals = PyArray1::from_vec(py, batch.finals).reshape([k, batch.n])?;
    Ok((
        finals,
        PyArray1::from_vec(py, batch.steps),
        PyArray1::from_vec(py, batch.converged),
    ))
}

/// `realpolitik.fcm.simulate`: one run of the map `weights` from `initial`, step by step, as
/// `realpolitik fcm MATRIX --initial ...` runs it (the document `--format json` prints, with
/// the trajectory as an array).
#[pyfunction]
#[pyo3(signature = (weights, initial, *, concepts=None, clamps=Vec::new(), preset="default",
    rule="kosko", transfer="sigmoid", lam=1.0, epsilon=None, cap=None, name="weights",
    limits=None))]
#[allow(clippy::too_many_arguments)]
fn fcm_simulate(
    py: Python<'_>,
    weights: PyReadonlyArray2<'_, f64>,
    initial: PyReadonlyArray1<'_, f64>,
    concepts: Option<Vec<String>>,
    clamps: Vec<String>,
    preset: &str,
    rule: &str,
    transfer: &str,
    lam: f64,
    epsilon: Option<f64>,
    cap: Option<usize>,
    name: &str,
    limits: Option<&Bound<'_, PyDict>>,
) -> PyResult<Computed> {
    let started = Instant::now();
    let concepts = concepts_or_numbered(concepts, weights.shape()[1]);
    let request = FcmRequest {
        initial: Some(initial.as_array().to_vec()),
        ..fcm_request(preset, rule, transfer, lam, epsilon, cap, clamps, limits)?
    };
    let map = analysis::fcm::map_of(&in_order(&weights), &concepts)
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
    let result = py.detach(|| analysis::fcm::matrices(name, vec![map], &request));
    let result = result.map_err(|e| analysis_error(py, e))?;
    Ok(Computed::new(
        Outcome::FcmRun(Box::new(result)),
        request.seed,
        started,
    ))
}

/// The concepts' names: those given, else `C1` … `Cn`.
fn concepts_or_numbered(concepts: Option<Vec<String>>, n: usize) -> Vec<String> {
    concepts.unwrap_or_else(|| (1..=n).map(|k| format!("C{k}")).collect())
}

/// A bare matrix's FCM request from Python's arguments, named as on the command line.
#[allow(clippy::too_many_arguments)]
fn fcm_request(
    preset: &str,
    rule: &str,
    transfer: &str,
    lambda: f64,
    epsilon: Option<f64>,
    cap: Option<usize>,
    clamps: Vec<String>,
    limits: Option<&Bound<'_, PyDict>>,
) -> PyResult<FcmRequest> {
    Ok(FcmRequest {
        preset: preset.parse().map_err(PyValueError::new_err)?,
        rule: rule.parse().map_err(PyValueError::new_err)?,
        transfer: transfer.parse().map_err(PyValueError::new_err)?,
        lambda,
        epsilon,
        cap,
        clamps,
        limits: load_options(limits, Vec::new())?.limits,
        ..FcmRequest::default()
    })
}

/// `realpolitik.cib.solve`: a bare cross-impact matrix, read from the file `path` (CSV,
/// spreadsheet or ScenarioWizard `.scw`) or from CSV `text` named `name`, analysed as
/// `realpolitik cib MATRIX` does; returns the result and the reader's warnings.
#[pyfunction]
#[pyo3(signature = (*, path=None, text=None, name="matrix.csv", max_inconsistency=0,
    fix=Vec::new(), basins=false, seed=2014, limits=None))]
#[allow(clippy::too_many_arguments)]
fn cib_solve(
    py: Python<'_>,
    path: Option<PathBuf>,
    text: Option<String>,
    name: &str,
    max_inconsistency: i64,
    fix: Vec<String>,
    basins: bool,
    seed: u64,
    limits: Option<&Bound<'_, PyDict>>,
) -> PyResult<(Computed, Py<PyAny>)> {
    let limits = load_options(limits, Vec::new())?.limits;
    let started = Instant::now();
    let request = CibRequest {
        max_inconsistency,
        fix,
        basins,
        seed,
        limits,
        ..CibRequest::default()
    };
    let result = py.detach(|| {
        let (matrix, warnings, name) =
            bare_matrix(path.as_deref(), text.as_deref(), name, &limits)?;
        let input = CibInput {
            name,
            matrix,
            model: None,
            ensemble: Vec::new(),
        };
        let result = analysis::cib::analyze(&input, &request, &NoProgress)?;
        Ok((result, warnings))
    });
    let (result, warnings) = result.map_err(|e| analysis_error(py, e))?;
    let warnings: Vec<_> = warnings.iter().map(Diagnostic::to_record).collect();
    let computed = Computed::new(Outcome::Cib(None, Box::new(result)), seed, started);
    Ok((computed, to_python(py, &warnings)?))
}

/// A bare matrix read from the file `path` or from CSV `text` named `name`, with its reader's
/// warnings and its name.
fn bare_matrix(
    path: Option<&std::path::Path>,
    text: Option<&str>,
    name: &str,
    limits: &Limits,
) -> Result<(realpolitik::cib::Matrix, Vec<Diagnostic>, String), AnalysisError> {
    match (path, text) {
        (Some(path), None) => {
            let (m, w) = analysis::cib::read_matrix(path, limits)?;
            Ok((m, w, path.display().to_string()))
        }
        (None, Some(text)) => {
            let (m, w) = realpolitik::cib::io::csv::read_matrix(name, text, limits)
                .map_err(AnalysisError::Invalid)?;
            Ok((m, w, name.to_owned()))
        }
        _ => Err(AnalysisError::Request(
            realpolitik::analysis::RequestError::new("give a matrix's path or its text"),
        )),
    }
}

/// `realpolitik.bargain.run`: a bargaining table without a model (Bueno de Mesquita's CSV,
/// KTAB's CSV or XML, DEU's long CSV, told apart as the command line does) at `path`,
/// forecast as `realpolitik bargain TABLE` does.
#[pyfunction]
#[pyo3(signature = (path, *, solver="eum", draws=0, seed=2014, limits=None))]
fn bargain_run(
    py: Python<'_>,
    path: PathBuf,
    solver: &str,
    draws: usize,
    seed: u64,
    limits: Option<&Bound<'_, PyDict>>,
) -> PyResult<Computed> {
    let started = Instant::now();
    let request = BargainRequest {
        solver: solver_named(solver)?,
        draws,
        seed,
        limits: load_options(limits, Vec::new())?.limits,
        ..BargainRequest::default()
    };
    let result = py.detach(|| match BargainInput::read_table(&path, &request.limits)? {
        Some(input) => analysis::bargain::bargain(&input, &request, &NoProgress)
            .map(|r| (r, input.scenario)),
        None => Err(AnalysisError::Request(
            realpolitik::analysis::RequestError::new(format!(
                "{}: a bargaining table is a .csv or .xml file (load a model with realpolitik.load)",
                path.display()
            )),
        )),
    });
    let (result, scenario) = result.map_err(|e| analysis_error(py, e))?;
    let outcome = Outcome::Bargain(None, Box::new(result), scenario);
    Ok(Computed::new(outcome, seed, started))
}

/// The solver named `name` as on the command line.
fn solver_named(name: &str) -> PyResult<Solver> {
    Solver::ALL
        .into_iter()
        .find(|s| s.name() == name)
        .ok_or_else(|| {
            let names: Vec<_> = Solver::ALL.iter().map(|s| s.name()).collect();
            PyValueError::new_err(format!("solver {name:?}: give one of {}", names.join(", ")))
        })
}

/// The values of `a` in row-major order: read in place when it is C-contiguous, else copied once.
fn in_order<'a>(a: &'a PyReadonlyArray2<'_, f64>) -> Cow<'a, [f64]> {
    match a.as_slice() {
        Ok(values) => Cow::Borrowed(values),
        Err(_) => Cow::Owned(a.as_array().iter().copied().collect()),
    }
}

/// The built-in model: should the anti-IS coalition cooperate with the Assad regime (2014)?
#[pyfunction]
fn builtin(py: Python<'_>) -> PyResult<Model> {
    let loaded = realpolitik::default_model().map_err(|e| load_error(py, e))?;
    Ok(Model {
        loaded,
        options: LoadOptions::default(),
        texts: analysis::source_texts(None),
    })
}

impl Model {
    /// What `Model.fcm` asks for: the report's pieces and every draw kept.
    fn fcm_request(&self, draws: usize, seed: u64) -> FcmRequest {
        FcmRequest {
            draws,
            seed,
            limits: self.options.limits,
            report: true,
            keep_draws: true,
            ..FcmRequest::default()
        }
    }
}

#[pymethods]
impl Model {
    /// The model's title.
    #[getter]
    fn title(&self) -> &str {
        &self.loaded.model.title
    }

    /// The question the model answers, if it states one.
    #[getter]
    fn question(&self) -> Option<&str> {
        self.loaded.model.question.as_deref()
    }

    /// The file the model was read from (its name, for the built-in model).
    #[getter]
    fn file(&self) -> &str {
        self.loaded.file.name()
    }

    /// The ids of the options, the status quo included.
    #[getter]
    fn options(&self) -> Vec<String> {
        self.loaded
            .model
            .options
            .iter()
            .map(|o| o.id.clone())
            .collect()
    }

    /// The ids of the triggers.
    #[getter]
    fn triggers(&self) -> Vec<String> {
        self.loaded
            .model
            .triggers
            .iter()
            .map(|t| t.id.clone())
            .collect()
    }

    /// The warnings found while loading, as dicts (as `ModelError.diagnostics`).
    #[getter]
    fn warnings(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let records: Vec<_> = self
            .loaded
            .warnings
            .iter()
            .map(Diagnostic::to_record)
            .collect();
        to_python(py, &records)
    }

    /// The model's structure and evidence: what `realpolitik check --format json` prints.
    fn check(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let result = py.detach(|| analysis::check(&self.loaded));
        to_python(py, &result.document)
    }

    /// The briefing: the verdict on each option with its robustness and analytic confidence,
    /// the scenarios, the bargaining forecast; `realpolitik analyze --format json`, with the
    /// same numbers for the same seed and draws.
    #[pyo3(signature = (*, draws=2000, seed=2014))]
    fn analyze(slf: &Bound<'_, Self>, draws: usize, seed: u64) -> PyResult<Computed> {
        let (py, this) = (slf.py(), slf.get());
        let request = AnalyzeRequest {
            draws,
            seed,
            limits: this.options.limits,
        };
        if let Some(why) = request.defect() {
            return Err(PyValueError::new_err(format!("draws {draws}: {why}")));
        }
        let started = Instant::now();
        let document = py.detach(|| analysis::analyze(&this.loaded, &request, &NoProgress));
        let outcome = Outcome::Briefing(slf.clone().unbind(), request, Box::new(document));
        Ok(Computed::new(outcome, seed, started))
    }

    /// The cross-impact analysis: the scenarios with inconsistency at most
    /// `max_inconsistency`, with descriptors held by `fix` (`["DESCRIPTOR=VARIANT", …]`) or by
    /// the options and triggers named in `scenarios`; `realpolitik cib --format json`.
    #[pyo3(signature = (*, max_inconsistency=0, fix=Vec::new(), scenarios=Vec::new(), basins=false, seed=2014))]
    fn cib(
        slf: &Bound<'_, Self>,
        max_inconsistency: i64,
        fix: Vec<String>,
        scenarios: Vec<String>,
        basins: bool,
        seed: u64,
    ) -> PyResult<Computed> {
        let (py, this) = (slf.py(), slf.get());
        let started = Instant::now();
        let request = CibRequest {
            max_inconsistency,
            fix,
            scenarios,
            basins,
            seed,
            limits: this.options.limits,
            ..CibRequest::default()
        };
        let result = py.detach(|| {
            let input = CibInput::of_model(&this.loaded)?;
            analysis::cib::analyze(&input, &request, &NoProgress)
        });
        let result = result.map_err(|e| analysis_error(py, e))?;
        let outcome = Outcome::Cib(Some(slf.clone().unbind()), Box::new(result));
        Ok(Computed::new(outcome, seed, started))
    }

    /// The fuzzy cognitive map: every option alone and under each trigger, and Monte Carlo
    /// over the uncertain weights when `draws` > 0, every draw kept;
    /// `realpolitik fcm --format json`.
    #[pyo3(signature = (*, draws=0, seed=2014))]
    fn fcm(slf: &Bound<'_, Self>, draws: usize, seed: u64) -> PyResult<Computed> {
        let (py, this) = (slf.py(), slf.get());
        let started = Instant::now();
        let request = this.fcm_request(draws, seed);
        let result = py.detach(|| analysis::fcm::model(&this.loaded, &request, &NoProgress));
        let result = result.map_err(|e| analysis_error(py, e))?;
        Ok(Computed::of_fcm(
            slf.clone().unbind(),
            result,
            seed,
            started,
        ))
    }

    /// The bargaining forecast of every issue under `solver` (`"eum"`, `"eum-printed"`,
    /// `"smp"`, `"mean"` or `"median"`), with Monte Carlo when `draws` > 0;
    /// `realpolitik bargain --format json`.
    #[pyo3(signature = (*, solver="eum", draws=0, seed=2014))]
    fn bargain(slf: &Bound<'_, Self>, solver: &str, draws: usize, seed: u64) -> PyResult<Computed> {
        let (py, this) = (slf.py(), slf.get());
        let started = Instant::now();
        let solver = solver_named(solver)?;
        let request = BargainRequest {
            solver,
            draws,
            seed,
            limits: this.options.limits,
            ..BargainRequest::default()
        };
        let result = py.detach(|| {
            let input = BargainInput::of_model(&this.loaded);
            analysis::bargain::bargain(&input, &request, &NoProgress).map(|r| (r, input.scenario))
        });
        let (result, scenario) = result.map_err(|e| analysis_error(py, e))?;
        let outcome = Outcome::Bargain(Some(slf.clone().unbind()), Box::new(result), scenario);
        Ok(Computed::new(outcome, seed, started))
    }

    /// Analysis of Competing Hypotheses under `scoring` (`"weighted"`, `"count"` or
    /// `"net"`), with Monte Carlo over the ratings marked uncertain; `realpolitik ach
    /// --format json`.
    #[pyo3(signature = (*, scoring="weighted", draws=2000, seed=2014))]
    fn ach(slf: &Bound<'_, Self>, scoring: &str, draws: usize, seed: u64) -> PyResult<Computed> {
        let (py, this) = (slf.py(), slf.get());
        let started = Instant::now();
        let scoring = match scoring {
            "weighted" => realpolitik::ach::Scoring::Weighted,
            "count" => realpolitik::ach::Scoring::Count,
            "net" => realpolitik::ach::Scoring::Net,
            other => {
                return Err(PyValueError::new_err(format!(
                    "unknown scoring {other:?}: give \"weighted\", \"count\" or \"net\""
                )));
            }
        };
        let request = AchRequest {
            scoring,
            draws,
            seed,
            limits: this.options.limits,
            ..AchRequest::default()
        };
        let document = py.detach(|| analysis::ach::ach(&this.loaded, &request));
        let document = document.map_err(|e| analysis_error(py, e.into()))?;
        let outcome = Outcome::Ach(slf.clone().unbind(), Box::new(document));
        Ok(Computed::new(outcome, seed, started))
    }

    fn __repr__(&self) -> String {
        let m = &self.loaded.model;
        format!(
            "<realpolitik.Model {:?}: {} factors, {} options, {} actors>",
            m.title,
            m.factors.len(),
            m.options.len(),
            m.actors.len()
        )
    }
}

/// The compiled engines of `realpolitik`; import `realpolitik`, which wraps them.
#[pymodule(name = "_native")]
fn realpolitik_py(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", realpolitik::VERSION)?;
    m.add("ModelError", m.py().get_type::<ModelError>())?;
    m.add_class::<Model>()?;
    m.add_class::<Computed>()?;
    m.add_function(wrap_pyfunction!(load, m)?)?;
    m.add_function(wrap_pyfunction!(loads, m)?)?;
    m.add_function(wrap_pyfunction!(builtin, m)?)?;
    m.add_function(wrap_pyfunction!(fcm_run, m)?)?;
    m.add_function(wrap_pyfunction!(fcm_simulate, m)?)?;
    m.add_function(wrap_pyfunction!(cib_solve, m)?)?;
    m.add_function(wrap_pyfunction!(bargain_run, m)?)?;
    units::register(m)?;
    Ok(())
}
