//! Multi-Paxos (PMMC): each rule, every preset's transcript (pinned in a fixture) and final week, and
//! property tests over random actions on random configs.
#![cfg(not(target_arch = "wasm32"))]

use lunch_parliament::multipaxos::explore::{choose, Choice};
use lunch_parliament::multipaxos::presets::{preset, presets};
use lunch_parliament::multipaxos::scout::pmax;
use lunch_parliament::multipaxos::{
    metrics, transcript, week, Action, Ballot, Config, Msg, NodeId, Order, PValue, World,
};
use lunch_parliament::scenario::Document;
use lunch_parliament::sim::{History, Messenger, MessengerId, Protocol, Simulation};
use proptest::prelude::*;
use std::collections::BTreeSet;

fn n(s: &str) -> NodeId {
    s.parse().expect("node name")
}

fn replay(id: &str) -> (Vec<String>, World) {
    let s = preset(id)
        .and_then(|p| p.scenario().ok())
        .expect("preset builds");
    let mut h = s.replay().expect("replays");
    h.seek(h.len());
    let lines = h
        .outcomes()
        .iter()
        .flat_map(transcript::step_lines)
        .collect();
    (lines, h.current().clone())
}

fn apply(w: &mut World, a: Action) -> Vec<String> {
    let s = w.apply(&a).unwrap_or_else(|e| panic!("{a}: {e}"));
    assert!(s.violations.is_empty(), "{:?}", s.violations);
    transcript::step_lines(&s)
}

fn run(w: &mut World) -> Vec<String> {
    let mut out = Vec::new();
    for _ in 0..5_000 {
        if w.check(&Action::Tick).is_err() {
            break;
        }
        out.extend(apply(w, Action::Tick));
    }
    out
}

fn flying(w: &World, pick: impl Fn(&Messenger<NodeId, Msg>) -> bool) -> MessengerId {
    w.network
        .in_flight()
        .iter()
        .find(|m| pick(m))
        .map(|m| m.id)
        .expect("such a messenger is in flight")
}

fn deliver(w: &mut World, pick: impl Fn(&Messenger<NodeId, Msg>) -> bool) -> Vec<String> {
    let id = flying(w, pick);
    apply(w, Action::Deliver(id))
}

fn deliver_all(w: &mut World, pick: impl Fn(&Messenger<NodeId, Msg>) -> bool) -> Vec<String> {
    let ids: Vec<MessengerId> = w
        .network
        .in_flight()
        .iter()
        .filter(|m| pick(m))
        .map(|m| m.id)
        .collect();
    ids.into_iter()
        .flat_map(|id| apply(w, Action::Deliver(id)))
        .collect()
}

fn is(
    kind: &'static str,
    from: &'static str,
    to: &'static str,
) -> impl Fn(&Messenger<NodeId, Msg>) -> bool {
    move |m| m.payload.kind() == kind && m.from == n(from) && m.to == n(to)
}

fn order(client: &str, dish: &str) -> Action {
    Action::Order {
        client: n(client),
        dish: dish.into(),
    }
}

fn ballot(leader: &str, round: Option<u64>) -> Action {
    Action::StartBallot {
        leader: n(leader),
        round,
    }
}

fn served(w: &World, replica: &str) -> Vec<String> {
    w.replicas[n(replica).index()]
        .served
        .iter()
        .map(|(s, o)| format!("{s}:{}", o.dish))
        .collect()
}

/// A world with L1 adopted in ballot (1, L1).
fn with_leader(config: Config) -> World {
    let mut w = World::new(config).expect("valid config");
    apply(&mut w, ballot("L1", None));
    run(&mut w);
    assert!(w.leaders[0].active);
    w
}

#[test]
fn an_acceptor_refuses_a_p2a_below_its_ballot() {
    let mut w = with_leader(Config::new(1));
    // L2's ballot (2, L2) reaches A1 before L1's commander does.
    apply(&mut w, ballot("L2", Some(2)));
    deliver(&mut w, is("p1a", "L2", "A1"));
    apply(&mut w, order("C1", "Pizza"));
    deliver(&mut w, is("request", "C1", "R1"));
    deliver(&mut w, is("propose", "R1", "L1"));
    let t = deliver(&mut w, is("p2a", "L1", "A1"));
    assert_eq!(t, vec!["Acceptor 1: No, I am in ballot (2, L2) now."]);
    assert!(w.acceptors[0].accepted.is_empty());
    let t = deliver(&mut w, is("p2b", "A1", "L1"));
    assert_eq!(t, vec!["Leader 1 is preempted by ballot (2, L2)."]);
    assert!(!w.leaders[0].active);
    assert_eq!(metrics(&w).preemptions, 1);
}

#[test]
fn an_acceptor_reports_every_pvalue_and_adopts_only_higher_ballots() {
    let mut w = with_leader(Config::new(2));
    apply(&mut w, order("C1", "Sushi"));
    run(&mut w);
    apply(&mut w, ballot("L2", Some(1)));
    let t = deliver(&mut w, is("p1a", "L2", "A2"));
    assert_eq!(
        t,
        vec!["Acceptor 2: I accepted Sushi for Monday in ballot (1, L1)."]
    );
    let b = w.acceptors[1].ballot.expect("a ballot");
    assert_eq!(
        b,
        Ballot {
            round: 1,
            leader: n("L2")
        }
    );
}

#[test]
fn pmax_takes_the_highest_ballot_per_slot() {
    let o = |dish: &str| Order {
        client: n("C1"),
        number: 1,
        dish: dish.into(),
    };
    let pv = |round, leader: &str, slot, dish: &str| PValue {
        ballot: Ballot {
            round,
            leader: n(leader),
        },
        slot,
        order: o(dish),
    };
    let all: BTreeSet<PValue> = [
        pv(1, "L1", 1, "Pizza"),
        pv(2, "L2", 1, "Sushi"),
        pv(2, "L1", 1, "Taco"),
        pv(3, "L1", 2, "Thai"),
    ]
    .into_iter()
    .collect();
    let best = pmax(&all);
    assert_eq!(best[&1].order.dish, "Sushi", "(2, L2) is above (2, L1)");
    assert_eq!(best[&2].order.dish, "Thai");
}

#[test]
fn an_adopted_leader_re_proposes_what_its_scout_learned_over_its_own() {
    let (t, w) = replay("leader-crash-mid-week");
    assert!(t.contains(&"Acceptor 1: I accepted Pizza for Monday in ballot (1, L1), Sushi for Tuesday in ballot (1, L1), Taco for Wednesday in ballot (1, L1) and Ramen for Thursday in ballot (1, L1).".to_string()), "{t:#?}");
    assert!(t.contains(&"Leader 2 is adopted: it re-proposes Pizza for Monday, Sushi for Tuesday, Taco for Wednesday and Ramen for Thursday.".to_string()));
    let days: Vec<String> = week(&w)
        .iter()
        .map(|d| d.decided.as_ref().map_or("-".into(), |o| o.dish.clone()))
        .collect();
    assert_eq!(days, ["Pizza", "Sushi", "Taco", "Ramen"]);
    for r in ["R1", "R2"] {
        assert_eq!(served(&w, r), ["1:Pizza", "2:Sushi", "3:Taco", "4:Ramen"]);
    }
    // Thursday was decided before Wednesday, but no canteen served it first.
    let thursday = t
        .iter()
        .position(|l| l == "Thursday is decided: Ramen (C1 #2).")
        .expect("decided");
    let crash = t
        .iter()
        .position(|l| l.starts_with("… Leader 1 crashed"))
        .expect("crash");
    assert!(thursday < crash);
    assert!(!t[..crash].iter().any(|l| l.contains("serves Thursday")));
}

#[test]
fn a_replica_re_proposes_a_displaced_order() {
    let (t, w) = replay("two-canteens-one-monday");
    for line in [
        "Replica 1: I propose Pizza (C1 #1) for Monday.",
        "Replica 2: I propose Sushi (C2 #1) for Monday.",
        "Monday is decided: Pizza (C1 #1).",
        "Replica 2: Monday went to Pizza (C1 #1), so I will propose Sushi (C2 #1) again for a later day.",
        "Replica 2: I propose Sushi (C2 #1) for Tuesday.",
        "Tuesday is decided: Sushi (C2 #1).",
    ] {
        assert!(t.contains(&line.to_string()), "missing {line}\n{t:#?}");
    }
    assert_eq!(served(&w, "R1"), ["1:Pizza", "2:Sushi"]);
    assert_eq!(served(&w, "R2"), ["1:Pizza", "2:Sushi"]);
}

#[test]
fn an_order_decided_in_two_slots_is_served_once() {
    let mut w = with_leader(Config::new(3));
    apply(&mut w, order("C1", "Pizza"));
    apply(&mut w, order("C2", "Sushi"));
    // R1 hears Pizza first, R2 Sushi first: R1 proposes Pizza, Sushi; R2 Sushi, Pizza.
    deliver(&mut w, is("request", "C1", "R1"));
    deliver(&mut w, is("request", "C2", "R1"));
    deliver(&mut w, is("request", "C2", "R2"));
    deliver(&mut w, is("request", "C1", "R2"));
    // L1 hears R1 for Monday and R2 for Tuesday first: Pizza both days.
    deliver(&mut w, |m| {
        is("propose", "R1", "L1")(m) && m.payload.slot() == Some(1)
    });
    deliver(&mut w, |m| {
        is("propose", "R2", "L1")(m) && m.payload.slot() == Some(2)
    });
    let t = run(&mut w);
    assert!(
        t.contains(
            &"Canteen 1 skips Tuesday: Pizza (C1 #1) was already served on Monday.".to_string()
        ),
        "{t:#?}"
    );
    for r in ["R1", "R2"] {
        assert_eq!(served(&w, r), ["1:Pizza", "3:Sushi"], "{r}");
    }
    // A copy of a decision changes nothing.
    let before = w.replicas.clone();
    apply(&mut w, order("C3", "Taco"));
    deliver(&mut w, is("request", "C3", "R1"));
    deliver(&mut w, is("propose", "R1", "L1"));
    deliver_all(&mut w, |m| m.payload.kind() == "p2a");
    deliver_all(&mut w, |m| m.payload.kind() == "p2b");
    let id = flying(&w, is("decision", "L1", "R1"));
    apply(&mut w, Action::Duplicate(id));
    run(&mut w);
    assert_eq!(served(&w, "R1"), ["1:Pizza", "3:Sushi", "4:Taco"]);
    assert_ne!(before, w.replicas);
}

#[test]
fn a_replica_proposes_only_inside_its_window() {
    let config = Config {
        window: 2,
        ..Config::new(4)
    };
    let mut w = World::new(config).expect("valid");
    for dish in ["Pizza", "Sushi", "Taco"] {
        apply(&mut w, order("C1", dish));
        deliver(&mut w, is("request", "C1", "R1"));
    }
    let r = &w.replicas[0];
    assert_eq!((r.slot_out, r.slot_in), (1, 3));
    assert_eq!(r.requests.len(), 1);
    assert_eq!(r.proposals.len(), 2);
    // Once Monday is decided and served, Wednesday is inside the window.
    apply(&mut w, ballot("L1", None));
    let t = run(&mut w);
    assert!(
        t.contains(&"Replica 1: I propose Taco (C1 #3) for Wednesday.".to_string()),
        "{t:#?}"
    );
    assert_eq!(served(&w, "R1"), ["1:Pizza", "2:Sushi", "3:Taco"]);
}

#[test]
fn a_full_window_is_said() {
    let config = Config {
        window: 1,
        ..Config::new(4)
    };
    let mut w = World::new(config).expect("valid");
    apply(&mut w, order("C1", "Pizza"));
    deliver(&mut w, is("request", "C1", "R1"));
    apply(&mut w, order("C2", "Sushi"));
    let t = deliver(&mut w, is("request", "C2", "R1"));
    assert_eq!(
        t,
        vec!["Replica 1: Sushi (C2 #1) waits: my window of 1 days from Monday is full."]
    );
}

#[test]
fn a_crashed_leaders_scout_and_commanders_die_with_it() {
    let mut w = with_leader(Config::new(5));
    apply(&mut w, order("C1", "Pizza"));
    deliver(&mut w, is("request", "C1", "R1"));
    deliver(&mut w, is("propose", "R1", "L1"));
    assert_eq!(w.leaders[0].commanders.len(), 1);
    apply(&mut w, Action::Crash(n("L1")));
    let l = &w.leaders[0];
    assert!(l.commanders.is_empty() && l.scout.is_none() && l.proposals.is_empty());
    assert_eq!(l.ballot.round, 1, "the ballot is kept");
    // The acceptors' answers reach a crashed leader: lost.
    let t = deliver_all(&mut w, |m| m.payload.kind() == "p2a");
    assert_eq!(t.iter().filter(|l| l.starts_with("Acceptor")).count(), 3);
    let t = run(&mut w);
    assert!(
        t.iter().any(|l| l.contains("was lost: L1 is crashed")),
        "{t:#?}"
    );
    assert!(w.ghost.decided.is_empty());
    // Back, it never reuses its ballot.
    apply(&mut w, Action::Recover(n("L1")));
    let e = w
        .check(&ballot("L1", Some(1)))
        .expect_err("ballot (1, L1) was used");
    assert!(e.to_string().contains("already used ballot (1, L1)"), "{e}");
    apply(&mut w, ballot("L1", None));
    assert_eq!(w.leaders[0].ballot.round, 2);
}

#[test]
fn a_stable_leader_runs_phase_one_once() {
    let (t, w) = replay("stable-leader");
    assert_eq!(t.iter().filter(|l| l.contains("'s scout:")).count(), 1);
    let m = metrics(&w);
    assert_eq!(m.ballots_started, 1);
    assert_eq!(m.preemptions, 0);
    assert_eq!(m.orders_decided, 4);
    assert!(m.messages_per_decided_order.is_some());
}

#[test]
fn dueling_leaders_preempt_each_other_until_backoff() {
    let (t, w) = replay("dueling-leaders-multi");
    for line in [
        "Leader 1 is preempted by ballot (1, L2).",
        "Leader 2 is preempted by ballot (2, L1).",
        "Leader 1 is preempted by ballot (3, L2).",
        "Leader 2 is preempted by ballot (4, L1).",
        "Leaders now act by themselves, waiting longer after each preemption.",
    ] {
        assert!(t.contains(&line.to_string()), "missing {line}\n{t:#?}");
    }
    let switched = t
        .iter()
        .position(|l| l.starts_with("Leaders now act"))
        .expect("switch");
    assert!(!t[..switched].iter().any(|l| l.contains("is decided")));
    assert!(metrics(&w).preemptions >= 4);
    for r in ["R1", "R2"] {
        assert_eq!(served(&w, r), ["1:Pizza", "2:Sushi"], "{r}");
    }
}

#[test]
fn a_recovered_canteen_catches_up() {
    let (t, w) = replay("canteen-crash-and-catch-up");
    let back = t
        .iter()
        .position(|l| l == "Canteen 2 is back.")
        .expect("back");
    assert!(t[back..].contains(&"Replica 2: what was decided from Tuesday on?".to_string()));
    assert!(t[back..].contains(&"Canteen 2 serves Wednesday: Taco (C3 #1).".to_string()));
    assert_eq!(served(&w, "R2"), ["1:Pizza", "2:Sushi", "3:Taco"]);
    assert_eq!(served(&w, "R1"), served(&w, "R2"));
}

#[test]
fn auto_leaders_back_off_and_decide() {
    let config = Config {
        timing: lunch_parliament::multipaxos::Timing {
            auto: true,
            backoff: true,
            timeout: 10,
        },
        ..Config::new(9)
    };
    let mut w = World::new(config).expect("valid");
    apply(&mut w, order("C1", "Pizza"));
    apply(&mut w, order("C2", "Sushi"));
    run(&mut w);
    // Both orders are served, each once (an order may also be decided in a second slot, skipped).
    assert!(w.ghost.decided.len() >= 2);
    assert_eq!(w.replicas[0].served.len(), 2);
    assert_eq!(served(&w, "R1"), served(&w, "R2"));
    assert!(w.next_timer().is_none(), "nothing left to do");
}

#[test]
fn bad_commands_are_refused_with_a_reason() {
    let w = World::new(Config::new(1)).expect("valid");
    for (a, want) in [
        (order("R1", "Pizza"), "R1 is not a client"),
        (order("C9", "Pizza"), "C9 is not a client here"),
        (order("C1", ""), "an order needs a dish"),
        (order("C1", " Pizza"), "spaces"),
        (order("C1", &"x".repeat(41)), "at most 40 characters"),
        (order("C1", "a\tb"), "control characters"),
        (ballot("A1", None), "A1 is not a leader"),
        (ballot("L3", None), "L3 is not a leader here"),
        (ballot("L1", Some(0)), "round 0 is out of range"),
        (Action::Crash(n("A4")), "unknown node A4"),
        (Action::Tick, "nothing is due"),
    ] {
        let e = w.check(&a).expect_err("refused");
        assert!(e.to_string().contains(want), "{a}: {e}");
    }
    assert!("Z1".parse::<NodeId>().is_err());
    assert!("C0".parse::<NodeId>().is_err());
}

#[test]
fn a_multipaxos_file_opens_as_a_document_and_bad_ones_are_named() {
    let s = preset("a-week-of-lunches")
        .and_then(|p| p.scenario().ok())
        .expect("builds");
    let text = s.to_json();
    assert!(text.contains("\"protocol\": \"multipaxos\""));
    match Document::parse(&text) {
        Ok(Document::MultiPaxos(back)) => assert_eq!(back, s),
        other => panic!("{other:?}"),
    }
    let bad = text.replacen("\"acceptors\": 3", "\"acceptors\": 9", 1);
    let e = Document::parse(&bad).expect_err("9 acceptors");
    assert!(e.to_string().contains("9 acceptors is out of range"), "{e}");
    let bad = text.replacen("\"C1\"", "\"Q1\"", 1);
    assert!(Document::parse(&bad).is_err());
}

/// Each preset's transcript, pinned: written once to `tests/fixtures/multipaxos-ID.transcript.txt`,
/// compared after.
#[test]
fn every_preset_transcript_is_pinned_and_its_week_final() {
    let weeks: &[(&str, &[&str])] = &[
        (
            "a-week-of-lunches",
            &["Pizza", "Sushi", "Taco", "Ramen", "Thai"],
        ),
        ("two-canteens-one-monday", &["Pizza", "Sushi"]),
        (
            "leader-crash-mid-week",
            &["Pizza", "Sushi", "Taco", "Ramen"],
        ),
        ("stable-leader", &["Curry", "Pizza", "Sushi", "Thai"]),
        ("dueling-leaders-multi", &["Pizza", "Sushi"]),
        ("canteen-crash-and-catch-up", &["Pizza", "Sushi", "Taco"]),
    ];
    assert_eq!(weeks.len(), presets().len());
    for (id, want) in weeks {
        let (t, w) = replay(id);
        assert!(t.iter().all(|l| !l.starts_with("!!")), "{id}");
        let days: Vec<String> = week(&w)
            .iter()
            .map(|d| d.decided.as_ref().map_or("-".into(), |o| o.dish.clone()))
            .collect();
        assert_eq!(&days, want, "{id}");
        let served_dishes: Vec<String> = w.replicas[0]
            .served
            .iter()
            .map(|(_, o)| o.dish.clone())
            .collect();
        assert_eq!(&served_dishes, want, "{id}: R1 serves the week");
        for r in &w.replicas {
            assert_eq!(r.served, w.replicas[0].served, "{id}: both canteens");
        }
        let path = format!(
            "{}/tests/fixtures/multipaxos-{id}.transcript.txt",
            env!("CARGO_MANIFEST_DIR")
        );
        let text = t.join("\n") + "\n";
        // A missing fixture is a failure; PIN_TRANSCRIPTS=1 writes it (once, by hand, then review it).
        match std::fs::read_to_string(&path) {
            Ok(pinned) => assert_eq!(pinned, text, "{id}: transcript differs from {path}"),
            Err(_) if std::env::var_os("PIN_TRANSCRIPTS").is_some() => {
                std::fs::write(&path, text).expect("fixture written")
            }
            Err(e) => {
                panic!("{id}: no pinned transcript at {path} ({e}); PIN_TRANSCRIPTS=1 writes it")
            }
        }
    }
}

#[test]
fn words_name_the_speaker() {
    let s = preset("a-week-of-lunches")
        .and_then(|p| p.scenario().ok())
        .expect("builds");
    let h = s.replay().expect("replays");
    let w = h.initial();
    let lines: Vec<_> = h.outcomes().iter().flat_map(|s| w.words(s)).collect();
    let scout = lines
        .iter()
        .find(|l| l.text.contains("'s scout"))
        .expect("scout");
    assert_eq!(scout.speaker, Some(n("L1")));
    let served = lines
        .iter()
        .find(|l| l.text.starts_with("Canteen 2 serves"))
        .expect("serves");
    assert_eq!(served.speaker, Some(n("R2")));
    let decided = lines
        .iter()
        .find(|l| l.text.contains("is decided"))
        .expect("decided");
    assert_eq!(decided.speaker, None);
}

fn config() -> impl Strategy<Value = Config> {
    (
        1usize..=4,
        1usize..=3,
        1usize..=3,
        1usize..=5,
        1u64..=6,
        1u64..=4,
        any::<bool>(),
        any::<bool>(),
        1u64..30,
        any::<u64>(),
    )
        .prop_map(
            |(clients, replicas, leaders, acceptors, window, max, auto, backoff, timeout, seed)| {
                Config {
                    clients,
                    replicas,
                    leaders,
                    acceptors,
                    window,
                    latency: lunch_parliament::synod::Latency { min: 1, max },
                    timing: lunch_parliament::multipaxos::Timing {
                        auto,
                        backoff,
                        timeout,
                    },
                    seed,
                    variant: lunch_parliament::multipaxos::Variant::Correct,
                }
            },
        )
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn random_runs_keep_every_invariant_and_replay_exactly(
        config in config(),
        moves in prop::collection::vec((any::<u32>(), any::<u32>(), any::<u32>()), 1..300),
    ) {
        let mut h = History::new(World::new(config.clone()).expect("valid config"));
        for (k, t, d) in moves {
            let Some(a) = choose(h.current(), Choice { kind: k, target: t, detail: d }) else { continue };
            h.act(a.clone()).expect("chosen actions apply");
            let step = h.outcomes().last().expect("recorded");
            prop_assert!(step.violations.is_empty(), "{a} broke {:?}", step.violations);
        }
        let mut again = History::new(World::new(config).expect("valid"));
        for a in h.actions() {
            again.act(a.clone()).expect("replays");
        }
        prop_assert_eq!(again.full_digest(), h.full_digest());
        prop_assert_eq!(again.current(), h.current());
        let end = h.current().clone();
        h.seek(h.len() / 2);
        h.seek(h.len());
        prop_assert_eq!(h.current(), &end);
    }
}

/// Any Multi-Paxos action at all, most of them invalid in most worlds.
fn raw_action() -> impl Strategy<Value = Action> {
    let node = prop_oneof![
        (1u8..6).prop_map(NodeId::Client),
        (1u8..5).prop_map(NodeId::Replica),
        (1u8..5).prop_map(NodeId::Leader),
        (1u8..7).prop_map(NodeId::Acceptor),
    ];
    let id = (0u64..80).prop_map(MessengerId);
    let dish = prop_oneof![
        Just(String::new()),
        Just(" ".to_string()),
        Just("Pizza".to_string()),
        Just("x".repeat(41)),
        Just("a\tb".to_string()),
        "[a-z]{1,8}",
    ];
    prop_oneof![
        id.clone().prop_map(Action::Deliver),
        id.clone().prop_map(Action::Drop),
        id.clone().prop_map(Action::Duplicate),
        (id, prop_oneof![Just(0u64), 1u64..100, Just(u64::MAX)])
            .prop_map(|(id, by)| Action::Delay { id, by }),
        node.clone().prop_map(Action::Crash),
        node.clone().prop_map(Action::Recover),
        (node.clone(), dish).prop_map(|(client, dish)| Action::Order { client, dish }),
        (
            node,
            prop::option::of(prop_oneof![Just(0u64), 1u64..5, Just(u64::MAX)])
        )
            .prop_map(|(leader, round)| Action::StartBallot { leader, round }),
        (any::<bool>(), any::<bool>()).prop_map(|(on, backoff)| Action::Auto { on, backoff }),
        Just(Action::Tick),
    ]
}

#[derive(Clone, Debug)]
enum Move {
    Chosen(u32, u32, u32),
    Raw(Action),
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    /// A refused action changes nothing, not even the messengers or the random generator; an
    /// accepted one breaks no invariant.
    #[test]
    fn a_refused_action_changes_nothing(
        config in config(),
        moves in prop::collection::vec(
            prop_oneof![
                3 => (any::<u32>(), any::<u32>(), any::<u32>()).prop_map(|(k, t, d)| Move::Chosen(k, t, d)),
                1 => raw_action().prop_map(Move::Raw),
            ],
            1..250,
        ),
    ) {
        let mut h = History::new(World::new(config).expect("valid config"));
        for m in moves {
            let action = match m {
                Move::Chosen(k, t, d) => match choose(h.current(), Choice { kind: k, target: t, detail: d }) {
                    Some(a) => a,
                    None => continue,
                },
                Move::Raw(a) => a,
            };
            let before = h.current().clone();
            let len = h.len();
            let digest = h.digest();
            match h.act(action.clone()) {
                Ok(_) => {
                    let step = h.outcomes().last().expect("recorded");
                    prop_assert!(step.violations.is_empty(), "{action} broke {:?}", step.violations);
                }
                Err(e) => {
                    prop_assert!(!e.to_string().is_empty(), "{action} was refused without a reason");
                    prop_assert_eq!(h.current(), &before, "a refused {} changed the world", action);
                    prop_assert_eq!(h.len(), len);
                    prop_assert_eq!(h.digest(), digest);
                }
            }
        }
    }
}

#[test]
fn random_runs_make_progress() {
    // Not only safe: the chosen actions decide slots in most runs.
    let mut decided_runs = 0;
    for seed in 0..50u64 {
        let mut rng = lunch_parliament::sim::SeededRng::new(seed);
        let config = <lunch_parliament::multipaxos::MultiPaxos as lunch_parliament::sim::explore::Explore>::random_config(&mut rng, &());
        let mut w = World::new(config).expect("valid");
        for _ in 0..300 {
            let Some(a) = choose(&w, Choice::random(&mut rng)) else {
                break;
            };
            apply(&mut w, a);
        }
        if !w.ghost.decided.is_empty() {
            decided_runs += 1;
        }
    }
    assert!(
        decided_runs >= 25,
        "only {decided_runs} of 50 runs decided anything"
    );
}

#[test]
fn a_scout_that_hears_a_higher_ballot_is_preempted() {
    let mut w = World::new(Config::new(7)).expect("valid");
    apply(&mut w, ballot("L2", Some(2)));
    deliver_all(&mut w, |m| m.payload.kind() == "p1a");
    apply(&mut w, ballot("L1", Some(1)));
    let t = deliver(&mut w, is("p1a", "L1", "A1"));
    assert_eq!(t, vec!["Acceptor 1: No, I am in ballot (2, L2) now."]);
    let t = deliver(&mut w, is("p1b", "A1", "L1"));
    assert_eq!(t, vec!["Leader 1 is preempted by ballot (2, L2)."]);
    assert!(w.leaders[0].scout.is_none() && !w.leaders[0].active);
    // By hand, its next ballot is above the one that preempted it.
    apply(&mut w, ballot("L1", None));
    assert_eq!(w.leaders[0].ballot.round, 3);
}

#[test]
fn bad_multipaxos_files_are_named_not_panicked() {
    let s = preset("stable-leader")
        .and_then(|p| p.scenario().ok())
        .expect("builds");
    let good: serde_json::Value = serde_json::from_str(&s.to_json()).expect("json");
    let with = |pointer: &str, v: serde_json::Value| {
        let mut x = good.clone();
        if let Some(slot) = x.pointer_mut(pointer) {
            *slot = v;
        }
        x.to_string()
    };
    for (text, want) in [
        (
            with("/config/window", 0.into()),
            "a window of 0 is out of range",
        ),
        (
            with("/config/timing/timeout", 0.into()),
            "timeout 0 is out of range",
        ),
        (
            with("/config/timing/auto", "yes".into()),
            "at config.timing.auto",
        ),
        (
            with("/config/clients", 5.into()),
            "5 clients is out of range",
        ),
        (
            with(
                "/actions/0",
                serde_json::json!({"order": {"client": "C7", "dish": "Pizza"}}),
            ),
            "action 1",
        ),
        (
            with(
                "/actions/0",
                serde_json::json!({"order": {"client": "X1", "dish": "Pizza"}}),
            ),
            "not a Multi-Paxos node name",
        ),
        (
            with("/actions/1", serde_json::json!({"deliver": 999})),
            "messenger #999 is not in flight",
        ),
        (with("/protocol", "multi-paxos".into()), "unknown protocol"),
    ] {
        let e = Document::parse(&text).expect_err(want);
        assert!(e.to_string().contains(want), "want {want}, got {e}");
    }
}

/// Autoplay stops when the week is told: every order served by every canteen that is up.
#[test]
fn the_week_is_settled_once_every_order_is_served_everywhere() {
    use lunch_parliament::multipaxos::{Event, MultiPaxos};
    let mut s = preset("a-week-of-lunches")
        .and_then(|p| p.scenario().ok())
        .expect("preset builds");
    s.step = None;
    let mut h = s.replay().expect("replays");
    let end = h.len();
    assert!(
        MultiPaxos::settled(h.current()),
        "the end of the week is settled"
    );
    h.seek(0);
    assert!(
        !MultiPaxos::settled(h.current()),
        "nothing ordered yet: not settled"
    );
    // Just before the last order is served by the last canteen, it is not settled.
    let last_served = (1..=end)
        .rev()
        .find(|&k| {
            h.outcomes()[k - 1]
                .events
                .iter()
                .any(|e| matches!(e, Event::Served { .. }))
        })
        .expect("something is served");
    h.seek(last_served - 1);
    assert!(!MultiPaxos::settled(h.current()));
    h.seek(last_served);
    assert!(MultiPaxos::settled(h.current()));
}

/// A stable leader pays phase 1 once for the week; a synod per order would pay it for every day.
#[test]
fn phase_1_once_against_a_synod_per_order() {
    use lunch_parliament::multipaxos::week::phases;
    let mut s = preset("stable-leader")
        .and_then(|p| p.scenario().ok())
        .expect("preset builds");
    s.step = None;
    let h = s.replay().expect("replays");
    let w = h.current();
    let p = phases(w, h.outcomes());
    // One scout: a prepare to each of the 3 acceptors and their 3 promises.
    assert_eq!(p.phase1, 6);
    // Four days decided, each by a commander: 3 p2a and 3 p2b.
    assert_eq!(w.ghost.decided.len(), 4);
    assert_eq!(p.phase2, 24);
    assert_eq!(p.phase1_synod_per_order, 24);
}
