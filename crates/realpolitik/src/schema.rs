//! The JSON Schema of the model format, generated from [`crate::model::file`].
//!
//! The schema is committed as `schema/model.schema.json`; a test fails when it is stale.

use crate::model::file::ModelFile;

/// The model format's JSON Schema, pretty-printed, with a final newline.
pub fn model_schema() -> String {
    let schema = schemars::schema_for!(ModelFile);
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema always serialises");
    text.push('\n');
    text
}

/// Fails when the committed `schema/FILE` differs from `fresh`; with `UPDATE_SCHEMA` set in the
/// environment, rewrites it first.
#[cfg(test)]
pub(crate) fn assert_committed(file: &str, fresh: &str) {
    let path = format!("{}/../../schema/{file}", env!("CARGO_MANIFEST_DIR"));
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(&path, fresh).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == fresh,
        "schema/{file} is stale: run `UPDATE_SCHEMA=1 cargo test -p realpolitik schema` and commit it"
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_lists_every_section_the_loader_reads() {
        let schema: serde_json::Value = serde_json::from_str(&model_schema()).unwrap();
        let properties = schema["properties"].as_object().unwrap();
        let mut names: Vec<&str> = properties.keys().map(String::as_str).collect();
        names.sort_unstable();
        let mut sections = crate::model::load::SECTIONS.to_vec();
        sections.sort_unstable();
        assert_eq!(names, sections);
    }

    #[test]
    fn committed_schema_is_up_to_date() {
        assert_committed("model.schema.json", &model_schema());
    }
}
