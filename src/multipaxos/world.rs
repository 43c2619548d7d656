//! The Multi-Paxos world: only the wiring of clients, replicas, leaders (with their scouts and
//! commanders) and acceptors. It checks commands, hands each messenger to its role's handler, fires
//! leaders' timers, crashes and recovers nodes; the rules live with the roles ([`super::replica`],
//! [`super::leader`], [`super::scout`], [`super::commander`], [`super::acceptor`], [`super::client`]).

use super::acceptor::Acceptor;
use super::action::{Action, ActionError, MAX_ROUND};
use super::client::Client;
use super::config::{Config, ConfigError, Variant};
use super::event::Event;
use super::invariants::{self, Ghost, Invariant};
use super::leader::{Auto, Ctx, Leader};
use super::message::{Ballot, Msg};
use super::node::NodeId;
use super::replica::{Peers, Replica};
use crate::sim::{self, Messenger, Out, Property, Protocol, Travel};
use serde::{Deserialize, Serialize};

/// Multi-Paxos's nodes and ghost state: the protocol half of [`World`].
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct MultiPaxos {
    pub config: Config,
    pub clients: Vec<Client>,
    pub replicas: Vec<Replica>,
    pub leaders: Vec<Leader>,
    pub acceptors: Vec<Acceptor>,
    /// Whether leaders act by themselves now (starts as the config's timing says).
    pub auto: Auto,
    pub ghost: Ghost,
    next_timer: u64,
}

/// The Multi-Paxos world: the kit's world around [`MultiPaxos`].
pub type World = sim::World<MultiPaxos>;

/// What one step did.
pub type Step = sim::StepOf<MultiPaxos>;

fn refuse<T>(why: String) -> Result<T, ActionError> {
    Err(ActionError::Refused(why))
}

impl World {
    pub fn new(config: Config) -> Result<World, ConfigError> {
        config.validate()?;
        Ok(World::build(config))
    }

    /// The lecture's week (`Config::new(1)`), which needs no checking; cannot fail.
    pub fn lecture_default() -> World {
        World::build(Config::new(1))
    }

    fn build(config: Config) -> World {
        let timeout = config.timing.timeout;
        let mp = MultiPaxos {
            clients: vec![Client::default(); config.clients],
            replicas: vec![Replica::default(); config.replicas],
            leaders: (0..config.leaders)
                .map(|i| Leader::new(NodeId::leader(i), timeout))
                .collect(),
            acceptors: vec![Acceptor::default(); config.acceptors],
            auto: Auto {
                on: config.timing.auto,
                backoff: config.timing.backoff,
            },
            ghost: Ghost::default(),
            next_timer: 0,
            config: config.clone(),
        };
        sim::World::with(mp, config.seed)
    }
}

impl MultiPaxos {
    pub fn client_ids(&self) -> Vec<NodeId> {
        (0..self.clients.len()).map(NodeId::client).collect()
    }

    pub fn replica_ids(&self) -> Vec<NodeId> {
        (0..self.replicas.len()).map(NodeId::replica).collect()
    }

    pub fn leader_ids(&self) -> Vec<NodeId> {
        (0..self.leaders.len()).map(NodeId::leader).collect()
    }

    pub fn acceptor_ids(&self) -> Vec<NodeId> {
        (0..self.acceptors.len()).map(NodeId::acceptor).collect()
    }

    pub fn has(&self, n: NodeId) -> bool {
        let count = match n {
            NodeId::Client(_) => self.clients.len(),
            NodeId::Replica(_) => self.replicas.len(),
            NodeId::Leader(_) => self.leaders.len(),
            NodeId::Acceptor(_) => self.acceptors.len(),
        };
        n.index() < count && n.index() + 1 == usize::from(number(n))
    }

    pub fn is_crashed(&self, n: NodeId) -> bool {
        let i = n.index();
        match n {
            NodeId::Client(_) => self.clients.get(i).is_some_and(|x| x.crashed),
            NodeId::Replica(_) => self.replicas.get(i).is_some_and(|x| x.crashed),
            NodeId::Leader(_) => self.leaders.get(i).is_some_and(|x| x.crashed),
            NodeId::Acceptor(_) => self.acceptors.get(i).is_some_and(|x| x.crashed),
        }
    }

    fn up(&self, n: NodeId, role: &str) -> Result<(), ActionError> {
        if !self.has(n) {
            return refuse(format!(
                "{n} is not {role} here: {}",
                <MultiPaxos as Protocol>::roster(self)
            ));
        }
        if self.is_crashed(n) {
            return refuse(format!("{n} is crashed: recover it first"));
        }
        Ok(())
    }

    fn check_command(&self, action: &Action) -> Result<(), ActionError> {
        match action {
            Action::Order { client, dish } => {
                if !matches!(client, NodeId::Client(_)) {
                    return refuse(format!("{client} is not a client: only C1.. order lunch"));
                }
                self.up(*client, "a client")?;
                let d = dish.trim();
                if d.is_empty() {
                    return refuse("an order needs a dish".into());
                }
                if dish.chars().count() > crate::synod::config::MAX_DISH_CHARS {
                    return refuse(format!(
                        "a dish has at most {} characters",
                        crate::synod::config::MAX_DISH_CHARS
                    ));
                }
                if dish.chars().any(char::is_control) {
                    return refuse("a dish cannot contain control characters".into());
                }
                if d != dish {
                    return refuse("a dish cannot start or end with spaces".into());
                }
                let c = self.clients.get(client.index());
                if c.is_some_and(|c| c.orders.len() >= 10_000) {
                    return refuse(format!("{client} has ordered enough for one week"));
                }
                Ok(())
            }
            Action::StartBallot { leader, round } => {
                if !matches!(leader, NodeId::Leader(_)) {
                    return refuse(format!("{leader} is not a leader: only L1.. start ballots"));
                }
                self.up(*leader, "a leader")?;
                let Some(l) = self.leaders.get(leader.index()) else {
                    return refuse(format!("no leader {leader}"));
                };
                if let Some(r) = round {
                    if *r == 0 || *r >= MAX_ROUND {
                        return refuse(format!(
                            "round {r} is out of range: choose 1 to {}",
                            MAX_ROUND - 1
                        ));
                    }
                    if *r <= l.ballot.round {
                        return refuse(format!(
                            "{leader} already used ballot ({}, {leader}): choose a round above {}",
                            l.ballot.round, l.ballot.round
                        ));
                    }
                } else if l.next_round() >= MAX_ROUND {
                    return refuse("rounds have run out".into());
                }
                Ok(())
            }
            Action::Auto { .. } => Ok(()),
            _ => Ok(()),
        }
    }

    fn ctx<'a>(
        me: NodeId,
        acceptors: &'a [NodeId],
        replicas: &'a [NodeId],
        auto: Auto,
        base_timeout: u64,
        ghost: &'a mut Ghost,
        next_timer: &'a mut u64,
    ) -> Ctx<'a> {
        Ctx {
            me,
            acceptors,
            replicas,
            auto,
            base_timeout,
            ghost,
            next_timer,
        }
    }

    /// Runs `f` on leader `me` with its context.
    fn with_leader<R>(
        &mut self,
        me: NodeId,
        f: impl FnOnce(&mut Leader, &mut Ctx<'_>) -> R,
    ) -> Option<R> {
        let acceptors = self.acceptor_ids();
        let replicas = self.replica_ids();
        let MultiPaxos {
            leaders,
            auto,
            ghost,
            next_timer,
            config,
            ..
        } = self;
        let leader = leaders.get_mut(me.index())?;
        let mut cx = Self::ctx(
            me,
            &acceptors,
            &replicas,
            *auto,
            config.timing.timeout,
            ghost,
            next_timer,
        );
        Some(f(leader, &mut cx))
    }

    fn with_replica(&mut self, me: NodeId, f: impl FnOnce(&mut Replica, &Peers<'_>)) {
        let leaders = self.leader_ids();
        let replicas = self.replica_ids();
        let window = self.config.window;
        let in_order = self.config.variant != Variant::OutOfOrder;
        if let Some(r) = self.replicas.get_mut(me.index()) {
            let p = Peers {
                me,
                leaders: &leaders,
                replicas: &replicas,
                window,
                in_order,
            };
            f(r, &p);
        }
    }

    fn deliver(&mut self, m: Messenger<NodeId, Msg>, out: &mut Out<'_, MultiPaxos>) {
        let (me, from) = (m.to, m.from);
        let ignored = |msg: Msg| Event::Ignored {
            node: me,
            from,
            msg,
        };
        match (me, m.payload) {
            (NodeId::Replica(_), Msg::Request { order }) => {
                self.with_replica(me, |r, p| r.request(p, order, out))
            }
            (NodeId::Replica(_), Msg::Decision { slot, order }) => {
                self.with_replica(me, |r, p| r.decision(p, slot, order, out))
            }
            (NodeId::Replica(_), Msg::CatchUp { from: slot }) => {
                if let Some(r) = self.replicas.get(me.index()) {
                    r.catch_up(me, from, slot, out);
                }
            }
            (NodeId::Client(_), Msg::Response { order }) => {
                if let Some(c) = self.clients.get_mut(me.index()) {
                    c.response(me, from, order, out);
                }
            }
            (NodeId::Acceptor(_), Msg::P1a { ballot }) => {
                if let Some(a) = self.acceptors.get_mut(me.index()) {
                    a.p1a(me, from, ballot, out);
                }
            }
            (NodeId::Acceptor(_), Msg::P2a { pvalue }) => {
                let check = self.config.variant != Variant::OldBallot;
                if let Some(a) = self.acceptors.get_mut(me.index()) {
                    a.p2a_checking(me, from, pvalue, check, out);
                }
            }
            (NodeId::Leader(_), Msg::Propose { slot, order }) => {
                self.with_leader(me, |l, cx| l.propose(cx, slot, order, out));
            }
            (NodeId::Leader(_), msg @ Msg::P1b { scout, ballot, .. }) => {
                let accepted = match &msg {
                    Msg::P1b { accepted, .. } => accepted.clone(),
                    _ => Vec::new(),
                };
                let heard =
                    self.with_leader(me, |l, cx| l.p1b(cx, from, scout, ballot, &accepted, out));
                if heard != Some(true) {
                    out.push(ignored(msg));
                }
            }
            (
                NodeId::Leader(_),
                msg @ Msg::P2b {
                    pvalue_ballot,
                    slot,
                    ballot,
                },
            ) => {
                let heard = self.with_leader(me, |l, cx| {
                    l.p2b(cx, from, pvalue_ballot, slot, ballot, out)
                });
                if heard != Some(true) {
                    out.push(ignored(msg));
                }
            }
            (_, msg) => out.push(ignored(msg)),
        }
    }

    fn crash(&mut self, node: NodeId, out: &mut Out<'_, MultiPaxos>) {
        let i = node.index();
        let timeout = self.config.timing.timeout;
        match node {
            NodeId::Client(_) => {
                if let Some(c) = self.clients.get_mut(i) {
                    c.crashed = true;
                }
            }
            NodeId::Replica(_) => {
                if let Some(r) = self.replicas.get_mut(i) {
                    r.crash();
                }
            }
            NodeId::Leader(_) => {
                if let Some(l) = self.leaders.get_mut(i) {
                    l.crash(timeout);
                }
            }
            NodeId::Acceptor(_) => {
                if let Some(a) = self.acceptors.get_mut(i) {
                    a.crashed = true;
                }
            }
        }
        out.push(Event::Crashed { node });
    }

    fn recover(&mut self, node: NodeId, out: &mut Out<'_, MultiPaxos>) {
        let i = node.index();
        match node {
            NodeId::Client(_) => {
                if let Some(c) = self.clients.get_mut(i) {
                    c.crashed = false;
                }
                out.push(Event::Recovered { node });
            }
            NodeId::Replica(_) => {
                out.push(Event::Recovered { node });
                self.with_replica(node, |r, p| r.recover(p, out));
            }
            NodeId::Leader(_) => {
                if let Some(l) = self.leaders.get_mut(i) {
                    l.crashed = false;
                }
                out.push(Event::Recovered { node });
            }
            NodeId::Acceptor(_) => {
                if let Some(a) = self.acceptors.get_mut(i) {
                    a.crashed = false;
                }
                out.push(Event::Recovered { node });
            }
        }
    }

    fn command(&mut self, action: &Action, out: &mut Out<'_, MultiPaxos>) {
        match action {
            Action::Order { client, dish } => {
                let replicas = self.replica_ids();
                if let Some(c) = self.clients.get_mut(client.index()) {
                    let order = c.order(*client, dish, &replicas, out);
                    self.ghost.requested.insert(order);
                }
            }
            Action::StartBallot { leader, round } => {
                self.with_leader(*leader, |l, cx| {
                    let r = round.unwrap_or_else(|| l.next_round());
                    l.start_ballot(cx, r, out);
                });
            }
            Action::Auto { on, backoff } => {
                self.auto = Auto {
                    on: *on,
                    backoff: *backoff,
                };
                out.push(Event::AutoSwitched {
                    on: *on,
                    backoff: *backoff,
                });
                for l in self.leader_ids() {
                    if !self.is_crashed(l) {
                        self.with_leader(l, |l, cx| l.switch(cx, out));
                    }
                }
            }
            _ => {}
        }
    }

    fn fire(&mut self, id: u64, out: &mut Out<'_, MultiPaxos>) {
        let Some(me) = self
            .leaders
            .iter()
            .position(|l| l.timer.is_some_and(|t| t.id == id))
            .map(NodeId::leader)
        else {
            return;
        };
        self.with_leader(me, |l, cx| l.fire(cx, out));
    }

    /// Every acceptor's ballot, for the property that they never go down.
    pub fn ballots(&self) -> Vec<Option<Ballot>> {
        self.acceptors.iter().map(|a| a.ballot).collect()
    }
}

fn number(n: NodeId) -> u8 {
    match n {
        NodeId::Client(i) | NodeId::Replica(i) | NodeId::Leader(i) | NodeId::Acceptor(i) => i,
    }
}

impl Protocol for MultiPaxos {
    type Node = NodeId;
    type Msg = Msg;
    type Action = Action;
    type Event = Event;
    type Invariant = Invariant;
    type Error = ActionError;
    type Before = Vec<Option<Ballot>>;
    type Config = Config;

    const NAME: &'static str = "multipaxos";

    fn start(config: &Config) -> Result<World, String> {
        World::new(config.clone()).map_err(|e| e.to_string())
    }

    fn config(&self) -> &Config {
        &self.config
    }

    crate::fault_verbs!(Action, NodeId);

    fn nodes(&self) -> Vec<NodeId> {
        let mut all = self.client_ids();
        all.extend(self.replica_ids());
        all.extend(self.leader_ids());
        all.extend(self.acceptor_ids());
        all
    }

    fn roster(&self) -> String {
        format!(
            "this parliament has C1..C{}, R1..R{}, L1..L{} and A1..A{}",
            self.clients.len(),
            self.replicas.len(),
            self.leaders.len(),
            self.acceptors.len()
        )
    }

    fn idle(&self) -> &'static str {
        "no leader is waiting to try again"
    }

    fn has(&self, node: NodeId) -> bool {
        MultiPaxos::has(self, node)
    }

    fn is_crashed(&self, node: NodeId) -> bool {
        MultiPaxos::is_crashed(self, node)
    }

    fn travel(&self) -> Travel {
        Travel::Between(self.config.latency.min, self.config.latency.max)
    }

    fn next_timer(&self) -> Option<(u64, u64)> {
        self.leaders
            .iter()
            .filter(|l| !l.crashed)
            .filter_map(|l| l.timer.map(|t| (t.due, t.id)))
            .min()
    }

    fn check_command(world: &World, action: &Action) -> Result<(), ActionError> {
        world.state.check_command(action)
    }

    fn on_command(&mut self, out: &mut Out<'_, MultiPaxos>, action: &Action) {
        self.command(action, out);
    }

    fn on_message(&mut self, out: &mut Out<'_, MultiPaxos>, m: Messenger<NodeId, Msg>) {
        self.deliver(m, out);
    }

    fn on_timer(&mut self, out: &mut Out<'_, MultiPaxos>, id: u64) {
        self.fire(id, out);
    }

    fn on_crash(&mut self, out: &mut Out<'_, MultiPaxos>, node: NodeId) {
        self.crash(node, out);
    }

    fn on_recover(&mut self, out: &mut Out<'_, MultiPaxos>, node: NodeId) {
        self.recover(node, out);
    }

    fn before(&self) -> Vec<Option<Ballot>> {
        self.ballots()
    }

    fn before_into(&self, into: &mut Vec<Option<Ballot>>) {
        into.clear();
        into.extend(self.acceptors.iter().map(|a| a.ballot));
    }

    fn properties() -> &'static [Property<MultiPaxos>] {
        invariants::PROPERTIES
    }

    fn words(&self, step: &Step) -> Vec<sim::Line<NodeId>> {
        sim::words::step_lines(step, super::transcript::speaker, super::transcript::lines)
    }

    /// Every order a client sent has been served by every canteen that is up (and there is one): the
    /// week is told; what remains is timers.
    fn settled(world: &World) -> bool {
        let up: Vec<_> = world.replicas.iter().filter(|r| !r.crashed).collect();
        !world.ghost.requested.is_empty()
            && !up.is_empty()
            && up.iter().all(|r| {
                world
                    .ghost
                    .requested
                    .iter()
                    .all(|o| r.served.iter().any(|(_, s)| s == o))
            })
    }

    /// A day decided for the first time stays in view once the week is told.
    fn milestone(event: &Event) -> bool {
        matches!(event, Event::Decided { again: false, .. })
    }
}
