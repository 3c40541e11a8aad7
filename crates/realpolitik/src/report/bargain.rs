//! The bargaining section: per issue, each actor's position round by round with the forecast,
//! and where the actors end up: who moved, towards whom, and which coalitions remain.
//!
//! The chart has the rounds on x (0: the actors' stated positions) and the issue's own scale on
//! y, one coloured line per actor labelled at its end, the forecast as a dashed line and, with
//! Monte Carlo, the forecast's 90 % interval as a band. Static solvers (weighted mean or
//! median) move no one, so their chart is a single column of points.
//!
//! With many actors the lines tangle, so every issue also gets a dumbbell chart that stays
//! legible with 30 actors or more: one row per actor from its stated to its final position,
//! and the round-by-round chart then follows only the actors who moved.

use std::fmt::Write as _;

use super::Section;
use super::html::{escape, table};
use super::lines::{LineChart, line_chart};
use super::plot;
use crate::bargain::{Issue, MonteCarlo, Outcome, Scenario, SmpReport, Solver, coalitions};

/// One issue's results.
#[derive(Clone, Debug)]
pub struct BargainIssue<'a> {
    /// The issue's index in the scenario.
    pub index: usize,
    /// The issue as solved (its players and their nominal inputs).
    pub issue: &'a Issue,
    /// What the solver said.
    pub outcome: &'a Outcome,
    /// The forecast's distribution over uncertain inputs.
    pub monte_carlo: Option<&'a MonteCarlo>,
}

/// What the bargaining section shows.
#[derive(Clone, Debug)]
pub struct BargainResults<'a> {
    /// The actors and issues.
    pub scenario: &'a Scenario,
    /// The solver used.
    pub solver: Solver,
    /// The SMP run over all issues at once, when the issues were played jointly (each issue's
    /// positions are then read from it).
    pub joint: Option<&'a SmpReport>,
    /// The issues solved.
    pub issues: Vec<BargainIssue<'a>>,
}

/// Each player's position per round (round 0: the stated positions), from whatever the solver
/// recorded: EUM rounds, SMP turns (one issue alone or issue `index` of a joint run), or the
/// final positions alone for the static solvers.
pub fn trajectories(
    issue: &Issue,
    outcome: &Outcome,
    joint: Option<(&SmpReport, usize)>,
) -> Vec<Vec<f64>> {
    let players = issue.players.len();
    if let Some((report, k)) = joint {
        return (0..players)
            .map(|p| {
                let actor = issue.players[p].actor;
                report.turns.iter().map(|t| t.positions[actor][k]).collect()
            })
            .collect();
    }
    if let Some(run) = &outcome.eum {
        return (0..players)
            .map(|p| {
                std::iter::once(run.initial_positions[p])
                    .chain(run.rounds.iter().map(|r| r.positions[p]))
                    .collect()
            })
            .collect();
    }
    if let Some(report) = &outcome.smp {
        return (0..players)
            .map(|p| report.turns.iter().map(|t| t.positions[p][0]).collect())
            .collect();
    }
    outcome.positions.iter().map(|&x| vec![x]).collect()
}

/// For each player, the other players whose offers or bargains it took, with how often: most
/// often first (ties in order of first acceptance).
fn partners(
    issue: &Issue,
    outcome: &Outcome,
    joint: Option<&SmpReport>,
) -> Vec<Vec<(usize, usize)>> {
    let players = issue.players.len();
    let mut out: Vec<Vec<(usize, usize)>> = vec![Vec::new(); players];
    let mut add = |p: usize, q: usize| {
        if p == q {
            return;
        }
        match out[p].iter_mut().find(|(who, _)| *who == q) {
            Some((_, n)) => *n += 1,
            None => out[p].push((q, 1)),
        }
    };
    if let Some(run) = &outcome.eum {
        for e in run.rounds.iter().flat_map(|r| &r.exchanges) {
            add(e.mover, e.partner);
        }
        return finish(out);
    }
    // The SMP names actors: by player index for one issue alone, by actor name when joint.
    // `player[a]`: the player that the run's actor `a` is, if it plays this issue.
    let (report, player): (&SmpReport, Vec<Option<usize>>) = match (joint, &outcome.smp) {
        (Some(r), _) => (
            r,
            (0..r.actors.len())
                .map(|a| issue.players.iter().position(|p| p.actor == a))
                .collect(),
        ),
        (None, Some(r)) => (r, (0..r.actors.len()).map(Some).collect()),
        (None, None) => return out,
    };
    let of_actor = |a: usize| player.get(a).copied().flatten();
    let index = |name: &str| {
        report
            .actors
            .iter()
            .position(|a| a == name)
            .and_then(of_actor)
    };
    for turn in &report.turns {
        for (a, adopted) in turn.adopted.iter().enumerate() {
            let (Some(c), Some(p)) = (adopted, of_actor(a)) else {
                continue;
            };
            let c = &turn.challenges[*c];
            let other = if c.initiator == report.actors[a] {
                &c.receiver
            } else {
                &c.initiator
            };
            if let Some(q) = index(other) {
                add(p, q);
            }
        }
    }
    finish(out)
}

/// Sorts each player's partners, most frequent first (stable, so ties keep their order).
fn finish(mut out: Vec<Vec<(usize, usize)>>) -> Vec<Vec<(usize, usize)>> {
    for partners in &mut out {
        partners.sort_by_key(|p| std::cmp::Reverse(p.1));
    }
    out
}

/// The bargaining section of a report.
pub fn section(r: &BargainResults<'_>) -> Section {
    let mut b = String::new();
    let _ = writeln!(
        b,
        "<p>Solver: {}. Each chart follows every actor's position round by round on the issue's \
         scale; the dashed line is the forecast.</p>",
        escape(r.solver.name())
    );
    for i in &r.issues {
        b.push_str(&issue_html(r, i));
    }
    Section {
        id: "bargain".into(),
        title: "Bargaining (actors' positions)".into(),
        body: b,
    }
}

fn issue_html(r: &BargainResults<'_>, i: &BargainIssue<'_>) -> String {
    let scale = &r.scenario.issues[i.index];
    let names: Vec<String> = i
        .issue
        .players
        .iter()
        .map(|p| r.scenario.actors[p.actor].name.clone())
        .collect();
    let joint = r.joint.map(|j| (j, i.index));
    let paths = trajectories(i.issue, i.outcome, joint);
    let mut b = String::new();
    let _ = writeln!(
        b,
        "<h3>Issue {}</h3>\n<p>Scale: {} = {} … {} = {}. Forecast <b>{:.2}</b>{}.</p>",
        escape(&scale.id),
        scale.low,
        escape(&scale.low_label),
        scale.high,
        escape(&scale.high_label),
        i.outcome.forecast,
        match &i.outcome.eum {
            Some(run) => format!(
                " after {} round(s) ({})",
                run.rounds.len(),
                if run.converged {
                    "positions settled"
                } else {
                    "round limit"
                }
            ),
            None => String::new(),
        }
    );
    if let Some(mc) = i.monte_carlo {
        let f = &mc.forecast;
        let _ = writeln!(
            b,
            "<p>Over {} Monte Carlo draws of the uncertain inputs: median {:.2}, 90 % interval \
             {:.2} … {:.2} (the shaded band).</p>",
            mc.draws, f.median, f.interval_90.0, f.interval_90.1
        );
    }
    let settled = i.outcome.eum.as_ref().is_none_or(|run| run.converged);
    if !settled {
        b.push_str(
            "<p class=\"note\">The positions had not settled at the round limit: the final \
             positions are the last round's, not predictions.</p>\n",
        );
    }
    b.push_str("<div class=\"figure\">\n");
    b.push_str(&dumbbell_svg(
        &format!("Start and final positions on {}", scale.id),
        (scale.low, scale.high),
        &names,
        &paths,
        i.outcome.forecast,
    ));
    b.push_str("</div>\n");
    // The round-by-round chart: everyone when few, the movers alone when many.
    let movers: Vec<usize> = (0..names.len())
        .filter(|&p| names.len() <= MAX_LINES || moved(&paths[p]))
        .take(MAX_LINES)
        .collect();
    if !movers.is_empty() && paths.iter().any(|p| p.len() > 1) {
        let shown_names: Vec<String> = movers.iter().map(|&p| names[p].clone()).collect();
        let shown_paths: Vec<Vec<f64>> = movers.iter().map(|&p| paths[p].clone()).collect();
        if movers.len() < names.len() {
            let _ = writeln!(
                b,
                "<p>Round by round, the {} actor(s) who moved most:</p>",
                movers.len()
            );
        }
        b.push_str("<div class=\"figure\">\n");
        b.push_str(&position_chart(
            &format!("Positions on {} by round", scale.id),
            &format!("position on {}", plot::clip(&scale.id, 30)),
            (scale.low, scale.high),
            &shown_names,
            &shown_paths,
            i.outcome.forecast,
            i.monte_carlo.map(|mc| mc.forecast.interval_90),
        ));
        b.push_str("</div>\n");
    }
    b.push_str(&moves_table(r, i, &names, &paths));
    b
}

/// Who moved, towards whom, and the coalitions of the final positions.
fn moves_table(
    r: &BargainResults<'_>,
    i: &BargainIssue<'_>,
    names: &[String],
    paths: &[Vec<f64>],
) -> String {
    let groups = coalitions(i.issue, &i.outcome.positions);
    let group_of = |p: usize| groups.iter().position(|(_, m)| m.contains(&p)).unwrap_or(0);
    let partners = partners(i.issue, i.outcome, r.joint);
    let rows: Vec<Vec<String>> = (0..names.len())
        .map(|p| {
            let start = paths[p].first().copied().unwrap_or(f64::NAN);
            let end = i.outcome.positions[p];
            let mut towards: Vec<String> = partners[p]
                .iter()
                .take(MAX_PARTNERS)
                .map(|&(q, n)| {
                    if n > 1 {
                        format!("{} ({n}×)", names[q])
                    } else {
                        names[q].clone()
                    }
                })
                .collect();
            if partners[p].len() > MAX_PARTNERS {
                towards.push(format!("{} more", partners[p].len() - MAX_PARTNERS));
            }
            vec![
                escape(&names[p]),
                format!("{start:.2}"),
                format!("{end:.2}"),
                format!("{:+.2}", end - start),
                escape(&towards.join(", ")),
                format!("C{}", group_of(p) + 1),
            ]
        })
        .collect();
    let coalition_rows: Vec<Vec<String>> = groups
        .iter()
        .enumerate()
        .map(|(k, (x, members))| {
            let who: Vec<String> = members.iter().map(|&m| escape(&names[m])).collect();
            vec![format!("C{}", k + 1), format!("{x:.2}"), who.join(", ")]
        })
        .collect();
    format!(
        "<p>Who moved (final − start), whose offers or bargains they took (most often first), \
         and the coalition they end in (actors at the same final position):</p>\n{}{}",
        table(
            &[
                "actor",
                "start",
                "final",
                "moved",
                "took offers from",
                "coalition"
            ],
            &rows
        ),
        table(&["coalition", "position", "members"], &coalition_rows)
    )
}

/// Partners named per actor in the table; the rest are counted.
const MAX_PARTNERS: usize = 4;
/// Actors drawn in the round-by-round chart at most.
const MAX_LINES: usize = 12;
/// A move smaller than this (on the issue's scale) is no move.
const MOVE_TOLERANCE: f64 = 1e-6;

/// Whether an actor's position changed over the rounds.
fn moved(path: &[f64]) -> bool {
    let start = path.first().copied().unwrap_or(0.0);
    path.iter().any(|x| (x - start).abs() > MOVE_TOLERANCE)
}

/// Row height and label column of the dumbbell chart.
const DUMBBELL_ROW: f64 = 16.0;
const DUMBBELL_LABEL: f64 = 280.0;
const DUMBBELL_WIDTH: f64 = 760.0;

/// One row per actor, sorted by final position: a hollow dot at the stated position, a filled
/// one at the final, joined when it moved; the forecast as a dashed line.
pub fn dumbbell_svg(
    title: &str,
    range: (f64, f64),
    names: &[String],
    paths: &[Vec<f64>],
    forecast: f64,
) -> String {
    let ends: Vec<(f64, f64)> = paths
        .iter()
        .map(|p| {
            let start = p.first().copied().unwrap_or(f64::NAN);
            (start, p.last().copied().unwrap_or(start))
        })
        .collect();
    let mut order: Vec<usize> = (0..names.len()).collect();
    order.sort_by(|&a, &b| {
        ends[a]
            .1
            .total_cmp(&ends[b].1)
            .then(ends[a].0.total_cmp(&ends[b].0))
    });
    let top = 10.0;
    let bottom = top + order.len() as f64 * DUMBBELL_ROW + 4.0;
    let x = plot::Scale::new(range.0, range.1, DUMBBELL_LABEL, DUMBBELL_WIDTH - 20.0);
    let mut svg = plot::open("bargain-dumbbells", DUMBBELL_WIDTH, bottom + 44.0, title);
    plot::x_axis(
        &mut svg,
        &x,
        bottom,
        "position (hollow: stated; filled: final)",
    );
    let f = x.at(forecast);
    let _ = write!(
        svg,
        "<line x1=\"{f:.1}\" y1=\"{top:.1}\" x2=\"{f:.1}\" y2=\"{bottom:.1}\" stroke=\"#1f2328\" \
         stroke-dasharray=\"4 3\"><title>forecast {forecast:.2}</title></line>"
    );
    for (row, &p) in order.iter().enumerate() {
        let y = top + (row as f64 + 0.5) * DUMBBELL_ROW;
        let (a, b) = ends[p];
        let _ = write!(
            svg,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            DUMBBELL_LABEL - 8.0,
            y + 4.0,
            escape(&plot::clip(&names[p], 44))
        );
        if (b - a).abs() > MOVE_TOLERANCE {
            let _ = write!(
                svg,
                "<line x1=\"{:.1}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"#8c959f\" \
                 stroke-width=\"2\"/>",
                x.at(a),
                x.at(b)
            );
        }
        let _ = write!(
            svg,
            "<circle cx=\"{:.1}\" cy=\"{y:.1}\" r=\"4\" fill=\"#ffffff\" stroke=\"#0969da\" \
             stroke-width=\"1.5\"/><circle cx=\"{:.1}\" cy=\"{y:.1}\" r=\"4\" fill=\"#0969da\">\
             <title>{}: {a:.2} → {b:.2}</title></circle>",
            x.at(a),
            x.at(b),
            escape(&names[p])
        );
    }
    svg.push_str("</svg>");
    svg
}

/// The position chart: one polyline per actor over the rounds, its name at its end, the
/// forecast as a dashed line, and the forecast's 90 % interval as a band when given.
pub fn position_chart(
    title: &str,
    caption: &str,
    y_range: (f64, f64),
    names: &[String],
    paths: &[Vec<f64>],
    forecast: f64,
    band: Option<(f64, f64)>,
) -> String {
    line_chart(&LineChart {
        class: "bargain-positions",
        title,
        x_caption: "round (0: stated positions)",
        y_caption: caption,
        y_range,
        names,
        series: paths,
        reference: Some((forecast, "forecast")),
        band: band.map(|(a, b)| (a, b, "forecast 90 % interval")),
    })
}

#[cfg(test)]
#[path = "bargain_tests.rs"]
mod tests;
