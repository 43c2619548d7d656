//! Multi-Paxos's named properties, checked after every step (PMMC §3's invariants, in the canteen's
//! words):
//! - **one_order_per_slot**: no two different orders are decided for one slot (PMMC R1), and every
//!   replica's decisions agree with it;
//! - **same_served_prefix**: the canteens' served lists are prefixes of one another (R2);
//! - **served_were_ordered**: every served order was ordered by a client (validity);
//! - **served_once**: a canteen serves an order at most once;
//! - **acceptor_ballots_grow**: an acceptor's ballot never goes down (A1);
//! - **one_accept_per_ballot_slot**: an acceptor accepts at most one order per (ballot, slot) (A2/A3);
//! - **window_respected**: `slot_out ≤ slot_in ≤ slot_out + WINDOW` at every replica (R4, with
//!   `slot_in` moved up to `slot_out` after serving).
//!
//! Ghost state (every order ever sent, what was decided per slot, counters) is kept in [`Ghost`].

use super::message::{Ballot, Order, Slot};
use super::world::{MultiPaxos, World};
use crate::sim::Property;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

crate::named_invariants! {
    /// The named invariants, in checking order.
    pub enum Invariant {
        OneOrderPerSlot = ("one_order_per_slot", "One order per slot"),
        SameServedPrefix = ("same_served_prefix", "Canteens serve the same sequence"),
        ServedWereOrdered = ("served_were_ordered", "Every served order was ordered"),
        ServedOnce = ("served_once", "Each order served once per canteen"),
        AcceptorBallotsGrow = ("acceptor_ballots_grow", "Acceptor ballots never go down"),
        OneAcceptPerBallotSlot = ("one_accept_per_ballot_slot", "One accepted order per ballot and slot"),
        WindowRespected = ("window_respected", "Replicas propose inside their window"),
    }
}

/// What no node knows but the checker and the tab need.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Ghost {
    /// Every order a client sent.
    pub requested: BTreeSet<Order>,
    /// What was decided per slot (the first decision; a different second one is a problem).
    pub decided: BTreeMap<Slot, Order>,
    pub problems: BTreeMap<Invariant, String>,
    pub ballots_started: u64,
    pub preemptions: u64,
}

impl Ghost {
    pub fn decide(&mut self, slot: Slot, order: &Order) {
        match self.decided.get(&slot) {
            Some(old) if old != order => {
                let why = format!(
                    "{} was decided as {old}, then as {order}",
                    super::message::day(slot)
                );
                self.problems
                    .entry(Invariant::OneOrderPerSlot)
                    .or_insert(why);
            }
            Some(_) => {}
            None => {
                self.decided.insert(slot, order.clone());
            }
        }
    }
}

fn one_order_per_slot(w: &World) -> Result<(), String> {
    if let Some(why) = w.ghost.problems.get(&Invariant::OneOrderPerSlot) {
        return Err(why.clone());
    }
    for (i, r) in w.replicas.iter().enumerate() {
        for (slot, order) in &r.decisions {
            if w.ghost.decided.get(slot) != Some(order) {
                return Err(format!(
                    "R{} holds {order} for {}, which was not decided",
                    i + 1,
                    super::message::day(*slot)
                ));
            }
        }
    }
    Ok(())
}

fn same_served_prefix(w: &World) -> Result<(), String> {
    for (i, a) in w.replicas.iter().enumerate() {
        for (j, b) in w.replicas.iter().enumerate().skip(i + 1) {
            if let Some(k) =
                (0..a.served.len().min(b.served.len())).find(|k| a.served[*k] != b.served[*k])
            {
                return Err(format!(
                    "R{} served {} as its dish {}, R{} served {}",
                    i + 1,
                    a.served[k].1,
                    k + 1,
                    j + 1,
                    b.served[k].1
                ));
            }
        }
    }
    Ok(())
}

fn served_were_ordered(w: &World) -> Result<(), String> {
    for (i, r) in w.replicas.iter().enumerate() {
        if let Some((_, o)) = r
            .served
            .iter()
            .find(|(_, o)| !w.ghost.requested.contains(o))
        {
            return Err(format!("R{} served {o}, which nobody ordered", i + 1));
        }
    }
    Ok(())
}

fn served_once(w: &World) -> Result<(), String> {
    for (i, r) in w.replicas.iter().enumerate() {
        let mut seen = BTreeSet::new();
        if let Some((_, o)) = r.served.iter().find(|(_, o)| !seen.insert(o)) {
            return Err(format!("R{} served {o} twice", i + 1));
        }
    }
    Ok(())
}

fn acceptor_ballots_grow(w: &World, before: &[Option<Ballot>]) -> Result<(), String> {
    for (i, (a, b)) in w.acceptors.iter().zip(before).enumerate() {
        if a.ballot < *b {
            return Err(format!("A{}'s ballot went down", i + 1));
        }
    }
    Ok(())
}

fn one_accept_per_ballot_slot(w: &World) -> Result<(), String> {
    for (i, a) in w.acceptors.iter().enumerate() {
        let mut seen: BTreeMap<(Ballot, Slot), &Order> = BTreeMap::new();
        for pv in &a.accepted {
            if let Some(o) = seen.insert((pv.ballot, pv.slot), &pv.order) {
                return Err(format!(
                    "A{} accepted both {o} and {} for {} in ballot {}",
                    i + 1,
                    pv.order,
                    super::message::day(pv.slot),
                    pv.ballot
                ));
            }
        }
    }
    Ok(())
}

fn window_respected(w: &World) -> Result<(), String> {
    for (i, r) in w.replicas.iter().enumerate() {
        if r.slot_in < r.slot_out || r.slot_in > r.slot_out.saturating_add(w.config.window) {
            return Err(format!(
                "R{} has slot_in {} and slot_out {} with a window of {}",
                i + 1,
                r.slot_in,
                r.slot_out,
                w.config.window
            ));
        }
    }
    Ok(())
}

/// Multi-Paxos's named properties, checked by the world after every step, in this order.
pub const PROPERTIES: &[Property<MultiPaxos>] = &[
    Property {
        invariant: Invariant::OneOrderPerSlot,
        check: |w, _| one_order_per_slot(w),
    },
    Property {
        invariant: Invariant::SameServedPrefix,
        check: |w, _| same_served_prefix(w),
    },
    Property {
        invariant: Invariant::ServedWereOrdered,
        check: |w, _| served_were_ordered(w),
    },
    Property {
        invariant: Invariant::ServedOnce,
        check: |w, _| served_once(w),
    },
    Property {
        invariant: Invariant::AcceptorBallotsGrow,
        check: |w, before| acceptor_ballots_grow(w, before),
    },
    Property {
        invariant: Invariant::OneAcceptPerBallotSlot,
        check: |w, _| one_accept_per_ballot_slot(w),
    },
    Property {
        invariant: Invariant::WindowRespected,
        check: |w, _| window_respected(w),
    },
];
