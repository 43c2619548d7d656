//! Every preset replays natively to its exact transcript and final state.
#![cfg(not(target_arch = "wasm32"))]

use lunch_parliament::scenario::{presets, summarise, Scenario};
use lunch_parliament::sim::NetEvent;
use lunch_parliament::synod::invariants;

fn replay(
    id: &str,
) -> (
    Scenario,
    lunch_parliament::sim::History<lunch_parliament::synod::World>,
) {
    let p = lunch_parliament::scenario::preset(id).expect("preset exists");
    let mut s = p.scenario().expect("preset builds");
    s.step = None;
    let h = s.replay().expect("preset replays");
    (s, h)
}

fn transcript(id: &str) -> Vec<String> {
    let (s, h) = replay(id);
    summarise(&s.title, &h).transcript
}

const ROUNDS_6_AND_7: [&str; 22] = [
    "Leader 1: We now start round 6. What do you feel like for lunch?",
    "Acceptor 2: I have no idea.",
    "Acceptor 2: Now we give up all rounds < 6.",
    "Acceptor 3: I have no idea.",
    "Acceptor 3: Now we give up all rounds < 6.",
    "Leader 1 has 1 of 2 promises for round 6.",
    "Leader 1 has 2 of 2 promises for round 6.",
    "Leader 1: Let's try agree on Thai in round 6.",
    "Acceptor 2: OK. Accept Thai in round 6.",
    "… The messenger carrying propose Thai@6 from Leader 1 to Acceptor 3 was lost.",
    "Leader 1 has 1 of 2 acceptances for round 6.",
    "Leader 2: We now start round 7. What do you feel like for lunch?",
    "Acceptor 1: I have no idea.",
    "Acceptor 1: Now we give up all rounds < 7.",
    "Acceptor 3: I have no idea.",
    "Acceptor 3: Now we give up all rounds < 7.",
    "Leader 2 has 1 of 2 promises for round 7.",
    "Leader 2 has 2 of 2 promises for round 7.",
    "Leader 2: Let's try agree on Taco in round 7.",
    "Acceptor 3: OK. Accept Taco in round 7.",
    "… The messenger carrying propose Taco@7 from Leader 2 to Acceptor 1 was lost.",
    "Leader 2 has 1 of 2 acceptances for round 7.",
];

const ROUND_8: [&str; 8] = [
    "Leader 1: We now start round 8. What do you feel like for lunch?",
    "Acceptor 1: I have no idea.",
    "Acceptor 1: Now we give up all rounds < 8.",
    "Acceptor 2: I already accepted Thai in round 6.",
    "Acceptor 2: Now we give up all rounds < 8.",
    "… The messenger carrying prepare 8 from Leader 1 to Acceptor 3 was lost.",
    "Leader 1 has 1 of 3 promises for round 8.",
    "Leader 1 has 2 of 3 promises for round 8.",
];

#[test]
fn round_8_exact_transcript_and_final_state() {
    let expected: Vec<&str> = ROUNDS_6_AND_7.iter().chain(&ROUND_8).copied().collect();
    assert_eq!(transcript("round-8"), expected);
    let (_, h) = replay("round-8");
    let w = h.current();
    let promised: Vec<Option<u64>> = w.acceptors.iter().map(|a| a.ledger.promised).collect();
    assert_eq!(promised, [Some(8), Some(8), Some(7)]);
    let accepted: Vec<Option<String>> = w
        .acceptors
        .iter()
        .map(|a| a.ledger.accepted.as_ref().map(|v| v.to_string()))
        .collect();
    assert_eq!(
        accepted,
        [None, Some("Thai@6".into()), Some("Taco@7".into())]
    );
    assert!(
        invariants::chosen(w).is_empty(),
        "nothing is chosen after round 8"
    );
    assert!(w.nodes().iter().all(|n| w.decided(*n).is_none()));
}

#[test]
fn round_10_exact_transcript_ends_with_yay_taco() {
    let round_10 = [
        "Leader 1: We now start round 10. What do you feel like for lunch?",
        "Acceptor 1: I have no idea.",
        "Acceptor 1: Now we give up all rounds < 10.",
        "Acceptor 2: I already accepted Thai in round 6.",
        "Acceptor 2: Now we give up all rounds < 10.",
        "Acceptor 3: I already accepted Taco in round 7.",
        "Acceptor 3: Now we give up all rounds < 10.",
        "Leader 1 has 1 of 3 promises for round 10.",
        "Leader 1 has 2 of 3 promises for round 10.",
        "Leader 1 has 3 of 3 promises for round 10.",
        "Leader 1: Let's try agree on Taco in round 10.",
        "Acceptor 1: OK. Accept Taco in round 10.",
        "Acceptor 2: OK. Accept Taco in round 10.",
        "Acceptor 3: OK. Accept Taco in round 10.",
        "Leader 1 has 1 of 3 acceptances for round 10.",
        "Leader 1 has 2 of 3 acceptances for round 10.",
        "Leader 1 has 3 of 3 acceptances for round 10.",
        "Leader 1: I see we have agreed on Taco in round 10.",
        "Acceptor 1: Yay, Taco!",
        "Acceptor 2: Yay, Taco!",
        "Acceptor 3: Yay, Taco!",
        "Leader 2: Yay, Taco!",
    ];
    let expected: Vec<&str> = ROUNDS_6_AND_7
        .iter()
        .chain(&ROUND_8)
        .chain(&round_10)
        .copied()
        .collect();
    assert_eq!(transcript("round-10"), expected);
    let (s, h) = replay("round-10");
    let sum = summarise(&s.title, &h);
    assert_eq!(sum.chosen.as_deref(), Some("Taco"));
    assert_eq!(sum.decided.len(), 5);
    assert!(sum.decided.values().all(|v| v == "Taco"));
    assert!(sum.invariants.values().all(|held| *held));
    assert_eq!(sum.termination, "Everyone has decided Taco.");
    assert_eq!(sum.metrics.rounds_started, 4);
    assert_eq!(sum.metrics.message_rounds_to_decide, Some(4));
}

#[test]
fn stale_leader_a2_accepts_a3_refuses_a4_crashes() {
    let t = transcript("stale-leader");
    let tail: Vec<&str> = t
        .iter()
        .map(String::as_str)
        .skip_while(|l| !l.starts_with("Leader 2: I see"))
        .collect();
    assert_eq!(
        tail,
        [
            "Leader 2: I see we have agreed on Taco in round 10.",
            "Acceptor 2: OK. Accept Thai in round 6.",
            "Acceptor 3: No, I aborted since I'm now participating in round 10.",
            "… Acceptor 4 crashed. Its ledger survives: promised round 6, accepted nothing.",
            "… The messenger carrying propose Thai@6 from Leader 1 to Acceptor 4 was lost: Acceptor 4 is crashed.",
            "… The messenger carrying decided Taco from Leader 2 to Acceptor 4 was lost: Acceptor 4 is crashed.",
            "Leader 1 hears that Acceptor 3 is in round 10: round 6 cannot finish.",
            "Leader 1 has 1 of 3 acceptances for round 6.",
            "Acceptor 1: Yay, Taco!",
            "Acceptor 2: Yay, Taco!",
            "Acceptor 3: Yay, Taco!",
            "Acceptor 5: Yay, Taco!",
            "Leader 1: Yay, Taco!",
            "Acceptor 4 is back, ledger intact: promised round 6, accepted nothing.",
        ]
    );
    assert!(
        t.iter()
            .filter(|l| l.contains("sets off on a long voyage"))
            .count()
            == 3
    );
    let (_, h) = replay("stale-leader");
    let w = h.current();
    assert_eq!(
        w.acceptors[1]
            .ledger
            .accepted
            .as_ref()
            .map(|v| v.to_string()),
        Some("Thai@6".into())
    );
    assert_eq!(
        invariants::chosen(w).len(),
        1,
        "Thai@6 is accepted by one acceptor: not chosen"
    );
    assert_eq!(
        w.decided(lunch_parliament::synod::NodeId::Acceptor(4)),
        None
    );
}

#[test]
fn leader_crashes_after_learn_a_later_round_can_only_choose_taco() {
    let t = transcript("leader-crashes-after-learn");
    let yays: Vec<&str> = t
        .iter()
        .filter(|l| l.contains("Yay"))
        .map(String::as_str)
        .collect();
    assert_eq!(
        yays,
        [
            "Acceptor 1: Yay, Taco!",
            "Acceptor 2: Yay, Taco!",
            "Acceptor 5: Yay, Taco!",
            "Acceptor 3: Yay, Taco!",
            "Acceptor 4: Yay, Taco!"
        ]
    );
    for line in [
        "… Leader 2 crashed.",
        "Leader 1: We now start round 11. What do you feel like for lunch?",
        "Acceptor 3: I already accepted Taco in round 10.",
        "Leader 1: Let's try agree on Taco in round 11.",
        "Leader 1: I see we have agreed on Taco in round 11.",
        "Acceptor 1 already knew: Taco.",
    ] {
        assert!(t.contains(&line.to_string()), "missing: {line}\n{t:#?}");
    }
    // At the opening step, A3 and A4 do not know yet.
    let p = lunch_parliament::scenario::preset("leader-crashes-after-learn").expect("preset");
    let s = p.scenario().expect("builds");
    let mut h = s.replay().expect("replays");
    h.seek(s.step.expect("opens mid-way") + 4);
    let term = invariants::termination(h.current());
    assert_eq!(
        term.why,
        "Taco is chosen. A1, A2, A5, L2 know it; A3, A4, L1 do not know yet."
    );
}

#[test]
fn every_preset_builds_replays_and_opens_inside_its_history() {
    for p in presets() {
        let s = p.scenario().unwrap_or_else(|e| panic!("{}: {e}", p.id));
        let h = s.replay().unwrap_or_else(|e| panic!("{}: {e}", p.id));
        assert!(!h.is_empty(), "{}", p.id);
        assert!(
            s.step.is_some_and(|k| k <= h.len()),
            "{} opens inside its history",
            p.id
        );
        // The file form loads back to the same scenario.
        assert_eq!(Scenario::parse(&s.to_json()).as_ref(), Ok(&s), "{}", p.id);
        let broken = p.id.starts_with("broken-");
        let mut whole = s.clone();
        whole.step = None;
        let sum = summarise(&s.title, &whole.replay().expect("replays"));
        assert_eq!(
            !sum.invariants.values().all(|h| *h),
            broken,
            "{}: {:?}",
            p.id,
            sum.invariants
        );
    }
}

#[test]
fn the_broken_presets_break_the_invariant_they_are_about() {
    let sum = |id: &str| {
        let (s, h) = replay(id);
        summarise(&s.title, &h)
    };
    let m = sum("broken-minority-quorums");
    assert!(!m.invariants["agreement"]);
    assert!(!m.invariants["decided_was_chosen"]);
    let a = sum("broken-amnesia");
    assert!(!a.invariants["promise_monotonic"]);
    assert!(!a.invariants["agreement"]);
}

/// Paxos Made Simple's rule on the slides' history: round 8 goes on with A1 and A2 (A3's prepare was
/// lost), proposes Thai — A2's report from round 6, the highest heard — to the two that promised, and
/// decides it. Nothing unsafe: Taco@7 was never chosen.
#[test]
fn round_8_any_majority_goes_on_with_a1_and_a2() {
    use lunch_parliament::synod::{Event, Msg, NodeId, QuorumRule};
    let (s, h) = replay("round-8-any-majority");
    assert_eq!(s.config.quorum_rule, QuorumRule::AnyMajority);
    let t = summarise(&s.title, &h).transcript;
    assert_eq!(&t[..ROUNDS_6_AND_7.len()], &ROUNDS_6_AND_7[..]);
    assert_eq!(
        &t[ROUNDS_6_AND_7.len()..],
        [
            "Leader 1: We now start round 8. What do you feel like for lunch?",
            "Acceptor 1: I have no idea.",
            "Acceptor 1: Now we give up all rounds < 8.",
            "Acceptor 2: I already accepted Thai in round 6.",
            "Acceptor 2: Now we give up all rounds < 8.",
            "… The messenger carrying prepare 8 from Leader 1 to Acceptor 3 was lost.",
            "Leader 1 has 1 of 2 promises for round 8.",
            "Leader 1 has 2 of 2 promises for round 8.",
            "Leader 1: Let's try agree on Thai in round 8.",
            "Acceptor 1: OK. Accept Thai in round 8.",
            "Acceptor 2: OK. Accept Thai in round 8.",
            "Leader 1 has 1 of 2 acceptances for round 8.",
            "Leader 1 has 2 of 2 acceptances for round 8.",
            "Leader 1: I see we have agreed on Thai in round 8.",
            "Acceptor 1: Yay, Thai!",
            "Acceptor 2: Yay, Thai!",
            "Acceptor 3: Yay, Thai!",
            "Leader 2: Yay, Thai!",
        ]
    );
    // Round 8's proposals went only to the two that promised.
    let proposed_to: Vec<NodeId> = h
        .outcomes()
        .iter()
        .flat_map(|s| &s.events)
        .filter_map(|e| match e {
            Event::Net(NetEvent::Sent {
                to,
                msg: Msg::Propose { round: 8, .. },
                ..
            }) => Some(*to),
            _ => None,
        })
        .collect();
    assert_eq!(proposed_to, [NodeId::Acceptor(1), NodeId::Acceptor(2)]);
    let w = h.current();
    assert_eq!(
        invariants::chosen(w)
            .iter()
            .map(|c| (c.round, &*c.value))
            .collect::<Vec<_>>(),
        [(8, "Thai")]
    );
    assert!(invariants::report(w).checks.iter().all(|(_, r)| r.is_ok()));
    // The same history under the slides' rule stalls at 2 of 3 promises.
    let (_, whole) = replay("round-8");
    let l1 = whole.current().leaders[0]
        .current
        .as_ref()
        .expect("round 8 runs");
    assert_eq!((l1.round, l1.promises.len(), l1.need), (8, 2, 3));
}

/// Both broken presets, step by step: the panel's report agrees with the transcript at every step —
/// an invariant the transcript said broke stays broken from that step on; two chosen values are both
/// named; decisions are listed per value exactly as the nodes made them; termination is never "done"
/// while nodes disagree.
#[test]
fn broken_presets_are_reported_as_they_are_at_every_step() {
    use lunch_parliament::synod::{NodeId, Progress};
    use std::collections::BTreeSet;
    for id in ["broken-amnesia", "broken-minority-quorums"] {
        let (_, mut h) = replay(id);
        let mut broken_so_far = BTreeSet::new();
        let mut saw_split = false;
        for k in 0..=h.len() {
            h.seek(k);
            if k > 0 {
                for v in &h.outcomes()[k - 1].violations {
                    broken_so_far.insert(v.invariant);
                }
            }
            let w = h.current();
            let report = invariants::report(w);
            for (inv, result) in &report.checks {
                assert_eq!(
                    result.is_err(),
                    broken_so_far.contains(inv),
                    "{id} step {k}: {inv} shows {result:?}"
                );
            }
            let chosen = invariants::chosen(w);
            let phrase = invariants::chosen_phrase(w);
            for c in &chosen {
                assert!(
                    phrase.contains(&format!("{} chosen in round {}", c.value, c.round)),
                    "{id} step {k}: {phrase}"
                );
            }
            // Per value, exactly the nodes that decided it.
            let by_value = invariants::decided_by_value(w);
            for n in w.nodes() {
                let listed: Vec<&lunch_parliament::synod::message::Value> = by_value
                    .iter()
                    .filter(|(_, nodes)| nodes.contains(&n))
                    .map(|(v, _)| v)
                    .collect();
                match w.decided(n) {
                    Some(v) => assert!(listed.contains(&v), "{id} step {k}: {n} kept {v}"),
                    None => assert!(
                        listed.is_empty() || w.config.variant != Default::default(),
                        "{id} step {k}: {n} listed as deciding {listed:?}"
                    ),
                }
            }
            let split = by_value.len() > 1;
            saw_split |= split;
            let t = &report.termination;
            assert_eq!(
                t.progress == Progress::Split,
                split,
                "{id} step {k}: {}",
                t.why
            );
            if split || chosen.len() > 1 {
                assert_ne!(t.progress, Progress::Done, "{id} step {k}");
                assert!(
                    !t.why.contains("Nothing is chosen"),
                    "{id} step {k}: {}",
                    t.why
                );
                assert!(
                    t.why.contains("Consensus is broken"),
                    "{id} step {k}: {}",
                    t.why
                );
            }
        }
        assert!(!broken_so_far.is_empty(), "{id} breaks something");
        if id == "broken-amnesia" {
            // Thai in round 1 by A1, A2; Taco in round 2 by A2, A3: both named.
            assert_eq!(
                invariants::chosen_phrase(h.current()),
                "Thai chosen in round 1 by A1, A2; Taco chosen in round 2 by A2, A3"
            );
            // "Promises only go up" broke at the crash and stays broken after A2 recovered.
            assert!(invariants::report(h.current())
                .checks
                .iter()
                .any(|(i, r)| i.name() == "promise_monotonic" && r.is_err()));
        } else {
            assert!(saw_split, "{id}: nodes decided different values");
            // Every acceptor kept Thai: none of them is said to have decided Taco.
            let by_value = invariants::decided_by_value(h.current());
            let taco = by_value
                .iter()
                .find(|(v, _)| &**v == "Taco")
                .expect("Taco decided");
            assert!(
                taco.1.iter().all(|n| matches!(n, NodeId::Leader(_))),
                "{taco:?}"
            );
        }
    }
}

/// Found by a review in the browser: one value chosen in two rounds is one value (Quorums overlap: Thai
/// in rounds 1 and 2), not "two values chosen"; and under the any-majority rule the round's quorum is
/// the majority that answered (A1, A2), so the earlier quorum it meets is round 6's through A2 — not
/// round 7's through A3, which was polled but never heard.
#[test]
fn one_value_chosen_twice_is_one_value_and_any_majority_quorums_are_who_answered() {
    use lunch_parliament::synod::explain::quorum_overlaps;
    use lunch_parliament::synod::{NodeId, Progress};
    let (_, h) = replay("quorums-overlap");
    let w = h.current();
    assert_eq!(
        invariants::chosen(w).len(),
        2,
        "Thai in round 1 and round 2"
    );
    assert_eq!(invariants::chosen_values_first(w).len(), 1);
    let t = invariants::termination(w);
    // L1 crashed before it learned: pending, and nothing about two values or broken consensus.
    assert_eq!(t.progress, Progress::Pending, "{}", t.why);
    assert_eq!(
        t.why,
        "Thai is chosen. A1, A2, A3, A4, A5, L2 know it; L1 does not know yet."
    );

    let (s, mut h) = replay("round-8-any-majority");
    let proposed = s.step.unwrap_or(0)
        + h.outcomes()[s.step.unwrap_or(0)..]
            .iter()
            .position(|st| {
                st.events
                    .iter()
                    .any(|e| matches!(e, lunch_parliament::synod::Event::Proposed { round: 8, .. }))
            })
            .expect("round 8 proposes");
    h.seek(proposed + 1);
    let o = quorum_overlaps(h.current());
    let r8 = o.iter().find(|o| o.round == 8).expect("round 8");
    assert_eq!(r8.earlier_round, Some(6), "{}", r8.text);
    assert_eq!(r8.overlap, [NodeId::Acceptor(2)], "{}", r8.text);
    // Before it proposes, the poll is not a quorum: nothing is tagged "in both quorums".
    h.seek(proposed - 1);
    let o = quorum_overlaps(h.current());
    let r8 = o.iter().find(|o| o.round == 8).expect("round 8");
    assert!(r8.overlap.is_empty(), "{}", r8.text);
    assert!(
        r8.text
            .starts_with("Round 8 polls A1 and A3 of round 7's quorum"),
        "{}",
        r8.text
    );
}

/// "in quorum" marks what is running: once A1 and A3 promised higher rounds, L2's round 7 (quorum A1,
/// A3) can no longer finish, though L2 does not know it; after the decision nothing runs.
#[test]
fn a_round_every_member_gave_up_is_not_running() {
    let (_, mut h) = replay("round-10");
    // Just after rounds 6 and 7 (where the Round 8 preset opens): round 7 could still finish.
    h.seek(16);
    assert!(h.current().round_is_running(1), "round 7 before round 8");
    h.seek(h.len());
    let w = h.current();
    assert!(
        w.leaders[1].current.is_some(),
        "L2 still thinks round 7 is on"
    );
    assert!(
        !w.round_is_running(1),
        "round 7: A1 and A3 promised round 10"
    );
    assert!(!w.round_is_running(0), "round 10 decided");
}
