//! Tests of the bargaining section of the report.

use super::*;
use crate::bargain::{EumParams, Player, solve};
use crate::report::lines::{BOTTOM, HEIGHT, TOP};
use crate::report::plot::FONT;

#[test]
fn the_chart_has_one_labelled_polyline_per_actor_and_the_forecast() {
    let names = vec!["A".to_owned(), "B & co".to_owned(), "C".to_owned()];
    let paths = vec![
        vec![0.0, 20.0, 40.0],
        vec![100.0, 60.0, 40.0],
        vec![50.0, 50.0, 50.0],
    ];
    let svg = position_chart(
        "t",
        "position",
        (0.0, 100.0),
        &names,
        &paths,
        40.0,
        Some((30.0, 55.0)),
    );
    assert_eq!(svg.matches("<polyline ").count(), 3);
    assert_eq!(svg.matches("<text class=\"actor-label\"").count(), 3);
    assert!(svg.contains(">B &amp; co</text>"));
    // x: rounds 0..2 over 80 … 620; y: 0..100 over 360 … 34.
    assert!(
        svg.contains("points=\"80.0,360.0 350.0,294.8 620.0,229.6\""),
        "{svg}"
    );
    // The forecast line sits at y(40) = 360 − 0.4 · 326.
    assert!(svg.contains("class=\"forecast\" x1=\"80.0\" y1=\"229.6\""));
    assert!(svg.contains("class=\"forecast-band\""));
    assert!(svg.contains(">forecast 40.00</text>"));
    // Whole rounds on x.
    assert!(svg.contains(">round (0: stated positions)</text>"));
    assert!(!svg.contains(">0.5</text>"));
}

#[test]
fn crowded_labels_stay_inside_the_chart_in_order() {
    let names: Vec<String> = (0..20).map(|i| format!("actor {i}")).collect();
    let paths: Vec<Vec<f64>> = (0..20).map(|i| vec![50.0, f64::from(i) * 0.1]).collect();
    let svg = position_chart("t", "p", (0.0, 100.0), &names, &paths, 1.0, None);
    let ys: Vec<f64> = svg
        .split("<text class=\"actor-label\"")
        .skip(1)
        .map(|t| {
            let y = &t[t.find("y=\"").unwrap() + 3..];
            y[..y.find('"').unwrap()].parse().unwrap()
        })
        .collect();
    assert_eq!(ys.len(), 20);
    assert!(
        ys.iter()
            .all(|&y| (TOP..=HEIGHT - BOTTOM + 10.0 + FONT).contains(&y)),
        "{ys:?}"
    );
    assert!(
        ys.windows(2).all(|w| w[1] - w[0] >= FONT + 2.0 - 1e-9),
        "{ys:?}"
    );
}

/// The bargaining section of one issue solved by the EUM.
fn eum_section(scenario: &Scenario, issue: &crate::bargain::Issue, outcome: &Outcome) -> String {
    let results = BargainResults {
        scenario,
        solver: Solver::Eum,
        joint: None,
        issues: vec![BargainIssue {
            index: 0,
            issue,
            outcome,
            monte_carlo: None,
        }],
    };
    section(&results).body
}

#[test]
fn the_default_model_section_follows_the_eum_rounds() {
    let loaded = crate::default_model().unwrap();
    let scenario = Scenario::from_model(&loaded.model);
    assert!(!scenario.issues.is_empty());
    let issue = scenario.nominal_issue(0);
    let outcome = solve(&issue, Solver::Eum, &EumParams::default());
    let run = outcome.eum.as_ref().unwrap();
    let html = eum_section(&scenario, &issue, &outcome);
    assert_eq!(html.matches("<polyline ").count(), issue.players.len());
    // Each line has the stated positions and one point per round.
    let paths = trajectories(&issue, &outcome, None);
    assert!(paths.iter().all(|p| p.len() == run.rounds.len() + 1));
    assert_eq!(paths[0][0], issue.players[0].position);
    for (p, player) in issue.players.iter().enumerate() {
        assert!(
            html.contains(&format!(
                "<td>{}</td>",
                escape(&scenario.actors[player.actor].name)
            )),
            "{p}"
        );
    }
    assert!(html.contains(&format!("Forecast <b>{:.2}</b>", outcome.forecast)));
    // Whoever accepted an offer names its partner in the table.
    let took = partners(&issue, &outcome, None);
    for e in run.rounds.iter().flat_map(|r| &r.exchanges) {
        assert!(took[e.mover].iter().any(|&(q, _)| q == e.partner));
    }
}

#[test]
fn a_joint_smp_run_gives_each_issue_its_own_lines_and_named_partners() {
    use crate::bargain::{SmpInput, SmpParams, smp};
    let loaded = crate::default_model().unwrap();
    let scenario = Scenario::from_model(&loaded.model);
    let input = SmpInput::from_scenario(&scenario).unwrap();
    let report = smp::run(&input, &SmpParams::default()).report(&input);
    let issue = scenario.nominal_issue(0);
    // The command's joint outcome: the last turn's positions of the issue's players.
    let last = &report.turns[report.turns.len() - 1];
    let outcome = Outcome {
        forecast: report.forecast[0],
        positions: issue
            .players
            .iter()
            .map(|p| last.positions[p.actor][0])
            .collect(),
        eum: None,
        smp: None,
    };
    let paths = trajectories(&issue, &outcome, Some((&report, 0)));
    assert!(paths.iter().all(|p| p.len() == report.turns.len()));
    for (p, player) in issue.players.iter().enumerate() {
        assert_eq!(paths[p][0], report.turns[0].positions[player.actor][0]);
        assert_eq!(*paths[p].last().unwrap(), outcome.positions[p]);
    }
    // Whoever took a bargain has a partner named, and never itself.
    let took = partners(&issue, &outcome, Some(&report));
    let adopted = report
        .turns
        .iter()
        .any(|t| t.adopted.iter().any(Option::is_some));
    assert_eq!(took.iter().any(|t| !t.is_empty()), adopted);
    for (p, t) in took.iter().enumerate() {
        assert!(t.iter().all(|&(q, n)| q != p && n >= 1));
    }
}

#[test]
fn a_static_solver_draws_its_actors_where_they_stand() {
    let loaded = crate::default_model().unwrap();
    let scenario = Scenario::from_model(&loaded.model);
    let issue = scenario.nominal_issue(0);
    let outcome = solve(&issue, Solver::Mean, &EumParams::default());
    let paths = trajectories(&issue, &outcome, None);
    assert!(paths.iter().all(|p| p.len() == 1));
    let results = BargainResults {
        scenario: &scenario,
        solver: Solver::Mean,
        joint: None,
        issues: vec![BargainIssue {
            index: 0,
            issue: &issue,
            outcome: &outcome,
            monte_carlo: None,
        }],
    };
    let html = section(&results).body;
    // No rounds to follow: no round-by-round chart; in the dumbbells, each actor's stated and
    // final dots, never joined (no one moves).
    assert!(!html.contains("bargain-positions"));
    assert!(html.contains("<svg class=\"plot bargain-dumbbells\""));
    assert_eq!(html.matches("<circle ").count(), 2 * issue.players.len());
    assert!(!html.contains("stroke=\"#8c959f\""));
}

#[test]
fn with_many_actors_the_dumbbells_hold_everyone_and_the_lines_only_the_movers() {
    let loaded = crate::default_model().unwrap();
    let scenario = Scenario::from_model(&loaded.model);
    // The built-in issue's 11 players three times over, spread a little: 33 players.
    let mut issue = scenario.nominal_issue(0);
    let (players, high) = (issue.players.clone(), issue.high);
    issue.players = (0..3)
        .flat_map(|k| {
            players.iter().map(move |p| Player {
                position: (p.position + 4.0 * f64::from(k)).min(high),
                ..*p
            })
        })
        .collect();
    assert_eq!(issue.players.len(), 33);
    let outcome = solve(&issue, Solver::Eum, &EumParams::default());
    let paths = trajectories(&issue, &outcome, None);
    let movers = paths.iter().filter(|p| moved(p)).count();
    let html = eum_section(&scenario, &issue, &outcome);
    let chart = |class: &str| {
        let at = html.find(&format!("<svg class=\"plot {class}\"")).unwrap();
        html[at..at + html[at..].find("</svg>").unwrap()].to_owned()
    };
    // One row (a label) per actor, one joining line per actor who moved, sorted by where
    // they end.
    let dumbbells = chart("bargain-dumbbells");
    assert_eq!(
        dumbbells.matches("text-anchor=\"end\">").count(),
        issue.players.len()
    );
    assert_eq!(dumbbells.matches("stroke=\"#8c959f\"").count(), movers);
    // The lines follow the movers alone, at most MAX_LINES of them.
    assert!(movers > 0 && movers < issue.players.len());
    assert!(html.contains(&format!(
        "the {} actor(s) who moved most",
        movers.min(MAX_LINES)
    )));
    assert!(html.contains("<svg class=\"plot bargain-positions\""));
}

#[test]
fn the_section_on_bueno_de_mesquitas_1994_case_shows_the_reference_runs_numbers() {
    // Scholz et al.'s code on the EC emission-standards case (jmckib's port, in
    // tests/data/bargaining-cases/bdm1994/reference-runs): medians 8.416, 9.611, 9.962, 9.962,
    // 9.962, 7.472, 8.825, 9.671 after rounds 1–8, so the forecast after 8 rounds is 9.671;
    // the stated positions run 4–10 years.
    use crate::bargain::loaders::{load_csv, tests::test_data};
    let scenario = load_csv(
        &test_data("bdm1994/bdm1994_emission_standards.csv"),
        &crate::limits::Limits::default(),
    )
    .unwrap();
    let issue = scenario.nominal_issue(0);
    let outcome = solve(&issue, Solver::Eum, &EumParams::default());
    let html = eum_section(&scenario, &issue, &outcome);
    assert!(html.contains("Forecast <b>9.67</b>"), "{html}");
    let paths = trajectories(&issue, &outcome, None);
    let medians = [8.416, 9.611, 9.962, 9.962, 9.962, 7.472, 8.825, 9.671];
    for (round, expected) in medians.iter().enumerate() {
        let mut at: Vec<f64> = paths.iter().map(|p| p[round + 1]).collect();
        at.sort_by(f64::total_cmp);
        // The reference prints three decimals; the weighted median is one actor's position.
        assert!(
            at.iter().any(|x| (x - expected).abs() < 5e-4),
            "round {}: {at:?}",
            round + 1
        );
    }
    assert_eq!(html.matches("<polyline ").count(), 10);
}
