//! Which sets of acceptors are quorums, phase by phase.
//!
//! Paxos needs only that every quorum of phase 1 (prepare/promise) shares an acceptor with every
//! quorum of phase 2 (propose/accepted) — Flexible Paxos (Howard, Malkhi, Spiegelman 2016, §3): two
//! phase-2 quorums need not intersect. Majorities are one such system; so are sizes `q1`, `q2` of `n`
//! acceptors with `q1 + q2 > n`, and a grid whose rows are the phase-1 quorums and whose columns are the
//! phase-2 quorums (every row crosses every column). With `q1 + q2 ≤ n` a phase-1 quorum can miss a
//! phase-2 quorum, and the exhaustive checker finds two values chosen.
//!
//! Under a flexible system a leader waits for a phase-1 quorum of promises, proposes to every acceptor
//! and decides once the acceptances contain a phase-2 quorum (§3: "any q2 acceptors"); a value is
//! chosen when a phase-2 quorum voted for it in one round.

use super::node::NodeId;
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Quorums {
    /// Every majority, in both phases (Paxos Made Simple).
    #[default]
    Majority,
    /// Any `q1` acceptors for phase 1, any `q2` for phase 2.
    Sizes { q1: usize, q2: usize },
    /// Acceptors laid out row by row (A1 A2 A3 / A4 A5 A6 …): a row for phase 1, a column for phase 2.
    Grid { rows: usize, columns: usize },
}

/// Why a quorum system does not fit the chamber.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuorumsError(pub String);

impl fmt::Display for QuorumsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Quorums {
    pub fn is_majority(&self) -> bool {
        *self == Quorums::Majority
    }

    pub fn validate(&self, acceptors: usize) -> Result<(), QuorumsError> {
        match *self {
            Quorums::Majority => Ok(()),
            Quorums::Sizes { q1, q2 } => {
                for (name, q) in [("q1", q1), ("q2", q2)] {
                    if q == 0 || q > acceptors {
                        return Err(QuorumsError(format!(
                            "{name} = {q}: a quorum size is 1 to {acceptors} (the acceptors)"
                        )));
                    }
                }
                Ok(())
            }
            Quorums::Grid { rows, columns } => {
                if rows == 0 || columns == 0 || rows * columns != acceptors {
                    return Err(QuorumsError(format!(
                        "a grid of {rows} × {columns} does not lay out {acceptors} acceptors"
                    )));
                }
                Ok(())
            }
        }
    }

    /// The fewest acceptors of a phase-1 quorum.
    pub fn phase1_size(&self, acceptors: usize) -> usize {
        match *self {
            Quorums::Majority => acceptors / 2 + 1,
            Quorums::Sizes { q1, .. } => q1,
            Quorums::Grid { columns, .. } => columns,
        }
    }

    /// The fewest acceptors of a phase-2 quorum.
    pub fn phase2_size(&self, acceptors: usize) -> usize {
        match *self {
            Quorums::Majority => acceptors / 2 + 1,
            Quorums::Sizes { q2, .. } => q2,
            Quorums::Grid { rows, .. } => rows,
        }
    }

    /// Whether `set` contains a phase-1 quorum.
    pub fn phase1(&self, acceptors: usize, set: impl IntoIterator<Item = NodeId>) -> bool {
        match *self {
            Quorums::Grid { rows, columns } => {
                let set: Vec<NodeId> = set.into_iter().collect();
                (0..rows).any(|r| (0..columns).all(|c| set.contains(&acceptor(r * columns + c))))
            }
            _ => set.into_iter().count() >= self.phase1_size(acceptors),
        }
    }

    /// Whether `set` contains a phase-2 quorum.
    pub fn phase2(&self, acceptors: usize, set: impl IntoIterator<Item = NodeId>) -> bool {
        match *self {
            Quorums::Grid { rows, columns } => {
                let set: Vec<NodeId> = set.into_iter().collect();
                (0..columns).any(|c| (0..rows).all(|r| set.contains(&acceptor(r * columns + c))))
            }
            _ => set.into_iter().count() >= self.phase2_size(acceptors),
        }
    }

    /// The minimal phase-1 quorums, in order (what a leader picks from).
    pub fn phase1_quorums(&self, acceptors: usize) -> Vec<Vec<NodeId>> {
        match *self {
            Quorums::Grid { rows, columns } => (0..rows)
                .map(|r| (0..columns).map(|c| acceptor(r * columns + c)).collect())
                .collect(),
            _ => subsets(acceptors, self.phase1_size(acceptors)),
        }
    }

    /// Whether every phase-1 quorum meets every phase-2 quorum (Flexible Paxos's condition).
    pub fn intersect(&self, acceptors: usize) -> bool {
        match *self {
            Quorums::Grid { .. } => true,
            _ => self.phase1_size(acceptors) + self.phase2_size(acceptors) > acceptors,
        }
    }

    /// What chooses a value, as the panels say it: "a majority", "a phase-2 quorum (2 of 3)",
    /// "a phase-2 quorum (a column of the grid)".
    pub fn phase2_noun(&self, acceptors: usize) -> String {
        match *self {
            Quorums::Majority => "a majority".to_string(),
            Quorums::Sizes { q2, .. } => format!("a phase-2 quorum ({q2} of {acceptors})"),
            Quorums::Grid { .. } => "a phase-2 quorum (a column of the grid)".to_string(),
        }
    }

    /// What a round waits for in phase 1: "a majority", "a phase-1 quorum (1 of 3)", "a phase-1
    /// quorum (a row of the grid)".
    pub fn phase1_noun(&self, acceptors: usize) -> String {
        match *self {
            Quorums::Majority => "a majority".to_string(),
            Quorums::Sizes { q1, .. } => format!("a phase-1 quorum ({q1} of {acceptors})"),
            Quorums::Grid { .. } => "a phase-1 quorum (a row of the grid)".to_string(),
        }
    }

    /// "q1 = 2, q2 = 2", "a 2 × 2 grid", "majorities".
    pub fn describe(&self) -> String {
        match *self {
            Quorums::Majority => "majorities".to_string(),
            Quorums::Sizes { q1, q2 } => format!("q1 = {q1}, q2 = {q2}"),
            Quorums::Grid { rows, columns } => format!("a {rows} × {columns} grid"),
        }
    }
}

fn acceptor(i: usize) -> NodeId {
    NodeId::acceptor(i)
}

/// Every set of `size` acceptors of `n`, in order.
pub fn subsets(n: usize, size: usize) -> Vec<Vec<NodeId>> {
    (0u32..1 << n)
        .filter(|bits| bits.count_ones() as usize == size)
        .map(|bits| {
            (0..n)
                .filter(|i| bits & (1 << i) != 0)
                .map(acceptor)
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_and_columns_of_a_grid() {
        let g = Quorums::Grid {
            rows: 2,
            columns: 2,
        };
        let row = [acceptor(2), acceptor(3)];
        let column = [acceptor(1), acceptor(3)];
        assert!(g.phase1(4, row.iter().copied()) && !g.phase2(4, row.iter().copied()));
        assert!(g.phase2(4, column.iter().copied()) && !g.phase1(4, column.iter().copied()));
        assert_eq!(
            g.phase1_quorums(4),
            vec![vec![acceptor(0), acceptor(1)], row.to_vec()]
        );
        assert!(g.intersect(4));
    }

    #[test]
    fn sizes_intersect_when_they_add_up_to_more_than_n() {
        assert!(Quorums::Sizes { q1: 3, q2: 2 }.intersect(4));
        assert!(!Quorums::Sizes { q1: 2, q2: 2 }.intersect(4));
        assert_eq!(
            Quorums::Sizes { q1: 0, q2: 2 }.validate(3),
            Err(QuorumsError(
                "q1 = 0: a quorum size is 1 to 3 (the acceptors)".into()
            ))
        );
        assert!(Quorums::Grid {
            rows: 2,
            columns: 2
        }
        .validate(5)
        .is_err());
    }
}
