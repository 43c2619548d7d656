//! A CORFU cluster's configuration.

use crate::synod::Latency;
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Storage units in the first projection (2 to 8).
    pub units: usize,
    /// Replicas per chain (1 to 3); `units` must be a multiple of it. Positions alternate between chains.
    pub replicas: usize,
    /// Spare units outside the first projection, for reconfiguration (0 to 2).
    #[serde(default = "one")]
    pub spares: usize,
    /// Clients (1 to 4).
    pub clients: usize,
    pub latency: Latency,
    pub seed: u64,
    /// How long a reader waits on an unwritten position before filling it.
    #[serde(default = "ten")]
    pub fill_after: u64,
    /// Correct CORFU, or a broken variant with one rule removed (absent in files of correct CORFU).
    #[serde(default, skip_serializing_if = "Variant::is_correct")]
    pub variant: Variant,
}

/// Correct CORFU, or a broken variant with one of its rules removed (the break-it lab): the world
/// runs the mutated rule, and the checker searches for the property it breaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Variant {
    #[default]
    Correct,
    /// A storage unit accepts a write to a page already written with something else, replacing it
    /// ([`super::unit`]).
    Overwrite,
    /// A reader that finds a position unwritten fills it at once, without waiting for its writer
    /// ([`super::client`]).
    EagerFill,
}

impl Variant {
    /// Every variant: correct CORFU first, then each with one rule removed.
    pub const ALL: [Variant; 3] = [Variant::Correct, Variant::Overwrite, Variant::EagerFill];

    /// The snake_case name used in scenario files and on the CLI.
    pub fn name(self) -> &'static str {
        match self {
            Variant::Correct => "correct",
            Variant::Overwrite => "overwrite",
            Variant::EagerFill => "eager_fill",
        }
    }

    /// The rule this variant removes, in one sentence (empty for correct CORFU).
    pub fn removed_rule(self) -> &'static str {
        match self {
            Variant::Correct => "",
            Variant::Overwrite => "a storage unit writes each position once (write-once)",
            Variant::EagerFill => {
                "a reader waits for a writer's timeout before it fills a hole with junk"
            }
        }
    }

    pub fn is_correct(&self) -> bool {
        *self == Variant::Correct
    }
}

fn one() -> usize {
    1
}

fn ten() -> u64 {
    10
}

impl Config {
    /// The lecture's default: 4 units in 2 chains of 2, one spare, 3 clients.
    pub fn new(seed: u64) -> Config {
        Config {
            units: 4,
            replicas: 2,
            spares: 1,
            clients: 3,
            latency: Latency { min: 1, max: 3 },
            seed,
            fill_after: 10,
            variant: Variant::Correct,
        }
    }

    pub fn validate(&self) -> Result<(), ConfigError> {
        let bad = |why: String| Err(ConfigError(why));
        if !(2..=8).contains(&self.units) {
            return bad(format!(
                "{} storage units is out of range: choose 2 to 8",
                self.units
            ));
        }
        if !(1..=3).contains(&self.replicas) || !self.units.is_multiple_of(self.replicas) {
            return bad(format!(
                "chains of {} do not divide {} units: choose 1 to 3 replicas per chain that divide the units",
                self.replicas, self.units
            ));
        }
        if self.spares > 2 {
            return bad(format!(
                "{} spares is out of range: choose 0 to 2",
                self.spares
            ));
        }
        if !(1..=4).contains(&self.clients) {
            return bad(format!(
                "{} clients is out of range: choose 1 to 4",
                self.clients
            ));
        }
        let crate::synod::Latency { min, max } = self.latency;
        if min == 0 || min > max || max > crate::synod::config::MAX_LATENCY {
            return bad(format!(
                "latency {min}..{max} is not allowed: need 1 <= min <= max <= 1000"
            ));
        }
        if self.fill_after == 0 || self.fill_after > 100_000 {
            return bad(format!(
                "fill_after {} is out of range: choose 1 to 100000",
                self.fill_after
            ));
        }
        Ok(())
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError(pub String);

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
