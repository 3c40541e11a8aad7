//! The report's section on competing hypotheses: the briefing's paragraph, the scores as bars
//! (least inconsistent first, with the Monte Carlo's 90 % interval when ratings are uncertain),
//! the matrix as a table coloured by rating (each cell also carries its code, so colour is never
//! the only cue) with each item's diagnosticity, and what would change the lead.

use std::fmt::Write as _;

use super::Section;
use super::html::{escape, table};
use super::plot::{FONT, Scale, nice_bounds, open, x_axis};
use crate::model::Rating;
use crate::output::AchAnalysis;

/// The sections: the hypotheses (the paragraph and the score bars), then the evidence matrix
/// and what would change the lead.
pub fn ach_sections(a: &AchAnalysis) -> [Section; 2] {
    let mut body = format!("<p>{}</p>\n", escape(&crate::analysis::ach::paragraph(a)));
    let _ = write!(
        body,
        "<div class=\"figure\">{}</div>\n<p class=\"note\">Scores: {}. Lower is better: \
         the hypothesis with the least evidence against it leads.</p>\n",
        scores_svg(a),
        escape(a.scoring.describe())
    );
    let mut matrix = matrix_html(a);
    matrix.push_str(&sensitivity_html(a));
    [
        Section {
            id: "hypotheses".into(),
            title: "Competing hypotheses".into(),
            body,
        },
        Section {
            id: "evidence-matrix".into(),
            title: "The evidence matrix".into(),
            body: matrix,
        },
    ]
}

/// One bar per hypothesis, least inconsistent first.
pub fn scores_svg(a: &AchAnalysis) -> String {
    let mut order: Vec<usize> = (0..a.hypotheses.len()).collect();
    order.sort_by_key(|&h| a.hypotheses[h].rank);
    let (label_w, plot_w, row) = (180.0, 460.0, 28.0);
    let top = 10.0;
    let height = top + row * order.len() as f64 + 40.0;
    let high = a
        .hypotheses
        .iter()
        .map(|h| h.score_quantiles.map_or(h.score, |q| q[2]).max(h.score))
        .fold(0.0, f64::max);
    let low = a
        .hypotheses
        .iter()
        .map(|h| h.score_quantiles.map_or(h.score, |q| q[0]).min(h.score))
        .fold(0.0, f64::min);
    let (d0, d1) = nice_bounds(low, high.max(1.0), 5);
    let x = Scale::new(d0, d1, label_w, label_w + plot_w);
    let mut svg = open(
        "ach-scores",
        label_w + plot_w + 90.0,
        height,
        "Score per hypothesis",
    );
    for (i, &h) in order.iter().enumerate() {
        let hyp = &a.hypotheses[h];
        let y = top + row * i as f64;
        let (x0, x1) = (x.at(0.0), x.at(hyp.score));
        let _ = write!(
            svg,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" font-size=\"{FONT}\">{}</text>\
             <rect class=\"bar\" x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" \
             fill=\"{}\"><title>{}</title></rect>",
            label_w - 6.0,
            y + row * 0.6,
            escape(&hyp.id),
            x0.min(x1),
            y + 5.0,
            (x1 - x0).abs(),
            row - 10.0,
            if hyp.rank == 1 { "#4e79a7" } else { "#a0b4cc" },
            escape(&hyp.statement)
        );
        if let Some([q05, _, q95]) = hyp.score_quantiles {
            let _ = write!(
                svg,
                "<line class=\"interval\" x1=\"{:.1}\" x2=\"{:.1}\" y1=\"{:.1}\" y2=\"{:.1}\" \
                 stroke=\"#1f2328\" stroke-width=\"1.5\"/>",
                x.at(q05),
                x.at(q95),
                y + row / 2.0,
                y + row / 2.0
            );
        }
        let lead = hyp
            .p_leading
            .map_or(String::new(), |p| format!(" · leads {:.0}%", 100.0 * p));
        let _ = write!(
            svg,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"{FONT}\">{:.2}{lead}</text>",
            x.at(hyp
                .score_quantiles
                .map_or(hyp.score, |q| q[2].max(hyp.score)))
                .max(x0)
                + 4.0,
            y + row * 0.6,
            hyp.score
        );
    }
    x_axis(
        &mut svg,
        &x,
        top + row * order.len() as f64,
        "inconsistency score",
    );
    svg.push_str("</svg>");
    svg
}

/// The matrix: items as rows, a coloured cell per hypothesis, the diagnosticity last.
pub fn matrix_html(a: &AchAnalysis) -> String {
    let mut headers = vec!["item", "type", "credibility", "relevance"];
    headers.extend(a.hypotheses.iter().map(|h| h.id.as_str()));
    headers.push("diagnosticity");
    let rows: Vec<Vec<String>> = a
        .items
        .iter()
        .map(|item| {
            let what = item.summary.clone().unwrap_or_else(|| item.id.clone());
            let quotes = item.quotes.join(" … ");
            let mut row = vec![
                format!(
                    "<span title=\"{}\">{}</span>",
                    escape(&quotes),
                    escape(&what)
                ),
                escape(item.kind.name()),
                escape(item.credibility.name()),
                escape(item.relevance.name()),
            ];
            row.extend(item.ratings.iter().map(|c| {
                let uncertain = if c.or.is_empty() {
                    String::new()
                } else {
                    let others: Vec<&str> = c.or.iter().map(|r| r.code()).collect();
                    format!("<span title=\"or {}\">?</span>", others.join(", "))
                };
                format!(
                    "<span class=\"rating {}\">{}{uncertain}</span>",
                    rating_class(c.rating),
                    c.rating.code()
                )
            }));
            row.push(if item.non_diagnostic {
                "<span class=\"tag\">non-diagnostic</span>".to_owned()
            } else {
                format!("{:.2}", item.diagnosticity)
            });
            row
        })
        .collect();
    let mut html = format!(
        "<div class=\"figure\">{}</div>",
        table(&headers, &rows).replacen("<table>", "<table class=\"ach\">", 1)
    );
    html.push_str(
        "<p class=\"note\">CC very consistent, C consistent, N neutral, I inconsistent, II very \
         inconsistent, NA not applicable; ? marks an uncertain rating (hover for the others). An \
         item's diagnosticity is the spread of what it adds to the hypotheses' scores: a \
         non-diagnostic item adds the same to every one and cannot change the ranking.</p>\n",
    );
    html
}

fn rating_class(r: Rating) -> &'static str {
    match r {
        Rating::VeryConsistent => "cc",
        Rating::Consistent => "c",
        Rating::Neutral => "n",
        Rating::Inconsistent => "i",
        Rating::VeryInconsistent => "ii",
        Rating::NotApplicable => "na",
    }
}

/// What would change the lead, as a list.
fn sensitivity_html(a: &AchAnalysis) -> String {
    let s = &a.sensitivity;
    let items = crate::analysis::ach::lead_changes(s);
    if items.is_empty() {
        return format!(
            "<p>No set of up to {} discredited items, and no rating moved one step, changes the \
             lead.</p>\n",
            s.searched_up_to
        );
    }
    let mut html = String::from("<h3>What would change the lead</h3>\n<ul>\n");
    for i in items {
        let _ = writeln!(html, "<li>{}</li>", escape(&i));
    }
    html.push_str("</ul>\n");
    html
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::ach::{AchRequest, analyse};

    #[test]
    fn the_built_in_models_matrix_is_coloured_coded_and_scored() {
        let loaded = crate::default_model().unwrap();
        let a = analyse(&loaded.model, &AchRequest::default());
        let [s, m] = ach_sections(&a);
        assert_eq!(
            (s.id.as_str(), m.id.as_str()),
            ("hypotheses", "evidence-matrix")
        );
        // One bar per hypothesis, and a row per item with a coded cell per hypothesis.
        assert_eq!(s.body.matches("class=\"bar\"").count(), a.hypotheses.len());
        let s = m;
        let cells = a.items.len() * a.hypotheses.len();
        assert_eq!(s.body.matches("<span class=\"rating ").count(), cells);
        assert!(
            s.body.contains("<span class=\"rating ii\">II"),
            "a very inconsistent cell"
        );
        let flat = a.items.iter().filter(|i| i.non_diagnostic).count();
        assert!(flat > 0);
        assert_eq!(s.body.matches(">non-diagnostic<").count(), flat);
    }
}
