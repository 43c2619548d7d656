//! Why things are as they are, in plain words, for the panels: what a running round has heard and what
//! that forces (Paxos Made Simple §2.2: "any two majorities intersect", and the leader proposes the value
//! of the highest-numbered proposal reported), and why an acceptor refused.
//!
//! Every sentence here is a fact of the run at this step: a report is named only once the leader has
//! received it; what an acceptor has not yet said is worded as pending ("if A3 answers it will report
//! Taco@7").

use super::config::QuorumRule;
use super::event::Event;
use super::leader::{highest_report, RoundPhase, RoundState};
use super::message::{Msg, Round, Value, Vote};
use super::node::NodeId;
use super::transcript;
use super::world::{Step, World};

/// What a running round has heard, and the earlier quorum it meets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Overlap {
    pub leader: NodeId,
    pub round: Round,
    /// The highest earlier round in which a member of this round's quorum voted.
    pub earlier_round: Option<Round>,
    /// Every acceptor polled by both `earlier_round` and this round.
    pub overlap: Vec<NodeId>,
    /// Promises the leader has received, each with the vote it reported.
    pub heard: Vec<(NodeId, Option<Vote>)>,
    /// Members the round still waits for (empty once it has proposed).
    pub pending: Vec<NodeId>,
    /// Once proposing: the value, and the report that forced it (`None`: the leader's own dish).
    pub proposed: Option<(Value, Option<(NodeId, Vote)>)>,
    pub text: String,
}

fn and_list(nodes: &[NodeId]) -> String {
    and_words(&nodes.iter().map(|n| n.to_string()).collect::<Vec<_>>())
}

fn and_words(words: &[String]) -> String {
    match words {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// For each leader running a round (not yet decided) that is still preparing, or whose quorum met an
/// earlier vote: the facts and one paragraph saying them.
pub fn quorum_overlaps(w: &World) -> Vec<Overlap> {
    let mut out = Vec::new();
    for (i, l) in w.leaders.iter().enumerate() {
        let Some(state) = &l.current else { continue };
        let proposed = match &state.phase {
            RoundPhase::Preparing => None,
            RoundPhase::Proposing { value, .. } => {
                Some((value.clone(), highest_report(&state.promises)))
            }
            RoundPhase::Decided { .. } => continue,
        };
        let round = state.round;
        // The round's quorum: the acceptors it polled — except under the any-majority rule, where it is
        // the majority that answered, known only once the round proposes.
        let any = w.config.quorum_rule == QuorumRule::AnyMajority;
        let members: Vec<NodeId> = if any && proposed.is_some() {
            state.promises.keys().copied().collect()
        } else {
            state.quorum.clone()
        };
        let earlier_round = w
            .votes
            .iter()
            .filter(|(r, _, a)| *r < round && members.contains(a))
            .map(|(r, _, _)| *r)
            .max();
        let shared: Vec<NodeId> = earlier_round
            .and_then(|r| w.polled.get(&r))
            .map(|earlier| {
                members
                    .iter()
                    .filter(|a| earlier.contains(a))
                    .copied()
                    .collect()
            })
            .unwrap_or_default();
        // Any majority, still preparing: no quorum yet, only a poll that shares acceptors.
        let (overlap, shared_poll) = if any && proposed.is_none() {
            (Vec::new(), shared)
        } else {
            (shared, Vec::new())
        };
        let heard: Vec<(NodeId, Option<Vote>)> = state
            .promises
            .iter()
            .map(|(a, v)| (*a, v.clone()))
            .collect();
        // A round that has proposed its own dish with no earlier vote in sight has nothing to explain.
        if proposed.is_some() && earlier_round.is_none() && heard.iter().all(|(_, v)| v.is_none()) {
            continue;
        }
        let pending: Vec<NodeId> = if proposed.is_none() {
            state
                .quorum
                .iter()
                .filter(|a| !state.promises.contains_key(a))
                .copied()
                .collect()
        } else {
            Vec::new()
        };
        let mut o = Overlap {
            leader: NodeId::leader(i),
            round,
            earlier_round,
            overlap,
            heard,
            pending,
            proposed,
            text: String::new(),
        };
        o.text = describe(w, &o, state, &shared_poll);
        out.push(o);
    }
    out
}

fn describe(w: &World, o: &Overlap, state: &RoundState, shared_poll: &[NodeId]) -> String {
    let need = state.need;
    let r = o.round;
    let mut parts = Vec::new();
    if let (Some(e), false) = (o.earlier_round, shared_poll.is_empty()) {
        parts.push(format!(
            "Round {r} polls {} of round {e}'s quorum; its own quorum is the first {} to answer.",
            and_list(shared_poll),
            w.config
                .quorums
                .phase1_noun(w.acceptors.len())
                .trim_start_matches("a ")
        ));
    }
    if let (Some(e), false) = (o.earlier_round, o.overlap.is_empty()) {
        let verb = if o.overlap.len() == 1 { "is" } else { "are" };
        parts.push(format!(
            "{} {verb} in both quorums, round {e}'s and round {r}'s.",
            and_list(&o.overlap)
        ));
    }
    if o.heard.is_empty() {
        parts.push(format!("Round {r} has no promises yet."));
    } else {
        let heard: Vec<String> = o
            .heard
            .iter()
            .map(|(a, v)| match v {
                Some(v) => format!("{a} ({v})"),
                None => format!("{a} (no vote)"),
            })
            .collect();
        parts.push(format!(
            "Round {r} has promises from {}.",
            and_words(&heard)
        ));
    }
    match &o.proposed {
        Some((value, Some((a, v)))) => parts.push(format!(
            "{a}'s {v} is the highest report, so round {r} proposes {value}."
        )),
        Some((value, None)) => parts.push(format!(
            "No promise reported a vote, so round {r} proposes the leader's own {value}."
        )),
        None if !o.pending.is_empty() => {
            let rule = match w.config.quorum_rule {
                QuorumRule::WholeQuorum => "a leader waits for its whole quorum".to_string(),
                QuorumRule::AnyMajority => {
                    format!("a leader goes on once any {need} have promised")
                }
            };
            parts.push(format!(
                "Round {r} waits for {}: {rule}.",
                and_list(&o.pending)
            ));
            let mut ifs = Vec::new();
            for a in &o.pending {
                if let Some(acc) = w.acceptors.get(a.index()) {
                    match (acc.crashed, acc.ledger.promised, &acc.ledger.accepted) {
                        (true, _, _) => ifs.push(format!("{a} has crashed")),
                        (false, Some(p), _) if p > r => {
                            ifs.push(format!("{a} has promised round {p} and would refuse"))
                        }
                        // It answered, but the leader has not heard it (yet, or ever: it may be lost).
                        (false, Some(p), v) if p == r => ifs.push(match v {
                            Some(v) => format!(
                                "{a} promised, reporting {v}, but the leader has not heard it"
                            ),
                            None => format!("{a} promised, but the leader has not heard it"),
                        }),
                        // Nothing on its way to it: it was never asked, or its prepare was lost.
                        _ if !w.network.in_flight().iter().any(|m| {
                            m.to == *a && matches!(m.payload, Msg::Prepare { round } if round == r)
                        }) =>
                        {
                            let mut s = format!(
                                "{a}'s prepare is lost, so it will not answer unless asked again"
                            );
                            if let Some(v) = &acc.ledger.accepted {
                                s.push_str(&format!("; if {a} answers it will report {v}"));
                            }
                            ifs.push(s)
                        }
                        (false, _, Some(v)) => {
                            ifs.push(format!("if {a} answers it will report {v}"))
                        }
                        _ => {}
                    }
                }
            }
            if !ifs.is_empty() {
                let s = crate::sim::words::capitalise(&ifs.join("; "));
                parts.push(format!("{s}."));
            }
            if let Some((a, v)) = highest_report(&state.promises) {
                parts.push(format!(
                    "So far {a}'s {v} is the highest report; nothing is forced until the round has heard enough."
                ));
            }
        }
        None => {}
    }
    parts.join(" ")
}

/// Why `node` refused what it refused, latest last: "refused propose 6: promised round 10".
pub fn refusals(steps: &[Step], node: NodeId) -> Vec<String> {
    steps
        .iter()
        .flat_map(|s| &s.events)
        .filter_map(|e| match e {
            Event::Refused {
                acceptor,
                phase,
                round,
                promised,
                ..
            } if *acceptor == node => Some(transcript::refusal_reason(*phase, *round, *promised)),
            _ => None,
        })
        .collect()
}

/// Values accepted so far, per acceptor: what a leader polling them would hear.
pub fn accepted_values(w: &World) -> Vec<(NodeId, Option<Value>)> {
    w.acceptors
        .iter()
        .enumerate()
        .map(|(i, a)| {
            (
                NodeId::acceptor(i),
                a.ledger.accepted.as_ref().map(|v| v.value.clone()),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::preset;

    #[test]
    fn round_10_overlap_names_a1_a3_and_pending_taco() {
        let s = preset("round-10")
            .and_then(|p| p.scenario().ok())
            .expect("preset");
        let mut h = s.replay().expect("replays");
        // Just after round 10 starts.
        h.seek(s.step.expect("opens mid-way") + 1);
        let o = quorum_overlaps(h.current());
        assert_eq!(o.len(), 1, "{o:?}");
        let r10 = o.iter().find(|o| o.round == 10).expect("round 10");
        // Round 7 polled A1 and A3: both are in round 10's quorum too.
        assert_eq!(r10.earlier_round, Some(7));
        assert_eq!(r10.overlap, vec![NodeId::Acceptor(1), NodeId::Acceptor(3)]);
        // Nothing has been heard yet: no report is claimed, A3's is pending.
        assert!(r10.heard.is_empty());
        assert_eq!(
            r10.text,
            "A1 and A3 are in both quorums, round 7's and round 10's. Round 10 has no promises yet. \
             Round 10 waits for A1, A2 and A3: a leader waits for its whole quorum. If A2 answers \
             it will report Thai@6; if A3 answers it will report Taco@7."
        );
    }

    #[test]
    fn round_8_waits_for_a3_and_never_claims_its_report() {
        let s = preset("round-10")
            .and_then(|p| p.scenario().ok())
            .expect("preset");
        // The Round 10 preset opens just before round 10: round 8 heard A1 and A2, and A3's prepare
        // was lost.
        let mut h = s.replay().expect("replays");
        h.seek(s.step.expect("opens mid-way"));
        let o = quorum_overlaps(h.current());
        let r8 = o.iter().find(|o| o.round == 8).expect("round 8");
        assert_eq!(r8.pending, vec![NodeId::Acceptor(3)]);
        assert_eq!(
            r8.text,
            "A1 and A3 are in both quorums, round 7's and round 8's. Round 8 has promises from A1 \
             (no vote) and A2 (Thai@6). Round 8 waits for A3: a leader waits for its whole quorum. \
             A3's prepare is lost, so it will not answer unless asked again; if A3 answers it will \
             report Taco@7. So far A2's Thai@6 is the highest report; nothing \
             is forced until the round has heard enough."
        );
        // Once round 10 has heard all three, the report that forced Taco is named.
        let proposed = h
            .outcomes()
            .iter()
            .position(|s| {
                s.events
                    .iter()
                    .any(|e| matches!(e, Event::Proposed { round: 10, .. }))
            })
            .expect("round 10 proposes");
        h.seek(proposed + 1);
        let o = quorum_overlaps(h.current());
        let r10 = o.iter().find(|o| o.round == 10).expect("round 10");
        assert!(
            r10.text
                .ends_with("A3's Taco@7 is the highest report, so round 10 proposes Taco."),
            "{}",
            r10.text
        );
    }

    #[test]
    fn a_promise_on_its_way_is_not_counted_as_heard() {
        let s = preset("round-10")
            .and_then(|p| p.scenario().ok())
            .expect("preset");
        let mut h = s.replay().expect("replays");
        // Just after A3 promised round 10: its promise is in flight to L1.
        let a3_promised = h
            .outcomes()
            .iter()
            .position(|s| {
                s.events.iter().any(|e| {
                    matches!(
                        e,
                        Event::Promised {
                            acceptor: NodeId::Acceptor(3),
                            round: 10,
                            ..
                        }
                    )
                })
            })
            .expect("A3 promises round 10");
        h.seek(a3_promised + 1);
        let o = quorum_overlaps(h.current());
        let r10 = o.iter().find(|o| o.round == 10).expect("round 10");
        assert!(r10.pending.contains(&NodeId::Acceptor(3)), "{}", r10.text);
        assert!(
            r10.text
                .contains("A3 promised, reporting Taco@7, but the leader has not heard it"),
            "{}",
            r10.text
        );
    }

    #[test]
    fn refusals_are_explained() {
        let s = preset("stale-leader")
            .and_then(|p| p.scenario().ok())
            .expect("preset");
        let mut s = s;
        s.step = None;
        let h = s.replay().expect("replays");
        assert_eq!(
            refusals(h.outcomes(), NodeId::Acceptor(3)),
            ["refused propose 6: promised round 10"]
        );
        assert!(refusals(h.outcomes(), NodeId::Acceptor(2)).is_empty());
    }
}
