//! `realpolitik show`: the model as readable text, or resolved as JSON.

use std::fmt::Write as _;
use std::path::PathBuf;

use realpolitik::Model;
use realpolitik::model::LoadOptions;
use realpolitik::model::{Evidence, Scenario};

use super::input::load_model;
use super::{CliError, Format, Output};

/// Show a model: its question, sources, actors, factors, judgments, links and scenarios.
///
/// With `--format json`, prints the resolved model (ids resolved to indices, linguistic terms
/// to their fuzzy numbers, quotes marked verified or not).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The model file (default: the built-in model).
    pub model: Option<PathBuf>,
}

/// Runs the command.
pub fn run(args: &Args, options: &LoadOptions, out: &Output) -> Result<(), CliError> {
    out.refuse_csv("show", "use --format text or --format json")?;
    let loaded = load_model(args.model.as_ref(), options, out)?;
    match out.format {
        Format::Json => out.print_json(&realpolitik::analysis::show(loaded)),
        Format::Text | Format::Csv => out.print(&render(&loaded.model)),
    }
}

fn evidence_line(model: &Model, e: &Evidence) -> String {
    let mut parts = Vec::new();
    for c in &e.citations {
        let mark = if c.verified { "" } else { " (unverified)" };
        parts.push(format!(
            "[{}] \"{}\"{mark}",
            model.sources[c.source].id, c.quote
        ));
    }
    if let Some(j) = &e.justification {
        parts.push(j.trim_end_matches('.').to_owned());
    }
    if let Some(a) = &e.assumption {
        parts.push(format!("assumption: {a}"));
    }
    if parts.is_empty() {
        parts.push("assumption (no reason given)".into());
    }
    parts.join("; ")
}

fn uncertainty(q: &realpolitik::model::Quantity) -> String {
    if q.is_uncertain() {
        format!(" in {q}")
    } else {
        String::new()
    }
}

fn scenario_lines(t: &mut String, model: &Model, title: &str, scenarios: &[Scenario]) {
    if scenarios.is_empty() {
        return;
    }
    let _ = writeln!(t, "\n{title}");
    for s in scenarios {
        let sq = if s.status_quo { " [status quo]" } else { "" };
        let _ = writeln!(t, "  {} — {}{sq}", s.id, s.name);
        for c in &s.clamps {
            let f = &model.factors[c.factor];
            let _ = writeln!(t, "      {} = {}", f.id, c.describe(f));
        }
    }
}

/// The model as text.
fn render(model: &Model) -> String {
    let mut t = String::new();
    let _ = writeln!(t, "{}", model.title);
    if let Some(q) = &model.question {
        let _ = writeln!(t, "Question: {q}");
    }
    if let Some(d) = &model.date {
        let _ = writeln!(t, "Assessed: {d}");
    }
    if let Some(d) = &model.description {
        let _ = writeln!(t, "\n{}", d.trim());
    }
    if !model.sources.is_empty() {
        t.push_str("\nSources\n");
        for s in &model.sources {
            let by = s
                .author
                .as_deref()
                .map(|a| format!(", {a}"))
                .unwrap_or_default();
            let date = s
                .date
                .as_deref()
                .map(|d| format!(" ({d})"))
                .unwrap_or_default();
            let _ = writeln!(t, "  [{}] {}{by}{date}", s.id, s.title);
        }
    }
    for issue in &model.issues {
        let _ = writeln!(t, "\nIssue {}: {}", issue.id, issue.question);
        let _ = writeln!(
            t,
            "  scale {} = {} … {} = {}",
            issue.low, issue.low_label, issue.high, issue.high_label
        );
    }
    if !model.actors.is_empty() {
        t.push_str("\nActors\n");
        for a in &model.actors {
            let part = a
                .part_of
                .map(|p| format!(" (part of {})", model.actors[p].id))
                .unwrap_or_default();
            let _ = writeln!(t, "  {} — {}{part}", a.id, a.name);
            for s in &a.stances {
                let _ = writeln!(
                    t,
                    "      on {}: position {}, salience {}, capability {}",
                    model.issues[s.issue].id, s.position, s.salience, s.capability
                );
                let _ = writeln!(t, "      evidence: {}", evidence_line(model, &s.evidence));
            }
        }
    }
    if !model.factors.is_empty() {
        t.push_str("\nFactors\n");
        for f in &model.factors {
            let role = serde_json::to_value(f.role).unwrap_or_default();
            let states = if f.states.is_empty() {
                String::new()
            } else {
                format!(": {}", f.states.join(" | "))
            };
            let _ = writeln!(
                t,
                "  {} — {} [{}]{states}",
                f.id,
                f.label,
                role.as_str().unwrap_or("")
            );
        }
    }
    if !model.judgments.is_empty() {
        t.push_str("\nCross-impact judgments (rows: states of the acting factor)\n");
        for j in &model.judgments {
            let (from, to) = (&model.factors[j.from], &model.factors[j.to]);
            let _ = writeln!(t, "  {} → {}", from.id, to.id);
            let width = from
                .states
                .iter()
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(0)
                .min(crate::cli::output::MAX_COLUMN);
            let _ = writeln!(t, "      {:width$}  {}", "", to.states.join("  "));
            for (state, row) in from.states.iter().zip(&j.impacts) {
                let cells: Vec<String> = row
                    .iter()
                    .zip(&to.states)
                    .map(|(c, s)| format!("{:>w$}", c.nominal, w = s.chars().count()))
                    .collect();
                let _ = writeln!(t, "      {state:width$}  {}", cells.join("  "));
            }
            let _ = writeln!(t, "      evidence: {}", evidence_line(model, &j.evidence));
        }
    }
    if !model.links.is_empty() {
        t.push_str("\nCausal links\n");
        for l in &model.links {
            let term = l
                .term
                .as_deref()
                .map(|n| format!(" \"{n}\""))
                .unwrap_or_default();
            let _ = writeln!(
                t,
                "  {} → {}: {:+.2}{term}{}",
                model.factors[l.from].id,
                model.factors[l.to].id,
                l.weight.nominal(),
                uncertainty(&l.weight)
            );
            let _ = writeln!(t, "      evidence: {}", evidence_line(model, &l.evidence));
        }
    }
    scenario_lines(&mut t, model, "Options", &model.options);
    scenario_lines(&mut t, model, "Triggers", &model.triggers);
    t
}
