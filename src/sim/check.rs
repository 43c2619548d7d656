//! The exhaustive checker, written once for every protocol: a breadth-first search over every
//! interleaving in a small, stated scope, each state's named properties checked, in the manner of TLC
//! and stateright's `BfsChecker`.
//!
//! It explores an abstraction suited to checking: no clock and no messenger ids; the network is the
//! *set of messages sent* (a message stays deliverable after it is delivered, so duplication and
//! reordering are free, and loss is "never delivered"); a crash loses what is on its way to the node,
//! as in the real world. States are de-duplicated by a fingerprint of what the protocol says matters
//! (its [`Checkable::fingerprint`]) and of the message set.
//!
//! Breadth first, so the first violation found is one of the fewest steps. It is turned back into an
//! ordinary scenario of the real world ([`Counterexample::actions`]): the same actions a user could
//! click (deliver, duplicate, crash, start a round), which replay to the same broken property.

use super::history::History;
use super::network::{Messenger, MessengerId, Network};
use super::protocol::{Named, Out, Protocol, Travel, Verb};
use super::world::World;
use std::collections::{HashMap, VecDeque};
use std::hash::{DefaultHasher, Hash, Hasher};

/// What a protocol adds to be checked exhaustively.
pub trait Checkable: Protocol {
    /// The scope of a search (how many nodes, rounds, values, whether crashes happen).
    type Scope: Clone;

    /// The config a search starts from (also the config of a counterexample's scenario file).
    fn scope_config(scope: &Self::Scope) -> Self::Config;

    /// The protocol's own commands to try in `w` within `scope` (e.g. a leader starts a round).
    fn commands(w: &World<Self>, scope: &Self::Scope) -> Vec<Self::Action>;

    /// Whether nodes crash (and recover) in this scope.
    fn crashes(scope: &Self::Scope) -> bool;

    /// Whether the search delivers `msg` at all. A message left out is as if always lost: the search
    /// sees fewer behaviours, so leave out only what the properties cannot depend on (say so in the
    /// scope's description).
    fn explored(_msg: &Self::Msg) -> bool {
        true
    }

    /// Hashes what tells this state apart for the search: node state and the ghost state the
    /// properties read, but no counters, clocks or metrics (which would make every state new).
    fn fingerprint<H: Hasher>(&self, h: &mut H);
}

/// One transition of the abstraction.
#[derive(Clone)]
pub enum Move<P: Protocol> {
    /// A message in the sent set reaches its receiver (again, perhaps).
    Deliver {
        from: P::Node,
        to: P::Node,
        msg: P::Msg,
    },
    Crash(P::Node),
    Recover(P::Node),
    Command(P::Action),
}

impl<P: Protocol> PartialEq for Move<P> {
    fn eq(&self, other: &Move<P>) -> bool {
        match (self, other) {
            (
                Move::Deliver { from, to, msg },
                Move::Deliver {
                    from: f,
                    to: t,
                    msg: m,
                },
            ) => from == f && to == t && msg == m,
            (Move::Crash(a), Move::Crash(b)) | (Move::Recover(a), Move::Recover(b)) => a == b,
            (Move::Command(a), Move::Command(b)) => a == b,
            _ => false,
        }
    }
}

/// A state of the search: the protocol's state (in a world with nothing in flight) and the messages
/// sent so far that can still arrive.
#[derive(Clone)]
struct Node<P: Protocol> {
    world: World<P>,
    sent: Vec<(P::Node, P::Node, P::Msg)>,
}

impl<P: Checkable> Node<P> {
    fn fingerprint(&self) -> u64 {
        let mut h = DefaultHasher::new();
        self.world.state.fingerprint(&mut h);
        // The set's hash does not depend on the order messages were sent in.
        let mut set: u64 = 0;
        for m in &self.sent {
            let mut e = DefaultHasher::new();
            m.hash(&mut e);
            set = set.wrapping_add(e.finish());
        }
        set.hash(&mut h);
        h.finish()
    }

    fn moves(&self, scope: &P::Scope) -> Vec<Move<P>> {
        let w = &self.world;
        let mut moves: Vec<Move<P>> = self
            .sent
            .iter()
            .filter(|(_, to, msg)| !w.is_crashed(*to) && P::explored(msg))
            .map(|(from, to, msg)| Move::Deliver {
                from: *from,
                to: *to,
                msg: msg.clone(),
            })
            .collect();
        moves.extend(P::commands(w, scope).into_iter().map(Move::Command));
        if P::crashes(scope) {
            for n in w.nodes() {
                moves.push(if w.is_crashed(n) {
                    Move::Recover(n)
                } else {
                    Move::Crash(n)
                });
            }
        }
        moves
    }

    /// The state after `mv` and what the properties compare it with (the state before), or `None` if
    /// `mv` does not apply.
    fn after(&self, mv: &Move<P>) -> Option<(Node<P>, P::Before)> {
        let mut world = self.world.clone();
        if let Move::Command(a) = mv {
            P::check_command(&world, a).ok()?;
        }
        let mut sent = self.sent.clone();
        let before = world.state.before();
        {
            let World {
                network,
                rng,
                state,
                ..
            } = &mut world;
            let mut out = Out::new(0, rng, network, Travel::Fixed(0));
            match mv {
                Move::Deliver { from, to, msg } => {
                    let m = Messenger {
                        id: MessengerId(0),
                        from: *from,
                        to: *to,
                        payload: msg.clone(),
                        sent_at: 0,
                        due_at: 0,
                        copy_of: None,
                        depth: 1,
                    };
                    state.on_message(&mut out, m);
                }
                Move::Crash(n) => {
                    state.on_crash(&mut out, *n);
                    sent.retain(|(_, to, _)| to != n);
                }
                Move::Recover(n) => state.on_recover(&mut out, *n),
                Move::Command(a) => state.on_command(&mut out, a),
            }
            let _ = out.into_events();
        }
        for m in std::mem::take(&mut world.network).in_flight() {
            let sent_now = (m.from, m.to, m.payload.clone());
            if P::explored(&sent_now.2) && !sent.contains(&sent_now) {
                sent.push(sent_now);
            }
        }
        world.network = Network::default();
        Some((Node { world, sent }, before))
    }

    /// The first property this state breaks, with why.
    fn broken(&self, before: &P::Before) -> Option<(P::Invariant, String)> {
        P::properties().iter().find_map(|p| {
            (p.check)(&self.world, before)
                .err()
                .map(|why| (p.invariant, why))
        })
    }
}

/// A property broken in the fewest steps, with the moves that break it.
pub struct Counterexample<P: Protocol> {
    pub invariant: P::Invariant,
    pub why: String,
    pub moves: Vec<Move<P>>,
}

/// What a search found.
pub struct Report<P: Protocol> {
    pub states: usize,
    pub transitions: usize,
    /// The deepest level reached (moves from the start).
    pub depth: usize,
    /// `None`: every reachable state in the scope has every property.
    pub violation: Option<Counterexample<P>>,
    /// The search stopped at the state limit before it was complete.
    pub incomplete: bool,
}

/// Searches every state reachable in `scope`, breadth first, up to `limit` states.
pub fn search<P: Checkable>(scope: &P::Scope, limit: usize) -> Result<Report<P>, String> {
    let start = P::start(&P::scope_config(scope))?;
    let root = Node::<P> {
        world: start,
        sent: Vec::new(),
    };
    // For each state: its parent and the move that led to it (the root is its own parent).
    let mut trail: Vec<(usize, Option<Move<P>>)> = vec![(0, None)];
    let mut seen: HashMap<u64, usize> = HashMap::new();
    seen.insert(root.fingerprint(), 0);
    let mut queue: VecDeque<(usize, usize, Node<P>)> = VecDeque::from([(0, 0, root)]);
    let (mut transitions, mut depth) = (0, 0);
    while let Some((id, level, node)) = queue.pop_front() {
        depth = depth.max(level);
        for mv in node.moves(scope) {
            let Some((next, before)) = node.after(&mv) else {
                continue;
            };
            transitions += 1;
            // Every step is checked, also one into a state already seen: a property may be about the
            // step ("promises only go up"), and another way into a state may break it.
            let broke = next.broken(&before);
            let fp = next.fingerprint();
            if broke.is_none() && seen.contains_key(&fp) {
                continue;
            }
            let next_id = trail.len();
            trail.push((id, Some(mv)));
            seen.insert(fp, next_id);
            if let Some((invariant, why)) = broke {
                return Ok(Report {
                    states: trail.len(),
                    transitions,
                    depth: level + 1,
                    violation: Some(Counterexample {
                        invariant,
                        why,
                        moves: path(&trail, next_id),
                    }),
                    incomplete: false,
                });
            }
            if trail.len() >= limit {
                return Ok(Report {
                    states: trail.len(),
                    transitions,
                    depth: level + 1,
                    violation: None,
                    incomplete: true,
                });
            }
            queue.push_back((next_id, level + 1, next));
        }
    }
    Ok(Report {
        states: trail.len(),
        transitions,
        depth,
        violation: None,
        incomplete: false,
    })
}

fn path<P: Protocol>(trail: &[(usize, Option<Move<P>>)], mut id: usize) -> Vec<Move<P>> {
    let mut moves = Vec::new();
    while id != 0 {
        let (parent, mv) = &trail[id];
        if let Some(mv) = mv {
            moves.push(mv.clone());
        }
        id = *parent;
    }
    moves.reverse();
    moves
}

impl<P: Checkable> Counterexample<P> {
    /// The counterexample as actions of the real world from `scope`'s config: each delivery of a
    /// message becomes the delivery of a messenger carrying it (duplicated first when the path
    /// delivers that message again), crashes, recoveries and commands as they are. `Err` if the real
    /// world cannot follow the path (which would be a bug of the abstraction).
    pub fn actions(&self, scope: &P::Scope) -> Result<Vec<P::Action>, String> {
        let mut h = History::new(P::start(&P::scope_config(scope))?);
        let mut actions = Vec::new();
        let mut act = |h: &mut History<World<P>>, a: P::Action| -> Result<(), String> {
            h.act(a.clone())
                .map_err(|e| format!("the real world refuses {a}: {e}"))?;
            actions.push(a);
            Ok(())
        };
        for (i, mv) in self.moves.iter().enumerate() {
            match mv {
                Move::Deliver { from, to, msg } => {
                    let carrying = |w: &World<P>| {
                        w.network
                            .in_flight()
                            .iter()
                            .find(|m| m.from == *from && m.to == *to && m.payload == *msg)
                            .map(|m| m.id)
                    };
                    let id = carrying(h.current()).ok_or_else(|| {
                        format!(
                            "step {}: no messenger from {from} to {to} carries {msg:?}",
                            i + 1
                        )
                    })?;
                    if self.moves[i + 1..].contains(mv) {
                        act(&mut h, fault::<P>(Verb::Duplicate(id))?)?;
                    }
                    act(&mut h, fault::<P>(Verb::Deliver(id))?)?;
                }
                Move::Crash(n) => act(&mut h, fault::<P>(Verb::Crash(*n))?)?,
                Move::Recover(n) => act(&mut h, fault::<P>(Verb::Recover(*n))?)?,
                Move::Command(a) => act(&mut h, a.clone())?,
            }
        }
        let broke = h
            .outcomes()
            .iter()
            .flat_map(|s| &s.violations)
            .any(|v| v.invariant == self.invariant);
        if !broke {
            return Err(format!(
                "the real world followed the path but {} held",
                self.invariant.name()
            ));
        }
        Ok(actions)
    }
}

fn fault<P: Protocol>(verb: Verb<P::Node>) -> Result<P::Action, String> {
    P::fault(verb).ok_or_else(|| "not a fault verb".to_string())
}
