//! The replica, a canteen (PMMC §3.1, Figure 2). It keeps `requests` (orders not yet proposed),
//! `proposals` (slot → order it proposed), `decisions` (slot → decided order), `slot_in` (the next slot
//! it may propose for) and `slot_out` (the next slot to serve).
//!
//! - It proposes only inside its window: `slot_in < slot_out + WINDOW`, and never for a slot already
//!   decided (PMMC's `propose`).
//! - On a decision it serves decided slots strictly in slot order; a slot it had proposed another order
//!   for gives that order back to `requests`, to be proposed again later (PMMC's `decision` handler).
//!   (The broken `out_of_order` variant serves a decided slot as soon as it hears of it, before the
//!   slots below it.)
//! - An order decided in two slots is served once: the second slot is skipped (PMMC's `perform`).
//!
//! Three small additions, each said where it is made: a request it already knows (waiting, proposed or
//! decided) is not taken twice; a displaced order already decided in another slot is not proposed again;
//! and `slot_in` never trails `slot_out` (it moves up to it after serving, as proposing for a decided
//! slot is pointless), so `slot_out ≤ slot_in ≤ slot_out + WINDOW` always holds. Decisions and what it
//! served are on stable storage; a recovered canteen asks the others for the decisions it missed.

use super::event::Event;
use super::message::{Msg, Order, Slot};
use super::node::NodeId;
use super::world::MultiPaxos;
use crate::sim::Out;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Replica {
    pub crashed: bool,
    pub slot_in: Slot,
    pub slot_out: Slot,
    /// Volatile: orders received and not yet proposed, oldest first.
    pub requests: Vec<Order>,
    /// Volatile: what it proposed, by slot, not yet decided.
    pub proposals: BTreeMap<Slot, Order>,
    /// Stable: every decision it heard of.
    pub decisions: BTreeMap<Slot, Order>,
    /// Stable: what it served, in order, with the slot.
    pub served: Vec<(Slot, Order)>,
}

impl Default for Replica {
    fn default() -> Replica {
        Replica {
            crashed: false,
            slot_in: 1,
            slot_out: 1,
            requests: Vec::new(),
            proposals: BTreeMap::new(),
            decisions: BTreeMap::new(),
            served: Vec::new(),
        }
    }
}

/// Who a replica talks to, and its window.
pub struct Peers<'a> {
    pub me: NodeId,
    pub leaders: &'a [NodeId],
    pub replicas: &'a [NodeId],
    pub window: u64,
    /// Serve strictly in slot order (false only in the broken `out_of_order` variant).
    pub in_order: bool,
}

impl Replica {
    /// Whether `order` is waiting, proposed or decided here (a request for it changes nothing).
    pub(super) fn knows(&self, order: &Order) -> bool {
        self.requests.contains(order)
            || self.proposals.values().any(|o| o == order)
            || self.decisions.values().any(|o| o == order)
    }

    /// A client's request.
    pub fn request(&mut self, p: &Peers<'_>, order: Order, out: &mut Out<'_, MultiPaxos>) {
        if self.knows(&order) {
            return;
        }
        self.requests.push(order.clone());
        self.propose(p, out);
        if self.requests.contains(&order) {
            out.push(Event::WindowFull {
                replica: p.me,
                order,
                slot_out: self.slot_out,
                window: p.window,
            });
        }
    }

    /// PMMC's `propose`: fills the free slots of the window with waiting orders.
    pub fn propose(&mut self, p: &Peers<'_>, out: &mut Out<'_, MultiPaxos>) {
        while self.slot_in < self.slot_out.saturating_add(p.window) && !self.requests.is_empty() {
            if !self.decisions.contains_key(&self.slot_in) {
                let order = self.requests.remove(0);
                self.proposals.insert(self.slot_in, order.clone());
                out.push(Event::Proposed {
                    replica: p.me,
                    slot: self.slot_in,
                    order: order.clone(),
                });
                for l in p.leaders {
                    out.send(
                        p.me,
                        *l,
                        Msg::Propose {
                            slot: self.slot_in,
                            order: order.clone(),
                        },
                        0,
                    );
                }
            }
            self.slot_in += 1;
        }
    }

    /// A decision for `slot` (from a commander, or a canteen helping this one catch up).
    pub fn decision(
        &mut self,
        p: &Peers<'_>,
        slot: Slot,
        order: Order,
        out: &mut Out<'_, MultiPaxos>,
    ) {
        if self.decisions.contains_key(&slot) || slot < self.slot_out {
            return;
        }
        self.decisions.insert(slot, order.clone());
        // The broken out_of_order variant serves a later day as soon as it is decided, before the
        // days before it.
        if !p.in_order && slot > self.slot_out {
            self.serve(p.me, slot, order, out);
        }
        while let Some(decided) = self.decisions.get(&self.slot_out).cloned() {
            if let Some(mine) = self.proposals.remove(&self.slot_out) {
                if mine != decided {
                    let again = !self.decisions.values().any(|o| *o == mine);
                    out.push(Event::Displaced {
                        replica: p.me,
                        slot: self.slot_out,
                        mine: mine.clone(),
                        decided: decided.clone(),
                        again,
                    });
                    if again && !self.requests.contains(&mine) {
                        self.requests.push(mine);
                    }
                }
            }
            self.perform(p.me, decided, out);
        }
        self.slot_in = self.slot_in.max(self.slot_out);
        self.propose(p, out);
    }

    /// PMMC's `perform`: serve the order of `slot_out`, unless it was served in an earlier slot.
    fn perform(&mut self, me: NodeId, order: Order, out: &mut Out<'_, MultiPaxos>) {
        let slot = self.slot_out;
        self.slot_out += 1;
        // Only the out_of_order variant has served a slot before its turn.
        if !self.served.iter().any(|(s, _)| *s == slot) {
            self.serve(me, slot, order, out);
        }
    }

    /// Serves `order` as `slot`'s, unless it was decided in an earlier slot (then it was served there).
    fn serve(&mut self, me: NodeId, slot: Slot, order: Order, out: &mut Out<'_, MultiPaxos>) {
        let earlier = self
            .decisions
            .range(..slot)
            .find(|(_, o)| **o == order)
            .map(|(s, _)| *s);
        match earlier {
            Some(served_on) => out.push(Event::Skipped {
                replica: me,
                slot,
                order,
                served_on,
            }),
            None => {
                self.served.push((slot, order.clone()));
                out.push(Event::Served {
                    replica: me,
                    slot,
                    order: order.clone(),
                });
                out.send(me, order.client, Msg::Response { order }, 0);
            }
        }
    }

    /// Another canteen asks for the decisions from `from` on.
    pub fn catch_up(&self, me: NodeId, to: NodeId, from: Slot, out: &mut Out<'_, MultiPaxos>) {
        for (slot, order) in self.decisions.range(from..) {
            out.send(
                me,
                to,
                Msg::Decision {
                    slot: *slot,
                    order: order.clone(),
                },
                0,
            );
        }
    }

    /// A crash loses the volatile state: waiting requests and open proposals.
    pub fn crash(&mut self) {
        self.crashed = true;
        self.requests.clear();
        self.proposals.clear();
    }

    /// Back with its decisions and what it served; it asks every other canteen what it missed.
    pub fn recover(&mut self, p: &Peers<'_>, out: &mut Out<'_, MultiPaxos>) {
        self.crashed = false;
        self.slot_in = self.slot_out;
        out.push(Event::CatchingUp {
            replica: p.me,
            from: self.slot_out,
        });
        for r in p.replicas.iter().filter(|r| **r != p.me) {
            out.send(
                p.me,
                *r,
                Msg::CatchUp {
                    from: self.slot_out,
                },
                0,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::multipaxos::{Action, Config, NodeId, Variant, World};
    use crate::sim::Simulation;

    /// Delivers the first messenger of `kind` from `from` to `to` (about `slot`, if given).
    fn deliver(w: &mut World, kind: &str, from: NodeId, to: NodeId, slot: Option<u64>) {
        let id = w
            .network
            .in_flight()
            .iter()
            .find(|m| {
                m.payload.kind() == kind
                    && m.from == from
                    && m.to == to
                    && slot.is_none_or(|s| m.payload.slot() == Some(s))
            })
            .map(|m| m.id)
            .unwrap_or_else(|| panic!("no {kind} from {from} to {to} in flight"));
        w.apply(&Action::Deliver(id)).expect("delivers");
    }

    /// Pizza and Sushi are proposed for Monday and Tuesday; only Tuesday is decided, and R2 hears it.
    fn tuesday_decided_first(variant: Variant) -> World {
        let mut w = World::new(Config {
            variant,
            ..Config::new(1)
        })
        .expect("config");
        let (c1, r1, r2, l1) = (
            NodeId::Client(1),
            NodeId::Replica(1),
            NodeId::Replica(2),
            NodeId::Leader(1),
        );
        let (a1, a2) = (NodeId::Acceptor(1), NodeId::Acceptor(2));
        for dish in ["Pizza", "Sushi"] {
            w.apply(&Action::Order {
                client: c1,
                dish: dish.into(),
            })
            .expect("orders");
            deliver(&mut w, "request", c1, r1, None);
        }
        deliver(&mut w, "propose", r1, l1, Some(1));
        deliver(&mut w, "propose", r1, l1, Some(2));
        w.apply(&Action::StartBallot {
            leader: l1,
            round: None,
        })
        .expect("starts a ballot");
        for a in [a1, a2] {
            deliver(&mut w, "p1a", l1, a, None);
            deliver(&mut w, "p1b", a, l1, None);
        }
        for a in [a1, a2] {
            deliver(&mut w, "p2a", l1, a, Some(2));
            deliver(&mut w, "p2b", a, l1, Some(2));
        }
        deliver(&mut w, "decision", l1, r2, Some(2));
        w
    }

    #[test]
    fn a_correct_canteen_waits_for_monday_and_the_out_of_order_variant_serves_tuesday_first() {
        let w = tuesday_decided_first(Variant::Correct);
        assert!(
            w.replicas[1].served.is_empty(),
            "a correct canteen waits for Monday"
        );
        assert_eq!(w.replicas[1].slot_out, 1);

        // The rule removed: Tuesday is served before Monday is even decided.
        let w = tuesday_decided_first(Variant::OutOfOrder);
        let served: Vec<(u64, &str)> = w.replicas[1]
            .served
            .iter()
            .map(|(s, o)| (*s, o.dish.as_str()))
            .collect();
        assert_eq!(served, [(2, "Sushi")]);
        assert_eq!(w.replicas[1].slot_out, 1, "Monday is still to come");
        assert!(w.broken.is_empty(), "one canteen alone breaks nothing yet");
    }
}
