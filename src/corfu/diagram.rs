//! CORFU's words for the kit's space-time diagram ([`crate::sim::diagram`]): a lane for the sequencer,
//! each storage unit and each client (S, U1.., C1..), messengers labelled as in the cluster ("token?",
//! "write 1: junk"), answers in a colour of their own, and on the lanes what a student follows: crashes
//! (and the hole a crashed writer leaves), recoveries, waits and fills, acknowledged appends, seals and
//! the rebuilt sequencer.

use super::event::Event;
use super::message::{Msg, Page};
use super::node::NodeId;
use super::{Step, World};
use crate::sim::diagram::{self as kit, DiagramWords, Note, Tone};
use crate::sim::NetEvent;

pub type Diagram = kit::Diagram<NodeId, Msg>;

/// CORFU's lanes and words.
pub struct Words {
    pub nodes: Vec<NodeId>,
    /// A lane's width: a cluster has many nodes (nine in the presets), so the lanes are as narrow as
    /// they must be for the diagram to fit in about [`FIT`] pixels, but no narrower than [`NARROWEST`].
    pub column: i64,
}

/// The width the diagram is made to fit (the stage beside the transcript at 1280×720).
pub const FIT: i64 = 700;
/// The narrowest lane: "Sequencer" above it still clears its neighbours' titles.
pub const NARROWEST: i64 = 72;

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
        match node {
            NodeId::Sequencer => "Sequencer".to_string(),
            n => n.to_string(),
        }
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
            Event::Crashed {
                node,
                hole: Some(p),
                ..
            } => note(*node, format!("✖ crashed: hole at {p}"), Tone::Alarm),
            Event::Crashed { node, .. } => note(*node, "✖ crashed".into(), Tone::Alarm),
            Event::Recovered { node } => note(*node, "↺ back".into(), Tone::Alarm),
            Event::Appended {
                client, position, ..
            } => note(*client, format!("✔ appended at {position}"), Tone::Done),
            Event::Waits {
                client, position, ..
            } => note(*client, format!("waits on {position}"), Tone::Info),
            Event::Filled {
                client,
                position,
                page: Page::Junk,
                ..
            } => note(
                *client,
                format!("✔ filled {position} with junk"),
                Tone::Done,
            ),
            Event::Filled {
                client, position, ..
            } => note(
                *client,
                format!("✔ completed {position}'s chain"),
                Tone::Done,
            ),
            Event::SealStarted { client, epoch, .. } => {
                note(*client, format!("seals for epoch {epoch}"), Tone::Info)
            }
            Event::Overwrote { unit, position, .. } => {
                note(*unit, format!("✖ overwrote {position}"), Tone::Alarm)
            }
            Event::Outpaced { client, epoch } => note(
                *client,
                format!("epoch {epoch} already installed"),
                Tone::Info,
            ),
            Event::SealAnswered { unit, epoch, .. } => {
                note(*unit, format!("sealed e{epoch}"), Tone::Info)
            }
            Event::Rebuilt { epoch, tail } => note(
                NodeId::Sequencer,
                format!("rebuilt: epoch {epoch}, next {tail}"),
                Tone::Info,
            ),
            _ => None,
        }
    }

    fn arrow_class(&self, _from: NodeId, msg: &Msg) -> &'static str {
        if msg.answers().is_some() {
            " reply"
        } else {
            ""
        }
    }

    fn column(&self) -> i64 {
        self.column
    }

    fn title(&self) -> &'static str {
        "Lunch Parliament: CORFU space-time diagram"
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
    use crate::corfu::presets::presets;
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
            // What is still in flight at the end is drawn flying.
            assert_eq!(
                d.arrows.iter().filter(|a| a.end == End::InFlight).count(),
                w.network.in_flight().len(),
                "{}",
                p.name
            );
            let svg = svg(w, h.outcomes(), h.cursor());
            assert_eq!(svg.matches("<g class=\"arrow").count(), sent);
            assert_eq!(svg.matches("class=\"cross\"").count(), lost);
            for n in w.nodes() {
                let title = Words::of(w).lane_title(n);
                assert!(
                    svg.contains(&format!(">{title}</text><line class=\"life\"")),
                    "{title}"
                );
            }
        }
    }

    #[test]
    fn hole_and_fill_is_marked_on_the_lanes() {
        let h = run("Hole and fill");
        let d = build(h.current(), h.outcomes());
        let on = |n: NodeId| -> Vec<&str> {
            d.marks
                .iter()
                .filter(|m| m.node == n)
                .map(|m| m.text.as_str())
                .collect()
        };
        assert!(
            on(NodeId::Client(2)).contains(&"✖ crashed: hole at 1"),
            "{:?}",
            d.marks
        );
        assert!(
            on(NodeId::Client(1)).contains(&"✔ filled 1 with junk"),
            "{:?}",
            d.marks
        );
        assert!(on(NodeId::Client(1))
            .iter()
            .any(|t| t.starts_with("waits on 1")));
        // Answers are told from requests.
        let svg = svg(h.current(), h.outcomes(), 1);
        assert!(svg.contains("class=\"arrow delivered reply\""));
        assert!(svg.contains("<title>Lunch Parliament: CORFU space-time diagram</title>"));
    }

    #[test]
    fn the_presets_fit_beside_the_inspector() {
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

    #[test]
    fn a_users_entry_is_escaped() {
        let mut w = World::lecture_default();
        let c = NodeId::client(0);
        let mut h = History::new(w.clone());
        h.act(crate::corfu::Action::Append {
            client: c,
            value: "<b>&'\"".into(),
        })
        .expect("an append");
        for _ in 0..6 {
            let _ = h.act(crate::corfu::Action::Tick);
        }
        w = h.current().clone();
        let svg = svg(&w, h.outcomes(), h.cursor());
        assert!(!svg.contains("<b>"), "{svg}");
        assert!(svg.contains("&lt;b&gt;&amp;&#39;&quot;"), "{svg}");
    }
}
