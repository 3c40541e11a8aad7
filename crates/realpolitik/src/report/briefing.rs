//! The briefing's sections of the report: the verdict with a forest plot of each option's
//! effects on the outcomes, and what the verdict rests on with a tornado of the judgments that
//! move it most.

use std::fmt::Write as _;

use super::answer::quotes;
use super::html::{appendix, escape, table};
use super::plot::{Scale, label_lines, nice_bounds, open, ticks, wrap, x_axis};
use super::{BargainIssue, BargainResults, CibFamilies, CibResults, Report, Section};
use crate::briefing::{Briefing, OptionEffects, Sensitivity};
use crate::model::Model;

/// Width of the plots (SVG units), of their label column, and height of one row.
const WIDTH: f64 = 760.0;
const LABEL: f64 = 300.0;
/// Characters per line of a label in the label column.
const LABEL_CHARS: usize = 44;
const ROW: f64 = 18.0;

/// Condition colours: no trigger, then each trigger.
const COLOURS: [&str; 4] = ["#0969da", "#bf3989", "#9a6700", "#1a7f37"];

/// The whole report of `analyze`: the answer first (bottom line, confidence, what would have to
/// be true, key assumptions and signposts), then the model, the consistent scenarios (tableau and families),
/// the bargaining (position chart, with its Monte Carlo band), then the briefing's verdict,
/// effects and sensitivity. The CIB and bargaining results are recomputed here (with the
/// briefing's seed and draws, so they are the ones the briefing summarised): they take
/// milliseconds.
pub fn analysis_report<'a>(
    model: &'a Model,
    b: &Briefing,
    settings: &crate::briefing::Settings,
) -> Report<'a> {
    let mut report = Report::new(model);
    // The same search the briefing counts (givens fixed), so families are numbered alike.
    let counted = crate::briefing::scenarios::counted_search(model, &settings.limits);
    if let Some(c) = &counted {
        let wanted: Vec<_> = c
            .matrix
            .descriptors()
            .iter()
            .map(|d| {
                let f = model.factor_index(&d.name)?;
                model.factors[f].desired
            })
            .collect();
        report = report.with_cib(&CibResults {
            wanted: &wanted,
            fixed: &c.fixed,
            families: Some(CibFamilies {
                threshold: crate::briefing::scenarios::FAMILY_DISTANCE,
                families: &c.families,
            }),
            ..CibResults::new(&c.matrix, &c.solutions)
        });
    }
    let scenario = crate::bargain::Scenario::from_model(model);
    let params = crate::bargain::EumParams::default();
    let solver = crate::bargain::Solver::Eum;
    let solved: Vec<_> = (0..scenario.issues.len())
        .map(|k| {
            let issue = scenario.nominal_issue(k);
            let outcome = crate::bargain::solve(&issue, solver, &params);
            let mc = crate::bargain::monte_carlo(
                &scenario,
                k,
                solver,
                &params,
                settings.bargaining_draws.max(1),
                b.seed,
                &crate::progress::NoProgress,
            );
            (k, issue, outcome, mc)
        })
        .filter(|(_, issue, ..)| issue.players.len() >= 2)
        .collect();
    if !solved.is_empty() {
        report = report.with_bargain(&BargainResults {
            scenario: &scenario,
            solver,
            joint: None,
            issues: solved
                .iter()
                .map(|(k, issue, outcome, mc)| BargainIssue {
                    index: *k,
                    issue,
                    outcome,
                    monte_carlo: Some(mc),
                })
                .collect(),
        });
    }
    for section in super::answer_sections(model, b) {
        report.lead(section);
    }
    for section in briefing_sections(model, b) {
        report.push(section);
    }
    report
}

/// The briefing's sections, in reading order.
pub fn briefing_sections(model: &Model, b: &Briefing) -> Vec<Section> {
    let mut sections = vec![Section {
        id: "effects".into(),
        title: "Effects on the outcomes".into(),
        body: effects_html(model, b),
    }];
    if !b.sensitivity.is_empty() {
        sections.push(Section {
            id: "sensitivity".into(),
            title: "What the verdict rests on".into(),
            body: b
                .sensitivity
                .iter()
                .map(|s| sensitivity_html(model, s))
                .collect(),
        });
    }
    if let Some(a) = &b.hypotheses {
        sections.extend(super::ach::ach_sections(a));
    }
    sections
}

/// Per option, the forest plot of its effects on each outcome under each condition, and the
/// strongest path to each outcome with the passages it rests on.
fn effects_html(model: &Model, b: &Briefing) -> String {
    let mut h = String::new();
    let options: Vec<&str> = b
        .effects
        .iter()
        .filter(|e| e.trigger.is_none())
        .map(|e| e.option.as_str())
        .collect();
    for option in options {
        let cases: Vec<&OptionEffects> = b.effects.iter().filter(|e| e.option == option).collect();
        let _ = write!(
            h,
            "<h3>{}: effect on each outcome against the status quo</h3>\
             <div class=\"figure\">{}</div>\
             <p class=\"note\">Median (dot) and 90% interval (bar) of option − status quo over \
             {} paired draws of the uncertain link weights, in points (percent) of each \
             factor's range; one colour per condition. The sigmoid keeps every factor strictly \
             inside its range and flattens near the ends, so a factor already pushed far one way \
             moves less.</p>",
            escape(model.scenario_name(option)),
            forest_svg(model, &cases),
            b.draws
        );
        let rows: Vec<Vec<String>> = b
            .paths
            .iter()
            .filter(|p| p.option == option)
            .map(|p| {
                vec![
                    escape(&p.outcome),
                    escape(&p.path.join(" → ")),
                    format!("{:+.2}", p.weight),
                    quotes(&p.passages, usize::MAX),
                ]
            })
            .collect();
        if !rows.is_empty() {
            h.push_str(&appendix(
                "Why: the strongest causal path from the option to each outcome (product of the \
                 nominal weights) and the passages it rests on",
                &table(&["outcome", "path", "weight", "rests on"], &rows),
            ));
        }
    }
    h
}

/// The scale of the plot area for values from `lo` to `hi`, widened to round ticks and to 0.
fn scale_of(values: impl Iterator<Item = f64>) -> Scale {
    let (lo, hi) = values.fold((0.0f64, 0.0f64), |(a, b), v| (a.min(v), b.max(v)));
    let (lo, hi) = nice_bounds(lo, hi, 6);
    Scale::new(lo, hi, LABEL, WIDTH - 20.0)
}

/// A light vertical grid line at each tick and a darker one at 0, from `top` to `bottom`.
fn grid(svg: &mut String, x: &Scale, top: f64, bottom: f64) {
    let (values, _) = ticks(x.d0, x.d1, 6);
    for v in values.into_iter().chain([0.0]) {
        let stroke = if v == 0.0 { "#57606a" } else { "#eaeef2" };
        let px = x.at(v);
        let _ = write!(
            svg,
            "<line x1=\"{px:.1}\" y1=\"{top:.1}\" x2=\"{px:.1}\" y2=\"{bottom:.1}\" stroke=\"{stroke}\"/>"
        );
    }
}

/// One row per outcome, one interval per condition.
pub fn forest_svg(model: &Model, cases: &[&OptionEffects]) -> String {
    let outcomes = cases.first().map_or(0, |c| c.outcomes.len());
    let per = cases.len().max(1) as f64;
    let top = 10.0 + 16.0 * per;
    let height = top + outcomes as f64 * ROW * per + 50.0;
    let x = scale_of(
        cases
            .iter()
            .flat_map(|c| c.outcomes.iter().flat_map(|o| [o.effect.q05, o.effect.q95])),
    );
    let mut s = open("forest", WIDTH, height, "Effects on the outcomes");
    for (k, c) in cases.iter().enumerate() {
        let label = c
            .trigger
            .as_deref()
            .map_or("no trigger", |t| model.scenario_name(t));
        let y = 12.0 + 16.0 * k as f64;
        let _ = write!(
            s,
            "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"4\" fill=\"{}\"/><text x=\"{:.1}\" y=\"{:.1}\">{}</text>",
            LABEL,
            y - 4.0,
            COLOURS[k % COLOURS.len()],
            LABEL + 10.0,
            y,
            escape(label)
        );
    }
    let bottom = top + outcomes as f64 * ROW * per;
    grid(&mut s, &x, top, bottom);
    x_axis(&mut s, &x, bottom, "option − status quo (points)");
    for j in 0..outcomes {
        let first = &cases[0].outcomes[j];
        let want = match first.desired {
            Some(crate::model::Desired::Low) => " (want ↓)",
            Some(crate::model::Desired::High) => " (want ↑)",
            None => "",
        };
        let y0 = top + j as f64 * ROW * per;
        s.push_str(&label_lines(
            LABEL - 8.0,
            y0 + ROW * per / 2.0,
            &wrap(&first.label, LABEL_CHARS),
            want,
        ));
        for (k, c) in cases.iter().enumerate() {
            let e = &c.outcomes[j].effect;
            let y = y0 + ROW * (k as f64 + 0.5);
            let colour = COLOURS[k % COLOURS.len()];
            let _ = write!(
                s,
                "<line x1=\"{:.1}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"{colour}\" \
                 stroke-width=\"3\"/><circle cx=\"{:.1}\" cy=\"{y:.1}\" r=\"4\" fill=\"{colour}\">\
                 <title>median {:+.1}, 90% interval {:+.1} to {:+.1}</title></circle>",
                x.at(e.q05),
                x.at(e.q95),
                x.at(e.median),
                e.median,
                e.q05,
                e.q95
            );
        }
    }
    s.push_str("</svg>");
    s
}

/// Bars from the net score at a link's low end to its high end, the ten largest swings.
pub fn tornado_svg(s: &Sensitivity) -> String {
    let links: Vec<_> = s.links.iter().take(10).collect();
    let labels: Vec<Vec<String>> = links.iter().map(|l| wrap(&l.name, LABEL_CHARS)).collect();
    // Rows grow to hold a label that needs two lines: no label is ever cut.
    let row = if labels.iter().any(|l| l.len() > 1) {
        ROW + 13.0 * (labels.iter().map(Vec::len).max().unwrap_or(1) - 1) as f64
    } else {
        ROW
    };
    let top = 10.0;
    let bottom = top + links.len() as f64 * row + 4.0;
    let height = bottom + 40.0;
    let x = scale_of(
        links
            .iter()
            .flat_map(|l| [l.net_at_low, l.net_at_high])
            .chain([s.nominal_net]),
    );
    let mut svg = open(
        "tornado",
        WIDTH,
        height,
        "The judgments that move the verdict",
    );
    grid(&mut svg, &x, top, bottom);
    x_axis(
        &mut svg,
        &x,
        bottom,
        "net score (points; > 0: better than the status quo)",
    );
    let nominal = x.at(s.nominal_net);
    let _ = write!(
        svg,
        "<line x1=\"{nominal:.1}\" y1=\"{top:.1}\" x2=\"{nominal:.1}\" y2=\"{bottom:.1}\" \
         stroke=\"#1f2328\" stroke-dasharray=\"4 3\"><title>nominal net score {:+.1}</title></line>",
        s.nominal_net
    );
    for (k, (l, label)) in links.iter().zip(&labels).enumerate() {
        let y = top + k as f64 * row;
        let (a, b) = (
            l.net_at_low.min(l.net_at_high),
            l.net_at_low.max(l.net_at_high),
        );
        let colour = if l.nominal >= 0.0 {
            "#1a7f37"
        } else {
            "#cf222e"
        };
        let _ = write!(
            svg,
            "{}<rect x=\"{:.1}\" \
             y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{colour}\" opacity=\"0.7\">\
             <title>weight {:.2} to {:.2}: net {:+.1} to {:+.1}</title></rect>",
            label_lines(LABEL - 8.0, y + row / 2.0, label, ""),
            x.at(a),
            y + row / 2.0 - (ROW - 6.0) / 2.0,
            (x.at(b) - x.at(a)).max(1.5),
            ROW - 6.0,
            l.bounds.0,
            l.bounds.1,
            l.net_at_low,
            l.net_at_high
        );
    }
    svg.push_str("</svg>");
    svg
}

fn sensitivity_html(model: &Model, s: &Sensitivity) -> String {
    let mut h = format!(
        "<h3>{}</h3><div class=\"figure\">{}</div><p class=\"note\">Each bar spans the net score \
         with the link at the low and at the high end of its stated uncertainty, others at their \
         central values; the dashed line is the nominal net score (green: positive link, red: \
         negative).</p>",
        escape(model.scenario_name(&s.option)),
        tornado_svg(s)
    );
    let what_ifs: Vec<Vec<String>> = s
        .what_ifs
        .iter()
        .map(|w| {
            vec![
                escape(&w.factor),
                escape(&w.state),
                format!("{:+.1}", w.net),
                if w.flips { "yes" } else { "no" }.to_owned(),
            ]
        })
        .collect();
    h.push_str(&appendix(
        "Each mechanism held at an extreme in both runs",
        &table(&["mechanism", "held at", "net score", "flips"], &what_ifs),
    ));
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_models_briefing_draws_its_plots() {
        let (model, b) = crate::report::default_briefing();
        let sections = briefing_sections(&model, &b);
        // Effects, sensitivity, and the competing hypotheses the model carries.
        assert_eq!(sections.len(), 4);
        assert_eq!(sections[2].id, "hypotheses");
        let forest = &sections[0].body;
        // One interval per option, outcome and condition: 3 options × 7 outcomes × 4 conditions
        // (no trigger, and each of three).
        assert_eq!(forest.matches("stroke-width=\"3\"").count(), 84);
        // The paths table: one row per option and outcome, the recruiting tool among its
        // passages. The military course alone runs every path from coalition_stance (7), the
        // other two options from it on all but Iran's reach and a few more (8 together).
        assert_eq!(forest.matches("<td>coalition_stance → ").count(), 15);
        assert!(forest.contains("<td>coalition_stance → seen_with_assad → is_recruitment</td>"));
        assert!(forest.contains("more effective recruiting tool"));
        // The tornado: per option, the ten judgments that move its verdict most; being seen with
        // Assad moves it most.
        let tornado = &sections[1].body;
        assert_eq!(tornado.matches("<rect").count(), 30);
        assert!(tornado.contains(">coalition_stance → seen_with_assad</tspan></text>"));
        assert!(!tornado.contains('…'), "no label is cut");
    }

    #[test]
    fn the_scale_spans_zero_and_the_values() {
        let x = scale_of([-18.3, -2.2].into_iter());
        assert!(x.d0 <= -18.3 && x.d1 >= 0.0, "{x:?}");
        assert_eq!((x.at(x.d0), x.at(x.d1)), (LABEL, WIDTH - 20.0));
    }
}
