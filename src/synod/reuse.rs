//! Copying a synod world into one that already has buffers (`clone_from`): the exhaustive checker
//! copies every state it steps from into one scratch world, so the acceptors' and leaders' vectors
//! and a round's quorum are reused, and a round's maps changed only where they differ, instead of
//! allocated and freed on every step. Each `clone_from` names every field (by destructuring), so a
//! new field cannot be forgotten. Stepped from the same state again, the scratch world is put back by
//! copying only the node the last step changed (`restore_after`: a delivery, crash or command changes
//! its own node's state and what the nodes share, nothing of another node's).

use super::acceptor::{Acceptor, Ledger};
use super::leader::{Leader, LeaderLedger, RoundPhase, RoundState};
use super::message::{Value, Vote};
use super::node::NodeId;
use super::world::Synod;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// `to` becomes a copy of `from`, touching no reference count when both already share one value (as
/// a scratch world's ghost sets mostly do: most steps change none).
fn share<T: ?Sized>(to: &mut Arc<T>, from: &Arc<T>) {
    if !Arc::ptr_eq(to, from) {
        to.clone_from(from);
    }
}

/// `to` becomes a copy of `from`, copied only if they differ (comparing small values is cheaper
/// than copying the dish names in them, each a reference count).
fn copy_if_changed<T: Clone + Same>(to: &mut T, from: &T) {
    if !to.same(from) {
        to.clone_from(from);
    }
}

/// `==` that first asks whether two dish names are one shared name, and compares their letters only
/// if not. Nearly every dish name in a search is a copy of one of the config's (one `Arc`), but
/// `Arc<str>`'s own `==` always compares the letters, which is most of what comparing a ledger costs.
trait Same {
    fn same(&self, other: &Self) -> bool;
}

impl Same for Value {
    fn same(&self, other: &Value) -> bool {
        Arc::ptr_eq(self, other) || self == other
    }
}

impl<T: Same> Same for Option<T> {
    fn same(&self, other: &Option<T>) -> bool {
        match (self, other) {
            (Some(a), Some(b)) => a.same(b),
            (None, None) => true,
            _ => false,
        }
    }
}

impl Same for Vote {
    fn same(&self, other: &Vote) -> bool {
        let Vote { round, value } = self;
        *round == other.round && value.same(&other.value)
    }
}

impl Same for Ledger {
    fn same(&self, other: &Ledger) -> bool {
        let Ledger {
            promised,
            accepted,
            decided,
        } = self;
        *promised == other.promised
            && accepted.same(&other.accepted)
            && decided.same(&other.decided)
    }
}

impl Same for Acceptor {
    fn same(&self, other: &Acceptor) -> bool {
        let Acceptor {
            ledger,
            crashed,
            promised_to,
        } = self;
        *crashed == other.crashed && *promised_to == other.promised_to && ledger.same(&other.ledger)
    }
}

impl Same for LeaderLedger {
    fn same(&self, other: &LeaderLedger) -> bool {
        let LeaderLedger {
            highest_seen,
            decided,
        } = self;
        *highest_seen == other.highest_seen && decided.same(&other.decided)
    }
}

impl Same for RoundPhase {
    fn same(&self, other: &RoundPhase) -> bool {
        match (self, other) {
            (RoundPhase::Preparing, RoundPhase::Preparing) => true,
            (
                RoundPhase::Proposing { value, accepted },
                RoundPhase::Proposing {
                    value: v,
                    accepted: a,
                },
            ) => value.same(v) && accepted == a,
            (RoundPhase::Decided { value }, RoundPhase::Decided { value: v }) => value.same(v),
            _ => false,
        }
    }
}

impl Clone for Synod {
    fn clone(&self) -> Synod {
        Synod {
            config: self.config.clone(),
            acceptors: self.acceptors.clone(),
            leaders: self.leaders.clone(),
            rounds: self.rounds.clone(),
            polled: self.polled.clone(),
            votes: self.votes.clone(),
            chosen: self.chosen.clone(),
            voted_values: self.voted_values.clone(),
            proposals: self.proposals.clone(),
            decisions: self.decisions.clone(),
            metrics: self.metrics.clone(),
            liveness: self.liveness.clone(),
        }
    }

    fn clone_from(&mut self, source: &Synod) {
        self.copy(source, None);
    }
}

/// Which of a vector's nodes can differ from the source's.
#[derive(Clone, Copy)]
enum Differ {
    Any,
    One(usize),
    NoneOf,
}

impl Differ {
    /// For a vector of `kind`'s nodes, given the one node a step changed (if known).
    fn of(changed: Option<NodeId>, kind: fn(NodeId) -> bool) -> Differ {
        match changed {
            None => Differ::Any,
            Some(n) if kind(n) => Differ::One(n.index()),
            Some(_) => Differ::NoneOf,
        }
    }
}

/// `to` becomes a copy of `from`, element by element with `copy`, where only `differ` may differ.
fn copy_nodes<T: Clone>(to: &mut Vec<T>, from: &Vec<T>, differ: Differ, copy: fn(&mut T, &T)) {
    if to.len() != from.len() {
        to.clone_from(from);
        return;
    }
    match differ {
        Differ::Any => to.iter_mut().zip(from).for_each(|(t, f)| copy(t, f)),
        Differ::One(i) => {
            if let (Some(t), Some(f)) = (to.get_mut(i), from.get(i)) {
                copy(t, f);
            }
        }
        Differ::NoneOf => {}
    }
}

impl Synod {
    /// [`Checkable::restore`](crate::sim::check::Checkable::restore): `self` was a copy of `source`
    /// before a step that changed `node`'s state alone (and what nodes share).
    pub(super) fn restore_after(&mut self, source: &Synod, node: NodeId) {
        self.copy(source, Some(node));
    }

    /// `self` becomes a copy of `source`; `changed`: the one node whose state can differ, if known.
    fn copy(&mut self, source: &Synod, changed: Option<NodeId>) {
        let Synod {
            config,
            acceptors,
            leaders,
            rounds,
            polled,
            votes,
            chosen,
            voted_values,
            proposals,
            decisions,
            metrics,
            liveness,
        } = self;
        share(config, &source.config);
        let acceptor = |n: NodeId| matches!(n, NodeId::Acceptor(_));
        let leader = |n: NodeId| matches!(n, NodeId::Leader(_));
        copy_nodes(
            acceptors,
            &source.acceptors,
            Differ::of(changed, acceptor),
            copy_if_changed,
        );
        copy_nodes(
            leaders,
            &source.leaders,
            Differ::of(changed, leader),
            Leader::clone_from,
        );
        share(rounds, &source.rounds);
        share(polled, &source.polled);
        votes.clone_from(&source.votes);
        share(chosen, &source.chosen);
        share(voted_values, &source.voted_values);
        share(proposals, &source.proposals);
        decisions.clone_from(&source.decisions);
        metrics.clone_from(&source.metrics);
        share(liveness, &source.liveness);
    }
}

impl Clone for Leader {
    fn clone(&self) -> Leader {
        Leader {
            preference: self.preference.clone(),
            ledger: self.ledger.clone(),
            crashed: self.crashed,
            current: self.current.clone(),
        }
    }

    fn clone_from(&mut self, source: &Leader) {
        let Leader {
            preference,
            ledger,
            crashed,
            current,
        } = self;
        share(preference, &source.preference);
        copy_if_changed(ledger, &source.ledger);
        *crashed = source.crashed;
        current.clone_from(&source.current);
    }
}

impl Clone for RoundState {
    fn clone(&self) -> RoundState {
        RoundState {
            round: self.round,
            quorum: self.quorum.clone(),
            need: self.need,
            promises: self.promises.clone(),
            phase: self.phase.clone(),
            preempted: self.preempted,
            system: self.system,
            acceptors: self.acceptors,
        }
    }

    fn clone_from(&mut self, source: &RoundState) {
        let RoundState {
            round,
            quorum,
            need,
            promises,
            phase,
            preempted,
            system,
            acceptors,
        } = self;
        *round = source.round;
        if *quorum != source.quorum {
            quorum.clone_from(&source.quorum);
        }
        *need = source.need;
        // Made equal in place: a scratch world stepped from the same state as last time mostly has
        // them already (a step changes at most one leader's), and a small map changed in place
        // keeps its node instead of allocating a new one.
        sync_map(promises, &source.promises);
        match (&mut *phase, &source.phase) {
            (
                RoundPhase::Proposing { value, accepted },
                RoundPhase::Proposing {
                    value: v,
                    accepted: a,
                },
            ) => {
                copy_if_changed(value, v);
                sync_set(accepted, a);
            }
            (phase, from) => copy_if_changed(phase, from),
        }
        *preempted = source.preempted;
        *system = source.system;
        *acceptors = source.acceptors;
    }
}

/// `to` becomes equal to `from`, changing only the entries that differ.
fn sync_map<K: Ord + Copy, V: Clone + Same>(to: &mut BTreeMap<K, V>, from: &BTreeMap<K, V>) {
    let equal = to.len() == from.len()
        && to
            .iter()
            .zip(from)
            .all(|((k, v), (l, w))| k == l && v.same(w));
    if equal {
        return;
    }
    to.retain(|k, _| from.contains_key(k));
    for (k, v) in from {
        match to.get_mut(k) {
            Some(mine) => copy_if_changed(mine, v),
            None => {
                to.insert(*k, v.clone());
            }
        }
    }
}

/// `to` becomes equal to `from`, changing only the elements that differ.
fn sync_set<T: Ord + Copy>(to: &mut BTreeSet<T>, from: &BTreeSet<T>) {
    if to == from {
        return;
    }
    to.retain(|x| from.contains(x));
    to.extend(from.iter().copied());
}
