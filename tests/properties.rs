//! Property tests over random action sequences on random configs: no panic, every invariant after every
//! step, errors change nothing, replay is exact, back-then-forward is exact.
#![cfg(not(target_arch = "wasm32"))]

use lunch_parliament::scenario::Scenario;
use lunch_parliament::sim::{History, MessengerId, Simulation};
use lunch_parliament::synod::explore::{choose, Choice};
use lunch_parliament::synod::{
    Action, Config, Fix, Latency, NodeId, QuorumRule, Quorums, Timing, Variant, World,
};
use proptest::prelude::*;

fn config() -> impl Strategy<Value = Config> {
    (
        (3usize..=9, 1usize..=3, 1u64..=5, 0u64..=10, any::<u64>()),
        (
            any::<bool>(),
            any::<bool>(),
            prop_oneof![Just(0u64), 4u64..60],
            prop_oneof![Just(QuorumRule::WholeQuorum), Just(QuorumRule::AnyMajority)],
        ),
        // Majorities half the time, else safe Flexible-Paxos sizes (q1 + q2 > n).
        (any::<bool>(), any::<usize>(), any::<usize>()),
    )
        .prop_map(
            |(
                (acceptors, leaders, min, extra, seed),
                (auto, symmetric, timeout, quorum_rule),
                (flexible, k1, k2),
            )| {
                let quorums = if flexible {
                    let q1 = 1 + k1 % acceptors;
                    let q2 = acceptors + 1 - q1 + k2 % q1;
                    Quorums::Sizes { q1, q2 }
                } else {
                    Quorums::Majority
                };
                Config {
                    acceptors,
                    leaders: ["Thai", "Taco", "Pizza"][..leaders]
                        .iter()
                        .map(|s| s.to_string())
                        .collect(),
                    latency: Latency {
                        min,
                        max: min + extra,
                    },
                    seed,
                    variant: Variant::Correct,
                    timing: Timing {
                        auto,
                        symmetric,
                        timeout,
                    },
                    quorum_rule,
                    quorums,
                }
            },
        )
}

/// Any action at all, most of them invalid in most worlds: unknown nodes, messengers not in flight.
fn raw_action() -> impl Strategy<Value = Action> {
    let node = prop_oneof![
        (1u8..=12).prop_map(NodeId::Acceptor),
        (1u8..=5).prop_map(NodeId::Leader)
    ];
    let id = (0u64..60).prop_map(MessengerId);
    prop_oneof![
        id.clone().prop_map(Action::Deliver),
        id.clone().prop_map(Action::Drop),
        id.clone().prop_map(Action::Duplicate),
        (id, 0u64..2_000_000).prop_map(|(id, by)| Action::Delay { id, by }),
        node.clone().prop_map(Action::Crash),
        node.clone().prop_map(Action::Recover),
        (
            node.clone(),
            prop::collection::vec(node, 0..6),
            prop::option::of(0u64..30)
        )
            .prop_map(|(leader, quorum, round)| Action::StartRound {
                leader,
                quorum,
                round,
                dish: None
            }),
        Just(Action::Tick),
        (0usize..3, any::<bool>()).prop_map(|(f, on)| Action::Fix {
            fix: Fix::ALL[f],
            on
        }),
    ]
}

#[derive(Clone, Debug)]
enum Move {
    Chosen(Choice),
    Raw(Action),
}

fn moves() -> impl Strategy<Value = Vec<Move>> {
    let choice = (any::<u32>(), any::<u32>(), any::<u32>()).prop_map(|(kind, target, detail)| {
        Move::Chosen(Choice {
            kind,
            target,
            detail,
        })
    });
    let raw = raw_action().prop_map(Move::Raw);
    prop::collection::vec(prop_oneof![6 => choice, 1 => raw], 1..250)
}

/// Runs the moves on a history; returns it. Asserts invariants and error atomicity as it goes.
fn run(config: Config, moves: &[Move]) -> History<World> {
    let mut h = History::new(World::new(config).expect("generated config is valid"));
    for m in moves {
        let action = match m {
            Move::Chosen(c) => match choose(h.current(), *c) {
                Some(a) => a,
                None => continue,
            },
            Move::Raw(a) => a.clone(),
        };
        let before = h.current().clone();
        match h.act(action.clone()) {
            Ok(_) => {
                let step = h.outcomes().last().expect("recorded");
                assert!(
                    step.violations.is_empty(),
                    "{action} broke {:?}",
                    step.violations
                );
            }
            Err(_) => assert_eq!(h.current(), &before, "a refused {action} changed the world"),
        }
    }
    h
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn invariants_hold_and_replay_is_exact(config in config(), moves in moves()) {
        let h = run(config.clone(), &moves);
        // Replaying the recorded actions gives the identical trace and world.
        let mut again = History::new(World::new(config).expect("valid"));
        for a in h.actions() {
            again.act(a.clone()).expect("recorded actions replay");
        }
        prop_assert_eq!(again.full_digest(), h.full_digest());
        prop_assert_eq!(again.current(), h.current());
        // So does the scenario file.
        let file = Scenario::of_history("prop", &h).to_json();
        let (_, loaded) = Scenario::load(&file).expect("own file loads");
        prop_assert_eq!(loaded.full_digest(), h.full_digest());
    }

    /// The checker copies each state into a world used before (`clone_from`, written by hand to keep
    /// buffers): the copy must equal the original whatever the world held, also across configs.
    #[test]
    fn copying_into_a_used_world_is_exact(
        config in config(),
        other in config(),
        moves in moves(),
        more in moves(),
        at in 0usize..250,
    ) {
        let h = run(config, &moves);
        let o = run(other, &more);
        let mut worlds: Vec<World> = vec![h.initial().clone(), h.current().clone()];
        let mut mid = h.initial().clone();
        for a in h.actions().iter().take(at) {
            mid.apply(a).expect("replays");
        }
        worlds.push(mid);
        for w in &worlds {
            for used in [o.current(), o.initial(), h.current()] {
                let mut copy = used.clone();
                copy.clone_from(w);
                prop_assert_eq!(&copy, w);
            }
        }
    }

    #[test]
    fn back_then_forward_is_exact(config in config(), moves in moves(), back in 0usize..300) {
        let mut h = run(config, &moves);
        let end = h.current().clone();
        let digest = h.digest();
        let len = h.len();
        let target = len.saturating_sub(back);
        h.seek(target);
        prop_assert_eq!(h.cursor(), target);
        // The world at `target` is what a fresh replay of the first `target` actions gives.
        let mut fresh = h.initial().clone();
        for a in &h.actions()[..target] {
            fresh.apply(a).expect("replays");
        }
        prop_assert_eq!(h.current(), &fresh);
        while h.forward() {}
        prop_assert_eq!(h.cursor(), len);
        prop_assert_eq!(h.current(), &end);
        prop_assert_eq!(h.digest(), digest);
    }

    #[test]
    fn any_text_is_a_clear_error_or_a_scenario(text in ".{0,300}") {
        let _ = Scenario::load(&text);
    }

    #[test]
    fn damaged_preset_files_never_panic(cut in 0usize..4000, pos in 0usize..4000, byte in any::<u8>()) {
        let p = lunch_parliament::scenario::preset("round-10").expect("preset");
        let json = p.scenario().expect("builds").to_json();
        let mut bytes = json.clone().into_bytes();
        bytes.truncate(cut.min(bytes.len()));
        let _ = Scenario::load(&String::from_utf8_lossy(&bytes));
        let mut flipped = json.into_bytes();
        if !flipped.is_empty() {
            let i = pos % flipped.len();
            flipped[i] = byte;
        }
        let _ = Scenario::load(&String::from_utf8_lossy(&flipped));
    }
}

#[test]
fn random_runs_reach_decisions_so_the_properties_are_not_vacuous() {
    let mut decided_runs = 0;
    for seed in 0..50u64 {
        let mut rng = lunch_parliament::sim::SeededRng::new(seed);
        let moves: Vec<Move> = (0..250)
            .map(|_| Move::Chosen(Choice::random(&mut rng)))
            .collect();
        let h = run(
            Config::new(3 + (seed % 7) as usize, &["Thai", "Taco"], seed),
            &moves,
        );
        let w = h.current();
        if w.nodes().iter().any(|n| w.decided(*n).is_some()) {
            decided_runs += 1;
        }
    }
    assert!(
        decided_runs >= 10,
        "only {decided_runs} of 50 random runs decided anything"
    );
}
