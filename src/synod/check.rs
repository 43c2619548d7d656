//! The synod in the exhaustive checker's scope: a few acceptors, leaders and rounds, two dishes,
//! crashes on or off, either quorum rule, and any variant (each broken variant removes one rule of
//! Paxos, so the search shows why that rule is there).

use super::action::Action;
use super::config::{Config, QuorumRule, Variant};
use super::invariants::Invariant;
use super::leader::RoundPhase;
use super::message::Msg;
use super::node::NodeId;
use super::quorums::{subsets, Quorums};
use super::world::{Synod, World};
use crate::sim::check::{hash_of, Checkable};
use crate::sim::prefetch::Prefetch;
use std::cell::RefCell;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::rc::Rc;

/// The quorums a leader may poll in `w`'s chamber. They depend only on the config, which is the same
/// in every state of a search, so the last answer is kept (per thread) and reused.
fn pollable(w: &World) -> Rc<Vec<Vec<NodeId>>> {
    type Key = (usize, QuorumRule, Quorums, Variant);
    type Memo = Option<(Key, Rc<Vec<Vec<NodeId>>>)>;
    thread_local! {
        static LAST: RefCell<Memo> = const { RefCell::new(None) };
    }
    let n = w.acceptors.len();
    let key: Key = (n, w.config.quorum_rule, w.config.quorums, w.config.variant);
    LAST.with(|last| {
        if let Some((k, q)) = &*last.borrow() {
            if *k == key {
                return Rc::clone(q);
            }
        }
        let mut quorums = match w.config.quorum_rule {
            QuorumRule::AnyMajority => subsets(n, n),
            QuorumRule::WholeQuorum => w.config.quorums.phase1_quorums(n),
        };
        if w.config.variant == Variant::MinorityQuorums {
            quorums.extend(subsets(n, w.config.majority() - 1));
        }
        let quorums = Rc::new(quorums);
        *last.borrow_mut() = Some((key, Rc::clone(&quorums)));
        quorums
    })
}

/// How far the search looks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scope {
    pub acceptors: usize,
    pub leaders: usize,
    /// Rounds each leader may start.
    pub rounds: usize,
    pub crashes: bool,
    pub quorum_rule: QuorumRule,
    /// Majorities, or phase-1 and phase-2 quorums of Flexible Paxos.
    pub quorums: Quorums,
    pub variant: Variant,
    /// States that differ only by a permutation of the acceptors are one state (they are alike:
    /// same rules, and every quorum system but the grid treats them alike).
    pub symmetry: bool,
}

impl Default for Scope {
    /// The standard scope: 3 acceptors, 2 leaders (Thai and Taco), two rounds each, no crashes,
    /// the acceptors alike.
    fn default() -> Scope {
        Scope {
            acceptors: 3,
            leaders: 2,
            rounds: 2,
            crashes: false,
            quorum_rule: QuorumRule::WholeQuorum,
            quorums: Quorums::Majority,
            variant: Variant::Correct,
            symmetry: true,
        }
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} acceptors{}, {} leaders, {} rounds each, 2 dishes, crashes {}, {}, {}, {}",
            self.acceptors,
            if Synod::alike(self).is_empty() {
                ""
            } else {
                " (alike: one state for each permutation)"
            },
            self.leaders,
            self.rounds,
            if self.crashes { "on" } else { "off" },
            self.quorum_rule.name(),
            self.quorums.describe(),
            self.variant.name()
        )
    }
}

/// The two dishes the leaders want, in turn.
const DISHES: [&str; 2] = ["Thai", "Taco"];

impl Checkable for Synod {
    type Scope = Scope;

    fn scope_config(scope: &Scope) -> Config {
        let dishes: Vec<&str> = (0..scope.leaders).map(|i| DISHES[i % 2]).collect();
        let mut config = Config::new(scope.acceptors, &dishes, 0);
        config.quorum_rule = scope.quorum_rule;
        config.variant = scope.variant;
        config.quorums = scope.quorums;
        config
    }

    /// A leader that is up and has rounds left starts its next round, with each quorum it may pick:
    /// every majority (the whole chamber under the any-majority rule, which goes on with the first
    /// majority to answer); also every minority where quorums need not be majorities. Under flexible
    /// quorums: every minimal phase-1 quorum (the whole chamber under the any-majority rule).
    fn commands(w: &World, scope: &Scope) -> Vec<Action> {
        let free = |l: &NodeId| {
            !w.is_crashed(*l) && w.rounds.values().filter(|by| *by == l).count() < scope.rounds
        };
        if !(0..w.leaders.len()).map(NodeId::leader).any(|l| free(&l)) {
            return Vec::new();
        }
        let quorums = pollable(w);
        (0..w.leaders.len())
            .map(NodeId::leader)
            .filter(free)
            .flat_map(|leader| {
                quorums.iter().map(move |q| Action::StartRound {
                    leader,
                    quorum: q.clone(),
                    round: None,
                    dish: None,
                })
            })
            .collect()
    }

    /// The acceptors and the leaders (each with its round in progress).
    fn prefetch(&self, want: &mut Prefetch) {
        want.slice(&self.acceptors);
        want.slice(&self.leaders);
    }

    fn command_node(action: &Action) -> Option<NodeId> {
        match action {
            Action::StartRound { leader, .. } => Some(*leader),
            _ => None,
        }
    }

    /// Undoes one node (see `reuse.rs`).
    fn restore(&mut self, from: &Synod, node: NodeId) {
        self.restore_after(from, node);
    }

    fn crashes(scope: &Scope) -> bool {
        scope.crashes
    }

    /// The two phases' messages. Refusals (which only tell a leader to give up) and the news of a
    /// decision (learners copy what a leader decided) are left out: safety does not rest on them, and
    /// the leaders' own decisions are what agreement is checked on.
    fn explored(msg: &Msg) -> bool {
        matches!(
            msg,
            Msg::Prepare { .. } | Msg::Promise { .. } | Msg::Propose { .. } | Msg::Accepted { .. }
        )
    }

    /// A prepare or proposal below the acceptor's promise (promises only go up — unless ledgers are
    /// forgotten, or proposals are accepted below the promise); a promise or acceptance for a round
    /// its leader is no longer gathering them for (a leader never goes back to a round), unless it
    /// reports a vote from a round the leader has not heard of (which raises its next round number).
    ///
    /// And what was delivered already and would only be done again: a prepare for the round the
    /// acceptor promised, a proposal it accepted, a promise or acceptance its leader counted. Where
    /// a rule of Paxos is removed, an acceptor may answer one round twice with different votes (it
    /// accepts below its promise, or two leaders share the round), so only the leader's counting of
    /// acceptances stays final there.
    fn dead(&self, from: NodeId, to: NodeId, msg: &Msg) -> bool {
        let variant = self.config.variant;
        let one_answer = !matches!(
            variant,
            Variant::Amnesia | Variant::NoPromiseCheck | Variant::SharedRound
        );
        match (to, msg) {
            (NodeId::Acceptor(_), _) if variant == Variant::Amnesia => false,
            (a @ NodeId::Acceptor(_), Msg::Prepare { round }) => {
                self.acceptors.get(a.index()).is_some_and(|a| {
                    a.ledger
                        .promised
                        .is_some_and(|p| p > *round || (one_answer && p == *round))
                })
            }
            (a @ NodeId::Acceptor(_), Msg::Propose { round, value }) => {
                variant != Variant::NoPromiseCheck
                    && self.acceptors.get(a.index()).is_some_and(|a| {
                        a.ledger.promised.is_some_and(|p| p > *round)
                            || (one_answer
                                && a.ledger
                                    .accepted
                                    .as_ref()
                                    .is_some_and(|v| v.round == *round && v.value == *value))
                    })
            }
            (l @ NodeId::Leader(_), Msg::Promise { round, accepted }) => {
                let Some(l) = self.leaders.get(l.index()) else {
                    return false;
                };
                let gathering = l.current.as_ref().filter(|s| {
                    s.round == *round && s.phase == RoundPhase::Preparing
                });
                let counted = gathering
                    .is_some_and(|s| one_answer && s.promises.get(&from) == Some(accepted));
                let news = accepted
                    .as_ref()
                    .is_some_and(|v| v.round > l.ledger.highest_seen);
                (gathering.is_none() || counted) && !news
            }
            (l @ NodeId::Leader(_), Msg::Accepted { round, .. }) => {
                self.leaders.get(l.index()).is_some_and(|l| {
                    !l.current.as_ref().is_some_and(|s| {
                        s.round == *round
                            && matches!(&s.phase, RoundPhase::Proposing { accepted, .. } if !accepted.contains(&from))
                    })
                })
            }
            _ => false,
        }
    }

    /// Promises only go up: the one property about a step.
    fn about_steps(invariant: Invariant) -> bool {
        invariant == Invariant::PromiseMonotonic
    }

    /// Ledgers, crash flags and rounds in progress; the ghost votes and decisions the properties read;
    /// the rounds started. Not the metrics, the liveness record or who was polled. (Each node's part,
    /// then the shared rest.)
    fn fingerprint<H: Hasher>(&self, h: &mut H) {
        for part in 0..self.fingerprint_parts() {
            self.fingerprint_part(part, h);
        }
        self.fingerprint_shared(h);
    }

    /// One part per acceptor, then one per leader.
    fn fingerprint_parts(&self) -> usize {
        self.acceptors.len() + self.leaders.len()
    }

    fn part_of(&self, node: NodeId) -> Option<usize> {
        match node {
            NodeId::Acceptor(_) => Some(node.index()),
            NodeId::Leader(_) => Some(self.acceptors.len() + node.index()),
        }
    }

    /// An acceptor's ledger and crash flag; a leader's, and its round in progress.
    fn fingerprint_part<H: Hasher>(&self, part: usize, h: &mut H) {
        if let Some(a) = self.acceptors.get(part) {
            return (&a.ledger, a.crashed).hash(h);
        }
        let Some(l) = self.leaders.get(part - self.acceptors.len()) else {
            return;
        };
        (&l.ledger, l.crashed).hash(h);
        // The promises a round gathered matter only while it gathers them.
        match &l.current {
            Some(s) if s.phase != RoundPhase::Preparing => {
                (s.round, &s.quorum, &s.phase, &s.preempted).hash(h)
            }
            current => current.hash(h),
        }
    }

    /// The ghost votes and decisions, the rounds started.
    fn fingerprint_shared<H: Hasher>(&self, h: &mut H) {
        self.votes.hash(h);
        self.decisions.hash(h);
        self.rounds.hash(h);
    }

    /// The acceptors, unless the grid quorum system tells them apart (its rows and columns are
    /// fixed sets of acceptors) or the scope says not to.
    fn alike(scope: &Scope) -> Vec<NodeId> {
        if !scope.symmetry || matches!(scope.quorums, Quorums::Grid { .. }) {
            return Vec::new();
        }
        (0..scope.acceptors).map(NodeId::acceptor).collect()
    }

    /// What [`Checkable::fingerprint`] hashes, with each alike acceptor's part in its profile: its
    /// ledger, its place in a leader's quorum, promises and acceptances, a preemption it caused, its
    /// votes and decisions.
    fn fingerprint_alike<H: Hasher>(&self, alike: &[NodeId], h: &mut H, profiles: &mut [u64]) {
        let mut others = 0u64;
        let mut put = |n: NodeId, fact: u64| match alike.iter().position(|a| *a == n) {
            Some(i) => profiles[i] = profiles[i].wrapping_add(fact),
            None => others = others.wrapping_add(hash_of(&(n, fact))),
        };
        for (i, a) in self.acceptors.iter().enumerate() {
            put(NodeId::acceptor(i), hash_of(&(0u8, &a.ledger, a.crashed)));
        }
        for (j, l) in self.leaders.iter().enumerate() {
            (&l.ledger, l.crashed).hash(h);
            let Some(s) = &l.current else {
                0u8.hash(h);
                continue;
            };
            (1u8, s.round, s.quorum.len(), s.preempted.is_some()).hash(h);
            for a in &s.quorum {
                put(*a, hash_of(&(1u8, j, s.round)));
            }
            if let Some((a, round)) = s.preempted {
                put(a, hash_of(&(2u8, j, round)));
            }
            match &s.phase {
                RoundPhase::Preparing => {
                    (1u8, s.need, s.system, s.acceptors, s.promises.len()).hash(h);
                    for (a, vote) in &s.promises {
                        put(*a, hash_of(&(3u8, j, vote)));
                    }
                }
                RoundPhase::Proposing { value, accepted } => {
                    (2u8, value, accepted.len()).hash(h);
                    for a in accepted {
                        put(*a, hash_of(&(4u8, j)));
                    }
                }
                RoundPhase::Decided { value } => (3u8, value).hash(h),
            }
        }
        for (round, value, a) in self.votes.iter() {
            put(*a, hash_of(&(5u8, round, value)));
        }
        for (value, n) in self.decisions.iter() {
            put(*n, hash_of(&(6u8, value)));
        }
        others.hash(h);
        self.rounds.hash(h);
    }
}
