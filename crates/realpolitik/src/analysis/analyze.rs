//! The main job: a briefing that answers a model's question with all three engines.

use crate::briefing::{self, Briefing};
use crate::limits::Limits;
use crate::model::summary::Summary;
use crate::output::{AnalyzeDocument, SCHEMA_VERSION};
use crate::progress::Progress;
use crate::report::{Report, analysis_report};
use crate::{Loaded, Model};

/// What the briefing is asked for.
#[derive(Clone, Debug)]
pub struct AnalyzeRequest {
    /// FCM Monte Carlo draws of the uncertain link weights (at least 1: the verdict's
    /// confidence is the share of draws that agree).
    pub draws: usize,
    /// Seed of every random draw.
    pub seed: u64,
    /// The limits on the inputs this request reads and the work it may start.
    pub limits: Limits,
}

impl Default for AnalyzeRequest {
    fn default() -> Self {
        let s = briefing::Settings::default();
        AnalyzeRequest {
            draws: s.draws,
            seed: s.seed,
            limits: Limits::default(),
        }
    }
}

impl AnalyzeRequest {
    /// The briefing's settings for this request (the other settings at their defaults).
    pub fn settings(&self) -> briefing::Settings {
        briefing::Settings {
            draws: self.draws,
            seed: self.seed,
            limits: self.limits,
            ..briefing::Settings::default()
        }
    }

    /// The HTML report of the briefing `document` this request made on `model`: the briefing
    /// with its plots, the scenario families numbered as the briefing counts them, and the
    /// bargaining chart from as many draws as the briefing made.
    pub fn report<'a>(&self, model: &'a Model, document: &AnalyzeDocument) -> Report<'a> {
        analysis_report(model, &document.briefing, &self.settings())
    }

    /// Why the request cannot run, if it cannot: no draws, or more than the draws limit.
    pub fn defect(&self) -> Option<String> {
        self.limits.count_defect(
            "draws",
            self.draws as u64,
            1,
            "the verdict's confidence is the share of draws that agree, so give at least 1",
        )
    }
}

/// Briefs the loaded model: the document `analyze --format json` prints, which the text
/// briefing and the HTML report render.
pub fn analyze(
    loaded: &Loaded,
    request: &AnalyzeRequest,
    progress: &dyn Progress,
) -> AnalyzeDocument {
    let model = &loaded.model;
    let briefing: Briefing = briefing::brief(model, &request.settings(), progress);
    AnalyzeDocument {
        schema_version: SCHEMA_VERSION,
        version: crate::VERSION.to_owned(),
        seed: request.seed,
        file: loaded.file.name().to_owned(),
        title: model.title.clone(),
        question: model.question.clone(),
        options: model.options.iter().map(|o| o.id.clone()).collect(),
        triggers: model.triggers.iter().map(|o| o.id.clone()).collect(),
        summary: Summary::of(model),
        briefing,
    }
}

/// The briefing's effects as CSV: one row per option, condition and outcome, the effect in
/// points (median and 90 % interval) and the share of draws in which the option does better
/// (empty where the model does not say which end is desired).
pub fn effects_csv(b: &Briefing) -> String {
    let rows = b.effects.iter().flat_map(|e| {
        e.outcomes.iter().map(move |o| {
            vec![
                e.option.clone(),
                e.trigger.clone().unwrap_or_default(),
                o.factor.clone(),
                o.effect.median.to_string(),
                o.effect.q05.to_string(),
                o.effect.q95.to_string(),
                o.p_better.map(|p| p.to_string()).unwrap_or_default(),
            ]
        })
    });
    crate::output::csv_table(
        &[
            "option", "trigger", "outcome", "median", "q05", "q95", "p_better",
        ],
        rows,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_briefing_needs_draws_and_names_the_models_question() {
        let none = AnalyzeRequest {
            draws: 0,
            ..AnalyzeRequest::default()
        };
        assert_eq!(
            none.defect().as_deref(),
            Some("the verdict's confidence is the share of draws that agree, so give at least 1")
        );
        assert_eq!(AnalyzeRequest::default().defect(), None);
        // The draws limit is the request's own.
        let over = AnalyzeRequest {
            draws: 11,
            limits: Limits {
                draws: 10,
                ..Limits::default()
            },
            ..AnalyzeRequest::default()
        };
        assert_eq!(
            over.defect().as_deref(),
            Some(
                "11 draws is over the limit of 10 (draws); raise it with --limit draws=N if you \
                 mean it"
            )
        );
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../examples/energy-transition.toml"
        );
        let loaded = super::super::load(
            Some(std::path::Path::new(path)),
            &crate::model::LoadOptions::default(),
        )
        .unwrap();
        let request = AnalyzeRequest {
            draws: 50,
            seed: 7,
            ..AnalyzeRequest::default()
        };
        let doc = analyze(&loaded, &request, &crate::progress::NoProgress);
        assert_eq!(
            (doc.seed, doc.briefing.draws, doc.briefing.seed),
            (7, 50, 7)
        );
        let options: Vec<&str> = loaded.model.options.iter().map(|o| o.id.as_str()).collect();
        assert_eq!(doc.options, options);
        assert_eq!(doc.file, loaded.file.name());
        // The same request on the same model gives the same document.
        let again = analyze(&loaded, &request, &crate::progress::NoProgress);
        assert_eq!(
            serde_json::to_string(&doc).unwrap(),
            serde_json::to_string(&again).unwrap()
        );
    }
}
