//! A CORFU client's volatile state: what it is doing (lost in a crash) and which epoch it believes in.

use super::message::Page;
use super::node::NodeId;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Task {
    Idle,
    /// Appending `value`: waiting for a position from the sequencer.
    AwaitToken {
        value: String,
    },
    /// Writing `page` at `position` down the chain; `replica` is the next one to write.
    Writing {
        position: u64,
        epoch: u64,
        page: Page,
        replica: usize,
        /// Part of a hole fill (not an append).
        fill: bool,
    },
    /// Reading `position` from its chain's tail.
    Reading {
        position: u64,
    },
    /// Found `position` unwritten; fills it at `until` unless it gets written first.
    Waiting {
        position: u64,
        until: u64,
    },
    /// Filling: reading the chain's head to see whether a writer got that far.
    FillReadHead {
        position: u64,
    },
    /// Sealing the current epoch to install the next projection.
    Sealing {
        epoch: u64,
        waiting: BTreeSet<NodeId>,
        highest: Option<u64>,
        replace: Option<(NodeId, NodeId)>,
    },
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Client {
    pub task: Task,
    /// The projection epoch this client uses.
    pub epoch: u64,
    pub crashed: bool,
    /// The number of the client's latest request: only a reply carrying it counts (see
    /// [`super::message::Msg::answers`]). Numbers are never reused, not even after a crash (as if each
    /// carried the client's incarnation), so no answer to an earlier request can pass for a later one.
    #[serde(default)]
    pub request: u64,
    /// The fill under way follows a real wait (a read found the position unwritten and the reader
    /// waited `fill_after` for a writer), not a fill asked for at once.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub waited: bool,
    /// Positions whose token reached this client when the position was already written (filled
    /// before the client held it): a refusal of its write there is not a "late write".
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub written_before_token: BTreeSet<u64>,
}

impl Default for Client {
    fn default() -> Self {
        Client {
            task: Task::Idle,
            epoch: 0,
            crashed: false,
            request: 0,
            waited: false,
            written_before_token: BTreeSet::new(),
        }
    }
}
