//! The sections a report on a briefing leads with: the bottom line with the confidence at a
//! glance, the confidence broken down by what it varies, what would have to be true for each
//! verdict to flip, and the key assumptions with their signposts. They render the library's
//! [`Briefing`] as the command line does, so text and report say the same.

use std::fmt::Write as _;

use super::Section;
use super::html::{escape, table};
use crate::briefing::assumptions::Moves;
use crate::briefing::bottom_line::OptionLine;
use crate::briefing::confidence::{Breakdown, Line, Varies};
use crate::briefing::counterfactual::MAX_CHANGES;
use crate::briefing::premises::Support;
use crate::briefing::{Briefing, Confidence, Passage, net_points};
use crate::model::{Grade, Judged, Model};

/// The columns of the confidence at a glance, in the order the breakdown computes them.
const VARIES: [Varies; 8] = [
    Varies::Judgments,
    Varies::SharedError,
    Varies::CounterModels,
    Varies::Structure,
    Varies::Baseline,
    Varies::Settings,
    Varies::Scenarios,
    Varies::Values,
];

/// Runs that depart, listed per line of the breakdown.
const SHOWN_DEPARTURES: usize = 3;

/// The leading sections; none when the briefing has no verdict (the bottom line then says why).
pub fn answer_sections(model: &Model, b: &Briefing) -> Vec<Section> {
    let mut sections = vec![Section {
        id: "bottom-line".into(),
        title: "Bottom line".into(),
        body: bottom_line(b),
    }];
    if b.verdicts.is_empty() {
        return sections;
    }
    sections.insert(
        0,
        Section {
            id: "summary".into(),
            title: "Summary for the principal".into(),
            body: super::summary::summary(b),
        },
    );
    sections.push(Section {
        id: "confidence".into(),
        title: "Verdict and confidence, by what it varies".into(),
        body: confidence(model, b),
    });
    if !b.counterfactuals.is_empty() {
        sections.push(Section {
            id: "what-would-have-to-be-true".into(),
            title: "What would have to be true for a verdict to flip".into(),
            body: counterfactuals(model, b),
        });
    }
    if !b.assumptions.is_empty() {
        sections.push(Section {
            id: "assumptions".into(),
            title: "Key assumptions and signposts".into(),
            body: assumptions(model, b),
        });
    }
    sections
}

fn verdict_class(j: Judged) -> &'static str {
    match j {
        Judged::Better => "better",
        Judged::Worse => "worse",
    }
}

/// One row per option (its verdict, how many runs of each kind agree, and the overall
/// confidence, the lowest of the lines'), then the bottom line's paragraph: the table comes
/// first so that the answer stays on the first screen however many options there are.
fn bottom_line(b: &Briefing) -> String {
    let paragraph = format!(
        "<p class=\"bottom-line\">{}</p>\n",
        escape(&b.bottom_line.text)
    );
    if b.verdicts.is_empty() {
        return paragraph;
    }
    let mut h = String::new();
    let mut headers = vec!["option", "verdict (net score)"];
    headers.extend(VARIES.iter().map(|v| v.label()));
    headers.push("robustness");
    headers.push("analytic confidence");
    let rows: Vec<Vec<String>> = b
        .bottom_line
        .options
        .iter()
        .zip(&b.confidence)
        .map(|(o, breakdown)| {
            let mut row = vec![escape(&o.name), verdict_cell(o)];
            row.extend(VARIES.iter().map(|v| agreement_cell(breakdown, *v)));
            row.push(format!(
                "<span class=\"confidence {0}\">{0}</span>",
                o.robustness.word()
            ));
            row.push(format!(
                "<span class=\"confidence {0}\" title=\"{1}\">{0}</span>",
                o.analytic.word(),
                escape(&breakdown.analytic.reasons)
            ));
            row
        })
        .collect();
    h.push_str("<div class=\"glance\">\n");
    h.push_str(&table(&headers, &rows));
    h.push_str(
        "</div>\n<p class=\"note\">Each column counts the runs that agree with the verdict when \
         one thing is varied: the judgments' weights within their stated uncertainty, the links \
         that share a source, a passage or a claim moved together, the model's counter-models, \
         its structure, the status quo it is compared with, the FCM engine's settings, the other \
         engine (the \
         cross-impact scenarios with the option imposed against those with the status quo), and \
         the weighting of the outcomes. The robustness of the encoding is the lowest of the columns': high where at \
         least 95% of every column's runs agree, moderate where at least 80% do, low otherwise. \
         The analytic confidence (as ICD 203 asks it stated) rests on the basis: how many \
         authors the links that carry the verdict quote, how many of them are assumptions or \
         estimates, and whether a counter-model contests them; it is never above the \
         robustness.</p>\n",
    );
    h.push_str(&paragraph);
    h
}

/// An option's verdict and median net score, e.g. "worse (−0.3 points)".
pub(super) fn verdict_cell(o: &OptionLine) -> String {
    format!(
        "<span class=\"verdict {}\">{}</span> ({} points)",
        verdict_class(o.judged),
        o.judged.word(),
        escape(&net_points(o.net))
    )
}

fn agreement_cell(breakdown: &Breakdown, varies: Varies) -> String {
    let Some(line) = breakdown.lines.iter().find(|l| l.varies == varies) else {
        return "—".into();
    };
    if line.runs == 0 {
        return "<span class=\"agree none\" title=\"nothing to vary\">—</span>".into();
    }
    format!(
        "<span class=\"agree {}\" title=\"{}\">{} of {}</span>",
        share_class(line),
        escape(&line.what),
        line.agree,
        line.runs
    )
}

fn share_class(line: &Line) -> &'static str {
    match Confidence::of(line.share) {
        Confidence::High => "high",
        Confidence::Moderate => "moderate",
        Confidence::Low => "low",
    }
}

/// Per option: each line of the breakdown with what it varies and the runs that depart, the
/// counter-models' verdicts, the triggers', and the comparison with the source.
fn confidence(model: &Model, b: &Briefing) -> String {
    let mut h = String::new();
    for (v, breakdown) in b.verdicts.iter().zip(&b.confidence) {
        let _ = writeln!(
            h,
            "<h3>{}: <span class=\"verdict {}\">{}</span> than the status quo</h3>\n<p>Net score \
             {} points (90% interval {} to {}); robustness of the encoding <b>{}</b>. {} {} Better \
             on {} and worse on {} of the outcomes it is judged by.</p>",
            escape(&v.name),
            verdict_class(v.judged),
            v.judged.word(),
            net_points(v.net.median),
            net_points(v.net.q05),
            net_points(v.net.q95),
            breakdown.robustness.word(),
            escape(&breakdown.analytic.sentence()),
            escape(&v.band_sentence()),
            v.outcomes_better,
            v.outcomes_worse
        );
        if let Some(c) = b.carriers.iter().find(|c| c.option == v.option) {
            h.push_str(&super::carriers::carriers(model, c));
        }
        let rows: Vec<Vec<String>> = breakdown
            .lines
            .iter()
            .map(|l| {
                let mut departs: Vec<String> = l
                    .departures
                    .iter()
                    .take(SHOWN_DEPARTURES)
                    .map(|d| format!("{} (net {})", escape(&d.variant), net_points(d.net)))
                    .collect();
                let unshown = (l.runs - l.agree).saturating_sub(departs.len());
                if unshown > 0 {
                    departs.push(format!("… and {unshown} more"));
                }
                if !l.not_contesting.is_empty() {
                    departs.push(format!(
                        "does not contest the verdict (changes none of the links that carry \
                         it; not counted): {}",
                        escape(&l.not_contesting.join("; "))
                    ));
                }
                if !l.rests_on.is_empty() {
                    departs.push(format!(
                        "rests on each of these alone (without it nothing reaches the outcomes; \
                         not counted): {}",
                        escape(&l.rests_on.join("; "))
                    ));
                }
                vec![
                    escape(l.varies.label()),
                    if l.runs == 0 {
                        "nothing to vary".into()
                    } else {
                        format!(
                            "<span class=\"agree {}\">{} of {}</span>",
                            share_class(l),
                            l.agree,
                            l.runs
                        )
                    },
                    format!(
                        "{} … {}",
                        net_points(l.net_range.0),
                        net_points(l.net_range.1)
                    ),
                    escape(&l.what),
                    departs.join("<br>"),
                ]
            })
            .collect();
        h.push_str(&table(
            &[
                "varies",
                "agree",
                "net score",
                "what it varies",
                "runs that depart",
            ],
            &rows,
        ));
        let mut also: Vec<String> = b
            .alternatives
            .iter()
            .filter(|a| a.option == v.option)
            .map(|a| {
                format!(
                    "In the counter-model “{}”: {} (net {}, 90% interval {} to {}).",
                    escape(&a.name),
                    a.judged.word(),
                    net_points(a.net.median),
                    net_points(a.net.q05),
                    net_points(a.net.q95)
                )
            })
            .collect();
        also.extend(v.under_triggers.iter().map(|(trigger, j, p)| {
            format!(
                "If {}: {} ({:.0}% of draws).",
                escape(&crate::briefing::as_clause(model.scenario_name(trigger))),
                j.word(),
                100.0 * p
            )
        }));
        if !also.is_empty() {
            let _ = writeln!(h, "<ul><li>{}</li></ul>", also.join("</li><li>"));
        }
        if let Some(svg) = weight_space(model, b, &v.option) {
            let _ = writeln!(
                h,
                "<div class=\"figure\">{svg}</div><p class=\"note\">Every weighting of the \
                 outcomes, exactly: green where the option is better than the status quo, red \
                 where it is worse (the net score is linear in the weights); dots mark the \
                 model's weighting (1) and each stakeholder's.</p>"
            );
        }
        if let Some(agrees) = v.agrees_with_source() {
            let _ = writeln!(
                h,
                "<p class=\"note\">The source judges it {}: the encoding {} it. This checks the \
                 encoding's consistency with its own source; it is not corroboration.</p>{}",
                v.source_verdict.unwrap_or(v.judged).word(),
                if agrees {
                    "reproduces"
                } else {
                    "<b>departs from</b>"
                },
                quotes(&v.passages, 1)
            );
        }
    }
    h
}

/// The simplex picture of where the option's verdict flips, for an option judged on two or
/// three outcomes (none otherwise).
fn weight_space(model: &Model, b: &Briefing, option: &str) -> Option<String> {
    let effects = b
        .effects
        .iter()
        .find(|e| e.option == option && e.trigger.is_none())?;
    let judged: Vec<(usize, f64)> = effects
        .outcomes
        .iter()
        .filter_map(|o| {
            let f = model.factor_index(&o.factor)?;
            let sign = o.desired?.sign();
            (model.factors[f].weight > 0.0).then_some((f, sign * o.effect.median))
        })
        .collect();
    if !(2..=3).contains(&judged.len()) {
        return None;
    }
    let labels: Vec<String> = judged
        .iter()
        .map(|&(f, _)| model.factors[f].label.clone())
        .collect();
    let a: Vec<f64> = judged.iter().map(|&(_, a)| a).collect();
    let mut marked = vec![super::simplex::Marked {
        name: "the model's weights",
        weights: judged
            .iter()
            .map(|&(f, _)| model.factors[f].weight)
            .collect(),
    }];
    marked.extend(model.stakeholders.iter().map(|st| {
        super::simplex::Marked {
            name: &st.name,
            weights: judged
                .iter()
                .map(|&(f, _)| {
                    st.weights
                        .iter()
                        .find(|(g, _)| *g == f)
                        .map_or(0.0, |w| w.1)
                })
                .collect(),
        }
    }));
    super::simplex::simplex_svg(
        "Where the verdict flips in weight space",
        &labels,
        &a,
        &marked,
    )
}

/// The passages as block quotes, each quote once, at most `at_most` of them.
pub(super) fn quotes(passages: &[Passage], at_most: usize) -> String {
    let mut seen: Vec<&str> = Vec::new();
    let mut h = String::new();
    for p in passages {
        if seen.len() == at_most {
            break;
        }
        if seen.contains(&p.quote.as_str()) {
            continue;
        }
        seen.push(&p.quote);
        let _ = write!(
            h,
            "<blockquote>“{}” — {}</blockquote>",
            escape(&p.quote),
            escape(&p.source)
        );
    }
    h
}

/// Per option: the smallest plausible set of changes that flips it, each with the passages it
/// goes against, or the closest set when none does; then the single changes that come closest.
fn counterfactuals(model: &Model, b: &Briefing) -> String {
    let mut h = String::new();
    for c in &b.counterfactuals {
        let name = escape(model.scenario_name(&c.option));
        if c.flips {
            let _ = writeln!(
                h,
                "<h3>{name}</h3>\n<p>It would be <span class=\"verdict {}\">{}</span> than the \
                 status quo (net {} instead of {}) if all of these held:</p>",
                verdict_class(c.verdict.opposite()),
                c.verdict.opposite().word(),
                net_points(c.net_after),
                net_points(c.nominal_net)
            );
        } else {
            let _ = writeln!(
                h,
                "<h3>{name}</h3>\n<p>Nothing plausible flips it ({} candidate changes, sets of up \
                 to {MAX_CHANGES}); the closest set leaves the net score at {} (from {}):</p>",
                c.candidates,
                net_points(c.net_after),
                net_points(c.nominal_net)
            );
        }
        h.push_str("<ol class=\"changes\">\n");
        for change in &c.changes {
            let against = if change.contradicts.is_empty() {
                String::new()
            } else {
                format!(
                    "<div class=\"note\">against:</div>{}",
                    quotes(&change.contradicts, 2)
                )
            };
            let _ = writeln!(h, "<li>{}{against}</li>", escape(&change.words));
        }
        h.push_str("</ol>\n");
        if !c.nearest.is_empty() {
            let rows: Vec<Vec<String>> = c
                .nearest
                .iter()
                .map(|n| {
                    vec![
                        format!("<span class=\"num\">{}</span>", net_points(n.net)),
                        escape(&n.change.words),
                    ]
                })
                .collect();
            h.push_str("<p>The single changes that come closest:</p>\n");
            h.push_str(&table(&["net score after", "change"], &rows));
        }
    }
    if !b.unoffered.is_empty() {
        let rows: Vec<Vec<String>> = b
            .unoffered
            .iter()
            .map(|u| {
                vec![
                    format!("<span class=\"num\">{}</span>", net_points(u.net)),
                    escape(&u.words),
                ]
            })
            .collect();
        h.push_str(
            "<h3>Options the model does not offer</h3>\n<p>Every other combination of the \
             settings its options give the levers, judged against the status quo, best \
             first:</p>\n",
        );
        h.push_str(&table(&["net score", "the levers set at"], &rows));
    }
    h
}

/// Per option: the judgments that carry its verdict, each with its grade (flagged where an
/// estimate or an assumption carries it), then the signposts to watch.
fn assumptions(model: &Model, b: &Briefing) -> String {
    let mut h = String::new();
    for a in &b.assumptions {
        let _ = writeln!(h, "<h3>{}</h3>", escape(model.scenario_name(&a.option)));
        if !a.premises.is_empty() {
            let rows: Vec<Vec<String>> = a
                .premises
                .iter()
                .map(|p| {
                    vec![
                        escape(&p.premise),
                        format!(
                            "<span class=\"confidence {}\">{}</span>: {}",
                            match p.rating {
                                Support::Supported => "high",
                                Support::WithCaveats => "moderate",
                                Support::Unsupported => "low",
                            },
                            p.rating.words(),
                            escape(&p.because)
                        ),
                        escape(&p.fails_if),
                    ]
                })
                .collect();
            h.push_str(&table(
                &["the argument rests on", "rated", "what would make it fail"],
                &rows,
            ));
        }
        let rows: Vec<Vec<String>> = a
            .key
            .iter()
            .map(|k| {
                let grade = match (k.grade, k.support) {
                    (Grade::Quoted | Grade::Estimate, Some(s)) => {
                        format!("{}, {}", k.grade.name(), s.description())
                    }
                    _ => k.grade.name().to_owned(),
                };
                let flag = k.flag.as_ref().map_or_else(String::new, |f| {
                    format!("<div class=\"flag\">{}</div>", escape(f))
                });
                vec![
                    format!("{}{}", escape(&k.words), quotes(&k.passages, 1)),
                    escape(
                        &k.term
                            .clone()
                            .unwrap_or_else(|| format!("{:+.2}", k.weight)),
                    ),
                    format!(
                        "{} … {}{}",
                        net_points(k.net_range.0),
                        net_points(k.net_range.1),
                        if k.in_flip_set {
                            "<br>in the flip set"
                        } else {
                            ""
                        }
                    ),
                    format!(
                        "<span class=\"tag grade-{}\">{}</span>{flag}",
                        k.grade.name(),
                        escape(&grade)
                    ),
                ]
            })
            .collect();
        h.push_str(&table(
            &["judgment", "weight", "net score over its range", "evidence"],
            &rows,
        ));
        if let Some(w) = &a.weighting {
            let _ = writeln!(
                h,
                "<p>Weighting of the outcomes: {} <span class=\"tag grade-assumption\">assumption</span></p>",
                escape(w)
            );
        }
    }
    h.push_str(&signposts(model, b));
    h
}

/// One table of every signpost, with what seeing it would do to each option's verdict; those
/// that move no verdict are listed apart, collapsed.
fn signposts(model: &Model, b: &Briefing) -> String {
    // (watch, what it bears on and which way) → per option, what it does.
    let mut rows: Vec<(String, String, Vec<String>)> = Vec::new();
    let mut moving: Vec<bool> = Vec::new();
    for (o, a) in b.assumptions.iter().enumerate() {
        for s in &a.signposts {
            let means = format!("{} {}", s.bears_on, s.means.word());
            let watch = match s.terms() {
                Some(terms) => format!("{} ({terms})", s.watch),
                None => s.watch.clone(),
            };
            let k = match rows.iter().position(|r| r.0 == watch && r.1 == means) {
                Some(k) => k,
                None => {
                    rows.push((watch, means, vec![String::new(); b.assumptions.len()]));
                    moving.push(false);
                    rows.len() - 1
                }
            };
            moving[k] |= s.moves != Moves::Nothing;
            let moves = if s.moves == Moves::Flips {
                "<b>flips the verdict</b>".to_owned()
            } else {
                s.moves.words().to_owned()
            };
            rows[k].2[o] = format!(
                "{moves}{}{}",
                s.net_if_seen
                    .map_or_else(String::new, |n| format!(" (net {})", net_points(n))),
                if s.diagnostic {
                    ""
                } else {
                    " <span class=\"tag\">not diagnostic</span>"
                }
            );
        }
    }
    if rows.is_empty() {
        return "<p class=\"note\">No signposts: the model gives no indicators for its key \
                judgments (add <code>indicators = [{ watch = \"…\", means = \"stronger\" }]</code> \
                to them).</p>\n"
            .into();
    }
    let mut headers = vec!["watch for".to_owned(), "it means".to_owned()];
    headers.extend(
        b.assumptions
            .iter()
            .map(|a| format!("for {}", model.scenario_name(&a.option))),
    );
    let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
    let cells = |keep: bool| -> Vec<Vec<String>> {
        rows.iter()
            .zip(&moving)
            .filter(|(_, m)| **m == keep)
            .map(|((watch, means, per), _)| {
                let mut row = vec![escape(watch), escape(means)];
                row.extend(per.iter().cloned());
                row
            })
            .collect()
    };
    let mut h = String::from("<h3>Signposts: what to watch, and what seeing it would do</h3>\n");
    h.push_str(&table(&headers, &cells(true)));
    let still = cells(false);
    if !still.is_empty() {
        h.push_str(&super::html::appendix(
            &format!("{} more that would move no verdict", still.len()),
            &table(&headers, &still),
        ));
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::briefing::bottom_line::WATCH as WATCH_SHOWN;
    use crate::briefing::{Settings, brief};
    use crate::progress::NoProgress;

    #[test]
    fn the_default_models_answer_leads_with_the_verdict_and_its_confidence() {
        let (model, b) = crate::report::default_briefing();
        let sections = answer_sections(&model, &b);
        let ids: Vec<&str> = sections.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "summary",
                "bottom-line",
                "confidence",
                "what-would-have-to-be-true",
                "assumptions"
            ]
        );
        // The principal's page: the question and the answer, one row per option with its
        // analytic confidence and why, what decides it, what to watch, the basis.
        let summary = &sections[0].body;
        assert!(summary.contains("Should the U.S.-led coalition"));
        assert!(summary.contains(&escape(&b.bottom_line.answer)));
        assert_eq!(summary.matches("<span class=\"verdict worse\">").count(), 3);
        assert_eq!(
            summary
                .matches("<span class=\"confidence low\">low</span>: the links")
                .count(),
            3
        );
        assert!(summary.contains("<h3>What decides it</h3>"));
        assert_eq!(b.bottom_line.watch.len(), WATCH_SHOWN);
        for w in &b.bottom_line.watch {
            assert!(summary.contains(&escape(w)), "{w}");
        }
        assert!(summary.contains("The model encodes one source (Heiko Wimmen, 2014)"));
        // It is short enough for one printed page: under 3,000 characters of text.
        let text: String = summary
            .split('<')
            .map(|piece| piece.split_once('>').map_or(piece, |(_, t)| t))
            .collect();
        assert!(text.len() < 3000, "{} characters", text.len());
        let sections = &sections[1..];
        let glance = &sections[0].body;
        // One row per option, all three judged worse, with eight columns of agreement each.
        assert_eq!(
            glance
                .matches("<span class=\"verdict worse\">worse</span>")
                .count(),
            3
        );
        assert_eq!(glance.matches("<span class=\"agree ").count(), 24);
        assert!(glance.contains("50 of 50"));
        assert!(glance.contains("Should the U.S.-led coalition"));
        // The breakdown names the counter-model it ran.
        assert!(
            sections[1]
                .body
                .contains("In the counter-model “The advocates")
        );
        // What would have to be true is phrased in words, with the passage it goes against.
        let cf = &sections[2].body;
        assert!(cf.contains("stays hidden, whatever is chosen"), "{cf}");
        assert!(cf.contains("against:"));
        // Each key assumption carries its grade; the signposts are listed.
        let a = &sections[3].body;
        assert!(a.contains("class=\"tag grade-"));
        assert!(a.contains("<th>watch for</th>"));
        assert!(a.contains("<th>for Open cooperation with Assad"));
        // Seven outcomes: no simplex picture.
        assert!(!sections[1].body.contains("plot simplex"));
    }

    #[test]
    fn an_option_judged_on_three_outcomes_gets_its_weight_space_drawn() {
        let mut model = crate::default_model().unwrap().model;
        let mut kept = 0;
        for f in model.factors.iter_mut().filter(|f| f.desired.is_some()) {
            kept += 1;
            if kept > 3 {
                f.weight = 0.0;
            }
        }
        let settings = Settings {
            draws: 20,
            bargaining_draws: 5,
            ..Settings::default()
        };
        let b = brief(&model, &settings, &NoProgress);
        let body = &answer_sections(&model, &b)[2].body;
        // One triangle per option, with the model's weighting and those of the stakeholders
        // who weigh any of the three outcomes (a point needs some weight).
        assert_eq!(body.matches("<svg class=\"plot simplex\"").count(), 3);
        let judged: Vec<usize> = (0..model.factors.len())
            .filter(|&f| model.factors[f].desired.is_some() && model.factors[f].weight > 0.0)
            .collect();
        assert_eq!(judged.len(), 3);
        let weighing = model
            .stakeholders
            .iter()
            .filter(|st| {
                st.weights
                    .iter()
                    .any(|(f, w)| judged.contains(f) && *w > 0.0)
            })
            .count();
        assert!(weighing >= 1);
        let first = &body[body.find("plot simplex").unwrap()..];
        let first = &first[..first.find("</svg>").unwrap()];
        assert_eq!(first.matches("<circle").count(), 1 + weighing);
    }
}
