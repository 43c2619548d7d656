//! The acceptor (PMMC §3.3, Figure 4): its ballot (⊥ at first) and the set of pvalues it accepted, both
//! on stable storage, so a crash keeps them.
//!
//! - On ⟨p1a, b⟩: if b is above its ballot it adopts b; it answers ⟨p1b, ballot, accepted⟩.
//! - On ⟨p2a, ⟨b, s, c⟩⟩: if b is at least its ballot it adopts b, and accepts the pvalue only if b is
//!   then its ballot; it answers ⟨p2b, ballot⟩. (The broken `old_ballot` variant removes the check:
//!   it accepts a pvalue of a lower ballot too, see [`Acceptor::p2a_checking`].)

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
        self.p2a_checking(me, from, pvalue, true, out);
    }

    /// [`Acceptor::p2a`], with or without the ballot check: the broken `old_ballot` variant (`check`
    /// false) also accepts a pvalue whose ballot is below its own, and answers as if that were its
    /// ballot (so the commander counts the vote), though its own ballot does not go down.
    pub fn p2a_checking(
        &mut self,
        me: NodeId,
        from: NodeId,
        pvalue: PValue,
        check: bool,
        out: &mut Out<'_, MultiPaxos>,
    ) {
        if self.ballot.is_none_or(|b| pvalue.ballot >= b) {
            self.ballot = Some(pvalue.ballot);
        }
        let own = self.ballot.unwrap_or(pvalue.ballot);
        let below = !check && pvalue.ballot < own;
        let ballot = if below { pvalue.ballot } else { own };
        if ballot == pvalue.ballot {
            self.accepted.insert(pvalue.clone());
        }
        out.push(if below {
            Event::VotedBelow {
                acceptor: me,
                pvalue: pvalue.clone(),
                ballot: own,
            }
        } else {
            Event::Voted {
                acceptor: me,
                pvalue: pvalue.clone(),
                ballot,
            }
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

#[cfg(test)]
mod tests {
    use crate::multipaxos::{Action, Config, Msg, NodeId, Variant, World};
    use crate::sim::Simulation;

    fn deliver(w: &mut World, kind: &str, from: NodeId, to: NodeId) {
        let id = w
            .network
            .in_flight()
            .iter()
            .find(|m| m.payload.kind() == kind && m.from == from && m.to == to)
            .map(|m| m.id)
            .unwrap_or_else(|| panic!("no {kind} from {from} to {to} in flight"));
        w.apply(&Action::Deliver(id)).expect("delivers");
    }

    /// A1 promised (1, L2), then L1's p2a of ballot (1, L1) reaches it.
    fn old_p2a_reaches_a1(variant: Variant) -> World {
        let mut w = World::new(Config {
            variant,
            ..Config::new(1)
        })
        .expect("config");
        let (c1, r1) = (NodeId::Client(1), NodeId::Replica(1));
        let (l1, l2) = (NodeId::Leader(1), NodeId::Leader(2));
        let (a1, a2) = (NodeId::Acceptor(1), NodeId::Acceptor(2));
        let act = |w: &mut World, a: Action| {
            w.apply(&a).expect("applies");
        };
        act(
            &mut w,
            Action::Order {
                client: c1,
                dish: "Pizza".into(),
            },
        );
        deliver(&mut w, "request", c1, r1);
        deliver(&mut w, "propose", r1, l1);
        act(
            &mut w,
            Action::StartBallot {
                leader: l1,
                round: None,
            },
        );
        for a in [a1, a2] {
            deliver(&mut w, "p1a", l1, a);
            deliver(&mut w, "p1b", a, l1);
        }
        act(
            &mut w,
            Action::StartBallot {
                leader: l2,
                round: None,
            },
        );
        deliver(&mut w, "p1a", l2, a1);
        deliver(&mut w, "p2a", l1, a1);
        w
    }

    #[test]
    fn a_correct_acceptor_refuses_a_p2a_below_its_ballot_and_the_old_ballot_variant_accepts_it() {
        let l2 = NodeId::Leader(2);
        let w = old_p2a_reaches_a1(Variant::Correct);
        let a1 = &w.acceptors[0];
        assert_eq!(a1.ballot.map(|b| b.leader), Some(l2));
        assert!(a1.accepted.is_empty(), "a correct acceptor refuses it");
        let answer = w
            .network
            .in_flight()
            .iter()
            .find(|m| m.payload.kind() == "p2b")
            .map(|m| m.payload.clone());
        assert!(
            matches!(answer, Some(Msg::P2b { ballot, .. }) if ballot.leader == l2),
            "it answers with its own ballot, which preempts L1: {answer:?}"
        );

        let w = old_p2a_reaches_a1(Variant::OldBallot);
        let a1 = &w.acceptors[0];
        assert_eq!(
            a1.ballot.map(|b| b.leader),
            Some(l2),
            "its ballot does not go down"
        );
        assert_eq!(a1.accepted.len(), 1, "the variant accepts it");
        let answer = w
            .network
            .in_flight()
            .iter()
            .find(|m| m.payload.kind() == "p2b")
            .map(|m| m.payload.clone());
        assert!(
            matches!(answer, Some(Msg::P2b { ballot, pvalue_ballot, .. }) if ballot == pvalue_ballot),
            "and answers as an acceptance: {answer:?}"
        );
        assert!(
            w.broken.is_empty(),
            "one acceptance breaks nothing yet: {:?}",
            w.broken
        );
    }
}
