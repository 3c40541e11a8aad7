//! The model's causal graph for other tools: Graphviz DOT, GraphML (Gephi, yEd) and JSON.
//!
//! Nodes are the factors; edges are the FCM links (kind `link`, with their nominal weight and
//! its bounds) and the cross-impact judgment blocks (kind `cross-impact`, with the largest
//! absolute impact of the block as its strength).

use std::fmt::Write as _;

use schemars::JsonSchema;
use serde::Serialize;

use crate::model::{Model, Role};

/// A graph format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GraphFormat {
    /// Graphviz DOT.
    Dot,
    /// GraphML.
    Graphml,
    /// JSON: `{ "schema_version": 1, "graph": { "nodes": [...], "edges": [...] } }`.
    Json,
}

/// A node of the exported graph.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Node {
    /// Factor id.
    pub id: String,
    /// Factor label.
    pub label: String,
    /// Its role.
    pub role: Role,
    /// Its states.
    pub states: Vec<String>,
}

/// An edge of the exported graph.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Edge {
    /// Source factor id.
    pub from: String,
    /// Target factor id.
    pub to: String,
    /// `link` or `cross-impact`.
    pub kind: &'static str,
    /// Nominal weight (links) or largest absolute impact (cross-impact blocks).
    pub weight: f64,
    /// Lowest possible weight.
    pub low: f64,
    /// Highest possible weight.
    pub high: f64,
    /// Whether the judgment cites evidence.
    pub cited: bool,
}

/// The causal graph of a model.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Graph {
    /// One node per factor.
    pub nodes: Vec<Node>,
    /// Links, then cross-impact blocks.
    pub edges: Vec<Edge>,
}

impl Graph {
    /// Builds the graph of a model.
    pub fn of(model: &Model) -> Graph {
        let id = |i: usize| model.factors[i].id.clone();
        let nodes = model
            .factors
            .iter()
            .map(|f| Node {
                id: f.id.clone(),
                label: f.label.clone(),
                role: f.role,
                states: f.states.clone(),
            })
            .collect();
        let links = model.links.iter().map(|l| {
            let (low, high) = l.weight.bounds();
            Edge {
                from: id(l.from),
                to: id(l.to),
                kind: "link",
                weight: l.weight.nominal(),
                low,
                high,
                cited: l.evidence.is_cited(),
            }
        });
        let blocks = model.judgments.iter().map(|j| {
            let strength = f64::from(j.strongest());
            Edge {
                from: id(j.from),
                to: id(j.to),
                kind: "cross-impact",
                weight: strength,
                low: strength,
                high: strength,
                cited: j.evidence.is_cited(),
            }
        });
        Graph {
            nodes,
            edges: links.chain(blocks).collect(),
        }
    }

    /// Renders the graph in a format.
    pub fn render(&self, format: GraphFormat) -> String {
        match format {
            GraphFormat::Dot => self.to_dot(),
            GraphFormat::Graphml => self.to_graphml(),
            GraphFormat::Json => {
                let document = crate::output::GraphDocument {
                    schema_version: crate::output::SCHEMA_VERSION,
                    graph: self.clone(),
                };
                let mut s = serde_json::to_string_pretty(&document).expect("graphs serialise");
                s.push('\n');
                s
            }
        }
    }

    fn to_dot(&self) -> String {
        let mut out = String::from(
            "digraph realpolitik {\n  rankdir=LR;\n  node [fontname=\"Helvetica\"];\n",
        );
        for n in &self.nodes {
            let (shape, fill) = match n.role {
                Role::Lever => ("box", "#cfe2ff"),
                Role::Trigger => ("diamond", "#fff3cd"),
                Role::Mechanism => ("ellipse", "#ffffff"),
                Role::Outcome => ("doubleoctagon", "#d1e7dd"),
            };
            let _ = writeln!(
                out,
                "  \"{}\" [label=\"{}\", shape={shape}, style=filled, fillcolor=\"{fill}\"];",
                dot_escape(&n.id),
                dot_escape(&n.label)
            );
        }
        for e in &self.edges {
            let attrs = if e.kind == "link" {
                let color = if e.weight >= 0.0 {
                    "#1a7f37"
                } else {
                    "#cf222e"
                };
                format!(
                    "color=\"{color}\", penwidth={:.2}, label=\"{:+.2}\"",
                    1.0 + 3.0 * e.weight.abs(),
                    e.weight
                )
            } else {
                format!(
                    "color=\"#8c959f\", style=dashed, label=\"CIB {}\"",
                    e.weight
                )
            };
            let _ = writeln!(
                out,
                "  \"{}\" -> \"{}\" [{attrs}];",
                dot_escape(&e.from),
                dot_escape(&e.to)
            );
        }
        out.push_str("}\n");
        out
    }

    fn to_graphml(&self) -> String {
        let mut out = String::from(concat!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
            "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n",
            "  <key id=\"label\" for=\"node\" attr.name=\"label\" attr.type=\"string\"/>\n",
            "  <key id=\"role\" for=\"node\" attr.name=\"role\" attr.type=\"string\"/>\n",
            "  <key id=\"kind\" for=\"edge\" attr.name=\"kind\" attr.type=\"string\"/>\n",
            "  <key id=\"weight\" for=\"edge\" attr.name=\"weight\" attr.type=\"double\"/>\n",
            "  <key id=\"low\" for=\"edge\" attr.name=\"low\" attr.type=\"double\"/>\n",
            "  <key id=\"high\" for=\"edge\" attr.name=\"high\" attr.type=\"double\"/>\n",
            "  <key id=\"cited\" for=\"edge\" attr.name=\"cited\" attr.type=\"boolean\"/>\n",
            "  <graph id=\"G\" edgedefault=\"directed\">\n"
        ));
        for n in &self.nodes {
            let role = serde_json::to_value(n.role).expect("roles serialise");
            let _ = writeln!(
                out,
                "    <node id=\"{}\"><data key=\"label\">{}</data><data key=\"role\">{}</data></node>",
                xml_escape(&n.id),
                xml_escape(&n.label),
                role.as_str().unwrap_or_default()
            );
        }
        for (i, e) in self.edges.iter().enumerate() {
            let _ = writeln!(
                out,
                "    <edge id=\"e{i}\" source=\"{}\" target=\"{}\"><data key=\"kind\">{}</data><data key=\"weight\">{}</data><data key=\"low\">{}</data><data key=\"high\">{}</data><data key=\"cited\">{}</data></edge>",
                xml_escape(&e.from),
                xml_escape(&e.to),
                e.kind,
                e.weight,
                e.low,
                e.high,
                e.cited
            );
        }
        out.push_str("  </graph>\n</graphml>\n");
        out
    }
}

fn dot_escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

#[cfg(test)]
mod tests {
    use super::*;

    const MODEL: &str = r#"
[model]
title = "t"
[[factors]]
id = "a"
label = "A & co"
role = "lever"
states = ["off", "on"]
[[factors]]
id = "b"
label = "B \"quoted\""
role = "outcome"
states = ["low", "high"]
[[links]]
from = "a"
to = "b"
weight = [-0.5, -0.25]
assumption = "test"
[[judgments]]
from = "a"
to = "b"
impacts = [[1, -1], [-3, 2]]
"#;

    fn graph() -> Graph {
        Graph::of(&crate::model::from_text(MODEL).model)
    }

    #[test]
    fn edges_carry_weights_and_kinds() {
        let g = graph();
        assert_eq!(g.nodes.len(), 2);
        assert_eq!(g.edges.len(), 2);
        assert_eq!((g.edges[0].kind, g.edges[0].weight), ("link", -0.375));
        assert_eq!((g.edges[0].low, g.edges[0].high), (-0.5, -0.25));
        assert_eq!((g.edges[1].kind, g.edges[1].weight), ("cross-impact", 3.0));
    }

    #[test]
    fn dot_escapes_quotes_and_colours_by_sign() {
        let dot = graph().render(GraphFormat::Dot);
        assert!(dot.contains(r#"label="B \"quoted\"""#), "{dot}");
        assert!(
            dot.contains("\"a\" -> \"b\" [color=\"#cf222e\", penwidth=2.12, label=\"-0.38\"]"),
            "{dot}"
        );
        assert!(dot.contains("style=dashed, label=\"CIB 3\""), "{dot}");
    }

    #[test]
    fn graphml_is_escaped_xml() {
        let xml = graph().render(GraphFormat::Graphml);
        assert!(
            xml.contains("<data key=\"label\">A &amp; co</data>"),
            "{xml}"
        );
        assert!(xml.contains("<data key=\"role\">outcome</data>"), "{xml}");
        assert!(xml.contains("source=\"a\" target=\"b\""), "{xml}");
        assert_eq!(xml.matches("<edge ").count(), 2);
    }
}
