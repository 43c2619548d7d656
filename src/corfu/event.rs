//! What happened in one CORFU step, as data.

use super::message::{Msg, Page, UnitError};
use super::node::NodeId;
use crate::sim::NetEvent;
use serde::{Deserialize, Serialize};

/// What a crashed client left of the position it held, when that is not a hole.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Unfinished {
    pub position: u64,
    /// Its write to the head is still on the way (it may yet land, or be lost and leave a hole).
    pub in_flight: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "event")]
pub enum Event {
    /// A messenger left, arrived, was lost or was delayed (the kit's words, the same for every protocol).
    Net(NetEvent<NodeId, Msg>),
    /// A crash. For a client that held a position: `hole` names it when nothing of it is written and
    /// no write for it is in flight (nobody will ever write it); otherwise `unfinished` says what is left.
    Crashed {
        node: NodeId,
        hole: Option<u64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        unfinished: Option<Unfinished>,
    },
    Recovered {
        node: NodeId,
    },
    AppendStarted {
        client: NodeId,
        value: String,
    },
    GotToken {
        client: NodeId,
        position: u64,
        epoch: u64,
    },
    NoToken {
        client: NodeId,
    },
    WriteAccepted {
        unit: NodeId,
        client: NodeId,
        position: u64,
        page: Page,
    },
    WriteRefused {
        unit: NodeId,
        client: NodeId,
        position: u64,
        why: UnitError,
        filling: bool,
        /// The unit already holds exactly the page written (a retry, or a chain someone else completed).
        #[serde(default)]
        same: bool,
        /// The position was already written when the writer got its token: not a late write, the
        /// position was filled (or written) before the writer ever held it.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        before_token: bool,
    },
    Appended {
        client: NodeId,
        position: u64,
        value: String,
    },
    ReadStarted {
        client: NodeId,
        position: u64,
        unit: NodeId,
    },
    ReadDone {
        client: NodeId,
        position: u64,
        page: Page,
    },
    ReadFailed {
        client: NodeId,
        position: u64,
        why: UnitError,
    },
    Waits {
        client: NodeId,
        position: u64,
        until: u64,
    },
    FillStarted {
        client: NodeId,
        position: u64,
    },
    Filled {
        client: NodeId,
        position: u64,
        page: Page,
        /// The filler waited for a writer first (it had read the position unwritten).
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        waited: bool,
    },
    /// Nothing came back in time: the client tries its step again.
    Retries {
        client: NodeId,
    },
    Refreshed {
        client: NodeId,
        epoch: u64,
    },
    SealStarted {
        client: NodeId,
        epoch: u64,
        replace: Option<(NodeId, NodeId)>,
    },
    /// Another client installed `epoch` first: this one's reconfiguration ends.
    Outpaced {
        client: NodeId,
        epoch: u64,
    },
    SealAnswered {
        unit: NodeId,
        epoch: u64,
        highest: Option<u64>,
    },
    Reconfigured {
        epoch: u64,
        chains: Vec<Vec<NodeId>>,
        copied: Option<(NodeId, NodeId)>,
        tail: u64,
    },
    Rebuilt {
        epoch: u64,
        tail: u64,
    },
    Trimmed {
        upto: u64,
    },
    Ignored {
        node: NodeId,
        from: NodeId,
        msg: Msg,
    },
    /// A reader found `position` unwritten at or past the log's tail (`tail`, the sequencer's next
    /// position): nobody has been given it, so it is no hole and the reader does not fill it. (Last
    /// of the variants, so the trace digests of earlier runs stay the same.)
    BeyondTail {
        client: NodeId,
        position: u64,
        tail: u64,
    },
    /// A unit of the broken `overwrite` variant replaced `old` at `position` with `page` (a correct
    /// unit refuses such a write as "overwritten").
    Overwrote {
        unit: NodeId,
        client: NodeId,
        position: u64,
        old: Page,
        page: Page,
    },
}

impl From<NetEvent<NodeId, Msg>> for Event {
    fn from(e: NetEvent<NodeId, Msg>) -> Event {
        Event::Net(e)
    }
}
