//! `realpolitik analyze`: the main job — a briefing that answers a model's question with all
//! three engines ([`realpolitik::briefing`]).

mod details;
mod verdict;

use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::Instant;

use realpolitik::Model;
use realpolitik::analysis::{self, AnalyzeRequest};
use realpolitik::briefing::{Briefing, Passage};
use realpolitik::model::LoadOptions;
use realpolitik::model::summary::Summary;

use super::input::load_model;
use super::progress::Bar;
use super::{CliError, Format, GlobalArgs, Output};

/// Analyse a model and print a briefing (the default command).
///
/// With no MODEL, analyses the built-in model of the anti-IS coalition's choice about the Assad
/// regime (2014). The briefing gives each option's effect on the outcomes against the status
/// quo under each trigger (fuzzy cognitive map, Monte Carlo over the uncertain link weights),
/// the consistent scenarios (cross-impact balance), the bargaining forecast (expected-utility
/// model), the verdict with its confidence, the judgments that would flip it, and the passages
/// behind each claim.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The model file (default: the built-in model).
    pub model: Option<PathBuf>,

    /// Monte Carlo draws of the uncertain link weights.
    #[arg(long, default_value_t = 2000)]
    pub draws: usize,

    /// Also write a self-contained HTML report (plots included) to this file.
    #[arg(long, value_name = "FILE.html")]
    pub report: Option<PathBuf>,
}

/// Runs the command.
pub fn run(
    args: &Args,
    global: &GlobalArgs,
    options: &LoadOptions,
    out: &Output,
) -> Result<(), CliError> {
    let started = Instant::now();
    let request = AnalyzeRequest {
        draws: args.draws,
        seed: global.seed,
        limits: options.limits,
    };
    if let Some(why) = request.defect() {
        return Err(CliError::usage(format!("--draws {}: {why}", args.draws)));
    }
    let loaded = load_model(args.model.as_ref(), options, out)?;
    let document = analysis::analyze(&loaded, &request, &Bar::new(out.quiet));
    let model = &loaded.model;
    let briefing = &document.briefing;
    if let Some(path) = &args.report {
        let page = request.report(model, &document);
        super::report::write(
            path,
            &page,
            &document.file,
            global.seed,
            Some(request.draws),
            started,
            out,
        )?;
    }
    match out.format {
        Format::Json => out.print_json(&document),
        Format::Csv => out.print(&analysis::effects_csv(briefing)),
        Format::Text => out.print(&render(model, &document.file, &document.summary, briefing)),
    }
}

/// The briefing for people: the answer first, then the evidence for it.
fn render(model: &Model, file: &str, summary: &Summary, b: &Briefing) -> String {
    let mut t = String::new();
    let _ = writeln!(t, "{}", model.title);
    let _ = writeln!(t, "{}", "=".repeat(model.title.chars().count()));
    let _ = writeln!(
        t,
        "{file}: {} actors, {} factors, {} causal relations ({} FCM links, {} cross-impact \
         blocks); {} judgments: {}.",
        model.actors.len(),
        model.factors.len(),
        summary.relations,
        model.links.len(),
        model.judgments.len(),
        summary.grades.total(),
        summary.grades.describe(),
    );
    verdict::render_bottom_line(&mut t, b);
    render_question(&mut t, model);
    verdict::render_verdicts(&mut t, model, b);
    verdict::render_counterfactuals(&mut t, model, b);
    verdict::render_assumptions(&mut t, model, b);
    verdict::render_signposts(&mut t, model, b);
    details::render_effects(&mut t, model, b);
    details::render_scenarios(&mut t, model, b);
    details::render_negotiation(&mut t, b);
    details::render_hypotheses(&mut t, b);
    details::render_sensitivity(&mut t, model, b);
    if !b.not_computed.is_empty() {
        let _ = writeln!(t, "\nNot computed:");
        for why in &b.not_computed {
            let _ = writeln!(t, "   {why}");
        }
    }
    let _ = writeln!(
        t,
        "\nFCM: Kosko's rule, sigmoid (λ = 1), {} paired draws of the uncertain weights, seed {}. \
         Effects are option − status quo in points (percent) of each factor's range; the \
         sigmoid keeps every factor strictly between 0 and 100 and flattens near the ends, so a \
         factor already pushed far one way moves less. The net score is the outcomes' weighted \
         mean effect, each signed so that + is better.",
        b.draws, b.seed
    );
    t
}

/// `text` wrapped at `width` columns, every line indented by `indent`.
fn wrap(text: &str, width: usize, indent: &str) -> String {
    hang(text, width, indent, indent)
}

/// `text` wrapped at `width` columns: the first line indented by `first`, the others by `rest`.
fn hang(text: &str, width: usize, first: &str, rest: &str) -> String {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let indent = if lines.is_empty() { first } else { rest };
        if !line.is_empty()
            && indent.chars().count() + line.chars().count() + 1 + word.chars().count() > width
        {
            lines.push(format!("{indent}{line}"));
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        let indent = if lines.is_empty() { first } else { rest };
        lines.push(format!("{indent}{line}"));
    }
    lines.join("\n")
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn quote_lines(t: &mut String, passages: &[Passage], indent: &str, at_most: usize) {
    let mut seen: Vec<&str> = Vec::new();
    for p in passages {
        if seen.len() == at_most {
            break;
        }
        if seen.contains(&p.quote.as_str()) {
            continue;
        }
        seen.push(&p.quote);
        let _ = writeln!(t, "{indent}“{}” [{}]", p.quote, p.source);
    }
}

fn render_question(t: &mut String, model: &Model) {
    if let Some(q) = &model.question {
        let _ = writeln!(t, "\n1. The question\n   {q}");
    }
    for (title, list) in [("Options", &model.options), ("Triggers", &model.triggers)] {
        if !list.is_empty() {
            let _ = writeln!(t, "   {title}:");
            for s in list {
                let sq = if s.status_quo { " (status quo)" } else { "" };
                let _ = writeln!(t, "     - {}{sq} [{}]", s.name, s.id);
            }
        }
    }
}
