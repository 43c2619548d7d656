//! What happened in one Multi-Paxos step, as data (the transcript's words are in `transcript.rs`).

use super::message::{Ballot, Msg, Order, PValue, Slot};
use super::node::NodeId;
use crate::sim::NetEvent;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "event")]
pub enum Event {
    /// A messenger left, arrived, was lost or was delayed (the kit's words).
    Net(NetEvent<NodeId, Msg>),
    Crashed {
        node: NodeId,
    },
    Recovered {
        node: NodeId,
    },
    /// A client sends an order to every replica.
    Ordered {
        order: Order,
    },
    /// A client hears its order was served (the first answer only).
    Answered {
        client: NodeId,
        replica: NodeId,
        order: Order,
    },
    /// A replica proposes an order for a slot to every leader.
    Proposed {
        replica: NodeId,
        slot: Slot,
        order: Order,
    },
    /// A replica keeps an order waiting: every slot in its window is taken.
    WindowFull {
        replica: NodeId,
        order: Order,
        slot_out: Slot,
        window: u64,
    },
    /// A replica learns a slot went to another order than the one it proposed: it will propose its
    /// own again in a later slot.
    Displaced {
        replica: NodeId,
        slot: Slot,
        mine: Order,
        decided: Order,
        /// It will propose `mine` again (false: `mine` is already decided for another slot).
        again: bool,
    },
    /// A replica serves (performs) the order decided for a slot.
    Served {
        replica: NodeId,
        slot: Slot,
        order: Order,
    },
    /// A replica skips a slot whose order it already served in an earlier slot.
    Skipped {
        replica: NodeId,
        slot: Slot,
        order: Order,
        served_on: Slot,
    },
    /// A recovered replica asks the others what was decided from `from` on.
    CatchingUp {
        replica: NodeId,
        from: Slot,
    },
    /// A leader's scout starts phase 1 for `ballot`.
    ScoutStarted {
        leader: NodeId,
        ballot: Ballot,
    },
    /// An acceptor answers a p1a: its ballot (maybe higher than asked) and what it accepted.
    Promised {
        acceptor: NodeId,
        asked: Ballot,
        ballot: Ballot,
        accepted: Vec<PValue>,
    },
    /// A majority of acceptors joined the ballot: the leader takes, per slot, the order of the
    /// highest-ballot pvalue reported, and proposes its own for the other slots.
    Adopted {
        leader: NodeId,
        ballot: Ballot,
        reproposed: Vec<(Slot, Order)>,
        own: Vec<(Slot, Order)>,
    },
    /// A commander starts phase 2 for a pvalue.
    CommanderStarted {
        leader: NodeId,
        pvalue: PValue,
    },
    /// An acceptor answers a p2a: accepted if `ballot` is the pvalue's.
    Voted {
        acceptor: NodeId,
        pvalue: PValue,
        ballot: Ballot,
    },
    /// A commander heard a majority accept: the slot is decided.
    Decided {
        leader: NodeId,
        slot: Slot,
        order: Order,
        /// The slot was already decided (the same order, by an earlier commander).
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        again: bool,
    },
    /// A leader learns of a higher ballot from its scout or a commander.
    Preempted {
        leader: NodeId,
        ballot: Ballot,
        by: Ballot,
    },
    /// A preempted leader waits before it tries again (backoff).
    Waits {
        leader: NodeId,
        until: u64,
    },
    /// A commander that heard nothing back in time asks again.
    Retransmits {
        leader: NodeId,
        pvalue: PValue,
    },
    /// A message that meant nothing to its receiver (a p1b for a scout that is gone, ...).
    Ignored {
        node: NodeId,
        from: NodeId,
        msg: Msg,
    },
    AutoSwitched {
        on: bool,
        backoff: bool,
    },
    /// A commander heard a majority accept `order` for a slot already decided as `earlier`: two
    /// orders decided for one day (only in a broken variant). This and the next are the last of the
    /// variants, so the trace digests of earlier runs stay the same.
    DecidedDifferently {
        leader: NodeId,
        slot: Slot,
        order: Order,
        earlier: Order,
    },
    /// An acceptor of the broken `old_ballot` variant accepted `pvalue`, whose ballot is below its
    /// own `ballot`.
    VotedBelow {
        acceptor: NodeId,
        pvalue: PValue,
        ballot: Ballot,
    },
}

impl From<NetEvent<NodeId, Msg>> for Event {
    fn from(e: NetEvent<NodeId, Msg>) -> Event {
        Event::Net(e)
    }
}
