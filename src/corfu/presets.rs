//! CORFU presets, scripted on a live world like the synod's: "Hole and fill", "Slow writer loses the
//! race", "Reads from every chain", "Unit crash and reconfigure".

use super::action::Action;
use super::config::Config;
use super::node::NodeId;
use super::world::Corfu;
use super::world::World;
use crate::scenario::{Preset, ScenarioFile};
use crate::sim::History;

/// A CORFU scenario file: the kit's format, with `"protocol": "corfu"`.
pub type CorfuScenario = ScenarioFile<Corfu>;

/// A CORFU preset.
pub type CorfuPreset = Preset<Corfu>;

pub fn presets() -> &'static [CorfuPreset] {
    &PRESETS
}

pub fn preset(name: &str) -> Option<&'static CorfuPreset> {
    Preset::find(&PRESETS, name)
}

static PRESETS: [CorfuPreset; 4] = [
    Preset {
        id: "hole-and-fill",
        name: "Hole and fill",
        summary: "C2 takes position 1 and crashes before writing it: a hole. C1 reads 1, waits, then fills it with junk.",
        build: hole_and_fill,
    },
    Preset {
        id: "slow-writer",
        name: "Slow writer loses the race",
        summary: "C2's write to position 1 is on a long voyage; C1 fills the hole first, so C2's late write is refused and it retries.",
        build: slow_writer,
    },
    Preset {
        id: "reads-from-every-chain",
        name: "Reads from every chain",
        summary: "Positions alternate between chains, so reads of 0, 1, 2, 3 go to the tails U2, U4, U2, U4.",
        build: reads_everywhere,
    },
    Preset {
        id: "unit-crash-and-reconfigure",
        name: "Unit crash and reconfigure",
        summary: "U2 crashes. C1 seals epoch 0, installs epoch 1 with spare U5 in U2's place, and the sequencer is rebuilt.",
        build: reconfigure,
    },
];

struct Script {
    title: &'static str,
    history: History<World>,
    error: Option<String>,
}

fn node(s: &str) -> NodeId {
    s.parse().unwrap_or(NodeId::Sequencer)
}

impl Script {
    fn new(title: &'static str) -> Result<Script, String> {
        let world = World::new(Config::new(5)).map_err(|e| e.to_string())?;
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

    fn find(&self, kind: &str, from: &str, to: &str) -> Option<crate::sim::MessengerId> {
        self.history
            .current()
            .network
            .in_flight()
            .iter()
            .find(|m| m.payload.kind() == kind && m.from == node(from) && m.to == node(to))
            .map(|m| m.id)
    }

    fn deliver(&mut self, kind: &str, from: &str, to: &str) -> &mut Self {
        match self.find(kind, from, to) {
            Some(id) => self.act(Action::Deliver(id)),
            None => {
                self.error.get_or_insert(format!(
                    "preset '{}': no {kind} from {from} to {to}",
                    self.title
                ));
                self
            }
        }
    }

    fn delay(&mut self, kind: &str, from: &str, to: &str, by: u64) -> &mut Self {
        match self.find(kind, from, to) {
            Some(id) => self.act(Action::Delay { id, by }),
            None => {
                self.error.get_or_insert(format!(
                    "preset '{}': no {kind} from {from} to {to}",
                    self.title
                ));
                self
            }
        }
    }

    fn append(&mut self, client: &str, value: &str) -> &mut Self {
        self.act(Action::Append {
            client: node(client),
            value: value.into(),
        })
    }

    fn read(&mut self, client: &str, position: u64) -> &mut Self {
        self.act(Action::Read {
            client: node(client),
            position,
        })
    }

    /// Lets time pass until nothing is due.
    fn run(&mut self) -> &mut Self {
        for _ in 0..1_000 {
            if self.error.is_some() || self.history.current().check(&Action::Tick).is_err() {
                break;
            }
            self.act(Action::Tick);
        }
        self
    }

    fn finish(&mut self, opens_at: usize) -> Result<CorfuScenario, String> {
        if let Some(e) = self.error.take() {
            return Err(e);
        }
        let w = self.history.initial();
        Ok(CorfuScenario {
            version: crate::scenario::FORMAT_VERSION,
            protocol: "corfu".into(),
            title: self.title.into(),
            config: w.config.clone(),
            actions: self.history.actions().to_vec(),
            step: Some(opens_at),
        })
    }
}

fn hole_and_fill() -> Result<CorfuScenario, String> {
    let mut s = Script::new("Hole and fill")?;
    s.append("C1", "pizza").run();
    // C2 takes position 1, but crashes while its token is on the way: nobody will ever write 1.
    s.append("C2", "tacos")
        .deliver("token_request", "C2", "S")
        .act(Action::Crash(node("C2")));
    s.append("C3", "sushi").run();
    s.read("C1", 1).run();
    s.read("C1", 2).run();
    s.finish(0)
}

fn slow_writer() -> Result<CorfuScenario, String> {
    let mut s = Script::new("Slow writer loses the race")?;
    s.append("C1", "pizza").run();
    s.append("C2", "tacos")
        .deliver("token_request", "C2", "S")
        .deliver("token", "S", "C2");
    // C2's write to the head of position 1's chain goes on a long voyage.
    s.delay("write", "C2", "U3", 60);
    s.read("C1", 1).run();
    s.finish(0)
}

fn reads_everywhere() -> Result<CorfuScenario, String> {
    let mut s = Script::new("Reads from every chain")?;
    for (c, v) in [
        ("C1", "pizza"),
        ("C2", "tacos"),
        ("C3", "sushi"),
        ("C1", "ramen"),
    ] {
        s.append(c, v).run();
    }
    for p in 0..4 {
        s.read("C2", p).run();
    }
    s.finish(0)
}

fn reconfigure() -> Result<CorfuScenario, String> {
    let mut s = Script::new("Unit crash and reconfigure")?;
    s.append("C1", "pizza").run();
    s.append("C2", "tacos").run();
    s.act(Action::Crash(node("U2")));
    s.act(Action::Reconfigure {
        client: node("C1"),
        replace: Some((node("U2"), node("U5"))),
    })
    .run();
    // C3 still believes in epoch 0: it reads position 1 from U4, the tail it knows; U4 is sealed at
    // epoch 1 and refuses, so C3 refreshes its projection and reads again.
    s.read("C3", 1).run();
    s.append("C2", "sushi").run();
    s.finish(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corfu::transcript;

    fn transcript(id: &str) -> (Vec<String>, World) {
        let s = preset(id)
            .and_then(|p| p.scenario().ok())
            .expect("preset builds");
        let mut h = s.replay().expect("replays");
        h.seek(h.len());
        let lines = h
            .outcomes()
            .iter()
            .flat_map(transcript::step_lines)
            .collect();
        (lines, h.current().clone())
    }

    #[test]
    fn presets_replay_without_violations() {
        for p in presets() {
            let (lines, _) = transcript(p.id);
            assert!(
                !lines.iter().any(|l| l.starts_with("!!")),
                "{}: {lines:#?}",
                p.id
            );
        }
    }
}
