//! The self-contained HTML report: one file with inline CSS and SVG, readable offline, on screen
//! and in print.
//!
//! A [`Report`] starts with the model at a glance (question, actors, factors, options and
//! triggers, and the causal graph) and ends with the evidence behind every judgment and how the
//! report was made. In between come the engines' sections, each present only when its results
//! were given: [`Report::with_cib`], [`Report::with_fcm`] and [`Report::with_bargain`] (built by
//! [`cib`], [`fcm`] and [`bargain`] from the engines' own result types), then any other section
//! added with [`Report::push`]. Front ends (the command line, later the web UI) assemble the
//! sections they computed, call [`Report::to_html`] and write the result; `analyze` can combine
//! all three engines in one report, each engine's command its own.

pub mod ach;
mod answer;
pub mod bargain;
mod briefing;
mod carriers;
pub mod cib;
pub mod fcm;
mod graph;
pub mod html;
pub mod lines;
pub mod plot;
mod simplex;
mod summary;

use std::fmt::Write as _;
use std::time::Duration;

pub use answer::answer_sections;
pub use bargain::{BargainIssue, BargainResults};
pub use briefing::{analysis_report, briefing_sections, forest_svg, tornado_svg};
pub use cib::{CibFamilies, CibResults, CibRobustness};
pub use fcm::{FcmResults, FcmSobol, FcmTornado};
pub use graph::{Layout, causal_graph_svg, layout};
use html::{escape, table};

use crate::model::summary::Summary;
use crate::model::{Evidence, Model, Scenario};

/// How a report was made, printed at its end.
#[derive(Clone, Debug)]
pub struct Provenance {
    /// The model's file name.
    pub model_name: String,
    /// The seed of every random draw.
    pub seed: u64,
    /// Monte Carlo draws, where any were made.
    pub draws: Option<usize>,
    /// How long the analysis took.
    pub elapsed: Duration,
}

/// One section of the report; its body is HTML.
#[derive(Clone, Debug)]
pub struct Section {
    /// Anchor id.
    pub id: String,
    /// Heading.
    pub title: String,
    /// HTML content.
    pub body: String,
}

/// A report under construction.
#[derive(Clone, Debug)]
pub struct Report<'a> {
    /// The model, when the input was one (a bare matrix or bargaining table has none).
    model: Option<&'a Model>,
    title: String,
    question: Option<String>,
    lead: Vec<Section>,
    cib: Option<Section>,
    fcm: Option<Section>,
    bargain: Option<Section>,
    sections: Vec<Section>,
}

impl<'a> Report<'a> {
    /// A report on a model, starting with the model at a glance and ending with its evidence.
    pub fn new(model: &'a Model) -> Self {
        Report {
            model: Some(model),
            title: model.title.clone(),
            question: model.question.clone(),
            lead: Vec::new(),
            cib: None,
            fcm: None,
            bargain: None,
            sections: Vec::new(),
        }
    }

    /// A report on input that is not a model (a bare CIB matrix, an FCM weight matrix, a
    /// bargaining table): only the engines' sections and the provenance, under `title`.
    pub fn without_model(title: impl Into<String>) -> Self {
        Report {
            model: None,
            title: title.into(),
            question: None,
            lead: Vec::new(),
            cib: None,
            fcm: None,
            bargain: None,
            sections: Vec::new(),
        }
    }

    /// Adds (or replaces) the cross-impact balance section.
    pub fn with_cib(mut self, results: &cib::CibResults<'_>) -> Self {
        self.cib = Some(cib::section(results));
        self
    }

    /// Adds (or replaces) the fuzzy cognitive map section.
    pub fn with_fcm(mut self, results: &fcm::FcmResults<'_>) -> Self {
        self.fcm = Some(fcm::section(results));
        self
    }

    /// Adds (or replaces) the bargaining section.
    pub fn with_bargain(mut self, results: &bargain::BargainResults<'_>) -> Self {
        self.bargain = Some(bargain::section(results));
        self
    }

    /// Keeps only the sections computed, without the model at a glance and its evidence: what
    /// a notebook shows under a result, the model being on screen already.
    pub fn results_only(mut self) -> Self {
        self.model = None;
        self
    }

    /// Adds another section, after the engines' sections.
    pub fn push(&mut self, section: Section) {
        self.sections.push(section);
    }

    /// Adds a section before the model at a glance: the answer a reader came for.
    pub fn lead(&mut self, section: Section) {
        self.lead.push(section);
    }

    /// The whole page: the leading sections, the model at a glance, the engines' sections
    /// present (CIB, FCM, bargaining), the other sections, then the evidence and the provenance.
    pub fn to_html(&self, provenance: &Provenance) -> String {
        let mut sections: Vec<(String, String, String)> = self
            .lead
            .iter()
            .map(|s| (s.id.clone(), s.title.clone(), s.body.clone()))
            .collect();
        if let Some(model) = self.model {
            sections.push((
                "model".into(),
                "The model at a glance".into(),
                overview(model),
            ));
        }
        for s in [&self.cib, &self.fcm, &self.bargain]
            .into_iter()
            .flatten()
            .chain(&self.sections)
        {
            sections.push((s.id.clone(), s.title.clone(), s.body.clone()));
        }
        if let Some(model) = self.model {
            sections.push(("evidence".into(), "Evidence".into(), evidence(model)));
        }
        sections.push((
            "provenance".into(),
            "How this report was made".into(),
            provenance_html(provenance),
        ));
        let footer = format!(
            "realpolitik {} · {} · seed {}",
            crate::VERSION,
            escape(&provenance.model_name),
            provenance.seed
        );
        html::page(&self.title, self.question.as_deref(), &sections, &footer)
    }
}

fn scenarios_table(model: &Model, scenarios: &[Scenario]) -> String {
    let rows: Vec<Vec<String>> = scenarios
        .iter()
        .map(|s| {
            let clamps: Vec<String> = s
                .clamps
                .iter()
                .map(|c| {
                    let f = &model.factors[c.factor];
                    format!("{} = {}", escape(&f.label), escape(&c.describe(f)))
                })
                .collect();
            let name = if s.status_quo {
                format!("{} <span class=\"tag\">status quo</span>", escape(&s.name))
            } else {
                escape(&s.name)
            };
            vec![
                name,
                clamps.join("<br>"),
                escape(s.description.as_deref().unwrap_or("")),
            ]
        })
        .collect();
    table(&["", "fixes", "what it means"], &rows)
}

/// The model at a glance.
fn overview(model: &Model) -> String {
    let mut b = String::new();
    if let Some(d) = &model.description {
        for paragraph in d.split("\n\n").filter(|p| !p.trim().is_empty()) {
            let _ = writeln!(b, "<p>{}</p>", escape(paragraph.trim()));
        }
    }
    if !model.options.is_empty() {
        b.push_str("<h3>Options</h3>\n");
        b.push_str(&scenarios_table(model, &model.options));
    }
    if !model.triggers.is_empty() {
        b.push_str("<h3>Triggers</h3>\n");
        b.push_str(&scenarios_table(model, &model.triggers));
    }
    if !model.factors.is_empty() {
        b.push_str("<h3>Causal graph</h3>\n<div class=\"figure\">\n");
        b.push_str(&causal_graph_svg(model));
        b.push_str(
            "</div>\n<p class=\"note\">Click a factor to highlight its links and neighbours; \
             click it again to clear. Edges are as thick as their weight is strong.</p>\n",
        );
        let rows: Vec<Vec<String>> = model
            .factors
            .iter()
            .map(|f| {
                vec![
                    escape(&f.label),
                    f.role.name().to_owned(),
                    escape(&f.states.join(" · ")),
                    escape(f.description.as_deref().unwrap_or("")),
                ]
            })
            .collect();
        b.push_str("<h3>Factors</h3>\n");
        b.push_str(&html::appendix(
            &format!(
                "The {} factors: role, states, what each measures",
                rows.len()
            ),
            &table(&["factor", "role", "states", "what it measures"], &rows),
        ));
    }
    if !model.actors.is_empty() {
        let rows: Vec<Vec<String>> = model
            .actors
            .iter()
            .map(|a| {
                let part = a
                    .part_of
                    .map(|p| escape(&model.actors[p].name))
                    .unwrap_or_default();
                let stances: Vec<String> = a
                    .stances
                    .iter()
                    .map(|s| {
                        format!(
                            "{}: position {}, salience {}, capability {}",
                            escape(&model.issues[s.issue].id),
                            s.position,
                            s.salience,
                            s.capability
                        )
                    })
                    .collect();
                vec![escape(&a.name), part, stances.join("<br>")]
            })
            .collect();
        b.push_str("<h3>Actors</h3>\n");
        for issue in &model.issues {
            let _ = writeln!(
                b,
                "<p><b>{}</b> — scale {} = {} … {} = {}</p>",
                escape(&issue.question),
                issue.low,
                escape(&issue.low_label),
                issue.high,
                escape(&issue.high_label)
            );
        }
        b.push_str(&html::appendix(
            &format!("The {} actors and their bargaining inputs", rows.len()),
            &table(&["actor", "part of", "bargaining inputs"], &rows),
        ));
    }
    b
}

fn evidence_cell(model: &Model, e: &Evidence) -> String {
    let mut cell = String::new();
    for c in &e.citations {
        let source = &model.sources[c.source];
        let mark = if c.verified {
            ""
        } else {
            " <span class=\"tag\">unverified</span>"
        };
        let _ = write!(
            cell,
            "<blockquote>“{}” — {}{mark}</blockquote>",
            escape(&c.quote),
            escape(&source.id)
        );
    }
    if let Some(j) = &e.justification {
        let _ = write!(cell, "<p>{}</p>", escape(j));
    }
    if !e.is_cited() {
        let reason = e.assumption.as_deref().unwrap_or("no reason given");
        let _ = write!(
            cell,
            "<p><span class=\"tag assumption\">assumption</span> {}</p>",
            escape(reason)
        );
    }
    cell
}

/// Every judgment with its passages, and the sources.
fn evidence(model: &Model) -> String {
    let summary = Summary::of(model);
    let mut b = String::new();
    let _ = writeln!(
        b,
        "<p>{} of {} judgments cite a source ({} quotes verified against the source text); {} are analyst assumptions.</p>",
        summary.cited,
        summary.cited + summary.assumed,
        summary.quotes_verified,
        summary.assumed
    );
    if !model.sources.is_empty() {
        let rows: Vec<Vec<String>> = model
            .sources
            .iter()
            .map(|s| {
                vec![
                    escape(&s.id),
                    escape(&s.title),
                    escape(s.author.as_deref().unwrap_or("")),
                    escape(s.date.as_deref().unwrap_or("")),
                    escape(s.published.as_deref().unwrap_or("")),
                ]
            })
            .collect();
        b.push_str(&table(
            &["id", "title", "author", "date", "published"],
            &rows,
        ));
    }
    let rows: Vec<Vec<String>> = model
        .judgments_with_evidence()
        .into_iter()
        .map(|(what, e)| vec![escape(&what), evidence_cell(model, e)])
        .collect();
    b.push_str(&html::appendix(
        &format!(
            "Every judgment ({}) with the passages it rests on",
            rows.len()
        ),
        &table(&["judgment", "rests on"], &rows),
    ));
    b
}

fn provenance_html(p: &Provenance) -> String {
    let mut rows = vec![
        vec!["realpolitik".to_owned(), escape(crate::VERSION)],
        vec!["model".to_owned(), escape(&p.model_name)],
        vec!["seed".to_owned(), p.seed.to_string()],
    ];
    if let Some(draws) = p.draws {
        rows.push(vec!["Monte Carlo draws".to_owned(), draws.to_string()]);
    }
    rows.push(vec![
        "run time".to_owned(),
        format!("{:.2} s", p.elapsed.as_secs_f64()),
    ]);
    table(&["", ""], &rows)
}

/// The built-in model and a quick briefing on it (few draws), for the report's tests.
#[cfg(test)]
fn default_briefing() -> (Model, crate::briefing::Briefing) {
    let model = crate::default_model().unwrap().model;
    let settings = crate::briefing::Settings {
        draws: 50,
        bargaining_draws: 10,
        ..crate::briefing::Settings::default()
    };
    let b = crate::briefing::brief(&model, &settings, &crate::progress::NoProgress);
    (model, b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::load_file;

    #[test]
    fn the_default_model_report_stays_small_and_quotes_every_passage() {
        let loaded = crate::default_model().unwrap();
        let provenance = Provenance {
            model_name: crate::embedded::DEFAULT_MODEL_NAME.into(),
            seed: 1,
            draws: None,
            elapsed: Duration::ZERO,
        };
        let html = Report::new(&loaded.model).to_html(&provenance);
        assert!(html.len() < 2_000_000, "{} bytes", html.len());
        let quotes: usize = loaded
            .model
            .judgments_with_evidence()
            .iter()
            .map(|(_, e)| e.citations.len())
            .sum();
        assert_eq!(html.matches("<blockquote>").count(), quotes);
        assert_eq!(
            html.matches("<g class=\"node ").count(),
            loaded.model.factors.len()
        );
    }

    #[test]
    fn the_default_model_report_with_every_engine_stays_under_2_mb() {
        use crate::bargain::{EumParams, Scenario as Bargaining, Solver, solve};
        use crate::fcm::montecarlo::{Plan, monte_carlo};
        use crate::fcm::scenario::{cases_of, compare};
        use crate::fcm::{FcmMap, Settings};
        let loaded = crate::default_model().unwrap();
        let model = &loaded.model;
        // CIB: every consistent scenario, with families.
        let m = crate::cib::Matrix::from_model(model).unwrap().unwrap();
        let solutions = crate::cib::search(&m, &crate::cib::Constraints::consistent());
        let z: Vec<Vec<usize>> = solutions.iter().map(|s| s.variants.clone()).collect();
        let families = crate::cib::landscape::families(&z, 2);
        let cib = CibResults {
            families: Some(CibFamilies {
                threshold: 2,
                families: &families,
            }),
            ..CibResults::new(&m, &solutions)
        };
        // FCM: a few Monte Carlo draws (the size does not grow with them).
        let map = FcmMap::from_model(model);
        let settings = Settings::default();
        let initial = vec![1.0; map.n()];
        let (baseline, cases) = cases_of(model);
        let gates = crate::fcm::scenario::Gates::of(model);
        let comparison = compare(
            &map.nominal(),
            &initial,
            &baseline,
            &cases,
            &gates,
            &settings,
        );
        let plan = Plan {
            map: &map,
            initial: &initial,
            baseline: &baseline,
            cases: &cases,
            gates: &gates,
            settings: &settings,
        };
        let mc = monte_carlo(&plan, 10, 1, 10, &crate::progress::NoProgress);
        let fcm = FcmResults {
            map: &map,
            comparison: Some(&comparison),
            trajectory: None,
            monte_carlo: Some(&mc),
            tornadoes: Vec::new(),
            paths: &[],
            sobol: None,
        };
        // Bargaining: every issue with the EUM.
        let scenario = Bargaining::from_model(model);
        let issues: Vec<_> = (0..scenario.issues.len())
            .map(|k| scenario.nominal_issue(k))
            .collect();
        let outcomes: Vec<_> = issues
            .iter()
            .map(|i| solve(i, Solver::Eum, &EumParams::default()))
            .collect();
        let bargain = BargainResults {
            scenario: &scenario,
            solver: Solver::Eum,
            joint: None,
            issues: issues
                .iter()
                .zip(&outcomes)
                .enumerate()
                .map(|(index, (issue, outcome))| BargainIssue {
                    index,
                    issue,
                    outcome,
                    monte_carlo: None,
                })
                .collect(),
        };
        let report = Report::new(model)
            .with_bargain(&bargain)
            .with_cib(&cib)
            .with_fcm(&fcm);
        let html = report.to_html(&Provenance {
            model_name: "default".into(),
            seed: 1,
            draws: Some(10),
            elapsed: Duration::ZERO,
        });
        assert!(html.len() < 2_000_000, "{} bytes", html.len());
        // The engines' sections come in a fixed order, whatever order they were added in.
        let at = |id: &str| html.find(&format!("<section id=\"{id}\">")).unwrap();
        assert!(at("model") < at("cib") && at("cib") < at("fcm") && at("fcm") < at("bargain"));
        assert!(at("bargain") < at("evidence") && at("evidence") < at("provenance"));
        assert_eq!(
            html.matches("<svg class=\"plot bargain-positions\"")
                .count(),
            scenario.issues.len()
        );
    }

    #[test]
    fn a_report_without_a_model_has_the_engines_and_the_provenance_only() {
        let report = Report::without_model("matrix.csv <1>");
        let html = report.to_html(&Provenance {
            model_name: "matrix.csv".into(),
            seed: 1,
            draws: None,
            elapsed: Duration::ZERO,
        });
        assert!(html.contains("<h1>matrix.csv &lt;1&gt;</h1>"));
        assert!(!html.contains("<section id=\"model\">"));
        assert!(!html.contains("<section id=\"evidence\">"));
        assert!(html.contains("<section id=\"provenance\">"));
    }

    #[test]
    fn the_example_report_has_every_part() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../examples/energy-transition.toml"
        );
        let loaded = load_file(
            std::path::Path::new(path),
            &crate::model::LoadOptions::default(),
        )
        .unwrap();
        let provenance = Provenance {
            model_name: "examples/energy-transition.toml".into(),
            seed: 7,
            draws: None,
            elapsed: Duration::from_millis(1500),
        };
        let html = Report::new(&loaded.model).to_html(&provenance);
        assert!(html.contains("<h1>Carbon price in a coal-dependent economy</h1>"));
        // The graph: 4 factors, 4 links, levers and outcomes marked.
        assert_eq!(html.matches("<g class=\"node ").count(), 4);
        assert_eq!(html.matches("<path class=\"edge\" data-from=").count(), 4);
        assert!(html.contains("<g class=\"node lever\" data-node=\"0\""));
        // The bulky reference parts are collapsed (and so left out of print).
        assert!(html.contains("<details class=\"appendix\"><summary>Every judgment (12)"));
        assert!(html.contains("No price for now <span class=\"tag\">status quo</span>"));
        // Evidence: each of the 12 judgments appears, quotes verified, assumptions tagged.
        assert!(html.contains("6 of 12 judgments cite a source (6 quotes verified"));
        assert_eq!(html.matches("<span class=\"tag assumption\">").count(), 6);
        assert!(html.contains("<td>run time</td><td>1.50 s</td>"));
        // Results only: the title and question stay, the model at a glance and the evidence go.
        let html = Report::new(&loaded.model)
            .results_only()
            .to_html(&provenance);
        assert!(html.contains("<h1>Carbon price in a coal-dependent economy</h1>"));
        assert!(!html.contains("<section id=\"model\">"));
        assert!(!html.contains("<section id=\"evidence\">"));
        // Self-contained: no external resources.
        assert!(!html.contains("src=\"http"));
        assert!(!html.contains("<link "));
    }
}
