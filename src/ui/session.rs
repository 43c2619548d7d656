//! The session behind the page: which scenario is open and its history. Plain Rust (no Yew): every
//! change goes through the core's `Action`s and `History`.

use lunch_parliament::scenario::Scenario;
use lunch_parliament::sim::History;
use lunch_parliament::synod::transcript::{self, Line};
use lunch_parliament::synod::{Action, Config, World};

pub struct Session {
    pub title: String,
    pub history: History<World>,
}

impl Session {
    pub fn open(scenario: &Scenario) -> Result<Session, String> {
        let history = scenario.replay().map_err(|e| e.to_string())?;
        Ok(Session {
            title: scenario.title.clone(),
            history,
        })
    }

    pub fn fresh(config: Config) -> Result<Session, String> {
        let world = World::new(config).map_err(|e| e.to_string())?;
        Ok(Session {
            title: "Free play".into(),
            history: History::new(world),
        })
    }

    /// A fresh default chamber (cannot fail).
    pub fn fallback() -> Session {
        Session {
            title: "Free play".into(),
            history: History::new(World::default()),
        }
    }

    pub fn world(&self) -> &World {
        self.history.current()
    }

    /// Applies a user's action at the cursor. `Ok(Some(notice))` when it replaced a recorded future.
    pub fn act(&mut self, action: Action) -> Result<Option<String>, String> {
        let acted = self.history.act(action).map_err(|e| e.to_string())?;
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

    /// Transcript lines of the last `window` steps before the cursor, with their step numbers.
    pub fn recent_lines(&self, window: usize) -> Vec<(usize, Vec<Line>)> {
        let end = self.history.cursor();
        let start = end.saturating_sub(window);
        let k = self.history.initial().leaders.len();
        self.history.outcomes()[start..end]
            .iter()
            .enumerate()
            .map(|(i, s)| (start + i + 1, transcript::step_lines(s, k)))
            .collect()
    }
}
