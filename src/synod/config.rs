//! A world's configuration: who sits in the chamber, how slow the messengers are, and the seed.

use super::quorums::{Quorums, QuorumsError};
use serde::{Deserialize, Serialize};
use std::fmt;

pub const ACCEPTORS: std::ops::RangeInclusive<usize> = 3..=9;
pub const LEADERS: std::ops::RangeInclusive<usize> = 1..=3;
/// Latencies are in logical time units; this bound keeps every sum far from overflow.
pub const MAX_LATENCY: u64 = 1_000;
pub const MAX_DISH_CHARS: usize = 40;
// (LEADERS bounds FRESH_DISHES' use in `Form::config`: keep them in step.)
const _: () = assert!(*LEADERS.end() <= FRESH_DISHES.len());

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
    /// A leader proposes its own dish, ignoring the votes its promises reported.
    OwnDish,
    /// An acceptor accepts a proposal even below the round it promised.
    NoPromiseCheck,
    /// Two leaders may use one round number.
    SharedRound,
    /// A leader adopts the lowest-round vote reported instead of the highest.
    LowestVote,
}

impl Variant {
    /// Every variant: correct Paxos first, then each with one rule removed.
    pub const ALL: [Variant; 7] = [
        Variant::Correct,
        Variant::Amnesia,
        Variant::MinorityQuorums,
        Variant::OwnDish,
        Variant::NoPromiseCheck,
        Variant::SharedRound,
        Variant::LowestVote,
    ];

    /// The snake_case name used in scenario files and on the CLI.
    pub fn name(self) -> &'static str {
        match self {
            Variant::Correct => "correct",
            Variant::Amnesia => "amnesia",
            Variant::MinorityQuorums => "minority_quorums",
            Variant::OwnDish => "own_dish",
            Variant::NoPromiseCheck => "no_promise_check",
            Variant::SharedRound => "shared_round",
            Variant::LowestVote => "lowest_vote",
        }
    }

    /// The rule this variant removes, in one sentence (empty for correct Paxos).
    pub fn removed_rule(self) -> &'static str {
        match self {
            Variant::Correct => "",
            Variant::Amnesia => "an acceptor's promise and vote are on stable storage",
            Variant::MinorityQuorums => {
                "every quorum is a majority, so any two quorums share an acceptor"
            }
            Variant::OwnDish => {
                "a leader proposes the value of the highest-round vote its promises report"
            }
            Variant::NoPromiseCheck => "an acceptor never accepts below the round it promised",
            Variant::SharedRound => "round numbers are unique: two leaders never use the same one",
            Variant::LowestVote => "a leader adopts the highest-round vote reported, not any other",
        }
    }
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
    /// Which sets are quorums in each phase; absent in older files: majorities.
    #[serde(default, skip_serializing_if = "Quorums::is_majority")]
    pub quorums: Quorums,
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
    Quorums(QuorumsError),
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
            ConfigError::Quorums(e) => write!(f, "{e}"),
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
            quorums: Quorums::Majority,
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
        self.quorums
            .validate(self.acceptors)
            .map_err(ConfigError::Quorums)
    }

    /// Size of a majority quorum.
    pub fn majority(&self) -> usize {
        self.acceptors / 2 + 1
    }
}

/// The New-chamber form as typed: every field is text, so nothing a user types is silently replaced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Form {
    pub acceptors: String,
    pub leaders: String,
    pub latency_min: String,
    pub latency_max: String,
    pub seed: String,
    pub quorum_rule: QuorumRule,
}

/// The dishes fresh leaders like, in order.
pub const FRESH_DISHES: [&str; 3] = ["Thai", "Taco", "Pizza"];

impl Form {
    pub fn of(c: &Config) -> Form {
        Form {
            acceptors: c.acceptors.to_string(),
            leaders: c.leaders.len().to_string(),
            latency_min: c.latency.min.to_string(),
            latency_max: c.latency.max.to_string(),
            seed: c.seed.to_string(),
            quorum_rule: c.quorum_rule,
        }
    }

    /// The config the form describes, or one message naming the first field that is wrong.
    pub fn config(&self) -> Result<Config, String> {
        fn whole(label: &str, text: &str) -> Result<u64, String> {
            let t = text.trim();
            if t.is_empty() {
                return Err(format!("{label} is empty: type a whole number"));
            }
            t.parse::<u64>()
                .map_err(|_| format!("{label} '{t}' is not a whole number"))
        }
        let acceptors = whole("Acceptors", &self.acceptors)?;
        let leaders = whole("Leaders", &self.leaders)?;
        let min = whole("Latency min", &self.latency_min)?;
        let max = whole("Latency max", &self.latency_max)?;
        let seed = whole("Seed", &self.seed)?;
        let acceptors = usize::try_from(acceptors).unwrap_or(usize::MAX);
        let leaders = usize::try_from(leaders).unwrap_or(usize::MAX);
        if !LEADERS.contains(&leaders) {
            return Err(ConfigError::Leaders(leaders).to_string());
        }
        let config = Config {
            acceptors,
            leaders: FRESH_DISHES[..leaders]
                .iter()
                .map(|d| d.to_string())
                .collect(),
            latency: Latency { min, max },
            seed,
            variant: Variant::Correct,
            timing: Timing::default(),
            quorum_rule: self.quorum_rule,
            quorums: Quorums::Majority,
        };
        config.validate().map_err(|e| e.to_string())?;
        Ok(config)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> Form {
        Form::of(&Config::new(3, &["Thai"], 7))
    }

    #[test]
    fn the_form_refuses_what_is_out_of_range_and_says_why() {
        let bad = |f: fn(&mut Form)| {
            let mut x = form();
            f(&mut x);
            x.config().expect_err("refused")
        };
        assert_eq!(
            bad(|f| f.acceptors = "10".into()),
            "10 acceptors is out of range: choose 3 to 9"
        );
        assert_eq!(
            bad(|f| f.leaders = "4".into()),
            "4 leaders is out of range: choose 1 to 3"
        );
        assert_eq!(
            bad(|f| {
                f.latency_min = "5".into();
                f.latency_max = "1".into();
            }),
            "latency 5..1 is not allowed: need 1 <= min <= max <= 1000"
        );
        assert_eq!(
            bad(|f| f.acceptors = "three".into()),
            "Acceptors 'three' is not a whole number"
        );
        assert_eq!(
            bad(|f| f.seed = " ".into()),
            "Seed is empty: type a whole number"
        );
        assert_eq!(
            bad(|f| f.acceptors = "99999999999999999999999".into()),
            "Acceptors '99999999999999999999999' is not a whole number"
        );
    }

    #[test]
    fn a_good_form_gives_its_config() {
        let mut f = form();
        f.leaders = "2".into();
        f.quorum_rule = QuorumRule::AnyMajority;
        let c = f.config().expect("valid");
        assert_eq!(c.leaders, ["Thai", "Taco"]);
        assert_eq!(c.quorum_rule, QuorumRule::AnyMajority);
        assert_eq!(Form::of(&c), f);
    }

    #[test]
    fn old_files_without_a_quorum_rule_wait_for_the_whole_quorum() {
        let old = r#"{"acceptors":3,"leaders":["Thai"],"latency":{"min":1,"max":3},"seed":1}"#;
        let c: Config = serde_json::from_str(old).expect("parses");
        assert_eq!(c.quorum_rule, QuorumRule::WholeQuorum);
        // ...and a whole-quorum config writes no rule, so old files round-trip byte for byte.
        assert!(!serde_json::to_string(&c)
            .expect("writes")
            .contains("quorum_rule"));
        let mut any = c.clone();
        any.quorum_rule = QuorumRule::AnyMajority;
        assert!(serde_json::to_string(&any)
            .expect("writes")
            .contains(r#""quorum_rule":"any_majority""#));
    }
}
