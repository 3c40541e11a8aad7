//! Citing a passage for a judgment: the quote joins the judgment's `quote`s with its stance.

use toml_edit::{Array, DocumentMut, Item, Value};

use super::{Judgment, block, find, id_is, link};

/// Adds `quote` of `source`, with `stance`, to the quotes of `judgment`.
pub(super) fn cite(
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
