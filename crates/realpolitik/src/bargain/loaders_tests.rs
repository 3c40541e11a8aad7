//! Tests of the bargaining CSV loaders: the reference cases load, bad fields and limits are
//! located errors, garbage never panics.

use super::*;

/// Test data from tests/data/bargaining-cases (see its README for provenance and licences).
pub(crate) fn test_data(path: &str) -> SourceFile {
    let full = format!(
        "{}/../../tests/data/bargaining-cases/{path}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{full}: {e}"));
    SourceFile::new(path, text)
}

#[test]
fn bdm_table_loads_ten_actors_on_the_4_to_10_scale() {
    // Scholz et al. (2011) Table 1, from Bueno de Mesquita (1994).
    let s = load_csv(
        &test_data("bdm1994/bdm1994_emission_standards.csv"),
        &crate::limits::Limits::default(),
    )
    .unwrap();
    let issue = s.nominal_issue(0);
    assert_eq!((issue.low, issue.high), (4.0, 10.0));
    assert_eq!(issue.players.len(), 10);
    assert_eq!(s.actors[6].name, "UK");
    assert_eq!(issue.players[6].salience, 0.9);
    assert_eq!(issue.players[6].capability, 0.16);
}

#[test]
fn ktab_csv_loads_actors_and_dimensions() {
    // KTAB examples/smp/doc (MIT, (c) KAPSARC).
    let s = load_csv(
        &test_data("ktab-smp/SOE-Pol-Comp.csv"),
        &crate::limits::Limits::default(),
    )
    .unwrap();
    assert_eq!(s.issues.len(), 2);
    assert_eq!(s.actors.len(), 13);
    assert_eq!(s.issues[1].id, "Competitive Position");
    let comp = s.nominal_issue(1);
    assert_eq!(comp.players[12].position, 60.0);
    assert_eq!(comp.players[12].salience, 0.46);
    assert_eq!(comp.players[12].capability, 40.0);
}

#[test]
fn bad_numbers_are_located_with_line_and_column() {
    let file = SourceFile::new(
        "t.csv",
        "actor,capability,position,salience\nA,1,4,50\nB,x,7,50\nC,1,5,150\n",
    );
    let errors = load_csv(&file, &crate::limits::Limits::default()).unwrap_err();
    assert_eq!(errors.len(), 2);
    assert_eq!(errors[0].line_column(), Some((3, 3)));
    assert!(errors[0].message.contains("`x` is not a number"));
    assert_eq!(errors[1].line_column(), Some((4, 7)));
    assert!(
        errors[1]
            .help
            .as_ref()
            .unwrap()
            .contains("between 0 and 100")
    );
}

fn check_never_panics(text: String) {
    let file = SourceFile::new("p.csv", text);
    let results = [
        load_csv(&file, &crate::limits::Limits::default()).err(),
        load_bdm_csv(&file, &crate::limits::Limits::default()).err(),
        load_ktab_csv(&file, &crate::limits::Limits::default()).err(),
        load_deu_long_csv(&file, &crate::limits::Limits::default()).err(),
        load_outcomes(&file).err(),
        crate::bargain::ktab_xml::load_ktab_xml(&file, &crate::limits::Limits::default()).err(),
    ];
    for d in results.into_iter().flatten().flatten() {
        let (span, _) = d.location.clone().expect("every error is located");
        assert!(span.end <= file.text().len() && span.start <= span.end);
        assert!(file.text().is_char_boundary(span.start));
        assert!(d.help.is_some());
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
    #[test]
    fn loaders_never_panic_on_garbage(
        header in proptest::sample::select(vec![
            "",
            "actor,capability,position,salience\n",
            "S,d,2,1\nActor,Desc,Power,P,S\n",
            "issue_id,actor,position,salience\n",
            "<Scenario><Dimensions><dName>a</dName></Dimensions><Actors>",
        ]),
        body in "[a-zé0-9_,.\"<>/ \n\r-]{0,120}",
    ) {
        check_never_panics(format!("{header}{body}"));
    }
}

#[test]
fn ktab_count_mismatch_and_missing_fields_are_errors() {
    let file = SourceFile::new(
        "k.csv",
        "S,d,3,1\nActor,Desc,Power,P,S\nA,a,10,50,50\nB,b,10,\n",
    );
    let errors = load_csv(&file, &crate::limits::Limits::default()).unwrap_err();
    assert_eq!(errors[0].line_column(), Some((4, 8)));
    let file = SourceFile::new("k.csv", "S,d,3,1\nActor,Desc,Power,P,S\nA,a,10,50,50\n");
    let errors = load_csv(&file, &crate::limits::Limits::default()).unwrap_err();
    assert_eq!(errors[0].line_column(), Some((1, 5)));
    assert!(
        load_csv(
            &SourceFile::new("e.csv", ""),
            &crate::limits::Limits::default()
        )
        .is_err()
    );
    assert!(
        load_csv(
            &SourceFile::new("q.csv", "\"unterminated\n"),
            &crate::limits::Limits::default()
        )
        .is_err()
    );
}

/// The one error of a loader refusing a file with too many actors: its line and column.
fn refused(errors: Vec<Diagnostic>) -> (usize, usize) {
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].code, "bargain::too_many_actors");
    assert!(
        errors[0].message.contains("--limit actors=N"),
        "{}",
        errors[0].message
    );
    errors[0].line_column().expect("located")
}

#[test]
fn every_csv_loader_refuses_actors_past_the_limit_at_the_first_one_too_many() {
    // The default limit is 500 actors: actor 501 is refused where it is written.
    let most = crate::limits::Limits::default().most_actors();
    assert_eq!(most, 500);
    let rows = |row: &dyn Fn(usize) -> String| -> String { (0..=most).map(row).collect() };
    let bdm = format!(
        "actor,capability,position,salience\n{}",
        rows(&|a| format!("A{a},1,{},50\n", a % 7))
    );
    let errors = load_csv(
        &SourceFile::new("b.csv", bdm),
        &crate::limits::Limits::default(),
    )
    .unwrap_err();
    assert_eq!(refused(errors), (502, 1));
    // KTAB: the count on line 1, or the rows when the count understates them.
    let ktab_rows = rows(&|a| format!("A{a},d,10,50,50\n"));
    let announced = format!("S,d,501,1\nActor,Desc,Power,P,S\n{ktab_rows}");
    let errors = load_csv(
        &SourceFile::new("k.csv", announced),
        &crate::limits::Limits::default(),
    )
    .unwrap_err();
    assert_eq!(refused(errors), (1, 5));
    let understated = format!("S,d,3,1\nActor,Desc,Power,P,S\n{ktab_rows}");
    let errors = load_csv(
        &SourceFile::new("k.csv", understated),
        &crate::limits::Limits::default(),
    )
    .unwrap_err();
    assert_eq!(refused(errors), (503, 1));
    // DEU long: two issues per actor, so actor 501 starts on line 1 + 2·500 + 1.
    let deu = format!(
        "issue_id,actor,position,salience\n{}",
        rows(&|a| format!("i1,A{a},10,50\ni2,A{a},20,50\n"))
    );
    let errors = load_csv(
        &SourceFile::new("d.csv", deu),
        &crate::limits::Limits::default(),
    )
    .unwrap_err();
    assert_eq!(refused(errors), (1002, 4));
    // At the limit every loader still reads the file.
    let at_limit = format!(
        "actor,capability,position,salience\n{}",
        (0..most)
            .map(|a| format!("A{a},1,{},50\n", a % 7))
            .collect::<String>()
    );
    assert_eq!(
        load_csv(
            &SourceFile::new("b.csv", at_limit),
            &crate::limits::Limits::default()
        )
        .unwrap()
        .actors
        .len(),
        most
    );
}

#[test]
fn ktab_xml_refuses_actors_past_the_limit_at_the_first_one_too_many() {
    let actor = |a: usize| {
        format!(
            "<Actor><name>A{a}</name><capability>1</capability><Position><dCoord>50</dCoord>\
             </Position><Salience><dSal>50</dSal></Salience></Actor>\n"
        )
    };
    let text = format!(
        "<Scenario><name>s</name><Dimensions><dName>d</dName></Dimensions><Actors>\n{}</Actors>\
         </Scenario>",
        (0..=crate::limits::Limits::default().most_actors())
            .map(actor)
            .collect::<String>()
    );
    let errors = crate::bargain::ktab_xml::load_ktab_xml(
        &SourceFile::new("s.xml", text),
        &crate::limits::Limits::default(),
    );
    assert_eq!(refused(errors.unwrap_err()), (502, 1));
}

#[test]
fn ktab_dimensions_the_header_lacks_or_short_rows_give_a_few_errors_not_millions() {
    // Found by fuzzing (slow runs): 4 kB announcing 10,000 dimensions gave 8 million errors.
    let rows: String = (0..400).map(|a| format!("A{a},d,10\n")).collect();
    let text = format!("S,d,400,10000\nActor,Desc,Power,P,S\n{rows}");
    let errors = load_csv(
        &SourceFile::new("k.csv", text),
        &crate::limits::Limits::default(),
    )
    .unwrap_err();
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].message.contains("needs 20003 columns"),
        "{}",
        errors[0].message
    );
    assert_eq!(errors[0].line_column(), Some((2, 1)));
    // With a header that wide, a short row gets at most two errors, where it ends.
    let header: String = (0..100).map(|d| format!(",P{d},S{d}")).collect();
    let text = format!("S,d,3,100\nActor,Desc,Power{header}\nA,a,10\nB,b,10,50\nC,c,10\n");
    let errors = load_csv(
        &SourceFile::new("k.csv", text),
        &crate::limits::Limits::default(),
    )
    .unwrap_err();
    assert_eq!(errors.len(), 5, "{errors:?}");
    assert_eq!(errors[2].line_column(), Some((4, 10)));
}
