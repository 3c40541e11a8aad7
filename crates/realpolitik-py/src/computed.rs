//! What an analysis computed, kept for Python: its document, and what its HTML report and its
//! arrays need beyond it, so that a report is drawn only when a notebook shows it.

use std::time::Instant;

use numpy::{PyArray1, PyArray2, PyArray3, PyArrayMethods};
use pyo3::prelude::*;
use realpolitik::Loaded;
use realpolitik::analysis::AnalyzeRequest;
use realpolitik::analysis::bargain::{BargainInput, BargainResult};
use realpolitik::analysis::cib::CibResult;
use realpolitik::analysis::fcm::{FcmMatrixResult, FcmModelResult};
use realpolitik::bargain::Scenario as BargainScenario;
use realpolitik::fcm::montecarlo::Draws;
use realpolitik::output::{AchDocument, AnalyzeDocument};
use realpolitik::report::Report;

use crate::{Model, to_python};

/// An analysis as computed: its document, and what its HTML report needs beyond it, so that
/// the report is drawn only when a notebook shows it or it is asked for.
#[pyclass(module = "realpolitik._native", frozen)]
pub(crate) struct Computed {
    outcome: Outcome,
    seed: u64,
    elapsed: std::time::Duration,
    /// Every FCM Monte Carlo draw's effects, until Python takes them.
    pub(crate) fcm_draws: std::sync::Mutex<Option<Draws>>,
}

/// Which analysis was computed, with the model analysed when the input was one.
pub(crate) enum Outcome {
    Briefing(Py<Model>, AnalyzeRequest, Box<AnalyzeDocument>),
    Cib(Option<Py<Model>>, Box<CibResult>),
    Fcm(Py<Model>, Box<FcmModelResult>),
    FcmRun(Box<FcmMatrixResult>),
    Bargain(Option<Py<Model>>, Box<BargainResult>, BargainScenario),
    Ach(Py<Model>, Box<AchDocument>),
}

impl Computed {
    /// A model's FCM run, its draws (when kept) handed to Python apart.
    pub(crate) fn of_fcm(
        model: Py<Model>,
        mut result: FcmModelResult,
        seed: u64,
        started: Instant,
    ) -> Self {
        let draws = result.draws.take();
        let computed = Computed::new(Outcome::Fcm(model, Box::new(result)), seed, started);
        *computed.fcm_draws.lock().expect("not shared yet") = draws;
        computed
    }

    pub(crate) fn new(outcome: Outcome, seed: u64, started: Instant) -> Self {
        Computed {
            outcome,
            seed,
            elapsed: started.elapsed(),
            fcm_draws: std::sync::Mutex::new(None),
        }
    }
}

#[pymethods]
impl Computed {
    /// The document, as the dict the command's `--format json` prints.
    fn document(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        match &self.outcome {
            Outcome::Briefing(_, _, document) => to_python(py, document),
            Outcome::Cib(_, r) => to_python(py, &r.document),
            Outcome::Fcm(_, r) => to_python(py, &r.document),
            Outcome::FcmRun(r) => to_python(py, &r.document),
            Outcome::Bargain(_, r, _) => to_python(py, &r.document),
            Outcome::Ach(_, document) => to_python(py, document),
        }
    }

    /// The HTML report, one self-contained page with inline SVG plots: a briefing's whole
    /// report (`realpolitik analyze --report`); for one engine, the sections its command's
    /// `--report` writes, without the model at a glance and its evidence.
    fn report_html(&self, py: Python<'_>) -> String {
        let (name, draws) = match &self.outcome {
            Outcome::Briefing(m, request, _) => (loaded(m).file.name(), Some(request.draws)),
            Outcome::Cib(_, r) => (r.document.file.as_str(), None),
            Outcome::Fcm(m, r) => (
                loaded(m).file.name(),
                r.document.monte_carlo.as_ref().map(|mc| mc.draws),
            ),
            Outcome::FcmRun(r) => (r.document.file.as_str(), None),
            Outcome::Bargain(_, r, _) => (
                r.document.input.as_str(),
                r.document
                    .issues
                    .iter()
                    .find_map(|i| i.monte_carlo.as_ref())
                    .map(|mc| mc.draws),
            ),
            Outcome::Ach(m, d) => (
                loaded(m).file.name(),
                d.analysis.monte_carlo.as_ref().map(|mc| mc.draws),
            ),
        };
        let provenance = realpolitik::report::Provenance {
            model_name: name.to_owned(),
            seed: self.seed,
            draws,
            elapsed: self.elapsed,
        };
        py.detach(|| {
            let report = match &self.outcome {
                Outcome::Briefing(m, request, document) => {
                    return request
                        .report(&loaded(m).model, document)
                        .to_html(&provenance);
                }
                Outcome::Cib(m, r) => r.report(m.as_ref().map(|m| &loaded(m).model)),
                Outcome::Fcm(m, r) => {
                    let model = &loaded(m).model;
                    r.report(model).unwrap_or_else(|| Report::new(model))
                }
                Outcome::FcmRun(r) => r.report(),
                Outcome::Bargain(m, r, scenario) => {
                    let input = BargainInput {
                        name: name.to_owned(),
                        scenario: scenario.clone(),
                        model: m.as_ref().map(|m| &loaded(m).model),
                        file: None,
                    };
                    return r.report(&input).results_only().to_html(&provenance);
                }
                Outcome::Ach(m, d) => {
                    let mut report = Report::new(&loaded(m).model);
                    for section in realpolitik::report::ach::ach_sections(&d.analysis) {
                        report.push(section);
                    }
                    report
                }
            };
            report.results_only().to_html(&provenance)
        })
    }

    /// Every FCM Monte Carlo draw's effects as a draws × cases × concepts array (the cases in
    /// the document's order), handed over once, without a copy; None when there were no draws.
    fn take_fcm_draws<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyArray3<f64>>>> {
        let taken = self.fcm_draws.lock().map(|mut d| d.take()).unwrap_or(None);
        taken
            .map(|d| PyArray1::from_vec(py, d.effects).reshape([d.draws, d.cases, d.concepts]))
            .transpose()
    }

    /// An FCM run's activations step by step (steps + 1 × concepts, the initial state first);
    /// None for other analyses.
    fn trajectory<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyArray2<f64>>>> {
        let Outcome::FcmRun(r) = &self.outcome else {
            return Ok(None);
        };
        let states = &r.run.states;
        let n = r.map.n();
        let flat: Vec<f64> = states.iter().flatten().copied().collect();
        PyArray1::from_vec(py, flat)
            .reshape([states.len(), n])
            .map(Some)
    }
}

/// The model a result was computed on.
fn loaded(model: &Py<Model>) -> &Loaded {
    &model.get().loaded
}
