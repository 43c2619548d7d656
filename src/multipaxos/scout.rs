//! The scout (PMMC §3.2, Figure 6): phase 1 of its leader's ballot. It sends ⟨p1a, b⟩ to every acceptor
//! and waits for a majority of ⟨p1b, b, pvalues⟩ with its own ballot, collecting the pvalues: then its
//! leader is *adopted*. A p1b with a higher ballot *preempts* it. A scout is part of its leader's state
//! (it dies with a crashed leader, and answers to it are then lost).

use super::message::{Ballot, Msg, PValue, Slot};
use super::node::NodeId;
use super::world::MultiPaxos;
use crate::sim::Out;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Scout {
    pub ballot: Ballot,
    /// Acceptors it still waits for.
    pub waitfor: BTreeSet<NodeId>,
    /// Every pvalue reported so far.
    pub pvalues: BTreeSet<PValue>,
}

/// What a p1b did to a scout.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScoutOutcome {
    Waiting,
    Adopted(BTreeSet<PValue>),
    Preempted(Ballot),
}

impl Scout {
    /// Sends ⟨p1a, ballot⟩ to every acceptor.
    pub fn start(
        leader: NodeId,
        ballot: Ballot,
        acceptors: &[NodeId],
        out: &mut Out<'_, MultiPaxos>,
    ) -> Scout {
        for a in acceptors {
            out.send(leader, *a, Msg::P1a { ballot }, 0);
        }
        Scout {
            ballot,
            waitfor: acceptors.iter().copied().collect(),
            pvalues: BTreeSet::new(),
        }
    }

    /// A p1b from `from` whose ballot is `ballot`, reporting `accepted`; `acceptors` in all.
    pub fn receive(
        &mut self,
        from: NodeId,
        ballot: Ballot,
        accepted: &[PValue],
        acceptors: usize,
    ) -> ScoutOutcome {
        if ballot != self.ballot {
            return ScoutOutcome::Preempted(ballot);
        }
        if self.waitfor.remove(&from) {
            self.pvalues.extend(accepted.iter().cloned());
        }
        if 2 * self.waitfor.len() < acceptors {
            ScoutOutcome::Adopted(self.pvalues.clone())
        } else {
            ScoutOutcome::Waiting
        }
    }
}

/// PMMC's `pmax`: for each slot, the order of the pvalue with the highest ballot.
pub fn pmax(pvalues: &BTreeSet<PValue>) -> BTreeMap<Slot, PValue> {
    let mut best: BTreeMap<Slot, PValue> = BTreeMap::new();
    for pv in pvalues {
        match best.get(&pv.slot) {
            Some(b) if b.ballot >= pv.ballot => {}
            _ => {
                best.insert(pv.slot, pv.clone());
            }
        }
    }
    best
}
