//! `realpolitik analyze`: the main job — a briefing that answers a model's question with all
//! three engines ([`realpolitik::briefing`]).

use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::Instant;

use realpolitik::Model;
use realpolitik::briefing::{self, Briefing, Passage};
use realpolitik::model::Judged;
use realpolitik::model::summary::Summary;
use realpolitik::output::{AnalyzeDocument, SCHEMA_VERSION};
use realpolitik::report::analysis_report;
use realpolitik::report::html::thousands;

use super::input::load_model;
use super::output::csv_table;
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
pub fn run(args: &Args, global: &GlobalArgs, out: &Output) -> Result<(), CliError> {
    let started = Instant::now();
    let loaded = load_model(args.model.as_ref(), out)?;
    let model = &loaded.model;
    let settings = briefing::Settings {
        draws: args.draws.max(1),
        seed: global.seed,
        ..briefing::Settings::default()
    };
    let briefing = briefing::brief(model, &settings, &Bar::new(out.quiet));
    if let Some(path) = &args.report {
        let page = analysis_report(model, &briefing, settings.bargaining_draws);
        let name = loaded.file.name();
        super::report::write(
            path,
            &page,
            name,
            global.seed,
            Some(settings.draws),
            started,
        )?;
    }
    let summary = Summary::of(model);
    if out.format == Format::Json {
        return out.print_json(&AnalyzeDocument {
            schema_version: SCHEMA_VERSION,
            version: realpolitik::VERSION.to_owned(),
            seed: global.seed,
            file: loaded.file.name().to_owned(),
            title: model.title.clone(),
            question: model.question.clone(),
            options: model.options.iter().map(|o| o.id.clone()).collect(),
            triggers: model.triggers.iter().map(|o| o.id.clone()).collect(),
            summary,
            briefing,
        });
    }
    if out.format == Format::Csv {
        return out.print(&effects_csv(&briefing));
    }
    out.print(&render(model, loaded.file.name(), &summary, &briefing))
}

/// The briefing's effects as CSV: one row per option, condition and outcome, the effect in
/// points (median and 90 % interval) and the share of draws in which the option does better
/// (empty where the model does not say which end is desired).
fn effects_csv(b: &Briefing) -> String {
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
    csv_table(
        &[
            "option", "trigger", "outcome", "median", "q05", "q95", "p_better",
        ],
        rows,
    )
}

/// The briefing for people.
fn render(model: &Model, file: &str, summary: &Summary, b: &Briefing) -> String {
    let mut t = String::new();
    let _ = writeln!(t, "{}", model.title);
    let _ = writeln!(t, "{}", "=".repeat(model.title.chars().count()));
    let _ = writeln!(
        t,
        "{file}: {} actors, {} factors, {} causal links, {} cross-impact blocks; {} judgments: \
         {}.",
        model.actors.len(),
        model.factors.len(),
        model.links.len(),
        model.judgments.len(),
        summary.grades.total(),
        summary.grades.describe(),
    );
    render_question(&mut t, model);
    render_verdicts(&mut t, model, b);
    render_effects(&mut t, model, b);
    render_scenarios(&mut t, model, b);
    render_negotiation(&mut t, b);
    render_sensitivity(&mut t, model, b);
    let _ = writeln!(
        t,
        "\nFCM: Kosko's rule, sigmoid (λ = 1), {} paired draws of the uncertain weights, seed {}. \
         Effects are option − status quo in points of each factor's range; the net score is \
         their mean over the outcomes, each signed so that + is better.",
        b.draws, b.seed
    );
    t
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn word(j: Judged) -> &'static str {
    match j {
        Judged::Better => "better",
        Judged::Worse => "worse",
    }
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

fn render_verdicts(t: &mut String, model: &Model, b: &Briefing) {
    if b.verdicts.is_empty() {
        let _ = writeln!(
            t,
            "\n2. Verdict\n   None: the model marks no status quo to judge the options against."
        );
        return;
    }
    let _ = writeln!(t, "\n2. Verdict");
    for v in &b.verdicts {
        let _ = writeln!(
            t,
            "   {}: {} than the status quo (net score {:+.1} points, 90% interval {:+.1} to \
             {:+.1}); {:.0}% of draws agree: {} confidence.",
            v.name,
            word(v.judged).to_uppercase(),
            v.net.median,
            v.net.q05,
            v.net.q95,
            100.0 * v.probability,
            serde_json::to_value(v.confidence)
                .ok()
                .and_then(|c| c.as_str().map(str::to_owned))
                .unwrap_or_default(),
        );
        let judged = v.outcomes_better + v.outcomes_worse;
        if judged > 0 && (v.outcomes_better == 0 || v.outcomes_worse == 0) {
            let _ = writeln!(
                t,
                "     {} on all {judged} outcomes it is judged by: no weighting of the outcomes \
                 changes the verdict.",
                if v.outcomes_worse == 0 {
                    "Better"
                } else {
                    "Worse"
                },
            );
        } else if judged > 0 {
            let _ = writeln!(
                t,
                "     Better on {} and worse on {} of the {judged} outcomes: the verdict rests \
                 on weighting them equally.",
                v.outcomes_better, v.outcomes_worse
            );
        }
        for (trigger, j, p) in &v.under_triggers {
            let _ = writeln!(
                t,
                "     if {}: {} ({:.0}% of draws)",
                model.scenario_name(trigger),
                word(*j),
                100.0 * p
            );
        }
        match v.agrees_with_source() {
            Some(true) => {
                let _ = writeln!(
                    t,
                    "   This agrees with the source, which judges it {}:",
                    word(v.judged)
                );
                quote_lines(t, &v.passages, "     ", 2);
            }
            Some(false) => {
                let _ = writeln!(
                    t,
                    "   THIS DEPARTS FROM THE SOURCE, which judges it {}:",
                    word(v.source_verdict.unwrap_or(v.judged))
                );
                quote_lines(t, &v.passages, "     ", 2);
            }
            None => {}
        }
    }
}

fn render_effects(t: &mut String, model: &Model, b: &Briefing) {
    if b.effects.is_empty() {
        return;
    }
    let _ = writeln!(
        t,
        "\n3. Effects on the outcomes against the status quo (FCM; median [90% interval], \
         P(better))"
    );
    for e in &b.effects {
        let condition = e.trigger.as_deref().map_or_else(
            || "no trigger".to_owned(),
            |id| model.scenario_name(id).to_owned(),
        );
        let _ = writeln!(t, "   {} — {condition}", model.scenario_name(&e.option));
        let width = e
            .outcomes
            .iter()
            .map(|o| o.label.chars().count() + 12)
            .max()
            .unwrap_or(0);
        for o in &e.outcomes {
            let want = o.desired.map_or("", |d| match d {
                realpolitik::model::Desired::Low => " (want low)",
                realpolitik::model::Desired::High => " (want high)",
            });
            let better = o
                .p_better
                .map_or_else(String::new, |p| format!("  P(better) {p:.2}"));
            let _ = writeln!(
                t,
                "     {:<width$} {:+6.1} [{:+6.1}, {:+6.1}]{better}",
                format!("{}{want}", o.label),
                o.effect.median,
                o.effect.q05,
                o.effect.q95,
            );
        }
        if e.not_converged > 0 {
            let _ = writeln!(
                t,
                "     ({} of {} draws did not converge)",
                e.not_converged, b.draws
            );
        }
    }
    let _ = writeln!(
        t,
        "   Why (strongest causal path from the option to each outcome):"
    );
    for p in &b.paths {
        let _ = writeln!(
            t,
            "     {}: {} (path weight {:+.2})",
            p.outcome,
            p.path.join(" → "),
            p.weight
        );
        quote_lines(t, &p.passages, "       ", 2);
    }
}

fn render_scenarios(t: &mut String, model: &Model, b: &Briefing) {
    let Some(s) = &b.scenarios else { return };
    let _ = writeln!(
        t,
        "\n4. Consistent scenarios (CIB): {} of {} are consistent, in {}",
        s.consistent,
        thousands(&format!("{:.0}", s.space)),
        plural(s.families.len(), "family", "families")
    );
    let states = |counts: &[briefing::scenarios::StateCounts]| -> String {
        counts
            .iter()
            .map(|c| {
                let s: Vec<String> = c.states.iter().map(|(n, k)| format!("{n}×{k}")).collect();
                format!("{} {}", c.factor, s.join("/"))
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    for (k, f) in s.families.iter().enumerate() {
        let options = if f.options.is_empty() {
            "no option".to_owned()
        } else {
            f.options.join(", ")
        };
        let _ = writeln!(
            t,
            "   F{}: {}, contains {options}\n       levers: {}\n       outcomes: {}",
            k + 1,
            plural(f.size, "scenario", "scenarios"),
            states(&f.levers),
            states(&f.outcomes)
        );
    }
    let _ = writeln!(t, "   Each option imposed (its states fixed):");
    for i in &s.imposed {
        let condition = i.trigger.as_deref().map_or_else(
            || "no trigger".to_owned(),
            |id| model.scenario_name(id).to_owned(),
        );
        let _ = writeln!(
            t,
            "     {} — {condition}: {} consistent; {}",
            i.option,
            i.consistent,
            states(&i.outcomes)
        );
    }
    // The judgments behind each option's imposed futures (the same under every trigger; the
    // status quo's rest on the same blocks).
    let mut shown: Vec<&str> = model
        .status_quo()
        .map(|o| vec![o.id.as_str()])
        .unwrap_or_default();
    for i in &s.imposed {
        if shown.contains(&i.option.as_str()) || i.passages.is_empty() {
            continue;
        }
        shown.push(&i.option);
        let _ = writeln!(t, "   Why, for {}:", i.option);
        quote_lines(t, &i.passages, "     ", 4);
    }
}

fn render_negotiation(t: &mut String, b: &Briefing) {
    for f in &b.negotiation {
        let _ = writeln!(
            t,
            "\n5. Bargaining (EUM) on “{}” ({} = {} … {} = {})\n   Start: weighted median {:.1}. \
             Forecast {:.1} (90% interval {:.1} to {:.1} over the uncertain inputs) after {}{}.",
            f.question,
            f.low,
            f.low_label,
            f.high,
            f.high_label,
            f.start_median,
            f.forecast,
            f.forecast_spread.0,
            f.forecast_spread.2,
            plural(f.rounds, "round", "rounds"),
            if f.converged {
                ""
            } else {
                " (round limit: positions still shifting)"
            },
        );
        if f.movers.is_empty() {
            let _ = writeln!(t, "   Nobody moves.");
        } else {
            let _ = writeln!(t, "   Who moves:");
            for m in f.movers.iter().take(8) {
                let _ = writeln!(t, "     {:<58} {:6.1} → {:6.1}", m.name, m.from, m.to);
                quote_lines(t, &m.passages, "       ", 1);
            }
            if f.movers.len() > 8 {
                let _ = writeln!(t, "     … and {} more", f.movers.len() - 8);
            }
        }
    }
}

fn render_sensitivity(t: &mut String, model: &Model, b: &Briefing) {
    for s in &b.sensitivity {
        let _ = writeln!(
            t,
            "\n6. What the verdict on {} rests on (nominal net score {:+.1})",
            model.scenario_name(&s.option),
            s.nominal_net
        );
        let _ = writeln!(
            t,
            "   Judgments ranked by how far their stated uncertainty moves the net score:"
        );
        for l in s.links.iter().take(6) {
            let flip = l.flips_at.map_or_else(
                || "no weight in [−1, 1] flips it alone".to_owned(),
                |v| format!("flips at weight {v:+.2}"),
            );
            let cited = if l.cited { "" } else { " (analyst assumption)" };
            let _ = writeln!(
                t,
                "     {:<48} weight {:+.2}: net {:+.1} … {:+.1}; {flip}{cited}",
                l.name, l.nominal, l.net_at_low, l.net_at_high
            );
        }
        // The what-ifs nearest to flipping first.
        let mut what_ifs: Vec<_> = s.what_ifs.iter().collect();
        let toward = if s.nominal_net > 0.0 { -1.0 } else { 1.0 };
        what_ifs.sort_by(|a, b| (toward * b.net).total_cmp(&(toward * a.net)));
        let flips = what_ifs.iter().filter(|w| w.flips).count();
        let _ = writeln!(
            t,
            "   Mechanisms held at an extreme in both runs: {}; nearest to flipping:",
            match flips {
                0 => "none flips the verdict".to_owned(),
                n => format!("{n} flip it"),
            }
        );
        for w in what_ifs.iter().take(3) {
            let flip = if w.flips { " FLIPS" } else { "" };
            let _ = writeln!(
                t,
                "     {} = {}: net {:+.1}{flip}",
                w.factor, w.state, w.net
            );
        }
        match s.flip_set.len() {
            0 => {
                let _ = writeln!(
                    t,
                    "   No set of up to {} judgments flips it: the verdict is robust.",
                    briefing::flip::MAX_FLIP_SET
                );
            }
            1 => {
                let c = &s.flip_set[0];
                let _ = writeln!(
                    t,
                    "   It flips if {} were {:+.2} or beyond instead of {:+.2}.",
                    c.name, c.weight, c.nominal
                );
                let link = &model.links[c.link];
                quote_lines(t, &briefing::passages(model, &link.evidence), "     ", 1);
            }
            n => {
                let _ = writeln!(
                    t,
                    "   No single judgment flips it; these {n} together do (net {:+.1}):",
                    s.net_after_flip_set
                );
                for c in &s.flip_set {
                    let _ = writeln!(
                        t,
                        "     {} at {:+.2} instead of {:+.2}",
                        c.name, c.weight, c.nominal
                    );
                    let link = &model.links[c.link];
                    quote_lines(t, &briefing::passages(model, &link.evidence), "       ", 1);
                }
            }
        }
    }
}
