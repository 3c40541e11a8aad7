//! The status quo varied: a verdict compares an option with the status quo as the model sets
//! it, and that baseline is itself a judgment. Where the status quo leaves a mechanism is the
//! engine's resting value, not the text's (the built-in model's regime offensives rest between
//! "limited" and "major" while the text says the regime's confrontations with IS mostly ended
//! in defeat); where it sets a factor the option leaves alone, the analyst chose the level.
//! This line of the confidence breakdown asks whether the verdict survives a different
//! baseline:
//!
//! - each **mechanism** moved [`SHIFT`] of the way from its status-quo level to its top and to
//!   its bottom, in both runs, keeping the option's own effect on it ([`Tweak::shifted`]);
//! - each factor the **status quo sets and the option leaves alone** held one state higher and
//!   one state lower (a factor without states: [`NUMBER_STEP`] of its range) in both runs.

use super::assumptions::SHIFT;
use super::confidence::{Line, Run, Varies, line};
use super::judge::{Judge, Tweak};
use super::shared_error::NUMBER_STEP;
use crate::fcm::Settings;
use crate::model::{Judged, Role};

/// The baseline line for option `o`'s verdict (see the module docs).
pub fn baseline_line(judge: &Judge<'_>, o: usize, verdict: Judged, s: &Settings) -> Line {
    let model = judge.model;
    let mut runs: Vec<Run> = Vec::new();
    for (f, factor) in model.factors.iter().enumerate() {
        if factor.role != Role::Mechanism {
            continue;
        }
        for (share, way) in [(SHIFT, "higher"), (-SHIFT, "lower")] {
            let tweak = Tweak {
                shifted: vec![(f, share)],
                ..Tweak::none()
            };
            let name = format!(
                "{} {way} under the status quo than the model has it",
                super::in_sentence(model, &factor.label)
            );
            runs.push((name, judge.net(0, o, &tweak, s)));
        }
    }
    let set = judge.arms.first().map_or(&[][..], |a| &a.baseline[..]);
    for &(f, value) in set {
        if judge.is_lever_of(0, o, f) {
            continue;
        }
        let factor = &model.factors[f];
        let step = match factor.states.len() {
            0 | 1 => NUMBER_STEP,
            k => 1.0 / (k - 1) as f64,
        };
        for (other, way) in [(value + step, "higher"), (value - step, "lower")] {
            if !(-1e-9..=1.0 + 1e-9).contains(&other) {
                continue;
            }
            let tweak = Tweak {
                held: vec![(f, other.clamp(0.0, 1.0))],
                ..Tweak::none()
            };
            let name = format!(
                "{} one step {way} than the status quo sets it",
                super::in_sentence(model, &factor.label)
            );
            runs.push((name, judge.net(0, o, &tweak, s)));
        }
    }
    let what = format!(
        "the status quo: each mechanism's level moved halfway up and halfway down, each factor \
         the status quo sets and the option leaves alone one step either way ({} runs)",
        runs.len()
    );
    line(Varies::Baseline, what, verdict, runs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chains_mechanism_moved_either_way_keeps_the_verdict() {
        // act → m → good (0.8 each): the option is better by 3.591 points; with m moved halfway
        // up 3.395, halfway down 3.726 (worked in the judge's tests). Nothing else is set by
        // the status quo but the lever.
        let model = super::super::confidence::tests::chain(false);
        let judge = Judge::new(&model);
        let l = baseline_line(&judge, 0, Judged::Better, &Settings::default());
        assert_eq!((l.runs, l.agree), (2, 2));
        assert!((l.net_range.0 - 3.3953581506336317).abs() < 1e-3);
        assert!((l.net_range.1 - 3.726354333257076).abs() < 1e-3);
        assert!(l.departures.is_empty());
    }

    #[test]
    fn a_context_the_status_quo_sets_is_moved_a_state_either_way() {
        // The status quo sets a context c (three states) at its middle; the option sets only
        // the lever. c → good (−0.5) and act → good (+0.5): moving c changes the level the
        // option's effect lands on, and the verdict "better" stands both ways.
        let text = "[model]\ntitle = \"context\"\nquestion = \"act?\"\n\
             [[factors]]\nid = \"act\"\nlabel = \"Act\"\nrole = \"lever\"\n\
             [[factors]]\nid = \"c\"\nlabel = \"Context\"\nrole = \"lever\"\nstates = [\"low\", \"mid\", \"high\"]\n\
             [[factors]]\nid = \"good\"\nlabel = \"Good\"\nrole = \"outcome\"\ndesired = \"high\"\n\
             [[links]]\nfrom = \"act\"\nto = \"good\"\nweight = 0.5\n\
             [[links]]\nfrom = \"c\"\nto = \"good\"\nweight = -0.5\n\
             [[options]]\nid = \"wait\"\nname = \"Wait\"\nstatus_quo = true\nclamp = { act = 0.0, c = \"mid\" }\n\
             [[options]]\nid = \"go\"\nname = \"Go\"\nclamp = { act = 1.0 }\n";
        let model = crate::model::from_text(text).model;
        let judge = Judge::new(&model);
        let l = baseline_line(&judge, 0, Judged::Better, &Settings::default());
        // c at "high" (1.0) and "low" (0.0): good = σ(0.5·act − 0.5·c), so the option's net is
        // 100·(σ(0.5 − 0.5c) − σ(−0.5c)): 12.2459 at c = 1, 12.2459 at c = 0 (symmetric).
        assert_eq!((l.runs, l.agree), (2, 2));
        let sigma = |x: f64| 1.0 / (1.0 + (-x).exp());
        let at = |c: f64| 100.0 * (sigma(0.5 - 0.5 * c) - sigma(-0.5 * c));
        assert!(
            (l.net_range.0 - at(1.0).min(at(0.0))).abs() < 1e-3,
            "{:?}",
            l.net_range
        );
        assert!(l.what.contains("(2 runs)"));
    }
}
