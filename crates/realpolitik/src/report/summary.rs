//! The report's first page, for a principal: the answer, each option's verdict with its
//! analytic confidence and why, the judgments that decide it, what to watch and the basis, on
//! one printed page (the page's print styles break after it).

use super::answer::verdict_cell;
use super::html::{escape, table};
use crate::briefing::Briefing;

/// One page a principal can read alone, printed on a page of its own: the answer, each
/// option's verdict with its analytic confidence and why, the judgments that decide, what to
/// watch, and the basis.
pub(super) fn summary(b: &Briefing) -> String {
    let bl = &b.bottom_line;
    let mut h = String::from("<p class=\"bottom-line\">");
    if let Some(q) = &bl.question {
        h.push_str(&format!("<b>{}</b> ", escape(q.trim())));
    }
    h.push_str(&escape(&bl.answer));
    h.push_str("</p>\n");
    let rows: Vec<Vec<String>> = bl
        .options
        .iter()
        .zip(&b.confidence)
        .map(|(o, breakdown)| {
            vec![
                escape(&o.name),
                verdict_cell(o),
                format!(
                    "<span class=\"confidence {0}\">{0}</span>: {1}",
                    o.analytic.word(),
                    escape(&breakdown.analytic.reasons)
                ),
            ]
        })
        .collect();
    h.push_str(&table(
        &[
            "option",
            "against the status quo",
            "analytic confidence, because",
        ],
        &rows,
    ));
    let list = |items: &[String]| -> String {
        let li: Vec<String> = items
            .iter()
            .map(|i| format!("<li>{}</li>", escape(i)))
            .collect();
        format!("<ul>\n{}\n</ul>\n", li.join("\n"))
    };
    if !bl.rests_on.is_empty() {
        h.push_str("<h3>What decides it</h3>\n");
        h.push_str(&list(&bl.rests_on));
    }
    h.push_str("<h3>What to watch</h3>\n");
    if bl.watch.is_empty() {
        h.push_str(
            "<p class=\"note\">No signpost the model gives would move a verdict and tell the \
             readings apart.</p>\n",
        );
    } else {
        h.push_str(&list(&bl.watch));
    }
    h.push_str(&format!(
        "<p class=\"note\">{} A point is 1% of an outcome's range, averaged over the outcomes as \
         the model weighs them. The analytic confidence (ICD 203) rests on the sources of the \
         links that carry a verdict and is never above its robustness, which the next sections \
         break down.</p>\n",
        escape(&bl.basis)
    ));
    h
}
