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
//! A protocol may name nodes that nothing can tell apart (acceptors are alike): then states that
//! differ only by a permutation of them are one state (symmetry reduction, as TLC's
//! `SYMMETRY` and stateright's `symmetry()`). The states kept are ones the search really reached, so
//! a counterexample is still a real path from the start.
//!
//! Breadth first, so the first violation found is one of the fewest steps. It is turned back into an
//! ordinary scenario of the real world ([`Counterexample::actions`]): the same actions a user could
//! click (deliver, duplicate, crash, start a round), which replay to the same broken property.

use super::history::History;
use super::network::{Messenger, MessengerId};
use super::prefetch::Prefetch;
use super::protocol::{Named, Out, Protocol, Travel, Verb};
use super::seen::Seen;
use super::world::World;
use std::collections::VecDeque;
use std::hash::{BuildHasher, Hash, Hasher};
use std::rc::Rc;

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

    /// The node whose state a command changes (say, the leader that starts a round), if it changes
    /// one node's alone; see [`Checkable::restore`].
    fn command_node(_action: &Self::Action) -> Option<Self::Node> {
        None
    }

    /// Makes `self` equal to `from` again, where `self` was a copy of `from` before one step that
    /// changed `node`'s own state and no other node's (a delivery to it, its crash or recovery, a
    /// command of its own), besides what the nodes share (ghost sets, counters). The search steps
    /// from each state many times into one scratch state, and undoing one node is cheaper than
    /// comparing them all. The default copies everything. [`restores_exactly`] checks one (the
    /// synod's, in `tests/checker.rs`) after every move from the first states of a search.
    fn restore(&mut self, from: &Self, _node: Self::Node) {
        self.clone_from(from);
    }

    /// Asks for the memory this state's parts take up (the contents of its vectors) for a state
    /// the search explores soon; see [`Prefetch`]. Only speed depends on it: the default asks for
    /// nothing.
    fn prefetch(&self, _want: &mut Prefetch) {}

    /// Whether the search delivers `msg` at all. A message left out is as if always lost: the search
    /// sees fewer behaviours, so leave out only what the properties cannot depend on (say so in the
    /// scope's description).
    fn explored(_msg: &Self::Msg) -> bool {
        true
    }

    /// Whether delivering `msg` from `from` to `to` can never change anything again, in this state or
    /// any state reachable from it (a prepare below the acceptor's promise, a promise for a round
    /// its leader has left). The search forgets such messages, so states that differ only in them
    /// are one state. Say `false` when unsure: it only costs states.
    fn dead(&self, _from: Self::Node, _to: Self::Node, _msg: &Self::Msg) -> bool {
        false
    }

    /// Whether a property is about a step (it compares the state with the one before) rather than
    /// about a state alone; only these are checked again on another way into a known state.
    fn about_steps(_invariant: Self::Invariant) -> bool {
        true
    }

    /// Hashes what tells this state apart for the search: node state and the ghost state the
    /// properties read, but no counters, clocks or metrics (which would make every state new).
    fn fingerprint<H: Hasher>(&self, h: &mut H);

    /// How many parts [`Checkable::fingerprint_part`] hashes one by one, each all that is about one
    /// node (0: the fingerprint is not split). With parts, the search rehashes only the part of the
    /// node a step changed ([`Checkable::restore`]'s node) and the shared rest
    /// ([`Checkable::fingerprint_shared`]); together they must tell states apart as
    /// [`Checkable::fingerprint`] does.
    fn fingerprint_parts(&self) -> usize {
        0
    }

    /// The part about `node` (`None`: it has none).
    fn part_of(&self, _node: Self::Node) -> Option<usize> {
        None
    }

    /// Hashes part `part` (only when [`Checkable::fingerprint_parts`] is more than 0).
    fn fingerprint_part<H: Hasher>(&self, _part: usize, _h: &mut H) {}

    /// Hashes what no part holds (only when [`Checkable::fingerprint_parts`] is more than 0).
    fn fingerprint_shared<H: Hasher>(&self, _h: &mut H) {}

    /// Nodes that are alike (say, the acceptors): the rules, the scope's commands and every
    /// property treat them the same, so states that differ only by a permutation of them are one
    /// state. Empty: none. What it asks of the protocol: no message goes between two alike nodes, and
    /// [`Checkable::fingerprint_alike`] puts all that is about one of them in its profile.
    fn alike(_scope: &Self::Scope) -> Vec<Self::Node> {
        Vec::new()
    }

    /// [`Checkable::fingerprint`] split by alike node: what is about `alike[i]` (its node state, its
    /// place in other nodes' sets, its votes) is added into `profiles[i]` as an order-free sum of
    /// hashes ([`hash_of`]) that does not name the node; everything else is hashed into `h`, naming
    /// no alike node. The search hashes the profiles sorted, so a permutation of alike nodes does
    /// not change the fingerprint. Used only when [`Checkable::alike`] names some.
    fn fingerprint_alike<H: Hasher>(
        &self,
        _alike: &[Self::Node],
        h: &mut H,
        _profiles: &mut [u64],
    ) {
        self.fingerprint(h);
    }
}

/// The most alike nodes a search reduces by (more is searched without the reduction).
const MOST_ALIKE: usize = 16;

/// A sent message's `alike_at` when it goes to or from no alike node (above any place in the list).
const NOT_ALIKE: u8 = u8::MAX;

/// How many places ahead in the queue the search asks for a state's memory ([`Prefetch`]): far
/// enough that it arrives before the state is explored, near enough that it is still cached then.
const PREFETCH_AHEAD: usize = 4;

/// The most explored states a search keeps to step into (more would only hold memory).
const SPARE: usize = 256;

/// One transition of the abstraction.
#[derive(Clone, Debug)]
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

/// A move as the search takes it from a state: a delivery by its place in that state's sent set.
enum Pick<P: Protocol> {
    Deliver(usize),
    Other(Move<P>),
}

/// A message in the sent set, with its hash (computed once, when it is first sent); if it goes to or
/// from an alike node, which one, and its hash without that node's name (for the node's profile).
#[derive(Clone, Debug)]
struct Sent<P: Protocol> {
    hash: u64,
    /// The alike node's place in the scope's list (`NOT_ALIKE`: none) and the hash without its
    /// name; kept in two plain fields so a message in the set fills one cache line.
    alike_at: u8,
    alike_hash: u64,
    from: P::Node,
    to: P::Node,
    msg: P::Msg,
}

/// A state of the search: the protocol's state (in a world with nothing in flight) and the messages
/// sent so far that can still arrive, with the order-free hash of that set kept up to date.
#[derive(Debug)]
pub struct CheckState<P: Protocol> {
    world: World<P>,
    /// Nearly every step changes the set (it sends a reply or forgets a message), so each state has
    /// its own; a step into a scratch state copies only the messages that differ.
    sent: Vec<Sent<P>>,
    set: u64,
    /// The scope's alike nodes (empty: none), shared by every state of a search.
    alike: Rc<[P::Node]>,
    /// The hashes of the protocol's fingerprint parts ([`Checkable::fingerprint_parts`]), set when
    /// the state's fingerprint is taken, so a step from it rehashes only the part it changed.
    parts: Vec<u64>,
}

impl<P: Protocol> Clone for CheckState<P> {
    fn clone(&self) -> Self {
        CheckState {
            world: self.world.clone(),
            sent: self.sent.clone(),
            set: self.set,
            alike: self.alike.clone(),
            parts: self.parts.clone(),
        }
    }

    /// Keeps the world's buffers (see [`World`]'s `clone_from`).
    fn clone_from(&mut self, source: &Self) {
        self.copy_with(source, P::clone_from);
    }
}

impl<P: Protocol> CheckState<P> {
    /// `self` becomes a copy of `source`, keeping its buffers, the protocol's state copied by
    /// `copy_state`. The parts' hashes are not copied: a scratch state's are set when its
    /// fingerprint is taken.
    fn copy_with(&mut self, source: &Self, copy_state: impl FnOnce(&mut P, &P)) {
        let CheckState {
            world,
            sent,
            set,
            alike,
            parts: _,
        } = self;
        world.copy_with(&source.world, copy_state);
        copy_sent(sent, &source.sent);
        *set = source.set;
        if !Rc::ptr_eq(alike, &source.alike) {
            alike.clone_from(&source.alike);
        }
    }
}

/// The hasher of fingerprints (and of what they sum): fixed seeds, so a search is the same on every
/// run and machine. aHash mixes each value written with one folded multiply where foldhash gathers
/// small ones in a 128-bit sponge first; a fingerprint is many small writes (a variant, an optional
/// round, a flag), and aHash hashes it in about half the instructions. A collision would merge two
/// states and hide what lies behind one of them: 64 bits from a full-width multiply per write make
/// one unlikely among the millions of states a search can hold (the checker's tests compare state
/// counts with stateright's, which hashes differently).
fn hasher() -> impl Hasher {
    ahash::RandomState::with_seeds(
        1 << 40 | 0x5eed,
        0x243f_6a88_85a3_08d3,
        0x1319_8a2e_0370_7344,
        0xa409_3822_299f_31d0,
    )
    .build_hasher()
}

/// The fingerprints' hash of one value (for a protocol's order-free sums in
/// [`Checkable::fingerprint_alike`]).
pub fn hash_of<T: Hash>(t: &T) -> u64 {
    let mut h = hasher();
    t.hash(&mut h);
    h.finish()
}

/// What a scratch state holds, next to the state the search steps from.
#[derive(Clone, Copy)]
enum Held<N> {
    /// Some other state (a spare, or one stepped from another state).
    Other,
    /// The state stepped from, after a step that changed this node's state alone.
    After(N),
}

impl<P: Checkable> CheckState<P> {
    /// Makes `self` equal to `from` again after one step from it that changed only `node`'s state
    /// ([`Checkable::restore`]).
    fn restore(&mut self, from: &CheckState<P>, node: P::Node) {
        self.copy_with(from, |state, from| state.restore(from, node));
    }

    /// The state a search starts from.
    pub fn root(scope: &P::Scope) -> Result<CheckState<P>, String> {
        Ok(CheckState {
            world: P::start(&P::scope_config(scope))?,
            sent: Vec::new(),
            set: 0,
            alike: Some(P::alike(scope))
                .filter(|a| a.len() <= MOST_ALIKE)
                .unwrap_or_default()
                .into(),
            parts: Vec::new(),
        })
    }

    /// The protocol's state (its world has nothing in flight: see [`CheckState::sent`]).
    pub fn world(&self) -> &World<P> {
        &self.world
    }

    /// The messages that can still arrive, in the order they were first sent.
    pub fn sent(&self) -> impl Iterator<Item = (P::Node, P::Node, &P::Msg)> {
        self.sent.iter().map(|s| (s.from, s.to, &s.msg))
    }

    /// What tells this state apart from others: the protocol's fingerprint and the sent set.
    /// With alike nodes: their profiles sorted, so a permutation of them has the same fingerprint.
    pub fn fingerprint(&self) -> u64 {
        if self.split() > 0 {
            let parts: Vec<u64> = (0..self.split()).map(|i| self.part_hash(i)).collect();
            return self.joined(&parts);
        }
        let mut h = hasher();
        if self.alike.is_empty() {
            self.world.state.fingerprint(&mut h);
            // The set's hash is a sum, so it does not depend on the order messages were sent in.
            h.write_u64(self.set);
            return h.finish();
        }
        let mut profiles = [0u64; MOST_ALIKE];
        let profiles = &mut profiles[..self.alike.len()];
        self.world
            .state
            .fingerprint_alike(&self.alike, &mut h, profiles);
        let mut others = 0u64;
        for s in self.sent.iter() {
            match profiles.get_mut(usize::from(s.alike_at)) {
                Some(p) => *p = p.wrapping_add(s.alike_hash),
                None => others = others.wrapping_add(s.hash),
            }
        }
        profiles.sort_unstable();
        profiles.hash(&mut h);
        h.write_u64(others);
        h.finish()
    }

    /// How many parts the fingerprint is taken in (0: whole). Not split where nodes are alike: their
    /// profiles are summed across the state.
    fn split(&self) -> usize {
        if self.alike.is_empty() {
            self.world.state.fingerprint_parts()
        } else {
            0
        }
    }

    fn part_hash(&self, part: usize) -> u64 {
        let mut h = hasher();
        self.world.state.fingerprint_part(part, &mut h);
        h.finish()
    }

    /// The fingerprint from the parts' hashes, the shared rest and the sent set.
    fn joined(&self, parts: &[u64]) -> u64 {
        let mut h = hasher();
        for p in parts {
            h.write_u64(*p);
        }
        self.world.state.fingerprint_shared(&mut h);
        h.write_u64(self.set);
        h.finish()
    }

    /// [`CheckState::fingerprint`] of a state just stepped into from `from` (`held`: what the step
    /// changed), rehashing only the changed node's part; the parts' hashes are kept for the steps
    /// from this state.
    fn fingerprint_after(&mut self, from: &CheckState<P>, held: Held<P::Node>) -> u64 {
        let k = self.split();
        if k == 0 {
            return self.fingerprint();
        }
        let changed = match held {
            Held::After(node) if from.parts.len() == k => self.world.state.part_of(node),
            _ => None,
        };
        let Some(i) = changed.filter(|i| *i < k) else {
            return self.fingerprint_anew();
        };
        let mut parts = std::mem::take(&mut self.parts);
        parts.clone_from(&from.parts);
        if let Some(p) = parts.get_mut(i) {
            *p = self.part_hash(i);
        }
        let fingerprint = self.joined(&parts);
        self.parts = parts;
        fingerprint
    }

    /// [`CheckState::fingerprint`], keeping the parts' hashes for the steps from this state.
    fn fingerprint_anew(&mut self) -> u64 {
        let mut parts = std::mem::take(&mut self.parts);
        parts.clear();
        parts.extend((0..self.split()).map(|i| self.part_hash(i)));
        let fingerprint = if parts.is_empty() {
            self.fingerprint()
        } else {
            self.joined(&parts)
        };
        self.parts = parts;
        fingerprint
    }

    /// The moves from this state as the search takes them: a delivery by its place in the sent set
    /// (so its message is copied once, into the step, not also into a list of moves).
    fn picks_into(&self, scope: &P::Scope, picks: &mut Vec<Pick<P>>) {
        let w = &self.world;
        picks.extend(
            self.sent
                .iter()
                .enumerate()
                .filter(|(_, s)| !w.is_crashed(s.to))
                .map(|(i, _)| Pick::Deliver(i)),
        );
        picks.extend(
            P::commands(w, scope)
                .into_iter()
                .map(|a| Pick::Other(Move::Command(a))),
        );
        if P::crashes(scope) {
            for n in w.nodes() {
                picks.push(Pick::Other(if w.is_crashed(n) {
                    Move::Recover(n)
                } else {
                    Move::Crash(n)
                }));
            }
        }
    }

    /// The move a pick stands for.
    fn move_of(&self, pick: Pick<P>) -> Move<P> {
        match pick {
            Pick::Deliver(i) => {
                let s = &self.sent[i];
                Move::Deliver {
                    from: s.from,
                    to: s.to,
                    msg: s.msg.clone(),
                }
            }
            Pick::Other(mv) => mv,
        }
    }

    /// Makes `self` the state after `pick` from `from`, reusing `self`'s buffers (the search steps
    /// into one scratch state and keeps it only if the state is new); `false` if it does not apply.
    /// `held` says what `self` holds, and is updated.
    fn step_from(
        &mut self,
        from: &CheckState<P>,
        pick: &Pick<P>,
        held: &mut Held<P::Node>,
    ) -> bool {
        if let Pick::Other(Move::Command(a)) = pick {
            if P::check_command(&from.world, a).is_err() {
                return false;
            }
        }
        match *held {
            Held::After(node) => self.restore(from, node),
            Held::Other => self.clone_from(from),
        }
        *held = match pick {
            Pick::Deliver(i) => Held::After(from.sent[*i].to),
            Pick::Other(Move::Crash(n) | Move::Recover(n)) => Held::After(*n),
            Pick::Other(Move::Command(a)) => P::command_node(a).map_or(Held::Other, Held::After),
            Pick::Other(Move::Deliver { .. }) => Held::Other,
        };
        match pick {
            Pick::Deliver(i) => {
                let s = &from.sent[*i];
                deliver(&mut self.world, s.from, s.to, s.msg.clone());
            }
            Pick::Other(mv) => apply(&mut self.world, mv),
        }
        let CheckState {
            world,
            sent,
            set,
            alike,
            parts: _,
        } = self;
        if let Pick::Other(Move::Crash(n)) = pick {
            // What was on its way to the crashed node is lost.
            forget(sent, set, |s| s.to == *n);
        }
        for m in world.network.drain_in_flight() {
            add(sent, set, alike, m.from, m.to, m.payload);
        }
        let state = &self.world.state;
        forget(&mut self.sent, &mut self.set, |s| {
            state.dead(s.from, s.to, &s.msg)
        });
        true
    }

    /// The first property this state breaks, with why: every property of a state found for the
    /// first time (`new`), else only those about steps ([`Checkable::about_steps`]).
    pub fn broken(&self, before: &P::Before, new: bool) -> Option<(P::Invariant, String)> {
        P::properties().iter().find_map(|p| {
            if !new && !P::about_steps(p.invariant) {
                return None;
            }
            (p.check)(&self.world, before)
                .err()
                .map(|why| (p.invariant, why))
        })
    }
}

/// Applies `mv` to `world` (which has nothing in flight); the messages the step sent are left in
/// flight (take them with `world.network.drain_in_flight()`). The abstraction's one step, shared by
/// the search and by other checkers' models of it.
pub fn apply<P: Protocol>(world: &mut World<P>, mv: &Move<P>) {
    match mv {
        Move::Deliver { from, to, msg } => deliver(world, *from, *to, msg.clone()),
        Move::Crash(n) => quietly(world, |state, out| state.on_crash(out, *n)),
        Move::Recover(n) => quietly(world, |state, out| state.on_recover(out, *n)),
        Move::Command(a) => quietly(world, |state, out| state.on_command(out, a)),
    }
}

/// [`apply`] of a delivery of `msg`, given the message itself.
fn deliver<P: Protocol>(world: &mut World<P>, from: P::Node, to: P::Node, msg: P::Msg) {
    quietly(world, |state, out| {
        state.on_message(out, messenger::<P>(from, to, msg))
    });
}

/// Runs a handler on `world`'s protocol state with a quiet `Out`: no clock, no travel time, no
/// events kept (the abstraction has none of them).
fn quietly<P: Protocol>(world: &mut World<P>, handler: impl FnOnce(&mut P, &mut Out<'_, P>)) {
    let World {
        network,
        rng,
        state,
        ..
    } = &mut *world;
    let mut out = Out::new(0, rng, network, Travel::Fixed(0)).quiet();
    handler(state, &mut out);
}

/// A messenger carrying `msg` (the abstraction has no ids or times).
fn messenger<P: Protocol>(from: P::Node, to: P::Node, msg: P::Msg) -> Messenger<P::Node, P::Msg> {
    Messenger {
        id: MessengerId(0),
        from,
        to,
        payload: msg,
        sent_at: 0,
        due_at: 0,
        copy_of: None,
        depth: 1,
    }
}

/// Adds a message to the sent set (if it is not in it), keeping the set's hash and, for a message to
/// or from an alike node, its hash without that node's name.
fn add<P: Checkable>(
    sent: &mut Vec<Sent<P>>,
    set: &mut u64,
    alike: &[P::Node],
    from: P::Node,
    to: P::Node,
    msg: P::Msg,
) {
    if !P::explored(&msg) {
        return;
    }
    let hash = hash_of(&(from, to, &msg));
    let known = sent
        .iter()
        .any(|s| s.hash == hash && s.from == from && s.to == to && s.msg == msg);
    if known {
        return;
    }
    *set = set.wrapping_add(hash);
    let at = |n: P::Node| alike.iter().position(|a| *a == n);
    debug_assert!(
        at(from).is_none() || at(to).is_none(),
        "a message between two alike nodes"
    );
    let (alike_at, alike_hash) = match (at(from), at(to)) {
        (Some(i), _) => (i, hash_of(&(0u8, to, &msg))),
        (_, Some(i)) => (i, hash_of(&(1u8, from, &msg))),
        _ => (usize::from(NOT_ALIKE), 0),
    };
    sent.push(Sent {
        hash,
        alike_at: u8::try_from(alike_at).unwrap_or(NOT_ALIKE),
        alike_hash,
        from,
        to,
        msg,
    });
}

/// `to` becomes a copy of the set `from`, keeping its buffer and the messages it already has in the
/// same places (a scratch state stepped from the same state again differs in a message or two).
fn copy_sent<P: Protocol>(to: &mut Vec<Sent<P>>, from: &[Sent<P>]) {
    to.truncate(from.len());
    let kept = to.len();
    for (t, f) in to.iter_mut().zip(from) {
        if t.hash != f.hash || t.from != f.from || t.to != f.to || t.msg != f.msg {
            t.clone_from(f);
        }
    }
    to.extend_from_slice(&from[kept..]);
}

/// Takes the messages `gone` picks out of the set, keeping its hash.
fn forget<P: Protocol>(sent: &mut Vec<Sent<P>>, set: &mut u64, gone: impl Fn(&Sent<P>) -> bool) {
    sent.retain(|s| {
        let g = gone(s);
        if g {
            *set = set.wrapping_sub(s.hash);
        }
        !g
    });
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
    /// The search stopped at a limit (states or depth) before it was complete.
    pub incomplete: bool,
}

/// How far a search may go.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Distinct states.
    pub states: usize,
    /// Moves from the start: states deeper than this are not explored.
    pub depth: usize,
}

impl Limits {
    pub fn states(states: usize) -> Limits {
        Limits {
            states,
            depth: usize::MAX,
        }
    }
}

/// Where a search stands (for a progress bar).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    pub states: usize,
    pub transitions: usize,
    pub depth: usize,
    /// States found but not yet explored.
    pub queued: usize,
}

/// A breadth-first search that can be run a slice at a time (so a page keeps painting while it
/// searches, and can cancel by dropping it).
pub struct Search<P: Checkable> {
    scope: P::Scope,
    limits: Limits,
    /// For each state: its parent and the place, among the parent's moves, of the move that led to
    /// it (the root is its own parent). Eight bytes a state, not a move and its message: a
    /// counterexample's moves are found again by replaying this path ([`Search::moves_to`]).
    trail: Vec<(u32, u32)>,
    seen: Seen,
    queue: VecDeque<(u32, usize, CheckState<P>)>,
    /// The state the search started from (a counterexample's path is replayed from it).
    root: CheckState<P>,
    transitions: usize,
    depth: usize,
    cut: bool,
    done: Option<Report<P>>,
    /// States to step into (their buffers are reused): one kept from a step that led to a known
    /// state, and the states already explored (which the queue no longer needs).
    spare: Vec<CheckState<P>>,
    /// The moves from the state being explored (one buffer for the whole search).
    picks: Vec<Pick<P>>,
    /// What the properties compare each step from it with (one buffer for the whole search).
    before: Option<P::Before>,
}

impl<P: Checkable> Search<P> {
    pub fn new(scope: &P::Scope, limits: Limits) -> Result<Search<P>, String> {
        let mut root = CheckState::<P>::root(scope)?;
        let mut seen = Seen::default();
        seen.insert(root.fingerprint_anew());
        Ok(Search {
            scope: scope.clone(),
            limits,
            trail: vec![(0, 0)],
            seen,
            queue: VecDeque::from([(0, 0, root.clone())]),
            root,
            transitions: 0,
            depth: 0,
            cut: false,
            done: None,
            spare: Vec::new(),
            picks: Vec::new(),
            before: None,
        })
    }

    pub fn progress(&self) -> Progress {
        Progress {
            states: self.trail.len(),
            transitions: self.transitions,
            depth: self.depth,
            queued: self.queue.len(),
        }
    }

    /// Explores up to `budget` more states; the report once the search is over.
    pub fn run(&mut self, budget: usize) -> Option<&Report<P>> {
        let mut left = budget;
        while self.done.is_none() && left > 0 {
            left -= 1;
            self.explore_one();
        }
        self.done.as_ref()
    }

    /// The report, once [`Search::run`] returned it.
    pub fn finish(self) -> Option<Report<P>> {
        self.done
    }

    fn report(&self, violation: Option<Counterexample<P>>, incomplete: bool) -> Report<P> {
        Report {
            states: self.trail.len(),
            transitions: self.transitions,
            depth: self.depth,
            violation,
            incomplete,
        }
    }

    /// The moves from the start to state `id`: its path up the trail, replayed from the start
    /// (each state's moves listed again, as the search listed them, and the one at the place the
    /// trail kept taken).
    fn moves_to(&self, id: u32) -> Vec<Move<P>> {
        let mut places = Vec::new();
        let mut at = id;
        while at != 0 {
            let Some(&(parent, place)) = self.trail.get(at as usize) else {
                break;
            };
            places.push(place);
            at = parent;
        }
        let mut state = self.root.clone();
        let mut next = self.root.clone();
        let mut picks = Vec::new();
        let mut moves = Vec::with_capacity(places.len());
        for place in places.into_iter().rev() {
            picks.clear();
            state.picks_into(&self.scope, &mut picks);
            if place as usize >= picks.len() {
                break;
            }
            let pick = picks.swap_remove(place as usize);
            next.step_from(&state, &pick, &mut Held::Other);
            moves.push(state.move_of(pick));
            std::mem::swap(&mut state, &mut next);
        }
        moves
    }

    fn explore_one(&mut self) {
        let Some((id, level, node)) = self.queue.pop_front() else {
            self.done = Some(self.report(None, self.cut));
            return;
        };
        self.depth = self.depth.max(level);
        if level >= self.limits.depth {
            self.cut = true;
            return;
        }
        if let Some((_, _, ahead)) = self.queue.get(PREFETCH_AHEAD) {
            let mut want = Prefetch::new();
            want.slice(&ahead.sent);
            want.slice(&ahead.parts);
            ahead.world.state.prefetch(&mut want);
        }
        // What the properties compare each step with: the same for every move from `node`.
        let before = match self.before.take() {
            Some(mut before) => {
                node.world.state.before_into(&mut before);
                before
            }
            None => node.world.state.before(),
        };
        let mut picks = std::mem::take(&mut self.picks);
        node.picks_into(&self.scope, &mut picks);
        let mut held = Held::Other;
        for (place, pick) in (0u32..).zip(picks.drain(..)) {
            if self.spare.is_empty() {
                self.spare.push(node.clone());
                held = Held::Other;
            }
            let Some(next) = self.spare.last_mut() else {
                continue;
            };
            if !next.step_from(&node, &pick, &mut held) {
                continue;
            }
            self.transitions += 1;
            // Every step is checked, also one into a state already seen: a property about the step
            // ("promises only go up") may break on another way into it. A property of the state
            // alone was checked when the state was first found.
            let new = self.seen.insert(next.fingerprint_after(&node, held));
            let broke = next.broken(&before, new);
            if !new && broke.is_none() {
                // A known state: the scratch state is stepped into again by the next move.
                continue;
            }
            let Ok(next_id) = u32::try_from(self.trail.len()) else {
                // The trail names a state by a 32-bit number: a search of more states stops here.
                self.done = Some(self.report(None, true));
                return;
            };
            self.trail.push((id, place));
            if let Some((invariant, why)) = broke {
                self.depth = level + 1;
                let moves = self.moves_to(next_id);
                self.done = Some(self.report(
                    Some(Counterexample {
                        invariant,
                        why,
                        moves,
                    }),
                    false,
                ));
                return;
            }
            if self.trail.len() >= self.limits.states {
                self.depth = self.depth.max(level + 1);
                self.done = Some(self.report(None, true));
                return;
            }
            if let Some(next) = self.spare.pop() {
                self.queue.push_back((next_id, level + 1, next));
            }
            held = Held::Other;
        }
        self.picks = picks;
        self.before = Some(before);
        if self.spare.len() < SPARE {
            self.spare.push(node);
        }
    }
}

/// Searches every state reachable in `scope`, breadth first, up to `limit` states.
pub fn search<P: Checkable>(scope: &P::Scope, limit: usize) -> Result<Report<P>, String> {
    search_within(scope, Limits::states(limit))
}

/// Checks a protocol's [`Checkable::restore`] against a full copy, on the first `limit` states of a
/// breadth-first search of `scope`: from each, every move is taken into a copy of the state, and the
/// copy restored must equal the state again; and the fingerprint of the state after the move,
/// rehashing only the part of the node it changed, must equal the one hashing all. `Err` names the
/// first move after which either fails (its step changed a node other than the one named);
/// `Ok`: how many were restored.
pub fn restores_exactly<P>(scope: &P::Scope, limit: usize) -> Result<usize, String>
where
    P: Checkable + PartialEq + std::fmt::Debug,
{
    let mut root = CheckState::<P>::root(scope)?;
    let mut seen = Seen::default();
    seen.insert(root.fingerprint_anew());
    let mut queue = VecDeque::from([root]);
    let (mut found, mut restored) = (1, 0);
    let mut picks = Vec::new();
    while let Some(from) = queue.pop_front() {
        picks.clear();
        from.picks_into(scope, &mut picks);
        for pick in picks.drain(..) {
            let mut next = from.clone();
            let mut held = Held::Other;
            if !next.step_from(&from, &pick, &mut held) {
                continue;
            }
            if let Held::After(node) = held {
                let mut undone = next.clone();
                undone.restore(&from, node);
                if undone.world != from.world || undone.sent.len() != from.sent.len() {
                    return Err(format!(
                        "restoring {node} after {:?} leaves {:?}, not {:?}",
                        from.move_of(pick),
                        undone.world.state,
                        from.world.state
                    ));
                }
                restored += 1;
            }
            let fingerprint = next.fingerprint_after(&from, held);
            if fingerprint != next.fingerprint() {
                return Err(format!(
                    "after {:?}, rehashing the changed part differs from hashing all",
                    from.move_of(pick)
                ));
            }
            if found < limit && seen.insert(fingerprint) {
                found += 1;
                queue.push_back(next);
            }
        }
    }
    Ok(restored)
}

/// [`search`] within `limits` (a depth limit shows that no shorter counterexample exists).
pub fn search_within<P: Checkable>(scope: &P::Scope, limits: Limits) -> Result<Report<P>, String> {
    let mut s = Search::<P>::new(scope, limits)?;
    while s.run(usize::MAX).is_none() {}
    s.finish()
        .ok_or_else(|| "the search stopped without a report".to_string())
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
                            "step {}: no messenger from {from} to {to} carries the message the search delivered",
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
