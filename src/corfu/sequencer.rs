//! The sequencer (CORFU §4.3, finding the tail): it hands out log positions (**tokens**) one after
//! another, so an append needs no storage unit to find the tail. Its state is soft: a crash loses the
//! tail, and a reconfiguration rebuilds it from the highest position the sealed units hold.

use super::event::Event;
use super::invariants::Ghost;
use super::message::Msg;
use super::node::NodeId;
use super::unit::Unit;
use super::world::Corfu;
use crate::sim::Out;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Sequencer {
    pub epoch: u64,
    /// The next position to hand out; `None` after a crash until a reconfiguration rebuilds it.
    pub tail: Option<u64>,
    pub crashed: bool,
}

impl Sequencer {
    /// A fresh sequencer in epoch 0, handing out position 0 first.
    pub fn new() -> Sequencer {
        Sequencer {
            epoch: 0,
            tail: Some(0),
            crashed: false,
        }
    }

    /// A crash loses the tail (soft state) until a reconfiguration rebuilds it.
    pub fn crash(&mut self) {
        self.crashed = true;
        self.tail = None;
    }

    /// Handles a message from `from`; returns the reply to send back to it, if any.
    pub fn receive(
        &mut self,
        from: NodeId,
        msg: Msg,
        ghost: &mut Ghost,
        out: &mut Out<'_, Corfu>,
    ) -> Option<Msg> {
        match msg {
            Msg::TokenRequest { request } => match self.tail {
                Some(position) => {
                    let epoch = self.epoch;
                    self.tail = Some(position + 1);
                    ghost.token(epoch, position);
                    Some(Msg::Token {
                        position,
                        epoch,
                        request,
                    })
                }
                None => Some(Msg::NoToken { request }),
            },
            // Only a newer epoch rebuilds the sequencer: a late or duplicated rebuild of the current
            // epoch would hand out its positions twice.
            Msg::Rebuild { epoch, tail } if epoch > self.epoch => {
                self.epoch = epoch;
                self.tail = Some(tail);
                out.push(Event::Rebuilt { epoch, tail });
                None
            }
            other => {
                out.push(Event::Ignored {
                    node: NodeId::Sequencer,
                    from,
                    msg: other,
                });
                None
            }
        }
    }
}

impl Default for Sequencer {
    fn default() -> Self {
        Sequencer::new()
    }
}

impl Corfu {
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
}
