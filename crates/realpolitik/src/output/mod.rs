//! The documents realpolitik writes for programs (`--format json`).
//!
//! Every document carries `schema_version`: it changes only when a document changes in a way
//! that can break a reader (a field removed, renamed or retyped); new fields may appear at any
//! time. The JSON Schema of all documents is generated from these types and committed as
//! `schema/output.schema.json`; a test fails when it is stale.

use schemars::JsonSchema;
use serde::Serialize;

mod ach;
mod bargain;
mod cib;
mod fcm;
pub mod safe;

pub use ach::{
    AchAnalysis, AchChange, AchDocument, AchHypothesis, AchItem, AchMonteCarlo, AchRerating,
    AchSensitivity,
};
pub use bargain::{
    BacktestDocument, BargainCoalition, BargainDocument, BargainIssueDocument, BargainScale,
    BargainSwing,
};
pub use cib::{
    CibAgreed, CibAttractor, CibBalance, CibBasins, CibCheck, CibDocument, CibEnsemble, CibFamily,
    CibIntervention, CibLeastInconsistent, CibPush, CibRobustScenario, CibRobustnessDocument,
    CibSampledAttractor, CibSampledBasins, CibScenario, CibShared, CibSuccession, CibVariantScore,
    attractor_states, one_based,
};
pub use fcm::{
    FcmBaseline, FcmCase, FcmEdge, FcmMatrixDocument, FcmModelDocument, FcmPath, FcmSensitivity,
    FcmSobol, FcmSobolLink, FcmTornadoBar,
};

use crate::briefing::Briefing;
use crate::diagnostic::DiagnosticRecord;
use crate::export::Graph;
use crate::model::Model;
use crate::model::summary::Summary;

/// The version of the output documents' layout.
pub const SCHEMA_VERSION: u32 = 1;

/// `check` on a valid model.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct CheckDocument {
    /// Layout version, [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// Always true here (see [`InvalidDocument`]).
    pub valid: bool,
    /// The model file.
    pub file: String,
    /// What the model contains.
    pub summary: Summary,
    /// Problems that do not stop the model from being used, the structural review's
    /// (`review::…` codes) included.
    pub warnings: Vec<DiagnosticRecord>,
    /// Per option, its beneficial and harmful paths to the outcomes (structural review).
    pub paths: Vec<crate::review::PathBalance>,
}

/// Any command given invalid input: every problem, located.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct InvalidDocument {
    /// Layout version.
    pub schema_version: u32,
    /// Always false.
    pub valid: bool,
    /// Errors first, each kind in file order, then warnings.
    pub diagnostics: Vec<DiagnosticRecord>,
}

/// `show`: the resolved model.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct ShowDocument {
    /// Layout version.
    pub schema_version: u32,
    /// The model file.
    pub file: String,
    /// The model, with ids resolved to indices and terms to fuzzy numbers.
    pub model: Model,
}

/// `export --to json`: the causal graph.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct GraphDocument {
    /// Layout version.
    pub schema_version: u32,
    /// The graph.
    pub graph: Graph,
}

/// `analyze`: the briefing.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct AnalyzeDocument {
    /// Layout version.
    pub schema_version: u32,
    /// realpolitik's version.
    pub version: String,
    /// The seed of every random draw.
    pub seed: u64,
    /// The model file.
    pub file: String,
    /// The model's title.
    pub title: String,
    /// The question it answers.
    pub question: Option<String>,
    /// Option ids.
    pub options: Vec<String>,
    /// Trigger ids.
    pub triggers: Vec<String>,
    /// What the model contains.
    pub summary: Summary,
    /// The briefing: effects, scenarios, bargaining, verdicts and what they rest on.
    pub briefing: Briefing,
}

/// Any document realpolitik prints with `--format json`. Each is printed as it is, not wrapped
/// in an object named after its kind (hence untagged), and carries `schema_version`.
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum OutputDocument {
    Check(CheckDocument),
    Invalid(InvalidDocument),
    Show(ShowDocument),
    Graph(GraphDocument),
    Analyze(Box<AnalyzeDocument>),
    Cib(Box<CibDocument>),
    FcmModel(FcmModelDocument),
    FcmMatrix(FcmMatrixDocument),
    Bargain(BargainDocument),
    Backtest(BacktestDocument),
    Migrate(crate::model::migrate::MigrateDocument),
    Ach(AchDocument),
}

/// The JSON Schema of every output document, pretty-printed, with a final newline.
pub fn output_schema() -> String {
    let schema = schemars::schema_for!(OutputDocument);
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema always serialises");
    text.push('\n');
    text
}

/// A CSV table: a header row, then the rows (fields quoted where needed; a text field a
/// spreadsheet would run as a formula is neutralised, [`safe::csv_cell`]).
pub fn csv_table<S: AsRef<str>>(
    header: &[S],
    rows: impl IntoIterator<Item = Vec<String>>,
) -> String {
    let mut w = crate::cib::io::csv::writer();
    let safe = |cells: &mut dyn Iterator<Item = &str>| -> Vec<String> {
        cells.map(|c| safe::csv_cell(c).into_owned()).collect()
    };
    // Writing to memory cannot fail.
    let _ = w.write_record(safe(&mut header.iter().map(AsRef::as_ref)));
    for row in rows {
        let _ = w.write_record(safe(&mut row.iter().map(String::as_str)));
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn committed_output_schema_is_up_to_date() {
        crate::schema::assert_committed("output.schema.json", &output_schema());
    }

    #[test]
    fn every_document_has_a_schema_version() {
        let schema: serde_json::Value = serde_json::from_str(&output_schema()).unwrap();
        let defs = schema["$defs"].as_object().unwrap();
        for name in [
            "CheckDocument",
            "InvalidDocument",
            "ShowDocument",
            "GraphDocument",
            "AnalyzeDocument",
            "CibDocument",
            "FcmModelDocument",
            "FcmMatrixDocument",
            "BargainDocument",
            "BacktestDocument",
        ] {
            let required = defs[name]["required"].as_array().unwrap();
            assert!(required.contains(&"schema_version".into()), "{name}");
        }
    }
}
