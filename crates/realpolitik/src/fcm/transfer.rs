//! Transfer (squashing) functions: how a concept's weighted input becomes its activation.
//!
//! | name | f(x) | range |
//! |---|---|---|
//! | sigmoid | 1 / (1 + e^(−λx)) | (0, 1) |
//! | tanh | tanh(λx) | (−1, 1) |
//! | bivalent | 1 if x > 0, else 0 | {0, 1} |
//! | trivalent | 1 if x > 0, 0 if x = 0, −1 if x < 0 | {−1, 0, 1} |
//!
//! λ > 0 sets the steepness of the two continuous functions (default 1); the thresholds ignore
//! it. These are the four functions of the R `fcm` package and of Kosko (1986)'s threshold
//! units; bivalent maps 0 to 0, as `fcm` does.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

/// A transfer function.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Transfer {
    /// 1 / (1 + e^(−λx)), activations in (0, 1).
    Sigmoid,
    /// tanh(λx), activations in (−1, 1).
    Tanh,
    /// 1 if x > 0, else 0.
    Bivalent,
    /// The sign of x: 1, 0 or −1.
    Trivalent,
}

impl Transfer {
    /// All transfer functions, in the order of the table above.
    pub const ALL: [Transfer; 4] = [
        Transfer::Sigmoid,
        Transfer::Tanh,
        Transfer::Bivalent,
        Transfer::Trivalent,
    ];

    /// f(x) with steepness `lambda`.
    #[inline]
    pub fn apply(self, x: f64, lambda: f64) -> f64 {
        match self {
            Transfer::Sigmoid => 1.0 / (1.0 + (-lambda * x).exp()),
            Transfer::Tanh => (lambda * x).tanh(),
            Transfer::Bivalent => {
                if x > 0.0 {
                    1.0
                } else {
                    0.0
                }
            }
            Transfer::Trivalent => {
                if x > 0.0 {
                    1.0
                } else if x < 0.0 {
                    -1.0
                } else {
                    0.0
                }
            }
        }
    }

    /// The input x at which f(x) = `level`, for a level strictly inside the range: the
    /// logit ln(level / (1 − level)) / λ for the sigmoid, atanh(level) / λ for tanh. A
    /// threshold has no inverse; it gets `level` itself, whose sign it reads (positive: on).
    pub fn input_for(self, level: f64, lambda: f64) -> f64 {
        match self {
            Transfer::Sigmoid => (level / (1.0 - level)).ln() / lambda,
            Transfer::Tanh => level.atanh() / lambda,
            Transfer::Bivalent | Transfer::Trivalent => level,
        }
    }

    /// The name used on the command line and in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Transfer::Sigmoid => "sigmoid",
            Transfer::Tanh => "tanh",
            Transfer::Bivalent => "bivalent",
            Transfer::Trivalent => "trivalent",
        }
    }

    /// The lowest and highest activation the function produces.
    pub fn range(self) -> (f64, f64) {
        match self {
            Transfer::Sigmoid | Transfer::Bivalent => (0.0, 1.0),
            Transfer::Tanh | Transfer::Trivalent => (-1.0, 1.0),
        }
    }
}

impl fmt::Display for Transfer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Transfer {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        Transfer::ALL
            .into_iter()
            .find(|t| t.name() == s)
            .ok_or_else(|| {
                format!("unknown transfer function {s:?}: use sigmoid, tanh, bivalent or trivalent")
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_at_known_points() {
        // 1 / (1 + e^-2) = 0.8807970779778823
        assert!((Transfer::Sigmoid.apply(1.0, 2.0) - 0.880_797_077_977_882_3).abs() < 1e-15);
        assert_eq!(Transfer::Sigmoid.apply(0.0, 5.0), 0.5);
        // tanh(0.5 * 2) = tanh(1) = 0.7615941559557649
        assert!((Transfer::Tanh.apply(0.5, 2.0) - 0.761_594_155_955_764_9).abs() < 1e-15);
        assert_eq!(Transfer::Bivalent.apply(0.0, 1.0), 0.0);
        assert_eq!(Transfer::Bivalent.apply(1e-12, 1.0), 1.0);
        assert_eq!(Transfer::Trivalent.apply(-1e-12, 1.0), -1.0);
        assert_eq!(Transfer::Trivalent.apply(0.0, 1.0), 0.0);
    }

    #[test]
    fn names_round_trip_and_unknown_names_are_explained() {
        for t in Transfer::ALL {
            assert_eq!(t.name().parse::<Transfer>(), Ok(t));
        }
        let err = "logistic".parse::<Transfer>().unwrap_err();
        assert!(err.contains("sigmoid, tanh"), "{err}");
    }
}
