//! Random Multi-Paxos runs for `parliament check` and the property tests: random configs (up to 5
//! acceptors, 3 leaders, 3 replicas, 4 clients, auto mode or not) and actions chosen so runs progress
//! (ticks and deliveries dominate; clients keep ordering; a leader starts a ballot when none is active).

use super::action::Action;
use super::config::{Config, Timing};
use super::node::NodeId;
use super::world::{MultiPaxos, World};
pub use crate::sim::explore::Choice;
use crate::sim::explore::{nth, Explore, Targets};
use crate::sim::SeededRng;
use crate::synod::Latency;

const DISHES: [&str; 6] = ["Pizza", "Sushi", "Taco", "Thai", "Ramen", "Curry"];

/// An action chosen by `c` that `w` accepts, if any.
pub fn choose(w: &World, c: Choice) -> Option<Action> {
    let Choice {
        kind,
        target,
        detail,
    } = c;
    let t = Targets::of(w);
    let clients: Vec<NodeId> = w
        .client_ids()
        .into_iter()
        .filter(|n| !w.is_crashed(*n))
        .collect();
    let leaders: Vec<NodeId> = w
        .leader_ids()
        .into_iter()
        .filter(|n| !w.is_crashed(*n))
        .collect();
    let order = nth(&clients, target).map(|client| Action::Order {
        client,
        dish: DISHES[detail as usize % DISHES.len()].to_string(),
    });
    let ballot = nth(&leaders, target).map(|leader| Action::StartBallot {
        leader,
        round: None,
    });
    let nobody_active = !w.leaders.iter().any(|l| l.active && !l.crashed);
    let candidate = match kind % 100 {
        0..=44 => t.tick(),
        45..=59 => t.deliver(c),
        60..=62 => t.drop(c),
        63..=65 => t.duplicate(c),
        66..=68 => t.delay(c, 30),
        69..=80 => order.clone(),
        81..=84 if nobody_active => ballot.clone(),
        81..=84 => t.tick(),
        85 => ballot.clone(),
        86..=91 => t.crash(c),
        92..=97 => t.recover(c),
        _ => Some(Action::Auto {
            on: detail % 2 == 0,
            backoff: detail % 3 != 0,
        }),
    };
    // When nothing is due, a crashed node comes back, or someone orders, so a run goes on.
    [candidate, t.tick(), t.recover(c), order, ballot]
        .into_iter()
        .flatten()
        .find(|a| w.check(a).is_ok())
}

impl Explore for MultiPaxos {
    type Options = ();

    fn random_config(rng: &mut SeededRng, _: &()) -> Config {
        let max = rng.between(1, 4);
        Config {
            clients: rng.between(1, 4) as usize,
            replicas: rng.between(1, 3) as usize,
            leaders: rng.between(1, 3) as usize,
            acceptors: rng.between(1, 5) as usize,
            window: rng.between(1, 5),
            latency: Latency { min: 1, max },
            timing: Timing {
                auto: rng.between(0, 1) == 1,
                backoff: rng.between(0, 3) > 0,
                timeout: rng.between(5, 30),
            },
            seed: rng.seed(),
            variant: super::config::Variant::Correct,
        }
    }

    fn choose(w: &World, c: Choice, _: &()) -> Option<Action> {
        choose(w, c)
    }
}
