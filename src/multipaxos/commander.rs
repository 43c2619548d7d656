//! The commander (PMMC §3.2, Figure 5): phase 2 for one pvalue ⟨b, s, c⟩ of its leader. It sends
//! ⟨p2a, ⟨b, s, c⟩⟩ to every acceptor and waits for a majority of ⟨p2b, b⟩: then s is decided and it
//! tells every replica. A p2b with a higher ballot *preempts* its leader. A commander is part of its
//! leader's state (it dies with a crashed leader).

use super::message::{Ballot, Msg, PValue};
use super::node::NodeId;
use super::world::MultiPaxos;
use crate::sim::Out;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Commander {
    pub pvalue: PValue,
    /// Acceptors it still waits for.
    pub waitfor: BTreeSet<NodeId>,
}

/// What a p2b did to a commander.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CommanderOutcome {
    Waiting,
    Decided,
    Preempted(Ballot),
}

impl Commander {
    /// Sends ⟨p2a, pvalue⟩ to every acceptor.
    pub fn start(
        leader: NodeId,
        pvalue: PValue,
        acceptors: &[NodeId],
        out: &mut Out<'_, MultiPaxos>,
    ) -> Commander {
        let c = Commander {
            pvalue,
            waitfor: acceptors.iter().copied().collect(),
        };
        c.send(leader, out);
        c
    }

    /// Sends the p2a to every acceptor it still waits for.
    pub fn send(&self, leader: NodeId, out: &mut Out<'_, MultiPaxos>) {
        for a in &self.waitfor {
            out.send(
                leader,
                *a,
                Msg::P2a {
                    pvalue: self.pvalue.clone(),
                },
                0,
            );
        }
    }

    /// A p2b from `from` with the acceptor's `ballot`; `acceptors` in all.
    pub fn receive(&mut self, from: NodeId, ballot: Ballot, acceptors: usize) -> CommanderOutcome {
        if ballot != self.pvalue.ballot {
            return CommanderOutcome::Preempted(ballot);
        }
        self.waitfor.remove(&from);
        if 2 * self.waitfor.len() < acceptors {
            CommanderOutcome::Decided
        } else {
            CommanderOutcome::Waiting
        }
    }
}
