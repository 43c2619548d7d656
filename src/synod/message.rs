//! The synod's messages, as the slides name them.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A round (ballot) number. Round 0 means "none yet" and is never started.
pub type Round = u64;

/// A dish: what the parliament decides.
pub type Value = std::sync::Arc<str>;

/// An acceptor's vote: it accepted `value` in `round`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Vote {
    pub round: Round,
    pub value: Value,
}

impl fmt::Display for Vote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}@{}", self.value, self.round)
    }
}

/// Which phase a refused request belonged to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    Prepare,
    Propose,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Msg {
    /// Leader → quorum: "We now start round r. What do you feel like for lunch?"
    Prepare { round: Round },
    /// Acceptor → leader: gave up all rounds below `round`, and reports its last vote.
    Promise {
        round: Round,
        accepted: Option<Vote>,
    },
    /// Acceptor → leader: "No, I aborted since I'm now participating in round `promised`."
    Refuse {
        phase: Phase,
        round: Round,
        promised: Round,
    },
    /// Leader → quorum: "Let's try agree on `value` in round `round`."
    Propose { round: Round, value: Value },
    /// Acceptor → leader: "OK. Accept `value` in round `round`."
    Accepted { round: Round, value: Value },
    /// Leader → everyone: the value is chosen.
    Decided { value: Value },
    /// Leader → leaders: "still here" (leader selection's failure detector).
    Heartbeat,
}

impl Msg {
    /// The short label a messenger carries.
    pub fn label(&self) -> String {
        match self {
            Msg::Prepare { round } => format!("prepare {round}"),
            Msg::Promise {
                round,
                accepted: None,
            } => format!("promise {round}"),
            Msg::Promise {
                round,
                accepted: Some(v),
            } => format!("promise {round} · {v}"),
            Msg::Refuse {
                phase: Phase::Prepare,
                round,
                promised,
            } => format!("refuse prepare {round} · in round {promised}"),
            Msg::Refuse {
                phase: Phase::Propose,
                round,
                promised,
            } => format!("refuse propose {round} · in round {promised}"),
            Msg::Propose { round, value } => format!("propose {value}@{round}"),
            Msg::Accepted { round, value } => format!("accepted {value}@{round}"),
            Msg::Decided { value } => format!("decided {value}"),
            Msg::Heartbeat => "heartbeat".to_string(),
        }
    }

    /// The kind of message, for finding messengers in presets and tests.
    pub fn kind(&self) -> &'static str {
        match self {
            Msg::Prepare { .. } => "prepare",
            Msg::Promise { .. } => "promise",
            Msg::Refuse { .. } => "refuse",
            Msg::Propose { .. } => "propose",
            Msg::Accepted { .. } => "accepted",
            Msg::Decided { .. } => "decided",
            Msg::Heartbeat => "heartbeat",
        }
    }
}
