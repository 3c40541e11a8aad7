//! Loader for KTAB's XML scenario format (`smpSchema.xsd`): `Scenario` with `name`, `desc`,
//! `prngSeed`, `ModelParameters`, `Dimensions/dName*` and `Actors/Actor*`, each with `name`,
//! `description`, `capability`, `Position/dCoord*` and `Salience/dSal*` (0–100 scales).
//!
//! The model parameters and seed are read by KTAB's own SMP; this loader takes the actors and
//! dimensions. Errors point at the element's line and column.

use std::ops::Range;

use roxmltree::{Document, Node};

use super::input::{ActorInput, IssueScale, Scenario, StanceInput, exact};
use crate::diagnostic::{Diagnostic, SourceFile};
use crate::limits::Limits;

/// Loads a KTAB XML scenario.
pub fn load_ktab_xml(file: &SourceFile, limits: &Limits) -> Result<Scenario, Vec<Diagnostic>> {
    let full = file.text();
    // A byte-order mark is not part of the XML; spans are shifted back past it.
    let skip = if full.starts_with('\u{feff}') { 3 } else { 0 };
    let text = &full[skip..];
    let doc = Document::parse(text).map_err(|e| {
        let pos = e.pos();
        let offset = skip + offset_of(text, pos.row as usize, pos.col as usize);
        vec![
            Diagnostic::error("bargain::xml", format!("this is not well-formed XML: {e}"))
                .at(offset..offset, "here")
                .help("check that every element is closed and attributes are quoted")
                .in_file(file),
        ]
    })?;
    let mut errors = Vec::new();
    let at = |node: Node| -> Range<usize> {
        let r = node.range();
        skip + r.start..skip + r.end.min(r.start + 80)
    };
    let err = |node: Node, code, msg: String, help: &str| {
        Diagnostic::error(code, msg)
            .at(at(node), "here")
            .help(help)
            .in_file(file)
    };
    let root = doc.root_element();
    if root.tag_name().name() != "Scenario" {
        return Err(vec![err(
            root,
            "bargain::xml",
            format!(
                "the root element is <{}>, not <Scenario>",
                root.tag_name().name()
            ),
            "a KTAB scenario file has <Scenario> as its root element",
        )]);
    }
    let name = child(root, "name")
        .and_then(|n| n.text())
        .unwrap_or("KTAB scenario")
        .trim()
        .to_owned();
    let dims: Vec<String> = child(root, "Dimensions")
        .map(|d| {
            d.children()
                .filter(|c| c.has_tag_name("dName"))
                .map(|c| c.text().unwrap_or("").trim().to_owned())
                .collect()
        })
        .unwrap_or_default();
    if dims.is_empty() {
        return Err(vec![err(
            root,
            "bargain::xml",
            "the scenario declares no dimensions".into(),
            "add <Dimensions><dName>…</dName></Dimensions>",
        )]);
    }
    let number = |node: Node, what: &str, min: f64, max: f64, errors: &mut Vec<Diagnostic>| {
        let t = node.text().unwrap_or("").trim();
        match t.parse::<f64>() {
            Ok(v) if v.is_finite() && (min..=max).contains(&v) => Some(v),
            _ => {
                errors.push(err(
                    node,
                    "bargain::number",
                    format!("the {what} `{t}` is not a number in [{min}, {max}]"),
                    &format!("write the {what} as a decimal number between {min} and {max}"),
                ));
                None
            }
        }
    };
    let mut actors = Vec::new();
    let actor_nodes = child(root, "Actors")
        .map(|a| {
            a.children()
                .filter(|c| c.has_tag_name("Actor"))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    if let Some(&past) = actor_nodes.get(limits.most_actors()) {
        let n = format!("{} actors", actor_nodes.len());
        return Err(vec![limits.too_many_actors(file, at(past), &n)]);
    }
    for a in actor_nodes {
        let actor_name = child(a, "name").and_then(|n| n.text()).map(str::trim);
        let cap = child(a, "capability").and_then(|n| {
            number(
                n,
                "capability",
                0.0,
                super::input::MAX_CAPABILITY,
                &mut errors,
            )
        });
        let list = |tag: &str, item: &str| -> Vec<Node> {
            child(a, tag)
                .map(|p| p.children().filter(|c| c.has_tag_name(item)).collect())
                .unwrap_or_default()
        };
        let (coords, sals) = (list("Position", "dCoord"), list("Salience", "dSal"));
        let (Some(actor_name), Some(cap)) = (actor_name, cap) else {
            errors.push(err(
                a,
                "bargain::xml",
                "this actor lacks a <name> or a valid <capability>".into(),
                "give every <Actor> a <name> and a non-negative <capability>",
            ));
            continue;
        };
        if coords.len() != dims.len() || sals.len() != dims.len() {
            errors.push(err(
                a,
                "bargain::count",
                format!(
                    "actor {actor_name} has {} coordinates and {} saliences for {} dimensions",
                    coords.len(),
                    sals.len(),
                    dims.len()
                ),
                "give one <dCoord> and one <dSal> per <dName>",
            ));
            continue;
        }
        let mut stances = Vec::new();
        for (c, s) in coords.iter().zip(&sals) {
            let x = number(*c, "position", 0.0, 100.0, &mut errors);
            let y = number(*s, "salience", 0.0, 100.0, &mut errors);
            if let (Some(x), Some(y)) = (x, y) {
                stances.push(Some(StanceInput {
                    position: exact(x),
                    salience: exact(y),
                    capability: exact(cap),
                }));
            }
        }
        if stances.len() == dims.len() {
            actors.push(ActorInput {
                name: actor_name.to_owned(),
                stances,
            });
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Scenario {
        name,
        issues: dims
            .into_iter()
            .map(|id| IssueScale {
                id,
                low: 0.0,
                high: 100.0,
                low_label: "0".into(),
                high_label: "100".into(),
            })
            .collect(),
        actors,
    })
}

/// The first child element of `n` named `name`.
fn child<'a, 'i>(n: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    n.children().find(|c| c.has_tag_name(name))
}

/// The byte offset of a 1-based row and column (in characters).
fn offset_of(text: &str, row: usize, col: usize) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(row.saturating_sub(1))
        .map(str::len)
        .sum();
    let line = &text[line_start.min(text.len())..];
    line_start
        + line
            .char_indices()
            .nth(col.saturating_sub(1))
            .map_or(line.len(), |(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bargain::loaders::tests::test_data;

    #[test]
    fn ktab_example_loads() {
        // KTAB examples/smp/doc/smpExample.xml (MIT, (c) KAPSARC).
        let s = load_ktab_xml(
            &test_data("ktab-smp/smpExample.xml"),
            &crate::limits::Limits::default(),
        )
        .unwrap();
        assert_eq!(s.name, "DummyData_3Dim");
        let ids: Vec<&str> = s.issues.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, ["FirstDim", "SecondDim", "YADN"]);
        assert_eq!(s.actors[1].name, "Bob");
        let second = s.nominal_issue(1);
        assert_eq!(second.players[1].position, 61.4);
        assert_eq!(second.players[1].salience, 0.345);
        assert_eq!(second.players[1].capability, 93.2);
    }

    #[test]
    fn errors_name_line_and_column() {
        let bad = SourceFile::new(
            "b.xml",
            "<Scenario>\n  <Dimensions><dName>a</dName>\n</Scenario>\n",
        );
        let e = load_ktab_xml(&bad, &crate::limits::Limits::default()).unwrap_err();
        assert_eq!(e[0].line_column().map(|l| l.0), Some(3));
        let text = "<Scenario><Dimensions><dName>a</dName></Dimensions><Actors>\n<Actor><name>A</name><capability>1</capability>\n<Position><dCoord>x</dCoord></Position><Salience><dSal>5</dSal></Salience></Actor></Actors></Scenario>";
        let e = load_ktab_xml(
            &SourceFile::new("c.xml", text),
            &crate::limits::Limits::default(),
        )
        .unwrap_err();
        assert_eq!(e[0].line_column(), Some((3, 11)));
        assert!(e[0].message.contains("`x`"));
        let none = SourceFile::new("d.xml", "<Other/>");
        assert!(load_ktab_xml(&none, &crate::limits::Limits::default()).is_err());
    }
}
