//! Time travel: a run is its initial world plus the list of actions applied to it.
//!
//! Going back is replay from the nearest checkpoint (a clone of the world taken every
//! [`CHECKPOINT_EVERY`] steps); stepping forward again re-applies the recorded action, so it is exact.
//! Acting while in the past replaces the recorded future, and says from which step.

use super::digest::Digest;
use std::hash::Hash;

/// A world that applies one action at a time and reports what happened.
pub trait Simulation: Clone {
    type Action: Clone + Hash;
    /// What one step did (events, invariant report): kept per step for the transcript and the digest.
    type Outcome: Clone + Hash;
    type Error;
    /// Applies `action`; on error the world is unchanged.
    fn apply(&mut self, action: &Self::Action) -> Result<Self::Outcome, Self::Error>;
}

pub const CHECKPOINT_EVERY: usize = 64;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Acted {
    /// `Some(n)`: the recorded history after step `n` was replaced by this action.
    pub replaced_after: Option<usize>,
}

#[derive(Clone)]
pub struct History<S: Simulation> {
    actions: Vec<S::Action>,
    outcomes: Vec<S::Outcome>,
    /// `digests[i]`: digest of the trace up to step `i` (`digests[0]` is the empty trace).
    digests: Vec<Digest>,
    /// `checkpoints[i]`: the world after `i * CHECKPOINT_EVERY` steps.
    checkpoints: Vec<S>,
    cursor: usize,
    current: S,
}

impl<S: Simulation> History<S> {
    pub fn new(initial: S) -> Self {
        History {
            actions: Vec::new(),
            outcomes: Vec::new(),
            digests: vec![Digest::default()],
            checkpoints: vec![initial.clone()],
            cursor: 0,
            current: initial,
        }
    }

    /// The world at the cursor.
    pub fn current(&self) -> &S {
        &self.current
    }

    pub fn initial(&self) -> &S {
        &self.checkpoints[0]
    }

    /// Steps before the cursor.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// Recorded steps, including those after the cursor.
    pub fn len(&self) -> usize {
        self.actions.len()
    }

    pub fn is_empty(&self) -> bool {
        self.actions.is_empty()
    }

    pub fn actions(&self) -> &[S::Action] {
        &self.actions
    }

    /// What each recorded step did (`outcomes()[i]` is step `i + 1`).
    pub fn outcomes(&self) -> &[S::Outcome] {
        &self.outcomes
    }

    /// Digest of the trace up to the cursor.
    pub fn digest(&self) -> Digest {
        self.digests[self.cursor]
    }

    /// Digest of the whole recorded trace.
    pub fn full_digest(&self) -> Digest {
        self.digests[self.actions.len()]
    }

    /// Applies a new action at the cursor. If the cursor is in the past, the recorded future is replaced.
    pub fn act(&mut self, action: S::Action) -> Result<Acted, S::Error> {
        let outcome = self.current.apply(&action)?;
        let replaced_after = (self.cursor < self.actions.len()).then_some(self.cursor);
        self.truncate_after_cursor();
        self.record(action, outcome);
        Ok(Acted { replaced_after })
    }

    fn truncate_after_cursor(&mut self) {
        self.actions.truncate(self.cursor);
        self.outcomes.truncate(self.cursor);
        self.digests.truncate(self.cursor + 1);
        self.checkpoints
            .truncate(self.cursor / CHECKPOINT_EVERY + 1);
    }

    fn record(&mut self, action: S::Action, outcome: S::Outcome) {
        let digest = self.digests[self.cursor].hash(&action).hash(&outcome);
        self.actions.push(action);
        self.outcomes.push(outcome);
        self.digests.push(digest);
        self.cursor += 1;
        if self.cursor.is_multiple_of(CHECKPOINT_EVERY) {
            self.checkpoints.push(self.current.clone());
        }
    }

    /// Re-applies the next recorded step. `false` at the end of the record.
    pub fn forward(&mut self) -> bool {
        let Some(action) = self.actions.get(self.cursor) else {
            return false;
        };
        match self.current.apply(action) {
            Ok(_) => {
                self.cursor += 1;
                true
            }
            // Unreachable for a deterministic world; if it happens, the record after here is unusable.
            Err(_) => {
                self.truncate_after_cursor();
                false
            }
        }
    }

    /// Moves the cursor to `step` (clamped to the record), by replay from the nearest checkpoint.
    pub fn seek(&mut self, step: usize) {
        let step = step.min(self.actions.len());
        if step >= self.cursor && step - self.cursor < CHECKPOINT_EVERY {
            while self.cursor < step && self.forward() {}
            return;
        }
        let base = step / CHECKPOINT_EVERY;
        self.current = self.checkpoints[base].clone();
        self.cursor = base * CHECKPOINT_EVERY;
        while self.cursor < step && self.forward() {}
    }

    pub fn back(&mut self, n: usize) {
        self.seek(self.cursor.saturating_sub(n));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A counter that refuses to go negative.
    #[derive(Clone, Debug, PartialEq)]
    struct Counter(i64);

    impl Simulation for Counter {
        type Action = i64;
        type Outcome = i64;
        type Error = String;
        fn apply(&mut self, a: &i64) -> Result<i64, String> {
            if self.0 + a < 0 {
                return Err("negative".into());
            }
            self.0 += a;
            Ok(self.0)
        }
    }

    #[test]
    fn back_forward_seek_replace() {
        let mut h = History::new(Counter(0));
        for i in 1..=200 {
            h.act(i % 3).unwrap();
        }
        let end = h.current().clone();
        let end_digest = h.digest();
        h.back(150);
        assert_eq!(h.cursor(), 50);
        assert_eq!(h.current().0, (1..=50).map(|i| i % 3).sum::<i64>());
        h.seek(200);
        assert_eq!(h.current(), &end);
        assert_eq!(h.digest(), end_digest);
        h.seek(10);
        assert!(h.act(-1000).is_err(), "an error changes nothing");
        assert_eq!((h.cursor(), h.len()), (10, 200));
        let acted = h.act(5).unwrap();
        assert_eq!(acted.replaced_after, Some(10));
        assert_eq!((h.cursor(), h.len()), (11, 11));
        assert_ne!(h.full_digest(), end_digest);
        h.seek(0);
        assert_eq!(h.current().0, 0);
    }
}
