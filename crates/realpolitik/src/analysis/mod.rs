//! The analysis API that every front end calls: a typed request in, a typed document
//! ([`crate::output`]) out. The command line, the web workbench and the Python package only
//! parse their input into a request, call the function here, and render the document it
//! returns, so each decision about *what* to compute (which cases, which sensitivity, which
//! settings) is made once, here, and every front end gives the same numbers.

mod analyze;

pub use analyze::{AnalyzeRequest, analyze, effects_csv};
