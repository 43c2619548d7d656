//! Each rule of the synod, as the slides state it, checked on the world.
#![cfg(not(target_arch = "wasm32"))]

mod common;
use common::*;
use lunch_parliament::sim::{FaultError, MessengerId, NetEvent, Simulation};
use lunch_parliament::synod::{invariants, Action, ActionError, Config, Msg, Variant, Vote, World};

fn run(w: &mut World) -> Vec<String> {
    let mut out = Vec::new();
    while w.check(&Action::Tick).is_ok() {
        out.extend(apply(w, Action::Tick));
    }
    out
}

#[test]
fn prepare_goes_to_the_chosen_quorum_only() {
    let mut w = world(5, &["Thai"]);
    let step = start(&mut w, "L1", None, &["A1", "A3", "A5"]);
    assert_eq!(
        lines(&w, &step),
        ["Leader: We now start round 1. What do you feel like for lunch?"]
    );
    let to: Vec<String> = w
        .network
        .in_flight()
        .iter()
        .map(|m| m.to.to_string())
        .collect();
    assert_eq!(to, ["A1", "A3", "A5"]);
    assert!(w
        .network
        .in_flight()
        .iter()
        .all(|m| m.payload == Msg::Prepare { round: 1 }));
}

#[test]
fn acceptor_promises_gives_up_lower_rounds_and_reports_nothing_or_its_vote() {
    let mut w = world(3, &["Thai", "Taco"]);
    start(&mut w, "L1", Some(8), &["A1", "A2"]);
    assert_eq!(
        deliver(&mut w, "prepare", "L1", "A1"),
        [
            "Acceptor 1: I have no idea.",
            "Acceptor 1: Now we give up all rounds < 8."
        ]
    );
    assert_eq!(w.acceptors[0].ledger.promised, Some(8));
    // A vote is reported with its round.
    w.acceptors[1].ledger.accepted = Some(Vote {
        round: 6,
        value: "Thai".into(),
    });
    w.acceptors[1].ledger.promised = Some(6);
    assert_eq!(
        deliver(&mut w, "prepare", "L1", "A2"),
        [
            "Acceptor 2: I already accepted Thai in round 6.",
            "Acceptor 2: Now we give up all rounds < 8."
        ]
    );
}

#[test]
fn acceptor_refuses_a_lower_round_naming_its_own() {
    let mut w = world(3, &["Thai", "Taco"]);
    start(&mut w, "L2", Some(10), &["A1", "A2"]);
    deliver(&mut w, "prepare", "L2", "A1");
    start(&mut w, "L1", Some(9), &["A1", "A2"]);
    assert_eq!(
        deliver(&mut w, "prepare", "L1", "A1"),
        ["Acceptor 1: No, I aborted since I'm now participating in round 10."]
    );
    assert_eq!(
        deliver(&mut w, "refuse", "A1", "L1"),
        ["Leader 1 hears that Acceptor 1 is in round 10: round 9 cannot finish."]
    );
    assert_eq!(w.acceptors[0].ledger.promised, Some(10));
}

#[test]
fn leader_proposes_own_preference_when_nothing_reported_then_decides_and_tells_everyone() {
    let mut w = world(3, &["Pizza"]);
    start(&mut w, "L1", None, &["A1", "A2"]);
    deliver(&mut w, "prepare", "L1", "A1");
    deliver(&mut w, "prepare", "L1", "A2");
    assert_eq!(
        deliver(&mut w, "promise", "A1", "L1"),
        ["Leader has 1 of 2 promises for round 1."]
    );
    assert_eq!(
        deliver(&mut w, "promise", "A2", "L1"),
        [
            "Leader has 2 of 2 promises for round 1.",
            "Leader: Let's try agree on Pizza in round 1."
        ]
    );
    assert_eq!(
        deliver(&mut w, "propose", "L1", "A1"),
        ["Acceptor 1: OK. Accept Pizza in round 1."]
    );
    deliver(&mut w, "propose", "L1", "A2");
    deliver(&mut w, "accepted", "A1", "L1");
    assert_eq!(
        deliver(&mut w, "accepted", "A2", "L1"),
        [
            "Leader has 2 of 2 acceptances for round 1.",
            "Leader: I see we have agreed on Pizza in round 1."
        ]
    );
    // Told to every other node, including A3 which was not in the quorum.
    let told: Vec<String> = w
        .network
        .in_flight()
        .iter()
        .map(|m| m.to.to_string())
        .collect();
    assert_eq!(told, ["A1", "A2", "A3"]);
    assert_eq!(invariants::termination(&w).waiting.len(), 3);
    assert_eq!(
        deliver(&mut w, "decided", "L1", "A3"),
        ["Acceptor 3: Yay, Pizza!"]
    );
    assert_eq!(w.acceptors[2].ledger.decided.as_deref(), Some("Pizza"));
    let m = &w.metrics.first_decision;
    assert_eq!(m.as_ref().map(|d| d.message_rounds), Some(4));
}

#[test]
fn leader_proposes_the_value_of_the_highest_round_reported() {
    let mut w = world(3, &["Thai", "Taco"]);
    w.acceptors[1].ledger.accepted = Some(Vote {
        round: 6,
        value: "Thai".into(),
    });
    w.acceptors[2].ledger.accepted = Some(Vote {
        round: 7,
        value: "Taco".into(),
    });
    start(&mut w, "L1", Some(10), &["A1", "A2", "A3"]);
    let all = run(&mut w);
    assert!(all.contains(&"Leader 1: Let's try agree on Taco in round 10.".to_string()));
    assert_eq!(w.decided(n("L1")).map(|v| &**v), Some("Taco"));
}

#[test]
fn acceptor_accepts_unless_promised_higher() {
    let mut w = world(3, &["Thai", "Taco"]);
    start(&mut w, "L1", Some(6), &["A1", "A2"]);
    deliver(&mut w, "prepare", "L1", "A1");
    deliver(&mut w, "prepare", "L1", "A2");
    deliver(&mut w, "promise", "A1", "L1");
    deliver(&mut w, "promise", "A2", "L1");
    // Round 10 overtakes A2 before the round-6 proposal arrives.
    start(&mut w, "L2", Some(10), &["A2", "A3"]);
    deliver(&mut w, "prepare", "L2", "A2");
    assert_eq!(
        deliver(&mut w, "propose", "L1", "A1"),
        ["Acceptor 1: OK. Accept Thai in round 6."]
    );
    assert_eq!(
        deliver(&mut w, "propose", "L1", "A2"),
        ["Acceptor 2: No, I aborted since I'm now participating in round 10."]
    );
    assert_eq!(w.acceptors[1].ledger.accepted, None);
}

#[test]
fn crash_keeps_the_ledger_loses_messengers_and_answers_nothing() {
    let mut w = world(3, &["Thai"]);
    start(&mut w, "L1", None, &["A1", "A2"]);
    run(&mut w);
    let ledger = w.acceptors[0].ledger.clone();
    assert_eq!(ledger.accepted.as_ref().map(|v| &*v.value), Some("Thai"));
    start(&mut w, "L1", None, &["A1", "A2"]);
    let crash = apply(&mut w, Action::Crash(n("A1")));
    assert_eq!(
        crash,
        [
            "… Acceptor 1 crashed. Its ledger survives: promised round 1, accepted Thai in round 1.",
            "… The messenger carrying prepare 2 from Leader to Acceptor 1 was lost: Acceptor 1 is crashed."
        ]
    );
    // Messengers sent to it while it is down are lost on arrival; it answers nothing.
    assert!(w.network.in_flight().iter().all(|m| m.to != n("A1")));
    let rec = apply(&mut w, Action::Recover(n("A1")));
    assert_eq!(
        rec,
        ["Acceptor 1 is back, ledger intact: promised round 1, accepted Thai in round 1."]
    );
    assert_eq!(w.acceptors[0].ledger, ledger);
    assert_eq!(
        w.apply(&Action::Recover(n("A1"))),
        Err(ActionError::Fault(FaultError::NotCrashed(n("A1"))))
    );
}

#[test]
fn a_messenger_reaching_a_crashed_node_is_lost() {
    let mut w = world(3, &["Thai"]);
    start(&mut w, "L1", None, &["A1", "A2"]);
    apply(&mut w, Action::Crash(n("L1")));
    deliver(&mut w, "prepare", "L1", "A1");
    let lost = deliver(&mut w, "promise", "A1", "L1");
    assert_eq!(
        lost,
        ["… The messenger carrying promise 1 from Acceptor 1 to Leader was lost: Leader is crashed."]
    );
    assert_eq!(w.network.stats.dropped, 1);
    assert!(
        w.leaders[0].current.is_none(),
        "a crash loses the round in progress"
    );
}

#[test]
fn a_duplicated_promise_is_counted_once() {
    let mut w = world(3, &["Thai"]);
    start(&mut w, "L1", None, &["A1", "A2"]);
    deliver(&mut w, "prepare", "L1", "A1");
    let id = find(&w, "promise", "A1", "L1");
    let dup = apply(&mut w, Action::Duplicate(id));
    assert_eq!(
        dup,
        ["Messenger #4 copies #3: a second promise 1 sets off from Acceptor 1 to Leader."]
    );
    assert_eq!(
        apply(&mut w, Action::Deliver(id)),
        ["Leader has 1 of 2 promises for round 1."]
    );
    assert_eq!(
        apply(&mut w, Action::Deliver(MessengerId(4))),
        ["Leader already had Acceptor 1's promise for round 1; the duplicate changes nothing."]
    );
    assert_eq!(w.network.stats.duplicated, 1);
}

#[test]
fn a_delayed_messenger_arrives_after_a_later_one() {
    let mut w = world(3, &["Thai"]);
    start(&mut w, "L1", None, &["A1", "A2"]);
    let first = w.network.next_due().map(|m| m.id).expect("in flight");
    let other = w
        .network
        .in_flight()
        .iter()
        .find(|m| m.id != first)
        .map(|m| m.id)
        .expect("two in flight");
    let line = apply(&mut w, Action::Delay { id: first, by: 100 });
    assert!(
        line[0].contains("sets off on a long voyage, due at time"),
        "{line:?}"
    );
    assert_eq!(w.network.next_due().map(|m| m.id), Some(other));
    let s = w.apply(&Action::Tick).expect("tick");
    assert!(
        matches!(&s.events[0], lunch_parliament::synod::Event::Net(NetEvent::Delivered { id, .. }) if *id == other)
    );
    assert!(w.now < 100);
}

#[test]
fn round_numbers_are_unique_and_errors_change_nothing() {
    let mut w = world(3, &["Thai", "Taco"]);
    start(&mut w, "L1", Some(8), &["A1", "A2"]);
    let before = w.clone();
    let taken = Action::StartRound {
        leader: n("L2"),
        quorum: vec![n("A1"), n("A2")],
        round: Some(8),
        dish: None,
    };
    assert_eq!(
        w.apply(&taken).map(|_| ()).map_err(|e| e.to_string()),
        Err("round 8 was already used by L1: round numbers are unique".to_string())
    );
    assert_eq!(w, before, "a refused action changes nothing");
    // Defaults: the next number above what the leader has seen, in its own residue class.
    let s = start(&mut w, "L2", None, &["A2", "A3"]);
    assert_eq!(
        lines(&w, &s)[0],
        "Leader 2: We now start round 2. What do you feel like for lunch?"
    );
    deliver(&mut w, "prepare", "L1", "A1");
    let s = start(&mut w, "L1", None, &["A1", "A2"]);
    assert_eq!(
        lines(&w, &s)[0],
        "Leader 1: We now start round 9. What do you feel like for lunch?"
    );
}

#[test]
fn bad_actions_are_clear_errors() {
    let mut w = world(3, &["Thai"]);
    let cases = [
        (
            Action::Deliver(MessengerId(99)),
            "messenger #99 is not in flight",
        ),
        (
            Action::Crash(n("A7")),
            "unknown node A7: this chamber has A1..A3 and L1..L1",
        ),
        (
            Action::Tick,
            "nothing is due: no messenger is in flight and no timer is set",
        ),
        (
            Action::StartRound {
                leader: n("L1"),
                quorum: vec![n("A1")],
                round: None,
                dish: None,
            },
            "a quorum of 1 is not a majority of 3 acceptors (need 2)",
        ),
        (
            Action::StartRound {
                leader: n("A1"),
                quorum: vec![n("A1"), n("A2")],
                round: None,
                dish: None,
            },
            "A1 is not a leader: only L1..L3 start rounds",
        ),
        (
            Action::StartRound {
                leader: n("L1"),
                quorum: vec![n("A1"), n("A1")],
                round: None,
                dish: None,
            },
            "A1 appears twice in the quorum",
        ),
        (
            Action::StartRound {
                leader: n("L1"),
                quorum: vec![n("A1"), n("L1")],
                round: None,
                dish: None,
            },
            "L1 is not an acceptor: a quorum is made of acceptors",
        ),
        (
            Action::StartRound {
                leader: n("L1"),
                quorum: vec![n("A1"), n("A2")],
                round: Some(0),
                dish: None,
            },
            "round numbers start at 1",
        ),
    ];
    let before = w.clone();
    for (action, message) in cases {
        assert_eq!(
            w.apply(&action).map(|_| ()).map_err(|e| e.to_string()),
            Err(message.to_string())
        );
    }
    assert_eq!(w, before);
    start(&mut w, "L1", None, &["A1", "A2"]);
    let id = find(&w, "prepare", "L1", "A1");
    assert_eq!(
        w.apply(&Action::Delay { id, by: 0 })
            .map(|_| ())
            .map_err(|e| e.to_string()),
        Err("a delay of 0 is out of range: choose 1 to 1000000".to_string())
    );
}

#[test]
fn config_is_validated() {
    let bad = [
        (
            Config::new(2, &["Thai"], 0),
            "2 acceptors is out of range: choose 3 to 9",
        ),
        (
            Config::new(10, &["Thai"], 0),
            "10 acceptors is out of range: choose 3 to 9",
        ),
        (
            Config::new(3, &[], 0),
            "0 leaders is out of range: choose 1 to 3",
        ),
        (
            Config::new(3, &["a", "b", "c", "d"], 0),
            "4 leaders is out of range: choose 1 to 3",
        ),
        (
            Config::new(3, &[" "], 0),
            "bad dish name: a dish needs a name",
        ),
    ];
    for (config, message) in bad {
        assert_eq!(
            World::new(config).map(|_| ()).map_err(|e| e.to_string()),
            Err(message.to_string())
        );
    }
    let mut c = Config::new(3, &["Thai"], 0);
    c.latency.min = 5;
    c.latency.max = 2;
    assert!(World::new(c).is_err());
}

#[test]
fn broken_variants_are_caught_by_the_invariants() {
    // Amnesia: a crash wipes the promise, which "promises only go up" catches at once.
    let mut c = Config::new(3, &["Thai", "Taco"], 1);
    c.variant = Variant::Amnesia;
    let mut w = World::new(c).expect("config");
    start(&mut w, "L1", None, &["A1", "A2"]);
    run(&mut w);
    let s = w.apply(&Action::Crash(n("A2"))).expect("crash");
    assert_eq!(s.violations.len(), 1);
    assert_eq!(s.violations[0].invariant.name(), "promise_monotonic");

    // Minority quorums: two quorums that do not intersect decide two dishes.
    let mut c = Config::new(3, &["Thai", "Taco"], 1);
    c.variant = Variant::MinorityQuorums;
    let mut w = World::new(c).expect("config");
    start(&mut w, "L1", None, &["A1"]);
    run(&mut w);
    start(&mut w, "L2", None, &["A3"]);
    let mut broken = Vec::new();
    while w.check(&Action::Tick).is_ok() {
        let s = w.apply(&Action::Tick).expect("tick");
        broken.extend(s.violations.into_iter().map(|v| v.invariant.name()));
    }
    assert!(broken.contains(&"agreement"), "{broken:?}");
}

#[test]
fn f_plus_one_and_two_f_plus_one() {
    let w = world(5, &["Thai"]);
    // A chosen value is on 3 of 5 ledgers (f+1 copies, f = 2): it survives 2 crashes for good, not 4
    // (the survivors of 4 crashes need not hold it).
    assert_eq!(w.crashes_tolerated_for_safety(), 2);
    assert_eq!(w.crashes_tolerated_for_liveness(), 2);
    let w = world(4, &["Thai"]);
    assert_eq!(w.crashes_tolerated_for_safety(), 2);
    assert_eq!(w.crashes_tolerated_for_liveness(), 1);
}

/// In the symmetric setting every messenger takes exactly `latency.min`, a duplicate included (it used
/// to draw a random latency).
#[test]
fn a_duplicate_in_the_symmetric_setting_takes_latency_min() {
    use lunch_parliament::synod::{Event, Latency, NodeId};
    let mut config = Config::new(3, &["Thai"], 4);
    config.latency = Latency { min: 2, max: 9 };
    config.timing.symmetric = true;
    let mut w = World::new(config).expect("valid");
    let quorum = vec![NodeId::Acceptor(1), NodeId::Acceptor(2)];
    w.apply(&Action::StartRound {
        leader: NodeId::Leader(1),
        quorum,
        round: None,
        dish: None,
    })
    .expect("starts");
    for _ in 0..20 {
        let id = w.network.in_flight()[0].id;
        let step = w.apply(&Action::Duplicate(id)).expect("duplicates");
        for e in &step.events {
            if let Event::Net(NetEvent::Sent { due, .. }) = e {
                assert_eq!(*due, w.now + 2);
            }
        }
    }
}
