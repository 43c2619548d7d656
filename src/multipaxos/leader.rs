//! The leader (PMMC §3.2, Figure 7): its ballot, whether it is *active*, its proposals (slot → order),
//! and its scout and commanders, which are part of its state here: a crashed leader's scout and
//! commanders die with it, and the answers to them are lost.
//!
//! - ⟨propose, s, c⟩ from a replica: kept if it has no proposal for s; an active leader spawns a
//!   commander for it at once (phase 2 only: a stable leader runs no new scout).
//! - *adopted* (its scout heard a majority): for each slot, the order of the highest-ballot pvalue
//!   reported (`pmax`) overrides its own proposal; it spawns a commander per proposal and is active.
//! - *preempted* by a higher ballot (from its scout or a commander): it becomes passive. By hand, the
//!   lecturer starts its next ballot; in auto mode it tries again with a round above the preempting one,
//!   at once, or — PMMC §4.1's fix for dueling leaders — after a wait drawn between the timeout and twice
//!   it, the timeout doubling on each preemption and shrinking by the base on each adoption.
//!
//! The ballot's round is kept on stable storage (PMMC does not crash leaders): a recovered leader never
//! reuses a ballot it may already have sent other orders with. In auto mode a commander that hears
//! nothing back in time sends its p2a again, and a scout that hears nothing starts a higher ballot.

use super::commander::{Commander, CommanderOutcome};
use super::event::Event;
use super::invariants::Ghost;
use super::message::{Ballot, Msg, Order, PValue, Slot};
use super::node::NodeId;
use super::scout::{pmax, Scout, ScoutOutcome};
use super::world::MultiPaxos;
use crate::sim::Out;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The longest wait a backing-off leader draws.
pub const MAX_BACKOFF: u64 = 10_000;

/// Whether leaders act by themselves, and whether they back off.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Auto {
    pub on: bool,
    pub backoff: bool,
}

/// A leader's timer: when it fires the leader retries its ballot or its commanders.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Timer {
    pub due: u64,
    pub id: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Leader {
    pub crashed: bool,
    /// Stable: its latest ballot (round 0: none started yet).
    pub ballot: Ballot,
    pub active: bool,
    pub proposals: BTreeMap<Slot, Order>,
    pub scout: Option<Scout>,
    pub commanders: Vec<Commander>,
    /// The highest ballot that preempted it since.
    pub preempted_by: Option<Ballot>,
    /// The current backoff timeout.
    pub timeout: u64,
    pub timer: Option<Timer>,
}

/// What a leader's handlers need from the world.
pub struct Ctx<'a> {
    pub me: NodeId,
    pub acceptors: &'a [NodeId],
    pub replicas: &'a [NodeId],
    pub auto: Auto,
    pub base_timeout: u64,
    pub ghost: &'a mut Ghost,
    pub next_timer: &'a mut u64,
}

impl Ctx<'_> {
    fn timer(&mut self, due: u64) -> Timer {
        *self.next_timer += 1;
        Timer {
            due,
            id: *self.next_timer,
        }
    }
}

impl Leader {
    pub fn new(me: NodeId, timeout: u64) -> Leader {
        Leader {
            crashed: false,
            ballot: Ballot {
                round: 0,
                leader: me,
            },
            active: false,
            proposals: BTreeMap::new(),
            scout: None,
            commanders: Vec::new(),
            preempted_by: None,
            timeout,
            timer: None,
        }
    }

    /// The round of its next ballot: above its own and above any that preempted it.
    pub fn next_round(&self) -> u64 {
        self.ballot
            .round
            .max(self.preempted_by.map_or(0, |b| b.round))
            .saturating_add(1)
    }

    /// Starts ballot (`round`, me): a new scout runs phase 1; the leader is passive until adopted.
    pub fn start_ballot(&mut self, cx: &mut Ctx<'_>, round: u64, out: &mut Out<'_, MultiPaxos>) {
        let ballot = Ballot {
            round,
            leader: cx.me,
        };
        self.ballot = ballot;
        self.active = false;
        cx.ghost.ballots_started += 1;
        out.push(Event::ScoutStarted {
            leader: cx.me,
            ballot,
        });
        self.scout = Some(Scout::start(cx.me, ballot, cx.acceptors, out));
        self.timer = None;
        if cx.auto.on {
            self.timer = Some(cx.timer(out.now.saturating_add(self.timeout)));
        }
    }

    fn spawn(&mut self, cx: &mut Ctx<'_>, slot: Slot, order: Order, out: &mut Out<'_, MultiPaxos>) {
        let pvalue = PValue {
            ballot: self.ballot,
            slot,
            order,
        };
        out.push(Event::CommanderStarted {
            leader: cx.me,
            pvalue: pvalue.clone(),
        });
        self.commanders
            .push(Commander::start(cx.me, pvalue, cx.acceptors, out));
        if cx.auto.on && self.timer.is_none() {
            self.timer = Some(cx.timer(out.now.saturating_add(self.timeout)));
        }
    }

    /// A replica's proposal.
    pub fn propose(
        &mut self,
        cx: &mut Ctx<'_>,
        slot: Slot,
        order: Order,
        out: &mut Out<'_, MultiPaxos>,
    ) {
        if self.proposals.contains_key(&slot) {
            return;
        }
        self.proposals.insert(slot, order.clone());
        if self.active {
            self.spawn(cx, slot, order, out);
        } else if cx.auto.on && self.scout.is_none() && self.timer.is_none() {
            let round = self.next_round();
            self.start_ballot(cx, round, out);
        }
    }

    /// A p1b for the scout of `scout`.
    pub fn p1b(
        &mut self,
        cx: &mut Ctx<'_>,
        from: NodeId,
        scout: Ballot,
        ballot: Ballot,
        accepted: &[PValue],
        out: &mut Out<'_, MultiPaxos>,
    ) -> bool {
        let Some(s) = self.scout.as_mut().filter(|s| s.ballot == scout) else {
            return false;
        };
        match s.receive(from, ballot, accepted, cx.acceptors.len()) {
            ScoutOutcome::Waiting => {}
            ScoutOutcome::Adopted(pvalues) => {
                self.scout = None;
                self.adopted(cx, &pvalues, out);
            }
            ScoutOutcome::Preempted(by) => {
                self.scout = None;
                self.preempted(cx, by, out);
            }
        }
        true
    }

    fn adopted(
        &mut self,
        cx: &mut Ctx<'_>,
        pvalues: &std::collections::BTreeSet<PValue>,
        out: &mut Out<'_, MultiPaxos>,
    ) {
        let best = pmax(pvalues);
        let reproposed: Vec<(Slot, Order)> =
            best.iter().map(|(s, pv)| (*s, pv.order.clone())).collect();
        let own: Vec<(Slot, Order)> = self
            .proposals
            .iter()
            .filter(|(s, _)| !best.contains_key(s))
            .map(|(s, o)| (*s, o.clone()))
            .collect();
        for (s, o) in &reproposed {
            self.proposals.insert(*s, o.clone());
        }
        self.active = true;
        self.timeout = self
            .timeout
            .saturating_sub(cx.base_timeout)
            .max(cx.base_timeout);
        self.timer = None;
        out.push(Event::Adopted {
            leader: cx.me,
            ballot: self.ballot,
            reproposed,
            own,
        });
        let all: Vec<(Slot, Order)> = self
            .proposals
            .iter()
            .map(|(s, o)| (*s, o.clone()))
            .collect();
        for (s, o) in all {
            self.spawn(cx, s, o, out);
        }
    }

    /// A p2b for the commander of (`pvalue_ballot`, `slot`).
    pub fn p2b(
        &mut self,
        cx: &mut Ctx<'_>,
        from: NodeId,
        pvalue_ballot: Ballot,
        slot: Slot,
        ballot: Ballot,
        out: &mut Out<'_, MultiPaxos>,
    ) -> bool {
        let Some(i) = self
            .commanders
            .iter()
            .position(|c| c.pvalue.ballot == pvalue_ballot && c.pvalue.slot == slot)
        else {
            return false;
        };
        match self.commanders[i].receive(from, ballot, cx.acceptors.len()) {
            CommanderOutcome::Waiting => {}
            CommanderOutcome::Decided => {
                let c = self.commanders.remove(i);
                let PValue { slot, order, .. } = c.pvalue;
                let earlier = cx.ghost.decided.get(&slot).cloned();
                cx.ghost.decide(slot, &order);
                out.push(match earlier {
                    // Only a broken variant decides a day twice, differently.
                    Some(earlier) if earlier != order => Event::DecidedDifferently {
                        leader: cx.me,
                        slot,
                        order: order.clone(),
                        earlier,
                    },
                    earlier => Event::Decided {
                        leader: cx.me,
                        slot,
                        order: order.clone(),
                        again: earlier.is_some(),
                    },
                });
                for r in cx.replicas {
                    out.send(
                        cx.me,
                        *r,
                        Msg::Decision {
                            slot,
                            order: order.clone(),
                        },
                        0,
                    );
                }
            }
            CommanderOutcome::Preempted(by) => {
                self.commanders.remove(i);
                self.preempted(cx, by, out);
            }
        }
        true
    }

    /// Preempted by `by`: passive; in auto mode, try a higher ballot (at once, or after a wait).
    fn preempted(&mut self, cx: &mut Ctx<'_>, by: Ballot, out: &mut Out<'_, MultiPaxos>) {
        if by <= self.ballot || self.preempted_by.is_some_and(|p| by <= p) {
            return;
        }
        self.active = false;
        self.scout = None;
        self.preempted_by = Some(by);
        cx.ghost.preemptions += 1;
        out.push(Event::Preempted {
            leader: cx.me,
            ballot: self.ballot,
            by,
        });
        if !cx.auto.on {
            return;
        }
        if cx.auto.backoff {
            let wait = out
                .rng
                .between(self.timeout, self.timeout.saturating_mul(2));
            let until = out.now.saturating_add(wait);
            self.timeout = self.timeout.saturating_mul(2).min(MAX_BACKOFF);
            self.timer = Some(cx.timer(until));
            out.push(Event::Waits {
                leader: cx.me,
                until,
            });
        } else {
            let round = self.next_round();
            self.start_ballot(cx, round, out);
        }
    }

    /// Its timer fired (auto mode): a passive leader tries a higher ballot; an active one's commanders
    /// that still wait send their p2a again.
    pub fn fire(&mut self, cx: &mut Ctx<'_>, out: &mut Out<'_, MultiPaxos>) {
        self.timer = None;
        if !cx.auto.on {
            return;
        }
        if !self.active {
            let round = self.next_round();
            self.start_ballot(cx, round, out);
        } else if !self.commanders.is_empty() {
            for c in &self.commanders {
                out.push(Event::Retransmits {
                    leader: cx.me,
                    pvalue: c.pvalue.clone(),
                });
                c.send(cx.me, out);
            }
            self.timer = Some(cx.timer(out.now.saturating_add(self.timeout)));
        }
    }

    /// Auto mode switched: timers go when it is off. When on, an active leader's waiting commanders
    /// ask again after the timeout; a passive leader with proposals tries a ballot after a wait (drawn
    /// as after a preemption with backoff, else at once).
    pub fn switch(&mut self, cx: &mut Ctx<'_>, out: &mut Out<'_, MultiPaxos>) {
        if !cx.auto.on {
            self.timer = None;
            self.timeout = cx.base_timeout;
            return;
        }
        if self.timer.is_some() {
            return;
        }
        let now = out.now;
        let due = if self.active {
            (!self.commanders.is_empty()).then(|| now.saturating_add(self.timeout))
        } else if self.scout.is_some() {
            Some(now.saturating_add(self.timeout))
        } else if self.proposals.is_empty() {
            None
        } else if cx.auto.backoff {
            let wait = out
                .rng
                .between(self.timeout, self.timeout.saturating_mul(2));
            out.push(Event::Waits {
                leader: cx.me,
                until: now.saturating_add(wait),
            });
            Some(now.saturating_add(wait))
        } else {
            Some(now.saturating_add(1))
        };
        if let Some(due) = due {
            self.timer = Some(cx.timer(due));
        }
    }

    /// A crash loses everything but the ballot: proposals, scout, commanders, timer.
    pub fn crash(&mut self, base_timeout: u64) {
        let ballot = self.ballot;
        *self = Leader::new(ballot.leader, base_timeout);
        self.ballot = ballot;
        self.crashed = true;
    }
}
