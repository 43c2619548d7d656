//! The acceptor (PMMC §3.3, Figure 4): its ballot (⊥ at first) and the set of pvalues it accepted, both
//! on stable storage, so a crash keeps them.
//!
//! - On ⟨p1a, b⟩: if b is above its ballot it adopts b; it answers ⟨p1b, ballot, accepted⟩.
//! - On ⟨p2a, ⟨b, s, c⟩⟩: if b is at least its ballot it adopts b, and accepts the pvalue only if b is
//!   then its ballot; it answers ⟨p2b, ballot⟩.

use super::event::Event;
use super::message::{Ballot, Msg, PValue};
use super::node::NodeId;
use super::world::MultiPaxos;
use crate::sim::Out;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Acceptor {
    pub crashed: bool,
    /// Stable: the highest ballot adopted (⊥ as `None`).
    pub ballot: Option<Ballot>,
    /// Stable: every pvalue accepted.
    pub accepted: BTreeSet<PValue>,
}

impl Acceptor {
    /// A p1a for `asked`: adopt it if higher, then report.
    pub fn p1a(&mut self, me: NodeId, from: NodeId, asked: Ballot, out: &mut Out<'_, MultiPaxos>) {
        if self.ballot.is_none_or(|b| asked > b) {
            self.ballot = Some(asked);
        }
        let ballot = self.ballot.unwrap_or(asked);
        let accepted: Vec<PValue> = self.accepted.iter().cloned().collect();
        out.push(Event::Promised {
            acceptor: me,
            asked,
            ballot,
            accepted: accepted.clone(),
        });
        out.send(
            me,
            from,
            Msg::P1b {
                scout: asked,
                ballot,
                accepted,
            },
            0,
        );
    }

    /// A p2a for `pvalue`: accept it if its ballot is (after adopting a higher one) the acceptor's.
    pub fn p2a(&mut self, me: NodeId, from: NodeId, pvalue: PValue, out: &mut Out<'_, MultiPaxos>) {
        if self.ballot.is_none_or(|b| pvalue.ballot >= b) {
            self.ballot = Some(pvalue.ballot);
        }
        let ballot = self.ballot.unwrap_or(pvalue.ballot);
        if ballot == pvalue.ballot {
            self.accepted.insert(pvalue.clone());
        }
        out.push(Event::Voted {
            acceptor: me,
            pvalue: pvalue.clone(),
            ballot,
        });
        out.send(
            me,
            from,
            Msg::P2b {
                pvalue_ballot: pvalue.ballot,
                slot: pvalue.slot,
                ballot,
            },
            0,
        );
    }
}
