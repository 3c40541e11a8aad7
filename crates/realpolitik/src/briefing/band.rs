//! The indifference band: how small a net score is too small to call.
//!
//! A model states its links in linguistic terms, so it cannot resolve an effect smaller than
//! its weakest term: one judgment at that strength, written or left out, is below what the
//! analyst could tell apart. The band is that resolution measured on the option itself: for
//! every lever `l` of option `o` and every judged outcome `j`, a direct link `l → j` of the
//! weakest positive term in force (`+very_weak`, centroid 1/12, by default) is added to the
//! nominal weights (or added to the link already there), and the net score moves by
//! `|net' − net|`. The band's half-width `h` is the smallest of those moves that is not zero:
//! the least the model's own vocabulary can say about this option.
//!
//! A nominal net with `|net| ≤ h` is **too close to call**: it leans one way, but one
//! unrecorded very weak judgment could turn it. A flip must leave the band on the other side
//! (`net > h` against a "worse" verdict), so a move from −0.3 to +0.03 is not a flip when `h`
//! is larger than 0.03. The band depends on the settings (a steeper transfer passes more of a
//! link on), so it is computed with the verdict's own settings.

use schemars::JsonSchema;
use serde::Serialize;

use super::judge::{Judge, Tweak};
use crate::fcm::Settings;

/// An option's indifference band (see the module docs).
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct Band {
    /// Its half-width `h` (points): nets in `[−h, h]` are too close to call.
    pub half_width: f64,
    /// The term whose strength sets it, e.g. `+very_weak`.
    pub term: String,
    /// The lever and the outcome (factor ids) of the smallest move.
    pub lever: Option<String>,
    /// The outcome (factor id) of the smallest move.
    pub outcome: Option<String>,
}

impl Band {
    /// Whether `net` is inside the band.
    pub fn contains(&self, net: f64) -> bool {
        net.abs() <= self.half_width
    }

    /// The band in words, e.g. "±0.3 points, the least one very weak link from the option's
    /// lever to an outcome moves the net".
    pub fn words(&self) -> String {
        format!(
            "±{} points, the smallest move one {} link from a lever of the option straight to \
             an outcome would make",
            super::net_points(self.half_width).trim_start_matches('+'),
            self.term.trim_start_matches('+').replace('_', " ")
        )
    }
}

/// The weakest positive term in force and its centroid (the default scale's `+very_weak` when
/// the model's terms have no positive one).
fn weakest_term(judge: &Judge<'_>) -> (String, f64) {
    judge
        .model
        .terms
        .iter()
        .map(|t| (t.name.clone(), t.fuzzy.nominal()))
        .filter(|(_, w)| *w > 0.0)
        .min_by(|a, b| a.1.total_cmp(&b.1).then_with(|| a.0.cmp(&b.0)))
        .unwrap_or(("+very_weak".to_owned(), 1.0 / 12.0))
}

/// Option `o`'s band under settings `s` (condition: no trigger).
pub fn band(judge: &Judge<'_>, o: usize, s: &Settings) -> Band {
    let (term, strength) = weakest_term(judge);
    let none = Band {
        half_width: 0.0,
        term: term.clone(),
        lever: None,
        outcome: None,
    };
    if judge.arms.is_empty() {
        return none;
    }
    let net = judge.net(0, o, &Tweak::none(), s);
    let w = judge.map.nominal();
    let ids = |f: usize| judge.model.factors[f].id.clone();
    let mut smallest = none;
    for lever in (0..w.n()).filter(|&f| judge.is_lever_of(0, o, f)) {
        for &(outcome, sign) in &judge.signs {
            if sign == 0.0 || outcome == lever {
                continue;
            }
            let tweak = Tweak {
                links: vec![(lever, outcome, w.get(lever, outcome) + strength)],
                ..Tweak::none()
            };
            let moved = (judge.net(0, o, &tweak, s) - net).abs();
            if moved > 0.0 && (smallest.lever.is_none() || moved < smallest.half_width) {
                smallest = Band {
                    half_width: moved,
                    term: term.clone(),
                    lever: Some(ids(lever)),
                    outcome: Some(ids(outcome)),
                };
            }
        }
    }
    smallest
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one_link(weight: f64) -> crate::model::Model {
        let text = format!(
            "[model]\ntitle = \"t\"\nquestion = \"act?\"\n\
             [[factors]]\nid = \"act\"\nlabel = \"Act\"\nrole = \"lever\"\n\
             [[factors]]\nid = \"good\"\nlabel = \"Good\"\nrole = \"outcome\"\ndesired = \"high\"\n\
             [[links]]\nfrom = \"act\"\nto = \"good\"\nweight = {weight}\n\
             [[options]]\nid = \"wait\"\nname = \"Wait\"\nstatus_quo = true\nclamp = {{ act = 0.0 }}\n\
             [[options]]\nid = \"go\"\nname = \"Go\"\nclamp = {{ act = 1.0 }}\n"
        );
        crate::model::from_text(&text).model
    }

    #[test]
    fn the_band_is_one_very_weak_link_more_from_the_lever() {
        // act → good at 0.5, Kosko's rule, sigmoid λ = 1: good = σ(0.5 · act). The option
        // (act = 1) gives σ(0.5), the status quo σ(0) = 0.5: net 100 · (σ(0.5) − 0.5) =
        // 12.2459. One very weak link more (centroid 1/12) gives σ(7/12): the band is
        // 100 · (σ(7/12) − σ(1/2)) = 1.93747 points.
        let model = one_link(0.5);
        let judge = Judge::new(&model);
        let s = Settings::default();
        assert!((judge.net(0, 0, &Tweak::none(), &s) - 12.245933).abs() < 1e-5);
        let b = band(&judge, 0, &s);
        assert!((b.half_width - 1.937471).abs() < 1e-5, "{}", b.half_width);
        assert_eq!(b.term, "+very_weak");
        assert_eq!(
            (b.lever.as_deref(), b.outcome.as_deref()),
            (Some("act"), Some("good"))
        );
        assert!(b.contains(1.9) && b.contains(-1.9) && !b.contains(2.0));
        assert!(
            b.words()
                .starts_with("±1.9 points, the smallest move one very weak link")
        );
    }

    #[test]
    fn a_model_without_levers_has_no_band() {
        // The option sets the lever as the status quo does: nothing to move.
        let mut model = one_link(0.5);
        model.options[1].clamps = model.options[0].clamps.clone();
        let judge = Judge::new(&model);
        let b = band(&judge, 0, &Settings::default());
        assert_eq!((b.half_width, b.lever), (0.0, None));
    }
}
