//! The leader (the president of a round) and learner of its own rounds: Part-Time Parliament §2.2
//! steps 1, 3 and 5; Paxos Made Simple §2.2–2.3.
//!
//! - Starts a round with a quorum it picks. Round numbers are unique: the world refuses a round that is
//!   taken; a number the leader picks itself comes from its residue class (leader L*n* of *k* leaders:
//!   `r ≡ n (mod k)`), above every round it has seen — while a user may name any free round.
//! - When enough of the quorum promised — all of it as on the slides, or any majority as in Paxos Made
//!   Simple §2.2 ([`QuorumRule`](super::config::QuorumRule)) — it proposes, to those that promised, the
//!   value of the highest round reported, else its own preference (this is what makes later rounds safe).
//! - When as many accepted, it decides and tells everyone.

use super::config::Variant;
use super::event::{Event, IgnoreReason};
use super::message::{Msg, Round, Value, Vote};
use super::node::NodeId;
use super::quorums::Quorums;
use super::world::{node_ids, FirstDecision, Synod};
use crate::sim::{Messenger, Out};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// What survives a leader's crash.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct LeaderLedger {
    /// The highest round number this leader has started or heard of (keeps its numbers fresh).
    pub highest_seen: Round,
    pub decided: Option<Value>,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RoundPhase {
    Preparing,
    Proposing {
        value: Value,
        accepted: BTreeSet<NodeId>,
    },
    Decided {
        value: Value,
    },
}

/// The leader's current round: volatile, lost in a crash.
#[derive(Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RoundState {
    pub round: Round,
    /// The acceptors polled.
    pub quorum: Vec<NodeId>,
    /// How many promises (and then acceptances) the round waits for.
    pub need: usize,
    /// The promises received while preparing, each with the vote it reported (kept after the round
    /// moves on, so the panels can say what forced the value).
    pub promises: BTreeMap<NodeId, Option<Vote>>,
    pub phase: RoundPhase,
    /// An acceptor said it is in a higher round: this round cannot finish.
    pub preempted: Option<(NodeId, Round)>,
    /// The quorum system and the chamber's size (majorities unless the config says otherwise).
    #[serde(default, skip_serializing_if = "Quorums::is_majority")]
    pub system: Quorums,
    #[serde(default)]
    pub acceptors: usize,
}

impl RoundState {
    /// Whether the promises so far are enough to propose.
    fn promises_enough(&self) -> bool {
        if self.system.is_majority() {
            return self.promises.len() >= self.need;
        }
        self.system
            .phase1(self.acceptors, self.promises.keys().copied())
    }

    /// How many acceptances the round waits for, and whether `accepted` are enough to decide.
    fn acceptances_enough(&self, accepted: &BTreeSet<NodeId>) -> (usize, bool) {
        if self.system.is_majority() {
            return (self.need, accepted.len() >= self.need);
        }
        (
            self.system.phase2_size(self.acceptors),
            self.system.phase2(self.acceptors, accepted.iter().copied()),
        )
    }
}

#[derive(Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Leader {
    pub preference: Value,
    pub ledger: LeaderLedger,
    pub crashed: bool,
    pub current: Option<RoundState>,
}

/// What a leader did with a promise or an acceptance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Tally {
    NotCurrentRound(Option<Round>),
    PhaseOver,
    NotInQuorum,
    Counted {
        have: usize,
        need: usize,
        duplicate: bool,
    },
    /// The last promise came in: propose `value` (forced by `forced_by`'s report, if any).
    Propose {
        need: usize,
        value: Value,
        forced_by: Option<(NodeId, Vote)>,
    },
    /// The last acceptance came in: `value` is chosen.
    Decide {
        need: usize,
        value: Value,
    },
}

/// The report that forces a round's value: the highest round reported wins; among equal rounds the
/// value is the same in correct Paxos, and the lowest acceptor name breaks the tie deterministically
/// in broken variants.
pub fn highest_report(promises: &BTreeMap<NodeId, Option<Vote>>) -> Option<(NodeId, Vote)> {
    promises
        .iter()
        .filter_map(|(a, v)| v.as_ref().map(|v| (*a, v.clone())))
        .max_by(|(a1, v1), (a2, v2)| v1.round.cmp(&v2.round).then(a2.cmp(a1)))
}

/// Which reported vote forces a round's value: the highest (Paxos), or in a broken variant the lowest,
/// or none (the leader's own dish).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pick {
    Highest,
    Lowest,
    Own,
}

/// The lowest-round report (the broken `lowest_vote` variant).
pub fn lowest_report(promises: &BTreeMap<NodeId, Option<Vote>>) -> Option<(NodeId, Vote)> {
    promises
        .iter()
        .filter_map(|(a, v)| v.as_ref().map(|v| (*a, v.clone())))
        .min_by(|(a1, v1), (a2, v2)| v1.round.cmp(&v2.round).then(a1.cmp(a2)))
}

impl Leader {
    pub fn new(preference: Value) -> Leader {
        Leader {
            preference,
            ledger: LeaderLedger::default(),
            crashed: false,
            current: None,
        }
    }

    /// The next round number of leader `index` (0-based) of `leaders`: above everything it has seen, in
    /// its own residue class, and not taken by a named round.
    pub fn next_round(
        &self,
        index: usize,
        leaders: usize,
        taken: &BTreeMap<Round, NodeId>,
    ) -> Round {
        let k = leaders.max(1) as u64;
        let class = (index as u64 + 1) % k;
        let mut r = self.ledger.highest_seen + 1;
        r += (class + k - r % k) % k;
        while taken.contains_key(&r) {
            r += k;
        }
        r
    }

    /// Starts `round`, polling `quorum` and waiting for `need` answers.
    pub fn start(&mut self, round: Round, quorum: Vec<NodeId>, need: usize) {
        self.start_under(round, quorum, need, Quorums::Majority, 0);
    }

    /// [`Leader::start`] under a quorum system of `acceptors` acceptors: a flexible one waits for a
    /// phase-1 quorum of promises and then for a phase-2 quorum of acceptances from all acceptors.
    pub fn start_under(
        &mut self,
        round: Round,
        quorum: Vec<NodeId>,
        need: usize,
        system: Quorums,
        acceptors: usize,
    ) {
        self.ledger.highest_seen = self.ledger.highest_seen.max(round);
        self.current = Some(RoundState {
            round,
            quorum,
            need,
            promises: BTreeMap::new(),
            phase: RoundPhase::Preparing,
            preempted: None,
            system,
            acceptors,
        });
    }

    pub fn hear_round(&mut self, round: Round) {
        self.ledger.highest_seen = self.ledger.highest_seen.max(round);
    }

    fn round_for(&mut self, round: Round, from: NodeId) -> Result<&mut RoundState, Tally> {
        match self.current.as_mut() {
            Some(state) if state.round == round => {
                if state.quorum.contains(&from) {
                    Ok(state)
                } else {
                    Err(Tally::NotInQuorum)
                }
            }
            other => Err(Tally::NotCurrentRound(other.map(|s| s.round))),
        }
    }

    pub fn on_promise(&mut self, from: NodeId, round: Round, accepted: Option<Vote>) -> Tally {
        self.on_promise_picking(from, round, accepted, Pick::Highest)
    }

    /// [`Leader::on_promise`] with the rule for the value a round proposes: correct Paxos picks the
    /// highest-round vote reported; the broken variants pick their own dish or the lowest vote.
    pub fn on_promise_picking(
        &mut self,
        from: NodeId,
        round: Round,
        accepted: Option<Vote>,
        pick: Pick,
    ) -> Tally {
        if let Some(v) = &accepted {
            self.hear_round(v.round);
        }
        let preference = self.preference.clone();
        let state = match self.round_for(round, from) {
            Ok(s) => s,
            Err(t) => return t,
        };
        let need = state.need;
        if state.phase != RoundPhase::Preparing {
            return Tally::PhaseOver;
        }
        let duplicate = state.promises.insert(from, accepted).is_some();
        let have = state.promises.len();
        if duplicate || !state.promises_enough() {
            return Tally::Counted {
                have,
                need,
                duplicate,
            };
        }
        let promises = &state.promises;
        let forced_by = match pick {
            Pick::Highest => highest_report(promises),
            Pick::Lowest => lowest_report(promises),
            Pick::Own => None,
        };
        let value = forced_by
            .as_ref()
            .map_or(preference, |(_, v)| v.value.clone());
        state.phase = RoundPhase::Proposing {
            value: value.clone(),
            accepted: BTreeSet::new(),
        };
        Tally::Propose {
            need,
            value,
            forced_by,
        }
    }

    pub fn on_accepted(&mut self, from: NodeId, round: Round) -> Tally {
        let state = match self.round_for(round, from) {
            Ok(s) => s,
            Err(t) => return t,
        };
        let RoundPhase::Proposing { accepted, .. } = &mut state.phase else {
            return Tally::PhaseOver;
        };
        let duplicate = !accepted.insert(from);
        let have = accepted.len();
        let RoundPhase::Proposing { value, accepted } = &state.phase else {
            return Tally::PhaseOver;
        };
        let (need, enough) = state.acceptances_enough(accepted);
        if duplicate || !enough {
            return Tally::Counted {
                have,
                need,
                duplicate,
            };
        }
        let value = value.clone();
        state.phase = RoundPhase::Decided {
            value: value.clone(),
        };
        if self.ledger.decided.is_none() {
            self.ledger.decided = Some(value.clone());
        }
        Tally::Decide { need, value }
    }

    /// The acceptors the current round proposes to: those that promised; every acceptor under a
    /// flexible quorum system (a phase-2 quorum need not be among the promisers).
    pub fn promised_by(&self) -> impl Iterator<Item = NodeId> + '_ {
        let (every, promised) = match &self.current {
            Some(s) if !s.system.is_majority() => (s.acceptors, None),
            Some(s) => (0, Some(s.promises.keys().copied())),
            None => (0, None),
        };
        (0..every)
            .map(NodeId::acceptor)
            .chain(promised.into_iter().flatten())
    }

    /// An acceptor refused `round` because it promised `promised`. Returns whether it preempted the
    /// current round (rather than an old one).
    pub fn on_refuse(&mut self, from: NodeId, round: Round, promised: Round) -> bool {
        self.hear_round(promised);
        match self.current.as_mut() {
            // A round that already decided cannot be preempted: a late refusal changes nothing.
            Some(state)
                if state.round == round
                    && state.preempted.is_none()
                    && !matches!(state.phase, RoundPhase::Decided { .. }) =>
            {
                state.preempted = Some((from, promised));
                true
            }
            _ => false,
        }
    }
}

/// The leader's side of the world: starting a round, and a messenger that reached leader `m.to`.
impl Synod {
    pub(super) fn leader_receives(&mut self, m: Messenger<NodeId, Msg>, out: &mut Out<'_, Synod>) {
        let me = m.to;
        let from = m.from;
        let ignored = |why| Event::Ignored {
            node: me,
            from,
            msg: m.payload.clone(),
            why,
        };
        let Some(leader) = self.leaders.get_mut(me.index()) else {
            return;
        };
        let (tally, round) = match &m.payload {
            Msg::Promise { round, accepted } => {
                let pick = match self.config.variant {
                    Variant::OwnDish => Pick::Own,
                    Variant::LowestVote => Pick::Lowest,
                    _ => Pick::Highest,
                };
                (
                    leader.on_promise_picking(from, *round, accepted.clone(), pick),
                    *round,
                )
            }
            Msg::Accepted { round, .. } => (leader.on_accepted(from, *round), *round),
            Msg::Refuse {
                round, promised, ..
            } => {
                if leader.on_refuse(from, *round, *promised) {
                    out.push_with(|| Event::Preempted {
                        leader: me,
                        acceptor: from,
                        round: *round,
                        higher: *promised,
                    });
                    self.preempted(me, *round, *promised, out);
                } else {
                    let current = leader.current.as_ref().map(|s| s.round);
                    out.push_with(|| ignored(IgnoreReason::NotCurrentRound { current }));
                }
                return;
            }
            Msg::Decided { value } => {
                self.learn(me, value, out);
                return;
            }
            Msg::Heartbeat => {
                self.heard(me, from, out);
                return;
            }
            Msg::Prepare { .. } | Msg::Propose { .. } => {
                out.push_with(|| ignored(IgnoreReason::NotForMe));
                return;
            }
        };
        let is_promise = matches!(m.payload, Msg::Promise { .. });
        let counted = |have, need, duplicate| {
            if is_promise {
                Event::PromiseCounted {
                    leader: me,
                    acceptor: from,
                    round,
                    have,
                    need,
                    duplicate,
                }
            } else {
                Event::AcceptCounted {
                    leader: me,
                    acceptor: from,
                    round,
                    have,
                    need,
                    duplicate,
                }
            }
        };
        match tally {
            Tally::NotCurrentRound(current) => {
                out.push_with(|| ignored(IgnoreReason::NotCurrentRound { current }))
            }
            Tally::PhaseOver => out.push_with(|| ignored(IgnoreReason::PhaseOver)),
            Tally::NotInQuorum => out.push_with(|| ignored(IgnoreReason::NotInQuorum)),
            Tally::Counted {
                have,
                need,
                duplicate,
            } => out.push_with(|| counted(have, need, duplicate)),
            Tally::Propose {
                need,
                value,
                forced_by,
            } => {
                out.push_with(|| counted(need, need, false));
                out.push_with(|| Event::Proposed {
                    leader: me,
                    round,
                    value: value.clone(),
                    forced_by,
                });
                // To those that promised: the whole quorum as on the slides, the first majority to
                // answer under the any-majority rule (Paxos Made Simple §2.2).
                for a in leader.promised_by() {
                    let msg = Msg::Propose {
                        round,
                        value: value.clone(),
                    };
                    out.send(me, a, msg, m.depth + 1);
                }
            }
            Tally::Decide { need, value } => {
                out.push_with(|| counted(need, need, false));
                // The leader decides what its own round agreed on (and says so), even if its ledger
                // already held another decision — which only a broken variant allows.
                self.decisions.insert((value.clone(), me));
                self.decided_progress(me, out.now);
                out.push_with(|| Event::Decided {
                    leader: me,
                    round,
                    value: value.clone(),
                });
                if self.metrics.first_decision.is_none() {
                    self.metrics.first_decision = Some(FirstDecision {
                        leader: me,
                        round,
                        value: value.clone(),
                        at_time: out.now,
                        message_rounds: m.depth,
                    });
                }
                for node in node_ids(self.acceptors.len(), self.leaders.len()).filter(|&n| n != me)
                {
                    let msg = Msg::Decided {
                        value: value.clone(),
                    };
                    out.send(me, node, msg, m.depth + 1);
                }
            }
        }
    }

    pub(super) fn start_round(
        &mut self,
        leader: NodeId,
        quorum: &[NodeId],
        named: Option<Round>,
        out: &mut Out<'_, Synod>,
    ) {
        let index = leader.index();
        let k = self.leaders.len();
        let Some(l) = self.leaders.get_mut(index) else {
            return;
        };
        let round = named.unwrap_or_else(|| {
            if self.config.variant == Variant::SharedRound {
                // Without unique round numbers a leader counts from what it has seen, like any other.
                let own: BTreeMap<Round, NodeId> = self
                    .rounds
                    .iter()
                    .filter(|(_, by)| **by == leader)
                    .map(|(r, by)| (*r, *by))
                    .collect();
                l.next_round(0, 1, &own)
            } else {
                l.next_round(index, k, &self.rounds)
            }
        });
        let (system, n) = (self.config.quorums, self.acceptors.len());
        let need = if system.is_majority() {
            self.config
                .quorum_rule
                .needs(quorum.len(), self.config.majority())
        } else {
            system.phase1_size(n)
        };
        l.start_under(round, quorum.to_vec(), need, system, n);
        std::sync::Arc::make_mut(&mut self.rounds).insert(round, leader);
        std::sync::Arc::make_mut(&mut self.polled).insert(round, quorum.into());
        self.metrics.rounds_started += 1;
        out.push_with(|| Event::RoundStarted {
            leader,
            round,
            quorum: quorum.to_vec(),
        });
        for &a in quorum {
            out.send(leader, a, Msg::Prepare { round }, 1);
        }
        self.round_started(leader, round, out.now);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a(i: u8) -> NodeId {
        NodeId::Acceptor(i)
    }

    #[test]
    fn round_numbers_stay_in_residue_class_and_skip_taken() {
        let mut l = Leader::new("Thai".into());
        let none = BTreeMap::new();
        assert_eq!(l.next_round(0, 1, &none), 1);
        assert_eq!(l.next_round(0, 2, &none), 1);
        assert_eq!(Leader::new("x".into()).next_round(1, 2, &none), 2);
        assert_eq!(Leader::new("x".into()).next_round(2, 3, &none), 3);
        l.hear_round(10);
        assert_eq!(l.next_round(0, 2, &none), 11);
        assert_eq!(l.next_round(1, 2, &none), 12);
        assert_eq!(l.next_round(0, 3, &none), 13);
        let taken = BTreeMap::from([(11, NodeId::Leader(2))]);
        assert_eq!(l.next_round(0, 2, &taken), 13);
    }

    #[test]
    fn proposes_highest_reported_value_else_own() {
        let mut l = Leader::new("Thai".into());
        l.start(10, vec![a(1), a(2), a(3)], 3);
        let v = |r, s: &str| {
            Some(Vote {
                round: r,
                value: s.into(),
            })
        };
        assert!(matches!(
            l.on_promise(a(1), 10, None),
            Tally::Counted {
                have: 1,
                need: 3,
                duplicate: false
            }
        ));
        assert!(matches!(
            l.on_promise(a(1), 10, None),
            Tally::Counted {
                have: 1,
                duplicate: true,
                ..
            }
        ));
        l.on_promise(a(2), 10, v(6, "Thai"));
        match l.on_promise(a(3), 10, v(7, "Taco")) {
            Tally::Propose {
                value, forced_by, ..
            } => {
                assert_eq!(&*value, "Taco");
                assert_eq!(forced_by.map(|f| f.0), Some(a(3)));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(l.on_promise(a(3), 10, None), Tally::PhaseOver);
        assert_eq!(
            l.on_promise(a(1), 8, None),
            Tally::NotCurrentRound(Some(10))
        );
        assert_eq!(l.on_promise(a(4), 10, None), Tally::NotInQuorum);

        let mut own = Leader::new("Pizza".into());
        own.start(1, vec![a(1), a(2)], 2);
        own.on_promise(a(1), 1, None);
        assert!(
            matches!(own.on_promise(a(2), 1, None), Tally::Propose { value, forced_by: None, .. } if &*value == "Pizza")
        );
    }

    #[test]
    fn decides_when_whole_quorum_accepted() {
        let mut l = Leader::new("Taco".into());
        l.start(1, vec![a(1), a(2)], 2);
        l.on_promise(a(1), 1, None);
        l.on_promise(a(2), 1, None);
        assert!(matches!(
            l.on_accepted(a(2), 1),
            Tally::Counted { have: 1, .. }
        ));
        assert!(matches!(
            l.on_accepted(a(2), 1),
            Tally::Counted {
                duplicate: true,
                ..
            }
        ));
        assert!(matches!(l.on_accepted(a(1), 1), Tally::Decide { value, .. } if &*value == "Taco"));
        assert_eq!(l.ledger.decided.as_deref(), Some("Taco"));
        assert_eq!(l.on_accepted(a(1), 1), Tally::PhaseOver);
    }

    #[test]
    fn any_majority_goes_on_without_the_last_member() {
        let mut l = Leader::new("Thai".into());
        l.start(8, vec![a(1), a(2), a(3)], 2);
        l.on_promise(a(1), 8, None);
        let vote = Vote {
            round: 6,
            value: "Thai".into(),
        };
        assert!(matches!(
            l.on_promise(a(2), 8, Some(vote)),
            Tally::Propose { need: 2, value, .. } if &*value == "Thai"
        ));
        assert_eq!(l.promised_by().collect::<Vec<_>>(), vec![a(1), a(2)]);
        // A3's promise arrives after the round moved on: it changes nothing.
        assert_eq!(l.on_promise(a(3), 8, None), Tally::PhaseOver);
        assert_eq!(l.promised_by().collect::<Vec<_>>(), vec![a(1), a(2)]);
        assert!(matches!(
            l.on_accepted(a(2), 8),
            Tally::Counted {
                have: 1,
                need: 2,
                ..
            }
        ));
        assert!(matches!(
            l.on_accepted(a(1), 8),
            Tally::Decide { need: 2, .. }
        ));
    }

    #[test]
    fn refusal_preempts_current_round_once() {
        let mut l = Leader::new("Taco".into());
        l.start(6, vec![a(1), a(2)], 2);
        assert!(l.on_refuse(a(2), 6, 10));
        assert!(!l.on_refuse(a(1), 6, 10));
        assert!(!l.on_refuse(a(1), 4, 10));
        assert_eq!(l.ledger.highest_seen, 10);
    }

    #[test]
    fn a_decided_round_is_not_preempted() {
        let mut l = Leader::new("Taco".into());
        l.start(6, vec![a(1), a(2)], 2);
        l.on_promise(a(1), 6, None);
        l.on_promise(a(2), 6, None);
        l.on_accepted(a(1), 6);
        l.on_accepted(a(2), 6);
        assert!(!l.on_refuse(a(3), 6, 9));
        assert_eq!(l.current.as_ref().and_then(|s| s.preempted), None);
    }
}
