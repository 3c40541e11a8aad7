//! The briefing's answer for people: the bottom line, the verdicts with their confidence broken
//! down, what would have to be true, the key assumptions and the signposts.

use std::fmt::Write as _;

use realpolitik::Model;
use realpolitik::briefing::assumptions::Moves;
use realpolitik::briefing::carriers::Carriers;
use realpolitik::briefing::{Briefing, net_points};
use realpolitik::model::Grade;

use super::{hang, quote_lines, wrap};

pub fn render_bottom_line(t: &mut String, b: &Briefing) {
    let _ = writeln!(t, "\nBottom line");
    let _ = writeln!(t, "{}", wrap(&b.bottom_line.text, 96, "   "));
    if !b.bottom_line.watch.is_empty() {
        let _ = writeln!(t, "   Watch for:");
        for w in &b.bottom_line.watch {
            let _ = writeln!(t, "{}", hang(&format!("- {w}"), 96, "     ", "       "));
        }
    }
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
             {:+.1}); robustness of the encoding {}.",
            v.name,
            v.judged.word().to_uppercase(),
            v.net.median,
            v.net.q05,
            v.net.q95,
            v.robustness.word(),
        );
        let _ = writeln!(t, "{}", wrap(&breakdown.analytic.sentence(), 92, "     "));
        let _ = writeln!(t, "{}", wrap(&v.band_sentence(), 92, "     "));
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
        if let Some(c) = b.carriers.iter().find(|c| c.option == v.option) {
            render_carriers(t, model, c);
        }
        let _ = writeln!(t, "     Robustness of the encoding, by what it varies:");
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
            if !line.rests_on.is_empty() {
                let _ = writeln!(
                    t,
                    "{}",
                    wrap(
                        &format!(
                            "rests on each of these alone (without it nothing reaches the \
                             outcomes, so it is not counted as disagreeing): {}",
                            line.rests_on.join("; ")
                        ),
                        88,
                        "                       "
                    )
                );
            }
            if !line.not_contesting.is_empty() {
                let _ = writeln!(
                    t,
                    "{}",
                    wrap(
                        &format!(
                            "not counted, since they change none of the links that carry the \
                             verdict (their agreement is built in): {}",
                            line.not_contesting.join("; ")
                        ),
                        88,
                        "                       "
                    )
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
                realpolitik::briefing::as_clause(model.scenario_name(trigger)),
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
    if !b.unoffered.is_empty() {
        let _ = writeln!(
            t,
            "{}",
            wrap(
                "Options the model does not offer (every other combination of the settings its \
                 options give the levers), best first:",
                96,
                "   "
            )
        );
        for u in &b.unoffered {
            let _ = writeln!(
                t,
                "{}",
                hang(
                    &format!("{:>6}  {}", net_points(u.net), u.words),
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
        if !a.premises.is_empty() {
            let _ = writeln!(t, "     The argument rests on:");
            for p in &a.premises {
                let _ = writeln!(
                    t,
                    "{}",
                    hang(
                        &format!(
                            "- {} [{}: {}]; {}",
                            p.premise,
                            p.rating.words(),
                            p.because,
                            p.fails_if
                        ),
                        96,
                        "       ",
                        "         "
                    )
                );
            }
            let _ = writeln!(t, "     The judgments that move it most:");
        }
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
        let still = a
            .signposts
            .iter()
            .filter(|s| s.moves == Moves::Nothing)
            .count();
        for s in a.signposts.iter().filter(|s| s.moves != Moves::Nothing) {
            let means = s.means.word();
            let moves = if s.moves == Moves::Flips {
                "FLIPS the verdict"
            } else {
                s.moves.words()
            };
            let net = s
                .net_if_seen
                .map_or_else(String::new, |n| format!(", net {n:+.1}"));
            let when = s.terms().map_or_else(String::new, |w| format!(" ({w})"));
            let diagnostic = if s.diagnostic {
                ""
            } else {
                "; NOT DIAGNOSTIC: seeing the opposite would move it the same way"
            };
            let _ = writeln!(
                t,
                "{}",
                hang(
                    &format!(
                        "- {}{when}: {} {means}; {moves}{net}{diagnostic}",
                        s.watch, s.bears_on
                    ),
                    96,
                    "     ",
                    "       "
                )
            );
        }
        if still > 0 {
            let _ = writeln!(t, "     ({still} more would not move this verdict.)");
        }
    }
}

/// What carries a verdict: the nominal net split by outcome, with each outcome's distance from
/// the levers, a warning when the nearest outcomes carry it, and the links it leans on.
fn render_carriers(t: &mut String, model: &Model, c: &Carriers) {
    if c.outcomes.iter().all(|x| x.contribution == 0.0) {
        return;
    }
    let _ = writeln!(
        t,
        "     What carries it: the nominal net {} points (a point is 1% of an outcome's range, \
         weighted as the model weighs the outcomes), split by outcome:",
        net_points(c.net)
    );
    let width = c
        .outcomes
        .iter()
        .map(|x| x.label.chars().count())
        .max()
        .unwrap_or(0);
    for x in c.outcomes.iter().filter(|x| x.contribution != 0.0) {
        let distance = match x.links_from_lever {
            Some(1) => "1 link from a lever".to_owned(),
            Some(k) => format!("{k} links from a lever"),
            None => "no path from a lever".to_owned(),
        };
        let _ = writeln!(
            t,
            "       {:<width$}  {:>6}  {:>3.0}% of the movement, {distance}",
            x.label,
            net_points(x.contribution),
            100.0 * x.share,
        );
    }
    let sign = c.net.signum();
    let farther = |x: &&realpolitik::briefing::carriers::OutcomeCarrier| {
        x.links_from_lever.is_some_and(|k| k >= 2) && x.contribution != 0.0
    };
    let farther_count = c.outcomes.iter().filter(farther).count();
    if c.one_link_share > 0.5 && farther_count > 0 {
        let against = c
            .outcomes
            .iter()
            .filter(farther)
            .any(|x| x.contribution.signum() == -sign);
        let _ = writeln!(
            t,
            "{}",
            wrap(
                &format!(
                    "{:.0}% of the movement is on outcomes one link from a lever{}. Each link of a \
                     sigmoid map passes on at most a quarter of a change, so the {farther_count} \
                     outcome(s) farther away weigh less whatever their evidence: check that the \
                     verdict follows the evidence, not the layout of the graph.",
                    100.0 * c.one_link_share,
                    if against {
                        ", and outcomes farther away pull the other way"
                    } else {
                        ""
                    }
                ),
                92,
                "     "
            )
        );
    }
    let _ = writeln!(
        t,
        "{}",
        wrap(
            &format!(
                "Read without path-length damping ({}): net {}, {}.",
                c.neutral.method,
                net_points(c.neutral.net),
                c.neutral_agreement()
            ),
            92,
            "     "
        )
    );
    if !c.links.is_empty() {
        let name = |id: &str| {
            model
                .factors
                .iter()
                .find(|f| f.id == id)
                .map_or(id.to_owned(), |f| f.label.clone())
        };
        let shown: Vec<String> = c
            .links
            .iter()
            .map(|l| {
                format!(
                    "{} → {}: {}",
                    name(&l.from),
                    name(&l.to),
                    net_points(l.net_without)
                )
            })
            .collect();
        let _ = writeln!(
            t,
            "{}",
            wrap(
                &format!("The net without one link at a time: {}.", shown.join("; ")),
                92,
                "     "
            )
        );
    }
}
