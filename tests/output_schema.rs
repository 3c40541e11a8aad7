//! Every `--format json` document conforms to the committed schema/output.schema.json: its
//! definition's required fields are there, every field is documented, and every value has the
//! documented type, down to the leaves. A small validator of the JSON Schema keywords schemars
//! emits (no validator crate is a dependency), run on each command with its options that add
//! sections.

use serde_json::Value;

use crate::util;

const EXAMPLE: &str = "examples/energy-transition.toml";
const CIB: &str = "tests/data/cib-cases/cibsa_CIB_global.matrix.csv";
const BDM: &str = "tests/data/bargaining-cases/bdm1994/bdm1994_emission_standards.csv";
const DEU3: &str = "tests/data/bargaining-cases/deu3";

fn schema() -> Value {
    let text = std::fs::read_to_string(util::path("schema/output.schema.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// Checks `value` against `schema`; the problems found, with their JSON paths.
fn check(root: &Value, schema: &Value, value: &Value, at: &str, problems: &mut Vec<String>) {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        let name = r.strip_prefix("#/$defs/").expect("local references only");
        check(root, &root["$defs"][name], value, at, problems);
    }
    for key in ["anyOf", "oneOf"] {
        if let Some(options) = schema.get(key).and_then(Value::as_array) {
            let fits = options.iter().any(|o| {
                let mut inner = Vec::new();
                check(root, o, value, at, &mut inner);
                inner.is_empty()
            });
            if !fits {
                problems.push(format!("{at}: fits none of {key}: {value}"));
            }
        }
    }
    for s in schema
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        check(root, s, value, at, problems);
    }
    if let Some(c) = schema.get("const")
        && c != value
    {
        problems.push(format!("{at}: {value} is not {c}"));
    }
    if let Some(e) = schema.get("enum").and_then(Value::as_array)
        && !e.contains(value)
    {
        problems.push(format!("{at}: {value} is not one of {e:?}"));
    }
    if let Some(t) = schema.get("type") {
        let types: Vec<&str> = match t {
            Value::String(s) => vec![s.as_str()],
            Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
            _ => vec![],
        };
        let is = |t: &str| match t {
            "null" => value.is_null(),
            "boolean" => value.is_boolean(),
            "object" => value.is_object(),
            "array" => value.is_array(),
            "string" => value.is_string(),
            "number" => value.is_number(),
            "integer" => value.is_i64() || value.is_u64(),
            _ => false,
        };
        if !types.iter().any(|&t| is(t)) {
            problems.push(format!("{at}: {value} is not of type {t}"));
            return;
        }
    }
    if let (Some(map), Some(props)) = (value.as_object(), schema.get("properties")) {
        let props = props.as_object().unwrap();
        for name in schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if !map.contains_key(name.as_str().unwrap()) {
                problems.push(format!("{at}: lacks the required {name}"));
            }
        }
        for (key, v) in map {
            match props.get(key) {
                Some(s) => check(root, s, v, &format!("{at}.{key}"), problems),
                None => problems.push(format!("{at}: {key:?} is not in the schema")),
            }
        }
    }
    if let Some(items) = value.as_array() {
        let prefix = schema.get("prefixItems").and_then(Value::as_array);
        for (k, v) in items.iter().enumerate() {
            let s = prefix.and_then(|p| p.get(k)).or(schema.get("items"));
            if let Some(s) = s.filter(|s| s.is_object()) {
                check(root, s, v, &format!("{at}[{k}]"), problems);
            }
        }
    }
}

/// Runs the command and checks its document against the definition `name`; the document.
pub fn conforms(name: &str, args: &[&str], code: i32) -> Value {
    let run = util::run(&[args, &["--format", "json", "--quiet"]].concat());
    assert_eq!(run.code, code, "{args:?}: {}", run.stderr);
    let doc: Value = serde_json::from_str(&run.stdout).expect("the output is JSON");
    let root = schema();
    assert!(root["$defs"].get(name).is_some(), "no definition {name}");
    let mut problems = Vec::new();
    check(&root, &root["$defs"][name], &doc, "$", &mut problems);
    assert!(problems.is_empty(), "{args:?}:\n{}", problems.join("\n"));
    // The root schema admits it too (it is any one of the documents).
    check(&root, &root, &doc, "$", &mut problems);
    assert!(
        problems.is_empty(),
        "{args:?} against the root:\n{}",
        problems.join("\n")
    );
    assert_eq!(doc["schema_version"], 1, "{args:?}");
    doc
}

#[test]
fn the_validator_catches_a_wrong_type_and_an_undocumented_field() {
    let root = schema();
    let def = &root["$defs"]["CibScenario"];
    let mut problems = Vec::new();
    let good = serde_json::json!({
        "variants": ["a"], "indices": [1], "tis": 3, "consistency_value": 0, "inconsistency": 0
    });
    check(&root, def, &good, "$", &mut problems);
    assert!(problems.is_empty(), "{problems:?}");
    let mut bad = good.clone();
    bad["tis"] = "3".into();
    bad["extra"] = true.into();
    bad.as_object_mut().unwrap().remove("indices");
    check(&root, def, &bad, "$", &mut problems);
    assert_eq!(problems.len(), 3, "{problems:?}");
}

#[test]
fn model_documents_conform() {
    conforms("CheckDocument", &["check", EXAMPLE], 0);
    conforms("ShowDocument", &["show", EXAMPLE], 0);
    conforms("GraphDocument", &["export", EXAMPLE, "--to", "json"], 0);
    conforms("AnalyzeDocument", &["analyze", EXAMPLE, "--draws", "20"], 0);
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "[model]\ntitle = 1\n").unwrap();
    conforms("InvalidDocument", &["check", bad.to_str().unwrap()], 1);
}

#[test]
fn cib_documents_conform() {
    conforms("CibDocument", &["cib", EXAMPLE], 0);
    conforms(
        "CibDocument",
        &[
            "cib",
            EXAMPLE,
            "--basins",
            "--families",
            "1",
            "--from",
            "1 1 1 1",
        ],
        0,
    );
    conforms(
        "CibDocument",
        &["cib", EXAMPLE, "--scenario", "price_now"],
        0,
    );
    conforms(
        "CibDocument",
        &[
            "cib",
            CIB,
            "--ensemble",
            CIB,
            "--perturb",
            "1",
            "--draws",
            "10",
        ],
        0,
    );
}

#[test]
fn fcm_documents_conform() {
    conforms("FcmModelDocument", &["fcm", EXAMPLE, "--draws", "20"], 0);
    conforms(
        "FcmModelDocument",
        &[
            "fcm",
            EXAMPLE,
            "--structure",
            "--sensitivity",
            "emissions",
            "--samples",
            "50",
        ],
        0,
    );
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.csv");
    let b = dir.path().join("b.csv");
    std::fs::write(&a, ",a,b\na,0,-1\nb,-1,0\n").unwrap();
    std::fs::write(&b, ",a,b\na,0,1\nb,-1,0\n").unwrap();
    let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());
    conforms("FcmMatrixDocument", &["fcm", a, "--structure"], 0);
    conforms("FcmMatrixDocument", &["fcm", a, b], 0);
}

#[test]
fn bargain_documents_conform() {
    conforms(
        "BargainDocument",
        &["bargain", EXAMPLE, "--draws", "20", "--sensitivity"],
        0,
    );
    conforms("BargainDocument", &["bargain", BDM], 0);
    conforms("BargainDocument", &["bargain", BDM, "--solver", "smp"], 0);
    conforms("BacktestDocument", &["bargain", "backtest", DEU3], 0);
    conforms("AchDocument", &["ach", "tests/data/ach/toy.toml"], 0);
    conforms("AchDocument", &["ach"], 0);
}
