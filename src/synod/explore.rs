//! Random runs: picks an action that applies in the current world, from a few numbers.
//!
//! Used by the property tests (which generate the numbers and can shrink them), by the benchmark and by
//! the CLI's `check`. Ticks and deliveries dominate so rounds finish; faults come often enough to matter.

use super::action::Action;
use super::config::{Config, Latency, QuorumRule, Variant};
use super::liveness::Fix;
use super::node::NodeId;
use super::world::World;
use crate::sim::SeededRng;

/// Three free choices that pin down one action: what kind, which target, and a detail.
#[derive(Clone, Copy, Debug)]
pub struct Choice {
    pub kind: u32,
    pub target: u32,
    pub detail: u32,
}

impl Choice {
    pub fn random(rng: &mut SeededRng) -> Choice {
        let mut n = || u32::try_from(rng.between(0, u64::from(u32::MAX))).unwrap_or(0);
        Choice {
            kind: n(),
            target: n(),
            detail: n(),
        }
    }
}

fn nth<T: Copy>(items: &[T], i: u32) -> Option<T> {
    if items.is_empty() {
        None
    } else {
        items.get(i as usize % items.len()).copied()
    }
}

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
    } else {
        w.config.majority()
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
    let flying: Vec<_> = w.network.in_flight().iter().map(|m| m.id).collect();
    let crashed: Vec<NodeId> = w.nodes().into_iter().filter(|n| w.is_crashed(*n)).collect();
    let up: Vec<NodeId> = w
        .nodes()
        .into_iter()
        .filter(|n| !w.is_crashed(*n))
        .collect();
    let candidate = match c.kind % 100 {
        0..=44 => nth(&flying, 0).map(|_| Action::Tick),
        45..=69 => nth(&flying, c.target).map(Action::Deliver),
        70..=73 => nth(&flying, c.target).map(Action::Drop),
        74..=77 => nth(&flying, c.target).map(Action::Duplicate),
        78..=81 => nth(&flying, c.target).map(|id| Action::Delay {
            id,
            by: 1 + u64::from(c.detail % 20),
        }),
        82..=87 => start_round(w, c, may_name),
        88 if w.config.timing.auto => Some(Action::Fix {
            fix: Fix::ALL[c.target as usize % Fix::ALL.len()],
            on: !c.detail.is_multiple_of(3),
        }),
        88 => start_round(w, c, may_name),
        89..=93 => nth(&up, c.target).map(Action::Crash),
        _ => nth(&crashed, c.target).map(Action::Recover),
    };
    let fallbacks = [
        candidate,
        nth(&flying, 0).map(|_| Action::Tick),
        start_round(w, c, may_name),
        nth(&crashed, c.target).map(Action::Recover),
    ];
    fallbacks.into_iter().flatten().find(|a| w.check(a).is_ok())
}

/// A random run of `steps` actions from `w`, driven by `rng`.
pub fn random_actions(w: &World, rng: &mut SeededRng, steps: usize) -> Vec<Action> {
    use crate::sim::Simulation;
    let mut w = w.clone();
    let mut out = Vec::with_capacity(steps);
    for _ in 0..steps {
        let Some(a) = choose(&w, Choice::random(rng)) else {
            break;
        };
        if w.apply(&a).is_err() {
            break;
        }
        out.push(a);
    }
    out
}
