//! Models to start from: what `realpolitik new FILE --template NAME` writes and the workbench
//! offers for a new file. Each is a valid model (the tests check it) whose judgments are
//! marked as assumptions, to be replaced by the analyst's own evidence.

/// A model to start from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Template {
    /// The `[model]` table, with every other section sketched in comments.
    Blank,
    /// A causal map (fuzzy cognitive map): five factors, five weighted links, two options and
    /// a trigger.
    Fcm,
    /// A cross-impact balance model: three descriptors and four blocks of impacts.
    Cib,
    /// A bargaining model: one issue and three actors' positions, saliences and capabilities.
    Bargaining,
}

impl Template {
    /// Every template, the default (blank) first.
    pub const ALL: [Template; 4] = [
        Template::Blank,
        Template::Fcm,
        Template::Cib,
        Template::Bargaining,
    ];

    /// The name `--template` takes.
    pub fn name(self) -> &'static str {
        match self {
            Template::Blank => "blank",
            Template::Fcm => "fcm",
            Template::Cib => "cib",
            Template::Bargaining => "bargaining",
        }
    }

    /// The template called `name`, if there is one.
    pub fn named(name: &str) -> Option<Template> {
        Template::ALL.into_iter().find(|t| t.name() == name)
    }

    /// One line on what the template holds.
    pub fn summary(self) -> &'static str {
        match self {
            Template::Blank => "the [model] table, every other section sketched in comments",
            Template::Fcm => {
                "a causal map: five factors, five weighted links, two options and a trigger"
            }
            Template::Cib => "cross-impact balance: three descriptors and four blocks of impacts",
            Template::Bargaining => {
                "bargaining: one issue, three actors' positions, saliences and capabilities"
            }
        }
    }

    /// The model's TOML text.
    pub fn text(self) -> &'static str {
        match self {
            Template::Blank => include_str!("blank.toml"),
            Template::Fcm => include_str!("fcm.toml"),
            Template::Cib => include_str!("cib.toml"),
            Template::Bargaining => include_str!("bargaining.toml"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{LoadOptions, SourceTexts, load_str};

    #[test]
    fn every_template_is_a_valid_model_without_warnings() {
        for t in Template::ALL {
            let loaded = load_str(
                &format!("{}.toml", t.name()),
                t.text(),
                &SourceTexts::Given(Default::default()),
                &LoadOptions::default(),
            )
            .unwrap_or_else(|e| panic!("{}: {e:?}", t.name()));
            let warnings: Vec<_> = loaded.warnings.iter().map(|d| &d.message).collect();
            assert!(warnings.is_empty(), "{}: {warnings:?}", t.name());
            assert_eq!(Template::named(t.name()), Some(t));
        }
    }

    #[test]
    fn each_template_has_what_its_engine_needs() {
        let load = |t: Template| {
            load_str(
                "t.toml",
                t.text(),
                &SourceTexts::Given(Default::default()),
                &LoadOptions::default(),
            )
            .unwrap()
            .model
        };
        let fcm = load(Template::Fcm);
        assert_eq!(
            (fcm.factors.len(), fcm.options.len(), fcm.triggers.len()),
            (5, 2, 1)
        );
        assert_eq!(fcm.options.iter().filter(|o| o.status_quo).count(), 1);
        let cib = load(Template::Cib);
        assert_eq!(cib.factors.len(), 3);
        let bargaining = load(Template::Bargaining);
        assert_eq!((bargaining.actors.len(), bargaining.issues.len()), (3, 1));
        let blank = load(Template::Blank);
        assert!(blank.factors.is_empty() && blank.actors.is_empty());
    }
}
