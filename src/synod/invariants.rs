//! The synod's named invariants, checked after every step (Paxos Made Simple §2.1 safety requirements;
//! Part-Time Parliament §2.1 B1–B3).
//!
//! - **agreement**: no two nodes decide differently, and at most one value is chosen (a majority voted
//!   for it in one round);
//! - **validity**: every decided (and every accepted) value was some leader's preference;
//! - **promise_monotonic**: an acceptor's promise never goes down (a crash must not lower it);
//! - **accepted_le_promised**: an acceptor's vote is never in a round above its promise;
//! - **decided_was_chosen**: a node only decides a value that is chosen.
//!
//! Termination is not an invariant but a status: who has decided, who has not yet.

use super::message::{Round, Value};
use super::node::NodeId;
use super::world::World;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Invariant {
    Agreement,
    Validity,
    PromiseMonotonic,
    AcceptedLePromised,
    DecidedWasChosen,
}

impl Invariant {
    pub const ALL: [Invariant; 5] = [
        Invariant::Agreement,
        Invariant::Validity,
        Invariant::PromiseMonotonic,
        Invariant::AcceptedLePromised,
        Invariant::DecidedWasChosen,
    ];

    /// The snake_case name used in JSON and by the CLI.
    pub fn name(self) -> &'static str {
        match self {
            Invariant::Agreement => "agreement",
            Invariant::Validity => "validity",
            Invariant::PromiseMonotonic => "promise_monotonic",
            Invariant::AcceptedLePromised => "accepted_le_promised",
            Invariant::DecidedWasChosen => "decided_was_chosen",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Invariant::Agreement => "Agreement",
            Invariant::Validity => "Validity",
            Invariant::PromiseMonotonic => "Promises only go up",
            Invariant::AcceptedLePromised => "Votes within promises",
            Invariant::DecidedWasChosen => "Only chosen values are decided",
        }
    }
}

impl fmt::Display for Invariant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Violation {
    pub invariant: Invariant,
    pub why: String,
}

/// A value that a majority voted for in one round.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chosen {
    pub value: Value,
    pub round: Round,
    pub voters: Vec<NodeId>,
}

/// Every (value, round) that a majority of acceptors voted for, lowest round first.
pub fn chosen(w: &World) -> Vec<Chosen> {
    w.chosen
        .iter()
        .map(|(round, value)| Chosen {
            value: value.clone(),
            round: *round,
            voters: w.voters(*round, value),
        })
        .collect()
}

/// The distinct values chosen so far (cheap: read from the world's ghost record).
fn chosen_values(w: &World) -> BTreeSet<&Value> {
    w.chosen.iter().map(|(_, v)| v).collect()
}

fn names(nodes: &[NodeId]) -> String {
    nodes
        .iter()
        .map(|n| n.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

fn decisions(w: &World) -> Vec<(NodeId, Value)> {
    w.nodes()
        .into_iter()
        .filter_map(|n| w.decided(n).map(|v| (n, v.clone())))
        .collect()
}

fn check(invariant: Invariant, before: &[Option<Round>], w: &World) -> Result<(), String> {
    match invariant {
        Invariant::Agreement => {
            let decided: BTreeSet<&Value> = w.decisions.iter().map(|(v, _)| v).collect();
            if decided.len() > 1 {
                let d: Vec<String> = w
                    .decisions
                    .iter()
                    .map(|(v, n)| format!("{n} decided {v}"))
                    .collect();
                return Err(format!("nodes decided differently: {}", d.join(", ")));
            }
            if chosen_values(w).len() > 1 {
                let c: Vec<String> = chosen(w)
                    .iter()
                    .map(|c| format!("{} in round {} by {}", c.value, c.round, names(&c.voters)))
                    .collect();
                return Err(format!("two values are chosen: {}", c.join("; ")));
            }
            Ok(())
        }
        Invariant::Validity => {
            let prefs = &w.proposals;
            for (value, node) in &w.decisions {
                if !prefs.contains(value) {
                    return Err(format!("{node} decided {value}, which no leader proposed"));
                }
            }
            match w.voted_values.iter().find(|v| !prefs.contains(*v)) {
                Some(v) => Err(format!(
                    "an acceptor accepted {v}, which no leader proposed"
                )),
                None => Ok(()),
            }
        }
        Invariant::PromiseMonotonic => {
            for (i, (was, a)) in before.iter().zip(&w.acceptors).enumerate() {
                if a.ledger.promised < *was {
                    let now = a
                        .ledger
                        .promised
                        .map_or("nothing".into(), |r| r.to_string());
                    return Err(format!(
                        "{} had promised round {}, now promises {now}",
                        NodeId::acceptor(i),
                        was.unwrap_or(0)
                    ));
                }
            }
            Ok(())
        }
        Invariant::AcceptedLePromised => {
            for (i, a) in w.acceptors.iter().enumerate() {
                if let Some(v) = &a.ledger.accepted {
                    if Some(v.round) > a.ledger.promised {
                        return Err(format!(
                            "{} accepted {v} but promised only {:?}",
                            NodeId::acceptor(i),
                            a.ledger.promised
                        ));
                    }
                }
            }
            Ok(())
        }
        Invariant::DecidedWasChosen => {
            let values = chosen_values(w);
            for (value, node) in &w.decisions {
                if !values.contains(value) {
                    return Err(format!(
                        "{node} decided {value}, but no majority accepted it in any round"
                    ));
                }
            }
            Ok(())
        }
    }
}

/// The invariants a step broke. `before` is each acceptor's promise before the step.
pub fn check_step(before: &[Option<Round>], w: &World) -> Vec<Violation> {
    Invariant::ALL
        .into_iter()
        .filter_map(|invariant| {
            check(invariant, before, w)
                .err()
                .map(|why| Violation { invariant, why })
        })
        .collect()
}

/// Who has decided, who has not yet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Termination {
    pub decided: Vec<(NodeId, Value)>,
    /// Up and not decided yet.
    pub waiting: Vec<NodeId>,
    pub crashed: Vec<NodeId>,
    pub why: String,
}

pub fn termination(w: &World) -> Termination {
    let decided = decisions(w);
    let (waiting, crashed): (Vec<NodeId>, Vec<NodeId>) = w
        .nodes()
        .into_iter()
        .filter(|n| w.decided(*n).is_none())
        .partition(|n| !w.is_crashed(*n));
    let chosen = chosen(w);
    let why = match (chosen.first(), decided.is_empty()) {
        (None, _) => "Nothing is chosen yet: no round has been accepted by a majority.".to_string(),
        (Some(c), true) => format!(
            "{} is chosen: {} accepted it in round {}, a majority. Nobody has learned it yet.",
            c.value,
            names(&c.voters),
            c.round
        ),
        (Some(c), false) if waiting.is_empty() && crashed.is_empty() => {
            format!("Everyone has decided {}.", c.value)
        }
        (Some(c), false) => {
            let knows: Vec<NodeId> = decided.iter().map(|(n, _)| *n).collect();
            let unaware: Vec<NodeId> = waiting.iter().chain(&crashed).copied().collect();
            let verb = |n: &[NodeId], one: &'static str, many: &'static str| {
                if n.len() == 1 {
                    one
                } else {
                    many
                }
            };
            format!(
                "{} is chosen. {} {} it; {} {} not know yet.",
                c.value,
                names(&knows),
                verb(&knows, "knows", "know"),
                names(&unaware),
                verb(&unaware, "does", "do")
            )
        }
    };
    Termination {
        decided,
        waiting,
        crashed,
        why,
    }
}

/// The invariants as they stand now, each with a one-line why, for the UI.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Report {
    pub checks: Vec<(Invariant, Result<String, String>)>,
    pub termination: Termination,
}

pub fn report(w: &World) -> Report {
    let promises: Vec<Option<Round>> = w.acceptors.iter().map(|a| a.ledger.promised).collect();
    let checks = Invariant::ALL
        .into_iter()
        .map(|inv| {
            let holds = check(inv, &promises, w).map(|()| match inv {
                Invariant::Agreement => match chosen(w).first() {
                    Some(c) => format!(
                        "Only {} is chosen, and nobody decided anything else.",
                        c.value
                    ),
                    None => "Nothing is chosen, and nobody decided anything.".to_string(),
                },
                Invariant::Validity => format!(
                    "Every dish accepted or decided was a leader's preference ({}).",
                    w.proposals.iter().cloned().collect::<Vec<_>>().join(", ")
                ),
                Invariant::PromiseMonotonic => "No acceptor ever took back a promise.".to_string(),
                Invariant::AcceptedLePromised => {
                    "No acceptor holds a vote above its promise.".to_string()
                }
                Invariant::DecidedWasChosen => "Every decision is a chosen value.".to_string(),
            });
            (inv, holds)
        })
        .collect();
    Report {
        checks,
        termination: termination(w),
    }
}
