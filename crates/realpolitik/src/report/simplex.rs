//! Where in weight space a verdict flips, drawn for models judged on two or three outcomes.
//!
//! The net score is linear in the outcome weights: with `a_j` the option's effect on outcome `j`
//! signed so that + is better, `net(w) = Σ w_j a_j / Σ w_j`. On the simplex of weightings
//! (`w_j ≥ 0`, `Σ w_j = 1`) the option is better exactly where `Σ w_j a_j > 0`: a half-plane,
//! so the picture is exact, not sampled. Three outcomes give a triangle whose corners weigh one
//! outcome alone; two give a segment. The model's own weighting and each stakeholder's are
//! marked.

use std::fmt::Write as _;

use super::html::escape;
use super::plot;

/// Side of the triangle (SVG units) and the margin around it.
const SIDE: f64 = 300.0;
const MARGIN: f64 = 70.0;
const BETTER: &str = "#dafbe1";
const WORSE: &str = "#ffebe9";

/// A weighting to mark: its name and weights (one per outcome, any scale).
pub struct Marked<'a> {
    /// Whose weighting it is.
    pub name: &'a str,
    /// The weights, in the outcomes' order.
    pub weights: Vec<f64>,
}

/// The corners of the picture: three for a triangle, two for a segment.
fn corners(n: usize) -> Vec<(f64, f64)> {
    let h = SIDE * 3f64.sqrt() / 2.0;
    match n {
        2 => vec![(MARGIN, MARGIN), (MARGIN + SIDE, MARGIN)],
        _ => vec![
            (MARGIN + SIDE / 2.0, MARGIN),
            (MARGIN, MARGIN + h),
            (MARGIN + SIDE, MARGIN + h),
        ],
    }
}

/// A weighting's point: the corners averaged by the normalised weights.
fn point(corners: &[(f64, f64)], weights: &[f64]) -> Option<(f64, f64)> {
    let total: f64 = weights.iter().sum();
    if total <= 0.0 {
        return None;
    }
    Some(
        corners
            .iter()
            .zip(weights)
            .fold((0.0, 0.0), |(x, y), (c, w)| {
                (x + c.0 * w / total, y + c.1 * w / total)
            }),
    )
}

/// The part of the picture where `a · w > 0` (`a` given per corner). A triangle: the corners
/// where it is positive and, in order, the points on each edge where it crosses zero. A
/// segment: from its better end to the crossing.
pub fn better_region(corners: &[(f64, f64)], a: &[f64]) -> Vec<(f64, f64)> {
    let cross = |i: usize, j: usize| {
        let t = a[i] / (a[i] - a[j]);
        (
            corners[i].0 + t * (corners[j].0 - corners[i].0),
            corners[i].1 + t * (corners[j].1 - corners[i].1),
        )
    };
    let good = |i: usize| a[i] > 0.0;
    if corners.len() == 2 {
        return match (good(0), good(1)) {
            (true, true) => corners.to_vec(),
            (false, false) => Vec::new(),
            (true, false) => vec![corners[0], cross(0, 1)],
            (false, true) => vec![cross(0, 1), corners[1]],
        };
    }
    let n = corners.len();
    let mut region = Vec::new();
    for (i, &corner) in corners.iter().enumerate() {
        let j = (i + 1) % n;
        if good(i) {
            region.push(corner);
        }
        if good(i) != good(j) {
            region.push(cross(i, j));
        }
    }
    region
}

/// The picture for an option judged on 2 or 3 outcomes (`labels`, `a`: their signed effects);
/// None for any other number of outcomes.
pub fn simplex_svg(
    title: &str,
    labels: &[String],
    a: &[f64],
    marked: &[Marked<'_>],
) -> Option<String> {
    let n = labels.len();
    if !(2..=3).contains(&n) || a.len() != n {
        return None;
    }
    let c = corners(n);
    let height = if n == 3 {
        2.0 * MARGIN + SIDE * 3f64.sqrt() / 2.0
    } else {
        2.0 * MARGIN
    };
    let mut svg = plot::open("simplex", SIDE + 2.0 * MARGIN + 160.0, height + 20.0, title);
    let outline: Vec<String> = c.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect();
    let better = better_region(&c, a);
    let points = |ps: &[(f64, f64)]| -> String {
        ps.iter()
            .map(|(x, y)| format!("{x:.1},{y:.1}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    if n == 3 {
        let _ = write!(
            svg,
            "<polygon points=\"{}\" fill=\"{WORSE}\" stroke=\"#57606a\"/>",
            outline.join(" ")
        );
        if better.len() >= 3 {
            let _ = write!(
                svg,
                "<polygon class=\"better\" points=\"{}\" fill=\"{BETTER}\"/>",
                points(&better)
            );
        }
    } else {
        let _ = write!(
            svg,
            "<line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"{WORSE}\" stroke-width=\"14\"/>",
            c[0].0, c[0].1, c[1].0, c[1].1
        );
        if better.len() == 2 {
            let _ = write!(
                svg,
                "<line class=\"better\" x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"{BETTER}\" stroke-width=\"14\"/>",
                better[0].0, better[0].1, better[1].0, better[1].1
            );
        }
    }
    for (k, (x, y)) in c.iter().enumerate() {
        let dy = if n == 3 && k == 0 { -10.0 } else { 22.0 };
        let _ = write!(
            svg,
            "<text x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{} only</text>",
            y + dy,
            escape(&plot::clip(&labels[k], 30))
        );
    }
    for (k, m) in marked.iter().enumerate() {
        let Some((x, y)) = point(&c, &m.weights) else {
            continue;
        };
        let _ = write!(
            svg,
            "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"4\" fill=\"#1f2328\"><title>{}</title></circle>\
             <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\">{}</text>",
            escape(m.name),
            SIDE + 2.0 * MARGIN,
            MARGIN + 14.0 * k as f64,
            escape(&format!("{}. {}", k + 1, plot::clip(m.name, 28)))
        );
        let _ = write!(
            svg,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\">{}</text>",
            x + 6.0,
            y - 4.0,
            k + 1
        );
    }
    svg.push_str("</svg>");
    Some(svg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_better_region_is_the_half_plane_where_the_weighted_effects_sum_above_zero() {
        let c = corners(3);
        // Better on the first outcome (+1), worse on the second (−1), neutral on the third:
        // better where w1 > w2, the part of the triangle cut off by the line from the first
        // edge's midpoint to the third corner.
        let region = better_region(&c, &[1.0, -1.0, 0.0]);
        let mid = ((c[0].0 + c[1].0) / 2.0, (c[0].1 + c[1].1) / 2.0);
        assert_eq!(region.len(), 3, "{region:?}");
        assert_eq!(region[0], c[0]);
        assert!((region[1].0 - mid.0).abs() < 1e-9 && (region[1].1 - mid.1).abs() < 1e-9);
        assert_eq!(region[2], c[2]);
        // Better everywhere: the whole triangle; nowhere: nothing.
        assert_eq!(better_region(&c, &[1.0, 2.0, 3.0]), c);
        assert!(better_region(&c, &[-1.0, -2.0, -3.0]).is_empty());
        // Two outcomes: the segment splits where 3·w1 = 1·w2, a quarter of the way along.
        let s = corners(2);
        let split = better_region(&s, &[-1.0, 3.0]);
        assert_eq!(split.len(), 2);
        assert!(
            (split[0].0 - (s[0].0 + 0.25 * SIDE)).abs() < 1e-9,
            "{split:?}"
        );
        assert_eq!(split[1], s[1]);
    }

    #[test]
    fn the_picture_marks_each_weighting_and_is_only_drawn_for_two_or_three_outcomes() {
        let labels: Vec<String> = ["IS", "Iran", "Cohesion"].map(String::from).to_vec();
        let marked = [
            Marked {
                name: "the model",
                weights: vec![1.0, 1.0, 1.0],
            },
            Marked {
                name: "Ankara",
                weights: vec![0.0, 1.0, 0.0],
            },
        ];
        let svg = simplex_svg("t", &labels, &[0.5, -1.0, 0.2], &marked).unwrap();
        assert_eq!(svg.matches("<circle").count(), 2);
        // The model's equal weights sit at the centroid.
        let c = corners(3);
        let cx = (c[0].0 + c[1].0 + c[2].0) / 3.0;
        assert!(svg.contains(&format!("cx=\"{cx:.1}\"")));
        assert!(svg.contains("class=\"better\""));
        assert!(simplex_svg("t", &labels[..1], &[1.0], &[]).is_none());
    }
}
