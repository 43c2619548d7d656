//! Projections (CORFU §3.1, mapping; §4, reconfiguration): which storage units hold which log positions
//! in an epoch, which projection a client uses, and installing the next projection once a client has
//! sealed the current epoch's units.
//!
//! - A projection maps a position to a replica chain; positions alternate between chains.
//! - A client uses the projection of its epoch, and fetches the current one when a unit refuses it
//!   as "sealed" or when it retries.
//! - Each epoch's projection is written once (CORFU keeps projections in a write-once store, §4): of
//!   two rival reconfigurations, the second finds its epoch installed and gives up ("outpaced").
//! - Installing: a replaced unit's chain gets the spare, which copies a surviving replica (state
//!   transfer, in [`super::unit`]); every unit of the old and new projection is sealed at the new
//!   epoch; the sequencer is rebuilt from the seal's answers (§4.3).

use super::action::ActionError;
use super::client::Task;
use super::event::Event;
use super::message::Msg;
use super::node::NodeId;
use super::world::{err, Corfu};
use crate::sim::Out;
use serde::{Deserialize, Serialize};

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

impl Corfu {
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

    /// A client whose epoch is old fetches the current projection.
    pub(super) fn refresh(&mut self, client: NodeId, out: &mut Out<'_, Corfu>) {
        let epoch = self.projection().epoch;
        if let Some(c) = self.client_mut(client) {
            if c.epoch != epoch {
                c.epoch = epoch;
                out.push(Event::Refreshed { client, epoch });
            }
        }
    }

    /// A projection is written once per epoch (CORFU keeps them in a write-once store, §4): a client
    /// sealing for `epoch` after another client installed it gives up and takes the installed one.
    pub(super) fn outpaced(
        &mut self,
        client: NodeId,
        epoch: u64,
        out: &mut Out<'_, Corfu>,
    ) -> bool {
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
    pub(super) fn install(
        &mut self,
        client: NodeId,
        epoch: u64,
        highest: Option<u64>,
        replace: Option<(NodeId, NodeId)>,
        out: &mut Out<'_, Corfu>,
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
                    if let Some(c) = self.transfer_state(chain, i) {
                        copied = Some(c);
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
        out.send(client, NodeId::Sequencer, Msg::Rebuild { epoch, tail }, 0);
    }

    /// Whether `client`'s reconfiguration may replace `old` with `new`: `old` is in the current
    /// projection, `new` a live spare, and `old`'s chain keeps another live replica to copy from.
    pub(super) fn check_replace(&self, old: &NodeId, new: &NodeId) -> Result<(), ActionError> {
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
        let source = chain.and_then(|c| c.iter().find(|u| *u != old && !self.is_crashed(**u)));
        if source.is_none() {
            return err(format!(
                "replacing {old} would lose its positions: no other live replica in its chain to copy from"
            ));
        }
        Ok(())
    }
}
