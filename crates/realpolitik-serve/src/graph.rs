//! The causal graph the workbench draws and edits: factors as nodes (coloured by role, placed
//! where the file's `layout` says, else in columns by role), links as weighted arrows.

use realpolitik::Model;
use realpolitik::model::Role;
use serde::Serialize;
use toml_edit::{DocumentMut, Item};

/// Canvas size the default layout fills (the page scales it to fit).
const WIDTH: f64 = 1000.0;
const HEIGHT: f64 = 640.0;

/// A factor, where it is drawn.
#[derive(Clone, Debug, Serialize)]
pub struct Node {
    /// The factor's id.
    pub id: String,
    /// Its label.
    pub label: String,
    /// `lever`, `trigger`, `mechanism` or `outcome`.
    pub role: &'static str,
    /// Position on the canvas.
    pub x: f64,
    /// Position on the canvas.
    pub y: f64,
    /// Whether the position comes from the file (`layout = [x, y]`) rather than the default.
    pub placed: bool,
}

/// A causal link.
#[derive(Clone, Debug, Serialize)]
pub struct Arrow {
    /// Its index among the file's `[[links]]`: how an edit names it.
    pub index: usize,
    /// The cause's id.
    pub from: String,
    /// The effect's id.
    pub to: String,
    /// The nominal weight (the mode of a fuzzy number, the middle of an interval).
    pub weight: f64,
    /// The linguistic term it was written as, if any.
    pub term: Option<String>,
    /// The trigger under which alone it acts, if any.
    pub when: Option<String>,
}

/// The whole graph.
#[derive(Clone, Debug, Serialize)]
pub struct Graph {
    /// The factors.
    pub nodes: Vec<Node>,
    /// The links, in file order.
    pub arrows: Vec<Arrow>,
    /// Canvas width.
    pub width: f64,
    /// Canvas height.
    pub height: f64,
}

fn role_name(role: Role) -> &'static str {
    match role {
        Role::Lever => "lever",
        Role::Trigger => "trigger",
        Role::Mechanism => "mechanism",
        Role::Outcome => "outcome",
    }
}

/// The layer a role is drawn in by default, left to right.
fn column(role: Role) -> usize {
    match role {
        Role::Lever | Role::Trigger => 0,
        Role::Mechanism => 1,
        Role::Outcome => 2,
    }
}

/// The graph of `model`, whose file text is `text` (read for the saved layout).
pub fn of(text: &str, model: &Model) -> Graph {
    let layout = saved_layout(text);
    let mut in_column = [0usize; 3];
    let mut counts = [0usize; 3];
    for f in &model.factors {
        counts[column(f.role)] += 1;
    }
    let nodes = model
        .factors
        .iter()
        .map(|f| {
            let c = column(f.role);
            in_column[c] += 1;
            let default = (
                WIDTH * (c as f64 + 0.5) / 3.0,
                HEIGHT * in_column[c] as f64 / (counts[c] + 1) as f64,
            );
            let saved = layout.iter().find(|(id, _)| *id == f.id).map(|&(_, p)| p);
            let (x, y) = saved.unwrap_or(default);
            Node {
                id: f.id.clone(),
                label: f.label.clone(),
                role: role_name(f.role),
                x,
                y,
                placed: saved.is_some(),
            }
        })
        .collect();
    let arrows = model
        .links
        .iter()
        .enumerate()
        .map(|(index, l)| Arrow {
            index,
            from: model.factors[l.from].id.clone(),
            to: model.factors[l.to].id.clone(),
            weight: l.weight.nominal(),
            term: l.term.clone(),
            when: l.when.map(|t| model.triggers[t].id.clone()),
        })
        .collect();
    Graph {
        nodes,
        arrows,
        width: WIDTH,
        height: HEIGHT,
    }
}

/// Each factor's `layout = [x, y]`, where the file gives one.
fn saved_layout(text: &str) -> Vec<(String, (f64, f64))> {
    let Ok(doc) = text.parse::<DocumentMut>() else {
        return Vec::new();
    };
    let Some(factors) = doc.get("factors").and_then(Item::as_array_of_tables) else {
        return Vec::new();
    };
    factors
        .iter()
        .filter_map(|t| {
            let id = t.get("id")?.as_str()?.to_owned();
            let xy = t.get("layout")?.as_array()?;
            let number = |i: usize| {
                let v = xy.get(i)?;
                v.as_float().or_else(|| v.as_integer().map(|n| n as f64))
            };
            Some((id, (number(0)?, number(1)?)))
        })
        .collect()
}
