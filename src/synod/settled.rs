//! When a run has nothing left to teach: every node that is up has decided, and nothing but heartbeats
//! (leader selection's "still here", [`super::liveness`]) is left in flight. From there a run only
//! repeats heartbeats forever, so autoplay stops.
//!
//! Why timers need no test of their own: a leader's round timeout and retry act only for a live leader
//! that has not decided ([`World::believes_leading`] and the pacing rules), and a crashed leader's timers
//! are cancelled by its crash; once every live node has decided, the only timers that still do anything
//! are heartbeats. A messenger to a crashed node is not a heartbeat: its loss is still told, so it counts.

use super::liveness::TimerKind;
use super::message::Msg;
use super::world::World;

/// Whether nothing teachable remains: every live node (acceptor or leader) has decided and every
/// messenger in flight is a heartbeat (or none is). Steps from here only pass heartbeats around.
pub fn settled(w: &World) -> bool {
    let all_decided = w
        .nodes()
        .into_iter()
        .all(|n| w.is_crashed(n) || w.decided(n).is_some());
    all_decided
        && w.network
            .in_flight()
            .iter()
            .all(|m| matches!(m.payload, Msg::Heartbeat))
}

/// What a settled run is, in words (for the note when autoplay stops); `None` while something
/// teachable remains.
pub fn settled_words(w: &World) -> Option<&'static str> {
    if !settled(w) {
        return None;
    }
    let heartbeats = !w.network.in_flight().is_empty()
        || w.liveness
            .timers
            .iter()
            .any(|t| t.kind == TimerKind::Heartbeat);
    Some(if heartbeats {
        "every node that is up has decided, and only heartbeats are left."
    } else {
        "every node that is up has decided, and no messenger is left."
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::Simulation;
    use crate::synod::{Action, Config, Fix, NodeId};

    fn start(w: &mut World, leader: usize) {
        w.apply(&Action::StartRound {
            leader: NodeId::leader(leader),
            quorum: vec![NodeId::acceptor(0), NodeId::acceptor(1)],
            round: None,
            dish: None,
        })
        .expect("the round starts");
    }

    fn tick(w: &mut World) {
        w.apply(&Action::Tick).expect("something is due");
    }

    /// Ticks until `settled` holds; how many ticks that took, or `None` within `limit`.
    fn ticks_until_settled(w: &mut World, limit: usize) -> Option<usize> {
        for i in 0..limit {
            if settled(w) {
                return Some(i);
            }
            w.apply(&Action::Tick).ok()?;
        }
        None
    }

    fn undecided(w: &World) -> Vec<NodeId> {
        w.nodes()
            .into_iter()
            .filter(|&n| w.decided(n).is_none())
            .collect()
    }

    #[test]
    fn settled_once_every_node_has_learned() {
        let mut w = World::new(Config::new(3, &["Pizza"], 0)).expect("valid");
        assert!(!settled(&w), "nobody has decided");
        start(&mut w, 0);
        // Up to the last learner, something teachable is left: a node to learn, a messenger to arrive.
        while undecided(&w).len() > 1 {
            assert!(!settled(&w));
            tick(&mut w);
        }
        assert!(!settled(&w), "one node has yet to learn");
        let mut crashed = w.clone();
        ticks_until_settled(&mut w, 100).expect("the last node learns");
        assert!(undecided(&w).is_empty());
        assert!(w.network.in_flight().is_empty());
        assert_eq!(
            settled_words(&w),
            Some("every node that is up has decided, and no messenger is left.")
        );

        // The last learner crashes instead: its Decided messenger is lost with it, and every node that
        // is up has decided.
        let last = undecided(&crashed)[0];
        crashed.apply(&Action::Crash(last)).expect("it crashes");
        assert!(settled(&crashed));
        // It recovers: it is up and undecided again, so there is more to see.
        crashed.apply(&Action::Recover(last)).expect("it recovers");
        assert!(!settled(&crashed));

        // A decided world with a new round's prepares in flight is not settled either.
        start(&mut w, 0);
        assert!(!settled(&w), "prepares in flight");
    }

    #[test]
    fn dueling_leaders_settle_only_when_a_fix_ends_the_duel() {
        let mut c = Config::new(3, &["Thai", "Taco"], 4);
        c.timing.auto = true;
        c.timing.symmetric = true;
        let mut w = World::new(c).expect("valid");
        start(&mut w, 0);
        tick(&mut w);
        start(&mut w, 1);
        assert_eq!(ticks_until_settled(&mut w, 2_000), None, "the duel goes on");
        assert_eq!(settled_words(&w), None);
        assert_eq!(undecided(&w).len(), 5);
        w.apply(&Action::Fix {
            fix: Fix::LeaderSelection,
            on: true,
        })
        .expect("a fix can always be switched");
        ticks_until_settled(&mut w, 2_000).expect("leader selection ends the duel");
        assert!(undecided(&w).is_empty());
        // Heartbeats go on for ever (so autoplay needs this predicate to stop) and the world stays settled.
        let mut heartbeats = 0;
        for _ in 0..200 {
            tick(&mut w);
            assert!(settled(&w));
            heartbeats += w
                .network
                .in_flight()
                .iter()
                .filter(|m| m.payload == Msg::Heartbeat)
                .count();
        }
        assert!(heartbeats > 0);
        assert_eq!(
            settled_words(&w),
            Some("every node that is up has decided, and only heartbeats are left.")
        );
        assert!(w.check(&Action::Tick).is_ok(), "something is always due");
    }
}
