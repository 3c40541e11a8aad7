//! A model's check and its resolved form: what `check` and `show` print, for every front end
//! (the workbench shows the same summary and review beside its editor).

use crate::Diagnostic;
use crate::Loaded;
use crate::model::summary::Summary;
use crate::output::{CheckDocument, SCHEMA_VERSION, ShowDocument};
use crate::review::review;

/// A valid model's check: the document, and the structural review's findings as diagnostics
/// (which a front end shows located in the model's text).
#[derive(Clone, Debug)]
pub struct CheckResult {
    /// The document: the summary, every warning (the loader's, then the review's) and each
    /// option's path balance.
    pub document: CheckDocument,
    /// The structural review's findings (the loader's warnings are the caller's, on
    /// [`Loaded::warnings`]).
    pub review_warnings: Vec<Diagnostic>,
}

/// Summarises and reviews a loaded model (loading already reported every error).
pub fn check(loaded: &Loaded) -> CheckResult {
    let review = review(&loaded.model, &loaded.file);
    let document = CheckDocument {
        schema_version: SCHEMA_VERSION,
        valid: true,
        file: loaded.file.name().to_owned(),
        summary: Summary::of(&loaded.model),
        warnings: loaded
            .warnings
            .iter()
            .chain(&review.warnings)
            .map(|d| d.to_record())
            .collect(),
        paths: review.paths,
    };
    CheckResult {
        document,
        review_warnings: review.warnings,
    }
}

/// The resolved model (ids resolved to indices, terms to fuzzy numbers, quotes marked verified
/// or not), as `show --format json` prints it.
pub fn show(loaded: Loaded) -> ShowDocument {
    ShowDocument {
        schema_version: SCHEMA_VERSION,
        file: loaded.file.name().to_owned(),
        model: loaded.model,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example() -> Loaded {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../examples/energy-transition.toml"
        );
        crate::model::load_file(
            std::path::Path::new(path),
            &crate::model::LoadOptions::default(),
        )
        .expect("the example model is valid")
    }

    #[test]
    fn the_check_summarises_and_reviews_the_model() {
        let loaded = example();
        let r = check(&loaded);
        let doc = &r.document;
        assert!(doc.valid);
        assert_eq!(doc.file, loaded.file.name());
        assert_eq!(doc.summary.actors, loaded.model.actors.len());
        assert_eq!(doc.summary.factors, loaded.model.factors.len());
        // The loader's warnings, then the review's, in one list.
        assert_eq!(
            doc.warnings.len(),
            loaded.warnings.len() + r.review_warnings.len()
        );
        // One path balance per option other than the status quo.
        let options = loaded.model.options.iter().filter(|o| !o.status_quo);
        assert_eq!(doc.paths.len(), options.count());
    }

    #[test]
    fn show_keeps_the_resolved_model() {
        let loaded = example();
        let (name, factors) = (loaded.file.name().to_owned(), loaded.model.factors.len());
        let doc = show(loaded);
        assert_eq!(doc.file, name);
        assert!(name.ends_with("energy-transition.toml"), "{name}");
        let json = serde_json::to_value(&doc).unwrap();
        assert_eq!(json["model"]["factors"].as_array().unwrap().len(), factors);
    }
}
