//! The CORFU world: the wiring of sequencer, storage units, clients, projections and messengers.
//! Applies one [`Action`] at a time (one command dispatch), delivers a messenger to its role's handler,
//! crashes and recovers nodes, fires client timers, and checks the invariants after every step.
//!
//! The rules of each role live with the role: [`super::projection`] (mapping, installing a projection),
//! [`super::sequencer`] (tokens, the tail), [`super::unit`] (write-once, seal, trim, state transfer)
//! and [`super::client`] (append, read, fill, retries, seal and reconfigure).

use super::action::{Action, ActionError};
use super::client::Client;
pub use super::client::{ClientTimer, PositionState, TimerKind};
use super::config::{Config, ConfigError};
use super::event::Event;
use super::invariants::{self, Ghost, Invariant};
use super::message::Msg;
use super::node::NodeId;
pub use super::projection::Projection;
pub use super::sequencer::Sequencer;
use super::unit::Unit;
use crate::sim::{self, Messenger, Out, Property, Protocol, Travel};
use serde::{Deserialize, Serialize};

/// CORFU's nodes and ghost state: the protocol half of [`World`].
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Corfu {
    pub config: Config,
    pub sequencer: Sequencer,
    /// All units, spares included (U1..).
    pub units: Vec<Unit>,
    pub clients: Vec<Client>,
    /// Every projection so far; the last one is current.
    pub projections: Vec<Projection>,
    pub timers: Vec<ClientTimer>,
    pub(super) next_timer: u64,
    pub ghost: Ghost,
}

/// The CORFU world: the kit's world (clock, messengers, RNG, broken invariants) around [`Corfu`].
pub type World = sim::World<Corfu>;

/// What one step did.
pub type Step = sim::StepOf<Corfu>;

pub(super) fn err<T>(why: String) -> Result<T, ActionError> {
    Err(ActionError::Refused(why))
}

impl World {
    pub fn new(config: Config) -> Result<World, ConfigError> {
        config.validate()?;
        Ok(World::build(config))
    }

    /// The lecture's default cluster (4 units in 2 chains of 2, a spare, 3 clients); cannot fail.
    pub fn lecture_default() -> World {
        World::build(Config::new(5))
    }

    fn build(config: Config) -> World {
        let chains: Vec<Vec<NodeId>> = (0..config.units / config.replicas)
            .map(|c| {
                (0..config.replicas)
                    .map(|r| NodeId::unit(c * config.replicas + r))
                    .collect()
            })
            .collect();
        let seed = config.seed;
        let corfu = Corfu {
            sequencer: Sequencer::new(),
            units: vec![Unit::default(); config.units + config.spares],
            clients: vec![Client::default(); config.clients],
            projections: vec![Projection { epoch: 0, chains }],
            timers: Vec::new(),
            next_timer: 0,
            ghost: Ghost::default(),
            config,
        };
        sim::World::with(corfu, seed)
    }

    /// Where log position `position` stands: free, held by a writer, landing, a hole, or written.
    pub fn position_state(&self, position: u64) -> PositionState {
        self.state.position_state_in(&self.network, position)
    }
}

impl Corfu {
    pub fn nodes(&self) -> Vec<NodeId> {
        std::iter::once(NodeId::Sequencer)
            .chain((0..self.units.len()).map(NodeId::unit))
            .chain((0..self.clients.len()).map(NodeId::client))
            .collect()
    }

    pub fn has(&self, n: NodeId) -> bool {
        match n {
            NodeId::Sequencer => true,
            NodeId::Unit(i) => i >= 1 && usize::from(i) <= self.units.len(),
            NodeId::Client(i) => i >= 1 && usize::from(i) <= self.clients.len(),
        }
    }

    pub fn is_crashed(&self, n: NodeId) -> bool {
        match n {
            NodeId::Sequencer => self.sequencer.crashed,
            NodeId::Unit(_) => self.units.get(n.index()).is_some_and(|u| u.crashed),
            NodeId::Client(_) => self.clients.get(n.index()).is_some_and(|c| c.crashed),
        }
    }

    /// Checks one of CORFU's own commands without changing anything.
    fn check_command(&self, action: &Action) -> Result<(), ActionError> {
        match action {
            Action::Append { client, value } => self.check_append(*client, value),
            Action::Read { client, position } => self.check_read(*client, *position, false),
            Action::Fill { client, position } => self.check_read(*client, *position, true),
            Action::Reconfigure { client, replace } => {
                self.ready_client(*client)?;
                if let Some((old, new)) = replace {
                    self.check_replace(old, new)?;
                }
                Ok(())
            }
            Action::Trim { upto } => self.check_trim(*upto),
            _ => Ok(()),
        }
    }

    fn deliver(&mut self, m: Messenger<NodeId, Msg>, out: &mut Out<'_, Corfu>) {
        match m.to {
            NodeId::Sequencer => {
                let reply = self
                    .sequencer
                    .receive(m.from, m.payload, &mut self.ghost, out);
                if let Some(reply) = reply {
                    out.send(m.to, m.from, reply, 0);
                }
            }
            NodeId::Unit(_) => {
                let writer = match m.from {
                    NodeId::Client(_) => self.clients.get(m.from.index()),
                    _ => None,
                };
                let variant = self.config.variant;
                let Some(unit) = self.units.get_mut(m.to.index()) else {
                    return;
                };
                let reply = unit.receive(
                    m.to,
                    m.from,
                    &m.payload,
                    writer,
                    variant,
                    &mut self.ghost,
                    out,
                );
                if let Some(reply) = reply {
                    out.send(m.to, m.from, reply, 0);
                }
            }
            NodeId::Client(_) => self.client_receives(m, out),
        }
    }

    /// The world loses the messengers heading to `node` right after this.
    fn crash(&mut self, node: NodeId, out: &mut Out<'_, Corfu>) {
        // The position this client holds (its token in hand and not yet on its whole chain).
        let mut held = None;
        match node {
            NodeId::Sequencer => self.sequencer.crash(),
            NodeId::Unit(_) => {
                if let Some(u) = self.units.get_mut(node.index()) {
                    u.crashed = true;
                }
            }
            NodeId::Client(_) => {
                held = self.client_mut(node).and_then(Client::crash);
                self.timers.retain(|t| t.client != node);
            }
        }
        // A client that dies with its position still on the way to it held that position too.
        for m in out.network().in_flight().iter().filter(|m| m.to == node) {
            if let Msg::Token { position, .. } = m.payload {
                held = held.or(Some(position));
            }
        }
        // What it left behind is judged without the messengers it will never receive.
        let mut net = out.network().clone();
        net.lose_all_to(node);
        let (hole, unfinished) = self.left_behind(&net, node, held);
        out.push(Event::Crashed {
            node,
            hole,
            unfinished,
        });
    }

    fn recover(&mut self, node: NodeId, out: &mut Out<'_, Corfu>) {
        match node {
            NodeId::Sequencer => self.sequencer.crashed = false,
            NodeId::Unit(_) => {
                if let Some(u) = self.units.get_mut(node.index()) {
                    u.crashed = false;
                }
            }
            NodeId::Client(_) => {
                let epoch = self.projection().epoch;
                if let Some(c) = self.client_mut(node) {
                    c.recover(epoch);
                }
            }
        }
        out.push(Event::Recovered { node });
    }

    fn fire(&mut self, id: u64, out: &mut Out<'_, Corfu>) {
        let Some(i) = self.timers.iter().position(|t| t.id == id) else {
            return;
        };
        let t = self.timers.remove(i);
        // Timers that no longer matter are forgotten once time has passed them.
        let now = out.now;
        let keep: Vec<bool> = self
            .timers
            .iter()
            .map(|x| x.due > now || self.live(x))
            .collect();
        let mut k = keep.into_iter();
        self.timers.retain(|_| k.next().unwrap_or(true));
        if !self.live(&t) {
            return;
        }
        self.timer_fires(t, out);
    }
}

impl Protocol for Corfu {
    type Node = NodeId;
    type Msg = Msg;
    type Action = Action;
    type Event = Event;
    type Invariant = Invariant;
    type Error = ActionError;
    type Before = ();
    type Config = Config;

    const NAME: &'static str = "corfu";

    fn start(config: &Config) -> Result<World, String> {
        World::new(config.clone()).map_err(|e| e.to_string())
    }

    fn config(&self) -> &Config {
        &self.config
    }

    crate::fault_verbs!(Action, NodeId);

    fn nodes(&self) -> Vec<NodeId> {
        Corfu::nodes(self)
    }

    fn roster(&self) -> String {
        format!(
            "this log has S, U1..U{} and C1..C{}",
            self.units.len(),
            self.clients.len()
        )
    }

    fn idle(&self) -> &'static str {
        "no reader is waiting"
    }

    fn has(&self, node: NodeId) -> bool {
        Corfu::has(self, node)
    }

    fn is_crashed(&self, node: NodeId) -> bool {
        Corfu::is_crashed(self, node)
    }

    fn travel(&self) -> Travel {
        Travel::Between(self.config.latency.min, self.config.latency.max)
    }

    fn next_timer(&self) -> Option<(u64, u64)> {
        self.next_timer_due()
    }

    fn check_command(world: &World, action: &Action) -> Result<(), ActionError> {
        world.state.check_command(action)
    }

    fn on_command(&mut self, out: &mut Out<'_, Corfu>, action: &Action) {
        match action {
            Action::Append { client, value } => self.append(*client, value, out),
            Action::Read { client, position } => {
                *self.ghost.reads.entry(*client).or_default() += 1;
                self.read_tail(*client, *position, out)
            }
            Action::Fill { client, position } => {
                *self.ghost.reads.entry(*client).or_default() += 1;
                self.fill(*client, *position, out)
            }
            Action::Reconfigure { client, replace } => self.start_seal(*client, *replace, out),
            Action::Trim { upto } => self.trim(*upto, out),
            _ => {}
        }
    }

    fn on_message(&mut self, out: &mut Out<'_, Corfu>, m: Messenger<NodeId, Msg>) {
        self.deliver(m, out);
    }

    fn on_timer(&mut self, out: &mut Out<'_, Corfu>, id: u64) {
        self.fire(id, out);
    }

    fn on_crash(&mut self, out: &mut Out<'_, Corfu>, node: NodeId) {
        self.crash(node, out);
    }

    fn on_recover(&mut self, out: &mut Out<'_, Corfu>, node: NodeId) {
        self.recover(node, out);
    }

    fn before(&self) {}

    fn properties() -> &'static [Property<Corfu>] {
        invariants::PROPERTIES
    }

    fn words(&self, step: &Step) -> Vec<sim::Line<NodeId>> {
        sim::words::step_lines(step, |_| None, super::transcript::lines)
    }
}
