//! Seeded random streams: every random draw in realpolitik comes from here.
//!
//! A computation that draws at random splits its work into numbered units (a Monte Carlo draw,
//! a perturbed matrix) and gives each unit its own stream, `stream(seed, unit)`: ChaCha8 keyed
//! by the user's seed, with the unit number as ChaCha's stream id. A unit's numbers therefore
//! depend only on the seed and the unit, never on which thread ran it or in what order, so the
//! same seed gives the same results on any thread count.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::model::Quantity;

/// The random number generator of one unit of work.
pub type Stream = ChaCha8Rng;

/// The stream of unit `unit` of a computation seeded with `seed`.
pub fn stream(seed: u64, unit: u64) -> Stream {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(unit);
    rng
}

impl Quantity {
    /// The value at probability `u` ∈ [0, 1] of the quantity's distribution (its inverse CDF):
    /// the value itself, `low + u (high − low)` on an interval, and on a triangle the inverse
    /// of its piecewise-quadratic CDF.
    pub fn quantile(&self, u: f64) -> f64 {
        match *self {
            Quantity::Exact { value } => value,
            Quantity::Interval { low, high } => low + (high - low) * u,
            Quantity::Triangular { low, mode, high } => {
                let width = high - low;
                if width == 0.0 {
                    return mode;
                }
                if u < (mode - low) / width {
                    low + (u * width * (mode - low)).sqrt()
                } else {
                    high - ((1.0 - u) * width * (high - mode)).sqrt()
                }
            }
        }
    }

    /// Draws a value: the exact value itself (drawing nothing), or the quantile of a uniform
    /// draw, so uniformly from an interval and triangularly from a triangle.
    pub fn sample(&self, rng: &mut Stream) -> f64 {
        match self {
            Quantity::Exact { value } => *value,
            _ => self.quantile(rng.random::<f64>()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_depend_on_seed_and_unit_only() {
        let draw = |seed, unit| stream(seed, unit).random::<u64>();
        assert_eq!(draw(1, 7), draw(1, 7));
        assert_ne!(draw(1, 7), draw(1, 8));
        assert_ne!(draw(1, 7), draw(2, 7));
    }

    #[test]
    fn samples_stay_in_bounds_and_have_the_right_mean() {
        let q = Quantity::Triangular {
            low: 0.0,
            mode: 0.25,
            high: 1.0,
        };
        let mut rng = stream(42, 0);
        let n = 200_000;
        let mut sum = 0.0;
        for _ in 0..n {
            let x = q.sample(&mut rng);
            assert!((0.0..=1.0).contains(&x));
            sum += x;
        }
        // Mean of a triangle is its centroid, 1.25 / 3; the standard error is about 0.0005.
        assert!(
            (sum / n as f64 - q.nominal()).abs() < 0.003,
            "{}",
            sum / n as f64
        );

        let i = Quantity::Interval {
            low: -1.0,
            high: 3.0,
        };
        let xs: Vec<f64> = (0..n).map(|_| i.sample(&mut rng)).collect();
        assert!(xs.iter().all(|x| (-1.0..3.0).contains(x)));
        assert!((xs.iter().sum::<f64>() / n as f64 - 1.0).abs() < 0.01);
        assert_eq!(Quantity::Exact { value: 0.3 }.sample(&mut rng), 0.3);
    }
}
