//! Multi-Paxos's words for the kit's space-time diagram ([`crate::sim::diagram`]): a lane for each
//! client, replica (canteen), leader and acceptor (C1.., R1.., L1.., A1..), messengers labelled as in the
//! chamber ("p2a: Pizza for Monday in (1, L1)"), answers (responses, p1b, p2b, decisions) in a colour of
//! their own, and on the lanes what a student follows: a leader adopted or preempted, a slot decided, a
//! canteen serving a day, crashes and recoveries.

use super::event::Event;
use super::message::{day, Msg};
use super::node::NodeId;
use super::{Step, World};
use crate::sim::diagram::{self as kit, DiagramWords, Note, Tone};
use crate::sim::{NetEvent, Protocol};

pub type Diagram = kit::Diagram<NodeId, Msg>;

/// Multi-Paxos's lanes and words.
pub struct Words {
    pub nodes: Vec<NodeId>,
    /// A lane's width: narrow enough for the lanes to fit in about [`FIT`] pixels, never narrower than
    /// [`NARROWEST`].
    pub column: i64,
}

/// The width the diagram is made to fit (the stage beside the transcript at 1280×720).
pub const FIT: i64 = 760;
/// The narrowest lane (lane titles are two letters: "R1", "A3").
pub const NARROWEST: i64 = 64;

impl Words {
    pub fn of(world: &World) -> Words {
        let nodes = world.nodes();
        let lanes = i64::try_from(nodes.len()).unwrap_or(i64::MAX).max(1);
        let column = ((FIT - kit::LEFT - 10) / lanes).clamp(NARROWEST, kit::COLUMN);
        Words { nodes, column }
    }
}

impl DiagramWords for Words {
    type Node = NodeId;
    type Msg = Msg;
    type Event = Event;

    fn lanes(&self) -> Vec<NodeId> {
        self.nodes.clone()
    }

    fn lane_title(&self, node: NodeId) -> String {
        node.to_string()
    }

    fn label(&self, msg: &Msg) -> String {
        msg.label()
    }

    fn net<'e>(&self, event: &'e Event) -> Option<&'e NetEvent<NodeId, Msg>> {
        match event {
            Event::Net(n) => Some(n),
            _ => None,
        }
    }

    fn mark(&self, event: &Event) -> Option<Note<NodeId>> {
        let note = |node: NodeId, text: String, tone: Tone| Some(Note::new(node, text, tone));
        match event {
            Event::Crashed { node } => note(*node, "✖ crashed".into(), Tone::Alarm),
            Event::Recovered { node } => note(*node, "↺ back".into(), Tone::Alarm),
            Event::Adopted { leader, ballot, .. } => {
                note(*leader, format!("adopted {ballot}"), Tone::Done)
            }
            Event::Preempted { leader, by, .. } => {
                note(*leader, format!("preempted by {by}"), Tone::Alarm)
            }
            Event::Decided {
                leader,
                slot,
                order,
                again: false,
            } => note(
                *leader,
                format!("✔ {}: {}", day(*slot), order.dish),
                Tone::Done,
            ),
            Event::Served {
                replica,
                slot,
                order,
            } => note(
                *replica,
                format!("serves {}: {}", day(*slot), order.dish),
                Tone::Done,
            ),
            Event::DecidedDifferently {
                leader,
                slot,
                order,
                ..
            } => note(
                *leader,
                format!("✖ {} again: {}", day(*slot), order.dish),
                Tone::Alarm,
            ),
            Event::ScoutStarted { leader, ballot } => {
                note(*leader, format!("scout {ballot}"), Tone::Info)
            }
            Event::CatchingUp { replica, from } => note(
                *replica,
                format!("catches up from {}", day(*from)),
                Tone::Info,
            ),
            _ => None,
        }
    }

    fn arrow_class(&self, _from: NodeId, msg: &Msg) -> &'static str {
        match msg {
            Msg::Response { .. } | Msg::P1b { .. } | Msg::P2b { .. } | Msg::Decision { .. } => {
                " reply"
            }
            _ => "",
        }
    }

    fn column(&self) -> i64 {
        self.column
    }

    fn title(&self) -> &'static str {
        "Lunch Parliament: Multi-Paxos space-time diagram"
    }
}

/// The diagram of `world`'s run: `steps` are the recorded steps up to the cursor.
pub fn build(world: &World, steps: &[Step]) -> Diagram {
    kit::build(&Words::of(world), steps.iter().map(|s| s.events.as_slice()))
}

/// The diagram of `world`'s run up to `steps`, drawn, step `current` highlighted.
pub fn svg(world: &World, steps: &[Step], current: usize) -> String {
    kit::to_svg(&Words::of(world), &build(world, steps), current)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::multipaxos::presets::presets;
    use crate::sim::diagram::End;
    use crate::sim::History;

    fn run(name: &str) -> History<World> {
        let p = presets()
            .iter()
            .find(|p| p.name == name)
            .expect("a preset of that name");
        let mut s = p.scenario().expect("the preset's scenario");
        s.step = None;
        s.replay().expect("it replays")
    }

    #[test]
    fn every_messenger_is_an_arrow_and_lost_ones_end_in_a_cross() {
        for p in presets() {
            let h = run(p.name);
            let w = h.current();
            let d = build(w, h.outcomes());
            let nets: Vec<&NetEvent<NodeId, Msg>> = h
                .outcomes()
                .iter()
                .flat_map(|s| &s.events)
                .filter_map(|e| match e {
                    Event::Net(n) => Some(n),
                    _ => None,
                })
                .collect();
            let sent = nets
                .iter()
                .filter(|n| matches!(n, NetEvent::Sent { .. }))
                .count();
            let lost = nets
                .iter()
                .filter(|n| matches!(n, NetEvent::Lost { .. }))
                .count();
            assert!(sent > 0, "{}", p.name);
            assert_eq!(d.arrows.len(), sent, "{}", p.name);
            assert_eq!(
                d.arrows
                    .iter()
                    .filter(|a| matches!(a.end, End::Lost(_)))
                    .count(),
                lost,
                "{}",
                p.name
            );
            assert_eq!(
                d.arrows.iter().filter(|a| a.end == End::InFlight).count(),
                w.network.in_flight().len(),
                "{}",
                p.name
            );
            let svg = svg(w, h.outcomes(), h.cursor());
            assert_eq!(svg.matches("<g class=\"arrow").count(), sent, "{}", p.name);
            for n in w.nodes() {
                assert!(
                    svg.contains(&format!(">{n}</text><line class=\"life\"")),
                    "{n}"
                );
            }
        }
    }

    #[test]
    fn decisions_serving_and_leadership_are_marked() {
        let h = run("A week of lunches");
        let d = build(h.current(), h.outcomes());
        let on = |n: NodeId| -> Vec<&str> {
            d.marks
                .iter()
                .filter(|m| m.node == n)
                .map(|m| m.text.as_str())
                .collect()
        };
        assert!(
            on(NodeId::Leader(1))
                .iter()
                .any(|t| t.starts_with("adopted")),
            "{:?}",
            d.marks
        );
        assert!(on(NodeId::Leader(1)).contains(&"✔ Monday: Pizza"));
        assert!(on(NodeId::Replica(2)).contains(&"serves Friday: Thai"));
        let svg = svg(h.current(), h.outcomes(), 1);
        assert!(svg.contains("class=\"arrow delivered reply\""));
        assert!(svg.contains("<title>Lunch Parliament: Multi-Paxos space-time diagram</title>"));
        let h = run("Leader crash mid-week");
        let d = build(h.current(), h.outcomes());
        assert!(d
            .marks
            .iter()
            .any(|m| m.node == NodeId::Leader(1) && m.text == "✖ crashed"));
    }

    #[test]
    fn the_presets_fit_beside_the_transcript() {
        for p in presets() {
            let h = run(p.name);
            let svg = svg(h.current(), h.outcomes(), 0);
            let width: i64 = svg
                .split("width=\"")
                .nth(1)
                .and_then(|r| r.split('"').next())
                .and_then(|w| w.parse().ok())
                .expect("a width");
            assert!(width <= FIT + 20, "{}: {width}", p.name);
        }
    }
}
