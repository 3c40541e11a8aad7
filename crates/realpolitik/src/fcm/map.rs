//! The map: concepts and the weight matrix `w[i][j]` (effect of concept `i` on concept `j`).
//!
//! A map comes from a model ([`FcmMap::from_model`]: every factor is a concept, every causal link
//! a weight, kept with its uncertainty for Monte Carlo and sensitivity) or from an adjacency
//! matrix file ([`super::csv`]). Rows are causes and columns effects in both, as in Mental
//! Modeler's CSV export, FCMpy's DataFrame layout and R `fcm`'s `weight_mat`.

use serde::Serialize;

use crate::model::{Model, Quantity, Role};
use crate::random::Stream;

/// A square matrix of weights, row-major: `get(i, j)` is the effect of `i` on `j`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Matrix {
    n: usize,
    w: Vec<f64>,
}

impl Matrix {
    /// An `n × n` matrix of zeros.
    pub fn zeros(n: usize) -> Self {
        Matrix {
            n,
            w: vec![0.0; n * n],
        }
    }

    /// A matrix from its rows. Panics unless the rows make a square.
    pub fn from_rows(rows: &[Vec<f64>]) -> Self {
        let n = rows.len();
        assert!(rows.iter().all(|r| r.len() == n), "a square matrix");
        Matrix {
            n,
            w: rows.concat(),
        }
    }

    /// Number of concepts.
    pub fn n(&self) -> usize {
        self.n
    }

    /// The effect of `i` on `j`.
    #[inline]
    pub fn get(&self, i: usize, j: usize) -> f64 {
        self.w[i * self.n + j]
    }

    /// Sets the effect of `i` on `j`.
    pub fn set(&mut self, i: usize, j: usize, value: f64) {
        self.w[i * self.n + j] = value;
    }

    /// The weights, row by row.
    pub fn as_slice(&self) -> &[f64] {
        &self.w
    }

    /// The rows, for output.
    pub fn rows(&self) -> Vec<Vec<f64>> {
        self.w.chunks(self.n.max(1)).map(<[f64]>::to_vec).collect()
    }

    /// Number of non-zero weights.
    pub fn links(&self) -> usize {
        self.w.iter().filter(|&&x| x != 0.0).count()
    }
}

/// A concept of the map.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Concept {
    /// Identifier (a factor id, or the matrix file's label).
    pub id: String,
    /// Display label.
    pub label: String,
    /// The part the concept plays, when the map comes from a model.
    pub role: Option<Role>,
}

/// A weight with its uncertainty.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct UncertainWeight {
    /// The cause.
    pub from: usize,
    /// The effect.
    pub to: usize,
    /// The weight: exact, an interval (uniform) or a triangular fuzzy number.
    pub weight: Quantity,
}

/// A fuzzy cognitive map.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FcmMap {
    /// The concepts, in matrix order.
    pub concepts: Vec<Concept>,
    /// Every non-zero weight as written, in file order.
    pub weights: Vec<UncertainWeight>,
}

impl FcmMap {
    /// The map of a model: its factors, in order, and its links. A linguistic term's weight
    /// is its triangular fuzzy number (crisp value: the centroid).
    pub fn from_model(model: &Model) -> Self {
        let concepts = model
            .factors
            .iter()
            .map(|f| Concept {
                id: f.id.clone(),
                label: f.label.clone(),
                role: Some(f.role),
            })
            .collect();
        let weights = model
            .links
            .iter()
            .map(|l| UncertainWeight {
                from: l.from,
                to: l.to,
                weight: l.weight,
            })
            .collect();
        FcmMap { concepts, weights }
    }

    /// A map with crisp weights from a matrix and concept names.
    pub fn from_matrix(names: Vec<String>, m: &Matrix) -> Self {
        let n = m.n();
        let concepts = names
            .into_iter()
            .map(|id| Concept {
                label: id.clone(),
                id,
                role: None,
            })
            .collect();
        let mut weights = Vec::new();
        for i in 0..n {
            for j in 0..n {
                if m.get(i, j) != 0.0 {
                    weights.push(UncertainWeight {
                        from: i,
                        to: j,
                        weight: Quantity::Exact { value: m.get(i, j) },
                    });
                }
            }
        }
        FcmMap { concepts, weights }
    }

    /// Number of concepts.
    pub fn n(&self) -> usize {
        self.concepts.len()
    }

    /// Index of the concept with this id.
    pub fn index(&self, id: &str) -> Option<usize> {
        self.concepts.iter().position(|c| c.id == id)
    }

    /// Indices of the concepts with this role.
    pub fn with_role(&self, role: Role) -> Vec<usize> {
        (0..self.n())
            .filter(|&i| self.concepts[i].role == Some(role))
            .collect()
    }

    /// Indices (into [`FcmMap::weights`]) of the uncertain weights.
    pub fn uncertain(&self) -> Vec<usize> {
        (0..self.weights.len())
            .filter(|&k| self.weights[k].weight.is_uncertain())
            .collect()
    }

    /// The matrix with every weight at its nominal value (centroid of a fuzzy number).
    pub fn nominal(&self) -> Matrix {
        self.matrix_with(|_, q| q.nominal())
    }

    /// The matrix with weight `k` (an index into [`FcmMap::weights`]) set by `value(k, quantity)`.
    /// Two links between the same pair add up.
    pub fn matrix_with(&self, mut value: impl FnMut(usize, &Quantity) -> f64) -> Matrix {
        let mut m = Matrix::zeros(self.n());
        for (k, uw) in self.weights.iter().enumerate() {
            let v = m.get(uw.from, uw.to) + value(k, &uw.weight);
            m.set(uw.from, uw.to, v);
        }
        m
    }

    /// One random draw of every weight (uniform on an interval, triangular for a fuzzy number),
    /// in the order of [`FcmMap::weights`].
    pub fn sample(&self, rng: &mut Stream) -> Matrix {
        self.matrix_with(|_, q| q.sample(rng))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example() -> crate::Loaded {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../examples/energy-transition.toml"
        );
        crate::model::load_file(
            std::path::Path::new(path),
            &crate::model::LoadOptions::default(),
        )
        .expect("the example is valid")
    }

    #[test]
    fn a_models_links_become_weights_with_rows_as_causes() {
        let map = FcmMap::from_model(&example().model);
        let ids: Vec<_> = map.concepts.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["carbon_price", "gas_shock", "coal_jobs", "emissions"]);
        let w = map.nominal();
        // "-strong" = [-1, -0.75, -0.5], centroid -0.75.
        assert!((w.get(0, 3) + 0.75).abs() < 1e-12);
        // [-0.6, -0.2] has midpoint -0.4.
        assert!((w.get(0, 2) + 0.4).abs() < 1e-12);
        assert_eq!(w.get(1, 3), 0.3);
        // "+moderately" = [0.2, 0.4, 0.6], centroid 0.4.
        assert!((w.get(2, 0) - 0.4).abs() < 1e-12);
        assert_eq!(w.get(3, 0), 0.0);
        assert_eq!(w.links(), 4);
        assert_eq!(map.uncertain(), [0, 1, 3]);
        assert_eq!(map.with_role(Role::Outcome), [3]);
    }

    #[test]
    fn quantiles_invert_the_distributions() {
        let t = Quantity::Triangular {
            low: 0.0,
            mode: 0.5,
            high: 1.0,
        };
        assert_eq!(t.quantile(0.5), 0.5);
        // P(X ≤ 0.25) = 0.25² / (1 · 0.5) = 0.125.
        assert!((t.quantile(0.125) - 0.25).abs() < 1e-12);
        let i = Quantity::Interval {
            low: -0.2,
            high: 0.6,
        };
        assert!((i.quantile(0.25) - 0.0).abs() < 1e-12);
        assert_eq!(Quantity::Exact { value: 0.3 }.quantile(0.9), 0.3);
    }
}
