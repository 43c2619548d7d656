//! What a protocol supplies to the kit, in the shape of stateright's `Actor`/`Model` (`src/actor.rs`:
//! handlers that are handed an `Out` to say what they send, plus named properties checked on every
//! state): its node, message, action, event and invariant types; handlers for a command, a message, a
//! timer, a crash and a recovery; its properties as data; and its words for the kit's refusals.
//!
//! Everything else is written once, generic over [`Protocol`]: the world ([`super::World`]: network,
//! clock, seeded RNG, broken set) with the fault verbs (deliver, drop, duplicate, delay, crash, recover,
//! tick) and their checks, [`super::Step`], time travel ([`super::History`]), scenario files, presets,
//! random exploration, tours, the CLI and the page's stepper.

use super::network::{Messenger, MessengerId, NetEvent, Network};
use super::rng::SeededRng;
use super::words::Line;
use super::world::{StepOf, World};
use std::fmt;
use std::hash::Hash;

/// The longest voyage one `delay` may add, in logical time units.
pub const MAX_DELAY: u64 = 1_000_000;

/// What kind of thing an action is: one of the kit's fault verbs, or the protocol's own command.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verb<N> {
    Deliver(MessengerId),
    Drop(MessengerId),
    Duplicate(MessengerId),
    Delay {
        id: MessengerId,
        by: u64,
    },
    Crash(N),
    Recover(N),
    /// Let time pass: the next due messenger, or the next timer if it is due first.
    Tick,
    /// The protocol's own (start a round, append, switch a fix, ...).
    Command,
}

impl<N: fmt::Display> fmt::Display for Verb<N> {
    /// The fault verbs as every tab writes them ("delay #4 by 20").
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Verb::Deliver(id) => write!(f, "deliver {id}"),
            Verb::Drop(id) => write!(f, "drop {id}"),
            Verb::Duplicate(id) => write!(f, "duplicate {id}"),
            Verb::Delay { id, by } => write!(f, "delay {id} by {by}"),
            Verb::Crash(n) => write!(f, "crash {n}"),
            Verb::Recover(n) => write!(f, "recover {n}"),
            Verb::Tick => write!(f, "tick"),
            Verb::Command => write!(f, "a command"),
        }
    }
}

/// How long a messenger travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Travel {
    /// Always this long (no draw from the RNG): the symmetric setting.
    Fixed(u64),
    /// Drawn from the seeded RNG between the bounds (inclusive).
    Between(u64, u64),
}

/// Why a fault verb cannot be applied; the same words on every tab.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FaultError<N> {
    NotInFlight(MessengerId),
    DelayOutOfRange(u64),
    /// `roster` is the protocol's list of who is there ("this chamber has A1..A3 and L1..L2").
    UnknownNode {
        node: N,
        roster: String,
    },
    AlreadyCrashed(N),
    NotCrashed(N),
    /// `idle` says what else could have been due ("no timer is set").
    NothingDue {
        idle: &'static str,
    },
}

impl<N: fmt::Display> fmt::Display for FaultError<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FaultError::NotInFlight(id) => write!(f, "messenger {id} is not in flight"),
            FaultError::DelayOutOfRange(t) => {
                write!(f, "a delay of {t} is out of range: choose 1 to {MAX_DELAY}")
            }
            FaultError::UnknownNode { node, roster } => write!(f, "unknown node {node}: {roster}"),
            FaultError::AlreadyCrashed(n) => write!(f, "{n} is already crashed"),
            FaultError::NotCrashed(n) => write!(f, "{n} is not crashed"),
            FaultError::NothingDue { idle } => {
                write!(f, "nothing is due: no messenger is in flight and {idle}")
            }
        }
    }
}

/// A named property, checked after every step: a protocol lists its own as data.
pub struct Property<P: Protocol> {
    pub invariant: P::Invariant,
    /// `Err(why)` when the step that led from `before` to `world` broke it.
    pub check: fn(&World<P>, &P::Before) -> Result<(), String>,
}

/// A property's name (snake_case, for files and the CLI) and title (for the safety panel).
pub trait Named {
    fn name(self) -> &'static str;
    fn title(self) -> &'static str;
}

/// A protocol taught in the parliament. Its state is the world's protocol half (`World<P>` derefs to
/// it); ghost state (what is chosen, every vote ever cast) is the protocol's own.
pub trait Protocol: Clone + Sized + 'static {
    type Node: Copy + Eq + Ord + Hash + fmt::Debug + fmt::Display;
    type Msg: Clone + Eq + Hash + fmt::Debug;
    /// Everything a user, a script or the checker can do (the kit's fault verbs included).
    type Action: Clone + Eq + Hash + fmt::Debug + fmt::Display;
    type Event: Clone + Eq + Hash + fmt::Debug + From<NetEvent<Self::Node, Self::Msg>>;
    type Invariant: Copy + Ord + Hash + fmt::Debug + Named;
    type Error: From<FaultError<Self::Node>> + fmt::Display;
    /// What the properties compare a step's result against (e.g. every acceptor's promise before it).
    type Before;
    /// What a scenario file's `config` holds: the nodes, timing and seed a run starts from.
    type Config: Clone + Eq + fmt::Debug;

    /// The protocol's name in files, links and on the CLI ("synod", "corfu").
    const NAME: &'static str;

    /// A fresh world for `config`, or what is wrong with the config.
    fn start(config: &Self::Config) -> Result<World<Self>, String>;
    fn config(&self) -> &Self::Config;

    /// Which verb `action` is.
    fn verb(action: &Self::Action) -> Verb<Self::Node>;
    /// The action for a fault verb (`None` for [`Verb::Command`]): the inverse of [`Protocol::verb`].
    fn fault(verb: Verb<Self::Node>) -> Option<Self::Action>;
    /// Every node, in the order the chamber lists them.
    fn nodes(&self) -> Vec<Self::Node>;
    /// Who is there, for the refusal of an unknown node ("this chamber has A1..A3 and L1..L2").
    fn roster(&self) -> String;
    /// What else could be due besides a messenger ("no timer is set").
    fn idle(&self) -> &'static str;
    fn has(&self, node: Self::Node) -> bool;
    fn is_crashed(&self, node: Self::Node) -> bool;
    fn travel(&self) -> Travel;
    /// The next timer that matters, as (due, id).
    fn next_timer(&self) -> Option<(u64, u64)>;

    /// Checks one of the protocol's own commands without changing anything.
    fn check_command(world: &World<Self>, action: &Self::Action) -> Result<(), Self::Error>;
    fn on_command(&mut self, out: &mut Out<'_, Self>, action: &Self::Action);
    fn on_message(&mut self, out: &mut Out<'_, Self>, m: Messenger<Self::Node, Self::Msg>);
    fn on_timer(&mut self, out: &mut Out<'_, Self>, id: u64);
    /// The node stops; the kit then loses every messenger heading to it.
    fn on_crash(&mut self, out: &mut Out<'_, Self>, node: Self::Node);
    fn on_recover(&mut self, out: &mut Out<'_, Self>, node: Self::Node);

    fn before(&self) -> Self::Before;
    /// [`Protocol::before`] into `into`, reusing its buffers (the exhaustive search computes it
    /// for every state it explores).
    fn before_into(&self, into: &mut Self::Before) {
        *into = self.before();
    }
    fn properties() -> &'static [Property<Self>];

    /// The protocol's words for one step: the transcript lines, each with who says it.
    fn words(&self, step: &StepOf<Self>) -> Vec<Line<Self::Node>>;

    /// Nothing teachable is left (autoplay stops): e.g. the synod once every live node decided and only
    /// heartbeats remain. Never, unless a protocol says so.
    fn settled(_world: &World<Self>) -> bool {
        false
    }

    /// An event the transcript keeps in view once the run is settled (the synod's decision).
    fn milestone(_event: &Self::Event) -> bool {
        false
    }
}

/// What a handler hands back to the world: messengers to send, timers' clock, what happened. Sends take
/// effect at once (a messenger's travel time is drawn when it leaves, in the order of sending), so a
/// run replays to the same trace.
pub struct Out<'a, P: Protocol> {
    pub now: u64,
    pub rng: &'a mut SeededRng,
    network: &'a mut Network<P::Node, P::Msg>,
    travel: Travel,
    events: Vec<P::Event>,
    /// Whether events are kept (the checker's steps keep none: it reads only state and messages).
    record: bool,
}

impl<'a, P: Protocol> Out<'a, P> {
    pub(super) fn new(
        now: u64,
        rng: &'a mut SeededRng,
        network: &'a mut Network<P::Node, P::Msg>,
        travel: Travel,
    ) -> Self {
        Out {
            now,
            rng,
            network,
            travel,
            events: Vec::new(),
            record: true,
        }
    }

    /// An `Out` that keeps no events (for the checker, which never reads them).
    pub(super) fn quiet(mut self) -> Self {
        self.record = false;
        self
    }

    /// A messenger's travel time.
    pub fn latency(&mut self) -> u64 {
        match self.travel {
            Travel::Fixed(t) => t,
            Travel::Between(lo, hi) => self.rng.between(lo, hi),
        }
    }

    /// Sends `msg`; `depth` counts message delays since the exchange began.
    pub fn send(&mut self, from: P::Node, to: P::Node, msg: P::Msg, depth: u32) {
        let latency = self.latency();
        let m = self.network.send(from, to, msg, self.now, latency, depth);
        if !self.record {
            return;
        }
        self.events.push(
            NetEvent::Sent {
                id: m.id,
                from,
                to,
                msg: m.payload.clone(),
                due: m.due_at,
                copy_of: None,
            }
            .into(),
        );
    }

    /// Says what happened.
    pub fn push(&mut self, event: P::Event) {
        if self.record {
            self.events.push(event);
        }
    }

    /// Says what happened, building the event only if events are kept (a quiet step, the checker's,
    /// skips the copies of dish names an event holds).
    pub fn push_with(&mut self, event: impl FnOnce() -> P::Event) {
        if self.record {
            self.events.push(event());
        }
    }

    /// What happened so far in this step.
    pub fn events(&self) -> &[P::Event] {
        &self.events
    }

    pub(super) fn network_mut(&mut self) -> &mut Network<P::Node, P::Msg> {
        self.network
    }

    /// Messengers in flight (read only: handlers send through [`Out::send`]).
    pub fn network(&self) -> &Network<P::Node, P::Msg> {
        self.network
    }

    pub(super) fn into_events(self) -> Vec<P::Event> {
        self.events
    }
}
