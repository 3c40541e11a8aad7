//! What `realpolitik bargain` prints for programs: each issue's typed JSON document and the
//! CSV table of positions.

use realpolitik::bargain::{self, Scenario};
use realpolitik::output::{BargainCoalition, BargainIssueDocument, BargainScale, BargainSwing};

use super::{Solved, actor_name};
use crate::cli::output::csv_table;

/// The final positions as CSV: one row per issue and actor, with its initial position.
pub(super) fn positions_csv(s: &Scenario, results: &[Solved]) -> String {
    let rows = results.iter().flat_map(|r| {
        r.issue.players.iter().enumerate().map(move |(p, player)| {
            vec![
                s.issues[r.k].id.clone(),
                actor_name(s, &r.issue, p),
                player.position.to_string(),
                r.outcome.positions[p].to_string(),
            ]
        })
    });
    csv_table(&["issue", "actor", "initial", "final"], rows)
}

pub(super) fn issue_document(s: &Scenario, r: &Solved) -> BargainIssueDocument {
    let (k, issue, o) = (r.k, &r.issue, &r.outcome);
    let names: Vec<String> = (0..issue.players.len())
        .map(|p| actor_name(s, issue, p))
        .collect();
    let coalitions = bargain::coalitions(issue, &o.positions)
        .into_iter()
        .map(|(position, m)| BargainCoalition {
            position,
            actors: m.iter().map(|&i| names[i].clone()).collect(),
        })
        .collect();
    BargainIssueDocument {
        id: s.issues[k].id.clone(),
        scale: BargainScale {
            low: issue.low,
            high: issue.high,
        },
        initial_positions: issue.players.iter().map(|p| p.position).collect(),
        forecast: o.forecast,
        final_positions: o.positions.clone(),
        coalitions,
        eum: o.eum.clone(),
        smp: o.smp.clone(),
        monte_carlo: r.mc.clone(),
        sensitivity: r.swings.as_ref().map(|sw| {
            sw.iter()
                .map(|w| BargainSwing {
                    actor: names[w.player].clone(),
                    input: w.input,
                    down: w.down,
                    up: w.up,
                    swing: w.swing,
                    per_unit: w.per_unit,
                })
                .collect()
        }),
        actors: names,
    }
}
