//! The briefing's answer for people: the bottom line, the verdicts with their confidence broken
//! down, what would have to be true, the key assumptions and the signposts.

use std::fmt::Write as _;

use realpolitik::Model;
use realpolitik::briefing::assumptions::Moves;
use realpolitik::briefing::{Briefing, net_points};
use realpolitik::model::Grade;

use super::{hang, quote_lines, wrap};

pub fn render_bottom_line(t: &mut String, b: &Briefing) {
    let _ = writeln!(t, "\nBottom line");
    let _ = writeln!(t, "{}", wrap(&b.bottom_line.text, 96, "   "));
}

pub fn render_verdicts(t: &mut String, model: &Model, b: &Briefing) {
    let _ = writeln!(t, "\n2. Verdict and confidence");
    if b.verdicts.is_empty() {
        let _ = writeln!(
            t,
            "   None: the model needs a status-quo option and at least one other to judge."
        );
        return;
    }
    for (v, breakdown) in b.verdicts.iter().zip(&b.confidence) {
        let _ = writeln!(
            t,
            "   {}: {} than the status quo (net score {:+.1} points, 90% interval {:+.1} to \
             {:+.1}); confidence {}.",
            v.name,
            v.judged.word().to_uppercase(),
            v.net.median,
            v.net.q05,
            v.net.q95,
            v.confidence.word(),
        );
        let judged = v.outcomes_better + v.outcomes_worse;
        if judged > 0 && (v.outcomes_better == 0 || v.outcomes_worse == 0) {
            let _ = writeln!(
                t,
                "     {} on all {judged} outcomes it is judged by, so no weighting of them \
                 changes it.",
                if v.outcomes_worse == 0 {
                    "Better"
                } else {
                    "Worse"
                },
            );
        } else if judged > 0 {
            let _ = writeln!(
                t,
                "     Better on {} and worse on {} of the {judged} outcomes: the weighting \
                 matters.",
                v.outcomes_better, v.outcomes_worse
            );
        }
        let _ = writeln!(t, "     Confidence, by what it varies:");
        for line in &breakdown.lines {
            let label = line.varies.label();
            let agreement = if line.runs == 0 {
                "nothing to vary".to_owned()
            } else {
                format!(
                    "{} of {} agree (net {:+.1} … {:+.1})",
                    line.agree, line.runs, line.net_range.0, line.net_range.1
                )
            };
            let _ = writeln!(t, "       {label:<15} {agreement}");
            let _ = writeln!(
                t,
                "{}",
                wrap(
                    &format!("varies {}", line.what),
                    88,
                    "                       "
                )
            );
            for d in line.departures.iter().take(3) {
                let _ = writeln!(
                    t,
                    "                       departs: {} (net {:+.1})",
                    d.variant, d.net
                );
            }
            if line.departures.len() > 3 {
                let _ = writeln!(
                    t,
                    "                       … and {} more",
                    line.departures.len() - 3
                );
            }
        }
        for a in b.alternatives.iter().filter(|a| a.option == v.option) {
            let _ = writeln!(
                t,
                "     In the counter-model “{}”: {} (net {:+.1}, 90% interval {:+.1} to {:+.1}).",
                a.name,
                a.judged.word(),
                a.net.median,
                a.net.q05,
                a.net.q95
            );
        }
        for (trigger, j, p) in &v.under_triggers {
            let _ = writeln!(
                t,
                "     If {}: {} ({:.0}% of draws).",
                model.scenario_name(trigger),
                j.word(),
                100.0 * p
            );
        }
        if let Some(agrees) = v.agrees_with_source() {
            let _ = writeln!(
                t,
                "     The source judges it {}: the encoding {} it. This checks the encoding's \
                 consistency with its own source; it is not corroboration.",
                v.source_verdict.unwrap_or(v.judged).word(),
                if agrees { "reproduces" } else { "DEPARTS FROM" }
            );
            quote_lines(t, &v.passages, "       ", 1);
        }
    }
}

pub fn render_counterfactuals(t: &mut String, model: &Model, b: &Briefing) {
    if b.counterfactuals.is_empty() {
        return;
    }
    let _ = writeln!(t, "\n3. What would have to be true for the verdict to flip");
    for c in &b.counterfactuals {
        let name = model.scenario_name(&c.option);
        if c.flips {
            let _ = writeln!(
                t,
                "   {name} would be {} than the status quo (net {} instead of {}) if:",
                c.verdict.opposite().word(),
                net_points(c.net_after),
                net_points(c.nominal_net)
            );
        } else {
            let _ = writeln!(
                t,
                "   Nothing plausible flips the verdict on {name} ({} candidate changes, sets of \
                 up to {}); the closest set leaves the net score at {} (from {}):",
                c.candidates,
                realpolitik::briefing::counterfactual::MAX_CHANGES,
                net_points(c.net_after),
                net_points(c.nominal_net)
            );
        }
        for change in &c.changes {
            let _ = writeln!(
                t,
                "{}",
                hang(&format!("- {}", change.words), 96, "     ", "       ")
            );
            if !change.contradicts.is_empty() {
                let _ = writeln!(t, "       against:");
                quote_lines(t, &change.contradicts, "         ", 1);
            }
        }
        let _ = writeln!(t, "   The single changes that come closest:");
        for n in &c.nearest {
            let _ = writeln!(
                t,
                "{}",
                hang(
                    &format!("{:>6}  {}", net_points(n.net), n.change.words),
                    96,
                    "     ",
                    "             "
                )
            );
        }
    }
}

pub fn render_assumptions(t: &mut String, model: &Model, b: &Briefing) {
    if b.assumptions.is_empty() {
        return;
    }
    let _ = writeln!(
        t,
        "\n4. Key assumptions (the judgments the verdict rests on)"
    );
    for a in &b.assumptions {
        let _ = writeln!(t, "   {}:", model.scenario_name(&a.option));
        for k in &a.key {
            let term = k
                .term
                .clone()
                .unwrap_or_else(|| format!("{:+.2}", k.weight));
            let grade = match (k.grade, k.support) {
                (Grade::Quoted | Grade::Estimate, Some(s)) => {
                    format!("{}, {}", k.grade.name(), s.description())
                }
                _ => k.grade.name().to_owned(),
            };
            let flag = k
                .flag
                .as_ref()
                .map_or_else(String::new, |f| format!(" — FLAG: {f}"));
            let _ = writeln!(
                t,
                "{}",
                hang(
                    &format!(
                        "- {} ({term}; net {:+.1} … {:+.1} over its range{}) [{grade}]{flag}",
                        k.words,
                        k.net_range.0,
                        k.net_range.1,
                        if k.in_flip_set {
                            "; in the flip set"
                        } else {
                            ""
                        }
                    ),
                    96,
                    "     ",
                    "       "
                )
            );
            quote_lines(t, &k.passages, "       ", 1);
        }
        if let Some(w) = &a.weighting {
            let _ = writeln!(t, "     - Weighting: {w} [assumption]");
        }
    }
}

pub fn render_signposts(t: &mut String, model: &Model, b: &Briefing) {
    let any = b.assumptions.iter().any(|a| !a.signposts.is_empty());
    let _ = writeln!(t, "\n5. Signposts (what to watch)");
    if !any {
        let _ = writeln!(
            t,
            "   None: the model gives no indicators (add indicators = [{{ watch = \"…\", means = \
             \"stronger\" }}] to its load-bearing judgments)."
        );
        return;
    }
    for a in &b.assumptions {
        if a.signposts.is_empty() {
            continue;
        }
        let _ = writeln!(t, "   For {}:", model.scenario_name(&a.option));
        for s in &a.signposts {
            let means = s.means.word();
            let moves = if s.moves == Moves::Flips {
                "FLIPS the verdict"
            } else {
                s.moves.words()
            };
            let net = s
                .net_if_seen
                .map_or_else(String::new, |n| format!(", net {n:+.1}"));
            let _ = writeln!(
                t,
                "{}",
                hang(
                    &format!("- {}: {} {means}; {moves}{net}", s.watch, s.bears_on),
                    96,
                    "     ",
                    "       "
                )
            );
        }
    }
}
