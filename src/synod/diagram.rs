//! The space-time diagram: a column per node, one row per step (time runs down), one arrow per
//! messenger. A lost messenger ends in a cross, a duplicate is marked, crashes and recoveries are marked.
//!
//! Built from the recorded steps and drawn as a standalone SVG string, so the page shows exactly the
//! file that "Export" saves. Every user-supplied text (dish names) is escaped.

use super::event::Event;
use super::message::Msg;
use super::node::NodeId;
use super::world::Step;
use crate::sim::MessengerId;
use crate::sim::NetEvent;
use std::collections::BTreeMap;
use std::fmt::Write;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum End {
    Delivered(usize),
    Lost(usize),
    InFlight,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Arrow {
    pub id: MessengerId,
    pub from: NodeId,
    pub to: NodeId,
    pub msg: Msg,
    pub sent: usize,
    pub end: End,
    pub copy_of: Option<MessengerId>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mark {
    pub step: usize,
    pub node: NodeId,
    pub text: &'static str,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagram {
    pub nodes: Vec<NodeId>,
    /// Steps drawn (the cursor).
    pub steps: usize,
    pub arrows: Vec<Arrow>,
    pub marks: Vec<Mark>,
}

/// The diagram of `steps` (step `i + 1` is `steps[i]`).
pub fn build(nodes: Vec<NodeId>, steps: &[Step]) -> Diagram {
    let mut arrows: Vec<Arrow> = Vec::new();
    let mut index: BTreeMap<MessengerId, usize> = BTreeMap::new();
    let mut marks = Vec::new();
    for (i, step) in steps.iter().enumerate() {
        let s = i + 1;
        for e in &step.events {
            match e {
                Event::Net(NetEvent::Sent {
                    id,
                    from,
                    to,
                    msg,
                    copy_of,
                    ..
                }) => {
                    index.insert(*id, arrows.len());
                    arrows.push(Arrow {
                        id: *id,
                        from: *from,
                        to: *to,
                        msg: msg.clone(),
                        sent: s,
                        end: End::InFlight,
                        copy_of: *copy_of,
                    });
                }
                Event::Net(NetEvent::Delivered { id, .. }) => {
                    if let Some(a) = index.get(id).and_then(|&k| arrows.get_mut(k)) {
                        a.end = End::Delivered(s);
                    }
                }
                Event::Net(NetEvent::Lost { id, .. }) => {
                    if let Some(a) = index.get(id).and_then(|&k| arrows.get_mut(k)) {
                        a.end = End::Lost(s);
                    }
                }
                Event::Crashed { node, .. } => marks.push(Mark {
                    step: s,
                    node: *node,
                    text: "✖ crashed",
                }),
                Event::Recovered { node, .. } => marks.push(Mark {
                    step: s,
                    node: *node,
                    text: "↺ back",
                }),
                _ => {}
            }
        }
    }
    Diagram {
        nodes,
        steps: steps.len(),
        arrows,
        marks,
    }
}

/// Escapes text for XML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

// Whole numbers only: integer formatting keeps float formatting code out of the wasm.
pub const COLUMN: i64 = 120;
pub const ROW: i64 = 26;
pub const LEFT: i64 = 56;
pub const TOP: i64 = 44;

fn y(step: usize) -> i64 {
    TOP + step as i64 * ROW - ROW / 2
}

/// The diagram's own style, so an exported file looks the same. The page's Content-Security-Policy allows
/// this exact text by its hash (tools/csp.mjs reads the same file).
const STYLE: &str = include_str!("diagram.css");

/// The diagram as a standalone SVG document, `current` highlighted.
pub fn to_svg(d: &Diagram, leaders: usize, current: usize) -> String {
    let col = |n: NodeId| {
        let i = d.nodes.iter().position(|m| *m == n).unwrap_or(0);
        LEFT + COLUMN * i as i64 + COLUMN / 2
    };
    let width = LEFT + COLUMN * d.nodes.len() as i64 + 10;
    let height = TOP + ROW * d.steps.max(1) as i64 + 16;
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"spacetime\" width=\"{width}\" height=\"{height}\" \
viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"Space-time diagram, {} steps, {} messengers\">\
<title>Lunch Parliament: space-time diagram</title><style>{STYLE}</style>\
<defs><marker id=\"head\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\">\
<path d=\"M0 0L10 5L0 10z\" fill=\"#2b2118\"/></marker></defs>",
        d.steps,
        d.arrows.len()
    );
    for step in 1..=d.steps {
        let cls = if step == current {
            "row current"
        } else {
            "row"
        };
        let _ = write!(
            s,
            "<rect class=\"{cls}\" data-step=\"{step}\" x=\"0\" y=\"{}\" width=\"{width}\" height=\"{ROW}\"/>\
<text class=\"stepno\" x=\"{}\" y=\"{}\">{step}</text>",
            y(step) - ROW / 2,
            LEFT - 8,
            y(step) + 4
        );
    }
    for &n in &d.nodes {
        let x = col(n);
        let _ = write!(
            s,
            "<text class=\"head\" x=\"{x}\" y=\"{}\">{}</text><line class=\"life\" x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\"/>",
            TOP - 18,
            escape(&n.speaker(leaders)),
            TOP - 8,
            height - 8
        );
    }
    // A leader fans the same message out to its quorum in one step: one label for the fan ("prepare 21
    // ×3"), on its first arrow, so the copies' labels do not pile up on each other.
    let mut fans: BTreeMap<(usize, NodeId, String), usize> = BTreeMap::new();
    for a in &d.arrows {
        *fans.entry((a.sent, a.from, a.msg.label())).or_default() += 1;
    }
    let mut labelled = std::collections::BTreeSet::new();
    for a in &d.arrows {
        let (x1, y1) = (col(a.from), y(a.sent));
        let (x2, y2, kind) = match a.end {
            End::Delivered(e) => (col(a.to), y(e), "delivered"),
            End::Lost(e) => ((col(a.from) + col(a.to)) / 2, y(e), "lost"),
            End::InFlight => (
                (col(a.from) + col(a.to)) / 2,
                y(d.steps) + ROW / 2,
                "flying",
            ),
        };
        let side = match a.from {
            NodeId::Acceptor(_) => " from-acceptor",
            NodeId::Leader(_) => "",
        };
        let copy = if a.copy_of.is_some() { " copy" } else { "" };
        let label = match a.copy_of {
            Some(orig) => format!("{} (copy of {orig})", a.msg.label()),
            None => a.msg.label(),
        };
        let fan = (a.sent, a.from, a.msg.label());
        let drawn = match fans.get(&fan) {
            _ if a.copy_of.is_some() => label.clone(),
            Some(&n) if n > 1 => {
                if labelled.insert(fan) {
                    format!("{label} ×{n}")
                } else {
                    String::new()
                }
            }
            _ => label.clone(),
        };
        let head = if kind == "delivered" {
            " marker-end=\"url(#head)\""
        } else {
            ""
        };
        let _ = write!(
            s,
            "<g class=\"arrow {kind}{side}{copy}\" data-id=\"{}\"><title>{} {} → {}: {}</title>\
<line x1=\"{x1}\" y1=\"{y1}\" x2=\"{x2}\" y2=\"{y2}\"{head}/>",
            a.id.0,
            a.id,
            a.from,
            a.to,
            escape(&label),
        );
        if !drawn.is_empty() {
            let _ = write!(
                s,
                "<text x=\"{}\" y=\"{}\">{}</text>",
                (x1 + x2) / 2 + 4,
                (y1 + y2) / 2 - 3,
                escape(&drawn)
            );
        }
        if kind == "lost" {
            let _ = write!(
                s,
                "<path class=\"cross\" d=\"M{} {}l10 10M{} {}l-10 10\"/>",
                x2 - 5,
                y2 - 5,
                x2 + 5,
                y2 - 5
            );
        }
        s.push_str("</g>");
    }
    for m in &d.marks {
        let _ = write!(
            s,
            "<text class=\"mark\" x=\"{}\" y=\"{}\">{}</text>",
            col(m.node) + 6,
            y(m.step) + 4,
            m.text
        );
    }
    s.push_str("</svg>");
    s
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
