//! CORFU's messages and page contents.

use serde::{Deserialize, Serialize};
use std::fmt;

/// What a written page holds.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Page {
    /// An entry appended by a client.
    Data {
        client: super::node::NodeId,
        value: String,
    },
    /// Written by a filler so the log can move past a hole.
    Junk,
}

impl fmt::Display for Page {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Page::Data { client, value } => write!(f, "“{value}” ({client})"),
            Page::Junk => write!(f, "junk"),
        }
    }
}

/// Why a storage unit refused a request: errors are values in messages, never panics.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitError {
    Unwritten,
    /// The page is already written (with this).
    Overwritten(Page),
    /// The unit is sealed at this epoch: the request's epoch is older.
    Sealed(u64),
    Trimmed,
}

impl fmt::Display for UnitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UnitError::Unwritten => write!(f, "unwritten"),
            UnitError::Overwritten(p) => write!(f, "already written ({p})"),
            UnitError::Sealed(e) => write!(f, "sealed (epoch {e})"),
            UnitError::Trimmed => write!(f, "trimmed"),
        }
    }
}

/// Every request a client sends carries a fresh number (`request`), and the answer carries it back:
/// a client takes a reply only as the answer to the request it is waiting for, never a late or
/// duplicated answer to an earlier one (an earlier replica, a retry, the fill before this append).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Msg {
    /// Client → sequencer: "next position, please".
    TokenRequest {
        request: u64,
    },
    Token {
        position: u64,
        epoch: u64,
        request: u64,
    },
    /// The sequencer lost its tail in a crash and must be rebuilt by a reconfiguration.
    NoToken {
        request: u64,
    },
    Write {
        position: u64,
        epoch: u64,
        page: Page,
        request: u64,
    },
    Written {
        position: u64,
        page: Page,
        request: u64,
    },
    WriteRefused {
        position: u64,
        why: UnitError,
        request: u64,
    },
    Read {
        position: u64,
        epoch: u64,
        request: u64,
    },
    ReadOk {
        position: u64,
        page: Page,
        request: u64,
    },
    ReadRefused {
        position: u64,
        why: UnitError,
        request: u64,
    },
    Seal {
        epoch: u64,
        request: u64,
    },
    /// A sealed unit's answer: its highest written position.
    SealAck {
        epoch: u64,
        highest: Option<u64>,
        request: u64,
    },
    /// Reconfigurer → sequencer: the new epoch and where the log's tail is.
    Rebuild {
        epoch: u64,
        tail: u64,
    },
}

impl Msg {
    pub fn label(&self) -> String {
        match self {
            Msg::TokenRequest { .. } => "token?".into(),
            Msg::Token {
                position, epoch, ..
            } => format!("token {position} · e{epoch}"),
            Msg::NoToken { .. } => "no token".into(),
            Msg::Write { position, page, .. } => format!("write {position}: {page}"),
            Msg::Written { position, .. } => format!("written {position}"),
            Msg::WriteRefused { position, why, .. } => format!("refused {position}: {why}"),
            Msg::Read { position, .. } => format!("read {position}"),
            Msg::ReadOk { position, page, .. } => format!("{position} = {page}"),
            Msg::ReadRefused { position, why, .. } => format!("{position}: {why}"),
            Msg::Seal { epoch, .. } => format!("seal e{epoch}"),
            Msg::SealAck { highest, .. } => match highest {
                Some(h) => format!("sealed · highest {h}"),
                None => "sealed · empty".into(),
            },
            Msg::Rebuild { epoch, tail } => format!("rebuild e{epoch} · tail {tail}"),
        }
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Msg::TokenRequest { .. } => "token_request",
            Msg::Token { .. } => "token",
            Msg::NoToken { .. } => "no_token",
            Msg::Write { .. } => "write",
            Msg::Written { .. } => "written",
            Msg::WriteRefused { .. } => "write_refused",
            Msg::Read { .. } => "read",
            Msg::ReadOk { .. } => "read_ok",
            Msg::ReadRefused { .. } => "read_refused",
            Msg::Seal { .. } => "seal",
            Msg::SealAck { .. } => "seal_ack",
            Msg::Rebuild { .. } => "rebuild",
        }
    }

    /// The number of the request this reply answers; `None` for a request.
    pub fn answers(&self) -> Option<u64> {
        match self {
            Msg::Token { request, .. }
            | Msg::NoToken { request }
            | Msg::Written { request, .. }
            | Msg::WriteRefused { request, .. }
            | Msg::ReadOk { request, .. }
            | Msg::ReadRefused { request, .. }
            | Msg::SealAck { request, .. } => Some(*request),
            Msg::TokenRequest { .. }
            | Msg::Write { .. }
            | Msg::Read { .. }
            | Msg::Seal { .. }
            | Msg::Rebuild { .. } => None,
        }
    }
}
