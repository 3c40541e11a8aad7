//! Edits the structured views make, applied to the model's TOML text with `toml_edit`: only
//! the value edited changes, and every comment, blank line and layout choice of the file is
//! kept (the file is never re-serialised from the model).

mod cite;
mod structure;

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
    /// Adds a factor.
    AddFactor {
        /// Its id (lower case, digits and `_`).
        id: String,
        /// What the page shows.
        label: String,
        /// `lever`, `trigger`, `mechanism` or `outcome`.
        role: String,
        /// Its states, at least two, lowest first.
        states: Vec<String>,
    },
    /// Changes a factor's label or role.
    UpdateFactor {
        /// The factor's id.
        id: String,
        /// The new label, if it changes.
        #[serde(default)]
        label: Option<String>,
        /// The new role, if it changes.
        #[serde(default)]
        role: Option<String>,
    },
    /// Removes a factor, the relations from and to it and its clamps.
    DeleteFactor {
        /// The factor's id.
        id: String,
    },
    /// Removes the FCM link `from` → `to` (a relation's CIB block, if it has one, stays).
    DeleteLink {
        /// The cause's id.
        from: String,
        /// The effect's id.
        to: String,
    },
    /// Adds an actor, with a stance on each issue given.
    AddActor {
        /// Its id.
        id: String,
        /// Its name.
        name: String,
        /// Its stances.
        #[serde(default)]
        stances: Vec<Stance>,
    },
    /// Removes an actor.
    DeleteActor {
        /// The actor's id.
        id: String,
    },
    /// Adds an option or a trigger.
    AddScenario {
        /// Which.
        scenario: ScenarioKind,
        /// Its id.
        id: String,
        /// Its name.
        name: String,
        /// Whether it is the status quo (an option only).
        #[serde(default)]
        status_quo: bool,
        /// The factors it clamps, each to a state.
        #[serde(default)]
        clamp: Vec<Clamp>,
    },
    /// Removes an option or a trigger.
    DeleteScenario {
        /// Which.
        scenario: ScenarioKind,
        /// Its id.
        id: String,
    },
    /// Sets the state an option or trigger clamps a factor to, or with no state unclamps it.
    SetClamp {
        /// Which.
        scenario: ScenarioKind,
        /// The option's or trigger's id.
        id: String,
        /// The factor.
        factor: String,
        /// The state, or none to unclamp.
        #[serde(default)]
        state: Option<String>,
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

/// An actor's stance on an issue, as a new actor takes it.
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct Stance {
    /// The issue's id.
    pub issue: String,
    /// Position on the issue's scale.
    pub position: f64,
    /// Salience, 0–100.
    pub salience: f64,
    /// Capability (relative clout).
    pub capability: f64,
}

/// A factor held at a state by an option or trigger.
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct Clamp {
    /// The factor's id.
    pub factor: String,
    /// The state's name.
    pub state: String,
}

/// Which kind of scenario an edit names.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ScenarioKind {
    /// A policy option (`[[options]]`).
    Option,
    /// A trigger (`[[triggers]]`).
    Trigger,
}

impl ScenarioKind {
    fn section(self) -> &'static str {
        match self {
            ScenarioKind::Option => "options",
            ScenarioKind::Trigger => "triggers",
        }
    }

    fn noun(self) -> &'static str {
        match self {
            ScenarioKind::Option => "option",
            ScenarioKind::Trigger => "trigger",
        }
    }
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
            let runs = |t: &Table| id_is(t, "from", from) && id_is(t, "to", to);
            if from == to {
                return Err("a factor has no link to itself".into());
            }
            if find(&mut doc, "relations", |t| {
                runs(t) && t.contains_key("weight")
            })
            .is_some()
                || find(&mut doc, "links", runs).is_some()
            {
                return Err(format!("there is already a link from {from} to {to}"));
            }
            match find(&mut doc, "relations", runs) {
                // A relation with a block only: the link joins it, one relation for both.
                Some(relation) if !older => {
                    set(relation, "weight", weight_value(weight)?);
                }
                _ => structure::append(&mut doc, if older { "links" } else { "relations" }, link)?,
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
            if block(&mut doc, from, to).is_err() {
                structure::add_block(&mut doc, from, to)?;
            }
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
        } => cite::cite(&mut doc, judgment, source, quote, stance)?,
        Edit::AddFactor {
            id,
            label,
            role,
            states,
        } => structure::add_factor(&mut doc, id, label, role, states)?,
        Edit::UpdateFactor { id, label, role } => {
            structure::update_factor(&mut doc, id, label.as_deref(), role.as_deref())?;
        }
        Edit::DeleteFactor { id } => structure::delete_factor(&mut doc, id)?,
        Edit::DeleteLink { from, to } => structure::delete_link(&mut doc, from, to)?,
        Edit::AddActor { id, name, stances } => {
            structure::add_actor(&mut doc, id, name, stances)?;
        }
        Edit::DeleteActor { id } => structure::delete_actor(&mut doc, id)?,
        Edit::AddScenario {
            scenario,
            id,
            name,
            status_quo,
            clamp,
        } => structure::add_scenario(&mut doc, *scenario, id, name, *status_quo, clamp)?,
        Edit::DeleteScenario { scenario, id } => {
            structure::delete_scenario(&mut doc, *scenario, id)?;
        }
        Edit::SetClamp {
            scenario,
            id,
            factor,
            state,
        } => structure::set_clamp(&mut doc, *scenario, id, factor, state.as_deref())?,
    }
    Ok(doc.to_string())
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
pub(super) fn number(n: f64) -> Value {
    let r = round(n);
    if r.fract() == 0.0 && r.abs() < 1e15 {
        Value::from(r as i64)
    } else {
        Value::from(r)
    }
}

pub(super) fn round(n: f64) -> f64 {
    (n * 1000.0).round() / 1000.0
}

/// Sets `key` in `table` to `value`, keeping the comment and spacing around the old value.
pub(super) fn set(table: &mut Table, key: &str, mut value: Value) {
    if let Some(old) = table.get(key).and_then(Item::as_value) {
        *value.decor_mut() = old.decor().clone();
    } else {
        value.decor_mut().set_prefix(" ");
    }
    table.insert(key, Item::Value(value));
}

pub(super) fn id_is(table: &Table, key: &str, id: &str) -> bool {
    table.get(key).and_then(Item::as_str) == Some(id)
}

/// The table holding the FCM weight of `from` → `to`: a relation with a `weight`, or a link.
pub(super) fn link<'a>(
    doc: &'a mut DocumentMut,
    from: &str,
    to: &str,
) -> Result<&'a mut Table, String> {
    encoding(doc, from, to, ("relations", "weight"), "links")
        .ok_or_else(|| format!("no link from {from} to {to} in the file: reload the page"))
}

/// The table holding the CIB block of `from` → `to`: a relation with `impacts`, or a block.
pub(super) fn block<'a>(
    doc: &'a mut DocumentMut,
    from: &str,
    to: &str,
) -> Result<&'a mut Table, String> {
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

pub(super) fn find<'a>(
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
mod tests;
