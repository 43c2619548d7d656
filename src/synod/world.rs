//! The synod world: the chamber, the messengers, the clock. Applies one [`Action`] at a time and
//! reports what happened as [`Event`]s, then checks the invariants.

use super::acceptor::Acceptor;
use super::action::{Action, ActionError, MAX_ROUND};
use super::config::{check_dish, Config, ConfigError, Variant};
use super::event::Event;
use super::invariants::{self, Invariant};
use super::leader::{Leader, RoundPhase};
use super::liveness::Liveness;
use super::message::{Msg, Round, Value};
use super::node::NodeId;
use crate::sim::ghost::Ghost;
use crate::sim::{self, FaultError, Messenger, Out, Property, Protocol, Travel};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// How the first decision came about.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct FirstDecision {
    pub leader: NodeId,
    pub round: Round,
    pub value: Value,
    pub at_time: u64,
    /// Message delays from the start of the round to the leader's decision (4 on the happy path:
    /// prepare, promise, propose, accepted); learners hear it one delay later.
    pub message_rounds: u32,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Metrics {
    pub rounds_started: u64,
    pub crashes: u64,
    pub first_decision: Option<FirstDecision>,
}

/// The synod's nodes and ghost state: the protocol half of [`World`].
#[derive(Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
/// The ghost sets and the record of rounds are shared (`Arc`) between a world and the worlds after
/// it until a step changes them, so a history or a search copies them only when they change.
pub struct Synod {
    /// Shared, not copied, by the worlds of a history and of a search (it does not change in a run).
    pub config: Arc<Config>,
    pub acceptors: Vec<Acceptor>,
    pub leaders: Vec<Leader>,
    /// Every round ever started, and by whom (round numbers are unique).
    pub rounds: Arc<BTreeMap<Round, NodeId>>,
    /// The acceptors each round polled (its quorum), kept after the round is over so the panels can
    /// say which acceptors two rounds' quorums share.
    pub polled: Arc<BTreeMap<Round, Arc<[NodeId]>>>,
    /// Ghost state, no node knows it: every vote ever cast, as (round, value, acceptor). A value is
    /// *chosen* when a majority voted for it in one round — even if they later vote again.
    pub votes: Ghost<(Round, Value, NodeId)>,
    /// Ghost state kept with `votes`: each (round, value) a majority voted for, and every value voted.
    pub chosen: Arc<BTreeSet<(Round, Value)>>,
    pub voted_values: Arc<BTreeSet<Value>>,
    /// Every dish any leader has wanted (validity: only these may be decided).
    pub proposals: Arc<BTreeSet<Value>>,
    /// Ghost state: every decision ever made, as (value, node), even one a node's ledger did not keep.
    pub decisions: Ghost<(Value, NodeId)>,
    pub metrics: Metrics,
    /// Timers, fixes and the livelock instrumentation.
    /// Shared until a step changes it (most steps of a search do not).
    pub liveness: Arc<Liveness>,
}

/// The synod world: the kit's world (clock, messengers, RNG, broken invariants) around [`Synod`].
pub type World = sim::World<Synod>;

/// What one step did.
pub type Step = sim::StepOf<Synod>;

impl Default for World {
    /// Three acceptors and one leader who likes Pizza.
    fn default() -> World {
        World::build(Config::new(3, &["Pizza"], 0))
    }
}

impl World {
    pub fn new(config: Config) -> Result<World, ConfigError> {
        config.validate()?;
        Ok(World::build(config))
    }

    fn build(config: Config) -> World {
        let seed = config.seed;
        let synod = Synod {
            acceptors: vec![Acceptor::default(); config.acceptors],
            leaders: config
                .leaders
                .iter()
                .map(|d| Leader::new(d.as_str().into()))
                .collect(),
            proposals: Arc::new(config.leaders.iter().map(|d| d.as_str().into()).collect()),
            rounds: Arc::default(),
            polled: Arc::default(),
            votes: Ghost::default(),
            chosen: Arc::default(),
            voted_values: Arc::default(),
            decisions: Ghost::default(),
            metrics: Metrics::default(),
            liveness: Arc::new(Liveness::new(config.leaders.len(), config.timeout())),
            config: Arc::new(config),
        };
        sim::World::with(synod, seed)
    }
}

/// The nodes of a chamber of `acceptors` and `leaders`: acceptors first, then leaders.
pub(super) fn node_ids(acceptors: usize, leaders: usize) -> impl Iterator<Item = NodeId> {
    (0..acceptors)
        .map(NodeId::acceptor)
        .chain((0..leaders).map(NodeId::leader))
}

impl Synod {
    /// All nodes: acceptors first, then leaders.
    pub fn nodes(&self) -> Vec<NodeId> {
        node_ids(self.acceptors.len(), self.leaders.len()).collect()
    }

    pub fn has(&self, node: NodeId) -> bool {
        let (i, len) = match node {
            NodeId::Acceptor(i) => (i, self.acceptors.len()),
            NodeId::Leader(i) => (i, self.leaders.len()),
        };
        i >= 1 && usize::from(i) <= len
    }

    pub fn is_crashed(&self, node: NodeId) -> bool {
        match node {
            NodeId::Acceptor(_) => self.acceptors.get(node.index()).is_some_and(|a| a.crashed),
            NodeId::Leader(_) => self.leaders.get(node.index()).is_some_and(|l| l.crashed),
        }
    }

    pub fn decided(&self, node: NodeId) -> Option<&Value> {
        match node {
            NodeId::Acceptor(_) => self.acceptors.get(node.index())?.ledger.decided.as_ref(),
            NodeId::Leader(_) => self.leaders.get(node.index())?.ledger.decided.as_ref(),
        }
    }

    /// Acceptors that may crash for good without losing a chosen value: a value is chosen on a
    /// majority of ledgers, so it survives as long as one of those f+1 copies does (f = majority − 1).
    pub fn crashes_tolerated_for_safety(&self) -> usize {
        self.config.majority().saturating_sub(1)
    }

    /// Crashes tolerated while still deciding: f of 2f+1 (a majority must answer).
    pub fn crashes_tolerated_for_liveness(&self) -> usize {
        self.acceptors.len().saturating_sub(1) / 2
    }

    /// Checks a command (start a round, switch a fix) without changing anything.
    fn check_start(w: &World, action: &Action) -> Result<(), ActionError> {
        let node_error = |node| -> ActionError {
            FaultError::UnknownNode {
                node,
                roster: w.roster(),
            }
            .into()
        };
        match action {
            Action::StartRound {
                leader,
                quorum,
                round,
                dish,
            } => {
                if let Some(d) = dish {
                    check_dish(d).map_err(|e| ActionError::BadDish(e.to_string()))?;
                }
                if !matches!(leader, NodeId::Leader(_)) {
                    return Err(ActionError::NotALeader(*leader));
                }
                if !w.has(*leader) {
                    return Err(node_error(*leader));
                }
                if w.is_crashed(*leader) {
                    return Err(ActionError::Crashed(*leader));
                }
                if quorum.is_empty() {
                    return Err(ActionError::EmptyQuorum);
                }
                let mut seen = BTreeSet::new();
                for &a in quorum {
                    if !matches!(a, NodeId::Acceptor(_)) {
                        return Err(ActionError::NotAnAcceptor(a));
                    }
                    if !w.has(a) {
                        return Err(node_error(a));
                    }
                    if !seen.insert(a) {
                        return Err(ActionError::RepeatedInQuorum(a));
                    }
                }
                if !w.config.quorums.is_majority() {
                    if !w
                        .config
                        .quorums
                        .phase1(w.acceptors.len(), quorum.iter().copied())
                    {
                        return Err(ActionError::NotAQuorum {
                            quorums: w.config.quorums.describe(),
                        });
                    }
                } else if quorum.len() < w.config.majority()
                    && w.config.variant != Variant::MinorityQuorums
                {
                    return Err(ActionError::NotAMajority {
                        size: quorum.len(),
                        acceptors: w.acceptors.len(),
                    });
                }
                match *round {
                    Some(0) => Err(ActionError::RoundZero),
                    Some(r) if r > MAX_ROUND => Err(ActionError::RoundTooLarge(r)),
                    Some(r) => match w.rounds.get(&r) {
                        // Two leaders may share a round number only where that rule is removed.
                        Some(&by) if by == *leader || w.config.variant != Variant::SharedRound => {
                            Err(ActionError::RoundTaken { round: r, by })
                        }
                        _ => Ok(()),
                    },
                    None => Ok(()),
                }
            }
            _ => Ok(()),
        }
    }

    fn crash(&mut self, node: NodeId, out: &mut Out<'_, Synod>) {
        let amnesia = self.config.variant == Variant::Amnesia;
        let event = match node {
            NodeId::Acceptor(_) => {
                let Some(a) = self.acceptors.get_mut(node.index()) else {
                    return;
                };
                a.crashed = true;
                a.promised_to = None;
                if amnesia {
                    a.ledger = Default::default();
                }
                Event::Crashed {
                    node,
                    kept: Some(a.ledger.clone()),
                    forgot: amnesia,
                    abandoned_round: None,
                }
            }
            NodeId::Leader(_) => {
                let Some(l) = self.leaders.get_mut(node.index()) else {
                    return;
                };
                l.crashed = true;
                std::sync::Arc::make_mut(&mut self.liveness)
                    .timers
                    .retain(|t| t.leader != node);
                let abandoned_round = l
                    .current
                    .take()
                    .filter(|s| !matches!(s.phase, RoundPhase::Decided { .. }))
                    .map(|s| s.round);
                Event::Crashed {
                    node,
                    kept: None,
                    forgot: false,
                    abandoned_round,
                }
            }
        };
        self.metrics.crashes += 1;
        out.push_with(|| event);
    }

    fn recover(&mut self, node: NodeId, out: &mut Out<'_, Synod>) {
        let kept = match node {
            NodeId::Acceptor(_) => self.acceptors.get_mut(node.index()).map(|a| {
                a.crashed = false;
                a.ledger.clone()
            }),
            NodeId::Leader(_) => {
                if let Some(l) = self.leaders.get_mut(node.index()) {
                    l.crashed = false;
                }
                None
            }
        };
        let forgot = self.config.variant == Variant::Amnesia && matches!(node, NodeId::Acceptor(_));
        out.push_with(|| Event::Recovered { node, kept, forgot });
        if matches!(node, NodeId::Leader(_)) {
            self.leader_recovered(node, out.now);
        }
    }

    /// Whether leader `index`'s current round is still running: the leader is up, the round has not
    /// decided, and enough of its quorum has not promised a higher round for it still to finish (a
    /// round every member has given up is over, though its leader may not know it yet).
    pub fn round_is_running(&self, index: usize) -> bool {
        let Some(l) = self.leaders.get(index) else {
            return false;
        };
        let Some(s) = l.current.as_ref().filter(|_| !l.crashed) else {
            return false;
        };
        if matches!(s.phase, RoundPhase::Decided { .. }) {
            return false;
        }
        let still_open = s
            .quorum
            .iter()
            .filter(|a| {
                self.acceptors
                    .get(a.index())
                    .is_some_and(|x| x.ledger.promised.is_none_or(|p| p <= s.round))
            })
            .count();
        still_open >= s.need
    }

    /// The learn rule, the same for every node (Paxos Made Simple §2.3): a node that hears `value` was
    /// decided decides it — unless it already decided, and then it keeps its decision.
    pub(super) fn learn(&mut self, node: NodeId, value: &Value, out: &mut Out<'_, Synod>) {
        let ledger = match node {
            NodeId::Acceptor(_) => self
                .acceptors
                .get_mut(node.index())
                .map(|a| &mut a.ledger.decided),
            NodeId::Leader(_) => self
                .leaders
                .get_mut(node.index())
                .map(|l| &mut l.ledger.decided),
        };
        let Some(decided) = ledger else {
            return;
        };
        let previous = decided.clone();
        let kept = decided.get_or_insert_with(|| value.clone()).clone();
        self.decisions.insert((kept, node));
        out.push_with(|| Event::Learned {
            node,
            value: value.clone(),
            previous,
        });
    }

    /// The acceptors that voted for `value` in `round`.
    pub fn voters(&self, round: Round, value: &Value) -> Vec<NodeId> {
        self.voters_iter(round, value).collect()
    }

    fn voters_iter(&self, round: Round, value: &Value) -> impl Iterator<Item = NodeId> + '_ {
        let lo = (round, value.clone(), NodeId::Acceptor(0));
        let hi = (round, value.clone(), NodeId::Acceptor(u8::MAX));
        self.votes.range(lo..=hi).map(|(_, _, a)| *a)
    }

    pub(super) fn record_vote(&mut self, round: Round, value: &Value, acceptor: NodeId) {
        self.votes.insert((round, value.clone(), acceptor));
        insert_new(&mut self.voted_values, value.clone());
        if self.chosen.contains(&(round, value.clone())) {
            return;
        }
        let voters = self.voters_iter(round, value);
        if self.config.quorums.phase2(self.acceptors.len(), voters) {
            insert_new(&mut self.chosen, (round, value.clone()));
        }
    }

    fn promises(&self) -> Vec<Option<Round>> {
        self.acceptors.iter().map(|a| a.ledger.promised).collect()
    }
}

/// Adds `x` to a set shared with other worlds, copying the set only if `x` is new to it.
pub(super) fn insert_new<T: Ord + Clone>(set: &mut Arc<BTreeSet<T>>, x: T) {
    if !set.contains(&x) {
        Arc::make_mut(set).insert(x);
    }
}

impl Protocol for Synod {
    type Node = NodeId;
    type Msg = Msg;
    type Action = Action;
    type Event = Event;
    type Invariant = Invariant;
    type Error = ActionError;
    /// Every acceptor's promise before the step (promises only go up).
    type Before = Vec<Option<Round>>;
    type Config = Config;

    const NAME: &'static str = "synod";

    fn start(config: &Config) -> Result<World, String> {
        World::new(config.clone()).map_err(|e| e.to_string())
    }

    fn config(&self) -> &Config {
        &self.config
    }

    crate::fault_verbs!(Action, NodeId);

    fn nodes(&self) -> Vec<NodeId> {
        Synod::nodes(self)
    }

    fn roster(&self) -> String {
        format!(
            "this chamber has A1..A{} and L1..L{}",
            self.acceptors.len(),
            self.leaders.len()
        )
    }

    fn idle(&self) -> &'static str {
        "no timer is set"
    }

    fn has(&self, node: NodeId) -> bool {
        Synod::has(self, node)
    }

    fn is_crashed(&self, node: NodeId) -> bool {
        Synod::is_crashed(self, node)
    }

    /// Drawn from the seeded RNG, or fixed in the symmetric setting.
    fn travel(&self) -> Travel {
        if self.config.timing.symmetric {
            Travel::Fixed(self.config.latency.min)
        } else {
            Travel::Between(self.config.latency.min, self.config.latency.max)
        }
    }

    fn next_timer(&self) -> Option<(u64, u64)> {
        self.liveness.next_timer().map(|t| (t.due, t.id))
    }

    fn check_command(world: &World, action: &Action) -> Result<(), ActionError> {
        Synod::check_start(world, action)
    }

    fn on_command(&mut self, out: &mut Out<'_, Synod>, action: &Action) {
        match action {
            Action::Fix { fix, on } => self.switch(*fix, *on, out),
            Action::StartRound {
                leader,
                quorum,
                round,
                dish,
            } => {
                if let Some(d) = dish {
                    Arc::make_mut(&mut self.proposals).insert(d.as_str().into());
                    if let Some(l) = self.leaders.get_mut(leader.index()) {
                        l.preference = d.as_str().into();
                    }
                }
                self.start_round(*leader, quorum, *round, out)
            }
            _ => {}
        }
    }

    fn on_message(&mut self, out: &mut Out<'_, Synod>, m: Messenger<NodeId, Msg>) {
        match m.to {
            NodeId::Acceptor(_) => self.acceptor_receives(m, out),
            NodeId::Leader(_) => self.leader_receives(m, out),
        }
    }

    fn on_timer(&mut self, out: &mut Out<'_, Synod>, id: u64) {
        self.fire(id, out);
    }

    fn on_crash(&mut self, out: &mut Out<'_, Synod>, node: NodeId) {
        self.crash(node, out);
    }

    fn on_recover(&mut self, out: &mut Out<'_, Synod>, node: NodeId) {
        self.recover(node, out);
    }

    fn before(&self) -> Vec<Option<Round>> {
        self.promises()
    }

    fn before_into(&self, into: &mut Vec<Option<Round>>) {
        into.clear();
        into.extend(self.acceptors.iter().map(|a| a.ledger.promised));
    }

    fn properties() -> &'static [Property<Synod>] {
        invariants::PROPERTIES
    }

    fn words(&self, step: &Step) -> Vec<sim::Line<NodeId>> {
        super::transcript::step_lines(step, self.leaders.len())
    }

    fn settled(world: &World) -> bool {
        super::settled(world)
    }

    fn milestone(event: &Event) -> bool {
        matches!(event, Event::Decided { .. })
    }
}
