//! How much of the search tree the search has settled, for a progress bar that moves.
//!
//! The root holds [`WHOLE`] units. A node that branches hands each of its live choices an equal
//! part of its units ([`part`]: an exact integer split, so the parts add up to the whole); a
//! choice assigned in place (the only one left) keeps them all; a node that dies or completes
//! settles all it holds. When the search ends every unit is settled, so the reported total is
//! exactly [`WHOLE`], and it only grows.
//!
//! The units are shares of the tree, not of the scenario space: a variant ruled out by
//! propagation takes no share, so its siblings' grow. A share of the space would hardly move
//! on a matrix that prunes deep (a box 20 levels down is 6^-20 of a 60×6 space), while the
//! tree's share is Knuth's (1975) estimate of the search's progress: the bar moves as soon as
//! any subtree is done, instead of waiting for one of the few hundred parallel subtrees to
//! finish, and its estimate of the time left is rough (subtrees of equal share can differ in
//! size) but improves as the search goes.

use super::super::matrix::Matrix;
use super::super::solution::Constraints;
use crate::progress::Progress;

/// The units the whole search tree is worth: 2^62, so that subtrees 62 binary choices deep
/// still hold a unit, and any sum of parts fits in a `u64`.
pub(super) const WHOLE: u64 = 1 << 62;

/// Units settled in one subtree but not reported yet: the search adds to it at every settled
/// node and passes it on to [`Progress::advance`] in batches of at least [`BATCH`] units, so that
/// a deep search does not call the progress sink (an atomic and a clock read) at every node.
pub(super) struct Tally<'a> {
    progress: &'a dyn Progress,
    pending: u64,
}

/// The smallest batch of units passed on at once: 1/65,536 of the whole.
const BATCH: u64 = WHOLE >> 16;

impl<'a> Tally<'a> {
    pub(super) fn new(progress: &'a dyn Progress) -> Self {
        Tally {
            progress,
            pending: 0,
        }
    }

    /// Settles `units`.
    #[inline]
    pub(super) fn settle(&mut self, units: u64) {
        self.pending += units;
        if self.pending >= BATCH {
            self.flush();
        }
    }

    /// Reports what is pending.
    pub(super) fn flush(&mut self) {
        if self.pending > 0 {
            self.progress.advance(std::mem::take(&mut self.pending));
        }
    }
}

impl Drop for Tally<'_> {
    fn drop(&mut self) {
        self.flush();
    }
}

/// The part of a node's `units` that goes to the `index`-th of its `k` choices: `units / k`, and
/// one more for the first `units mod k` of them, so the k parts add up to `units` exactly.
#[inline]
pub(super) fn part(units: u64, index: usize, k: usize) -> u64 {
    let k = k as u64;
    units / k + u64::from((index as u64) < units % k)
}

/// The number of scenarios the search covers (the product of the variants each descriptor may
/// take), written for people: exact up to a billion, else in scientific notation ("4.9e46").
pub fn space_text(m: &Matrix, constraints: &Constraints) -> String {
    let sizes = (0..m.descriptor_count()).map(|j| constraints.domain(m, j).len() as u64);
    match sizes.clone().try_fold(1u64, u64::checked_mul) {
        Some(n) if n <= 1_000_000_000 => n.to_string(),
        _ => {
            let log10: f64 = sizes.map(|k| (k.max(1) as f64).log10()).sum();
            let exponent = log10.floor();
            let mantissa = 10f64.powf(log10 - exponent);
            // 9.96 rounds to "10.0": carry it into the exponent.
            if format!("{mantissa:.1}") == "10.0" {
                format!("1.0e{}", exponent + 1.0)
            } else {
                format!("{mantissa:.1}e{exponent}")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::matrix::tests::matrix;
    use super::*;

    #[test]
    fn parts_add_up_to_the_whole_and_differ_by_at_most_one() {
        for (units, k) in [(WHOLE, 6), (7, 3), (2, 5), (0, 4), (WHOLE / 7 + 3, 7)] {
            let parts: Vec<u64> = (0..k).map(|i| part(units, i, k)).collect();
            assert_eq!(parts.iter().sum::<u64>(), units, "{units} over {k}");
            let (lo, hi) = (parts.iter().min().unwrap(), parts.iter().max().unwrap());
            assert!(hi - lo <= 1, "{parts:?}");
        }
    }

    #[test]
    fn the_space_is_exact_when_small_and_scientific_when_huge() {
        let small = matrix(&[6, 6, 6, 6], vec![0; 24 * 24]);
        assert_eq!(space_text(&small, &Constraints::consistent()), "1296");
        let fixed = Constraints {
            fixed: vec![Some(1), None, None, Some(0)],
            ..Constraints::consistent()
        };
        assert_eq!(space_text(&small, &fixed), "36");
        let huge = matrix(&[6; 60], vec![0; 360 * 360]);
        // 6^60 = 4.887e46.
        assert_eq!(space_text(&huge, &Constraints::consistent()), "4.9e46");
        let round = matrix(&[10; 12], vec![0; 120 * 120]);
        assert_eq!(space_text(&round, &Constraints::consistent()), "1.0e12");
    }
}
