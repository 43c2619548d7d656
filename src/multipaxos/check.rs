//! Multi-Paxos in the exhaustive checker's scope (src/sim/check.rs): a few clients that order a dish
//! or two, canteens (replicas), leaders with a bounded number of ballots, acceptors, a window, crashes
//! on or off, and any variant (each broken variant removes one rule of PMMC, so the search shows what
//! that rule protects).
//!
//! What the abstraction leaves out, and why safety does not rest on it:
//! - **Responses** (a canteen tells the client its order was served) are not delivered: they only
//!   tell the client which canteen answered first, and no property reads that.
//! - **Preemptions** (a p1b or p2b carrying a ballot other than the one asked about) are not
//!   delivered: they only make a leader give up (passive, its scout and commanders dropped), and a
//!   leader that goes on does everything one that gave up does, and more (a leader may start a
//!   ballot of any round above its own, so the round a preempted one would pick is there too).
//! - **Timers.** Leaders act by hand (auto mode off, as by default), so no timer is set: a leader
//!   starts its ballots as a command, at any point of any interleaving, and a commander's p2a that is
//!   sent again is the search's redelivery of the same message.

use super::action::Action;
use super::config::{Config, Variant};
use super::invariants::Invariant;
use super::message::{Ballot, Msg, Slot};
use super::node::NodeId;
use super::world::{MultiPaxos, World};
use crate::sim::check::Checkable;
use std::fmt;
use std::hash::{Hash, Hasher};

/// How far the search looks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scope {
    pub clients: usize,
    /// Orders each client places.
    pub orders: usize,
    pub replicas: usize,
    pub leaders: usize,
    pub acceptors: usize,
    /// Each leader's ballots have rounds 1 to this.
    pub rounds: u64,
    /// The replicas' window (how many slots past the next one to serve a replica may propose for).
    pub window: u64,
    pub crashes: bool,
    pub variant: Variant,
}

impl Default for Scope {
    /// The standard scope: 2 clients ordering a dish each (so two canteens may propose different
    /// dishes for Monday), 2 canteens, 2 leaders with one ballot each, 1 acceptor, a window of 1, no
    /// crashes. Both broken variants break in it. (Three acceptors with two leaders make millions of
    /// states: minutes in a debug build.)
    fn default() -> Scope {
        Scope {
            clients: 2,
            orders: 1,
            replicas: 2,
            leaders: 2,
            acceptors: 1,
            rounds: 1,
            window: 1,
            crashes: false,
            variant: Variant::Correct,
        }
    }
}

impl Scope {
    /// The scope `variant` is searched in (by the tests and the CLI): the standard one.
    pub fn of(variant: Variant) -> Scope {
        Scope {
            variant,
            ..Scope::default()
        }
    }
}

impl Scope {
    /// The scope without its variant: "1 client ordering 2 dishes, 2 canteens, 1 leader with rounds
    /// up to 1, 1 acceptor, window 1, crashes off" (the break-it lab's words for it).
    pub fn extent(&self) -> String {
        let dishes = match self.orders {
            1 => "a dish".to_string(),
            n => format!("{n} dishes"),
        };
        format!(
            "{} ordering {dishes}{}, {}, {} with rounds up to {}, {}, window {}, crashes {}",
            count(self.clients, "client"),
            if self.clients > 1 { " each" } else { "" },
            count(self.replicas, "canteen"),
            count(self.leaders, "leader"),
            self.rounds,
            count(self.acceptors, "acceptor"),
            self.window,
            if self.crashes { "on" } else { "off" },
        )
    }
}

impl fmt::Display for Scope {
    /// "1 client ordering 2 dishes, 2 canteens, 1 leader with rounds up to 1, 1 acceptor, window 1,
    /// crashes off, correct".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}, {}", self.extent(), self.variant.name())
    }
}

/// "1 leader", "2 canteens".
fn count(n: usize, what: &str) -> String {
    match n {
        1 => format!("1 {what}"),
        n => format!("{n} {what}s"),
    }
}

/// The `i`-th dish ordered.
fn dish(i: usize) -> &'static str {
    const DISHES: [&str; 4] = ["Pizza", "Sushi", "Taco", "Thai"];
    DISHES[i % DISHES.len()]
}

impl Checkable for MultiPaxos {
    type Scope = Scope;

    fn scope_config(scope: &Scope) -> Config {
        Config {
            clients: scope.clients,
            replicas: scope.replicas,
            leaders: scope.leaders,
            acceptors: scope.acceptors,
            window: scope.window,
            variant: scope.variant,
            ..Config::new(1)
        }
    }

    /// A client that is up orders while it has orders left; a leader that is up starts a ballot of
    /// any round above its own, up to the scope's.
    fn commands(w: &World, scope: &Scope) -> Vec<Action> {
        let mut actions = Vec::new();
        for (i, c) in w.clients.iter().enumerate() {
            if !c.crashed && c.orders.len() < scope.orders {
                actions.push(Action::Order {
                    client: NodeId::client(i),
                    dish: dish(i * scope.orders + c.orders.len()).to_string(),
                });
            }
        }
        for (i, l) in w.leaders.iter().enumerate() {
            if l.crashed {
                continue;
            }
            for round in l.ballot.round + 1..=scope.rounds {
                actions.push(Action::StartBallot {
                    leader: NodeId::leader(i),
                    round: Some(round),
                });
            }
        }
        actions
    }

    fn crashes(scope: &Scope) -> bool {
        scope.crashes
    }

    /// Every message but the responses to clients and the acceptors' preemptions (see the module's
    /// note).
    fn explored(msg: &Msg) -> bool {
        match msg {
            Msg::Response { .. } => false,
            Msg::P1b { scout, ballot, .. } => ballot == scout,
            Msg::P2b {
                pvalue_ballot,
                ballot,
                ..
            } => ballot == pvalue_ballot,
            _ => true,
        }
    }

    /// What a delivery can no longer change (a node that crashes loses what is on its way to it, so
    /// only changes without a crash matter):
    /// - a request for an order the canteen knows, a proposal for a day the leader has one for, a
    ///   decision of a day the canteen has (or has served past);
    /// - a p1a below the acceptor's ballot (its answer is a preemption, not explored), or of its
    ///   ballot once the scout is gone; a p2a below the acceptor's ballot (but in `old_ballot`), or
    ///   one it accepted once the commander is gone;
    /// - a p1b or p2b for a scout or commander that is gone (a leader never goes back to a ballot),
    ///   or from an acceptor it has heard from.
    fn dead(&self, from: NodeId, to: NodeId, msg: &Msg) -> bool {
        let leader_of = |b: &Ballot| self.leaders.get(b.leader.index());
        let scout_waits = |b: &Ballot, a: NodeId| {
            leader_of(b)
                .and_then(|l| l.scout.as_ref())
                .is_some_and(|s| s.ballot == *b && s.waitfor.contains(&a))
        };
        let scout_alive = |b: &Ballot| {
            leader_of(b)
                .and_then(|l| l.scout.as_ref())
                .is_some_and(|s| s.ballot == *b)
        };
        let commander = |b: &Ballot, slot: Slot| {
            leader_of(b).and_then(|l| {
                l.commanders
                    .iter()
                    .find(|c| c.pvalue.ballot == *b && c.pvalue.slot == slot)
            })
        };
        match (to, msg) {
            (NodeId::Replica(_), Msg::Request { order }) => self
                .replicas
                .get(to.index())
                .is_some_and(|r| r.knows(order)),
            (NodeId::Replica(_), Msg::Decision { slot, .. }) => self
                .replicas
                .get(to.index())
                .is_some_and(|r| r.decisions.contains_key(slot) || *slot < r.slot_out),
            (NodeId::Leader(_), Msg::Propose { slot, .. }) => self
                .leaders
                .get(to.index())
                .is_some_and(|l| l.proposals.contains_key(slot)),
            (NodeId::Acceptor(_), Msg::P1a { ballot }) => self
                .acceptors
                .get(to.index())
                .is_some_and(|a| match a.ballot {
                    Some(b) if b > *ballot => true,
                    Some(b) if b == *ballot => !scout_alive(ballot),
                    _ => false,
                }),
            (NodeId::Acceptor(_), Msg::P2a { pvalue }) => {
                self.acceptors.get(to.index()).is_some_and(|a| {
                    let below = a.ballot.is_some_and(|b| b > pvalue.ballot);
                    (below && self.config.variant != Variant::OldBallot)
                        || (a.accepted.contains(pvalue)
                            && commander(&pvalue.ballot, pvalue.slot).is_none())
                })
            }
            (NodeId::Leader(_), Msg::P1b { scout, .. }) => !scout_waits(scout, from),
            (
                NodeId::Leader(_),
                Msg::P2b {
                    pvalue_ballot,
                    slot,
                    ..
                },
            ) => !commander(pvalue_ballot, *slot).is_some_and(|c| c.waitfor.contains(&from)),
            _ => false,
        }
    }

    /// Acceptors' ballots never go down: the one property about a step.
    fn about_steps(invariant: Invariant) -> bool {
        invariant == Invariant::AcceptorBallotsGrow
    }

    /// Replicas and acceptors whole; each leader's ballot, activity, proposals, scout, commanders and
    /// the ballot that preempted it; how many orders each client placed and whether it is up; the
    /// ghost's orders and decisions (and any problem noticed). Not the timers, backoff timeouts or
    /// counters, nor which canteen answered a client first.
    fn fingerprint<H: Hasher>(&self, h: &mut H) {
        for c in &self.clients {
            (c.crashed, c.orders.len()).hash(h);
        }
        self.replicas.hash(h);
        for l in &self.leaders {
            (
                l.crashed,
                l.ballot,
                l.active,
                &l.proposals,
                &l.scout,
                &l.commanders,
                l.preempted_by,
            )
                .hash(h);
        }
        self.acceptors.hash(h);
        (
            &self.ghost.requested,
            &self.ghost.decided,
            &self.ghost.problems,
        )
            .hash(h);
    }
}
