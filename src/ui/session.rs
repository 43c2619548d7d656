//! The session behind the page: which scenario is open, its history, and the transcript lines cached
//! per step. Plain Rust (no Yew): every change goes through the core's `Action`s and `History`.

use lunch_parliament::scenario::summary::transcript_by_step;
use lunch_parliament::scenario::Scenario;
use lunch_parliament::sim::History;
use lunch_parliament::synod::transcript::Line;
use lunch_parliament::synod::{Action, Config, Step, World};
use std::rc::Rc;

pub struct Session {
    pub title: String,
    pub history: History<World>,
    /// Transcript lines of every recorded step (not only up to the cursor); rebuilt when the record changes.
    pub lines: Rc<Vec<Vec<Line>>>,
    /// What every recorded step did (shared with the panels without copying).
    pub steps: Rc<Vec<Step>>,
    /// Bumped whenever the record changes (not when the cursor moves).
    pub version: u64,
}

impl Session {
    pub fn open(scenario: &Scenario) -> Result<Session, String> {
        let history = scenario.replay().map_err(|e| e.to_string())?;
        Ok(Session::from_history(scenario.title.clone(), history))
    }

    pub fn fresh(config: Config) -> Result<Session, String> {
        let world = World::new(config).map_err(|e| e.to_string())?;
        Ok(Session::from_history(
            "Free play".into(),
            History::new(world),
        ))
    }

    /// A fresh default chamber (cannot fail).
    pub fn fallback() -> Session {
        Session::from_history("Free play".into(), History::new(World::default()))
    }

    fn from_history(title: String, history: History<World>) -> Session {
        let mut s = Session {
            title,
            history,
            lines: Rc::new(Vec::new()),
            steps: Rc::new(Vec::new()),
            version: 0,
        };
        s.relines();
        s
    }

    fn relines(&mut self) {
        let cursor = self.history.cursor();
        self.history.seek(self.history.len());
        self.lines = Rc::new(transcript_by_step(&self.history));
        self.history.seek(cursor);
        self.steps = Rc::new(self.history.outcomes().to_vec());
        self.version += 1;
    }

    pub fn world(&self) -> &World {
        self.history.current()
    }

    /// Applies a user's action at the cursor. `Ok(Some(notice))` when it replaced a recorded future.
    pub fn act(&mut self, action: Action) -> Result<Option<String>, String> {
        let acted = self.history.act(action).map_err(|e| e.to_string())?;
        self.relines();
        Ok(acted
            .replaced_after
            .map(|n| format!("History after step {n} replaced.")))
    }

    pub fn can_step(&self) -> bool {
        self.history.cursor() < self.history.len() || self.world().check(&Action::Tick).is_ok()
    }

    /// Step forward: the next recorded step, else the next due event.
    pub fn step(&mut self) -> Result<(), String> {
        if self.history.forward() {
            return Ok(());
        }
        self.act(Action::Tick).map(|_| ())
    }

    pub fn back(&mut self) {
        self.history.back(1);
    }

    pub fn seek(&mut self, step: usize) {
        self.history.seek(step);
    }
}
