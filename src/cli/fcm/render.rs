//! Text and JSON rendering of `realpolitik fcm` results.

use std::fmt::Write as _;

use realpolitik::fcm::structure::Structure;
use realpolitik::fcm::{Run, Settings, Transfer};
use realpolitik::output::{FcmBaseline, FcmCase, FcmModelDocument, FcmSensitivity, SCHEMA_VERSION};

use realpolitik::fcm::scenario::Comparison;

use super::ModelRun;

/// A CSV field, quoted when it holds a comma, a quote or a line break.
fn field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

/// A run's trajectory as CSV: `step`, then one column per concept.
pub(super) fn trajectory_csv(ids: &[&str], run: &Run) -> String {
    let mut t = String::from("step");
    for id in ids {
        let _ = write!(t, ",{}", field(id));
    }
    t.push('\n');
    for (k, state) in run.states.iter().enumerate() {
        let _ = write!(t, "{k}");
        for x in state {
            let _ = write!(t, ",{x}");
        }
        t.push('\n');
    }
    t
}

/// A model's effects as CSV: one row per case and concept.
pub(super) fn effects_csv(ids: &[&str], c: &Comparison) -> String {
    let mut t = String::from("option,trigger,status,concept,baseline,state,change,change_pp\n");
    for e in &c.effects {
        for (j, id) in ids.iter().enumerate() {
            let _ = writeln!(
                t,
                "{},{},{},{},{},{},{},{}",
                field(&e.option),
                field(e.trigger.as_deref().unwrap_or("")),
                field(&e.status.to_string()),
                field(id),
                c.baseline[j],
                e.steady[j],
                e.delta[j],
                100.0 * e.delta[j]
            );
        }
    }
    t
}

pub(super) fn settings_line(s: &Settings) -> String {
    let lambda = match s.transfer {
        Transfer::Sigmoid | Transfer::Tanh => format!(" (λ = {})", s.lambda),
        Transfer::Bivalent | Transfer::Trivalent => String::new(),
    };
    format!(
        "{} rule, {}{lambda}, ε = {:e}, cap {}",
        s.rule, s.transfer, s.epsilon, s.cap
    )
}

pub(super) fn trajectory_table(t: &mut String, ids: &[&str], run: &Run) {
    let width = ids
        .iter()
        .map(|s| s.chars().count())
        .max()
        .unwrap_or(0)
        .clamp(7, crate::cli::output::MAX_COLUMN);
    let _ = write!(t, "{:>6}", "step");
    for id in ids {
        let _ = write!(t, "  {id:>width$}");
    }
    t.push('\n');
    for (k, state) in run.states.iter().enumerate() {
        let _ = write!(t, "{k:>6}");
        for x in state {
            let _ = write!(t, "  {x:>width$.4}");
        }
        t.push('\n');
    }
}

pub(super) fn structure_text(t: &mut String, ids: &[&str], s: &Structure) {
    let width = ids
        .iter()
        .map(|s| s.chars().count())
        .max()
        .unwrap_or(0)
        .clamp(7, crate::cli::output::MAX_COLUMN);
    let _ = writeln!(
        t,
        "\nstructure (Özesmi & Özesmi 2004): {} links, density {:.3}, {} transmitters, {} receivers, {} ordinary, complexity {}, hierarchy {:.3}",
        s.links,
        s.density,
        s.transmitters,
        s.receivers,
        s.ordinary,
        s.complexity.map_or_else(
            || "undefined (no transmitter)".to_owned(),
            |c| format!("{c:.3}")
        ),
        s.hierarchy
    );
    let _ = writeln!(
        t,
        "  {:<width$}  {:>8}  {:>9}  {:>10}  kind",
        "concept", "in", "out", "centrality"
    );
    for (id, c) in ids.iter().zip(&s.concepts) {
        let _ = writeln!(
            t,
            "  {id:<width$}  {:>8.3}  {:>9.3}  {:>10.3}  {:?}",
            c.indegree, c.outdegree, c.centrality, c.kind
        );
    }
}

pub(super) fn model_document(r: &ModelRun, settings: &Settings) -> FcmModelDocument {
    FcmModelDocument {
        schema_version: SCHEMA_VERSION,
        file: r.file.clone(),
        concepts: r.map.concepts.iter().map(|c| c.id.clone()).collect(),
        settings: settings.clone(),
        baseline: FcmBaseline::of(&r.comparison),
        cases: FcmCase::all(&r.comparison),
        monte_carlo: r.monte_carlo.clone(),
        structure: r.structure.as_ref().map(|(s, _)| s.clone()),
        paths: r.structure.as_ref().map(|(_, p)| p.clone()),
        sensitivity: r.sensitivity.clone(),
    }
}

pub(super) fn case_name(option: &str, trigger: Option<&str>) -> String {
    match trigger {
        Some(t) => format!("{option} + {t}"),
        None => option.to_owned(),
    }
}

pub(super) fn model_text(r: &ModelRun, settings: &Settings) -> String {
    let ids: Vec<&str> = r.map.concepts.iter().map(|c| c.id.as_str()).collect();
    let width = ids
        .iter()
        .map(|s| s.chars().count())
        .max()
        .unwrap_or(0)
        .clamp(7, crate::cli::output::MAX_COLUMN);
    let c = &r.comparison;
    let mut t = String::new();
    let _ = writeln!(
        t,
        "{}: {} concepts, {} links; {}",
        r.file,
        r.map.n(),
        r.map.weights.len(),
        settings_line(settings)
    );
    if r.map.weights.is_empty() {
        t.push_str("The model has no causal links: every scenario leaves the map where it is.\n");
    }
    let _ = writeln!(t, "\nbaseline (status quo clamps): {}", c.baseline_status);
    for (id, x) in ids.iter().zip(&c.baseline) {
        let _ = writeln!(t, "  {id:<width$}  {x:>8.4}");
    }
    for e in &c.effects {
        let _ = writeln!(
            t,
            "\n{}: {}",
            case_name(&e.option, e.trigger.as_deref()),
            e.status
        );
        let _ = writeln!(
            t,
            "  {:<width$}  {:>8}  {:>8}  {:>9}",
            "concept", "state", "change", "pp"
        );
        for ((id, x), d) in ids.iter().zip(&e.steady).zip(&e.delta) {
            let _ = writeln!(
                t,
                "  {id:<width$}  {x:>8.4}  {d:>+8.4}  {:>+9.2}",
                100.0 * d
            );
        }
    }
    if let Some(mc) = &r.monte_carlo {
        let _ = writeln!(
            t,
            "\nMonte Carlo: {} draws of the uncertain weights; {:.1} % did not converge",
            mc.draws,
            100.0 * mc.share_not_converged
        );
        for case in &mc.cases {
            let _ = writeln!(
                t,
                "\n{}: change (scenario − baseline)",
                case_name(&case.option, case.trigger.as_deref())
            );
            let _ = writeln!(
                t,
                "  {:<width$}  {:>8}  {:>8}  {:>8}  {:>8}  {:>6}  95 % CI of mean",
                "concept", "mean", "median", "5 %", "95 %", "P(>0)"
            );
            for (id, s) in ids.iter().zip(&case.effects) {
                let _ = writeln!(
                    t,
                    "  {id:<width$}  {:>+8.4}  {:>+8.4}  {:>+8.4}  {:>+8.4}  {:>6.3}  [{:+.4}, {:+.4}]",
                    s.mean, s.median, s.q05, s.q95, s.p_positive, s.mean_ci_low, s.mean_ci_high
                );
            }
        }
    }
    if let Some(sv) = &r.sensitivity {
        sensitivity_text(&mut t, sv);
    }
    if let Some((s, paths)) = &r.structure {
        structure_text(&mut t, &ids, s);
        if !paths.is_empty() {
            t.push_str("\nstrongest paths from levers to outcomes (weight = product of links)\n");
            for p in paths {
                let _ = writeln!(t, "  {:+.4}  {}", p.weight, p.path.join(" → "));
            }
        }
    }
    t
}

pub(super) fn sensitivity_text(t: &mut String, v: &FcmSensitivity) {
    let _ = writeln!(
        t,
        "\nsensitivity of {} under {} (nominal change {:+.4})",
        v.outcome, v.case, v.nominal_effect
    );
    t.push_str("  tornado: each uncertain link at its low and high end, others nominal\n");
    for b in &v.tornado {
        let _ = writeln!(
            t,
            "    {:<32}  [{:+.3}, {:+.3}]  change {:+.4} … {:+.4}  swing {:.4}",
            b.link, b.low, b.high, b.effect_at_low, b.effect_at_high, b.swing
        );
    }
    let _ = writeln!(
        t,
        "  Sobol indices (Saltelli sampling, N = {}): first order, total",
        v.sobol.samples
    );
    for l in &v.sobol.links {
        let _ = writeln!(
            t,
            "    {:<32}  {:>6.3}  {:>6.3}",
            l.link, l.first_order, l.total
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use realpolitik::fcm::{Matrix, simulate};

    #[test]
    fn the_trajectory_table_has_one_row_per_state() {
        let w = Matrix::from_rows(&[vec![0.0, 1.0], vec![0.0, 0.0]]);
        let run = simulate(&w, &[1.0, 0.0], &[], &Settings::default());
        let mut t = String::new();
        trajectory_table(&mut t, &["a", "b"], &run);
        assert_eq!(t.lines().count(), run.states.len() + 1);
        assert!(t.lines().nth(1).unwrap().contains("1.0000"), "{t}");
    }
}
