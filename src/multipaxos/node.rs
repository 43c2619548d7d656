//! Multi-Paxos's nodes: clients `C1..` (hungry colleagues), replicas `R1..` (canteens), leaders `L1..`
//! and acceptors `A1..`.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum NodeId {
    Client(u8),
    Replica(u8),
    Leader(u8),
    Acceptor(u8),
}

impl NodeId {
    /// The position in its role's list (`C1` is 0).
    pub fn index(self) -> usize {
        match self {
            NodeId::Client(i) | NodeId::Replica(i) | NodeId::Leader(i) | NodeId::Acceptor(i) => {
                usize::from(i).saturating_sub(1)
            }
        }
    }

    fn number(index: usize) -> u8 {
        u8::try_from(index + 1).unwrap_or(u8::MAX)
    }

    pub fn client(index: usize) -> NodeId {
        NodeId::Client(Self::number(index))
    }

    pub fn replica(index: usize) -> NodeId {
        NodeId::Replica(Self::number(index))
    }

    pub fn leader(index: usize) -> NodeId {
        NodeId::Leader(Self::number(index))
    }

    pub fn acceptor(index: usize) -> NodeId {
        NodeId::Acceptor(Self::number(index))
    }

    /// The node's name in the transcript: "C1", "Replica 2", "Leader 1", "Acceptor 3".
    pub fn spoken(self) -> String {
        match self {
            NodeId::Client(i) => format!("C{i}"),
            NodeId::Replica(i) => format!("Replica {i}"),
            NodeId::Leader(i) => format!("Leader {i}"),
            NodeId::Acceptor(i) => format!("Acceptor {i}"),
        }
    }
}

impl fmt::Display for NodeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NodeId::Client(i) => write!(f, "C{i}"),
            NodeId::Replica(i) => write!(f, "R{i}"),
            NodeId::Leader(i) => write!(f, "L{i}"),
            NodeId::Acceptor(i) => write!(f, "A{i}"),
        }
    }
}

impl FromStr for NodeId {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match crate::sim::node_name::parse(s) {
            Some(('C', n)) => Ok(NodeId::Client(n)),
            Some(('R', n)) => Ok(NodeId::Replica(n)),
            Some(('L', n)) => Ok(NodeId::Leader(n)),
            Some(('A', n)) => Ok(NodeId::Acceptor(n)),
            _ => Err(format!(
                "'{}' is not a Multi-Paxos node name (expected C1.., R1.., L1.. or A1..)",
                crate::scenario::file::shorten(s)
            )),
        }
    }
}

crate::node_name_strings!(NodeId);
