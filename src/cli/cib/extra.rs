//! The text of the optional analyses of `realpolitik cib` (ensembles, judgment uncertainty,
//! scenario families, succession paths and sampled basins), rendered from their parts of the
//! document, in the order they were computed.

use std::fmt::Write as _;

use realpolitik::cib::Matrix;
use realpolitik::cib::succession::Attractor;
use realpolitik::cib::uncertainty::Perturbation;
use realpolitik::output::CibDocument;

/// Appends a section for each optional analysis the document holds; `threshold` is the
/// families' linking distance.
pub fn render(text: &mut String, m: &Matrix, doc: &CibDocument, threshold: Option<usize>) {
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
            "\n{:?} succession from {}:\n",
            s.rule,
            s.steps.first().map_or("", String::as_str)
        );
        for (k, z) in s.steps.iter().enumerate() {
            let _ = writeln!(text, "  {k:>3}  {z}");
        }
        let end = match &s.attractor {
            Attractor::Fixed { scenario } => {
                format!("ends in the consistent scenario {}", m.label(scenario))
            }
            Attractor::Cycle { states } => format!("ends in a cycle of period {}", states.len()),
        };
        let _ = writeln!(text, "  {end}");
    }
    if let Some(b) = &doc.sampled_basins {
        let _ = write!(
            text,
            "\nBasin shares: SAMPLED from {} random starts (seed {}), not exact; 95% Wilson \
             intervals.\n",
            b.starts, b.seed
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
