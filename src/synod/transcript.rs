//! The lecture's words: each event as the line a lecturer would say.
//!
//! Lines spoken by a node start with its name ("Acceptor 2: I already accepted Thai in round 6."); what
//! the slides show as "…" (a lost messenger, a crash) is a plain narrator line. The UI and the CLI print
//! exactly these strings.

use super::event::{Event, IgnoreReason, LossCause};
use super::message::{Msg, Phase};
use super::node::NodeId;
use crate::sim::NetEvent;

fn ledger_words(kept: &super::acceptor::Ledger) -> String {
    let promised = kept
        .promised
        .map_or("no promise".to_string(), |r| format!("promised round {r}"));
    let accepted = kept
        .accepted
        .as_ref()
        .map_or("accepted nothing".to_string(), |v| {
            format!("accepted {} in round {}", v.value, v.round)
        });
    format!("{promised}, {accepted}")
}

/// The transcript lines for one event (none for bookkeeping events such as a plain send).
pub fn lines(event: &Event, leaders: usize) -> Vec<String> {
    let who = |n: NodeId| n.speaker(leaders);
    let about = |label: String, from: NodeId, to: NodeId| {
        format!(
            "the messenger carrying {label} from {} to {}",
            who(from),
            who(to)
        )
    };
    match event {
        Event::Net(NetEvent::Sent { copy_of: None, .. })
        | Event::Net(NetEvent::Delivered { .. }) => vec![],
        Event::Net(NetEvent::Sent {
            id,
            from,
            to,
            msg,
            copy_of: Some(original),
            ..
        }) => vec![format!(
            "Messenger {id} copies {original}: a second {} sets off from {} to {}.",
            msg.label(),
            who(*from),
            who(*to)
        )],
        Event::Net(NetEvent::Lost {
            from,
            to,
            msg,
            cause: LossCause::Dropped,
            ..
        }) => vec![format!(
            "… {} was lost.",
            capitalise(&about(msg.label(), *from, *to))
        )],
        Event::Net(NetEvent::Lost {
            from,
            to,
            msg,
            cause: LossCause::ReceiverCrashed,
            ..
        }) => vec![format!(
            "… {} was lost: {} is crashed.",
            capitalise(&about(msg.label(), *from, *to)),
            who(*to)
        )],
        Event::Net(NetEvent::Delayed {
            from, to, msg, due, ..
        }) => vec![format!(
            "… {} sets off on a long voyage, due at time {due}.",
            capitalise(&about(msg.label(), *from, *to))
        )],
        Event::Crashed {
            node,
            kept: Some(_),
            forgot: true,
            ..
        } => vec![format!(
            "… {} crashed and lost its ledger (amnesia).",
            who(*node)
        )],
        Event::Crashed {
            node,
            kept: Some(kept),
            ..
        } => vec![format!(
            "… {} crashed. Its ledger survives: {}.",
            who(*node),
            ledger_words(kept)
        )],
        Event::Crashed {
            node,
            abandoned_round,
            ..
        } => match abandoned_round {
            Some(r) => vec![format!("… {} crashed, abandoning round {r}.", who(*node))],
            None => vec![format!("… {} crashed.", who(*node))],
        },
        Event::Recovered {
            node,
            kept: Some(kept),
            forgot: true,
        } => vec![format!(
            "{} is back with a blank ledger (amnesia): {}.",
            who(*node),
            ledger_words(kept)
        )],
        Event::Recovered {
            node,
            kept: Some(kept),
            ..
        } => vec![format!(
            "{} is back, ledger intact: {}.",
            who(*node),
            ledger_words(kept)
        )],
        Event::Recovered {
            node, kept: None, ..
        } => vec![format!("{} is back.", who(*node))],
        Event::RoundStarted { leader, round, .. } => vec![format!(
            "{}: We now start round {round}. What do you feel like for lunch?",
            who(*leader)
        )],
        Event::Promised {
            acceptor,
            round,
            reported,
            ..
        } => {
            let report = match reported {
                None => format!("{}: I have no idea.", who(*acceptor)),
                Some(v) => format!(
                    "{}: I already accepted {} in round {}.",
                    who(*acceptor),
                    v.value,
                    v.round
                ),
            };
            vec![
                report,
                format!("{}: Now we give up all rounds < {round}.", who(*acceptor)),
            ]
        }
        Event::Refused {
            acceptor, promised, ..
        } => vec![format!(
            "{}: No, I aborted since I'm now participating in round {promised}.",
            who(*acceptor)
        )],
        Event::Accepted {
            acceptor,
            round,
            value,
            ..
        } => vec![format!(
            "{}: OK. Accept {value} in round {round}.",
            who(*acceptor)
        )],
        Event::PromiseCounted {
            leader,
            acceptor,
            round,
            duplicate: true,
            ..
        } => vec![format!(
            "{} already had {}'s promise for round {round}; the duplicate changes nothing.",
            who(*leader),
            who(*acceptor)
        )],
        Event::PromiseCounted {
            leader,
            round,
            have,
            need,
            ..
        } => vec![format!(
            "{} has {have} of {need} promises for round {round}.",
            who(*leader)
        )],
        Event::AcceptCounted {
            leader,
            acceptor,
            round,
            duplicate: true,
            ..
        } => vec![format!(
            "{} already had {}'s acceptance for round {round}; the duplicate changes nothing.",
            who(*leader),
            who(*acceptor)
        )],
        Event::AcceptCounted {
            leader,
            round,
            have,
            need,
            ..
        } => vec![format!(
            "{} has {have} of {need} acceptances for round {round}.",
            who(*leader)
        )],
        Event::Proposed {
            leader,
            round,
            value,
            ..
        } => vec![format!(
            "{}: Let's try agree on {value} in round {round}.",
            who(*leader)
        )],
        Event::Decided {
            leader,
            round,
            value,
        } => vec![format!(
            "{}: I see we have agreed on {value} in round {round}.",
            who(*leader)
        )],
        Event::Learned {
            node,
            value,
            previous: None,
        } => vec![format!("{}: Yay, {value}!", who(*node))],
        Event::Learned {
            node,
            value,
            previous: Some(p),
        } if p == value => vec![format!("{} already knew: {value}.", who(*node))],
        Event::Learned {
            node,
            value,
            previous: Some(p),
        } => vec![format!(
            "{} hears {value} was decided, but it had decided {p}!",
            who(*node)
        )],
        Event::Preempted {
            leader,
            acceptor,
            round,
            higher,
        } => vec![format!(
            "{} hears that {} is in round {higher}: round {round} cannot finish.",
            who(*leader),
            who(*acceptor)
        )],
        // A leader that has moved on from a round takes no notice of more refusals of it: not worth a line.
        Event::Ignored {
            msg: Msg::Refuse { .. },
            why: IgnoreReason::NotCurrentRound { .. },
            ..
        }
        | Event::Ignored {
            msg: Msg::Heartbeat,
            ..
        } => vec![],
        Event::Ignored {
            node,
            from,
            msg,
            why,
        } => vec![ignored(who(*node), who(*from), msg, why)],
        Event::TimedOut { leader, round } => vec![format!(
            "{}: Round {round} is taking too long. Let's start again.",
            who(*leader)
        )],
        Event::BacksOff { leader, until } => vec![format!(
            "{} backs off and will try again at time {until}.",
            who(*leader)
        )],
        Event::FixSwitched { fix, on } => vec![format!(
            "{} is now {}.",
            fix.title(),
            if *on { "on" } else { "off" }
        )],
        Event::TakesOver { leader, suspects } => {
            let names: Vec<String> = suspects.iter().map(|n| who(*n)).collect();
            vec![format!(
                "{} has not heard from {} for a while, suspects a crash, and takes the lead.",
                who(*leader),
                names.join(" or ")
            )]
        }
        Event::StandsDown { leader, defers_to } => vec![format!(
            "{} hears from {} again and stands down.",
            who(*leader),
            who(*defers_to)
        )],
    }
}

fn ignored(node: String, from: String, msg: &Msg, why: &IgnoreReason) -> String {
    let what = msg.label();
    match why {
        IgnoreReason::NotCurrentRound { current: Some(r) } => {
            format!("{node} ignores {from}'s {what}: it is now running round {r}.")
        }
        IgnoreReason::NotCurrentRound { current: None } => {
            format!("{node} ignores {from}'s {what}: it is not running that round.")
        }
        IgnoreReason::PhaseOver => {
            format!("{node} ignores {from}'s {what}: that phase of the round is over.")
        }
        IgnoreReason::NotInQuorum => {
            format!("{node} ignores {from}'s {what}: {from} is not in the quorum.")
        }
        IgnoreReason::NotForMe => format!("{node} has no use for {from}'s {what}."),
    }
}

fn capitalise(s: &str) -> String {
    crate::sim::words::capitalise(s)
}

/// One transcript line, with the node that says it (`None` for the narrator).
pub type Line = crate::sim::Line<NodeId>;

/// Who speaks an event's lines: the node whose words they are, or the narrator.
pub fn speaker(event: &Event) -> Option<NodeId> {
    match event {
        Event::RoundStarted { leader, .. }
        | Event::Proposed { leader, .. }
        | Event::Decided { leader, .. }
        | Event::TimedOut { leader, .. } => Some(*leader),
        Event::Promised { acceptor, .. }
        | Event::Refused { acceptor, .. }
        | Event::Accepted { acceptor, .. } => Some(*acceptor),
        Event::Learned {
            node,
            previous: None,
            ..
        } => Some(*node),
        _ => None,
    }
}

/// All lines of a step, in order.
pub fn step_lines(step: &super::world::Step, leaders: usize) -> Vec<Line> {
    crate::sim::words::step_lines(step, speaker, |e| lines(e, leaders))
}

/// Why an acceptor refused, in the words of a node's panel: "refused propose 6: promised round 10".
pub fn refusal_reason(phase: Phase, round: u64, promised: u64) -> String {
    let what = match phase {
        Phase::Prepare => "prepare",
        Phase::Propose => "propose",
    };
    format!("refused {what} {round}: promised round {promised}")
}

/// A node's accessible name, stating its state: "Acceptor 2, promised round 8, accepted Thai in round 6".
pub fn describe_node(w: &super::world::World, node: NodeId) -> String {
    let k = w.leaders.len();
    let mut parts = vec![node.speaker(k)];
    match node {
        NodeId::Acceptor(_) => {
            if let Some(a) = w.acceptors.get(node.index()) {
                if a.crashed {
                    parts.push("crashed".into());
                }
                parts.push(
                    a.ledger
                        .promised
                        .map_or("no promise yet".into(), |r| format!("promised round {r}")),
                );
                parts.push(
                    a.ledger
                        .accepted
                        .as_ref()
                        .map_or("accepted nothing".into(), |v| {
                            format!("accepted {} in round {}", v.value, v.round)
                        }),
                );
            }
        }
        NodeId::Leader(_) => {
            if let Some(l) = w.leaders.get(node.index()) {
                if l.crashed {
                    parts.push("crashed".into());
                }
                parts.push(format!("likes {}", l.preference));
                parts.push(match &l.current {
                    None => "no round running".into(),
                    Some(s) => format!("running round {}", s.round),
                });
            }
        }
    }
    if let Some(v) = w.decided(node) {
        parts.push(format!("decided {v}"));
    }
    parts.join(", ")
}

/// A messenger's accessible name: "Messenger #12, promise 8 · Thai@6, from Acceptor 2 to Leader 1, due at time 5".
pub fn describe_messenger(
    w: &super::world::World,
    m: &crate::sim::Messenger<NodeId, Msg>,
) -> String {
    let k = w.leaders.len();
    let copy = m
        .copy_of
        .map(|o| format!(", a copy of {o}"))
        .unwrap_or_default();
    format!(
        "Messenger {}, {}, from {} to {}, due at time {}{copy}",
        m.id,
        m.payload.label(),
        m.from.speaker(k),
        m.to.speaker(k),
        m.due_at
    )
}
