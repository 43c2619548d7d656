//! CORFU in the exhaustive checker's scope (src/sim/check.rs): a few storage units in chains, a few
//! clients that each append, read or fill a bounded number of times, crashes and reconfigurations on
//! or off, and any variant (each broken variant removes one rule of CORFU, so the search shows what
//! that rule protects).
//!
//! What the abstraction leaves out, and why safety does not rest on it:
//! - **Timers.** The checker has no clock, so no timer fires: a reader that found a position unwritten
//!   waits for ever, and a client that hears nothing never retries. A fill after any wait is still
//!   explored: a reader's fill command (a fill at once) may come at any point of any interleaving. A
//!   retry sends a request again, for which the search's redelivery of every message stands in (a
//!   retry's new request number only tells the client which answer to take).
//! - **Positions from [`POSITIONS`] on.** The sequencer hands out a new position each time a token
//!   request reaches it, also a duplicated one (which leaves a hole), so the log has no end in the
//!   search's world, where every message can arrive again. A token for a position from [`POSITIONS`]
//!   on is left out (as if lost: its writer never hears back), nobody reads or fills those positions,
//!   and the search does not tell apart states that differ only in how far past them the sequencer
//!   has counted.
//! - **Trim** is not in the scope.
//!
//! A reconfiguration with two clients or more makes a scope without end: a client refused "sealed"
//! before the next projection is installed refreshes (to the same, current projection) and asks
//! again at once, with a new request number, for as long as the installation waits. (In the real
//! world that is a busy loop until the installation, not a safety matter.)
//!
//! Every other message is explored.

use super::action::Action;
use super::config::{Config, Variant};
use super::invariants::{Ghost, Invariant};
use super::message::{Msg, Page};
use super::node::NodeId;
use super::world::{Corfu, Sequencer, World};
use crate::sim::check::Checkable;
use std::fmt;
use std::hash::{Hash, Hasher};

/// How far the search looks. Clients C1.. are the writers, then come the readers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scope {
    /// Storage units in the first projection, in chains of `replicas`.
    pub units: usize,
    /// Replicas per chain.
    pub replicas: usize,
    /// Spare units, for a reconfiguration that replaces a unit.
    pub spares: usize,
    /// Clients that append, `appends` times each.
    pub writers: usize,
    pub appends: usize,
    /// Clients that read or fill positions below the log's tail, `reads` times each.
    pub readers: usize,
    pub reads: usize,
    /// Epochs installed by reconfigurations (0: the projection never changes); any client may
    /// reconfigure.
    pub reconfigurations: usize,
    pub crashes: bool,
    pub variant: Variant,
}

impl Default for Scope {
    /// The standard scope: one chain of 2 units, 2 writers appending once each and a reader that
    /// reads or fills once; no spares, reconfigurations or crashes.
    fn default() -> Scope {
        Scope {
            units: 2,
            replicas: 2,
            spares: 0,
            writers: 2,
            appends: 1,
            readers: 1,
            reads: 1,
            reconfigurations: 0,
            crashes: false,
            variant: Variant::Correct,
        }
    }
}

impl Scope {
    /// The scope `variant` is searched in (by the tests and the CLI): the standard one.
    pub fn of(variant: Variant) -> Scope {
        Scope {
            variant,
            ..Scope::default()
        }
    }
}

impl Scope {
    /// The scope without its variant: "2 units in chains of 2, no spares, 2 writers appending once
    /// each, 1 reader reading or filling once, no reconfigurations, positions 0 to 1, crashes off"
    /// (the break-it lab's words for it).
    pub fn extent(&self) -> String {
        let doing = |n: usize, who: &str, what: &str, times_each: usize| match n {
            0 => count(0, who),
            n => format!("{} {what} {}", count(n, who), times(times_each, n)),
        };
        format!(
            "{} in chains of {}, {}, {}, {}, {}, positions 0 to {}, crashes {}",
            count(self.units, "unit"),
            self.replicas,
            count(self.spares, "spare"),
            doing(self.writers, "writer", "appending", self.appends),
            doing(self.readers, "reader", "reading or filling", self.reads),
            count(self.reconfigurations, "reconfiguration"),
            POSITIONS - 1,
            if self.crashes { "on" } else { "off" },
        )
    }
}

impl fmt::Display for Scope {
    /// "2 units in chains of 2, no spares, 2 writers appending once each, 1 reader reading or filling
    /// once, no reconfigurations, positions 0 to 1, crashes off, correct".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}, {}", self.extent(), self.variant.name())
    }
}

/// "no spares", "1 writer", "2 units".
fn count(n: usize, what: &str) -> String {
    match n {
        0 => format!("no {what}s"),
        1 => format!("1 {what}"),
        n => format!("{n} {what}s"),
    }
}

/// "once", "twice each" (for 2 clients), "3 times".
fn times(n: usize, clients: usize) -> String {
    let n = match n {
        1 => "once".to_string(),
        2 => "twice".to_string(),
        n => format!("{n} times"),
    };
    if clients > 1 {
        format!("{n} each")
    } else {
        n
    }
}

/// The log positions the search explores: 0 and 1.
pub const POSITIONS: u64 = 2;

/// What client `i` appends the `k`-th time (from 0): a dish, numbered from its second append on.
fn entry(i: usize, k: usize) -> String {
    const DISHES: [&str; 4] = ["pizza", "tacos", "sushi", "curry"];
    let dish = DISHES[i % DISHES.len()];
    match k {
        0 => dish.to_string(),
        k => format!("{dish} {}", k + 1),
    }
}

impl Checkable for Corfu {
    type Scope = Scope;

    fn scope_config(scope: &Scope) -> Config {
        Config {
            units: scope.units,
            replicas: scope.replicas,
            spares: scope.spares,
            clients: scope.writers + scope.readers,
            variant: scope.variant,
            ..Config::new(1)
        }
    }

    /// An idle client that is up: a writer appends while it has appends left; a reader reads or fills
    /// each position below the log's tail (and below [`POSITIONS`]) while it has reads left; any
    /// client seals and installs the next epoch (keeping the units, or replacing one with a spare)
    /// while epochs are left. The world's checks drop what does not apply (a fill past the tail, a
    /// replacement that would lose positions).
    fn commands(w: &World, scope: &Scope) -> Vec<Action> {
        let tail = w.log_tail().min(POSITIONS);
        let current = w.projection().units();
        let spares: Vec<NodeId> = (0..w.units.len())
            .map(NodeId::unit)
            .filter(|u| !current.contains(u))
            .collect();
        let mut actions = Vec::new();
        for i in 0..w.clients.len() {
            let client = NodeId::client(i);
            if w.ready_client(client).is_err() {
                continue;
            }
            if i < scope.writers {
                let appended = w
                    .ghost
                    .appends
                    .iter()
                    .filter(|a| matches!(&a.page, Page::Data { client: c, .. } if *c == client))
                    .count();
                if appended < scope.appends {
                    actions.push(Action::Append {
                        client,
                        value: entry(i, appended),
                    });
                }
            } else if w.ghost.reads.get(&client).map_or(0, |n| *n as usize) < scope.reads {
                for position in 0..tail {
                    actions.push(Action::Read { client, position });
                    actions.push(Action::Fill { client, position });
                }
            }
            if w.projection().epoch < scope.reconfigurations as u64 {
                actions.push(Action::Reconfigure {
                    client,
                    replace: None,
                });
                for old in &current {
                    for new in &spares {
                        actions.push(Action::Reconfigure {
                            client,
                            replace: Some((*old, *new)),
                        });
                    }
                }
            }
        }
        actions
    }

    fn crashes(scope: &Scope) -> bool {
        scope.crashes
    }

    /// Every message but a token for a position from [`POSITIONS`] on.
    fn explored(msg: &Msg) -> bool {
        !matches!(msg, Msg::Token { position, .. } if *position >= POSITIONS)
    }

    /// What a delivery can no longer change. A client's request numbers only grow (also across a
    /// crash), and it takes a reply only as the answer to its latest request: so an answer to an
    /// earlier request changes nothing ever again, nor does a request of an earlier number that
    /// leaves the unit as it is: a read, a seal of an epoch the unit has reached, a write from an
    /// epoch the unit is sealed past (epochs only grow). Nor does a rebuild of an epoch the
    /// sequencer has reached.
    fn dead(&self, from: NodeId, to: NodeId, msg: &Msg) -> bool {
        let latest = |c: NodeId| self.client(c).map_or(0, |c| c.request);
        let unit_epoch = self.units.get(to.index()).map_or(0, |u| u.epoch);
        match (to, msg) {
            (NodeId::Client(_), reply) => reply.answers().is_some_and(|r| r < latest(to)),
            (NodeId::Unit(_), Msg::Read { request, .. }) => *request < latest(from),
            (NodeId::Unit(_), Msg::Seal { epoch, request }) => {
                *request < latest(from) && *epoch <= unit_epoch
            }
            (NodeId::Unit(_), Msg::Write { epoch, request, .. }) => {
                *request < latest(from) && *epoch < unit_epoch
            }
            (NodeId::Sequencer, Msg::Rebuild { epoch, .. }) => *epoch <= self.sequencer.epoch,
            _ => false,
        }
    }

    /// Every property is about a state (the problems noticed as they happened are kept in the
    /// ghost): none needs checking again on another way into a known state.
    fn about_steps(_invariant: Invariant) -> bool {
        false
    }

    /// The sequencer, units and projections; each client's task, epoch, crash flag and latest request
    /// number; the ghost record the properties read. Not the timers (none fires in the search), nor
    /// what only the transcript uses (whether a fill followed a wait, which positions were written
    /// before their token came).
    ///
    /// Positions from [`POSITIONS`] on are never written or read in the search, so how far past them
    /// the sequencer has counted makes no difference: its tail and the ghost's tokens are hashed up to
    /// [`POSITIONS`] only.
    fn fingerprint<H: Hasher>(&self, h: &mut H) {
        let Sequencer {
            epoch,
            tail,
            crashed,
        } = &self.sequencer;
        (epoch, tail.map(|t| t.min(POSITIONS)), crashed).hash(h);
        (&self.units, &self.projections).hash(h);
        for c in &self.clients {
            (&c.task, c.epoch, c.crashed, c.request).hash(h);
        }
        let Ghost {
            accepted,
            problems,
            tokens,
            first_reads,
            acked,
            appends,
            appending,
            reads,
        } = &self.ghost;
        (
            accepted,
            problems,
            first_reads,
            acked,
            appends,
            appending,
            reads,
        )
            .hash(h);
        for t in tokens.iter().filter(|(_, p)| *p < POSITIONS) {
            t.hash(h);
        }
    }
}
