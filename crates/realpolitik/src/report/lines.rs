//! A line chart over whole steps, shared by the bargaining section (positions per round) and
//! the FCM section (activations per simulation step).

use std::fmt::Write as _;

use super::html::escape;
use super::plot::{self, FONT, PALETTE, Scale};

/// Left margin (y tick labels and caption).
pub const LEFT: f64 = 80.0;
/// Right margin (actor labels).
pub const RIGHT: f64 = 180.0;
/// Steps up to which each step gets a point.
pub const MAX_POINTS: usize = 60;
/// Width of the chart.
pub const WIDTH: f64 = 800.0;
/// Height of the chart.
pub const HEIGHT: f64 = 420.0;
/// Space above the plot area (title).
pub const TOP: f64 = 34.0;
/// Space below the plot area (x axis and caption).
pub const BOTTOM: f64 = 60.0;

/// A line chart over whole steps (rounds of bargaining, steps of a simulation).
#[derive(Clone, Copy, Debug)]
pub struct LineChart<'a> {
    /// Class of the `<svg>` after `plot`, e.g. `bargain-positions`.
    pub class: &'a str,
    /// Title above the chart.
    pub title: &'a str,
    /// Caption of the x axis.
    pub x_caption: &'a str,
    /// Caption of the y axis.
    pub y_caption: &'a str,
    /// The y range always shown (widened to the data).
    pub y_range: (f64, f64),
    /// One name per series, written at the series' end.
    pub names: &'a [String],
    /// The series: `series[i][k]` is series `i` at step `k`.
    pub series: &'a [Vec<f64>],
    /// A reference value drawn as a dashed line with a marker at the last step and this label
    /// (e.g. the forecast).
    pub reference: Option<(f64, &'a str)>,
    /// A band across the chart between two values (e.g. the forecast's 90 % interval), named
    /// in its tooltip.
    pub band: Option<(f64, f64, &'a str)>,
}

/// A line chart: one polyline per series over the steps with a point at each step, its name
/// at its end (pushed apart so names do not overlap), and the reference line and band when
/// given.
pub fn line_chart(c: &LineChart<'_>) -> String {
    let (title, names, paths) = (c.title, c.names, c.series);
    let (low, high) = c.y_range;
    let forecast = c.reference.map_or(f64::NAN, |(v, _)| v);
    let band = c.band;
    let rounds = paths.iter().map(Vec::len).max().unwrap_or(1).max(1) - 1;
    let x = if rounds == 0 {
        Scale::new(-0.5, 0.5, LEFT, WIDTH - RIGHT)
    } else {
        Scale::new(0.0, rounds as f64, LEFT, WIDTH - RIGHT)
    };
    let (lo, hi) = paths
        .iter()
        .flatten()
        .chain([&forecast])
        .filter(|v| v.is_finite())
        .fold((low.min(high), low.max(high)), |(a, b), &v| {
            (a.min(v), b.max(v))
        });
    let y = Scale::new(lo, hi, HEIGHT - BOTTOM, TOP);
    let mut svg = plot::open(c.class, WIDTH, HEIGHT, title);
    let _ = writeln!(
        svg,
        r#"<text x="{LEFT}" y="18" font-weight="bold" font-size="{}">{}</text>"#,
        FONT + 1.0,
        escape(title)
    );
    plot::y_axis(&mut svg, &y, LEFT, WIDTH - RIGHT, c.y_caption);
    let step = (rounds as f64 / 10.0).ceil().max(1.0);
    let ticks: Vec<f64> = (0..=rounds)
        .map(|k| k as f64)
        .filter(|k| k % step == 0.0)
        .collect();
    plot::x_axis_at(&mut svg, &x, HEIGHT - BOTTOM, c.x_caption, &ticks, 1.0);
    if let Some((a, b, what)) = band.filter(|(a, b, _)| a.is_finite() && b.is_finite()) {
        let (top, bottom) = (y.at(a.max(b)), y.at(a.min(b)));
        let _ = writeln!(
            svg,
            r##"<rect class="forecast-band" x="{LEFT:.1}" y="{top:.1}" width="{:.1}" height="{:.1}" fill="#9ecae1" fill-opacity="0.35"><title>{} {:.2} … {:.2}</title></rect>"##,
            WIDTH - RIGHT - LEFT,
            (bottom - top).max(1.0),
            escape(what),
            a.min(b),
            a.max(b)
        );
    }
    for (p, path) in paths.iter().enumerate() {
        let colour = PALETTE[p % PALETTE.len()];
        let points: Vec<String> = path
            .iter()
            .enumerate()
            .map(|(k, &v)| format!("{:.1},{:.1}", x.at(k as f64), y.at(v)))
            .collect();
        let name = escape(&names[p]);
        let _ = write!(
            svg,
            r#"<g class="actor"><polyline points="{}" fill="none" stroke="{colour}" stroke-width="2"><title>{name}</title></polyline>"#,
            points.join(" ")
        );
        // A point per step shows where the steps are, and a single step at all; on long runs
        // they would only swell the file.
        let points = if path.len() <= MAX_POINTS {
            path.len()
        } else {
            0
        };
        for (k, &v) in path.iter().enumerate().take(points) {
            let _ = write!(
                svg,
                r#"<circle cx="{:.1}" cy="{:.1}" r="3" fill="{colour}"><title>{name}, round {k}: {v:.2}</title></circle>"#,
                x.at(k as f64),
                y.at(v)
            );
        }
        svg.push_str("</g>\n");
    }
    // Actor labels at the end of their lines, pushed apart so they do not overlap.
    let mut ends: Vec<(f64, usize)> = paths
        .iter()
        .enumerate()
        .filter_map(|(p, path)| path.last().map(|&v| (y.at(v), p)))
        .collect();
    ends.sort_by(|a, b| a.0.total_cmp(&b.0));
    let gap = FONT + 2.0;
    let mut placed: Vec<f64> = Vec::new();
    for (k, (want, _)) in ends.iter().enumerate() {
        let floor = if k == 0 { TOP } else { placed[k - 1] + gap };
        placed.push(want.max(floor));
    }
    // If the last labels ran off the bottom, push them back up from the bottom, keeping the
    // gaps, and only then clamp to the top (with very many actors labels may touch).
    let floor = HEIGHT - BOTTOM + 10.0;
    for k in (0..placed.len()).rev() {
        let ceiling = if k + 1 == placed.len() {
            floor
        } else {
            placed[k + 1] - gap
        };
        placed[k] = placed[k].min(ceiling).max(TOP);
    }
    let end_x = x.at(rounds as f64);
    for ((want, p), at) in ends.iter().zip(&placed) {
        let colour = PALETTE[p % PALETTE.len()];
        let _ = writeln!(
            svg,
            r#"<text class="actor-label" x="{:.1}" y="{:.1}" fill="{colour}">{}</text><line x1="{end_x:.1}" y1="{want:.1}" x2="{:.1}" y2="{:.1}" stroke="{colour}" stroke-opacity="0.5"/>"#,
            end_x + 14.0,
            at + FONT / 3.0,
            escape(&plot::clip(&names[*p], 22)),
            end_x + 12.0,
            at
        );
    }
    if let Some((forecast, label)) = c.reference.filter(|(v, _)| v.is_finite()) {
        let fy = y.at(forecast);
        let _ = writeln!(
            svg,
            r##"<line class="forecast" x1="{LEFT:.1}" y1="{fy:.1}" x2="{end_x:.1}" y2="{fy:.1}" stroke="#1f2328" stroke-width="1.5" stroke-dasharray="6 4"/><path d="M{end_x:.1},{:.1} l6,6 l-6,6 l-6,-6 z" fill="#1f2328"/><text x="{:.1}" y="{:.1}" font-weight="bold">{} {forecast:.2}</text>"##,
            fy - 6.0,
            LEFT + 6.0,
            fy - 5.0,
            escape(label)
        );
    }
    svg.push_str("</svg>\n");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart(steps: usize) -> String {
        let names = vec!["a".to_owned(), "b".to_owned()];
        let series: Vec<Vec<f64>> = (0..2)
            .map(|i| {
                (0..steps)
                    .map(|k| (k * (i + 1)) as f64 / steps as f64)
                    .collect()
            })
            .collect();
        line_chart(&LineChart {
            class: "t",
            title: "t",
            x_caption: "step",
            y_caption: "value",
            y_range: (0.0, 1.0),
            names: &names,
            series: &series,
            reference: None,
            band: None,
        })
    }

    #[test]
    fn short_series_get_a_point_per_step_and_long_ones_only_lines() {
        let short = chart(10);
        assert_eq!(short.matches("<polyline ").count(), 2);
        assert_eq!(short.matches("<circle ").count(), 20);
        let long = chart(1000);
        assert_eq!(long.matches("<polyline ").count(), 2);
        assert_eq!(long.matches("<circle ").count(), 0);
        // No reference line or band unless asked for.
        assert!(!long.contains("class=\"forecast"));
        assert!(long.len() < 60_000, "{} bytes", long.len());
    }
}
