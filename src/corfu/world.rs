//! The CORFU world: sequencer, storage units, clients, projections and messengers. Applies one
//! [`Action`] at a time, reports [`Event`]s, and checks the invariants after every step.

use super::action::{Action, ActionError};
use super::client::{Client, Task};
use super::config::{Config, ConfigError};
use super::event::{Event, Unfinished};
use super::invariants::{self, Ghost, Violation};
use super::message::{Msg, Page, UnitError};
use super::node::NodeId;
use super::unit::Unit;
use crate::sim::LossCause;
use crate::sim::NetEvent;
use crate::sim::{Messenger, MessengerId, Network, SeededRng, Simulation};
use crate::synod::action::MAX_DELAY;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// Which units hold which positions in an epoch: position `p` lives on `chains[p % chains.len()]`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Projection {
    pub epoch: u64,
    pub chains: Vec<Vec<NodeId>>,
}

impl Projection {
    pub fn chain(&self, position: u64) -> &[NodeId] {
        let n = self.chains.len().max(1) as u64;
        self.chains
            .get((position % n) as usize)
            .map_or(&[], |c| c.as_slice())
    }

    pub fn units(&self) -> Vec<NodeId> {
        self.chains.iter().flatten().copied().collect()
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Sequencer {
    pub epoch: u64,
    /// The next position to hand out; `None` after a crash until a reconfiguration rebuilds it.
    pub tail: Option<u64>,
    pub crashed: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimerKind {
    /// A reader's wait before filling a hole.
    Fill { position: u64 },
    /// A client heard no answer to its request number `request`: it tries its current step again, as a
    /// new request (CORFU clients time out and retry; a retried write that already landed is answered
    /// "overwritten" with its own page). Once the client has sent a newer request, or the answer came,
    /// the timer no longer matters.
    Retry { request: u64 },
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ClientTimer {
    pub id: u64,
    pub due: u64,
    pub client: NodeId,
    pub kind: TimerKind,
}

/// Where a log position stands, as a fact of the run (what the strip draws and the transcript says).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PositionState {
    /// The sequencer has not handed it out (in any epoch): nobody has been given it yet.
    Free,
    /// Handed out; `client` holds its token (in hand, or on the way to it) and nothing is written yet.
    Held(NodeId),
    /// Handed out; nothing is written yet, but a write of an entry to it is on the way.
    Landing,
    /// Handed out, nothing written, no write on the way, and nobody holds its token any more (its
    /// writer crashed, or moved on): nobody will ever write it. A reader must fill it.
    Hole,
    /// Some replica holds it (data, junk, or trimmed).
    Written,
}

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
    next_timer: u64,
    pub ghost: Ghost,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Step {
    pub events: Vec<Event>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub violations: Vec<Violation>,
}

fn err<T>(why: String) -> Result<T, ActionError> {
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
            sequencer: Sequencer {
                epoch: 0,
                tail: Some(0),
                crashed: false,
            },
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

    pub fn projection(&self) -> &Projection {
        // There is always at least the first projection.
        &self.projections[self.projections.len() - 1]
    }

    /// The projection `client` believes in (the one of its epoch): the only units it can know of.
    pub fn projection_of(&self, client: NodeId) -> &Projection {
        let epoch = self.client(client).map(|c| c.epoch);
        epoch
            .and_then(|e| self.projections.iter().rev().find(|p| p.epoch == e))
            .unwrap_or_else(|| self.projection())
    }

    /// The log's tail: the sequencer's next position, below which every position has been handed out
    /// (CORFU §4.3: the tail is the sequencer's count). If the sequencer has lost it in a crash, the
    /// tail a reconfiguration would rebuild: one past the highest position any unit of the current
    /// projection holds (written, junk or trimmed).
    pub fn log_tail(&self) -> u64 {
        self.sequencer.tail.unwrap_or_else(|| {
            self.projection()
                .units()
                .iter()
                .filter_map(|u| self.units.get(u.index()).and_then(Unit::highest))
                .max()
                .map_or(0, |h| h + 1)
        })
    }

    /// Some unit holds `position` (data, junk or trimmed), in any projection.
    fn written_anywhere(&self, position: u64) -> bool {
        self.units.iter().any(|u| u.pages.contains_key(&position))
    }

    /// A write of an entry (not a fill's junk) to `position` is in flight, from `from` if given.
    fn data_write_in_flight(&self, position: u64, from: Option<NodeId>) -> bool {
        self.network.in_flight().iter().any(|m| {
            from.is_none_or(|f| m.from == f)
                && matches!(&m.payload, Msg::Write { position: p, page: Page::Data { .. }, .. } if *p == position)
        })
    }

    /// Where log position `position` stands: free, held by a writer, landing, a hole, or written.
    pub fn position_state(&self, position: u64) -> PositionState {
        if self.written_anywhere(position) {
            return PositionState::Written;
        }
        if !self.ghost.tokens.iter().any(|(_, p)| *p == position) {
            return PositionState::Free;
        }
        let holder = self.clients.iter().enumerate().find_map(|(i, c)| {
            let writing =
                matches!(c.task, Task::Writing { position: p, fill: false, .. } if p == position);
            (!c.crashed && writing).then_some(NodeId::client(i))
        });
        let on_the_way = || {
            self.network
                .in_flight()
                .iter()
                .find_map(|m| match m.payload {
                    Msg::Token { position: p, .. } if p == position && !self.is_crashed(m.to) => {
                        Some(m.to)
                    }
                    _ => None,
                })
        };
        if let Some(c) = holder.or_else(on_the_way) {
            return PositionState::Held(c);
        }
        if self.data_write_in_flight(position, None) {
            PositionState::Landing
        } else {
            PositionState::Hole
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

    fn client(&self, c: NodeId) -> Option<&Client> {
        match c {
            NodeId::Client(_) => self.clients.get(c.index()),
            _ => None,
        }
    }

    fn client_mut(&mut self, c: NodeId) -> Option<&mut Client> {
        match c {
            NodeId::Client(_) => self.clients.get_mut(c.index()),
            _ => None,
        }
    }

    fn ready_client(&self, c: NodeId) -> Result<(), ActionError> {
        match self.client(c) {
            None => err(format!(
                "{c} is not a client of this log (C1..C{})",
                self.clients.len()
            )),
            Some(cl) if cl.crashed => err(format!("{c} is crashed: recover it first")),
            Some(cl) if cl.task != Task::Idle => err(format!("{c} is busy: let it finish first")),
            Some(_) => Ok(()),
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
            Action::Append { client, value } => {
                self.ready_client(*client)?;
                if value.trim().is_empty()
                    || value.chars().count() > 40
                    || value.chars().any(char::is_control)
                {
                    return err("an entry needs 1 to 40 printable characters".into());
                }
                Ok(())
            }
            Action::Read { client, position } | Action::Fill { client, position } => {
                self.ready_client(*client)?;
                if *position > 1_000_000 {
                    return err(format!(
                        "position {position} is out of range (at most 1000000)"
                    ));
                }
                // A hole is a position handed out that nobody wrote (§3.4): past the tail there is none.
                let tail = self.log_tail();
                if matches!(action, Action::Fill { .. }) && *position >= tail {
                    return err(format!(
                        "position {position} is at or past the log's tail (position {tail}): nobody has been given it, so there is no hole to fill"
                    ));
                }
                Ok(())
            }
            Action::Reconfigure { client, replace } => {
                self.ready_client(*client)?;
                if let Some((old, new)) = replace {
                    let current = self.projection().units();
                    if !current.contains(old) {
                        return err(format!("{old} is not in the current projection"));
                    }
                    if !matches!(new, NodeId::Unit(_)) || !self.has(*new) || current.contains(new) {
                        return err(format!("{new} is not a spare unit"));
                    }
                    if self.is_crashed(*new) {
                        return err(format!("{new} is crashed"));
                    }
                    let chain = self.projection().chains.iter().find(|c| c.contains(old));
                    let source =
                        chain.and_then(|c| c.iter().find(|u| *u != old && !self.is_crashed(**u)));
                    if source.is_none() {
                        return err(format!(
                            "replacing {old} would lose its positions: no other live replica in its chain to copy from"
                        ));
                    }
                }
                Ok(())
            }
            Action::Trim { upto } => {
                if *upto > 1_000_000 {
                    return err(format!(
                        "trimming below {upto} is out of range (at most 1000000)"
                    ));
                }
                // Trim garbage-collects positions of the log (§3.3); a position past the tail belongs
                // to no entry yet, and trimming it would refuse every append the sequencer sends there.
                let tail = self.log_tail();
                if *upto > tail {
                    return err(format!(
                        "cannot trim below {upto}: the log's tail is position {tail}, and nobody has been given a position from there on"
                    ));
                }
                Ok(())
            }
            Action::Tick => {
                if self.network.next_due().is_some() || self.next_timer_due().is_some() {
                    Ok(())
                } else {
                    err("nothing is due: no messenger is in flight and no reader is waiting".into())
                }
            }
        }
    }

    fn send(&mut self, from: NodeId, to: NodeId, msg: Msg, out: &mut Vec<Event>) {
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

    fn lost(m: Messenger<NodeId, Msg>, cause: LossCause) -> Event {
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
            NodeId::Sequencer => self.sequencer_receives(m, out),
            NodeId::Unit(_) => self.unit_receives(m, out),
            NodeId::Client(_) => self.client_receives(m, out),
        }
    }

    fn sequencer_receives(&mut self, m: Messenger<NodeId, Msg>, out: &mut Vec<Event>) {
        match m.payload {
            Msg::TokenRequest { request } => match self.sequencer.tail {
                Some(position) => {
                    let epoch = self.sequencer.epoch;
                    self.sequencer.tail = Some(position + 1);
                    self.ghost.token(epoch, position);
                    self.send(
                        NodeId::Sequencer,
                        m.from,
                        Msg::Token {
                            position,
                            epoch,
                            request,
                        },
                        out,
                    );
                }
                None => self.send(NodeId::Sequencer, m.from, Msg::NoToken { request }, out),
            },
            // Only a newer epoch rebuilds the sequencer: a late or duplicated rebuild of the current
            // epoch would hand out its positions twice.
            Msg::Rebuild { epoch, tail } if epoch > self.sequencer.epoch => {
                self.sequencer.epoch = epoch;
                self.sequencer.tail = Some(tail);
                out.push(Event::Rebuilt { epoch, tail });
            }
            other => out.push(Event::Ignored {
                node: NodeId::Sequencer,
                from: m.from,
                msg: other,
            }),
        }
    }

    fn unit_receives(&mut self, m: Messenger<NodeId, Msg>, out: &mut Vec<Event>) {
        let me = m.to;
        let Some(unit) = self.units.get_mut(me.index()) else {
            return;
        };
        let reply = match &m.payload {
            Msg::Write {
                position,
                epoch,
                page,
                request,
            } => {
                let sealed_at = unit.epoch;
                match unit.write(*position, *epoch, page) {
                    Ok(()) => {
                        self.ghost.wrote(me, *position, page, *epoch, sealed_at);
                        out.push(Event::WriteAccepted {
                            unit: me,
                            client: m.from,
                            position: *position,
                            page: page.clone(),
                        });
                        Msg::Written {
                            position: *position,
                            page: page.clone(),
                            request: *request,
                        }
                    }
                    Err(why) => {
                        let filling = self
                            .client(m.from)
                            .is_some_and(|c| matches!(c.task, Task::Writing { fill: true, .. }));
                        let same = why == UnitError::Overwritten(page.clone());
                        let before_token = self
                            .client(m.from)
                            .is_some_and(|c| c.written_before_token.contains(position));
                        out.push(Event::WriteRefused {
                            unit: me,
                            client: m.from,
                            position: *position,
                            why: why.clone(),
                            filling,
                            same,
                            before_token,
                        });
                        Msg::WriteRefused {
                            position: *position,
                            why,
                            request: *request,
                        }
                    }
                }
            }
            Msg::Read {
                position,
                epoch,
                request,
            } => match unit.read(*position, *epoch) {
                Ok(page) => Msg::ReadOk {
                    position: *position,
                    page,
                    request: *request,
                },
                Err(why) => Msg::ReadRefused {
                    position: *position,
                    why,
                    request: *request,
                },
            },
            Msg::Seal { epoch, request } => {
                let highest = unit.seal(*epoch);
                out.push(Event::SealAnswered {
                    unit: me,
                    epoch: *epoch,
                    highest,
                });
                Msg::SealAck {
                    epoch: *epoch,
                    highest,
                    request: *request,
                }
            }
            other => {
                out.push(Event::Ignored {
                    node: me,
                    from: m.from,
                    msg: other.clone(),
                });
                return;
            }
        };
        self.send(me, m.from, reply, out);
    }

    /// Writes `page` at `position` to the `replica`-th unit of its chain, or finishes if past the tail.
    fn write_next(
        &mut self,
        client: NodeId,
        position: u64,
        page: Page,
        replica: usize,
        fill: bool,
        out: &mut Vec<Event>,
    ) {
        let epoch = self.client(client).map_or(0, |c| c.epoch);
        let chain = self.projection_of(client).chain(position).to_vec();
        match chain.get(replica) {
            Some(&unit) => {
                if let Some(c) = self.client_mut(client) {
                    c.task = Task::Writing {
                        position,
                        epoch,
                        page: page.clone(),
                        replica,
                        fill,
                    };
                }
                let request = self.new_request(client);
                self.send(
                    client,
                    unit,
                    Msg::Write {
                        position,
                        epoch,
                        page,
                        request,
                    },
                    out,
                );
                self.arm_retry(client);
            }
            None => {
                if let Some(c) = self.client_mut(client) {
                    c.task = Task::Idle;
                }
                if fill {
                    self.ghost.read(position, &page);
                    let waited = self
                        .client_mut(client)
                        .is_some_and(|c| std::mem::take(&mut c.waited));
                    out.push(Event::Filled {
                        client,
                        position,
                        page,
                        waited,
                    });
                } else if let Page::Data { value, .. } = &page {
                    self.ghost.acked(position, &page);
                    out.push(Event::Appended {
                        client,
                        position,
                        value: value.clone(),
                    });
                }
            }
        }
    }

    /// Numbers a new request from `client`: from now on only answers carrying this number count.
    fn new_request(&mut self, client: NodeId) -> u64 {
        match self.client_mut(client) {
            Some(c) => {
                c.request += 1;
                c.request
            }
            None => 0,
        }
    }

    fn request_token(&mut self, client: NodeId, value: String, out: &mut Vec<Event>) {
        if let Some(c) = self.client_mut(client) {
            c.task = Task::AwaitToken { value };
        }
        let request = self.new_request(client);
        self.send(
            client,
            NodeId::Sequencer,
            Msg::TokenRequest { request },
            out,
        );
        self.arm_retry(client);
    }

    fn read_tail(&mut self, client: NodeId, position: u64, out: &mut Vec<Event>) {
        let epoch = self.client(client).map_or(0, |c| c.epoch);
        let Some(&tail) = self.projection_of(client).chain(position).last() else {
            return;
        };
        if let Some(c) = self.client_mut(client) {
            c.task = Task::Reading { position };
        }
        out.push(Event::ReadStarted {
            client,
            position,
            unit: tail,
        });
        let request = self.new_request(client);
        self.send(
            client,
            tail,
            Msg::Read {
                position,
                epoch,
                request,
            },
            out,
        );
        self.arm_retry(client);
    }

    /// A reader fills only a position below the log's tail (a hole, §3.4): one at or past it has not
    /// been given to anybody, and junk there would refuse the append that is given it next. If
    /// `position` is past the tail, the client says so and stops.
    fn beyond_tail(&mut self, client: NodeId, position: u64, out: &mut Vec<Event>) -> bool {
        let tail = self.log_tail();
        if position < tail {
            return false;
        }
        if let Some(c) = self.client_mut(client) {
            c.task = Task::Idle;
            c.waited = false;
        }
        out.push(Event::BeyondTail {
            client,
            position,
            tail,
        });
        true
    }

    fn start_fill(&mut self, client: NodeId, position: u64, out: &mut Vec<Event>) {
        if self.beyond_tail(client, position, out) {
            return;
        }
        let epoch = self.client(client).map_or(0, |c| c.epoch);
        let Some(&head) = self.projection_of(client).chain(position).first() else {
            return;
        };
        if let Some(c) = self.client_mut(client) {
            c.task = Task::FillReadHead { position };
        }
        out.push(Event::FillStarted { client, position });
        let request = self.new_request(client);
        self.send(
            client,
            head,
            Msg::Read {
                position,
                epoch,
                request,
            },
            out,
        );
        self.arm_retry(client);
    }

    /// A client gives up on a position it cannot read or write, and says why.
    fn give_up(&mut self, client: NodeId, position: u64, why: UnitError, out: &mut Vec<Event>) {
        if let Some(c) = self.client_mut(client) {
            c.task = Task::Idle;
        }
        out.push(Event::ReadFailed {
            client,
            position,
            why,
        });
    }

    /// A client whose epoch is old fetches the current projection.
    fn refresh(&mut self, client: NodeId, out: &mut Vec<Event>) {
        let epoch = self.projection().epoch;
        if let Some(c) = self.client_mut(client) {
            if c.epoch != epoch {
                c.epoch = epoch;
                out.push(Event::Refreshed { client, epoch });
            }
        }
    }

    fn client_receives(&mut self, m: Messenger<NodeId, Msg>, out: &mut Vec<Event>) {
        let me = m.to;
        let Some((task, request)) = self.client(me).map(|c| (c.task.clone(), c.request)) else {
            return;
        };
        let ignore = |out: &mut Vec<Event>, msg: Msg| {
            out.push(Event::Ignored {
                node: me,
                from: m.from,
                msg,
            })
        };
        // A reply counts only as the answer to the request it names, and only while that is the
        // client's latest request: a late or duplicated answer to an earlier one (an earlier replica, a
        // retry, the fill before this append, an older seal) says nothing about what the client does now.
        if m.payload.answers() != Some(request) {
            ignore(out, m.payload.clone());
            return;
        }
        match (task, m.payload.clone()) {
            (
                Task::AwaitToken { value },
                Msg::Token {
                    position, epoch, ..
                },
            ) => {
                let written = self.written_anywhere(position);
                if let Some(c) = self.client_mut(me) {
                    c.epoch = c.epoch.max(epoch);
                    if written {
                        c.written_before_token.insert(position);
                    } else {
                        c.written_before_token.remove(&position);
                    }
                }
                self.ghost.took(me, position);
                out.push(Event::GotToken {
                    client: me,
                    position,
                    epoch,
                });
                let page = Page::Data { client: me, value };
                self.write_next(me, position, page, 0, false, out);
            }
            (Task::AwaitToken { .. }, Msg::NoToken { .. }) => {
                if let Some(c) = self.client_mut(me) {
                    c.task = Task::Idle;
                }
                out.push(Event::NoToken { client: me });
            }
            (
                Task::Writing {
                    position,
                    page,
                    replica,
                    fill,
                    ..
                },
                Msg::Written { position: p, .. },
            ) if p == position => {
                self.write_next(me, position, page, replica + 1, fill, out);
            }
            (
                Task::Writing {
                    position,
                    page,
                    replica,
                    fill,
                    ..
                },
                Msg::WriteRefused {
                    position: p, why, ..
                },
            ) if p == position => match why {
                // Someone wrote the same thing (a filler completing our chain, or a duplicate): fine.
                UnitError::Overwritten(existing) if existing == page => {
                    self.write_next(me, position, page, replica + 1, fill, out);
                }
                // A filler that lost the race at the head completes the chain with what is there.
                UnitError::Overwritten(existing) if fill => {
                    self.write_next(me, position, existing, replica + 1, true, out);
                }
                // A late writer: the position is taken (junk or another entry). Take a new one.
                UnitError::Overwritten(_) => {
                    if let Page::Data { value, .. } = page {
                        self.request_token(me, value, out);
                    }
                }
                // The projection changed under the writer (§4): it fetches the new one and finishes the
                // *same* position in the new epoch, from the head, as chain replication writes. Taking
                // a new position instead would leave this entry on the old position's head too, where
                // a filler completes it: one append, readable at two positions.
                UnitError::Sealed(_) => {
                    self.refresh(me, out);
                    if fill {
                        self.start_fill(me, position, out);
                    } else {
                        self.write_next(me, position, page, 0, false, out);
                    }
                }
                // The position was trimmed before the entry was on it (§3.3): it holds nothing of
                // this append, which takes a new position, like a late writer.
                UnitError::Trimmed => match page {
                    Page::Data { value, .. } if !fill => self.request_token(me, value, out),
                    _ => self.give_up(me, position, UnitError::Trimmed, out),
                },
                UnitError::Unwritten => {
                    self.give_up(me, position, UnitError::Trimmed, out);
                }
            },
            (
                Task::Reading { position },
                Msg::ReadOk {
                    position: p, page, ..
                },
            ) if p == position => {
                if let Some(c) = self.client_mut(me) {
                    c.task = Task::Idle;
                }
                self.ghost.read(position, &page);
                out.push(Event::ReadDone {
                    client: me,
                    position,
                    page,
                });
            }
            (
                Task::Reading { position },
                Msg::ReadRefused {
                    position: p, why, ..
                },
            ) if p == position => match why {
                UnitError::Unwritten => {
                    if self.beyond_tail(me, position, out) {
                        return;
                    }
                    let until = self.now + self.config.fill_after;
                    if let Some(c) = self.client_mut(me) {
                        c.task = Task::Waiting { position, until };
                    }
                    self.add_timer(me, until, TimerKind::Fill { position });
                    out.push(Event::Waits {
                        client: me,
                        position,
                        until,
                    });
                }
                UnitError::Sealed(_) => {
                    self.refresh(me, out);
                    self.read_tail(me, position, out);
                }
                why => {
                    self.give_up(me, position, why, out);
                }
            },
            (
                Task::FillReadHead { position },
                Msg::ReadOk {
                    position: p, page, ..
                },
            ) if p == position => {
                // The writer got as far as the head: complete the chain with its data.
                self.write_next(me, position, page, 1, true, out);
            }
            (
                Task::FillReadHead { position },
                Msg::ReadRefused {
                    position: p, why, ..
                },
            ) if p == position => match why {
                UnitError::Unwritten => {
                    if !self.beyond_tail(me, position, out) {
                        self.write_next(me, position, Page::Junk, 0, true, out);
                    }
                }
                UnitError::Sealed(_) => {
                    self.refresh(me, out);
                    self.start_fill(me, position, out);
                }
                why => {
                    self.give_up(me, position, why, out);
                }
            },
            (
                Task::Sealing {
                    epoch,
                    mut waiting,
                    highest,
                    replace,
                },
                Msg::SealAck {
                    epoch: e,
                    highest: h,
                    ..
                },
            ) if e == epoch && waiting.contains(&m.from) => {
                waiting.remove(&m.from);
                let highest = highest.max(h);
                if waiting.is_empty() {
                    self.install(me, epoch, highest, replace, out);
                } else if let Some(c) = self.client_mut(me) {
                    c.task = Task::Sealing {
                        epoch,
                        waiting,
                        highest,
                        replace,
                    };
                }
            }
            (_, msg) => ignore(out, msg),
        }
    }

    /// A projection is written once per epoch (CORFU keeps them in a write-once store, §4): a client
    /// sealing for `epoch` after another client installed it gives up and takes the installed one.
    fn outpaced(&mut self, client: NodeId, epoch: u64, out: &mut Vec<Event>) -> bool {
        let current = self.projection().epoch;
        if current < epoch {
            return false;
        }
        if let Some(c) = self.client_mut(client) {
            c.task = Task::Idle;
            c.epoch = c.epoch.max(current);
        }
        out.push(Event::Outpaced { client, epoch });
        true
    }

    /// Every sealed unit answered: install the next projection and rebuild the sequencer.
    fn install(
        &mut self,
        client: NodeId,
        epoch: u64,
        highest: Option<u64>,
        replace: Option<(NodeId, NodeId)>,
        out: &mut Vec<Event>,
    ) {
        if self.outpaced(client, epoch, out) {
            return;
        }
        let mut chains = self.projection().chains.clone();
        let mut copied = None;
        if let Some((old, new)) = replace {
            for chain in &mut chains {
                if let Some(i) = chain.iter().position(|u| *u == old) {
                    chain[i] = new;
                    // State transfer: the new unit copies a surviving replica of the chain.
                    // Chain replication's state transfer: the new replica copies its predecessor (the head's
                    // replacement copies its successor), so the chain's written replicas stay a prefix.
                    // A crashed source still has its pages on flash.
                    let source = if i > 0 {
                        chain.get(i - 1)
                    } else {
                        chain.get(1)
                    }
                    .copied();
                    if let Some(src) = source {
                        let pages = self
                            .units
                            .get(src.index())
                            .map(|u| u.pages.clone())
                            .unwrap_or_default();
                        self.ghost.transferred(new, &pages);
                        if let Some(u) = self.units.get_mut(new.index()) {
                            u.pages = pages;
                        }
                        copied = Some((src, new));
                    }
                }
            }
        }
        // The units of the new projection, and those leaving the old one (a replaced unit may come
        // back): none of them takes a request from an older epoch again.
        let leaving = self.projection().units();
        for u in chains.iter().flatten().chain(leaving.iter()) {
            if let Some(unit) = self.units.get_mut(u.index()) {
                unit.epoch = unit.epoch.max(epoch);
            }
        }
        let tail = highest.map_or(0, |h| h + 1);
        self.projections.push(Projection {
            epoch,
            chains: chains.clone(),
        });
        if let Some(c) = self.client_mut(client) {
            c.task = Task::Idle;
            c.epoch = epoch;
        }
        out.push(Event::Reconfigured {
            epoch,
            chains,
            copied,
            tail,
        });
        self.send(client, NodeId::Sequencer, Msg::Rebuild { epoch, tail }, out);
    }

    fn crash(&mut self, node: NodeId, out: &mut Vec<Event>) {
        // The position this client holds (its token in hand and not yet on its whole chain).
        let mut held = None;
        match node {
            NodeId::Sequencer => {
                self.sequencer.crashed = true;
                self.sequencer.tail = None;
            }
            NodeId::Unit(_) => {
                if let Some(u) = self.units.get_mut(node.index()) {
                    u.crashed = true;
                }
            }
            NodeId::Client(_) => {
                if let Some(c) = self.client_mut(node) {
                    c.crashed = true;
                    if let Task::Writing {
                        position,
                        fill: false,
                        ..
                    } = c.task
                    {
                        held = Some(position);
                    }
                    c.task = Task::Idle;
                }
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
        let (mut hole, mut unfinished) = (None, None);
        if let Some(position) = held {
            if self.position_state(position) == PositionState::Hole {
                hole = Some(position);
            } else if self.data_write_in_flight(position, Some(node)) {
                unfinished = Some(Unfinished {
                    position,
                    in_flight: true,
                });
            } else if self.units.iter().any(|u| {
                matches!(u.pages.get(&position), Some(super::unit::Slot::Written(Page::Data { client, .. })) if *client == node)
            }) {
                unfinished = Some(Unfinished {
                    position,
                    in_flight: false,
                });
            }
        }
        out.push(Event::Crashed {
            node,
            hole,
            unfinished,
        });
        for m in lost {
            out.push(Self::lost(m, LossCause::ReceiverCrashed));
        }
    }

    fn add_timer(&mut self, client: NodeId, due: u64, kind: TimerKind) {
        self.next_timer += 1;
        self.timers.push(ClientTimer {
            id: self.next_timer,
            due,
            client,
            kind,
        });
    }

    /// After a client sends a request: if no answer to it has come by then, it will try again.
    fn arm_retry(&mut self, client: NodeId) {
        let Some(c) = self.client(client) else {
            return;
        };
        if c.task != Task::Idle {
            let request = c.request;
            // Longer than a reader waits before filling: a writer that stalls loses its position to the filler.
            let due = self.now + 4 * (self.config.fill_after + self.config.latency.max);
            self.add_timer(client, due, TimerKind::Retry { request });
        }
    }

    /// A timer still matters only while its client is doing what it was set for.
    fn live(&self, t: &ClientTimer) -> bool {
        let Some(c) = self.client(t.client).filter(|c| !c.crashed) else {
            return false;
        };
        match &t.kind {
            TimerKind::Fill { position } => {
                c.task
                    == Task::Waiting {
                        position: *position,
                        until: t.due,
                    }
            }
            // Still waiting for an answer to that very request (a reader waiting to fill is not).
            TimerKind::Retry { request } => {
                c.request == *request && !matches!(c.task, Task::Idle | Task::Waiting { .. })
            }
        }
    }

    /// The next timer that matters, as (due, id).
    fn next_timer_due(&self) -> Option<(u64, u64)> {
        self.timers
            .iter()
            .filter(|t| self.live(t))
            .map(|t| (t.due, t.id))
            .min()
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
        let client = t.client;
        match t.kind {
            TimerKind::Fill { position } => {
                if let Some(c) = self.client_mut(client) {
                    c.waited = true;
                }
                self.start_fill(client, position, out)
            }
            TimerKind::Retry { .. } => {
                let Some(task) = self.client(client).map(|c| c.task.clone()) else {
                    return;
                };
                out.push(Event::Retries { client });
                self.refresh(client, out);
                match task {
                    Task::AwaitToken { value } => self.request_token(client, value, out),
                    Task::Writing {
                        position,
                        epoch,
                        page,
                        replica,
                        fill,
                    } => {
                        // In a new projection the chain may have a new member that lacks what the old
                        // one held (a replaced head copies its successor): start again at the head, as
                        // chain replication writes, so the written replicas stay a prefix.
                        let now = self.client(client).map_or(epoch, |c| c.epoch);
                        let replica = if now == epoch { replica } else { 0 };
                        self.write_next(client, position, page, replica, fill, out);
                    }
                    Task::Reading { position } => self.read_tail(client, position, out),
                    Task::FillReadHead { position } => self.start_fill(client, position, out),
                    Task::Sealing { epoch, waiting, .. } => {
                        if !self.outpaced(client, epoch, out) {
                            let request = self.new_request(client);
                            for u in waiting {
                                self.send(client, u, Msg::Seal { epoch, request }, out);
                            }
                            self.arm_retry(client);
                        }
                    }
                    Task::Idle | Task::Waiting { .. } => {}
                }
            }
        }
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
            Action::Recover(n) => {
                match n {
                    NodeId::Sequencer => self.sequencer.crashed = false,
                    NodeId::Unit(_) => {
                        if let Some(u) = self.units.get_mut(n.index()) {
                            u.crashed = false;
                        }
                    }
                    NodeId::Client(_) => {
                        let epoch = self.projection().epoch;
                        if let Some(c) = self.client_mut(*n) {
                            c.crashed = false;
                            c.epoch = epoch;
                        }
                    }
                }
                out.push(Event::Recovered { node: *n });
            }
            Action::Append { client, value } => {
                self.ghost.begin_append(*client, value);
                out.push(Event::AppendStarted {
                    client: *client,
                    value: value.clone(),
                });
                self.request_token(*client, value.clone(), &mut out);
            }
            Action::Read { client, position } => self.read_tail(*client, *position, &mut out),
            Action::Fill { client, position } => {
                if let Some(c) = self.client_mut(*client) {
                    c.waited = false;
                }
                self.start_fill(*client, *position, &mut out)
            }
            Action::Reconfigure { client, replace } => {
                let epoch = self.projection().epoch + 1;
                let seal: BTreeSet<NodeId> = self
                    .projection()
                    .units()
                    .into_iter()
                    .filter(|u| replace.is_none_or(|(old, _)| old != *u))
                    .collect();
                out.push(Event::SealStarted {
                    client: *client,
                    epoch,
                    replace: *replace,
                });
                if let Some(c) = self.client_mut(*client) {
                    c.task = Task::Sealing {
                        epoch,
                        waiting: seal.clone(),
                        highest: None,
                        replace: *replace,
                    };
                }
                let request = self.new_request(*client);
                for u in seal {
                    self.send(*client, u, Msg::Seal { epoch, request }, &mut out);
                }
                self.arm_retry(*client);
            }
            Action::Trim { upto } => {
                for u in &mut self.units {
                    u.trim(*upto);
                }
                out.push(Event::Trimmed { upto: *upto });
            }
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
