//! Tours 1–3: what consensus is, the three phases as on the slides, and why the synod is safe.

use super::run::{and_list, node, SynodRun};
use super::{TourStep, View};
use crate::sim::NetEvent;
use crate::synod::invariants;
use crate::synod::{Event, World};

/// The acceptors that made the first chosen value chosen, and that value.
fn first_chosen(w: &World) -> (String, String) {
    invariants::chosen(w)
        .first()
        .map(|c| (and_list(&c.voters), c.value.to_string()))
        .unwrap_or_default()
}

/// Tour 1: agreement, validity, termination on the plainest run there is.
pub(super) fn what_consensus_is() -> Result<Vec<TourStep>, String> {
    let mut r = SynodRun::of(crate::scenario::presets(), "one-round")?;
    let started = r.after(0, "a round start", |e| {
        matches!(e, Event::RoundStarted { .. })
    })?;
    let proposed = r.after(started, "a proposal", |e| {
        matches!(e, Event::Proposed { .. })
    })?;
    let dish = r
        .events(proposed)
        .iter()
        .find_map(|e| match e {
            Event::Proposed { value, .. } => Some(value.clone()),
            _ => None,
        })
        .unwrap_or_default();
    let chosen = r.when(proposed, "a chosen value", |w| !w.chosen.is_empty())?;
    let (voters, _) = first_chosen(r.world(chosen));
    let decided = r.after(chosen, "a decision", |e| matches!(e, Event::Decided { .. }))?;
    let delays = r
        .world(decided)
        .metrics
        .first_decision
        .as_ref()
        .map_or(0, |d| d.message_rounds);
    let end = r.len();
    let sent = r.world(end).network.stats.sent;
    Ok(vec![
        r.at(
            0,
            "Three acceptors, A1, A2 and A3, and one leader, L1, must agree on one lunch. \
             Consensus asks for three things: agreement, validity and termination.",
        ),
        r.at(
            started,
            "Prepare: L1 asks A1, A2 and A3, “We now start round 1. What do you feel like \
             for lunch?” Nobody has decided anything yet.",
        ),
        r.at(
            proposed,
            format!(
                "All three promised and none had accepted anything, so L1 proposes its own dish: \
                 “Let's try agree on {dish} in round 1.” Validity: a decided dish must \
                 be one that somebody proposed."
            ),
        ),
        r.at(
            chosen,
            format!(
                "{voters} have accepted {dish} in round 1: a majority of three. {dish} is now \
                 chosen, though no node knows it yet."
            ),
        ),
        r.at(
            decided,
            format!(
                "L1 counts three acceptances and decides: “I see we have agreed on {dish} in \
                 round 1.” That took {delays} message delays: prepare, promise, propose, \
                 accepted."
            ),
        ),
        r.at(
            end,
            format!(
                "Everyone has decided {dish}. Agreement: nobody decided anything else. Validity: \
                 {dish} was proposed. Termination: every node decided, after {sent} messages in all."
            ),
        )
        .showing(View::Safety),
    ])
}

/// Tour 2: round 8 and round 10 exactly as on the slides.
pub(super) fn three_phases() -> Result<Vec<TourStep>, String> {
    let (a2, a3) = (node("A2")?, node("A3")?);
    let r8 = SynodRun::of(crate::scenario::presets(), "round-8")?;
    let before = r8.opening()?;
    let start_8 = r8.after(before, "round 8 start", |e| {
        matches!(e, Event::RoundStarted { round: 8, .. })
    })?;
    let a2_promises = r8.after(
        start_8,
        "A2's promise for round 8",
        |e| matches!(e, Event::Promised { acceptor, round: 8, .. } if *acceptor == a2),
    )?;
    let prepare_lost = r8.after(
        start_8,
        "the prepare to A3 lost",
        |e| matches!(e, Event::Net(NetEvent::Lost { to, .. }) if *to == a3),
    )?;
    let stuck = r8.len();

    let mut r10 = SynodRun::of(crate::scenario::presets(), "round-10")?;
    let start_10 = r10.after(0, "round 10 start", |e| {
        matches!(e, Event::RoundStarted { round: 10, .. })
    })?;
    let a3_promises = r10.after(
        start_10,
        "A3's promise for round 10",
        |e| matches!(e, Event::Promised { acceptor, round: 10, .. } if *acceptor == a3),
    )?;
    let proposed = r10.after(start_10, "round 10's proposal", |e| {
        matches!(e, Event::Proposed { round: 10, .. })
    })?;
    let chosen = r10.when(proposed, "a chosen value", |w| !w.chosen.is_empty())?;
    let (voters, _) = first_chosen(r10.world(chosen));
    let decided = r10.after(proposed, "round 10's decision", |e| {
        matches!(e, Event::Decided { round: 10, .. })
    })?;
    let yay = r10.last("a node learning Taco", |e| {
        matches!(e, Event::Learned { previous: None, .. })
    })?;
    Ok(vec![
        r8.at(
            before,
            "Before round 8: A2 accepted Thai in round 6, L1's round, and A3 accepted Taco in \
             round 7, L2's. Neither round reached a majority, so nothing is chosen.",
        ),
        r8.at(
            start_8,
            "Phase 1, prepare. L1: “We now start round 8. What do you feel like for \
             lunch?” It polls A1, A2 and A3.",
        ),
        r8.at(
            a2_promises,
            "A2 promises and reports what it accepted: “I already accepted Thai in round \
             6.” A promise gives up all rounds below 8.",
        ),
        r8.at(
            prepare_lost,
            "The messenger carrying round 8's prepare to A3 is lost: A3 never hears of round 8.",
        ),
        r8.at(
            stuck,
            "L1 has 2 of 3 promises. Its quorum is A1, A2 and A3, and A3 will never answer. As on \
             the slides, a leader waits for its whole quorum, so round 8 cannot go on to propose. \
             (Paxos Made Simple's leader would go on with any majority, A1 and A2: see the preset \
             “Round 8, any majority”.)",
        ),
        r10.at(
            start_10,
            "L1 tries again with a higher round: “We now start round 10.” Each round \
             number belongs to one leader: 6, 8 and 10 are L1's, 7 was L2's.",
        ),
        r10.at(
            a3_promises,
            "A1 has no idea and A2 reports Thai from round 6, but A3 says: “I already \
             accepted Taco in round 7.”",
        ),
        r10.at(
            proposed,
            "Phase 2, propose. L1 must take the dish of the highest round reported, Taco from round \
             7, though it likes Thai: “Let's try agree on Taco in round 10.”",
        ),
        r10.at(
            chosen,
            format!(
                "{voters} accept Taco in round 10: two of three, a majority. Taco is now chosen, \
                 but no node knows it yet."
            ),
        ),
        r10.at(
            decided,
            "Phase 3, learn. L1 counts the acceptances: “I see we have agreed on Taco in \
             round 10.” It decides and tells everyone.",
        ),
        r10.at(
            yay,
            "Everyone: “Yay, Taco!” A1, A2, A3 and L2 learn the decision.",
        ),
    ])
}

/// Tour 3: any two majorities share an acceptor, and the shared acceptor forces the value.
pub(super) fn why_it_is_safe() -> Result<Vec<TourStep>, String> {
    let (l1, a5) = (node("L1")?, node("A5")?);
    let mut r = SynodRun::of(crate::scenario::presets(), "quorums-overlap")?;
    let chosen = r.when(0, "a chosen value", |w| !w.chosen.is_empty())?;
    let (voters, dish) = first_chosen(r.world(chosen));
    let crashed = r.after(
        chosen,
        "L1's crash",
        |e| matches!(e, Event::Crashed { node, .. } if *node == l1),
    )?;
    let start_2 = r.after(crashed, "round 2 start", |e| {
        matches!(e, Event::RoundStarted { round: 2, .. })
    })?;
    let promised = r.after(
        start_2,
        "A5's promise for round 2",
        |e| matches!(e, Event::Promised { acceptor, round: 2, .. } if *acceptor == a5),
    )?;
    let proposed = r.after(start_2, "round 2's proposal", |e| {
        matches!(e, Event::Proposed { round: 2, .. })
    })?;
    let learned = r.last("a node learning", |e| {
        matches!(e, Event::Learned { previous: None, .. })
    })?;

    Ok(vec![
        r.at(
            chosen,
            format!(
                "In round 1, {voters} accept L1's {dish}: three of five acceptors, a majority. \
                 {dish} is now chosen."
            ),
        ),
        r.at(
            crashed,
            format!(
                "L1 crashes before it counts a single acceptance. {dish} is chosen, but no node \
                 knows it."
            ),
        ),
        r.at(
            start_2,
            "L2, who likes Taco, starts round 2 with A3, A4 and A5. Any two majorities of five \
             share an acceptor, since 3 + 3 is more than 5: here A3 is in both quorums.",
        ),
        r.at(
            promised,
            format!(
                "A3 reports: “I already accepted {dish} in round 1.” A4 and A5 have \
                 no idea: they accepted nothing."
            ),
        ),
        r.at(
            proposed,
            format!(
                "The highest round reported is round 1, with {dish}, so L2 must propose {dish}, not \
                 its own Taco: “Let's try agree on {dish} in round 2.” The overlap \
                 forces the value."
            ),
        ),
        r.at(
            learned,
            format!(
                "Round 2 chooses {dish} again and all five acceptors learn it. By induction over \
                 rounds, every later round can only propose {dish}: that is why Paxos is safe."
            ),
        ),
    ])
}
