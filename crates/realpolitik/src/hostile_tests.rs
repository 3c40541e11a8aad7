//! Every text reader over mutations of its valid examples (issue 13): whatever is deleted,
//! inserted, repeated or replaced, a reader returns a result or errors, never panics, and every
//! error it locates lies in the text (on character boundaries) and renders. Each property runs
//! few cases on small inputs so that the whole set stays well under a few seconds.

use proptest::prelude::*;

use crate::diagnostic::{Diagnostic, SourceFile, render};

/// A valid example from the reference cases in `tests/data` (relative to the repository root).
fn test_data(path: &str) -> String {
    let full = format!("{}/../../tests/data/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

fn example(path: &str) -> String {
    let full = format!("{}/../../{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

/// One edit of a text: what to do at a fraction of its length.
#[derive(Clone, Debug)]
enum Mutation {
    Delete(f64, usize),
    Insert(f64, String),
    RepeatLine(f64, usize),
    Replace(f64, char),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let at = 0.0..1.0f64;
    prop_oneof![
        (at.clone(), 1..40usize).prop_map(|(a, n)| Mutation::Delete(a, n)),
        (at.clone(), "[a-z0-9,;:.\"'<>/&#$ \t\r\n\u{feff}é-]{1,12}")
            .prop_map(|(a, s)| Mutation::Insert(a, s)),
        (at.clone(), 1..200usize).prop_map(|(a, n)| Mutation::RepeatLine(a, n)),
        (at, any::<char>()).prop_map(|(a, c)| Mutation::Replace(a, c)),
    ]
}

/// The byte offset at fraction `a` of `text`, on a character boundary.
fn offset(text: &str, a: f64) -> usize {
    let mut i = ((text.len() as f64) * a) as usize;
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn apply(text: &str, mutations: &[Mutation]) -> String {
    let mut t = text.to_owned();
    for m in mutations {
        match m {
            Mutation::Delete(a, n) => {
                let i = offset(&t, *a);
                let mut j = (i + n).min(t.len());
                while !t.is_char_boundary(j) {
                    j += 1;
                }
                t.replace_range(i..j, "");
            }
            Mutation::Insert(a, s) => {
                let i = offset(&t, *a);
                t.insert_str(i, s);
            }
            Mutation::RepeatLine(a, n) => {
                let i = offset(&t, *a);
                let start = t[..i].rfind('\n').map_or(0, |k| k + 1);
                let end = t[i..].find('\n').map_or(t.len(), |k| i + k + 1);
                let line = t[start..end].to_owned();
                t.insert_str(end, &line.repeat(*n));
            }
            Mutation::Replace(a, c) => {
                let i = offset(&t, *a);
                if let Some(old) = t[i..].chars().next() {
                    t.replace_range(i..i + old.len_utf8(), &c.to_string());
                }
            }
        }
    }
    t
}

/// Every located error lies in its file's text and the set renders.
fn check(diagnostics: &[Diagnostic]) {
    assert!(diagnostics.iter().any(Diagnostic::is_error));
    for d in diagnostics {
        if let (Some((span, _)), Some(file)) = (&d.location, &d.file) {
            let text = file.text();
            assert!(span.start <= span.end && span.end <= text.len(), "{d:?}");
            assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
            let (line, column) = d.line_column().unwrap();
            assert!(line >= 1 && column >= 1);
        }
    }
    let shown = render(diagnostics, false);
    assert!(!shown.is_empty());
}

/// A matrix that loads is whole: each descriptor has a variant, the cells fill the square of
/// the variants, and the exact search runs on it.
fn matrix_is_whole(m: &crate::cib::Matrix) {
    assert!(m.descriptors().iter().all(|d| !d.variants.is_empty()));
    assert_eq!(m.cells().len(), m.variant_total() * m.variant_total());
    if m.scenario_count().is_some_and(|n| n <= 100_000) {
        let found = crate::cib::search::search(m, &crate::cib::Constraints::consistent());
        assert!(found.iter().all(|s| s.scores.inconsistency == 0));
    }
}

/// A scenario that loads either has located problems or issues the solvers can use: finite
/// positions, saliences and capabilities, and a finite weighted-mean forecast.
fn scenario_is_usable_or_refused(s: &crate::bargain::Scenario) {
    let problems = s.problems(&crate::limits::Limits::default());
    if !problems.is_empty() {
        return check(&problems);
    }
    for k in 0..s.issues.len() {
        let issue = s.nominal_issue(k);
        let total: f64 = issue.players.iter().map(|p| p.weight()).sum();
        let moment: f64 = issue.players.iter().map(|p| p.weight() * p.position).sum();
        assert!(total > 0.0 && (moment / total).is_finite(), "issue {k}");
    }
}

/// A bargaining table reader.
type Loader =
    fn(&SourceFile, &crate::limits::Limits) -> Result<crate::bargain::Scenario, Vec<Diagnostic>>;

fn cases() -> ProptestConfig {
    ProptestConfig::with_cases(200)
}

proptest! {
    #![proptest_config(cases())]

    #[test]
    fn model_loader_survives_mutations(ms in prop::collection::vec(mutation(), 1..4)) {
        let text = apply(&example("examples/energy-transition.toml"), &ms);
        let texts = crate::model::SourceTexts::Embedded(&[]);
        match crate::model::load_str("m.toml", &text, &texts, &crate::model::LoadOptions::default()) {
            // A model that loads gives a map of finite weights between its own factors.
            Ok(loaded) => {
                let map = crate::fcm::FcmMap::from_model(&loaded.model);
                assert_eq!(map.concepts.len(), loaded.model.factors.len());
                let nominal = map.nominal();
                assert!(nominal.as_slice().iter().all(|x| x.is_finite()));
            }
            Err(crate::model::LoadError::Invalid(d)) => check(&d),
            Err(e) => panic!("a text is never read from disk: {e}"),
        }
    }

    #[test]
    fn cib_csv_survives_mutations(ms in prop::collection::vec(mutation(), 1..4)) {
        let base = test_data("cib-cases/lloyd_schweizer_2014_example.matrix.csv");
        let text = apply(&base, &ms);
        match crate::cib::io::csv::read_matrix("m.csv", &text, &crate::limits::Limits::default()) {
            Ok((m, _)) => matrix_is_whole(&m),
            Err(d) => check(&d),
        }
    }

    #[test]
    fn scw_survives_mutations(ms in prop::collection::vec(mutation(), 1..4)) {
        let base = test_data("cib-cases/scenariowizard/CIB_nested.scw");
        let text = apply(&base, &ms);
        match crate::cib::io::scw::read_scw("m.scw", &text, &crate::limits::Limits::default()) {
            Ok((m, _)) => matrix_is_whole(&m),
            Err(d) => check(&d),
        }
    }

    #[test]
    fn fcm_csv_survives_mutations(ms in prop::collection::vec(mutation(), 1..4)) {
        let base = "from,a,b,c\na,0,0.5,-0.3\nb,0.2,0,0.7\nc,-1,0.1,0\n";
        let file = SourceFile::new("w.csv", apply(base, &ms));
        match crate::fcm::read_matrix(&file, &crate::limits::Limits::default()) {
            // What loads is a map whose every weight joins two of its concepts and is finite.
            Ok(map) => {
                let n = map.concepts.len();
                for w in &map.weights {
                    assert!(w.from < n && w.to < n, "{w:?}");
                }
                let nominal = map.nominal();
                assert!(nominal.as_slice().iter().all(|x| x.is_finite()));
            }
            Err(d) => check(&d),
        }
    }

    #[test]
    fn bargaining_tables_survive_mutations(
        which in 0..3usize,
        ms in prop::collection::vec(mutation(), 1..4),
    ) {
        let (path, load): (_, Loader) = match which {
            0 => ("bargaining-cases/bdm1994/bdm1994_emission_standards.csv",
                  crate::bargain::load_bdm_csv),
            1 => ("bargaining-cases/ktab-smp/dummyData_3Dim.csv", crate::bargain::load_ktab_csv),
            _ => ("bargaining-cases/deu3/deu3_positions_long.csv",
                  crate::bargain::load_deu_long_csv),
        };
        // The DEU table is large: mutate its first 4 kB, which hold whole issues.
        let base = test_data(path);
        let cut = base[..base.len().min(4096)].rfind('\n').map_or(base.len(), |i| i + 1);
        let file = SourceFile::new("b.csv", apply(&base[..cut], &ms));
        match load(&file, &crate::limits::Limits::default()) {
            Ok(s) => scenario_is_usable_or_refused(&s),
            Err(d) => check(&d),
        }
    }

    #[test]
    fn ktab_xml_survives_mutations(ms in prop::collection::vec(mutation(), 1..4)) {
        let base = test_data("bargaining-cases/ktab-smp/smpExample.xml");
        let file = SourceFile::new("s.xml", apply(&base, &ms));
        match crate::bargain::load_ktab_xml(&file, &crate::limits::Limits::default()) {
            Ok(s) => scenario_is_usable_or_refused(&s),
            Err(d) => check(&d),
        }
    }
}

#[test]
fn repeating_a_variant_line_50000_times_is_refused_not_allocated() {
    let base = test_data("cib-cases/scenariowizard/CIB_nested.scw");
    let line = base
        .lines()
        .find(|l| l.trim_start().starts_with('-'))
        .unwrap();
    let at = base.find(line).unwrap() + line.len() + 1;
    let mut text = base.clone();
    text.insert_str(at, &format!("{line}\n").repeat(50_000));
    let d = crate::cib::io::scw::read_scw("m.scw", &text, &crate::limits::Limits::default())
        .unwrap_err();
    assert!(
        d[0].message.contains("variants is over the limit of 2000"),
        "{}",
        d[0].message
    );
    check(&d);
}
