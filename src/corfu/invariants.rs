//! CORFU's named invariants, checked after every step (CORFU §3):
//! - **write_once**: a page is written at most once (data or junk), then only trimmed;
//! - **chain_prefix**: the written replicas of a position are a prefix of its chain and hold the same value;
//! - **read_stability**: once a read returned a value for a position, later reads return the same one
//!   (or "trimmed");
//! - **acked_on_chain**: an acknowledged append is on its whole chain;
//! - **sealed_rejects_old**: a sealed unit accepts nothing from an older epoch;
//! - **tokens_unique**: no position is handed out twice in an epoch;
//! - **each_append_at_one_position**: one append's entry is written at one position of the log at most,
//!   so no reader finds it twice. A writer whose position is taken (by junk or another entry) or
//!   trimmed takes a new one, which holds nothing of it; a writer refused as "sealed" finishes the
//!   same position in the new epoch (§4), for its entry may already be on the old position's head,
//!   where a filler would complete it (§3.4).
//!
//! Some are properties of single events (a second write, a token handed out twice); the world records
//! those in the [`Ghost`] as they happen, and the check reads the record.

use super::message::Page;
use super::node::NodeId;
use super::unit::Slot;
use super::world::{Corfu, World};
use crate::sim::Property;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

crate::named_invariants! {
    /// The named invariants, in checking order.
    pub enum Invariant {
        WriteOnce = ("write_once", "Pages are written once"),
        ChainPrefix = ("chain_prefix", "Replicas form a chain prefix"),
        ReadStability = ("read_stability", "Reads are stable"),
        AckedOnChain = ("acked_on_chain", "Acknowledged appends are on their whole chain"),
        SealedRejectsOld = ("sealed_rejects_old", "Sealed units refuse old epochs"),
        TokensUnique = ("tokens_unique", "Tokens are unique in an epoch"),
        EachAppendAtOnePosition = ("each_append_at_one_position", "Each append at one position"),
    }
}

/// A CORFU invariant that a step broke.
pub type Violation = crate::sim::Violation<Invariant>;

/// What no node knows but the checker needs: every accepted write, token, first read and acknowledgement.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Ghost {
    pub accepted: BTreeMap<(NodeId, u64), Page>,
    pub problems: BTreeMap<Invariant, String>,
    pub tokens: BTreeSet<(u64, u64)>,
    pub first_reads: BTreeMap<u64, Page>,
    pub acked: BTreeMap<u64, Page>,
    /// Every append so far, in order: its entry and the positions its writer took a token for.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub appends: Vec<AppendRecord>,
    /// Each client's latest append (an index into `appends`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub appending: BTreeMap<NodeId, usize>,
    /// How many reads and fills each client was asked to start (the exhaustive checker's scope
    /// bounds them).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub reads: BTreeMap<NodeId, u32>,
}

/// One append as the checker follows it: two appends of the same entry are two records.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct AppendRecord {
    pub page: Page,
    pub positions: BTreeSet<u64>,
}

impl Ghost {
    fn problem(&mut self, invariant: Invariant, why: String) {
        self.problems.entry(invariant).or_insert(why);
    }

    pub fn wrote(&mut self, unit: NodeId, position: u64, page: &Page, epoch: u64, sealed_at: u64) {
        if let Some(old) = self.accepted.insert((unit, position), page.clone()) {
            self.problem(
                Invariant::WriteOnce,
                format!("{unit} accepted a second write to {position}: {old}, then {page}"),
            );
        }
        if epoch < sealed_at {
            self.problem(
                Invariant::SealedRejectsOld,
                format!("{unit}, sealed at epoch {sealed_at}, accepted a write from epoch {epoch}"),
            );
        }
    }

    /// State transfer: `unit` joins a chain with a copy of another replica's `pages`, its old contents
    /// erased (it may have been in an earlier projection). Its earlier writes went with them.
    pub fn transferred(&mut self, unit: NodeId, pages: &BTreeMap<u64, Slot>) {
        self.accepted.retain(|(u, _), _| *u != unit);
        for (p, slot) in pages {
            if let Slot::Written(page) = slot {
                self.accepted.insert((unit, *p), page.clone());
            }
        }
    }

    pub fn token(&mut self, epoch: u64, position: u64) {
        if !self.tokens.insert((epoch, position)) {
            self.problem(
                Invariant::TokensUnique,
                format!("position {position} was handed out twice in epoch {epoch}"),
            );
        }
    }

    pub fn read(&mut self, position: u64, page: &Page) {
        match self.first_reads.get(&position) {
            Some(first) if first != page => {
                let why = format!("position {position} read as {first}, later as {page}");
                self.problem(Invariant::ReadStability, why);
            }
            Some(_) => {}
            None => {
                self.first_reads.insert(position, page.clone());
            }
        }
    }

    pub fn acked(&mut self, position: u64, page: &Page) {
        self.acked.insert(position, page.clone());
    }

    /// `client` starts appending `value`: a new append (a client appends one entry at a time).
    pub fn begin_append(&mut self, client: NodeId, value: &str) {
        self.appending.insert(client, self.appends.len());
        self.appends.push(AppendRecord {
            page: Page::Data {
                client,
                value: value.to_string(),
            },
            positions: BTreeSet::new(),
        });
    }

    /// `client`'s append took a token for `position`.
    pub fn took(&mut self, client: NodeId, position: u64) {
        if let Some(a) = self
            .appending
            .get(&client)
            .and_then(|i| self.appends.get_mut(*i))
        {
            a.positions.insert(position);
        }
    }
}

/// An append's entry is on the chain of at most one of the positions its writer took (trimmed
/// positions hold nothing).
fn each_append_at_one_position(w: &World) -> Result<(), String> {
    for a in w.ghost.appends.iter().filter(|a| a.positions.len() > 1) {
        let at: Vec<u64> = a
            .positions
            .iter()
            .copied()
            .filter(|p| {
                w.projection().chain(*p).iter().any(|u| {
                    matches!(w.units.get(u.index()).and_then(|x| x.pages.get(p)), Some(Slot::Written(q)) if *q == a.page)
                })
            })
            .collect();
        if let [first, second, ..] = at[..] {
            return Err(format!(
                "one append of {} is written at positions {first} and {second}",
                a.page
            ));
        }
    }
    Ok(())
}

fn chain_prefix(w: &World) -> Result<(), String> {
    let positions: BTreeSet<u64> = w
        .units
        .iter()
        .flat_map(|u| u.pages.keys().copied())
        .collect();
    for p in positions {
        let chain = w.projection().chain(p);
        let slots: Vec<Option<&Slot>> = chain
            .iter()
            .map(|u| w.units.get(u.index()).and_then(|x| x.pages.get(&p)))
            .collect();
        if slots.iter().any(|s| matches!(s, Some(Slot::Trimmed))) {
            continue;
        }
        let written = slots.iter().take_while(|s| s.is_some()).count();
        if slots[written..].iter().any(|s| s.is_some()) {
            return Err(format!(
                "position {p} is written further down its chain but not at the head"
            ));
        }
        let first = slots.iter().flatten().next();
        if slots.iter().flatten().any(|s| Some(s) != first) {
            return Err(format!(
                "the replicas of position {p} hold different values"
            ));
        }
    }
    Ok(())
}

fn acked_on_chain(w: &World) -> Result<(), String> {
    for (p, page) in &w.ghost.acked {
        for u in w.projection().chain(*p) {
            match w.units.get(u.index()).and_then(|x| x.pages.get(p)) {
                Some(Slot::Trimmed) => {}
                Some(Slot::Written(q)) if q == page => {}
                _ => {
                    return Err(format!(
                        "position {p} was acknowledged but {u} does not hold {page}"
                    ))
                }
            }
        }
    }
    Ok(())
}

/// A problem a handler noticed as it happened (a second write, a write past a seal, ...).
fn noticed(w: &World, invariant: Invariant) -> Result<(), String> {
    match w.ghost.problems.get(&invariant) {
        Some(why) => Err(why.clone()),
        None => Ok(()),
    }
}

/// CORFU's named properties, checked by the world after every step, in this order.
pub const PROPERTIES: &[Property<Corfu>] = &[
    Property {
        invariant: Invariant::WriteOnce,
        check: |w, _| noticed(w, Invariant::WriteOnce),
    },
    Property {
        invariant: Invariant::ChainPrefix,
        check: |w, _| chain_prefix(w),
    },
    Property {
        invariant: Invariant::ReadStability,
        check: |w, _| noticed(w, Invariant::ReadStability),
    },
    Property {
        invariant: Invariant::AckedOnChain,
        check: |w, _| acked_on_chain(w),
    },
    Property {
        invariant: Invariant::SealedRejectsOld,
        check: |w, _| noticed(w, Invariant::SealedRejectsOld),
    },
    Property {
        invariant: Invariant::TokensUnique,
        check: |w, _| noticed(w, Invariant::TokensUnique),
    },
    Property {
        invariant: Invariant::EachAppendAtOnePosition,
        check: |w, _| each_append_at_one_position(w),
    },
];
