//! Why things are as they are, in plain words, for the panels: which quorum overlap forces a round's
//! value (Paxos Made Simple §2.2, "any two majorities intersect"), and why an acceptor refused.

use super::event::Event;
use super::message::{Round, Value, Vote};
use super::node::NodeId;
use super::transcript;
use super::world::{Step, World};

/// A leader's quorum meets acceptors that accepted a value in an earlier round.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Overlap {
    pub leader: NodeId,
    pub round: Round,
    /// The highest earlier vote held by a member of the quorum: it forces the value.
    pub forcing: Vote,
    /// Every acceptor that accepted `forcing` (the earlier quorum, as far as it got).
    pub earlier: Vec<NodeId>,
    /// Members of both.
    pub overlap: Vec<NodeId>,
    pub text: String,
}

fn and_list(nodes: &[NodeId]) -> String {
    let names: Vec<String> = nodes.iter().map(|n| n.to_string()).collect();
    match names.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// For each leader running a round, the overlap that forces its value, if any.
pub fn quorum_overlaps(w: &World) -> Vec<Overlap> {
    let mut out = Vec::new();
    for (i, l) in w.leaders.iter().enumerate() {
        let Some(state) = &l.current else { continue };
        let forcing = state
            .quorum
            .iter()
            .filter_map(|a| w.acceptors.get(a.index())?.ledger.accepted.clone())
            .filter(|v| v.round < state.round)
            .max_by_key(|v| v.round);
        let Some(forcing) = forcing else { continue };
        let earlier: Vec<NodeId> = w
            .votes
            .iter()
            .filter(|(r, v, _)| *r == forcing.round && *v == forcing.value)
            .map(|(_, _, a)| *a)
            .collect();
        let overlap: Vec<NodeId> = state
            .quorum
            .iter()
            .filter(|a| {
                w.acceptors
                    .get(a.index())
                    .and_then(|x| x.ledger.accepted.as_ref())
                    == Some(&forcing)
            })
            .copied()
            .collect();
        let verb = if overlap.len() == 1 { "is" } else { "are" };
        let reports = if overlap.len() == 1 {
            "reports"
        } else {
            "report"
        };
        let text = format!(
            "{} {verb} in both quorums and {reports} {forcing}, so round {} can only propose {}.",
            and_list(&overlap),
            state.round,
            forcing.value
        );
        out.push(Overlap {
            leader: NodeId::leader(i),
            round: state.round,
            forcing,
            earlier,
            overlap,
            text,
        });
    }
    out
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
    fn round_10_overlap_names_a3_and_taco() {
        let s = preset("round-10")
            .and_then(|p| p.scenario().ok())
            .expect("preset");
        let mut h = s.replay().expect("replays");
        // Just after round 10 starts.
        h.seek(s.step.expect("opens mid-way") + 1);
        let o = quorum_overlaps(h.current());
        assert_eq!(o.len(), 1, "{o:?}");
        let r10 = o.iter().find(|o| o.round == 10).expect("round 10");
        assert_eq!(r10.overlap, vec![NodeId::Acceptor(3)]);
        assert_eq!(r10.earlier, vec![NodeId::Acceptor(3)]);
        assert_eq!(
            r10.text,
            "A3 is in both quorums and reports Taco@7, so round 10 can only propose Taco."
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
