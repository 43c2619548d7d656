//! The session behind a tab, for any protocol: which scenario is open and its history. Plain Rust (no
//! Yew): every change goes through the core's `Action`s and `History`.
//!
//! Acting in the past replaces the recorded future, but nothing is lost: the replaced future is kept as
//! a branch and offered back ("History after step 2 replaced — Undo") until the user moves on.

use lunch_parliament::scenario::ScenarioFile;
use lunch_parliament::sim::{History, Line, Protocol, Verb, World};
use lunch_parliament::synod::{Config, Synod, World as SynodWorld};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// What the session offers about a replaced future, while the user has not moved on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Offer {
    /// Acting after step `n` replaced the recorded future: Undo brings it back.
    Undo(usize),
    /// The future after step `n` was brought back: Redo brings back the one that replaced it.
    Redo(usize),
}

impl Offer {
    /// The sentence, and the label of the button that follows it.
    pub fn words(self) -> (String, &'static str) {
        match self {
            Offer::Undo(n) => (format!("History after step {n} replaced"), "Undo"),
            Offer::Redo(n) => (format!("History after step {n} brought back"), "Redo"),
        }
    }
}

/// A long transcript window is trimmed this many steps at a time (see [`Session::recent_lines`]).
pub const TRIM_CHUNK: usize = 20;

/// How many steps back [`Session::recent_lines`] looks, per step of window, for steps that said
/// something.
const SILENT_REACH: usize = 200;

/// One tab's run: its title and history, whatever the protocol (the synod's by default).
pub struct Session<P: Protocol = Synod> {
    pub title: String,
    pub history: History<World<P>>,
    offer: Option<Offer>,
}

impl<P: Protocol> Session<P>
where
    P::Config: Serialize + DeserializeOwned,
    P::Action: Serialize + DeserializeOwned,
{
    /// A run of `world` with nothing recorded yet.
    pub fn blank(world: World<P>) -> Session<P> {
        Session {
            title: String::new(),
            history: History::new(world),
            offer: None,
        }
    }

    pub fn open(scenario: &ScenarioFile<P>) -> Result<Session<P>, String> {
        let history = scenario.replay().map_err(|e| e.to_string())?;
        Ok(Session {
            title: scenario.title.clone(),
            history,
            offer: None,
        })
    }

    /// The scenario file of what is on screen, opening at the cursor.
    pub fn scenario(&self) -> ScenarioFile<P> {
        ScenarioFile::of_history(&self.title, &self.history)
    }

    pub fn world(&self) -> &World<P> {
        self.history.current()
    }

    /// Applies a user's action at the cursor. When it replaced a recorded future, that future is kept
    /// and [`Session::offer`] offers it back.
    pub fn act(&mut self, action: P::Action) -> Result<(), String> {
        let acted = self.history.act(action).map_err(|e| e.to_string())?;
        self.offer = acted.replaced_after.map(Offer::Undo);
        Ok(())
    }

    /// The undo (or redo) of a replaced future, while the user has not moved on since.
    pub fn offer(&self) -> Option<Offer> {
        self.offer.filter(|_| self.history.branch_at().is_some())
    }

    /// Takes up the offer: the other future comes back, the cursor at the step where they part.
    /// `false` (nothing changes) when nothing is offered.
    pub fn take_offer(&mut self) -> bool {
        let Some(offer) = self.offer() else {
            return false;
        };
        match self.history.swap_branch() {
            Some(n) => {
                self.offer = Some(match offer {
                    Offer::Undo(_) => Offer::Redo(n),
                    Offer::Redo(_) => Offer::Undo(n),
                });
                true
            }
            None => {
                self.offer = None;
                false
            }
        }
    }

    /// The user moved on: the replaced future is let go.
    fn move_on(&mut self) {
        self.offer = None;
        self.history.forget_branch();
    }

    fn tick() -> Option<P::Action> {
        P::fault(Verb::Tick)
    }

    pub fn can_step(&self) -> bool {
        self.history.cursor() < self.history.len()
            || Self::tick().is_some_and(|t| self.world().check(&t).is_ok())
    }

    /// Whether autoplay has nothing left to show: the world at the cursor is settled (the protocol's
    /// [`Protocol::settled`]) and nothing but ticks is recorded after it.
    pub fn nothing_teachable(&self) -> bool {
        P::settled(self.world())
            && self.history.actions()[self.history.cursor()..]
                .iter()
                .all(|a| P::verb(a) == Verb::Tick)
    }

    /// Step forward: the next recorded step, else the next due event.
    pub fn step(&mut self) -> Result<(), String> {
        self.move_on();
        if self.history.forward() {
            return Ok(());
        }
        match Self::tick() {
            Some(t) => self.act(t),
            None => Err("nothing to step".into()),
        }
    }

    pub fn back(&mut self) {
        self.move_on();
        self.history.back(1);
    }

    pub fn seek(&mut self, step: usize) {
        if step != self.history.cursor() {
            self.move_on();
        }
        self.history.seek(step);
    }

    /// Transcript lines of the last `window` steps before the cursor that said something, with their
    /// step numbers. Silent steps (a heartbeat passing, a timer with nothing to do) take no room, so a
    /// run of them does not push the decision out of the window; once nothing teachable remains (the
    /// run is settled) the window reaches back to the step of the last milestone (the synod's
    /// decision), so the story's ending stays in view. The current step is always included.
    ///
    /// A long window (the transcript beside the chamber, not the few steps shown while presenting)
    /// starts at a step that is a multiple of [`TRIM_CHUNK`]: stepping on adds lines at the end and
    /// drops the oldest only every [`TRIM_CHUNK`] steps, so the lines already drawn do not move and the
    /// browser repaints only the new ones (dropping one step's lines at the top each step moved all of
    /// them up, and the whole transcript was repainted every step).
    pub fn recent_lines(&self, window: usize) -> Vec<(usize, Vec<Line<P::Node>>)> {
        let chunk = if window >= TRIM_CHUNK { TRIM_CHUNK } else { 1 };
        let end = self.history.cursor();
        let initial = self.history.initial();
        let outcomes = &self.history.outcomes()[..end];
        // Looking back this far at most, so a long silence costs a bounded amount of work per frame.
        let reach = window.saturating_mul(SILENT_REACH);
        let milestone_at = if P::settled(self.world()) {
            outcomes
                .iter()
                .enumerate()
                .rev()
                .take(reach)
                .find(|(_, s)| s.events.iter().any(P::milestone))
                .map(|(i, _)| i + 1)
        } else {
            None
        };
        let mut out: Vec<(usize, Vec<Line<P::Node>>)> = Vec::new();
        let mut said = 0;
        // Once the window is full: the first step to show, the oldest one taken rounded down to a chunk.
        let mut first: Option<usize> = None;
        for (i, s) in outcomes.iter().enumerate().rev().take(reach) {
            let step = i + 1;
            if said >= window && milestone_at.is_none_or(|d| step < d) {
                let f = *first.get_or_insert_with(|| {
                    let oldest = out.last().map_or(step + 1, |(st, _)| *st);
                    oldest - oldest % chunk
                });
                if step < f {
                    break;
                }
            }
            let lines = initial.words(s);
            if !lines.is_empty() || step == end {
                said += 1;
                out.push((step, lines));
            }
        }
        out.reverse();
        out
    }
}

impl Session<Synod> {
    pub fn fresh(config: Config) -> Result<Session, String> {
        let world = SynodWorld::new(config).map_err(|e| e.to_string())?;
        Ok(Session {
            title: "Free play".into(),
            history: History::new(world),
            offer: None,
        })
    }

    /// A fresh default chamber (cannot fail).
    pub fn fallback() -> Session {
        Session {
            title: "Free play".into(),
            history: History::new(SynodWorld::default()),
            offer: None,
        }
    }
}
