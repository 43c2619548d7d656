//! Multi-Paxos's transcript in the lecture's voice: "C1 orders Pizza (order #1).", "Replica 1: I
//! propose Pizza (C1 #1) for Tuesday.", "Leader 1's scout: we now start ballot (3, L1). What have you
//! accepted?", "Acceptor 2: I accepted Sushi for Monday in ballot (2, L2).", "Tuesday is decided: Pizza
//! (C1 #1).", "Canteen 2 serves Tuesday: Pizza (C1 #1).", "Leader 1 is preempted by ballot (4, L2)."
//!
//! Each line says only what its event's facts support, with the node that says it.

use super::event::Event;
use super::message::{day, Order, PValue, Slot};
use super::node::NodeId;
use crate::sim::{LossCause, NetEvent};

fn canteen(n: NodeId) -> String {
    match n {
        NodeId::Replica(i) => format!("Canteen {i}"),
        other => other.spoken(),
    }
}

fn list(items: &[(Slot, Order)]) -> String {
    let parts: Vec<String> = items
        .iter()
        .map(|(s, o)| format!("{} for {}", o.dish, day(*s)))
        .collect();
    match parts.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn accepted_line(accepted: &[PValue]) -> String {
    let parts: Vec<String> = accepted
        .iter()
        .map(|pv| {
            format!(
                "{} for {} in ballot {}",
                pv.order.dish,
                day(pv.slot),
                pv.ballot
            )
        })
        .collect();
    match parts.as_slice() {
        [] => "I have accepted nothing yet".into(),
        [one] => format!("I accepted {one}"),
        [init @ .., last] => format!("I accepted {} and {last}", init.join(", ")),
    }
}

/// Who says an event's lines (`None`: the narrator).
pub fn speaker(e: &Event) -> Option<NodeId> {
    match e {
        Event::Net(_)
        | Event::Crashed { .. }
        | Event::Recovered { .. }
        | Event::Decided { .. }
        | Event::DecidedDifferently { .. }
        | Event::AutoSwitched { .. } => None,
        Event::Ordered { order } => Some(order.client),
        Event::Answered { client, .. } => Some(*client),
        Event::Proposed { replica, .. }
        | Event::WindowFull { replica, .. }
        | Event::Displaced { replica, .. }
        | Event::Served { replica, .. }
        | Event::Skipped { replica, .. }
        | Event::CatchingUp { replica, .. } => Some(*replica),
        Event::ScoutStarted { leader, .. }
        | Event::Adopted { leader, .. }
        | Event::CommanderStarted { leader, .. }
        | Event::Preempted { leader, .. }
        | Event::Waits { leader, .. }
        | Event::Retransmits { leader, .. } => Some(*leader),
        Event::Promised { acceptor, .. }
        | Event::Voted { acceptor, .. }
        | Event::VotedBelow { acceptor, .. } => Some(*acceptor),
        Event::Ignored { node, .. } => Some(*node),
    }
}

/// An event's lines.
pub fn lines(e: &Event) -> Vec<String> {
    let line = match e {
        Event::Net(NetEvent::Sent { copy_of: None, .. })
        | Event::Net(NetEvent::Delivered { .. })
        | Event::Ignored { .. } => return vec![],
        Event::Net(NetEvent::Sent {
            id,
            from,
            to,
            msg,
            copy_of: Some(orig),
            ..
        }) => format!(
            "Messenger {id} copies {orig}: a second “{}” sets off from {from} to {to}.",
            msg.label()
        ),
        Event::Net(NetEvent::Lost {
            from,
            to,
            msg,
            cause,
            ..
        }) => {
            let why = match cause {
                LossCause::Dropped => String::new(),
                LossCause::ReceiverCrashed => format!(": {to} is crashed"),
            };
            format!(
                "… The messenger carrying “{}” from {from} to {to} was lost{why}.",
                msg.label()
            )
        }
        Event::Net(NetEvent::Delayed {
            from, to, msg, due, ..
        }) => format!(
            "… The messenger carrying “{}” from {from} to {to} sets off on a long voyage, due at time {due}.",
            msg.label()
        ),
        Event::Crashed {
            node: n @ NodeId::Leader(_),
        } => format!(
            "… {} crashed: its scout and commanders die with it.",
            n.spoken()
        ),
        Event::Crashed {
            node: n @ NodeId::Acceptor(_),
        } => format!(
            "… {} crashed (its ballot and what it accepted are on stable storage).",
            n.spoken()
        ),
        Event::Crashed {
            node: n @ NodeId::Replica(_),
        } => format!(
            "… {} crashed (it keeps its decisions and what it served).",
            canteen(*n)
        ),
        Event::Crashed { node } => format!("… {node} crashed."),
        Event::Recovered { node } => format!("{} is back.", canteen(*node)),
        Event::Ordered { order } => format!(
            "{} orders {} (order #{}).",
            order.client, order.dish, order.number
        ),
        Event::Answered {
            client,
            replica,
            order,
        } => format!(
            "{client} gets {} (order #{}) from {}.",
            order.dish,
            order.number,
            canteen(*replica)
        ),
        Event::Proposed {
            replica,
            slot,
            order,
        } => format!(
            "{}: I propose {order} for {}.",
            replica.spoken(),
            day(*slot)
        ),
        Event::WindowFull {
            replica,
            order,
            slot_out,
            window,
        } => format!(
            "{}: {order} waits: my window of {window} days from {} is full.",
            replica.spoken(),
            day(*slot_out)
        ),
        Event::Displaced {
            replica,
            slot,
            mine,
            decided,
            again: true,
        } => format!(
            "{}: {} went to {decided}, so I will propose {mine} again for a later day.",
            replica.spoken(),
            day(*slot)
        ),
        Event::Displaced {
            replica,
            slot,
            mine,
            decided,
            again: false,
        } => format!(
            "{}: {} went to {decided}; {mine} is decided for another day.",
            replica.spoken(),
            day(*slot)
        ),
        Event::Served {
            replica,
            slot,
            order,
        } => format!("{} serves {}: {order}.", canteen(*replica), day(*slot)),
        Event::Skipped {
            replica,
            slot,
            order,
            served_on,
        } => format!(
            "{} skips {}: {order} was already served on {}.",
            canteen(*replica),
            day(*slot),
            day(*served_on)
        ),
        Event::CatchingUp { replica, from } => format!(
            "{}: what was decided from {} on?",
            replica.spoken(),
            day(*from)
        ),
        Event::ScoutStarted { leader, ballot } => format!(
            "{}'s scout: we now start ballot {ballot}. What have you accepted?",
            leader.spoken()
        ),
        Event::Promised {
            acceptor,
            asked,
            ballot,
            accepted,
        } if asked == ballot => format!("{}: {}.", acceptor.spoken(), accepted_line(accepted)),
        Event::Promised {
            acceptor, ballot, ..
        } => format!("{}: No, I am in ballot {ballot} now.", acceptor.spoken()),
        Event::Adopted {
            leader,
            reproposed,
            own,
            ..
        } => {
            let what = match (reproposed.is_empty(), own.is_empty()) {
                (true, true) => "nothing to propose yet".to_string(),
                (false, true) => format!("it re-proposes {}", list(reproposed)),
                (true, false) => format!("it proposes {}", list(own)),
                (false, false) => format!(
                    "it re-proposes {} and proposes {}",
                    list(reproposed),
                    list(own)
                ),
            };
            format!("{} is adopted: {what}.", leader.spoken())
        }
        Event::CommanderStarted { leader, pvalue } => format!(
            "{}'s commander: let's agree on {} for {} in ballot {}.",
            leader.spoken(),
            pvalue.order.dish,
            day(pvalue.slot),
            pvalue.ballot
        ),
        Event::Voted {
            acceptor,
            pvalue,
            ballot,
        } if *ballot == pvalue.ballot => format!(
            "{}: OK, {} for {} in ballot {ballot}.",
            acceptor.spoken(),
            pvalue.order.dish,
            day(pvalue.slot)
        ),
        Event::Voted {
            acceptor, ballot, ..
        } => format!("{}: No, I am in ballot {ballot} now.", acceptor.spoken()),
        Event::VotedBelow {
            acceptor,
            pvalue,
            ballot,
        } => format!(
            "{}: OK, {} for {} in ballot {}, though I am in ballot {ballot} now.",
            acceptor.spoken(),
            pvalue.order.dish,
            day(pvalue.slot),
            pvalue.ballot
        ),
        Event::Decided {
            slot,
            order,
            again: false,
            ..
        } => format!("{} is decided: {order}.", day(*slot)),
        Event::Decided { slot, order, .. } => {
            format!("{} is decided again, the same: {order}.", day(*slot))
        }
        Event::DecidedDifferently {
            slot,
            order,
            earlier,
            ..
        } => format!(
            "{} is decided again, differently: {order}, though it was decided as {earlier}.",
            day(*slot)
        ),
        Event::Preempted { leader, by, .. } => {
            format!("{} is preempted by ballot {by}.", leader.spoken())
        }
        Event::Waits { leader, until } => format!(
            "{} waits until time {until} before trying a higher ballot.",
            leader.spoken()
        ),
        Event::Retransmits { leader, pvalue } => format!(
            "{}'s commander heard too little back and asks again: {} for {} in ballot {}.",
            leader.spoken(),
            pvalue.order.dish,
            day(pvalue.slot),
            pvalue.ballot
        ),
        Event::AutoSwitched { on: false, .. } => {
            "Leaders now wait to be told to start a ballot.".into()
        }
        Event::AutoSwitched { on: true, backoff } => format!(
            "Leaders now act by themselves{}.",
            if *backoff {
                ", waiting longer after each preemption"
            } else {
                ", trying again at once when preempted"
            }
        ),
    };
    vec![line]
}

/// All lines of a step, in order, without speakers.
pub fn step_lines(step: &super::world::Step) -> Vec<String> {
    crate::sim::words::step_lines(step, speaker, lines)
        .into_iter()
        .map(|l| l.text)
        .collect()
}
