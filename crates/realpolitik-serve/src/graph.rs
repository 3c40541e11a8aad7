//! The causal graph the workbench draws and edits: factors as nodes (coloured by role, placed
//! where the file's `layout` says, else in columns by role), links as weighted arrows.

use realpolitik::Model;
use realpolitik::model::Role;
use serde::Serialize;
use toml_edit::{DocumentMut, Item};

/// Canvas size the default layout fills (the page scales it to fit; a tall column makes it
/// taller).
const WIDTH: f64 = 1000.0;
const HEIGHT: f64 = 640.0;
/// Vertical room per factor in a column.
const ROW: f64 = 44.0;

/// A factor, where it is drawn.
#[derive(Clone, Debug, Serialize)]
pub struct Node {
    /// The factor's id.
    pub id: String,
    /// Its label.
    pub label: String,
    /// `lever`, `trigger`, `mechanism` or `outcome`.
    pub role: &'static str,
    /// Its states (none for a factor the FCM alone reads).
    pub states: Vec<String>,
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
    /// The cause's id (with `to`, the link's identity: the page selects arrows and edits name
    /// links by it, never by their place in the file).
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

/// The column each factor is drawn in by default: levers and triggers first, each mechanism
/// as many columns on as the fewest links that reach it from them, outcomes last.
fn columns(model: &Model) -> Vec<usize> {
    let n = model.factors.len();
    let mut depth: Vec<Option<usize>> = model
        .factors
        .iter()
        .map(|f| matches!(f.role, Role::Lever | Role::Trigger).then_some(0))
        .collect();
    let mut frontier: Vec<usize> = (0..n).filter(|&i| depth[i].is_some()).collect();
    while !frontier.is_empty() {
        let mut next = Vec::new();
        for &i in &frontier {
            for l in model.links.iter().filter(|l| l.from == i) {
                if depth[l.to].is_none() && model.factors[l.to].role == Role::Mechanism {
                    depth[l.to] = Some(depth[i].unwrap_or(0) + 1);
                    next.push(l.to);
                }
            }
        }
        frontier = next;
    }
    let last = depth.iter().flatten().max().copied().unwrap_or(0) + 1;
    model
        .factors
        .iter()
        .zip(depth)
        .map(|(f, d)| match f.role {
            Role::Outcome => last.max(1),
            _ => d.unwrap_or(1),
        })
        .collect()
}

/// The graph of `model`, whose file text is `text` (read for the saved layout).
pub fn of(text: &str, model: &Model) -> Graph {
    let layout = saved_layout(text);
    let column = columns(model);
    let count = column.iter().max().map_or(1, |&c| c + 1);
    let mut per_column = vec![0usize; count];
    for &c in &column {
        per_column[c] += 1;
    }
    let tallest = per_column.iter().copied().max().unwrap_or(0);
    let height = HEIGHT.max(ROW * (tallest + 1) as f64);
    let mut placed_in = vec![0usize; count];
    let nodes = model
        .factors
        .iter()
        .zip(&column)
        .map(|(f, &c)| {
            placed_in[c] += 1;
            let default = (
                WIDTH * (c as f64 + 0.12) / count as f64,
                height * placed_in[c] as f64 / (per_column[c] + 1) as f64,
            );
            let saved = layout.iter().find(|(id, _)| *id == f.id).map(|&(_, p)| p);
            let (x, y) = saved.unwrap_or(default);
            Node {
                id: f.id.clone(),
                label: f.label.clone(),
                role: f.role.name(),
                states: f.states.clone(),
                x,
                y,
                placed: saved.is_some(),
            }
        })
        .collect();
    let arrows = model
        .links
        .iter()
        .map(|l| Arrow {
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
        height,
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

#[cfg(test)]
mod tests {
    #[test]
    fn the_default_layout_runs_from_levers_through_mechanisms_to_outcomes() {
        let loaded = realpolitik::default_model().unwrap();
        let text = realpolitik::embedded::DEFAULT_MODEL;
        let g = super::of(text, &loaded.model);
        assert_eq!(g.nodes.len(), loaded.model.factors.len());
        assert_eq!(g.arrows.len(), loaded.model.links.len());
        let x = |role: &str| -> Vec<f64> {
            g.nodes
                .iter()
                .filter(|n| n.role == role)
                .map(|n| n.x)
                .collect()
        };
        let most = |v: Vec<f64>| v.into_iter().fold(f64::MIN, f64::max);
        let least = |v: Vec<f64>| v.into_iter().fold(f64::MAX, f64::min);
        assert!(most(x("lever")) < least(x("mechanism")));
        assert!(most(x("mechanism")) < least(x("outcome")));
        // No two factors share a place.
        for (i, a) in g.nodes.iter().enumerate() {
            for b in &g.nodes[i + 1..] {
                assert!(
                    (a.x - b.x).abs() + (a.y - b.y).abs() > 20.0,
                    "{} {}",
                    a.id,
                    b.id
                );
            }
        }
        // Every relation of the file with a weight is drawn, in file order.
        let doc: toml_edit::DocumentMut = text.parse().unwrap();
        let links: Vec<_> = doc["relations"]
            .as_array_of_tables()
            .unwrap()
            .iter()
            .filter(|t| t.contains_key("weight"))
            .collect();
        assert_eq!(g.arrows.len(), links.len());
        for (arrow, link) in g.arrows.iter().zip(links) {
            assert_eq!(Some(arrow.from.as_str()), link["from"].as_str());
            assert_eq!(Some(arrow.to.as_str()), link["to"].as_str());
        }
    }
}
