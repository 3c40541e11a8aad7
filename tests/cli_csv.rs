//! `--format csv`: the commands whose results are tables print them as CSV, the same tables
//! as their own CSV flags and the same numbers as their JSON; the others refuse it with a usage
//! error that names what they support.

use serde_json::Value;

use crate::util;

const EXAMPLE: &str = "examples/energy-transition.toml";
const BDM: &str = "tests/data/bargaining-cases/bdm1994/bdm1994_emission_standards.csv";
const DEU3: &str = "tests/data/bargaining-cases/deu3";

fn ok(args: &[&str]) -> String {
    let run = util::run(args);
    assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
    run.stdout
}

fn json(args: &[&str]) -> Value {
    serde_json::from_str(&ok(args)).expect("the output is JSON")
}

fn rows(csv: &str) -> Vec<Vec<String>> {
    csv.lines()
        .map(|l| l.split(',').map(str::to_owned).collect())
        .collect()
}

#[test]
fn cib_prints_its_scenarios_as_the_csv_flag_does() {
    let matrix = "tests/data/cib-cases/lloyd_schweizer_2014_example.matrix.csv";
    let format = ok(&["cib", matrix, "--format", "csv"]);
    assert_eq!(format, ok(&["cib", matrix, "--csv"]));
    // --csv wins over --format json, as it did before --format csv existed.
    assert_eq!(format, ok(&["cib", matrix, "--csv", "--format", "json"]));
    let lines: Vec<&str> = format.lines().collect();
    assert_eq!(
        lines[0],
        "scenario,Pop,Econ,Edu,tis,consistency_value,inconsistency"
    );
    assert_eq!(lines.len(), 4, "three consistent scenarios: {format}");

    let example = ok(&["cib", EXAMPLE, "--format", "csv"]);
    assert_eq!(
        example,
        "scenario,carbon_price,gas_shock,coal_jobs,emissions,tis,consistency_value,inconsistency\n\
         S1,moderate,no,falling,falling,3,0,0\n"
    );
}

#[test]
fn fcm_prints_the_table_its_csv_flag_writes() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("effects.csv");
    let printed = ok(&["fcm", EXAMPLE, "--format", "csv"]);
    ok(&["fcm", EXAMPLE, "--csv", file.to_str().unwrap()]);
    assert_eq!(printed, std::fs::read_to_string(&file).unwrap());
    let rows = rows(&printed);
    assert_eq!(rows.len(), 1 + 16, "4 cases × 4 concepts");
    assert_eq!(&rows[12][..4], ["price_now", "", "converged", "emissions"]);
    let change: f64 = rows[12][6].parse().unwrap();
    assert!((change + 0.09266659995406973).abs() < 1e-12, "{change}");

    // A bare matrix: its trajectory.
    let flip = dir.path().join("flip.csv");
    std::fs::write(&flip, ",a,b\na,0,-1\nb,-1,0\n").unwrap();
    let printed = ok(&[
        "fcm",
        flip.to_str().unwrap(),
        "--initial",
        "1,1",
        "--transfer",
        "trivalent",
        "--format",
        "csv",
    ]);
    assert_eq!(
        printed.lines().take(3).collect::<Vec<_>>(),
        ["step,a,b", "0,1,1", "1,-1,-1"]
    );
}

#[test]
fn bargain_prints_each_actors_initial_and_final_position() {
    assert_eq!(
        ok(&["bargain", EXAMPLE, "--format", "csv"]),
        "issue,actor,initial,final\n\
         price,Government,50,50\n\
         price,Coal miners' union,0,0\n\
         price,Green party,90,90\n"
    );
    // On the 1994 case the EUM moves the actors: the CSV has the JSON's positions.
    let doc = json(&["bargain", BDM, "--format", "json"]);
    let issue = &doc["issues"][0];
    let table = rows(&ok(&["bargain", BDM, "--format", "csv"]));
    assert_eq!(table[0], ["issue", "actor", "initial", "final"]);
    let actors = issue["actors"].as_array().unwrap();
    assert_eq!(table.len(), 1 + actors.len());
    let mut moved = 0;
    for (p, row) in table[1..].iter().enumerate() {
        assert_eq!(row[0], issue["id"].as_str().unwrap());
        assert_eq!(row[1], actors[p].as_str().unwrap());
        let initial: f64 = row[2].parse().unwrap();
        let last: f64 = row[3].parse().unwrap();
        assert_eq!(initial, issue["initial_positions"][p].as_f64().unwrap());
        assert_eq!(last, issue["final_positions"][p].as_f64().unwrap());
        moved += usize::from(initial != last);
    }
    assert!(moved > 0, "the EUM moves someone: {table:?}");
}

#[test]
fn bargain_backtest_prints_each_solvers_score() {
    let table = rows(&ok(&["bargain", "backtest", DEU3, "--format", "csv"]));
    assert_eq!(table[0], ["solver", "mae", "issues"]);
    let names: Vec<&str> = table[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(names, ["mean", "median", "eum", "eum-printed", "smp"]);
    assert!(table[1..].iter().all(|r| r[2] == "351"));
    let mean: f64 = table[1][1].parse().unwrap();
    assert_eq!(format!("{mean:.2}"), "23.64");
}

#[test]
fn analyze_prints_the_briefings_effects() {
    let args = ["analyze", EXAMPLE, "--draws", "50", "--quiet"];
    let table = rows(&ok(&[&args[..], &["--format", "csv"]].concat()));
    let doc = json(&[&args[..], &["--format", "json"]].concat());
    assert_eq!(
        table[0],
        [
            "option", "trigger", "outcome", "median", "q05", "q95", "p_better"
        ]
    );
    let effects = doc["briefing"]["effects"].as_array().unwrap();
    let outcomes = effects.iter().flat_map(|e| {
        let outcomes = e["outcomes"].as_array().unwrap();
        outcomes.iter().map(move |o| (e, o))
    });
    let mut n = 0;
    for ((e, o), row) in outcomes.zip(&table[1..]) {
        n += 1;
        assert_eq!(row[0], e["option"].as_str().unwrap());
        assert_eq!(row[1], e["trigger"].as_str().unwrap_or(""));
        assert_eq!(row[2], o["factor"].as_str().unwrap());
        // serde_json reads floats to within one ulp; the CSV has Rust's shortest round trip.
        let close = |cell: &str, v: &Value| {
            let x: f64 = cell.parse().unwrap();
            assert!((x - v.as_f64().unwrap()).abs() < 1e-12, "{cell} vs {v}");
        };
        close(&row[3], &o["effect"]["median"]);
        close(&row[4], &o["effect"]["q05"]);
        close(&row[5], &o["effect"]["q95"]);
        match o["p_better"].as_f64() {
            Some(_) => close(&row[6], &o["p_better"]),
            None => assert_eq!(row[6], ""),
        }
    }
    assert_eq!(
        n,
        table.len() - 1,
        "one row per option, condition and outcome"
    );
    // The example: pricing carbon now cuts emissions in every draw.
    assert_eq!(&table[1][..3], ["price_now", "", "emissions"]);
    assert!(table[1][3].parse::<f64>().unwrap() < -5.0, "{:?}", table[1]);
    assert_eq!(table[1][6], "1");
}

#[test]
fn commands_without_a_table_refuse_csv_and_say_what_they_support() {
    for (args, supported) in [
        (&["check", EXAMPLE][..], "--format text or --format json"),
        (&["show", EXAMPLE][..], "--format text or --format json"),
        (&["export", EXAMPLE, "--to", "dot"][..], "--to dot"),
        (&["schema", "--of", "output"][..], "drop --format csv"),
    ] {
        let run = util::run(&[args, &["--format", "csv"]].concat());
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stdout.is_empty(), "{args:?}: {}", run.stdout);
        assert!(run.stderr.contains("no --format csv"), "{}", run.stderr);
        assert!(run.stderr.contains(supported), "{}", run.stderr);
    }
}
