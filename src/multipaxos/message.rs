//! What travels between canteens, leaders and acceptors (PMMC §2, Figure 1 and the message types of
//! §3): requests and responses, proposals and decisions, and the two phases' p1a/p1b and p2a/p2b.

use super::node::NodeId;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A slot: a day of the week (slot 1 is Monday).
pub type Slot = u64;

/// The day a slot stands for: Monday..Sunday, then "day 8" and on.
pub fn day(slot: Slot) -> String {
    const DAYS: [&str; 7] = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    match slot.checked_sub(1).and_then(|i| DAYS.get(i as usize)) {
        Some(d) => (*d).to_string(),
        None => format!("day {slot}"),
    }
}

/// A client's command (PMMC's ⟨κ, cid, operation⟩): who orders, the order's number, and the dish.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Order {
    pub client: NodeId,
    pub number: u32,
    pub dish: String,
}

impl fmt::Display for Order {
    /// "Pizza (C1 #1)".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({} #{})", self.dish, self.client, self.number)
    }
}

/// A ballot: a round and the leader that owns it, ordered by round, then leader (PMMC §3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Ballot {
    pub round: u64,
    pub leader: NodeId,
}

impl fmt::Display for Ballot {
    /// "(3, L1)".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "({}, {})", self.round, self.leader)
    }
}

/// A pvalue ⟨ballot, slot, order⟩: what an acceptor accepted.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct PValue {
    pub ballot: Ballot,
    pub slot: Slot,
    pub order: Order,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum Msg {
    /// Client → every replica.
    Request { order: Order },
    /// Replica → client, once the order is served.
    Response { order: Order },
    /// Replica → every leader.
    Propose { slot: Slot, order: Order },
    /// A leader's commander → every replica (or a replica → a replica catching up).
    Decision { slot: Slot, order: Order },
    /// A scout → acceptor: join `ballot`, and say what you have accepted.
    P1a { ballot: Ballot },
    /// Acceptor → the scout of ballot `scout`: my ballot now, and every pvalue I accepted.
    P1b {
        scout: Ballot,
        ballot: Ballot,
        accepted: Vec<PValue>,
    },
    /// A commander → acceptor: accept this pvalue.
    P2a { pvalue: PValue },
    /// Acceptor → the commander of (`pvalue_ballot`, `slot`): my ballot now.
    P2b {
        pvalue_ballot: Ballot,
        slot: Slot,
        ballot: Ballot,
    },
    /// A recovered replica → another replica: send me what was decided from `from` on (not in PMMC,
    /// whose channels are reliable; ours lose messengers heading to a crashed canteen).
    CatchUp { from: Slot },
}

impl Msg {
    /// The message's kind, for scripts and the page ("p2a").
    pub fn kind(&self) -> &'static str {
        match self {
            Msg::Request { .. } => "request",
            Msg::Response { .. } => "response",
            Msg::Propose { .. } => "propose",
            Msg::Decision { .. } => "decision",
            Msg::P1a { .. } => "p1a",
            Msg::P1b { .. } => "p1b",
            Msg::P2a { .. } => "p2a",
            Msg::P2b { .. } => "p2b",
            Msg::CatchUp { .. } => "catch_up",
        }
    }

    /// The slot the message is about, if any.
    pub fn slot(&self) -> Option<Slot> {
        match self {
            Msg::Propose { slot, .. } | Msg::Decision { slot, .. } | Msg::P2b { slot, .. } => {
                Some(*slot)
            }
            Msg::P2a { pvalue } => Some(pvalue.slot),
            _ => None,
        }
    }

    /// A short label for the transcript and the messenger ("p2a: Pizza for Tuesday in (3, L1)").
    pub fn label(&self) -> String {
        match self {
            Msg::Request { order } => format!("order {order}"),
            Msg::Response { order } => format!("served {order}"),
            Msg::Propose { slot, order } => format!("propose {order} for {}", day(*slot)),
            Msg::Decision { slot, order } => format!("decided {order} for {}", day(*slot)),
            Msg::P1a { ballot } => format!("p1a: ballot {ballot}"),
            Msg::P1b {
                ballot, accepted, ..
            } => format!("p1b: ballot {ballot}, {} accepted", accepted.len()),
            Msg::P2a { pvalue } => format!(
                "p2a: {} for {} in {}",
                pvalue.order.dish,
                day(pvalue.slot),
                pvalue.ballot
            ),
            Msg::P2b { slot, ballot, .. } => format!("p2b: {} in {ballot}", day(*slot)),
            Msg::CatchUp { from } => format!("catch up from {}", day(*from)),
        }
    }
}
