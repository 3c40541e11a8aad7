//! Edits that change a model's structure: factors, links and blocks, actors, and the options
//! and triggers with their clamps. Each adds or removes whole entries (and what hangs on them),
//! so that a model can be built in the page without writing TOML.

use toml_edit::{ArrayOfTables, DocumentMut, InlineTable, Item, Table, Value};

use super::{Clamp, ScenarioKind, Stance, find, id_is, set};

/// The evidence a judgment made in the page starts with: an assumption that says so, for the
/// analyst to replace with a reason or a cited passage (the model requires evidence on every
/// judgment, and the briefing counts assumptions as such).
pub const PLACEHOLDER: &str = "Set in the workbench: say why, or cite a passage.";

/// The roles a factor may have.
const ROLES: [&str; 4] = ["lever", "trigger", "mechanism", "outcome"];

/// Appends `table` to the array of tables `section`, making the array if the file has none.
pub(super) fn append(doc: &mut DocumentMut, section: &str, table: Table) -> Result<(), String> {
    match doc.get_mut(section) {
        Some(Item::ArrayOfTables(all)) => all.push(table),
        Some(_) => return Err(format!("`{section}` in the file is not a list of tables")),
        None => {
            let mut all = ArrayOfTables::new();
            all.push(table);
            doc.insert(section, Item::ArrayOfTables(all));
        }
    }
    Ok(())
}

/// Removes every entry of the array of tables `section` that `matches`; returns how many.
fn remove_all(doc: &mut DocumentMut, section: &str, matches: impl Fn(&Table) -> bool) -> usize {
    let Some(all) = doc.get_mut(section).and_then(Item::as_array_of_tables_mut) else {
        return 0;
    };
    let before = all.len();
    all.retain(|t| !matches(t));
    let removed = before - all.len();
    if all.is_empty() {
        doc.remove(section);
    }
    removed
}

fn check_id(id: &str, what: &str) -> Result<(), String> {
    let valid = !id.is_empty()
        && id.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if valid {
        Ok(())
    } else {
        Err(format!(
            "{what} id {id:?}: use lower-case letters, digits and _, starting with a letter \
             (e.g. `oil_price`)"
        ))
    }
}

fn has_entry(doc: &DocumentMut, section: &str, id: &str) -> bool {
    doc.get(section)
        .and_then(Item::as_array_of_tables)
        .is_some_and(|all| all.iter().any(|t| id_is(t, "id", id)))
}

fn check_role(role: &str) -> Result<(), String> {
    if ROLES.contains(&role) {
        Ok(())
    } else {
        Err(format!(
            "role {role:?}: say lever, trigger, mechanism or outcome"
        ))
    }
}

/// `[[factors]]` with `id`, `label`, `role` and `states`.
pub(super) fn add_factor(
    doc: &mut DocumentMut,
    id: &str,
    label: &str,
    role: &str,
    states: &[String],
) -> Result<(), String> {
    check_id(id, "a factor's")?;
    check_role(role)?;
    if has_entry(doc, "factors", id) {
        return Err(format!("there is already a factor {id:?}: give another id"));
    }
    if states.len() < 2 {
        return Err("a factor needs at least two states, e.g. low and high".into());
    }
    for state in states {
        check_id(state, "a state's")?;
    }
    let mut factor = Table::new();
    factor.insert("id", toml_edit::value(id));
    factor.insert("label", toml_edit::value(label.trim()));
    factor.insert("role", toml_edit::value(role));
    let mut list = toml_edit::Array::new();
    for state in states {
        list.push(state.as_str());
    }
    factor.insert("states", toml_edit::value(list));
    if role == "outcome" {
        factor.insert("desired", toml_edit::value("high"));
    }
    append(doc, "factors", factor)
}

/// Changes a factor's label or role (its id stays: every relation and clamp names it).
pub(super) fn update_factor(
    doc: &mut DocumentMut,
    id: &str,
    label: Option<&str>,
    role: Option<&str>,
) -> Result<(), String> {
    if let Some(role) = role {
        check_role(role)?;
    }
    let table = find(doc, "factors", |t| id_is(t, "id", id))
        .ok_or_else(|| format!("no factor {id:?} in the file"))?;
    if let Some(label) = label {
        if label.trim().is_empty() {
            return Err("a label cannot be empty".into());
        }
        set(table, "label", Value::from(label.trim()));
    }
    if let Some(role) = role {
        set(table, "role", Value::from(role));
        if role == "outcome" && !table.contains_key("desired") {
            set(table, "desired", Value::from("high"));
        }
    }
    Ok(())
}

/// Removes a factor with every relation, link and block that runs from or to it, and its
/// clamps in the options and triggers. Anything else that names it (a condition, say) is left
/// for the check after the edit to report, which then refuses the edit.
pub(super) fn delete_factor(doc: &mut DocumentMut, id: &str) -> Result<(), String> {
    if remove_all(doc, "factors", |t| id_is(t, "id", id)) == 0 {
        return Err(format!("no factor {id:?} in the file"));
    }
    let touches = |t: &Table| id_is(t, "from", id) || id_is(t, "to", id);
    for section in ["relations", "links", "judgments"] {
        remove_all(doc, section, touches);
    }
    for section in ["options", "triggers"] {
        let Some(all) = doc.get_mut(section).and_then(Item::as_array_of_tables_mut) else {
            continue;
        };
        for scenario in all.iter_mut() {
            if let Some(clamp) = scenario.get_mut("clamp").and_then(Item::as_table_like_mut) {
                clamp.remove(id);
            }
        }
    }
    Ok(())
}

/// Removes the FCM weight of `from` → `to`: the `weight` of its relation (which stays when it
/// also holds a CIB block), or its `[[links]]` entry.
pub(super) fn delete_link(doc: &mut DocumentMut, from: &str, to: &str) -> Result<(), String> {
    let runs = |t: &Table| id_is(t, "from", from) && id_is(t, "to", to);
    if let Some(relation) = find(doc, "relations", |t| runs(t) && t.contains_key("weight")) {
        relation.remove("weight");
        if relation.contains_key("impacts") {
            return Ok(());
        }
        remove_all(doc, "relations", |t| runs(t) && !t.contains_key("impacts"));
        return Ok(());
    }
    if remove_all(doc, "links", runs) == 0 {
        return Err(format!("no link from {from} to {to} in the file"));
    }
    Ok(())
}

/// The states of factor `id` as the file lists them.
fn state_count(doc: &DocumentMut, id: &str) -> Result<usize, String> {
    doc.get("factors")
        .and_then(Item::as_array_of_tables)
        .and_then(|all| all.iter().find(|t| id_is(t, "id", id)))
        .ok_or_else(|| format!("no factor {id:?} in the file"))?
        .get("states")
        .and_then(Item::as_array)
        .map(toml_edit::Array::len)
        .filter(|&n| n > 0)
        .ok_or_else(|| format!("factor {id:?} has no states: give it states first"))
}

/// A cross-impact block `from` → `to` of zeros, added to the relation that carries the link
/// `from` → `to` (one relation for both engines) or else as a relation of its own.
pub(super) fn add_block(doc: &mut DocumentMut, from: &str, to: &str) -> Result<(), String> {
    if from == to {
        return Err("a descriptor has no block on itself".into());
    }
    let (rows, columns) = (state_count(doc, from)?, state_count(doc, to)?);
    let mut impacts = toml_edit::Array::new();
    for _ in 0..rows {
        let mut row = toml_edit::Array::new();
        for _ in 0..columns {
            row.push(0);
        }
        impacts.push(row);
    }
    let runs = |t: &Table| id_is(t, "from", from) && id_is(t, "to", to);
    let only_older_links = doc.contains_key("judgments") && !doc.contains_key("relations");
    if !only_older_links && let Some(relation) = find(doc, "relations", runs) {
        relation.insert("impacts", toml_edit::value(impacts));
        return Ok(());
    }
    let mut block = Table::new();
    block.insert("from", toml_edit::value(from));
    block.insert("to", toml_edit::value(to));
    block.insert("impacts", toml_edit::value(impacts));
    block.insert("assumption", toml_edit::value(PLACEHOLDER));
    append(
        doc,
        if only_older_links {
            "judgments"
        } else {
            "relations"
        },
        block,
    )
}

/// `[[actors]]` with `id`, `name` and a stance on each issue given.
pub(super) fn add_actor(
    doc: &mut DocumentMut,
    id: &str,
    name: &str,
    stances: &[Stance],
) -> Result<(), String> {
    check_id(id, "an actor's")?;
    if has_entry(doc, "actors", id) {
        return Err(format!("there is already an actor {id:?}: give another id"));
    }
    if name.trim().is_empty() {
        return Err("give the actor a name".into());
    }
    let mut actor = Table::new();
    actor.insert("id", toml_edit::value(id));
    actor.insert("name", toml_edit::value(name.trim()));
    if !stances.is_empty() {
        let mut bargaining = Table::new();
        bargaining.set_implicit(true);
        for s in stances {
            if !has_entry(doc, "issues", &s.issue) {
                return Err(format!("no issue {:?} in the file", s.issue));
            }
            let numbers = [s.position, s.salience, s.capability];
            if numbers.iter().any(|n| !n.is_finite()) {
                return Err("position, salience and capability must be numbers".into());
            }
            let mut stance = Table::new();
            stance.insert("position", Item::Value(super::number(s.position)));
            stance.insert("salience", Item::Value(super::number(s.salience)));
            stance.insert("capability", Item::Value(super::number(s.capability)));
            stance.insert("assumption", toml_edit::value(PLACEHOLDER));
            bargaining.insert(&s.issue, Item::Table(stance));
        }
        actor.insert("bargaining", Item::Table(bargaining));
    }
    append(doc, "actors", actor)
}

/// Removes an actor (the check after the edit refuses it if another actor is `part_of` it).
pub(super) fn delete_actor(doc: &mut DocumentMut, id: &str) -> Result<(), String> {
    if remove_all(doc, "actors", |t| id_is(t, "id", id)) == 0 {
        return Err(format!("no actor {id:?} in the file"));
    }
    Ok(())
}

/// An option (the status quo if `status_quo`) or a trigger, clamping `clamp`.
pub(super) fn add_scenario(
    doc: &mut DocumentMut,
    kind: ScenarioKind,
    id: &str,
    name: &str,
    status_quo: bool,
    clamp: &[Clamp],
) -> Result<(), String> {
    let section = kind.section();
    check_id(id, "a scenario's")?;
    if has_entry(doc, "options", id) || has_entry(doc, "triggers", id) {
        return Err(format!("there is already an option or trigger {id:?}"));
    }
    if name.trim().is_empty() {
        return Err("give it a name".into());
    }
    let mut scenario = Table::new();
    scenario.insert("id", toml_edit::value(id));
    scenario.insert("name", toml_edit::value(name.trim()));
    if status_quo {
        if kind == ScenarioKind::Trigger {
            return Err("only an option can be the status quo".into());
        }
        scenario.insert("status_quo", toml_edit::value(true));
    }
    let mut clamps = InlineTable::new();
    for c in clamp {
        clamps.insert(&c.factor, c.state.as_str().into());
    }
    scenario.insert("clamp", toml_edit::value(clamps));
    append(doc, section, scenario)
}

/// Removes an option or a trigger.
pub(super) fn delete_scenario(
    doc: &mut DocumentMut,
    kind: ScenarioKind,
    id: &str,
) -> Result<(), String> {
    if remove_all(doc, kind.section(), |t| id_is(t, "id", id)) == 0 {
        return Err(format!("no {} {id:?} in the file", kind.noun()));
    }
    Ok(())
}

/// Sets the state an option or trigger clamps `factor` to, or (`state` of `None`) stops it
/// clamping that factor.
pub(super) fn set_clamp(
    doc: &mut DocumentMut,
    kind: ScenarioKind,
    id: &str,
    factor: &str,
    state: Option<&str>,
) -> Result<(), String> {
    let noun = kind.noun();
    let scenario = find(doc, kind.section(), |t| id_is(t, "id", id))
        .ok_or_else(|| format!("no {noun} {id:?} in the file"))?;
    if scenario.get("clamp").is_none() {
        scenario.insert("clamp", toml_edit::value(InlineTable::new()));
    }
    let clamp = scenario
        .get_mut("clamp")
        .and_then(Item::as_table_like_mut)
        .ok_or_else(|| format!("the {noun}'s `clamp` is not a table"))?;
    match state {
        Some(state) => {
            clamp.insert(factor, toml_edit::value(state));
            clamp.fmt();
        }
        None => {
            clamp.remove(factor);
        }
    }
    Ok(())
}
