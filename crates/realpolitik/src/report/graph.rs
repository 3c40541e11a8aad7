//! The causal graph as an SVG picture, laid out in layers.
//!
//! The layout is a small Sugiyama-style layered drawing (Sugiyama, Tagawa & Toda 1981), which
//! suits causal maps because causes read above their effects:
//! 1. cycles are broken by reversing the edges that close them in a depth-first search
//!    (only for placement: they are still drawn in their own direction);
//! 2. each factor's layer is its longest path from a factor without causes; outcomes that cause
//!    nothing move to the last layer, so levers sit at the top and outcomes at the bottom;
//! 3. factors within a layer are ordered by the barycentre of their neighbours, sweeping down
//!    and back up a few times, which removes most edge crossings;
//! 4. edges are drawn as curves, green when positive and red when negative, as thick as their
//!    weight is strong, dashed when the weight is uncertain.
//!
//! Everything is deterministic: the same model always gives the same picture.

use std::fmt::Write as _;

use super::html::escape;
use super::plot::wrap;
use crate::model::{Model, Role};

/// A factor as the layout sees it.
#[derive(Clone, Debug)]
struct Node {
    label: String,
    role: Role,
    layer: usize,
    order: f64,
}

/// An edge: `weight` is the nominal weight, `uncertain` whether it has a spread.
#[derive(Clone, Debug)]
struct Edge {
    from: usize,
    to: usize,
    weight: f64,
    uncertain: bool,
}

/// Position of each node: (layer, rank within the layer).
#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    /// Layer of each node (0 = leftmost).
    pub layers: Vec<usize>,
    /// Rank of each node within its layer (0 = top).
    pub ranks: Vec<usize>,
}

/// Lays out a directed graph of `n` nodes; `last` marks nodes to put in the last layer when
/// they have no outgoing edge (outcomes).
pub fn layout(n: usize, edges: &[(usize, usize)], last: &[bool]) -> Layout {
    // 1. Break cycles: an edge to a node still on the DFS stack closes a cycle.
    let mut adjacency = vec![Vec::new(); n];
    for (i, &(a, b)) in edges.iter().enumerate() {
        adjacency[a].push((b, i));
    }
    let mut state = vec![0u8; n]; // 0 new, 1 on stack, 2 done
    let mut reversed = vec![false; edges.len()];
    for start in 0..n {
        if state[start] != 0 {
            continue;
        }
        let mut stack = vec![(start, 0usize)];
        state[start] = 1;
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            if let Some(&(to, edge)) = adjacency[node].get(*next) {
                *next += 1;
                match state[to] {
                    0 => {
                        state[to] = 1;
                        stack.push((to, 0));
                    }
                    1 => reversed[edge] = true,
                    _ => {}
                }
            } else {
                state[node] = 2;
                stack.pop();
            }
        }
    }
    let dag: Vec<(usize, usize)> = edges
        .iter()
        .zip(&reversed)
        .filter(|&(&(a, b), _)| a != b)
        .map(|(&(a, b), &r)| if r { (b, a) } else { (a, b) })
        .collect();

    // 2. Longest-path layering (Bellman-Ford style relaxation on a DAG terminates in n rounds).
    let mut layers = vec![0usize; n];
    for _ in 0..n {
        let mut changed = false;
        for &(a, b) in &dag {
            if layers[b] < layers[a] + 1 {
                layers[b] = layers[a] + 1;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    let depth = layers.iter().copied().max().unwrap_or(0);
    for v in 0..n {
        let has_out = dag.iter().any(|&(a, _)| a == v);
        if last[v] && !has_out {
            layers[v] = depth;
        }
    }

    // 3. Barycentre ordering.
    let mut order: Vec<f64> = (0..n).map(|v| v as f64).collect();
    let normalise = |order: &mut Vec<f64>, layers: &[usize]| {
        for layer in 0..=depth {
            let mut members: Vec<usize> = (0..n).filter(|&v| layers[v] == layer).collect();
            members.sort_by(|&a, &b| order[a].total_cmp(&order[b]).then(a.cmp(&b)));
            for (rank, v) in members.into_iter().enumerate() {
                order[v] = rank as f64;
            }
        }
    };
    normalise(&mut order, &layers);
    for sweep in 0..8 {
        let forward = sweep % 2 == 0;
        let mut next = order.clone();
        for (v, slot) in next.iter_mut().enumerate() {
            let neighbours: Vec<f64> = dag
                .iter()
                .filter_map(|&(a, b)| match forward {
                    true if b == v => Some(order[a]),
                    false if a == v => Some(order[b]),
                    _ => None,
                })
                .collect();
            if !neighbours.is_empty() {
                *slot = neighbours.iter().sum::<f64>() / neighbours.len() as f64;
            }
        }
        order = next;
        normalise(&mut order, &layers);
    }
    Layout {
        ranks: order.iter().map(|&o| o as usize).collect(),
        layers,
    }
}

const NODE_WIDTH: f64 = 150.0;
/// The least height of a factor's box; taller when a label needs more than two lines.
const NODE_HEIGHT: f64 = 40.0;
/// Vertical space between layers.
const LAYER_GAP: f64 = 56.0;
/// Horizontal space between factors of one layer.
const SIBLING_GAP: f64 = 24.0;
/// Room on the right for feedback edges.
const LOOP_ROOM: f64 = 80.0;
const MARGIN: f64 = 20.0;

fn role_style(role: Role) -> (&'static str, &'static str) {
    match role {
        Role::Lever => ("#cfe2ff", "lever"),
        Role::Trigger => ("#fff3cd", "trigger"),
        Role::Mechanism => ("#f6f8fa", "mechanism"),
        Role::Outcome => ("#d1e7dd", "outcome"),
    }
}

/// Characters per line of a node's label.
const LABEL_WIDTH: usize = 24;
/// Height of one line of a node's label.
const LINE_HEIGHT: f64 = 13.0;

/// The model's causal graph as inline SVG: FCM links, or the cross-impact blocks when the model
/// has no links.
pub fn causal_graph_svg(model: &Model) -> String {
    let n = model.factors.len();
    let edges: Vec<Edge> = if model.links.is_empty() {
        model
            .judgments
            .iter()
            .map(|j| Edge {
                from: j.from,
                to: j.to,
                // Shown on the usual -3..+3 scale's strength; the sign of a block is not defined.
                weight: (f64::from(j.strongest()) / 3.0).min(1.0),
                uncertain: false,
            })
            .collect()
    } else {
        model
            .links
            .iter()
            .map(|l| Edge {
                from: l.from,
                to: l.to,
                weight: l.weight.nominal(),
                uncertain: l.weight.is_uncertain(),
            })
            .collect()
    };
    let pairs: Vec<(usize, usize)> = edges.iter().map(|e| (e.from, e.to)).collect();
    let last: Vec<bool> = model
        .factors
        .iter()
        .map(|f| f.role == Role::Outcome)
        .collect();
    let placed = layout(n, &pairs, &last);
    let nodes: Vec<Node> = model
        .factors
        .iter()
        .enumerate()
        .map(|(i, f)| Node {
            label: f.label.clone(),
            role: f.role,
            layer: placed.layers[i],
            order: placed.ranks[i] as f64,
        })
        .collect();

    let labels: Vec<Vec<String>> = nodes.iter().map(|v| wrap(&v.label, LABEL_WIDTH)).collect();
    let most_lines = labels.iter().map(Vec::len).max().unwrap_or(1) as f64;
    let node_height = NODE_HEIGHT.max(14.0 + LINE_HEIGHT * most_lines);
    let layer_count = nodes.iter().map(|v| v.layer + 1).max().unwrap_or(1);
    let mut per_layer = vec![0usize; layer_count];
    for v in &nodes {
        per_layer[v.layer] += 1;
    }
    let widest = per_layer.iter().copied().max().unwrap_or(1) as f64;
    let row_width = |count: f64| count * NODE_WIDTH + (count - 1.0).max(0.0) * SIBLING_GAP;
    // At least wide enough for the legend.
    let width = (2.0 * MARGIN + row_width(widest) + LOOP_ROOM).max(640.0);
    let layers = layer_count as f64;
    let height = 2.0 * MARGIN + layers * node_height + (layers - 1.0) * LAYER_GAP + 30.0;
    // Each layer is a row, centred horizontally.
    let position = |v: &Node| -> (f64, f64) {
        let count = per_layer[v.layer] as f64;
        let left = MARGIN + (row_width(widest) - row_width(count)) / 2.0;
        (
            left + v.order * (NODE_WIDTH + SIBLING_GAP),
            MARGIN + v.layer as f64 * (node_height + LAYER_GAP),
        )
    };

    let mut svg = String::new();
    let _ = write!(
        svg,
        r##"<svg class="plot causal-graph" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0} {height:.0}" width="{width:.0}" height="{height:.0}" role="img" aria-label="Causal graph of the model" font-family="Helvetica, Arial, sans-serif" font-size="11">
<defs>
<marker id="arrow-pos" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="10" markerHeight="10" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#1a7f37"/></marker>
<marker id="arrow-neg" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="10" markerHeight="10" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#cf222e"/></marker>
</defs>
"##
    );
    for e in &edges {
        let (from, to) = (&nodes[e.from], &nodes[e.to]);
        let ends = format!(r#" data-from="{}" data-to="{}""#, e.from, e.to);
        let ((x1, y1), (x2, y2)) = (position(from), position(to));
        let (colour, marker) = if e.weight >= 0.0 {
            ("#1a7f37", "arrow-pos")
        } else {
            ("#cf222e", "arrow-neg")
        };
        let path = if to.layer > from.layer {
            let (sx, sy) = (x1 + NODE_WIDTH / 2.0, y1 + node_height);
            let (tx, ty) = (x2 + NODE_WIDTH / 2.0, y2);
            let bend = (ty - sy) / 2.0;
            format!(
                "M{sx:.1},{sy:.1} C{sx:.1},{:.1} {tx:.1},{:.1} {tx:.1},{ty:.1}",
                sy + bend,
                ty - bend
            )
        } else {
            // Feedback (or same-layer) edges loop out to the right of the nodes.
            let (sx, sy) = (x1 + NODE_WIDTH, y1 + node_height / 2.0 + 6.0);
            let (tx, ty) = (x2 + NODE_WIDTH, y2 + node_height / 2.0 - 6.0);
            let out = sx.max(tx) + 30.0 + 12.0 * (from.layer as f64 - to.layer as f64).abs();
            format!("M{sx:.1},{sy:.1} C{out:.1},{sy:.1} {out:.1},{ty:.1} {tx:.1},{ty:.1}")
        };
        let dash = if e.uncertain {
            r#" stroke-dasharray="5 3""#
        } else {
            ""
        };
        let _ = writeln!(
            svg,
            r#"<path class="edge"{ends} d="{path}" fill="none" stroke="{colour}" stroke-opacity="0.75" stroke-width="{:.2}"{dash} marker-end="url(#{marker})"><title>{} → {}: {:+.2}</title></path>"#,
            1.0 + 3.0 * e.weight.abs().min(1.0),
            escape(&from.label),
            escape(&to.label),
            e.weight
        );
    }
    for (i, (v, lines)) in nodes.iter().zip(&labels).enumerate() {
        let (x, y) = position(v);
        let (fill, role) = role_style(v.role);
        let stroke = if matches!(v.role, Role::Lever | Role::Outcome) {
            2.0
        } else {
            1.0
        };
        let _ = write!(
            svg,
            r##"<g class="node {role}" data-node="{i}" tabindex="0"><rect x="{x:.1}" y="{y:.1}" width="{NODE_WIDTH}" height="{node_height:.0}" rx="6" fill="{fill}" stroke="#57606a" stroke-width="{stroke}"/>"##
        );
        let first_baseline =
            y + node_height / 2.0 + 4.0 - LINE_HEIGHT / 2.0 * (lines.len() as f64 - 1.0);
        for (k, line) in lines.iter().enumerate() {
            let _ = write!(
                svg,
                r#"<text x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
                x + NODE_WIDTH / 2.0,
                first_baseline + LINE_HEIGHT * k as f64,
                escape(line)
            );
        }
        let _ = writeln!(svg, "<title>{} ({role})</title></g>", escape(&v.label));
    }
    // Legend.
    let mut lx = MARGIN;
    let ly = height - 14.0;
    for role in [Role::Lever, Role::Trigger, Role::Mechanism, Role::Outcome] {
        let (fill, name) = role_style(role);
        let _ = write!(
            svg,
            r##"<rect x="{lx:.1}" y="{:.1}" width="12" height="12" fill="{fill}" stroke="#57606a"/><text x="{:.1}" y="{ly:.1}">{name}</text>"##,
            ly - 10.0,
            lx + 16.0
        );
        lx += 90.0;
    }
    let _ = write!(
        svg,
        r##"<line x1="{lx:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="#1a7f37" stroke-width="2"/><text x="{:.1}" y="{ly:.1}">raises</text>"##,
        ly - 4.0,
        lx + 24.0,
        ly - 4.0,
        lx + 28.0
    );
    lx += 80.0;
    let _ = write!(
        svg,
        r##"<line x1="{lx:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="#cf222e" stroke-width="2"/><text x="{:.1}" y="{ly:.1}">lowers (dashed: uncertain)</text>"##,
        ly - 4.0,
        lx + 24.0,
        ly - 4.0,
        lx + 28.0
    );
    svg.push_str("</svg>\n");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chain_is_laid_out_left_to_right() {
        let placed = layout(3, &[(0, 1), (1, 2)], &[false, false, true]);
        assert_eq!(placed.layers, [0, 1, 2]);
        assert_eq!(placed.ranks, [0, 0, 0]);
    }

    #[test]
    fn cycles_are_broken_and_outcomes_go_last() {
        // 0 → 1 → 2 → 1 (a feedback loop) and 0 → 3, where 3 is an outcome.
        let placed = layout(
            4,
            &[(0, 1), (1, 2), (2, 1), (0, 3)],
            &[false, false, false, true],
        );
        assert_eq!(placed.layers, [0, 1, 2, 2]);
        // Within a layer, ranks are a permutation.
        let mut last: Vec<usize> = (0..4)
            .filter(|&v| placed.layers[v] == 2)
            .map(|v| placed.ranks[v])
            .collect();
        last.sort_unstable();
        assert_eq!(last, [0, 1]);
    }

    #[test]
    fn barycentre_ordering_uncrosses_two_parallel_chains() {
        // Layer 0: a=0, b=1; layer 1: c=2 (fed by b), d=3 (fed by a). Initial order c, d crosses.
        let placed = layout(4, &[(1, 2), (0, 3)], &[false; 4]);
        assert_eq!(placed.layers, [0, 0, 1, 1]);
        assert!(placed.ranks[3] < placed.ranks[2], "{placed:?}");
    }

    #[test]
    fn the_graph_shows_every_label_whole_and_marks_each_links_ends() {
        let model = crate::default_model().unwrap().model;
        let svg = causal_graph_svg(&model);
        for f in &model.factors {
            for line in wrap(&f.label, LABEL_WIDTH) {
                assert!(
                    svg.contains(&format!(">{}</text>", escape(&line))),
                    "{line}"
                );
            }
        }
        assert_eq!(svg.matches("data-node=").count(), model.factors.len());
        assert_eq!(svg.matches(" data-from=").count(), model.links.len());
        let (from, to) = (model.links[0].from, model.links[0].to);
        assert!(svg.contains(&format!(r#"data-from="{from}" data-to="{to}""#)));
    }
}
