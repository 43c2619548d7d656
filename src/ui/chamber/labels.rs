//! What the chamber draws where, as plain data (no Yew, so native tests can check it): the tags on
//! each acceptor, the lines on each podium, and where every messenger label goes.
//!
//! Messenger labels never pile up: messengers between the same pair (in the same direction, walking or
//! parked on a voyage) stack, or collapse into one counted chip ("4 messengers") that lists them when
//! pressed; every label is placed where it covers no node, no leader's name and not the table
//! ([`layout::Board`]).

use super::layout::{self, Block, Board, Point, Rect, Wish, WIDTH};
use lunch_parliament::sim::Messenger;
use lunch_parliament::synod::leader::RoundPhase;
use lunch_parliament::synod::liveness::TimerKind;
use lunch_parliament::synod::{invariants, Msg, NodeId, Variant, World};
use std::collections::{BTreeMap, BTreeSet};

/// How much larger than their drawn size things show: presenting, the page's CSS enlarges messengers
/// (chips 1.25×, their notes at 18 px), nodes (1.12×) and the table's small lines (21.5 px), so the
/// planner makes room for that.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Zoom {
    pub chip: f64,
    pub note: f64,
    pub node: f64,
    pub table: f64,
}

impl Zoom {
    pub const NORMAL: Zoom = Zoom {
        chip: 1.0,
        note: 1.0,
        node: 1.0,
        table: 1.0,
    };
    pub const PRESENTING: Zoom = Zoom {
        chip: 1.25,
        note: 1.5,
        node: 1.12,
        table: 1.27,
    };
}

/// Who is marked how: the running rounds' quorums, the start-round form's picks, the overlap; and how
/// large things show.
pub struct Marks<'a> {
    pub running: BTreeMap<NodeId, Vec<NodeId>>,
    pub picking: Option<&'a BTreeSet<NodeId>>,
    pub overlap: &'a BTreeSet<NodeId>,
    pub zoom: Zoom,
}

impl<'a> Marks<'a> {
    pub fn new(
        w: &World,
        picking: Option<&'a BTreeSet<NodeId>>,
        overlap: &'a BTreeSet<NodeId>,
    ) -> Marks<'a> {
        Marks {
            running: running_quorums(w),
            picking,
            overlap,
            zoom: Zoom::NORMAL,
        }
    }
}

/// The quorums of the rounds running now (`World::round_is_running`: a live leader's current round that
/// has not decided and can still finish), by
/// acceptor: which leaders' running quorums it is in.
pub fn running_quorums(w: &World) -> BTreeMap<NodeId, Vec<NodeId>> {
    let mut out: BTreeMap<NodeId, Vec<NodeId>> = BTreeMap::new();
    for (i, l) in w.leaders.iter().enumerate() {
        if !w.round_is_running(i) {
            continue;
        }
        if let Some(s) = &l.current {
            for a in &s.quorum {
                out.entry(*a).or_default().push(NodeId::leader(i));
            }
        }
    }
    out
}

/// The tags above acceptor `i`, lowest first: (class, words).
pub fn acceptor_tags(w: &World, marks: &Marks<'_>, i: usize) -> Vec<(&'static str, String)> {
    let running = &marks.running;
    let id = NodeId::acceptor(i);
    let mut tags = Vec::new();
    if w.acceptors.get(i).is_some_and(|a| a.crashed) {
        tags.push(("crashed-tag", "✖ crashed".to_string()));
    }
    // Which leader's quorum it is in, the quorum lines show.
    if running.contains_key(&id) {
        tags.push(("quorum-tag", "✓ in quorum".to_string()));
    }
    if marks.overlap.contains(&id) {
        tags.push(("overlap-tag", "in both quorums".to_string()));
    }
    if marks.picking.is_some_and(|q| q.contains(&id)) {
        tags.push(("pick-tag", "+ picked for next round".to_string()));
    }
    tags
}

pub fn vote_text(w: &World, i: usize) -> String {
    w.acceptors
        .get(i)
        .and_then(|a| a.ledger.accepted.as_ref())
        .map_or("accepted —".to_string(), |v| {
            layout::shorten(&v.to_string(), 19.0, 150.0)
        })
}

pub fn decided_badge(w: &World, i: usize) -> Option<String> {
    w.acceptors
        .get(i)
        .and_then(|a| a.ledger.decided.as_ref())
        .map(|v| layout::shorten(&format!("Yay, {v}!"), 18.0, 220.0))
}

/// The words on a leader's podium below its name, as (class, line): at most three lines that fit.
pub fn leader_lines(w: &World, i: usize) -> Vec<(&'static str, String)> {
    let id = NodeId::leader(i);
    let Some(l) = w.leaders.get(i) else {
        return Vec::new();
    };
    let mut parts: Vec<(&'static str, String)> = Vec::new();
    match &l.current {
        None => parts.push(("fact", "idle".to_string())),
        Some(s) => {
            parts.push(("fact", format!("round {}", s.round)));
            let phase = match &s.phase {
                RoundPhase::Preparing => {
                    format!("prepare {}/{}", s.promises.len(), s.need)
                }
                RoundPhase::Proposing { value, accepted } => {
                    format!("propose {value} {}/{}", accepted.len(), s.need)
                }
                RoundPhase::Decided { value } => format!("agreed on {value}"),
            };
            parts.push(("fact", phase));
            if s.preempted.is_some() {
                parts.push(("fact", "preempted".to_string()));
            }
        }
    }
    if l.crashed {
        // Its ledger survives the crash: what it decided, it still knows.
        parts.push((
            "tag crashed-tag",
            l.ledger
                .decided
                .as_ref()
                .map_or("✖ crashed".to_string(), |v| {
                    format!("✖ crashed · decided {v}")
                }),
        ));
    } else if let Some(v) = &l.ledger.decided {
        parts.push(("fact vote", format!("decided {v}")));
    } else if let Some(t) = w.liveness.timer_of(id) {
        let left = t.due.saturating_sub(w.now);
        let words = match t.kind {
            TimerKind::Retry => format!("retries in {left}"),
            _ => format!("times out in {left}"),
        };
        parts.push(("fact timer", words));
    }
    layout::wrap(&parts, LEADER_PX, LEADER_TEXT_W, 3)
}

/// Podium text: size and the width it must fit in (the podium is 260 wide).
pub const LEADER_PX: f64 = 17.0;
pub const LEADER_TEXT_W: f64 = 240.0;
pub const LEADER_NAME_PX: f64 = 25.0;

/// Messengers drawn together. At the finest level, those between the same pair in the same direction,
/// all walking or all on a voyage; where those do not fit, a leader's messengers (each direction, then
/// both), and in a chamber too full for that, all walking ones and all voyaging ones.
pub struct Group<'a> {
    /// Stable across steps while the group lasts (the open list is remembered by it).
    pub key: String,
    pub voyage: bool,
    pub members: Vec<&'a Messenger<NodeId, Msg>>,
    /// One pair: its messengers may stack one by one.
    pub pair: bool,
    wish: Wish,
}

impl Group<'_> {
    pub fn senders(&self) -> Vec<NodeId> {
        distinct(self.members.iter().map(|m| m.from))
    }

    pub fn receivers(&self) -> Vec<NodeId> {
        distinct(self.members.iter().map(|m| m.to))
    }

    /// "down" (from leaders), "up" (to leaders), or "both".
    pub fn direction(&self) -> &'static str {
        if self
            .members
            .iter()
            .all(|m| matches!(m.from, NodeId::Leader(_)))
        {
            "down"
        } else if self
            .members
            .iter()
            .all(|m| matches!(m.to, NodeId::Leader(_)))
        {
            "up"
        } else {
            "both"
        }
    }
}

fn distinct(it: impl Iterator<Item = NodeId>) -> Vec<NodeId> {
    let mut out: Vec<NodeId> = Vec::new();
    for n in it {
        if !out.contains(&n) {
            out.push(n);
        }
    }
    out
}

pub fn on_voyage(w: &World, m: &Messenger<NodeId, Msg>) -> bool {
    m.due_at.saturating_sub(w.now) > 3 * w.config.latency.max
}

/// The node a messenger's group is gathered around at coarser levels: its leader end, if any.
fn hub(m: &Messenger<NodeId, Msg>) -> NodeId {
    if matches!(m.to, NodeId::Leader(_)) {
        m.to
    } else {
        m.from
    }
}

/// How coarsely a hub's messengers are grouped.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Level {
    /// By pair and direction.
    Pair,
    /// By hub and direction.
    Direction,
    /// By hub.
    Hub,
}

fn centroid(points: impl Iterator<Item = Point>) -> Point {
    let (mut x, mut y, mut k) = (0.0, 0.0, 0.0);
    for p in points {
        x += p.x;
        y += p.y;
        k += 1.0;
    }
    if k == 0.0 {
        Point {
            x: WIDTH / 2.0,
            y: 160.0,
        }
    } else {
        Point { x: x / k, y: y / k }
    }
}

type Keyed<'a> = (String, bool, bool, Vec<&'a Messenger<NodeId, Msg>>);

/// Groups `w`'s messengers: by pair for hubs at `Level::Pair`, coarser for the others, or (`all`) one
/// group of walking and one of voyaging messengers.
fn group<'a>(w: &'a World, levels: &BTreeMap<NodeId, Level>, all: bool) -> Vec<Group<'a>> {
    let (n, k) = (w.acceptors.len(), w.leaders.len());
    // (key, voyage, one pair, members)
    let mut keyed: Vec<Keyed<'a>> = Vec::new();
    for m in w.network.in_flight() {
        let voyage = on_voyage(w, m);
        let h = hub(m);
        let dir = if m.from == h { "out" } else { "in" };
        let level = levels.get(&h).copied().unwrap_or(Level::Pair);
        let (key, pair) = if all {
            ("all".to_string(), false)
        } else {
            match level {
                Level::Pair => (format!("{}-{}", m.from, m.to), true),
                Level::Direction => (format!("{h}-{dir}"), false),
                Level::Hub => (h.to_string(), false),
            }
        };
        let key = if voyage { format!("{key}-voyage") } else { key };
        match keyed.iter_mut().find(|(k, ..)| *k == key) {
            Some((.., ms)) => ms.push(m),
            None => keyed.push((key, voyage, pair, vec![m])),
        }
    }
    keyed
        .into_iter()
        .map(|(key, voyage, pair, members)| {
            let first = members[0];
            let wish = if pair {
                let (a, b) = (layout::node(first.from, n, k), layout::node(first.to, n, k));
                let t = if voyage {
                    0.5
                } else {
                    layout::progress(w.now, first.sent_at, first.due_at)
                };
                let side = if matches!(first.from, NodeId::Leader(_)) {
                    16.0
                } else {
                    -16.0
                } + if voyage { 40.0 } else { 0.0 };
                Wish { a, b, t, side }
            } else if all {
                let p = Point {
                    x: WIDTH / 2.0,
                    y: 160.0,
                };
                Wish {
                    a: p,
                    b: p,
                    t: 0.0,
                    side: 0.0,
                }
            } else {
                let h = hub(first);
                let a = layout::node(h, n, k);
                let b = centroid(
                    members
                        .iter()
                        .map(|m| if m.from == h { m.to } else { m.from })
                        .map(|o| layout::node(o, n, k)),
                );
                Wish {
                    a,
                    b,
                    t: if voyage { 0.5 } else { 0.32 },
                    side: 0.0,
                }
            };
            Group {
                key,
                voyage,
                members,
                pair,
                wish,
            }
        })
        .collect()
}

pub fn label(m: &Messenger<NodeId, Msg>) -> String {
    match m.copy_of {
        Some(_) => format!("{} (copy)", m.payload.label()),
        None => m.payload.label(),
    }
}

pub fn voyage_note(m: &Messenger<NodeId, Msg>) -> String {
    format!("on a voyage · due at time {}", m.due_at)
}

/// How a group is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// Each messenger its own chip, stacked (one is a stack of one).
    Stack,
    /// One counted chip that lists its messengers when pressed.
    Counted,
}

/// A group's drawing, placed: the block's centre.
#[derive(Clone, Debug, PartialEq)]
pub struct Placed {
    pub shape: Shape,
    pub at: Point,
    pub block: Block,
}

/// The most messengers drawn one by one in a stack; more collapse into a counted chip.
pub const STACK_MAX: usize = 3;
/// How far from where it would walk a label may be drawn before its group is drawn coarser.
const NEAR: f64 = 300.0;
/// Room under a chip for its voyage note.
const NOTE_ROOM: f64 = 26.0;

pub fn stack_block(g: &Group<'_>, z: Zoom) -> Block {
    let k = g.members.len() as f64;
    let w = g
        .members
        .iter()
        .map(|m| layout::chip_width(&label(m)))
        .fold(0.0, f64::max)
        * z.chip;
    if g.voyage {
        let note = g.members.first().map_or(0.0, |m| {
            layout::text_width(&voyage_note(m), layout::NOTE_PX) * z.note
        });
        Block {
            w: w.max(note),
            h: (layout::CHIP_H + NOTE_ROOM) * z.chip,
        }
    } else {
        Block {
            w,
            h: (k * layout::CHIP_H + (k - 1.0) * layout::CHIP_GAP) * z.chip,
        }
    }
}

pub fn counted_label(g: &Group<'_>) -> String {
    format!("{} messengers", g.members.len())
}

pub fn counted_block(g: &Group<'_>, z: Zoom) -> Block {
    let w = layout::chip_width(&counted_label(g)) * z.chip;
    if g.voyage {
        Block {
            w: w.max(layout::text_width("on a voyage", layout::NOTE_PX) * z.note),
            h: (layout::CHIP_H + NOTE_ROOM) * z.chip,
        }
    } else {
        Block {
            w,
            h: layout::CHIP_H * z.chip,
        }
    }
}

/// What labels must not cover: every node's figure (tags and badge included), the podiums with the
/// leaders' names, and the words on the table.
pub fn obstacles(w: &World, marks: &Marks<'_>, table: &[TableLine]) -> Vec<Rect> {
    let (n, k) = (w.acceptors.len(), w.leaders.len());
    let scale = layout::acceptor_scale(n);
    let mut out: Vec<Rect> = (0..k)
        .map(|i| {
            let b = layout::podium_box(layout::leader(i, k));
            let c = layout::leader(i, k);
            let z = marks.zoom.node;
            Rect {
                x0: c.x + (b.x0 - c.x) * z,
                y0: c.y + (b.y0 - c.y) * z,
                x1: c.x + (b.x1 - c.x) * z,
                y1: c.y + (b.y1 - c.y) * z,
            }
        })
        .collect();
    for i in 0..n {
        let tags: Vec<String> = acceptor_tags(w, marks, i)
            .into_iter()
            .map(|(_, t)| t)
            .collect();
        let badge = decided_badge(w, i);
        out.push(layout::acceptor_box(
            layout::acceptor(i, n),
            scale * marks.zoom.node,
            &tags,
            badge.as_deref(),
            layout::tag_shift(i, n),
        ));
    }
    for line in table {
        let size = if line.class == "table-text" {
            line.size
        } else {
            line.size * marks.zoom.table
        };
        let tw = layout::text_width(&line.words, size);
        out.push(Rect {
            x0: WIDTH / 2.0 - tw / 2.0,
            y0: line.y - size,
            x1: WIDTH / 2.0 + tw / 2.0,
            y1: line.y + 6.0,
        });
    }
    out
}

/// The ways a group may be drawn, preferred first.
fn shapes(g: &Group<'_>, z: Zoom) -> Vec<(Shape, Block)> {
    let k = g.members.len();
    let mut out = Vec::new();
    if k == 1 || (g.pair && !g.voyage && k <= STACK_MAX) {
        out.push((Shape::Stack, stack_block(g, z)));
    }
    if k > 1 {
        out.push((Shape::Counted, counted_block(g, z)));
    }
    out
}

/// Tries to place `gs`: near each one's way, else (`anywhere`) wherever is free nearest it. Fails with
/// the index of the first group that found no room.
fn try_place(
    gs: &[Group<'_>],
    obstacles: &[Rect],
    anywhere: bool,
    z: Zoom,
) -> Result<Vec<Placed>, usize> {
    let mut board = Board::new(obstacles.to_vec());
    let mut out: Vec<Option<Placed>> = vec![None; gs.len()];
    // Big blocks first: they need the room most.
    let mut order: Vec<usize> = (0..gs.len()).collect();
    let area = |g: &Group<'_>| shapes(g, z).first().map_or(0.0, |(_, b)| -(b.w * b.h));
    order.sort_by(|x, y| area(&gs[*x]).total_cmp(&area(&gs[*y])).then(x.cmp(y)));
    for i in order {
        let g = &gs[i];
        let ways = shapes(g, z);
        // Each way in turn (one by one before counted): near its way, else near where it would be,
        // else (a stack, or at coarser levels) anywhere free.
        let found = ways.iter().find_map(|(s, b)| {
            board
                .near_path(b, &g.wish)
                .or_else(|| board.within(b, g.wish.point(), NEAR))
                .or_else(|| {
                    (anywhere || *s == Shape::Stack)
                        .then(|| board.anywhere(b, g.wish.point()))
                        .flatten()
                })
                .map(|p| (*s, b.clone(), p))
        });
        let Some((shape, block, at)) = found else {
            return Err(i);
        };
        board.take(&block, at);
        out[i] = Some(Placed { shape, at, block });
    }
    Ok(out.into_iter().flatten().collect())
}

/// Groups and places every messenger label: by pair where that fits, coarser around a leader whose
/// messengers do not, and as one walking and one voyaging chip in a chamber too full for anything else.
/// In the very last case all of them are one chip, at the free spot nearest a leader (or, in a chamber
/// with no room at all, on it).
pub fn plan<'a>(w: &'a World, obstacles: &[Rect], z: Zoom) -> (Vec<Group<'a>>, Vec<Placed>) {
    let mut levels: BTreeMap<NodeId, Level> = BTreeMap::new();
    loop {
        let gs = group(w, &levels, false);
        let finest = levels.values().all(|l| *l == Level::Pair);
        match try_place(&gs, obstacles, !finest, z) {
            Ok(placed) => return (gs, placed),
            Err(i) => {
                let h = hub(gs[i].members[0]);
                let level = levels.entry(h).or_insert(Level::Pair);
                match *level {
                    Level::Pair => *level = Level::Direction,
                    Level::Direction => *level = Level::Hub,
                    Level::Hub => break,
                }
            }
        }
    }
    let gs = group(w, &levels, true);
    if let Ok(placed) = try_place(&gs, obstacles, true, z) {
        return (gs, placed);
    }
    // One chip for every messenger, wherever there is room for it.
    let mut gs = gs;
    let members: Vec<&Messenger<NodeId, Msg>> = gs.drain(..).flat_map(|g| g.members).collect();
    let Some(first) = members.first() else {
        return (Vec::new(), Vec::new());
    };
    let wish = Wish {
        a: layout::node(hub(first), w.acceptors.len(), w.leaders.len()),
        b: layout::node(hub(first), w.acceptors.len(), w.leaders.len()),
        t: 0.0,
        side: 0.0,
    };
    let gs = vec![Group {
        key: "all".to_string(),
        voyage: false,
        members,
        pair: false,
        wish,
    }];
    let board = Board::new(obstacles.to_vec());
    let (shape, block) = if gs[0].members.len() == 1 {
        (Shape::Stack, stack_block(&gs[0], z))
    } else {
        (Shape::Counted, counted_block(&gs[0], z))
    };
    let at = board
        .anywhere_fine(&block, wish.point())
        .unwrap_or(wish.point());
    let placed = vec![Placed { shape, at, block }];
    (gs, placed)
}

/// The chips of a stack, top to bottom (a voyage's single chip sits above its note).
pub fn stack_points(p: &Placed, k: usize, z: Zoom) -> Vec<Point> {
    let top = p.at.y - p.block.h / 2.0 + layout::CHIP_H * z.chip / 2.0;
    (0..k)
        .map(|j| Point {
            x: p.at.x,
            y: top + j as f64 * (layout::CHIP_H + layout::CHIP_GAP) * z.chip,
        })
        .collect()
}

/// A line of words on the table: its class, baseline and words.
pub struct TableLine {
    pub class: &'static str,
    pub y: f64,
    pub size: f64,
    pub words: String,
}

/// The words on the table: what is chosen (a fact no single node knows) or what a majority is, and
/// what a leader waits for. When a broken variant lets two values be chosen, each has a line with its
/// round and voters.
pub fn table_lines(w: &World) -> Vec<TableLine> {
    let n = w.acceptors.len();
    let chosen = invariants::chosen_values_first(w);
    let voters = |c: &invariants::Chosen| {
        c.voters
            .iter()
            .map(|v| v.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let head = match chosen.as_slice() {
        [c] => format!("On the table: {} is chosen", c.value),
        [] => "Nothing chosen yet".to_string(),
        _ => format!("Broken: {} values are chosen", chosen.len()),
    };
    let subs: Vec<String> = match chosen.as_slice() {
        [] if w.config.variant == Variant::MinorityQuorums => vec![format!(
            "broken variant: quorums may be smaller than a majority ({} of {})",
            w.config.majority(),
            n
        )],
        [] if !w.config.quorums.is_majority() => vec![format!(
            "quorums: {} — {}",
            w.config.quorums.describe(),
            if w.config.quorums.intersect(n) {
                "every phase-1 quorum meets every phase-2 quorum"
            } else {
                "a phase-1 quorum can miss a phase-2 quorum"
            }
        )],
        [] => vec![format!(
            "a majority is {} of {} acceptors",
            w.config.majority(),
            n
        )],
        [c] => vec![format!(
            "round {}, by {} — a fact no single node knows",
            c.round,
            voters(c)
        )],
        // Two chosen values (a broken variant): one line each.
        _ => chosen
            .iter()
            .map(|c| format!("{} in round {}, by {}", c.value, c.round, voters(c)))
            .collect(),
    };
    let mut out = vec![TableLine {
        class: "table-text",
        y: 294.0,
        size: 25.0,
        words: head,
    }];
    let extra = subs.len().saturating_sub(1);
    for (i, words) in subs.into_iter().enumerate() {
        out.push(TableLine {
            class: "table-sub",
            y: if i == 0 {
                320.0
            } else {
                344.0 + 24.0 * (i - 1) as f64
            },
            size: 17.0,
            words,
        });
    }
    out.push(TableLine {
        class: "table-sub quorum-rule",
        y: 346.0 + 24.0 * extra as f64,
        size: 17.0,
        words: format!("a leader waits for {}", w.config.quorum_rule.describe()),
    });
    out
}
