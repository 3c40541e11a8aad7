//! Stakeholders' weightings of the outcomes, and alternative encodings of the model.

use super::*;
use crate::model::load::parse_alternative;

impl Resolver<'_> {
    /// Resolves `[[stakeholders]]`: each weight names an outcome with a desired end and is ≥ 0;
    /// at least one is positive.
    pub(super) fn stakeholders(
        &mut self,
        spec: &ModelFile,
        factor_ids: &HashMap<String, usize>,
        factors: &[Factor],
        actor_ids: &HashMap<String, usize>,
    ) -> Vec<Stakeholder> {
        self.ids("stakeholder", spec.stakeholders.iter().map(|s| &s.id));
        let mut all = Vec::new();
        for s in &spec.stakeholders {
            let actor = s
                .actor
                .as_ref()
                .and_then(|a| self.lookup("actor", actor_ids, a));
            let mut weights = Vec::new();
            for (id, w) in &s.weights.value {
                let Some(f) = self.lookup("factor", factor_ids, id) else {
                    continue;
                };
                if factors[f].desired.is_none() {
                    self.error(
                        "model::weight_without_desired",
                        format!("`{}` has no desired end, so it cannot be weighed", id.value),
                        &id.span,
                        "not a judged outcome",
                        format!(
                            "give factor `{}` desired = \"low\" or \"high\", or remove it here",
                            id.value
                        ),
                    );
                } else if let Some(why) = super::weight_defect(w.value) {
                    self.error(
                        "model::out_of_range",
                        format!(
                            "weight {} of `{}` {why}",
                            super::weight_shown(w.value),
                            id.value
                        ),
                        &w.span,
                        "out of range",
                        super::WEIGHT_HELP.into(),
                    );
                } else {
                    weights.push((f, w.value));
                }
            }
            let all_read = weights.len() == s.weights.value.len();
            if all_read && weights.iter().all(|&(_, w)| w == 0.0) {
                self.error(
                    "model::no_weight",
                    format!("stakeholder `{}` weighs every outcome 0", s.id.value),
                    &s.weights.span,
                    "nothing counts",
                    "give at least one outcome a positive weight".into(),
                );
            }
            let evidence = self.evidence(evidence_fields!(s), &s.id.span);
            all.push(Stakeholder {
                id: s.id.value.clone(),
                name: s.name.clone(),
                description: s.description.clone(),
                actor,
                weights,
                evidence,
            });
        }
        all
    }

    /// Reads and resolves each `[[model.alternatives]]` file against the base model: its links
    /// and blocks name the base's factors and triggers and quote the base's sources. Its
    /// diagnostics point into its own file.
    pub(super) fn alternatives(
        &mut self,
        spec: &ModelFile,
        texts: &SourceTexts,
        options: &LoadOptions,
        names: &super::relations::Names<'_>,
    ) -> Vec<Alternative> {
        self.ids("alternative", spec.model.alternatives.iter().map(|a| &a.id));
        let mut all = Vec::new();
        for a in &spec.model.alternatives {
            let text = match texts.read(&a.path.value, options) {
                Ok(text) => text,
                Err(why) => {
                    self.error(
                        "model::alternative_unreadable",
                        format!("cannot read alternative `{}`: {why}", a.id.value),
                        &a.path.span,
                        "this file",
                        "the path is relative to the model file".into(),
                    );
                    continue;
                }
            };
            let name = std::path::Path::new(self.file.name())
                .parent()
                .unwrap_or(std::path::Path::new(""))
                .join(&a.path.value);
            let file = SourceFile::new(name.display().to_string(), text);
            let (parsed, diagnostics) = parse_alternative(&file);
            self.diagnostics.extend(diagnostics);
            let Some(parsed) = parsed else { continue };
            let mut inner = Resolver {
                file: &file,
                diagnostics: &mut *self.diagnostics,
                broken: self.broken,
                header_ok: self.header_ok,
                source_ids: self.source_ids.clone(),
                source_texts: std::mem::take(&mut self.source_texts),
                source_names: self.source_names.clone(),
                in_alternative: true,
            };
            let super::relations::Encodings { links, judgments } =
                inner.encodings(&parsed.relations, &parsed.judgments, &parsed.links, names);
            self.source_texts = std::mem::take(&mut inner.source_texts);
            all.push(Alternative {
                id: a.id.value.clone(),
                name: a.name.clone(),
                title: parsed.alternative.title,
                description: parsed.alternative.description,
                path: a.path.value.clone(),
                links,
                judgments,
            });
        }
        all
    }
}
