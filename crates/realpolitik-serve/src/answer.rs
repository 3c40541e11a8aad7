//! What the page shows after an edit: the briefing document, the HTML report rendered from it
//! (the same plots as `analyze --report`), the causal graph to draw, and how the edit moved each
//! option's net score against the last saved version.

use std::time::Instant;

use realpolitik::analysis::{self, AnalyzeRequest};
use realpolitik::model::{LoadError, Loaded};
use realpolitik::output::AnalyzeDocument;
use realpolitik::progress::NoProgress;
use realpolitik::report::Provenance;
use serde::Serialize;

use crate::graph::{self, Graph};
use crate::views::{self, Views};
use crate::workbench::{Opened, version};

/// One problem in the text, where the editor shows it (1-based lines and columns, in
/// characters; the end is exclusive).
#[derive(Clone, Debug, Serialize)]
pub struct Problem {
    /// `error` or `warning`.
    pub severity: &'static str,
    /// Stable code of the kind of problem.
    pub code: &'static str,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
    /// The label under the caret.
    pub label: Option<String>,
    /// Where the problem starts and ends, when it has a place in this text.
    pub line: Option<usize>,
    /// Start column.
    pub column: Option<usize>,
    /// End line.
    pub end_line: Option<usize>,
    /// End column.
    pub end_column: Option<usize>,
}

impl Problem {
    fn of(d: &realpolitik::Diagnostic, name: &str) -> Self {
        let in_this_text = d.file.as_ref().is_some_and(|f| f.name() == name);
        let place = d
            .location
            .as_ref()
            .zip(d.file.as_ref())
            .filter(|_| in_this_text)
            .map(|((span, _), f)| (f.line_column(span.start), f.line_column(span.end)));
        Problem {
            severity: if d.is_error() { "error" } else { "warning" },
            code: d.code,
            message: d.message.clone(),
            help: d.help.clone(),
            label: d.location.as_ref().map(|(_, l)| l.clone()),
            line: place.map(|p| p.0.0),
            column: place.map(|p| p.0.1),
            end_line: place.map(|p| p.1.0),
            end_column: place.map(|p| p.1.1),
        }
    }
}

/// The problems of a load: its errors, or its warnings.
pub fn problems(result: &Result<Loaded, LoadError>, name: &str) -> Vec<Problem> {
    match result {
        Ok(loaded) => loaded
            .warnings
            .iter()
            .map(|d| Problem::of(d, name))
            .collect(),
        Err(LoadError::Invalid(ds)) => ds.iter().map(|d| Problem::of(d, name)).collect(),
        Err(e) => vec![Problem {
            severity: "error",
            code: "model::unreadable",
            message: e.to_string(),
            help: None,
            label: None,
            line: None,
            column: None,
            end_line: None,
            end_column: None,
        }],
    }
}

/// An option's net score now and in the saved version.
#[derive(Clone, Debug, Serialize)]
pub struct Change {
    /// The option's id.
    pub option: String,
    /// Its name.
    pub name: String,
    /// Median net score in the saved version (points; `None` if it had no such option).
    pub saved: Option<f64>,
    /// Median net score now.
    pub now: f64,
    /// The cross-impact engine's net score in the saved version (None: no reading).
    pub saved_scenarios: Option<f64>,
    /// The cross-impact engine's net score now.
    pub now_scenarios: Option<f64>,
    /// The sentence the page shows, naming the engines the edit moved, e.g. "this edit moved
    /// the net score of Tacit coordination from −0.3 to +1.2".
    pub words: String,
}

/// The answer to a valid text.
#[derive(Debug, Serialize)]
pub struct Answer {
    /// The briefing, as `analyze --format json` prints it.
    pub document: AnalyzeDocument,
    /// The report page, rendered from the same briefing (none for a quick answer while the
    /// analyst edits: the page keeps the last one until the full answer comes).
    pub report_html: Option<String>,
    /// The causal graph the editor draws.
    pub graph: Graph,
    /// The matrix, actors and evidence views.
    pub views: Views,
    /// Each option's net score against the saved version.
    pub changes: Vec<Change>,
    /// How long the analysis took, in milliseconds.
    pub elapsed_ms: u128,
}

/// The net scores of the saved version, computed once per saved text and draw count.
#[derive(Clone, Debug, Default)]
pub struct Baseline {
    /// The saved text's version, and its nets under each draw count asked for (the quick
    /// and the full answers alternate while the analyst edits: each keeps its own).
    saved: String,
    nets: Vec<(usize, Vec<Nets>)>,
}

/// An option's net scores: (option, the map's median, the cross-impact reading).
type Nets = (String, f64, Option<f64>);

/// Briefs `loaded` (the text `text` of the opened model) with `draws` draws, and compares it
/// with the saved version (briefed with the same draws and seed, so that only the edit moves
/// the numbers).
pub fn answer(
    opened: &Opened,
    text: &str,
    loaded: &Loaded,
    request: &AnalyzeRequest,
    baseline: &mut Baseline,
    with_report: bool,
) -> Answer {
    let started = Instant::now();
    let document = analysis::analyze(loaded, request, &NoProgress);
    let saved = version(&opened.saved_text);
    if baseline.saved != saved {
        *baseline = Baseline {
            saved,
            nets: Vec::new(),
        };
    }
    if !baseline.nets.iter().any(|(d, _)| *d == request.draws) {
        let nets = if opened.saved_text == text {
            nets(&document)
        } else {
            opened
                .load(&opened.saved_text)
                .map(|saved| nets(&analysis::analyze(&saved, request, &NoProgress)))
                .unwrap_or_default()
        };
        baseline.nets.push((request.draws, nets));
    }
    let saved_nets = &baseline
        .nets
        .iter()
        .find(|(d, _)| *d == request.draws)
        .expect("computed above")
        .1;
    let changes = document
        .briefing
        .verdicts
        .iter()
        .map(|v| {
            let saved = saved_nets.iter().find(|n| n.0 == v.option);
            let now = v.net.median;
            let now_scenarios = v.scenarios.net;
            let saved_scenarios = saved.and_then(|n| n.2);
            Change {
                option: v.option.clone(),
                name: v.name.clone(),
                saved: saved.map(|n| n.1),
                now,
                saved_scenarios,
                now_scenarios,
                words: change_words(&v.name, saved.map(|n| (n.1, n.2)), now, now_scenarios),
            }
        })
        .collect();
    let report_html = with_report.then(|| report_html(opened, loaded, &document, request, started));
    Answer {
        graph: graph::of(text, &loaded.model),
        views: views::of(
            &loaded.model,
            &loaded.file,
            &opened.texts(),
            &opened.options,
        ),
        document,
        report_html,
        changes,
        elapsed_ms: started.elapsed().as_millis(),
    }
}

/// The report page of a briefing: the same page `analyze --report` writes.
pub fn report_html(
    opened: &Opened,
    loaded: &Loaded,
    document: &AnalyzeDocument,
    request: &AnalyzeRequest,
    started: Instant,
) -> String {
    let report = request.report(&loaded.model, document);
    report.to_html(&Provenance {
        model_name: opened.name(),
        seed: request.seed,
        draws: Some(request.draws),
        elapsed: started.elapsed(),
    })
}

fn nets(d: &AnalyzeDocument) -> Vec<Nets> {
    d.briefing
        .verdicts
        .iter()
        .map(|v| (v.option.clone(), v.net.median, v.scenarios.net))
        .collect()
}

/// What an edit did to option `name`'s net scores, engine by engine: the map's (`saved.0` →
/// `now`) and the cross-impact scenarios' (`saved.1` → `now_scenarios`). A move under 0.05
/// points is no move.
fn change_words(
    name: &str,
    saved: Option<(f64, Option<f64>)>,
    now: f64,
    now_scenarios: Option<f64>,
) -> String {
    let Some((saved, saved_scenarios)) = saved else {
        return format!("{name}: net score {} (new option)", points(now));
    };
    let moved = |a: f64, b: f64| (a - b).abs() >= 0.05;
    let scenarios = match (saved_scenarios, now_scenarios) {
        (Some(a), Some(b)) if moved(a, b) => Some(format!(
            "the cross-impact scenarios' reading from {} to {}",
            points(a),
            points(b)
        )),
        (None, Some(b)) => Some(format!(
            "the cross-impact scenarios' reading to {}",
            points(b)
        )),
        (Some(_), None) => Some("the cross-impact scenarios' reading away (none now)".into()),
        _ => None,
    };
    match (moved(saved, now), scenarios) {
        (true, None) => format!(
            "this edit moved the net score of {name} from {} to {}",
            points(saved),
            points(now)
        ),
        (true, Some(s)) => format!(
            "this edit moved the net score of {name} from {} to {}, and {s}",
            points(saved),
            points(now)
        ),
        (false, Some(s)) => format!(
            "this edit moved only {s} for {name}; the map's net score is {} as saved",
            points(now)
        ),
        (false, None) => format!("{name}: net score {} as saved", points(now)),
    }
}

/// A net score as the briefing writes it: signed, one decimal (two near zero), with a true
/// minus sign.
fn points(net: f64) -> String {
    realpolitik::briefing::net_points(net)
}
