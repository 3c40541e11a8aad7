//! The CIB section: the scenario tableau as ScenarioWizard users know it, the families of
//! scenarios, their robustness under perturbed judgments and the weights of their basins.
//!
//! ScenarioWizard (Weimer-Jehle) shows consistent scenarios as a tableau: one column per
//! scenario, one row per descriptor, the chosen variant in each cell, and the scores below.
//! Analysts compare columns by eye, so each variant keeps the same tint in every column and a
//! descriptor's row shows at a glance where the scenarios differ.

use std::fmt::Write as _;

use super::Section;
use super::html::{escape, table, thousands};
use super::plot::{self, FONT, Scale};
use crate::cib::basins::Basins;
use crate::cib::landscape::Family;
use crate::cib::succession::Attractor;
use crate::cib::uncertainty::{Perturbation, Robustness};
use crate::cib::{Matrix, Solution};
use crate::model::Desired;

/// Scenarios per block of the tableau: what fits the width of a printed page with variant
/// names of about twenty characters.
const COLUMNS_PER_BLOCK: usize = 6;
/// Scenarios shown in the tableau at most; the rest are counted, so a huge result set does not
/// swell the report.
const MAX_COLUMNS: usize = 60;
/// Bars shown at most in a bar chart.
const MAX_BARS: usize = 25;

/// Cell tints that mean something: an outcome's wanted end, its unwanted end, and what lies
/// between (or a descriptor with no wanted end). Position alone means nothing, so it gets no
/// colour of its own.
const WANTED: &str = "#d6f0d2";
const UNWANTED: &str = "#f6d5d8";
const NEUTRAL: &str = "#f6f8fa";
/// Members shown per family in its differences-only view.
const MAX_FAMILY_COLUMNS: usize = 12;

/// The families of scenarios and the Hamming distance that linked them.
#[derive(Clone, Copy, Debug)]
pub struct CibFamilies<'a> {
    /// Scenarios differing in at most this many descriptors are linked.
    pub threshold: usize,
    /// The families ([`crate::cib::landscape::families`] of the solutions).
    pub families: &'a [Family],
}

/// Robustness under perturbed judgments and how it was computed.
#[derive(Clone, Copy, Debug)]
pub struct CibRobustness<'a> {
    /// How the judgments were perturbed.
    pub perturbation: Perturbation,
    /// Number of perturbed matrices.
    pub draws: u64,
    /// Seed of the perturbations.
    pub seed: u64,
    /// [`crate::cib::uncertainty::robustness`]'s result.
    pub scenarios: &'a [Robustness],
}

/// What the CIB section shows: the scenarios found and, when they were computed, the optional
/// analyses (each is rendered only when present).
#[derive(Clone, Copy, Debug)]
pub struct CibResults<'a> {
    /// The cross-impact matrix.
    pub matrix: &'a Matrix,
    /// The scenarios found, in the order to show them (the search gives highest TIS first).
    pub solutions: &'a [Solution],
    /// The inconsistency accepted by the search (0: consistent scenarios only).
    pub max_inconsistency: i64,
    /// Descriptors fixed by an intervention (`fixed[j]`: the variant descriptor `j` is held
    /// at); empty when nothing was fixed.
    pub fixed: &'a [Option<usize>],
    /// Families of the solutions.
    pub families: Option<CibFamilies<'a>>,
    /// Robustness under perturbed judgments.
    pub robustness: Option<CibRobustness<'a>>,
    /// Basins of global succession.
    pub basins: Option<&'a Basins>,
    /// Per descriptor, the end its outcome wants (a model's outcomes); empty or `None` where
    /// no end is wanted.
    pub wanted: &'a [Option<Desired>],
}

impl<'a> CibResults<'a> {
    /// The results of a search for consistent scenarios, with no optional analysis yet.
    pub fn new(matrix: &'a Matrix, solutions: &'a [Solution]) -> Self {
        CibResults {
            matrix,
            solutions,
            max_inconsistency: 0,
            fixed: &[],
            families: None,
            robustness: None,
            basins: None,
            wanted: &[],
        }
    }

    /// A tableau cell: the variant's name, tinted by whether it is the wanted end of an
    /// outcome, the unwanted end, or neither; bold where it departs from the majority's `usual`.
    fn cell(&self, descriptor: usize, variant: usize, usual: Option<usize>) -> String {
        let d = &self.matrix.descriptors()[descriptor];
        let last = d.variants.len().saturating_sub(1);
        let (tint, meaning) = match self.wanted.get(descriptor).copied().flatten() {
            Some(wanted) if last > 0 => {
                let good = match wanted {
                    Desired::Low => variant == 0,
                    Desired::High => variant == last,
                };
                let bad = match wanted {
                    Desired::Low => variant == last,
                    Desired::High => variant == 0,
                };
                if good {
                    (WANTED, "the wanted end")
                } else if bad {
                    (UNWANTED, "the unwanted end")
                } else {
                    (NEUTRAL, "between the ends")
                }
            }
            _ => (NEUTRAL, "no wanted end"),
        };
        let name = escape(&d.variants[variant]);
        let name = if usual.is_some_and(|u| u != variant) {
            format!("<b>{name}</b>")
        } else {
            name
        };
        format!(
            "<td class=\"variant\" style=\"background:{tint}\" title=\"variant {} ({meaning})\">{name}</td>",
            variant + 1
        )
    }

    /// The scenario's number in the tableau (S1, S2, …), if it is one of the solutions.
    fn number(&self, variants: &[usize]) -> Option<usize> {
        self.solutions
            .iter()
            .position(|s| s.variants == variants)
            .map(|k| k + 1)
    }
}

/// The CIB section of a report.
pub fn section(r: &CibResults<'_>) -> Section {
    let m = r.matrix;
    let mut b = String::new();
    let space = m.scenario_count().map_or_else(
        || "more than 2^128".to_owned(),
        |c| thousands(&c.to_string()),
    );
    let what = if r.max_inconsistency == 0 {
        "consistent".to_owned()
    } else {
        format!("with inconsistency at most {}", r.max_inconsistency)
    };
    let _ = writeln!(
        b,
        "<p>{} descriptors span {space} scenarios; an exact search found {} {what}. \
         Descriptors are rows and scenarios columns, highest total impact score (TIS) first; \
         the consistency value is the smallest margin by which a chosen variant beats its rivals.</p>",
        m.descriptor_count(),
        r.solutions.len(),
    );
    let fixed: Vec<String> = r
        .fixed
        .iter()
        .enumerate()
        .filter_map(|(j, v)| {
            v.map(|v| {
                let d = &m.descriptors()[j];
                format!("{} = {}", escape(&d.name), escape(&d.variants[v]))
            })
        })
        .collect();
    if !fixed.is_empty() {
        let _ = writeln!(
            b,
            "<p>Held fixed: {}; the other descriptors adjust to it. Fixed rows are \
             marked in the tableau.</p>",
            fixed.join(", ")
        );
    }
    b.push_str("<h3>Scenario tableau</h3>\n");
    b.push_str(&legend());
    b.push_str(&super::html::appendix(
        &format!(
            "Every consistent scenario, state by state ({} shown)",
            r.solutions.len().min(MAX_COLUMNS)
        ),
        &tableau(r),
    ));
    if let Some(f) = &r.families {
        b.push_str(&families(r, f));
    }
    if let Some(x) = &r.robustness {
        b.push_str(&robustness(r, x));
    }
    if let Some(basins) = r.basins {
        b.push_str(&basins_html(r, basins));
    }
    Section {
        id: "cib".into(),
        title: "Consistent scenarios (cross-impact balance)".into(),
        body: b,
    }
}

/// The tableau, in blocks of [`COLUMNS_PER_BLOCK`] scenarios.
fn tableau(r: &CibResults<'_>) -> String {
    let m = r.matrix;
    if r.solutions.is_empty() {
        return "<p>No scenario meets the consistency condition.</p>\n".into();
    }
    let family_of = |k: usize| {
        r.families.and_then(|f| {
            f.families
                .iter()
                .position(|fam| fam.members.contains(&k))
                .map(|i| format!("F{}", i + 1))
        })
    };
    let shown = &r.solutions[..r.solutions.len().min(MAX_COLUMNS)];
    let mut t = String::new();
    for (block, chunk) in shown.chunks(COLUMNS_PER_BLOCK).enumerate() {
        let first = block * COLUMNS_PER_BLOCK;
        t.push_str(
            "<div class=\"figure\">\n<table class=\"tableau\">\n<thead><tr><th>descriptor</th>",
        );
        for k in first..first + chunk.len() {
            let _ = write!(t, "<th>S{}</th>", k + 1);
        }
        t.push_str("</tr></thead>\n<tbody>\n");
        let row = |t: &mut String, label: &str, cells: Vec<String>| {
            let _ = write!(t, "<tr><th>{label}</th>");
            for c in cells {
                t.push_str(&c);
            }
            t.push_str("</tr>\n");
        };
        if r.families.is_some() {
            let cells = (first..first + chunk.len())
                .map(|k| format!("<td>{}</td>", family_of(k).unwrap_or_default()))
                .collect();
            row(&mut t, "family", cells);
        }
        for (j, d) in m.descriptors().iter().enumerate() {
            let usual = majority(r.solutions.iter().map(|s| s.variants[j]));
            let cells = chunk
                .iter()
                .map(|s| r.cell(j, s.variants[j], usual))
                .collect();
            let label = if r.fixed.get(j).copied().flatten().is_some() {
                format!("{} <span class=\"tag\">fixed</span>", escape(&d.name))
            } else {
                escape(&d.name)
            };
            row(&mut t, &label, cells);
        }
        let numbers = |f: &dyn Fn(usize, &Solution) -> String| {
            chunk
                .iter()
                .enumerate()
                .map(|(i, s)| format!("<td class=\"num\">{}</td>", f(first + i, s)))
                .collect::<Vec<_>>()
        };
        row(&mut t, "TIS", numbers(&|_, s| s.scores.tis.to_string()));
        row(
            &mut t,
            "consistency value",
            numbers(&|_, s| s.scores.consistency.to_string()),
        );
        if r.max_inconsistency > 0 {
            row(
                &mut t,
                "inconsistency",
                numbers(&|_, s| s.scores.inconsistency.to_string()),
            );
        }
        if let Some(x) = &r.robustness {
            row(
                &mut t,
                "robustness",
                numbers(&|_, s| {
                    let share = x
                        .scenarios
                        .iter()
                        .find(|y| y.variants == s.variants)
                        .map_or(0.0, |y| y.share);
                    format!("{:.0} %", 100.0 * share)
                }),
            );
        }
        if let Some(basins) = r.basins {
            row(
                &mut t,
                "basin weight",
                numbers(&|_, s| percent(basins.weight_of(&s.variants), basins.starts)),
            );
        }
        t.push_str("</tbody>\n</table>\n</div>\n");
    }
    if shown.len() < r.solutions.len() {
        let _ = writeln!(
            t,
            "<p class=\"note\">The {} scenarios with the lowest TIS are left out of the tableau; \
             the command's CSV or JSON output lists them all.</p>",
            r.solutions.len() - shown.len()
        );
    }
    t
}

/// `part` of `whole` as a percentage with one decimal.
fn percent(part: u128, whole: u128) -> String {
    if whole == 0 {
        return "–".into();
    }
    format!("{:.1} %", 100.0 * part as f64 / whole as f64)
}

/// The variant more than half of the values share, if one does.
fn majority(values: impl Iterator<Item = usize>) -> Option<usize> {
    let mut counts: Vec<usize> = Vec::new();
    let mut total = 0;
    for v in values {
        if counts.len() <= v {
            counts.resize(v + 1, 0);
        }
        counts[v] += 1;
        total += 1;
    }
    counts.iter().position(|&c| 2 * c > total)
}

/// The tableau's legend: what the tints and the bold mean.
fn legend() -> String {
    format!(
        "<p class=\"note\"><span class=\"tag\" style=\"background:{WANTED}\">wanted end</span> \
         <span class=\"tag\" style=\"background:{UNWANTED}\">unwanted end</span> of an outcome \
         (as the model's <code>desired</code> says); \
         <span class=\"tag\" style=\"background:{NEUTRAL}\">neither</span>, or a descriptor \
         with no wanted end. <b>Bold</b>: a state other than the one most scenarios share (where more than half do).</p>\n"
    )
}

/// One family's members side by side, showing only the descriptors on which they differ.
fn family_differences(r: &CibResults<'_>, number: usize, fam: &Family) -> String {
    let m = r.matrix;
    let varying: Vec<usize> = (0..m.descriptor_count())
        .filter(|&d| fam.core.get(d).copied().flatten().is_none())
        .collect();
    if varying.is_empty() || fam.members.len() < 2 {
        return String::new();
    }
    let shown = &fam.members[..fam.members.len().min(MAX_FAMILY_COLUMNS)];
    let mut t = format!(
        "<p>F{number}: the {} of {} descriptors on which its {} members differ{}.</p>\n\
         <div class=\"figure\"><table class=\"tableau\">\n<thead><tr><th>descriptor</th>",
        varying.len(),
        m.descriptor_count(),
        fam.members.len(),
        if shown.len() < fam.members.len() {
            format!(" (the first {} shown)", shown.len())
        } else {
            String::new()
        }
    );
    for k in shown {
        let _ = write!(t, "<th>S{}</th>", k + 1);
    }
    t.push_str("</tr></thead>\n<tbody>\n");
    for &d in &varying {
        let usual = majority(fam.members.iter().map(|&k| r.solutions[k].variants[d]));
        let _ = write!(t, "<tr><th>{}</th>", escape(&m.descriptors()[d].name));
        for &k in shown {
            t.push_str(&r.cell(d, r.solutions[k].variants[d], usual));
        }
        t.push_str("</tr>\n");
    }
    t.push_str("</tbody>\n</table></div>\n");
    t
}

/// The families: who belongs, which member represents them, and what they share.
fn families(r: &CibResults<'_>, f: &CibFamilies<'_>) -> String {
    let m = r.matrix;
    let mut b = String::new();
    let _ = writeln!(
        b,
        "<h3>Families of scenarios</h3>\n<p>Scenarios that differ in at most {} descriptor(s) are \
         linked; a family is a connected group. Its representative is the member closest to the \
         others; what every member shares is its core.</p>",
        f.threshold
    );
    let rows: Vec<Vec<String>> = f
        .families
        .iter()
        .enumerate()
        .map(|(i, fam)| {
            let members: Vec<String> = fam.members.iter().map(|k| format!("S{}", k + 1)).collect();
            let core: Vec<String> = fam
                .shared(m)
                .into_iter()
                .map(|(d, v)| format!("{}: {}", escape(d), escape(v)))
                .collect();
            vec![
                format!("F{}", i + 1),
                members.join(" "),
                format!("S{}", fam.representative + 1),
                fam.diameter.to_string(),
                if core.is_empty() {
                    "nothing".into()
                } else {
                    format!(
                        "<details><summary>{} descriptor(s)</summary>{}</details>",
                        core.len(),
                        core.join("<br>")
                    )
                },
            ]
        })
        .collect();
    b.push_str(&table(
        &[
            "family",
            "members",
            "representative",
            "diameter",
            "shared by all",
        ],
        &rows,
    ));
    for (i, fam) in f.families.iter().enumerate() {
        b.push_str(&family_differences(r, i + 1, fam));
    }
    b
}

/// One bar of a share chart: its label, its share (0–1) and whether it is highlighted.
struct ShareBar {
    label: String,
    share: f64,
    strong: bool,
}

/// A horizontal bar chart of shares (0–100 %), one labelled bar per row.
fn share_chart(
    class: &str,
    title: &str,
    bars: &[ShareBar],
    caption: &str,
    legend: [&str; 2],
) -> String {
    let (left, right, top, row) = (120.0, 40.0, 34.0, 22.0);
    let width = 760.0;
    let height = top + row * bars.len() as f64 + 62.0;
    let x = Scale::new(0.0, 100.0, left, width - right);
    let mut svg = plot::open(class, width, height, title);
    let _ = writeln!(
        svg,
        r#"<text x="{left}" y="18" font-weight="bold" font-size="{}">{}</text>"#,
        FONT + 1.0,
        escape(title)
    );
    for (i, bar) in bars.iter().enumerate() {
        let y = top + row * i as f64;
        let colour = if bar.strong {
            plot::PALETTE[0]
        } else {
            "#b6c6d8"
        };
        let w = (x.at(100.0 * bar.share) - left).max(0.0);
        let _ = writeln!(
            svg,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="end">{}</text><rect class="bar" x="{left:.1}" y="{:.1}" width="{w:.1}" height="{:.1}" fill="{colour}"><title>{}: {:.1} %</title></rect><text x="{:.1}" y="{:.1}">{:.1} %</text>"#,
            left - 8.0,
            y + row / 2.0 + FONT / 3.0,
            escape(&bar.label),
            y + 3.0,
            row - 6.0,
            escape(&bar.label),
            100.0 * bar.share,
            left + w + 4.0,
            y + row / 2.0 + FONT / 3.0,
            100.0 * bar.share
        );
    }
    let axis_y = top + row * bars.len() as f64 + 4.0;
    plot::x_axis(&mut svg, &x, axis_y, caption);
    let ly = 18.0;
    for (k, (text, colour)) in legend.iter().zip([plot::PALETTE[0], "#b6c6d8"]).enumerate() {
        if text.is_empty() {
            continue;
        }
        let lx = width - right - 300.0 + 160.0 * k as f64;
        let _ = writeln!(
            svg,
            r#"<rect x="{lx:.1}" y="{:.1}" width="12" height="12" fill="{colour}"/><text x="{:.1}" y="{ly:.1}">{}</text>"#,
            ly - 10.0,
            lx + 16.0,
            escape(text)
        );
    }
    svg.push_str("</svg>\n");
    svg
}

/// Robustness: how often each scenario stays acceptable when the judgments are perturbed.
fn robustness(r: &CibResults<'_>, x: &CibRobustness<'_>) -> String {
    let m = r.matrix;
    let how = match x.perturbation {
        Perturbation::PlusMinus(w) => format!("every judgment moved uniformly within ±{w}"),
        Perturbation::Intervals => "every judgment drawn within its interval".into(),
    };
    let mut b = String::new();
    let _ = writeln!(
        b,
        "<h3>Robustness</h3>\n<p>Share of {} perturbed matrices ({how}, seed {}) in which each \
         scenario is still acceptable. Scenarios that appear only under perturbation are \
         numbered P1, P2, … and listed below the chart.</p>",
        x.draws, x.seed
    );
    let mut extra = Vec::new();
    let bars: Vec<ShareBar> = x
        .scenarios
        .iter()
        .take(MAX_BARS)
        .map(|y| {
            let label = match r.number(&y.variants) {
                Some(k) => format!("S{k}"),
                None => {
                    extra.push(y);
                    format!("P{}", extra.len())
                }
            };
            ShareBar {
                label,
                share: y.share,
                strong: y.nominal,
            }
        })
        .collect();
    if bars.is_empty() {
        b.push_str("<p>No scenario is acceptable in any draw.</p>\n");
        return b;
    }
    b.push_str("<div class=\"figure\">\n");
    b.push_str(&share_chart(
        "cib-robustness",
        "Robustness under perturbed judgments",
        &bars,
        "share of draws in which the scenario is acceptable (%)",
        ["acceptable as judged", "only under perturbation"],
    ));
    b.push_str("</div>\n");
    if x.scenarios.len() > MAX_BARS {
        let _ = writeln!(
            b,
            "<p class=\"note\">{} less robust scenarios are left out of the chart.</p>",
            x.scenarios.len() - MAX_BARS
        );
    }
    if !extra.is_empty() {
        let rows: Vec<Vec<String>> = extra
            .iter()
            .enumerate()
            .map(|(i, y)| {
                vec![
                    format!("P{}", i + 1),
                    escape(&m.label(&y.variants)),
                    format!("{:.1} %", 100.0 * y.share),
                ]
            })
            .collect();
        b.push_str(&table(&["", "scenario", "robustness"], &rows));
    }
    b
}

/// Basin weights: the share of all start scenarios whose global succession ends in each
/// attractor.
fn basins_html(r: &CibResults<'_>, basins: &Basins) -> String {
    let m = r.matrix;
    let mut b = String::new();
    let _ = writeln!(
        b,
        "<h3>Basin weights</h3>\n<p>Every one of the {} start scenarios was followed by global \
         succession to where it ends: a consistent scenario or a cycle. A scenario with a large \
         basin is where the system tends to go from many starting points. {} of the starts \
         ({}) end in cycles.</p>",
        basins.starts,
        basins.in_cycles(),
        percent(basins.in_cycles(), basins.starts)
    );
    let mut others = Vec::new();
    let bars: Vec<ShareBar> = basins
        .basins
        .iter()
        .take(MAX_BARS)
        .map(|basin| {
            let share = if basins.starts == 0 {
                0.0
            } else {
                basin.weight as f64 / basins.starts as f64
            };
            let label = match &basin.attractor {
                Attractor::Fixed { scenario } => match r.number(scenario) {
                    Some(k) => format!("S{k}"),
                    None => {
                        others.push(m.label(scenario));
                        format!("A{}", others.len())
                    }
                },
                Attractor::Cycle { states } => {
                    others.push(
                        states
                            .iter()
                            .map(|z| m.label(z))
                            .collect::<Vec<_>>()
                            .join(" → "),
                    );
                    format!("A{} (cycle {})", others.len(), states.len())
                }
            };
            ShareBar {
                label,
                share,
                strong: basin.attractor.period() == 1,
            }
        })
        .collect();
    if bars.is_empty() {
        return b;
    }
    b.push_str("<div class=\"figure\">\n");
    b.push_str(&share_chart(
        "cib-basins",
        "Basin weights under global succession",
        &bars,
        "share of start scenarios that end here (%)",
        ["consistent scenario", "cycle"],
    ));
    b.push_str("</div>\n");
    if !others.is_empty() {
        let rows: Vec<Vec<String>> = others
            .iter()
            .enumerate()
            .map(|(i, text)| vec![format!("A{}", i + 1), escape(text)])
            .collect();
        b.push_str(&table(&["attractor", "scenario(s)"], &rows));
    }
    b
}

#[cfg(test)]
#[path = "cib_tests.rs"]
mod tests;
