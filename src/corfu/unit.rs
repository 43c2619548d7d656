//! A storage unit: write-once pages on flash (CORFU §3.1). Pages survive a crash.
//!
//! - **Write-once** (§3.1): a page is unwritten, then data or junk, then only trimmed; a second write
//!   is refused "overwritten" (with what is there), a read of an unwritten page "unwritten".
//! - **Seal** (§4): a unit sealed at an epoch refuses every request from an older one ("sealed") and
//!   answers the seal with the highest position it holds.
//! - **Trim** (§3.3): positions below a mark are garbage-collected.
//! - **State transfer** (§4; chain replication, van Renesse and Schneider, OSDI 2004): a unit that
//!   replaces another in a chain copies a surviving replica of that chain.

use super::action::ActionError;
use super::client::{Client, Task};
use super::event::Event;
use super::invariants::Ghost;
use super::message::{Msg, Page, UnitError};
use super::node::NodeId;
use super::world::{err, Corfu};
use crate::sim::Out;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A page's state on a unit: absent means unwritten.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Slot {
    Written(Page),
    Trimmed,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Unit {
    pub pages: BTreeMap<u64, Slot>,
    /// Requests from an epoch below this are refused ("sealed").
    pub epoch: u64,
    pub crashed: bool,
}

impl Unit {
    fn admit(&self, epoch: u64) -> Result<(), UnitError> {
        if epoch < self.epoch {
            Err(UnitError::Sealed(self.epoch))
        } else {
            Ok(())
        }
    }

    pub fn write(&mut self, position: u64, epoch: u64, page: &Page) -> Result<(), UnitError> {
        self.admit(epoch)?;
        match self.pages.get(&position) {
            Some(Slot::Trimmed) => Err(UnitError::Trimmed),
            Some(Slot::Written(p)) => Err(UnitError::Overwritten(p.clone())),
            None => {
                self.pages.insert(position, Slot::Written(page.clone()));
                Ok(())
            }
        }
    }

    pub fn read(&self, position: u64, epoch: u64) -> Result<Page, UnitError> {
        self.admit(epoch)?;
        match self.pages.get(&position) {
            Some(Slot::Trimmed) => Err(UnitError::Trimmed),
            Some(Slot::Written(p)) => Ok(p.clone()),
            None => Err(UnitError::Unwritten),
        }
    }

    /// Seals the unit at `epoch`; answers the highest written position.
    pub fn seal(&mut self, epoch: u64) -> Option<u64> {
        self.epoch = self.epoch.max(epoch);
        self.highest()
    }

    /// The highest position this unit holds, trimmed ones included: a trimmed position was written
    /// (or given up) before it was trimmed, so a sequencer rebuilt from the seal's answers (§4.3) must
    /// start past it, or it would hand out positions that can never be written again (§3.3).
    pub fn highest(&self) -> Option<u64> {
        self.pages.keys().next_back().copied()
    }

    /// Marks every position below `upto` trimmed.
    pub fn trim(&mut self, upto: u64) {
        for p in 0..upto {
            self.pages.insert(p, Slot::Trimmed);
        }
    }
}

impl Unit {
    /// Handles a message from `from` to this unit `me`; returns the reply to send back to it, if any.
    /// `writer` is the sender's client state (if it is a client): what a refused write says depends on
    /// whether it was filling, and whether the position was written before it got the token.
    pub fn receive(
        &mut self,
        me: NodeId,
        from: NodeId,
        msg: &Msg,
        writer: Option<&Client>,
        ghost: &mut Ghost,
        out: &mut Out<'_, Corfu>,
    ) -> Option<Msg> {
        let reply = match msg {
            Msg::Write {
                position,
                epoch,
                page,
                request,
            } => {
                let sealed_at = self.epoch;
                match self.write(*position, *epoch, page) {
                    Ok(()) => {
                        ghost.wrote(me, *position, page, *epoch, sealed_at);
                        out.push(Event::WriteAccepted {
                            unit: me,
                            client: from,
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
                        let filling = writer
                            .is_some_and(|c| matches!(c.task, Task::Writing { fill: true, .. }));
                        let same = why == UnitError::Overwritten(page.clone());
                        let before_token =
                            writer.is_some_and(|c| c.written_before_token.contains(position));
                        out.push(Event::WriteRefused {
                            unit: me,
                            client: from,
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
            } => match self.read(*position, *epoch) {
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
                let highest = self.seal(*epoch);
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
                    from,
                    msg: other.clone(),
                });
                return None;
            }
        };
        Some(reply)
    }
}

impl Corfu {
    /// Whether the log may be trimmed below `upto` (the command "trim").
    pub(super) fn check_trim(&self, upto: u64) -> Result<(), ActionError> {
        if upto > 1_000_000 {
            return err(format!(
                "trimming below {upto} is out of range (at most 1000000)"
            ));
        }
        // Trim garbage-collects positions of the log (§3.3); a position past the tail belongs
        // to no entry yet, and trimming it would refuse every append the sequencer sends there.
        let tail = self.log_tail();
        if upto > tail {
            return err(format!(
                "cannot trim below {upto}: the log's tail is position {tail}, and nobody has been given a position from there on"
            ));
        }
        Ok(())
    }

    /// Trims every unit below `upto` (the command "trim", §3.3).
    pub(super) fn trim(&mut self, upto: u64, out: &mut Out<'_, Corfu>) {
        for u in &mut self.units {
            u.trim(upto);
        }
        out.push(Event::Trimmed { upto });
    }

    /// State transfer for `chain[i]`, a unit just put in place of a replaced one: it copies a
    /// surviving replica of the chain. Chain replication's state transfer: the new replica copies its
    /// predecessor (the head's replacement copies its successor), so the chain's written replicas stay
    /// a prefix. A crashed source still has its pages on flash. Returns (source, new) if it copied.
    pub(super) fn transfer_state(
        &mut self,
        chain: &[NodeId],
        i: usize,
    ) -> Option<(NodeId, NodeId)> {
        let new = *chain.get(i)?;
        let source = if i > 0 {
            chain.get(i - 1)
        } else {
            chain.get(1)
        }
        .copied();
        let src = source?;
        let pages = self
            .units
            .get(src.index())
            .map(|u| u.pages.clone())
            .unwrap_or_default();
        self.ghost.transferred(new, &pages);
        if let Some(u) = self.units.get_mut(new.index()) {
            u.pages = pages;
        }
        Some((src, new))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corfu::NodeId;

    fn data(v: &str) -> Page {
        Page::Data {
            client: NodeId::Client(1),
            value: v.into(),
        }
    }

    #[test]
    fn write_once_then_overwritten_unwritten_sealed_trimmed() {
        let mut u = Unit::default();
        assert_eq!(u.read(0, 0), Err(UnitError::Unwritten));
        assert_eq!(u.write(0, 0, &data("a")), Ok(()));
        assert_eq!(
            u.write(0, 0, &Page::Junk),
            Err(UnitError::Overwritten(data("a")))
        );
        assert_eq!(u.read(0, 0), Ok(data("a")));
        assert_eq!(u.seal(1), Some(0));
        assert_eq!(u.write(1, 0, &data("b")), Err(UnitError::Sealed(1)));
        assert_eq!(u.read(0, 0), Err(UnitError::Sealed(1)));
        assert_eq!(u.write(1, 1, &data("b")), Ok(()));
        u.trim(1);
        assert_eq!(u.read(0, 1), Err(UnitError::Trimmed));
        assert_eq!(u.write(0, 1, &Page::Junk), Err(UnitError::Trimmed));
        assert_eq!(u.highest(), Some(1));
    }

    #[test]
    fn a_seal_counts_trimmed_positions_as_written() {
        let mut u = Unit::default();
        assert_eq!(u.write(0, 0, &data("a")), Ok(()));
        u.trim(3);
        assert_eq!(u.seal(1), Some(2));
    }
}
