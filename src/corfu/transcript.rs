//! CORFU's transcript in plain words: "C2 got position 5 (epoch 1)", "C2 crashed before writing
//! position 5: a hole", "C1 waited for position 5, then filled it with junk", "C3's late write to 5 was
//! refused: already written".
//!
//! Each line says only what the event's facts support: "a hole" only when nothing of the position is
//! written and no write of it is in flight; "waited, then filled" only after a real wait; "late write"
//! only for a writer that held its token before the position was written; a write refused as "trimmed"
//! is a write (the writer takes a new position), and a reader past the log's tail says it has nothing
//! to fill.

use super::event::{Event, Unfinished};
use super::message::{Page, UnitError};
use super::node::NodeId;
use crate::sim::LossCause;
use crate::sim::NetEvent;

fn name(n: NodeId) -> String {
    match n {
        NodeId::Sequencer => "the sequencer".into(),
        other => other.to_string(),
    }
}

fn capitalise(s: String) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => s,
    }
}

pub fn lines(e: &Event) -> Vec<String> {
    let line = match e {
        Event::Net(NetEvent::Sent { copy_of: None, .. }) | Event::Net(NetEvent::Delivered { .. }) | Event::Ignored { .. } => return vec![],
        Event::Net(NetEvent::Sent { id, from, to, msg, copy_of: Some(orig), .. }) => format!(
            "Messenger {id} copies {orig}: a second “{}” sets off from {} to {}.",
            msg.label(),
            name(*from),
            name(*to)
        ),
        Event::Net(NetEvent::Lost { from, to, msg, cause, .. }) => {
            let why = match cause {
                LossCause::Dropped => String::new(),
                LossCause::ReceiverCrashed => format!(": {} is crashed", name(*to)),
            };
            format!("… The messenger carrying “{}” from {} to {} was lost{why}.", msg.label(), name(*from), name(*to))
        }
        Event::Net(NetEvent::Delayed { from, to, msg, due, .. }) => format!(
            "… The messenger carrying “{}” from {} to {} sets off on a long voyage, due at time {due}.",
            msg.label(),
            name(*from),
            name(*to)
        ),
        Event::Crashed { node, hole: Some(p), .. } => format!("… {node} crashed before writing position {p}: a hole."),
        Event::Crashed { node, unfinished: Some(Unfinished { position, in_flight: true }), .. } => {
            format!("… {node} crashed with its write to position {position} still on the way.")
        }
        Event::Crashed { node, unfinished: Some(Unfinished { position, in_flight: false }), .. } => {
            format!("… {node} crashed while writing position {position}: part of its chain has it.")
        }
        Event::Crashed { node: NodeId::Sequencer, .. } => "… The sequencer crashed and lost its tail.".into(),
        Event::Crashed { node: n @ NodeId::Unit(_), .. } => format!("… {n} crashed (its pages survive on flash)."),
        Event::Crashed { node, .. } => format!("… {node} crashed."),
        Event::Recovered { node } => capitalise(format!("{} is back.", name(*node))),
        Event::AppendStarted { client, value } => {
            format!("{client} wants to append “{value}” and asks the sequencer for a position.")
        }
        Event::GotToken { client, position, epoch } => format!("{client} got position {position} (epoch {epoch})."),
        Event::NoToken { client } => {
            format!("{client} gets no position: the sequencer lost its tail and must be rebuilt by a reconfiguration.")
        }
        Event::WriteAccepted { unit, position, page, .. } => format!("{unit} writes position {position}: {page}."),
        Event::Overwrote { unit, position, old, page, .. } => {
            format!("{unit} overwrites position {position}: it held {old}, now it holds {page}.")
        }
        Event::WriteRefused { unit, client, position, why: UnitError::Overwritten(existing), same: true, .. } => {
            format!("{unit} already holds position {position}: {existing}, just what {client} is writing.")
        }
        Event::WriteRefused {
            client, position, why: UnitError::Overwritten(existing), filling: false, before_token: true, ..
        } => format!("{client}'s write to {position} was refused: already written ({existing}) before {client} got its token."),
        Event::WriteRefused { client, position, why: UnitError::Overwritten(existing), filling: false, .. } => {
            format!("{client}'s late write to {position} was refused: already written ({existing}).")
        }
        Event::WriteRefused { unit, client, position, why: UnitError::Trimmed, filling: false, .. } => {
            format!("{unit} refuses {client}'s write to {position}: trimmed. {client} asks the sequencer for a new position.")
        }
        Event::WriteRefused { unit, client, position, why, .. } => {
            format!("{unit} refuses {client}'s write to {position}: {why}.")
        }
        Event::Appended { client, position, value } => {
            format!("{client}'s append of “{value}” is acknowledged: position {position} is on its whole chain.")
        }
        Event::ReadStarted { client, position, unit } => {
            format!("{client} reads position {position} from {unit}, the tail of its chain.")
        }
        Event::ReadDone { client, position, page } => format!("{client} read position {position}: {page}."),
        Event::ReadFailed { client, position, why } => format!("{client} cannot read position {position}: {why}."),
        Event::Waits { client, position, until } => {
            format!("{client} finds position {position} unwritten and waits until time {until} before filling it.")
        }
        Event::BeyondTail { client, position, tail } => format!(
            "{client} finds position {position} unwritten: the log's tail is position {tail}, so nobody has been given it yet and there is no hole to fill."
        ),
        Event::FillStarted { client, position } => {
            format!("{client} fills position {position}: first it reads the head of the chain.")
        }
        Event::Filled { client, position, page: Page::Junk, waited: true } => {
            format!("{client} waited for position {position}, then filled it with junk.")
        }
        Event::Filled { client, position, page: Page::Junk, .. } => {
            format!("{client} filled position {position} with junk.")
        }
        Event::Filled { client, position, page, .. } => {
            format!("{client} completed position {position}'s chain with {page}, found at the head.")
        }
        Event::Retries { client } => format!("{client} heard nothing back in time and tries again."),
        Event::Refreshed { client, epoch } => {
            format!("{client}'s epoch was old: it fetches projection {epoch} and tries again.")
        }
        Event::SealStarted { client, epoch, replace } => match replace {
            Some((old, new)) => format!(
                "{client} seals epoch {} to install epoch {epoch}, replacing {old} with {new}.",
                epoch.saturating_sub(1)
            ),
            None => format!("{client} seals epoch {} to install epoch {epoch}.", epoch.saturating_sub(1)),
        },
        Event::Outpaced { client, epoch } => {
            format!("{client} cannot install epoch {epoch}: another client installed it first.")
        }
        Event::SealAnswered { unit, epoch, highest } => match highest {
            Some(h) => format!("{unit} is sealed at epoch {epoch}; its highest written position is {h}."),
            None => format!("{unit} is sealed at epoch {epoch}; it holds nothing yet."),
        },
        Event::Reconfigured { epoch, chains, copied, tail } => {
            let chains: Vec<String> = chains
                .iter()
                .map(|c| format!("[{}]", c.iter().map(|u| u.to_string()).collect::<Vec<_>>().join(" ")))
                .collect();
            let copy = copied.map(|(from, to)| format!(" {to} copied {from}'s pages;")).unwrap_or_default();
            format!("Epoch {epoch} is installed: chains {};{copy} the log's tail is position {tail}.", chains.join(" "))
        }
        Event::Rebuilt { epoch, tail } => format!("The sequencer is rebuilt: epoch {epoch}, next position {tail}."),
        Event::Trimmed { upto } => format!("The log is trimmed below position {upto}."),
    };
    vec![line]
}

/// All lines of a step, in order (CORFU's narrator says them all).
pub fn step_lines(step: &super::world::Step) -> Vec<String> {
    crate::sim::words::step_lines(step, |_| None::<super::node::NodeId>, lines)
        .into_iter()
        .map(|l| l.text)
        .collect()
}
