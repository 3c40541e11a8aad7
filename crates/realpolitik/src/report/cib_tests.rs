//! Tests of the CIB section of the report.

use super::*;
use crate::cib::landscape::families as find_families;
use crate::cib::{Constraints, Descriptor, search};

/// Two descriptors with two variants each that reinforce "same index": two consistent
/// scenarios, (a1, b1) and (a2, b2).
fn mirror() -> Matrix {
    let d = |name: &str, v: [&str; 2]| Descriptor {
        name: name.into(),
        variants: v.iter().map(|s| (*s).to_owned()).collect(),
    };
    #[rustfmt::skip]
    let cells = vec![
        0, 0, 2, -2,
        0, 0, -2, 2,
        2, -2, 0, 0,
        -2, 2, 0, 0,
    ];
    Matrix::new(vec![d("A<x>", ["a1", "a2"]), d("B", ["b1", "b2"])], cells).unwrap()
}

#[test]
fn the_tableau_has_one_column_per_scenario_and_the_chosen_variants() {
    let m = mirror();
    let solutions = search(&m, &Constraints::consistent());
    assert_eq!(solutions.len(), 2);
    let html = section(&CibResults::new(&m, &solutions)).body;
    assert!(html.contains("<th>S1</th><th>S2</th></tr>"), "{html}");
    assert!(!html.contains("<th>S3</th>"));
    // The descriptor's name is escaped; each row names the chosen variant per column.
    let a_row = html
        .lines()
        .find(|l| l.starts_with("<tr><th>A&lt;x&gt;</th>"))
        .unwrap();
    let b_row = html
        .lines()
        .find(|l| l.starts_with("<tr><th>B</th>"))
        .unwrap();
    let variants = |row: &str| -> Vec<String> {
        row.split("\">")
            .filter_map(|c| c.split_once("</td>").map(|(v, _)| v.to_owned()))
            .collect()
    };
    let a: Vec<String> = variants(a_row);
    let b: Vec<String> = variants(b_row);
    let expect_a: Vec<String> = solutions
        .iter()
        .map(|s| m.descriptors()[0].variants[s.variants[0]].clone())
        .collect();
    let expect_b: Vec<String> = solutions
        .iter()
        .map(|s| m.descriptors()[1].variants[s.variants[1]].clone())
        .collect();
    assert_eq!(a, expect_a);
    assert_eq!(b, expect_b);
    // Same index in both rows: the scenarios are (a1, b1) and (a2, b2).
    assert_eq!(
        a.iter().map(|v| &v[1..]).collect::<Vec<_>>(),
        b.iter().map(|v| &v[1..]).collect::<Vec<_>>()
    );
    // Scores per column: TIS 4 (two impacts of +2) and consistency value 4 in each.
    assert!(
        html.contains("<tr><th>TIS</th><td class=\"num\">4</td><td class=\"num\">4</td></tr>"),
        "{html}"
    );
    assert!(html.contains("<tr><th>consistency value</th>"));
    assert!(html.contains("2 descriptors span 4 scenarios"));
    // No optional analysis, no plot.
    assert!(!html.contains("<svg"));
}

#[test]
fn optional_analyses_add_their_rows_and_plots() {
    let m = mirror();
    let solutions = search(&m, &Constraints::consistent());
    let z: Vec<Vec<usize>> = solutions.iter().map(|s| s.variants.clone()).collect();
    let fams = find_families(&z, 1);
    let robust = vec![
        Robustness {
            variants: solutions[0].variants.clone(),
            draws: 9,
            share: 0.9,
            nominal: true,
        },
        Robustness {
            variants: vec![0, 1],
            draws: 2,
            share: 0.2,
            nominal: false,
        },
    ];
    let basins = crate::cib::basins::basins(&m).unwrap();
    let results = CibResults {
        families: Some(CibFamilies {
            threshold: 1,
            families: &fams,
        }),
        robustness: Some(CibRobustness {
            perturbation: Perturbation::PlusMinus(1),
            draws: 10,
            seed: 3,
            scenarios: &robust,
        }),
        basins: Some(&basins),
        ..CibResults::new(&m, &solutions)
    };
    let html = section(&results).body;
    assert!(html.contains("<tr><th>family</th>"));
    assert!(
        html.contains(
            "<tr><th>robustness</th><td class=\"num\">90 %</td><td class=\"num\">0 %</td></tr>"
        ),
        "{html}"
    );
    assert!(html.contains("<tr><th>basin weight</th>"));
    // A robustness chart with two bars (S1 and the perturbation-only P1) and a basin chart.
    let robustness = html
        .split("<svg class=\"plot cib-robustness\"")
        .nth(1)
        .unwrap();
    let robustness = &robustness[..robustness.find("</svg>").unwrap()];
    assert_eq!(robustness.matches("<rect class=\"bar\"").count(), 2);
    assert!(robustness.contains(">P1</text>"));
    // The 90 % bar spans 90 % of the axis (120 to 720).
    assert!(
        robustness.contains("x=\"120.0\" y=\"37.0\" width=\"540.0\""),
        "{robustness}"
    );
    assert!(html.contains("<svg class=\"plot cib-basins\""));
    assert!(html.contains("<td>P1</td><td>A:a1 B:b2</td>") || html.contains("<td>P1</td>"));
}

#[test]
fn an_intervention_is_named_and_its_rows_marked() {
    let m = mirror();
    let solutions = search(&m, &Constraints::consistent());
    let fixed = [Some(1), None];
    let html = section(&CibResults {
        fixed: &fixed,
        ..CibResults::new(&m, &solutions[..1])
    })
    .body;
    assert!(html.contains("Held fixed: A&lt;x&gt; = a2;"), "{html}");
    assert!(html.contains("<tr><th>A&lt;x&gt; <span class=\"tag\">fixed</span></th>"));
    assert!(html.contains("<tr><th>B</th>"));
}

#[test]
fn tints_mean_the_wanted_and_unwanted_ends_and_families_show_only_their_differences() {
    let m = mirror();
    let solutions = search(&m, &Constraints::consistent());
    let z: Vec<Vec<usize>> = solutions.iter().map(|s| s.variants.clone()).collect();
    // At distance 2 the two scenarios form one family that differs on both descriptors.
    let fams = find_families(&z, 2);
    assert_eq!(fams.len(), 1);
    let wanted = [Some(Desired::Low), None];
    let html = section(&CibResults {
        wanted: &wanted,
        families: Some(CibFamilies {
            threshold: 2,
            families: &fams,
        }),
        ..CibResults::new(&m, &solutions)
    })
    .body;
    // A wants its low end: a1 is the wanted end, a2 the unwanted one; B wants neither.
    let tint = |name: &str| {
        let at = html.find(&format!(">{name}</td>")).unwrap();
        let start = html[..at].rfind("<td").unwrap();
        html[start..at].to_owned()
    };
    assert!(tint("a1").contains(WANTED) && tint("a1").contains("the wanted end"));
    assert!(tint("a2").contains(UNWANTED));
    assert!(tint("b1").contains(NEUTRAL) && tint("b1").contains("no wanted end"));
    assert!(html.contains("wanted end</span>"), "the legend");
    // The family's own view: both descriptors differ, one column per member.
    assert!(html.contains("F1: the 2 of 2 descriptors on which its 2 members differ."));
    assert_eq!(majority([2, 0, 2].into_iter()), Some(2));
    assert_eq!(majority([2, 0, 2, 1].into_iter()), None);
    assert_eq!(majority(std::iter::empty()), None);
}
