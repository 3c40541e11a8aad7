//! Linguistic weight terms for FCM links.
//!
//! Analysts often judge a link as "strongly positive" rather than "0.73". A term stands for a
//! triangular fuzzy number `[low, mode, high]` on [-1, 1]; its crisp weight is the centroid
//! `(low + mode + high) / 3` and, in Monte Carlo, the weight is drawn from the triangle.
//!
//! The default set has five strengths per sign on a uniform partition of [0, 1] (as in the
//! common five-term scales of the FCM literature, e.g. Papageorgiou 2013's "very weak" … "very
//! strong"), plus `"0"` for no effect:
//!
//! | term | fuzzy number | centroid |
//! |---|---|---|
//! | `+very_weak` | [0, 0, 0.25] | 0.083 |
//! | `+weak` | [0, 0.25, 0.5] | 0.25 |
//! | `+medium` | [0.25, 0.5, 0.75] | 0.5 |
//! | `+strong` | [0.5, 0.75, 1] | 0.75 |
//! | `+very_strong` | [0.75, 1, 1] | 0.917 |
//!
//! and their mirror images `-very_weak` … `-very_strong`. A model's `[terms]` table adds terms
//! or replaces these by name.

use super::values::Quantity;

/// The default terms (see the module docs).
pub fn default_terms() -> Vec<(String, Quantity)> {
    let positive: [(&str, [f64; 3]); 5] = [
        ("very_weak", [0.0, 0.0, 0.25]),
        ("weak", [0.0, 0.25, 0.5]),
        ("medium", [0.25, 0.5, 0.75]),
        ("strong", [0.5, 0.75, 1.0]),
        ("very_strong", [0.75, 1.0, 1.0]),
    ];
    let mut terms = vec![("0".to_owned(), Quantity::Exact { value: 0.0 })];
    for (name, [low, mode, high]) in positive {
        terms.push((format!("+{name}"), Quantity::Triangular { low, mode, high }));
        terms.push((
            format!("-{name}"),
            Quantity::Triangular {
                low: -high,
                mode: -mode,
                high: -low,
            },
        ));
    }
    terms
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_mirrored_and_ordered() {
        let terms = default_terms();
        let get = |n: &str| terms.iter().find(|(t, _)| t == n).unwrap().1;
        assert_eq!(get("+strong").nominal(), 0.75);
        assert_eq!(get("-strong").nominal(), -0.75);
        assert!((get("+very_strong").nominal() - 2.75 / 3.0).abs() < 1e-12);
        assert_eq!(get("-weak").bounds(), (-0.5, 0.0));
        let strengths = ["+very_weak", "+weak", "+medium", "+strong", "+very_strong"];
        for pair in strengths.windows(2) {
            assert!(get(pair[0]).nominal() < get(pair[1]).nominal());
        }
    }
}
