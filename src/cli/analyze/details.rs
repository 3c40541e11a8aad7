//! The briefing's details for people: the effects on every outcome, the consistent scenarios,
//! the bargaining forecast and the tornado of the judgments.

use std::fmt::Write as _;

use realpolitik::Model;
use realpolitik::briefing::{self, Briefing};
use realpolitik::report::html::thousands;

use super::{plural, quote_lines};

pub fn render_effects(t: &mut String, model: &Model, b: &Briefing) {
    if b.effects.is_empty() {
        return;
    }
    let _ = writeln!(
        t,
        "\n6. Effects on the outcomes against the status quo (FCM; median [90% interval], \
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
            .unwrap_or(0)
            .min(crate::cli::output::MAX_COLUMN);
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

pub fn render_scenarios(t: &mut String, model: &Model, b: &Briefing) {
    let Some(s) = &b.scenarios else { return };
    let _ = writeln!(
        t,
        "\n7. Consistent scenarios (CIB): {} of {} are consistent, in {}",
        s.consistent,
        thousands(&format!("{:.0}", s.space)),
        plural(s.families.len(), "family", "families")
    );
    if !s.givens.is_empty() {
        let givens: Vec<String> = s.givens.iter().map(|(f, v)| format!("{f} = {v}")).collect();
        let _ = writeln!(
            t,
            "   Fixed before counting (triggers not fired, facts every option shares): {}",
            givens.join(", ")
        );
    }
    let values: Vec<String> = s
        .consistency_values
        .iter()
        .map(|(v, n)| format!("{n} at {v}"))
        .collect();
    if !values.is_empty() {
        let ties = s
            .consistency_values
            .iter()
            .filter(|(v, _)| *v == 0)
            .map(|(_, n)| n)
            .sum::<usize>();
        let _ = writeln!(
            t,
            "   Consistency values: {}{}",
            values.join(", "),
            if ties == s.consistent {
                " — every scenario holds only by a tie: treat them as possibilities, not findings"
            } else {
                ""
            }
        );
    }
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
            "   F{}: {}, contains {options}; survives {:.0}% of ±1 perturbations\n       levers: \
             {}\n       outcomes: {}",
            k + 1,
            plural(f.size, "scenario", "scenarios"),
            100.0 * f.survival,
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
        if !i.pushes_back.is_empty() {
            let _ = writeln!(
                t,
                "       (the system pushes back: in every remaining scenario the balance on {} \
                 favours another state; the option holds only because it is imposed)",
                i.pushes_back.join(", ")
            );
        }
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

pub fn render_negotiation(t: &mut String, b: &Briefing) {
    for f in &b.negotiation {
        let _ = writeln!(
            t,
            "\n8. Bargaining (EUM) on “{}” ({} = {} … {} = {})\n   This answers {}.",
            f.question, f.low, f.low_label, f.high, f.high_label, f.answers
        );
        let forecast = match &f.cycle {
            Some(c) if c.forecast_range.1 - c.forecast_range.0 < 0.05 => format!(
                "the positions cycle with period {} at the round limit ({} rounds) while the \
                 forecast stays at {:.1}",
                c.period, f.rounds, c.forecast_range.0
            ),
            Some(c) => format!(
                "the positions cycle with period {} at the round limit ({} rounds): the forecast \
                 swings between {:.1} and {:.1}",
                c.period, f.rounds, c.forecast_range.0, c.forecast_range.1
            ),
            None if f.converged => format!(
                "forecast {:.1} after {}",
                f.forecast,
                plural(f.rounds, "round", "rounds")
            ),
            None => format!(
                "forecast {:.1} at the round limit ({} rounds), positions still shifting",
                f.forecast, f.rounds
            ),
        };
        let _ = writeln!(
            t,
            "   Start: weighted median {:.1}; {forecast} (90% interval {:.1} to {:.1} over the \
             uncertain inputs).",
            f.start_median, f.forecast_spread.0, f.forecast_spread.2,
        );
        if let Some(d) = &f.dominant {
            let _ = writeln!(
                t,
                "   The forecast is the position of {}, who holds {:.0}% of the weight \
                 (capability × salience).",
                d.name,
                100.0 * d.share
            );
        }
        let solvers: Vec<String> = f
            .solvers
            .iter()
            .map(|(name, x)| format!("{name} {x:.1}"))
            .collect();
        let _ = writeln!(t, "   By solver: {}.", solvers.join(", "));
        if let Some(c) = &f.cycle
            && !c.oscillating.is_empty()
        {
            let names: Vec<String> = c
                .oscillating
                .iter()
                .take(6)
                .map(|(n, lo, hi)| format!("{n} ({lo:.1}–{hi:.1})"))
                .collect();
            let _ = writeln!(
                t,
                "   Oscillating within the cycle (not predictions): {}{}.",
                names.join(", "),
                if c.oscillating.len() > 6 {
                    format!(" and {} more", c.oscillating.len() - 6)
                } else {
                    String::new()
                }
            );
        }
        if f.movers.is_empty() {
            let _ = writeln!(t, "   Nobody moves for good.");
        } else {
            let _ = writeln!(t, "   Who moves:");
            for m in f.movers.iter().take(8) {
                let _ = writeln!(t, "     {:<58} {:6.1} → {:6.1}", m.name, m.from, m.to);
                if let Some(why) = &m.because {
                    let _ = writeln!(t, "       {why}");
                }
                quote_lines(t, &m.passages, "       ", 1);
            }
            if f.movers.len() > 8 {
                let _ = writeln!(t, "     … and {} more", f.movers.len() - 8);
            }
        }
    }
}

pub fn render_sensitivity(t: &mut String, model: &Model, b: &Briefing) {
    for s in &b.sensitivity {
        let _ = writeln!(
            t,
            "\n10. How far each judgment moves the verdict on {} (nominal net score {:+.1})",
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
                "     {} = {}: net {}{flip}",
                w.factor,
                w.state,
                realpolitik::briefing::net_points(w.net)
            );
        }
    }
}

/// The briefing's ACH part: one paragraph, and where to see the matrix.
pub fn render_hypotheses(t: &mut String, b: &Briefing) {
    let Some(a) = &b.hypotheses else {
        return;
    };
    let _ = writeln!(t, "\n9. Competing hypotheses (ACH, weighted inconsistency)");
    let text = format!(
        "{} The matrix, each item's diagnosticity and every decisive re-rating: realpolitik ach.",
        realpolitik::analysis::ach::paragraph(a)
    );
    t.push_str(&super::wrap(&text, 100, "   "));
    t.push('\n');
}
