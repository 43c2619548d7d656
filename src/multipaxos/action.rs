//! Everything a user, a script or the checker can do to the Multi-Paxos world is one `Action`: the kit's
//! fault verbs, a client's order, a leader's ballot started by hand, and the leaders' auto mode.

use super::node::NodeId;
use super::world::MultiPaxos;
use crate::sim::Protocol;
use crate::sim::{FaultError, MessengerId};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Named rounds stay below this, so arithmetic on rounds never overflows.
pub const MAX_ROUND: u64 = 1_000_000_000_000;

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Action {
    Deliver(MessengerId),
    Drop(MessengerId),
    Duplicate(MessengerId),
    Delay {
        id: MessengerId,
        by: u64,
    },
    Crash(NodeId),
    Recover(NodeId),
    /// A client orders a dish: its request goes to every replica.
    Order {
        client: NodeId,
        dish: String,
    },
    /// A leader starts a ballot (its scout runs phase 1); `round` names it, else the next one above
    /// every ballot the leader has seen.
    StartBallot {
        leader: NodeId,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        round: Option<u64>,
    },
    /// Leaders act by themselves (`on`), waiting longer after each preemption (`backoff`).
    Auto {
        on: bool,
        backoff: bool,
    },
    /// Deliver the next due messenger, or fire the next timer if it is due first.
    Tick,
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Action::Order { client, dish } => write!(f, "{client} orders “{dish}”"),
            Action::StartBallot {
                leader,
                round: Some(r),
            } => write!(f, "{leader} starts ballot ({r}, {leader})"),
            Action::StartBallot {
                leader,
                round: None,
            } => write!(f, "{leader} starts a ballot"),
            Action::Auto { on, backoff } => write!(
                f,
                "leaders act by themselves: {}, backoff {}",
                if *on { "on" } else { "off" },
                if *backoff { "on" } else { "off" }
            ),
            fault => write!(f, "{}", <MultiPaxos as Protocol>::verb(fault)),
        }
    }
}

/// Why an action cannot be applied. The world is unchanged when one is returned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ActionError {
    Fault(FaultError<NodeId>),
    Refused(String),
}

impl fmt::Display for ActionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ActionError::Fault(e) => write!(f, "{e}"),
            ActionError::Refused(why) => f.write_str(why),
        }
    }
}

impl std::error::Error for ActionError {}

impl From<FaultError<NodeId>> for ActionError {
    fn from(e: FaultError<NodeId>) -> ActionError {
        ActionError::Fault(e)
    }
}
