//! Checking a parsed model file and resolving it into a [`Model`].
//!
//! Every check runs, whatever failed before it, and every problem becomes a located
//! [`Diagnostic`]: ids (syntax, duplicates, unknown references with a "did you mean"), values out
//! of range (positions off the issue's scale, weights outside [-1, 1], malformed uncertain
//! values), judgment blocks of the wrong shape, self-links, duplicate blocks or links, clamps of
//! unknown states, and quotes that do not occur in their source.
//!
//! The checks are grouped by part of the model: [`citations`] (sources and quotes), [`actors`]
//! (issues and stances), [`factors`] (factors, terms, judgment blocks and links) and
//! [`scenarios`] (options and triggers).

mod actors;
mod alternatives;
mod citations;
mod factors;
mod hypotheses;
mod relations;
mod scenarios;

use std::collections::{HashMap, HashSet};

use super::evidence::SourceText;
use super::file::{IndicatorSpec, Means, ModelFile, ScenarioSpec};
use super::load::{LoadOptions, Parsed, SourceTexts};
use super::located::{Located, Span};
use super::terms::default_terms;
use super::types::*;
use super::values::{Quantity, QuoteStance, Quotes, WeightSpec};
use crate::diagnostic::{Diagnostic, SourceFile};
use crate::suggest::closest;
use citations::{EvidenceFields, evidence_fields};
use relations::Inside;

/// The largest weight an outcome may have. Weights are relative (a net score divides by their
/// sum), so nothing needs more; a bound keeps every sum of weighted effects finite, where
/// 1e308 made the net score NaN.
pub const MAX_OUTCOME_WEIGHT: f64 = 1e6;

/// The help of a weight out of range.
const WEIGHT_HELP: &str = "an outcome's weight is a number from 0 (it does not count) to \
                           1,000,000; weights are relative, so scale them down together";

/// A weight as a message shows it: large ones in exponent form (1e308, not 309 digits).
fn weight_shown(w: f64) -> String {
    if w.is_finite() && w.abs() >= 1e7 {
        format!("{w:e}")
    } else {
        format!("{w}")
    }
}

/// What is wrong with an outcome weight (completing "weight W of X …"), if anything.
fn weight_defect(w: f64) -> Option<&'static str> {
    if w.is_nan() {
        Some("is not a number")
    } else if w < 0.0 {
        Some("is negative")
    } else if w > MAX_OUTCOME_WEIGHT {
        Some("is above 1,000,000, the largest accepted")
    } else {
        None
    }
}

/// Checks `spec` and builds the model. Problems are pushed to `diagnostics`; the model returned
/// is only meaningful when none of them is an error.
pub(crate) fn resolve(
    parsed: &Parsed,
    file: &SourceFile,
    texts: &SourceTexts,
    load_options: &LoadOptions,
    diagnostics: &mut Vec<Diagnostic>,
) -> Model {
    let spec = &parsed.file;
    let mut r = Resolver {
        file,
        diagnostics,
        broken: &parsed.broken,
        header_ok: parsed.header_ok,
        source_ids: HashMap::new(),
        source_texts: Vec::new(),
        source_names: Vec::new(),
        in_alternative: false,
    };
    let sources = r.sources(spec, texts, load_options);
    let issues = r.issues(spec);
    let factors = r.factors(spec);
    let factor_ids = r.ids("factor", spec.factors.iter().map(|f| &f.id));
    let issue_ids = r.ids("issue", spec.issues.iter().map(|i| &i.id));
    let terms = r.terms(spec);
    let actors = r.actors(spec, &issue_ids, &issues);
    r.ids(
        "option or trigger",
        spec.options.iter().chain(&spec.triggers).map(|s| &s.id),
    );
    let trigger_ids: HashMap<String, usize> = spec
        .triggers
        .iter()
        .enumerate()
        .map(|(i, t)| (t.id.value.clone(), i))
        .collect();
    let names = relations::Names {
        factor_ids: &factor_ids,
        factors: &factors,
        terms: &terms,
        trigger_ids: &trigger_ids,
    };
    let relations::Encodings { links, judgments } =
        r.encodings(&spec.relations, &spec.judgments, &spec.links, &names);
    let options = r.scenarios(&spec.options, true, &factor_ids, &factors);
    let triggers = r.scenarios(&spec.triggers, false, &factor_ids, &factors);
    let actor_ids: HashMap<String, usize> = actors
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.clone(), i))
        .collect();
    let stakeholders = r.stakeholders(spec, &factor_ids, &factors, &actor_ids);
    let alternatives = r.alternatives(spec, texts, load_options, &names);
    let option_ids: HashMap<String, usize> = spec
        .options
        .iter()
        .enumerate()
        .map(|(i, o)| (o.id.value.clone(), i))
        .collect();
    let (hypotheses, evidence) = r.hypotheses(
        spec,
        &hypotheses::AchContext {
            factor_ids: &factor_ids,
            factors: &factors,
            option_ids: &option_ids,
            links: &links,
            judgments: &judgments,
        },
    );
    let model = Model {
        title: spec.model.title.clone(),
        question: spec.model.question.clone(),
        description: spec.model.description.clone(),
        date: spec.model.date.clone(),
        sources,
        actors,
        issues,
        factors,
        judgments,
        links,
        options,
        triggers,
        terms,
        stakeholders,
        alternatives,
        hypotheses,
        evidence,
    };
    if !r.diagnostics.iter().any(Diagnostic::is_error) {
        // Unused factors are only worth a warning in a file without errors: an element skipped
        // for an error would make its factors look unused.
        r.unused_factors(spec, &model);
    }
    r.unverified_sources(spec, &model);
    model
}

pub(super) struct Resolver<'a> {
    pub(super) file: &'a SourceFile,
    pub(super) diagnostics: &'a mut Vec<Diagnostic>,
    /// Elements skipped while parsing, by section and id: references to them are not errors
    /// of their own.
    pub(super) broken: &'a HashSet<(&'static str, String)>,
    /// Whether `[model]` (and so the list of sources) could be read.
    pub(super) header_ok: bool,
    pub(super) source_ids: HashMap<String, usize>,
    /// The prepared text of each source, where available.
    pub(super) source_texts: Vec<Option<SourceText>>,
    /// The id of each source, by index.
    pub(super) source_names: Vec<String>,
    /// Whether the file being resolved is an alternative encoding (see
    /// [`crate::model::file::AlternativeFile`]).
    pub(super) in_alternative: bool,
}

impl Resolver<'_> {
    pub(super) fn error(
        &mut self,
        code: &'static str,
        message: String,
        span: &Span,
        label: &str,
        help: String,
    ) {
        self.report(Diagnostic::error(code, message), span, label, help);
    }

    pub(super) fn warning(
        &mut self,
        code: &'static str,
        message: String,
        span: &Span,
        label: &str,
        help: String,
    ) {
        self.report(Diagnostic::warning(code, message), span, label, help);
    }

    fn report(&mut self, d: Diagnostic, span: &Span, label: &str, help: String) {
        let d = d.at(span.clone(), label).help(help).in_file(self.file);
        self.diagnostics.push(d);
    }

    pub(super) fn line_of(&self, span: &Span) -> usize {
        self.file.line_column(span.start).0
    }

    /// Checks the ids of one namespace: their syntax and uniqueness. Returns id → index (the
    /// first definition wins).
    pub(super) fn ids<'s>(
        &mut self,
        kind: &str,
        ids: impl Iterator<Item = &'s Located<String>>,
    ) -> HashMap<String, usize> {
        let mut seen: HashMap<String, (usize, Span)> = HashMap::new();
        for (index, id) in ids.enumerate() {
            let valid = !id.value.is_empty()
                && id
                    .value
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == '-');
            if !valid {
                self.error(
                    "model::invalid_id",
                    format!("`{}` is not a valid {kind} id", id.value),
                    &id.span,
                    "invalid id",
                    "ids are non-empty and use only letters, digits, `_` and `-`".into(),
                );
            }
            if let Some((_, first)) = seen.get(&id.value) {
                let line = self.line_of(first);
                self.error(
                    "model::duplicate_id",
                    format!("duplicate {kind} id `{}`", id.value),
                    &id.span,
                    "defined again here",
                    format!("it is first defined on line {line}; rename one of them"),
                );
            } else {
                seen.insert(id.value.clone(), (index, id.span.clone()));
            }
        }
        seen.into_iter().map(|(id, (i, _))| (id, i)).collect()
    }

    /// Looks up a reference; reports an unknown id with a suggestion.
    pub(super) fn lookup(
        &mut self,
        kind: &str,
        ids: &HashMap<String, usize>,
        id: &Located<String>,
    ) -> Option<usize> {
        if let Some(&i) = ids.get(&id.value) {
            return Some(i);
        }
        let section = match kind {
            "factor" => "factors",
            "actor" => "actors",
            "issue" => "issues",
            "trigger" => "triggers",
            "option" => "options",
            "hypothesis" => "hypotheses",
            _ => "",
        };
        if self.broken.contains(&(section, id.value.clone())) {
            // Already reported where it is defined.
            return None;
        }
        let mut known: Vec<&str> = ids.keys().map(String::as_str).collect();
        known.sort_unstable();
        let help = match closest(&id.value, known.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None if known.is_empty() => format!("the model defines no {kind}"),
            None if known.len() <= 12 => format!("the known {kind} ids are: {}", known.join(", ")),
            None => format!(
                "define it, or use one of the {} known {kind} ids",
                known.len()
            ),
        };
        self.error(
            "model::unknown_id",
            format!("unknown {kind} `{}`", id.value),
            &id.span,
            &format!("no {kind} has this id"),
            help,
        );
        None
    }

    pub(super) fn quantity(
        &mut self,
        q: &Located<Quantity>,
        what: &str,
        range: (f64, f64),
    ) -> Quantity {
        if let Some(defect) = q.value.defect() {
            self.error(
                "model::malformed_value",
                format!("malformed {what}: {defect}"),
                &q.span,
                "malformed",
                "write a number, [low, high] or [low, mode, high] in increasing order".into(),
            );
            return q.value;
        }
        let (low, high) = q.value.bounds();
        if low < range.0 || high > range.1 {
            self.error(
                "model::out_of_range",
                format!("{what} {} is outside [{}, {}]", q.value, range.0, range.1),
                &q.span,
                "out of range",
                format!(
                    "every value of the {what} must lie within [{}, {}]",
                    range.0, range.1
                ),
            );
        }
        q.value
    }

    /// Resolves a `from`/`to` pair; reports unknown ids and self-references.
    pub(super) fn pair(
        &mut self,
        what: &str,
        from: &Located<String>,
        to: &Located<String>,
        factor_ids: &HashMap<String, usize>,
    ) -> Option<(usize, usize)> {
        let f = self.lookup("factor", factor_ids, from);
        let t = self.lookup("factor", factor_ids, to);
        if from.value == to.value {
            self.error(
                "model::self_link",
                format!("a {what} from `{}` to itself", from.value),
                &to.span,
                "same as `from`",
                format!("a factor's effect on itself is not a {what}; remove it"),
            );
            return None;
        }
        Some((f?, t?))
    }

    /// Reports a second definition of the same ordered pair.
    pub(super) fn duplicate_pair(
        &mut self,
        what: &str,
        seen: &mut HashMap<(usize, usize), Span>,
        pair: (usize, usize),
        from: &Located<String>,
        to: &Located<String>,
    ) {
        if let Some(first) = seen.get(&pair) {
            let line = self.line_of(first);
            self.error(
                "model::duplicate_pair",
                format!("a second {what} from `{}` to `{}`", from.value, to.value),
                &from.span,
                "defined again",
                format!("the first is on line {line}; merge them into one"),
            );
        } else {
            seen.insert(pair, from.span.clone());
        }
    }

    /// Resolves signposts; a factor's say `higher`/`lower`, a judgment's `stronger`/`weaker`.
    pub(super) fn indicators(
        &mut self,
        specs: &[IndicatorSpec],
        of_factor: bool,
    ) -> Vec<Indicator> {
        let mut all = Vec::new();
        for i in specs {
            let fits = matches!(i.means.value, Means::Higher | Means::Lower) == of_factor;
            if !fits {
                let (what, allowed) = if of_factor {
                    ("a factor", "\"higher\" or \"lower\"")
                } else {
                    ("a link or judgment block", "\"stronger\" or \"weaker\"")
                };
                self.error(
                    "model::indicator_meaning",
                    format!("an indicator of {what} means {allowed}"),
                    &i.means.span,
                    "does not fit here",
                    format!("write means = {allowed}"),
                );
                continue;
            }
            all.push(Indicator {
                watch: i.watch.clone(),
                means: i.means.value,
                threshold: i.threshold.clone(),
                baseline: i.baseline.clone(),
                by: i.by.clone(),
                span: i.means.span.clone(),
            });
        }
        all
    }

    /// Warns about factors that nothing refers to.
    pub(super) fn unused_factors(&mut self, spec: &ModelFile, model: &Model) {
        let mut used = vec![false; model.factors.len()];
        for j in &model.judgments {
            used[j.from] = true;
            used[j.to] = true;
        }
        for l in &model.links {
            used[l.from] = true;
            used[l.to] = true;
        }
        for c in model
            .options
            .iter()
            .chain(&model.triggers)
            .flat_map(|s| &s.clamps)
        {
            used[c.factor] = true;
        }
        for (f, used) in spec.factors.iter().zip(used) {
            if !used {
                self.diagnostics.push(
                    Diagnostic::warning(
                        "model::unused_factor",
                        format!(
                            "factor `{}` is not used by any judgment, link or scenario",
                            f.id.value
                        ),
                    )
                    .at(f.id.span.clone(), "unused")
                    .help("connect it with a judgment block or a link, or remove it")
                    .in_file(self.file),
                );
            }
        }
    }

    /// Warns once per source whose quotes could not be verified for lack of its text.
    pub(super) fn unverified_sources(&mut self, spec: &ModelFile, model: &Model) {
        let mut counts = vec![0usize; model.sources.len()];
        let items = model.evidence.iter().filter(|i| i.relation.is_none());
        let judged = model.judgments_with_evidence().into_iter().map(|(_, e)| e);
        for evidence in judged.chain(items.map(|i| &i.evidence)) {
            for c in &evidence.citations {
                if !model.sources[c.source].text_available {
                    counts[c.source] += 1;
                }
            }
        }
        for ((source, spec), count) in model.sources.iter().zip(&spec.model.sources).zip(counts) {
            if count > 0 && source.path.is_none() {
                let d = Diagnostic::warning(
                    "model::unverified_quotes",
                    format!(
                        "{count} quote(s) citing `{}` cannot be verified: the source has no `path`",
                        source.id
                    ),
                )
                .at(spec.id.span.clone(), "no text to check quotes against")
                .help("give the source's plain text as `path`, relative to the model file")
                .in_file(self.file);
                self.diagnostics.push(d);
            }
        }
    }
}
