//! Reading and writing matrices and scenario lists: CSV and XLSX grids, ScenarioWizard files.

pub mod csv;
pub(crate) mod grid;
