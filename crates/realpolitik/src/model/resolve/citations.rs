//! Sources and the evidence of judgments: quotes checked against their source texts.

use super::*;

impl Resolver<'_> {
    pub(super) fn sources(
        &mut self,
        spec: &ModelFile,
        texts: &SourceTexts,
        options: &LoadOptions,
    ) -> Vec<Source> {
        self.source_ids = self.ids("source", spec.model.sources.iter().map(|s| &s.id));
        let mut sources = Vec::new();
        for s in &spec.model.sources {
            let text = s
                .path
                .as_ref()
                .and_then(|path| match texts.read(&path.value, options) {
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
            self.source_names.push(s.id.value.clone());
        }
        sources
    }

    /// Resolves the evidence fields shared by every kind of judgment. In the base model a
    /// judgment cannot rest on opposing quotes alone: those state a view the text rejects (an
    /// alternative encoding may, since it encodes such a view).
    pub(super) fn evidence(&mut self, fields: EvidenceFields<'_>, span: &Span) -> Evidence {
        let EvidenceFields {
            source,
            quote,
            stance,
            justification,
            assumption,
            estimate,
        } = fields;
        let mut evidence = Evidence {
            citations: Vec::new(),
            justification: justification.clone(),
            assumption: assumption.clone(),
            estimate: estimate.clone(),
            span: span.clone(),
        };
        if !self.header_ok {
            // The sources could not be read: the error is reported on [model] already.
            return evidence;
        }
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
                let ids = std::mem::take(&mut self.source_ids);
                let found = self.lookup("source", &ids, source);
                self.source_ids = ids;
                found
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
        for (i, spec) in quote.value.0.iter().enumerate() {
            let q = &spec.text;
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
                            self.source_names[source_index]
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
                stance: spec.stance.or(*stance),
                verified,
            });
        }
        let all_opposing = evidence
            .citations
            .iter()
            .all(|c| c.stance == Some(QuoteStance::Opposing));
        if all_opposing && !self.in_alternative {
            self.error(
                "model::opposing_sole_support",
                "this judgment rests only on passages the text states in order to reject them"
                    .into(),
                &quote.span,
                "graded `opposing`",
                "quote the passage where the text makes the judgment itself (`author` or \
                 `reported`), or move the judgment to an alternative encoding \
                 ([[model.alternatives]]) that encodes the view the text rejects"
                    .into(),
            );
        }
        evidence
    }
}

/// The evidence fields as written on a judgment, borrowed from its spec.
pub(super) struct EvidenceFields<'a> {
    pub source: &'a Option<Located<String>>,
    pub quote: &'a Option<Located<Quotes>>,
    pub stance: &'a Option<QuoteStance>,
    pub justification: &'a Option<String>,
    pub assumption: &'a Option<String>,
    pub estimate: &'a Option<String>,
}

/// Builds [`EvidenceFields`] from any spec with the standard evidence fields.
macro_rules! evidence_fields {
    ($spec:expr) => {
        EvidenceFields {
            source: &$spec.source,
            quote: &$spec.quote,
            stance: &$spec.stance,
            justification: &$spec.justification,
            assumption: &$spec.assumption,
            estimate: &$spec.estimate,
        }
    };
}
pub(super) use evidence_fields;
