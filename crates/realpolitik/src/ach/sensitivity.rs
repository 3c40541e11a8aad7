//! Which few items decide the ranking (Heuer's step 6: "analyze how sensitive your conclusion is
//! to a few critical items of evidence").
//!
//! Three questions, each answered exactly:
//! - which single item, if discredited (its weight set to 0), changes the leading hypothesis;
//! - which single rating, moved one step along CC–C–N–I–II, changes it;
//! - when no single item does, the smallest sets of items (up to [`MAX_SET`]) whose joint
//!   discrediting does.

use schemars::JsonSchema;
use serde::Serialize;

use super::{Matrix, Scoring, leaders};
use crate::model::Rating;

/// The largest set of items searched for a joint change of leader.
pub const MAX_SET: usize = 3;

/// The most sets of items evaluated in the search for the smallest decisive set.
const MAX_EVALUATIONS: u64 = 200_000;

/// The most sets of the smallest size reported.
const MAX_SETS_SHOWN: usize = 5;

/// What would change the leading hypothesis.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct Sensitivity {
    /// The leading hypotheses as rated (several on a tie).
    pub leaders: Vec<usize>,
    /// Items whose discrediting alone changes the leader, with the leaders then.
    pub decisive_items: Vec<Change>,
    /// Ratings whose move by one step changes the leader.
    pub decisive_ratings: Vec<Rerating>,
    /// When no single item is decisive: the smallest sets of items whose joint discrediting
    /// changes the leader (at most five are listed).
    pub decisive_sets: Vec<Vec<usize>>,
    /// The largest set size the search covered (it stops early on very large matrices).
    pub searched_up_to: usize,
}

/// A discredited item and the leaders without it.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct Change {
    /// Index of the item.
    pub item: usize,
    /// The leading hypotheses without it.
    pub leaders: Vec<usize>,
}

/// A re-rated cell and the leaders after.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct Rerating {
    /// Index of the item.
    pub item: usize,
    /// Index of the hypothesis.
    pub hypothesis: usize,
    /// The rating as written.
    pub from: Rating,
    /// The rating one step away.
    pub to: Rating,
    /// The leading hypotheses after the change.
    pub leaders: Vec<usize>,
}

/// The ratings one step away on the ordinal scale CC–C–N–I–II (none for NA).
pub fn neighbours(r: Rating) -> &'static [Rating] {
    use Rating::*;
    match r {
        VeryConsistent => &[Consistent],
        Consistent => &[VeryConsistent, Neutral],
        Neutral => &[Consistent, Inconsistent],
        Inconsistent => &[Neutral, VeryInconsistent],
        VeryInconsistent => &[Inconsistent],
        NotApplicable => &[],
    }
}

/// Answers the three questions for a matrix under a scoring.
pub fn sensitivity(m: &Matrix, scoring: Scoring) -> Sensitivity {
    let scores = m.scores(scoring);
    let nominal = leaders(&scores);
    let contributions: Vec<Vec<f64>> = (0..m.cells.len())
        .map(|i| m.contributions(i, scoring))
        .collect();
    let without = |items: &[usize]| {
        let mut s = scores.clone();
        for &i in items {
            for (s, c) in s.iter_mut().zip(&contributions[i]) {
                *s -= c;
            }
        }
        leaders(&s)
    };
    let decisive_items: Vec<Change> = (0..m.cells.len())
        .map(|item| Change {
            item,
            leaders: without(&[item]),
        })
        .filter(|c| c.leaders != nominal)
        .collect();
    let mut decisive_ratings = Vec::new();
    for (item, row) in m.cells.iter().enumerate() {
        for (hypothesis, &from) in row.iter().enumerate() {
            for &to in neighbours(from) {
                let mut s = scores.clone();
                s[hypothesis] += m.weights[item] * (scoring.points(to) - scoring.points(from));
                let after = leaders(&s);
                if after != nominal {
                    decisive_ratings.push(Rerating {
                        item,
                        hypothesis,
                        from,
                        to,
                        leaders: after,
                    });
                }
            }
        }
    }
    let mut decisive_sets = Vec::new();
    let mut searched_up_to = 1;
    if decisive_items.is_empty() {
        let mut budget = MAX_EVALUATIONS;
        for size in 2..=MAX_SET.min(m.cells.len()) {
            if combinations(m.cells.len() as u64, size as u64) > budget {
                break;
            }
            budget -= combinations(m.cells.len() as u64, size as u64);
            searched_up_to = size;
            for_each_subset(m.cells.len(), size, &mut |set| {
                if decisive_sets.len() < MAX_SETS_SHOWN && without(set) != nominal {
                    decisive_sets.push(set.to_vec());
                }
            });
            if !decisive_sets.is_empty() {
                break;
            }
        }
    }
    Sensitivity {
        leaders: nominal,
        decisive_items,
        decisive_ratings,
        decisive_sets,
        searched_up_to,
    }
}

/// n choose k, saturating.
fn combinations(n: u64, k: u64) -> u64 {
    (0..k).fold(1u64, |acc, i| acc.saturating_mul(n - i) / (i + 1))
}

/// Calls `f` with every k-subset of 0..n, in lexicographic order.
fn for_each_subset(n: usize, k: usize, f: &mut dyn FnMut(&[usize])) {
    let mut set: Vec<usize> = (0..k).collect();
    loop {
        f(&set);
        let Some(i) = (0..k).rev().find(|&i| set[i] < n - k + i) else {
            return;
        };
        set[i] += 1;
        for j in i + 1..k {
            set[j] = set[j - 1] + 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Rating::*;

    fn matrix(cells: Vec<Vec<Rating>>) -> Matrix {
        let n = cells.len();
        Matrix {
            hypotheses: cells[0].len(),
            cells,
            weights: vec![1.0; n],
        }
    }

    #[test]
    fn subsets_are_enumerated_once_each() {
        let mut seen = Vec::new();
        for_each_subset(5, 3, &mut |s| seen.push(s.to_vec()));
        assert_eq!(seen.len(), 10);
        assert_eq!(seen[0], [0, 1, 2]);
        assert_eq!(seen[9], [2, 3, 4]);
        assert_eq!(combinations(5, 3), 10);
        assert_eq!(combinations(60, 3), 34_220);
    }

    #[test]
    fn the_one_item_against_the_runner_up_decides() {
        // H0 scores 1 (item 0), H1 scores 2 (items 1, 2): H0 leads. Discrediting item 1 or 2
        // ties them; discrediting item 0 leaves H0 at 0, still leading: not decisive.
        let m = matrix(vec![
            vec![Inconsistent, Consistent],
            vec![Consistent, Inconsistent],
            vec![Neutral, Inconsistent],
        ]);
        let s = sensitivity(&m, Scoring::Count);
        assert_eq!(s.leaders, [0]);
        let items: Vec<usize> = s.decisive_items.iter().map(|c| c.item).collect();
        assert_eq!(items, [1, 2]);
        assert_eq!(s.decisive_items[0].leaders, [0, 1]);
        // Re-rating: H0's item 0 to II or item 2 to I (score 2, a tie), or H1's item 1 or 2 to N.
        let moves: Vec<(usize, usize, Rating)> = s
            .decisive_ratings
            .iter()
            .map(|r| (r.item, r.hypothesis, r.to))
            .collect();
        assert!(moves.contains(&(0, 0, VeryInconsistent)), "{moves:?}");
        assert!(moves.contains(&(1, 1, Neutral)), "{moves:?}");
        assert!(moves.contains(&(2, 0, Inconsistent)), "{moves:?}");
        assert!(
            !moves.contains(&(0, 0, Neutral)),
            "lowering the leader's score keeps it"
        );
        assert!(s.decisive_sets.is_empty());
    }

    #[test]
    fn when_no_single_item_decides_the_smallest_set_is_found() {
        // H1 has three inconsistent items, H0 none: only discrediting all three ties them.
        let m = matrix(vec![
            vec![Consistent, Inconsistent],
            vec![Consistent, Inconsistent],
            vec![Consistent, Inconsistent],
            vec![Consistent, Consistent],
        ]);
        let s = sensitivity(&m, Scoring::Count);
        assert!(s.decisive_items.is_empty());
        assert_eq!(s.decisive_sets, [vec![0, 1, 2]]);
        assert_eq!(s.searched_up_to, 3);
    }
}
