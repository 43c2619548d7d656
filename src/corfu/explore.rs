//! Random CORFU runs for property tests: an action that applies in the current world, from three numbers.

use super::action::Action;
use super::config::Config;
use super::node::NodeId;
use super::world::{Corfu, World};
pub use crate::sim::explore::Choice;
use crate::sim::explore::{nth, Explore, Targets};
use crate::sim::SeededRng;

/// An action chosen by `c` that `w` accepts, if any.
pub fn choose(w: &World, c: Choice) -> Option<Action> {
    let Choice {
        kind,
        target,
        detail,
    } = c;
    let t = Targets::of(w);
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
    let high = w.sequencer.tail.unwrap_or(4) + 2;
    let position = u64::from(detail) % high.max(1);
    let candidate = match kind % 100 {
        0..=44 => t.tick(),
        45..=59 => t.deliver(c),
        60..=62 => t.drop(c),
        63..=65 => t.duplicate(c),
        66..=68 => t.delay(c, 30),
        69..=80 => nth(&idle, target).map(|client| Action::Append {
            client,
            value: format!("v{}", detail % 100),
        }),
        81..=88 => nth(&idle, target).map(|client| Action::Read { client, position }),
        89 => nth(&idle, target).map(|client| Action::Fill { client, position }),
        90..=93 => t.crash(c),
        94..=96 => t.recover(c),
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
    // When nothing is due and nobody is crashed, an idle client appends, so a run goes on.
    let append = nth(&idle, target).map(|client| Action::Append {
        client,
        value: format!("v{}", detail % 100),
    });
    [candidate, t.tick(), t.recover(c), append]
        .into_iter()
        .flatten()
        .find(|a| w.check(a).is_ok())
}

impl Explore for Corfu {
    type Options = ();

    /// The lecture's cluster with 1–4 clients and 0–2 spares.
    fn random_config(rng: &mut SeededRng, _: &()) -> Config {
        let mut config = Config::new(rng.seed());
        config.clients = rng.between(1, 4) as usize;
        config.spares = rng.between(0, 2) as usize;
        config
    }

    fn choose(w: &World, c: Choice, _: &()) -> Option<Action> {
        choose(w, c)
    }
}
