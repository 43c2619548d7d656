//! Tours 4–5: a leader crashing after learn, and how many crashed acceptors the synod survives.

use super::run::{and_list, node, SynodRun};
use super::TourStep;
use crate::scenario::summary::crash_bounds;
use crate::synod::{Event, NodeId};

/// Tour 4: who knows after Leader 2 crashes, and why the others will still learn Taco.
pub(super) fn leader_crashes_after_learn() -> Result<Vec<TourStep>, String> {
    let (l2, a3) = (node("L2")?, node("A3")?);
    let mut r = SynodRun::of(crate::scenario::presets(), "leader-crashes-after-learn")?;
    let decided = r.after(0, "round 10's decision", |e| {
        matches!(e, Event::Decided { round: 10, .. })
    })?;
    let crashed = r.after(
        decided,
        "L2's crash",
        |e| matches!(e, Event::Crashed { node, .. } if *node == l2),
    )?;
    let start_11 = r.after(crashed, "round 11 start", |e| {
        matches!(e, Event::RoundStarted { round: 11, .. })
    })?;
    // The news that was on its way when L2 crashed is lost just before round 11 starts.
    let lost = start_11 - 1;
    let heard: Vec<NodeId> = {
        let w = r.world(crashed);
        w.nodes()
            .into_iter()
            .filter(|&n| n != l2 && w.decided(n).is_some())
            .collect()
    };
    let (knows, unaware): (Vec<NodeId>, Vec<NodeId>) = {
        let w = r.world(lost);
        w.nodes().into_iter().partition(|&n| w.decided(n).is_some())
    };
    let a3_promises = r.after(
        start_11,
        "A3's promise for round 11",
        |e| matches!(e, Event::Promised { acceptor, round: 11, .. } if *acceptor == a3),
    )?;
    let proposed = r.after(start_11, "round 11's proposal", |e| {
        matches!(e, Event::Proposed { round: 11, .. })
    })?;
    let decided_11 = r.after(proposed, "round 11's decision", |e| {
        matches!(e, Event::Decided { round: 11, .. })
    })?;
    let everyone = r.when(decided_11, "everyone has decided", |w| {
        w.nodes().iter().all(|n| w.decided(*n).is_some())
    })?;
    Ok(vec![
        r.at(
            decided,
            "L2 ran round 10 with A1, A2 and A3, and all three accepted Taco. L2: “I see \
             we have agreed on Taco in round 10.” Now it tells everyone.",
        ),
        r.at(
            crashed,
            format!(
                "{} hear “Yay, Taco!”, and then L2 crashes. Its messengers to the \
                 others are still on their way.",
                and_list(&heard)
            ),
        ),
        r.at(
            lost,
            format!(
                "Those messengers are lost. Who knows? {} decided Taco. {} do not know, and L2 \
                 cannot tell them.",
                and_list(&knows),
                and_list(&unaware)
            ),
        ),
        r.at(
            start_11,
            "L1, who likes Thai, starts round 11 with A3, A4 and A5. Taco was accepted by A1, A2 \
             and A3 in round 10, and any majority of five includes one of them: here A3.",
        ),
        r.at(
            a3_promises,
            "A3: “I already accepted Taco in round 10.” It does not know that Taco \
             was decided, only that it accepted it.",
        ),
        r.at(
            proposed,
            "Round 10 is the highest round reported, so L1 must propose Taco, not Thai: \
             “Let's try agree on Taco in round 11.”",
        ),
        r.at(
            decided_11,
            "A3, A4 and A5 accept, and L1 decides: “I see we have agreed on Taco in round \
             11.” The same dish: once a value is chosen, no later round can choose another.",
        ),
        r.at(
            everyone,
            "A3 and A4: “Yay, Taco!” Now every node knows Taco, even L2, which \
             decided it before it crashed.",
        ),
    ])
}

/// Tour 5: five acceptors (2f+1, f = 2) decide with two crashed, stall safely with three.
pub(super) fn how_many_crashes() -> Result<Vec<TourStep>, String> {
    let two = SynodRun::of(crate::scenario::presets(), "two-of-five-crash")?;
    let crashed_2 = two.opening()?;
    let proposed = two.after(crashed_2, "a proposal", |e| {
        matches!(e, Event::Proposed { .. })
    })?;
    let decided = two.after(proposed, "a decision", |e| {
        matches!(e, Event::Decided { .. })
    })?;

    let mut three = SynodRun::of(crate::scenario::presets(), "three-of-five-crash")?;
    let crashed_3 = three.opening()?;
    let bounds = crash_bounds(three.world(crashed_3));
    let start_2 = three.after(crashed_3, "round 2 start", |e| {
        matches!(e, Event::RoundStarted { round: 2, .. })
    })?;
    let a3_back = three.after(start_2, "A3's recovery", |e| {
        matches!(e, Event::Recovered { .. })
    })?;
    let learned = three.last("a node learning", |e| {
        matches!(e, Event::Learned { previous: None, .. })
    })?;
    Ok(vec![
        two.at(
            crashed_2,
            "Five acceptors are 2f+1 for f = 2: they can lose two and still decide, because a \
             majority of three is left to answer. A4 and A5 have crashed, ledgers intact.",
        ),
        two.at(
            proposed,
            "L1 polls A1, A2 and A3, the three still up. All three promise, so L1 proposes its \
             own dish: “Let's try agree on Taco in round 1.”",
        ),
        two.at(
            decided,
            "A1, A2 and A3 accept Taco: a majority of five, so Taco is chosen and L1 decides. Two \
             crashes did not stop the chamber.",
        ),
        three.at(
            crashed_3,
            format!("A new run: this time A3, A4 and A5 crash. {}", bounds),
        ),
        three.at(
            start_2 - 1,
            "L1 starts round 1 with A1, A2 and A3. The prepare to A3 is lost, so L1 waits with 2 \
             of 3 promises: round 1 cannot go on.",
        ),
        three.at(
            a3_back - 1,
            "Round 2, with A1, A2 and A4, stalls the same way. Nothing is chosen and nobody \
             decides, yet every safety invariant holds: crashes can stop Paxos, not make it wrong.",
        ),
        three.at(
            learned,
            "A3 comes back, its ledger intact. With three acceptors up again, round 3 decides \
             Taco: “Yay, Taco!”",
        ),
    ])
}
