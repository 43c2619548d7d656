//! CORFU's nodes: the sequencer `S`, storage units `U1..`, clients `C1..`.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum NodeId {
    Sequencer,
    Unit(u8),
    Client(u8),
}

impl NodeId {
    pub fn index(self) -> usize {
        match self {
            NodeId::Sequencer => 0,
            NodeId::Unit(i) | NodeId::Client(i) => usize::from(i).saturating_sub(1),
        }
    }

    pub fn unit(index: usize) -> NodeId {
        NodeId::Unit(u8::try_from(index + 1).unwrap_or(u8::MAX))
    }

    pub fn client(index: usize) -> NodeId {
        NodeId::Client(u8::try_from(index + 1).unwrap_or(u8::MAX))
    }
}

impl fmt::Display for NodeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NodeId::Sequencer => write!(f, "S"),
            NodeId::Unit(i) => write!(f, "U{i}"),
            NodeId::Client(i) => write!(f, "C{i}"),
        }
    }
}

impl FromStr for NodeId {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || format!("'{s}' is not a CORFU node name (expected S, U1..U9 or C1..C4)");
        if s.eq_ignore_ascii_case("S") {
            return Ok(NodeId::Sequencer);
        }
        match crate::sim::node_name::parse(s) {
            Some(('U', n)) => Ok(NodeId::Unit(n)),
            Some(('C', n)) => Ok(NodeId::Client(n)),
            _ => Err(bad()),
        }
    }
}

crate::node_name_strings!(NodeId);
