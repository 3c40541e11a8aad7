//! A structural review of a model: can its structure prove its author wrong?
//!
//! A model whose every path from an option to the outcomes is a harm settles the verdict before
//! any number is weighed; a judgment that cannot reach an outcome once the options' clamps are
//! applied changes nothing the briefing compares, however it is weighed. `realpolitik check`
//! runs these checks on any model and reports each finding as a located warning:
//!
//! - **inert judgments** (`review::inert`): links and judgment blocks (once per relation when
//!   both its encodings are inert) whose target cannot reach
//!   an outcome without passing through a factor that every option fixes (the clamped factor's
//!   value is set, so nothing flowing into it changes the comparison); a factor that opens or
//!   scales a conditional relation acts on that relation's target. In the CIB a block that
//!   reaches a factor every option fixes is not inert: the impact balance on that factor is
//!   what the briefing reads to say an imposed option "pushes back" (the pressure on the
//!   choice, e.g. on the coalition's stance once the airstrikes have failed);
//! - **one-sided paths** (`review::one_sided`): for each option, the simple paths of at most
//!   [`MAX_PATH_LINKS`] FCM links from the factors it sets differently from the status quo to
//!   the judged outcomes, counted as beneficial or harmful by the sign of
//!   `Δlever · Π weights · desired` (with their summed |Π weights|); a warning when one side has
//!   none;
//! - **reused quotes** (`review::reused_quote`): one passage grounding several relations (a
//!   block and a link written apart on one pair are one relation): a passage usually grounds
//!   one judgment;
//! - **double counting** (`review::double_count`): a direct link whose passage also grounds a
//!   link on a longer path between the same factors, so the same sentence is counted twice;
//! - **options without effect** (`review::no_effect`): an option that differs from the status
//!   quo on nothing an outcome can feel;
//! - **signposts that do not discriminate** (`review::undiagnostic_signpost`): an indicator
//!   that, seen or its opposite seen, moves an option's net score the same way
//!   ([`crate::briefing::assumptions::signposts`]): watching it cannot tell the readings apart;
//! - **encodings that disagree** (`review::sign_disagreement`): a relation whose FCM weight and
//!   CIB block point different ways. A block's direction is `Σ_a Σ_b C[a][b] · x_a · y_b`, with
//!   `x_a`, `y_b` the states' positions centred on the middle of each scale: positive when the
//!   higher states of `from` promote the higher states of `to`.

use std::collections::HashMap;

use schemars::JsonSchema;
use serde::Serialize;

use crate::diagnostic::{Diagnostic, SourceFile};
use crate::fcm::scenario::clamp_value;
use crate::model::evidence::normalize;
use crate::model::{Model, Role, Span};

/// The longest path counted between an option's levers and an outcome.
pub const MAX_PATH_LINKS: usize = 4;

/// The balance of an option's paths to the outcomes.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct PathBalance {
    /// The option.
    pub option: String,
    /// Paths along which the option does better than the status quo.
    pub beneficial: usize,
    /// Their summed |product of nominal weights|.
    pub beneficial_weight: f64,
    /// Paths along which it does worse.
    pub harmful: usize,
    /// Their summed |product of nominal weights|.
    pub harmful_weight: f64,
}

/// What the review found.
#[derive(Clone, Debug)]
pub struct Review {
    /// One per option other than the status quo (empty without a status quo).
    pub paths: Vec<PathBalance>,
    /// The findings, as warnings located in the model file.
    pub warnings: Vec<Diagnostic>,
}

/// Reviews `model`, whose text is `file` (see the module docs).
pub fn review(model: &Model, file: &SourceFile) -> Review {
    let mut warnings = Vec::new();
    let warn = |code: &'static str, message: String, span: &Span, label: &str, help: &str| {
        Diagnostic::warning(code, message)
            .at(span.clone(), label)
            .help(help)
            .in_file(file)
    };
    let fixed = fixed_by_every_option(model);
    // A condition's factor acts on the relation's target too: it opens or scales it.
    let condition = |requires: &Option<crate::model::Condition>, scaled_by: Option<usize>| {
        requires
            .as_ref()
            .map(|c| c.factor)
            .into_iter()
            .chain(scaled_by)
    };
    let fcm_edges: Vec<(usize, usize)> = model
        .links
        .iter()
        .flat_map(|l| {
            let gates = condition(&l.requires, l.scaled_by).map(move |c| (c, l.to));
            std::iter::once((l.from, l.to)).chain(gates)
        })
        .collect();
    let cib_edges: Vec<(usize, usize)> = model
        .judgments
        .iter()
        .filter(|j| j.strongest() > 0)
        .flat_map(|j| {
            let gates = condition(&j.requires, j.scaled_by).map(move |c| (c, j.to));
            std::iter::once((j.from, j.to)).chain(gates)
        })
        .collect();
    let fcm_reach = reaches_outcome(model, &fixed, &fcm_edges, false);
    let cib_reach = reaches_outcome(model, &fixed, &cib_edges, true);

    // A relation written once for both engines and inert in both is reported once.
    let inert_block = |l: &crate::model::Link| {
        model.judgments.iter().any(|j| {
            (j.from, j.to) == (l.from, l.to)
                && j.evidence.same_element(&l.evidence)
                && j.strongest() > 0
                && !cib_reach[j.to]
        })
    };
    let mut reported_relations = Vec::new();
    for l in &model.links {
        if !fcm_reach[l.to] {
            let both = inert_block(l);
            let message = if both {
                reported_relations.push((l.from, l.to));
                format!(
                    "relation {} cannot change what the options are compared on, in either engine",
                    names(model, l.from, l.to)
                )
            } else {
                format!(
                    "link {} cannot change what the briefing compares",
                    names(model, l.from, l.to)
                )
            };
            warnings.push(warn(
                "review::inert",
                message,
                &l.evidence.span,
                "inert",
                &inert_help(model, l.to, &fixed),
            ));
        }
    }
    for j in &model.judgments {
        if reported_relations.contains(&(j.from, j.to)) {
            continue;
        }
        if j.strongest() > 0 && !cib_reach[j.to] {
            warnings.push(warn(
                "review::inert",
                format!(
                    "judgment block {} cannot change what the options leave possible",
                    names(model, j.from, j.to)
                ),
                &j.evidence.span,
                "inert",
                &inert_help(model, j.to, &fixed),
            ));
        }
    }

    sign_disagreements(model, &mut warnings, &warn);
    undiagnostic_signposts(model, &mut warnings, &warn);

    let paths = path_balances(model, &fixed);
    for (balance, option) in paths
        .iter()
        .zip(model.options.iter().filter(|o| !o.status_quo))
    {
        let (none, some, n, weight) = if balance.beneficial == 0 {
            (
                "beneficial",
                "harmful",
                balance.harmful,
                balance.harmful_weight,
            )
        } else if balance.harmful == 0 {
            (
                "harmful",
                "beneficial",
                balance.beneficial,
                balance.beneficial_weight,
            )
        } else {
            continue;
        };
        if n == 0 {
            continue;
        }
        warnings.push(warn(
            "review::one_sided",
            format!(
                "option `{}` has no {none} path to the outcomes: all {n} paths of at most \
                 {MAX_PATH_LINKS} links are {some} (summed weight {weight:.2})",
                option.id
            ),
            &option.span,
            "one-sided",
            "the structure settles the verdict before any number is weighed: encode the \
             mechanisms by which the other side expects the option to work, even if weak",
        ));
    }

    let feels = |f: usize| {
        (model.factors[f].role == Role::Outcome && !fixed[f])
            || fcm_edges.iter().any(|&(a, b)| a == f && fcm_reach[b])
    };
    if let Some(sq) = model.status_quo() {
        for option in model.options.iter().filter(|o| !o.status_quo) {
            let differs: Vec<usize> = levers_of(model, option, sq).map(|(f, _)| f).collect();
            if !differs.iter().any(|&f| feels(f)) {
                warnings.push(warn(
                    "review::no_effect",
                    format!(
                        "option `{}` differs from the status quo on nothing an outcome can feel",
                        option.id
                    ),
                    &option.span,
                    "no effect",
                    "clamp a lever that has a causal path to an outcome, at another value than \
                     the status quo",
                ));
            }
        }
    }

    reused_quotes(model, &mut warnings, &warn);
    double_counts(model, &mut warnings, &warn);
    Review { paths, warnings }
}

/// Warns where a pair's FCM weight and CIB block point different ways.
fn sign_disagreements(model: &Model, warnings: &mut Vec<Diagnostic>, warn: &Warn<'_>) {
    for l in &model.links {
        let Some(j) = model
            .judgments
            .iter()
            .find(|j| (j.from, j.to) == (l.from, l.to))
        else {
            continue;
        };
        let (weight, direction) = (l.weight.nominal(), j.direction());
        if weight * direction < 0.0 {
            let way = |x: f64| if x > 0.0 { "raises" } else { "lowers" };
            let (from, to) = (&model.factors[l.from].id, &model.factors[l.to].id);
            warnings.push(warn(
                "review::sign_disagreement",
                format!(
                    "the FCM weight says `{from}` {} `{to}`, its CIB block that it {} it",
                    way(weight),
                    way(direction)
                ),
                &l.evidence.span,
                "the two encodings disagree",
                "one relation should point the same way in both engines: fix the sign of the \
                 weight or the block, or say in a comment why they differ",
            ));
        }
    }
}

fn undiagnostic_signposts(model: &Model, warnings: &mut Vec<Diagnostic>, warn: &Warn<'_>) {
    use crate::briefing::assumptions::{Moves, signposts};
    let judge = crate::briefing::judge::Judge::new(model);
    let settings = crate::fcm::Settings::default();
    let mut reported: Vec<Span> = Vec::new();
    for (o, option) in judge.options().iter().enumerate() {
        for post in signposts(&judge, o, &settings) {
            if post.diagnostic || post.moves == Moves::Nothing || reported.contains(&post.span) {
                continue;
            }
            reported.push(post.span.clone());
            warnings.push(warn(
                "review::undiagnostic_signpost",
                format!(
                    "signpost \"{}\" does not discriminate: for option {option}, seeing it and \
                     seeing its opposite move the net score the same way",
                    post.watch
                ),
                &post.span,
                "not diagnostic",
                "watch an indicator whose opposite would point the other way, or check the \
                 judgments it bears on",
            ));
        }
    }
}

fn names(model: &Model, from: usize, to: usize) -> String {
    format!("{} → {}", model.factors[from].id, model.factors[to].id)
}

fn inert_help(model: &Model, to: usize, fixed: &[bool]) -> String {
    let target = &model.factors[to].id;
    if fixed[to] {
        format!(
            "every option fixes `{target}`, so what flows into it does not differ between them; \
             route the effect to a factor the options leave free, or say in a comment why the \
             judgment is kept"
        )
    } else {
        format!(
            "`{target}` has no path to an outcome that avoids the factors every option fixes; \
             connect it to an outcome, or say in a comment why the judgment is kept"
        )
    }
}

/// Factors that every option clamps (with or without a status quo, at least one option).
fn fixed_by_every_option(model: &Model) -> Vec<bool> {
    (0..model.factors.len())
        .map(|f| {
            !model.options.is_empty()
                && model
                    .options
                    .iter()
                    .all(|o| o.clamps.iter().any(|c| c.factor == f))
        })
        .collect()
}

/// Whether each factor is a free outcome, or reaches one along `edges` through free factors;
/// with `fixed_read`, a factor every option fixes counts as reached too (the CIB reads the
/// balance on it: the push-back).
fn reaches_outcome(
    model: &Model,
    fixed: &[bool],
    edges: &[(usize, usize)],
    fixed_read: bool,
) -> Vec<bool> {
    let n = model.factors.len();
    let mut reach: Vec<bool> = (0..n)
        .map(|f| (model.factors[f].role == Role::Outcome && !fixed[f]) || (fixed_read && fixed[f]))
        .collect();
    let mut changed = true;
    while changed {
        changed = false;
        for &(a, b) in edges {
            if reach[b] && !reach[a] && !fixed[a] {
                reach[a] = true;
                changed = true;
            }
        }
    }
    reach
}

/// The factors an option sets differently from the status quo, with the sign of the change.
fn levers_of<'m>(
    model: &'m Model,
    option: &'m crate::model::Scenario,
    status_quo: &'m crate::model::Scenario,
) -> impl Iterator<Item = (usize, f64)> + 'm {
    option.clamps.iter().filter_map(move |c| {
        let value = clamp_value(model, c);
        let base = status_quo
            .clamps
            .iter()
            .find(|s| s.factor == c.factor)
            .map_or(0.0, |s| clamp_value(model, s));
        (value != base).then(|| (c.factor, (value - base).signum()))
    })
}

fn path_balances(model: &Model, fixed: &[bool]) -> Vec<PathBalance> {
    let Some(sq) = model.status_quo() else {
        return Vec::new();
    };
    let mut out_links: Vec<Vec<(usize, f64)>> = vec![Vec::new(); model.factors.len()];
    for l in &model.links {
        out_links[l.from].push((l.to, l.weight.nominal()));
    }
    let desired: Vec<f64> = model
        .factors
        .iter()
        .map(|f| match f.desired {
            Some(d) if f.role == Role::Outcome && f.weight > 0.0 => d.sign(),
            _ => 0.0,
        })
        .collect();
    model
        .options
        .iter()
        .filter(|o| !o.status_quo)
        .map(|option| {
            let mut balance = PathBalance {
                option: option.id.clone(),
                beneficial: 0,
                beneficial_weight: 0.0,
                harmful: 0,
                harmful_weight: 0.0,
            };
            for (lever, direction) in levers_of(model, option, sq) {
                let mut on_path = vec![false; model.factors.len()];
                on_path[lever] = true;
                let mut visit = |end: usize, product: f64| {
                    let effect = direction * product * desired[end];
                    if effect > 0.0 {
                        balance.beneficial += 1;
                        balance.beneficial_weight += product.abs();
                    } else if effect < 0.0 {
                        balance.harmful += 1;
                        balance.harmful_weight += product.abs();
                    }
                };
                walk(&out_links, fixed, lever, 1.0, 0, &mut on_path, &mut visit);
            }
            balance
        })
        .collect()
}

/// Every simple path from `at` of at most [`MAX_PATH_LINKS`] links through factors that are
/// not fixed; `visit(end, product of weights)` for each.
fn walk(
    out_links: &[Vec<(usize, f64)>],
    fixed: &[bool],
    at: usize,
    product: f64,
    links: usize,
    on_path: &mut [bool],
    visit: &mut dyn FnMut(usize, f64),
) {
    if links == MAX_PATH_LINKS {
        return;
    }
    for &(next, w) in &out_links[at] {
        if on_path[next] || fixed[next] || w == 0.0 {
            continue;
        }
        visit(next, product * w);
        on_path[next] = true;
        walk(
            out_links,
            fixed,
            next,
            product * w,
            links + 1,
            on_path,
            visit,
        );
        on_path[next] = false;
    }
}

type Warn<'a> = dyn Fn(&'static str, String, &Span, &str, &str) -> Diagnostic + 'a;

/// Passages that ground more than one link, or more than one block.
fn reused_quotes(model: &Model, warnings: &mut Vec<Diagnostic>, warn: &Warn<'_>) {
    // Every causal judgment, a relation written once for both engines counted once. A block
    // and a link written apart on one pair may share their passage: they judge one relation.
    let judged = model.judgments_with_evidence();
    let causal = judged.iter().filter_map(|(what, evidence)| {
        ["relation ", "cross-impact ", "link "]
            .iter()
            .find_map(|kind| what.strip_prefix(kind).map(|pair| (what, pair, *evidence)))
    });
    let mut first: HashMap<String, (&str, &str)> = HashMap::new();
    for (what, pair, evidence) in causal {
        for c in &evidence.citations {
            let key = normalize(&c.quote);
            match first.get(&key) {
                Some(&(earlier_pair, earlier)) if earlier_pair != pair => warnings.push(warn(
                    "review::reused_quote",
                    format!("{what} rests on a passage that already grounds {earlier}"),
                    &evidence.span,
                    "passage used again",
                    "a passage usually grounds one judgment: quote the sentence that grounds \
                     this one, or say in a comment why the same passage grounds both",
                )),
                Some(_) => {}
                None => {
                    first.insert(key, (pair, what.as_str()));
                }
            }
        }
    }
}

/// Direct links whose passage also grounds a link on a longer path between the same factors.
fn double_counts(model: &Model, warnings: &mut Vec<Diagnostic>, warn: &Warn<'_>) {
    let quotes: Vec<Vec<String>> = model
        .links
        .iter()
        .map(|l| {
            l.evidence
                .citations
                .iter()
                .map(|c| normalize(&c.quote))
                .collect()
        })
        .collect();
    let mut out_links: Vec<Vec<usize>> = vec![Vec::new(); model.factors.len()];
    for (k, l) in model.links.iter().enumerate() {
        out_links[l.from].push(k);
    }
    for (k, direct) in model.links.iter().enumerate() {
        let shares = |p: usize| p != k && quotes[p].iter().any(|q| quotes[k].contains(q));
        let mut on_path = vec![false; model.factors.len()];
        on_path[direct.from] = true;
        let mut path = Vec::new();
        let ends = (direct.from, direct.to);
        let found = longer_path(model, &out_links, ends, &mut on_path, &mut path, &shares);
        if let Some(p) = found {
            let other = &model.links[p];
            warnings.push(warn(
                "review::double_count",
                format!(
                    "link {} repeats a path through {} that rests on the same passage",
                    names(model, direct.from, direct.to),
                    names(model, other.from, other.to)
                ),
                &direct.evidence.span,
                "counted twice",
                "the passage is counted once along the path and again here: remove the direct \
                 link, or ground it in a passage of its own",
            ));
        }
    }
}

/// A link satisfying `shares` on a simple path of 2..=[`MAX_PATH_LINKS`] links that continues
/// `path` (links, ending at factor `at`) to factor `to`.
fn longer_path(
    model: &Model,
    out_links: &[Vec<usize>],
    (at, to): (usize, usize),
    on_path: &mut [bool],
    path: &mut Vec<usize>,
    shares: &dyn Fn(usize) -> bool,
) -> Option<usize> {
    if path.len() == MAX_PATH_LINKS {
        return None;
    }
    for &next in &out_links[at] {
        let end = model.links[next].to;
        if on_path[end] {
            continue;
        }
        path.push(next);
        let hit = if end == to {
            (path.len() >= 2)
                .then(|| path.iter().copied().find(|&p| shares(p)))
                .flatten()
        } else {
            on_path[end] = true;
            let deeper = longer_path(model, out_links, (end, to), on_path, path, shares);
            on_path[end] = false;
            deeper
        };
        path.pop();
        if hit.is_some() {
            return hit;
        }
    }
    None
}

#[cfg(test)]
#[path = "review_tests.rs"]
mod tests;
