//! Tour 6: dueling leaders, what FLP says about them, and a fix.

use super::run::SynodRun;
use super::{TourStep, View};
use crate::synod::Event;

/// The `(round, higher)` of the `n`-th preemption (0-based) and the step it happened at.
fn preemption(r: &SynodRun, n: usize) -> Result<(usize, u64, u64), String> {
    let steps = r.all(|e| matches!(e, Event::Preempted { .. }));
    let k = *steps
        .get(n)
        .ok_or_else(|| format!("tour: the duel has fewer than {} preemptions", n + 1))?;
    r.events(k)
        .iter()
        .find_map(|e| match e {
            Event::Preempted { round, higher, .. } => Some((k, *round, *higher)),
            _ => None,
        })
        .ok_or_else(|| "tour: a preemption without its event".to_string())
}

/// The round a leader started in step `k`, if one did.
fn started(r: &SynodRun, k: usize) -> Option<u64> {
    r.events(k).iter().find_map(|e| match e {
        Event::RoundStarted { round, .. } => Some(*round),
        _ => None,
    })
}

pub(super) fn dueling_leaders() -> Result<Vec<TourStep>, String> {
    let mut r = SynodRun::of(crate::scenario::presets(), "duel-then-backoff")?;
    let both = r.all(|e| matches!(e, Event::RoundStarted { .. }));
    let opening = *both
        .get(1)
        .ok_or("tour: the duel needs two leaders starting rounds")?;
    let (first, lost_1, beat_1) = preemption(&r, 0)?;
    let strikes_1 = started(&r, first).ok_or("tour: L1 does not strike back")?;
    let (second, lost_2, _) = preemption(&r, 1)?;
    let strikes_2 = started(&r, second).ok_or("tour: L2 does not strike back")?;
    let (flp, _, _) = preemption(&r, 9)?;
    let fixed = r.after(0, "a fix switched on", |e| {
        matches!(e, Event::FixSwitched { on: true, .. })
    })?;
    let dueled = fixed - 1;
    let rounds = r.world(dueled).metrics.rounds_started;
    let backs_off = r.after(fixed, "a leader backing off", |e| {
        matches!(e, Event::BacksOff { .. })
    })?;
    let (waiter, until, lost_3) = {
        let events = r.events(backs_off);
        let waiter = events.iter().find_map(|e| match e {
            Event::BacksOff { leader, until } => Some((*leader, *until)),
            _ => None,
        });
        let lost = events.iter().find_map(|e| match e {
            Event::Preempted { round, .. } => Some(*round),
            _ => None,
        });
        match (waiter, lost) {
            (Some((l, u)), Some(round)) => (l, u, round),
            _ => return Err("tour: a backoff without its preemption".into()),
        }
    };
    let decided = r.after(backs_off, "a decision", |e| {
        matches!(e, Event::Decided { .. })
    })?;
    let (winner, round, dish) = r
        .events(decided)
        .iter()
        .find_map(|e| match e {
            Event::Decided {
                leader,
                round,
                value,
            } => Some((*leader, *round, value.clone())),
            _ => None,
        })
        .ok_or("tour: a decision without its event")?;
    let likes = r
        .world(decided)
        .leaders
        .get(winner.index())
        .map(|l| l.preference.clone())
        .unwrap_or_default();
    let why_dish = if likes == dish {
        format!("{dish} is its own dish.")
    } else {
        format!("It likes {likes}, but an acceptor reported {dish} from an earlier round.")
    };
    let everyone = r.when(decided, "everyone has decided", |w| {
        w.nodes().iter().all(|n| w.decided(*n).is_some())
    })?;
    Ok(vec![
        r.at(
            opening,
            "L1 starts round 1 and, a moment later, L2 starts round 2, both with A1 and A2. Both \
             leaders are healthy, and every messenger takes exactly the same time.",
        ),
        r.at(
            first,
            format!(
                "Round {beat_1} made A1 and A2 give up round {lost_1}. L1 hears that round \
                 {lost_1} cannot finish and strikes back at once: “We now start round \
                 {strikes_1}.”"
            ),
        ),
        r.at(
            second,
            format!(
                "Now L2's round {lost_2} cannot finish, and L2 answers with round {strikes_2}. \
                 Each new round aborts the other leader's before it can finish."
            ),
        ),
        r.at(
            flp,
            "This is no bug. FLP (Fischer, Lynch and Paterson, 1985): in an asynchronous network \
             where even one node may crash, no deterministic protocol can guarantee a decision. \
             Paxos never gives up safety, so it gives up guaranteed termination.",
        ),
        r.at(
            dueled,
            format!(
                "{rounds} rounds started and none finished: nothing is chosen and nobody decided. \
                 No node crashed and no messenger was lost."
            ),
        )
        .showing(View::Liveness),
        r.at(
            fixed,
            "The fix: randomised backoff. From now on a leader whose round is beaten waits a \
             random time before it tries again, instead of striking back at once.",
        ),
        r.at(
            backs_off,
            format!(
                "{waiter} hears that round {lost_3} cannot finish and, instead of striking back, \
                 backs off until time {until}. Round {round} is left alone."
            ),
        ),
        r.at(
            decided,
            format!(
                "{winner}: “I see we have agreed on {dish} in round {round}.” \
                 {why_dish}"
            ),
        ),
        r.at(
            everyone,
            format!(
                "Everyone: “Yay, {dish}!” Randomness makes a decision very likely, \
                 not certain, so FLP still stands. Adaptive timeouts and leader selection end the \
                 duel too."
            ),
        ),
    ])
}
