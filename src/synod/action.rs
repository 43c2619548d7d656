//! Everything a user (or a script, or the checker) can do to the synod world is one `Action`.
//! Faults are actions too: drop, duplicate and delay a messenger; crash and recover a node.

use super::liveness::Fix;
use super::message::Round;
use super::node::NodeId;
use super::world::Synod;
use crate::sim::Protocol;
use crate::sim::{FaultError, MessengerId};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The longest voyage one `delay` may add, in logical time units (the kit's, the same on every tab).
pub use crate::sim::MAX_DELAY;
/// Named round numbers stay below this, so arithmetic on rounds never overflows.
pub const MAX_ROUND: Round = 1_000_000_000_000;

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Action {
    /// Deliver this messenger now, whatever its due time.
    Deliver(MessengerId),
    /// The messenger never arrives.
    Drop(MessengerId),
    /// A second messenger sets off with the same message.
    Duplicate(MessengerId),
    /// Send the messenger on a longer voyage.
    Delay {
        id: MessengerId,
        by: u64,
    },
    Crash(NodeId),
    Recover(NodeId),
    /// `leader` starts a round with this quorum; `round` names the number (else the leader's next).
    StartRound {
        leader: NodeId,
        quorum: Vec<NodeId>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        round: Option<Round>,
        /// A new lunch preference for the leader, from this round on.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        dish: Option<String>,
    },
    /// Let time pass: deliver the next due messenger, or fire the next timer if it is due first.
    Tick,
    /// Switch a livelock fix on or off, mid-run.
    Fix {
        fix: Fix,
        on: bool,
    },
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Action::StartRound {
                leader,
                quorum,
                round,
                dish,
            } => {
                let q: Vec<String> = quorum.iter().map(|n| n.to_string()).collect();
                match round {
                    Some(r) => write!(f, "{leader} starts round {r} with {}", q.join(", "))?,
                    None => write!(f, "{leader} starts a round with {}", q.join(", "))?,
                }
                match dish {
                    Some(d) => write!(f, ", wanting {d}"),
                    None => Ok(()),
                }
            }
            Action::Fix { fix, on } => {
                write!(f, "{} {fix}", if *on { "switch on" } else { "switch off" })
            }
            fault => write!(f, "{}", <Synod as Protocol>::verb(fault)),
        }
    }
}

/// Why an action cannot be applied. The world is unchanged when one is returned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ActionError {
    /// A fault verb refused by the kit (unknown node, messenger not in flight, nothing due, ...).
    Fault(FaultError<NodeId>),
    NotALeader(NodeId),
    NotAnAcceptor(NodeId),
    Crashed(NodeId),
    EmptyQuorum,
    RepeatedInQuorum(NodeId),
    NotAMajority {
        size: usize,
        acceptors: usize,
    },
    /// Under a flexible quorum system: the set does not contain a phase-1 quorum.
    NotAQuorum {
        quorums: String,
    },
    RoundZero,
    RoundTooLarge(Round),
    RoundTaken {
        round: Round,
        by: NodeId,
    },
    BadDish(String),
}

impl fmt::Display for ActionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ActionError::Fault(e) => write!(f, "{e}"),
            ActionError::NotALeader(n) => {
                write!(f, "{n} is not a leader: only L1..L3 start rounds")
            }
            ActionError::NotAnAcceptor(n) => {
                write!(f, "{n} is not an acceptor: a quorum is made of acceptors")
            }
            ActionError::Crashed(n) => write!(f, "{n} is crashed: recover it first"),
            ActionError::EmptyQuorum => write!(f, "a round needs a quorum of acceptors"),
            ActionError::RepeatedInQuorum(n) => write!(f, "{n} appears twice in the quorum"),
            ActionError::NotAMajority { size, acceptors } => write!(
                f,
                "a quorum of {size} is not a majority of {acceptors} acceptors (need {})",
                acceptors / 2 + 1
            ),
            ActionError::NotAQuorum { quorums } => {
                write!(f, "that set is not a phase-1 quorum ({quorums})")
            }
            ActionError::RoundZero => write!(f, "round numbers start at 1"),
            ActionError::RoundTooLarge(r) => {
                write!(f, "round {r} is too large (at most {MAX_ROUND})")
            }
            ActionError::RoundTaken { round, by } => write!(
                f,
                "round {round} was already used by {by}: round numbers are unique"
            ),
            ActionError::BadDish(why) => write!(f, "{why}"),
        }
    }
}

impl std::error::Error for ActionError {}

impl From<FaultError<NodeId>> for ActionError {
    fn from(e: FaultError<NodeId>) -> ActionError {
        ActionError::Fault(e)
    }
}
