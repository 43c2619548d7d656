//! Node names: acceptors `A1..An`, leaders `L1..Lk` (1-based, as on the slides).

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum NodeId {
    Acceptor(u8),
    Leader(u8),
}

impl NodeId {
    /// 0-based index into the world's acceptors or leaders.
    pub fn index(self) -> usize {
        match self {
            NodeId::Acceptor(i) | NodeId::Leader(i) => usize::from(i).saturating_sub(1),
        }
    }

    pub fn acceptor(index: usize) -> NodeId {
        NodeId::Acceptor(u8::try_from(index + 1).unwrap_or(u8::MAX))
    }

    pub fn leader(index: usize) -> NodeId {
        NodeId::Leader(u8::try_from(index + 1).unwrap_or(u8::MAX))
    }

    /// How the transcript names the node: "Acceptor 2", "Leader 1" (just "Leader" when there is one).
    pub fn speaker(self, leaders: usize) -> String {
        match self {
            NodeId::Acceptor(i) => format!("Acceptor {i}"),
            NodeId::Leader(_) if leaders == 1 => "Leader".to_string(),
            NodeId::Leader(i) => format!("Leader {i}"),
        }
    }
}

impl fmt::Display for NodeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NodeId::Acceptor(i) => write!(f, "A{i}"),
            NodeId::Leader(i) => write!(f, "L{i}"),
        }
    }
}

impl FromStr for NodeId {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || format!("'{s}' is not a node name (expected A1..A9 or L1..L3)");
        match crate::sim::node_name::parse(s) {
            Some(('A', n)) => Ok(NodeId::Acceptor(n)),
            Some(('L', n)) => Ok(NodeId::Leader(n)),
            _ => Err(bad()),
        }
    }
}

crate::node_name_strings!(NodeId);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_bad_names_are_errors() {
        for n in [NodeId::Acceptor(1), NodeId::Acceptor(9), NodeId::Leader(3)] {
            assert_eq!(n.to_string().parse::<NodeId>(), Ok(n));
        }
        for bad in [
            "",
            "A",
            "B1",
            "A0",
            "A-1",
            "A1x",
            "A256",
            "A99999999999",
            "Ä1",
        ] {
            assert!(bad.parse::<NodeId>().is_err(), "{bad}");
        }
        assert_eq!(NodeId::Leader(2).speaker(1), "Leader");
        assert_eq!(NodeId::Leader(2).speaker(2), "Leader 2");
        assert_eq!(NodeId::Acceptor(3).speaker(2), "Acceptor 3");
    }
}
