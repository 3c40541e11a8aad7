//! Tests of [`super`]: hand-computed steps for every rule and transfer function, the R `fcm`
//! vignette reproduced to its printed precision, and properties.

use proptest::prelude::*;

use super::*;

/// The hand-computed map: w[i][j] is the effect of i on j.
fn hand_map() -> Matrix {
    Matrix::from_rows(&[
        vec![0.0, 0.5, -0.4],
        vec![0.3, 0.0, 0.6],
        vec![-0.7, 0.2, 0.0],
    ])
}

const A0: [f64; 3] = [1.0, 0.0, 0.5];

fn settings(rule: Rule, transfer: Transfer, lambda: f64) -> Settings {
    Settings {
        rule,
        transfer,
        lambda,
        cap: 10,
        epsilon: 0.0,
        ..Settings::default()
    }
}

fn assert_states(run: &Run, expected: &[[f64; 3]]) {
    for (t, want) in expected.iter().enumerate() {
        let got = &run.states[t + 1];
        for j in 0..3 {
            assert!(
                (got[j] - want[j]).abs() < 1e-12,
                "step {}: concept {j} is {} not {}",
                t + 1,
                got[j],
                want[j]
            );
        }
    }
}

// Weighted inputs of the first step from A0 = (1, 0, 0.5):
//   Σ_i w[i][j] A_i = (1·0 + 0·0.3 + 0.5·(−0.7), 1·0.5 + 0·0 + 0.5·0.2, 1·(−0.4) + 0·0.6 + 0)
//                   = (−0.35, 0.6, −0.4)
// modified Kosko adds A0: (0.65, 0.6, 0.1);
// rescaled uses 2A−1 = (1, −1, 0): Σ = (0 − 0.3 + 0, 0.5 + 0 + 0, −0.4 − 0.6 + 0) = (−0.3, 0.5, −1.0),
//   plus (1, −1, 0): (0.7, −0.5, −1.0).
// The values below are these sums pushed through f with λ = 2, computed with python3:
//   1/(1+exp(-2*-0.35)) = 0.3318122278318339, tanh(2*0.6) = 0.8336546070121552, …

#[test]
fn kosko_steps_by_hand() {
    let w = hand_map();
    let run = simulate(&w, &A0, &[], &settings(Rule::Kosko, Transfer::Sigmoid, 2.0));
    // Step 2 inputs: A1 = (0.33181, 0.76852, 0.31003):
    //   x0 = 0.76852·0.3 + 0.31003·(−0.7) = 0.0135396, …
    assert_states(
        &run,
        &[
            [0.3318122278318339, 0.7685247834990175, 0.31002551887238755],
            [0.5067693722707848, 0.6120226750225874, 0.6585366801568878],
            [0.3647659155736148, 0.6835607048767853, 0.5815188917867151],
        ],
    );
    let run = simulate(&w, &A0, &[], &settings(Rule::Kosko, Transfer::Tanh, 2.0));
    assert_states(
        &run,
        &[
            [-0.6043677771171636, 0.8336546070121552, -0.6640367702678491],
            [0.8916346751311461, -0.7013652320210955, 0.902192343179086],
            [-0.9333643247557665, 0.848986434589619, -0.9145978854508008],
        ],
    );
    // Bivalent: (−0.35, 0.6, −0.4) → (0, 1, 0); then x = (1·0.3, 0, 1·0.6) → (1, 0, 1), where
    // x1 = 0 exactly maps to 0; then x = (−0.7, 0.5 + 0.2, −0.4) → (0, 1, 0): a 2-cycle.
    let run = simulate(
        &w,
        &A0,
        &[],
        &settings(Rule::Kosko, Transfer::Bivalent, 1.0),
    );
    assert_states(&run, &[[0.0, 1.0, 0.0], [1.0, 0.0, 1.0], [0.0, 1.0, 0.0]]);
    assert_eq!(run.status, Status::LimitCycle { period: 2 });
    // Trivalent: signs of (−0.35, 0.6, −0.4); then x = (0.3 + 0.7, −0.5 − 0.2, 0.4 + 0.6).
    let run = simulate(
        &w,
        &A0,
        &[],
        &settings(Rule::Kosko, Transfer::Trivalent, 1.0),
    );
    assert_states(
        &run,
        &[[-1.0, 1.0, -1.0], [1.0, -1.0, 1.0], [-1.0, 1.0, -1.0]],
    );
    assert_eq!(run.status, Status::LimitCycle { period: 2 });
}

#[test]
fn modified_kosko_steps_by_hand() {
    let w = hand_map();
    let run = simulate(
        &w,
        &A0,
        &[],
        &settings(Rule::ModifiedKosko, Transfer::Sigmoid, 2.0),
    );
    assert_states(
        &run,
        &[
            [0.7858349830425586, 0.7685247834990175, 0.5498339973124778],
            [0.7795450715307874, 0.9270895474257176, 0.8011073535468652],
            [0.7298365732262145, 0.9504600684595542, 0.8900337719194659],
        ],
    );
    let run = simulate(
        &w,
        &A0,
        &[],
        &settings(Rule::ModifiedKosko, Transfer::Tanh, 2.0),
    );
    assert_states(
        &run,
        &[
            [0.8617231593133063, 0.8336546070121552, 0.19737532022490398],
            [0.9601098851349047, 0.9892002503872288, 0.6080096670198027],
            [0.9305566785303399, 0.9965590348812302, 0.9267663540334524],
        ],
    );
    // (0.65, 0.6, 0.1) → (1, 1, 1); then x = 1 + column sums = (0.6, 1.7, 1.2) → (1, 1, 1):
    // the same state, so the run converges after two steps.
    for t in [Transfer::Bivalent, Transfer::Trivalent] {
        let run = simulate(&w, &A0, &[], &settings(Rule::ModifiedKosko, t, 1.0));
        assert_states(&run, &[[1.0; 3], [1.0; 3]]);
        assert_eq!(run.status, Status::Converged);
        assert_eq!(run.steps(), 2);
    }
}

#[test]
fn rescaled_steps_by_hand() {
    let w = hand_map();
    let run = simulate(
        &w,
        &A0,
        &[],
        &settings(Rule::Rescaled, Transfer::Sigmoid, 2.0),
    );
    assert_states(
        &run,
        &[
            [0.8021838885585817, 0.2689414213699951, 0.11920292202211755],
            [0.8805550738453439, 0.3487577358974834, 0.07167611470771125],
            [0.9269012967891642, 0.4535052098292492, 0.06385442601210943],
        ],
    );
    let run = simulate(&w, &A0, &[], &settings(Rule::Rescaled, Transfer::Tanh, 2.0));
    assert_states(
        &run,
        &[
            [0.8853516482022625, -0.7615941559557649, -0.9640275800758169],
            [0.999479465703283, -0.9999628542864402, -0.9999999888055833],
            [0.9996973486179775, -0.9999917775462543, -0.9999999981443091],
        ],
    );
    // (0.7, −0.5, −1.0) → bivalent (1, 0, 0); 2A−1 = (1, −1, −1):
    // x = (1 − 0.3 + 0.7, −1 + 0.5 − 0.2, −1 − 0.4 − 0.6) = (1.4, −0.7, −2.0) → (1, 0, 0).
    let run = simulate(
        &w,
        &A0,
        &[],
        &settings(Rule::Rescaled, Transfer::Bivalent, 1.0),
    );
    assert_states(&run, &[[1.0, 0.0, 0.0], [1.0, 0.0, 0.0]]);
    assert_eq!(run.status, Status::Converged);
    // Trivalent: (1, −1, −1); 2A−1 = (1, −3, −3):
    // x = (1 − 0.9 + 2.1, −3 + 0.5 − 0.6, −3 − 0.4 − 1.8) = (2.2, −3.1, −5.2) → (1, −1, −1).
    let run = simulate(
        &w,
        &A0,
        &[],
        &settings(Rule::Rescaled, Transfer::Trivalent, 1.0),
    );
    assert_states(&run, &[[1.0, -1.0, -1.0], [1.0, -1.0, -1.0]]);
    assert_eq!(run.status, Status::Converged);
}

/// The six-concept example of the R `fcm` package's vignette (Dikopoulou & Papageorgiou,
/// "Inference of Fuzzy Cognitive Maps (FCMs)", CRAN package fcm 0.1.3, 2017), printed there to
/// 7 decimals.
pub(crate) fn r_vignette_map() -> Matrix {
    Matrix::from_rows(&[
        vec![0.0, 0.0, 0.6, 0.9, 0.0, 0.0],
        vec![0.1, 0.0, 0.0, 0.0, 0.0, 0.0],
        vec![0.0, 0.7, 0.0, 0.0, 0.9, 0.0],
        vec![0.0, 0.0, 0.0, 0.0, 0.0, 0.9],
        vec![0.0, 0.0, 0.0, 0.0, 0.0, -0.9],
        vec![-0.3, 0.0, 0.0, 0.0, 0.0, 0.0],
    ])
}

fn assert_printed(got: &[f64], printed: &[f64]) {
    for (g, p) in got.iter().zip(printed) {
        assert!((g - p).abs() < 5e-8, "{g} is not {p} to 7 decimals");
    }
}

#[test]
fn reproduces_the_r_fcm_vignette() {
    let w = r_vignette_map();
    let a0 = [1.0, 1.0, 1.0, 0.0, 0.0, 0.0];
    // Example 1: fcm.infer(act.vec, w.mat): Kosko, sigmoid, λ = 1, e = 0.001, 20 states;
    // "converged in the 6th state": state 6 is 5 steps after the initial state.
    let s = super::super::preset::Preset::RFcm.settings(Rule::Kosko, Transfer::Sigmoid, 1.0);
    let run = simulate(&w, &a0, &[], &s);
    assert_eq!(run.status, Status::Converged);
    assert_eq!(run.steps(), 5);
    assert_printed(
        run.final_state(),
        &[
            0.4778365, 0.5986462, 0.5712033, 0.6059079, 0.6257586, 0.4955168,
        ],
    );
    // Example 2: fcm.infer(act.vec, w.mat, 35, "r", "s", lambda = 2, e = 0.0001): converged in
    // the 30th state; its printed trajectory, states 2, 3 and 30.
    let s = Settings {
        epsilon: 1e-4,
        cap: 34,
        ..super::super::preset::Preset::RFcm.settings(Rule::Rescaled, Transfer::Sigmoid, 2.0)
    };
    let run = simulate(&w, &a0, &[], &s);
    assert_eq!(run.status, Status::Converged);
    assert_eq!(run.steps(), 29);
    assert_printed(
        &run.states[1],
        &[
            0.9426758, 0.9677045, 0.9608343, 0.4501660, 0.4501660, 0.1192029,
        ],
    );
    assert_printed(
        &run.states[2],
        &[
            0.9179445, 0.9593460, 0.9481304, 0.8012773, 0.8114818, 0.1789925,
        ],
    );
    assert_printed(
        run.final_state(),
        &[
            0.8654104, 0.9534946, 0.9309104, 0.9589686, 0.9684847, 0.3186077,
        ],
    );
}

#[test]
fn sources_are_held_when_asked() {
    // Concept 0 has no incoming link: with sources held it keeps 0.8; without, it falls to
    // f(0) = 0.5 after one step.
    let w = Matrix::from_rows(&[vec![0.0, 1.0], vec![0.0, 0.0]]);
    let s = Settings {
        hold_sources: true,
        ..Settings::default()
    };
    let run = simulate(&w, &[0.8, 0.0], &[], &s);
    assert_eq!(run.final_state()[0], 0.8);
    // 1/(1+e^-0.8) = 0.6899744811276125
    assert!((run.final_state()[1] - 0.6899744811276125).abs() < 1e-12);
    let run = simulate(&w, &[0.8, 0.0], &[], &Settings::default());
    assert_eq!(run.final_state()[0], 0.5);
}

#[test]
fn slow_settling_and_chaos_are_told_apart_at_the_cap() {
    // A single self-reinforcing concept under modified Kosko with tanh creeps towards its fixed
    // point: steps shrink, so the cap is reported as such.
    let w = Matrix::from_rows(&[vec![0.0]]);
    let s = Settings {
        rule: Rule::ModifiedKosko,
        transfer: Transfer::Tanh,
        cap: 20,
        ..Settings::default()
    };
    let run = simulate(&w, &[0.9], &[], &s);
    assert_eq!(run.status, Status::CapReached);
    assert_eq!(run.steps(), 20);
    // A negative self-loop under a steep sigmoid (λ = 30) flips between ≈ 0 and ≈ 0.5:
    // x → 1/(1+e^(30x)) from 0.5 gives 3.06e-7, then ≈ 0.4999, … a 2-cycle.
    let w = Matrix::from_rows(&[vec![-1.0]]);
    let s = Settings {
        lambda: 30.0,
        ..Settings::default()
    };
    let run = simulate(&w, &[0.5], &[], &s);
    assert_eq!(run.status, Status::LimitCycle { period: 2 });
    let steady = run.steady_state();
    let [a, b] = [&run.states[run.steps()], &run.states[run.steps() - 1]];
    assert!((steady[0] - (a[0] + b[0]) / 2.0).abs() < 1e-15);
    // The trivalent 2-cycle of the hand-computed map, with cycles of period ≥ 2 not looked
    // for: the steps never shrink, so the run is called chaotic at the cap.
    let s = Settings {
        transfer: Transfer::Trivalent,
        max_period: 1,
        cap: 12,
        ..Settings::default()
    };
    let run = simulate(&hand_map(), &A0, &[], &s);
    assert_eq!(run.status, Status::Chaotic);
    assert_eq!(run.steps(), 12);
}

#[test]
fn a_cycle_need_not_stop_the_run() {
    // The 2-cycle of the steep negative self-loop above: stopping at the cycle ends early;
    // running on (FCMpy's way) reaches the cap, ends on the cap's state and still names the cycle.
    let w = Matrix::from_rows(&[vec![-1.0]]);
    let stop = Settings {
        lambda: 30.0,
        cap: 15,
        ..Settings::default()
    };
    let early = simulate(&w, &[0.5], &[], &stop);
    let on = simulate(
        &w,
        &[0.5],
        &[],
        &Settings {
            stop_at_cycle: false,
            ..stop
        },
    );
    assert!(early.steps() < 15, "{}", early.steps());
    assert_eq!(on.steps(), 15);
    assert_eq!(on.status, Status::LimitCycle { period: 2 });
    assert_eq!(on.states[..early.states.len()], early.states[..]);
}

fn matrix_strategy(n: usize, scale: f64) -> impl Strategy<Value = Matrix> {
    prop::collection::vec(-scale..=scale, n * n).prop_map(move |w| {
        let rows: Vec<Vec<f64>> = w.chunks(n).map(<[f64]>::to_vec).collect();
        Matrix::from_rows(&rows)
    })
}

fn any_rule() -> impl Strategy<Value = Rule> {
    prop::sample::select(Rule::ALL.to_vec())
}

fn any_transfer() -> impl Strategy<Value = Transfer> {
    prop::sample::select(Transfer::ALL.to_vec())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn a_clamped_concept_never_moves(
        w in matrix_strategy(5, 1.0),
        a in prop::collection::vec(0.0..=1.0f64, 5),
        rule in any_rule(),
        transfer in any_transfer(),
        c in 0..5usize,
        v in -1.0..=1.0f64,
    ) {
        let s = Settings { rule, transfer, cap: 30, ..Settings::default() };
        let run = simulate(&w, &a, &[(c, v)], &s);
        for state in &run.states {
            prop_assert_eq!(state[c], v);
        }
    }

    /// Kosko with sigmoid is a contraction when λ/4 · ‖W‖ < 1 (the sigmoid's slope is at most
    /// λ/4), here with every |w| ≤ 0.3 on 4 concepts (‖W‖∞ ≤ 1.2, factor ≤ 0.3): it converges.
    #[test]
    fn a_contraction_converges(
        w in matrix_strategy(4, 0.3),
        a in prop::collection::vec(0.0..=1.0f64, 4),
    ) {
        let run = simulate(&w, &a, &[], &Settings::default());
        prop_assert_eq!(run.status, Status::Converged);
        // At a fixed point one more step changes nothing beyond ε / (1 − 0.3).
        let mut next = vec![0.0; 4];
        step(&w, run.final_state(), &Settings::default(), None, &mut next);
        for (x, y) in next.iter().zip(run.final_state()) {
            prop_assert!((x - y).abs() <= 1e-5 / 0.7 + 1e-12);
        }
    }

    #[test]
    fn a_reported_limit_cycle_really_repeats(
        w in matrix_strategy(4, 1.0),
        a in prop::collection::vec(0.0..=1.0f64, 4),
        rule in any_rule(),
        transfer in any_transfer(),
        lambda in 1.0..20.0f64,
    ) {
        let s = Settings { rule, transfer, lambda, cap: 60, ..Settings::default() };
        let run = simulate(&w, &a, &[], &s);
        if let Status::LimitCycle { period } = run.status {
            prop_assert!(period >= 2);
            let t = run.steps();
            for k in 0..period {
                for j in 0..4 {
                    let d = (run.states[t - k][j] - run.states[t - k - period][j]).abs();
                    prop_assert!(d <= s.epsilon);
                }
            }
            // With a threshold function the states are exact, so one more step continues the
            // cycle exactly.
            if matches!(transfer, Transfer::Bivalent | Transfer::Trivalent) {
                let mut next = vec![0.0; 4];
                step(&w, run.final_state(), &s, None, &mut next);
                prop_assert_eq!(&next, &run.states[t + 1 - period]);
            }
        }
    }
}

#[test]
fn a_resting_input_makes_the_level_a_fixed_point_under_every_rule() {
    // One concept, no link: A = f(self(A) + b) has the level as a fixed point for every rule
    // and continuous transfer. Where the step is a contraction (Kosko always; the rules with
    // memory with the sigmoid at λ = 1, slope at most 2 · 1/4) the concept settles there from
    // any start; with a steeper step the rules with memory may have other fixed points too.
    for rule in [Rule::Kosko, Rule::ModifiedKosko, Rule::Rescaled] {
        for (transfer, lambda) in [
            (Transfer::Sigmoid, 1.0),
            (Transfer::Sigmoid, 3.0),
            (Transfer::Tanh, 1.0),
        ] {
            let s = Settings {
                rule,
                transfer,
                lambda,
                cap: 10_000,
                epsilon: 1e-12,
                ..Settings::default()
            };
            let contraction = rule == Rule::Kosko || (transfer, lambda) == (Transfer::Sigmoid, 1.0);
            for level in [0.1, 0.5, 0.8] {
                let b = s.resting_input(level);
                let mut next = [0.0];
                step_conditional(&Matrix::zeros(1), &[], &[b], &[level], &s, None, &mut next);
                assert!(
                    (next[0] - level).abs() < 1e-12,
                    "{rule:?} {transfer:?} λ {lambda}"
                );
                if contraction {
                    let run = simulate_conditional(&Matrix::zeros(1), &[], &[b], &[1.0], &[], &s);
                    let a = run.steady_state()[0];
                    assert!((a - level).abs() < 1e-9, "{rule:?} {transfer:?}: {a}");
                }
            }
        }
    }
    // The Kosko sigmoid's input is the logit: ln(0.1 / 0.9).
    assert!((Settings::default().resting_input(0.1) - (1.0f64 / 9.0).ln()).abs() < 1e-15);
}
