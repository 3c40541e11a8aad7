//! The optional CIB analyses: ensembles, judgment uncertainty, scenario families, succession
//! paths and sampled basins. Each fills its part of the [`CibDocument`]; families and
//! robustness are also kept for the report.

use crate::cib::ensemble::ensemble;
use crate::cib::landscape::{Family, families};
use crate::cib::sampled::sampled_basins;
use crate::cib::succession::{Attractor, Rule, succession};
use crate::cib::uncertainty::{Perturbation, Robustness, robustness};
use crate::cib::{Matrix, Solution};
use crate::output::{
    CibAgreed, CibDocument, CibEnsemble, CibFamily, CibRobustScenario, CibRobustnessDocument,
    CibSampledAttractor, CibSampledBasins, CibShared, CibSuccession, one_based,
};

use super::{CibInput, CibRequest};
use crate::analysis::RequestError;

/// What the report draws of the optional analyses.
#[derive(Default)]
pub(super) struct Extras {
    pub(super) families: Option<(usize, Vec<Family>)>,
    pub(super) robustness: Option<(Perturbation, Vec<Robustness>)>,
}

/// Runs the optional analyses the request asks for, in a fixed order (ensemble, robustness,
/// families, succession, sampled basins), filling their parts of `doc`.
pub(super) fn extras(
    input: &CibInput<'_>,
    request: &CibRequest,
    solutions: &[Solution],
    doc: &mut CibDocument,
) -> Result<Extras, RequestError> {
    let m = &input.matrix;
    let constraints = request.constraints();
    let mut extras = Extras::default();
    if !input.ensemble.is_empty() {
        let mut members = vec![m.clone()];
        members.extend(input.ensemble.iter().cloned());
        let k = request.agree.unwrap_or(members.len());
        if k == 0 || k > members.len() {
            return Err(RequestError(format!(
                "--agree {k}: give a number from 1 to {}",
                members.len()
            )));
        }
        let e = ensemble(&members, k, &constraints).map_err(RequestError)?;
        doc.ensemble = Some(CibEnsemble {
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
    }
    if let Some(p) = &request.perturb {
        let p = perturbation(p)?;
        let (draws, seed) = (request.draws, request.seed);
        let r = robustness(m, p, draws, seed, &constraints).map_err(RequestError)?;
        doc.robustness = Some(CibRobustnessDocument {
            draws,
            seed,
            perturbation: p,
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
        extras.robustness = Some((p, r));
    }
    if let Some(h) = request.families {
        let z: Vec<Vec<usize>> = solutions.iter().map(|s| s.variants.clone()).collect();
        let f = families(&z, h);
        doc.families = Some(f.iter().map(|fam| family(m, fam)).collect());
        extras.families = Some((h, f));
    }
    if let Some(from) = &request.from {
        let start = start(m, from)?;
        doc.succession = Some(succession_document(m, &start, request.rule));
    }
    if let Some(n) = request.sample_basins {
        if n == 0 {
            return Err(RequestError::new(
                "--sample-basins: give at least one start",
            ));
        }
        doc.sampled_basins = Some(sampled(m, n, request.seed));
    }
    Ok(extras)
}

/// Parses a perturbation: a positive integer width, or `intervals`.
pub fn perturbation(text: &str) -> Result<Perturbation, RequestError> {
    if text == "intervals" {
        return Ok(Perturbation::Intervals);
    }
    match text.parse::<i32>() {
        Ok(w) if w > 0 => Ok(Perturbation::PlusMinus(w)),
        _ => Err(RequestError(format!(
            "--perturb {text:?}: give a positive width such as 1 (each judgment ±1), or `intervals`"
        ))),
    }
}

fn family(m: &Matrix, fam: &Family) -> CibFamily {
    CibFamily {
        members: one_based(&fam.members),
        representative: fam.representative + 1,
        diameter: fam.diameter,
        shared: fam
            .shared(m)
            .into_iter()
            .map(|(d, v)| CibShared {
                descriptor: d.to_owned(),
                variant: v.to_owned(),
            })
            .collect(),
    }
}

/// Parses a start scenario: 1-based variant indices separated by spaces or commas.
pub fn start(m: &Matrix, text: &str) -> Result<Vec<usize>, RequestError> {
    let parts: Vec<&str> = text
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|p| !p.is_empty())
        .collect();
    let bad = || {
        RequestError(format!(
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

/// The succession path from a start (its first step is the start).
fn succession_document(m: &Matrix, from: &[usize], rule: Rule) -> CibSuccession {
    let path = succession(m, from, rule);
    CibSuccession {
        rule,
        steps: path.steps.iter().map(|z| m.label(z)).collect(),
        period: path.attractor.period(),
        attractor: path.attractor,
    }
}

/// Basin shares estimated from `starts` seeded random starts, each with its 95% Wilson
/// interval.
fn sampled(m: &Matrix, starts: u64, seed: u64) -> CibSampledBasins {
    let sampled = sampled_basins(m, starts, seed);
    let attractors = sampled
        .basins
        .iter()
        .map(|b| CibSampledAttractor {
            period: b.attractor.period(),
            hits: b.hits,
            share: b.share,
            interval: b.interval,
            states: match &b.attractor {
                Attractor::Fixed { scenario } => vec![m.label(scenario)],
                Attractor::Cycle { states } => states.iter().map(|z| m.label(z)).collect(),
            },
        })
        .collect();
    CibSampledBasins {
        method: sampled.method.to_owned(),
        seed,
        starts: sampled.starts,
        attractors,
    }
}
