//! What the tab and the CLI show of a run: the week (per slot the decided order, and what each canteen
//! served), and the costs (orders decided, messages per decided order, ballots, preemptions).

use super::message::{day, Order, Slot};
use super::world::World;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Metrics {
    /// Slots decided.
    pub orders_decided: usize,
    pub messages_sent: u64,
    /// Messages sent per decided slot (`None` before the first decision).
    pub messages_per_decided_order: Option<f64>,
    pub ballots_started: u64,
    pub preemptions: u64,
}

pub fn metrics(w: &World) -> Metrics {
    let decided = w.ghost.decided.len();
    let sent = w.network.stats.sent;
    Metrics {
        orders_decided: decided,
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
    /// Day → "Pizza (C1 #1)".
    pub week: BTreeMap<Slot, String>,
    /// Canteen → what it served, in order ("Monday: Pizza (C1 #1)").
    pub served: BTreeMap<String, Vec<String>>,
    pub metrics: Metrics,
}

pub fn facts(w: &World) -> Facts {
    Facts {
        week: w
            .ghost
            .decided
            .iter()
            .map(|(s, o)| (*s, o.to_string()))
            .collect(),
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
