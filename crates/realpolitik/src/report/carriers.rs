//! What carries a verdict, in the report: the nominal net split by outcome with each outcome's
//! distance from the levers as a table with bars, and the links whose removal moves the net most
//! (see [`crate::briefing::carriers`]).

use std::fmt::Write as _;

use super::html::{escape, table};
use crate::briefing::carriers::Carriers;
use crate::briefing::net_points;
use crate::model::Model;

/// The block for one option; empty when nothing moves.
pub fn carriers(model: &Model, c: &Carriers) -> String {
    if c.outcomes.iter().all(|x| x.contribution == 0.0) {
        return String::new();
    }
    let label = |id: &str| {
        model
            .factors
            .iter()
            .find(|f| f.id == id)
            .map_or_else(|| id.to_owned(), |f| f.label.clone())
    };
    let rows: Vec<Vec<String>> = c
        .outcomes
        .iter()
        .filter(|x| x.contribution != 0.0)
        .map(|x| {
            let class = if x.contribution < 0.0 { "worse" } else { "better" };
            vec![
                escape(&x.label),
                net_points(x.contribution),
                format!(
                    "<span class=\"share-bar {class}\" style=\"display:inline-block;width:{:.0}px;height:0.8em\"></span> {:.0}%",
                    (120.0 * x.share).max(1.0),
                    100.0 * x.share
                ),
                x.links_from_lever
                    .map_or_else(|| "no path".to_owned(), |k| k.to_string()),
            ]
        })
        .collect();
    let mut h = format!(
        "<h4>What carries it</h4>\n<p>The nominal net score, {} points, split by outcome (a point \
         is 1% of an outcome's range, weighted as the model weighs the outcomes; the parts add up \
         to the net).</p>\n",
        net_points(c.net)
    );
    h.push_str(&table(
        &[
            "outcome",
            "points",
            "share of the movement",
            "links from a lever",
        ],
        &rows,
    ));
    let farther = c
        .outcomes
        .iter()
        .filter(|x| x.contribution != 0.0 && x.links_from_lever.is_some_and(|k| k >= 2))
        .count();
    if c.one_link_share > 0.5 && farther > 0 {
        let _ = writeln!(
            h,
            "<p class=\"note\">{:.0}% of the movement is on outcomes one link from a lever. Each \
             link of a sigmoid map passes on at most a quarter of a change, so the {farther} \
             outcome(s) farther away weigh less whatever their evidence: check that the verdict \
             follows the evidence, not the layout of the graph.</p>",
            100.0 * c.one_link_share
        );
    }
    let _ = writeln!(
        h,
        "<p>Read without path-length damping ({}): net {}, {}.</p>",
        escape(&c.neutral.method),
        net_points(c.neutral.net),
        c.neutral_agreement()
    );
    if !c.links.is_empty() {
        let items: Vec<String> = c
            .links
            .iter()
            .map(|l| {
                format!(
                    "<li>{} → {}: net {}</li>",
                    escape(&label(&l.from)),
                    escape(&label(&l.to)),
                    net_points(l.net_without)
                )
            })
            .collect();
        let _ = writeln!(
            h,
            "<p>The net without one link at a time (removals do not add up):</p>\n<ul>{}</ul>",
            items.join("")
        );
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::briefing::carriers::{LinkCarrier, OutcomeCarrier};

    #[test]
    fn the_table_has_each_outcome_with_its_share_and_distance_and_the_warning() {
        let model = crate::example_model();
        let outcome = |factor: &str, contribution: f64, share: f64, k: usize| OutcomeCarrier {
            factor: factor.into(),
            label: format!("{factor} & co"),
            contribution,
            share,
            links_from_lever: Some(k),
        };
        let c = Carriers {
            option: "price_now".into(),
            net: -3.0,
            outcomes: vec![outcome("near", -4.0, 0.8, 1), outcome("far", 1.0, 0.2, 3)],
            links: vec![LinkCarrier {
                from: "carbon_price".into(),
                to: "emissions".into(),
                weight: -0.75,
                net_without: 1.0,
            }],
            one_link_share: 0.8,
            neutral: crate::briefing::neutral::NeutralReading {
                method: "Kosko".into(),
                net: 2.0,
                outcomes: vec![],
            },
        };
        let h = carriers(&model, &c);
        assert!(h.contains("The nominal net score, -3.0 points"), "{h}");
        assert!(h.contains("<td>near &amp; co</td><td>-4.0</td>"), "{h}");
        assert!(h.contains("width:96px"), "{h}");
        assert!(h.contains("80%</td><td>1</td>"), "{h}");
        assert!(h.contains("80% of the movement is on outcomes one link from a lever"));
        assert!(h.contains("the 1 outcome(s) farther away"));
        assert!(
            h.contains("<li>Carbon price → Emissions: net +1.0</li>"),
            "{h}"
        );
        assert!(
            h.contains("Read without path-length damping (Kosko): net +2.0, the other way"),
            "{h}"
        );
        // Nothing moves: no block.
        let still = Carriers {
            outcomes: vec![outcome("near", 0.0, 0.0, 1)],
            ..c
        };
        assert!(carriers(&model, &still).is_empty());
    }
}
