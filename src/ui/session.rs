//! The session behind the page: which scenario is open and its history. Plain Rust (no Yew): every
//! change goes through the core's `Action`s and `History`.
//!
//! Acting in the past replaces the recorded future, but nothing is lost: the replaced future is kept as
//! a branch and offered back ("History after step 2 replaced — Undo") until the user moves on.

use lunch_parliament::scenario::Scenario;
use lunch_parliament::sim::History;
use lunch_parliament::synod::transcript::{self, Line};
use lunch_parliament::synod::{settled, Action, Config, Event, World};

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

/// How many steps back [`Session::recent_lines`] looks, per step of window, for steps that said
/// something.
const SILENT_REACH: usize = 200;

pub struct Session {
    pub title: String,
    pub history: History<World>,
    offer: Option<Offer>,
}

impl Session {
    pub fn open(scenario: &Scenario) -> Result<Session, String> {
        let history = scenario.replay().map_err(|e| e.to_string())?;
        Ok(Session {
            title: scenario.title.clone(),
            history,
            offer: None,
        })
    }

    pub fn fresh(config: Config) -> Result<Session, String> {
        let world = World::new(config).map_err(|e| e.to_string())?;
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
            history: History::new(World::default()),
            offer: None,
        }
    }

    pub fn world(&self) -> &World {
        self.history.current()
    }

    /// Applies a user's action at the cursor. When it replaced a recorded future, that future is kept
    /// and [`Session::offer`] offers it back.
    pub fn act(&mut self, action: Action) -> Result<(), String> {
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

    pub fn can_step(&self) -> bool {
        self.history.cursor() < self.history.len() || self.world().check(&Action::Tick).is_ok()
    }

    /// Whether autoplay has nothing left to show: the world at the cursor is settled (every live node
    /// decided, only heartbeats left: the core's [`settled`]) and nothing but ticks is recorded after it.
    pub fn nothing_teachable(&self) -> bool {
        settled(self.world())
            && self.history.actions()[self.history.cursor()..]
                .iter()
                .all(|a| *a == Action::Tick)
    }

    /// Step forward: the next recorded step, else the next due event.
    pub fn step(&mut self) -> Result<(), String> {
        self.move_on();
        if self.history.forward() {
            return Ok(());
        }
        self.act(Action::Tick)
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
    /// run is settled) the window reaches back to the step where the last decision was made, so the
    /// story's ending stays in view. The current step is always included.
    pub fn recent_lines(&self, window: usize) -> Vec<(usize, Vec<Line>)> {
        let end = self.history.cursor();
        let k = self.history.initial().leaders.len();
        let outcomes = &self.history.outcomes()[..end];
        // Looking back this far at most, so a long silence costs a bounded amount of work per frame.
        let reach = window.saturating_mul(SILENT_REACH);
        let decided_at = if settled(self.world()) {
            outcomes
                .iter()
                .enumerate()
                .rev()
                .take(reach)
                .find(|(_, s)| s.events.iter().any(|e| matches!(e, Event::Decided { .. })))
                .map(|(i, _)| i + 1)
        } else {
            None
        };
        let mut out = Vec::new();
        let mut said = 0;
        for (i, s) in outcomes.iter().enumerate().rev().take(reach) {
            let step = i + 1;
            if said >= window && decided_at.is_none_or(|d| step < d) {
                break;
            }
            let lines = transcript::step_lines(s, k);
            if !lines.is_empty() || step == end {
                said += 1;
                out.push((step, lines));
            }
        }
        out.reverse();
        out
    }
}
