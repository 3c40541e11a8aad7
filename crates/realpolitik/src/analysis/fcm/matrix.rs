//! A bare matrix's FCM run (or several experts' matrices, aggregated edge by edge): one run
//! from the initial state, step by step.

use std::path::PathBuf;

use crate::fcm::aggregate;
use crate::fcm::structure;
use crate::fcm::{FcmMap, Run, simulate};
use crate::limits::Limits;
use crate::output::{FcmEdge, FcmMatrixDocument, SCHEMA_VERSION};
use crate::report::{FcmResults, Report};
use crate::{SourceFile, io};

use super::{FcmRequest, SPREADSHEET, has_extension};
use crate::analysis::AnalysisError;

/// A matrix's run: the document `fcm MATRIX --format json` prints, and what the text, the CSV
/// and the HTML report need beyond it.
#[derive(Clone, Debug)]
pub struct FcmMatrixResult {
    /// The document (its `edges` are set when several maps were aggregated).
    pub document: FcmMatrixDocument,
    /// The map run (the aggregate of several experts' maps).
    pub map: FcmMap,
    /// The run, step by step.
    pub run: Run,
    /// Non-zero links of the map run.
    pub links: usize,
    /// How many experts' maps were aggregated (1: one map, no aggregation).
    pub experts: usize,
}

/// Reads weight matrices: CSV (`.csv`, `.txt`) or a sheet of a spreadsheet (`sheet`, default
/// the first), under `limits`. Every file is read, and the problems of all of them are reported
/// together.
pub fn read_matrices(
    paths: &[PathBuf],
    sheet: Option<&str>,
    limits: &Limits,
) -> Result<Vec<FcmMap>, AnalysisError> {
    let mut maps = Vec::new();
    let mut diagnostics = Vec::new();
    for path in paths {
        let failed = |e: io::ReadError| AnalysisError::Read {
            path: path.clone(),
            source: e.into(),
        };
        let read = if has_extension(path, SPREADSHEET) {
            io::check_input(path, limits).map_err(failed)?;
            crate::fcm::xlsx::read_sheet(path, sheet, limits)
        } else {
            let text = io::read_text(path, limits).map_err(failed)?;
            crate::fcm::read_matrix(&SourceFile::new(path.display().to_string(), text), limits)
        };
        match read {
            Ok(map) => maps.push(map),
            Err(d) => diagnostics.extend(d),
        }
    }
    if diagnostics.is_empty() {
        Ok(maps)
    } else {
        Err(AnalysisError::Invalid(diagnostics))
    }
}

/// Runs one map, or the aggregate of several experts' maps (with each edge's disagreement),
/// from the request's initial state with its clamps. `file` names the input in the document.
pub fn matrices(
    file: &str,
    mut maps: Vec<FcmMap>,
    request: &FcmRequest,
) -> Result<FcmMatrixResult, AnalysisError> {
    let settings = request.settings()?;
    request.check_matrix()?;
    let experts = maps.len();
    let (map, disagreement) = if experts == 1 {
        (maps.remove(0), None)
    } else {
        let a = aggregate::aggregate(&maps, request.aggregate);
        (a.map, Some(a.entropy))
    };
    let initial = request.initial_state(map.n())?;
    let clamps = request.clamps_of(&map)?;
    let w = map.nominal();
    let run = simulate(&w, &initial, &clamps, &settings);
    let ids: Vec<String> = map.concepts.iter().map(|c| c.id.clone()).collect();
    let edges = disagreement.as_ref().map(|h| {
        let mut edges = Vec::new();
        for i in 0..map.n() {
            for j in 0..map.n() {
                if h.get(i, j) > 0.0 || w.get(i, j) != 0.0 {
                    edges.push(FcmEdge {
                        from: ids[i].clone(),
                        to: ids[j].clone(),
                        weight: w.get(i, j),
                        entropy: h.get(i, j),
                    });
                }
            }
        }
        edges
    });
    let document = FcmMatrixDocument {
        schema_version: SCHEMA_VERSION,
        file: file.to_owned(),
        aggregate: disagreement.as_ref().map(|_| request.aggregate.to_string()),
        edges,
        concepts: ids,
        settings,
        status: run.status,
        steps: run.steps(),
        final_state: run.final_state().to_vec(),
        trajectory: run.states.clone(),
        structure: request.structure.then(|| structure::structure(&w)),
    };
    Ok(FcmMatrixResult {
        document,
        links: w.links(),
        map,
        run,
        experts,
    })
}

impl FcmMatrixResult {
    /// The HTML report of the run: each concept's activation step by step, titled by the
    /// input's name.
    pub fn report(&self) -> Report<'static> {
        let results = FcmResults {
            map: &self.map,
            comparison: None,
            trajectory: Some(&self.run),
            monte_carlo: None,
            tornadoes: Vec::new(),
            paths: &[],
            sobol: None,
        };
        Report::without_model(self.document.file.clone()).with_fcm(&results)
    }
}
