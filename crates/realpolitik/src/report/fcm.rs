//! The FCM section: what each option (alone and with each trigger) does to each outcome, how
//! sure that is, which uncertain links decide it, and along which causal paths it travels.
//!
//! - One interval plot per outcome: a row per case, the 90 % interval of the Monte Carlo
//!   effects as a bar, the median as a stroke across it, the effect with nominal weights as a
//!   hollow circle, and a zero line (no change against the status quo). Without Monte Carlo the
//!   plot shows the nominal effects alone.
//! - A tornado chart per studied outcome: each uncertain link set to its low and its high end
//!   with the others nominal, the widest swing on top.
//! - The strongest causal paths from each lever to each outcome, with the product of their
//!   weights.

use std::fmt::Write as _;

use super::Section;
use super::html::{escape, table};
use super::lines::{LineChart, line_chart};
use super::plot::{self, FONT, Scale};
use crate::fcm::montecarlo::MonteCarlo;
use crate::fcm::scenario::Comparison;
use crate::fcm::sensitivity::{Bar, Indices};
use crate::fcm::structure::Path;
use crate::fcm::{FcmMap, Run};
use crate::model::Role;

/// Bars of a tornado chart at most: the links that matter most.
const MAX_TORNADO_BARS: usize = 12;

/// A tornado diagram for one outcome under one case.
#[derive(Clone, Debug)]
pub struct FcmTornado<'a> {
    /// The outcome concept (index into the map's concepts).
    pub outcome: usize,
    /// The case studied, e.g. `strike` or `strike + collapse`.
    pub case: String,
    /// The outcome's change with every weight nominal.
    pub nominal_effect: f64,
    /// [`crate::fcm::sensitivity::tornado`]'s bars, widest swing first.
    pub bars: &'a [Bar],
}

/// Sobol indices of the uncertain links for one outcome under one case.
#[derive(Clone, Debug)]
pub struct FcmSobol<'a> {
    /// The outcome concept (index into the map's concepts).
    pub outcome: usize,
    /// The case studied.
    pub case: String,
    /// The links the indices are of (indices into the map's weights), as
    /// [`crate::fcm::sensitivity::sobol_of`] gives them.
    pub links: &'a [usize],
    /// The indices, in the order of `links`.
    pub indices: &'a Indices,
}

/// What the FCM section shows (the optional parts are rendered only when present).
#[derive(Clone, Debug)]
pub struct FcmResults<'a> {
    /// The map: concepts (with their roles) and uncertain weights.
    pub map: &'a FcmMap,
    /// The steady states with nominal weights: baseline and each case (a model's options;
    /// `None` for a bare matrix).
    pub comparison: Option<&'a Comparison>,
    /// One run from a given initial state, drawn step by step (a bare matrix's simulation).
    pub trajectory: Option<&'a Run>,
    /// The Monte Carlo summary over uncertain weights.
    pub monte_carlo: Option<&'a MonteCarlo>,
    /// Tornado diagrams.
    pub tornadoes: Vec<FcmTornado<'a>>,
    /// The strongest lever → outcome paths ([`crate::fcm::structure::strongest_paths`]).
    pub paths: &'a [Path],
    /// Sobol indices, when they were computed.
    pub sobol: Option<FcmSobol<'a>>,
}

/// The concepts to plot: the outcomes, or every concept when the map marks none.
fn outcomes(map: &FcmMap) -> Vec<usize> {
    let marked = map.with_role(Role::Outcome);
    if marked.is_empty() {
        (0..map.n()).collect()
    } else {
        marked
    }
}

/// A case's name: the option, and the trigger after a plus.
fn case_name(option: &str, trigger: Option<&str>) -> String {
    match trigger {
        Some(t) => format!("{option} + {t}"),
        None => option.to_owned(),
    }
}

/// The FCM section of a report.
pub fn section(r: &FcmResults<'_>) -> Section {
    let map = r.map;
    let mut b = String::new();
    if let Some(run) = r.trajectory {
        b.push_str(&trajectory_html(map, run));
    }
    if let Some(c) = r.comparison {
        b.push_str(&effects_html(r, c));
    }
    if !r.tornadoes.is_empty() {
        b.push_str(
            "<h3>Which links decide it</h3>\n<p>Each uncertain link is set to the low and then \
             the high end of its range, the others kept nominal; the bar spans the outcome's \
             change between the two. The widest bars are the judgments most worth checking.</p>\n",
        );
        for t in &r.tornadoes {
            b.push_str("<div class=\"figure\">\n");
            b.push_str(&tornado_chart(map, t));
            b.push_str("</div>\n");
        }
    }
    if let Some(sobol) = &r.sobol {
        b.push_str(&sobol_table(map, sobol));
    }
    if !r.paths.is_empty() {
        b.push_str(&paths_table(map, r.paths));
    }
    let title = if r.comparison.is_some() {
        "Policy effects (fuzzy cognitive map)"
    } else {
        "Simulation (fuzzy cognitive map)"
    };
    Section {
        id: "fcm".into(),
        title: title.into(),
        body: b,
    }
}

/// The options' effects on the outcomes: an interval plot per outcome and the run table.
fn effects_html(r: &FcmResults<'_>, c: &Comparison) -> String {
    let map = r.map;
    let mut b = String::new();
    let _ = writeln!(
        b,
        "<p>A fuzzy cognitive map of {} concepts and {} links. Every option (alone and with each \
         trigger) is compared with the status quo: the change of each concept's steady state, \
         on its 0–1 activation scale. The baseline run {}.</p>",
        map.n(),
        map.weights.len(),
        c.baseline_status
    );
    let targets = outcomes(map);
    b.push_str("<h3>Effects on the outcomes</h3>\n");
    match r.monte_carlo {
        Some(mc) => {
            let _ = writeln!(
                b,
                "<p>Over {} Monte Carlo draws of the uncertain weights ({:.1} % did not \
                 converge): the bar spans the middle 90 % of the effects, the dark stroke is the \
                 median and the hollow circle the effect with nominal weights.</p>",
                mc.draws,
                100.0 * mc.share_not_converged
            );
        }
        None => b.push_str(
            "<p>Effects with nominal weights (hollow circles); run with Monte Carlo draws to see \
             how uncertain they are.</p>\n",
        ),
    }
    if c.effects.is_empty() {
        b.push_str("<p>The model has no option to compare.</p>\n");
    }
    for &j in targets.iter().filter(|_| !c.effects.is_empty()) {
        let label = &map.concepts[j].label;
        let rows: Vec<Row> = c
            .effects
            .iter()
            .map(|e| {
                let spread = r.monte_carlo.and_then(|mc| {
                    mc.cases
                        .iter()
                        .find(|k| k.option == e.option && k.trigger == e.trigger)
                        .map(|k| {
                            let s = &k.effects[j];
                            (s.q05, s.median, s.q95)
                        })
                });
                Row {
                    label: case_name(&e.option, e.trigger.as_deref()),
                    nominal: e.delta[j],
                    spread,
                }
            })
            .collect();
        b.push_str("<div class=\"figure\">\n");
        b.push_str(&interval_plot(
            &format!("Effect on {label}"),
            &format!("change in {label} (scenario − status quo)"),
            &rows,
        ));
        b.push_str("</div>\n");
    }
    if !c.effects.is_empty() {
        b.push_str(&status_table(c, map, &targets));
    }
    b
}

/// A single run's activations step by step, one line per concept.
fn trajectory_html(map: &FcmMap, run: &Run) -> String {
    let names: Vec<String> = map.concepts.iter().map(|c| c.label.clone()).collect();
    let series: Vec<Vec<f64>> = (0..map.n())
        .map(|j| run.states.iter().map(|s| s[j]).collect())
        .collect();
    let mut b = format!(
        "<p>A fuzzy cognitive map of {} concepts and {} links, run from the given initial \
         state: {} after {} steps.</p>\n<div class=\"figure\">\n",
        map.n(),
        map.weights.len(),
        run.status,
        run.steps()
    );
    b.push_str(&line_chart(&LineChart {
        class: "fcm-trajectory",
        title: "Activation of each concept by step",
        x_caption: "step (0: initial state)",
        y_caption: "activation",
        y_range: (0.0, 1.0),
        names: &names,
        series: &series,
        reference: None,
        band: None,
    }));
    b.push_str("</div>\n");
    b
}

/// Every case's run status and its nominal effects on the outcomes, in percentage points.
fn status_table(c: &Comparison, map: &FcmMap, targets: &[usize]) -> String {
    let mut headers = vec!["case".to_owned(), "run".to_owned()];
    headers.extend(
        targets
            .iter()
            .map(|&j| format!("{} (pp)", map.concepts[j].label)),
    );
    let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
    let rows: Vec<Vec<String>> = c
        .effects
        .iter()
        .map(|e| {
            let mut row = vec![
                escape(&case_name(&e.option, e.trigger.as_deref())),
                e.status.to_string(),
            ];
            row.extend(targets.iter().map(|&j| points(e.delta[j])));
            row
        })
        .collect();
    format!(
        "<p>Nominal effects in percentage points of the activation scale:</p>\n{}",
        table(&headers, &rows)
    )
}

/// A change in percentage points with one decimal, without a sign on a rounded zero.
fn points(delta: f64) -> String {
    let text = format!("{:+.1}", 100.0 * delta);
    if text == "+0.0" || text == "-0.0" {
        "0.0".into()
    } else {
        text
    }
}

/// One row of an interval plot: a case, its nominal effect and, from Monte Carlo, the 5 %
/// quantile, the median and the 95 % quantile.
#[derive(Clone, Debug)]
pub struct Row {
    /// The case.
    pub label: String,
    /// Effect with nominal weights.
    pub nominal: f64,
    /// (q05, median, q95) of the Monte Carlo effects.
    pub spread: Option<(f64, f64, f64)>,
}

/// Left margin of the plots (room for case names and links).
const LEFT: f64 = 280.0;
/// Width of the interval and tornado plots.
const WIDTH: f64 = 840.0;
/// Characters of a row label that fit the left margin.
const LABEL_CHARS: usize = 44;
/// Right margin.
const RIGHT: f64 = 30.0;
/// Height of one row.
const ROW: f64 = 26.0;
/// Space above the first row (title and legend).
const TOP: f64 = 44.0;

/// The x scale of a plot over `values`, ending on round ticks; with `zero`, always showing
/// zero (no change), which an interval plot needs and a tornado chart does not.
fn effect_scale(values: impl Iterator<Item = f64>, zero: bool) -> Scale {
    let start = if zero {
        (0.0, 0.0)
    } else {
        (f64::INFINITY, f64::NEG_INFINITY)
    };
    let (lo, hi) = values
        .filter(|v| v.is_finite())
        .fold(start, |(lo, hi), v| (lo.min(v), hi.max(v)));
    let (lo, hi) = if lo.is_finite() { (lo, hi) } else { (0.0, 0.0) };
    let (lo, hi) = plot::nice_bounds(lo, hi, 6);
    Scale::new(lo, hi, LEFT, WIDTH - RIGHT)
}

/// A legend entry: a small mark and its text at (x, y).
fn legend(svg: &mut String, x: f64, y: f64, mark: &str, text: &str) {
    let _ = writeln!(
        svg,
        r#"<g class="legend" transform="translate({x:.1} {y:.1})">{mark}<text x="18" y="4">{}</text></g>"#,
        escape(text)
    );
}

/// A horizontal interval plot: one row per case with the 90 % interval, the median, the
/// nominal effect, and a zero line.
pub fn interval_plot(title: &str, caption: &str, rows: &[Row]) -> String {
    let x = effect_scale(
        rows.iter().flat_map(|r| {
            let (a, m, c) = r.spread.unwrap_or((r.nominal, r.nominal, r.nominal));
            [r.nominal, a, m, c]
        }),
        true,
    );
    let height = TOP + ROW * rows.len() as f64 + 56.0;
    let mut svg = plot::open("fcm-effects", WIDTH, height, title);
    let _ = writeln!(
        svg,
        r#"<text x="10" y="16" font-weight="bold" font-size="{}">{}</text>"#,
        FONT + 1.0,
        escape(&plot::clip(title, 110))
    );
    legend(
        &mut svg,
        LEFT,
        32.0,
        r##"<rect x="0" y="-5" width="14" height="10" fill="#9ecae1"/>"##,
        "90 % interval",
    );
    legend(
        &mut svg,
        LEFT + 130.0,
        32.0,
        r##"<line x1="7" y1="-7" x2="7" y2="7" stroke="#08306b" stroke-width="3"/>"##,
        "median",
    );
    legend(
        &mut svg,
        LEFT + 230.0,
        32.0,
        r##"<circle cx="7" cy="0" r="4.5" fill="white" stroke="#1f2328" stroke-width="1.5"/>"##,
        "nominal weights",
    );
    let bottom = TOP + ROW * rows.len() as f64;
    let zero = x.at(0.0);
    let _ = writeln!(
        svg,
        r##"<line class="zero" x1="{zero:.1}" y1="{TOP:.1}" x2="{zero:.1}" y2="{bottom:.1}" stroke="#57606a" stroke-dasharray="4 3"/>"##
    );
    for (i, r) in rows.iter().enumerate() {
        let cy = TOP + ROW * (i as f64 + 0.5);
        let _ = writeln!(
            svg,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="end">{}<title>{}</title></text>"#,
            LEFT - 8.0,
            cy + FONT / 3.0,
            escape(&plot::clip(&r.label, LABEL_CHARS)),
            escape(&r.label)
        );
        if let Some((q05, median, q95)) = r.spread {
            let (a, c) = (x.at(q05), x.at(q95));
            let _ = writeln!(
                svg,
                r##"<rect class="interval" x="{a:.1}" y="{:.1}" width="{:.1}" height="10" fill="#9ecae1"><title>90 % interval {q05:+.3} … {q95:+.3}</title></rect>"##,
                cy - 5.0,
                (c - a).max(1.0)
            );
            let m = x.at(median);
            let _ = writeln!(
                svg,
                r##"<line class="median" x1="{m:.1}" y1="{:.1}" x2="{m:.1}" y2="{:.1}" stroke="#08306b" stroke-width="3"><title>median {median:+.3}</title></line>"##,
                cy - 8.0,
                cy + 8.0
            );
        }
        let _ = writeln!(
            svg,
            r##"<circle class="nominal" cx="{:.1}" cy="{cy:.1}" r="4.5" fill="white" fill-opacity="0.6" stroke="#1f2328" stroke-width="1.5"><title>nominal {:+.3}</title></circle>"##,
            x.at(r.nominal),
            r.nominal
        );
    }
    plot::x_axis(&mut svg, &x, bottom + 4.0, caption);
    svg.push_str("</svg>\n");
    svg
}

/// The tornado chart: per link, a bar from the nominal effect to the effect with the weight at
/// its low end and one to the effect at its high end.
fn tornado_chart(map: &FcmMap, t: &FcmTornado<'_>) -> String {
    let outcome = &map.concepts[t.outcome].label;
    // Links whose swing would not show (under 1 % of the widest) are left out.
    let widest = t.bars.iter().map(|b| b.swing).fold(0.0, f64::max);
    let moving: Vec<&Bar> = t
        .bars
        .iter()
        .filter(|b| b.swing > 1e-9 && b.swing >= 0.01 * widest)
        .collect();
    let bars = &moving[..moving.len().min(MAX_TORNADO_BARS)];
    let title = format!("What moves {outcome} under {}", t.case);
    if bars.is_empty() {
        return format!("<p>{}: no uncertain link moves it.</p>\n", escape(&title));
    }
    // Two lines per link (cause, then effect), so rows are taller than the interval plot's.
    let row = 1.5 * ROW;
    let x = effect_scale(
        bars.iter()
            .flat_map(|b| [b.effect_at_low, b.effect_at_high])
            .chain([t.nominal_effect]),
        false,
    );
    let height = TOP + row * bars.len() as f64 + 56.0;
    let mut svg = plot::open("fcm-tornado", WIDTH, height, &title);
    let _ = writeln!(
        svg,
        r#"<text x="10" y="16" font-weight="bold" font-size="{}">{}</text>"#,
        FONT + 1.0,
        escape(&plot::clip(&title, 110))
    );
    let (low_colour, high_colour) = ("#f28e2b", "#4e79a7");
    legend(
        &mut svg,
        LEFT,
        32.0,
        &format!(r#"<rect x="0" y="-5" width="14" height="10" fill="{low_colour}"/>"#),
        "link at its low end",
    );
    legend(
        &mut svg,
        LEFT + 160.0,
        32.0,
        &format!(r#"<rect x="0" y="-5" width="14" height="10" fill="{high_colour}"/>"#),
        "link at its high end",
    );
    let bottom = TOP + row * bars.len() as f64;
    let mid = x.at(t.nominal_effect);
    for (i, b) in bars.iter().enumerate() {
        let cy = TOP + row * (i as f64 + 0.5);
        let (from, to) = (&map.concepts[b.from].label, &map.concepts[b.to].label);
        let _ = writeln!(
            svg,
            r#"<text class="link" x="{x:.1}" y="{:.1}" text-anchor="end">{} →<tspan x="{x:.1}" dy="{FONT}">{}</tspan><title>{} → {} in [{:+.2}, {:+.2}]</title></text>"#,
            cy - 2.0,
            escape(&plot::clip(from, LABEL_CHARS - 2)),
            escape(&plot::clip(to, LABEL_CHARS)),
            escape(from),
            escape(to),
            b.low,
            b.high,
            x = LEFT - 8.0,
        );
        for (effect, colour, end) in [
            (b.effect_at_low, low_colour, b.low),
            (b.effect_at_high, high_colour, b.high),
        ] {
            let to = x.at(effect);
            let _ = writeln!(
                svg,
                r#"<rect class="swing" x="{:.1}" y="{:.1}" width="{:.1}" height="16" fill="{colour}"><title>weight {end:+.2}: change {effect:+.3}</title></rect>"#,
                mid.min(to),
                cy - 8.0,
                (to - mid).abs().max(1.0)
            );
        }
    }
    let _ = writeln!(
        svg,
        r##"<line class="nominal" x1="{mid:.1}" y1="{:.1}" x2="{mid:.1}" y2="{bottom:.1}" stroke="#1f2328" stroke-width="1.5"><title>nominal {:+.3}</title></line>"##,
        TOP - 4.0,
        t.nominal_effect
    );
    plot::x_axis(
        &mut svg,
        &x,
        bottom + 4.0,
        &format!("change in {outcome} under {}", t.case),
    );
    svg.push_str("</svg>\n");
    if t.bars.len() > bars.len() {
        let _ = writeln!(
            svg,
            "<p class=\"note\">{} uncertain links with smaller (or no) swings are left out.</p>",
            t.bars.len() - bars.len()
        );
    }
    svg
}

/// Sobol indices, largest total first: the share of the outcome's variance each link explains
/// alone (first order) and with its interactions (total).
fn sobol_table(map: &FcmMap, s: &FcmSobol<'_>) -> String {
    let mut order: Vec<usize> = (0..s.links.len()).collect();
    order.sort_by(|&a, &b| s.indices.total[b].total_cmp(&s.indices.total[a]));
    let rows: Vec<Vec<String>> = order
        .iter()
        .map(|&i| {
            let w = &map.weights[s.links[i]];
            vec![
                format!(
                    "{} → {}",
                    escape(&map.concepts[w.from].label),
                    escape(&map.concepts[w.to].label)
                ),
                format!("{:.3}", s.indices.first[i]),
                format!("{:.3}", s.indices.total[i]),
            ]
        })
        .collect();
    format!(
        "<h3>Variance of {} under {} (Sobol indices)</h3>\n<p>Saltelli sampling with N = {}: the \
         share of the outcome's variance that each uncertain link explains alone (first order) \
         and together with its interactions (total).</p>\n{}",
        escape(&map.concepts[s.outcome].label),
        escape(&s.case),
        s.indices.samples,
        table(&["link", "first order", "total"], &rows)
    )
}

/// The strongest lever → outcome paths.
fn paths_table(map: &FcmMap, paths: &[Path]) -> String {
    let rows: Vec<Vec<String>> = paths
        .iter()
        .filter(|p| p.concepts.len() >= 2)
        .map(|p| {
            let names: Vec<String> = p
                .concepts
                .iter()
                .map(|&c| escape(&map.concepts[c].label))
                .collect();
            let first = p.concepts[0];
            let last = p.concepts[p.concepts.len() - 1];
            vec![
                escape(&map.concepts[first].label),
                escape(&map.concepts[last].label),
                names.join(" → "),
                format!("{:+.3}", p.weight),
                if p.weight >= 0.0 { "raises" } else { "lowers" }.to_owned(),
            ]
        })
        .collect();
    format!(
        "<h3>Main causal paths</h3>\n<p>The strongest chains of links from each lever to each \
         outcome; a path's weight is the product of its links' nominal weights.</p>\n{}",
        table(&["lever", "outcome", "path", "weight", ""], &rows)
    )
}

#[cfg(test)]
#[path = "fcm_tests.rs"]
mod tests;
