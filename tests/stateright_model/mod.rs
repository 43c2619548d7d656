//! The synod's checking model written in stateright's `Model` trait (stateright is the reference
//! model checker), in the same scope and the same abstraction as `sim::check`: the state is the
//! protocol's world (nothing in flight) and the *set* of messages sent; a move delivers one of them
//! (again, perhaps), starts a round, crashes or recovers a node; a crash loses what was on its way to
//! the node; a message that can never matter again (`Checkable::dead`) is forgotten. Both checkers
//! explore one state space and must count the same distinct states; the encodings differ (here the set
//! is a sorted list hashed by stateright, ours an order-free sum of message hashes kept up to date),
//! so equal counts cross-check both.

use lunch_parliament::sim::check::{apply, Checkable, Move};
use lunch_parliament::sim::{Protocol, World};
use lunch_parliament::synod::check::Scope;
use lunch_parliament::synod::{Msg, NodeId, Synod};
use std::hash::{DefaultHasher, Hash, Hasher};

pub struct SynodModel {
    pub scope: Scope,
}

type Sent = (NodeId, NodeId, Msg);

#[derive(Clone, Debug)]
pub struct State {
    world: World<Synod>,
    /// The set of messages sent, kept sorted by each message's hash (so the order they were sent in
    /// does not matter) and without repeats.
    sent: Vec<(u64, Sent)>,
}

fn hash_of(m: &Sent) -> u64 {
    let mut h = DefaultHasher::new();
    m.hash(&mut h);
    h.finish()
}

/// Adds `m` to the sorted set `sent` (if it is not in it).
fn insert(sent: &mut Vec<(u64, Sent)>, m: Sent) {
    if !Synod::explored(&m.2) {
        return;
    }
    let key = (hash_of(&m), m);
    let at = sent.partition_point(|(h, _)| *h < key.0);
    if !sent[at..]
        .iter()
        .take_while(|(h, _)| *h == key.0)
        .any(|x| x.1 == key.1)
    {
        sent.insert(at, key);
    }
}

impl Hash for State {
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.world.state.fingerprint(h);
        for (_, m) in &self.sent {
            m.hash(h);
        }
    }
}

/// stateright asks for equality but de-duplicates by its fingerprint of [`Hash`]; equal means equal
/// under that hash.
impl PartialEq for State {
    fn eq(&self, other: &State) -> bool {
        let of = |s: &State| {
            let mut h = DefaultHasher::new();
            s.hash(&mut h);
            h.finish()
        };
        of(self) == of(other)
    }
}

impl Eq for State {}

impl stateright::Model for SynodModel {
    type State = State;
    type Action = Move<Synod>;

    fn init_states(&self) -> Vec<State> {
        Synod::start(&Synod::scope_config(&self.scope))
            .map(|world| State {
                world,
                sent: Vec::new(),
            })
            .into_iter()
            .collect()
    }

    fn actions(&self, s: &State, actions: &mut Vec<Move<Synod>>) {
        let w = &s.world;
        for (_, (from, to, msg)) in &s.sent {
            if !w.is_crashed(*to) {
                actions.push(Move::Deliver {
                    from: *from,
                    to: *to,
                    msg: msg.clone(),
                });
            }
        }
        actions.extend(
            Synod::commands(w, &self.scope)
                .into_iter()
                .map(Move::Command),
        );
        if self.scope.crashes {
            for n in w.nodes() {
                actions.push(if w.is_crashed(n) {
                    Move::Recover(n)
                } else {
                    Move::Crash(n)
                });
            }
        }
    }

    fn next_state(&self, last: &State, mv: Move<Synod>) -> Option<State> {
        if let Move::Command(a) = &mv {
            Synod::check_command(&last.world, a).ok()?;
        }
        let mut next = last.clone();
        apply(&mut next.world, &mv);
        if let Move::Crash(n) = mv {
            next.sent.retain(|(_, m)| m.1 != n);
        }
        let State { world, sent } = &mut next;
        for m in world.network.drain_in_flight() {
            insert(sent, (m.from, m.to, m.payload));
        }
        let state = &next.world.state;
        next.sent.retain(|(_, m)| !state.dead(m.0, m.1, &m.2));
        Some(next)
    }

    /// The synod's named properties, each a stateright "always" property of one state.
    fn properties(&self) -> Vec<stateright::Property<Self>> {
        vec![stateright::Property::always(
            "every named property",
            |_, s: &State| {
                let before = s.world.state.before();
                Synod::properties()
                    .iter()
                    .all(|p| (p.check)(&s.world, &before).is_ok())
            },
        )]
    }
}
