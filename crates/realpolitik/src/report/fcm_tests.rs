//! Tests of the FCM section of the report.

use super::*;

/// The x of the first `class="…"` mark's attribute `attr` in `svg`.
fn attr(svg: &str, class: &str, attr: &str) -> f64 {
    let mark = &svg[svg.find(&format!("class=\"{class}\"")).unwrap()..];
    let value = &mark[mark.find(&format!("{attr}=\"")).unwrap() + attr.len() + 2..];
    value[..value.find('"').unwrap()].parse().unwrap()
}

#[test]
fn the_interval_plot_puts_each_mark_where_its_number_is() {
    let rows = [
        Row {
            label: "strike".into(),
            nominal: 0.4,
            spread: Some((-1.0, 0.5, 1.0)),
        },
        Row {
            label: "talks <& wait>".into(),
            nominal: -0.2,
            spread: Some((-0.5, -0.25, 0.0)),
        },
    ];
    let svg = interval_plot("Effect on X", "change in X", &rows);
    // The axis runs from −1 to 1 over x = 280 … 810: 265 px per unit.
    let at = |v: f64| 280.0 + (v + 1.0) * 265.0;
    assert_eq!(attr(&svg, "median", "x1"), at(0.5));
    assert_eq!(attr(&svg, "zero", "x1"), at(0.0));
    assert_eq!(attr(&svg, "interval", "x"), at(-1.0));
    assert_eq!(attr(&svg, "interval", "width"), at(1.0) - at(-1.0));
    assert_eq!(attr(&svg, "nominal", "cx"), at(0.4));
    assert_eq!(svg.matches("class=\"median\"").count(), 2);
    assert_eq!(svg.matches("class=\"interval\"").count(), 2);
    // Labels are escaped, the axis is labelled, the ticks too.
    assert!(svg.contains(">talks &lt;&amp; wait&gt;<title>"));
    assert!(svg.contains(">change in X</text>"));
    assert!(svg.contains(">-0.5</text>") && svg.contains(">0.5</text>"));
}

#[test]
fn tornado_bars_run_from_the_nominal_effect_to_each_end() {
    use crate::fcm::Concept;
    let concept = |id: &str| Concept {
        id: id.into(),
        label: id.into(),
        role: None,
    };
    let map = FcmMap {
        concepts: vec![concept("a"), concept("b"), concept("c")],
        weights: Vec::new(),
    };
    let bar = |from, effect_at_low: f64, effect_at_high: f64| Bar {
        weight: 0,
        from,
        to: 2,
        low: 0.1,
        high: 0.9,
        effect_at_low,
        effect_at_high,
        swing: (effect_at_high - effect_at_low).abs(),
    };
    // The second link barely moves c: it is left out.
    let bars = [bar(0, -0.2, 0.4), bar(1, 0.1, 0.1001)];
    let t = FcmTornado {
        outcome: 2,
        case: "go".into(),
        nominal_effect: 0.1,
        bars: &bars,
    };
    let svg = tornado_chart(&map, &t);
    assert_eq!(svg.matches("<rect class=\"swing\"").count(), 2);
    let mid = attr(&svg, "nominal", "x1");
    let low_x = attr(&svg, "swing", "x");
    let low_w = attr(&svg, "swing", "width");
    assert!((low_x + low_w - mid).abs() < 0.11, "{svg}");
    let high = &svg[svg.rfind("class=\"swing\"").unwrap()..];
    assert!(high.contains(&format!("x=\"{mid:.1}\"")), "{high}");
    assert!(svg.contains(">a →<tspan"));
    assert!(svg.contains("1 uncertain links with smaller (or no) swings are left out"));
}

#[test]
fn without_monte_carlo_only_the_nominal_effects_are_drawn() {
    let rows = [Row {
        label: "strike".into(),
        nominal: 0.3,
        spread: None,
    }];
    let svg = interval_plot("t", "c", &rows);
    assert!(!svg.contains("class=\"interval\""));
    assert_eq!(svg.matches("<circle class=\"nominal\"").count(), 1);
}

#[test]
fn the_example_model_section_has_a_plot_per_outcome_and_a_tornado() {
    use crate::fcm::Settings;
    use crate::fcm::montecarlo::{Plan, monte_carlo};
    use crate::fcm::scenario::{cases_of, compare};
    use crate::fcm::sensitivity::{Target, tornado};
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/energy-transition.toml"
    );
    let loaded = crate::model::load_file(
        std::path::Path::new(path),
        &crate::model::LoadOptions::default(),
    )
    .unwrap();
    let map = FcmMap::from_model(&loaded.model);
    let settings = Settings::default();
    let initial = vec![1.0; map.n()];
    let (baseline, cases) = cases_of(&loaded.model);
    let gates = crate::fcm::scenario::Gates::of(&loaded.model);
    let comparison = compare(
        &map.nominal(),
        &initial,
        &baseline,
        &cases,
        &gates,
        &settings,
    );
    let plan = Plan {
        map: &map,
        initial: &initial,
        baseline: &baseline,
        cases: &cases,
        gates: &gates,
        settings: &settings,
    };
    let mc = monte_carlo(&plan, 20, 1, 10, &crate::progress::NoProgress);
    let outcome = map.with_role(Role::Outcome)[0];
    let option = loaded.model.options.iter().find(|o| !o.status_quo).unwrap();
    let case = cases
        .iter()
        .find(|c| c.option == option.id && c.trigger.is_none())
        .unwrap();
    let target = Target {
        map: &map,
        initial: &initial,
        baseline: &baseline,
        case,
        outcome,
        gates: &gates,
        settings: &settings,
    };
    let bars = tornado(&target);
    let (links, indices) = crate::fcm::sensitivity::sobol_of(&target, 16, 1);
    let results = FcmResults {
        map: &map,
        comparison: Some(&comparison),
        trajectory: None,
        monte_carlo: Some(&mc),
        tornadoes: vec![FcmTornado {
            outcome,
            case: "first".into(),
            nominal_effect: target.nominal_effect(),
            bars: &bars,
        }],
        paths: &[],
        sobol: Some(FcmSobol {
            outcome,
            case: "first".into(),
            links: &links,
            indices: &indices,
        }),
    };
    let html = section(&results).body;
    // The Sobol table: a row per uncertain link studied, largest total first.
    assert!(html.contains("(Sobol indices)</h3>"));
    let sobol = &html[html.find("(Sobol indices)</h3>").unwrap()..];
    let sobol = &sobol[..sobol.find("</table>").unwrap()];
    assert_eq!(sobol.matches("<tr><td>").count(), links.len());
    assert_eq!(
        html.matches("<svg class=\"plot fcm-effects\"").count(),
        map.with_role(Role::Outcome).len()
    );
    // One row (and one median) per case in each plot.
    assert_eq!(
        html.matches("class=\"median\"").count(),
        comparison.effects.len() * map.with_role(Role::Outcome).len()
    );
    assert!(bars.iter().any(|b| b.swing > 1e-9), "{bars:?}");
    assert!(html.contains("<svg class=\"plot fcm-tornado\""));
    let widest = bars.iter().map(|b| b.swing).fold(0.0, f64::max);
    let moving = bars
        .iter()
        .filter(|b| b.swing > 1e-9 && b.swing >= 0.01 * widest)
        .count();
    assert_eq!(
        html.matches("<rect class=\"swing\"").count(),
        2 * moving.min(MAX_TORNADO_BARS)
    );
}

#[test]
fn a_bare_run_is_drawn_step_by_step_one_line_per_concept() {
    use crate::fcm::{Concept, Matrix, Settings, simulate};
    let concept = |id: &str| Concept {
        id: id.into(),
        label: id.into(),
        role: None,
    };
    let map = FcmMap {
        concepts: vec![concept("a"), concept("b & c")],
        weights: Vec::new(),
    };
    let w = Matrix::from_rows(&[vec![0.0, 1.0], vec![0.0, 0.0]]);
    let run = simulate(&w, &[1.0, 0.0], &[], &Settings::default());
    let html = section(&FcmResults {
        map: &map,
        comparison: None,
        trajectory: Some(&run),
        monte_carlo: None,
        tornadoes: Vec::new(),
        paths: &[],
        sobol: None,
    })
    .body;
    assert_eq!(html.matches("<polyline ").count(), 2);
    // One point per state on each line.
    assert_eq!(html.matches("<circle ").count(), 2 * run.states.len());
    assert!(html.contains(">b &amp; c</text>"));
    assert!(html.contains(&format!("{} after {} steps", run.status, run.steps())));
    assert!(!html.contains("Effects on the outcomes"));
}
