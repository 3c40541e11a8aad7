//! The text of the optional analyses of `realpolitik cib` (ensembles, judgment uncertainty,
//! scenario families, succession paths and sampled basins), rendered from their parts of the
//! document, in the order they were computed.

use std::fmt::Write as _;

use realpolitik::cib::uncertainty::Perturbation;
use realpolitik::output::{CibCheck, CibDocument};

/// Appends a section for each optional analysis the document holds; `threshold` is the
/// families' linking distance.
pub fn render(text: &mut String, doc: &CibDocument, threshold: Option<usize>) {
    if let Some(e) = &doc.ensemble {
        let _ = write!(
            text,
            "\nEnsemble of {} matrices: {} scenario(s) acceptable in at least {}\n",
            e.members,
            e.agreed.len(),
            e.k
        );
        for (i, n) in e.member_counts.iter().enumerate() {
            let _ = writeln!(text, "  member {}: {n} scenario(s)", i + 1);
        }
        for a in &e.agreed {
            let _ = writeln!(text, "  {}/{}  {}", a.members, e.members, a.scenario);
        }
    }
    if let Some(r) = &doc.robustness {
        let how = match r.perturbation {
            Perturbation::PlusMinus(w) => format!("each judgment ±{w}"),
            Perturbation::Intervals => "each judgment within its interval".into(),
        };
        let _ = write!(
            text,
            "\nRobustness over {} draws ({how}, seed {}):\n",
            r.draws, r.seed
        );
        for x in &r.scenarios {
            let flag = if x.nominal {
                ""
            } else {
                "  (only under perturbation)"
            };
            let _ = writeln!(text, "  {:>5.1}%  {}{flag}", 100.0 * x.share, x.scenario);
        }
    }
    if let (Some(f), Some(h)) = (&doc.families, threshold) {
        let _ = write!(
            text,
            "\n{} famil{} of scenarios (linked at ≤ {h} differing descriptors):\n",
            f.len(),
            if f.len() == 1 { "y" } else { "ies" },
        );
        for (i, fam) in f.iter().enumerate() {
            let members: Vec<String> = fam.members.iter().map(|k| format!("S{k}")).collect();
            let core: Vec<String> = fam
                .shared
                .iter()
                .map(|s| format!("{}:{}", s.descriptor, s.variant))
                .collect();
            let _ = writeln!(
                text,
                "  F{}: {} (representative S{}, diameter {})\n      shared: {}",
                i + 1,
                members.join(" "),
                fam.representative,
                fam.diameter,
                if core.is_empty() {
                    "nothing".into()
                } else {
                    core.join(" ")
                }
            );
        }
    }
    if let Some(s) = &doc.succession {
        let _ = write!(
            text,
            "\nSuccession ({} rule) from {}:\n",
            super::rule_name(s.rule),
            s.steps.first().map_or("", String::as_str)
        );
        if !s.start_changed.is_empty() {
            let _ = writeln!(
                text,
                "  (the start's fixed descriptors set first: {})",
                s.start_changed.join(", ")
            );
        }
        for (k, z) in s.steps.iter().enumerate() {
            let _ = writeln!(text, "  {k:>3}  {z}");
        }
        let end = match s.period {
            1 => format!("ends in the consistent scenario {}", s.attractor[0]),
            p => format!("ends in a cycle of period {p}"),
        };
        let _ = writeln!(text, "  {end}");
    }
    if let Some(c) = &doc.check {
        check(text, c, doc.max_inconsistency);
    }
    if let Some(b) = &doc.sampled_basins {
        let _ = write!(
            text,
            "\nBasin shares of {} succession: SAMPLED from {} random starts (seed {}), not \
             exact; 95% Wilson intervals.\n",
            super::rule_name(b.rule),
            b.starts,
            b.seed
        );
        for a in &b.attractors {
            let what = match a.period {
                1 => a.states[0].clone(),
                p => format!("cycle of period {p} through {}", a.states[0]),
            };
            let _ = writeln!(
                text,
                "  {:6.2}%  [{:6.2}%, {:6.2}%]  {what}",
                100.0 * a.share,
                100.0 * a.interval.0,
                100.0 * a.interval.1
            );
        }
    }
}

/// The CSV's analysis columns: a name, and a value per scenario of `doc.scenarios` (empty
/// where the analysis gives that scenario none).
pub fn csv_columns(doc: &CibDocument) -> Vec<(&'static str, Vec<String>)> {
    let per_scenario = |find: &dyn Fn(&[usize]) -> Option<String>| -> Vec<String> {
        doc.scenarios
            .iter()
            .map(|s| find(&s.indices).unwrap_or_default())
            .collect()
    };
    let mut columns = Vec::new();
    if doc.basins.is_some() {
        let weights = doc
            .scenarios
            .iter()
            .map(|s| s.basin_weight.clone().unwrap_or_default());
        columns.push(("basin_weight", weights.collect()));
    }
    if let Some(r) = &doc.robustness {
        columns.push((
            "robustness_share",
            per_scenario(&|z| {
                let found = r.scenarios.iter().find(|x| x.indices == z);
                Some(found.map_or(0.0, |x| x.share).to_string())
            }),
        ));
    }
    if let Some(e) = &doc.ensemble {
        columns.push((
            "ensemble_members",
            per_scenario(&|z| {
                let found = e.agreed.iter().find(|a| a.indices == z);
                found.map(|a| a.members.to_string())
            }),
        ));
    }
    if let Some(families) = &doc.families {
        let mut family = vec![String::new(); doc.scenarios.len()];
        for (f, fam) in families.iter().enumerate() {
            for &k in &fam.members {
                family[k - 1] = format!("F{}", f + 1);
            }
        }
        columns.push(("family", family));
    }
    if let Some(b) = &doc.sampled_basins {
        columns.push((
            "sampled_basin_share",
            per_scenario(&|z| {
                let found = b
                    .attractors
                    .iter()
                    .find(|a| a.period == 1 && a.indices[0] == z);
                Some(found.map_or(0.0, |a| a.share).to_string())
            }),
        ));
    }
    columns
}

/// ScenarioWizard's impact diagram as text: each descriptor's scores, its gap to the best
/// rival and the judgments that make the gap up, then the verdict.
fn check(text: &mut String, c: &CibCheck, threshold: i64) {
    let verdict = match c.verdict {
        realpolitik::cib::impact::Verdict::Consistent => "consistent".to_owned(),
        realpolitik::cib::impact::Verdict::Marginal => {
            format!(
                "marginal (inconsistent by {}, within {threshold})",
                c.inconsistency
            )
        }
        realpolitik::cib::impact::Verdict::Inconsistent => {
            format!("inconsistent by {}", c.inconsistency)
        }
    };
    let _ = writeln!(
        text,
        "\nImpact balance of {}: {verdict}; consistency value {}, total impact score {}.",
        c.variants.join(" "),
        c.consistency_value,
        c.tis
    );
    for d in &c.descriptors {
        let scores: Vec<String> = d
            .scores
            .iter()
            .map(|s| {
                let mark = if s.variant == d.chosen { "*" } else { "" };
                format!("{mark}{} {:+}", s.variant, s.score)
            })
            .collect();
        let gap = match (&d.rival, d.gap) {
            (_, _) if d.fixed => "fixed, not judged".to_owned(),
            (Some(r), Some(g)) if g < 0 => format!("wants {r} (gap {g})"),
            (Some(r), Some(g)) => format!("holds against {r} by {g}"),
            _ => "one variant".to_owned(),
        };
        let _ = writeln!(text, "  {}: {}; {gap}", d.descriptor, scores.join(", "));
        if d.fixed {
            continue;
        }
        for p in d.pushes.iter().take(3) {
            let _ = writeln!(
                text,
                "      {}={}: {:+} for {}, {:+} for the rival ({:+})",
                p.source, p.variant, p.for_chosen, d.chosen, p.for_rival, p.net
            );
        }
    }
}
