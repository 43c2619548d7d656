//! The Synod's words for the kit's space-time diagram ([`crate::sim::diagram`]): a lane per acceptor
//! and leader ("Acceptor 1", "Leader 2"), messengers labelled as in the chamber ("prepare 21"),
//! acceptors' answers in a colour of their own, crashes and recoveries marked.

use super::event::Event;
use super::message::Msg;
use super::node::NodeId;
use super::world::{Step, World};
use crate::sim::diagram::{self as kit, DiagramWords, Note, Tone};
use crate::sim::NetEvent;

pub use crate::sim::diagram::{escape, End, COLUMN, LEFT, ROW, TOP};

pub type Arrow = kit::Arrow<NodeId, Msg>;
pub type Mark = kit::Mark<NodeId>;
pub type Diagram = kit::Diagram<NodeId, Msg>;

/// The Synod's lanes and words: `leaders` says whether a leader is "Leader" or "Leader 2".
pub struct Words {
    pub nodes: Vec<NodeId>,
    pub leaders: usize,
}

impl DiagramWords for Words {
    type Node = NodeId;
    type Msg = Msg;
    type Event = Event;

    fn lanes(&self) -> Vec<NodeId> {
        self.nodes.clone()
    }

    fn lane_title(&self, node: NodeId) -> String {
        node.speaker(self.leaders)
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
        match event {
            Event::Crashed { node, .. } => Some(Note::new(*node, "✖ crashed", Tone::Alarm)),
            Event::Recovered { node, .. } => Some(Note::new(*node, "↺ back", Tone::Alarm)),
            _ => None,
        }
    }

    fn arrow_class(&self, from: NodeId, _msg: &Msg) -> &'static str {
        match from {
            NodeId::Acceptor(_) => " from-acceptor",
            NodeId::Leader(_) => "",
        }
    }
}

/// The diagram of `steps` (step `i + 1` is `steps[i]`).
pub fn build(nodes: Vec<NodeId>, steps: &[Step]) -> Diagram {
    let words = Words { nodes, leaders: 0 };
    kit::build(&words, steps.iter().map(|s| s.events.as_slice()))
}

/// The diagram as a standalone SVG document, `current` highlighted.
pub fn to_svg(d: &Diagram, leaders: usize, current: usize) -> String {
    let words = Words {
        nodes: d.nodes.clone(),
        leaders,
    };
    kit::to_svg(&words, d, current)
}

/// The diagram of `world`'s run up to `steps`, drawn.
pub fn svg(world: &World, steps: &[Step], current: usize) -> String {
    to_svg(&build(world.nodes(), steps), world.leaders.len(), current)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::preset;

    #[test]
    fn one_arrow_per_messenger_with_lost_and_copies_marked() {
        let mut s = preset("stale-leader")
            .and_then(|p| p.scenario().ok())
            .expect("preset");
        s.step = None;
        let h = s.replay().expect("replays");
        let w = h.current();
        let d = build(w.nodes(), h.outcomes());
        assert_eq!(
            d.arrows.len() as u64,
            w.network.stats.sent + w.network.stats.duplicated
        );
        let lost = d
            .arrows
            .iter()
            .filter(|a| matches!(a.end, End::Lost(_)))
            .count();
        assert_eq!(lost as u64, w.network.stats.dropped);
        assert_eq!(d.marks.len(), 2, "A4 crashes and recovers");
        let svg = to_svg(&d, 2, 3);
        assert_eq!(svg.matches("<g class=\"arrow").count(), d.arrows.len());
        assert_eq!(svg.matches("class=\"cross\"").count(), lost);
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.ends_with("</svg>"));
    }

    #[test]
    fn a_fan_out_has_one_label() {
        let s = preset("one-round")
            .and_then(|p| p.scenario().ok())
            .expect("preset");
        let mut s = s;
        s.step = None;
        let h = s.replay().expect("replays");
        let d = build(h.current().nodes(), h.outcomes());
        let svg = to_svg(&d, 1, 1);
        // L1 sends prepare 1 to three acceptors in one step: one label for the three arrows.
        assert_eq!(svg.matches(">prepare 1 ×3</text>").count(), 1, "{svg}");
        assert_eq!(svg.matches(">prepare 1</text>").count(), 0);
        // Each arrow keeps its own title.
        assert_eq!(svg.matches(": prepare 1</title>").count(), 3);
    }

    #[test]
    fn names_are_escaped() {
        assert_eq!(
            escape("<img src=x onerror=alert(1)> & 'q'"),
            "&lt;img src=x onerror=alert(1)&gt; &amp; &#39;q&#39;"
        );
    }
}
