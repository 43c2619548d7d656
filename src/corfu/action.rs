//! Everything a user can do to the CORFU world is one `Action`.

use super::node::NodeId;
use super::world::Corfu;
use crate::sim::Protocol;
use crate::sim::{FaultError, MessengerId};
use serde::{Deserialize, Serialize};
use std::fmt;

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
    /// A client appends a value: token, then the chain.
    Append {
        client: NodeId,
        value: String,
    },
    /// A client reads a position from its chain's tail.
    Read {
        client: NodeId,
        position: u64,
    },
    /// A client fills a position now (without waiting).
    Fill {
        client: NodeId,
        position: u64,
    },
    /// A client seals the current epoch and installs the next projection, optionally replacing a unit.
    Reconfigure {
        client: NodeId,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        replace: Option<(NodeId, NodeId)>,
    },
    /// Trims every position below `upto`.
    Trim {
        upto: u64,
    },
    /// Deliver the next due messenger, or fire the next timer if it is due first.
    Tick,
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Action::Append { client, value } => write!(f, "{client} appends “{value}”"),
            Action::Read { client, position } => write!(f, "{client} reads {position}"),
            Action::Fill { client, position } => write!(f, "{client} fills {position}"),
            Action::Reconfigure { client, replace } => match replace {
                Some((old, new)) => write!(f, "{client} reconfigures, replacing {old} with {new}"),
                None => write!(f, "{client} reconfigures"),
            },
            Action::Trim { upto } => write!(f, "trim below {upto}"),
            fault => write!(f, "{}", <Corfu as Protocol>::verb(fault)),
        }
    }
}

/// Why an action cannot be applied. The world is unchanged when one is returned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ActionError {
    /// A fault verb refused by the kit (unknown node, messenger not in flight, nothing due, ...).
    Fault(FaultError<NodeId>),
    /// A command refused by CORFU's rules ("C1 is busy: let it finish first").
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
