//! What happened in one CORFU step, as data.

use super::message::{Msg, Page, UnitError};
use super::node::NodeId;
use crate::sim::MessengerId;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "event")]
pub enum Event {
    Sent {
        id: MessengerId,
        from: NodeId,
        to: NodeId,
        msg: Msg,
        due: u64,
        copy_of: Option<MessengerId>,
    },
    Delivered {
        id: MessengerId,
        from: NodeId,
        to: NodeId,
        msg: Msg,
    },
    Lost {
        id: MessengerId,
        from: NodeId,
        to: NodeId,
        msg: Msg,
        dropped: bool,
    },
    Delayed {
        id: MessengerId,
        from: NodeId,
        to: NodeId,
        msg: Msg,
        due: u64,
    },
    /// A crash; for a client holding an unwritten position, `hole` names it.
    Crashed {
        node: NodeId,
        hole: Option<u64>,
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
}
