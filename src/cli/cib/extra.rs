//! The optional analyses of `realpolitik cib`: ensembles, judgment uncertainty, scenario
//! families, succession paths and sampled basins. Each gives a text section and its part of the JSON
//! document.

use std::fmt::Write as _;

use realpolitik::cib::ensemble::ensemble;
use realpolitik::cib::landscape::{Family, families};
use realpolitik::cib::sampled::sampled_basins;
use realpolitik::cib::succession::{Attractor, Rule, succession};
use realpolitik::cib::uncertainty::{Perturbation, Robustness, robustness};
use realpolitik::cib::{Constraints, Matrix, Solution};
use realpolitik::output::{
    CibAgreed, CibDocument, CibEnsemble, CibFamily, CibRobustScenario, CibRobustnessDocument,
    CibSampledAttractor, CibSampledBasins, CibShared, CibSuccession, one_based,
};

use crate::cli::CliError;

/// A section of the output: its text and its part of the JSON document.
pub struct Section {
    pub text: String,
    pub document: Part,
}

/// The part of [`CibDocument`] a section fills.
pub enum Part {
    Ensemble(CibEnsemble),
    Robustness(CibRobustnessDocument),
    Families(Vec<CibFamily>),
    Succession(CibSuccession),
    SampledBasins(CibSampledBasins),
}

impl Part {
    /// Puts this part into its field of the document.
    pub fn fill(self, doc: &mut CibDocument) {
        match self {
            Part::Ensemble(e) => doc.ensemble = Some(e),
            Part::Robustness(r) => doc.robustness = Some(r),
            Part::Families(f) => doc.families = Some(f),
            Part::Succession(s) => doc.succession = Some(s),
            Part::SampledBasins(b) => doc.sampled_basins = Some(b),
        }
    }
}

/// Scenarios consistent in at least `k` of the matrices (the first is the main one).
pub fn ensemble_section(
    members: &[Matrix],
    k: usize,
    constraints: &Constraints,
) -> Result<Section, CliError> {
    let e = ensemble(members, k, constraints).map_err(CliError::usage)?;
    let m = &members[0];
    let mut text = format!(
        "\nEnsemble of {} matrices: {} scenario(s) acceptable in at least {k}\n",
        members.len(),
        e.agreed.len()
    );
    for (i, own) in e.solutions.iter().enumerate() {
        let _ = writeln!(text, "  member {}: {} scenario(s)", i + 1, own.len());
    }
    for a in &e.agreed {
        let _ = writeln!(
            text,
            "  {}/{}  {}",
            a.count,
            members.len(),
            m.label(&a.variants)
        );
    }
    let document = Part::Ensemble(CibEnsemble {
        members: members.len(),
        k,
        member_counts: e.solutions.iter().map(Vec::len).collect(),
        agreed: e
            .agreed
            .iter()
            .map(|a| CibAgreed {
                scenario: m.label(&a.variants),
                indices: one_based(&a.variants),
                members: a.count,
            })
            .collect(),
    });
    Ok(Section { text, document })
}

/// Parses `--perturb`: an integer width, or `intervals`.
pub fn perturbation(text: &str) -> Result<Perturbation, CliError> {
    if text == "intervals" {
        return Ok(Perturbation::Intervals);
    }
    match text.parse::<i32>() {
        Ok(w) if w > 0 => Ok(Perturbation::PlusMinus(w)),
        _ => Err(CliError::usage(format!(
            "--perturb {text:?}: give a positive width such as 1 (each judgment ±1), or `intervals`"
        ))),
    }
}

/// Robustness of every scenario over `draws` perturbed matrices; also returns the computed
/// robustness for the report. A draw over the solutions limit is a usage error, as for the
/// main search.
pub fn robustness_section(
    m: &Matrix,
    perturbation: Perturbation,
    draws: u64,
    seed: u64,
    constraints: &Constraints,
) -> Result<(Section, Vec<Robustness>), CliError> {
    let r = robustness(m, perturbation, draws, seed, constraints).map_err(CliError::usage)?;
    let how = match perturbation {
        Perturbation::PlusMinus(w) => format!("each judgment ±{w}"),
        Perturbation::Intervals => "each judgment within its interval".into(),
    };
    let mut text = format!("\nRobustness over {draws} draws ({how}, seed {seed}):\n");
    for x in &r {
        let flag = if x.nominal {
            ""
        } else {
            "  (only under perturbation)"
        };
        let _ = writeln!(
            text,
            "  {:>5.1}%  {}{flag}",
            100.0 * x.share,
            m.label(&x.variants)
        );
    }
    let document = Part::Robustness(CibRobustnessDocument {
        draws,
        seed,
        perturbation,
        scenarios: r
            .iter()
            .map(|x| CibRobustScenario {
                scenario: m.label(&x.variants),
                indices: one_based(&x.variants),
                share: x.share,
                draws: x.draws,
                nominal: x.nominal,
            })
            .collect(),
    });
    let section = Section { text, document };
    Ok((section, r))
}

/// Families of the scenarios at Hamming distance ≤ h; also returns the families for the
/// report.
pub fn families_section(m: &Matrix, solutions: &[Solution], h: usize) -> (Section, Vec<Family>) {
    let z: Vec<Vec<usize>> = solutions.iter().map(|s| s.variants.clone()).collect();
    let f = families(&z, h);
    let mut text = format!(
        "\n{} famil{} of scenarios (linked at ≤ {h} differing descriptors):\n",
        f.len(),
        if f.len() == 1 { "y" } else { "ies" }
    );
    for (i, fam) in f.iter().enumerate() {
        let members: Vec<String> = fam.members.iter().map(|k| format!("S{}", k + 1)).collect();
        let core: Vec<String> = fam
            .shared(m)
            .into_iter()
            .map(|(d, v)| format!("{d}:{v}"))
            .collect();
        let _ = writeln!(
            text,
            "  F{}: {} (representative S{}, diameter {})\n      shared: {}",
            i + 1,
            members.join(" "),
            fam.representative + 1,
            fam.diameter,
            if core.is_empty() {
                "nothing".into()
            } else {
                core.join(" ")
            }
        );
    }
    let document = Part::Families(
        f.iter()
            .map(|fam| CibFamily {
                members: one_based(&fam.members),
                representative: fam.representative + 1,
                diameter: fam.diameter,
                shared: fam
                    .core
                    .iter()
                    .enumerate()
                    .filter_map(|(j, v)| {
                        v.map(|v| CibShared {
                            descriptor: m.descriptors()[j].name.clone(),
                            variant: m.descriptors()[j].variants[v].clone(),
                        })
                    })
                    .collect(),
            })
            .collect(),
    );
    let section = Section { text, document };
    (section, f)
}

/// Parses a start scenario: 1-based variant indices separated by spaces or commas.
pub fn start(m: &Matrix, text: &str) -> Result<Vec<usize>, CliError> {
    let parts: Vec<&str> = text
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|p| !p.is_empty())
        .collect();
    let bad = || {
        CliError::usage(format!(
            "--from {text:?}: give one 1-based variant index per descriptor ({} of them), e.g. \"{}\"",
            m.descriptor_count(),
            vec!["1"; m.descriptor_count()].join(" ")
        ))
    };
    if parts.len() != m.descriptor_count() {
        return Err(bad());
    }
    parts
        .iter()
        .enumerate()
        .map(|(j, p)| {
            p.parse::<usize>()
                .ok()
                .filter(|&v| v >= 1 && v <= m.variant_count(j))
                .map(|v| v - 1)
                .ok_or_else(bad)
        })
        .collect()
}

/// The succession path from a start.
pub fn succession_section(m: &Matrix, from: &[usize], rule: Rule) -> Section {
    let path = succession(m, from, rule);
    let mut text = format!("\n{rule:?} succession from {}:\n", m.label(from));
    for (k, z) in path.steps.iter().enumerate() {
        let _ = writeln!(text, "  {k:>3}  {}", m.label(z));
    }
    let end = match &path.attractor {
        Attractor::Fixed { scenario } => {
            format!("ends in the consistent scenario {}", m.label(scenario))
        }
        Attractor::Cycle { states } => format!("ends in a cycle of period {}", states.len()),
    };
    let _ = writeln!(text, "  {end}");
    let document = Part::Succession(CibSuccession {
        rule,
        steps: path.steps.iter().map(|z| m.label(z)).collect(),
        period: path.attractor.period(),
        attractor: path.attractor,
    });
    Section { text, document }
}

/// Basin shares estimated from `starts` seeded random starts, each with its 95% Wilson
/// interval, labelled as a sample.
pub fn sampled_basins_section(m: &Matrix, starts: u64, seed: u64) -> Section {
    let sampled = sampled_basins(m, starts, seed);
    let mut text = format!(
        "\nBasin shares: SAMPLED from {starts} random starts (seed {seed}), not exact; 95% Wilson \
         intervals.\n"
    );
    let attractors = sampled
        .basins
        .iter()
        .map(|b| {
            let states: Vec<String> = match &b.attractor {
                Attractor::Fixed { scenario } => vec![m.label(scenario)],
                Attractor::Cycle { states } => states.iter().map(|z| m.label(z)).collect(),
            };
            let what = match b.attractor.period() {
                1 => states[0].clone(),
                p => format!("cycle of period {p} through {}", states[0]),
            };
            let _ = writeln!(
                text,
                "  {:6.2}%  [{:6.2}%, {:6.2}%]  {what}",
                100.0 * b.share,
                100.0 * b.interval.0,
                100.0 * b.interval.1
            );
            CibSampledAttractor {
                period: b.attractor.period(),
                hits: b.hits,
                share: b.share,
                interval: b.interval,
                states,
            }
        })
        .collect();
    let document = Part::SampledBasins(CibSampledBasins {
        method: sampled.method.to_owned(),
        seed,
        starts: sampled.starts,
        attractors,
    });
    Section { text, document }
}
