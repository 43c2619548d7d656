//! Liveness: leader timers, the dueling-leaders livelock, and its fixes.
//!
//! Safety never depends on timing, but termination does: by FLP (Fischer, Lynch, Paterson 1985) no
//! deterministic protocol can guarantee a decision in an asynchronous network. Two leaders that keep
//! preempting each other ("Leader 1: prepare 1 … Leader 2: prepare 2 … Leader 1: propose 1 — aborted …
//! prepare 3 …") never finish. Real systems strengthen the assumptions:
//! - **randomised backoff**: a preempted leader waits a random time before retrying;
//! - **adaptive timeouts** (*Paxos Made Moderately Complex*, §3's leader backoff): the wait grows each time
//!   a leader is preempted and shrinks after success;
//! - **leader selection**: leaders send heartbeats; a failure detector suspects a leader it has not
//!   heard from for a while; only the lowest-numbered leader believed alive starts rounds (Ω, Chandra
//!   and Toueg). A wrong suspicion (delayed heartbeats) lets two leaders duel until it settles.
//!
//! Timers are events in the world, on the logical clock: `tick` fires the next one when it is due before
//! every messenger.

use super::message::Round;
use super::node::NodeId;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::Arc;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fix {
    Backoff,
    AdaptiveTimeouts,
    LeaderSelection,
}

impl Fix {
    pub const ALL: [Fix; 3] = [Fix::Backoff, Fix::AdaptiveTimeouts, Fix::LeaderSelection];

    pub fn title(self) -> &'static str {
        match self {
            Fix::Backoff => "Randomised backoff",
            Fix::AdaptiveTimeouts => "Adaptive timeouts",
            Fix::LeaderSelection => "Leader selection",
        }
    }
}

impl fmt::Display for Fix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.title())
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Fixes {
    pub backoff: bool,
    pub adaptive_timeouts: bool,
    pub leader_selection: bool,
}

impl Fixes {
    pub fn get(&self, fix: Fix) -> bool {
        match fix {
            Fix::Backoff => self.backoff,
            Fix::AdaptiveTimeouts => self.adaptive_timeouts,
            Fix::LeaderSelection => self.leader_selection,
        }
    }

    pub fn set(&mut self, fix: Fix, on: bool) {
        match fix {
            Fix::Backoff => self.backoff = on,
            Fix::AdaptiveTimeouts => self.adaptive_timeouts = on,
            Fix::LeaderSelection => self.leader_selection = on,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimerKind {
    /// The round has had its time: if it has not finished, start a higher one.
    RoundTimeout { round: Round },
    /// A preempted leader's wait is over: try again.
    Retry,
    /// Time to tell the other leaders "still here" (leader selection).
    Heartbeat,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Timer {
    pub id: u64,
    pub leader: NodeId,
    pub due: u64,
    pub kind: TimerKind,
}

/// One leader's round was cut short by a higher one.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Preemption {
    pub at: u64,
    pub leader: NodeId,
    pub round: Round,
    pub by: Round,
}

/// What each leader's timing and failure detector hold (volatile: reset by a crash).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct LeaderTiming {
    /// The wait before retrying (grows under adaptive timeouts).
    pub timeout: u64,
    /// Rounds this leader started by itself (rotates its quorum).
    pub attempts: u64,
    /// When it last heard a heartbeat from each leader (itself included, always "now").
    pub heard: Vec<u64>,
    /// Whether it currently believes it is the leader (leader selection).
    pub leading: bool,
}

/// The liveness side of the world: timers, fixes, and the livelock instrumentation.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Liveness {
    pub timers: Vec<Timer>,
    pub next_timer: u64,
    pub fixes: Fixes,
    /// Shared between worlds until a step changes them: a round start or a decision changes the rest
    /// of the record but leaves the timings alone unless timers run.
    pub leaders: Arc<Vec<LeaderTiming>>,
    /// Rounds started since the last decision (or since the start).
    pub rounds_since_decision: u64,
    /// Which round preempted which.
    pub preemptions: Vec<Preemption>,
    /// (time, leader, round) of every round started, for the chart.
    pub round_starts: Vec<(u64, NodeId, Round)>,
    /// When a leader last decided (0 before any decision): a livelock makes no progress.
    pub last_progress: u64,
}

impl Liveness {
    pub fn new(leaders: usize, timeout: u64) -> Liveness {
        Liveness {
            leaders: Arc::new(
                (0..leaders)
                    .map(|_| LeaderTiming {
                        timeout,
                        attempts: 0,
                        heard: vec![0; leaders],
                        leading: false,
                    })
                    .collect(),
            ),
            ..Liveness::default()
        }
    }

    pub fn add_timer(&mut self, leader: NodeId, due: u64, kind: TimerKind) {
        self.next_timer += 1;
        self.timers.push(Timer {
            id: self.next_timer,
            leader,
            due,
            kind,
        });
    }

    /// The timer `tick` fires next: earliest due, then oldest.
    pub fn next_timer(&self) -> Option<&Timer> {
        self.timers.iter().min_by_key(|t| (t.due, t.id))
    }

    pub fn take_timer(&mut self, id: u64) -> Option<Timer> {
        let i = self.timers.iter().position(|t| t.id == id)?;
        Some(self.timers.remove(i))
    }

    /// The leader's timer of this kind, if one is set (for the countdown on the podium).
    pub fn timer_of(&self, leader: NodeId) -> Option<&Timer> {
        self.timers
            .iter()
            .filter(|t| t.leader == leader && t.kind != TimerKind::Heartbeat)
            .min_by_key(|t| t.due)
    }
}
