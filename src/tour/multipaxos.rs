//! Tour 8: from one lunch to a week of lunches — the multi-decree synod (Paxos Made Moderately Complex):
//! one synod per day, phase 1 once for a whole week, canteens serving in day order, and a new leader that
//! fills the gaps its predecessor left (as CORFU fills a hole).

use super::run::Run;
use super::TourStep;
use crate::multipaxos::presets::presets;
use crate::multipaxos::{Event, MultiPaxos, NodeId};

fn node(name: &str) -> Result<NodeId, String> {
    name.parse()
}

pub(super) fn a_week_of_lunches() -> Result<Vec<TourStep>, String> {
    let (l1, l2, r2, c1) = (node("L1")?, node("L2")?, node("R2")?, node("C1")?);
    let week = Run::<MultiPaxos>::of(presets(), "a-week-of-lunches")?;
    let adopted = week.after(
        0,
        "L1 adopted",
        |e| matches!(e, Event::Adopted { leader, .. } if *leader == l1),
    )?;
    let monday = week.after(adopted, "Monday decided", |e| {
        matches!(e, Event::Decided { slot: 1, .. })
    })?;
    let served_monday = week.last("Monday served by both canteens", |e| {
        matches!(e, Event::Served { slot: 1, .. })
    })?;
    let answered = week.after(
        served_monday,
        "C1 getting its Pizza",
        |e| matches!(e, Event::Answered { client, .. } if *client == c1),
    )?;
    let friday = week.last("Friday served", |e| {
        matches!(e, Event::Served { slot: 5, .. })
    })?;

    let two = Run::<MultiPaxos>::of(presets(), "two-canteens-one-monday")?;
    let both_propose = two.after(
        0,
        "R2 proposing Sushi for Monday",
        |e| matches!(e, Event::Proposed { replica, slot: 1, .. } if *replica == r2),
    )?;
    let displaced = two.after(
        both_propose,
        "R2's Sushi displaced",
        |e| matches!(e, Event::Displaced { replica, slot: 1, .. } if *replica == r2),
    )?;
    let tuesday = two.last("Tuesday served", |e| {
        matches!(e, Event::Served { slot: 2, .. })
    })?;

    let crash = Run::<MultiPaxos>::of(presets(), "leader-crash-mid-week")?;
    let crashed = crash.after(
        0,
        "L1 crashing",
        |e| matches!(e, Event::Crashed { node } if *node == l1),
    )?;
    let readopted = crash.after(
        crashed,
        "L2 adopted",
        |e| matches!(e, Event::Adopted { leader, .. } if *leader == l2),
    )?;
    let filled = crash.after(readopted, "Wednesday decided", |e| {
        matches!(
            e,
            Event::Decided {
                slot: 3,
                again: false,
                ..
            }
        )
    })?;

    Ok(vec![
        week.at(
            0,
            "A week of lunches: each day is a slot, and each slot gets its own single-decree \
             synod. Clients C1–C3 order, canteens (replicas) R1 and R2 propose the orders, leaders \
             L1 and L2 run the synods with acceptors A1–A3.",
        ),
        week.at(
            adopted,
            "L1's scout runs phase 1 once, for ballot (1, L1) — a round number paired with the \
             leader — and asks what the acceptors have accepted. A majority answers: nothing yet. \
             L1 is adopted.",
        ),
        week.at(
            monday,
            "C1 orders Pizza; both canteens propose it for Monday. L1 sends a commander: phase 2 \
             only, no new prepare. A majority accepts, and Monday is decided.",
        ),
        week.at(
            answered.max(served_monday),
            "Each canteen serves Monday as soon as it hears the decision, and answers the client; \
             C1 gets its Pizza once, from the first answer to arrive.",
        ),
        week.at(
            friday,
            "Four more orders, four more days, each with phase 2 only under the same ballot. Both \
             canteens served the same menu, Monday to Friday, in day order.",
        ),
        two.at(
            both_propose,
            "Two canteens, one Monday: R1 heard C1's Pizza, R2 heard C2's Sushi, and each proposes \
             its order for Monday.",
        ),
        two.at(
            displaced,
            "One order per day: Monday went to Pizza. R2 had proposed Sushi for Monday, so it \
             proposes Sushi again, for a later day.",
        ),
        two.at(
            tuesday,
            "Tuesday is Sushi. No order is lost, and both canteens serve Pizza, then Sushi.",
        ),
        crash.at(
            crashed,
            "Leader crash mid-week: Wednesday's Taco reached only A1 before the messengers to A2 \
             and A3 were lost, Thursday is decided, and then L1 crashes. Thursday cannot be served \
             before Wednesday: a gap.",
        ),
        crash.at(
            readopted,
            "L2's scout starts ballot (1, L2). The acceptors report everything they accepted, and \
             L2 re-proposes it: Taco for Wednesday too, since A1 accepted it.",
        ),
        crash.at(
            filled,
            "Wednesday is decided and the gap is filled: nothing decided is lost, and the canteens \
             serve on in order. CORFU fills a hole with junk; a new leader fills a gap with what an \
             acceptor already accepted.",
        ),
    ])
}
