//! The world, written once for every protocol: the clock, the messengers in flight, the seeded RNG and
//! the invariants broken so far, around one protocol's state. It applies one action at a time: the kit's
//! fault verbs here, the protocol's own commands through its handlers, then checks the protocol's named
//! properties and reports what happened as a [`Step`].

use super::history::Simulation;
use super::network::{LossCause, Messenger, MessengerId, NetEvent, Network};
use super::protocol::{FaultError, Out, Protocol, Verb, MAX_DELAY};
use super::rng::SeededRng;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::ops::{Deref, DerefMut};

#[derive(Debug, PartialEq, Eq, Hash)]
pub struct World<P: Protocol> {
    /// Logical time.
    pub now: u64,
    pub network: Network<P::Node, P::Msg>,
    pub rng: SeededRng,
    /// Invariants broken so far, with why they broke (each is reported once, on the step that broke
    /// it, and shown as broken from then on).
    pub broken: BTreeMap<P::Invariant, String>,
    /// The protocol's nodes and ghost state.
    pub state: P,
}

impl<P: Protocol> Clone for World<P> {
    fn clone(&self) -> Self {
        World {
            now: self.now,
            network: self.network.clone(),
            rng: self.rng.clone(),
            broken: self.broken.clone(),
            state: self.state.clone(),
        }
    }

    /// Keeps `self`'s buffers where the fields can (the checker copies each state it steps from into
    /// one scratch world, so most steps allocate little).
    fn clone_from(&mut self, source: &Self) {
        self.copy_with(source, P::clone_from);
    }
}

impl<P: Protocol> World<P> {
    /// `self` becomes a copy of `source`, keeping its buffers, the protocol's state copied by
    /// `copy_state` (the checker undoes one node's change this way).
    pub fn copy_with(&mut self, source: &Self, copy_state: impl FnOnce(&mut P, &P)) {
        let World {
            now,
            network,
            rng,
            broken,
            state,
        } = self;
        *now = source.now;
        network.clone_from(&source.network);
        rng.clone_from(&source.rng);
        broken.clone_from(&source.broken);
        copy_state(state, &source.state);
    }
}

/// A named invariant that a step broke.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Violation<I> {
    pub invariant: I,
    pub why: String,
}

/// What one step did.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Step<E, I> {
    pub events: Vec<E>,
    /// Invariants this step broke that held before (empty in a correct protocol).
    #[serde(default = "Vec::new", skip_serializing_if = "Vec::is_empty")]
    pub violations: Vec<Violation<I>>,
}

/// A protocol's step.
pub type StepOf<P> = Step<<P as Protocol>::Event, <P as Protocol>::Invariant>;

impl<P: Protocol> Deref for World<P> {
    type Target = P;
    fn deref(&self) -> &P {
        &self.state
    }
}

impl<P: Protocol> DerefMut for World<P> {
    fn deref_mut(&mut self) -> &mut P {
        &mut self.state
    }
}

impl<P: Protocol> World<P> {
    /// A world at time 0 with nothing in flight, its RNG seeded with `seed`.
    pub fn with(state: P, seed: u64) -> World<P> {
        World {
            now: 0,
            network: Network::default(),
            rng: SeededRng::new(seed),
            broken: BTreeMap::new(),
            state,
        }
    }

    pub fn messenger(&self, id: MessengerId) -> Option<&Messenger<P::Node, P::Msg>> {
        self.network.get(id)
    }

    /// Whether `invariant` has held on every step so far.
    pub fn holds(&self, invariant: P::Invariant) -> bool {
        !self.broken.contains_key(&invariant)
    }

    /// Every named property with whether it still holds, and why it broke if not.
    pub fn properties(&self) -> Vec<(P::Invariant, Option<&str>)> {
        P::properties()
            .iter()
            .map(|p| {
                (
                    p.invariant,
                    self.broken.get(&p.invariant).map(String::as_str),
                )
            })
            .collect()
    }

    fn in_flight(&self, id: MessengerId) -> Result<(), P::Error> {
        match self.network.get(id) {
            Some(_) => Ok(()),
            None => Err(FaultError::NotInFlight(id).into()),
        }
    }

    fn known(&self, node: P::Node) -> Result<(), P::Error> {
        if self.state.has(node) {
            Ok(())
        } else {
            Err(FaultError::UnknownNode {
                node,
                roster: self.state.roster(),
            }
            .into())
        }
    }

    /// Checks that `action` can be applied, without changing anything.
    pub fn check(&self, action: &P::Action) -> Result<(), P::Error> {
        match P::verb(action) {
            Verb::Deliver(id) | Verb::Drop(id) | Verb::Duplicate(id) => self.in_flight(id),
            Verb::Delay { id, by } => {
                self.in_flight(id)?;
                if by == 0 || by > MAX_DELAY {
                    return Err(FaultError::DelayOutOfRange(by).into());
                }
                Ok(())
            }
            Verb::Crash(n) => {
                self.known(n)?;
                if self.state.is_crashed(n) {
                    return Err(FaultError::AlreadyCrashed(n).into());
                }
                Ok(())
            }
            Verb::Recover(n) => {
                self.known(n)?;
                if !self.state.is_crashed(n) {
                    return Err(FaultError::NotCrashed(n).into());
                }
                Ok(())
            }
            Verb::Tick => {
                if self.network.next_due().is_some() || self.state.next_timer().is_some() {
                    Ok(())
                } else {
                    Err(FaultError::NothingDue {
                        idle: self.state.idle(),
                    }
                    .into())
                }
            }
            Verb::Command => P::check_command(self, action),
        }
    }

    fn lost(m: Messenger<P::Node, P::Msg>, cause: LossCause) -> P::Event {
        NetEvent::Lost {
            id: m.id,
            from: m.from,
            to: m.to,
            msg: m.payload,
            cause,
        }
        .into()
    }

    fn step(&mut self, action: &P::Action) -> Vec<P::Event> {
        let travel = self.state.travel();
        let next_timer = self.state.next_timer();
        let World {
            now,
            network,
            rng,
            state,
            ..
        } = self;
        let mut out = Out::new(*now, rng, network, travel);
        match P::verb(action) {
            Verb::Deliver(id) => Self::deliver_into(id, &mut out, state),
            Verb::Tick => {
                // Messengers before timers on a tie: what arrives at time t is heard before a timeout at t.
                let messenger = out.network().next_due().map(|m| (m.due_at, m.id));
                match (messenger, next_timer) {
                    (Some((due, id)), Some((tdue, _))) if due <= tdue => {
                        out.now = out.now.max(due);
                        Self::deliver_into(id, &mut out, state);
                    }
                    (Some((due, id)), None) => {
                        out.now = out.now.max(due);
                        Self::deliver_into(id, &mut out, state);
                    }
                    (_, Some((due, id))) => {
                        out.now = out.now.max(due);
                        state.on_timer(&mut out, id);
                    }
                    (None, None) => {}
                }
            }
            Verb::Drop(id) => {
                if let Some(m) = out.network_mut().lose(id) {
                    out.push(Self::lost(m, LossCause::Dropped));
                }
            }
            Verb::Duplicate(id) => {
                // A copy travels like any messenger.
                let latency = out.latency();
                let at = out.now;
                if let Some(m) = out.network_mut().duplicate(id, at, latency) {
                    let e = NetEvent::Sent {
                        id: m.id,
                        from: m.from,
                        to: m.to,
                        msg: m.payload.clone(),
                        due: m.due_at,
                        copy_of: m.copy_of,
                    };
                    out.push(e.into());
                }
            }
            Verb::Delay { id, by } => {
                if let Some(due) = out.network_mut().delay(id, by) {
                    if let Some(m) = out.network().get(id) {
                        let e = NetEvent::Delayed {
                            id,
                            from: m.from,
                            to: m.to,
                            msg: m.payload.clone(),
                            due,
                        };
                        out.push(e.into());
                    }
                }
            }
            Verb::Crash(n) => {
                state.on_crash(&mut out, n);
                for m in out.network_mut().lose_all_to(n) {
                    out.push(Self::lost(m, LossCause::ReceiverCrashed));
                }
            }
            Verb::Recover(n) => state.on_recover(&mut out, n),
            Verb::Command => state.on_command(&mut out, action),
        }
        *now = out.now;
        out.into_events()
    }

    fn deliver_into(id: MessengerId, out: &mut Out<'_, P>, state: &mut P) {
        let Some(to) = out.network().get(id).map(|m| m.to) else {
            return;
        };
        if state.is_crashed(to) {
            if let Some(m) = out.network_mut().lose(id) {
                out.push(Self::lost(m, LossCause::ReceiverCrashed));
            }
            return;
        }
        let Some(m) = out.network_mut().take(id) else {
            return;
        };
        out.push(
            NetEvent::Delivered {
                id: m.id,
                from: m.from,
                to: m.to,
                msg: m.payload.clone(),
            }
            .into(),
        );
        state.on_message(out, m);
    }
}

impl<P: Protocol> Simulation for World<P> {
    type Action = P::Action;
    type Outcome = StepOf<P>;
    type Error = P::Error;

    fn apply(&mut self, action: &P::Action) -> Result<StepOf<P>, P::Error> {
        self.check(action)?;
        let before = self.state.before();
        let events = self.step(action);
        let mut violations = Vec::new();
        for p in P::properties() {
            if self.broken.contains_key(&p.invariant) {
                continue;
            }
            if let Err(why) = (p.check)(self, &before) {
                self.broken.insert(p.invariant, why.clone());
                violations.push(Violation {
                    invariant: p.invariant,
                    why,
                });
            }
        }
        Ok(Step { events, violations })
    }
}
