//! Guided tours: every tour builds, every step opens where it says, and every caption's claims hold
//! in the world at its position.
#![cfg(not(target_arch = "wasm32"))]

use lunch_parliament::corfu;
use lunch_parliament::corfu::unit::Slot;
use lunch_parliament::multipaxos;
use lunch_parliament::scenario::{summarise, Document};
use lunch_parliament::sim::History;
use lunch_parliament::sim::NetEvent;
use lunch_parliament::synod::explain::quorum_overlaps;
use lunch_parliament::synod::invariants::{self, chosen};
use lunch_parliament::synod::{Action, Event, NodeId, Variant, World};
use lunch_parliament::tour::{self, Tour, TourStep};

fn n(name: &str) -> NodeId {
    name.parse().expect("node name")
}

fn built(number: usize) -> Tour {
    tour::tour(number).unwrap_or_else(|e| panic!("tour {number}: {e}"))
}

/// The synod history of a step, at its position.
fn synod(step: &TourStep) -> History<World> {
    match &step.document {
        Document::Synod(s) => s.replay().expect("replays"),
        Document::Corfu(_) | Document::MultiPaxos(_) => {
            panic!("expected a synod step: {}", step.caption)
        }
    }
}

fn corfu_history(step: &TourStep) -> History<corfu::World> {
    match &step.document {
        Document::Corfu(s) => s.replay().expect("replays"),
        Document::Synod(_) | Document::MultiPaxos(_) => {
            panic!("expected a CORFU step: {}", step.caption)
        }
    }
}

fn mp_history(step: &TourStep) -> History<multipaxos::World> {
    match &step.document {
        Document::MultiPaxos(s) => s.replay().expect("replays"),
        Document::Synod(_) | Document::Corfu(_) => {
            panic!("expected a Multi-Paxos step: {}", step.caption)
        }
    }
}

/// The transcript up to the step's position.
fn transcript(step: &TourStep) -> Vec<String> {
    match &step.document {
        Document::Synod(s) => summarise(&s.title, &synod(step)).transcript,
        Document::Corfu(_) => {
            let h = corfu_history(step);
            h.outcomes()[..h.cursor()]
                .iter()
                .flat_map(corfu::transcript::step_lines)
                .collect()
        }
        Document::MultiPaxos(_) => {
            let h = mp_history(step);
            h.outcomes()[..h.cursor()]
                .iter()
                .flat_map(multipaxos::transcript::step_lines)
                .collect()
        }
    }
}

/// The lines of the last step before the position.
fn last_lines(step: &TourStep) -> Vec<String> {
    let h = synod(step);
    let k = h.initial().leaders.len();
    h.outcomes()[..h.cursor()]
        .last()
        .map(|s| {
            lunch_parliament::synod::transcript::step_lines(s, k)
                .into_iter()
                .map(|l| l.text)
                .collect()
        })
        .unwrap_or_default()
}

fn has(lines: &[String], line: &str) -> bool {
    lines.iter().any(|l| l == line)
}

fn decided(w: &World) -> Vec<NodeId> {
    w.nodes()
        .into_iter()
        .filter(|x| w.decided(*x).is_some())
        .collect()
}

fn crashed(w: &World) -> Vec<NodeId> {
    w.nodes().into_iter().filter(|x| w.is_crashed(*x)).collect()
}

fn accepted(w: &World, a: &str) -> Option<String> {
    w.acceptors[n(a).index()]
        .ledger
        .accepted
        .as_ref()
        .map(|v| v.to_string())
}

fn nodes(names: &[&str]) -> Vec<NodeId> {
    names.iter().map(|x| n(x)).collect()
}

fn chosen_values(w: &World) -> Vec<String> {
    let mut v: Vec<String> = chosen(w).into_iter().map(|c| c.value.to_string()).collect();
    v.dedup();
    v
}

#[test]
fn every_tour_builds_and_every_step_opens_at_its_position() {
    assert_eq!(tour::COUNT, 8);
    for number in 1..=tour::COUNT {
        let t = built(number);
        assert_eq!(t.number, number);
        assert_eq!(Some(t.title.as_str()), tour::title(number));
        assert!(
            (5..=12).contains(&t.steps.len()),
            "tour {number} has {} steps",
            t.steps.len()
        );
        for (i, step) in t.steps.iter().enumerate() {
            let k = step
                .document
                .step()
                .unwrap_or_else(|| panic!("tour {number} step {}: no position", i + 1));
            // The file form parses (and so replays) back to the same document.
            let back = Document::parse(&step.document.to_json())
                .unwrap_or_else(|e| panic!("tour {number} step {}: {e}", i + 1));
            assert_eq!(back, step.document, "tour {number} step {}", i + 1);
            let cursor = match &step.document {
                Document::Synod(_) => synod(step).cursor(),
                Document::Corfu(_) => corfu_history(step).cursor(),
                Document::MultiPaxos(s) => s.replay().expect("replays").cursor(),
            };
            assert_eq!(cursor, k, "tour {number} step {} opens at {k}", i + 1);
            assert_eq!(t.step(i + 1).map(|s| &s.caption), Ok(&step.caption));
        }
        // Positions move forward within a run.
        for pair in t.steps.windows(2) {
            if pair[0].document.same_run(&pair[1].document) {
                assert!(
                    pair[0].document.step() <= pair[1].document.step(),
                    "tour {number}: {:?} then {:?}",
                    pair[0].caption,
                    pair[1].caption
                );
            }
        }
    }
}

#[test]
fn bad_tour_and_step_numbers_are_errors_naming_the_range() {
    assert_eq!(
        tour::tour(0).err().as_deref(),
        Some("there is no tour 0: tours are numbered 1 to 8")
    );
    assert_eq!(
        tour::tour(9).err().as_deref(),
        Some("there is no tour 9: tours are numbered 1 to 8")
    );
    assert!(tour::tour(usize::MAX).is_err());
    assert_eq!(tour::title(0), None);
    assert_eq!(tour::title(9), None);
    let t = built(2);
    let len = t.steps.len();
    assert_eq!(
        t.step(0).err(),
        Some(format!(
            "tour 2 has no step 0: its steps are numbered 1 to {len}"
        ))
    );
    assert_eq!(
        t.step(len + 1).err(),
        Some(format!(
            "tour 2 has no step {}: its steps are numbered 1 to {len}",
            len + 1
        ))
    );
    assert!(t.step(usize::MAX).is_err());
    assert!(t.step(len).is_ok());
}

#[test]
fn captions_are_short_plain_text() {
    for number in 1..=tour::COUNT {
        for (i, step) in built(number).steps.iter().enumerate() {
            let c = &step.caption;
            let at = format!("tour {number} step {}: {c:?}", i + 1);
            assert!(!c.trim().is_empty(), "{at}");
            assert!(!c.contains('<') && !c.contains('>'), "{at}");
            assert!(c.chars().count() < 320, "{at}");
            assert!(!c.contains("  ") && !c.contains('\n'), "{at}");
            assert!(c.ends_with(['.', '!', '”', ')']), "{at}");
        }
    }
}

#[test]
fn the_correct_protocol_stays_safe_at_every_synod_step() {
    for number in 1..=tour::COUNT {
        for step in &built(number).steps {
            let Document::Synod(s) = &step.document else {
                continue;
            };
            if s.config.variant != Variant::Correct {
                continue;
            }
            let sum = summarise(&s.title, &synod(step));
            assert!(
                sum.invariants.values().all(|held| *held),
                "tour {number}: {:?}: {:?}",
                step.caption,
                sum.invariants
            );
        }
    }
}

#[test]
fn tour_1_agreement_validity_termination() {
    let t = built(1);
    let s = &t.steps;
    let w0 = synod(&s[0]).current().clone();
    assert_eq!((w0.acceptors.len(), w0.leaders.len()), (3, 1));
    assert!(decided(&w0).is_empty());

    assert!(
        last_lines(&s[1])[0].ends_with("We now start round 1. What do you feel like for lunch?")
    );
    assert!(decided(synod(&s[1]).current()).is_empty());

    let h = synod(&s[2]);
    assert!(has(
        &last_lines(&s[2]),
        "Leader: Let's try agree on Pizza in round 1."
    ));
    assert!(h
        .current()
        .acceptors
        .iter()
        .all(|a| a.ledger.accepted.is_none()));
    assert_eq!(
        h.current()
            .proposals
            .iter()
            .map(|v| &**v)
            .collect::<Vec<_>>(),
        ["Pizza"]
    );

    let w = synod(&s[3]).current().clone();
    let c = chosen(&w);
    assert_eq!(c.len(), 1);
    assert_eq!(&*c[0].value, "Pizza");
    assert_eq!(c[0].voters, nodes(&["A1", "A2"]));
    assert!(s[3].caption.starts_with("A1 and A2 have accepted Pizza"));
    assert!(decided(&w).is_empty(), "chosen, but nobody knows");

    let w = synod(&s[4]).current().clone();
    assert_eq!(w.decided(n("L1")).map(|v| &**v), Some("Pizza"));
    assert_eq!(
        w.metrics.first_decision.as_ref().map(|d| d.message_rounds),
        Some(4)
    );
    assert!(s[4].caption.contains("4 message delays"));

    let h = synod(&s[5]);
    let w = h.current();
    assert_eq!(decided(w), w.nodes());
    assert!(w
        .nodes()
        .iter()
        .all(|x| w.decided(*x).map(|v| &**v) == Some("Pizza")));
    assert_eq!(
        invariants::termination(w).why,
        "Everyone has decided Pizza."
    );
    assert!(s[5]
        .caption
        .contains(&format!("after {} messages", w.network.stats.sent)));
}

#[test]
fn tour_2_rounds_8_and_10_as_on_the_slides() {
    let t = built(2);
    let s = &t.steps;
    assert_eq!(s[0].document.title(), "Round 8");
    assert_eq!(s[10].document.title(), "Round 10");

    let w = synod(&s[0]).current().clone();
    assert_eq!(accepted(&w, "A1"), None);
    assert_eq!(accepted(&w, "A2").as_deref(), Some("Thai@6"));
    assert_eq!(accepted(&w, "A3").as_deref(), Some("Taco@7"));
    assert!(chosen(&w).is_empty());

    assert_eq!(
        last_lines(&s[1]),
        ["Leader 1: We now start round 8. What do you feel like for lunch?"]
    );
    assert!(has(
        &last_lines(&s[2]),
        "Acceptor 2: I already accepted Thai in round 6."
    ));
    assert_eq!(synod(&s[2]).current().acceptors[1].ledger.promised, Some(8));
    assert_eq!(
        last_lines(&s[3]),
        ["… The messenger carrying prepare 8 from Leader 1 to Acceptor 3 was lost."]
    );
    assert_eq!(synod(&s[3]).current().acceptors[2].ledger.promised, Some(7));
    let h = synod(&s[4]);
    assert_eq!(
        last_lines(&s[4]),
        ["Leader 1 has 2 of 3 promises for round 8."]
    );
    assert_eq!(h.cursor(), h.len(), "nothing more happens in round 8");
    assert!(h.current().network.in_flight().is_empty());

    let rounds: Vec<(u64, NodeId)> = synod(&s[5])
        .current()
        .rounds
        .iter()
        .map(|(r, n)| (*r, *n))
        .collect();
    assert_eq!(
        rounds,
        [(6, n("L1")), (7, n("L2")), (8, n("L1")), (10, n("L1"))]
    );
    let lines = transcript(&s[6]);
    let round_10: Vec<&String> = lines
        .iter()
        .skip_while(|l| !l.contains("start round 10"))
        .collect();
    for line in [
        "Acceptor 1: I have no idea.",
        "Acceptor 2: I already accepted Thai in round 6.",
        "Acceptor 3: I already accepted Taco in round 7.",
    ] {
        assert!(round_10.iter().any(|l| *l == line), "{line}");
    }
    assert!(has(
        &last_lines(&s[7]),
        "Leader 1: Let's try agree on Taco in round 10."
    ));
    assert_eq!(&*synod(&s[7]).current().leaders[0].preference, "Thai");

    let w = synod(&s[8]).current().clone();
    assert_eq!(&*chosen(&w)[0].value, "Taco");
    assert_eq!(chosen(&w)[0].voters, nodes(&["A1", "A2"]));
    assert!(decided(&w).is_empty());

    assert!(has(
        &last_lines(&s[9]),
        "Leader 1: I see we have agreed on Taco in round 10."
    ));
    assert_eq!(decided(synod(&s[9]).current()), [n("L1")]);

    let lines = transcript(&s[10]);
    assert!(lines.iter().any(|l| l.contains("Yay, Taco!")));
    for who in ["Acceptor 1", "Acceptor 2", "Acceptor 3", "Leader 2"] {
        assert!(has(&lines, &format!("{who}: Yay, Taco!")), "{who}");
    }
    let w = synod(&s[10]).current().clone();
    assert_eq!(decided(&w), w.nodes());
}

#[test]
fn tour_3_the_overlap_forces_the_value() {
    let t = built(3);
    let s = &t.steps;
    let w = synod(&s[0]).current().clone();
    assert_eq!(chosen(&w).len(), 1);
    assert_eq!(&*chosen(&w)[0].value, "Thai");
    assert_eq!(chosen(&w)[0].voters, nodes(&["A1", "A2", "A3"]));
    assert!(decided(&w).is_empty());

    let w = synod(&s[1]).current().clone();
    assert_eq!(crashed(&w), [n("L1")]);
    assert!(w.decisions.is_empty(), "no node knows");
    assert_eq!(chosen_values(&w), ["Thai"]);

    let w = synod(&s[2]).current().clone();
    let l2 = &w.leaders[1];
    assert_eq!(&*l2.preference, "Taco");
    let q = l2.current.as_ref().expect("L2 runs round 2");
    assert_eq!((q.round, q.quorum.clone()), (2, nodes(&["A3", "A4", "A5"])));
    let shared: Vec<NodeId> = q
        .quorum
        .iter()
        .filter(|a| chosen(&w)[0].voters.contains(a))
        .copied()
        .collect();
    assert_eq!(shared, [n("A3")]);

    let w = synod(&s[3]).current().clone();
    assert_eq!(accepted(&w, "A3").as_deref(), Some("Thai@1"));
    assert_eq!((accepted(&w, "A4"), accepted(&w, "A5")), (None, None));
    assert!(has(
        &transcript(&s[3]),
        "Acceptor 3: I already accepted Thai in round 1."
    ));

    assert!(has(
        &last_lines(&s[4]),
        "Leader 2: Let's try agree on Thai in round 2."
    ));
    let o = quorum_overlaps(synod(&s[4]).current());
    assert_eq!(o.len(), 1);
    assert_eq!(o[0].overlap, [n("A3")]);

    let w = synod(&s[5]).current().clone();
    assert_eq!(chosen_values(&w), ["Thai"]);
    for i in 1..=5 {
        assert_eq!(w.decided(n(&format!("A{i}"))).map(|v| &**v), Some("Thai"));
    }
}

#[test]
fn tour_4_who_knows_after_the_leader_crashes() {
    let t = built(4);
    let s = &t.steps;
    let w = synod(&s[0]).current().clone();
    assert_eq!(decided(&w), [n("L2")]);
    assert_eq!(chosen(&w)[0].voters, nodes(&["A1", "A2", "A3"]));

    let w = synod(&s[1]).current().clone();
    assert_eq!(crashed(&w), [n("L2")]);
    assert_eq!(decided(&w), nodes(&["A1", "A2", "A5", "L2"]));
    assert!(s[1].caption.starts_with("A1, A2 and A5 hear"));
    for to in ["A3", "A4", "L1"] {
        assert!(
            w.network
                .in_flight()
                .iter()
                .any(|m| m.from == n("L2") && m.to == n(to) && m.payload.kind() == "decided"),
            "the news to {to} is on its way"
        );
    }

    // The "who knows" step: exactly the nodes the caption names have decided.
    let w = synod(&s[2]).current().clone();
    assert_eq!(decided(&w), nodes(&["A1", "A2", "A5", "L2"]));
    assert!(s[2].caption.contains("A1, A2, A5 and L2 decided Taco"));
    assert!(s[2].caption.contains("A3, A4 and L1 do not know"));
    assert!(w.network.in_flight().is_empty(), "the news is lost");
    assert_eq!(chosen_values(&w), ["Taco"]);

    let w = synod(&s[3]).current().clone();
    let l1 = &w.leaders[0];
    assert_eq!(&*l1.preference, "Thai");
    let q = l1.current.as_ref().expect("L1 runs round 11");
    assert_eq!(
        (q.round, q.quorum.clone()),
        (11, nodes(&["A3", "A4", "A5"]))
    );
    assert_eq!(w.voters(10, &"Taco".into()), nodes(&["A1", "A2", "A3"]));

    let w = synod(&s[4]).current().clone();
    assert!(has(
        &last_lines(&s[4]),
        "Acceptor 3: I already accepted Taco in round 10."
    ));
    assert_eq!(
        w.decided(n("A3")),
        None,
        "A3 accepted Taco but has not learned it"
    );

    assert!(has(
        &last_lines(&s[5]),
        "Leader 1: Let's try agree on Taco in round 11."
    ));

    let w = synod(&s[6]).current().clone();
    assert!(has(
        &last_lines(&s[6]),
        "Leader 1: I see we have agreed on Taco in round 11."
    ));
    assert_eq!(chosen_values(&w), ["Taco"]);
    assert!(w.chosen.contains(&(11, "Taco".into())));

    let w = synod(&s[7]).current().clone();
    assert_eq!(decided(&w), w.nodes());
    assert!(w.decisions.iter().all(|(v, _)| &**v == "Taco"));
    let lines = transcript(&s[7]);
    assert!(has(&lines, "Acceptor 3: Yay, Taco!") && has(&lines, "Acceptor 4: Yay, Taco!"));
}

#[test]
fn tour_5_two_crashes_decide_three_stall_safely() {
    let t = built(5);
    let s = &t.steps;
    let w = synod(&s[0]).current().clone();
    assert_eq!(w.acceptors.len(), 5);
    assert_eq!(crashed(&w), nodes(&["A4", "A5"]));
    assert_eq!(w.crashes_tolerated_for_liveness(), 2);

    assert!(has(
        &last_lines(&s[1]),
        "Leader: Let's try agree on Taco in round 1."
    ));

    // Two crashed: a value is decided.
    let w = synod(&s[2]).current().clone();
    assert_eq!(crashed(&w), nodes(&["A4", "A5"]));
    assert_eq!(w.decided(n("L1")).map(|v| &**v), Some("Taco"));
    assert_eq!(chosen(&w)[0].voters, nodes(&["A1", "A2", "A3"]));

    let w = synod(&s[3]).current().clone();
    assert_eq!(crashed(&w), nodes(&["A3", "A4", "A5"]));
    assert_eq!(w.crashes_tolerated_for_safety(), 2);
    assert_eq!(w.crashes_tolerated_for_liveness(), 2);

    // Three crashed: nothing is chosen or decided, nothing is left to happen, and every invariant holds.
    for (step, round, line) in [
        (&s[4], 1, "Leader has 2 of 3 promises for round 1."),
        (&s[5], 2, "Leader has 2 of 3 promises for round 2."),
    ] {
        let h = synod(step);
        let w = h.current();
        assert_eq!(crashed(w), nodes(&["A3", "A4", "A5"]));
        assert!(chosen(w).is_empty() && decided(w).is_empty() && w.decisions.is_empty());
        assert!(w.network.in_flight().is_empty(), "round {round} is stuck");
        assert_eq!(w.leaders[0].current.as_ref().map(|c| c.round), Some(round));
        assert_eq!(last_lines(step), [line]);
        let Document::Synod(sc) = &step.document else {
            panic!("synod")
        };
        assert!(matches!(
            sc.actions.get(h.cursor()),
            Some(Action::StartRound { .. } | Action::Recover(_))
        ));
        assert!(invariants::report(w).checks.iter().all(|(_, r)| r.is_ok()));
        assert!(summarise("", &h).invariants.values().all(|held| *held));
    }
    assert!(s[5].caption.contains("A1, A2 and A4"));
    assert_eq!(
        synod(&s[5]).current().leaders[0]
            .current
            .as_ref()
            .map(|c| c.quorum.clone()),
        Some(nodes(&["A1", "A2", "A4"]))
    );

    let w = synod(&s[6]).current().clone();
    assert_eq!(crashed(&w), nodes(&["A4", "A5"]));
    assert_eq!(w.decided(n("L1")).map(|v| &**v), Some("Taco"));
    assert_eq!(w.metrics.first_decision.as_ref().map(|d| d.round), Some(3));
    assert!(has(
        &transcript(&s[6]),
        "Acceptor 3 is back, ledger intact: no promise, accepted nothing."
    ));
}

#[test]
fn tour_6_a_duel_without_decision_then_a_fix_and_a_decision() {
    let t = built(6);
    let s = &t.steps;
    let w = synod(&s[0]).current().clone();
    // Symmetric timing: every messenger takes exactly `latency.min`.
    assert!(w.config.timing.auto && w.config.timing.symmetric);
    let running: Vec<Option<u64>> = w
        .leaders
        .iter()
        .map(|l| l.current.as_ref().map(|c| c.round))
        .collect();
    assert_eq!(running, [Some(1), Some(2)]);

    let lines = last_lines(&s[1]);
    assert!(has(
        &lines,
        "Leader 1 hears that Acceptor 1 is in round 2: round 1 cannot finish."
    ));
    assert!(has(
        &lines,
        "Leader 1: We now start round 3. What do you feel like for lunch?"
    ));
    assert!(has(
        &last_lines(&s[2]),
        "Leader 2: We now start round 4. What do you feel like for lunch?"
    ));
    assert!(last_lines(&s[2])
        .iter()
        .any(|l| l.contains("round 2 cannot finish")));

    // The duel: no decision at any of its steps.
    for step in &s[..5] {
        let w = synod(step).current().clone();
        assert!(
            decided(&w).is_empty() && chosen(&w).is_empty(),
            "{}",
            step.caption
        );
        assert_eq!(w.liveness.fixes, Default::default(), "no fix yet");
    }
    let h = synod(&s[4]);
    let w = h.current();
    assert!(w.metrics.rounds_started >= 20, "many rounds");
    assert!(s[4]
        .caption
        .starts_with(&format!("{} rounds started", w.metrics.rounds_started)));
    assert_eq!((w.metrics.crashes, w.network.stats.dropped), (0, 0));
    assert!(!h.outcomes()[..h.cursor()]
        .iter()
        .flat_map(|o| &o.events)
        .any(|e| matches!(e, Event::Net(NetEvent::Lost { .. }) | Event::Decided { .. })));
    assert!(s[3].caption.contains("FLP"));

    let w = synod(&s[5]).current().clone();
    assert!(w.liveness.fixes.backoff);
    assert!(decided(&w).is_empty());

    assert!(last_lines(&s[6]).iter().any(|l| l.contains("backs off")));
    assert!(decided(synod(&s[6]).current()).is_empty());

    // The decision, and the round that was left alone.
    let h = synod(&s[7]);
    let w = h.current();
    assert!(w.liveness.fixes.backoff);
    assert_eq!(w.decided(n("L1")).map(|v| &**v), Some("Taco"));
    assert!(has(
        &last_lines(&s[7]),
        "Leader 1: I see we have agreed on Taco in round 21."
    ));
    let from = s[6].document.step().expect("position");
    let between = &h.outcomes()[from..h.cursor()];
    assert!(!between
        .iter()
        .flat_map(|o| &o.events)
        .any(|e| matches!(e, Event::RoundStarted { .. } | Event::Preempted { .. })));
    assert!(s[6].caption.ends_with("Round 21 is left alone."));
    // "It likes Thai, but an acceptor reported Taco from an earlier round."
    assert_eq!(&*w.leaders[0].preference, "Thai");
    let forced = h.outcomes()[..h.cursor()]
        .iter()
        .flat_map(|o| &o.events)
        .find_map(|e| match e {
            Event::Proposed {
                round: 21,
                forced_by,
                ..
            } => Some(forced_by.clone()),
            _ => None,
        })
        .expect("round 21 was proposed");
    assert_eq!(forced.map(|(_, v)| v.value).as_deref(), Some("Taco"));

    let w = synod(&s[8]).current().clone();
    assert_eq!(decided(&w), w.nodes());
    assert!(has(&transcript(&s[8]), "Leader 2: Yay, Taco!"));
}

fn page(w: &corfu::World, unit: &str, position: u64) -> Option<corfu::Page> {
    let u: corfu::NodeId = unit.parse().expect("unit");
    match w.units[u.index()].pages.get(&position) {
        Some(Slot::Written(p)) => Some(p.clone()),
        _ => None,
    }
}

fn data(client: &str, value: &str) -> Option<corfu::Page> {
    Some(corfu::Page::Data {
        client: client.parse().expect("client"),
        value: value.into(),
    })
}

#[test]
fn tour_7_a_hole_then_junk() {
    let t = built(7);
    let s = &t.steps;
    let w = corfu_history(&s[0]).current().clone();
    let chains: Vec<Vec<String>> = w
        .projection()
        .chains
        .iter()
        .map(|c| c.iter().map(|u| u.to_string()).collect())
        .collect();
    assert_eq!(chains, [["U1", "U2"], ["U3", "U4"]]);
    assert_eq!(w.clients.len(), 3);
    assert!(w.units.iter().all(|u| u.pages.is_empty()));

    assert!(has(&transcript(&s[1]), "C1 got position 0 (epoch 0)."));

    let w = corfu_history(&s[2]).current().clone();
    assert_eq!(page(&w, "U1", 0), data("C1", "pizza"));
    assert_eq!(page(&w, "U2", 0), data("C1", "pizza"));
    assert!(w.ghost.acked.contains_key(&0));

    // The hole existed before the fill.
    for step in &s[3..6] {
        let w = corfu_history(step).current().clone();
        assert_eq!(
            (page(&w, "U3", 1), page(&w, "U4", 1)),
            (None, None),
            "{}",
            step.caption
        );
    }
    let w = corfu_history(&s[3]).current().clone();
    assert!(w.is_crashed("C2".parse().expect("C2")));
    assert_eq!(
        w.sequencer.tail,
        Some(2),
        "positions 0 and 1 are handed out"
    );
    let w = corfu_history(&s[4]).current().clone();
    assert_eq!(page(&w, "U2", 2), data("C3", "sushi"));
    let w = corfu_history(&s[5]).current().clone();
    assert!(matches!(
        w.clients[0].task,
        corfu::client::Task::Waiting { position: 1, .. }
    ));

    // After the fill, position 1 holds junk on its whole chain.
    let w = corfu_history(&s[6]).current().clone();
    assert_eq!(page(&w, "U3", 1), Some(corfu::Page::Junk));
    assert_eq!(page(&w, "U4", 1), Some(corfu::Page::Junk));
    assert!(has(&transcript(&s[7]), "C1 read position 2: “sushi” (C3)."));

    assert_eq!(s[8].document.title(), "Slow writer loses the race");
    let lines = transcript(&s[8]);
    assert_eq!(
        lines.last().map(|v| &**v),
        Some("C2's late write to 1 was refused: already written (junk).")
    );
    assert_eq!(
        page(corfu_history(&s[8]).current(), "U3", 1),
        Some(corfu::Page::Junk)
    );

    let h = corfu_history(&s[9]);
    assert_eq!(page(h.current(), "U2", 2), data("C2", "tacos"));
    assert!(h.outcomes()[..h.cursor()]
        .iter()
        .all(|o| o.violations.is_empty()));
}

/// What the run's events say about round `round` of `leader` up to the step's position: the quorum it
/// polled, the promises it counted (with the vote each reported), and whether it proposed.
struct RoundFacts {
    quorum: Vec<NodeId>,
    heard: Vec<(NodeId, Option<lunch_parliament::synod::Vote>)>,
    proposed: bool,
    /// Every round started so far, with its quorum, and every (round, acceptor) vote.
    polled: std::collections::BTreeMap<u64, Vec<NodeId>>,
    votes: Vec<(u64, NodeId)>,
}

fn round_facts(h: &History<World>, leader: NodeId, round: u64) -> RoundFacts {
    let mut f = RoundFacts {
        quorum: Vec::new(),
        heard: Vec::new(),
        proposed: false,
        polled: Default::default(),
        votes: Vec::new(),
    };
    let mut reported = std::collections::BTreeMap::new();
    for e in h.outcomes()[..h.cursor()].iter().flat_map(|s| &s.events) {
        match e {
            Event::RoundStarted {
                round: r, quorum, ..
            } => {
                f.polled.insert(*r, quorum.clone());
                if *r == round {
                    f.quorum = quorum.clone();
                }
            }
            Event::Promised {
                acceptor,
                round: r,
                reported: v,
                ..
            } if *r == round => {
                reported.insert(*acceptor, v.clone());
            }
            Event::PromiseCounted {
                leader: l,
                acceptor,
                round: r,
                duplicate: false,
                ..
            } if *l == leader && *r == round => {
                f.heard
                    .push((*acceptor, reported.get(acceptor).cloned().flatten()));
            }
            Event::Proposed {
                leader: l,
                round: r,
                ..
            } if *l == leader && *r == round => f.proposed = true,
            Event::Accepted {
                acceptor, round: r, ..
            } => f.votes.push((*r, *acceptor)),
            _ => {}
        }
    }
    f.heard.sort_by_key(|(a, _)| *a);
    f
}

/// Acceptor names (A1…A9) in `text`.
fn acceptor_names(text: &str) -> Vec<NodeId> {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| w.len() == 2 && w.starts_with('A'))
        .filter_map(|w| w.parse().ok())
        .collect()
}

/// Every tour step: the overlap panel says only what the run's events say has happened, and a caption
/// that names acceptors "in both quorums" names exactly the ones the panel marks.
#[test]
fn every_overlap_claim_is_a_fact_of_the_run_at_every_tour_step() {
    let mut claims = 0;
    for number in 1..=tour::COUNT {
        for (i, step) in built(number).steps.iter().enumerate() {
            let Document::Synod(_) = &step.document else {
                continue;
            };
            let at = format!("tour {number} step {}", i + 1);
            let h = synod(step);
            let overlaps = quorum_overlaps(h.current());
            for o in &overlaps {
                claims += 1;
                let f = round_facts(&h, o.leader, o.round);
                assert_eq!(o.heard, f.heard, "{at}: heard, {}", o.text);
                assert_eq!(o.proposed.is_some(), f.proposed, "{at}: {}", o.text);
                if !f.proposed {
                    let pending: Vec<NodeId> = f
                        .quorum
                        .iter()
                        .filter(|a| !f.heard.iter().any(|(h, _)| h == *a))
                        .copied()
                        .collect();
                    assert_eq!(o.pending, pending, "{at}: {}", o.text);
                }
                // The earlier quorum met: the highest earlier round a member of this quorum voted in.
                let earlier = f
                    .votes
                    .iter()
                    .filter(|(r, a)| *r < o.round && f.quorum.contains(a))
                    .map(|(r, _)| *r)
                    .max();
                assert_eq!(o.earlier_round, earlier, "{at}");
                let both: Vec<NodeId> = earlier
                    .and_then(|r| f.polled.get(&r))
                    .map(|e| f.quorum.iter().filter(|a| e.contains(a)).copied().collect())
                    .unwrap_or_default();
                assert_eq!(o.overlap, both, "{at}: {}", o.text);
                // "A3 (Taco@7)" is said only of a promise received; "if A3 answers" only of one pending.
                for (k, _) in o.text.match_indices(" (") {
                    if let Some(a) = acceptor_names(&o.text[k.saturating_sub(3)..k]).last() {
                        assert!(
                            f.heard.iter().any(|(h, _)| h == a),
                            "{at}: the panel quotes {a}'s report before it arrived: {}",
                            o.text
                        );
                    }
                }
                for (k, _) in o
                    .text
                    .to_lowercase()
                    .match_indices("if ")
                    .collect::<Vec<_>>()
                    .into_iter()
                {
                    if let Some(a) = acceptor_names(&o.text[k..(k + 6).min(o.text.len())]).first() {
                        assert!(o.pending.contains(a), "{at}: {}", o.text);
                    }
                }
            }
            // A caption's "in both quorums" names exactly the acceptors the panel marks.
            for sentence in step.caption.split(". ") {
                if sentence.contains("in both quorums") {
                    let named =
                        acceptor_names(sentence.split("in both quorums").next().unwrap_or(""));
                    let marked: Vec<NodeId> =
                        overlaps.iter().flat_map(|o| o.overlap.clone()).collect();
                    let named: Vec<NodeId> = named
                        .into_iter()
                        .filter(|a| {
                            sentence.contains(&format!("{a} is in both"))
                                || sentence.contains(&format!("{a} are in both"))
                                || sentence.contains(&format!("here {a}"))
                        })
                        .collect();
                    assert!(!named.is_empty(), "{at}: {sentence}");
                    assert_eq!(named, marked, "{at}: caption {sentence:?} vs panel");
                }
            }
        }
    }
    assert!(claims >= 5, "only {claims} overlap claims were checked");
}

/// The opening of the Round 10 preset (and tour 2's lost-prepare step): round 8 waits for A3, and the
/// panel never says A3 reported anything.
#[test]
fn round_8_never_claims_a3s_report() {
    let t = built(2);
    let lost = t
        .steps
        .iter()
        .find(|s| s.caption.contains("A3 never hears of round 8"))
        .expect("the lost-prepare step");
    let h = synod(lost);
    let o = quorum_overlaps(h.current());
    let r8 = o
        .iter()
        .find(|o| o.round == 8)
        .expect("round 8 is explained");
    assert!(r8.pending.contains(&n("A3")));
    assert!(
        !r8.text.contains("A3 (") && !r8.text.contains("A3 reports"),
        "{}",
        r8.text
    );
    assert!(
        r8.text.contains("if A3 answers it will report Taco@7"),
        "{}",
        r8.text
    );
    assert_eq!(r8.overlap, nodes(&["A1", "A3"]));
}

/// The order decided for `slot` (ghost: what the synod of that day chose), as "Dish (C1 #1)".
fn decided_on(w: &multipaxos::World, slot: u64) -> Option<String> {
    w.ghost.decided.get(&slot).map(|o| o.to_string())
}

/// What replica `r` has served, in order, as dishes.
fn served(w: &multipaxos::World, r: usize) -> Vec<String> {
    w.replicas[r]
        .served
        .iter()
        .map(|(_, o)| o.dish.clone())
        .collect()
}

#[test]
fn tour_8_one_synod_per_day_phase_1_once_gaps_filled() {
    let t = built(8);
    assert_eq!(t.title, "From one lunch to a week of lunches");
    let at = |i: usize| {
        let step = &t.steps[i];
        let h = mp_history(step);
        (h.current().clone(), transcript(step))
    };
    // 1: nothing has happened yet; the cast is as named.
    let (w, said) = at(0);
    assert!(said.is_empty());
    assert_eq!(
        (
            w.clients.len(),
            w.replicas.len(),
            w.leaders.len(),
            w.acceptors.len()
        ),
        (3, 2, 2, 3)
    );
    // 2: L1 adopted for ballot (1, L1), a majority answered "nothing yet", nothing decided.
    let (w, said) = at(1);
    assert!(
        said.last()
            .is_some_and(|l| l.starts_with("Leader 1 is adopted")),
        "{said:?}"
    );
    assert!(has(
        &said,
        "Leader 1's scout: we now start ballot (1, L1). What have you accepted?"
    ));
    assert!(
        said.iter()
            .filter(|l| l.ends_with("I have accepted nothing yet."))
            .count()
            >= 2
    );
    assert!(w.ghost.decided.is_empty());
    // 3: Monday decided as Pizza with phase 2 only: still one scout.
    let (w, said) = at(2);
    assert_eq!(decided_on(&w, 1).as_deref(), Some("Pizza (C1 #1)"));
    assert_eq!(said.iter().filter(|l| l.contains("'s scout:")).count(), 1);
    assert!(has(&said, "Replica 1: I propose Pizza (C1 #1) for Monday."));
    assert!(has(&said, "Replica 2: I propose Pizza (C1 #1) for Monday."));
    // 4: both canteens served Monday; C1 got its Pizza.
    let (w, said) = at(3);
    assert_eq!(
        (served(&w, 0), served(&w, 1)),
        (vec!["Pizza".to_string()], vec!["Pizza".to_string()])
    );
    assert!(said
        .iter()
        .any(|l| l.starts_with("C1 gets Pizza (order #1)")));
    // 5: Monday to Friday served by both, in day order, under one ballot.
    let (w, said) = at(4);
    let week: Vec<String> = ["Pizza", "Sushi", "Taco", "Ramen", "Thai"]
        .map(String::from)
        .to_vec();
    assert_eq!((served(&w, 0), served(&w, 1)), (week.clone(), week));
    assert_eq!(said.iter().filter(|l| l.contains("'s scout:")).count(), 1);
    assert!(
        said.iter()
            .all(|l| !l.contains("(2, ") && !l.contains(", L2)")),
        "one ballot"
    );
    // 6: R1 and R2 propose different orders for Monday.
    let (_, said) = at(5);
    assert!(has(&said, "Replica 1: I propose Pizza (C1 #1) for Monday."));
    assert!(has(&said, "Replica 2: I propose Sushi (C2 #1) for Monday."));
    // 7: Monday is Pizza; R2 will propose Sushi again.
    let (w, said) = at(6);
    assert_eq!(decided_on(&w, 1).as_deref(), Some("Pizza (C1 #1)"));
    assert!(
        said.iter()
            .any(|l| l.starts_with("Replica 2: Monday went to Pizza")),
        "{said:?}"
    );
    assert!(
        has(&said, "Replica 2: I propose Sushi (C2 #1) for Tuesday."),
        "proposed again"
    );
    // 8: Tuesday is Sushi, served by both after Pizza.
    let (w, _) = at(7);
    assert_eq!(decided_on(&w, 2).as_deref(), Some("Sushi (C2 #1)"));
    let two: Vec<String> = ["Pizza", "Sushi"].map(String::from).to_vec();
    assert_eq!((served(&w, 0), served(&w, 1)), (two.clone(), two));
    // 9: L1 crashed; Taco for Wednesday accepted by A1 only; Thursday decided, Wednesday not: a gap.
    let (w, said) = at(8);
    assert!(
        said.last().is_some_and(|l| l.contains("Leader 1 crashed")),
        "{said:?}"
    );
    let taco_by: Vec<usize> = (0..3)
        .filter(|&a| {
            w.acceptors[a]
                .accepted
                .iter()
                .any(|p| p.slot == 3 && p.order.dish == "Taco")
        })
        .collect();
    assert_eq!(taco_by, vec![0], "only A1 accepted Taco for Wednesday");
    assert!(decided_on(&w, 3).is_none() && decided_on(&w, 4).is_some());
    assert!(
        w.replicas
            .iter()
            .all(|r| r.served.iter().all(|(slot, _)| *slot < 3)),
        "Thursday waits"
    );
    // 10: L2 adopted for (1, L2), re-proposing Taco for Wednesday.
    let (_, said) = at(9);
    assert!(has(
        &said,
        "Leader 2's scout: we now start ballot (1, L2). What have you accepted?"
    ));
    assert!(
        said.iter()
            .any(|l| l.starts_with("Leader 2 is adopted: it re-proposes")
                && l.contains("Taco for Wednesday")),
        "{said:?}"
    );
    // 11: Wednesday decided as Taco; nothing decided before is lost.
    let (w, _) = at(10);
    assert_eq!(decided_on(&w, 3).as_deref(), Some("Taco (C3 #1)"));
    for (slot, dish) in [(1, "Pizza"), (2, "Sushi"), (4, "Ramen")] {
        assert!(
            decided_on(&w, slot).is_some_and(|o| o.starts_with(dish)),
            "{slot}"
        );
    }
}
