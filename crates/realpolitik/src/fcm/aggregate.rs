//! Aggregating several experts' maps into one, with each edge's disagreement.
//!
//! The experts' concepts are matched by id; the aggregate has every concept any expert named,
//! in order of first appearance. A link an expert did not draw (or between concepts the expert
//! did not name) counts as weight 0 for that expert, as in Özesmi & Özesmi (2004)'s augmented
//! matrices. Each edge's aggregate weight is the **mean** or the **median** of the experts'
//! crisp weights (a fuzzy weight's centroid), and its **disagreement** is the Shannon entropy, in
//! bits, of how the experts split between negative, zero and positive:
//! `H = −Σ p_s log₂ p_s` over those three classes: 0 when all agree on the sign, 1 for an even
//! split between two signs, log₂ 3 ≈ 1.585 at most.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use super::map::{FcmMap, Matrix};

/// How the experts' weights of an edge combine.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    /// The arithmetic mean.
    Mean,
    /// The median (the mean of the two middle values for an even count).
    Median,
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Method::Mean => "mean",
            Method::Median => "median",
        })
    }
}

impl FromStr for Method {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "mean" => Ok(Method::Mean),
            "median" => Ok(Method::Median),
            _ => Err(format!("unknown aggregation {s:?}: use mean or median")),
        }
    }
}

/// The aggregate of several maps.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Aggregate {
    /// The aggregate map (crisp weights).
    pub map: FcmMap,
    /// Per edge, the entropy of the experts' signs (bits).
    pub entropy: Matrix,
}

/// Shannon entropy (bits) of the signs of `values`.
pub fn sign_entropy(values: &[f64]) -> f64 {
    let n = values.len() as f64;
    let counts = [
        values.iter().filter(|&&x| x < 0.0).count(),
        values.iter().filter(|&&x| x == 0.0).count(),
        values.iter().filter(|&&x| x > 0.0).count(),
    ];
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = c as f64 / n;
            -p * p.log2()
        })
        .sum()
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    let m = values.len() / 2;
    if values.len() % 2 == 1 {
        values[m]
    } else {
        (values[m - 1] + values[m]) / 2.0
    }
}

/// Aggregates the experts' maps (at least one).
pub fn aggregate(experts: &[FcmMap], method: Method) -> Aggregate {
    let mut names: Vec<String> = Vec::new();
    for map in experts {
        for c in &map.concepts {
            if !names.contains(&c.id) {
                names.push(c.id.clone());
            }
        }
    }
    let n = names.len();
    // Each expert's crisp matrix, re-indexed to the union of concepts.
    let matrices: Vec<Matrix> = experts
        .iter()
        .map(|map| {
            let own = map.nominal();
            let at: Vec<usize> = map
                .concepts
                .iter()
                .map(|c| names.iter().position(|x| *x == c.id).expect("in the union"))
                .collect();
            let mut m = Matrix::zeros(n);
            for i in 0..map.n() {
                for j in 0..map.n() {
                    m.set(at[i], at[j], own.get(i, j));
                }
            }
            m
        })
        .collect();
    let mut combined = Matrix::zeros(n);
    let mut entropy = Matrix::zeros(n);
    for i in 0..n {
        for j in 0..n {
            let mut values: Vec<f64> = matrices.iter().map(|m| m.get(i, j)).collect();
            entropy.set(i, j, sign_entropy(&values));
            let w = match method {
                Method::Mean => values.iter().sum::<f64>() / values.len().max(1) as f64,
                Method::Median if values.is_empty() => 0.0,
                Method::Median => median(&mut values),
            };
            combined.set(i, j, w);
        }
    }
    Aggregate {
        map: FcmMap::from_matrix(names, &combined),
        entropy,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expert(names: &[&str], rows: &[Vec<f64>]) -> FcmMap {
        FcmMap::from_matrix(
            names.iter().map(|s| s.to_string()).collect(),
            &Matrix::from_rows(rows),
        )
    }

    #[test]
    fn three_experts_by_hand() {
        let a = expert(&["x", "y"], &[vec![0.0, 0.5], vec![0.0, 0.0]]);
        let b = expert(&["x", "y"], &[vec![0.0, 0.7], vec![0.3, 0.0]]);
        // The third expert lists y first and adds z.
        let c = expert(
            &["y", "x", "z"],
            &[vec![0.0, 0.0, 0.0], vec![-0.2, 0.0, 1.0], vec![0.0; 3]],
        );
        let mean = aggregate(&[a.clone(), b.clone(), c.clone()], Method::Mean);
        let ids: Vec<_> = mean.map.concepts.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["x", "y", "z"]);
        let w = mean.map.nominal();
        // x → y: (0.5 + 0.7 − 0.2) / 3 = 1/3.
        assert!((w.get(0, 1) - 1.0 / 3.0).abs() < 1e-12);
        // y → x: only b, 0.3 / 3 = 0.1; x → z: only c, 1/3.
        assert!((w.get(1, 0) - 0.1).abs() < 1e-12);
        assert!((w.get(0, 2) - 1.0 / 3.0).abs() < 1e-12);
        // Signs of x → y: +, +, −: H = −(2/3 log₂ 2/3 + 1/3 log₂ 1/3) = 0.9182958340544896.
        assert!((mean.entropy.get(0, 1) - 0.9182958340544896).abs() < 1e-12);
        // Nobody drew z → x: all zero, full agreement.
        assert_eq!(mean.entropy.get(2, 0), 0.0);
        let median = aggregate(&[a, b, c], Method::Median);
        assert_eq!(median.map.nominal().get(0, 1), 0.5);
        assert_eq!(median.map.nominal().get(1, 0), 0.0);
    }

    #[test]
    fn entropy_bounds() {
        assert_eq!(sign_entropy(&[0.2, 0.9]), 0.0);
        assert_eq!(sign_entropy(&[0.2, -0.9]), 1.0);
        assert!((sign_entropy(&[0.2, -0.9, 0.0]) - 3f64.log2()).abs() < 1e-12);
    }
}
