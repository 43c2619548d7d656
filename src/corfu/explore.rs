//! Random CORFU runs for property tests: an action that applies in the current world, from three numbers.

use super::action::Action;
use super::node::NodeId;
use super::world::World;

fn nth<T: Copy>(items: &[T], i: u32) -> Option<T> {
    (!items.is_empty()).then(|| items[i as usize % items.len()])
}

/// An action chosen by `(kind, target, detail)` that `w` accepts, if any.
pub fn choose(w: &World, kind: u32, target: u32, detail: u32) -> Option<Action> {
    let flying: Vec<_> = w.network.in_flight().iter().map(|m| m.id).collect();
    let idle: Vec<NodeId> = (0..w.clients.len())
        .map(NodeId::client)
        .filter(|c| {
            w.check(&Action::Read {
                client: *c,
                position: 0,
            })
            .is_ok()
        })
        .collect();
    let nodes = w.nodes();
    let crashed: Vec<NodeId> = nodes.iter().copied().filter(|n| w.is_crashed(*n)).collect();
    let up: Vec<NodeId> = nodes
        .iter()
        .copied()
        .filter(|n| !w.is_crashed(*n))
        .collect();
    let high = w.sequencer.tail.unwrap_or(4) + 2;
    let position = u64::from(detail) % high.max(1);
    let candidate = match kind % 100 {
        0..=44 => Some(Action::Tick),
        45..=59 => nth(&flying, target).map(Action::Deliver),
        60..=62 => nth(&flying, target).map(Action::Drop),
        63..=65 => nth(&flying, target).map(Action::Duplicate),
        66..=68 => nth(&flying, target).map(|id| Action::Delay {
            id,
            by: 1 + u64::from(detail % 30),
        }),
        69..=80 => nth(&idle, target).map(|client| Action::Append {
            client,
            value: format!("v{}", detail % 100),
        }),
        81..=88 => nth(&idle, target).map(|client| Action::Read { client, position }),
        89 => nth(&idle, target).map(|client| Action::Fill { client, position }),
        90..=93 => nth(&up, target).map(Action::Crash),
        94..=96 => nth(&crashed, target).map(Action::Recover),
        97..=98 => nth(&idle, target).map(|client| {
            let current = w.projection().units();
            let spare = (0..w.units.len())
                .map(NodeId::unit)
                .find(|u| !current.contains(u) && !w.is_crashed(*u));
            let old = current.iter().copied().find(|u| w.is_crashed(*u));
            Action::Reconfigure {
                client,
                replace: old.zip(spare),
            }
        }),
        _ => Some(Action::Trim { upto: position / 2 }),
    };
    [
        candidate,
        Some(Action::Tick),
        nth(&crashed, target).map(Action::Recover),
    ]
    .into_iter()
    .flatten()
    .find(|a| w.check(a).is_ok())
}
