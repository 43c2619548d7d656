//! A CORFU client: its volatile state (what it is doing, lost in a crash, and which epoch it believes
//! in) and the client protocol. CORFU puts the protocol in the clients; units and sequencer only answer.
//!
//! - **Append** (§3, §4.1): take a position (a **token**) from the sequencer, then write it down the
//!   position's replica chain, head first; the append is done when the tail has it. A write refused
//!   "overwritten" by something else means the position is taken: the writer takes a new one.
//! - **Read** (§3, §4.1): read the position from its chain's tail.
//! - **Holes, fill, junk** (§3.4): a reader that finds a position below the log's tail unwritten waits,
//!   then fills it: it completes the chain with the head's data, or writes junk. A position at or past
//!   the tail has been given to nobody and is never filled. (The broken `eager_fill` variant's reader
//!   does not wait: it fills at once. The wait spares a slow writer its position; what keeps a fill
//!   safe is write-once at the head, which decides between the writer's entry and the junk.)
//! - **Seal and reconfigure** (§4), driven by a client: it seals the current epoch's units, and once
//!   all have answered installs the next projection (in [`super::projection`]). A write or read
//!   refused "sealed" fetches the new projection and tries again there, a write at the *same*
//!   position, from the head.
//! - **Trimmed** (§3.3): a writer whose position was trimmed under it takes a new position.
//! - **Retries and timers**: every request carries a fresh number that its answer echoes; a client
//!   that hears no answer in time sends its current step again, as a new request.

use super::action::ActionError;
use super::config::Variant;
use super::event::{Event, Unfinished};
use super::message::{Msg, Page, UnitError};
use super::node::NodeId;
use super::unit::Slot;
use super::world::{err, Corfu};
use crate::sim::Messenger;
use crate::sim::{Network, Out};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Task {
    Idle,
    /// Appending `value`: waiting for a position from the sequencer.
    AwaitToken {
        value: String,
    },
    /// Writing `page` at `position` down the chain; `replica` is the next one to write.
    Writing {
        position: u64,
        epoch: u64,
        page: Page,
        replica: usize,
        /// Part of a hole fill (not an append).
        fill: bool,
    },
    /// Reading `position` from its chain's tail.
    Reading {
        position: u64,
    },
    /// Found `position` unwritten; fills it at `until` unless it gets written first.
    Waiting {
        position: u64,
        until: u64,
    },
    /// Filling: reading the chain's head to see whether a writer got that far.
    FillReadHead {
        position: u64,
    },
    /// Sealing the current epoch to install the next projection.
    Sealing {
        epoch: u64,
        waiting: BTreeSet<NodeId>,
        highest: Option<u64>,
        replace: Option<(NodeId, NodeId)>,
    },
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Client {
    pub task: Task,
    /// The projection epoch this client uses.
    pub epoch: u64,
    pub crashed: bool,
    /// The number of the client's latest request: only a reply carrying it counts (see
    /// [`super::message::Msg::answers`]). Numbers are never reused, not even after a crash (as if each
    /// carried the client's incarnation), so no answer to an earlier request can pass for a later one.
    #[serde(default)]
    pub request: u64,
    /// The fill under way follows a real wait (a read found the position unwritten and the reader
    /// waited `fill_after` for a writer), not a fill asked for at once.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub waited: bool,
    /// Positions whose token reached this client when the position was already written (filled
    /// before the client held it): a refusal of its write there is not a "late write".
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub written_before_token: BTreeSet<u64>,
}

impl Default for Client {
    fn default() -> Self {
        Client {
            task: Task::Idle,
            epoch: 0,
            crashed: false,
            request: 0,
            waited: false,
            written_before_token: BTreeSet::new(),
        }
    }
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

impl Client {
    /// The client crashes: it forgets what it was doing. Returns the position it held (its token in
    /// hand, an append's write not yet down its whole chain).
    pub fn crash(&mut self) -> Option<u64> {
        self.crashed = true;
        let held = match self.task {
            Task::Writing {
                position,
                fill: false,
                ..
            } => Some(position),
            _ => None,
        };
        self.task = Task::Idle;
        held
    }

    /// The client comes back, using the current projection's `epoch`.
    pub fn recover(&mut self, epoch: u64) {
        self.crashed = false;
        self.epoch = epoch;
    }
}

impl Corfu {
    /// Some unit holds `position` (data, junk or trimmed), in any projection.
    pub(super) fn written_anywhere(&self, position: u64) -> bool {
        self.units.iter().any(|u| u.pages.contains_key(&position))
    }

    /// A write of an entry (not a fill's junk) to `position` is in flight, from `from` if given.
    pub(super) fn data_write_in_flight(
        net: &Network<NodeId, Msg>,
        position: u64,
        from: Option<NodeId>,
    ) -> bool {
        net.in_flight().iter().any(|m| {
            from.is_none_or(|f| m.from == f)
                && matches!(&m.payload, Msg::Write { position: p, page: Page::Data { .. }, .. } if *p == position)
        })
    }

    /// Where log position `position` stands, with `net` in flight: free, held by a writer, landing, a
    /// hole, or written.
    pub fn position_state_in(&self, net: &Network<NodeId, Msg>, position: u64) -> PositionState {
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
            net.in_flight().iter().find_map(|m| match m.payload {
                Msg::Token { position: p, .. } if p == position && !self.is_crashed(m.to) => {
                    Some(m.to)
                }
                _ => None,
            })
        };
        if let Some(c) = holder.or_else(on_the_way) {
            return PositionState::Held(c);
        }
        if Corfu::data_write_in_flight(net, position, None) {
            PositionState::Landing
        } else {
            PositionState::Hole
        }
    }

    /// What a client that crashed holding `held` left behind: a hole, or an append it did not finish
    /// (its write still in flight, or its entry on part of the chain).
    pub(super) fn left_behind(
        &self,
        net: &Network<NodeId, Msg>,
        node: NodeId,
        held: Option<u64>,
    ) -> (Option<u64>, Option<Unfinished>) {
        let (mut hole, mut unfinished) = (None, None);
        if let Some(position) = held {
            if self.position_state_in(net, position) == PositionState::Hole {
                hole = Some(position);
            } else if Corfu::data_write_in_flight(net, position, Some(node)) {
                unfinished = Some(Unfinished {
                    position,
                    in_flight: true,
                });
            } else if self.units.iter().any(|u| {
                matches!(u.pages.get(&position), Some(Slot::Written(Page::Data { client, .. })) if *client == node)
            }) {
                unfinished = Some(Unfinished {
                    position,
                    in_flight: false,
                });
            }
        }
        (hole, unfinished)
    }

    pub(super) fn client(&self, c: NodeId) -> Option<&Client> {
        match c {
            NodeId::Client(_) => self.clients.get(c.index()),
            _ => None,
        }
    }

    pub(super) fn client_mut(&mut self, c: NodeId) -> Option<&mut Client> {
        match c {
            NodeId::Client(_) => self.clients.get_mut(c.index()),
            _ => None,
        }
    }

    pub(super) fn ready_client(&self, c: NodeId) -> Result<(), ActionError> {
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

    /// Whether `client` may append `value` (the command "append").
    pub(super) fn check_append(&self, client: NodeId, value: &str) -> Result<(), ActionError> {
        self.ready_client(client)?;
        if value.trim().is_empty()
            || value.chars().count() > 40
            || value.chars().any(char::is_control)
        {
            return err("an entry needs 1 to 40 printable characters".into());
        }
        Ok(())
    }

    /// Whether `client` may read `position`, or fill it if `fill` (the commands "read" and "fill").
    pub(super) fn check_read(
        &self,
        client: NodeId,
        position: u64,
        fill: bool,
    ) -> Result<(), ActionError> {
        self.ready_client(client)?;
        if position > 1_000_000 {
            return err(format!(
                "position {position} is out of range (at most 1000000)"
            ));
        }
        // A hole is a position handed out that nobody wrote (§3.4): past the tail there is none.
        let tail = self.log_tail();
        if fill && position >= tail {
            return err(format!(
                "position {position} is at or past the log's tail (position {tail}): nobody has been given it, so there is no hole to fill"
            ));
        }
        Ok(())
    }

    /// A client starts an append of `value` (the command "append").
    pub(super) fn append(&mut self, client: NodeId, value: &str, out: &mut Out<'_, Corfu>) {
        self.ghost.begin_append(client, value);
        out.push(Event::AppendStarted {
            client,
            value: value.to_string(),
        });
        self.request_token(client, value.to_string(), out);
    }

    /// A client fills `position` at once, without waiting for a writer (the command "fill").
    pub(super) fn fill(&mut self, client: NodeId, position: u64, out: &mut Out<'_, Corfu>) {
        if let Some(c) = self.client_mut(client) {
            c.waited = false;
        }
        self.start_fill(client, position, out)
    }

    /// A client starts a reconfiguration (§4): it seals the current epoch's units (all but the one
    /// it replaces), then installs the next projection once every one has answered.
    pub(super) fn start_seal(
        &mut self,
        client: NodeId,
        replace: Option<(NodeId, NodeId)>,
        out: &mut Out<'_, Corfu>,
    ) {
        let epoch = self.projection().epoch + 1;
        let seal: BTreeSet<NodeId> = self
            .projection()
            .units()
            .into_iter()
            .filter(|u| replace.is_none_or(|(old, _)| old != *u))
            .collect();
        out.push(Event::SealStarted {
            client,
            epoch,
            replace,
        });
        if let Some(c) = self.client_mut(client) {
            c.task = Task::Sealing {
                epoch,
                waiting: seal.clone(),
                highest: None,
                replace,
            };
        }
        let request = self.new_request(client);
        for u in seal {
            out.send(client, u, Msg::Seal { epoch, request }, 0);
        }
        self.arm_retry(client, out.now);
    }

    /// Writes `page` at `position` to the `replica`-th unit of its chain, or finishes if past the tail.
    fn write_next(
        &mut self,
        client: NodeId,
        position: u64,
        page: Page,
        replica: usize,
        fill: bool,
        out: &mut Out<'_, Corfu>,
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
                out.send(
                    client,
                    unit,
                    Msg::Write {
                        position,
                        epoch,
                        page,
                        request,
                    },
                    0,
                );
                self.arm_retry(client, out.now);
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
    pub(super) fn new_request(&mut self, client: NodeId) -> u64 {
        match self.client_mut(client) {
            Some(c) => {
                c.request += 1;
                c.request
            }
            None => 0,
        }
    }

    fn request_token(&mut self, client: NodeId, value: String, out: &mut Out<'_, Corfu>) {
        if let Some(c) = self.client_mut(client) {
            c.task = Task::AwaitToken { value };
        }
        let request = self.new_request(client);
        out.send(client, NodeId::Sequencer, Msg::TokenRequest { request }, 0);
        self.arm_retry(client, out.now);
    }

    pub(super) fn read_tail(&mut self, client: NodeId, position: u64, out: &mut Out<'_, Corfu>) {
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
        out.send(
            client,
            tail,
            Msg::Read {
                position,
                epoch,
                request,
            },
            0,
        );
        self.arm_retry(client, out.now);
    }

    /// A reader fills only a position below the log's tail (a hole, §3.4): one at or past it has not
    /// been given to anybody, and junk there would refuse the append that is given it next. If
    /// `position` is past the tail, the client says so and stops.
    fn beyond_tail(&mut self, client: NodeId, position: u64, out: &mut Out<'_, Corfu>) -> bool {
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

    pub(super) fn start_fill(&mut self, client: NodeId, position: u64, out: &mut Out<'_, Corfu>) {
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
        out.send(
            client,
            head,
            Msg::Read {
                position,
                epoch,
                request,
            },
            0,
        );
        self.arm_retry(client, out.now);
    }

    /// A client gives up on a position it cannot read or write, and says why.
    fn give_up(&mut self, client: NodeId, position: u64, why: UnitError, out: &mut Out<'_, Corfu>) {
        if let Some(c) = self.client_mut(client) {
            c.task = Task::Idle;
        }
        out.push(Event::ReadFailed {
            client,
            position,
            why,
        });
    }

    pub(super) fn client_receives(&mut self, m: Messenger<NodeId, Msg>, out: &mut Out<'_, Corfu>) {
        let me = m.to;
        let Some((task, request)) = self.client(me).map(|c| (c.task.clone(), c.request)) else {
            return;
        };
        let ignore = |out: &mut Out<'_, Corfu>, msg: Msg| {
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
                    // The broken eager_fill variant: the reader does not wait for the writer, it
                    // fills the position at once.
                    if self.config.variant == Variant::EagerFill {
                        if let Some(c) = self.client_mut(me) {
                            c.waited = false;
                        }
                        self.start_fill(me, position, out);
                        return;
                    }
                    let until = out.now + self.config.fill_after;
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
    pub(super) fn arm_retry(&mut self, client: NodeId, now: u64) {
        let Some(c) = self.client(client) else {
            return;
        };
        if c.task != Task::Idle {
            let request = c.request;
            // Longer than a reader waits before filling: a writer that stalls loses its position to the filler.
            let due = now + 4 * (self.config.fill_after + self.config.latency.max);
            self.add_timer(client, due, TimerKind::Retry { request });
        }
    }

    /// A timer still matters only while its client is doing what it was set for.
    pub(super) fn live(&self, t: &ClientTimer) -> bool {
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
    pub(super) fn next_timer_due(&self) -> Option<(u64, u64)> {
        self.timers
            .iter()
            .filter(|t| self.live(t))
            .map(|t| (t.due, t.id))
            .min()
    }

    /// Timer `t`, which still matters, goes off: a waiting reader fills, a client that heard no answer
    /// retries its current step.
    pub(super) fn timer_fires(&mut self, t: ClientTimer, out: &mut Out<'_, Corfu>) {
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
                                out.send(client, u, Msg::Seal { epoch, request }, 0);
                            }
                            self.arm_retry(client, out.now);
                        }
                    }
                    Task::Idle | Task::Waiting { .. } => {}
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Task;
    use crate::corfu::{Action, Config, NodeId, Variant, World};
    use crate::sim::Simulation;

    fn deliver(w: &mut World, kind: &str, from: NodeId, to: NodeId) {
        let id = w
            .network
            .in_flight()
            .iter()
            .find(|m| m.payload.kind() == kind && m.from == from && m.to == to)
            .map(|m| m.id)
            .unwrap_or_else(|| panic!("no {kind} from {from} to {to} in flight"));
        w.apply(&Action::Deliver(id)).expect("delivers");
    }

    /// C1 holds position 0 (its entry on the way to the head, U1); C2 reads 0 from the tail, U2, and
    /// finds it unwritten.
    fn reader_finds_a_held_position_unwritten(variant: Variant) -> World {
        let mut w = World::new(Config {
            units: 2,
            replicas: 2,
            spares: 0,
            clients: 2,
            variant,
            ..Config::new(1)
        })
        .expect("config");
        let (c1, c2) = (NodeId::Client(1), NodeId::Client(2));
        let (s, u2) = (NodeId::Sequencer, NodeId::Unit(2));
        w.apply(&Action::Append {
            client: c1,
            value: "pizza".into(),
        })
        .expect("appends");
        deliver(&mut w, "token_request", c1, s);
        deliver(&mut w, "token", s, c1);
        w.apply(&Action::Read {
            client: c2,
            position: 0,
        })
        .expect("reads");
        deliver(&mut w, "read", c2, u2);
        deliver(&mut w, "read_refused", u2, c2);
        w
    }

    #[test]
    fn a_correct_reader_waits_before_it_fills_and_the_eager_fill_variant_fills_at_once() {
        let c2 = NodeId::Client(2);
        let w = reader_finds_a_held_position_unwritten(Variant::Correct);
        assert!(
            matches!(w.clients[1].task, Task::Waiting { position: 0, .. }),
            "a correct reader waits for the writer: {:?}",
            w.clients[1].task
        );

        // The rule removed: the reader fills at once, and junks the position its writer still holds.
        let mut w = reader_finds_a_held_position_unwritten(Variant::EagerFill);
        assert_eq!(w.clients[1].task, Task::FillReadHead { position: 0 });
        let (c1, u1, u2) = (NodeId::Client(1), NodeId::Unit(1), NodeId::Unit(2));
        deliver(&mut w, "read", c2, u1);
        deliver(&mut w, "read_refused", u1, c2);
        deliver(&mut w, "write", c2, u1);
        deliver(&mut w, "written", u1, c2);
        deliver(&mut w, "write", c2, u2);
        // The writer's entry is refused at the head: it takes a new position. That costs the writer
        // its position, but write-once at the head keeps the log safe: no property breaks.
        deliver(&mut w, "write", c1, u1);
        deliver(&mut w, "write_refused", u1, c1);
        assert!(
            matches!(w.clients[0].task, Task::AwaitToken { .. }),
            "the writer asks for a new position: {:?}",
            w.clients[0].task
        );
        assert!(w.broken.is_empty(), "{:?}", w.broken);
    }
}
