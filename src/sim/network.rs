//! Messengers in flight (Lamport's network: never garbled, maybe late, twice, or never).
//!
//! Generic over the node id `N` and the payload `P`, so every protocol's world uses the same messengers
//! and the same user controls: deliver now, drop, duplicate, delay.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Why a messenger was lost (Part-Time Parliament §1.1: messengers may never arrive).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LossCause {
    /// Someone dropped it (a student, or the script).
    Dropped,
    /// It reached, or was heading to, a node that is crashed.
    ReceiverCrashed,
}

/// What the network did in one step, the same words for every protocol: a messenger left (or a copy
/// of one), arrived, was lost, or was sent on a longer voyage.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "net")]
pub enum NetEvent<N, M> {
    Sent {
        id: MessengerId,
        from: N,
        to: N,
        msg: M,
        due: u64,
        copy_of: Option<MessengerId>,
    },
    Delivered {
        id: MessengerId,
        from: N,
        to: N,
        msg: M,
    },
    Lost {
        id: MessengerId,
        from: N,
        to: N,
        msg: M,
        cause: LossCause,
    },
    Delayed {
        id: MessengerId,
        from: N,
        to: N,
        msg: M,
        due: u64,
    },
}

impl<N: Copy, M> NetEvent<N, M> {
    pub fn id(&self) -> MessengerId {
        match self {
            NetEvent::Sent { id, .. }
            | NetEvent::Delivered { id, .. }
            | NetEvent::Lost { id, .. }
            | NetEvent::Delayed { id, .. } => *id,
        }
    }

    /// (from, to) of the messenger.
    pub fn ends(&self) -> (N, N) {
        match self {
            NetEvent::Sent { from, to, .. }
            | NetEvent::Delivered { from, to, .. }
            | NetEvent::Lost { from, to, .. }
            | NetEvent::Delayed { from, to, .. } => (*from, *to),
        }
    }

    pub fn msg(&self) -> &M {
        match self {
            NetEvent::Sent { msg, .. }
            | NetEvent::Delivered { msg, .. }
            | NetEvent::Lost { msg, .. }
            | NetEvent::Delayed { msg, .. } => msg,
        }
    }
}

/// A messenger's number: unique for the whole run, never reused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct MessengerId(pub u64);

impl fmt::Display for MessengerId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.0)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Messenger<N, P> {
    pub id: MessengerId,
    pub from: N,
    pub to: N,
    pub payload: P,
    pub sent_at: u64,
    pub due_at: u64,
    /// Set on a duplicate: the messenger it copies.
    pub copy_of: Option<MessengerId>,
    /// Message delays since the start of the exchange that caused it (for "message rounds" metrics).
    pub depth: u32,
}

/// Counters a lecturer quotes: how many messages a protocol costs.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct NetStats {
    pub sent: u64,
    pub delivered: u64,
    pub dropped: u64,
    pub duplicated: u64,
}

#[derive(Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Network<N, P> {
    /// In flight, ordered by id.
    in_flight: Vec<Messenger<N, P>>,
    next_id: u64,
    pub stats: NetStats,
}

impl<N: Clone, P: Clone> Clone for Network<N, P> {
    fn clone(&self) -> Self {
        Network {
            in_flight: self.in_flight.clone(),
            next_id: self.next_id,
            stats: self.stats.clone(),
        }
    }

    /// Keeps `self`'s buffer (the checker copies states into one scratch state).
    fn clone_from(&mut self, source: &Self) {
        let Network {
            in_flight,
            next_id,
            stats,
        } = self;
        in_flight.clone_from(&source.in_flight);
        *next_id = source.next_id;
        stats.clone_from(&source.stats);
    }
}

impl<N, P> Default for Network<N, P> {
    fn default() -> Self {
        Network {
            in_flight: Vec::new(),
            next_id: 1,
            stats: NetStats::default(),
        }
    }
}

impl<N: Copy + PartialEq, P: Clone> Network<N, P> {
    pub fn in_flight(&self) -> &[Messenger<N, P>] {
        &self.in_flight
    }

    /// Takes every messenger in flight out, keeping the buffer for the next ones.
    pub fn drain_in_flight(&mut self) -> impl Iterator<Item = Messenger<N, P>> + '_ {
        self.in_flight.drain(..)
    }

    pub fn get(&self, id: MessengerId) -> Option<&Messenger<N, P>> {
        self.in_flight
            .binary_search_by_key(&id, |m| m.id)
            .ok()
            .map(|i| &self.in_flight[i])
    }

    pub fn send(
        &mut self,
        from: N,
        to: N,
        payload: P,
        now: u64,
        latency: u64,
        depth: u32,
    ) -> &Messenger<N, P> {
        let id = MessengerId(self.next_id);
        self.next_id += 1;
        self.stats.sent += 1;
        self.in_flight.push(Messenger {
            id,
            from,
            to,
            payload,
            sent_at: now,
            due_at: now.saturating_add(latency),
            copy_of: None,
            depth,
        });
        &self.in_flight[self.in_flight.len() - 1]
    }

    /// Removes a messenger that is being delivered.
    pub fn take(&mut self, id: MessengerId) -> Option<Messenger<N, P>> {
        let i = self.in_flight.binary_search_by_key(&id, |m| m.id).ok()?;
        self.stats.delivered += 1;
        Some(self.in_flight.remove(i))
    }

    /// Removes a messenger that will never arrive.
    pub fn lose(&mut self, id: MessengerId) -> Option<Messenger<N, P>> {
        let i = self.in_flight.binary_search_by_key(&id, |m| m.id).ok()?;
        self.stats.dropped += 1;
        Some(self.in_flight.remove(i))
    }

    /// Loses every messenger heading to `to` (its receiver crashed), oldest first.
    pub fn lose_all_to(&mut self, to: N) -> Vec<Messenger<N, P>> {
        let (lost, kept): (Vec<_>, Vec<_>) = std::mem::take(&mut self.in_flight)
            .into_iter()
            .partition(|m| m.to == to);
        self.in_flight = kept;
        self.stats.dropped += lost.len() as u64;
        lost
    }

    /// A second messenger with the same message, leaving now with its own latency.
    pub fn duplicate(
        &mut self,
        id: MessengerId,
        now: u64,
        latency: u64,
    ) -> Option<&Messenger<N, P>> {
        let original = self.get(id)?.clone();
        let copy = MessengerId(self.next_id);
        self.next_id += 1;
        self.stats.duplicated += 1;
        self.in_flight.push(Messenger {
            id: copy,
            sent_at: now,
            due_at: now.saturating_add(latency),
            copy_of: Some(id),
            ..original
        });
        self.in_flight.last()
    }

    /// Sends a messenger on a longer voyage; returns its new due time.
    pub fn delay(&mut self, id: MessengerId, by: u64) -> Option<u64> {
        let i = self.in_flight.binary_search_by_key(&id, |m| m.id).ok()?;
        let m = &mut self.in_flight[i];
        m.due_at = m.due_at.saturating_add(by);
        Some(m.due_at)
    }

    /// The messenger the default policy delivers next: earliest due, then lowest id.
    pub fn next_due(&self) -> Option<&Messenger<N, P>> {
        self.in_flight.iter().min_by_key(|m| (m.due_at, m.id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn send_take_lose_duplicate_delay() {
        let mut net: Network<u8, &str> = Network::default();
        let a = net.send(1, 2, "x", 0, 5, 1).id;
        let b = net.send(1, 3, "y", 0, 2, 1).id;
        assert_eq!(net.next_due().map(|m| m.id), Some(b));
        assert_eq!(net.delay(b, 10), Some(12));
        assert_eq!(net.next_due().map(|m| m.id), Some(a));
        let c = net.duplicate(a, 1, 1).map(|m| m.id).unwrap();
        assert_eq!(net.get(c).unwrap().copy_of, Some(a));
        assert_eq!(net.next_due().map(|m| m.id), Some(c));
        assert!(net.take(a).is_some());
        assert!(net.take(a).is_none(), "a messenger arrives once");
        assert_eq!(net.lose_all_to(3).len(), 1);
        assert_eq!(net.in_flight().len(), 1);
        assert_eq!(
            net.stats,
            NetStats {
                sent: 2,
                delivered: 1,
                dropped: 1,
                duplicated: 1
            }
        );
    }
}
