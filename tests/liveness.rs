//! Dueling leaders: the livelock is real in the symmetric setting, and each fix ends it.
#![cfg(not(target_arch = "wasm32"))]

mod common;
use common::n;
use lunch_parliament::scenario::presets::dueling_config;
use lunch_parliament::sim::Simulation;
use lunch_parliament::synod::{Action, Config, Event, Fix, NodeId, World};

/// The Dueling leaders opening: Leader 1 starts, one tick later Leader 2 starts.
fn duel(config: Config) -> World {
    let mut w = World::new(config).expect("valid");
    let start = |leader: &str| Action::StartRound {
        leader: n(leader),
        quorum: vec![n("A1"), n("A2")],
        round: None,
        dish: None,
    };
    w.apply(&start("L1")).expect("L1 starts");
    w.apply(&Action::Tick).expect("tick");
    w.apply(&start("L2")).expect("L2 starts");
    w
}

fn anyone_decided(w: &World) -> bool {
    w.nodes().iter().any(|x| w.decided(*x).is_some())
}

/// Ticks until someone decides or `limit` steps pass; returns the steps taken. Panics on a violation.
fn run(w: &mut World, limit: usize) -> usize {
    for step in 0..limit {
        if anyone_decided(w) {
            return step;
        }
        let s = w.apply(&Action::Tick).expect("something is always due");
        assert!(s.violations.is_empty(), "{:?}", s.violations);
    }
    limit
}

fn highest_round(w: &World) -> u64 {
    w.rounds.keys().next_back().copied().unwrap_or(0)
}

#[test]
fn symmetric_setting_livelocks_for_every_seed() {
    for seed in 0..100 {
        let mut config = dueling_config();
        config.seed = seed;
        let mut w = duel(config);
        let mut last = 0;
        for chunk in 0..10 {
            assert_eq!(
                run(&mut w, 1_000),
                1_000,
                "seed {seed} decided in chunk {chunk}"
            );
            let r = highest_round(&w);
            assert!(
                r > last + 20,
                "seed {seed}: rounds keep rising ({last} -> {r})"
            );
            last = r;
        }
        assert!(w.liveness.rounds_since_decision > 100);
        assert!(w.liveness.preemptions.len() > 100);
    }
}

#[test]
fn the_random_setting_duels_but_usually_decides() {
    let (mut decided, mut dueled) = (0, 0);
    for seed in 0..100 {
        let mut config = dueling_config();
        config.timing.symmetric = false;
        config.seed = seed;
        let mut w = duel(config);
        if run(&mut w, 10_000) < 10_000 {
            decided += 1;
        }
        if w.liveness.preemptions.len() >= 4 {
            dueled += 1;
        }
    }
    assert!(dueled >= 50, "duels are common: {dueled} of 100");
    assert!(decided >= 90, "but usually end: {decided} of 100");
}

/// Switches `fix` on after 200 steps of dueling; returns the steps it then took to decide.
fn with_fix(fix: Fix, seed: u64) -> usize {
    let mut config = dueling_config();
    config.seed = seed;
    let mut w = duel(config);
    assert_eq!(run(&mut w, 200), 200, "still dueling");
    w.apply(&Action::Fix { fix, on: true }).expect("fix");
    let steps = run(&mut w, 5_000);
    // Agreement held at every step (checked in `run`); everyone who decided agrees.
    let values: std::collections::BTreeSet<_> = w
        .nodes()
        .iter()
        .filter_map(|x| w.decided(*x).cloned())
        .collect();
    assert!(values.len() <= 1);
    steps
}

/// The bound each fix is held to, in steps after it is switched on.
const BOUND: usize = 100;

#[test]
fn randomised_backoff_decides_for_seeds_0_to_999() {
    let worst = (0..1000)
        .map(|seed| with_fix(Fix::Backoff, seed))
        .max()
        .unwrap_or(0);
    eprintln!("worst case {worst} steps after the fix");
    assert!(worst < BOUND, "worst case {worst} steps");
}

#[test]
fn adaptive_timeouts_decide_for_seeds_0_to_999() {
    let worst = (0..1000)
        .map(|seed| with_fix(Fix::AdaptiveTimeouts, seed))
        .max()
        .unwrap_or(0);
    eprintln!("worst case {worst} steps after the fix");
    assert!(worst < BOUND, "worst case {worst} steps");
}

#[test]
fn leader_selection_decides_for_seeds_0_to_999() {
    let worst = (0..1000)
        .map(|seed| with_fix(Fix::LeaderSelection, seed))
        .max()
        .unwrap_or(0);
    eprintln!("worst case {worst} steps after the fix");
    assert!(worst < BOUND, "worst case {worst} steps");
}

#[test]
fn leader_selection_survives_the_leader_crashing_mid_round() {
    let mut config = dueling_config();
    config.timing.symmetric = false;
    let mut w = World::new(config).expect("valid");
    w.apply(&Action::Fix {
        fix: Fix::LeaderSelection,
        on: true,
    })
    .expect("fix");
    // Leader 1 leads: let it get into a round, then crash it before it can finish.
    for _ in 0..6 {
        w.apply(&Action::Tick).expect("tick");
    }
    assert!(
        w.leaders[0].current.is_some(),
        "leader 1 is running a round"
    );
    assert!(w.leaders[1].current.is_none(), "leader 2 stands by");
    w.apply(&Action::Crash(n("L1"))).expect("crash");
    assert!(
        run(&mut w, 2_000) < 2_000,
        "leader 2 takes over and decides"
    );
    assert!(w.decided(NodeId::Leader(2)).is_some());
    assert!(w.decided(NodeId::Leader(1)).is_none());
}

#[test]
fn a_wrong_suspicion_makes_two_leaders_duel_until_it_settles() {
    let mut w = World::new(dueling_config()).expect("valid");
    w.apply(&Action::Fix {
        fix: Fix::LeaderSelection,
        on: true,
    })
    .expect("fix");
    let from_l1 = |w: &World, kinds: &[&str]| -> Vec<_> {
        w.network
            .in_flight()
            .iter()
            .filter(|m| m.from == n("L1") && kinds.contains(&m.payload.kind()))
            .map(|m| m.id)
            .collect()
    };
    // Leader 1's heartbeats go on long voyages, and so, at first, do its prepares: Leader 2 wrongly
    // suspects a crash and takes the lead. Then Leader 1's prepares arrive and the two duel, until its
    // heartbeats get through again and Leader 2 stands down.
    let (mut took_over_at, mut stood_down, mut duel_rounds) = (None, false, 0);
    for _ in 0..5_000 {
        if anyone_decided(&w) {
            break;
        }
        let kinds: &[&str] = if took_over_at.is_none() {
            &["heartbeat", "prepare"]
        } else {
            &["heartbeat"]
        };
        if took_over_at.is_none_or(|t| w.now < t + 40) {
            for id in from_l1(&w, kinds) {
                if w.messenger(id).is_some_and(|m| m.due_at < w.now + 30) {
                    w.apply(&Action::Delay { id, by: 40 }).expect("delay");
                }
            }
        }
        let s = w.apply(&Action::Tick).expect("tick");
        assert!(s.violations.is_empty());
        for e in &s.events {
            if matches!(e, Event::TakesOver { leader, .. } if *leader == n("L2")) {
                took_over_at = Some(w.now);
                for id in from_l1(&w, &["prepare"]) {
                    w.apply(&Action::Deliver(id)).expect("deliver");
                }
            }
            stood_down |= matches!(e, Event::StandsDown { leader, .. } if *leader == n("L2"));
            if took_over_at.is_some() && !stood_down {
                duel_rounds += usize::from(matches!(e, Event::RoundStarted { .. }));
            }
        }
    }
    assert!(
        took_over_at.is_some(),
        "leader 2 wrongly suspected leader 1"
    );
    assert!(duel_rounds >= 6, "the two dueled: {duel_rounds} rounds");
    assert!(
        stood_down,
        "leader 2 heard from leader 1 again and stood down"
    );
    assert!(anyone_decided(&w), "then a decision came");
}
