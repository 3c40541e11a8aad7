//! Structure of a map: graph indices (Özesmi & Özesmi 2004) and the strongest causal paths.
//!
//! With `w[i][j]` the effect of `i` on `j` and `N` concepts:
//!
//! - out-degree `od_i = Σ_j |w[i][j]|` (how strongly `i` acts), in-degree
//!   `id_i = Σ_j |w[j][i]|` (how strongly `i` is acted on), centrality `c_i = id_i + od_i`;
//! - a concept is a **transmitter** (od > 0, id = 0), a **receiver** (id > 0, od = 0),
//!   **ordinary** (both > 0) or isolated (neither);
//! - **density** `C / N²` with `C` the number of links (Özesmi & Özesmi's definition;
//!   `C / (N(N − 1))`, which excludes self-loops and which FCMapper-style tools also print, is
//!   given as `density_without_self_loops`);
//! - **complexity** `R / T`, receivers over transmitters (undefined without transmitters);
//! - **hierarchy index** (MacDonald 1983, as used by Özesmi & Özesmi)
//!   `h = 12 / ((N − 1) N (N + 1)) · Σ_i (od_i − Σ_k od_k / N)²`: 1 for a fully hierarchical
//!   map, 0 for a fully democratic one.
//!
//! A **path**'s weight is the product of its links' weights; its strength the absolute value.
//! Since every |w| ≤ 1, a path can only weaken as it grows, so a depth-first search that drops
//! any partial path already weaker than the k-th strongest found finds the k strongest simple
//! paths exactly.

use serde::Serialize;

use super::map::Matrix;

/// The part a concept plays in the graph.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Acts on others, is acted on by none (a driving force).
    Transmitter,
    /// Is acted on, acts on none.
    Receiver,
    /// Both.
    Ordinary,
    /// Neither.
    Isolated,
}

/// One concept's indices.
#[derive(Clone, Debug, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ConceptIndices {
    /// Σ of the absolute weights of its incoming links.
    pub indegree: f64,
    /// Σ of the absolute weights of its outgoing links.
    pub outdegree: f64,
    /// indegree + outdegree.
    pub centrality: f64,
    /// Transmitter, receiver, ordinary or isolated.
    pub kind: Kind,
}

/// The indices of a whole map.
#[derive(Clone, Debug, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Structure {
    /// One per concept.
    pub concepts: Vec<ConceptIndices>,
    /// Number of non-zero links.
    pub links: usize,
    /// C / N².
    pub density: f64,
    /// C / (N (N − 1)).
    pub density_without_self_loops: f64,
    /// Number of transmitters.
    pub transmitters: usize,
    /// Number of receivers.
    pub receivers: usize,
    /// Number of ordinary concepts.
    pub ordinary: usize,
    /// receivers / transmitters, when there is a transmitter.
    pub complexity: Option<f64>,
    /// The hierarchy index.
    pub hierarchy: f64,
}

/// The structure of the map with weights `w`.
pub fn structure(w: &Matrix) -> Structure {
    let n = w.n();
    let concepts: Vec<ConceptIndices> = (0..n)
        .map(|i| {
            let outdegree: f64 = (0..n).map(|j| w.get(i, j).abs()).sum();
            let indegree: f64 = (0..n).map(|j| w.get(j, i).abs()).sum();
            let kind = match (indegree > 0.0, outdegree > 0.0) {
                (false, true) => Kind::Transmitter,
                (true, false) => Kind::Receiver,
                (true, true) => Kind::Ordinary,
                (false, false) => Kind::Isolated,
            };
            ConceptIndices {
                indegree,
                outdegree,
                centrality: indegree + outdegree,
                kind,
            }
        })
        .collect();
    let count = |k: Kind| concepts.iter().filter(|c| c.kind == k).count();
    let (transmitters, receivers, ordinary) = (
        count(Kind::Transmitter),
        count(Kind::Receiver),
        count(Kind::Ordinary),
    );
    let links = w.links();
    let nf = n as f64;
    let mean_out = concepts.iter().map(|c| c.outdegree).sum::<f64>() / nf.max(1.0);
    let spread: f64 = concepts
        .iter()
        .map(|c| (c.outdegree - mean_out).powi(2))
        .sum();
    let hierarchy = if n >= 2 {
        12.0 / ((nf - 1.0) * nf * (nf + 1.0)) * spread
    } else {
        0.0
    };
    Structure {
        links,
        density: if n > 0 { links as f64 / (nf * nf) } else { 0.0 },
        density_without_self_loops: if n > 1 {
            links as f64 / (nf * (nf - 1.0))
        } else {
            0.0
        },
        transmitters,
        receivers,
        ordinary,
        complexity: (transmitters > 0).then(|| receivers as f64 / transmitters as f64),
        hierarchy,
        concepts,
    }
}

/// A causal path and its weight (the product of its links' weights).
#[derive(Clone, Debug, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Path {
    /// The concepts along the path, from cause to effect.
    pub concepts: Vec<usize>,
    /// The product of the weights.
    pub weight: f64,
}

/// The `k` strongest simple paths from `from` to `to` with at most `max_links` links, strongest
/// first (ties: fewer links first).
pub fn strongest_paths(
    w: &Matrix,
    from: usize,
    to: usize,
    k: usize,
    max_links: usize,
) -> Vec<Path> {
    let mut best: Vec<Path> = Vec::new();
    if k == 0 || from == to {
        return best;
    }
    let mut stack = vec![from];
    let mut on_path = vec![false; w.n()];
    on_path[from] = true;
    search(
        w,
        to,
        k,
        max_links,
        1.0,
        &mut stack,
        &mut on_path,
        &mut best,
    );
    best
}

fn threshold(best: &[Path], k: usize) -> f64 {
    if best.len() < k {
        0.0
    } else {
        best[k - 1].weight.abs()
    }
}

#[expect(clippy::too_many_arguments, reason = "a private recursive helper")]
fn search(
    w: &Matrix,
    to: usize,
    k: usize,
    max_links: usize,
    weight: f64,
    stack: &mut Vec<usize>,
    on_path: &mut [bool],
    best: &mut Vec<Path>,
) {
    let here = *stack.last().expect("the path starts somewhere");
    for next in 0..w.n() {
        let wij = w.get(here, next);
        if wij == 0.0 || on_path[next] {
            continue;
        }
        let product = weight * wij;
        if product.abs() <= threshold(best, k) {
            continue;
        }
        stack.push(next);
        if next == to {
            best.push(Path {
                concepts: stack.clone(),
                weight: product,
            });
            best.sort_by(|a, b| {
                b.weight
                    .abs()
                    .total_cmp(&a.weight.abs())
                    .then(a.concepts.len().cmp(&b.concepts.len()))
            });
            best.truncate(k);
        } else if stack.len() <= max_links {
            on_path[next] = true;
            search(w, to, k, max_links, product, stack, on_path, best);
            on_path[next] = false;
        }
        stack.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indices_by_hand() {
        // a → b 0.5, a → c −0.5, b → c 1.0, c → b 0.25, d isolated.
        let w = Matrix::from_rows(&[
            vec![0.0, 0.5, -0.5, 0.0],
            vec![0.0, 0.0, 1.0, 0.0],
            vec![0.0, 0.25, 0.0, 0.0],
            vec![0.0; 4],
        ]);
        let s = structure(&w);
        assert_eq!(s.concepts[0].outdegree, 1.0);
        assert_eq!(s.concepts[0].kind, Kind::Transmitter);
        assert_eq!(s.concepts[1].indegree, 0.75);
        assert_eq!(s.concepts[1].centrality, 1.75);
        assert_eq!(s.concepts[2].indegree, 1.5);
        assert_eq!(s.concepts[2].kind, Kind::Ordinary);
        assert_eq!(s.concepts[3].kind, Kind::Isolated);
        assert_eq!((s.transmitters, s.receivers, s.ordinary), (1, 0, 2));
        assert_eq!(s.links, 4);
        assert_eq!(s.density, 4.0 / 16.0);
        assert_eq!(s.density_without_self_loops, 4.0 / 12.0);
        assert_eq!(s.complexity, Some(0.0));
        // od = (1, 1, 0.25, 0), mean 0.5625; Σ (od − mean)² = 0.19140625·2 + 0.09765625
        //   + 0.31640625 = 0.796875; h = 12 / (3·4·5) · 0.796875 = 0.159375.
        assert!((s.hierarchy - 0.159375).abs() < 1e-12);
    }

    #[test]
    fn the_strongest_paths_come_first_even_when_indirect() {
        // 0 → 1 → 2: 0.9 · 0.9 = 0.81; 0 → 2: 0.5; 0 → 3 → 2: −0.95 · 0.95 = −0.9025;
        // 0 → 1 → 3 → 2: 0.9 · 0.1 · 0.95 = 0.0855.
        let w = Matrix::from_rows(&[
            vec![0.0, 0.9, 0.5, -0.95],
            vec![0.0, 0.0, 0.9, 0.1],
            vec![0.0, 0.0, 0.0, 0.0],
            vec![0.0, 0.0, 0.95, 0.0],
        ]);
        let paths = strongest_paths(&w, 0, 2, 3, 5);
        let got: Vec<_> = paths.iter().map(|p| p.concepts.clone()).collect();
        assert_eq!(got, [vec![0, 3, 2], vec![0, 1, 2], vec![0, 2]]);
        assert!((paths[0].weight + 0.9025).abs() < 1e-12);
        assert!((paths[1].weight - 0.81).abs() < 1e-12);
        let all = strongest_paths(&w, 0, 2, 10, 5);
        assert_eq!(all.len(), 4);
        assert!((all[3].weight - 0.0855).abs() < 1e-12);
        // Limited to one link, only the direct path remains.
        assert_eq!(strongest_paths(&w, 0, 2, 10, 1).len(), 1);
    }
}
