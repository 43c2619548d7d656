//! A world's configuration: who sits in the chamber, how slow the messengers are, and the seed.

use serde::{Deserialize, Serialize};
use std::fmt;

pub const ACCEPTORS: std::ops::RangeInclusive<usize> = 3..=9;
pub const LEADERS: std::ops::RangeInclusive<usize> = 1..=3;
/// Latencies are in logical time units; this bound keeps every sum far from overflow.
pub const MAX_LATENCY: u64 = 1_000;
pub const MAX_DISH_CHARS: usize = 40;

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Latency {
    pub min: u64,
    pub max: u64,
}

/// Correct Paxos, or a broken variant that the invariants must catch.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Variant {
    #[default]
    Correct,
    /// A crash wipes an acceptor's ledger (promise and accepted value are not on stable storage).
    Amnesia,
    /// Leaders may pick quorums that are not a majority, so two quorums need not intersect.
    MinorityQuorums,
}

/// How many promises (and acceptances) a leader waits for before it goes on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuorumRule {
    /// As on the slides: the leader polls a set it picks and waits until all of it has answered.
    #[default]
    WholeQuorum,
    /// As in Paxos Made Simple §2.2: the leader polls a set and goes on as soon as any majority of
    /// the acceptors has answered (it then proposes to those that promised).
    AnyMajority,
}

impl QuorumRule {
    pub const ALL: [QuorumRule; 2] = [QuorumRule::WholeQuorum, QuorumRule::AnyMajority];

    /// The snake_case name used in scenario files.
    pub fn name(self) -> &'static str {
        match self {
            QuorumRule::WholeQuorum => "whole_quorum",
            QuorumRule::AnyMajority => "any_majority",
        }
    }

    /// How the chamber says it: "leader waits for its whole quorum (as on the slides)".
    pub fn describe(self) -> &'static str {
        match self {
            QuorumRule::WholeQuorum => "its whole quorum (as on the slides)",
            QuorumRule::AnyMajority => "any majority (Paxos Made Simple)",
        }
    }

    /// How many answers a round polling `polled` acceptors waits for, `majority` being a majority.
    pub fn needs(self, polled: usize, majority: usize) -> usize {
        match self {
            QuorumRule::WholeQuorum => polled,
            // A quorum smaller than a majority exists only in a broken variant: wait for all of it.
            QuorumRule::AnyMajority => polled.min(majority),
        }
    }
}

/// How leaders behave in time.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Timing {
    /// Leaders act on their own: a preempted leader retries above the round that preempted it, and a
    /// round that has not finished within the timeout is restarted higher. Off: only the user acts.
    #[serde(default)]
    pub auto: bool,
    /// Every messenger takes exactly `latency.min` and every leader has the same timeout: the setting
    /// under which two leaders duel forever.
    #[serde(default)]
    pub symmetric: bool,
    /// A leader's round timeout in time units; 0 means 10 × `latency.max`.
    #[serde(default)]
    pub timeout: u64,
}

pub const MAX_TIMEOUT: u64 = 100_000;

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Number of acceptors, 3 to 9.
    pub acceptors: usize,
    /// One lunch preference per leader, 1 to 3 leaders.
    pub leaders: Vec<String>,
    pub latency: Latency,
    pub seed: u64,
    #[serde(default)]
    pub variant: Variant,
    #[serde(default)]
    pub timing: Timing,
    /// Absent in older files: the whole quorum, which is what they were recorded with.
    #[serde(default, skip_serializing_if = "is_whole_quorum")]
    pub quorum_rule: QuorumRule,
}

fn is_whole_quorum(rule: &QuorumRule) -> bool {
    *rule == QuorumRule::WholeQuorum
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfigError {
    Acceptors(usize),
    Leaders(usize),
    Dish(String),
    Latency { min: u64, max: u64 },
    Timeout(u64),
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::Acceptors(n) => write!(
                f,
                "{n} acceptors is out of range: choose {} to {}",
                ACCEPTORS.start(),
                ACCEPTORS.end()
            ),
            ConfigError::Leaders(n) => write!(
                f,
                "{n} leaders is out of range: choose {} to {}",
                LEADERS.start(),
                LEADERS.end()
            ),
            ConfigError::Dish(why) => write!(f, "bad dish name: {why}"),
            ConfigError::Timeout(t) => {
                write!(f, "timeout {t} is too long: at most {MAX_TIMEOUT}")
            }
            ConfigError::Latency { min, max } => write!(
                f,
                "latency {min}..{max} is not allowed: need 1 <= min <= max <= {MAX_LATENCY}"
            ),
        }
    }
}

impl Config {
    /// A config with `acceptors` acceptors and one leader per dish, latency 1..=3.
    pub fn new(acceptors: usize, dishes: &[&str], seed: u64) -> Config {
        Config {
            acceptors,
            leaders: dishes.iter().map(|d| d.to_string()).collect(),
            latency: Latency { min: 1, max: 3 },
            seed,
            variant: Variant::Correct,
            timing: Timing::default(),
            quorum_rule: QuorumRule::WholeQuorum,
        }
    }

    /// The round timeout in effect.
    pub fn timeout(&self) -> u64 {
        match self.timing.timeout {
            0 => 10 * self.latency.max,
            t => t,
        }
    }

    pub fn validate(&self) -> Result<(), ConfigError> {
        if !ACCEPTORS.contains(&self.acceptors) {
            return Err(ConfigError::Acceptors(self.acceptors));
        }
        if !LEADERS.contains(&self.leaders.len()) {
            return Err(ConfigError::Leaders(self.leaders.len()));
        }
        for dish in &self.leaders {
            check_dish(dish)?;
        }
        let Latency { min, max } = self.latency;
        if min == 0 || min > max || max > MAX_LATENCY {
            return Err(ConfigError::Latency { min, max });
        }
        if self.timing.timeout > MAX_TIMEOUT {
            return Err(ConfigError::Timeout(self.timing.timeout));
        }
        Ok(())
    }

    /// Size of a majority quorum.
    pub fn majority(&self) -> usize {
        self.acceptors / 2 + 1
    }
}

pub fn check_dish(dish: &str) -> Result<(), ConfigError> {
    if dish.trim().is_empty() {
        return Err(ConfigError::Dish("a dish needs a name".into()));
    }
    if dish.trim() != dish {
        return Err(ConfigError::Dish(format!(
            "'{}' starts or ends with spaces",
            dish.escape_debug()
        )));
    }
    if dish.chars().count() > MAX_DISH_CHARS {
        return Err(ConfigError::Dish(format!(
            "names are at most {MAX_DISH_CHARS} characters"
        )));
    }
    if dish.chars().any(char::is_control) {
        return Err(ConfigError::Dish(format!(
            "'{}' contains control characters",
            dish.escape_debug()
        )));
    }
    Ok(())
}
