//! What the tab and the CLI show of a run: the week (per slot the decided order, and what each canteen
//! served), and the costs (orders decided, messages per decided order, ballots, preemptions).

use super::message::{day, Order, Slot};
use super::world::World;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Metrics {
    /// Distinct orders decided (an order decided in two slots counts once).
    pub orders_decided: usize,
    /// Slots decided.
    pub slots_decided: usize,
    pub messages_sent: u64,
    /// Messages sent per decided order (`None` before the first decision).
    pub messages_per_decided_order: Option<f64>,
    pub ballots_started: u64,
    pub preemptions: u64,
}

pub fn metrics(w: &World) -> Metrics {
    let decided = w
        .ghost
        .decided
        .values()
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    let sent = w.network.stats.sent;
    Metrics {
        orders_decided: decided,
        slots_decided: w.ghost.decided.len(),
        messages_sent: sent,
        messages_per_decided_order: (decided > 0).then(|| sent as f64 / decided as f64),
        ballots_started: w.ghost.ballots_started,
        preemptions: w.ghost.preemptions,
    }
}

/// One day of the week as the tab draws it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Day {
    pub slot: Slot,
    pub day: String,
    /// What was decided for it, if anything.
    pub decided: Option<Order>,
}

/// The decided slots (and the gaps between them), Monday up to the last decided slot.
pub fn week(w: &World) -> Vec<Day> {
    let last = w.ghost.decided.keys().next_back().copied().unwrap_or(0);
    (1..=last)
        .map(|slot| Day {
            slot,
            day: day(slot),
            decided: w.ghost.decided.get(&slot).cloned(),
        })
        .collect()
}

/// The CLI's facts of a Multi-Paxos run.
#[derive(Clone, Debug, Serialize)]
pub struct Facts {
    /// Monday up to the last decided day: what each decided (gaps as `null`).
    pub week: Vec<Day>,
    /// Canteen → what it served, in order ("Monday: Pizza (C1 #1)").
    pub served: BTreeMap<String, Vec<String>>,
    pub metrics: Metrics,
}

pub fn facts(w: &World) -> Facts {
    Facts {
        week: week(w),
        served: w
            .replica_ids()
            .into_iter()
            .zip(&w.replicas)
            .map(|(id, r)| {
                (
                    id.to_string(),
                    r.served
                        .iter()
                        .map(|(s, o)| format!("{}: {o}", day(*s)))
                        .collect(),
                )
            })
            .collect(),
        metrics: metrics(w),
    }
}

/// The two phases' messages in a run, against what a single-decree synod per order would send.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Phases {
    /// p1a and p1b messages sent (scouts: once per ballot).
    pub phase1: u64,
    /// p2a and p2b messages sent (commanders: once per slot).
    pub phase2: u64,
    /// Phase 1 if every decided slot had run its own synod from scratch: one prepare and one promise
    /// per acceptor, per slot.
    pub phase1_synod_per_order: u64,
}

/// Counts the phases' messages in `steps` (the run up to where it is shown) for world `w` there.
pub fn phases(w: &World, steps: &[super::Step]) -> Phases {
    let mut phases = Phases {
        phase1: 0,
        phase2: 0,
        phase1_synod_per_order: 2 * w.acceptors.len() as u64 * w.ghost.decided.len() as u64,
    };
    for e in steps.iter().flat_map(|s| &s.events) {
        if let super::Event::Net(crate::sim::NetEvent::Sent { msg, .. }) = e {
            match msg.kind() {
                "p1a" | "p1b" => phases.phase1 += 1,
                "p2a" | "p2b" => phases.phase2 += 1,
                _ => {}
            }
        }
    }
    phases
}
