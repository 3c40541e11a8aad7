//! Edits the structured views make, applied to the model's TOML text with `toml_edit`: only
//! the value edited changes, and every comment, blank line and layout choice of the file is
//! kept (the file is never re-serialised from the model).

use serde::Deserialize;
use toml_edit::{Array, DocumentMut, Item, Table, Value};

/// One edit of a model's text.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Edit {
    /// Sets the FCM weight of the relation `from` → `to` (a `[[relations]]` entry with a
    /// `weight`, or a `[[links]]` entry) to a number or a linguistic term.
    LinkWeight {
        /// The cause's id.
        from: String,
        /// The effect's id.
        to: String,
        /// A number in [-1, 1], or a term such as `"-strong"`.
        weight: WeightValue,
    },
    /// Adds a relation `from` → `to` with an FCM weight and the analyst's assumption behind it
    /// (a `[[links]]` entry in a file written in the older form).
    AddLink {
        /// The cause's id.
        from: String,
        /// The effect's id.
        to: String,
        /// The weight.
        weight: WeightValue,
        /// Why (the link needs evidence: an assumption until a quote is cited).
        assumption: String,
    },
    /// Places a factor on the graph canvas: `layout = [x, y]` in its `[[factors]]` entry.
    Layout {
        /// The factor's id.
        factor: String,
        /// Position.
        x: f64,
        /// Position.
        y: f64,
    },
    /// Sets one cell of the cross-impact block `from` → `to` (a `[[relations]]` entry with
    /// `impacts`, or a `[[judgments]]` entry): row `row` (a state of `from`), column `column`
    /// (a state of `to`), both 0-based.
    Impact {
        /// The block's row descriptor.
        from: String,
        /// The block's column descriptor.
        to: String,
        /// Row.
        row: usize,
        /// Column.
        column: usize,
        /// The impact, an integer (usually −3 … +3).
        value: i64,
    },
    /// Sets an actor's position, salience or capability on an issue.
    Bargaining {
        /// The actor's id.
        actor: String,
        /// The issue's id.
        issue: String,
        /// `position`, `salience` or `capability`.
        field: String,
        /// The value.
        value: f64,
    },
    /// Cites a passage of a source for a judgment: adds it to the judgment's `quote`s with
    /// its stance (`author`, `reported`, `opposing` or `hypothetical`).
    Cite {
        /// The judgment.
        judgment: Judgment,
        /// The source's id.
        source: String,
        /// The passage, exactly as the source has it.
        quote: String,
        /// What kind of support it is.
        stance: String,
    },
}

/// A judgment, as the page names it: by what it joins, never by its place in the file.
#[derive(Clone, Debug, Deserialize, PartialEq, serde::Serialize)]
#[serde(tag = "of", rename_all = "snake_case")]
pub enum Judgment {
    /// The FCM link `from` → `to`.
    Link {
        /// The cause's id.
        from: String,
        /// The effect's id.
        to: String,
    },
    /// The cross-impact block `from` → `to`.
    Block {
        /// Row descriptor.
        from: String,
        /// Column descriptor.
        to: String,
    },
    /// An actor's stance on an issue.
    Stance {
        /// The actor's id.
        actor: String,
        /// The issue's id.
        issue: String,
    },
}

/// A link weight as the page sends it.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum WeightValue {
    /// A crisp number.
    Number(f64),
    /// A linguistic term.
    Term(String),
}

/// Applies `edit` to `text`, returning the new text, or why it cannot be applied.
pub fn apply(text: &str, edit: &Edit) -> Result<String, String> {
    let mut doc: DocumentMut = text
        .parse()
        .map_err(|_| "the text is not valid TOML: fix the syntax error first".to_owned())?;
    match edit {
        Edit::LinkWeight { from, to, weight } => {
            let weight = weight_value(weight)?;
            set(link(&mut doc, from, to)?, "weight", weight);
        }
        Edit::AddLink {
            from,
            to,
            weight,
            assumption,
        } => {
            let mut link = Table::new();
            link.insert("from", toml_edit::value(from.as_str()));
            link.insert("to", toml_edit::value(to.as_str()));
            link.insert("weight", Item::Value(weight_value(weight)?));
            link.insert("assumption", toml_edit::value(assumption.as_str()));
            let older = doc.contains_key("links") && !doc.contains_key("relations");
            let section = if older { "links" } else { "relations" };
            match doc.get_mut(section) {
                Some(Item::ArrayOfTables(all)) => all.push(link),
                Some(_) => return Err(format!("`{section}` in the file is not a list of tables")),
                None => {
                    let mut all = toml_edit::ArrayOfTables::new();
                    all.push(link);
                    doc.insert(section, Item::ArrayOfTables(all));
                }
            }
        }
        Edit::Layout { factor, x, y } => {
            if !(x.is_finite() && y.is_finite()) {
                return Err("a position must be finite numbers".into());
            }
            let table = find(&mut doc, "factors", |t| id_is(t, "id", factor))
                .ok_or_else(|| format!("no factor {factor:?} in the file"))?;
            let mut xy = Array::new();
            xy.push(round(*x));
            xy.push(round(*y));
            set(table, "layout", Value::Array(xy));
        }
        Edit::Impact {
            from,
            to,
            row,
            column,
            value,
        } => {
            let cell = block(&mut doc, from, to)?
                .get_mut("impacts")
                .and_then(Item::as_array_mut)
                .and_then(|rows| rows.get_mut(*row))
                .and_then(Value::as_array_mut)
                .and_then(|cells| cells.get_mut(*column))
                .ok_or_else(|| {
                    format!(
                        "the block {from} → {to} has no cell ({}, {})",
                        row + 1,
                        column + 1
                    )
                })?;
            let decor = cell.decor().clone();
            *cell = Value::from(*value);
            *cell.decor_mut() = decor;
        }
        Edit::Bargaining {
            actor,
            issue,
            field,
            value,
        } => {
            if !["position", "salience", "capability"].contains(&field.as_str()) {
                return Err(format!(
                    "{field:?}: an actor's bargaining field is position, salience or capability"
                ));
            }
            if !value.is_finite() {
                return Err("the value must be a finite number".into());
            }
            let table = find(&mut doc, "actors", |t| id_is(t, "id", actor))
                .ok_or_else(|| format!("no actor {actor:?} in the file"))?;
            let on_issue = table
                .get_mut("bargaining")
                .and_then(Item::as_table_like_mut)
                .and_then(|b| b.get_mut(issue))
                .and_then(Item::as_table_like_mut)
                .ok_or_else(|| format!("{actor} takes no position on issue {issue:?}"))?;
            let decor = on_issue
                .get(field)
                .and_then(Item::as_value)
                .map(|v| v.decor().clone());
            let mut v = number(*value);
            if let Some(d) = decor {
                *v.decor_mut() = d;
            }
            on_issue.insert(field, Item::Value(v));
        }
        Edit::Cite {
            judgment,
            source,
            quote,
            stance,
        } => cite(&mut doc, judgment, source, quote, stance)?,
    }
    Ok(doc.to_string())
}

fn cite(
    doc: &mut DocumentMut,
    judgment: &Judgment,
    source: &str,
    quote: &str,
    stance: &str,
) -> Result<(), String> {
    if !["author", "reported", "opposing", "hypothetical"].contains(&stance) {
        return Err(format!(
            "stance {stance:?}: say author, reported, opposing or hypothetical"
        ));
    }
    if quote.trim().is_empty() {
        return Err("select the passage to cite first".into());
    }
    let table: &mut dyn toml_edit::TableLike = match judgment {
        Judgment::Link { from, to } => link(doc, from, to)?,
        Judgment::Block { from, to } => block(doc, from, to)?,
        Judgment::Stance { actor, issue } => find(doc, "actors", |t| id_is(t, "id", actor))
            .and_then(|t| t.get_mut("bargaining"))
            .and_then(Item::as_table_like_mut)
            .and_then(|b| b.get_mut(issue))
            .and_then(Item::as_table_like_mut)
            .ok_or_else(|| format!("{actor} takes no position on issue {issue:?}"))?,
    };
    match table.get("source").and_then(Item::as_str) {
        Some(s) if s != source => {
            return Err(format!(
                "this judgment quotes source {s:?}; its quotes come from one source"
            ));
        }
        Some(_) => {}
        None => {
            table.insert("source", toml_edit::value(source));
        }
    }
    let mut cited = toml_edit::InlineTable::new();
    cited.insert("text", quote.into());
    cited.insert("stance", stance.into());
    match table.get_mut("quote") {
        None => {
            table.insert("quote", toml_edit::value(quote));
            if table.get("stance").is_none() {
                table.insert("stance", toml_edit::value(stance));
            }
        }
        Some(Item::Value(Value::Array(quotes))) => quotes.push(cited),
        Some(Item::Value(old @ Value::String(_))) => {
            let decor = old.decor().clone();
            let mut first = old.clone();
            first.decor_mut().clear();
            let mut quotes = Array::new();
            quotes.push_formatted(first);
            quotes.push(cited);
            let mut new = Value::Array(quotes);
            *new.decor_mut() = decor;
            *old = new;
        }
        Some(_) => return Err("the judgment's `quote` is neither a text nor a list".into()),
    }
    Ok(())
}

fn weight_value(w: &WeightValue) -> Result<Value, String> {
    match w {
        WeightValue::Number(n) if n.is_finite() && (-1.0..=1.0).contains(n) => Ok(number(*n)),
        WeightValue::Number(n) => Err(format!("weight {n}: a link weight lies in [-1, 1]")),
        WeightValue::Term(t) if !t.trim().is_empty() => Ok(Value::from(t.trim())),
        WeightValue::Term(_) => {
            Err("an empty term: give a number or a term such as \"-strong\"".into())
        }
    }
}

/// A number as the file writes it: an integer where it is one, else at most three decimals.
fn number(n: f64) -> Value {
    let r = round(n);
    if r.fract() == 0.0 && r.abs() < 1e15 {
        Value::from(r as i64)
    } else {
        Value::from(r)
    }
}

fn round(n: f64) -> f64 {
    (n * 1000.0).round() / 1000.0
}

/// Sets `key` in `table` to `value`, keeping the comment and spacing around the old value.
fn set(table: &mut Table, key: &str, mut value: Value) {
    if let Some(old) = table.get(key).and_then(Item::as_value) {
        *value.decor_mut() = old.decor().clone();
    } else {
        value.decor_mut().set_prefix(" ");
    }
    table.insert(key, Item::Value(value));
}

fn id_is(table: &Table, key: &str, id: &str) -> bool {
    table.get(key).and_then(Item::as_str) == Some(id)
}

/// The table holding the FCM weight of `from` → `to`: a relation with a `weight`, or a link.
fn link<'a>(doc: &'a mut DocumentMut, from: &str, to: &str) -> Result<&'a mut Table, String> {
    encoding(doc, from, to, ("relations", "weight"), "links")
        .ok_or_else(|| format!("no link from {from} to {to} in the file: reload the page"))
}

/// The table holding the CIB block of `from` → `to`: a relation with `impacts`, or a block.
fn block<'a>(doc: &'a mut DocumentMut, from: &str, to: &str) -> Result<&'a mut Table, String> {
    encoding(doc, from, to, ("relations", "impacts"), "judgments")
        .ok_or_else(|| format!("no cross-impact block from {from} to {to} in the file"))
}

/// The entry of `section` (holding `key`) or else of `older` that runs `from` → `to`.
fn encoding<'a>(
    doc: &'a mut DocumentMut,
    from: &str,
    to: &str,
    (section, key): (&str, &str),
    older: &str,
) -> Option<&'a mut Table> {
    let runs = |t: &Table| id_is(t, "from", from) && id_is(t, "to", to);
    let in_relations = doc
        .get(section)
        .and_then(Item::as_array_of_tables)
        .is_some_and(|a| a.iter().any(|t| runs(t) && t.contains_key(key)));
    if in_relations {
        find(doc, section, |t| runs(t) && t.contains_key(key))
    } else {
        find(doc, older, runs)
    }
}

fn find<'a>(
    doc: &'a mut DocumentMut,
    array: &str,
    matches: impl Fn(&Table) -> bool,
) -> Option<&'a mut Table> {
    doc.get_mut(array)?
        .as_array_of_tables_mut()?
        .iter_mut()
        .find(|t| matches(t))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "# a model\n[[factors]]\nid = \"a\" # first\nlabel = \"A\"\n\n\
        [[links]]\nfrom = \"a\"\nto = \"b\"\nweight = 0.5   # judged from the memo\n\
        assumption = \"x\"\n\n[[judgments]]\nfrom = \"a\"\nto = \"b\"\n\
        impacts = [[ 1, -1],   # low\n           [-2,  2]]   # high\n\n\
        [[actors]]\nid = \"gov\"\n[actors.bargaining.price]\nposition = 40 # reported\nsalience = 70\n";

    #[test]
    fn a_weight_edit_changes_only_that_value_and_keeps_its_comment() {
        let edit = Edit::LinkWeight {
            from: "a".into(),
            to: "b".into(),
            weight: WeightValue::Number(-0.25),
        };
        let out = apply(TEXT, &edit).unwrap();
        assert_eq!(
            out,
            TEXT.replace("weight = 0.5   #", "weight = -0.25   #"),
            "{out}"
        );
        let term = Edit::LinkWeight {
            from: "a".into(),
            to: "b".into(),
            weight: WeightValue::Term("+strong".into()),
        };
        assert!(
            apply(TEXT, &term)
                .unwrap()
                .contains("weight = \"+strong\"   # judged")
        );
    }

    #[test]
    fn an_edit_that_does_not_match_the_file_is_refused() {
        let wrong = Edit::LinkWeight {
            from: "b".into(),
            to: "a".into(),
            weight: WeightValue::Number(0.1),
        };
        assert!(
            apply(TEXT, &wrong)
                .unwrap_err()
                .contains("no link from b to a")
        );
        let out_of_range = Edit::LinkWeight {
            from: "a".into(),
            to: "b".into(),
            weight: WeightValue::Number(1.5),
        };
        assert!(apply(TEXT, &out_of_range).unwrap_err().contains("[-1, 1]"));
        assert!(
            apply("[[x", &out_of_range)
                .unwrap_err()
                .contains("not valid TOML")
        );
    }

    #[test]
    fn a_relation_is_edited_in_place_for_either_engine() {
        let text = "[[relations]]\nfrom = \"a\"\nto = \"b\"\nweight = 0.5 # w\n\
                    impacts = [[1, -1], [-1, 1]]\nassumption = \"x\"\n";
        let weight = Edit::LinkWeight {
            from: "a".into(),
            to: "b".into(),
            weight: WeightValue::Number(0.2),
        };
        let out = apply(text, &weight).unwrap();
        assert_eq!(out, text.replace("weight = 0.5 #", "weight = 0.2 #"));
        let impact = Edit::Impact {
            from: "a".into(),
            to: "b".into(),
            row: 0,
            column: 1,
            value: 2,
        };
        let out = apply(&out, &impact).unwrap();
        assert!(out.contains("impacts = [[1, 2], [-1, 1]]"), "{out}");
        // A new relation goes where the file keeps its relations.
        let add = Edit::AddLink {
            from: "b".into(),
            to: "a".into(),
            weight: WeightValue::Number(0.1),
            assumption: "y".into(),
        };
        let out = apply(&out, &add).unwrap();
        assert_eq!(out.matches("[[relations]]").count(), 2, "{out}");
    }

    #[test]
    fn layout_impact_and_bargaining_edits_keep_every_comment() {
        let out = apply(
            TEXT,
            &Edit::Layout {
                factor: "a".into(),
                x: 120.04,
                y: 33.0,
            },
        )
        .unwrap();
        assert!(
            out.contains("label = \"A\"\nlayout = [120.04, 33.0]\n"),
            "{out}"
        );
        let out = apply(
            &out,
            &Edit::Impact {
                from: "a".into(),
                to: "b".into(),
                row: 1,
                column: 0,
                value: 3,
            },
        )
        .unwrap();
        assert!(
            out.contains("[ 1, -1],   # low\n           [3,  2]]   # high"),
            "{out}"
        );
        let out = apply(
            &out,
            &Edit::Bargaining {
                actor: "gov".into(),
                issue: "price".into(),
                field: "position".into(),
                value: 55.5,
            },
        )
        .unwrap();
        assert!(
            out.contains("position = 55.5 # reported\nsalience = 70"),
            "{out}"
        );
        for comment in ["# a model", "# first", "# judged from the memo"] {
            assert!(out.contains(comment), "{comment} lost: {out}");
        }
    }
}
