//! A parliament's configuration for Multi-Paxos: how many clients, replicas (canteens), leaders and
//! acceptors, the replicas' WINDOW (PMMC §3.1), messenger latency, the leaders' timing and the seed.

use crate::synod::Latency;
use serde::{Deserialize, Serialize};
use std::fmt;

pub const MAX_WINDOW: u64 = 20;
pub const MAX_TIMEOUT: u64 = 10_000;

/// How leaders act by themselves (PMMC §3 "Liveness" and §4.1's leader backoff).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Timing {
    /// Leaders start ballots by themselves (a passive leader that gets a proposal, a preempted one).
    #[serde(default)]
    pub auto: bool,
    /// A preempted leader waits before trying again, longer after each preemption (else at once).
    #[serde(default = "yes")]
    pub backoff: bool,
    /// The first wait, and the commanders' retransmission period.
    #[serde(default = "twenty")]
    pub timeout: u64,
}

fn yes() -> bool {
    true
}

fn twenty() -> u64 {
    20
}

fn five() -> u64 {
    5
}

impl Default for Timing {
    fn default() -> Timing {
        Timing {
            auto: false,
            backoff: true,
            timeout: 20,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Clients (1 to 4).
    pub clients: usize,
    /// Replicas, the canteens (1 to 3).
    pub replicas: usize,
    /// Leaders (1 to 3).
    pub leaders: usize,
    /// Acceptors (1 to 5).
    pub acceptors: usize,
    /// How many slots past `slot_out` a replica may propose for (1 to 20).
    #[serde(default = "five")]
    pub window: u64,
    pub latency: Latency,
    #[serde(default)]
    pub timing: Timing,
    pub seed: u64,
    /// Correct Multi-Paxos, or a broken variant with one rule removed (absent in files of correct
    /// Multi-Paxos).
    #[serde(default, skip_serializing_if = "Variant::is_correct")]
    pub variant: Variant,
}

/// Correct Multi-Paxos, or a broken variant with one of PMMC's rules removed (the break-it lab): the
/// world runs the mutated rule, and the checker searches for the property it breaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Variant {
    #[default]
    Correct,
    /// A replica serves a decided slot as soon as it hears the decision, without waiting for the
    /// slots before it ([`super::replica`]).
    OutOfOrder,
    /// An acceptor accepts a p2a whose ballot is below its own ([`super::acceptor`]).
    OldBallot,
}

impl Variant {
    /// Every variant: correct Multi-Paxos first, then each with one rule removed.
    pub const ALL: [Variant; 3] = [Variant::Correct, Variant::OutOfOrder, Variant::OldBallot];

    /// The snake_case name used in scenario files and on the CLI.
    pub fn name(self) -> &'static str {
        match self {
            Variant::Correct => "correct",
            Variant::OutOfOrder => "out_of_order",
            Variant::OldBallot => "old_ballot",
        }
    }

    /// The rule this variant removes, in one sentence (empty for correct Multi-Paxos).
    pub fn removed_rule(self) -> &'static str {
        match self {
            Variant::Correct => "",
            Variant::OutOfOrder => {
                "a canteen serves the decided days strictly in order, never a day before the days before it"
            }
            Variant::OldBallot => {
                "an acceptor accepts a proposal only in its own ballot, never in one below it"
            }
        }
    }

    pub fn is_correct(&self) -> bool {
        *self == Variant::Correct
    }
}

impl Config {
    /// The lecture's default: 3 clients, 2 canteens, 2 leaders, 3 acceptors, manual leaders.
    pub fn new(seed: u64) -> Config {
        Config {
            clients: 3,
            replicas: 2,
            leaders: 2,
            acceptors: 3,
            window: 5,
            latency: Latency { min: 1, max: 3 },
            timing: Timing::default(),
            seed,
            variant: Variant::Correct,
        }
    }

    pub fn validate(&self) -> Result<(), ConfigError> {
        let bad = |why: String| Err(ConfigError(why));
        let range = |what: &str, n: usize, hi: usize| {
            if (1..=hi).contains(&n) {
                Ok(())
            } else {
                Err(ConfigError(format!(
                    "{n} {what} is out of range: choose 1 to {hi}"
                )))
            }
        };
        range("clients", self.clients, 4)?;
        range("replicas", self.replicas, 3)?;
        range("leaders", self.leaders, 3)?;
        range("acceptors", self.acceptors, 5)?;
        if !(1..=MAX_WINDOW).contains(&self.window) {
            return bad(format!(
                "a window of {} is out of range: choose 1 to {MAX_WINDOW}",
                self.window
            ));
        }
        let Latency { min, max } = self.latency;
        if min == 0 || min > max || max > crate::synod::config::MAX_LATENCY {
            return bad(format!(
                "latency {min}..{max} is not allowed: need 1 <= min <= max <= 1000"
            ));
        }
        if self.timing.timeout == 0 || self.timing.timeout > MAX_TIMEOUT {
            return bad(format!(
                "timeout {} is out of range: choose 1 to {MAX_TIMEOUT}",
                self.timing.timeout
            ));
        }
        Ok(())
    }

    /// How many acceptors make a majority.
    pub fn majority(&self) -> usize {
        self.acceptors / 2 + 1
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError(pub String);

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
