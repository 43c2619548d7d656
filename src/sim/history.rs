//! Time travel: a run is its initial world plus the list of actions applied to it.
//!
//! Going back is replay from the nearest checkpoint (a clone of the world taken every
//! [`CHECKPOINT_EVERY`] steps); stepping forward again re-applies the recorded action, so it is exact.
//! Acting while in the past replaces the recorded future, and says from which step. The replaced future
//! is not thrown away: it is kept as a *branch* until the record changes again, and
//! [`History::swap_branch`] brings it back (calling it again brings back the newer future: undo, redo).

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

/// A recorded future that acting in the past replaced: the steps after `at`, with their digests and the
/// checkpoints taken among them.
#[derive(Clone)]
struct Branch<S: Simulation> {
    at: usize,
    actions: Vec<S::Action>,
    outcomes: Vec<S::Outcome>,
    digests: Vec<Digest>,
    checkpoints: Vec<S>,
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
    /// The future the last act replaced, while the record up to its step is unchanged.
    branch: Option<Branch<S>>,
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
            branch: None,
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

    /// Applies a new action at the cursor. If the cursor is in the past, the recorded future is replaced
    /// and kept as the branch (see [`History::swap_branch`]); any other act drops the branch, since the
    /// record it parted from has changed.
    pub fn act(&mut self, action: S::Action) -> Result<Acted, S::Error> {
        let outcome = self.current.apply(&action)?;
        let replaced_after = (self.cursor < self.actions.len()).then_some(self.cursor);
        self.branch = replaced_after.map(|_| self.split_off_after_cursor());
        self.record(action, outcome);
        Ok(Acted { replaced_after })
    }

    /// The step after which the kept branch parts from the record, if a branch is kept.
    pub fn branch_at(&self) -> Option<usize> {
        self.branch.as_ref().map(|b| b.at)
    }

    /// Steps recorded in the kept branch after the step where it parts.
    pub fn branch_len(&self) -> usize {
        self.branch.as_ref().map_or(0, |b| b.actions.len())
    }

    /// Lets the kept branch go.
    pub fn forget_branch(&mut self) {
        self.branch = None;
    }

    /// Brings back the kept branch in place of the record after the step where they part, and keeps
    /// the future it displaces as the branch (so a second call goes back again). The cursor ends at that
    /// step. Returns the step, or `None` (and changes nothing) when no branch is kept.
    pub fn swap_branch(&mut self) -> Option<usize> {
        let at = self.branch.as_ref()?.at;
        if at > self.actions.len() {
            // Cannot happen while every change to the record drops the branch; refuse rather than mix.
            self.branch = None;
            return None;
        }
        self.seek(at);
        let kept = self.branch.take()?;
        if self.cursor != at {
            return None;
        }
        let ours = self.split_off_after_cursor();
        self.actions.extend(kept.actions);
        self.outcomes.extend(kept.outcomes);
        self.digests.extend(kept.digests);
        self.checkpoints.extend(kept.checkpoints);
        self.branch = Some(ours);
        Some(at)
    }

    /// Takes the record after the cursor out, as a branch.
    fn split_off_after_cursor(&mut self) -> Branch<S> {
        fn tail<T>(v: &mut Vec<T>, from: usize) -> Vec<T> {
            v.split_off(from.min(v.len()))
        }
        Branch {
            at: self.cursor,
            actions: tail(&mut self.actions, self.cursor),
            outcomes: tail(&mut self.outcomes, self.cursor),
            digests: tail(&mut self.digests, self.cursor + 1),
            checkpoints: tail(&mut self.checkpoints, self.cursor / CHECKPOINT_EVERY + 1),
        }
    }

    fn truncate_after_cursor(&mut self) {
        self.branch = None;
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

    /// Acting in the past keeps the replaced future; swapping brings it back exactly, and back again.
    #[test]
    fn replaced_future_is_kept_as_a_branch() {
        let mut h = History::new(Counter(0));
        for i in 1..=150 {
            h.act(i % 3).unwrap();
        }
        let (old_digest, old_end) = (h.full_digest(), h.current().clone());
        let old_outcomes = h.outcomes().to_vec();
        assert_eq!(h.branch_at(), None, "acting at the end replaces nothing");
        h.seek(70);
        let at_70 = h.current().clone();
        assert_eq!(h.act(7).unwrap().replaced_after, Some(70));
        let (new_digest, new_end) = (h.full_digest(), h.current().clone());
        assert_eq!((h.cursor(), h.len()), (71, 71));
        assert_eq!((h.branch_at(), h.branch_len()), (Some(70), 80));

        // Undo: the old future is back, the cursor where the futures part.
        assert_eq!(h.swap_branch(), Some(70));
        assert_eq!((h.cursor(), h.len()), (70, 150));
        assert_eq!(h.current(), &at_70);
        assert_eq!(h.outcomes(), old_outcomes.as_slice());
        assert_eq!(h.full_digest(), old_digest);
        h.seek(150);
        assert_eq!(h.current(), &old_end);
        // Every checkpoint is the old run's: seeking anywhere replays it.
        for step in [0, 63, 64, 65, 127, 128, 149] {
            h.seek(step);
            let want: i64 = (1..=step as i64).map(|i| i % 3).sum();
            assert_eq!(h.current().0, want, "step {step}");
        }
        assert_eq!((h.branch_at(), h.branch_len()), (Some(70), 1));

        // Redo: the newer future again.
        assert_eq!(h.swap_branch(), Some(70));
        assert_eq!((h.cursor(), h.len()), (70, 71));
        h.seek(71);
        assert_eq!(h.current(), &new_end);
        assert_eq!(h.full_digest(), new_digest);
    }

    #[test]
    fn any_other_act_drops_the_branch() {
        let mut h = History::new(Counter(0));
        for _ in 0..10 {
            h.act(1).unwrap();
        }
        assert_eq!(h.swap_branch(), None, "nothing kept yet");
        h.seek(3);
        h.act(5).unwrap();
        assert_eq!(h.branch_at(), Some(3));
        // Moving the cursor keeps it; changing the record drops it.
        h.back(1);
        h.seek(4);
        assert_eq!(h.branch_at(), Some(3));
        h.act(1).unwrap();
        assert_eq!(h.branch_at(), None);
        assert_eq!(h.swap_branch(), None);
        assert_eq!((h.cursor(), h.len()), (5, 5));
        // A refused action changes nothing, the branch included.
        h.seek(2);
        h.act(2).unwrap();
        assert!(h.act(-1000).is_err());
        assert_eq!(h.branch_at(), Some(2));
        h.forget_branch();
        assert_eq!(h.swap_branch(), None);
        assert_eq!((h.cursor(), h.len()), (3, 3));
    }
}
