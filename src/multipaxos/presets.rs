//! Multi-Paxos presets, scripted on a live world (so every action holds a concrete messenger id):
//! "A week of lunches", "Two canteens, one Monday", "Leader crash mid-week", "Stable leader", "Dueling
//! leaders, multi-decree", "Canteen crash and catch-up".

use super::action::Action;
use super::config::Config;
use super::message::Slot;
use super::node::NodeId;
use super::world::{MultiPaxos, World};
use crate::scenario::{Preset, ScenarioFile};
use crate::sim::{History, MessengerId};

/// A Multi-Paxos scenario file: the kit's format, with `"protocol": "multipaxos"`.
pub type MultiPaxosScenario = ScenarioFile<MultiPaxos>;

/// A Multi-Paxos preset.
pub type MultiPaxosPreset = Preset<MultiPaxos>;

pub fn presets() -> &'static [MultiPaxosPreset] {
    &PRESETS
}

pub fn preset(name: &str) -> Option<&'static MultiPaxosPreset> {
    Preset::find(&PRESETS, name)
}

static PRESETS: [MultiPaxosPreset; 6] = [
    Preset {
        id: "a-week-of-lunches",
        name: "A week of lunches",
        summary: "L1 is adopted once; five orders are decided Monday to Friday and both canteens serve them in the same order.",
        build: week_of_lunches,
    },
    Preset {
        id: "two-canteens-one-monday",
        name: "Two canteens, one Monday",
        summary: "R1 proposes Pizza and R2 Sushi for Monday; Monday is Pizza, and R2 proposes Sushi again for Tuesday.",
        build: two_canteens,
    },
    Preset {
        id: "leader-crash-mid-week",
        name: "Leader crash mid-week",
        summary: "L1 crashes with Wednesday accepted by A1 only and Thursday decided; L2's scout learns both and re-proposes them: nothing is lost, the gap is filled.",
        build: leader_crash,
    },
    Preset {
        id: "stable-leader",
        name: "Stable leader",
        summary: "One scout (phase 1) for ballot (1, L1), then four orders decided with phase 2 only.",
        build: stable_leader,
    },
    Preset {
        id: "dueling-leaders-multi",
        name: "Dueling leaders, multi-decree",
        summary: "Two leaders retry at once when preempted and keep preempting each other; with backoff switched on one is adopted and the week goes on.",
        build: dueling,
    },
    Preset {
        id: "canteen-crash-and-catch-up",
        name: "Canteen crash and catch-up",
        summary: "R2 crashes after Monday and misses Tuesday and Wednesday; back, it asks R1 and serves them in order.",
        build: canteen_crash,
    },
];

struct Script {
    title: &'static str,
    history: History<World>,
    error: Option<String>,
}

fn node(s: &str) -> NodeId {
    s.parse().unwrap_or(NodeId::Client(1))
}

impl Script {
    fn new(title: &'static str, config: Config) -> Result<Script, String> {
        let world = World::new(config).map_err(|e| e.to_string())?;
        Ok(Script {
            title,
            history: History::new(world),
            error: None,
        })
    }

    fn act(&mut self, a: Action) -> &mut Self {
        if self.error.is_none() {
            let shown = a.to_string();
            if let Err(e) = self.history.act(a) {
                self.error = Some(format!("preset '{}': {shown}: {e}", self.title));
            }
        }
        self
    }

    fn find(&self, kind: &str, from: &str, to: &str, slot: Option<Slot>) -> Option<MessengerId> {
        self.history
            .current()
            .network
            .in_flight()
            .iter()
            .find(|m| {
                m.payload.kind() == kind
                    && m.from == node(from)
                    && m.to == node(to)
                    && (slot.is_none() || m.payload.slot() == slot)
            })
            .map(|m| m.id)
    }

    fn with(
        &mut self,
        kind: &str,
        from: &str,
        to: &str,
        slot: Option<Slot>,
        verb: fn(MessengerId) -> Action,
    ) -> &mut Self {
        match self.find(kind, from, to, slot) {
            Some(id) => self.act(verb(id)),
            None => {
                let title = self.title;
                self.error
                    .get_or_insert(format!("preset '{title}': no {kind} from {from} to {to}"));
                self
            }
        }
    }

    fn deliver(&mut self, kind: &str, from: &str, to: &str) -> &mut Self {
        self.with(kind, from, to, None, Action::Deliver)
    }

    fn deliver_slot(&mut self, kind: &str, from: &str, to: &str, slot: Slot) -> &mut Self {
        self.with(kind, from, to, Some(slot), Action::Deliver)
    }

    fn drop_msg(&mut self, kind: &str, from: &str, to: &str, slot: Option<Slot>) -> &mut Self {
        self.with(kind, from, to, slot, Action::Drop)
    }

    /// Delivers every messenger of `kind` in flight from `from` (any if `None`) to `to` (any if
    /// `None`), oldest first.
    fn deliver_all(&mut self, kind: &str, from: Option<&str>, to: Option<&str>) -> &mut Self {
        let ids: Vec<MessengerId> = self
            .history
            .current()
            .network
            .in_flight()
            .iter()
            .filter(|m| {
                m.payload.kind() == kind
                    && from.is_none_or(|f| m.from == node(f))
                    && to.is_none_or(|t| m.to == node(t))
            })
            .map(|m| m.id)
            .collect();
        if ids.is_empty() {
            let title = self.title;
            self.error
                .get_or_insert(format!("preset '{title}': no {kind} in flight"));
        }
        for id in ids {
            self.act(Action::Deliver(id));
        }
        self
    }

    fn order(&mut self, client: &str, dish: &str) -> &mut Self {
        self.act(Action::Order {
            client: node(client),
            dish: dish.into(),
        })
    }

    fn ballot(&mut self, leader: &str) -> &mut Self {
        self.act(Action::StartBallot {
            leader: node(leader),
            round: None,
        })
    }

    /// Lets time pass for at most `steps` steps, or until nothing is due.
    fn ticks(&mut self, steps: usize) -> &mut Self {
        for _ in 0..steps {
            if self.error.is_some() || self.history.current().check(&Action::Tick).is_err() {
                break;
            }
            self.act(Action::Tick);
        }
        self
    }

    /// Lets time pass until nothing is due.
    fn run(&mut self) -> &mut Self {
        self.ticks(2_000)
    }

    fn finish(&mut self) -> Result<MultiPaxosScenario, String> {
        if let Some(e) = self.error.take() {
            return Err(e);
        }
        let w = self.history.initial();
        Ok(MultiPaxosScenario {
            step: Some(0),
            ..ScenarioFile::new(
                self.title,
                w.config.clone(),
                self.history.actions().to_vec(),
            )
        })
    }
}

fn week_of_lunches() -> Result<MultiPaxosScenario, String> {
    let mut s = Script::new("A week of lunches", Config::new(1))?;
    s.ballot("L1").run();
    for (c, dish) in [
        ("C1", "Pizza"),
        ("C2", "Sushi"),
        ("C3", "Taco"),
        ("C1", "Ramen"),
        ("C2", "Thai"),
    ] {
        s.order(c, dish).run();
    }
    s.finish()
}

fn two_canteens() -> Result<MultiPaxosScenario, String> {
    let mut s = Script::new("Two canteens, one Monday", Config::new(2))?;
    s.ballot("L1").run();
    s.order("C1", "Pizza").order("C2", "Sushi");
    // Each canteen hears one order first: R1 Pizza, R2 Sushi; the other two requests are lost.
    s.deliver("request", "C1", "R1")
        .deliver("request", "C2", "R2")
        .drop_msg("request", "C1", "R2", None)
        .drop_msg("request", "C2", "R1", None);
    // Both propose for Monday; L1 hears R1 first.
    s.deliver_slot("propose", "R1", "L1", 1)
        .deliver_slot("propose", "R2", "L1", 1)
        .run();
    s.finish()
}

fn leader_crash() -> Result<MultiPaxosScenario, String> {
    let mut s = Script::new("Leader crash mid-week", Config::new(3))?;
    s.ballot("L1").run();
    s.order("C1", "Pizza").run();
    s.order("C2", "Sushi").run();
    // Wednesday: L1's commander reaches A1 only.
    s.order("C3", "Taco")
        .deliver("request", "C3", "R1")
        .deliver_slot("propose", "R1", "L1", 3)
        .deliver_slot("p2a", "L1", "A1", 3)
        .drop_msg("p2a", "L1", "A2", Some(3))
        .drop_msg("p2a", "L1", "A3", Some(3));
    // Thursday is decided, but no canteen can serve it before Wednesday.
    s.order("C1", "Ramen").run();
    s.act(Action::Crash(node("L1")));
    s.ballot("L2").run();
    s.finish()
}

fn stable_leader() -> Result<MultiPaxosScenario, String> {
    let mut s = Script::new("Stable leader", Config::new(4))?;
    s.ballot("L1").run();
    for (c, dish) in [
        ("C1", "Curry"),
        ("C2", "Pizza"),
        ("C3", "Sushi"),
        ("C1", "Thai"),
    ] {
        s.order(c, dish).run();
    }
    s.finish()
}

fn dueling() -> Result<MultiPaxosScenario, String> {
    let mut s = Script::new("Dueling leaders, multi-decree", Config::new(5))?;
    s.ballot("L1").run();
    s.order("C1", "Pizza").order("C2", "Sushi");
    s.deliver("request", "C1", "R1")
        .deliver("request", "C2", "R1")
        .deliver_all("propose", Some("R1"), None);
    // Each leader's new ballot reaches the acceptors before the other's commanders: the commanders are
    // refused, and their leader is preempted just as its rival is adopted.
    for (rival, victim) in [("L2", "L1"), ("L1", "L2"), ("L2", "L1"), ("L1", "L2")] {
        s.ballot(rival)
            .deliver_all("p1a", Some(rival), None)
            .deliver_all("p2a", Some(victim), None)
            .deliver_all("p2b", None, Some(victim))
            .deliver_all("p1b", None, Some(rival));
    }
    // PMMC's fix: leaders act by themselves and wait longer after each preemption.
    s.act(Action::Auto {
        on: true,
        backoff: true,
    })
    .run();
    s.finish()
}

fn canteen_crash() -> Result<MultiPaxosScenario, String> {
    let mut s = Script::new("Canteen crash and catch-up", Config::new(6))?;
    s.ballot("L1").run();
    s.order("C1", "Pizza").run();
    s.act(Action::Crash(node("R2")));
    s.order("C2", "Sushi").run();
    s.order("C3", "Taco").run();
    s.act(Action::Recover(node("R2"))).run();
    s.finish()
}
