//! Helpers shared by the integration tests.
#![allow(dead_code)]

use lunch_parliament::sim::{MessengerId, Simulation};
use lunch_parliament::synod::transcript;
use lunch_parliament::synod::{Action, Config, NodeId, Step, World};

pub fn n(name: &str) -> NodeId {
    name.parse().expect("test node name")
}

pub fn world(acceptors: usize, dishes: &[&str]) -> World {
    World::new(Config::new(acceptors, dishes, 7)).expect("valid config")
}

pub fn start(w: &mut World, leader: &str, round: Option<u64>, quorum: &[&str]) -> Step {
    w.apply(&Action::StartRound {
        leader: n(leader),
        quorum: quorum.iter().map(|a| n(a)).collect(),
        round,
        dish: None,
    })
    .expect("round starts")
}

/// The oldest messenger in flight with this kind, sender and receiver.
pub fn find(w: &World, kind: &str, from: &str, to: &str) -> MessengerId {
    w.network
        .in_flight()
        .iter()
        .find(|m| m.payload.kind() == kind && m.from == n(from) && m.to == n(to))
        .unwrap_or_else(|| panic!("no {kind} from {from} to {to} in flight"))
        .id
}

pub fn deliver(w: &mut World, kind: &str, from: &str, to: &str) -> Vec<String> {
    let id = find(w, kind, from, to);
    apply(w, Action::Deliver(id))
}

pub fn lines(w: &World, step: &Step) -> Vec<String> {
    transcript::step_lines(step, w.leaders.len())
        .into_iter()
        .map(|l| l.text)
        .collect()
}

pub fn apply(w: &mut World, a: Action) -> Vec<String> {
    let step = w.apply(&a).unwrap_or_else(|e| panic!("{a}: {e}"));
    lines(w, &step)
}
