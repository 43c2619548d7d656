//! A storage unit: write-once pages on flash (CORFU §3.1). Pages survive a crash.
//!
//! - **Write-once** (§3.1): a page is unwritten, then data or junk, then only trimmed; a second write
//!   is refused "overwritten" (with what is there), a read of an unwritten page "unwritten". (The
//!   broken `overwrite` variant removes this rule: its units replace a written page with a different
//!   one, see [`Unit::overwrite`].)
//! - **Seal** (§4): a unit sealed at an epoch refuses every request from an older one ("sealed") and
//!   answers the seal with the highest position it holds.
//! - **Trim** (§3.3): positions below a mark are garbage-collected.
//! - **State transfer** (§4; chain replication, van Renesse and Schneider, OSDI 2004): a unit that
//!   replaces another in a chain copies a surviving replica of that chain.

use super::action::ActionError;
use super::client::{Client, Task};
use super::config::Variant;
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

    /// The broken `overwrite` variant's write: as [`Unit::write`], but a page already written with
    /// something else is replaced (write-once removed). Returns the page it replaced, if any. A write
    /// of the very page that is there changes nothing and is refused as "overwritten", as by a
    /// correct unit.
    pub fn overwrite(
        &mut self,
        position: u64,
        epoch: u64,
        page: &Page,
    ) -> Result<Option<Page>, UnitError> {
        self.admit(epoch)?;
        match self.pages.get(&position) {
            Some(Slot::Trimmed) => Err(UnitError::Trimmed),
            Some(Slot::Written(p)) if p == page => Err(UnitError::Overwritten(p.clone())),
            Some(Slot::Written(p)) => {
                let old = p.clone();
                self.pages.insert(position, Slot::Written(page.clone()));
                Ok(Some(old))
            }
            None => {
                self.pages.insert(position, Slot::Written(page.clone()));
                Ok(None)
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
    /// `variant` is the config's: the `overwrite` variant's units are not write-once.
    #[allow(clippy::too_many_arguments)]
    pub fn receive(
        &mut self,
        me: NodeId,
        from: NodeId,
        msg: &Msg,
        writer: Option<&Client>,
        variant: Variant,
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
                let written = match variant {
                    Variant::Overwrite => self.overwrite(*position, *epoch, page),
                    _ => self.write(*position, *epoch, page).map(|()| None),
                };
                match written {
                    Ok(old) => {
                        ghost.wrote(me, *position, page, *epoch, sealed_at);
                        out.push(match old {
                            None => Event::WriteAccepted {
                                unit: me,
                                client: from,
                                position: *position,
                                page: page.clone(),
                            },
                            Some(old) => Event::Overwrote {
                                unit: me,
                                client: from,
                                position: *position,
                                old,
                                page: page.clone(),
                            },
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
    fn the_overwrite_variant_replaces_a_written_page() {
        // The rule removed: write-once. A correct unit refuses junk over an entry; this one takes it.
        let mut u = Unit::default();
        assert_eq!(u.overwrite(0, 0, &data("a")), Ok(None));
        assert_eq!(u.overwrite(0, 0, &Page::Junk), Ok(Some(data("a"))));
        assert_eq!(u.read(0, 0), Ok(Page::Junk));
        // The same page again changes nothing and is refused, as by a correct unit; seal and trim hold.
        assert_eq!(
            u.overwrite(0, 0, &Page::Junk),
            Err(UnitError::Overwritten(Page::Junk))
        );
        u.seal(1);
        assert_eq!(u.overwrite(0, 0, &data("b")), Err(UnitError::Sealed(1)));
        u.trim(1);
        assert_eq!(u.overwrite(0, 1, &data("b")), Err(UnitError::Trimmed));
    }

    #[test]
    fn a_unit_of_the_overwrite_variant_accepts_junk_over_an_entry_and_write_once_breaks() {
        use crate::corfu::{Action, Config, World};
        use crate::sim::Simulation;
        let config = Config {
            units: 2,
            replicas: 2,
            spares: 0,
            clients: 2,
            variant: Variant::Overwrite,
            ..Config::new(1)
        };
        let mut w = World::new(config).expect("config");
        let c1 = NodeId::Client(1);
        let c2 = NodeId::Client(2);
        let deliver = |w: &mut World, kind: &str, to: NodeId| {
            let id = w
                .network
                .in_flight()
                .iter()
                .find(|m| m.payload.kind() == kind && m.to == to)
                .map(|m| m.id)
                .expect("in flight");
            w.apply(&Action::Deliver(id)).expect("delivers")
        };
        let append = Action::Append {
            client: c1,
            value: "Thai".into(),
        };
        w.apply(&append).expect("appends");
        deliver(&mut w, "token_request", NodeId::Sequencer);
        deliver(&mut w, "token", c1);
        // C2 fills position 0 before C1's entry reaches the head: it finds the head unwritten.
        w.apply(&Action::Fill {
            client: c2,
            position: 0,
        })
        .expect("fills");
        deliver(&mut w, "read", NodeId::Unit(1));
        deliver(&mut w, "read_refused", c2);
        // C1's entry lands on the head first, then C2's junk replaces it.
        let mut writes: Vec<_> = w
            .network
            .in_flight()
            .iter()
            .filter(|m| m.payload.kind() == "write")
            .map(|m| (m.from, m.id))
            .collect();
        writes.sort();
        for (_, id) in writes {
            w.apply(&Action::Deliver(id)).expect("delivers");
        }
        assert_eq!(
            w.units[0].pages.get(&0),
            Some(&Slot::Written(Page::Junk)),
            "the head's entry was replaced by junk"
        );
        assert!(
            w.broken
                .contains_key(&crate::corfu::invariants::Invariant::WriteOnce),
            "write_once is broken"
        );
    }

    #[test]
    fn a_seal_counts_trimmed_positions_as_written() {
        let mut u = Unit::default();
        assert_eq!(u.write(0, 0, &data("a")), Ok(()));
        u.trim(3);
        assert_eq!(u.seal(1), Some(2));
    }
}
