//! Text and CSV rendering of `realpolitik fcm` results (the JSON is the library's document).

use std::fmt::Write as _;

use realpolitik::analysis::case_name;
use realpolitik::analysis::fcm::{FcmMatrixResult, FcmModelResult};
use realpolitik::fcm::structure::Structure;
use realpolitik::fcm::{Settings, Transfer};
use realpolitik::output::{FcmModelDocument, FcmSensitivity, csv_table};

/// A run's trajectory as CSV: `step`, then one column per concept.
pub(super) fn trajectory_csv(ids: &[String], states: &[Vec<f64>]) -> String {
    let mut header = vec!["step"];
    header.extend(ids.iter().map(String::as_str));
    let rows = states.iter().enumerate().map(|(k, state)| {
        let mut row = vec![k.to_string()];
        row.extend(state.iter().map(f64::to_string));
        row
    });
    csv_table(&header, rows)
}

/// A model's effects as CSV: one row per case and concept.
pub(super) fn effects_csv(doc: &FcmModelDocument) -> String {
    let header = [
        "option",
        "trigger",
        "status",
        "concept",
        "baseline",
        "state",
        "change",
        "change_pp",
    ];
    let rows = doc.cases.iter().flat_map(|e| {
        doc.concepts.iter().enumerate().map(move |(j, id)| {
            vec![
                e.option.clone(),
                e.trigger.clone().unwrap_or_default(),
                e.status.to_string(),
                id.clone(),
                doc.baseline.state[j].to_string(),
                e.state[j].to_string(),
                e.change[j].to_string(),
                e.change_pp[j].to_string(),
            ]
        })
    });
    csv_table(&header, rows)
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

pub(super) fn trajectory_table(t: &mut String, ids: &[&str], states: &[Vec<f64>]) {
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
    for (k, state) in states.iter().enumerate() {
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

/// A matrix's run for people: the map, the experts' disagreement, the trajectory, the
/// structure.
pub(super) fn matrix_text(r: &FcmMatrixResult) -> String {
    let doc = &r.document;
    let ids: Vec<&str> = doc.concepts.iter().map(String::as_str).collect();
    let mut t = String::new();
    let _ = writeln!(
        t,
        "{}: {} concepts, {} links; {}",
        doc.file,
        r.map.n(),
        r.links,
        settings_line(&doc.settings)
    );
    if let (Some(aggregate), Some(edges)) = (&doc.aggregate, &doc.edges) {
        let _ = writeln!(
            t,
            "{} experts' maps aggregated by the {aggregate} of each edge; disagreement = entropy of the experts' signs (bits)",
            r.experts,
        );
        for e in edges {
            let _ = writeln!(
                t,
                "  {} → {}: {:+.4}  (entropy {:.3})",
                e.from, e.to, e.weight, e.entropy
            );
        }
        t.push('\n');
    }
    let _ = writeln!(t, "status: {} after {} steps\n", doc.status, doc.steps);
    trajectory_table(&mut t, &ids, &doc.trajectory);
    if let Some(s) = &doc.structure {
        structure_text(&mut t, &ids, s);
    }
    t
}

/// A model's run for people: the baseline, each case's change, then what else was asked.
pub(super) fn model_text(r: &FcmModelResult) -> String {
    let doc = &r.document;
    let ids: Vec<&str> = doc.concepts.iter().map(String::as_str).collect();
    let width = ids
        .iter()
        .map(|s| s.chars().count())
        .max()
        .unwrap_or(0)
        .clamp(7, crate::cli::output::MAX_COLUMN);
    let mut t = String::new();
    let _ = writeln!(
        t,
        "{}: {} concepts, {} links; {}",
        doc.file,
        r.map.n(),
        r.map.weights.len(),
        settings_line(&doc.settings)
    );
    if r.map.weights.is_empty() {
        t.push_str("The model has no causal links: every scenario leaves the map where it is.\n");
    }
    let _ = writeln!(t, "\nbaseline (status quo clamps): {}", doc.baseline.status);
    for (id, x) in ids.iter().zip(&doc.baseline.state) {
        let _ = writeln!(t, "  {id:<width$}  {x:>8.4}");
    }
    for e in &doc.cases {
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
        for (((id, x), d), pp) in ids.iter().zip(&e.state).zip(&e.change).zip(&e.change_pp) {
            let _ = writeln!(t, "  {id:<width$}  {x:>8.4}  {d:>+8.4}  {pp:>+9.2}");
        }
    }
    if let Some(mc) = &doc.monte_carlo {
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
    if let Some(sv) = &doc.sensitivity {
        sensitivity_text(&mut t, sv);
    }
    if let (Some(s), Some(paths)) = (&doc.structure, &doc.paths) {
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
    use realpolitik::fcm::{Matrix, Settings, simulate};

    #[test]
    fn the_trajectory_table_has_one_row_per_state() {
        let w = Matrix::from_rows(&[vec![0.0, 1.0], vec![0.0, 0.0]]);
        let run = simulate(&w, &[1.0, 0.0], &[], &Settings::default());
        let mut t = String::new();
        trajectory_table(&mut t, &["a", "b"], &run.states);
        assert_eq!(t.lines().count(), run.states.len() + 1);
        assert!(t.lines().nth(1).unwrap().contains("1.0000"), "{t}");
    }
}
