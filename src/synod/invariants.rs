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
use super::world::{Synod, World};
use crate::sim::Property;
use serde::Serialize;

crate::named_invariants! {
    /// The named invariants, in checking order.
    pub enum Invariant {
        Agreement = ("agreement", "Agreement"),
        Validity = ("validity", "Validity"),
        PromiseMonotonic = ("promise_monotonic", "Promises only go up"),
        AcceptedLePromised = ("accepted_le_promised", "Votes within promises"),
        DecidedWasChosen = ("decided_was_chosen", "Only chosen values are decided"),
    }
}

/// A synod invariant that a step broke.
pub type Violation = crate::sim::Violation<Invariant>;

/// The synod's named properties, checked by the world after every step, in this order.
pub const PROPERTIES: &[Property<Synod>] = &[
    Property {
        invariant: Invariant::Agreement,
        check: |w, before| check(Invariant::Agreement, before, w),
    },
    Property {
        invariant: Invariant::Validity,
        check: |w, before| check(Invariant::Validity, before, w),
    },
    Property {
        invariant: Invariant::PromiseMonotonic,
        check: |w, before| check(Invariant::PromiseMonotonic, before, w),
    },
    Property {
        invariant: Invariant::AcceptedLePromised,
        check: |w, before| check(Invariant::AcceptedLePromised, before, w),
    },
    Property {
        invariant: Invariant::DecidedWasChosen,
        check: |w, before| check(Invariant::DecidedWasChosen, before, w),
    },
];

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

/// Each distinct chosen value once, where it was first chosen (lowest round first). One value chosen in
/// two rounds — as Paxos allows and the overlap forces — is one value, not two.
pub fn chosen_values_first(w: &World) -> Vec<Chosen> {
    let mut out: Vec<Chosen> = Vec::new();
    for c in chosen(w) {
        if !out.iter().any(|o| o.value == c.value) {
            out.push(c);
        }
    }
    out
}

/// Whether the values in `values` are not all one (checked on every state a search finds, so it
/// builds no set).
fn two_differ<'a>(mut values: impl Iterator<Item = &'a Value>) -> bool {
    match values.next() {
        Some(first) => values.any(|v| v != first),
        None => false,
    }
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
            if two_differ(w.decisions.iter().map(|(v, _)| v)) {
                let d: Vec<String> = decided_by_value(w)
                    .iter()
                    .map(|(v, nodes)| format!("{v} by {}", names(nodes)))
                    .collect();
                return Err(format!("nodes decided differently: {}", d.join("; ")));
            }
            if two_differ(w.chosen.iter().map(|(_, v)| v)) {
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
            for (value, node) in w.decisions.iter() {
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
                            "{} accepted {v} but promised only {}",
                            NodeId::acceptor(i),
                            a.ledger
                                .promised
                                .map_or("nothing".to_string(), |r| format!("round {r}"))
                        ));
                    }
                }
            }
            Ok(())
        }
        Invariant::DecidedWasChosen => {
            for (value, node) in w.decisions.iter() {
                if !w.chosen.iter().any(|(_, v)| v == value) {
                    return Err(format!(
                        "{node} decided {value}, but no {} accepted it in any round",
                        w.config
                            .quorums
                            .phase2_noun(w.acceptors.len())
                            .trim_start_matches("a ")
                    ));
                }
            }
            Ok(())
        }
    }
}

/// The invariants a step broke. `before` is each acceptor's promise before the step.
/// Every chosen value in one phrase, where it was first chosen: "Thai chosen in round 1 by A1, A2; Taco
/// chosen in round 2 by A2, A3". Empty when nothing is chosen.
pub fn chosen_phrase(w: &World) -> String {
    chosen_values_first(w)
        .iter()
        .map(|c| {
            format!(
                "{} chosen in round {} by {}",
                c.value,
                c.round,
                names(&c.voters)
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Who decided what, per value, from every decision a node made (a node appears twice only if it
/// decided twice, which only a broken variant allows): [("Thai", [A1, L1]), ("Taco", [A2, A3])].
pub fn decided_by_value(w: &World) -> Vec<(Value, Vec<NodeId>)> {
    let mut by: Vec<(Value, Vec<NodeId>)> = Vec::new();
    for (v, n) in w.decisions.iter() {
        match by.iter_mut().find(|(x, _)| x == v) {
            Some((_, nodes)) => nodes.push(*n),
            None => by.push((v.clone(), vec![*n])),
        }
    }
    for (_, nodes) in &mut by {
        nodes.sort();
    }
    // In the order the chamber first voted for them (lowest round first).
    let first_vote = |v: &Value| {
        w.votes
            .iter()
            .find(|(_, x, _)| x == v)
            .map_or(Round::MAX, |(r, _, _)| *r)
    };
    by.sort_by_key(|(v, _)| first_vote(v));
    by
}

/// Where termination stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Progress {
    /// Every node decided, all the same value.
    Done,
    /// Not every node has decided yet (and no two disagree).
    Pending,
    /// Nodes decided different values: consensus is broken, whatever else happens.
    Split,
}

/// Who has decided, who has not yet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Termination {
    pub decided: Vec<(NodeId, Value)>,
    /// Up and not decided yet.
    pub waiting: Vec<NodeId>,
    pub crashed: Vec<NodeId>,
    pub progress: Progress,
    pub why: String,
}

fn verb(n: &[NodeId], one: &'static str, many: &'static str) -> &'static str {
    if n.len() == 1 {
        one
    } else {
        many
    }
}

pub fn termination(w: &World) -> Termination {
    let decided = decisions(w);
    let (waiting, crashed): (Vec<NodeId>, Vec<NodeId>) = w
        .nodes()
        .into_iter()
        .filter(|n| w.decided(*n).is_none())
        .partition(|n| !w.is_crashed(*n));
    let chosen = chosen(w);
    let by_value = decided_by_value(w);
    let unaware: Vec<NodeId> = waiting.iter().chain(&crashed).copied().collect();
    let progress = if by_value.len() > 1 {
        Progress::Split
    } else if unaware.is_empty() {
        Progress::Done
    } else {
        Progress::Pending
    };
    let why = if progress == Progress::Split {
        let split: Vec<String> = by_value
            .iter()
            .map(|(v, nodes)| format!("{v} by {}", names(nodes)))
            .collect();
        let mut s = format!(
            "Nodes decided different values: {}. Consensus is broken.",
            split.join("; ")
        );
        if !unaware.is_empty() {
            s.push_str(&format!(
                " {} {} not decided.",
                names(&unaware),
                verb(&unaware, "has", "have")
            ));
        }
        s
    } else if two_differ(w.chosen.iter().map(|(_, v)| v)) {
        format!(
            "Two values are chosen: {}. Consensus is broken.",
            chosen_phrase(w)
        )
    } else {
        match (chosen.first(), decided.is_empty()) {
            (None, true) => format!(
                "Nothing is chosen yet: no round has been accepted by {}.",
                w.config.quorums.phase2_noun(w.acceptors.len())
            ),
            // A decision without a chosen value happens only in a broken variant.
            (None, false) => format!(
                "Nothing is chosen, yet {} decided.",
                names(&decided.iter().map(|(n, _)| *n).collect::<Vec<_>>())
            ),
            (Some(c), true) => format!(
                "{} is chosen: {} accepted it in round {}, {}. Nobody has learned it yet.",
                c.value,
                names(&c.voters),
                c.round,
                w.config.quorums.phase2_noun(w.acceptors.len())
            ),
            (Some(c), false) if unaware.is_empty() => {
                format!("Everyone has decided {}.", c.value)
            }
            (Some(c), false) => {
                let knows: Vec<NodeId> = decided.iter().map(|(n, _)| *n).collect();
                format!(
                    "{} is chosen. {} {} it; {} {} not know yet.",
                    c.value,
                    names(&knows),
                    verb(&knows, "knows", "know"),
                    names(&unaware),
                    verb(&unaware, "does", "do")
                )
            }
        }
    };
    Termination {
        decided,
        waiting,
        crashed,
        progress,
        why,
    }
}

/// The invariants as they stand now, each with a one-line why, for the UI.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Report {
    pub checks: Vec<(Invariant, Result<String, String>)>,
    pub termination: Termination,
}

/// Each invariant as it stands at this step: one broken earlier stays broken (its why is the one from
/// the step that broke it), even when the state that broke it has since gone.
pub fn report(w: &World) -> Report {
    let promises: Vec<Option<Round>> = w.acceptors.iter().map(|a| a.ledger.promised).collect();
    let checks = Invariant::ALL
        .iter()
        .map(|&inv| {
            let now = check(inv, &promises, w);
            let holds = match (now, w.broken.get(&inv)) {
                (Err(why), _) => Err(why),
                // It broke at some step (perhaps this one) and stays broken: say what happened.
                (Ok(()), Some(why)) => Err(why.clone()),
                (Ok(()), None) => Ok(match inv {
                    Invariant::Agreement => match (chosen(w).first(), w.decisions.first()) {
                        (Some(c), _) => format!(
                            "Only {} is chosen, and nobody decided anything else.",
                            c.value
                        ),
                        // Agreement holds, so every decision is the same value.
                        (None, Some((v, _))) => {
                            format!("Nothing is chosen; every node that decided, decided {v}.")
                        }
                        (None, None) => {
                            "Nothing is chosen, and nobody decided anything.".to_string()
                        }
                    },
                    Invariant::Validity => format!(
                        "Every dish accepted or decided was a leader's preference ({}).",
                        w.proposals.iter().cloned().collect::<Vec<_>>().join(", ")
                    ),
                    Invariant::PromiseMonotonic => {
                        "No acceptor ever took back a promise.".to_string()
                    }
                    Invariant::AcceptedLePromised => {
                        "No acceptor holds a vote above its promise.".to_string()
                    }
                    Invariant::DecidedWasChosen => "Every decision is a chosen value.".to_string(),
                }),
            };
            (inv, holds)
        })
        .collect();
    Report {
        checks,
        termination: termination(w),
    }
}
