//! What a search asks for ([`Constraints`]) and what it returns ([`Solution`]), shared by the
//! exhaustive enumerator and branch-and-bound.

use serde::Serialize;

use super::matrix::Matrix;
use super::score::{Scores, balance, scores_judged};

/// What makes a scenario acceptable, and how many a search keeps.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Constraints {
    /// The largest inconsistency accepted (0: consistent scenarios only).
    pub max_inconsistency: i64,
    /// Descriptors fixed to a variant (an intervention): `fixed[j] = Some(v)`. A fixed
    /// descriptor's own consistency is not required, and it is left out of the consistency
    /// value and inconsistency. Empty means nothing is fixed.
    pub fixed: Vec<Option<usize>>,
    /// The most scenarios a search keeps ([`crate::limits::Limits::solutions`]): a matrix that
    /// barely constrains (all zeros, say) makes nearly every scenario acceptable. A search that
    /// finds more stops, keeping one more than this, and is [`Constraints::cut`].
    pub keep_at_most: usize,
    /// The limit that sets `keep_at_most`, named in the refusal.
    pub keep_limit: KeepLimit,
}

/// What bounds the scenarios a search keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub enum KeepLimit {
    /// Their count ([`crate::limits::Limits::solutions`]).
    Solutions,
    /// The bytes they take ([`crate::limits::Limits::memory`]): a wide matrix's scenarios
    /// take `each` bytes, and `limit` bytes hold `keep_at_most` of them.
    Memory {
        /// Bytes per scenario.
        each: u64,
        /// The limit in bytes.
        limit: u64,
    },
}

impl Default for Constraints {
    fn default() -> Self {
        Constraints {
            max_inconsistency: 0,
            fixed: Vec::new(),
            keep_at_most: solutions_limit(&crate::limits::Limits::default(), 0).0,
            keep_limit: KeepLimit::Solutions,
        }
    }
}

/// The bytes one kept scenario of `width` descriptors takes.
pub fn scenario_bytes(width: usize) -> u64 {
    (std::mem::size_of::<Solution>() + width * std::mem::size_of::<usize>()) as u64
}

/// The [`Constraints::keep_at_most`] of `limits` for scenarios of `width` descriptors, and
/// the limit that sets it: the `solutions` count, or the `memory` bytes they would take.
pub fn solutions_limit(limits: &crate::limits::Limits, width: usize) -> (usize, KeepLimit) {
    let each = scenario_bytes(width);
    let by_bytes = limits.memory / each;
    let (most, why) = if by_bytes < limits.solutions {
        let limit = limits.memory;
        (by_bytes, KeepLimit::Memory { each, limit })
    } else {
        (limits.solutions, KeepLimit::Solutions)
    };
    (usize::try_from(most).unwrap_or(usize::MAX), why)
}

impl Constraints {
    /// These constraints, keeping at most as many scenarios of `m` as the `solutions` and
    /// `memory` limits of `limits` allow.
    pub fn under(self, limits: &crate::limits::Limits, m: &super::Matrix) -> Self {
        let (keep_at_most, keep_limit) = solutions_limit(limits, m.descriptor_count());
        Constraints {
            keep_at_most,
            keep_limit,
            ..self
        }
    }

    /// Why a search cut at [`Constraints::keep_at_most`] is refused: `what` was found to
    /// leave more scenarios possible than the limit that set it allows.
    pub fn too_many(&self, what: impl std::fmt::Display) -> String {
        use crate::limits::Limits;
        match self.keep_limit {
            KeepLimit::Memory { each, limit } => Limits::exceeded(
                "memory",
                format!(
                    "keeping the scenarios {what} leaves possible (more than {}, at {each} bytes \
                     each)",
                    self.keep_at_most
                ),
                format!("{limit} bytes"),
            ),
            KeepLimit::Solutions => Limits::exceeded(
                "solutions",
                format!("the number of scenarios {what} leaves possible"),
                self.keep_at_most,
            ),
        }
    }

    /// Whether a search's result under these constraints was cut at
    /// [`Constraints::keep_at_most`] (it then holds one more, and the true count is larger
    /// still).
    pub fn cut(&self, found: &[Solution]) -> bool {
        found.len() > self.keep_at_most
    }

    /// Consistent scenarios only, nothing fixed.
    pub fn consistent() -> Self {
        Constraints::default()
    }

    /// Scenarios with inconsistency at most `t`.
    pub fn max_inconsistency(t: i64) -> Self {
        Constraints {
            max_inconsistency: t,
            ..Constraints::default()
        }
    }

    /// The variant descriptor `j` is fixed to, if any.
    pub fn fixed(&self, j: usize) -> Option<usize> {
        self.fixed.get(j).copied().flatten()
    }

    /// The variants descriptor `j` may take.
    pub(crate) fn domain(&self, m: &Matrix, j: usize) -> std::ops::Range<usize> {
        match self.fixed(j) {
            Some(v) => v..v + 1,
            None => 0..m.variant_count(j),
        }
    }

    /// Checks that every fixed variant exists.
    pub fn validate(&self, m: &Matrix) -> Result<(), String> {
        if self.fixed.len() > m.descriptor_count() {
            return Err(format!(
                "{} descriptors fixed, but the matrix has {}",
                self.fixed.len(),
                m.descriptor_count()
            ));
        }
        if self.max_inconsistency < 0 {
            return Err("the largest inconsistency accepted cannot be negative".into());
        }
        for (j, v) in self.fixed.iter().enumerate() {
            if let Some(v) = *v
                && v >= m.variant_count(j)
            {
                return Err(format!(
                    "descriptor {} has {} variants; variant {} does not exist",
                    m.descriptors()[j].name,
                    m.variant_count(j),
                    v + 1
                ));
            }
        }
        Ok(())
    }
}

/// A scenario found by a search, with its scores.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Solution {
    /// The chosen variant of each descriptor (0-based).
    pub variants: Vec<usize>,
    /// Its scores (consistency value and inconsistency over the descriptors not fixed).
    pub scores: Scores,
}

impl Solution {
    /// Scores `variants` under `constraints` (fixed descriptors are not judged).
    pub fn new(m: &Matrix, variants: Vec<usize>, constraints: &Constraints) -> Solution {
        let theta = balance(m, &variants);
        let scores = scores_judged(m, &variants, &theta, |j| constraints.fixed(j).is_none());
        Solution { variants, scores }
    }
}

/// The deterministic order of results: highest TIS first, then by variant indices.
pub fn sort_solutions(solutions: &mut [Solution]) {
    solutions.sort_by(|x, y| {
        y.scores
            .tis
            .cmp(&x.scores.tis)
            .then_with(|| x.variants.cmp(&y.variants))
    });
}
