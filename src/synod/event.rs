//! What happened in one step, as data. The transcript, the UI and the tests read these.

use super::acceptor::Ledger;
use super::liveness::Fix;
use super::message::{Msg, Phase, Round, Value, Vote};
use super::node::NodeId;
use crate::sim::NetEvent;
use serde::{Deserialize, Serialize};

/// Why a messenger was lost: the same for every protocol, so it lives with the network.
pub use crate::sim::LossCause;

/// Why a node took no notice of a message.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IgnoreReason {
    /// The leader is not (or no longer) running that round.
    NotCurrentRound { current: Option<Round> },
    /// The round already moved past the phase this message belongs to.
    PhaseOver,
    /// The sender is not in the round's quorum.
    NotInQuorum,
    /// This kind of node has no use for this kind of message.
    NotForMe,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "event")]
pub enum Event {
    /// A messenger left, arrived, was lost or was delayed (the kit's words, the same for every protocol).
    Net(NetEvent<NodeId, Msg>),
    Crashed {
        node: NodeId,
        /// The acceptor's ledger as it survives the crash (`None` for a leader).
        kept: Option<Ledger>,
        /// The ledger was wiped (the broken amnesia variant).
        forgot: bool,
        abandoned_round: Option<Round>,
    },
    Recovered {
        node: NodeId,
        kept: Option<Ledger>,
        /// The ledger was wiped in the crash (the broken amnesia variant): it is back blank.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        forgot: bool,
    },
    RoundStarted {
        leader: NodeId,
        round: Round,
        quorum: Vec<NodeId>,
    },
    Promised {
        acceptor: NodeId,
        leader: NodeId,
        round: Round,
        previous: Option<Round>,
        reported: Option<Vote>,
    },
    Refused {
        acceptor: NodeId,
        leader: NodeId,
        phase: Phase,
        round: Round,
        promised: Round,
    },
    Accepted {
        acceptor: NodeId,
        leader: NodeId,
        round: Round,
        value: Value,
    },
    PromiseCounted {
        leader: NodeId,
        acceptor: NodeId,
        round: Round,
        have: usize,
        need: usize,
        duplicate: bool,
    },
    Proposed {
        leader: NodeId,
        round: Round,
        value: Value,
        /// The acceptor whose report forced the value (highest round reported), if any.
        forced_by: Option<(NodeId, Vote)>,
    },
    AcceptCounted {
        leader: NodeId,
        acceptor: NodeId,
        round: Round,
        have: usize,
        need: usize,
        duplicate: bool,
    },
    Decided {
        leader: NodeId,
        round: Round,
        value: Value,
    },
    Learned {
        node: NodeId,
        value: Value,
        /// What the node had already decided, if anything (a different value only in broken variants).
        previous: Option<Value>,
    },
    Preempted {
        leader: NodeId,
        acceptor: NodeId,
        round: Round,
        higher: Round,
    },
    Ignored {
        node: NodeId,
        from: NodeId,
        msg: Msg,
        why: IgnoreReason,
    },
    /// A leader's round did not finish in time; it starts a higher one.
    TimedOut {
        leader: NodeId,
        round: Round,
    },
    /// A preempted leader waits before trying again.
    BacksOff {
        leader: NodeId,
        until: u64,
    },
    FixSwitched {
        fix: Fix,
        on: bool,
    },
    /// The failure detector suspects every lower-numbered leader: this one takes the lead.
    TakesOver {
        leader: NodeId,
        suspects: Vec<NodeId>,
    },
    /// It heard from a lower-numbered leader again and stops starting rounds.
    StandsDown {
        leader: NodeId,
        defers_to: NodeId,
    },
}

impl From<NetEvent<NodeId, Msg>> for Event {
    fn from(e: NetEvent<NodeId, Msg>) -> Event {
        Event::Net(e)
    }
}
