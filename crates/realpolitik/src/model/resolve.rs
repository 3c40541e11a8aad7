//! Checking a parsed model file and resolving it into a [`Model`].
//!
//! Every check runs, whatever failed before it, and every problem becomes a located
//! [`Diagnostic`]: ids (syntax, duplicates, unknown references with a "did you mean"), values out
//! of range (positions off the issue's scale, weights outside [-1, 1], malformed uncertain
//! values), judgment blocks of the wrong shape, self-links, duplicate blocks or links, clamps of
//! unknown states, and quotes that do not occur in their source.

use std::collections::HashMap;

use super::evidence::SourceText;
use super::file::{ModelFile, ScenarioSpec};
use super::load::SourceTexts;
use super::located::{Located, Span};
use super::terms::default_terms;
use super::types::*;
use super::values::{Quantity, Quotes, WeightSpec};
use crate::diagnostic::{Diagnostic, SourceFile};
use crate::suggest::closest;

/// Checks `spec` and builds the model. Problems are pushed to `diagnostics`; the model returned
/// is only meaningful when none of them is an error.
pub(crate) fn resolve(
    spec: &ModelFile,
    file: &SourceFile,
    texts: &SourceTexts,
    diagnostics: &mut Vec<Diagnostic>,
) -> Model {
    let mut r = Resolver {
        file,
        diagnostics,
        source_ids: HashMap::new(),
        source_texts: Vec::new(),
    };
    let sources = r.sources(spec, texts);
    let issues = r.issues(spec);
    let factors = r.factors(spec);
    let factor_ids = r.ids("factor", spec.factors.iter().map(|f| &f.id));
    let issue_ids = r.ids("issue", spec.issues.iter().map(|i| &i.id));
    let terms = r.terms(spec);
    let actors = r.actors(spec, &issue_ids, &issues);
    let judgments = r.judgments(spec, &factor_ids, &factors);
    let links = r.links(spec, &factor_ids, &terms);
    r.ids(
        "option or trigger",
        spec.options.iter().chain(&spec.triggers).map(|s| &s.id),
    );
    let options = r.scenarios(&spec.options, true, &factor_ids, &factors);
    let triggers = r.scenarios(&spec.triggers, false, &factor_ids, &factors);
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
    };
    r.unused_factors(spec, &model);
    r.unverified_sources(&model);
    model
}

struct Resolver<'a> {
    file: &'a SourceFile,
    diagnostics: &'a mut Vec<Diagnostic>,
    source_ids: HashMap<String, usize>,
    /// The prepared text of each source, where available.
    source_texts: Vec<Option<SourceText>>,
}

impl Resolver<'_> {
    fn error(
        &mut self,
        code: &'static str,
        message: String,
        span: &Span,
        label: &str,
        help: String,
    ) {
        let d = Diagnostic::error(code, message)
            .at(span.clone(), label)
            .help(help)
            .in_file(self.file);
        self.diagnostics.push(d);
    }

    fn line_of(&self, span: &Span) -> usize {
        self.file.line_column(span.start).0
    }

    /// Checks the ids of one namespace: their syntax and uniqueness. Returns id → index (the
    /// first definition wins).
    fn ids<'s>(
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
    fn lookup(
        &mut self,
        kind: &str,
        ids: &HashMap<String, usize>,
        id: &Located<String>,
    ) -> Option<usize> {
        if let Some(&i) = ids.get(&id.value) {
            return Some(i);
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

    fn quantity(&mut self, q: &Located<Quantity>, what: &str, range: (f64, f64)) -> Quantity {
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

    fn sources(&mut self, spec: &ModelFile, texts: &SourceTexts) -> Vec<Source> {
        self.source_ids = self.ids("source", spec.model.sources.iter().map(|s| &s.id));
        let mut sources = Vec::new();
        for s in &spec.model.sources {
            let text = s
                .path
                .as_ref()
                .and_then(|path| match texts.read(&path.value) {
                    Ok(text) => Some(SourceText::new(&text)),
                    Err(why) => {
                        self.error(
                            "model::source_unreadable",
                            format!("cannot read the text of source `{}`: {why}", s.id.value),
                            &path.span,
                            "this file",
                            "the path is relative to the model file; fix it, or remove `path` to \
                         cite the source without verifying quotes"
                                .into(),
                        );
                        None
                    }
                });
            sources.push(Source {
                id: s.id.value.clone(),
                title: s.title.clone(),
                author: s.author.clone(),
                date: s.date.clone(),
                published: s.published.clone(),
                path: s.path.as_ref().map(|p| p.value.clone()),
                text_available: text.is_some(),
            });
            self.source_texts.push(text);
        }
        sources
    }

    /// Resolves the evidence fields shared by every kind of judgment.
    fn evidence(
        &mut self,
        source: &Option<Located<String>>,
        quote: &Option<Located<Quotes>>,
        justification: &Option<String>,
        assumption: &Option<String>,
        span: &Span,
    ) -> Evidence {
        let mut evidence = Evidence {
            citations: Vec::new(),
            justification: justification.clone(),
            assumption: assumption.clone(),
            span: span.clone(),
        };
        let Some(quote) = quote else {
            if let Some(source) = source {
                self.error(
                    "model::source_without_quote",
                    format!("source `{}` is cited without a quote", source.value),
                    &source.span,
                    "no quote",
                    "add quote = \"…\" with the passage this judgment rests on".into(),
                );
            }
            return evidence;
        };
        let source_index = match source {
            Some(source) => {
                let ids = self.source_ids.clone();
                self.lookup("source", &ids, source)
            }
            None if self.source_texts.len() == 1 => Some(0),
            None => {
                self.error(
                    "model::quote_without_source",
                    "a quote must say which source it is from".into(),
                    &quote.span,
                    "from which source?",
                    "add source = \"id\" naming one of the sources in [model]".into(),
                );
                None
            }
        };
        let Some(source_index) = source_index else {
            return evidence;
        };
        for (i, q) in quote.value.0.iter().enumerate() {
            let verified = match &self.source_texts[source_index] {
                Some(text) if text.contains(q) => true,
                Some(text) => {
                    let which = if quote.value.0.len() > 1 {
                        format!("quote {} of {}", i + 1, quote.value.0.len())
                    } else {
                        "quote".to_owned()
                    };
                    let prefix = text.longest_matching_prefix(q);
                    let help = if prefix.is_empty() {
                        "not even its first word occurs in the source; quotes must be verbatim \
                         (only whitespace and quote marks may differ)"
                            .to_owned()
                    } else {
                        format!(
                            "the source has \"{prefix}\" but not what follows; quotes must be \
                             verbatim (only whitespace and quote marks may differ)"
                        )
                    };
                    self.error(
                        "model::quote_not_found",
                        format!(
                            "{which} not found in source `{}`",
                            self.source_ids_by_index(source_index)
                        ),
                        &quote.span,
                        "not in the source",
                        help,
                    );
                    false
                }
                None => false,
            };
            evidence.citations.push(Citation {
                source: source_index,
                quote: q.clone(),
                verified,
            });
        }
        evidence
    }

    fn source_ids_by_index(&self, index: usize) -> String {
        self.source_ids
            .iter()
            .find(|(_, i)| **i == index)
            .map(|(id, _)| id.clone())
            .unwrap_or_default()
    }

    fn issues(&mut self, spec: &ModelFile) -> Vec<Issue> {
        spec.issues
            .iter()
            .map(|i| {
                let scale = &i.scale.value;
                if !(scale.low < scale.high) {
                    self.error(
                        "model::bad_scale",
                        format!(
                            "the scale of issue `{}` runs from {} to {}: its low end must be below its high end",
                            i.id.value, scale.low, scale.high
                        ),
                        &i.scale.span,
                        "empty scale",
                        "e.g. scale = { low = 0, high = 100, low_label = \"…\", high_label = \"…\" }".into(),
                    );
                }
                Issue {
                    id: i.id.value.clone(),
                    question: i.question.clone(),
                    low: scale.low,
                    high: scale.high,
                    low_label: scale.low_label.clone(),
                    high_label: scale.high_label.clone(),
                }
            })
            .collect()
    }

    fn factors(&mut self, spec: &ModelFile) -> Vec<Factor> {
        let mut factors = Vec::new();
        for f in &spec.factors {
            let states = &f.states.value;
            if states.len() == 1 {
                self.error(
                    "model::too_few_states",
                    format!("factor `{}` has a single state", f.id.value),
                    &f.states.span,
                    "one state",
                    "give at least two states, or none if the factor is not a CIB descriptor"
                        .into(),
                );
            }
            for (k, state) in states.iter().enumerate() {
                if state.value.trim().is_empty() {
                    self.error(
                        "model::invalid_state",
                        format!("factor `{}` has an empty state name", f.id.value),
                        &state.span,
                        "empty",
                        "name every state".into(),
                    );
                } else if let Some(first) = states[..k].iter().find(|s| s.value == state.value) {
                    let line = self.line_of(&first.span);
                    self.error(
                        "model::duplicate_state",
                        format!(
                            "factor `{}` has the state `{}` twice",
                            f.id.value, state.value
                        ),
                        &state.span,
                        "again",
                        format!("state names within a factor are unique (first on line {line})"),
                    );
                }
            }
            factors.push(Factor {
                id: f.id.value.clone(),
                label: f.label.clone(),
                description: f.description.clone(),
                role: f.role.value,
                states: states.iter().map(|s| s.value.clone()).collect(),
            });
        }
        factors
    }

    fn terms(&mut self, spec: &ModelFile) -> Vec<Term> {
        let mut terms: Vec<Term> = default_terms()
            .into_iter()
            .map(|(name, fuzzy)| Term { name, fuzzy })
            .collect();
        for (name, q) in &spec.terms {
            let fuzzy = self.quantity(q, &format!("term `{name}`"), (-1.0, 1.0));
            match terms.iter_mut().find(|t| &t.name == name) {
                Some(t) => t.fuzzy = fuzzy,
                None => terms.push(Term {
                    name: name.clone(),
                    fuzzy,
                }),
            }
        }
        terms
    }

    fn actors(
        &mut self,
        spec: &ModelFile,
        issue_ids: &HashMap<String, usize>,
        issues: &[Issue],
    ) -> Vec<Actor> {
        let actor_ids = self.ids("actor", spec.actors.iter().map(|a| &a.id));
        let mut actors = Vec::new();
        for a in &spec.actors {
            let part_of = a.part_of.as_ref().and_then(|p| {
                if p.value == a.id.value {
                    self.error(
                        "model::self_reference",
                        format!("actor `{}` cannot be part of itself", a.id.value),
                        &p.span,
                        "itself",
                        "name the larger actor it belongs to, or remove `part_of`".into(),
                    );
                    return None;
                }
                self.lookup("actor", &actor_ids, p)
            });
            let mut stances = Vec::new();
            for (issue_id, s) in &a.bargaining {
                let issue = self.lookup("issue", issue_ids, issue_id);
                let scale = issue.map_or((f64::NEG_INFINITY, f64::INFINITY), |i| {
                    (issues[i].low, issues[i].high)
                });
                let position = self.quantity(&s.position, "position", scale);
                let salience = self.quantity(&s.salience, "salience", (0.0, 100.0));
                let capability = self.quantity(&s.capability, "capability", (0.0, f64::INFINITY));
                let evidence = self.evidence(
                    &s.source,
                    &s.quote,
                    &s.justification,
                    &s.assumption,
                    &issue_id.span,
                );
                if let Some(issue) = issue {
                    stances.push(Stance {
                        issue,
                        position,
                        salience,
                        capability,
                        evidence,
                    });
                }
            }
            actors.push(Actor {
                id: a.id.value.clone(),
                name: a.name.clone(),
                description: a.description.clone(),
                part_of,
                stances,
            });
        }
        actors
    }

    /// Resolves a `from`/`to` pair; reports unknown ids and self-references.
    fn pair(
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
    fn duplicate_pair(
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

    fn judgments(
        &mut self,
        spec: &ModelFile,
        factor_ids: &HashMap<String, usize>,
        factors: &[Factor],
    ) -> Vec<Judgment> {
        let mut seen = HashMap::new();
        let mut judgments = Vec::new();
        for j in &spec.judgments {
            let Some((from, to)) = self.pair("judgment block", &j.from, &j.to, factor_ids) else {
                continue;
            };
            self.duplicate_pair("judgment block", &mut seen, (from, to), &j.from, &j.to);
            let (rows, cols) = (factors[from].states.len(), factors[to].states.len());
            for (id, n, span) in [(&j.from, rows, &j.from.span), (&j.to, cols, &j.to.span)] {
                if n == 0 {
                    self.error(
                        "model::no_states",
                        format!("factor `{}` has no states, so it cannot take part in cross-impact judgments", id.value),
                        span,
                        "no states",
                        format!("give factor `{}` its states = [\"…\", \"…\"]", id.value),
                    );
                }
            }
            let impacts = &j.impacts;
            let mut ok = rows > 0 && cols > 0;
            if ok && impacts.value.len() != rows {
                self.error(
                    "model::block_shape",
                    format!(
                        "the block has {} rows but `{}` has {rows} states",
                        impacts.value.len(),
                        j.from.value
                    ),
                    &impacts.span,
                    "wrong number of rows",
                    format!(
                        "write one row per state of `{}` ({}), each with one impact per state of `{}` ({})",
                        j.from.value,
                        factors[from].states.join(", "),
                        j.to.value,
                        factors[to].states.join(", ")
                    ),
                );
                ok = false;
            }
            for (a, row) in impacts.value.iter().enumerate() {
                if cols > 0 && row.value.len() != cols {
                    self.error(
                        "model::block_shape",
                        format!(
                            "row {} has {} impacts but `{}` has {cols} states",
                            a + 1,
                            row.value.len(),
                            j.to.value
                        ),
                        &row.span,
                        "wrong number of columns",
                        format!(
                            "write one impact per state of `{}`: {}",
                            j.to.value,
                            factors[to].states.join(", ")
                        ),
                    );
                    ok = false;
                }
            }
            let evidence = self.evidence(
                &j.source,
                &j.quote,
                &j.justification,
                &j.assumption,
                &j.from.span,
            );
            if ok {
                judgments.push(Judgment {
                    from,
                    to,
                    impacts: impacts
                        .value
                        .iter()
                        .map(|row| row.value.iter().map(|c| c.value).collect())
                        .collect(),
                    evidence,
                });
            }
        }
        judgments
    }

    fn links(
        &mut self,
        spec: &ModelFile,
        factor_ids: &HashMap<String, usize>,
        terms: &[Term],
    ) -> Vec<Link> {
        let mut seen = HashMap::new();
        let mut links = Vec::new();
        for l in &spec.links {
            let pair = self.pair("link", &l.from, &l.to, factor_ids);
            if let Some(pair) = pair {
                self.duplicate_pair("link", &mut seen, pair, &l.from, &l.to);
            }
            let (weight, term) = match &l.weight.value {
                WeightSpec::Quantity(q) => {
                    let located = Located::new(*q, l.weight.span.clone());
                    (Some(self.quantity(&located, "weight", (-1.0, 1.0))), None)
                }
                WeightSpec::Term(name) => match terms.iter().find(|t| &t.name == name) {
                    Some(t) => (Some(t.fuzzy), Some(name.clone())),
                    None => {
                        let help = match closest(name, terms.iter().map(|t| t.name.as_str())) {
                            Some(s) => format!("did you mean \"{s}\"?"),
                            None => format!(
                                "the terms are {}; define others in [terms]",
                                terms
                                    .iter()
                                    .map(|t| format!("\"{}\"", t.name))
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                        };
                        self.error(
                            "model::unknown_term",
                            format!("unknown weight term \"{name}\""),
                            &l.weight.span,
                            "not a defined term",
                            help,
                        );
                        (None, None)
                    }
                },
            };
            let evidence = self.evidence(
                &l.source,
                &l.quote,
                &l.justification,
                &l.assumption,
                &l.from.span,
            );
            if let (Some((from, to)), Some(weight)) = (pair, weight) {
                links.push(Link {
                    from,
                    to,
                    weight,
                    term,
                    evidence,
                });
            }
        }
        links
    }

    fn scenarios(
        &mut self,
        specs: &[ScenarioSpec],
        are_options: bool,
        factor_ids: &HashMap<String, usize>,
        factors: &[Factor],
    ) -> Vec<Scenario> {
        let mut status_quo: Option<Span> = None;
        let mut scenarios = Vec::new();
        for s in specs {
            if s.status_quo.value {
                if !are_options {
                    self.error(
                        "model::status_quo_trigger",
                        format!("trigger `{}` is marked as the status quo", s.id.value),
                        &s.status_quo.span,
                        "only for options",
                        "the status quo is a policy option: move `status_quo` to an [[options]] entry".into(),
                    );
                } else if let Some(first) = &status_quo {
                    let line = self.line_of(first);
                    self.error(
                        "model::two_status_quos",
                        format!("option `{}` is a second status quo", s.id.value),
                        &s.status_quo.span,
                        "second status quo",
                        format!(
                            "only one option can be the status quo (the first is on line {line})"
                        ),
                    );
                } else {
                    status_quo = Some(s.status_quo.span.clone());
                }
            }
            let mut clamps = Vec::new();
            for (factor_id, clamp) in &s.clamp {
                let Some(factor) = self.lookup("factor", factor_ids, factor_id) else {
                    continue;
                };
                let states = &factors[factor].states;
                let state = clamp.value.state.as_ref().and_then(|name| {
                    let found = states.iter().position(|s| s == name);
                    if found.is_none() {
                        let help = if states.is_empty() {
                            format!(
                                "factor `{}` has no states; clamp it with a value instead",
                                factor_id.value
                            )
                        } else {
                            format!(
                                "the states of `{}` are: {}",
                                factor_id.value,
                                states.join(", ")
                            )
                        };
                        self.error(
                            "model::unknown_state",
                            format!("factor `{}` has no state `{name}`", factor_id.value),
                            &clamp.span,
                            "unknown state",
                            help,
                        );
                    }
                    found
                });
                if let Some(value) = clamp.value.value {
                    if !(-1.0..=1.0).contains(&value) {
                        self.error(
                            "model::out_of_range",
                            format!("clamp value {value} is outside [-1, 1]"),
                            &clamp.span,
                            "out of range",
                            "FCM activations lie in [0, 1] (or [-1, 1] with tanh)".into(),
                        );
                    }
                }
                clamps.push(Clamp {
                    factor,
                    state,
                    value: clamp.value.value,
                });
            }
            scenarios.push(Scenario {
                id: s.id.value.clone(),
                name: s.name.clone(),
                description: s.description.clone(),
                status_quo: s.status_quo.value,
                clamps,
            });
        }
        scenarios
    }

    /// Warns about factors that nothing refers to.
    fn unused_factors(&mut self, spec: &ModelFile, model: &Model) {
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
    fn unverified_sources(&mut self, model: &Model) {
        let mut counts = vec![0usize; model.sources.len()];
        for (_, evidence) in model.judgments_with_evidence() {
            for c in &evidence.citations {
                if !model.sources[c.source].text_available {
                    counts[c.source] += 1;
                }
            }
        }
        for (source, count) in model.sources.iter().zip(counts) {
            if count > 0 && source.path.is_none() {
                self.diagnostics.push(Diagnostic::warning(
                    "model::unverified_quotes",
                    format!(
                        "{count} quote(s) citing `{}` cannot be verified: the source has no `path`",
                        source.id
                    ),
                ).help("give the source's plain text as `path`, relative to the model file"));
            }
        }
    }
}
