//! Small building blocks for the engines' hand-written SVG plots: linear scales, round tick
//! values, the `<svg>` element with its title, and a colour palette.
//!
//! The plots are written by hand rather than with a plotting library so that they need no
//! fonts at build time, stay small (a few kilobytes each) and can be tested by reading their
//! markup: every mark carries a class and exact coordinates.

use std::fmt::Write as _;

use super::html::escape;

/// Font size of tick labels and annotations, in SVG units. The plots are drawn at about the
/// width of a printed page, so 12 units stay readable on paper.
pub const FONT: f64 = 12.0;

/// Ten colours that stay distinguishable on screen and in print (Tableau 10, its yellow and
/// pink darkened so that text in them stays readable on white).
pub const PALETTE: [&str; 10] = [
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#c9a227", "#b07aa1", "#e7798a",
    "#9c755f", "#79706e",
];

/// A linear map from data values to SVG coordinates.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scale {
    /// Data value at the start of the range.
    pub d0: f64,
    /// Data value at the end of the range.
    pub d1: f64,
    /// SVG coordinate of `d0`.
    pub r0: f64,
    /// SVG coordinate of `d1`.
    pub r1: f64,
}

impl Scale {
    /// A scale from the data interval `[d0, d1]` onto `[r0, r1]`; a degenerate data interval is
    /// widened by one unit each side so that a single value still has a place.
    pub fn new(d0: f64, d1: f64, r0: f64, r1: f64) -> Self {
        let (d0, d1) = if (d1 - d0).abs() < 1e-12 {
            (d0 - 1.0, d1 + 1.0)
        } else {
            (d0, d1)
        };
        Scale { d0, d1, r0, r1 }
    }

    /// The SVG coordinate of a data value.
    pub fn at(&self, x: f64) -> f64 {
        self.r0 + (x - self.d0) / (self.d1 - self.d0) * (self.r1 - self.r0)
    }
}

/// Round tick values covering `[lo, hi]`, about `target` of them, and their step.
pub fn ticks(lo: f64, hi: f64, target: usize) -> (Vec<f64>, f64) {
    let (lo, hi) = if (hi - lo).abs() < 1e-12 {
        (lo - 1.0, hi + 1.0)
    } else {
        (lo.min(hi), lo.max(hi))
    };
    let raw = (hi - lo) / target.max(1) as f64;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * magnitude);
    let first = (lo / step).ceil() as i64;
    let last = (hi / step).floor() as i64;
    let values = (first..=last).map(|k| k as f64 * step).collect();
    (values, step)
}

/// The interval `[lo, hi]` widened outward to whole steps of its ticks, so that axes end on a
/// labelled value.
pub fn nice_bounds(lo: f64, hi: f64, target: usize) -> (f64, f64) {
    let (_, step) = ticks(lo, hi, target);
    let (lo, hi) = if (hi - lo).abs() < 1e-12 {
        (lo - step, hi + step)
    } else {
        (lo, hi)
    };
    ((lo / step).floor() * step, (hi / step).ceil() * step)
}

/// A tick label with as many decimals as the step needs (and no "-0").
pub fn tick_label(x: f64, step: f64) -> String {
    // The fewest decimals that write the step exactly.
    let decimals = (0..6)
        .find(|&d| {
            let scaled = step * 10f64.powi(d);
            (scaled - scaled.round()).abs() < 1e-6 * scaled.max(1.0)
        })
        .unwrap_or(6) as usize;
    let text = format!("{x:.decimals$}");
    if text
        .trim_start_matches('-')
        .chars()
        .all(|c| c == '0' || c == '.')
    {
        text.trim_start_matches('-').to_owned()
    } else {
        text
    }
}

/// Opens an `<svg class="plot {class}">` of the given size with a title (for screen readers
/// and as a tooltip) and the common font settings.
pub fn open(class: &str, width: f64, height: f64, title: &str) -> String {
    let mut svg = String::new();
    let _ = writeln!(
        svg,
        r#"<svg class="plot {class}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0} {height:.0}" width="{width:.0}" height="{height:.0}" role="img" aria-label="{}" font-family="Helvetica, Arial, sans-serif" font-size="{FONT}"><title>{}</title>"#,
        escape(title),
        escape(title)
    );
    svg
}

/// A horizontal axis at `y` with ticks and labels, and its caption centred below.
pub fn x_axis(svg: &mut String, x: &Scale, y: f64, caption: &str) {
    let (values, step) = ticks(x.d0, x.d1, 6);
    x_axis_at(svg, x, y, caption, &values, step);
}

/// A horizontal axis like [`x_axis`] with the given tick values (labelled with the decimals
/// `step` needs), e.g. whole rounds.
pub fn x_axis_at(svg: &mut String, x: &Scale, y: f64, caption: &str, values: &[f64], step: f64) {
    let _ = writeln!(
        svg,
        r##"<line class="axis" x1="{:.1}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" stroke="#57606a"/>"##,
        x.r0, x.r1
    );
    for &v in values {
        let px = x.at(v);
        let _ = writeln!(
            svg,
            r##"<line x1="{px:.1}" y1="{y:.1}" x2="{px:.1}" y2="{:.1}" stroke="#57606a"/><text x="{px:.1}" y="{:.1}" text-anchor="middle">{}</text>"##,
            y + 4.0,
            y + 4.0 + FONT + 2.0,
            tick_label(v, step)
        );
    }
    let _ = writeln!(
        svg,
        r#"<text class="axis-label" x="{:.1}" y="{:.1}" text-anchor="middle" font-weight="bold">{}</text>"#,
        (x.r0 + x.r1) / 2.0,
        y + 2.0 * FONT + 12.0,
        escape(caption)
    );
}

/// A vertical axis at `x` with ticks, labels and light grid lines across to `right`, and its
/// caption turned along the axis.
pub fn y_axis(svg: &mut String, y: &Scale, x: f64, right: f64, caption: &str) {
    let (values, step) = ticks(y.d0, y.d1, 6);
    let _ = writeln!(
        svg,
        r##"<line class="axis" x1="{x:.1}" y1="{:.1}" x2="{x:.1}" y2="{:.1}" stroke="#57606a"/>"##,
        y.r0, y.r1
    );
    for v in values {
        let py = y.at(v);
        let _ = writeln!(
            svg,
            r##"<line x1="{:.1}" y1="{py:.1}" x2="{right:.1}" y2="{py:.1}" stroke="#eaeef2"/><text x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"##,
            x - 4.0,
            x - 6.0,
            py + FONT / 3.0,
            tick_label(v, step)
        );
    }
    let cy = (y.r0 + y.r1) / 2.0;
    let _ = writeln!(
        svg,
        r#"<text class="axis-label" x="{:.1}" y="{cy:.1}" text-anchor="middle" font-weight="bold" transform="rotate(-90 {:.1} {cy:.1})">{}</text>"#,
        x - 44.0,
        x - 44.0,
        escape(caption)
    );
}

/// Splits a label into lines of at most `width` characters, breaking between words (a word
/// longer than a line is cut across lines): the whole label is always shown.
pub fn wrap(label: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in label.split_whitespace() {
        let mut word: Vec<char> = word.chars().collect();
        let fits = line.chars().count() + usize::from(!line.is_empty()) + word.len() <= width;
        if !line.is_empty() && !fits {
            lines.push(std::mem::take(&mut line));
        }
        while word.len() > width {
            let rest = word.split_off(width);
            lines.push(word.into_iter().collect());
            word = rest;
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.extend(word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// A label of one or more lines as an SVG `<text>`, right-aligned at `x` and centred on `y`,
/// `LINE` apart; `suffix` (HTML) follows the last line.
pub fn label_lines(x: f64, y: f64, lines: &[String], suffix: &str) -> String {
    const LINE: f64 = 13.0;
    let first = y + 4.0 - LINE / 2.0 * (lines.len() as f64 - 1.0);
    let mut t = format!("<text x=\"{x:.1}\" y=\"{first:.1}\" text-anchor=\"end\">");
    for (k, line) in lines.iter().enumerate() {
        let dy = if k == 0 { 0.0 } else { LINE };
        let end = if k + 1 == lines.len() { suffix } else { "" };
        let _ = write!(
            t,
            "<tspan x=\"{x:.1}\" dy=\"{dy:.1}\">{}{end}</tspan>",
            escape(line)
        );
    }
    t.push_str("</text>");
    t
}

/// A label shortened to `max` characters with an ellipsis, so that it fits its margin.
pub fn clip(label: &str, max: usize) -> String {
    if label.chars().count() <= max {
        label.to_owned()
    } else {
        label
            .chars()
            .take(max.saturating_sub(1))
            .collect::<String>()
            + "…"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_wrap_whole_onto_as_many_lines_as_they_need() {
        assert_eq!(wrap("IS strength", 24), ["IS strength"]);
        assert_eq!(
            wrap("Sunni perception of Western double standards", 24),
            ["Sunni perception of", "Western double standards"]
        );
        assert_eq!(
            wrap(
                "An extremely long label that will never fit on two short lines",
                20
            ),
            [
                "An extremely long",
                "label that will",
                "never fit on two",
                "short lines"
            ]
        );
        assert_eq!(wrap("abcdefghij xy", 4), ["abcd", "efgh", "ij", "xy"]);
        assert_eq!(wrap("", 4), [""]);
    }

    #[test]
    fn a_scale_maps_ends_and_middle() {
        let s = Scale::new(-1.0, 1.0, 100.0, 300.0);
        assert_eq!(s.at(-1.0), 100.0);
        assert_eq!(s.at(0.0), 200.0);
        assert_eq!(s.at(1.0), 300.0);
        // Inverted (a y axis): larger values higher up.
        let y = Scale::new(0.0, 100.0, 400.0, 0.0);
        assert_eq!(y.at(25.0), 300.0);
    }

    #[test]
    fn ticks_are_round_and_inside() {
        let (t, step) = ticks(0.0, 100.0, 5);
        assert_eq!(step, 20.0);
        assert_eq!(t, [0.0, 20.0, 40.0, 60.0, 80.0, 100.0]);
        let (t, step) = ticks(-0.23, 0.41, 6);
        assert_eq!(step, 0.2);
        assert_eq!(t, [-0.2, 0.0, 0.2, 0.4]);
        let (lo, hi) = nice_bounds(-0.23, 0.41, 6);
        assert!(
            (lo + 0.4).abs() < 1e-9 && (hi - 0.6).abs() < 1e-9,
            "{lo} {hi}"
        );
    }

    #[test]
    fn tick_labels_have_the_decimals_the_step_needs() {
        assert_eq!(tick_label(20.0, 20.0), "20");
        assert_eq!(tick_label(0.2, 0.2), "0.2");
        assert_eq!(tick_label(0.25, 0.25), "0.25");
        assert_eq!(tick_label(-0.0, 0.1), "0.0");
        assert_eq!(tick_label(-0.5, 0.5), "-0.5");
    }

    #[test]
    fn long_labels_are_clipped() {
        assert_eq!(clip("short", 10), "short");
        assert_eq!(clip("a rather long name", 8), "a rathe…");
    }
}
