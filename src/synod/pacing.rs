//! How leaders act in time when `timing.auto` is on: starting rounds by themselves, retrying when
//! preempted, restarting rounds that time out, and — with leader selection — heartbeats and a failure
//! detector. The rules and the fixes are described in [`super::liveness`].

use super::event::Event;
use super::leader::RoundPhase;
use super::liveness::{Fix, Preemption, TimerKind};
use super::message::{Msg, Round};
use super::node::NodeId;
use super::world::{Synod, World};
use crate::sim::Out;

/// The adaptive timeout never grows past this many base timeouts.
const MAX_GROWTH: u64 = 64;

impl Synod {
    /// The liveness record to change (copied first if another world shares it).
    fn live(&mut self) -> &mut super::liveness::Liveness {
        std::sync::Arc::make_mut(&mut self.liveness)
    }

    /// The leaders' timings to change (copied first if another world shares them).
    fn timings(&mut self) -> &mut Vec<super::liveness::LeaderTiming> {
        std::sync::Arc::make_mut(&mut self.live().leaders)
    }

    fn auto(&self) -> bool {
        self.config.timing.auto
    }

    /// How often a leader says "still here" under leader selection.
    pub fn heartbeat_period(&self) -> u64 {
        (2 * self.config.latency.max).max(2)
    }

    /// How long without a heartbeat before the failure detector suspects a crash.
    pub fn suspect_after(&self) -> u64 {
        3 * self.heartbeat_period() + self.config.latency.max
    }

    /// The lower-numbered leaders that `leader` suspects at time `now` of having crashed.
    pub fn suspects(&self, leader: NodeId, now: u64) -> Vec<NodeId> {
        let Some(t) = self.liveness.leaders.get(leader.index()) else {
            return Vec::new();
        };
        (0..leader.index())
            .filter(|&j| {
                now.saturating_sub(t.heard.get(j).copied().unwrap_or(0)) > self.suspect_after()
            })
            .map(NodeId::leader)
            .collect()
    }

    /// Whether `leader` believes at time `now` that it should start rounds: always, unless leader
    /// selection is on and it believes a lower-numbered leader is alive.
    pub fn believes_leading_at(&self, leader: NodeId, now: u64) -> bool {
        !self.liveness.fixes.leader_selection || self.suspects(leader, now).len() == leader.index()
    }

    fn can_act(&self, leader: NodeId, now: u64) -> bool {
        self.auto()
            && !self.is_crashed(leader)
            && self.decided(leader).is_none()
            && self.believes_leading_at(leader, now)
    }

    /// The wait a leader uses now: the base timeout, or its grown one under adaptive timeouts.
    fn timeout_of(&self, leader: NodeId) -> u64 {
        if self.liveness.fixes.adaptive_timeouts {
            self.liveness
                .leaders
                .get(leader.index())
                .map_or(self.config.timeout(), |t| t.timeout)
        } else {
            self.config.timeout()
        }
    }

    /// A leader starts a round by itself: a majority quorum, rotated on each attempt so that a crashed
    /// acceptor does not block it forever.
    pub(super) fn auto_start(&mut self, leader: NodeId, out: &mut Out<'_, Synod>) {
        let n = self.acceptors.len();
        let size = self.config.majority();
        let attempts = self
            .timings()
            .get_mut(leader.index())
            .map(|t| {
                t.attempts += 1;
                t.attempts - 1
            })
            .unwrap_or(0);
        let offset = (attempts as usize * size) % n;
        let mut quorum: Vec<NodeId> = (0..size)
            .map(|i| NodeId::acceptor((offset + i) % n))
            .collect();
        quorum.sort();
        // Under flexible quorums: the phase-1 quorums in turn.
        if !self.config.quorums.is_majority() {
            let all = self.config.quorums.phase1_quorums(n);
            if let Some(q) = all.get(attempts as usize % all.len().max(1)) {
                quorum = q.clone();
            }
        }
        self.start_round(leader, &quorum, None, out);
    }

    pub(super) fn round_started(&mut self, leader: NodeId, round: Round, now: u64) {
        self.live().round_starts.push((now, leader, round));
        self.live().rounds_since_decision += 1;
        if self.auto() {
            let due = now + self.timeout_of(leader);
            self.live()
                .add_timer(leader, due, TimerKind::RoundTimeout { round });
        }
    }

    /// `leader` heard that its `round` lost to round `by`.
    pub(super) fn preempted(
        &mut self,
        leader: NodeId,
        round: Round,
        by: Round,
        out: &mut Out<'_, Synod>,
    ) {
        self.live().preemptions.push(Preemption {
            at: out.now,
            leader,
            round,
            by,
        });
        if !self.can_act(leader, out.now) {
            return;
        }
        let fixes = self.liveness.fixes;
        let wait = if fixes.backoff {
            Some(out.rng.between(1, self.config.timeout()))
        } else if fixes.adaptive_timeouts {
            let base = self.config.timeout();
            self.timings().get_mut(leader.index()).map(|t| {
                let wait = t.timeout;
                t.timeout = (t.timeout * 2).min(base * MAX_GROWTH);
                wait
            })
        } else {
            None
        };
        match wait {
            Some(wait) => {
                let until = out.now + wait;
                self.live().add_timer(leader, until, TimerKind::Retry);
                out.push(Event::BacksOff { leader, until });
            }
            // Without a fix, a preempted leader tries again at once, above the round that beat it.
            None => self.auto_start(leader, out),
        }
    }

    pub(super) fn decided_progress(&mut self, leader: NodeId, now: u64) {
        self.live().last_progress = now;
        self.live().rounds_since_decision = 0;
        let base = self.config.timeout();
        let lowered = |timeout: u64| timeout.saturating_sub(base).max(base);
        // The timings are shared with other worlds: copied only if the timeout really comes down.
        let lowers = |t: &super::liveness::LeaderTiming| lowered(t.timeout) != t.timeout;
        if self
            .liveness
            .leaders
            .get(leader.index())
            .is_some_and(lowers)
        {
            if let Some(t) = self.timings().get_mut(leader.index()) {
                t.timeout = lowered(t.timeout);
            }
        }
    }

    /// A timer is due.
    pub(super) fn fire(&mut self, id: u64, out: &mut Out<'_, Synod>) {
        let Some(timer) = self.live().take_timer(id) else {
            return;
        };
        let leader = timer.leader;
        match timer.kind {
            TimerKind::RoundTimeout { round } => {
                let running = self
                    .leaders
                    .get(leader.index())
                    .and_then(|l| l.current.as_ref());
                // A preempted round is handled by its retry; a finished one needs nothing.
                let stalled = running.is_some_and(|s| {
                    s.round == round
                        && s.preempted.is_none()
                        && !matches!(s.phase, RoundPhase::Decided { .. })
                });
                if stalled && self.can_act(leader, out.now) {
                    out.push(Event::TimedOut { leader, round });
                    if self.liveness.fixes.adaptive_timeouts {
                        let base = self.config.timeout();
                        if let Some(t) = self.timings().get_mut(leader.index()) {
                            t.timeout = (t.timeout * 2).min(base * MAX_GROWTH);
                        }
                    }
                    self.auto_start(leader, out);
                }
            }
            TimerKind::Retry => {
                let preempted_or_idle = self
                    .leaders
                    .get(leader.index())
                    .is_some_and(|l| l.current.as_ref().is_none_or(|s| s.preempted.is_some()));
                if preempted_or_idle && self.can_act(leader, out.now) {
                    self.auto_start(leader, out);
                }
            }
            TimerKind::Heartbeat => self.heartbeat(leader, out),
        }
    }

    fn heartbeat(&mut self, leader: NodeId, out: &mut Out<'_, Synod>) {
        if self.is_crashed(leader) || !self.liveness.fixes.leader_selection {
            return;
        }
        for other in (0..self.leaders.len()).map(NodeId::leader) {
            if other != leader {
                out.send(leader, other, Msg::Heartbeat, 0);
            }
        }
        let due = out.now + self.heartbeat_period();
        self.live().add_timer(leader, due, TimerKind::Heartbeat);
        self.check_leadership(leader, out);
    }

    /// Re-reads the failure detector; a leader that now believes it leads takes over.
    fn check_leadership(&mut self, leader: NodeId, out: &mut Out<'_, Synod>) {
        let leading = self.believes_leading_at(leader, out.now);
        let Some(was) = self
            .timings()
            .get_mut(leader.index())
            .map(|t| std::mem::replace(&mut t.leading, leading))
        else {
            return;
        };
        if leading && !was && leader.index() > 0 {
            out.push(Event::TakesOver {
                leader,
                suspects: self.suspects(leader, out.now),
            });
        }
        let idle = self
            .leaders
            .get(leader.index())
            .is_some_and(|l| l.current.as_ref().is_none_or(|s| s.preempted.is_some()));
        let retry_pending = self
            .liveness
            .timers
            .iter()
            .any(|t| t.leader == leader && t.kind == TimerKind::Retry);
        if leading && (!was || idle) && !retry_pending && self.can_act(leader, out.now) {
            self.auto_start(leader, out);
        }
    }

    /// A heartbeat from `from` reached `me`.
    pub(super) fn heard(&mut self, me: NodeId, from: NodeId, out: &mut Out<'_, Synod>) {
        let now = out.now;
        if let Some(slot) = self
            .timings()
            .get_mut(me.index())
            .and_then(|t| t.heard.get_mut(from.index()))
        {
            *slot = now;
        }
        let leading = self.believes_leading_at(me, out.now);
        if let Some(t) = self.timings().get_mut(me.index()) {
            if t.leading && !leading {
                t.leading = false;
                out.push(Event::StandsDown {
                    leader: me,
                    defers_to: from,
                });
            }
        }
    }

    pub(super) fn leader_recovered(&mut self, leader: NodeId, now: u64) {
        let base = self.config.timeout();
        if let Some(t) = self.timings().get_mut(leader.index()) {
            t.timeout = base;
            t.heard.iter_mut().for_each(|h| *h = now);
            t.leading = false;
        }
        if self.auto() {
            if self.liveness.fixes.leader_selection {
                self.live().add_timer(leader, now + 1, TimerKind::Heartbeat);
            } else {
                self.live().add_timer(leader, now + base, TimerKind::Retry);
            }
        }
    }

    pub(super) fn switch(&mut self, fix: Fix, on: bool, out: &mut Out<'_, Synod>) {
        let was = self.liveness.fixes.get(fix);
        self.live().fixes.set(fix, on);
        out.push(Event::FixSwitched { fix, on });
        if fix == Fix::LeaderSelection && on && !was {
            let now = out.now;
            for (i, t) in self.timings().iter_mut().enumerate() {
                t.heard.iter_mut().for_each(|h| *h = now);
                t.leading = i == 0;
            }
            for i in 0..self.leaders.len() {
                let l = NodeId::leader(i);
                if !self.is_crashed(l) {
                    self.live().add_timer(l, now + 1, TimerKind::Heartbeat);
                }
            }
        }
    }
}

/// The livelock in numbers, for the panel and the CLI.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct LivelockReport {
    pub rounds_started: u64,
    pub rounds_without_decision: u64,
    pub preemptions: usize,
    pub time_since_progress: u64,
    /// (value, time, rounds wasted) of the first decision.
    pub decided: Option<(String, u64, u64)>,
}

impl World {
    /// The lower-numbered leaders that `leader` currently suspects of having crashed.
    pub fn suspected_by(&self, leader: NodeId) -> Vec<NodeId> {
        self.suspects(leader, self.now)
    }

    /// Whether `leader` believes it should start rounds: always, unless leader selection is on and it
    /// believes a lower-numbered leader is alive.
    pub fn believes_leading(&self, leader: NodeId) -> bool {
        self.believes_leading_at(leader, self.now)
    }

    pub fn livelock_report(&self) -> LivelockReport {
        LivelockReport {
            rounds_started: self.metrics.rounds_started,
            rounds_without_decision: self.liveness.rounds_since_decision,
            preemptions: self.liveness.preemptions.len(),
            time_since_progress: self.now.saturating_sub(self.liveness.last_progress),
            decided: self.metrics.first_decision.as_ref().map(|d| {
                let wasted = self
                    .liveness
                    .round_starts
                    .iter()
                    .filter(|(t, _, r)| *t <= d.at_time && *r != d.round)
                    .count() as u64;
                (d.value.to_string(), d.at_time, wasted)
            }),
        }
    }
}
