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
use super::invariants::{self, Ghost, Violation};
use super::message::Msg;
use super::node::NodeId;
pub use super::projection::Projection;
pub use super::sequencer::Sequencer;
use super::unit::Unit;
use crate::sim::LossCause;
use crate::sim::NetEvent;
use crate::sim::{Messenger, MessengerId, Network, SeededRng, Simulation};
use crate::synod::action::MAX_DELAY;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct World {
    pub config: Config,
    pub now: u64,
    pub sequencer: Sequencer,
    /// All units, spares included (U1..).
    pub units: Vec<Unit>,
    pub clients: Vec<Client>,
    /// Every projection so far; the last one is current.
    pub projections: Vec<Projection>,
    pub network: Network<NodeId, Msg>,
    pub rng: SeededRng,
    pub timers: Vec<ClientTimer>,
    pub(super) next_timer: u64,
    pub ghost: Ghost,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Step {
    pub events: Vec<Event>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub violations: Vec<Violation>,
}

pub(super) fn err<T>(why: String) -> Result<T, ActionError> {
    Err(ActionError(why))
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
        World {
            now: 0,
            sequencer: Sequencer::new(),
            units: vec![Unit::default(); config.units + config.spares],
            clients: vec![Client::default(); config.clients],
            projections: vec![Projection { epoch: 0, chains }],
            network: Network::default(),
            rng: SeededRng::new(config.seed),
            timers: Vec::new(),
            next_timer: 0,
            ghost: Ghost::default(),
            config,
        }
    }

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

    pub fn check(&self, action: &Action) -> Result<(), ActionError> {
        let in_flight = |id: MessengerId| match self.network.get(id) {
            Some(_) => Ok(()),
            None => err(format!("messenger {id} is not in flight")),
        };
        match action {
            Action::Deliver(id) | Action::Drop(id) | Action::Duplicate(id) => in_flight(*id),
            Action::Delay { id, by } => {
                in_flight(*id)?;
                if *by == 0 || *by > MAX_DELAY {
                    return err(format!(
                        "a delay of {by} is out of range: choose 1 to {MAX_DELAY}"
                    ));
                }
                Ok(())
            }
            Action::Crash(n) | Action::Recover(n) => {
                if !self.has(*n) {
                    return err(format!(
                        "unknown node {n}: this log has S, U1..U{} and C1..C{}",
                        self.units.len(),
                        self.clients.len()
                    ));
                }
                match (action, self.is_crashed(*n)) {
                    (Action::Crash(_), true) => err(format!("{n} is already crashed")),
                    (Action::Recover(_), false) => err(format!("{n} is not crashed")),
                    _ => Ok(()),
                }
            }
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
            Action::Tick => {
                if self.network.next_due().is_some() || self.next_timer_due().is_some() {
                    Ok(())
                } else {
                    err("nothing is due: no messenger is in flight and no reader is waiting".into())
                }
            }
        }
    }

    pub(super) fn send(&mut self, from: NodeId, to: NodeId, msg: Msg, out: &mut Vec<Event>) {
        let latency = self
            .rng
            .between(self.config.latency.min, self.config.latency.max);
        let m = self.network.send(from, to, msg, self.now, latency, 0);
        out.push(Event::Net(NetEvent::Sent {
            id: m.id,
            from,
            to,
            msg: m.payload.clone(),
            due: m.due_at,
            copy_of: None,
        }));
    }

    pub(super) fn lost(m: Messenger<NodeId, Msg>, cause: LossCause) -> Event {
        Event::Net(NetEvent::Lost {
            id: m.id,
            from: m.from,
            to: m.to,
            msg: m.payload,
            cause,
        })
    }

    fn deliver(&mut self, id: MessengerId, out: &mut Vec<Event>) {
        let Some(to) = self.network.get(id).map(|m| m.to) else {
            return;
        };
        if self.is_crashed(to) {
            if let Some(m) = self.network.lose(id) {
                out.push(Self::lost(m, LossCause::ReceiverCrashed));
            }
            return;
        }
        let Some(m) = self.network.take(id) else {
            return;
        };
        out.push(Event::Net(NetEvent::Delivered {
            id: m.id,
            from: m.from,
            to: m.to,
            msg: m.payload.clone(),
        }));
        match m.to {
            NodeId::Sequencer => {
                let reply = self
                    .sequencer
                    .receive(m.from, m.payload, &mut self.ghost, out);
                if let Some(reply) = reply {
                    self.send(m.to, m.from, reply, out);
                }
            }
            NodeId::Unit(_) => {
                let writer = match m.from {
                    NodeId::Client(_) => self.clients.get(m.from.index()),
                    _ => None,
                };
                let Some(unit) = self.units.get_mut(m.to.index()) else {
                    return;
                };
                let reply = unit.receive(m.to, m.from, &m.payload, writer, &mut self.ghost, out);
                if let Some(reply) = reply {
                    self.send(m.to, m.from, reply, out);
                }
            }
            NodeId::Client(_) => self.client_receives(m, out),
        }
    }

    fn crash(&mut self, node: NodeId, out: &mut Vec<Event>) {
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
        let lost = self.network.lose_all_to(node);
        // A client that dies with its position still on the way to it held that position too.
        for m in &lost {
            if let Msg::Token { position, .. } = m.payload {
                held = held.or(Some(position));
            }
        }
        let (hole, unfinished) = self.left_behind(node, held);
        out.push(Event::Crashed {
            node,
            hole,
            unfinished,
        });
        for m in lost {
            out.push(Self::lost(m, LossCause::ReceiverCrashed));
        }
    }

    fn recover(&mut self, node: NodeId, out: &mut Vec<Event>) {
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

    fn fire(&mut self, id: u64, out: &mut Vec<Event>) {
        let Some(i) = self.timers.iter().position(|t| t.id == id) else {
            return;
        };
        let t = self.timers.remove(i);
        // Timers that no longer matter are forgotten once time has passed them.
        let now = self.now;
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

impl Simulation for World {
    type Action = Action;
    type Outcome = Step;
    type Error = ActionError;

    fn apply(&mut self, action: &Action) -> Result<Step, ActionError> {
        self.check(action)?;
        let mut out = Vec::new();
        match action {
            Action::Deliver(id) => self.deliver(*id, &mut out),
            Action::Drop(id) => {
                if let Some(m) = self.network.lose(*id) {
                    out.push(Self::lost(m, LossCause::Dropped));
                }
            }
            Action::Duplicate(id) => {
                let latency = self
                    .rng
                    .between(self.config.latency.min, self.config.latency.max);
                if let Some(m) = self.network.duplicate(*id, self.now, latency) {
                    out.push(Event::Net(NetEvent::Sent {
                        id: m.id,
                        from: m.from,
                        to: m.to,
                        msg: m.payload.clone(),
                        due: m.due_at,
                        copy_of: m.copy_of,
                    }));
                }
            }
            Action::Delay { id, by } => {
                if let Some(due) = self.network.delay(*id, *by) {
                    if let Some(m) = self.network.get(*id) {
                        out.push(Event::Net(NetEvent::Delayed {
                            id: *id,
                            from: m.from,
                            to: m.to,
                            msg: m.payload.clone(),
                            due,
                        }));
                    }
                }
            }
            Action::Crash(n) => self.crash(*n, &mut out),
            Action::Recover(n) => self.recover(*n, &mut out),
            Action::Append { client, value } => self.append(*client, value, &mut out),
            Action::Read { client, position } => self.read_tail(*client, *position, &mut out),
            Action::Fill { client, position } => self.fill(*client, *position, &mut out),
            Action::Reconfigure { client, replace } => self.start_seal(*client, *replace, &mut out),
            Action::Trim { upto } => self.trim(*upto, &mut out),
            Action::Tick => {
                let messenger = self.network.next_due().map(|m| (m.due_at, m.id));
                let timer = self.next_timer_due();
                match (messenger, timer) {
                    (Some((due, id)), Some((tdue, _))) if due <= tdue => {
                        self.now = self.now.max(due);
                        self.deliver(id, &mut out);
                    }
                    (Some((due, id)), None) => {
                        self.now = self.now.max(due);
                        self.deliver(id, &mut out);
                    }
                    (_, Some((due, id))) => {
                        self.now = self.now.max(due);
                        self.fire(id, &mut out);
                    }
                    (None, None) => {}
                }
            }
        }
        let mut violations = invariants::check(self);
        violations.retain(|v| self.ghost.broken.insert(v.invariant));
        Ok(Step {
            events: out,
            violations,
        })
    }
}
