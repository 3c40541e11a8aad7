//! `realpolitik migrate`: rewriting a model written in the older form (a `[[judgments]]` block
//! and a `[[links]]` entry per relation) into `[[relations]]`, with its comments kept.
//!
//! A block and a link on the same ordered pair become one relation when their evidence agrees:
//! every evidence field (`claim`, `justification`, `source`, `quote`, `stance`, `estimate`,
//! `assumption`, `indicators`) is absent from both or has the same value in both. The relation
//! keeps the block's place in the file, its comments and its keys, and takes the link's
//! `weight` (and `when`, `requires`, `scaled_by`, each with its comments) after its `to`;
//! comments on the link's header or other keys are appended to the relation's header comment. Where the evidence
//! differs, merging would change what one engine rests on, so the two are written as two
//! relations (one with the `impacts`, one with the `weight`) and the report names the fields
//! that differ: an analyst reconciles them. A block or link without a partner becomes a
//! relation of its own. Nothing else in the file changes. The rewrite is done on the text's
//! syntax tree (toml_edit), so formatting, key order and comments survive.

use std::path::{Path, PathBuf};

use schemars::JsonSchema;
use serde::Serialize;
use toml_edit::{ArrayOfTables, DocumentMut, Item, Key, Table};

use super::load::{LoadError, LoadOptions, SourceTexts, load_file, load_str};
use super::types::Model;

/// The evidence fields compared before a block and a link are merged.
const EVIDENCE: [&str; 8] = [
    "claim",
    "justification",
    "source",
    "quote",
    "stance",
    "estimate",
    "assumption",
    "indicators",
];

/// The keys of a link that carry its FCM encoding, moved after a merged relation's `to`.
const FCM_KEYS: [&str; 4] = ["weight", "when", "requires", "scaled_by"];

/// What a migration did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Migration {
    /// The rewritten text.
    #[serde(skip)]
    pub text: String,
    /// Pairs whose block and link were merged into one relation.
    pub merged: usize,
    /// Pairs whose block and link stay two relations, with the evidence fields that differ.
    pub kept_apart: Vec<KeptApart>,
    /// Blocks and links without a partner, each now a relation of its own.
    pub single: usize,
}

/// A pair whose block and link differ in their evidence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
pub struct KeptApart {
    /// The acting factor.
    pub from: String,
    /// The factor acted upon.
    pub to: String,
    /// The evidence fields whose values differ.
    pub fields: Vec<&'static str>,
}

/// Why a file could not be migrated.
#[derive(Debug, thiserror::Error)]
pub enum MigrateError {
    /// The text is not TOML.
    #[error("the file is not valid TOML: {0}")]
    Syntax(String),
    /// `judgments`, `links` or `relations` is not an array of tables.
    #[error("`{0}` is not an array of tables ([[{0}]])")]
    Shape(&'static str),
}

/// One file of a model, migrated.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
pub struct MigratedFile {
    /// Its path.
    pub path: PathBuf,
    /// What was done to it.
    pub migration: Migration,
}

/// What `realpolitik migrate` did: each file of the model, and whether it was written.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct MigrateDocument {
    /// The model's file, then its alternatives' files.
    pub files: Vec<MigratedFile>,
    /// Whether the files were rewritten (false on a dry run).
    pub written: bool,
}

/// Why a model could not be migrated.
#[derive(Debug, thiserror::Error)]
pub enum ModelMigrationError {
    /// The model does not load as it is: fix it first.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// An alternative's file could not be rewritten.
    #[error("{path}: {error}")]
    File {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        error: MigrateError,
    },
    /// The rewritten files do not load into the same model (a defect of the migration).
    #[error("the migrated model differs from the original ({0}); nothing was written")]
    Changed(String),
}

/// Migrates the model at `path` and its alternative encodings, and checks that the rewritten
/// files load into the same model: the same factors, actors and options, and every link and
/// block with the same values and evidence (in relation order rather than file order). Only
/// a model that loads (under `options`) may be migrated. Nothing is written: the caller writes
/// the texts.
pub fn migrate_model(
    path: &Path,
    options: &LoadOptions,
) -> Result<Vec<MigratedFile>, ModelMigrationError> {
    let before = load_file(path, options)?;
    let dir = path.parent().map(Path::to_owned).unwrap_or_default();
    let mut files = vec![MigratedFile {
        path: path.to_owned(),
        migration: migrate(before.file.text()).map_err(|error| ModelMigrationError::File {
            path: path.to_owned(),
            error,
        })?,
    }];
    let mut overlay = Vec::new();
    for alternative in &before.model.alternatives {
        let path = dir.join(&alternative.path);
        let text =
            crate::io::read_text(&path, &options.limits).map_err(|source| LoadError::Read {
                path: path.clone(),
                source: source.into(),
            })?;
        let migration = migrate(&text).map_err(|error| ModelMigrationError::File {
            path: path.clone(),
            error,
        })?;
        overlay.push((alternative.path.clone(), migration.text.clone()));
        files.push(MigratedFile { path, migration });
    }
    let after = load_str(
        &path.display().to_string(),
        &files[0].migration.text,
        &SourceTexts::Overlay(dir, overlay),
        options,
    )?;
    same_model(&before.model, &after.model).map_err(ModelMigrationError::Changed)?;
    Ok(files)
}

/// Whether two models are the same but for the order of their links and blocks; the first
/// difference otherwise.
pub fn same_model(a: &Model, b: &Model) -> Result<(), String> {
    let (a, b) = (ordered(a)?, ordered(b)?);
    if a == b {
        return Ok(());
    }
    let (serde_json::Value::Object(a), serde_json::Value::Object(b)) = (a, b) else {
        return Err("the models differ".into());
    };
    let part = a.keys().find(|k| a.get(*k) != b.get(*k));
    Err(format!("in its {}", part.map_or("parts", String::as_str)))
}

/// A model as JSON, its links and blocks (and its alternatives') sorted by pair.
fn ordered(model: &Model) -> Result<serde_json::Value, String> {
    let mut value = serde_json::to_value(model).map_err(|e| e.to_string())?;
    let sort = |v: &mut serde_json::Value| {
        for key in ["links", "judgments"] {
            if let Some(serde_json::Value::Array(items)) = v.get_mut(key) {
                items.sort_by_key(|i| (i["from"].as_u64(), i["to"].as_u64()));
            }
        }
    };
    sort(&mut value);
    if let Some(serde_json::Value::Array(alternatives)) = value.get_mut("alternatives") {
        alternatives.iter_mut().for_each(sort);
    }
    Ok(value)
}

/// Rewrites `text` (a model or an alternative encoding) with its blocks and links merged into
/// relations (see the module docs). A file without `[[judgments]]` or `[[links]]` comes back
/// unchanged.
pub fn migrate(text: &str) -> Result<Migration, MigrateError> {
    let mut doc: DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| MigrateError::Syntax(e.to_string()))?;
    let root = doc.as_table_mut();
    let mut take = |name: &'static str| -> Result<Vec<Table>, MigrateError> {
        match root.remove(name) {
            None => Ok(Vec::new()),
            Some(Item::ArrayOfTables(a)) => Ok(a.into_iter().collect()),
            Some(_) => Err(MigrateError::Shape(name)),
        }
    };
    let blocks = take("judgments")?;
    let mut links: Vec<Option<Table>> = take("links")?.into_iter().map(Some).collect();
    let mut relations = take("relations")?;
    let mut migration = Migration {
        text: String::new(),
        merged: 0,
        kept_apart: Vec::new(),
        single: 0,
    };
    for block in blocks {
        let partner = links
            .iter()
            .position(|l| l.as_ref().is_some_and(|l| pair(l) == pair(&block)));
        let Some(k) = partner else {
            migration.single += 1;
            relations.push(block);
            continue;
        };
        let link = links[k].take().expect("a partner not yet taken");
        let fields = differing(&block, &link);
        if fields.is_empty() {
            migration.merged += 1;
            relations.push(merge(block, &link));
        } else {
            let (from, to) = pair(&block);
            migration.kept_apart.push(KeptApart { from, to, fields });
            relations.push(block);
            relations.push(link);
        }
    }
    for link in links.into_iter().flatten() {
        migration.single += 1;
        relations.push(link);
    }
    if !relations.is_empty() {
        let mut array = ArrayOfTables::new();
        for t in relations {
            array.push(t);
        }
        root.insert("relations", Item::ArrayOfTables(array));
    }
    migration.text = doc.to_string();
    Ok(migration)
}

/// A table's `from` and `to`, as written.
fn pair(t: &Table) -> (String, String) {
    let text = |k: &str| {
        t.get(k)
            .and_then(Item::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    (text("from"), text("to"))
}

/// The evidence fields whose values differ between two tables (formatting aside).
fn differing(a: &Table, b: &Table) -> Vec<&'static str> {
    let value = |t: &Table, k: &str| t.get(k).map(canonical);
    EVIDENCE
        .into_iter()
        .filter(|k| value(a, k) != value(b, k))
        .collect()
}

/// An item's value without its formatting: what a TOML reader sees.
fn canonical(item: &Item) -> Option<toml::Value> {
    let mut doc = DocumentMut::new();
    doc.insert("x", item.clone());
    let table: toml::Table = toml::from_str(&doc.to_string()).ok()?;
    table.get("x").cloned()
}

/// The relation of a block and a link whose evidence agrees: the block's table with the link's
/// FCM keys after `to`, and the link's comments added to its header comment.
fn merge(block: Table, link: &Table) -> Table {
    let mut relation = Table::new();
    relation.set_position(block.position());
    *relation.decor_mut() = block.decor().clone();
    for (key, item) in block.iter() {
        let (key, _) = block.get_key_value(key).expect("an iterated key");
        relation.insert_formatted(key, item.clone());
        if key.get() == "to" {
            for name in FCM_KEYS {
                if let Some((k, item)) = link.get_key_value(name) {
                    relation.insert_formatted(k, item.clone());
                }
            }
        }
    }
    let own = comments(block.decor().prefix().and_then(|p| p.as_str()));
    let mut added: Vec<String> = comments(link.decor().prefix().and_then(|p| p.as_str()));
    for (key, _) in link.iter() {
        if FCM_KEYS.contains(&key) {
            continue;
        }
        let (k, _): (&Key, _) = link.get_key_value(key).expect("an iterated key");
        added.extend(comments(k.leaf_decor().prefix().and_then(|p| p.as_str())));
    }
    added.retain(|c| !own.contains(c));
    if !added.is_empty() {
        let prefix = block
            .decor()
            .prefix()
            .and_then(|p| p.as_str())
            .unwrap_or_default();
        let extra: String = added.iter().map(|c| format!("{c}\n")).collect();
        relation.decor_mut().set_prefix(format!("{prefix}{extra}"));
    }
    relation
}

/// The comment lines of a decor's text.
fn comments(text: Option<&str>) -> Vec<String> {
    text.unwrap_or_default()
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with('#'))
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const OLD: &str = r#"[model]
title = "t"

# a → b
[[judgments]]
from = "a"
to = "b"
impacts = [[1, -1], [-1, 1]] # the block
justification = "Because."

# c → d
[[judgments]]
from = "c"
to = "d"
impacts = [[1, -1], [-1, 1]]
justification = "One reason."

# a → b, as a link
[[links]]
from = "a"
to = "b"
# a comment on the weight
weight = "+moderately"
justification = "Because."

[[links]]
from = "c"
to = "d"
weight = 0.5
justification = "Another reason."

[[links]]
from = "e"
to = "f"
weight = 0.1
"#;

    #[test]
    fn a_block_and_a_link_that_agree_become_one_relation_with_their_comments() {
        let m = migrate(OLD).unwrap();
        assert_eq!(m.merged, 1);
        assert_eq!(m.single, 1);
        assert_eq!(
            m.kept_apart,
            [KeptApart {
                from: "c".into(),
                to: "d".into(),
                fields: vec!["justification"]
            }]
        );
        let expected = r#"[model]
title = "t"

# a → b
# a → b, as a link
[[relations]]
from = "a"
to = "b"
# a comment on the weight
weight = "+moderately"
impacts = [[1, -1], [-1, 1]] # the block
justification = "Because."

# c → d
[[relations]]
from = "c"
to = "d"
impacts = [[1, -1], [-1, 1]]
justification = "One reason."

[[relations]]
from = "c"
to = "d"
weight = 0.5
justification = "Another reason."

[[relations]]
from = "e"
to = "f"
weight = 0.1
"#;
        assert_eq!(m.text, expected);
        // Migrating again changes nothing.
        let again = migrate(&m.text).unwrap();
        assert_eq!(again.text, m.text);
        assert_eq!((again.merged, again.single), (0, 0));
    }

    #[test]
    fn what_is_not_a_model_is_refused() {
        assert!(matches!(migrate("a = ["), Err(MigrateError::Syntax(_))));
        assert!(matches!(
            migrate("links = 3"),
            Err(MigrateError::Shape("links"))
        ));
    }
}
