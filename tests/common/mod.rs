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

/// Runs the `parliament` binary: its exit code, stdout and stderr.
pub fn parliament(args: &[&str]) -> (i32, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_parliament"))
        .args(args)
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The exhaustive checker's state limit in the tests.
pub const LIMIT: usize = 1_000_000;

/// Searches `scope` up to `depth` moves (`usize::MAX`: whole), printing the figures.
pub fn run<P: lunch_parliament::sim::check::Checkable>(
    scope: &P::Scope,
    depth: usize,
) -> lunch_parliament::sim::check::Report<P>
where
    P::Scope: std::fmt::Display,
    P::Invariant: std::fmt::Display,
{
    let t = std::time::Instant::now();
    let r = lunch_parliament::sim::check::search_within::<P>(
        scope,
        lunch_parliament::sim::check::Limits {
            states: LIMIT,
            depth,
        },
    )
    .expect("searches");
    println!(
        "{scope}{}: {} states, {} transitions, depth {}, {:.2} s: {}",
        if depth == usize::MAX {
            String::new()
        } else {
            format!(" (runs of up to {depth} moves)")
        },
        r.states,
        r.transitions,
        r.depth,
        t.elapsed().as_secs_f64(),
        match &r.violation {
            Some(v) => format!(
                "{} broken in {} moves: {}",
                v.invariant,
                v.moves.len(),
                v.why
            ),
            None => "no violation".to_string(),
        }
    );
    r
}

/// The whole scope is searched and every state has every property; `states` reached.
pub fn holds<P: lunch_parliament::sim::check::Checkable>(scope: &P::Scope, states: usize)
where
    P::Scope: std::fmt::Display,
    P::Invariant: std::fmt::Display,
{
    let r = run::<P>(scope, usize::MAX);
    assert!(
        r.violation.is_none(),
        "{scope}: {:?}",
        r.violation.map(|v| v.why)
    );
    assert!(!r.incomplete, "{scope}: the whole scope is searched");
    assert_eq!(r.states, states, "{scope}: states explored");
}
