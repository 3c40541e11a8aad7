//! The optional CIB analyses: ensembles, judgment uncertainty, scenario families, succession
//! paths and sampled basins. Each fills its part of the [`CibDocument`]; families and
//! robustness are also kept for the report.

use crate::cib::ensemble::ensemble_with;
use crate::cib::intervention::Restricted;
use crate::cib::landscape::{Family, families};
use crate::cib::sampled::sampled_basins;
use crate::cib::succession::succession;
use crate::cib::uncertainty::{Perturbation, Robustness, robustness};
use crate::cib::{Matrix, Solution};
use crate::output::{
    CibAgreed, CibDocument, CibEnsemble, CibFamily, CibRobustScenario, CibRobustnessDocument,
    CibSampledAttractor, CibSampledBasins, CibShared, CibSuccession, attractor_states, one_based,
};

use super::{CibInput, CibRequest, Made};
use crate::analysis::RequestError;
use crate::progress::{NoProgress, Progress};

/// An ensemble's members: the input's matrix, then the others.
pub(super) fn ensemble_members(input: &CibInput<'_>) -> Vec<Matrix> {
    let mut members = vec![input.matrix.clone()];
    members.extend(input.ensemble.iter().cloned());
    members
}

/// What the report draws of the optional analyses.
#[derive(Default)]
pub(super) struct Extras {
    pub(super) families: Option<(usize, Vec<Family>)>,
    pub(super) robustness: Option<(Perturbation, Vec<Robustness>)>,
}

/// Runs the optional analyses the request asks for, in a fixed order (ensemble, robustness,
/// families, succession, sampled basins), filling their parts of `doc`. Succession and sampled
/// basins run on `dynamics`, the matrix cut down to the intervention's fixed variants.
pub(super) fn extras(
    input: &CibInput<'_>,
    request: &CibRequest,
    dynamics: &Restricted,
    solutions: &[Solution],
    made: &Made,
    doc: &mut CibDocument,
    progress: &dyn Progress,
) -> Result<Extras, RequestError> {
    let m = &input.matrix;
    let constraints = request.constraints(m);
    let mut extras = Extras::default();
    if !input.ensemble.is_empty() {
        let members = ensemble_members(input);
        let k = request.agree.unwrap_or(members.len());
        if k == 0 || k > members.len() {
            return Err(RequestError(format!(
                "--agree {k}: give a number from 1 to {}",
                members.len()
            )));
        }
        let search = |m: &Matrix, c: &_| made.search(m, c, &NoProgress);
        let e = ensemble_with(&members, k, &constraints, search).map_err(RequestError)?;
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
        if p == Perturbation::Intervals && !has_intervals(m) {
            return Err(RequestError::new(
                "--perturb intervals: no judgment of this matrix has an interval (a model gives \
                 them as `[low, nominal, high]`), so every draw would be the matrix itself; \
                 give a width such as --perturb 1 instead",
            ));
        }
        let (draws, seed) = (request.draws(), request.seed);
        let r = robustness(m, p, draws, seed, &constraints, progress).map_err(RequestError)?;
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
        let start = scenario(m, "--from", from)?;
        doc.succession = Some(succession_document(m, dynamics, &start, request));
    }
    if let Some(n) = request.sample_basins {
        doc.sampled_basins = Some(sampled(m, dynamics, n, request, progress));
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

/// Whether any judgment has an interval wider than its nominal value.
fn has_intervals(m: &Matrix) -> bool {
    m.intervals()
        .is_some_and(|iv| iv.iter().any(|&(low, high)| low < high))
}

/// Parses the scenario a flag names (`--from`, `--check`): one variant per descriptor, in
/// order, each by name or 1-based index, separated by spaces or commas.
pub fn scenario(m: &Matrix, flag: &str, text: &str) -> Result<Vec<usize>, RequestError> {
    let parts: Vec<&str> = text
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() != m.descriptor_count() {
        return Err(RequestError(format!(
            "{flag} {text:?}: give one variant per descriptor ({} of them), by name or 1-based \
             index, e.g. \"{}\"",
            m.descriptor_count(),
            vec!["1"; m.descriptor_count()].join(" ")
        )));
    }
    parts
        .iter()
        .zip(m.descriptors())
        .map(|(p, d)| {
            d.variants
                .iter()
                .position(|v| v == p)
                .or_else(|| {
                    p.parse::<usize>()
                        .ok()
                        .filter(|&v| v >= 1 && v <= d.variants.len())
                        .map(|v| v - 1)
                })
                .ok_or_else(|| {
                    RequestError(format!(
                        "{flag} {text:?}: descriptor {} has no variant {p:?}; its variants are {} \
                         (or 1 to {})",
                        d.name,
                        d.variants.join(", "),
                        d.variants.len()
                    ))
                })
        })
        .collect()
}

/// The succession path from a start, under the intervention: fixed descriptors start at their
/// fixed variant (and stay there). Its first step is the start.
fn succession_document(
    m: &Matrix,
    dynamics: &Restricted,
    from: &[usize],
    request: &CibRequest,
) -> CibSuccession {
    let start = dynamics.expand(&dynamics.shrink(from));
    let start_changed = (0..m.descriptor_count())
        .filter(|&j| start[j] != from[j])
        .map(|j| {
            let d = &m.descriptors()[j];
            format!("{}={}", d.name, d.variants[start[j]])
        })
        .collect();
    let rule = request.rule();
    let path = dynamics.expand_path(&succession(&dynamics.matrix, &dynamics.shrink(from), rule));
    let (attractor, attractor_indices) = attractor_states(m, &path.attractor);
    CibSuccession {
        rule,
        start_changed,
        steps: path.steps.iter().map(|z| m.label(z)).collect(),
        step_indices: path.steps.iter().map(|z| one_based(z)).collect(),
        period: path.attractor.period(),
        attractor,
        attractor_indices,
    }
}

/// Basin shares estimated from `starts` seeded random starts (under the intervention: with the
/// fixed descriptors at their fixed variants), each with its 95% Wilson interval.
fn sampled(
    m: &Matrix,
    dynamics: &Restricted,
    starts: u64,
    request: &CibRequest,
    progress: &dyn Progress,
) -> CibSampledBasins {
    let rule = request.rule();
    let sampled = sampled_basins(&dynamics.matrix, starts, request.seed, rule, progress);
    let attractors = sampled
        .basins
        .iter()
        .map(|b| {
            let (states, indices) = attractor_states(m, &dynamics.expand_attractor(&b.attractor));
            CibSampledAttractor {
                period: b.attractor.period(),
                hits: b.hits,
                share: b.share,
                interval: b.interval,
                states,
                indices,
            }
        })
        .collect();
    CibSampledBasins {
        method: sampled.method.to_owned(),
        rule,
        seed: request.seed,
        starts: sampled.starts,
        attractors,
    }
}
