//! Options the model does not offer: every other combination of its levers.
//!
//! A verdict answers the options the analyst wrote down. The levers often allow more: the
//! built-in model's coalition could rehabilitate Assad without cooperating militarily. Before
//! the briefing says "no option beats the status quo", it tries every combination of the
//! settings its options give each lever (a lever is a factor the options clamp differently),
//! judges each one the model does not ship against the status quo as an option would be
//! judged (nominal weights, no trigger), and reports them best first, saying plainly that the
//! model does not offer them. At most [`MAX_COMBINATIONS`] are tried.

use schemars::JsonSchema;
use serde::Serialize;

use super::judge::{Judge, Tweak};
use crate::fcm::Settings;
use crate::model::{Clamp, Model, Scenario};

/// The most combinations tried.
pub const MAX_COMBINATIONS: usize = 256;

/// A combination of the levers that no option of the model sets.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct Unoffered {
    /// Each lever (factor id) and the setting, as the options write it.
    pub levers: Vec<(String, String)>,
    /// The same in words.
    pub words: String,
    /// Its nominal net score against the status quo (points).
    pub net: f64,
}

/// The levers (factors the options clamp differently) with each setting the options give.
fn levers(model: &Model) -> Vec<(usize, Vec<Clamp>)> {
    let mut all: Vec<(usize, Vec<Clamp>)> = Vec::new();
    for option in &model.options {
        for c in &option.clamps {
            let settings = match all.iter_mut().find(|(f, _)| *f == c.factor) {
                Some(entry) => &mut entry.1,
                None => {
                    all.push((c.factor, Vec::new()));
                    &mut all.last_mut().expect("just pushed").1
                }
            };
            if !settings.contains(c) {
                settings.push(c.clone());
            }
        }
    }
    all.retain(|(_, settings)| settings.len() > 1);
    all
}

/// Every combination of the levers' settings that no option sets, judged against the status
/// quo, best first (empty without a status quo).
pub fn unoffered(model: &Model, s: &Settings) -> Vec<Unoffered> {
    let Some(status_quo) = model.status_quo() else {
        return Vec::new();
    };
    let levers = levers(model);
    let count = levers
        .iter()
        .try_fold(1usize, |n, (_, v)| n.checked_mul(v.len()));
    if levers.is_empty() || count.is_none_or(|n| n > MAX_COMBINATIONS) {
        return Vec::new();
    }
    let setting = |clamps: &[Clamp], f: usize| clamps.iter().find(|c| c.factor == f).cloned();
    let shipped: Vec<Vec<Option<Clamp>>> = model
        .options
        .iter()
        .map(|o| levers.iter().map(|(f, _)| setting(&o.clamps, *f)).collect())
        .collect();
    let mut found = Vec::new();
    for k in 0..count.unwrap_or(0) {
        let mut rest = k;
        let combination: Vec<Clamp> = levers
            .iter()
            .map(|(_, settings)| {
                let c = settings[rest % settings.len()].clone();
                rest /= settings.len();
                c
            })
            .collect();
        let as_shipped: Vec<Option<Clamp>> = combination.iter().cloned().map(Some).collect();
        if shipped.contains(&as_shipped) {
            continue;
        }
        let mut clamps = status_quo.clamps.clone();
        for c in &combination {
            clamps.retain(|x| x.factor != c.factor);
            clamps.push(c.clone());
        }
        let mut variant = model.clone();
        variant.alternatives.clear();
        variant.options.push(Scenario {
            id: "unoffered".into(),
            name: "an option the model does not offer".into(),
            description: None,
            status_quo: false,
            clamps,
            source_verdict: None,
            span: status_quo.span.clone(),
        });
        let judge = Judge::new(&variant);
        let o = judge.arms[0].options.len() - 1;
        let net = judge.net(0, o, &Tweak::none(), s);
        let levers: Vec<(String, String)> = combination
            .iter()
            .map(|c| {
                let factor = &model.factors[c.factor];
                (factor.id.clone(), c.describe(factor))
            })
            .collect();
        let words = combination
            .iter()
            .map(|c| {
                let factor = &model.factors[c.factor];
                let setting = match c.state {
                    Some(k) => factor.states[k].replace('_', " "),
                    None => c.describe(factor),
                };
                format!("{} at {setting}", super::in_sentence(model, &factor.label))
            })
            .collect::<Vec<_>>()
            .join(", ");
        found.push(Unoffered { levers, words, net });
    }
    found.sort_by(|a, b| b.net.total_cmp(&a.net));
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_other_combination_of_the_levers_is_judged() {
        // Two levers with two settings each; the options ship (0, 0), (1, 0) and (1, 1), so
        // (0, 1) is the one combination left: b alone. Each lever raises the one outcome
        // (desired high) directly, a at 0.5 and b at 0.3, so b alone moves it by
        // 100 · (σ(0.3) − σ(0)) = 7.4443 points, Kosko's rule, sigmoid λ = 1.
        let text = "[model]\ntitle = \"t\"\nquestion = \"act?\"\n\
            [[factors]]\nid = \"a\"\nlabel = \"Alpha\"\nrole = \"lever\"\n\
            [[factors]]\nid = \"b\"\nlabel = \"Beta\"\nrole = \"lever\"\n\
            [[factors]]\nid = \"good\"\nlabel = \"Good\"\nrole = \"outcome\"\ndesired = \"high\"\n\
            [[links]]\nfrom = \"a\"\nto = \"good\"\nweight = 0.5\n\
            [[links]]\nfrom = \"b\"\nto = \"good\"\nweight = 0.3\n\
            [[options]]\nid = \"wait\"\nname = \"Wait\"\nstatus_quo = true\nclamp = { a = 0.0, b = 0.0 }\n\
            [[options]]\nid = \"a_only\"\nname = \"A\"\nclamp = { a = 1.0, b = 0.0 }\n\
            [[options]]\nid = \"both\"\nname = \"Both\"\nclamp = { a = 1.0, b = 1.0 }\n";
        let model = crate::model::from_text(text).model;
        let found = unoffered(&model, &Settings::default());
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].levers,
            [
                ("a".to_owned(), "0".to_owned()),
                ("b".to_owned(), "1".to_owned())
            ]
        );
        assert!((found[0].net - 7.4443).abs() < 1e-4, "{}", found[0].net);
        assert_eq!(found[0].words, "Alpha at 0, Beta at 1");
    }
}
