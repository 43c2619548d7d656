//! Random runs: picks an action that applies in the current world, from a few numbers.
//!
//! Used by the property tests (which generate the numbers and can shrink them), by the benchmark and by
//! the CLI's `check`. Ticks and deliveries dominate so rounds finish; faults come often enough to matter.

use super::action::Action;
use super::config::{Config, Latency, QuorumRule, Variant};
use super::liveness::Fix;
use super::node::NodeId;
use super::world::{Synod, World};
pub use crate::sim::explore::Choice;
use crate::sim::explore::{nth, Explore, Targets};
use crate::sim::SeededRng;

/// A quorum of `size` acceptors starting from a rotating offset.
fn quorum(w: &World, offset: u32, size: usize) -> Vec<NodeId> {
    let n = w.acceptors.len();
    let mut q: Vec<NodeId> = (0..size.min(n))
        .map(|i| NodeId::acceptor((offset as usize + i * (1 + offset as usize % 2)) % n))
        .collect();
    q.sort();
    q.dedup();
    q
}

fn start_round(w: &World, c: Choice, may_name: bool) -> Option<Action> {
    let up: Vec<NodeId> = (0..w.leaders.len())
        .map(NodeId::leader)
        .filter(|l| !w.is_crashed(*l))
        .collect();
    let leader = nth(&up, c.target)?;
    let n = w.acceptors.len();
    let minority_allowed = w.config.variant == super::config::Variant::MinorityQuorums;
    let lo = if minority_allowed {
        1
    } else if w.config.quorums.is_majority() {
        w.config.majority()
    } else {
        w.config.quorums.phase1_size(n)
    };
    let size = lo + (c.detail as usize) % (n - lo + 1);
    let q = quorum(w, c.detail / 7, size);
    let q = if q.len() >= lo { q } else { quorum(w, 0, n) };
    // One round in five is named, as a user may name it: just above the highest round so far, or
    // (when that is taken) left to the leader.
    let named = (may_name && c.detail.is_multiple_of(5))
        .then(|| w.rounds.keys().next_back().copied().unwrap_or(0) + 1 + u64::from(c.kind % 3))
        .filter(|r| !w.rounds.contains_key(r) && *r <= super::action::MAX_ROUND);
    Some(Action::StartRound {
        leader,
        quorum: q,
        round: named,
        dish: None,
    })
}

/// A random config for random runs: 3–9 acceptors, 1–3 leaders, any latency, either quorum rule, and
/// auto mode (leaders acting on their own, sometimes in the symmetric setting) when `auto` says so or,
/// with `auto` unset, one run in two.
pub fn random_config(rng: &mut SeededRng, variant: Variant, auto: Option<bool>) -> Config {
    let acceptors = rng.between(3, 9) as usize;
    let leaders = rng.between(1, 3) as usize;
    let mut config = Config::new(
        acceptors,
        &["Thai", "Taco", "Pizza"][..leaders],
        rng.between(0, u64::from(u32::MAX)),
    );
    let min = rng.between(1, 4);
    config.latency = Latency {
        min,
        max: min + rng.between(0, 6),
    };
    config.variant = variant;
    config.quorum_rule = if rng.between(0, 1) == 0 {
        QuorumRule::WholeQuorum
    } else {
        QuorumRule::AnyMajority
    };
    config.timing.auto = auto.unwrap_or_else(|| rng.between(0, 1) == 1);
    config.timing.symmetric = config.timing.auto && rng.between(0, 3) == 0;
    config
}

/// An action that applies in `w`, chosen by `c`. Always `Some` unless the world has nothing to do and
/// nobody to start a round or recover (which cannot happen: someone is crashed or a leader is up).
pub fn choose(w: &World, c: Choice) -> Option<Action> {
    pick(w, c, false)
}

/// As [`choose`], but one round start in five names its round, as a user may (the CLI's `check`; the
/// presets built from random runs keep [`choose`], so they stay as recorded).
pub fn choose_any(w: &World, c: Choice) -> Option<Action> {
    pick(w, c, true)
}

fn pick(w: &World, c: Choice, may_name: bool) -> Option<Action> {
    let t = Targets::of(w);
    let tick = || t.flying.first().and(t.tick());
    let candidate = match c.kind % 100 {
        0..=44 => tick(),
        45..=69 => t.deliver(c),
        70..=73 => t.drop(c),
        74..=77 => t.duplicate(c),
        78..=81 => t.delay(c, 20),
        82..=87 => start_round(w, c, may_name),
        88 if w.config.timing.auto => Some(Action::Fix {
            fix: Fix::ALL[c.target as usize % Fix::ALL.len()],
            on: !c.detail.is_multiple_of(3),
        }),
        88 => start_round(w, c, may_name),
        89..=93 => t.crash(c),
        _ => t.recover(c),
    };
    let fallbacks = [candidate, tick(), start_round(w, c, may_name), t.recover(c)];
    fallbacks.into_iter().flatten().find(|a| w.check(a).is_ok())
}

/// What a `parliament check` of the synod explores: a variant, and auto mode on, off or either.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    pub variant: Variant,
    pub auto: Option<bool>,
}

impl Explore for Synod {
    type Options = Options;

    fn random_config(rng: &mut SeededRng, o: &Options) -> Config {
        random_config(rng, o.variant, o.auto)
    }

    /// Named rounds included, as a user may name them.
    fn choose(w: &World, c: Choice, _: &Options) -> Option<Action> {
        choose_any(w, c)
    }
}

/// A random run of `steps` actions from `w`, driven by `rng` (rounds left to the leaders to number).
pub fn random_actions(w: &World, rng: &mut SeededRng, steps: usize) -> Vec<Action> {
    crate::sim::explore::random_actions(w, rng, steps, choose)
}
