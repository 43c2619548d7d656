//! The space-time diagram, for every protocol: a column (a lane) per node, one row per step (time runs
//! down), one arrow per messenger. A lost messenger ends in a cross, a copy is drawn thick, and what a
//! protocol says is worth seeing on a node's lane (a crash, a recovery, a seal, an acknowledged append)
//! is written beside the lane at its step.
//!
//! Built from the recorded steps' events and drawn as a standalone SVG string, so the page shows exactly
//! the file that "Export" saves. The network's happenings are the kit's [`NetEvent`]s, the same for every
//! protocol; a protocol says the rest through [`DiagramWords`]. Every text is escaped (dish names and log
//! entries are typed by users).

use super::network::{MessengerId, NetEvent};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::{self, Write};

/// What a protocol tells the diagram: its lanes, how a messenger is labelled, which of its events are
/// network happenings and which put a mark on a lane.
pub trait DiagramWords {
    /// A node (a lane).
    type Node: Copy + Ord + fmt::Display;
    /// A message's payload.
    type Msg: Clone;
    /// One of the protocol's events (a step records a list of them).
    type Event;

    /// The lanes, left to right.
    fn lanes(&self) -> Vec<Self::Node>;
    /// A lane's title, above it ("Acceptor 1", "U3").
    fn lane_title(&self, node: Self::Node) -> String;
    /// A messenger's label beside its arrow ("prepare 21", "write 3: junk").
    fn label(&self, msg: &Self::Msg) -> String;
    /// The network happening `event` is, if it is one.
    fn net<'e>(&self, event: &'e Self::Event) -> Option<&'e NetEvent<Self::Node, Self::Msg>>;
    /// The mark `event` puts on a lane, if any ("✖ crashed" on the crashed node).
    fn mark(&self, event: &Self::Event) -> Option<Note<Self::Node>>;
    /// Classes added to an arrow (each with a leading space), so answers can be told from requests
    /// ("" for none).
    fn arrow_class(&self, from: Self::Node, msg: &Self::Msg) -> &'static str;
    /// The width of a lane, in pixels (a protocol with many nodes may draw them narrower, so the
    /// diagram fits beside the inspector without scrolling sideways).
    fn column(&self) -> i64 {
        COLUMN
    }
    /// The SVG's `<title>`.
    fn title(&self) -> &'static str {
        "Lunch Parliament: space-time diagram"
    }
}

/// How a mark reads: an alarm (a crash; the default colour), something done (an append acknowledged),
/// or a plain fact (a seal, a wait).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    Alarm,
    Done,
    Info,
}

impl Tone {
    fn class(self) -> &'static str {
        match self {
            Tone::Alarm => "mark",
            Tone::Done => "mark done",
            Tone::Info => "mark info",
        }
    }
}

/// A mark a protocol puts on a lane.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note<N> {
    pub node: N,
    pub text: String,
    pub tone: Tone,
}

impl<N> Note<N> {
    pub fn new(node: N, text: impl Into<String>, tone: Tone) -> Note<N> {
        Note {
            node,
            text: text.into(),
            tone,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum End {
    Delivered(usize),
    Lost(usize),
    InFlight,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Arrow<N, M> {
    pub id: MessengerId,
    pub from: N,
    pub to: N,
    pub msg: M,
    pub sent: usize,
    pub end: End,
    pub copy_of: Option<MessengerId>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mark<N> {
    pub step: usize,
    pub node: N,
    pub text: String,
    pub tone: Tone,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagram<N, M> {
    pub nodes: Vec<N>,
    /// Steps drawn (the cursor).
    pub steps: usize,
    pub arrows: Vec<Arrow<N, M>>,
    pub marks: Vec<Mark<N>>,
}

/// The diagram of `steps`, each the events of one recorded step (step `i + 1` is the `i`-th). Two marks
/// on one lane in one step are written as one ("✔ appended 2 · waits on 3"), so they never overprint.
pub fn build<'e, W, I>(words: &W, steps: I) -> Diagram<W::Node, W::Msg>
where
    W: DiagramWords,
    W::Event: 'e,
    I: IntoIterator<Item = &'e [W::Event]>,
{
    let mut arrows: Vec<Arrow<W::Node, W::Msg>> = Vec::new();
    let mut index: BTreeMap<MessengerId, usize> = BTreeMap::new();
    let mut marks: Vec<Mark<W::Node>> = Vec::new();
    let mut count = 0;
    for (i, events) in steps.into_iter().enumerate() {
        let s = i + 1;
        count = s;
        for e in events {
            match words.net(e) {
                Some(NetEvent::Sent {
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
                Some(NetEvent::Delivered { id, .. }) => {
                    if let Some(a) = index.get(id).and_then(|&k| arrows.get_mut(k)) {
                        a.end = End::Delivered(s);
                    }
                }
                Some(NetEvent::Lost { id, .. }) => {
                    if let Some(a) = index.get(id).and_then(|&k| arrows.get_mut(k)) {
                        a.end = End::Lost(s);
                    }
                }
                Some(NetEvent::Delayed { .. }) => {}
                None => {
                    if let Some(n) = words.mark(e) {
                        match marks
                            .iter_mut()
                            .rev()
                            .take_while(|m| m.step == s)
                            .find(|m| m.node == n.node)
                        {
                            Some(m) => {
                                m.text.push_str(" · ");
                                m.text.push_str(&n.text);
                            }
                            None => marks.push(Mark {
                                step: s,
                                node: n.node,
                                text: n.text,
                                tone: n.tone,
                            }),
                        }
                    }
                }
            }
        }
    }
    Diagram {
        nodes: words.lanes(),
        steps: count,
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
/// A lane's width unless the protocol says otherwise ([`DiagramWords::column`]).
pub const COLUMN: i64 = 120;
pub const ROW: i64 = 26;
pub const LEFT: i64 = 56;
pub const TOP: i64 = 44;

/// About how wide a character of a mark is (12 px bold), to tell whether it fits.
const MARK_CHAR: i64 = 7;

fn y(step: usize) -> i64 {
    TOP + step as i64 * ROW - ROW / 2
}

/// The diagram's own style, so an exported file looks the same. The page's Content-Security-Policy allows
/// this exact text by its hash (tools/csp.mjs reads the same file, where the Synod kept it first).
pub const STYLE: &str = include_str!("../synod/diagram.css");

/// The diagram as a standalone SVG document, step `current` highlighted.
pub fn to_svg<W: DiagramWords>(words: &W, d: &Diagram<W::Node, W::Msg>, current: usize) -> String {
    let column = words.column().max(1);
    let col = |n: W::Node| {
        let i = d.nodes.iter().position(|m| *m == n).unwrap_or(0);
        LEFT + column * i as i64 + column / 2
    };
    let width = LEFT + column * d.nodes.len() as i64 + 10;
    let height = TOP + ROW * d.steps.max(1) as i64 + 16;
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"spacetime\" width=\"{width}\" height=\"{height}\" \
viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"Space-time diagram, {} steps, {} messengers\">\
<title>{}</title><style>{STYLE}</style>\
<defs><marker id=\"head\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\">\
<path d=\"M0 0L10 5L0 10z\" fill=\"#2b2118\"/></marker></defs>",
        d.steps,
        d.arrows.len(),
        escape(words.title()),
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
            escape(&words.lane_title(n)),
            TOP - 8,
            height - 8
        );
    }
    // A node fans the same message out in one step (a leader to its quorum): one label for the fan
    // ("prepare 21 ×3"), on its first arrow, so the copies' labels do not pile up on each other.
    let mut fans: BTreeMap<(usize, W::Node, String), usize> = BTreeMap::new();
    for a in &d.arrows {
        *fans
            .entry((a.sent, a.from, words.label(&a.msg)))
            .or_default() += 1;
    }
    let mut labelled = BTreeSet::new();
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
        let side = words.arrow_class(a.from, &a.msg);
        let copy = if a.copy_of.is_some() { " copy" } else { "" };
        let plain = words.label(&a.msg);
        let label = match a.copy_of {
            Some(orig) => format!("{plain} (copy of {orig})"),
            None => plain.clone(),
        };
        let fan = (a.sent, a.from, plain);
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
            escape(&a.from.to_string()),
            escape(&a.to.to_string()),
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
    // The sides of each lane that arrows use at each step: (node, step) → (left, right).
    let mut busy: BTreeMap<(W::Node, usize), (bool, bool)> = BTreeMap::new();
    for a in &d.arrows {
        let mut touch = |n: W::Node, step: usize, other: W::Node| {
            let e = busy.entry((n, step)).or_default();
            match col(other).cmp(&col(n)) {
                std::cmp::Ordering::Less => e.0 = true,
                std::cmp::Ordering::Greater => e.1 = true,
                std::cmp::Ordering::Equal => {}
            }
        };
        touch(a.from, a.sent, a.to);
        if let End::Delivered(e) = a.end {
            touch(a.to, e, a.from);
        }
    }
    for m in &d.marks {
        // Beside the lane, on its right, unless that side is where the step's arrows meet the lane
        // (and the left is free) or the mark is too long for the room before the drawing's edge: then
        // on its left, clear of an arrowhead arriving there, if it fits there.
        let x = col(m.node);
        let long = m.text.chars().count() as i64 * MARK_CHAR;
        let (left_busy, right_busy) = busy.get(&(m.node, m.step)).copied().unwrap_or_default();
        let fits_left = long <= x - 12 - LEFT + 8;
        let fits_right = long <= width - (x + 6);
        let left = fits_left && (!fits_right || (right_busy && !left_busy));
        let (x, anchor) = if left {
            (x - 12, " text-anchor=\"end\"")
        } else {
            (x + 6, "")
        };
        let _ = write!(
            s,
            "<text class=\"{}\" x=\"{x}\" y=\"{}\"{anchor}>{}</text>",
            m.tone.class(),
            y(m.step) + 4,
            escape(&m.text)
        );
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::LossCause;

    /// A protocol of two lanes, `a` and `b`, whose messages are words.
    struct Toy;

    enum Ev {
        Net(NetEvent<char, String>),
        Fell(char),
        Rose(char),
    }

    impl DiagramWords for Toy {
        type Node = char;
        type Msg = String;
        type Event = Ev;
        fn lanes(&self) -> Vec<char> {
            vec!['a', 'b']
        }
        fn lane_title(&self, n: char) -> String {
            format!("<{n}>")
        }
        fn label(&self, m: &String) -> String {
            m.clone()
        }
        fn net<'e>(&self, e: &'e Ev) -> Option<&'e NetEvent<char, String>> {
            match e {
                Ev::Net(n) => Some(n),
                _ => None,
            }
        }
        fn mark(&self, e: &Ev) -> Option<Note<char>> {
            match e {
                Ev::Fell(n) => Some(Note::new(*n, "fell", Tone::Alarm)),
                Ev::Rose(n) => Some(Note::new(*n, "rose & shone", Tone::Done)),
                Ev::Net(_) => None,
            }
        }
        fn arrow_class(&self, from: char, _: &String) -> &'static str {
            if from == 'b' {
                " reply"
            } else {
                ""
            }
        }
    }

    fn sent(id: u64, from: char, to: char, msg: &str) -> Ev {
        Ev::Net(NetEvent::Sent {
            id: MessengerId(id),
            from,
            to,
            msg: msg.into(),
            due: 0,
            copy_of: None,
        })
    }

    #[test]
    fn arrows_end_where_their_messengers_did() {
        let steps = [
            vec![sent(1, 'a', 'b', "hi"), sent(2, 'a', 'b', "hi")],
            vec![
                Ev::Net(NetEvent::Delivered {
                    id: MessengerId(1),
                    from: 'a',
                    to: 'b',
                    msg: "hi".into(),
                }),
                sent(3, 'b', 'a', "<yo>"),
                Ev::Fell('b'),
                Ev::Rose('b'),
            ],
            vec![Ev::Net(NetEvent::Lost {
                id: MessengerId(2),
                from: 'a',
                to: 'b',
                msg: "hi".into(),
                cause: LossCause::Dropped,
            })],
        ];
        let d = build(&Toy, steps.iter().map(Vec::as_slice));
        assert_eq!(d.steps, 3);
        let ends: Vec<_> = d.arrows.iter().map(|a| a.end.clone()).collect();
        assert_eq!(ends, [End::Delivered(2), End::Lost(3), End::InFlight]);
        // Two marks on one lane in one step are one text.
        assert_eq!(d.marks.len(), 1);
        assert_eq!(d.marks[0].text, "fell · rose & shone");
        let svg = to_svg(&Toy, &d, 2);
        assert_eq!(svg.matches("<g class=\"arrow").count(), 3);
        assert_eq!(svg.matches("class=\"cross\"").count(), 1);
        assert_eq!(svg.matches("class=\"arrow flying reply\"").count(), 1);
        assert_eq!(svg.matches(">hi ×2</text>").count(), 1, "{svg}");
        assert!(svg.contains(">&lt;yo&gt;</text>"));
        assert!(svg.contains(">&lt;a&gt;</text>"));
        assert!(svg.contains(">fell · rose &amp; shone</text>"));
        assert!(svg.contains("<rect class=\"row current\" data-step=\"2\""));
        // On the last lane a long mark is written to the lane's left, inside the drawing.
        assert!(
            svg.contains("x=\"224\" y=\"87\" text-anchor=\"end\">fell · rose &amp; shone</text>"),
            "{svg}"
        );
    }

    #[test]
    fn a_mark_keeps_off_the_side_its_arrows_use() {
        let steps = [
            vec![sent(1, 'a', 'b', "hi"), Ev::Fell('a')],
            vec![Ev::Fell('a')],
        ];
        let svg = to_svg(&Toy, &build(&Toy, steps.iter().map(Vec::as_slice)), 0);
        // Step 1: the arrow leaves to the right, so the mark is on the left; step 2: on the right.
        assert!(
            svg.contains("x=\"104\" y=\"61\" text-anchor=\"end\">fell</text>"),
            "{svg}"
        );
        assert!(svg.contains("x=\"122\" y=\"87\">fell</text>"), "{svg}");
    }

    #[test]
    fn an_empty_run_is_a_valid_drawing() {
        let d = build(&Toy, std::iter::empty::<&[Ev]>());
        let svg = to_svg(&Toy, &d, 0);
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.ends_with("</svg>"));
        assert_eq!(svg.matches("class=\"head\"").count(), 2);
    }
}
